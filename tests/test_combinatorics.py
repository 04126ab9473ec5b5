"""Concept classes: VC dimensions and growth functions against known values, closed forms and
independent brute forces; halfspace enumeration against LP feasibility; the rational enclosures
against high-precision values."""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import comb

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from scipy.optimize import linprog

from checks.combinatorics import (E_BOUNDS, ConceptClass, binomial_tail, downward_closure,
                                  expected_max_correlation, from_sets, growth_function, halfspaces,
                                  hamming_ball, in_general_position, intervals, log_bounds, mask_of,
                                  rademacher_complexity, shattered_below, shattered_sets, shatters,
                                  sqrt_bounds, thresholds, trace, trace_sizes, vc_dimension)
from checks.strategies.concept_classes import (concept_classes, downward_closed_classes,
                                               general_position_points, vector_sets)

FEW = settings(max_examples=40, deadline=None)


# --- independent references ----------------------------------------------------------------------

def _labelings(H: ConceptClass, points: tuple[int, ...]) -> set[tuple[int, ...]]:
    return {tuple((h >> i) & 1 for i in points) for h in H.concepts}


def _vc_reference(H: ConceptClass) -> int:
    """Largest k such that some k points receive all 2^k labelings (tuples, via itertools)."""
    for k in range(H.n, -1, -1):
        if any(len(_labelings(H, pts)) == 2**k for pts in itertools.combinations(range(H.n), k)):
            return k
    raise AssertionError("the empty set is always shattered by a nonempty class")


def _growth_reference(H: ConceptClass) -> list[int]:
    return [max(len(_labelings(H, pts)) for pts in itertools.combinations(range(H.n), m))
            for m in range(H.n + 1)]


def _shattered_recursive(n: int, concepts: frozenset[int]) -> set[int]:
    """Split on the last point x, with H_b = {h - x : h ∈ H, h(x) = b}: a set S without x is shattered
    by H iff by H_0 ∪ H_1, and S + x iff S is shattered by both H_0 and H_1."""
    if n == 0:
        return {0} if concepts else set()
    x = 1 << (n - 1)
    h0 = frozenset(h for h in concepts if not h & x)
    h1 = frozenset(h ^ x for h in concepts if h & x)
    s0, s1 = _shattered_recursive(n - 1, h0), _shattered_recursive(n - 1, h1)
    return _shattered_recursive(n - 1, h0 | h1) | {s | x for s in s0 & s1}


def _lp_separable(points: list[tuple[int, ...]], positive: int) -> bool:
    """Whether some (w, b) has y_i (w·x_i + b) >= 1 for all i (LP feasibility, margin 1)."""
    X = np.array([list(p) + [1] for p in points], dtype=float)
    y = np.array([1.0 if positive >> i & 1 else -1.0 for i in range(len(points))])
    res = linprog(np.zeros(X.shape[1]), A_ub=-(y[:, None] * X), b_ub=-np.ones(len(points)),
                  bounds=[(None, None)] * X.shape[1], method="highs")
    assert res.status in (0, 2), res.message
    return res.status == 0


# --- shattering, VC dimension, growth ------------------------------------------------------------

@FEW
@given(concept_classes(max_n=6))
def test_vc_dimension_and_growth_match_brute_force(H: ConceptClass) -> None:
    assert vc_dimension(H) == _vc_reference(H)
    assert list(growth_function(H)) == _growth_reference(H)


def test_every_class_on_three_points_by_brute_force() -> None:
    for bits in range(1, 1 << 8):  # all 255 nonempty classes on {0, 1, 2}
        H = ConceptClass(3, frozenset(c for c in range(8) if bits >> c & 1))
        assert vc_dimension(H) == _vc_reference(H)
        assert list(growth_function(H)) == _growth_reference(H)
        assert shattered_sets(H) == _shattered_recursive(3, H.concepts)


@FEW
@given(concept_classes(max_n=7))
def test_shattered_sets_match_the_pajor_recursion(H: ConceptClass) -> None:
    assert shattered_sets(H) == _shattered_recursive(H.n, H.concepts)


@FEW
@given(concept_classes(max_n=6))
def test_traces_and_shattered_counts_by_direct_enumeration(H: ConceptClass) -> None:
    sizes, below, sh = trace_sizes(H), shattered_below(H), shattered_sets(H)
    for T in range(1 << H.n):
        assert sizes[T] == len(trace(H, T)) == len({h & T for h in H.concepts})
        assert below[T] == sum(1 for S in sh if S & ~T == 0)
        assert shatters(H, T) == (T in sh)


