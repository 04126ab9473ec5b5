"""Gradient descent on least squares converges to the interpolant closest to its initialization.

Statement.  Let ``X ∈ R^{n×d}`` (any shape and rank), ``y ∈ range(X)``, and run GD on
``f(w) = ||X w - y||^2 / 2``, ``w_{t+1} = w_t - eta Xᵀ(X w_t - y)``, with ``0 < eta < 2 / s_max(X)^2``.
- From ``w_0 = 0`` the iterates are ``w_t = sum_{j<t} (I - eta XᵀX)^j eta Xᵀ y``, stay in ``row(X)``,
  and converge to ``X⁺y = argmin{||w|| : X w = y}`` at the rate
  ``||w_t - X⁺y|| <= rho^t ||w_0 - X⁺y||``, ``rho = max_{s_i > 0} |1 - eta s_i^2| < 1``.
  (For full row rank, ``X⁺y = Xᵀ(XXᵀ)⁻¹y``.)  For an inconsistent ``y`` GD still converges to
  ``X⁺y``, the least-squares solution of least norm, but no longer interpolates.
- From any ``w_0``: ``w_t - w_0 ∈ row(X)`` for all ``t`` (the null-space part of ``w_0`` never moves)
  and ``w_t → X⁺y + (I - X⁺X) w_0 = argmin{||w - w_0|| : X w = y}``, at the same rate.
- As printed in one source, "GD converges to the minimum-norm interpolant under standard
  initialization" is false: a random ``w_0`` keeps its null-space component (audit claim below).

Sources.  Zhao, *From Approximation to Emergence*, Lemma 6.2 and §6.2 (ZHAO-42: the hypothesis "if
x(t) converges" is redundant, and the restriction n < m is not needed); Teng, Wang, Zhang,
*Theoretical Machine Learning*, §12.2 (TENG-59: the step-size and consistency assumptions are left
implicit); *The Mathematical Structure of Machine Learning*, Ch. 24: definitions and the
minimum-norm theorem (MSML-9, MSML-15), the implicit-bias theorem (MSML-17), Example 2 (MSML-26),
the gradient-flow remark and App. B (MSML-278); Arora et al., *Theory of Deep Learning*, §3.1
eqs. (3.1)-(3.5) (ARORA-33, ARORA-34: the printed step condition eta < 1/lambda_max is sufficient,
eta < 2/lambda_max is the sharp one) and Proposition 8.1.1 (ARORA-527: its loss is
``sum_i (wᵀx_i - y_i)^2``, twice ours, so its step condition reads eta < 1/lambda_max).

Why the null-space component never moves (a worked line).  The gradient is
``∇f(w) = Xᵀ(X w - y)``, a vector of the form ``Xᵀz``, so it lies in ``row(X) = range(Xᵀ)``.  Write
``N = I - X⁺X`` for the orthogonal projector onto ``null(X)``; since ``N Xᵀ = (X N)ᵀ = 0``,
``N w_{t+1} = N w_t - eta N Xᵀ(X w_t - y) = N w_t``.  So every iterate has the null-space part of
``w_0`` (zero when ``w_0 = 0``).  On ``row(X)`` the error ``e_t = w_t - w_∞`` obeys
``e_{t+1} = (I - eta XᵀX) e_t`` (because ``Xᵀ(X w_∞ - y) = 0``), and along the right singular
vector ``v_i`` this multiplies by ``1 - eta s_i^2``, of modulus at most ``rho`` when
``0 < eta s_i^2 < 2``: the contraction bound is attained when ``e_0`` lies along the slowest ``v_i``.
Example: ``X = [1 0]``, ``y = 1``, ``w_0 = (0, 1)`` converges to ``(1, 1)``, not to ``X⁺y = (1, 0)``.

Finite statements and tolerances.  The limits are checked through bounds at every step
``t = 1..T`` (``T <= 300``): the rate bound, a non-increasing distance to the limit, the residual
``||X w_t - y|| <= s_max rho^t ||w_0 - w_∞||``, the null-space invariant and the closed form.  Each
comparison carries a tolerance derived from a rounding analysis (``eps = 2^-52``):
- one computed GD step deviates from the exact step by at most
  ``delta_t = (n + d + 4) eps (1 + eta ||X||_F^2) (||w_t|| + ||y|| / ||X||_F)`` (two matrix-vector
  products and an update); these deviations propagate through ``I - eta XᵀX``, of norm
  ``m = max(1, max_i |1 - eta s_i^2|)``, so ``acc_t = m acc_{t-1} + delta_{t-1}``;
- the SVD-computed ``X⁺y`` is within ``err = 4 (n + d) eps kappa (||X⁺y|| + ||y|| / s_max
  + kappa ||y - X X⁺y|| / s_max)`` of the exact one (backward stability of the SVD and the
  perturbation bound for minimum-norm least squares; ``kappa = s_max / s_min`` over the nonzero
  spectrum), and the computed projector ``I - X⁺X`` within ``4 (n + d) eps kappa`` (the sin-theta bound
  with gap ``s_min``);
- the computed ``rho`` is within ``drho = 2 (n + d) eps eta s_max^2 + eps``, which moves ``rho^t`` by at
  most ``t drho max(1, rho + drho)^(t-1)``.
The rank cutoff for the spectrum is ``1e-8 s_max``: the strategies plant nonzero singular values
``>= 1e-3 s_max`` while the "zero" ones of a planted rank-deficient matrix are rounding, ``~ eps s_max``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, close, le
from checks.documents import ARORA, MSML, TENG, ZHAO
from checks.linalg import (EPS, adam_least_squares, gd_closed_form, gd_least_squares, min_l1_interpolant,
                           min_norm_solution, nonzero_singular_values, null_space_projector,
                           sign_gd_least_squares)
from checks.strategies.designs import LeastSquares, least_squares


RCOND = 1e-8
"""Relative rank cutoff: planted nonzero singular values are >= 1e-3 s_max, rounding ones ~ eps s_max."""
ADAM_STEPS = SIGN_STEPS = 1000


@dataclass(frozen=True)
class GDRun:
    """A GD run on an instance with everything its bounds need."""

    inst: LeastSquares
    W: np.ndarray            # iterates w_0..w_T, shape (T + 1, d)
    w_dag: np.ndarray        # X⁺y
    s: np.ndarray            # nonzero singular values, decreasing
    rho: float               # max_{s_i > 0} |1 - eta s_i^2|
    acc: np.ndarray          # acc[t]: bound on the accumulated rounding in w_t
    delta: np.ndarray        # delta[t]: rounding bound of the step w_t -> w_{t+1}
    err_dag: float           # bound on ||computed X⁺y - X⁺y||
    proj_err: float          # bound on ||computed (I - X⁺X) - (I - X⁺X)||
    drho: float              # bound on the error of the computed rho

    @property
    def n(self) -> int:
        return self.inst.X.shape[0]

    @property
    def d(self) -> int:
        return self.inst.X.shape[1]

    @property
    def fro(self) -> float:
        return float(np.linalg.norm(self.inst.X))

    @property
    def kappa(self) -> float:
        return float(self.s[0] / self.s[-1])

    @property
    def steps(self) -> int:
        return self.W.shape[0] - 1

    def rho_slack(self, dist0: float) -> np.ndarray:
        """Per t, the bound ``t drho max(1, rho + drho)^(t-1) ||e_0||`` on the effect of an error in rho."""
        t = np.arange(self.steps + 1)
        return t * self.drho * max(1.0, self.rho + self.drho) ** np.maximum(t - 1, 0) * dist0


def min_norm_with_error(X: np.ndarray, b: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, float]:
    """``X⁺b`` and the bound ``4 (n + d) eps kappa (||X⁺b|| + ||b|| / s_max + kappa ||b - X X⁺b|| / s_max)``
    on its error (SVD backward stability and the minimum-norm least-squares perturbation bound)."""
    x = min_norm_solution(X, b, rcond=RCOND)
    kappa = s[0] / s[-1]
    err = 4 * sum(X.shape) * EPS * kappa * (np.linalg.norm(x) + np.linalg.norm(b) / s[0]
                                            + kappa * np.linalg.norm(b - X @ x) / s[0])
    return x, float(err)


def gd_run(inst: LeastSquares) -> GDRun:
    """Run GD on the instance and derive the rounding bounds (see the module docstring)."""
    X, y, eta = inst.X, inst.y, inst.eta
    n, d = X.shape
    W = gd_least_squares(X, y, eta, inst.steps, inst.w0)
    s = nonzero_singular_values(X, rcond=RCOND)
    w_dag, err_dag = min_norm_with_error(X, y, s)
    fro = float(np.linalg.norm(X))
    rho = float(np.max(np.abs(1 - eta * s ** 2)))
    m = max(1.0, rho)  # ||I - eta XᵀX||_2 on the whole space (eigenvalue 1 on null(X))
    delta = (n + d + 4) * EPS * (1 + eta * fro ** 2) * (np.linalg.norm(W, axis=1) + np.linalg.norm(y) / fro)
    acc = np.zeros(W.shape[0])
    for t in range(1, W.shape[0]):
        acc[t] = m * acc[t - 1] + delta[t - 1]
    return GDRun(inst, W, w_dag, s, rho, acc, delta, err_dag, float(4 * (n + d) * EPS * s[0] / s[-1]),
                 float(2 * (n + d) * EPS * eta * s[0] ** 2 + EPS))


# --- shared checks ------------------------------------------------------------------------------------

def _worst(lhs: np.ndarray, rhs: np.ndarray, tol: np.ndarray) -> int:
    """The step t >= 1 with the largest ratio lhs / (rhs + tol)."""
    ratio = lhs[1:] / np.maximum(rhs[1:] + tol[1:], np.finfo(float).tiny)
    return 1 + int(np.argmax(ratio))


def convergence_checks(run: GDRun, target: np.ndarray, err_target: float, name: str) -> list[Check]:
    """GD converges to ``target`` at rate rho: ``||w_t - target|| <= rho^t ||w_0 - target||`` and the
    distance never increases, for every ``t = 1..T``."""
    dist = np.linalg.norm(run.W - target, axis=1)
    t = np.arange(run.steps + 1)
    rhs = run.rho ** t * dist[0]
    tol = run.acc + err_target * (1 + run.rho ** t) + run.rho_slack(dist[0])
    k = _worst(dist, rhs, tol)
    prev = np.concatenate([[np.inf], dist[:-1]])
    mono_tol = np.concatenate([[0.0], run.delta[:-1]]) + 2 * err_target
    j = _worst(dist, prev, mono_tol)
    return [le(dist[k], rhs[k], tol[k], label=f"||w_t - {name}|| <= rho^t ||w_0 - {name}||, "
               f"rho = {run.rho:.6g}, t = {k} of {run.steps}",
               why="accumulated rounding acc_t + error of the limit (1 + rho^t) + t drho ||e_0||"),
            le(dist[j], dist[j - 1], mono_tol[j], label=f"||w_t - {name}|| <= ||w_(t-1) - {name}||, "
               f"t = {j}", why="rounding of one step delta_(t-1) + 2 x error of the limit")]


def invariant_check(run: GDRun) -> Check:
    """``w_t - w_0 ∈ row(X)``: its null-space component stays zero at every step."""
    N = null_space_projector(run.inst.X, rcond=RCOND)
    moved = run.W - run.inst.w0
    null = np.linalg.norm(moved @ N, axis=1)
    tol = run.acc + run.proj_err * np.linalg.norm(moved, axis=1) + EPS
    k = _worst(null, np.zeros_like(null), tol)
    return le(null[k], 0.0, tol[k], label=f"||(I - X⁺X)(w_t - w_0)|| = 0, t = {k} of {run.steps}",
              why="accumulated rounding acc_t + projector error 4(n+d) eps kappa ||w_t - w_0|| + eps")


def closed_form_checks(run: GDRun, w0: np.ndarray | None, shift: int = 0) -> list[Check]:
    """``w_t = (I - eta XᵀX)^t w_0 + sum_{j<t} (I - eta XᵀX)^j eta Xᵀ y`` at ``t = 1`` and ``t = T``
    (``w0 = None`` drops the first term; ``shift`` moves the upper summation index)."""
    inst = run.inst
    X, y, eta = inst.X, inst.y, inst.eta
    out = []
    for t in sorted({1, run.steps}):
        formula = gd_closed_form(X, y, eta, t + shift, w0, rcond=RCOND)
        phi = (min(t * eta * run.s[0], 2 / run.s[-1]) if run.rho <= 1
               else t * eta * run.s[0] * run.rho ** (t - 1))  # max_i s_i sum_{j<t} eta |1 - eta s_i^2|^j
        r0 = run.fro * np.linalg.norm(inst.w0) + np.linalg.norm(y)
        tol = run.acc[t] + run.proj_err * (np.linalg.norm(inst.w0) + phi * r0) + EPS
        out.append(close(run.W[t], formula, tol, label=f"w_t = closed form, t = {t}",
                         why="acc_t + 4(n+d) eps kappa (||w_0|| + Phi_t (||X||_F ||w_0|| + ||y||))"))
    return out


def residual_check(run: GDRun) -> Check:
    """``||X w_t - y|| <= s_max rho^t ||w_0 - X⁺y||`` (GD interpolates in the limit)."""
    inst = run.inst
    X, y = inst.X, inst.y
    res = np.linalg.norm(run.W @ X.T - y, axis=1)
    dist0 = np.linalg.norm(inst.w0 - run.w_dag)
    t = np.arange(run.steps + 1)
    rhs = run.s[0] * run.rho ** t * dist0
    # y = fl(X w*) is in range(X) only up to (d + 1) eps ||X||_F ||w*||, with ||w*|| ~ ||X⁺y||
    tol = (run.s[0] * (run.acc + run.err_dag * (1 + run.rho ** t) + run.rho_slack(dist0))
           + (run.d + 1) * EPS * (run.fro * np.linalg.norm(run.W, axis=1) + np.linalg.norm(y))
           + (run.d + 1) * EPS * run.fro * np.linalg.norm(run.w_dag))
    k = _worst(res, rhs, tol)
    return le(res[k], rhs[k], tol[k], label=f"||X w_t - y|| <= s_max rho^t ||w_0 - X⁺y||, t = {k}",
              why="s_max (acc_t + limit error + rho error) + residual rounding + consistency rounding of y")


def pinv_formula_check(run: GDRun) -> list[Check]:
    """For full row rank, ``X⁺y = Xᵀ(XXᵀ)⁻¹y``."""
    X, y = run.inst.X, run.inst.y
    if run.s.size != run.n:
        return []
    alpha = np.linalg.solve(X @ X.T, y)
    tol = (run.s[0] * 4 * (run.n + 1) * EPS * run.kappa ** 2 * np.linalg.norm(alpha)
           + (run.n + 1) * EPS * run.fro * np.linalg.norm(alpha) + run.err_dag)
    return [close(X.T @ alpha, run.w_dag, tol, label="X⁺y = Xᵀ(XXᵀ)⁻¹y (full row rank)",
                  why="solve error s_max 4(n+1) eps kappa^2 ||alpha|| + product rounding + error of X⁺y")]


# --- claim 1: from zero, the minimum-norm solution --------------------------------------------------

def min_norm_from_zero(inst: LeastSquares) -> list[Check]:
    run = gd_run(inst)
    return (convergence_checks(run, run.w_dag, run.err_dag, "X⁺y") + [residual_check(run), invariant_check(run)]
            + closed_form_checks(run, None) + pinv_formula_check(run))


def _optimizer_check(inst: LeastSquares, w: np.ndarray, method: str) -> Check:
    """Every ``w ∈ row(X)`` has ``||w - X⁺y|| <= ||X w - y|| / s_min`` for consistent ``y``; a method
    whose limit is ``X⁺y`` must satisfy it near interpolation."""
    X, y = inst.X, inst.y
    s = nonzero_singular_values(X, rcond=RCOND)
    w_dag, err_dag = min_norm_with_error(X, y, s)
    d = X.shape[1]
    fro = float(np.linalg.norm(X))
    tol = err_dag + (d + 1) * EPS * (fro * (np.linalg.norm(w) + np.linalg.norm(w_dag)) + np.linalg.norm(y)) / s[-1]
    return le(np.linalg.norm(w - w_dag), np.linalg.norm(X @ w - y) / s[-1], tol,
              label=f"{method}: ||w - X⁺y|| <= ||X w - y|| / s_min (w in row(X))",
              why="error of X⁺y + ((d+1) eps residual rounding and consistency of y) / s_min")


def adam_reaches_min_norm(inst: LeastSquares) -> Check:
    scale = max(float(np.max(np.abs(min_norm_solution(inst.X, inst.y, rcond=RCOND)))), 1e-3)
    w = adam_least_squares(inst.X, inst.y, 0.01 * scale, ADAM_STEPS, inst.w0)
    return _optimizer_check(inst, w, f"Adam ({ADAM_STEPS} steps, lr = 0.01 max|X⁺y|)")


def sign_descent_reaches_min_norm(inst: LeastSquares) -> Check:
    w = sign_gd_least_squares(inst.X, inst.y, SIGN_STEPS, inst.w0)
    return _optimizer_check(inst, w, f"sign descent ({SIGN_STEPS} steps)")


def limit_is_min_l1(inst: LeastSquares) -> list[Check]:
    run = gd_run(inst)
    w1 = min_l1_interpolant(inst.X, inst.y)
    support = w1 != 0
    _, err_w1 = min_norm_with_error(inst.X[:, support], inst.y,
                                    nonzero_singular_values(inst.X[:, support], rcond=RCOND))
    return convergence_checks(run, w1, run.err_dag + err_w1, "argmin_(Xw=y) ||w||_1")


def limit_is_ridge(inst: LeastSquares) -> list[Check]:
    run = gd_run(inst)
    lam = run.s[-1] ** 2
    # the ridge solution is the least-squares solution of [X; sqrt(lam) I] w = [y; 0]
    A = np.vstack([inst.X, np.sqrt(lam) * np.eye(run.d)])
    ridge, err_ridge = min_norm_with_error(A, np.concatenate([inst.y, np.zeros(run.d)]),
                                           nonzero_singular_values(A, rcond=RCOND))
    return convergence_checks(run, ridge, run.err_dag + err_ridge, "ridge(lambda = s_min^2)")


MIN_NORM = Claim(
    id="gd-least-squares-min-norm",
    title="GD on least squares from zero converges to the minimum-norm solution X⁺y",
    statement="for any X, y in range(X), w_0 = 0 and 0 < eta < 2/s_max(X)^2, GD on ||Xw - y||^2/2 has "
              "w_t = sum_{j<t} (I - eta XᵀX)^j eta Xᵀy in row(X) and ||w_t - X⁺y|| <= rho^t ||X⁺y|| with "
              "rho = max_{s_i>0} |1 - eta s_i^2| < 1, so w_t -> X⁺y = argmin{||w|| : Xw = y} "
              "(= Xᵀ(XXᵀ)⁻¹y for full row rank) and X w_t -> y",
    sources=[Source(ZHAO, "Lemma 6.2, §6.2", ("ZHAO-42",)),
             Source(TENG, "§12.2, theorem on underdetermined least squares", ("TENG-59",)),
             Source(MSML, "Minimum-Norm Interpolating Solution Theorem; Implicit Bias of GD in Linear "
                          "Models; gradient-flow remark and App. B", ("MSML-15", "MSML-17", "MSML-278")),
             Source(ARORA, "§3.1, eqs. (3.1)-(3.5)", ("ARORA-33", "ARORA-34"))],
    kind="proxy",
    proxy="the limit w_t -> X⁺y (and X w_t -> y) is represented by bounds at every step t = 1..T <= 300: "
          "||w_t - X⁺y|| <= rho^t ||X⁺y|| with rho < 1, a non-increasing distance to X⁺y, "
          "||X w_t - y|| <= s_max rho^t ||X⁺y||, w_t in row(X), and the closed form at t = 1 and T",
    area="implicit-bias",
    instances=least_squares(init="zero"),
    conclusion=min_norm_from_zero,
    proof_idea="The gradient Xᵀ(Xw - y) lies in row(X), so from 0 every iterate does; the only interpolant in "
               "row(X) is X⁺y, the one of least norm. The error e_t = w_t - X⁺y obeys e_(t+1) = "
               "(I - eta XᵀX) e_t and shrinks by |1 - eta s_i^2| <= rho along each singular direction.",
    mutants=[
        Mutant("step-at-least-2-over-smax2",
               "with eta s_max^2 in (2, 3] the error along the top singular direction is multiplied by "
               "|1 - eta s_max^2| > 1 at every step, so the distance to X⁺y grows",
               instances=least_squares(init="zero", step=(2.0, 3.0), tight=False)),
        Mutant("interpolates-inconsistent-y",
               "for y off range(X) GD still converges to X⁺y, but X X⁺y - y is the nonzero residual of y "
               "off range(X), so X w_t does not tend to y",
               instances=least_squares(init="zero", consistent=False, tight=False)),
        Mutant("adam-reaches-min-norm",
               "Adam's coordinate-wise scaling moves w off row(X) (for d > rank X), so it reaches another "
               "interpolant, farther from X⁺y than its residual allows",
               conclusion=adam_reaches_min_norm),
        Mutant("sign-descent-reaches-min-norm",
               "sign descent steps along sign vectors, which leave row(X) when d > rank X, and settles on "
               "another interpolant (for X = [1 2], y = 1 on (1/3, 1/3), not (1/5, 2/5))",
               conclusion=sign_descent_reaches_min_norm),
        Mutant("limit-is-min-l1",
               "GD picks the least l2 norm; the least l1 norm interpolant is sparse and differs "
               "(X = [1 2], y = 1: (0, 1/2) against (1/5, 2/5))",
               conclusion=limit_is_min_l1),
        Mutant("limit-is-ridge",
               "the ridge solution with lambda = s_min^2 shrinks the bottom singular component by half; "
               "GD without weight decay converges to X⁺y",
               conclusion=limit_is_ridge),
    ],
    examples=300,
)
test_gd_least_squares_min_norm = MIN_NORM.test()


# --- claim 2: from any init, the interpolant closest to w_0 ------------------------------------------

def _limit_from_init(run: GDRun) -> tuple[np.ndarray, float]:
    """``X⁺y + (I - X⁺X) w_0`` and a bound on its computation error."""
    w0 = run.inst.w0
    N = null_space_projector(run.inst.X, rcond=RCOND)
    return run.w_dag + N @ w0, run.err_dag + (run.proj_err + EPS) * float(np.linalg.norm(w0))


def closest_to_init(inst: LeastSquares) -> list[Check]:
    run = gd_run(inst)
    limit, err = _limit_from_init(run)
    X, y, w0 = inst.X, inst.y, inst.w0
    b = y - X @ w0
    step, err_step = min_norm_with_error(X, b, run.s)
    # b itself carries (d + 1) eps (||X||_F ||w_0|| + ||y||) of rounding, amplified by ||X⁺|| = 1/s_min
    err_proj = err_step + (run.d + 1) * EPS * (run.fro * np.linalg.norm(w0) + np.linalg.norm(y)) / run.s[-1]
    return (convergence_checks(run, limit, err, "w_inf") + [invariant_check(run)]
            + [close(limit, w0 + step, err + err_proj + EPS * np.linalg.norm(w0 + step),
                     label="w_inf = X⁺y + (I - X⁺X) w_0 equals w_0 + X⁺(y - X w_0), the projection of w_0",
                     why="error bounds of both formulas")]
            + closed_form_checks(run, w0))


def limit_plus_whole_init(inst: LeastSquares) -> list[Check]:
    run = gd_run(inst)
    return convergence_checks(run, run.w_dag + inst.w0, run.err_dag + EPS * np.linalg.norm(inst.w0), "(X⁺y + w_0)")


def closed_form_drops_init(inst: LeastSquares) -> list[Check]:
    return closed_form_checks(gd_run(inst), None)


def closed_form_off_by_one(inst: LeastSquares) -> list[Check]:
    return closed_form_checks(gd_run(inst), inst.w0, shift=1)


CLOSEST = Claim(
    id="gd-least-squares-closest-to-init",
    title="GD on least squares converges to the interpolant closest to its initialization",
    statement="for any X, y in range(X), any w_0 and 0 < eta < 2/s_max(X)^2, GD keeps w_t - w_0 in row(X) and "
              "converges to X⁺y + (I - X⁺X) w_0 = argmin{||w - w_0|| : Xw = y} at rate rho; "
              "w_t = (I - eta XᵀX)^t w_0 + sum_{j<t} (I - eta XᵀX)^j eta Xᵀy",
    sources=[Source(ZHAO, "Lemma 6.2, general initialization", ("ZHAO-42",)),
             Source(TENG, "§12.2, general w_0 and rate", ("TENG-59",)),
             Source(MSML, "Example 2; App. B, Theorem 11.3", ("MSML-26", "MSML-278")),
             Source(ARORA, "§3.1, eqs. (3.1)-(3.5); Proposition 8.1.1 and eq. (8.1)",
                    ("ARORA-33", "ARORA-34", "ARORA-527"))],
    kind="proxy",
    proxy="the limit w_t -> X⁺y + (I - X⁺X) w_0 is represented by ||w_t - w_inf|| <= rho^t ||w_0 - w_inf|| "
          "with rho < 1 and a non-increasing distance at every t = 1..T <= 300, the invariant "
          "(I - X⁺X)(w_t - w_0) = 0, and the closed form at t = 1 and T",
    area="implicit-bias",
    instances=least_squares(init="random"),
    conclusion=closest_to_init,
    proof_idea="The gradient lies in row(X), so (I - X⁺X) w_t = (I - X⁺X) w_0 for all t; on row(X) the error "
               "contracts as from zero. The limit is the interpolant whose difference from w_0 is in "
               "row(X) = null(X)^⊥, i.e. the orthogonal projection of w_0 onto {w : Xw = y}.",
    mutants=[
        Mutant("limit-plus-whole-init",
               "only the null-space part of w_0 survives; its row-space part is driven to X⁺y, so the limit "
               "is not X⁺y + w_0 unless w_0 is in null(X)",
               conclusion=limit_plus_whole_init),
        Mutant("closed-form-drops-init",
               "without the (I - eta XᵀX)^t w_0 term the formula is the trajectory from 0, which misses w_0 "
               "(its null-space part never decays)",
               conclusion=closed_form_drops_init),
        Mutant("closed-form-off-by-one",
               "summing j = 0..t gives w_(t+1), which differs from w_t by eta times the gradient at w_t",
               conclusion=closed_form_off_by_one),
    ],
    examples=300,
)
test_gd_least_squares_closest_to_init = CLOSEST.test()


# --- audit: "min-norm under standard initialization" ---------------------------------------------

def min_norm_from_standard_init(inst: LeastSquares) -> list[Check]:
    run = gd_run(inst)
    return convergence_checks(run, run.w_dag, run.err_dag, "X⁺y")


STANDARD_INIT = Claim(
    id="gd-min-norm-from-standard-init",
    title="GD in linear models converges to the minimum-norm interpolant under standard initialization (as printed)",
    statement="GD on ||Xw - y||^2/2 with a stable step from a standard (random Gaussian) w_0 converges to "
              "X⁺y = argmin{||w|| : Xw = y}",
    sources=[Source(MSML, "Definitions, Minimum-Norm Solution; gradient-flow remark without initialization",
                    ("MSML-9", "MSML-278"))],
    kind="proxy",
    proxy="the printed limit w_t -> X⁺y is represented by ||w_t - X⁺y|| <= rho^t ||w_0 - X⁺y|| and a "
          "non-increasing distance at every t = 1..T <= 300",
    area="implicit-bias",
    instances=least_squares(init="random", textbook=False),
    conclusion=min_norm_from_standard_init,
    proof_idea="False as printed: (I - X⁺X) w_t = (I - X⁺X) w_0 for all t, so the limit is "
               "X⁺y + (I - X⁺X) w_0, which is X⁺y only when w_0 is in row(X) (e.g. w_0 = 0).",
    audit=True,
    corrected="gd-least-squares-closest-to-init",
    finding="A random initialization has a nonzero null-space component almost surely (when rank X < d), and GD "
            "never changes it: the limit is X⁺y + (I - X⁺X) w_0 = argmin{||w - w_0|| : Xw = y}. Example: "
            "X = [1 0], y = 1, w_0 = (0, 1) converges to (1, 1), not X⁺y = (1, 0). Corrected: from w_0 = 0, or "
            "any w_0 in row(X), GD converges to X⁺y.",
    examples=100,
)
test_gd_min_norm_from_standard_init = STANDARD_INIT.test()


# --- audit: the proof display of Arora et al., Proposition 8.1.1 ---------------------------------

def printed_iterate_sum(inst: LeastSquares) -> Check:
    """ARORA-527's proof display as printed: ``w_t - w_0 = sum_{t' < t} eta w_{t'}`` (GD accumulates
    iterates).  Compared at the step ``t`` where the two sides differ most, with tolerance ``acc_t``
    (rounding of the run) plus ``t eta eps max ||w_t'||`` (rounding of the sum)."""
    run = gd_run(inst)
    W, eta = run.W, inst.eta
    partial = eta * np.cumsum(W[:-1], axis=0)          # row t-1: sum_{t' < t} eta w_{t'}
    gaps = np.linalg.norm((W[1:] - inst.w0) - partial, axis=1)
    t = 1 + int(np.argmax(gaps))
    tol = run.acc[t] + t * eta * EPS * float(np.max(np.linalg.norm(W[:t], axis=1))) + EPS
    return le(gaps[t - 1], 0.0, tol, label=f"||(w_t - w_0) - sum_(t'<t) eta w_t'|| = 0, t = {t}",
              why="acc_t + t eta eps max ||w_t'|| + eps")


