"""Heavy-ball and Nesterov momentum, and the first-order lower bound on Nesterov's chain quadratic.

Statements (all exact, on rational data).
- Two forms of heavy ball.  ``w_{t+1} = w_t - η∇f(w_t) + β(w_t - w_{t-1})`` and ``u_t = -∇f(w_t) + βu_{t-1}``,
  ``w_{t+1} = w_t + ηu_t`` give the same iterates iff ``ηu_{-1} = w_0 - w_{-1}`` (``w_{-1} = w_0`` ⇔ ``u_{-1} = 0``),
  as does ``v_{t+1} = βv_t + η∇f(θ_t)``, ``θ_{t+1} = θ_t - v_{t+1}`` (``v = -ηu``); the velocity is a geometric sum
  of past gradients, ``u_t = -Σ_{s<=t} β^{t-s}∇f(w_s) + β^{t+1}u_{-1}``.
- Heavy ball is a discretization of ``ẅ + aẇ + b∇f(w) = 0``: the scheme
  ``(w_{t+1} - 2w_t + w_{t-1})/h² + a(w_t - w_{t-1})/h + b∇f(w_t) = 0`` is heavy ball with ``β = 1 - ah``,
  ``η = bh²`` (the first-order convergence as ``h → 0`` is not checked here).
- Polyak's rate.  For a quadratic with spectrum in ``[μ, L]``, ``κ = L/μ``, ``η = 4/(√L + √μ)²`` and
  ``β = ρ²``, ``ρ = (√κ - 1)/(√κ + 1)``: every eigenvalue's 2x2 iteration matrix has complex or double
  eigenvalues of modulus exactly ``ρ``, and from ``w_{-1} = w_0`` each eigen-coordinate of the error obeys
  ``|e_t| <= (1 + t(1 + ρ)) ρ^t |e_0|``, with equality at ``λ = L``.  ``ρ < (κ - 1)/(κ + 1)``, GD's best rate.
- Nesterov.  For convex ``L``-smooth f (here convex quadratics), ``x_k = y_{k-1} - ∇f(y_{k-1})/L``,
  ``y_k = x_k + (k-1)/(k+2)(x_k - x_{k-1})`` satisfies ``f(x_k) - f* <= 2L||x_0 - x*||²/(k+1)²`` at every k,
  while GD gives ``L||x_0 - x*||²/(2k)``.  It is the velocity form
  ``u_t = -∇f(w_t + ηβ_t u_{t-1}) + β_t u_{t-1}``, ``w_{t+1} = w_t + ηu_t``, ``β_t = (t-1)/(t+2)``, ``η = 1/L``.
- Lower bound.  On Nesterov's chain ``f(x) = (L/4)(½(x_1² + Σ(x_i - x_{i+1})² + x_d²) - x_1)`` in
  dimension ``d = 2k + 1``, any method with ``x_t ∈ span{∇f(x_0), ..., ∇f(x_{t-1})}`` (``x_0 = 0``) has
  ``x_t`` supported on the first t coordinates, so ``f(x_t) - f* >= (L/8)(1/(t+1) - 1/(d+1))`` (attained
  by conjugate gradient) and ``f(x_k) - f* >= 3L||x_0 - x*||²/(32(k+1)²)``.

Audits.  Arora et al. print the momentum term of the heavy-ball update as ``β(w_{t+1} - w_t)`` and
Nesterov's update with ``u_t`` on both sides; MSML says no algorithm finds a stationary point faster
than GD on the worst-case quadratic (CG does, in d steps).

Sources.  Teng et al., §4.2.2 (TENG-23); Arora et al., §2.3 (ARORA-17, ARORA-18, ARORA-19); MSML Ch. 24,
line 1516 (MSML-282, heavy ball versus GD) and line 1589 (MSML-335); Polyak (1964); Nesterov,
*Introductory Lectures on Convex Optimization* (2004), Thm 2.1.7; Su, Boyd and Candès (2016);
Lessard, Recht and Packard (2016), the heavy-ball counterexample.  The strongly convex form of the lower bound
(``((√κ-1)/(√κ+1))^k``, infinite-dimensional) is represented by its convex finite-dimensional form.

Proof ideas.  ``ηu_t = w_{t+1} - w_t`` turns one form into the other; unrolling ``u_t = -g_t + βu_{t-1}``
gives the geometric sum.  Heavy ball's characteristic polynomial ``z² - (1 + β - ηλ)z + β`` has
discriminant ``<= 0`` on ``[μ, L]`` for Polyak's parameters (zero at the ends), so both roots have modulus
``√β = ρ``; ``e_t = ((z_1^{t+1} - z_2^{t+1})e_0 - β(z_1^t - z_2^t)e_{-1})/(z_1 - z_2)`` and
``|(z_1^k - z_2^k)/(z_1 - z_2)| <= kρ^{k-1}`` give the bound, with the double root ``-ρ`` at ``λ = L``
attaining it.  Nesterov: the Lyapunov function of Su–Boyd–Candès.  The chain's Hessian is tridiagonal,
so each gradient extends the support by one coordinate, and the chain restricted to the first t
coordinates is the chain of dimension t.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.documents import ARORA, MSML, TENG
from checks.momentum import (chain_minimizer, chain_quadratic, conjugate_gradient, heavy_ball,
                             heavy_ball_velocity, iteration_matrix, krylov_method, nesterov, nesterov_velocity,
                             polyak_parameters)
from checks.preconditioning import dot, quadratic_gradient, quadratic_value
from checks.strategies.momentum import (ChainRun, ConvexRun, LessardRun, MomentumRun, OdeCase, PolyakCase,
                                        chain_runs, convex_runs, lessard_runs, momentum_runs, ode_cases,
                                        polyak_cases)

POLYAK = "Polyak, Some methods of speeding up the convergence of iteration methods (1964)"
NESTEROV = "Nesterov, Introductory Lectures on Convex Optimization (2004)"
SBC = "Su, Boyd and Candès, A differential equation for modeling Nesterov's accelerated gradient method (2016)"
LRP = "Lessard, Recht and Packard, Analysis and design of optimization algorithms via integral quadratic constraints (2016)"


def _worst(checks: list[Check]) -> Check:
    return max(checks, key=lambda c: c.ratio)


def _grad(r):
    return lambda w: quadratic_gradient(r.H, r.b, w)


# ---------------------------------------------------------------------------------- heavy-ball forms
def two_forms_checks(r: MomentumRun, u_prev=None, weights=lambda beta, t, s: beta ** (t - s)) -> list[Check]:
    grad = _grad(r)
    pos = heavy_ball(grad, r.w0, r.eta, r.beta, r.steps, r.w_prev)
    up = tuple((a - b) / r.eta for a, b in zip(r.w0, r.w_prev)) if u_prev is None else u_prev(r)
    ws, us = heavy_ball_velocity(grad, r.w0, r.eta, r.beta, r.steps, up)
    theta, v, thetas = r.w0, tuple(-r.eta * x for x in up), [r.w0]
    for _ in range(r.steps):          # the v-form: v_{t+1} = βv_t + η∇f(θ_t), θ_{t+1} = θ_t - v_{t+1}
        v = tuple(r.beta * a + r.eta * g for a, g in zip(v, grad(theta)))
        theta = tuple(a - b for a, b in zip(theta, v))
        thetas.append(theta)
    gs = [grad(w) for w in pos]
    out = [equal(tuple(pos), tuple(ws), label="position form == velocity form (ηu_{-1} = w_0 - w_{-1})"),
           equal(tuple(pos), tuple(thetas), label="position form == v-form (v = -ηu)")]
    for t, u in enumerate(us):
        s_sum = tuple(-sum((weights(r.beta, t, s) * gs[s][i] for s in range(t + 1)), Fraction(0))
                      + r.beta ** (t + 1) * up[i] for i in range(len(u)))
        out.append(equal(u, s_sum, label=f"u_t = -Σ β^(t-s) ∇f(w_s) + β^(t+1) u_(-1) at t = {t}"))
    return out


TWO_FORMS = Claim(
    id="heavy-ball-two-forms",
    title="Heavy ball: the position and velocity forms agree; the velocity is a geometric sum of gradients",
    statement="w_{t+1} = w_t - η∇f(w_t) + β(w_t - w_{t-1}) and u_t = -∇f(w_t) + βu_{t-1}, w_{t+1} = w_t + ηu_t give "
              "the same iterates when ηu_{-1} = w_0 - w_{-1}, as does v_{t+1} = βv_t + η∇f(θ_t), θ_{t+1} = θ_t - v_{t+1} "
              "with v_0 = -ηu_{-1}; u_t = -Σ_{s<=t} β^{t-s}∇f(w_s) + β^{t+1}u_{-1}",
    sources=[Source(ARORA, "§2.3, the two forms and the exercise; 'u_t stores a weighted sum of past gradients'",
                    ("ARORA-17",)),
             Source(TENG, "§4.2.2 (momentum as a heavy ball: v_{t+1} = βv_t + η∇L, θ_{t+1} = θ_t - v_{t+1})",
                    ("TENG-23",))],
    kind="exact",
    area="optimization",
    instances=momentum_runs(),
    conclusion=two_forms_checks,
    proof_idea="ηu_t = w_{t+1} - w_t, so the velocity recursion times η is the position recursion; unroll "
               "u_t = -g_t + βu_{t-1}.",
    mutants=[
        Mutant("inconsistent-initialization", "with u_{-1} = -∇f(w_0) the velocity form takes a doubled first step "
                                              "unless β∇f(w_0) = 0",
               conclusion=lambda r: two_forms_checks(r, u_prev=lambda r: tuple(-x for x in _grad(r)(r.w0)))),
        Mutant("wrong-weights", "the oldest gradient has the smallest weight β^t, not the newest",
               conclusion=lambda r: two_forms_checks(r, weights=lambda beta, t, s: beta ** s)),
    ],
    examples=40,
)
test_heavy_ball_two_forms = TWO_FORMS.test()


def _printed_momentum_term(r: MomentumRun) -> Check:
    """w_{t+1} = w_t - η∇f(w_t) + β(w_{t+1} - w_t), i.e. w_{t+1} = w_t - η∇f(w_t)/(1 - β), against heavy ball."""
    grad = _grad(r)
    hb = heavy_ball(grad, r.w0, r.eta, r.beta, r.steps)
    w, printed = r.w0, [r.w0]
    for _ in range(r.steps):
        w = tuple(a - r.eta * g / (1 - r.beta) for a, g in zip(w, grad(w)))
        printed.append(w)
    return equal(tuple(printed), tuple(hb), label="the update with momentum term β(w_{t+1} - w_t) == heavy ball")


PRINTED_MOMENTUM_TERM = Claim(
    id="heavy-ball-printed-momentum-term",
    title="Arora et al. §2.3 as printed: 'β(w_{t+1} - w_t) is the momentum term'",
    statement="The update w_{t+1} = w_t - η∇f(w_t) + β(w_{t+1} - w_t) (momentum term as printed) is heavy ball "
              "(w_{-1} = w_0)",
    sources=[Source(ARORA, "§2.3, the sentence after the heavy-ball update", ("ARORA-17",))],
    kind="exact",
    area="optimization",
    instances=momentum_runs(),
    conclusion=_printed_momentum_term,
    proof_idea="With β(w_{t+1} - w_t) the scheme is implicit and solves to plain GD with step η/(1 - β).",
    audit=True,
    corrected="heavy-ball-two-forms",
    finding="The displayed update uses β(w_t - w_{t-1}); read with β(w_{t+1} - w_t) it becomes GD with step "
            "η/(1 - β), whose first step already differs from heavy ball's w_1 = w_0 - η∇f(w_0).",
)
test_heavy_ball_printed_momentum_term = PRINTED_MOMENTUM_TERM.test()


def ode_checks(c: OdeCase, beta=lambda a, h: 1 - a * h, eta=lambda b, h: b * h * h) -> list[Check]:
    grad = lambda w: quadratic_gradient(c.H, c.c, w)  # noqa: E731
    w_prev = tuple(w - c.h * v for w, v in zip(c.w0, c.v0))
    ws = [w_prev] + heavy_ball(grad, c.w0, eta(c.b, c.h), beta(c.a, c.h), c.steps, w_prev)
    out = []
    for t in range(1, len(ws) - 1):
        p, w, n = ws[t - 1], ws[t], ws[t + 1]
        res = tuple((n[i] - 2 * w[i] + p[i]) / c.h ** 2 + c.a * (w[i] - p[i]) / c.h + c.b * g
                    for i, g in enumerate(grad(w)))
        out.append(equal(res, tuple(Fraction(0) for _ in res),
                         label=f"(w_(t+1) - 2w_t + w_(t-1))/h² + a(w_t - w_(t-1))/h + b∇f(w_t) = 0 at t = {t - 1}"))
    return out


ODE = Claim(
    id="heavy-ball-discretizes-damped-ode",
    title="Heavy ball with β = 1 - ah, η = bh² is the finite-difference scheme of ẅ + aẇ + b∇f(w) = 0",
    statement="For h, a, b > 0, the iterates of heavy ball with β = 1 - ah and η = bh² satisfy "
              "(w_{t+1} - 2w_t + w_{t-1})/h² + a(w_t - w_{t-1})/h + b∇f(w_t) = 0 at every t",
    sources=[Source(ARORA, "§2.3 (heavy ball 'can be viewed as a discretization of ẅ + aẇ + b∇f(w) = 0')",
                    ("ARORA-18",))],
    kind="exact",
    area="optimization",
    instances=ode_cases(),
    conclusion=ode_checks,
    proof_idea="Multiply the scheme by h²: w_{t+1} = w_t + (1 - ah)(w_t - w_{t-1}) - bh²∇f(w_t).",
    mutants=[
        Mutant("damping-over-h-squared", "β = 1 - ah² leaves a residual a(h - 1)(w_t - w_{t-1})/h ≠ 0",
               conclusion=lambda c: ode_checks(c, beta=lambda a, h: 1 - a * h * h)),
        Mutant("step-bh", "η = bh leaves a residual b(1/h - 1)∇f(w_t) ≠ 0",
               conclusion=lambda c: ode_checks(c, eta=lambda b, h: b * h)),
    ],
    examples=30,
)
test_heavy_ball_discretizes_damped_ode = ODE.test()


# ---------------------------------------------------------------------------------- Polyak's rate
def _diag_grad(lam):
    return lambda x: tuple(a * b for a, b in zip(lam, x))


def polyak_checks(c: PolyakCase, rate_power: int = 1, polynomial: bool = True) -> list[Check]:
    eta, beta, rho = polyak_parameters(c.a, c.b)
    kappa = c.b ** 2 / c.a ** 2
    out = [le(rho, (kappa - 1) / (kappa + 1), label="ρ_HB = (√κ-1)/(√κ+1) <= (κ-1)/(κ+1) = ρ_GD"),
           holds(rho < (kappa - 1) / (kappa + 1), "strictly, κ > 1")]
    for lam in c.lam:
        (T, mb), _ = iteration_matrix(lam, eta, beta)
        out += [le(T * T - 4 * beta, 0, label=f"discriminant (1+β-ηλ)² - 4β <= 0 at λ = {lam}: |z_1| = |z_2|"),
                equal(-mb, rho * rho, label="det = β = ρ²: spectral radius ρ")]
    es = heavy_ball(_diag_grad(c.lam), c.e0, eta, beta, c.steps)
    rate = []
    for t, e in enumerate(es):
        if t == 0:
            continue
        f = (1 + t * (1 + rho)) if polynomial else 1
        bound2 = f * f * rho ** (2 * rate_power * t)
        rate += [le(x * x, bound2 * x0 * x0, label=f"|e_t| <= (1 + t(1+ρ)) ρ^t |e_0| at λ = {lam}, t = {t}")
                 for x, x0, lam in zip(e, c.e0, c.lam)]
        rate.append(le(dot(e, e), bound2 * dot(c.e0, c.e0), label=f"||e_t|| <= (1 + t(1+ρ)) ρ^t ||e_0||, t = {t}"))
    return out + [_worst(rate)]


def _lessard(x: Fraction) -> Fraction:
    """The derivative of Lessard et al.'s function (μ = 1, L = 25, piecewise quadratic, minimizer 0)."""
    return 25 * x if x < 1 else (x + 24 if x < 2 else 25 * x - 24)


