"""Exact linear algebra for steepest descent in a norm and for preconditioned gradient descent.

Matrices are tuples of rows of :class:`~fractions.Fraction` (or ints); every function is exact.

- Steepest descent.  For a norm ``||·||`` with dual norm ``||·||_*``, ``min_{||v|| <= 1} <g, v> = -||g||_*``.
  For the quadratic norm ``||v||_P = sqrt(vᵀPv)`` (``P ≻ 0``; ``P = I`` is l2) the minimizer is
  ``-P⁻¹g/||g||_{P⁻¹}``; for l∞ it is ``-sign(g)`` (value ``-||g||_1``); for l1 it is ``-sign(g_j) e_j`` at a
  coordinate with ``|g_j| = ||g||_∞``.  :func:`steepest_direction` returns the unnormalized direction ``u``
  and ``s2 = ||u||^2`` in the norm, so the minimizer is ``u/sqrt(s2)`` and, as ``<g, u> = -||g||_* sqrt(s2)``,
  everything is compared exactly through squares.
- Preconditioned GD ``θ ← θ - η P⁻¹(Hθ - b)`` on ``f(θ) = ½θᵀHθ - bᵀθ``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from checks import exact_linalg

Vector = tuple[Fraction, ...]
Matrix = tuple[Vector, ...]
NORMS = ("l1", "l2", "linf", "quadratic")


def _square(A: Sequence[Sequence[Fraction]], name: str = "A") -> Matrix:
    n = len(A)
    if n == 0 or any(len(row) != n for row in A):
        raise ValueError(f"{name} must be a non-empty square matrix")
    return tuple(tuple(Fraction(x) for x in row) for row in A)


def dot(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    if len(a) != len(b):
        raise ValueError(f"length mismatch: {len(a)} vs {len(b)}")
    return sum((Fraction(x) * y for x, y in zip(a, b)), Fraction(0))


def matvec(A: Sequence[Sequence[Fraction]], v: Sequence[Fraction]) -> Vector:
    return tuple(dot(row, v) for row in A)


def transpose(A: Sequence[Sequence[Fraction]]) -> Matrix:
    return tuple(tuple(Fraction(x) for x in col) for col in zip(*A))


def matmul(A: Sequence[Sequence[Fraction]], B: Sequence[Sequence[Fraction]]) -> Matrix:
    Bt = transpose(B)
    return tuple(tuple(dot(row, col) for col in Bt) for row in A)


def identity(n: int) -> Matrix:
    return tuple(tuple(Fraction(int(i == j)) for j in range(n)) for i in range(n))


def quad_form(A: Sequence[Sequence[Fraction]], v: Sequence[Fraction]) -> Fraction:
    """``vᵀAv``."""
    return dot(v, matvec(A, v))


def solve(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction]) -> Vector:
    """The solution of ``A x = b`` (:func:`checks.exact_linalg.solve`; ValueError if ``A`` is singular)."""
    M = _square(A)
    if len(b) != len(M):
        raise ValueError(f"right-hand side has length {len(b)}, expected {len(M)}")
    return tuple(exact_linalg.solve(M, list(b)))


def inverse(A: Sequence[Sequence[Fraction]]) -> Matrix:
    return tuple(tuple(row) for row in exact_linalg.inverse(_square(A)))


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


def _check_norm(norm: str, P, d: int) -> Matrix | None:
    if norm not in NORMS:
        raise ValueError(f"unknown norm {norm!r}; choose one of {NORMS}")
    if norm == "quadratic":
        if P is None:
            raise ValueError("the quadratic norm needs a matrix P")
        P = _square(P, "P")
        if len(P) != d:
            raise ValueError(f"P is {len(P)}x{len(P)}, the vector has length {d}")
        return P
    return None


def norm_sq(v: Sequence[Fraction], norm: str, P=None) -> Fraction:
    """``||v||^2`` in the l1, l2, l∞ or quadratic (``vᵀPv``) norm."""
    Pm = _check_norm(norm, P, len(v))
    if norm == "l1":
        return sum((abs(Fraction(x)) for x in v), Fraction(0)) ** 2
    if norm == "linf":
        return max(abs(Fraction(x)) for x in v) ** 2
    if norm == "l2":
        return dot(v, v)
    return quad_form(Pm, v)


def dual_norm_sq(g: Sequence[Fraction], norm: str, P=None) -> Fraction:
    """``||g||_*^2``: l1 ↔ l∞, l2 ↔ l2, ``||·||_P`` ↔ ``||·||_{P⁻¹}`` (``gᵀP⁻¹g``)."""
    Pm = _check_norm(norm, P, len(g))
    if norm == "l1":
        return norm_sq(g, "linf")
    if norm == "linf":
        return norm_sq(g, "l1")
    if norm == "l2":
        return dot(g, g)
    return dot(g, solve(Pm, g))


def steepest_direction(g: Sequence[Fraction], norm: str, P=None) -> tuple[Vector, Fraction]:
    """``(u, s2)`` with ``u/sqrt(s2)`` the minimizer of ``<g, v>`` over the unit ball of the norm.

    l2: ``u = -g``; quadratic: ``u = -P⁻¹g``; l∞: ``u = -sign(g)``; l1: ``u = -sign(g_j) e_j`` at the
    first coordinate with ``|g_j| = ||g||_∞``.  ``s2 = ||u||^2`` in the norm; ValueError if ``g = 0``."""
    g = tuple(Fraction(x) for x in g)
    Pm = _check_norm(norm, P, len(g))
    if all(x == 0 for x in g):
        raise ValueError("g = 0: every feasible direction is a minimizer")
    if norm == "l2":
        u = tuple(-x for x in g)
    elif norm == "quadratic":
        u = tuple(-x for x in solve(Pm, g))
    elif norm == "linf":
        u = tuple(Fraction(-_sign(x)) for x in g)
    else:
        top = max(abs(x) for x in g)
        j = next(i for i, x in enumerate(g) if abs(x) == top)
        u = tuple(Fraction(-_sign(g[j])) if i == j else Fraction(0) for i in range(len(g)))
    return u, norm_sq(u, norm, Pm)


def quadratic_value(H: Sequence[Sequence[Fraction]], b: Sequence[Fraction], x: Sequence[Fraction]) -> Fraction:
    """``f(x) = ½xᵀHx - bᵀx``."""
    return quad_form(H, x) / 2 - dot(b, x)


def quadratic_gradient(H: Sequence[Sequence[Fraction]], b: Sequence[Fraction], x: Sequence[Fraction]) -> Vector:
    return tuple(a - c for a, c in zip(matvec(H, x), b))


def preconditioned_gd(H: Sequence[Sequence[Fraction]], b: Sequence[Fraction], P: Sequence[Sequence[Fraction]],
                      eta: Fraction, theta0: Sequence[Fraction], steps: int) -> list[Vector]:
    """The iterates ``θ_0..θ_steps`` of ``θ ← θ - η P⁻¹(Hθ - b)`` (exact)."""
    if steps < 0:
        raise ValueError(f"steps must be non-negative, got {steps}")
    Pinv = inverse(P)
    out = [tuple(Fraction(x) for x in theta0)]
    for _ in range(steps):
        step = matvec(Pinv, quadratic_gradient(H, b, out[-1]))
        out.append(tuple(x - eta * s for x, s in zip(out[-1], step)))
    return out
