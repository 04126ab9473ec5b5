"""Strategies for the reparametrization claims: small two-layer ReLU networks on random data with a
rescaling factor, quadratic losses with a change of variables, and overparametrized linear
regressions (an interpolating fit with a positive generalization gap)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

SEEDS = st.integers(0, 2**32 - 1)


def _show(**arrays: object) -> str:
    with np.printoptions(precision=4, suppress=True):
        return ", ".join(f"{k}={v}" for k, v in arrays.items())


@dataclass(frozen=True)
class ReluPoint:
    """``f(x) = W2 relu(W1 x)`` on data ``(X, y)`` and a rescaling factor ``alpha``."""

    W1: np.ndarray
    W2: np.ndarray
    X: np.ndarray
    y: np.ndarray
    alpha: float

    def __repr__(self) -> str:
        return f"ReluPoint(alpha={self.alpha:g}, {_show(W1=self.W1, W2=self.W2, X=self.X, y=self.y)})"


@st.composite
def relu_points(draw: st.DrawFn, exponents: tuple[int, ...] = (-4, -3, -2, -1, 1, 2, 3, 4),
                general: bool = True) -> ReluPoint:
    """Width 2..4, input dimension 2..3, 3..8 samples; ``alpha = 2^k`` or (``general``) any factor in
    [1/10, 10]."""
    rng = np.random.default_rng(draw(SEEDS))
    d, h, n = draw(st.integers(2, 3)), draw(st.integers(2, 4)), draw(st.integers(3, 8))
    if general and draw(st.booleans()):
        alpha = draw(st.floats(0.1, 10.0))
    else:
        alpha = 2.0 ** draw(st.sampled_from(exponents))
    return ReluPoint(rng.normal(size=(h, d)), rng.normal(size=h), rng.normal(size=(n, d)), rng.normal(size=n), alpha)


@dataclass(frozen=True)
class QuadraticPoint:
    """``L(θ) = ½ θᵀHθ - bᵀθ`` (``H`` positive definite), a point ``θ``, a scalar ``c`` of the
    reparametrization ``θ' = cθ`` and an invertible ``M`` of ``θ = M θ'``."""

    H: np.ndarray
    b: np.ndarray
    theta: np.ndarray
    c: float
    M: np.ndarray
    kind: str

    def __repr__(self) -> str:
        return (f"QuadraticPoint(c={self.c:g}, M {self.kind}, "
                f"{_show(H=self.H, b=self.b, theta=self.theta, M=self.M)})")


@st.composite
def quadratic_points(draw: st.DrawFn, kinds: tuple[str, ...] = ("diagonal", "dense")) -> QuadraticPoint:
    rng = np.random.default_rng(draw(SEEDS))
    p = draw(st.integers(2, 5))
    A = rng.normal(size=(p, p))
    H = A @ A.T + np.eye(p) * draw(st.sampled_from((0.01, 0.1, 1.0)))
    c = draw(st.sampled_from((0.01, 0.1, 0.5, 2.0, 10.0, 100.0)))
    kind = draw(st.sampled_from(kinds))
    if kind == "diagonal":
        M = np.diag(rng.uniform(0.1, 10.0, size=p))
    else:
        M = rng.normal(size=(p, p)) + 2 * np.eye(p)
    theta = rng.normal(size=p)
    return QuadraticPoint(H, rng.normal(size=p), theta, c, M, kind)


@dataclass(frozen=True)
class Regression:
    """Rows ``X`` (n × d, ``d > n``) from ``N(0, I)``, labels ``y = X w* + σ ξ``; the model
    ``f(x) = c vᵀx`` with ``v = ŵ/c`` for the min-norm interpolant ``ŵ``; a constant ``C`` and a level
    ``δ`` for the printed sharpness bound."""

    X: np.ndarray
    y: np.ndarray
    w_star: np.ndarray
    sigma: float
    c: float
    C: float
    delta: float

    def __repr__(self) -> str:
        n, d = self.X.shape
        return (f"Regression(n={n}, d={d}, sigma={self.sigma}, c={self.c:g}, C={self.C:g}, delta={self.delta}, "
                f"{_show(w_star=self.w_star)})")


@st.composite
def regressions(draw: st.DrawFn) -> Regression:
    rng = np.random.default_rng(draw(SEEDS))
    n = draw(st.integers(2, 6))
    d = n + draw(st.integers(1, 6))
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d) / np.sqrt(d)
    sigma = draw(st.sampled_from((0.1, 0.5, 1.0)))
    y = X @ w + sigma * rng.normal(size=n)
    return Regression(X, y, w, sigma, 2.0 ** -draw(st.integers(0, 40)), draw(st.sampled_from((1.0, 10.0, 100.0, 1e3))),
                      draw(st.sampled_from((0.01, 0.05, 0.1))))


@dataclass(frozen=True)
class NormalizedPoint:
    """A scale-invariant loss ``L(W) = mean (vᵀ tanh(W x/‖W‖) - y)²`` at ``W``, and a factor ``c``."""

    W: np.ndarray
    v: np.ndarray
    X: np.ndarray
    y: np.ndarray
    c: float

    def __repr__(self) -> str:
        return f"NormalizedPoint(c={self.c:g}, {_show(W=self.W, v=self.v, X=self.X, y=self.y)})"


@st.composite
def normalized_points(draw: st.DrawFn) -> NormalizedPoint:
    rng = np.random.default_rng(draw(SEEDS))
    d, h, n = draw(st.integers(2, 3)), draw(st.integers(1, 3)), draw(st.integers(2, 6))
    c = draw(st.sampled_from((0.01, 0.1, 0.5, 2.0, 10.0, 100.0)))
    return NormalizedPoint(rng.normal(size=(h, d)), rng.normal(size=h), rng.normal(size=(n, d)), rng.normal(size=n), c)
