"""Least squares through the SVD: the minimum-norm solution, numerical rank, projectors, and the
first-order iterations (gradient descent, sign descent, Adam) run on ``f(w) = ||X w - y||^2 / 2``.

The Moore–Penrose pseudoinverse solution ``A⁺ b`` is the least-squares solution of least Euclidean
norm; it is computed from the thin SVD ``A = U diag(s) Vᵀ`` by inverting only the singular values
above the rank cutoff ``rcond * s_max`` (default ``rcond = eps * max(m, n)``, the cutoff of
``numpy.linalg.matrix_rank`` and of ``numpy.linalg.lstsq(rcond=None)``).
"""

from __future__ import annotations

import numpy as np

EPS = float(np.finfo(float).eps)
"""Machine epsilon of float64, ``2**-52`` (twice the unit roundoff)."""


def _matrix(A: np.ndarray, name: str = "A") -> np.ndarray:
    A = np.asarray(A, dtype=float)
    if A.ndim != 2:
        raise ValueError(f"{name} must be a 2-d matrix, got shape {A.shape}")
    if A.size == 0:
        raise ValueError(f"{name} is empty (shape {A.shape})")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{name} has non-finite entries")
    return A


def default_rcond(A: np.ndarray) -> float:
    """The relative rank cutoff ``eps * max(m, n)`` used when ``rcond`` is None."""
    return EPS * max(np.shape(A))


def _svd(A: np.ndarray, rcond: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Thin SVD and the numerical rank ``r = #{i : s_i > rcond * s_max}``."""
    A = _matrix(A)
    if rcond is None:
        rcond = default_rcond(A)
    if not 0 <= rcond < 1:
        raise ValueError(f"rcond must lie in [0, 1), got {rcond}")
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    if s.size == 0 or s[0] == 0:
        return U, s, Vt, 0
    r = int(np.sum(s > rcond * s[0]))
    return U, s, Vt, r


def numerical_rank(A: np.ndarray, rcond: float | None = None) -> int:
    """Number of singular values above ``rcond * s_max`` (default ``rcond = eps * max(m, n)``)."""
    return _svd(A, rcond)[3]


def nonzero_singular_values(A: np.ndarray, rcond: float | None = None) -> np.ndarray:
    """The singular values above the rank cutoff, in decreasing order."""
    _, s, _, r = _svd(A, rcond)
    return s[:r]


def min_norm_solution(A: np.ndarray, b: np.ndarray, rcond: float | None = None) -> np.ndarray:
    """``A⁺ b``: among the minimizers of ``||A x - b||`` the one of least norm (column by column
    for a matrix ``b``).  Works for tall, wide and rank-deficient ``A``; singular values at or below
    ``rcond * s_max`` are treated as zero."""
    A = _matrix(A)
    b = np.asarray(b, dtype=float)
    if b.ndim not in (1, 2) or b.shape[0] != A.shape[0]:
        raise ValueError(f"b must have {A.shape[0]} rows to match A of shape {A.shape}, got {b.shape}")
    U, s, Vt, r = _svd(A, rcond)
    coeff = (U[:, :r].T @ b) / (s[:r] if b.ndim == 1 else s[:r, None])
    return Vt[:r].T @ coeff


def pseudoinverse(A: np.ndarray, rcond: float | None = None) -> np.ndarray:
    """The Moore–Penrose pseudoinverse ``A⁺ = V_r diag(1/s_r) U_rᵀ``."""
    A = _matrix(A)
    return min_norm_solution(A, np.eye(A.shape[0]), rcond)


def row_space_projector(A: np.ndarray, rcond: float | None = None) -> np.ndarray:
    """``P = A⁺ A = V_r V_rᵀ``, the orthogonal projector onto ``row(A) = range(Aᵀ)``."""
    _, _, Vt, r = _svd(A, rcond)
    return Vt[:r].T @ Vt[:r]


def null_space_projector(A: np.ndarray, rcond: float | None = None) -> np.ndarray:
    """``I - A⁺ A``, the orthogonal projector onto ``null(A)``."""
    A = _matrix(A)
    return np.eye(A.shape[1]) - row_space_projector(A, rcond)


def _problem(X: np.ndarray, y: np.ndarray, w0: np.ndarray | None, steps: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = _matrix(X, "X")
    y = np.asarray(y, dtype=float)
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), got {y.shape}")
    w = np.zeros(X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    if w.shape != (X.shape[1],):
        raise ValueError(f"w0 must have shape ({X.shape[1]},), got {w.shape}")
    if not (isinstance(steps, (int, np.integer)) and steps >= 0):
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    return X, y, w


def _positive(value: float, name: str) -> None:
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}")


def gd_least_squares(X: np.ndarray, y: np.ndarray, eta: float, steps: int,
                     w0: np.ndarray | None = None) -> np.ndarray:
    """Gradient descent ``w_{t+1} = w_t - eta Xᵀ(X w_t - y)`` on ``||X w - y||^2 / 2``.

    Returns all iterates as an array of shape ``(steps + 1, d)``, row ``t`` being ``w_t``
    (``w0`` defaults to 0).  No step-size condition is imposed: a large ``eta`` diverges."""
    X, y, w = _problem(X, y, w0, steps)
    _positive(eta, "eta")
    out = np.empty((steps + 1, w.size))
    out[0] = w
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            w = w - eta * (X.T @ (X @ w - y))
            out[t + 1] = w
    return out


def _geometric_sums(lam: np.ndarray, eta: float, t: int) -> np.ndarray:
    """``sum_{j<t} eta (1 - eta lam)^j`` for each ``lam >= 0``: ``(1 - q^t) / lam`` with
    ``q = 1 - eta lam``, and ``eta t`` where ``lam = 0``.  ``1 - q^t`` is formed with ``expm1`` of
    ``t log|q|`` so that it keeps its relative accuracy when ``q^t`` is close to 1."""
    x = eta * lam
    q = 1.0 - x  # exact for x in [1/2, 2] (Sterbenz); log1p below keeps accuracy for small x
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_abs_q = np.where(x < 0.5, np.log1p(-np.minimum(x, 0.5)), np.log(np.abs(q)))
        qt_positive = (q > 0) | ((q < 0) & (t % 2 == 0))
        one_minus_qt = np.where(qt_positive, -np.expm1(t * log_abs_q), 1.0 + np.exp(t * log_abs_q))
        return np.where(lam > 0, one_minus_qt / np.where(lam > 0, lam, 1.0), eta * t)


def gd_closed_form(X: np.ndarray, y: np.ndarray, eta: float, steps: int,
                   w0: np.ndarray | None = None, rcond: float | None = None) -> np.ndarray:
    """The GD iterate ``w_t`` (``t = steps``) in closed form,

    ``w_t = (I - eta XᵀX)^t w0 + sum_{j<t} (I - eta XᵀX)^j eta Xᵀ y``,

    summed as a geometric series along each right singular direction of ``X = U diag(s) Vᵀ``:
    ``w_t = w0 + V diag(sum_{j<t} eta (1 - eta s_i^2)^j) Vᵀ Xᵀ (y - X w0)``.  Singular values at or
    below the rank cutoff count as zero (those directions move by ``eta t`` times a negligible
    gradient component, as in the iteration)."""
    X, y, w = _problem(X, y, w0, steps)
    _positive(eta, "eta")
    if steps == 0:
        return w
    _, s, Vt, r = _svd(X, rcond)
    lam = np.where(np.arange(s.size) < r, s ** 2, 0.0)
    return w + Vt.T @ (_geometric_sums(lam, eta, steps) * (Vt @ (X.T @ (y - X @ w))))


def sign_gd_least_squares(X: np.ndarray, y: np.ndarray, steps: int,
                          w0: np.ndarray | None = None) -> np.ndarray:
    """Sign descent, steepest descent for the l∞ norm: ``w_{t+1} = w_t - (||g_t||_1 / L) sign(g_t)``
    with ``g_t = Xᵀ(X w_t - y)`` and ``L = sum_ij |(XᵀX)_ij| >= max_{||v||_∞ <= 1} vᵀXᵀXv``, so each
    step decreases the loss by at least ``||g_t||_1^2 / (2L)``.  Returns the final iterate."""
    X, y, w = _problem(X, y, w0, steps)
    H = X.T @ X
    L = float(np.abs(H).sum())
    if L == 0:
        return w
    b = X.T @ y
    for _ in range(steps):
        g = H @ w - b
        w = w - (np.abs(g).sum() / L) * np.sign(g)
    return w


def adam_least_squares(X: np.ndarray, y: np.ndarray, eta: float, steps: int,
                       w0: np.ndarray | None = None, beta1: float = 0.9, beta2: float = 0.999,
                       eps: float = 1e-8) -> np.ndarray:
    """Adam (Kingma & Ba, bias-corrected moments) on ``||X w - y||^2 / 2``.  Returns the final
    iterate."""
    X, y, w = _problem(X, y, w0, steps)
    _positive(eta, "eta")
    if not (0 <= beta1 < 1 and 0 <= beta2 < 1):
        raise ValueError(f"beta1, beta2 must lie in [0, 1), got {beta1}, {beta2}")
    _positive(eps, "eps")
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        g = X.T @ (X @ w - y)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w = w - eta * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)
    return w


