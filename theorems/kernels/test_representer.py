"""The representer theorem, checked on explicit finite feature maps.

Statement.  Let ``k(x, z) = phi(x) · phi(z)`` with ``phi: R^d -> R^D``, so the RKHS is
``{w · phi : w in R^D}`` with ``||w · phi||_H = ||w||``; take a sample ``x_1..x_n`` (``n < D``), any
loss of the sample values ``L(f(x_1), ..., f(x_n))`` and a strictly increasing ``Omega``.
- Projection lemma: for every ``f``, its orthogonal projection ``Pf`` onto
  ``H_0 = span{k(x_i, .)}`` has the same values on the sample, ``Pf(x_i) = f(x_i)``, and
  ``||f||^2 = ||Pf||^2 + ||f - Pf||^2``; hence ``L(f) + Omega(||f||) > L(Pf) + Omega(||Pf||)``
  whenever ``f ∉ H_0``.  With ``f = sum_i alpha_i k(x_i, .) + sum_j beta_j k(z_j, .)`` everything is
  computed from Gram matrices: ``Pf = sum_i c_i k(x_i, .)`` with ``c = K_xx⁺ (K_xx alpha + K_xz beta)``.
- Representer theorem: every minimizer of ``L(f) + Omega(||f||)`` lies in ``H_0``, i.e.
  ``f* = sum_i alpha_i k(x_i, .)``; so minimizing over ``alpha`` with the Gram matrix ``K`` alone gives
  the same function (the same predictions on the sample and at fresh points) and the same minimum.
  For kernel ridge regression (squared loss, ``Omega = lam r^2 / 2``),
  ``alpha = (K + lam I)^{-1} y`` and ``Phiᵀ alpha = (PhiᵀPhi + lam I)^{-1} Phiᵀ y``.

Sources.  *The Mathematical Structure of Machine Learning*, Ch. 24, Theorems, "Representer Theorem
(General Form)" (MSML-14).  As printed, its formal statement is garbled: after "every minimizer of
min_f Φ(f(x_1), …, f(x_n)) + Ω(‖f‖_H)" the conclusion is replaced by a stray distributed-SGD update
``θ_{t+1} = θ_t − η (1/m) Σ_r g_t^{(r)}``.  The proof that follows establishes, and we check, the
intended conclusion "has the form f* = Σ_i α_i k(x_i, ·)" (existence of a minimizer is assumed, as
in the text; here the objective is strongly convex, so it exists).  The same chapter's synthesis
(MSML-336: "optimal solution is a linear combination of kernel evaluations", with the kernel ridge
closed form).

Proof idea.  Write ``f = f_0 + f_perp`` with ``f_0 in H_0``, ``f_perp ⊥ H_0``.  By the reproducing
property ``f(x_i) = <f, k(x_i, .)> = f_0(x_i)``, so the loss sees only ``f_0``, while
``||f||^2 = ||f_0||^2 + ||f_perp||^2``.  A strictly increasing ``Omega`` then charges any
``f_perp != 0``, so a minimizer has ``f_perp = 0``.  Kernel ridge: the optimality condition
``Phiᵀ(Phi w - y) + lam w = 0`` gives ``w = Phiᵀ alpha`` with ``alpha = (y - Phi w)/lam``, and then
``(K + lam I) alpha = y``.

How it is checked.  The objective ``sum_i l(w · phi(x_i), y_i) + (lam/2)||w||^2 + P(||w||)`` (squared,
logistic or smooth-hinge loss; ``P`` one of ``mu||w||^2/2``, ``mu||w||``, pseudo-Huber, ``mu ||w||^4/4``,
or the non-convex ``mu log(1 + ||w||^2)`` with ``mu <= 2 lam``) is ``m``-strongly convex with
``m = lam - curvature(P)``, so it has exactly one minimizer ``w*``, and the solver's certificate, the
least-norm subgradient ``g`` at its output ``w``, gives ``||w - w*|| <= ||g|| / m`` and
``F(w) - F* <= ||g||^2 / (2m)`` (:mod:`checks.erm`).  The primal problem is solved over all of
``R^D`` from a random start with components off ``H_0``; the kernel form over ``H_0`` from ``K``
alone.  Tolerances add these certified distances to rounding bounds (``eps = 2^-52``):
``4 (n + D) eps (1 + s_max/s_min) ||w||`` for the projector onto ``H_0`` built from the SVD of
``Phi``, and ``16 n (n + D) eps kappa(K) max(1, ||w||)`` for the kernel form, whose eigendecomposition
has backward error ``~ n eps s_max``, amplified at most by ``kappa(K) <= 1e8`` in the coefficients.
"""

