"""Exact and high-precision computations with probability laws.

- Finite laws with rational atoms and weights (:class:`FiniteLaw`): means, variances, expectations and
  probabilities of events, all as fractions.
- Integer-valued laws (:class:`LatticeLaw`, weights over a common integer total): exact convolution for
  sums of independent variables, exact tails; binomial tails for large ``n`` by the term recursion
  ``t_{j+1} = t_j (n - j) a / ((j + 1)(D - a))`` of ``t_j = C(n, j) a^j (D - a)^{n-j}``, ``p = a/D``.
- Rigorous comparisons with irrational bounds: :func:`le_enclosed` decides ``lhs <= B`` for a rational
  ``lhs`` and a bound ``B`` enclosed by interval arithmetic (``mpmath.iv``), refining the precision
  until the enclosure separates the two sides.
- Gaussian quantities at 40 significant digits (``mpmath``): tail, Mills ratio ``Φᶜ(x)/φ(x)``,
  ``P(|X| <= u)``, the tails of maxima of ``n`` i.i.d. normals, truncated-normal moments (closed form,
  and an independent quadrature in double precision with its error estimate).
- Small-ball counts (``max_window_count``), Kolmogorov distance of a discrete law to a normal, and the
  outcome law of the spectral norm of a matrix series ``Σ c_i A_i`` with independent two-point ``c_i``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import mpmath
import numpy as np
from mpmath.libmp import to_rational
from scipy.integrate import quad
from scipy.special import ndtr

from checks.claim import Check

DIGITS = 40
"""Working precision (decimal digits) of the Gaussian quantities; their relative error is below
``GAUSS_RTOL``."""
GAUSS_RTOL = 1e-30


# --- finite laws with rational atoms --------------------------------------------------------------

@dataclass(frozen=True)
class FiniteLaw:
    """``P(X = atoms[i]) = probs[i]``: distinct rational atoms, positive rational weights summing to 1."""

    atoms: tuple[Fraction, ...]
    probs: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        if not self.atoms or len(self.atoms) != len(self.probs):
            raise ValueError("a finite law needs as many probabilities as atoms, and at least one atom")
        if len(set(self.atoms)) != len(self.atoms):
            raise ValueError(f"atoms must be distinct, got {self.atoms}")
        if any(p <= 0 for p in self.probs) or sum(self.probs) != 1:
            raise ValueError(f"probabilities must be positive and sum to 1, got {self.probs}")

    @classmethod
    def from_weights(cls, atoms: Sequence, weights: Sequence[int]) -> "FiniteLaw":
        """Atoms with positive integer weights (repeated atoms are merged)."""
        if len(atoms) != len(weights) or any(w <= 0 for w in weights):
            raise ValueError("weights must be positive, one per atom")
        merged: dict[Fraction, int] = {}
        for a, w in zip(atoms, weights):
            merged[Fraction(a)] = merged.get(Fraction(a), 0) + int(w)
        total = sum(merged.values())
        keys = sorted(merged)
        return cls(tuple(keys), tuple(Fraction(merged[k], total) for k in keys))

    def expect(self, f: Callable[[Fraction], Fraction]) -> Fraction:
        return sum((p * f(a) for a, p in zip(self.atoms, self.probs)), Fraction(0))

    @property
    def mean(self) -> Fraction:
        return self.expect(lambda a: a)

    @property
    def variance(self) -> Fraction:
        m = self.mean
        return self.expect(lambda a: (a - m) ** 2)

    def prob(self, event: Callable[[Fraction], bool]) -> Fraction:
        return sum((p for a, p in zip(self.atoms, self.probs) if event(a)), Fraction(0))

    def __repr__(self) -> str:
        body = ", ".join(f"{a}: {p}" for a, p in zip(self.atoms, self.probs))
        return f"FiniteLaw({{{body}}})"


# --- integer-valued laws and sums of independent variables -----------------------------------------

@dataclass(frozen=True)
class LatticeLaw:
    """``P(X = offset + j) = weights[j] / total`` for an integer-valued ``X``."""

    offset: int
    weights: tuple[int, ...]
    total: int

    def __post_init__(self) -> None:
        if not self.weights or any(w < 0 for w in self.weights) or sum(self.weights) != self.total:
            raise ValueError("weights must be nonnegative integers summing to the total")
        if self.total <= 0:
            raise ValueError("the total weight must be positive")

    @classmethod
    def from_atoms(cls, atom_weights: dict[int, int]) -> "LatticeLaw":
        """The law with ``P(X = k) ∝ atom_weights[k]``."""
        if not atom_weights or any(w < 0 for w in atom_weights.values()) or sum(atom_weights.values()) == 0:
            raise ValueError(f"need nonnegative weights with a positive sum, got {atom_weights}")
        lo, hi = min(atom_weights), max(atom_weights)
        w = tuple(int(atom_weights.get(k, 0)) for k in range(lo, hi + 1))
        return cls(lo, w, sum(w))

    @property
    def support(self) -> range:
        return range(self.offset, self.offset + len(self.weights))

    @property
    def lo(self) -> int:
        return self.offset + next(j for j, w in enumerate(self.weights) if w)

    @property
    def hi(self) -> int:
        return self.offset + max(j for j, w in enumerate(self.weights) if w)

    @property
    def mean(self) -> Fraction:
        return Fraction(sum(k * w for k, w in zip(self.support, self.weights)), self.total)

    @property
    def second_moment(self) -> Fraction:
        return Fraction(sum(k * k * w for k, w in zip(self.support, self.weights)), self.total)

    @property
    def variance(self) -> Fraction:
        return self.second_moment - self.mean ** 2

    def prob(self, event: Callable[[int], bool]) -> Fraction:
        return Fraction(sum(w for k, w in zip(self.support, self.weights) if w and event(k)), self.total)

    def ge(self, x: Fraction | int) -> Fraction:
        """``P(X >= x)``."""
        return self.prob(lambda k: k >= x)

    def gt(self, x: Fraction | int) -> Fraction:
        """``P(X > x)``."""
        return self.prob(lambda k: k > x)

    def le(self, x: Fraction | int) -> Fraction:
        """``P(X <= x)``."""
        return self.prob(lambda k: k <= x)

    def abs_dev(self, center: Fraction, t: Fraction) -> Fraction:
        """``P(|X - center| >= t)``."""
        return self.prob(lambda k: abs(k - center) >= t)

    def scaled(self, c: int) -> "LatticeLaw":
        """The law of ``c X`` for a positive integer ``c``."""
        if c < 1:
            raise ValueError(f"scale must be a positive integer, got {c}")
        return LatticeLaw.from_atoms({c * k: w for k, w in zip(self.support, self.weights) if w})


def convolve(laws: Sequence[LatticeLaw]) -> LatticeLaw:
    """The law of the sum of independent variables with these laws (exact integer convolution)."""
    if not laws:
        raise ValueError("need at least one law")
    offset, weights, total = 0, np.array([1], dtype=object), 1
    for L in laws:
        weights = np.convolve(weights, np.array(L.weights, dtype=object))
        offset += L.offset
        total *= L.total
    return LatticeLaw(offset, tuple(int(w) for w in weights), total)


def bernoulli(p: Fraction) -> LatticeLaw:
    """Bernoulli(p) on {0, 1}, p = a/D in [0, 1]."""
    p = Fraction(p)
    if not 0 <= p <= 1:
        raise ValueError(f"a probability must lie in [0, 1], got {p}")
    return LatticeLaw(0, (p.denominator - p.numerator, p.numerator), p.denominator)


def binomial_terms(n: int, p: Fraction, j0: int, j1: int) -> tuple[int, int]:
    """``(Σ_{j0 <= j < j1} C(n, j) a^j (D - a)^{n-j}, D^n)`` for ``p = a/D``: the probability
    ``P(j0 <= Bin(n, p) < j1)`` as numerator and denominator."""
    p = Fraction(p)
    if n < 0 or not 0 <= p <= 1:
        raise ValueError(f"need n >= 0 and p in [0, 1], got n={n}, p={p}")
    a, D = p.numerator, p.denominator
    b = D - a
    j0, j1 = max(j0, 0), min(j1, n + 1)
    if j0 >= j1:
        return 0, D ** n
    if b == 0 or a == 0:
        point = n if b == 0 else 0
        return (D ** n if j0 <= point < j1 else 0), D ** n
    t = math.comb(n, j0) * a ** j0 * b ** (n - j0)
    s = 0
    for j in range(j0, j1):
        s += t
        t = t * (n - j) * a // ((j + 1) * b)
    return s, D ** n


def binomial_ge(n: int, p: Fraction, x: Fraction | int) -> Fraction:
    """``P(Bin(n, p) >= x)`` exactly, summing the shorter side."""
    k = math.ceil(x)
    if k <= n // 2:
        s, den = binomial_terms(n, p, 0, k)
        return 1 - Fraction(s, den)
    s, den = binomial_terms(n, p, k, n + 1)
    return Fraction(s, den)


def binomial_le(n: int, p: Fraction, x: Fraction | int) -> Fraction:
    """``P(Bin(n, p) <= x)`` exactly."""
    return 1 - binomial_ge(n, p, math.floor(x) + 1)


# --- rigorous comparison with irrational bounds -----------------------------------------------------

Bound = Callable[[object], object]
"""A bound as a function of the interval context ``mpmath.iv`` (so it is evaluated in intervals)."""


def q(ctx, x: Fraction | int):
    """A rational number as an interval of the context ``ctx`` (``mpmath.iv``)."""
    x = Fraction(x)
    return ctx.mpf(x.numerator) / ctx.mpf(x.denominator)


def enclose(bound: Bound, bits: int) -> tuple[Fraction, Fraction]:
    """Rational endpoints of an interval containing the exact value of ``bound``."""
    iv = mpmath.iv
    old = iv.prec
    try:
        iv.prec = bits
        val = bound(iv)
        lo, hi = val._mpi_
        return Fraction(*to_rational(lo)), Fraction(*to_rational(hi))
    finally:
        iv.prec = old


def le_enclosed(lhs: Fraction | int, bound: Bound, label: str, exact_bound: Fraction | None = None) -> Check:
    """The exact comparison ``lhs <= bound`` for rational ``lhs``: decided on an enclosure of the bound
    whose precision is raised until it lies on one side of ``lhs``.  ``exact_bound`` gives the value
    when it is rational (then no enclosure is needed).  Ratio ``lhs / bound``."""
    lhs = Fraction(lhs)
    if exact_bound is not None:
        lo = hi = Fraction(exact_bound)
    else:
        for bits in (80, 320, 1280):
            lo, hi = enclose(bound, bits)
            if lhs <= lo or lhs > hi:
                break
        else:
            raise ValueError(f"{label}: cannot separate {float(lhs)} from the bound at 1280 bits")
    ok = lhs <= lo
    ref = lo if ok else hi
    ratio = float(lhs / ref) if ref > 0 else (0.0 if lhs <= 0 else 1e12)
    ratio = min(ratio, 1e12)
    sign = "<=" if ok else ">"
    return Check(label, ok, ratio, f"{float(lhs):.10g} {sign} {float(ref):.10g} (exact, enclosed bound)")


# --- Gaussian quantities at high precision -----------------------------------------------------------

def _compare_mp(small, big, label: str, rtol: float, sign: str) -> Check:
    with mpmath.workdps(DIGITS):
        small, big = mpmath.mpf(small), mpmath.mpf(big)
        ok = bool(small <= big + rtol * abs(big))
        ratio = float(small / big) if big > 0 else (0.0 if small <= 0 else 1e12)
        lhs, rhs = (small, big) if sign == "<=" else (big, small)
        detail = f"{mpmath.nstr(lhs, 15)} {sign} {mpmath.nstr(rhs, 15)} (rel tol {rtol:g}, {DIGITS} digits)"
    return Check(label, ok, min(ratio, 1.0) if ok else min(ratio, 1e12), detail)


def le_mp(lhs, rhs, label: str, rtol: float = GAUSS_RTOL) -> Check:
    """``lhs <= rhs (1 + rtol)`` for positive high-precision values (``mpmath``), the tolerance covering
    their relative error; ratio ``lhs / rhs`` (computed before rounding to a float)."""
    return _compare_mp(lhs, rhs, label, rtol, "<=")


def ge_mp(lhs, rhs, label: str, rtol: float = GAUSS_RTOL) -> Check:
    """``lhs >= rhs (1 - rtol)``, ratio ``rhs / lhs``."""
    return _compare_mp(rhs, lhs, label, rtol, ">=")


def _mp(x):
    if isinstance(x, mpmath.mpf):
        return x
    x = Fraction(x) if not isinstance(x, float) else x
    if isinstance(x, Fraction):
        return mpmath.mpf(x.numerator) / x.denominator
    return mpmath.mpf(x)


def normal_sf(x: float) -> mpmath.mpf:
    """``Φᶜ(x) = P(N(0,1) >= x)``."""
    with mpmath.workdps(DIGITS):
        return mpmath.erfc(_mp(x) / mpmath.sqrt(2)) / 2


def normal_pdf(x: float) -> mpmath.mpf:
    with mpmath.workdps(DIGITS):
        x = _mp(x)
        return mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)


def mills_ratio(x: float) -> mpmath.mpf:
    """``Φᶜ(x)/φ(x) = √(π/2) e^{x²/2} erfc(x/√2)``."""
    with mpmath.workdps(DIGITS):
        x = _mp(x)
        return mpmath.sqrt(mpmath.pi / 2) * mpmath.exp(x * x / 2) * mpmath.erfc(x / mpmath.sqrt(2))


def central_mass(u: float) -> mpmath.mpf:
    """``P(|N(0,1)| <= u) = erf(u/√2)``."""
    with mpmath.workdps(DIGITS):
        return mpmath.erf(_mp(u) / mpmath.sqrt(2))


def max_normal_tail(n: int, u: float, absolute: bool = False) -> mpmath.mpf:
    """``P(max_{j<=n} X_j >= u)`` (or ``max |X_j|``) for i.i.d. standard normals:
    ``1 - (1 - p)^n`` with ``p = Φᶜ(u)`` (or ``2Φᶜ(u)``), computed as ``-expm1(n log1p(-p))``."""
    if n < 1:
        raise ValueError(f"need n >= 1, got {n}")
    with mpmath.workdps(DIGITS):
        p = normal_sf(u) * (2 if absolute else 1)
        if p >= 1:
            return mpmath.mpf(1)
        return -mpmath.expm1(n * mpmath.log1p(-p))


def truncated_normal_moments(a: float) -> tuple[mpmath.mpf, mpmath.mpf, mpmath.mpf]:
    """Mean, variance and second moment of ``Z | Z >= a`` for ``Z ~ N(0,1)``, in closed form with the
    inverse Mills ratio ``λ = φ(a)/Φᶜ(a)``: ``λ``, ``1 + aλ - λ²``, ``1 + aλ``."""
    with mpmath.workdps(DIGITS):
        lam = 1 / mills_ratio(a)
        a = _mp(a)
        return lam, 1 + a * lam - lam * lam, 1 + a * lam


def truncated_normal_moments_quad(a: float) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """The same three moments by numerical integration (an independent computation), with error bounds
    derived from the quadrature's error estimates.  Integrals over ``[a, ∞)`` are written as
    ``∫_0^∞ (a + y)^k e^{-ay - y²/2} dy`` (the factor ``e^{-a²/2}`` cancels in the ratios)."""
    def integral(k: int) -> tuple[float, float]:
        def f(y: float) -> float:
            return (a + y) ** k * math.exp(-a * y - y * y / 2)
        # the odd moment changes sign when a < 0: control its absolute error by the integral of |f|
        size, _ = quad(lambda y: abs(f(y)), 0, math.inf, epsabs=0, epsrel=1e-12, limit=200,
                       points=None)
        return quad(f, 0, math.inf, epsabs=1e-12 * size, epsrel=1e-12, limit=200)
    (i0, e0), (i1, e1), (i2, e2) = integral(0), integral(1), integral(2)
    mean, second = i1 / i0, i2 / i0
    # relative error of a ratio <= sum of relative errors; plus rounding of the divisions
    r0 = e0 / i0
    mean_err = abs(mean) * (r0 + 4e-16) + (e1 + 4e-16 * abs(i1)) / i0
    second_err = abs(second) * (r0 + 4e-16) + (e2 + 4e-16 * abs(i2)) / i0
    var = second - mean * mean
    var_err = second_err + 2 * abs(mean) * mean_err + mean_err ** 2 + 4e-16 * (second + mean * mean)
    return (mean, var, second), (mean_err, var_err, second_err)


def gaussian_conditional_mean_quad(c: float, v: float, z: float) -> tuple[float, float]:
    """``E[cA | cA + vB = z]`` for ``A, B`` i.i.d. ``N(0,1)`` by quadrature of the conditional density
    ``∝ φ(a) φ((z - ca)/v)`` (``v > 0``), with a derived error bound."""
    if v <= 0:
        raise ValueError(f"need v > 0, got {v}")
    # the exponent -a²/2 - (z - ca)²/(2v²) is maximized at a0; integrate in a around a0
    a0 = c * z / (c * c + v * v)
    s = v / math.sqrt(c * c + v * v)
    def dens(a: float) -> float:
        return math.exp(-(a * a - a0 * a0) / 2 - ((z - c * a) ** 2 - (z - c * a0) ** 2) / (2 * v * v))
    lo, hi = a0 - 40 * s, a0 + 40 * s
    opts = dict(epsrel=1e-13, limit=200, points=[a0])
    i0, e0 = quad(dens, lo, hi, epsabs=0, **opts)
    # E[cA | Z] may be near 0 (z near 0): control the absolute error through the integral of |c a|
    scale, _ = quad(lambda a: abs(c * a) * dens(a), lo, hi, epsabs=0, **opts)
    i1, e1 = quad(lambda a: c * a * dens(a), lo, hi, epsabs=1e-13 * scale, **opts)
    val = i1 / i0
    return val, abs(val) * (e0 / i0 + 4e-16) + (e1 + 4e-16 * scale) / i0


# --- small-ball counts --------------------------------------------------------------------------------

def sign_sums(a: Sequence[int]) -> np.ndarray:
    """All ``2^n`` values of ``Σ ξ_i a_i`` over ``ξ ∈ {±1}^n`` (integers), sorted."""
    a = np.asarray(a, dtype=np.int64)
    if a.ndim != 1 or a.size == 0 or a.size > 22:
        raise ValueError(f"need 1 <= n <= 22 integer coefficients, got shape {a.shape}")
    bits = (np.arange(2 ** a.size)[:, None] >> np.arange(a.size)) & 1
    return np.sort((2 * bits - 1) @ a)


def max_window_count(sorted_values: np.ndarray, width: int) -> int:
    """The largest number of the (sorted, integer) values in a closed window ``[x, x + width]``; the
    maximum over all windows is attained with ``x`` at a value."""
    if width < 0:
        raise ValueError(f"width must be nonnegative, got {width}")
    v = np.asarray(sorted_values)
    right = np.searchsorted(v, v + width, side="right")
    return int(np.max(right - np.arange(v.size)))


# --- Kolmogorov distance of a discrete law to a normal -------------------------------------------------

def kolmogorov_to_normal(values: np.ndarray, probs: np.ndarray, mean: float, sd: float) -> float:
    """``sup_x |F(x) - Φ((x - mean)/sd)|`` for the discrete law ``P(X = values[i]) = probs[i]``
    (values increasing): the supremum is attained at an atom, from the left or the right."""
    if sd <= 0:
        raise ValueError(f"need sd > 0, got {sd}")
    v, p = np.asarray(values, dtype=float), np.asarray(probs, dtype=float)
    F = np.cumsum(p)
    F_left = F - p
    Phi = ndtr((v - mean) / sd)
    return float(max(np.max(np.abs(F - Phi)), np.max(np.abs(F_left - Phi))))


# --- spectral norm of a matrix series with two-point coefficients ---------------------------------------

def matrix_series_law(A: np.ndarray, values: np.ndarray, probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The law of ``‖Σ_i c_i A_i‖`` (spectral norm) when ``c_i`` takes ``values[i, 0]`` or
    ``values[i, 1]`` with probabilities ``probs[i]`` independently: norms and probabilities of all
    ``2^m`` outcomes."""
    A = np.asarray(A, dtype=float)
    m = A.shape[0]
    if A.ndim != 3 or m == 0 or m > 14:
        raise ValueError(f"need 1 <= m <= 14 matrices, got shape {A.shape}")
    choice = np.array(list(product((0, 1), repeat=m)), dtype=np.int64)
    idx = np.arange(m)
    coeff = values[idx, choice]
    prob = np.prod(probs[idx, choice], axis=1)
    Z = np.einsum("km,mij->kij", coeff, A)
    return np.linalg.norm(Z, ord=2, axis=(1, 2)), prob


def matrix_variance(A: np.ndarray, second_moments: np.ndarray) -> tuple[float, float]:
    """``‖Σ E c_i² A_i A_iᵀ‖`` and ``‖Σ E c_i² A_iᵀ A_i‖``."""
    A = np.asarray(A, dtype=float)
    w = np.asarray(second_moments, dtype=float)
    left = np.einsum("m,mij,mkj->ik", w, A, A)
    right = np.einsum("m,mji,mjk->ik", w, A, A)
    return float(np.linalg.norm(left, 2)), float(np.linalg.norm(right, 2))
