"""Strategies for generative-model claims: pairs of finite laws with competitor discriminators,
feature maps for domain-adversarial training, discrete generators with mixture weights, point sets,
birthday-problem sizes and mode weights, flow layers (seeded float64 torch parameters), and noise
schedules of the diffusion chain.

Extremal families: equal laws (value ``-log 4``) and disjoint supports (value ``0``); uniform mode
weights (where the birthday bounds are sharp) and one heavy mode (where ``s²`` underestimates the
support); small ``N`` for the birthday bound; the first step ``t = 1`` of the reverse posterior
(``β̃_1 = 0``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from fractions import Fraction

import numpy as np
import torch
from hypothesis import strategies as st

from checks.divergences import Dist, distribution

SEEDS = st.integers(0, 2**32 - 1)


def _fmt(d) -> str:
    return "(" + ", ".join(str(x) for x in d) + ")"


# --- GAN objective ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class GanInstance:
    """Data law ``p``, generator law ``q`` and competitor discriminators ``rivals`` (values in (0, 1))."""

    p: Dist
    q: Dist
    rivals: tuple[tuple[Fraction, ...], ...]
    family: str

    def __repr__(self) -> str:
        return (f"GanInstance({self.family}: p={_fmt(self.p)}, q={_fmt(self.q)}, "
                f"rivals={[_fmt(r) for r in self.rivals]})")


_UNIT = st.integers(1, 15).map(lambda k: Fraction(k, 16))


@st.composite
def gan_instances(draw) -> GanInstance:
    m = draw(st.integers(2, 5))
    family = draw(st.sampled_from(["random", "random", "equal", "disjoint"]))
    w = st.lists(st.integers(0, 9), min_size=m, max_size=m).filter(lambda v: sum(v) > 0)
    p = distribution(draw(w))
    if family == "equal":
        q = p
    elif family == "disjoint":
        cut = draw(st.integers(1, m - 1))
        p = distribution([draw(st.integers(1, 9)) for _ in range(cut)] + [0] * (m - cut))
        q = distribution([0] * cut + [draw(st.integers(1, 9)) for _ in range(m - cut)])
    else:
        q = distribution(draw(w))
    rivals = tuple(tuple(draw(_UNIT) for _ in range(m)) for _ in range(draw(st.integers(1, 3))))
    return GanInstance(p, q, rivals, family)


@dataclass(frozen=True)
class FeatureInstance:
    """Source and target laws on ``m`` inputs and feature maps ``phis`` (tuples: input -> feature)."""

    source: Dist
    target: Dist
    phis: tuple[tuple[int, ...], ...]

    def __repr__(self) -> str:
        return f"FeatureInstance(source={_fmt(self.source)}, target={_fmt(self.target)}, phis={list(self.phis)})"


@st.composite
def feature_instances(draw) -> FeatureInstance:
    m = draw(st.integers(2, 5))
    w = st.lists(st.integers(0, 9), min_size=m, max_size=m).filter(lambda v: sum(v) > 0)
    phis = tuple(tuple(draw(st.integers(0, 2)) for _ in range(m)) for _ in range(draw(st.integers(1, 3))))
    return FeatureInstance(distribution(draw(w)), distribution(draw(w)), phis)


# --- pushforwards and mixtures -----------------------------------------------------------------------

@dataclass(frozen=True)
class GeneratorMixture:
    """Generators ``tables[k]: z -> x`` on a latent uniform on ``{0..n_latent-1}``, weights ``pi``."""

    tables: tuple[tuple[int, ...], ...]
    pi: tuple[Fraction, ...]

    def __repr__(self) -> str:
        return f"GeneratorMixture(tables={list(self.tables)}, pi={_fmt(self.pi)})"


@st.composite
def generator_mixtures(draw, nonuniform: bool = False) -> GeneratorMixture:
    """With ``nonuniform``: weights not all equal and generators with disjoint ranges."""
    k = draw(st.integers(2, 4))
    n = draw(st.integers(1, 4))
    disjoint = nonuniform or draw(st.booleans())
    tables = tuple(tuple(draw(st.integers(0, 3)) + (10 * j if disjoint else 0) for _ in range(n))
                   for j in range(k))
    pi = distribution(draw(st.lists(st.integers(1, 9), min_size=k, max_size=k)
                           .filter(lambda v: not nonuniform or len(set(v)) > 1)))
    return GeneratorMixture(tables, pi)


@dataclass(frozen=True)
class PointSet:
    """``M`` distinct points of ``Q^d``."""

    points: tuple[tuple[Fraction, ...], ...]

    def __repr__(self) -> str:
        return f"PointSet({[_fmt(x) for x in self.points]})"


@st.composite
def point_sets(draw) -> PointSet:
    d = draw(st.integers(1, 3))
    m = draw(st.integers(2, 7))
    pts = draw(st.lists(st.tuples(*[st.integers(-5, 5).map(Fraction) for _ in range(d)]),
                        min_size=m, max_size=m, unique=True))
    return PointSet(tuple(pts))


# --- birthday problem --------------------------------------------------------------------------------

def birthday_sizes() -> st.SearchStrategy[int]:
    """Numbers of items ``N``: small ones (where rounding matters) and large ones."""
    return st.one_of(st.integers(1, 30), st.just(365), st.integers(31, 20000))


@dataclass(frozen=True)
class ModeWeights:
    """Mode probabilities ``w`` (``N`` modes) of a generator; ``family`` says how they were drawn."""

    w: Dist
    family: str

    def __repr__(self) -> str:
        return f"ModeWeights({self.family}, N={len(self.w)}: {_fmt(self.w) if len(self.w) <= 8 else '...'})"


@st.composite
def mode_weights(draw, skewed_only: bool = False) -> ModeWeights:
    n = draw(st.integers(2, 120))
    family = "heavy mode" if skewed_only else draw(st.sampled_from(["uniform", "random", "heavy mode"]))
    if family == "uniform":
        w = [1] * n
    elif family == "random":
        w = draw(st.lists(st.integers(1, 6), min_size=n, max_size=n))
    else:
        n = max(n, 40)
        w = [4 * n] + [1] * (n - 1)  # one mode carries 4/5 of the mass
    return ModeWeights(distribution(w), family)


# --- normalizing flows -------------------------------------------------------------------------------

def _torch(seed: int, *shape: int, scale: float = 1.0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return scale * torch.randn(*shape, generator=g, dtype=torch.float64)


@dataclass(frozen=True)
class CouplingFlow:
    """``depth`` affine coupling layers on ``R^dim`` alternating a reversal permutation, each with
    tanh MLPs ``r`` (log-scale, ``h = e^r``) and ``s`` (shift) of width ``width``; then the linear map
    ``a`` (invertible) and shift ``b``.  Parameters are drawn from ``seed``; ``scale`` multiplies ``r``."""

    dim: int
    depth: int
    width: int
    scale: float
    seed: int

    def params(self) -> dict:
        return _coupling_params(self)


@lru_cache(maxsize=64)
def _coupling_params(flow: CouplingFlow) -> dict:
    """The parameters of ``flow`` (drawn once per flow from its seed; the tensors are not modified)."""
    rng = np.random.default_rng(flow.seed)
    ks = rng.integers(0, 2**31, size=4 * flow.depth + 3)
    split = flow.dim // 2
    layers = []
    for i in range(flow.depth):
        r = [(_torch(int(ks[4 * i]), flow.width, split), _torch(int(ks[4 * i]) + 1, flow.width)),
             (_torch(int(ks[4 * i + 1]), flow.dim - split, flow.width, scale=flow.scale),
              _torch(int(ks[4 * i + 1]) + 1, flow.dim - split, scale=flow.scale))]
        s = [(_torch(int(ks[4 * i + 2]), flow.width, split), _torch(int(ks[4 * i + 2]) + 1, flow.width)),
             (_torch(int(ks[4 * i + 3]), flow.dim - split, flow.width), _torch(int(ks[4 * i + 3]) + 1,
                                                                               flow.dim - split))]
        layers.append((r, s))
    a = _torch(int(ks[-3]), flow.dim, flow.dim) + 2 * torch.eye(flow.dim, dtype=torch.float64)
    return {"split": split, "layers": layers, "a": a, "b": _torch(int(ks[-2]), flow.dim),
            "x": _torch(int(ks[-1]), 3, flow.dim)}


@st.composite
def coupling_flows(draw, depth_min: int = 1, dim_min: int = 2) -> CouplingFlow:
    return CouplingFlow(draw(st.integers(dim_min, 4)), draw(st.integers(depth_min, 3)), draw(st.integers(2, 5)),
                        draw(st.sampled_from([0.3, 0.7, 1.0])), draw(SEEDS))


@dataclass(frozen=True)
class AffineMap:
    """``f(x) = a x + b`` on ``R^dim`` with ``a = Q diag(e^{l}) R`` (``Q, R`` orthogonal from
    ``seed``) and ``Σ l = logdet`` (so ``|det a| = e^{logdet}``); ``x`` holds evaluation points."""

    dim: int
    logdet: float
    seed: int

    def params(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rng = np.random.default_rng(self.seed)
        q, _ = np.linalg.qr(rng.standard_normal((self.dim, self.dim)))
        r, _ = np.linalg.qr(rng.standard_normal((self.dim, self.dim)))
        spread = rng.uniform(-0.5, 0.5, self.dim)
        spread += (self.logdet - spread.sum()) / self.dim
        a = q @ np.diag(np.exp(spread)) @ r
        return a, rng.standard_normal(self.dim), rng.standard_normal((3, self.dim))


@st.composite
def affine_maps(draw) -> AffineMap:
    sign = draw(st.sampled_from([-1, 1]))
    return AffineMap(draw(st.integers(1, 4)), sign * draw(st.floats(0.25, 2.0)), draw(SEEDS))


@dataclass(frozen=True)
class Conv1x1:
    """A ``c×c`` matrix ``w = Q diag(σ) R`` with ``Σ log σ = logdet`` (nonzero), an image size ``h×w``."""

    channels: int
    height: int
    width: int
    logdet: float
    seed: int

    def params(self) -> tuple[torch.Tensor, torch.Tensor]:
        rng = np.random.default_rng(self.seed)
        q, _ = np.linalg.qr(rng.standard_normal((self.channels, self.channels)))
        r, _ = np.linalg.qr(rng.standard_normal((self.channels, self.channels)))
        spread = rng.uniform(-0.5, 0.5, self.channels)
        spread += (self.logdet - spread.sum()) / self.channels
        w = torch.tensor(q @ np.diag(np.exp(spread)) @ r, dtype=torch.float64)
        x = torch.tensor(rng.standard_normal((self.channels, self.height, self.width)), dtype=torch.float64)
        return w, x


@st.composite
def conv1x1s(draw) -> Conv1x1:
    h, w = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    if h * w == 1:
        w = 2
    sign = draw(st.sampled_from([-1, 1]))
    return Conv1x1(draw(st.integers(2, 4)), h, w, sign * draw(st.floats(0.25, 1.5)), draw(SEEDS))


@dataclass(frozen=True)
class PolynomialFlow:
    """Coefficients ``(a0, a1, a2, b0, b1, b2)`` of the triangular map of R^4 and evaluation points."""

    coefs: tuple[float, ...]
    seed: int

    def points(self) -> np.ndarray:
        return np.random.default_rng(self.seed).standard_normal((3, 4)) * 1.5


@st.composite
def polynomial_flows(draw, shifted: bool = False) -> PolynomialFlow:
    c = st.floats(-1.5, 1.5).map(lambda v: round(v, 3))
    coefs = [draw(c) for _ in range(6)]
    if shifted:  # quadratic shifts that matter and a nonzero log-scale
        coefs[1], coefs[4] = (draw(st.sampled_from([-1, 1])) * draw(st.floats(0.5, 1.5)) for _ in range(2))
        coefs[0] = coefs[3] = draw(st.sampled_from([-1, 1])) * draw(st.floats(0.3, 1.5))
    return PolynomialFlow(tuple(coefs), draw(SEEDS))


# --- diffusion -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Schedule:
    """Noise levels ``β_1..β_T`` in (0, 1), an initial point ``x0`` and a time ``t`` in 1..T."""

    betas: tuple[Fraction, ...]
    x0: tuple[Fraction, ...]
    t: int

    def __repr__(self) -> str:
        return f"Schedule(betas={_fmt(self.betas)}, x0={_fmt(self.x0)}, t={self.t})"


@st.composite
def schedules(draw, t_min: int = 1) -> Schedule:
    big = st.integers(1, 19).map(lambda k: Fraction(k, 20))
    tiny = st.integers(1, 9).map(lambda k: Fraction(k, 1000))
    length = draw(st.integers(max(t_min, 1), 7))
    betas = tuple(draw(st.one_of(big, tiny)) for _ in range(length))
    x0 = tuple(draw(st.integers(-6, 6).map(lambda k: Fraction(k, 2))) for _ in range(draw(st.integers(1, 3))))
    return Schedule(betas, x0, draw(st.integers(max(t_min, 1), length)))


@dataclass(frozen=True)
class GaussianPair:
    """Independent ``z1 ~ N(μ1, s1²)``, ``z2 ~ N(μ2, s2²)`` per coordinate, or ``z2 = z1`` if ``coupled``."""

    mu1: float
    s1: float
    mu2: float
    s2: float
    coupled: bool


@st.composite
def gaussian_pairs(draw, coupled: bool = False) -> GaussianPair:
    mu, sd = st.floats(-2, 2).map(lambda v: round(v, 3)), st.floats(0.3, 2.5).map(lambda v: round(v, 3))
    mu1, s1 = draw(mu), draw(sd)
    if coupled:
        return GaussianPair(mu1, s1, mu1, s1, True)
    return GaussianPair(mu1, s1, draw(mu), draw(sd), False)


@dataclass(frozen=True)
class AtomicPrior:
    """A finite law of ``x_0`` (atoms with weights), a noise level ``abar`` and query points ``xs``."""

    atoms: tuple[float, ...]
    weights: tuple[float, ...]
    abar: float
    xs: tuple[float, ...]


@st.composite
def atomic_priors(draw) -> AtomicPrior:
    k = draw(st.integers(1, 4))
    atoms = tuple(draw(st.floats(-3, 3).map(lambda v: round(v, 2))) for _ in range(k))
    w = [draw(st.integers(1, 9)) for _ in range(k)]
    abar = draw(st.one_of(st.floats(0.05, 0.95).map(lambda v: round(v, 4)), st.sampled_from([0.01, 0.5, 0.99])))
    xs = tuple(draw(st.floats(-4, 4).map(lambda v: round(v, 3))) for _ in range(3))
    return AtomicPrior(atoms, tuple(x / sum(w) for x in w), abar, xs)
