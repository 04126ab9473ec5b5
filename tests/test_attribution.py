"""checks.attribution against NumPy, closed forms and brute force written independently of it."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from checks.attribution import (Dual, Ridge, banzhaf, bump_shapley_sq_norm, cayley, determinant, dividends,
                                inverse, is_psd, matvec, neumann_hvp, neumann_matrix, parity_utility, permutation_estimates,
                                shapley_difference, shapley_permutations, shapley_random_size, shapley_subsets,
                                solve, unanimity_split, with_spectrum)
from checks.erm import ridge_primal

F = Fraction


def _rational_matrix(rng: np.random.Generator, n: int, m: int | None = None) -> tuple:
    return tuple(tuple(F(int(x), 4) for x in row) for row in rng.integers(-8, 9, size=(n, m or n)))


def _np(M) -> np.ndarray:
    return np.array([[float(x) for x in row] for row in M])


def test_solve_inverse_determinant_against_numpy() -> None:
    rng = np.random.default_rng(0)
    for n in (1, 2, 4):
        A = _rational_matrix(rng, n)
        if abs(np.linalg.det(_np(A))) < 1e-6:
            continue
        b = tuple(F(int(x)) for x in rng.integers(-5, 6, size=n))
        assert np.allclose([float(x) for x in solve(A, b)], np.linalg.solve(_np(A), [float(x) for x in b]))
        assert np.allclose(_np(inverse(A)), np.linalg.inv(_np(A)))
        assert math.isclose(float(determinant(A)), np.linalg.det(_np(A)), rel_tol=1e-9, abs_tol=1e-12)


def test_singular_and_malformed_inputs_raise() -> None:
    with pytest.raises(ValueError, match="singular"):
        solve(((F(1), F(2)), (F(2), F(4))), (F(1), F(0)))
    with pytest.raises(ValueError, match="square"):
        solve(((F(1), F(2)),), (F(1),))
    with pytest.raises(ValueError, match="skew"):
        cayley(((F(0), F(1)), (F(1), F(0))))
    with pytest.raises(ValueError, match="symmetric"):
        is_psd(((F(0), F(1)), (F(0), F(0))))
    with pytest.raises(ValueError, match="2\\^N"):
        shapley_subsets((F(0), F(1), F(2)))
    with pytest.raises(ValueError, match="positive"):
        Ridge(((F(1),),), (F(0),), F(0))


def test_dual_solve_gives_the_derivative_of_the_inverse() -> None:
    """d/de (A + e B)^{-1} b = -A^{-1} B A^{-1} b."""
    A = ((F(3), F(1)), (F(1), F(2)))
    B = ((F(1), F(-2)), (F(0), F(5)))
    b = (F(1), F(-1))
    M = tuple(tuple(Dual(a, c) for a, c in zip(ra, rb)) for ra, rb in zip(A, B))
    out = solve(M, b)
    expected = -np.linalg.solve(_np(A), _np(B) @ np.linalg.solve(_np(A), [1.0, -1.0]))
    assert np.allclose([float(x.b) for x in out], expected)
    assert np.allclose([float(x.a) for x in out], np.linalg.solve(_np(A), [1.0, -1.0]))


def test_dual_solve_eliminates_entries_with_zero_value_and_non_zero_derivative() -> None:
    A = ((F(2), F(0), F(0)), (F(0), F(5, 4), F(0)), (F(0), F(0), F(1)))
    x = (F(1), F(1, 2), F(0))
    M = tuple(tuple(Dual(a, xi * xj) for a, xj in zip(row, x)) for row, xi in zip(A, x))
    b = (Dual(F(-1, 2), F(1)), Dual(F(1, 4), F(-1)), Dual(F(0)))
    out = solve(M, b)
    Bn, bn = np.outer([1, 0.5, 0], [1, 0.5, 0]), np.array([-0.5, 0.25, 0.0])
    t = np.linalg.solve(_np(A), bn)
    expected = np.linalg.solve(_np(A), np.array([1.0, -1.0, 0.0]) - Bn @ t)
    assert np.allclose([float(v.b) for v in out], expected)


def test_cayley_is_orthogonal_and_with_spectrum_has_that_spectrum() -> None:
    S = ((F(0), F(1, 2), F(-2)), (F(-1, 2), F(0), F(1, 3)), (F(2), F(-1, 3), F(0)))
    Q = _np(cayley(S))
    assert np.allclose(Q @ Q.T, np.eye(3))
    lam = (F(1, 10), F(1, 2), F(7, 3))
    A = with_spectrum(cayley(S), lam)
    assert np.allclose(np.linalg.eigvalsh(_np(A)), sorted(float(x) for x in lam))


def test_is_psd_against_eigenvalues() -> None:
    rng = np.random.default_rng(1)
    for _ in range(30):
        B = _rational_matrix(rng, 3, 2)
        G = tuple(tuple(sum(B[i][k] * B[j][k] for k in range(2)) for j in range(3)) for i in range(3))
        shift = F(int(rng.integers(-2, 3)), 2)
        M = tuple(tuple(g - shift * (i == j) for j, g in enumerate(row)) for i, row in enumerate(G))
        assert is_psd(M) == (np.linalg.eigvalsh(_np(M)).min() >= -1e-12)


def test_neumann_partial_sums_against_numpy_powers() -> None:
    A = ((F(1, 2), F(1, 8)), (F(1, 8), F(1, 4)))
    v = (F(1), F(-2))
    for r in (0, 1, 5):
        expected = sum(np.linalg.matrix_power(np.eye(2) - _np(A), i) for i in range(r)) if r else np.zeros((2, 2))
        assert np.allclose(_np(neumann_matrix(A, r)), expected)
        eta = F(3, 2)
        xs = neumann_hvp(lambda x: matvec(A, x), v, eta, r)
        ref = sum((np.linalg.matrix_power(np.eye(2) - 1.5 * _np(A), k) @ (1.5 * np.array([1.0, -2.0]))
                   for k in range(r)), np.zeros(2))
        assert np.allclose([float(x) for x in xs[-1]], ref)


def test_ridge_minimizer_matches_the_closed_form_solver() -> None:
    X = ((F(1), F(2)), (F(-1), F(1, 2)), (F(3), F(0)))
    y = (F(1), F(0), F(-2))
    r = Ridge(X, y, F(1, 3))
    # (1/n) sum (x^T t - y)^2 / 2 + (lam/2)|t|^2 is ridge_primal's objective divided by n, with lam' = n lam
    ref = ridge_primal(_np(X), np.array([1.0, 0.0, -2.0]), 1.0)
    assert np.allclose([float(x) for x in r.minimizer()], ref)


def _all_games(N: int, rng: np.random.Generator, count: int = 5):
    for _ in range(count):
        yield tuple(F(int(x), 3) for x in rng.integers(-6, 7, size=1 << N))


def test_shapley_closed_forms() -> None:
    # unanimity game of T: 1/|T| on T
    N, T = 4, 0b0110
    U = tuple(F(int(T & m == T)) for m in range(1 << N))
    assert shapley_subsets(U) == (0, F(1, 2), F(1, 2), 0)
    # glove game: player 0 holds a left glove, players 1, 2 right gloves; value 1 per matched pair
    glove = tuple(F(int(bool(m & 1) and bool(m & 6))) for m in range(8))
    assert shapley_permutations(glove) == (F(2, 3), F(1, 6), F(1, 6))
    # majority of 3: Banzhaf 1/2 each, Shapley 1/3 each
    maj = tuple(F(int(bin(m).count("1") >= 2)) for m in range(8))
    assert banzhaf(maj) == (F(1, 2),) * 3 and shapley_subsets(maj) == (F(1, 3),) * 3


def test_shapley_representations_agree_and_dividends_invert() -> None:
    rng = np.random.default_rng(2)
    for N in (1, 2, 3, 4):
        for U in _all_games(N, rng):
            s = shapley_permutations(U)
            assert shapley_subsets(U) == s == shapley_random_size(U)
            c = dividends(U)
            assert all(sum(c[t] for t in range(1 << N) if t & m == t) == U[m] for m in range(1 << N))
            U0 = (F(0),) + U[1:]
            assert unanimity_split(U0) == shapley_subsets(U0)
            for i, j in itertools.permutations(range(N), 2):
                assert shapley_difference(U, i, j) == s[i] - s[j]


def test_bump_game_norm() -> None:
    for N in (1, 3, 5):
        for k in range(1, N + 1):
            for T in (m for m in range(1 << N) if bin(m).count("1") == k):
                U = tuple(F(3) * (m == T) for m in range(1 << N))
                assert sum(x * x for x in shapley_subsets(U)) == bump_shapley_sq_norm(N, k, F(3))


def test_permutation_estimates_exact_on_additive_games_and_unbiased() -> None:
    w = np.array([0.5, -1.0, 2.0, 0.25])
    additive = np.array([sum(w[i] for i in range(4) if m >> i & 1) for m in range(16)])
    est = permutation_estimates(additive.__getitem__, 4, 7, 3, np.random.default_rng(3))
    assert est.shape == (3, 4) and np.allclose(est, w)
    rng = np.random.default_rng(4)
    U = tuple(F(int(x)) for x in rng.integers(-3, 4, size=16))
    U = (F(0),) + U[1:]
    est = permutation_estimates(np.array([float(u) for u in U]).__getitem__, 4, 2000, 20, np.random.default_rng(5))
    # contributions lie in [-6, 6]; 40000 orderings: the mean is within 6 * sqrt(2 ln(2e6)/40000) ~ 0.16
    assert np.allclose(est.mean(axis=0), [float(x) for x in shapley_subsets(U)], atol=0.2)


def test_parity_utility_matches_the_parity_game() -> None:
    U = parity_utility(2.0)(np.arange(32))
    assert U[0] == 0 and all(U[m] == (0.0 if bin(m).count("1") % 2 == 0 else -2.0) for m in range(32))
