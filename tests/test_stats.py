"""The statistical comparisons: radii against closed forms, and false-alarm levels by simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binomtest

from checks.claim import ClaimError
from checks.stats import (bernstein_radius, binomial_p_value, hoeffding_radius, mean_ge, mean_le,
                          rate_le)


def test_hoeffding_radius_closed_form() -> None:
    assert hoeffding_radius(200, 2.0, 0.05) == pytest.approx(2.0 * math.sqrt(math.log(40) / 400))


def test_bernstein_is_smaller_for_small_variance() -> None:
    x = np.random.default_rng(0).uniform(0.49, 0.51, size=5000)
    assert bernstein_radius(x, 1.0, 1e-6) < hoeffding_radius(5000, 1.0, 1e-6) / 4


def test_binomial_p_value_matches_scipy_binomtest() -> None:
    for k, n, p in [(7, 20, 0.2), (0, 10, 0.5), (10, 10, 0.3), (55, 100, 0.5)]:
        assert binomial_p_value(k, n, p) == pytest.approx(binomtest(k, n, p, alternative="greater").pvalue)


def test_false_alarm_rate_is_below_the_level() -> None:
    """With a true claim (E X = bound), mean_le at level 0.1 fails in well under 10% of 400 trials."""
    rng = np.random.default_rng(1)
    fails = sum(not mean_le(rng.uniform(0, 1, 50), 0.5, 0.0, 1.0, alpha=0.1).ok for _ in range(400))
    # fails ~ Bin(400, q) with q <= 0.1; P(Bin(400, 0.1) >= 60) < 1e-3
    assert fails < 60


def test_a_false_mean_claim_is_detected() -> None:
    x = np.random.default_rng(2).uniform(0, 1, 2000)
    assert not mean_le(x, 0.4, 0.0, 1.0).ok and mean_ge(x, 0.4, 0.0, 1.0).ok
    assert not mean_ge(x, 0.6, 0.0, 1.0).ok


def test_rate_le() -> None:
    assert rate_le(3, 100, 0.05).ok
    bad = rate_le(40, 100, 0.05)
    assert not bad.ok and bad.ratio > 1


@pytest.mark.parametrize("bad", [
    lambda: hoeffding_radius(1, 1.0),
    lambda: hoeffding_radius(10, 1.0, alpha=0.0),
    lambda: mean_le([0.0, 2.0], 1.0, 0.0, 1.0),
    lambda: binomial_p_value(11, 10, 0.5),
    lambda: binomial_p_value(1, 10, 1.5),
])
def test_impossible_parameters_raise(bad) -> None:
    with pytest.raises(ClaimError):
        bad()
