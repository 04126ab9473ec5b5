"""Strategies for exact Gaussian-analysis checks.

- :func:`stein_cases`: a random polynomial ``g`` (degree <= 8, small rational coefficients).
- :func:`hermite_pairs`: rational unit vectors ``u, v ∈ S^{d-1}`` (inverse stereographic projection of
  rational points; ``v = ±u`` included, where ``(uᵀv)^k = (±1)^k`` is extremal) and a top degree ``K``.
- :func:`multi_index_cases`: ``y = F(Wx)`` with ``W ∈ Z^{k×d}`` of full row rank, ``k < d``, and a nonzero
  polynomial link ``F`` of degree <= 3; the cubic ridge ``F(t) = t³`` with unequal weights is included
  (there the Rademacher first moment leaves ``row(W)``).
- :func:`radial_filters`: ``(d, k, m, c)`` for the filter ``1{||Π_V x||² >= c}``, ``k <= m``.
A ``dist`` field (``gaussian``, or ``rademacher`` for the mutants) names the input law.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.duality import determinant

F = Fraction
COEF = st.fractions(-3, 3, max_denominator=3)


@dataclass(frozen=True)
class SteinCase:
    g: tuple[Fraction, ...]
    dist: str

    def __repr__(self) -> str:
        terms = " + ".join(f"({c})x^{k}" for k, c in enumerate(self.g) if c) or "0"
        return f"SteinCase(g(x) = {terms}, X ~ {self.dist})"


@st.composite
def stein_cases(draw, dist: str = "gaussian") -> SteinCase:
    g = draw(st.lists(COEF, min_size=1, max_size=9))
    return SteinCase(tuple(g), dist)


def _unit(t: list[Fraction], sign: int) -> tuple[Fraction, ...]:
    s = sum((v * v for v in t), F(0))
    return tuple(2 * v / (1 + s) for v in t) + (sign * (1 - s) / (1 + s),)


@dataclass(frozen=True)
class HermitePair:
    u: tuple[Fraction, ...]
    v: tuple[Fraction, ...]
    K: int

    def __repr__(self) -> str:
        show = lambda w: "(" + ", ".join(str(a) for a in w) + ")"
        return f"HermitePair(u={show(self.u)}, v={show(self.v)}, K={self.K})"


@st.composite
def hermite_pairs(draw, scale=st.just(F(1))) -> HermitePair:
    d = draw(st.integers(1, 3))
    pt = lambda: [draw(st.fractions(-2, 2, max_denominator=3)) for _ in range(d - 1)]
    u = _unit(pt(), draw(st.sampled_from([-1, 1])))
    mode = draw(st.sampled_from(["random", "same", "opposite"]))
    v = u if mode == "same" else tuple(-a for a in u) if mode == "opposite" else _unit(pt(), draw(st.sampled_from([-1, 1])))
    c = draw(scale)
    return HermitePair(tuple(c * a for a in u), v, draw(st.integers(1, 4)))


@dataclass(frozen=True)
class MultiIndexCase:
    W: tuple[tuple[int, ...], ...]
    F: tuple[tuple[tuple[int, ...], Fraction], ...]
    dist: str

    def __repr__(self) -> str:
        terms = " + ".join(f"({c})" + "".join(f"z{j + 1}^{e}" for j, e in enumerate(a) if e) for a, c in self.F)
        return f"MultiIndexCase(W={[list(r) for r in self.W]}, F(z) = {terms}, x ~ {self.dist})"


def _full_row_rank(W) -> bool:
    return determinant([[sum(a * b for a, b in zip(r, s)) for s in W] for r in W]) != 0


@st.composite
def _generic_case(draw):
    d = draw(st.integers(2, 4))
    k = draw(st.integers(1, min(2, d - 1)))
    W = draw(st.lists(st.lists(st.integers(-2, 2), min_size=d, max_size=d), min_size=k, max_size=k)
             .filter(_full_row_rank))
    monos = [a for a in _exponents(k, 3)]
    coefs = draw(st.lists(COEF, min_size=len(monos), max_size=len(monos)).filter(any))
    return W, [(a, c) for a, c in zip(monos, coefs) if c]


def _exponents(k: int, deg: int) -> list[tuple[int, ...]]:
    if k == 0:
        return [()]
    return [(e,) + rest for e in range(deg + 1) for rest in _exponents(k - 1, deg - e)]


@st.composite
def _cubic_ridge(draw):
    d = draw(st.integers(2, 4))
    w = draw(st.lists(st.integers(1, 3), min_size=d, max_size=d).filter(lambda w: len(set(w)) > 1))
    return [w], [((3,), F(1))]


@st.composite
def multi_index_cases(draw, dist: str = "gaussian") -> MultiIndexCase:
    W, Fp = draw(st.one_of(_generic_case(), _cubic_ridge()))
    return MultiIndexCase(tuple(tuple(r) for r in W), tuple(Fp), dist)


@dataclass(frozen=True)
class RadialFilter:
    d: int
    k: int
    m: int
    c: Fraction

    def __repr__(self) -> str:
        return f"RadialFilter(d={self.d}, dim V = k = {self.k}, m={self.m}, psi = 1{{||P_V x||^2 >= {self.c}}})"


@st.composite
def radial_filters(draw, selective: bool = True) -> RadialFilter:
    k = draw(st.integers(1, 6))
    m = draw(st.integers(k, 8))
    d = draw(st.integers(k, 12))
    if selective:
        c = 2 * m + draw(st.fractions(0, 6, max_denominator=4))
    else:
        c = draw(st.fractions(0, F(k, 4), max_denominator=8))
    return RadialFilter(d, k, m, F(c))
