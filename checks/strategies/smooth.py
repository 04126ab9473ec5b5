"""Hypothesis strategies for smooth test functions and gradient-descent runs.

Every random object is generated from a drawn seed.  Quadratics have planted spectra whose extreme
eigenvalues are exact (``L`` and, for strongly convex ones, ``mu``); the tight families (a start along
the extreme eigenvector, the worst-case Huber function for the convex rate) are drawn beside random ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

from checks.smooth import (CosineSum, Logistic, NegQuartic, Quadratic, ScaledAbs, random_orthogonal,
                           worst_case_huber)

SEEDS = st.integers(0, 2**32 - 1)


@dataclass(frozen=True)
class Point:
    """An objective, a point ``w`` and a step ``eta`` (one GD step is taken from ``w``)."""

    obj: Any
    w: np.ndarray
    eta: float


@dataclass(frozen=True)
class Run:
    """An objective, a start ``w0``, a step ``eta`` and a number of steps."""

    obj: Any
    w0: np.ndarray
    eta: float
    steps: int


def _spectrum(rng: np.random.Generator, d: int, lo: float, L: float, spread: str) -> np.ndarray:
    """``d`` eigenvalues in ``[lo, L]`` with ``L`` planted (and ``lo`` planted when d >= 2)."""
    if spread == "log" and lo > 0:
        inner = np.exp(rng.uniform(np.log(lo), np.log(L), d))
    else:
        inner = rng.uniform(lo, L, d)
    inner[0] = L
    if d >= 2:
        inner[1] = lo
    return inner


@st.composite
def quadratics(draw, kind: str = "convex") -> Quadratic:
    """A quadratic with planted spectrum: ``kind`` is ``indefinite`` (eigenvalues in [-L, L]: ±L and
    ∓rL planted, r in {0, 1/2, 1}), ``convex`` (in [0, L], 0 planted when d >= 2) or ``strong`` (in [mu, L])."""
    seed, d = draw(SEEDS), draw(st.integers(1, 4))
    L = draw(st.floats(0.25, 4.0))
    rng = np.random.default_rng(seed)
    if kind == "indefinite":
        r = draw(st.sampled_from([1.0, 0.5, 0.0]))
        lam = _spectrum(rng, d, -r * L, L, "uniform") * draw(st.sampled_from([1.0, -1.0]))
    elif kind == "convex":
        lam = _spectrum(rng, d, 0.0, L, draw(st.sampled_from(["uniform", "log"])))
    elif kind == "strong":
        kappa = draw(st.floats(1.0, 200.0))
        lam = _spectrum(rng, d, L / kappa, L, "log")
    else:
        raise ValueError(f"unknown kind {kind!r}")
    center = rng.standard_normal(d) * draw(st.sampled_from([0.0, 1.0]))
    return Quadratic(lam, random_orthogonal(d, rng), center, f_min=float(draw(st.sampled_from([0.0, -1.5]))))


@st.composite
def logistics(draw, reg_min: float = 0.0) -> Logistic:
    """Logistic regression on Gaussian data (n in 2..8, d in 1..3) with regularization >= reg_min."""
    seed, n, d = draw(SEEDS), draw(st.integers(2, 8)), draw(st.integers(1, 3))
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) * draw(st.floats(0.5, 3.0))
    y = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    reg = draw(st.floats(reg_min, 1.0)) if reg_min > 0 else draw(st.sampled_from([0.0, 0.01, 0.3]))
    return Logistic(X, y, reg)


def _start(draw, obj, rng: np.random.Generator, tight_index: int) -> np.ndarray:
    """A random start, or (tight case) the minimizer/center plus a multiple of eigenvector ``tight_index``."""
    scale = draw(st.floats(0.1, 5.0))
    if isinstance(obj, Quadratic) and draw(st.booleans()):
        return obj.center + scale * obj.Q[:, tight_index]
    return rng.standard_normal(obj.dim) * scale


@st.composite
def descent_points(draw, eta_max: float = 2.0, closed: bool = False) -> Point:
    """A smooth f (indefinite quadratic or logistic), a point and a step ``eta`` in ``(0, eta_max/L)``
    (``]`` when ``closed``); the tight case is the top eigenvector (equality in the descent lemma)."""
    obj = draw(st.one_of(quadratics("indefinite"), logistics()))
    rng = np.random.default_rng(draw(SEEDS))
    w = _start(draw, obj, rng, 0)
    c = draw(st.one_of(st.just(eta_max), st.just(1.0), st.floats(1e-3, eta_max)))
    if c >= eta_max and not closed:
        c = eta_max * (1 - 1e-9)
    return Point(obj, w, c / obj.L)


@st.composite
def convex_runs(draw, eta_factor: float = 1.0, max_steps: int = 60) -> Run:
    """GD with step ``eta_factor/L`` on a convex L-smooth f with a minimizer: a PSD quadratic (tight
    start along a small eigenvector), regularized logistic regression, or the worst-case Huber
    function for the drawn number of steps."""
    steps = draw(st.integers(1, max_steps))
    which = draw(st.sampled_from(["quadratic", "logistic", "huber"]))
    if which == "huber":
        L, R = draw(st.floats(0.25, 4.0)), draw(st.floats(0.1, 5.0))
        obj = worst_case_huber(L, R, steps)
        return Run(obj, np.array([R]), eta_factor / L, steps)
    obj = draw(quadratics("convex") if which == "quadratic" else logistics(reg_min=1e-3))
    rng = np.random.default_rng(draw(SEEDS))
    w0 = _start(draw, obj, rng, min(1, obj.dim - 1))
    return Run(obj, w0, eta_factor / obj.L, steps)


@st.composite
def strongly_convex_runs(draw, eta_factor: float = 1.0, max_steps: int = 80) -> Run:
    """GD with step ``eta_factor/L`` on a mu-strongly convex L-smooth f: a quadratic with planted
    ``mu`` and ``L`` (tight start along the mu-eigenvector) or regularized logistic regression."""
    steps = draw(st.integers(1, max_steps))
    obj = draw(st.one_of(quadratics("strong"), logistics(reg_min=0.05)))
    rng = np.random.default_rng(draw(SEEDS))
    w0 = _start(draw, obj, rng, min(1, obj.dim - 1))
    return Run(obj, w0, eta_factor / obj.L, steps)


@st.composite
def abs_runs(draw, max_steps: int = 60) -> Run:
    """GD with a constant step on convex one-variable functions with a minimizer at 0, smooth or not:
    ``a x^2`` and ``a |x|``; the step is at most ``1/(2a)``."""
    a = draw(st.floats(0.25, 4.0))
    obj = draw(st.sampled_from(["quadratic", "abs"]))
    steps = draw(st.integers(1, max_steps))
    eta = draw(st.floats(1e-3, 1.0)) / (2 * a)
    x0 = draw(st.floats(0.5, 3.0))
    if obj == "quadratic":
        o = Quadratic(np.array([2 * a]), np.eye(1), np.zeros(1))
    else:
        o = ScaledAbs(a)
    return Run(o, np.array([x0]), eta, steps)


@st.composite
def cosine_sums(draw) -> CosineSum:
    """``sum_k a_k cos(u_kᵀw + c_k)`` with K in 1..4 terms in d in 1..3 variables."""
    seed, K, d = draw(SEEDS), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    rng = np.random.default_rng(seed)
    return CosineSum(rng.uniform(-2, 2, K), rng.standard_normal((K, d)) * draw(st.floats(0.2, 2.0)),
                     rng.uniform(0, 2 * np.pi, K))


@dataclass(frozen=True)
class Pair:
    """An objective and two points ``v``, ``w``; ``upper`` is the one-sided constant used (``∇²f ⪯ upper I``)."""

    obj: Any
    v: np.ndarray
    w: np.ndarray
    upper: float


def _one_sided(obj) -> float:
    """A valid one-sided constant ``sup λ_max(∇²f)``: exact for quadratics, 0 for ``-c x^4``, else ``L``."""
    if isinstance(obj, Quadratic):
        return float(np.max(obj.lam))
    if isinstance(obj, NegQuartic):
        return 0.0
    return obj.L


@st.composite
def pairs(draw, one_sided: bool = False) -> Pair:
    """Two points for an objective with a certified Hessian bound: an indefinite quadratic (tight
    case: ``w - v`` along an extreme eigenvector), a cosine sum or logistic regression; with
    ``one_sided`` also ``-c x^4``, which has only the one-sided bound ``f'' <= 0``."""
    options = [quadratics("indefinite"), cosine_sums(), logistics()]
    if one_sided:
        options.append(st.floats(0.1, 3.0).map(NegQuartic))
    obj = draw(st.one_of(*options))
    rng = np.random.default_rng(draw(SEEDS))
    v = rng.standard_normal(obj.dim) * draw(st.floats(0.1, 3.0))
    s = draw(st.floats(1e-2, 3.0))
    if isinstance(obj, Quadratic) and draw(st.booleans()):
        direction = obj.Q[:, draw(st.sampled_from([0, obj.dim - 1]))]
    else:
        direction = rng.standard_normal(obj.dim)
        direction /= np.linalg.norm(direction)
    return Pair(obj, v, v + s * direction, _one_sided(obj))


@dataclass(frozen=True)
class Expansion:
    """A C³ objective, a point ``theta``, a unit direction ``delta`` and a step length ``s``."""

    obj: Any
    theta: np.ndarray
    delta: np.ndarray
    s: float


@st.composite
def expansions(draw) -> Expansion:
    """Taylor expansions of cosine sums; the tight case is one term at a phase where ``sin = ±1`` with
    ``delta`` along ``u`` (the third derivative is then ``±|a| ||u||^3``)."""
    obj = draw(cosine_sums())
    rng = np.random.default_rng(draw(SEEDS))
    s = draw(st.floats(1e-2, 1.0))
    if draw(st.booleans()):
        u = obj.U[0]
        obj = CosineSum(obj.a[:1], obj.U[:1], obj.c[:1])
        delta = u / np.linalg.norm(u)
        theta = (np.pi / 2 - obj.c[0]) * u / float(u @ u)
        return Expansion(obj, theta, delta, s)
    delta = rng.standard_normal(obj.dim)
    return Expansion(obj, rng.standard_normal(obj.dim) * 2, delta / np.linalg.norm(delta), s)


@dataclass(frozen=True)
class BoundedRun:
    """GD with step ``eta_factor/L`` on an L-smooth f bounded below by ``f_low``."""

    obj: Any
    w0: np.ndarray
    eta: float
    steps: int
    f_low: float


@st.composite
def nonconvex_runs(draw, eta_factor: float = 1.0, max_steps: int = 80) -> BoundedRun:
    """A cosine sum (``f_low = -sum|a_k|``), a shifted PSD quadratic (``f_low = f_min``, exact; tight case:
    start along the top eigenvector, where one step of size 1/L lands on the minimizer) or logistic
    regression (``f_low = 0``).  One step (T = 1) is drawn often: it is the tight case."""
    steps = draw(st.one_of(st.just(1), st.integers(1, max_steps)))
    which = draw(st.sampled_from(["cosine", "quadratic", "logistic"]))
    rng = np.random.default_rng(draw(SEEDS))
    if which == "cosine":
        obj = draw(cosine_sums())
        w0, f_low = rng.standard_normal(obj.dim) * draw(st.floats(0.1, 3.0)), -obj.bound
    elif which == "quadratic":
        q = draw(quadratics("convex"))
        w0 = _start(draw, q, rng, 0)
        # the minimum value is a drawn multiple of the start's excess: f(w_0) = (1 - theta) (f(w_0) - f_min)
        excess = q.value(w0) - q.f_min
        obj = Quadratic(q.lam, q.Q, q.center, f_min=-draw(st.floats(0.0, 1.5)) * excess)
        f_low = obj.f_min
    else:
        obj = draw(logistics())
        w0, f_low = rng.standard_normal(obj.dim) * draw(st.floats(0.1, 3.0)), 0.0
    return BoundedRun(obj, w0, eta_factor / obj.L, steps, f_low)


@dataclass(frozen=True)
class DiagonalCase:
    """A rational positive spectrum, a rational start, a rational step and a number of steps."""

    lam: tuple[Fraction, ...]
    w0: tuple[Fraction, ...]
    eta: Fraction
    steps: int


_RATIONAL = st.builds(Fraction, st.integers(1, 400), st.integers(1, 40))


@st.composite
def diagonal_cases(draw, eta_max: Fraction = Fraction(3)) -> DiagonalCase:
    """Rational spectra (d in 1..4); the step is ``c/lam_max`` with rational ``c`` in (0, eta_max], drawn
    near the threshold 2 too (``c = 2``, ``2 ± 1/k``), or the optimal step ``2/(lam_max + lam_min)``."""
    lam = tuple(draw(st.lists(_RATIONAL, min_size=1, max_size=4)))
    w0 = tuple(draw(st.lists(st.builds(Fraction, st.integers(-20, 20), st.integers(1, 5)),
                             min_size=len(lam), max_size=len(lam))))
    k = draw(st.integers(2, 50))
    c = draw(st.one_of(st.just(Fraction(2)), st.sampled_from([2 - Fraction(1, k), 2 + Fraction(1, k)]),
                       st.builds(Fraction, st.integers(1, 100), st.integers(1, 100)), st.just(None)))
    lmax = max(lam)
    eta = Fraction(2) / (lmax + min(lam)) if c is None else min(c, eta_max) / lmax
    return DiagonalCase(lam, w0, eta, draw(st.integers(1, 12)))


@st.composite
def block_spectra(draw) -> tuple[tuple[Fraction, ...], ...]:
    """Two to three blocks of rational positive eigenvalues (the spectra of the blocks of a
    block-diagonal SPD Hessian)."""
    return tuple(tuple(b) for b in draw(st.lists(st.lists(_RATIONAL, min_size=1, max_size=3), min_size=2, max_size=3)))


@st.composite
def spectrum_pairs(draw) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """Two rational positive spectra."""
    one = st.lists(_RATIONAL, min_size=1, max_size=4).map(tuple)
    return draw(one), draw(one)


@dataclass(frozen=True)
class LeastSquaresCase:
    """GD from 0 on ``½||X w - y||^2`` with step ``eta`` for ``steps`` steps; ``X`` has planted singular
    values (some zero when rank-deficient)."""

    X: np.ndarray
    y: np.ndarray
    eta: float
    steps: int


@st.composite
def least_squares_cases(draw) -> LeastSquaresCase:
    """``X = U diag(s) Vᵀ`` (n, d in 1..5) with singular values in [0.5, 2] and rank r <= min(n, d); ``y`` random
    or (tight case) a left singular vector of the smallest nonzero singular value plus a component in
    null(Xᵀ).  The step is ``c/λ_max(XXᵀ)`` with c in (0, 1]."""
    rng = np.random.default_rng(draw(SEEDS))
    n, d = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    r = draw(st.integers(1, min(n, d)))
    s = np.sort(rng.uniform(0.5, 2.0, r))[::-1]
    U, V = random_orthogonal(n, rng), random_orthogonal(d, rng)
    X = (U[:, :r] * s) @ V[:, :r].T
    if draw(st.booleans()):
        y = U[:, r - 1] * draw(st.floats(0.5, 3.0))
        if r < n:
            y = y + U[:, r] * draw(st.floats(0.0, 2.0))
    else:
        y = rng.standard_normal(n) * draw(st.floats(0.5, 3.0))
    c = draw(st.one_of(st.just(1.0), st.floats(0.05, 1.0)))
    return LeastSquaresCase(X, y, c / float(s[0] ** 2), draw(st.integers(1, 40)))
