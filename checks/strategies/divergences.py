"""Strategies for finite distributions (rational probability vectors), pairs of them, finite model
classes, convex piecewise-linear ``f``, Gaussian pairs and isotropic Gaussian data sets.

Families: random pairs (some with zeros), equal pairs, Bernoulli pairs ``(½, ½)`` vs ``(½ + ε, ½ − ε)``
(where Pinsker is tight as ``ε → 0``), point masses against the 50/50 model, empirical distributions
of seeded samples, bimodal data against a broad and a peaked model (where forward and reverse KL
disagree), and uniform data against a TV-near model that starves one outcome (where TV and KL disagree).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.divergences import ConvexPL, Dist, distribution

SEEDS = st.integers(0, 2**32 - 1)


def _fmt(d: Dist) -> str:
    return "(" + ", ".join(str(x) for x in d) + ")"


@dataclass(frozen=True)
class Pair:
    """Two distributions on the same ``m`` outcomes; ``family`` says how they were drawn."""

    p: Dist
    q: Dist
    family: str

    def __repr__(self) -> str:
        return f"Pair({self.family}: p={_fmt(self.p)}, q={_fmt(self.q)})"


def _weights(m: int, zeros: bool) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0 if zeros else 1, 12), min_size=m, max_size=m).filter(lambda w: sum(w) > 0)


@st.composite
def random_pairs(draw, zeros: bool = False, full_q: bool = True) -> Pair:
    m = draw(st.integers(2, 6))
    p = distribution(draw(_weights(m, zeros)))
    q = distribution(draw(_weights(m, zeros and not full_q)))
    return Pair(p, q, "random" + (" with zeros" if zeros else ""))


@st.composite
def bernoulli_pairs(draw) -> Pair:
    """``p = (½, ½)``, ``q = (½ + ε, ½ − ε)`` with ``ε = 1/N``: Pinsker's ratio ``2TV²/KL → 1``."""
    n = draw(st.integers(3, 400))
    e = Fraction(1, n)
    half = Fraction(1, 2)
    return Pair((half, half), (half + e, half - e), f"Bernoulli(1/2) vs Bernoulli(1/2 + 1/{n})")


@st.composite
def equal_pairs(draw) -> Pair:
    m = draw(st.integers(1, 5))
    p = distribution(draw(_weights(m, False)))
    return Pair(p, p, "equal")


@st.composite
def certain_vs_even(draw) -> Pair:
    """A certain target (point mass on one of two outcomes) against the 50/50 model."""
    i = draw(st.integers(0, 1))
    p = (Fraction(1 - i), Fraction(i))
    return Pair(p, (Fraction(1, 2), Fraction(1, 2)), "point mass vs 50/50")


@st.composite
def empirical_pairs(draw) -> Pair:
    """``p̂`` = the empirical law of ``n`` seeded draws from a random ``q``-independent law ``p``,
    against a model ``q`` of full support (the empirical log-likelihood is ``-CE(p̂, q)``)."""
    m = draw(st.integers(2, 5))
    law = np.array([float(x) for x in distribution(draw(_weights(m, False)))])
    n = draw(st.integers(1, 30))
    counts = np.random.default_rng(draw(SEEDS)).multinomial(n, law / law.sum())
    q = distribution(draw(_weights(m, False)))
    return Pair(distribution(counts.tolist()), q, f"empirical law of {n} draws")


def pairs() -> st.SearchStrategy[Pair]:
    """Pairs with ``p ≪ q`` (q of full support)."""
    return st.one_of(random_pairs(), random_pairs(zeros=True), bernoulli_pairs(), equal_pairs(),
                     certain_vs_even(), empirical_pairs())


def full_support_pairs() -> st.SearchStrategy[Pair]:
    return st.one_of(random_pairs(), bernoulli_pairs(), equal_pairs())


def any_pairs() -> st.SearchStrategy[Pair]:
    """Pairs where ``q`` may vanish where ``p`` does not (``KL = ∞``)."""
    return st.one_of(pairs(), random_pairs(zeros=True, full_q=False))


