"""Tests of checks.local_signal against independent references: direct piecewise formulas, finite
differences, adaptive quadrature (scipy and mpmath), scipy's multivariate normal, NumPy's QR, exact
binomials, and seeded Monte Carlo with explicit standard-error margins."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from scipy import integrate, special, stats

from checks.local_signal import (State, abs_bivariate_tail, bias_noise_bounds, central_binomial_ratio,
                                 cnn_difference_quotients, cnn_gradients, cnn_output, cntk_error_lower_bound,
                                 cntk_features, cntk_output, cosine_cdf, cosine_quantile, error_bounds, gram_schmidt,
                                 init_event_constants, inverse_mills, logistic_loss, loss_bounds, mean_sigmoid_bounds,
                                 mills_ratio, noise_pull_bound, noise_pull_bounds, noise_std, reduced_output,
                                 sample_images, sample_reduced, sigmoid, soft_abs_moment, soft_cross_moments,
                                 soft_log_mgf, soft_nonzero, soft_tail, soft_threshold, soft_threshold_derivatives,
                                 soft_truncated_second_moment, sum_tail_lower, sum_tail_upper, unit_vector)

CASES = [(1.0, 0.3), (0.5, -0.7), (0.3, 1.5)]


def quad(fun, s: float, b: float) -> float:
    """``E fun(Z)``, ``Z ~ N(0, s^2)``, by scipy quadrature split at the kinks ``0, ±b``."""
    edges = [-40 * s - abs(b)] + sorted({-abs(b), 0.0, abs(b)}) + [40 * s + abs(b)]
    pdf = lambda z: fun(z) * stats.norm.pdf(z, scale=s)
    return sum(integrate.quad(pdf, edges[i], edges[i + 1], epsabs=1e-300, epsrel=1e-12, limit=400)[0]
               for i in range(len(edges) - 1))


def test_soft_threshold_piecewise():
    z = np.linspace(-3, 3, 601)
    for b in (-1.0, -0.2):
        np.testing.assert_allclose(soft_threshold(z, b), np.sign(z) * np.maximum(np.abs(z) - abs(b), 0), atol=1e-15)
    for b in (0.4, 2.0):
        expected = np.where(np.abs(z) < b, 2 * z, z + b * np.sign(z))
        np.testing.assert_allclose(soft_threshold(z, b), expected, atol=1e-15)
    np.testing.assert_allclose(soft_threshold(z, 0.0), z, atol=1e-15)


def test_soft_threshold_derivatives_match_differences():
    rng = np.random.default_rng(0)
    z = rng.normal(size=200)
    h = 1e-7
    for b in (-0.5, 0.0, 0.7):
        dz, db = soft_threshold_derivatives(z, b)
        np.testing.assert_allclose(dz, (soft_threshold(z + h, b) - soft_threshold(z - h, b)) / (2 * h), atol=1e-6)
        np.testing.assert_allclose(db, (soft_threshold(z, b + h) - soft_threshold(z, b - h)) / (2 * h), atol=1e-6)


def test_sample_images_layout():
    rng = np.random.default_rng(1)
    w = unit_vector(rng, 4)
    X, y, i_star = sample_images(rng, 3000, 9, 4, w)
    assert X.shape == (3000, 10, 4)
    np.testing.assert_array_equal(X[np.arange(3000), i_star], y[:, None] * w)
    noise = np.delete(X.reshape(-1, 4), (np.arange(3000) * 10 + i_star), axis=0)
    assert abs(noise.std() / noise_std(9) - 1) < 0.02
    assert set(np.unique(i_star)) == set(range(10)) and set(np.unique(y)) == {-1.0, 1.0}
    with pytest.raises(ValueError):
        sample_images(rng, 0, 9, 4, w)
    with pytest.raises(ValueError):
        sample_images(rng, 3, 9, 4, 2 * w)


def test_cnn_gradients_match_smooth_differences():
    """Central differences of the loss (smooth away from kinks) against the indicator formulas."""
    rng = np.random.default_rng(2)
    d, k = 5, 7
    w_star = unit_vector(rng, d)
    X, y, _ = sample_images(rng, 6, k, d, w_star, sigma=0.5)
    for b in (-0.3, 0.0, 0.4):
        w = rng.normal(size=d)
        gw, gb = cnn_gradients(w, b, X, y)
        loss = lambda ww, bb: logistic_loss(y * cnn_output(ww, bb, X))
        h = 1e-6
        for j in range(d):
            e = np.zeros(d)
            e[j] = h
            np.testing.assert_allclose(gw[:, j], (loss(w + e, b) - loss(w - e, b)) / (2 * h), atol=1e-6)
        np.testing.assert_allclose(gb, (loss(w, b + h) - loss(w, b - h)) / (2 * h), atol=1e-6)


def test_difference_quotients_are_exact():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(4, 6, 3))
    w = rng.normal(size=3)
    for b in (-0.4, 0.5):
        D_w, D_b, tol = cnn_difference_quotients(w, b, X)
        dz, db = soft_threshold_derivatives(X @ w, b)
        np.testing.assert_allclose(D_w, np.einsum("nr,nrd->nd", dz, X), atol=tol)
        np.testing.assert_allclose(D_b, db.sum(axis=-1), atol=tol)
        assert tol < 1e-9
    with pytest.raises(ValueError):
        cnn_difference_quotients(np.array([1.0, 0, 0]), 0.5, np.array([[[0.5, 0, 0]]]))


def test_state_validation_and_reduction():
    with pytest.raises(ValueError):
        State(1, 1.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        State(10, 1.0, -1.0, 0.0)
    with pytest.raises(ValueError):
        State(10, 0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        noise_std(1)
    st = State(100, 0.6, 0.8, -0.1)
    assert math.isclose(st.s, noise_std(100)) and math.isclose(st.alpha, 0.1 / noise_std(100))
    assert st.signal == pytest.approx(0.5) and st.signal_indicators == 1
    assert State(100, 0.1, 0.0, -1.0).signal_indicators == 0 and State(100, 0.1, 0.0, 1.0).signal_indicators == 2
    rng = np.random.default_rng(4)
    A, B, Y = sample_reduced(rng, 20000, st)
    assert abs(A.std() / noise_std(100) - 1) < 0.01 and abs(np.corrcoef(A.ravel(), B.ravel())[0, 1]) < 0.01
    Z = st.c * A + st.v * B
    f = reduced_output(st, Z, Y)
    np.testing.assert_allclose(f, soft_threshold(Z, st.b).sum(1) + Y * st.signal, atol=1e-12)


@pytest.mark.parametrize("s,b", CASES)
def test_soft_moments_match_quadrature(s, b):
    for n in (1, 2, 3):
        assert soft_abs_moment(s, b, n) == pytest.approx(quad(lambda z: abs(soft_threshold(z, b)) ** n, s, b), rel=1e-9)
    M = 0.4
    second, mass = soft_truncated_second_moment(s, b, M)
    assert second == pytest.approx(quad(lambda z: soft_threshold(z, b) ** 2 * (abs(soft_threshold(z, b)) <= M), s, b),
                                   rel=1e-8, abs=1e-14)
    assert mass == pytest.approx(quad(lambda z: float(abs(soft_threshold(z, b)) <= M), s, b), rel=1e-9)
    m = soft_cross_moments(s, b)
    ind = lambda z: float(z >= -b)
    assert m["J1"] == pytest.approx(quad(lambda z: soft_threshold(z, b) * z * ind(z), s, b), rel=1e-9)
    assert m["J3"] == pytest.approx(quad(lambda z: soft_threshold(z, b) ** 3 * z * ind(z), s, b), rel=1e-9)
    assert m["Z2"] == pytest.approx(quad(lambda z: z * z * ind(z), s, b), rel=1e-9)
    assert m["Z1"] == pytest.approx(quad(lambda z: abs(z) * ind(z), s, b), rel=1e-9)
    assert m["R"] <= m["Q"] * (1 + 1e-12)
    for theta in (0.7, 4.0):
        assert math.exp(soft_log_mgf(s, b, theta)) == pytest.approx(
            quad(lambda z: math.exp(theta * soft_threshold(z, b)), s, b), rel=1e-9)
    for x in (0.05, 2.0):
        assert soft_tail(s, b, x) == pytest.approx(quad(lambda z: float(soft_threshold(z, b) >= x), s, b), rel=1e-8,
                                                   abs=1e-15)
    assert soft_nonzero(s, b) == pytest.approx(quad(lambda z: float(soft_threshold(z, b) != 0), s, b), rel=1e-9)


def test_far_tail_moments_with_mpmath():
    """At alpha = 30 the closed forms cancel catastrophically in floating point; compare with mpmath quadrature."""
    s, b = 1.0, -30.0
    with mp.workdps(40):
        ref = 2 * mp.quad(lambda z: (z - 30) * mp.npdf(z), [30, 31, 35, mp.inf])
    assert soft_abs_moment(s, b, 1) == pytest.approx(float(ref), rel=1e-10)
    with pytest.raises(ValueError):
        soft_abs_moment(s, b, 0)
    with pytest.raises(ValueError):
        soft_tail(s, b, 0.0)


def test_mills_ratio():
    x = np.array([0.0, 0.5, 2.0, 5.0])
    np.testing.assert_allclose(mills_ratio(x), stats.norm.sf(x) / stats.norm.pdf(x), rtol=1e-12)
    x = 40.0  # lambda(x) = x + 1/x - 2/x^3 + 10/x^5 - 74/x^7 + ...
    assert float(inverse_mills(x)) == pytest.approx(x + 1 / x - 2 / x ** 3 + 10 / x ** 5 - 74 / x ** 7, rel=1e-13)
    assert soft_abs_moment(2.0, 0.0, 2) == pytest.approx(4.0, rel=1e-14)  # b = 0: S_1 = Z


@pytest.mark.parametrize("state", [State(50, 1.0, 0.3, -0.2), State(30, 0.5, 1.0, 0.1), State(200, 1.0, 0.0, -0.6),
                                   State(40, 0.8, 0.5, 0.0)])
def test_certified_bounds_contain_simulation(state):
    rng = np.random.default_rng(5)
    n = 20000
    A, B, Y = sample_reduced(rng, n, state)
    Z = state.c * A + state.v * B
    f = reduced_output(state, Z, Y)
    margin = Y * f
    err = float(np.mean(margin <= 0))
    se = math.sqrt(max(err * (1 - err), 1e-4) / n)
    lo, hi = error_bounds(state)
    assert lo - 5 * se <= err <= hi + 5 * se
    loss = logistic_loss(margin)
    l_lo, l_hi = loss_bounds(state)
    assert l_lo - 5 * loss.std() / math.sqrt(n) <= loss.mean() <= l_hi + 5 * loss.std() / math.sqrt(n)
    sg = sigmoid(-margin)
    s_lo, s_hi = mean_sigmoid_bounds(state)
    assert s_lo - 5 * sg.std() / math.sqrt(n) <= sg.mean() <= s_hi + 5 * sg.std() / math.sqrt(n)
    S = soft_threshold(Z, state.b).sum(1)
    for x in (0.3, 1.0):
        p = float(np.mean(S >= x))
        se = math.sqrt(max(p * (1 - p), 1e-4) / n)
        assert sum_tail_lower(state, x) - 5 * se <= p <= sum_tail_upper(state, x) + 5 * se
    # the w*-derivative's noise part (1) = c T and the bias derivative's noise part N
    ind_w = (Z >= -state.b).astype(float) + (Z <= state.b)
    first = -Y * sigmoid(-Y * f) * (A * ind_w).sum(1)
    t_lo, t_hi, chain = noise_pull_bounds(state)
    band = 5 * first.std() / math.sqrt(n)
    lo_1, hi_1 = sorted((state.c * t_lo, state.c * t_hi))
    assert lo_1 - band <= first.mean() <= hi_1 + band
    assert t_hi <= chain * (1 + 1e-12) and chain == pytest.approx(noise_pull_bound(state))
    if state.c > abs(state.b):
        ind_b = ((Z >= -state.b).astype(float) - (Z <= state.b)).sum(1)
        noise_part = -Y * sigmoid(-Y * f) * ind_b
        n_lo, n_hi = bias_noise_bounds(state)
        band = 5 * noise_part.std() / math.sqrt(n)
        assert n_lo - band <= noise_part.mean() <= n_hi + band


def test_bias_noise_bounds_need_surviving_signal():
    with pytest.raises(ValueError):
        bias_noise_bounds(State(50, 0.1, 0.0, -1.0))


def test_cntk_features_against_loop():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(3, 5, 4))
    W0, W = rng.normal(size=(2, 4)), rng.normal(size=(2, 4))
    b = np.array([-0.5, 0.2])
    feats = cntk_features(W0, b, X)
    for n in range(3):
        for j in range(2):
            expected = sum(X[n, i] * (abs(X[n, i] @ W0[j]) + b[j] >= 0) for i in range(5))
            np.testing.assert_allclose(feats[n, j], expected, atol=1e-14)
    out = cntk_output(W, W0, b, X)
    np.testing.assert_allclose(out, [sum(feats[n, j] @ W[j] for j in range(2)) for n in range(3)], atol=1e-13)


def test_cosines_of_gaussian_vectors():
    assert cosine_cdf(3, 0.4) == pytest.approx(0.4, abs=1e-14)  # |cos| is uniform on [0, 1] in R^3
    assert cosine_quantile(3, 0.7) == pytest.approx(0.7, abs=1e-12)
    rng = np.random.default_rng(7)
    U = rng.normal(size=(40000, 12))
    cos = np.abs(U[:, 0]) / np.linalg.norm(U, axis=1)
    assert abs(float(np.mean(cos <= 0.3)) - cosine_cdf(12, 0.3)) < 0.01
    low, up, pair = init_event_constants(50, 3)
    fail = 3 * (cosine_cdf(50, low / math.sqrt(50)) + 1 - cosine_cdf(50, up / math.sqrt(50))) \
        + 3 * (1 - cosine_cdf(50, pair / math.sqrt(50)))
    assert fail == pytest.approx(0.001, rel=1e-9)
    with pytest.raises(ValueError):
        cosine_quantile(1, 0.5)
    with pytest.raises(ValueError):
        init_event_constants(50, 0)


def test_abs_bivariate_tail():
    assert abs_bivariate_tail(0.7, 1.1, 0.0) == pytest.approx(4 * stats.norm.sf(0.7) * stats.norm.sf(1.1), abs=1e-13)
    a, t, rho = 0.5, 0.8, 0.6
    mvn = stats.multivariate_normal(mean=[0, 0], cov=[[1, rho], [rho, 1]])
    box = lambda x0, x1, y0, y1: mvn.cdf([x1, y1]) - mvn.cdf([x0, y1]) - mvn.cdf([x1, y0]) + mvn.cdf([x0, y0])
    inner_u = 1 - 2 * stats.norm.sf(a)
    inner_v = 1 - 2 * stats.norm.sf(t)
    expected = 1 - inner_u - inner_v + box(-a, a, -t, t)
    assert abs_bivariate_tail(a, t, rho) == pytest.approx(expected, abs=1e-6)
    with pytest.raises(ValueError):
        abs_bivariate_tail(0.5, 0.5, 1.0)


def test_gram_schmidt_against_qr():
    rng = np.random.default_rng(8)
    V = rng.normal(size=(4, 9))
    U, Gamma = gram_schmidt(V)
    Q, R = np.linalg.qr(V.T)
    np.testing.assert_allclose(np.abs(U / np.linalg.norm(U, axis=1, keepdims=True)), np.abs(Q.T), atol=1e-12)
    np.testing.assert_allclose(np.linalg.norm(U, axis=1), np.abs(np.diag(R)), atol=1e-12)
    np.testing.assert_allclose(U, V - Gamma @ V, atol=1e-12)
    assert np.allclose(np.triu(Gamma), 0)


def test_central_binomial_and_lower_bound():
    assert central_binomial_ratio(4) == Fraction(6, 16)
    assert central_binomial_ratio(1) == Fraction(1, 2)
    with pytest.raises(ValueError):
        central_binomial_ratio(0)
    k, C, p = math.exp(120), 1.2, 0.001
    sigma = noise_std(k)
    s = math.floor(1 / (C * sigma)) + 1
    assert cntk_error_lower_bound(k, C, p) == pytest.approx(0.25 * (1 - math.exp(-k * p / 8)
                                                                   - s * math.sqrt(4 / (math.pi * k * p))))
    with pytest.raises(ValueError):
        cntk_error_lower_bound(k, C, 0.0)


def test_naive_classifier_closed_form():
    """Phi(-1/ln k) by quadrature of the Gaussian sum, as a sanity check of the catalog's numbers."""
    for k, value in ((1000, 0.442), (10**6, 0.471)):
        assert special.ndtr(-1 / math.log(k)) == pytest.approx(value, abs=5e-4)