from __future__ import annotations

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, close, holds, le
from checks.documents import MSML
from checks.erm import kernel_ridge, minimize_kernel_regularized, minimize_regularized, ridge_primal
from checks.kernels import kernel_matrix
from checks.losses import SQUARED
from checks.linalg import EPS, min_norm_solution, nonzero_singular_values, row_space_projector
from checks.strategies.kernels import (RANK_RCOND, ProjectionProblem, RegularizedProblem, projection_problems,
                                       regularized_problems)

SOURCES = [
    Source(MSML, "Theorems, 'Representer Theorem (General Form)' (printed conclusion garbled; the "
                 "intended one, established by its proof, is checked)", ("MSML-14",)),
    Source(MSML, "Closing synthesis: 'representer theorem: optimal solution is a linear combination "
                 "of kernel evaluations'; kernel ridge alpha = (K + lam I)^{-1} y", ("MSML-336",)),
]


# ------------------------------------------------------------------------ representer theorem

def _span_residual(Phi: np.ndarray, w: np.ndarray, distance: float, label: str) -> Check:
    """``||(I - P) w|| <= ||w - w*|| + rounding``, since ``(I - P) w* = 0`` by the theorem."""
    n, D = Phi.shape
    s = nonzero_singular_values(Phi)
    resid = float(np.linalg.norm(w - row_space_projector(Phi) @ w))
    tol = distance + 4 * (n + D) * EPS * (1 + s[0] / s[-1]) * float(np.linalg.norm(w))
    rel = resid / max(float(np.linalg.norm(w)), 1e-300)
    return le(resid, 0.0, tol, label=f"{label} (relative residual {rel:.3g})",
              why="certified ||w - w*|| <= ||g||/m, plus 4 (n+D) eps (1 + s_max/s_min) ||w|| for the projector")


def representer(inst: RegularizedProblem) -> list[Check]:
    Phi = inst.features(inst.X)
    n, D = Phi.shape
    K = kernel_matrix(inst.features, inst.X)
    primal = minimize_regularized(inst.loss, Phi, inst.y, inst.lam, inst.penalty, w0=inst.w_start)
    kern = minimize_kernel_regularized(inst.loss, K, inst.y, inst.lam, inst.penalty)
    w, alpha = primal.w, kern.alpha
    dp, dk = primal.distance_bound, kern.distance_bound
    s = np.linalg.eigvalsh(K)
    kappa = float(s[-1] / s[0])
    pert = 16 * n * (n + D) * EPS * kappa * max(1.0, float(np.linalg.norm(w)))
    checks = [_span_residual(Phi, w, dp, "the minimizer over R^D lies in span{phi(x_i)}")]
    checks.append(close(Phi.T @ alpha, w, dp + dk + pert,
                        label="kernel-form minimizer Phiᵀalpha = primal minimizer",
                        why="certified distances of both solves + 16 n (n+D) eps kappa(K) max(1, ||w||)"))
    # predictions on the sample and at fresh points: primal phi(x)·w vs kernel sum_i alpha_i k(x_i, x)
    for name, pts in (("sample", inst.X), ("fresh points", inst.X_test)):
        F, Kx = inst.features(pts), inst.features.kernel(pts, inst.X)
        scale = np.linalg.norm(F, axis=1)
        tol = float(np.max(scale * (dp + dk + pert) + 4 * (n + D) * EPS * (
            scale * np.linalg.norm(w) + np.linalg.norm(Kx, axis=1) * np.linalg.norm(alpha))))
        checks.append(close(kern.predict(Kx), F @ w, tol, label=f"same predictions on the {name}",
                            why="||phi(x)|| (distances + pert) "
                                "+ 4 (n+D) eps (||phi(x)|| ||w|| + ||k(x,X)|| ||alpha||)"))
    # the minimum over the span equals the minimum over R^D (each value is within its gap of F*)
    zk = K @ alpha
    lip = float(np.linalg.norm(inst.loss.derivative(zk, inst.y)))
    round_f = 4 * (n + D) * EPS * (abs(primal.value) + abs(kern.value)) + lip * np.sqrt(s[-1]) * pert
    checks.append(le(abs(primal.value - kern.value), primal.gap_bound + kern.gap_bound, round_f,
                     label="min over span{k(x_i,.)} = min over R^D",
                     why="F(w) - F* <= ||g||^2/(2m) for both; 4 (n+D) eps |F| + ||l'|| sqrt(s_max) pert"))
    if inst.loss.name == "squared" and inst.penalty is None:
        checks += _kernel_ridge_checks(inst, Phi, K, w, dp, kern.alpha, dk + pert, s)
    return checks


