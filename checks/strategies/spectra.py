"""Instances for the spectral claims: planted designs and least-squares problems for filters and
risks, small integer matrices for exact pseudo-inverse algebra, exact rational covariances, and
Gaussian-class geometries.

Every random matrix comes from ``numpy.random.default_rng(seed)`` with a Hypothesis-drawn seed, and
every strategy mixes the tight family of its claim (the instances where the bound is attained) with
random draws, so the worst ratio of a search lands near 1 where the bound is sharp.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from checks.spectral import GF_RIDGE_ARGMAX
from checks.strategies.designs import haar_orthonormal, planted_design

SEEDS = st.integers(0, 2**32 - 1)


def _log_uniform(low: float, high: float) -> SearchStrategy[float]:
    if not 0 < low < high:
        raise ValueError(f"need 0 < low < high, got {low}, {high}")
    return st.floats(np.log10(low), np.log10(high)).map(lambda u: float(10.0 ** u))


# ---------------------------------------------------------------------------------------------
# planted designs


@dataclass(frozen=True, eq=False)
class Planted:
    """``X = U[:, :r] diag(s) V[:, :r]ᵀ`` with Haar ``U`` (n×n), ``V`` (d×d) and planted nonzero
    singular values ``s`` (decreasing); the trailing columns of ``U``, ``V`` span ``range(X)^⊥`` and
    ``null(X)``."""

    X: np.ndarray
    s: np.ndarray
    family: str
    seed: int = field(repr=False)
    U: np.ndarray = field(repr=False)
    V: np.ndarray = field(repr=False)

    def rng(self, offset: int = 1) -> np.random.Generator:
        """A generator derived from the design's (Hypothesis-drawn) seed, for vectors that go with it."""
        return np.random.default_rng((self.seed + offset) % 2**32)

    @property
    def rank(self) -> int:
        return int(self.s.size)

    @property
    def kappa(self) -> float:
        return float(self.s[0] / self.s[-1])


SPECTRA = ("random", "flat", "spike")


@st.composite
def planted(draw, shape: str = "any", full_rank: bool = False, max_dim: int = 7,
            max_cond: float = 1e2, spectra: tuple[str, ...] = SPECTRA, min_cond: float = 1.0) -> Planted:
    """Planted designs.  ``shape``: any / wide (n < d) / tall (n > d) / square; ``full_rank``:
    rank ``min(n, d)``; ``spectra``: random (log-uniform over ``[1/max_cond, 1]``), flat (all
    equal) or spike (one large value over a flat rest); ``min_cond > 1`` forces rank >= 2 and a
    condition number of at least ``min_cond`` (random and spike spectra only)."""
    if shape not in ("any", "wide", "tall", "square") or max_dim < 2 or not 1 <= min_cond <= max_cond:
        raise ValueError(f"bad planted-design parameters {shape!r}, {max_dim}, {min_cond}, {max_cond}")
    if min_cond > 1 and ("flat" in spectra or shape != "any"):
        raise ValueError("min_cond > 1 needs shape 'any' and no flat spectra")
    if shape == "wide":
        n = draw(st.integers(1, max_dim - 1))
        d = draw(st.integers(n + 1, max_dim))
    elif shape == "tall":
        d = draw(st.integers(1, max_dim - 1))
        n = draw(st.integers(d + 1, max_dim))
    elif shape == "square":
        n = d = draw(st.integers(1, max_dim))
    else:
        n, d = draw(st.integers(1, max_dim)), draw(st.integers(1, max_dim))
    if min_cond > 1 and min(n, d) < 2:
        n, d = max(n, 2), max(d, 2)
    r = min(n, d) if full_rank else draw(st.integers(2 if min_cond > 1 else 1, min(n, d)))
    kind = draw(st.sampled_from(spectra))
    scale = draw(st.floats(0.25, 4.0))
    top = float(np.log10(max_cond))
    if kind == "flat":
        decades = np.zeros(r)
    elif kind == "spike":
        decades = np.array([0.0] + [draw(st.floats(0, top))] * (r - 1))
    else:
        decades = np.sort([0.0] + draw(st.lists(st.floats(0, top), min_size=r - 1, max_size=r - 1)))
    decades[-1] = max(decades[-1], float(np.log10(min_cond)))
    s = scale * 10.0 ** -decades
    seed = draw(SEEDS)
    X, U, V = planted_design(n, d, s, seed)
    family = f"{n}x{d} rank {r}, {kind} spectrum, cond {s[0] / s[-1]:.3g}, seed {seed}"
    return Planted(X, s, family, seed, U, V)


