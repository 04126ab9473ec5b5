"""checks.ntk and checks.strategies.networks against independent references: scipy.integrate.dblquad on
the bivariate Gaussian density, Sheppard's orthant formula, Monte Carlo over Gaussian weights, central
finite differences and hand Jacobians of small networks, and a plain autograd GD loop."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import torch
from scipy import integrate, special

from checks import ntk
from checks.strategies.networks import (FAMILIES, SphereData, rational_unit_vector, sphere_points)

RNG = np.random.default_rng(20240611)


def _density(u: float, v: float, rho: float) -> float:
    det = 1 - rho * rho
    return math.exp(-(u * u - 2 * rho * u * v + v * v) / (2 * det)) / (2 * math.pi * math.sqrt(det))


def _dblquad(f, g, rho: float) -> float:
    """E f(u) g(v) by scipy.integrate.dblquad over the four quadrants (the kinks sit on the axes)."""
    total = 0.0
    for (a, b) in ((-10, 0), (0, 10)):
        for (c, d) in ((-10, 0), (0, 10)):
            val, _ = integrate.dblquad(lambda v, u: f(u) * g(v) * _density(u, v, rho), a, b, c, d,
                                       epsabs=1e-11, epsrel=1e-11)
            total += val
    return total


@pytest.mark.parametrize("rho", [-0.9, -0.3, 0.0, 0.45, 0.8])
def test_arc_cosine_closed_forms_match_dblquad(rho):
    relu = lambda z: max(z, 0.0)
    step = lambda z: 1.0 if z > 0 else 0.0
    assert ntk.kappa0(rho) / 2 == pytest.approx(_dblquad(step, step, rho), abs=1e-9)
    assert ntk.kappa1(rho) / 2 == pytest.approx(_dblquad(relu, relu, rho), abs=1e-9)
    # Sheppard: P(u > 0, v > 0) = 1/4 + arcsin(rho)/(2 pi)
    assert ntk.kappa0(rho) / 2 == pytest.approx(0.25 + math.asin(rho) / (2 * math.pi), abs=1e-15)


def test_kappa_endpoints_and_range():
    assert ntk.kappa0(1.0) == 1.0 and ntk.kappa1(1.0) == 1.0
    assert ntk.kappa0(-1.0) == 0.0 and ntk.kappa1(-1.0) == pytest.approx(0.0, abs=1e-16)
    assert ntk.kappa1(0.0) == pytest.approx(1 / math.pi)
    with pytest.raises(ValueError):
        ntk.kappa0(1.5)


@pytest.mark.parametrize("theta", [0.0, 1e-9, 0.7, math.pi / 2, 2.9, math.pi - 1e-9, math.pi])
def test_gaussian_pair_mean_against_closed_forms(theta):
    q1, q2 = 2.0, 0.5
    p, dp = ntk.gaussian_pair_mean(ntk.RELU.d1, ntk.RELU.d1, theta, q1, q2)
    k, dk = ntk.gaussian_pair_mean(ntk.RELU.fn, ntk.RELU.fn, theta, q1, q2)
    assert abs(p - (math.pi - theta) / (2 * math.pi)) <= dp + 1e-15
    assert abs(k - math.sqrt(q1 * q2) * float(ntk.j1(theta)) / (2 * math.pi)) <= dk + 1e-15
    assert dp < 1e-9 and dk < 1e-8


def test_erf_closed_forms_against_quadrature():
    for theta, q1, q2 in [(0.3, 1.0, 1.0), (2.0, 1.5, 0.7), (math.pi / 2, 0.3, 2.0)]:
        c = math.cos(theta)
        v, e = ntk.gaussian_pair_mean(ntk.ERF.d1, ntk.ERF.d1, theta, q1, q2)
        assert abs(v - float(ntk.tangent_expectation(ntk.ERF, c, q1, q2))) <= e + 1e-14
        v, e = ntk.gaussian_pair_mean(ntk.ERF.fn, ntk.ERF.fn, theta, q1, q2)
        assert abs(v - float(ntk.output_expectation(ntk.ERF, c, q1, q2))) <= e + 1e-14


@pytest.mark.parametrize("act", [ntk.TANH, ntk.SOFTPLUS])
def test_gauss_hermite_matches_adaptive_quadrature(act):
    for theta in (0.2, 1.3, 2.8):
        v, e = ntk.gaussian_pair_mean(act.d1, act.d1, theta)
        assert float(ntk.tangent_expectation(act, math.cos(theta))) == pytest.approx(v, abs=e + 1e-10)
        v, e = ntk.gaussian_pair_mean(act.fn, act.fn, theta, 0.8, 1.3)
        assert float(ntk.output_expectation(act, math.cos(theta), 0.8, 1.3)) == pytest.approx(v, abs=e + 1e-10)


def test_c_sigma_values():
    assert ntk.c_sigma(ntk.RELU) == 2.0
    for act in (ntk.ERF, ntk.TANH):
        val, _ = integrate.quad(lambda z: act.fn(z) ** 2 * math.exp(-z * z / 2) / math.sqrt(2 * math.pi), -30, 30)
        assert ntk.c_sigma(act) == pytest.approx(1 / val, rel=1e-10)


def test_two_layer_limits_against_monte_carlo():
    """The closed-form kernels are E over w ~ N(0, I_d): a 200 000-sample mean, 6 standard errors."""
    X = sphere_points(4, 3, "random", 5) * np.array([[1.0], [0.5], [2.0], [1.3]])
    W = RNG.standard_normal((200_000, 3))
    Z = W @ X.T
    S = (Z > 0).astype(float)
    A = np.maximum(Z, 0)
    for act, emp_h, emp_o in ((ntk.RELU, S, A),
                              (ntk.ERF, np.exp(-math.pi * Z**2 / 4), special.erf(math.sqrt(math.pi) / 2 * Z))):
        K = X @ X.T
        terms_h = K[None] * emp_h[:, :, None] * emp_h[:, None, :]
        terms_o = emp_o[:, :, None] * emp_o[:, None, :]
        for terms, limit in ((terms_h, ntk.tangent_kernel(X, act)), (terms_o, ntk.output_kernel(X, act))):
            se = terms.std(axis=0) / math.sqrt(len(W))
            assert np.all(np.abs(terms.mean(axis=0) - limit) <= 6 * se + 1e-12), act
    assert np.allclose(ntk.tangent_kernel(X, ntk.RELU), ntk.relu_ntk_hidden(X), atol=1e-15)
    assert np.allclose(ntk.output_kernel(X, ntk.RELU), ntk.relu_nngp_output(X), atol=1e-15)


def test_relu_recursion_layer_map_against_monte_carlo():
    X = sphere_points(3, 4, "random", 11)
    r = ntk.relu_ntk(X, 3)
    S1 = r.sigma[1]
    L = np.linalg.cholesky(S1 + 1e-15 * np.eye(3))
    U = RNG.standard_normal((300_000, 3)) @ L.T
    terms = 2 * np.maximum(U, 0)[:, :, None] * np.maximum(U, 0)[:, None, :]
    dots = 2 * (U > 0)[:, :, None] * (U > 0)[:, None, :]
    for t, target in ((terms, r.sigma[2]), (dots, r.sigma_dot[1])):
        se = t.std(axis=0) / math.sqrt(len(U))
        assert np.all(np.abs(t.mean(axis=0) - target) <= 6 * se + 1e-12)
    assert np.allclose(np.diag(r.ntk), 4.0)
    assert np.allclose(ntk.relu_ntk(X, 1).ntk, 2 * ntk.relu_ntk_two_layer(X), atol=1e-14)


def test_angles_stable_and_consistent():
    x = np.array([[1.0, 0.0], [1.0, 1e-9], [-1.0, 1e-9]])
    T = ntk.angles(x)
    assert T[0, 1] == pytest.approx(1e-9, rel=1e-6)
    assert T[0, 2] == pytest.approx(math.pi - 1e-9, rel=1e-15)
    X = sphere_points(5, 4, "random", 2)
    assert np.allclose(ntk.correlation_angles(X @ X.T), ntk.angles(X), atol=1e-7)
    with pytest.raises(ValueError):
        ntk.angles(np.array([[0.0, 0.0], [1.0, 0.0]]))


def test_empirical_ntk_against_finite_differences():
    X = ntk.as_tensor(sphere_points(3, 3, "random", 4), "cpu")
    W, a = ntk.init_two_layer(3, 7, 9, "gaussian", device="cpu")
    net = ntk.TwoLayerNet(W, a, ntk.TANH)
    H = ntk.empirical_ntk(net, X).numpy()
    theta = torch.cat([W.reshape(-1), a]).clone()

    def f(th):
        return ntk.TwoLayerNet(th[:21].reshape(7, 3), th[21:], ntk.TANH)(X)

    h = 1e-6
    with torch.no_grad():
        J = torch.stack([(f(theta + h * e) - f(theta - h * e)) / (2 * h)
                         for e in torch.eye(len(theta), dtype=theta.dtype)]).T
    assert np.allclose(H, (J @ J.T).numpy(), atol=1e-8)


@pytest.mark.parametrize("act", [ntk.RELU, ntk.ERF, ntk.SOFTPLUS])
def test_two_layer_blocks_equal_hand_jacobian(act):
    X = ntk.as_tensor(sphere_points(4, 5, "random", 1))
    W, a = ntk.init_two_layer(5, 50, 3)
    blocks = ntk.ntk_blocks(ntk.TwoLayerNet(W, a, act), X)
    hidden, output = ntk.two_layer_terms(W, a, X, act)
    assert torch.allclose(blocks["W"], hidden.sum(0), atol=1e-13)
    assert torch.allclose(blocks["a"], output.sum(0), atol=1e-13)


def test_deep_net_factors_equal_autograd():
    X = ntk.as_tensor(sphere_points(2, 4, "random", 8))
    net = ntk.DeepNet((4, 6, 5), ntk.RELU, 2)
    G, B = net.backward_factors(X[:1])
    grads = torch.autograd.grad(net(X[:1]).sum(), list(net.parameters()))
    for g, b, gr in zip(G, B, grads):
        assert torch.allclose(b.T @ g, gr, atol=1e-14)
    blocks = ntk.ntk_blocks(net, X)
    G, B = net.backward_factors(X)
    for h, (name, block) in enumerate(blocks.items()):
        assert torch.allclose(block, (G[h] @ G[h].T) * (B[h] @ B[h].T), atol=1e-13), name


def test_init_seeding_and_antisymmetry():
    W1, a1 = ntk.init_two_layer(3, 10, 5)
    W2, a2 = ntk.init_two_layer(3, 10, 5)
    assert torch.equal(W1, W2) and torch.equal(a1, a2)
    assert set(a1.tolist()) <= {-1.0, 1.0}
    W, a = ntk.init_two_layer(3, 10, 5, antisymmetric=True)
    X = ntk.as_tensor(sphere_points(4, 3, "random", 0))
    assert torch.allclose(ntk.TwoLayerNet(W, a, ntk.RELU)(X), torch.zeros(4, dtype=ntk.DTYPE, device=W.device))
    with pytest.raises(ValueError):
        ntk.init_two_layer(3, 9, 5, antisymmetric=True)
    with pytest.raises(ValueError):
        ntk.generator(-1)


def test_gd_first_layer_matches_autograd_loop():
    X = ntk.as_tensor(sphere_points(3, 4, "random", 6))
    y = ntk.as_tensor(np.array([0.3, -0.5, 0.2]))
    W0, a = ntk.init_two_layer(4, 40, 1)
    tr = ntk.gd_first_layer(W0, a, X, y, ntk.RELU, 0.7, 5)
    W = W0.clone().requires_grad_(True)
    for k in range(6):
        u = (torch.relu(X @ W.T) @ a) / math.sqrt(40)
        assert np.allclose(tr.residuals[k], (u - y).detach().cpu().numpy(), atol=1e-13)
        H = ntk.ntk_blocks(ntk.TwoLayerNet(W.detach(), a, ntk.RELU), X)["W"]
        assert np.allclose(tr.kernels[k], H.cpu().numpy(), atol=1e-13)
        loss = 0.5 * torch.sum((u - y) ** 2)
        (g,) = torch.autograd.grad(loss, W)
        W = (W - 0.7 * g).detach().requires_grad_(True)
    lin = tr.residuals[1:] - (tr.residuals[:-1] - 0.7 * np.einsum("kij,kj->ki", tr.kernels[:-1], tr.residuals[:-1]))
    assert np.allclose(tr.linearization, lin, atol=1e-13)
    assert tr.max_move[0] == 0 and tr.total_move[0] == 0


def test_malformed_inputs_raise():
    with pytest.raises(ValueError):
        ntk.relu_ntk(np.eye(2), 0)
    with pytest.raises(ValueError):
        ntk.gaussian_pair_mean(ntk.RELU.fn, ntk.RELU.fn, 4.0)
    with pytest.raises(ValueError):
        ntk.TwoLayerNet(torch.zeros(3, 2), torch.zeros(2), ntk.RELU)
    with pytest.raises(ValueError):
        ntk.DeepNet((3,), ntk.RELU, 0)
    with pytest.raises(ValueError):
        ntk.empirical_ntk(ntk.TwoLayerNet(*ntk.init_two_layer(2, 3, 0), ntk.RELU),
                          ntk.as_tensor(np.eye(2)), names=["b"])


@pytest.mark.parametrize("family", FAMILIES)
def test_sphere_points_are_unit(family):
    n = 4
    X = sphere_points(n, 5, family, 3, 0.1)
    assert X.shape == (n, 5) and np.allclose(np.linalg.norm(X, axis=1), 1.0)
    if family == "orthonormal":
        assert np.allclose(X @ X.T, np.eye(n), atol=1e-14)
    with pytest.raises(ValueError):
        sphere_points(n, 5, "nope", 0)


def test_square_is_the_extreme_case():
    X = sphere_points(4, 6, "square", 12, 0.0)
    assert np.allclose(ntk.relu_ntk_hidden(X), np.eye(4) / 2, atol=1e-15)
    assert np.linalg.eigvalsh(X @ X.T)[-1] == pytest.approx(2.0)
    d = SphereData(4, 3, "square", 1, 0.05, (1.0, 2.0, 0.5, 1.0))
    assert np.allclose(np.linalg.norm(d.X, axis=1), [1.0, 2.0, 0.5, 1.0])


def test_rational_unit_vectors_are_exact():
    for t in [(Fraction(1, 2),), (Fraction(-3, 5), Fraction(2, 7)), (Fraction(0), Fraction(0), Fraction(5, 3))]:
        x = rational_unit_vector(t)
        assert sum(c * c for c in x) == 1 and all(isinstance(c, Fraction) for c in x)
