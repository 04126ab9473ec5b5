"""Tests of checks.finite_class against brute force over sample sequences, SciPy and NumPy."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from scipy.stats import binom

from checks.combinatorics import ConceptClass, hamming_ball
from checks.finite_class import (FiniteProblem, affine_dependency, binomial_deviation, compose, count_vectors,
                                 erm_indices, exceeds, expected_rademacher, expected_sup_gap, gaps, growth,
                                 hoeffding_radius_enclosure, linear_dependency, log_enclosure, loss_counts,
                                 probability, product_class, risks, sample_law, solve_square, sqrt_enclosure)
from checks.strategies.finite_problems import from_concepts

PROBLEM = FiniteProblem((1, 2, 3), ((0, 1, 1), (1, 0, 0), (0, 0, 1), (1, 1, 1)))


def _sequences(P: FiniteProblem, n: int):
    """Every ordered sample with its probability (the independent reference)."""
    W = P.total
    for seq in itertools.product(range(P.k), repeat=n):
        yield seq, Fraction(math.prod(P.weights[z] for z in seq), W**n)


def test_count_vectors_are_all_compositions():
    for k, n in [(1, 3), (2, 0), (3, 4), (4, 2)]:
        C = count_vectors(k, n)
        assert C.shape == (math.comb(n + k - 1, k - 1), k)
        assert np.all(C.sum(axis=1) == n) and np.all(C >= 0)
        assert len({tuple(r) for r in C.tolist()}) == len(C)


def test_sample_law_matches_sequences():
    n = 4
    counts, nums, den = sample_law(PROBLEM, n)
    assert sum(nums) == den
    law = {tuple(r): Fraction(m, den) for r, m in zip(counts.tolist(), nums)}
    ref: dict[tuple[int, ...], Fraction] = {}
    for seq, p in _sequences(PROBLEM, n):
        key = tuple(seq.count(z) for z in range(PROBLEM.k))
        ref[key] = ref.get(key, Fraction(0)) + p
    assert law == ref


def test_sup_deviation_and_erm_match_brute_force():
    n, t = 3, Fraction(1, 3)
    R = risks(PROBLEM)
    assert R == (Fraction(5, 6), Fraction(1, 6), Fraction(1, 2), Fraction(1))
    ev = exceeds(np.abs(gaps(PROBLEM, n)), PROBLEM.total * n, (t, t)).any(axis=1)
    got = probability(PROBLEM, n, ev)
    counts, _, _ = sample_law(PROBLEM, n)
    erm = erm_indices(PROBLEM, n)
    L = loss_counts(PROBLEM, n)
    ref = Fraction(0)
    for seq, p in _sequences(PROBLEM, n):
        emp = [Fraction(sum(v[z] for z in seq), n) for v in PROBLEM.losses]
        ref += p * any(abs(e - r) > t for e, r in zip(emp, R))
        row = next(i for i, c in enumerate(counts.tolist()) if c == [seq.count(z) for z in range(PROBLEM.k)])
        assert erm[row] == min(range(len(emp)), key=lambda h: (emp[h], h))
        assert list(L[row]) == [e * n for e in emp]
    assert got == ref


def test_probability_of_everything_is_one():
    ev = np.ones(len(sample_law(PROBLEM, 5)[1]), dtype=bool)
    assert probability(PROBLEM, 5, ev) == 1


def test_binomial_deviation_matches_scipy():
    for p, n, t in [(Fraction(1, 2), 7, Fraction(1, 10)), (Fraction(1, 3), 10, Fraction(1, 5)), (Fraction(0), 3, 0)]:
        ref = sum(binom.pmf(j, n, float(p)) for j in range(n + 1) if abs(j / n - float(p)) > float(t) + 1e-12)
        assert float(binomial_deviation(p, n, t)) == pytest.approx(ref, abs=1e-12)


def test_exceeds_decides_or_raises():
    G = np.array([0, 1, 2, -3])
    assert exceeds(G, 4, (Fraction(1, 4), Fraction(1, 4))).tolist() == [False, False, True, False]
    lo, hi = sqrt_enclosure((Fraction(2), Fraction(2)))
    assert exceeds(np.array([14, 15]), 10, (lo, hi)).tolist() == [False, True]
    with pytest.raises(ValueError):
        exceeds(np.array([1]), 2, (Fraction(2, 5), Fraction(3, 5)))


def test_enclosures_match_math():
    for num, den in [(2, 1), (10, 3), (1, 7), (1000, 1)]:
        lo, hi = log_enclosure(num, den)
        assert lo <= hi and hi - lo < Fraction(1, 10**30)
        assert float(lo) == pytest.approx(math.log(num / den), abs=1e-14)
    lo, hi = hoeffding_radius_enclosure(40, 7, 2)
    assert float(lo) == pytest.approx(math.sqrt(math.log(40) / 14), abs=1e-14) and lo <= hi
    with pytest.raises(ValueError):
        sqrt_enclosure((Fraction(-2), Fraction(-1)))


def test_dependencies_and_solve_match_numpy():
    rng = np.random.default_rng(0)
    for d in (1, 2, 3, 4):
        pts = rng.integers(-4, 5, size=(d + 2, d))
        lam = affine_dependency(pts.tolist())
        assert lam is not None and any(lam) and sum(lam) == 0
        assert all(sum(l * int(p[j]) for l, p in zip(lam, pts)) == 0 for j in range(d))
        vecs = rng.integers(-4, 5, size=(d + 1, d))
        mu = linear_dependency(vecs.tolist())
        assert mu is not None and any(mu)
        A = rng.integers(-4, 5, size=(d, d))
        if round(np.linalg.det(A)) != 0:
            b = rng.integers(-4, 5, size=d)
            assert np.allclose([float(x) for x in solve_square(A.tolist(), b.tolist())], np.linalg.solve(A, b))
    assert affine_dependency([(0, 0), (1, 0), (0, 1)]) is None
    assert affine_dependency([(0, 0), (1, 1), (2, 2)]) is not None  # collinear
    assert linear_dependency([(1, 0), (0, 1)]) is None
    with pytest.raises(ValueError):
        solve_square([[1, 2], [2, 4]], [1, 1])


def test_from_concepts_risks():
    H = hamming_ball(4, 2)
    P = from_concepts(H, [1] * 4, [(1, 0)] * 4, "sets of <= 2 of 4")
    assert sorted(risks(P)) == sorted(Fraction(bin(h).count("1"), 4) for h in H.concepts)
    Q = from_concepts(ConceptClass(1, frozenset({0, 1})), [1], [(1, 1)], "fair")
    assert risks(Q) == (Fraction(1, 2), Fraction(1, 2))


def test_malformed_input_raises():
    with pytest.raises(ValueError):
        FiniteProblem((1, 0), ((0, 1),))
    with pytest.raises(ValueError):
        FiniteProblem((1, 1), ((0, 2),))
    with pytest.raises(ValueError):
        FiniteProblem((1, 1), ())
    with pytest.raises(ValueError):
        count_vectors(0, 3)
    with pytest.raises(ValueError):
        count_vectors(30, 30)
    with pytest.raises(ValueError):
        sample_law(PROBLEM, 0)
    with pytest.raises(ValueError):
        binomial_deviation(Fraction(3, 2), 3, 0)
    with pytest.raises(ValueError):
        probability(PROBLEM, 2, np.ones(3, dtype=bool))


def test_expected_gap_and_rademacher_match_brute_force():
    n = 3
    R = risks(PROBLEM)
    gap = rad = Fraction(0)
    for seq, p in _sequences(PROBLEM, n):
        gap += p * max(r - Fraction(sum(v[z] for z in seq), n) for v, r in zip(PROBLEM.losses, R))
        inner = Fraction(0)
        for sigma in itertools.product((-1, 1), repeat=n):
            inner += max(Fraction(sum(s * v[z] for s, z in zip(sigma, seq)), n) for v in PROBLEM.losses)
        rad += p * inner / 2**n
    assert expected_sup_gap(PROBLEM, n) == gap
    assert expected_rademacher(PROBLEM, n) == rad


def test_growth_product_and_composition_by_hand():
    thresholds = [(0, 0, 0), (0, 0, 1), (0, 1, 1), (1, 1, 1)]
    assert [growth(thresholds, m) for m in range(5)] == [1, 2, 3, 4, 4]
    assert growth([(0, 1), (1, 0)], 2) == 2 and growth([(0, 1), (1, 0)], 1) == 2
    P = product_class([(0, 1), (1, 1)], [(0, 0), (1, 0)])
    assert sorted(P) == sorted([(0, 2), (2, 2), (1, 2), (3, 2)])
    C = compose([(1, 0)], [(0, 1, 1)])  # negation after a labeling
    assert C == ((1, 0, 0),)
    with pytest.raises(ValueError):
        compose([(0, 1)], [(0, 2)])
    with pytest.raises(ValueError):
        product_class([(0, 1)], [(0, 1, 1)])
    with pytest.raises(ValueError):
        growth([], 1)