@st.composite
def nonnormal_squares(draw, max_dim: int = 6) -> Planted:
    """Square upper-triangular ``A = D + c N`` (``N`` strictly upper triangular Gaussian, ``c`` up
    to 10): far from normal, ``||AAᵀ - AᵀA||_F`` comparable to ``||A||_F^2``."""
    d = draw(st.integers(2, max_dim))
    c = draw(st.floats(1.0, 10.0))
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    A = np.diag(rng.choice([-1.0, 1.0], d) * rng.uniform(0.5, 1.5, d)) + c * np.triu(rng.standard_normal((d, d)), 1)
    U, s, Vt = np.linalg.svd(A)
    dep = np.linalg.norm(A @ A.T - A.T @ A) / np.linalg.norm(A) ** 2
    return Planted(A, s, f"{d}x{d} upper triangular, off-diagonal scale {c:.3g}, "
                         f"||AAᵀ-AᵀA||_F/||A||_F^2 = {dep:.3g}, seed {seed}", seed, U, Vt.T)


# ---------------------------------------------------------------------------------------------
# least squares: ridge, filters, risks


@dataclass(frozen=True, eq=False)
class RidgeCase:
    """Ridge ``argmin ||A x - b||^2 + lam ||x||^2`` on a planted ``A``."""

    design: Planted
    b: np.ndarray
    lam: float
    family: str


@st.composite
def ridge_cases(draw, consistent: bool = False, shape: str = "any", full_rank: bool = False,
                max_cond: float = 1e2) -> RidgeCase:
    """``lam = rho s_min^2`` with ``rho`` log-uniform in ``[1e-4, 1e2]`` (below that the rounding of
    the ridge solve, ``~ eps s_max^2 / lam``, swamps the bound ``~ lam / s_min^2`` for a rank-deficient
    ``A``).  Tight family: ``b`` along ``u_min`` (then ``A⁺b`` lies along ``v_min`` and the error bound
    is an equality); else random, with an off-range part unless ``consistent``."""
    D = draw(planted(shape=shape, full_rank=full_rank, max_cond=max_cond))
    rho = draw(_log_uniform(1e-4, 1e2))
    rng = np.random.default_rng(draw(SEEDS))
    r, n = D.rank, D.X.shape[0]
    aligned = draw(st.booleans())
    b = D.U[:, r - 1] * draw(st.floats(0.5, 2.0)) if aligned else D.U[:, :r] @ rng.standard_normal(r)
    off = ""
    if not consistent and r < n and draw(st.booleans()):
        b = b + D.U[:, r:] @ rng.standard_normal(n - r)
        off = " + off-range part"
    lam = float(rho * D.s[-1] ** 2)
    return RidgeCase(D, b, lam, f"{D.family}; b {'along u_min' if aligned else 'random'}{off}; "
                                f"lam = {rho:.3g} s_min^2")


@dataclass(frozen=True, eq=False)
class FilterCase:
    """GD (step ``eta``, ``steps`` steps from 0) and ridge (``lam``) on ``(X, y)``."""

    design: Planted
    y: np.ndarray
    eta: float
    steps: int
    lam: float
    family: str


