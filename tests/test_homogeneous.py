"""checks.homogeneous against torch autograd, a numerical integration of the gradient flow, SVD
nuclear norms and exact rational identities."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import torch
from scipy.integrate import solve_ivp

from checks import homogeneous as H

DTYPE = torch.float64


@pytest.mark.parametrize("alpha", [1, 2, 3, 4])
def test_power_sum_derivatives_match_autograd(alpha):
    rng = np.random.default_rng(alpha)
    f = H.PowerSum(rng.uniform(-2, 2, 3), rng.standard_normal((3, 4)), alpha)
    a, b = torch.tensor(f.a, dtype=DTYPE), torch.tensor(f.b, dtype=DTYPE)
    fun = lambda w: torch.sum(a * (b @ w) ** alpha)  # noqa: E731
    for _ in range(4):
        w = rng.standard_normal(4)
        wt = torch.tensor(w, dtype=DTYPE)
        assert abs(f.value(w) - float(fun(wt))) < 1e-10
        np.testing.assert_allclose(f.grad(w), torch.func.grad(fun)(wt).numpy(), rtol=1e-10, atol=1e-10)
        np.testing.assert_allclose(f.hessian(w), torch.func.hessian(fun)(wt).numpy(), rtol=1e-10, atol=1e-10)
        r = np.linalg.norm(w)
        assert np.linalg.norm(f.grad(w)) <= f.gradient_bound(r) * (1 + 1e-12)
        assert np.linalg.norm(f.hessian(w), 2) <= f.hessian_bound(r) * (1 + 1e-12) + 1e-300


def test_power_sum_rejects_bad_shapes():
    with pytest.raises(ValueError):
        H.PowerSum(np.ones(2), np.ones((3, 2)), 2)
    with pytest.raises(ValueError):
        H.PowerSum(np.ones(1), np.ones((1, 2)), 0)


def test_quartic_path_solves_the_gradient_flow():
    """Integrate w' = exp(-f) ∇f together with s' = 8 exp(-f); the path formula must match."""
    flow = H.QuarticFlow((Fraction(1), Fraction(1, 2), Fraction(3, 2)), (Fraction(3, 10), Fraction(1), Fraction(-1, 4)))
    c = np.array([float(x) for x in flow.c])

    def rhs(_, y):
        w = y[:3]
        e = np.exp(-np.sum(c * w ** 4))
        return np.r_[e * 4 * c * w ** 3, 8 * e]

    sol = solve_ivp(rhs, (0, 200.0), np.r_[[float(x) for x in flow.w0], 0.0], rtol=1e-11, atol=1e-13,
                    dense_output=True)
    for t in (1.0, 10.0, 100.0, 200.0):
        y = sol.sol(t)
        s = Fraction(y[3]).limit_denominator(10 ** 15)
        np.testing.assert_allclose(y[:3] ** 2, [float(x) for x in flow.squares(s)], rtol=1e-7)
    assert flow.limit_index == 1 and flow.optimal_margin == Fraction(3, 2)
    assert flow.blow_up_times[1] == 2  # 1/(c_2 w_2^2) = 1/(1/2)


def test_quartic_flow_validation_and_ties():
    with pytest.raises(ValueError):
        H.QuarticFlow((Fraction(1),), (Fraction(0),))
    with pytest.raises(ValueError):
        H.QuarticFlow((Fraction(-1), Fraction(1)), (Fraction(1), Fraction(1)))
    tie = H.QuarticFlow((Fraction(1), Fraction(1)), (Fraction(1), Fraction(-1)))
    with pytest.raises(ValueError):
        tie.limit_index
    flow = H.QuarticFlow((Fraction(1), Fraction(1, 2)), (Fraction(3, 10), Fraction(1)))
    with pytest.raises(ValueError):
        flow.squares(flow.s_max)


def _torch_net_gd(Z, layers, eta, steps):
    params = [torch.tensor(np.array(M, dtype=float), dtype=DTYPE, requires_grad=True) for M in layers]
    Zt = torch.tensor(np.array(Z, dtype=float), dtype=DTYPE)
    out = []
    for t in range(steps + 1):
        P = params[0]
        for M in params[1:]:
            P = M @ P
        beta = P[0]
        out.append(beta.detach().numpy().copy())
        if t == steps:
            break
        loss = torch.sum(torch.exp(-(Zt @ beta)))
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            params = [(p - eta * g).requires_grad_(True) for p, g in zip(params, grads)]
    return np.array(out)


def test_deep_linear_gd_matches_autograd_in_floats():
    rng = np.random.default_rng(3)
    Z = rng.standard_normal((4, 3)).tolist()
    layers = [rng.standard_normal((2, 3)).tolist(), rng.standard_normal((2, 2)).tolist(),
              rng.standard_normal((1, 2)).tolist()]
    ours = np.array(H.deep_linear_gd(Z, layers, 0.05, 20, weight=lambda q: np.exp(-q)), dtype=float)
    assert np.all(np.isfinite(ours))
    np.testing.assert_allclose(ours, _torch_net_gd(Z, layers, 0.05, 20), rtol=1e-10, atol=1e-12)


def test_diagonal_gd_matches_autograd_in_floats():
    rng = np.random.default_rng(4)
    Z = rng.uniform(0.2, 1.0, (3, 3))
    u0, v0 = rng.uniform(-0.5, 0.5, 3), rng.uniform(-0.5, 0.5, 3)
    ours = np.array(H.diagonal_gd(Z.tolist(), u0.tolist(), v0.tolist(), 0.05, 15, weight=lambda q: np.exp(-q)))
    assert np.all(np.isfinite(ours))
    u = torch.tensor(u0, dtype=DTYPE, requires_grad=True)
    v = torch.tensor(v0, dtype=DTYPE, requires_grad=True)
    Zt = torch.tensor(Z, dtype=DTYPE)
    ref = []
    for t in range(16):
        ref.append((u * v).detach().numpy().copy())
        loss = torch.sum(torch.exp(-(Zt @ (u * v))))
        gu, gv = torch.autograd.grad(loss, (u, v))
        with torch.no_grad():
            u, v = (u - 0.05 * gu).requires_grad_(True), (v - 0.05 * gv).requires_grad_(True)
    np.testing.assert_allclose(ours, np.array(ref), rtol=1e-10, atol=1e-12)


def test_exact_runs_and_rotations():
    Q = H.matmul(H.givens(3, 0, 1, Fraction(3, 5), Fraction(4, 5)), H.givens(3, 1, 2, Fraction(5, 13), Fraction(12, 13)))
    QtQ = H.matmul([list(r) for r in zip(*Q)], Q)
    assert QtQ == [[Fraction(int(i == j)) for j in range(3)] for i in range(3)]
    with pytest.raises(ValueError):
        H.givens(2, 0, 1, Fraction(1, 2), Fraction(1, 2))
    Z = [[Fraction(1), Fraction(-1, 2), Fraction(1, 4)]]
    layers = [[[Fraction(1, 2), Fraction(0), Fraction(1)], [Fraction(-1), Fraction(1, 4), Fraction(0)]],
              [[Fraction(1), Fraction(1, 2)]]]
    betas = H.deep_linear_gd(Z, layers, Fraction(1, 8), 2)
    assert all(isinstance(x, Fraction) for b in betas for x in b)
    assert betas[0] == H.end_to_end(layers)
    with pytest.raises(ValueError):
        H.deep_linear_gd(Z, layers[:1], Fraction(1, 8), 1)


def test_factorization_gd_matches_autograd_and_nuclear_norm():
    mask = np.array([[0.0, 1.0], [1.0, 1.0]])
    Y = np.array([[0.0, 1.0], [1.0, 0.0]])
    rng = np.random.default_rng(5)
    W1, W2 = rng.standard_normal((2, 2)) * 0.3, rng.standard_normal((2, 2)) * 0.3
    run = H.factorization_gd(mask, Y, W1, W2, 0.05, 30)
    A = torch.tensor(W1, dtype=DTYPE, requires_grad=True)
    B = torch.tensor(W2, dtype=DTYPE, requires_grad=True)
    m, y = torch.tensor(mask, dtype=DTYPE), torch.tensor(Y, dtype=DTYPE)
    for t in range(30):
        loss = 0.5 * torch.sum((m * (B @ A - y)) ** 2)
        assert abs(float(loss.detach()) - run.loss[t]) < 1e-12
        ga, gb = torch.autograd.grad(loss, (A, B))
        with torch.no_grad():
            A, B = (A - 0.05 * ga).requires_grad_(True), (B - 0.05 * gb).requires_grad_(True)
    np.testing.assert_allclose(run.W1[-1], A.detach().numpy(), atol=1e-12)
    for W in run.W[::7]:
        assert abs(H.nuclear_norm_2x2(W) - np.linalg.svd(W, compute_uv=False).sum()) < 1e-12
    with pytest.raises(ValueError):
        H.nuclear_norm_2x2(np.eye(3))
    with pytest.raises(ValueError):
        H.factorization_gd(mask, Y, np.eye(3), W2, 0.1, 1)