def _kernel_ridge_checks(inst: RegularizedProblem, Phi: np.ndarray, K: np.ndarray, w: np.ndarray,
                         dp: float, alpha_hat: np.ndarray, dk: float, s: np.ndarray) -> list[Check]:
    n, D = Phi.shape
    lam = inst.lam
    a = kernel_ridge(K, inst.y, lam)
    w_r = ridge_primal(Phi, inst.y, lam)
    sig = np.linalg.svd(Phi, compute_uv=False)
    cond_k, cond_p = (s[-1] + lam) / (s[0] + lam), (sig[0] ** 2 + lam) / lam
    dK = float(np.linalg.norm(K - Phi @ Phi.T, 2))
    tol = (8 * (n + D) * EPS * (cond_k * sig[0] * np.linalg.norm(a) + cond_p * np.linalg.norm(w_r))
           + sig[0] * dK * np.linalg.norm(a) / lam)
    why = ("8 (n+D) eps (cond(K + lam I) ||Phi|| ||alpha|| + cond(PhiᵀPhi + lam I) ||w||) "
           "+ ||Phi|| ||K - PhiPhiᵀ|| ||alpha|| / lam")
    return [
        close(Phi.T @ a, w_r, tol, label="Phiᵀ (K + lam I)^-1 y = (PhiᵀPhi + lam I)^-1 Phiᵀ y", why=why),
        close(w, w_r, dp + tol, label="the certified primal minimizer is the ridge closed form",
              why="certified distance + the closed-form tolerance"),
        close(alpha_hat, a, dk / np.sqrt(s[0]) + 8 * n * EPS * cond_k * np.linalg.norm(a),
              label="kernel-form coefficients = (K + lam I)^-1 y",
              why="||alpha - alpha*|| <= (||f - f*||_H + pert) / sqrt(s_min) + 8 n eps cond(K + lam I) ||alpha||"),
    ]


def _with_extra_point(inst: RegularizedProblem) -> list[Check]:
    """The objective also charges the loss at ``x_extra``; the minimizer is tested against the span
    of the sample features only."""
    Phi = inst.features(inst.X)
    Phi_all = np.vstack([Phi, inst.features(inst.x_extra[None, :])])
    y_all = np.append(inst.y, inst.y_extra)
    sol = minimize_regularized(inst.loss, Phi_all, y_all, inst.lam, inst.penalty, w0=inst.w_start)
    return [_span_residual(Phi, sol.w, sol.distance_bound, "the minimizer lies in span{phi(x_i), i <= n}")]


