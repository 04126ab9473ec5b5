"""Tests of checks.scaling against independent references (SciPy, enumeration, closed forms)."""

from fractions import Fraction
from itertools import product

import numpy as np
import pytest
import torch
from scipy.optimize import minimize_scalar
from scipy.stats import binom, linregress

from checks.scaling import (LossLaw, Verifier, best_of_k, best_of_k_enumerated, counted_flops,
                            log_optimal_allocation, majority_vote, misallocation_factor, ols_slope,
                            pass_at_k, pass_at_k_estimate)


def test_allocation_matches_numeric_minimizer():
    law = LossLaw(1.69, 406.4, 410.7, 0.34, 0.28)
    C = 1e21
    res = minimize_scalar(lambda u: law.loss(np.exp(u), C / (6 * np.exp(u))), bounds=(0, 40),
                          method="bounded", options={"xatol": 1e-10})
    assert log_optimal_allocation(law, C)[0] == pytest.approx(res.x, abs=1e-6)


def test_misallocation_factor_direct():
    law = LossLaw(0.0, 406.4, 410.7, 0.34, 0.28)
    lN, lD = log_optimal_allocation(law, 1e22)
    N, D = np.exp(lN), np.exp(lD)
    assert law.loss(2 * N, D / 2) / law.loss(N, D) == pytest.approx(misallocation_factor(0.34, 0.28, 2), rel=1e-12)
    assert misallocation_factor(0.34, 0.28, 2) == pytest.approx(1.02264, abs=1e-5)


def test_ols_slope_matches_scipy():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=9), rng.normal(size=9)
    assert ols_slope(x, y) == pytest.approx(linregress(x, y).slope, rel=1e-12)
    with pytest.raises(ValueError):
        ols_slope(np.ones(3), np.arange(3.0))


def test_counted_flops_of_a_matmul():
    a, b = torch.ones(3, 4, dtype=torch.float64), torch.ones(4, 5, dtype=torch.float64)
    assert counted_flops(lambda: a @ b) == 2 * 3 * 4 * 5


def test_pass_at_k_and_estimator():
    p = Fraction(1, 3)
    assert pass_at_k(p, 3) == 1 - Fraction(8, 27)
    n, K = 6, 2
    # unbiased: brute force over all 2^n sample outcomes
    mean = sum(p ** sum(o) * (1 - p) ** (n - sum(o)) * pass_at_k_estimate(n, sum(o), K)
               for o in product((0, 1), repeat=n))
    assert mean == pass_at_k(p, K)
    with pytest.raises(ValueError):
        pass_at_k_estimate(3, 1, 4)


def test_majority_vote_against_scipy():
    assert float(majority_vote(Fraction(3, 5), 7)) == pytest.approx(binom.sf(3, 7, 0.6), rel=1e-12)
    with pytest.raises(ValueError):
        majority_vote(Fraction(1, 2), 4)


def test_best_of_k_against_enumeration():
    v = Verifier((Fraction(1, 4), Fraction(1, 4), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)))
    for K in (1, 2, 3):
        assert best_of_k(Fraction(2, 5), K, v) == best_of_k_enumerated(Fraction(2, 5), K, v)
    with pytest.raises(ValueError):
        Verifier((Fraction(1, 2),), (Fraction(1),))
