"""Estimating Hessian spectra from Hessian–vector products: power iteration and Hutchinson's estimator.

Statement.
- Power iteration.  For symmetric ``H = sum_i λ_i v_i v_iᵀ`` with ``|λ_1| > |λ_j|`` (j >= 2) and a start
  ``u_0`` with ``<u_0, v_1> ≠ 0``, the iterates ``u_t ∝ H^t u_0`` satisfy
  ``tan^2 ∠(u_t, v_1) <= r^{2t} tan^2 ∠(u_0, v_1)``, ``r = max_{j>=2} |λ_j| / |λ_1|`` (equality for 2×2), and the
  Rayleigh quotient ``ρ_t = u_tᵀHu_t/||u_t||^2`` obeys ``|ρ_t - λ_1| <= max_j |λ_j - λ_1| r^{2t} tan^2 ∠(u_0, v_1)``.
  So ``ρ_t`` converges to the eigenvalue of largest modulus, with its sign: the smoothness
  ``max |λ| = ||H||`` is ``|ρ_t|``, and ``λ_max`` is found only when the dominant eigenvalue is positive.
- Hutchinson.  ``E[zᵀHz] = tr H`` for ``E z zᵀ = I``; for i.i.d. coordinates with fourth moment m4,
  ``Var(zᵀHz) = 2||H||_F^2 + (m4 - 3) sum_i H_ii^2``: ``2(||H||_F^2 - sum_i H_ii^2)`` for Rademacher and
  ``2||H||_F^2`` for Gaussian probes.

Audits.  "vᵀHv approximates the smoothness" (Arora et al.) and "power iteration gives λ_max" (MSML) both
fail for ``H = diag(1, -3)``: the iteration returns -3.

Sources.  Arora et al., §2.6 "Setting learning rate" (ARORA-30); MSML, App. C.9 (MSML-72, MSML-73).

Proof ideas.  In the eigenbasis ``H^t u_0 = sum_j c_j λ_j^t v_j``, so ``tan^2 = sum_{j>=2} c_j^2 λ_j^{2t} /
(c_1^2 λ_1^{2t})`` and ``ρ_t - λ_1 = sum_{j>=2} (λ_j - λ_1) w_j`` with weights ``w_j`` summing to
``sin^2 <= tan^2``.  Hutchinson: ``E zᵀHz = tr(H E zzᵀ)``; ``zᵀHz = sum_i H_ii z_i^2 + 2 sum_{i<j} H_ij z_i z_j``
and the terms are uncorrelated, giving ``(m4 - 1) sum H_ii^2 + 4 sum_{i<j} H_ij^2``.  Everything here is
exact: the iterates in Fractions, the probe moments by enumerating Rademacher signs and a three-point
law with the Gaussian moments up to order 5.
"""

from __future__ import annotations

from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, le
from checks.documents import ARORA, MSML
from checks.hessian_estimation import (GAUSSIAN_MOMENTS, RADEMACHER, FiniteLaw, power_iterates,
                                       quadratic_form_moments, rayleigh, tan2_to_subspace)
from checks.strategies.hessian_estimation import (PowerCase, SymmetricCase, power_cases, symmetric_cases)


# ------------------------------------------------------------------------------ power iteration

def _power(c: PowerCase, dominant: int = 1):
    """``(rho_t, tan2_t, tan2_0, r, top, spread)`` for the dominant subspace spanned by the first
    ``dominant`` eigenvectors."""
    H = c.H
    us = power_iterates(H, c.u0, c.steps)
    V = c.Q[:, :dominant]
    top = c.lam[0]
    rest = [abs(v) for v in c.lam[dominant:]]
    r = max(rest, default=Fraction(0)) / abs(top)
    spread = max(abs(v - top) for v in c.lam)
    return rayleigh(H, us[-1]), tan2_to_subspace(us[-1], V), tan2_to_subspace(us[0], V), r, top, spread


def power_checks(c: PowerCase, target=lambda c: c.lam[0], rate_power: int = 2) -> list[Check]:
    rho, tan_t, tan_0, r, top, spread = _power(c)
    bound = r ** (rate_power * c.steps) * tan_0
    return [le(tan_t, bound, label="tan²∠(u_t, v_1) <= (|λ_2|/|λ_1|)^{2t} tan²∠(u_0, v_1)"),
            le(abs(rho - target(c)), spread * r ** (2 * c.steps) * tan_0,
               label="|ρ_t - λ_1| <= max_j|λ_j - λ_1| (|λ_2|/|λ_1|)^{2t} tan²∠(u_0, v_1), λ_1 = dominant (signed)")]


