"""Tests of checks.spectral_dynamics and checks.strategies.spectra_kernels against independent references:
high-precision matrix exponentials (mpmath), matrix powers, SymPy exact linear algebra, quadrature,
autograd and finite differences, Monte Carlo for the ReLU NTK, and FFT of circulant Gram matrices."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy
import torch
from hypothesis import HealthCheck, given, settings
from scipy.integrate import quad

from checks.ntk import j0, j1, relu_ntk_two_layer
from checks.spectral_dynamics import (MLP, cayley_orthogonal, circle_points, dot_product_circle_eigenvalue, eigenpairs,
                                      effective_dimension, effective_dimension_trace, flow_residual, flow_residual_expm,
                                      flow_residual_ivp, fraction_matrix, fraction_solve, gd_residuals,
                                      power_law_bounds, power_law_constant, power_law_effective_dimension,
                                      random_relu_features, rational_psd, relu_ntk_circle_eigenvalue,
                                      relu_ntk_circle_gram_eigenvalue)
from checks.strategies.spectra_kernels import (circle_cases, noise_cases, planted_kernels, rational_gd,
                                               rational_orthogonal, rational_unit_vectors, sphere_point,
                                               tangent_problems)

FEW = settings(max_examples=15, database=None, deadline=None, derandomize=True,
               suppress_health_check=list(HealthCheck))


def _psd(seed: int, n: int = 5) -> np.ndarray:
    A = np.random.default_rng(seed).standard_normal((n, n))
    return A @ A.T


# ------------------------------------------------------------------------------ flow and GD


def test_flow_residual_matches_a_high_precision_exponential():
    H, r0 = _psd(0), np.random.default_rng(1).standard_normal(5)
    times = [0.0, 0.1, 1.3]
    mpmath.mp.dps = 40
    ref = np.array([[float(v) for v in mpmath.expm(-mpmath.matrix(H.tolist()) * t) * mpmath.matrix(r0.tolist())]
                    for t in times])
    np.testing.assert_allclose(flow_residual(H, r0, times), ref, atol=1e-13)
    np.testing.assert_allclose(flow_residual_expm(H, r0, times), ref, atol=1e-13)
    R, steps = flow_residual_ivp(H, r0, times)
    np.testing.assert_allclose(R, ref, atol=1e-8)
    assert steps >= 1
    np.testing.assert_array_equal(flow_residual(H, r0, 0.0)[0], flow_residual(H, r0, [0.0])[0])


def test_flow_residual_is_mode_wise():
    lam, V = eigenpairs(_psd(2, 4))
    r0 = V[:, 1] * 2.0
    R = flow_residual((V * lam) @ V.T, r0, [0.7])
    np.testing.assert_allclose(R[0], np.exp(-lam[1] * 0.7) * r0, atol=1e-13)


def test_eigenpairs_and_flows_refuse_bad_input():
    with pytest.raises(ValueError, match="symmetric"):
        eigenpairs(np.array([[1.0, 2.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="positive semidefinite"):
        eigenpairs(np.diag([1.0, -1.0]))
    with pytest.raises(ValueError, match="nonnegative"):
        flow_residual(np.eye(2), np.ones(2), [-1.0])
    with pytest.raises(ValueError, match="length"):
        flow_residual(np.eye(2), np.ones(3), [1.0])
    with pytest.raises(ValueError, match="nondecreasing"):
        flow_residual_ivp(np.eye(2), np.ones(2), [1.0, 0.5])


def test_gd_residuals_float_and_exact():
    H, r0 = _psd(3, 4), np.random.default_rng(4).standard_normal(4)
    R = gd_residuals(H, r0, 0.01, 7)
    for k in (0, 3, 7):
        np.testing.assert_allclose(R[k], np.linalg.matrix_power(np.eye(4) - 0.01 * H, k) @ r0, atol=1e-12)
    Hq = fraction_matrix([[2, 1], [1, 3]])
    rq = fraction_matrix([1, Fraction(-1, 2)])
    Rq = gd_residuals(Hq, rq, Fraction(1, 5), 4)
    step = sympy.eye(2) - sympy.Rational(1, 5) * sympy.Matrix([[2, 1], [1, 3]])
    M = step**4 * sympy.Matrix([1, sympy.Rational(-1, 2)])
    assert [sympy.Rational(x.numerator, x.denominator) for x in Rq[-1]] == list(M)
    with pytest.raises(ValueError):
        gd_residuals(H, r0, -1.0, 3)
    with pytest.raises(ValueError):
        gd_residuals(H, r0, 0.1, 2.5)


def test_fraction_linear_algebra_against_sympy():
    A = fraction_matrix([[2, 1, 0], [1, 3, Fraction(1, 2)], [0, 1, 4]])
    B = fraction_matrix([[1, 0], [Fraction(2, 3), 1], [0, -1]])
    X = fraction_solve(A, B)
    ref = sympy.Matrix(A.tolist()).inv() * sympy.Matrix(B.tolist())
    assert all(sympy.Rational(x.numerator, x.denominator) == r for x, r in zip(X.flat, ref))
    with pytest.raises(ValueError, match="singular"):
        fraction_solve(fraction_matrix([[1, 2], [2, 4]]), fraction_matrix([1, 1]))
    with pytest.raises(ValueError, match="floats"):
        fraction_matrix([0.5])


def test_cayley_transform_is_exactly_orthogonal_and_rational_psd_has_its_eigenpairs():
    S = fraction_matrix([[0, Fraction(1, 2), -1], [Fraction(-1, 2), 0, 3], [1, -3, 0]])
    Q = cayley_orthogonal(S)
    assert np.all(Q @ Q.T == fraction_matrix(np.eye(3, dtype=int)))
    lam = [Fraction(3), Fraction(1, 2), Fraction(0)]
    H = rational_psd(Q, lam)
    for i in range(3):
        assert np.all(H @ Q[:, i] == lam[i] * Q[:, i])
    with pytest.raises(ValueError, match="skew"):
        cayley_orthogonal(fraction_matrix([[1, 0], [0, 0]]))
    with pytest.raises(ValueError, match="nonnegative"):
        rational_psd(Q, [1, -1, 0])


# ------------------------------------------------------------------------------ effective dimension


def test_effective_dimension_exact_and_float():
    s = [Fraction(3), Fraction(1, 2), Fraction(0)]
    assert effective_dimension(s, Fraction(1, 2)) == Fraction(6, 7) + Fraction(1, 2)
    K = _psd(5, 4)
    lam = np.linalg.eigvalsh(K)
    assert effective_dimension_trace(K, 0.3) == pytest.approx(float(np.sum(lam / (lam + 0.3))), rel=1e-12)
    assert effective_dimension(lam, 0.3) == pytest.approx(float(np.sum(lam / (lam + 0.3))), rel=1e-14)
    Q = cayley_orthogonal(fraction_matrix([[0, Fraction(1, 3)], [Fraction(-1, 3), 0]]))
    assert effective_dimension_trace(rational_psd(Q, [2, Fraction(1, 4)]), Fraction(1, 2)) == \
        effective_dimension([2, Fraction(1, 4)], Fraction(1, 2))
    with pytest.raises(ValueError):
        effective_dimension(s, 0)


@pytest.mark.parametrize("a", [1.1, 1.5, 2.0, 3.7])
def test_power_law_constant_is_the_integral(a):
    val, _ = quad(lambda u: 1 / (1 + u**a), 0, np.inf, limit=200)
    assert power_law_constant(a) == pytest.approx(val, rel=1e-8)


@pytest.mark.parametrize("a, lam", [(2.0, 1e-2), (1.2, 1e-4), (3.0, 1e-6), (1.5, 1e-3), (4.0, 0.9)])
def test_power_law_enclosure_contains_a_direct_sum(a, lam):
    J = 10**6
    j = np.arange(1, J + 1, dtype=float)
    f = lambda x: 1 / (1 + lam * x**a)  # noqa: E731
    tail, _ = quad(lambda u: f(J / u) * J / u**2, 0, 1, epsabs=1e-12, epsrel=1e-13, limit=200)
    ref = float(np.sum(f(j))) + tail - f(J) / 2  # trapezoid tail: error ~ |f'(J)| / 12, negligible here
    lo, hi = power_law_effective_dimension(a, lam)
    assert lo - 1e-7 * ref <= ref <= hi + 1e-7 * ref
    assert hi - lo < 1e-3 * ref
    b_lo, b_hi = power_law_bounds(a, lam)
    assert b_lo <= lo and hi <= b_hi


def test_power_law_refuses_bad_input():
    with pytest.raises(ValueError):
        power_law_constant(1.0)
    with pytest.raises(ValueError):
        power_law_effective_dimension(2.0, 0.0)
    with pytest.raises(ValueError, match="terms"):
        power_law_effective_dimension(1.01, 1e-12)


# ------------------------------------------------------------------------------ networks


def test_mlp_jacobian_against_autograd_and_finite_differences():
    net = MLP((2, 4, 3, 1), "tanh", seed=7)
    X = np.random.default_rng(8).uniform(-1, 1, (5, 2))
    J = net.jacobian(X)
    th = torch.tensor(net.theta0, dtype=torch.float64)
    ref = torch.autograd.functional.jacobian(lambda t: net.forward(t, torch.tensor(X)), th).numpy()
    np.testing.assert_allclose(J, ref, atol=1e-12)
    h = 1e-6
    for k in (0, 5, net.n_params - 1):
        e = np.zeros(net.n_params)
        e[k] = h
        fd = (net.outputs(X, net.theta0 + e) - net.outputs(X, net.theta0 - e)) / (2 * h)
        np.testing.assert_allclose(J[:, k], fd, atol=1e-8)


def test_flow_velocity_is_minus_ntk_times_residual():
    net = MLP((3, 5, 1), "softplus", seed=1)
    rng = np.random.default_rng(2)
    X, y, Xt = rng.standard_normal((4, 3)), rng.standard_normal(4), rng.standard_normal((2, 3))
    J = net.jacobian(X)
    u, du = net.flow_velocity(X, y)
    np.testing.assert_allclose(u, net.outputs(X), atol=1e-14)
    np.testing.assert_allclose(du, -J @ J.T @ (u - y), atol=1e-12)
    _, dut = net.flow_velocity(X, y, X_eval=Xt)
    np.testing.assert_allclose(dut, -net.jacobian(Xt) @ J.T @ (u - y), atol=1e-12)
    with pytest.raises(ValueError):
        net.flow_velocity(X, y[:3])


def test_antisymmetric_network_starts_at_zero_and_bad_widths_raise():
    net = MLP((2, 3, 1), "sin", seed=3, antisymmetric=True)
    X = np.random.default_rng(0).standard_normal((4, 2))
    assert np.all(net.outputs(X) == 0)
    assert net.jacobian(X).shape == (4, 2 * (2 * 3 + 3))
    with pytest.raises(ValueError):
        MLP((2, 3, 2), "tanh", 0)
    with pytest.raises(ValueError):
        MLP((2, 3, 1), "relu6", 0)


def test_random_relu_features():
    X, B = np.array([[1.0, -2.0], [0.5, 0.5]]), np.array([[1.0, 1.0], [-1.0, 0.0], [0.0, 2.0]])
    ref = np.maximum(X @ B.T, 0) / np.sqrt(3)
    np.testing.assert_array_equal(random_relu_features(X, B), ref)
    with pytest.raises(ValueError):
        random_relu_features(X, B[:, :1])


# ------------------------------------------------------------------------------ circle


def _kappa(phi: float) -> float:
    """The two-layer ReLU NTK of unit inputs at angle phi (checks.ntk's arc-cosine formulas)."""
    return float((np.cos(phi) * j0(phi) + j1(phi)) / (2 * np.pi))


@pytest.mark.parametrize("k", range(0, 13))
def test_relu_ntk_circle_eigenvalues_against_quadrature(k):
    val, _ = quad(lambda p: _kappa(p) * np.cos(k * p), 0, np.pi, limit=200, epsabs=1e-13)
    assert float(relu_ntk_circle_eigenvalue(k)) == pytest.approx(val / np.pi, abs=1e-12)


def test_relu_ntk_circle_eigenvalue_against_symbolic_integration():
    phi = sympy.symbols("phi")
    kappa = (2 * (sympy.pi - phi) * sympy.cos(phi) + sympy.sin(phi)) / (2 * sympy.pi)
    for k in (2, 3):
        exact = sympy.integrate(kappa * sympy.cos(k * phi), (phi, 0, sympy.pi)) / sympy.pi
        assert sympy.simplify(exact - relu_ntk_circle_eigenvalue(k)) == 0
    with pytest.raises(ValueError):
        relu_ntk_circle_eigenvalue(-1)


@pytest.mark.parametrize("N", [8, 32, 50])
def test_gram_eigenvalues_are_the_dft_of_the_first_row(N):
    G = relu_ntk_two_layer(circle_points(N))
    dft = np.real(np.fft.fft(G[0]))
    for k in range(N):
        assert relu_ntk_circle_gram_eigenvalue(k, N) == pytest.approx(dft[k], abs=1e-12 * N)
    np.testing.assert_allclose(np.roll(G[0], 1), G[1], atol=1e-14)  # circulant
    with pytest.raises(ValueError):
        relu_ntk_circle_gram_eigenvalue(1, 7)
    with pytest.raises(ValueError):
        circle_points(0)


def test_dot_product_circle_eigenvalues_against_quadrature():
    coeffs = [Fraction(1, 3), Fraction(1, 10), 1, 0, Fraction(2, 5)]
    kappa = lambda u: sum(float(c) * u**m for m, c in enumerate(coeffs))  # noqa: E731
    for k in range(6):
        val, _ = quad(lambda p: kappa(np.cos(p)) * np.cos(k * p), 0, np.pi)
        assert float(dot_product_circle_eigenvalue(coeffs, k)) == pytest.approx(val / np.pi, abs=1e-13)
    assert dot_product_circle_eigenvalue([0, 1], 1) == Fraction(1, 2)


# ------------------------------------------------------------------------------ strategies


@FEW
@given(rational_orthogonal(4))
def test_rational_orthogonal_draws_are_exact(Q):
    assert np.all(Q @ Q.T == fraction_matrix(np.eye(4, dtype=int)))


@FEW
@given(rational_unit_vectors(3, 3))
def test_rational_unit_vectors_lie_on_the_sphere(X):
    assert all(sum(x * x for x in row) == 1 for row in X)
    assert sum(x * x for x in sphere_point([Fraction(1, 2), Fraction(-3)])) == 1


@FEW
@given(planted_kernels(spectra=("generic", "wide", "near-degenerate", "singular")))
def test_planted_kernels_have_their_spectrum(inst):
    np.testing.assert_allclose(np.sort(np.linalg.eigvalsh(inst.K))[::-1], inst.lam, atol=1e-12 * inst.lam[0])
    assert np.all(inst.times > 0) and np.all(np.diff(inst.times) > 0)
    if "aligned-min" in inst.family and "singular" not in inst.family:
        c = inst.V.T @ inst.r0
        assert np.allclose(c[:-1], 0, atol=1e-12 * np.linalg.norm(c))


@FEW
@given(rational_gd("unstable"))
def test_rational_gd_unstable_steps(inst):
    assert inst.eta * inst.lam[0] >= 2
    assert "mixed" not in inst.family or (inst.Q.T @ inst.r0)[0] != 0
    assert all(np.all(inst.H @ inst.Q[:, i] == lam * inst.Q[:, i]) for i, lam in enumerate(inst.lam))


@settings(max_examples=10, database=None, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(tangent_problems(models=("antisymmetric",)))
def test_antisymmetric_tangent_problems_start_at_zero(inst):
    assert not np.any(inst.f0) and not np.any(inst.f0_test)
    assert np.linalg.eigvalsh(inst.K)[0] > 0


@FEW
@given(circle_cases(), noise_cases())
def test_circle_and_noise_draws(case, noise):
    assert case.k1 < case.k2 <= case.N // 4 and case.N % 2 == 0
    assert all(float(relu_ntk_circle_eigenvalue(k)) > 0 for k in (case.k1, case.k2))
    assert list(noise.lam) == sorted(set(noise.lam), reverse=True)
