"""Tests of checks.erm: the certified solvers against closed forms, SciPy and a proximal-gradient
reference; the penalties against finite differences; kernel gradient descent against primal GD."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import check_grad, minimize

from checks.erm import (ERMSolution, dead_zone_penalty, kernel_gradient_descent, kernel_ridge, l1_penalty,
                        log_penalty, minimize_kernel_regularized, minimize_regularized, norm_penalty,
                        objective_value, pseudo_huber_penalty, quartic_penalty, ridge_primal,
                        squared_norm_penalty, weighted_ridge_penalty)
from checks.linalg import gd_least_squares
from checks.losses import LINEAR, LOGISTIC, SIGMOID, SQUARED, smooth_hinge


def _data(seed: int = 0, n: int = 6, D: int = 12, labels: str = "real"):
    rng = np.random.default_rng(seed)
    Phi = rng.standard_normal((n, D)) / np.sqrt(D)
    y = rng.standard_normal(n) if labels == "real" else rng.choice([-1.0, 1.0], n)
    return Phi, y, rng


def test_ridge_solver_matches_least_squares_reference():
    Phi, y, rng = _data()
    lam = 0.3
    # independent reference: min ||[Phi; sqrt(lam) I] w - [y; 0]||
    A = np.vstack([Phi, np.sqrt(lam) * np.eye(Phi.shape[1])])
    ref = np.linalg.lstsq(A, np.concatenate([y, np.zeros(Phi.shape[1])]), rcond=None)[0]
    sol = minimize_regularized(SQUARED, Phi, y, lam, w0=rng.standard_normal(Phi.shape[1]))
    assert np.linalg.norm(sol.w - ref) <= sol.distance_bound + 1e-14
    np.testing.assert_allclose(ridge_primal(Phi, y, lam), ref, atol=1e-12)
    # push-through identity: Phiᵀ (K + lam I)^-1 y = (PhiᵀPhi + lam I)^-1 Phiᵀ y
    np.testing.assert_allclose(Phi.T @ kernel_ridge(Phi @ Phi.T, y, lam), ref, atol=1e-12)


@pytest.mark.parametrize("loss", [LOGISTIC, smooth_hinge(0.5), LINEAR], ids=lambda l: l.name)
@pytest.mark.parametrize("penalty", [None, norm_penalty(0.4), pseudo_huber_penalty(0.7), log_penalty(0.2),
                                     quartic_penalty(0.3), weighted_ridge_penalty(np.linspace(0, 2, 12))],
                         ids=lambda p: repr(p))
def test_certificate_bounds_the_distance_to_a_scipy_reference(loss, penalty):
    Phi, y, rng = _data(1, labels="pm")
    lam = 0.25
    sol = minimize_regularized(loss, Phi, y, lam, penalty, w0=rng.standard_normal(12))
    f = lambda w: objective_value(loss, Phi, y, lam, w, penalty)  # noqa: E731
    ref = minimize(f, np.zeros(12), method="BFGS", options=dict(gtol=1e-10)).x
    # the reference is only as good as BFGS; compare to it within its own optimality (strong convexity)
    m = sol.modulus
    assert sol.certificate + sol.gradient_error < 1e-9
    assert np.linalg.norm(sol.w - ref) <= sol.distance_bound + np.sqrt(2 * max(f(ref) - sol.value, 0) / m) + 1e-7
    assert sol.value <= f(ref) + 1e-12
    assert sol.gap_bound >= 0 and isinstance(sol, ERMSolution)


def test_average_is_the_rescaled_problem():
    Phi, y, _ = _data(2, labels="pm")
    a = minimize_regularized(LOGISTIC, Phi, y, 0.1, average=True)
    b = minimize_regularized(LOGISTIC, Phi, y, 0.1 * Phi.shape[0])
    assert np.linalg.norm(a.w - b.w) <= a.distance_bound + b.distance_bound


def _ista(Phi, y, lam, mu, steps=20000):
    """Proximal gradient on ||Phi w - y||^2/2 + lam ||w||^2/2 + mu ||w||_1 (the reference)."""
    L = np.linalg.norm(Phi, 2) ** 2 + lam
    w = np.zeros(Phi.shape[1])
    for _ in range(steps):
        v = w - (Phi.T @ (Phi @ w - y) + lam * w) / L
        w = np.sign(v) * np.maximum(np.abs(v) - mu / L, 0.0)
    return w


def test_l1_solver_matches_proximal_gradient_and_is_sparse():
    Phi, y, rng = _data(3)
    sol = minimize_regularized(SQUARED, Phi, y, 0.05, l1_penalty(0.3), w0=rng.standard_normal(12))
    ref = _ista(Phi, y, 0.05, 0.3)
    assert np.linalg.norm(sol.w - ref) <= sol.distance_bound + 1e-9
    assert np.sum(sol.w == 0) >= 1 and np.array_equal(sol.w == 0, ref == 0)


def test_kernel_form_matches_the_primal_for_radial_penalties():
    Phi, y, _ = _data(4, labels="pm")
    K = Phi @ Phi.T
    for pen in (None, norm_penalty(0.2), squared_norm_penalty(0.5)):
        p = minimize_regularized(LOGISTIC, Phi, y, 0.2, pen)
        k = minimize_kernel_regularized(LOGISTIC, K, y, 0.2, pen)
        assert np.linalg.norm(Phi.T @ k.alpha - p.w) <= p.distance_bound + k.distance_bound + 1e-12
        assert abs(k.value - p.value) <= p.gap_bound + k.gap_bound + 1e-13
        np.testing.assert_allclose(k.predict(K), Phi @ p.w, atol=1e-10)


def test_norm_penalty_kink_returns_zero_when_it_dominates():
    Phi, y, _ = _data(5)
    g0 = np.linalg.norm(Phi.T @ y)
    sol = minimize_regularized(SQUARED, Phi, y, 0.1, norm_penalty(2 * g0))
    assert np.all(sol.w == 0) and sol.certificate == 0


@pytest.mark.parametrize("pen", [norm_penalty(0.4), pseudo_huber_penalty(0.7), log_penalty(0.2),
                                 quartic_penalty(0.3), squared_norm_penalty(0.6), dead_zone_penalty(0.5, 0.3),
                                 weighted_ridge_penalty(np.arange(5.0))], ids=repr)
def test_penalty_gradients_match_finite_differences(pen):
    w = np.random.default_rng(6).standard_normal(5)
    assert check_grad(pen.value, pen.gradient, w) < 1e-6 * max(1.0, np.linalg.norm(pen.gradient(w)))


def test_subgradients_at_kinks():
    g = np.array([0.5, -2.0, 0.1])
    np.testing.assert_allclose(l1_penalty(1.0).min_norm_subgradient(np.zeros(3), g), [0.0, -1.0, 0.0])
    np.testing.assert_allclose(l1_penalty(1.0).min_norm_subgradient(np.array([1.0, 0, 0]), g), [1.5, -1.0, 0.0])
    shrunk = norm_penalty(1.0).min_norm_subgradient(np.zeros(3), g)
    np.testing.assert_allclose(shrunk, g * (np.linalg.norm(g) - 1) / np.linalg.norm(g))


def test_log_penalty_curvature_is_a_quarter_of_mu():
    pen = log_penalty(1.0)
    r = np.linspace(0, 5, 5001)
    radial = 2 * (1 - r**2) / (1 + r**2) ** 2   # the radial second derivative of log(1 + r^2)
    assert np.isclose(radial.min(), -pen.curvature, atol=1e-6) and pen.curvature == 0.25
    assert np.isclose(r[np.argmin(radial)], np.sqrt(3), atol=1e-3)


def test_kernel_gradient_descent_is_primal_gd_and_reaches_the_pseudoinverse():
    Phi, y, _ = _data(7, n=5, D=3)  # rank 3 < n: K singular
    K = Phi @ Phi.T
    y = K @ np.random.default_rng(8).standard_normal(5)  # y in range(K)
    eta = 1.0 / np.linalg.eigvalsh(K)[-1]
    A = kernel_gradient_descent(K, y, eta, 3000)
    W = gd_least_squares(Phi, y, eta, 3000)
    np.testing.assert_allclose(A @ Phi, W, atol=1e-10)
    np.testing.assert_allclose(A[-1], np.linalg.pinv(K, rcond=1e-10) @ y, atol=1e-8)


def test_bad_problems_raise():
    Phi, y, _ = _data(9)
    with pytest.raises(ValueError, match="convex"):
        minimize_regularized(SIGMOID, Phi, y, 0.1)
    with pytest.raises(ValueError):
        minimize_regularized(SQUARED, Phi, y, 0.0)
    with pytest.raises(ValueError, match="curvature"):
        minimize_regularized(SQUARED, Phi, y, 0.1, log_penalty(1.0))
    with pytest.raises(ValueError):
        minimize_regularized(SQUARED, Phi, y[:-1], 0.1)
    with pytest.raises(ValueError, match="RKHS norm"):
        minimize_kernel_regularized(SQUARED, Phi @ Phi.T, y, 0.1, l1_penalty(0.1))
    with pytest.raises(ValueError):
        kernel_gradient_descent(Phi @ Phi.T, y, -1.0, 3)
    with pytest.raises(ValueError):
        l1_penalty(-1.0)
    with pytest.raises(ValueError):
        weighted_ridge_penalty(np.array([1.0, -1.0]))