def _tie_checks(c: PowerCase) -> Check:
    """With λ_2 = -λ_1 treat ±λ_1 as one dominant magnitude: |ρ_t| -> |λ_1|?"""
    rho, _, tan_0, r, top, _ = _power(c, dominant=2)
    return le(abs(abs(rho) - abs(top)), 2 * abs(top) * r ** (2 * c.steps) * tan_0,
              label="| |ρ_t| - max|λ| | <= 2 max|λ| r'^{2t} tan²∠(u_0, span(v_1, v_2))")


POWER = Claim(
    id="power-iteration-dominant-eigenvalue",
    title="Power iteration converges to the eigenvalue of largest modulus (with its sign) at rate |λ_2/λ_1|^{2t}",
    statement="For symmetric H with |λ_1| > |λ_j| (j >= 2) and <u_0, v_1> ≠ 0: tan²∠(H^t u_0, v_1) <= "
              "|λ_2/λ_1|^{2t} tan²∠(u_0, v_1) and |ρ_t - λ_1| <= max_j|λ_j - λ_1| |λ_2/λ_1|^{2t} tan²∠(u_0, v_1) for the "
              "Rayleigh quotient ρ_t; so |ρ_t| estimates the smoothness max|λ| = ||H||, and ρ_t -> λ_max only if λ_1 > 0",
    sources=[Source(ARORA, "§2.6 'Setting learning rate' (corrected: |vᵀHv|, gap in |λ|)", ("ARORA-30",)),
             Source(MSML, "App. C.9, power iteration on the Hessian (corrected: largest |λ|)", ("MSML-73",))],
    kind="exact",
    area="optimization",
    instances=power_cases(),
    conclusion=power_checks,
    proof_idea="H^t u_0 = sum_j c_j λ_j^t v_j: the v_1 coefficient grows fastest, by the factor |λ_1|/|λ_j| per step "
               "relative to each other one; the Rayleigh quotient is λ_1 plus a sin²-weighted average of λ_j - λ_1.",
    mutants=[
        Mutant("signed-lambda-max", "for H = diag(1, -3) the iterates align with e_2 and ρ_t -> -3, not λ_max = 1",
               conclusion=lambda c: power_checks(c, target=lambda c: max(c.lam))),
        Mutant("rate-squared", "for 2×2 diagonal H tan²∠(u_t, e_1) = (λ_2/λ_1)^{2t} tan²∠(u_0, e_1) exactly, not the "
               "4t-th power", conclusion=lambda c: power_checks(c, rate_power=4)),
        Mutant("tie-converges", "for λ_2 = -λ_1 (e.g. diag(2, -2)) H^t u_0 alternates and ρ_t = λ_1(a² - b²)/(a² + b²) "
               "is not ±λ_1", conclusion=_tie_checks, instances=power_cases(families=("tie",))),
    ],
    examples=80,
)
test_power_iteration_dominant_eigenvalue = POWER.test()


def _printed_smoothness(c: PowerCase) -> Check:
    rho, _, tan_0, r, _, spread = _power(c)
    L = max(abs(v) for v in c.lam)
    return le(abs(rho - L), spread * r ** (2 * c.steps) * tan_0,
              label="vᵀHv ≈ smoothness max|λ| (within the accuracy the iteration reaches)")


def _printed_lambda_max(c: PowerCase) -> Check:
    rho, _, tan_0, r, _, spread = _power(c)
    return le(abs(rho - max(c.lam)), spread * r ** (2 * c.steps) * tan_0,
              label="power iteration gives λ_max(H) (within the accuracy the iteration reaches)")


SMOOTHNESS_PRINTED = Claim(
    id="power-iteration-smoothness-printed",
    title="'vᵀHv of the final power-iteration vector approximates the smoothness', as printed",
    statement="For the final power-iteration vector v of H, vᵀHv ≈ the smoothness max_i |λ_i(H)|",
    sources=[Source(ARORA, "§2.6 'Setting learning rate'", ("ARORA-30",))],
    kind="exact",
    area="optimization",
    instances=power_cases(),
    conclusion=_printed_smoothness,
    proof_idea="vᵀHv tends to the dominant eigenvalue with its sign; the smoothness is its modulus.",
    audit=True,
    corrected="power-iteration-dominant-eigenvalue",
    finding="For H = diag(1, -3) the iterates converge to ±e_2 and vᵀHv -> -3, while the smoothness is 3; with a tie "
            "λ_2 = -λ_1 (diag(2, -2)) vᵀHv depends on the start and need not converge to ±2.  Corrected: estimate the "
            "smoothness by |vᵀHv| (or ||Hv||), assuming |λ_1| > |λ_2|.",
)
test_power_iteration_smoothness_printed = SMOOTHNESS_PRINTED.test()

