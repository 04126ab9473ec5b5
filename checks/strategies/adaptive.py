"""Instances for the adaptive-method claims: gradient streams, nonnegative sequences, online linear
problems on a box, and smooth functions with a start point for deterministic AdaGrad runs.

All randomness comes from a generator seeded by Hypothesis; scales are drawn log-uniformly so the
scale-covariance of a bound (or its failure) is exercised.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.linalg import EPS
from checks.smooth import CosineSum, Quadratic, random_orthogonal


# ---------------------------------------------------------------------------------------------- streams
@dataclass(frozen=True, eq=False)
class Stream:
    """A gradient stream ``G`` (``T x d``) with a step ``eta`` and AdaGrad offset ``eps``; ``family`` is
    ``random``, ``sparse`` (most entries zero) or ``burst`` (large gradients, then small or zero ones)."""

    G: np.ndarray
    eta: float
    eps: float
    family: str


@st.composite
def streams(draw: st.DrawFn) -> Stream:
    family = draw(st.sampled_from(("random", "sparse", "burst")))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    T, d = draw(st.integers(2, 30)), draw(st.integers(1, 4))
    G = rng.standard_normal((T, d)) * 10.0 ** rng.uniform(-3, 3, d)
    if family == "sparse":
        G[rng.uniform(size=(T, d)) < 0.7] = 0.0
    elif family == "burst":
        k = draw(st.integers(1, T - 1))
        G[k:] *= draw(st.sampled_from((0.0, 1e-3, 1e-1)))
    eps = draw(st.sampled_from((0.0, 1e-8, 1e-3)))
    return Stream(G, 10.0 ** draw(st.floats(-3, 1)), eps, family)


# ---------------------------------------------------------------------------------------------- sequences
@dataclass(frozen=True)
class Terms:
    """Nonnegative terms ``a_1..a_T`` (exact rationals, ``a_1 > 0``) and an offset ``sigma2 = c max a_t``,
    ``c`` drawn in ``offset_factor`` (``c >= 1`` unless a mutant widens the range)."""

    a: tuple[Fraction, ...]
    sigma2: Fraction
    family: str


@st.composite
def sequences(draw: st.DrawFn, offset_factor: tuple[Fraction, Fraction] = (Fraction(1), Fraction(4)),
              max_T: int = 40) -> Terms:
    """Families: ``constant`` (``a_t = c``: sum a_t/A_t = H_T), ``tiny-increments`` (``a_1`` then many small
    terms, where ``1 + ln(A_T/a_1)`` is nearly attained), ``geometric`` growth or decay, ``sparse`` (zeros),
    ``random`` integers; an overall scale ``10^k``, ``k`` in ``[-3, 3]``."""
    family = draw(st.sampled_from(("constant", "tiny-increments", "geometric", "sparse", "random")))
    T = draw(st.integers(1, max_T))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    if family == "constant":
        a = [Fraction(1)] * T
    elif family == "tiny-increments":
        a = [Fraction(1)] + [Fraction(1, draw(st.integers(2, 50)))] * (T - 1)
    elif family == "geometric":
        r = Fraction(draw(st.integers(1, 8)), draw(st.integers(1, 8)))
        a = [r ** t for t in range(T)]
    elif family == "sparse":
        a = [Fraction(1)] + [Fraction(int(rng.integers(1, 10))) if rng.uniform() < 0.3 else Fraction(0)
                             for _ in range(T - 1)]
    else:
        a = [Fraction(int(rng.integers(1, 100)))] + [Fraction(int(rng.integers(0, 100))) for _ in range(T - 1)]
    k = draw(st.integers(-3, 3))
    scale = Fraction(10) ** k
    a = tuple(x * scale for x in a)
    lo, hi = offset_factor
    factor = lo + (hi - lo) * Fraction(draw(st.integers(0, 8)), 8)
    return Terms(a, max(a) * factor, family)


# ---------------------------------------------------------------------------------------------- online
@dataclass(frozen=True, eq=False)
class OnlineLinear:
    """Linear losses ``<g_t, x>`` on the box ``[-D/2, D/2]^d`` with comparator ``u``: the gradients are the
    fixed rows of ``G`` unless ``adversary`` (then ``g_{t,j} = Gmax sign(x_{t,j} - u_j)``, a loss that grows
    the regret as fast as it can)."""

    G: np.ndarray
    D: float
    eta: float
    u: np.ndarray
    x0: np.ndarray
    adversary: bool
    family: str

    @property
    def T(self) -> int:
        return self.G.shape[0]

    def grad(self, x: np.ndarray, t: int) -> np.ndarray:
        if self.adversary:
            s = np.sign(x - self.u)
            return np.max(np.abs(self.G)) * np.where(s == 0, 1.0, s)
        return self.G[t]


@st.composite
def online_linear(draw: st.DrawFn, min_d: int = 1) -> OnlineLinear:
    family = draw(st.sampled_from(("random-signs", "sparse", "adversary", "corner-adversary")))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    T, d = draw(st.integers(1, 60)), draw(st.integers(min_d, 6))
    D = 10.0 ** draw(st.floats(-1, 1))
    Gmax = 10.0 ** draw(st.floats(-2, 2))
    G = Gmax * rng.choice([-1.0, 1.0], (T, d)) * (rng.uniform(0.2, 1.0, (T, d)) if family == "sparse" else 1.0)
    if family == "sparse":
        G[rng.uniform(size=(T, d)) < 0.6] = 0.0
    if family == "corner-adversary":
        x0 = np.full(d, D / 2)
        u = -x0
    else:
        x0 = rng.uniform(-D / 2, D / 2, d)
        u = rng.choice([-D / 2, D / 2], d) if draw(st.booleans()) else rng.uniform(-D / 2, D / 2, d)
    eta = D * 10.0 ** draw(st.floats(-1.5, 1.5)) if draw(st.booleans()) else D / math.sqrt(2)
    return OnlineLinear(G, D, eta, u, x0, family in ("adversary", "corner-adversary"), family)


# ---------------------------------------------------------------------------------------------- smooth runs
@dataclass(frozen=True, eq=False)
class SmoothRun:
    """A smooth objective ``obj`` scaled by ``scale`` (``f = scale * obj``), a start ``w0``, ``T`` steps,
    a step ``eta`` (AdaGrad-norm) and an offset ``sigma2`` (offset AdaGrad; ``>=`` every squared gradient
    coordinate along the run unless a mutant shrinks it)."""

    obj: Quadratic | CosineSum
    scale: float
    w0: np.ndarray
    T: int
    eta: float
    sigma2: float
    family: str

    @property
    def beta(self) -> float:
        return self.scale * self.obj.L

    def value(self, w: np.ndarray) -> float:
        return self.scale * self.obj.value(w)

    def grad(self, w: np.ndarray, t: int = 0) -> np.ndarray:
        return self.scale * self.obj.grad(w)

    def value_error(self, w: np.ndarray) -> float:
        return self.scale * self.obj.value_error(w) + 2 * EPS * abs(self.value(w))

    def grad_error(self, w: np.ndarray) -> float:
        return self.scale * self.obj.grad_error(w) + 2 * EPS * float(np.linalg.norm(self.grad(w)))



@st.composite
def smooth_runs(draw: st.DrawFn, offset_factor: float = 1.0, max_T: int = 40,
                families: tuple[str, ...] = ("isotropic", "quadratic", "cosine", "identical-coordinates")) -> SmoothRun:
    """``isotropic``: ``(b/2)||w - c||^2`` (the descent lemma is an equality); ``quadratic``: planted spectrum,
    possibly indefinite; ``cosine``: a sum of cosines; ``identical-coordinates``: ``(b/2)||w - c||^2`` started
    with every coordinate equal (d copies of one problem).  ``sigma2 = offset_factor * (max |∂_j f(w0)| +
    T beta sqrt(d))^2`` bounds every squared coordinate along an offset-AdaGrad run (each step moves w by at
    most sqrt(d) and the gradient by at most beta sqrt(d)) when ``offset_factor >= 1``."""
    family = draw(st.sampled_from(families))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    d, T = draw(st.integers(1, 4)), draw(st.integers(1, max_T))
    b = 10.0 ** draw(st.floats(-1, 1))
    if family in ("isotropic", "identical-coordinates"):
        obj = Quadratic(np.full(d, b), np.eye(d), np.zeros(d))
    elif family == "quadratic":
        lam = b * rng.uniform(-1, 1, d)
        lam[0] = b
        obj = Quadratic(lam, random_orthogonal(d, rng), rng.standard_normal(d))
    else:
        K = draw(st.integers(1, 3))
        U = rng.standard_normal((K, d)) * 10.0 ** draw(st.floats(-1, 0.5))
        obj = CosineSum(rng.uniform(0.3, 1.0, K) * rng.choice([-1.0, 1.0], K), U, rng.uniform(0, 2 * np.pi, K))
    w0 = rng.standard_normal(d) * 10.0 ** draw(st.floats(-1.5, 1))
    if family == "identical-coordinates":
        w0 = np.full(d, w0[0])
    scale = 10.0 ** draw(st.floats(-3, 1))
    g0 = scale * float(np.max(np.abs(obj.grad(w0))))
    beta = scale * obj.L
    sigma2 = offset_factor * (g0 + T * beta * math.sqrt(d)) ** 2
    eta = 10.0 ** draw(st.floats(-1, 1))
    return SmoothRun(obj, scale, w0, T, eta, sigma2, family)


# ---------------------------------------------------------------------------------------------- Adam
@dataclass(frozen=True)
class RationalStream:
    """Rational gradients ``G`` (``T`` rows), moments ``beta1, beta2`` and a positive diagonal rescaling
    ``D`` per step (constant in t unless ``varying``); ``theta``, ``eta``, ``lam`` for weight decay."""

    G: tuple[tuple[Fraction, ...], ...]
    beta1: Fraction
    beta2: Fraction
    D: tuple[tuple[Fraction, ...], ...]
    theta: tuple[Fraction, ...]
    eta: Fraction
    lam: Fraction


@st.composite
def rational_streams(draw: st.DrawFn, varying: bool = False) -> RationalStream:
    T, d = draw(st.integers(1, 6)), draw(st.integers(1, 3))
    q = st.fractions(min_value=-8, max_value=8, max_denominator=4)
    G = tuple(tuple(draw(q) for _ in range(d)) for _ in range(T))
    beta = st.fractions(min_value=Fraction(1, 100), max_value=Fraction(99, 100), max_denominator=100)
    pos = st.fractions(min_value=Fraction(1, 8), max_value=8, max_denominator=8)
    D0 = tuple(draw(pos) for _ in range(d))
    D = tuple(tuple(draw(pos) for _ in range(d)) if varying and t else D0 for t in range(T))
    theta = tuple(draw(q) for _ in range(d))
    eta = draw(st.fractions(min_value=Fraction(1, 100), max_value=1, max_denominator=100))
    lam = draw(st.fractions(min_value=Fraction(1, 100), max_value=2, max_denominator=100))
    return RationalStream(G, draw(beta), draw(beta), D, theta, eta, lam)


@dataclass(frozen=True, eq=False)
class Online1D:
    """Linear losses ``g_t x`` on ``[-1, 1]`` for the Adam/AMSGrad claims, with step ``alpha/sqrt(t)``,
    ``beta1 = 0`` and ``beta2``.  ``reddi``: ``g_t = C`` for ``t = 1 mod 3`` and ``-1`` otherwise (C > 2, the
    optimum is -1), ``beta2 = 1/(1 + C^2)``; ``random``: a fixed stream of gradients in ``[-C, C]``."""

    C: float
    alpha: float
    beta2: float
    T: int
    x1: float
    stream: np.ndarray | None
    family: str

    def grad(self, x: np.ndarray, t: int) -> np.ndarray:
        if self.stream is not None:
            return self.stream[t:t + 1]
        return np.array([self.C if t % 3 == 0 else -1.0])

    @property
    def gmax(self) -> float:
        return self.C


@st.composite
def online_1d(draw: st.DrawFn, families: tuple[str, ...] = ("reddi", "random"), min_T: int = 30,
              max_T: int = 3000, alpha: tuple[float, float] = (0.05, 3.0), x1: float | None = None) -> Online1D:
    family = draw(st.sampled_from(families))
    C = draw(st.floats(2.2, 10.0))
    T = draw(st.integers(min_T, max_T))
    a = draw(st.floats(*alpha))
    start = draw(st.floats(-1.0, 1.0)) if x1 is None else x1
    if family == "reddi":
        return Online1D(C, a, 1 / (1 + C * C), T, start, None, family)
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    stream = C * rng.uniform(-1, 1, T) + draw(st.floats(-1.0, 1.0))
    return Online1D(float(np.max(np.abs(stream))), a, draw(st.floats(0.0, 0.999)), T, start, stream, family)