def _lessard_checks(r: LessardRun) -> Check:
    eta, beta, rho = polyak_parameters(Fraction(1), Fraction(5))
    xs = heavy_ball(lambda v: (_lessard(v[0]),), (r.x0,), eta, beta, r.steps)
    return _worst([le(x[0] ** 2, (1 + t * (1 + rho)) ** 2 * rho ** (2 * t) * r.x0 ** 2,
                      label=f"|x_t| <= (1 + t(1+ρ)) ρ^t |x_0| at t = {t}") for t, x in enumerate(xs)])


POLYAK_RATE = Claim(
    id="heavy-ball-polyak-rate",
    title="Heavy ball with Polyak's parameters contracts at (√κ-1)/(√κ+1) on quadratics",
    statement="For a quadratic with spectrum in [μ, L] = [a², b²], η = 4/(a+b)², β = ρ², ρ = (b-a)/(b+a) = (√κ-1)/(√κ+1): "
              "each eigenvalue's iteration matrix [[1+β-ηλ, -β], [1, 0]] has discriminant <= 0 and determinant ρ², so "
              "spectral radius ρ; from w_{-1} = w_0 every eigen-coordinate obeys |e_t| <= (1 + t(1+ρ)) ρ^t |e_0| "
              "(equality at λ = L); ρ < (κ-1)/(κ+1)",
    sources=[Source(TENG, "§4.2.2 (heavy ball accelerates ill-conditioned problems)", ("TENG-23",)),
             Source(MSML, "line 1516 (momentum accelerates; known precise form: Polyak's rate vs GD's)", ("MSML-282",)),
             Source(POLYAK, "heavy-ball rate on quadratics")],
    kind="exact",
    area="optimization",
    instances=polyak_cases(),
    conclusion=polyak_checks,
    proof_idea="(1+β-ηλ)² - 4β <= 0 on [μ, L] (zero at both ends), so the roots have modulus √β = ρ; "
               "e_t = Σ_j z_1^j z_2^(t-j) e_0 - β Σ_j z_1^j z_2^(t-1-j) e_0 bounds |e_t| by ((t+1) + tρ) ρ^t |e_0|; at "
               "λ = L the double root -ρ gives e_t = (1 + t(1+ρ))(-ρ)^t e_0.",
    mutants=[
        Mutant("rate-squared", "at λ = L the error is exactly (1 + t(1+ρ))ρ^t|e_0|, not ρ^(2t) times the factor",
               conclusion=lambda c: polyak_checks(c, rate_power=2)),
        Mutant("no-polynomial-factor", "the double root at λ = L (a Jordan block) gives |e_1| = (2 + ρ)ρ|e_0| > ρ|e_0|",
               conclusion=lambda c: polyak_checks(c, polynomial=False)),
        Mutant("every-strongly-convex-function", "on Lessard et al.'s 1-strongly convex 25-smooth piecewise quadratic, "
                                                 "heavy ball with Polyak's parameters falls into a 3-cycle",
               conclusion=_lessard_checks, instances=lessard_runs()),
    ],
    examples=50,
)
test_heavy_ball_polyak_rate = POLYAK_RATE.test()


