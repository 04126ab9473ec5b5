"""Exact divergences against SciPy's entropy functions, mpmath and closed forms; Gaussian KL against
the 1-D formula and a seeded Monte Carlo estimate; the isotropic Gaussian MLE against a numerical
optimizer."""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import optimize, special, stats

from checks import divergences as dv

weights = st.lists(st.integers(1, 30), min_size=2, max_size=6)


@settings(max_examples=40, deadline=None)
@given(weights, weights)
def test_entropy_kl_cross_entropy_match_scipy(w1, w2):
    m = min(len(w1), len(w2))
    p, q = dv.distribution(w1[:m]), dv.distribution(w2[:m])
    pf, qf = np.array([float(x) for x in p]), np.array([float(x) for x in q])
    assert float(dv.entropy(p)) == pytest.approx(stats.entropy(pf), abs=1e-12)
    assert float(dv.kl(p, q)) == pytest.approx(float(np.sum(special.rel_entr(pf, qf))), abs=1e-12)
    assert float(dv.cross_entropy(p, q)) == pytest.approx(-float(pf @ np.log(qf)), abs=1e-12)
    assert float(dv.tv(p, q)) == pytest.approx(0.5 * float(np.abs(pf - qf).sum()), abs=1e-15)


@settings(max_examples=40, deadline=None)
@given(st.fractions(min_value=F(1, 1000), max_value=1000), st.fractions(min_value=-5, max_value=5))
def test_log_forms_and_enclosures(r, c):
    form = dv.log(r).scale(c) + dv.rational(F(1, 7))
    lo, hi = dv.enclosure(form)
    with __import__("mpmath").workprec(200):
        import mpmath
        exact = mpmath.mpf(c.numerator) / c.denominator * mpmath.log(mpmath.mpf(r.numerator) / r.denominator) \
            + mpmath.mpf(1) / 7
        assert lo <= dv._mpf_to_fraction(exact) + F(1, 2**150) and dv._mpf_to_fraction(exact) - F(1, 2**150) <= hi
    assert (lo > 0) == (hi > 0)


def test_sign_of_nearly_cancelling_forms():
    x = F(1, 10**20)
    assert dv.sign(dv.rational(x) - dv.log(1 + x)) == 1  # x > log(1 + x)
    assert dv.sign(dv.log(1 + x) - dv.rational(x - x * x / 2)) == 1  # log(1 + x) > x - x^2/2
    assert dv.sign(dv.log(4) - dv.log(2).scale(2)) == 0
    assert dv.log(F(12, 5)) == dv.log(2).scale(2) + dv.log(3) - dv.log(5)


def test_infinite_kl_and_invalid_inputs():
    p, q = (F(1, 2), F(1, 2)), (F(1), F(0))
    assert dv.kl_float(p, q) == math.inf
    assert dv.kl_float(q, p) == pytest.approx(math.log(2))
    with pytest.raises(ValueError):
        dv.kl(p, q)
    with pytest.raises(ValueError):
        dv.distribution([0, 0])
    with pytest.raises(ValueError):
        dv.tv((F(1, 2), F(1, 3)), p)
    with pytest.raises(ValueError):
        dv.log(0)
    with pytest.raises(ValueError):
        dv.f_divergence(lambda t: t, p, q)


def test_f_divergence_and_dv_gap():
    p, q = (F(3, 4), F(1, 4)), (F(1, 4), F(3, 4))
    assert dv.f_divergence(lambda t: abs(t - 1) / 2, p, q) == F(1, 2)
    f = dv.ConvexPL((F(-1), F(2)), (F(1), F(-2)))
    assert f(F(1)) == 0 and f(F(3)) == 4
    assert dv.dv_gap(q, p, tuple(b / a for a, b in zip(q, p))).is_zero
    # g = 0: the gap is KL itself
    assert dv.dv_gap(q, p, (F(1), F(1))) == dv.kl(p, q)


def test_gaussian_kl_against_1d_formula_and_monte_carlo():
    mq, sq, mp, sp = 0.3, 0.7, -1.1, 1.9
    ref = math.log(sp / sq) + (sq**2 + (mq - mp) ** 2) / (2 * sp**2) - 0.5
    assert dv.gaussian_kl(np.array([mq]), np.array([[sq**2]]), np.array([mp]), np.array([[sp**2]])) == \
        pytest.approx(ref, rel=1e-13)
    rng = np.random.default_rng(7)
    a, b = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    cq, cp = a @ a.T + np.eye(3), b @ b.T + np.eye(3)
    mu_q, mu_p = rng.standard_normal(3), rng.standard_normal(3)
    x = rng.multivariate_normal(mu_q, cq, size=100_000)
    llr = stats.multivariate_normal(mu_q, cq).logpdf(x) - stats.multivariate_normal(mu_p, cp).logpdf(x)
    se = llr.std() / math.sqrt(len(llr))
    assert abs(llr.mean() - dv.gaussian_kl(mu_q, cq, mu_p, cp)) < 5 * se
    with pytest.raises(np.linalg.LinAlgError):
        dv.gaussian_kl(mu_q, -cq, mu_p, cp)


def test_isotropic_mle_against_optimizer():
    rng = np.random.default_rng(3)
    xs_f = rng.integers(-5, 6, size=(12, 3)).astype(float)
    xs = [tuple(F(int(v)) for v in row) for row in xs_f]
    mu, s2 = dv.isotropic_gaussian_mle(xs)
    n, d = xs_f.shape

    def nll(theta):
        m, log_s2 = theta[:d], theta[d]
        return np.sum((xs_f - m) ** 2) / (2 * math.exp(log_s2)) + n * d / 2 * log_s2

    res = optimize.minimize(nll, np.zeros(d + 1), method="BFGS", options={"gtol": 1e-10})
    assert np.allclose(res.x[:d], [float(v) for v in mu], atol=1e-5)
    assert math.exp(res.x[d]) == pytest.approx(float(s2), rel=1e-5)
    g_mu, g_s2 = dv.loglik_gradient(xs, mu, s2)
    assert all(v == 0 for v in g_mu) and g_s2 == 0
    gap = dv.loglik_gap(xs, mu, s2, mu, 2 * s2)
    assert float(gap) == pytest.approx(nll(np.r_[[float(v) for v in mu], math.log(2 * float(s2))])
                                       - nll(np.r_[[float(v) for v in mu], math.log(float(s2))]), rel=1e-12)
    with pytest.raises(ValueError):
        dv.isotropic_gaussian_mle([(F(1),), (F(1),)])
