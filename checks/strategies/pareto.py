"""Strategies for finite sets of objective vectors (to be minimized), with rational weight vectors.

Families: random integer clouds in 2 or 3 objectives; concave two-objective fronts
``(x_i, X² - x_i²)`` (every interior point lies above the chord of its neighbours, hence is Pareto but
unsupported) with dominated points added; the planted set ``{(0, 1), (1, 0), (3/5, 3/5)}``; and clouds
with a tie in the first objective at its minimum (where a zero weight returns a dominated point).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

F = Fraction


@dataclass(frozen=True)
class PointSet:
    points: tuple[tuple[Fraction, ...], ...]
    weights: tuple[tuple[Fraction, ...], ...]
    family: str

    def __repr__(self) -> str:
        pts = ", ".join("(" + ", ".join(str(v) for v in p) + ")" for p in self.points)
        ws = ", ".join("(" + ", ".join(str(v) for v in w) + ")" for w in self.weights)
        return f"PointSet({self.family}: points=[{pts}], weights=[{ws}])"


def _weights(k: int, zero: bool = False):
    lo = 0 if zero else F(1, 8)
    w = st.lists(st.fractions(lo, 8, max_denominator=8), min_size=k, max_size=k).filter(lambda w: any(w))
    return st.lists(w, min_size=1, max_size=4)


@st.composite
def _cloud(draw, k: int):
    raw = draw(st.lists(st.tuples(*[st.integers(0, 12)] * k), min_size=2, max_size=10, unique=True))
    return [tuple(F(v) for v in p) for p in raw]


@st.composite
def _concave_front(draw):
    xs = sorted(draw(st.lists(st.integers(0, 12), min_size=3, max_size=7, unique=True)))
    X = xs[-1] + 1
    pts = [(F(x), F(X * X - x * x)) for x in xs]
    extra = draw(st.lists(st.tuples(st.integers(0, 13), st.integers(0, 170)), max_size=3))
    for e in extra:
        p = (F(e[0]), F(e[1]))
        if p not in pts and any(q[0] <= p[0] and q[1] <= p[1] for q in pts):
            pts.append(p)
    return pts


PLANTED = [(F(0), F(1)), (F(1), F(0)), (F(3, 5), F(3, 5))]


@st.composite
def point_sets(draw, dims: tuple[int, ...] = (2, 3), planted: bool = True) -> PointSet:
    """Clouds in the given numbers of objectives, two-objective concave fronts, and (if ``planted``)
    the planted three-point set."""
    options = [_cloud(k).map(lambda p, k=k: (p, f"cloud-{k}d")) for k in dims]
    if 2 in dims:
        options.append(_concave_front().map(lambda p: (p, "concave-front")))
        if planted:
            options.append(st.just((PLANTED, "planted")))
    pts, fam = draw(st.one_of(*options))
    ws = draw(_weights(len(pts[0])))
    return PointSet(tuple(pts), tuple(tuple(w) for w in ws), fam)


@st.composite
def tied_point_sets(draw) -> PointSet:
    """A cloud plus two points sharing the smallest first objective, and weights with ``w_1 > 0 = w_2``."""
    pts = draw(_cloud(2))
    c = min(p[0] for p in pts) - 1
    a = draw(st.integers(0, 12))
    d = draw(st.integers(1, 5))
    pts = pts + [(F(c), F(a)), (F(c), F(a + d))]
    w1 = draw(st.fractions(F(1, 8), 8, max_denominator=8))
    return PointSet(tuple(pts), ((w1, F(0)),), "tie-zero-weight")
