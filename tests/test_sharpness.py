import numpy as np
import pytest
import torch

from checks.sharpness import loss_derivatives, quadratic, relu_loss_derivatives, relu_net, reparametrized


def test_relu_net_and_derivatives_against_closed_forms():
    rng = np.random.default_rng(0)
    W1, W2, X, y = rng.normal(size=(3, 2)), rng.normal(size=3), rng.normal(size=(5, 2)), rng.normal(size=5)
    Z = X @ W1.T
    out = np.maximum(Z, 0) @ W2
    assert np.allclose(relu_net(W1, W2, X), out, rtol=1e-14)
    L, g, H = relu_loss_derivatives(W1, W2, X, y)
    r = out - y
    assert L == pytest.approx(np.mean(r**2), rel=1e-13)
    act = np.maximum(Z, 0)
    assert np.allclose(g[6:], 2 * act.T @ r / 5, rtol=1e-12)  # dL/dW2
    D = (Z > 0).astype(float)
    gW1 = 2 / 5 * ((r[:, None] * D * W2[None, :]).T @ X)
    assert np.allclose(g[:6], gW1.ravel(), rtol=1e-12)
    assert np.allclose(H[6:, 6:], 2 * act.T @ act / 5, rtol=1e-12)  # the W2 block: (2/n) A^T A
    assert np.allclose(H, H.T, atol=1e-13)
    with pytest.raises(ValueError):
        relu_loss_derivatives(np.zeros((2, 2)), np.ones(2), X, y)


def test_quadratic_and_reparametrization():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(3, 3)); H = A @ A.T + np.eye(3); b = rng.normal(size=3); th = rng.normal(size=3)
    L, g, Hq = loss_derivatives(quadratic(H, b), th)
    assert L == pytest.approx(0.5 * th @ H @ th - b @ th, rel=1e-13)
    assert np.allclose(g, H @ th - b, rtol=1e-12) and np.allclose(Hq, H, rtol=1e-12)
    M = rng.normal(size=(3, 3)) + 2 * np.eye(3)
    _, gM, HM = loss_derivatives(reparametrized(quadratic(H, b), M), th)
    assert np.allclose(gM, M.T @ (H @ (M @ th) - b), rtol=1e-11) and np.allclose(HM, M.T @ H @ M, rtol=1e-11)
    with pytest.raises(ValueError):
        quadratic(np.eye(2), np.ones(3))


def test_normalized_tanh_loss_matches_numpy():
    from checks.sharpness import normalized_tanh_loss
    rng = np.random.default_rng(2)
    v, X, y, W = rng.normal(size=3), rng.normal(size=(4, 2)), rng.normal(size=4), rng.normal(size=(3, 2))
    L = normalized_tanh_loss(v, X, y)
    ref = np.mean((np.tanh(X @ W.T / np.linalg.norm(W)) @ v - y) ** 2)
    assert float(L(torch.as_tensor(W.ravel(), dtype=torch.float64))) == pytest.approx(ref, rel=1e-13)
    assert float(L(torch.as_tensor(3 * W.ravel(), dtype=torch.float64))) == pytest.approx(ref, rel=1e-13)
