"""Tests of checks.robustness against SciPy (linear programs, constrained minimization, quadrature)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from scipy.integrate import dblquad
from scipy.optimize import linprog, minimize
from scipy.stats import norm as gauss

from checks import robustness as R

INF = math.inf


@pytest.mark.parametrize("p", [1, INF])
def test_attack_value_matches_linear_program(p: float) -> None:
    rng = np.random.default_rng(0)
    for _ in range(10):
        d = int(rng.integers(1, 6))
        w, eps = rng.standard_normal(d), float(rng.uniform(0.1, 2))
        if p == INF:
            res = linprog(-w, bounds=[(-eps, eps)] * d)
            best = -res.fun
        else:  # delta = u - v, u, v >= 0, sum(u + v) <= eps
            res = linprog(np.concatenate([-w, w]), A_ub=np.ones((1, 2 * d)), b_ub=[eps], bounds=[(0, None)] * (2 * d))
            best = -res.fun
        assert abs(best - eps * R.norm(w, R.dual_exponent(p))) < 1e-9
        assert abs(float(np.dot(w, R.best_attack(w, eps, p))) - best) < 1e-9
        assert abs(R.vertex_max(w, eps, p) - best) < 1e-9


def test_l2_attack_and_norms() -> None:
    w = [3.0, -4.0]
    assert R.norm(w, 2) == 5.0 and R.norm([Fraction(1, 2), -2], 1) == Fraction(5, 2)
    assert np.allclose(R.best_attack(w, 2.0, 2), [1.2, -1.6])
    with pytest.raises(ValueError):
        R.dual_exponent(3)
    with pytest.raises(ValueError):
        R.best_attack(w, -1, INF)


def _qp_projection(x: np.ndarray, x0: np.ndarray, eps: float, p: float) -> np.ndarray:
    cons = {"type": "ineq", "fun": lambda z: eps - R.norm(z - x0, p)} if p != 1 else \
        {"type": "ineq", "fun": lambda z: eps - np.sum(np.sqrt((z - x0) ** 2 + 1e-18))}
    bounds = [(c - eps, c + eps) for c in x0] if p == INF else None
    res = minimize(lambda z: 0.5 * np.sum((z - x) ** 2), x0.copy(), jac=lambda z: z - x,
                   constraints=[] if p == INF else [cons], bounds=bounds, method="SLSQP",
                   options={"ftol": 1e-14, "maxiter": 500})
    return res.x


@pytest.mark.parametrize("p", [1, 2, INF])
def test_projections_match_constrained_minimization(p: float) -> None:
    rng = np.random.default_rng(1)
    for _ in range(8):
        d = int(rng.integers(1, 5))
        x0, x, eps = rng.standard_normal(d), 2 * rng.standard_normal(d), float(rng.uniform(0.2, 1.5))
        proj = {1: R.project_l1, 2: R.project_l2, INF: R.project_linf}[p](x, x0, eps)
        assert np.allclose(proj, _qp_projection(x, x0, eps, p), atol=1e-5)
        assert R.projection_gap(x, proj, x0, eps, p) <= 1e-9


def test_exact_l1_projection_and_gap() -> None:
    x, x0, eps = [Fraction(3), Fraction(1), Fraction(-2)], [Fraction(0)] * 3, Fraction(2)
    p = R.project_l1(x, x0, eps)
    assert p == [Fraction(3, 2), 0, Fraction(-1, 2)] and R.norm(p, 1) == eps
    assert R.projection_gap(x, p, x0, eps, 1) == 0
    assert R.project_l1([Fraction(1, 2)], [Fraction(0)], Fraction(1)) == [Fraction(1, 2)]
    rescaled = [a * eps / R.norm(x, 1) for a in x]
    assert R.projection_gap(x, rescaled, x0, eps, 1) > 0


def test_grid_probabilities_against_quadrature() -> None:
    breaks = ([-0.5, 0.7], [0.2])
    labels = np.array([[0, 1], [1, 2], [2, 0]])
    x, sigma = [0.3, -0.1], 0.8
    probs = R.grid_class_probabilities(breaks, labels, x, sigma, 3)
    assert abs(probs.sum() - 1) < 1e-14
    # class 1 = cells (0,1) and (1,0): (-inf,-0.5)x[0.2,inf) and [-0.5,0.7)x(-inf,0.2)
    px = lambda a, b: gauss.cdf((b - x[0]) / sigma) - gauss.cdf((a - x[0]) / sigma)  # noqa: E731
    py = lambda a, b: gauss.cdf((b - x[1]) / sigma) - gauss.cdf((a - x[1]) / sigma)  # noqa: E731
    ref = px(-np.inf, -0.5) * py(0.2, np.inf) + px(-0.5, 0.7) * py(-np.inf, 0.2)
    assert abs(probs[1] - ref) < 1e-14
    quad, _ = dblquad(lambda v, u: gauss.pdf(u, x[0], sigma) * gauss.pdf(v, x[1], sigma),
                      -0.5, 0.7, -8, 0.2)
    assert abs(quad - px(-0.5, 0.7) * py(-np.inf, 0.2)) < 1e-8


def test_grid_gradient_against_finite_differences() -> None:
    breaks = ([-0.3, 0.4], [0.0, 1.0])
    values = np.array([[1.0, -1.0, 0.5], [0.0, 1.0, -0.2], [-1.0, 0.3, 1.0]])
    x = np.array([0.1, 0.6])

    def smooth(z: np.ndarray) -> float:
        return float(np.sum(values * R.grid_cell_masses(breaks, z, 1.0)))

    h = 1e-6
    fd = [(smooth(x + h * e) - smooth(x - h * e)) / (2 * h) for e in np.eye(2)]
    assert np.allclose(R.grid_smoothed_gradient(breaks, values, x), fd, atol=1e-8)
    # a sign halfspace through x: gradient norm 2 phi(0) = sqrt(2/pi)
    g = R.grid_smoothed_gradient(([0.0],), np.array([-1.0, 1.0]), [0.0])
    assert abs(g[0] - math.sqrt(2 / math.pi)) < 1e-15


def test_malformed_grids_raise() -> None:
    with pytest.raises(ValueError):
        R.grid_cell_masses(([1.0, 0.0],), [0.0], 1.0)
    with pytest.raises(ValueError):
        R.grid_class_probabilities(([0.0],), np.array([0, 1, 1]), [0.0], 1.0, 2)
    with pytest.raises(ValueError):
        R.grid_cell_masses(([0.0],), [0.0], 0.0)
