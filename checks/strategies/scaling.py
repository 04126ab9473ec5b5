"""Strategies for scaling-law claims: loss laws and budgets, offset power laws on log grids,
MLP / attention shapes, and exact inference-time sampling models."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.scaling import LossLaw, Verifier

CHINCHILLA = LossLaw(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)


@dataclass(frozen=True)
class Budget:
    """A loss law, a compute budget ``C`` (FLOP) and the constant ``κ`` of ``κ N D = C``."""

    law: LossLaw
    C: float
    kappa: float


def loss_laws() -> st.SearchStrategy[LossLaw]:
    """Random laws (exponents in [0.05, 1], A, B in [0.1, 1e3]), the Chinchilla fit, equal exponents."""
    exps = st.floats(0.05, 1.0)
    coef = st.floats(0.1, 1e3)
    rand = st.builds(LossLaw, E=st.floats(0, 3), A=coef, B=coef, alpha=exps, beta=exps)
    equal = st.builds(lambda E, A, B, a: LossLaw(E, A, B, a, a), st.floats(0, 3), coef, coef, exps)
    return st.one_of(st.just(CHINCHILLA), rand, equal)


def budgets(laws: st.SearchStrategy[LossLaw] | None = None, unequal: bool = False) -> st.SearchStrategy[Budget]:
    """Budgets from 10^10 to 10^26 FLOP; ``unequal`` keeps |α - β| >= 0.05 (where exponent mutants fail)."""
    laws = laws if laws is not None else loss_laws()
    if unequal:
        laws = laws.filter(lambda L: abs(L.alpha - L.beta) >= 0.05)
    return st.builds(Budget, law=laws, C=st.floats(10.0, 26.0).map(lambda e: 10.0 ** e),
                     kappa=st.sampled_from([1.0, 6.0]))


@dataclass(frozen=True)
class OffsetLaw:
    """``L(C) = A C^-alpha + L_inf`` sampled on ``n`` log-spaced budgets ``10^lo .. 10^hi``."""

    A: float
    alpha: float
    L_inf: float
    lo: float
    hi: float
    n: int

    def __post_init__(self) -> None:
        if not (self.A > 0 and self.alpha > 0 and self.L_inf >= 0 and self.hi > self.lo and self.n >= 2):
            raise ValueError(f"need A, alpha > 0, L_inf >= 0, hi > lo, n >= 2: {self}")


def offset_laws(offset: str = "any") -> st.SearchStrategy[OffsetLaw]:
    """``offset``: "any" (incl. 0), "zero", "positive", or "half" (``L_inf = A C^-α`` inside the grid)."""
    A, alpha = st.floats(1e-2, 1e2), st.floats(0.05, 1.0)
    grid = st.tuples(st.floats(0, 6), st.floats(1, 6), st.integers(5, 20))

    def make(A: float, alpha: float, L: float, g: tuple[float, float, int]) -> OffsetLaw:
        return OffsetLaw(A, alpha, L, g[0], g[0] + g[1], g[2])

    def half(A: float, alpha: float, g: tuple[float, float, int]) -> OffsetLaw:
        mid = g[0] + g[1] / 2
        return OffsetLaw(A, alpha, A * 10 ** (-alpha * mid), g[0], g[0] + g[1], g[2])

    if offset == "half":
        return st.builds(half, A, alpha, grid)
    L = {"zero": st.just(0.0), "positive": st.floats(1e-3, 10.0),
         "any": st.one_of(st.just(0.0), st.floats(1e-6, 10.0))}[offset]
    out = st.builds(make, A, alpha, L, grid)
    return st.one_of(out, st.builds(half, A, alpha, grid)) if offset != "zero" else out


@dataclass(frozen=True)
class Sampling:
    """``K`` independent samples (``n`` for the estimator) each correct with probability ``p``."""

    p: Fraction
    K: int
    n: int


def probabilities(open_interval: bool = False, below_half: bool | None = None) -> st.SearchStrategy[Fraction]:
    """Rationals in [0, 1] with denominators up to 12 (endpoints and 1/2 included unless excluded)."""
    fr = st.builds(Fraction, st.integers(0, 12), st.integers(1, 12)).filter(lambda f: f <= 1)
    if open_interval:
        fr = fr.filter(lambda f: 0 < f < 1)
    if below_half is True:
        fr = fr.filter(lambda f: f < Fraction(1, 2))
    if below_half is False:
        fr = fr.filter(lambda f: f > Fraction(1, 2))
    return fr


def samplings(K_min: int = 1, open_interval: bool = False) -> st.SearchStrategy[Sampling]:
    return st.builds(lambda p, K, extra: Sampling(p, K, K + extra), probabilities(open_interval),
                     st.integers(K_min, 7), st.integers(0, 3))


@dataclass(frozen=True)
class Selection:
    """Best-of-``K`` with a verifier of kind independent | perfect | anti | general."""

    p: Fraction
    K: int
    kind: str
    verifier: Verifier


def _law(ws: list[int]) -> tuple[Fraction, ...]:
    return tuple(Fraction(w, sum(ws)) for w in ws)


def selections(kinds: tuple[str, ...] = ("independent", "perfect", "anti", "general"), K_min: int = 1,
               open_interval: bool = False) -> st.SearchStrategy[Selection]:
    """Score laws on ``{0, 1, 2}``: equal (independent), correct strictly above wrong (perfect),
    wrong strictly above correct (anti-correlated), or arbitrary."""
    w = st.lists(st.integers(0, 4), min_size=3, max_size=3).filter(lambda ws: sum(ws) > 0)

    def make(kind: str, p: Fraction, K: int, c: list[int], d: list[int]) -> Selection:
        if kind == "independent":
            v = Verifier(_law(c), _law(c))
        elif kind == "perfect":
            v = Verifier(_law([0, c[1], c[2] + 1]), _law([d[0] + 1, 0, 0]))
        elif kind == "anti":
            v = Verifier(_law([c[0] + 1, 0, 0]), _law([0, d[1], d[2] + 1]))
        else:
            v = Verifier(_law(c), _law(d))
        return Selection(p, K, kind, v)

    return st.builds(make, st.sampled_from(kinds), probabilities(open_interval), st.integers(K_min, 5), w, w)


@dataclass(frozen=True)
class Vote:
    """Majority of ``K`` (odd) independent votes, each right with probability ``p``."""

    p: Fraction
    K: int


def votes(below_half: bool | None = None) -> st.SearchStrategy[Vote]:
    return st.builds(Vote, probabilities(below_half=below_half), st.integers(0, 4).map(lambda j: 2 * j + 1))


@dataclass(frozen=True)
class Stack:
    """A bias-free MLP ``widths[0] -> ... -> widths[-1]`` run on ``tokens`` tokens for ``steps`` steps."""

    widths: tuple[int, ...]
    tokens: int
    steps: int
    seed: int


def stacks(steps_min: int = 1) -> st.SearchStrategy[Stack]:
    return st.builds(Stack, st.lists(st.integers(1, 24), min_size=2, max_size=4).map(tuple),
                     st.integers(1, 16), st.integers(steps_min, 3), st.integers(0, 2**32 - 1))


@dataclass(frozen=True)
class AttentionShape:
    """One single-head self-attention layer of width ``d`` on ``batch`` sequences of length ``n``."""

    d: int
    n: int
    batch: int
    seed: int


def attention_shapes() -> st.SearchStrategy[AttentionShape]:
    return st.builds(AttentionShape, st.integers(1, 16), st.integers(1, 32), st.integers(1, 3),
                     st.integers(0, 2**32 - 1))
