"""Covers and packings of the unit ball, Lipschitz constants of losses on it, and the exact law of
the uniform deviation of a one-parameter class of clipped linear losses.

- Rational geometry: points with rational coordinates, squared distances compared exactly.  A set is
  ``ρ``-separated when all pairwise distances exceed ``ρ``; the greedy pass keeps a candidate when it is
  farther than ``ρ`` from everything kept, so its output is ``ρ``-separated and is a ``ρ``-cover of the
  candidates.  Balls of radius ``ρ/2`` around a ``ρ``-separated subset of ``Ball(0, 1) ⊂ R^k`` are
  disjoint and lie in ``Ball(0, 1 + ρ/2)``, so there are at most ``(1 + 2/ρ)^k`` of them.
- Rational unit vectors (inverse stereographic projection), so that ``x = a·u`` has the rational norm
  ``a`` and the Lipschitz constant ``2‖x‖(‖x‖ + |y|)`` of the squared loss on the ball is rational.
- The interval ``[-1, 1]``: the explicit ``ρ``-net of ``⌈1/ρ⌉`` points, and the length certificate that
  fewer points cannot cover it.
- Clipped linear losses ``ℓ_z(w) = clip(a_z w + b_z, 0, 1)`` on ``w ∈ [-1, 1]``: the deviation
  ``L_D(w) - L̂_S(w)`` is piecewise linear in ``w`` with kinks where ``a_z w + b_z ∈ {0, 1}``, so its
  supremum over the interval is a maximum over finitely many points, exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import ceil

import numpy as np

Point = tuple[Fraction, ...]


def sq_dist(a: Sequence[Fraction], b: Sequence[Fraction]) -> Fraction:
    """``‖a - b‖²`` exactly."""
    if len(a) != len(b):
        raise ValueError(f"points of different dimensions {len(a)} and {len(b)}")
    return sum(((Fraction(x) - Fraction(y)) ** 2 for x, y in zip(a, b)), Fraction(0))


def greedy_separated(points: Sequence[Sequence[Fraction]], rho: Fraction) -> list[Point]:
    """Scan ``points`` in order; keep a point whose distance to every kept point exceeds ``ρ``.  The
    result is ``ρ``-separated and every input point lies within ``ρ`` of a kept one."""
    rho = Fraction(rho)
    if rho <= 0:
        raise ValueError(f"rho must be positive, got {rho}")
    kept: list[Point] = []
    r2 = rho * rho
    for p in points:
        q = tuple(Fraction(c) for c in p)
        if all(sq_dist(q, c) > r2 for c in kept):
            kept.append(q)
    return kept


def min_separation_sq(points: Sequence[Sequence[Fraction]]) -> Fraction | None:
    """The smallest squared pairwise distance (``None`` for fewer than two points)."""
    pts = [tuple(Fraction(c) for c in p) for p in points]
    d = [sq_dist(pts[i], pts[j]) for i in range(len(pts)) for j in range(i)]
    return min(d) if d else None


def packing_bound(rho: Fraction, k: int) -> Fraction:
    """``(1 + 2/ρ)^k``, the volume bound on a ``ρ``-separated subset of the unit ball of ``R^k``."""
    rho = Fraction(rho)
    if rho <= 0 or k < 1:
        raise ValueError(f"need rho > 0 and k >= 1, got rho={rho}, k={k}")
    return (1 + 2 / rho) ** k


def rational_unit_vector(t: Sequence[Fraction]) -> Point:
    """The inverse stereographic projection ``(2t, 1 - ‖t‖²)/(1 + ‖t‖²)`` of ``t ∈ Q^{k-1}``: a unit
    vector of ``R^k`` with rational coordinates."""
    t = [Fraction(c) for c in t]
    s = sum((c * c for c in t), Fraction(0))
    return tuple(2 * c / (1 + s) for c in t) + ((1 - s) / (1 + s),)


def interval_net(rho: Fraction) -> list[Fraction]:
    """``⌈1/ρ⌉`` centres ``-1 + ρ(2j + 1)`` (the last one clipped to 1) whose ``ρ``-intervals cover
    ``[-1, 1]``."""
    rho = Fraction(rho)
    if rho <= 0:
        raise ValueError(f"rho must be positive, got {rho}")
    return [min(-1 + rho * (2 * j + 1), Fraction(1)) for j in range(ceil(1 / rho))]


def covers_interval(centres: Sequence[Fraction], rho: Fraction) -> bool:
    """Whether the closed intervals ``[c - ρ, c + ρ]`` cover ``[-1, 1]`` (exact sweep)."""
    reach = Fraction(-1)
    for c in sorted(Fraction(c) for c in centres):
        if c - rho > reach:
            return False
        reach = max(reach, c + rho)
    return reach >= 1


def squared_loss(w: Sequence[Fraction], x: Sequence[Fraction], y: Fraction) -> Fraction:
    """``(w·x - y)²``."""
    return (sum((Fraction(a) * Fraction(b) for a, b in zip(w, x)), Fraction(0)) - Fraction(y)) ** 2


def squared_loss_gradient(w: Sequence[Fraction], x: Sequence[Fraction], y: Fraction) -> Point:
    """``∇_w (w·x - y)² = 2(w·x - y) x``."""
    r = sum((Fraction(a) * Fraction(b) for a, b in zip(w, x)), Fraction(0)) - Fraction(y)
    return tuple(2 * r * Fraction(c) for c in x)


def squared_loss_lipschitz(x_norm: Fraction, y: Fraction) -> Fraction:
    """``sup_{‖w‖ <= 1} ‖2(w·x - y)x‖ = 2‖x‖(‖x‖ + |y|)``."""
    if x_norm < 0:
        raise ValueError(f"a norm is nonnegative, got {x_norm}")
    return 2 * Fraction(x_norm) * (Fraction(x_norm) + abs(Fraction(y)))


def relu_net_grad_norm_sq(a: np.ndarray, W: np.ndarray, x: np.ndarray, y: float) -> float:
    """``‖∇_{(a, W)} (aᵀσ(Wx) - y)²‖²`` for the ReLU net at a point off the kinks:
    ``4 (f - y)² (‖σ(Wx)‖² + ‖x‖² Σ_j a_j² 1[w_j·x > 0])``."""
    pre = W @ x
    if np.any(pre == 0):
        raise ValueError("a hidden unit sits at its kink; the gradient is not defined there")
    h = np.maximum(pre, 0)
    r = float(a @ h) - y
    return 4 * r * r * (float(h @ h) + float(x @ x) * float(np.sum(a**2 * (pre > 0))))


# --- the uniform deviation of clipped linear losses on [-1, 1] ---------------------------------------

def _clip(v: Fraction) -> Fraction:
    return min(max(v, Fraction(0)), Fraction(1))


def clipped_losses(slopes: Sequence[Fraction], offsets: Sequence[Fraction], w: Fraction) -> tuple[Fraction, ...]:
    """``clip(a_z w + b_z, 0, 1)`` for every outcome ``z``."""
    return tuple(_clip(Fraction(a) * w + Fraction(b)) for a, b in zip(slopes, offsets))


def kinks(slopes: Sequence[Fraction], offsets: Sequence[Fraction]) -> list[Fraction]:
    """``±1`` and the points of ``(-1, 1)`` where some ``a_z w + b_z`` reaches 0 or 1: the supremum
    over ``[-1, 1]`` of any linear combination of the clipped losses is attained at one of them."""
    pts = {Fraction(-1), Fraction(1)}
    for a, b in zip(slopes, offsets):
        a, b = Fraction(a), Fraction(b)
        if a != 0:
            pts.update(w for w in ((0 - b) / a, (1 - b) / a) if -1 < w < 1)
    return sorted(pts)


def clipped_loss_matrix(slopes: Sequence[Fraction], offsets: Sequence[Fraction]) -> tuple[np.ndarray, int]:
    """Integers ``M[z, j]`` and a denominator ``Q`` with ``ℓ_z(w_j) = M[z, j]/Q`` at the kinks ``w_j``."""
    if len(slopes) != len(offsets) or not slopes:
        raise ValueError("need one slope and one offset per outcome")
    vals = [clipped_losses(slopes, offsets, w) for w in kinks(slopes, offsets)]
    Q = int(np.lcm.reduce([v.denominator for col in vals for v in col]))
    M = np.asarray([[int(col[z] * Q) for col in vals] for z in range(len(slopes))], dtype=object)
    return M, Q
