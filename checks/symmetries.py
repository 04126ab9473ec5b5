"""Two-layer networks ``f(x) = W2 σ(W1 x + b1) + b2`` and their parameter symmetries.

- Permuting the hidden units (rows of ``W1``, entries of ``b1``, columns of ``W2``) leaves ``f`` unchanged
  for every ``σ``.
- For a positively 1-homogeneous ``σ`` (ReLU, leaky ReLU, the identity) and ``c_j > 0``, the rescaling
  ``(W1[j], b1[j], W2[:, j]) -> (c_j W1[j], c_j b1[j], W2[:, j] / c_j)`` leaves ``f`` unchanged.

The loss is ``L = (1/2n) sum_i ||f(x_i) - y_i||^2``; :func:`loss_gradient` is its exact gradient
(``σ'(0) = 0`` for ReLU).  Every function works on float arrays and, exactly, on object arrays of
:class:`~fractions.Fraction` (the activations here are piecewise polynomial).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

Array = np.ndarray
LEAK = Fraction(1, 10)

ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "relu": (lambda u: u if u > 0 else 0 * u, lambda u: 1 if u > 0 else 0),
    "leaky-relu": (lambda u: u if u > 0 else LEAK * u, lambda u: 1 if u > 0 else LEAK),
    "linear": (lambda u: u, lambda u: 1),
    "square": (lambda u: u * u, lambda u: 2 * u),
}
HOMOGENEOUS = ("relu", "leaky-relu", "linear")
"""The activations with σ(cu) = cσ(u) for c > 0."""


def _act(name: str) -> tuple[Callable, Callable]:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}")
    s, ds = ACTIVATIONS[name]
    return np.vectorize(s, otypes=[object]), np.vectorize(ds, otypes=[object])


@dataclass(frozen=True, eq=False)
class TwoLayer:
    """Parameters of ``x -> W2 σ(W1 x + b1) + b2``: ``W1`` (k×d), ``b1`` (k), ``W2`` (m×k), ``b2`` (m)."""

    W1: Array
    b1: Array
    W2: Array
    b2: Array

    def __post_init__(self) -> None:
        k, _ = np.shape(self.W1)
        m = np.shape(self.W2)[0]
        if np.shape(self.b1) != (k,) or np.shape(self.W2) != (m, k) or np.shape(self.b2) != (m,):
            raise ValueError(f"inconsistent shapes W1 {np.shape(self.W1)}, b1 {np.shape(self.b1)}, "
                             f"W2 {np.shape(self.W2)}, b2 {np.shape(self.b2)}")

    @property
    def parts(self) -> tuple[Array, Array, Array, Array]:
        return self.W1, self.b1, self.W2, self.b2

    def map(self, fn: Callable[[Array, Array], Array], other: "TwoLayer") -> "TwoLayer":
        return TwoLayer(*(fn(a, b) for a, b in zip(self.parts, other.parts)))


def forward(net: TwoLayer, X: Array, activation: str = "relu") -> Array:
    """The outputs ``f(x_i)`` (n×m) for the rows ``x_i`` of ``X``."""
    s, _ = _act(activation)
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != np.shape(net.W1)[1]:
        raise ValueError(f"X must have shape (n, {np.shape(net.W1)[1]}), got {X.shape}")
    return s(X @ net.W1.T + net.b1) @ net.W2.T + net.b2


def permute(net: TwoLayer, perm: Sequence[int]) -> TwoLayer:
    """Hidden unit ``j`` of the result is unit ``perm[j]`` of ``net``."""
    perm = list(perm)
    if sorted(perm) != list(range(len(net.b1))):
        raise ValueError(f"{perm} is not a permutation of the {len(net.b1)} hidden units")
    return TwoLayer(net.W1[perm], net.b1[perm], net.W2[:, perm], net.b2)


def rescale(net: TwoLayer, c: Sequence, compensate: bool = True) -> TwoLayer:
    """``(c_j W1[j], c_j b1[j], W2[:, j] / c_j)``; without ``compensate`` the output layer is left as is."""
    c = np.asarray(c, dtype=object)
    if c.shape != np.shape(net.b1) or any(v == 0 for v in c):
        raise ValueError(f"need {len(net.b1)} nonzero scalings, got {c}")
    W2 = net.W2 / c[None, :] if compensate else net.W2
    return TwoLayer(c[:, None] * net.W1, c * net.b1, W2, net.b2)


def loss(net: TwoLayer, X: Array, Y: Array, activation: str = "relu"):
    """``(1/2n) sum_i ||f(x_i) - y_i||^2``."""
    R = forward(net, X, activation) - Y
    return (R * R).sum() / (2 * len(X))


def loss_gradient(net: TwoLayer, X: Array, Y: Array, activation: str = "relu") -> TwoLayer:
    """The gradient of :func:`loss` with respect to ``(W1, b1, W2, b2)``."""
    s, ds = _act(activation)
    X = np.asarray(X)
    Z = X @ net.W1.T + net.b1
    A = s(Z)
    R = (A @ net.W2.T + net.b2 - Y) / len(X)
    dZ = (R @ net.W2) * ds(Z)
    return TwoLayer(dZ.T @ X, dZ.sum(axis=0), R.T @ A, R.sum(axis=0))


def step(net: TwoLayer, direction: TwoLayer, rates: TwoLayer) -> TwoLayer:
    """``θ - rates ∘ direction`` (rates broadcast per parameter)."""
    return TwoLayer(*(p - r * g for p, g, r in zip(net.parts, direction.parts, rates.parts)))


def sign(net: TwoLayer) -> TwoLayer:
    """Entrywise sign: the first Adam step with ε = 0 moves by ``η m̂/sqrt(v̂) = η sign(g)``."""
    sg = np.vectorize(lambda v: (v > 0) - (v < 0), otypes=[object])
    return TwoLayer(*(sg(p) for p in net.parts))


def constant_rates(net: TwoLayer, eta) -> TwoLayer:
    return TwoLayer(*(np.full(np.shape(p), eta, dtype=object) for p in net.parts))
