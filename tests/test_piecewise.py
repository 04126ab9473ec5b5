"""Exact PL arithmetic against dense float evaluation with NumPy and against closed forms."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from checks import piecewise as pw
from checks.strategies import relu_networks as rn

GRID = np.linspace(0.0, 1.0, 4001)


def floats(f: pw.PL, x: np.ndarray = GRID) -> np.ndarray:
    """Dense float evaluation of a PL function (NumPy's linear interpolation)."""
    return np.interp(x, [float(v) for v in f.xs], [float(v) for v in f.ys])


@st.composite
def pls(draw: st.DrawFn, lo: F = F(0), hi: F = F(1), max_knots: int = 8) -> pw.PL:
    n = draw(st.integers(0, max_knots))
    inner = sorted(draw(st.lists(rn.fractions(lo + F(1, 64), hi - F(1, 64), 64), max_size=n, unique=True)))
    xs = [lo] + [x for x in inner if lo < x < hi] + [hi]
    ys = draw(st.lists(rn.fractions(-2, 2, 16), min_size=len(xs), max_size=len(xs)))
    return pw.pl(xs, ys)


def test_malformed_input_raises() -> None:
    with pytest.raises(ValueError):
        pw.pl([0, 0], [1, 2])
    with pytest.raises(ValueError):
        pw.pl([0, 1], [1])
    with pytest.raises(ValueError):
        pw.pl([0, 0.5, 1], [0, 1, 0])  # floats are refused
    with pytest.raises(ValueError):
        pw.evaluate(pw.tent(), F(3, 2))
    with pytest.raises(ValueError):
        pw.add(pw.tent(), pw.identity(0, 2))
    with pytest.raises(ValueError):
        pw.compose(pw.tent(), pw.affine(2, 0))  # range [0, 2] leaves the tent's domain
    with pytest.raises(ValueError):
        pw.ReLUNet((((F(1),), (F(1),)),), ((F(0),),), (F(1),), F(0))
    with pytest.raises(ValueError):
        pw.tent_iterate(-1)
    with pytest.raises(ValueError):
        pw.stack_shallow([pw.affine(2, 0), pw.tent()])


@settings(max_examples=60, deadline=None)
@given(pls(), pls(), rn.fractions(-3, 3, 8))
def test_arithmetic_matches_numpy(f: pw.PL, g: pw.PL, c: F) -> None:
    tol = 1e-12
    assert np.allclose(floats(pw.add(f, g)), floats(f) + floats(g), atol=tol)
    assert np.allclose(floats(pw.scale(f, c)), float(c) * floats(f), atol=tol)
    assert np.allclose(floats(pw.linear_combination([f, g], [c, 2], 1)),
                       float(c) * floats(f) + 2 * floats(g) + 1, atol=tol)
    assert np.allclose(floats(pw.relu(f)), np.maximum(floats(f), 0), atol=tol)
    for x in f.xs:
        assert pw.evaluate(f, x) == f.ys[f.xs.index(x)]
    assert pw.integral(f) == pytest.approx(np.trapezoid(floats(f), GRID), abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(pls(max_knots=6), pls(max_knots=6))
def test_compose_matches_numpy(f: pw.PL, g: pw.PL) -> None:
    lo, hi = min(g.ys), max(g.ys)
    f = pw.pl([lo - 1] + [lo + (hi - lo + 1) * x for x in f.xs[1:]], f.ys)  # f now covers g's range
    h = pw.compose(f, g)
    expected = np.interp(floats(g), [float(v) for v in f.xs], [float(v) for v in f.ys])
    assert np.allclose(floats(h), expected, atol=1e-12)
    assert pw.pieces(h) <= pw.pieces(f) * pw.pieces(g)


@settings(max_examples=60, deadline=None)
@given(pls(), pls())
def test_l1_distance_matches_quadrature(f: pw.PL, g: pw.PL) -> None:
    # |f - g| is PL; the trapezoid rule errs only on cells holding a kink, by <= h²·(slope jump)/8 each:
    # slopes are <= 4·64 = 256, h = 5e-6, at most 20 kinks, so the error is below 1e-7
    exact = pw.l1_distance(f, g)
    x = np.linspace(0, 1, 200001)
    quad = np.trapezoid(np.abs(floats(f, x) - floats(g, x)), x)
    assert float(exact) == pytest.approx(quad, abs=1e-6)
    assert pw.l1_distance(f, g) == pw.l1_distance(g, f)
    assert pw.l1_distance(f, f) == 0


@settings(max_examples=60, deadline=None)
@given(pls())
def test_pieces_and_simplify(f: pw.PL) -> None:
    s = pw.simplify(f)
    assert np.allclose(floats(s), floats(f), atol=1e-12)
    sl = pw.slopes(s)
    assert all(a != b for a, b in zip(sl, sl[1:]))
    assert pw.pieces(f) == len(s.xs) - 1
    # inserting a collinear knot changes nothing
    x0, x1 = f.xs[0], f.xs[1]
    mid = (x0 + x1) / 2
    g = pw.pl([x0, mid] + list(f.xs[1:]), [f.ys[0], pw.evaluate(f, mid)] + list(f.ys[1:]))
    assert pw.pieces(g) == pw.pieces(f)


def test_tent_closed_forms() -> None:
    f = pw.tent_iterate(1)
    assert f == pw.tent()
    h = pw.tent()
    for k in range(1, 9):
        f = pw.tent_iterate(k)
        assert pw.network_pl(pw.tent_network(k)) == f
        if k > 1:
            h = pw.compose(pw.tent(), h)
        assert h == f
        assert pw.pieces(f) == 2 ** k and pw.teeth(f) == 2 ** (k - 1)
        assert pw.integral(f) == F(1, 2)
        assert pw.l1_distance(f, pw.constant(F(1, 2))) == F(1, 4)
        for x in [F(j, 7 * 2 ** k) for j in range(7 * 2 ** k + 1)]:
            assert pw.tent_value(k, x) == pw.evaluate(f, x)
    assert np.allclose(floats(pw.tent_iterate(5)), 1 - np.abs(2 * ((16 * GRID) % 1) - 1), atol=1e-12)


def test_teeth() -> None:
    assert pw.teeth(pw.pl([0, 1, 2, 3], [0, 1, 1, 0])) == 1  # a flat top counts once
    assert pw.teeth(pw.pl([0, 1, 2], [0, 1, 2])) == 0
    assert pw.teeth(pw.pl([0, 1, 2, 3, 4], [1, 0, 1, 0, 1])) == 1


@settings(max_examples=40, deadline=None)
@given(rn.nets(3, 3))
def test_network_pl_matches_float_forward_pass(net: pw.ReLUNet) -> None:
    f = pw.network_pl(net)
    ref = pw.network_float(net, GRID)
    scale = 1 + np.max(np.abs(ref))
    assert np.allclose(floats(f), ref, atol=1e-9 * scale)
    for x in [F(0), F(1, 3), F(5, 7), F(1)]:
        assert pw.evaluate(f, x) == pw.network_at(net, x)
    bound = 1
    for m in net.widths:
        bound *= m + 1
    assert pw.pieces(f) <= bound


def test_network_on_other_intervals() -> None:
    # on [-1, 2] the tent module with its outer ReLU is the tent extended by 0 (4 pieces)
    module = pw.ReLUNet((((F(1),), (F(1),)), ((F(2), F(-4)),)), ((F(0), F(-1, 2)), (F(0),)),
                        (F(1),), F(0))
    f = pw.network_pl(module, -1, 2)
    assert f.xs == (-1, 0, F(1, 2), 1, 2) and f.ys == (0, 0, 1, 0, 0)
    x = np.linspace(-1, 2, 3001)
    assert np.allclose(floats(f, x), pw.network_float(module, x), atol=1e-12)


def test_stack_shallow_and_builders() -> None:
    assert pw.network_pl(rn.sawtooth_layer_stack(2, 3)) == pw.tent_iterate(6)
    g = pw.pl([0, F(1, 4), F(2, 3), 1], [F(1, 2), 1, 0, F(3, 4)])
    assert pw.network_pl(pw.shallow_net(g.xs, g.ys)) == g
    assert pw.network_pl(pw.constant_net(F(1, 2))) == pw.constant(F(1, 2))
    maps = [pw.tent(), pw.pl([0, F(1, 3), 1], [1, 0, F(1, 2)])]
    assert pw.network_pl(pw.stack_shallow(maps)) == pw.simplify(pw.compose(maps[1], maps[0]))
    assert pw.extrema_on(pw.tent(), F(1, 4), F(3, 4)) == (F(1, 2), 1)


def test_l1_fit_reproduces_the_target_at_its_own_knots() -> None:
    k = 3
    knots = [F(j, 8) for j in range(9)]
    values = rn.l1_fit_values(k, knots)
    assert np.allclose(values, [j % 2 for j in range(9)], atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6).flatmap(rn.approximants))
def test_approximants_are_valid(a: rn.Approximant) -> None:
    assert a.g.domain == (0, 1)
    assert 1 <= a.t <= 2 ** (a.k + 6)


@settings(max_examples=40, deadline=None)
@given(rn.nets(3, 4))
def test_network_pl_matches_layerwise_pl_arithmetic(net: pw.ReLUNet) -> None:
    # reference: every unit as relu(linear_combination(previous layer)), one PL function per unit
    h = [pw.identity()]
    for w, b in zip(net.weights, net.biases):
        h = [pw.relu(pw.linear_combination(h, row, bj)) for row, bj in zip(w, b)]
    assert pw.same_function(pw.network_pl(net), pw.linear_combination(h, net.out_w, net.out_b))


@settings(max_examples=40, deadline=None)
@given(pls(), pls(), st.lists(rn.fractions(F(1, 32), F(31, 32), 32), min_size=1, max_size=4, unique=True))
def test_l1_distances_split_the_integral(f: pw.PL, g: pw.PL, inner: list[F]) -> None:
    cuts = [F(0), *sorted(inner), F(1)]
    parts = pw.l1_distances(f, g, cuts)
    assert sum(parts) == pw.l1_distance(f, g)
    for (a, b), part in zip(zip(cuts, cuts[1:]), parts):
        assert part == pw.l1_distance(pw.restrict(f, a, b), pw.restrict(g, a, b))
    with pytest.raises(ValueError):
        pw.l1_distances(f, g, [F(1, 2), F(1, 4)])


@settings(max_examples=40, deadline=None)
@given(pls(), rn.fractions(-2, 2, 16), rn.fractions(-2, 2, 16))
def test_level_set_measure_and_extrema(f: pw.PL, a: F, b: F) -> None:
    if a == b:
        return
    a, b = min(a, b), max(a, b)
    x = np.linspace(0, 1, 400001)
    y = floats(f, x)
    # the fraction of grid points with a <= f <= b estimates the length; flat cells exactly at a level are
    # counted whole by both, and the grid error is at most (number of cells)·2/400000
    frac = np.mean((y >= float(a) - 1e-12) & (y <= float(b) + 1e-12))
    assert float(pw.level_set_measure(f, a, b)) == pytest.approx(frac, abs=20 / 400000 + 1e-9)
    lo, hi = pw.extrema_on(f, F(1, 5), F(3, 5))
    pts = np.concatenate([np.linspace(0.2, 0.6, 4001), [float(x) for x in f.xs if F(1, 5) <= x <= F(3, 5)]])
    sub = floats(f, pts)  # the extrema of a PL function sit at the ends or at knots
    assert float(lo) == pytest.approx(sub.min(), abs=1e-12) and float(hi) == pytest.approx(sub.max(), abs=1e-12)


def test_same_function_ignores_collinear_knots() -> None:
    assert pw.same_function(pw.pl([0, F(1, 2), 1], [0, F(1, 2), 1]), pw.identity())
    assert not pw.same_function(pw.identity(), pw.identity(0, 2))
    assert pw.network_at(pw.tent_network(3), F(1, 8)) == 1
    assert np.allclose(pw.network_float(pw.tent_network(3), GRID), floats(pw.tent_iterate(3)), atol=1e-12)
