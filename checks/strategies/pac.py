"""Strategies for exact PAC computations: no-free-lunch instances (a domain, a sample size, a set
learner) and realizable threshold problems (weights, a target, an accuracy and a confidence level).

The threshold family includes the tight one: two atoms of mass just above ``ε`` on both sides of
the target, where ``P(some consistent threshold has risk > ε) = 2(1 - μ)^n - (1 - 2μ)^n`` is close to
the bound ``2(1 - ε)^n``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.pac import SetLearner, memorize_then, random_learner

SEEDS = st.integers(0, 2**32 - 1)
RULES = ("zero", "one", "majority", "minority", "nearest", "random consistent", "random")


@dataclass(frozen=True)
class NflInstance:
    """The uniform law on ``n`` points, ``m`` samples and a set learner (named by ``rule``)."""

    n: int
    m: int
    rule: str
    seed: int

    @property
    def learner(self) -> SetLearner:
        if self.rule.startswith("random"):
            return random_learner(self.seed, consistent=self.rule == "random consistent")
        return memorize_then(self.rule)

    def __repr__(self) -> str:
        seed = f", seed={self.seed}" if self.rule.startswith("random") else ""
        return f"NflInstance(|X|={self.n}, m={self.m}, learner={self.rule!r}{seed})"


@st.composite
def nfl_instances(draw: st.DrawFn, max_m: int = 4) -> NflInstance:
    """``m <= |X|/2`` (``|X| <= 8``); half the time exactly ``|X| = 2m``."""
    m = draw(st.integers(1, max_m))
    n = 2 * m if draw(st.booleans()) else draw(st.integers(2 * m, min(8, 2 * m + 2)))
    return NflInstance(n, m, draw(st.sampled_from(RULES)), draw(SEEDS))


@dataclass(frozen=True)
class ThresholdProblem:
    """Points ``0..k-1`` with integer weights, labels ``1[x >= target]``, accuracy ``ε``, ``δ = 1/q``
    and a sample size ``n``."""

    weights: tuple[int, ...]
    target: int
    eps: Fraction
    q: int
    n: int
    kind: str


EPS_CHOICES = (Fraction(1, 2), Fraction(1, 3), Fraction(1, 4), Fraction(1, 5))
Q_CHOICES = (2, 4, 10, 20)


@st.composite
def _tight(draw: st.DrawFn) -> ThresholdProblem:
    eps, q = draw(st.sampled_from(EPS_CHOICES[1:])), draw(st.sampled_from(Q_CHOICES))
    W = 120
    a = int(eps * W) + draw(st.integers(1, 3))  # mass a/W just above eps on both sides of the target
    rest = W - 2 * a
    left = draw(st.integers(1, rest - 1))
    return ThresholdProblem((left, a, a, rest - left), 2, eps, q, draw(st.integers(1, 12)),
                            "two atoms of mass just above eps around the target")


@st.composite
def _random(draw: st.DrawFn) -> ThresholdProblem:
    rng = np.random.default_rng(draw(SEEDS))
    k = draw(st.integers(1, 5))
    weights = tuple(int(w) for w in rng.integers(1, 6, k))
    return ThresholdProblem(weights, draw(st.integers(0, k)), draw(st.sampled_from(EPS_CHOICES)),
                            draw(st.sampled_from(Q_CHOICES)), draw(st.integers(1, 10)), "random weights")


def threshold_problems() -> st.SearchStrategy[ThresholdProblem]:
    return st.one_of(_tight(), _random())
