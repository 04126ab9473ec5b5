"""Double descent of minimum-norm least squares in the isotropic Gaussian model.

Statement.  ``y = xᵀβ + ε`` with ``x ~ N(0, I_p)``, ``Var ε = σ²``, ``n`` samples, ``X`` the ``n×p``
design and ``β̂ = X⁺y`` (the minimum-norm least-squares fit; the ridge limit ``λ → 0+``).
- Conditional on ``X``, for a test point ``x ~ (0, Σ)``, the excess risk is
  ``B_X + V_X`` with ``B_X = βᵀΠΣΠβ`` (``Π = I - X⁺X``, the projector on ``null(X)``) and
  ``V_X = σ² tr(Σ (XᵀX)⁺) = (σ²/n) tr(Σ̂⁺Σ)``, ``Σ̂ = XᵀX/n``.  For ``Σ = I`` and ``p >= n`` this is
  ``σ² tr((XXᵀ)⁻¹)``, with no ``1/n`` for an unnormalized ``X`` (the printed ``/n`` is an audit).
- Exactly, at every finite size: ``E B_X = 0`` and ``E V_X = σ² p/(n - p - 1)`` for ``p <= n - 2``;
  ``E B_X = ‖β‖² (1 - n/p)`` and ``E V_X = σ² n/(p - n - 1)`` for ``p >= n + 2``; infinite for
  ``|p - n| <= 1``.  The test risk adds the irreducible ``σ²``.  When the model fits only the first
  ``p`` of ``D`` independent features, the omitted ones act as extra noise: ``σ² → σ_eff² =
  σ² + ‖β_rest‖²`` (TENG-62/63).  ``E V_X`` decreases in ``p`` past the threshold (the printed
  "variance increases with d/n" is an audit).
- Proportional limit ``p/n → γ``: ``σ² γ/(1 - γ)`` (``γ < 1``) and ``r²(1 - 1/γ) + σ²/(γ - 1)``
  (``γ > 1``), ``r = ‖β‖``; finite statement: the exact means exceed the limits by at most
  ``2σ²γ/((1-γ)² n)`` and ``2σ²/((γ-1)² n)``, and ``R_X`` concentrates (Chebyshev with its exact
  variance).  Shape of the limit: it blows up at ``γ = 1``, tends to the null risk ``r²``; if
  ``SNR = r²/σ² > 1`` it has a unique minimum on ``γ > 1`` at ``γ* = √SNR/(√SNR - 1)`` with value
  ``2rσ - σ² < r²`` and beats the null risk iff ``γ > SNR/(SNR - 1)``; if ``SNR <= 1`` it decreases
  on ``γ > 1`` and stays above ``r²``.
- Classical regime (nested OLS, ``p <= n - 2``): risk ``σ_eff²(p)(1 + p/(n - p - 1))``, a falling
  approximation term times a rising variance factor, so neither monotone direction is guaranteed
  (the printed "classical theory predicts a monotone increase / a monotone decrease" are audits).
- Ridge with the Bayes penalty ``λ* = pσ²/r²`` (on ``‖y - Xw‖² + λ‖w‖²``) has finite risk for every
  design (``<= r² + σ² min(n, p)/(4λ)``) and expected risk non-increasing in ``n``; the ridgeless
  risk is not monotone in ``n``.

Sources.  Zhao, *From Approximation to Emergence*, Figures 8.17, 9.4–9.7, Theorem 9.3 (ZHAO-71..74;
the theorem is truncated in the text, completed from Hastie–Montanari–Rosset–Tibshirani 2019);
Teng, Wang, Zhang, *Theoretical Machine Learning*, §13.1 (TENG-62, TENG-63); *The Mathematical
Structure of Machine Learning*, Ch. 24: the double-descent theorem L157–161 (MSML-18), Example 5
(MSML-29), A.13 (MSML-48), B.1 (MSML-54, MSML-55), C.3 notes and App. B (MSML-214, MSML-215), and the
regime remarks at lines 1376/1534 (MSML-294).

Proof ideas.  ``β̂ - β = -Πβ + X⁺ε``; the two parts are orthogonal in ``row(X) ⊕ null(X)`` and the
cross term has mean 0, so the risk splits; ``E[ε εᵀ] = σ² I`` gives ``σ² tr(Σ X⁺X⁺ᵀ)`` and
``X⁺X⁺ᵀ = (XᵀX)⁺``.  For Gaussian ``X`` the row space is a uniformly random ``n``-dimensional subspace
(rotation invariance), so ``E Π = (1 - n/p) I``; ``XᵀX`` (or ``XXᵀ``) is Wishart and
``E W⁻¹ = I/(ν - q - 1)`` (Bartlett: ``(W⁻¹)_qq = 1/χ²_{ν-q+1}``).  The limits are the exact
means with ``n → ∞``.  Ridge: ``λ*`` makes ridge the posterior mean under ``β ~ N(0, (r²/p) I)``;
the ridge risk at ``‖β‖ = r`` equals that Bayes risk (it depends on ``β`` only through ``‖β‖²``, by
rotation invariance), and a Bayes estimator with more data cannot do worse.

Statistical levels.  Each instance averages the exact conditional risk over ``m`` independent
Gaussian designs.  Bounded parts (``B_X ∈ [0, r²]``, ridge risks) use :mod:`checks.stats`
(Hoeffding / empirical Bernstein); ``V_X`` is unbounded but has an exactly known variance
(``Var tr W⁻¹``, finite for ``|p - n| >= 4``), so its mean is estimated with Catoni's M-estimator,
whose radius holds at the stated level with no other assumption.  The levels of one instance add up
to at most ``checks.stats.ALPHA`` (``1e-6``); rates use the exact binomial test.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, le
from checks.coverage import Uncovered
from checks.documents import MSML, TENG, ZHAO
from checks.linalg import EPS, min_norm_solution, nonzero_singular_values, null_space_projector
from checks.random_matrices import (RiskParts, conditional_risk, isotropic_risk_samples,
                                    min_norm_expected_risk, min_norm_risk_variance, pinv_gram_trace_mean,
                                    pinv_gram_trace_variance, ridge_risk_samples, ridgeless_limit_risk)
from checks.stats import ALPHA, bernstein_radius, catoni_mean, hoeffding_radius, mean_ge, mean_le, rate_le
from checks.strategies.high_dimensional import (AspectPair, CurvePoints, DesignRisk, NestedModel,
                                                RidgePair, RidgelessDesigns, aspect_pairs, curve_points,
                                                design_risks, nested_models, ridge_pairs, ridgeless_designs)

RCOND = 1e-8
"""Rank cutoff for planted designs: nonzero singular values >= 1e-3 s_max, rounding ones ~ eps s_max."""
GRAM_RCOND = 1e-10
"""Cutoff for the Gram matrix XᵀX/n: its nonzero eigenvalues are >= 1e-6 of the largest, rounding ones
about (n + p) eps of it."""

NOT_CHECKED = (
    Uncovered("KARP-1", area="high-dimensional", checkable="statistical",
              reason="an informal, cited empirical claim about trained neural networks (test error does not "
                     "grow with width after interpolation); its linear analogue is false in general (in the "
                     "well-specified isotropic model the min-norm bias ‖β‖²(1 - n/p) grows with p, see "
                     "double-descent-curve-shape), so only a network-training sweep could test it, beyond "
                     "this module's budget"),
)


# --- conditional risk given the design (numeric) ------------------------------------------------------

def _noise_design_risk(D: DesignRisk, beta: np.ndarray | None = None) -> float:
    """The excess risk averaged over the 2n noise vectors ±σ√n e_i: their mean is 0 and their
    covariance σ² I, and the loss is quadratic in the noise, so the average is the exact E_ε."""
    X = D.X
    beta = D.beta if beta is None else beta
    n = X.shape[0]
    E = math.sqrt(D.noise_var * n) * np.concatenate([np.eye(n), -np.eye(n)])
    fits = min_norm_solution(X, (X @ beta)[:, None] + E.T, rcond=RCOND)  # p × 2n
    err = fits - beta[:, None]
    return float(np.mean(np.einsum("ik,ij,jk->k", err, D.cov, err)))


def _tolerance(D: DesignRisk, beta: np.ndarray | None = None) -> tuple[float, str]:
    """Rounding bound for both computations: with u = 4 (n+p) eps kappa (the relative error of the
    SVD-built projector and of a min-norm solve), M = ‖β‖ + σ√n/s_min (a bound on ‖β̂ - β‖ and on
    the square roots of both risk terms), the error is at most 10 ‖Σ‖ M² u (1 + u)."""
    beta = D.beta if beta is None else beta
    s = nonzero_singular_values(D.X, RCOND)
    n, p = D.X.shape
    u = 4 * (n + p) * EPS * s[0] / s[-1]
    M = np.linalg.norm(beta) + math.sqrt(D.noise_var * n) / s[-1]
    return 10 * np.linalg.norm(D.cov, 2) * M * M * u * (1 + u), "10 ||Sigma|| M^2 u (1+u), u = 4(n+p) eps kappa"


def _conditional(D: DesignRisk, formula: Callable[[DesignRisk], float]) -> list[Check]:
    exact = _noise_design_risk(D)
    tol, why = _tolerance(D)
    X = D.X
    n, p = X.shape
    # the normalized form, through the Gram matrix: its rounding is relative (n+p) eps kappa² (the
    # computed XᵀX is within n eps s_max² of the exact one, and ‖G⁺‖ = 1/s_min²)
    s = nonzero_singular_values(X, RCOND)
    Shat_pinv = np.linalg.pinv(X.T @ X / n, rcond=GRAM_RCOND)
    normalized = D.noise_var / n * float(np.trace(Shat_pinv @ D.cov))
    parts = conditional_risk(X, D.beta, D.noise_var, D.cov, RCOND)
    tol2 = 16 * (n + p) * EPS * (s[0] / s[-1]) ** 2 * D.noise_var * np.linalg.norm(D.cov, 2) * s.size / s[-1] ** 2
    return [close(formula(D), exact, tol, label="E_eps risk = B_X + V_X", why=why),
            close(normalized, parts.variance, tol2, label="(σ²/n) tr(Σ̂⁺Σ) = σ² tr(Σ (XᵀX)⁺)",
                  why="16 (n+p) eps kappa² σ² ||Σ|| rank / s_min²")]


def _bias_variance(D: DesignRisk) -> float:
    return conditional_risk(D.X, D.beta, D.noise_var, D.cov, RCOND).total


def _variance_without_cov(D: DesignRisk) -> float:
    parts = conditional_risk(D.X, D.beta, D.noise_var, D.cov, RCOND)
    return parts.bias + conditional_risk(D.X, D.beta, D.noise_var, None, RCOND).variance


def _bias_without_cov(D: DesignRisk) -> float:
    null = null_space_projector(D.X, RCOND) @ D.beta
    return float(null @ null) + conditional_risk(D.X, D.beta, D.noise_var, D.cov, RCOND).variance


def _bias_on_row_space(D: DesignRisk) -> float:
    row = D.beta - null_space_projector(D.X, RCOND) @ D.beta
    return float(row @ D.cov @ row) + conditional_risk(D.X, D.beta, D.noise_var, D.cov, RCOND).variance


def _variance_without_noise(D: DesignRisk) -> float:
    parts = conditional_risk(D.X, D.beta, D.noise_var, D.cov, RCOND)
    return parts.bias + parts.variance / D.noise_var


CONDITIONAL = Claim(
    id="min-norm-conditional-risk",
    title="Conditional bias–variance decomposition of minimum-norm least squares",
    statement="for any design X, y = Xβ + ε with E ε = 0, Cov ε = σ² I and a test point x ~ (0, Σ): "
              "E[(xᵀ(X⁺y - β))² | X] = βᵀΠΣΠβ + σ² tr(Σ (XᵀX)⁺), Π = I - X⁺X, and σ² tr(Σ (XᵀX)⁺) = "
              "(σ²/n) tr(Σ̂⁺Σ) with Σ̂ = XᵀX/n (for Σ = I and full row rank: σ² tr((XXᵀ)⁻¹), no 1/n)",
    sources=[Source(ZHAO, "Figure 9.4 and Figure 9.6 (conditional bias and variance)", ("ZHAO-72",)),
             Source(MSML, "L159 (variance term via the trace of the inverse sample covariance)", ("MSML-18",)),
             Source(MSML, "B.1 solution, corrected normalization", ("MSML-54",))],
    kind="numeric",
    area="high-dimensional",
    instances=design_risks(),
    conclusion=lambda D: _conditional(D, _bias_variance),
    proof_idea="X⁺y - β = -Πβ + X⁺ε: the first part lies in null(X), the second in row(X), and E ε = 0 "
               "kills the cross term; E[X⁺εεᵀX⁺ᵀ] = σ² X⁺X⁺ᵀ = σ² (XᵀX)⁺.  The reference averages the "
               "loss over the 2n noise vectors ±σ√n e_i (mean 0, covariance σ² I), exact for a quadratic.",
    mutants=[
        Mutant("variance-ignores-test-covariance",
               "σ² tr((XᵀX)⁺) is the variance only for an isotropic test point; an anisotropic Σ reweights "
               "the directions of X⁺ε",
               conclusion=lambda D: _conditional(D, _variance_without_cov)),
        Mutant("bias-ignores-test-covariance",
               "‖Πβ‖² measures the null-space error in the Euclidean norm, not in the Σ norm of the test risk",
               conclusion=lambda D: _conditional(D, _bias_without_cov)),
        Mutant("bias-on-the-row-space",
               "the min-norm fit recovers the row-space part of β exactly; the bias is its null-space part",
               conclusion=lambda D: _conditional(D, _bias_on_row_space)),
        Mutant("variance-without-noise-level",
               "the variance is proportional to the noise variance σ²; dropping it is wrong unless σ² = 1",
               conclusion=lambda D: _conditional(D, _variance_without_noise)),
    ],
    examples=60,
)
test_min_norm_conditional_risk = CONDITIONAL.test()


def _variance_over_n_as_printed(D: DesignRisk) -> list[Check]:
    zero = np.zeros_like(D.beta)
    exact = _noise_design_risk(D, zero)
    tol, why = _tolerance(D, zero)
    n = D.X.shape[0]
    printed = D.noise_var * float(np.trace(np.linalg.inv(D.X @ D.X.T))) / n
    return [close(printed, exact, tol, label="V_X = σ² tr((XXᵀ)⁻¹)/n (as printed)", why=why)]


VARIANCE_OVER_N_AUDIT = Claim(
    id="min-norm-variance-normalized-by-n",
    title="'Variance σ² tr((XXᵀ)⁻¹)/n' for an unnormalized design (as printed)",
    statement="for isotropic noise and test features, the variance of the min-norm interpolant is "
              "σ² tr((XXᵀ)⁻¹)/n",
    sources=[Source(MSML, "B.1 solution, line 322", ("MSML-54",))],
    kind="numeric",
    area="high-dimensional",
    instances=design_risks(isotropic=True, wide=True, full_rank=True),
    conclusion=_variance_over_n_as_printed,
    proof_idea="the variance is E‖X⁺ε‖² = σ² tr(X⁺X⁺ᵀ) = σ² tr((XXᵀ)⁻¹) for full row rank; the 1/n belongs "
               "to the normalized design X/√n, which the text does not use",
    audit=True,
    corrected="min-norm-conditional-risk",
    finding="the '/n' is wrong for an unnormalized X (it is right only for X/√n or n = 1): the variance is "
            "σ² tr((XXᵀ)⁻¹); any design with n >= 2 rows shows a factor n",
    examples=20,
)
test_min_norm_variance_normalized_by_n = VARIANCE_OVER_N_AUDIT.test()


# --- exact finite-sample expectation (statistical) ---------------------------------------------------

Formula = Callable[[RidgelessDesigns], RiskParts]


def _exact_formula(R: RidgelessDesigns) -> RiskParts:
    return min_norm_expected_risk(R.n, R.p, R.signal, R.effective_noise)


def _expected_risk(R: RidgelessDesigns, formula: Formula = _exact_formula) -> list[Check]:
    """The bias mean (bounded in [0, r²]: Bernstein/Hoeffding at level ALPHA/4 per side) and the
    variance mean (Catoni with the exact Var tr (XᵀX)⁺, level ALPHA/2) against the formula."""
    bias, trace = isotropic_risk_samples(R.designs(), R.beta())
    s2 = float(R.effective_noise)
    pred = formula(R)
    r2 = float(R.signal)
    var = s2 * s2 * float(pinv_gram_trace_variance(R.n, R.p))
    est, radius = catoni_mean(s2 * trace, var, ALPHA / 2)
    checks = [close(est, float(pred.variance), radius, label="E V_X = formula (Catoni estimate)",
                    why=f"Catoni radius sqrt(2 v L/(m - 2L)), m = {R.replicates}, exact v, level {ALPHA / 2:g}")]
    if R.p > R.n and r2 > 0:  # for p < n the designs have full column rank, so B_X = 0 identically
        checks += [mean_le(bias, float(pred.bias), 0.0, r2, ALPHA / 4, label="E B_X <= formula"),
                   mean_ge(bias, float(pred.bias), 0.0, r2, ALPHA / 4, label="E B_X >= formula")]
    return checks


def _with_variance(R: RidgelessDesigns, variance: Fraction) -> RiskParts:
    return RiskParts(_exact_formula(R).bias, R.effective_noise * variance)


def _with_bias(R: RidgelessDesigns, bias: Fraction) -> RiskParts:
    return RiskParts(bias, _exact_formula(R).variance)


def _off_by_one(R: RidgelessDesigns) -> RiskParts:
    q, nu = min(R.n, R.p), max(R.n, R.p)
    return _with_variance(R, Fraction(q, nu - q))


def _under_one_over(R: RidgelessDesigns) -> RiskParts:
    return _with_variance(R, Fraction(R.n, R.n - R.p - 1)) if R.p < R.n else _exact_formula(R)


def _over_gamma_over(R: RidgelessDesigns) -> RiskParts:
    return _with_variance(R, Fraction(R.p, R.p - R.n - 1)) if R.p > R.n else _exact_formula(R)


def _no_noise_level(R: RidgelessDesigns) -> RiskParts:
    return RiskParts(_exact_formula(R).bias, pinv_gram_trace_mean(R.n, R.p))


def _row_space_bias(R: RidgelessDesigns) -> RiskParts:
    return _with_bias(R, R.signal * Fraction(min(R.n, R.p), R.p))


def _sign_error_bias(R: RidgelessDesigns) -> RiskParts:
    return _with_bias(R, R.signal * (1 - Fraction(R.p, R.n)))


EXPECTED = Claim(
    id="min-norm-expected-risk",
    title="Exact finite-sample risk of min-norm least squares (double descent)",
    statement="for x ~ N(0, I_p), the first p of D independent features, ‖β_p‖² = r², σ_eff² = σ² + "
              "‖β_rest‖²: E_X B_X = 0, E_X V_X = σ_eff² p/(n - p - 1) for p <= n - 2 and E_X B_X = "
              "r²(1 - n/p), E_X V_X = σ_eff² n/(p - n - 1) for p >= n + 2 (test risk: add σ_eff²)",
    sources=[Source(ZHAO, "§9.2.1 isotropic Gaussian designs, Figures 9.5-9.6", ("ZHAO-73",)),
             Source(TENG, "§13.1 double descent (nested OLS risk, both regimes)", ("TENG-62", "TENG-63")),
             Source(MSML, "double-descent characterization L157-161, B.5", ("MSML-18",)),
             Source(MSML, "Example 5 (omitted-feature model)", ("MSML-29",)),
             Source(MSML, "A.13 (variance past the threshold)", ("MSML-48",)),
             Source(MSML, "App. C.3 notes and App. B Theorem 1.5 (HMRT formulas)", ("MSML-214",))],
    kind="statistical",
    area="high-dimensional",
    instances=ridgeless_designs(),
    conclusion=_expected_risk,
    proof_idea="the row space of X is uniformly random, so E Π = (1 - n/p) I; E (XᵀX)⁻¹ = I/(n - p - 1) "
               "(inverse Wishart; by Bartlett (W⁻¹)_pp = 1/χ²_{n-p+1}) and for p > n the same with XXᵀ; "
               "omitted features are independent of the used ones, so X_rest β_rest is N(0, ‖β_rest‖² I) "
               "noise.  Each design's conditional risk is exact; the mean over designs is tested.",
    mutants=[
        Mutant("variance-off-by-one",
               "E tr W⁻¹ = q/(ν - q - 1), not q/(ν - q): the inverse-Wishart mean has the extra -1",
               conclusion=lambda R: _expected_risk(R, _off_by_one)),
        Mutant("underparameterized-variance-over-one-minus-gamma",
               "σ²/(1 - γ) (finite form σ² n/(n - p - 1)) counts the n - p residual directions too; the "
               "variance is σ² γ/(1 - γ)",
               conclusion=lambda R: _expected_risk(R, _under_one_over),
               instances=ridgeless_designs(side="under")),
        Mutant("overparameterized-variance-gamma-over-gamma-minus-one",
               "σ² γ/(γ - 1) tends to σ², but the variance σ² n/(p - n - 1) tends to 0 as p grows",
               conclusion=lambda R: _expected_risk(R, _over_gamma_over),
               instances=ridgeless_designs(side="over")),
        Mutant("variance-without-noise-level",
               "the variance is proportional to σ_eff²",
               conclusion=lambda R: _expected_risk(R, _no_noise_level)),
        Mutant("bias-on-the-row-space",
               "the fit keeps the row-space fraction n/p of β and loses the null-space fraction 1 - n/p",
               conclusion=lambda R: _expected_risk(R, _row_space_bias), instances=ridgeless_designs(side="over")),
        Mutant("bias-sign-error",
               "1 - p/n is negative for p > n; the bias fraction is 1 - n/p",
               conclusion=lambda R: _expected_risk(R, _sign_error_bias), instances=ridgeless_designs(side="over")),
        Mutant("bias-term-dropped",
               "past the threshold the null-space part of β is never learned: the bias r²(1 - n/p) is not 0",
               conclusion=lambda R: _expected_risk(R, lambda R: _with_bias(R, Fraction(0))),
               instances=ridgeless_designs(side="over")),
    ],
    examples=40,
)
test_min_norm_expected_risk = EXPECTED.test()


def _variance_grows_as_printed(A: AspectPair) -> list[Check]:
    """E tr((XXᵀ)⁻¹) at p1 < p2, each by Catoni at ALPHA/2: the printed claim fails when the estimate
    at p2 is below the one at p1 by more than both radii."""
    means = []
    for p in (A.p1, A.p2):
        _, trace = isotropic_risk_samples(A.designs(p), np.zeros(p))
        means.append(catoni_mean(trace, float(pinv_gram_trace_variance(A.n, p)), ALPHA / 2))
    (m1, r1), (m2, r2) = means
    return [ge(m2, m1, tol=r1 + r2, label=f"E tr (XXᵀ)⁻¹ at p = {A.p2} >= at p = {A.p1} (as printed)",
               why="sum of the two Catoni radii")]


VARIANCE_GROWS_AUDIT = Claim(
    id="min-norm-variance-grows-with-aspect-ratio",
    title="'The min-norm variance increases with the aspect ratio d/n' (as printed)",
    statement="past the interpolation threshold the variance σ² tr((XXᵀ)⁻¹)/n of the min-norm interpolant "
              "increases with d/n (through spectrum crowding)",
    sources=[Source(MSML, "B.1 solution, line 322", ("MSML-55",))],
    kind="statistical",
    area="high-dimensional",
    instances=aspect_pairs(),
    conclusion=_variance_grows_as_printed,
    proof_idea="E tr((XXᵀ)⁻¹) = n/(d - n - 1) decreases in d: more features spread the same n rows "
               "further apart, and the smallest eigenvalue of XXᵀ grows like (√d - √n)²",
    audit=True,
    corrected="min-norm-expected-risk",
    finding="false: for Gaussian X (d >= n + 2), E tr((XXᵀ)⁻¹) = n/(d - n - 1), which decreases in d "
            "(it contradicts the chapter's own σ²/(γ - 1)); the variance blows up only as d ↓ n + 1",
    examples=10,
)
test_min_norm_variance_grows_with_aspect_ratio = VARIANCE_GROWS_AUDIT.test()


# --- the proportional limit (proxy) ------------------------------------------------------------------

LimitFormula = Callable[[Fraction, Fraction, Fraction], RiskParts]
CHEBYSHEV_RATE = 0.1


def _limit(R: RidgelessDesigns, limit: LimitFormula = ridgeless_limit_risk) -> list[Check]:
    n, p = R.n, R.p
    gamma = Fraction(p, n)
    s2 = R.effective_noise
    exact = min_norm_expected_risk(n, p, R.signal, s2)
    lim = limit(gamma, R.signal, s2)
    rate = 2 * s2 * (gamma / (1 - gamma) ** 2 if gamma < 1 else 1 / (gamma - 1) ** 2) / n
    checks = [equal(exact.bias - lim.bias, Fraction(0), label="E B_X = limit bias (exactly, every n)"),
              ge(exact.variance - lim.variance, Fraction(0), label="E V_X - limit >= 0"),
              le(exact.variance - lim.variance, rate, label="E V_X - limit <= 2σ²γ/((1-γ)²n) or 2σ²/((γ-1)²n)")]
    # almost-sure part: R_X concentrates around E R_X (Chebyshev with the exact variance)
    bias, trace = isotropic_risk_samples(R.designs(), R.beta())
    risk = bias + float(s2) * trace
    t = math.sqrt(float(min_norm_risk_variance(n, p, R.signal, s2)) / CHEBYSHEV_RATE)
    far = int(np.sum(np.abs(risk - float(exact.total)) > t))
    checks.append(rate_le(far, risk.size, CHEBYSHEV_RATE, ALPHA,
                          label=f"P(|R_X - E R_X| > sqrt(Var/{CHEBYSHEV_RATE})) <= {CHEBYSHEV_RATE}"))
    return checks


def _limit_under_one_over(gamma: Fraction, signal: Fraction, noise: Fraction) -> RiskParts:
    lim = ridgeless_limit_risk(gamma, signal, noise)
    return RiskParts(lim.bias, noise / (1 - gamma)) if gamma < 1 else lim


def _limit_over_gamma(gamma: Fraction, signal: Fraction, noise: Fraction) -> RiskParts:
    lim = ridgeless_limit_risk(gamma, signal, noise)
    return RiskParts(lim.bias, noise * gamma / (gamma - 1)) if gamma > 1 else lim


def _limit_bias_flipped(gamma: Fraction, signal: Fraction, noise: Fraction) -> RiskParts:
    lim = ridgeless_limit_risk(gamma, signal, noise)
    return RiskParts(signal / gamma, lim.variance) if gamma > 1 else lim


LIMIT = Claim(
    id="ridgeless-risk-limit",
    title="High-dimensional ridgeless risk (Hastie–Montanari–Rosset–Tibshirani), finite-n form",
    statement="with p/n = γ: the exact E B_X equals the limit bias (0, resp. r²(1 - 1/γ)); 0 <= E V_X - "
              "σ²γ/(1-γ) <= 2σ²γ/((1-γ)²n) for p <= n - 2 and 0 <= E V_X - σ²/(γ-1) <= 2σ²/((γ-1)²n) "
              "for p >= n + 2; and P(|R_X - E R_X| > t) <= Var(R_X)/t² with the exact Var(R_X) = O(1/n)",
    sources=[Source(ZHAO, "Theorem 9.3 (truncated; completed from HMRT 2019), Figure 9.6", ("ZHAO-74",)),
             Source(MSML, "double-descent characterization L158 (the limits)", ("MSML-18",))],
    kind="proxy",
    proxy="the exact finite-n means with an explicit O(1/n) gap to the limit, plus Chebyshev concentration "
          "of the conditional risk with its exact variance, stand for the almost-sure limit as n, p → ∞",
    area="high-dimensional",
    instances=ridgeless_designs(replicates=120),
    conclusion=_limit,
    proof_idea="p/(n-p-1) - p/(n-p) = p/((n-p)(n-p-1)) = γ/((1-γ)(n(1-γ)-1)) <= 2γ/((1-γ)²n) when "
               "n - p >= 2, and symmetrically for p > n; Var(R_X) = Var(B_X) + Var(V_X) (independent: "
               "B_X depends on the row space, V_X on the singular values), with B_X/r² ~ Beta((p-n)/2, n/2).",
    mutants=[
        Mutant("underparameterized-limit-one-over-one-minus-gamma",
               "σ²/(1-γ) exceeds the limit σ²γ/(1-γ) by σ², which no 1/n gap covers",
               conclusion=lambda R: _limit(R, _limit_under_one_over), instances=ridgeless_designs(replicates=120, side="under")),
        Mutant("overparameterized-limit-gamma-over-gamma-minus-one",
               "σ²γ/(γ-1) exceeds σ²/(γ-1) by σ²: it would not vanish as γ → ∞",
               conclusion=lambda R: _limit(R, _limit_over_gamma), instances=ridgeless_designs(replicates=120, side="over")),
        Mutant("overparameterized-limit-bias-r2-over-gamma",
               "r²/γ is the retained (row-space) energy; the lost one is r²(1 - 1/γ)",
               conclusion=lambda R: _limit(R, _limit_bias_flipped), instances=ridgeless_designs(replicates=120, side="over")),
    ],
    examples=30,
)
test_ridgeless_risk_limit = LIMIT.test()


# --- shape of the limiting curve (exact) ------------------------------------------------------------

def _R(gamma: Fraction, r: Fraction, sigma: Fraction) -> Fraction:
    return ridgeless_limit_risk(gamma, r * r, sigma * sigma).total


def _curve(C: CurvePoints, minimizer: Callable[[Fraction, Fraction], Fraction] | None = None,
           beats_null_everywhere: bool = False) -> list[Check]:
    r, s = C.r, C.sigma
    g, g2 = C.gamma, C.gamma2
    R1, R2, null = _R(g, r, s), _R(g2, r, s), r * r
    checks = [le(s * s * min(g, Fraction(1)), R1 * abs(1 - g), label="spike: R(γ)|1 - γ| >= σ² min(γ, 1)")]
    if g < 1:
        checks.append(le(R1, R2, label="increasing on γ < 1"))
        return checks
    if g >= 2:
        checks.append(le(abs(R1 - null), (null + 2 * s * s) / g, label="|R(γ) - r²| <= (r² + 2σ²)/γ for γ >= 2"))
    if r > s:
        star = r / (r - s) if minimizer is None else minimizer(r, s)
        if star > 1:
            checks.append(ge(R1, _R(star, r, s), label=f"R(γ) >= R(γ*), γ* = {star}"))
        checks.append(equal(_R(r / (r - s), r, s), 2 * r * s - s * s, label="R(γ*) = 2rσ - σ²"))
        checks.append(equal(R1 < null, g > null / (null - s * s), label="R(γ) < r² iff γ > SNR/(SNR - 1)"))
    else:
        checks.append(le(R2, R1, label="SNR <= 1: decreasing on γ > 1"))
        checks.append(ge(R1, null, label="SNR <= 1: R(γ) >= r²"))
    if beats_null_everywhere and g >= 4:
        checks.append(le(R1, null, label="far past the threshold the risk is below the null risk r²"))
    return checks


CURVE = Claim(
    id="ridgeless-limit-curve-shape",
    title="Shape of the limiting ridgeless risk: spike, second descent, null-risk limit",
    statement="R(γ) = σ²γ/(1-γ) (γ < 1), r²(1 - 1/γ) + σ²/(γ-1) (γ > 1): R(γ)|1-γ| >= σ² min(γ, 1); R "
              "increases on γ < 1; |R(γ) - r²| <= (r² + 2σ²)/γ for γ >= 2; if r > σ the minimum on γ > 1 "
              "is at γ* = r/(r - σ) = √SNR/(√SNR - 1), R(γ*) = 2rσ - σ² < r², and R < r² iff "
              "γ > SNR/(SNR - 1); if r <= σ, R decreases on γ > 1 and stays >= r²",
    sources=[Source(ZHAO, "Figure 8.17 caption (risk spikes near p/n = 1, null risk r²) and Figure 9.3",
                    ("ZHAO-71",))],
    kind="exact",
    area="high-dimensional",
    instances=curve_points(),
    conclusion=_curve,
    proof_idea="with u = 1/γ, R = r²(1 - u) + σ²u/(1 - u) and dR/du = -r² + σ²/(1-u)², zero at "
               "1 - u = σ/r; R - r² = u(σ²/(1-u) - r²), negative iff 1 - u > σ²/r².",
    mutants=[
        Mutant("minimizer-snr-over-snr-minus-one",
               "SNR/(SNR - 1) is where the curve crosses the null risk, not its minimizer √SNR/(√SNR - 1)",
               conclusion=lambda C: _curve(C, minimizer=lambda r, s: r * r / (r * r - s * s))),
        Mutant("second-descent-beats-null-for-every-snr",
               "for SNR <= 1 the overparameterized risk stays above the null risk r² for every γ > 1",
               conclusion=lambda C: _curve(C, beats_null_everywhere=True)),
    ],
    examples=150,
)
test_ridgeless_limit_curve_shape = CURVE.test()


# --- shape of the finite-n curve in the nested model (exact) ---------------------------------------

def _nested_risk(M: NestedModel, p: int, noise: Fraction | None = None) -> RiskParts:
    """(bias + approximation, variance) of the expected test risk at p, without the irreducible σ²."""
    s2 = (M.noise if noise is None else noise) + M.omitted(p)
    parts = min_norm_expected_risk(M.n, p, M.used(p), s2)
    return RiskParts(parts.bias + M.omitted(p), parts.variance)


def _test_risk(M: NestedModel, p: int) -> Fraction:
    return _nested_risk(M, p).total + M.noise


def _valid(M: NestedModel) -> tuple[list[int], list[int]]:
    under = [p for p in range(1, M.n - 1)]
    over = [p for p in range(M.n + 2, M.D + 1)]
    return under, over


def _shape(M: NestedModel, variance_up: bool = False, wellspec_bias_falls: bool = False,
           peak_at_half: bool = False, noise_sd_scaling: bool = False) -> list[Check]:
    n = M.n
    under, over = _valid(M)
    checks: list[Check] = []
    for p in under[:-1]:
        checks.append(le(M.omitted(p + 1), M.omitted(p), label=f"approximation term non-increasing at p = {p}"))
        checks.append(le(Fraction(p, n - p - 1), Fraction(p + 1, n - p - 2), label=f"variance factor increases at p = {p}"))
    for p in over[:-1]:
        v, v1 = _nested_risk(M, p).variance, _nested_risk(M, p + 1).variance
        checks.append(ge(v1, v, label=f"variance grows at p = {p} (as printed)") if variance_up
                      else le(v1, v, label=f"variance decreases at p = {p}"))
        if M.omitted(p) == 0:  # well specified: the approximation error stays 0
            b, b1 = _nested_risk(M, p).bias, _nested_risk(M, p + 1).bias
            checks.append(le(b1, b, label=f"well-specified bias falls at p = {p}") if wellspec_bias_falls
                          else le(b, b1, label=f"well-specified bias r²(1 - n/p) grows at p = {p}"))
    spike = [(n - 2, n - 1)] + ([(n + 2, n + 1)] if n + 2 <= M.D else [])
    for p, factor in spike:
        if p >= 1:
            checks.append(ge(_test_risk(M, p), M.noise * factor, label=f"spike: R({p}) >= σ² {factor}"))
    if peak_at_half and n // 2 >= 1 and n // 2 <= n - 2:
        checks.append(ge(_test_risk(M, n // 2), _test_risk(M, n - 2), label="classical peak at p = n/2"))
    # label noise enters through σ²: the variance term at 4σ² is 4x (omitted energy aside) ...
    for p in ([n - 2] if n - 2 >= 1 else []) + ([n + 2] if n + 2 <= M.D else []):
        base = _nested_risk(M, p, noise=Fraction(0)).variance
        v1, v4 = _nested_risk(M, p).variance - base, _nested_risk(M, p, noise=4 * M.noise).variance - base
        checks.append(equal(v4, (2 if noise_sd_scaling else 4) * v1,
                            label=f"peak height at p = {p} scales like the noise variance"))
    return checks


CURVE_FINITE = Claim(
    id="double-descent-curve-shape",
    title="Shape of the exact finite-n double-descent curve in the nested model",
    statement="with R(p) = E test risk of min-norm on the first p features: on p <= n - 2 the approximation "
              "term ‖β_{>p}‖² is non-increasing and the variance factor p/(n-p-1) increasing (a U-shape is "
              "typical, not guaranteed); on p >= n + 2 the variance σ_eff²(p) n/(p-n-1) strictly decreases, "
              "and where the model is well specified the bias r²(1 - n/p) grows while the approximation "
              "error stays 0; R(n-2) >= σ²(n-1), R(n+2) >= σ²(n+1); the peak's variance is linear in σ²",
    sources=[Source(TENG, "§13.1 (U-curve; peak near p = n, second descent)", ("TENG-62", "TENG-63")),
             Source(MSML, "Example 5 (bias falls in the omitted-feature model; variance spikes, then falls; "
                          "label noise amplifies the spike)", ("MSML-29",)),
             Source(MSML, "A.13 (variance falls past the threshold, approximation error unchanged)", ("MSML-48",)),
             Source(MSML, "C.3 notes (risk diverges as d → n from both sides)", ("MSML-214",)),
             Source(MSML, "C.3 (the peak scales with the label-noise variance)", ("MSML-69",)),
             Source(MSML, "lines 1376 and 1534, corrected: classical bias–variance is a U-curve", ("MSML-294",))],
    kind="exact",
    area="high-dimensional",
    instances=nested_models(),
    conclusion=_shape,
    proof_idea="the exact expected risk (min-norm-expected-risk) with σ_eff²(p) = σ² + ‖β_{>p}‖², a "
               "non-increasing factor, times p/(n-p-1) (increasing) or n/(p-n-1) (decreasing); the "
               "well-specified bias r²(1 - n/p) increases in p.",
    mutants=[
        Mutant("variance-increases-past-threshold",
               "n/(p - n - 1) decreases in p and σ_eff² does not increase, so the variance falls",
               conclusion=lambda M: _shape(M, variance_up=True)),
        Mutant("well-specified-bias-falls",
               "with all signal inside the model, the unlearned fraction 1 - n/p of ‖β‖² grows with p",
               conclusion=lambda M: _shape(M, wellspec_bias_falls=True)),
        Mutant("peak-at-half-n",
               "the variance factor is ~2 at p = n/2 but n - 1 at p = n - 2: the peak sits at the threshold",
               conclusion=lambda M: _shape(M, peak_at_half=True)),
        Mutant("peak-proportional-to-noise-level",
               "the variance term is linear in the noise variance σ², so doubling σ multiplies it by 4, not 2",
               conclusion=lambda M: _shape(M, noise_sd_scaling=True)),
    ],
    examples=100,
)
test_double_descent_curve_shape = CURVE_FINITE.test()


def _classical_monotone(M: NestedModel, increasing: bool) -> list[Check]:
    under, _ = _valid(M)
    out = []
    for p in under[:-1]:
        a, b = _test_risk(M, p), _test_risk(M, p + 1)
        out.append(le(a, b, label=f"R({p}) <= R({p + 1})") if increasing else le(b, a, label=f"R({p + 1}) <= R({p})"))
    return out or [equal(0, 0, label="no classical regime (n <= 3)")]


CLASSICAL_UP_AUDIT = Claim(
    id="classical-risk-monotone-increase",
    title="'Classical theory predicts monotonic error increase with model complexity' (as printed)",
    statement="in the classical (underparameterized) regime the test risk increases monotonically with the "
              "number of parameters",
    sources=[Source(MSML, "line 1534", ("MSML-294",))],
    kind="exact",
    area="high-dimensional",
    instances=nested_models(),
    conclusion=lambda M: _classical_monotone(M, increasing=True),
    proof_idea="nested OLS risk (σ² + ‖β_{>p}‖²)(1 + p/(n-p-1)): when the omitted energy falls fast, adding "
               "a feature lowers the risk",
    audit=True,
    corrected="double-descent-curve-shape",
    finding="false (and contradicted by the document's line 1376): classical bias–variance predicts a U-curve; "
            "the exact nested-OLS risk decreases in p when a new feature carries enough signal",
    examples=60,
)
test_classical_risk_monotone_increase = CLASSICAL_UP_AUDIT.test()

CLASSICAL_DOWN_AUDIT = Claim(
    id="classical-risk-monotone-decrease",
    title="'Classically, increasing model size reduces test error monotonically' (as printed)",
    statement="in the classical (underparameterized) regime the test risk decreases monotonically with model size",
    sources=[Source(MSML, "line 1376", ("MSML-294",))],
    kind="exact",
    area="high-dimensional",
    instances=nested_models(),
    conclusion=lambda M: _classical_monotone(M, increasing=False),
    proof_idea="once the omitted energy is spent, the variance factor 1 + p/(n-p-1) keeps rising",
    audit=True,
    corrected="double-descent-curve-shape",
    finding="false (and contradicted by the document's line 1534): in the well-specified model the risk "
            "σ²(1 + p/(n-p-1)) increases once all the signal is inside the model",
    examples=60,
)
test_classical_risk_monotone_decrease = CLASSICAL_DOWN_AUDIT.test()


# --- ridge at the Bayes penalty (statistical) -------------------------------------------------------

def _ridge_parts(X: np.ndarray, beta: np.ndarray, noise: float, lam: float) -> tuple[np.ndarray, float]:
    bias, var = ridge_risk_samples(X, beta, noise, lam)
    bound = float(beta @ beta) + noise * min(X.shape[1:]) / (4 * lam)
    return bias + var, bound


def _optimal_ridge(P: RidgePair, shrink: float = 1.0) -> list[Check]:
    X1, X2 = P.designs()
    beta, noise = P.beta(), float(P.noise)
    lam = shrink * P.p * noise / float(P.signal)
    R1, B1 = _ridge_parts(X1, beta, noise, lam)
    R2, B2 = _ridge_parts(X2, beta, noise, lam)
    slack = 8 * P.p * EPS * max(B1, B2)
    return [le(float(max(R1.max(), R2.max())), max(B1, B2), tol=slack,
               label="every conditional ridge risk <= r² + σ² min(n, p)/(4λ) (finite at n = p)",
               why="8 p eps x bound (rounding of the eigenvalues)"),
            mean_le(R2 - R1, 0.0, -B1 - slack, B2 + slack, ALPHA,
                    label=f"E R(n = {P.n2}) - E R(n = {P.n1}) <= 0 (nested designs, bounded differences)")]


def _interval_radius(samples: np.ndarray, width: float, alpha: float) -> float:
    """Two-sided radius at level alpha for samples in an interval of this width: the smaller of
    Hoeffding (two-sided, alpha/2) and empirical Bernstein (alpha/4 per side)."""
    if width == 0:
        return 0.0
    return min(hoeffding_radius(samples.size, width, alpha / 2), bernstein_radius(samples, width, alpha / 4))


def _ridgeless_monotone(P: RidgePair) -> list[Check]:
    """"The min-norm risk is non-increasing in n": the lower confidence bound at n2 against the upper one
    at n1 (per sample size: bias interval at ALPHA/8, Catoni for the variance at ALPHA/4)."""
    X1, X2 = P.designs()
    beta, s2, r2 = P.beta(), float(P.noise), float(P.signal)
    bounds = []
    for X in (X1, X2):
        bias, trace = isotropic_risk_samples(X, beta)
        var = s2 * s2 * float(pinv_gram_trace_variance(X.shape[1], P.p))
        est, rad = catoni_mean(s2 * trace, var, ALPHA / 4)
        mid, half = float(bias.mean()) + est, _interval_radius(bias, r2, ALPHA / 8) + rad
        bounds.append((mid - half, mid + half))
    (_, hi1), (lo2, _) = bounds
    return [le(lo2, hi1, label=f"lower bound of E R(n = {P.n2}) <= upper bound of E R(n = {P.n1})",
               why="bias intervals (Hoeffding/Bernstein) plus Catoni radii for the variance")]


RIDGE = Claim(
    id="optimal-ridge-monotone-in-sample-size",
    title="Optimally tuned ridge has finite risk at the threshold and no sample-wise double descent",
    statement="for isotropic Gaussian designs and ridge (XᵀX + λI)⁻¹Xᵀy with λ* = pσ²/‖β‖²: every "
              "conditional risk is at most ‖β‖² + σ² min(n, p)/(4λ*) (finite at n = p), and "
              "E R(n2) <= E R(n1) for n1 < n2",
    sources=[Source(MSML, "C.3 notes line 541, Failure Modes 1378-1379 (ridge suppresses the peak; "
                          "optimally tuned ridge is monotone)", ("MSML-215",)),
             Source(TENG, "§13.1.2 (optimally tuned ridge removes the peak, Nakkiran et al. 2020)", ("TENG-63",)),
             Source(MSML, "Example 5 (ridge λ > 0 smooths or removes the spike)", ("MSML-29",))],
    kind="statistical",
    area="high-dimensional",
    instances=ridge_pairs(),
    conclusion=_optimal_ridge,
    proof_idea="λ* makes ridge the posterior mean for β ~ N(0, (r²/p) I); the ridge risk depends on β only "
               "through ‖β‖² (rotation invariance of X), so it equals the Bayes risk, which more data cannot "
               "raise (the (n2)-sample Bayes rule beats the one that ignores the extra samples).  Per "
               "direction the variance is σ² s²/(s² + λ)² <= σ²/(4λ) and the bias factor λ/(s² + λ) <= 1.",
    mutants=[
        Mutant("ridgeless-monotone-in-sample-size",
               "without regularization the risk r²(1 - n/p) + σ² n/(p - n - 1) rises as n approaches p from below",
               conclusion=_ridgeless_monotone,
               instances=ridge_pairs().filter(lambda P: P.n2 <= P.p - 4)),
    ],
    examples=24,
)
test_optimal_ridge_monotone_in_sample_size = RIDGE.test()
