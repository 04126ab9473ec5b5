"""Wasserstein-1 and integral probability metrics of finite distributions.

- ``w1_line``: on the real line ``W₁(P, Q) = ∫ |F_P(t) − F_Q(t)| dt``, exact for rational atoms.
- ``transport_cost``: the primal optimal-transport LP ``min_π Σ π_ij C_ij`` over couplings of ``p``, ``q``.
- ``kr_dual``: the Kantorovich–Rubinstein dual LP ``max_f Σ f_i (p_i − q_i)`` subject to
  ``f_i − f_j <= d_ij`` (a 1-Lipschitz ``f`` on the finite metric space).
- ``ipm``: ``d_F(P, Q) = max_{f ∈ F} |E_P f − E_Q f|`` for a finite class ``F`` given as a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog

LP_TOL = 1e-9
"""Primal and dual feasibility tolerance handed to HiGHS."""


def _check_dist(p: Sequence, name: str) -> None:
    if any(x < 0 for x in p) or abs(sum(p) - 1) > 1e-12:
        raise ValueError(f"{name} is not a probability vector: {p}")


def w1_line(xs: Sequence[Fraction], p: Sequence[Fraction], ys: Sequence[Fraction], q: Sequence[Fraction]
            ) -> Fraction:
    """``∫ |F_P − F_Q|`` for ``P = Σ p_i δ_{x_i}``, ``Q = Σ q_j δ_{y_j}`` (exact)."""
    if len(xs) != len(p) or len(ys) != len(q):
        raise ValueError("atoms and weights differ in length")
    if sum(p) != 1 or sum(q) != 1 or min(p) < 0 or min(q) < 0:
        raise ValueError("weights must be probability vectors")
    events = sorted([(Fraction(x), Fraction(w)) for x, w in zip(xs, p)]
                    + [(Fraction(y), -Fraction(w)) for y, w in zip(ys, q)])
    total, diff = Fraction(0), Fraction(0)
    for (t, w), (t_next, _) in zip(events, events[1:]):
        diff += w
        total += abs(diff) * (t_next - t)
    return total


def transport_cost(C: np.ndarray, p: Sequence[float], q: Sequence[float]) -> float:
    """``min Σ π_ij C_ij`` over ``π >= 0`` with row sums ``p`` and column sums ``q``."""
    C = np.asarray(C, dtype=float)
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    if C.shape != (p.size, q.size):
        raise ValueError(f"cost shape {C.shape} does not match {p.size} x {q.size}")
    _check_dist(p, "p")
    _check_dist(q, "q")
    m, k = C.shape
    rows = np.kron(np.eye(m), np.ones(k))
    cols = np.kron(np.ones(m), np.eye(k))
    res = linprog(C.ravel(), A_eq=np.vstack([rows, cols]), b_eq=np.concatenate([p, q]),
                  bounds=(0, None), method="highs",
                  options={"primal_feasibility_tolerance": LP_TOL, "dual_feasibility_tolerance": LP_TOL})
    if not res.success:
        raise ValueError(f"transport LP failed: {res.message}")
    return float(res.fun)


def kr_dual(D: np.ndarray, p: Sequence[float], q: Sequence[float], sup_bound: float | None = None) -> float:
    """``max Σ f_i (p_i − q_i)`` over ``f`` with ``f_i − f_j <= D_ij`` (and ``|f_i| <= sup_bound``
    when given); ``p``, ``q`` live on the same points."""
    D = np.asarray(D, dtype=float)
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    n = p.size
    if D.shape != (n, n) or q.size != n:
        raise ValueError("distance matrix and distributions disagree in size")
    _check_dist(p, "p")
    _check_dist(q, "q")
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
    A = np.zeros((len(pairs), n))
    for r, (i, j) in enumerate(pairs):
        A[r, i], A[r, j] = 1.0, -1.0
    b = np.array([D[i, j] for i, j in pairs])
    bounds = (None, None) if sup_bound is None else (-sup_bound, sup_bound)
    res = linprog(-(p - q), A_ub=A if pairs else None, b_ub=b if pairs else None, bounds=bounds,
                  method="highs",
                  options={"primal_feasibility_tolerance": LP_TOL, "dual_feasibility_tolerance": LP_TOL})
    if not res.success:
        raise ValueError(f"dual LP failed: {res.message}")
    return float(-res.fun)


def ipm(F: Sequence[Sequence[Fraction]], p: Sequence[Fraction], q: Sequence[Fraction]) -> Fraction:
    """``max_{f ∈ F} |Σ f(x)(p(x) − q(x))|`` for a finite class (rows of ``F``); 0 for empty ``F``."""
    if any(len(f) != len(p) for f in F) or len(p) != len(q):
        raise ValueError("function table and distributions disagree in size")
    return max((abs(sum((a - b) * v for a, b, v in zip(p, q, f))) for f in F), default=Fraction(0))
