"""Instances for the dropout, equalization, path-norm and modified-equation claims.

Exact instances hold small rational matrices (integer entries drawn one by one over a common
denominator, so a counterexample shrinks to a readable one); floating-point instances are built from a NumPy generator seeded by a Hypothesis-drawn
integer.  Every instance prints its matrices as rationals or rounded floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from checks.dropout import as_fractions, interpolation_manifold, optimal_factors, rank_exact

RATES = (Fraction(1, 5), Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(2, 3), Fraction(3, 4))
"""Dropout rates p (probability of dropping a unit)."""

ENTRY_LAWS: dict[str, tuple[tuple[Fraction, Fraction], ...]] = {
    "rademacher": ((Fraction(-1), Fraction(1, 2)), (Fraction(1), Fraction(1, 2))),
    "three-point": ((Fraction(-2), Fraction(1, 8)), (Fraction(0), Fraction(3, 4)), (Fraction(2), Fraction(1, 8))),
    "skewed": ((Fraction(2), Fraction(1, 5)), (Fraction(-1, 2), Fraction(4, 5))),
    "variance-two": ((Fraction(-2), Fraction(1, 4)), (Fraction(0), Fraction(1, 2)), (Fraction(2), Fraction(1, 4))),
}
"""Finite entry laws.  The first three have mean 0 and variance 1 (the moments a Gaussian entry has,
which are all a quadratic form in the entries sees); ``skewed`` is not symmetric; ``variance-two``
has variance 2."""
UNIT_VARIANCE_LAWS = ("rademacher", "three-point", "skewed")


def show(a: Any) -> str:
    """Rationals as ``p/q``, float arrays rounded to 4 digits."""
    arr = np.asarray(a, dtype=object)
    if arr.dtype == object and all(isinstance(v, (int, Fraction)) for v in arr.reshape(-1)):
        return str(np.vectorize(str, otypes=[object])(arr).tolist()).replace("'", "")
    return np.array2string(np.asarray(a, dtype=float), precision=4, suppress_small=True)


def show_all(items) -> str:
    return "[" + ", ".join(show(a) for a in items) + "]"


def rationals(lo: int = -3, hi: int = 3, dens: tuple[int, ...] = (1, 2)) -> st.SearchStrategy[Fraction]:
    return st.builds(Fraction, st.integers(lo, hi), st.sampled_from(dens))


@st.composite
def rational_matrix(draw, rows: int, cols: int, lo: int = -3, hi: int = 3, dens: tuple[int, ...] = (1, 2)):
    """A ``rows × cols`` matrix of integers in ``[lo, hi]`` over one common denominator from ``dens``."""
    den = draw(st.sampled_from(dens))
    entries = draw(st.lists(st.integers(lo, hi), min_size=rows * cols, max_size=rows * cols))
    return as_fractions(np.array(entries, dtype=object).reshape(rows, cols)) / den


def _vector(draw, n: int, lo: int = -3, hi: int = 3) -> np.ndarray:
    return draw(rational_matrix(n, 1, lo, hi)).reshape(n)


def _seeded(draw) -> np.random.Generator:
    return np.random.default_rng(draw(st.integers(0, 2**32 - 1)))


# --- linear regression with input dropout ------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class LinearDropoutCase:
    """Inputs ``X`` (rows ``x_i``), responses ``y``, weights ``w`` and dropout rate ``p`` on the inputs."""

    X: np.ndarray
    y: np.ndarray
    w: np.ndarray
    p: Fraction
    family: str

    def __repr__(self) -> str:
        return (f"LinearDropoutCase({self.family}, p={self.p}, X={show(self.X)}, y={show(self.y)}, "
                f"w={show(self.w)})")


@st.composite
def linear_dropout_cases(draw) -> LinearDropoutCase:
    """Designs with no zero column (so the dropout objective is strictly convex); a third have
    orthogonal columns, where dropout does act as a rescaling."""
    n = draw(st.integers(1, 4))
    d = draw(st.integers(1, 4))
    family = draw(st.sampled_from(("general", "general", "orthogonal-columns")))
    if family == "orthogonal-columns":
        d = min(d, n)
        X = as_fractions(np.zeros((n, d), dtype=int))
        for j in range(d):
            X[j, j] = draw(rationals(1, 3))
    else:
        X = draw(rational_matrix(n, d))
        for j in range(d):
            if all(v == 0 for v in X[:, j]):
                X[j % n, j] = Fraction(1)
    return LinearDropoutCase(X, _vector(draw, n), _vector(draw, d), draw(st.sampled_from(RATES)), family)


# --- matrix sensing -----------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class SensingCase:
    """Factors ``U`` (d2×d1), ``V`` (d0×d1), measurements ``(A_i, y_i)`` and dropout rate ``p``."""

    U: np.ndarray
    V: np.ndarray
    As: tuple[np.ndarray, ...]
    ys: tuple[Fraction, ...]
    p: Fraction

    def __repr__(self) -> str:
        return (f"SensingCase(p={self.p}, U={show(self.U)}, V={show(self.V)}, A={show_all(self.As)}, "
                f"y={show(self.ys)})")


@st.composite
def sensing_cases(draw) -> SensingCase:
    """``d1 <= 4`` columns (16 masks), ``d2, d0, n <= 3``."""
    d1, d2, d0, n = (draw(st.integers(1, m)) for m in (4, 3, 3, 3))
    As = tuple(draw(rational_matrix(d2, d0)) for _ in range(n))
    ys = tuple(draw(rationals()) for _ in range(n))
    return SensingCase(draw(rational_matrix(d2, d1)), draw(rational_matrix(d0, d1)), As, ys,
                       draw(st.sampled_from(RATES)))


@dataclass(frozen=True, eq=False)
class InnerCase:
    """``U`` (d2×d1), ``V`` (d0×d1), a sensing matrix ``A`` (d2×d0) and a diagonal ``b`` (d1)."""

    U: np.ndarray
    V: np.ndarray
    A: np.ndarray
    b: np.ndarray

    def __repr__(self) -> str:
        return f"InnerCase(U={show(self.U)}, V={show(self.V)}, A={show(self.A)}, b={show(self.b)})"


@st.composite
def inner_cases(draw, square: bool = False) -> InnerCase:
    d1, d2 = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    d0 = d2 if square else draw(st.integers(1, 3))
    return InnerCase(draw(rational_matrix(d2, d1)), draw(rational_matrix(d0, d1)), draw(rational_matrix(d2, d0)),
                     _vector(draw, d1))


@dataclass(frozen=True, eq=False)
class SensingLawCase:
    """Factors and a sensing law: iid entries from ``ENTRY_LAWS[law]``, or ``A = e_k e_lᵀ`` with
    probability ``row_probs[k] col_probs[l]`` (``law == "completion"``)."""

    U: np.ndarray
    V: np.ndarray
    law: str
    row_probs: tuple[Fraction, ...] = ()
    col_probs: tuple[Fraction, ...] = ()

    def __repr__(self) -> str:
        probs = f", p={show(self.row_probs)}, q={show(self.col_probs)}" if self.row_probs else ""
        return f"SensingLawCase({self.law}{probs}, U={show(self.U)}, V={show(self.V)})"


def _probability_vector(draw, n: int, skewed: bool) -> tuple[Fraction, ...]:
    hi = 20 if skewed else 5
    w = [draw(st.integers(1, hi)) for _ in range(n)]
    if skewed and n > 1:
        w[0] = 1
    return tuple(Fraction(v, sum(w)) for v in w)


@st.composite
def sensing_law_cases(draw, laws: tuple[str, ...] = UNIT_VARIANCE_LAWS + ("completion",)) -> SensingLawCase:
    law = draw(st.sampled_from(laws))
    d1 = draw(st.integers(1, 3))
    if law == "completion":
        d2, d0 = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        skewed = draw(st.booleans())
        rp, cp = _probability_vector(draw, d2, skewed), _probability_vector(draw, d0, skewed)
    else:
        d2, d0 = draw(st.integers(1, 2)), draw(st.integers(1, 2))
        rp = cp = ()
    return SensingLawCase(draw(rational_matrix(d2, d1)), draw(rational_matrix(d0, d1)), law, rp, cp)


# --- factorizations of M (floating point) -----------------------------------------------------------

@dataclass(frozen=True, eq=False)
class FactorizationCase:
    """A factorization ``M = U Vᵀ`` and the weights of the induced regularizer: unit weights for
    Gaussian sensing, row/column sampling probabilities for matrix completion."""

    U: np.ndarray
    V: np.ndarray
    row_weights: np.ndarray
    col_weights: np.ndarray
    sensing: str
    family: str

    def __repr__(self) -> str:
        return (f"FactorizationCase({self.sensing}, {self.family}, U={show(self.U)}, V={show(self.V)}, "
                f"p={show(self.row_weights)}, q={show(self.col_weights)})")


@st.composite
def factorization_cases(draw) -> FactorizationCase:
    rng = _seeded(draw)
    sensing = draw(st.sampled_from(("gaussian", "completion")))
    family = draw(st.sampled_from(("random", "rank-deficient", "optimal", "near-optimal")))
    d1, d2, d0 = (draw(st.integers(1, 4)) for _ in range(3))
    if sensing == "gaussian":
        pw, qw = np.ones(d2), np.ones(d0)
    else:
        spread = draw(st.floats(0, 3))
        pw = 10.0 ** rng.uniform(-spread, 0, d2)
        qw = 10.0 ** rng.uniform(-spread, 0, d0)
        pw, qw = pw / pw.sum(), qw / qw.sum()
    U, V = rng.standard_normal((d2, d1)), rng.standard_normal((d0, d1))
    if family == "rank-deficient" and d1 > 1:
        r = int(rng.integers(1, d1))
        U = rng.standard_normal((d2, r)) @ rng.standard_normal((r, d1))
    if family in ("optimal", "near-optimal"):
        U, V = optimal_factors(U @ V.T, d1, pw, qw)
        if family == "near-optimal":
            U = U + 1e-3 * rng.standard_normal(U.shape)
    return FactorizationCase(U, V, pw, qw, sensing, family)


@dataclass(frozen=True, eq=False)
class FactorPair:
    """A pair ``U`` (d2×d1), ``V`` (d0×d1); ``balanced`` when ``UᵀU = VᵀV``."""

    U: np.ndarray
    V: np.ndarray
    family: str

    def __repr__(self) -> str:
        return f"FactorPair({self.family}, U={show(self.U)}, V={show(self.V)})"


def _orthonormal_columns(rng: np.random.Generator, n: int, r: int) -> np.ndarray:
    Q, R = np.linalg.qr(rng.standard_normal((n, r)))
    return Q * np.sign(np.diag(R))


@st.composite
def balanced_pairs(draw) -> FactorPair:
    """``U = W S R``, ``V = Y S R`` with ``W``, ``Y`` orthonormal columns, ``S`` positive diagonal
    (rank r) and ``R`` an r×d1 matrix with orthonormal rows: then ``UᵀU = RᵀS²R = VᵀV``."""
    rng = _seeded(draw)
    r = draw(st.integers(1, 4))
    d1, d2, d0 = (draw(st.integers(r, 5)) for _ in range(3))
    s = 10.0 ** rng.uniform(-0.7, 0.5, r)
    R = _orthonormal_columns(rng, d1, r).T
    U = _orthonormal_columns(rng, d2, r) * s @ R
    V = _orthonormal_columns(rng, d0, r) * s @ R
    return FactorPair(U, V, f"balanced rank {r}")


@st.composite
def unbalanced_pairs(draw) -> FactorPair:
    rng = _seeded(draw)
    d1, d2, d0 = (draw(st.integers(1, 4)) for _ in range(3))
    return FactorPair(rng.standard_normal((d2, d1)), 2.0 * rng.standard_normal((d0, d1)), "gaussian pair")


@st.composite
def any_integer_pairs(draw) -> FactorPair:
    """Any pair of small integer matrices with ``U Vᵀ != 0`` (the hypothesis of the printed theorem
    is only the shapes)."""
    d1, d2, d0 = (draw(st.integers(1, 3)) for _ in range(3))
    U = draw(rational_matrix(d2, d1, -2, 2, (1,)))
    V = draw(rational_matrix(d0, d1, -2, 2, (1,)))
    if all(v == 0 for v in (U @ V.T).reshape(-1)):
        U[0, 0], V[0, 0] = Fraction(1), Fraction(1)
        if all(v == 0 for v in (U @ V.T).reshape(-1)):
            U[0, :] = V[0, :] = 0
            U[0, 0] = V[0, 0] = Fraction(1)
    return FactorPair(U, V, "integer pair")


# --- networks and input laws --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class NetworkCase:
    """A bias-free network ``W_k σ(⋯σ(W_1 x))``, data ``(x_i, y_i)`` and dropout rate ``p``."""

    weights: tuple[np.ndarray, ...]
    activation: str
    xs: tuple[np.ndarray, ...]
    ys: tuple[np.ndarray, ...]
    p: Fraction

    def __repr__(self) -> str:
        return (f"NetworkCase({self.activation}, p={self.p}, W={show_all(self.weights)}, x={show_all(self.xs)}, "
                f"y={show_all(self.ys)})")


@st.composite
def network_cases(draw) -> NetworkCase:
    k = draw(st.integers(2, 3))
    widths = [draw(st.integers(1, 3))] + [draw(st.integers(1, 3)) for _ in range(k - 2)]
    widths += [draw(st.integers(1, 4)), draw(st.integers(1, 2))]
    weights = tuple(draw(rational_matrix(widths[i + 1], widths[i])) for i in range(k))
    n = draw(st.integers(1, 3))
    xs = tuple(_vector(draw, widths[0]) for _ in range(n))
    ys = tuple(_vector(draw, widths[-1]) for _ in range(n))
    act = draw(st.sampled_from(("relu", "identity", "square", "leaky")))
    return NetworkCase(weights, act, xs, ys, draw(st.sampled_from(RATES)))


INPUT_LAWS = ("hypercube", "three-point", "cross")
"""Symmetric (``P(x) = P(-x)``) and isotropic (``E xxᵀ = I``) finite input laws."""


def input_law(name: str, d0: int, scales: tuple[Fraction, ...] | None = None
              ) -> tuple[tuple[np.ndarray, ...], tuple[Fraction, ...]]:
    """Points and probabilities of a finite law on ``Q^{d0}``:
    ``hypercube`` uniform on ``{±1}^{d0}``; ``three-point`` iid entries ``±2`` w.p. 1/8 each, else 0;
    ``cross`` ``±2 e_i`` w.p. 1/8 each and 0 otherwise (``d0 <= 4``); ``skewed`` iid entries ``2``
    w.p. 1/5 and ``-1/2`` w.p. 4/5 (isotropic, not symmetric); ``scaled-hypercube`` ``{±s_i}``
    (symmetric, covariance ``diag(s^2)``)."""
    if name in ("hypercube", "three-point", "skewed", "scaled-hypercube"):
        entry = {"hypercube": ENTRY_LAWS["rademacher"], "three-point": ENTRY_LAWS["three-point"],
                 "skewed": ENTRY_LAWS["skewed"], "scaled-hypercube": ENTRY_LAWS["rademacher"]}[name]
        s = scales if scales is not None else (Fraction(1),) * d0
        pts, probs = [], []
        for combo in product(entry, repeat=d0):
            pts.append(as_fractions([s[i] * v for i, (v, _) in enumerate(combo)]))
            probs.append(np.prod([q for _, q in combo]))
        return tuple(pts), tuple(probs)
    if name == "cross":
        if d0 > 4:
            raise ValueError("the cross law needs d0 <= 4")
        pts = [as_fractions([0] * d0)]
        probs = [1 - Fraction(d0, 4)]
        for i in range(d0):
            for sign in (2, -2):
                e = [0] * d0
                e[i] = sign
                pts.append(as_fractions(e))
                probs.append(Fraction(1, 8))
        keep = [(x, q) for x, q in zip(pts, probs) if q > 0]
        return tuple(x for x, _ in keep), tuple(q for _, q in keep)
    raise ValueError(f"unknown input law {name!r}")


@dataclass(frozen=True, eq=False)
class ReluLawCase:
    """A two-layer ReLU net ``W2 ReLU(W1 x)``, a finite input law, targets and dropout rate ``p``."""

    W1: np.ndarray
    W2: np.ndarray
    law: str
    points: tuple[np.ndarray, ...]
    probs: tuple[Fraction, ...]
    ys: tuple[np.ndarray, ...]
    p: Fraction

    def __repr__(self) -> str:
        return (f"ReluLawCase({self.law}, {len(self.points)} points, p={self.p}, W1={show(self.W1)}, "
                f"W2={show(self.W2)}, y={show_all(self.ys)})")


@st.composite
def relu_law_cases(draw, laws: tuple[str, ...] = INPUT_LAWS) -> ReluLawCase:
    d0, d1, d2 = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
    law = draw(st.sampled_from(laws))
    scales = None
    if law == "scaled-hypercube":
        scales = tuple(draw(st.sampled_from((Fraction(1, 2), Fraction(1), Fraction(2)))) for _ in range(d0))
        if all(s == 1 for s in scales):
            scales = (Fraction(2),) + scales[1:]
    points, probs = input_law(law, d0, scales)
    ys = tuple(_vector(draw, d2, -1, 1) for _ in points)
    return ReluLawCase(draw(rational_matrix(d1, d0)), draw(rational_matrix(d2, d1)), law, points, probs, ys,
                       draw(st.sampled_from(RATES)))


@dataclass(frozen=True, eq=False)
class AutoencoderCase:
    """A tied linear autoencoder ``x -> U Uᵀ x`` and a finite joint law of ``(x, y)``."""

    U: np.ndarray
    law: str
    points: tuple[np.ndarray, ...]
    probs: tuple[Fraction, ...]
    ys: tuple[np.ndarray, ...]
    targets: str
    p: Fraction

    def __repr__(self) -> str:
        return (f"AutoencoderCase({self.law} x, {self.targets} y, p={self.p}, U={show(self.U)}, "
                f"x={show_all(self.points)}, y={show_all(self.ys)}, probs={show(self.probs)})")


@st.composite
def autoencoder_cases(draw, laws: tuple[str, ...] = INPUT_LAWS) -> AutoencoderCase:
    """``x`` from a finite law with ``E xxᵀ = I`` (or a scaled one when ``laws`` says so); ``y = x``
    (a true autoencoder, ``C_yx`` symmetric), ``y = B x`` or an arbitrary table of targets."""
    d0, d1 = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    law = draw(st.sampled_from(laws))
    scales = (Fraction(2),) + (Fraction(1),) * (d0 - 1) if law == "scaled-hypercube" else None
    points, probs = input_law(law, d0, scales)
    targets = draw(st.sampled_from(("identity", "linear", "table")))
    if targets == "identity":
        ys = points
    elif targets == "linear":
        B = draw(rational_matrix(d0, d0))
        ys = tuple(B @ x for x in points)
    else:
        ys = tuple(_vector(draw, d0, -2, 2) for _ in points)
    return AutoencoderCase(draw(rational_matrix(d0, d1)), law, points, probs, ys, targets,
                           draw(st.sampled_from(RATES)))


# --- path norms --------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class PathNormCase:
    """A bias-free scalar ReLU net, per-neuron scalings of its hidden layers, and two inputs."""

    weights: tuple[np.ndarray, ...]
    scalings: tuple[np.ndarray, ...]
    x: np.ndarray
    y: np.ndarray
    family: str

    def __repr__(self) -> str:
        return (f"PathNormCase({self.family}, W={show_all(self.weights)}, D={show_all(self.scalings)}, "
                f"x={show(self.x)}, y={show(self.y)})")


SCALES = (Fraction(1, 3), Fraction(1, 2), Fraction(1), Fraction(3, 2), Fraction(2), Fraction(3))


@st.composite
def path_norm_cases(draw, negative: bool = False) -> PathNormCase:
    """Depth 2 or 3, widths <= 3, scalar output.  The ``positive`` family (all weights > 0, at least
    two inputs, ``x - y = t 1`` with ``y >= 0``) attains the Lipschitz bound ``|f(x) - f(y)| = φ_1 ||x - y||_∞``.
    ``negative`` allows negative scalings (which ReLU does not commute with)."""
    family = draw(st.sampled_from(("positive", "signed")))
    k = draw(st.integers(2, 3))
    widths = [draw(st.integers(2 if family == "positive" else 1, 3))] + [draw(st.integers(1, 3)) for _ in range(k - 1)]
    widths.append(1)
    lo = 1 if family == "positive" else -3
    weights = tuple(draw(rational_matrix(widths[i + 1], widths[i], lo, 3)) for i in range(k))
    scale = st.sampled_from(SCALES)
    if negative:
        scale = st.builds(lambda s, neg: -s if neg else s, scale, st.booleans())
    scalings = tuple(as_fractions([draw(scale) for _ in range(widths[i + 1])]) for i in range(k - 1))
    if negative and all(v > 0 for c in scalings for v in c):
        scalings = (-scalings[0],) + scalings[1:]
    if family == "positive":
        y = _vector(draw, widths[0], 0, 3)
        x = y + draw(rationals(1, 3))
    else:
        x, y = _vector(draw, widths[0]), _vector(draw, widths[0])
    return PathNormCase(weights, scalings, x, y, family)


# --- modified equations -------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class PolynomialLoss:
    """A polynomial loss ``L(θ_1, θ_2)`` with integer coefficients."""

    expr: sp.Expr

    def __repr__(self) -> str:
        return f"PolynomialLoss(L = {self.expr})"


THETA = sp.symbols("theta1 theta2")
STEP = sp.Symbol("h")


@st.composite
def polynomial_losses(draw, max_degree: int = 4) -> PolynomialLoss:
    """Sums of up to five monomials of degree <= ``max_degree`` in two variables, at least one of
    degree >= 2 (so that ``∇²L ∇L`` is not identically zero)."""
    monomials = [(i, j) for i in range(max_degree + 1) for j in range(max_degree + 1 - i) if i + j >= 1]
    chosen = draw(st.lists(st.sampled_from(monomials), min_size=1, max_size=5, unique=True))
    if all(i + j < 2 for i, j in chosen):
        chosen.append((2, 0))
    coeffs = [draw(st.integers(-3, 3).filter(bool)) for _ in chosen]
    t1, t2 = THETA
    return PolynomialLoss(sp.Add(*[c * t1 ** i * t2 ** j for c, (i, j) in zip(coeffs, chosen)]))


@dataclass(frozen=True, eq=False)
class QuadraticCase:
    """``L = ½(θ-θ*)ᵀ H (θ-θ*)`` with ``H = Q diag(lam) Qᵀ``, GD step ``h`` and a number of steps."""

    lam: np.ndarray
    Q: np.ndarray
    theta_star: np.ndarray
    theta0: np.ndarray
    h: float
    steps: int
    family: str

    @property
    def H(self) -> np.ndarray:
        return (self.Q * self.lam) @ self.Q.T

    def __repr__(self) -> str:
        return (f"QuadraticCase({self.family}, h*lam={show(self.h * self.lam)}, steps={self.steps}, "
                f"theta*={show(self.theta_star)}, theta0={show(self.theta0)})")


@st.composite
def quadratic_cases(draw, negative: bool = False) -> QuadraticCase:
    """``h λ_i ∈ [0, x_max]`` with ``x_max ∈ [0.01, 0.99]``; the ``one-step`` family (one step, one
    direction) is where the per-step bound is nearly attained.  ``negative`` gives ``H`` one negative
    eigenvalue with ``h|λ| <= 0.9``."""
    rng = _seeded(draw)
    family = draw(st.sampled_from(("general", "general", "one-step")))
    d = 1 if family == "one-step" else draw(st.integers(1, 4))
    steps = 1 if family == "one-step" else draw(st.integers(1, 20))
    x_max = draw(st.floats(0.01, 0.99))
    x = np.sort(rng.uniform(0, 1, d))[::-1] * x_max
    x[0] = x_max
    if negative:
        x[-1] = -draw(st.floats(0.3, 0.9))
        steps = max(steps, 2)
    h = draw(st.floats(0.05, 1.0))
    Q = _orthonormal_columns(rng, d, d)
    return QuadraticCase(x / h, Q, rng.standard_normal(d), rng.standard_normal(d), h, steps, family)


@dataclass(frozen=True, eq=False)
class SGDCase:
    """Minibatch SGD on ``L(θ) = (1/n) sum_i [½(x_iᵀθ - y_i)^2 + (c/4)(x_iᵀθ)^4]`` (least squares when
    ``c = 0``): step ``h``, batch size, number of steps, start ``θ0``."""

    X: np.ndarray
    y: np.ndarray
    theta0: np.ndarray
    h: Fraction
    batch: int
    steps: int
    quartic: Fraction

    def grad(self, i: int, theta: np.ndarray) -> np.ndarray:
        x = self.X[i]
        z = x @ theta
        return x * (z - self.y[i] + self.quartic * z ** 3)

    def __repr__(self) -> str:
        return (f"SGDCase(n={self.X.shape[0]}, batch={self.batch}, steps={self.steps}, h={self.h}, "
                f"quartic={self.quartic}, X={show(self.X)}, y={show(self.y)}, theta0={show(self.theta0)})")


@st.composite
def sgd_cases(draw, quartic: bool = False) -> SGDCase:
    """``n <= 4`` examples, ``d <= 3``, ``batch < n``, at most 3 steps (at most ``6^3`` batch
    sequences), ``θ0 != 0``; ``quartic`` adds the non-quadratic term and takes >= 2 steps."""
    n, d = draw(st.integers(2, 4)), draw(st.integers(1, 3))
    X = draw(rational_matrix(n, d))
    y = _vector(draw, n)
    theta0 = _vector(draw, d)
    if all(v == 0 for v in theta0):
        theta0[0] = Fraction(1)
    batch = draw(st.integers(1, n - 1))
    steps = draw(st.integers(2 if quartic else 1, 3))
    c = draw(st.sampled_from((Fraction(1), Fraction(1, 2), Fraction(2)))) if quartic else Fraction(0)
    h = draw(st.sampled_from((Fraction(1, 10), Fraction(1, 4), Fraction(1, 2))))
    return SGDCase(X, y, theta0, h, batch, steps, c)


# --- the interpolation manifold --------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class ManifoldCase:
    """A wide full-row-rank design ``X``, targets ``y``, an interpolating start ``w0`` and a step ``η``."""

    X: np.ndarray
    y: np.ndarray
    w0: np.ndarray
    eta: Fraction
    steps: int

    def __repr__(self) -> str:
        return (f"ManifoldCase(eta={self.eta}, steps={self.steps}, X={show(self.X)}, y={show(self.y)}, "
                f"w0={show(self.w0)})")


@st.composite
def manifold_cases(draw, etas: tuple[Fraction, ...] = (Fraction(1, 4), Fraction(1, 2), Fraction(1),
                                                       Fraction(3, 2), Fraction(7, 4))) -> ManifoldCase:
    """``w0 = w* + P_N z``: an interpolant that carries a null-space ("memorizing") component."""
    n = draw(st.integers(1, 3))
    d = draw(st.integers(n + 1, 4))
    X = draw(rational_matrix(n, d))
    if rank_exact(X) < n:
        X[:, :n] += 3 * as_fractions(np.eye(n, dtype=int))
    if rank_exact(X) < n:
        X = as_fractions(np.hstack([np.eye(n, dtype=int), np.ones((n, d - n), dtype=int)]))
    y = _vector(draw, n)
    w_star, P = interpolation_manifold(X, y)
    z = _vector(draw, d)
    if all(v == 0 for v in P @ z):
        z = next(P[:, j] for j in range(d) if any(v != 0 for v in P[:, j]))
    return ManifoldCase(X, y, w_star + P @ z, draw(st.sampled_from(etas)), draw(st.integers(1, 6)))
