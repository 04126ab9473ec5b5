"""Tests of checks.nagarajan_kolter: closed forms, two quadratures, and a simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from checks.nagarajan_kolter import (conditional_test_error, draw_sample, expected_test_error,
                                     expected_test_error_mixture, flip_correct_bound, gd_step, margins,
                                     signal_vector)


def test_two_dimensional_noise_gives_a_laplace_tail() -> None:
    # D = 2: A - B = 2(E1 - E2) with exponentials, so P(A - B > s) = exp(-s/2)/2
    for c, m in [(1.0, 1), (0.5, 4), (2.0, 9)]:
        s = 2 * c * 2 / math.sqrt(m)
        val, err = expected_test_error(c, m, 2)
        assert abs(val - math.exp(-s / 2) / 2) <= err + 1e-14


@pytest.mark.parametrize("m,D", [(5, 7), (100, 215), (10, 1000)])
def test_the_two_representations_agree(m: int, D: int) -> None:
    a, ea = expected_test_error(1.0, m, D)
    b, eb = expected_test_error_mixture(1.0, m, D)
    assert abs(a - b) <= ea + eb + 1e-14


def test_simulated_test_error_matches_the_formula() -> None:
    rng = np.random.default_rng(3)
    m, D, trials = 5, 20, 1500
    u = signal_vector(m, 2, 1.0)
    errs = []
    for _ in range(trials):
        S = draw_sample(m, D, u, rng)
        v = gd_step(S.X2, S.y)
        errs.append(conditional_test_error(1.0, D, float(v @ v)))
    val, _ = expected_test_error(1.0, m, D)
    assert abs(np.mean(errs) - val) <= 5 * np.std(errs) / math.sqrt(trials)


def test_flip_bound_dominates_the_simulated_rate() -> None:
    rng = np.random.default_rng(4)
    m, D, c = 4, 400, 0.5
    u = signal_vector(m, 1, c)
    correct = 0
    for _ in range(400):
        S = draw_sample(m, D, u, rng)
        w1, v = gd_step(S.X1, S.y), gd_step(S.X2, S.y)
        correct += int(np.sum(margins(w1, -v, S) > 0))
    assert correct / (400 * m) <= flip_correct_bound(c, m, D) + 3 * math.sqrt(flip_correct_bound(c, m, D) / 1600)
    assert np.allclose(gd_step(S.X1, S.y), m * u)


def test_malformed_parameters_raise() -> None:
    with pytest.raises(ValueError):
        flip_correct_bound(1.0, 5, 100)
    with pytest.raises(ValueError):
        expected_test_error(0.0, 5, 100)
    with pytest.raises(ValueError):
        signal_vector(0, 1, 1.0)
