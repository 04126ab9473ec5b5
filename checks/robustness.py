"""Building blocks for adversarial robustness: dual norms and first-order attacks, projections onto
norm balls, and randomized smoothing of piecewise-constant classifiers.

- Norms ``‖v‖_p`` for ``p ∈ {1, 2, ∞}`` (exact on fractions for ``p ∈ {1, ∞}``); the dual exponent
  ``q`` with ``1/p + 1/q = 1``; the maximizer of ``⟨w, δ⟩`` over ``‖δ‖_p <= ε`` (``ε·sign(w)`` for
  ``ℓ∞``, ``ε·sign(w_k)e_k`` at ``k = argmax |w_k|`` for ``ℓ1``, ``εw/‖w‖₂`` for ``ℓ2``) and the
  brute-force maximum over the vertices of the ``ℓ∞`` and ``ℓ1`` balls.
- Euclidean projections onto ``x₀ + εB_p``: clipping (``ℓ∞``), radial scaling (``ℓ2``), soft
  thresholding at the sorting threshold of Duchi et al. (``ℓ1``, exact on fractions), and the
  variational-inequality gap ``sup_{z ∈ B} ⟨x - p, z - p⟩ = ⟨x - p, x₀ - p⟩ + ε‖x - p‖_q``, which is
  ``<= 0`` exactly when ``p`` is the projection of ``x`` (for feasible ``p``).
- Randomized smoothing of a grid classifier on ``R^d`` (axis breakpoints, one label or value per
  cell): class probabilities ``P(h(x + σZ) = c)`` and the gradient of ``E g(x + Z)`` in closed form,
  as sums over cells of products of one-dimensional Gaussian interval probabilities.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.special import ndtr

INF = math.inf
_NORMS = (1, 2, INF)


def _check_p(p: float) -> None:
    if p not in _NORMS:
        raise ValueError(f"p must be 1, 2 or inf, got {p!r}")


def dual_exponent(p: float) -> float:
    """``q`` with ``1/p + 1/q = 1``, for ``p ∈ {1, 2, ∞}``."""
    _check_p(p)
    return {1: INF, 2: 2, INF: 1}[p]


def norm(v: Sequence[Any], p: float) -> Any:
    """``‖v‖_p``; exact (int/Fraction) for ``p ∈ {1, ∞}`` on exact entries, a float for ``p = 2``."""
    _check_p(p)
    v = list(v)
    if not v:
        raise ValueError("empty vector")
    if p == 1:
        return sum((abs(a) for a in v), type(v[0])(0))
    if p == INF:
        return max(abs(a) for a in v)
    return math.sqrt(sum(float(a) ** 2 for a in v))


def _sign(a: Any) -> int:
    return int(a > 0) - int(a < 0)


def best_attack(w: Sequence[Any], eps: Any, p: float) -> list[Any]:
    """A maximizer of ``⟨w, δ⟩`` over ``‖δ‖_p <= ε`` (the first-order attack; FGSM for ``p = ∞``)."""
    _check_p(p)
    if eps < 0:
        raise ValueError(f"eps must be non-negative, got {eps}")
    w = list(w)
    if p == INF:
        return [eps * _sign(a) for a in w]
    if p == 1:
        k = max(range(len(w)), key=lambda i: abs(w[i]))
        return [eps * _sign(a) if i == k else 0 * eps for i, a in enumerate(w)]
    n = norm(w, 2)
    return [0.0] * len(w) if n == 0 else [float(eps) * float(a) / n for a in w]


def vertex_max(w: Sequence[Any], eps: Any, p: float) -> Any:
    """``max ⟨w, δ⟩`` over the vertices of the ``ℓ∞`` ball (all ``ε·s``, ``s ∈ {±1}^d``) or the ``ℓ1``
    ball (``±ε e_k``): the maximum over the ball, by brute force."""
    if p not in (1, INF):
        raise ValueError("vertex enumeration is for the polytopes p = 1 and p = inf")
    w = list(w)
    if p == 1:
        return max(s * eps * a for a in w for s in (1, -1))
    if len(w) > 16:
        raise ValueError("2^d vertices: d <= 16")
    return max(sum(s * eps * a for s, a in zip(signs, w)) for signs in itertools.product((1, -1), repeat=len(w)))


def project_linf(x: Sequence[Any], x0: Sequence[Any], eps: Any) -> list[Any]:
    """Projection onto ``{z : ‖z - x₀‖∞ <= ε}``: coordinatewise clipping to ``[x₀ - ε, x₀ + ε]``."""
    if eps < 0:
        raise ValueError(f"eps must be non-negative, got {eps}")
    return [min(max(a, c - eps), c + eps) for a, c in zip(x, x0)]


def project_l2(x: np.ndarray, x0: np.ndarray, eps: float) -> np.ndarray:
    """Projection onto ``{z : ‖z - x₀‖₂ <= ε}``: ``x`` inside, else ``x₀ + ε(x - x₀)/‖x - x₀‖₂``."""
    if eps < 0:
        raise ValueError(f"eps must be non-negative, got {eps}")
    x, x0 = np.asarray(x, dtype=float), np.asarray(x0, dtype=float)
    r = float(np.linalg.norm(x - x0))
    return x.copy() if r <= eps else x0 + (eps / r) * (x - x0)


def l1_threshold(v: Sequence[Any], eps: Any) -> Any:
    """The ``τ >= 0`` with ``Σ max(|v_i| - τ, 0) = ε`` (``0`` if ``‖v‖₁ <= ε``), by sorting."""
    if eps <= 0:
        raise ValueError(f"eps must be positive, got {eps}")
    a = sorted((abs(t) for t in v), reverse=True)
    if sum(a, 0 * eps) <= eps:
        return 0 * eps
    total, tau = 0 * eps, 0 * eps
    for k, ak in enumerate(a, start=1):
        total += ak
        t = (total - eps) / k
        if ak > t:
            tau = t
    return tau


def project_l1(x: Sequence[Any], x0: Sequence[Any], eps: Any) -> list[Any]:
    """Projection onto ``{z : ‖z - x₀‖₁ <= ε}``: ``x₀ + soft-threshold(x - x₀, τ)`` (Duchi et al.)."""
    v = [a - c for a, c in zip(x, x0)]
    tau = l1_threshold(v, eps)
    return [c + _sign(t) * max(abs(t) - tau, 0 * tau) for c, t in zip(x0, v)]


def projection_gap(x: Sequence[Any], proj: Sequence[Any], x0: Sequence[Any], eps: Any, p: float) -> Any:
    """``sup_{‖z - x₀‖_p <= ε} ⟨x - proj, z - proj⟩ = ⟨x - proj, x₀ - proj⟩ + ε‖x - proj‖_q``; a feasible
    ``proj`` is the Euclidean projection of ``x`` iff this is ``<= 0``."""
    g = [a - b for a, b in zip(x, proj)]
    inner = sum((gi * (c - b) for gi, c, b in zip(g, x0, proj)), 0 * eps)
    return inner + eps * norm(g, dual_exponent(p))


# --- randomized smoothing of grid classifiers --------------------------------------------------------

def _edges(breaks: Sequence[float]) -> np.ndarray:
    b = np.asarray(breaks, dtype=float)
    if b.ndim != 1 or np.any(np.diff(b) <= 0):
        raise ValueError("breakpoints must be strictly increasing")
    return np.concatenate([[-np.inf], b, [np.inf]])


def _axis_masses(edges: np.ndarray, center: float, sigma: float) -> np.ndarray:
    """``P(σZ + center ∈ [e_i, e_{i+1}))`` for each cell of one axis (upper-tail cells by symmetry)."""
    z = (edges - center) / sigma
    lo, hi = z[:-1], z[1:]
    upper = lo > 0
    return np.where(upper, ndtr(-lo) - ndtr(-hi), ndtr(hi) - ndtr(lo))


def grid_cell_masses(breaks: Sequence[Sequence[float]], x: Sequence[float], sigma: float) -> np.ndarray:
    """The array ``P(x + σZ ∈ cell)`` over the grid cells (shape ``(len(b_1)+1, …, len(b_d)+1)``)."""
    if sigma <= 0:
        raise ValueError(f"sigma must be positive, got {sigma}")
    if len(breaks) != len(x):
        raise ValueError("one list of breakpoints per coordinate")
    out = np.ones(())
    for b, c in zip(breaks, x):
        out = np.multiply.outer(out, _axis_masses(_edges(b), float(c), sigma))
    return out


def grid_class_probabilities(breaks: Sequence[Sequence[float]], labels: np.ndarray, x: Sequence[float],
                             sigma: float, classes: int) -> np.ndarray:
    """``P(h(x + σZ) = c)`` for ``c < classes``, ``h`` the grid classifier with cell labels ``labels``."""
    m = grid_cell_masses(breaks, x, sigma)
    labels = np.asarray(labels)
    if labels.shape != m.shape:
        raise ValueError(f"labels of shape {labels.shape} for a grid of shape {m.shape}")
    return np.bincount(labels.ravel(), weights=m.ravel(), minlength=classes)[:classes]


def grid_smoothed_gradient(breaks: Sequence[Sequence[float]], values: np.ndarray, x: Sequence[float]
                           ) -> np.ndarray:
    """``∇ E g(x + Z)`` for the grid function ``g`` with cell values ``values`` (``Z ~ N(0, I)``):
    ``∂_i`` replaces the ``i``-th axis factor by its derivative ``φ(e_j - x_i) - φ(e_{j+1} - x_i)``."""
    values = np.asarray(values, dtype=float)
    axes = []
    for b, c in zip(breaks, x):
        e = _edges(b)
        axes.append((_axis_masses(e, float(c), 1.0), np.diff(-np.exp(-0.5 * (e - c) ** 2) / math.sqrt(2 * math.pi))))
    if values.shape != tuple(len(a[0]) for a in axes):
        raise ValueError("one value per grid cell")
    grad = np.empty(len(axes))
    for i in range(len(axes)):
        t = values
        for j in reversed(range(len(axes))):
            t = t @ (axes[j][1] if j == i else axes[j][0])
        grad[i] = t
    return grad
