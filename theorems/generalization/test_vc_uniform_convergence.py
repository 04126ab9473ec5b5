"""The VC uniform-convergence bound, checked exactly on finite problems, and the audit of the
``log(n/d)`` form.

Statement.  Let ``H`` have VC dimension ``d >= 1``, the loss be 0-1, and ``n >= d``.  With
probability ``>= 1 - δ`` over ``n`` i.i.d. samples, simultaneously for every ``h ∈ H``:
- (Mohri et al., Cor. 3.19) ``R(h) <= R̂(h) + √(2d ln(en/d)/n) + √(ln(1/δ)/(2n))``;
- (ghost sample, ``P(sup_h |R̂ - R| > ε) <= 4 Π_H(2n) e^{-nε²/8}`` with Sauer–Shelah)
  ``|R(h) - R̂(h)| <= √(8(d ln(2en/d) + ln(4/δ))/n)``.
The form ``√((C₁ d log(n/d) + C₂ log(1/δ))/n)`` is false: at ``n = d`` its complexity term vanishes
(and for ``n < d`` it is negative), while the sets of at most ``d`` of ``2d`` uniform points under
the zero target have ``sup_h (R - R̂) = 1/2`` on every sample of size ``d``.

Sources.  Teng, Wang, Zhang, *Theoretical Machine Learning*, §7.3.2 (TENG-37; printed with
``log(n/d)``, see the audit claim); Zhao, *From Approximation to Emergence*, Fig. 7.8 (ZHAO-55);
*The Mathematical Structure of Machine Learning*, Ch. 24, line 1587 (MSML-333, in its VC reading
``L_test <= L_train + O(√(V log n / n))``).

Proof idea.  Symmetrize with a ghost sample: the deviation is controlled by the behaviour of ``H`` on
``2n`` points, where it has at most ``Π_H(2n) <= (2en/d)^d`` patterns; Hoeffding and a union over the
patterns.  Mohri's form goes through the Rademacher bound ``R <= R̂ + 2R_n + √(ln(1/δ)/(2n))`` and
Massart's lemma ``R_n <= √(2 ln Π_H(n)/n)`` with ``Π_H(n) <= (en/d)^d``.

The probabilities are exact (enumeration of the sample's count vectors, ``checks.finite_class``) and
the irrational thresholds are enclosed between rationals.  The bounds are loose by constants, so
the checks hold with margin; the audit and the mutant fail on the tight family.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, le
from checks.documents import MSML, TENG, ZHAO
from checks.finite_class import (exceeds, expected_rademacher, expected_sup_gap, gaps, log_enclosure, probability,
                                 scaled, sqrt_enclosure)
from checks.strategies.finite_problems import Instance, vc_instances


def _add(a: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction]) -> tuple[Fraction, Fraction]:
    return a[0] + b[0], a[1] + b[1]


def _confidence(inst: Instance) -> tuple[Fraction, Fraction]:
    """Enclose ``√(ln(1/δ)/(2n))``."""
    return sqrt_enclosure(scaled(log_enclosure(inst.q), Fraction(1, 2 * inst.n)))


def _sup_tail(inst: Instance, tau: tuple[Fraction, Fraction], two_sided: bool) -> Fraction:
    P, n = inst.problem, inst.n
    G = gaps(P, n)
    ev = exceeds(np.abs(G) if two_sided else G, P.total * n, tau).any(axis=1)
    return probability(P, n, ev)


def mohri_threshold(inst: Instance) -> tuple[Fraction, Fraction]:
    """``√(2d ln(en/d)/n) + √(ln(1/δ)/(2n))``, enclosed."""
    n, d = inst.n, inst.d
    ln_en_d = _add((Fraction(1), Fraction(1)), log_enclosure(n, d))
    return _add(sqrt_enclosure(scaled(ln_en_d, Fraction(2 * d, n))), _confidence(inst))


def classical_threshold(inst: Instance) -> tuple[Fraction, Fraction]:
    """``√(8(d ln(2en/d) + ln(4/δ))/n)``, enclosed."""
    n, d = inst.n, inst.d
    ln_2en_d = _add((Fraction(1), Fraction(1)), log_enclosure(2 * n, d))
    inner = _add(scaled(ln_2en_d, Fraction(d)), log_enclosure(4 * inst.q))
    return sqrt_enclosure(scaled(inner, Fraction(8, n)))


def vc_bounds(inst: Instance) -> list[Check]:
    delta = Fraction(1, inst.q)
    return [le(_sup_tail(inst, mohri_threshold(inst), two_sided=False), delta,
               label="P(exists h: R - R_S > sqrt(2d ln(en/d)/n) + sqrt(ln(1/delta)/(2n))) <= delta"),
            le(_sup_tail(inst, classical_threshold(inst), two_sided=True), delta,
               label="P(sup_h |R - R_S| > sqrt(8(d ln(2en/d) + ln(4/delta))/n)) <= delta")]


def without_vc_term(inst: Instance) -> Check:
    return le(_sup_tail(inst, _confidence(inst), two_sided=False), Fraction(1, inst.q),
              label="P(exists h: R - R_S > sqrt(ln(1/delta)/(2n))) <= delta")


VC = Claim(
    id="vc-uniform-convergence",
    title="VC uniform-convergence bound (Mohri's form and the ghost-sample form)",
    statement="for VCdim(H) = d >= 1, n >= d and 0-1 loss, with probability >= 1 - delta for all h: "
              "R <= R_S + sqrt(2d ln(en/d)/n) + sqrt(ln(1/delta)/(2n)) and "
              "|R - R_S| <= sqrt(8(d ln(2en/d) + ln(4/delta))/n)",
    sources=[Source(TENG, "§7.3.2 (corrected: log(en/d), n >= d)", ("TENG-37",)),
             Source(ZHAO, "§7.3, Fig. 7.8 (ghost sample and symmetrization)", ("ZHAO-55",)),
             Source(MSML, "Ch. 24, line 1587 (VC reading)", ("MSML-333",))],
    kind="exact",
    area="generalization",
    instances=vc_instances(),
    conclusion=vc_bounds,
    proof_idea="Ghost sample and random swaps reduce the supremum to the <= Pi_H(2n) patterns on 2n points; "
               "Hoeffding and a union over patterns, then Sauer-Shelah Pi_H(m) <= (em/d)^d.  Mohri: "
               "McDiarmid + symmetrization + Massart's lemma.",
    mutants=[Mutant("drop-vc-term", "without the complexity term the bound is Hoeffding's for one fixed "
                    "hypothesis; the sets of <= d of 2d points have a gap 1/2 at n = d",
                    conclusion=without_vc_term)],
    examples=60,
)
test_vc_uniform_convergence = VC.test()


def printed_log_n_over_d(inst: Instance) -> Check:
    """The printed form with ``C₁ = C₂ = 1``: ``√((d ln(n/d) + ln(1/δ))/n)``."""
    n, d = inst.n, inst.d
    tau = sqrt_enclosure(scaled(_add(scaled(log_enclosure(n, d), Fraction(d)), log_enclosure(inst.q)),
                                Fraction(1, n)))
    return le(_sup_tail(inst, tau, two_sided=False), Fraction(1, inst.q),
              label="P(exists h: R - R_S > sqrt((d ln(n/d) + ln(1/delta))/n)) <= delta")


VC_AUDIT = Claim(
    id="vc-bound-log-n-over-d",
    title="Audit: the VC bound printed with log(n/d)",
    statement="as printed (C1 = C2 = 1), in the uniform reading a VC bound needs: with probability >= 1 - delta, "
              "for all f, R(f) <= R_emp(f) + sqrt((C1 d log(n/d) + C2 log(1/delta))/n)",
    sources=[Source(TENG, "§7.3.2, line 608", ("TENG-37",))],
    kind="exact",
    area="generalization",
    instances=vc_instances(),
    conclusion=printed_log_n_over_d,
    proof_idea="At n = d the complexity term d log(n/d) is 0, leaving a single-hypothesis Hoeffding radius.",
    audit=True,
    corrected="vc-uniform-convergence",
    finding="with log(n/d) the complexity term vanishes at n = d (and is negative for n < d): for the sets of "
            "at most d of 2d uniform points, target 0, n = d, some set of d unseen points has R_emp = 0 and "
            "R = 1/2 on every sample, above sqrt(C2 ln(1/delta)/d) once d > 4 C2 ln(1/delta) (any fixed C2); "
            "corrected: log(2en/d) (or Mohri's sqrt(2d ln(en/d)/n) + sqrt(ln(1/delta)/(2n))) for n >= d, "
            "uniformly over f. (The text puts 'for any f' outside the probability; for one fixed f the "
            "n = d case is Hoeffding's bound and true when C2 >= 1/2, and the VC dimension plays no role; "
            "the quantifier must be 'with probability >= 1 - delta, for all f'.)",
    examples=60,
)
test_vc_bound_log_n_over_d = VC_AUDIT.test()


# --- the Rademacher form of the complexity term, and the audit of MSML-333's Rademacher reading -----

RADEMACHER_INSTANCES = vc_instances(max_n=6)
"""The exact Rademacher average enumerates ``2^n`` signs per sample: ``n <= 6`` (the tight family
goes to ``n = d = 5``)."""


def rademacher_gap(inst: Instance) -> Check:
    P, n = inst.problem, inst.n
    return le(expected_sup_gap(P, n), 2 * expected_rademacher(P, n), label="E sup_h (R - R_S) <= 2 R_n(loss class)")


def rademacher_gap_no_factor_two(inst: Instance) -> Check:
    P, n = inst.problem, inst.n
    return le(expected_sup_gap(P, n), expected_rademacher(P, n), label="E sup_h (R - R_S) <= R_n(loss class)")


RADEMACHER = Claim(
    id="rademacher-expected-gap",
    title="The expected uniform gap is at most twice the Rademacher complexity",
    statement="for a class of {0,1} losses: E_S sup_h (R(h) - R_S(h)) <= 2 R_n, where "
              "R_n = E_S E_sigma sup_h (1/n) sum_i sigma_i loss_h(z_i)",
    sources=[Source(MSML, "Ch. 24, line 1587 (corrected: the Rademacher term enters as 2 R_n, not sqrt(R_n/n))",
                    ("MSML-333",))],
    kind="exact",
    area="generalization",
    instances=RADEMACHER_INSTANCES,
    conclusion=rademacher_gap,
    proof_idea="Introduce a ghost sample S': E sup (R - R_S) <= E sup (R_S' - R_S); swapping z_i and z_i' is "
               "measure preserving, so inserting signs sigma_i changes nothing, and the supremum splits into "
               "two Rademacher averages.",
    mutants=[Mutant("no-factor-two", "for the sets of <= d of 2d points at n = d, E sup = 1/2 while R_n < 1/2 "
                    "(repeated draws lower it)", conclusion=rademacher_gap_no_factor_two)],
    examples=40,
)
test_rademacher_expected_gap = RADEMACHER.test()


def sqrt_rademacher_over_n(inst: Instance) -> Check:
    """The printed ``O(√(V/n))`` with ``V = R_n`` and constant 1, in expectation (``√(R_n/n)`` is
    compared through the upper end of its rational enclosure, so a failure is rigorous)."""
    P, n = inst.problem, inst.n
    gap = expected_sup_gap(P, n)
    rad = expected_rademacher(P, n)
    bound = sqrt_enclosure((rad / n, rad / n))
    return le(gap, bound[1], label="E sup_h (R - R_S) <= sqrt(R_n / n)")


RADEMACHER_AUDIT = Claim(
    id="complexity-rate-sqrt-rademacher",
    title="Audit: L_test <= L_train + O(sqrt(V/n)) with V the Rademacher complexity",
    statement="as printed, with V = R_n and constant 1 (in expectation): E sup_h (R - R_S) <= sqrt(R_n / n)",
    sources=[Source(MSML, "Ch. 24, line 1587", ("MSML-333",))],
    kind="exact",
    area="generalization",
    instances=RADEMACHER_INSTANCES,
    conclusion=sqrt_rademacher_over_n,
    proof_idea="R_n already carries the 1/sqrt(n) decay; dividing it by n again undercounts the gap.",
    audit=True,
    corrected="rademacher-expected-gap",
    finding="read with V = Rademacher complexity, sqrt(V/n) undercounts: R_n <= 1 gives sqrt(R_n/n) <= "
            "n^{-1/2}, while the sets of at most d of 2d uniform points (target 0, n = d) have "
            "E sup_h (R - R_S) = 1/2 > sqrt(R_n/n) once n > 4 (any fixed constant C: once n > 4C); corrected: "
            "E sup (R - R_S) <= 2 R_n, and with probability 1 - delta, R <= R_S + 2 R_n + sqrt(ln(1/delta)/(2n)); "
            "in the VC reading, sqrt(V log n / n)",
    examples=40,
)
test_complexity_rate_sqrt_rademacher = RADEMACHER_AUDIT.test()
