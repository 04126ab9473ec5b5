"""Architecture building blocks against independent references (torch autograd, NumPy, closed forms)."""

from fractions import Fraction as F

import numpy as np
import pytest
import torch

from checks.architectures import (Dag, Mlp, backprop, circular_conv, dag_backprop, dag_forward_mode, encoder_layer,
                                  forward_mode_gradient, graph_distances, message_passing, shift, sign_expectation,
                                  sq_norm)
from checks.attention import Block, Head, transformer


def _net(rng, widths):
    return Mlp(tuple(tuple(tuple(F(int(v), 4) for v in row) for row in rng.integers(-4, 5, size=(b, a)))
                     for a, b in zip(widths, widths[1:])))


def test_backprop_matches_torch_autograd():
    rng = np.random.default_rng(0)
    for _ in range(5):
        net = _net(rng, [3, 4, 2, 1])
        x = [F(int(v), 3) for v in rng.integers(-3, 4, size=3)]
        Ws = [torch.tensor([[float(v) for v in r] for r in W], dtype=torch.float64, requires_grad=True)
              for W in net.weights]
        h = torch.tensor([float(v) for v in x], dtype=torch.float64)
        for l, W in enumerate(Ws):
            h = W @ h
            if l < len(Ws) - 1:
                h = torch.relu(h)
        h.sum().backward()
        b = backprop(net, x)
        for g, W in zip(b.grads, Ws):
            assert np.allclose(np.array(g, dtype=float), W.grad.numpy(), atol=1e-12)
        assert b.grads == forward_mode_gradient(net, x)
        assert b.forward_mults == 3 * 4 + 4 * 2 + 2 and b.backward_mults == 22 + 4 * 2 + 2


def test_dag_backprop_on_a_diamond():
    g = Dag(4, ((0, 1, F(2)), (0, 2, F(3)), (1, 3, F(5)), (2, 3, F(7))))
    S, msgs = dag_backprop(g)
    assert S == [2 * 5 + 3 * 7, 5, 7, 1] and msgs == 4
    ders, cost = dag_forward_mode(g)
    assert ders == S and cost == 4 + 1 + 1 + 0
    with pytest.raises(ValueError):
        Dag(3, ((2, 1, F(1)),))


def test_conv_shift_and_message_passing_against_numpy():
    x, k = [F(v) for v in (1, -2, 3, 5)], [F(2), F(-1)]
    ref = [sum(float(k[j]) * float(x[(i + j) % 4]) for j in range(2)) for i in range(4)]
    assert [float(v) for v in circular_conv(x, k)] == ref
    assert shift(x, 1) == list(np.roll(np.array(x, dtype=object), 1))
    assert circular_conv(x, k, circular=False)[-1] == 2 * x[-1]
    A = [[0, 1, 0], [1, 0, 1], [0, 1, 0]]
    H = [[F(1)], [F(-2)], [F(3)]]
    out = message_passing(A, H, [[F(1)]], [[F(2)]])
    ref = np.maximum(np.array(A) @ np.array([[1.0], [-2.0], [3.0]]) + 2 * np.array([[1.0], [-2.0], [3.0]]), 0)
    assert np.array_equal(np.array(out, dtype=float), ref)
    assert graph_distances(A, 0) == [0, 1, 2]


def test_sign_expectation_closed_forms():
    x = (F(1), F(-2))
    # E (w.x)^2 = ||x||^2 and E relu(w.x)^2 = ||x||^2 / 2 for Rademacher w
    assert sign_expectation([(1, 2)], lambda W: (W[0][0] * x[0] + W[0][1] * x[1]) ** 2) == sq_norm(x)
    assert sign_expectation([(1, 2)], lambda W: max(W[0][0] * x[0] + W[0][1] * x[1], 0) ** 2) == sq_norm(x) / 2
    with pytest.raises(ValueError):
        sign_expectation([(4, 4)], lambda W: 0)


def test_encoder_layer_matches_reference_transformer():
    rng = np.random.default_rng(1)
    n, d, w = 5, 4, 3
    X = rng.normal(size=(n, d))
    Wq, Wk, Wv = rng.normal(size=(d, d)), rng.normal(size=(d, d)), rng.normal(size=(d, d))
    W1, W2 = rng.normal(size=(d, w)), rng.normal(size=(w, d))
    ours = encoder_layer(X, Wq, Wk, Wv, W1, W2)
    block = Block((Head(Wq, Wk, Wv),), np.eye(d), W1, np.zeros(w), W2, np.zeros(d))
    ref = transformer(X, (block,), causal=False, pre_norm=False)
    assert np.allclose(ours, ref, atol=1e-10)
    assert np.allclose(encoder_layer(X, Wq, Wk, Wv, W1, W2, causal=True),
                       transformer(X, (block,), causal=True, pre_norm=False), atol=1e-10)


def test_hvp_matches_central_differences_of_the_gradient():
    from checks.architectures import hvp_double_backward, tanh_mlp_residuals

    g = torch.Generator().manual_seed(3)
    shapes = ((3, 2), (1, 3))
    theta, v = torch.randn(9, generator=g, dtype=torch.float64), torch.randn(9, generator=g, dtype=torch.float64)
    X, y = torch.randn(4, 2, generator=g, dtype=torch.float64), torch.randn(4, generator=g, dtype=torch.float64)
    f = lambda t: 0.5 * (tanh_mlp_residuals(t, shapes, X, y) ** 2).sum()
    grad = lambda t: torch.autograd.functional.jacobian(f, t)
    h = 1e-5
    fd = (grad(theta + h * v) - grad(theta - h * v)) / (2 * h)
    assert torch.allclose(hvp_double_backward(f, theta, v), fd, atol=1e-7)
    with pytest.raises(ValueError):
        tanh_mlp_residuals(theta[:5], shapes, X, y)