# --------------------------------------------------------------------------------------------- Nesterov
def _f(r: ConvexRun, x) -> Fraction:
    return sum((a * b * b for a, b in zip(r.lam, x)), Fraction(0)) / 2


def nesterov_checks(r: ConvexRun, method: str = "nesterov", const=Fraction(2)) -> list[Check]:
    grad, L = _diag_grad(r.lam), r.L
    R2 = dot(r.x0, r.x0)
    out = []
    if method == "nesterov":
        xs = nesterov(grad, r.x0, 1 / L, r.steps)
        out.append(equal(tuple(nesterov_velocity(grad, r.x0, 1 / L, lambda t: Fraction(t - 1, t + 2), r.steps)),
                         tuple(xs), label="velocity form u_t = -∇f(w_t + ηβ_t u_(t-1)) + β_t u_(t-1) == Nesterov"))
    else:
        xs = heavy_ball(grad, r.x0, 1 / L, Fraction(9, 10) if method == "heavy-ball" else 0, r.steps)
    out.append(_worst([le(_f(r, x), const * L * R2 / (k + 1) ** 2,
                          label=f"{method}: f(x_k) - f* <= {const} L||x_0 - x*||²/(k+1)² at k = {k}")
                       for k, x in enumerate(xs) if k >= 1]))
    gd = heavy_ball(grad, r.x0, 1 / L, 0, r.steps)
    out.append(_worst([le(_f(r, x), L * R2 / (2 * k), label=f"GD: f(x_k) - f* <= L||x_0 - x*||²/(2k) at k = {k}")
                       for k, x in enumerate(gd) if k >= 1]))
    return out


