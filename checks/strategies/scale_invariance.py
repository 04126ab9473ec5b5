"""Strategies for scale-invariant losses and the bilinear game.

Rayleigh quotients are drawn with a rational eigenbasis, so ``rho = 2(lambda_max - lambda_min)`` and
the extreme eigenvectors are exact; the tight configurations (points at or between extreme
eigenvectors, steps from the bottom eigenvector toward the top one, ``phi = cos theta``) are drawn beside
random ones.  Every random object comes from a drawn seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from checks.scale_invariance import Angular, Rayleigh, dot, rational_orthogonal

SEEDS = st.integers(0, 2**32 - 1)


def _frac(lo: int, hi: int, den: int = 8) -> SearchStrategy[Fraction]:
    return st.integers(lo, hi).map(lambda k: Fraction(k, den))


def _positive(lo_exp: int, hi_exp: int) -> SearchStrategy[Fraction]:
    """``m/8 * 2^e`` with ``m in [1, 16]``: positive rationals over many scales."""
    return st.builds(lambda m, e: Fraction(m, 8) * Fraction(2) ** e, st.integers(1, 16), st.integers(lo_exp, hi_exp))


@st.composite
def rayleigh_losses(draw, max_d: int = 4, max_d_floor: int = 2) -> Rayleigh:
    d = draw(st.integers(max_d_floor, max_d))
    rng = np.random.default_rng(draw(SEEDS))
    spec = [Fraction(int(k), 4) for k in rng.integers(-8, 9, size=d)]
    if len(set(spec)) == 1:
        spec[0] += 1
    Q = rational_orthogonal(d, rng)
    return Rayleigh(tuple(map(tuple, Q)), tuple(spec))


def _extremes(L: Rayleigh) -> tuple[list[Fraction], list[Fraction]]:
    lo = min(range(len(L.spectrum)), key=lambda k: L.spectrum[k])
    hi = max(range(len(L.spectrum)), key=lambda k: L.spectrum[k])
    return L.eigenvector(lo), L.eigenvector(hi)


@st.composite
def rational_vectors(draw, d: int, nonzero: bool = True) -> list[Fraction]:
    v = draw(st.lists(_frac(-16, 16), min_size=d, max_size=d))
    if nonzero and not any(v):
        v[0] = Fraction(1)
    return v


@dataclass(frozen=True)
class SIPoint:
    """A Rayleigh loss, a point ``w`` and a scale ``c > 0``."""

    loss: Rayleigh
    w: tuple[Fraction, ...]
    c: Fraction

    def __repr__(self) -> str:
        return (f"SIPoint(spectrum={[str(s) for s in self.loss.spectrum]}, w={[str(x) for x in self.w]}, "
                f"c={self.c})")


@st.composite
def si_points(draw) -> SIPoint:
    """Random points and the tight ones (``v_min``, ``v_min + e v_max`` for small ``e``, ``v_min + v_max``), at
    scales ``2^-6 .. 2^6``."""
    L = draw(rayleigh_losses())
    vmin, vmax = _extremes(L)
    kind = draw(st.sampled_from(["random", "bottom", "near-bottom", "between"]))
    if kind == "random":
        w = draw(rational_vectors(len(L.spectrum)))
    elif kind == "bottom":
        w = vmin
    elif kind == "near-bottom":
        e = draw(_positive(-10, -2))
        w = [a + e * b for a, b in zip(vmin, vmax)]
    else:
        w = [a + b for a, b in zip(vmin, vmax)]
    s = draw(_positive(-6, 6))
    return SIPoint(L, tuple(s * x for x in w), draw(_positive(-6, 6)))


@dataclass(frozen=True)
class OrthogonalStep:
    """A Rayleigh loss, a point ``x`` and a step ``v`` with ``<x, v> = 0``."""

    loss: Rayleigh
    x: tuple[Fraction, ...]
    v: tuple[Fraction, ...]

    def __repr__(self) -> str:
        return (f"OrthogonalStep(spectrum={[str(s) for s in self.loss.spectrum]}, x={[str(a) for a in self.x]}, "
                f"v={[str(a) for a in self.v]})")


@st.composite
def orthogonal_steps(draw) -> OrthogonalStep:
    """``v = P_x⊥ u`` for random ``u``, or the tight case ``x = s v_min``, ``v = e v_max`` (small ``e``)."""
    L = draw(rayleigh_losses())
    d = len(L.spectrum)
    s = draw(_positive(-4, 4))
    if draw(st.booleans()):
        vmin, vmax = _extremes(L)
        e = draw(_positive(-12, 2))
        return OrthogonalStep(L, tuple(s * a for a in vmin), tuple(s * e * b for b in vmax))
    x = draw(rational_vectors(d))
    u = draw(rational_vectors(d, nonzero=False))
    k = dot(u, x) / dot(x, x)
    e = draw(_positive(-6, 4))
    return OrthogonalStep(L, tuple(s * a for a in x), tuple(s * e * (b - k * a) for a, b in zip(x, u)))


@dataclass(frozen=True)
class WDStep:
    """One GD+WD step from ``w`` with step ``eta`` and decay ``lam`` (``eta lam <= 1/2``)."""

    loss: Rayleigh
    w: tuple[Fraction, ...]
    eta: Fraction
    lam: Fraction

    def __repr__(self) -> str:
        return (f"WDStep(spectrum={[str(s) for s in self.loss.spectrum]}, w={[str(a) for a in self.w]}, "
                f"eta={self.eta}, lam={self.lam})")


@st.composite
def wd_steps(draw, max_eta_lam: Fraction = Fraction(1, 2)) -> WDStep:
    """``||w||^2 / (rho eta)`` over ``2^-6 .. 2^8``; random points and the tight ones."""
    p = draw(si_points())
    L = p.loss
    eta = draw(_positive(-6, 0))
    lam = draw(st.one_of(st.just(Fraction(0)), st.integers(1, 16).map(lambda k: max_eta_lam * Fraction(k, 16)))) / eta
    w = list(p.w)
    target = L.rho * eta * Fraction(2) ** draw(st.integers(-6, 8))
    n2 = dot(w, w)
    # rescale by a rational close to sqrt(target / n2): a power of two
    e = round(math.log2(float(target / n2)) / 2)
    return WDStep(L, tuple(x * Fraction(2) ** e for x in w), eta, lam)


@dataclass(frozen=True)
class WDRun:
    """Minibatch losses ``L_0 .. L_{T-1}`` (Rayleigh, same dimension), a start, ``eta`` and ``lam``."""

    losses: tuple[Rayleigh, ...]
    w0: tuple[Fraction, ...]
    eta: Fraction
    lam: Fraction

    def __repr__(self) -> str:
        return (f"WDRun(T={len(self.losses)}, spectra={[[str(s) for s in L.spectrum] for L in self.losses]}, "
                f"w0={[str(a) for a in self.w0]}, eta={self.eta}, lam={self.lam})")


@st.composite
def wd_runs(draw, eta_one: bool = False) -> WDRun:
    d = draw(st.integers(2, 3))
    T = draw(st.integers(1, 3))
    losses = tuple(draw(rayleigh_losses(max_d=d, max_d_floor=d)) for _ in range(T))
    eta = Fraction(1) if eta_one else draw(st.sampled_from([Fraction(1, 8), Fraction(1, 4), Fraction(1, 2),
                                                           Fraction(2), Fraction(3, 4)]))
    lam = draw(st.integers(1, 7).map(lambda k: Fraction(k, 8))) / eta
    return WDRun(losses, tuple(draw(rational_vectors(d))), eta, lam)


@dataclass(frozen=True)
class ProductProblem:
    """GD on ``l(w_1 ... w_k) = a (W - W*)^2 / 2`` from ``w_i = w0`` (so ``W_0 = w0^k > W* > 0``), with
    ``eta = (1 + u) * threshold`` for the threshold of the claim."""

    k: int
    w0: Fraction
    wstar: Fraction
    a: Fraction
    u: Fraction
    steps: int


@st.composite
def product_problems(draw, ks: tuple[int, ...] = (2, 4, 6)) -> ProductProblem:
    k = draw(st.sampled_from(ks))
    w0 = draw(st.integers(1, 24).map(lambda m: Fraction(m, 8)))
    wstar = w0 ** k * draw(st.integers(0, 7).map(lambda m: Fraction(m, 8)))
    a = draw(st.integers(1, 16).map(lambda m: Fraction(m, 4)))
    u = draw(st.integers(1, 32).map(lambda m: Fraction(m, 16)))
    return ProductProblem(k, w0, wstar, a, u, {2: 4, 4: 3}.get(k, 2))


@dataclass(frozen=True)
class ReluCase:
    """Two bias-free ReLU nets of equal depth on the same input, biases for the control, and ``c``."""

    layers: tuple
    layers2: tuple
    biases: tuple | None
    x: tuple[Fraction, ...]
    c: Fraction

    def __repr__(self) -> str:
        return (f"ReluCase(depth={len(self.layers)}, widths={[len(W) for W in self.layers]}, c={self.c}, "
                f"biases={'yes' if self.biases else 'no'})")


@st.composite
def relu_cases(draw, biased: bool = False, negative_c: bool = False, min_depth: int = 1) -> ReluCase:
    depth = draw(st.integers(min_depth, 4))
    widths = [draw(st.integers(1, 3)) for _ in range(depth)] + [1]
    rng = np.random.default_rng(draw(SEEDS))

    def net():
        return tuple(tuple(tuple(Fraction(int(v), 4) for v in rng.integers(-8, 9, size=widths[i]))
                           for _ in range(widths[i + 1])) for i in range(depth))

    x = tuple(Fraction(int(v), 4) for v in rng.integers(-8, 9, size=widths[0]))
    biases = (tuple(tuple(Fraction(int(v), 4) for v in rng.integers(1, 9, size=widths[i + 1]))
                    for i in range(depth)) if biased else None)
    c = draw(st.sampled_from([Fraction(1, 3), Fraction(1, 2), Fraction(2), Fraction(3), Fraction(5, 7),
                              Fraction(7, 2)]))
    return ReluCase(net(), net(), biases, x, -c if negative_c else c)


@dataclass(frozen=True)
class LayerNormCase:
    Ws: tuple
    gammas: tuple
    betas: tuple
    x: np.ndarray
    c: float

    def __repr__(self) -> str:
        return f"LayerNormCase(layers={len(self.gammas)}, widths={[W.shape for W in self.Ws]}, c={self.c:.3g})"


@st.composite
def layernorm_cases(draw, c_exp: tuple[int, int] = (-2, 2)) -> LayerNormCase:
    depth = draw(st.integers(2, 4))
    widths = [draw(st.integers(2, 5)) for _ in range(depth + 1)] + [1]
    rng = np.random.default_rng(draw(SEEDS))
    Ws = tuple(rng.standard_normal((widths[i + 1], widths[i])) for i in range(depth + 1))
    gammas = tuple(rng.uniform(0.5, 2.0, widths[i + 1]) for i in range(depth))
    betas = tuple(rng.uniform(-0.5, 1.0, widths[i + 1]) for i in range(depth))
    c = 10.0 ** draw(st.floats(*c_exp))
    return LayerNormCase(Ws, gammas, betas, rng.standard_normal(widths[0]), c)


COS = Angular((1.0,), (0.0,))


@st.composite
def angular_losses(draw) -> Angular:
    """``phi = cos theta`` (the extremal ratio ``||∇L||/rho = sqrt(3)/2``) or a random trig polynomial."""
    if draw(st.booleans()):
        return COS
    rng = np.random.default_rng(draw(SEEDS))
    M = draw(st.integers(1, 3))
    a, b = rng.standard_normal(M) / np.arange(1, M + 1) ** 2, rng.standard_normal(M) / np.arange(1, M + 1) ** 2
    return Angular(tuple(float(v) for v in a), tuple(float(v) for v in b))


@dataclass(frozen=True)
class AngularPoint:
    loss: Angular
    w: np.ndarray

    def __repr__(self) -> str:
        return f"AngularPoint(a={np.round(self.loss.a, 4)}, b={np.round(self.loss.b, 4)}, w={self.w})"


@st.composite
def angular_points(draw) -> AngularPoint:
    L = draw(angular_losses())
    th = draw(st.floats(-math.pi, math.pi))
    r = 10.0 ** draw(st.floats(-3, 3))
    return AngularPoint(L, np.array([r * math.cos(th), r * math.sin(th)]))


@dataclass(frozen=True)
class AngularRunCase:
    """GD+WD on an angular loss from ``||w_0||^2 = scale * pi^2 rho eta`` at angle ``theta0``."""

    loss: Angular
    theta0: float
    scale: float
    eta: float
    lam: float

    @property
    def rho(self) -> tuple[float, float]:
        return self.loss.rho_bounds

    @property
    def norm0(self) -> float:
        """``||w_0||^2 = scale * pi^2 rho' eta`` with ``rho'`` the end of the rho bracket that keeps the side of
        ``pi^2 rho eta`` given by ``scale`` (upper end for ``scale > 1``, lower end otherwise)."""
        lo, hi = self.loss.rho_bounds
        return self.scale * math.pi ** 2 * (hi if self.scale > 1 else lo) * self.eta

    def w0(self) -> tuple[float, float]:
        r = math.sqrt(self.norm0)
        return (r * math.cos(self.theta0), r * math.sin(self.theta0))

    def __repr__(self) -> str:
        return (f"AngularRunCase(a={np.round(self.loss.a, 4)}, b={np.round(self.loss.b, 4)}, theta0={self.theta0:.4f}, "
                f"||w0||^2/(pi^2 rho eta)={self.scale:.3g}, eta={self.eta:.3g}, lam={self.lam:.3g})")


@st.composite
def angular_runs(draw, scale_exp: tuple[float, float] = (-6, 4), eta_lam: tuple[float, float] = (1e-4, 1e-3)
                 ) -> AngularRunCase:
    """Starts at the steepest direction of ``phi`` (tight: the norm must decay before the direction moves)
    or at a random angle."""
    L = draw(angular_losses())
    if draw(st.booleans()):
        th = np.linspace(-math.pi, math.pi, 4096, endpoint=False)
        theta0 = float(th[np.argmax(np.abs(L.phi(th, 1)))])
    else:
        theta0 = draw(st.floats(-math.pi, math.pi))
    eta = 10.0 ** draw(st.floats(-2, -0.5))
    el = 10.0 ** draw(st.floats(math.log10(eta_lam[0]), math.log10(eta_lam[1])))
    return AngularRunCase(L, theta0, 10.0 ** draw(st.floats(*scale_exp)), eta, el / eta)


# --- bilinear game ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class GDACase:
    """A rational start ``(x0, y0) != 0``, a rational step ``eta > 0`` and a number of steps."""

    x0: Fraction
    y0: Fraction
    eta: Fraction
    steps: int


@st.composite
def gda_cases(draw, eta_max: Fraction = Fraction(3), eta_min: Fraction = Fraction(0)) -> GDACase:
    x0, y0 = draw(_frac(-16, 16)), draw(_frac(-16, 16))
    if x0 == 0 and y0 == 0:
        x0 = Fraction(1)
    lo, hi = int(eta_min * 32) + 1, int(eta_max * 32) - 1
    eta = draw(st.integers(lo, hi).map(lambda k: Fraction(k, 32)))
    return GDACase(x0, y0, eta, draw(st.integers(1, 8)))
