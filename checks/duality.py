"""Lagrangian duality for quadratic programs, in exact rational arithmetic.

The problem is ``min f(x) = ½ xᵀPx + qᵀx`` subject to ``Gx <= h`` (``P`` symmetric ``n×n``, ``G`` is
``m×n``), with Lagrangian ``L(x, λ) = f(x) + λᵀ(Gx - h)`` and dual function ``q(λ) = inf_x L(x, λ)``.

- :func:`primal` minimizes ``f`` over the polyhedron by enumerating faces: the minimum is attained in
  the relative interior of some face, where it is a stationary point of ``f`` on the face's affine
  hull ``{G_A x = h_A}``; each such point solves one KKT linear system.  This is exact for ``P ≻ 0``,
  and for any symmetric ``P`` when the polyhedron is bounded.
- :func:`dual_function` is ``q(λ) = -½ rᵀP⁻¹r - hᵀλ`` with ``r = q + Gᵀλ`` for ``P ≻ 0``, and
  ``None`` (meaning ``-∞``) when ``P`` has a negative eigenvalue.
- :func:`dual` maximizes ``q`` over ``λ >= 0`` by enumerating supports (exact when ``G`` has full row
  rank, so that ``G P⁻¹ Gᵀ ≻ 0``).
- :func:`primal_dual` runs simultaneous projected gradient descent–ascent on ``L``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from checks import exact_linalg

Vec = list[Fraction]
Mat = list[list[Fraction]]


def _frac_mat(A: Sequence[Sequence]) -> Mat:
    if any(isinstance(v, float) for row in A for v in row):
        raise ValueError("exact matrices only (int or Fraction entries)")
    return [[Fraction(v) for v in row] for row in A]


def solve(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction]) -> Vec | None:
    """The solution of the square system ``Ax = b`` (:func:`checks.exact_linalg.solve`); ``None`` if singular."""
    n = len(A)
    if any(len(row) != n for row in A) or len(b) != n:
        raise ValueError("solve needs a square system")
    try:
        return list(exact_linalg.solve(A, list(b)))
    except exact_linalg.SingularMatrixError:
        return None


def matvec(A: Sequence[Sequence[Fraction]], x: Sequence[Fraction]) -> Vec:
    return [sum((a * v for a, v in zip(row, x)), Fraction(0)) for row in A]


def dot(x: Sequence[Fraction], y: Sequence[Fraction]) -> Fraction:
    return sum((a * b for a, b in zip(x, y)), Fraction(0))


def transpose(A: Sequence[Sequence[Fraction]]) -> Mat:
    return [list(col) for col in zip(*A)]


def determinant(A: Sequence[Sequence[Fraction]]) -> Fraction:
    """Exact determinant (:func:`checks.exact_linalg.determinant`)."""
    return exact_linalg.determinant(A)


def is_positive_definite(P: Sequence[Sequence[Fraction]]) -> bool:
    """Sylvester's criterion: every leading principal minor is positive."""
    return all(determinant([row[:k] for row in P[:k]]) > 0 for k in range(1, len(P) + 1))


def is_positive_semidefinite(P: Sequence[Sequence[Fraction]]) -> bool:
    """Every principal minor is nonnegative."""
    n = len(P)
    return all(determinant([[P[i][j] for j in S] for i in S]) >= 0
               for k in range(1, n + 1) for S in combinations(range(n), k))


@dataclass(frozen=True)
class QP:
    """``min ½ xᵀPx + qᵀx`` subject to ``Gx <= h``, exact data."""

    P: tuple[tuple[Fraction, ...], ...]
    q: tuple[Fraction, ...]
    G: tuple[tuple[Fraction, ...], ...]
    h: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        n, m = len(self.q), len(self.h)
        if len(self.P) != n or any(len(r) != n for r in self.P):
            raise ValueError("P must be n×n with n = len(q)")
        if any(self.P[i][j] != self.P[j][i] for i in range(n) for j in range(n)):
            raise ValueError("P must be symmetric")
        if len(self.G) != m or any(len(r) != n for r in self.G):
            raise ValueError("G must be m×n with m = len(h)")

    @staticmethod
    def make(P, q, G, h) -> "QP":
        return QP(tuple(map(tuple, _frac_mat(P))), tuple(_frac_mat([q])[0]),
                  tuple(map(tuple, _frac_mat(G))) if len(G) else (), tuple(_frac_mat([h])[0]) if len(h) else ())

    @property
    def n(self) -> int:
        return len(self.q)

    @property
    def m(self) -> int:
        return len(self.h)

    def f(self, x: Sequence[Fraction]) -> Fraction:
        return dot(x, matvec(self.P, x)) / 2 + dot(self.q, x)

    def g(self, x: Sequence[Fraction]) -> Vec:
        """Constraint values ``Gx - h`` (feasible iff all ``<= 0``)."""
        return [a - b for a, b in zip(matvec(self.G, x), self.h)]

    def lagrangian(self, x: Sequence[Fraction], lam: Sequence[Fraction]) -> Fraction:
        return self.f(x) + dot(lam, self.g(x))

    def with_h(self, h: Sequence[Fraction]) -> "QP":
        return QP(self.P, self.q, self.G, tuple(Fraction(v) for v in h))


