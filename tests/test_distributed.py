"""checks.distributed against brute force: enumerated noise paths, numpy roots, float iteration."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from checks.distributed import (averaged_variance, delay_polynomial, delayed_gd_stable, local_gd_fixed_point,
                                local_gd_round, ou_moments, schur_stable, sync_sgd_errors, sync_sgd_floor)


def test_sync_sgd_errors_match_enumerated_rademacher_workers():
    """Two workers with independent ±1 noise on each of two coordinates, three steps: average over all paths."""
    h, eta, m, T = (Fraction(1), Fraction(3)), Fraction(1, 4), 2, 3
    e0 = (Fraction(2), Fraction(-1))
    signs = list(itertools.product((-1, 1), repeat=2 * m))         # per step: m workers x 2 coordinates
    total = [Fraction(0)] * (T + 1)
    paths = list(itertools.product(signs, repeat=T))
    for path in paths:
        e = list(e0)
        total[0] += sum(x * x for x in e)
        for t, s in enumerate(path):
            zeta = [Fraction(s[i] + s[2 + i], m) for i in range(2)]
            e = [(1 - eta * hi) * ei - eta * zi for hi, ei, zi in zip(h, e, zeta)]
            total[t + 1] += sum(x * x for x in e)
    expected = [x / len(paths) for x in total]
    v = [averaged_variance(1, m)] * 2
    assert sync_sgd_errors(h, [x * x for x in e0], eta, v, T) == expected


def test_floor_is_fixed_point_and_correlated_variance():
    h, eta, v = [Fraction(1), Fraction(2)], Fraction(1, 3), [Fraction(1), Fraction(5)]
    f = sync_sgd_floor(h, eta, v)
    assert sync_sgd_errors(h, [eta * vi / (hi * (2 - eta * hi)) for hi, vi in zip(h, v)], eta, v, 4) == [f] * 5
    assert averaged_variance(3, 4, 1) == 3 and averaged_variance(3, 4, 0) == Fraction(3, 4)
    with pytest.raises(ValueError):
        averaged_variance(1, 3, -1)
    with pytest.raises(ValueError):
        sync_sgd_errors([0.5], [1], 1, [1], 2)


@pytest.mark.parametrize("seed", range(40))
def test_schur_stable_matches_numpy_roots(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 6))
    c = [Fraction(int(x), 7) for x in rng.integers(-9, 10, n)] + [Fraction(int(rng.choice([-3, -2, 2, 3])), 2)]
    roots = np.roots([float(x) for x in c[::-1]])
    r = float(np.max(np.abs(roots)))
    if abs(r - 1) > 1e-9:
        assert schur_stable(c) == (r < 1)


def test_delay_polynomial_and_known_thresholds():
    assert delay_polynomial(Fraction(1, 2), 2) == [Fraction(1, 2), 0, -1, 1]
    assert delayed_gd_stable(Fraction(199, 100), 0) and not delayed_gd_stable(2, 0)
    assert delayed_gd_stable(Fraction(99, 100), 1) and not delayed_gd_stable(1, 1)   # z^2 - z + 1 on |z| = 1
    thr = 2 * np.sin(np.pi / 10)                                                        # tau = 2
    assert delayed_gd_stable(Fraction(int(thr * 1000) - 1, 1000), 2)
    assert not delayed_gd_stable(Fraction(int(thr * 1000) + 1, 1000), 2)


def test_local_gd_fixed_point_is_fixed_and_attracting():
    a, b, eta, K = [Fraction(1), Fraction(3)], [Fraction(-1), Fraction(2)], Fraction(1, 5), 3
    x = local_gd_fixed_point(a, b, eta, K)
    assert local_gd_round(a, b, eta, K, x) == x
    y = 0.0
    for _ in range(200):
        y = float(local_gd_round(a, b, eta, K, Fraction(y)))
    assert abs(y - float(x)) < 1e-12


def test_ou_moments_match_enumeration():
    a, eta, x0 = Fraction(1, 2), Fraction(1, 3), Fraction(2)
    means, vars_ = ou_moments(a, 4, 1, eta, x0, 3)
    vals = []
    for noise in itertools.product((-2, 2), repeat=3):                 # variance 4
        x = x0
        for xi in noise:
            x -= eta * (a * x + xi)
        vals.append(x)
    mean = sum(vals, Fraction(0)) / len(vals)
    assert means[3] == mean and vars_[3] == sum(((v - mean) ** 2 for v in vals), Fraction(0)) / len(vals)
