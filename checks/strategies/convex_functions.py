"""Hypothesis strategies for the convexity claims: exact convex functions (piecewise linear, max-affine
plus PSD quadratic, quadratics) with the points they are compared at, their nonconvex and quasi-convex
relatives for mutants, polynomials for Fermat's rule, and least-squares problems for GD limits.

Tight families are drawn beside random ones: affine pieces (where the first-order inequality and
``f - f* <= ||g|| ||x - x*||`` hold with equality) and flat-bottomed functions (non-unique minimizers).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.convexity import MaxAffineQuadratic, PiecewiseLinear, Vector, centered_pieces, dot, stationary_set

SEEDS = st.integers(0, 2**32 - 1)
SMALL = st.integers(-3, 3)


def _rational(lim: int = 6, den: int = 4):
    return st.builds(lambda p, q: Fraction(p, q), st.integers(-lim * den, lim * den), st.integers(1, den))


# ------------------------------------------------------------------------------------- one variable
@st.composite
def _knots(draw, m: int) -> tuple[Fraction, ...]:
    gaps = draw(st.lists(st.integers(1, 4), min_size=m, max_size=m))
    start = draw(st.integers(-5, 0))
    out, x = [Fraction(start)], Fraction(start)
    for g in gaps:
        x += Fraction(g, 2)
        out.append(x)
    return tuple(out)


def _integrate(knots: tuple[Fraction, ...], slopes: list[Fraction], v0: Fraction) -> tuple[Fraction, ...]:
    vals = [v0]
    for i, s in enumerate(slopes):
        vals.append(vals[-1] + s * (knots[i + 1] - knots[i]))
    return tuple(vals)


@st.composite
def convex_piecewise(draw, kind: str = "convex") -> PiecewiseLinear:
    """A piecewise-linear function on 2..7 pieces: ``convex`` (sorted slopes, often with a flat
    bottom), ``quasiconvex`` (nonincreasing then nondecreasing slopes with a flat piece above the
    minimum: a plateau of non-strict local minima) or ``any`` (arbitrary values)."""
    m = draw(st.integers(3 if kind == "quasiconvex" else 2, 7))
    knots = draw(_knots(m))
    v0 = Fraction(draw(st.integers(-5, 5)))
    if kind == "convex":
        slopes = sorted(Fraction(draw(st.integers(-6, 6)), draw(st.integers(1, 3))) for _ in range(m))
        if draw(st.booleans()):                     # a flat bottom: the minimizers form an interval
            slopes[draw(st.integers(0, m - 1))] = Fraction(0)
            slopes.sort()
        return PiecewiseLinear(knots, _integrate(knots, slopes, v0))
    if kind == "quasiconvex":
        plateau = draw(st.integers(0, m - 3))       # a flat piece, then at least one strict descent
        down = [Fraction(-draw(st.integers(1, 4))) for _ in range(m)]
        slopes = down[:plateau] + [Fraction(0)] + down[plateau + 1:plateau + 2]
        rest = m - len(slopes)
        slopes += sorted(Fraction(draw(st.integers(0, 4))) for _ in range(rest))
        return PiecewiseLinear(knots, _integrate(knots, slopes, v0))
    if kind == "any":
        return PiecewiseLinear(knots, tuple(Fraction(draw(st.integers(-6, 6))) for _ in knots))
    raise ValueError(f"unknown kind {kind!r}")


# ------------------------------------------------------------------------------------- max-affine
@dataclass(frozen=True)
class ConvexPoint:
    """A function with planted minimizer ``f.center`` (value ``f.f0``), points ``x, y`` and ``lam``."""

    f: MaxAffineQuadratic
    x: Vector
    y: Vector
    lam: Fraction

    def __repr__(self) -> str:
        s = lambda v: "(" + ", ".join(str(t) for t in v) + ")"
        return f"ConvexPoint(f={self.f!r}, x={s(self.x)}, y={s(self.y)}, lam={self.lam})"


def _psd(draw, d: int, rank: int) -> tuple[tuple[int, ...], ...]:
    B = [[draw(SMALL) for _ in range(d)] for _ in range(rank)]
    return tuple(tuple(sum(B[k][i] * B[k][j] for k in range(rank)) for j in range(d)) for i in range(d))


@st.composite
def convex_points(draw, tight: bool | None = None) -> ConvexPoint:
    """``½(x - c)ᵀA(x - c) + max_k a_kᵀ(x - c) + f0`` with ``A = BᵀB`` (rank 0..d, d <= 3) and pieces of
    mean 0, so ``c`` is a global minimizer.  The tight branch has ``A = 0`` and ``x = c + t a_k`` along
    the longest piece (``t`` up to 40): there f is affine and the subgradient bounds hold with equality."""
    d = draw(st.integers(1, 3))
    K = draw(st.integers(1, 3))
    pieces = centered_pieces([[draw(SMALL) for _ in range(d)] for _ in range(K)])
    c = tuple(Fraction(draw(st.integers(-4, 4)), 2) for _ in range(d))
    f0 = Fraction(draw(st.integers(-3, 3)))
    is_tight = draw(st.booleans()) if tight is None else tight
    rank = 0 if is_tight else draw(st.integers(0, d))
    f = MaxAffineQuadratic(_psd(draw, d, rank), pieces, c, f0)
    y = tuple(draw(_rational()) for _ in range(d))
    lam = Fraction(draw(st.integers(0, 8)), 8)
    if is_tight:
        a = max(pieces, key=lambda p: dot(p, p))
        t = Fraction(draw(st.integers(1, 160)), 4)
        x = tuple(ci + t * ai for ci, ai in zip(c, a))
    else:
        x = tuple(draw(_rational()) for _ in range(d))
    return ConvexPoint(f, x, y, lam)


@st.composite
def capped_points(draw) -> ConvexPoint:
    """A quasi-convex ``min(f, cap)`` with the cap strictly between ``f(x)`` and ``f(y)`` when they
    differ, ``x`` the higher point: x is capped (zero gradient) and y lies below the cap."""
    p = draw(convex_points(tight=False))
    x, y = (p.x, p.y) if p.f.value(p.x) >= p.f.value(p.y) else (p.y, p.x)   # x is the higher point
    cap = (p.f.value(x) + p.f.value(y)) / 2
    g = MaxAffineQuadratic(p.f.A, p.f.pieces, p.f.center, p.f.f0, cap=cap)
    return ConvexPoint(g, x, y, p.lam)


# ------------------------------------------------------------------------------------- quadratics
@dataclass(frozen=True)
class QuadraticCase:
    """``½wᵀAw - bᵀw`` with ``A`` integer symmetric, comparison points ``others`` and null-space weights
    ``mix`` used to pick two stationary points."""

    A: tuple[tuple[int, ...], ...]
    b: tuple[Fraction, ...]
    others: tuple[Vector, ...]
    mix: tuple[Fraction, ...]

    def __repr__(self) -> str:
        return f"QuadraticCase(A={list(self.A)}, b={[str(x) for x in self.b]}, mix={[str(x) for x in self.mix]})"


@st.composite
def quadratic_cases(draw, kind: str = "psd") -> QuadraticCase:
    """``kind``: ``psd`` (A = BᵀB + diagonal >= 0, often singular, b = A z in the range), ``pd`` (A ≻ 0),
    ``singular`` (rank < d, b in the range), ``indefinite`` (A = BᵀB - k vvᵀ with vᵀAv < 0, b in
    the range) or ``off-range`` (singular A, b with a component outside the range)."""
    d = draw(st.integers(1 if kind in ("psd", "pd") else 2, 4))
    if kind == "indefinite":
        # P - k vvᵀ with k > vᵀPv/|v|⁴: then vᵀAv <= -1 (integers), a negative eigenvalue <= -1/|v|²
        P = _psd(draw, d, draw(st.integers(1, d)))
        v = [draw(SMALL) for _ in range(d)]
        if not any(v):
            v[0] = 1
        vv = sum(t * t for t in v)
        vPv = sum(v[i] * P[i][j] * v[j] for i in range(d) for j in range(d))
        k = vPv // (vv * vv) + 1
        A = tuple(tuple(P[i][j] - k * v[i] * v[j] for j in range(d)) for i in range(d))
    else:
        rank = {"psd": draw(st.integers(0, d)), "pd": d, "singular": draw(st.integers(0, d - 1)),
                "off-range": draw(st.integers(0, d - 1))}[kind]
        while True:
            B = _psd(draw, d, rank)
            diag = [draw(st.integers(1, 3)) if kind == "pd" else 0 for _ in range(d)]
            A = tuple(tuple(B[i][j] + (diag[i] if i == j else 0) for j in range(d)) for i in range(d))
            r = np.linalg.matrix_rank(np.array(A, dtype=float))
            if (kind != "pd" or r == d) and (kind not in ("singular", "off-range") or r < d):
                break
    z = tuple(Fraction(draw(st.integers(-4, 4)), draw(st.integers(1, 3))) for _ in range(d))
    b = tuple(sum((Fraction(A[i][j]) * z[j] for j in range(d)), Fraction(0)) for i in range(d))
    if kind == "off-range":
        # add a null vector of A to b: b is then not in range(A) = null(A)^⊥
        null = stationary_set(A, (0,) * d)[1]
        u = null[draw(st.integers(0, len(null) - 1))]
        b = tuple(bi + ui for bi, ui in zip(b, u))
    others = tuple(tuple(draw(_rational()) for _ in range(d)) for _ in range(3))
    mix = tuple(Fraction(draw(st.integers(-4, 4)), 2) for _ in range(d))
    return QuadraticCase(A, b, others, mix)


# ------------------------------------------------------------------------------------- polynomials
@dataclass(frozen=True)
class Polynomial:
    """Integer coefficients from the constant term up, and a window ``[lo, hi]`` holding every real
    critical point."""

    coeffs: tuple[int, ...]
    lo: Fraction
    hi: Fraction

    def __repr__(self) -> str:
        return f"Polynomial(coeffs={list(self.coeffs)}, window=[{self.lo}, {self.hi}])"


def _window(coeffs: list[int]) -> tuple[Fraction, Fraction]:
    d = [i * c for i, c in enumerate(coeffs)][1:]          # p'
    while d and d[-1] == 0:
        d.pop()
    bound = 1 + max((Fraction(abs(c), abs(d[-1])) for c in d[:-1]), default=Fraction(0))   # Cauchy
    return -bound, bound


def _antiderivative(roots: list[int], scale: int, c0: int) -> list[int]:
    """Integer coefficients of ``c0 + 60 scale ∫_0^x ∏(t - r) dt`` (60 clears the denominators of the
    antiderivative of a monic integer polynomial of degree <= 4)."""
    x = [Fraction(1)]
    for r in roots:
        x = [Fraction(0)] + x
        x = [a - r * b for a, b in zip(x, x[1:] + [Fraction(0)])]
    coeffs = [Fraction(c0)] + [60 * scale * c / (i + 1) for i, c in enumerate(x)]
    assert all(c.denominator == 1 for c in coeffs)
    return [int(c) for c in coeffs]


@st.composite
def polynomials(draw, degenerate: bool = False) -> Polynomial:
    """Even-degree polynomials with positive leading coefficient: random integer coefficients, or a
    planted derivative ``∏(x - r_i)`` with integer roots (1, 3 distinct roots); ``degenerate`` plants
    a double root of p' (a critical point that is not an extremum)."""
    if degenerate:
        a, b = draw(st.integers(-3, 3)), draw(st.integers(-3, 3))
        coeffs = _antiderivative([a, a, b], draw(st.integers(1, 2)), draw(st.integers(-5, 5)))
    elif draw(st.booleans()):
        roots = sorted(draw(st.lists(st.integers(-4, 4), min_size=3, max_size=3, unique=True)))
        if draw(st.booleans()):
            roots = roots[:1]
        coeffs = _antiderivative(roots, draw(st.integers(1, 2)), draw(st.integers(-5, 5)))
    else:
        deg = draw(st.sampled_from([2, 4, 6]))
        coeffs = [draw(st.integers(-6, 6)) for _ in range(deg)] + [draw(st.integers(1, 3))]
    lo, hi = _window(coeffs)
    return Polynomial(tuple(coeffs), lo, hi)


