"""Underdetermined regression problems for implicit-bias claims: wide designs ``X`` (``n < d``), a
consistent ``y = X w♮`` from a planted (often sparse) interpolant ``w♮``, and the optimizer's
potential, initialization and step multipliers.

Designs are ``X = U diag(s) Vᵀ`` (``designs.planted_design``) with singular values drawn in
``[1/cond, 1]`` times a scale, so every bound that divides by ``s_min`` stays meaningful.  All
randomness comes from Hypothesis-drawn seeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from checks import exact_linalg
from checks.mirror import Entropy, HyperbolicEntropy, Potential, Quadratic
from checks.strategies.designs import haar_orthonormal, planted_design

POTENTIALS = ("euclidean", "quadratic", "entropy", "hyperbolic")


@dataclass(frozen=True, eq=False)
class Regression:
    """A consistent system ``X w = y`` built from the planted interpolant ``truth``."""

    X: np.ndarray
    y: np.ndarray
    truth: np.ndarray
    family: str


@st.composite
def wide_designs(draw, min_n: int = 1, max_n: int = 5, max_d: int = 8, max_cond: float = 10.0
                 ) -> tuple[np.ndarray, np.ndarray, int, str]:
    """``(X, V, seed, family)``: an ``n×d`` design with ``n < d``, full row rank, condition number at
    most ``max_cond``; ``V`` holds its right singular vectors (first ``n`` columns span ``row(X)``)."""
    if not 1 <= min_n <= max_n < max_d:
        raise ValueError(f"need 1 <= min_n <= max_n < max_d, got {min_n}, {max_n}, {max_d}")
    n = draw(st.integers(min_n, max_n))
    d = draw(st.integers(n + 1, max_d))
    scale = draw(st.floats(0.5, 2.0))
    logs = draw(st.lists(st.floats(0, float(np.log10(max_cond))), min_size=n - 1, max_size=n - 1))
    s = scale * 10.0 ** -np.sort(np.array([0.0] + logs))
    seed = draw(st.integers(0, 2**32 - 1))
    X, _, V = planted_design(n, d, s, seed)
    return X, V, seed, f"{n}x{d}, cond {s[0] / s[-1]:.3g}"


def _sparse(rng: np.random.Generator, d: int, k: int, signed: bool) -> np.ndarray:
    w = np.zeros(d)
    idx = rng.choice(d, size=k, replace=False)
    mags = rng.uniform(0.5, 2.0, size=k)
    w[idx] = mags * (rng.choice([-1.0, 1.0], size=k) if signed else 1.0)
    return w


@st.composite
def sparse_regressions(draw, signed: bool = True, min_n: int = 1, max_n: int = 5, max_d: int = 8,
                       max_cond: float = 10.0) -> Regression:
    """``y = X w♮`` with ``w♮`` ``k``-sparse (``1 <= k <= n``, entries of modulus in [0.5, 2]; all
    nonnegative when ``signed`` is False, so a nonnegative interpolant exists)."""
    X, _, seed, family = draw(wide_designs(min_n, max_n, max_d, max_cond))
    n, d = X.shape
    k = draw(st.integers(1, n))
    truth = _sparse(np.random.default_rng(seed + 7), d, k, signed)
    sign = "signed" if signed else "nonnegative"
    return Regression(X, X @ truth, truth, f"{family}, {sign} {k}-sparse truth")


# --- mirror descent problems --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class MirrorProblem:
    """Mirror descent with ``potential`` on ``½||X w - y||²`` from ``w0``, with the step multipliers
    ``c_t`` of :func:`checks.mirror.mirror_descent`."""

    potential: Potential
    X: np.ndarray
    y: np.ndarray
    w0: np.ndarray
    multipliers: np.ndarray
    family: str


def random_spd(rng: np.random.Generator, d: int, cond: float) -> np.ndarray:
    """``Q diag(l) Qᵀ`` with Haar ``Q`` and eigenvalues log-spaced over ``[1, cond]``."""
    Q = haar_orthonormal(rng, d)
    lam = np.geomspace(1.0, cond, d) if d > 1 else np.ones(1)
    D = (Q * lam) @ Q.T
    return (D + D.T) / 2


@st.composite
def mirror_problems(draw, potentials: tuple[str, ...] = POTENTIALS, max_steps: int = 5000,
                    multipliers: tuple[float, float] = (0.4, 1.4)) -> MirrorProblem:
    """Mirror-descent problems for each potential kind.

    - ``euclidean``: half the draws are the tight family, ``w0 - w*`` along the least right singular
      vector (where ``||w_t - w*|| = ||X w_t - y|| / s_min`` holds with equality);
    - ``quadratic``: ``D`` with condition number in [1.5, 10];
    - ``entropy``: ``y = X w♮`` with a positive ``w♮`` (so the feasible set meets the orthant) and a
      positive ``w0``;
    - ``hyperbolic``: scale ``a`` log-uniform in [0.03, 3], ``w0 = 0`` or Gaussian, signed sparse ``w♮``.
    The per-step multipliers are drawn i.i.d. uniform on ``multipliers`` (any schedule is allowed)."""
    kind = draw(st.sampled_from(potentials))
    X, V, seed, family = draw(wide_designs(min_n=1, max_n=4, max_d=7, max_cond=6.0))
    n, d = X.shape
    rng = np.random.default_rng(seed + 11)
    c = rng.uniform(*multipliers, size=max_steps)
    if kind == "entropy":
        truth = np.exp(rng.normal(0.0, 0.5, size=d))
        w0 = np.exp(rng.normal(0.0, 0.5, size=d))
        return MirrorProblem(Entropy(), X, X @ truth, w0, c, f"entropy, {family}, w0 > 0")
    if kind == "hyperbolic":
        a = 10.0 ** draw(st.floats(-1.5, 0.5))
        k = draw(st.integers(1, n))
        truth = _sparse(rng, d, k, signed=True)
        zero = draw(st.booleans())
        w0 = np.zeros(d) if zero else rng.standard_normal(d)
        return MirrorProblem(HyperbolicEntropy(a), X, X @ truth, w0, c,
                             f"hyperbolic a = {a:.3g}, {family}, {k}-sparse truth, w0 {'= 0' if zero else '~ N(0, I)'}")
    truth = rng.standard_normal(d)
    y = X @ truth
    if kind == "quadratic":
        cond = draw(st.floats(1.5, 10.0))
        D = random_spd(rng, d, cond)
        return MirrorProblem(Quadratic(D), X, y, rng.standard_normal(d), c, f"quadratic cond(D) = {cond:.3g}, {family}")
    if draw(st.booleans()):  # tight: the initial error lies along the slowest row-space direction
        t = draw(st.floats(0.5, 3.0)) * draw(st.sampled_from([-1.0, 1.0]))
        w0 = truth + t * V[:, n - 1]
        return MirrorProblem(Quadratic.euclidean(d), X, y, w0, c, f"euclidean, {family}, w0 - w* along v_min")
    return MirrorProblem(Quadratic.euclidean(d), X, y, rng.standard_normal(d), c, f"euclidean, {family}")


# --- Bregman divergence and single mirror steps ----------------------------------------------------------

@dataclass(frozen=True, eq=False)
class PotentialPoints:
    """A potential, a base point ``z`` (the current iterate), points ``ws`` (rows) and, for a mirror
    step, a gradient ``g`` and step ``eta``."""

    potential: Potential
    z: np.ndarray
    ws: np.ndarray
    g: np.ndarray
    eta: float
    family: str


def _potential(draw, kind: str, rng: np.random.Generator, d: int) -> Potential:
    if kind == "euclidean":
        return Quadratic.euclidean(d)
    if kind == "quadratic":
        return Quadratic(random_spd(rng, d, draw(st.floats(1.5, 20.0))))
    if kind == "entropy":
        return Entropy()
    return HyperbolicEntropy(10.0 ** draw(st.floats(-2.0, 1.0)))


def _points(pot: Potential, rng: np.random.Generator, shape: tuple[int, ...], spread: float) -> np.ndarray:
    if isinstance(pot, Entropy):
        return np.exp(rng.normal(0.0, spread, size=shape))
    return spread * rng.standard_normal(shape)


@st.composite
def potential_points(draw, potentials: tuple[str, ...] = POTENTIALS, near: bool = True) -> PotentialPoints:
    """A potential of each kind in dimension 1..6, a base point, 4 comparison points and a step.

    With ``near``, one comparison point is a tiny perturbation of ``z`` (relative ``1e-3..1e-7``),
    where a Bregman divergence is second order and rounding matters most.  The step ``eta g`` has
    entries of size ~0.1..1 in the dual, so a first-order substitute for the exact mirror step is off
    by a visible second-order amount."""
    kind = draw(st.sampled_from(potentials))
    d = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    pot = _potential(draw, kind, rng, d)
    spread = draw(st.floats(0.2, 2.0))
    z = _points(pot, rng, (d,), spread)
    ws = _points(pot, rng, (4, d), spread)
    if near:
        rel = 10.0 ** -draw(st.floats(3, 7))
        ws[0] = z * (1 + rel * rng.standard_normal(d)) if isinstance(pot, Entropy) else z + rel * rng.standard_normal(d)
    g = rng.standard_normal(d)
    eta = draw(st.floats(0.1, 1.0)) / max(float(np.abs(g).max()), 1e-12)
    return PotentialPoints(pot, z, ws, g, float(eta), f"{pot!r}, d = {d}, spread {spread:.3g}")


# --- diagonal linear networks ----------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class NetProblem:
    """GD on the diagonal network ``w = u² - v²`` from ``u0 = α1``, ``v0 = -c α1`` (``c = 1`` is the
    symmetric initialization ``w0 = 0`` of Woodworth et al.), with step multipliers in (0, 1)."""

    X: np.ndarray
    y: np.ndarray
    alpha: float
    shape: float
    multipliers: np.ndarray
    family: str

    @property
    def u0(self) -> np.ndarray:
        return np.full(self.X.shape[1], self.alpha)

    @property
    def v0(self) -> np.ndarray:
        return np.full(self.X.shape[1], -self.shape * self.alpha)


@st.composite
def net_problems(draw, max_steps: int = 20000, alphas: tuple[float, float] = (0.05, 3.0),
                 shapes: bool = True) -> NetProblem:
    """Diagonal-network problems: ``y = X w♮`` with ``w♮`` ``n``-sparse and signed (the minimum-l1
    interpolant is then typically ``n``-sparse too), ``α`` log-uniform in ``alphas``, shape ``c = 1``
    or (with ``shapes``) ``c`` in [0.4, 2.5], and constant multipliers in [0.1, 0.4]."""
    X, _, seed, family = draw(wide_designs(min_n=2, max_n=5, max_d=8, max_cond=3.0))
    n, d = X.shape
    truth = _sparse(np.random.default_rng(seed + 5), d, n, signed=True)
    alpha = 10.0 ** draw(st.floats(float(np.log10(alphas[0])), float(np.log10(alphas[1]))))
    shape = draw(st.one_of(st.just(1.0), st.floats(0.4, 2.5))) if shapes else 1.0
    cm = draw(st.floats(0.1, 0.4))
    return NetProblem(X, X @ truth, float(alpha), float(shape), np.full(max_steps, cm),
                      f"{family}, alpha = {alpha:.3g}, v0 = -{shape:.3g} alpha, c = {cm:.3g}")


@dataclass(frozen=True, eq=False)
class ScaleProblem:
    """The initialization-scale limit problem: ``X w = y`` and the scale ``α`` (the hyperbolic potential
    ``R_{α²}`` from ``w0 = 0`` when ``signed``, else the entropy from ``w0 = α² 1``)."""

    X: np.ndarray
    y: np.ndarray
    alpha: float
    signed: bool
    family: str


def _toy() -> Regression:
    """Zhao's Example 6.7: ``A = [1 2]``, ``b = 1`` (min-l2 (1/5, 2/5), min-l1 nonnegative (0, 1/2))."""
    return Regression(np.array([[1.0, 2.0]]), np.array([1.0]), np.array([0.0, 0.5]), "toy A = [1 2], b = 1")


