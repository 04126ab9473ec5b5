"""Saddle points of quadratics, exactly: gradient descent, coupled runs, SGD with finite-sum noise,
and the probability that a uniform perturbation lands in a thin band.

All quadratics are ``f(x) = x^T H x / 2`` with ``H = Q diag(h) Q^T``, ``Q`` a rational orthogonal
matrix (Cayley transform), so every iterate is an exact vector of Fractions.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Sequence

from scipy.special import betainc, gammaln

from checks import exact_linalg

Vec = tuple[Fraction, ...]
Mat = tuple[tuple[Fraction, ...], ...]


def matmul(A: Sequence[Sequence[Fraction]], B: Sequence[Sequence[Fraction]]) -> Mat:
    """The exact product ``A B``."""
    if len(A[0]) != len(B):
        raise ValueError("inner dimensions differ")
    return tuple(tuple(sum((A[i][k] * B[k][j] for k in range(len(B))), Fraction(0)) for j in range(len(B[0])))
                 for i in range(len(A)))


def matvec(A: Sequence[Sequence[Fraction]], x: Sequence[Fraction]) -> Vec:
    if len(A[0]) != len(x):
        raise ValueError("dimensions differ")
    return tuple(sum((a * b for a, b in zip(row, x)), Fraction(0)) for row in A)


def transpose(A: Sequence[Sequence[Fraction]]) -> Mat:
    return tuple(tuple(A[i][j] for i in range(len(A))) for j in range(len(A[0])))


def dot(x: Sequence[Fraction], y: Sequence[Fraction]) -> Fraction:
    return sum((a * b for a, b in zip(x, y)), Fraction(0))


def cayley(S: Sequence[Sequence[Fraction]]) -> Mat:
    """The rational orthogonal matrix ``(I - S)(I + S)^{-1}`` of a skew-symmetric rational ``S``
    (:func:`checks.exact_linalg.cayley`, as a tuple of rows)."""
    return tuple(tuple(row) for row in exact_linalg.cayley(S))


def quadratic_hessian(Q: Mat, h: Sequence[Fraction]) -> Mat:
    """``Q diag(h) Q^T``."""
    return matmul(tuple(tuple(Q[i][j] * h[j] for j in range(len(h))) for i in range(len(Q))), transpose(Q))


def quadratic_value(H: Mat, x: Sequence[Fraction]) -> Fraction:
    return dot(x, matvec(H, x)) / 2


def gd_quadratic(H: Mat, x0: Sequence[Fraction], eta: Fraction, steps: int) -> list[Vec]:
    """The iterates ``x_0, ..., x_steps`` of ``x <- x - eta H x``, exactly."""
    if steps < 0:
        raise ValueError("steps must be non-negative")
    xs = [tuple(Fraction(v) for v in x0)]
    for _ in range(steps):
        x = xs[-1]
        g = matvec(H, x)
        xs.append(tuple(a - eta * b for a, b in zip(x, g)))
    return xs


def escape_time(c: Fraction, growth: Fraction, radius: Fraction) -> int:
    """The least ``t`` with ``|c| growth^t >= radius`` (``c != 0``, ``growth > 1``)."""
    if c == 0 or growth <= 1 or radius <= 0:
        raise ValueError("need c != 0, growth > 1 and radius > 0")
    t, v = 0, abs(Fraction(c))
    while v < radius:
        v *= growth
        t += 1
    return t


def sgd_quadratic_paths(h: Sequence[Fraction], cs: Sequence[Sequence[Fraction]], theta0: Sequence[Fraction],
                        eta: Fraction, steps: int) -> list[tuple[tuple[int, ...], list[Vec]]]:
    """SGD on ``l_i(θ) = θ^T diag(h) θ / 2 + c_i^T θ`` along every index sequence of length ``steps``:
    ``θ <- θ - eta (h ⊙ θ + c_i)``.  Returns ``(sequence, iterates)`` pairs."""
    if steps < 0 or not cs:
        raise ValueError("need steps >= 0 and at least one example")
    out: list[tuple[tuple[int, ...], list[Vec]]] = [((), [tuple(Fraction(v) for v in theta0)])]
    for _ in range(steps):
        nxt = []
        for seq, path in out:
            th = path[-1]
            for i, c in enumerate(cs):
                new = tuple(t - eta * (hh * t + cc) for t, hh, cc in zip(th, h, c))
                nxt.append((seq + (i,), path + [new]))
        out = nxt
    return out


def central_slab_probability(d: int, w: float) -> float:
    """``Pr(|u_1| <= w/2)`` for ``u`` uniform in the unit ball of ``R^d`` (``u_1^2 ~ Beta(1/2, (d+1)/2)``):
    the probability that a uniform point of a radius-``r`` ball lands in a central slab of width ``w r``."""
    if d < 1 or w < 0:
        raise ValueError("need d >= 1 and w >= 0")
    return float(betainc(0.5, (d + 1) / 2, min(1.0, (w / 2) ** 2)))


def band_probability_bound(d: int, w: float) -> float:
    """``(w/sqrt(pi)) Γ(d/2 + 1)/Γ(d/2 + 1/2)`` = width times ``Vol(B^{d-1})/Vol(B^d)`` (unit radius)."""
    if d < 1 or w < 0:
        raise ValueError("need d >= 1 and w >= 0")
    return w / math.sqrt(math.pi) * math.exp(gammaln(d / 2 + 1) - gammaln(d / 2 + 0.5))

