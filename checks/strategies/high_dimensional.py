"""Instances for the high-dimensional claims: Gaussian designs around the interpolation threshold,
small exact linear systems, points of the limiting risk curve, spiked and general covariances, and
GOE matrices.

Every random object is generated from a seed drawn by Hypothesis; the instances hold the seed and the
sizes (and print them), and generate their matrices on demand, so a printed instance replays exactly.
Where a bound or a formula is attained or most fragile, the strategy draws that family too: designs
a few features from the threshold, the minimizer of the limiting risk curve, equal population
eigenvalues (the largest eigenvalue bias), spikes near the BBP threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from checks.random_matrices import gaussian_designs
from checks.strategies.designs import haar_orthonormal, planted_design

SEEDS = st.integers(0, 2**32 - 1)
LEVELS = (Fraction(1, 4), Fraction(1, 2), Fraction(1), Fraction(2), Fraction(4))
"""Signal energies and noise variances drawn from this grid (exact, readable)."""


def _unit(rng: np.random.Generator, d: int) -> np.ndarray:
    v = rng.standard_normal(d)
    return v / np.linalg.norm(v)


# ---------------------------------------------------------------------------------------------
# Gaussian designs for min-norm least squares


@dataclass(frozen=True)
class RidgelessDesigns:
    """``replicates`` Gaussian designs ``n×p`` (the first ``p`` of the features), a signal ``β`` on
    them with ``‖β‖² = signal``, label noise of variance ``noise`` and omitted features carrying
    energy ``omitted``; since those are independent of the used ones, they act on the fit as extra
    noise of variance ``omitted`` (``σ_eff² = noise + omitted``)."""

    n: int
    p: int
    signal: Fraction
    noise: Fraction
    omitted: Fraction
    replicates: int
    seed: int
    family: str

    @property
    def effective_noise(self) -> Fraction:
        return self.noise + self.omitted

    def beta(self) -> np.ndarray:
        rng = np.random.default_rng([self.seed, 1])
        return float(self.signal) ** 0.5 * _unit(rng, self.p)

    def designs(self) -> np.ndarray:
        return gaussian_designs(np.random.default_rng([self.seed, 0]), self.replicates, self.n, self.p)


@st.composite
def ridgeless_designs(draw: st.DrawFn, min_gap: int = 4, max_n: int = 40, max_p: int = 64,
                      replicates: int = 300, misspecified: bool = True, side: str = "both"
                      ) -> RidgelessDesigns:
    """Designs with ``|p - n| >= min_gap`` (``min(n, p) <= max_n``).  Half the draws sit a few
    features from the threshold (``|p - n| <= min_gap + 4``, ``n >= 16``), where the finite-sample
    corrections are largest; ``side`` is ``under`` (``p < n``), ``over`` or ``both``."""
    sides = {"under": ["under"], "over": ["over"], "both": ["under", "over"]}[side]
    where = draw(st.sampled_from(sides))
    if draw(st.booleans()):
        n = draw(st.integers(16, max_n))
        gap = draw(st.integers(min_gap, min_gap + 4))
        family = "near the threshold"
    else:
        n = draw(st.integers(max(6, min_gap + 1), max_n))
        gap = draw(st.integers(min_gap, max(min_gap, (n - 1) if where == "under" else max_p - n)))
        family = "general"
    p = n - gap if where == "under" else n + gap
    if p < 1 or p > max_p:
        p = n - min_gap if where == "under" else min(n + min_gap, max_p)
    signal = draw(st.sampled_from((Fraction(0),) + LEVELS))
    noise = draw(st.sampled_from(LEVELS))
    omitted = draw(st.sampled_from((Fraction(0), Fraction(0), Fraction(1, 2), Fraction(2)))) if misspecified else Fraction(0)
    return RidgelessDesigns(n, p, signal, noise, omitted, replicates, draw(SEEDS), family)


@dataclass(frozen=True)
class AspectPair:
    """Two aspect ratios ``n < p1 < p2`` past the threshold, ``replicates`` designs at each."""

    n: int
    p1: int
    p2: int
    replicates: int
    seed: int

    def designs(self, p: int) -> np.ndarray:
        return gaussian_designs(np.random.default_rng([self.seed, p]), self.replicates, self.n, p)


@st.composite
def aspect_pairs(draw: st.DrawFn, max_n: int = 30, max_p: int = 64, replicates: int = 300) -> AspectPair:
    """``p1 >= n + 4`` (finite variance of ``tr (XXᵀ)⁻¹``) and ``p2 > p1``."""
    n = draw(st.integers(4, max_n))
    p1 = draw(st.integers(n + 4, min(max_p - 1, n + 12)))
    p2 = draw(st.integers(p1 + 1, max_p))
    return AspectPair(n, p1, p2, replicates, draw(SEEDS))


# ---------------------------------------------------------------------------------------------
# a single design with an anisotropic test distribution


@dataclass(frozen=True, eq=False)
class DesignRisk:
    """A fixed design ``X`` (any shape and rank), a signal ``beta``, the noise variance and the
    covariance ``cov`` of the test point."""

    X: np.ndarray
    beta: np.ndarray
    noise_var: float
    cov: np.ndarray
    family: str


@st.composite
def design_risks(draw: st.DrawFn, max_dim: int = 8, max_cond: float = 1e3, isotropic: bool = False,
                 wide: bool = False, full_rank: bool = False) -> DesignRisk:
    """Planted-spectrum designs (wide, tall or square; rank-deficient unless ``full_rank``), a random
    ``beta`` and an SPD test covariance (identity when ``isotropic``)."""
    n = draw(st.integers(1, max_dim - 1 if wide else max_dim))
    p = draw(st.integers(n + 1, max_dim)) if wide else draw(st.integers(1, max_dim))
    r = min(n, p) if full_rank else draw(st.integers(1, min(n, p)))
    decades = draw(st.lists(st.floats(0, float(np.log10(max_cond))), min_size=r - 1, max_size=r - 1))
    s = draw(st.floats(0.25, 4.0)) * 10.0 ** -np.sort(np.array([0.0] + decades))
    seed = draw(SEEDS)
    X, _, _ = planted_design(n, p, s, seed)
    rng = np.random.default_rng([seed, 1])
    beta = draw(st.floats(0.1, 3.0)) * _unit(rng, p)
    noise_var = float(draw(st.sampled_from(LEVELS)))
    if isotropic:
        cov, kind = np.eye(p), "identity"
    else:
        Q = haar_orthonormal(rng, p)
        eig = 10.0 ** rng.uniform(-1, 1, size=p)
        cov, kind = (Q * eig) @ Q.T, f"eigenvalues in [{eig.min():.3g}, {eig.max():.3g}]"
    family = f"{n}x{p} design of rank {r}, cond {s[0] / s[-1]:.3g}; test covariance {kind}"
    return DesignRisk(X, beta, noise_var, cov, family)


# ---------------------------------------------------------------------------------------------
# the limiting risk curve and the finite-n sizes


@dataclass(frozen=True)
class CurvePoints:
    """Signal norm ``r``, noise level ``sigma`` and two aspect ratios ``gamma < gamma2`` on the same
    side of 1 (exact rationals)."""

    r: Fraction
    sigma: Fraction
    gamma: Fraction
    gamma2: Fraction
    family: str


_POSITIVE = st.integers(1, 32).map(lambda a: Fraction(a, 8))


@st.composite
def curve_points(draw: st.DrawFn) -> CurvePoints:
    """Rational ``r, σ`` (so ``√SNR = r/σ`` is rational), and either the minimizer
    ``γ* = r/(r - σ)`` of the overparameterized branch (when ``r > σ``), or points below/above 1."""
    r, sigma = draw(_POSITIVE), draw(_POSITIVE)
    kind = draw(st.sampled_from(["minimizer", "under", "over", "over"]))
    step = Fraction(draw(st.integers(1, 512)), 64)
    if kind == "minimizer" and r > sigma:
        gamma = r / (r - sigma)
        return CurvePoints(r, sigma, gamma, gamma + step, "the minimizer gamma* = r/(r - sigma)")
    if kind == "under":
        gamma = Fraction(draw(st.integers(1, 63)), 64)
        return CurvePoints(r, sigma, gamma, gamma + (1 - gamma) * step / (1 + step), "gamma < 1")
    gamma = 1 + Fraction(draw(st.integers(1, 4096)), 64)
    return CurvePoints(r, sigma, gamma, gamma + step, "gamma > 1")


@dataclass(frozen=True)
class SizePoint:
    """Sample size ``n``, feature count ``p`` and exact signal and noise energies."""

    n: int
    p: int
    signal: Fraction
    noise: Fraction
    family: str


@st.composite
def size_points(draw: st.DrawFn, max_n: int = 400, min_gap: int = 2) -> SizePoint:
    """``|p - n| >= min_gap``; a third of the draws sit exactly ``min_gap`` from the threshold."""
    n = draw(st.integers(min_gap + 1, max_n))
    where = draw(st.sampled_from(["under", "over", "edge"]))
    if where == "edge":
        p = n + draw(st.sampled_from([-min_gap, min_gap]))
        family = "at the edge of the finite range"
    elif where == "under":
        p = draw(st.integers(1, n - min_gap))
        family = "p < n"
    else:
        p = draw(st.integers(n + min_gap, 4 * n + 8))
        family = "p > n"
    signal = draw(st.sampled_from((Fraction(0),) + LEVELS))
    return SizePoint(n, p, signal, draw(st.sampled_from(LEVELS)), family)


@dataclass(frozen=True)
class NestedModel:
    """Nested least squares: ``n`` samples, ``D`` isotropic features with coefficient energies
    ``energies[j]`` (``‖β‖² = sum``), label noise ``noise``; the model fits the first ``p`` features."""

    n: int
    energies: tuple[Fraction, ...]
    noise: Fraction
    family: str

    @property
    def D(self) -> int:
        return len(self.energies)

    def used(self, p: int) -> Fraction:
        return sum(self.energies[:p], Fraction(0))

    def omitted(self, p: int) -> Fraction:
        return sum(self.energies[p:], Fraction(0))


@st.composite
def nested_models(draw: st.DrawFn, max_n: int = 30) -> NestedModel:
    """Flat, decaying, late-heavy and well-specified (all signal in the first features) profiles."""
    n = draw(st.integers(4, max_n))
    D = draw(st.integers(n + 3, 3 * n + 6))
    shape = draw(st.sampled_from(["flat", "decaying", "late", "well-specified"]))
    scale = draw(st.sampled_from(LEVELS))
    if shape == "flat":
        e = [scale / D] * D
    elif shape == "decaying":
        e = [scale / (j + 1) ** 2 for j in range(D)]
    elif shape == "late":
        e = [scale / D if j >= D // 2 else scale / (8 * D) for j in range(D)]
    else:
        k = draw(st.integers(1, n - 2))
        e = [scale / k if j < k else Fraction(0) for j in range(D)]
    return NestedModel(n, tuple(e), draw(st.sampled_from(LEVELS)), f"{shape} signal over {D} features")


@dataclass(frozen=True)
class RidgePair:
    """Nested designs with ``n1 < n2`` samples of ``p`` features for ridge at the Bayes-optimal
    penalty (and ridgeless fits for comparison)."""

    n1: int
    n2: int
    p: int
    signal: Fraction
    noise: Fraction
    replicates: int
    seed: int

    def designs(self) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng([self.seed, 0])
        X2 = gaussian_designs(rng, self.replicates, self.n2, self.p)
        return X2[:, : self.n1], X2

    def beta(self) -> np.ndarray:
        return float(self.signal) ** 0.5 * _unit(np.random.default_rng([self.seed, 1]), self.p)


@st.composite
def ridge_pairs(draw: st.DrawFn, max_p: int = 40, replicates: int = 300) -> RidgePair:
    """Sample sizes around the threshold ``n = p`` (where ridgeless risk peaks)."""
    p = draw(st.integers(12, max_p))
    n1 = draw(st.integers(max(2, p // 3), p - 5))
    n2 = draw(st.integers(n1 + 1, min(p - 4, n1 + 12) if draw(st.booleans()) else p + 8))
    return RidgePair(n1, n2, p, draw(st.sampled_from(LEVELS)), draw(st.sampled_from(LEVELS)),
                     replicates, draw(SEEDS))


# ---------------------------------------------------------------------------------------------
# exact small systems


@dataclass(frozen=True)
class IntegerSystem:
    """An integer matrix ``X`` (``n×p``, as nested tuples) of planted rank at most ``rank`` and an
    integer right-hand side ``y``."""

    X: tuple[tuple[int, ...], ...]
    y: tuple[int, ...]
    rank: int
    family: str

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.X), len(self.X[0])


@st.composite
def integer_systems(draw: st.DrawFn, max_dim: int = 6, generic: bool = False) -> IntegerSystem:
    """``X = A B`` with integer ``A`` (``n×k``), ``B`` (``k×p``): generic (full-rank) when
    ``k >= min(n, p)``, rank-deficient (the interpolation threshold moves to rank ``= n``) otherwise;
    ``generic`` draws only ``k >= min(n, p)``."""
    n = draw(st.integers(1, max_dim))
    p = draw(st.integers(1, max_dim))
    k = draw(st.integers(min(n, p) if generic else 1, max(n, p)))
    ints = st.integers(-3, 3)
    A = [[draw(ints) for _ in range(k)] for _ in range(n)]
    B = [[draw(ints) for _ in range(p)] for _ in range(k)]
    X = tuple(tuple(sum(A[i][t] * B[t][j] for t in range(k)) for j in range(p)) for i in range(n))
    y = tuple(draw(st.integers(-5, 5)) for _ in range(n))
    fam = "generic product" if k >= min(n, p) else f"planted rank <= {k}"
    return IntegerSystem(X, y, min(k, n, p), fam)


@dataclass(frozen=True)
class NestedFeatures:
    """Integer features ``X`` (``n×(p+1)``, as nested tuples) and a right-hand side ``y`` consistent
    with the first ``p`` columns; ``fresh`` is an unrelated integer ``n×(p+1)`` matrix."""

    X: tuple[tuple[int, ...], ...]
    y: tuple[int, ...]
    fresh: tuple[tuple[int, ...], ...]
    p: int


@st.composite
def nested_features(draw: st.DrawFn, max_n: int = 4, max_p: int = 7) -> NestedFeatures:
    n = draw(st.integers(1, max_n))
    p = draw(st.integers(1, max_p))
    ints = st.integers(-3, 3)
    X = tuple(tuple(draw(ints) for _ in range(p + 1)) for _ in range(n))
    w = [draw(ints) for _ in range(p)]
    y = tuple(sum(X[i][j] * w[j] for j in range(p)) for i in range(n))
    fresh = tuple(tuple(draw(ints) for _ in range(p + 1)) for _ in range(n))
    return NestedFeatures(X, y, fresh, p)


@dataclass(frozen=True)
class InterpolantNorms:
    """``replicates`` Gaussian ``n×p`` designs and a fixed target ``y`` (from ``seed``)."""

    n: int
    p: int
    replicates: int
    seed: int

    def draws(self) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(self.seed)
        y = rng.standard_normal(self.n) * rng.uniform(0.5, 2.0)
        return gaussian_designs(rng, self.replicates, self.n, self.p), y


@st.composite
def interpolant_norms(draw: st.DrawFn, max_n: int = 20, replicates: int = 1500) -> InterpolantNorms:
    """``p >= n + 4`` (finite variance); half the draws have ``p - n`` in 4..6, where the off-by-one
    ``1/(p - n)`` versus ``1/(p - n - 1)`` matters most."""
    n = draw(st.integers(1, max_n))
    p = n + (draw(st.integers(4, 6)) if draw(st.booleans()) else draw(st.integers(4, 3 * max_n)))
    return InterpolantNorms(n, p, replicates, draw(SEEDS))


# ---------------------------------------------------------------------------------------------
# square Gaussian matrices, spectra, covariances, GOE


@dataclass(frozen=True)
class GaussianBatch:
    """``replicates`` Gaussian ``n×p`` matrices from ``seed`` and a threshold parameter ``t``."""

    n: int
    p: int
    t: float
    replicates: int
    seed: int

    def matrices(self) -> np.ndarray:
        return gaussian_designs(np.random.default_rng(self.seed), self.replicates, self.n, self.p)


@st.composite
def square_batches(draw: st.DrawFn, max_n: int = 40, replicates: int = 400) -> GaussianBatch:
    """Square ``n×n`` matrices and a small-ball radius ``t`` for ``√n σ_min``."""
    n = draw(st.integers(2, max_n))
    t = draw(st.sampled_from([0.05, 0.1, 0.2, 0.3, 0.4]))
    return GaussianBatch(n, n, t, replicates, draw(SEEDS))


@st.composite
def spectrum_batches(draw: st.DrawFn, replicates: int = 30, t: float = 1.6) -> GaussianBatch:
    """``n×p`` matrices, ``n`` in ``[80, 120]`` and ``γ = p/n`` in ``[1/5, 2]``, mostly near ``γ = 1/4``
    (where ``√γ - γ`` is largest), with the Davidson–Szarek deviation ``t``: ``2e^{-t²/2} = 0.56``,
    so 25 draws all outside a claimed band reject it at level 4e-7."""
    n = draw(st.integers(80, 120))
    gamma = draw(st.sampled_from([0.2, 0.25, 0.25, 0.3, 0.4, 0.5, 1.0, 2.0]))
    return GaussianBatch(n, max(1, round(gamma * n)), t, replicates, draw(SEEDS))


@dataclass(frozen=True)
class MomentPoint:
    """Moment order ``k``, sizes ``n×p`` and ``replicates`` draws for the spectral moments of
    ``S = XᵀX/n``."""

    k: int
    n: int
    p: int
    replicates: int
    seed: int


@st.composite
def moment_points(draw: st.DrawFn, max_dim: int = 60, max_k: int = 3, replicates: int = 200) -> MomentPoint:
    """Orders ``1..max_k`` and sizes up to ``max_dim`` on both sides of ``γ = 1``."""
    k = draw(st.integers(1, max_k))
    n = draw(st.integers(1, max_dim))
    p = draw(st.integers(1, max_dim))
    return MomentPoint(k, n, p, replicates, draw(SEEDS))


@dataclass(frozen=True)
class CovarianceBatch:
    """Population eigenvalues (a covariance ``Q diag(eigs) Qᵀ`` with Haar ``Q``), ``n`` samples,
    ``replicates`` sample covariances, ``centered`` (mean estimated, ``1/(n-1)``) or not."""

    eigs: tuple[float, ...]
    n: int
    centered: bool
    k: int
    replicates: int
    seed: int
    family: str

    @property
    def d(self) -> int:
        return len(self.eigs)

    def samples(self) -> np.ndarray:
        """``(replicates, n, d)`` Gaussian samples with the population covariance."""
        rng = np.random.default_rng(self.seed)
        Q = haar_orthonormal(rng, self.d)
        root = Q * np.sqrt(np.asarray(self.eigs))
        return rng.standard_normal((self.replicates, self.n, self.d)) @ root.T


@st.composite
def covariance_batches(draw: st.DrawFn, max_d: int = 30, replicates: int = 300) -> CovarianceBatch:
    """Equal eigenvalues (the largest bias), spread spectra and one spike; ``n`` from ``d/2`` to
    ``10 d``; ``k`` the size of the Ky Fan sums."""
    d = draw(st.integers(2, max_d))
    shape = draw(st.sampled_from(["equal", "equal", "spread", "spike"]))
    if shape == "equal":
        eigs = (1.0,) * d
    elif shape == "spread":
        eigs = tuple(float(x) for x in np.geomspace(draw(st.sampled_from([2.0, 10.0, 100.0])), 1.0, d))
    else:
        eigs = (float(draw(st.sampled_from([2.0, 5.0]))),) + (1.0,) * (d - 1)
    n = max(2, round(d * draw(st.sampled_from([0.5, 1.0, 2.0, 10.0]))))
    k = draw(st.integers(1, d))
    return CovarianceBatch(eigs, n, draw(st.booleans()), k, replicates, draw(SEEDS),
                           f"{shape} spectrum, d = {d}, n = {n}")


@dataclass(frozen=True)
class SpikedBatch:
    """Spiked covariance ``I + ell v vᵀ`` in dimension ``p`` with ``n`` samples."""

    ell: float
    n: int
    p: int
    replicates: int
    seed: int

    @property
    def gamma(self) -> float:
        return self.p / self.n


@st.composite
def spiked_batches(draw: st.DrawFn, replicates: int = 12) -> SpikedBatch:
    """``γ`` in ``[1/8, 2]`` and spikes on both sides of ``√γ`` (near it too)."""
    n = draw(st.integers(20, 60))
    gamma = draw(st.sampled_from([0.125, 0.25, 0.5, 1.0, 2.0]))
    factor = draw(st.sampled_from([0.3, 0.7, 0.95, 1.05, 1.5, 3.0, 8.0]))
    return SpikedBatch(factor * gamma**0.5, n, max(1, round(gamma * n)), replicates, draw(SEEDS))


@dataclass(frozen=True)
class GOEBatch:
    """``replicates`` GOE matrices of size ``n``."""

    n: int
    replicates: int
    seed: int


def goe_batches(max_n: int = 6, replicates: int = 4000) -> SearchStrategy[GOEBatch]:
    return st.builds(GOEBatch, st.integers(1, max_n), st.just(replicates), SEEDS)
