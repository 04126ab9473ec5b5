"""checks.factorization against torch autograd, finite differences and SciPy's Procrustes solver."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import scipy.linalg
import torch

from checks import factorization as fz


def _sym(rng: np.random.Generator, d: int) -> np.ndarray:
    A = rng.standard_normal((d, d))
    return (A + A.T) / 2


@pytest.mark.parametrize("r", [1, 2, 3])
def test_gradient_and_hessian_form_match_autograd(r):
    rng = np.random.default_rng(r)
    d = 5
    M, X, D = _sym(rng, d), rng.standard_normal((d, r)), rng.standard_normal((d, r))
    Xt = torch.tensor(X, dtype=torch.float64, requires_grad=True)
    Mt = torch.tensor(M, dtype=torch.float64)
    f = ((Mt - Xt @ Xt.T) ** 2).sum() / 4
    (g,) = torch.autograd.grad(f, Xt, create_graph=True)
    (hd,) = torch.autograd.grad((g * torch.tensor(D)).sum(), Xt)
    assert fz.objective(M, X) == pytest.approx(f.item(), rel=1e-12)
    np.testing.assert_allclose(fz.gradient(M, X), g.detach().numpy(), rtol=1e-11, atol=1e-11)
    assert fz.hessian_form(M, X, D) == pytest.approx(float((hd.numpy() * D).sum()), rel=1e-10)


def test_vector_hessian_matches_finite_differences_and_form():
    rng = np.random.default_rng(7)
    d = 4
    M, x = _sym(rng, d), rng.standard_normal(d)
    h = 1e-6
    H_fd = np.stack([(fz.gradient(M, x + h * e) - fz.gradient(M, x - h * e)) / (2 * h) for e in np.eye(d)])
    np.testing.assert_allclose(fz.hessian(M, x), H_fd, atol=1e-7)
    D = rng.standard_normal(d)
    assert fz.hessian_form(M, x, D) == pytest.approx(D @ fz.hessian(M, x) @ D, rel=1e-12)
    assert fz.gradient(M, x).shape == x.shape


def test_exact_arithmetic_on_fractions():
    M = np.array([[Fraction(2), Fraction(1, 2)], [Fraction(1, 2), Fraction(-1)]], dtype=object)
    x = np.array([Fraction(1, 3), Fraction(-2)], dtype=object)
    f = fz.objective(M, x)
    assert isinstance(f, Fraction)
    R = M - np.outer(x, x)
    assert f == sum(v * v for v in R.flat) / 4
    assert all(isinstance(v, Fraction) for v in fz.hessian(M, x).flat)


def test_procrustes_matches_scipy():
    rng = np.random.default_rng(3)
    X, Z = rng.standard_normal((6, 3)), rng.standard_normal((6, 3))
    R = fz.procrustes(X, Z)
    R_ref, _ = scipy.linalg.orthogonal_procrustes(Z, X)
    np.testing.assert_allclose(R, R_ref, atol=1e-12)
    np.testing.assert_allclose(R.T @ R, np.eye(3), atol=1e-12)
    S = (Z @ R).T @ X
    np.testing.assert_allclose(S, S.T, atol=1e-12)
    assert np.linalg.eigvalsh((S + S.T) / 2).min() >= -1e-12


def test_malformed_inputs_raise():
    with pytest.raises(ValueError, match="symmetric"):
        fz.objective(np.array([[1.0, 2.0], [0.0, 1.0]]), np.ones(2))
    with pytest.raises(ValueError, match="rows"):
        fz.gradient(np.eye(3), np.ones(2))
    with pytest.raises(ValueError, match="vector"):
        fz.hessian(np.eye(3), np.ones((3, 2)))
    with pytest.raises(ValueError, match="shape"):
        fz.hessian_form(np.eye(3), np.ones((3, 2)), np.ones((3, 1)))
    with pytest.raises(ValueError, match="same shape"):
        fz.procrustes(np.ones((3, 2)), np.ones((3, 1)))