@st.composite
def filter_cases(draw, nonnormal: bool | None = None, max_steps: int = 150,
                 min_cond: float = 1.0) -> FilterCase:
    """Planted designs of every shape and square non-normal ones (``nonnormal``: only those /
    none / both when None); ``eta = c / s_max^2`` with ``c`` in ``(0, 1.9]``; ``lam`` log-uniform
    in ``[1e-3, 10] s_max^2``.  ``min_cond > 1``: planted designs only, with at least two singular
    values and ``s_max / s_min >= min_cond``."""
    if min_cond > 1:
        if nonnormal:
            raise ValueError("min_cond > 1 draws planted designs only")
        D = draw(planted(min_cond=min_cond, spectra=("random", "spike")))
    elif nonnormal is None:
        D = draw(st.one_of(planted(), nonnormal_squares()))
    else:
        D = draw(nonnormal_squares() if nonnormal else planted())
    rng = np.random.default_rng(draw(SEEDS))
    y = rng.standard_normal(D.X.shape[0])
    c = draw(st.floats(0.01, 1.9))
    steps = draw(st.integers(1, max_steps))
    lam = float(draw(_log_uniform(1e-3, 10.0)) * D.s[0] ** 2)
    return FilterCase(D, y, float(c / D.s[0] ** 2), steps, lam,
                      f"{D.family}; eta s_max^2 = {c:.4g}, {steps} steps, lam = {lam:.4g}")


@dataclass(frozen=True)
class FlowPoint:
    """A singular value ``s`` (through ``s2 = s^2``) and a gradient-flow time ``t``; ``x = t s^2``."""

    s2: float
    t: float

    @property
    def x(self) -> float:
        return self.s2 * self.t


def flow_points() -> SearchStrategy[FlowPoint]:
    """``x = t s^2`` log-uniform over ``[1e-4, 1e4]``, or within 1e-3 of the maximizer ``x*`` of
    ``(1 - e^{-x})(1 + x)/x`` (the tight family)."""
    s2 = _log_uniform(1e-3, 1e3)
    near = st.floats(-1e-3, 1e-3).map(lambda u: GF_RIDGE_ARGMAX * (1 + u))
    x = st.one_of(_log_uniform(1e-4, 1e4), near)
    return st.builds(lambda a, b: FlowPoint(a, b / a), s2, x)


@dataclass(frozen=True)
class StepPoint:
    """A singular direction with ``a = eta s^2`` and a number of GD steps ``t``."""

    a: float
    t: int


def step_points(max_a: float = 1.0) -> SearchStrategy[StepPoint]:
    """``a = eta s^2`` in ``(0, max_a]`` (log-uniform from 1e-4, plus ``a = max_a`` exactly) and
    ``t`` in ``1..10^4`` (plus ``t = 1``): ``a = 1, t = 1`` is the tight case of the discrete sandwich."""
    a = st.one_of(st.just(max_a), _log_uniform(1e-4, max_a), st.floats(max(max_a / 2, 1e-4), max_a))
    t = st.one_of(st.just(1), st.integers(1, 20), st.integers(1, 10**4))
    return st.builds(StepPoint, a, t)


@dataclass(frozen=True, eq=False)
class RiskCase:
    """``y = X beta + e``, ``e ~ N(0, noise_var I)``; GD step ``eta`` for ``steps`` steps, gradient
    flow for time ``eta * steps``, ridge at ``lam = 1/(eta * steps)``."""

    design: Planted
    beta: np.ndarray
    noise_var: float
    eta: float
    steps: int
    family: str

    @property
    def time(self) -> float:
        return self.eta * self.steps


