"""The Rademacher generalization bound, computed exactly on finite-support distributions.

Statement.  Let ``G = ℓ∘H`` take values in ``{0, 1}`` (here a finite class of 0-1 losses), ``S`` be
``n`` i.i.d. draws, ``R_n = E_S R̂_S(G)`` with ``R̂_S(G) = E_σ max_h (1/n) Σ σ_i ℓ_h(z_i)``, and ``δ ∈ (0,1)``.
- In expectation: ``E_S sup_h (R(h) - R̂_S(h)) <= 2 R_n``.
- With probability ``>= 1 - δ``, simultaneously for all ``h``: ``R(h) <= R̂_S(h) + 2 R_n + √(ln(1/δ)/(2n))``.
- Data-dependent form: with probability ``>= 1 - δ``, for all ``h``:
  ``R(h) <= R̂_S(h) + 2 R̂_S(G) + 3 √(ln(2/δ)/(2n))``.
``R_n`` is a property of the class and the distribution; it does not involve ``δ``.
- The two-sample complexity ``R_{m,D} = E_{S1,S2} sup_h (1/2m)(Σ_{S1} ℓ_h - Σ_{S2} ℓ_h)`` (balanced signs)
  differs from the standard ``R_{2m}`` (i.i.d. signs) by at most ``E|Bin(2m, 1/2) - m|/m <= 1/√(2m)``.

Sources.  Teng–Wang–Zhang §7.4.2 (TENG-39; the quantifier "for all f" belongs inside the probability,
which is how it is checked: the event is about ``sup_h``); *The Mathematical Structure of Machine
Learning*, App. B Thm 3.2 and App. C (MSML-357); Arora et al., Thm 5.3.1 (ARORA-59; the printed
``O(log(1/δ)/√m)`` is weaker than the McDiarmid radius checked here), eq. (5.3) and footnote 6
(ARORA-58); Zhao §7.6 (ZHAO-60 (c)).

Proof idea.  Symmetrization with a ghost sample gives the expectation bound; ``sup_h (R - R̂_S)``
changes by at most ``1/n`` when one point changes, so McDiarmid adds ``√(ln(1/δ)/(2n))``; ``R̂_S(G)`` has
the same bounded differences, and a union of the two events (``δ/2`` each) gives the data-dependent form.
Two-sample versus standard: given ``k`` plus signs among i.i.d. ones, flip ``|k - m|`` of them to balance;
each flip moves the supremum by at most ``1/m`` (losses in ``[0, 1]``), and ``E|k - m| <= √(m/2)``.

Exactness: every sample is enumerated through its count vector (:mod:`checks.finite_class`), every
sign vector through :mod:`checks.combinatorics`; the radii are enclosed between rationals.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, ge, le
from checks.documents import ARORA, MSML, TENG, ZHAO
from checks.finite_class import (FiniteProblem, exceeds, expected_rademacher, expected_sup_gap, gaps,
                                 log_enclosure, probability, scaled, sqrt_enclosure)
from checks.rademacher import binomial_mean_abs_deviation, empirical_rademacher_by_sample, two_sample_rademacher
from checks.strategies.finite_problems import (Instance, finite_instances, single_hypothesis_instances,
                                               vc_instances)
from checks.strategies.rademacher import two_sample_problems

MAX_N = 6
"""``2^n`` sign vectors per sample and up to ``C(n + k - 1, k - 1)`` samples: ``n <= 6``."""

INSTANCES = st.one_of(vc_instances(max_n=MAX_N), finite_instances().filter(lambda i: i.n <= MAX_N),
                      single_hypothesis_instances().filter(lambda i: i.n <= MAX_N))


def _add(a: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction]) -> tuple[Fraction, Fraction]:
    return a[0] + b[0], a[1] + b[1]


def _radius(num: int, n: int, c: Fraction = Fraction(1)) -> tuple[Fraction, Fraction]:
    """Enclose ``c √(ln(num)/(2n))``."""
    return scaled(sqrt_enclosure(scaled(log_enclosure(num), Fraction(1, 2 * n))), c)


def _sup_tail(inst: Instance, thresholds: list[tuple[Fraction, Fraction]] | tuple[Fraction, Fraction]) -> Fraction:
    """``P(sup_h (R - R̂_S) > τ_S)`` exactly, ``τ_S`` one enclosure or one per sample."""
    P, n = inst.problem, inst.n
    G = gaps(P, n).max(axis=1)
    scale = P.total * n
    if isinstance(thresholds, tuple):
        event = exceeds(G, scale, thresholds)
    else:
        event = np.array([bool(exceeds(G[s:s + 1], scale, t)[0]) for s, t in enumerate(thresholds)])
    return probability(P, n, event)


def uniform_bound(inst: Instance, complexity: int = 2, confidence: bool = True) -> list[Check]:
    P, n, q = inst.problem, inst.n, inst.q
    rn = expected_rademacher(P, n)
    tau = (complexity * rn, complexity * rn)
    if confidence:
        tau = _add(tau, _radius(q, n))
    name = f"{complexity} R_n" + (" + sqrt(ln(1/delta)/(2n))" if confidence else "")
    return [le(expected_sup_gap(P, n), complexity * rn, label=f"E sup_h (R - R_S) <= {complexity} R_n"),
            le(_sup_tail(inst, tau), Fraction(1, q), label=f"P(sup_h (R - R_S) > {name}) <= delta")]


UNIFORM = Claim(
    id="rademacher-uniform-bound",
    title="Rademacher bound: in expectation and with high probability, uniformly over the class",
    statement="for 0-1 losses: E sup_h (R - R_S) <= 2 R_n, and P(exists h: R(h) > R_S(h) + 2 R_n + "
              "sqrt(ln(1/delta)/(2n))) <= delta",
    sources=[Source(TENG, "§7.4.2, first bound and the expectation form", ("TENG-39",)),
             Source(MSML, "App. B Thm 3.2 (corrected form of App. C's formula)", ("MSML-357",)),
             Source(ARORA, "Thm 5.3.1 (with McDiarmid's radius)", ("ARORA-59",)),
             Source(ZHAO, "§7.6, data-dependent bound (c)", ("ZHAO-60",))],
    kind="exact",
    area="generalization",
    instances=INSTANCES,
    conclusion=uniform_bound,
    proof_idea="Ghost sample + random signs give E sup <= 2 R_n; sup_h (R - R_S) has bounded differences 1/n, "
               "so McDiarmid adds sqrt(ln(1/delta)/(2n)).",
    mutants=[Mutant("no-factor-two", "the sets of <= d of 2d points at n = d have E sup = 1/2 > R_n",
                    conclusion=lambda i: uniform_bound(i, complexity=1)[0]),
             Mutant("no-confidence-term", "a single hypothesis has R_n = 0 but R - R_S > 0 with probability "
                    "about 1/2 > delta", conclusion=lambda i: uniform_bound(i, confidence=False)[1])],
    examples=40,
)
test_rademacher_uniform_bound = UNIFORM.test()


def data_dependent(inst: Instance, confidence: Fraction = Fraction(3)) -> Check:
    P, n, q = inst.problem, inst.n, inst.q
    radius = _radius(2 * q, n, confidence)
    taus = [_add((2 * r, 2 * r), radius) for r in empirical_rademacher_by_sample(P, n)]
    c = "" if confidence == 1 else f"{confidence} "
    return le(_sup_tail(inst, taus), Fraction(1, q),
              label=f"P(sup_h (R - R_S) > 2 R_S(G) + {c}sqrt(ln(2/delta)/(2n))) <= delta")


DATA_DEPENDENT = Claim(
    id="rademacher-data-dependent-bound",
    title="Rademacher bound with the empirical complexity of the sample",
    statement="for 0-1 losses: P(exists h: R(h) > R_S(h) + 2 R_S(G) + 3 sqrt(ln(2/delta)/(2n))) <= delta, "
              "R_S(G) the empirical Rademacher complexity of the loss class on the same sample",
    sources=[Source(TENG, "§7.4.2, second bound", ("TENG-39",)),
             Source(MSML, "App. B Thm 3.2 (the R_S form)", ("MSML-357",))],
    kind="exact",
    area="generalization",
    instances=INSTANCES,
    conclusion=data_dependent,
    proof_idea="McDiarmid twice (for sup_h (R - R_S) and for R_S(G), differences 1/n each) at delta/2, and a "
               "union bound; 2 (R_n - R_S(G)) <= 2 sqrt(ln(2/delta)/(2n)) accounts for the factor 3.",
    mutants=[Mutant("no-confidence-term", "a single hypothesis has R_S(G) = 0 on every sample while R - R_S > 0 "
                    "with probability about 1/2", conclusion=lambda i: data_dependent(i, Fraction(0)))],
    examples=40,
)
test_rademacher_data_dependent_bound = DATA_DEPENDENT.test()


def printed_delta_complexity(inst: Instance) -> list[Check]:
    """App. C's relation read with a factor 2 either way: ``f(δ)/2 <= R_n <= 2 f(δ)``, ``f = √(d ln(1/δ)/n)``."""
    n, q, d = inst.n, inst.q, max(inst.d, 1)
    rn = expected_rademacher(inst.problem, n)
    f = sqrt_enclosure(scaled(log_enclosure(q), Fraction(d, n)))
    return [le(f[1] / 2, rn, label="sqrt(d ln(1/delta)/n)/2 <= R_n"),
            ge(2 * f[0], rn, label="R_n <= 2 sqrt(d ln(1/delta)/n)")]


