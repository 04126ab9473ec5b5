"""Tests of checks.preconditioning against NumPy/SciPy references."""

from fractions import Fraction

import numpy as np
import pytest
import scipy.optimize

from checks.preconditioning import (dual_norm_sq, inverse, matmul, norm_sq, preconditioned_gd, solve,
                                    steepest_direction)


def _rational_spd(rng, d):
    B = rng.integers(-3, 4, size=(d, d))
    return tuple(tuple(Fraction(int(x)) for x in row) for row in (B.T @ B + np.eye(d, dtype=int)))


def _fl(A):
    return np.array(A, dtype=float)


def test_solve_and_inverse_match_numpy():
    rng = np.random.default_rng(0)
    P = _rational_spd(rng, 4)
    b = tuple(Fraction(int(x)) for x in rng.integers(-5, 6, size=4))
    assert np.allclose(_fl(solve(P, b)), np.linalg.solve(_fl(P), _fl(b)), rtol=1e-12, atol=1e-12)
    assert matmul(P, inverse(P)) == tuple(tuple(Fraction(int(i == j)) for j in range(4)) for i in range(4))
    with pytest.raises(ValueError):
        solve(((1, 2), (2, 4)), (1, 1))


@pytest.mark.parametrize("norm", ["l1", "l2", "linf", "quadratic"])
def test_steepest_direction_matches_a_constrained_solver(norm):
    rng = np.random.default_rng(1)
    d = 3
    P = _rational_spd(rng, d)
    g = tuple(Fraction(int(x)) for x in rng.integers(-5, 6, size=d))
    u, s2 = steepest_direction(g, norm, P)
    d_star = _fl(u) / np.sqrt(float(s2))
    value = float(np.dot(_fl(g), d_star))
    assert np.isclose(value, -np.sqrt(float(dual_norm_sq(g, norm, P))), rtol=1e-12)
    nrm = {"l1": lambda v: np.abs(v).sum(), "l2": np.linalg.norm, "linf": lambda v: np.abs(v).max(),
           "quadratic": lambda v: np.sqrt(v @ _fl(P) @ v)}[norm]
    best = min((scipy.optimize.minimize(lambda v: _fl(g) @ v, x0, method="SLSQP",
                                        constraints=[{"type": "ineq", "fun": lambda v: 1 - nrm(v)}])
                for x0 in rng.standard_normal((5, d)) * 0.1), key=lambda r: r.fun)
    scaled = best.fun / max(nrm(best.x), 1.0)        # the solver may end slightly outside the ball
    assert scaled >= value - 1e-9 and np.isclose(scaled, value, atol=1e-5)
    assert np.isclose(nrm(d_star), 1.0, rtol=1e-12)
    assert norm_sq(u, norm, P) == s2


def test_steepest_direction_rejects_bad_input():
    with pytest.raises(ValueError):
        steepest_direction((0, 0), "l2")
    with pytest.raises(ValueError):
        steepest_direction((1, 0), "quadratic")
    with pytest.raises(ValueError):
        steepest_direction((1, 0), "l3")


def test_preconditioned_gd_matches_a_float_loop():
    rng = np.random.default_rng(2)
    H, P = _rational_spd(rng, 3), _rational_spd(rng, 3)
    b = (Fraction(1), Fraction(-2), Fraction(3))
    eta = Fraction(1, 10)
    xs = preconditioned_gd(H, b, P, eta, (0, 0, 0), 5)
    x = np.zeros(3)
    for _ in range(5):
        x = x - 0.1 * np.linalg.solve(_fl(P), _fl(H) @ x - _fl(b))
    assert np.allclose(_fl(xs[-1]), x, rtol=1e-10, atol=1e-12)
    with pytest.raises(ValueError):
        preconditioned_gd(H, b, P, eta, (0, 0, 0), -1)