@st.composite
def risk_cases(draw, max_c: float = 1.0, max_cond: float = 1e3, min_cond: float = 1.0,
               tight: bool = True) -> RiskCase:
    """Random planted designs, signals and noise levels (``eta s_max^2 <= max_c``), or a tight
    instance: noise only (``beta = 0``) on a rank-1 design with ``t s^2 = x*`` (where the gradient
    flow's variance filter is ``C`` times ridge's) or with ``eta s^2 = 1``, one step (where GD's is
    twice ridge's)."""
    kinds = ["random", "random", "flow-tight", "step-tight"] if tight else ["random"]
    kind = draw(st.sampled_from(kinds))
    if kind == "random":
        D = draw(planted(max_cond=max_cond, min_cond=min_cond,
                         spectra=SPECTRA if min_cond == 1 else ("random", "spike")))
        rng = np.random.default_rng(draw(SEEDS))
        beta = rng.standard_normal(D.X.shape[1]) * draw(st.floats(0, 2))
        noise = draw(st.floats(0, 2))
        c = draw(st.floats(0.01, max_c))
        steps = draw(st.integers(1, 200))
        return RiskCase(D, beta, noise, float(c / D.s[0] ** 2), steps,
                        f"{D.family}; noise var {noise:.3g}, eta s_max^2 = {c:.3g}, {steps} steps")
    D = draw(planted(full_rank=True, spectra=("flat",), max_dim=3).filter(lambda p: p.rank == 1))
    s2 = float(D.s[0] ** 2)
    if kind == "flow-tight":
        steps = draw(st.integers(50, 400))
        eta = GF_RIDGE_ARGMAX * (1 + draw(st.floats(-1e-4, 1e-4))) / (steps * s2)
    else:
        steps, eta = 1, min(max_c, 1.0) / s2
    return RiskCase(D, np.zeros(D.X.shape[1]), 1.0, float(eta), steps,
                    f"{D.family}; noise only, t s^2 = {eta * steps * s2:.6g}, eta s^2 = {eta * s2:.3g}")


@dataclass(frozen=True, eq=False)
class LateFitCase:
    """A planted full-row-rank design whose top ``k`` singular values equal ``s_max = 1`` carry the
    signal ``beta`` (fitted exactly by the first GD step at ``eta = 1``) while the label noise ``e``
    lies on the slower left singular directions, where ``beta`` has no component."""

    design: Planted
    beta: np.ndarray
    noise: np.ndarray
    top: int
    family: str


@st.composite
def late_fit_cases(draw, noisy: bool = True) -> LateFitCase:
    n = draw(st.integers(2, 6))
    d = draw(st.integers(n, 9))
    k = draw(st.integers(1, n - 1))
    slow = np.sort(draw(st.lists(st.floats(0.1, 0.7), min_size=n - k, max_size=n - k)))[::-1]
    s = np.concatenate([np.ones(k), slow])
    seed = draw(SEEDS)
    X, U, V = planted_design(n, d, s, seed)
    rng = np.random.default_rng(seed + 1)
    beta = V[:, :k] @ rng.standard_normal(k)
    scale = draw(st.floats(0.05, 1.0)) if noisy else 0.0
    noise = scale * (U[:, k:n] @ rng.standard_normal(n - k))
    D = Planted(X, s, f"{n}x{d}, {k} top singular values 1, slow ones {np.round(slow, 3).tolist()}, "
                      f"seed {seed}", seed, U, V)
    return LateFitCase(D, beta, noise, k, f"{D.family}; noise scale {scale:.3g}")


# ---------------------------------------------------------------------------------------------
# exact matrices


@dataclass(frozen=True, eq=False)
class IntMatrix:
    """A small integer matrix ``M = A B`` (``A`` m×k, ``B`` k×n), so ``rank M <= k``."""

    M: np.ndarray
    family: str


@st.composite
def integer_matrices(draw, max_rows: int = 4, max_cols: int = 5, shape: str = "any",
                     max_inner: int | None = None, entries: int = 3) -> IntMatrix:
    """``shape``: any / wide (rows < cols) / square; the inner dimension ``k`` (rank at most k)
    runs over ``1..max_inner`` (default: up to the larger side, so full rank is common)."""
    if shape == "wide":
        m = draw(st.integers(1, max_rows))
        n = draw(st.integers(m + 1, max(max_cols, m + 1)))
    elif shape == "square":
        m = n = draw(st.integers(1, max_rows))
    else:
        m, n = draw(st.integers(1, max_rows)), draw(st.integers(1, max_cols))
    k = draw(st.integers(1, max_inner or max(m, n)))
    rng = np.random.default_rng(draw(SEEDS))
    M = rng.integers(-entries, entries + 1, (m, k)) @ rng.integers(-entries, entries + 1, (k, n))
    return IntMatrix(M.astype(np.int64), f"{m}x{n} product through inner dimension {k}")


