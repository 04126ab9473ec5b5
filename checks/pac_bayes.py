"""Building blocks of the PAC-Bayes bounds: divergences and Gibbs posteriors on finite sets, the
binary kl, exact binomial laws and the exact failure probability of a bound for a class of
hypotheses with independent Bernoulli losses, and the moment generating functions of squares.

- ``KL(Q‖P) = Σ_i Q_i ln(Q_i/P_i)`` with ``0 ln 0 = 0`` (``+∞`` unless ``Q ≪ P``); the Gibbs posterior
  ``G ∝ P e^φ`` attains the Donsker–Varadhan bound ``E_Q φ - KL(Q‖P) <= ln E_P e^φ``.
- ``kl(a‖b) = a ln(a/b) + (1-a) ln((1-a)/(1-b))``, the KL divergence of two Bernoulli laws.
- For ``N_g`` hypotheses with i.i.d. ``Bernoulli(p_g)`` losses (independent across hypotheses and
  draws), ``n`` draws give each hypothesis an independent ``Bin(n, p_g)`` loss count, so the
  probability that *some* hypothesis leaves its set of acceptable counts is
  ``1 - Π_g P(Bin(n, p_g) ∈ A_g)^{N_g}``: computed exactly up to a rational enclosure of width
  ``2^-BITS`` (the powers are far too large to expand).
- ``E exp(λ (p - p̂)²)`` for ``p̂ = Bin(m, p)/m`` (exact law, float sum), and the Gaussian
  ``E e^{a z²} = Σ_k a^k E z^{2k}/k! = Σ_k (2a)^k C(2k, k)/4^k`` (``E z^{2k} = (2k-1)!!``), whose
  partial sums are rational and whose tail after ``K`` terms is at most ``(2|a|)^{K+1}/(1 - 2|a|)``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache
from math import comb
from typing import Sequence

import numpy as np
from scipy.special import logsumexp
from scipy.stats import binom

BITS = 256
"""Binary precision of the enclosures of the failure probabilities."""


def _distribution(p: Sequence[float], name: str) -> np.ndarray:
    x = np.asarray(p, dtype=float)
    if x.ndim != 1 or x.size == 0 or np.any(x < 0) or not np.isfinite(x).all():
        raise ValueError(f"{name} must be a nonempty vector of nonnegative finite numbers, got {p}")
    if abs(x.sum() - 1) > 1e-12 * x.size:
        raise ValueError(f"{name} must sum to 1, sums to {x.sum()}")
    return x


def kl_divergence(q: Sequence[float], p: Sequence[float]) -> float:
    """``KL(Q‖P)`` on a finite set, ``0 ln 0 = 0``; ``+∞`` when ``Q`` charges a point ``P`` does not."""
    q, p = _distribution(q, "Q"), _distribution(p, "P")
    if q.shape != p.shape:
        raise ValueError(f"Q and P live on sets of different sizes: {q.size} and {p.size}")
    s = q > 0
    if np.any(p[s] == 0):
        return math.inf
    return float(np.sum(q[s] * (np.log(q[s]) - np.log(p[s]))))


def log_mean_exp(p: Sequence[float], phi: Sequence[float]) -> float:
    """``ln E_P e^φ`` (a log-sum-exp over the support of ``P``)."""
    p, phi = _distribution(p, "P"), np.asarray(phi, dtype=float)
    if phi.shape != p.shape:
        raise ValueError("φ and P must have the same length")
    s = p > 0
    return float(logsumexp(phi[s], b=p[s]))


def gibbs_posterior(p: Sequence[float], phi: Sequence[float]) -> np.ndarray:
    """``G_i = P_i e^{φ_i} / E_P e^φ``."""
    p, phi = _distribution(p, "P"), np.asarray(phi, dtype=float)
    if phi.shape != p.shape:
        raise ValueError("φ and P must have the same length")
    g = np.zeros_like(p)
    s = p > 0
    g[s] = np.exp(np.log(p[s]) + phi[s] - log_mean_exp(p, phi))
    return g


def binary_kl(a: float, b: float) -> float:
    """``kl(a‖b)`` for ``a, b ∈ [0, 1]`` (``+∞`` when ``b ∈ {0, 1}`` and ``a ≠ b``)."""
    if not (0 <= a <= 1 and 0 <= b <= 1):
        raise ValueError(f"kl needs a, b in [0, 1], got {a}, {b}")
    out = 0.0
    for x, y in ((a, b), (1 - a, 1 - b)):
        if x > 0:
            if y == 0:
                return math.inf
            out += x * math.log(x / y)
    return out


@lru_cache(maxsize=512)
def binomial_pmf(p: Fraction, n: int) -> tuple[Fraction, ...]:
    """``P(Bin(n, p) = j)`` for ``j = 0..n``, exactly."""
    p = Fraction(p)
    if not 0 <= p <= 1 or n < 0:
        raise ValueError(f"need p in [0, 1] and n >= 0, got p={p}, n={n}")
    return tuple(comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(n + 1))


def _power_enclosure(x: Fraction, N: int) -> tuple[int, int]:
    """Integers ``lo, hi`` with ``lo <= x^N 2^BITS <= hi`` for ``x ∈ [0, 1]`` (rounded squaring)."""
    lo = (x.numerator << BITS) // x.denominator
    hi = -((-x.numerator << BITS) // x.denominator)
    one = 1 << BITS
    r_lo, r_hi = one, one
    while N:
        if N & 1:
            r_lo, r_hi = (r_lo * lo) >> BITS, -((-r_hi * hi) >> BITS)
        lo, hi = (lo * lo) >> BITS, -((-hi * hi) >> BITS)
        N >>= 1
    return r_lo, r_hi


def failure_enclosure(groups: Sequence[tuple[Fraction, int, Sequence[bool]]], n: int) -> tuple[Fraction, Fraction]:
    """Rationals enclosing ``1 - Π_g P(Bin(n, p_g) ∈ A_g)^{N_g}`` for groups ``(p_g, N_g, A_g)``, the
    acceptable loss counts ``A_g`` given as a boolean vector over ``j = 0..n``: the probability that
    some hypothesis of a class with independent Bernoulli losses has an unacceptable count."""
    prod_lo, prod_hi = Fraction(1), Fraction(1)
    for p, N, accept in groups:
        accept = list(accept)
        if len(accept) != n + 1 or N < 1:
            raise ValueError(f"need n + 1 = {n + 1} acceptance flags and N >= 1, got {len(accept)}, {N}")
        good = sum((m for m, a in zip(binomial_pmf(Fraction(p), n), accept) if a), Fraction(0))
        lo, hi = _power_enclosure(good, N)
        prod_lo *= Fraction(lo, 1 << BITS)
        prod_hi *= Fraction(hi, 1 << BITS)
    return 1 - min(prod_hi, Fraction(1)), 1 - prod_lo


def square_mgf(p: Fraction, m: int, lam: float, width: int = 1) -> float:
    """``E exp(λ Δ²)`` where ``Δ = width · (p - Bin(m, p)/m)`` (``width = 2`` turns Bernoulli losses
    into centered ±1 variables), summed over the exact binomial law in log space."""
    if m < 1 or not 0 <= p <= 1:
        raise ValueError(f"need m >= 1 and p in [0, 1], got m={m}, p={p}")
    j = np.arange(m + 1)
    delta = width * (float(p) - j / m)
    logpmf = binom.logpmf(j, m, float(p))
    return float(np.exp(logsumexp(logpmf + lam * delta**2)))


def gaussian_square_mgf_enclosure(a: Fraction, terms: int) -> tuple[Fraction, Fraction]:
    """Rationals enclosing ``E e^{a z²}`` for ``z ~ N(0, 1)`` and ``|a| < 1/2``: the partial sum
    ``Σ_{k<=K} (2a)^k C(2k, k)/4^k`` plus or minus the tail bound ``(2|a|)^{K+1}/(1 - 2|a|)``."""
    a = Fraction(a)
    if not abs(a) < Fraction(1, 2) or terms < 0:
        raise ValueError(f"the series converges for |a| < 1/2 only (got a={a}); terms must be >= 0")
    s, t = Fraction(0), Fraction(1)
    for k in range(terms + 1):
        s += t
        t = t * 2 * a * (2 * k + 1) * (2 * k + 2) / ((k + 1) ** 2 * 4)
    tail = (2 * abs(a)) ** (terms + 1) / (1 - 2 * abs(a))
    return s - tail, s + tail


def gaussian_square_mgf_partial(a: Fraction, terms: int) -> Fraction:
    """``Σ_{k<=K} a^k E z^{2k}/k!``, a lower bound on ``E e^{a z²}`` for any ``a >= 0`` (every term is
    nonnegative), including ``a >= 1/2`` where the expectation is infinite."""
    a = Fraction(a)
    if a < 0 or terms < 0:
        raise ValueError(f"need a >= 0 and terms >= 0, got a={a}, terms={terms}")
    s, t = Fraction(0), Fraction(1)
    for k in range(terms + 1):
        s += t
        t = t * a * (2 * k + 1) / (k + 1)
    return s


def gd_output_law(X: np.ndarray, y: np.ndarray, eta: float, T: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The law of ``T`` gradient steps on ``½‖Xw - y‖²`` from ``w0 ~ N(0, I_d)``.

    ``w_T = (I - ηXᵀX)^T w0 + μ_T`` with ``μ_T`` the iterate started at 0, so the law is
    ``N(μ_T, Σ_T)``, ``Σ_T = (I - ηXᵀX)^{2T}``.  Returns ``μ_T``, the eigenvalues ``λ_i`` of ``XᵀX`` and
    ``ln s_i = 2T ln|1 - ηλ_i|`` (``s_i`` the eigenvalues of ``Σ_T``; ``-∞`` where ``ηλ_i = 1``)."""
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.ndim != 2 or y.shape != (X.shape[0],) or eta <= 0 or T < 0:
        raise ValueError(f"need X (n x d), y of length n, eta > 0 and T >= 0; got {X.shape}, {y.shape}, {eta}, {T}")
    lam = np.linalg.eigvalsh(X.T @ X)
    mu = np.zeros(X.shape[1])
    for _ in range(T):
        mu = mu - eta * X.T @ (X @ mu - y)
    with np.errstate(divide="ignore"):
        log_s = 2 * T * np.log(np.abs(1 - eta * lam))
    return mu, lam, log_s


def gaussian_kl_to_standard(mu: np.ndarray, log_s: np.ndarray) -> float:
    """``KL(N(μ, Σ) ‖ N(0, I)) = ½ [Σ_i (s_i - 1 - ln s_i) + ‖μ‖²]`` for ``Σ`` with eigenvalues ``s_i = e^{log_s_i}``
    (``+∞`` when ``Σ`` is singular)."""
    log_s = np.asarray(log_s, float)
    if np.any(np.isneginf(log_s)):
        return math.inf
    return float(0.5 * (np.sum(np.expm1(log_s) - log_s) + np.dot(mu, mu)))