@st.composite
def scale_problems(draw, regime: str, signed: bool | None = None) -> ScaleProblem:
    """``regime = "small"``: ``α`` log-uniform in [1e-12, 1e-2] (the l1 regime), including the toy
    problem for the nonnegative case; ``"large"``: signed only, ``α`` above the threshold
    ``α⁴ >= ||X⁺y||² / 15`` of the l2 bound by a factor 1.05..30."""
    if regime not in ("small", "large"):
        raise ValueError(f"regime must be 'small' or 'large', got {regime!r}")
    sgn = draw(st.booleans()) if signed is None else signed
    if regime == "large":
        sgn = True
    if regime == "small" and not sgn and draw(st.integers(0, 4)) == 0:
        reg = _toy()
    else:
        reg = draw(sparse_regressions(signed=sgn))
    if regime == "small":
        alpha = 10.0 ** draw(st.floats(-12, -2))
    else:
        A = float(np.linalg.norm(np.linalg.pinv(reg.X) @ reg.y))
        alpha = (A * A / 15) ** 0.25 * draw(st.floats(1.05, 30.0))
    return ScaleProblem(reg.X, reg.y, float(alpha), sgn, f"{reg.family}, alpha = {alpha:.3g}")


# --- exact (rational) instances ---------------------------------------------------------------------------

