"""Strategies for Karp's local-signal task: parameter states ``(k, c, v, b)`` of the one-filter CNN in
the regions the lemmas of thesis Ch. 3 / App. B speak about, seeded samples of the data model, and
instances of the CNTK lower bound.

States are drawn through the quantities the lemmas are about (``alpha = |b|/s``, the signal margin
``g = c + b``, the scale), so that the search can push them to the edges of each region; all draws are
plain floats and integers, so an instance prints readably and replays exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from checks.local_signal import State, cosine_quantile, error_bounds, loss_bounds, noise_std

SEEDS = st.integers(0, 2**32 - 1)


def log_uniform(lo: float, hi: float) -> SearchStrategy[float]:
    """Floats spread evenly in ``log10`` over ``[lo, hi]`` (``0 < lo <= hi``)."""
    return st.floats(math.log10(lo), math.log10(hi)).map(lambda e: float(10.0 ** e))


def log_integers(lo: int, hi: int) -> SearchStrategy[int]:
    """Integers spread evenly in ``log`` over ``[lo, hi]``."""
    return st.floats(math.log(lo), math.log(hi)).map(lambda x: int(min(max(round(math.exp(x)), lo), hi)))


# --------------------------------------------------------------------------- states

def negative_bias_states(k: SearchStrategy[int], alpha_fraction: SearchStrategy[float] = st.floats(0.0, 1.0),
                         margin_ratio: SearchStrategy[float] = log_uniform(1e-4, 1e2),
                         scale: SearchStrategy[float] = log_uniform(1e-2, 1e2)) -> SearchStrategy[State]:
    """States with ``b < 0 < c + b`` (the signal survives the threshold): ``|b| = scale``,
    ``c = |b| (1 + margin_ratio)``, and ``alpha`` a fraction of its largest value ``|b| / (c sigma)``
    (reached at ``v = 0``); ``v`` is what makes up ``s = |b| / alpha``."""
    @st.composite
    def build(draw):
        kk = draw(k)
        a, r, u = draw(scale), draw(margin_ratio), draw(alpha_fraction)
        c = a * (1 + r)
        sig = noise_std(kk)
        alpha_max = 1 / ((1 + r) * sig)
        alpha = max(u, 1e-6) * alpha_max
        v = math.sqrt(max((a / (alpha * sig)) ** 2 - c * c, 0.0))
        return State(kk, c, v, -a)
    return build()


def alpha_states(k: SearchStrategy[int], alpha: SearchStrategy[float], unit=lambda k: 1.0,
                 margin_ratio: SearchStrategy[float] = log_uniform(1e-6, 1e1),
                 scale: SearchStrategy[float] = log_uniform(1e-2, 1e2)) -> SearchStrategy[State]:
    """States with ``b < 0 < c + b`` and ``alpha = draw(alpha) * unit(k)``.  Since ``s >= c sigma``, such
    states need ``alpha < |b|/(c sigma) < 1/sigma``; the margin ``c + b`` is shrunk to make room, and ``k``
    with ``alpha >= 1/sigma`` (an empty region) are rejected."""
    @st.composite
    def build(draw):
        kk = draw(k)
        a, r, al = draw(scale), draw(margin_ratio), max(draw(alpha), 1e-6) * unit(kk)
        sig = noise_std(kk)
        assume(al * sig < 0.999)
        r = min(r, 0.999 / (al * sig) - 1)
        c = a * (1 + r)
        v = math.sqrt(max((a / (al * sig)) ** 2 - c * c, 0.0))
        return State(kk, c, v, -a)
    return build()


def ratio_states(k: SearchStrategy[int], c: SearchStrategy[float], bias_ratio: SearchStrategy[float],
                 perp_ratio: SearchStrategy[float] = st.floats(0.0, 0.1), sigma: float | None = None
                 ) -> SearchStrategy[State]:
    """States ``(c, v, b) = (c, t c, r c)`` with ``r = bias_ratio`` and ``t = perp_ratio``: the shape fixes
    the error, ``c`` the scale."""
    return st.builds(lambda kk, cc, r, t: State(kk, cc, t * abs(cc), r * abs(cc), sigma), k, c, bias_ratio, perp_ratio)


def general_states(k: SearchStrategy[int], c: SearchStrategy[float] = st.floats(-3.0, 3.0),
                   v: SearchStrategy[float] = st.floats(0.0, 3.0),
                   b: SearchStrategy[float] = st.floats(-3.0, 3.0)) -> SearchStrategy[State]:
    """States with independently drawn ``c, v, b`` (``w = 0`` is replaced by ``v = 1e-3``)."""
    return st.builds(lambda kk, cc, vv, bb: State(kk, cc, vv if math.hypot(cc, vv) > 1e-12 else 1e-3, bb), k, c, v, b)


def small_states(k: SearchStrategy[int], H: float = 1.0) -> SearchStrategy[State]:
    """The early phase of training: ``|c| <= H / ln^4 k``, tiny ``v``, bias of either sign up to a few
    ``s`` (including ``b = 0``, the tight case of the noise-pull bound)."""
    @st.composite
    def build(draw):
        kk = draw(k)
        cmax = H / math.log(kk) ** 4
        c = draw(st.floats(-1.0, 1.0)) * cmax
        v = draw(st.one_of(st.just(0.0), log_uniform(1e-8, 1.0))) * cmax
        if c == 0 and v == 0:
            v = cmax
        s = math.hypot(c, v) * noise_std(kk)
        b = draw(st.one_of(st.just(0.0), st.floats(-3.0, 3.0))) * s
        return State(kk, c, v, b)
    return build()


@dataclass(frozen=True)
class Hypothesized:
    """A state together with the constant of the statement under test (``C``, ``H``, ``C2`` or ``eps``)."""

    state: State
    constant: float


@dataclass(frozen=True)
class ChainDraw:
    """A state for Lemma B.7's loss chain, with an initialization scale ``delta`` and the angle of the
    initial filter ``(c_0, v_0) = delta (cos angle, |sin angle|)``."""

    state: State
    delta: float
    angle: float


def certified_error_states(states: SearchStrategy[State], level: float = 0.01) -> SearchStrategy[State]:
    """The states of ``states`` whose certified lower bound on the error is at least ``level``."""
    return states.filter(lambda s: error_bounds(s)[0] >= level)


def certified_loss_states(states: SearchStrategy[State], level: float = 1.0) -> SearchStrategy[State]:
    """The states of ``states`` whose certified upper bound on the loss is at most ``level``."""
    return states.filter(lambda s: loss_bounds(s)[1] <= level)


@dataclass(frozen=True)
class PhaseDraw:
    """The constants of Theorem 3.1's proof as exact rationals: ``k``, ``C2`` (Lemma 3.3's threshold),
    ``C3`` (Lemma B.7's bound), ``C`` (Lemma 3.3's rate), ``A`` (Lemma 3.1's rate), ``eta = 10^-eta_exp``
    (``eta_b = eta/k``) and ``delta = k^-100`` (Remark B.1)."""

    k: int
    C2: Fraction
    C3: Fraction
    C: Fraction
    A: Fraction
    eta_exp: int


def phase_draws() -> SearchStrategy[PhaseDraw]:
    rational = st.builds(Fraction, st.integers(1, 100), st.integers(1, 20))
    return st.builds(PhaseDraw, k=log_integers(100, 10**9), C2=rational, C3=rational, C=rational, A=rational,
                     eta_exp=st.integers(1, 12))


# --------------------------------------------------------------------------- data-model draws

@dataclass(frozen=True)
class Sampled:
    """``n`` seeded draws of the data model with ``k`` noise rows in ``R^d``."""

    k: int
    d: int
    n: int
    seed: int


def sampled(k: SearchStrategy[int], d: SearchStrategy[int], n: int) -> SearchStrategy[Sampled]:
    return st.builds(Sampled, k=k, d=d, n=st.just(n), seed=SEEDS)


@dataclass(frozen=True)
class SampledState:
    """A parameter state with a seed for ``n`` reduced draws of the noise."""

    state: State
    n: int
    seed: int


def sampled_states(states: SearchStrategy[State], n: int) -> SearchStrategy[SampledState]:
    return st.builds(SampledState, state=states, n=st.just(n), seed=SEEDS)


@dataclass(frozen=True)
class NetworkDraw:
    """A CNN ``(w, b)`` on ``n`` images with ``k`` noise rows in ``R^d``: ``w = w_scale * u`` for a
    random unit ``u``, ``b = b_ratio`` times the mean ``|<w, X_i>|``."""

    k: int
    d: int
    n: int
    w_scale: float
    b_ratio: float
    seed: int


def network_draws(b_ratio: SearchStrategy[float], k: SearchStrategy[int] = st.integers(1, 12),
                  d: SearchStrategy[int] = st.integers(1, 6)) -> SearchStrategy[NetworkDraw]:
    return st.builds(NetworkDraw, k=k, d=d, n=st.integers(1, 4), w_scale=log_uniform(0.1, 10.0),
                     b_ratio=b_ratio, seed=SEEDS)


# --------------------------------------------------------------------------- CNTK draws

@dataclass(frozen=True)
class KernelDraw:
    """A one-channel CNTK: random init ``w^0``; weights ``w`` random and flipped if needed so that
    ``g(w*) <= 0`` (or ``w = w*`` when ``aligned``); bias ``b = b_ratio * sigma ||w^0||``; ``n`` images."""

    k: int
    d: int
    n: int
    b_ratio: float
    aligned: bool
    seed: int


def kernel_draws(k: SearchStrategy[int], b_ratio: SearchStrategy[float], n: int, aligned: bool = False,
                 d: SearchStrategy[int] = st.integers(2, 6)) -> SearchStrategy[KernelDraw]:
    return st.builds(KernelDraw, k=k, d=d, n=st.just(n), b_ratio=b_ratio, aligned=st.just(aligned), seed=SEEDS)


@dataclass(frozen=True)
class InitDraw:
    """``m`` i.i.d. Gaussian initial filters in ``R^d`` and ``n`` seeded repetitions."""

    d: int
    m: int
    n: int
    seed: int


def init_draws(d: SearchStrategy[int] = log_integers(2, 400), m: SearchStrategy[int] = st.integers(1, 4),
               n: int = 4000) -> SearchStrategy[InitDraw]:
    return st.builds(InitDraw, d=d, m=m, n=st.just(n), seed=SEEDS)


@dataclass(frozen=True)
class RivalDraw:
    """Lemma B.11's configuration in the plane of ``w*`` and ``w^0`` (plus one more direction): ``k``
    (so ``sigma`` and ``d = round(1/sigma^2)``), ``|cos(w^0, w*)| = init_fraction * D / sqrt d`` (the
    Init Event), ``w`` at angles ``(theta, phi)``, threshold ``t0 = t0_fraction * |cos(w^0, w*)| / sigma``
    (Case 2: the signal row is active) and the constant ``C``."""

    k: int
    init_fraction: float
    theta: float
    phi: float
    t0_fraction: float
    C: float

    @property
    def sigma(self) -> float:
        return noise_std(self.k)

    @property
    def d(self) -> int:
        return max(2, round(1 / self.sigma ** 2))

    @property
    def D(self) -> float:
        return math.sqrt(self.d) * cosine_quantile(self.d, 0.999)

    def vectors(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(w*, w^0, w)`` as unit vectors of ``R^3``."""
        k0 = self.init_fraction * self.D / math.sqrt(self.d)
        w_star = np.array([1.0, 0.0, 0.0])
        w0 = np.array([k0, math.sqrt(max(1 - k0 * k0, 0.0)), 0.0])
        w = np.array([math.cos(self.theta), math.sin(self.theta) * math.cos(self.phi),
                      math.sin(self.theta) * math.sin(self.phi)])
        return w_star, w0, w


def rival_draws(k: SearchStrategy[int] = log_integers(100, 10**7)) -> SearchStrategy[RivalDraw]:
    return st.builds(RivalDraw, k=k, init_fraction=st.floats(0.0, 1.0), theta=st.floats(0.0, math.pi),
                     phi=st.floats(0.0, math.pi), t0_fraction=st.floats(0.0, 1.0), C=st.floats(0.05, 3.0))


@dataclass(frozen=True)
class ChannelDraw:
    """``m`` channels in ``R^d`` with ``sigma = 1/sqrt d``: random init ``w_j^0`` and weights ``w_j``,
    biases ``b_j = -fragility_j |<w_j^0, w*>|`` (``fragility`` near 1: fragile membership), constant
    ``C`` and ``n`` noise draws."""

    d: int
    m: int
    C: float
    fragility: tuple[float, ...]
    n: int
    seed: int


def channel_draws(n: int = 3000) -> SearchStrategy[ChannelDraw]:
    @st.composite
    def build(draw):
        m = draw(st.integers(2, 5))
        frag = tuple(draw(st.lists(st.floats(0.0, 2.0), min_size=m, max_size=m)))
        return ChannelDraw(d=draw(log_integers(20, 400)), m=m, C=draw(st.floats(0.1, 2.0)), fragility=frag,
                           n=n, seed=draw(SEEDS))
    return build()


@dataclass(frozen=True)
class SchmidtDraw:
    """``m`` random unit vectors in ``R^d``."""

    m: int
    d: int
    seed: int

    def vectors(self) -> np.ndarray:
        V = np.random.default_rng(self.seed).normal(size=(self.m, self.d))
        return V / np.linalg.norm(V, axis=1, keepdims=True)

    @property
    def eps(self) -> float:
        """The largest ``|cos|`` between two of the vectors."""
        V = self.vectors()
        return float(np.max(np.abs(V @ V.T - np.eye(self.m))))


def schmidt_draws() -> SearchStrategy[SchmidtDraw]:
    """Draws with ``(m - 2) eps < 1`` (the Gram matrix of any ``m - 1`` of them is diagonally dominant)."""
    return st.builds(SchmidtDraw, m=st.integers(2, 6), d=log_integers(8, 5000), seed=SEEDS).filter(
        lambda s: (s.m - 2) * s.eps < 0.9)


@dataclass(frozen=True)
class LowerBoundDraw:
    """The explicit kernel lower bound with constant ``C`` and per-row probability ``p`` (``p = None``:
    the one-channel value ``4 Phi^c(C) Phi^c(D)`` of Lemma B.11) at ``ln k`` a fraction ``position`` of
    the way from the certified threshold to ``LOG_K_MAX``; a binomial with ``n_trials`` trials and mean
    ``chernoff_mean`` for the Chernoff step; and a small-ball configuration (``n_ball`` signs, interval
    half-length ``delta``)."""

    C: float
    p: float | None
    position: float
    n_trials: int
    chernoff_mean: float
    n_ball: int
    delta: float


LOG_K_MAX = 700.0
"""The largest ``ln k`` at which the explicit bound is evaluated (``k`` stays a finite double)."""


def lower_bound_draws(p: SearchStrategy[float | None] = st.one_of(st.none(), log_uniform(1e-3, 1.0))
                      ) -> SearchStrategy[LowerBoundDraw]:
    return st.builds(LowerBoundDraw, C=st.floats(0.5, 2.5), p=p, position=st.floats(0.0, 1.0),
                     n_trials=log_integers(1, 10**6), chernoff_mean=st.floats(0.5, 400.0),
                     n_ball=st.integers(1, 300), delta=st.floats(0.01, 12.0))
