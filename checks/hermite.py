"""Exact Gaussian (and Rademacher) expectations of polynomials, probabilists' Hermite polynomials.

A polynomial in ``n`` variables is a dict ``{exponent tuple: Fraction}``.  Under ``x ~ N(0, I_n)``,
``E x^α = Π_i (α_i - 1)!!`` for all-even ``α`` and 0 otherwise (Isserlis); under independent
Rademacher signs ``E x^α = 1`` for all-even ``α`` and 0 otherwise.  ``He_k`` is defined by
``He_0 = 1``, ``He_1 = x``, ``He_{k+1} = x He_k - k He_{k-1}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import prod

Poly = dict[tuple[int, ...], Fraction]
DISTRIBUTIONS = ("gaussian", "rademacher")


def double_factorial_odd(k: int) -> int:
    """``(k - 1)!!`` for even ``k >= 0``: the ``k``-th moment of ``N(0, 1)``."""
    if k < 0 or k % 2:
        raise ValueError(f"needs an even k >= 0, got {k}")
    return prod(range(k - 1, 0, -2))


def moment(k: int, dist: str = "gaussian") -> int:
    """``E X^k`` for ``X ~ N(0, 1)`` or a Rademacher sign."""
    if dist not in DISTRIBUTIONS:
        raise ValueError(f"unknown distribution {dist!r}; choose one of {DISTRIBUTIONS}")
    if k < 0:
        raise ValueError(f"moment order must be >= 0, got {k}")
    if k % 2:
        return 0
    return double_factorial_odd(k) if dist == "gaussian" else 1


def hermite(k: int) -> list[int]:
    """Coefficients ``[c_0, ..., c_k]`` of the probabilists' Hermite polynomial ``He_k``."""
    if k < 0:
        raise ValueError(f"Hermite degree must be >= 0, got {k}")
    prev, cur = [1], [0, 1]
    if k == 0:
        return prev
    for j in range(1, k):
        nxt = [0] + cur
        for i, c in enumerate(prev):
            nxt[i] -= j * c
        prev, cur = cur, nxt
    return cur


def _check(p: Poly) -> int:
    lens = {len(a) for a in p}
    if len(lens) > 1:
        raise ValueError("monomials of different arity")
    return lens.pop() if lens else 0


def add(p: Poly, q: Poly) -> Poly:
    out = dict(p)
    for a, c in q.items():
        out[a] = out.get(a, Fraction(0)) + c
    return {a: c for a, c in out.items() if c != 0}


def scale(p: Poly, s: Fraction) -> Poly:
    return {a: c * s for a, c in p.items() if c * s != 0}


def mul(p: Poly, q: Poly) -> Poly:
    out: dict[tuple[int, ...], Fraction] = {}
    for a, c in p.items():
        for b, e in q.items():
            k = tuple(i + j for i, j in zip(a, b))
            out[k] = out.get(k, Fraction(0)) + c * e
    return {a: c for a, c in out.items() if c != 0}


def constant(c: Fraction, n: int) -> Poly:
    return {(0,) * n: Fraction(c)} if c != 0 else {}


def variable(i: int, n: int) -> Poly:
    """The coordinate ``x_i`` in ``n`` variables."""
    if not 0 <= i < n:
        raise ValueError(f"variable {i} out of range for {n} variables")
    return {tuple(1 if j == i else 0 for j in range(n)): Fraction(1)}


def linear_form(u: Sequence[Fraction]) -> Poly:
    """``x -> u^T x``."""
    n = len(u)
    return {tuple(1 if j == i else 0 for j in range(n)): Fraction(c) for i, c in enumerate(u) if c != 0}


def compose(coeffs: Sequence[Fraction], p: Poly, n: int) -> Poly:
    """``g(p(x))`` for the univariate ``g = Σ_k coeffs[k] t^k`` (Horner)."""
    out: Poly = {}
    for c in reversed(coeffs):
        out = add(mul(out, p), constant(Fraction(c), n))
    return out


def compose_multi(F: Poly, forms: Sequence[Poly], n: int) -> Poly:
    """``F(p_1(x), ..., p_k(x))`` for a polynomial ``F`` in ``k`` variables."""
    out: Poly = {}
    powers: dict[tuple[int, int], Poly] = {}

    def power(j: int, e: int) -> Poly:
        if (j, e) not in powers:
            powers[(j, e)] = constant(Fraction(1), n) if e == 0 else mul(power(j, e - 1), forms[j])
        return powers[(j, e)]

    for a, c in F.items():
        if len(a) != len(forms):
            raise ValueError("F has a different number of variables than forms")
        term = constant(c, n)
        for j, e in enumerate(a):
            term = mul(term, power(j, e))
        out = add(out, term)
    return out


def times_variables(p: Poly, *indices: int) -> Poly:
    """``x_{i_1} ... x_{i_r} p(x)``."""
    out: Poly = {}
    for a, c in p.items():
        b = list(a)
        for i in indices:
            if not 0 <= i < len(b):
                raise ValueError(f"variable {i} out of range for {len(b)} variables")
            b[i] += 1
        out[tuple(b)] = c
    return out


def expect(p: Poly, dist: str = "gaussian") -> Fraction:
    """``E p(x)`` for ``x`` with i.i.d. ``N(0, 1)`` (or Rademacher) coordinates, exact."""
    _check(p)
    return sum((c * prod(moment(e, dist) for e in a) for a, c in p.items()), Fraction(0))


def expect_univariate(coeffs: Sequence[Fraction], dist: str = "gaussian") -> Fraction:
    """``E g(X)`` for ``g = Σ_k coeffs[k] t^k``."""
    return sum((Fraction(c) * moment(k, dist) for k, c in enumerate(coeffs)), Fraction(0))


def derivative(coeffs: Sequence[Fraction]) -> list[Fraction]:
    """Coefficients of ``g'``."""
    return [Fraction(k * c) for k, c in enumerate(coeffs)][1:] or [Fraction(0)]


def times_x(coeffs: Sequence[Fraction], power: int = 1) -> list[Fraction]:
    """Coefficients of ``t^power g(t)``."""
    return [Fraction(0)] * power + [Fraction(c) for c in coeffs]
