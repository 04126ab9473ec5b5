"""Exact Pareto sets and scalarizations against an exact sweep over all critical weight ratios."""

from fractions import Fraction

import numpy as np
import pytest

from checks.pareto import (chebyshev_minimizers, chebyshev_weights, lower_left_hull, pareto_set,
                           supported_set, weighted_sum_minimizers)

F = Fraction


def test_planted_unsupported_point():
    pts = [(F(0), F(1)), (F(1), F(0)), (F(3, 5), F(3, 5)), (F(1), F(1))]
    assert set(pareto_set(pts)) == set(pts[:3])
    assert set(supported_set(pts)) == {pts[0], pts[1]} == set(lower_left_hull(pts))
    w, z = chebyshev_weights(pts, pts[2])
    assert chebyshev_minimizers(pts, w, z) == [pts[2]]


def test_supported_against_exact_ratio_sweep():
    rng = np.random.default_rng(3)
    for _ in range(15):
        raw = {tuple(int(v) for v in rng.integers(0, 12, 2)) for _ in range(8)}
        pts = [tuple(map(F, p)) for p in raw]
        # the minimizer set of f1 + t f2 changes only at ratios where two points tie
        ts = sorted({-(q[0] - p[0]) / (q[1] - p[1]) for p in pts for q in pts
                     if q[1] != p[1] and -(q[0] - p[0]) / (q[1] - p[1]) > 0})
        probes = ts + [a / 2 + b / 2 for a, b in zip(ts, ts[1:])] + [F(1, 1000), F(1000)] + [t * 2 for t in ts[-1:]]
        swept = set()
        for t in probes:
            swept |= set(weighted_sum_minimizers(pts, [F(1), t]))
        assert swept == set(supported_set(pts)) == set(lower_left_hull(pts))


def test_malformed():
    with pytest.raises(ValueError):
        pareto_set([])
    with pytest.raises(ValueError):
        pareto_set([(F(1), F(2)), (F(1), F(2))])
