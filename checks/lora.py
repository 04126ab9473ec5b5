"""Low-rank adaptation ``W = W0 + BA`` (``B ∈ R^{m×r}``, ``A ∈ R^{r×n}``) for a linear least-squares
loss ``ℓ(W) = ½‖XW − Y‖²_F``, exact over the rationals, and the Eckart–Young tail in float64.

- Full gradient ``G = ∇_W ℓ = Xᵀ(XW − Y)``; factor gradients ``∇_B = G Aᵀ``, ``∇_A = Bᵀ G``.
- Factor gradient flow ``Ḃ = −GAᵀ``, ``Ȧ = −BᵀG`` moves ``Δ = BA`` with ``Δ̇ = −(G AᵀA + B BᵀG)``.
- Tangent space of the rank-``r`` manifold at ``BA`` (``B`` full column rank, ``A`` full row rank):
  ``P_T(G) = P_B G + G P_A − P_B G P_A`` with ``P_B = B(BᵀB)^{-1}Bᵀ``, ``P_A = Aᵀ(AAᵀ)^{-1}A``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from checks.exact_linalg import cayley, fractions, inverse, rank

Array = np.ndarray


def lora_parameters(m: int, n: int, r: int) -> tuple[int, int]:
    """``(r(m + n), mn)``: trainable parameters of ``BA`` against those of a full ``m × n`` update."""
    if min(m, n, r) < 1:
        raise ValueError("dimensions and rank must be positive")
    return r * (m + n), m * n


def loss(X: Array, Y: Array, W: Array) -> Fraction:
    """``½‖XW − Y‖²_F`` (exact)."""
    R = X @ W - Y
    return sum((v * v for v in R.flat), Fraction(0)) / 2


def full_gradient(X: Array, Y: Array, W: Array) -> Array:
    """``Xᵀ(XW − Y)``."""
    return X.T @ (X @ W - Y)


def factor_gradients(G: Array, B: Array, A: Array) -> tuple[Array, Array]:
    """``(∇_B, ∇_A) = (G Aᵀ, Bᵀ G)`` by the chain rule through ``W = W0 + BA``."""
    if G.shape != (B.shape[0], A.shape[1]) or B.shape[1] != A.shape[0]:
        raise ValueError(f"shapes do not chain: G {G.shape}, B {B.shape}, A {A.shape}")
    return G @ A.T, B.T @ G


def factor_flow_velocity(G: Array, B: Array, A: Array) -> Array:
    """``Δ̇ = Ḃ A + B Ȧ = −(G AᵀA + B BᵀG)`` under the factor gradient flow."""
    gB, gA = factor_gradients(G, B, A)
    return -(gB @ A + B @ gA)


def column_projector(B: Array) -> Array:
    """``B(BᵀB)^{-1}Bᵀ``, the orthogonal projector onto the column space of a full-column-rank ``B``."""
    if rank(B) != B.shape[1]:
        raise ValueError("B must have full column rank")
    return B @ inverse(B.T @ B) @ B.T


def tangent_projection(G: Array, B: Array, A: Array) -> Array:
    """``P_T(G) = P_B G + G P_A − P_B G P_A``, the orthogonal projection onto the tangent space of the
    rank-``r`` matrices at ``BA``."""
    PB, PA = column_projector(B), column_projector(A.T)
    return PB @ G + G @ PA - PB @ G @ PA


def frobenius_inner(P: Array, Q: Array) -> Fraction:
    """``⟨P, Q⟩_F = Σ P_ij Q_ij``."""
    return sum((p * q for p, q in zip(P.flat, Q.flat)), Fraction(0))


cayley_orthogonal = cayley  # checks.exact_linalg


def truncated_svd(M: np.ndarray, r: int) -> tuple[np.ndarray, np.ndarray]:
    """``(M_r, σ)``: the rank-``r`` truncated SVD of ``M`` and all its singular values (descending)."""
    if r < 0:
        raise ValueError("rank must be non-negative")
    U, s, Vt = np.linalg.svd(M, full_matrices=False)
    return (U[:, :r] * s[:r]) @ Vt[:r], s
