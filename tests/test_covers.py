"""Tests of checks.covers against brute force and floating-point references."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from checks.covers import (clipped_loss_matrix, clipped_losses, covers_interval, greedy_separated, interval_net,
                           kinks, min_separation_sq, packing_bound, rational_unit_vector, relu_net_grad_norm_sq,
                           squared_loss, squared_loss_gradient, squared_loss_lipschitz)


def test_greedy_output_is_separated_and_covers_the_candidates() -> None:
    rng = np.random.default_rng(0)
    pts = [tuple(Fraction(int(c), 8) for c in rng.integers(-8, 9, 2)) for _ in range(80)]
    rho = Fraction(1, 3)
    kept = greedy_separated(pts, rho)
    arr = np.array([[float(c) for c in p] for p in kept])
    d = np.linalg.norm(arr[:, None] - arr[None], axis=-1)
    assert np.all(d[~np.eye(len(kept), dtype=bool)] > float(rho))
    allp = np.array([[float(c) for c in p] for p in pts])
    assert np.all(np.min(np.linalg.norm(allp[:, None] - arr[None], axis=-1), axis=1) <= float(rho) + 1e-12)
    assert min_separation_sq(kept) > rho**2
    assert len(kept) <= packing_bound(rho, 2)


def test_book_counterexample_and_packing_bound() -> None:
    assert len(greedy_separated([(Fraction(-1),), (Fraction(0),), (Fraction(1),)], Fraction(99, 100))) == 3
    assert packing_bound(Fraction(5, 12), 1) == Fraction(29, 5)
    with pytest.raises(ValueError):
        packing_bound(Fraction(0), 1)


@pytest.mark.parametrize("rho", [Fraction(5, 12), Fraction(1, 3), Fraction(1), Fraction(7, 10), Fraction(2)])
def test_interval_net_covers_with_ceil_one_over_rho(rho: Fraction) -> None:
    net = interval_net(rho)
    assert len(net) == -(-rho.denominator // rho.numerator)
    assert covers_interval(net, rho)
    grid = np.linspace(-1, 1, 2001)
    assert np.all(np.min(np.abs(grid[:, None] - np.array([float(c) for c in net])[None]), axis=1) <= float(rho) + 1e-12)
    assert not covers_interval(net[:-1], rho) or len(net) == 1


def test_rational_unit_vectors_have_norm_one() -> None:
    for t in itertools.product([Fraction(-3, 2), Fraction(0), Fraction(2, 7)], repeat=2):
        u = rational_unit_vector(t)
        assert sum(c * c for c in u) == 1


def test_squared_loss_lipschitz_constant_matches_a_numerical_maximum() -> None:
    rng = np.random.default_rng(1)
    x, y = np.array([0.6, -0.8]) * 1.5, -0.7
    w = rng.standard_normal((20000, 2))
    w /= np.linalg.norm(w, axis=1, keepdims=True)
    grad = np.abs(2 * (w @ x - y)) * np.linalg.norm(x)
    C = float(squared_loss_lipschitz(Fraction(3, 2), Fraction(-7, 10)))
    assert grad.max() <= C + 1e-12 and grad.max() >= C * (1 - 1e-6)
    xf = (Fraction(9, 10), Fraction(-6, 5))
    g = squared_loss_gradient((Fraction(1), Fraction(2)), xf, Fraction(1))
    assert g == tuple(2 * (Fraction(9, 10) - Fraction(12, 5) - 1) * c for c in xf)
    assert squared_loss((Fraction(1), Fraction(2)), xf, Fraction(1)) == (Fraction(9, 10) - Fraction(12, 5) - 1) ** 2


def test_relu_gradient_formula_matches_finite_differences() -> None:
    rng = np.random.default_rng(2)
    a, W, x, y = rng.standard_normal(4), rng.standard_normal((4, 3)), rng.standard_normal(3), 0.3

    def loss(theta: np.ndarray) -> float:
        aa, WW = theta[:4], theta[4:].reshape(4, 3)
        return (aa @ np.maximum(WW @ x, 0) - y) ** 2

    theta, h = np.concatenate([a, W.ravel()]), 1e-6
    fd = np.array([(loss(theta + h * e) - loss(theta - h * e)) / (2 * h) for e in np.eye(theta.size)])
    assert abs(fd @ fd - relu_net_grad_norm_sq(a, W, x, y)) <= 1e-6 * max(1.0, fd @ fd)


def test_clipped_loss_matrix_gives_the_supremum_over_the_interval() -> None:
    slopes, offsets = (Fraction(1, 2), Fraction(-3, 4), Fraction(2)), (Fraction(1, 4), Fraction(1), Fraction(-1, 2))
    coef = np.array([0.3, -1.0, 0.8])
    M, Q = clipped_loss_matrix(slopes, offsets)
    exact = max(float(sum(c * int(v) for c, v in zip(coef, M[:, j]))) / Q for j in range(M.shape[1]))
    grid = np.linspace(-1, 1, 20001)
    A, B = np.array([float(a) for a in slopes]), np.array([float(b) for b in offsets])
    vals = np.clip(grid[:, None] * A[None] + B[None], 0, 1) @ coef
    assert abs(vals.max() - exact) <= 1e-3
    assert clipped_losses(slopes, offsets, Fraction(1)) == (Fraction(3, 4), Fraction(1, 4), Fraction(1))
    assert kinks(slopes, offsets)[0] == -1 and kinks(slopes, offsets)[-1] == 1
