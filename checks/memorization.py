"""Exact memorization of finite data sets: a one-hidden-layer ReLU net through a projection
(Zhang et al. 2017, Thm 1) and the nearest-neighbour rule, with Fractions throughout.

Points are tuples of rationals.  :func:`injective_direction` returns an integer vector ``a`` with
``aᵀx_i`` pairwise distinct (a balanced base-``(2R+1)`` code of the integer-scaled coordinates), and
:func:`memorizer` builds ``x ↦ Σ_j w_j ReLU(aᵀx − b_j)`` with ``b_1 < z_1 < b_2 < z_2 < … < b_n < z_n``
(``z`` the sorted projections), so that ``A_ij = ReLU(z_i − b_j)`` is lower triangular with a positive
diagonal and ``w`` solves ``A w = y`` by forward substitution.  The scalar part is a
:class:`checks.piecewise.ReLUNet`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

from checks.piecewise import ReLUNet, network_at

Point = tuple[Fraction, ...]


def _points(xs: Sequence[Sequence[Fraction | int]]) -> list[Point]:
    pts = [tuple(Fraction(v) for v in x) for x in xs]
    if not pts or len({len(p) for p in pts}) != 1 or not pts[0]:
        raise ValueError("need at least one point, all of the same positive dimension")
    return pts


def injective_direction(xs: Sequence[Sequence[Fraction | int]]) -> tuple[int, ...]:
    """An integer ``a`` with ``aᵀx`` injective on the points: with ``L`` the common denominator and
    ``R = max |L x_ij|``, ``a_j = (2R + 1)^j`` (distinct integer vectors with entries in ``[-R, R]``
    have distinct balanced base-``(2R+1)`` expansions)."""
    pts = _points(xs)
    den = lcm(*(v.denominator for p in pts for v in p))
    r = max(abs(v * den) for p in pts for v in p)
    base = 2 * int(r) + 1
    return tuple(base ** j for j in range(len(pts[0])))


def project(a: Sequence[int | Fraction], x: Sequence[Fraction]) -> Fraction:
    return sum((Fraction(ai) * xi for ai, xi in zip(a, x)), Fraction(0))


def interleaved_biases(z: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """``b_1 = z_1 − 1`` and ``b_j = (z_{j−1} + z_j)/2``, for strictly increasing ``z``."""
    if any(u >= v for u, v in zip(z, z[1:])):
        raise ValueError("projections must be strictly increasing")
    return (z[0] - 1,) + tuple((u + v) / 2 for u, v in zip(z, z[1:]))


def feature_matrix(z: Sequence[Fraction], b: Sequence[Fraction]) -> list[list[Fraction]]:
    """``A_ij = ReLU(z_i − b_j)``."""
    return [[max(zi - bj, Fraction(0)) for bj in b] for zi in z]


def forward_substitution(a: Sequence[Sequence[Fraction]], y: Sequence[Fraction]) -> list[Fraction]:
    """Solve ``A w = y`` for lower-triangular ``A`` with a nonzero diagonal."""
    w: list[Fraction] = []
    for i, row in enumerate(a):
        if row[i] == 0 or any(v != 0 for v in row[i + 1:]):
            raise ValueError("the matrix is not lower triangular with a nonzero diagonal")
        w.append((Fraction(y[i]) - sum((row[j] * w[j] for j in range(i)), Fraction(0))) / row[i])
    return w


@dataclass(frozen=True)
class Memorizer:
    """``x ↦ net(aᵀx)`` with ``net(z) = Σ_j w_j ReLU(z − b_j)`` (no output bias)."""

    direction: tuple[Fraction, ...]
    net: ReLUNet

    def __call__(self, x: Sequence[Fraction]) -> Fraction:
        return network_at(self.net, project(self.direction, x))

    @property
    def parameters(self) -> int:
        """``d`` direction entries, ``n`` biases and ``n`` output weights."""
        return len(self.direction) + 2 * self.net.units

    def __repr__(self) -> str:
        return f"Memorizer(a={list(map(str, self.direction))}, {self.net.units} units)"


def memorizer(xs: Sequence[Sequence[Fraction | int]], ys: Sequence[Fraction | int],
              direction: Sequence[int | Fraction] | None = None,
              biases: Sequence[Fraction] | None = None) -> Memorizer:
    """The interpolating net of Zhang et al. for distinct points ``xs`` and labels ``ys``.

    ``direction`` and ``biases`` override the construction (the projections must still be
    distinct, and the resulting system triangular); the default is :func:`injective_direction`
    and :func:`interleaved_biases`."""
    pts = _points(xs)
    if len(pts) != len(ys):
        raise ValueError("one label per point")
    if len(set(pts)) != len(pts):
        raise ValueError("points must be distinct")
    a = tuple(Fraction(v) for v in (direction if direction is not None else injective_direction(pts)))
    z_of = [project(a, p) for p in pts]
    if len(set(z_of)) != len(z_of):
        raise ValueError("the direction does not separate the points")
    order = sorted(range(len(pts)), key=lambda i: z_of[i])
    z = [z_of[i] for i in order]
    y = [Fraction(ys[i]) for i in order]
    b = tuple(biases) if biases is not None else interleaved_biases(z)
    w = forward_substitution(feature_matrix(z, b), y)
    units = tuple((Fraction(1),) for _ in b)  # unit j: ReLU(z - b_j)
    net = ReLUNet((units,), (tuple(-bj for bj in b),), tuple(w), Fraction(0),
                  name=f"memorizer of {len(pts)} points")
    return Memorizer(a, net)


def rank(matrix: Sequence[Sequence[Fraction]]) -> int:
    """The rank of a rational matrix (Gaussian elimination in exact arithmetic)."""
    rows = [[Fraction(v) for v in r] for r in matrix]
    r = 0
    cols = len(rows[0]) if rows else 0
    for c in range(cols):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c] / rows[r][c]
                rows[i] = [u - f * v for u, v in zip(rows[i], rows[r])]
        r += 1
    return r


def solvable(matrix: Sequence[Sequence[Fraction]], y: Sequence[Fraction]) -> bool:
    """Whether ``A w = y`` has a solution: ``rank [A | y] = rank A``."""
    return rank([list(row) + [Fraction(v)] for row, v in zip(matrix, y)]) == rank(matrix)


def knn_predict(xs: Sequence[Sequence[Fraction]], ys: Sequence[int], x: Sequence[Fraction], k: int = 1) -> int:
    """The ``k``-nearest-neighbour vote at ``x`` (squared Euclidean distance, exact; distance ties broken
    by index, vote ties by the smallest label)."""
    if not 1 <= k <= len(xs):
        raise ValueError(f"need 1 <= k <= n, got k = {k}, n = {len(xs)}")
    dist = [sum(((Fraction(a) - Fraction(b)) ** 2 for a, b in zip(p, x)), Fraction(0)) for p in xs]
    near = sorted(range(len(xs)), key=lambda i: (dist[i], i))[:k]
    votes: dict[int, int] = {}
    for i in near:
        votes[ys[i]] = votes.get(ys[i], 0) + 1
    return min(votes, key=lambda lab: (-votes[lab], lab))