# ------------------------------------------------------------------------------------- least squares
@dataclass(frozen=True)
class LeastSquares:
    """``½||Xw - y||² + (lam/2)||w||²`` and two starts for GD."""

    X: np.ndarray
    y: np.ndarray
    lam: float
    w0: np.ndarray
    w1: np.ndarray


@st.composite
def least_squares(draw, unique: bool = True) -> LeastSquares:
    """Well-conditioned designs (singular values in [1, 2]).  ``unique``: full column rank (n >= d) or
    ridge ``lam > 0`` -- a unique minimizer; otherwise ``n < d`` and ``lam = 0`` (an affine set of
    interpolating minimizers)."""
    rng = np.random.default_rng(draw(SEEDS))
    d = draw(st.integers(2, 5))
    if unique:
        ridge = draw(st.booleans())
        n = draw(st.integers(1, 6)) if ridge else draw(st.integers(d, d + 3))
        lam = draw(st.sampled_from([0.25, 0.5, 1.0])) if ridge else 0.0
    else:
        n, lam = draw(st.integers(1, d - 1)), 0.0
    r = min(n, d)
    U = np.linalg.qr(rng.standard_normal((n, r)))[0]
    V = np.linalg.qr(rng.standard_normal((d, r)))[0]
    X = (U * rng.uniform(1.0, 2.0, r)) @ V.T
    y = rng.standard_normal(n)
    scale = draw(st.sampled_from([1.0, 3.0]))
    return LeastSquares(X, y, lam, rng.standard_normal(d) * scale, rng.standard_normal(d) * scale)
