"""Tests of checks.distributions against brute force, closed forms and SciPy."""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import product

import numpy as np
import pytest
from scipy import special, stats

from checks.distributions import (FiniteLaw, LatticeLaw, bernoulli, binomial_ge, binomial_le, central_mass,
                                  convolve, enclose, gaussian_conditional_mean_quad, ge_mp,
                                  kolmogorov_to_normal, le_enclosed, le_mp, matrix_series_law,
                                  matrix_variance, max_normal_tail, max_window_count, mills_ratio,
                                  normal_sf, q, sign_sums, truncated_normal_moments,
                                  truncated_normal_moments_quad)


def test_finite_law_moments_match_numpy():
    L = FiniteLaw.from_weights([Fraction(-1, 2), 3, 3, 7], [1, 2, 3, 4])
    atoms = np.array([-0.5, 3, 7])
    w = np.array([1, 5, 4]) / 10
    assert L.atoms == (Fraction(-1, 2), 3, 7)
    assert float(L.mean) == pytest.approx(atoms @ w)
    assert float(L.variance) == pytest.approx(w @ (atoms - atoms @ w) ** 2)
    assert L.prob(lambda a: a >= 3) == Fraction(9, 10)


def test_finite_law_rejects_bad_weights():
    with pytest.raises(ValueError):
        FiniteLaw((Fraction(0), Fraction(1)), (Fraction(1, 2), Fraction(1, 3)))
    with pytest.raises(ValueError):
        FiniteLaw.from_weights([1, 2], [1, 0])


def test_convolution_matches_brute_force():
    laws = [LatticeLaw.from_atoms({-1: 1, 2: 3}), LatticeLaw.from_atoms({0: 2, 1: 1, 3: 1}), bernoulli(Fraction(1, 3))]
    S = convolve(laws)
    brute: dict[int, Fraction] = {}
    for combo in product(*[[(k, Fraction(w, L.total)) for k, w in zip(L.support, L.weights) if w] for L in laws]):
        v = sum(k for k, _ in combo)
        brute[v] = brute.get(v, Fraction(0)) + math.prod(p for _, p in combo)
    for k in S.support:
        assert S.prob(lambda x, k=k: x == k) == brute.get(k, 0)
    assert S.mean == sum(L.mean for L in laws)
    assert S.variance == sum(L.variance for L in laws)


def test_poisson_binomial_matches_scipy_for_equal_p():
    S = convolve([bernoulli(Fraction(3, 10))] * 12)
    pmf = stats.binom.pmf(np.arange(13), 12, 0.3)
    assert np.allclose([float(Fraction(w, S.total)) for w in S.weights], pmf, rtol=1e-12, atol=0)


@pytest.mark.parametrize("n,p,x", [(10, Fraction(1, 2), 7), (40, Fraction(3, 100), 3), (3000, Fraction(1, 10), 400),
                                   (1000, Fraction(1, 1000), 10), (7, Fraction(1), 7), (5, Fraction(0), 1)])
def test_binomial_tails_match_scipy(n, p, x):
    ge = binomial_ge(n, p, x)
    assert float(ge) == pytest.approx(stats.binom.sf(x - 1, n, float(p)), rel=1e-9, abs=1e-300)
    assert binomial_le(n, p, x - 1) == 1 - ge


def test_binomial_tail_exact_small_case():
    n, p = 9, Fraction(2, 7)
    brute = sum(math.comb(n, j) * p ** j * (1 - p) ** (n - j) for j in range(4, n + 1))
    assert binomial_ge(n, p, Fraction(7, 2)) == brute


def test_enclosure_contains_e():
    lo, hi = enclose(lambda iv: iv.exp(q(iv, 1)), 80)
    partial = sum(Fraction(1, math.factorial(k)) for k in range(40))  # e - partial < 2/40!
    assert lo <= partial + Fraction(2, math.factorial(40)) and partial <= hi
    assert hi - lo < Fraction(1, 2 ** 70)


def test_le_enclosed_decides_both_ways():
    ok = le_enclosed(Fraction(3678, 10000), lambda iv: iv.exp(q(iv, -1)), "e^-1")
    bad = le_enclosed(Fraction(3679, 10000), lambda iv: iv.exp(q(iv, -1)), "e^-1")
    assert ok.ok and ok.ratio < 1 and not bad.ok and bad.ratio > 1
    assert le_enclosed(Fraction(1), lambda iv: iv.mpf(1), "1 <= 1", exact_bound=Fraction(1)).ok


