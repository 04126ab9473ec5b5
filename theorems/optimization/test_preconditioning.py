"""Steepest descent in a norm, preconditioned gradient descent, and what preconditioning does to the
condition number.

Statements (all exact, on rational data).
- Steepest descent.  ``min_{||v|| <= 1} <g, v> = -||g||_*`` for ``g ≠ 0``: the minimizer is ``-g/||g||_2`` for
  l2, ``-sign(g)`` for l∞ (value ``-||g||_1``), ``-sign(g_j) e_j`` with ``|g_j| = ||g||_∞`` for l1, and
  ``-P⁻¹g/||g||_{P⁻¹}`` for ``||v||_P = sqrt(vᵀPv)`` (unique there).  Equivalently ``-Pg`` is steepest for
  ``||·||_{P⁻¹}``, and on the ball ``||w - w_t||_2 <= eps`` the linearization is minimized by
  ``w_t - alpha g``, ``alpha = eps/||g||_2 > 0``, value ``f(w_t) - eps||g||_2``.
- A preconditioned step decreases f.  On ``f = ½θᵀHθ - bᵀθ`` with ``P ≻ 0``, ``g = ∇f(θ)``:
  ``f(θ - ηPg) - f(θ) = -η gᵀPg + (η²/2)(Pg)ᵀH(Pg)`` (so ``d/dη`` at 0, the rate of change along the flow
  ``θ' = -P∇f``, is ``-gᵀPg < 0``), and for ``η = c/tr(PH)``, ``0 < c < 2``, the decrease is at least
  ``η(1 - c/2) gᵀPg``.
- Preconditioned GD is GD in other coordinates.  With ``P = RᵀR`` (``R = P^{1/2}`` or any factor) the iterates
  of ``θ ← θ - ηP⁻¹∇f`` satisfy ``Rθ_t = z_t``, GD on ``H̃ = R⁻ᵀHR⁻¹`` (orthogonally similar to
  ``P^{-1/2}HP^{-1/2}``); ``P⁻¹H = R⁻¹H̃R``, so ``κ(P⁻¹H) = κ(H̃)``; with ``η = 2/(λ_min + λ_max)`` of ``H̃``,
  ``||θ_t - θ*||_P <= ((κ' - 1)/(κ' + 1))^t ||θ_0 - θ*||_P``, attained on the extreme generalized eigenvectors.
- Conditioning.  ``κ(H)/κ(P) <= κ(P⁻¹H) <= κ(H)κ(P)``; ``P = H`` gives 1, ``P = H⁻¹`` gives ``κ(H)²``, and a
  preconditioner whose eigenvalues are ordered against the Hessian's attains ``κ(H)κ(P)`` (``H = diag(1, 100)``,
  ``P = diag(100, 1)``: ``κ`` goes from 100 to 10⁴).  Jacobi scaling ``P = diag(H)`` equalizes the curvature
  exactly when ``H`` is diagonal, and not otherwise.  For ``A ≻ 0`` with ``κ(A) > 1`` and ``c > 0``,
  ``κ(A + cI) - 1 = (κ(A) - 1) λ_min/(λ_min + c)``: strictly below ``κ(A)`` and strictly decreasing in c.

Audits.  MSML B.3 prints ``argmax_{||d||_P <= 1} <∇f, d> = -P⁻¹∇f/||∇f||_{P⁻¹}`` (that is the argmin) and
"complexity improves from κ(H) to κ(P⁻¹H)" unconditionally; MSML C.19 adds ``5I`` to "increase the
condition number" (for ``A ≻ 0`` it decreases it).

Sources.  Zhao, Definitions 5.1 and 5.11 with Figures 5.3 and 5.16 (ZHAO-32); Teng et al., §4.1.2
(TENG-20); Arora et al., Problem 2.1.1 (ARORA-11); MSML Ch. 24, B.3 and its expansions (MSML-57),
C.19 (MSML-255), App. B Theorem 2.2 / App. C (MSML-352), the momentum/Adam remark (MSML-282, its
diagonal-scaling part).  The van der Sluis bound (Jacobi within a factor d of the best diagonal
scaling, MSML-352) and the claim that different P reach different interpolants (ZHAO-32; checked in
``steepest-descent-quadratic-norm-limit``) are not re-checked here.

Proof ideas.  Hölder's inequality ``<g, v> >= -||g||_* ||v||`` with equality at the stated directions; for
``||·||_P`` the Lagrange identity ``q||v||²_P - <g, v>² = ||q v + <g, v> u||²_P / q`` (``u = -P⁻¹g``,
``q = gᵀP⁻¹g``) shows uniqueness.  The descent identity is the Taylor expansion of a quadratic, and
``(Pg)ᵀH(Pg) <= λ_max(P^{1/2}HP^{1/2}) gᵀPg <= tr(PH) gᵀPg``.  Multiplying the update by ``R`` gives GD on
``H̃``.  ``κ(P⁻¹H)`` is the ratio of the extreme Rayleigh quotients ``xᵀHx/xᵀPx``, which the extreme
eigenvalues of ``H`` and ``P`` bound.  ``(λ_max + c)/(λ_min + c)`` is a Möbius function of ``c``, decreasing
when ``λ_max > λ_min``.
"""

