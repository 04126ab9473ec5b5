"""Scalarizing multi-objective problems: weighted sums reach only supported Pareto points, weighted
Chebyshev scalarization reaches all of them.

Statement.  For a finite set of objective vectors (to be minimized):
- every minimizer of a weighted sum ``wᵀf`` with ``w > 0`` is Pareto-optimal;
- in two objectives, the Pareto points that minimize some weighted sum with ``w > 0`` are exactly
  those on the lower-left convex hull; a Pareto point above it ("unsupported") minimizes none;
- every Pareto point ``p`` is the unique minimizer of ``max_k w_k (f_k - z_k)`` for the reference
  ``z = ideal - 1`` and the static weights ``w_k = 1/(p_k - z_k)``.
Printed as "Pareto points need not be minimizers of any fixed scalarized objective with static
weights", with the reasoning "unsupported points cannot be optimal for any fixed α", the statement is
false once Chebyshev scalarization counts (audit); for linear scalarization it is the second item.

Sources.  The Mathematical Structure of Machine Learning, Ch. 24: A.18, its solution and C.14 (MSML-51);
C.14 Failure Modes and Common Mistakes (MSML-246).

Proof ideas.  If ``q`` dominated a weighted-sum minimizer ``p``, then ``wᵀq < wᵀp`` since ``w > 0``.
``p`` minimizes ``wᵀf`` iff the line with normal ``w`` through ``p`` supports the set, i.e. ``p`` lies on
the lower-left hull.  Chebyshev: the value at ``p`` is 1, and ``max_k (q_k - z_k)/(p_k - z_k) <= 1``
forces ``q <= p`` coordinatewise, so ``q = p`` for Pareto ``p``.

All arithmetic is exact (Fractions); there are no tolerances.
"""

from __future__ import annotations

from checks.claim import Check, Claim, Mutant, Source, equal, holds
from checks.documents import MSML
from checks.pareto import (chebyshev_minimizers, chebyshev_weights, lower_left_hull, pareto_set,
                           supported_set, weighted_sum_minimizers)
from checks.strategies.pareto import PointSet, point_sets, tied_point_sets


def _show(points) -> str:
    return "[" + ", ".join("(" + ", ".join(str(v) for v in p) + ")" for p in points) + "]"


def _minimizer_checks(inst: PointSet) -> list[Check]:
    front = set(pareto_set(inst.points))
    out = []
    for w in inst.weights:
        mins = weighted_sum_minimizers(inst.points, w)
        bad = [m for m in mins if m not in front]
        out.append(holds(not bad, f"minimizers of wᵀf are Pareto-optimal, w = {_show([w])[1:-1]}",
                         f"dominated minimizers {_show(bad)}" if bad else f"{len(mins)} minimizer(s), all Pareto"))
        if len(w) == 2:
            hull = set(lower_left_hull(inst.points))
            off = [m for m in mins if m not in hull]
            out.append(holds(not off, "weighted-sum minimizers lie on the lower-left hull", f"off the hull: {_show(off)}"))
    return out


WEIGHTED_SUM_PARETO = Claim(
    id="pareto-weighted-sum-minimizers",
    title="Minimizers of a positively weighted sum are Pareto-optimal (and lie on the lower convex hull)",
    statement="For a finite set of objective vectors and w > 0, every minimizer of wᵀf is Pareto-optimal; in two "
              "objectives it lies on the lower-left convex hull",
    sources=[Source(MSML, "C.14 Failure Modes / Common Mistakes (linear scalarisation, convex hull)", ("MSML-246",)),
             Source(MSML, "A.18 solution (linear scalarization recovers supported points on the hull)", ("MSML-51",))],
    kind="exact",
    area="optimization",
    instances=point_sets(),
    conclusion=_minimizer_checks,
    proof_idea="A point dominating a minimizer p would have a strictly smaller weighted sum because every weight "
               "is positive; the level line of wᵀf through p supports the set.",
    mutants=[
        Mutant("zero-weights", "with a zero weight, ties in the weighted objective include dominated points",
               instances=tied_point_sets()),
    ],
    examples=40,
)
test_pareto_weighted_sum_minimizers = WEIGHTED_SUM_PARETO.test()


