"""Neighbouring output laws of differentially private mechanisms with finitely many outputs.

Families (privacy level ``a = e^ε`` rational): randomized response on one bit (where the total
variation ``(a - 1)/(a + 1)`` meets the bound), the geometric mechanism for counts ``c`` and ``c + 1``
clamped to a small range, the exponential mechanism on score vectors differing by at most 1 per output
(level ``b²``), randomized response that leaks its input with probability ``δ`` (including ``a = 1``,
where the total variation is ``δ``), and arbitrary pairs of laws with their exact least ``δ``.
Each instance carries a few losses with values in ``[0, 1]``.

*Learners.*  A finite domain of 2-3 points with rational probabilities, a sample size with at most 27
samples, a class of 0/1 loss vectors (random, or the memorizer: one hypothesis per point, wrong
everywhere else) and the exponential-mechanism learner of base ``b``, leaking the ERM with
probability ``δ``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.privacy import (Law, exponential_learner, exponential_mechanism, geometric_mechanism, leaky_response,
                            privacy_delta, randomized_response)

LEVELS = st.sampled_from([Fraction(1), Fraction(21, 20), Fraction(11, 10), Fraction(3, 2), Fraction(2),
                          Fraction(3), Fraction(5)])
BASES = st.sampled_from([Fraction(21, 20), Fraction(6, 5), Fraction(3, 2), Fraction(2)])
UNIT = st.fractions(min_value=0, max_value=1, max_denominator=8)


@dataclass(frozen=True)
class PrivatePair:
    """Output laws ``P = A(S)``, ``Q = A(S')`` on neighbouring data sets; the pair is
    ``(ln a, delta)``-indistinguishable; ``losses`` are loss vectors over the outputs."""

    mechanism: str
    P: Law
    Q: Law
    a: Fraction
    delta: Fraction
    losses: tuple[tuple[Fraction, ...], ...]

    def __repr__(self) -> str:
        f = lambda v: "(" + ", ".join(str(x) for x in v) + ")"
        return (f"PrivatePair({self.mechanism}, e^eps = {self.a}, delta = {self.delta}, P = {f(self.P)}, "
                f"Q = {f(self.Q)}, losses = [{', '.join(f(l) for l in self.losses)}])")


def _with_losses(draw: st.DrawFn, name: str, P: Law, Q: Law, a: Fraction, delta: Fraction) -> PrivatePair:
    k = len(P)
    losses = tuple(draw(st.lists(st.tuples(*[UNIT] * k), min_size=1, max_size=3)))
    return PrivatePair(name, P, Q, a, delta, losses)


@st.composite
def _rr(draw: st.DrawFn) -> PrivatePair:
    a = draw(LEVELS)
    return _with_losses(draw, "randomized response", randomized_response(a, 0), randomized_response(a, 1), a,
                        Fraction(0))


@st.composite
def _geometric(draw: st.DrawFn) -> PrivatePair:
    b = draw(BASES)
    lo = draw(st.integers(-2, 0))
    hi = draw(st.integers(1, 3))
    c = draw(st.integers(lo, hi - 1))
    return _with_losses(draw, f"geometric mechanism, counts {c} and {c + 1} clamped to [{lo}, {hi}]",
                        geometric_mechanism(b, c, lo, hi), geometric_mechanism(b, c + 1, lo, hi), b, Fraction(0))


@st.composite
def _exponential(draw: st.DrawFn) -> PrivatePair:
    b = draw(BASES)
    k = draw(st.integers(2, 5))
    s = draw(st.lists(st.integers(-3, 3), min_size=k, max_size=k))
    t = [x + draw(st.integers(-1, 1)) for x in s]
    return _with_losses(draw, f"exponential mechanism, scores {s} and {t}", exponential_mechanism(b, s),
                        exponential_mechanism(b, t), b * b, Fraction(0))


@st.composite
def _leaky(draw: st.DrawFn) -> PrivatePair:
    a = draw(LEVELS)
    delta = draw(st.sampled_from([Fraction(1, 100), Fraction(1, 10), Fraction(1, 4), Fraction(1, 2)]))
    return _with_losses(draw, "leaky randomized response", leaky_response(a, delta, 0), leaky_response(a, delta, 1),
                        a, delta)


@st.composite
def _arbitrary(draw: st.DrawFn) -> PrivatePair:
    k = draw(st.integers(2, 5))
    w = st.lists(st.integers(0, 6), min_size=k, max_size=k).filter(any)
    p, q = draw(w), draw(w)
    P = tuple(Fraction(x, sum(p)) for x in p)
    Q = tuple(Fraction(x, sum(q)) for x in q)
    a = draw(LEVELS)
    return _with_losses(draw, "arbitrary pair", P, Q, a, privacy_delta(P, Q, a))


def private_pairs() -> st.SearchStrategy[PrivatePair]:
    return st.one_of(_rr(), _geometric(), _exponential(), _leaky(), _arbitrary())


def leaky_pairs() -> st.SearchStrategy[PrivatePair]:
    return _leaky()


def response_pairs() -> st.SearchStrategy[PrivatePair]:
    return _rr()


@dataclass(frozen=True)
class PrivateLearner:
    """The learner ``exponential_learner(b, losses, S, leak)`` on ``n`` i.i.d. draws from ``probs``;
    it is ``(ln a, leak)``-DP with ``a = b²``."""

    probs: tuple[Fraction, ...]
    n: int
    losses: tuple[tuple[int, ...], ...]
    b: Fraction
    leak: Fraction
    family: str

    @property
    def a(self) -> Fraction:
        return self.b * self.b

    def __repr__(self) -> str:
        f = lambda v: "(" + ", ".join(str(x) for x in v) + ")"
        return (f"PrivateLearner({self.family}, probs = {f(self.probs)}, n = {self.n}, "
                f"losses = [{', '.join(f(r) for r in self.losses)}], b = {self.b}, leak = {self.leak})")

    def law(self, sample: tuple[int, ...]) -> Law:
        return exponential_learner(self.b, self.losses, sample, self.leak)


@st.composite
def private_learners(draw: st.DrawFn, memorizer: bool | None = None, bases=None) -> PrivateLearner:
    k = draw(st.integers(2, 3))
    n = draw(st.integers(1, 3 if k == 2 else 2))
    w = draw(st.lists(st.integers(1, 4), min_size=k, max_size=k))
    probs = tuple(Fraction(x, sum(w)) for x in w)
    memo = draw(st.booleans()) if memorizer is None else memorizer
    if memo:
        losses = tuple(tuple(int(z != h) for z in range(k)) for h in range(k))
    else:
        m = draw(st.integers(2, 4))
        losses = tuple(draw(st.lists(st.tuples(*[st.integers(0, 1)] * k), min_size=m, max_size=m)))
    b = draw(st.sampled_from([Fraction(1), Fraction(21, 20), Fraction(6, 5), Fraction(3, 2), Fraction(2)])
             if bases is None else bases)
    leak = draw(st.sampled_from([Fraction(0), Fraction(1, 10), Fraction(1, 4), Fraction(1, 2)]))
    return PrivateLearner(probs, n, losses, b, leak, "memorizer" if memo else "random class")


def leaky_memorizers() -> st.SearchStrategy[PrivateLearner]:
    """Memorizers that ignore the data except for the leak (``b = 1``, ``ε = 0``), leak ``> 0``, 3 points."""
    return private_learners(memorizer=True, bases=st.just(Fraction(1))).filter(
        lambda l: l.leak > 0 and len(l.probs) == 3)
