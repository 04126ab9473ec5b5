"""Bias–variance decomposition, the ensemble ambiguity decomposition, and majority votes.

Statement.  Let ``y = f(x) + ε`` with ``E[ε | x] = 0`` and ``Var(ε | x) = σ²(x)``, and let the
training set ``D`` be independent of the test noise.  Then for every ``x0``
``E_{D,ε}[(y - f̂_D(x0))²] = σ²(x0) + (f(x0) - E_D f̂_D(x0))² + Var_D f̂_D(x0)``, exactly.  For a
convex combination ``f̄ = Σ w_i f_i`` (``w_i >= 0``, ``Σ w_i = 1``) and any target ``y``,
``(f̄ - y)² = Σ w_i (f_i - y)² - Σ w_i (f_i - f̄)²`` (Krogh–Vedelsby), so the ensemble's error is the
average member error minus the diversity.  A majority of ``M`` (odd) independent voters, each wrong
with probability ``p < 1/2``, errs with probability ``P(Bin(M, p) > M/2)``, which decreases in ``M``
and is at most ``(4p(1-p))^{M/2}`` (so it tends to 0: Condorcet).

Sources.  Zhao, Prop. 8.16 (ZHAO-69); *The Mathematical Structure of Machine Learning*, Ch. 24,
App. B Thm 1.2 (MSML-345) and App. B Def. 21.1 / Thm 21.2 (MSML-347).

Proof idea.  Write ``y - f̂ = ε + (f - E f̂) + (E f̂ - f̂)``: the three terms are uncorrelated because
``ε`` has mean zero given ``x0`` and is independent of ``D``, and ``E f̂ - f̂`` has mean zero.  The
ambiguity identity is the weighted variance formula ``Σ w_i (f_i - y)² = (f̄ - y)² + Σ w_i (f_i - f̄)²``.
For the vote, adding two voters changes the outcome only when the first ``M`` split ``(M+1)/2 : (M-1)/2``,
and then ``p² `` against ``(1-p)²`` decides; Chernoff's bound gives ``(4p(1-p))^{M/2}``.
Everything is computed exactly with fractions, training sets enumerated through count vectors.
"""

from __future__ import annotations

from fractions import Fraction

from checks.bias_variance import prediction_law
from checks.claim import Check, Claim, Mutant, Source, equal, le
from checks.documents import MSML, ZHAO
from checks.scaling import majority_vote  # P(Bin(M, p) > M/2): here the majority is wrong
from checks.strategies.bias_variance import BiasVarianceCase, Ensemble, Vote, bias_variance_cases, ensembles, votes


# --- claim 1: the bias–variance decomposition ----------------------------------------------------------

def _terms(case: BiasVarianceCase) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    """``(test error, noise variance, bias f(x0) - E f̂_D(x0), variance)`` at ``x0``, exactly."""
    law, i = case.law, case.x0
    x0, f0 = law.xs[i], law.f[i]
    preds = prediction_law(law, case.n, case.estimator, x0)
    mean = sum((p * v for p, v in preds), Fraction(0))
    var = sum((p * (v - mean) ** 2 for p, v in preds), Fraction(0))
    V = sum(w for _, w in law.noise[i])
    error = sum((p * Fraction(w, V) * (f0 + e - v) ** 2 for p, v in preds for e, w in law.noise[i]), Fraction(0))
    return error, law.noise_variance(i), f0 - mean, var


def bias_variance(case: BiasVarianceCase) -> Check:
    error, noise, bias, var = _terms(case)
    return equal(error, noise + bias**2 + var, label="E (y - f_D(x0))^2 = sigma^2(x0) + bias^2 + Var_D f_D(x0)")


def without_variance(case: BiasVarianceCase) -> Check:
    error, noise, bias, _ = _terms(case)
    return equal(error, noise + bias**2, label="E (y - f_D(x0))^2 = sigma^2(x0) + bias^2")


def bias_not_squared(case: BiasVarianceCase) -> Check:
    error, noise, bias, var = _terms(case)
    return equal(error, noise + abs(bias) + var, label="E (y - f_D(x0))^2 = sigma^2 + |bias| + Var")


BIAS_VARIANCE = Claim(
    id="bias-variance-decomposition",
    title="Squared-error bias–variance decomposition",
    statement="for y = f(x) + eps with E[eps|x] = 0, Var(eps|x) = sigma^2(x), and test noise independent of the "
              "training set D: E_{D,eps}[(y - f_D(x0))^2] = sigma^2(x0) + (f(x0) - E_D f_D(x0))^2 + Var_D f_D(x0)",
    sources=[Source(ZHAO, "Prop. 8.16 (squared-error bias-variance decomposition)", ("ZHAO-69",)),
             Source(MSML, "Ch. 24, App. B Thm 1.2 (bias-variance trade-off)", ("MSML-345",))],
    kind="exact",
    area="generalization",
    instances=bias_variance_cases(),
    conclusion=bias_variance,
    proof_idea="y - f_D = eps + (f - E f_D) + (E f_D - f_D); the cross terms vanish since E[eps | x0] = 0 with eps "
               "independent of D, and E_D (E f_D - f_D) = 0.",
    mutants=[
        Mutant("drop-variance", "the estimator's spread over training sets adds Var_D f_D(x0) > 0 for a "
               "data-dependent estimator", conclusion=without_variance),
        Mutant("noise-with-mean", "if E[eps | x] = mu != 0 the cross term 2 mu (f - E f_D) and mu^2 appear",
               instances=bias_variance_cases(biased=True)),
        Mutant("bias-not-squared", "the bias enters squared; |bias| differs unless it is 0 or 1",
               conclusion=bias_not_squared),
    ],
    examples=40,
)
test_bias_variance_decomposition = BIAS_VARIANCE.test()


