"""Output dynamics under the neural tangent kernel, and convergence with a fixed kernel.

Statements.
- Gradient flow ``dtheta/dt = -grad L`` on ``L = ||f(X; theta) - y||^2 / 2`` moves the training
  outputs ``u = f(X; theta)`` by ``du/dt = -H (u - y)`` with ``H = J Jᵀ``, ``J = d u / d theta`` (the
  empirical NTK), exactly, by the chain rule; at a test input ``df(x)/dt = -Theta(x, X)(u - y)``.  ``H``
  is symmetric PSD of rank at most the number of parameters ``p``.
- For a fixed kernel (the linearized model, scaled by ``alpha``) the residual ``r = u - y`` obeys
  ``dr/dt = -alpha^2 K r``, so ``r(t) = e^{-alpha^2 K t} r(0)``: along each eigenvector
  ``v_iᵀ r(t) = e^{-alpha^2 lam_i t} v_iᵀ r(0)``, ``r(t) = sum_i (v_iᵀ r(t)) v_i``, and
  ``e^{-alpha^2 lam_max t} ||r(0)|| <= ||r(t)|| <= e^{-alpha^2 lam_min t} ||r(0)||``; the upper bound is
  attained by a residual along the bottom eigenvector.
- Gradient descent with step ``eta`` has ``r_k = (I - eta H)^k r_0``, so
  ``v_iᵀ r_k = (1 - eta lam_i)^k v_iᵀ r_0`` exactly; for ``eta < 2 / lam_max`` it converges at rate
  ``rho = max_i |1 - eta lam_i| < 1``, which is ``1 - eta lam_min`` when ``eta <= 1 / lam_max`` (so
  ``log(||r_0||/eps) / (eta lam_min)`` steps reach ``eps``); for ``eta >= 2 / lam_max`` a residual with
  a component along the top eigenvector never shrinks below that component.

Sources.  Arora et al., *Theory of Deep Learning*, Lemma 9.1.1 (ARORA-553) and §9.3 eq. (9.10)
(ARORA-559); Zhao, *From Approximation to Emergence*, §4.4.1 (empirical NTK and prediction-space
dynamics, ZHAO-26) and §4.4.2 / §4.5.1 (linearized flow with scale ``alpha``, ZHAO-27); Teng, Wang,
Zhang, *Theoretical Machine Learning*, §6.3 (the NTK is a PSD kernel of rank at most ``p``, TENG-30)
and §6.4.1 (fixed-kernel GD ``(I - eta Theta)^k``, convergence iff ``eta < 2 / lam_max``, TENG-33);
*The Mathematical Structure of Machine Learning*, Ch. 24, line 1587 (linearized rate
``O(log(1/eps) / lam_min(K))``, MSML-332: right for gradient flow; for GD the step size enters as
``1/(eta lam_min)``) and its "Spectral Bias Theorem", whose discrete analogue ``a_j(t) = c_j(1 - (1 -
eta lam_j)^t)`` is the exact mode formula here (MSML-19).  Audit: ARORA-559 prints ``u(t) - y = sum_i v_iᵀ(u(t) - y)``, a scalar on the
right; the expansion needs the eigenvectors, ``sum_i (v_iᵀ(u(t) - y)) v_i``.

Proof idea.  ``du/dt = J dtheta/dt = -J Jᵀ(u - y)``; ``H = JJᵀ`` is a Gram matrix.  With a constant
kernel the ODE is linear; in the eigenbasis it splits into scalar equations ``c' = -lam c``.  The
norm bounds follow from ``||r||^2 = sum_i e^{-2 lam_i t} c_i^2``.  GD is the same with
``e^{-lam t}`` replaced by ``(1 - eta lam)^k``.

Tolerances (``eps = 2^-52``).  The empirical-NTK identity compares a forward-mode directional
derivative with ``J (Jᵀ r)`` formed from the reverse-mode Jacobian: both evaluate the same sums of
products, each with error at most ``(n + p) eps ||J||_F^2 ||r||`` (``p`` parameters, ``n`` points),
doubled, times 4 for the network's own depth of operations.  ``H``'s eigenvalues are within
``(p + 4n) eps ||J||_F^2`` of those of the exact Gram matrix (rounding of ``JJᵀ`` plus the backward
error of ``eigh``).  The fixed-kernel routes: ``V diag(e^{-lam t}) Vᵀ r_0`` from ``eigh`` and
``expm(-Ht) r_0`` are each backward stable with a perturbation of ``H`` of size ``~ n eps ||H||``,
which moves ``e^{-Ht} r_0`` by at most ``t`` times that (``||e^{-sH}|| <= 1`` in Duhamel's formula),
plus the rounding of the products (``expm``'s Padé evaluation takes about six matrix products and a
solve, hence ``n + 4`` rather than ``n``), with a safety factor 2 on each route:
``tol = 16 (n + 4) eps (1 + t ||H||) ||r_0||``.  ``solve_ivp`` (DOP853,
``rtol = 1e-10``, ``atol = 1e-12 ||r_0||``) keeps each local error below ``atol + rtol |r|`` per
component; the flow is non-expansive, so local errors add up without amplification to at most
``N sqrt(n) (atol + rtol ||r_0||)`` after ``N`` steps, times 10 for the solver's error estimate being
an estimate; this comparison runs on the non-stiff horizon ``alpha^2 lam_max t <= 20`` (beyond it
the explicit solver's step is limited by stability and its error estimates stop being reliable).  The
GD claim is exact (Fractions).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.documents import ARORA, MSML, TENG, ZHAO
from checks.linalg import EPS
from checks.spectral_dynamics import flow_residual, flow_residual_expm, flow_residual_ivp, gd_residuals
from checks.strategies.spectra_kernels import (NetworkCase, PlantedKernel, RationalGD, network_cases,
                                               planted_kernels, rational_gd)

RTOL, ATOL = 1e-10, 1e-12
STIFF_HORIZON = 20.0
"""The ODE-solver comparison stops at ``alpha^2 lam_max t = 20``: beyond it the explicit solver's step is
limited by stability and its local error estimates are no longer reliable."""

# ------------------------------------------------------------------------------ empirical NTK


def _ntk(case: NetworkCase) -> dict:
    net, X, y = case.net, case.X, case.y
    J = net.jacobian(X)
    u, du = net.flow_velocity(X, y)
    _, du_test = net.flow_velocity(X, y, X_eval=case.X_test)
    J_test = net.jacobian(case.X_test)
    H = J @ J.T
    r = u - y
    n, p = J.shape
    fro2 = float(np.sum(J**2))
    scale = fro2 * float(np.linalg.norm(r))
    return dict(J=J, J_test=J_test, H=H, r=r, du=du, du_test=du_test, n=n, p=p, fro2=fro2,
                tol=8 * (n + p) * EPS * scale,
                tol_test=8 * (n + p) * EPS * float(np.linalg.norm(J_test) * np.sqrt(fro2)) * float(np.linalg.norm(r)),
                tol_eig=(p + 4 * n) * EPS * fro2)


WHY_JVP = "8 (n + p) eps ||J||_F^2 ||u - y||: forward-mode vs reverse-mode evaluation of J Jᵀ r"
WHY_EIG = "(p + 4 n) eps ||J||_F^2: rounding of J Jᵀ plus the backward error of eigh"


def ntk_dynamics(case: NetworkCase) -> list[Check]:
    d = _ntk(case)
    lam = np.linalg.eigvalsh(d["H"])
    checks = [
        close(d["du"], -d["H"] @ d["r"], d["tol"], label="du/dt = -J Jᵀ (u - y) (the empirical NTK)", why=WHY_JVP),
        close(d["du_test"], -(d["J_test"] @ d["J"].T) @ d["r"], d["tol_test"],
              label="df(x)/dt = -Theta(x, X)(u - y) at test inputs", why=WHY_JVP),
        close(d["H"], d["H"].T, d["tol_eig"], label="H = Hᵀ", why=WHY_EIG),
        ge(float(lam[0]), 0.0, d["tol_eig"], label="lambda_min(H) >= 0", why=WHY_EIG),
    ]
    if d["p"] < d["n"]:
        checks.append(le(float(lam[d["n"] - d["p"] - 1]), 0.0, d["tol_eig"],
                         label=f"rank H <= p = {d['p']}: lambda_(p+1) = 0", why=WHY_EIG))
    return checks


def _sign_flipped(case: NetworkCase) -> Check:
    d = _ntk(case)
    return close(d["du"], d["H"] @ d["r"], d["tol"], label="du/dt = +H (u - y)", why=WHY_JVP)


def _per_point(case: NetworkCase) -> Check:
    d = _ntk(case)
    return close(d["du"], -d["H"] @ d["r"] / d["n"], d["tol"], label="du/dt = -(H / n)(u - y)", why=WHY_JVP)


def _mixed_parameters(case: NetworkCase) -> list[Check]:
    net = case.net
    M = net.jacobian(case.X) @ net.jacobian(case.X, case.theta_other).T
    tol = (net.n_params + 4 * len(case.X)) * EPS * float(np.linalg.norm(M))
    lam = np.linalg.eigvalsh((M + M.T) / 2)
    return [close(M, M.T, tol, label="grad f(theta, x_i) · grad f(theta', x_j) is symmetric", why=WHY_EIG),
            ge(float(lam[0]), 0.0, tol, label="... and PSD", why=WHY_EIG)]


def _positive_definite(case: NetworkCase) -> Check:
    d = _ntk(case)
    lam_min = float(np.linalg.eigvalsh(d["H"])[0])
    return holds(lam_min > d["tol_eig"], label="H is positive definite for distinct inputs",
                 detail=f"lambda_min(H) = {lam_min:.3e}, resolution {d['tol_eig']:.3e}, p = {d['p']}, n = {d['n']}")


NTK_DYNAMICS = Claim(
    id="ntk-output-dynamics",
    title="Under gradient flow the training outputs move by du/dt = -J Jᵀ (u - y)",
    statement=("for gradient flow on ||f(X; theta) - y||^2/2, du/dt = -H (u - y) with H = J Jᵀ the empirical NTK, "
               "and df(x)/dt = -Theta(x, X)(u - y) at any input; H is symmetric PSD with rank <= #parameters"),
    sources=[Source(ARORA, "Lemma 9.1.1, eqs. (9.1)-(9.4)", ("ARORA-553",)),
             Source(ZHAO, "§4.4.1, Figure 4.10: empirical NTK Gram matrix and prediction dynamics", ("ZHAO-26",)),
             Source(TENG, "§6.3: the NTK is a PSD kernel", ("TENG-30",))],
    kind="numeric",
    area="kernels",
    instances=network_cases(),
    conclusion=ntk_dynamics,
    proof_idea=("Chain rule: du/dt = J dtheta/dt and dtheta/dt = -grad L = -Jᵀ(u - y); a Gram matrix J Jᵀ is PSD "
                "with rank <= rank J <= p."),
    mutants=[
        Mutant("sign-flipped", "gradient flow decreases the loss, so the outputs move against the residual",
               conclusion=_sign_flipped),
        Mutant("kernel-divided-by-n", "with L = ||f - y||^2/2 (no 1/n) the velocity is -H r, not -H r / n",
               conclusion=_per_point),
        Mutant("mixed-parameter-kernel-psd",
               "grad f(theta, x)·grad f(theta', x') at two different parameters is not a Gram matrix: it is "
               "neither symmetric nor PSD in general", conclusion=_mixed_parameters),
        Mutant("positive-definite-for-distinct-inputs",
               "with fewer parameters than points the rank of H is at most p < n, so H is singular",
               conclusion=_positive_definite),
    ],
    examples=40,
)
test_ntk_output_dynamics = NTK_DYNAMICS.test()


# ------------------------------------------------------------------------------ fixed-kernel flow


def _flow(inst: PlantedKernel) -> dict:
    H, r0, t = inst.H, inst.r0, inst.times
    n = r0.size
    R_eig = flow_residual(H, r0, t)
    R_expm = flow_residual_expm(H, r0, t)
    nr0 = float(np.linalg.norm(r0))
    normH = float(inst.alpha**2 * inst.lam[0])
    t_ivp = np.unique(np.minimum(t, STIFF_HORIZON / normH))
    R_ivp, steps = flow_residual_ivp(H, r0, t_ivp, rtol=RTOL, atol=ATOL * nr0)
    tol = 16 * (n + 4) * EPS * (1 + t * normH) * nr0
    tol_ivp = 10 * steps * np.sqrt(n) * (ATOL + RTOL) * nr0 + 16 * (n + 4) * EPS * (1 + t_ivp * normH) * nr0
    return dict(R_eig=R_eig, R_expm=R_expm, R_ivp=R_ivp, R_eig_ivp=flow_residual(H, r0, t_ivp), tol=tol,
                tol_ivp=tol_ivp, nr0=nr0, steps=steps, rates=inst.alpha**2 * inst.lam)


WHY_FLOW = ("16 (n + 4) eps (1 + t ||H||) ||r0||: eigh / expm backward errors moved by at most t ||dH||, plus the "
            "products of the Pade evaluation")


def _worst_time(err: np.ndarray, tol: np.ndarray) -> int:
    return int(np.argmax(err / tol))


def _rowwise_close(A: np.ndarray, B: np.ndarray, tol: np.ndarray, label: str, why: str) -> Check:
    err = np.max(np.abs(A - B), axis=1)
    k = _worst_time(err, tol)
    return close(A[k], B[k], float(tol[k]), label=f"{label} (worst of {len(tol)} times: index {k})", why=why)


def _mode_check(inst: PlantedKernel, d: dict, factor) -> Check:
    """``v_iᵀ r(t) = factor(lam_i, t) v_iᵀ r(0)`` with the planted eigenvectors, ``r(t)`` by expm."""
    coeff0 = inst.V.T @ inst.r0
    modes = d["R_expm"] @ inst.V
    pred = np.array([factor(inst.alpha**2 * inst.lam, s) * coeff0 for s in inst.times])
    return _rowwise_close(modes, pred, d["tol"], "v_iᵀ r(t) = e^{-alpha^2 lam_i t} v_iᵀ r(0)", WHY_FLOW)


def _norm_bound(inst: PlantedKernel, d: dict, rate: float, upper: bool, label: str) -> Check:
    norms = np.linalg.norm(d["R_expm"], axis=1)
    bound = np.exp(-rate * inst.times) * d["nr0"]
    if upper:
        k = int(np.argmax(norms / (bound + d["tol"])))
        return le(float(norms[k]), float(bound[k]), float(d["tol"][k]), label=f"{label}, t = {inst.times[k]:.4g}",
                  why=WHY_FLOW)
    k = int(np.argmax(bound / (norms + d["tol"])))
    return ge(float(norms[k]), float(bound[k]), float(d["tol"][k]), label=f"{label}, t = {inst.times[k]:.4g}",
              why=WHY_FLOW)


def fixed_kernel_flow(inst: PlantedKernel) -> list[Check]:
    d = _flow(inst)
    expansion = (d["R_expm"] @ inst.V) @ inst.V.T
    return [
        _rowwise_close(d["R_eig"], d["R_expm"], d["tol"], "V e^{-Lambda t} Vᵀ r0 = expm(-H t) r0", WHY_FLOW),
        _rowwise_close(d["R_eig_ivp"], d["R_ivp"], d["tol_ivp"],
                       f"closed form = solve_ivp (DOP853, rtol {RTOL:g}, {d['steps']} steps)",
                       "10 N sqrt(n) (atol + rtol ||r0||) + the closed-form tolerance: non-expansive flow"),
        _mode_check(inst, d, lambda rate, s: np.exp(-rate * s)),
        _rowwise_close(expansion, d["R_expm"], d["tol"], "u(t) - y = sum_i (v_iᵀ(u(t) - y)) v_i", WHY_FLOW),
        _norm_bound(inst, d, float(d["rates"][-1]), True, "||r(t)|| <= e^{-alpha^2 lam_min t} ||r(0)||"),
        _norm_bound(inst, d, float(d["rates"][0]), False, "||r(t)|| >= e^{-alpha^2 lam_max t} ||r(0)||"),
    ]


def _without_alpha_squared(inst: PlantedKernel) -> Check:
    d = _flow(inst)
    return _norm_bound(inst, d, float(inst.alpha * inst.lam[-1]), True, "||r(t)|| <= e^{-alpha lam_min t} ||r(0)||")


def _lambda_max_rate(inst: PlantedKernel) -> Check:
    d = _flow(inst)
    return _norm_bound(inst, d, float(d["rates"][0]), True, "||r(t)|| <= e^{-alpha^2 lam_max t} ||r(0)||")


def _half_rate(inst: PlantedKernel) -> Check:
    d = _flow(inst)
    return _mode_check(inst, d, lambda rate, s: np.exp(-rate * s / 2))


def _smallest_positive_rate(inst: PlantedKernel) -> Check:
    d = _flow(inst)
    positive = d["rates"][inst.lam > 0]
    return _norm_bound(inst, d, float(positive[-1]), True,
                       "||r(t)|| <= e^{-alpha^2 lam_min⁺ t} ||r(0)|| (smallest positive eigenvalue)")


FIXED_FLOW = Claim(
    id="fixed-kernel-output-flow",
    title="With a fixed kernel the residual decays mode by mode as e^{-alpha^2 lam_i t}",
    statement=("for dr/dt = -alpha^2 K r with K = sum_i lam_i v_i v_iᵀ ⪰ 0: r(t) = e^{-alpha^2 K t} r(0), "
               "v_iᵀ r(t) = e^{-alpha^2 lam_i t} v_iᵀ r(0), r(t) = sum_i (v_iᵀ r(t)) v_i, and "
               "e^{-alpha^2 lam_max t}||r(0)|| <= ||r(t)|| <= e^{-alpha^2 lam_min t}||r(0)||"),
    sources=[Source(ZHAO, "§4.4.2 / §4.5.1: linearized flow, r(t) = e^{-alpha^2 K_0 t} r(0)", ("ZHAO-27",)),
             Source(ARORA, "§9.3, eq. (9.10) and the convergence discussion (expansion corrected, see audit)",
                    ("ARORA-559",))],
    kind="numeric",
    area="kernels",
    instances=planted_kernels(),
    conclusion=fixed_kernel_flow,
    proof_idea=("The ODE is linear with constant coefficients; in the eigenbasis c_i' = -alpha^2 lam_i c_i, so "
                "c_i(t) = e^{-alpha^2 lam_i t} c_i(0), and ||r||^2 = sum_i c_i(t)^2 lies between the extreme rates."),
    mutants=[
        Mutant("rate-without-alpha-squared",
               "the model alpha f has kernel alpha^2 K; for alpha < 1 the rate alpha lam_min overstates the decay "
               "of a residual along the bottom eigenvector", conclusion=_without_alpha_squared),
        Mutant("rate-from-lambda-max",
               "a residual along the bottom eigenvector decays at the slowest rate lam_min, not lam_max",
               conclusion=_lambda_max_rate),
        Mutant("half-rate-per-mode", "each mode decays as e^{-lam_i t}, not e^{-lam_i t / 2}", conclusion=_half_rate),
        Mutant("decay-without-positive-definiteness",
               "with a singular kernel the null-space component of the residual never moves, so no positive rate "
               "bounds the decay", conclusion=_smallest_positive_rate,
               instances=planted_kernels(spectra=("singular",))),
    ],
    examples=150,
)
test_fixed_kernel_output_flow = FIXED_FLOW.test()


def printed_expansion(inst: PlantedKernel) -> Check:
    """ARORA-559 as printed: each coordinate of u(t) - y equals the scalar sum_i v_iᵀ(u(t) - y)."""
    d = _flow(inst)
    sums = (d["R_expm"] @ inst.V).sum(axis=1)
    return _rowwise_close(d["R_expm"], np.repeat(sums[:, None], inst.r0.size, axis=1), d["tol"],
                          "u(t) - y = sum_i v_iᵀ(u(t) - y) (printed)", WHY_FLOW)


PRINTED_EXPANSION = Claim(
    id="eigen-expansion-as-printed",
    title="Audit: 'u(t) - y = sum_i v_iᵀ(u(t) - y)' (Arora §9.3)",
    statement="u(t) - y = sum_{i=1}^n v_iᵀ(u(t) - y), as printed (a vector equated with a scalar sum)",
    sources=[Source(ARORA, "§9.3, the sentence after eq. (9.10)", ("ARORA-559",))],
    kind="numeric",
    area="kernels",
    instances=planted_kernels(),
    conclusion=printed_expansion,
    proof_idea="The right side is a number (the sum of the coordinates in the eigenbasis); the orthonormal "
               "expansion needs the eigenvectors: u - y = sum_i (v_iᵀ(u - y)) v_i.",
    audit=True,
    corrected="fixed-kernel-output-flow",
    finding=("the printed expansion drops the eigenvectors: the right side is the scalar sum of the eigen-"
             "coordinates; corrected: u(t) - y = sum_i (v_iᵀ(u(t) - y)) v_i, checked in fixed-kernel-output-flow"),
    examples=20,
)
test_eigen_expansion_as_printed = PRINTED_EXPANSION.test()


# ------------------------------------------------------------------------------ fixed-kernel GD


def _exact_run(inst: RationalGD) -> tuple[np.ndarray, list[np.ndarray]]:
    R = gd_residuals(inst.H, inst.r0, inst.eta, inst.steps)
    return R, [inst.Q.T @ r for r in R]


def _sq(v: np.ndarray) -> Fraction:
    return sum((x * x for x in v), Fraction(0))


def _first_mode_mismatch(inst: RationalGD, coeffs: list[np.ndarray], factor) -> Check:
    c0 = coeffs[0]
    for k, c in enumerate(coeffs):
        for i, lam in enumerate(inst.lam):
            expected = factor(lam, k) * c0[i]
            if c[i] != expected:
                return equal(c[i], expected, label=f"q_{i + 1}ᵀ r_{k} = (mode formula) q_{i + 1}ᵀ r_0")
    return equal(coeffs[-1][0], factor(inst.lam[0], inst.steps) * c0[0],
                 label=f"q_iᵀ r_k = (1 - eta lam_i)^k q_iᵀ r_0 for all i, k <= {inst.steps}")


def _rate_check(R: np.ndarray, rho: Fraction, label: str) -> Check:
    """``||r_k||^2 <= rho^{2k} ||r_0||^2`` at the worst step (exact)."""
    n0 = _sq(R[0])
    ratios = [(_sq(r), rho ** (2 * k) * n0) for k, r in enumerate(R)]
    k = max(range(len(R)), key=lambda j: ratios[j][0] / ratios[j][1] if ratios[j][1] else 0)
    return le(ratios[k][0], ratios[k][1], label=f"{label}, k = {k}")


def fixed_kernel_gd(inst: RationalGD) -> list[Check]:
    R, coeffs = _exact_run(inst)
    c = inst.eta * inst.lam[0]
    checks = [_first_mode_mismatch(inst, coeffs, lambda lam, k: (1 - inst.eta * lam) ** k)]
    if c < 2:
        rho = max(abs(1 - inst.eta * lam) for lam in inst.lam)
        checks.append(holds(rho < 1, label="rho = max_i |1 - eta lam_i| < 1", detail=f"rho = {rho}"))
        checks.append(_rate_check(R, rho, f"||r_k||^2 <= rho^(2k) ||r_0||^2, rho = {rho}"))
    if c <= 1:
        checks.append(_rate_check(R, 1 - inst.eta * inst.lam[-1], "||r_k||^2 <= (1 - eta lam_min)^(2k) ||r_0||^2"))
    if c >= 2:
        top = coeffs[0][0] ** 2
        k = min(range(len(R)), key=lambda j: _sq(R[j]))
        checks.append(ge(_sq(R[k]), top, label=f"eta >= 2/lam_max: ||r_k||^2 >= (q_1ᵀ r_0)^2, k = {k}"))
    return checks


def _lambda_max_gd(inst: RationalGD) -> Check:
    R, _ = _exact_run(inst)
    return _rate_check(R, 1 - inst.eta * inst.lam[0], "||r_k||^2 <= (1 - eta lam_max)^(2k) ||r_0||^2")


def _no_step_size(inst: RationalGD) -> Check:
    R, _ = _exact_run(inst)
    norms = [float(_sq(r)) ** 0.5 for r in R]
    bound = [np.exp(-float(inst.lam[-1]) * k) * norms[0] for k in range(len(R))]
    k = int(np.argmax(np.array(norms) / np.array(bound)))
    return le(norms[k], bound[k], label=f"||r_k|| <= e^(-lam_min k) ||r_0|| (no step size), k = {k}")


def _short_rate_long_step(inst: RationalGD) -> Check:
    R, _ = _exact_run(inst)
    return _rate_check(R, 1 - inst.eta * inst.lam[-1], "||r_k||^2 <= (1 - eta lam_min)^(2k) ||r_0||^2")


def _never_farther(inst: RationalGD) -> Check:
    R, _ = _exact_run(inst)
    k = max(range(len(R)), key=lambda j: _sq(R[j]))
    return le(_sq(R[k]), _sq(R[0]), label=f"||r_k|| <= ||r_0|| (GD converges), k = {k}")


ALL_STEPS = st.one_of(rational_gd("short"), rational_gd("long"), rational_gd("unstable"))

FIXED_GD = Claim(
    id="fixed-kernel-gd-modes",
    title="Gradient descent with a fixed kernel: exact mode-wise decay (1 - eta lam_i)^k",
    statement=("r_k = (I - eta H)^k r_0 satisfies q_iᵀ r_k = (1 - eta lam_i)^k q_iᵀ r_0; for eta < 2/lam_max, "
               "||r_k|| <= rho^k ||r_0|| with rho = max_i |1 - eta lam_i| < 1, and rho = 1 - eta lam_min for "
               "eta <= 1/lam_max; for eta >= 2/lam_max, ||r_k|| >= |q_1ᵀ r_0| (no convergence)"),
    sources=[Source(TENG, "§6.4.1: discrete GD gives (I - eta Theta)^k, convergence iff eta < 2/lam_max",
                    ("TENG-33",)),
             Source(MSML, "line 1587: linearized rate O(log(1/eps)/lam_min(K)) (the step size enters as eta)",
                    ("MSML-332",)),
             Source(MSML, "Theorems, 'Spectral Bias Theorem', discrete GD analogue a_j(t) = c_j (1 - (1 - eta "
                          "lam_j)^t)", ("MSML-19",))],
    kind="exact",
    area="kernels",
    instances=ALL_STEPS,
    conclusion=fixed_kernel_gd,
    proof_idea=("I - eta H has the eigenvectors of H and eigenvalues 1 - eta lam_i; ||r_k||^2 = "
                "sum_i (1 - eta lam_i)^(2k) c_i^2.  For eta lam_max <= 1 all factors lie in [0, 1) and the largest "
                "is 1 - eta lam_min; for eta lam_max >= 2 the top factor has modulus >= 1."),
    mutants=[
        Mutant("rate-from-lambda-max",
               "a residual along the bottom eigenvector contracts by 1 - eta lam_min per step, more slowly",
               conclusion=_lambda_max_gd, instances=rational_gd("short")),
        Mutant("rate-without-step-size",
               "per step the contraction is 1 - eta lam_min, not e^{-lam_min}: for eta < 1 the printed step count "
               "O(log(1/eps)/lam_min) without eta is too small", conclusion=_no_step_size,
               instances=rational_gd("short")),
        Mutant("short-step-rate-for-long-steps",
               "for 1 < eta lam_max < 2 the top mode contracts by |1 - eta lam_max|, which can exceed 1 - eta lam_min",
               conclusion=_short_rate_long_step, instances=rational_gd("long")),
        Mutant("converges-beyond-two-over-lambda-max",
               "for eta lam_max > 2 the top mode grows by |1 - eta lam_max| > 1 per step",
               conclusion=_never_farther, instances=rational_gd("unstable")),
    ],
    examples=60,
)
test_fixed_kernel_gd_modes = FIXED_GD.test()
