"""Hypothesis strategies for steepest descent in a norm and for preconditioning (exact rational data).

Planted matrices use a rational orthogonal ``Q`` (the Cayley transform of a small skew-symmetric
integer matrix), so ``Q diag(λ) Qᵀ`` has the exact rational spectrum ``λ``.  The tight families are drawn
beside random ones: a test vector along the steepest direction (Cauchy–Schwarz is an equality), a start
along an extreme generalized eigenvector (the GD rate is attained), preconditioner eigenvalues ordered
against the Hessian's (``κ(P⁻¹H) = κ(H)κ(P)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.preconditioning import Matrix, Vector, identity, inverse, matmul, matvec, solve, transpose
from checks.strategies.implicit_bias import cayley

_SMALL = st.builds(Fraction, st.integers(-9, 9), st.integers(1, 4))
_POSITIVE = st.builds(Fraction, st.integers(1, 60), st.integers(1, 6))


def _vector(d: int):
    return st.lists(_SMALL, min_size=d, max_size=d).map(tuple)


@st.composite
def orthogonal(draw, d: int) -> Matrix:
    """A rational orthogonal ``d x d`` matrix (the identity with some probability)."""
    if draw(st.integers(0, 4)) == 0:
        return identity(d)
    A = [[0] * d for _ in range(d)]
    for i in range(d):
        for j in range(i + 1, d):
            a = draw(st.integers(-2, 2))
            A[i][j], A[j][i] = a, -a
    return tuple(tuple(row) for row in cayley(tuple(map(tuple, A))))


def planted(Q: Matrix, lam: Vector) -> Matrix:
    """``Q diag(lam) Qᵀ``."""
    return matmul(matmul(Q, tuple(tuple(lam[i] if i == j else Fraction(0) for j in range(len(lam)))
                                  for i in range(len(lam)))), transpose(Q))


@st.composite
def spd(draw, d: int, diagonal: bool | None = None) -> Matrix:
    """A rational SPD matrix ``BᵀB + D`` (``D`` positive diagonal), or a positive diagonal matrix."""
    diag = tuple(draw(st.lists(_POSITIVE, min_size=d, max_size=d)))
    if diagonal if diagonal is not None else draw(st.booleans()):
        return tuple(tuple(diag[i] if i == j else Fraction(0) for j in range(d)) for i in range(d))
    B = tuple(tuple(draw(st.lists(st.integers(-3, 3), min_size=d, max_size=d))) for _ in range(d))
    BtB = matmul(transpose(B), B)
    return tuple(tuple(BtB[i][j] + (diag[i] if i == j else 0) for j in range(d)) for i in range(d))


# ------------------------------------------------------------------------------------ steepest descent
@dataclass(frozen=True)
class SteepestCase:
    """A gradient ``g ≠ 0``, an SPD ``P`` (the norm ``||v||_P``), a radius ``eps`` and test vectors ``vs``
    (random, plus ``tight`` multiples of the steepest directions)."""

    g: Vector
    P: Matrix
    eps: Fraction
    vs: tuple[Vector, ...]


@st.composite
def steepest_cases(draw) -> SteepestCase:
    d = draw(st.integers(1, 4))
    g = draw(_vector(d).filter(any))
    if d >= 2 and draw(st.booleans()):          # unequal magnitudes: l1, l2 and l∞ directions all differ
        g = tuple(x if i else 3 * x + (1 if x >= 0 else -1) for i, x in enumerate(g))
    P = draw(spd(d))
    vs = list(draw(st.lists(_vector(d), min_size=2, max_size=4)))
    c = draw(_POSITIVE)
    vs += [tuple(-c * x for x in g), tuple(-c * x for x in solve(P, g))]
    return SteepestCase(g, P, draw(_POSITIVE), tuple(vs))


@dataclass(frozen=True)
class DescentCase:
    """``f(θ) = ½θᵀHθ - bᵀθ``, a point ``theta``, a metric ``P`` and the step ``eta = c/tr(PH)``."""

    H: Matrix
    b: Vector
    P: Matrix
    theta: Vector
    c: Fraction
    eta: Fraction


@st.composite
def descent_cases(draw, indefinite: bool = False) -> DescentCase:
    """``0 < c < 2``, near 2 too.  ``indefinite``: ``P = Q diag(p) Qᵀ`` with a negative eigenvalue."""
    d = draw(st.integers(1 if not indefinite else 2, 4))
    H = draw(spd(d))
    if indefinite:
        p = list(draw(st.lists(_POSITIVE, min_size=d, max_size=d)))
        p[0] = -p[0]
        P = planted(draw(orthogonal(d)), tuple(p))
    else:
        P = draw(spd(d))
    k = draw(st.integers(2, 40))
    c = draw(st.one_of(st.just(2 - Fraction(1, k)), st.builds(Fraction, st.integers(1, 19), st.just(10))))
    tr = sum(matmul(P, H)[i][i] for i in range(d))
    eta = c / abs(tr) if tr != 0 else c
    return DescentCase(H, draw(_vector(d)), P, draw(_vector(d)), c, eta)


# ------------------------------------------------------------------------------- preconditioned GD
@dataclass(frozen=True)
class PreconditionedRun:
    """``H = Rᵀ Q diag(lam) Qᵀ R`` and ``P = RᵀR``, so ``R⁻ᵀ H R⁻¹ = Q diag(lam) Qᵀ`` (the transformed
    Hessian) and the generalized eigenvalues of ``(H, P)`` are ``lam``; ``b``, a start and a step count."""

    R: Matrix
    Q: Matrix
    lam: Vector
    b: Vector
    theta0: Vector
    steps: int

    @property
    def Ht(self) -> Matrix:
        return planted(self.Q, self.lam)

    @property
    def P(self) -> Matrix:
        return matmul(transpose(self.R), self.R)

    @property
    def H(self) -> Matrix:
        return matmul(matmul(transpose(self.R), self.Ht), self.R)


@st.composite
def preconditioned_runs(draw) -> PreconditionedRun:
    d = draw(st.integers(1, 3))
    lam = tuple(draw(st.lists(_POSITIVE, min_size=d, max_size=d)))
    Q = draw(orthogonal(d))
    # an upper-triangular factor with positive diagonal: every rational Cholesky factor, always invertible
    R = tuple(tuple(Fraction(draw(st.integers(1, 3))) if i == j else
                    (Fraction(draw(st.integers(-3, 3))) if j > i else Fraction(0)) for j in range(d))
              for i in range(d))
    b = draw(_vector(d))
    run = PreconditionedRun(R, Q, lam, b, tuple(Fraction(0) for _ in range(d)), draw(st.integers(1, 8)))
    theta_star = matvec(inverse(run.H), b)
    if draw(st.booleans()):   # tight: θ_0 - θ* along R⁻¹Q e_i with λ_i extreme
        i = draw(st.sampled_from([lam.index(min(lam)), lam.index(max(lam))]))
        e = matvec(inverse(R), tuple(Q[r][i] for r in range(d)))
        s = draw(_SMALL.filter(bool))
        theta0 = tuple(t + s * x for t, x in zip(theta_star, e))
    else:
        theta0 = draw(_vector(d))
    return PreconditionedRun(R, Q, lam, b, theta0, run.steps)


@dataclass(frozen=True)
class CommutingPair:
    """``H = Q diag(h) Qᵀ`` and ``P = Q diag(p) Qᵀ`` (``which``: random / reversed / P = H / P = H⁻¹ /
    Jacobi on a diagonal H)."""

    Q: Matrix
    h: Vector
    p: Vector
    which: str

    @property
    def H(self) -> Matrix:
        return planted(self.Q, self.h)

    @property
    def P(self) -> Matrix:
        return planted(self.Q, self.p)


@st.composite
def commuting_pairs(draw) -> CommutingPair:
    d = draw(st.integers(2, 4))
    h = tuple(draw(st.lists(_POSITIVE, min_size=d, max_size=d)))
    which = draw(st.sampled_from(["random", "reversed", "hessian", "inverse", "jacobi"]))
    Q = identity(d) if which == "jacobi" else draw(orthogonal(d))
    if which == "random":
        p = tuple(draw(st.lists(_POSITIVE, min_size=d, max_size=d)))
    elif which == "reversed":   # p decreasing where h increases: κ(P⁻¹H) = κ(H) κ(P)
        ps = sorted(draw(st.lists(_POSITIVE, min_size=d, max_size=d)), reverse=True)
        order = sorted(range(d), key=lambda i: h[i])
        p = tuple(ps[order.index(i)] for i in range(d))
    elif which == "inverse":
        p = tuple(1 / x for x in h)
    else:                       # P = H, or Jacobi diag(H) = H for a diagonal H
        p = h
    return CommutingPair(Q, h, p, which)


@st.composite
def rotated_jacobi(draw) -> Matrix:
    """A rotated (generally non-diagonal) SPD ``H``, for Jacobi scaling ``P = diag(H)``."""
    d = draw(st.integers(2, 4))
    h = list(draw(st.lists(_POSITIVE, min_size=d, max_size=d)))
    h[1] = h[0] + draw(_POSITIVE)   # two distinct eigenvalues: a nontrivial rotation makes H non-diagonal
    A = [[0] * d for _ in range(d)]
    A[0][1], A[1][0] = 1, -1
    for i in range(d):
        for j in range(i + 1, d):
            if (i, j) != (0, 1):
                a = draw(st.integers(-2, 2))
                A[i][j], A[j][i] = a, -a
    return planted(tuple(tuple(r) for r in cayley(tuple(map(tuple, A)))), tuple(h))


@dataclass(frozen=True)
class ShiftCase:
    """``A = Q diag(lam) Qᵀ ≻ 0`` and shifts ``0 < c1 < c2``."""

    Q: Matrix
    lam: Vector
    c1: Fraction
    c2: Fraction

    @property
    def A(self) -> Matrix:
        return planted(self.Q, self.lam)


@st.composite
def shift_cases(draw, c: Fraction | None = None) -> ShiftCase:
    """Distinct extreme eigenvalues (κ(A) > 1), near 1 too; ``c`` fixes the first shift (the document's 5)."""
    d = draw(st.integers(2, 4))
    lam = list(draw(st.lists(_POSITIVE, min_size=d, max_size=d)))
    gap = draw(st.one_of(_POSITIVE, st.builds(Fraction, st.just(1), st.integers(50, 1000))))
    lam[1] = lam[0] + gap
    c1 = c if c is not None else draw(_POSITIVE)
    return ShiftCase(draw(orthogonal(d)), tuple(lam), c1, c1 + draw(_POSITIVE))
