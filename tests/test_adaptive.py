"""Tests of checks.adaptive against torch.optim (same gradient streams, float64) and closed forms."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import torch

from checks.adaptive import adagrad, adagrad_norm, adagrad_offset, adam, adam_moments


def _stream(seed: int, T: int = 12, d: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    G = rng.standard_normal((T, d)) * rng.uniform(0.1, 10, d)
    G[rng.uniform(size=(T, d)) < 0.3] = 0.0          # sparse coordinates
    return G


def _torch_run(make, G: np.ndarray, x0: np.ndarray, grad_of=None) -> np.ndarray:
    p = torch.nn.Parameter(torch.tensor(x0, dtype=torch.float64))
    opt = make([p])
    xs = [x0.copy()]
    for t in range(G.shape[0]):
        opt.zero_grad()
        p.grad = torch.tensor(G[t], dtype=torch.float64)
        opt.step()
        xs.append(p.detach().numpy().copy())
    return np.array(xs)


@pytest.mark.parametrize("seed", range(4))
def test_adagrad_matches_torch(seed):
    G, x0 = _stream(seed), np.random.default_rng(seed + 7).standard_normal(3)
    ours = adagrad(lambda x, t: G[t], x0, 0.3, len(G), eps=1e-10).x
    ref = _torch_run(lambda ps: torch.optim.Adagrad(ps, lr=0.3, eps=1e-10), G, x0)
    np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("amsgrad", [False, True])
@pytest.mark.parametrize("wd,decoupled", [(0.0, False), (0.1, False), (0.1, True)])
def test_adam_family_matches_torch(seed, amsgrad, wd, decoupled):
    G, x0 = _stream(seed), np.random.default_rng(seed + 7).standard_normal(3)
    ours = adam(lambda x, t: G[t], x0, 0.05, len(G), beta1=0.8, beta2=0.95, eps=1e-8, amsgrad=amsgrad,
                weight_decay=wd, decoupled=decoupled).x
    cls = torch.optim.AdamW if decoupled else torch.optim.Adam
    ref = _torch_run(lambda ps: cls(ps, lr=0.05, betas=(0.8, 0.95), eps=1e-8, amsgrad=amsgrad, weight_decay=wd),
                     G, x0)
    np.testing.assert_allclose(ours, ref, rtol=1e-11, atol=1e-12)


def test_adagrad_zero_gradients_do_not_move_and_rates_are_inf():
    G = np.array([[0.0, 2.0], [0.0, 0.0]])
    tr = adagrad(lambda x, t: G[t], [1.0, 1.0], 0.5, 2)
    assert tr.x[-1, 0] == 1.0 and tr.x[1, 1] == pytest.approx(0.5)
    assert np.isinf(tr.rate[0, 0]) and tr.rate[1, 1] == pytest.approx(0.25)


def test_box_clipping():
    tr = adagrad(lambda x, t: np.array([-1.0]), [0.0], 5.0, 3, lo=-1, hi=1)
    assert tr.x[-1, 0] == 1.0


def test_adagrad_norm_and_offset_closed_forms():
    G = np.array([[3.0, 4.0], [0.0, 5.0]])
    tr = adagrad_norm(lambda x, t: G[t], [0.0, 0.0], 1.0, 2)
    np.testing.assert_allclose(tr.x[1], -G[0] / 5)
    np.testing.assert_allclose(tr.x[2], tr.x[1] - G[1] / np.sqrt(50))
    off = adagrad_offset(lambda x, t: G[t], [0.0, 0.0], 4.0, 2)
    np.testing.assert_allclose(off.x[1], -G[0] / 2)
    np.testing.assert_allclose(off.rate[1], 1 / np.sqrt(4 + G[0] ** 2))


def test_adam_moments_exact_agrees_with_float_run():
    G = [[Fraction(1), Fraction(-2)], [Fraction(3), Fraction(0)], [Fraction(-1, 2), Fraction(5)]]
    m, v = adam_moments(G, Fraction(9, 10), Fraction(99, 100))
    tr = adam(lambda x, t: np.array([float(a) for a in G[t]]), [0.0, 0.0], 1.0, 3, 0.9, 0.99, eps=0.0)
    steps = -np.diff(tr.x, axis=0)
    expected = np.array([[float(a) / float(b) ** 0.5 if b else 0.0 for a, b in zip(mt, vt)] for mt, vt in zip(m, v)])
    np.testing.assert_allclose(steps, expected, rtol=1e-13)
    _, vmax = adam_moments(G, Fraction(9, 10), Fraction(99, 100), amsgrad=True)
    assert all(a >= b for x, y in zip(vmax, v) for a, b in zip(x, y)) and vmax != v


def test_invalid_parameters_raise():
    with pytest.raises(ValueError):
        adam(lambda x, t: x, [0.0], 0.1, 1, beta1=1.0)
    with pytest.raises(ValueError):
        adagrad(lambda x, t: x, [0.0], -1.0, 1)
    with pytest.raises(ValueError):
        adagrad_offset(lambda x, t: x, [0.0], 0.0, 1)