DELTA_AUDIT = Claim(
    id="rademacher-complexity-with-delta",
    title="Audit: 'R(H) ≈ sqrt(d log(1/δ)/N)'",
    statement="as printed (read as agreement within a factor 2): the Rademacher complexity satisfies "
              "sqrt(d ln(1/delta)/n)/2 <= R_n(H) <= 2 sqrt(d ln(1/delta)/n)",
    sources=[Source(MSML, "App. C, 'Rademacher complexity: R(H) ≈ √(d log(1/δ)/N)'", ("MSML-357",))],
    kind="exact",
    area="generalization",
    instances=vc_instances(max_n=MAX_N),
    conclusion=printed_delta_complexity,
    proof_idea="R_n does not depend on delta while the printed expression grows without bound as delta -> 0, "
               "so no fixed constant can make the two agree for all delta.",
    audit=True,
    corrected="rademacher-uniform-bound",
    finding="R_n(H) is a property of the class and the distribution and involves no confidence level; the "
            "printed sqrt(d log(1/delta)/N) exceeds R_n <= 1/2 by more than a factor 2 once ln(1/delta) is "
            "large compared with N/d (e.g. d = 1, small n, delta = 1/100). The delta-term belongs to the "
            "bound: R <= R_S + 2 R_n + sqrt(ln(1/delta)/(2N)).",
    examples=40,
)
test_rademacher_complexity_with_delta = DELTA_AUDIT.test()