@dataclass(frozen=True, eq=False)
class SparseSystem:
    """A 0/1/2 integer system ``X w = y`` (``X`` n×d, n < d), sparse so that some n-column
    submatrices are singular."""

    X: np.ndarray
    y: np.ndarray


@st.composite
def sparse_systems(draw, max_rows: int = 3, max_cols: int = 6) -> SparseSystem:
    n = draw(st.integers(1, max_rows))
    d = draw(st.integers(n + 1, max_cols))
    rng = np.random.default_rng(draw(SEEDS))
    density = draw(st.floats(0.2, 0.9))
    X = rng.integers(1, 3, (n, d)) * (rng.random((n, d)) < density)
    y = rng.integers(-3, 4, n)
    return SparseSystem(X.astype(np.int64), y.astype(np.int64))


@dataclass(frozen=True, eq=False)
class SymmetricCase:
    """``M = Q diag(lam) Qᵀ`` with integer eigenvalues ``lam`` (ties, zeros and signs allowed)
    and a Haar orthogonal ``Q``."""

    eigenvalues: tuple[int, ...]
    seed: int
    M: np.ndarray = field(repr=False)
    Q: np.ndarray = field(repr=False)


@st.composite
def symmetric_matrices(draw, max_dim: int = 5, psd: bool | None = None) -> SymmetricCase:
    d = draw(st.integers(1, max_dim))
    low = 0 if psd else -4
    high = -1 if psd is False else 4
    lam = draw(st.lists(st.integers(low, high), min_size=d, max_size=d).filter(lambda v: any(v)))
    seed = draw(SEEDS)
    Q = haar_orthonormal(np.random.default_rng(seed), d)
    M = (Q * np.array(lam, dtype=float)) @ Q.T
    return SymmetricCase(tuple(lam), seed, (M + M.T) / 2, Q)


@dataclass(frozen=True, eq=False)
class SquareCase:
    """A generic square matrix (for the mutant that drops symmetry)."""

    M: np.ndarray


def square_matrices(max_dim: int = 5) -> SearchStrategy[SquareCase]:
    return st.builds(lambda d, seed: SquareCase(np.random.default_rng(seed).standard_normal((d, d))),
                     st.integers(2, max_dim), SEEDS)


# ---------------------------------------------------------------------------------------------
# exact covariances


def fraction_matrix(A) -> np.ndarray:
    """An object array of Fractions."""
    return np.array([[Fraction(x) for x in row] for row in np.asarray(A, dtype=object)], dtype=object)


def _fmt(S: np.ndarray) -> str:
    return "[" + "; ".join(" ".join(str(x) for x in row) for row in S) + "]"


@dataclass(frozen=True, eq=False)
class Covariance:
    """An exact rational PSD matrix and how it was built."""

    S: np.ndarray
    family: str

    def __repr__(self) -> str:
        return f"Covariance({self.family}: S = {_fmt(self.S)})"


def _projector(B: np.ndarray) -> np.ndarray:
    """``B (BᵀB)⁻¹ Bᵀ`` in exact arithmetic (``B`` integer with independent columns)."""
    import sympy

    Bm = sympy.Matrix(B.tolist())
    P = Bm * (Bm.T * Bm).inv() * Bm.T
    return np.array([[Fraction(int(x.p), int(x.q)) for x in P.row(i)] for i in range(P.rows)], dtype=object)


