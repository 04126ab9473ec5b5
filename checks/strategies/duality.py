"""Strategies for small exact quadratic programs.

- :func:`convex_qps`: ``P = BᵀB + cI`` (integer), ``G`` of full row rank with ``m <= n`` rows, and a
  planted KKT point: ``x*``, a nonempty active set with multipliers ``λ*_i >= 0`` (zero multipliers on
  active constraints give the degenerate, weakly active family), slack on the other rows,
  ``h = Gx* + s`` and ``q = -Px* - Gᵀλ*``.  Full row rank gives a Slater point.  Each instance also
  carries dual points ``λ >= 0`` (including ``λ*``, where weak duality is tight) and perturbations ``u``
  of the right-hand side.
- :func:`nonconvex_box_qps`: an indefinite ``P`` on the box ``[-1, 1]^n`` (not convex, still bounded).
- :func:`primal_dual_runs`: a convex QP, a dyadic step and a horizon, started at the unconstrained
  minimizer with ``λ_1 = 0``.
- :func:`infeasible_systems`: ``Gx <= h`` with a planted Farkas certificate ``y >= 0``, ``yᵀG = 0``,
  ``yᵀh = -δ < 0``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.duality import QP, determinant, matvec, solve, transpose

F = Fraction


def _fmt(v) -> str:
    return "[" + ", ".join(str(a) for a in v) + "]"


def _qp_repr(qp: QP) -> str:
    return (f"P={[_fmt(r) for r in qp.P]}, q={_fmt(qp.q)}, G={[_fmt(r) for r in qp.G]}, h={_fmt(qp.h)}"
            .replace("'", ""))


@dataclass(frozen=True)
class QPInstance:
    qp: QP
    family: str
    lams: tuple[tuple[Fraction, ...], ...] = ()
    us: tuple[tuple[Fraction, ...], ...] = ()

    def __repr__(self) -> str:
        return f"QPInstance({self.family}: {_qp_repr(self.qp)}, lams={[_fmt(l) for l in self.lams]}, " \
               f"us={[_fmt(u) for u in self.us]})".replace("'", "")


def _matrix(rows: int, cols: int, lo: int, hi: int):
    return st.lists(st.lists(st.integers(lo, hi), min_size=cols, max_size=cols), min_size=rows, max_size=rows)


@st.composite
def _convex_qp(draw, max_n: int = 3) -> tuple[QP, list[Fraction], list[Fraction]]:
    n = draw(st.integers(1, max_n))
    m = draw(st.integers(1, n))
    B = draw(_matrix(n, n, -2, 2))
    c = draw(st.integers(1, 3))
    P = [[sum(B[k][i] * B[k][j] for k in range(n)) + (c if i == j else 0) for j in range(n)] for i in range(n)]
    G = draw(_matrix(m, n, -3, 3).filter(
        lambda G: determinant([[sum(a * b for a, b in zip(r, s)) for s in G] for r in G]) != 0))
    x = draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n))
    active = draw(st.lists(st.booleans(), min_size=m, max_size=m).filter(any))
    lam = [draw(st.integers(0, 5)) if a else 0 for a in active]
    s = [0 if a else draw(st.integers(1, 4)) for a in active]
    Gx = matvec(G, x)
    h = [gx + si for gx, si in zip(Gx, s)]
    q = [-a - b for a, b in zip(matvec(P, x), matvec(transpose(G), lam))]
    return QP.make(P, q, G, h), [F(v) for v in lam], [F(v) for v in x]


@st.composite
def convex_qps(draw, max_n: int = 3, extras: bool = True) -> QPInstance:
    """A planted convex QP with ``n <= max_n`` variables (see the module docstring); ``extras`` adds
    the dual points and perturbations."""
    qp, lam_star, x_star = draw(_convex_qp(max_n))
    fam = "degenerate" if any(l == 0 and g == 0 for l, g in zip(lam_star, qp.g(x_star))) else "planted"
    if not extras:
        return QPInstance(qp, fam)
    m = qp.m
    rand = draw(st.lists(st.lists(st.integers(0, 24).map(lambda k: F(k, 4)), min_size=m, max_size=m),
                         min_size=1, max_size=3))
    lams = (tuple(lam_star),) + tuple(tuple(F(v) for v in l) for l in rand)
    big = draw(st.lists(st.lists(st.integers(-3, 3), min_size=m, max_size=m), min_size=1, max_size=2))
    k = draw(st.integers(0, m - 1))
    t = F(draw(st.sampled_from([-1, 1])), 2 ** draw(st.integers(0, 10)))
    small = tuple(t if i == k else F(0) for i in range(m))
    us = tuple(tuple(F(v) for v in u) for u in big) + (small,)
    return QPInstance(qp, fam, lams, us)


@st.composite
def nonconvex_box_qps(draw) -> QPInstance:
    n = draw(st.integers(1, 3))
    B = draw(_matrix(n, n, -2, 2))
    neg = draw(st.integers(1, 4))
    P = [[sum(B[k][i] * B[k][j] for k in range(n)) - (neg * (n + 4) if i == j == 0 else 0) for j in range(n)]
         for i in range(n)]
    q = draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n))
    G = [[1 if j == i else 0 for j in range(n)] for i in range(n)] + [[-1 if j == i else 0 for j in range(n)]
                                                                   for i in range(n)]
    return QPInstance(QP.make(P, q, G, [1] * (2 * n)), "nonconvex-box", ((F(0),) * (2 * n),), ())


@dataclass(frozen=True)
class PrimalDualCase:
    qp: QP
    eta: Fraction
    T: int
    x1: tuple[Fraction, ...]

    def __repr__(self) -> str:
        return f"PrimalDualCase({_qp_repr(self.qp)}, eta={self.eta}, T={self.T}, x1={_fmt(self.x1)})"


@st.composite
def primal_dual_runs(draw) -> PrimalDualCase:
    qp, _, _ = draw(_convex_qp())
    eta = F(1, 2 ** draw(st.integers(2, 5)))
    T = draw(st.one_of(st.just(1), st.integers(1, 12)))
    x1 = solve(qp.P, [-v for v in qp.q])
    return PrimalDualCase(qp, eta, T, tuple(x1))


@dataclass(frozen=True)
class InfeasibleCase:
    qp: QP
    y: tuple[Fraction, ...]
    eta: Fraction
    T: int
    x1: tuple[Fraction, ...]
    lam1: tuple[Fraction, ...]

    def __repr__(self) -> str:
        return (f"InfeasibleCase({_qp_repr(self.qp)}, certificate y={_fmt(self.y)}, eta={self.eta}, T={self.T}, "
                f"x1={_fmt(self.x1)}, lam1={_fmt(self.lam1)})")


@st.composite
def infeasible_systems(draw) -> InfeasibleCase:
    qp, _, _ = draw(_convex_qp())
    n = qp.n
    k = draw(st.integers(1, 2))
    rows = draw(_matrix(k, n, -3, 3))
    y = draw(st.lists(st.integers(1, 3), min_size=k, max_size=k))
    h = draw(st.lists(st.integers(-3, 3), min_size=k, max_size=k))
    delta = draw(st.integers(1, 3))
    last = [-sum(yi * r[j] for yi, r in zip(y, rows)) for j in range(n)]
    G = rows + [last]
    hh = h + [-sum(a * b for a, b in zip(y, h)) - delta]
    eta = F(1, 2 ** draw(st.integers(2, 5)))
    T = draw(st.integers(3, 15))
    x1 = draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n))
    lam1 = draw(st.lists(st.integers(0, 2), min_size=k + 1, max_size=k + 1))
    return InfeasibleCase(QP.make(qp.P, qp.q, G, hh), tuple(F(v) for v in y + [1]), eta, T,
                          tuple(F(v) for v in x1), tuple(F(v) for v in lam1))
