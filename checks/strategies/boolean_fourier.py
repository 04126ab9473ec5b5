"""Strategies for functions on the Boolean hypercube ``{±1}^d`` (truth tables indexed by bitmasks).

Families: integer-valued tables; Boolean (±1) functions: random, majority, parity, dictator and
linear-threshold functions; a second table ``g`` (for Plancherel), a degree cutoff ``α`` and a random
competitor of degree ``< α``.  Pairs of subsets ``(S, T)`` for the characters, including ``T = S``.
A product measure ``P(x_i = -1) = p`` is carried for the biased-measure mutants (``p = 1/2`` otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.boolean_fourier import degree

F = Fraction
BIASED = st.sampled_from([F(1, 3), F(1, 4), F(2, 3), F(1, 5), F(3, 4)])


def _point(x: int, d: int) -> list[int]:
    return [-1 if x >> i & 1 else 1 for i in range(d)]


@dataclass(frozen=True)
class SubsetPair:
    d: int
    S: int
    T: int
    p: Fraction

    def __repr__(self) -> str:
        show = lambda A: "{" + ",".join(str(i + 1) for i in range(self.d) if A >> i & 1) + "}"
        return f"SubsetPair(d={self.d}, S={show(self.S)}, T={show(self.T)}, p={self.p})"


@st.composite
def subset_pairs(draw, p=st.just(F(1, 2))) -> SubsetPair:
    d = draw(st.integers(1, 8))
    S = draw(st.integers(0, 2**d - 1))
    T = draw(st.one_of(st.just(S), st.integers(0, 2**d - 1)))
    return SubsetPair(d, S, T, draw(p))


@dataclass(frozen=True)
class CubeFunction:
    d: int
    f: tuple[int, ...]
    g: tuple[int, ...]
    alpha: int
    competitor: tuple[Fraction, ...]
    family: str
    p: Fraction

    @property
    def boolean(self) -> bool:
        return all(v in (-1, 1) for v in self.f)

    def __repr__(self) -> str:
        comp = {S: str(c) for S, c in enumerate(self.competitor) if c}
        return (f"CubeFunction({self.family}, d={self.d}, f={list(self.f)}, g={list(self.g)}, alpha={self.alpha}, "
                f"competitor coefficients={comp}, p={self.p})")


@st.composite
def _boolean_table(draw, d: int) -> tuple[list[int], str]:
    kind = draw(st.sampled_from(["random", "majority", "parity", "dictator", "threshold"]))
    pts = [_point(x, d) for x in range(2**d)]
    if kind == "random":
        return draw(st.lists(st.sampled_from([-1, 1]), min_size=2**d, max_size=2**d)), kind
    if kind == "majority":
        m = d if d % 2 else d - 1
        return [1 if sum(x[:m]) > 0 else -1 for x in pts] if m > 0 else [1] * 2**d, f"majority-{m}"
    if kind == "parity":
        S = draw(st.integers(0, 2**d - 1))
        return [(-1) ** sum(1 for i in range(d) if S >> i & 1 and x[i] < 0) for x in pts], kind
    if kind == "dictator":
        i = draw(st.integers(0, d - 1))
        return [x[i] for x in pts], kind
    w = draw(st.lists(st.integers(-4, 4), min_size=d, max_size=d))
    th = draw(st.integers(-3, 3))
    return [1 if sum(a * b for a, b in zip(w, x)) - th + F(1, 2) > 0 else -1 for x in pts], kind


@st.composite
def cube_functions(draw, p=st.just(F(1, 2))) -> CubeFunction:
    d = draw(st.integers(1, 6))
    n = 2**d
    f, fam = draw(st.one_of(
        st.lists(st.integers(-6, 6), min_size=n, max_size=n).map(lambda t: (t, "integer")),
        _boolean_table(d)))
    g = draw(st.lists(st.integers(-6, 6), min_size=n, max_size=n))
    alpha = draw(st.integers(0, d + 1))
    comp = [draw(st.fractions(-3, 3, max_denominator=4)) if degree(S) < alpha else F(0) for S in range(n)]
    return CubeFunction(d, tuple(f), tuple(g), alpha, tuple(comp), fam, draw(p))
