"""Random matrices for the high-dimensional claims.

Conventions.  ``X`` is ``n×p`` with i.i.d. ``N(0, 1)`` entries (``n`` samples, ``p`` features),
``W = XᵀX`` is Wishart ``W_p(n, I)``, ``S = W / n`` the sample covariance, ``γ = p / n``, and for the
min-norm least-squares estimator ``q = min(n, p)``, ``ν = max(n, p)``.

- Exact Wishart moments by Wick's (Isserlis') theorem: ``E Π_j tr(W^{k_j})`` is the sum, over the
  perfect matchings of the ``2 Σ k_j`` entries of ``X`` in the product, of ``n^{#row classes}
  p^{#column classes}`` (a matched pair of entries must share its row and its column index).
- Inverse Wishart (``ν >= q + 2``): ``E W⁻¹ = I / (ν - q - 1)`` for ``W ~ W_q(ν, I)``, so
  ``E tr W⁻¹ = q / (ν - q - 1)``, and ``Var tr W⁻¹ = 2 q (ν - 1) / ((ν - q) (ν - q - 1)^2 (ν - q - 3))``
  (``ν >= q + 4``; from the covariances of inverse-Wishart entries).  For a fixed unit ``u``,
  ``uᵀ W⁻¹ u ~ 1 / χ²_{ν - q + 1}``.  The nonzero eigenvalues of ``XᵀX`` and ``XXᵀ`` agree, so
  ``E tr (XᵀX)⁺ = q / (ν - q - 1)`` on both sides of the threshold.
- Marchenko–Pastur law of ratio ``γ`` and scale ``σ²``: density
  ``sqrt((b - x)(x - a)) / (2π γ σ² x)`` on ``[a, b] = σ²[(1 - √γ)², (1 + √γ)²]`` plus an atom
  ``1 - 1/γ`` at 0 when ``γ > 1``; moments ``σ^{2k} Σ_{r<k} γ^r N(k, r + 1)`` (Narayana numbers
  ``N(k, j) = C(k, j) C(k, j - 1) / k``); Stieltjes transform ``m(z) = ∫ dμ(x) / (x - z)``, the root of
  ``γ σ² z m² + (z - σ²(1 - γ)) m + 1 = 0`` with ``m(z) ~ -1/z`` at infinity.
- Min-norm least squares ``β̂ = X⁺y``, ``y = Xβ + ε``, ``Cov ε = σ² I``, test point ``x ~ (0, Σ)``:
  conditional on ``X`` the excess risk ``E[(xᵀ(β̂ - β))² | X]`` is the bias ``βᵀ Π Σ Π β``
  (``Π = I - X⁺X``) plus the variance ``σ² tr(Σ (XᵀX)⁺)``.  For isotropic Gaussian ``X`` its
  expectation is ``σ² p / (n - p - 1)`` (``p <= n - 2``) and ``‖β‖² (1 - n/p) + σ² n / (p - n - 1)``
  (``p >= n + 2``); the proportional limits are ``σ² γ / (1 - γ)`` and
  ``‖β‖² (1 - 1/γ) + σ² / (γ - 1)``.
  (It would sit naturally beside :mod:`checks.stats`; it is here because only these claims use it.)
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np

from checks.linalg import null_space_projector, pseudoinverse

Number = Any
"""An int, a Fraction or a float: the exact formulas keep whatever exact type they are given."""

# ---------------------------------------------------------------------------------------------
# designs


def gaussian_designs(rng: np.random.Generator, count: int, n: int, p: int) -> np.ndarray:
    """``count`` independent ``n×p`` matrices with i.i.d. ``N(0, 1)`` entries, shape ``(count, n, p)``."""
    if count < 1 or n < 1 or p < 1:
        raise ValueError(f"need count, n, p >= 1, got {count}, {n}, {p}")
    return rng.standard_normal((count, n, p))


def sample_covariance(X: np.ndarray, centered: bool = False) -> np.ndarray:
    """The unbiased sample covariance of the rows of ``X`` (``n×p``, or a batch ``(..., n, p)``):
    ``XᵀX / n`` when the mean is known to be 0, else ``Σ (x_i - x̄)(x_i - x̄)ᵀ / (n - 1)`` (rank at
    most ``n - 1``)."""
    X = np.asarray(X, dtype=float)
    n = X.shape[-2] if X.ndim >= 2 else 0
    if X.ndim < 2 or n < (2 if centered else 1):
        raise ValueError(f"need sample matrices with enough rows, got shape {X.shape}")
    if centered:
        X = X - X.mean(axis=-2, keepdims=True)
    return np.swapaxes(X, -1, -2) @ X / (n - 1 if centered else n)


def singular_value_band(n: int, p: int, t: float) -> tuple[float, float]:
    """Davidson–Szarek: for Gaussian ``X`` (``n×p``) and ``t >= 0``, with probability at least
    ``1 - 2 exp(-t²/2)`` every nonzero singular value lies in ``[|√n - √p| - t, √n + √p + t]``
    (lower end clipped at 0).  Returned as bounds for the nonzero eigenvalues of ``XᵀX / n``."""
    if n < 1 or p < 1 or t < 0:
        raise ValueError(f"need n, p >= 1 and t >= 0, got {n}, {p}, {t}")
    lo = max(abs(math.sqrt(n) - math.sqrt(p)) - t, 0.0)
    hi = math.sqrt(n) + math.sqrt(p) + t
    return lo * lo / n, hi * hi / n


# ---------------------------------------------------------------------------------------------
# exact Wishart moments (Wick)


def _factors(powers: tuple[int, ...]) -> tuple[list[int], list[int], int]:
    """Row and column variables of the entries of X in Π_j tr(W^{k_j}), W = XᵀX:
    tr(W^k) = Σ Π_t X[r_t, a_t] X[r_t, a_{t+1 mod k}]."""
    rows, cols, base = [], [], 0
    for k in powers:
        for t in range(k):
            rows += [base + t, base + t]
            cols += [base + t, base + (t + 1) % k]
        base += k
    return rows, cols, base


@lru_cache(maxsize=None)
def wishart_moment_terms(powers: tuple[int, ...]) -> tuple[tuple[tuple[int, int], int], ...]:
    """``E Π_j tr(W^{k_j}) = Σ c · n^a p^b`` as sorted ``((a, b), c)``: one term per perfect matching
    of the entries of ``X`` (Wick), ``a`` and ``b`` counting the row and column index classes."""
    if not powers or any(k < 1 for k in powers):
        raise ValueError(f"powers must be positive integers, got {powers}")
    rows, cols, nvar = _factors(powers)
    if len(rows) > 12:
        raise ValueError(f"at most 12 matrix entries (10395 matchings); got {len(rows)}")
    counts: Counter[tuple[int, int]] = Counter()

    def classes(pairs: list[tuple[int, int]], var: list[int]) -> int:
        parent = list(range(nvar))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        merged = 0
        for f, g in pairs:
            a, b = find(var[f]), find(var[g])
            if a != b:
                parent[a] = b
                merged += 1
        return nvar - merged

    def match(free: list[int], pairs: list[tuple[int, int]]) -> None:
        if not free:
            counts[(classes(pairs, rows), classes(pairs, cols))] += 1
            return
        first, rest = free[0], free[1:]
        for i, other in enumerate(rest):
            match(rest[:i] + rest[i + 1:], pairs + [(first, other)])

    match(list(range(len(rows))), [])
    return tuple(sorted(counts.items()))


def wishart_moment(powers: tuple[int, ...], n: int, p: int) -> int:
    """``E Π_j tr((XᵀX)^{k_j})`` for ``X`` ``n×p`` Gaussian, exactly (an integer)."""
    if n < 1 or p < 1:
        raise ValueError(f"need n, p >= 1, got {n}, {p}")
    return sum(c * n**a * p**b for (a, b), c in wishart_moment_terms(tuple(powers)))


def esd_moment(k: int, n: int, p: int) -> Fraction:
    """``E (1/p) tr(S^k)``, ``S = XᵀX / n``: the k-th moment of the expected spectral distribution."""
    return Fraction(wishart_moment((k,), n, p), p * n**k)


def esd_moment_variance(k: int, n: int, p: int) -> Fraction:
    """``Var (1/p) tr(S^k)`` exactly (``k <= 3``)."""
    second = wishart_moment((k, k), n, p)
    first = wishart_moment((k,), n, p)
    return Fraction(second - first * first, (p * n**k) ** 2)


def esd_moment_closed_form(k: int, n: int, p: int) -> Fraction:
    """Closed forms of ``E (1/p) tr(S^k)``, ``γ = p/n``: ``1``; ``1 + γ + 1/n``;
    ``1 + 3γ + γ² + 3(1 + γ)/n + 4/n²`` (from ``E tr W³ = np(n² + p² + 3np + 3n + 3p + 4)``)."""
    g, inv = Fraction(p, n), Fraction(1, n)
    if k == 1:
        return Fraction(1)
    if k == 2:
        return 1 + g + inv
    if k == 3:
        return 1 + 3 * g + g * g + 3 * (1 + g) * inv + 4 * inv * inv
    raise ValueError(f"closed forms are given for k = 1, 2, 3, got {k}")


def wishart_planar_gap(k: int, n: int, p: int) -> Fraction:
    """``E (1/p) tr(S^k) - m_k(p/n)``: the non-planar matchings, ``Σ c n^{a-k} p^{b-1}`` over the terms
    with ``a + b < k + 1``; each is ``γ^{b-1} / n^{k+1-a-b}``, so the gap is at most
    ``(#non-planar matchings) max(1, γ)^{k-1} / n``."""
    gap = Fraction(0)
    for (a, b), c in wishart_moment_terms((k,)):
        if a + b < k + 1:
            gap += Fraction(c * n**a * p**b, p * n**k)
    return gap


# ---------------------------------------------------------------------------------------------
# Marchenko–Pastur


def _ratio(gamma: Number) -> None:
    if not gamma > 0:
        raise ValueError(f"the aspect ratio gamma must be positive, got {gamma}")


def mp_edges(gamma: float, scale: float = 1.0) -> tuple[float, float]:
    """The support ``σ²[(1 - √γ)², (1 + √γ)²]`` of the continuous part of the MP law."""
    _ratio(gamma)
    r = math.sqrt(gamma)
    return scale * (1 - r) ** 2, scale * (1 + r) ** 2


def mp_atom(gamma: Number) -> Number:
    """The mass ``max(0, 1 - 1/γ)`` of the MP law at 0."""
    _ratio(gamma)
    return 1 - 1 / gamma if gamma > 1 else 0 * gamma


def mp_density(x: np.ndarray | float, gamma: float, scale: float = 1.0) -> np.ndarray:
    """The density of the continuous part of the MP law (it integrates to ``1 - atom``)."""
    _ratio(gamma)
    x = np.asarray(x, dtype=float)
    a, b = mp_edges(gamma, scale)
    inside = (x > a) & (x < b)
    with np.errstate(invalid="ignore", divide="ignore"):
        val = np.sqrt(np.clip((b - x) * (x - a), 0, None)) / (2 * math.pi * gamma * scale * x)
    return np.where(inside, val, 0.0)


def narayana(k: int, j: int) -> int:
    """``N(k, j) = C(k, j) C(k, j - 1) / k``: non-crossing partitions of ``k`` points into ``j`` blocks."""
    if not 1 <= j <= k:
        raise ValueError(f"need 1 <= j <= k, got j = {j}, k = {k}")
    return math.comb(k, j) * math.comb(k, j - 1) // k


def mp_moment(k: int, gamma: Number, scale: Number = 1) -> Number:
    """``∫ x^k dMP = σ^{2k} Σ_{r=0}^{k-1} γ^r N(k, r + 1)`` (exact for exact ``γ``)."""
    _ratio(gamma)
    if k < 1:
        raise ValueError(f"k must be positive, got {k}")
    return scale**k * sum(gamma**r * narayana(k, r + 1) for r in range(k))


def mp_stieltjes(z: complex | np.ndarray, gamma: float, scale: float = 1.0) -> np.ndarray:
    """``m(z) = ∫ dμ(x) / (x - z)`` for ``z`` off the support (atom included), the branch with
    ``m(z) ~ -1/z`` at infinity: ``(σ²(1 - γ) - z + sqrt(z - a) sqrt(z - b)) / (2 γ σ² z)``."""
    _ratio(gamma)
    z = np.asarray(z, dtype=complex)
    a, b = mp_edges(gamma, scale)
    root = np.sqrt(z - a) * np.sqrt(z - b)
    return (scale * (1 - gamma) - z + root) / (2 * gamma * scale * z)


# ---------------------------------------------------------------------------------------------
# spiked covariance (BBP)


def bbp_threshold(gamma: float) -> float:
    """A spike ``ℓ`` of ``Σ = I + ℓ v vᵀ`` separates from the MP bulk iff ``ℓ > √γ``."""
    _ratio(gamma)
    return math.sqrt(gamma)


def bbp_outlier(ell: float, gamma: float) -> float:
    """The almost-sure limit of ``λ_max(Σ̂)``: ``(1 + ℓ)(1 + γ/ℓ)`` above the threshold, else the
    edge ``(1 + √γ)²``."""
    _ratio(gamma)
    if not ell > 0:
        raise ValueError(f"the spike must be positive, got {ell}")
    if ell > math.sqrt(gamma):
        return (1 + ell) * (1 + gamma / ell)
    return (1 + math.sqrt(gamma)) ** 2


def bbp_spike_from_outlier(lam: float, gamma: float) -> float:
    """Invert ``λ = (1 + ℓ)(1 + γ/ℓ)`` on ``ℓ > √γ``: ``ℓ = (λ - 1 - γ + sqrt((λ - 1 - γ)² - 4γ)) / 2``."""
    _ratio(gamma)
    c = lam - 1 - gamma
    disc = c * c - 4 * gamma
    if c <= 0 or disc < 0:
        raise ValueError(f"lambda = {lam} is not above the MP edge (1 + sqrt(gamma))^2")
    return (c + math.sqrt(disc)) / 2


def mp_secular(lam: float, gamma: float) -> float:
    """``H(λ) = ∫ x / (λ - x) dMP(x) = -1 - λ m(λ)`` for ``λ`` above the edge: the limit of
    ``vᵀ S (λ - S)⁻¹ v``; an outlier of ``S + ℓ S^{1/2} v vᵀ S^{1/2}`` sits where ``ℓ H(λ) = 1``."""
    a, b = mp_edges(gamma)
    if not lam > b:
        raise ValueError(f"lambda = {lam} must lie above the MP edge {b}")
    return float((-1 - lam * mp_stieltjes(lam, gamma)).real)


# ---------------------------------------------------------------------------------------------
# inverse Wishart


def _wishart_dims(n: int, p: int) -> tuple[int, int]:
    if n < 1 or p < 1:
        raise ValueError(f"need n, p >= 1, got {n}, {p}")
    return min(n, p), max(n, p)


def pinv_gram_trace_mean(n: int, p: int) -> Fraction:
    """``E tr (XᵀX)⁺ = q / (ν - q - 1)`` for Gaussian ``X`` (``n×p``); needs ``|n - p| >= 2``."""
    q, nu = _wishart_dims(n, p)
    if nu - q < 2:
        raise ValueError(f"E tr (XᵀX)⁺ is infinite for |n - p| < 2 (n = {n}, p = {p})")
    return Fraction(q, nu - q - 1)


def pinv_gram_trace_variance(n: int, p: int) -> Fraction:
    """``Var tr (XᵀX)⁺ = 2 q (ν - 1) / ((ν - q)(ν - q - 1)² (ν - q - 3))``; needs ``|n - p| >= 4``."""
    q, nu = _wishart_dims(n, p)
    if nu - q < 4:
        raise ValueError(f"Var tr (XᵀX)⁺ is infinite for |n - p| < 4 (n = {n}, p = {p})")
    k = nu - q
    return Fraction(2 * q * (nu - 1), k * (k - 1) ** 2 * (k - 3))


def inverse_quadratic_mean(n: int, p: int) -> Fraction:
    """``E uᵀ (XXᵀ)⁻¹ u = 1 / (p - n - 1)`` for a fixed unit ``u`` (``p >= n + 2``), as ``1/χ²_{p-n+1}``."""
    if not (n >= 1 and p >= n + 2):
        raise ValueError(f"need p >= n + 2, got n = {n}, p = {p}")
    return Fraction(1, p - n - 1)


def inverse_quadratic_variance(n: int, p: int) -> Fraction:
    """``Var uᵀ (XXᵀ)⁻¹ u = 2 / ((p - n - 1)² (p - n - 3))`` (``p >= n + 4``)."""
    if not (n >= 1 and p >= n + 4):
        raise ValueError(f"need p >= n + 4, got n = {n}, p = {p}")
    k = p - n
    return Fraction(2, (k - 1) ** 2 * (k - 3))


# ---------------------------------------------------------------------------------------------
# min-norm least squares: conditional and expected risk


@dataclass(frozen=True)
class RiskParts:
    """The excess risk of an estimator split into its bias and variance terms."""

    bias: Number
    variance: Number

    @property
    def total(self) -> Number:
        return self.bias + self.variance


def conditional_risk(X: np.ndarray, beta: np.ndarray, noise_var: float, cov: np.ndarray | None = None,
                     rcond: float | None = None) -> RiskParts:
    """``E[(xᵀ(X⁺y - β))² | X]`` for ``y = Xβ + ε``, ``E ε = 0``, ``Cov ε = noise_var I``, ``Cov x = cov``
    (default ``I``): bias ``βᵀ Π cov Π β`` with ``Π = I - X⁺X``, variance ``noise_var tr(cov X⁺ X⁺ᵀ)``."""
    X = np.asarray(X, dtype=float)
    beta = np.asarray(beta, dtype=float)
    if X.ndim != 2 or beta.shape != (X.shape[1],):
        raise ValueError(f"shapes do not fit: X {X.shape}, beta {beta.shape}")
    if not noise_var >= 0:
        raise ValueError(f"the noise variance must be nonnegative, got {noise_var}")
    p = X.shape[1]
    C = np.eye(p) if cov is None else np.asarray(cov, dtype=float)
    if C.shape != (p, p):
        raise ValueError(f"cov must be {p}x{p}, got {C.shape}")
    null = null_space_projector(X, rcond) @ beta
    Xp = pseudoinverse(X, rcond)  # p × n
    return RiskParts(float(null @ C @ null), float(noise_var * np.sum((C @ Xp) * Xp)))


def isotropic_risk_samples(designs: np.ndarray, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a batch of full-rank designs ``X_k`` (shape ``(m, n, p)``): the conditional bias
    ``‖(I - X_k⁺X_k) β‖²`` (0 when ``p <= n``) and ``tr (X_kᵀX_k)⁺`` (the variance per unit noise
    variance), for an isotropic test point.  Computed through the smaller Gram matrix."""
    X = np.asarray(designs, dtype=float)
    beta = np.asarray(beta, dtype=float)
    if X.ndim != 3 or beta.shape != (X.shape[2],):
        raise ValueError(f"shapes do not fit: designs {X.shape}, beta {beta.shape}")
    m, n, p = X.shape
    wide = p > n
    G = X @ np.swapaxes(X, 1, 2) if wide else np.swapaxes(X, 1, 2) @ X
    evals = np.linalg.eigvalsh(G)
    if np.any(evals[:, 0] <= 1e-12 * evals[:, -1]):
        raise ValueError("a design is (numerically) rank-deficient; these formulas need full rank")
    trace = np.sum(1.0 / evals, axis=1)
    if not wide:
        return np.zeros(m), trace
    Xb = X @ beta
    fitted = np.einsum("ki,ki->k", Xb, np.linalg.solve(G, Xb[:, :, None])[:, :, 0])
    return np.clip(beta @ beta - fitted, 0.0, beta @ beta), trace


def ridge_risk_samples(designs: np.ndarray, beta: np.ndarray, noise_var: float, lam: float
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Conditional bias ``‖lam (XᵀX + lam I)⁻¹ β‖²`` and variance ``noise_var Σ s_i²/(s_i² + lam)²`` of
    ridge ``(XᵀX + lam I)⁻¹Xᵀy`` for each design of a batch (isotropic test point).  Both are bounded
    for every design: bias ``<= ‖β‖²``, variance ``<= noise_var rank(X) / (4 lam)``."""
    X = np.asarray(designs, dtype=float)
    beta = np.asarray(beta, dtype=float)
    if X.ndim != 3 or beta.shape != (X.shape[2],):
        raise ValueError(f"shapes do not fit: designs {X.shape}, beta {beta.shape}")
    if not (lam > 0 and noise_var >= 0):
        raise ValueError(f"need lam > 0 and noise_var >= 0, got {lam}, {noise_var}")
    m, n, p = X.shape
    A = np.swapaxes(X, 1, 2) @ X + lam * np.eye(p)
    shrunk = lam * np.linalg.solve(A, np.broadcast_to(beta, (m, p))[:, :, None])[:, :, 0]
    s2 = np.clip(np.linalg.eigvalsh(A) - lam, 0.0, None)
    return np.sum(shrunk**2, axis=1), noise_var * np.sum(s2 / (s2 + lam) ** 2, axis=1)


def _exact(x: Number) -> Number:
    return Fraction(x) if isinstance(x, (int, float, Fraction)) and not isinstance(x, bool) else x


def min_norm_expected_risk(n: int, p: int, signal: Number, noise: Number) -> RiskParts:
    """``E_X`` of the excess risk of ``X⁺y`` for isotropic Gaussian ``X`` (``n×p``), ``‖β‖² = signal``,
    noise variance ``noise``: bias 0 and variance ``noise p/(n - p - 1)`` for ``p <= n - 2``; bias
    ``signal (1 - n/p)`` and variance ``noise n/(p - n - 1)`` for ``p >= n + 2`` (infinite between)."""
    signal, noise = _exact(signal), _exact(noise)
    if signal < 0 or noise < 0:
        raise ValueError(f"signal and noise must be nonnegative, got {signal}, {noise}")
    if p <= n - 2:
        return RiskParts(0 * signal, noise * pinv_gram_trace_mean(n, p))
    if p >= n + 2:
        return RiskParts(signal * Fraction(p - n, p), noise * pinv_gram_trace_mean(n, p))
    raise ValueError(f"the expected risk is infinite for |p - n| <= 1 (n = {n}, p = {p})")


def min_norm_risk_variance(n: int, p: int, signal: Number, noise: Number) -> Fraction:
    """``Var_X (B_X + V_X)`` for isotropic Gaussian ``X`` (``|p - n| >= 4``).  For ``p > n`` the null
    space of ``X`` is a uniformly random ``(p - n)``-dimensional subspace, so
    ``B_X / ‖β‖² ~ Beta((p - n)/2, n/2)``, of variance ``2 (p - n) n / (p² (p + 2))``; ``B_X`` depends
    only on the row space and ``V_X = noise tr (XᵀX)⁺`` only on the singular values, which are
    independent for Gaussian ``X``, so the variances add.  (``B_X = 0`` for ``p < n``.)"""
    signal, noise = _exact(signal), _exact(noise)
    bias_var = signal * signal * Fraction(2 * (p - n) * n, p * p * (p + 2)) if p > n else Fraction(0)
    return bias_var + noise * noise * pinv_gram_trace_variance(n, p)


def ridgeless_limit_risk(gamma: Number, signal: Number, noise: Number) -> RiskParts:
    """The proportional limit ``p/n → γ``: ``(0, σ² γ/(1 - γ))`` for ``γ < 1`` and
    ``(r² (1 - 1/γ), σ²/(γ - 1))`` for ``γ > 1``."""
    gamma, signal, noise = _exact(gamma), _exact(signal), _exact(noise)
    _ratio(gamma)
    if gamma < 1:
        return RiskParts(0 * signal, noise * gamma / (1 - gamma))
    if gamma > 1:
        return RiskParts(signal * (1 - 1 / gamma), noise / (gamma - 1))
    raise ValueError("the limiting risk is infinite at gamma = 1")


# ---------------------------------------------------------------------------------------------
# GOE


def goe_matrices(rng: np.random.Generator, count: int, n: int) -> np.ndarray:
    """``count`` GOE matrices ``(G + Gᵀ)/√2``: diagonal ``N(0, 2)``, off-diagonal ``N(0, 1)``."""
    if count < 1 or n < 1:
        raise ValueError(f"need count, n >= 1, got {count}, {n}")
    G = rng.standard_normal((count, n, n))
    return (G + np.swapaxes(G, 1, 2)) / math.sqrt(2)


GOE_POSITIVE = {1: 0.5, 2: (2 - math.sqrt(2)) / 4}
"""``P(GOE_n ≻ 0)`` exactly: ``1/2`` and, for ``[[a, b], [b, c]]`` with ``a, c ~ N(0, 2)``,
``b ~ N(0, 1)``, ``P(a > 0, ac > b²) = (2 - √2)/4``."""


def goe_positive_block_bound(n: int) -> float:
    """``P(GOE_n ≻ 0) <= p_2^{⌊n/2⌋} p_1^{n mod 2}``: the disjoint diagonal 2×2 (and 1×1) blocks are
    independent GOE matrices, and each must be positive definite."""
    if n < 1:
        raise ValueError(f"n must be positive, got {n}")
    return GOE_POSITIVE[2] ** (n // 2) * GOE_POSITIVE[1] ** (n % 2)
