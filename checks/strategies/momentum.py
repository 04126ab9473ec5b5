"""Hypothesis strategies for momentum methods and Krylov lower bounds (exact rational data).

Diagonal quadratics stand for all quadratics where the method is rotation-equivariant (heavy ball,
Nesterov and GD commute with an orthogonal change of basis).  Tight families: the eigenvalue ``L`` in the
spectrum (the heavy-ball bound is attained there), the eigenvalue ``L/(2K + 1)`` (GD's slowest convex
mode), and conjugate gradient on Nesterov's chain (the optimal Krylov method).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.preconditioning import Matrix, Vector, matmul, transpose

_SMALL = st.builds(Fraction, st.integers(-9, 9), st.integers(1, 4))
_UNIT = st.builds(Fraction, st.integers(1, 19), st.just(20))      # in (0, 1)


def _vector(d: int):
    return st.lists(_SMALL, min_size=d, max_size=d).map(tuple)


@dataclass(frozen=True)
class MomentumRun:
    """``f = ½wᵀHw - bᵀw``, a start ``w0``, ``w_{-1} = w_prev``, step ``eta``, momentum ``beta``, ``steps``."""

    H: Matrix
    b: Vector
    w0: Vector
    w_prev: Vector
    eta: Fraction
    beta: Fraction
    steps: int


@st.composite
def momentum_runs(draw) -> MomentumRun:
    d = draw(st.integers(1, 3))
    B = tuple(tuple(draw(st.lists(st.integers(-2, 2), min_size=d, max_size=d))) for _ in range(d))
    BtB = matmul(transpose(B), B)
    H = tuple(tuple(BtB[i][j] + (1 if i == j else 0) for j in range(d)) for i in range(d))
    b = draw(_vector(d).filter(any))
    w0 = draw(_vector(d))
    w_prev = w0 if draw(st.booleans()) else draw(_vector(d))
    eta = Fraction(1, draw(st.integers(1, 6)) * (1 + max(sum(abs(x) for x in row) for row in H)))
    return MomentumRun(H, b, w0, w_prev, eta, draw(_UNIT), draw(st.integers(2, 10)))


@dataclass(frozen=True)
class PolyakCase:
    """A diagonal spectrum ``lam`` in ``[a², b²]``, an initial error ``e0`` (``w_{-1} = w_0``), ``steps``."""

    a: Fraction
    b: Fraction
    lam: Vector
    e0: Vector
    steps: int


@st.composite
def polyak_cases(draw) -> PolyakCase:
    a = draw(st.builds(Fraction, st.integers(1, 6), st.integers(1, 3)))
    b = a * draw(st.builds(Fraction, st.integers(4, 60), st.integers(1, 4)).filter(lambda r: r > 1))
    mu, L = a * a, b * b
    inner = st.builds(lambda u: mu + (L - mu) * u, st.builds(Fraction, st.integers(0, 20), st.just(20)))
    lam = list(draw(st.lists(inner, min_size=1, max_size=3)))
    if draw(st.booleans()):          # the endpoints: a double root of the characteristic polynomial
        lam += [L] + ([mu] if draw(st.booleans()) else [])
    e0 = draw(st.lists(_SMALL.filter(bool), min_size=len(lam), max_size=len(lam)).map(tuple))
    return PolyakCase(a, b, tuple(lam), e0, draw(st.integers(1, 40)))


@dataclass(frozen=True)
class LessardRun:
    """Heavy ball with Polyak's parameters (``μ = 1``, ``L = 25``) on the piecewise quadratic of Lessard, Recht
    and Packard (2016), started at ``x0 = x_{-1}``."""

    x0: Fraction
    steps: int


def lessard_runs():
    return st.builds(LessardRun, st.builds(Fraction, st.integers(31, 34), st.just(10)), st.integers(40, 60))


@dataclass(frozen=True)
class ConvexRun:
    """``f = ½Σ lam_i x_i²`` (``0 < lam_i <= L = max lam``), a start, a momentum ``beta`` and ``steps``."""

    lam: Vector
    x0: Vector
    beta: Fraction
    steps: int

    @property
    def L(self) -> Fraction:
        return max(self.lam)


@st.composite
def convex_runs(draw, min_steps: int = 1, slow: bool = False) -> ConvexRun:
    """``slow``: only GD's slowest mode ``L/(2K + 1)`` is excited (``x0 = (0, c)`` on ``lam = (L, L/(2K+1))``)."""
    steps = draw(st.integers(min_steps, 30))
    L = draw(st.builds(Fraction, st.integers(1, 20), st.integers(1, 4)))
    if slow:
        return ConvexRun((L, L / (2 * steps + 1)), (Fraction(0), draw(_SMALL.filter(bool))), draw(_UNIT), steps)
    lam = [L] + draw(st.lists(st.builds(lambda u: L * u, _UNIT), min_size=0, max_size=3))
    if draw(st.booleans()):           # GD's slowest mode at t = steps
        lam.append(L / (2 * steps + 1))
    x0 = draw(st.lists(_SMALL.filter(bool), min_size=len(lam), max_size=len(lam)).map(tuple))
    return ConvexRun(tuple(lam), x0, draw(_UNIT), steps)


@dataclass(frozen=True)
class ChainRun:
    """A first-order method ``method`` run from 0 for ``k`` steps on Nesterov's chain in dimension ``d``."""

    L: Fraction
    k: int
    d: int
    method: str
    eta: Fraction
    beta: Fraction
    seed: int


METHODS = ("cg", "gd", "heavy-ball", "nesterov", "random-krylov")


@st.composite
def chain_runs(draw, methods: tuple[str, ...] = METHODS, min_k: int = 1, dimension: str = "2k+1") -> ChainRun:
    """``dimension``: ``"2k+1"`` (Nesterov's lower-bound construction) or ``"k"`` (too small: CG is exact)."""
    k = draw(st.integers(min_k, 8))
    d = 2 * k + 1 if dimension == "2k+1" else k
    return ChainRun(draw(st.builds(Fraction, st.integers(1, 12), st.integers(1, 3))), k, d,
                    draw(st.sampled_from(methods)), draw(st.builds(Fraction, st.integers(1, 20), st.just(10))),
                    draw(_UNIT), draw(st.integers(0, 2**32 - 1)))


@dataclass(frozen=True)
class OdeCase:
    """``ẅ + aẇ + b∇f(w) = 0`` for ``f = ½wᵀHw - cᵀw``, discretized with step ``h`` from ``w_0`` and
    velocity ``v0`` (``w_{-1} = w_0 - h v0``)."""

    H: Matrix
    c: Vector
    w0: Vector
    v0: Vector
    h: Fraction
    a: Fraction
    b: Fraction
    steps: int


@st.composite
def ode_cases(draw) -> OdeCase:
    run = draw(momentum_runs())
    d = len(run.w0)
    return OdeCase(run.H, run.b, run.w0, draw(_vector(d)), Fraction(1, draw(st.integers(2, 20))),
                   draw(st.builds(Fraction, st.integers(1, 10), st.integers(1, 3))),
                   draw(st.builds(Fraction, st.integers(1, 10), st.integers(1, 3))), draw(st.integers(1, 8)))