def test_gaussian_functions_match_scipy():
    for x in (0.0, 0.3, 1.0, 2.5, 8.0, 30.0):
        assert float(normal_sf(x)) == pytest.approx(special.ndtr(-x), rel=1e-13)
        assert float(mills_ratio(x)) == pytest.approx(math.sqrt(math.pi / 2) * special.erfcx(x / math.sqrt(2)), rel=1e-13)
        assert float(central_mass(x)) == pytest.approx(special.erf(x / math.sqrt(2)), rel=1e-13)
    for n in (1, 2, 10, 1000):
        u = 2 * math.sqrt(math.log(n))
        assert float(max_normal_tail(n, u)) == pytest.approx(1 - (1 - special.ndtr(-u)) ** n, rel=1e-10)
        assert float(max_normal_tail(n, u, absolute=True)) == pytest.approx(1 - (1 - 2 * special.ndtr(-u)) ** n, rel=1e-10)
    with pytest.raises(ValueError):
        max_normal_tail(0, 1.0)


@pytest.mark.parametrize("a", [-3.0, -1.0, 0.0, 0.7, 2.0, 4.5])
def test_truncated_moments_match_scipy_and_quadrature(a):
    mean, var, second = (float(v) for v in truncated_normal_moments(a))
    ref_mean, ref_var = stats.truncnorm.stats(a, np.inf, moments="mv")
    assert mean == pytest.approx(float(ref_mean), rel=1e-9)
    assert var == pytest.approx(float(ref_var), rel=1e-7)
    assert second == pytest.approx(var + mean ** 2, rel=1e-12)
    vals, errs = truncated_normal_moments_quad(a)
    for v, ref, e in zip(vals, (mean, var, second), errs):
        assert abs(v - ref) <= e + 1e-15 * abs(ref)


def test_conditional_mean_quadrature():
    for c, v, z in ((1.0, 2.0, 0.7), (3.0, 0.5, -4.0), (0.2, 0.2, 10.0)):
        val, err = gaussian_conditional_mean_quad(c, v, z)
        assert abs(val - c * c * z / (c * c + v * v)) <= err + 1e-15
    with pytest.raises(ValueError):
        gaussian_conditional_mean_quad(1.0, 0.0, 1.0)


def test_sign_sums_and_window_counts_match_brute_force():
    a = [1, 3, 3, 5]
    sums = sign_sums(a)
    brute = sorted(sum(s * x for s, x in zip(signs, a)) for signs in product((-1, 1), repeat=4))
    assert sums.tolist() == brute
    for width in range(0, 12):
        best = max(sum(1 for v in brute if lo <= v <= lo + width) for lo in range(-13, 13))
        assert max_window_count(sums, width) == best
    with pytest.raises(ValueError):
        max_window_count(sums, -1)


def test_kolmogorov_distance_of_point_mass_and_coin():
    assert kolmogorov_to_normal(np.array([0.0]), np.array([1.0]), 0.0, 1.0) == pytest.approx(0.5)
    d = kolmogorov_to_normal(np.array([-1.0, 1.0]), np.array([0.5, 0.5]), 0.0, 1.0)
    assert d == pytest.approx(0.5 - special.ndtr(-1.0))


def test_matrix_series_law_and_variance():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((3, 2, 4))
    values = np.tile([-1.0, 1.0], (3, 1))
    probs = np.full((3, 2), 0.5)
    norms, prob = matrix_series_law(A, values, probs)
    assert prob.sum() == pytest.approx(1.0)
    brute = sorted(np.linalg.norm(np.tensordot(np.array(s), A, 1), 2) for s in product((-1, 1), repeat=3))
    assert np.allclose(np.sort(norms), brute)
    left, right = matrix_variance(A, np.ones(3))
    assert left == pytest.approx(np.linalg.norm(sum(X @ X.T for X in A), 2))
    assert right == pytest.approx(np.linalg.norm(sum(X.T @ X for X in A), 2))


def test_mp_comparisons():
    assert le_mp(1, 2, "1 <= 2").ok and not le_mp(2, 1, "2 <= 1").ok
    assert ge_mp(2, 1, "2 >= 1").ok and not ge_mp(1, 2, "1 >= 2").ok
