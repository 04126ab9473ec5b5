"""High-probability consequences of uniform stability, computed exactly on finite domains.

For a rule given by its :class:`~checks.stability.LossProfile` and rational point probabilities,
the gap ``Phi(S) = R(A(S)) - R_S(A(S))`` takes finitely many rational values; its law is exact.  From it:

- the largest bounded difference ``max_{S, i, z'} |Phi(S) - Phi(S^(i))|`` (the constant McDiarmid's
  inequality needs) and the loss range ``M`` (losses shifted to ``[0, M]``);
- tail probabilities ``P(Phi > b)`` for bounds of the form ``b = a + c sqrt(r)``, decided exactly
  when ``r`` is rational and, when ``r`` is transcendental (it contains ``ln(1/delta)``), by a
  50-digit evaluation that refuses to decide within ``1e-40`` (a tie of a rational with such a
  number is impossible);
- the McDiarmid-type statement ``P(Phi > a + c sqrt(ln(1/delta) / (2n))) <= delta`` for EVERY
  ``delta`` in ``(0, 1)`` at once: it is equivalent to ``P(Phi >= g) <= exp(-2n ((g - a)/c)^2)`` for
  every value ``g > a`` of the gap, a finite list of comparisons of a rational with an exponential.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import mpmath

from checks.stability import LossProfile, replace_one, sample_gaps

DIGITS = 50
GUARD = Fraction(1, 10**40)
"""Comparisons of a rational with a transcendental number closer than this are refused."""


def loss_range(profile: LossProfile) -> Fraction:
    """``M = max - min`` of all losses in the table: the loss shifted by its minimum lies in ``[0, M]``
    (the gap and the stability are unchanged by the shift)."""
    values = [v for row in profile.table.values() for v in row]
    return Fraction(max(values) - min(values))


def gap_law(profile: LossProfile, probs: Sequence[Fraction]) -> list[tuple[Fraction, Fraction]]:
    """The law of ``Phi(S)``: ``(value, probability)`` pairs, values decreasing, probabilities > 0."""
    law: dict[Fraction, Fraction] = defaultdict(Fraction)
    for _, p, g in sample_gaps(profile, probs):
        if p:
            law[g] += p
    return sorted(law.items(), reverse=True)


def gap_bounded_difference(profile: LossProfile, probs: Sequence[Fraction]) -> Fraction:
    """``max_{S, i, z'} |Phi(S) - Phi(S^(i))|`` over all samples of the domain (0 for one point)."""
    phi = {s: g for s, _, g in sample_gaps(profile, probs)}
    return max((abs(phi[s] - phi[replace_one(s, i, z)]) for s in phi for i in range(profile.n)
                for z in range(profile.k) if z != s[i]), default=Fraction(0))


def _mpf(x: Fraction) -> mpmath.mpf:
    return mpmath.mpf(x.numerator) / x.denominator


def _rational(x: mpmath.mpf) -> Fraction:
    sign, man, exp, _ = mpmath.mpf(x)._mpf_  # the exact binary value (-1)^sign man 2^exp
    return (-1) ** sign * Fraction(int(man)) * Fraction(2) ** int(exp)


def exceeds(g: Fraction, a: Fraction, c: Fraction, r: Fraction | mpmath.mpf) -> bool:
    """Whether ``g > a + c sqrt(r)`` (``c, r >= 0``): exact for rational ``r``, else decided at 50 digits."""
    if c < 0 or r < 0:
        raise ValueError(f"need c >= 0 and r >= 0, got c = {c}, r = {r}")
    u = g - a
    if c == 0 or r == 0:
        return u > 0
    if u <= 0:
        return False
    if isinstance(r, Fraction):
        return u * u > c * c * r
    with mpmath.workdps(DIGITS):
        diff = _rational(_mpf(u) ** 2 - _mpf(c) ** 2 * r)
    if abs(diff) < GUARD:
        raise ValueError(f"cannot decide {g} > {a} + {c} sqrt({r}) at {DIGITS} digits")
    return diff > 0


def log_inv(delta: Fraction) -> mpmath.mpf:
    """``ln(1/delta)`` at 50 digits, for ``0 < delta < 1``."""
    if not 0 < delta < 1:
        raise ValueError(f"delta must lie in (0, 1), got {delta}")
    with mpmath.workdps(DIGITS):
        return -mpmath.log(_mpf(delta))


def tail(law: Sequence[tuple[Fraction, Fraction]], a: Fraction, c: Fraction, r: Fraction | mpmath.mpf) -> Fraction:
    """``P(Phi > a + c sqrt(r))`` for the law of :func:`gap_law`."""
    return sum((p for g, p in law if exceeds(g, a, c, r)), start=Fraction(0))


@dataclass(frozen=True)
class TailWitness:
    """The worst value ``g`` of the gap for a McDiarmid-type bound: ``P(Phi >= g)`` against
    ``delta*(g) = exp(-2n ((g - a)/c)^2)`` enclosed in ``[low, high]`` (rationals)."""

    g: Fraction
    probability: Fraction
    low: Fraction
    high: Fraction


def mcdiarmid_witness(law: Sequence[tuple[Fraction, Fraction]], n: int, a: Fraction,
                      c: Fraction) -> TailWitness | None:
    """The statement ``P(Phi > a + c sqrt(ln(1/delta)/(2n))) <= delta`` for all ``delta in (0, 1)``
    fails iff some gap value ``g > a`` has ``P(Phi >= g) > exp(-2n ((g - a)/c)^2)``: as ``delta``
    decreases to ``delta*(g)`` the bound increases to ``g``, and the event keeps every value ``>= g``.
    Returns the value with the largest ratio ``P(Phi >= g) / delta*(g)`` (``None`` if no ``g > a``).
    With ``c = 0`` the bound is ``a`` for every ``delta``, and ``delta*(g) = 0``."""
    if n < 1 or c < 0:
        raise ValueError(f"need n >= 1 and c >= 0, got n = {n}, c = {c}")
    best, cumulative = None, Fraction(0)
    for g, p in law:  # decreasing values: cumulative = P(Phi >= g)
        cumulative += p
        if g <= a:
            break
        if c == 0:
            lo = hi = Fraction(0)
        else:
            with mpmath.workdps(DIGITS):
                v = _rational(mpmath.exp(-_mpf(2 * n * ((g - a) / c) ** 2)))
            lo, hi = max(v - GUARD, Fraction(0)), v + GUARD
        w = TailWitness(g, cumulative, lo, hi)
        if best is None or _ratio(w) > _ratio(best):
            best = w
    return best


def _ratio(w: TailWitness) -> float:
    return float("inf") if w.high == 0 else float(w.probability / w.high)

