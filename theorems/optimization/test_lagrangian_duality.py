"""Lagrangian duality for convex quadratic programs: weak and strong duality, shadow prices,
primal–dual dynamics and the divergence of the duals on infeasible constraints.

Statement.  For ``min f(x) = ½xᵀPx + qᵀx`` subject to ``Gx <= h`` with ``L(x, λ) = f(x) + λᵀ(Gx - h)``
and ``q(λ) = inf_x L(x, λ)``:
- Weak duality: ``q(λ) <= p*`` for every ``λ >= 0`` (any problem).
- Strong duality (convex, Slater point): ``p* = max_{λ>=0} q(λ)``, the maximum is attained at ``λ*``
  and complementary slackness ``λ*_i (Gx* - h)_i = 0`` holds.  Printed with the unconstrained
  ``min_x f(x)`` on the left, the identity is false (audit).
- Shadow prices: ``p*(h + u) - p*(h) + λ*ᵀu`` lies in ``[0, ½ uᵀM⁻¹u]`` for every ``u``, with
  ``M = GP⁻¹Gᵀ`` (``P ≻ 0``, ``G`` of full row rank); so ``-λ* ∈ ∂p*(h)`` and ``∂p*/∂h_k = -λ*_k``.
- Primal–dual (gradient descent–ascent with step ``η`` for ``T`` steps, averages ``x̄, λ̄``):
  with ``B(x, λ) = (||x_1 - x||² + ||λ_1 - λ||²)/(2ηT) + (η/2T) Σ_t ||(∇_xL_t, Gx_t - h)||²``,
  ``f(x̄) - f* <= B(x*, 0)``, ``||[Gx̄ - h]_+||_1 <= B(x*, λ* + u)`` with ``u`` the indicator of the
  violated rows, and ``f(x̄) - f* >= -||λ*||_∞ B(x*, λ* + u)``: the gap and the violation are bounded
  separately (the gap itself can be negative).  With bounded gradients and ``η ∝ 1/√T`` this is
  ``O(1/√T)``.
- Infeasible constraints with a Farkas certificate ``y >= 0``, ``yᵀG = 0``, ``yᵀh = -δ < 0``: the dual
  ascent iterates satisfy ``yᵀλ_t >= yᵀλ_1 + η(t - 1)δ``, whatever the primal iterates do.

Sources.  The Mathematical Structure of Machine Learning, Ch. 24: Constraint–Duality Structural Theorem
(MSML-23), Example 11 (MSML-34), A.7 and its solution (MSML-41), B.10 (MSML-62).

Proof ideas.  Weak duality: ``λᵀ(Gx - h) <= 0`` at feasible ``x``.  Strong duality: Slater makes the
perturbation function finite near ``0``; a supporting hyperplane gives ``λ*`` (for a convex QP the KKT
system does it directly).  Shadow prices: ``p*(h) = φ*(-h)`` is the conjugate of the dual's negative,
``φ(λ) = ½(q + Gᵀλ)ᵀP⁻¹(q + Gᵀλ) + ι_{λ>=0}``, which is strongly convex in the ``M``-norm, so ``p*`` is
convex (lower bound) and ``M⁻¹``-smooth (upper bound) with gradient ``-λ*``.  Primal–dual: online
gradient descent on ``z = (x, λ)`` with the monotone field ``(∇_xL, -(Gx - h))`` has
``Σ_t ⟨g_t, z_t - z⟩ <= ||z_1 - z||²/(2η) + (η/2)Σ||g_t||²``, and convexity–concavity turns the left side
into ``T (L(x̄, λ) - L(x, λ̄))``; the saddle inequality ``L(x̄, λ*) >= f*`` separates gap and
violation.  Divergence: projection only increases coordinates, and ``yᵀ(Gx - h) = -yᵀh = δ``.

Everything is exact rational arithmetic (dyadic steps), so every tolerance is 0.
"""

from __future__ import annotations

from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.documents import MSML
from checks.duality import (QP, average, dot, dual, dual_function, dual_hessian, primal, primal_dual,
                            saddle_regret_bound, solve)