def fractions(lo: int = -6, hi: int = 6, max_den: int = 4) -> SearchStrategy[Fraction]:
    """Small rationals ``p/q`` with ``lo <= p/q <= hi`` and ``1 <= q <= max_den``."""
    return st.builds(Fraction, st.integers(lo * max_den, hi * max_den), st.integers(1, max_den)).filter(
        lambda f: lo <= f <= hi)


def fraction_vectors(d: int, lo: int = -6, hi: int = 6, max_den: int = 4) -> SearchStrategy[tuple[Fraction, ...]]:
    return st.lists(fractions(lo, hi, max_den), min_size=d, max_size=d).map(tuple)


# --- reparametrizations -----------------------------------------------------------------------------------

REPARAMETRIZATIONS = ("linear", "square", "difference")


@dataclass(frozen=True, eq=False)
class ReparamPoint:
    """A parameter ``theta`` of the reparametrization ``kind`` and a least-squares loss ``½||X w - y||²``.

    ``linear``: ``G(θ) = Σ^{1/2} θ``; ``square``: ``G(θ) = θ⊙θ``; ``difference``: ``G(θ₊, θ₋) = θ₊² - θ₋²``
    with ``θ`` on the invariant set ``θ₊⊙θ₋ = -c α²`` of the flow from ``(α1, -c α1)``."""

    kind: str
    theta: np.ndarray
    Sigma: np.ndarray | None
    alpha: float
    shape: float
    X: np.ndarray
    y: np.ndarray
    eta: float
    family: str