def _non_radial(inst: RegularizedProblem) -> list[Check]:
    """The span residual alone (a penalty that is not a function of ||w|| has no kernel form)."""
    Phi = inst.features(inst.X)
    sol = minimize_regularized(inst.loss, Phi, inst.y, inst.lam, inst.penalty, w0=inst.w_start)
    return [_span_residual(Phi, sol.w, sol.distance_bound, "the minimizer lies in span{phi(x_i)}")]


def _ridge_without_lam(inst: RegularizedProblem) -> list[Check]:
    Phi = inst.features(inst.X)
    n, D = Phi.shape
    K = kernel_matrix(inst.features, inst.X)
    a = np.linalg.solve(K, inst.y)
    w_r = ridge_primal(Phi, inst.y, inst.lam)
    s = np.linalg.eigvalsh(K)
    tol = 8 * (n + D) * EPS * (s[-1] / s[0]) * (np.sqrt(s[-1]) * np.linalg.norm(a) + np.linalg.norm(w_r))
    return [close(Phi.T @ a, w_r, tol, label="Phiᵀ K^-1 y = (PhiᵀPhi + lam I)^-1 Phiᵀ y",
                  why="8 (n+D) eps cond(K) (||Phi|| ||alpha|| + ||w||)")]


REPRESENTER = Claim(
    id="representer-theorem",
    title="Representer theorem: regularized ERM minimizers lie in the span of the sample's features",
    statement=("For a kernel k(x,z) = phi(x)·phi(z), a loss of the sample values and a strictly increasing "
               "Omega, the minimizer of L(f(x_1..x_n)) + Omega(||f||_H) is sum_i alpha_i k(x_i, .): "
               "it lies in span{phi(x_i)}, minimizing over alpha with K alone gives the same function "
               "and the same minimum, and kernel ridge has alpha = (K + lam I)^-1 y"),
    sources=SOURCES,
    kind="numeric",
    area="kernels",
    instances=regularized_problems("radial"),
    conclusion=representer,
    proof_idea=("Split f = f_0 + f_perp along span{k(x_i,.)}: the reproducing property gives f(x_i) = f_0(x_i), "
                "and ||f||^2 = ||f_0||^2 + ||f_perp||^2, so a strictly increasing Omega penalizes any "
                "f_perp != 0."),
    mutants=[
        Mutant("l1-penalty",
               "mu ||w||_1 is not a function of ||w||: its minimizer is sparse in the feature coordinates, "
               "and sparse vectors are generically not in span{phi(x_i)}",
               conclusion=_non_radial, instances=regularized_problems("l1")),
        Mutant("weighted-norm-penalty",
               "with ||Dw||^2 (D != cI; e.g. a penalty on one coordinate) the optimality condition gives "
               "w = -(lam I + D^2)^-1 Phiᵀ l', which leaves span{phi(x_i)}",
               conclusion=_non_radial, instances=regularized_problems("weighted")),
        Mutant("loss-at-an-extra-point",
               "a loss term at a point x_{n+1} outside the sample pulls w along phi(x_{n+1}), "
               "which is not in span{phi(x_i), i <= n} when D > n",
               conclusion=_with_extra_point),
        Mutant("kernel-ridge-without-lam",
               "alpha = K^-1 y interpolates; the ridge solution is alpha = (K + lam I)^-1 y for lam > 0",
               conclusion=_ridge_without_lam, instances=regularized_problems("ridge", (SQUARED,))),
    ],
    examples=100,
)
test_representer_theorem = REPRESENTER.test()


# ------------------------------------------------------------------------------ projection lemma

def _project(inst: ProjectionProblem) -> dict:
    """Everything about ``f`` and ``Pf``, from Gram matrices and, independently, from features."""
    n = inst.X.shape[0]
    C = np.vstack([inst.X, inst.Z])
    gamma = np.concatenate([inst.alpha, inst.beta])
    K_all = kernel_matrix(inst.features, C)
    K = K_all[:n, :n]
    values = K_all[:n] @ gamma                      # f(x_i)
    c = min_norm_solution(K, values, rcond=RANK_RCOND)  # Pf = sum_i c_i k(x_i, .)
    Phi_C = inst.features(C)
    f_vec = Phi_C.T @ gamma
    Pf_vec = row_space_projector(Phi_C[:n], rcond=np.sqrt(RANK_RCOND)) @ f_vec  # the same rank cutoff
    return dict(n=n, C=C, gamma=gamma, K_all=K_all, K=K, values=values, c=c, Phi_C=Phi_C, f_vec=f_vec,
                Pf_vec=Pf_vec, norm2_f=float(gamma @ K_all @ gamma), norm2_Pf=float(c @ K @ c))


