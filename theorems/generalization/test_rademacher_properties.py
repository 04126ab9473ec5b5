"""Empirical Rademacher complexity: definition, structural properties and basic examples.

Statement.  For a finite set ``A ⊂ R^n`` (a class restricted to a sample ``S`` of ``n`` points),
``R̂(A) = E_σ max_{a∈A} (1/n) Σ_i σ_i a_i`` with ``σ`` uniform on ``{±1}^n``.
- ``0 <= R̂(A) <= max_{a,i} |a_i|``; ``R̂(cA) = |c| R̂(A)``; ``R̂(A + b) = R̂(A)``; ``R̂(conv A) = R̂(A)``.
- A ``±1`` class has ``R̂ = 1`` exactly when it shatters ``S`` (it fits every labeling, random ones
  included), and ``R̂ = 0`` for a single function.
- Ledoux–Talagrand contraction: ``R̂(φ∘A) <= L R̂(A)`` for an ``L``-Lipschitz ``φ`` applied
  coordinatewise (here with ``φ(0) = 0``).
- Linear class ``{x ↦ wᵀx : ‖w‖₂ <= B}``: ``R̂_S = (B/n) E_σ ‖Σ σ_i x_i‖ <= (B/n) √(Σ‖x_i‖²)
  <= B max‖x_i‖/√n``, with equality throughout for orthogonal rows of equal norm.
- For 0-1 losses and samples ``S1, S2`` of size ``m``: the total loss on ``S1 ∪ S2`` with ``S1``'s labels
  flipped equals ``m - (Σ_{S1} ℓ - Σ_{S2} ℓ)``, so maximizing the two-sample Rademacher objective is
  fitting partially flipped labels.

Sources.  Zhao, §7.6.1 and Fig. 7.12 (ZHAO-60); Teng–Wang–Zhang, §7.4.1 (TENG-38); Arora et al.,
Problem 5.3.2 and §5.3.2 (ARORA-60, ARORA-62; the text says S2 where it means S1, the flipped set).

Proof idea.  ``max_a ⟨σ, a⟩ >= ⟨σ, a_0⟩`` has mean 0; ``max ⟨σ, ca⟩ = |c| max ⟨±σ, a⟩`` and ``σ``
is symmetric; ``⟨σ, b⟩`` has mean 0; a linear functional is maximized over a hull at a vertex.
Contraction: condition on all signs but one and pair the two maxima (the ``σ_1 = ±1`` terms).
Linear class: Cauchy–Schwarz gives ``sup_w ⟨w, v⟩ = B‖v‖``; Jensen gives
``E‖Σσ_i x_i‖ <= √(E‖Σσ_i x_i‖²) = √(Σ‖x_i‖²)``.

All values but the linear class's are exact rationals over all ``2^n`` sign vectors.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.combinatorics import ConceptClass, expected_max_correlation, rademacher_complexity, shatters
from checks.documents import ARORA, TENG, ZHAO
from checks.rademacher import linear_class_complexity
from checks.strategies.concept_classes import concept_classes
from checks.strategies.rademacher import (Contraction, FlipTable, LinearSample, Transformed,
                                          contraction_instances, flip_tables, linear_samples,
                                          transformed_sets)

R = expected_max_correlation


# --- claim 1: structural properties -----------------------------------------------------------------

def _hull_points(A: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, ...], ...]:
    """``2A ∪ {a + a'}``: twice the set with all pairwise midpoints added (integer, inside 2 conv A)."""
    return tuple(dict.fromkeys(tuple(x + y for x, y in zip(a, b)) for a in A for b in A))


def structural(t: Transformed) -> list[Check]:
    A, c, b = t.A.vectors, t.c, t.b
    r = R(A)
    return [ge(r, 0, label="R(A) >= 0"),
            le(r, max(abs(v) for a in A for v in a), label="R(A) <= max |a_i|"),
            equal(R([tuple(c * v for v in a) for a in A]), abs(c) * r, label=f"R(cA) = |c| R(A), c = {c}"),
            equal(R([tuple(v + w for v, w in zip(a, b)) for a in A]), r, label="R(A + b) = R(A)"),
            equal(R(_hull_points(A)), 2 * r, label="R(2A ∪ (A + A)) = 2 R(A) (midpoints add nothing)")]


def scale_signed(t: Transformed) -> Check:
    A, c = t.A.vectors, t.c
    return equal(R([tuple(c * v for v in a) for a in A]), c * R(A), label=f"R(cA) = c R(A), c = {c}")


def half_sup(t: Transformed) -> Check:
    A = t.A.vectors
    return le(R(A), Fraction(max(abs(v) for a in A for v in a), 2), label="R(A) <= max |a_i| / 2")


STRUCTURAL = Claim(
    id="rademacher-structural-properties",
    title="Rademacher averages: range, scaling, translation and convex hull",
    statement="for a finite A in Z^n: 0 <= R(A) <= max|a_i|, R(cA) = |c| R(A), R(A + b) = R(A), and adding "
              "points of the convex hull (midpoints) leaves R unchanged",
    sources=[Source(TENG, "§7.4.1, properties (i) and (iii)", ("TENG-38",))],
    kind="exact",
    area="generalization",
    instances=transformed_sets(),
    conclusion=structural,
    proof_idea="E max >= max E = 0; sigma is symmetric, so the sign of c is absorbed; <sigma, b> has mean 0; "
               "a linear functional attains its max over a hull at a vertex.",
    mutants=[Mutant("signed-scale", "for c < 0, R(cA) = |c| R(A) > 0 > c R(A) whenever R(A) > 0",
                    conclusion=scale_signed),
             Mutant("half-sup", "the cube {±1}^n has R = 1 = max |a_i|", conclusion=half_sup)],
    examples=60,
)
test_rademacher_structural_properties = STRUCTURAL.test()


# --- claim 2: shattering ----------------------------------------------------------------------------

def shattering(H: ConceptClass) -> list[Check]:
    r, full = rademacher_complexity(H), (1 << H.n) - 1
    checks = [holds((r == 1) == shatters(H, full), label="R = 1 iff H shatters S",
                    detail=f"R = {r}, shatters = {shatters(H, full)}"),
              le(r, 1, label="R <= 1 for a ±1 class")]
    h0 = ConceptClass(H.n, frozenset({min(H.concepts)}))
    return checks + [equal(rademacher_complexity(h0), 0, label="R({h}) = 0")]


def root_n(H: ConceptClass) -> Check:
    r = rademacher_complexity(H)
    return le(r * r, Fraction(1, H.n), label="R^2 <= 1/n (R <= 1/sqrt(n)) for every ±1 class")


SHATTERING = Claim(
    id="rademacher-shattering",
    title="A ±1 class has Rademacher complexity 1 exactly when it shatters the sample",
    statement="for H ⊆ {±1}^S: R_S(H) <= 1 with equality iff H realizes every labeling of S (fits random "
              "labels); a single function has R = 0",
    sources=[Source(ZHAO, "§7.6.1, Fig. 7.12 (random labels)", ("ZHAO-60",)),
             Source(TENG, "§7.4.1, property (ii)", ("TENG-38",))],
    kind="exact",
    area="generalization",
    instances=concept_classes(max_n=7),
    conclusion=shattering,
    proof_idea="max_h <sigma, h>/n <= 1 with equality iff the labeling sigma is realized; R = 1 iff all 2^n are.",
    mutants=[Mutant("root-n", "a shattering class has R = 1 > 1/sqrt(n) for n >= 2", conclusion=root_n)],
    examples=60,
)
test_rademacher_shattering = SHATTERING.test()


# --- claim 3: contraction ---------------------------------------------------------------------------

def contraction(c: Contraction, factor: Fraction = Fraction(1)) -> Check:
    A, phi = c.A.vectors, c.phi
    return le(R(phi.apply(A)), factor * phi.lipschitz * R(A),
              label=f"R(phi∘A) <= {factor} L R(A), L = {phi.lipschitz}")


CONTRACTION = Claim(
    id="rademacher-contraction",
    title="Ledoux–Talagrand contraction for Rademacher averages",
    statement="for an L-Lipschitz phi: R -> R with phi(0) = 0 applied coordinatewise, R(phi∘A) <= L R(A)",
    sources=[Source(TENG, "§7.4.1, property (iv)", ("TENG-38",))],
    kind="exact",
    area="generalization",
    instances=contraction_instances(),
    conclusion=contraction,
    proof_idea="Condition on sigma_2..sigma_n; the sigma_1 = ±1 average of the two maxima is "
               "(phi(a_1) - phi(a'_1) + rest)/2 <= (L|a_1 - a'_1| + rest)/2, which the L-scaled "
               "maxima dominate; induct over coordinates.",
    mutants=[Mutant("half-constant", "phi(t) = L t gives R(phi∘A) = L R(A) > L R(A)/2 when R(A) > 0",
                    conclusion=lambda c: contraction(c, Fraction(1, 2)))],
    examples=60,
)
test_rademacher_contraction = CONTRACTION.test()


# --- claim 4: the linear class ----------------------------------------------------------------------

def _linear_parts(s: LinearSample) -> tuple[float, float, float, float]:
    n = s.X.shape[0]
    norms = np.linalg.norm(s.X, axis=1)
    value = linear_class_complexity(s.X, s.B)
    # relative rounding of a norm of a sum of n rows in R^d, averaged: <= 4 (n + d) eps per term
    tol = 4 * (n + s.X.shape[1]) * np.finfo(float).eps * s.B * float(np.sqrt((norms**2).sum())) / n
    return value, float(s.B * np.sqrt((norms**2).sum()) / n), float(s.B * norms.max() / np.sqrt(n)), tol


def linear_class(s: LinearSample) -> list[Check]:
    value, jensen, worst, tol = _linear_parts(s)
    why = "4 (n + d) eps B sqrt(sum |x_i|^2)/n: rounding of the norms of sign sums"
    return [le(value, jensen, tol=tol, label="(B/n) E|sum sigma_i x_i| <= (B/n) sqrt(sum |x_i|^2)", why=why),
            le(jensen, worst, tol=tol, label="(B/n) sqrt(sum |x_i|^2) <= B max|x_i| / sqrt(n)", why=why)]


def _linear_mutant(bound, label: str):
    def conclusion(s: LinearSample) -> Check:
        value, _, _, tol = _linear_parts(s)
        return le(value, bound(s), tol=tol, label=label, why="as in the statement")
    return conclusion


LINEAR = Claim(
    id="rademacher-linear-class",
    title="Rademacher complexity of a Euclidean ball of linear functions",
    statement="for {x -> w.x : |w|_2 <= B} on x_1..x_n: R_S = (B/n) E_sigma |sum sigma_i x_i| <= "
              "(B/n) sqrt(sum |x_i|^2) <= B max|x_i| / sqrt(n)",
    sources=[Source(ARORA, "§5.3.1, Problem 5.3.2", ("ARORA-60",)),
             Source(TENG, "§7.4.1, property (v)", ("TENG-38",))],
    kind="numeric",
    area="generalization",
    instances=linear_samples(),
    conclusion=linear_class,
    proof_idea="Cauchy–Schwarz: sup_w <w, v> = B|v|; Jensen: E|v| <= sqrt(E|v|^2) = sqrt(sum |x_i|^2) since "
               "the cross terms E sigma_i sigma_j vanish; then sum |x_i|^2 <= n max |x_i|^2.",
    mutants=[Mutant("max-over-n", "orthogonal equal-norm rows give B|x|/sqrt(n) > B|x|/n",
                    conclusion=_linear_mutant(lambda s: s.B * np.linalg.norm(s.X, axis=1).max() / s.X.shape[0],
                                              "R <= B max|x_i| / n")),
             Mutant("min-norm", "orthogonal rows of unequal norms give B sqrt(sum |x_i|^2)/n > B min|x_i|/sqrt(n)",
                    conclusion=_linear_mutant(lambda s: s.B * np.linalg.norm(s.X, axis=1).min() / np.sqrt(s.X.shape[0]),
                                              "R <= B min|x_i| / sqrt(n)")),
             Mutant("norm-of-sum", "antipodal pairs have sum x_i = 0 but R > 0",
                    conclusion=_linear_mutant(lambda s: s.B * np.linalg.norm(s.X.sum(axis=0)) / s.X.shape[0],
                                              "R <= B |sum x_i| / n")),
             Mutant("halved", "n = 1 gives R = B|x_1| = the bound, twice the halved one",
                    conclusion=_linear_mutant(lambda s: s.B * np.linalg.norm(s.X, axis=1).max() / (2 * np.sqrt(s.X.shape[0])),
                                              "R <= B max|x_i| / (2 sqrt(n))"))],
    examples=80,
)
test_rademacher_linear_class = LINEAR.test()


# --- claim 5: the objective is fitting partially flipped labels --------------------------------------

def _losses(t: FlipTable, flip_first: bool) -> list[tuple[int, int]]:
    """Per hypothesis: (objective numerator Σ_{S1} ℓ - Σ_{S2} ℓ, total loss with one half's labels flipped)."""
    m, out = t.m, []
    for p in t.preds:
        loss = [int(a != b) for a, b in zip(p, t.y)]
        flipped = [1 - y if (i < m) == flip_first else y for i, y in enumerate(t.y)]
        out.append((sum(loss[:m]) - sum(loss[m:]), sum(int(a != b) for a, b in zip(p, flipped))))
    return out


def flipped_labels(t: FlipTable, flip_first: bool = True) -> list[Check]:
    rows = _losses(t, flip_first)
    which = "S1" if flip_first else "S2"
    checks = [equal(f, t.m - obj, label=f"loss with {which} flipped = m - (sum_S1 l - sum_S2 l), h = {h}")
              for h, (obj, f) in enumerate(rows)]
    best_obj = {h for h, (o, _) in enumerate(rows) if o == max(r[0] for r in rows)}
    best_fit = {h for h, (_, f) in enumerate(rows) if f == min(r[1] for r in rows)}
    return checks + [holds(best_obj == best_fit, label="argmax objective = argmin flipped loss",
                           detail=f"{sorted(best_obj)} vs {sorted(best_fit)}")]


FLIPPED = Claim(
    id="rademacher-flipped-labels",
    title="The two-sample Rademacher objective is fitting partially flipped labels",
    statement="for 0-1 losses on S1 ∪ S2 (|S1| = |S2| = m): the loss with the labels of S1 flipped equals "
              "m - (sum_S1 loss - sum_S2 loss), so the maximizers of the objective are the minimizers of "
              "the flipped training loss",
    sources=[Source(ARORA, "§5.3.2 (the flipped set is S1; the text writes S2)", ("ARORA-62",))],
    kind="exact",
    area="generalization",
    instances=flip_tables(),
    conclusion=flipped_labels,
    proof_idea="Flipping a binary label turns loss l into 1 - l, so S1 contributes m - sum_S1 l.",
    mutants=[Mutant("flip-s2", "flipping S2 instead gives m + (sum_S1 l - sum_S2 l), the negated objective",
                    conclusion=lambda t: flipped_labels(t, flip_first=False))],
    examples=60,
)
test_rademacher_flipped_labels = FLIPPED.test()
