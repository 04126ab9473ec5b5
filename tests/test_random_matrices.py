"""checks.random_matrices against closed forms (chi-square and Beta moments, Bartlett's decomposition),
SciPy (distributions, quadrature), NumPy (covariances, pseudo-inverses) and Monte Carlo at stated levels.

Monte Carlo comparisons use exact tests: Kolmogorov–Smirnov p-values and binomial tail probabilities
are required to exceed 1e-6, so each such assertion fails spuriously with probability at most 1e-6.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from scipy import integrate, stats
from scipy.special import ndtr

from checks import random_matrices as R
from checks.linalg import pseudoinverse
from checks.stats import catoni_mean
from checks.spectral import linear_estimator_risk

LEVEL = 1e-6


def _double_factorial(k: int) -> int:
    return math.prod(range(k, 0, -2))


# --- designs and covariances ----------------------------------------------------------------------

def test_gaussian_designs_shape_and_errors() -> None:
    X = R.gaussian_designs(np.random.default_rng(0), 3, 4, 5)
    assert X.shape == (3, 4, 5)
    with pytest.raises(ValueError):
        R.gaussian_designs(np.random.default_rng(0), 0, 4, 5)


@pytest.mark.parametrize("centered", [False, True])
def test_sample_covariance_matches_numpy(centered: bool) -> None:
    X = np.random.default_rng(1).standard_normal((3, 7, 4))
    S = R.sample_covariance(X, centered)
    for k in range(3):
        ref = np.cov(X[k], rowvar=False) if centered else X[k].T @ X[k] / 7
        np.testing.assert_allclose(S[k], ref, atol=1e-13)
    assert np.linalg.matrix_rank(R.sample_covariance(X[0][:3], centered=True)) == 2
    with pytest.raises(ValueError):
        R.sample_covariance(np.ones((1, 3)), centered=True)


def test_singular_value_band_holds_at_its_rate() -> None:
    n, p, t, m = 60, 20, 2.0, 400
    lo, hi = R.singular_value_band(n, p, t)
    assert (lo, hi) == pytest.approx(((math.sqrt(n) - math.sqrt(p) - t) ** 2 / n, (math.sqrt(n) + math.sqrt(p) + t) ** 2 / n))
    s = np.linalg.svd(np.random.default_rng(2).standard_normal((m, n, p)), compute_uv=False) ** 2 / n
    outside = int(np.sum((s[:, -1] < lo) | (s[:, 0] > hi)))
    assert stats.binom.sf(outside - 1, m, 2 * math.exp(-t * t / 2)) > LEVEL
    with pytest.raises(ValueError):
        R.singular_value_band(3, 3, -1.0)


# --- Wick moments ---------------------------------------------------------------------------------

@pytest.mark.parametrize("powers", [(1,), (2,), (3,), (1, 1), (2, 2), (1, 2), (3, 3)])
def test_wick_counts_every_pairing_once(powers: tuple[int, ...]) -> None:
    total = sum(c for _, c in R.wishart_moment_terms(powers))
    assert total == _double_factorial(2 * sum(powers) - 1)


@pytest.mark.parametrize("n", [1, 3, 8])
def test_wishart_moments_with_one_column_are_chi_square_moments(n: int) -> None:
    # p = 1: tr W^k = (χ²_n)^k with E (χ²_n)^k = n (n + 2) ... (n + 2k - 2)
    for k in (1, 2, 3):
        assert R.wishart_moment((k,), n, 1) == math.prod(n + 2 * j for j in range(k))
    assert R.wishart_moment((2, 2), n, 1) == math.prod(n + 2 * j for j in range(4))
    assert R.esd_moment_variance(2, n, 1) == 8 * n * (n + 2) * (n + 3) / Fraction(n**4)


def test_wishart_trace_is_chi_square_and_moments_are_symmetric() -> None:
    for n, p in [(2, 3), (5, 4), (7, 1)]:
        assert R.wishart_moment((1, 1), n, p) - R.wishart_moment((1,), n, p) ** 2 == 2 * n * p
        for k in (1, 2, 3):  # tr (XᵀX)^k = tr (XXᵀ)^k
            assert R.wishart_moment((k,), n, p) == R.wishart_moment((k,), p, n)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_closed_forms_and_planar_gap(k: int) -> None:
    for n, p in [(3, 2), (5, 7), (10, 4), (1, 1)]:
        assert R.esd_moment(k, n, p) == R.esd_moment_closed_form(k, n, p)
        assert R.wishart_planar_gap(k, n, p) == R.esd_moment(k, n, p) - R.mp_moment(k, Fraction(p, n))
    with pytest.raises(ValueError):
        R.esd_moment_closed_form(4, 3, 3)
    with pytest.raises(ValueError):
        R.wishart_moment_terms((4, 3))


def test_esd_moments_match_simulation() -> None:
    n, p, m = 6, 3, 20000
    X = np.random.default_rng(3).standard_normal((m, n, p))
    ev = np.linalg.eigvalsh(np.swapaxes(X, 1, 2) @ X) / n
    for k in (2, 3):
        x = np.sum(ev**k, axis=1) / p
        est, radius = catoni_mean(x, float(R.esd_moment_variance(k, n, p)), LEVEL)
        assert abs(est - float(R.esd_moment(k, n, p))) <= radius
        assert np.var(x) == pytest.approx(float(R.esd_moment_variance(k, n, p)), rel=0.15)


# --- Marchenko–Pastur ------------------------------------------------------------------------------

def test_narayana_numbers() -> None:
    for k in range(1, 8):
        assert sum(R.narayana(k, j) for j in range(1, k + 1)) == math.comb(2 * k, k) // (k + 1)
        assert R.narayana(k, 1) == R.narayana(k, k) == 1
    with pytest.raises(ValueError):
        R.narayana(3, 0)


@pytest.mark.parametrize("gamma", [0.1, 0.5, 1.0, 2.5])
def test_mp_density_mass_and_moments(gamma: float) -> None:
    a, b = R.mp_edges(gamma)
    assert (a, b) == pytest.approx(((1 - gamma**0.5) ** 2, (1 + gamma**0.5) ** 2))
    f = lambda x, k: x**k * float(R.mp_density(x, gamma))
    mass = integrate.quad(f, a, b, args=(0,), limit=200)[0]
    assert mass + R.mp_atom(gamma) == pytest.approx(1, abs=1e-7)
    for k in (1, 2, 3, 4):
        assert integrate.quad(f, a, b, args=(k,), limit=200)[0] == pytest.approx(R.mp_moment(k, gamma), rel=1e-7)
    assert R.mp_moment(2, Fraction(1, 3)) == Fraction(4, 3)
    assert R.mp_density(np.array([a / 2, b * 2]), gamma).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("gamma", [0.3, 1.0, 2.5])
def test_mp_stieltjes_matches_quadrature(gamma: float) -> None:
    a, b = R.mp_edges(gamma)
    for z in (-1.0, 1j, 2.0 + 0.5j, b + 1.0, 1e6):
        g = lambda x, part: float(getattr(R.mp_density(x, gamma) / (x - z), part))
        val = (integrate.quad(g, a, b, args=("real",), limit=400)[0]
               + 1j * integrate.quad(g, a, b, args=("imag",), limit=400)[0] + R.mp_atom(gamma) / (0 - z))
        assert complex(R.mp_stieltjes(z, gamma)) == pytest.approx(val, abs=1e-7)
    z = 1e6
    assert complex(R.mp_stieltjes(z, gamma)) == pytest.approx(-1 / z, rel=1e-5)


def test_bbp_formulas() -> None:
    for gamma in (0.25, 0.5, 2.0):
        edge = R.mp_edges(gamma)[1]
        assert R.bbp_outlier(R.bbp_threshold(gamma), gamma) == pytest.approx(edge)
        assert R.mp_secular(edge * (1 + 1e-12), gamma) == pytest.approx(1 / gamma**0.5, rel=1e-5)
        for ell in (1.5 * gamma**0.5, 3.0, 10.0):
            lam = R.bbp_outlier(ell, gamma)
            assert lam > edge
            assert ell * R.mp_secular(lam, gamma) == pytest.approx(1, rel=1e-10)
            assert R.bbp_spike_from_outlier(lam, gamma) == pytest.approx(ell, rel=1e-10)
        assert R.bbp_outlier(0.5 * gamma**0.5, gamma) == edge
    with pytest.raises(ValueError):
        R.bbp_spike_from_outlier(1.0, 0.25)
    with pytest.raises(ValueError):
        R.mp_secular(1.0, 0.25)


def test_bbp_outlier_at_moderate_size() -> None:
    """Not a proof of the limit, a sanity check of the formula: n = 2000, γ = 1/4, ℓ = 3."""
    n, p, ell = 2000, 500, 3.0
    Z = np.random.default_rng(4).standard_normal((n, p))
    Z[:, 0] *= math.sqrt(1 + ell)
    top = np.linalg.eigvalsh(Z.T @ Z / n)[-1]
    assert top == pytest.approx(R.bbp_outlier(ell, p / n), rel=0.05)


# --- inverse Wishart ------------------------------------------------------------------------------

def test_inverse_wishart_one_dimension_is_inverse_chi_square() -> None:
    for nu in (5, 9, 30):
        inv = stats.invgamma(nu / 2, scale=0.5)  # 1/χ²_ν
        assert float(R.pinv_gram_trace_mean(nu, 1)) == pytest.approx(inv.mean())
        assert float(R.pinv_gram_trace_variance(nu, 1)) == pytest.approx(inv.var())
        assert float(R.inverse_quadratic_mean(1, nu)) == pytest.approx(inv.mean())  # p - n + 1 = ν


def test_inverse_wishart_two_dimensions_by_bartlett() -> None:
    """W = LLᵀ, L = [[a, 0], [b, c]], a² ~ χ²_ν, c² ~ χ²_{ν-1}, b ~ N(0, 1): tr W⁻¹ = u + v + b² u v with
    u = 1/a², v = 1/c² independent inverse chi-squares."""
    nu = sympy.symbols("nu", positive=True)
    m1 = lambda k: 1 / (k - 2)
    m2 = lambda k: 1 / ((k - 2) * (k - 4))
    Eu, Eu2, Ev, Ev2 = m1(nu), m2(nu), m1(nu - 1), m2(nu - 1)
    mean = Eu + Ev + Eu * Ev
    second = Eu2 + Ev2 + 3 * Eu2 * Ev2 + 2 * Eu * Ev + 2 * Eu2 * Ev + 2 * Eu * Ev2
    for n in (7, 10, 25):
        assert sympy.nsimplify(mean.subs(nu, n)) == sympy.Rational(*R.pinv_gram_trace_mean(n, 2).as_integer_ratio())
        var = sympy.nsimplify((second - mean**2).subs(nu, n))
        assert var == sympy.Rational(*R.pinv_gram_trace_variance(n, 2).as_integer_ratio())
        assert R.pinv_gram_trace_mean(n, 2) == R.pinv_gram_trace_mean(2, n)


def test_inverse_wishart_trace_by_simulation() -> None:
    n, p, m = 30, 20, 4000
    X = np.random.default_rng(5).standard_normal((m, n, p))
    t = np.trace(np.linalg.inv(np.swapaxes(X, 1, 2) @ X), axis1=1, axis2=2)
    est, radius = catoni_mean(t, float(R.pinv_gram_trace_variance(n, p)), LEVEL)
    assert abs(est - float(R.pinv_gram_trace_mean(n, p))) <= radius
    assert np.var(t) == pytest.approx(float(R.pinv_gram_trace_variance(n, p)), rel=0.25)
    with pytest.raises(ValueError):
        R.pinv_gram_trace_mean(10, 9)
    with pytest.raises(ValueError):
        R.pinv_gram_trace_variance(10, 7)


def test_inverse_quadratic_form_is_inverse_chi_square() -> None:
    n, p, m = 5, 12, 3000
    rng = np.random.default_rng(6)
    X = rng.standard_normal((m, n, p))
    u = rng.standard_normal(n)
    u /= np.linalg.norm(u)
    q = np.einsum("i,ki->k", u, np.linalg.solve(X @ np.swapaxes(X, 1, 2), np.broadcast_to(u, (m, n))[:, :, None])[:, :, 0])
    assert stats.kstest(q, stats.invgamma((p - n + 1) / 2, scale=0.5).cdf).pvalue > LEVEL
    inv = stats.invgamma((p - n + 1) / 2, scale=0.5)
    assert float(R.inverse_quadratic_mean(n, p)) == pytest.approx(inv.mean())
    assert float(R.inverse_quadratic_variance(n, p)) == pytest.approx(inv.var())
    with pytest.raises(ValueError):
        R.inverse_quadratic_variance(5, 8)


# --- min-norm risk --------------------------------------------------------------------------------

def test_conditional_risk_matches_independent_formulas() -> None:
    rng = np.random.default_rng(7)
    for n, p in [(5, 3), (3, 6), (4, 4)]:
        X = rng.standard_normal((n, p))
        beta = rng.standard_normal(p)
        parts = R.conditional_risk(X, beta, 0.7)
        H = np.linalg.pinv(X)
        assert parts.total == pytest.approx(linear_estimator_risk(H, X, beta, 0.7), rel=1e-10)
        A = rng.standard_normal((p, p))
        C = A @ A.T + np.eye(p)
        err = (H @ X - np.eye(p)) @ beta
        ref = err @ C @ err + 0.7 * np.trace(H.T @ C @ H)
        assert R.conditional_risk(X, beta, 0.7, C).total == pytest.approx(ref, rel=1e-10)
    with pytest.raises(ValueError):
        R.conditional_risk(np.ones((2, 3)), np.ones(2), 1.0)


def test_isotropic_risk_samples_match_the_per_design_risk() -> None:
    rng = np.random.default_rng(8)
    for n, p in [(8, 3), (3, 8)]:
        X = rng.standard_normal((5, n, p))
        beta = rng.standard_normal(p)
        bias, trace = R.isotropic_risk_samples(X, beta)
        for k in range(5):
            parts = R.conditional_risk(X[k], beta, 1.0)
            assert bias[k] == pytest.approx(parts.bias, abs=1e-10)
            assert trace[k] == pytest.approx(parts.variance, rel=1e-10)
    with pytest.raises(ValueError):
        R.isotropic_risk_samples(np.ones((1, 3, 2)), np.ones(2))


def test_null_space_fraction_is_beta_distributed() -> None:
    n, p, m = 6, 15, 3000
    rng = np.random.default_rng(9)
    beta = rng.standard_normal(p)
    bias, _ = R.isotropic_risk_samples(rng.standard_normal((m, n, p)), beta)
    ref = stats.beta((p - n) / 2, n / 2)
    assert stats.kstest(bias / (beta @ beta), ref.cdf).pvalue > LEVEL
    var = R.min_norm_risk_variance(n, p, 1, Fraction(0))
    assert float(var) == pytest.approx(ref.var())


def test_ridge_risk_samples_match_linear_estimator_risk() -> None:
    rng = np.random.default_rng(10)
    X = rng.standard_normal((4, 6, 9))
    beta, lam, s2 = rng.standard_normal(9), 0.3, 0.5
    bias, var = R.ridge_risk_samples(X, beta, s2, lam)
    for k in range(4):
        H = np.linalg.solve(X[k].T @ X[k] + lam * np.eye(9), X[k].T)
        assert bias[k] + var[k] == pytest.approx(linear_estimator_risk(H, X[k], beta, s2), rel=1e-9)
    assert np.all(bias <= beta @ beta) and np.all(var <= s2 * 6 / (4 * lam))
    with pytest.raises(ValueError):
        R.ridge_risk_samples(X, beta, s2, 0.0)


def test_expected_risk_formulas_and_limits() -> None:
    assert R.min_norm_expected_risk(10, 4, 3, 2) == R.RiskParts(Fraction(0), Fraction(8, 5))
    assert R.min_norm_expected_risk(4, 10, 3, 2) == R.RiskParts(Fraction(9, 5), Fraction(8, 5))
    for n, p in [(5, 4), (5, 5), (5, 6)]:
        with pytest.raises(ValueError):
            R.min_norm_expected_risk(n, p, 1, 1)
    assert R.ridgeless_limit_risk(Fraction(1, 2), 1, 1) == R.RiskParts(Fraction(0), Fraction(1))
    assert R.ridgeless_limit_risk(Fraction(2), 1, 1) == R.RiskParts(Fraction(1, 2), Fraction(1))
    with pytest.raises(ValueError):
        R.ridgeless_limit_risk(1, 1, 1)
    n = 10**6
    for gamma in (Fraction(1, 4), Fraction(3)):
        exact = R.min_norm_expected_risk(n, int(gamma * n), 2, 1).total
        assert float(exact) == pytest.approx(float(R.ridgeless_limit_risk(gamma, 2, 1).total), rel=1e-5)


# --- GOE -----------------------------------------------------------------------------------------

def test_goe_two_by_two_probability_by_quadrature() -> None:
    # P(a > 0, c > 0, |b| < sqrt(ac)), a, c ~ N(0, 2), b ~ N(0, 1)
    dens = lambda x: math.exp(-x * x / 4) / math.sqrt(4 * math.pi)
    val, _ = integrate.dblquad(lambda a, c: dens(a) * dens(c) * (2 * ndtr(math.sqrt(a * c)) - 1), 0, 12, 0, 12)
    assert val == pytest.approx(R.GOE_POSITIVE[2], abs=1e-8)


def test_goe_matrices_entries_and_block_bound() -> None:
    M = R.goe_matrices(np.random.default_rng(11), 20000, 3)
    assert np.allclose(M, np.swapaxes(M, 1, 2))
    assert stats.kstest(M[:, 0, 0] / math.sqrt(2), "norm").pvalue > LEVEL
    assert stats.kstest(M[:, 0, 1], "norm").pvalue > LEVEL
    assert R.goe_positive_block_bound(1) == 0.5
    assert R.goe_positive_block_bound(5) == pytest.approx(R.GOE_POSITIVE[2] ** 2 / 2)
    assert all(R.goe_positive_block_bound(n) < 2.0**-n for n in range(2, 9))
