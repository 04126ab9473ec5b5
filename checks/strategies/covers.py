"""Strategies for covers of the unit ball, Lipschitz constants on it and cover-based bounds.

- Candidate sets for the greedy ``ρ``-separated pass: the tight one-dimensional grid (spacing just
  above ``ρ``, where ``⌊2/ρ⌋ + 1`` points fit) and random rational points of the ball in ``k <= 3``.
- Squared-loss instances ``x = a·u`` (``u`` a rational unit vector, so ``‖x‖ = a`` is rational) with
  pairs of points of the ball, including the extremal pair on the segment towards
  ``w* = -sign(y) u`` where the Lipschitz constant is attained.
- Oscillating losses ``A sin(w/ε)``; two-layer ReLU nets; clipped linear losses on ``[-1, 1]`` on a
  finite law (``w``-independent Bernoulli losses, where Hoeffding is nearly tight, and random ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.covers import rational_unit_vector, sq_dist

SEEDS = st.integers(0, 2**32 - 1)


def _rho() -> st.SearchStrategy[Fraction]:
    """``ρ ∈ (0, 1]``: ``p/q`` with ``1 <= p <= q <= 24``."""
    return st.integers(1, 24).flatmap(lambda q: st.integers(1, q).map(lambda p: Fraction(p, q)))


@dataclass(frozen=True)
class CoverInstance:
    """Candidate points of the unit ball of ``R^k`` and a radius ``ρ``."""

    k: int
    rho: Fraction
    points: tuple[tuple[Fraction, ...], ...]
    kind: str

    def __repr__(self) -> str:
        return f"CoverInstance({self.kind}, k={self.k}, rho={self.rho}, {len(self.points)} candidates)"


@st.composite
def _grid(draw: st.DrawFn) -> CoverInstance:
    rho = draw(_rho())
    s = rho + Fraction(1, draw(st.integers(200, 2000)))  # spacing just above rho
    pts = []
    v = Fraction(-1)
    while v <= 1:
        pts.append((v,))
        v += s
    return CoverInstance(1, rho, tuple(pts), "grid of spacing just above rho")


@st.composite
def _random(draw: st.DrawFn) -> CoverInstance:
    rng = np.random.default_rng(draw(SEEDS))
    k = draw(st.integers(1, 3))
    rho = draw(_rho())
    Q = 12
    pts = []
    while len(pts) < 60:
        v = rng.integers(-Q, Q + 1, size=k)
        if int(v @ v) <= Q * Q:
            pts.append(tuple(Fraction(int(c), Q) for c in v))
    for _ in range(10):  # boundary points
        t = [Fraction(int(c), 7) for c in rng.integers(-14, 15, size=k - 1)]
        pts.append(rational_unit_vector(t) if k > 1 else (Fraction(int(rng.choice([-1, 1]))),))
    return CoverInstance(k, rho, tuple(pts), "random rational points")


def cover_instances() -> st.SearchStrategy[CoverInstance]:
    return st.one_of(_grid(), _random())


def grid_instances() -> st.SearchStrategy[CoverInstance]:
    """Only the tight one-dimensional grids."""
    return _grid()


@dataclass(frozen=True)
class LossInstance:
    """``ℓ(w) = (w·x - y)²`` with ``x = a·u``, two points ``w1, w2`` and a radius ``ρ``."""

    a: Fraction
    u: tuple[Fraction, ...]
    y: Fraction
    w1: tuple[Fraction, ...]
    w2: tuple[Fraction, ...]
    rho: Fraction
    kind: str

    @property
    def x(self) -> tuple[Fraction, ...]:
        return tuple(self.a * c for c in self.u)

    def __repr__(self) -> str:
        f = lambda v: "(" + ", ".join(f"{float(c):.4g}" for c in v) + ")"
        return (f"LossInstance({self.kind}, ‖x‖={self.a}, u={f(self.u)}, y={self.y}, w1={f(self.w1)}, "
                f"w2={f(self.w2)}, rho={self.rho})")


@st.composite
def loss_instances(draw: st.DrawFn, radius: tuple[int, int] = (1, 1)) -> LossInstance:
    """Pairs in ``Ball(0, R)``, ``R`` drawn from ``radius`` (``(1, 1)``: the unit ball)."""
    rng = np.random.default_rng(draw(SEEDS))
    k = draw(st.integers(1, 3))
    t = [Fraction(int(c), 5) for c in rng.integers(-10, 11, size=k - 1)]
    u = rational_unit_vector(t) if k > 1 else (Fraction(1),)
    a = Fraction(draw(st.integers(1, 30)), 10)
    y = Fraction(draw(st.integers(-20, 20)), 10)
    R = Fraction(draw(st.integers(*radius)))
    rho = draw(_rho())
    s = 1 if y >= 0 else -1
    if draw(st.booleans()):  # the extremal segment towards -sign(y) R u
        tt = Fraction(1, draw(st.integers(100, 1000)))
        w1 = tuple(-s * R * c for c in u)
        w2 = tuple(-s * R * (1 - tt) * c for c in u)
        kind = "extremal segment"
    else:
        def point() -> tuple[Fraction, ...]:
            while True:
                v = tuple(Fraction(int(c), 10) * R for c in rng.integers(-10, 11, size=k))
                if sq_dist(v, (0,) * k) <= R * R:
                    return v
        w1, w2 = point(), point()
        kind = "random pair"
    return LossInstance(a, u, y, w1, w2, rho, kind)


@dataclass(frozen=True)
class SineLoss:
    """``ℓ(w) = A sin(w/ε)`` on ``[-1, 1]`` with a radius ``ρ``."""

    A: Fraction
    eps: Fraction
    rho: Fraction


def sine_losses() -> st.SearchStrategy[SineLoss]:
    return st.builds(SineLoss, st.integers(1, 4).map(Fraction),
                     st.integers(1, 100).map(lambda j: Fraction(j, 100)), _rho())


@dataclass(frozen=True)
class ReluNet:
    """``f(x) = aᵀσ(Wx)`` at a point ``(x, y)``, drawn from a seed; hidden units off their kinks."""

    width: int
    dim: int
    scale: float
    seed: int

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        rng = np.random.default_rng(self.seed)
        a = rng.standard_normal(self.width)
        W = rng.standard_normal((self.width, self.dim))
        x = rng.standard_normal(self.dim)
        x *= self.scale / np.linalg.norm(x)
        return a, W, x, float(rng.standard_normal())


def relu_nets() -> st.SearchStrategy[ReluNet]:
    return st.builds(ReluNet, st.integers(3, 8), st.integers(1, 5),
                     st.sampled_from([0.3, 0.5, 2.0, 3.0]), SEEDS)


@dataclass(frozen=True)
class ClippedProblem:
    """Outcomes with integer weights, clipped linear losses ``clip(a_z w + b_z, 0, 1)`` on
    ``w ∈ [-1, 1]``, a sample size ``m``, a radius ``ρ`` and ``δ = 1/q``."""

    weights: tuple[int, ...]
    slopes: tuple[Fraction, ...]
    offsets: tuple[Fraction, ...]
    m: int
    rho: Fraction
    q: int
    kind: str

    @property
    def gamma(self) -> Fraction:
        """``γ = ρ max_z |a_z|``: clipping is 1-Lipschitz, so ``|w1 - w2| <= ρ`` moves each loss by ``<= γ``."""
        return self.rho * max(abs(a) for a in self.slopes)

    def __repr__(self) -> str:
        return (f"ClippedProblem({self.kind}, weights={self.weights}, slopes={[str(a) for a in self.slopes]}, "
                f"offsets={[str(b) for b in self.offsets]}, m={self.m}, rho={self.rho}, delta=1/{self.q})")


@st.composite
def clipped_problems(draw: st.DrawFn) -> ClippedProblem:
    rng = np.random.default_rng(draw(SEEDS))
    rho = draw(_rho())
    m = draw(st.integers(1, 16))
    q = draw(st.sampled_from([2, 4, 10, 100]))
    if draw(st.booleans()):  # a w-independent Bernoulli loss: gamma = 0
        w1 = draw(st.integers(1, 9))
        return ClippedProblem((w1, 10 - w1), (Fraction(0),) * 2, (Fraction(0), Fraction(1)), m, rho, q,
                              "w-independent Bernoulli loss")
    K = draw(st.integers(2, 3))
    weights = tuple(int(w) for w in rng.integers(1, 5, K))
    slopes = tuple(Fraction(int(c), 4) for c in rng.integers(-2, 3, K))
    offsets = tuple(Fraction(int(c), 4) for c in rng.integers(0, 5, K))
    return ClippedProblem(weights, slopes, offsets, min(m, 12), rho, q, "random clipped linear losses")


@st.composite
def bernoulli_problems(draw: st.DrawFn) -> ClippedProblem:
    """Only ``w``-independent Bernoulli(p) losses with ``p ∈ [2/5, 3/5]``, ``8 <= m <= 16``,
    ``ρ ∈ [1/2, 1]`` and ``δ = 1/100``: the deviation of the mean is of order ``1/√m`` and the cover
    term is small, so the Hoeffding radius is nearly attained."""
    w1 = draw(st.integers(4, 6))
    rho = Fraction(draw(st.integers(6, 12)), 12)
    return ClippedProblem((w1, 10 - w1), (Fraction(0),) * 2, (Fraction(0), Fraction(1)), draw(st.integers(8, 16)),
                          rho, 100, "w-independent Bernoulli loss")
