"""checks.linalg against NumPy/SciPy references, matrix-power sums, torch's Adam and brute force."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
import scipy.linalg
import torch

from checks import linalg as L
from checks.strategies.designs import haar_orthonormal, planted_design

SHAPES = [(3, 7), (7, 3), (5, 5), (1, 4), (4, 1)]


def _matrices():
    """Full-rank Gaussian matrices of each shape, and rank-deficient products of each shape."""
    rng = np.random.default_rng(20240601)
    out = []
    for n, d in SHAPES:
        out.append(rng.standard_normal((n, d)))
        r = max(1, min(n, d) - 1)
        out.append(rng.standard_normal((n, r)) @ rng.standard_normal((r, d)))
    return out


MATRICES = _matrices()


@pytest.mark.parametrize("A", MATRICES, ids=lambda A: f"{A.shape[0]}x{A.shape[1]}")
def test_min_norm_solution_matches_lstsq_and_pinv(A):
    rng = np.random.default_rng(A.size)
    b = rng.standard_normal(A.shape[0])
    B = rng.standard_normal((A.shape[0], 3))
    x = L.min_norm_solution(A, b)
    np.testing.assert_allclose(x, np.linalg.lstsq(A, b, rcond=None)[0], atol=1e-11)
    np.testing.assert_allclose(x, scipy.linalg.pinv(A) @ b, atol=1e-11)
    np.testing.assert_allclose(L.min_norm_solution(A, B), scipy.linalg.pinv(A) @ B, atol=1e-11)
    np.testing.assert_allclose(L.pseudoinverse(A), scipy.linalg.pinv(A), atol=1e-11)


@pytest.mark.parametrize("A", MATRICES, ids=lambda A: f"{A.shape[0]}x{A.shape[1]}")
def test_rank_and_projectors(A):
    r = L.numerical_rank(A)
    assert r == np.linalg.matrix_rank(A)
    assert L.nonzero_singular_values(A).size == r
    P = L.row_space_projector(A)
    np.testing.assert_allclose(P, scipy.linalg.pinv(A) @ A, atol=1e-11)
    np.testing.assert_allclose(P @ P, P, atol=1e-12)
    np.testing.assert_allclose(P, P.T, atol=1e-14)
    assert np.trace(P) == pytest.approx(r)
    K = scipy.linalg.null_space(A)
    np.testing.assert_allclose(L.null_space_projector(A), K @ K.T, atol=1e-11)


def test_min_norm_solution_is_least_norm_interpolant():
    """For a consistent wide system, A⁺b solves it and adding any null-space vector increases the norm."""
    rng = np.random.default_rng(3)
    A = rng.standard_normal((3, 6))
    b = rng.standard_normal(3)
    x = L.min_norm_solution(A, b)
    np.testing.assert_allclose(A @ x, b, atol=1e-12)
    np.testing.assert_allclose(x, A.T @ np.linalg.solve(A @ A.T, b), atol=1e-12)
    K = scipy.linalg.null_space(A)
    for z in (K @ rng.standard_normal((K.shape[1], 20))).T:
        assert np.linalg.norm(x + z) > np.linalg.norm(x)


def test_rank_cutoff():
    A = np.diag([1.0, 1e-6, 1e-14])
    assert L.numerical_rank(A) == 3
    assert L.numerical_rank(A, rcond=1e-10) == 2
    np.testing.assert_allclose(L.min_norm_solution(A, np.ones(3), rcond=1e-10), [1, 1e6, 0])
    assert L.numerical_rank(np.zeros((2, 3))) == 0
    np.testing.assert_array_equal(L.min_norm_solution(np.zeros((2, 3)), np.ones(2)), np.zeros(3))


def _matrix_power_sum(X, y, eta, t, w0):
    """``(I - eta XᵀX)^t w0 + sum_{j<t} (I - eta XᵀX)^j eta Xᵀy`` by explicit matrix powers."""
    M = np.eye(X.shape[1]) - eta * X.T @ X
    total = np.linalg.matrix_power(M, t) @ w0
    for j in range(t):
        total = total + np.linalg.matrix_power(M, j) @ (eta * X.T @ y)
    return total


@pytest.mark.parametrize("A", MATRICES, ids=lambda A: f"{A.shape[0]}x{A.shape[1]}")
@pytest.mark.parametrize("c", [0.3, 1.0, 1.9, 2.4])
def test_gd_and_closed_form_match_matrix_powers(A, c):
    rng = np.random.default_rng(7)
    y = rng.standard_normal(A.shape[0])
    w0 = rng.standard_normal(A.shape[1])
    eta = c / np.linalg.norm(A, 2) ** 2
    W = L.gd_least_squares(A, y, eta, 25, w0)
    assert W.shape == (26, A.shape[1])
    np.testing.assert_array_equal(W[0], w0)
    for t in (0, 1, 2, 7, 25):
        ref = _matrix_power_sum(A, y, eta, t, w0)
        scale = 1 + np.abs(ref).max()
        np.testing.assert_allclose(W[t], ref, atol=1e-10 * scale)
        np.testing.assert_allclose(L.gd_closed_form(A, y, eta, t, w0), ref, atol=1e-10 * scale)
    np.testing.assert_allclose(L.gd_closed_form(A, y, eta, 9), _matrix_power_sum(A, y, eta, 9, np.zeros(A.shape[1])),
                               atol=1e-10 * (1 + np.abs(W).max()))


def test_gd_from_zero_converges_to_min_norm_solution():
    rng = np.random.default_rng(11)
    X = rng.standard_normal((3, 6))
    y = X @ rng.standard_normal(6)
    eta = 1.0 / np.linalg.norm(X, 2) ** 2
    np.testing.assert_allclose(L.gd_least_squares(X, y, eta, 3000)[-1], scipy.linalg.pinv(X) @ y, atol=1e-10)
    np.testing.assert_allclose(L.gd_closed_form(X, y, eta, 10**6), scipy.linalg.pinv(X) @ y, atol=1e-10)


def test_sign_descent_hand_example():
    """X = [1 2], y = 1 from 0: g = -(1, 2), L = 9, step ||g||_1 / L = 1/3 along (1, 1), which interpolates."""
    w = L.sign_gd_least_squares(np.array([[1.0, 2.0]]), np.array([1.0]), 50)
    np.testing.assert_allclose(w, [1 / 3, 1 / 3], atol=1e-15)


def test_sign_descent_decreases_the_loss():
    rng = np.random.default_rng(5)
    X = rng.standard_normal((3, 5))
    y = rng.standard_normal(3)
    H = X.T @ X
    Lc = np.abs(H).sum()
    w = rng.standard_normal(5)
    for _ in range(30):
        g = X.T @ (X @ w - y)
        w_next = L.sign_gd_least_squares(X, y, 1, w)
        f = lambda v: 0.5 * np.sum((X @ v - y) ** 2)  # noqa: E731
        assert f(w_next) <= f(w) - np.abs(g).sum() ** 2 / (2 * Lc) + 1e-12
        w = w_next


def test_adam_matches_torch():
    rng = np.random.default_rng(9)
    X = rng.standard_normal((3, 5))
    y = rng.standard_normal(3)
    w0 = rng.standard_normal(5)
    ours = L.adam_least_squares(X, y, 0.05, 200, w0)
    Xt, yt = torch.tensor(X), torch.tensor(y)
    w = torch.tensor(w0, requires_grad=True)
    opt = torch.optim.Adam([w], lr=0.05, betas=(0.9, 0.999), eps=1e-8)
    for _ in range(200):
        opt.zero_grad()
        (0.5 * ((Xt @ w - yt) ** 2).sum()).backward()
        opt.step()
    np.testing.assert_allclose(ours, w.detach().numpy(), atol=1e-10)


def test_min_l1_interpolant_matches_basic_solutions():
    """Basis pursuit attains its optimum at a basic solution: brute force over supports of size n."""
    rng = np.random.default_rng(13)
    for n, d in [(1, 3), (2, 5), (3, 6)]:
        A = rng.standard_normal((n, d))
        b = rng.standard_normal(n)
        x = L.min_l1_interpolant(A, b)
        np.testing.assert_allclose(A @ x, b, atol=1e-9)
        best = min(np.abs(np.linalg.solve(A[:, list(S)], b)).sum() for S in combinations(range(d), n))
        assert np.abs(x).sum() == pytest.approx(best, rel=1e-9)
    np.testing.assert_allclose(L.min_l1_interpolant(np.array([[1.0, 2.0]]), np.array([1.0])), [0, 0.5], atol=1e-12)


def test_planted_design_has_the_planted_spectrum():
    s = np.array([3.0, 1.0, 0.01])
    X, U, V = planted_design(4, 6, s, seed=1)
    np.testing.assert_allclose(np.linalg.svd(X, compute_uv=False)[:3], s, rtol=1e-12)
    assert L.numerical_rank(X, rcond=1e-8) == 3
    for Q in (U, V, haar_orthonormal(np.random.default_rng(0), 5)):
        np.testing.assert_allclose(Q.T @ Q, np.eye(Q.shape[0]), atol=1e-13)


@pytest.mark.parametrize("call", [
    lambda: L.min_norm_solution(np.ones(3), np.ones(3)),
    lambda: L.min_norm_solution(np.ones((2, 3)), np.ones(3)),
    lambda: L.min_norm_solution(np.ones((2, 3)), np.ones(2), rcond=1.5),
    lambda: L.min_norm_solution(np.full((2, 2), np.nan), np.ones(2)),
    lambda: L.numerical_rank(np.ones((0, 3))),
    lambda: L.gd_least_squares(np.ones((2, 3)), np.ones(2), 0.0, 5),
    lambda: L.gd_least_squares(np.ones((2, 3)), np.ones(2), 0.1, -1),
    lambda: L.gd_least_squares(np.ones((2, 3)), np.ones(2), 0.1, 5, np.ones(2)),
    lambda: L.gd_closed_form(np.ones((2, 3)), np.ones(3), 0.1, 5),
    lambda: L.adam_least_squares(np.ones((2, 3)), np.ones(2), 0.1, 5, beta1=1.0),
    lambda: L.min_l1_interpolant(np.array([[1.0], [1.0]]), np.array([1.0, 2.0])),
    lambda: planted_design(2, 3, np.array([1.0, 1.0, 1.0]), seed=0),
])
def test_malformed_input_raises(call):
    with pytest.raises(ValueError):
        call()
