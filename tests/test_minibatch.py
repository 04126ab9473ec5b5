"""Tests of checks.minibatch: exact minibatch moments against float Monte-Carlo-free brute force and the
closed forms, SGD path enumeration against single runs of checks.sgd.sgd, and the cosine loss."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from checks.losses import LINEAR, LOGISTIC
from checks.minibatch import (FiniteSum, batch_moments, batches, cosine, empirical_covariance, mean_vector,
                              path_average, second_moment, sgd_levels)
from checks.sgd import Example, sgd


def _float_moments(G: np.ndarray, B: int, replace: bool) -> tuple[np.ndarray, np.ndarray]:
    idx = itertools.product(range(len(G)), repeat=B) if replace else itertools.combinations(range(len(G)), B)
    samples = np.array([G[list(b)].mean(axis=0) for b in idx])
    return samples.mean(axis=0), np.cov(samples.T, bias=True).reshape(G.shape[1], G.shape[1])


@pytest.mark.parametrize("seed", range(5))
def test_batch_moments_match_numpy_and_closed_forms(seed):
    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(2, 6)), int(rng.integers(1, 3))
    G = rng.integers(-5, 6, (n, d))
    S = np.array(empirical_covariance(G.tolist()), dtype=float)
    np.testing.assert_allclose(S, np.cov(G.T, bias=True).reshape(d, d), atol=1e-12)
    for B in range(1, n + 1):
        for replace in (True, False):
            mean, cov = batch_moments(G.tolist(), B, replace)
            fm, fc = _float_moments(G.astype(float), B, replace)
            np.testing.assert_allclose(np.array(mean, dtype=float), fm, atol=1e-12)
            np.testing.assert_allclose(np.array(cov, dtype=float), fc, atol=1e-10)
            factor = 1 / B if replace else (n - B) / (B * (n - 1))
            np.testing.assert_allclose(np.array(cov, dtype=float), factor * S, atol=1e-12)


def test_workers_and_exactness():
    G = [[1, 0], [0, 2], [3, 3]]
    _, c1 = batch_moments(G, 2, True)
    _, c2 = batch_moments(G, 2, True, workers=2)
    assert c2 == tuple(tuple(x / 2 for x in row) for row in c1)
    assert mean_vector(G) == (Fraction(4, 3), Fraction(5, 3))
    assert batch_moments([[2, 2]] * 4, 2, False)[1] == ((0, 0), (0, 0))


def test_batches_and_invalid():
    assert len(batches(4, 2, True)) == 16 and len(batches(4, 2, False)) == 6
    with pytest.raises(ValueError):
        batches(3, 4, False)
    with pytest.raises(ValueError):
        batch_moments([[1], [2]], 1, True, workers=0)
    with pytest.raises(ValueError):
        empirical_covariance([[1], [2, 3]])


def _problem(seed: int, ridge: float = 0.0) -> FiniteSum:
    rng = np.random.default_rng(seed)
    return FiniteSum(tuple(Example(rng.standard_normal(2), float(rng.choice([-1, 1])), loss)
                           for loss in (LOGISTIC, LINEAR, cosine(0.7, 0.3))), ridge=ridge)


@pytest.mark.parametrize("seed", range(3))
def test_sgd_levels_match_single_runs(seed):
    p = _problem(seed)
    steps, w0, T = (0.3, 0.2, 0.1), np.array([0.5, -0.2]), 3
    levels = sgd_levels(p, tuple((i,) for i in range(p.n)), steps, w0)
    for k, seq in enumerate(itertools.product(range(p.n), repeat=T)):
        run = sgd(p.examples, seq, steps, w0)
        for t in range(T + 1):
            np.testing.assert_allclose(levels[t][k // p.n ** (T - t)], run[t], atol=1e-14)
    avg = path_average(levels, T)
    seq = (2, 0, 1)
    k = int(np.ravel_multi_index(seq, (p.n,) * T))
    np.testing.assert_allclose(avg[k], sgd(p.examples, seq, steps, w0)[:T].mean(axis=0), atol=1e-14)


def test_ridge_gradient_value_and_second_moment():
    p = _problem(4, ridge=0.5)
    W = np.array([[0.3, -1.0], [2.0, 0.1]])
    h = 1e-6
    for a in range(2):
        e = np.zeros(2)
        e[a] = h
        fd = (p.value(W + e) - p.value(W - e)) / (2 * h)
        np.testing.assert_allclose(p.gradient(W)[:, a], fd, atol=1e-7)
    singles = tuple((i,) for i in range(p.n))
    m2 = second_moment(p, singles, W)
    np.testing.assert_allclose(m2, np.mean([np.sum(p.example_gradient(i, W) ** 2, axis=1) for i in range(p.n)], axis=0))


def test_cosine_loss_and_invalid_levels():
    loss = cosine(-2.0, 1.0)
    z = np.linspace(-3, 3, 7)
    np.testing.assert_allclose(loss.derivative(z, 0), (loss.value(z + 1e-6, 0) - loss.value(z - 1e-6, 0)) / 2e-6, atol=1e-7)
    assert loss.lipschitz == loss.smoothness == 2.0 and not loss.convex
    with pytest.raises(ValueError):
        cosine(math.inf, 0.0)
    p = _problem(0)
    with pytest.raises(ValueError):
        sgd_levels(p, ((5,),), (0.1,), np.zeros(2))
    with pytest.raises(ValueError):
        sgd_levels(p, ((0,), (1,)), (0.1,) * 20, np.zeros(2))
