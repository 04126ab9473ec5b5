"""Margins of linearly separable data, certified max-margin solvers, and steepest descent on the
exponential and logistic losses with the quantities of Gunasekar et al.'s margin analysis.

Conventions.  A dataset enters as ``Z`` with rows ``z_i = y_i x_i`` (labels absorbed), so the margin
of ``w`` on point ``i`` is ``q_i(w) = <w, z_i>``.  For a norm ``||.||_p`` (``p`` in ``{1, 2, inf}``)
the max-margin value is ``gamma_p = max_{||w||_p <= 1} min_i <w, z_i>``; by the minimax theorem
(the ball and the simplex are compact and convex) it equals ``min_{a in simplex} ||Zᵀa||_q``,
``q`` the dual exponent.  So any unit ``w`` certifies ``gamma >= min_i <w, z_i>`` and any simplex
vector ``a`` certifies ``gamma <= ||Zᵀa||_q``: every solver here returns both, an interval
``[gamma_lo, gamma_hi]`` that contains ``gamma`` (up to the rounding of two matrix-vector products).

The ``l2`` problem is the hard-margin SVM ``min ||w||_2 s.t. Zw >= 1`` with solution ``w_hat``,
``||w_hat|| = 1/gamma_2``; it is solved exactly by its finitely many active sets (KKT: ``w = Z_Sᵀ alpha``,
``Z_S w = 1``, ``alpha >= 0``, ``Z w >= 1``).  The ``l1`` and ``l_inf`` problems are linear programs
(HiGHS through ``scipy.optimize.linprog``; the dual weights are its marginals).

Steepest descent w.r.t. ``||.||`` takes ``w_{t+1} = w_t + eta_t Delta_t`` with
``Delta_t = argmin_v <g_t, v> + ||v||^2 / 2``, which satisfies ``<Delta_t, -g_t> = ||Delta_t||^2 =
||g_t||_*^2``: ``-g`` for ``l2`` (gradient descent), ``-||g||_inf sign(g_j) e_j`` at a largest
``|g_j|`` for ``l1`` (greedy coordinate descent), ``-||g||_1 sign(g)`` for ``l_inf`` (sign descent).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.optimize import linprog
from scipy.special import expit

from checks.losses import EXPONENTIAL, LOGISTIC, MarginLoss

EPS = float(np.finfo(float).eps)
NORMS = (1.0, 2.0, np.inf)
"""The norms with a certified max-margin solver (``l1``, ``l2``, ``l_inf``)."""

# --- norms ---------------------------------------------------------------------------------------

def dual_exponent(p: float) -> float:
    """The exponent ``q`` with ``1/p + 1/q = 1`` (``1 <-> inf``)."""
    if not p >= 1:
        raise ValueError(f"a norm exponent must be >= 1, got {p}")
    if p == 1:
        return np.inf
    if p == np.inf:
        return 1.0
    return p / (p - 1)


def pnorm(v: np.ndarray, p: float, axis: int = -1) -> np.ndarray:
    """``||v||_p`` along ``axis``."""
    if not p >= 1:
        raise ValueError(f"a norm exponent must be >= 1, got {p}")
    return np.linalg.norm(np.asarray(v, dtype=float), ord=p, axis=axis)


def norm_name(p: float) -> str:
    return "l_inf" if p == np.inf else f"l{p:g}"


def steepest_step(g: np.ndarray, p: float) -> np.ndarray:
    """``argmin_v <g, v> + ||v||_p^2 / 2`` (a minimizer; for ``l1`` the first largest ``|g_j|``).

    General ``p``: ``v_i = -sign(g_i) |g_i|^(q-1) ||g||_q^(2-q)`` with ``q`` the dual exponent."""
    g = np.asarray(g, dtype=float)
    if p == 2:
        return -g
    if p == 1:
        j = int(np.argmax(np.abs(g)))
        v = np.zeros_like(g)
        v[j] = -abs(g[j]) * np.sign(g[j])
        return v
    if p == np.inf:
        return -np.sum(np.abs(g)) * np.sign(g)
    q = dual_exponent(p)
    gq = pnorm(g, q)
    if gq == 0:
        return np.zeros_like(g)
    return -np.sign(g) * np.abs(g) ** (q - 1) * gq ** (2 - q)


# --- max-margin solvers ---------------------------------------------------------------------------

@dataclass(frozen=True)
class MaxMargin:
    """The max-``||.||_p``-margin problem of ``Z``: a maximizer ``u`` (``||u||_p = 1``), the certified
    interval ``gamma_lo <= gamma <= gamma_hi`` (primal margin of ``u``, dual value of ``weights``),
    the dual weights on the simplex, and the support ``{i : <u, z_i> <= gamma_lo (1 + 1e-9)}``."""

    p: float
    u: np.ndarray
    gamma_lo: float
    gamma_hi: float
    weights: np.ndarray
    support: tuple[int, ...]

    @property
    def gamma(self) -> float:
        return 0.5 * (self.gamma_lo + self.gamma_hi)

    @property
    def gap(self) -> float:
        """``gamma_hi - gamma_lo``: the certified accuracy of the solution."""
        return self.gamma_hi - self.gamma_lo

    @property
    def w_hat(self) -> np.ndarray:
        """``u / gamma``: for ``l2`` the hard-margin SVM solution ``argmin ||w|| s.t. Zw >= 1``."""
        return self.u / self.gamma_lo


def _rows(Z: np.ndarray) -> np.ndarray:
    Z = np.asarray(Z, dtype=float)
    if Z.ndim != 2 or Z.size == 0:
        raise ValueError(f"Z must be a non-empty 2-d array (rows y_i x_i), got shape {Z.shape}")
    if not np.all(np.isfinite(Z)):
        raise ValueError("Z has non-finite entries")
    return Z


def _certify(Z: np.ndarray, p: float, w: np.ndarray, a: np.ndarray) -> MaxMargin:
    nw = float(pnorm(w, p))
    if nw == 0:
        raise ValueError("the data are not linearly separable (the max-margin solver found w = 0)")
    u = w / nw
    q = Z @ u
    lo = float(np.min(q))
    if not lo > 0:
        raise ValueError(f"the data are not linearly separable (best margin {lo:.3g} <= 0)")
    a = np.clip(a, 0.0, None)
    a = a / a.sum()
    hi = float(pnorm(Z.T @ a, dual_exponent(p)))
    support = tuple(int(i) for i in np.flatnonzero(q <= lo * (1 + 1e-9)))
    return MaxMargin(p, u, lo, max(hi, lo), a, support)


def svm_active_set(Z: np.ndarray) -> MaxMargin:
    """The hard-margin SVM ``min ||w||_2 s.t. Zw >= 1`` by its active sets: for every set ``S`` of at
    most ``min(n, d)`` rows with ``Z_S Z_Sᵀ`` invertible, ``alpha = (Z_S Z_Sᵀ)^-1 1`` and
    ``w = Z_Sᵀ alpha``; a set with ``alpha >= 0`` and ``Z w >= 1`` satisfies the KKT conditions, so
    its ``w`` is the (unique) solution (Carathéodory: some solution has at most ``d`` support vectors).
    Raises ValueError for non-separable data."""
    Z = _rows(Z)
    n, d = Z.shape
    G = Z @ Z.T
    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for k in range(1, min(n, d) + 1):
        for S in combinations(range(n), k):
            GS = G[np.ix_(S, S)]
            try:
                alpha = np.linalg.solve(GS, np.ones(k))
            except np.linalg.LinAlgError:
                continue
            if np.linalg.cond(GS) > 1e10 or np.any(alpha < -1e-12 * np.max(np.abs(alpha))):
                continue
            w = Z[list(S)].T @ alpha
            if np.min(Z @ w) < 1 - 1e-9:
                continue
            norm = float(np.linalg.norm(w))
            if best is None or norm < best[0]:
                a = np.zeros(n)
                a[list(S)] = alpha
                best = (norm, w, a)
        if best is not None:
            break  # a KKT point is the global optimum of the convex problem
    if best is None:
        raise ValueError("the data are not linearly separable (no KKT active set of the SVM)")
    return _certify(Z, 2.0, best[1], best[2])


def _lp_margin(Z: np.ndarray, p: float) -> MaxMargin:
    """``max t s.t. <w, z_i> >= t, ||w||_p <= 1`` for ``p`` in ``{1, inf}`` as a linear program."""
    n, d = Z.shape
    if p == np.inf:  # variables (w, t), -1 <= w <= 1
        c = np.r_[np.zeros(d), -1.0]
        A = np.c_[-Z, np.ones(n)]
        bounds = [(-1, 1)] * d + [(None, None)]
        res = linprog(c, A_ub=A, b_ub=np.zeros(n), bounds=bounds, method="highs")
        w = res.x[:d] if res.status == 0 else None
    else:  # variables (w+, w-, t), w+, w- >= 0, sum(w+ + w-) <= 1
        c = np.r_[np.zeros(2 * d), -1.0]
        A = np.r_[np.c_[-Z, Z, np.ones(n)], [np.r_[np.ones(2 * d), 0.0]]]
        bounds = [(0, None)] * (2 * d) + [(None, None)]
        res = linprog(c, A_ub=A, b_ub=np.r_[np.zeros(n), 1.0], bounds=bounds, method="highs")
        w = res.x[:d] - res.x[d:2 * d] if res.status == 0 else None
    if w is None:
        raise ValueError(f"the {norm_name(p)} max-margin LP failed: {res.message}")
    a = -np.asarray(res.ineqlin.marginals[:n], dtype=float)
    if not a.sum() > 0:
        raise ValueError("the data are not linearly separable (zero dual weights)")
    return _certify(Z, p, w, a)


def max_margin(Z: np.ndarray, p: float = 2.0) -> MaxMargin:
    """The max-margin problem for ``||.||_p``, ``p`` in ``{1, 2, inf}``, with a certified interval for
    ``gamma``.  Raises ValueError for non-separable data or another ``p``."""
    Z = _rows(Z)
    if p == 2:
        return svm_active_set(Z)
    if p in (1, np.inf):
        return _lp_margin(Z, float(p))
    raise ValueError(f"no certified max-margin solver for p = {p}; use one of {NORMS}")


def normalized_margin(Z: np.ndarray, w: np.ndarray, p: float = 2.0) -> np.ndarray:
    """``min_i <w, z_i> / ||w||_p`` for a vector ``w`` or for each row of a matrix of iterates."""
    W = np.atleast_2d(np.asarray(w, dtype=float))
    out = np.min(W @ np.asarray(Z, dtype=float).T, axis=1) / pnorm(W, p, axis=1)
    return out if np.ndim(w) == 2 else out[0]


def opposite_pair(Z: np.ndarray) -> tuple[int, int] | None:
    """Indices ``(i, j)`` with ``z_j = -z_i`` exactly, if any: then ``0`` is in the convex hull of the
    rows, the data are not separable, and ``L(w) >= e^{-q} + e^{q} >= 2`` for the exponential loss."""
    Z = _rows(Z)
    for i, j in combinations(range(Z.shape[0]), 2):
        if np.any(Z[i] != 0) and np.array_equal(Z[j], -Z[i]):
            return i, j
    return None


# --- steepest descent on a tailed loss -----------------------------------------------------------

@dataclass(frozen=True)
class StepRule:
    """``eta_t = min(cap, scale / (B^2 L(w_t)))`` with ``B = max_i ||z_i||_*``: Gunasekar et al.'s
    admissible steps when ``scale <= 1``.  A cap ``<= scale / (B^2 L(w_0))`` gives a constant step
    (the loss never increases)."""

    scale: float
    cap: float

    def __post_init__(self) -> None:
        if not (self.scale > 0 and self.cap > 0 and np.isfinite(self.cap)):
            raise ValueError(f"a step rule needs scale > 0 and a finite cap > 0, got {self}")


@dataclass(frozen=True)
class DescentRun:
    """Steepest descent w.r.t. ``||.||_p`` on ``L(w) = sum_i phi(<w, z_i>)``: iterates ``W[t]``,
    losses ``L[t]``, dual gradient norms ``G[t] = ||grad L(w_t)||_*`` (``= ||Delta_t||``), steps
    ``eta[t]`` (``t < T``) and the constant ``B = max_i ||z_i||_*``."""

    Z: np.ndarray
    loss: MarginLoss
    p: float
    W: np.ndarray
    L: np.ndarray
    G: np.ndarray
    eta: np.ndarray
    B: float

    @property
    def steps(self) -> int:
        return self.W.shape[0] - 1

    @property
    def norms(self) -> np.ndarray:
        """``||w_t||_p`` for every ``t``."""
        return pnorm(self.W, self.p, axis=1)

    @property
    def min_margins(self) -> np.ndarray:
        """``min_i <w_t, z_i>`` (unnormalized) for every ``t``."""
        return np.min(self.W @ self.Z.T, axis=1)


def _dual_norm(g: np.ndarray, q: float) -> float:
    if q == 2:
        return float(np.sqrt(g @ g))
    if q == 1:
        return float(np.abs(g).sum())
    if q == np.inf:
        return float(np.abs(g).max())
    return float(pnorm(g, q))


def _loss_weights(loss: MarginLoss):
    """``q -> (sum_i phi(q_i), -phi'(q))``, with inlined fast paths for the two tailed losses
    (equal to ``loss.value`` and ``-loss.derivative``; tested against them)."""
    if loss is EXPONENTIAL:
        def weights(q: np.ndarray) -> tuple[float, np.ndarray]:
            e = np.exp(-q)
            return float(e.sum()), e
    elif loss is LOGISTIC:
        def weights(q: np.ndarray) -> tuple[float, np.ndarray]:
            return float(np.logaddexp(0.0, -q).sum()), expit(-q)
    else:
        def weights(q: np.ndarray) -> tuple[float, np.ndarray]:
            ones = np.ones_like(q)
            return float(np.sum(loss.value(q, ones))), -loss.derivative(q, ones)
    return weights


def loss_value(loss: MarginLoss, q: np.ndarray) -> float:
    """``sum_i phi(q_i)`` for margins ``q`` (labels already absorbed)."""
    return float(np.sum(loss.value(q, 1.0)))


def steepest_descent(Z: np.ndarray, loss: MarginLoss, p: float, steps: int, rule: StepRule,
                     w0: np.ndarray | None = None) -> DescentRun:
    """``steps`` steps of steepest descent w.r.t. ``||.||_p`` on ``sum_i loss(<w, z_i>)`` from ``w0``
    (default 0) with ``eta_t = rule(L(w_t))``."""
    Z = _rows(Z)
    n, d = Z.shape
    if not (isinstance(steps, (int, np.integer)) and steps >= 0):
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    w = np.zeros(d) if w0 is None else np.array(w0, dtype=float)
    if w.shape != (d,):
        raise ValueError(f"w0 must have shape ({d},), got {w.shape}")
    qd = dual_exponent(p)
    B = float(np.max(pnorm(Z, qd, axis=1)))
    W = np.empty((steps + 1, d))
    L = np.empty(steps + 1)
    G = np.empty(steps + 1)
    eta = np.empty(steps)
    weights = _loss_weights(loss)
    BB = B * B
    for t in range(steps + 1):
        W[t] = w
        value, s = weights(Z @ w)  # L(w_t) and -phi'(q_i)
        g = -(s @ Z)
        L[t] = value
        G[t] = _dual_norm(g, qd)
        if t == steps:
            break
        eta[t] = h = min(rule.cap, rule.scale / (BB * value))
        w = w + h * steepest_step(g, p)
    return DescentRun(Z, loss, p, W, L, G, eta, B)


# --- the margin analysis (Gunasekar et al. 2018; Arora et al. Thm 8.3.2, eqs. 8.28-8.34) ---------

def margin_from_loss(loss: MarginLoss, value: np.ndarray) -> np.ndarray:
    """A lower bound on ``min_i q_i`` from ``sum_i phi(q_i) <= value``: ``phi^{-1}(value)``, i.e.
    ``-log value`` (exponential) and ``-log(e^value - 1)`` (logistic)."""
    value = np.asarray(value, dtype=float)
    if loss is EXPONENTIAL:
        return -np.log(value)
    if loss is LOGISTIC:
        return -np.log(np.expm1(value))
    raise ValueError(f"no margin-from-loss inverse for {loss!r}")


def domination_factor(loss: MarginLoss, value: np.ndarray) -> np.ndarray:
    """``kappa(L)`` with ``||grad L(w)||_* >= gamma kappa(L(w)) L(w)``: 1 for the exponential loss,
    ``e^{-L}`` for the logistic loss (``sigma(-q) >= phi(q) e^{-phi(q)}``)."""
    value = np.asarray(value, dtype=float)
    if loss is EXPONENTIAL:
        return np.ones_like(value)
    if loss is LOGISTIC:
        return np.exp(-value)
    raise ValueError(f"no gradient-domination factor for {loss!r}")


@dataclass(frozen=True)
class MarginBounds:
    """The bounds of the analysis along a run, each indexed by ``t = 1..T`` (entry ``t - 1``):

    - ``A[t]  = sum_{u<t} eta_u G_u^2 / L_u - eta_u^2 B^2 G_u^2 / 2``, with
      ``L_t <= L_0 exp(-A_t)`` (8.29);
    - ``unnormalized[t] = phi^{-1}(L_0 exp(-A_t)) <= min_i <w_t, z_i>`` (8.31);
    - ``path[t] = ||w_0|| + sum_{u<t} eta_u G_u >= ||w_t||`` (8.32);
    - ``normalized[t] = gamma * sum_{u<t} eta_u G_u kappa_u / path[t] - (sum_{u<t} eta_u^2 B^2 G_u^2 / 2
      + log L_0 + s_t) / ||w_t|| <= min_i <w_t, z_i> / ||w_t||`` (8.33), where ``s_t = 0`` for the
      exponential loss and ``L_0 e^{-A_t}`` for the logistic loss (``-log(e^x - 1) >= -log x - x``).
    """

    A: np.ndarray
    unnormalized: np.ndarray
    path: np.ndarray
    normalized: np.ndarray


def margin_bounds(run: DescentRun, gamma: float) -> MarginBounds:
    """The bounds of :class:`MarginBounds` for ``run``, with ``gamma`` (a lower end of the certified
    interval keeps them valid: every bound is non-decreasing in ``gamma``)."""
    eta, G, L, B = run.eta, run.G[:-1], run.L[:-1], run.B
    sq = eta ** 2 * B ** 2 * G ** 2 / 2
    A = np.cumsum(eta * G ** 2 / L - sq)
    lam = run.L[0] * np.exp(-A)
    unnorm = margin_from_loss(run.loss, lam)
    w0 = float(pnorm(run.W[0], run.p))
    path = w0 + np.cumsum(eta * G)
    slack = np.zeros_like(lam) if run.loss is EXPONENTIAL else lam
    first = gamma * np.cumsum(eta * G * domination_factor(run.loss, L)) / path
    norms = run.norms[1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        normalized = first - (np.cumsum(sq) + np.log(run.L[0]) + slack) / norms
    return MarginBounds(A, unnorm, path, normalized)


def rounding_slack(run: DescentRun) -> np.ndarray:
    """For ``t = 1..T``, a bound on how far rounding can move the computed quantities of the first
    ``t`` steps in the inequalities above (in units of margin, i.e. of ``log L``): each step forms
    ``n d`` products and ``n`` losses with a relative error below ``(n + d + 4) eps``, on margins of
    size ``B (||w_u|| + eta_u G_u)`` and on terms of size ``eta_u G_u^2 / L_u`` and ``|log L_u|``; the
    errors add up over the steps, and ``phi^{-1}`` of the logistic loss scales them by at most
    ``1 + L_0``."""
    n, d = run.Z.shape
    u = (n + d + 4) * EPS
    size = (run.B * (run.norms[:-1] + run.eta * run.G[:-1]) + run.eta * run.G[:-1] ** 2 / run.L[:-1]
            + np.abs(np.log(run.L[:-1])) + 1.0)
    return np.cumsum(8 * u * size) * (1.0 + run.L[0])


# --- explicit a-priori bounds for a constant step eta <= 1 / (B^2 L_0), exponential loss ------------

def loss_rate(L0: float, eta: float, gamma: float, t: np.ndarray) -> np.ndarray:
    """``L_t <= 1 / (1/L_0 + eta gamma^2 t / 2)``: the descent ``L_{t+1} <= L_t - eta G_t^2 / 2`` with
    gradient domination ``G_t >= gamma L_t`` gives ``1/L_{t+1} >= 1/L_t + eta gamma^2 / 2``."""
    return 1.0 / (1.0 / L0 + eta * gamma ** 2 * np.asarray(t, dtype=float) / 2)


def norm_lower(L0: float, eta: float, gamma: float, t: np.ndarray) -> np.ndarray:
    """``||w_t|| >= log(1/L_0 + eta gamma^2 t / 2) / gamma = ||w_hat|| log(...)``: ``min_i <w, z_i>
    <= gamma ||w||`` and ``min_i <w_t, z_i> >= -log L_t``."""
    return np.log(1.0 / L0 + eta * gamma ** 2 * np.asarray(t, dtype=float) / 2) / gamma


def norm_upper(w0: float, L0: float, eta: float, gamma: float, B: float, t: np.ndarray) -> np.ndarray:
    """``||w_t|| <= ||w_0|| + eta B L_0 + (2B / gamma^2) log(1 + eta gamma^2 L_0 (t - 1) / 2)`` for
    ``t >= 1``: ``||w_t|| <= ||w_0|| + sum_{u<t} eta G_u``, ``G_u <= B L_u`` and the loss rate, the sum
    over ``u >= 1`` bounded by an integral."""
    t = np.asarray(t, dtype=float)
    return w0 + eta * B * L0 + (2 * B / gamma ** 2) * np.log1p(eta * gamma ** 2 * L0 * (t - 1) / 2)


def margin_gap_rate(w0: float, L0: float, eta: float, gamma: float, B: float,
                    t: np.ndarray) -> np.ndarray:
    """``gamma - min_i <w_t, z_i> / ||w_t|| <= gamma K_+ / log(1/L_0 + eta gamma^2 t / 2)`` with
    ``K = gamma ||w_0|| + eta B^2 L_0 + log L_0``, where the logarithm is positive (``inf``
    elsewhere).  From (8.33): the gap is at most ``(gamma ||w_0|| + sum_u eta^2 B^2 G_u^2 / 2
    + log L_0) / ||w_t||``, the sum is at most ``eta B^2 L_0`` (``sum_u eta G_u^2 <= 2 L_0``), and
    ``||w_t||`` is at least :func:`norm_lower`."""
    K = max(gamma * w0 + eta * B ** 2 * L0 + np.log(L0), 0.0)
    arg = np.log(1.0 / L0 + eta * gamma ** 2 * np.asarray(t, dtype=float) / 2)
    with np.errstate(divide="ignore"):
        return np.where(arg > 0, gamma * K / np.where(arg > 0, arg, 1.0), np.inf)


def worst_index(lhs: np.ndarray, rhs: np.ndarray, tol: np.ndarray | float = 0.0) -> int:
    """The index where ``lhs <= rhs + tol`` is closest to failing (largest ratio
    ``1 + (lhs - rhs - tol) / |rhs + tol|``, the ratio of :func:`checks.claim.le`); NaN counts as worst."""
    lhs, bound = np.asarray(lhs, dtype=float), np.asarray(rhs, dtype=float) + tol
    scale = np.where(bound != 0, np.abs(bound), 1.0)
    with np.errstate(invalid="ignore", over="ignore"):
        r = 1 + (lhs - bound) / scale
    r = np.where(np.isnan(r), np.inf, r)
    return int(np.argmax(r))
