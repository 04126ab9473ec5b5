"""Kernel gradient descent from zero converges to the minimum-RKHS-norm interpolant.

Statement.  Let ``k(x, z) = phi(x) · phi(z)`` (explicit features, ``Phi`` with rows ``phi(x_i)``),
``K = Phi Phiᵀ`` its Gram matrix on ``x_1..x_n`` (any rank), and ``y in range(K)``.  Gradient descent
on ``||Phi w - y||^2 / 2`` written in kernel form, ``alpha_{t+1} = alpha_t - eta (K alpha_t - y)``
(``w_t = Phiᵀ alpha_t``), from ``alpha_0 = 0`` with ``0 < eta < 2 / lambda_max(K)``:
- the primal iterates stay in ``span{phi(x_i)}``: primal GD from ``w_0 = 0`` gives ``w_t = Phiᵀ alpha_t``;
- ``alpha_t -> K⁺y`` with ``||alpha_t - K⁺y|| <= rho^t ||K⁺y||``,
  ``rho = max_{lambda_i(K) > 0} |1 - eta lambda_i| < 1``;
- the limit ``f(x) = sum_i (K⁺y)_i k(x_i, x)`` is the minimum-RKHS-norm interpolant:
  ``Phiᵀ K⁺y = Phi⁺y = argmin{||w|| : Phi w = y}``, ``K K⁺y = y`` and ``||f||_H^2 = yᵀK⁺y``; at fresh
  points ``|phi(x)·w_t - k(x, X) K⁺y| <= ||phi(x)|| rho^t ||Phi⁺y||``;
- from any ``w_0`` the primal iterates converge, at the same rate, to
  ``w_0 + Phi⁺(y - Phi w_0)``: the function ``f_0 + (min-norm interpolant of y - f_0(X))``, which is
  the minimum-norm interpolant of ``y`` only when ``w_0`` has no component off the span.

Sources.  Arora et al., *Theory of Deep Learning*, §3.2 eqs. (3.8)-(3.9) (ARORA-40: the kernel
regression limit ``z(x)ᵀG⁻¹y = sum_i alpha_i K(x, x_i)`` is the minimum-RKHS-norm solution, computable
from the Gram matrix alone; the text assumes ``G`` invertible, we use ``K⁺`` and ``y in range(K)``);
Zhao, *From Approximation to Emergence*, lazy-training results (ZHAO-28 (b)-(d), the linear model
``f(w) = w · phi`` with ``alpha = 1``: the limit is the minimum-norm interpolant closest to ``w_0``,
the predictor is kernel regression with the tangent kernel plus ``f_0``, and the iterates stay in
``w_0 + span`` of the training features).  This is the kernel form of the minimum-norm GD limit
(implicit-bias family); the audit of "GD finds the minimum-RKHS-norm solution" with ``f_0 != 0``
belongs with that family.

Proof idea.  ``w_t = Phiᵀ alpha_t`` by induction (the gradient ``Phiᵀ(Phi w - y)`` is a combination
of the ``phi(x_i)``).  With ``y = K K⁺y``, the error ``e_t = alpha_t - K⁺y`` obeys
``e_{t+1} = (I - eta K) e_t`` and starts in ``range(K)``, where ``I - eta K`` has norm ``rho``.  The
limit ``Phiᵀ K⁺y = Phiᵀ(Phi Phiᵀ)⁺y = Phi⁺y`` is the minimum-norm solution of ``Phi w = y``.

Finite statement (the proxy).  The limit ``t -> inf`` stands as the explicit geometric bound
``||alpha_t - K⁺y|| <= rho^t ||K⁺y||`` with a computed ``rho < 1``, checked at every step
``t = 1..T`` (``T <= 300``), plus the exact identification of ``K⁺y``.  Tolerances
(``eps = 2^-52``): one computed kernel step deviates by at most
``delta_t = (n + 4) eps ((1 + eta ||K||_F) ||alpha_t|| + eta ||y||)``, propagated by
``m = max(1, rho)`` (``acc_t = m acc_{t-1} + delta_{t-1}``); ``y`` is built in ``range(K)`` from the
computed eigenvectors, so its component in the exact null space of ``K`` is at most
``n eps kappa ||y||`` (sin-theta, gap ``lambda_min⁺``), which GD accumulates as ``t eta`` times that;
``K⁺y`` by the SVD is within ``4 n eps kappa (||K⁺y|| + ||y||/lambda_max + kappa ||y - KK⁺y||/lambda_max)``;
``rho`` within ``drho = 2 n eps eta lambda_max + eps``; the primal steps as in the implicit-bias
family; and the kernel formula differs from ``Phi Phiᵀ`` by the computed ``dK = ||K - Phi Phiᵀ||``.
Eigenvalues at or below ``1e-11 lambda_max`` are zero; the draws keep the spectrum out of
``(1e-13, 1e-9) lambda_max``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, close, le
from checks.documents import ARORA, ZHAO
from checks.erm import kernel_gradient_descent
from checks.kernels import kernel_matrix
from checks.linalg import EPS, gd_least_squares, min_norm_solution, nonzero_singular_values
from checks.strategies.kernels import RANK_RCOND, KernelGDProblem, kernel_gd_problems, positive_spectrum

SIGMA_RCOND = float(np.sqrt(RANK_RCOND))
"""The same cutoff for the singular values of ``Phi`` (``sigma^2 = lambda``)."""


@dataclass(frozen=True, eq=False)
class KernelRun:
    """Kernel GD on an instance, its limit and the rounding bounds of the module docstring."""

    inst: KernelGDProblem

    @cached_property
    def K(self) -> np.ndarray:
        return kernel_matrix(self.inst.features, self.inst.X)

    @cached_property
    def Phi(self) -> np.ndarray:
        return self.inst.features(self.inst.X)

    @cached_property
    def s(self) -> np.ndarray:
        return positive_spectrum(self.K)[0]

    @property
    def n(self) -> int:
        return self.K.shape[0]

    @property
    def D(self) -> int:
        return self.Phi.shape[1]

    @property
    def kappa(self) -> float:
        return float(self.s[0] / self.s[-1])

    @property
    def T(self) -> int:
        return self.inst.steps

    @cached_property
    def rho(self) -> float:
        return float(np.max(np.abs(1 - self.inst.eta * self.s)))

    @property
    def drho(self) -> float:
        return 2 * self.n * EPS * self.inst.eta * self.s[0] + EPS

    def rho_slack(self, e0: float) -> np.ndarray:
        """``t drho max(1, rho + drho)^(t-1) ||e_0||``: the effect of an error in the computed rho."""
        t = np.arange(self.T + 1)
        return t * self.drho * max(1.0, self.rho + self.drho) ** np.maximum(t - 1, 0) * e0

    @cached_property
    def dK(self) -> float:
        return float(np.linalg.norm(self.K - self.Phi @ self.Phi.T, 2))

    @cached_property
    def target(self) -> tuple[np.ndarray, float]:
        """``K⁺y`` and the bound on its error."""
        y = self.inst.y
        a = min_norm_solution(self.K, y, rcond=RANK_RCOND)
        err = 4 * self.n * EPS * self.kappa * (np.linalg.norm(a) + np.linalg.norm(y) / self.s[0]
                                               + self.kappa * np.linalg.norm(y - self.K @ a) / self.s[0])
        return a, float(err)

    def dual(self, alpha0: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Kernel-GD iterates from ``alpha0`` and the accumulated rounding ``acc_t`` (plus the drift
        ``t eta n eps kappa ||y||`` of the null-space rounding of ``y``)."""
        inst = self.inst
        A = kernel_gradient_descent(self.K, inst.y, inst.eta, self.T, alpha0)
        fro, ny = float(np.linalg.norm(self.K)), float(np.linalg.norm(inst.y))
        delta = (self.n + 4) * EPS * ((1 + inst.eta * fro) * np.linalg.norm(A, axis=1) + inst.eta * ny)
        m = max(1.0, self.rho)
        acc = np.zeros(self.T + 1)
        for t in range(1, self.T + 1):
            acc[t] = m * acc[t - 1] + delta[t - 1]
        drift = np.arange(self.T + 1) * inst.eta * self.n * EPS * self.kappa * ny
        return A, acc + drift

    def primal(self, w0: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Feature-space GD iterates from ``w0`` and their accumulated rounding."""
        inst = self.inst
        W = gd_least_squares(self.Phi, inst.y, inst.eta, self.T, w0)
        fro = float(np.linalg.norm(self.Phi))
        delta = (self.n + self.D + 4) * EPS * (1 + inst.eta * fro**2) * (
            np.linalg.norm(W, axis=1) + np.linalg.norm(inst.y) / fro)
        m = max(1.0, self.rho + self.inst.eta * self.dK)
        acc = np.zeros(self.T + 1)
        for t in range(1, self.T + 1):
            acc[t] = m * acc[t - 1] + delta[t - 1]
        return W, acc

    def closest_interpolant(self, w0: np.ndarray) -> tuple[np.ndarray, float]:
        """``w0 + Phi⁺(y - Phi w0)`` and its error bound (the same SVD bound for ``Phi``)."""
        r = self.inst.y - self.Phi @ w0
        x = min_norm_solution(self.Phi, r, rcond=SIGMA_RCOND)
        sig = nonzero_singular_values(self.Phi, rcond=SIGMA_RCOND)
        k = sig[0] / sig[-1]
        err = 4 * (self.n + self.D) * EPS * k * (np.linalg.norm(x) + np.linalg.norm(r) / sig[0]
                                                 + k * np.linalg.norm(r - self.Phi @ x) / sig[0])
        return w0 + x, float(err + (self.n + self.D) * EPS * np.linalg.norm(w0))

    @cached_property
    def rho_primal(self) -> float:
        sig = nonzero_singular_values(self.Phi, rcond=SIGMA_RCOND)
        return float(np.max(np.abs(1 - self.inst.eta * sig**2)))


def _worst(lhs: np.ndarray, rhs: np.ndarray, tol: np.ndarray) -> int:
    """The step ``t >= 1`` with the largest ratio ``lhs / (rhs + tol)``."""
    return 1 + int(np.argmax(lhs[1:] / np.maximum(rhs[1:] + tol[1:], np.finfo(float).tiny)))


def _rate_check(iterates: np.ndarray, acc: np.ndarray, target: np.ndarray, err: float, rho: float,
                slack: np.ndarray, name: str) -> Check:
    """``||x_t - target|| <= rho^t ||x_0 - target||`` at the worst step ``t = 1..T``."""
    dist = np.linalg.norm(iterates - target, axis=1)
    t = np.arange(iterates.shape[0])
    rhs = rho ** t * dist[0]
    tol = acc + err * (1 + rho ** t) + slack
    k = _worst(dist, rhs, tol)
    return le(dist[k], rhs[k], tol[k], label=f"{name}, rho = {rho:.6g}, t = {k} of {t[-1]}",
              why="accumulated rounding acc_t (with the null-space drift) + error of the limit (1 + rho^t) "
                  "+ t drho ||e_0||")


def _span_check(run: KernelRun, A: np.ndarray, acc: np.ndarray) -> Check:
    """Primal GD from 0 is ``w_t = Phiᵀ alpha_t``: the iterates stay in ``span{phi(x_i)}``."""
    W, acc_p = run.primal(None)
    norms = np.linalg.norm(A, axis=1)
    # the dual run uses the kernel formula K, the primal one Phi Phiᵀ = K - E: each step adds
    # eta ||E|| ||alpha_t||, propagated by ||I - eta K|| <= max(1, rho)
    kgap = (np.cumsum(np.concatenate([[0.0], run.inst.eta * run.dK * norms[:-1]]))
            * max(1.0, run.rho) ** np.arange(run.T + 1))
    gap = np.linalg.norm(W - A @ run.Phi, axis=1)
    tol = (acc_p + np.sqrt(run.s[0]) * (acc + kgap)
           + (run.n + run.D) * EPS * float(np.linalg.norm(run.Phi)) * norms)
    k = _worst(gap, np.zeros_like(gap), tol)
    return le(gap[k], 0.0, tol[k], label=f"primal GD from 0: w_t = Phiᵀ alpha_t, t = {k}",
              why="primal and dual accumulated rounding + eta dK ||alpha_t|| per step (K vs PhiPhiᵀ) "
                  "+ product rounding")


def _limit_checks(run: KernelRun, a: np.ndarray, err_a: float) -> list[Check]:
    """``K⁺y`` is the minimum-norm interpolant: ``Phiᵀ K⁺y = Phi⁺y``, ``K K⁺y = y``,
    ``||Phiᵀ K⁺y||^2 = yᵀK⁺y``."""
    y = run.inst.y
    w_dag, err_w = run.closest_interpolant(np.zeros(run.D))
    sqrt_l, s_min = float(np.sqrt(run.s[0])), float(run.s[-1])
    na, ny = float(np.linalg.norm(a)), float(np.linalg.norm(y))
    pinv_tol = (sqrt_l * err_a + err_w + sqrt_l * 2 * run.dK * ny / s_min**2
                + (run.n + run.D) * EPS * sqrt_l * na)
    interp_tol = run.s[0] * err_a + 2 * run.n * EPS * (run.s[0] * na + ny) + run.n * EPS * run.kappa * ny
    norm2 = float(np.sum((run.Phi.T @ a) ** 2))
    norm_tol = (2 * run.s[0] * na * err_a + run.dK * na**2 + na * interp_tol
                + 4 * (run.n + run.D) * EPS * (norm2 + ny * na))
    return [
        close(run.Phi.T @ a, w_dag, pinv_tol, label="Phiᵀ K⁺y = Phi⁺y (the minimum-norm interpolant)",
              why="sqrt(lambda_max) err(K⁺y) + err(Phi⁺y) + sqrt(lambda_max) 2 dK ||y|| / lambda_min⁺^2"),
        close(run.K @ a, y, interp_tol, label="K K⁺y = y (the limit interpolates)",
              why="lambda_max err(K⁺y) + 2 n eps (lambda_max ||K⁺y|| + ||y||) "
                  "+ n eps kappa ||y|| (rounding of y off range)"),
        close(norm2, float(y @ a), norm_tol, label="||f||_H^2 = ||Phiᵀ K⁺y||^2 = yᵀK⁺y",
              why="2 lambda_max ||a|| err + dK ||a||^2 + ||a|| (interpolation tol) + rounding"),
    ]


def _prediction_check(run: KernelRun, a: np.ndarray, err_a: float, name: str = "K⁺y") -> Check:
    """At fresh points the GD predictor is within ``||phi(x)|| rho^T ||Phi⁺y||`` of the kernel
    interpolant ``k(x, X) a`` with ``a = K⁺y``."""
    inst = run.inst
    W, acc_p = run.primal(None)
    w_dag, err_w = run.closest_interpolant(np.zeros(run.D))
    Ft, Kt = inst.features(inst.X_test), inst.features.kernel(inst.X_test, inst.X)
    pred, lim = Ft @ W[-1], Kt @ a
    scale, kscale = np.linalg.norm(Ft, axis=1), np.linalg.norm(Kt, axis=1)
    decay = run.rho_primal ** run.T
    bound = scale * decay * np.linalg.norm(w_dag)
    limit_err = 2 * np.sqrt(run.s[0]) * run.dK * np.linalg.norm(inst.y) / run.s[-1] ** 2
    tol = (scale * (acc_p[-1] + err_w * (1 + decay) + run.rho_slack(float(np.linalg.norm(w_dag)))[-1] + limit_err)
           + kscale * err_a
           + (run.n + run.D) * EPS * (scale * np.linalg.norm(W[-1]) + kscale * np.linalg.norm(a)))
    j = int(np.argmax(np.abs(pred - lim) / (bound + tol)))
    return le(abs(pred[j] - lim[j]), bound[j], tol[j],
              label=f"|phi(x)·w_T - k(x,X){name}| <= ||phi(x)|| rho^T ||Phi⁺y|| at a fresh point, T = {run.T}",
              why="||phi(x)|| (primal rounding + limit error + rho error + dK term) + ||k(x,X)|| err(K⁺y)")


def kernel_gd(inst: KernelGDProblem) -> list[Check]:
    run = KernelRun(inst)
    a, err_a = run.target
    A, acc = run.dual()
    checks = [_rate_check(A, acc, a, err_a, run.rho, run.rho_slack(float(np.linalg.norm(a))),
                          "||alpha_t - K⁺y|| <= rho^t ||K⁺y||"),
              _span_check(run, A, acc)]
    checks += _limit_checks(run, a, err_a)
    checks.append(_prediction_check(run, a, err_a))
    if np.any(inst.w0):  # from any w0: the interpolant closest to w0
        W0, acc0 = run.primal(inst.w0)
        lim0, err0 = run.closest_interpolant(inst.w0)
        checks.append(_rate_check(W0, acc0, lim0, err0, run.rho_primal,
                                  run.rho_slack(float(np.linalg.norm(inst.w0 - lim0))),
                                  "primal GD from w_0: ||w_t - (w_0 + Phi⁺(y - Phi w_0))|| <= rho^t ||...||"))
    return checks


def _never_farther(inst: KernelGDProblem) -> Check:
    """Convergence by contraction implies the error never exceeds the initial one."""
    run = KernelRun(inst)
    a, err_a = run.target
    A, acc = run.dual()
    dist = np.linalg.norm(A - a, axis=1)
    tol = acc + 2 * err_a
    k = int(np.argmax(dist / (dist[0] + tol)))
    return le(dist[k], dist[0], tol[k], label=f"||alpha_t - K⁺y|| <= ||alpha_0 - K⁺y||, t = {k}",
              why="accumulated rounding + 2 err(K⁺y)")


def _smallest_eigenvalue_rate(inst: KernelGDProblem) -> Check:
    run = KernelRun(inst)
    a, err_a = run.target
    A, acc = run.dual()
    rate = float(abs(1 - inst.eta * run.s[-1]))
    return _rate_check(A, acc, a, err_a, rate, run.rho_slack(float(np.linalg.norm(a))),
                       "||alpha_t - K⁺y|| <= |1 - eta lambda_min⁺|^t ||K⁺y||")


def _uninverted(inst: KernelGDProblem) -> Check:
    """The predictor claimed as ``k(x, X) K y`` (the Gram matrix not inverted)."""
    run = KernelRun(inst)
    err = 2 * run.n * EPS * run.s[0] * float(np.linalg.norm(inst.y))  # the product K y
    return _prediction_check(run, run.K @ inst.y, err, "K y")


def _off_span_init(inst: KernelGDProblem) -> Check:
    run = KernelRun(inst)
    W0, acc0 = run.primal(inst.w0)
    w_dag, err = run.closest_interpolant(np.zeros(run.D))
    return _rate_check(W0, acc0, w_dag, err, run.rho_primal,
                       run.rho_slack(float(np.linalg.norm(inst.w0 - w_dag))),
                       "primal GD from w_0 reaches Phi⁺y: ||w_t - Phi⁺y|| <= rho^t ||w_0 - Phi⁺y||")


def _dual_init(inst: KernelGDProblem) -> Check:
    run = KernelRun(inst)
    a, err_a = run.target
    A, acc = run.dual(inst.alpha0)
    e0 = float(np.linalg.norm(inst.alpha0 - a))
    return _rate_check(A, acc, a, err_a, run.rho, run.rho_slack(e0),
                       "kernel GD from alpha_0 reaches K⁺y: ||alpha_t - K⁺y|| <= rho^t ||alpha_0 - K⁺y||")


KERNEL_GD = Claim(
    id="kernel-gd-min-rkhs-norm",
    title="Kernel gradient descent from zero converges to the minimum-RKHS-norm interpolant",
    statement=("For y in range(K) and 0 < eta < 2/lambda_max(K), alpha_{t+1} = alpha_t - eta(K alpha_t - y) "
               "from 0 satisfies ||alpha_t - K⁺y|| <= rho^t ||K⁺y||, "
               "rho = max_{lambda_i > 0}|1 - eta lambda_i| < 1; w_t = Phiᵀ alpha_t, and the limit sum_i (K⁺y)_i k(x_i, .) is the minimum-RKHS-norm "
               "interpolant (Phiᵀ K⁺y = Phi⁺y, ||f||^2 = yᵀK⁺y); from w_0 the primal limit is "
               "w_0 + Phi⁺(y - Phi w_0)"),
    sources=[Source(ARORA, "§3.2, eqs. (3.8)-(3.9), kernel regression by GD (G invertible there; K⁺ here)",
                    ("ARORA-40",)),
             Source(ZHAO, "Lazy-training results, the linear-model case (b)-(d): minimum-norm limit closest to "
                          "w_0, kernel-regression predictor, iterates in the span of the training features",
                    ("ZHAO-28",))],
    kind="proxy",
    proxy=("alpha_t -> K⁺y stands as the explicit geometric bound ||alpha_t - K⁺y|| <= rho^t ||K⁺y|| with a "
           "computed rho < 1 at every step t <= T (T <= 300), together with the exact identification of K⁺y as "
           "the minimum-norm interpolant"),
    area="kernels",
    instances=kernel_gd_problems(),
    conclusion=kernel_gd,
    proof_idea=("The gradient Phiᵀ(Phi w - y) is a combination of the phi(x_i), so w_t = Phiᵀ alpha_t; the "
                "error alpha_t - K⁺y starts in range(K) and is multiplied by I - eta K, of norm rho < 1 there; "
                "Phiᵀ(PhiPhiᵀ)⁺ = Phi⁺ identifies the limit."),
    mutants=[
        Mutant("step-above-two-over-lambda-max",
               "for eta > 2/lambda_max the factor |1 - eta lambda_max| exceeds 1, so the error along the top "
               "eigenvector grows and the iterates move away from K⁺y",
               conclusion=_never_farther, instances=kernel_gd_problems(step=(2.0, 3.0))),
        Mutant("rate-from-smallest-eigenvalue",
               "the rate is max_i |1 - eta lambda_i|, not |1 - eta lambda_min⁺|: for eta lambda_max > 1 the top "
               "eigendirection (factor |1 - eta lambda_max|) can be the slowest",
               conclusion=_smallest_eigenvalue_rate, instances=kernel_gd_problems(step=(1.9, 2.0))),
        Mutant("gram-matrix-not-inverted",
               "the limit predictor is k(x, X) K⁺y; k(x, X) K y scales the fit by the spectrum of K instead "
               "of undoing it, so it does not interpolate",
               conclusion=_uninverted),
        Mutant("init-off-the-span",
               "primal GD from w_0 keeps the component of w_0 off span{phi(x_i)} forever, so it converges to "
               "w_0 + Phi⁺(y - Phi w_0), not to the minimum-norm interpolant Phi⁺y",
               conclusion=_off_span_init, instances=kernel_gd_problems(w0="off-span")),
        Mutant("dual-init-with-null-component",
               "for singular K the null(K) part of alpha_0 never moves, so alpha_t does not reach K⁺y "
               "(the function does: Phiᵀ kills null(K))",
               conclusion=_dual_init, instances=kernel_gd_problems(singular=True, alpha0="random")),
        Mutant("target-off-range",
               "for y outside range(K) the coefficients drift linearly along null(K) and K K⁺y != y: "
               "the limit function is the least-squares fit, not an interpolant",
               instances=kernel_gd_problems(target="off-range")),
    ],
    examples=100,
)
test_kernel_gd_min_rkhs_norm = KERNEL_GD.test()
