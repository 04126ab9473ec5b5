"""Inference-time scaling: repeated sampling (pass@K), verifier-guided best-of-K, majority vote.

Statement.  With ``K`` independent samples each correct with probability ``p``:
- an oracle verifier passes with probability ``P(K) = 1 - (1-p)^K``; the gains
  ``P(K+1) - P(K) = p(1-p)^K`` decrease in ``K`` (``P`` is concave in ``K``), and ``P(K) <= Kp``;
  the estimator ``1 - C(n-c, K)/C(n, K)`` from ``c`` correct of ``n >= K`` samples is unbiased;
- best-of-``K`` by a verifier score (ties at random) succeeds with probability ``p`` for every ``K``
  when the score is independent of correctness, ``1 - (1-p)^K`` when every correct candidate
  outscores every wrong one, and never more than ``1 - (1-p)^K``; an anti-correlated verifier
  makes it worse with ``K``;
- the majority of ``K`` (odd) votes is right with probability ``Σ_{k>K/2} C(K,k) p^k (1-p)^{K-k}``,
  which increases in ``K`` when ``p > 1/2`` (to 1: ``(1 - M)^2 <= (4p(1-p))^K``), decreases when
  ``p < 1/2`` and equals ``1/2`` at ``p = 1/2``.

Sources.  Zhao, *From Approximation to Emergence*, Lemma 17.8 (ZHAO-153), Prop. 17.9 (ZHAO-154),
§17.5.2 (ZHAO-155).

Proof idea.  All samples fail with probability ``(1-p)^K``.  The estimator averages the indicator
"some ``K``-subset of the ``n`` samples contains a correct one" over the ``C(n, K)`` subsets, each of
which is ``K`` i.i.d. samples.  With a score independent of correctness the selected candidate is a
uniformly random one of i.i.d. candidates.  A majority vote over ``K + 2`` differs from the one over
``K`` only when the first ``K`` split ``(K±1)/2``; the two new votes then flip it right with
probability ``p^2`` and wrong with ``(1-p)^2``.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

from checks.claim import Check, Claim, Mutant, Source, equal, ge, le
from checks.documents import ZHAO
from checks.scaling import best_of_k, binomial_pmf, majority_vote, pass_at_k, pass_at_k_estimate
from checks.strategies.scaling import Sampling, Selection, Vote, samplings, selections, votes


# --- claim 1: oracle pass@K and its unbiased estimator -----------------------------------------

def _estimator_mean(s: Sampling, estimate=pass_at_k_estimate) -> Fraction:
    return sum((w * estimate(s.n, c, s.K) for c, w in enumerate(binomial_pmf(s.n, s.p))), Fraction(0))


def _pass_enumerated(s: Sampling) -> Fraction:
    """P(at least one of K samples correct), by enumerating the 2^K outcomes."""
    return sum((s.p ** sum(o) * (1 - s.p) ** (s.K - sum(o)) for o in product((0, 1), repeat=s.K) if any(o)),
               Fraction(0))


def pass_at_k_claim(s: Sampling) -> list[Check]:
    P = [pass_at_k(s.p, k) for k in (s.K, s.K + 1, s.K + 2)]
    return [equal(_pass_enumerated(s), P[0], label="P(some sample correct) = 1 - (1-p)^K"),
            equal(P[1] - P[0], s.p * (1 - s.p) ** s.K, label="P(K+1) - P(K) = p(1-p)^K"),
            le(P[2] - P[1], P[1] - P[0], label="gains decrease: P(K+2) - P(K+1) <= P(K+1) - P(K)"),
            le(P[0], s.K * s.p, label="P(K) <= Kp (union bound)"),
            equal(_estimator_mean(s), P[0], label="E[1 - C(n-c,K)/C(n,K)] = 1 - (1-p)^K")]


def _plug_in(n: int, c: int, K: int) -> Fraction:
    return 1 - (1 - Fraction(c, n)) ** K


PASS_AT_K = Claim(
    id="pass-at-k-oracle",
    title="Repeated sampling with an oracle verifier: pass@K and its unbiased estimator",
    statement="for K i.i.d. samples correct w.p. p: P(K) = 1 - (1-p)^K, gains p(1-p)^K decrease in K, P(K) <= Kp, "
              "and 1 - C(n-c, K)/C(n, K) with c ~ Bin(n, p), n >= K, has mean 1 - (1-p)^K",
    sources=[Source(ZHAO, "Lemma 17.8 (oracle pass probability), Fig. 17.13", ("ZHAO-153",))],
    kind="exact",
    area="scaling",
    instances=samplings(),
    conclusion=pass_at_k_claim,
    proof_idea="All K fail with probability (1-p)^K. The estimator is the fraction of K-subsets of the n samples "
               "containing a correct one, and each K-subset is K i.i.d. samples.",
    mutants=[
        Mutant("linear-in-k", "P(K) = Kp exceeds 1 - (1-p)^K for K >= 2 and 0 < p < 1 (and exceeds 1 for Kp > 1)",
               conclusion=lambda s: equal(pass_at_k(s.p, s.K), s.K * s.p, label="P(K) = Kp"),
               instances=samplings(K_min=2, open_interval=True)),
        Mutant("all-correct", "1 - (1 - p^K) = p^K is the probability that all K are correct, not that one is",
               conclusion=lambda s: equal(_pass_enumerated(s), s.p ** s.K, label="P(K) = p^K"),
               instances=samplings(K_min=2, open_interval=True)),
        Mutant("plug-in-estimator", "1 - (1 - c/n)^K is biased for K >= 2 by Jensen (strictly for 0 < p < 1)",
               conclusion=lambda s: equal(_estimator_mean(s, _plug_in), pass_at_k(s.p, s.K),
                                          label="E[1 - (1 - c/n)^K] = 1 - (1-p)^K"),
               instances=samplings(K_min=2, open_interval=True)),
    ],
    examples=60,
)
test_pass_at_k_oracle = PASS_AT_K.test()


# --- claim 2: best-of-K selection by a verifier -------------------------------------------------

def best_of_k_claim(s: Selection) -> list[Check]:
    P, oracle = best_of_k(s.p, s.K, s.verifier), pass_at_k(s.p, s.K)
    out = [equal(best_of_k(s.p, 1, s.verifier), s.p, label="best-of-1 succeeds with probability p"),
           le(P, oracle, label="best-of-K <= 1 - (1-p)^K (some candidate must be correct)")]
    if s.kind == "independent":
        out.append(equal(P, s.p, label="score independent of correctness: P = p for every K"))
    if s.kind == "perfect":
        out.append(equal(P, oracle, label="perfect verifier: P = 1 - (1-p)^K"))
    if s.kind == "anti":
        out.append(equal(P, s.p ** s.K, label="anti-correlated verifier: P = p^K (all must be correct)"))
    return out


BEST_OF_K = Claim(
    id="best-of-k-verifier-selection",
    title="Verifier-guided best-of-K: selection matters",
    statement="Y = argmax_i R(Y_i) over K i.i.d. candidates (ties at random): P(Y correct) = p for every K if R is "
              "independent of correctness, = 1 - (1-p)^K if every correct candidate outscores every wrong one, "
              "= p^K if every wrong one outscores every correct one, and <= 1 - (1-p)^K always",
    sources=[Source(ZHAO, "Prop. 17.9 (selection matters), Figs. 17.14-17.15", ("ZHAO-154",))],
    kind="exact",
    area="scaling",
    instances=selections(),
    conclusion=best_of_k_claim,
    proof_idea="If R is independent of correctness, the selected index is independent of which candidates are "
               "correct, so the pick is one i.i.d. candidate. A perfect verifier picks a correct one whenever one "
               "exists; an anti-correlated one only when all are correct.",
    mutants=[
        Mutant("monotone-for-any-verifier", "an anti-correlated verifier gives p^K, which decreases in K for p < 1",
               conclusion=lambda s: ge(best_of_k(s.p, s.K + 1, s.verifier), best_of_k(s.p, s.K, s.verifier),
                                       label="P(K+1) >= P(K)"),
               instances=selections(kinds=("anti",), open_interval=True)),
        Mutant("uninformative-verifier-helps", "a score independent of correctness leaves P = p < 1 - (1-p)^K",
               conclusion=lambda s: equal(best_of_k(s.p, s.K, s.verifier), pass_at_k(s.p, s.K),
                                          label="P = 1 - (1-p)^K for any verifier"),
               instances=selections(kinds=("independent",), K_min=2, open_interval=True)),
    ],
    examples=60,
)
test_best_of_k_verifier_selection = BEST_OF_K.test()


# --- claim 3: majority vote (Condorcet) -----------------------------------------------------------

def _majority_enumerated(v: Vote) -> Fraction:
    return sum((v.p ** sum(o) * (1 - v.p) ** (v.K - sum(o)) for o in product((0, 1), repeat=v.K)
                if 2 * sum(o) > v.K), Fraction(0))


def majority_claim(v: Vote) -> list[Check]:
    M, M2 = majority_vote(v.p, v.K), majority_vote(v.p, v.K + 2)
    out = [equal(_majority_enumerated(v), M, label="P(majority right) = sum_{k > K/2} C(K,k) p^k (1-p)^(K-k)")]
    half = Fraction(1, 2)
    if v.p > half:
        out += [ge(M2, M, label="p > 1/2: M(K+2) >= M(K)"),
                le((1 - M) ** 2, (4 * v.p * (1 - v.p)) ** v.K, label="(1 - M)^2 <= (4p(1-p))^K -> 0")]
    elif v.p < half:
        out += [le(M2, M, label="p < 1/2: M(K+2) <= M(K)"),
                le(M ** 2, (4 * v.p * (1 - v.p)) ** v.K, label="M^2 <= (4p(1-p))^K -> 0")]
    else:
        out.append(equal(M, half, label="p = 1/2: M = 1/2"))
    return out


MAJORITY = Claim(
    id="self-consistency-majority-vote",
    title="Self-consistency: the majority vote of K independent samples (Condorcet)",
    statement="for odd K and independent binary answers correct w.p. p: P(majority right) = "
              "sum_{k>K/2} C(K,k) p^k (1-p)^{K-k}; it increases in K to 1 if p > 1/2 ((1-M)^2 <= (4p(1-p))^K), "
              "decreases to 0 if p < 1/2, and is 1/2 at p = 1/2",
    sources=[Source(ZHAO, "§17.5.2 (self-consistency and verifiers)", ("ZHAO-155",))],
    kind="exact",
    area="scaling",
    instances=votes(),
    conclusion=majority_claim,
    proof_idea="From K to K+2 the outcome changes only if the first K split (K+1)/2 : (K-1)/2 either way; those "
               "splits have probabilities in ratio p : 1-p and the two new votes flip them with p^2 vs (1-p)^2. "
               "Chernoff: P(Bin(K, 1-p) >= K/2) <= (4p(1-p))^{K/2}.",
    mutants=[
        Mutant("always-improves", "for p < 1/2 each added pair of votes makes the majority worse",
               conclusion=lambda v: ge(majority_vote(v.p, v.K + 2), majority_vote(v.p, v.K), label="M(K+2) >= M(K)"),
               instances=votes(below_half=True).filter(lambda v: v.p > 0)),
        Mutant("tends-to-one-for-any-p", "for p < 1/2 the majority is right with probability < 1/2, tending to 0",
               conclusion=lambda v: ge(majority_vote(v.p, v.K), v.p, label="M(K) >= p"),
               instances=votes(below_half=True).filter(lambda v: v.p > 0 and v.K >= 3)),
    ],
    examples=60,
)
test_self_consistency_majority_vote = MAJORITY.test()
