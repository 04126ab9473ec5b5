"""Covariate shift: importance weighting is unbiased, its variance is a weighted second moment, and
unweighted least squares is inconsistent for the target when the model is misspecified.

Statement.  Let source and target share the label law, ``p_t(y|x) = p_s(y|x)``, and let
``supp p_t ⊆ supp p_s``; put ``w = p_t/p_s``.
- ``R_t(f) = E_s[w(x) ℓ(f(x), y)]``, so the weighted empirical risk ``R̂_w = (1/n) Σ w(x_i) ℓ_i`` of
  ``n`` source draws has ``E R̂_w = R_t`` and ``Var R̂_w = (E_s[w²ℓ²] - R_t²)/n``; for ``ℓ ≡ 1`` this
  is ``χ²(p_t‖p_s)/n``, as ``E_s[w²] = 1 + χ²``.  The effective sample size
  ``(Σ w_i)²/Σ w_i² <= n`` (equality iff the weights are equal).  The self-normalized estimator
  ``Σ wℓ/Σ w`` is biased at finite ``n``; the weights fail under concept shift and off the support.
- Population least squares on ``φ(x) = (1, x)`` with ``E[y|x] = g(x)``: the target minimizer is
  ``θ_t = E_t[φφᵀ]⁻¹E_t[φ g]``, the weighted source minimizer equals it, and the unweighted source
  minimizer ``θ_s`` has target excess risk ``(θ_s - θ_t)ᵀ E_t[φφᵀ] (θ_s - θ_t) >= 0``.  If ``g`` is
  linear (well-specified) then ``θ_s = θ_t``; if ``g`` is quadratic they differ in general: for
  ``g = x²``, ``N(0, 1) → N(3/2, 1/4)``, the excess is ``9/2`` with infinite source data.

Sources.  Zhao, *From Approximation to Emergence*, Fig. 21.1-21.2 and Def. 21.1 (ZHAO-169: the
reweighting identities; the decomposition ``R_Q = R_P + Δ`` is a definition); *The Mathematical
Structure of Machine Learning*, Ch. 24, A.6 (MSML-40) and B.8 (MSML-61).

Proof idea.  ``E_s[w ℓ] = Σ_x p_s(x) (p_t(x)/p_s(x)) E[ℓ|x] = Σ_x p_t(x) E[ℓ|x]`` needs equal
conditionals and no target mass off ``supp p_s``; the variance of a mean of ``n`` i.i.d. terms is
``1/n`` of one term's.  ESS ``<= n`` is Cauchy–Schwarz.  Least squares: ``R_t(θ) - R_t(θ_t)`` is the
quadratic form of ``E_t[φφᵀ]`` in ``θ - θ_t`` (the normal equations kill the cross term); a linear
``g`` is the minimizer under every marginal.

Everything is exact: laws of estimators are enumerated over all ``n``-samples, least squares is solved
from exact moments (Gaussian moments are polynomials in the mean and variance).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.documents import MSML, ZHAO
from checks.shift import (chi_square, density_ratio, effective_sample_size, expectation, mean_and_variance,
                          ols_population, square_risk, weighted_mean_law)
from checks.strategies.shift import CovariateShift, RegressionShift, covariate_instances, covariate_shifts, regression_shifts

# --- claim 1: importance weighting -----------------------------------------------------------------------


def _weighted_table(inst: CovariateShift, w, power: int = 1):
    return tuple(tuple(w[x] ** power * l ** power for l in row) for x, row in enumerate(inst.loss))


def _target_risk(inst: CovariateShift) -> Fraction:
    return expectation(inst.pt, inst.cond_t, inst.loss)


def _ess_checks(inst: CovariateShift, w, n: int = 3) -> list[Check]:
    atoms = [w[x] for x, a in enumerate(inst.ps) if a > 0]
    worst = max(effective_sample_size(v) for v in itertools.product(atoms, repeat=n) if any(v))
    return [le(worst, n, label=f"max over {n}-samples of ESS = (sum w)^2 / sum w^2 <= n")]


def unbiased(inst: CovariateShift) -> list[Check]:
    w = density_ratio(inst.pt, inst.ps)
    Rt = _target_risk(inst)
    mean, _ = mean_and_variance(weighted_mean_law(inst.ps, inst.cond_s, w, inst.loss, inst.n))
    return [equal(expectation(inst.ps, inst.cond_s, _weighted_table(inst, w)), Rt, label="E_s[w l] = R_t"),
            equal(mean, Rt, label="E R_w = R_t (exact law of the n-sample estimator)")]


def importance_weighting(inst: CovariateShift) -> list[Check]:
    w = density_ratio(inst.pt, inst.ps)
    Rt = _target_risk(inst)
    _, var = mean_and_variance(weighted_mean_law(inst.ps, inst.cond_s, w, inst.loss, inst.n))
    second = expectation(inst.ps, inst.cond_s, _weighted_table(inst, w, 2))
    return unbiased(inst) + [
        equal(var, (second - Rt ** 2) / inst.n, label="Var R_w = (E_s[w^2 l^2] - R_t^2)/n"),
        equal(sum((a * b * b for a, b in zip(inst.ps, w)), Fraction(0)) - 1, chi_square(inst.pt, inst.ps),
              label="E_s[w^2] - 1 = chi^2(p_t||p_s)")] + _ess_checks(inst, w)


def inverse_weights(inst: CovariateShift) -> Check:
    v = density_ratio(inst.ps, inst.pt)
    return equal(expectation(inst.ps, inst.cond_s, _weighted_table(inst, v)), _target_risk(inst),
                 label="E_s[(p_s/p_t) l] = R_t")


def self_normalized(inst: CovariateShift) -> Check:
    w = density_ratio(inst.pt, inst.ps)
    mean, _ = mean_and_variance(weighted_mean_law(inst.ps, inst.cond_s, w, inst.loss, inst.n, normalized=True))
    return equal(mean, _target_risk(inst), label="E[sum w l / sum w] = R_t")


def unsquared_variance(inst: CovariateShift) -> Check:
    w = density_ratio(inst.pt, inst.ps)
    _, var = mean_and_variance(weighted_mean_law(inst.ps, inst.cond_s, w, inst.loss, inst.n))
    first = expectation(inst.ps, inst.cond_s, tuple(tuple(w[x] * l * l for l in r) for x, r in enumerate(inst.loss)))
    return equal(var, (first - _target_risk(inst) ** 2) / inst.n, label="Var R_w = (E_s[w l^2] - R_t^2)/n")


def ess_strictly_below(inst: CovariateShift) -> Check:
    w = density_ratio(inst.pt, inst.ps)
    atoms = [w[x] for x, a in enumerate(inst.ps) if a > 0]
    worst = max(effective_sample_size(v) for v in itertools.product(atoms, repeat=3) if any(v))
    return holds(worst < 3, "ESS < n for every 3-sample", f"max ESS = {worst}")


IMPORTANCE = Claim(
    id="covariate-shift-importance-weighting",
    title="Importance weighting under covariate shift: unbiased, with variance given by the weights' second moment",
    statement="if p_t(y|x) = p_s(y|x) and supp p_t is inside supp p_s, w = p_t/p_s: R_t = E_s[w l]; the mean "
              "R_w of n weighted source losses has E R_w = R_t and Var R_w = (E_s[w^2 l^2] - R_t^2)/n; "
              "E_s[w^2] = 1 + chi^2(p_t||p_s); (sum w)^2/sum w^2 <= n",
    sources=[Source(ZHAO, "Fig. 21.1-21.2, Def. 21.1 (OOD risk, covariate shift)", ("ZHAO-169",)),
             Source(MSML, "Ch. 24, B.8 (importance-weighted ERM, variance, ESS)", ("MSML-61",))],
    kind="exact",
    area="generalization",
    instances=covariate_instances(),
    conclusion=importance_weighting,
    proof_idea="Change of measure: p_s(x) w(x) = p_t(x) on supp p_s, and the conditional of y is the same; "
               "an i.i.d. mean has 1/n of one term's variance, E_s[(w l)^2] - (E_s[w l])^2; ESS <= n is "
               "Cauchy-Schwarz (sum w)^2 <= n sum w^2.",
    mutants=[
        Mutant("inverse-weights", "the ratio p_s/p_t reweights toward the source, not the target",
               conclusion=inverse_weights, instances=covariate_shifts("full")),
        Mutant("support-mismatch", "target mass where p_s = 0 is never sampled, so the weighted risk misses it",
               conclusion=unbiased, instances=covariate_shifts("off-support")),
        Mutant("concept-shift", "with p_t(y|x) != p_s(y|x) the marginal ratio p_t(x)/p_s(x) does not transport the "
               "conditional loss", conclusion=unbiased, instances=covariate_shifts("concept")),
        Mutant("self-normalized-unbiased", "sum w l / sum w is a ratio estimator, biased at finite n (at n = 1 it "
               "is the unweighted source loss)", conclusion=self_normalized),
        Mutant("variance-unsquared-weights", "the variance needs E_s[w^2 l^2] = E_t[w l^2], not E_s[w l^2]",
               conclusion=unsquared_variance, instances=covariate_shifts("heavy")),
        Mutant("ess-strictly-below-n", "equal weights (p_t = p_s) give ESS = n exactly", conclusion=ess_strictly_below),
    ],
    examples=40,
)
test_covariate_shift_importance_weighting = IMPORTANCE.test()


# --- claim 2: least squares under covariate shift ------------------------------------------------------

def _thetas(inst: RegressionShift):
    return ols_population(inst.source, inst.g), ols_population(inst.target, inst.g)


def erm_under_shift(inst: RegressionShift) -> list[Check]:
    ts, tt = _thetas(inst)
    M = inst.target
    d = (ts[0] - tt[0], ts[1] - tt[1])
    excess = square_risk(M, inst.g, ts, inst.noise) - square_risk(M, inst.g, tt, inst.noise)
    quad = d[0] ** 2 + 2 * M[1] * d[0] * d[1] + M[2] * d[1] ** 2
    out = [equal(excess, quad, label="R_t(theta_s) - R_t(theta_t) = (theta_s - theta_t)' E_t[phi phi'] (theta_s - theta_t)"),
           ge(excess, 0, label="R_t(theta_s) >= R_t(theta_t)")]
    if inst.g[2] == 0:
        out.append(equal(ts, tt, label="well-specified: theta_s = theta_t"))
    if inst.family.endswith("N(0,1) -> N(3/2,1/4)"):
        out.append(equal(excess, Fraction(9, 2) * inst.g[2] ** 2, label="g2 x^2, N(0,1) -> N(3/2,1/4): excess = 9/2 g2^2"))
    if inst.atoms is not None:
        pts, ps, pt = inst.atoms
        w = density_ratio(pt, ps)
        mw = tuple(sum((a * b * x ** k for x, a, b in zip(pts, ps, w)), Fraction(0)) for k in range(5))
        out.append(equal(ols_population(mw, inst.g), tt, label="importance-weighted source minimizer = theta_t"))
    return out


def consistent(inst: RegressionShift) -> Check:
    ts, tt = _thetas(inst)
    return equal(ts, tt, label="theta_s = theta_t")


def always_inconsistent(inst: RegressionShift) -> Check:
    ts, tt = _thetas(inst)
    return holds(ts != tt, "theta_s != theta_t", f"theta_s = {ts}, theta_t = {tt}")


ERM = Claim(
    id="covariate-shift-least-squares",
    title="Unweighted least squares under covariate shift: consistent iff the model can be well specified",
    statement="population least squares on (1, x) with E[y|x] = g(x), same conditional under source and target: "
              "R_t(theta_s) - R_t(theta_t) = (theta_s - theta_t)' E_t[phi phi'] (theta_s - theta_t) >= 0; theta_s = theta_t "
              "when g is linear; importance weighting recovers theta_t; for g = x^2 and N(0,1) -> N(3/2,1/4) the "
              "excess is 9/2",
    sources=[Source(MSML, "Ch. 24, A.6 and its solution (unweighted ERM inconsistent under covariate shift)", ("MSML-40",))],
    kind="exact",
    area="generalization",
    instances=regression_shifts(),
    conclusion=erm_under_shift,
    proof_idea="R_t(theta) = R_t(theta_t) + (theta - theta_t)' E_t[phi phi'](theta - theta_t) because E_t[phi (g - phi' "
               "theta_t)] = 0; a linear g = phi' theta* makes theta* the minimizer under every marginal, while the best "
               "linear fit to x^2 depends on the marginal: (v - mu^2, 2 mu) under N(mu, v).",
    mutants=[
        Mutant("consistent-when-misspecified", "the best linear fit of a quadratic g moves with the marginal",
               conclusion=consistent, instances=regression_shifts(False)),
        Mutant("always-inconsistent", "a linear g is the minimizer under every marginal",
               conclusion=always_inconsistent, instances=regression_shifts(True)),
    ],
    examples=40,
)
test_covariate_shift_least_squares = ERM.test()
