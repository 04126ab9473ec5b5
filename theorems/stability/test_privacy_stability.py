"""Differential privacy implies stability of every bounded loss.

Statement.  Let ``A`` be ``(ε, δ)``-differentially private for replace-one neighbours, and let the loss
take values in ``[0, 1]``.  For neighbouring data sets ``S, S^(i)`` and every test point ``z``,
``|E_A ℓ(A(S), z) - E_A ℓ(A(S^(i)), z)| <= TV(A(S), A(S^(i))) <= (e^ε - 1 + 2δ)/(e^ε + 1) <= e^ε - 1 + δ``,
so ``A`` is uniformly stable in expectation with rate ``e^ε - 1 + δ``, and (swapping ``z_i`` with a
fresh draw) its expected generalization gap satisfies ``|E_{S,A}[R(A(S)) - R_S(A(S))]| <=
(e^ε - 1 + 2δ)/(e^ε + 1)``.  The total-variation form is
attained by randomized response (``TV = (e^ε - 1)/(e^ε + 1) = tanh(ε/2)``), and at ``ε = 0`` a
mechanism that reveals its input with probability ``δ`` has ``TV = δ``, so the ``δ`` term cannot be
dropped.

Sources.  Zhao, *From Approximation to Emergence*, §8.5 and Fig. 8.14 ("stability and privacy are both
single-sample sensitivity notions"; ZHAO-68, the statement completed from the standard result).

Proof idea.  For a loss in ``[0, 1]``, ``E_P ℓ - E_Q ℓ = Σ_o (P(o) - Q(o)) ℓ(o) <= P(E) - Q(E)`` for
``E = {P > Q}``, which is the total variation.  With ``a = e^ε``, DP gives ``P(E) <= a Q(E) + δ`` and
``Q(E^c) <= a P(E^c) + δ``; writing ``t = TV = P(E) - Q(E)`` and ``q = Q(E)``, the first gives
``t <= (a - 1) q + δ`` and the second ``t <= (a - 1)(1 - q - t) + δ``; combining them with weights
``a`` and ``1`` eliminates ``q``: ``(a + 1) t <= a - 1 + 2δ``.

Output laws are exact (Fractions, the privacy level given as the rational ``a = e^ε``); the least
``δ`` of a pair is its hockey-stick divergence.
"""

from __future__ import annotations

from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, le
from checks.divergences import tv
from checks.documents import ZHAO
from checks.privacy import expected, expected_gap, privacy_delta
from checks.stability import replace_one, samples
from checks.strategies.privacy import (PrivateLearner, PrivatePair, leaky_memorizers, leaky_pairs, private_learners,
                                       private_pairs, response_pairs)


def _loss_gap(pair: PrivatePair) -> tuple[Fraction, Fraction]:
    """The largest ``|E_P ℓ - E_Q ℓ|`` over the drawn losses and the indicator of ``{P > Q}``, and TV."""
    indicator = tuple(Fraction(int(p > q)) for p, q in zip(pair.P, pair.Q))
    gaps = [abs(expected(pair.P, l) - expected(pair.Q, l)) for l in pair.losses + (indicator,)]
    return max(gaps), tv(pair.P, pair.Q)


def privacy_stability(pair: PrivatePair) -> list[Check]:
    a, delta = pair.a, pair.delta
    gap, t = _loss_gap(pair)
    sharp = (a - 1 + 2 * delta) / (a + 1)
    return [le(privacy_delta(pair.P, pair.Q, a), delta, label="the pair is (eps, delta)-indistinguishable"),
            equal(gap, t, label="sup over [0,1] losses of |E_P l - E_Q l| = TV (attained by 1{P > Q})"),
            le(t, sharp, label="TV <= (e^eps - 1 + 2 delta)/(e^eps + 1)"),
            le(gap, a - 1 + delta, label="|E_A l(A(S), z) - E_A l(A(S'), z)| <= e^eps - 1 + delta")]


def quarter(pair: PrivatePair) -> Check:
    gap, _ = _loss_gap(pair)
    return le(gap, (pair.a - 1) / 4, label="|E_P l - E_Q l| <= (e^eps - 1)/4")


def no_delta(pair: PrivatePair) -> Check:
    gap, _ = _loss_gap(pair)
    return le(gap, pair.a - 1, label="|E_P l - E_Q l| <= e^eps - 1")


def delta_once(pair: PrivatePair) -> Check:
    _, t = _loss_gap(pair)
    return le(t, (pair.a - 1 + pair.delta) / (pair.a + 1), label="TV <= (e^eps - 1 + delta)/(e^eps + 1)")


