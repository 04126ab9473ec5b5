"""Exact arrangement counts against Euler's formula, sign-pattern sampling and closed forms."""

from fractions import Fraction
from math import comb

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from checks.arrangements import (centroid, forward_2d, hyperplane, in_general_position, line_regions_euler,
                                 net_regions_2d, regions, split_polygon, zaslavsky_bound)

F = Fraction
small = st.integers(-3, 3)
lines_st = st.lists(st.tuples(small, small, small).filter(lambda t: t[0] or t[1]), min_size=0, max_size=7)


@settings(max_examples=60, deadline=None)
@given(lines_st)
def test_deletion_restriction_matches_euler(ts):
    lines = [hyperplane(t[:2], t[2]) for t in ts]
    assert regions(lines) == line_regions_euler(lines)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(small, small, small, small).filter(lambda t: any(t[:3])), max_size=5),
       st.integers(0, 2**32 - 1))
def test_sampled_sign_patterns_are_a_lower_bound_in_3d(ts, seed):
    planes = [hyperplane(t[:3], t[3]) for t in ts]
    x = np.random.default_rng(seed).uniform(-30, 30, size=(4000, 3))
    if planes:
        W = np.array([[float(v) for v in w] for w, _ in planes])
        c = np.array([float(c) for _, c in planes])
        seen = {tuple(r) for r in (x @ W.T > c)}
    else:
        seen = {()}
    assert len(seen) <= regions(planes)


def test_closed_forms():
    # n points on the line: n + 1 intervals; n parallel lines: n + 1 strips; a pencil of n lines: 2n
    assert regions([hyperplane([1], k) for k in range(5)]) == 6
    assert regions([hyperplane([1, 1], k) for k in range(4)]) == 5
    assert regions([hyperplane([1, k], 0) for k in range(4)]) == 8
    # the coordinate hyperplanes of R^3 give 8 octants; repeated hyperplanes count once
    assert regions([hyperplane(e, 0) for e in ([1, 0, 0], [0, 1, 0], [0, 0, 1], [2, 0, 0])]) == 8
    assert regions([]) == 1
    assert zaslavsky_bound(3, 2) == 7 and zaslavsky_bound(4, 3) == 15 and zaslavsky_bound(2, 5) == 4


def test_general_position_gives_zaslavsky_count():
    # hyperplanes tangent to the moment curve (t, t^2, t^3) are in general position
    for d in (1, 2, 3):
        for n in range(7):
            hs = [hyperplane([t ** (i + 1) for i in range(d)], t ** (d + 1) + 1) for t in range(1, n + 1)]
            assert in_general_position(hs)
            assert regions(hs) == sum(comb(n, i) for i in range(d + 1))


def test_general_position_detects_degeneracy():
    assert not in_general_position([hyperplane([1, 0], 0), hyperplane([2, 0], 1)])
    assert not in_general_position([hyperplane([1, 0], 0), hyperplane([0, 1], 0), hyperplane([1, 1], 0)])
    assert in_general_position([hyperplane([1, 0], 0), hyperplane([0, 1], 0), hyperplane([1, 1], 1)])


def test_bad_input_raises():
    with pytest.raises(ValueError):
        hyperplane([0, 0], 1)
    with pytest.raises(ValueError):
        regions([hyperplane([1, 0], 0), hyperplane([1], 0)])
    with pytest.raises(ValueError):
        zaslavsky_bound(-1, 2)


def test_split_polygon_square():
    sq = [(F(0), F(0)), (F(1), F(0)), (F(1), F(1)), (F(0), F(1))]
    pos, neg = split_polygon(sq, (F(1), F(0), F(-1, 2)))
    assert sorted(pos) == [(F(1, 2), F(0)), (F(1, 2), F(1)), (F(1), F(0)), (F(1), F(1))]
    assert len(neg) == 4
    pos, neg = split_polygon(sq, (F(1), F(0), F(0)))   # touches an edge only
    assert neg == [] and len(pos) == 4


BOX = [(F(-100), F(-100)), (F(100), F(-100)), (F(100), F(100)), (F(-100), F(100))]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(small, small, small).filter(lambda t: t[0] or t[1]), min_size=1, max_size=6),
       st.integers(0, 2**32 - 1))
def test_one_layer_regions_in_a_large_box(ts, seed):
    # every crossing point and every line meets the box [-100, 100]^2 (|c| <= 3, coefficients >= 1)
    w = [[F(a), F(b)] for a, b, _ in ts]
    bias = [F(-c) for _, _, c in ts]
    rng = np.random.default_rng(seed)
    out = [F(int(v)) for v in rng.integers(-3, 4, size=len(ts))]
    regs = net_regions_2d([w], [bias], out, F(1), BOX)
    assert len(regs) == regions([hyperplane(t[:2], t[2]) for t in ts])
    for r in regs:   # the network is affine on each closed region: matches at vertices and centroid
        for p in (*r.polygon, centroid(r.polygon)):
            assert forward_2d([w], [bias], out, F(1), p) == r.out[0] * p[0] + r.out[1] * p[1] + r.out[2]


def test_deep_net_regions_match_float_forward_pass():
    w1 = [[F(1), F(2)], [F(-1), F(1)], [F(2), F(-1)]]
    b1 = [F(0), F(1, 2), F(-1, 3)]
    w2 = [[F(1), F(-2), F(1)], [F(-1), F(1), F(2)]]
    b2 = [F(1, 5), F(-1, 7)]
    out = [F(3), F(-1)]
    regs = net_regions_2d([w1, w2], [b1, b2], out, F(0), BOX)
    assert len(regs) <= zaslavsky_bound(3, 2) * zaslavsky_bound(2, 2)
    for r in regs:
        m = centroid(r.polygon)
        x = np.array([float(m[0]), float(m[1])])
        h = np.maximum(np.array(w1, dtype=float) @ x + np.array(b1, dtype=float), 0)
        h = np.maximum(np.array(w2, dtype=float) @ h + np.array(b2, dtype=float), 0)
        val = float(np.array(out, dtype=float) @ h)
        assert abs(val - float(r.out[0] * m[0] + r.out[1] * m[1] + r.out[2])) <= 1e-9 * (1 + abs(val))


def test_split_polygon_by_a_vanishing_map_keeps_the_polygon():
    sq = [(F(0), F(0)), (F(1), F(0)), (F(1), F(1)), (F(0), F(1))]
    pos, neg = split_polygon(sq, (F(0), F(0), F(0)))
    assert pos == [] and neg == sq