@st.composite
def reparam_points(draw, kinds: tuple[str, ...] = REPARAMETRIZATIONS, shapes: bool = True) -> ReparamPoint:
    """A point of each reparametrization in dimension 1..6, a random 1..4 × d design and target, and a
    step ``eta`` with ``eta ||Xᵀ(Xw - y)||_∞ ~ 0.05..0.5`` for one-step comparisons."""
    kind = draw(st.sampled_from(kinds))
    d = draw(st.integers(1, 6))
    n = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = rng.standard_normal(n)
    Sigma = None
    alpha, shape = 1.0, 1.0
    if kind == "linear":
        Sigma = random_spd(rng, d, draw(st.floats(1.0, 20.0)))
        theta = rng.standard_normal(d)
        w = np.linalg.cholesky(Sigma) @ theta
        family = f"linear G = Σ^(1/2) θ, d = {d}"
    elif kind == "square":
        theta = rng.standard_normal(d) * draw(st.floats(0.2, 3.0))
        theta[theta == 0] = 1.0
        w = theta * theta
        family = f"square G = θ², d = {d}"
    else:
        alpha = 10.0 ** draw(st.floats(-2.0, 1.0))
        shape = draw(st.one_of(st.just(1.0), st.floats(0.3, 3.0))) if shapes else 1.0
        s = rng.normal(0.0, draw(st.floats(0.1, 3.0)), size=d)
        tp, tm = np.sqrt(shape) * alpha * np.exp(s), -np.sqrt(shape) * alpha * np.exp(-s)
        theta = np.concatenate([tp, tm])
        w = tp * tp - tm * tm
        family = f"difference θ₊² - θ₋², θ₊θ₋ = -{shape:.3g} alpha^2, alpha = {alpha:.3g}, d = {d}"
    g = X.T @ (X @ w - y)
    eta = draw(st.floats(0.05, 0.5)) / max(float(np.abs(g).max()), 1e-12) / max(1.0, float(np.abs(w).max()))
    return ReparamPoint(kind, theta, Sigma, float(alpha), float(shape), X, y, float(eta), family)


