"""Tests of checks.attention against torch, SciPy and direct formulas."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.special import softmax

from checks.attention import (Head, MacCounter, attention, attention_weights, frequencies, layer_norm,
                              multi_head_attention, rotation, row_attention_layer, sinusoidal_encoding,
                              transformer_epoch_macs)

RNG = np.random.default_rng(0)


def test_causal_weights_match_masked_scipy_softmax():
    Q, K = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 3))
    S = Q @ K.T / np.sqrt(3)
    for i in range(5):
        expected = np.zeros(5)
        expected[: i + 1] = softmax(S[i, : i + 1])
        np.testing.assert_allclose(attention_weights(Q, K)[i], expected, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(attention_weights(Q, K, causal=False), softmax(S, axis=1), rtol=1e-13)


def test_attention_matches_torch_sdpa_and_saturates():
    Q, K, V = (RNG.normal(size=(6, 4)) for _ in range(3))
    t = [torch.from_numpy(a)[None] for a in (Q, K, V)]
    ref = torch.nn.functional.scaled_dot_product_attention(*t, is_causal=True)[0].numpy()
    np.testing.assert_allclose(attention(Q, K, V), ref, rtol=1e-12, atol=1e-13)
    assert np.all(np.isfinite(attention_weights(1e6 * Q, K)))


def test_multi_head_concatenates_heads():
    X = RNG.normal(size=(4, 3))
    heads = tuple(Head(*(RNG.normal(size=(3, 2)) for _ in range(3))) for _ in range(2))
    Wo = RNG.normal(size=(4, 3))
    expected = np.concatenate([attention(X @ h.Wq, X @ h.Wk, X @ h.Wv) for h in heads], axis=1) @ Wo
    np.testing.assert_allclose(multi_head_attention(X, heads, Wo), expected)


def test_layer_norm_matches_torch():
    X = RNG.normal(size=(3, 5))
    ref = torch.nn.functional.layer_norm(torch.from_numpy(X), (5,)).numpy()
    np.testing.assert_allclose(layer_norm(X), ref, rtol=1e-12, atol=1e-12)


def test_sinusoidal_encoding_formula_and_rotation():
    d = 8
    P = sinusoidal_encoding(np.array([0, 3, 7]), d)
    for r, p in enumerate([0, 3, 7]):
        for i in range(d // 2):
            w = 10000 ** (-2 * i / d)
            assert P[r, 2 * i] == pytest.approx(np.sin(p * w)) and P[r, 2 * i + 1] == pytest.approx(np.cos(p * w))
    R = rotation(4, d)
    np.testing.assert_allclose(R @ R.T, np.eye(d), atol=1e-15)
    np.testing.assert_allclose(R @ P[1], sinusoidal_encoding(np.array([7]), d)[0], atol=1e-14)
    with pytest.raises(ValueError):
        frequencies(5)


def test_mac_counter_counts_products_and_rejects_bad_specs():
    A, B = RNG.normal(size=(2, 3)), RNG.normal(size=(3, 4))
    c = MacCounter()
    np.testing.assert_allclose(c.einsum("mm", "ij,jk->ik", A, B), A @ B)
    assert c.macs == {"mm": 24}
    with pytest.raises(ValueError):
        c.einsum("bad", "ij,jk->ik", A, A)
    with pytest.raises(ValueError):
        c.einsum("bad", "i...->i", A)


def test_row_layer_counts_and_epoch_divisibility():
    c = MacCounter()
    X = RNG.normal(size=(5, 3))
    out = row_attention_layer(X, RNG.normal(size=(3, 2)), RNG.normal(size=(3, 2)), RNG.normal(size=(3, 4)), c)
    assert out.shape == (5, 4)
    assert c.macs == {"projections": 5 * 3 * 8, "scores": 25 * 2, "weighted sum": 25 * 4} and c.exps == 25
    with pytest.raises(ValueError):
        transformer_epoch_macs(np.zeros((2, 5)), ((np.eye(2),) * 3,), 2)