from __future__ import annotations

from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.documents import ARORA, MSML, TENG, ZHAO
from checks.preconditioning import (NORMS, dot, dual_norm_sq, identity, inverse, matmul, matvec, norm_sq,
                                    preconditioned_gd, quad_form, quadratic_gradient, quadratic_value,
                                    steepest_direction, transpose)
from checks.strategies.preconditioning import (CommutingPair, DescentCase, PreconditionedRun, ShiftCase,
                                               SteepestCase, commuting_pairs, descent_cases, preconditioned_runs,
                                               rotated_jacobi, shift_cases, steepest_cases)


def _worst(checks: list[Check]) -> Check:
    return max(checks, key=lambda c: c.ratio)


def _neg(v):
    return tuple(-x for x in v)


# ------------------------------------------------------------------------------------ steepest descent
def _candidate_checks(c: SteepestCase, norm: str, u, s2, label: str, P=None) -> list[Check]:
    """``d = u/sqrt(s2)`` is on the unit sphere and ``<g, d> = -||g||_*`` (compared through squares)."""
    P = c.P if P is None else P
    a, dual2 = dot(c.g, u), dual_norm_sq(c.g, norm, P)
    return [equal(norm_sq(u, norm, P), s2, label=f"{label}: ||d|| = 1"),
            equal(a * a, dual2 * s2, label=f"{label}: |<g, d>| = ||g||_*"),
            holds(a < 0, f"{label}: <g, d> < 0", f"<g, u> = {a}")]


def _holder_checks(c: SteepestCase, norm: str) -> list[Check]:
    """``<g, v> >= -||g||_* ||v||`` for every test vector (equality on the tight ones)."""
    dual2 = dual_norm_sq(c.g, norm, c.P)
    out = []
    for v in c.vs:
        a = dot(c.g, v)
        if a < 0:
            out.append(le(a * a, dual2 * norm_sq(v, norm, c.P), label=f"{norm}: <g, v>^2 <= ||g||_*^2 ||v||^2 (<g, v> < 0)"))
    return [_worst(out)] if out else []


def steepest_checks(c: SteepestCase, direction=None, ball_alpha_sq=None) -> list[Check]:
    """``direction(c, norm) -> (u, s2)`` replaces the closed form; ``ball_alpha_sq`` the step ``alpha²`` on the
    eps-ball (Problem 2.1.1: ``delta = -alpha g``)."""
    out: list[Check] = []
    for norm in NORMS:
        u, s2 = direction(c, norm) if direction else steepest_direction(c.g, norm, c.P)
        out += _candidate_checks(c, norm, u, s2, f"{norm} steepest direction")
        out += _holder_checks(c, norm)
    # uniqueness for ||·||_P: q||v||_P^2 - <g, v>^2 = ||q v + <g, v> u||_P^2 / q, u = -P⁻¹g
    u, q = _neg(matvec(inverse(c.P), c.g)), dual_norm_sq(c.g, "quadratic", c.P)
    for v in c.vs:
        a = dot(c.g, v)
        w = tuple(q * x + a * y for x, y in zip(v, u))
        out.append(equal(q * quad_form(c.P, v) - a * a, quad_form(c.P, w) / q,
                         label="Lagrange identity: the ||·||_P minimizer is unique"))
    # ZHAO-32 (a): -Pg is the steepest direction for ||·||_{P⁻¹}
    Pinv = inverse(c.P)
    uz, _ = steepest_direction(c.g, "quadratic", Pinv)
    out.append(equal(uz, _neg(matvec(c.P, c.g)), label="||·||_{P⁻¹}: steepest direction ∝ -Pg"))
    # ARORA-11: delta = -alpha g with alpha = eps/||g||_2 > 0: ||delta||_2 = eps and <g, delta> = -eps||g||_2
    g2 = dot(c.g, c.g)
    alpha_sq = c.eps ** 2 / g2 if ball_alpha_sq is None else ball_alpha_sq(c)
    out.append(equal(alpha_sq * g2, c.eps ** 2, label="eps-ball: ||delta||_2 = eps (feasible, on the boundary)"))
    out.append(equal(alpha_sq * g2 * g2, c.eps ** 2 * g2, label="eps-ball: <g, delta> = -eps||g||_2"))
    return out