# --- exact instances for the parametrization facts -------------------------------------------------------

def rational_scales() -> SearchStrategy[Fraction]:
    """Initialization scales ``α`` for the symbolic identities (exact rationals)."""
    return st.sampled_from([Fraction(1, 10), Fraction(1, 2), Fraction(1), Fraction(3, 2), Fraction(5)])


@dataclass(frozen=True)
class PrintedCase:
    """A scale ``α`` and sizes ``n < d`` (data points, coordinates) for the printed Theorem 8.1.6."""

    alpha: Fraction
    n: int
    d: int


def printed_cases() -> SearchStrategy[PrintedCase]:
    return st.builds(PrintedCase, rational_scales(), st.integers(1, 4), st.integers(2, 8)).filter(lambda c: c.n < c.d)


@dataclass(frozen=True)
class SquarePair:
    """Two parameters ``θ^i = (√(w + b_i²), b_i)`` of ``G(θ₊, θ₋) = θ₊² - θ₋²`` with the same ``G = w``."""

    w: Fraction
    b1: Fraction
    b2: Fraction


def square_pairs() -> SearchStrategy[SquarePair]:
    """Includes Arora et al.'s Example 8.1.5 (``θ¹ = (1, 0)``, ``θ² = (√2, 1)``)."""
    drawn = st.builds(SquarePair, fractions(-4, 4), fractions(0, 4), fractions(0, 4)).filter(
        lambda p: p.b1 != p.b2 and p.w + p.b1 ** 2 >= 0 and p.w + p.b2 ** 2 >= 0)
    return st.one_of(st.just(SquarePair(Fraction(1), Fraction(0), Fraction(1))), drawn)


@dataclass(frozen=True)
class Parametrization:
    """A polynomial parametrization ``G: R^D → R^d`` by name and integer coefficients."""

    kind: str
    coeffs: tuple[int, ...]
    point: tuple[Fraction, ...]


COMMUTING = ("linear", "square", "difference")
NON_COMMUTING = ("shared-factor", "chain", "square-and-product")


