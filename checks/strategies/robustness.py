"""Strategies for robustness claims: linear models with rational data, labelled point sets, projection
problems, small networks, and piecewise-constant (grid) or halfspace base classifiers for smoothing."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from scipy.special import ndtr

from checks.robustness import grid_class_probabilities, grid_smoothed_gradient

SEEDS = st.integers(0, 2**32 - 1)
INF = math.inf
RATIONALS = st.fractions(min_value=-4, max_value=4, max_denominator=6)
POSITIVE = st.fractions(min_value=Fraction(1, 8), max_value=3, max_denominator=8)


def _fr(v: list[Fraction]) -> str:
    return "[" + ", ".join(str(a) for a in v) + "]"


# --- linear models ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LinearModel:
    """``f(x) = w·x + b`` at a point ``x``, with an ``ℓ_p`` budget ``ε``."""

    w: tuple[Fraction, ...]
    b: Fraction
    x: tuple[Fraction, ...]
    eps: Fraction
    p: float

    def __repr__(self) -> str:
        return f"LinearModel(w={_fr(self.w)}, b={self.b}, x={_fr(self.x)}, eps={self.eps}, p={self.p})"


@st.composite
def linear_models(draw: st.DrawFn, dense: bool = False, ps: tuple[float, ...] = (1, INF)) -> LinearModel:
    d = draw(st.integers(2 if dense else 1, 6))
    entry = RATIONALS.filter(lambda a: a != 0) if dense else RATIONALS
    w = draw(st.lists(entry, min_size=d, max_size=d).filter(lambda v: any(a != 0 for a in v)))
    x = draw(st.lists(RATIONALS, min_size=d, max_size=d))
    return LinearModel(tuple(w), draw(RATIONALS), tuple(x), draw(POSITIVE), draw(st.sampled_from(ps)))


# --- labelled point sets and linear classifiers -------------------------------------------------------

@dataclass(frozen=True)
class LabelledSet:
    """Points ``x_i`` with labels ``y_i ∈ {±1}`` and integer weights, linear classifiers ``(w, b)``,
    budgets ``ε₁ <= ε₂`` in the ``ℓ_p`` norm."""

    points: tuple[tuple[int, ...], ...]
    labels: tuple[int, ...]
    weights: tuple[int, ...]
    classifiers: tuple[tuple[tuple[Fraction, ...], Fraction], ...]
    eps: tuple[Fraction, Fraction]
    p: float
    family: str

    def __repr__(self) -> str:
        cl = "; ".join(f"w={_fr(list(w))}, b={b}" for w, b in self.classifiers)
        return (f"LabelledSet({self.family}, points={list(self.points)}, labels={list(self.labels)}, "
                f"weights={list(self.weights)}, classifiers=[{cl}], eps={self.eps[0]}, {self.eps[1]}, p={self.p})")


@st.composite
def labelled_sets(draw: st.DrawFn) -> LabelledSet:
    """Random labels, or labels given by the first classifier (clean accuracy 1)."""
    d, n = draw(st.integers(1, 3)), draw(st.integers(1, 7))
    pts = draw(st.lists(st.tuples(*[st.integers(-4, 4)] * d), min_size=n, max_size=n))
    k = draw(st.integers(1, 3))
    cls = tuple((tuple(draw(st.lists(st.integers(-3, 3).map(Fraction), min_size=d, max_size=d))), draw(RATIONALS))
                for _ in range(k))
    self_labelled = draw(st.booleans())
    if self_labelled:
        w, b = cls[0]
        labels = tuple(1 if sum(a * c for a, c in zip(w, x)) + b > 0 else -1 for x in pts)
    else:
        labels = tuple(draw(st.lists(st.sampled_from([-1, 1]), min_size=n, max_size=n)))
    e1 = draw(st.fractions(min_value=0, max_value=2, max_denominator=4))
    e2 = e1 + draw(st.fractions(min_value=0, max_value=2, max_denominator=4))
    weights = tuple(draw(st.lists(st.integers(1, 5), min_size=n, max_size=n)))
    return LabelledSet(tuple(pts), labels, weights, cls, (e1, e2), draw(st.sampled_from([1, INF])),
                       "self-labelled" if self_labelled else "random labels")


@st.composite
def conflict_sets(draw: st.DrawFn) -> LabelledSet:
    """Planar point sets in ``ℓ∞`` with constant and random linear classifiers, plus two extremal
    families: an opposite pair at distance ``3ε`` split at its midpoint (robust at both), and a star of
    negative points around a positive one (one matching edge, several conflicting pairs)."""
    family = draw(st.sampled_from(["random", "pair", "star"]))
    eps = draw(st.sampled_from([Fraction(1, 2), Fraction(1), Fraction(3, 2)]))
    consts = (((Fraction(0), Fraction(0)), Fraction(1)), ((Fraction(0), Fraction(0)), Fraction(-1)))
    if family == "pair":
        x0, D = Fraction(draw(st.integers(-3, 3))), 3 * eps
        points = ((x0, Fraction(0)), (x0 + D, Fraction(0)))
        cls = (((Fraction(1), Fraction(0)), -(x0 + D / 2)),) + consts
        return LabelledSet(points, (-1, 1), (1, 1), cls, (eps, eps), INF, "pair at 3 eps")
    if family == "star":
        leaves = draw(st.integers(2, 5))
        points = ((Fraction(0), Fraction(0)),) + tuple((2 * eps, Fraction(j, leaves)) for j in range(leaves))
        return LabelledSet(points, (1,) + (-1,) * leaves, (1,) * (leaves + 1), consts, (eps, eps), INF, "star")
    n = draw(st.integers(2, 7))
    points = tuple(tuple(Fraction(c) for c in pt) for pt in
                   draw(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=n, max_size=n)))
    labels = tuple(draw(st.lists(st.sampled_from([-1, 1]), min_size=n, max_size=n)))
    cls = tuple(((draw(st.integers(-2, 2).map(Fraction)), draw(st.integers(-2, 2).map(Fraction))), draw(RATIONALS))
                for _ in range(draw(st.integers(1, 3)))) + consts
    return LabelledSet(points, labels, (1,) * n, cls, (eps, eps), INF, "random")


# --- projections --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProjectionProblem:
    x: tuple
    x0: tuple
    eps: object
    p: float
    steps: tuple = ()

    def __repr__(self) -> str:
        fmt = (lambda v: _fr(list(v))) if self.p != 2 else (lambda v: np.array2string(np.asarray(v), precision=6))
        return f"ProjectionProblem(p={self.p}, x={fmt(self.x)}, x0={fmt(self.x0)}, eps={self.eps})"


@st.composite
def exact_projection_problems(draw: st.DrawFn) -> ProjectionProblem:
    """Rational ``x, x₀, ε`` for the ``ℓ∞`` and ``ℓ1`` balls, with ``x`` inside or outside, and a few
    PGD gradient signs."""
    d = draw(st.integers(1, 5))
    x0 = draw(st.lists(RATIONALS, min_size=d, max_size=d))
    eps = draw(POSITIVE)
    scale = draw(st.sampled_from([Fraction(1, 4), Fraction(1), Fraction(4)]))
    v = draw(st.lists(RATIONALS, min_size=d, max_size=d))
    x = tuple(c + scale * eps * a for c, a in zip(x0, v))
    steps = tuple(tuple(draw(st.lists(RATIONALS, min_size=d, max_size=d))) for _ in range(3))
    return ProjectionProblem(x, tuple(x0), eps, draw(st.sampled_from([1, INF])), steps)


@st.composite
def l2_projection_problems(draw: st.DrawFn) -> ProjectionProblem:
    """Float ``x, x₀, ε``; ``x`` inside the ball (at radius fraction in ``[0, 0.95]``) or outside."""
    rng = np.random.default_rng(draw(SEEDS))
    d = draw(st.integers(1, 6))
    x0 = rng.standard_normal(d) * draw(st.sampled_from([0.0, 1.0, 10.0]))
    eps = draw(st.floats(0.05, 5.0))
    u = rng.standard_normal(d)
    u /= np.linalg.norm(u)
    frac = draw(st.one_of(st.floats(0.0, 0.95), st.floats(1.05, 20.0)))
    return ProjectionProblem(tuple(x0 + frac * eps * u), tuple(x0), eps, 2)


# --- small networks for margin certificates --------------------------------------------------------------

@dataclass(frozen=True)
class MarginNet:
    """``f(x) = W_L relu(… relu(W_1 x + b_1) …) + b_L`` with ``K >= 2`` outputs, at a point ``x``;
    ``fractions`` are the test distances as multiples of the certified radius."""

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    x: np.ndarray
    fractions: tuple[float, ...]
    family: str
    seed: int

    def __repr__(self) -> str:
        shapes = "x".join(str(W.shape[1]) for W in self.weights) + f"x{self.weights[-1].shape[0]}"
        return f"MarginNet({self.family}, widths {shapes}, seed={self.seed}, fractions={self.fractions})"


@st.composite
def margin_nets(draw: st.DrawFn) -> MarginNet:
    """Affine multiclass maps (the tight case of the per-margin certificate), the antisymmetric pair
    ``f = (uᵀx, -uᵀx)`` (tight for the ``√2`` form), and ReLU networks of depth 2 and 3."""
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    family = draw(st.sampled_from(["affine", "antisymmetric", "relu"]))
    d = draw(st.integers(1, 5))
    if family == "antisymmetric":
        u = rng.standard_normal((1, d))
        Ws, bs = (np.vstack([u, -u]),), (np.zeros(2),)
    elif family == "affine":
        K = draw(st.integers(2, 4))
        Ws, bs = (rng.standard_normal((K, d)),), (rng.standard_normal(K),)
    else:
        widths = [d] + [draw(st.integers(2, 6)) for _ in range(draw(st.integers(1, 2)))] + [draw(st.integers(2, 4))]
        Ws = tuple(rng.standard_normal((widths[i + 1], widths[i])) / np.sqrt(widths[i]) for i in range(len(widths) - 1))
        bs = tuple(0.3 * rng.standard_normal(w) for w in widths[1:])
    fracs = tuple(draw(st.lists(st.floats(0.05, 2.0), min_size=3, max_size=3)))
    return MarginNet(Ws, bs, rng.standard_normal(d), (1.0,) + fracs, family, seed)


# --- base classifiers for randomized smoothing --------------------------------------------------------------

@dataclass(frozen=True)
class BaseClassifier:
    """A grid classifier on ``R^d`` (axis breakpoints, a label per cell) or a halfspace classifier
    ``h(u) = 0 if w·u <= b else 1``, smoothed with ``N(0, σ²I)`` noise, at a point ``x``."""

    kind: str
    x: np.ndarray
    sigma: float
    classes: int
    breaks: tuple = ()
    labels: np.ndarray | None = None
    w: np.ndarray | None = None
    b: float = 0.0
    fractions: tuple[float, ...] = ()
    direction_seed: int = 0

    @property
    def cells(self) -> int:
        return 2 if self.labels is None else int(self.labels.size)

    def probs(self, x: np.ndarray) -> np.ndarray:
        if self.kind == "grid":
            return grid_class_probabilities(self.breaks, self.labels, x, self.sigma, self.classes)
        z = (self.b - float(self.w @ x)) / (self.sigma * float(np.linalg.norm(self.w)))
        return np.array([ndtr(z), ndtr(-z)])

    def grad_gap(self, x: np.ndarray, a: int, c: int) -> np.ndarray:
        """``∇_x (P(h(x+σZ) = a) - P(h(x+σZ) = c))``."""
        if self.kind == "grid":
            vals = (self.labels == a).astype(float) - (self.labels == c).astype(float)
            return grid_smoothed_gradient([np.asarray(b) / self.sigma for b in self.breaks], vals,
                                          np.asarray(x) / self.sigma) / self.sigma
        nw = float(np.linalg.norm(self.w))
        z = (self.b - float(self.w @ x)) / (self.sigma * nw)
        g0 = -math.exp(-z * z / 2) / math.sqrt(2 * math.pi) * self.w / (self.sigma * nw)
        return g0 * (2 if a == 0 else -2)

    def __repr__(self) -> str:
        with np.printoptions(precision=4, suppress=True):
            if self.kind == "grid":
                return (f"BaseClassifier(grid, breaks={[list(np.round(b, 4)) for b in self.breaks]}, "
                        f"labels={self.labels.tolist()}, x={self.x}, sigma={self.sigma:.4g}, fractions={self.fractions})")
            return (f"BaseClassifier(halfspace, w={self.w}, b={self.b:.4g}, x={self.x}, sigma={self.sigma:.4g}, "
                    f"fractions={self.fractions})")


@st.composite
def base_classifiers(draw: st.DrawFn, halfspaces: bool = True, grids: bool = True) -> BaseClassifier:
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    sigma = draw(st.sampled_from([0.25, 0.5, 1.0, 2.0]))
    fracs = tuple(draw(st.lists(st.floats(0.0, 0.999), min_size=3, max_size=3))) + (0.999,)
    kinds = (["halfspace"] if halfspaces else []) + (["grid"] if grids else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "halfspace":
        d = draw(st.integers(1, 4))
        w = rng.standard_normal(d)
        x = rng.standard_normal(d)
        z = draw(st.floats(-2.5, 2.5))
        b = float(w @ x) + z * sigma * float(np.linalg.norm(w))
        return BaseClassifier("halfspace", x, sigma, 2, w=w, b=b, fractions=fracs, direction_seed=seed)
    d = draw(st.integers(1, 2))
    K = draw(st.integers(2, 3))
    breaks = tuple(np.sort(rng.uniform(-1.5, 1.5, draw(st.integers(1, 4)))) for _ in range(d))
    shape = tuple(len(b) + 1 for b in breaks)
    labels = rng.integers(0, K, size=shape)
    return BaseClassifier("grid", rng.uniform(-1.5, 1.5, d), sigma, K, breaks=breaks, labels=labels,
                          fractions=fracs, direction_seed=seed)


@st.composite
def three_class_intervals(draw: st.DrawFn) -> BaseClassifier:
    """``B | A | C`` on the line with ``x`` inside ``A`` near ``B`` and ``C`` far: the runner-up is ``B``
    and the least likely label ``C`` has tiny probability."""
    sigma = draw(st.sampled_from([0.25, 0.5, 1.0]))
    gap = draw(st.floats(0.3, 1.0)) * sigma
    far = draw(st.floats(4.0, 8.0)) * sigma
    breaks = (np.array([-gap, far]),)
    labels = np.array([1, 0, 2])
    fracs = tuple(draw(st.lists(st.floats(0.0, 0.999), min_size=3, max_size=3))) + (0.999,)
    return BaseClassifier("grid", np.zeros(1), sigma, 3, breaks=breaks, labels=labels, fractions=fracs)


@dataclass(frozen=True)
class BoundedFunction:
    """A grid function ``g`` (a value per cell) at a point ``x``, smoothed with ``N(0, I)``."""

    breaks: tuple
    values: np.ndarray
    x: np.ndarray
    family: str

    def __repr__(self) -> str:
        with np.printoptions(precision=4, suppress=True):
            return (f"BoundedFunction({self.family}, breaks={[list(np.round(b, 4)) for b in self.breaks]}, "
                    f"values={np.round(self.values, 4).tolist()}, x={self.x})")


@st.composite
def bounded_functions(draw: st.DrawFn, low: float = -1.0, high: float = 1.0) -> BoundedFunction:
    """Random grid functions with values in ``[low, high]``, and the extremal step through ``x``
    (``high`` on one side of a hyperplane ``u_1 = x_1``, ``low`` on the other)."""
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    d = draw(st.integers(1, 3))
    x = rng.uniform(-1, 1, d)
    if draw(st.booleans()):
        shift = draw(st.floats(-0.5, 0.5))
        breaks = (np.array([x[0] + shift]),) + tuple(np.array([0.0]) for _ in range(d - 1))
        shape = (2,) + (2,) * (d - 1)
        values = np.empty(shape)
        values[0], values[1] = low, high
        return BoundedFunction(breaks, values, x, "step")
    breaks = tuple(np.sort(rng.uniform(-1.5, 1.5, draw(st.integers(1, 3)))) for _ in range(d))
    values = rng.uniform(low, high, tuple(len(b) + 1 for b in breaks))
    return BoundedFunction(breaks, values, x, "random")
