"""Estimating a Hessian's spectrum from matrix–vector products: power iteration and Hutchinson's trace
estimator.

Power iteration ``u_{t+1} = H u_t / ||H u_t||`` keeps the direction of ``H^t u_0``; on arrays of
:class:`~fractions.Fraction` :func:`power_iterates` returns the unnormalized ``H^t u_0`` exactly (the
direction, the Rayleigh quotient and every angle are scale-free), on floats the normalized iterates.

Hutchinson: for a probe ``z`` with ``E z zᵀ = I``, ``E[zᵀ H z] = tr H``.  :func:`quadratic_form_moments`
computes ``E[zᵀHz]`` and ``Var(zᵀHz)`` exactly for ``z`` with i.i.d. coordinates drawn from a finite
law, by enumerating the product law.  :data:`GAUSSIAN_MOMENTS` is the three-point law
``z = sqrt 3 * s``, ``P(s = ±1) = 1/6``, ``P(s = 0) = 2/3``, which shares the moments of order <= 5 with
N(0, 1): since ``zᵀHz`` and its square involve at most the fourth moment of each coordinate, its mean
and variance are those of a Gaussian probe (Gauss–Hermite quadrature with three nodes).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

Array = np.ndarray


def _square(H: Array) -> Array:
    H = np.asarray(H)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError(f"H must be a square matrix, got shape {H.shape}")
    if np.any(H != H.T):
        raise ValueError("H must be symmetric")
    return H


def _exact(A: Array) -> bool:
    return A.dtype == object


def power_iterates(H: Array, u0: Array, steps: int) -> list[Array]:
    """``[u_0, ..., u_steps]``: ``H^t u_0`` exactly for Fractions, normalized iterates for floats."""
    H = _square(H)
    u = np.asarray(u0)
    if u.shape != (H.shape[0],):
        raise ValueError(f"u0 must have shape ({H.shape[0]},), got {u.shape}")
    if steps < 0:
        raise ValueError(f"steps must be nonnegative, got {steps}")
    if not np.any(u != 0):
        raise ValueError("u0 must be nonzero")
    exact = _exact(H) or _exact(u)
    out = [u if exact else u / np.linalg.norm(u)]
    for _ in range(steps):
        v = H @ out[-1]
        if not exact:
            n = np.linalg.norm(v)
            if n == 0:
                raise ValueError("H u_t = 0: the iteration stops")
            v = v / n
        out.append(v)
    return out


def rayleigh(H: Array, u: Array):
    """``uᵀHu / uᵀu``."""
    u = np.asarray(u)
    uu = u @ u
    if uu == 0:
        raise ValueError("the Rayleigh quotient of 0 is undefined")
    return (u @ np.asarray(H) @ u) / uu


def tan2_to_subspace(u: Array, V: Array):
    """``tan^2`` of the angle between ``u`` and the span of the orthonormal columns of ``V``:
    ``(||u||^2 - ||Vᵀu||^2) / ||Vᵀu||^2``."""
    u, V = np.asarray(u), np.asarray(V)
    if V.ndim == 1:
        V = V[:, None]
    p = V.T @ u
    pp = p @ p
    if pp == 0:
        raise ValueError("u is orthogonal to the subspace")
    return (u @ u - pp) / pp


@dataclass(frozen=True)
class FiniteLaw:
    """An i.i.d. probe coordinate ``z = sqrt(scale2) * s`` with ``s`` taking ``values`` with ``probs``."""

    values: tuple
    probs: tuple
    scale2: Fraction = Fraction(1)

    def __post_init__(self) -> None:
        if len(self.values) != len(self.probs) or not self.values:
            raise ValueError("values and probs must be nonempty and of equal length")
        if any(p < 0 for p in self.probs) or sum(self.probs) != 1:
            raise ValueError("probs must be nonnegative and sum to 1")


RADEMACHER = FiniteLaw((-1, 1), (Fraction(1, 2), Fraction(1, 2)))
GAUSSIAN_MOMENTS = FiniteLaw((-1, 0, 1), (Fraction(1, 6), Fraction(2, 3), Fraction(1, 6)), Fraction(3))


def quadratic_form_moments(H: Array, law: FiniteLaw) -> tuple:
    """``(E[zᵀHz], Var(zᵀHz))`` for ``z`` with i.i.d. coordinates from ``law``, by enumeration
    (``len(values)^d`` terms; exact for Fractions)."""
    H = _square(H)
    d = H.shape[0]
    mean = second = 0
    for combo in itertools.product(range(len(law.values)), repeat=d):
        s = np.array([law.values[i] for i in combo], dtype=H.dtype)
        p = 1
        for i in combo:
            p = p * law.probs[i]
        q = law.scale2 * (s @ H @ s)
        mean = mean + p * q
        second = second + p * q * q
    return mean, second - mean * mean