@st.composite
def parametrizations(draw, kinds: tuple[str, ...] = COMMUTING + ("shared-factor",)) -> Parametrization:
    """``linear``: ``G = A θ`` (A a 2×3 integer matrix, coefficients row-major); ``square``:
    ``G_i = c_i θ_i²``; ``difference``: ``G_i = c_i (θ₊_i² - θ₋_i²)``; ``shared-factor``:
    ``(c_1 u_1 v_1, c_2 u_1 v_2)``; ``chain``: ``(θ_1 θ_2, θ_2 θ_3)``; ``square-and-product``:
    ``(θ_1², θ_1 θ_2)``.  ``point`` is a rational parameter (length 6) for pointwise evaluation."""
    kind = draw(st.sampled_from(kinds))
    coeffs = tuple(draw(st.lists(st.integers(-3, 3).filter(bool), min_size=6, max_size=6)))
    point = draw(fraction_vectors(6, -3, 3).filter(lambda p: all(p)))
    return Parametrization(kind, coeffs, point)


@dataclass(frozen=True)
class HadamardCase:
    """A target ``w`` (rationals), a rational init ``(u0, v0)`` of ``G = u⊙v``, an integer design and step."""

    w: tuple[Fraction, ...]
    u0: tuple[Fraction, ...]
    v0: tuple[Fraction, ...]
    X: tuple[tuple[int, ...], ...]
    y: tuple[int, ...]
    eta: Fraction


@st.composite
def hadamard_cases(draw) -> HadamardCase:
    d = draw(st.integers(1, 4))
    n = draw(st.integers(1, 3))
    w = draw(fraction_vectors(d))
    u0 = draw(fraction_vectors(d, -2, 2))
    v0 = draw(fraction_vectors(d, -2, 2))
    X = tuple(tuple(draw(st.lists(st.integers(-3, 3), min_size=d, max_size=d))) for _ in range(n))
    y = tuple(draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n)))
    eta = draw(st.sampled_from([Fraction(1, 10), Fraction(1, 7), Fraction(1, 3)]))
    return HadamardCase(w, u0, v0, X, y, eta)


@dataclass(frozen=True)
class RationalRow:
    """A one-equation system ``aᵀx = b`` with positive integer ``a`` (unique largest entry) and ``b > 0``."""

    a: tuple[int, ...]
    b: Fraction


def rational_rows() -> SearchStrategy[RationalRow]:
    """Includes Zhao's Example 6.7, ``a = (1, 2)``, ``b = 1``."""
    drawn = st.builds(RationalRow, st.lists(st.integers(1, 9), min_size=2, max_size=5).map(tuple),
                      fractions(1, 5)).filter(lambda r: sorted(r.a)[-1] != sorted(r.a)[-2])
    return st.one_of(st.just(RationalRow((1, 2), Fraction(1))), drawn)


# --- optimizer geometry ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SteepestCase:
    """A gradient ``g``, a step ``eta``, a rational positive definite ``D = BᵀB + I`` and comparison
    steps ``vs`` (exact rationals) for the variational forms of steepest descent."""

    g: tuple[Fraction, ...]
    eta: Fraction
    B: tuple[tuple[int, ...], ...]
    vs: tuple[tuple[Fraction, ...], ...]


@st.composite
def steepest_cases(draw) -> SteepestCase:
    d = draw(st.integers(1, 4))
    g = draw(fraction_vectors(d).filter(any))
    eta = draw(fractions(1, 3, 4).filter(lambda f: f > 0))
    B = tuple(tuple(draw(st.lists(st.integers(-2, 2), min_size=d, max_size=d))) for _ in range(d))
    vs = tuple(draw(fraction_vectors(d)) for _ in range(3))
    return SteepestCase(g, eta, B, vs)


@dataclass(frozen=True, eq=False)
class PreconditionedProblem:
    """Preconditioned GD ``w ← w - η D⁻¹Xᵀ(X w - y)`` (steepest descent in ``||·||_D``) with
    ``η = c / λ_max(X D⁻¹ Xᵀ)``, ``0 < c < 2``, for ``steps`` steps from ``w0``."""

    X: np.ndarray
    y: np.ndarray
    D: np.ndarray
    w0: np.ndarray
    c: float
    steps: int
    family: str