NESTEROV_RATE = Claim(
    id="nesterov-convex-rate",
    title="Nesterov's method: f(x_k) - f* <= 2L||x_0 - x*||²/(k+1)² (GD: L||x_0 - x*||²/(2k))",
    statement="For a convex L-smooth quadratic f with minimizer x* (any orthogonal basis: here its eigenbasis), "
              "x_k = y_{k-1} - ∇f(y_{k-1})/L, y_k = x_k + (k-1)/(k+2)(x_k - x_{k-1}) satisfies f(x_k) - f* <= "
              "2L||x_0 - x*||²/(k+1)² at every k >= 1, GD with step 1/L satisfies L||x_0 - x*||²/(2k), and Nesterov's "
              "method is the velocity form u_t = -∇f(w_t + ηβ_t u_{t-1}) + β_t u_{t-1}, w_{t+1} = w_t + ηu_t "
              "(η = 1/L, β_t = (t-1)/(t+2))",
    sources=[Source(ARORA, "§2.3 (Nesterov's variant; stronger worst-case guarantees for convex losses; corrected "
                           "update)", ("ARORA-19",)),
             Source(SBC, "the discrete scheme with momentum (k-1)/(k+2): f(x_k) - f* <= 2||x_0 - x*||²/(s(k+1)²), s <= 1/L")],
    kind="exact",
    area="optimization",
    instances=convex_runs(),
    conclusion=nesterov_checks,
    proof_idea="A discrete Lyapunov energy combining (k+1)²(f(x_k) - f*)/L with the squared distance of an "
               "extrapolated point to x* is non-increasing (Su–Boyd–Candès) and starts below 2||x_0 - x*||²; GD "
               "telescopes the descent lemma with convexity.",
    mutants=[
        Mutant("gd-accelerated", "GD on the mode λ = L/(2K+1) has f(x_K) ≈ L R²/(2e(2K+1)), above 2L R²/(K+1)² for "
                                 "K >= 20", conclusion=lambda r: nesterov_checks(r, method="gd"),
               instances=convex_runs(min_steps=22, slow=True)),
        Mutant("fixed-momentum-heavy-ball", "heavy ball with β = 0.9, η = 1/L contracts the λ = L mode only by "
                                            "√0.9 per step, far slower than 1/k²",
               conclusion=lambda r: nesterov_checks(r, method="heavy-ball")),
    ],
    examples=30,
)
test_nesterov_convex_rate = NESTEROV_RATE.test()