from checks.strategies.duality import (InfeasibleCase, PrimalDualCase, QPInstance, convex_qps,
                                       infeasible_systems, nonconvex_box_qps, primal_dual_runs)


# ------------------------------------------------------------------------------------ strong duality
def _vec(v) -> str:
    return "(" + ", ".join(str(a) for a in v) + ")"


def _duality_checks(inst: QPInstance) -> list[Check]:
    qp = inst.qp
    p, x = primal(qp)
    d, lam = dual(qp)
    out = []
    for l in inst.lams:
        ql = dual_function(qp, l)
        if ql is not None:
            out.append(le(ql, p, label=f"weak duality q(λ) <= p* at λ = {_vec(l)}"))
    if d is None:
        return out + [holds(False, "strong duality p* = max q", f"p* = {p} but q ≡ -∞ (P not PSD)")]
    out.append(equal(d, p, label="strong duality max_{λ>=0} q(λ) = p*"))
    out.append(equal(dual_function(qp, lam), p, label="dual maximum attained at λ*"))
    out.append(equal(sum(abs(l * g) for l, g in zip(lam, qp.g(x))), Fraction(0),
                     label="complementary slackness Σ|λ*_i (Gx* - h)_i| = 0"))
    return out


def _unconstrained_min(qp: QP) -> Fraction:
    z = solve(qp.P, list(qp.q))
    return -dot(qp.q, z) / 2


def _printed_display(inst: QPInstance) -> Check:
    d, _ = dual(inst.qp)
    return equal(_unconstrained_min(inst.qp), d, label="min_x f(x) (constraint dropped) = max_{λ>=0} q(λ)")


STRONG_DUALITY = Claim(
    id="lagrange-strong-duality-qp",
    title="Weak duality always; strong duality with an attained dual optimum for convex QPs with a Slater point",
    statement="For min ½xᵀPx + qᵀx s.t. Gx <= h: q(λ) <= p* for all λ >= 0; if P ≻ 0 and a Slater point exists, "
              "p* = max_{λ>=0} q(λ), attained at λ* with λ*_i(Gx* - h)_i = 0",
    sources=[Source(MSML, "Constraint–Duality Structural Theorem (statement and proof)", ("MSML-23",))],
    kind="exact",
    area="optimization",
    instances=convex_qps(),
    conclusion=_duality_checks,
    proof_idea="Weak: λᵀ(Gx - h) <= 0 on the feasible set.  Strong: Slater gives a supporting hyperplane of the "
               "perturbation function at 0, whose slope is λ*; for a convex QP the KKT system yields it directly.",
    mutants=[
        Mutant("drop-convexity", "an indefinite P on a box has finite p* but q(λ) = -∞ for every λ",
               instances=nonconvex_box_qps()),
        Mutant("dual-at-zero", "the constraints matter: with an active constraint and λ*_i > 0, q(0) < p*",
               conclusion=lambda inst: equal(dual_function(inst.qp, [Fraction(0)] * inst.qp.m), primal(inst.qp)[0],
                                             label="q(0) = p*")),
    ],
    examples=40,
)
test_lagrange_strong_duality_qp = STRONG_DUALITY.test()

PRINTED_DISPLAY = Claim(
    id="lagrange-duality-printed-display",
    title="Strong-duality display as printed: the constraint is dropped on the primal side",
    statement="min_x f(x) = max_{λ>=0} inf_x (f(x) + Σ_i λ_i g_i(x)) for convex f, g_i with a Slater point",
    sources=[Source(MSML, "Constraint–Duality Structural Theorem, displayed identity", ("MSML-23",))],
    kind="exact",
    area="optimization",
    instances=convex_qps(max_n=2, extras=False),
    conclusion=_printed_display,
    proof_idea="The dual optimum equals the constrained value inf{f(x) : g(x) <= 0}, which exceeds the "
               "unconstrained minimum whenever a constraint with a positive multiplier is active.",
    audit=True,
    corrected="lagrange-strong-duality-qp",
    finding="The display has min_x f(x) without the constraint: e.g. f = x², g = 1 - x gives min_x x² = 0 but "
            "max_λ (λ - λ²/4) = 1.  It should read inf{f(x) : g_i(x) <= 0} = max_{λ>=0} q(λ) (finite p*; the "
            "primal infimum need not be attained, the dual maximum is).  The proof text defines p* correctly.",
    examples=40,
)
test_lagrange_duality_printed_display = PRINTED_DISPLAY.test()


