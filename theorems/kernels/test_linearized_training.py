"""Linearized training converges to f_0 plus the minimum-RKHS-norm interpolant of the residual.

Statement.  Take a network at its initialization ``theta_0`` with outputs ``f_0``, its tangent features
``J(x) = d f(x; theta_0) / d theta`` (``J = J(X)`` on the training points, ``K = J Jᵀ ≻ 0``), the
linearized model ``f_lin(x; theta) = f_0(x) + J(x)(theta - theta_0)`` scaled by ``alpha``, and gradient
descent on ``||alpha f_lin(X; theta) - y||^2 / 2`` from ``theta_0`` with ``eta = c / lambda_max(alpha^2 K)``,
``0 < c <= 1``.  With ``r_0 = y - alpha f_0(X)`` and ``g_t(lam) = 1 - (1 - eta alpha^2 lam)^t``:
- ``theta_t = theta_0 + alpha^{-1} Jᵀ K^{-1} g_t(K) r_0`` and, at any input,
  ``alpha f_lin(x; theta_t) = alpha f_0(x) + k(x, X) K^{-1} g_t(K) r_0`` with ``k(x, X) = J(x) Jᵀ``;
- ``theta_t -> theta_inf = theta_0 + alpha^{-1} Jᵀ K^{-1} r_0`` with
  ``||theta_t - theta_inf|| <= (1 - eta alpha^2 lambda_min)^t ||theta_0 - theta_inf||``;
- ``theta_inf = theta_0 + (alpha J)⁺ r_0 = argmin{||theta - theta_0|| : alpha f_lin(X; theta) = y}``: every
  other interpolant ``theta_inf + v`` (``v`` in ``null J``) is farther from ``theta_0`` by Pythagoras;
- so the limit predictor is ``alpha f_0 + k(., X) K^{-1} r_0``: ``alpha (f_inf - f_0)`` is the
  minimum-norm interpolant of ``r_0`` in the tangent RKHS, of squared norm ``r_0ᵀ K^{-1} r_0``; it is the
  minimum-norm interpolant of ``y`` itself exactly when ``f_0 = 0`` on the sample and at ``x``
  (antisymmetric initialization, or random features started at 0);
- the parameters move little: ``||theta_t - theta_0|| <= ||r_0|| / (alpha sqrt(lambda_min(K)))`` for all
  ``t``, with equality in the limit for ``r_0`` along the bottom eigenvector.

Sources.  Teng, Wang, Zhang, *Theoretical Machine Learning*, §6.4.1 (wide-net GD on MSE is kernel
regression with the ``f_0`` term, TENG-33) and §6.4.2 (the implicit bias, TENG-34, corrected; audit
below); *The Mathematical Structure of Machine Learning*, Ch. 24, line 1514 (NTK training finds the
minimum-RKHS-norm interpolant, MSML-279, in the corrected form with ``f_0``) and lines 1544 / 1589
(infinitely wide networks trained with small steps behave like kernel regression plus the initial
function, MSML-305: checked here for the linearized model, where the statement is exact; the
width-to-infinity part is not); Zhao, *From Approximation to Emergence*, lazy training (ZHAO-28 (a):
the movement bound with the scale ``alpha``) and §4.6 (random-features model: convex, GD from 0 gives
the minimum-norm solution, ZHAO-31: the ``random-features`` family, where the model is exactly
linear); Arora et al., *Theory of Deep Learning*, §9.1.1 eqs. (9.5)-(9.6) (ARORA-554, corrected;
audit below).  Kernel GD from zero (ARORA-40, ZHAO-28 (b)-(d)) is the claim
``kernel-gd-min-rkhs-norm``; this module adds the nonzero initial function.

Proof idea.  The error ``e_t = alpha f_lin(X; theta_t) - y`` obeys ``e_{t+1} = (I - eta alpha^2 K) e_t``
and ``theta_{t+1} - theta_t = -eta alpha Jᵀ e_t``, so ``theta_t - theta_0`` is a geometric sum in
``range(Jᵀ)``; summing gives the closed form, and ``Jᵀ K^{-1} = J⁺`` identifies the limit as the
interpolant closest to ``theta_0``.  Movement: ``||theta_t - theta_0||^2 = alpha^{-2} r_0ᵀ g_t(K)^2 K^{-1} r_0``
with ``0 <= g_t <= 1`` when ``eta alpha^2 lambda_max <= 1``.  For ``1 < c < 2``, ``g_1 = c`` exceeds 1 and
the bound fails by up to the factor ``c`` (a mutant below): the movement bound is a gradient-flow /
short-step statement.

Finite statement (the proxy).  ``theta_t -> theta_inf`` stands as the geometric bound at every step
``t <= T`` (``T <= 150``) plus the exact identification of ``theta_inf``.  Tolerances (``eps = 2^-52``,
``kappa = cond(K) <= 1e6``): the eigendecomposition of ``K`` perturbs ``K^{-1} g_t(K) r_0`` by a relative
``n eps kappa`` (eigenvalue errors ``n eps lambda_max`` against ``lambda_min``) and the evaluation of
``g_t`` by ``(t + 2) eps``; each GD step adds at most
``4 (n + p) eps (||theta_t|| + eta ||alpha J||_F (||alpha J||_F ||theta_t|| + ||b||))`` (``b`` the
least-squares target), and the step map is non-expansive, so these add up over the steps; the SVD
route to ``(alpha J)⁺ r_0`` is accurate to ``4 (n + p) eps sqrt(kappa)`` relative.  All of them are
multiplied by 8 as a safety factor and stated with each check.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, close, ge, le
from checks.documents import ARORA, MSML, TENG, ZHAO
from checks.linalg import EPS, gd_least_squares, min_norm_solution, null_space_projector
from checks.spectral_dynamics import flow_residual
from checks.strategies.spectra_kernels import TangentProblem, tangent_problems


@dataclass(frozen=True, eq=False)
class LinearizedRun:
    """GD on the linearized model of an instance, the closed forms and their rounding bounds."""

    inst: TangentProblem

    @cached_property
    def spectrum(self) -> tuple[np.ndarray, np.ndarray]:
        lam, V = np.linalg.eigh(self.inst.K)
        return lam, V

    @property
    def lam_min(self) -> float:
        return float(self.spectrum[0][0])

    @property
    def lam_max(self) -> float:
        return float(self.spectrum[0][-1])

    @property
    def n(self) -> int:
        return self.inst.J.shape[0]

    @property
    def p(self) -> int:
        return self.inst.J.shape[1]

    @property
    def kappa(self) -> float:
        return self.lam_max / self.lam_min

    @property
    def eta(self) -> float:
        return self.inst.c / (self.inst.alpha**2 * self.lam_max)

    def kernel_solve(self, r: np.ndarray, t: int | None = None) -> np.ndarray:
        """``K^{-1} g_t(K) r`` (``g = 1`` for ``t = None``), mode by mode."""
        lam, V = self.spectrum
        if t is None:
            g = np.ones_like(lam)
        else:
            x = self.eta * self.inst.alpha**2 * lam
            with np.errstate(divide="ignore"):
                short = np.where(x >= 1, 1.0, -np.expm1(t * np.log1p(-np.minimum(x, 1.0))))
            g = short if self.inst.c <= 1 else 1 - (1 - x) ** t
        return V @ (g / lam * (V.T @ r))

    @cached_property
    def iterates(self) -> tuple[np.ndarray, np.ndarray]:
        """GD on ``||A theta - b||^2/2`` with ``A = alpha J``, ``b = y - alpha f_0 + alpha J theta_0`` (the
        linearized loss), from ``theta_0``; and the accumulated rounding bound."""
        inst = self.inst
        A = inst.alpha * inst.J
        b = inst.r0 + A @ inst.theta0
        W = gd_least_squares(A, b, self.eta, inst.steps, inst.theta0)
        fro = float(np.linalg.norm(A))
        norms = np.linalg.norm(W, axis=1)
        delta = 4 * (self.n + self.p) * EPS * (norms + self.eta * fro * (fro * norms + np.linalg.norm(b)))
        return W, 8 * np.concatenate([[0.0], np.cumsum(delta[:-1])])

    @cached_property
    def limit(self) -> tuple[np.ndarray, float]:
        """``theta_inf = theta_0 + alpha^{-1} Jᵀ K^{-1} r_0`` and its rounding bound."""
        inst = self.inst
        move = inst.J.T @ self.kernel_solve(inst.r0) / inst.alpha
        err = (8 * 4 * self.n * EPS * self.kappa * np.linalg.norm(move)
               + 8 * (self.n + self.p) * EPS * np.linalg.norm(inst.theta0))
        return inst.theta0 + move, float(err)

    def closed_form(self, t: int) -> tuple[np.ndarray, float]:
        inst = self.inst
        move = inst.J.T @ self.kernel_solve(inst.r0, t) / inst.alpha
        err = 8 * (4 * self.n * EPS * self.kappa + (t + 2) * EPS) * np.linalg.norm(self.limit[0] - inst.theta0)
        return inst.theta0 + move, float(err + 8 * (self.n + self.p) * EPS * np.linalg.norm(inst.theta0))

    def predict(self, theta: np.ndarray) -> np.ndarray:
        """``alpha f_lin(x; theta)`` at the test points."""
        inst = self.inst
        return inst.alpha * (inst.f0_test + inst.J_test @ (theta - inst.theta0))

    def kernel_predictor(self, t: int | None = None) -> np.ndarray:
        """``alpha f_0(x) + k(x, X) K^{-1} g_t(K) r_0`` at the test points."""
        inst = self.inst
        return inst.alpha * inst.f0_test + (inst.J_test @ inst.J.T) @ self.kernel_solve(inst.r0, t)

    @property
    def pred_scale(self) -> float:
        """``alpha ||J(x)||`` at the worst test point: converts parameter errors to prediction errors."""
        return float(self.inst.alpha * np.max(np.linalg.norm(self.inst.J_test, axis=1)))


WHY = "8 x (n eps kappa from eigh + (t + 2) eps from g_t + accumulated GD rounding), module docstring"


def _worst_step(lhs: np.ndarray, rhs: np.ndarray, tol: np.ndarray) -> int:
    return int(np.argmax(lhs / np.maximum(rhs + tol, np.finfo(float).tiny)))


def _rate(run: LinearizedRun, rate: float, label: str) -> Check:
    W, acc = run.iterates
    lim, err = run.limit
    dist = np.linalg.norm(W - lim, axis=1)
    t = np.arange(len(dist))
    bound = rate ** t * dist[0]
    tol = acc + err * (1 + rate ** t)
    k = _worst_step(dist, bound, tol)
    return le(float(dist[k]), float(bound[k]), float(tol[k]), label=f"{label}, t = {k} of {t[-1]}", why=WHY)


def _movement(run: LinearizedRun, bound: float, label: str) -> Check:
    W, acc = run.iterates
    theta0 = run.inst.theta0
    moves = np.concatenate([np.linalg.norm(W - theta0, axis=1), [np.linalg.norm(run.limit[0] - theta0)]])
    tol = np.concatenate([acc, [run.limit[1]]])
    k = int(np.argmax(moves / (bound + tol)))
    where = "the limit" if k == len(moves) - 1 else f"t = {k}"
    return le(float(moves[k]), bound, float(tol[k]), label=f"{label} at {where}", why=WHY)


def linearized_training(inst: TangentProblem) -> list[Check]:
    run = LinearizedRun(inst)
    W, acc = run.iterates
    T = inst.steps
    lim, err = run.limit
    theta_T, err_T = run.closed_form(T)
    a = inst.alpha
    pinv_move = min_norm_solution(a * inst.J, inst.r0)
    pinv_err = 8 * 4 * (run.n + run.p) * EPS * np.sqrt(run.kappa) * np.linalg.norm(pinv_move)
    move = lim - inst.theta0
    v = null_space_projector(inst.J) @ np.random.default_rng(T).standard_normal(run.p)
    nr0 = float(np.linalg.norm(inst.r0))
    rkhs = float(inst.r0 @ run.kernel_solve(inst.r0)) / a**2
    checks = [
        close(W[-1], theta_T, float(acc[-1] + err_T), why=WHY,
              label=f"GD iterate = theta_0 + Jᵀ K^-1 g_t(K) r_0 / alpha at t = {T}"),
        close(run.predict(W[-1]), run.kernel_predictor(T), run.pred_scale * float(acc[-1] + err_T), why=WHY,
              label=f"alpha f_lin(x; theta_t) = alpha f_0(x) + k(x, X) K^-1 g_t(K) r_0 at test points, t = {T}"),
        _rate(run, 1 - run.eta * a**2 * run.lam_min,
              "||theta_t - theta_inf|| <= (1 - eta alpha^2 lam_min)^t ||theta_0 - theta_inf||"),
        close(move, pinv_move, err + pinv_err, why=WHY + "; SVD route 4 (n + p) eps sqrt(kappa)",
              label="theta_inf - theta_0 = (alpha J)⁺ r_0 (the interpolant closest to theta_0)"),
        close(a * inst.J @ move, inst.r0, a * float(np.linalg.norm(inst.J, 2)) * err, why=WHY,
              label="alpha f_lin(X; theta_inf) = y (interpolation)"),
        ge(float(np.sum((move + v) ** 2)), float(np.sum(move**2) + np.sum(v**2)),
           4 * float(np.linalg.norm(move) + np.linalg.norm(v)) * (err + EPS * float(np.linalg.norm(v))), why=WHY,
           label="another interpolant theta_inf + v (v in null J) is farther: ||move + v||^2 = ||move||^2 + ||v||^2"),
        close(float(np.sum(move**2)), rkhs, 4 * float(np.linalg.norm(move)) * err + 8 * run.n * EPS * run.kappa * rkhs,
              why=WHY, label="RKHS norm of alpha (f_inf - f_0): ||theta_inf - theta_0||^2 = r_0ᵀ K^-1 r_0 / alpha^2"),
        _movement(run, nr0 / (a * np.sqrt(run.lam_min)),
                  "||theta_t - theta_0|| <= ||r_0|| / (alpha sqrt(lam_min(K)))"),
    ]
    if not np.any(inst.f0) and not np.any(inst.f0_test):
        kernel_y = (inst.J_test @ inst.J.T) @ run.kernel_solve(inst.y)
        checks.append(close(run.predict(lim), kernel_y, run.pred_scale * err, why=WHY,
                            label="f_0 = 0: the limit is the minimum-norm interpolant of y, k(x, X) K^-1 y"))
    return checks


def _no_subtraction(inst: TangentProblem) -> Check:
    run = LinearizedRun(inst)
    lim, err = run.limit
    claimed = inst.alpha * inst.f0_test + (inst.J_test @ inst.J.T) @ run.kernel_solve(inst.y)
    return close(run.predict(lim), claimed, run.pred_scale * err, why=WHY,
                 label="limit predictor alpha f_0(x) + k(x, X) K^-1 y (f_0(X) not subtracted)")


def _min_norm_parameter(inst: TangentProblem) -> Check:
    run = LinearizedRun(inst)
    lim, err = run.limit
    A = inst.alpha * inst.J
    theta_dag = min_norm_solution(A, inst.r0 + A @ inst.theta0)
    return close(lim, theta_dag, err + 8 * 4 * (run.n + run.p) * EPS * np.sqrt(run.kappa) * np.linalg.norm(theta_dag),
                 why=WHY, label="theta_inf = argmin{||theta|| : alpha f_lin(X; theta) = y}")


def _lambda_max_rate(inst: TangentProblem) -> Check:
    run = LinearizedRun(inst)
    return _rate(run, 1 - run.eta * inst.alpha**2 * run.lam_max,
                 "||theta_t - theta_inf|| <= (1 - eta alpha^2 lam_max)^t ||theta_0 - theta_inf||")


def _movement_no_root(inst: TangentProblem) -> Check:
    run = LinearizedRun(inst)
    return _movement(run, float(np.linalg.norm(inst.r0)) / (inst.alpha * run.lam_min),
                     "||theta_t - theta_0|| <= ||r_0|| / (alpha lam_min(K))")


def _movement_long_step(inst: TangentProblem) -> Check:
    run = LinearizedRun(inst)
    return _movement(run, float(np.linalg.norm(inst.r0)) / (inst.alpha * np.sqrt(run.lam_min)),
                     "1 < eta alpha^2 lam_max < 2: ||theta_t - theta_0|| <= ||r_0|| / (alpha sqrt(lam_min))")


def _interpolates_with_few_features(inst: TangentProblem) -> Check:
    A = inst.alpha * inst.J
    move = min_norm_solution(A, inst.r0)
    tol = 8 * 4 * sum(A.shape) * EPS * float(np.linalg.norm(A, 2) * np.linalg.norm(move) + np.linalg.norm(inst.r0))
    return close(A @ move, inst.r0, tol, why="SVD rounding 4 (n + m) eps (||A|| ||x|| + ||r_0||), times 8",
                 label="the GD limit theta_0 + (alpha J)⁺ r_0 interpolates (m < n random features)")


LINEARIZED = Claim(
    id="linearized-training-limit",
    title="Linearized training converges to f_0 plus the minimum-RKHS-norm interpolant of y - f_0(X)",
    statement=("GD on the linearized model alpha f_lin from theta_0 with eta alpha^2 lambda_max(K) <= 1 has "
               "theta_t = theta_0 + Jᵀ K^-1 g_t(K) r_0 / alpha (r_0 = y - alpha f_0(X)), converges geometrically to "
               "theta_inf = theta_0 + (alpha J)⁺ r_0 = argmin{||theta - theta_0|| : interpolation}, whose predictor "
               "alpha f_0 + k(., X) K^-1 r_0 is f_0 plus the minimum-RKHS-norm interpolant of the residual "
               "(of y itself only when f_0 = 0), and ||theta_t - theta_0|| <= ||r_0|| / (alpha sqrt(lambda_min(K)))"),
    sources=[Source(TENG, "§6.4.1: f_t(x) = f_0(x) + Theta(x, X) Theta^-1 (I - e^{-eta Theta t})(y - f_0(X))",
                    ("TENG-33",)),
             Source(TENG, "§6.4.2: implicit bias in the NTK regime (corrected: f_0 + min-norm interpolant of the "
                          "residual)", ("TENG-34",)),
             Source(MSML, "line 1514: NTK training finds minimum-RKHS-norm interpolants (with f_0)", ("MSML-279",)),
             Source(MSML, "lines 1544, 1589: kernel regression plus the initial function (the linearized model; "
                          "the infinite-width limit itself is not checked)", ("MSML-305",)),
             Source(ZHAO, "lazy training (a): movement ||u(t) - w_0|| <= ||r(0)|| / (alpha sqrt(lambda_min))",
                    ("ZHAO-28",)),
             Source(ZHAO, "§4.6: random-features model, convex, minimum-norm solution from 0", ("ZHAO-31",)),
             Source(ARORA, "§9.1.1, eqs. (9.5)-(9.6) (corrected: f_inf = f_0 + k(x, X) H^-1 (y - u(0)))",
                    ("ARORA-554",))],
    kind="proxy",
    proxy=("theta_t -> theta_inf stands as ||theta_t - theta_inf|| <= (1 - eta alpha^2 lambda_min)^t "
           "||theta_0 - theta_inf|| at every step t <= T (T <= 150), with theta_inf identified exactly "
           "(pseudo-inverse, interpolation, Pythagoras, RKHS norm)"),
    area="kernels",
    instances=tangent_problems(),
    conclusion=linearized_training,
    proof_idea=("The output error contracts by I - eta alpha^2 K and the parameter steps lie in range(Jᵀ); summing "
                "the geometric series gives the closed form, and Jᵀ K^-1 = J⁺ makes the limit the interpolant "
                "closest to theta_0.  ||theta_t - theta_0||^2 = r_0ᵀ g_t(K)^2 K^-1 r_0 / alpha^2 with g_t in [0, 1]."),
    mutants=[
        Mutant("limit-without-subtracting-f0",
               "the kernel part fits the residual y - alpha f_0(X), not y: adding alpha f_0 to the interpolant of y "
               "double counts the initial outputs", conclusion=_no_subtraction),
        Mutant("limit-is-min-norm-parameter",
               "GD from theta_0 keeps the component of theta_0 in null(J), so the limit is the interpolant closest to "
               "theta_0, not the one of least norm (random features started at a_0 != 0 included)",
               conclusion=_min_norm_parameter),
        Mutant("rate-from-lambda-max",
               "the slowest mode contracts by 1 - eta alpha^2 lambda_min per step", conclusion=_lambda_max_rate),
        Mutant("movement-without-square-root",
               "the movement in the limit is ||r_0|| / (alpha sqrt(lambda_min)) for a bottom-eigenvector residual, "
               "above ||r_0|| / (alpha lambda_min) when lambda_min > 1", conclusion=_movement_no_root,
               instances=tangent_problems(targets=("aligned-min",), lambda_min=(1.5, 10.0))),
        Mutant("movement-for-any-stable-step",
               "for 1 < eta alpha^2 lambda_max < 2 the first step already moves by c ||r_0|| / (alpha "
               "sqrt(lambda_max)) along the top eigenvector, above the bound when cond(K) < c^2",
               conclusion=_movement_long_step,
               instances=tangent_problems(targets=("aligned-max",), step=(1.5, 2.0), max_points=2, max_cond=2.25)),
        Mutant("interpolation-with-fewer-features-than-points",
               "with m < n random features K has rank m < n, so no parameter fits generic labels",
               conclusion=_interpolates_with_few_features, instances=tangent_problems(underparametrized=True)),
    ],
    examples=60,
)
test_linearized_training_limit = LINEARIZED.test()


# ----------------------------------------------------------------------------------- audits


def printed_min_norm(inst: TangentProblem) -> Check:
    """TENG-34 as printed: the GD limit is the minimum-RKHS-norm interpolant of y."""
    run = LinearizedRun(inst)
    lim, err = run.limit
    kernel_y = (inst.J_test @ inst.J.T) @ run.kernel_solve(inst.y)
    return close(run.predict(lim), kernel_y, run.pred_scale * err, why=WHY,
                 label="GD limit predictor = k(x, X) K^-1 y (minimum-RKHS-norm interpolant of y)")


PRINTED_MIN_NORM = Claim(
    id="ntk-min-norm-interpolant-as-printed",
    title="Audit: 'in the NTK regime gradient descent finds the minimum-RKHS-norm solution' (Teng §6.4.2)",
    statement=("GD on the (linearized) network converges to the interpolant of minimum norm in the RKHS of the "
               "tangent kernel: f_inf(x) = k(x, X) K^-1 y"),
    sources=[Source(TENG, "§6.4.2, Implicit Bias and Generalization", ("TENG-34",))],
    kind="numeric",
    area="kernels",
    instances=tangent_problems(),
    conclusion=printed_min_norm,
    proof_idea="The initial function stays: the limit is f_0 + k(x, X) K^-1 (y - f_0(X)).",
    audit=True,
    corrected="linearized-training-limit",
    finding=("with a nonzero initial function f_0 the limit is f_0 + (minimum-norm interpolant of y - f_0(X)), "
             "which differs from the minimum-norm interpolant of y by f_0(x) - k(x, X) K^-1 f_0(X); the two agree "
             "when f_0 = 0 (antisymmetric initialization)"),
    examples=20,
)
test_ntk_min_norm_interpolant_as_printed = PRINTED_MIN_NORM.test()


def printed_final_classifier(inst: TangentProblem) -> Check:
    """ARORA-554 (9.6) as printed: after du/dt = -H(u - y), f*(x) = k(x, X) H^-1 y."""
    run = LinearizedRun(inst)
    K, KxX = inst.K, inst.J_test @ inst.J.T
    u0 = inst.f0
    t = 50.0 / run.lam_min
    r_t = flow_residual(K, u0 - inst.y, t)[0]
    # df(x)/dt = -k(x, X)(u - y) integrates to f_t(x) = f_0(x) - k(x, X) K^-1 (I - e^{-Kt})(u(0) - y)
    f_t = inst.f0_test - KxX @ run.kernel_solve((u0 - inst.y) - r_t)
    printed = KxX @ run.kernel_solve(inst.y)
    scale = float(np.max(np.linalg.norm(KxX, axis=1)))
    tol = scale * (np.exp(-50.0) * np.linalg.norm(u0 - inst.y) / run.lam_min
                   + 8 * 4 * run.n * EPS * run.kappa * np.linalg.norm(u0 - inst.y) / run.lam_min)
    return close(f_t, printed, float(tol), label="f_t(x) at t = 50 / lambda_min equals k(x, X) H^-1 y (printed (9.6))",
                 why="e^{-50} ||u(0) - y|| ||k(x, X)|| / lambda_min (the unfinished flow) + 8 x eigh rounding")


PRINTED_CLASSIFIER = Claim(
    id="ntk-final-classifier-as-printed",
    title="Audit: 'the final classifier is f*(x) = k(x, X) (H*)^-1 y' (Arora eq. 9.6)",
    statement="training with du/dt = -H*(u - y) ends with f*(x) = (k(x, x_1), ..., k(x, x_n)) (H*)^-1 y",
    sources=[Source(ARORA, "§9.1.1, eqs. (9.5)-(9.6)", ("ARORA-554",))],
    kind="numeric",
    area="kernels",
    instances=tangent_problems(alpha=False),
    conclusion=printed_final_classifier,
    proof_idea="Integrating df(x)/dt = -k(x, X)(u - y) keeps f_0: f_inf(x) = f_0(x) + k(x, X) H^-1 (y - u(0)).",
    audit=True,
    corrected="linearized-training-limit",
    finding=("(9.6) assumes zero initial outputs; with u(0) = f_0(X) != 0 the limit is "
             "f_0(x) + k(x, X) H^-1 (y - u(0)); (9.6) holds when f_0 = 0"),
    examples=20,
)
test_ntk_final_classifier_as_printed = PRINTED_CLASSIFIER.test()
