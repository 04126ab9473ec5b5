"""Adaptive gradient methods: diagonal AdaGrad, AdaGrad-norm, Adam, AMSGrad and AdamW.

Each method runs from ``x0`` for ``T`` steps on a gradient oracle ``grad(x, t)`` (``t = 0..T-1``; a fixed
stream ``G`` is ``lambda x, t: G[t]``), optionally projected on a box ``[lo, hi]^d`` by clipping (the
Euclidean projection, and also the projection in any diagonal metric).  The updates:

- diagonal AdaGrad: ``s_t = s_{t-1} + g_t^2``, ``x_{t+1} = x_t - eta g_t/(sqrt(s_t) + eps)``, with the
  convention ``0/0 = 0`` when ``eps = 0`` (a coordinate that has only seen zero gradients does not move);
  the effective rate of coordinate j is ``eta/(sqrt(s_{t,j}) + eps)``;
- AdaGrad-norm: ``A_t = sum_{i<=t} ||g_i||^2``, ``x_{t+1} = x_t - eta g_t/sqrt(A_t)``;
- AdaGrad with an offset (Arora et al. Thm 2.5.5): ``x_{t+1} = x_t - g_t/sqrt(sigma^2 + A_{t-1})``
  coordinatewise, ``A_{t-1}`` the sum of squares before step t;
- Adam: ``m_t = b1 m_{t-1} + (1 - b1) g_t``, ``v_t = b2 v_{t-1} + (1 - b2) g_t^2``, ``m̂_t = m_t/(1 - b1^t)``,
  ``v̂_t = v_t/(1 - b2^t)`` (or ``m_t, v_t`` without bias correction), ``x_{t+1} = x_t - a_t m̂_t/(sqrt(v̂_t) + eps)``;
  AMSGrad replaces ``v_t`` by the running maximum ``ṽ_t = max(ṽ_{t-1}, v_t)`` before the bias correction
  (as ``torch.optim.Adam(amsgrad=True)``); weight decay ``lam`` is added to the gradient (L2 in Adam) or,
  decoupled (AdamW), subtracts ``a_t lam x_t`` from the step.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Array = np.ndarray
Oracle = Callable[[Array, int], Array]


@dataclass(frozen=True, eq=False)
class Trace:
    """Iterates ``x`` (shape ``(T + 1, d)``), gradients ``g`` (``(T, d)``) and the per-step effective rates
    ``rate`` (``(T, d)``: the factor multiplying ``g_t``, or ``m̂_t`` for Adam)."""

    x: Array
    g: Array
    rate: Array


def _validate(x0: Any, T: int, lo: float, hi: float) -> Array:
    x = np.array(x0, dtype=float).reshape(-1)
    if T < 0:
        raise ValueError(f"T must be nonnegative, got {T}")
    if not lo <= hi:
        raise ValueError(f"empty box [{lo}, {hi}]")
    return x


def _run(step: Callable[[Array, Array, int], tuple[Array, Array]], grad: Oracle, x0: Any, T: int,
         lo: float, hi: float) -> Trace:
    x = _validate(x0, T, lo, hi)
    xs, gs, rs = [x], [], []
    for t in range(T):
        g = np.asarray(grad(xs[-1], t), dtype=float).reshape(x.shape)
        delta, rate = step(xs[-1], g, t)
        xs.append(np.clip(xs[-1] - delta, lo, hi))
        gs.append(g)
        rs.append(rate)
    d = x.shape[0]
    return Trace(np.array(xs), np.array(gs).reshape(T, d), np.array(rs).reshape(T, d))


def adagrad(grad: Oracle, x0: Any, eta: float, T: int, eps: float = 0.0,
            lo: float = -math.inf, hi: float = math.inf) -> Trace:
    """Diagonal AdaGrad (see the module docstring); ``rate`` holds ``eta/(sqrt(s_t) + eps)`` (``inf`` for an
    untouched coordinate when ``eps = 0``)."""
    if not (eta > 0 and eps >= 0):
        raise ValueError(f"AdaGrad needs eta > 0 and eps >= 0, got {eta}, {eps}")
    s = np.zeros(np.size(x0))

    def step(x: Array, g: Array, t: int) -> tuple[Array, Array]:
        s[:] = s + g * g
        denom = np.sqrt(s) + eps
        safe = np.where(denom > 0, denom, 1.0)
        rate = np.where(denom > 0, eta / safe, math.inf)
        return np.where(denom > 0, eta * g / safe, 0.0), rate
    return _run(step, grad, x0, T, lo, hi)


def adagrad_norm(grad: Oracle, x0: Any, eta: float, T: int) -> Trace:
    """AdaGrad-norm: one scalar rate ``eta/sqrt(A_t)``, ``A_t = sum_{i<=t} ||g_i||^2`` (no move while ``A_t = 0``)."""
    if not eta > 0:
        raise ValueError(f"AdaGrad-norm needs eta > 0, got {eta}")
    A = [0.0]

    def step(x: Array, g: Array, t: int) -> tuple[Array, Array]:
        A[0] += float(g @ g)
        rate = eta / math.sqrt(A[0]) if A[0] > 0 else math.inf
        return (rate * g if A[0] > 0 else 0 * g), np.full_like(g, rate)
    return _run(step, grad, x0, T, -math.inf, math.inf)


def adagrad_offset(grad: Oracle, x0: Any, sigma2: float, T: int) -> Trace:
    """Diagonal AdaGrad with the offset of Arora et al.: ``P_t(j) = (sigma^2 + A_{t-1}(j))^{-1/2}``."""
    if not sigma2 > 0:
        raise ValueError(f"the offset sigma^2 must be positive, got {sigma2}")
    A = np.zeros(np.size(x0))

    def step(x: Array, g: Array, t: int) -> tuple[Array, Array]:
        rate = 1.0 / np.sqrt(sigma2 + A)
        A[:] = A + g * g
        return rate * g, rate
    return _run(step, grad, x0, T, -math.inf, math.inf)


def adam_moments(grads: Sequence[Sequence[Any]], beta1: Any, beta2: Any, bias_correction: bool = True,
                 amsgrad: bool = False) -> tuple[list[list[Any]], list[list[Any]]]:
    """``(m̂_t, v̂_t)`` for ``t = 1..T`` in the arithmetic of the inputs (``Fraction`` in, ``Fraction`` out);
    with ``amsgrad`` the second moment is the running maximum of ``v_t`` before bias correction."""
    if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
        raise ValueError(f"Adam needs beta1, beta2 in [0, 1), got {beta1}, {beta2}")
    d = len(grads[0]) if grads else 0
    m, v, vmax = [0 * beta1] * d, [0 * beta2] * d, [0 * beta2] * d
    m_hat, v_hat = [], []
    for t, g in enumerate(grads, start=1):
        m = [beta1 * a + (1 - beta1) * b for a, b in zip(m, g)]
        v = [beta2 * a + (1 - beta2) * b * b for a, b in zip(v, g)]
        vmax = [max(a, b) for a, b in zip(vmax, v)]
        second = vmax if amsgrad else v
        c1, c2 = (1 - beta1 ** t, 1 - beta2 ** t) if bias_correction else (1, 1)
        m_hat.append([a / c1 for a in m])
        v_hat.append([a / c2 for a in second])
    return m_hat, v_hat


def adam(grad: Oracle, x0: Any, lr: float | Callable[[int], float], T: int, beta1: float = 0.9,
         beta2: float = 0.999, eps: float = 1e-8, amsgrad: bool = False, bias_correction: bool = True,
         weight_decay: float = 0.0, decoupled: bool = False, lo: float = -math.inf, hi: float = math.inf) -> Trace:
    """Adam / AMSGrad / Adam with L2 / AdamW (see the module docstring).  ``lr`` is a constant or a function
    of the step number ``t = 1..T``; ``rate`` holds ``a_t/(sqrt(v̂_t) + eps)``."""
    if not (0 <= beta1 < 1 and 0 <= beta2 < 1 and eps >= 0 and weight_decay >= 0):
        raise ValueError(f"Adam needs beta1, beta2 in [0, 1), eps >= 0, weight decay >= 0; got "
                         f"{beta1}, {beta2}, {eps}, {weight_decay}")
    d = np.size(x0)
    m, v, vmax = np.zeros(d), np.zeros(d), np.zeros(d)
    lr_at = lr if callable(lr) else (lambda t: lr)

    def step(x: Array, g: Array, t0: int) -> tuple[Array, Array]:
        t = t0 + 1
        a = lr_at(t)
        if weight_decay and not decoupled:
            g = g + weight_decay * x
        m[:] = beta1 * m + (1 - beta1) * g
        v[:] = beta2 * v + (1 - beta2) * g * g
        vmax[:] = np.maximum(vmax, v)
        second = vmax if amsgrad else v
        c1, c2 = (1 - beta1 ** t, 1 - beta2 ** t) if bias_correction else (1.0, 1.0)
        denom = np.sqrt(second / c2) + eps
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(denom > 0, a / np.where(denom > 0, denom, 1.0), math.inf)
            delta = np.where(denom > 0, rate * (m / c1), 0.0)
        if weight_decay and decoupled:
            delta = delta + a * weight_decay * x
        return delta, rate
    return _run(step, grad, x0, T, lo, hi)
