"""Tests of checks.spectral against independent references: direct formulas, NumPy/SciPy
(pinv, solve, eigh, ODE integration, the chi distribution, the bivariate normal CDF) and seeded
Monte Carlo."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from scipy import stats
from scipy.integrate import solve_ivp

from checks.linalg import gd_least_squares
from checks.spectral import (GF_RIDGE_ARGMAX, GF_RIDGE_CONSTANT, ball_volume, bivariate_normal_cdf, filtered_solution,
                             gaussian_bayes_risk, gaussian_norm_mean, gd_filter, gradient_flow_filter,
                             gradient_flow_operator, linear_estimator_risk, participation_ratio,
                             projection_probe_risk, ridge_filter, stable_rank, standardized_participation_ratio,
                             uniform_ball_sample, whitening)


def _design(n: int, d: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.standard_normal(n)


# --- filters --------------------------------------------------------------------------------------

def test_gd_filter_matches_direct_formula_and_scalar_gd():
    s = np.array([0.0, 0.1, 0.5, 1.0, 1.3])
    for eta, t in ((0.5, 0), (0.5, 1), (0.5, 7), (1.0, 3), (1.9, 4)):
        direct = 1 - (1 - eta * s ** 2) ** t
        np.testing.assert_allclose(gd_filter(s, eta, t), direct, rtol=1e-13, atol=1e-15)
    # one direction: GD on (s w - 1)^2 / 2 from 0 has s w_t = filter
    for sv in (0.3, 1.0):
        w = gd_least_squares(np.array([[sv]]), np.array([1.0]), 0.8, 25)[-1, 0]
        assert gd_filter(sv, 0.8, 25) == pytest.approx(sv * w, rel=1e-13)
    assert gd_filter(1.0, 1.0, 1) == 1.0 and gd_filter(1.0, 1.0, 0) == 0.0


def test_flow_and_ridge_filters():
    s = np.array([0.0, 1e-4, 0.7, 3.0])
    np.testing.assert_allclose(gradient_flow_filter(s, 2.5), 1 - np.exp(-2.5 * s ** 2), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(ridge_filter(s, 0.3), s ** 2 / (s ** 2 + 0.3))
    assert gradient_flow_filter(1e-6, 1.0) == pytest.approx(1e-12, rel=1e-9)  # no cancellation


@pytest.mark.parametrize("bad", [lambda: gd_filter(-1.0, 1.0, 1), lambda: gd_filter(1.0, 0.0, 1),
                                 lambda: gd_filter(1.0, 1.0, -1), lambda: gd_filter(1.0, 1.0, 1.5),
                                 lambda: ridge_filter(1.0, 0.0), lambda: gradient_flow_filter(1.0, -1.0)])
def test_filters_reject_impossible_parameters(bad):
    with pytest.raises(ValueError):
        bad()


@pytest.mark.parametrize("shape", [(4, 6), (6, 4), (5, 5)])
def test_filtered_solution_reproduces_pinv_ridge_and_gd(shape):
    X, y = _design(*shape)
    np.testing.assert_allclose(filtered_solution(X, y, np.ones_like), np.linalg.pinv(X) @ y, atol=1e-12)
    lam = 0.7
    ridge = np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
    np.testing.assert_allclose(filtered_solution(X, y, lambda s: ridge_filter(s, lam)), ridge, atol=1e-12)
    eta = 0.9 / np.linalg.norm(X, 2) ** 2
    gd = gd_least_squares(X, y, eta, 40)[-1]
    np.testing.assert_allclose(filtered_solution(X, y, lambda s: gd_filter(s, eta, 40)), gd, atol=1e-12)


def test_filtered_solution_rejects_bad_filters():
    X, y = _design(3, 4)
    with pytest.raises(ValueError):
        filtered_solution(X, y, lambda s: np.ones(s.size + 1))
    with pytest.raises(ValueError):
        filtered_solution(X, y[:2], np.ones_like)


def test_gf_ridge_constant_is_the_maximum_on_a_grid():
    x = np.linspace(1e-3, 20, 400001)
    ratio = -np.expm1(-x) * (1 + x) / x
    assert ratio.max() == pytest.approx(GF_RIDGE_CONSTANT, rel=1e-10)
    assert x[ratio.argmax()] == pytest.approx(GF_RIDGE_ARGMAX, abs=1e-4)
    assert GF_RIDGE_CONSTANT ** 2 <= 1.6862 and GF_RIDGE_CONSTANT ** 2 == pytest.approx(1.685909, abs=1e-6)


def test_gradient_flow_operator_solves_the_flow_ode():
    X, y = _design(3, 5, seed=1)
    t = 1.7
    sol = solve_ivp(lambda _, w: X.T @ (y - X @ w), (0, t), np.zeros(5), rtol=1e-11, atol=1e-13, method="DOP853")
    np.testing.assert_allclose(gradient_flow_operator(X, t) @ y, sol.y[:, -1], atol=1e-9)
    np.testing.assert_allclose(gradient_flow_operator(X, t) @ y,
                               filtered_solution(X, y, lambda s: gradient_flow_filter(s, t)), atol=1e-12)
    assert np.all(gradient_flow_operator(X, 0.0) == 0)


def test_linear_estimator_risk_matches_the_spectral_formula_and_monte_carlo():
    X, _ = _design(4, 3, seed=2)
    rng = np.random.default_rng(3)
    beta, noise, lam = rng.standard_normal(3), 0.6, 0.4
    H = np.linalg.solve(X.T @ X + lam * np.eye(3), X.T)
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    g, b = s ** 2 / (s ** 2 + lam), Vt @ beta
    spectral = np.sum((1 - g) ** 2 * b ** 2) + noise * np.sum(g ** 2 / s ** 2)
    assert linear_estimator_risk(H, X, beta, noise) == pytest.approx(spectral, rel=1e-12)
    e = np.sqrt(noise) * rng.standard_normal((200000, 4))
    mc = np.mean(np.sum(((X @ beta + e) @ H.T - beta) ** 2, axis=1))
    assert linear_estimator_risk(H, X, beta, noise) == pytest.approx(mc, rel=1e-2)
    pred = np.mean(np.sum((((X @ beta + e) @ H.T - beta) @ X.T) ** 2, axis=1))
    assert linear_estimator_risk(H, X, beta, noise, B=X) == pytest.approx(pred, rel=1e-2)
    with pytest.raises(ValueError):
        linear_estimator_risk(H.T, X, beta, noise)


# --- effective rank -------------------------------------------------------------------------------

def test_participation_ratio_matches_eigenvalues_and_is_exact():
    rng = np.random.default_rng(4)
    B = rng.integers(-3, 4, (5, 3))
    S = B @ B.T
    lam = np.linalg.eigvalsh(S.astype(float))
    pr = participation_ratio(S)
    assert isinstance(pr, Fraction)
    assert float(pr) == pytest.approx(lam.sum() ** 2 / np.sum(lam ** 2), rel=1e-12)
    assert participation_ratio(S.astype(float)) == pytest.approx(float(pr), rel=1e-14)
    assert participation_ratio(np.eye(4, dtype=int)) == 4
    assert participation_ratio(np.diag([2, 1])) == Fraction(9, 5)


@pytest.mark.parametrize("bad", [np.zeros((3, 3), dtype=int), np.array([[1, 2], [0, 1]]), np.ones((2, 3))])
def test_participation_ratio_rejects_degenerate_input(bad):
    with pytest.raises(ValueError):
        participation_ratio(bad)


def test_standardized_participation_ratio_matches_the_correlation_matrix():
    S = np.array([[4, 2, 0], [2, 9, 3], [0, 3, 1]])
    D = np.sqrt(np.diag(S))
    C = S / np.outer(D, D)
    lam = np.linalg.eigvalsh(C)
    pr = standardized_participation_ratio(S)
    assert isinstance(pr, Fraction) and float(pr) == pytest.approx(lam.sum() ** 2 / np.sum(lam ** 2), rel=1e-12)
    # the audit's example: x3 = x1 / 100 exactly has correlation eigenvalues (2, 1, 0), PR 9/5
    dup = np.array([[Fraction(1), 0, Fraction(1, 100)], [0, Fraction(1), 0],
                    [Fraction(1, 100), 0, Fraction(1, 10000)]], dtype=object)
    assert standardized_participation_ratio(dup) == Fraction(9, 5)
    # a zero-variance feature is dropped
    assert standardized_participation_ratio(np.diag([3, 0, 5])) == 2


def test_whitening_gives_the_range_projector():
    rng = np.random.default_rng(5)
    B = rng.standard_normal((4, 2))
    S = B @ B.T
    W = whitening(S)
    P = W @ S @ W
    np.testing.assert_allclose(P, np.linalg.pinv(B.T) @ B.T, atol=1e-12)
    np.testing.assert_allclose(W @ W, np.linalg.pinv(S, rcond=1e-10), atol=1e-10)
    with pytest.raises(ValueError):
        whitening(np.diag([1.0, -1.0]))


def test_stable_rank_matches_norms():
    X, _ = _design(4, 6, seed=6)
    assert stable_rank(X) == pytest.approx(np.linalg.norm(X, "fro") ** 2 / np.linalg.norm(X, 2) ** 2, rel=1e-12)
    assert stable_rank(np.eye(3)) == pytest.approx(3)
    with pytest.raises(ValueError):
        stable_rank(np.zeros((2, 2)))


# --- geometry -------------------------------------------------------------------------------------

def test_ball_volume_closed_forms():
    r = sympy.Rational(3, 2)
    assert ball_volume(1, r) == 2 * r
    assert ball_volume(2, r) == sympy.pi * r ** 2
    assert sympy.simplify(ball_volume(3, r) - sympy.Rational(4, 3) * sympy.pi * r ** 3) == 0
    assert sympy.simplify(ball_volume(4) - sympy.pi ** 2 / 2) == 0
    with pytest.raises(ValueError):
        ball_volume(0)


@pytest.mark.parametrize("d", [1, 2, 5, 40])
def test_gaussian_norm_mean_is_the_chi_mean(d):
    assert float(gaussian_norm_mean(d)) == pytest.approx(stats.chi(d).mean(), rel=1e-12)


def test_uniform_ball_sample_has_the_uniform_radius_law():
    rng = np.random.default_rng(7)
    x = uniform_ball_sample(rng, 20000, 3, 2.0)
    radius = np.linalg.norm(x, axis=1)
    assert radius.max() <= 2.0 * (1 + 1e-12)
    # (||x||/r)^d is uniform on [0, 1]; the direction is symmetric
    assert stats.kstest((radius / 2.0) ** 3, "uniform").pvalue > 1e-6
    assert np.all(np.abs(x.mean(axis=0)) < 6 * 2.0 / np.sqrt(20000))
    with pytest.raises(ValueError):
        uniform_ball_sample(rng, 0, 3)


# --- Gaussian classes ----------------------------------------------------------------------------

@pytest.mark.parametrize("h, k, rho", [(0.3, 1.1, 0.4), (1.0, 0.5, -0.6), (-0.7, 0.2, 0.1), (-0.4, -1.3, 0.8),
                                       (2.0, 2.0, -0.5)])
def test_bivariate_normal_cdf_matches_scipy(h, k, rho):
    ref = stats.multivariate_normal.cdf([h, k], mean=[0, 0], cov=[[1, rho], [rho, 1]], abseps=1e-12, releps=1e-12)
    assert bivariate_normal_cdf(h, k, rho) == pytest.approx(ref, abs=1e-9)


def test_bivariate_normal_cdf_rejects_degenerate_input():
    for args in ((1.0, 1.0, 1.0), (0.0, 1.0, 0.2), (1.0, np.inf, 0.0)):
        with pytest.raises(ValueError):
            bivariate_normal_cdf(*args)


def _monte_carlo_errors(means: np.ndarray, direction: np.ndarray | None, n: int = 200000) -> float:
    rng = np.random.default_rng(8)
    K = means.shape[0]
    labels = rng.integers(0, K, n)
    x = means[labels] + rng.standard_normal((n, 2))
    if direction is None:
        pred = np.argmin(((x[:, None, :] - means[None]) ** 2).sum(axis=2), axis=1)
    else:
        w = direction / np.linalg.norm(direction)
        pred = np.argmin(np.abs((x @ w)[:, None] - (means @ w)[None]), axis=1)
    return float(np.mean(pred != labels))


def test_bayes_and_probe_risks_match_monte_carlo():
    tri = np.array([[0.0, 1.0], [-0.9, -0.4], [1.1, -0.6]])
    w = np.array([0.3, 1.0])
    tol = 6 * np.sqrt(0.25 / 200000)
    assert gaussian_bayes_risk(tri) == pytest.approx(_monte_carlo_errors(tri, None), abs=tol)
    assert projection_probe_risk(tri, w) == pytest.approx(_monte_carlo_errors(tri, w), abs=tol)
    two = np.array([[0.0, 0.0], [1.2, 0.5]])
    bayes = stats.norm.cdf(-np.linalg.norm(two[1] - two[0]) / 2)
    assert gaussian_bayes_risk(two) == pytest.approx(bayes, rel=1e-12)
    assert projection_probe_risk(two, two[1] - two[0]) == pytest.approx(bayes, rel=1e-12)


def test_gaussian_class_functions_reject_bad_geometry():
    with pytest.raises(ValueError):
        gaussian_bayes_risk(np.zeros((4, 2)))
    with pytest.raises(ValueError):
        gaussian_bayes_risk(np.array([[0.0, 0.0], [0.0, 0.0]]))
    with pytest.raises(ValueError):
        gaussian_bayes_risk(np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]]))
    with pytest.raises(ValueError):
        projection_probe_risk(np.array([[0.0, 0.0], [1.0, 0.0]]), np.zeros(2))
