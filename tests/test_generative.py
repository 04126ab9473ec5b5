"""Tests of checks.generative against brute force, closed forms and NumPy/SciPy references."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
import torch
from scipy import optimize

from checks.divergences import distribution
from checks.generative import (chain_factor, conv1x1, coupling_forward, coupling_inverse, forward_moments,
                               gan_value, gaussian_condition, half_collision_size, jacobian, jsd, no_collision,
                               no_collision_uniform, optimal_discriminator, pushforward, selector, standard_normal_logpdf,
                               step_law, threshold_generator)


def test_gan_value_matches_float_and_optimizer():
    p, q = distribution([1, 2, 3]), distribution([3, 1, 0])
    d = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))
    ref = sum(float(a) * math.log(float(x)) + float(b) * math.log(1 - float(x)) for a, b, x in zip(p, q, d))
    assert float(gan_value(p, q, d)) == pytest.approx(ref, abs=1e-14)
    dstar = optimal_discriminator(p, q)
    for a, b, x in zip(p, q, dstar):  # a scalar optimizer of a log d + b log(1 - d) agrees
        if 0 < a and 0 < b:
            r = optimize.minimize_scalar(lambda t: -(float(a) * math.log(t) + float(b) * math.log(1 - t)),
                                         bounds=(1e-9, 1 - 1e-9), method="bounded", options={"xatol": 1e-12})
            assert r.x == pytest.approx(float(x), abs=1e-6)
    with pytest.raises(ValueError):
        gan_value(p, q, (Fraction(0), Fraction(1, 2), Fraction(1, 2)))


def test_jsd_against_scipy():
    from scipy.spatial.distance import jensenshannon
    p, q = distribution([1, 2, 0, 5]), distribution([0, 2, 3, 1])
    assert float(jsd(p, q)) == pytest.approx(jensenshannon([float(x) for x in p], [float(x) for x in q]) ** 2, abs=1e-14)
    assert jsd(p, p).is_zero


def test_pushforward_and_step_law():
    law = pushforward([(z, Fraction(1, 4)) for z in range(4)], lambda z: z % 2)
    assert law == {0: Fraction(1, 2), 1: Fraction(1, 2)}
    pi = (Fraction(1, 6), Fraction(1, 2), Fraction(1, 3))
    k = selector(pi)
    assert step_law([Fraction(1, 6), Fraction(2, 3)], k) == {0: pi[0], 1: pi[1], 2: pi[2]}
    grid = [Fraction(2 * i + 1, 2000) for i in range(1000)]  # brute force: midpoints of a fine grid
    counts = {j: sum(1 for u in grid if k(u) == j) for j in range(3)}
    assert all(abs(Fraction(counts[j], 1000) - pi[j]) <= Fraction(1, 1000) for j in range(3))
    with pytest.raises(ValueError):
        selector((Fraction(1, 2), Fraction(1, 3)))


def test_threshold_generator():
    pts = [(Fraction(0), Fraction(1)), (Fraction(2), Fraction(2)), (Fraction(-1), Fraction(5))]
    g, params = threshold_generator(pts)
    assert [g(Fraction(1, 6)), g(Fraction(1, 2)), g(Fraction(5, 6))] == [tuple(p) for p in pts]
    assert params == 2 * 2 + 2 * 2 + 2


def test_collision_probabilities():
    # brute force over all sequences of 3 draws from 4 items, uniform and weighted
    assert no_collision_uniform(4, 3) == Fraction(sum(len(set(s)) == 3 for s in itertools.product(range(4), repeat=3)), 64)
    w = distribution([1, 2, 3, 4])
    brute = sum(math.prod(w[i] for i in s) for s in itertools.product(range(4), repeat=3) if len(set(s)) == 3)
    assert no_collision(w, 3) == brute
    assert no_collision(distribution([1] * 7), 4) == no_collision_uniform(7, 4)
    assert no_collision_uniform(365, 23) < Fraction(1, 2) < no_collision_uniform(365, 22)
    assert half_collision_size(distribution([1] * 30)) == min(s for s in range(1, 31)
                                                              if no_collision_uniform(30, s) <= Fraction(1, 2))
    assert no_collision_uniform(3, 5) == 0


def test_coupling_layer_roundtrip():
    g = torch.Generator().manual_seed(0)
    z = torch.randn(5, 4, generator=g, dtype=torch.float64)
    h = lambda za: torch.exp(za.sum(-1, keepdim=True) * torch.ones(2, dtype=torch.float64))  # noqa: E731
    s = lambda za: za ** 2  # noqa: E731
    y = coupling_forward(z, 2, h, s)
    assert torch.allclose(y[:, :2], z[:, :2]) and torch.allclose(coupling_inverse(y, 2, h, s), z, atol=1e-13)
    jac = jacobian(lambda v: coupling_forward(v, 2, h, s), z[0]).numpy()
    eps = 1e-6
    num = np.stack([(coupling_forward(z[0] + eps * e, 2, h, s) - coupling_forward(z[0] - eps * e, 2, h, s)).numpy()
                    / (2 * eps) for e in torch.eye(4, dtype=torch.float64)], 1)
    assert np.allclose(jac, num, atol=1e-7)


def test_conv1x1_and_logpdf():
    g = torch.Generator().manual_seed(1)
    w = torch.randn(3, 3, generator=g, dtype=torch.float64)
    x = torch.randn(3, 2, 2, generator=g, dtype=torch.float64)
    assert torch.allclose(conv1x1(x, w), torch.einsum("ij,jhw->ihw", w, x))
    from scipy import stats
    v = torch.randn(4, generator=g, dtype=torch.float64)
    assert float(standard_normal_logpdf(v)) == pytest.approx(stats.multivariate_normal(np.zeros(4)).logpdf(v.numpy()))


def test_forward_moments_and_chain():
    betas = [Fraction(1, 2), Fraction(1, 10), Fraction(3, 4)]
    mom = forward_moments(betas)
    assert mom[3] == (Fraction(1, 2) * Fraction(9, 10) * Fraction(1, 4), 1 - Fraction(1, 2) * Fraction(9, 10) * Fraction(1, 4))
    m, lmat = chain_factor([float(b) for b in betas])
    rng = np.random.default_rng(0)  # Monte Carlo of the chain agrees with the factor to 5 standard errors
    eps = rng.standard_normal((40000, 3))
    x = np.ones(40000)
    for t, b in enumerate(betas):
        x = math.sqrt(1 - b) * x + math.sqrt(b) * eps[:, t]
    assert abs(x.mean() - m[3]) < 5 * math.sqrt(float(mom[3][1]) / 40000)
    assert np.allclose(lmat[3] @ lmat[3], float(mom[3][1]))
    with pytest.raises(ValueError):
        forward_moments([Fraction(1)])


def test_gaussian_condition_against_regression():
    cov = np.array([[2.0, 0.6], [0.6, 1.0]])
    mean, var = gaussian_condition(np.array([[1.0], [0.0]]), cov, 0, 1, np.array([2.0]))
    assert mean[0] == pytest.approx(1 + 0.6 * 2) and var == pytest.approx(2 - 0.36)
    with pytest.raises(ValueError):
        gaussian_condition(np.zeros((2, 1)), np.zeros((2, 2)), 0, 1, np.zeros(1))