def two_sample_gap(inst: tuple[FiniteProblem, int], bound: str = "mad") -> list[Check]:
    P, m = inst
    two, std = two_sample_rademacher(P, m), expected_rademacher(P, 2 * m)
    mad = binomial_mean_abs_deviation(m) / m
    if bound == "half-over-m":
        return [le(abs(two - std), Fraction(1, 2 * m), label="|R_two - R_std| <= 1/(2m)")]
    if bound == "balanced-larger":
        return [ge(two, std, label="R_two >= R_std")]
    return [le(abs(two - std), mad, label="|R_two - R_std| <= E|Bin(2m, 1/2) - m| / m"),
            le(mad * mad, Fraction(1, 2 * m), label="(E|Bin(2m, 1/2) - m| / m)^2 <= 1/(2m)")]


TWO_SAMPLE = Claim(
    id="two-sample-rademacher",
    title="The two-sample (balanced-sign) Rademacher complexity is close to the standard one",
    statement="for losses in {0,1}: |E_{S1,S2} sup_h (1/2m)(sum_S1 l_h - sum_S2 l_h) - R_2m| <= "
              "E|Bin(2m, 1/2) - m|/m <= 1/sqrt(2m), R_2m the i.i.d.-sign Rademacher average of 2m points",
    sources=[Source(ARORA, "§5.3.1, eq. (5.3) and footnote 6", ("ARORA-58",))],
    kind="exact",
    area="generalization",
    instances=two_sample_problems(),
    conclusion=two_sample_gap,
    proof_idea="Exchangeability turns the fixed split into a uniformly random balanced sign vector; couple it with "
               "i.i.d. signs by flipping |k - m| signs, each moving the supremum by at most 1/m.",
    mutants=[Mutant("half-over-m", "the constant-loss pair has R_two = 0 and R_std = E|B - m|/(2m) = C(2m, m)/(2 4^m), "
                    "above 1/(2m) from m = 4 on (35/256 > 32/256)", conclusion=lambda i: two_sample_gap(i, "half-over-m")),
             Mutant("balanced-larger", "the constant-loss pair has R_two = 0 < R_std",
                    conclusion=lambda i: two_sample_gap(i, "balanced-larger"))],
    examples=40,
)
test_two_sample_rademacher = TWO_SAMPLE.test()
