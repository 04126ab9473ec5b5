"""Tests of checks.stability_bounds against brute force and floating-point references."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from checks.stability import LossProfile, expected_gap, loss_profile, replace_one, sample_gaps
from checks.stability_bounds import (exceeds, gap_bounded_difference, gap_law, log_inv, loss_range,
                                     mcdiarmid_witness, tail)

F = Fraction


def _memorizer(k: int, n: int) -> LossProfile:
    return loss_profile(frozenset, lambda h, z: F(0) if z in h else F(1), tuple(range(k)), n)


def _random_profile(seed: int, k: int, n: int) -> LossProfile:
    rng = np.random.default_rng(seed)
    return LossProfile(k, n, {s: tuple(F(int(j), 4) for j in rng.integers(-2, 5, size=k))
                              for s in itertools.product(range(k), repeat=n)})


def test_loss_range_shifts_to_zero():
    p = _random_profile(0, 3, 2)
    values = [v for row in p.table.values() for v in row]
    assert loss_range(p) == max(values) - min(values)
    assert loss_range(_memorizer(3, 1)) == 1


@pytest.mark.parametrize("seed", range(5))
def test_gap_law_is_the_law_of_the_gap(seed):
    p, probs = _random_profile(seed, 3, 2), (F(1, 2), F(1, 3), F(1, 6))
    law = gap_law(p, probs)
    assert sum(q for _, q in law) == 1
    assert [g for g, _ in law] == sorted({g for g, _ in law}, reverse=True)
    assert sum(g * q for g, q in law) == expected_gap(p, probs)


def test_gap_law_of_the_memorizer():
    # n = 1 on three points: the gap is 1 - p_x, with probability p_x
    law = gap_law(_memorizer(3, 1), (F(1, 2), F(1, 3), F(1, 6)))
    assert law == [(F(5, 6), F(1, 6)), (F(2, 3), F(1, 3)), (F(1, 2), F(1, 2))]


@pytest.mark.parametrize("seed", range(5))
def test_bounded_difference_against_brute_force(seed):
    p, probs = _random_profile(seed, 3, 2), (F(1, 5), F(2, 5), F(2, 5))
    phi = {s: g for s, _, g in sample_gaps(p, probs)}
    brute = max(abs(phi[s] - phi[replace_one(s, i, z)]) for s in phi for i in range(2) for z in range(3))
    assert gap_bounded_difference(p, probs) == brute


def test_bounded_difference_of_a_fixed_hypothesis_is_m_over_n():
    n = 3
    p = LossProfile(2, n, {s: (F(0), F(1)) for s in itertools.product(range(2), repeat=n)})
    assert gap_bounded_difference(p, (F(1, 2), F(1, 2))) == F(1, n)


@pytest.mark.parametrize("g,a,c,r,expected", [
    (F(1), F(0), F(1), F(1, 4), True), (F(1, 2), F(0), F(1), F(1, 4), False),  # tie at sqrt(1/4) = 1/2
    (F(1, 2), F(1, 2), F(3), F(1), False), (F(1), F(1, 2), F(0), F(0), True), (F(-1), F(0), F(1), F(1), False)])
def test_exceeds_exact(g, a, c, r, expected):
    assert exceeds(g, a, c, r) is expected


def test_exceeds_transcendental_matches_floats():
    rng = np.random.default_rng(1)
    for _ in range(200):
        g, a, c = F(int(rng.integers(0, 40)), 20), F(int(rng.integers(0, 10)), 20), F(int(rng.integers(1, 10)), 4)
        d = F(int(rng.integers(1, 1000)), 1000)
        r = log_inv(d) / 6
        ref = float(g) > float(a) + float(c) * math.sqrt(-math.log(float(d)) / 6)
        assert exceeds(g, a, c, r) is ref


def test_exceeds_rejects_bad_input():
    with pytest.raises(ValueError):
        exceeds(F(1), F(0), F(-1), F(1))
    with pytest.raises(ValueError):
        log_inv(F(1))


def test_tail_counts_strict_exceedances():
    law = [(F(1), F(1, 4)), (F(1, 2), F(1, 4)), (F(0), F(1, 2))]
    assert tail(law, F(0), F(1), F(1, 4)) == F(1, 4)  # Phi > 1/2: only the value 1
    assert tail(law, F(0), F(0), F(0)) == F(1, 2)


def _sup_ratio_on_levels(law, n, a, c):
    """max over a fine grid of delta of P(Phi > a + c sqrt(ln(1/delta)/(2n))) / delta (floats)."""
    best = 0.0
    just_above = [math.exp(-2 * n * (float(g - a) / float(c)) ** 2) * (1 + 1e-9) for g, _ in law if g > a]
    for d in np.concatenate([np.geomspace(1e-6, 0.5, 3000), 1 - np.geomspace(1e-6, 0.5, 3000), just_above]):
        if not 0 < d < 1:
            continue
        b = float(a) + float(c) * math.sqrt(-math.log(d) / (2 * n))
        best = max(best, sum(float(q) for g, q in law if float(g) > b) / d)
    return best


@pytest.mark.parametrize("seed", range(4))
def test_mcdiarmid_witness_is_the_supremum_over_levels(seed):
    p, probs = _random_profile(seed, 2, 3), (F(1, 3), F(2, 3))
    law, n = gap_law(p, probs), 3
    a, c = F(0), F(1, 2)
    w = mcdiarmid_witness(law, n, a, c)
    assert w is not None and w.low <= w.high
    delta_star = math.exp(-2 * n * (float(w.g - a) / float(c)) ** 2)
    assert float(w.low) == pytest.approx(delta_star, rel=1e-12)
    assert w.probability == sum(q for g, q in law if g >= w.g)
    # the witness ratio is the supremum of the grid ratios (approached from above delta*)
    assert _sup_ratio_on_levels(law, n, a, c) <= float(w.probability / w.low) * (1 + 1e-9)
    assert _sup_ratio_on_levels(law, n, a, c) >= float(w.probability / w.low) * (1 - 1e-6)


def test_mcdiarmid_witness_none_when_no_gap_exceeds_shift():
    assert mcdiarmid_witness([(F(0), F(1))], 2, F(0), F(1)) is None
    with pytest.raises(ValueError):
        mcdiarmid_witness([(F(0), F(1))], 0, F(0), F(1))


def test_bousquet_elisseeff_slack_within_seven_feldman_vondrak_slacks_for_small_n():
    """(2 + 2 sqrt(2 n L)) / (log n (log n + L)) <= 6.13 for 2 <= n <= 6 and all L > 0 (maximum near n = 2,
    L = 0.2), so 2 beta + (4 n beta + M) sqrt(L/(2n)) <= 7 (beta log n (log n + L) + M sqrt(L/n))."""
    def ratio(n, L):
        return (2 + 2 * math.sqrt(2 * n * L)) / (math.log(n) * (math.log(n) + L))
    for n in range(2, 7):
        # the ratio tends to 2/log^2 n as L -> 0 and to 0 as L -> oo; its maximum is interior
        peak = minimize_scalar(lambda L: -ratio(n, L), bounds=(1e-9, 1e3), method="bounded", options={"xatol": 1e-12})
        grid = max(ratio(n, L) for L in np.geomspace(1e-9, 1e3, 20000))
        assert grid <= -peak.fun + 1e-9
        assert -peak.fun <= 6.13
