"""Tests of checks.universal against independent references (NumPy, SciPy LP, closed forms)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import linprog

from checks.piecewise import affine, network_float, pl
from checks.universal import (Net, divided_difference, forward, grid_sup_error, grid_table, interpolant_net,
                              lipschitz, narrow_net, reference_bound, step_net, step_sup_error, sup_distance,
                              threshold_sum)

F = Fraction


def _random_pl(rng: np.random.Generator, knots: int):
    xs = [F(0)] + sorted({F(int(k), 48) for k in rng.integers(1, 48, size=knots)}) + [F(1)]
    return pl(xs, [F(int(v), 4) for v in rng.integers(-8, 9, size=len(xs))])


def test_divided_difference_is_the_leading_coefficient():
    rng = np.random.default_rng(0)
    xs = [F(-3), F(-1, 2), F(1, 3), F(2)]
    coef = [F(int(c)) for c in rng.integers(-5, 6, size=4)]
    ys = [sum(c * x ** (3 - i) for i, c in enumerate(coef)) for x in xs]
    assert divided_difference(xs, ys) == coef[0]
    lead = np.polyfit([float(x) for x in xs], [float(y) for y in ys], 3)[0]
    assert abs(lead - float(coef[0])) < 1e-9


def test_reference_bound_matches_the_minimax_lp():
    xs = [F(-1), F(-1, 2), F(1, 2), F(1)]
    ys = [x ** 3 for x in xs]
    # min t s.t. |y_i - (a + b x_i + c x_i²)| <= t, variables (a, b, c, t)
    A, b = [], []
    for x, y in zip(xs, ys):
        row = [1.0, float(x), float(x * x)]
        A.append([*row, -1.0]); b.append(float(y))
        A.append([-v for v in row] + [-1.0]); b.append(-float(y))
    res = linprog([0, 0, 0, 1], A_ub=A, b_ub=b, bounds=[(None, None)] * 3 + [(0, None)])
    assert reference_bound(xs, ys) == F(1, 4)
    assert abs(res.fun - 0.25) < 1e-9


def test_forward_matches_numpy():
    rng = np.random.default_rng(1)
    W1 = [[F(int(v), 4) for v in rng.integers(-8, 9, size=2)] for _ in range(3)]
    b1 = [F(int(v), 4) for v in rng.integers(-8, 9, size=3)]
    a = [F(int(v), 4) for v in rng.integers(-8, 9, size=3)]
    x = [F(1, 3), F(-2, 5)]
    for act, fn in [("relu", lambda t: np.maximum(t, 0)), ("square", np.square), ("affine", lambda t: 2 * t - 1)]:
        net = Net((tuple(map(tuple, W1)),), (tuple(b1),), tuple(a), F(1, 2), act, F(2), F(-1))
        ref = np.array(a, float) @ fn(np.array(W1, float) @ np.array(x, float) + np.array(b1, float)) + 0.5
        assert abs(float(forward(net, x)) - ref) < 1e-12


def test_interpolant_and_narrow_net_match_np_interp():
    rng = np.random.default_rng(2)
    grid = np.linspace(0, 1, 1001)
    for _ in range(5):
        f = _random_pl(rng, 6)
        n = int(rng.integers(2, 10))
        knots = np.linspace(0, 1, n + 1)
        vals = np.interp(knots, [float(x) for x in f.xs], [float(y) for y in f.ys])
        assert np.allclose(network_float(interpolant_net(f, n), grid), np.interp(grid, knots, vals), atol=1e-12)
        net = narrow_net(f)
        assert set(net.widths) == {3}
        ref = np.interp(grid, [float(x) for x in f.xs], [float(y) for y in f.ys])
        assert np.allclose(network_float(net, grid), ref, atol=1e-9)


def test_sup_distance_and_lipschitz():
    f, g = pl([0, F(1, 2), 1], [0, 1, 0]), affine(0, F(1, 4))
    assert sup_distance(f, g) == F(3, 4)
    assert lipschitz(f) == 2


def test_step_net_error_against_sampling():
    rng = np.random.default_rng(3)
    xs = np.linspace(0, 1, 20001)
    for _ in range(5):
        g = _random_pl(rng, 5)
        eps = F(int(rng.integers(1, 8)), 8)
        net = step_net(g, eps, lipschitz(g))
        gx = np.interp(xs, [float(x) for x in g.xs], [float(y) for y in g.ys])
        hx = float(net.c0) + sum(float(a) * (xs >= float(b)) for a, b in zip(net.coeffs, net.thresholds))
        sampled = np.max(np.abs(gx - hx))
        exact = float(step_sup_error(g, net))
        assert sampled <= exact + 1e-12 and exact <= float(eps)
        assert exact - sampled < 2 * float(lipschitz(g)) * (xs[1] - xs[0]) + 1e-12


def test_grid_table_counts_and_error():
    parts = (affine(2, 0), affine(-1, F(1, 2)))
    table = grid_table(parts, F(1, 3))
    assert table.cells == 9
    # from the lower corner g rises by at most 2/3 along x_1 and falls by at most 1/3 along x_2
    assert grid_sup_error(parts, table) == F(2, 3)
    assert grid_sup_error((affine(2, 0), affine(1, 0)), grid_table((affine(2, 0), affine(1, 0)), F(1, 3))) == 1
    u = np.linspace(0, 1, 301)
    X1, X2 = np.meshgrid(u, u, indexing="ij")
    lower = lambda z: np.minimum(np.floor(z * 3), 2) / 3  # noqa: E731
    sampled = np.max(np.abs((2 * X1 - X2) - (2 * lower(X1) - lower(X2))))
    assert abs(sampled - 2 / 3) < 1e-2
    assert grid_table(parts, F(2, 5)).cells == 9  # ⌈5/2⌉² with the last cell cut at 1


def test_threshold_sum_closed_form():
    r, n = F(3, 2), 7
    for k in range(-40, 41):
        t = r * F(k, 40)
        assert threshold_sum(t, r, n) == (r / n) * max(0, (t * n / r).__floor__())


def test_malformed_inputs_raise():
    with pytest.raises(ValueError):
        divided_difference([1, 1], [0, 0])
    with pytest.raises(ValueError):
        Net((((F(1),),),), ((F(0),),), (F(1),), F(0), "tanh")
    with pytest.raises(ValueError):
        step_net(affine(1, 0), F(0), F(1))
    with pytest.raises(ValueError):
        threshold_sum(F(0), F(1), 0)
    with pytest.raises(ValueError):
        interpolant_net(affine(1, 0), 0)