def _printed_nesterov(r: ConvexRun) -> Check:
    """u_t = -∇f(w_t + β(u_t - u_{t-1})) + βu_{t-1} (implicit; solved exactly on the diagonal quadratic)."""
    eta, beta = 1 / r.L, r.beta
    w, u, printed = r.x0, tuple(Fraction(0) for _ in r.x0), [r.x0]
    for _ in range(r.steps):
        u = tuple((-lam * wi + beta * (1 + lam) * ui) / (1 + beta * lam) for lam, wi, ui in zip(r.lam, w, u))
        w = tuple(wi + eta * ui for wi, ui in zip(w, u))
        printed.append(w)
    return equal(tuple(printed), tuple(nesterov_velocity(_diag_grad(r.lam), r.x0, eta, beta, r.steps)),
                 label="printed implicit update == Nesterov's u_t = -∇f(w_t + ηβu_(t-1)) + βu_(t-1)")


PRINTED_NESTEROV = Claim(
    id="nesterov-printed-implicit-update",
    title="Arora et al. §2.3 as printed: Nesterov's update u_t = -∇f(w_t + β(u_t - u_{t-1})) + βu_{t-1}",
    statement="The printed update u_t = -∇f(w_t + β(u_t - u_{t-1})) + βu_{t-1}, w_{t+1} = w_t + ηu_t (u_{-1} = 0) "
              "produces Nesterov's iterates u_t = -∇f(w_t + ηβu_{t-1}) + βu_{t-1}",
    sources=[Source(ARORA, "§2.3, Nesterov's variant of heavy ball", ("ARORA-19",))],
    kind="exact",
    area="optimization",
    instances=convex_runs(),
    conclusion=_printed_nesterov,
    proof_idea="The printed u_t appears on both sides; already at t = 0 it solves to u_0 = -(I + βH)⁻¹∇f(w_0) instead of "
               "-∇f(w_0).",
    audit=True,
    corrected="nesterov-convex-rate",
    finding="The printed update is implicit in u_t and is not Nesterov's method: on a quadratic its first step is "
            "-(I + βH)⁻¹∇f(w_0) instead of -∇f(w_0).  Corrected: u_t = -∇f(w_t + ηβu_{t-1}) + βu_{t-1}, "
            "w_{t+1} = w_t + ηu_t (the gradient at the look-ahead point).",
)
test_nesterov_printed_implicit_update = PRINTED_NESTEROV.test()


