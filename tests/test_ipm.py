from fractions import Fraction
from itertools import product

import numpy as np
import pytest
from scipy.stats import wasserstein_distance

from checks.ipm import ipm, kr_dual, transport_cost, w1_line


def test_w1_line_matches_scipy():
    rng = np.random.default_rng(0)
    for _ in range(20):
        xs = [Fraction(int(v), 4) for v in rng.integers(-8, 8, 4)]
        ys = [Fraction(int(v), 4) for v in rng.integers(-8, 8, 3)]
        wp, wq = rng.integers(1, 5, 4), rng.integers(1, 5, 3)
        p = [Fraction(int(w), int(wp.sum())) for w in wp]
        q = [Fraction(int(w), int(wq.sum())) for w in wq]
        ref = wasserstein_distance([float(x) for x in xs], [float(y) for y in ys], wp, wq)
        assert abs(float(w1_line(xs, p, ys, q)) - ref) < 1e-12


def test_point_masses():
    assert w1_line([0], [Fraction(1)], [Fraction(-3, 2)], [Fraction(1)]) == Fraction(3, 2)


def test_primal_and_dual_lp_agree_with_line_formula():
    xs = np.array([0.0, 1.0, 3.0])
    p, q = np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.25, 0.75])
    D = np.abs(xs[:, None] - xs[None, :])
    exact = float(w1_line([0, 1, 3], [Fraction(1, 2), Fraction(1, 2), 0], [0, 1, 3],
                          [0, Fraction(1, 4), Fraction(3, 4)]))
    assert abs(transport_cost(D, p, q) - exact) < 1e-8
    assert abs(kr_dual(D, p, q) - exact) < 1e-8


def test_bounded_dual_is_twice_tv():
    p, q = np.array([0.2, 0.3, 0.5]), np.array([0.6, 0.1, 0.3])
    big = np.full((3, 3), 100.0)
    assert abs(kr_dual(big, p, q, sup_bound=1.0) - np.abs(p - q).sum()) < 1e-8


def test_ipm_brute_force_box_is_l1():
    p = [Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)]
    q = [Fraction(1, 6), Fraction(1, 6), Fraction(2, 3)]
    signs = [list(s) for s in product([-1, 1], repeat=3)]
    assert ipm(signs, p, q) == sum(abs(a - b) for a, b in zip(p, q))


def test_malformed_inputs():
    with pytest.raises(ValueError):
        w1_line([0], [Fraction(1, 2)], [0], [Fraction(1)])
    with pytest.raises(ValueError):
        transport_cost(np.zeros((2, 2)), [0.5, 0.5], [1.0])
    with pytest.raises(ValueError):
        ipm([[1, 2]], [Fraction(1)], [Fraction(1)])