def _ascent(c: SteepestCase, norm: str):
    u, s2 = steepest_direction(c.g, norm, c.P)
    return _neg(u), s2


def _linf_normalized(c: SteepestCase, norm: str):
    if norm == "linf":
        return _neg(c.g), norm_sq(c.g, "linf")
    return steepest_direction(c.g, norm, c.P)


def _value_is_squared_norm(c: SteepestCase) -> list[Check]:
    u, s2 = steepest_direction(c.g, "l2")
    a = dot(c.g, u)
    g2 = dot(c.g, c.g)
    return [equal(a * a, g2 * g2 * s2, label="l2: <g, d> = -||g||_2^2")]


def _metric_not_inverted(c: SteepestCase, norm: str):
    if norm == "quadratic":
        u = _neg(matvec(c.P, c.g))
        return u, quad_form(c.P, u)
    return steepest_direction(c.g, norm, c.P)


STEEPEST = Claim(
    id="steepest-descent-in-a-norm",
    title="Steepest descent in a norm: -g/||g||_2 (l2), -sign(g) (l∞), a top coordinate (l1), -P⁻¹g (||·||_P)",
    statement="For g ≠ 0, min_{||v|| <= 1} <g, v> = -||g||_* with minimizers -g/||g||_2 (l2), -sign(g) (l∞), "
              "-sign(g_j)e_j with |g_j| = ||g||_∞ (l1) and the unique -P⁻¹g/||g||_{P⁻¹} (||v||_P = sqrt(vᵀPv)); "
              "-Pg is steepest for ||·||_{P⁻¹}; on ||w - w_t||_2 <= eps the linearization is minimized at "
              "w_t - alpha g, alpha = eps/||g||_2 > 0, value f(w_t) - eps||g||_2",
    sources=[Source(TENG, "§4.1.2 (the negative gradient is the steepest direction; the l∞ case)", ("TENG-20",)),
             Source(ARORA, "§2.1, Problem 2.1.1 (read w_t + delta for the printed w + delta; g ≠ 0)", ("ARORA-11",)),
             Source(ZHAO, "Definition 5.1 and Figure 5.3 (a preconditioner P gives the steepest direction -P∇f "
                          "for ||·||_{P⁻¹})", ("ZHAO-32",)),
             Source(MSML, "B.3 (corrected: argmin, not argmax)", ("MSML-57",))],
    kind="exact",
    area="optimization",
    instances=steepest_cases(),
    conclusion=steepest_checks,
    proof_idea="Hölder: <g, v> >= -||g||_*||v||, with equality exactly at the stated directions; for ||·||_P the "
               "Lagrange identity q||v||²_P - <g, v>² = ||qv + <g, v>u||²_P/q (u = -P⁻¹g, q = gᵀP⁻¹g) vanishes "
               "only for v ∥ u.",
    mutants=[
        Mutant("ascent-direction", "+P⁻¹g/||g||_{P⁻¹} (the printed argmax's sign flipped) has <g, d> = +||g||_* > 0",
               conclusion=lambda c: steepest_checks(c, direction=_ascent)),
        Mutant("linf-normalized-gradient", "-g/||g||_∞ gives <g, d> = -||g||_2²/||g||_∞ > -||g||_1 unless the nonzero "
                                           "|g_i| are equal", conclusion=lambda c: steepest_checks(c, direction=_linf_normalized)),
        Mutant("value-is-squared-norm", "the minimum over the unit ball is -||g||_2, not -||g||_2² (unless ||g|| = 1)",
               conclusion=_value_is_squared_norm),
        Mutant("metric-not-inverted", "-Pg is steepest for ||·||_{P⁻¹}; for ||·||_P it misses the minimum unless g "
                                      "is an eigenvector of P", conclusion=lambda c: steepest_checks(c, direction=_metric_not_inverted)),
        Mutant("ball-step-alpha-eps", "delta = -eps g leaves the eps-ball when ||g||_2 > 1 and is not optimal when "
                                      "||g||_2 < 1", conclusion=lambda c: steepest_checks(c, ball_alpha_sq=lambda c: c.eps ** 2)),
    ],
    examples=60,
)
test_steepest_descent_in_a_norm = STEEPEST.test()


