"""The implicit bias depends on the geometry of the optimizer.

Statements.
- Steepest descent.  ``argmin_v ⟨g, v⟩ + ||v||²/(2η) = -ηg`` (gradient descent, eq. 8.2);
  ``argmin_v ⟨g, v⟩ + ½||v||²_D = -D⁻¹g`` for ``||v||_D = √(vᵀDv)``; and ``-||g||_∞ sign(g_j) e_j``
  (``|g_j| = ||g||_∞``) minimizes ``⟨g, v⟩ + ½||v||_1²``, so coordinate descent is steepest descent for
  ``l1``.
- Quadratic norms.  Steepest descent in ``||·||_D`` is mirror descent with ``R = ½||w||²_D``; on
  consistent least squares with ``η = c/λ_max(X D⁻¹ Xᵀ)``, ``0 < c < 2``, it converges to
  ``w* = argmin{||w - w_0||_D : X w = y} = w_0 + D⁻¹Xᵀ(X D⁻¹ Xᵀ)⁻¹(y - X w_0)`` with
  ``||w_t - w*||_D <= ρ^t ||w_0 - w*||_D``, ``ρ = max_i |1 - ηλ_i(X D⁻¹ Xᵀ)|``.
- Feature reparametrization.  GD from 0 on the features ``X' = X M`` (``M`` invertible) converges to
  ``X'⁺y``; mapped back, ``M X'⁺y = M Mᵀ Xᵀ(X M Mᵀ Xᵀ)⁻¹ y = argmin{||M⁻¹θ|| : Xθ = y}``, which is ``X⁺y``
  when ``M`` is a multiple of an orthogonal matrix and differs from it in general (whitening changes
  the implicit bias).
- Non-quadratic norms.  For ``l_{4/3}`` steepest descent on Example 2 (``x¹ = (1, 1, 1)``, ``y¹ = 1``;
  ``x² = (1, 2, 0)``, ``y² = 10``; ``L = Σ(wᵀx - y)²``; ``w_0 = 0``) the limit depends on the step size, and
  no step size in ``(0, 1/β]`` gives the minimum-``l_{4/3}``-norm interpolant (``β = 2 s_max²``).
- Adaptive methods.  If ``X sign(Xᵀy) = c y`` (``c > 0``, no zero in ``Xᵀy``), AdaGrad, RMSProp and Adam
  (no ε) from 0 keep ``w_t ∈ span(sign(Xᵀy))``, so their interpolant is ``sign(Xᵀy)/c``, at distance
  ``||N sign(Xᵀy)||/c`` from GD's ``X⁺y`` (``N`` the projector onto ``null X``).
- Forward stagewise.  For an orthonormal design (``XᵀX = I``) the lasso path ``ŵ(λ) = soft(Xᵀy, λ)`` is
  monotone, and ε-stagewise (coordinate descent with fixed step ε) tracks it: at every step
  ``||w_t - ŵ(λ_t)||_∞ <= ε`` with ``λ_t = ||Xᵀ(y - X w_t)||_∞``; both end within ``2ε`` of the
  least-squares solution.

Sources.  Arora et al., *Theory of Deep Learning*, §8.1.1: eq. (8.5) and the steepest-descent
examples (ARORA-530), Example 1 (ARORA-531, after Efron et al. 2004; only the monotone-path part is
checked, on orthonormal designs; the non-monotone failure is cited without an instance), Example 2
and Figure 8.1 (ARORA-532; the figure's η = 0.25 and 0.3 diverge with the loss (8.1), see the audit
claim); *The Mathematical Structure of Machine Learning*, Ch. 24, C.2 Failure Modes (MSML-212); Zhao,
*From Approximation to Emergence*, Proposition 5.10 (ZHAO-38, informal; the mechanism is Wilson et al.
2017, Lemma 3.1; the test-error comparison is statistical and not checked here).

Proof ideas.  The variational forms are completions of squares (for ``l1``: ``⟨g, v⟩ >= -||g||_∞||v||_1``
and ``-ab + b²/2 >= -a²/2``).  Preconditioned GD keeps ``D(w_t - w_0) ∈ row(X)`` and contracts the error
by ``I - ηD⁻¹XᵀX``, similar to a symmetric matrix with eigenvalues ``1 - ηλ_i`` on that subspace.  For
``l_{4/3}`` there is no such invariant: the step ``-sign(g)|g|³/||g||_4²`` is not linear in ``g``.  For the
adaptive methods every gradient is ``(λ_t c - 1) Xᵀy``, whose coordinate-wise normalization is a
multiple of ``sign(Xᵀy)``.  For stagewise on an orthonormal design, ``g = w - z`` coordinate-wise; a
coordinate moves only when its gap ``|z_j - w_j|`` is the maximum ``λ_t``, so every touched gap lies in
``[λ_t - ε, λ_t]``.

Finite statements and tolerances.  Preconditioned GD: the bound at every step ``t <= T <= 300``, with
rounding propagated through the non-expansive map (in the ``D⁻¹``-norm of the dual iterate) and the
computed ``ρ`` enlarged by the eigenvalue error.  ``l_{4/3}``: the limits are located by
the descent inequality ``L_{t+1} <= L_t - (η/2)||∇L_t||_4²`` (``η <= 1/β``) and ``||∇L||_4 >= c √L``,
``c = 2 s_min d^{-1/4}``, which bound the remaining path length by ``(4/c)√L_T`` in ``l_{4/3}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import ceil

import numpy as np
import scipy.optimize
import sympy

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.documents import ARORA, MSML, ZHAO
from checks.linalg import EPS, min_norm_solution
from checks.mirror import (Certified, Design, Quadratic, adaptive_least_squares, certify_projection,
                           forward_stagewise, lp_steepest_descent, mirror_descent, soft_threshold)
from checks.strategies.implicit_bias import (AdaptiveCase, FeatureMap, PreconditionedProblem, StagewiseCase,
                                             SteepestCase, StepPair, adaptive_cases, cayley, feature_maps,
                                             figure_step_sizes, preconditioned_problems, stagewise_cases,
                                             steepest_cases, step_pairs)


def _worst(checks: list[Check]) -> Check:
    return max(checks, key=lambda c: c.ratio)


# --- claim 1 (exact): steepest-descent directions -------------------------------------------------------

def _dot(a, b) -> Fraction:
    return sum((x * y for x, y in zip(a, b)), Fraction(0))


def _D(case: SteepestCase) -> list[list[Fraction]]:
    B, d = case.B, len(case.g)
    return [[Fraction(sum(B[k][i] * B[k][j] for k in range(d)) + int(i == j)) for j in range(d)] for i in range(d)]


def _solve(D: list[list[Fraction]], g: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    sol = sympy.Matrix(D).LUsolve(sympy.Matrix(g))
    return tuple(Fraction(int(x.p), int(x.q)) for x in sol)


def _quad(D, v) -> Fraction:
    return _dot(v, [_dot(row, v) for row in D])


def _l1_phi(g, v) -> Fraction:
    return _dot(g, v) + sum(abs(x) for x in v) ** 2 / 2


def _normalized_gradient(g) -> tuple[Fraction, ...]:
    top, total = max(abs(x) for x in g), sum(abs(x) for x in g)
    return tuple(-top * x / total for x in g)


def steepest_checks(c: SteepestCase, metric_step=None) -> list[Check]:
    g, eta, D = c.g, c.eta, _D(c)
    d = len(g)
    out = []
    v2 = tuple(-eta * x for x in g)
    phi2 = lambda v: _dot(g, v) + _dot(v, v) / (2 * eta)  # noqa: E731
    vD = metric_step(D, g) if metric_step else tuple(-x for x in _solve(D, g))
    phiD = lambda v: _dot(g, v) + _quad(D, v) / 2  # noqa: E731
    for v in c.vs:
        dv2 = [a - b for a, b in zip(v, v2)]
        dvD = [a - b for a, b in zip(v, vD)]
        out.append(equal(phi2(v) - phi2(v2), _dot(dv2, dv2) / (2 * eta),
                         label="l2: ⟨g, v⟩ + ||v||²/2η - min = ||v + ηg||²/2η (minimizer -ηg, eq. 8.2)"))
        out.append(equal(phiD(v) - phiD(vD), _quad(D, dvD) / 2,
                         label="||·||_D: ⟨g, v⟩ + ½||v||²_D - min = ½||v + D⁻¹g||²_D (minimizer -D⁻¹g)"))
    top = max(abs(x) for x in g)
    j = next(i for i in range(d) if abs(g[i]) == top)
    v1 = tuple(-top * (1 if g[j] > 0 else -1) if i == j else Fraction(0) for i in range(d))
    out.append(equal(_l1_phi(g, v1), -top * top / 2, label="l1: the coordinate step -||g||_∞ sign(g_j) e_j attains -½||g||_∞²"))
    for v in list(c.vs) + [_normalized_gradient(g)]:
        out.append(ge(_l1_phi(g, v), -top * top / 2, label="l1: ⟨g, v⟩ + ½||v||_1² >= -½||g||_∞² for every v"))
    return out


def inverse_metric(c: SteepestCase) -> list[Check]:
    return steepest_checks(c, metric_step=lambda D, g: tuple(-_dot(row, g) for row in D))


def l1_normalized_gradient(c: SteepestCase) -> list[Check]:
    g = c.g
    top = max(abs(x) for x in g)
    return [equal(_l1_phi(g, _normalized_gradient(g)), -top * top / 2,
                  label="l1: the rescaled gradient -||g||_∞ g/||g||_1 attains the minimum -½||g||_∞²")]


STEEPEST = Claim(
    id="steepest-descent-directions",
    title="Steepest-descent steps for l2, a quadratic norm and l1 (gradient, preconditioned and coordinate descent)",
    statement="argmin_v ⟨g, v⟩ + ||v||²/(2η) = -ηg; argmin_v ⟨g, v⟩ + ½||v||²_D = -D⁻¹g with the excess ½||v + D⁻¹g||²_D; "
              "min_v ⟨g, v⟩ + ½||v||_1² = -½||g||_∞², attained at -||g||_∞ sign(g_j) e_j with |g_j| = ||g||_∞",
    sources=[Source(ARORA, "§8.1.1, eqs. (8.2) and (8.5) and the steepest-descent examples", ("ARORA-530",))],
    kind="exact",
    area="implicit-bias",
    instances=steepest_cases(),
    conclusion=steepest_checks,
    proof_idea="Complete the square: ⟨g, v⟩ + ½vᵀDv = ½(v + D⁻¹g)ᵀD(v + D⁻¹g) - ½gᵀD⁻¹g. For l1, Hölder gives "
               "⟨g, v⟩ >= -||g||_∞||v||_1 and -ab + b²/2 >= -a²/2, with equality for a single top coordinate.",
    mutants=[Mutant("inverse-metric-step", "-Dg is the steepest step for ||·||_{D⁻¹}; for ||·||_D the step is -D⁻¹g",
                    conclusion=inverse_metric),
             Mutant("l1-step-is-rescaled-gradient", "spreading the step over all coordinates costs ||g||_∞(||g||_∞||g||_1 - "
                                                    "||g||_2²)/||g||_1 > 0 unless all |g_i| are equal",
                    conclusion=l1_normalized_gradient)],
    examples=60,
)
test_steepest_descent_directions = STEEPEST.test()


# --- claim 2: steepest descent in a quadratic norm converges to the closest interpolant in that norm ------------

@dataclass(frozen=True, eq=False)
class PrecondRun:
    inst: PreconditionedProblem
    pot: Quadratic
    W: np.ndarray
    target: Certified
    rho: float
    acc: np.ndarray
    start: float
    fl_w: np.ndarray


def _dnorm(D: np.ndarray, v: np.ndarray) -> np.ndarray:
    v = np.atleast_2d(v)
    return np.sqrt(np.einsum("ti,ij,tj->t", v, D, v))


def precond_run(p: PreconditionedProblem, target_fn=None) -> PrecondRun:
    X, y, D, w0 = p.X, p.y, p.D, p.w0
    n, d = X.shape
    pot = Quadratic(D)
    design = Design.of(X)
    lam_max = float(np.linalg.eigvalsh(X @ pot.hess_conj(w0) @ X.T)[-1])
    run = mirror_descent(pot, X, y, w0, np.full(p.steps, p.c), cap=False)
    eta = p.c / lam_max
    Dinv = pot.hess_conj(w0)
    if target_fn is None:
        w_star = w0 + Dinv @ X.T @ np.linalg.solve(X @ Dinv @ X.T, y - X @ w0)
        target = Certified(w_star, certify_projection(pot, X, y, w0, w_star, design))
    else:
        target = target_fn(p, design)
    lam = np.linalg.eigvalsh(X @ Dinv @ X.T)
    l_min, l_max = pot._eig
    smax = float(design.s[0])
    # eigenvalues of X Ĉ Xᵀ vs X D⁻¹ Xᵀ: the inverse (3 d^2.5 EPS cond/l_min), the products and eigvalsh
    E = smax ** 2 * ((3 * d ** 2.5 * pot.cond + 2 * (n + d)) * EPS / l_min) + n * EPS * float(lam[-1])
    rho = float(np.max(np.abs(1 - eta * lam))) + eta * E
    # per-step perturbation of the dual recursion, in the D⁻¹-norm: η XᵀX f_t (primal error f_t of
    # fl(Ĉθ)) and the rounding of the update itself
    W, Th = run.W, run.Theta
    f = np.linalg.norm(pot.grad_conj_error(Th), axis=1)
    R = W @ X.T - y
    upd = eta * (smax * (d + 2) * EPS * (np.linalg.norm(np.abs(W) @ np.abs(X).T, axis=1) + np.linalg.norm(y))
                 + (n + 1) * EPS * float(np.linalg.norm(X)) * np.linalg.norm(R, axis=1))
    per = (eta * smax ** 2 * f + upd + EPS * np.linalg.norm(Th, axis=1)) / np.sqrt(l_min)
    acc = np.concatenate([[0.0], np.cumsum(per[:-1])])
    start = float(np.linalg.norm((d + 1) * EPS * (np.abs(D) @ np.abs(w0)))) / np.sqrt(l_min)
    return PrecondRun(p, pot, W, target, rho, acc, start, np.sqrt(l_max) * f)


def rate_check(r: PrecondRun, power: int = 1) -> Check:
    D = r.inst.D
    l_max = r.pot._eig[1]
    rD = np.sqrt(l_max) * r.target.radius
    dist = _dnorm(D, r.W - r.target.w)
    t = np.arange(r.W.shape[0])
    bound = r.rho ** (power * t) * (dist[0] + rD + r.start) + r.acc + r.fl_w + rD
    tol = 4 * r.W.shape[1] * EPS * (dist + np.sqrt(l_max) * (np.linalg.norm(r.W, axis=1) + np.linalg.norm(r.target.w)))
    ratio = dist / (bound + tol)
    k = int(np.argmax(ratio))
    return le(float(dist[k]), float(bound[k]), tol=float(tol[k]),
              label=f"||w_t - w*||_D <= rho^{'2' if power == 2 else ''}t ||w_0 - w*||_D (worst step t = {k} of {t[-1]}, rho = {r.rho:.6g})",
              why="rounding of each step, propagated through the non-expansive error map, and of the norms")


def precond_checks(p: PreconditionedProblem) -> list[Check]:
    r = precond_run(p)
    return [rate_check(r)]


def _inverse_metric_target(p: PreconditionedProblem, design: Design) -> Certified:
    X, y, D, w0 = p.X, p.y, p.D, p.w0
    return Certified(w0 + D @ X.T @ np.linalg.solve(X @ D @ X.T, y - X @ w0), 0.0)


def _euclidean_target(p: PreconditionedProblem, design: Design) -> Certified:
    return Certified(p.w0 + min_norm_solution(p.X, p.y - p.X @ p.w0), 0.0)


def limit_in_inverse_metric(p: PreconditionedProblem) -> list[Check]:
    return [rate_check(precond_run(p, _inverse_metric_target))]


def limit_is_euclidean(p: PreconditionedProblem) -> list[Check]:
    return [rate_check(precond_run(p, _euclidean_target))]


def rate_squared(p: PreconditionedProblem) -> list[Check]:
    return [rate_check(precond_run(p), power=2)]


PRECONDITIONED = Claim(
    id="steepest-descent-quadratic-norm-limit",
    title="Steepest descent in ||·||_D converges to the interpolant closest to w_0 in ||·||_D, at the spectral rate",
    statement="w_{t+1} = w_t - η D⁻¹Xᵀ(Xw_t - y) with η = c/λ_max(XD⁻¹Xᵀ), 0 < c < 2, satisfies ||w_t - w*||_D <= ρ^t "
              "||w_0 - w*||_D for w* = w_0 + D⁻¹Xᵀ(XD⁻¹Xᵀ)⁻¹(y - Xw_0) = argmin{||w - w_0||_D : Xw = y}, "
              "ρ = max_i |1 - ηλ_i(XD⁻¹Xᵀ)|",
    sources=[Source(ARORA, "§8.1.1 after eq. (8.5): quadratic norms ||v||_D = √(vᵀDv)", ("ARORA-530",))],
    kind="proxy",
    proxy="the limit w_t -> argmin{||w - w_0||_D : Xw = y} is represented by the contraction bound at every step "
          "t = 1..T <= 300, which is an equality when w_0 - w* lies along the slowest direction D⁻¹Xᵀu",
    area="implicit-bias",
    instances=preconditioned_problems(),
    conclusion=precond_checks,
    proof_idea="D(w_t - w*) ∈ row(X) and D(w_{t+1} - w*) = (I - ηXᵀXD⁻¹) D(w_t - w*); in the D⁻¹-norm this map is "
               "similar to I - ηD^{-1/2}XᵀXD^{-1/2}, with eigenvalues 1 - ηλ_i on the relevant subspace.",
    mutants=[
        Mutant("limit-in-inverse-metric", "argmin ||w - w_0||_{D⁻¹} = w_0 + DXᵀ(XDXᵀ)⁻¹(y - Xw_0) is the limit of the "
                                          "step -ηDg, not of -ηD⁻¹g", conclusion=limit_in_inverse_metric),
        Mutant("limit-is-euclidean-projection", "preconditioning changes the geometry: the Euclidean projection "
                                                "w_0 + X⁺(y - Xw_0) is not the limit unless D ∝ I on the relevant subspace",
               conclusion=limit_is_euclidean),
        Mutant("rate-squared", "the error contracts by exactly ρ per step along the slowest direction, not ρ²",
               conclusion=rate_squared),
    ],
    examples=150,
)
test_steepest_descent_quadratic_norm_limit = PRECONDITIONED.test()


# --- claim 3: reparametrizing the features changes GD's interpolant ---------------------------------------

def _min_norm_err(A: np.ndarray, b: np.ndarray, x: np.ndarray) -> float:
    """Rounding of ``A⁺b`` (consistent ``b``): ``4 (n + d) eps kappa (||x|| + ||b|| / s_max)``."""
    s = np.linalg.svd(A, compute_uv=False)
    return 4 * sum(A.shape) * EPS * float(s[0] / s[-1]) * (float(np.linalg.norm(x)) + float(np.linalg.norm(b)) / float(s[0]))


def feature_solutions(f: FeatureMap) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    X, y, M = f.X, f.y, f.M
    Xp = X @ M
    theta_p = min_norm_solution(Xp, y)
    theta = M @ theta_p
    w2 = min_norm_solution(X, y)
    sM = np.linalg.svd(M, compute_uv=False)
    err = (float(sM[0]) * _min_norm_err(Xp, y, theta_p) + _min_norm_err(X, y, w2)
           + (X.shape[1] + 1) * EPS * float(np.linalg.norm(np.abs(M) @ np.abs(theta_p))))
    return theta, w2, theta_p, err


def feature_checks(f: FeatureMap) -> list[Check]:
    X, y, M = f.X, f.y, f.M
    theta, w2, theta_p, err = feature_solutions(f)
    MMt = M @ M.T
    G = X @ MMt @ X.T
    closed = MMt @ X.T @ np.linalg.solve(G, y)
    lg = np.linalg.eigvalsh(G)
    cl_err = 8 * sum(X.shape) * EPS * float(lg[-1] / lg[0]) * float(np.linalg.norm(closed)) * (1 + float(np.linalg.cond(MMt)))
    Minv = np.linalg.inv(M)
    out = [close(theta, closed, err + cl_err, label="M X'⁺y = M Mᵀ Xᵀ(X M Mᵀ Xᵀ)⁻¹ y (the ||M⁻¹·||-minimal interpolant)",
                 why="err (feature_solutions) + 8 (n + d) eps cond(G) ||closed|| (1 + cond(M Mᵀ)) for the solve"),
           le(float(np.linalg.norm(Minv @ theta)), float(np.linalg.norm(Minv @ w2)),
              tol=float(np.linalg.norm(Minv, 2)) * 2 * err + 8 * EPS * float(np.linalg.norm(Minv @ w2)),
              label="||M⁻¹ θ_M|| <= ||M⁻¹ X⁺y||: θ_M minimizes the M⁻¹-norm"),
           le(float(np.linalg.norm(w2)), float(np.linalg.norm(theta)), tol=2 * err,
              label="||X⁺y|| <= ||θ_M||: X⁺y minimizes the Euclidean norm")]
    if f.orthogonal:  # err > 0: y = X g != 0 for the drawn full-row-rank X
        out.append(close(theta, w2, err, label="orthogonal M (up to scale): M X'⁺y = X⁺y", why=FEATURE_WHY))
    return out


FEATURE_WHY = ("s_max(M) x rounding of X'⁺y + rounding of X⁺y (4 (n + d) eps kappa (||x|| + ||y||/s_max) each) "
               "+ (d + 1) eps || |M| |θ'| || for the product M θ'")


def whitening_never_changes(f: FeatureMap) -> list[Check]:
    theta, w2, _, err = feature_solutions(f)
    return [close(theta, w2, err, label="M X'⁺y = X⁺y for every invertible M", why=FEATURE_WHY)]


def orthogonal_changes(f: FeatureMap) -> list[Check]:
    # "moves the interpolant" can only be seen beyond the rounding bound err of the two solutions (a 2-norm bound)
    theta, w2, _, err = feature_solutions(f)
    return [ge(float(np.linalg.norm(theta - w2)), err,
               label=f"an orthogonal change of features moves the interpolant (beyond rounding, err = {err:.3g})")]


FEATURES = Claim(
    id="feature-reparametrization-changes-gd-limit",
    title="GD's implicit bias is not invariant to a change of features X' = XM: it selects argmin ||M⁻¹θ||",
    statement="for invertible M, GD from 0 on X' = XM converges to X'⁺y, and M X'⁺y = MMᵀXᵀ(XMMᵀXᵀ)⁻¹y = "
              "argmin{||M⁻¹θ|| : Xθ = y}; it equals X⁺y when M is a multiple of an orthogonal matrix",
    sources=[Source(MSML, "C.2 Failure Modes: feature scaling and whitening", ("MSML-212",))],
    kind="numeric",
    area="implicit-bias",
    instances=feature_maps(),
    conclusion=feature_checks,
    proof_idea="X'⁺y is the minimum-norm solution of XMθ' = y; θ = Mθ' turns ||θ'|| into ||M⁻¹θ||. For M = sQ, "
               "||M⁻¹θ|| = ||θ||/s, so the selected interpolant is the Euclidean one.",
    mutants=[Mutant("whitening-never-changes-interpolant", "the norm ||M⁻¹θ|| has different minimizers on the affine "
                                                           "set than ||θ|| unless M ∝ orthogonal",
                    conclusion=whitening_never_changes, instances=feature_maps(orthogonal=False)),
             Mutant("orthogonal-map-changes-interpolant", "an orthogonal M preserves the Euclidean norm, so the "
                                                          "selected interpolant is the same", conclusion=orthogonal_changes,
                    instances=feature_maps(orthogonal=True))],
    examples=100,
)
test_feature_reparametrization_changes_gd_limit = FEATURES.test()


# --- claim 4: l_{4/3} steepest descent: the limit depends on the step size ----------------------------------

EX2_X = np.array([[1.0, 1.0, 1.0], [1.0, 2.0, 0.0]])
EX2_Y = np.array([1.0, 10.0])
EX2_PARTICULAR = np.array([0.0, 5.0, -4.0])   # an exact interpolant
EX2_NULL = np.array([-2.0, 1.0, 1.0])         # spans null(X)


def _pnorm(w: np.ndarray, p: float) -> np.ndarray:
    return np.sum(np.abs(w) ** p, axis=-1) ** (1 / p)


def min_norm_upper(p: float) -> float:
    """An upper bound on ``min{||w||_p : Xw = y}``: the norm (rounded up) at the best point of the exact
    line ``(0, 5, -4) + t(-2, 1, 1)`` (every point on it interpolates)."""
    res = scipy.optimize.minimize_scalar(lambda t: float(_pnorm(EX2_PARTICULAR + t * EX2_NULL, p)),
                                         bounds=(-2.0, 2.0), method="bounded", options={"xatol": 1e-12})
    return float(_pnorm(EX2_PARTICULAR + res.x * EX2_NULL, p)) * (1 + 16 * EPS)


def lp_limits(pair: StepPair, p: float) -> list[Check]:
    X, y = EX2_X, EX2_Y
    d = X.shape[1]
    s = np.linalg.svd(X, compute_uv=False)
    beta = 2 * float(s[0]) ** 2 * (1 + 8 * EPS)
    q = p / (p - 1)
    c = 2 * float(s[-1]) * (1 - 8 * EPS) * d ** (1 / q - 1 / 2)
    # ltol is the solver's stopping level (run until L <= 1e-24), not a tolerance of a check
    W, L, T = lp_steepest_descent(X, y, p, np.array([pair.eta1, pair.eta2]), steps=40000, ltol=1e-24)
    # remaining path length of the exact iteration from w_T, in l_p (see the module docstring), with sqrt(L(w_T))
    # bounded from the computed L: each residual (X w - y)_i errs by (d + 1) eps (|X||w| + |y|)_i (a dot product
    # and a subtraction), the sum of n squares by (n + 1) eps relative
    n = X.shape[0]
    residual_err = (d + 1) * EPS * np.linalg.norm(np.abs(W) @ np.abs(X).T + np.abs(y), axis=1)
    radius = 4 / c * (np.sqrt(L * (1 + (n + 2) * EPS)) + residual_err)
    gap = float(_pnorm(W[0] - W[1], p))
    m_up = min_norm_upper(p)
    norms = _pnorm(W, p)
    return [holds(pair.eta2 <= 1 / beta, "hypothesis η <= 1/β, β = 2 s_max² (smoothness of L in l_p, p <= 2)",
                  f"η2 = {pair.eta2:.6g}, 1/β = {1 / beta:.6g}"),
            # convergence of the runs (a precondition of the proxy, not a rounding tolerance: the radii are derived)
            holds(float(np.max(L)) <= 1e-20, f"both runs reach L <= 1e-20 (T = {T})", f"L_T = {L}"),
            ge(gap, float(radius.sum()), label=f"||w_inf(η1) - w_inf(η2)||_p > 0 (η1 = {pair.eta1:.4g}, η2 = {pair.eta2:.4g})"),
            ge(float(np.min(norms - radius)), m_up, label="||w_inf(η)||_p > min{||w||_p : Xw = y} for both steps")]


def lp_four_thirds(pair: StepPair) -> list[Check]:
    return lp_limits(pair, 4 / 3)


def lp_two(pair: StepPair) -> list[Check]:
    return lp_limits(pair, 2.0)


LP_STEPS = Claim(
    id="lp-steepest-descent-limit-depends-on-step",
    title="l_{4/3} steepest descent on Example 2: the limit depends on the step size and is never the min-norm interpolant",
    statement="for x¹ = (1, 1, 1), y¹ = 1, x² = (1, 2, 0), y² = 10, L = Σ(wᵀx - y)², w_0 = 0 and 0 < η1 < η2/2 <= 1/(2β), "
              "β = 2 s_max²: l_{4/3} steepest descent has limits w_inf(η1) ≠ w_inf(η2), and ||w_inf(η)||_{4/3} > "
              "min{||w||_{4/3} : Xw = y}",
    sources=[Source(ARORA, "§8.1.1, Example 2 and Figure 8.1", ("ARORA-532",))],
    kind="proxy",
    proxy="'the limit depends on η and misses the min-norm interpolant' is represented, for drawn step pairs in "
          "[0.005, 1/β], by certified balls of radius (4/c)√L_T around the final iterates that are disjoint from "
          "each other and from the l_{4/3} ball of the min-norm interpolant",
    area="implicit-bias",
    instances=step_pairs(),
    conclusion=lp_four_thirds,
    proof_idea="For η <= 1/β the loss drops by at least (η/2)||∇L||_4² per step and ||∇L||_4 >= c√L, so the rest of the "
               "path has l_{4/3} length at most Σ η||∇L_t||_4 <= (4/c)√L_T; no invariant pins the limit, whose position "
               "along the null line depends on how the nonlinear steps accumulate.",
    mutants=[Mutant("l2-steepest-descent-too", "for p = 2 (gradient descent) the limit is the minimum-norm "
                                               "interpolant for every stable step, so neither separation holds",
                    conclusion=lp_two)],
    examples=10,
)
test_lp_steepest_descent_limit_depends_on_step = LP_STEPS.test()


def figure_steps_converge(eta: float) -> list[Check]:
    _, L, T = lp_steepest_descent(EX2_X, EX2_Y, 4 / 3, np.array([eta]), steps=3000)
    L0 = float(EX2_Y @ EX2_Y)
    if not np.isfinite(L[0]):
        return [holds(False, f"η = {eta}: l_(4/3) steepest descent on L of (8.1) converges",
                      f"diverged: |w_t| > 1e50 at step t = {T}")]
    # "converges" as printed is read as L_T <= 1e-8 L_0 within 3000 steps: a reading of the statement, not a rounding
    # tolerance (the audited steps diverge, so the reading does not decide the finding)
    return [le(float(L[0]), 1e-8 * L0, label=f"η = {eta}: l_(4/3) steepest descent on L of (8.1) converges "
                                             f"(L_T <= 1e-8 L_0 after T = {T} steps)")]


FIGURE_STEPS = Claim(
    id="lp-steepest-descent-figure-steps-as-printed",
    title="Figure 8.1 as printed: l_{4/3} steepest descent on the loss (8.1) converges for η = 0.01, 0.1, 0.25, 0.3",
    statement="with L(w) = Σ(wᵀx - y)² (eq. 8.1) and the data of Example 2, steepest descent w.r.t. ||·||_{4/3} from 0 "
              "converges to a global minimum for each step size η ∈ {0.01, 0.1, 0.25, 0.3} shown in Figure 8.1",
    sources=[Source(ARORA, "§8.1.1, Example 2 and Figure 8.1", ("ARORA-532",))],
    kind="numeric",
    area="implicit-bias",
    instances=figure_step_sizes(),
    conclusion=figure_steps_converge,
    proof_idea="The iteration is stable only for η below about 2/β' (β' the curvature of L along the steps); with the "
               "un-normalized loss, η = 0.25 and 0.3 overshoot and the iterates grow geometrically.",
    audit=True,
    corrected="lp-steepest-descent-limit-depends-on-step",
    finding="With L(w) = Σ(wᵀx - y)² as in (8.1), η = 0.25 and η = 0.3 diverge (the loss grows geometrically, past "
            "1e130 within 300 steps); η = 0.01 and 0.1 converge. The figure corresponds to L/2 (then all four converge, to "
            "different limits). The step-size dependence itself is real: checked for 0 < η <= 1/(2 s_max²).",
    examples=10,
)
test_lp_steepest_descent_figure_steps_as_printed = FIGURE_STEPS.test()


# --- claim 5: adaptive methods stay on the sign ray ---------------------------------------------------------

INTERVAL_DIGITS = 40
"""Precision of the interval run of the adaptive methods (its enclosures are ~1e-25 wide)."""


def _ray_check(a: AdaptiveCase, eps: float, label: str) -> Check:
    """The exact iterates, enclosed by an interval run: ``w_t,j s_j`` must be one common value, so the
    interval midpoints may differ by at most the sum of two radii."""
    W = adaptive_least_squares(a.X, a.y, a.method, a.eta, a.steps, eps=eps, interval_digits=INTERVAL_DIGITS)
    worst = (-1.0, 0, 0.0, 1.0)
    for t in range(1, W.shape[0]):
        z = [W[t, j] * a.s[j] for j in range(a.s.size)]
        mids = [x.mid for x in z]
        spread = float(max(mids) - min(mids))
        # two enclosures of one exact value have midpoints at most (width_1 + width_2)/2 <= max width apart (2 max
        # width is kept as the allowance); the 53-bit subtraction of the midpoints and the conversions to double
        # add 2 eps relative
        allow = 2 * float(max(x.delta for x in z)) * (1 + 2 * EPS)
        ratio = spread / allow if allow > 0 else (0.0 if spread == 0 else np.inf)
        if ratio > worst[0]:
            worst = (ratio, t, spread, allow)
    _, t, spread, allow = worst
    if allow == 0:  # zero-width enclosures: the iterates are exact doubles and must coincide exactly
        return holds(spread == 0, f"{label} (exact iterates, worst step t = {t})",
                     f"spread {spread:.3g} between zero-width enclosures")
    return le(spread, 0.0, tol=allow, label=f"{label} (exact iterates, worst step t = {t})",
              why=f"the {INTERVAL_DIGITS}-digit interval enclosures' radii")


def adaptive_checks(a: AdaptiveCase) -> list[Check]:
    X, y, s, c = a.X, a.y, a.s, a.c
    n, d = X.shape
    g0 = X.T @ y
    hyp_tol = (d + 2) * EPS * float(np.linalg.norm(np.abs(X) @ np.abs(s))) + 4 * EPS * c * float(np.linalg.norm(y))
    # (X s = c y holds exactly for the exact binary values; the tolerance covers only the float evaluation)
    w2 = min_norm_solution(X, y)
    design = Design.of(X)
    ray = s / c
    N_s = float(design.null_part(s))
    err = _min_norm_err(X, y, w2) + 4 * EPS * float(np.linalg.norm(ray))
    return [close(X @ s, c * y, hyp_tol, label="hypothesis X sign(Xᵀy) = c y", why="rounding of X s"),
            ge(float(np.min(s * g0)), 0.0, label="hypothesis sign(Xᵀy) = s, no zero entry (min s_j (Xᵀy)_j > 0)"),
            _ray_check(a, 0.0, f"{a.method} iterates stay in span(sign(Xᵀy))"),
            close(X @ ray, y, hyp_tol / c, label="the interpolant on the ray is sign(Xᵀy)/c", why="rounding of X s"),
            close(float(np.linalg.norm(ray - w2)), N_s / c, err + float(design.null_part_error(s)) / c,
                  label="||sign(Xᵀy)/c - X⁺y|| = ||N sign(Xᵀy)|| / c (distance from GD's limit)",
                  why="rounding of X⁺y and of the projector")]


def adaptive_limit_is_gd(a: AdaptiveCase) -> list[Check]:
    w2 = min_norm_solution(a.X, a.y)
    return [close(a.s / a.c, w2, _min_norm_err(a.X, a.y, w2) + 8 * EPS * float(np.linalg.norm(a.s / a.c)),
                  label="the adaptive interpolant sign(Xᵀy)/c equals GD's X⁺y",
                  why="4 (n + d) eps kappa (||X⁺y|| + ||y||/s_max) for X⁺y + 8 eps ||s/c|| for the division")]


def ray_survives_epsilon(a: AdaptiveCase) -> list[Check]:
    g0 = np.abs(a.X.T @ a.y)
    return [_ray_check(a, float(g0.min()), f"{a.method} with ε = min|Xᵀy| stays in span(sign(Xᵀy))")]


ADAPTIVE_CLAIM = Claim(
    id="adaptive-methods-sign-ray",
    title="AdaGrad, RMSProp and Adam stay on the ray of sign(Xᵀy) and pick a different interpolant than GD (Wilson et al.)",
    statement="if X sign(Xᵀy) = c y with c > 0 and Xᵀy has no zero entry, then from w_0 = 0 the iterates of AdaGrad, "
              "RMSProp and Adam (without ε) are multiples of s = sign(Xᵀy), their interpolant is s/c, and "
              "||s/c - X⁺y|| = ||N s||/c",
    sources=[Source(ZHAO, "Proposition 5.10 (marginal value of adaptive methods, informal) and Figure 5.13",
                    ("ZHAO-38",))],
    kind="numeric",
    area="implicit-bias",
    instances=adaptive_cases(),
    conclusion=adaptive_checks,
    proof_idea="By induction w_t = λ_t s, so ∇L(w_t) = Xᵀ(λ_t c y - y) = (λ_t c - 1) Xᵀy; all moment estimates are "
               "coordinate-wise functions of the scalars (λ_τ c - 1) times |(Xᵀy)_j|, and the normalized step "
               "m̂_j/√v̂_j is a scalar times s_j. X(λs) = λcy = y forces λ = 1/c; s/c - X⁺y ∈ null(X).",
    mutants=[Mutant("adaptive-limit-is-gd-limit", "s/c is in row(X) only in special cases; generically it keeps a "
                                                  "null-space part ||Ns||/c > 0", conclusion=adaptive_limit_is_gd),
             Mutant("ray-survives-epsilon", "with ε > 0 the step m̂_j/(√v̂_j + ε) depends on |(Xᵀy)_j|, so "
                                            "coordinates of different size leave the ray", conclusion=ray_survives_epsilon)],
    examples=100,
)
test_adaptive_methods_sign_ray = ADAPTIVE_CLAIM.test()


# --- claim 6 (exact): forward stagewise tracks the lasso path on an orthonormal design -------------------

def _stagewise(c: StagewiseCase, sign_descent: bool = False):
    Q = cayley(c.A)
    X = [row[: c.d] for row in Q]
    y = [sum(X[i][j] * c.z[j] for j in range(c.d)) for i in range(c.n)]
    steps = ceil(sum(abs(x) for x in c.z) / c.eps) + c.d + 5
    if not sign_descent:
        return X, y, forward_stagewise(X, y, c.eps, steps)
    w = [Fraction(0)] * c.d
    out = []
    for _ in range(steps):
        r = [sum(X[i][j] * w[j] for j in range(c.d)) - y[i] for i in range(c.n)]
        g = [sum(X[i][j] * r[i] for i in range(c.n)) for j in range(c.d)]
        out.append((tuple(w), tuple(g)))
        if max(abs(x) for x in g) <= c.eps:
            break
        w = [wj - c.eps * ((gj > 0) - (gj < 0)) for wj, gj in zip(w, g)]
    return X, y, out


def tracking_checks(c: StagewiseCase, path, bound: Fraction) -> list[Check]:
    devs = []
    for w, g in path[:-1]:  # every step taken (lambda_t > eps)
        lam = max(abs(x) for x in g)
        lasso = soft_threshold(c.z, lam)
        devs.append((max(abs(a - b) for a, b in zip(w, lasso)), lam))
    worst, lam = max(devs, key=lambda p: p[0]) if devs else (Fraction(0), Fraction(0))
    return [le(worst, bound, label=f"max_t ||w_t - lasso(λ_t)||_∞ <= {bound} (λ_t = ||Xᵀ(y - Xw_t)||_∞; worst at λ = {lam})")]


def stagewise_checks(c: StagewiseCase) -> list[Check]:
    X, y, path = _stagewise(c)
    out = tracking_checks(c, path, c.eps)
    w_T, g_T = path[-1]
    lam_T = max(abs(x) for x in g_T)
    out.append(le(lam_T, c.eps, label="the run stops: ||Xᵀ(y - X w_T)||_∞ <= ε"))
    out.append(le(max(abs(a - b) for a, b in zip(w_T, c.z)), 2 * c.eps,
                  label="w_T is within 2ε of the least-squares solution Xᵀy"))
    # the lasso solution soft(z, λ) satisfies the lasso KKT conditions through X (checked at the worst λ)
    for w, g in path[:: max(1, len(path) // 4)]:
        lam = max(abs(x) for x in g)
        sol = soft_threshold(c.z, lam)
        r = [y[i] - sum(X[i][j] * sol[j] for j in range(c.d)) for i in range(c.n)]
        q = [sum(X[i][j] * r[i] for i in range(c.n)) for j in range(c.d)]
        ok = all((q[j] == lam * (1 if sol[j] > 0 else -1)) if sol[j] != 0 else abs(q[j]) <= lam for j in range(c.d))
        out.append(holds(ok, f"soft(Xᵀy, λ) satisfies the lasso KKT conditions Xᵀ(y - Xw) ∈ λ∂||w||_1 (λ = {lam})"))
    return out


def within_half_eps(c: StagewiseCase) -> list[Check]:
    _, _, path = _stagewise(c)
    return tracking_checks(c, path, c.eps / 2)


def sign_descent_tracks(c: StagewiseCase) -> list[Check]:
    _, _, path = _stagewise(c, sign_descent=True)
    return tracking_checks(c, path, c.eps)


STAGEWISE = Claim(
    id="forward-stagewise-tracks-lasso-orthonormal",
    title="On an orthonormal design, ε-forward stagewise (l1 coordinate descent) tracks the monotone lasso path within ε",
    statement="for XᵀX = I and z = Xᵀy, the lasso path is soft(z, λ) (monotone in each coordinate), and forward stagewise "
              "with step ε satisfies ||w_t - soft(z, λ_t)||_∞ <= ε at every step, λ_t = ||Xᵀ(y - Xw_t)||_∞; it stops "
              "within 2ε of z",
    sources=[Source(ARORA, "§8.1.1, Example 1 (coordinate descent / forward stagewise vs the l1 path, after [EHJT04])",
                    ("ARORA-531",))],
    kind="exact",
    area="implicit-bias",
    instances=stagewise_cases(),
    conclusion=stagewise_checks,
    proof_idea="With XᵀX = I the gradient is w - z. A coordinate moves only when its gap |z_j - w_j| is the maximum λ_t, "
               "and λ_t never increases, so every touched gap lies in [λ_t - ε, λ_t] and every untouched one is |z_j| <= λ_t: "
               "|w_j - soft(z, λ_t)_j| <= ε. The bound is attained when two gaps tie.",
    mutants=[Mutant("tracks-within-half-eps", "after one of two tied coordinates moves, it is exactly ε from the path",
                    conclusion=within_half_eps),
             Mutant("sign-descent-tracks-lasso", "sign descent (l∞ steepest descent) moves every coordinate, including those "
                                                 "the lasso keeps at 0", conclusion=sign_descent_tracks)],
    examples=80,
)
test_forward_stagewise_tracks_lasso_orthonormal = STAGEWISE.test()