def test_thresholds_closed_forms() -> None:
    H = thresholds([5, -2, 9, 0, 3, 7, 1])
    assert len(H) == 8 and vc_dimension(H) == 1
    assert growth_function(H) == tuple(m + 1 for m in range(8))
    assert thresholds([4]).concepts == {0, 1}  # one point: shattered


def test_intervals_closed_forms() -> None:
    H = intervals([3, 8, -1, 4, 0, 6, 2, 5])
    assert vc_dimension(H) == 2 and len(H) == 1 + 8 + comb(8, 2)
    assert growth_function(H) == tuple(1 + m + comb(m, 2) for m in range(9))
    assert growth_function(H) == tuple(binomial_tail(2, m) for m in range(9))
    assert vc_dimension(intervals([1])) == 1


def test_ties_on_the_line_merge_points() -> None:
    assert thresholds([1, 1, 2]).concepts == {0b000, 0b100, 0b111}
    assert vc_dimension(intervals([0, 0, 0])) == 1


@pytest.mark.parametrize("n,d", [(n, d) for n in range(0, 8) for d in range(0, n + 2)])
def test_hamming_ball_attains_sauer_shelah_with_equality(n: int, d: int) -> None:
    H = hamming_ball(n, d)
    assert vc_dimension(H) == min(n, d) and len(H) == binomial_tail(d, n)
    assert all(size == binomial_tail(d, T.bit_count()) for T, size in enumerate(trace_sizes(H)))
    assert shattered_sets(H) == H.concepts  # downward closed: shatters exactly its members


def test_hamming_ball_around_a_center_is_a_translate() -> None:
    H, K = hamming_ball(6, 2), hamming_ball(6, 2, center=0b101101)
    assert trace_sizes(H) == trace_sizes(K) and vc_dimension(K) == 2
    assert K.concepts == {c ^ 0b101101 for c in H.concepts}


@FEW
@given(downward_closed_classes(max_n=7))
def test_downward_closed_classes_are_extremal(H: ConceptClass) -> None:
    assert shattered_sets(H) == H.concepts


def test_small_examples_by_hand() -> None:
    H = from_sets(3, [[], [0, 1, 2]])  # shatters ∅ and the three singletons
    assert len(shattered_sets(H)) == 4 and vc_dimension(H) == 1
    assert growth_function(H) == (1, 2, 2, 2)
    assert vc_dimension(from_sets(2, [[1]])) == 0
    assert downward_closure(3, [0b011, 0b100]).concepts == {0, 1, 2, 3, 4}


def test_binomial_tail_matches_direct_sums() -> None:
    for m in range(0, 25):
        for d in range(0, m + 3):
            assert binomial_tail(d, m) == sum(comb(m, i) for i in range(d + 1))
        assert binomial_tail(m, m) == 2**m and binomial_tail(0, m) == 1


# --- halfspaces -------------------------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(general_position_points(max_n=7))
def test_halfspaces_match_lp_feasibility(points: list[tuple[int, ...]]) -> None:
    H = halfspaces(points)
    lp = {y for y in range(1 << len(points)) if _lp_separable(points, y)}
    assert H.concepts == lp


@settings(max_examples=25, deadline=None)
@given(general_position_points(max_n=8))
def test_halfspaces_vc_dimension_and_cover_count(points: list[tuple[int, ...]]) -> None:
    n, d = len(points), len(points[0])
    H = halfspaces(points)
    assert vc_dimension(H) == min(n, d + 1)
    cover = [1] + [2 * sum(comb(m - 1, i) for i in range(d + 1)) for m in range(1, n + 1)]
    assert list(growth_function(H)) == cover


def test_halfspaces_in_the_plane_on_convex_position() -> None:
    octagon = [(3, 1), (1, 3), (-1, 3), (-3, 1), (-3, -1), (-1, -3), (1, -3), (3, -1)]
    H = halfspaces(octagon)
    assert vc_dimension(H) == 3
    assert growth_function(H) == tuple([1] + [m * m - m + 2 for m in range(1, 9)])
    # in convex position a labeling is realizable iff each class is a contiguous arc
    arcs = {0, 255} | {sum(1 << ((s + k) % 8) for k in range(length))
                       for s in range(8) for length in range(1, 8)}
    assert H.concepts == arcs


