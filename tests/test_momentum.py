"""Tests of checks.momentum against float references and closed forms."""

from fractions import Fraction

import numpy as np
import pytest

from checks.momentum import (chain_minimizer, chain_quadratic, conjugate_gradient, heavy_ball,
                             heavy_ball_velocity, iteration_matrix, nesterov, nesterov_velocity,
                             polyak_parameters)
from checks.preconditioning import quadratic_gradient, quadratic_value

H = np.diag([1.0, 4.0, 9.0])


def grad(x):
    return tuple(H @ np.asarray(x, dtype=float))


def test_heavy_ball_forms_match_a_float_loop():
    w_prev, w = np.ones(3), np.ones(3)
    for _ in range(10):
        w_prev, w = w, w - 0.1 * H @ w + 0.5 * (w - w_prev)
    assert np.allclose(heavy_ball(grad, np.ones(3), 0.1, 0.5, 10)[-1], w, rtol=1e-13)
    assert np.allclose(heavy_ball_velocity(grad, np.ones(3), 0.1, 0.5, 10)[0][-1], w, rtol=1e-13)


def test_polyak_radius_matches_numpy_eigenvalues():
    eta, beta, rho = polyak_parameters(Fraction(1), Fraction(3))
    for lam in np.linspace(1, 9, 7):
        M = np.array(iteration_matrix(lam, float(eta), float(beta)), dtype=float)
        assert np.isclose(np.abs(np.linalg.eigvals(M)).max(), float(rho), rtol=1e-6)
    with pytest.raises(ValueError):
        polyak_parameters(Fraction(2), Fraction(1))


def test_nesterov_forms_match_float_loops():
    x_prev = x = y = np.ones(3)
    for k in range(1, 8):
        x_prev, x = x, y - 0.1 * H @ y
        y = x + (k - 1) / (k + 2) * (x - x_prev)
    assert np.allclose(nesterov(grad, np.ones(3), 0.1, 7)[-1], x, rtol=1e-13)
    w, u = np.ones(3), np.zeros(3)
    for _ in range(7):
        u = -H @ (w + 0.1 * 0.5 * u) + 0.5 * u
        w = w + 0.1 * u
    assert np.allclose(nesterov_velocity(grad, np.ones(3), 0.1, 0.5, 7)[-1], w, rtol=1e-13)


def test_chain_quadratic_and_cg_match_numpy():
    L, d = Fraction(3), 6
    Hc, b = chain_quadratic(L, d)
    x_star, f_star = chain_minimizer(L, d)
    assert np.allclose(np.linalg.solve(np.array(Hc, dtype=float), np.array(b, dtype=float)),
                       np.array(x_star, dtype=float), rtol=1e-12)
    assert quadratic_value(Hc, b, x_star) == f_star
    assert np.linalg.eigvalsh(np.array(Hc, dtype=float)).max() <= float(L)
    xs = conjugate_gradient(Hc, b, (0,) * d, d + 1)
    assert xs[d] == x_star and xs[d + 1] == x_star
    assert all(v == 0 for v in quadratic_gradient(Hc, b, xs[d]))
    with pytest.raises(ValueError):
        chain_quadratic(L, 0)
    with pytest.raises(ValueError):
        heavy_ball(grad, np.ones(3), 0.1, 0.5, -1)


def test_krylov_method_reproduces_gd_and_checks_shapes():
    from checks.momentum import krylov_method
    coeffs = [[0] * t + [-0.1] for t in range(6)]
    x = np.ones(3)
    for _ in range(6):
        x = x - 0.1 * H @ x
    assert np.allclose(krylov_method(grad, np.ones(3), coeffs)[-1], x, rtol=1e-13)
    with pytest.raises(ValueError):
        krylov_method(grad, np.ones(3), [[1, 2]])
