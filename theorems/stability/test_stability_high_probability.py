"""Uniform stability implies generalization with high probability, checked exactly on finite domains.

Statement.  Let ``A`` be a deterministic rule with replace-one uniform stability ``beta`` for a loss
with values in ``[0, M]``, and ``Phi(S) = R(A(S)) - R_S(A(S))`` its generalization gap on an i.i.d.
sample of size ``n``.
- Bounded differences: ``|Phi(S) - Phi(S^(i))| <= (2 - 1/n) beta + M/n <= 2 beta + M/n``.
- Bousquet-Elisseeff: for every ``delta`` in ``(0, 1)``, with probability at least ``1 - delta``,
  ``Phi(S) <= 2 beta + (4 n beta + M) sqrt(ln(1/delta) / (2n))``; with the replace-one constant the
  proof gives the sharper ``beta + (2 n beta + M) sqrt(ln(1/delta) / (2n))``, and McDiarmid's
  inequality with the exact expected gap and the exact bounded difference sharper still.  Bousquet and
  Elisseeff state the bound with the removal constant ``beta_rm``; since ``beta <= 2 beta_rm``, the
  replace-one form implies theirs verbatim.
- The slack vanishes as ``n -> oo`` iff ``beta = o(n^(-1/2))`` and is ``O(n^(-1/2))`` iff ``beta = O(1/n)``
  (checked for ``beta = b n^(-a)``).
- The Feldman-Vondrak form ``c (beta log n log(n/delta) + M sqrt(ln(1/delta)/n))`` is at most
  ``2 c log n log(n/delta) max(beta, M n^(-1/2))`` for ``n >= 2``; at the sample sizes enumerated here
  (``2 <= n <= 6``) it holds with ``c = 7``, a consequence of Bousquet-Elisseeff.  At ``n = 1`` the
  printed form fails for every ``c`` (``log 1 = 0`` removes the stability term; the memorizer shows it).

Sources.  Karp, PhD thesis (2024), Sec. 2.3: the high-probability bound (2.1) of Feldman-Vondrak and
Bousquet-Klochkov-Zhivotovskiy with an unspecified constant (KARP-3), its reading as
``O~(max{beta, 1/sqrt(m)})`` (KARP-4), and the remark that useful uniform-stability bounds used to
require ``beta = O(1/m)`` (KARP-5: Bousquet-Elisseeff's bound, whose slack in fact vanishes already
for ``beta = o(m^(-1/2))``).  Teng, Wang, Zhang, *Theoretical Machine Learning*, §10.1.2 (TENG-50: the
text states only the bound in expectation; the high-probability form is Bousquet-Elisseeff's
Theorem 12, checked here).

Proof idea.  Replacing ``z_i`` moves ``R(A(S))`` by at most ``beta``, the ``n - 1`` kept terms of
``R_S`` by at most ``beta/n`` each and the replaced term by at most ``M/n``.  McDiarmid's inequality
then gives ``P(Phi >= E Phi + t) <= exp(-2 t^2 / (n c^2))`` with ``c = 2 beta + M/n``, and
``E Phi <= beta`` by the exact identity of the in-expectation theorem.

Everything is exact: the law of the gap over all ``k^n`` samples (Fractions), the stability by
enumeration, and the comparisons with ``exp`` and ``ln`` decided at 50 digits away from ties (a tie of
a rational with these transcendental numbers is impossible).  "For every delta" is checked exactly:
the bound fails for some ``delta`` iff some gap value ``g`` has ``P(Phi >= g) > delta*(g)``, the level
at which the bound equals ``g``.  Mutants are checked at ten levels ``delta``.

Not mutants here: ``beta`` replaced by ``beta/n`` in the whole bound, or ``4 n beta`` by ``4 beta``.  Both
are false only for large ``n`` (Bousquet-Elisseeff's ``beta sqrt(n)`` term is not known to be tight, and
at ``n <= 6`` the ``M sqrt(ln(1/delta)/(2n))`` term dominates every gap, unless ``delta`` is so close to 1
that a violation needs ``Phi > 2 beta / n`` on almost every sample); 3000 instances of the strategy below,
at the ten levels, violated neither.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, holds, le
from checks.documents import KARP, TENG
from checks.stability import expected_gap, uniform_stability
from checks.stability_bounds import (gap_bounded_difference, gap_law, log_inv, loss_range, mcdiarmid_witness,
                                     tail)
from checks.strategies.stability import FiniteProblem
from checks.strategies.stability_bounds import high_probability_problems, perturbed_problems

LEVELS = tuple(Fraction(d) for d in ("1/1000", "1/100", "1/20", "1/10", "1/4", "1/2", "3/4", "9/10",
                                     "99/100", "999/1000"))
"""The levels ``delta`` at which the mutants are checked."""

FV_CONSTANT = Fraction(7)
"""``c`` in the Feldman-Vondrak form at ``2 <= n <= 6``: ``2 beta + (4 n beta + M) sqrt(L/(2n)) <= 7 (beta
log n (log n + L) + M sqrt(L/n))`` for all ``L = ln(1/delta) > 0`` there, since ``(2 + 2 sqrt(2 n L)) /
(log n (log n + L)) <= 6.13`` (its maximum, at ``n = 2``, ``L ~ 0.2``) and ``1/sqrt(2) <= 7``."""


def _stability(p: FiniteProblem) -> tuple[Fraction, Fraction]:
    return uniform_stability(p.profile), loss_range(p.profile)


# ---------------------------------------------------------------------------------------------
# Bounded differences of the gap

def differences(p: FiniteProblem, bound=None) -> list[Check]:
    beta, M = _stability(p)
    d, n = gap_bounded_difference(p.profile, p.probs), p.n
    if bound is not None:
        return [le(d, bound(beta, M, n), label="max |Phi(S) - Phi(S(i))| <= mutated constant")]
    return [le(d, (2 - Fraction(1, n)) * beta + M / n, label="max |Phi(S) - Phi(S(i))| <= (2 - 1/n) beta + M/n"),
            le(d, 2 * beta + M / n, label="max |Phi(S) - Phi(S(i))| <= 2 beta + M/n")]


DIFFERENCES = Claim(
    id="stability-gap-bounded-differences",
    title="The generalization gap of a uniformly stable rule has bounded differences",
    statement="|Phi(S) - Phi(S(i))| <= (2 - 1/n) beta + M/n <= 2 beta + M/n for every sample, index and replacement, "
              "where Phi = R(A(S)) - R_S(A(S)), beta is the replace-one uniform stability and M the loss range",
    sources=[Source(TENG, "§10.1.2 (the McDiarmid step of Bousquet-Elisseeff's Theorem 12)", ("TENG-50",)),
             Source(KARP, "Sec. 2.3, the Bousquet-Elisseeff bound behind 'required beta = O(1/m)'", ("KARP-5",))],
    kind="exact",
    area="stability",
    instances=high_probability_problems(),
    conclusion=differences,
    proof_idea="R(A(S)) moves by <= beta; the n - 1 kept empirical terms by <= beta/n each; the replaced term, "
               "a loss at a different point, by <= M/n.",
    mutants=[
        Mutant("no-m-over-n", "the replaced point's loss enters the empirical risk with weight 1/n whatever the "
               "rule does (a fixed hypothesis, beta = 0, moves its gap by M/n)",
               conclusion=lambda p: differences(p, lambda b, M, n: 2 * b)),
        Mutant("one-beta", "the population risk and the kept empirical terms can move by beta and beta/n in "
               "opposite directions (n >= 2; a rule within beta of a fixed hypothesis)",
               conclusion=lambda p: differences(p, lambda b, M, n: b + M / n), instances=perturbed_problems()),
        Mutant("m-over-n-only", "the rule's own movement enters too: the memorizer (beta = M) moves the gap by "
               "more than M/n", conclusion=lambda p: differences(p, lambda b, M, n: M / n)),
    ],
    examples=150,
)
test_stability_gap_bounded_differences = DIFFERENCES.test()


# ---------------------------------------------------------------------------------------------
# Bousquet-Elisseeff with high probability, for every delta at once

def _for_every_delta(law, n: int, a: Fraction, c: Fraction, name: str) -> Check:
    w = mcdiarmid_witness(law, n, a, c)
    if w is None:
        return equal(tail(law, a, Fraction(0), Fraction(0)), 0, label=f"P(Phi > {name}) = 0 for every delta")
    if w.low < w.probability <= w.high:
        raise ValueError(f"undecided comparison of P(Phi >= {w.g}) with exp(-...) at 50 digits")
    return le(w.probability, w.low,
              label=f"P(Phi >= {w.g}) <= delta*({w.g}), the level where {name} = {w.g} (all delta in (0,1))")


def high_probability(p: FiniteProblem) -> list[Check]:
    beta, M = _stability(p)
    n, law = p.n, gap_law(p.profile, p.probs)
    mean, c_star = expected_gap(p.profile, p.probs), gap_bounded_difference(p.profile, p.probs)
    return [_for_every_delta(law, n, mean, n * c_star, "E Phi + n c* sqrt(ln(1/delta)/(2n)) [McDiarmid]"),
            _for_every_delta(law, n, beta, 2 * n * beta + M, "beta + (2n beta + M) sqrt(ln(1/delta)/(2n))"),
            _for_every_delta(law, n, 2 * beta, 4 * n * beta + M, "2 beta + (4n beta + M) sqrt(ln(1/delta)/(2n))")]


def _at_levels(p: FiniteProblem, bound, name: str) -> Check:
    """``P(Phi > a + c sqrt(r)) <= delta`` at the worst of :data:`LEVELS`; ``bound(beta, M, n, delta) = (a, c, r)``."""
    beta, M = _stability(p)
    law = gap_law(p.profile, p.probs)
    worst = max(LEVELS, key=lambda d: tail(law, *bound(beta, M, p.n, d)) / d)
    return le(tail(law, *bound(beta, M, p.n, worst)), worst, label=f"P(Phi > {name}) <= delta at delta = {worst}")


def _root(d: Fraction, n: int, power: int = 1) -> mpmath.mpf:
    """``(ln(1/delta) / (2n))^power`` at 50 digits."""
    with mpmath.workdps(50):
        return (log_inv(d) / (2 * n)) ** power


def _fv_beta_term(d: Fraction, n: int) -> mpmath.mpf:
    """``(log n log(n/delta))^2`` at 50 digits."""
    with mpmath.workdps(50):
        return (mpmath.log(n) * (mpmath.log(n) + log_inv(d))) ** 2


HIGH_PROBABILITY = Claim(
    id="bousquet-elisseeff-high-probability",
    title="Uniform stability implies generalization with high probability (Bousquet-Elisseeff)",
    statement="For a beta-uniformly stable rule and a loss in [0, M], for every delta in (0, 1): P(Phi(S) > 2 beta + "
              "(4 n beta + M) sqrt(ln(1/delta)/(2n))) <= delta; also with beta + (2 n beta + M) sqrt(...) for the "
              "replace-one constant, and with E Phi + n c* sqrt(...) for the exact bounded difference c* (McDiarmid)",
    sources=[Source(TENG, "§10.1.2, the stability-generalization theorem (high-probability form of "
                    "Bousquet-Elisseeff, Thm 12; the text gives only the expectation)", ("TENG-50",)),
             Source(KARP, "Sec. 2.3, the Bousquet-Elisseeff bound that 'required beta = O(1/m)'", ("KARP-5",))],
    kind="exact",
    area="stability",
    instances=high_probability_problems(),
    conclusion=high_probability,
    proof_idea="McDiarmid's inequality for Phi with bounded differences 2 beta + M/n gives P(Phi >= E Phi + t) <= "
               "exp(-2 t^2 / (n (2 beta + M/n)^2)); set the right side to delta and use E Phi <= beta.",
    mutants=[
        Mutant("no-sqrt-term", "a fixed hypothesis (beta = 0) has a positive gap with positive probability",
               conclusion=lambda p: _at_levels(p, lambda b, M, n, d: (2 * b, Fraction(0), Fraction(0)), "2 beta")),
        Mutant("no-2beta", "the memorizer with n = 1 has gap 1 - p_x > 0 on every sample x, above "
               "5 sqrt(ln(1/delta)/2) for delta near 1",
               conclusion=lambda p: _at_levels(p, lambda b, M, n, d: (Fraction(0), 4 * n * b + M, _root(d, n)),
                                               "(4n beta + M) sqrt(ln(1/delta)/(2n))")),
        Mutant("no-m-term", "with beta = 0 nothing is left of the bound, yet a fixed hypothesis has a gap",
               conclusion=lambda p: _at_levels(p, lambda b, M, n, d: (2 * b, 4 * n * b, _root(d, n)),
                                               "2 beta + 4n beta sqrt(ln(1/delta)/(2n))")),
        Mutant("log-for-sqrt", "for delta > exp(-2n), ln(1/delta)/(2n) < sqrt(ln(1/delta)/(2n)): too small for the "
               "Hoeffding fluctuation of a fixed hypothesis (losses 0, 1, 0, n = 3, delta = 1/4)",
               conclusion=lambda p: _at_levels(p, lambda b, M, n, d: (2 * b, 4 * n * b + M, _root(d, n, 2)),
                                               "2 beta + (4n beta + M) ln(1/delta)/(2n)")),
        Mutant("delta-for-log", "delta < ln(1/delta): at small delta the bound shrinks to 2 beta while the gap of "
               "a fixed hypothesis does not",
               conclusion=lambda p: _at_levels(p, lambda b, M, n, d: (2 * b, 4 * n * b + M, d / (2 * n)),
                                               "2 beta + (4n beta + M) sqrt(delta/(2n))")),
    ],
    examples=150,
)
test_bousquet_elisseeff_high_probability = HIGH_PROBABILITY.test()


# ---------------------------------------------------------------------------------------------
# Feldman-Vondrak form (2.1) at small samples, with an explicit constant

def _fv(beta: Fraction, M: Fraction, n: int, d: Fraction, c: Fraction = FV_CONSTANT) -> tuple:
    """``(0, 1, r)`` with ``sqrt(r) = c (beta log n log(n/delta) + M sqrt(ln(1/delta)/n))`` (50 digits)."""
    with mpmath.workdps(50):
        L, ln = log_inv(d), mpmath.log(n)
        v = c.numerator * (beta * ln * (ln + L) + M * mpmath.sqrt(L / n)) / c.denominator
        return Fraction(0), Fraction(1), v ** 2


FV_SMALL = Claim(
    id="feldman-vondrak-form-small-samples",
    title="The Feldman-Vondrak high-probability form (2.1) at small samples, with c = 7",
    statement="For 2 <= n <= 6, a beta-uniformly stable rule and a loss in [0, M]: P(Phi(S) > 7 (beta log n "
              "log(n/delta) + M sqrt(ln(1/delta)/n))) <= delta",
    sources=[Source(KARP, "Sec. 2.3, eq. (2.1) (Feldman-Vondrak 2019; Bousquet-Klochkov-Zhivotovskiy 2019)",
                    ("KARP-3",))],
    kind="proxy",
    proxy="(2.1) asserts some absolute constant c for all n; here c = 7 at every n in 2..6, where Bousquet-"
          "Elisseeff implies it, checked exactly at ten levels delta.  The improvement of (2.1) over Bousquet-"
          "Elisseeff (beta log^2 n instead of beta sqrt(n)) is asymptotic and not visible at n <= 6.",
    area="stability",
    instances=high_probability_problems(n_min=2),
    conclusion=lambda p: _at_levels(p, _fv, "7 (beta log n log(n/delta) + M sqrt(ln(1/delta)/n))"),
    proof_idea="At these n the Bousquet-Elisseeff slack is at most 7 times the Feldman-Vondrak slack "
               "(see FV_CONSTANT), and Bousquet-Elisseeff holds.",
    mutants=[
        Mutant("no-sqrt-term", "for any c, a fixed hypothesis (beta = 0) leaves nothing of the bound, yet has a gap",
               conclusion=lambda p: _at_levels(p, lambda b, M, n, d: (Fraction(0), FV_CONSTANT * b,
                                                                      _fv_beta_term(d, n)),
                                               "7 beta log n log(n/delta)")),
        Mutant("n-equals-one", "at n = 1, log n = 0 removes the beta term: the memorizer on two points has gap "
               "1/2 on every sample, above 7 sqrt(ln(1/delta)) for delta near 1 (for any c, delta closer to 1)",
               instances=high_probability_problems()),
    ],
    examples=100,
)
test_feldman_vondrak_form_small_samples = FV_SMALL.test()


# ---------------------------------------------------------------------------------------------
# Reading (2.1) as O~(max{beta, 1/sqrt(n)})

@st.composite
def _fv_levels(draw) -> tuple[int, Fraction, Fraction]:
    """``(n, delta, beta)``: ``n`` up to ``10^8`` (log-uniform), ``delta`` rational in (0, 1), ``beta`` in
    ``[0, 1]``; a third of the draws at ``beta = 0`` or ``beta = n^(-1/2)`` (rounded), the extreme cases."""
    n = draw(st.one_of(st.integers(1, 10), st.integers(1, 8).map(lambda e: 10**e),
                       st.floats(0, 8).map(lambda e: max(1, int(10**e)))))
    delta = Fraction(draw(st.integers(1, 999)), 1000) ** draw(st.integers(1, 3))
    beta = draw(st.one_of(st.just(Fraction(0)), st.just(Fraction(1, max(1, round(n ** 0.5)))),
                          st.fractions(0, 1, max_denominator=10**6)))
    return n, delta, beta


def _max_form(inst: tuple[int, Fraction, Fraction], floor=lambda n: mpmath.mpf(n) ** -0.5) -> Check:
    n, delta, beta = inst
    with mpmath.workdps(50):
        L, ln = log_inv(delta), mpmath.log(n)
        lhs = beta * ln * (ln + L) + mpmath.sqrt(L / n)
        rhs = 2 * ln * (ln + L) * max(mpmath.mpf(beta.numerator) / beta.denominator, floor(n))
    # 50-digit evaluation: the float conversions err by <= 2^-53 relative each; tol covers both.
    return le(float(lhs), float(rhs), tol=4 * 2.0**-53 * float(rhs), why="float rounding of 50-digit values",
              label=f"beta log n log(n/delta) + sqrt(ln(1/delta)/n) <= 2 log n log(n/delta) max(beta, n^-1/2), n = {n}")


MAX_FORM = Claim(
    id="feldman-vondrak-form-max-reading",
    title="The Feldman-Vondrak slack is O~(max{beta, n^(-1/2)})",
    statement="For n >= 2, delta in (0, 1) and beta >= 0: beta log n log(n/delta) + sqrt(ln(1/delta)/n) <= "
              "2 log n log(n/delta) max(beta, n^(-1/2))",
    sources=[Source(KARP, "Sec. 2.3, the reading of (2.1) as O~(max{beta, 1/sqrt(m)})", ("KARP-4",))],
    kind="numeric",
    area="stability",
    instances=_fv_levels().filter(lambda t: t[0] >= 2),
    conclusion=_max_form,
    proof_idea="Each term is at most log n log(n/delta) max(beta, n^-1/2): the first directly, the second since "
               "sqrt(L) <= log n (log n + L) when log n >= log 2 (minimize over L).",
    mutants=[
        Mutant("max-beta-one-over-n", "with beta = 0 the term sqrt(ln(1/delta)/n) remains, and it exceeds "
               "2 log n log(n/delta)/n for large n", conclusion=lambda t: _max_form(t, lambda n: 1 / mpmath.mpf(n))),
        Mutant("n-equals-one", "at n = 1 the right side is 0 and the left is sqrt(ln(1/delta)) > 0",
               instances=_fv_levels()),
    ],
    examples=200,
)
test_feldman_vondrak_form_max_reading = MAX_FORM.test()


# ---------------------------------------------------------------------------------------------
# Rates of the Bousquet-Elisseeff slack for beta = b n^(-a)

N = sp.Symbol("n", positive=True)


@st.composite
def _rates(draw) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    """``(a, b, M, delta)``: the stability ``beta = b n^(-a)``; ``a`` rational in [0, 2], half the draws at
    or next to the thresholds 1/2 and 1."""
    a = draw(st.one_of(st.sampled_from([Fraction(1, 2), Fraction(1), Fraction(51, 100), Fraction(49, 100),
                                        Fraction(3, 5), Fraction(99, 100), Fraction(101, 100), Fraction(2, 5)]),
                       st.fractions(0, 2, max_denominator=20)))
    b = draw(st.sampled_from([Fraction(1, 10), Fraction(1), Fraction(4)]))
    M = draw(st.sampled_from([Fraction(1), Fraction(3)]))
    delta = draw(st.sampled_from([Fraction(1, 100), Fraction(1, 10), Fraction(1, 2)]))
    return a, b, M, delta


def _slack(a: Fraction, b: Fraction, M: Fraction, delta: Fraction) -> sp.Expr:
    beta = sp.Rational(b.numerator, b.denominator) * N ** (-sp.Rational(a.numerator, a.denominator))
    L = sp.log(sp.Rational(delta.denominator, delta.numerator))
    return 2 * beta + (4 * N * beta + sp.Rational(M.numerator, M.denominator)) * sp.sqrt(L / (2 * N))


def rates(inst, vanish=(lambda a: a > Fraction(1, 2), "a > 1/2"),
          root_rate=(lambda a: a >= 1, "a >= 1")) -> list[Check]:
    a, b, M, delta = inst
    s = _slack(a, b, M, delta)
    zero = sp.limit(s, N, sp.oo) == 0
    bounded = bool(sp.limit(sp.sqrt(N) * s, N, sp.oo).is_finite)
    return [holds(zero == vanish[0](a), f"slack -> 0 iff {vanish[1]} (a = {a})", f"the limit is 0: {zero}"),
            holds(bounded == root_rate[0](a), f"sqrt(n) slack bounded iff {root_rate[1]} (a = {a})",
                  f"bounded: {bounded}")]


RATES = Claim(
    id="bousquet-elisseeff-slack-rates",
    title="When the Bousquet-Elisseeff slack vanishes, and when it is O(1/sqrt(n))",
    statement="For beta = b n^(-a): 2 beta + (4 n beta + M) sqrt(ln(1/delta)/(2n)) -> 0 as n -> oo iff a > 1/2, and "
              "it is O(n^(-1/2)) iff a >= 1; so beta = O(1/n) is needed for the 1/sqrt(n) rate, not for a vanishing "
              "bound",
    sources=[Source(KARP, "Sec. 2.3, 'useful uniform-stability bounds required beta = O(1/m)' (read precisely)",
                    ("KARP-5",))],
    kind="exact",
    area="stability",
    instances=_rates(),
    conclusion=rates,
    proof_idea="The slack is 2b n^(-a) + 2 sqrt(2 L) b n^(1/2 - a) + M sqrt(L/2) n^(-1/2), positive terms whose "
               "largest "
               "exponent is max(1/2 - a, -1/2).",
    mutants=[
        Mutant("vanishes-only-for-one-over-n", "the literal reading 'useless unless beta = O(1/n)': at a = 3/5 the "
               "slack already vanishes", conclusion=lambda t: rates(t, vanish=(lambda a: a >= 1, "a >= 1"))),
        Mutant("vanishes-at-one-half", "at a = 1/2 the slack tends to 2 b sqrt(2 ln(1/delta)) > 0",
               conclusion=lambda t: rates(t, vanish=(lambda a: a >= Fraction(1, 2), "a >= 1/2"))),
        Mutant("root-rate-for-a-above-half", "at a = 3/5 the slack is of order n^(-1/10), not n^(-1/2)",
               conclusion=lambda t: rates(t, root_rate=(lambda a: a > Fraction(1, 2), "a > 1/2"))),
    ],
    examples=40,
)
test_bousquet_elisseeff_slack_rates = RATES.test()
