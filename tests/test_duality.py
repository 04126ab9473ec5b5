"""Exact QP primal and dual solvers against SciPy (SLSQP) and the KKT conditions."""

from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import minimize

from checks.duality import QP, average, dual, dual_function, primal, primal_dual, saddle_regret_bound, solve


def _qp() -> QP:
    return QP.make([[2, 1], [1, 3]], [-4, 1], [[1, 1], [-1, 2]], [1, 2])


def test_primal_and_dual_against_scipy():
    qp = _qp()
    p, x = primal(qp)
    d, lam = dual(qp)
    P, q, G, h = (np.array(a, dtype=float) for a in (qp.P, qp.q, qp.G, qp.h))
    res = minimize(lambda z: 0.5 * z @ P @ z + q @ z, np.zeros(2), method="SLSQP",
                   constraints=[{"type": "ineq", "fun": lambda z: h - G @ z}], tol=1e-12)
    assert np.isclose(float(p), res.fun, atol=1e-8)
    assert p == d
    assert all(l * g == 0 for l, g in zip(lam, qp.g(x)))       # complementary slackness


def test_dual_function_minus_infinity_for_indefinite():
    qp = QP.make([[1, 0], [0, -1]], [0, 0], [[1, 0]], [1])
    assert dual_function(qp, [Fraction(1)]) is None
    assert dual(qp) == (None, [])


def test_solve_and_errors():
    assert solve([[1, 2], [2, 4]], [1, 2]) is None
    assert solve([[2, 0], [0, 4]], [1, 2]) == [Fraction(1, 2), Fraction(1, 2)]
    with pytest.raises(ValueError):
        QP.make([[1, 2], [0, 1]], [0, 0], [], [])
    with pytest.raises(ValueError):
        primal(QP.make([[1]], [0], [[1], [-1]], [-1, -1]))
    with pytest.raises(ValueError):
        primal_dual(_qp(), [0, 0], [0, 0], Fraction(-1), 3)


def test_primal_dual_against_float_iteration_and_regret_bound():
    qp = _qp()
    eta, T = Fraction(1, 8), 20
    run = primal_dual(qp, [0, 0], [0, 0], eta, T)
    P, q, G, h = (np.array(a, dtype=float) for a in (qp.P, qp.q, qp.G, qp.h))
    x, lam = np.zeros(2), np.zeros(2)
    for t in range(T):
        assert np.allclose(np.array(run.x[t], dtype=float), x) and np.allclose(np.array(run.lam[t], dtype=float), lam)
        x, lam = x - 0.125 * (P @ x + q + G.T @ lam), np.maximum(0, lam + 0.125 * (G @ x - h))
    p, xs = primal(qp)
    _, ls = dual(qp)
    regret = sum(qp.lagrangian(xt, [Fraction(0)] * 2) - qp.lagrangian(xs, lt) for xt, lt in zip(run.x, run.lam)) / T
    assert regret <= saddle_regret_bound(qp, run, eta, xs, [Fraction(0)] * 2)
    assert qp.f(average(run.x)) - p <= saddle_regret_bound(qp, run, eta, xs, [Fraction(0)] * 2)