def _printed_argmax(c: SteepestCase) -> list[Check]:
    """Every feasible direction has <g, v> <= <g, d_printed> = -||g||_{P⁻¹}, i.e. <g, v> <= -||g||_{P⁻¹}||v||_P."""
    q = dual_norm_sq(c.g, "quadratic", c.P)
    out = []
    for v in c.vs:
        a, n2 = dot(c.g, v), quad_form(c.P, v)
        ok = a <= 0 and a * a >= q * n2
        out.append(holds(ok, "argmax_{||d||_P <= 1} <g, d> = -P⁻¹g/||g||_{P⁻¹}: <g, v/||v||_P> <= -||g||_{P⁻¹}",
                         f"v = {v}: <g, v> = {a}, ||g||²_(P⁻¹)||v||²_P = {q * n2}"))
    return out


PRINTED_ARGMAX = Claim(
    id="steepest-direction-printed-argmax",
    title="MSML B.3 as printed: argmax_{||d||_P <= 1} <∇f, d> = -P⁻¹∇f/||∇f||_{P⁻¹}",
    statement="For P ≻ 0 and g ≠ 0, -P⁻¹g/||g||_{P⁻¹} maximizes <g, d> over ||d||_P <= 1",
    sources=[Source(MSML, "B.3 full formal proof", ("MSML-57",))],
    kind="exact",
    area="optimization",
    instances=steepest_cases(),
    conclusion=_printed_argmax,
    proof_idea="<g, -P⁻¹g/||g||_{P⁻¹}> = -||g||_{P⁻¹} < 0, while the feasible direction +P⁻¹g/||g||_{P⁻¹} gives "
               "+||g||_{P⁻¹}: the printed vector is the minimizer.",
    audit=True,
    corrected="steepest-descent-in-a-norm",
    finding="The printed vector is the argmin (the steepest descent direction); the argmax is +P⁻¹∇f/||∇f||_{P⁻¹}. "
            "Any test direction with <g, v> > -||g||_{P⁻¹}||v||_P (e.g. -g itself when g is not a P-eigenvector, or "
            "any v with <g, v> >= 0) beats the printed 'maximizer'.",
)
test_steepest_direction_printed_argmax = PRINTED_ARGMAX.test()


# --------------------------------------------------------------------------- preconditioned descent
def descent_checks(c: DescentCase) -> list[Check]:
    g = quadratic_gradient(c.H, c.b, c.theta)
    Pg = matvec(c.P, g)
    new = tuple(t - c.eta * s for t, s in zip(c.theta, Pg))
    dec = quadratic_value(c.H, c.b, new) - quadratic_value(c.H, c.b, c.theta)
    gPg = dot(g, Pg)
    return [equal(dec, -c.eta * gPg + c.eta ** 2 / 2 * quad_form(c.H, Pg),
                  label="f(θ - ηPg) - f(θ) = -η gᵀPg + (η²/2)(Pg)ᵀH(Pg)  (slope -gᵀPg along θ' = -P∇f)"),
            le(dec, -c.eta * (1 - c.c / 2) * gPg,
               label=f"η = c/tr(PH), c = {c.c}: f decreases by >= η(1 - c/2) gᵀPg")]


