"""The symmetric matrix-factorization objective ``f(X) = ¼ ||M - X Xᵀ||_F^2`` and its derivatives.

For symmetric ``M`` (d×d) and ``X`` (d×r, or a vector for r = 1):

- ``∇f(X) = (X Xᵀ - M) X``;
- the Hessian quadratic form ``∇²f(X)[D, D] = ½ ||X Dᵀ + D Xᵀ||_F^2 - <M - X Xᵀ, D Dᵀ>``, which for a
  vector ``x`` is ``Dᵀ (||x||^2 I + 2 x xᵀ - M) D``;
- the exact quartic expansion ``f(X + D) = f(X) + <∇f, D> + ½ ∇²f[D, D] + ½ <X Dᵀ + D Xᵀ, D Dᵀ> + ¼ ||D Dᵀ||_F^2``.

Every function works on float arrays and, exactly, on object arrays of :class:`~fractions.Fraction`
(the objective is a polynomial).  :func:`procrustes` is the orthogonal ``R`` minimizing ``||X - Z R||_F``.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def _as_matrix(X: Array) -> Array:
    X = np.asarray(X)
    if X.ndim == 1:
        return X[:, None]
    if X.ndim != 2:
        raise ValueError(f"X must be a vector or a matrix, got shape {X.shape}")
    return X


def _check(M: Array, X: Array) -> tuple[Array, Array]:
    M = np.asarray(M)
    X = _as_matrix(X)
    d = M.shape[0]
    if M.shape != (d, d):
        raise ValueError(f"M must be square, got shape {M.shape}")
    if np.any(M != M.T):
        raise ValueError("M must be symmetric")
    if X.shape[0] != d:
        raise ValueError(f"X has {X.shape[0]} rows, M is {d}x{d}")
    return M, X


def frobenius_sq(A: Array):
    """``||A||_F^2`` (exact for Fractions)."""
    A = np.asarray(A)
    return (A * A).sum()


def inner(A: Array, B: Array):
    """``<A, B> = tr(Aᵀ B)``."""
    return (np.asarray(A) * np.asarray(B)).sum()


def objective(M: Array, X: Array):
    """``¼ ||M - X Xᵀ||_F^2``."""
    M, X = _check(M, X)
    return frobenius_sq(M - X @ X.T) / 4


def gradient(M: Array, X: Array) -> Array:
    """``(X Xᵀ - M) X``, shaped like ``X``."""
    shape = np.shape(X)
    M, X = _check(M, X)
    return ((X @ X.T - M) @ X).reshape(shape)


def hessian(M: Array, x: Array) -> Array:
    """``||x||^2 I + 2 x xᵀ - M`` for a vector ``x`` (the Hessian of the rank-one objective)."""
    M, X = _check(M, x)
    if X.shape[1] != 1:
        raise ValueError("hessian() is for a vector x; use hessian_form() for a matrix X")
    x = X[:, 0]
    eye = np.zeros_like(M)
    for i in range(M.shape[0]):
        eye[i, i] = 1
    return (x @ x) * eye + 2 * np.outer(x, x) - M


def hessian_form(M: Array, X: Array, D: Array):
    """``∇²f(X)[D, D] = ½ ||X Dᵀ + D Xᵀ||_F^2 - <M - X Xᵀ, D Dᵀ>``."""
    M, X = _check(M, X)
    D = _as_matrix(D)
    if D.shape != X.shape:
        raise ValueError(f"D has shape {D.shape}, X has {X.shape}")
    S = X @ D.T + D @ X.T
    return frobenius_sq(S) / 2 - inner(M - X @ X.T, D @ D.T)


def procrustes(X: Array, Z: Array) -> Array:
    """The orthogonal ``R`` (r×r) minimizing ``||X - Z R||_F``: ``R = U Vᵀ`` for ``Zᵀ X = U Σ Vᵀ``."""
    X, Z = _as_matrix(np.asarray(X, dtype=float)), _as_matrix(np.asarray(Z, dtype=float))
    if X.shape != Z.shape:
        raise ValueError(f"X and Z must have the same shape, got {X.shape} and {Z.shape}")
    U, _, Vt = np.linalg.svd(Z.T @ X)
    return U @ Vt