PRINTED_ITERATE_SUM = Claim(
    id="gd-displacement-sums-iterates-as-printed",
    title="Arora et al., proof of Prop. 8.1.1: 'w_t - w_0 = sum_{t'<t} eta w_t'' (as printed)",
    statement="GD on least squares satisfies w_t - w_0 = sum_{t' < t} eta w_{t'} for every t",
    sources=[Source(ARORA, "§8.1, proof of Proposition 8.1.1 (line 4217)", ("ARORA-527",))],
    kind="numeric",
    area="implicit-bias",
    instances=least_squares(),
    conclusion=printed_iterate_sum,
    proof_idea="False as printed: GD accumulates gradients, w_t - w_0 = -sum_{t'<t} eta Xᵀ(X w_t' - y), a "
               "vector of row(X); the sum of iterates is not in row(X) in general (from w_0 = 0 the "
               "printed right side is 0 at t = 1 while w_1 = eta Xᵀy).",
    audit=True,
    corrected="gd-least-squares-closest-to-init",
    finding="A typo in the proof: the display sums iterates instead of gradients. Correct: w_t - w_0 = "
            "-sum_{t'<t} eta grad L(w_t'), which lies in span{x_i} = row(X); the proposition itself (the "
            "limit is the interpolant closest to w_0) is true and checked by the corrected claim.",
    examples=20,
)
test_gd_displacement_sums_iterates_as_printed = PRINTED_ITERATE_SUM.test()
