"""Tests of checks.rademacher against brute force and closed forms."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from checks.combinatorics import expected_max_correlation
from checks.finite_class import FiniteProblem, expected_rademacher, sample_law
from checks.rademacher import (HingeMap, binomial_mean_abs_deviation, empirical_rademacher_by_sample,
                               linear_class_complexity, two_sample_rademacher)


def test_hinge_map_values_and_constant():
    phi = HingeMap(1, (2, -1), (-3, 2))
    # pieces: t < -1: slope 1; -1 <= t < 2: slope 1 + 2 = 3; t >= 2: slope 3 - 3 = 0
    assert phi(0) == 0
    ts = list(range(-6, 7))
    diffs = [phi(b) - phi(a) for a, b in zip(ts, ts[1:])]
    assert max(abs(d) for d in diffs) == phi.lipschitz == 3
    assert phi.apply(((0, 3), (-2, 1))) == ((phi(0), phi(3)), (phi(-2), phi(1)))


def test_hinge_map_rejects_mismatch():
    with pytest.raises(ValueError):
        HingeMap(1, (1,), ())
    with pytest.raises(ValueError):
        HingeMap(1.5)


def test_linear_class_brute_force():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((5, 3))
    brute = np.mean([np.linalg.norm(np.array(s) @ X) for s in itertools.product([-1, 1], repeat=5)]) / 5
    assert linear_class_complexity(X, 2.0) == pytest.approx(2 * brute, rel=1e-13)


def test_linear_class_orthogonal_equality():
    X = 3.0 * np.eye(4)
    assert linear_class_complexity(X) == pytest.approx(3.0 / 2.0, rel=1e-14)  # B |x| / sqrt(n)


def test_linear_class_rejects_bad_input():
    with pytest.raises(ValueError):
        linear_class_complexity(np.zeros((0, 2)))
    with pytest.raises(ValueError):
        linear_class_complexity(np.ones((2, 2)), B=-1)


def test_empirical_by_sample_averages_to_expected():
    P = FiniteProblem((1, 2, 3), ((0, 1, 1), (1, 0, 1), (0, 0, 0)))
    n = 4
    _, nums, den = sample_law(P, n)
    per = empirical_rademacher_by_sample(P, n)
    assert sum(m * r for m, r in zip(nums, per)) / den == expected_rademacher(P, n)


def test_empirical_by_sample_single_sample():
    P = FiniteProblem((1,), ((1,), (0,)))
    # every sample is (z_0, z_0): the class restricts to {(1, 1), (0, 0)}: E max(0, s1 + s2)/2 = 1/4
    assert empirical_rademacher_by_sample(P, 2) == [Fraction(1, 4)]
    assert expected_max_correlation([(1, 1), (0, 0)]) == Fraction(1, 4)
    with pytest.raises(ValueError):
        empirical_rademacher_by_sample(P, 13)


def _two_sample_brute(P: FiniteProblem, m: int) -> Fraction:
    """Every ordered pair (S1, S2) of m-tuples, weighted by its probability; the fixed split."""
    W, total = P.total, Fraction(0)
    for seq in itertools.product(range(P.k), repeat=2 * m):
        prob = Fraction(np.prod([P.weights[z] for z in seq], dtype=object), W ** (2 * m))
        best = max(sum(l[z] for z in seq[:m]) - sum(l[z] for z in seq[m:]) for l in P.losses)
        total += prob * Fraction(best, 2 * m)
    return total


@pytest.mark.parametrize("m", [1, 2, 3])
def test_two_sample_matches_brute_force(m):
    P = FiniteProblem((1, 2, 2), ((0, 1, 1), (1, 0, 0), (1, 1, 0)))
    assert two_sample_rademacher(P, m) == _two_sample_brute(P, m)


def test_binomial_mean_abs_deviation_closed_form():
    from math import comb
    for m in range(1, 8):
        assert binomial_mean_abs_deviation(m) == Fraction(m * comb(2 * m, m), 4**m)
    with pytest.raises(ValueError):
        binomial_mean_abs_deviation(0)
