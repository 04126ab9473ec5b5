"""Loss derivatives under reparametrization: a two-layer ReLU network and quadratic losses, in
torch float64.

- ``f(x) = W2 relu(W1 x)``; the map ``(W1, W2) -> (α W1, W2/α)``, ``α > 0``, leaves ``f`` unchanged
  (``relu(αz) = α relu(z)``), so the mean squared loss ``L`` is unchanged, while the gradient blocks
  scale by ``1/α`` and ``α`` and the Hessian blocks by ``1/α²`` (``W1, W1``), ``α²`` (``W2, W2``) and
  ``1`` (mixed).
- For a loss ``L`` and an invertible linear change of variables ``θ = M θ'``, ``L'(θ') = L(Mθ')`` has
  ``∇L' = Mᵀ∇L`` and ``∇²L' = Mᵀ ∇²L M``; the scalar case ``M = I/c`` gives ``∇L/c`` and ``∇²L/c²``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

DTYPE = torch.float64


def device() -> str:
    return "cuda" if torch.cuda.is_available() else "cpu"


def _t(a: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(np.asarray(a, dtype=float), dtype=DTYPE, device=device())


def relu_net(W1: np.ndarray, W2: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Outputs ``W2 relu(W1 x_i)`` for the rows ``x_i`` of ``X`` (``W1``: width × d, ``W2``: width)."""
    W1, W2, X = np.asarray(W1, float), np.asarray(W2, float), np.asarray(X, float)
    if W1.ndim != 2 or W2.shape != (W1.shape[0],) or X.ndim != 2 or X.shape[1] != W1.shape[1]:
        raise ValueError(f"shapes do not fit: W1 {W1.shape}, W2 {W2.shape}, X {X.shape}")
    return (torch.relu(_t(X) @ _t(W1).T) @ _t(W2)).cpu().numpy()


def relu_loss_derivatives(W1: np.ndarray, W2: np.ndarray, X: np.ndarray, y: np.ndarray
                          ) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean squared loss of the ReLU network, its gradient and Hessian in the parameters
    ``θ = (vec W1 (row-major), W2)``.  The Hessian exists where no pre-activation vanishes."""
    W1, W2 = np.asarray(W1, float), np.asarray(W2, float)
    X, y = np.asarray(X, float), np.asarray(y, float)
    if np.any(X @ W1.T == 0):
        raise ValueError("a pre-activation is exactly 0: the loss is not twice differentiable there")
    h, d = W1.shape
    Xt, yt = _t(X), _t(y)

    def loss(theta: torch.Tensor) -> torch.Tensor:
        A, b = theta[: h * d].reshape(h, d), theta[h * d:]
        return torch.mean((torch.relu(Xt @ A.T) @ b - yt) ** 2)

    return loss_derivatives(loss, np.concatenate([W1.ravel(), W2]))


def loss_derivatives(loss: Callable[[torch.Tensor], torch.Tensor], theta: np.ndarray
                     ) -> tuple[float, np.ndarray, np.ndarray]:
    """Value, gradient and Hessian of a scalar torch function at ``theta`` (float64 autograd)."""
    t = _t(theta).requires_grad_(True)
    value = loss(t)
    (grad,) = torch.autograd.grad(value, t)
    hess = torch.autograd.functional.hessian(loss, t.detach())
    return float(value.detach()), grad.detach().cpu().numpy(), hess.detach().cpu().numpy()


def quadratic(H: np.ndarray, b: np.ndarray) -> Callable[[torch.Tensor], torch.Tensor]:
    """``L(θ) = ½ θᵀHθ - bᵀθ`` as a torch function."""
    H, b = np.asarray(H, float), np.asarray(b, float)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or b.shape != (H.shape[0],):
        raise ValueError(f"need a square H and a matching b, got {H.shape}, {b.shape}")
    Ht, bt = _t(H), _t(b)
    return lambda th: 0.5 * th @ Ht @ th - bt @ th


def reparametrized(loss: Callable[[torch.Tensor], torch.Tensor], M: np.ndarray
                   ) -> Callable[[torch.Tensor], torch.Tensor]:
    """``L'(θ') = L(M θ')``."""
    Mt = _t(M)
    return lambda th: loss(Mt @ th)


def normalized_tanh_loss(v: np.ndarray, X: np.ndarray, y: np.ndarray) -> Callable[[torch.Tensor], torch.Tensor]:
    """``L(W) = mean_i (vᵀ tanh(W x_i / ‖W‖_F) - y_i)²`` with ``W`` flattened (width = ``len(v)``): a loss
    invariant under ``W -> cW``, ``c > 0`` (as after a normalization layer)."""
    v, X, y = np.asarray(v, float), np.asarray(X, float), np.asarray(y, float)
    if X.ndim != 2 or y.shape != (X.shape[0],) or v.ndim != 1:
        raise ValueError(f"shapes do not fit: v {v.shape}, X {X.shape}, y {y.shape}")
    h, d = len(v), X.shape[1]
    vt, Xt, yt = _t(v), _t(X), _t(y)

    def loss(theta: torch.Tensor) -> torch.Tensor:
        W = theta.reshape(h, d)
        return torch.mean((torch.tanh(Xt @ W.T / torch.linalg.norm(W)) @ vt - yt) ** 2)

    return loss