def _step_independent_of_p(c: DescentCase) -> list[Check]:
    g = quadratic_gradient(c.H, c.b, c.theta)
    return [equal(tuple(t - c.eta * s for t, s in zip(c.theta, matvec(c.P, g))),
                  tuple(t - c.eta * s for t, s in zip(c.theta, g)), label="θ - ηPg = θ - ηg")]


DESCENT = Claim(
    id="preconditioned-step-decreases-objective",
    title="A preconditioned step θ - ηP∇f (P ≻ 0) decreases f; along θ' = -P∇f, df/dt = -∇fᵀP∇f",
    statement="On f = ½θᵀHθ - bᵀθ with H, P ≻ 0 and g = ∇f(θ): f(θ - ηPg) - f(θ) = -η gᵀPg + (η²/2)(Pg)ᵀH(Pg), "
              "whose slope at η = 0 (the rate of change of f along the flow θ' = -P∇f) is -gᵀPg < 0 for g ≠ 0; for "
              "η = c/tr(PH), 0 < c < 2, f(θ - ηPg) <= f(θ) - η(1 - c/2) gᵀPg",
    sources=[Source(ZHAO, "Definitions 5.1 and 5.11 (preconditioned descent; gradient flow with a metric), "
                          "Figure 5.16", ("ZHAO-32",))],
    kind="exact",
    area="optimization",
    instances=descent_cases(),
    conclusion=descent_checks,
    proof_idea="Taylor expansion of a quadratic; (Pg)ᵀH(Pg) = yᵀ(P^{1/2}HP^{1/2})y with y = P^{1/2}g, and "
               "λ_max(P^{1/2}HP^{1/2}) <= tr(P^{1/2}HP^{1/2}) = tr(PH).",
    mutants=[
        Mutant("indefinite-metric", "with an indefinite P the slope -gᵀPg is positive for some g, and f increases",
               instances=descent_cases(indefinite=True)),
        Mutant("step-independent-of-p", "the preconditioned step -ηPg differs from -ηg unless Pg = g, so the "
                                        "trajectory depends on P", conclusion=_step_independent_of_p),
    ],
    examples=60,
)
test_preconditioned_step_decreases_objective = DESCENT.test()


# ------------------------------------------------------------------------------------ preconditioned GD
def _rate(lam) -> tuple[Fraction, Fraction]:
    lo, hi = min(lam), max(lam)
    return 2 / (lo + hi), (hi - lo) / (hi + lo)


def preconditioned_gd_checks(r: PreconditionedRun, rate_power: int = 1, use_inverse: bool = True) -> list[Check]:
    H, P, R, Ht = r.H, r.P, r.R, r.Ht
    eta, rho = _rate(r.lam)
    Rinv = inverse(R)
    bt = matvec(transpose(Rinv), r.b)
    thetas = preconditioned_gd(H, r.b, P if use_inverse else inverse(P), eta, r.theta0, r.steps)
    zs = preconditioned_gd(Ht, bt, identity(len(r.lam)), eta, matvec(R, r.theta0), r.steps)
    out = [equal(tuple(matvec(R, th) for th in thetas), tuple(zs),
                 label="R θ_t = z_t, GD on H̃ = R⁻ᵀHR⁻¹ (P = RᵀR)"),
           equal(matmul(inverse(P), H), matmul(matmul(Rinv, Ht), R), label="P⁻¹H = R⁻¹ H̃ R (similar: same κ)")]
    for i, lam in enumerate(r.lam):
        v = matvec(Rinv, tuple(row[i] for row in r.Q))
        out.append(equal(matvec(H, v), tuple(lam * x for x in matvec(P, v)),
                         label="H v_i = λ_i P v_i (generalized eigenpairs of (H, P))"))
    theta_star = matvec(inverse(H), r.b)
    e0 = quad_form(P, tuple(a - b for a, b in zip(r.theta0, theta_star)))
    rate = [le(quad_form(P, tuple(a - b for a, b in zip(th, theta_star))), rho ** (2 * rate_power * t) * e0,
               label=f"||θ_t - θ*||_P^2 <= ((κ'-1)/(κ'+1))^(2t) ||θ_0 - θ*||_P^2 at t = {t}")
            for t, th in enumerate(thetas) if t >= 1]
    return out + [_worst(rate)]


