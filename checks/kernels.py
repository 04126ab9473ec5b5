"""Kernels and explicit finite feature maps.

A feature map ``phi: R^d -> R^D`` defines the kernel ``k(x, z) = phi(x) · phi(z)``, whose RKHS is
``{x -> w · phi(x) : w in R^D}`` with ``||f||_H = min{||w|| : f = w · phi}``; for linearly
independent coordinate functions (both maps below) that is simply ``||w||``.  The maps:

- :class:`PolynomialFeatures`: ``phi_k(x) = sqrt(p! c^{p-|k|} / ((p-|k|)! k_1! ... k_d!)) x^k`` over
  the multi-indices ``|k| <= p``, so that ``phi(x) · phi(z) = (c + x · z)^p`` exactly (multinomial
  theorem); ``c = 0`` keeps only ``|k| = p`` (the homogeneous kernel ``(x · z)^p``).
- :class:`RandomFourierFeatures`: ``phi(x) = (cos(Wx), sin(Wx)) / sqrt(m)`` with ``m`` seeded
  frequencies ``w_j ~ N(0, I / sigma^2)``; ``phi(x) · phi(z) = (1/m) sum_j cos(w_j · (x - z))``, an
  unbiased estimate of the Gaussian kernel ``exp(-||x - z||^2 / (2 sigma^2))`` (Bochner).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import product
from math import comb, factorial

import numpy as np

from checks.linalg import EPS

Array = np.ndarray


def _points(X: Array, dim: int | None = None, name: str = "X") -> Array:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"{name} must be a 2-d array of points (one per row), got shape {X.shape}")
    if dim is not None and X.shape[1] != dim:
        raise ValueError(f"{name} has points of dimension {X.shape[1]}, expected {dim}")
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} has non-finite entries")
    return X


def polynomial_kernel(X: Array, Z: Array, degree: int, offset: float = 1.0) -> Array:
    """``K_ij = (offset + x_i · z_j)^degree``."""
    X = _points(X)
    Z = _points(Z, X.shape[1], "Z")
    if not (isinstance(degree, (int, np.integer)) and degree >= 1) or not offset >= 0:
        raise ValueError(f"need an integer degree >= 1 and offset >= 0, got {degree}, {offset}")
    return (offset + X @ Z.T) ** degree


def gaussian_kernel(X: Array, Z: Array, bandwidth: float) -> Array:
    """``K_ij = exp(-||x_i - z_j||^2 / (2 bandwidth^2))``."""
    X = _points(X)
    Z = _points(Z, X.shape[1], "Z")
    if not bandwidth > 0:
        raise ValueError(f"bandwidth must be positive, got {bandwidth}")
    sq = np.sum((X[:, None, :] - Z[None, :, :]) ** 2, axis=-1)
    return np.exp(-sq / (2 * bandwidth**2))


@dataclass(frozen=True, eq=False)
class PolynomialFeatures:
    """The explicit feature map of ``(offset + x · z)^degree`` on ``R^dim_in``."""

    dim_in: int
    degree: int
    offset: float = 1.0

    def __post_init__(self) -> None:
        if self.dim_in < 1 or self.degree < 1 or not self.offset >= 0:
            raise ValueError(f"need dim_in >= 1, degree >= 1, offset >= 0; got "
                             f"{self.dim_in}, {self.degree}, {self.offset}")

    @cached_property
    def exponents(self) -> Array:
        """The multi-indices ``k`` (rows), ``|k| = degree`` only when ``offset == 0``."""
        p = self.degree
        ks = [k for k in product(range(p + 1), repeat=self.dim_in)
              if (sum(k) == p if self.offset == 0 else sum(k) <= p)]
        return np.array(ks, dtype=int).reshape(len(ks), self.dim_in)

    @cached_property
    def weights(self) -> Array:
        """``sqrt(p! offset^{p-|k|} / ((p-|k|)! prod k_i!))`` for each multi-index."""
        p = self.degree
        out = []
        for k in self.exponents:
            rest = p - int(k.sum())
            coeff = factorial(p) / (factorial(rest) * np.prod([factorial(int(j)) for j in k]))
            out.append(np.sqrt(coeff * (self.offset**rest if rest else 1.0)))
        return np.array(out)

    @property
    def dim(self) -> int:
        """``C(d + p, p)``, or ``C(d + p - 1, p)`` for the homogeneous kernel."""
        d, p = self.dim_in, self.degree
        return comb(d + p - 1, p) if self.offset == 0 else comb(d + p, p)

    def __call__(self, X: Array) -> Array:
        X = _points(X, self.dim_in)
        monomials = np.prod(X[:, None, :] ** self.exponents[None, :, :], axis=-1)
        return monomials * self.weights

    def kernel(self, X: Array, Z: Array) -> Array:
        return polynomial_kernel(_points(X, self.dim_in), _points(Z, self.dim_in, "Z"),
                                 self.degree, self.offset)

    def __repr__(self) -> str:
        kind = "homogeneous" if self.offset == 0 else f"offset {self.offset:g}"
        return f"PolynomialFeatures(d={self.dim_in}, degree {self.degree}, {kind}, D={self.dim})"


@dataclass(frozen=True, eq=False)
class RandomFourierFeatures:
    """``(cos(Wx), sin(Wx)) / sqrt(m)`` with seeded Gaussian frequencies of scale ``1/bandwidth``."""

    dim_in: int
    n_frequencies: int
    bandwidth: float
    seed: int
    frequencies: Array = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.dim_in < 1 or self.n_frequencies < 1 or not self.bandwidth > 0:
            raise ValueError(f"need dim_in >= 1, n_frequencies >= 1, bandwidth > 0; got "
                             f"{self.dim_in}, {self.n_frequencies}, {self.bandwidth}")
        rng = np.random.default_rng(self.seed)
        W = rng.standard_normal((self.n_frequencies, self.dim_in)) / self.bandwidth
        object.__setattr__(self, "frequencies", W)

    @property
    def dim(self) -> int:
        return 2 * self.n_frequencies

    def __call__(self, X: Array) -> Array:
        P = _points(X, self.dim_in) @ self.frequencies.T
        return np.hstack([np.cos(P), np.sin(P)]) / np.sqrt(self.n_frequencies)

    def kernel(self, X: Array, Z: Array) -> Array:
        """``(1/m) sum_j cos(w_j · (x - z))``, the exact inner product of the features."""
        X, Z = _points(X, self.dim_in), _points(Z, self.dim_in, "Z")
        diff = X[:, None, :] - Z[None, :, :]
        return np.mean(np.cos(diff @ self.frequencies.T), axis=-1)

    def target(self, X: Array, Z: Array) -> Array:
        """The Gaussian kernel that the features estimate."""
        return gaussian_kernel(X, Z, self.bandwidth)

    def __repr__(self) -> str:
        return (f"RandomFourierFeatures(d={self.dim_in}, D={self.dim}, bandwidth {self.bandwidth:.4g}, "
                f"seed {self.seed})")


FeatureMap = PolynomialFeatures | RandomFourierFeatures


def kernel_matrix(features: FeatureMap, X: Array, Z: Array | None = None) -> Array:
    """``K_ij = k(x_i, z_j)`` from the kernel's closed form (``Z = X`` by default; then symmetrized)."""
    K = features.kernel(X, X if Z is None else Z)
    return (K + K.T) / 2 if Z is None else K