# --- finite model classes -------------------------------------------------------------------------

@dataclass(frozen=True)
class ModelClass:
    """A data law ``p`` and candidate models ``qs`` (all of full support)."""

    p: Dist
    qs: tuple[Dist, ...]
    family: str

    def __repr__(self) -> str:
        return f"ModelClass({self.family}: p={_fmt(self.p)}, qs=[{', '.join(_fmt(q) for q in self.qs)}])"


@st.composite
def random_model_classes(draw) -> ModelClass:
    m = draw(st.integers(2, 5))
    p = distribution(draw(_weights(m, False)))
    k = draw(st.integers(2, 4))
    qs = tuple(distribution(draw(_weights(m, False))) for _ in range(k))
    return ModelClass(p, qs, "random")


@st.composite
def bimodal_model_classes(draw) -> ModelClass:
    """Data with two modes at the ends of ``m`` outcomes; models: the uniform law (covers both
    modes) and laws peaked on one mode.  Forward KL prefers covering, reverse KL a single mode."""
    m = draw(st.integers(3, 7))
    a = draw(st.integers(4, 30))
    p = distribution([a] + [1] * (m - 2) + [a])
    peak = draw(st.integers(20, 400))
    qs = (distribution([1] * m), distribution([peak] + [1] * (m - 1)), distribution([1] * (m - 1) + [peak]))
    return ModelClass(p, qs, f"bimodal (modes {a}:1), uniform vs peaked ({peak}:1)")


@st.composite
def tv_trap_model_classes(draw) -> ModelClass:
    """Uniform data on ``m`` outcomes; one model moves ``1/m − δ`` of mass from the last outcome to the
    first (TV ``1/m − δ``, but mass ``δ`` where the data has ``1/m``: large KL), the other moves ``1/m``
    spread over all other outcomes (TV ``1/m``, moderate KL)."""
    m = draw(st.integers(3, 5))
    delta = Fraction(1, draw(st.integers(30, 300)))
    u = Fraction(1, m)
    near = (2 * u - delta,) + (u,) * (m - 2) + (delta,)
    covering = (2 * u,) + (u - u / (m - 1),) * (m - 1)
    return ModelClass((u,) * m, (near, covering), f"uniform data, a TV-near model with mass {delta} on an outcome")


@st.composite
def empirical_model_classes(draw) -> ModelClass:
    """The empirical law ``p̂_n`` of ``n`` seeded draws from a random law, against random models: the
    empirical MLE maximizes ``(1/n) Σ log q(x_i) = -CE(p̂_n, q)``."""
    cls = draw(random_model_classes())
    law = np.array([float(x) for x in cls.p])
    n = draw(st.integers(1, 40))
    counts = np.random.default_rng(draw(SEEDS)).multinomial(n, law / law.sum())
    return ModelClass(distribution(counts.tolist()), cls.qs, f"empirical law of {n} draws")


def model_classes() -> st.SearchStrategy[ModelClass]:
    return st.one_of(random_model_classes(), bimodal_model_classes(), empirical_model_classes())


# --- convex f -------------------------------------------------------------------------------------

FRACS = st.fractions(min_value=-4, max_value=4, max_denominator=6)


@st.composite
def convex_pl(draw, normalized: bool = True) -> ConvexPL:
    """``max_i(a_i t + b_i)`` shifted so that ``f(1) = 0``; not normalized: then shifted by a drawn
    constant, so that ``f(1)`` takes either sign."""
    k = draw(st.integers(1, 4))
    f = ConvexPL(tuple(draw(FRACS) for _ in range(k)), tuple(draw(FRACS) for _ in range(k)))
    f = f.shifted(-f(Fraction(1)))
    return f if normalized else f.shifted(draw(FRACS))


@dataclass(frozen=True)
class FPair:
    f: ConvexPL
    pair: Pair


