"""Entropy, cross-entropy, KL and f-divergences of finite distributions, computed exactly.

Distributions are tuples of Fractions.  A logarithm of a rational is kept as a :class:`LogLinear`
form ``r + Σ_p c_p log p`` (primes ``p``, rational ``c_p`` and ``r``), so identities such as
``CE(p, q) = H(p) + KL(p‖q)`` are equalities of forms.  A nonzero form is a nonzero real number
(the logarithms of the primes are linearly independent over ℚ, and ``e^r`` is transcendental for
rational ``r ≠ 0``), so its sign is decided by evaluating it at a precision that grows until the
error bound is below its magnitude (:func:`enclosure`).

Also: the Gaussian KL closed form and the isotropic Gaussian likelihood (float and exact parts).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

import mpmath
import numpy as np
import sympy

Dist = tuple[Fraction, ...]


@lru_cache(maxsize=4096)
def _factor(n: int) -> tuple[tuple[int, int], ...]:
    return tuple(sorted(sympy.factorint(n).items()))


@dataclass(frozen=True)
class LogLinear:
    """The real number ``const + Σ coefs[p]·log p`` (natural log, ``p`` prime), in canonical form."""

    const: Fraction = Fraction(0)
    coefs: tuple[tuple[int, Fraction], ...] = field(default=())

    @staticmethod
    def make(const: Fraction, coefs: dict[int, Fraction]) -> "LogLinear":
        return LogLinear(Fraction(const), tuple(sorted((p, c) for p, c in coefs.items() if c != 0)))

    def __add__(self, other: "LogLinear") -> "LogLinear":
        d = dict(self.coefs)
        for p, c in other.coefs:
            d[p] = d.get(p, Fraction(0)) + c
        return LogLinear.make(self.const + other.const, d)

    def __neg__(self) -> "LogLinear":
        return self.scale(-1)

    def __sub__(self, other: "LogLinear") -> "LogLinear":
        return self + (-other)

    def scale(self, c: Fraction | int) -> "LogLinear":
        c = Fraction(c)
        return LogLinear.make(self.const * c, {p: c * a for p, a in self.coefs})

    @property
    def is_zero(self) -> bool:
        return self.const == 0 and not self.coefs

    def magnitude(self) -> float:
        """``|const| + Σ |c_p| log p``, which bounds the value and scales its rounding error."""
        return abs(float(self.const)) + sum(abs(float(c)) * math.log(p) for p, c in self.coefs)

    def __float__(self) -> float:
        return float(self.const) + math.fsum(float(c) * math.log(p) for p, c in self.coefs)

    def __repr__(self) -> str:
        terms = [str(self.const)] if self.const or not self.coefs else []
        terms += [f"{c}·log {p}" for p, c in self.coefs]
        return " + ".join(terms)


def rational(r: Fraction | int) -> LogLinear:
    return LogLinear.make(Fraction(r), {})


def log(r: Fraction | int) -> LogLinear:
    """``log r`` for a positive rational ``r``, as a form."""
    r = Fraction(r)
    if r <= 0:
        raise ValueError(f"log of a non-positive number {r}")
    d: dict[int, Fraction] = {}
    for p, e in _factor(r.numerator):
        d[p] = d.get(p, Fraction(0)) + e
    for p, e in _factor(r.denominator):
        d[p] = d.get(p, Fraction(0)) - e
    return LogLinear.make(Fraction(0), d)


def _mpf_to_fraction(x: mpmath.mpf) -> Fraction:
    sgn, man, exp, _ = x._mpf_  # x = (-1)^sgn · man · 2^exp (man_exp drops the sign)
    return (-1) ** sgn * Fraction(man) * Fraction(2) ** exp


def enclosure(form: LogLinear, rel: Fraction = Fraction(1, 2**50)) -> tuple[Fraction, Fraction]:
    """Rationals ``lo <= form <= hi`` with ``hi - lo <= rel·|lo|`` and the sign of both equal to
    the sign of the form (``(0, 0)`` for the zero form)."""
    if form.is_zero:
        return Fraction(0), Fraction(0)
    if not form.coefs:
        return form.const, form.const
    scale = form.magnitude() + 1
    prec = 80
    while prec <= 1 << 16:
        with mpmath.workprec(prec):
            v = mpmath.mpf(form.const.numerator) / form.const.denominator
            for p, c in form.coefs:
                v += mpmath.mpf(c.numerator) / c.denominator * mpmath.log(p)
            mid = _mpf_to_fraction(v)
        # each of the len(coefs) + 2 roundings errs by at most 2^-prec relative to a term <= scale
        err = Fraction(4 * (len(form.coefs) + 2) * math.ceil(scale)) / Fraction(2) ** prec
        lo, hi = mid - err, mid + err
        if (lo > 0 or hi < 0) and hi - lo <= rel * abs(lo):
            return lo, hi
        prec *= 2
    raise ValueError(f"could not decide the sign of {form!r}")


def sign(form: LogLinear) -> int:
    lo, _ = enclosure(form)
    return (lo > 0) - (lo < 0)


def lower(form: LogLinear) -> Fraction:
    """A rational lower bound of the form with the same sign (relative accuracy 2^-50)."""
    return enclosure(form)[0]


# --- finite distributions ---------------------------------------------------------------------------

def distribution(weights: Sequence[int | Fraction]) -> Dist:
    """The distribution proportional to nonnegative ``weights`` (not all zero)."""
    w = [Fraction(x) for x in weights]
    if not w or any(x < 0 for x in w) or sum(w) == 0:
        raise ValueError(f"weights must be nonnegative and not all zero, got {weights}")
    s = sum(w)
    return tuple(x / s for x in w)


def _check(p: Sequence[Fraction], q: Sequence[Fraction] | None = None) -> None:
    for d in (p, q) if q is not None else (p,):
        if any(x < 0 for x in d) or sum(d) != 1:
            raise ValueError(f"not a probability vector: {d}")
    if q is not None and len(p) != len(q):
        raise ValueError(f"distributions on different supports: {len(p)} vs {len(q)} outcomes")


def absolutely_continuous(p: Sequence[Fraction], q: Sequence[Fraction]) -> bool:
    """``p ≪ q``: every outcome with ``q = 0`` has ``p = 0``."""
    return all(b > 0 for a, b in zip(p, q) if a > 0)


def entropy(p: Sequence[Fraction]) -> LogLinear:
    """``H(p) = -Σ p log p`` (``0 log 0 = 0``)."""
    _check(p)
    out = rational(0)
    for a in p:
        if a > 0:
            out = out - log(a).scale(a)
    return out


def cross_entropy(p: Sequence[Fraction], q: Sequence[Fraction]) -> LogLinear:
    """``CE(p, q) = -Σ p log q``; needs ``p ≪ q`` (otherwise it is +∞)."""
    _check(p, q)
    if not absolutely_continuous(p, q):
        raise ValueError("cross-entropy is infinite: p is not absolutely continuous w.r.t. q")
    out = rational(0)
    for a, b in zip(p, q):
        if a > 0:
            out = out - log(b).scale(a)
    return out


def kl(p: Sequence[Fraction], q: Sequence[Fraction]) -> LogLinear:
    """``KL(p‖q) = Σ p log(p/q)``; needs ``p ≪ q`` (otherwise it is +∞, see :func:`kl_float`)."""
    _check(p, q)
    if not absolutely_continuous(p, q):
        raise ValueError("KL is infinite: p is not absolutely continuous w.r.t. q")
    out = rational(0)
    for a, b in zip(p, q):
        if a > 0:
            out = out + log(a / b).scale(a)
    return out


def kl_float(p: Sequence[Fraction], q: Sequence[Fraction]) -> float:
    """``KL(p‖q)`` as a float, ``inf`` when ``p`` is not absolutely continuous w.r.t. ``q``."""
    _check(p, q)
    return float(kl(p, q)) if absolutely_continuous(p, q) else math.inf


def tv(p: Sequence[Fraction], q: Sequence[Fraction]) -> Fraction:
    """Total variation ``sup_A |p(A) - q(A)| = ½ Σ |p - q|``."""
    _check(p, q)
    return sum((abs(a - b) for a, b in zip(p, q)), Fraction(0)) / 2


def f_divergence(f: Callable[[Fraction], Fraction], p: Sequence[Fraction], q: Sequence[Fraction]) -> Fraction:
    """``D_f(p‖q) = Σ q f(p/q)`` for ``q`` of full support and ``f`` rational-valued."""
    _check(p, q)
    if any(b == 0 for b in q):
        raise ValueError("D_f is computed here only for q of full support")
    return sum((b * Fraction(f(a / b)) for a, b in zip(p, q)), Fraction(0))


@dataclass(frozen=True)
class ConvexPL:
    """The convex function ``t ↦ max_i (slopes[i]·t + intercepts[i])`` on ``[0, ∞)``."""

    slopes: tuple[Fraction, ...]
    intercepts: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        if not self.slopes or len(self.slopes) != len(self.intercepts):
            raise ValueError("a convex PL function needs at least one affine piece, slope and intercept each")

    def __call__(self, t: Fraction) -> Fraction:
        return max(a * t + b for a, b in zip(self.slopes, self.intercepts))

    def shifted(self, c: Fraction) -> "ConvexPL":
        """``f + c``."""
        return ConvexPL(self.slopes, tuple(b + c for b in self.intercepts))

    def __repr__(self) -> str:
        pieces = ", ".join(f"{a}t{'+' if b >= 0 else '-'}{abs(b)}" for a, b in zip(self.slopes, self.intercepts))
        return f"max({pieces})"


def dv_gap(p: Sequence[Fraction], q: Sequence[Fraction], r: Sequence[Fraction]) -> LogLinear:
    """For ``g = log r`` (``r > 0`` rational): ``KL(q‖p) - (E_q g - log E_p e^g)``, which the
    Donsker–Varadhan formula says is ``>= 0`` with equality at ``r ∝ q/p``."""
    _check(p, q)
    if any(x <= 0 for x in r) or len(r) != len(p):
        raise ValueError("r must be a positive vector on the same outcomes")
    eq_g = rational(0)
    for b, x in zip(q, r):
        if b > 0:
            eq_g = eq_g + log(x).scale(b)
    return kl(q, p) - eq_g + log(sum((a * x for a, x in zip(p, r)), Fraction(0)))


# --- Gaussians --------------------------------------------------------------------------------------

def gaussian_kl(mu_q: np.ndarray, cov_q: np.ndarray, mu_p: np.ndarray, cov_p: np.ndarray) -> float:
    """``KL(N(μ_q, Σ_q) ‖ N(μ_p, Σ_p)) = ½[tr(Σ_p⁻¹Σ_q) + Δᵀ Σ_p⁻¹ Δ − k + ln det Σ_p − ln det Σ_q]``,
    ``Δ = μ_p − μ_q``, for symmetric positive definite covariances."""
    mu_q, mu_p = np.asarray(mu_q, float), np.asarray(mu_p, float)
    cov_q, cov_p = np.asarray(cov_q, float), np.asarray(cov_p, float)
    k = mu_q.shape[0]
    if cov_q.shape != (k, k) or cov_p.shape != (k, k) or mu_p.shape != (k,):
        raise ValueError("means of length k and k x k covariances expected")
    lq, lp = np.linalg.cholesky(cov_q), np.linalg.cholesky(cov_p)  # raises if not positive definite
    a = np.linalg.solve(lp, lq)
    delta = np.linalg.solve(lp, mu_p - mu_q)
    logdet = 2 * (np.sum(np.log(np.diag(lp))) - np.sum(np.log(np.diag(lq))))
    return 0.5 * (float(np.sum(a * a)) + float(delta @ delta) - k + float(logdet))


def isotropic_gaussian_mle(xs: Sequence[Sequence[Fraction]]) -> tuple[tuple[Fraction, ...], Fraction]:
    """The maximizer ``(μ̂, σ̂²)`` of the likelihood of ``N(μ, σ²I_d)``: the mean and
    ``Σ‖x_i − μ̂‖²/(nd)``; the points must not all coincide."""
    n, d = len(xs), len(xs[0]) if xs else 0
    if n == 0 or d == 0 or any(len(x) != d for x in xs):
        raise ValueError("need at least one point, all of the same positive dimension")
    mu = tuple(sum((Fraction(x[j]) for x in xs), Fraction(0)) / n for j in range(d))
    s = scatter(xs, mu)
    if s == 0:
        raise ValueError("all points coincide: the likelihood is unbounded as σ → 0")
    return mu, s / (n * d)


def scatter(xs: Sequence[Sequence[Fraction]], mu: Sequence[Fraction]) -> Fraction:
    """``S(μ) = Σ_i ‖x_i − μ‖²``."""
    return sum((sum(((Fraction(a) - m) ** 2 for a, m in zip(x, mu)), Fraction(0)) for x in xs), Fraction(0))


def loglik_gradient(xs: Sequence[Sequence[Fraction]], mu: Sequence[Fraction], s2: Fraction
                    ) -> tuple[tuple[Fraction, ...], Fraction]:
    """The gradient of ``ℓ(μ, σ²) = −S(μ)/(2σ²) − (nd/2) log(2πσ²)``: ``(Σ(x_i − μ)/σ²,
    S(μ)/(2σ⁴) − nd/(2σ²))``."""
    n, d = len(xs), len(mu)
    g_mu = tuple(sum((Fraction(x[j]) - mu[j] for x in xs), Fraction(0)) / s2 for j in range(d))
    return g_mu, scatter(xs, mu) / (2 * s2 * s2) - Fraction(n * d) / (2 * s2)


def loglik_gap(xs: Sequence[Sequence[Fraction]], mu_a: Sequence[Fraction], s2_a: Fraction,
               mu_b: Sequence[Fraction], s2_b: Fraction) -> LogLinear:
    """``ℓ(μ_a, σ_a²) − ℓ(μ_b, σ_b²)`` as a form (the ``log 2π`` terms cancel)."""
    n, d = len(xs), len(mu_a)
    if s2_a <= 0 or s2_b <= 0:
        raise ValueError("variances must be positive")
    return (rational(scatter(xs, mu_b) / (2 * s2_b) - scatter(xs, mu_a) / (2 * s2_a))
            + log(s2_b / s2_a).scale(Fraction(n * d, 2)))
