"""Tests of checks.lora against torch autograd and NumPy projectors."""


import numpy as np
import pytest
import torch

from checks.exact_linalg import fractions
from checks.lora import (cayley_orthogonal, column_projector, factor_flow_velocity, factor_gradients, full_gradient,
                         lora_parameters, loss, tangent_projection, truncated_svd)


def _rand(rng, *shape):
    return fractions(rng.integers(-3, 4, shape).tolist())


def _f(M):
    return np.array(M, dtype=float)


def test_gradients_match_autograd():
    rng = np.random.default_rng(0)
    X, Y, W0, B, A = _rand(rng, 3, 4), _rand(rng, 3, 5), _rand(rng, 4, 5), _rand(rng, 4, 2), _rand(rng, 2, 5)
    tB = torch.tensor(_f(B), dtype=torch.float64, requires_grad=True)
    tA = torch.tensor(_f(A), dtype=torch.float64, requires_grad=True)
    tX, tY, tW0 = (torch.tensor(_f(M), dtype=torch.float64) for M in (X, Y, W0))
    val = 0.5 * ((tX @ (tW0 + tB @ tA) - tY) ** 2).sum()
    val.backward()
    W = W0 + B @ A
    assert abs(float(loss(X, Y, W)) - val.item()) < 1e-9
    gB, gA = factor_gradients(full_gradient(X, Y, W), B, A)
    assert np.allclose(_f(gB), tB.grad.numpy()) and np.allclose(_f(gA), tA.grad.numpy())
    with pytest.raises(ValueError):
        factor_gradients(full_gradient(X, Y, W), A, B)


def test_tangent_projection_matches_numpy():
    rng = np.random.default_rng(1)
    G, B, A = _rand(rng, 4, 5), _rand(rng, 4, 2), _rand(rng, 2, 5)
    QB, QA = np.linalg.qr(_f(B))[0], np.linalg.qr(_f(A).T)[0]
    PB, PA = QB @ QB.T, QA @ QA.T
    ref = PB @ _f(G) + _f(G) @ PA - PB @ _f(G) @ PA
    assert np.allclose(_f(tangent_projection(G, B, A)), ref)
    assert np.allclose(_f(column_projector(B)), PB)
    V = factor_flow_velocity(G, B, A)
    assert np.allclose(_f(V), -(_f(G) @ _f(A).T @ _f(A) + _f(B) @ _f(B).T @ _f(G)))
    with pytest.raises(ValueError):
        column_projector(fractions([[1, 2], [2, 4]]))


def test_cayley_and_counts_and_svd():
    S = fractions([[0, 1, -2], [-1, 0, 3], [2, -3, 0]])
    Q = cayley_orthogonal(S)
    assert (Q.T @ Q == fractions(np.eye(3, dtype=int))).all()
    with pytest.raises(ValueError):
        cayley_orthogonal(fractions([[0, 1], [1, 0]]))
    assert lora_parameters(12288, 12288, 16) == (2 * 12288 * 16, 12288**2)
    with pytest.raises(ValueError):
        lora_parameters(3, 0, 1)
    M = np.random.default_rng(2).standard_normal((5, 4))
    low, s = truncated_svd(M, 2)
    assert np.linalg.matrix_rank(low) == 2
    assert abs(np.sum((M - low) ** 2) - np.sum(s[2:] ** 2)) < 1e-12
