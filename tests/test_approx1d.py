"""Tests of checks.approx1d against quadrature, NumPy polynomial fits and direct Lagrange products."""

from fractions import Fraction

import numpy as np
import pytest
from scipy import integrate

from checks.approx1d import (PeriodicPiecewiseLinear, chebyshev_interpolate, chebyshev_lebesgue, chebyshev_points,
                             equispaced_nodes, interpolate, lagrange_basis, lebesgue_function, least_squares_fit,
                             runge_ellipse_max, squared_loss, vandermonde)

F = PeriodicPiecewiseLinear((Fraction(0), Fraction(1, 5), Fraction(1, 2), Fraction(3, 4)),
                            (Fraction(1), Fraction(-2), Fraction(1, 2), Fraction(3)))


def _f(x: float) -> float:
    xs = [0, 0.2, 0.5, 0.75, 1.0]
    vs = [1, -2, 0.5, 3, 1]
    return float(np.interp(x % 1.0, xs, vs))


def test_fourier_coefficients_match_quadrature():
    pts = [0.2, 0.5, 0.75]
    for k in (1, 2, 5, 9):
        re = integrate.quad(lambda x: _f(x) * np.cos(2 * np.pi * k * x), 0, 1, points=pts, limit=200)[0]
        im = integrate.quad(lambda x: -_f(x) * np.sin(2 * np.pi * k * x), 0, 1, points=pts, limit=200)[0]
        assert abs(F.coefficient(k) - complex(re, im)) < 1e-10


def test_mean_norms_lipschitz():
    pts = [0.2, 0.5, 0.75]
    assert abs(float(F.mean()) - integrate.quad(_f, 0, 1, points=pts)[0]) < 1e-12
    assert abs(float(F.l2_norm_sq()) - integrate.quad(lambda x: _f(x) ** 2, 0, 1, points=pts)[0]) < 1e-12
    assert F.lipschitz() == 15  # slope (-2 - 1)/(1/5)
    assert F.derivative_l2_sq() == sum((b - a) * s * s for (a, b, _, _), s in zip(F.pieces(), F.slopes()))
    # Parseval: the truncation error tends to 0
    assert 0 <= F.truncation_error_sq(200) < 1e-3


def test_bad_piecewise():
    with pytest.raises(ValueError):
        PeriodicPiecewiseLinear((Fraction(0), Fraction(1, 2), Fraction(1, 3)), (1, 2, 3))
    with pytest.raises(ValueError):
        F.coefficient(0)


def test_interpolation_matches_numpy():
    nodes = equispaced_nodes(6)
    f = lambda x: 1 / (1 + 25 * x * x)
    coef = np.polyfit([float(t) for t in nodes], [float(f(t)) for t in nodes], 6)
    for x in (Fraction(-9, 10), Fraction(1, 7), Fraction(2, 3)):
        assert abs(float(interpolate(nodes, f, x)) - np.polyval(coef, float(x))) < 1e-10
    assert sum(lagrange_basis(nodes, Fraction(1, 3))) == 1
    assert lebesgue_function(nodes, nodes[2]) == 1
    with pytest.raises(ValueError):
        lagrange_basis([Fraction(0), Fraction(0)], Fraction(1))


def test_chebyshev_barycentric_matches_lagrange():
    n = 8
    xs = chebyshev_points(n)
    x = np.linspace(-1, 1, 37)
    f = np.exp
    direct = np.zeros_like(x)
    leb = np.zeros_like(x)
    for j in range(n + 1):
        lj = np.prod([(x - xs[i]) / (xs[j] - xs[i]) for i in range(n + 1) if i != j], axis=0)
        direct += f(xs[j]) * lj
        leb += np.abs(lj)
    assert np.max(np.abs(chebyshev_interpolate(f, n, x) - direct)) < 1e-12
    assert np.max(np.abs(chebyshev_lebesgue(n, x) - leb)) < 1e-12


def test_runge_ellipse_max_by_sampling():
    for a, frac in ((25, 0.5), (64, 0.9), (1, 0.3)):
        rho = 1 + frac * (1 / np.sqrt(a) + np.sqrt(1 + 1 / a) - 1)
        w = rho * np.exp(1j * np.linspace(0, 2 * np.pi, 100001))
        z = (w + 1 / w) / 2
        assert abs(np.max(1 / np.abs(1 + a * z * z)) - runge_ellipse_max(a, rho)) < 1e-6
    with pytest.raises(ValueError):
        runge_ellipse_max(25, 1.5)


def test_least_squares_matches_numpy():
    x = [Fraction(0), Fraction(1, 4), Fraction(1, 2), Fraction(7, 8), Fraction(1)]
    y = [Fraction(1), Fraction(-1), Fraction(2), Fraction(0), Fraction(3)]
    for d in (1, 2, 4):
        ref = np.polyfit([float(t) for t in x], [float(t) for t in y], d)[::-1]
        assert np.allclose([float(c) for c in least_squares_fit(x, y, d)], ref, atol=1e-8)
    V = np.array([[float(t) ** j for j in range(5)] for t in x])
    ridge = np.linalg.solve(V.T @ V + 0.5 * np.eye(5), V.T @ np.array([float(t) for t in y]))
    assert np.allclose([float(c) for c in least_squares_fit(x, y, 4, Fraction(1, 2))], ridge)
    assert squared_loss(x, y, least_squares_fit(x, y, 4)) == 0
    assert vandermonde(x, 2).shape == (5, 3)
    with pytest.raises(ValueError):
        least_squares_fit(x, y, 2, Fraction(-1))
