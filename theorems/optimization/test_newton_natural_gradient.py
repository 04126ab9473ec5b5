"""Newton's method and the natural gradient: one step on quadratics, affine invariance, quadratic local
convergence, and natural gradient = Newton for canonical-link GLMs.

Statement.
- For f(w) = ½wᵀAw - bᵀw with A ≻ 0, the preconditioned step w - A⁻¹∇f(w) (the Newton step) lands on
  the minimizer A⁻¹b from every w.
- Newton's method is affine invariant: for g(φ) = f(Bφ + s) with B invertible, the Newton step of g
  at φ maps to the Newton step of f at x = Bφ + s (a gradient step does not, unless BBᵀ = I).
- If f is mu-strongly convex with an M-Lipschitz Hessian, every exact Newton step satisfies
  ||x_{k+1} - x*|| <= (M/(2 mu)) ||x_k - x*||²; for ||x_0 - x*|| < 2 mu/M this is quadratic convergence,
  O(log log 1/eps) steps.  For the regularized mean logistic loss, mu = reg and M = Σ||x_i||³/(6√3 n).
- For logistic regression (canonical link) the Fisher information at the training inputs,
  Σ_i E_{y ~ p_θ(·|x_i)} ∇log p ∇log pᵀ, equals the NLL Hessian Xᵀ diag(p_i(1 - p_i)) X at any labels,
  so the natural-gradient step F⁻¹∇ℓ is the Newton step.  Under θ = Bφ the natural-gradient step
  transforms as a vector (BΔφ = Δθ); the plain gradient does not.  For the probit model the Fisher
  information and the Hessian differ (the Fisher is the expected Hessian).

Sources.  Arora et al. §2.4.1 (ARORA-22); MSML, App. C and Example 19.3 (MSML-351), line 1522 (MSML-288);
Amari (1998) and Nocedal–Wright, Thm 3.5, for the invariance and the local rate.

Proof ideas.  Quadratic: ∇f(w) = A(w - w*), so w - A⁻¹∇f(w) = w*.  Invariance: ∇g = Bᵀ∇f and
∇²g = Bᵀ∇²f B, so ∇²g⁻¹∇g = B⁻¹∇²f⁻¹∇f.  Local rate: x_{k+1} - x* = H_k⁻¹(∇f(x*) - ∇f(x_k) - H_k(x* - x_k))
and the Taylor remainder is <= (M/2)||x_k - x*||², ||H_k⁻¹|| <= 1/mu.  Fisher = Hessian: the score is
(y - p)x, its second moment under the model is p(1 - p)xxᵀ, and the Hessian of -log p is p(1 - p)xxᵀ
whatever y is, because the link is canonical.

The quadratic and polynomial claims are exact (SymPy rationals).  Float tolerances: Fisher and Hessian
entries (sums of n terms of size ||x_i||²/4) agree within 8(n + d + 4) eps Σ||x_i||²; a solve F⁻¹g moves by
||F⁻¹||(||δF|| ||Δ|| + ||δg||) plus the backward-stable solve's 4 d eps cond(F) ||Δ||.  Newton runs compare
the exact step from each computed iterate (error bound from :func:`checks.newton.newton_step_error`)
with the certified minimizer (radius r from strong convexity).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from checks.claim import Check, Claim, Mutant, Source, close, equal, le
from checks.documents import ARORA, MSML
from checks.newton import (EPS, fisher_information, gradient_at, hessian_lipschitz_logistic,
                           newton_iterates, newton_step, newton_step_error, newton_step_quadratic,
                           nll_gradient_autograd, nll_hessian_autograd, preconditioned_step, pullback,
                           score_outer)
from checks.strategies.convex_functions import QuadraticCase, quadratic_cases
from checks.strategies.newton import GLMCase, NewtonRun, PolyCase, glm_cases, newton_runs, poly_cases

AMARI = "Amari, Natural gradient works efficiently in learning (Neural Computation, 1998)"
NOCEDAL_WRIGHT = "Nocedal and Wright, Numerical Optimization (2nd ed., 2006)"


def _max_abs(v: sp.Matrix):
    return max(abs(e) for e in v)


# ------------------------------------------------------------------------------------ one step on quadratics
def one_step_checks(c: QuadraticCase, P=None) -> list[Check]:
    A = sp.Matrix(c.A)
    b = sp.Matrix([sp.Rational(x.numerator, x.denominator) for x in c.b])
    w = c.others[0]
    w1 = newton_step_quadratic(c.A, c.b, w) if P is None else preconditioned_step(c.A, c.b, w, P(A))
    return [equal(_max_abs(w1 - A.LUsolve(b)), 0, label="||w - P∇f(w) - A⁻¹b||_max == 0"),
            equal(_max_abs(A * w1 - b), 0, label="∇f vanishes after one step")]


def _quartic_one_step(p: PolyCase) -> Check:
    xs = sp.symbols(f"x0:{p.f.dim}")
    expr = p.f.expr(xs)
    x1 = newton_step(expr, xs, p.point)
    return equal(_max_abs(gradient_at(expr, xs, list(x1))), 0, label="∇f vanishes after one Newton step")


ONE_STEP = Claim(
    id="newton-quadratic-one-step",
    title="Newton's step (preconditioning by A⁻¹) solves a strongly convex quadratic in one step",
    statement="For f(w) = ½wᵀAw - bᵀw with A ≻ 0 and any w: w - A⁻¹∇f(w) = A⁻¹b, where ∇f = 0",
    sources=[Source(ARORA, "§2.4.1 (preconditioning; rates 1/λ_i in the eigenbasis; one Newton step)", ("ARORA-22",)),
             Source(MSML, "App. C (Newton's method)", ("MSML-351",))],
    kind="exact",
    area="optimization",
    instances=quadratic_cases("pd"),
    conclusion=one_step_checks,
    proof_idea="∇f(w) = Aw - b = A(w - A⁻¹b), so w - A⁻¹∇f(w) = A⁻¹b; the Hessian of a quadratic is constant.",
    mutants=[
        Mutant("jacobi-preconditioner", "the diagonal preconditioner diag(A)⁻¹ leaves an error (I - D⁻¹A)(w - w*) != 0 "
               "when A has off-diagonal entries", conclusion=lambda c: one_step_checks(c, P=lambda A: sp.diag(
                   *[1 / A[i, i] for i in range(A.rows)]))),
        Mutant("non-quadratic", "on a quartic-plus-quadratic the Hessian changes along the step, so one Newton step "
               "does not reach the stationary point", conclusion=_quartic_one_step, instances=poly_cases(quartic=True)),
    ],
    examples=60,
)
test_newton_quadratic_one_step = ONE_STEP.test()


# ------------------------------------------------------------------------------------ affine invariance
def _reparametrized(p: PolyCase, step) -> list[Check]:
    d = p.f.dim
    xs, phis = sp.symbols(f"x0:{d}"), sp.symbols(f"p0:{d}")
    f = p.f.expr(xs)
    B = sp.Matrix(p.B)
    s = sp.Matrix([sp.Rational(v.numerator, v.denominator) for v in p.shift])
    x = sp.Matrix([sp.Rational(v.numerator, v.denominator) for v in p.point])
    phi = B.LUsolve(x - s)
    g = pullback(f, xs, B, s, phis)
    mapped = B * step(g, phis, list(phi)) + s
    return [equal(_max_abs(mapped - step(f, xs, list(x))), 0,
                  label="B·step_g(φ) + s == step_f(Bφ + s)")]


def _gradient_step(expr, xs, point) -> sp.Matrix:
    return sp.Matrix(point) - gradient_at(expr, xs, point)


AFFINE = Claim(
    id="newton-affine-invariance",
    title="Newton's method is invariant under invertible affine reparametrizations",
    statement="For f strongly convex (½xᵀAx - bᵀx + Σ c_k(a_kᵀx)⁴, A ≻ 0), B invertible and g(φ) = f(Bφ + s): "
              "B(φ - ∇²g(φ)⁻¹∇g(φ)) + s = x - ∇²f(x)⁻¹∇f(x) at x = Bφ + s",
    sources=[Source(NOCEDAL_WRIGHT, "§3.3 (Newton's method is invariant to affine changes of variables)"),
             Source(ARORA, "§2.4.1 (preconditioning removes the dependence on the coordinates)", ("ARORA-22",))],
    kind="exact",
    area="optimization",
    instances=poly_cases(),
    conclusion=lambda p: _reparametrized(p, newton_step),
    proof_idea="Chain rule: ∇g(φ) = Bᵀ∇f(x) and ∇²g(φ) = Bᵀ∇²f(x)B, so ∇²g⁻¹∇g = B⁻¹∇²f⁻¹∇f.",
    mutants=[
        Mutant("gradient-step-invariant", "a gradient step maps to x - BBᵀ∇f(x), which differs from x - ∇f(x) unless "
               "BBᵀ∇f = ∇f", conclusion=lambda p: _reparametrized(p, _gradient_step)),
    ],
    examples=40,
)
test_newton_affine_invariance = AFFINE.test()


# ------------------------------------------------------------------------------------ quadratic convergence
def convergence_checks(r: NewtonRun, iterates=newton_iterates, power: int = 2) -> list[Check]:
    obj = r.obj
    w_star, _, rad = obj.minimizer()
    M = hessian_lipschitz_logistic(obj.X)
    c = M / (2 * obj.mu)
    ws = iterates(obj, r.w0, r.steps)
    out = []
    for k in range(len(ws) - 1):
        e_k = float(np.linalg.norm(ws[k] - w_star)) + rad
        e_next = float(np.linalg.norm(ws[k + 1] - w_star))
        delta = newton_step_error(obj, ws[k])
        out.append(le(e_next, c * e_k ** power, rad + delta,
                      label=f"||x_{k + 1} - x*|| <= (M/2mu)||x_{k} - x*||^{power}",
                      why="radius of the certified minimizer + rounding of the computed step"))
    return [max(out, key=lambda ch: ch.ratio)]


def _gd_iterates(obj, w0, steps):
    ws = [np.array(w0, dtype=float)]
    for _ in range(10 * steps):
        ws.append(ws[-1] - obj.grad(ws[-1]) / obj.L)
    return ws


QUADRATIC_RATE = Claim(
    id="newton-local-quadratic-convergence",
    title="Newton's method converges quadratically: ||x_{k+1} - x*|| <= (M/2mu)||x_k - x*||²",
    statement="For mu-strongly convex f with M-Lipschitz Hessian (regularized logistic regression: mu = reg, "
              "M = Σ||x_i||³/(6√3 n)), every Newton step satisfies ||x_{k+1} - x*|| <= (M/(2mu))||x_k - x*||²",
    sources=[Source(MSML, "App. C ('Newton: O(log log(1/eps))'), App. B Example 19.3", ("MSML-351",)),
             Source(NOCEDAL_WRIGHT, "Theorem 3.5")],
    kind="proxy",
    proxy="'O(log log 1/eps) local convergence' is checked as the per-step quadratic contraction at each of 6 steps "
          "(from starts inside and outside the radius 2mu/M where it forces convergence)",
    area="optimization",
    instances=newton_runs(),
    conclusion=convergence_checks,
    proof_idea="x_{k+1} - x* = H_k⁻¹ ∫_0^1 (H_k - ∇²f(x* + t(x_k - x*)))(x_k - x*) dt, whose norm is at most "
               "(1/mu)(M/2)||x_k - x*||².",
    mutants=[
        Mutant("gradient-descent-quadratic", "GD with step 1/L contracts only linearly, ||e_{k+1}|| ≈ (1 - λ/L)||e_k|| "
               "along the slowest eigenvector, which exceeds (M/2mu)||e_k||² once e_k is small",
               conclusion=lambda r: convergence_checks(r, iterates=_gd_iterates)),
        Mutant("cubic-convergence", "the Newton error obeys e_{k+1} ≈ (f'''/2f'') e_k², not O(e_k³): with e_k ≈ 1e-4 the "
               "cubic bound (M/2mu)e_k³ is far below e_{k+1}", conclusion=lambda r: convergence_checks(r, power=3)),
    ],
    examples=40,
)
test_newton_local_quadratic_convergence = QUADRATIC_RATE.test()


# ------------------------------------------------------------------------------------ natural gradient
def _solve_tol(F: np.ndarray, g: np.ndarray, dF: float, dg: float) -> tuple[np.ndarray, float]:
    """``F⁻¹g`` and a bound on its error when ``F`` and ``g`` are off by ``dF`` (spectral) and ``dg``."""
    step = np.linalg.solve(F, g)
    inv = 1.0 / float(np.linalg.eigvalsh(F)[0])
    d = F.shape[0]
    ns = float(np.linalg.norm(step))
    return step, inv * (dF * ns + dg) / max(1e-300, 1 - inv * dF) + 4 * d * EPS * np.linalg.cond(F) * ns


def natural_gradient_checks(c: GLMCase, model: str = "logistic", curvature: str = "fisher",
                            invariant: str = "natural") -> list[Check]:
    X, th, lab, B = c.X, c.theta, c.labels, c.B
    n, d = X.shape
    sx2 = float(np.sum(X ** 2))
    tolF = 8 * (n + d + 4) * EPS * sx2
    dF, dg = d * tolF, (n + d + 4) * EPS * float(np.sum(np.linalg.norm(X, axis=1)))
    F = fisher_information(model, X, th) if curvature == "fisher" else score_outer(model, X, th, lab)
    H = nll_hessian_autograd(model, X, th, lab)
    g = nll_gradient_autograd(model, X, th, lab)
    why_F = "8(n + d + 4) eps Σ||x_i||² (sums of n terms of size ||x||²/4)"
    out = [close(F, H, tolF, label=f"{curvature} information == NLL Hessian ({model})", why=why_F)]
    ng, e1 = _solve_tol(F, g, dF, dg)
    nt, e2 = _solve_tol(H, g, dF, dg)
    out.append(close(ng, nt, e1 + e2 + 2 * tolF, label="natural-gradient step F⁻¹g == Newton step H⁻¹g",
                     why="||F⁻¹||(||δF|| ||Δ|| + ||δg||) + solve rounding, for both"))
    # θ = Bφ: the model in φ has inputs XB; its Fisher and gradient are computed afresh there.
    XB = X @ B
    phi = np.linalg.solve(B, th)
    Fp, gp = fisher_information(model, XB, phi), nll_gradient_autograd(model, XB, phi, lab)
    nb = float(np.linalg.norm(B, 2))
    sxb = float(np.sum(XB ** 2))
    dFp, dgp = d * 8 * (n + d + 4) * EPS * sxb, (n + d + 4) * EPS * float(np.sum(np.linalg.norm(XB, axis=1)))
    if invariant == "natural":
        sp_, ep = _solve_tol(Fp, gp, dFp + 4 * d * EPS * sxb, dgp)
        st_, et = _solve_tol(F, g, dF, dg)
        out.append(close(B @ sp_, st_, nb * ep + et + 4 * d * EPS * nb * float(np.linalg.norm(sp_)),
                         label="B F_φ⁻¹ g_φ == F_θ⁻¹ g_θ (natural gradient is a vector under θ = Bφ)",
                         why="solve bounds in both coordinates, ||B|| times the φ one, + the product B·Δφ"))
    else:
        out.append(close(B @ gp, g, nb * dgp + dg + 4 * d * EPS * nb * float(np.linalg.norm(gp)),
                         label="B g_φ == g_θ (plain gradient step under θ = Bφ)", why="gradient rounding"))
    return out


NATURAL = Claim(
    id="natural-gradient-equals-newton-logistic",
    title="For logistic regression the Fisher information is the NLL Hessian: natural gradient = Newton",
    statement="For logistic regression, at any θ and labels: Σ_i E_{y~p_θ(·|x_i)} ∇log p ∇log pᵀ = ∇²(-log-likelihood), "
              "so F⁻¹∇ℓ = ∇²ℓ⁻¹∇ℓ; and the natural-gradient step is invariant under θ = Bφ (BΔφ = Δθ)",
    sources=[Source(MSML, "line 1522 (natural gradient with the Fisher metric is second-order optimisation; exact for "
                          "canonical-link GLMs)", ("MSML-288",)),
             Source(AMARI, "§3 (the natural gradient is invariant under reparametrization)")],
    kind="numeric",
    area="optimization",
    instances=glm_cases(),
    conclusion=natural_gradient_checks,
    proof_idea="Canonical link: ∇log p(y|x) = (y - p)x and -∇²log p = p(1 - p)xxᵀ does not involve y; under the model "
               "E(y - p)² = p(1 - p).  Under θ = Bφ, F_φ = BᵀF_θB and g_φ = Bᵀg_θ.",
    mutants=[
        Mutant("probit-fisher-is-hessian", "for the probit link the Hessian of -log p depends on the observed label; "
               "only its expectation is the Fisher information", conclusion=lambda c: natural_gradient_checks(c, "probit")),
        Mutant("empirical-fisher-is-hessian", "the empirical Fisher Σ(y_i - p_i)²x_ix_iᵀ uses the observed labels, "
               "not the model's: it differs from Σp_i(1 - p_i)x_ix_iᵀ",
               conclusion=lambda c: natural_gradient_checks(c, curvature="empirical")),
        Mutant("gradient-invariant", "the plain gradient transforms as g_φ = Bᵀg_θ, so B g_φ = BBᵀg_θ != g_θ",
               conclusion=lambda c: natural_gradient_checks(c, invariant="gradient")),
    ],
    examples=40,
)
test_natural_gradient_equals_newton_logistic = NATURAL.test()
