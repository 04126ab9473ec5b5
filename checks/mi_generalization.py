"""Exact mutual information between a finite learning algorithm's output and its sample, and its
exact expected generalization gap.

A sample ``S = (Z_1, …, Z_n)`` is drawn i.i.d. from ``μ`` on ``{0, …, K−1}``; the algorithm is a
Markov kernel ``P(W = w | S = s)`` on ``{0, …, M−1}``; the loss is a table ``ℓ(w, z)``.
``I(W; S) = Σ_{s,w} P(s) P(w|s) log(P(w|s)/P(w))`` is returned as a prime-log form
(:class:`checks.divergences.LogLinear`) and ``E[R(W) − R̂_S(W)]`` as a fraction, with
``R(w) = E_μ ℓ(w, Z)`` and ``R̂_S(w) = (1/n) Σ_i ℓ(w, Z_i)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import product

from checks.divergences import LogLinear, log, rational

Kernel = Callable[[tuple[int, ...]], Sequence[Fraction]]


def _validate(mu: Sequence[Fraction], n: int, loss: Sequence[Sequence[Fraction]]) -> None:
    if n < 1:
        raise ValueError(f"sample size must be positive, got {n}")
    if sum(mu) != 1 or min(mu) < 0:
        raise ValueError(f"mu is not a probability vector: {mu}")
    if any(len(row) != len(mu) for row in loss):
        raise ValueError("loss table rows must have one entry per outcome")


def sample_law(mu: Sequence[Fraction], n: int) -> list[tuple[tuple[int, ...], Fraction]]:
    """The atoms ``(s, μ^n(s))`` of the sample law with positive mass."""
    out = []
    for s in product(range(len(mu)), repeat=n):
        w = Fraction(1)
        for z in s:
            w *= mu[z]
        if w:
            out.append((s, w))
    return out


def _joint(mu, n, kernel, M):
    law = sample_law(mu, n)
    rows = []
    for s, ps in law:
        k = tuple(Fraction(x) for x in kernel(s))
        if len(k) != M or sum(k) != 1 or min(k) < 0:
            raise ValueError(f"kernel at {s} is not a law on {M} outputs: {k}")
        rows.append((s, ps, k))
    return rows


def mutual_information(mu: Sequence[Fraction], n: int, kernel: Kernel, M: int) -> LogLinear:
    """``I(W; S)`` in nats, exactly."""
    rows = _joint(mu, n, kernel, M)
    pw = [sum((ps * k[w] for _, ps, k in rows), Fraction(0)) for w in range(M)]
    total = rational(0)
    for _, ps, k in rows:
        for w in range(M):
            if k[w]:
                total = total + log(k[w] / pw[w]).scale(ps * k[w])
    return total


def expected_gap(mu: Sequence[Fraction], n: int, kernel: Kernel, loss: Sequence[Sequence[Fraction]]
                 ) -> Fraction:
    """``E[R(W) − R̂_S(W)]`` exactly."""
    _validate(mu, n, loss)
    M = len(loss)
    risk = [sum((m * l for m, l in zip(mu, row)), Fraction(0)) for row in loss]
    gap = Fraction(0)
    for s, ps, k in _joint(mu, n, kernel, M):
        for w in range(M):
            if k[w]:
                emp = sum((Fraction(loss[w][z]) for z in s), Fraction(0)) / n
                gap += ps * k[w] * (risk[w] - emp)
    return gap


def loss_variance(mu: Sequence[Fraction], loss: Sequence[Sequence[Fraction]]) -> Fraction:
    """``max_w Var_{Z~μ} ℓ(w, Z)``."""
    out = Fraction(0)
    for row in loss:
        m1 = sum((m * l for m, l in zip(mu, row)), Fraction(0))
        m2 = sum((m * l * l for m, l in zip(mu, row)), Fraction(0))
        out = max(out, m2 - m1 * m1)
    return out
