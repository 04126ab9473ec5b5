"""Tests of checks.kernels (feature maps, kernels, the PSD eigendecomposition) and of the strategies in
checks.strategies.kernels, against closed forms, SciPy and symbolic expansion."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from scipy.spatial.distance import cdist

from checks.kernels import (PolynomialFeatures, RandomFourierFeatures, gaussian_kernel, kernel_matrix,
                            polynomial_kernel, psd_eigh)
from checks.strategies.kernels import (RANK_RCOND, feature_maps, kernel_gd_problems, positive_spectrum,
                                       projection_problems, regularized_problems, sample_points)

FEW = settings(max_examples=20, database=None, deadline=None, derandomize=True,
               suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("d, p, offset", [(1, 3, 1.0), (2, 2, 1.0), (3, 3, 1.0), (2, 4, 0.5), (3, 2, 0.0),
                                          (4, 3, 0.0), (2, 1, 0.0), (5, 2, 2.0)])
def test_polynomial_features_reproduce_the_kernel(d, p, offset):
    rng = np.random.default_rng(d * 10 + p)
    X, Z = rng.uniform(-1, 1, (5, d)), rng.uniform(-1, 1, (4, d))
    f = PolynomialFeatures(d, p, offset)
    assert f(X).shape == (5, f.dim) == (5, len(f.exponents))
    assert f.dim == (comb(d + p - 1, p) if offset == 0 else comb(d + p, p))
    ref = (offset + X @ Z.T) ** p
    np.testing.assert_allclose(f(X) @ f(Z).T, ref, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(f.kernel(X, Z), ref, rtol=1e-14)


def test_polynomial_feature_weights_match_the_multinomial_expansion():
    x1, x2, z1, z2 = sympy.symbols("x1 x2 z1 z2")
    expanded = sympy.Poly(sympy.expand((1 + x1 * z1 + x2 * z2) ** 3), x1, x2)
    f = PolynomialFeatures(2, 3)
    for k, w in zip(f.exponents, f.weights):
        coeff = expanded.coeff_monomial(x1 ** int(k[0]) * x2 ** int(k[1]))
        assert sympy.simplify(coeff - (z1 ** int(k[0]) * z2 ** int(k[1])) * sympy.Rational(round(w * w))) == 0


def test_random_fourier_features_are_exact_inner_products_and_estimate_the_gaussian():
    rng = np.random.default_rng(0)
    X, Z = rng.uniform(-1, 1, (6, 3)), rng.uniform(-1, 1, (5, 3))
    f = RandomFourierFeatures(3, 20000, 0.8, seed=7)
    np.testing.assert_allclose(f(X) @ f(Z).T, f.kernel(X, Z), atol=1e-12)
    # Hoeffding: each cos term lies in [-1, 1], so P(|error| > 0.05) <= 2 exp(-20000 0.05^2 / 2) ~ 1e-11
    assert np.max(np.abs(f.kernel(X, Z) - f.target(X, Z))) < 0.05
    same = RandomFourierFeatures(3, 20000, 0.8, seed=7)
    np.testing.assert_array_equal(same.frequencies, f.frequencies)
    assert f.dim == 40000


def test_gaussian_kernel_matches_scipy():
    rng = np.random.default_rng(1)
    X, Z = rng.standard_normal((4, 2)), rng.standard_normal((3, 2))
    np.testing.assert_allclose(gaussian_kernel(X, Z, 1.7), np.exp(-cdist(X, Z, "sqeuclidean") / (2 * 1.7**2)),
                               rtol=1e-14)


def test_kernel_matrix_is_symmetric():
    rng = np.random.default_rng(2)
    X = rng.uniform(-1, 1, (5, 2))
    for f in (PolynomialFeatures(2, 3), RandomFourierFeatures(2, 7, 1.0, seed=3)):
        K = kernel_matrix(f, X)
        np.testing.assert_array_equal(K, K.T)
        np.testing.assert_allclose(kernel_matrix(f, X, X[:2]), f(X) @ f(X[:2]).T, atol=1e-12)


def test_psd_eigh_reconstructs_and_drops_the_null_space():
    rng = np.random.default_rng(3)
    A = rng.standard_normal((6, 3))
    K = A @ A.T
    s, V, cutoff = psd_eigh(K)
    assert s.size == 3 and np.all(np.diff(s) <= 0) and cutoff > 0
    np.testing.assert_allclose((V * s) @ V.T, K, atol=1e-12)
    np.testing.assert_allclose(np.sort(s), np.sort(np.linalg.eigvalsh(A.T @ A)), rtol=1e-12)


def test_bad_inputs_raise():
    with pytest.raises(ValueError):
        PolynomialFeatures(2, 0)
    with pytest.raises(ValueError):
        PolynomialFeatures(2, 2, offset=-1.0)
    with pytest.raises(ValueError):
        RandomFourierFeatures(2, 5, 0.0, seed=1)
    with pytest.raises(ValueError):
        PolynomialFeatures(2, 2)(np.zeros((3, 3)))
    with pytest.raises(ValueError):
        gaussian_kernel(np.zeros((2, 2)), np.zeros((2, 3)), 1.0)
    with pytest.raises(ValueError):
        polynomial_kernel(np.zeros((2, 2)), np.zeros((2, 2)), 1.5)
    with pytest.raises(ValueError):
        psd_eigh(np.array([[1.0, 2.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="positive semidefinite"):
        psd_eigh(np.array([[1.0, 0.0], [0.0, -1.0]]))
    with pytest.raises(ValueError):
        sample_points(np.random.default_rng(0), 3, 2, "clustered")


# --- strategies -------------------------------------------------------------------------------------

@FEW
@given(feature_maps(3, 30))
def test_feature_maps_respect_the_dimension_range(f):
    assert 3 <= f.dim <= 30


@FEW
@given(regularized_problems("radial"))
def test_regularized_problems_are_overparameterized_and_conditioned(inst):
    n, D = inst.X.shape[0], inst.features.dim
    assert 2 <= n < D <= 30 and inst.X_test.shape == (3, inst.features.dim_in)
    s = np.linalg.eigvalsh(kernel_matrix(inst.features, inst.X))
    assert s[-1] / s[0] <= 1e8
    if inst.penalty is not None:
        assert inst.penalty.radial and inst.penalty.curvature < inst.lam


@FEW
@given(projection_problems("strict", off_span=True))
def test_projection_problems_have_extra_centres(inst):
    assert inst.Z.shape[0] >= 1 and np.any(inst.beta != 0) and inst.omega.strictly_increasing


@FEW
@given(projection_problems("dead-zone", off_span=True))
def test_dead_zone_problems_are_flat_at_f(inst):
    coef = np.concatenate([inst.alpha, inst.beta])
    norm = np.sqrt(coef @ kernel_matrix(inst.features, np.vstack([inst.X, inst.Z])) @ coef)
    assert inst.omega.omega(norm) == 0.0 and not inst.omega.strictly_increasing


@FEW
@given(kernel_gd_problems())
def test_kernel_gd_problems_are_stable_and_consistent(inst):
    K = kernel_matrix(inst.features, inst.X)
    s, V = positive_spectrum(K)
    assert 0 < inst.c < 2 and np.isclose(inst.eta * s[0], inst.c)
    off = np.linalg.norm(inst.y - V @ (V.T @ inst.y))
    assert off <= 1e-10 * max(np.linalg.norm(inst.y), 1e-300)
    ratios = np.linalg.eigvalsh(K) / s[0]
    assert not np.any((ratios > 1e-13) & (ratios < 1e-9)) and RANK_RCOND == 1e-11


@FEW
@given(kernel_gd_problems(target="off-range"))
def test_off_range_targets_leave_the_range(inst):
    s, V = positive_spectrum(kernel_matrix(inst.features, inst.X))
    assert s.size < inst.X.shape[0]
    assert np.linalg.norm(inst.y - V @ (V.T @ inst.y)) > 0.05 * np.linalg.norm(inst.y)
