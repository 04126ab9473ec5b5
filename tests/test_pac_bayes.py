import math
from fractions import Fraction

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import rel_entr
from scipy.stats import binom

from checks.pac_bayes import (binary_kl, binomial_pmf, failure_enclosure, gaussian_square_mgf_enclosure,
                              gaussian_square_mgf_partial, gibbs_posterior, kl_divergence, log_mean_exp,
                              square_mgf)


def test_kl_matches_scipy_and_handles_supports():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(6))
    q = rng.dirichlet(np.ones(6))
    q[2] = 0
    q /= q.sum()
    assert kl_divergence(q, p) == pytest.approx(rel_entr(q, p).sum(), rel=1e-12)
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(math.log(2))
    with pytest.raises(ValueError):
        kl_divergence([0.5, 0.6], [0.5, 0.5])


def test_gibbs_posterior_attains_donsker_varadhan():
    rng = np.random.default_rng(1)
    p = rng.dirichlet(np.ones(5))
    phi = rng.normal(size=5) * 3
    g = gibbs_posterior(p, phi)
    assert g.sum() == pytest.approx(1)
    assert np.dot(g, phi) - kl_divergence(g, p) == pytest.approx(log_mean_exp(p, phi), abs=1e-12)
    assert log_mean_exp(p, phi) == pytest.approx(math.log(np.dot(p, np.exp(phi))), rel=1e-12)


def test_binary_kl():
    assert binary_kl(0.3, 0.3) == 0
    assert binary_kl(0.2, 0.5) == pytest.approx(0.2 * math.log(0.4) + 0.8 * math.log(1.6))
    assert binary_kl(0.0, 0.5) == pytest.approx(math.log(2))
    assert binary_kl(0.5, 1.0) == math.inf
    with pytest.raises(ValueError):
        binary_kl(1.5, 0.5)


def test_binomial_pmf_matches_scipy():
    pmf = binomial_pmf(Fraction(2, 7), 9)
    assert sum(pmf) == 1
    assert np.allclose([float(x) for x in pmf], binom.pmf(np.arange(10), 9, 2 / 7), rtol=1e-12)


def test_failure_enclosure_matches_float_product():
    n = 10
    acc1 = [j <= 7 for j in range(n + 1)]
    acc2 = [j >= 2 for j in range(n + 1)]
    lo, hi = failure_enclosure([(Fraction(1, 2), 1000, acc1), (Fraction(1, 3), 7, acc2)], n)
    good1 = binom.cdf(7, n, 0.5)
    good2 = binom.sf(1, n, 1 / 3)
    ref = 1 - good1**1000 * good2**7
    assert lo <= hi and hi - lo < Fraction(1, 2**200)
    assert float(lo) == pytest.approx(ref, rel=1e-10)
    assert failure_enclosure([(Fraction(1, 2), 5, [True] * (n + 1))], n) == (0, 0)


def test_square_mgf_against_exact_sum():
    p, m = Fraction(1, 3), 7
    ref = sum(float(w) * math.exp(2.5 * float(p - Fraction(j, m)) ** 2) for j, w in enumerate(binomial_pmf(p, m)))
    assert square_mgf(p, m, 2.5) == pytest.approx(ref, rel=1e-12)
    # centered +-1 variables at m = 1: exp(lam)
    assert square_mgf(Fraction(1, 2), 1, 0.5, width=2) == pytest.approx(math.exp(0.5), rel=1e-12)


@pytest.mark.parametrize("a", [Fraction(-2, 5), Fraction(-1, 3), Fraction(0), Fraction(1, 4), Fraction(2, 5)])
def test_gaussian_square_mgf_against_quadrature_and_closed_form(a):
    lo, hi = gaussian_square_mgf_enclosure(a, 120)
    val, _ = quad(lambda z: math.exp(float(a) * z * z - z * z / 2) / math.sqrt(2 * math.pi), -np.inf, np.inf,
                  epsabs=0, epsrel=1e-12)
    assert float(lo) <= val * (1 + 1e-9) and val <= float(hi) * (1 + 1e-9)
    assert float(lo) <= (1 - 2 * float(a)) ** -0.5 <= float(hi)
    with pytest.raises(ValueError):
        gaussian_square_mgf_enclosure(Fraction(1, 2), 10)


def test_gaussian_partial_sums_diverge_at_one_half():
    assert gaussian_square_mgf_partial(Fraction(1, 2), 1) == Fraction(3, 2)
    assert gaussian_square_mgf_partial(Fraction(1, 2), 400) > 20  # ~ 2 sqrt(K / pi)
    assert gaussian_square_mgf_partial(Fraction(1, 4), 60) <= Fraction(1414214, 1000000)


def test_gd_output_law_against_matrix_formulas():
    from checks.pac_bayes import gaussian_kl_to_standard, gd_output_law
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(2, 4)), rng.normal(size=2)
    A = X.T @ X
    eta, T = 0.5 / np.linalg.eigvalsh(A)[-1], 5
    mu, lam, log_s = gd_output_law(X, y, eta, T)
    M = np.linalg.matrix_power(np.eye(4) - eta * A, T)
    S = M @ M.T
    b = sum(np.linalg.matrix_power(np.eye(4) - eta * A, t) @ (eta * X.T @ y) for t in range(T))
    assert np.allclose(mu, b, rtol=1e-12)
    ref = 0.5 * (np.trace(S) + mu @ mu - 4 - np.linalg.slogdet(S)[1])
    assert gaussian_kl_to_standard(mu, log_s) == pytest.approx(ref, rel=1e-10)
    assert gaussian_kl_to_standard(mu, np.array([0.0, -np.inf])) == math.inf
