"""Strategies for VAE, score and flow-matching claims: finite latent models, Gaussian VAE terms,
polynomial integrands, linear-Gaussian latent models, Gaussian mixtures (atoms allowed), noise levels, linear
SDEs, linear ODE fields, point clouds for minibatch couplings and Gaussian flow endpoints.

Extremal families: the variational posterior equal to the true posterior (ELBO tight); an expanding
field ``v = Lx`` with the perturbation aligned against the initial error (Grönwall equality); already
sorted 1-D point clouds (identity pairing optimal); a nearly degenerate Gaussian endpoint (``s → 0``, where
the reflowed and independent transport costs meet).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.divergences import Dist, distribution
from checks.score import Mixture

SEEDS = st.integers(0, 2**32 - 1)


def _r(a: np.ndarray) -> str:
    return np.array2string(np.asarray(a), precision=3, separator=",")


@dataclass(frozen=True)
class LatentModel:
    """Joint masses ``p(x, h)`` (row 0 the observed ``x``, row 1 the rest) and a variational ``q(h|x)``."""

    joint: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]
    q: Dist
    family: str

    @property
    def posterior(self) -> Dist:
        return distribution(self.joint[0])

    @property
    def prior(self) -> Dist:
        return tuple(a + b for a, b in zip(*self.joint))

    def __repr__(self) -> str:
        j = [[str(a) for a in row] for row in self.joint]
        return f"LatentModel({self.family}: p(x,h)={j[0]}, p(x',h)={j[1]}, q={[str(a) for a in self.q]})"


@st.composite
def latent_models(draw) -> LatentModel:
    k = draw(st.integers(2, 5))
    cells = draw(st.lists(st.integers(1, 9), min_size=2 * k, max_size=2 * k))
    total = sum(cells)
    joint = (tuple(Fraction(c, total) for c in cells[:k]), tuple(Fraction(c, total) for c in cells[k:]))
    family = draw(st.sampled_from(["random", "random", "posterior"]))
    q = (distribution(joint[0]) if family == "posterior"
         else distribution(draw(st.lists(st.integers(1, 9), min_size=k, max_size=k))))
    return LatentModel(joint, q, family)


@dataclass(frozen=True)
class VaeTerm:
    """One sample of the Gaussian VAE: ``x, μ_θ ∈ R^n``, ``σ_θ``, ``z, μ_ϕ ∈ R^d``, ``σ_ϕ``."""

    x: np.ndarray
    mu_theta: np.ndarray
    s_theta: float
    z: np.ndarray
    mu_phi: np.ndarray
    s_phi: float

    def __repr__(self) -> str:
        return (f"VaeTerm(n={len(self.x)}, d={len(self.z)}, x={_r(self.x)}, mu_theta={_r(self.mu_theta)}, "
                f"s_theta={self.s_theta:.3g}, z={_r(self.z)}, mu_phi={_r(self.mu_phi)}, s_phi={self.s_phi:.3g})")


@st.composite
def vae_terms(draw) -> VaeTerm:
    n, d = draw(st.integers(1, 5)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(SEEDS))
    s_t, s_p = (float(np.exp(draw(st.floats(-2, 2)))) for _ in range(2))
    return VaeTerm(rng.normal(size=n) * 2, rng.normal(size=n), s_t, rng.normal(size=d) * 2, rng.normal(size=d), s_p)


@dataclass(frozen=True)
class PolyIntegrand:
    """``f(z) = Σ c·z^α`` (integer coefficients, ``z ∈ R^d``) at ``q = N(μ, diag σ²)`` (rational parameters)."""

    terms: tuple[tuple[int, tuple[int, ...]], ...]
    mu: tuple[Fraction, ...]
    sigma: tuple[Fraction, ...]


@st.composite
def poly_integrands(draw) -> PolyIntegrand:
    d = draw(st.integers(1, 2))
    expo = st.tuples(*[st.integers(0, 4)] * d).filter(lambda e: sum(e) <= 4)
    terms = draw(st.lists(st.tuples(st.integers(-5, 5).filter(bool), expo), min_size=1, max_size=4))
    terms.append((draw(st.integers(1, 5)), tuple(2 if i == 0 else 0 for i in range(d))))  # a quadratic part
    mu = tuple(Fraction(draw(st.integers(-6, 6)), 4) for _ in range(d))
    sigma = tuple(Fraction(draw(st.sampled_from([1, 2, 3, 5, 6, 7, 9])), 4) for _ in range(d))
    return PolyIntegrand(tuple(terms), mu, sigma)


def _mixture(draw, rng: np.random.Generator, d: int, k: int, atoms: bool) -> Mixture:
    w = rng.uniform(0.2, 1.0, size=k)
    w /= w.sum()
    w[-1] = 1 - w[:-1].sum()
    means = rng.normal(size=(k, d)) * draw(st.sampled_from([0.5, 2.0, 4.0]))
    var = np.zeros(k) if atoms else rng.uniform(0.05, 2.0, size=k)
    return Mixture(tuple(float(a) for a in w), tuple(tuple(float(a) for a in m) for m in means),
                   tuple(float(a) for a in var))


@dataclass(frozen=True)
class Corruption:
    """Data ``X_0 ~ mix``, ``X_t = αX_0 + σε``, query points ``xs`` (shape ``(n, d)``)."""

    mix: Mixture
    alpha: float
    sigma: float
    xs: np.ndarray

    def __repr__(self) -> str:
        return f"Corruption({self.mix}, alpha={self.alpha:.4g}, sigma={self.sigma:.4g}, xs={_r(self.xs)})"


@st.composite
def corruptions(draw) -> Corruption:
    d, k = draw(st.integers(1, 3)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(SEEDS))
    mix = _mixture(draw, rng, d, k, atoms=draw(st.booleans()))
    if draw(st.booleans()):  # variance preserving: alpha^2 + sigma^2 = 1
        alpha = draw(st.sampled_from([0.3, 0.6, 0.8, 0.95]))
        sigma = float(np.sqrt(1 - alpha**2))
    else:  # variance exploding / general
        alpha = draw(st.sampled_from([0.25, 0.5, 1.5, 2.0]))
        sigma = draw(st.sampled_from([0.2, 0.5, 2.0, 3.0]))
    return Corruption(mix, alpha, sigma, rng.normal(size=(3, d)) * 2)


@dataclass(frozen=True)
class LinearSde:
    """VP (``dX = −½β(t)X dt + √β(t) dW``, ``β = b0 + b1 t``) or VE (``f = 0``, ``g² = 2k t``) SDE with
    Gaussian data ``N(m0, v0)`` per coordinate (rational parameters)."""

    kind: str
    b0: Fraction
    b1: Fraction
    m0: Fraction
    v0: Fraction


@st.composite
def linear_sdes(draw) -> LinearSde:
    frac = st.integers(1, 12).map(lambda a: Fraction(a, 4))
    return LinearSde(draw(st.sampled_from(["VP", "VE"])), draw(frac), draw(frac),
                     Fraction(draw(st.integers(-8, 8)), 4), draw(frac))


@dataclass(frozen=True)
class GuidedMixture:
    """Class priors ``π_c`` and class-conditional mixtures; guidance weight ``w``; query points."""

    priors: tuple[float, ...]
    classes: tuple[Mixture, ...]
    w: float
    xs: np.ndarray

    def __repr__(self) -> str:
        return f"GuidedMixture(priors={self.priors}, classes={self.classes}, w={self.w}, xs={_r(self.xs)})"


@st.composite
def guided_mixtures(draw) -> GuidedMixture:
    d, c = draw(st.integers(1, 2)), draw(st.integers(2, 3))
    rng = np.random.default_rng(draw(SEEDS))
    classes = tuple(_mixture(draw, rng, d, draw(st.integers(1, 2)), atoms=False) for _ in range(c))
    pri = rng.uniform(0.2, 1, size=c)
    pri /= pri.sum()
    return GuidedMixture(tuple(float(a) for a in pri), classes, draw(st.sampled_from([0.5, 1.0, 3.0, 7.5])),
                         rng.normal(size=(3, d)) * 2)


@dataclass(frozen=True)
class PerturbedField:
    """``v(x) = Ax`` (``‖A‖₂ = L``) and ``v_θ(x) = Ax + εu`` (``‖u‖ <= 1``), initial points ``x0, x0_hat``."""

    a: np.ndarray
    u: np.ndarray
    eps: float
    x0: np.ndarray
    x0_hat: np.ndarray
    family: str

    def __repr__(self) -> str:
        return (f"PerturbedField({self.family}: A={_r(self.a)}, u={_r(self.u)}, eps={self.eps:.3g}, "
                f"x0={_r(self.x0)}, x0_hat={_r(self.x0_hat)})")


@st.composite
def perturbed_fields(draw) -> PerturbedField:
    d = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(SEEDS))
    lip = draw(st.sampled_from([0.5, 1.0, 2.0]))
    eps = draw(st.sampled_from([0.01, 0.3, 1.0]))
    x0, x0_hat = rng.normal(size=d), rng.normal(size=d)
    family = draw(st.sampled_from(["expanding", "random"]))
    if family == "expanding":  # equality case: v = Lx, u aligned against the initial error
        a = lip * np.eye(d)
        delta = x0 - x0_hat
        u = -delta / np.linalg.norm(delta)
    else:
        a = rng.normal(size=(d, d))
        a *= lip / np.linalg.norm(a, 2)
        u = rng.normal(size=d)
        u /= max(1.0, float(np.linalg.norm(u)))
    return PerturbedField(a, u, eps, x0, x0_hat, family)


@dataclass(frozen=True)
class FlowPath:
    """Data ``X_1 ~ mix`` (with ``Z ~ N(0, I)``), times ``ts`` and query points ``ys`` (one per time)."""

    mix: Mixture
    ts: tuple[float, ...]
    ys: np.ndarray

    def __repr__(self) -> str:
        return f"FlowPath({self.mix}, ts={self.ts}, ys={_r(self.ys)})"


@st.composite
def flow_paths(draw, d_max: int = 3, k_min: int = 1) -> FlowPath:
    d, k = draw(st.integers(1, d_max)), draw(st.integers(k_min, 4))
    rng = np.random.default_rng(draw(SEEDS))
    mix = _mixture(draw, rng, d, k, atoms=draw(st.booleans()))
    ts = tuple(draw(st.lists(st.sampled_from([0.05, 0.2, 0.4, 0.5, 0.7, 0.9]), min_size=2, max_size=3)))
    return FlowPath(mix, ts, rng.normal(size=(len(ts), d)) * 2)


@dataclass(frozen=True)
class PointClouds:
    """Integer points ``xs`` (data) and ``zs`` (noise), ``n × d``."""

    xs: tuple[tuple[int, ...], ...]
    zs: tuple[tuple[int, ...], ...]
    family: str


@st.composite
def point_clouds(draw) -> PointClouds:
    n, d = draw(st.integers(2, 6)), draw(st.integers(1, 3))
    pt = st.tuples(*[st.integers(-9, 9)] * d)
    xs, zs = draw(st.lists(pt, min_size=n, max_size=n)), draw(st.lists(pt, min_size=n, max_size=n))
    family = draw(st.sampled_from(["random", "random", "sorted"]))
    if family == "sorted":  # 1-D sorted clouds: the identity pairing is already optimal
        xs = sorted((p[0],) for p in xs)
        zs = sorted((p[0],) for p in zs)
    return PointClouds(tuple(map(tuple, xs)), tuple(map(tuple, zs)), family)


@dataclass(frozen=True)
class LinearGaussianVae:
    """``z ~ N(0, I_d)``, ``x | z ~ N(Wz + b, s² I_n)``, an observed ``x`` and ``q = N(m, LLᵀ)``."""

    w: np.ndarray
    b: np.ndarray
    s: float
    x: np.ndarray
    m: np.ndarray
    chol: np.ndarray
    family: str

    def __repr__(self) -> str:
        return (f"LinearGaussianVae({self.family}: W={_r(self.w)}, b={_r(self.b)}, s={self.s:.3g}, x={_r(self.x)}, "
                f"m={_r(self.m)}, L={_r(self.chol)})")


@st.composite
def linear_gaussian_vaes(draw) -> LinearGaussianVae:
    n, d = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(SEEDS))
    w, b = rng.normal(size=(n, d)), rng.normal(size=n)
    s = draw(st.sampled_from([0.3, 1.0, 2.0]))
    x = w @ rng.normal(size=d) + b + s * rng.normal(size=n)
    family = draw(st.sampled_from(["random", "random", "posterior"]))
    if family == "posterior":  # q = p(z|x): the ELBO is tight
        cov = np.linalg.inv(np.eye(d) + w.T @ w / s**2)
        m = cov @ w.T @ (x - b) / s**2
        chol = np.linalg.cholesky(cov)
    else:
        m = rng.normal(size=d)
        chol = np.tril(rng.normal(size=(d, d)) * 0.5)
        chol[np.diag_indices(d)] = np.exp(rng.normal(size=d) * 0.5)
    return LinearGaussianVae(w, b, s, x, m, chol, family)


@dataclass(frozen=True)
class GaussianEndpoint:
    """``X_1 ~ N(m, s²)`` against ``Z ~ N(0, 1)``."""

    m: float
    s: float


@st.composite
def gaussian_endpoints(draw) -> GaussianEndpoint:
    rng = np.random.default_rng(draw(SEEDS))
    s = draw(st.sampled_from([0.01, 0.1, 0.5, 1.0, 2.0, 5.0]))  # s -> 0: a point mass, where the costs meet
    return GaussianEndpoint(float(rng.normal() * 2), s)
