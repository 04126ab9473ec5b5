"""Maurey's empirical sparsification, the greedy (Jones–Barron) approximation of a convex
combination, and Barron's threshold-unit construction for cosine targets.

Maurey: for ``X = Σ_i p_i v_i`` and ``V_1..V_k`` i.i.d. atoms drawn with the weights ``p``,
``E‖X − (1/k)Σ V_j‖² = (Σ_i p_i‖v_i‖² − ‖X‖²)/k``; :func:`maurey_enumerated` computes the left side
exactly by summing over multisets with multinomial weights, :func:`best_k_term` the minimum over
multisets.  Greedy: ``g_1`` the atom nearest ``X``, then ``g_i = λ g_{i−1} + (1 − λ) v`` minimizing
``‖g_i − X‖`` over ``λ ∈ [0, 1]`` and atoms ``v`` (:func:`greedy_errors`).

Barron: a cosine sum ``f(x) = Σ_j c_j cos(2π⟨ω_j, x⟩ + φ_j)`` has ``C_f = Σ_j c_j‖ω_j‖``.  On the ball
``B_r``, with ``t = ⟨ω_j/‖ω_j‖, x⟩`` and ``h_j(t) = cos(2π‖ω_j‖t + φ_j) − cos φ_j``,
``f − f(0) = Σ_j c_j [∫_0^r h_j'(s) 1{t ≥ s} ds − ∫_{−r}^0 h_j'(s) 1{t < s} ds]``: a signed mixture of
halfspace indicators of total mass ``M = Σ_j c_j ∫_{−r}^r |h_j'| <= 4πrC_f``.  Drawing ``k`` atoms
from the normalized mass gives ``E‖f − f_k‖²_µ = (E‖g‖²_µ − ‖f − f(0)‖²_µ)/k`` with
``E‖g‖²_µ = M Σ_j c_j ∫|h_j'(s)| µ(A_{j,s}) ds`` (:func:`threshold_maurey`), computed in closed form for
``µ`` uniform on finitely many points (``µ(A_{j,s})`` is a step function of ``s``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations_with_replacement
from math import factorial

import numpy as np

Vec = tuple[Fraction, ...]


def _sq(v: Sequence[Fraction]) -> Fraction:
    return sum((x * x for x in v), Fraction(0))


def _validate(atoms: Sequence[Vec], p: Sequence[Fraction]) -> None:
    if not atoms or len(atoms) != len(p) or len({len(a) for a in atoms}) != 1:
        raise ValueError("need at least one atom, one weight per atom, all atoms of one dimension")
    if any(w < 0 for w in p) or sum(p) != 1:
        raise ValueError(f"weights must be a probability vector, got {p}")


def mixture(atoms: Sequence[Vec], p: Sequence[Fraction]) -> Vec:
    """``X = Σ_i p_i v_i``."""
    _validate(atoms, p)
    return tuple(sum((w * a[j] for w, a in zip(p, atoms)), Fraction(0)) for j in range(len(atoms[0])))


def maurey_variance(atoms: Sequence[Vec], p: Sequence[Fraction]) -> Fraction:
    """``E‖V − X‖² = Σ p_i‖v_i‖² − ‖X‖²``."""
    x = mixture(atoms, p)
    return sum((w * _sq(a) for w, a in zip(p, atoms)), Fraction(0)) - _sq(x)


def _multisets(m: int, k: int):
    """Every multiset of size ``k`` from ``range(m)``, with its multiplicities."""
    for combo in combinations_with_replacement(range(m), k):
        counts = [0] * m
        for i in combo:
            counts[i] += 1
        yield combo, counts


def maurey_enumerated(atoms: Sequence[Vec], p: Sequence[Fraction], k: int) -> Fraction:
    """``E‖X − (1/k)Σ_j V_j‖²`` for i.i.d. ``V_j`` with law ``p``, by exact enumeration of the
    multisets of size ``k`` (multinomial weights)."""
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    x = mixture(atoms, p)
    total = Fraction(0)
    for combo, counts in _multisets(len(atoms), k):
        prob = Fraction(factorial(k))
        for i, c in enumerate(counts):
            prob = prob * p[i] ** c / factorial(c)
        if prob:
            avg = [sum((atoms[i][j] for i in combo), Fraction(0)) / k for j in range(len(x))]
            total += prob * _sq([a - b for a, b in zip(avg, x)])
    return total


def best_k_term(atoms: Sequence[Vec], p: Sequence[Fraction], k: int) -> Fraction:
    """``min ‖X − (1/k)Σ_j v_{i_j}‖²`` over multisets of ``k`` atoms."""
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    x = mixture(atoms, p)
    return min(_sq([sum((atoms[i][j] for i in combo), Fraction(0)) / k - x[j] for j in range(len(x))])
               for combo, _ in _multisets(len(atoms), k))


def greedy_errors(atoms: np.ndarray, x: np.ndarray, steps: int) -> np.ndarray:
    """``‖g_i − X‖²`` for ``i = 1..steps`` of the greedy relaxed approximation (float64).

    For a candidate atom ``v`` with ``u = g − X``, ``w = v − X``, the best ``λ`` minimizes
    ``‖λu + (1 − λ)w‖²``: ``λ* = ⟨w, w − u⟩/‖w − u‖²`` clipped to ``[0, 1]``."""
    atoms, x = np.asarray(atoms, float), np.asarray(x, float)
    if atoms.ndim != 2 or x.shape != (atoms.shape[1],) or steps < 1:
        raise ValueError("atoms must be an (m, n) array, x of length n, steps >= 1")
    w = atoms - x
    errs = np.sum(w * w, axis=1)
    u = w[int(np.argmin(errs))]
    out = [float(np.min(errs))]
    for _ in range(steps - 1):
        diff = w - u
        dd = np.sum(diff * diff, axis=1)
        lam = np.where(dd > 0, np.clip(np.sum(w * diff, axis=1) / np.where(dd > 0, dd, 1), 0, 1), 1.0)
        cand = lam[:, None] * u + (1 - lam)[:, None] * w
        vals = np.sum(cand * cand, axis=1)
        j = int(np.argmin(vals))
        u = cand[j]
        out.append(float(vals[j]))
    return np.array(out)


# --- Barron's construction for cosine sums ----------------------------------------------------------

@dataclass(frozen=True)
class CosineSum:
    """``f(x) = Σ_j c_j cos(2π⟨ω_j, x⟩ + φ_j)`` with ``c_j > 0`` and ``ω_j ≠ 0``."""

    amplitudes: tuple[float, ...]
    frequencies: tuple[tuple[float, ...], ...]
    phases: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.amplitudes or not len(self.amplitudes) == len(self.frequencies) == len(self.phases):
            raise ValueError("one frequency and one phase per amplitude, at least one term")
        if any(c <= 0 for c in self.amplitudes) or any(np.linalg.norm(w) == 0 for w in self.frequencies):
            raise ValueError("amplitudes must be positive and frequencies nonzero")

    @property
    def dim(self) -> int:
        return len(self.frequencies[0])

    @property
    def barron_norm(self) -> float:
        """``C_f = ∫‖ω‖|f̂(ω)|dω = Σ_j c_j‖ω_j‖`` (each cosine has atoms ``c_j/2`` at ``±ω_j``)."""
        return float(sum(c * np.linalg.norm(w) for c, w in zip(self.amplitudes, self.frequencies)))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = np.atleast_2d(np.asarray(x, float))
        return sum(c * np.cos(2 * np.pi * x @ np.asarray(w) + ph)
                   for c, w, ph in zip(self.amplitudes, self.frequencies, self.phases))


def cos_variation(a: float, phase: float, lo: float, hi: float) -> float:
    """``∫_lo^hi |d/ds cos(2πas + φ)| ds``, the total variation of the cosine on ``[lo, hi]``:
    sum ``|Δcos|`` over the monotone pieces between consecutive multiples of π of ``θ = 2πas + φ``."""
    if hi < lo:
        raise ValueError("need lo <= hi")
    t0, t1 = 2 * np.pi * a * lo + phase, 2 * np.pi * a * hi + phase
    if t1 < t0:
        t0, t1 = t1, t0
    k0, k1 = math.floor(t0 / np.pi) + 1, math.floor(t1 / np.pi)
    if k1 < k0:
        return abs(math.cos(t1) - math.cos(t0))
    inner = 2.0 * (k1 - k0)  # each full half-period between extrema contributes |Δcos| = 2
    return inner + abs(math.cos(k0 * np.pi) - math.cos(t0)) + abs(math.cos(t1) - math.cos(k1 * np.pi))


@dataclass(frozen=True)
class ThresholdMaurey:
    """Barron's construction on a finite uniform ``µ``: the mass ``M``, ``E‖g‖²_µ``,
    ``‖f − f(0)‖²_µ``, the mean atom ``E g`` at the points, and ``f − f(0)`` there."""

    mass: float
    second_moment: float
    centered_norm2: float
    mean_atom: np.ndarray
    centered: np.ndarray

    def expected_error(self, k: int) -> float:
        """``E‖f − f_k‖²_µ = (E‖g‖² − ‖f − f(0)‖²)/k``."""
        return (self.second_moment - self.centered_norm2) / k


def threshold_maurey(f: CosineSum, points: np.ndarray, r: float) -> ThresholdMaurey:
    """The quantities of Barron's threshold construction for ``µ`` uniform on ``points ⊂ B_r``."""
    points = np.atleast_2d(np.asarray(points, float))
    if points.shape[1] != f.dim or r <= 0 or np.max(np.linalg.norm(points, axis=1)) > r * (1 + 1e-12):
        raise ValueError("points must lie in the ball of radius r > 0, in the dimension of f")
    n = len(points)
    mass = 0.0
    weighted = 0.0  # Σ_j c_j ∫ |h_j'(s)| µ(A_{j,s}) ds
    mean_atom = np.zeros(n)
    for c, w, ph in zip(f.amplitudes, f.frequencies, f.phases):
        a = float(np.linalg.norm(w))
        t = np.clip(points @ (np.asarray(w) / a), -r, r)
        h = lambda s: math.cos(2 * np.pi * a * s + ph)  # noqa: E731
        mass += c * cos_variation(a, ph, -r, r)
        # s in (0, r]: atom 1{t >= s}; µ(t >= s) is constant between consecutive projections
        cuts = np.unique(np.r_[0.0, t[t > 0], r])
        for lo, hi in zip(cuts, cuts[1:]):
            inside = t >= hi  # for s in (lo, hi]: t >= s iff t >= hi (no projection strictly inside)
            weighted += c * cos_variation(a, ph, lo, hi) * np.mean(inside)
            mean_atom += c * (h(hi) - h(lo)) * inside
        cuts = np.unique(np.r_[-r, t[t < 0], 0.0])
        for lo, hi in zip(cuts, cuts[1:]):
            inside = t <= lo  # s in [lo, hi): t < s iff t <= lo
            weighted += c * cos_variation(a, ph, lo, hi) * np.mean(inside)
            mean_atom -= c * (h(hi) - h(lo)) * inside
    centered = f(points) - f(np.zeros((1, f.dim)))[0]
    return ThresholdMaurey(mass, mass * weighted, float(np.mean(centered**2)), mean_atom, centered)


def best_step_fit(x: np.ndarray, y: np.ndarray, k: int) -> float:
    """``min (1/N)Σ(y_i − s(x_i))²`` over step functions ``s = c_0 + Σ_{j<=k} a_j 1{x >= b_j}`` (piecewise
    constant with at most ``k`` jumps), by dynamic programming over the sorted points (a jump may only
    separate points with different ``x``)."""
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    order = np.argsort(x, kind="stable")
    xs, ys = np.asarray(x, float)[order], np.asarray(y, float)[order]
    n = len(xs)
    cs, cs2 = np.r_[0, np.cumsum(ys)], np.r_[0, np.cumsum(ys**2)]

    def sse(i: int, j: int) -> float:  # of the segment of points i..j-1 around its mean
        s = cs[j] - cs[i]
        return max(cs2[j] - cs2[i] - s * s / (j - i), 0.0)

    cuts = [i for i in range(1, n) if xs[i] > xs[i - 1]]
    ends = cuts + [n]
    cost = {j: sse(0, j) for j in ends}  # cost[j]: first j points with the jumps used so far
    for _ in range(k):
        cost = {j: min([cost[j]] + [cost[i] + sse(i, j) for i in cuts if i < j]) for j in ends}
    return cost[n] / n