PRECONDITIONED_GD = Claim(
    id="preconditioned-gd-transformed-coordinates",
    title="Preconditioned GD is GD on P^{-1/2}HP^{-1/2}; its rate is (κ'-1)/(κ'+1), κ' = κ(P⁻¹H)",
    statement="For f = ½θᵀHθ - bᵀθ, H, P ≻ 0, P = RᵀR: the iterates of θ ← θ - ηP⁻¹∇f satisfy Rθ_t = z_t, GD on "
              "H̃ = R⁻ᵀHR⁻¹ (orthogonally similar to P^{-1/2}HP^{-1/2}); P⁻¹H = R⁻¹H̃R so κ(P⁻¹H) = κ(H̃); with "
              "η = 2/(λ_min + λ_max) of H̃, ||θ_t - θ*||_P <= ((κ'-1)/(κ'+1))^t ||θ_0 - θ*||_P, attained on the "
              "extreme generalized eigenvectors",
    sources=[Source(MSML, "B.3 and its expansions (preconditioning = GD in z = P^{1/2}θ; rate via κ(P⁻¹H))",
                    ("MSML-57",)),
             Source(MSML, "App. B Theorem 2.2; App. C (preconditioned GD is GD on P^{-1/2}HP^{-1/2})", ("MSML-352",))],
    kind="exact",
    area="optimization",
    instances=preconditioned_runs(),
    conclusion=preconditioned_gd_checks,
    proof_idea="Multiply the update by R: Rθ_{t+1} = Rθ_t - ηR⁻ᵀ(Hθ_t - b) = z_t - η(H̃z_t - R⁻ᵀb); the error in z "
               "contracts by I - ηH̃, whose norm is max|1 - ηλ_i| = (κ'-1)/(κ'+1) at the optimal step, and "
               "||θ||_P = ||Rθ||_2.",
    mutants=[
        Mutant("rate-squared", "along an extreme generalized eigenvector the P-norm error shrinks by exactly "
                               "(κ'-1)/(κ'+1) per step, not its square", conclusion=lambda r: preconditioned_gd_checks(r, 2)),
        Mutant("precondition-by-p", "θ ← θ - ηP∇f is GD in R⁻ᵀ-coordinates, not in z = Rθ, unless P² = I",
               conclusion=lambda r: preconditioned_gd_checks(r, use_inverse=False)),
    ],
    examples=50,
)
test_preconditioned_gd_transformed_coordinates = PRECONDITIONED_GD.test()


# ----------------------------------------------------------------------------------------- conditioning
def _kappa(values) -> Fraction:
    return max(values) / min(values)


def conditioning_checks(c: CommutingPair, improves: bool = False) -> list[Check]:
    H, P = c.H, c.P
    M = matmul(inverse(P), H)
    d = len(c.h)
    out = []
    ratios = tuple(a / b for a, b in zip(c.h, c.p))
    for i in range(d):
        v = tuple(row[i] for row in c.Q)
        out.append(equal(matvec(M, v), tuple(ratios[i] * x for x in v),
                         label="P⁻¹H (Q e_i) = (h_i/p_i) Q e_i"))
    k, kH, kP = _kappa(ratios), _kappa(c.h), _kappa(c.p)
    out += [le(k, kH * kP, label=f"κ(P⁻¹H) <= κ(H)κ(P) [{c.which}]"),
            ge(k, kH / kP, label=f"κ(P⁻¹H) >= κ(H)/κ(P) [{c.which}]")]
    if c.which in ("hessian", "jacobi"):
        out.append(equal(M, identity(d), label=f"P = {'diag(H)' if c.which == 'jacobi' else 'H'}: P⁻¹H = I, κ = 1"))
    if c.which == "inverse":
        out.append(equal(k, kH * kH, label="P = H⁻¹: κ(P⁻¹H) = κ(H)²"))
    if improves:
        out.append(le(k, kH, label="κ(P⁻¹H) <= κ(H)"))
    return out