# ------------------------------------------------------------------------------------- lower bound
def _chain_iterates(r: ChainRun, steps: int) -> list[tuple]:
    H, b = chain_quadratic(r.L, r.d)
    grad = lambda x: quadratic_gradient(H, b, x)  # noqa: E731
    x0 = tuple(Fraction(0) for _ in range(r.d))
    eta = r.eta / r.L
    if r.method == "cg":
        return conjugate_gradient(H, b, x0, steps)
    if r.method == "gd":
        return heavy_ball(grad, x0, eta, 0, steps)
    if r.method == "heavy-ball":
        return heavy_ball(grad, x0, eta, r.beta, steps)
    if r.method == "nesterov":
        return nesterov(grad, x0, eta, steps)
    rng = np.random.default_rng(r.seed)
    coeffs = [[Fraction(int(rng.integers(-5, 6)), int(rng.integers(1, 6))) / r.L for _ in range(t + 1)]
              for t in range(steps)]
    return krylov_method(grad, x0, coeffs)


def lower_bound_checks(r: ChainRun, const=Fraction(3, 32)) -> list[Check]:
    H, b = chain_quadratic(r.L, r.d)
    x_star, f_star = chain_minimizer(r.L, r.d)
    xs = _chain_iterates(r, r.k)
    out, gaps = [], []
    for t, x in enumerate(xs):
        out.append(holds(all(v == 0 for v in x[t:]), f"{r.method}: x_t supported on the first t coordinates (t = {t})"))
        gap = quadratic_value(H, b, x) - f_star
        best = r.L / 8 * (Fraction(1, t + 1) - Fraction(1, r.d + 1))
        gaps.append(ge(gap, best, label=f"{r.method}: f(x_t) - f* >= (L/8)(1/(t+1) - 1/(d+1)) at t = {t}"))
        if r.method == "cg":
            out.append(equal(gap, best, label=f"CG attains the Krylov optimum at t = {t}"))
    final_gap = quadratic_value(H, b, xs[-1]) - f_star
    out += [_worst(gaps), ge(final_gap, const * r.L * dot(x_star, x_star) / (r.k + 1) ** 2,
                             label=f"{r.method}: f(x_k) - f* >= {const} L||x_0 - x*||²/(k+1)², k = {r.k}, d = {r.d}")]
    return out


