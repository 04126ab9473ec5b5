"""Exact linear algebra over the rationals, or over any exact field type (such as dual numbers).

One Gauss–Jordan elimination serves the reduced row echelon form, rank, null spaces, solves and
inverses; determinants come from the same elimination with the row swaps counted.  Matrices are
NumPy object arrays; nested sequences are accepted and converted.  ``fractions`` converts ints and
Fractions and refuses floats, so a float never enters an exact computation unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

Array = np.ndarray


class SingularMatrixError(ValueError):
    """A square system whose matrix is singular has no unique solution."""


def fractions(A: Any) -> Array:
    """``A`` as an object array of Fractions (ints and Fractions are kept exact; floats are refused)."""
    arr = np.asarray(A, dtype=object)
    flat = list(arr.flat)
    if any(isinstance(v, (float, np.floating)) for v in flat):
        raise ValueError("exact arithmetic takes ints or Fractions, not floats")
    out = np.empty(arr.shape, dtype=object)
    out.reshape(-1)[:] = [Fraction(v) for v in flat]
    return out


def _objects(A: Any) -> Array:
    """Keep exact field elements as they are (Fractions, dual numbers); convert ints and refuse floats."""
    arr = np.asarray(A, dtype=object)
    if any(isinstance(v, (float, np.floating)) for v in arr.flat):
        raise ValueError("exact arithmetic takes ints or Fractions, not floats")
    out = np.empty(arr.shape, dtype=object)
    out.reshape(-1)[:] = [Fraction(v) if isinstance(v, (int, np.integer)) else v for v in arr.flat]
    return out


def _nonzero(x: Any) -> bool:
    return x != 0


def rref(A: Any, columns: int | None = None, pivot_ok: Callable[[Any], bool] = _nonzero,
         is_zero: Callable[[Any], bool] = lambda x: x == 0) -> tuple[Array, list[int]]:
    """The reduced row echelon form of ``A`` in its first ``columns`` columns (default all; the rest
    are carried along, as for an augmented system) and the pivot columns.  ``pivot_ok`` says which
    entries may serve as pivots and ``is_zero`` which need no elimination (for dual numbers: a nonzero
    value part, and both parts zero)."""
    R = _objects(A)
    if R.ndim != 2:
        raise ValueError(f"rref needs a matrix, got shape {R.shape}")
    m, n = R.shape
    columns = n if columns is None else columns
    pivots: list[int] = []
    r = 0
    for c in range(columns):
        if r == m:
            break
        p = next((i for i in range(r, m) if pivot_ok(R[i, c])), None)
        if p is None:
            continue
        R[[r, p]] = R[[p, r]]
        R[r] = R[r] / R[r, c]
        for i in range(m):
            if i != r and not is_zero(R[i, c]):
                R[i] = R[i] - R[r] * R[i, c]  # array first: exact scalars need not know arrays
        pivots.append(c)
        r += 1
    return R, pivots


def rank(A: Any) -> int:
    """The rank of an exact matrix."""
    A = _objects(A)
    return 0 if A.size == 0 else len(rref(A)[1])


def null_space(A: Any) -> Array:
    """A basis of ``{v : A v = 0}``: the columns of a ``d × (d - rank)`` matrix."""
    R, piv = rref(A)
    d = R.shape[1]
    free = [c for c in range(d) if c not in piv]
    N = fractions(np.zeros((d, len(free)), dtype=int))
    for k, f in enumerate(free):
        N[f, k] = Fraction(1)
        for r, p in enumerate(piv):
            N[p, k] = -R[r, f]
    return N


def solve(A: Any, B: Any, pivot_ok: Callable[[Any], bool] = _nonzero,
          is_zero: Callable[[Any], bool] = lambda x: x == 0) -> Array:
    """The solution ``X`` of ``A X = B`` for a square nonsingular ``A`` (``B`` a vector or a matrix);
    a singular ``A`` raises :class:`SingularMatrixError`.  ``pivot_ok``, ``is_zero``: as in :func:`rref`."""
    A, B = _objects(A), _objects(B)
    n = A.shape[0]
    if A.ndim != 2 or A.shape != (n, n) or B.shape[:1] != (n,):
        raise ValueError(f"solve needs a square A and B with matching rows, got {A.shape} and {B.shape}")
    R, piv = rref(np.concatenate([A, B.reshape(n, -1)], axis=1), columns=n, pivot_ok=pivot_ok, is_zero=is_zero)
    if piv != list(range(n)):
        raise SingularMatrixError("the matrix is singular")
    X = R[:, n:]
    return X.reshape(-1) if B.ndim == 1 else X


def inverse(A: Any) -> Array:
    """``A^{-1}`` of a square nonsingular exact matrix."""
    n = np.shape(A)[0]
    return solve(A, fractions(np.eye(n, dtype=int)))


def determinant(A: Any) -> Fraction:
    """``det A`` by elimination (the product of the pivots, with the sign of the row swaps)."""
    M = fractions(A)
    n = M.shape[0]
    if M.ndim != 2 or M.shape != (n, n):
        raise ValueError(f"determinant needs a square matrix, got shape {M.shape}")
    det = Fraction(1)
    for c in range(n):
        p = next((r for r in range(c, n) if M[r, c] != 0), None)
        if p is None:
            return Fraction(0)
        if p != c:
            M[[c, p]] = M[[p, c]]
            det = -det
        det *= M[c, c]
        for r in range(c + 1, n):
            M[r] = M[r] - (M[r, c] / M[c, c]) * M[c]
    return det


def cayley(S: Any) -> Array:
    """``Q = (I - S)(I + S)^{-1}`` for a skew-symmetric rational ``S``: an exactly orthogonal rational
    matrix (``I + S`` is invertible because the eigenvalues of ``S`` are imaginary)."""
    S = fractions(S)
    n = S.shape[0]
    if S.ndim != 2 or S.shape != (n, n) or np.any(S + S.T != 0):
        raise ValueError("the Cayley transform needs a square skew-symmetric matrix")
    eye = fractions(np.eye(n, dtype=int))
    # Q (I + S) = I - S, i.e. (I + S)ᵀ Qᵀ = (I - S)ᵀ
    return solve((eye + S).T, (eye - S).T).T
