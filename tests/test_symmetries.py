"""checks.symmetries against torch autograd and hand computations."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import torch

from checks import symmetries as sy


def _net(rng: np.random.Generator, d: int, k: int, m: int) -> sy.TwoLayer:
    return sy.TwoLayer(rng.standard_normal((k, d)), rng.standard_normal(k), rng.standard_normal((m, k)),
                       rng.standard_normal(m))


@pytest.mark.parametrize("activation", ["relu", "leaky-relu", "linear", "square"])
def test_forward_and_gradient_match_torch(activation):
    rng = np.random.default_rng(1)
    net = _net(rng, 3, 4, 2)
    X, Y = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    ps = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in net.parts]
    act = {"relu": torch.relu, "leaky-relu": lambda u: torch.nn.functional.leaky_relu(u, 0.1),
           "linear": lambda u: u, "square": lambda u: u * u}[activation]
    out = act(torch.tensor(X) @ ps[0].T + ps[1]) @ ps[2].T + ps[3]
    loss = ((out - torch.tensor(Y)) ** 2).sum() / (2 * len(X))
    grads = torch.autograd.grad(loss, ps)
    np.testing.assert_allclose(sy.forward(net, X, activation).astype(float), out.detach().numpy(), atol=1e-12)
    assert float(sy.loss(net, X, Y, activation)) == pytest.approx(loss.item(), rel=1e-12)
    G = sy.loss_gradient(net, X, Y, activation)
    for mine, ref in zip(G.parts, grads):
        np.testing.assert_allclose(np.asarray(mine, dtype=float), ref.numpy(), atol=1e-12)


def test_permutation_rescaling_and_sign_by_hand():
    F = Fraction
    net = sy.TwoLayer(np.array([[F(1)], [F(-2)]], dtype=object), np.array([F(0), F(1)], dtype=object),
                      np.array([[F(3), F(5)]], dtype=object), np.array([F(0)], dtype=object))
    p = sy.permute(net, [1, 0])
    assert list(p.W2[0]) == [5, 3] and list(p.b1) == [1, 0]
    s = sy.rescale(net, [F(2), F(1, 2)])
    assert list(s.W1[:, 0]) == [2, -1] and list(s.W2[0]) == [F(3, 2), 10]
    X = np.array([[F(1)], [F(-1)]], dtype=object)
    # relu(x) * 3 + relu(1 - 2x) * 5 at x = 1, -1
    assert list(sy.forward(net, X).flat) == [3, 15]
    assert list(sy.sign(net).W1.flat) == [1, -1]


def test_malformed_inputs_raise():
    net = _net(np.random.default_rng(0), 2, 3, 1)
    with pytest.raises(ValueError, match="permutation"):
        sy.permute(net, [0, 0, 1])
    with pytest.raises(ValueError, match="nonzero"):
        sy.rescale(net, [1, 0, 1])
    with pytest.raises(ValueError, match="activation"):
        sy.forward(net, np.ones((2, 2)), "tanh")
    with pytest.raises(ValueError, match="shape"):
        sy.forward(net, np.ones((2, 3)))
    with pytest.raises(ValueError, match="inconsistent"):
        sy.TwoLayer(np.ones((3, 2)), np.ones(2), np.ones((1, 3)), np.ones(1))
