"""Building blocks for Rademacher averages beyond finite integer sets.

- :class:`HingeMap`: an integer piecewise-linear map ``φ(t) = s_0 t + Σ_j s_j (max(t - c_j, 0) -
  max(-c_j, 0))`` with integer slopes and knots, so ``φ(0) = 0`` and ``φ`` maps integers to integers;
  its Lipschitz constant is the largest ``|slope|`` of its pieces.  Applied coordinatewise to a finite
  set of integer vectors it keeps Rademacher averages exact (Ledoux–Talagrand contraction).
- :func:`linear_class_complexity`: ``R̂_S({x ↦ wᵀx : ‖w‖₂ <= B}) = (B/n) E_σ ‖Σ_i σ_i x_i‖₂``, the
  supremum being attained at ``w = B v / ‖v‖`` (Cauchy–Schwarz), averaged over all ``2^n`` signs.
- :func:`empirical_rademacher_by_sample`: ``R̂_S(ℓ∘H)`` for every sample of a finite problem.
- :func:`two_sample_rademacher`: the two-sample complexity ``E_{S1,S2} sup_h (1/2m)(Σ_{S1} ℓ_h - Σ_{S2} ℓ_h)``,
  i.e. ``2m`` i.i.d. points and a uniformly random balanced sign vector (exchangeability).
- :func:`binomial_mean_abs_deviation`: ``E|B - m|`` for ``B ~ Bin(2m, 1/2)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import comb

import numpy as np

from checks.combinatorics import expected_max_correlation
from checks.finite_class import FiniteProblem, sample_law


@dataclass(frozen=True)
class HingeMap:
    """``φ(t) = s_0 t + Σ_j s_j (max(t - c_j, 0) - max(-c_j, 0))`` with integer slopes and knots."""

    slope0: int
    knots: tuple[int, ...] = ()
    slopes: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if len(self.knots) != len(self.slopes):
            raise ValueError(f"need one slope per knot, got {len(self.knots)} knots, {len(self.slopes)} slopes")
        if any(not isinstance(v, int) or isinstance(v, bool) for v in (self.slope0, *self.knots, *self.slopes)):
            raise ValueError("slopes and knots must be integers")

    def __call__(self, t: int) -> int:
        return self.slope0 * t + sum(s * (max(t - c, 0) - max(-c, 0)) for c, s in zip(self.knots, self.slopes))

    @property
    def lipschitz(self) -> int:
        """The largest ``|slope|`` over the pieces (left of all knots, then after each knot in order)."""
        order = sorted(range(len(self.knots)), key=lambda j: self.knots[j])
        slope, best = self.slope0, abs(self.slope0)
        for j in order:
            slope += self.slopes[j]
            best = max(best, abs(slope))
        return best

    def apply(self, vectors: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, ...], ...]:
        """``φ`` applied to every coordinate of every vector."""
        return tuple(tuple(self(int(v)) for v in a) for a in vectors)


def _signs(n: int) -> np.ndarray:
    bits = (np.arange(1 << n)[:, None] >> np.arange(n)[None, :]) & 1
    return (2 * bits - 1).astype(np.float64)


def linear_class_complexity(X: np.ndarray, B: float = 1.0) -> float:
    """``(B/n) E_σ ‖Σ_i σ_i x_i‖₂`` over all ``2^n`` sign vectors, for the rows ``x_i`` of ``X``
    (``1 <= n <= 16``) and a radius ``B >= 0``."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or not 1 <= X.shape[0] <= 16:
        raise ValueError(f"need an (n, d) array with 1 <= n <= 16, got shape {X.shape}")
    if B < 0:
        raise ValueError(f"the radius B must be >= 0, got {B}")
    n = X.shape[0]
    return float(B * np.linalg.norm(_signs(n) @ X, axis=1).mean() / n)


def empirical_rademacher_by_sample(P: FiniteProblem, n: int) -> list[Fraction]:
    """``R̂_S(ℓ∘H) = E_σ max_h (1/n) Σ_i σ_i ℓ_h(z_i)`` for each count vector of ``sample_law(P, n)``."""
    if not 1 <= n <= 12:
        raise ValueError(f"the exact empirical Rademacher average enumerates 2^n signs; need 1 <= n <= 12, got {n}")
    counts, _, _ = sample_law(P, n)
    losses = np.asarray(P.losses, dtype=np.int64)
    out = []
    for row in counts.tolist():
        seq = [z for z, c in enumerate(row) for _ in range(c)]
        out.append(expected_max_correlation(np.unique(losses[:, seq], axis=0).tolist()))
    return out


def two_sample_rademacher(P: FiniteProblem, m: int) -> Fraction:
    """``E_{S1, S2 ~ D^m} max_h (1/2m) (Σ_{z∈S1} ℓ_h(z) - Σ_{z∈S2} ℓ_h(z))``, exactly: the ``2m`` points are
    exchangeable, so the fixed split equals the average over all ``C(2m, m)`` balanced sign vectors."""
    if not 1 <= m <= 6:
        raise ValueError(f"need 1 <= m <= 6 (2^(2m) sign vectors are enumerated), got {m}")
    n = 2 * m
    counts, nums, den = sample_law(P, n)
    signs = _signs(n).astype(np.int64)
    balanced = signs[signs.sum(axis=1) == 0]
    losses = np.asarray(P.losses, dtype=np.int64)
    total = 0
    for row, weight in zip(counts.tolist(), nums):
        seq = [z for z, c in enumerate(row) for _ in range(c)]
        total += weight * int((balanced @ losses[:, seq].T).max(axis=1).sum())
    return Fraction(total, den * len(balanced) * n)


def binomial_mean_abs_deviation(m: int) -> Fraction:
    """``E|B - m|`` for ``B ~ Bin(2m, 1/2)``."""
    if m < 1:
        raise ValueError(f"need m >= 1, got {m}")
    return Fraction(sum(comb(2 * m, k) * abs(k - m) for k in range(2 * m + 1)), 4**m)
