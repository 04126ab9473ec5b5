"""Scaling laws: compute-optimal allocation, offset power laws, FLOP counts, inference-time scaling.

- Allocation.  For ``L(N, D) = E + A N^-α + B D^-β`` under ``κ N D = C`` the minimizer is
  ``N* = G (C/κ)^{β/(α+β)}``, ``D* = G^-1 (C/κ)^{α/(α+β)}`` with ``G = (αA/(βB))^{1/(α+β)}``
  (computed in logarithms so that budgets of 10^30 FLOP stay exact to rounding).
- Offset power laws ``L(C) = A C^-α + L∞``: ordinary least-squares slope of ``log L`` on ``log C``.
- FLOPs of a torch computation, counted by ``torch.utils.flop_counter`` (2 per multiply-add).
- Inference: oracle pass@K, the unbiased pass@K estimator, best-of-K selection by a discrete
  verifier score, majority vote; all exact in ``Fraction``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from math import comb, factorial
from typing import Callable, Sequence

import numpy as np


@dataclass(frozen=True)
class LossLaw:
    """``L(N, D) = E + A N^-alpha + B D^-beta`` with ``A, B, alpha, beta > 0``."""

    E: float
    A: float
    B: float
    alpha: float
    beta: float

    def __post_init__(self) -> None:
        if min(self.A, self.B, self.alpha, self.beta) <= 0:
            raise ValueError(f"A, B, alpha, beta must be positive, got {self}")

    def loss(self, N: float, D: float) -> float:
        return self.E + self.A * N ** -self.alpha + self.B * D ** -self.beta

    def terms(self, log_N: float, log_D: float) -> tuple[float, float]:
        """The two reducible terms ``A N^-α`` and ``B D^-β`` from ``ln N`` and ``ln D``."""
        return self.A * math.exp(-self.alpha * log_N), self.B * math.exp(-self.beta * log_D)


def log_optimal_allocation(law: LossLaw, C: float, kappa: float = 6.0) -> tuple[float, float]:
    """``(ln N*, ln D*)`` minimizing ``law`` on ``κ N D = C`` (closed form)."""
    if C <= 0 or kappa <= 0:
        raise ValueError("the budget C and the constant kappa must be positive")
    a, b = law.alpha, law.beta
    log_G = (math.log(a * law.A) - math.log(b * law.B)) / (a + b)
    log_budget = math.log(C) - math.log(kappa)
    log_N = log_G + b / (a + b) * log_budget
    return log_N, log_budget - log_N


def misallocation_factor(alpha: float, beta: float, k: float) -> float:
    """Reducible loss at ``(kN*, D*/k)`` over that at ``(N*, D*)``: ``(β k^-α + α k^β)/(α+β)``."""
    if min(alpha, beta, k) <= 0:
        raise ValueError("alpha, beta and k must be positive")
    return (beta * k ** -alpha + alpha * k ** beta) / (alpha + beta)


def ols_slope(x: np.ndarray, y: np.ndarray) -> float:
    """Least-squares slope of ``y`` on ``x`` (at least two distinct ``x``)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    if x.shape != y.shape or np.ptp(x) == 0:
        raise ValueError("need equally long x, y with at least two distinct x")
    xc = x - x.mean()
    return float(xc @ (y - y.mean()) / (xc @ xc))


def counted_flops(fn: Callable[[], object]) -> int:
    """FLOPs (2 per multiply-add) that ``torch`` dispatches while running ``fn()``."""
    from torch.utils.flop_counter import FlopCounterMode

    with FlopCounterMode(display=False) as counter:
        fn()
    return int(counter.get_total_flops())


def _check_p(p: Fraction) -> None:
    if not 0 <= p <= 1:
        raise ValueError(f"a probability must lie in [0, 1], got {p}")


def pass_at_k(p: Fraction, K: int) -> Fraction:
    """Oracle pass probability of ``K`` independent samples: ``1 - (1-p)^K``."""
    _check_p(p)
    if K < 1:
        raise ValueError("K must be at least 1")
    return 1 - (1 - p) ** K


def pass_at_k_estimate(n: int, c: int, K: int) -> Fraction:
    """The unbiased estimator ``1 - C(n-c, K)/C(n, K)`` from ``c`` correct out of ``n`` samples."""
    if not (0 <= c <= n and 1 <= K <= n):
        raise ValueError(f"need 0 <= c <= n and 1 <= K <= n, got n={n}, c={c}, K={K}")
    return 1 - Fraction(comb(n - c, K), comb(n, K))


def binomial_pmf(n: int, p: Fraction) -> list[Fraction]:
    """``P(Bin(n, p) = c)`` for ``c = 0..n``."""
    _check_p(p)
    return [comb(n, c) * p**c * (1 - p) ** (n - c) for c in range(n + 1)]


def majority_vote(p: Fraction, K: int) -> Fraction:
    """``P(Bin(K, p) > K/2)`` for odd ``K``: the majority of ``K`` independent votes is right."""
    if K < 1 or K % 2 == 0:
        raise ValueError("K must be odd and positive")
    return sum(binomial_pmf(K, p)[(K + 1) // 2:], Fraction(0))


@dataclass(frozen=True)
class Verifier:
    """Scores ``0..m`` of a correct / a wrong candidate: ``correct[s]``, ``wrong[s]`` sum to 1."""

    correct: tuple[Fraction, ...]
    wrong: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        if len(self.correct) != len(self.wrong) or sum(self.correct) != 1 or sum(self.wrong) != 1 \
                or min(self.correct + self.wrong) < 0:
            raise ValueError("score laws must be probability vectors of equal length")


def best_of_k(p: Fraction, K: int, v: Verifier) -> Fraction:
    """P(the top-scored of ``K`` i.i.d. candidates is correct), ties broken uniformly.

    Sum over the top score ``s`` and the numbers ``a`` correct and ``b`` wrong candidates at ``s``:
    multinomial ``K!/(a! b! r!) π_c(s)^a π_w(s)^b F(s)^r`` with ``F(s) = P(score < s)``, times
    ``a/(a+b)``.
    """
    _check_p(p)
    if K < 1:
        raise ValueError("K must be at least 1")
    total, below = Fraction(0), Fraction(0)
    for pc, pw in zip((p * q for q in v.correct), ((1 - p) * q for q in v.wrong)):
        for a in range(1, K + 1):
            for b in range(K + 1 - a):
                r = K - a - b
                mult = factorial(K) // (factorial(a) * factorial(b) * factorial(r))
                total += mult * pc**a * pw**b * below**r * Fraction(a, a + b)
        below += pc + pw
    return total


def best_of_k_enumerated(p: Fraction, K: int, v: Verifier) -> Fraction:
    """The same probability by enumerating all ``(2(m+1))^K`` candidate lists (reference)."""
    from itertools import product

    types = [(True, s, p * q) for s, q in enumerate(v.correct)] + \
            [(False, s, (1 - p) * q) for s, q in enumerate(v.wrong)]
    total = Fraction(0)
    for combo in product(types, repeat=K):
        w = math.prod((t[2] for t in combo), start=Fraction(1))
        if w == 0:
            continue
        top = max(t[1] for t in combo)
        at_top: Sequence = [t for t in combo if t[1] == top]
        total += w * Fraction(sum(t[0] for t in at_top), len(at_top))
    return total
