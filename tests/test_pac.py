"""Tests of checks.pac against brute-force enumeration of sample sequences."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from checks.finite_class import FiniteProblem, sample_law
from checks.pac import memorize_then, nfl_tables, random_learner, sequences_with_set, threshold_sup_risk


def test_sequence_counts_by_set() -> None:
    for n, m in [(4, 3), (5, 2), (3, 4)]:
        counts: dict[int, int] = {}
        for seq in itertools.product(range(n), repeat=m):
            counts[len(set(seq))] = counts.get(len(set(seq)), 0) + 1
        for size, total in counts.items():
            assert total == sequences_with_set(size, m) * len(list(itertools.combinations(range(n), size)))


@pytest.mark.parametrize("learner", [memorize_then("majority"), memorize_then("nearest"), random_learner(7, False)])
def test_nfl_tables_match_brute_force(learner) -> None:
    n, m = 4, 2
    T = nfl_tables(learner, n, m)
    for f in range(1 << n):
        bits = [(f >> x) & 1 for x in range(n)]
        errs, tail = Fraction(0), Fraction(0)
        for seq in itertools.product(range(n), repeat=m):
            p = learner({x: bits[x] for x in sorted(set(seq))}, n)
            e = Fraction(sum(p[x] != bits[x] for x in range(n)), n)
            errs += e / n**m
            tail += Fraction(int(e >= Fraction(1, 8)), n**m)
        assert T["expected"][f] == errs and T["tail_eighth"][f] == tail


def test_threshold_sup_risk_matches_brute_force() -> None:
    weights, target, n = (2, 1, 3, 1), 2, 3
    risks, probs = threshold_sup_risk(weights, target, n)
    counts, _, _ = sample_law(FiniteProblem(weights, ((0,) * 4,)), n)
    W = sum(weights)
    for row, r in zip(counts.tolist(), risks.tolist()):
        best = Fraction(0)
        for a in range(5):  # thresholds consistent with the seen points
            if all((x >= a) == (x >= target) for x in range(4) if row[x]):
                best = max(best, Fraction(sum(weights[x] for x in range(4) if (x >= a) != (x >= target)), W))
        assert r == best
    assert sum(probs) == 1


def test_malformed_input_raises() -> None:
    with pytest.raises(ValueError):
        memorize_then("oracle")
    with pytest.raises(ValueError):
        threshold_sup_risk((1, 1), 3, 2)
    with pytest.raises(ValueError):
        nfl_tables(memorize_then("zero"), 11, 2)