def _tolerances(inst: ProjectionProblem, p: dict) -> dict:
    """Rounding bounds: ``K⁺`` by the SVD (``4 n eps kappa`` relative, the minimum-norm least-squares
    perturbation bound), products ``(n + m) eps`` relative, the projector ``4 (n + D) eps kappa_Phi``,
    and the kernel formula vs the features' Gram matrix ``dK = ||K_all - Phi Phiᵀ||``."""
    n, D, m = p["n"], inst.features.dim, inst.Z.shape[0]
    s = np.linalg.eigvalsh(p["K"])[::-1]
    dropped, s = s[s <= RANK_RCOND * s[0]], s[s > RANK_RCOND * s[0]]
    kappa = s[0] / s[-1]
    # values along a dropped eigenvector u: |u·f(X)| = |<f, sum_i u_i k(x_i,.)>| <= sqrt(uᵀKu) ||f||,
    # and the exact uᵀKu is within n eps s_max of the computed eigenvalue (Weyl)
    drop = float(np.sqrt(np.sum(np.abs(dropped)) + dropped.size * n * EPS * s[0])
                 * np.sqrt(max(p["norm2_f"], 0.0)))
    c, gamma, values = p["c"], p["gamma"], p["values"]
    nc, ng, nv = (float(np.linalg.norm(v)) for v in (c, gamma, values))
    k_all = float(np.linalg.norm(p["K_all"], 2))
    dc = 4 * n * EPS * kappa * (nc + nv / s[0]) + 4 * (n + m) * EPS * k_all * ng / s[-1]
    dK = float(np.linalg.norm(p["K_all"] - p["Phi_C"] @ p["Phi_C"].T, 2))
    sig = nonzero_singular_values(p["Phi_C"][:n], rcond=np.sqrt(RANK_RCOND))
    fitted = s[0] * dc + 4 * (n + m) * EPS * (s[0] * nc + k_all * ng) + drop
    feature = (np.sqrt(s[0]) * (dc + dK * (ng + nc) / s[-1])
               + 4 * (n + D) * EPS * (1 + sig[0] / sig[-1]) * float(np.linalg.norm(p["f_vec"])))
    norms = 8 * (n + m) * EPS * (k_all * ng**2 + s[0] * nc**2) + 2 * s[0] * nc * dc + dK * (ng**2 + nc**2)
    return dict(fitted=fitted, feature=feature, norms=norms, dK=dK)


