"""Effective dimension of a spectrum, its power-law asymptotics, and the KRR rate exponents.

Statements.
- For a PSD ``K = sum_i s_i q_i q_iᵀ`` and ``lam > 0``: ``N(lam) = tr K (K + lam I)^{-1} = sum_i s_i / (s_i + lam)``;
  ``N`` is strictly decreasing in ``lam`` (when ``K != 0``) and ``N(lam) <= #{i : s_i >= lam} + sum_{s_i < lam}
  s_i / lam``; ``K + lam I`` has the eigenvalues ``s_i + lam``, so ``cond(K + lam I) = (s_max + lam) / (s_min + lam)``,
  decreasing in ``lam``; with ``S = K (K + lam I)^{-1}`` the fixed-design KRR variance factor satisfies
  ``tr S^2 <= tr S = N(lam)``.
- For ``s_j = j^{-a}`` (``a > 1``) and every ``lam > 0``:
  ``C_a lam^{-1/a} - 1 <= N(lam) <= C_a lam^{-1/a}``, ``C_a = (pi/a) / sin(pi/a)``, so
  ``N(lam) lam^{1/a} -> C_a`` as ``lam -> 0`` (``d_eff ≍ lam^{-1/a}``).
- Rates: with ``mu_j ≍ j^{-2p}`` (``p > 1/2``, so ``d_eff(lam) ≍ lam^{-1/(2p)}``) and source smoothness
  ``s <= 1``, balancing the bias ``lam^{2s}`` against the variance ``lam^{-1/(2p)} / n`` gives
  ``lam* = n^{-2p/(4ps+1)}`` and excess risk ``n^{-4ps/(4ps+1)}``, and no ``lam`` does better:
  ``max(lam^{2s}, lam^{-1/(2p)} / n) >= n^{-4ps/(4ps+1)}``.  The ridge bias factor saturates at ``s = 1``:
  ``lam mu^s / (mu + lam) <= lam^s`` for all ``mu > 0`` when ``s <= 1`` (weighted AM–GM), while for ``s > 1``
  it is ``lam / (1 + lam)`` at ``mu = 1``, far above ``lam^s`` for small ``lam``.

Sources.  Zhao, *From Approximation to Emergence*, Figure 17.10 (effective dimension, ZHAO-152);
*The Mathematical Structure of Machine Learning*, Ch. 24, B.2 (exponents under polynomial decay,
MSML-56; the qualification ``s <= 1`` is not stated there) and B.4 (KRR effective dimension,
conditioning, ``d_eff ≍ lam^{-1/beta}``, MSML-58).

Proof idea.  Diagonalize.  ``f(x) = 1 / (1 + lam x^a)`` is decreasing, so ``sum_{j >= 1} f(j)`` lies between
``int_1^inf f`` and ``int_0^inf f = lam^{-1/a} int_0^inf du / (1 + u^a) = C_a lam^{-1/a}``, and ``int_0^1 f <= 1``.
The balance is a linear equation in the exponent of ``lam = n^e``; one of the two terms increases and the
other decreases in ``lam``, so their maximum is smallest where they meet.

Exactness and tolerances.  The identities, monotonicity and bounds for rational spectra are exact
(Fractions, with a rational orthogonal eigenbasis); the exponents are exact rationals.  The power-law
sum is enclosed rigorously (:func:`checks.spectral_dynamics.power_law_effective_dimension`: partial sum
plus trapezoid / midpoint bounds on the convex tail, rounding included), and the bounds are compared with
the end of the enclosure that could refute them.  The saturation check is in floating point with a
relative tolerance ``8 eps``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.documents import MSML, ZHAO
from checks.linalg import EPS
from checks.spectral_dynamics import (effective_dimension, effective_dimension_trace, fraction_matrix, fraction_solve,
                                      power_law_bounds, power_law_constant, power_law_effective_dimension)
from checks.strategies.spectra_kernels import (PowerLaw, RateCase, SpectrumCase, power_laws, rate_cases,
                                               spectrum_cases)


# ------------------------------------------------------------------------------ exact identities


def _smoother(K: np.ndarray, lam: Fraction) -> np.ndarray:
    n = K.shape[0]
    return fraction_solve(K + lam * fraction_matrix(np.eye(n, dtype=int)), K).T  # K (K + lam I)^{-1} (symmetric)


def _cond(case: SpectrumCase, lam: Fraction) -> Fraction:
    return (case.s[0] + lam) / (case.s[-1] + lam)


def identities(case: SpectrumCase) -> list[Check]:
    K, s, lam, lam2 = case.K, case.s, case.lam, case.lam2
    n = len(s)
    N1, N2 = effective_dimension(s, lam), effective_dimension(s, lam2)
    S = _smoother(K, lam)
    trS2 = sum((S[i, j] * S[j, i] for i in range(n) for j in range(n)), Fraction(0))
    above = sum(1 for x in s if x >= lam)
    tail = sum((x / lam for x in s if x < lam), Fraction(0))
    shifted = K + lam * fraction_matrix(np.eye(n, dtype=int))
    eig_ok = all(np.all(shifted @ case.Q[:, i] == (s[i] + lam) * case.Q[:, i]) for i in range(n))
    checks = [
        equal(effective_dimension_trace(K, lam), N1, label="tr K (K + lam I)^-1 = sum_i s_i / (s_i + lam)"),
        le(N2, N1, label=f"N(lam2) <= N(lam) for lam2 = {lam2} > lam = {lam}"),
        le(N1, above + tail, label="N(lam) <= #{s_i >= lam} + sum_{s_i < lam} s_i / lam"),
        holds(eig_ok, label="K + lam I has the eigenpairs (s_i + lam, q_i): cond = (s_max + lam) / (s_min + lam)"),
        le(_cond(case, lam2), _cond(case, lam), label="cond(K + lam I) is nonincreasing in lam"),
        le(trS2, N1, label="tr S^2 <= tr S = N(lam) (KRR variance factor)"),
    ]
    if any(s):
        checks.append(holds(N2 < N1, label="N is strictly decreasing when K != 0", detail=f"{N2} < {N1}"))
    return checks


def _increasing(case: SpectrumCase) -> Check:
    return ge(effective_dimension(case.s, case.lam2), effective_dimension(case.s, case.lam),
              label=f"N(lam2) >= N(lam) for lam2 = {case.lam2} > lam = {case.lam}")


def _cond_increasing(case: SpectrumCase) -> Check:
    return ge(_cond(case, case.lam2), _cond(case, case.lam), label="cond(K + lam I) is nondecreasing in lam")


def _variance_rank(case: SpectrumCase) -> Check:
    S = _smoother(case.K, case.lam)
    n = len(case.s)
    trS2 = sum((S[i, j] * S[j, i] for i in range(n) for j in range(n)), Fraction(0))
    return equal(trS2, Fraction(sum(1 for x in case.s if x > 0)), label="tr S^2 = rank K (variance ∝ rank / n)")


def _no_tail(case: SpectrumCase) -> Check:
    return le(effective_dimension(case.s, case.lam), sum(1 for x in case.s if x >= case.lam),
              label="N(lam) <= #{s_i >= lam}")


IDENTITIES = Claim(
    id="effective-dimension-identities",
    title="Effective dimension: trace identity, monotonicity, counting bound, conditioning",
    statement=("N(lam) = tr K (K + lam I)^-1 = sum_i s_i/(s_i + lam) is strictly decreasing in lam, N(lam) <= "
               "#{s_i >= lam} + sum_{s_i < lam} s_i/lam, cond(K + lam I) = (s_max + lam)/(s_min + lam) is nonincreasing "
               "in lam, and tr S^2 <= tr S = N(lam) for S = K (K + lam I)^-1"),
    sources=[Source(ZHAO, "Figure 17.10: effective dimension counts the visible eigen-directions", ("ZHAO-152",)),
             Source(MSML, "B.4: KRR effective dimension and conditioning (variance via tr S^2 <= d_eff)", ("MSML-58",))],
    kind="exact",
    area="kernels",
    instances=spectrum_cases(),
    conclusion=identities,
    proof_idea=("In the eigenbasis K (K + lam I)^-1 = diag(s_i/(s_i + lam)); each term decreases in lam, is <= 1, and "
                "is s_i/(s_i + lam) <= s_i/lam; the entries of S lie in [0, 1), so tr S^2 <= tr S."),
    mutants=[
        Mutant("effective-dimension-increasing", "each s_i/(s_i + lam) decreases as lam grows",
               conclusion=_increasing),
        Mutant("conditioning-increasing", "(s_max + lam)/(s_min + lam) decreases toward 1 as lam grows",
               conclusion=_cond_increasing),
        Mutant("variance-proportional-to-rank",
               "tr S^2 = sum_i (s_i/(s_i + lam))^2 < rank K: every nonzero direction is shrunk", conclusion=_variance_rank),
        Mutant("counting-bound-without-tail",
               "eigenvalues below lam still count s_i/(s_i + lam) > 0 each", conclusion=_no_tail),
    ],
    examples=60,
)
test_effective_dimension_identities = IDENTITIES.test()

# ------------------------------------------------------------------------------------ power law


def _power_law(case: PowerLaw, exponent=None, constant=None) -> list[Check]:
    a, lam = case.a, case.lam
    lo, hi = power_law_effective_dimension(a, lam)
    if exponent is None and constant is None:
        top = power_law_bounds(a, lam)[1]
    else:
        C = power_law_constant(a) if constant is None else constant
        top = C * lam ** (-1 / a if exponent is None else exponent)
    return [le(lo, top, label=f"N(lam) <= C_a lam^(-1/a) (a = {a:.4g}, lam = {lam:.3g})"),
            ge(hi, top - 1, label="N(lam) >= C_a lam^(-1/a) - 1")]


POWER_LAW = Claim(
    id="effective-dimension-power-law",
    title="For eigenvalues j^-a the effective dimension is C_a lam^(-1/a) up to an additive 1",
    statement="for s_j = j^-a (a > 1) and lam > 0: C_a lam^(-1/a) - 1 <= sum_j s_j/(s_j + lam) <= C_a lam^(-1/a), "
              "C_a = (pi/a)/sin(pi/a)",
    sources=[Source(ZHAO, "Figure 17.10: d_eff(lam) ≍ lam^(-1/a) for lam_j = j^-a", ("ZHAO-152",)),
             Source(MSML, "B.4: sigma_i ≍ i^-beta gives d_eff ≍ lam^(-1/beta)", ("MSML-58",)),
             Source(MSML, "B.2: d_eff(lam) ≍ lam^(-1/(2p)) for mu_j ≍ j^(-2p)", ("MSML-56",))],
    kind="numeric",
    area="kernels",
    instances=power_laws(),
    conclusion=_power_law,
    proof_idea="Integral comparison for the decreasing f(x) = 1/(1 + lam x^a): int_1^inf f <= sum_j f(j) <= int_0^inf f = "
               "C_a lam^(-1/a), and int_0^1 f <= 1.",
    mutants=[
        Mutant("exponent-minus-a", "N(lam) grows like lam^(-1/a), far slower than lam^(-a) as lam -> 0",
               conclusion=lambda c: _power_law(c, exponent=-c.a)),
        Mutant("exponent-halved", "for s_j = j^-a the exponent is 1/a; 1/(2a) confuses the decay exponent 2p with p",
               conclusion=lambda c: _power_law(c, exponent=-1 / (2 * c.a))),
        Mutant("constant-one", "C_a = (pi/a)/sin(pi/a) > 1, and N(lam) lam^(1/a) -> C_a",
               conclusion=lambda c: _power_law(c, constant=1.0)),
    ],
    examples=60,
)
test_effective_dimension_power_law = POWER_LAW.test()

# ------------------------------------------------------------------------------------------ rates


def _rates(case: RateCase, lam_exp=None, risk_exp=None) -> list[Check]:
    p, s = case.p, case.s
    e = -2 * p / (4 * p * s + 1) if lam_exp is None else lam_exp
    risk = -4 * p * s / (4 * p * s + 1) if risk_exp is None else risk_exp
    # lam = n^e: bias n^(2 s e), variance n^(-e/(2p) - 1)
    checks = [equal(2 * s * e, -e / (2 * p) - 1, label="at lam* = n^e the bias lam^(2s) equals the variance "
                                                        "lam^(-1/(2p))/n"),
              equal(2 * s * e, risk, label=f"excess risk exponent {risk} = -4ps/(4ps + 1)")]
    for f in (Fraction(-3), Fraction(-1, 2), Fraction(0), Fraction(1, 2), Fraction(2)):
        other = e + f * e
        checks.append(ge(max(2 * s * other, -other / (2 * p) - 1), risk,
                         label=f"lam = n^({other}) does no better: max(bias, variance) exponent >= {risk}"))
    lam = float(case.n) ** float(e)
    for mu in (lam * float(s / (1 - s)) if s < 1 else 1.0, lam, 1.0, lam / 10):
        checks.append(le(lam * mu ** float(s) / (mu + lam), lam ** float(s), 8 * EPS * lam ** float(s),
                         label=f"ridge bias factor lam mu^s/(mu + lam) <= lam^s (mu = {mu:.3g})", why="8 eps relative"))
    return checks


RATES = Claim(
    id="krr-rate-exponents",
    title="KRR under polynomial decay: lam* = n^(-2p/(4ps+1)), risk n^(-4ps/(4ps+1)), saturation at s = 1",
    statement=("with d_eff(lam) ≍ lam^(-1/(2p)) and smoothness s <= 1, the bias lam^(2s) equals the variance "
               "lam^(-1/(2p))/n at lam* = n^(-2p/(4ps+1)), giving risk n^(-4ps/(4ps+1)), and no lam makes "
               "max(bias, variance) smaller; the ridge bias factor lam mu^s/(mu + lam) is <= lam^s for s <= 1"),
    sources=[Source(MSML, "B.2: bias-variance balance under mu_j ≍ j^(-2p) (qualification s <= 1 added)",
                    ("MSML-56",))],
    kind="exact",
    area="kernels",
    instances=rate_cases(),
    conclusion=_rates,
    proof_idea=("With lam = n^e the two terms are n^(2se) and n^(-e/(2p) - 1); they meet at e = -2p/(4ps + 1), one "
                "increasing and one decreasing in e.  Weighted AM-GM: mu + lam >= mu^s lam^(1-s) for s in [0, 1]."),
    mutants=[
        Mutant("lambda-star-without-spectrum", "n^(-1/(2s+1)) balances lam^(2s) against 1/(n lam), the d_eff of a "
               "spectrum with p = 1/2, not lam^(-1/(2p))/n", conclusion=lambda c: _rates(c, lam_exp=Fraction(-1) / (2 * c.s + 1))),
        Mutant("risk-exponent-2ps", "the risk exponent is 4ps/(4ps + 1); 2ps/(2ps + 1) drops the factor 2 of d_eff's "
               "exponent 1/(2p)", conclusion=lambda c: _rates(c, risk_exp=-2 * c.p * c.s / (2 * c.p * c.s + 1))),
        Mutant("no-saturation", "for s > 1 the ridge bias factor is lam/(1 + lam) at mu = 1, above lam^s: ridge "
               "cannot exploit smoothness beyond s = 1", instances=rate_cases(max_s=Fraction(3)).filter(lambda c: c.s > 1)),
    ],
    examples=40,
)
test_krr_rate_exponents = RATES.test()