@st.composite
def covariances(draw, max_dim: int = 5,
                families: tuple[str, ...] = ("gram", "flat", "spike", "scaled", "duplicate")) -> Covariance:
    """Exact PSD matrices of five kinds: ``gram`` ``B Bᵀ`` (integer ``B``, any rank); ``flat``
    ``c P`` with ``P`` a rational projector (all nonzero eigenvalues equal: ``PR = rank``); ``spike``
    ``diag(L, 1, ..., 1, 0, ...)`` with ``L`` up to 10^4 (``PR`` near 1); ``scaled`` ``D B Bᵀ D``
    (features of very different scales); ``duplicate``: independent unit-variance features plus one
    more, ``c x_1 + noise`` with a small random ``c`` and noise variance ``tau`` (a near-copy of
    ``x_1`` at a smaller scale)."""
    kind = draw(st.sampled_from(families))
    d = draw(st.integers(1, max_dim))
    rng = np.random.default_rng(draw(SEEDS))
    if kind == "duplicate":
        m = max(d - 1, 1)
        c = Fraction(1, int(draw(st.integers(2, 200))))
        tau = Fraction(draw(st.integers(0, 5)), 10 ** draw(st.integers(4, 8)))
        S = np.array([[Fraction(int(i == j)) for j in range(m + 1)] for i in range(m + 1)], dtype=object)
        S[0, m] = S[m, 0] = c
        S[m, m] = c * c + tau
        return Covariance(S, f"duplicate: {m} iid unit features, x_{m + 1} = {c} x_1 + noise of variance {tau}")
    if kind == "spike":
        ones = draw(st.integers(0, d - 1))
        big = draw(st.integers(1, 10**4))
        S = np.diag([big] + [1] * ones + [0] * (d - 1 - ones))
        return Covariance(fraction_matrix(S), f"spike diag({big}, 1 x{ones}, 0 x{d - 1 - ones})")
    k = draw(st.integers(1, d))
    B = rng.integers(-3, 4, (d, k))
    while not np.any(B):
        B = rng.integers(-3, 4, (d, k))
    if kind == "flat":
        while np.linalg.matrix_rank(B) < k:
            B = rng.integers(-3, 4, (d, k))
        c = Fraction(draw(st.integers(1, 9)), draw(st.integers(1, 9)))
        return Covariance(_projector(B) * c, f"flat {c} x projector of rank {k}")
    S = fraction_matrix(B @ B.T)
    if kind == "scaled":
        D = [Fraction(int(rng.integers(1, 11)), int(rng.choice([1, 10, 100]))) for _ in range(d)]
        S = np.array([[D[i] * S[i, j] * D[j] for j in range(d)] for i in range(d)], dtype=object)
        return Covariance(S, f"scaled gram, inner dimension {k}, scales {[str(x) for x in D]}")
    return Covariance(S, f"gram B Bᵀ, inner dimension {k}")


@dataclass(frozen=True, eq=False)
class MeanShift:
    """A covariance ``S`` and a mean ``mu`` (integers): the uncentred moment is ``S + mu muᵀ``."""

    cov: Covariance
    mu: tuple[int, ...]


@st.composite
def mean_shifts(draw, max_dim: int = 5) -> MeanShift:
    cov = draw(covariances(max_dim=max_dim))
    d = cov.S.shape[0]
    mu = tuple(draw(st.lists(st.integers(-4, 4), min_size=d, max_size=d)))
    return MeanShift(cov, mu)


# ---------------------------------------------------------------------------------------------
# representations


@dataclass(frozen=True, eq=False)
class AugmentedPairs:
    """Integer inputs ``x_i`` and augmented views ``x_i⁺`` (rows), an integer linear encoder ``W``
    (k×p), and VICReg's variance target ``gamma`` and weight ``weight``."""

    x: np.ndarray
    x_plus: np.ndarray
    W: np.ndarray
    gamma: Fraction
    weight: Fraction


