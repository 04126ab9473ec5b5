"""Tests of checks.network_lipschitz against closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from checks.network_lipschitz import (ACTIVATIONS, DEVICE, frobenius_product, jacobian_norm, network,
                                      lipschitz_lower_estimate, spectral_product)


def test_activation_constants_closed_forms():
    assert ACTIVATIONS["gelu"][1] == pytest.approx(1.1289, abs=1e-4)
    assert ACTIVATIONS["silu"][1] == pytest.approx(1.0998, abs=1e-4)
    x = torch.linspace(-10, 10, 200001, dtype=torch.float64, requires_grad=True)
    torch.nn.functional.silu(x).sum().backward()
    assert float(x.grad.max()) == pytest.approx(ACTIVATIONS["silu"][1], abs=1e-9)


def test_network_matches_manual_forward():
    rng = np.random.default_rng(1)
    W1, W2, b1, b2 = rng.standard_normal((3, 2)), rng.standard_normal((1, 3)), rng.standard_normal(3), rng.standard_normal(1)
    f = network([W1, W2], "tanh", [b1, b2])
    x = np.array([0.3, -0.7])
    expected = W2 @ np.tanh(W1 @ x + b1) + b2
    assert f(torch.as_tensor(x, device=DEVICE)).cpu().numpy() == pytest.approx(expected, rel=1e-14)


def test_jacobian_norm_of_linear_map_is_spectral_norm():
    W = np.array([[3.0, 0.0], [0.0, -1.0], [1.0, 1.0]])
    f = network([W], "relu")
    assert jacobian_norm(f, torch.zeros(2, dtype=torch.float64, device=DEVICE)) == pytest.approx(np.linalg.norm(W, 2), rel=1e-14)


def test_aligned_relu_net_attains_product():
    u = [np.array([0.6, 0.8]), np.array([1.0, 0.0, 0.0]) + 0.1, np.array([1.0])]
    u = [v / np.linalg.norm(v) for v in u]
    Ws = [2.0 * np.outer(u[1], u[0]), 3.0 * np.outer(u[2], u[1])]
    f = network(Ws, "relu")
    assert spectral_product(Ws) == pytest.approx(6.0, rel=1e-14)
    assert lipschitz_lower_estimate(f, 2, seed=0, starts=[u[0]]) == pytest.approx(6.0, rel=1e-12)


def test_sign_split_lipschitz_positive_although_product_vanishes():
    A, C = np.array([[1.0]]), np.array([[1.0]])
    Ws = [np.vstack([A, -A]), np.hstack([C, C])]
    assert np.allclose(Ws[1] @ Ws[0], 0)
    assert lipschitz_lower_estimate(network(Ws, "relu"), 1, seed=3) == pytest.approx(1.0, rel=1e-12)


def test_frobenius_product_dominates_spectral():
    rng = np.random.default_rng(2)
    Ws = [rng.standard_normal((3, 4)), rng.standard_normal((2, 3))]
    assert frobenius_product(Ws) >= spectral_product(Ws)
    assert frobenius_product(Ws) == pytest.approx(math.prod(np.linalg.norm(W) for W in Ws))


def test_bad_input():
    with pytest.raises(ValueError):
        network([], "relu")
    with pytest.raises(ValueError):
        network([np.ones((2, 3)), np.ones((1, 3))], "relu")
    with pytest.raises(ValueError):
        network([np.ones((2, 3))], "swish")