# --- claim 2: the ensemble ambiguity decomposition ------------------------------------------------------

def _ensemble_terms(e: Ensemble) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    """Point-weighted averages of ``(f̄ - y)²``, ``Σ w_i (f_i - y)²``, ``Σ w_i (f_i - f̄)²`` and the smallest
    member error ``min_i E (f_i - y)²``."""
    W = sum(e.point_weights)
    ens = avg = div = Fraction(0)
    member = [Fraction(0)] * len(e.preds)
    for j, (y, pw) in enumerate(zip(e.y, e.point_weights)):
        q = Fraction(pw, W)
        fbar = sum((w * p[j] for w, p in zip(e.w, e.preds)), Fraction(0))
        ens += q * (fbar - y) ** 2
        avg += q * sum((w * (p[j] - y) ** 2 for w, p in zip(e.w, e.preds)), Fraction(0))
        div += q * sum((w * (p[j] - fbar) ** 2 for w, p in zip(e.w, e.preds)), Fraction(0))
        for i, p in enumerate(e.preds):
            member[i] += q * (p[j] - y) ** 2
    return ens, avg, div, min(member)


def ambiguity(e: Ensemble, sign: int = -1) -> list[Check]:
    ens, avg, div, _ = _ensemble_terms(e)
    return [equal(ens, avg + sign * div, label="E (f_bar - y)^2 = sum_i w_i E (f_i - y)^2 - sum_i w_i E (f_i - f_bar)^2"),
            le(ens, avg, label="ensemble error <= average member error")]


def beats_best_member(e: Ensemble) -> Check:
    ens, _, _, best = _ensemble_terms(e)
    return le(ens, best, label="ensemble error <= the best member's error")


AMBIGUITY = Claim(
    id="ensemble-ambiguity-decomposition",
    title="Ensemble ambiguity decomposition (Krogh–Vedelsby)",
    statement="for a convex combination f_bar = sum_i w_i f_i under squared loss: (f_bar - y)^2 = "
              "sum_i w_i (f_i - y)^2 - sum_i w_i (f_i - f_bar)^2 pointwise and on average, so the ensemble error "
              "is at most the average member error, by exactly the diversity",
    sources=[Source(MSML, "Ch. 24, App. B Def. 21.1 / Thm 21.2 (ensemble diversity and generalization)",
                    ("MSML-347",))],
    kind="exact",
    area="generalization",
    instances=ensembles(),
    conclusion=ambiguity,
    proof_idea="Expand (f_i - y)^2 = (f_i - f_bar)^2 + 2 (f_i - f_bar)(f_bar - y) + (f_bar - y)^2 and average with "
               "the weights: the middle term vanishes because sum_i w_i (f_i - f_bar) = 0.",
    mutants=[
        Mutant("plus-sign", "the diversity is subtracted; adding it is wrong whenever two members disagree",
               conclusion=lambda e: ambiguity(e, sign=1)[:1]),
        Mutant("beats-best-member", "averaging a perfect member with a wrong one is worse than the perfect one",
               conclusion=beats_best_member),
        Mutant("unnormalized-weights", "with sum w = s != 1 the two sides differ by (s - 1)(y^2 - f_bar^2)",
               instances=ensembles(normalized=False)),
    ],
    examples=40,
)
test_ensemble_ambiguity_decomposition = AMBIGUITY.test()


# --- claim 3: majority votes of independent voters -------------------------------------------------------

def condorcet(v: Vote) -> list[Check]:
    now, nxt = majority_vote(v.p, v.M), majority_vote(v.p, v.M + 2)
    return [le(nxt, now, label="P(majority of M + 2 wrong) <= P(majority of M wrong)"),
            le(now * now, (4 * v.p * (1 - v.p)) ** v.M, label="P(majority wrong)^2 <= (4p(1-p))^M (Chernoff)")]


CONDORCET = Claim(
    id="majority-vote-condorcet",
    title="Majority vote of independent classifiers (Condorcet)",
    statement="for M odd independent voters each wrong with probability p < 1/2: P(Bin(M, p) > M/2) decreases in M "
              "and is at most (4p(1-p))^{M/2}, hence tends to 0",
    sources=[Source(MSML, "Ch. 24, App. B Thm 21.2 (majority vote of independent members)", ("MSML-347",))],
    kind="exact",
    area="generalization",
    instances=votes(),
    conclusion=condorcet,
    proof_idea="Going from M to M + 2 changes the vote only if the first M split (M+1)/2 : (M-1)/2 (either way); "
               "then the majority flips to wrong with probability p^2 and to right with (1-p)^2, and the two splits "
               "have probabilities in ratio p : (1-p). Chernoff: P(Bin >= M/2) <= e^{-s M/2} (1 - p + p e^s)^M at the "
               "optimal s.",
    mutants=[Mutant("p-above-half", "voters worse than chance make the majority worse as M grows",
                    instances=votes(below_half=False))],
    examples=40,
)
test_majority_vote_condorcet = CONDORCET.test()