def projection(inst: ProjectionProblem) -> list[Check]:
    p = _project(inst)
    t = _tolerances(inst, p)
    K, c = p["K"], p["c"]
    fitted_P = K @ c
    off = float(np.linalg.norm(p["f_vec"] - p["Pf_vec"]))
    checks = [
        close(fitted_P, p["values"], t["fitted"], label="Pf(x_i) = f(x_i)",
              why="s_max ||dc|| + 4 (n+m) eps (s_max ||c|| + ||K_all|| ||gamma||) "
                  "+ sqrt(sum of dropped eigenvalues + n eps s_max) ||f||, dc the K⁺ solve error"),
        close(inst.features(inst.X).T @ c, p["Pf_vec"], t["feature"],
              label="Gram-matrix projection = orthogonal projection of phi-coordinates",
              why="sqrt(s_max)(dc + dK (||gamma|| + ||c||)/s_min) + 4 (n+D) eps kappa_Phi ||f||"),
        le(p["norm2_Pf"], p["norm2_f"], t["norms"], label="||Pf||^2 <= ||f||^2",
           why="8 (n+m) eps (||K_all|| ||gamma||^2 + s_max ||c||^2) + 2 s_max ||c|| dc "
               "+ dK (||gamma||^2 + ||c||^2)"),
        close(p["norm2_f"] - p["norm2_Pf"], off**2, t["norms"] + 2 * off * t["feature"] + t["feature"] ** 2,
              label="Pythagoras ||f||^2 - ||Pf||^2 = ||f - Pf||^2",
              why="the norm tolerance plus the feature-side projection error"),
    ]
    if off**2 > 100 * t["norms"]:  # f is resolvably off the span: the objective must strictly drop
        nf, nP = np.sqrt(p["norm2_f"]), np.sqrt(max(p["norm2_Pf"], 0.0))
        om_f, om_P = inst.omega.omega(nf), inst.omega.omega(nP)
        loss = inst.loss
        lf = float(np.sum(loss.value(p["values"], inst.y)))
        lP = float(np.sum(loss.value(fitted_P, inst.y)))
        beta = loss.smoothness
        e = t["fitted"]
        tol_l = float(np.sum(np.abs(loss.derivative(p["values"], inst.y)))) * e + beta * p["n"] * e**2
        checks += [
            holds(om_f > om_P, "Omega(||f||) > Omega(||Pf||): projecting strictly lowers the penalty",
                  f"Omega({nf:.6g}) = {om_f:.6g} vs Omega({nP:.6g}) = {om_P:.6g}; ||f - Pf|| = {off:.3g}"),
            close(lf + om_f - (lP + om_P), om_f - om_P, tol_l + 8 * EPS * (abs(lf) + abs(lP) + abs(om_f)),
                  label="J(f) - J(Pf) = Omega(||f||) - Omega(||Pf||) (the loss is unchanged)",
                  why="sum |l'(f(x_i))| e + beta n e^2 + 8 eps (|L| + |Omega|), e the fitted-values tolerance"),
        ]
    return checks


def _truncated(inst: ProjectionProblem) -> list[Check]:
    """Claims that dropping the extra centres, Pf = sum_i alpha_i k(x_i, .), is the projection."""
    p = _project(inst)
    t = _tolerances(inst, p)
    return [close(p["K"] @ inst.alpha, p["values"], t["fitted"],
                  label="truncated expansion keeps f(x_i)", why="as for the projection")]


PROJECTION = Claim(
    id="representer-projection",
    title="Projection onto span{k(x_i, .)} keeps the sample values and does not increase the RKHS norm",
    statement=("For f = sum_i alpha_i k(x_i,.) + sum_j beta_j k(z_j,.), the projection Pf = sum_i c_i k(x_i,.) "
               "with c = K_xx⁺(K_xx alpha + K_xz beta) has Pf(x_i) = f(x_i), ||f||^2 = ||Pf||^2 + ||f - Pf||^2, "
               "and for any loss of the sample values and strictly increasing Omega the objective "
               "strictly drops when f is off the span"),
    sources=SOURCES,
    kind="numeric",
    area="kernels",
    instances=projection_problems("strict"),
    conclusion=projection,
    proof_idea=("<f - Pf, k(x_i,.)> = 0 is the normal equation K c = (f(x_i))_i, and the reproducing property "
                "turns it into Pf(x_i) = f(x_i); f - Pf is orthogonal to Pf, hence Pythagoras."),
    mutants=[
        Mutant("truncated-expansion",
               "dropping the terms beta_j k(z_j,.) is not the projection: it changes the sample values "
               "by K_xz beta",
               conclusion=_truncated, instances=projection_problems("strict", off_span=True)),
        Mutant("omega-not-strictly-increasing",
               "Omega(r) = mu max(0, r - R)^2/2 is flat for r <= R, so projecting need not lower the objective "
               "(and minimizers off the span exist)",
               instances=projection_problems("dead-zone", off_span=True)),
    ],
    examples=100,
)
test_representer_projection = PROJECTION.test()
