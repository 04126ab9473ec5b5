"""Tests of checks.smooth against independent references: finite differences, SciPy, closed forms."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import approx_fprime, minimize

from checks.linalg import gd_least_squares
from checks.smooth import (CosineSum, Huber, Logistic, NegQuartic, Quadratic, ScaledAbs, contraction_factor,
                           diagonal_gd, gradient_descent, optimal_step, random_orthogonal, worst_case_huber)


def _objectives():
    rng = np.random.default_rng(0)
    Q = random_orthogonal(3, rng)
    yield Quadratic(np.array([2.0, -1.0, 0.5]), Q, rng.standard_normal(3), f_min=0.7)
    yield Logistic(rng.standard_normal((6, 3)), np.array([1, -1, 1, 1, -1, -1.0]), 0.1)
    yield CosineSum(np.array([1.0, -0.5]), rng.standard_normal((2, 3)), np.array([0.3, 2.0]))


@pytest.mark.parametrize("obj", list(_objectives()), ids=lambda o: type(o).__name__)
def test_gradient_and_hessian_match_finite_differences(obj):
    rng = np.random.default_rng(1)
    for _ in range(5):
        w = rng.standard_normal(obj.dim)
        fd = approx_fprime(w, obj.value, 1e-7)
        assert np.allclose(obj.grad(w), fd, atol=1e-5)
        if hasattr(obj, "hessian"):
            fdh = np.array([approx_fprime(w, lambda v, i=i: obj.grad(v)[i], 1e-7) for i in range(obj.dim)])
            assert np.allclose(obj.hessian(w), fdh, atol=1e-5)


def test_quadratic_spectrum_and_constants():
    rng = np.random.default_rng(2)
    q = Quadratic(np.array([3.0, -4.0, 1.0]), random_orthogonal(3, rng), np.zeros(3))
    assert np.allclose(np.linalg.eigvalsh(q.H), [-4.0, 1.0, 3.0])
    assert q.L == 4.0 and q.mu is None
    with pytest.raises(ValueError):
        q.minimizer()
    with pytest.raises(ValueError):
        Quadratic(np.array([1.0, 2.0]), np.ones((2, 2)), np.zeros(2))


def test_logistic_constants_bound_the_hessian_and_minimizer_matches_scipy():
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((8, 2)), np.where(rng.random(8) < 0.5, -1.0, 1.0)
    obj = Logistic(X, y, 0.2)
    for _ in range(20):
        w = rng.standard_normal(2) * 3
        m = y * (X @ w)
        s = 1 / (1 + np.exp(-m)) / (1 + np.exp(m))
        H = (X.T * s) @ X / 8 + 0.2 * np.eye(2)
        ev = np.linalg.eigvalsh(H)
        assert obj.mu - 1e-12 <= ev[0] and ev[-1] <= obj.L + 1e-12
    w_star, f_star, r = obj.minimizer()
    ref = minimize(obj.value, np.zeros(2), jac=obj.grad, method="BFGS", options={"gtol": 1e-12})
    assert np.allclose(w_star, ref.x, atol=1e-7) and r < 1e-12 and abs(f_star - ref.fun) < 1e-12
    with pytest.raises(ValueError):
        Logistic(X, y * 2, 0.1)


def test_cosine_sum_bounds_hold_on_samples():
    rng = np.random.default_rng(4)
    f = CosineSum(np.array([1.0, -2.0, 0.5]), rng.standard_normal((3, 2)), rng.uniform(0, 6, 3))
    for _ in range(50):
        w = rng.standard_normal(2) * 3
        assert abs(f.value(w)) <= f.bound
        assert np.linalg.norm(f.hessian(w), 2) <= f.L + 1e-12


def test_worst_case_huber_attains_drori_teboulle():
    for L, R, N in [(1.0, 1.0, 1), (2.5, 3.0, 7), (0.5, 0.2, 30)]:
        h = worst_case_huber(L, R, N)
        tr = gradient_descent(h, np.array([R]), 1 / L, N)
        assert tr.f[-1] == pytest.approx(L * R * R / (4 * N + 2), rel=1e-12)
    with pytest.raises(ValueError):
        Huber(1.0, 0.0)


def test_gradient_descent_matches_least_squares_runner():
    rng = np.random.default_rng(5)
    X, y = rng.standard_normal((4, 3)), rng.standard_normal(4)
    K = X.T @ X
    obj = Quadratic(*np.linalg.eigh(K), np.linalg.lstsq(X, y, rcond=None)[0])
    eta = 1 / np.linalg.eigvalsh(K)[-1]
    tr = gradient_descent(obj, np.zeros(3), eta, 25)
    assert np.allclose(tr.w, gd_least_squares(X, y, eta, 25), atol=1e-10)
    assert np.all(np.diff(tr.drift) >= 0)
    with pytest.raises(ValueError):
        gradient_descent(obj, np.zeros(3), 0.0, 3)


def test_nonsmooth_and_concave_examples():
    assert ScaledAbs(2.0).grad(np.array([-3.0]))[0] == -2.0
    q = NegQuartic(1.0)
    assert abs(q.grad(np.array([2.0]))[0] - q.grad(np.array([1.0]))[0]) == 28.0
    with pytest.raises(ValueError):
        NegQuartic(-1.0)


def test_exact_diagonal_gd_and_optimal_step():
    lam = [Fraction(1), Fraction(4)]
    eta = optimal_step(lam)
    assert eta == Fraction(2, 5) and contraction_factor(lam, eta) == Fraction(3, 5)
    grid = [Fraction(k, 100) for k in range(1, 60)]
    assert min(contraction_factor(lam, e) for e in grid) == Fraction(3, 5)
    ws = diagonal_gd(lam, [Fraction(1), Fraction(1)], Fraction(1, 2), 3)
    assert ws[-1] == [Fraction(1, 8), Fraction(-1)]
    with pytest.raises(ValueError):
        contraction_factor([Fraction(0)], Fraction(1))
