"""Strategies for labelled finite data sets in ℚ^d: distinct points (random rationals, points on a
small integer grid where coordinates collide, and nearly coincident points), with arbitrary rational
or class labels; and data sets with a repeated input carrying two different labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

Point = tuple[Fraction, ...]


@dataclass(frozen=True)
class Data:
    xs: tuple[Point, ...]
    ys: tuple[Fraction, ...]
    family: str

    def __repr__(self) -> str:
        pts = "; ".join("(" + ", ".join(str(v) for v in x) + ")" for x in self.xs)
        return f"Data({self.family}, n={len(self.xs)}, d={len(self.xs[0])}, xs=[{pts}], ys={[str(y) for y in self.ys]})"


COORD = st.fractions(min_value=-3, max_value=3, max_denominator=8)


def _coords(kind: str) -> st.SearchStrategy[Fraction]:
    if kind == "grid":
        return st.integers(-1, 1).map(Fraction)
    if kind == "close":
        return st.integers(0, 3).map(lambda k: Fraction(k, 1000))
    return COORD


@st.composite
def data(draw, kinds: tuple[str, ...] = ("random", "grid", "close"), labels: str = "rational",
         min_n: int = 1, max_n: int = 7, min_d: int = 1) -> Data:
    """``n`` distinct points and labels; ``labels`` is ``rational`` or ``classes`` (in {0, 1, 2})."""
    kind = draw(st.sampled_from(kinds))
    d = draw(st.integers(min_d, 3))
    cap = 3 ** d if kind == "grid" else 4 ** d if kind == "close" else max_n
    n = draw(st.integers(min_n, max(min_n, min(max_n, cap))))
    pt = st.tuples(*[_coords(kind) for _ in range(d)])
    xs = tuple(draw(st.lists(pt, min_size=n, max_size=n, unique=True)))
    lab = st.integers(-5, 5).map(Fraction) if labels == "rational" else st.integers(0, 2).map(Fraction)
    ys = tuple(draw(st.lists(lab, min_size=n, max_size=n)))
    return Data(xs, ys, kind)


@st.composite
def conflicting_data(draw, labels: str = "rational") -> Data:
    """A data set in which one input appears twice with two different labels."""
    base = draw(data(labels=labels))
    i = draw(st.integers(0, len(base.xs) - 1))
    other = base.ys[i] + draw(st.sampled_from([1, 2]))
    return Data(base.xs + (base.xs[i],), base.ys + (other,), base.family + ", a duplicated input relabelled")
