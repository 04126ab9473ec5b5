"""The dropout linear-autoencoder objective ``L(U) = ||M - U U^T||_F^2 + lam sum_i ||u_i||^4`` (``u_i`` the
columns of ``U``), exactly over the rationals: value, gradient, directional derivatives, Hessian, and the
closed-form global value.

Arrays are NumPy object arrays of Fractions (float arrays work too for value and gradient).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from typing import Any, Sequence

import numpy as np

Array = np.ndarray


def fr(A: Any) -> Array:
    """An object array of Fractions."""
    return np.vectorize(Fraction, otypes=[object])(np.asarray(A, dtype=object))


def _check(M: Array, U: Array) -> None:
    if M.ndim != 2 or M.shape[0] != M.shape[1] or U.ndim != 2 or U.shape[0] != M.shape[0]:
        raise ValueError("need a square M and U with as many rows as M")


def loss(M: Array, U: Array, lam: Any) -> Any:
    """``||M - U U^T||_F^2 + lam sum_i ||u_i||^4``."""
    _check(M, U)
    R = M - U @ U.T
    norms = (U * U).sum(axis=0)
    return (R * R).sum() + lam * (norms * norms).sum()


def gradient(M: Array, U: Array, lam: Any) -> Array:
    """``4 (U U^T - M) U + 4 lam U diag(U^T U)`` (``M`` symmetric)."""
    _check(M, U)
    if not np.array_equal(M, M.T):
        raise ValueError("the gradient formula needs a symmetric M")
    return 4 * (U @ U.T - M) @ U + 4 * lam * U * (U * U).sum(axis=0)


def directional_coefficients(M: Array, U: Array, V: Array, lam: Any) -> tuple[Any, Any]:
    """``(g'(0), g''(0))`` of the quartic ``g(s) = L(U + s V)``, exactly (from ``g(±1), g(±2), g(0)``:
    the odd part is ``a1 s + a3 s^3`` and the even part ``a0 + a2 s^2 + a4 s^4``)."""
    g = {s: loss(M, U + s * V, lam) for s in (-2, -1, 0, 1, 2)}
    o1, o2 = (g[1] - g[-1]) / 2, (g[2] - g[-2]) / 2
    e1, e2 = (g[1] + g[-1]) / 2 - g[0], (g[2] + g[-2]) / 2 - g[0]
    a1 = (8 * o1 - o2) / 6
    a2 = (16 * e1 - e2) / 12
    return a1, 2 * a2


def hessian(M: Array, U: Array, lam: Any) -> list[list[Any]]:
    """The Hessian of ``L`` at ``U`` in the basis of matrix units (column-major order of ``U``), by
    polarization of exact second directional derivatives."""
    d0, d1 = U.shape
    basis = []
    for j in range(d1):
        for i in range(d0):
            E = np.full(U.shape, Fraction(0), dtype=object)
            E[i, j] = Fraction(1)
            basis.append(E)
    n = len(basis)
    q = [directional_coefficients(M, U, basis[a], lam)[1] for a in range(n)]
    H = [[Fraction(0)] * n for _ in range(n)]
    for a in range(n):
        H[a][a] = q[a]
        for b in range(a + 1, n):
            qab = directional_coefficients(M, U, basis[a] + basis[b], lam)[1]
            H[a][b] = H[b][a] = (qab - q[a] - q[b]) / 2
    return H


def support_optimum(eigenvalues: Sequence[Fraction], support: Sequence[int], d1: int, lam: Any
                    ) -> tuple[list[Fraction], Fraction]:
    """Stationary point of ``sum_i (m_i - n_i)^2 + (lam/d1)(sum n_i)^2`` with ``n`` supported on ``support``:
    ``n_i = m_i - alpha``, ``alpha = lam sum_S m_i/(d1 + lam |S|)``; returns ``(n, value)``."""
    m = [Fraction(v) for v in eigenvalues]
    S = list(support)
    alpha = Fraction(lam) * sum((m[i] for i in S), Fraction(0)) / (d1 + Fraction(lam) * len(S))
    n = [m[i] - alpha if i in S else Fraction(0) for i in range(len(m))]
    value = sum(((a - b) ** 2 for a, b in zip(m, n)), Fraction(0)) + Fraction(lam) / d1 * sum(n) ** 2
    return n, value


def reduced_minimum(eigenvalues: Sequence[Fraction], d1: int, lam: Any) -> Fraction:
    """``min`` over ``n >= 0`` with at most ``d1`` non-zeros of ``sum_i (m_i - n_i)^2 + (lam/d1)(sum n_i)^2``,
    by enumerating supports (each convex piece attains its minimum at a feasible support stationary point)."""
    k = len(eigenvalues)
    best = None
    for size in range(0, min(d1, k) + 1):
        for S in combinations(range(k), size):
            n, v = support_optimum(eigenvalues, S, d1, lam)
            if all(n[i] >= 0 for i in S) and (best is None or v < best):
                best = v
    assert best is not None
    return best


def rho_index(eigenvalues: Sequence[Fraction], d1: int, lam: Any) -> int:
    """``rho = max{j <= min(d0, d1): m_j > lam j kappa_j/(d1 + lam j)}`` (``kappa_j`` the mean of the top ``j``
    eigenvalues, sorted decreasingly), ``0`` if none."""
    m = sorted((Fraction(v) for v in eigenvalues), reverse=True)
    rho = 0
    for j in range(1, min(len(m), d1) + 1):
        if m[j - 1] > Fraction(lam) * sum(m[:j]) / (d1 + Fraction(lam) * j):
            rho = j
    return rho


def global_value(eigenvalues: Sequence[Fraction], d1: int, lam: Any) -> Fraction:
    """The value ``||M - N*||^2 + (lam/d1)(tr N*)^2`` of the closed form ``N* = sum_{i <= rho}(m_i - alpha_rho)
    w_i w_i^T`` (Theorem 11.3.1), as a function of the eigenvalues of ``M``."""
    m = sorted((Fraction(v) for v in eigenvalues), reverse=True)
    return support_optimum(m, range(rho_index(m, d1, lam)), d1, lam)[1]
