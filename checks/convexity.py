"""Convex (and deliberately nonconvex) test functions evaluated in exact rational arithmetic, and the
pieces of convex analysis the convexity claims compare against.

- :class:`PiecewiseLinear`: a continuous piecewise-linear function of one variable on ``[x_0, x_m]``,
  given by its values at the knots; it is convex iff its slopes are nondecreasing.  Its local
  minimizers are found by brute force from the definition (a point no nearby point undercuts).
- :class:`MaxAffineQuadratic`: ``f(x) = ½(x - c)ᵀA(x - c) + max_k a_kᵀ(x - c) + f0`` with ``A ⪰ 0``;
  when ``0`` lies in the convex hull of the ``a_k``, ``c`` is a global minimizer with ``f* = f0``.  An
  optional ``cap`` replaces f by ``min(f, cap)`` (quasi-convex, not convex).
- exact linear algebra on quadratics ``½wᵀAw - bᵀw`` (stationary points, null spaces) via SymPy.
- :func:`ridge_gd`: gradient descent on ``½||Xw - y||² + (lam/2)||w||²`` in floating point.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np
import sympy as sp

Vector = tuple[Fraction, ...]


def _fractions(xs: Sequence) -> Vector:
    return tuple(Fraction(x) for x in xs)


def dot(u: Sequence[Fraction], v: Sequence[Fraction]) -> Fraction:
    """Exact inner product of two rational vectors of equal length."""
    if len(u) != len(v):
        raise ValueError(f"lengths differ: {len(u)} vs {len(v)}")
    return sum((a * b for a, b in zip(u, v)), Fraction(0))


def matvec(A: Sequence[Sequence[Fraction]], v: Sequence[Fraction]) -> Vector:
    return tuple(dot(row, v) for row in A)


# ------------------------------------------------------------------------------------- one variable
@dataclass(frozen=True)
class PiecewiseLinear:
    """The linear interpolant of ``values`` at increasing ``knots`` (exact rationals)."""

    knots: Vector
    values: Vector

    def __post_init__(self) -> None:
        k, v = _fractions(self.knots), _fractions(self.values)
        if len(k) < 2 or len(k) != len(v):
            raise ValueError(f"need >= 2 knots and one value per knot, got {len(k)} and {len(v)}")
        if any(b <= a for a, b in zip(k, k[1:])):
            raise ValueError("knots must be strictly increasing")
        object.__setattr__(self, "knots", k)
        object.__setattr__(self, "values", v)

    def __repr__(self) -> str:
        return (f"PiecewiseLinear(knots={[str(x) for x in self.knots]}, "
                f"values={[str(x) for x in self.values]})")

    @property
    def slopes(self) -> Vector:
        k, v = self.knots, self.values
        return tuple((v[i + 1] - v[i]) / (k[i + 1] - k[i]) for i in range(len(k) - 1))

    @property
    def convex(self) -> bool:
        s = self.slopes
        return all(a <= b for a, b in zip(s, s[1:]))

    def value(self, x: Fraction) -> Fraction:
        k, v = self.knots, self.values
        if not k[0] <= x <= k[-1]:
            raise ValueError(f"{x} lies outside the domain [{k[0]}, {k[-1]}]")
        for i in range(len(k) - 1):
            if x <= k[i + 1]:
                return v[i] + (v[i + 1] - v[i]) * (x - k[i]) / (k[i + 1] - k[i])
        return v[-1]

    def local_minima(self) -> list[tuple[Fraction, Fraction]]:
        """Every local minimizer up to the open flat pieces, as ``(point, value)``: a knot is one when
        no neighbouring knot is lower (f is linear in between, so nearby points are convex
        combinations with a neighbour); a point inside a piece is one iff the piece is flat, and the
        midpoint stands for it."""
        k, v = self.knots, self.values
        out = []
        for i in range(len(k)):
            left_ok = i == 0 or v[i - 1] >= v[i]
            right_ok = i == len(k) - 1 or v[i + 1] >= v[i]
            if left_ok and right_ok:
                out.append((k[i], v[i]))
        for i in range(len(k) - 1):
            if v[i] == v[i + 1]:
                out.append(((k[i] + k[i + 1]) / 2, v[i]))
        return out

    def one_sided_slopes(self, x: Fraction) -> tuple[Fraction | None, Fraction | None]:
        """``(f'_-(x), f'_+(x))``; ``None`` where the domain ends."""
        k, s = self.knots, self.slopes
        left = right = None
        for i in range(len(k) - 1):
            if k[i] < x <= k[i + 1]:
                left = s[i]
            if k[i] <= x < k[i + 1]:
                right = s[i]
        return left, right


# ------------------------------------------------------------------------------------- max-affine
@dataclass(frozen=True)
class MaxAffineQuadratic:
    """``f(x) = ½(x - c)ᵀA(x - c) + max_k a_kᵀ(x - c) + f0`` (capped at ``cap`` when given)."""

    A: tuple[Vector, ...]
    pieces: tuple[Vector, ...]
    center: Vector
    f0: Fraction = Fraction(0)
    cap: Fraction | None = None

    def __post_init__(self) -> None:
        d = len(self.center)
        A = tuple(_fractions(r) for r in self.A)
        P = tuple(_fractions(r) for r in self.pieces)
        if len(A) != d or any(len(r) != d for r in A) or not P or any(len(r) != d for r in P):
            raise ValueError("A must be d x d and every piece a d-vector")
        if any(A[i][j] != A[j][i] for i in range(d) for j in range(d)):
            raise ValueError("A must be symmetric")
        object.__setattr__(self, "A", A)
        object.__setattr__(self, "pieces", P)
        object.__setattr__(self, "center", _fractions(self.center))
        object.__setattr__(self, "f0", Fraction(self.f0))
        if self.cap is not None:
            object.__setattr__(self, "cap", Fraction(self.cap))

    def __repr__(self) -> str:
        s = lambda v: "(" + ", ".join(str(x) for x in v) + ")"
        cap = "" if self.cap is None else f", cap={self.cap}"
        return (f"MaxAffineQuadratic(A={[s(r) for r in self.A]}, pieces={[s(p) for p in self.pieces]}, "
                f"center={s(self.center)}, f0={self.f0}{cap})")

    @property
    def dim(self) -> int:
        return len(self.center)

    def _raw(self, x: Sequence[Fraction]) -> tuple[Fraction, int]:
        u = tuple(a - b for a, b in zip(x, self.center))
        vals = [dot(p, u) for p in self.pieces]
        k = max(range(len(vals)), key=lambda i: vals[i])
        return dot(u, matvec(self.A, u)) / 2 + vals[k] + self.f0, k

    def value(self, x: Sequence[Fraction]) -> Fraction:
        v, _ = self._raw(x)
        return v if self.cap is None else min(v, self.cap)

    def subgradient(self, x: Sequence[Fraction]) -> Vector:
        """``A(x - c) + a_k`` for the first active piece ``k`` (the gradient where one piece is
        active); ``0`` where the cap is active (f is locally constant there)."""
        v, k = self._raw(x)
        if self.cap is not None and v >= self.cap:
            return tuple(Fraction(0) for _ in range(self.dim))
        u = tuple(a - b for a, b in zip(x, self.center))
        return tuple(a + p for a, p in zip(matvec(self.A, u), self.pieces[k]))


def centered_pieces(first: Sequence[Sequence[int]]) -> tuple[Vector, ...]:
    """The given slopes and one more, minus their sum, so that the mean of all pieces is 0 (then the
    max-affine part is >= 0 = its value at the center)."""
    rows = [_fractions(r) for r in first]
    if not rows:
        raise ValueError("need at least one piece")
    last = tuple(-sum((r[j] for r in rows), Fraction(0)) for j in range(len(rows[0])))
    return tuple(rows) + (last,)


# ------------------------------------------------------------------------------------- quadratics
def sym_matrix(A: Sequence[Sequence]) -> sp.Matrix:
    return sp.Matrix([[sp.Rational(Fraction(x).numerator, Fraction(x).denominator) for x in r] for r in A])


def stationary_set(A: Sequence[Sequence], b: Sequence) -> tuple[Vector, tuple[Vector, ...]] | None:
    """The solutions of ``Aw = b`` (the stationary points of ``½wᵀAw - bᵀw``) as a particular solution
    and a basis of ``null(A)``, exactly; ``None`` when ``b`` is not in the range of ``A``."""
    M = sym_matrix(A)
    rhs = sym_matrix([[x] for x in b])
    try:
        sol, params = M.gauss_jordan_solve(rhs)
    except ValueError:
        return None
    part = sol.subs({p: 0 for p in params})
    to_f = lambda e: Fraction(int(sp.fraction(e)[0]), int(sp.fraction(e)[1]))
    basis = tuple(tuple(to_f(e) for e in v) for v in M.nullspace())
    return tuple(to_f(e) for e in part), basis


def quadratic_value(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction], w: Sequence[Fraction]) -> Fraction:
    """``½wᵀAw - bᵀw`` exactly."""
    return dot(w, matvec(A, w)) / 2 - dot(b, w)


def bottom_direction(A: Sequence[Sequence[Fraction]]) -> Vector:
    """A rational vector (the float eigenvector of the smallest eigenvalue, read exactly) along
    which the curvature ``vᵀAv`` is, up to rounding, the smallest eigenvalue of ``A``."""
    M = np.array([[float(x) for x in r] for r in A])
    _, V = np.linalg.eigh(M)
    return tuple(Fraction(float(x)) for x in V[:, 0])


# ------------------------------------------------------------------------------------- least squares
def ridge_gd(X: np.ndarray, y: np.ndarray, lam: float, w0: np.ndarray, eta: float, steps: int) -> np.ndarray:
    """The last iterate of GD ``w <- w - eta (Xᵀ(Xw - y) + lam w)`` after ``steps`` steps."""
    if lam < 0 or not eta > 0 or steps < 0:
        raise ValueError(f"need lam >= 0, eta > 0, steps >= 0; got {lam}, {eta}, {steps}")
    w = np.array(w0, dtype=float)
    for _ in range(steps):
        w = w - eta * (X.T @ (X @ w - y) + lam * w)
    return w


def ridge_gradient(X: np.ndarray, y: np.ndarray, lam: float, w: np.ndarray) -> np.ndarray:
    return X.T @ (X @ w - y) + lam * w


def ridge_gradient_error(X: np.ndarray, y: np.ndarray, lam: float, w: np.ndarray) -> float:
    """A bound on the rounding error of :func:`ridge_gradient`: ``(n + d + 2) eps`` times the size
    ``||X|| (||X|| ||w|| + ||y||) + lam ||w||`` of the terms (standard dot-product error bounds)."""
    n, d = X.shape
    nx = float(np.linalg.norm(X, 2))
    nw = float(np.linalg.norm(w))
    return 2 * (n + d + 2) * np.finfo(float).eps * (nx * (nx * nw + float(np.linalg.norm(y))) + lam * nw)


# ------------------------------------------------------------------------------------- polynomials
def local_minimum_brackets(coeffs: Sequence[int], lo: Fraction, hi: Fraction, cells: int
                           ) -> list[tuple[Fraction, Fraction]]:
    """Brackets ``(a, b)`` of a grid of ``cells`` equal cells on ``[lo, hi]`` whose midpoint value lies
    strictly below the values at both ends: the minimum of the polynomial (coefficients from the
    constant term up) over ``[a, b]`` is then attained inside, at a local minimizer.  Uses values only."""
    if cells < 2 or not lo < hi:
        raise ValueError(f"need cells >= 2 and lo < hi, got {cells}, [{lo}, {hi}]")
    p = lambda x: sum((Fraction(c) * x ** i for i, c in enumerate(coeffs)), Fraction(0))
    h = (Fraction(hi) - Fraction(lo)) / cells
    xs = [Fraction(lo) + i * h for i in range(cells + 1)]
    vs = [p(x) for x in xs]
    return [(xs[i - 1], xs[i + 1]) for i in range(1, cells) if vs[i] < vs[i - 1] and vs[i] < vs[i + 1]]


def critical_points_between(coeffs: Sequence[int], a: Fraction, b: Fraction) -> int:
    """The number of distinct real roots of the derivative in ``[a, b]`` (exact, Sturm sequences)."""
    x = sp.Symbol("x")
    p = sp.Poly(sum(sp.Integer(c) * x ** i for i, c in enumerate(coeffs)), x)
    dp = p.diff(x)
    if dp.is_zero:
        raise ValueError("a constant polynomial: every point is critical")
    dp = sp.Poly(sp.sqf_part(dp.as_expr()), x)
    return int(dp.count_roots(sp.Rational(a.numerator, a.denominator), sp.Rational(b.numerator, b.denominator)))


def degenerate_critical_points(coeffs: Sequence[int]) -> int:
    """The number of distinct real critical points at which the derivative does not change sign
    (real roots of even multiplicity of p'): critical points that are not local extrema."""
    x = sp.Symbol("x")
    dp = sp.Poly(sum(sp.Integer(c) * x ** i for i, c in enumerate(coeffs)), x).diff(x)
    _, factors = sp.sqf_list(dp.as_expr(), x)
    return sum(sp.Poly(g, x).count_roots() for g, m in factors if m % 2 == 0)
