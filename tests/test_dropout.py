"""checks.dropout against hand computations, brute-force loops, NumPy/SciPy, SymPy and torch."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np
import pytest
import scipy.linalg
import sympy as sp
import torch

from checks import dropout as D
from checks.linalg import gd_least_squares, min_norm_solution, null_space_projector

F = Fraction


def _rational(rng: np.random.Generator, shape, lo: int = -3, hi: int = 3) -> np.ndarray:
    return D.as_fractions(rng.integers(lo, hi + 1, size=shape)) / 2


# --- exact linear algebra ------------------------------------------------------------------------------

def test_rank_and_solve_match_numpy():
    rng = np.random.default_rng(0)
    for shape in [(3, 3), (2, 4), (4, 2), (3, 5)]:
        A = rng.integers(-2, 3, size=shape)
        assert D.rank_exact(A) == np.linalg.matrix_rank(A)
    low = rng.integers(-2, 3, size=(4, 2)) @ rng.integers(-2, 3, size=(2, 5))
    assert D.rank_exact(low) == np.linalg.matrix_rank(low) <= 2
    A = D.as_fractions([[2, 1, 0], [1, 3, 1], [0, 1, 4]])
    b = D.as_fractions([1, -2, 3])
    x = D.solve_exact(A, b)
    assert all(v == 0 for v in A @ x - b)
    np.testing.assert_allclose(x.astype(float), np.linalg.solve(A.astype(float), b.astype(float)))
    with pytest.raises(ValueError, match="singular"):
        D.solve_exact([[1, 2], [2, 4]], [1, 1])


def test_as_fractions_refuses_floats():
    with pytest.raises(ValueError, match="float"):
        D.as_fractions([1, 0.5])
    assert D.as_fractions([[1, F(1, 3)]])[0, 1] == F(1, 3)


# --- masks -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("p", [F(0), F(1, 3), F(1, 2), F(3, 4)])
def test_masks_are_a_distribution_with_unit_mean_and_variance_lambda(p):
    masks = D.dropout_masks(3, p)
    assert sum(q for _, q in masks) == 1
    mean = sum(q * b for b, q in masks)
    second = sum(q * b * b for b, q in masks)
    assert all(v == 1 for v in mean)
    assert all(v == 1 + D.dropout_lambda(p) for v in second)
    cross = sum(q * b[0] * b[1] for b, q in masks)
    assert cross == 1                                # independent coordinates
    plain = D.dropout_masks(3, p, inverted=False)
    assert all(v == 1 - p for v in sum(q * b for b, q in plain))


def test_masks_reject_bad_rates_and_sizes():
    for p in (F(1), F(-1, 2)):
        with pytest.raises(ValueError):
            D.dropout_masks(2, p)
    with pytest.raises(ValueError):
        D.dropout_masks(0, F(1, 2))
    with pytest.raises(ValueError):
        D.dropout_masks(D.MAX_MASK_UNITS + 1, F(1, 2))


# --- linear regression -----------------------------------------------------------------------------------

def test_input_dropout_risk_by_hand():
    # d = 1, p = 1/2: b ∈ {0, 2} with probability 1/2 each.
    X, y, w = D.as_fractions([[3]]), D.as_fractions([1]), D.as_fractions([F(1, 2)])
    assert D.input_dropout_risk(X, y, w, F(1, 2)) == F(1, 2) * 1 + F(1, 2) * (1 - 2 * F(1, 2) * 3) ** 2
    assert D.input_dropout_risk(X, y, w, F(1, 2), inverted=False) == F(1, 2) * 1 + F(1, 2) * (1 - F(3, 2)) ** 2


def test_dropout_minimizer_of_the_audit_example():
    """X = [[1,1],[0,1]], y = (1,0), p = 1/2: the exact minimizer is (3/7, 1/7)."""
    X, y = D.as_fractions([[1, 1], [0, 1]]), D.as_fractions([1, 0])
    A, c = D.input_dropout_quadratic(X, y, F(1, 2))
    u = D.solve_exact(A, c)
    assert list(u) == [F(3, 7), F(1, 7)]


def test_quadratic_form_reproduces_the_enumerated_risk():
    rng = np.random.default_rng(1)
    X, y = _rational(rng, (3, 3)), _rational(rng, 3)
    p = F(1, 3)
    A, c = D.input_dropout_quadratic(X, y, p)
    for _ in range(3):
        w = _rational(rng, 3)
        assert D.input_dropout_risk(X, y, w, p) == w @ A @ w - 2 * (c @ w) + (y @ y) / 3
    assert D.squared_loss(X, y, w) == ((y - X @ w) @ (y - X @ w)) / 3
    assert D.diagonal_dropout_penalty(X, w, p) == sum(
        D.dropout_lambda(p) * w[j] ** 2 * sum(X[i, j] ** 2 for i in range(3)) / 3 for j in range(3))


# --- matrix sensing --------------------------------------------------------------------------------------

def test_sensing_functions_against_loops():
    rng = np.random.default_rng(2)
    U, V = _rational(rng, (2, 3)), _rational(rng, (3, 3))
    As = [_rational(rng, (2, 3)) for _ in range(2)]
    ys = [F(1), F(-1, 2)]
    M = [[sum(U[k, j] * V[l, j] for j in range(3)) for l in range(3)] for k in range(2)]
    inner = [sum(M[k][l] * A[k, l] for k in range(2) for l in range(3)) for A in As]
    assert D.sensing_risk(U, V, As, ys) == sum((y - s) ** 2 for y, s in zip(ys, inner)) / 2
    assert D.sensing_dropout_risk(U, V, As, ys, F(0)) == D.sensing_risk(U, V, As, ys)
    reg = sum(sum(U[k, j] * A[k, l] * V[l, j] for k in range(2) for l in range(3)) ** 2
              for A in As for j in range(3)) / 2
    assert D.sensing_regularizer(U, V, As) == reg
    assert D.inner(U, U) == sum(v * v for v in U.reshape(-1))
    with pytest.raises(ValueError):
        D.sensing_risk(U, V[:, :2], As, ys)


def test_sensing_laws_against_brute_force():
    U, V = D.as_fractions([[1], [2]]), D.as_fractions([[3]])
    rademacher = [(F(-1), F(1, 2)), (F(1), F(1, 2))]
    # u = (1, 2), v = (3): uᵀAv = 3(A_11 + 2 A_21), second moment 9 (1 + 4) = 45.
    assert D.iid_sensing_expectation(U, V, rademacher) == 45
    p, q = [F(1, 4), F(3, 4)], [F(1)]
    assert D.completion_expectation(U, V, p, q) == F(1, 4) * 9 + F(3, 4) * 36
    rng = np.random.default_rng(3)
    U, V = _rational(rng, (3, 2)), _rational(rng, (2, 2))
    pw, qw = [F(1, 6), F(1, 3), F(1, 2)], [F(2, 5), F(3, 5)]
    brute = sum(pw[k] * qw[l] * U[k, j] ** 2 * V[l, j] ** 2 for k in range(3) for l in range(2) for j in range(2))
    assert D.factor_regularizer(U, V, pw, qw) == brute
    with pytest.raises(ValueError):
        D.iid_sensing_expectation(U, V, [(F(1), F(1, 2))])


# --- equalized factorizations ----------------------------------------------------------------------------

def test_nuclear_norm_and_balanced_factors():
    rng = np.random.default_rng(4)
    M = rng.standard_normal((4, 2)) @ rng.standard_normal((2, 5))
    assert D.nuclear_norm(M) == pytest.approx(np.linalg.norm(M, "nuc"))
    Uh, Vh = D.balanced_factors(M, 3)
    np.testing.assert_allclose(Uh @ Vh.T, M, atol=1e-12)
    np.testing.assert_allclose(Uh.T @ Uh, Vh.T @ Vh, atol=1e-12)
    assert np.trace(Uh.T @ Uh) == pytest.approx(np.linalg.norm(M, "nuc"))
    with pytest.raises(ValueError, match="rank"):
        D.balanced_factors(M, 1)


@pytest.mark.parametrize("d", [1, 2, 3, 5, 6])
def test_equalizing_rotation(d):
    rng = np.random.default_rng(d)
    B = rng.standard_normal((d, d + 1))
    G = B @ B.T
    Q = D.equalizing_rotation(G)
    np.testing.assert_allclose(Q.T @ Q, np.eye(d), atol=1e-12)
    assert np.linalg.det(Q) == pytest.approx(1.0)
    np.testing.assert_allclose(np.diag(Q.T @ G @ Q), np.full(d, np.trace(G) / d), atol=1e-11)
    with pytest.raises(ValueError):
        D.equalizing_rotation(rng.standard_normal((3, 3)) + np.triu(np.ones((3, 3))))


def test_optimal_factors_attain_the_weighted_nuclear_norm_and_beat_other_factorizations():
    rng = np.random.default_rng(12)
    U, V = rng.standard_normal((3, 2)), rng.standard_normal((4, 2))
    M = U @ V.T
    pw, qw = np.array([0.2, 0.3, 0.5]), np.array([0.1, 0.2, 0.3, 0.4])
    Us, Vs = D.optimal_factors(M, 2, pw, qw)
    np.testing.assert_allclose(Us @ Vs.T, M, atol=1e-12)
    value = np.linalg.norm(np.sqrt(pw)[:, None] * M * np.sqrt(qw)[None, :], "nuc") ** 2 / 2
    assert D.factor_regularizer(Us, Vs, pw, qw) == pytest.approx(value, rel=1e-12)
    for _ in range(20):                          # other factorizations U G, V G^{-T} do no better
        G = rng.standard_normal((2, 2))
        assert D.factor_regularizer(U @ G, V @ np.linalg.inv(G).T, pw, qw) >= value * (1 - 1e-12)
    with pytest.raises(ValueError):
        D.optimal_factors(M, 2, -pw, qw)


def test_hadamard_equalizes_a_diagonal_gram_like_the_construction():
    """An independent equalizer: the normalized Hadamard matrix for d = 4."""
    G = np.diag([4.0, 1.0, 0.5, 0.0])
    H = scipy.linalg.hadamard(4) / 2.0
    np.testing.assert_allclose(np.diag(H.T @ G @ H), np.full(4, np.trace(G) / 4))
    Q = D.equalizing_rotation(G)
    np.testing.assert_allclose(np.diag(Q.T @ G @ Q), np.diag(H.T @ G @ H), atol=1e-12)
    U = np.array([[1.0, 0.0], [0.0, 2.0]])
    np.testing.assert_allclose(D.column_norm_products(U, U), [1.0, 4.0])


# --- networks ----------------------------------------------------------------------------------------------

def _torch_relu_net(weights, x):
    h = torch.tensor(np.asarray(x, dtype=float), dtype=torch.float64)
    for i, W in enumerate(weights):
        h = torch.tensor(np.asarray(W, dtype=float), dtype=torch.float64) @ h
        if i < len(weights) - 1:
            h = torch.relu(h)
    return h.numpy()


def test_network_output_matches_torch_and_rescaling_preserves_it():
    rng = np.random.default_rng(5)
    ws = [_rational(rng, (3, 2)), _rational(rng, (2, 3)), _rational(rng, (1, 2))]
    x = _rational(rng, 2)
    out = D.network_output(ws, x)
    np.testing.assert_allclose(out.astype(float), _torch_relu_net(ws, x), atol=1e-12)
    ws2 = D.rescale_neurons(ws, [[F(2), F(1, 3), F(5)], [F(1, 2), F(3)]])
    assert list(D.network_output(ws2, x)) == list(out)
    with pytest.raises(ValueError):
        D.rescale_neurons(ws, [[F(1)] * 3])
    with pytest.raises(ValueError):
        D.network_output([ws[0], ws[0]], x)


def test_path_norms_against_enumeration_of_paths():
    rng = np.random.default_rng(6)
    ws = [_rational(rng, (3, 2)), _rational(rng, (2, 3)), _rational(rng, (1, 2))]
    l1 = l2 = F(0)
    for i0, i1, i2 in product(range(2), range(3), range(2)):
        w = (ws[0][i1, i0], ws[1][i2, i1], ws[2][0, i2])
        l1 += abs(w[0] * w[1] * w[2])
        l2 += (w[0] * w[1] * w[2]) ** 2
    assert D.path_norm_l1(ws) == l1
    assert D.path_norm_l2_squared(ws) == l2


def _loop_dropout_risk(ws, xs, ys, p, act):
    """Top-layer dropout risk by explicit loops over points and masks (float)."""
    s = {"relu": lambda z: max(z, 0.0), "square": lambda z: z * z}[act]
    Wf = [np.asarray(W, dtype=float) for W in ws]
    total = 0.0
    for x, y in zip(xs, ys):
        h = np.asarray(x, dtype=float)
        for W in Wf[:-1]:
            h = np.array([s(v) for v in W @ h])
        for bits in product((0, 1), repeat=h.size):
            prob = np.prod([(1 - p) if b else p for b in bits])
            r = np.asarray(y, dtype=float) - Wf[-1] @ (np.array(bits) / (1 - p) * h)
            total += prob * float(r @ r)
    return total / len(xs)


@pytest.mark.parametrize("act", ["relu", "square"])
def test_network_dropout_risk_against_loops(act):
    rng = np.random.default_rng(7)
    ws = [_rational(rng, (3, 2)), _rational(rng, (2, 3))]
    xs = [_rational(rng, 2) for _ in range(3)]
    ys = [_rational(rng, 2) for _ in range(3)]
    exact = D.network_dropout_risk(ws, xs, ys, F(1, 3), act)
    assert float(exact) == pytest.approx(_loop_dropout_risk(ws, xs, ys, 1 / 3, act), rel=1e-12)
    plain = sum(((y - D.network_output(ws, x, act)) ** 2).sum() for x, y in zip(xs, ys)) / 3
    assert D.network_dropout_risk(ws, xs, ys, F(0), act) == plain
    hidden = [D.layer_outputs(ws, x, act)[-1] for x in xs]
    expected = D.dropout_lambda(F(1, 3)) * sum(
        (ws[-1][:, j] @ ws[-1][:, j]) * sum(h[j] ** 2 for h in hidden) / 3 for j in range(3))
    assert D.top_layer_dropout_penalty(ws, xs, F(1, 3), act) == expected
    with pytest.raises(ValueError):
        D.network_dropout_risk(ws, xs, ys, F(1, 3), act, layer=2)
    with pytest.raises(ValueError):
        D.network_dropout_risk(ws, xs, ys, F(1, 3), "tanh")


# --- modified equations --------------------------------------------------------------------------------

def test_quadratic_gd_matches_least_squares_gd_and_flow_matches_expm():
    rng = np.random.default_rng(8)
    X, y = rng.standard_normal((6, 3)), rng.standard_normal(6)
    H, star = X.T @ X, min_norm_solution(X, y)
    th0 = rng.standard_normal(3)
    h = 0.5 / np.linalg.norm(H, 2)
    np.testing.assert_allclose(D.quadratic_gd(H, star, th0, h, 7), gd_least_squares(X, y, h, 7, th0), atol=1e-12)
    t, c = 2.3, 0.25
    ref = star + scipy.linalg.expm(-t * (H + 2 * c * h * H @ H)) @ (th0 - star)
    np.testing.assert_allclose(D.quadratic_modified_flow(H, star, th0, h, t, c), ref, atol=1e-12)


def test_flow_taylor_coefficients_of_linear_fields_are_the_exponential_series():
    a, b, h = sp.symbols("a b h")
    gens = (a, b, h)
    A = sp.Matrix([[1, 2], [-3, 1]])
    field = [sp.Poly(A[0, 0] * a + A[0, 1] * b, *gens), sp.Poly(A[1, 0] * a + A[1, 1] * b, *gens)]
    coeffs = D.flow_taylor_coefficients(field, (a, b), h, 3)
    for k in range(4):
        ref = (A ** k / sp.factorial(k)) * sp.Matrix([a, b])
        assert [sp.expand(ci.as_expr() - r) for ci, r in zip(coeffs[k], ref)] == [0, 0]
    # an h-dependent field: dθ/dt = -(1 + h)θ, so φ_h(θ) = exp(-h - h^2) θ
    scalar = [sp.Poly(-(1 + h) * a, a, h)]
    got = D.flow_taylor_coefficients(scalar, (a,), h, 3)
    series = sp.series(sp.exp(-h - h ** 2), h, 0, 4).removeO()
    assert [sp.expand(got[k][0].as_expr() - series.coeff(h, k) * a) for k in range(4)] == [0] * 4


def test_modified_field_is_the_gradient_of_the_modified_loss():
    a, b, h = sp.symbols("a b h")
    expr = a ** 3 - 2 * a * b + b ** 2
    L = sp.Poly(expr, a, b, h)
    grad = [sp.diff(expr, v) for v in (a, b)]
    tilde = expr + sp.Rational(1, 4) * h * sum(g ** 2 for g in grad)
    field = D.modified_field(L, (a, b), h, F(1, 4))
    assert [sp.expand(f.as_expr() + sp.diff(tilde, v)) for f, v in zip(field, (a, b))] == [0, 0]


# --- SGD -------------------------------------------------------------------------------------------------

def _quartic_grad(X, y, c):
    def grad(i, th):
        z = X[i] @ th
        return X[i] * (z - y[i] + c * z ** 3)
    return grad


def test_sgd_means_against_an_independent_enumeration():
    rng = np.random.default_rng(9)
    X, y = _rational(rng, (3, 2)), _rational(rng, 3)
    th0, h = D.as_fractions([1, -1]), F(1, 4)
    grad = _quartic_grad(X, y, F(1))
    batches = [(0,), (1,), (2,)]
    ref = 0
    for seq in product(batches, repeat=2):
        th = th0
        for B in seq:
            th = th - h * grad(B[0], th)
        ref = ref + th / 9
    means = D.sgd_means(grad, 3, th0, h, 1, 2)
    assert list(means[2]) == list(ref)
    full = D.gd_iterates(grad, 3, th0, h, 1)
    assert list(means[1]) == list(full[1])               # one unbiased step
    with pytest.raises(ValueError):
        D.sgd_means(grad, 3, th0, h, 4, 1)


def test_gd_iterates_match_least_squares_gd():
    rng = np.random.default_rng(10)
    X, y = _rational(rng, (4, 2)), _rational(rng, 4)
    it = D.gd_iterates(_quartic_grad(X, y, F(0)), 4, D.as_fractions([0, 0]), F(1, 8), 3)
    ref = gd_least_squares(X.astype(float), y.astype(float), 1 / 32, 3)
    np.testing.assert_allclose(np.array(it, dtype=float), ref, atol=1e-12)


def test_noise_quadratic_reproduces_the_minibatch_variance():
    rng = np.random.default_rng(11)
    X, y = _rational(rng, (4, 2)), _rational(rng, 4)
    grad = _quartic_grad(X, y, F(0))
    A, beta, gamma = D.least_squares_noise_quadratic(X, y, 2)
    for _ in range(3):
        th = _rational(rng, 2)
        assert D.minibatch_gradient_variance(grad, 4, th, 2) == th @ A @ th - 2 * (beta @ th) + gamma
    Xf, yf, thf = X.astype(float), y.astype(float), th.astype(float)
    full = Xf.T @ (Xf @ thf - yf) / 4
    ref = np.mean([np.sum((Xf[list(B)].T @ (Xf[list(B)] @ thf - yf[list(B)]) / 2 - full) ** 2)
                   for B in [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]])
    assert float(D.minibatch_gradient_variance(grad, 4, th, 2)) == pytest.approx(ref, rel=1e-12)


# --- interpolation manifold ------------------------------------------------------------------------------

def test_interpolation_manifold_against_pseudoinverse():
    X = D.as_fractions([[1, 2, 0, -1], [0, 1, 1, 3]])
    y = D.as_fractions([1, -2])
    w_star, P = D.interpolation_manifold(X, y)
    np.testing.assert_allclose(w_star.astype(float), min_norm_solution(X.astype(float), y.astype(float)), atol=1e-12)
    np.testing.assert_allclose(P.astype(float), null_space_projector(X.astype(float)), atol=1e-12)
    w0 = w_star + P @ D.as_fractions([1, 1, 1, 1])
    ws = D.manifold_descent(P, w0, F(1, 2), 3)
    assert all(list(ws[k]) == list(w_star + F(1, 2) ** k * (w0 - w_star)) for k in range(4))
    with pytest.raises(ValueError, match="row rank"):
        D.interpolation_manifold([[1, 2], [2, 4]], [1, 2])