def _supported_checks(inst: PointSet, linear_at_chebyshev_weights: bool = False,
                      all_supported: bool = False) -> list[Check]:
    pts = inst.points
    front = pareto_set(pts)
    out: list[Check] = []
    if len(pts[0]) == 2:
        sup = set(supported_set(pts))
        if all_supported:
            missing = [p for p in front if p not in sup]
            return [holds(not missing, "every Pareto point minimizes some weighted sum", f"unsupported: {_show(missing)}")]
        out.append(holds(sup == set(lower_left_hull(pts)), "supported points = Pareto points on the lower-left hull",
                         f"supported {_show(sorted(sup))}"))
    for p in front:
        w, z = chebyshev_weights(pts, p)
        mins = weighted_sum_minimizers(pts, w) if linear_at_chebyshev_weights else chebyshev_minimizers(pts, w, z)
        kind = "weighted sum" if linear_at_chebyshev_weights else "Chebyshev"
        out.append(holds(p in mins and len(mins) == 1, f"{kind} with w_k = 1/(p_k - z_k) has p = {_show([p])[1:-1]} as unique minimizer",
                         f"minimizers {_show(mins)}"))
    return out


SUPPORTED_CHEBYSHEV = Claim(
    id="pareto-supported-hull-chebyshev",
    title="Weighted sums reach exactly the hull points of the front; weighted Chebyshev reaches every Pareto point",
    statement="In two objectives the Pareto points minimizing some wᵀf with w > 0 are those on the lower-left convex "
              "hull; every Pareto point p is the unique minimizer of max_k w_k(f_k - z_k) with z = ideal - 1 and "
              "w_k = 1/(p_k - z_k)",
    sources=[Source(MSML, "A.18 and its solution; C.14 (fixed scalarization weights and the Pareto frontier)",
                    ("MSML-51",)),
             Source(MSML, "C.14 Failure Modes (non-convex frontier; linear scalarisation misses points)", ("MSML-246",))],
    kind="exact",
    area="optimization",
    instances=point_sets(),
    conclusion=_supported_checks,
    proof_idea="p minimizes wᵀf iff the line with normal w through p supports the set (lower-left hull).  At p the "
               "Chebyshev value is 1; a value <= 1 at q means q <= p coordinatewise, so q = p.",
    mutants=[
        Mutant("all-pareto-supported", "on a concave front the interior Pareto points lie above the chord of their "
               "neighbours, so no weighted sum with w > 0 is minimized there",
               conclusion=lambda i: _supported_checks(i, all_supported=True)),
        Mutant("linear-at-chebyshev-weights", "the Chebyshev weights aimed at an unsupported point make a weighted sum "
               "that some hull point beats", conclusion=lambda i: _supported_checks(i, linear_at_chebyshev_weights=True)),
    ],
    examples=40,
)
test_pareto_supported_hull_chebyshev = SUPPORTED_CHEBYSHEV.test()


def _printed_any_scalarization(inst: PointSet) -> list[Check]:
    pts = inst.points
    sup = set(supported_set(pts))
    out = []
    for p in pareto_set(pts):
        if p in sup:
            continue
        w, z = chebyshev_weights(pts, p)
        reached = p in chebyshev_minimizers(pts, w, z)
        out.append(holds(not reached, f"unsupported Pareto point {_show([p])[1:-1]} minimizes no static-weight scalarization",
                         f"it minimizes max_k w_k(f_k - z_k) with w = {_show([w])[1:-1]}, z = {_show([z])[1:-1]}"
                         if reached else "not reached"))
    return out or [equal(0, 0, label="no unsupported Pareto point")]


PRINTED_ANY_SCALARIZATION = Claim(
    id="pareto-any-scalarization-printed",
    title="'Pareto points need not minimize any fixed scalarized objective with static weights', as printed",
    statement="An unsupported Pareto point minimizes no scalarized objective with static weights",
    sources=[Source(MSML, "A.18 (statement) and its solution ('cannot be optimal for any fixed α')", ("MSML-51",))],
    kind="exact",
    area="optimization",
    instances=point_sets(dims=(2,), planted=False),
    conclusion=_printed_any_scalarization,
    proof_idea="True for weighted sums (they reach only hull points); false for weighted-Chebyshev scalarization, "
               "whose static weights 1/(p_k - z_k) single out any Pareto point p.",
    audit=True,
    corrected="pareto-supported-hull-chebyshev",
    finding="'Any fixed scalarized objective with static weights' includes max_k w_k(f_k - z_k), which reaches every "
            "Pareto point: for {(0, 1), (1, 0), (3/5, 3/5)} the unsupported (3/5, 3/5) is the unique minimizer with "
            "z = (-1, -1), w = (5/8, 5/8).  The statement holds for linear (weighted-sum) scalarization, which is what "
            "the solution means; the wording overreaches (minor).",
    examples=40,
)
test_pareto_any_scalarization_printed = PRINTED_ANY_SCALARIZATION.test()
