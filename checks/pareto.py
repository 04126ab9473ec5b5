"""Pareto optimality and scalarization on finite sets of objective vectors (to be minimized), exact.

``p`` dominates ``q`` when ``p <= q`` coordinatewise and ``p != q``; the Pareto set is the set of
non-dominated points.  A point is *supported* when it minimizes a weighted sum ``wᵀf`` for some
``w > 0``.  In two objectives this is decided exactly by intersecting the intervals of admissible
weight ratios; geometrically the supported points are the Pareto points on the lower-left convex hull.
Weighted-Chebyshev scalarization ``max_k w_k (f_k - z_k)`` with a reference ``z`` below the ideal point
and ``w_k = 1/(p_k - z_k)`` has ``p`` as its unique minimizer whenever ``p`` is Pareto-optimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

Point = tuple[Fraction, ...]


def _check(points: Sequence[Point]) -> int:
    if not points:
        raise ValueError("an empty set of objective vectors")
    dims = {len(p) for p in points}
    if len(dims) != 1:
        raise ValueError("objective vectors of different lengths")
    if len(set(points)) != len(points):
        raise ValueError("objective vectors must be distinct")
    if any(isinstance(v, float) for p in points for v in p):
        raise ValueError("exact coordinates only (int or Fraction)")
    return dims.pop()


def dominates(p: Point, q: Point) -> bool:
    return all(a <= b for a, b in zip(p, q)) and tuple(p) != tuple(q)


def pareto_set(points: Sequence[Point]) -> list[Point]:
    """The non-dominated points, by brute force."""
    _check(points)
    return [p for p in points if not any(dominates(q, p) for q in points)]


def weighted_sum_minimizers(points: Sequence[Point], w: Sequence[Fraction]) -> list[Point]:
    """All minimizers of ``wᵀp``."""
    _check(points)
    vals = [sum((Fraction(a) * b for a, b in zip(w, p)), Fraction(0)) for p in points]
    best = min(vals)
    return [p for p, v in zip(points, vals) if v == best]


def supporting_ratio_interval(points: Sequence[Point], p: Point) -> tuple[Fraction, Fraction | None] | None:
    """In two objectives, the set of ``t > 0`` such that ``p`` minimizes ``f_1 + t f_2``, as a closed
    interval ``(lo, hi)`` (``hi = None`` for ``+∞``, ``lo = 0`` meaning ``(0, hi]``); ``None`` if empty."""
    if _check(points) != 2:
        raise ValueError("the ratio interval is for two objectives")
    lo, hi = Fraction(0), None
    for q in points:
        d1, d2 = q[0] - p[0], q[1] - p[1]          # need d1 + t d2 >= 0
        if d2 > 0:
            lo = max(lo, -d1 / d2)
        elif d2 < 0:
            b = d1 / (-d2)
            hi = b if hi is None else min(hi, b)
        elif d1 < 0:
            return None
    if hi is not None and (hi <= 0 or hi < lo):
        return None
    return lo, hi


def supported_set(points: Sequence[Point]) -> list[Point]:
    """Two objectives: the points minimizing ``w_1 f_1 + w_2 f_2`` for some ``w > 0``."""
    return [p for p in points if supporting_ratio_interval(points, p) is not None]


def lower_left_hull(points: Sequence[Point]) -> list[Point]:
    """Two objectives: the Pareto points on the boundary of the convex hull of ``points + R²_{>=0}``
    (the lower-left hull, points on its edges included), by Andrew's monotone chain over the front."""
    front = sorted(pareto_set(points))            # f1 increasing, f2 decreasing
    hull: list[Point] = []
    for p in front:
        # drop the last point while it lies strictly above the chord from its predecessor to p
        while len(hull) >= 2 and ((hull[-1][0] - hull[-2][0]) * (p[1] - hull[-2][1])
                                  - (hull[-1][1] - hull[-2][1]) * (p[0] - hull[-2][0])) < 0:
            hull.pop()
        hull.append(p)
    return hull


def chebyshev_value(p: Point, w: Sequence[Fraction], z: Sequence[Fraction]) -> Fraction:
    """``max_k w_k (p_k - z_k)``."""
    return max(Fraction(a) * (b - c) for a, b, c in zip(w, p, z))


def chebyshev_weights(points: Sequence[Point], p: Point) -> tuple[list[Fraction], list[Fraction]]:
    """The reference ``z = ideal - 1`` and weights ``w_k = 1/(p_k - z_k)`` aimed at ``p``."""
    _check(points)
    z = [min(q[k] for q in points) - 1 for k in range(len(p))]
    return [1 / (a - b) for a, b in zip(p, z)], z


def chebyshev_minimizers(points: Sequence[Point], w: Sequence[Fraction], z: Sequence[Fraction]) -> list[Point]:
    vals = [chebyshev_value(q, w, z) for q in points]
    best = min(vals)
    return [q for q, v in zip(points, vals) if v == best]