def min_l1_interpolant(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A solution of basis pursuit ``min ||x||_1 s.t. A x = b``.

    The linear program ``min 1ᵀ(u + v) s.t. A(u - v) = b, u, v >= 0`` (HiGHS) finds an optimal
    vertex; its support ``S`` is then re-solved as ``x_S = A_S⁺ b`` to full floating-point accuracy
    (the LP's own tolerances are about 1e-7), keeping the polished point only if it is as feasible
    and no larger in l1 norm.  Raises ValueError if ``A x = b`` has no solution."""
    from scipy.optimize import linprog

    A = _matrix(A)
    b = np.asarray(b, dtype=float)
    if b.shape != (A.shape[0],):
        raise ValueError(f"b must have shape ({A.shape[0]},), got {b.shape}")
    d = A.shape[1]
    res = linprog(np.ones(2 * d), A_eq=np.hstack([A, -A]), b_eq=b, bounds=(0, None), method="highs")
    if res.status != 0:
        raise ValueError(f"basis pursuit failed ({res.message}); is A x = b consistent?")
    x = res.x[:d] - res.x[d:]
    support = np.abs(x) > 1e-9 * max(float(np.abs(x).max()), 1e-300)
    if not support.any():
        return x
    polished = np.zeros(d)
    polished[support] = min_norm_solution(A[:, support], b)
    scale = np.linalg.norm(b) + 1e-300
    feasible = np.linalg.norm(A @ polished - b) <= max(np.linalg.norm(A @ x - b), 1e-12 * scale)
    if feasible and np.abs(polished).sum() <= np.abs(x).sum() * (1 + 1e-9):
        return polished
    return x
