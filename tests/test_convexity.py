"""Tests of checks.convexity against independent references: dense float grids, NumPy linear algebra,
finite differences, closed-form ridge solutions and NumPy polynomial roots."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from checks.convexity import (MaxAffineQuadratic, PiecewiseLinear, bottom_direction, centered_pieces,
                              critical_points_between, degenerate_critical_points, local_minimum_brackets,
                              quadratic_value, ridge_gd, ridge_gradient, ridge_gradient_error, stationary_set)

F = Fraction


def _random_pl(rng, m):
    knots = np.cumsum(rng.integers(1, 4, m + 1)).tolist()
    return PiecewiseLinear(tuple(F(k) for k in knots), tuple(F(int(v)) for v in rng.integers(-4, 5, m + 1)))


def test_piecewise_value_slopes_and_convexity():
    f = PiecewiseLinear((F(0), F(1), F(3)), (F(2), F(0), F(4)))
    assert f.value(F(1, 2)) == 1 and f.value(F(2)) == 2
    assert f.slopes == (F(-2), F(2)) and f.convex
    assert f.one_sided_slopes(F(1)) == (F(-2), F(2)) and f.one_sided_slopes(F(0)) == (None, F(-2))
    assert not PiecewiseLinear((F(0), F(1), F(2)), (F(0), F(2), F(0))).convex
    with pytest.raises(ValueError):
        f.value(F(4))
    with pytest.raises(ValueError):
        PiecewiseLinear((F(0), F(0)), (F(1), F(2)))


def test_local_minima_match_a_dense_grid():
    rng = np.random.default_rng(0)
    for _ in range(30):
        f = _random_pl(rng, int(rng.integers(2, 6)))
        xs = np.union1d(np.linspace(float(f.knots[0]), float(f.knots[-1]), 4001), [float(k) for k in f.knots])
        vs = np.interp(xs, [float(k) for k in f.knots], [float(v) for v in f.values])
        h = 1e-3
        for x, v in f.local_minima():
            near = np.interp([max(float(x) - h, xs[0]), min(float(x) + h, xs[-1])],
                             [float(k) for k in f.knots], [float(v) for v in f.values])
            assert np.all(near >= float(v) - 1e-12)
        assert min(v for _, v in f.local_minima()) == min(f.values)
        assert float(min(f.values)) == pytest.approx(vs.min())


def test_max_affine_quadratic_value_subgradient_and_minimizer():
    rng = np.random.default_rng(1)
    pieces = centered_pieces([[1, 2], [-3, 1]])
    assert sum(p[0] for p in pieces) == 0 and sum(p[1] for p in pieces) == 0
    A = ((F(2), F(1)), (F(1), F(1)))
    f = MaxAffineQuadratic(A, pieces, (F(1), F(-1)), F(3))
    An, P, c = np.array(A, dtype=float), np.array(pieces, dtype=float), np.array([1.0, -1.0])
    ref = lambda x: 0.5 * (x - c) @ An @ (x - c) + np.max(P @ (x - c)) + 3
    for _ in range(20):
        x = rng.standard_normal(2) * 3
        xf = tuple(F(float(t)) for t in x)
        assert float(f.value(xf)) == pytest.approx(ref(x), rel=1e-12)
        assert f.value(xf) >= 3
        g = np.array([float(t) for t in f.subgradient(xf)])
        fd = np.array([(ref(x + e * 1e-6) - ref(x - e * 1e-6)) / 2e-6 for e in np.eye(2)])
        assert np.allclose(g, fd, atol=1e-4)
    capped = MaxAffineQuadratic(A, pieces, (F(1), F(-1)), F(3), cap=F(4))
    assert capped.value((F(10), F(10))) == 4 and capped.subgradient((F(10), F(10))) == (0, 0)
    with pytest.raises(ValueError):
        MaxAffineQuadratic(((F(1), F(2)), (F(0), F(1))), pieces, (F(0), F(0)))


def test_stationary_set_against_numpy():
    A = ((2, 2, 0), (2, 2, 0), (0, 0, 1))
    b = (F(4), F(4), F(-1))
    part, null = stationary_set(A, b)
    An = np.array(A, dtype=float)
    assert np.allclose(An @ np.array(part, dtype=float), np.array(b, dtype=float))
    assert len(null) == 3 - np.linalg.matrix_rank(An)
    assert np.allclose(An @ np.array(null[0], dtype=float), 0)
    assert stationary_set(A, (F(1), F(0), F(0))) is None
    w = np.array(part, dtype=float)
    assert float(quadratic_value(A, b, part)) == pytest.approx(0.5 * w @ An @ w - np.array(b, dtype=float) @ w)


def test_bottom_direction_reaches_the_smallest_eigenvalue():
    A = ((F(1), F(2)), (F(2), F(1)))
    v = bottom_direction(A)
    curv = sum(A[i][j] * v[i] * v[j] for i in range(2) for j in range(2))
    assert float(curv) == pytest.approx(-1.0, abs=1e-12)


def test_ridge_gd_reaches_the_closed_form_and_the_error_bound_holds():
    rng = np.random.default_rng(2)
    X, y = rng.standard_normal((5, 3)), rng.standard_normal(5)
    lam = 0.5
    L = np.linalg.eigvalsh(X.T @ X)[-1] + lam
    w = ridge_gd(X, y, lam, np.zeros(3), 1 / L, 3000)
    assert np.allclose(w, np.linalg.solve(X.T @ X + lam * np.eye(3), X.T @ y), atol=1e-10)
    Xf = [[F(float(t)) for t in r] for r in X]
    yf, wf = [F(float(t)) for t in y], [F(float(t)) for t in w]
    r = [sum((a * b for a, b in zip(row, wf)), F(0)) - yi for row, yi in zip(Xf, yf)]
    exact = [sum((Xf[i][j] * r[i] for i in range(5)), F(0)) + F(lam) * wf[j] for j in range(3)]
    err = max(abs(float(F(float(g)) - e)) for g, e in zip(ridge_gradient(X, y, lam, w), exact))
    assert err <= ridge_gradient_error(X, y, lam, w)
    with pytest.raises(ValueError):
        ridge_gd(X, y, -1.0, np.zeros(3), 0.1, 1)


def test_polynomial_brackets_and_critical_points_against_numpy_roots():
    coeffs = [0, -4, 0, 1, 0, 0, 1]          # x^6 + x^3 - 4x... (constant term first)
    crit = np.roots(np.polyder(np.array(coeffs[::-1], dtype=float)))
    real = sorted(c.real for c in crit if abs(c.imag) < 1e-9)
    for a, b in local_minimum_brackets(coeffs, F(-3), F(3), 60):
        assert critical_points_between(coeffs, a, b) >= 1
        assert any(float(a) <= r <= float(b) for r in real)
    assert critical_points_between(coeffs, F(-3), F(3)) == len(real)
    assert degenerate_critical_points([0, 0, 0, 1]) == 1            # x^3: p' = 3x^2
    assert degenerate_critical_points([0, 0, 1]) == 0               # x^2
    with pytest.raises(ValueError):
        local_minimum_brackets(coeffs, F(1), F(0), 10)