def _jacobi_equalizes(H) -> Check:
    d = len(H)
    D = tuple(tuple(H[i][i] if i == j else Fraction(0) for j in range(d)) for i in range(d))
    return equal(matmul(inverse(D), H), identity(d), label="Jacobi P = diag(H): P⁻¹H = I")


CONDITIONING = Claim(
    id="preconditioned-condition-number",
    title="κ(H)/κ(P) <= κ(P⁻¹H) <= κ(H)κ(P): a preconditioner can worsen the conditioning",
    statement="For H, P ≻ 0 (commuting, H = Q diag(h)Qᵀ, P = Q diag(p)Qᵀ): P⁻¹H has eigenpairs (h_i/p_i, Qe_i), "
              "κ(H)/κ(P) <= κ(P⁻¹H) <= κ(H)κ(P) with equality on the right when p is ordered against h; P = H gives "
              "κ = 1, P = H⁻¹ gives κ(H)², Jacobi P = diag(H) gives P⁻¹H = I for a diagonal H",
    sources=[Source(MSML, "B.3 ('if P is poorly estimated, κ' can worsen'; κ(P⁻¹H) = κ(H̃))", ("MSML-57",)),
             Source(MSML, "App. B Theorem 2.2, App. C 1960 (P = H gives κ = 1; a poor P increases κ)", ("MSML-352",)),
             Source(MSML, "line 1516 (diagonal rescaling equalizes curvature exactly only for diagonal Hessians)",
                    ("MSML-282",))],
    kind="exact",
    area="optimization",
    instances=commuting_pairs(),
    conclusion=conditioning_checks,
    proof_idea="κ(P⁻¹H) is the ratio of the extreme values of xᵀHx/xᵀPx; bound numerator and denominator by the "
               "extreme eigenvalues of H and P.  For commuting matrices the ratio h_i/p_i is largest when a large h_i "
               "meets a small p_i.",
    mutants=[
        Mutant("any-preconditioner-reduces-kappa", "H = diag(1, 100), P = diag(100, 1) (the reversed family) takes κ "
                                                   "from 100 to 10⁴", conclusion=lambda c: conditioning_checks(c, improves=True)),
        Mutant("jacobi-equalizes-any-hessian", "for a rotated H, diag(H)⁻¹H has off-diagonal entries, so Jacobi "
                                               "scaling does not make the curvature isotropic",
               conclusion=_jacobi_equalizes, instances=rotated_jacobi()),
    ],
    examples=60,
)
test_preconditioned_condition_number = CONDITIONING.test()


def _printed_improves(c: CommutingPair) -> Check:
    ratios = tuple(a / b for a, b in zip(c.h, c.p))
    return le(_kappa(ratios), _kappa(c.h), label=f"κ(P⁻¹H) <= κ(H) [{c.which}]")


PRINTED_IMPROVES = Claim(
    id="preconditioning-always-improves-printed",
    title="MSML B.3 as printed: 'complexity factor improves from κ(H) to κ(P⁻¹H)'",
    statement="For H, P ≻ 0, κ(P⁻¹H) <= κ(H) (preconditioning improves the rate factor)",
    sources=[Source(MSML, "B.3 full formal proof and B.3 (Expanded): 'the complexity improvement is not heuristic'",
                    ("MSML-57",))],
    kind="exact",
    area="optimization",
    instances=commuting_pairs(),
    conclusion=_printed_improves,
    proof_idea="κ(P⁻¹H) can reach κ(H)κ(P) when P's eigenvalues are ordered against H's.",
    audit=True,
    corrected="preconditioned-condition-number",
    finding="Not unconditional: H = diag(1, 100), P = diag(100, 1) gives κ(P⁻¹H) = 10⁴ > κ(H) = 100, and "
            "P = H⁻¹ gives κ(H)².  Corrected: the rate is governed by κ(P^{-1/2}HP^{-1/2}) = κ(P⁻¹H), which lies in "
            "[κ(H)/κ(P), κ(H)κ(P)] and may be larger or smaller than κ(H).",
)
test_preconditioning_always_improves_printed = PRINTED_IMPROVES.test()