# ------------------------------------------------------------------------------------ shadow prices
def _shadow_checks(inst: QPInstance, sign: int = 1, curvature: bool = True) -> list[Check]:
    qp = inst.qp
    p, _ = primal(qp)
    _, lam = dual(qp)
    M = dual_hessian(qp)
    out = []
    for u in inst.us:
        pu, _ = primal(qp.with_h([a + b for a, b in zip(qp.h, u)]))
        excess = pu - p + sign * dot(lam, u)
        quad = dot(u, solve(M, list(u))) / 2
        tag = _vec(u)
        out.append(ge(excess, Fraction(0), label=f"p*(h+u) >= p*(h) - λ*ᵀu at u = {tag}"))
        if curvature:
            out.append(le(excess, quad, label=f"p*(h+u) <= p*(h) - λ*ᵀu + ½uᵀM⁻¹u at u = {tag}"))
        else:
            out.append(equal(excess, Fraction(0), label=f"p*(h+u) = p*(h) - λ*ᵀu at u = {tag}"))
    return out


SHADOW_PRICES = Claim(
    id="lagrange-shadow-prices-qp",
    title="Multipliers are shadow prices: -λ* is the gradient of the optimal value in the constraint levels",
    statement="For a convex QP (P ≻ 0, G of full row rank) and every u: 0 <= p*(h + u) - p*(h) + λ*ᵀu <= "
              "½uᵀ(GP⁻¹Gᵀ)⁻¹u; hence -λ* ∈ ∂p*(h) and ∂p*/∂h_k = -λ*_k",
    sources=[Source(MSML, "A.7 and its solution (∂p*/∂b_k = -λ_k*)", ("MSML-41",))],
    kind="exact",
    area="optimization",
    instances=convex_qps(),
    conclusion=_shadow_checks,
    proof_idea="p*(h) = φ*(-h) for the dual's φ(λ) = ½(q + Gᵀλ)ᵀP⁻¹(q + Gᵀλ) + ι_{λ>=0}, strongly convex in the "
               "M-norm: its conjugate is convex and M⁻¹-smooth, with gradient the dual maximizer λ*.",
    mutants=[
        Mutant("sign-flip", "loosening a binding constraint lowers p*, so the slope is -λ*, not +λ*",
               conclusion=lambda inst: _shadow_checks(inst, sign=-1)),
        Mutant("linear-value", "p* is piecewise quadratic: moving an active constraint adds a positive curvature term",
               conclusion=lambda inst: _shadow_checks(inst, curvature=False)),
    ],
    examples=30,
)
test_lagrange_shadow_prices_qp = SHADOW_PRICES.test()


# ------------------------------------------------------------------------------------ primal-dual
def _primal_dual_checks(case: PrimalDualCase, nonnegative_gap: bool = False) -> list[Check]:
    qp = case.qp
    f_star, x_star = primal(qp)
    _, lam_star = dual(qp)
    run = primal_dual(qp, case.x1, [Fraction(0)] * qp.m, case.eta, case.T)
    xbar = average(run.x)
    gap = qp.f(xbar) - f_star
    viol = [max(Fraction(0), v) for v in qp.g(xbar)]
    u = [l + (1 if v > 0 else 0) for l, v in zip(lam_star, viol)]
    b0 = saddle_regret_bound(qp, run, case.eta, x_star, [Fraction(0)] * qp.m)
    b1 = saddle_regret_bound(qp, run, case.eta, x_star, u)
    if nonnegative_gap:
        return [ge(gap, Fraction(0), label="f(x̄) - f* >= 0")]
    return [le(gap, b0, label="f(x̄) - f* <= B(x*, 0)"),
            le(sum(viol, Fraction(0)), b1, label="||[Gx̄ - h]_+||_1 <= B(x*, λ* + u)"),
            ge(gap, -max(lam_star, default=Fraction(0)) * b1, label="f(x̄) - f* >= -||λ*||_∞ B(x*, λ* + u)")]


