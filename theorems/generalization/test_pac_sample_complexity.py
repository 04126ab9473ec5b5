"""PAC learning on finite domains: the no-free-lunch lower bound and the realizable sample
complexity of thresholds.

Statement.
- No free lunch.  Let ``D`` be uniform on a domain ``X`` of ``n`` points and let a learner see
  ``m <= n/2`` i.i.d. points labelled by ``f : X → {0, 1}``.  For every sample and every labels on
  its points, the average over the labelings of the unseen points of the learner's number of errors
  there is exactly half their number; hence ``E_f E_S err_f(A(S)) >= (1/2)(1 - 1/n)^m`` (equality for
  learners that keep the seen labels) ``>= (1/2)(1 - 1/(2m))^m >= 1/4``.  So some labeling has
  ``E_S err >= 1/4``, and some labeling has ``P_S(err >= 1/8) >= 1/7``.
- Realizable thresholds (VC dimension 1) on any finite law: the probability that some threshold
  consistent with ``n`` samples has risk ``> ε`` is at most ``2(1 - ε)^n``, so
  ``n >= ln(2/δ)/ε`` samples give risk ``<= ε`` with probability ``>= 1 - δ``; and it is at least
  ``(1 - μ_+)^n`` for the smallest block of positives of mass ``μ_+ > ε`` next to the target, so
  ``Ω(ln(1/δ)/ε)`` samples are needed.  This is the ``d = 1`` case of the ``Θ((d + ln(1/δ))/ε)``
  realizable rate.

Sources.  Zhao, *From Approximation to Emergence*, §7.5, Def. 7.14, Fig. 7.11 and Fig. 7.15 (ZHAO-58);
*The Mathematical Structure of Machine Learning*, Ch. 24, line 1535 and App. C (MSML-295, sample
complexity; MSML-359, lower bounds and no free lunch); Shalev-Shwartz and Ben-David, Thm 5.1.

Proof idea.  Given the labelled sample, the learner's prediction at an unseen point is fixed while
``f`` there is a fair coin under the uniform average over labelings, so each unseen point costs 1/2;
each point is unseen with probability ``(1 - 1/n)^m``.  A maximum dominates an average, and
``P(err >= 1/8) >= (E err - 1/8)/(1 - 1/8) >= 1/7``.  For thresholds, a consistent threshold with
risk ``> ε`` on the positive side exists only if no sample hits the block ``B_+`` of mass ``> ε`` right
of the target, probability ``(1 - μ(B_+))^n <= (1 - ε)^n``; the same on the negative side.

Everything is exact: probabilities are fractions from full enumeration (all labelings, all sample
sets with their sequence counts; all count vectors of a threshold sample).
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil, log

from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, ge, le
from checks.coverage import Uncovered
from checks.documents import MSML, ZHAO
from checks.finite_class import log_enclosure
from checks.pac import nfl_tables, threshold_sup_risk
from checks.strategies.pac import NflInstance, ThresholdProblem, nfl_instances, threshold_problems

SSBD = "Shalev-Shwartz and Ben-David, Understanding Machine Learning (2014)"

NOT_CHECKED = (
    Uncovered("ZHAO-59", area="generalization", checkable="no",
              reason="agnostic PAC learnability iff finite VC dimension is a characterization over all distributions "
                     "and classes, with Θ(·) rates; its finite-class ingredient (ERM excess risk) is checked in "
                     "test_finite_class_bounds"),
)


# --- claim 1: no free lunch ------------------------------------------------------------------------

def _tables(inst: NflInstance) -> dict:
    return nfl_tables(inst.learner, inst.n, inst.m)


def no_free_lunch(inst: NflInstance) -> list[Check]:
    T, n, m = _tables(inst), inst.n, inst.m
    bad = [key for key, v in T["unseen_avg"].items() if v != Fraction(n - len(key[0]), 2)]
    unseen = sum((p * Fraction(n - len(A), n) for A, p in T["sets"].items()), Fraction(0))
    avg = sum(T["expected"], Fraction(0)) / len(T["expected"])
    return [equal(len(bad), 0, label="average over labelings of the errors on unseen points = #unseen/2 (all samples)"),
            equal(unseen, Fraction(n - 1, n) ** m, label="E_S |X \\ S|/n = (1 - 1/n)^m"),
            ge(avg, unseen / 2, label="E_f E_S err >= (1/2) E_S |X \\ S|/n"),
            ge(max(T["expected"]), Fraction(1, 4), label="max_f E_S err_f(A(S)) >= 1/4 (m <= n/2)"),
            ge(max(T["tail_eighth"]), Fraction(1, 7), label="max_f P_S(err_f(A(S)) >= 1/8) >= 1/7")]


def average_half(inst: NflInstance) -> Check:
    T = _tables(inst)
    return ge(sum(T["expected"], Fraction(0)) / len(T["expected"]), Fraction(1, 2), label="E_f E_S err >= 1/2")


def beats_quarter(inst: NflInstance) -> Check:
    return le(max(_tables(inst)["expected"]), Fraction(1, 4), label="max_f E_S err <= 1/4 (a learner beats 1/4)")


def identity_for_all(inst: NflInstance) -> Check:
    T = _tables(inst)
    return equal(sum(T["expected"], Fraction(0)) / len(T["expected"]), Fraction(inst.n - 1, inst.n) ** inst.m / 2,
                 label="E_f E_S err = (1/2)(1 - 1/n)^m for every learner")


NFL = Claim(
    id="no-free-lunch-exact",
    title="No free lunch on a finite domain: unseen points cost 1/2 on average over labelings",
    statement="for the uniform law on n points, m <= n/2 samples and any learner seeing the labelled sample set: the "
              "average over labelings of the errors on unseen points is half their number, so "
              "E_f E_S err >= (1/2)(1 - 1/n)^m >= 1/4; some labeling has E_S err >= 1/4 and P_S(err >= 1/8) >= 1/7",
    sources=[Source(ZHAO, "§7.5, Def. 7.14 and Fig. 7.11 (the lower-bound mechanism)", ("ZHAO-58",)),
             Source(MSML, "App. C (no free lunch; lower bound on samples)", ("MSML-359",)),
             Source(SSBD, "Theorem 5.1")],
    kind="exact",
    area="generalization",
    instances=nfl_instances(),
    conclusion=no_free_lunch,
    proof_idea="The prediction at an unseen point does not depend on f there, which is a fair coin over the "
               "labelings; each point is unseen with probability (1 - 1/n)^m >= (1 - 1/(2m))^m >= 1/2 (Bernoulli); "
               "a maximum dominates the average; Markov's inequality for 1 - err gives 1/7.",
    mutants=[
        Mutant("average-half", "a learner that keeps the seen labels errs only on unseen points, average "
               "(1/2)(1 - 1/n)^m < 1/2", conclusion=average_half),
        Mutant("learner-beats-quarter", "every learner has a labeling with E_S err >= (1/2)(1 - 1/(2m))^m > 1/4 for "
               "m >= 2", conclusion=beats_quarter, instances=nfl_instances().filter(lambda i: i.m >= 2)),
        Mutant("identity-for-every-learner", "a learner that may contradict the seen labels also errs on seen points, "
               "so the average exceeds (1/2)(1 - 1/n)^m", conclusion=identity_for_all,
               instances=st.builds(NflInstance, st.integers(2, 6), st.integers(1, 2), st.just("random"),
                                   st.integers(0, 2**32 - 1))),
    ],
    examples=30,
)
test_no_free_lunch_exact = NFL.test()


# --- claim 2: realizable sample complexity of thresholds ---------------------------------------------

def _tail(P: ThresholdProblem, n: int) -> Fraction:
    risks, probs = threshold_sup_risk(P.weights, P.target, n)
    return sum((p for r, p in zip(risks.tolist(), probs) if r > P.eps), Fraction(0))


def _n_delta(P: ThresholdProblem) -> int:
    """The least ``n`` with ``ε n >= ln(2/δ)``, certified with a rational enclosure of the logarithm."""
    lo, hi = log_enclosure(2 * P.q)
    n = ceil(log(2 * P.q) / P.eps)
    while P.eps * (n - 1) >= hi:
        n -= 1
    while P.eps * n < hi:
        if P.eps * n > lo:
            raise ValueError("the enclosure cannot decide eps n >= ln(2/delta)")
        n += 1
    return n


def _positive_block(P: ThresholdProblem) -> Fraction | None:
    """The mass of the shortest block ``{a*, ..., b}`` of mass ``> ε`` (``None`` if there is none)."""
    W, acc = sum(P.weights), 0
    for w in P.weights[P.target:]:
        acc += w
        if Fraction(acc, W) > P.eps:
            return Fraction(acc, W)
    return None


def thresholds_rate(P: ThresholdProblem) -> list[Check]:
    tail = _tail(P, P.n)
    out = [le(tail, 2 * (1 - P.eps) ** P.n, label="P(some consistent threshold has risk > eps) <= 2(1 - eps)^n"),
           le(_tail(P, _n_delta(P)), Fraction(1, P.q), label="n >= ln(2/delta)/eps gives P(risk > eps) <= delta")]
    mu = _positive_block(P)
    if mu is not None:
        out.append(ge(tail, (1 - mu) ** P.n, label="P(risk > eps) >= (1 - mu(B+))^n (lower bound: Omega(ln(1/delta)/eps))"))
    return out


THRESHOLDS = Claim(
    id="threshold-realizable-sample-complexity",
    title="Realizable thresholds: every consistent threshold has risk <= ε after ln(2/δ)/ε samples",
    statement="for thresholds on a finite ordered domain, any law and any target threshold: P(some threshold consistent "
              "with n samples has risk > eps) <= 2(1 - eps)^n, so n >= ln(2/delta)/eps suffices for confidence "
              "1 - delta; and the probability is >= (1 - mu(B+))^n for the block B+ of mass > eps next to the target",
    sources=[Source(ZHAO, "§7.5, Def. 7.14 and Fig. 7.15 (sample complexity Θ((d + ln(1/δ))/ε), here d = 1)",
                    ("ZHAO-58",)),
             Source(MSML, "Ch. 24, line 1535 and App. C (PAC sample complexity, realizable case)", ("MSML-295",)),
             Source(MSML, "App. C (information-theoretic lower bound)", ("MSML-359",))],
    kind="exact",
    area="generalization",
    instances=threshold_problems(),
    conclusion=thresholds_rate,
    proof_idea="A consistent threshold of risk > eps on the positive side exists iff no sample lands in B+, "
               "which has mass > eps: probability (1 - mu(B+))^n <= (1 - eps)^n; likewise on the negative side; "
               "2(1 - eps)^n <= 2 exp(-eps n) <= delta.",
    mutants=[
        Mutant("one-sided", "both sides of the target can fail: with atoms of mass just above eps on each side the "
               "probability is 2(1 - mu)^n - (1 - 2 mu)^n > (1 - eps)^n",
               conclusion=lambda P: le(_tail(P, P.n), (1 - P.eps) ** P.n, label="P(risk > eps) <= (1 - eps)^n")),
        Mutant("no-log-delta", "n = ceil(1/eps) samples leave a block of mass eps unhit with probability about "
               "2/e - 1/e^2 > delta", conclusion=lambda P: le(_tail(P, ceil(1 / P.eps)), Fraction(1, P.q),
                                                              label="n = ceil(1/eps) gives P(risk > eps) <= delta")),
    ],
    examples=40,
)
test_threshold_realizable_sample_complexity = THRESHOLDS.test()