def primal(qp: QP) -> tuple[Fraction, Vec]:
    """``(p*, x*)`` by face enumeration (see the module docstring); ValueError if infeasible."""
    n, best = qp.n, None
    for k in range(min(n, qp.m) + 1):
        for A in combinations(range(qp.m), k):
            K = [list(qp.P[i]) + [qp.G[a][i] for a in A] for i in range(n)]
            K += [list(qp.G[a]) + [Fraction(0)] * k for a in A]
            sol = solve(K, [-v for v in qp.q] + [qp.h[a] for a in A])
            if sol is None:
                continue
            x = sol[:n]
            if all(v <= 0 for v in qp.g(x)):
                val = qp.f(x)
                if best is None or val < best[0]:
                    best = (val, x)
    if best is None:
        raise ValueError("no feasible stationary point: the QP is infeasible or has no attained minimum")
    return best


def dual_function(qp: QP, lam: Sequence[Fraction]) -> Fraction | None:
    """``q(λ) = inf_x L(x, λ)``: exact for ``P ≻ 0``, ``None`` (``-∞``) if ``P`` is not PSD."""
    if any(v < 0 for v in lam):
        raise ValueError("the dual function is taken at λ >= 0")
    if not is_positive_definite(qp.P):
        if not is_positive_semidefinite(qp.P):
            return None
        raise ValueError("singular PSD P is not supported")
    r = [a + b for a, b in zip(qp.q, matvec(transpose(qp.G), lam) if qp.m else [Fraction(0)] * qp.n)]
    z = solve(qp.P, r)
    assert z is not None
    return -dot(r, z) / 2 - dot(qp.h, lam)


def dual(qp: QP) -> tuple[Fraction | None, Vec]:
    """``(d*, λ*)`` maximizing ``q`` over ``λ >= 0`` by support enumeration; ``(None, [])`` if ``q ≡ -∞``."""
    if dual_function(qp, [Fraction(0)] * qp.m) is None:
        return None, []
    Pinv_GT = [solve(qp.P, list(row)) for row in qp.G]
    Pinv_q = solve(qp.P, list(qp.q))
    M = [[dot(qp.G[i], Pinv_GT[j]) for j in range(qp.m)] for i in range(qp.m)]
    c = [dot(qp.G[i], Pinv_q) + qp.h[i] for i in range(qp.m)]     # ∇q(λ) = -Mλ - c
    best: tuple[Fraction, Vec] | None = None
    for k in range(qp.m + 1):
        for S in combinations(range(qp.m), k):
            sol = solve([[M[i][j] for j in S] for i in S], [-c[i] for i in S]) if S else []
            if sol is None or any(v < 0 for v in sol):
                continue
            lam = [Fraction(0)] * qp.m
            for i, v in zip(S, sol):
                lam[i] = v
            val = dual_function(qp, lam)
            if best is None or val > best[0]:
                best = (val, lam)
    assert best is not None
    return best


def dual_hessian(qp: QP) -> Mat:
    """``M = G P⁻¹ Gᵀ``, minus the Hessian of the dual function (``P ≻ 0``)."""
    cols = [solve(qp.P, list(row)) for row in qp.G]
    return [[dot(qp.G[i], cols[j]) for j in range(qp.m)] for i in range(qp.m)]


@dataclass(frozen=True)
class PrimalDualRun:
    """Iterates ``x_1..x_T``, ``λ_1..λ_T`` of projected gradient descent–ascent and the squared norms
    of the gradients used at each step."""

    x: list[Vec]
    lam: list[Vec]
    grad_sq: list[Fraction]


def primal_dual(qp: QP, x1: Sequence[Fraction], lam1: Sequence[Fraction], eta: Fraction, T: int) -> PrimalDualRun:
    """``x_{t+1} = x_t - η ∇_x L(x_t, λ_t)``, ``λ_{t+1} = [λ_t + η (Gx_t - h)]_+`` for ``t = 1..T``."""
    eta = Fraction(eta)
    if eta <= 0 or T < 1:
        raise ValueError("needs eta > 0 and T >= 1")
    x, lam = [Fraction(v) for v in x1], [Fraction(v) for v in lam1]
    if any(v < 0 for v in lam):
        raise ValueError("λ_1 must be >= 0")
    xs, lams, gs = [], [], []
    GT = transpose(qp.G)
    for _ in range(T):
        gx = [a + b + c for a, b, c in zip(matvec(qp.P, x), qp.q, matvec(GT, lam))]
        gl = qp.g(x)
        xs.append(x)
        lams.append(lam)
        gs.append(dot(gx, gx) + dot(gl, gl))
        x = [a - eta * b for a, b in zip(x, gx)]
        lam = [max(Fraction(0), a + eta * b) for a, b in zip(lam, gl)]
    return PrimalDualRun(xs, lams, gs)


def saddle_regret_bound(qp: QP, run: PrimalDualRun, eta: Fraction, x: Sequence[Fraction],
                        lam: Sequence[Fraction]) -> Fraction:
    """``B(x, λ) = (||x_1 - x||² + ||λ_1 - λ||²)/(2ηT) + (η/(2T)) Σ_t ||(∇_x L_t, g(x_t))||²``, the
    online-gradient-descent bound on ``(1/T) Σ_t [L(x_t, λ) - L(x, λ_t)]``."""
    T = len(run.x)
    dx = [a - b for a, b in zip(run.x[0], x)]
    dl = [a - b for a, b in zip(run.lam[0], lam)]
    return (dot(dx, dx) + dot(dl, dl)) / (2 * eta * T) + eta * sum(run.grad_sq, Fraction(0)) / (2 * T)


def average(vs: Sequence[Sequence[Fraction]]) -> Vec:
    return [sum(c, Fraction(0)) / len(vs) for c in zip(*vs)]
