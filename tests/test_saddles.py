"""Exact saddle, dropout-autoencoder and hardness building blocks against independent references."""

from fractions import Fraction as F

import numpy as np
import pytest
from scipy import integrate
from scipy.special import gamma

from checks.dropout_autoencoder import fr, global_value, gradient, hessian, loss, reduced_minimum
from checks.hardness import gadget, hidden_vertex_successes, satisfiable
from checks.saddles import (band_probability_bound, cayley, central_slab_probability, escape_time, gd_quadratic,
                            matmul, quadratic_hessian, sgd_quadratic_paths, transpose)


def test_cayley_is_orthogonal():
    Q = cayley(((F(0), F(1, 2), F(-1, 3)), (F(-1, 2), F(0), F(1)), (F(1, 3), F(-1), F(0))))
    I = matmul(Q, transpose(Q))
    assert all(I[i][j] == (1 if i == j else 0) for i in range(3) for j in range(3))
    with pytest.raises(ValueError):
        cayley(((F(0), F(1)), (F(1), F(0))))


def test_gd_matches_numpy_power():
    Q = cayley(((F(0), F(1, 3)), (F(-1, 3), F(0))))
    H = quadratic_hessian(Q, (F(-1, 2), F(1)))
    xs = gd_quadratic(H, (F(1), F(2)), F(1, 2), 5)
    A = np.eye(2) - 0.5 * np.array(H, dtype=float)
    assert np.allclose(np.array(xs[5], dtype=float), np.linalg.matrix_power(A, 5) @ [1.0, 2.0])


def test_escape_time():
    assert escape_time(F(1, 8), F(2), F(1)) == 3
    assert escape_time(F(-1, 8), F(2), F(1, 4)) == 1
    with pytest.raises(ValueError):
        escape_time(F(0), F(2), F(1))


def test_sgd_paths_enumerates_all_sequences():
    paths = sgd_quadratic_paths((F(-1), F(1)), ((F(1), F(0)), (F(-1), F(0))), (F(0), F(1)), F(1, 4), 2)
    assert len(paths) == 4 and paths[0][0] == (0, 0)
    assert paths[0][1][1] == (F(-1, 4), F(3, 4))


def test_slab_probability_against_quadrature():
    for d in (1, 2, 3, 7):
        w = 0.3
        dens = lambda t: (1 - t * t) ** ((d - 1) / 2)
        ref = integrate.quad(dens, -w / 2, w / 2)[0] / integrate.quad(dens, -1, 1)[0]
        assert abs(central_slab_probability(d, w) - ref) < 1e-10
        assert abs(band_probability_bound(d, w) - w / np.sqrt(np.pi) * gamma(d / 2 + 1) / gamma(d / 2 + 0.5)) < 1e-12


def test_autoencoder_value_gradient_hessian_against_torch():
    import torch
    rng = np.random.default_rng(0)
    M = rng.integers(-3, 4, (3, 3)); M = M + M.T
    U = rng.integers(-2, 3, (3, 2))
    lam = F(1, 2)
    Ut = torch.tensor(U, dtype=torch.float64, requires_grad=True)
    Mt = torch.tensor(M, dtype=torch.float64)
    f = lambda X: ((Mt - X @ X.T) ** 2).sum() + 0.5 * ((X * X).sum(0) ** 2).sum()
    val = f(Ut); val.backward()
    assert abs(float(loss(fr(M), fr(U), lam)) - val.item()) < 1e-9
    assert np.allclose(np.array(gradient(fr(M), fr(U), lam), dtype=float), Ut.grad.numpy())
    Ht = torch.autograd.functional.hessian(lambda v: f(v.reshape(2, 3).T), Ut.detach().T.reshape(-1))
    assert np.allclose(np.array(hessian(fr(M), fr(U), lam), dtype=float), Ht.numpy())


def test_global_value_against_brute_force_scalar():
    # d0 = d1 = 1: min over u of (m - u^2)^2 + lam u^4 is at u^2 = m/(1 + lam)
    m, lam = F(3), F(1, 2)
    assert global_value((m,), 1, lam) == reduced_minimum((m,), 1, lam) == m * m * lam / (1 + lam)


def test_gadget_and_hidden_vertex():
    clauses = (((0, False), (1, False)), ((0, True),))
    assert gadget(clauses, [F(0), F(1)]) == 0 and gadget(clauses, [F(1), F(1)]) > 0
    assert satisfiable(clauses, 2) and not satisfiable((((0, False),), ((0, True),)), 1)
    seq = [(0, 0), (0, 0), (1, 1)]
    assert hidden_vertex_successes(2, 3, lambda h: seq[len(h)]) == 2
