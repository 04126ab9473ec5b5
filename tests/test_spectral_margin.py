import numpy as np
import pytest
import torch

from checks.spectral_margin import (bartlett_term, forward, margins, neyshabur_term, norm_21_rows,
                                    spectral_complexity, stable_rank)


def test_forward_matches_torch():
    rng = np.random.default_rng(0)
    Ws = [rng.standard_normal((4, 3)), rng.standard_normal((5, 4)), rng.standard_normal((2, 5))]
    X = rng.standard_normal((6, 3))
    h = torch.tensor(X)
    for W in Ws[:-1]:
        h = torch.relu(h @ torch.tensor(W).T)
    ref = (h @ torch.tensor(Ws[-1]).T).numpy()
    assert np.allclose(forward(Ws, X), ref, rtol=1e-13, atol=1e-13)


def test_norms_closed_forms():
    A = np.diag([3.0, 4.0])
    assert stable_rank(A) == pytest.approx(25 / 16)
    assert norm_21_rows(np.array([[3.0, 4.0], [0.0, 1.0]])) == pytest.approx(6.0)
    # one identity layer of width h: R_A = 1·(h^{2/3})^{3/2} = h
    assert spectral_complexity([np.eye(5)]) == pytest.approx(5.0)


def test_terms_on_a_tiny_net():
    Ws = [np.eye(2)]
    X = np.array([[3.0, 4.0], [0.0, 0.0]])
    assert bartlett_term(Ws, X, 0.5) == pytest.approx(5 * 2 / (0.5 * 2))
    assert neyshabur_term(Ws, X, 1.0) == pytest.approx(np.sqrt(25 * 1 * 2 * 1 * 2 / 2))


def test_margins():
    out = np.array([[1.0, 3.0, 2.0], [0.0, -1.0, 4.0]])
    assert np.allclose(margins(out, np.array([1, 0])), [1.0, -4.0])
    assert np.allclose(margins(np.array([[2.0], [-1.0]]), np.array([1, 1])), [2.0, -1.0])


def test_malformed():
    with pytest.raises(ValueError):
        forward([np.ones((2, 3)), np.ones((2, 3))], np.ones((1, 3)))
    with pytest.raises(ValueError):
        bartlett_term([np.eye(2)], np.ones((1, 2)), 0.0)
