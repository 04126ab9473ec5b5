"""Strategies for the distances of generative modelling: shifted finite laws on the line, finite
metric spaces in the plane with two laws, finite critic classes with three laws, and laws collapsed
to their mean.  Weights are small integers so every probability is a short fraction."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

SEEDS = st.integers(0, 2**32 - 1)


def _law(rng: np.random.Generator, m: int, zeros: bool = False) -> tuple[Fraction, ...]:
    w = rng.integers(0 if zeros else 1, 6, m)
    if w.sum() == 0:
        w[0] = 1
    return tuple(Fraction(int(v), int(w.sum())) for v in w)


def _fmt(xs) -> str:
    return "(" + ", ".join(str(x) for x in xs) + ")"


@dataclass(frozen=True)
class Shifted:
    """``P = Σ p_i δ_{x_i}`` and its translate ``Q_t = P(· − t)``."""

    xs: tuple[Fraction, ...]
    p: tuple[Fraction, ...]
    t: Fraction

    def __repr__(self) -> str:
        return f"Shifted(xs={_fmt(self.xs)}, p={_fmt(self.p)}, t={self.t})"


@st.composite
def shifted_laws(draw, overlapping: bool = False) -> Shifted:
    """Translates with disjoint supports (``t`` not a difference of atoms), point masses among them;
    ``overlapping=True`` draws ``t`` as a difference of two distinct atoms instead."""
    rng = np.random.default_rng(draw(SEEDS))
    m = draw(st.integers(2 if overlapping else 1, 4))
    xs = tuple(sorted({Fraction(int(v), 4) for v in rng.choice(np.arange(-12, 13), m, replace=False)}))
    p = _law(rng, len(xs))
    diffs = {a - b for a in xs for b in xs}
    if overlapping:
        t = xs[-1] - xs[0]
    else:
        t = Fraction(draw(st.integers(1, 10**4)), draw(st.sampled_from([1, 10, 10**3, 10**6])))
        t *= draw(st.sampled_from([1, -1]))
        while t in diffs:
            t += Fraction(1, 10**7)
    return Shifted(xs, p, t)


@dataclass(frozen=True)
class MetricPair:
    """Points in the plane (rows of ``pts``) carrying two laws ``p`` and ``q``."""

    pts: np.ndarray
    p: tuple[Fraction, ...]
    q: tuple[Fraction, ...]
    line: bool

    def __repr__(self) -> str:
        return (f"MetricPair(line={self.line}, pts={np.round(self.pts, 3).tolist()}, p={_fmt(self.p)}, "
                f"q={_fmt(self.q)})")


@st.composite
def metric_pairs(draw) -> MetricPair:
    """``n <= 7`` integer points, in the plane or on the horizontal axis (some laws with zeros)."""
    rng = np.random.default_rng(draw(SEEDS))
    n = draw(st.integers(2, 7))
    line = draw(st.booleans())
    pts = rng.integers(-6, 7, (n, 2)).astype(float)
    if line:
        pts[:, 1] = 0.0
    return MetricPair(pts, _law(rng, n, zeros=True), _law(rng, n, zeros=True), line)


@dataclass(frozen=True)
class Critics:
    """A finite critic class ``F`` (rows), extra critics ``G``, and three laws on ``m`` points."""

    F: tuple[tuple[Fraction, ...], ...]
    G: tuple[tuple[Fraction, ...], ...]
    p: tuple[Fraction, ...]
    q: tuple[Fraction, ...]
    r: tuple[Fraction, ...]

    def __repr__(self) -> str:
        return (f"Critics(F={[_fmt(f) for f in self.F]}, G={[_fmt(g) for g in self.G]}, p={_fmt(self.p)}, "
                f"q={_fmt(self.q)}, r={_fmt(self.r)})")


@st.composite
def critic_classes(draw) -> Critics:
    """Random critic tables; one law in four is a mixture of the other two (equality in the triangle)."""
    rng = np.random.default_rng(draw(SEEDS))
    m = draw(st.integers(2, 5))
    table = lambda k: tuple(tuple(Fraction(int(v), 2) for v in rng.integers(-4, 5, m)) for _ in range(k))
    p, r = _law(rng, m, zeros=True), _law(rng, m, zeros=True)
    if draw(st.integers(0, 3)) == 0:
        lam = Fraction(int(rng.integers(0, 5)), 4)
        q = tuple(lam * a + (1 - lam) * b for a, b in zip(p, r))
    else:
        q = _law(rng, m, zeros=True)
    return Critics(table(draw(st.integers(1, 4))), table(draw(st.integers(1, 3))), p, q, r)


@dataclass(frozen=True)
class Collapsed:
    """A law ``P`` on rational points of the line and ``Q = δ_{E_P X}``, the mode-collapsed law."""

    xs: tuple[Fraction, ...]
    p: tuple[Fraction, ...]

    def __repr__(self) -> str:
        return f"Collapsed(xs={_fmt(self.xs)}, p={_fmt(self.p)})"


@st.composite
def collapsed_laws(draw) -> Collapsed:
    """Non-degenerate laws (two atoms at least), the symmetric two-mode law ``½δ_{−a} + ½δ_a`` among them."""
    if draw(st.booleans()):
        a = Fraction(draw(st.integers(1, 20)), 4)
        return Collapsed((-a, a), (Fraction(1, 2), Fraction(1, 2)))
    rng = np.random.default_rng(draw(SEEDS))
    m = draw(st.integers(2, 5))
    xs = tuple(sorted(Fraction(int(v), 2) for v in rng.choice(np.arange(-10, 11), m, replace=False)))
    return Collapsed(xs, _law(rng, m))
