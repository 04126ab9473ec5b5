"""Exact hyperplane arrangements and the linear regions of ReLU networks, with Fractions.

A hyperplane of R^d is a pair ``(w, c)``: the set ``{x : w·x = c}`` (``w ≠ 0``).  :func:`regions`
counts the connected components of the complement of a finite arrangement by deletion–restriction,
``r(A) = r(A \\ H) + r(A|H)``: removing H merges exactly the pairs of regions that H separates, and
those pairs are the regions of the arrangement that the others cut on H (a (d−1)-dimensional space).
:func:`line_regions_euler` counts the regions of lines in the plane independently, by Euler's formula
F = 1 + E − V.  :func:`net_regions_2d` splits a convex polygon exactly along the switching lines of a
ReLU network with two inputs, layer by layer, and returns every activation region with the affine map
the network computes there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from math import comb

Hyperplane = tuple[tuple[Fraction, ...], Fraction]
Point = tuple[Fraction, Fraction]


def hyperplane(w: Sequence[int | Fraction], c: int | Fraction) -> Hyperplane:
    """``{x : w·x = c}`` with exact coordinates; a zero normal raises ValueError."""
    w = tuple(Fraction(v) for v in w)
    if not w or all(v == 0 for v in w):
        raise ValueError(f"a hyperplane needs a nonzero normal, got {w}")
    return w, Fraction(c)


def _normalized(h: Hyperplane) -> Hyperplane:
    """The same hyperplane scaled so that its first nonzero normal coordinate is 1."""
    w, c = h
    p = next(v for v in w if v != 0)
    return tuple(v / p for v in w), c / p


def _restrict(h: Hyperplane, others: Sequence[Hyperplane]) -> list[Hyperplane]:
    """The traces on ``h`` of the hyperplanes ``others``, in coordinates x_j (j ≠ k) of ``h``, where
    x_k = (c − Σ_{j≠k} w_j x_j)/w_k is eliminated.  A parallel hyperplane leaves no trace."""
    w, c = h
    k = next(i for i, v in enumerate(w) if v != 0)
    out = []
    for v, e in others:
        r = v[k] / w[k]
        nv = tuple(v[j] - r * w[j] for j in range(len(w)) if j != k)
        if any(x != 0 for x in nv):
            out.append((nv, e - r * c))
    return out


def _count(arr: frozenset[Hyperplane], d: int, memo: dict) -> int:
    if not arr or d == 0:
        return 1
    key = (arr, d)
    if key not in memo:
        h = min(arr)
        rest = arr - {h}
        trace = frozenset(_normalized(t) for t in _restrict(h, sorted(rest)))
        memo[key] = _count(rest, d, memo) + _count(trace, d - 1, memo)
    return memo[key]


def regions(arrangement: Sequence[Hyperplane]) -> int:
    """The number of regions of ``R^d \\ ∪ H`` (repeated hyperplanes count once)."""
    if not arrangement:
        return 1
    dims = {len(w) for w, _ in arrangement}
    if len(dims) != 1:
        raise ValueError(f"hyperplanes of different dimensions: {sorted(dims)}")
    for w, _ in arrangement:
        if all(v == 0 for v in w):
            raise ValueError("a hyperplane needs a nonzero normal")
    return _count(frozenset(_normalized(h) for h in arrangement), dims.pop(), {})


def zaslavsky_bound(n: int, d: int) -> int:
    """``Σ_{i≤d} C(n, i)``: the number of regions of n hyperplanes in general position in R^d."""
    if n < 0 or d < 0:
        raise ValueError(f"need n, d >= 0, got n = {n}, d = {d}")
    return sum(comb(n, i) for i in range(d + 1))


def _rank(rows: Sequence[Sequence[Fraction]]) -> int:
    """Rank by exact Gaussian elimination."""
    m = [list(r) for r in rows]
    rank, cols = 0, len(m[0]) if m else 0
    for col in range(cols):
        piv = next((i for i in range(rank, len(m)) if m[i][col] != 0), None)
        if piv is None:
            continue
        m[rank], m[piv] = m[piv], m[rank]
        for i in range(len(m)):
            if i != rank and m[i][col] != 0:
                f = m[i][col] / m[rank][col]
                m[i] = [a - f * b for a, b in zip(m[i], m[rank])]
        rank += 1
    return rank


def in_general_position(arrangement: Sequence[Hyperplane]) -> bool:
    """Every k ≤ d normals are independent and no d + 1 hyperplanes share a point (the augmented
    rows ``(w, c)`` of any d + 1 of them have rank d + 1)."""
    if not arrangement:
        return True
    d = len(arrangement[0][0])
    for k in range(1, min(d, len(arrangement)) + 1):
        for sub in combinations(arrangement, k):
            if _rank([w for w, _ in sub]) < k:
                return False
    for sub in combinations(arrangement, d + 1):
        if _rank([(*w, c) for w, c in sub]) < d + 1:
            return False
    return True


def line_regions_euler(lines: Sequence[Hyperplane]) -> int:
    """Regions of distinct lines ``a x + b y = c`` by Euler's formula F = 1 + E − V, where V is the
    set of crossing points and each line is cut into (its number of crossing points + 1) edges."""
    distinct = sorted({_normalized(h) for h in lines})
    if any(len(w) != 2 for w, _ in distinct):
        raise ValueError("line_regions_euler needs lines in the plane")
    on_line: list[set[Point]] = [set() for _ in distinct]
    for (i, ((a1, b1), c1)), (j, ((a2, b2), c2)) in combinations(enumerate(distinct), 2):
        det = a1 * b2 - a2 * b1
        if det != 0:
            p = ((c1 * b2 - c2 * b1) / det, (a1 * c2 - a2 * c1) / det)
            on_line[i].add(p)
            on_line[j].add(p)
    vertices = set().union(*on_line) if on_line else set()
    edges = sum(len(s) + 1 for s in on_line)
    return 1 + edges - len(vertices)


# --- convex polygons and ReLU networks with two inputs -----------------------------------------------

Affine2 = tuple[Fraction, Fraction, Fraction]   # (a, b, c): (x, y) ↦ a x + b y + c


def _at(f: Affine2, p: Point) -> Fraction:
    return f[0] * p[0] + f[1] * p[1] + f[2]


def split_polygon(poly: Sequence[Point], f: Affine2) -> tuple[list[Point], list[Point]]:
    """The parts of a convex polygon where ``f >= 0`` and ``f <= 0`` (vertices in order, with the
    crossing points added on the edges where ``f`` changes sign); a part without a vertex strictly
    on its side has no area and is returned empty (a polygon on which ``f`` vanishes counts as the
    ``f <= 0`` part)."""
    pos: list[Point] = []
    neg: list[Point] = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        fp, fq = _at(f, p), _at(f, q)
        if fp >= 0:
            pos.append(p)
        if fp <= 0:
            neg.append(p)
        if fp * fq < 0:
            t = fp / (fp - fq)
            x = (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
            pos.append(x)
            neg.append(x)
    vals = [_at(f, p) for p in poly]
    has_pos = any(v > 0 for v in vals)
    return (pos if has_pos else []), (neg if any(v < 0 for v in vals) or not has_pos else [])


def centroid(poly: Sequence[Point]) -> Point:
    """The mean of the vertices (an interior point of a convex polygon with positive area)."""
    n = len(poly)
    return sum((p[0] for p in poly), Fraction(0)) / n, sum((p[1] for p in poly), Fraction(0)) / n


@dataclass(frozen=True)
class Region:
    """A convex polygon on which every unit keeps one sign; ``out`` is the affine map computed there."""

    polygon: tuple[Point, ...]
    out: Affine2


def _combine(w: Sequence[Sequence[Fraction]], b: Sequence[Fraction], hs: Sequence[Affine2]) -> list[Affine2]:
    return [(sum((wij * h[0] for wij, h in zip(row, hs)), Fraction(0)),
             sum((wij * h[1] for wij, h in zip(row, hs)), Fraction(0)),
             bi + sum((wij * h[2] for wij, h in zip(row, hs)), Fraction(0))) for row, bi in zip(w, b)]


def net_regions_2d(weights: Sequence[Sequence[Sequence[Fraction]]], biases: Sequence[Sequence[Fraction]],
                   out_w: Sequence[Fraction], out_b: Fraction, box: Sequence[Point],
                   jump: Fraction = Fraction(0)) -> list[Region]:
    """The activation regions inside the convex polygon ``box`` of the net
    ``x ↦ out_w·h_L + out_b``, ``h_l = σ(W_l h_{l−1} + b_l)``, ``h_0 = x ∈ R^2``, with the affine map
    of each region.  ``σ(z) = z + jump`` for z > 0 and 0 otherwise (``jump = 0``: ReLU); on the
    closed region the map uses the branch of the region's interior."""
    if not weights or len(weights) != len(biases):
        raise ValueError("need at least one hidden layer and one bias vector per layer")
    if any(len(row) != 2 for row in weights[0]):
        raise ValueError("the first layer must take two inputs")
    cells: list[tuple[list[Point], list[Affine2]]] = [(list(box), [(Fraction(1), Fraction(0), Fraction(0)),
                                                                 (Fraction(0), Fraction(1), Fraction(0))])]
    for w, b in zip(weights, biases):
        new = []
        for poly, hs in cells:
            zs = _combine(w, b, hs)
            parts = [poly]
            for z in zs:
                parts = [piece for part in parts for piece in split_polygon(part, z) if piece]
            for part in parts:
                m = centroid(part)
                act = [(z[0], z[1], z[2] + jump) if _at(z, m) > 0 else (Fraction(0),) * 3 for z in zs]
                new.append((part, act))
        cells = new
    return [Region(tuple(poly), _combine([out_w], [out_b], hs)[0]) for poly, hs in cells]


def forward_2d(weights: Sequence[Sequence[Sequence[Fraction]]], biases: Sequence[Sequence[Fraction]],
               out_w: Sequence[Fraction], out_b: Fraction, p: Point, jump: Fraction = Fraction(0)) -> Fraction:
    """The net of :func:`net_regions_2d` at one point, by an exact forward pass."""
    h = list(p)
    for w, b in zip(weights, biases):
        z = [bi + sum((wij * v for wij, v in zip(row, h)), Fraction(0)) for row, bi in zip(w, b)]
        h = [v + jump if v > 0 else Fraction(0) for v in z]
    return out_b + sum((a * v for a, v in zip(out_w, h)), Fraction(0))