def psd_eigh(K: Array, rcond: float | None = None) -> tuple[Array, Array, float]:
    """``(s, V, cutoff)``: the eigenpairs of the symmetric PSD matrix ``K`` with eigenvalue above
    ``cutoff = rcond * s_max`` (default ``rcond = 10 n eps``, above the ``n eps s_max`` noise of the
    computed spectrum), decreasing.  ``K ≈ V diag(s) Vᵀ``; raises ValueError if ``K`` is not
    symmetric or has an eigenvalue below ``-cutoff``."""
    K = np.asarray(K, dtype=float)
    if K.ndim != 2 or K.shape[0] != K.shape[1] or not np.all(np.isfinite(K)):
        raise ValueError(f"K must be a finite square matrix, got shape {K.shape}")
    n = K.shape[0]
    scale = float(np.max(np.abs(K))) if K.size else 0.0
    if np.max(np.abs(K - K.T), initial=0.0) > 100 * n * EPS * max(scale, 1e-300):
        raise ValueError("K is not symmetric")
    rcond = 10 * n * EPS if rcond is None else rcond
    if not 0 <= rcond < 1:
        raise ValueError(f"rcond must lie in [0, 1), got {rcond}")
    s, V = np.linalg.eigh((K + K.T) / 2)
    s, V = s[::-1], V[:, ::-1]
    s_max = max(float(s[0]), 0.0) if n else 0.0
    cutoff = rcond * s_max
    if n and s[-1] < -max(cutoff, 100 * n * EPS * scale):
        raise ValueError(f"K is not positive semidefinite (eigenvalue {s[-1]:.3g})")
    keep = s > cutoff
    return s[keep], V[:, keep], cutoff