def f_instances(normalized: bool = True) -> st.SearchStrategy[FPair]:
    return st.builds(FPair, convex_pl(normalized), full_support_pairs())


# --- Donsker–Varadhan test functions ---------------------------------------------------------------

@dataclass(frozen=True)
class DVInstance:
    """``p``, ``q`` (full support) and a test function ``g = log r``."""

    pair: Pair
    r: tuple[Fraction, ...]
    family: str

    def __repr__(self) -> str:
        return f"DV({self.pair!r}, g = log r, r={_fmt(self.r)} ({self.family}))"


@st.composite
def dv_instances(draw) -> DVInstance:
    pair = draw(full_support_pairs())
    kind = draw(st.sampled_from(["random", "power"]))
    if kind == "random":
        r = tuple(Fraction(x) for x in draw(st.lists(st.integers(1, 9), min_size=len(pair.p), max_size=len(pair.p))))
        return DVInstance(pair, r, "random")
    c = draw(st.integers(0, 3))
    return DVInstance(pair, tuple((b / a) ** c for a, b in zip(pair.p, pair.q)), f"(q/p)^{c}")


# --- Gaussians ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GaussianPair:
    """``N(mu_q, R diag(dq) Rᵀ)`` and ``N(mu_p, R diag(dp) Rᵀ)`` with a shared rotation ``R``."""

    mu_q: np.ndarray
    dq: np.ndarray
    mu_p: np.ndarray
    dp: np.ndarray
    rot: np.ndarray
    seed: int

    def __repr__(self) -> str:
        r = lambda a: np.array2string(np.asarray(a), precision=3)  # noqa: E731
        return (f"GaussianPair(k={len(self.dq)}, seed={self.seed}, mu_q={r(self.mu_q)}, dq={r(self.dq)}, "
                f"mu_p={r(self.mu_p)}, dp={r(self.dp)})")

    @property
    def cov_q(self) -> np.ndarray:
        return self.rot @ np.diag(self.dq) @ self.rot.T

    @property
    def cov_p(self) -> np.ndarray:
        return self.rot @ np.diag(self.dp) @ self.rot.T


@st.composite
def gaussian_pairs(draw) -> GaussianPair:
    k = draw(st.integers(1, 4))
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    rot, _ = np.linalg.qr(rng.standard_normal((k, k)))
    dq = np.exp(rng.uniform(-1.5, 1.5, k))
    dp = dq if draw(st.booleans()) else np.exp(rng.uniform(-1.5, 1.5, k))
    mu_q = rng.uniform(-2, 2, k)
    mu_p = mu_q if draw(st.booleans()) else rng.uniform(-2, 2, k)
    return GaussianPair(mu_q, dq, mu_p, dp, rot, seed)


# --- isotropic Gaussian data --------------------------------------------------------------------

@dataclass(frozen=True)
class GaussianData:
    """Points ``xs`` in ``ℚ^d`` (not all equal) and a comparison parameter ``(mu, s2)``."""

    xs: tuple[tuple[Fraction, ...], ...]
    mu: tuple[Fraction, ...]
    s2: Fraction

    def __repr__(self) -> str:
        pts = "; ".join(", ".join(str(v) for v in x) for x in self.xs)
        return f"GaussianData(n={len(self.xs)}, d={len(self.mu)}, xs=[{pts}], compare mu={_fmt(self.mu)}, s2={self.s2})"


@st.composite
def gaussian_data(draw, min_d: int = 1) -> GaussianData:
    d = draw(st.integers(min_d, 4))
    n = draw(st.integers(2, 6))
    pt = st.tuples(*[st.integers(-5, 5).map(Fraction) for _ in range(d)])
    xs = tuple(draw(st.lists(pt, min_size=n, max_size=n).filter(lambda v: len(set(v)) > 1)))
    mu = tuple(draw(FRACS) for _ in range(d))
    s2 = draw(st.fractions(min_value=Fraction(1, 10), max_value=30, max_denominator=10))
    return GaussianData(xs, mu, s2)