PRIMAL_DUAL = Claim(
    id="lagrange-primal-dual-saddle-bound",
    title="Gradient descent–ascent on the Lagrangian: objective gap and violation of the averages bounded separately",
    statement="For a convex QP with a Slater point, averaged GDA iterates satisfy f(x̄) - f* <= B(x*, 0), "
              "||[Gx̄ - h]_+||_1 <= B(x*, λ* + u) and f(x̄) - f* >= -||λ*||_∞ B(x*, λ* + u), with the OGD "
              "bound B(x, λ) = (||x_1 - x||² + ||λ_1 - λ||²)/(2ηT) + (η/2T)Σ_t||g_t||² (O(1/√T) for η ∝ 1/√T)",
    sources=[Source(MSML, "B.10 and its proof (primal–dual O(1/√T))", ("MSML-62",)),
             Source(MSML, "Example 11 (primal descent / dual ascent approaches the saddle point)", ("MSML-34",))],
    kind="exact",
    area="optimization",
    instances=primal_dual_runs(),
    conclusion=_primal_dual_checks,
    proof_idea="Online gradient descent on z = (x, λ) against the field (∇_xL, -(Gx - h)) has regret "
               "<= ||z_1 - z||²/(2η) + (η/2)Σ||g_t||²; convexity in x and linearity in λ give "
               "L(x̄, λ) - L(x, λ̄) <= B(x, λ); the saddle inequality L(x̄, λ*) >= f* separates gap and violation.",
    mutants=[
        Mutant("gap-nonnegative", "averages of infeasible iterates can beat the optimum: started at the unconstrained "
               "minimizer, f(x̄) < f* while a constraint with λ* > 0 is violated (the printed sum hides this)",
               conclusion=lambda c: _primal_dual_checks(c, nonnegative_gap=True)),
    ],
    examples=40,
)
test_lagrange_primal_dual_saddle_bound = PRIMAL_DUAL.test()


# ------------------------------------------------------------------------------------ infeasibility
def _divergence_checks(case: InfeasibleCase, bounded: bool = False) -> list[Check]:
    run = primal_dual(case.qp, case.x1, case.lam1, case.eta, case.T)
    delta = -dot(case.y, case.qp.h)
    start = dot(case.y, run.lam[0])
    if bounded:
        return [le(dot(case.y, run.lam[-1]), start + case.eta * delta, label="yᵀλ_T <= yᵀλ_1 + ηδ")]
    return [ge(dot(case.y, lam), start + case.eta * t * delta, label=f"yᵀλ_{t + 1} >= yᵀλ_1 + η·{t}·δ")
            for t, lam in enumerate(run.lam)]


INFEASIBLE = Claim(
    id="lagrange-dual-divergence-infeasible",
    title="Infeasible constraints: dual ascent iterates grow linearly along a Farkas certificate",
    statement="If y >= 0, yᵀG = 0 and yᵀh = -δ < 0 (so Gx <= h is infeasible), projected dual ascent "
              "λ_{t+1} = [λ_t + η(Gx_t - h)]_+ gives yᵀλ_t >= yᵀλ_1 + η(t - 1)δ for any primal iterates",
    sources=[Source(MSML, "Example 11 (infeasible constraints: dual variables diverge)", ("MSML-34",))],
    kind="exact",
    area="optimization",
    instances=infeasible_systems(),
    conclusion=_divergence_checks,
    proof_idea="[a]_+ >= a coordinatewise and y >= 0, so yᵀλ_{t+1} >= yᵀλ_t + ηyᵀ(Gx_t - h) = yᵀλ_t + ηδ.",
    mutants=[
        Mutant("bounded-duals", "the certificate direction grows by at least ηδ per step, so after T >= 3 steps it "
               "exceeds one step's growth", conclusion=lambda c: _divergence_checks(c, bounded=True)),
    ],
    examples=40,
)
test_lagrange_dual_divergence_infeasible = INFEASIBLE.test()