@st.composite
def augmented_pairs(draw) -> AugmentedPairs:
    n, p, k = draw(st.integers(2, 8)), draw(st.integers(1, 4)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(SEEDS))
    x = rng.integers(-5, 6, (n, p))
    x_plus = x + rng.integers(-1, 2, (n, p))
    W = rng.integers(-2, 3, (k, p))
    while not np.any(W @ x.T - (W @ x.T).mean(axis=1, keepdims=True)):
        W = rng.integers(-2, 3, (k, p))
        x = rng.integers(-5, 6, (n, p))
        x_plus = x + rng.integers(-1, 2, (n, p))
    gamma = Fraction(draw(st.integers(1, 4)))
    weight = Fraction(draw(st.integers(1, 25)))
    return AugmentedPairs(x, x_plus, W, gamma, weight)


@dataclass(frozen=True, eq=False)
class Collapse:
    """Representations ``h_i`` (rows, integers): ``complete`` (every row the same vector ``c``) or
    ``dimensional`` (rows ``±scale e_j`` for ``j < r``, each equally often, so the mean is 0 and the
    covariance ``(scale^2 / r) P_r`` is flat of rank ``r``)."""

    H: np.ndarray
    kind: str
    r: int


@st.composite
def collapses(draw, kinds: tuple[str, ...] = ("complete", "dimensional")) -> Collapse:
    kind = draw(st.sampled_from(kinds))
    k = draw(st.integers(1, 5))
    if kind == "complete":
        c = draw(st.lists(st.integers(-4, 4), min_size=k, max_size=k).filter(any))
        n = draw(st.integers(2, 8))
        return Collapse(np.tile(np.array(c, dtype=np.int64), (n, 1)), kind, 0)
    r = draw(st.integers(1, k))
    scale = draw(st.integers(1, 5))
    reps = draw(st.integers(1, 3))
    rows = [sgn * scale * np.eye(k, dtype=np.int64)[j] for j in range(r) for sgn in (1, -1)] * reps
    return Collapse(np.array(rows), kind, r)


@dataclass(frozen=True)
class SimSiamCase:
    """A constant (collapsed) embedding ``c`` and a diagonal linear predictor ``diag(p)``."""

    c: tuple[int, ...]
    predictor: tuple[int, ...]


@st.composite
def simsiam_cases(draw, aligned: bool = True) -> SimSiamCase:
    """``aligned``: the predictor is a positive multiple of the identity (it maps ``c`` to a positive
    multiple of ``c``); otherwise any diagonal predictor with nonzero entries of either sign."""
    c = draw(st.lists(st.integers(-4, 4), min_size=1, max_size=5).filter(any))
    if aligned:
        p = [draw(st.integers(1, 5))] * len(c)
    else:
        p = draw(st.lists(st.integers(-3, 3).filter(bool), min_size=len(c), max_size=len(c)))
    return SimSiamCase(tuple(c), tuple(p))


@dataclass(frozen=True, eq=False)
class ProbeCase:
    """Class means ``N(mu_k, I_2)`` (rows) and the direction of a one-dimensional probe."""

    means: np.ndarray
    direction: np.ndarray
    family: str


def _min_angle(m: np.ndarray) -> float:
    angles = []
    for k in range(3):
        a, b = m[(k + 1) % 3] - m[k], m[(k + 2) % 3] - m[k]
        angles.append(np.degrees(np.arccos(np.clip(a @ b / np.linalg.norm(a) / np.linalg.norm(b), -1, 1))))
    return min(angles)


