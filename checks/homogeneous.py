"""Homogeneous models: power-sum polynomials, the exactly solvable gradient flow of a separable
quartic, exact-arithmetic gradient descent of deep linear and diagonal networks, and gradient
descent on a depth-2 matrix factorization.

- ``f(w) = sum_k a_k <b_k, w>^alpha`` is alpha-homogeneous: ``f(cw) = c^alpha f(w)``,
  ``∇f(cw) = c^(alpha-1) ∇f(w)``, ``<w, ∇f(w)> = alpha f(w)`` (Euler), and on the ball of radius ``r``
  ``||∇f|| <= alpha S r^(alpha-1)``, ``||∇²f|| <= alpha (alpha-1) S r^(alpha-2)`` with
  ``S = sum_k |a_k| ||b_k||^alpha``.
- ``f(w) = sum_j c_j w_j^4`` (``c_j > 0``) under gradient flow on ``exp(-f)``:
  ``d(w_j^2)/dt = 8 e^{-f} c_j w_j^4``, so with ``s(t) = 8 ∫ e^{-f}`` every coordinate satisfies
  ``1/w_j^2 = 1/w_j(0)^2 - c_j s``: the path is explicit (and rational in ``s``), the first
  coordinate to blow up is the one with the smallest ``I_j = 1/(c_j w_j(0)^2)``, and ``s(t)``
  increases to that value as ``t -> infinity`` (the time to reach it diverges).
- Gradient descent of ``f(x) = M_L ... M_1 x`` (fully connected deep linear network, ``M_L`` a row)
  and of ``f(x) = <u ⊙ v, x>`` (diagonal network) on ``sum_i loss(<beta, z_i>)``, in any number type
  (``fractions.Fraction`` for exact runs): the loss enters only through a weight function
  ``q -> -loss'(q)``, so two runs that see equal margins take equal steps.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np


# --- power-sum homogeneous polynomials -------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class PowerSum:
    """``f(w) = sum_k a_k <b_k, w>^alpha`` with integer ``alpha >= 1``; ``b`` has shape ``(K, d)``."""

    a: np.ndarray
    b: np.ndarray
    alpha: int

    def __post_init__(self) -> None:
        if self.alpha < 1 or self.b.ndim != 2 or self.a.shape != (self.b.shape[0],):
            raise ValueError(f"need alpha >= 1 and a of shape (K,) for b of shape (K, d), got "
                             f"{self.alpha}, {self.a.shape}, {self.b.shape}")

    def value(self, w: np.ndarray) -> float:
        return float(np.sum(self.a * (self.b @ w) ** self.alpha))

    def grad(self, w: np.ndarray) -> np.ndarray:
        return self.alpha * (self.a * (self.b @ w) ** (self.alpha - 1)) @ self.b

    def hessian(self, w: np.ndarray) -> np.ndarray:
        if self.alpha == 1:
            return np.zeros((self.b.shape[1],) * 2)
        coef = self.alpha * (self.alpha - 1) * self.a * (self.b @ w) ** (self.alpha - 2)
        return (self.b.T * coef) @ self.b

    @property
    def strength(self) -> float:
        """``S = sum_k |a_k| ||b_k||^alpha``."""
        return float(np.sum(np.abs(self.a) * np.linalg.norm(self.b, axis=1) ** self.alpha))

    def gradient_bound(self, radius: float) -> float:
        """``sup_{||w|| <= r} ||∇f(w)|| <= alpha S r^(alpha-1)``."""
        return self.alpha * self.strength * radius ** (self.alpha - 1)

    def hessian_bound(self, radius: float) -> float:
        """``sup_{||w|| <= r} ||∇²f(w)|| <= alpha (alpha-1) S r^(alpha-2)``."""
        if self.alpha == 1:
            return 0.0
        return self.alpha * (self.alpha - 1) * self.strength * radius ** (self.alpha - 2)


# --- the separable quartic ------------------------------------------------------------------------

@dataclass(frozen=True)
class QuarticFlow:
    """Gradient flow on ``exp(-f)``, ``f(w) = sum_j c_j w_j^4``, from ``w0``, in exact arithmetic.

    Coordinates with ``w0_j = 0`` stay 0; the others follow ``w_j(s)^2 = 1/(1/w0_j^2 - c_j s)`` for
    ``0 <= s < s_max = min_j I_j``, ``I_j = 1/(c_j w0_j^2)``."""

    c: tuple[Fraction, ...]
    w0: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        if len(self.c) != len(self.w0) or any(c <= 0 for c in self.c) or not any(self.w0):
            raise ValueError("need positive c_j, one per coordinate, and a nonzero w0")

    @property
    def blow_up_times(self) -> tuple[Fraction | None, ...]:
        """``I_j = 1/(c_j w0_j^2)`` (``None`` for a zero coordinate)."""
        return tuple(None if w == 0 else 1 / (c * w * w) for c, w in zip(self.c, self.w0))

    @property
    def limit_index(self) -> int:
        """The coordinate ``j*`` of the smallest ``I_j``; raises ValueError on a tie."""
        times = [(t, j) for j, t in enumerate(self.blow_up_times) if t is not None]
        times.sort()
        if len(times) > 1 and times[0][0] == times[1][0]:
            raise ValueError("two coordinates blow up together; the limit is not a coordinate axis")
        return times[0][1]

    @property
    def s_max(self) -> Fraction:
        return self.blow_up_times[self.limit_index]

    def squares(self, s: Fraction) -> tuple[Fraction, ...]:
        """``w_j(s)^2`` on the path, ``0 <= s < s_max``."""
        if not 0 <= s < self.s_max:
            raise ValueError(f"s must lie in [0, {self.s_max}), got {s}")
        return tuple(Fraction(0) if w == 0 else 1 / (1 / (w * w) - c * s) for c, w in zip(self.c, self.w0))

    def margin(self, s: Fraction) -> Fraction:
        """The normalized margin ``f(w(s)) / ||w(s)||^4`` on the path."""
        sq = self.squares(s)
        return sum(c * x * x for c, x in zip(self.c, sq)) / sum(sq) ** 2

    @property
    def optimal_margin(self) -> Fraction:
        """``gamma = max_{||w|| = 1} f(w) = max_j c_j`` (``sum c_j w_j^4 <= max c (sum w_j^2)^2``)."""
        return max(self.c)


# --- deep linear and diagonal networks, any number type ----------------------------------------------

Weight = Callable[[object], object]


def exp_weight(q: object) -> Fraction:
    """``-loss'(q) = exp(-q)`` for the exponential loss, evaluated in float64 and returned as the exact
    Fraction of that float: a fixed function of ``q``, so equal margins give equal weights."""
    return Fraction(math.exp(-float(q)))


def _matmul(A: Sequence[Sequence], B: Sequence[Sequence]) -> list[list]:
    return [[sum(a * b for a, b in zip(row, col)) for col in zip(*B)] for row in A]


def _transpose(A: Sequence[Sequence]) -> list[list]:
    return [list(r) for r in zip(*A)]


def _identity(n: int, one: object) -> list[list]:
    return [[one if i == j else one * 0 for j in range(n)] for i in range(n)]


def end_to_end(layers: Sequence[Sequence[Sequence]]) -> list:
    """``beta`` with ``beta^T = M_L ... M_1`` (``layers = [M_1, ..., M_L]``, ``M_L`` a single row)."""
    P = layers[0]
    for M in layers[1:]:
        P = _matmul(M, P)
    return list(P[0])


def deep_linear_gd(Z: Sequence[Sequence], layers: Sequence[Sequence[Sequence]], eta: object, steps: int,
                   weight: Weight = exp_weight) -> list[list]:
    """Gradient descent on ``sum_i loss(<beta, z_i>)`` over the layers of a fully connected deep
    linear network; returns ``beta_t`` for ``t = 0..steps``.  The gradient of layer ``j`` is
    ``(M_L ... M_{j+1})ᵀ gᵀ (M_{j-1} ... M_1)ᵀ`` with ``g = -sum_i weight(q_i) z_iᵀ``."""
    layers = [[list(r) for r in M] for M in layers]
    if len(layers) < 2 or len(layers[-1]) != 1:
        raise ValueError("need at least two layers, the last a single row")
    one = layers[0][0][0] * 0 + 1
    out = [end_to_end(layers)]
    for _ in range(steps):
        beta = out[-1]
        coef = [weight(sum(b * z for b, z in zip(beta, zi))) for zi in Z]
        g = [[-sum(c * zi[k] for c, zi in zip(coef, Z)) for k in range(len(beta))]]  # 1 x d
        grads = []
        for j in range(len(layers)):
            left = _identity(1, one)
            for M in reversed(layers[j + 1:]):  # M_L ... M_{j+1}
                left = _matmul(left, M)
            right = _identity(len(layers[0][0]), one)
            for M in layers[:j]:  # M_{j-1} ... M_1
                right = _matmul(M, right)
            grads.append(_matmul(_matmul(_transpose(left), g), _transpose(right)))
        layers = [[[m - eta * d for m, d in zip(rm, rd)] for rm, rd in zip(M, D)] for M, D in zip(layers, grads)]
        out.append(end_to_end(layers))
    return out


def diagonal_gd(Z: Sequence[Sequence], u: Sequence, v: Sequence, eta: object, steps: int,
                weight: Weight = exp_weight) -> list[list]:
    """Gradient descent of the diagonal network ``beta = u ⊙ v``; returns ``beta_t``, ``t = 0..steps``."""
    u, v = list(u), list(v)
    out = [[a * b for a, b in zip(u, v)]]
    for _ in range(steps):
        beta = out[-1]
        coef = [weight(sum(b * z for b, z in zip(beta, zi))) for zi in Z]
        g = [-sum(c * zi[k] for c, zi in zip(coef, Z)) for k in range(len(beta))]
        u, v = [a - eta * gk * b for a, b, gk in zip(u, v, g)], [b - eta * gk * a for a, b, gk in zip(u, v, g)]
        out.append([a * b for a, b in zip(u, v)])
    return out


def givens(d: int, i: int, j: int, cos: Fraction, sin: Fraction) -> list[list[Fraction]]:
    """The rotation by (cos, sin) in the plane of coordinates ``i, j`` (exact when ``cos^2 + sin^2 = 1``)."""
    if cos * cos + sin * sin != 1:
        raise ValueError(f"cos^2 + sin^2 must be 1, got {cos}, {sin}")
    Q = _identity(d, Fraction(1))
    Q[i][i], Q[j][j], Q[i][j], Q[j][i] = cos, cos, -sin, sin
    return Q


def matmul(A: Sequence[Sequence], B: Sequence[Sequence]) -> list[list]:
    """Exact matrix product of nested sequences (any number type)."""
    return _matmul(A, B)


# --- depth-2 matrix factorization ---------------------------------------------------------------

@dataclass(frozen=True)
class FactorizationRun:
    """Gradient descent on ``l(W) = (1/2) sum_{(i,j) observed} (W_ij - Y_ij)^2`` over ``W = W2 W1``:
    the factors ``W1[t]``, ``W2[t]``, end-to-end matrices ``W[t]``, gradients ``G[t] = mask ⊙ (W[t] - Y)``
    and losses ``loss[t]``, ``t = 0..T``."""

    W1: np.ndarray
    W2: np.ndarray
    W: np.ndarray
    G: np.ndarray
    loss: np.ndarray


def factorization_gd(mask: np.ndarray, Y: np.ndarray, W1: np.ndarray, W2: np.ndarray, eta: float,
                     steps: int) -> FactorizationRun:
    """``W1 <- W1 - eta W2ᵀ G``, ``W2 <- W2 - eta G W1ᵀ`` with ``G = mask ⊙ (W2 W1 - Y)``."""
    mask, Y = np.asarray(mask, dtype=float), np.asarray(Y, dtype=float)
    W1, W2 = np.array(W1, dtype=float), np.array(W2, dtype=float)
    if not (mask.shape == Y.shape == (W2.shape[0], W1.shape[1]) and W2.shape[1] == W1.shape[0]):
        raise ValueError("shapes of mask, Y, W1, W2 do not fit W = W2 W1")
    A = np.empty((steps + 1,) + W1.shape)
    B = np.empty((steps + 1,) + W2.shape)
    for t in range(steps + 1):
        A[t], B[t] = W1, W2
        if t < steps:
            G = mask * (W2 @ W1 - Y)
            W1, W2 = W1 - eta * W2.T @ G, W2 - eta * G @ W1.T
    W = B @ A
    G = mask * (W - Y)
    return FactorizationRun(A, B, W, G, 0.5 * np.sum(G * G, axis=(1, 2)))


def nuclear_norm_2x2(M: np.ndarray) -> float:
    """``||M||_* = sqrt(||M||_F^2 + 2 |det M|)`` for a 2x2 matrix (``(s1 + s2)^2 = s1^2 + s2^2 + 2 s1 s2``)."""
    M = np.asarray(M, dtype=float)
    if M.shape != (2, 2):
        raise ValueError(f"need a 2x2 matrix, got shape {M.shape}")
    return float(np.sqrt(np.sum(M * M) + 2 * abs(M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0])))
