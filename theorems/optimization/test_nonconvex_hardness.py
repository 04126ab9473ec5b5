"""Worst-case hardness of nonconvex optimization: the finite facts behind the reductions.

Statement.  Deciding whether a real polynomial has a real zero is NP-hard: a 3-CNF formula maps to
``p(x) = sum_i x_i^2 (1 - x_i)^2 + sum_C prod_{l in C} (1 - val_l(x))^2`` (degree 6; val(x_i) = x_i,
val(not x_i) = 1 - x_i), which is ``>= 0`` and vanishes exactly at the satisfying 0/1 assignments.  Without
smoothness, a function whose oracle answers are identical except at a hidden vertex of the hypercube
forces exponentially many queries: any deterministic q-query strategy finds a uniform hidden vertex of
{0,1}^n with probability <= q/2^n.

Sources.  Arora et al., §2.1 footnote 1 (ARORA-12; printed garbled as 'a degree 4 polynomial ... of total
degree at most 6'), §2.5.1 (ARORA-23, informal hidden-valley construction).  The NP-hardness itself and
the exp(Omega(n)) query bound are statements about all algorithms; the claims check the gadget identity
and the counting bound on finite instances.

Proof ideas.  A sum of squares vanishes iff every square does: x_i in {0,1}, and in each clause some literal
has value 1.  Against the hidden vertex, every answer before a hit is the same, so a deterministic strategy
is a fixed query sequence and hits at most q of the 2^n vertices.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, holds, le
from checks.documents import ARORA
from checks.hardness import Clause, gadget, hidden_vertex_successes, satisfiable, satisfies


@dataclass(frozen=True)
class Formula:
    n: int
    clauses: tuple[Clause, ...]
    probe: tuple[Fraction, ...]          # a point of {0, 1/2, 1, 2}^n to test for spurious zeros

    def __repr__(self) -> str:
        cl = " & ".join("(" + " | ".join(("~" if ng else "") + f"x{i}" for i, ng in C) + ")" for C in self.clauses)
        return f"Formula(n={self.n}, {cl}, probe={[str(v) for v in self.probe]})"


@st.composite
def formulas(draw) -> Formula:
    n = draw(st.integers(1, 4))
    lit = st.tuples(st.integers(0, n - 1), st.booleans())
    clauses = tuple(tuple(draw(st.lists(lit, min_size=1, max_size=3))) for _ in range(draw(st.integers(1, 6))))
    probe = tuple(draw(st.lists(st.sampled_from([Fraction(0), Fraction(1), Fraction(1, 2), Fraction(2)]),
                                min_size=n, max_size=n)))
    return Formula(n, clauses, probe)


@st.composite
def _half_satisfied(draw) -> Formula:
    """A formula with a clause made true by a coordinate equal to 1 and a probe whose other coordinates are 1/2."""
    n = draw(st.integers(2, 4))
    clauses = ((0, False),) + tuple((draw(st.integers(1, n - 1)), draw(st.booleans())) for _ in range(draw(st.integers(0, 2))))
    return Formula(n, (clauses,), (Fraction(1),) + (Fraction(1, 2),) * (n - 1))


def gadget_checks(f: Formula, boolean_terms: bool = True, positive_literals: bool = False) -> list[Check]:
    cl = f.clauses
    if positive_literals:     # val_l in place of 1 - val_l
        cl = tuple(tuple((i, not ng) for i, ng in C) for C in cl)
    out = []
    zeros = []
    for b in product((0, 1), repeat=f.n):
        z = gadget(cl, [Fraction(v) for v in b], boolean_terms) == 0
        zeros.append(z)
        out.append(equal(z, satisfies(f.clauses, b), label=f"p({b}) = 0 iff {b} satisfies the formula"))
    out.append(equal(any(zeros), satisfiable(f.clauses, f.n), label="p has a 0/1 zero iff the formula is satisfiable"))
    pv = gadget(cl, f.probe, boolean_terms)
    boolean = all(v in (0, 1) for v in f.probe)
    out.append(holds(pv > 0 or (pv == 0 and boolean), label="p >= 0, and p = 0 only at 0/1 points",
                     detail=f"p(probe) = {pv}"))
    return out


GADGET = Claim(
    id="nonconvex-hardness-3sat-gadget",
    title="The 3SAT sum-of-squares gadget: real zeros of a degree-6 polynomial are satisfying assignments",
    statement="For a CNF formula with clauses of <= 3 literals, p(x) = sum_i x_i^2(1 - x_i)^2 + sum_C prod_{l in C}"
              "(1 - val_l(x))^2 is >= 0 on R^n and vanishes exactly at the satisfying 0/1 assignments; so deciding "
              "whether a degree-6 polynomial has a real zero is NP-hard (the hardness is cited, the gadget checked)",
    sources=[Source(ARORA, "§2.1 footnote 1 (degree 4 needs auxiliary variables; the direct gadget has degree 6)",
                    ("ARORA-12",))],
    kind="exact",
    area="optimization",
    instances=formulas(),
    conclusion=gadget_checks,
    proof_idea="A sum of squares is zero iff each square is: x in {0,1}^n and each clause has a true literal.",
    mutants=[
        Mutant("clause-term-uses-literal-value", "prod val_l^2 vanishes when some literal is false, not true",
               conclusion=lambda f: gadget_checks(f, positive_literals=True)),
        Mutant("booleanity-terms-dropped", "without x_i^2(1 - x_i)^2 a clause made true by one coordinate lets "
               "the others take any value: zeros off {0,1}^n", conclusion=lambda f: gadget_checks(f, boolean_terms=False),
               instances=_half_satisfied()),
    ],
    examples=80,
)
test_nonconvex_hardness_3sat_gadget = GADGET.test()


@dataclass(frozen=True)
class Search:
    n: int
    q: int
    seed: int


def _strategy(s: Search):
    """A deterministic adaptive strategy: the next query is a seeded function of the history."""
    def next_query(hist: tuple) -> tuple[int, ...]:
        code = int("".join(str(b) for x, _ in hist for b in x) or "0", 2) % 2 ** 32
        rng = np.random.default_rng([s.seed, len(hist), code])
        return tuple(int(v) for v in rng.integers(0, 2, s.n))
    return next_query


def search_checks(s: Search, denominator_shift: int = 0) -> Check:
    hits = hidden_vertex_successes(s.n, s.q, _strategy(s))
    return le(Fraction(hits, 2 ** s.n), Fraction(s.q, 2 ** (s.n + denominator_shift)),
              label=f"Pr(find hidden vertex in {s.q} queries) <= q/2^n, n = {s.n}")


SEARCH = Claim(
    id="nonconvex-hardness-hidden-vertex",
    title="Hidden-vertex search: q queries find a uniform hidden vertex of {0,1}^n with probability <= q/2^n",
    statement="If an oracle's answers are identical everywhere except at a hidden vertex v uniform on {0,1}^n, "
              "every deterministic adaptive strategy with q queries finds v with probability <= q/2^n (so "
              "constant success needs Omega(2^n) queries; the finite proxy of the hidden-valley lower bound)",
    sources=[Source(ARORA, "§2.5.1 (needle in a haystack without smoothness)", ("ARORA-23",))],
    kind="proxy",
    proxy="the exact success count of seeded deterministic adaptive strategies for n <= 5 stands for the "
          "exp(Omega(n)) query lower bound over all algorithms",
    area="optimization",
    instances=st.builds(Search, st.integers(1, 5), st.integers(1, 8), st.integers(0, 2 ** 32 - 1)),
    conclusion=search_checks,
    proof_idea="Before a hit every answer is 'miss', so the queries are a fixed sequence of at most q vertices.",
    mutants=[Mutant("half-the-bound", "a single query finds v with probability exactly 1/2^n > 1/2^(n+1)",
                    conclusion=lambda s: search_checks(s, denominator_shift=1))],
    examples=40,
)
test_nonconvex_hardness_hidden_vertex = SEARCH.test()
