"""Elementary probability inequalities: Markov, Chebyshev, the union bound and Jensen.

Statement.
- Markov: for ``X >= 0`` and ``t > 0``, ``P(X >= t) <= E X / t``.
- Chebyshev: for any ``X`` of finite variance and ``t > 0``, ``P(|X - E X| >= t) <= Var X / t²``
  (no sign condition is needed, although one source states it for nonnegative ``X``).
- Union bound: ``P(∪ A_i) <= Σ P(A_i)``; with the next Bonferroni term,
  ``P(∪ A_i) >= Σ P(A_i) - Σ_{i<j} P(A_i ∩ A_j)``.
- Jensen: ``f(E X) <= E f(X)`` for convex ``f``; in particular ``(E X)² <= E X²`` and, for ``Y > 0``,
  ``E ln Y <= ln E Y`` (checked as weighted AM-GM ``Π y_i^{w_i} <= (E Y)^W`` with integer weights
  ``w_i = W P(Y = y_i)``, which is the same inequality raised to the power ``W``, exactly).

Sources.  Arora et al., *Theory of Deep Learning*, §1.1.1 Lemma 1.1.1 (ARORA-1), Lemma 1.1.2
(ARORA-2), §5.2 (ARORA-51), §5.6 footnote 18 (ARORA-83).

Proof idea.  Markov: ``t·1{X >= t} <= X`` pointwise, take expectations.  Chebyshev: Markov applied to
``(X - E X)² >= t²``.  Union bound: ``1{∪A_i} <= Σ 1{A_i}`` pointwise (and ``1{∪A_i} >= Σ 1{A_i} -
Σ_{i<j} 1{A_i}1{A_j}``, since with ``k`` events holding ``1 >= k - k(k-1)/2``).  Jensen: a convex
``f`` lies above its tangent line at ``E X``; take expectations.

All laws are finite with rational atoms and weights, so every comparison is exact; the equality
cases (two-point laws for Markov, three-point laws for Chebyshev, disjoint events, point masses) are
part of the search.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations
from math import lcm

from checks.claim import Check, Claim, Mutant, Source, ge, holds, le
from checks.distributions import FiniteLaw
from checks.documents import ARORA
from checks.strategies.distributions import (Events, LawAndLevel, LawAndShift, chebyshev_instances,
                                             event_families, finite_laws, jensen_instances,
                                             markov_instances)


# --- Markov ----------------------------------------------------------------------------------------

def _markov_sides(inst: LawAndLevel) -> tuple[Fraction, Fraction]:
    L, t = inst.law, inst.t
    return L.prob(lambda a: a >= t), L.mean / t


def markov(inst: LawAndLevel) -> Check:
    tail, bound = _markov_sides(inst)
    return le(tail, bound, label="P(X >= t) <= E X / t")


def markov_strict(inst: LawAndLevel) -> Check:
    tail, bound = _markov_sides(inst)
    return holds(tail < bound, "P(X >= t) < E X / t", f"{tail} < {bound}")


def markov_t_squared(inst: LawAndLevel) -> Check:
    tail, _ = _markov_sides(inst)
    return le(tail, inst.law.mean / inst.t ** 2, label="P(X >= t) <= E X / t^2")


MARKOV = Claim(
    id="markov-inequality",
    title="Markov's inequality",
    statement="for X >= 0 and t > 0: P(X >= t) <= E X / t",
    sources=[Source(ARORA, "§1.1.1, Lemma 1.1.1", ("ARORA-1",))],
    kind="exact",
    area="probability",
    instances=markov_instances(),
    conclusion=markov,
    proof_idea="t 1{X >= t} <= X pointwise when X >= 0; take expectations.",
    mutants=[
        Mutant("drop-nonnegativity", "a negative atom lowers E X without lowering P(X >= t): {-a, t} has "
               "P(X >= t) = p while E X can be <= 0", instances=markov_instances(signed=True)),
        Mutant("strict", "the two-point law {0, t} attains equality", conclusion=markov_strict),
        Mutant("over-t-squared", "E X / t^2 < E X / t for t > 1, below the equality case {0, t}",
               conclusion=markov_t_squared),
    ],
    examples=60,
)
test_markov_inequality = MARKOV.test()


# --- Chebyshev -------------------------------------------------------------------------------------

def _chebyshev_sides(inst: LawAndLevel) -> tuple[Fraction, Fraction]:
    L, t = inst.law, inst.t
    m = L.mean
    return L.prob(lambda a: abs(a - m) >= t), L.variance


def chebyshev(inst: LawAndLevel) -> Check:
    tail, var = _chebyshev_sides(inst)
    return le(tail, var / inst.t ** 2, label="P(|X - EX| >= t) <= Var X / t^2")


def chebyshev_over_t(inst: LawAndLevel) -> Check:
    tail, var = _chebyshev_sides(inst)
    return le(tail, var / inst.t, label="P(|X - EX| >= t) <= Var X / t")


def chebyshev_half(inst: LawAndLevel) -> Check:
    tail, var = _chebyshev_sides(inst)
    return le(tail, var / (2 * inst.t ** 2), label="P(|X - EX| >= t) <= Var X / (2 t^2)")


def chebyshev_squared(inst: LawAndLevel) -> Check:
    tail, var = _chebyshev_sides(inst)
    return le(tail, (var / inst.t ** 2) ** 2, label="P(|X - EX| >= t) <= (Var X / t^2)^2")


CHEBYSHEV = Claim(
    id="chebyshev-inequality",
    title="Chebyshev's inequality (for signed variables too)",
    statement="for X with finite variance and t > 0: P(|X - E X| >= t) <= Var X / t^2; X need not be "
              "nonnegative",
    sources=[Source(ARORA, "§1.1.1, Lemma 1.1.2 (stated there for nonnegative X, which is not needed)",
                    ("ARORA-2",))],
    kind="exact",
    area="probability",
    instances=chebyshev_instances(),
    conclusion=chebyshev,
    proof_idea="Markov's inequality for the nonnegative variable (X - E X)^2 at level t^2.",
    mutants=[
        Mutant("over-t", "Var/t < Var/t^2 for t < 1: the law {mu - t, mu + t} has probability 1 and Var/t = t",
               conclusion=chebyshev_over_t),
        Mutant("half", "the three-point law {mu - t, mu, mu + t} attains Var/t^2, twice Var/(2t^2)",
               conclusion=chebyshev_half),
        Mutant("squared", "on the equality law the bound p becomes p^2 < p", conclusion=chebyshev_squared),
    ],
    examples=60,
)
test_chebyshev_inequality = CHEBYSHEV.test()


# --- the union bound ---------------------------------------------------------------------------------

def _union_parts(E: Events) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    union = E.prob(frozenset().union(*E.events))
    singles = [E.prob(A) for A in E.events]
    pairs = sum((E.prob(A & B) for A, B in combinations(E.events, 2)), Fraction(0))
    return union, sum(singles, Fraction(0)), max(singles), pairs


def union_bound(E: Events) -> list[Check]:
    union, total, _, pairs = _union_parts(E)
    return [le(union, total, label="P(union A_i) <= sum P(A_i)"),
            ge(union, total - pairs, label="P(union A_i) >= sum P(A_i) - sum_{i<j} P(A_i & A_j)")]


def union_max(E: Events) -> Check:
    union, _, biggest, _ = _union_parts(E)
    return le(union, biggest, label="P(union A_i) <= max P(A_i)")


def union_reversed(E: Events) -> Check:
    union, total, _, _ = _union_parts(E)
    return ge(union, total, label="P(union A_i) >= sum P(A_i)")


UNION = Claim(
    id="union-bound",
    title="The union bound (and the second Bonferroni inequality)",
    statement="for events A_1..A_r: sum P(A_i) - sum_{i<j} P(A_i & A_j) <= P(union A_i) <= sum P(A_i)",
    sources=[Source(ARORA, "§5.2", ("ARORA-51",))],
    kind="exact",
    area="probability",
    instances=event_families(),
    conclusion=union_bound,
    proof_idea="Pointwise, if k of the events hold then 1{k >= 1} <= k and 1{k >= 1} >= k - k(k-1)/2; "
               "take expectations.",
    mutants=[
        Mutant("max-of-events", "two disjoint events of positive probability have a union larger than either",
               conclusion=union_max),
        Mutant("reversed", "overlapping events are counted twice by the sum", conclusion=union_reversed),
    ],
    examples=60,
)
test_union_bound = UNION.test()


# --- Jensen ------------------------------------------------------------------------------------------

def _positive_shift(L: FiniteLaw) -> FiniteLaw:
    """``Y = X - min X + 1/2 > 0``."""
    shift = -min(L.atoms) + Fraction(1, 2)
    return FiniteLaw(tuple(a + shift for a in L.atoms), L.probs)


def _am_gm(Y: FiniteLaw) -> tuple[Fraction, Fraction]:
    """``(Π y_i^{w_i}, (E Y)^W)`` with ``W`` the common denominator of the weights, ``w_i = W p_i``."""
    W = lcm(*(p.denominator for p in Y.probs))
    geo = Fraction(1)
    for y, p in zip(Y.atoms, Y.probs):
        geo *= y ** int(p * W)
    return geo, Y.mean ** W


def jensen(inst: LawAndShift) -> list[Check]:
    L, c = inst.law, inst.c
    m = L.mean
    Y = _positive_shift(L)
    geo, arith = _am_gm(Y)
    return [le(m ** 2, L.expect(lambda a: a * a), label="(E X)^2 <= E X^2"),
            le(abs(m), L.expect(abs), label="|E X| <= E|X|"),
            le(m ** 4, L.expect(lambda a: a ** 4), label="(E X)^4 <= E X^4"),
            le(max(m - c, 0), L.expect(lambda a: max(a - c, 0)), label="(E X - c)_+ <= E (X - c)_+"),
            le(1 / Y.mean, Y.expect(lambda y: 1 / y), label="1 / E Y <= E (1/Y), Y = X - min X + 1/2"),
            le(geo, arith, label="E ln Y <= ln E Y, as prod y_i^{W p_i} <= (E Y)^W")]


def jensen_reversed(inst: LawAndShift) -> Check:
    L = inst.law
    return ge(L.mean ** 2, L.expect(lambda a: a * a), label="(E X)^2 >= E X^2")


def jensen_cube(inst: LawAndShift) -> Check:
    L = inst.law
    return le(L.mean ** 3, L.expect(lambda a: a ** 3), label="(E X)^3 <= E X^3")


def jensen_log_reversed(inst: LawAndShift) -> Check:
    geo, arith = _am_gm(_positive_shift(inst.law))
    return ge(geo, arith, label="E ln Y >= ln E Y")


JENSEN = Claim(
    id="jensen-inequality",
    title="Jensen's inequality for convex functions (and E ln Y <= ln E Y)",
    statement="for a finite law and convex f in {x^2, |x|, x^4, (x - c)_+, 1/x on x > 0}: f(E X) <= E f(X); "
               "for Y > 0: E ln Y <= ln E Y",
    sources=[Source(ARORA, "§5.6, footnote 18 ((E_Q D)^2 <= E_Q D^2, E_Q ln Y <= ln E_Q Y)", ("ARORA-83",))],
    kind="exact",
    area="probability",
    instances=jensen_instances(),
    conclusion=jensen,
    proof_idea="A convex f lies above its tangent (or any supporting) line at E X: f(x) >= f(EX) + g(x - EX); "
               "take expectations.  ln is concave, so the inequality for it reverses.",
    mutants=[
        Mutant("reversed-square", "E X^2 - (E X)^2 = Var X > 0 for a non-degenerate law", conclusion=jensen_reversed),
        Mutant("cube-not-convex", "x^3 is concave on x < 0: a law on negative atoms has (E X)^3 > E X^3",
               conclusion=jensen_cube, instances=finite_laws(-10, -1).map(lambda L: LawAndShift(L, Fraction(0)))),
        Mutant("reversed-log", "by strict concavity of ln, E ln Y < ln E Y unless Y is constant",
               conclusion=jensen_log_reversed,
               instances=finite_laws(-10, 10, max_atoms=4).filter(lambda L: len(L.atoms) > 1)
               .map(lambda L: LawAndShift(L, Fraction(0)))),
    ],
    examples=60,
)
test_jensen_inequality = JENSEN.test()
