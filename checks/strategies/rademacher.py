"""Strategies for Rademacher-average claims: transformations of finite integer vector sets, integer
hinge maps, sample matrices for the linear class, and binary prediction tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from checks.finite_class import FiniteProblem
from checks.rademacher import HingeMap
from checks.strategies.concept_classes import VectorSet, vector_sets

SEEDS = st.integers(0, 2**32 - 1)


@dataclass(frozen=True)
class Transformed:
    """A vector set ``A``, a nonzero integer scale ``c`` and an integer translation ``b``."""

    A: VectorSet
    c: int
    b: tuple[int, ...]


@st.composite
def transformed_sets(draw: st.DrawFn) -> Transformed:
    A = draw(vector_sets(max_n=7))
    c = draw(st.integers(-4, 4).filter(bool))
    b = tuple(draw(st.lists(st.integers(-6, 6), min_size=A.n, max_size=A.n)))
    return Transformed(A, c, b)


@st.composite
def hinge_maps(draw: st.DrawFn) -> HingeMap:
    """Either the tight map ``t ↦ L t`` or a random one with up to three integer knots."""
    if draw(st.booleans()):
        return HingeMap(draw(st.integers(-3, 3).filter(bool)))
    k = draw(st.integers(0, 3))
    knots = tuple(draw(st.lists(st.integers(-4, 4), min_size=k, max_size=k)))
    slopes = tuple(draw(st.lists(st.integers(-3, 3), min_size=k, max_size=k)))
    return HingeMap(draw(st.integers(-3, 3)), knots, slopes)


@dataclass(frozen=True)
class Contraction:
    A: VectorSet
    phi: HingeMap


def contraction_instances() -> st.SearchStrategy[Contraction]:
    return st.builds(Contraction, vector_sets(max_n=7), hinge_maps())


@dataclass(frozen=True)
class LinearSample:
    """Rows ``x_1..x_n`` of ``X`` in ``R^d`` and a radius ``B``; ``family`` names the construction."""

    X: np.ndarray
    B: float
    family: str

    def __repr__(self) -> str:
        return f"LinearSample({self.family}, B={self.B:.3g}, X={np.array2string(self.X, precision=3)})"


@st.composite
def linear_samples(draw: st.DrawFn) -> LinearSample:
    """Gaussian rows with random norms; orthogonal rows (equal or unequal norms; the first bound is
    then an equality, and the second too when the norms are equal); antipodal pairs (``Σ x_i = 0``)."""
    family = draw(st.sampled_from(["gaussian", "orthogonal-equal", "orthogonal-unequal", "antipodal"]))
    rng = np.random.default_rng(draw(SEEDS))
    n = draw(st.integers(1, 10))
    B = float(draw(st.sampled_from([0.5, 1.0, 3.0])))
    if family.startswith("orthogonal"):
        d = n + draw(st.integers(0, 2))
        Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
        r = np.full(n, 2.0) if family == "orthogonal-equal" else rng.uniform(0.2, 3.0, n)
        X = r[:, None] * Q[:n]
    elif family == "antipodal":
        n = max(2, n - n % 2)
        half = rng.standard_normal((n // 2, draw(st.integers(1, 4))))
        X = np.vstack([half, -half])
    else:
        X = rng.standard_normal((n, draw(st.integers(1, 5)))) * rng.uniform(0.1, 3.0, (n, 1))
    return LinearSample(X, B, family)


@dataclass(frozen=True)
class FlipTable:
    """Predictions ``preds[h, i] ∈ {0,1}`` of each hypothesis on ``S1 ∪ S2`` (first ``m`` points are
    ``S1``) and the labels ``y``."""

    preds: tuple[tuple[int, ...], ...]
    y: tuple[int, ...]
    m: int


@st.composite
def flip_tables(draw: st.DrawFn) -> FlipTable:
    rng = np.random.default_rng(draw(SEEDS))
    m = draw(st.integers(1, 6))
    H = draw(st.integers(1, 10))
    preds = tuple(tuple(int(v) for v in row) for row in rng.integers(0, 2, (H, 2 * m)))
    return FlipTable(preds, tuple(int(v) for v in rng.integers(0, 2, 2 * m)), m)


@st.composite
def two_sample_problems(draw: st.DrawFn) -> tuple[FiniteProblem, int]:
    """``(P, m)`` with ``m <= 4``: the constant-loss pair ``{ℓ ≡ 0, ℓ ≡ 1}`` (where the two definitions
    differ most), the class of all loss vectors (where they agree), or a random class."""
    rng = np.random.default_rng(draw(SEEDS))
    k = draw(st.integers(1, 4))
    weights = tuple(int(w) for w in rng.integers(1, 5, k))
    kind = draw(st.sampled_from(["constant pair", "all functions", "random"]))
    if kind == "constant pair":
        losses = ((0,) * k, (1,) * k)
    elif kind == "all functions":
        losses = tuple(tuple((j >> i) & 1 for i in range(k)) for j in range(1 << k))
    else:
        losses = tuple(dict.fromkeys(tuple(int(b) for b in rng.integers(0, 2, k))
                                     for _ in range(draw(st.integers(1, 6)))))
    return FiniteProblem(weights, losses, kind), draw(st.integers(1, 4))