LOWER_BOUND = Claim(
    id="krylov-lower-bound-chain",
    title="First-order lower bound: on Nesterov's chain, f(x_k) - f* >= 3L||x_0 - x*||²/(32(k+1)²)",
    statement="On Nesterov's chain quadratic in dimension d = 2k+1 (L-smooth, convex), every method with x_0 = 0 and "
              "x_t ∈ span{∇f(x_0), ..., ∇f(x_{t-1})} has x_t supported on the first t coordinates, "
              "f(x_t) - f* >= (L/8)(1/(t+1) - 1/(d+1)) (attained by conjugate gradient) and "
              "f(x_k) - f* >= 3L||x_0 - x*||²/(32(k+1)²)",
    sources=[Source(MSML, "line 1589 (corrected: the lower bound is for all first-order/Krylov methods, attained by "
                          "CG and accelerated methods, not by GD)", ("MSML-335",)),
             Source(NESTEROV, "Theorem 2.1.7 and its worst-case function")],
    kind="exact",
    area="optimization",
    instances=chain_runs(),
    conclusion=lower_bound_checks,
    proof_idea="The Hessian is tridiagonal, so a gradient at a point supported on t coordinates is supported on t+1; "
               "on span{e_1..e_t} the chain is the chain of dimension t, with minimum (L/8)(1/(t+1) - 1). "
               "||x*||² <= (2k+2)/3 turns the gap L/(16(k+1)) into the stated bound.",
    mutants=[
        Mutant("constant-one-eighth", "CG's gap at t = k, L/(16(k+1)), is below L||x*||²/(8(k+1)²) for k >= 2",
               conclusion=lambda r: lower_bound_checks(r, const=Fraction(1, 8)),
               instances=chain_runs(methods=("cg",), min_k=2)),
        Mutant("dimension-k", "in dimension d = k, CG reaches the minimizer in k steps (gap 0)",
               instances=chain_runs(methods=("cg",), dimension="k")),
    ],
    examples=30,
)
test_krylov_lower_bound_chain = LOWER_BOUND.test()