LAMBDA_MAX_PRINTED = Claim(
    id="power-iteration-lambda-max-printed",
    title="'Power iteration for λ_max', read as the largest eigenvalue",
    statement="Power iteration on the Hessian returns λ_max(H), its largest eigenvalue",
    sources=[Source(MSML, "App. C.9 (power iteration for λ_max)", ("MSML-73",))],
    kind="exact",
    area="optimization",
    instances=power_cases(),
    conclusion=_printed_lambda_max,
    proof_idea="Power iteration amplifies the eigenvalue of largest modulus, which is negative at saddles.",
    audit=True,
    corrected="power-iteration-dominant-eigenvalue",
    finding="With λ_max read as the largest eigenvalue the statement fails on indefinite Hessians: for H = diag(1, -3) "
            "power iteration returns -3, not λ_max = 1.  The same passage pairs λ_max with 'worst-case sensitivity'; "
            "read as the largest |λ| (= ||H||, via |ρ_t|) it is correct, which is why a stricter audit lists this entry "
            "as not false.  Corrected: power iteration gives the eigenvalue of largest modulus; λ_max needs a PSD H or "
            "a shifted iteration on H + cI.",
)
test_power_iteration_lambda_max_printed = LAMBDA_MAX_PRINTED.test()


# ------------------------------------------------------------------------------ Hutchinson

UNIFORM_01 = FiniteLaw((0, 1), (Fraction(1, 2), Fraction(1, 2)))


def hutchinson_checks(c: SymmetricCase, rademacher: FiniteLaw = RADEMACHER, gaussian: FiniteLaw = GAUSSIAN_MOMENTS,
                      swap: bool = False) -> list[Check]:
    H = c.H
    fro = (H * H).sum()
    diag = sum(H[i, i] ** 2 for i in range(H.shape[0]))
    trace = sum(H[i, i] for i in range(H.shape[0]))
    var_r, var_g = 2 * (fro - diag), 2 * fro
    if swap:
        var_r, var_g = var_g, var_r
    mr, vr = quadratic_form_moments(H, rademacher)
    mg, vg = quadratic_form_moments(H, gaussian)
    return [equal(mr, trace, label="Rademacher probes: E zᵀHz = tr H"),
            equal(vr, var_r, label="Rademacher probes: Var zᵀHz = 2(||H||_F² - sum H_ii²)"),
            equal(mg, trace, label="Gaussian probes: E zᵀHz = tr H"),
            equal(vg, var_g, label="Gaussian probes: Var zᵀHz = 2||H||_F²")]


HUTCHINSON = Claim(
    id="hutchinson-trace-estimator",
    title="Hutchinson's estimator: E zᵀHz = tr H, with variance 2(||H||²_F - sum H_ii²) (Rademacher) or 2||H||²_F (Gaussian)",
    statement="For symmetric H and probes z with i.i.d. Rademacher (or N(0,1)) coordinates: E[zᵀHz] = tr H and "
              "Var(zᵀHz) = 2(||H||_F² - sum_i H_ii²) (Rademacher), 2||H||_F² (Gaussian)",
    sources=[Source(MSML, "App. C.9, Hutchinson trace estimator", ("MSML-72",))],
    kind="exact",
    area="optimization",
    instances=symmetric_cases(),
    conclusion=hutchinson_checks,
    proof_idea="E zᵀHz = tr(H E zzᵀ) = tr H.  zᵀHz - tr H = sum_i H_ii(z_i² - 1) + 2 sum_{i<j} H_ij z_i z_j, uncorrelated "
               "terms with variances H_ii²(m4 - 1) and 4H_ij²; m4 = 1 (Rademacher) or 3 (Gaussian).",
    mutants=[
        Mutant("uniform-01-probes", "z uniform on {0, 1}^d has E zzᵀ = (I + 11ᵀ)/4 ≠ I: E zᵀHz = (tr H + 1ᵀH1)/4",
               conclusion=lambda c: hutchinson_checks(c, rademacher=UNIFORM_01)),
        Mutant("swapped-variances", "a nonzero diagonal makes the two variances differ by 2 sum H_ii²",
               conclusion=lambda c: hutchinson_checks(c, swap=True)),
    ],
    examples=60,
)
test_hutchinson_trace_estimator = HUTCHINSON.test()
