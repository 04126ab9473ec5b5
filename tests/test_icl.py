"""Tests of checks.icl against NumPy, Monte Carlo and hand computations."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from checks.icl import (Family, bigram_mle, exact, gaussian_fourth_moment, gd_layer_weights, inverse,
                        joint_enumeration_mean, likelihood, lsa_layer, mixture_posterior, null_space,
                        posterior_gaussian, preconditioned_gd, solve)


def test_exact_solve_inverse_and_null_space_match_numpy():
    A = np.array([[2, 1, 0], [1, 3, 1], [0, 1, 4]])
    b = np.array([1, -2, 3])
    np.testing.assert_allclose(np.array(solve(A, b), dtype=float), np.linalg.solve(A, b))
    np.testing.assert_allclose(np.array(inverse(A), dtype=float), np.linalg.inv(A))
    X = np.array([[1, 2, 3, 4], [2, 4, 6, 8], [0, 1, 1, 0]])
    N = null_space(X)
    assert N.shape == (4, 4 - np.linalg.matrix_rank(X))
    assert np.all(exact(X) @ N == 0)
    with pytest.raises(ValueError):
        solve(np.array([[1, 2], [2, 4]]), np.array([1, 1]))
    with pytest.raises(ValueError):
        exact([0.5])


def test_fourth_moment_closed_form_and_monte_carlo():
    S = np.array([[2, 1], [1, 3]])
    M = np.array(gaussian_fourth_moment(S), dtype=float)
    np.testing.assert_allclose(M, 2 * S @ S + np.trace(S) * S)
    x = np.random.default_rng(1).multivariate_normal(np.zeros(2), S, size=200_000)
    mc = np.einsum("ni,n,nj->ij", x, np.einsum("ni,ni->n", x, x), x) / len(x)
    np.testing.assert_allclose(mc, M, rtol=0.05)


def test_posterior_matches_numpy_conditioning():
    X, y = np.array([[1, 2], [0, 1], [3, -1]]), np.array([1, 0, 2])
    tau2, s2 = Fraction(2), Fraction(1, 2)
    mean, cov = posterior_gaussian(X, y, tau2, s2)
    A = X.T @ X / 0.5 + np.eye(2) / 2
    np.testing.assert_allclose(np.array(cov, dtype=float), np.linalg.inv(A))
    np.testing.assert_allclose(np.array(mean, dtype=float), np.linalg.solve(A, X.T @ y / 0.5))


def test_gd_layer_and_preconditioned_gd_one_step():
    X, y, xs = np.array([[1, 0], [1, 1]]), np.array([2, 1]), np.array([1, 2])
    Z = exact(np.array([[1, 1, 1], [0, 1, 2], [2, 1, 0]]))
    Z1 = lsa_layer(Z, *gd_layer_weights(2, Fraction(1, 2)), n=2)
    w1 = preconditioned_gd(X, y, Fraction(1, 2), [np.eye(2, dtype=int)])[1]
    assert tuple(w1) == (Fraction(3, 4), Fraction(1, 4))
    assert -Z1[-1, -1] == exact(xs) @ w1
    with pytest.raises(ValueError):
        lsa_layer(Z, *gd_layer_weights(2, Fraction(1)), n=0)


def test_bigram_mle_by_hand():
    seq = (0, 1, 0, 0, 1)
    P = bigram_mle(seq, 2)
    assert P == {0: (Fraction(1, 3), Fraction(2, 3)), 1: (Fraction(1), Fraction(0))}
    assert likelihood(seq, P) == Fraction(2, 3) * 1 * Fraction(1, 3) * Fraction(2, 3)


def test_mixture_posterior_by_hand_and_by_enumeration():
    fams = (Family([(1,)], Fraction(1, 4)), Family([(2,)], Fraction(1, 4)))
    prior = (Fraction(1, 2), Fraction(1, 2))
    post, means = mixture_posterior(fams, prior, [(1,)], [1], (1,))
    # p(y=1 | w=1) = 1/2, p(y=1 | w=2) = 1/4
    assert post == [Fraction(2, 3), Fraction(1, 3)] and means == [1, 2]
    assert joint_enumeration_mean(fams, prior, [(1,)], [1], (1,)) == Fraction(4, 3)
    with pytest.raises(ValueError):
        Family([(1,)], Fraction(3, 4))