PRIVACY = Claim(
    id="dp-implies-stability",
    title="Differential privacy implies stability of bounded losses",
    statement="if A is (eps, delta)-DP and l takes values in [0, 1], then for neighbouring S, S' and every z: "
              "|E_A l(A(S), z) - E_A l(A(S'), z)| <= TV(A(S), A(S')) <= (e^eps - 1 + 2 delta)/(e^eps + 1) "
              "<= e^eps - 1 + delta",
    sources=[Source(ZHAO, "§8.5, Fig. 8.14 (privacy and stability)", ("ZHAO-68",))],
    kind="exact",
    area="stability",
    instances=private_pairs(),
    conclusion=privacy_stability,
    proof_idea="A [0,1] loss moves its mean by at most P(E) - Q(E) with E = {P > Q}, the total variation; the DP "
               "inequalities for E and its complement, combined with weights e^eps and 1, give "
               "(e^eps + 1) TV <= e^eps - 1 + 2 delta.",
    mutants=[
        Mutant("bound-quarter", "randomized response has TV = (a - 1)/(a + 1) > (a - 1)/4 for 1 < a < 3 "
               "(about eps/2 against eps/4)", conclusion=quarter, instances=response_pairs()),
        Mutant("drop-delta", "a mechanism that reveals its input with probability delta has TV >= delta even at eps = 0",
               conclusion=no_delta, instances=leaky_pairs()),
        Mutant("delta-once-in-tv", "at eps = 0 the leaky mechanism has TV = delta, twice delta/(1 + 1)",
               conclusion=delta_once, instances=leaky_pairs()),
    ],
    examples=60,
)
test_dp_implies_stability = PRIVACY.test()


# --- the generalization gap of a private learner ----------------------------------------------------

def _learner_privacy(lr: PrivateLearner) -> Fraction:
    """The least delta at level a over every neighbouring pair of samples."""
    k = len(lr.probs)
    return max(privacy_delta(lr.law(S), lr.law(replace_one(S, i, z)), lr.a)
               for S, _ in samples(lr.probs, lr.n) for i in range(lr.n) for z in range(k))


def private_gap(lr: PrivateLearner) -> list[Check]:
    a, delta = lr.a, lr.leak
    gap = abs(expected_gap(lr.law, lr.losses, lr.probs, lr.n))
    return [le(_learner_privacy(lr), delta, label="the learner is (ln b^2, delta)-DP on every neighbouring pair"),
            le(gap, (a - 1 + 2 * delta) / (a + 1), label="|E gap| <= (e^eps - 1 + 2 delta)/(e^eps + 1)"),
            le(gap, a - 1 + delta, label="|E gap| <= e^eps - 1 + delta")]


def gap_no_delta(lr: PrivateLearner) -> Check:
    return le(abs(expected_gap(lr.law, lr.losses, lr.probs, lr.n)), lr.a - 1, label="|E gap| <= e^eps - 1")


def gap_delta_once(lr: PrivateLearner) -> Check:
    return le(abs(expected_gap(lr.law, lr.losses, lr.probs, lr.n)), (lr.a - 1 + lr.leak) / (lr.a + 1),
              label="|E gap| <= (e^eps - 1 + delta)/(e^eps + 1)")


GAP = Claim(
    id="dp-generalization-gap",
    title="The expected generalization gap of a differentially private learner",
    statement="if A is (eps, delta)-DP and the loss takes values in [0, 1], then |E_{S,A}[R(A(S)) - R_S(A(S))]| <= "
              "(e^eps - 1 + 2 delta)/(e^eps + 1) <= e^eps - 1 + delta",
    sources=[Source(ZHAO, "§8.5, Fig. 8.14 (privacy and stability; generalization consequence)", ("ZHAO-68",))],
    kind="exact",
    area="stability",
    instances=private_learners(),
    conclusion=private_gap,
    proof_idea="E gap = E_{S, z', i}[l(A(S^(i)), z_i) - l(A(S), z_i)] (swap z_i with the fresh z'); each term is a "
               "[0,1] loss under two neighbouring output laws, bounded by their total variation.",
    mutants=[
        Mutant("drop-delta", "a learner that ignores the data but reveals the ERM (a memorizer) with probability "
               "delta has gap delta (1 - sum_z p_z^2) > 0 at eps = 0", conclusion=gap_no_delta,
               instances=leaky_memorizers()),
        Mutant("delta-once", "the leaky memorizer on 3 points with n = 1 has gap delta (1 - sum_z p_z^2), above "
               "delta/2 when no point has most of the mass", conclusion=gap_delta_once,
               instances=leaky_memorizers().filter(lambda l: l.n == 1 and max(l.probs) <= Fraction(1, 2))),
    ],
    examples=40,
)
test_dp_generalization_gap = GAP.test()
