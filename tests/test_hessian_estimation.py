"""checks.hessian_estimation against NumPy eigendecompositions, vectorized sign enumeration and
Gauss–Hermite quadrature."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from checks import hessian_estimation as he


def test_float_power_iteration_finds_the_largest_modulus_eigenvector():
    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.standard_normal((5, 5)))
    lam = np.array([-4.0, 3.0, 1.0, -0.5, 0.2])
    H = (Q * lam) @ Q.T
    H = (H + H.T) / 2
    u = he.power_iterates(H, rng.standard_normal(5), 200)[-1]
    w, V = np.linalg.eigh(H)
    top = V[:, np.argmax(np.abs(w))]
    assert abs(abs(u @ top) - 1) < 1e-12
    assert he.rayleigh(H, u) == pytest.approx(-4.0, abs=1e-12)
    assert he.tan2_to_subspace(u, top) < 1e-20


def test_exact_iterates_are_unnormalized_powers():
    H = np.array([[Fraction(1), Fraction(0)], [Fraction(0), Fraction(-3)]], dtype=object)
    u0 = np.array([Fraction(1), Fraction(1)], dtype=object)
    us = he.power_iterates(H, u0, 3)
    assert list(us[3]) == [1, -27]
    assert he.rayleigh(H, us[3]) == Fraction(1 - 3 * 27 ** 2, 1 + 27 ** 2)
    assert he.tan2_to_subspace(us[3], np.array([1, 0], dtype=object)) == 27 ** 2


def _sym(rng: np.random.Generator, d: int) -> np.ndarray:
    A = rng.standard_normal((d, d))
    return (A + A.T) / 2


@pytest.mark.parametrize("d", [1, 2, 4])
def test_rademacher_moments_match_vectorized_enumeration(d):
    H = _sym(np.random.default_rng(d), d)
    Z = np.array(list(itertools.product([-1.0, 1.0], repeat=d)))
    q = np.einsum("ni,ij,nj->n", Z, H, Z)
    mean, var = he.quadratic_form_moments(H, he.RADEMACHER)
    assert mean == pytest.approx(q.mean(), abs=1e-12)
    assert var == pytest.approx(q.var(), abs=1e-11)


@pytest.mark.parametrize("d", [1, 3])
def test_gaussian_law_matches_gauss_hermite_quadrature(d):
    H = _sym(np.random.default_rng(10 + d), d)
    nodes, weights = np.polynomial.hermite_e.hermegauss(5)
    weights = weights / weights.sum()
    mean = second = 0.0
    for idx in itertools.product(range(5), repeat=d):
        z = nodes[list(idx)]
        p = np.prod(weights[list(idx)])
        q = z @ H @ z
        mean += p * q
        second += p * q * q
    m, v = he.quadratic_form_moments(H, he.GAUSSIAN_MOMENTS)
    assert m == pytest.approx(mean, abs=1e-11)
    assert v == pytest.approx(second - mean ** 2, abs=1e-10)


def test_malformed_inputs_raise():
    with pytest.raises(ValueError, match="symmetric"):
        he.power_iterates(np.array([[1.0, 1.0], [0.0, 1.0]]), np.ones(2), 2)
    with pytest.raises(ValueError, match="nonzero"):
        he.power_iterates(np.eye(2), np.zeros(2), 2)
    with pytest.raises(ValueError, match="orthogonal"):
        he.tan2_to_subspace(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match="sum to 1"):
        he.FiniteLaw((0, 1), (Fraction(1, 2), Fraction(1, 3)))