def shift_checks(c: ShiftCase, monotone: bool = True, factor=None) -> list[Check]:
    A, d = c.A, len(c.lam)
    out = []
    for shift in (c.c1, c.c2):
        S = tuple(tuple(A[i][j] + (shift if i == j else 0) for j in range(d)) for i in range(d))
        for i in range(d):
            v = tuple(row[i] for row in c.Q)
            out.append(equal(matvec(S, v), tuple((c.lam[i] + shift) * x for x in v),
                             label="(A + cI) Q e_i = (λ_i + c) Q e_i"))
    lo, hi = min(c.lam), max(c.lam)
    k = lambda s: (hi + s) / (lo + s)  # noqa: E731
    kA = hi / lo
    out.append(equal(k(c.c1) - 1, (kA - 1) * lo / (lo + c.c1), label="κ(A + cI) - 1 = (κ(A) - 1) λ_min/(λ_min + c)"))
    if factor is not None:
        out.append(equal(k(c.c1), factor(kA, lo, c.c1), label="κ(A + cI) as the mutant states"))
    elif monotone:
        out += [le(k(c.c1), kA, label=f"κ(A + {c.c1} I) <= κ(A)"), holds(k(c.c1) < kA, "strictly"),
                le(k(c.c2), k(c.c1), label=f"κ(A + {c.c2} I) <= κ(A + {c.c1} I) (c1 < c2)"),
                holds(k(c.c2) < k(c.c1), "strictly decreasing in c")]
    else:
        out.append(ge(k(c.c1), kA, label=f"κ(A + {c.c1} I) >= κ(A)"))
    return out


SHIFT = Claim(
    id="shift-reduces-condition-number",
    title="For A ≻ 0, κ(A + cI) = (λ_max + c)/(λ_min + c) decreases strictly in c > 0",
    statement="If A ≻ 0 with λ_max > λ_min and 0 < c1 < c2, then κ(A + cI) - 1 = (κ(A) - 1) λ_min/(λ_min + c), so "
              "κ(A + c2 I) < κ(A + c1 I) < κ(A)",
    sources=[Source(MSML, "C.19 (corrected: 'A_cond = A + 5I' decreases the condition number)", ("MSML-255",))],
    kind="exact",
    area="optimization",
    instances=shift_cases(),
    conclusion=shift_checks,
    proof_idea="A + cI has eigenvalues λ_i + c; (λ_max + c)/(λ_min + c) - 1 = (λ_max - λ_min)/(λ_min + c) decreases "
               "in c.",
    mutants=[
        Mutant("shift-increases-kappa", "(λ_max + c)/(λ_min + c) < λ_max/λ_min whenever λ_max > λ_min and c > 0",
               conclusion=lambda c: shift_checks(c, monotone=False)),
        Mutant("increase-by-factor", "κ(A + cI) = (λ_max + c)/(λ_min + c), not κ(A)(1 + c/λ_min)",
               conclusion=lambda c: shift_checks(c, factor=lambda kA, lo, s: kA * (1 + s / lo))),
    ],
    examples=50,
)
test_shift_reduces_condition_number = SHIFT.test()


def _printed_shift(c: ShiftCase) -> Check:
    lo, hi = min(c.lam), max(c.lam)
    return ge((hi + c.c1) / (lo + c.c1), hi / lo, label=f"κ(A + {c.c1} I) >= κ(A)")


PRINTED_SHIFT = Claim(
    id="shift-increases-condition-number-printed",
    title="MSML C.19 as printed: 'increase condition number: A_cond = A + 5I'",
    statement="For A ≻ 0, κ(A + 5I) >= κ(A)",
    sources=[Source(MSML, "C.19, lines 1239-1240 and the printed 'condition number degrades 2.8x'", ("MSML-255",))],
    kind="exact",
    area="optimization",
    instances=shift_cases(c=Fraction(5)),
    conclusion=_printed_shift,
    proof_idea="(λ_max + 5)/(λ_min + 5) < λ_max/λ_min whenever λ_max > λ_min.",
    audit=True,
    corrected="shift-reduces-condition-number",
    finding="Adding 5I to a positive definite A decreases its condition number; it never increases it.  Corrected: κ(A + cI) < κ(A) for c > 0 "
            "when κ(A) > 1, strictly decreasing in c.",
)
test_shift_increases_condition_number_printed = PRINTED_SHIFT.test()
