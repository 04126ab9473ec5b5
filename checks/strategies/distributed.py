"""Quadratic problems for synchronous, delayed and local gradient methods, with rational data.

Families (the ``family`` field of :class:`SyncProblem`):
- ``tight``: ``F = (mu/2)||θ - θ*||^2`` (``L = mu``) with ``eta = 1/mu``: after one step the error is pure noise
  ``eta^2 sigma^2/m = eta sigma^2/(mu m)``, the bound with equality;
- ``random``: curvatures in ``[mu, L]`` (both attained), a step ``eta = c/L`` with ``c`` in ``(0, 1]``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st


@dataclass(frozen=True)
class SyncProblem:
    """``F = ½ sum_i h_i (θ_i - θ*_i)^2``, initial squared errors ``u0``, ``m`` workers whose noise on
    coordinate ``i`` has variance ``s_i`` (so ``sigma^2 = sum s_i``) and pairwise correlation ``rho``, step
    ``eta``, horizon ``T``."""

    h: tuple[Fraction, ...]
    u0: tuple[Fraction, ...]
    s: tuple[Fraction, ...]
    m: int
    rho: Fraction
    eta: Fraction
    T: int
    family: str

    @property
    def mu(self) -> Fraction:
        return min(self.h)

    @property
    def L(self) -> Fraction:
        return max(self.h)

    @property
    def sigma2(self) -> Fraction:
        return sum(self.s, Fraction(0))


@st.composite
def sync_problems(draw: st.DrawFn, rhos: tuple[Fraction, ...] = (Fraction(0),), step: tuple[int, int] = (1, 1),
                  families: tuple[str, ...] = ("tight", "random"), min_m: int = 1, noisy: bool = False) -> SyncProblem:
    """``step = (p, q)``: the step is ``eta = c/L`` with ``c`` in ``(0, p/q]`` (``(1, 1)``: ``eta <= 1/L``);
    ``noisy``: every coordinate has positive noise variance."""
    family = draw(st.sampled_from(families))
    d = draw(st.integers(1, 3))
    m = draw(st.integers(min_m, 4))
    rho = draw(st.sampled_from(rhos))
    s = tuple(Fraction(draw(st.integers(1 if noisy else 0, 8)), draw(st.integers(1, 4))) for _ in range(d))
    u0 = tuple(Fraction(draw(st.integers(0, 30)), draw(st.integers(1, 3))) for _ in range(d))
    T = draw(st.integers(1, 8))
    cmax = Fraction(*step)
    if family == "tight":
        mu = Fraction(draw(st.integers(1, 12)), draw(st.integers(1, 4)))
        h = (mu,) * d
        c = cmax if draw(st.booleans()) else Fraction(draw(st.integers(1, 20)), 20) * cmax
        return SyncProblem(h, u0, s, m, rho, c / mu, T, family)
    mu = Fraction(draw(st.integers(1, 6)), draw(st.integers(1, 3)))
    L = mu * draw(st.integers(1, 8))
    h = [mu, L] + [mu + (L - mu) * Fraction(draw(st.integers(0, 10)), 10) for _ in range(d)]
    h = tuple(h[:d]) if d >= 2 else (draw(st.sampled_from((mu, L))),)
    c = Fraction(draw(st.integers(1, 20)), 20) * cmax
    return SyncProblem(h, u0, s, m, rho, c / max(h), T, family)


@dataclass(frozen=True)
class StepProblem:
    """Strong convexity ``mu``, smoothness ``L``, a curvature ``h`` in ``[mu, L]`` and a step ``eta``."""

    mu: Fraction
    L: Fraction
    h: Fraction
    eta: Fraction


@st.composite
def step_problems(draw: st.DrawFn) -> StepProblem:
    """``0 < mu <= L``, ``h`` in ``[mu, L]`` (often an endpoint), ``0 < eta <= 1/L`` (often ``1/L`` or ``mu/L^2``)."""
    L = Fraction(draw(st.integers(1, 12)), draw(st.integers(1, 4)))
    mu = L * Fraction(draw(st.integers(1, 10)), 10)
    h = draw(st.sampled_from((mu, L, mu + (L - mu) * Fraction(draw(st.integers(0, 10)), 10))))
    eta = draw(st.sampled_from((1 / L, mu / L ** 2, Fraction(draw(st.integers(1, 20)), 20) / L)))
    return StepProblem(mu, L, h, eta)


@dataclass(frozen=True)
class DelayProblem:
    """Delayed GD with delay ``tau`` on a quadratic with curvatures ``h`` (``L = max h``), step ``eta``."""

    h: tuple[Fraction, ...]
    tau: int
    eta: Fraction

    @property
    def L(self) -> Fraction:
        return max(self.h)

    @property
    def kappa(self) -> Fraction:
        return max(self.h) / min(self.h)


@st.composite
def delay_problems(draw: st.DrawFn, step: str = "any", max_tau: int = 6) -> DelayProblem:
    """``step``: ``any`` (``eta L`` in ``(0, 2]``, often near the stability threshold of the delay),
    ``safe`` (``eta <= 1/(L (tau + 1))``), ``one-over-l`` (``eta = 1/L``)."""
    tau = draw(st.integers(0, max_tau))
    L = Fraction(draw(st.integers(1, 10)), draw(st.integers(1, 3)))
    kappa = draw(st.integers(1, 120))
    h = (L / kappa, L) + tuple(L * Fraction(draw(st.integers(1, 10)), 10) for _ in range(draw(st.integers(0, 2))))
    if step == "safe":
        eta = Fraction(draw(st.integers(1, 10)), 10) / (L * (tau + 1))
    elif step == "one-over-l":
        eta = 1 / L
    else:
        thr = 2 * math.sin(math.pi / (2 * (2 * tau + 1)))
        near = Fraction(round(thr * 1000) + draw(st.integers(-3, 3)), 1000)
        lower = Fraction(2, 2 * tau + 1) + Fraction(draw(st.integers(0, 40)), 1000)     # between 2/(2tau+1) and thr
        eta = draw(st.sampled_from((near, lower, Fraction(draw(st.integers(1, 40)), 20)))) / L
    return DelayProblem(h, tau, eta)


@dataclass(frozen=True)
class LocalProblem:
    """Workers ``j`` with ``f_j = (a_j/2)(x - b_j)^2``, step ``eta`` (``eta a_j <= 1``), ``K`` local steps."""

    a: tuple[Fraction, ...]
    b: tuple[Fraction, ...]
    eta: Fraction
    K: int
    family: str


@st.composite
def local_problems(draw: st.DrawFn, families: tuple[str, ...] = ("common-curvature", "one-step", "heterogeneous"),
                   small_step: bool = False) -> LocalProblem:
    """``eta = c/(L max(K - 1, 1))`` with ``c`` in ``(0, 1]`` (so ``(K - 1) eta L <= 1``), or ``c <= 1/50`` when
    ``small_step``; ``heterogeneous`` forces two workers with different curvatures and minimizers."""
    family = draw(st.sampled_from(families))
    m = draw(st.integers(2, 4))
    b = tuple(Fraction(draw(st.integers(-6, 6))) for _ in range(m))
    if family == "common-curvature":
        a = (Fraction(draw(st.integers(1, 8)), 2),) * m
    else:
        a = tuple(Fraction(draw(st.integers(1, 8)), 2) for _ in range(m))
    if family == "heterogeneous":
        a = (a[0], a[0] + Fraction(draw(st.integers(1, 4)), 2)) + a[2:]
        b = (b[0], b[0] + draw(st.integers(1, 6))) + b[2:]
    K = 1 if family == "one-step" else draw(st.integers(2, 6))
    c = Fraction(draw(st.integers(1, 10)), 500 if small_step else 10)
    eta = c / (max(a) * max(K - 1, 1))
    return LocalProblem(a, b, eta, K, family)


@dataclass(frozen=True)
class ScalingProblem:
    """SGD on ``(a/2) x^2`` (``a = 0``: a fixed gradient ``g``) from ``x0``, per-example noise variance ``s``,
    batch ``B``, step ``eta``, ``K`` steps (horizon ``T = K eta``), and the scaling factor ``kappa`` of the batch
    (the rescaled run has batch ``kappa B`` and step ``kappa eta``); ``kappa eta a <= 1``."""

    a: Fraction
    g: Fraction
    x0: Fraction
    s: Fraction
    B: int
    eta: Fraction
    K: int
    kappa: int

    @property
    def T(self) -> Fraction:
        return self.K * self.eta


@st.composite
def scaling_problems(draw: st.DrawFn, kappas: tuple[int, ...] = (1, 2, 3, 4), fixed_gradient: bool = False,
                     max_eta_a: Fraction = Fraction(1), max_K: int = 40, min_K: int = 1) -> ScalingProblem:
    """``kappa eta a`` in ``[0, max_eta_a]`` (``0`` when ``fixed_gradient``); ``K`` a multiple of ``kappa``."""
    kappa = draw(st.sampled_from(kappas))
    eta = Fraction(1, draw(st.integers(1, 12)))
    c = Fraction(0) if fixed_gradient else max_eta_a * Fraction(draw(st.integers(0, 10)), 10)
    a = c / (kappa * eta)
    K = kappa * draw(st.integers(max(1, -(-min_K // kappa)), max(1, max_K // kappa)))
    return ScalingProblem(a, Fraction(draw(st.integers(-5, 5))), Fraction(draw(st.integers(-6, 6))),
                          Fraction(draw(st.integers(1, 9))), draw(st.integers(1, 4)), eta, K, kappa)
