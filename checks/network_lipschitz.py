"""Lipschitz constants of feed-forward networks ``f(x) = W_L σ(… σ(W_1 x + b_1) …) + b_L``.

- :data:`ACTIVATIONS`: coordinatewise activations with their exact Lipschitz constants
  ``sup |σ'|``: ReLU, leaky ReLU (slope 0.1), tanh, softplus: 1; sigmoid: 1/4;
  GELU: ``Φ(√2) + √2 φ(√2) ≈ 1.1289`` (``GELU'' = φ(x)(2 - x²)`` vanishes at ``√2``);
  SiLU: ``s(x)(1 + x(1 - s(x)))`` at the root of ``SiLU''(x) = s'(x)(2 + x(1 - 2s(x))) = 0``, ``≈ 1.0998``;
  ``2·ReLU``: 2.
- :func:`jacobian_norm`: ``‖J_f(x)‖₂`` via ``torch.func.jacrev`` (float64).
- :func:`lipschitz_lower_estimate`: ``max ‖J_f(x)‖₂`` over random inputs and over the inputs reached by
  gradient ascent on difference quotients ``‖f(x) - f(x')‖/‖x - x'‖`` (a lower bound on ``Lip₂ f``).
- :func:`spectral_product`, :func:`frobenius_product`: the layerwise upper bounds.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np
import torch
from scipy.optimize import brentq
from scipy.stats import norm

DEVICE = "cuda" if torch.cuda.is_available() else "cpu"


def _silu_constant() -> float:
    s = lambda x: 1 / (1 + math.exp(-x))  # noqa: E731
    root = brentq(lambda x: 2 + x * (1 - 2 * s(x)), 1.0, 4.0, xtol=1e-15)
    return s(root) * (1 + root * (1 - s(root)))


ACTIVATIONS: dict[str, tuple[Callable[[torch.Tensor], torch.Tensor], float]] = {
    "relu": (torch.relu, 1.0),
    "leaky_relu": (lambda t: torch.nn.functional.leaky_relu(t, 0.1), 1.0),
    "tanh": (torch.tanh, 1.0),
    "softplus": (torch.nn.functional.softplus, 1.0),
    "sigmoid": (torch.sigmoid, 0.25),
    "gelu": (torch.nn.functional.gelu, float(norm.cdf(math.sqrt(2)) + math.sqrt(2) * norm.pdf(math.sqrt(2)))),
    "silu": (torch.nn.functional.silu, _silu_constant()),
    "relu2": (lambda t: 2 * torch.relu(t), 2.0),
}
"""Name -> (function, exact Lipschitz constant)."""


def _layers(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray] | None) -> tuple[list, list]:
    if not weights:
        raise ValueError("a network needs at least one layer")
    Ws = [torch.as_tensor(np.asarray(W, dtype=np.float64), device=DEVICE) for W in weights]
    for a, b in zip(Ws, Ws[1:]):
        if a.ndim != 2 or b.ndim != 2 or b.shape[1] != a.shape[0]:
            raise ValueError(f"layer shapes do not chain: {tuple(a.shape)} then {tuple(b.shape)}")
    if biases is None:
        bs = [torch.zeros(W.shape[0], dtype=torch.float64, device=DEVICE) for W in Ws]
    else:
        if len(biases) != len(Ws):
            raise ValueError("need one bias per layer")
        bs = [torch.as_tensor(np.asarray(b, dtype=np.float64), device=DEVICE) for b in biases]
    return Ws, bs


def network(weights: Sequence[np.ndarray], activation: str, biases: Sequence[np.ndarray] | None = None
            ) -> Callable[[torch.Tensor], torch.Tensor]:
    """``x ↦ W_L σ(… σ(W_1 x + b_1) …) + b_L`` on a float64 vector ``x``."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; choose one of {sorted(ACTIVATIONS)}")
    sigma = ACTIVATIONS[activation][0]
    Ws, bs = _layers(weights, biases)

    def f(x: torch.Tensor) -> torch.Tensor:
        for W, b in zip(Ws[:-1], bs[:-1]):
            x = sigma(W @ x + b)
        return Ws[-1] @ x + bs[-1]
    return f


def jacobian_norm(f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor) -> float:
    """``‖J_f(x)‖₂``, the largest singular value of the Jacobian at ``x``."""
    J = torch.func.jacrev(f)(x)
    return float(torch.linalg.matrix_norm(J.reshape(-1, x.numel()), ord=2))


def lipschitz_lower_estimate(f: Callable[[torch.Tensor], torch.Tensor], d: int, seed: int,
                             starts: Sequence[np.ndarray] = (), restarts: int = 4, steps: int = 40,
                             lr: float = 0.05) -> float:
    """``max ‖J_f(x)‖₂`` over the given ``starts``, random Gaussian inputs, and the endpoints of
    Adam ascent on ``‖f(x) - f(x')‖/‖x - x'‖`` from random pairs: a lower bound on ``Lip₂ f``."""
    g = torch.Generator(device="cpu").manual_seed(seed)
    points = [torch.as_tensor(np.asarray(s, dtype=np.float64), device=DEVICE) for s in starts]
    points += [torch.randn(d, generator=g, dtype=torch.float64).to(DEVICE) for _ in range(restarts)]
    for _ in range(restarts):
        x = torch.randn(d, generator=g, dtype=torch.float64).to(DEVICE).requires_grad_(True)
        y = torch.randn(d, generator=g, dtype=torch.float64).to(DEVICE).requires_grad_(True)
        opt = torch.optim.Adam([x, y], lr=lr)
        for _ in range(steps):
            opt.zero_grad()
            gap = (x - y).norm()
            loss = -(f(x) - f(y)).norm() / torch.clamp(gap, min=1e-6)
            loss.backward()
            opt.step()
        x, y = x.detach(), y.detach()
        points += [x, y] + [x + t * (y - x) for t in np.linspace(0.1, 0.9, 5)]
    return max(jacobian_norm(f, p) for p in points)


def spectral_product(weights: Sequence[np.ndarray]) -> float:
    """``Π_i ‖W_i‖₂``."""
    return float(np.prod([np.linalg.norm(np.asarray(W, dtype=np.float64), 2) for W in weights]))


def frobenius_product(weights: Sequence[np.ndarray]) -> float:
    """``Π_i ‖W_i‖_F`` (also an upper bound, since ``‖W‖₂ <= ‖W‖_F``)."""
    return float(np.prod([np.linalg.norm(np.asarray(W, dtype=np.float64), "fro") for W in weights]))
