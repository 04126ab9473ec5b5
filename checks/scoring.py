"""Scoring rules and calibration of finite forecasts, in exact rational arithmetic.

A forecast ``q`` of a finite outcome ``y ~ p`` is scored by a loss ``S(q, y)``; ``E_p S(q) = sum_y p_y S(q, y)``.
A rule is strictly proper when ``E_p S(q) > E_p S(p)`` for every ``q != p``.  Calibration is measured by the
expected calibration error of a binary forecast on a finite population of weighted cases."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from checks.divergences import LogLinear, cross_entropy


def _simplex(p: Sequence[Fraction], name: str) -> None:
    if not p or any(v < 0 for v in p) or sum(p) != 1:
        raise ValueError(f"{name} must be a probability vector, got {tuple(p)}")


def expected_brier(p: Sequence[Fraction], q: Sequence[Fraction]) -> Fraction:
    """``E_{y~p} sum_c (q_c - [c = y])^2``."""
    _simplex(p, "p")
    _simplex(q, "q")
    k = len(p)
    if len(q) != k:
        raise ValueError("p and q need the same number of outcomes")
    return sum((p[y] * sum(((q[c] - (c == y)) ** 2 for c in range(k)), Fraction(0)) for y in range(k)), Fraction(0))


def expected_log_loss(p: Sequence[Fraction], q: Sequence[Fraction]) -> LogLinear:
    """``E_{y~p} [-log q_y]`` = the cross-entropy, as an exact log-linear form."""
    return cross_entropy(p, q)


def expected_absolute(p: Fraction, q: Fraction) -> Fraction:
    """Binary absolute loss ``E |q - y| = p (1 - q) + (1 - p) q`` for ``y ~ Bernoulli(p)``."""
    if not (0 <= p <= 1 and 0 <= q <= 1):
        raise ValueError("p and q must lie in [0, 1]")
    return p * (1 - q) + (1 - p) * q


def spherical_gap_squared(p: Sequence[Fraction], q: Sequence[Fraction]) -> Fraction:
    """``||p||^2 ||q||^2 - <p, q>^2`` (>= 0): the spherical score ``E_p q_y/||q|| = <p, q>/||q||`` is at most
    ``||p||``, its value at ``q = p``, and the squared gap is this Lagrange-identity quantity over ``||q||^2``."""
    pp = sum((a * a for a in p), Fraction(0))
    qq = sum((b * b for b in q), Fraction(0))
    pq = sum((a * b for a, b in zip(p, q)), Fraction(0))
    return pp * qq - pq * pq


Population = Sequence[tuple[Fraction, Fraction, Fraction]]   # (weight, forecast q(x), P(y = 1 | x))


def _population(pop: Population) -> None:
    if not pop or any(w <= 0 or not 0 <= f <= 1 or not 0 <= e <= 1 for w, f, e in pop):
        raise ValueError("a population is a nonempty list of (weight > 0, forecast in [0,1], P(y=1|x) in [0,1])")


def ece(pop: Population, bins: int) -> Fraction:
    """Population ECE with ``bins`` equal-width bins ``[j/B, (j+1)/B)`` (the last one closed):
    ``sum_b P(b) |E[y | b] - E[q | b]|``."""
    _population(pop)
    if bins < 1:
        raise ValueError("need at least one bin")
    total = sum(w for w, _, _ in pop)
    acc: dict[int, list[Fraction]] = {}
    for w, f, e in pop:
        b = min(int(f * bins), bins - 1)
        s = acc.setdefault(b, [Fraction(0), Fraction(0)])
        s[0] += w * (e - f)
    return sum((abs(s[0]) for s in acc.values()), Fraction(0)) / total


def murphy(pop: Population) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    """``(Brier, reliability, resolution, uncertainty)`` of a binary forecast, grouping cases by forecast value:
    ``REL = E (f - o_f)^2``, ``RES = E (o_f - o)^2``, ``UNC = o (1 - o)`` with ``o_f = E[y | f]``, ``o = E y``."""
    _population(pop)
    total = sum(w for w, _, _ in pop)
    o = sum(w * e for w, _, e in pop) / total
    brier = sum(w * (e * (f - 1) ** 2 + (1 - e) * f ** 2) for w, f, e in pop) / total
    groups: dict[Fraction, list[Fraction]] = {}
    for w, f, e in pop:
        g = groups.setdefault(f, [Fraction(0), Fraction(0)])
        g[0] += w
        g[1] += w * e
    rel = sum((g[0] * (f - g[1] / g[0]) ** 2 for f, g in groups.items()), Fraction(0)) / total
    res = sum((g[0] * (g[1] / g[0] - o) ** 2 for g in groups.values()), Fraction(0)) / total
    return brier, rel, res, o * (1 - o)
