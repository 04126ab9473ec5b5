"""Tests of checks.logistic against independent references: mpmath at 50 digits,
finite differences and hand-made separable / overlapping data."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from checks.logistic import (exact_rank, nll, nll_error, nll_gradient, nll_hessian, overlap_certificate_holds,
                             separating_direction, softplus_neg)


def test_nll_within_its_rounding_bound_of_a_50_digit_reference():
    rng = np.random.default_rng(0)
    mpmath.mp.dps = 50
    for scale in (0.1, 3.0, 40.0):
        Z, th = rng.standard_normal((6, 3)), rng.standard_normal(3) * scale
        ref = sum(mpmath.log1p(mpmath.exp(-mpmath.fsum(mpmath.mpf(float(z)) * mpmath.mpf(float(t))
                                                        for z, t in zip(row, th)))) for row in Z)
        assert abs(mpmath.mpf(nll(Z, th)) - ref) <= nll_error(Z, th)


def test_softplus_is_stable():
    assert softplus_neg(np.array([-800.0]))[0] == 800.0
    assert softplus_neg(np.array([800.0]))[0] == 0.0


def test_gradient_and_hessian_match_finite_differences():
    rng = np.random.default_rng(1)
    Z, th = rng.standard_normal((5, 2)), rng.standard_normal(2)
    h = 1e-6
    fd = np.array([(nll(Z, th + e) - nll(Z, th - e)) / (2 * h) for e in np.eye(2) * h])
    assert np.allclose(nll_gradient(Z, th), fd, atol=1e-7)
    fdh = np.array([(nll_gradient(Z, th + e) - nll_gradient(Z, th - e)) / (2 * h) for e in np.eye(2) * h])
    assert np.allclose(nll_hessian(Z, th), fdh, atol=1e-7)


def test_separating_direction_and_overlap_certificate():
    sep = np.array([[1, 2], [2, 1], [0, 1]])
    theta = separating_direction(sep)
    assert theta is not None and all(sum(int(z) * t for z, t in zip(r, theta)) >= 0 for r in sep)
    quasi = np.array([[1, 0], [-1, 0], [0, 1]])                 # θ = (0, 1) separates with two zero margins
    assert separating_direction(quasi) is not None
    overlap = np.array([[1, 0], [0, 1], [-1, -1]])
    assert separating_direction(overlap) is None
    assert overlap_certificate_holds(overlap, np.array([1, 1, 1]))
    assert not overlap_certificate_holds(overlap, np.array([1, 1, 0]))
    with pytest.raises(ValueError):
        separating_direction(np.array([[0.5, 1.0]]))


def test_exact_rank_matches_numpy():
    Z = np.array([[1, 2, 1], [2, 4, 2], [0, 1, 0]])
    assert exact_rank(Z) == np.linalg.matrix_rank(Z) == 2
