"""The statistical comparisons: radii against closed forms, and false-alarm levels by simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binom, binomtest

from checks.claim import ClaimError
from checks.stats import (bernstein_radius, binomial_p_value, catoni_mean, hoeffding_radius, mean_ge, mean_le,
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


def test_catoni_radius_closed_form_and_errors() -> None:
    x = np.random.default_rng(12).standard_normal(500)
    L = math.log(2 / 1e-3)
    _, radius = catoni_mean(x, 4.0, 1e-3)
    assert radius == pytest.approx(math.sqrt(2 * 4.0 * L / (500 - 2 * L)))
    assert catoni_mean(np.full(50, 3.0), 0.0, 0.1) == (3.0, 0.0)
    with pytest.raises(ValueError):
        catoni_mean(x[:10], 1.0, 1e-6)
    with pytest.raises(ValueError):
        catoni_mean(x, -1.0, 0.1)


def test_catoni_false_alarm_rate_on_a_heavy_tailed_skewed_law() -> None:
    """Lognormal samples (infinite-ish skew in small samples), level 0.05: the radius misses the true
    mean in at most 5% of 400 trials; P(Bin(400, 0.05) >= 41) < 1e-6."""
    rng = np.random.default_rng(13)
    s = 1.2
    mean, var = math.exp(s * s / 2), (math.exp(s * s) - 1) * math.exp(s * s)
    misses = 0
    for _ in range(400):
        est, radius = catoni_mean(rng.lognormal(0.0, s, 120), var, 0.05)
        misses += abs(est - mean) > radius
    assert binom.sf(misses - 1, 400, 0.05) > 1e-6