@st.composite
def preconditioned_problems(draw, max_steps: int = 300) -> PreconditionedProblem:
    """Half the draws are tight: ``w0 - w*`` lies along ``D⁻¹Xᵀu`` for the eigenvector ``u`` of
    ``X D⁻¹ Xᵀ`` whose factor ``|1 - ηλ|`` is largest, where the contraction bound is an equality."""
    X, _, seed, family = draw(wide_designs(min_n=1, max_n=5, max_d=8, max_cond=5.0))
    n, d = X.shape
    rng = np.random.default_rng(seed + 3)
    cond = draw(st.floats(1.0, 10.0))
    D = random_spd(rng, d, cond)
    c = draw(st.one_of(st.floats(0.1, 1.9), st.floats(1.9, 1.99)))
    truth = rng.standard_normal(d)
    y = X @ truth
    Dinv = np.linalg.inv(D)
    if draw(st.booleans()):
        lam, U = np.linalg.eigh(X @ Dinv @ X.T)
        eta = c / lam[-1]
        k = int(np.argmax(np.abs(1 - eta * lam)))
        # the D-projection of truth + t D⁻¹Xᵀu onto {X w = y} is truth itself
        w0 = truth + draw(st.floats(0.5, 3.0)) * (Dinv @ X.T @ U[:, k])
        family += f", cond(D) = {cond:.3g}, c = {c:.4g}, w0 - w* along D⁻¹Xᵀu_{k + 1}"
    else:
        w0 = rng.standard_normal(d)
        family += f", cond(D) = {cond:.3g}, c = {c:.4g}"
    steps = draw(st.integers(1, max_steps))
    return PreconditionedProblem(X, y, D, w0, float(c), steps, family)


@dataclass(frozen=True, eq=False)
class FeatureMap:
    """Features reparametrized as ``X' = X M``; ``orthogonal`` when ``M`` is a multiple of an orthogonal
    matrix."""

    X: np.ndarray
    y: np.ndarray
    M: np.ndarray
    orthogonal: bool
    family: str


@st.composite
def feature_maps(draw, orthogonal: bool | None = None) -> FeatureMap:
    X, _, seed, family = draw(wide_designs(min_n=1, max_n=5, max_d=8, max_cond=5.0))
    d = X.shape[1]
    rng = np.random.default_rng(seed + 9)
    orth = draw(st.booleans()) if orthogonal is None else orthogonal
    scale = draw(st.floats(0.3, 3.0))
    if orth:
        M = scale * haar_orthonormal(rng, d)
        family += f", M = {scale:.3g} × orthogonal"
    else:
        cond = draw(st.floats(2.0, 10.0))
        U, V = haar_orthonormal(rng, d), haar_orthonormal(rng, d)
        M = scale * (U * np.geomspace(1.0, cond, d)) @ V.T
        family += f", M with cond {cond:.3g}"
    return FeatureMap(X, X @ rng.standard_normal(d), M, orth, family)


@dataclass(frozen=True, eq=False)
class AdaptiveCase:
    """Wilson et al.'s construction: ``X sign(Xᵀy) = c y`` with ``sign(Xᵀy) = s`` (no zero entries)."""

    X: np.ndarray
    y: np.ndarray
    s: np.ndarray
    c: float
    method: str
    eta: float
    steps: int
    family: str


GRID = 2.0 ** -12
"""Entries of the adaptive-method designs are multiples of GRID, so that ``y = X s / c`` is exact."""