def _printed_gd_optimal(r: ChainRun) -> Check:
    H, b = chain_quadratic(r.L, r.d)
    grad = lambda x: quadratic_gradient(H, b, x)  # noqa: E731
    x0 = tuple(Fraction(0) for _ in range(r.d))
    cg = conjugate_gradient(H, b, x0, r.d)
    gd = heavy_ball(grad, x0, 1 / r.L, 0, r.d)
    return _worst([ge(dot(grad(c), grad(c)), dot(grad(g), grad(g)),
                      label=f"||∇f(x_t^CG)|| >= ||∇f(x_t^GD)|| at t = {t}") for t, (c, g) in enumerate(zip(cg, gd))])


PRINTED_GD_OPTIMAL = Claim(
    id="gd-optimal-on-worst-case-quadratic-printed",
    title="MSML as printed: 'no algorithm can find a stationary point faster than GD on the worst-case quadratic'",
    statement="On the worst-case (chain) quadratic, no first-order method reaches small gradients faster than GD "
              "(step 1/L): ||∇f(x_t)|| >= ||∇f(x_t^GD)|| at every t, here for conjugate gradient",
    sources=[Source(MSML, "line 1589 ('lower bound O(√κ) for gradient descent'; 'no algorithm ... faster than "
                          "gradient descent on the worst-case quadratic')", ("MSML-335",))],
    kind="exact",
    area="optimization",
    instances=chain_runs(),
    conclusion=_printed_gd_optimal,
    proof_idea="CG minimizes f over the Krylov space and is exact after d steps, when GD's gradient is still nonzero.",
    audit=True,
    corrected="krylov-lower-bound-chain",
    finding="The lower bound Ω(√κ log 1/ε) (Ω(1/k²) in the convex case) holds for every Krylov/first-order method and "
            "is attained by CG and Nesterov's method; GD needs Θ(κ log 1/ε) and is not optimal: on the chain in "
            "dimension d, CG's gradient is exactly 0 at t = d while GD's is not.",
)
test_gd_optimal_on_worst_case_quadratic_printed = PRINTED_GD_OPTIMAL.test()
