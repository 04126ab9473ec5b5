"""Tests of checks.newton against independent references: NumPy solves, finite differences, closed-form
Fisher informations (logistic and probit), and the Newton minimizer of checks.smooth.Logistic."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from scipy.special import expit
from scipy.stats import norm

from checks.newton import (PolyObjective, fisher_information, gradient_at, hessian_lipschitz_logistic,
                           newton_iterates, newton_step, newton_step_error, newton_step_quadratic,
                           nll_gradient_autograd, nll_hessian_autograd, pullback, score_outer)
from checks.smooth import Logistic

F = Fraction


def test_newton_step_on_a_quadratic_matches_numpy():
    A, b, w = [[2, 1], [1, 3]], [1, -2], [5, 7]
    w1 = newton_step_quadratic(A, b, w)
    assert np.allclose(np.array(w1, dtype=float).ravel(), np.linalg.solve(np.array(A, float), b))
    with pytest.raises(ValueError):
        newton_step_quadratic([[1, 1], [1, 1]], b, w)


def test_poly_objective_gradient_and_newton_step_match_numerics():
    f = PolyObjective(((F(2), F(0)), (F(0), F(1))), (F(1), F(0)), ((F(1), (F(1), F(-1))),))
    xs = sp.symbols("x0:2")
    e = f.expr(xs)
    num = lambda x: x[0] ** 2 + 0.5 * x[1] ** 2 - x[0] + (x[0] - x[1]) ** 4
    x = np.array([0.5, -1.0])
    g = np.array(gradient_at(e, xs, [F(1, 2), F(-1)]), dtype=float).ravel()
    fd = np.array([(num(x + h) - num(x - h)) / 2e-6 for h in np.eye(2) * 1e-6])
    assert np.allclose(g, fd, atol=1e-6)
    H = np.array([[2 + 12 * (x[0] - x[1]) ** 2, -12 * (x[0] - x[1]) ** 2],
                  [-12 * (x[0] - x[1]) ** 2, 1 + 12 * (x[0] - x[1]) ** 2]])
    step = np.array(newton_step(e, xs, [F(1, 2), F(-1)]), dtype=float).ravel()
    assert np.allclose(step, x - np.linalg.solve(H, g))


def test_pullback_composes():
    xs, ps = sp.symbols("x0:2"), sp.symbols("p0:2")
    e = xs[0] ** 2 + xs[0] * xs[1]
    B, s = sp.Matrix([[1, 2], [0, 1]]), sp.Matrix([1, 0])
    g = pullback(e, xs, B, s, ps)
    assert g.subs({ps[0]: 1, ps[1]: 1}) == e.subs({xs[0]: 4, xs[1]: 1})
    with pytest.raises(ValueError):
        pullback(e, xs, sp.Matrix([[1, 1], [1, 1]]), s, ps)


def test_fisher_and_hessians_match_closed_forms():
    rng = np.random.default_rng(0)
    X, th = rng.standard_normal((5, 2)), rng.standard_normal(2)
    lab = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    p = expit(X @ th)
    logistic = (X.T * (p * (1 - p))) @ X
    assert np.allclose(fisher_information("logistic", X, th), logistic, atol=1e-12)
    assert np.allclose(nll_hessian_autograd("logistic", X, th, lab), logistic, atol=1e-12)
    assert np.allclose(score_outer("logistic", X, th, lab), (X.T * (lab - p) ** 2) @ X, atol=1e-12)
    assert np.allclose(nll_gradient_autograd("logistic", X, th, lab), -X.T @ (lab - p), atol=1e-12)
    z = X @ th
    Phi, phi = norm.cdf(z), norm.pdf(z)
    probit = (X.T * (phi ** 2 / (Phi * (1 - Phi)))) @ X
    assert np.allclose(fisher_information("probit", X, th), probit, atol=1e-10)
    with pytest.raises(ValueError):
        fisher_information("cauchit", X, th)


def test_hessian_lipschitz_constant_bounds_observed_changes():
    rng = np.random.default_rng(1)
    s = np.linspace(-10, 10, 200001)
    sig = expit(s)
    assert np.max(np.abs(sig * (1 - sig) * (1 - 2 * sig))) == pytest.approx(1 / (6 * math.sqrt(3)), rel=1e-6)
    obj = Logistic(rng.standard_normal((6, 2)) * 2, np.array([1, -1, 1, -1, 1, 1.0]), 0.1)
    M = hessian_lipschitz_logistic(obj.X)
    for _ in range(50):
        u, v = rng.standard_normal(2) * 2, rng.standard_normal(2) * 2
        assert np.linalg.norm(obj.hessian(u) - obj.hessian(v), 2) <= M * np.linalg.norm(u - v) + 1e-12


def test_newton_iterates_reach_the_minimizer():
    rng = np.random.default_rng(2)
    obj = Logistic(rng.standard_normal((8, 3)), np.where(rng.random(8) < 0.5, -1.0, 1.0), 0.3)
    ws = newton_iterates(obj, np.zeros(3), 8)
    w_star, _, r = obj.minimizer()
    assert np.linalg.norm(ws[-1] - w_star) <= r + 1e-14
    assert 0 < newton_step_error(obj, ws[-1]) < 1e-12