@st.composite
def _adaptive_case(draw) -> AdaptiveCase:
    n = draw(st.integers(1, 3))
    d = draw(st.integers(n + 1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    y0 = rng.standard_normal(n)
    s = rng.choice([-1.0, 1.0], size=d)
    c = draw(st.sampled_from([0.5, 1.0, 2.0]))
    P = np.eye(d) - np.outer(s, s) / d
    Z = rng.standard_normal((n, d)) @ P
    spill = float(np.abs(Z.T @ y0).max())
    target = draw(st.floats(0.05, 0.8)) * (c / d) * float(y0 @ y0)
    Z = Z * (target / spill if spill > 0 else 1.0)
    X = np.round(((c / d) * np.outer(y0, s) + Z) / GRID) * GRID
    y = (X @ s) / c  # exact: sums of a few multiples of 2^-12, divided by a power of 2
    method = draw(st.sampled_from(("adagrad", "rmsprop", "adam")))
    eta = draw(st.floats(0.01, 0.2))
    steps = draw(st.integers(1, 20))
    return AdaptiveCase(X, y, s, float(c), method, float(eta), steps, f"{n}x{d}, {method}, c = {c:.3g}")


def adaptive_cases() -> SearchStrategy[AdaptiveCase]:
    """Wilson et al.'s construction: ``X = (c/d) y₀ sᵀ + Z`` with ``Z s = 0`` and ``||Zᵀy₀||_∞ <= 0.8 (c/d)
    ||y₀||²``, rounded to multiples of ``2^-12``; then ``y = X s / c`` holds exactly in binary (``c`` a power
    of 2), and draws where ``sign(Xᵀy) = s`` fails (or is within 1e-9 of failing) are discarded."""
    return _adaptive_case().filter(lambda a: float(np.min(a.s * (a.X.T @ a.y))) > 1e-9)


@dataclass(frozen=True)
class StagewiseCase:
    """An orthonormal-column rational design (Cayley transform of a skew integer matrix), a planted
    ``z = Xᵀy`` made of multiples of ``eps`` (ties included) and the step ``eps``."""

    A: tuple[tuple[int, ...], ...]
    n: int
    d: int
    z: tuple[Fraction, ...]
    eps: Fraction


@st.composite
def stagewise_cases(draw) -> StagewiseCase:
    n = draw(st.integers(1, 4))
    d = draw(st.integers(1, n))
    A = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            a = draw(st.integers(-2, 2))
            A[i][j], A[j][i] = a, -a
    eps = Fraction(1, draw(st.integers(2, 8)))
    units = draw(st.lists(st.integers(-12, 12), min_size=d, max_size=d))
    jitter = draw(st.lists(st.sampled_from([Fraction(0), Fraction(1, 3), Fraction(1, 2)]), min_size=d, max_size=d))
    z = tuple(eps * (u + (j if u >= 0 else -j)) for u, j in zip(units, jitter))
    return StagewiseCase(tuple(map(tuple, A)), n, d, z, eps)


def cayley(A: tuple[tuple[int, ...], ...]) -> list[list[Fraction]]:
    """The rational orthogonal matrix ``(I - A)(I + A)⁻¹`` of a skew-symmetric integer ``A`` (exact;
    :func:`checks.exact_linalg.cayley` as a list of rows)."""
    return [list(row) for row in exact_linalg.cayley(A)]


@dataclass(frozen=True)
class StepPair:
    """Two step sizes ``eta1 < eta2`` (``eta2 >= 2 eta1``) for steepest descent on Arora et al.'s Example 2."""

    eta1: float
    eta2: float


@st.composite
def step_pairs(draw, low: float = 0.005, high: float = 0.0698) -> StepPair:
    """``eta1`` in ``[low, high/2]`` and ``eta2 = r eta1`` with ``r`` in ``[2, high/eta1]``; the defaults
    keep both below ``1/β = 1/(2 s_max²) ≈ 0.0699`` for the example's un-normalized loss."""
    eta1 = draw(st.floats(low, high / 2))
    r = draw(st.floats(2.0, high / eta1))
    return StepPair(float(eta1), float(min(r * eta1, high)))


def figure_step_sizes() -> SearchStrategy[float]:
    """The step sizes shown in Arora et al.'s Figure 8.1."""
    return st.sampled_from([0.01, 0.1, 0.25, 0.3])
