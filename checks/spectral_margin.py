"""Norm-based complexity terms of spectrally-normalized margin bounds for bias-free ReLU networks.

``f(x) = W_L relu(W_{L-1} ⋯ relu(W_1 x))``.  With ``‖A‖_σ`` the spectral norm, ``‖A‖_F`` the
Frobenius norm and ``‖Aᵀ‖_{2,1}`` the sum of the Euclidean norms of the rows of ``A``:

- stable rank ``srank(A) = ‖A‖_F² / ‖A‖_σ²`` (``1 <= srank <= rank``);
- Bartlett–Foster–Telgarsky spectral complexity (1-Lipschitz activations)
  ``R_A = Π_i ‖A_i‖_σ · (Σ_i (‖A_iᵀ‖_{2,1} / ‖A_i‖_σ)^{2/3})^{3/2}`` and their term ``‖X‖_F R_A / (γ n)``;
- the Neyshabur–Bhojanapalli–Srebro term without logarithms
  ``√(B² L² h Π_i ‖A_i‖_σ² Σ_i srank(A_i) / (γ² n))`` with ``B = max_i ‖x_i‖`` and ``h`` the largest width.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _check(Ws: Sequence[np.ndarray]) -> None:
    if not Ws:
        raise ValueError("a network needs at least one layer")
    for A, B in zip(Ws, Ws[1:]):
        if B.shape[1] != A.shape[0]:
            raise ValueError(f"layer shapes {A.shape} and {B.shape} do not compose")


def forward(Ws: Sequence[np.ndarray], X: np.ndarray) -> np.ndarray:
    """Outputs ``f(x_i)`` (rows) of the bias-free ReLU network on the rows of ``X``."""
    _check(Ws)
    H = np.asarray(X, dtype=np.float64).T
    for W in Ws[:-1]:
        H = np.maximum(W @ H, 0.0)
    return (Ws[-1] @ H).T


def margins(out: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``f(x)_y − max_{j≠y} f(x)_j`` (several outputs) or ``y f(x)`` with ``y ∈ {±1}`` (one output)."""
    out = np.asarray(out, dtype=np.float64)
    if out.shape[1] == 1:
        return y * out[:, 0]
    rows = np.arange(out.shape[0])
    other = out.copy()
    other[rows, y] = -np.inf
    return out[rows, y] - other.max(axis=1)


def spectral(A: np.ndarray) -> float:
    return float(np.linalg.norm(A, 2))


def stable_rank(A: np.ndarray) -> float:
    return float(np.linalg.norm(A, "fro") ** 2 / spectral(A) ** 2)


def norm_21_rows(A: np.ndarray) -> float:
    """``‖Aᵀ‖_{2,1}``: the sum of the Euclidean norms of the rows of ``A``."""
    return float(np.linalg.norm(A, axis=1).sum())


def spectral_complexity(Ws: Sequence[np.ndarray]) -> float:
    """``R_A = Π ‖A_i‖_σ · (Σ (‖A_iᵀ‖_{2,1}/‖A_i‖_σ)^{2/3})^{3/2}``."""
    _check(Ws)
    prod = float(np.prod([spectral(W) for W in Ws]))
    return prod * sum((norm_21_rows(W) / spectral(W)) ** (2 / 3) for W in Ws) ** 1.5


def bartlett_term(Ws: Sequence[np.ndarray], X: np.ndarray, gamma: float) -> float:
    """``‖X‖_F R_A / (γ n)``."""
    if gamma <= 0:
        raise ValueError(f"margin must be positive, got {gamma}")
    return float(np.linalg.norm(X, "fro")) * spectral_complexity(Ws) / (gamma * X.shape[0])


def neyshabur_term(Ws: Sequence[np.ndarray], X: np.ndarray, gamma: float) -> float:
    """``√(B² L² h Π ‖A_i‖_σ² Σ srank(A_i) / (γ² n))``."""
    if gamma <= 0:
        raise ValueError(f"margin must be positive, got {gamma}")
    _check(Ws)
    B = float(np.linalg.norm(X, axis=1).max())
    h = max(max(W.shape) for W in Ws)
    prod = float(np.prod([spectral(W) for W in Ws]))
    return float(np.sqrt(B**2 * len(Ws) ** 2 * h * prod**2 * sum(stable_rank(W) for W in Ws)
                         / (gamma**2 * X.shape[0])))
