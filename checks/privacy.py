"""Differential privacy of mechanisms with finitely many outputs, exactly.

A mechanism run on two neighbouring data sets gives two output laws ``P, Q`` (tuples of Fractions
on the same finite set).  The pair is ``(ε, δ)``-indistinguishable with ``a = e^ε`` iff
``P(E) <= a Q(E) + δ`` and ``Q(E) <= a P(E) + δ`` for every event ``E``; the least such ``δ`` is the
hockey-stick divergence ``max(Σ_o (P(o) - a Q(o))_+, Σ_o (Q(o) - a P(o))_+)``, attained at the event
``{P > a Q}``.  Privacy levels are given as the rational ``a = e^ε >= 1`` so that everything stays
rational.

Mechanisms: randomized response on one bit, a geometric (discrete Laplace) mechanism for a count,
clamped to a finite range, the exponential mechanism with rational base, and randomized response
that leaks its input with probability ``δ``.  A private learner over a finite class (the exponential
mechanism on the empirical risk, possibly leaking the empirical risk minimizer) and its exact expected
generalization gap over all samples.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from checks.stability import samples

Law = tuple[Fraction, ...]


def _law(p: Sequence[Fraction]) -> Law:
    out = tuple(Fraction(x) for x in p)
    if not out or any(x < 0 for x in out) or sum(out) != 1:
        raise ValueError(f"not a probability vector: {out}")
    return out


def _level(a: Fraction) -> Fraction:
    a = Fraction(a)
    if a < 1:
        raise ValueError(f"a = e^eps must be >= 1, got {a}")
    return a


def hockey_stick(p: Sequence[Fraction], q: Sequence[Fraction], a: Fraction) -> Fraction:
    """``sup_E P(E) - a Q(E) = Σ_o (P(o) - a Q(o))_+``."""
    p, q, a = _law(p), _law(q), _level(a)
    if len(p) != len(q):
        raise ValueError("laws on different output sets")
    return sum((max(x - a * y, Fraction(0)) for x, y in zip(p, q)), Fraction(0))


def privacy_delta(p: Sequence[Fraction], q: Sequence[Fraction], a: Fraction) -> Fraction:
    """The least ``δ`` for which the pair ``(P, Q)`` is ``(ln a, δ)``-indistinguishable."""
    return max(hockey_stick(p, q, a), hockey_stick(q, p, a))


def expected(p: Sequence[Fraction], loss: Sequence[Fraction]) -> Fraction:
    """``E_{o ~ P} loss(o)``."""
    p = _law(p)
    if len(loss) != len(p):
        raise ValueError("one loss value per output")
    return sum((x * Fraction(v) for x, v in zip(p, loss)), Fraction(0))


def randomized_response(a: Fraction, bit: int) -> Law:
    """Report the bit with probability ``a/(1 + a)``, flip it otherwise: ``ln a``-DP."""
    a = _level(a)
    if bit not in (0, 1):
        raise ValueError(f"the input is a bit, got {bit!r}")
    keep = a / (1 + a)
    return (keep, 1 - keep) if bit == 0 else (1 - keep, keep)


def leaky_response(a: Fraction, delta: Fraction, bit: int) -> Law:
    """With probability ``δ`` output the input bit (tagged: outputs 2 and 3), else randomized
    response: ``(ln a, δ)``-DP, and no better than ``δ`` at ``a = 1``."""
    delta = Fraction(delta)
    if not 0 <= delta <= 1:
        raise ValueError(f"delta must lie in [0, 1], got {delta}")
    rr = randomized_response(a, bit)
    return (rr[0] * (1 - delta), rr[1] * (1 - delta), delta * (bit == 0), delta * (bit == 1))


def geometric_mechanism(b: Fraction, count: int, lo: int, hi: int) -> Law:
    """``count + Z`` with ``P(Z = k) ∝ b^{-|k|}`` (``b > 1``), clamped to ``[lo, hi]``: laws on
    ``lo..hi``.  Counts differing by one give an ``ln b``-DP pair (clamping is post-processing)."""
    b = Fraction(b)
    if not b > 1 or not lo <= count <= hi:
        raise ValueError(f"need b > 1 and lo <= count <= hi, got b={b}, {lo} <= {count} <= {hi}")
    r = 1 / b
    norm = (1 - r) / (1 + r)  # 1 / Σ_k r^|k|

    def mass(k: int) -> Fraction:
        return norm * r ** abs(k)

    def at_least(j: int) -> Fraction:  # P(Z >= j) = P(Z <= -j) for j >= 0
        return norm * r**j / (1 - r) if j >= 1 else 1 - norm * r / (1 - r)

    if lo == hi:
        return (Fraction(1),)
    out = [at_least(count - lo)]
    out += [mass(o - count) for o in range(lo + 1, hi)]
    out.append(at_least(hi - count))
    return _law(out)


def exponential_mechanism(b: Fraction, scores: Sequence[int]) -> Law:
    """Output ``o`` with probability ``∝ b^{score(o)}``: scores of sensitivity 1 give a
    ``ln(b²)``-DP pair."""
    b = Fraction(b)
    if not b >= 1 or not scores:
        raise ValueError(f"need b >= 1 and at least one score, got {b}, {scores}")
    lo = min(scores)
    w = [b ** (s - lo) for s in scores]
    z = sum(w)
    return _law([x / z for x in w])


# ------------------------------------------------------------------------------ private learners

def exponential_learner(b: Fraction, losses: Sequence[Sequence[int]], sample: Sequence[int],
                        leak: Fraction = Fraction(0)) -> Law:
    """The law of the hypothesis output on ``sample`` (points of a finite domain): with probability
    ``leak`` the first empirical risk minimizer, otherwise the exponential mechanism with base ``b``
    on the score ``-Σ_i losses[h][z_i]``.  With 0/1 losses the score has sensitivity 1, so the
    learner is ``(ln b², leak)``-DP."""
    leak = Fraction(leak)
    if not 0 <= leak <= 1:
        raise ValueError(f"the leak probability must lie in [0, 1], got {leak}")
    if any(v not in (0, 1) for row in losses for v in row):
        raise ValueError("losses must be 0/1 tables (hypothesis x point)")
    scores = [-sum(row[z] for z in sample) for row in losses]
    em = exponential_mechanism(Fraction(b), scores)
    erm = scores.index(max(scores))
    return tuple((1 - leak) * p + leak * (h == erm) for h, p in enumerate(em))


def expected_gap(law_of: Callable[[tuple[int, ...]], Law], losses: Sequence[Sequence[int]],
                 probs: Sequence[Fraction], n: int) -> Fraction:
    """``E_S E_{h ~ A(S)} [R(h) - R_S(h)]`` over i.i.d. samples of size ``n`` from ``probs``."""
    probs = _law(probs)
    risk = [sum((p * v for p, v in zip(probs, row)), Fraction(0)) for row in losses]
    total = Fraction(0)
    for sample, w in samples(probs, n):
        if w == 0:
            continue
        emp = [Fraction(sum(row[z] for z in sample), n) for row in losses]
        total += w * sum((q * (r - e) for q, r, e in zip(law_of(sample), risk, emp)), Fraction(0))
    return total