def test_halfspaces_on_few_points_and_fractions() -> None:
    assert len(halfspaces([(0, 0), (1, 0), (0, 1)])) == 8
    assert len(halfspaces([(Fraction(1, 2), 3, 1)])) == 2
    assert halfspaces([(2,), (0,), (1,)]).concepts == {0, 7, 0b001, 0b101, 0b010, 0b110}  # rays both ways


def test_general_position_is_decided_exactly() -> None:
    assert not in_general_position([(0, 0), (1, 1), (2, 2), (5, 0)])
    assert not in_general_position([(Fraction(1, 3), 0), (Fraction(2, 3), 1), (1, 2)])
    assert in_general_position([(t, t * t, t**3) for t in range(-3, 4)])
    assert not in_general_position([(0, 0, 0), (1, 0, 0), (0, 1, 0), (1, 1, 0)])
    with pytest.raises(ValueError, match="general position"):
        halfspaces([(0, 0), (1, 1), (2, 2)])
    with pytest.raises(ValueError, match="exact"):
        halfspaces([(0.5, 1.0)])


# --- Rademacher averages ------------------------------------------------------------------------

def _emc_reference(vectors: list[tuple[int, ...]]) -> Fraction:
    n = len(vectors[0])
    total = sum(max(sum(s * a for s, a in zip(sig, v)) for v in vectors)
                for sig in itertools.product((-1, 1), repeat=n))
    return Fraction(total, n * 2**n)


@FEW
@given(vector_sets(max_n=6))
def test_expected_max_correlation_matches_product_enumeration(A) -> None:
    assert expected_max_correlation(A.vectors) == _emc_reference(list(A.vectors))


def test_rademacher_closed_forms() -> None:
    assert rademacher_complexity(hamming_ball(5, 5)) == 1  # shatters the sample
    assert rademacher_complexity(from_sets(4, [[0, 2]])) == 0  # one function
    assert expected_max_correlation([(1, 0, 0), (-1, 0, 0)]) == Fraction(1, 3)
    # thresholds on 2 points: patterns (-,-), (-,+), (+,+); the best correlations are 2, 2, 0, 2
    assert rademacher_complexity(thresholds([0, 1])) == Fraction(6, 8)


# --- enclosures ----------------------------------------------------------------------------------

def test_enclosures_contain_high_precision_values() -> None:
    def mp(x: Fraction) -> mpmath.mpf:
        return mpmath.mpf(x.numerator) / x.denominator

    with mpmath.workdps(120):
        lo, hi = E_BOUNDS
        assert mp(lo) < mpmath.e < mp(hi) and hi - lo < Fraction(1, 10**49)
        for N in [2, 3, 7, 10, 255, 256, 1000, 2**40 + 1]:
            lo, hi = log_bounds(N)
            assert mp(lo) <= mpmath.log(N) <= mp(hi) and hi - lo < Fraction(1, 10**40)
    assert log_bounds(1) == (0, 0)
    for x in [Fraction(0), Fraction(2), Fraction(9, 4), Fraction(1, 3), Fraction(10**9 + 7, 3)]:
        lo, hi = sqrt_bounds(x)
        assert lo * lo <= x <= hi * hi and hi - lo <= Fraction(1, 2**160)
    assert sqrt_bounds(Fraction(9, 4)) == (Fraction(3, 2), Fraction(3, 2))


# --- malformed input -------------------------------------------------------------------------------

def test_malformed_input_raises() -> None:
    with pytest.raises(ValueError):
        ConceptClass(3, frozenset())
    with pytest.raises(ValueError):
        ConceptClass(2, frozenset({0b100}))
    with pytest.raises(ValueError):
        ConceptClass(-1, frozenset({0}))
    with pytest.raises(ValueError):
        binomial_tail(-1, 3)
    with pytest.raises(ValueError):
        log_bounds(0)
    with pytest.raises(ValueError):
        sqrt_bounds(Fraction(-1))
    with pytest.raises(ValueError):
        expected_max_correlation([(0.5, 1)])
    with pytest.raises(ValueError):
        expected_max_correlation([])
    with pytest.raises(ValueError):
        trace(hamming_ball(3, 1), 0b1000)
    with pytest.raises(ValueError):
        mask_of([-1])
    with pytest.raises(ValueError):
        thresholds(["a"])
