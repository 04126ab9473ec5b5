"""Fourier analysis on the Boolean hypercube ``{±1}^d`` under the uniform measure, exact.

A function is its truth table ``f[x]`` indexed by a bitmask ``x`` (bit ``i`` set means ``x_i = -1``);
a subset ``S ⊆ [d]`` is a bitmask too.  The parity character is ``χ_S(x) = Π_{i∈S} x_i
= (-1)^{popcount(S & x)}``, and the Fourier coefficient is ``f̂(S) = E_x[f(x) χ_S(x)]``.
Coefficients are computed with the fast Walsh–Hadamard transform in integer or Fraction arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from numbers import Rational


def _dim(n: int) -> int:
    d = n.bit_length() - 1
    if n < 1 or 1 << d != n:
        raise ValueError(f"a truth table on {{±1}}^d has 2^d entries, got {n}")
    return d


def character(S: int, x: int) -> int:
    """``χ_S(x) = (-1)^{|S ∩ x|}`` for bitmasks ``S`` (a subset) and ``x`` (a point)."""
    if S < 0 or x < 0:
        raise ValueError("bitmasks are nonnegative integers")
    return -1 if bin(S & x).count("1") % 2 else 1


def degree(S: int) -> int:
    """``|S|``."""
    return bin(S).count("1")


def _wht(values: Sequence[Rational]) -> list[Rational]:
    """Unnormalized Walsh–Hadamard transform: ``out[S] = Σ_x values[x] χ_S(x)``."""
    a = list(values)
    _dim(len(a))
    h = 1
    while h < len(a):
        for i in range(0, len(a), 2 * h):
            for j in range(i, i + h):
                a[j], a[j + h] = a[j] + a[j + h], a[j] - a[j + h]
        h *= 2
    return a


def fourier_coefficients(f: Sequence[Rational]) -> list[Fraction]:
    """``f̂(S) = 2^{-d} Σ_x f(x) χ_S(x)`` for every ``S`` (list indexed by the bitmask of ``S``)."""
    if any(isinstance(v, float) for v in f):
        raise ValueError("exact truth tables only (int or Fraction values)")
    n = len(f)
    return [Fraction(v) / n for v in _wht(f)]


def synthesize(coefficients: Sequence[Rational]) -> list[Fraction]:
    """The function ``x -> Σ_S c(S) χ_S(x)`` as a truth table."""
    if any(isinstance(v, float) for v in coefficients):
        raise ValueError("exact coefficients only (int or Fraction values)")
    return [Fraction(v) for v in _wht(coefficients)]


def expectation(f: Sequence[Rational], p: Rational = Fraction(1, 2)) -> Fraction:
    """``E f(x)`` when the coordinates are independent with ``P(x_i = -1) = p`` (uniform: ``p = 1/2``)."""
    p = Fraction(p)
    if not 0 <= p <= 1:
        raise ValueError(f"p must lie in [0, 1], got {p}")
    d = _dim(len(f))
    weight = [p ** k * (1 - p) ** (d - k) for k in range(d + 1)]     # probability of a point with k minus signs
    return sum((Fraction(v) * weight[degree(x)] for x, v in enumerate(f)), Fraction(0))


def truncate(coefficients: Sequence[Rational], alpha: int) -> list[Fraction]:
    """The coefficients of ``f^{<α}``: those with ``|S| < α`` kept, the others set to 0."""
    return [Fraction(c) if degree(S) < alpha else Fraction(0) for S, c in enumerate(coefficients)]