@st.composite
def probe_cases(draw, classes: int = 3) -> ProbeCase:
    """Three classes: an equilateral triangle of circumradius in ``[0.5, 3]`` or a random triangle
    (sides ``0.5..6``, angles ``>= 15°``); two classes: any two distinct means.  The direction is
    random or along a difference of means (or perpendicular to one): the natural candidates for
    the best probe."""
    rng = np.random.default_rng(draw(SEEDS))
    if classes == 2:
        m = rng.normal(0, 2, (2, 2))
        family = "two classes"
    elif draw(st.booleans()):
        rad = draw(st.floats(0.5, 3.0))
        phase = draw(st.floats(0, 2 * np.pi))
        ang = phase + np.array([0, 2 * np.pi / 3, 4 * np.pi / 3])
        m = rad * np.column_stack([np.cos(ang), np.sin(ang)])
        family = f"equilateral, circumradius {rad:.3g}"
    else:
        def ok(v: np.ndarray) -> bool:
            sides = [np.linalg.norm(v[i] - v[j]) for i in range(3) for j in range(i)]
            return min(sides) >= 0.5 and max(sides) <= 6 and _min_angle(v) >= 15

        m = rng.uniform(-3, 3, (3, 2))
        while not ok(m):
            m = rng.uniform(-3, 3, (3, 2))
        family = f"triangle, smallest angle {_min_angle(m):.3g}°"
    K = m.shape[0]
    pick = draw(st.sampled_from(["random", "difference", "perpendicular"]))
    if pick == "random":
        theta = draw(st.floats(0, np.pi))
        w = np.array([np.cos(theta), np.sin(theta)])
    else:
        i, j = draw(st.sampled_from([(i, j) for i in range(K) for j in range(i)]))
        v = m[i] - m[j]
        w = v if pick == "difference" else np.array([-v[1], v[0]])
        w = w / np.linalg.norm(w)
    return ProbeCase(m, w, f"{family}; direction {pick}")


@dataclass(frozen=True, eq=False)
class IntegerLeastSquares:
    """Integer ``A`` (m×n), ``b`` (m) and a trial point ``x`` (n) for exact least-squares identities."""

    A: np.ndarray
    b: np.ndarray
    x: np.ndarray
    family: str


@st.composite
def integer_least_squares(draw, shape: str = "any") -> IntegerLeastSquares:
    M = draw(integer_matrices(shape=shape))
    m, n = M.M.shape
    rng = np.random.default_rng(draw(SEEDS))
    return IntegerLeastSquares(M.M, rng.integers(-4, 5, m).astype(np.int64),
                               rng.integers(-4, 5, n).astype(np.int64), M.family)


# ---------------------------------------------------------------------------------------------
# high-dimensional geometry


@dataclass(frozen=True)
class Shell:
    """Dimension ``d`` and a shell width ``eps`` in (0, 1) (a fraction)."""

    d: int
    eps: Fraction


def shells(max_dim: int = 60) -> SearchStrategy[Shell]:
    width = st.tuples(st.integers(1, 50), st.integers(2, 60)).filter(lambda v: v[0] < v[1])
    return st.builds(lambda d, v: Shell(d, Fraction(v[0], v[1])), st.integers(1, max_dim), width)


@dataclass(frozen=True)
class GaussianNorms:
    """``size`` draws of ``delta ~ N(0, beta^2 I_d)`` from the generator seeded with ``seed``, and a
    deviation ``u`` for the tail events."""

    d: int
    beta: float
    u: float
    seed: int
    size: int = 400

    def sample(self) -> np.ndarray:
        return self.beta * np.random.default_rng(self.seed).standard_normal((self.size, self.d))


def gaussian_norms(max_dim: int = 200) -> SearchStrategy[GaussianNorms]:
    return st.builds(GaussianNorms, st.integers(1, max_dim), st.floats(0.1, 10.0), st.floats(0.3, 3.0), SEEDS)


@dataclass(frozen=True)
class Isotropic:
    """Dimension ``d``, a squared radius ``r2`` (a fraction) and a seed for ``size`` samples."""

    d: int
    r2: Fraction
    seed: int
    size: int = 2000


def isotropic_cases(max_dim: int = 20) -> SearchStrategy[Isotropic]:
    return st.builds(Isotropic, st.integers(1, max_dim),
                     st.builds(Fraction, st.integers(1, 30), st.integers(1, 7)), SEEDS)
