"""Tests of checks.shift against NumPy/SciPy references, closed forms and hand-worked examples."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from scipy import stats

from checks import shift
from checks.divergences import distribution

RNG = np.random.default_rng(0)


def _law(m: int) -> tuple[F, ...]:
    return distribution(RNG.integers(1, 10, size=m).tolist())


def test_expectation_and_density_ratio_match_numpy():
    ps, pt = _law(4), (F(1, 2), F(0), F(1, 4), F(1, 4))
    cond = tuple(_law(2) for _ in range(4))
    table = tuple((F(i), F(i + 1, 2)) for i in range(4))
    ref = sum(float(pt[x]) * float(cond[x][y]) * float(table[x][y]) for x in range(4) for y in range(2))
    assert float(shift.expectation(pt, cond, table)) == pytest.approx(ref)
    w = shift.density_ratio(pt, ps)
    assert np.allclose([float(v) for v in w], np.array(pt, float) / np.array(ps, float))
    assert shift.density_ratio((F(1), F(0)), (F(0), F(1))) == (F(0), F(0))
    with pytest.raises(ValueError):
        shift.density_ratio((F(1, 2), F(1, 3)), ps[:2])


def test_weighted_mean_law_against_float_enumeration():
    ps, cond = (F(1, 3), F(2, 3)), ((F(1, 2), F(1, 2)), (F(1, 4), F(3, 4)))
    w, table = (F(3, 2), F(3, 4)), ((F(1), F(0)), (F(1, 2), F(1)))
    law = shift.weighted_mean_law(ps, cond, w, table, 2)
    atoms = [(float(ps[x] * cond[x][y]), float(w[x] * table[x][y]), float(w[x])) for x in range(2) for y in range(2)]
    vals, probs, sn = [], [], []
    for a, b in itertools.product(atoms, repeat=2):
        probs.append(a[0] * b[0])
        vals.append((a[1] + b[1]) / 2)
        sn.append((a[1] + b[1]) / (a[2] + b[2]))
    mean, var = shift.mean_and_variance(law)
    assert float(mean) == pytest.approx(np.dot(probs, vals))
    assert float(var) == pytest.approx(np.dot(probs, (np.array(vals) - np.dot(probs, vals)) ** 2))
    m_sn, _ = shift.mean_and_variance(shift.weighted_mean_law(ps, cond, w, table, 2, normalized=True))
    assert float(m_sn) == pytest.approx(np.dot(probs, sn))
    assert sum(p for p, _ in law) == 1
    with pytest.raises(ValueError):
        shift.weighted_mean_law(ps, cond, w, table, 0)


def test_ess_and_chi_square():
    w = (F(1), F(2), F(3))
    assert shift.effective_sample_size(w) == F(36, 14)
    assert shift.effective_sample_size((F(2),) * 5) == 5
    p, q = _law(5), _law(5)
    ref = np.sum((np.array(p, float) - np.array(q, float)) ** 2 / np.array(q, float))
    assert float(shift.chi_square(p, q)) == pytest.approx(ref)
    with pytest.raises(ValueError):
        shift.effective_sample_size((F(-1), F(2)))
    with pytest.raises(ValueError):
        shift.chi_square((F(1), F(0)), (F(0), F(1)))


def test_ols_and_square_risk_match_weighted_least_squares():
    pts, probs = (F(-1), F(0), F(1, 2), F(2)), _law(4)
    g = (F(1), F(-1, 2), F(3, 2))
    m = shift.finite_moments(pts, probs)
    theta = shift.ols_population(m, g)
    x, p = np.array(pts, float), np.array(probs, float)
    y = float(g[0]) + float(g[1]) * x + float(g[2]) * x ** 2
    A = np.stack([np.ones_like(x), x], 1) * np.sqrt(p)[:, None]
    ref, *_ = np.linalg.lstsq(A, y * np.sqrt(p), rcond=None)
    assert np.allclose([float(t) for t in theta], ref)
    r = shift.square_risk(m, g, theta, F(1, 3))
    assert float(r) == pytest.approx(np.dot(p, (y - ref[0] - ref[1] * x) ** 2) + 1 / 3)
    with pytest.raises(ValueError):
        shift.ols_population(shift.finite_moments((F(1),), (F(1),)), g)


def test_gaussian_moments_and_closed_form_fit():
    mu, v = F(3, 2), F(1, 4)
    m = shift.gaussian_moments(mu, v)
    for k in range(1, 5):
        assert float(m[k]) == pytest.approx(stats.norm(float(mu), float(v) ** 0.5).moment(k))
    assert shift.ols_population(m, (F(0), F(0), F(1))) == (v - mu ** 2, 2 * mu)
    with pytest.raises(ValueError):
        shift.gaussian_moments(F(0), F(0))


def test_label_shift_primitives():
    cond = (_law(3), _law(3))
    pi_s, pi_t = (F(1, 3), F(2, 3)), (F(3, 4), F(1, 4))
    ps, pt = shift.joint(pi_s, cond), shift.joint(pi_t, cond)
    post_t = np.array(pt, float) / np.array(pt, float).sum(1, keepdims=True)
    assert np.allclose(np.array(shift.posterior(pt), float), post_t)
    w = tuple(a / b for a, b in zip(pi_t, pi_s))
    assert shift.prior_correct(shift.posterior(ps), w) == shift.posterior(pt)
    rule = shift.argmax_rule(shift.posterior(pt))
    assert list(rule) == np.argmax(post_t, 1).tolist()
    assert shift.risk01(pt, rule) == min(shift.risk01(pt, r) for r in shift.all_rules(3, 2))
    C, mu = shift.bbse_system(ps, pt, rule)
    assert np.allclose(np.array(C, float) @ np.array(w, float), np.array(mu, float))
    assert shift.argmax_rule(((F(1, 2), F(1, 2)),)) == (0,)
    with pytest.raises(ValueError):
        shift.prior_correct(shift.posterior(ps), (F(0), F(1)))
    with pytest.raises(ValueError):
        shift.joint((F(1, 2), F(1, 3)), cond)


def test_balanced_weights_and_class_means():
    labels = [1, 0, 0, 0]
    w = shift.balanced_weights(labels)
    assert w == (F(2), F(2, 3), F(2, 3), F(2, 3)) and sum(w) == 4
    assert shift.class_means([F(1), F(0), F(3), F(0)], labels) == {0: F(1), 1: F(1)}
    with pytest.raises(ValueError):
        shift.balanced_weights([])


def test_threshold_metrics_by_hand():
    px, eta = (F(1, 2), F(1, 2)), (F(1, 5), F(3, 5))
    rule = shift.threshold_rule(eta, F(1, 2))
    assert rule == (0, 1)
    assert shift.accuracy(px, eta, rule) == F(1, 2) * F(4, 5) + F(1, 2) * F(3, 5)
    assert shift.expected_cost(px, eta, rule, F(2), F(3)) == F(1, 2) * 3 * F(1, 5) + F(1, 2) * 2 * F(2, 5)
    pi1 = F(2, 5)
    assert shift.balanced_error(px, eta, rule) == (F(1, 10) / pi1 + F(1, 5) / (1 - pi1)) / 2
    with pytest.raises(ValueError):
        shift.balanced_error(px, (F(0), F(0)), rule)


def test_folds():
    labels = [0] * 7 + [1] * 3
    order = RNG.permutation(10).tolist()
    folds = shift.stratified_folds(labels, 3, order)
    for c in (0, 1):
        counts = [sum(1 for y, f in zip(labels, folds) if y == c and f == j) for j in range(3)]
        assert sorted(counts) in ([2, 2, 3], [1, 1, 1])
    sizes = [len(a) for a in np.array_split(np.arange(10), 3)]
    assert [shift.contiguous_folds(10, 3).count(j) for j in range(3)] == sizes
    with pytest.raises(ValueError):
        shift.stratified_folds(labels, 3, [0] * 10)
    with pytest.raises(ValueError):
        shift.contiguous_folds(2, 3)


def test_losses_under_noise():
    p = (F(1, 2), F(1, 3), F(1, 6))
    assert sum(shift.mae(p, k) for k in range(3)) == 4
    assert float(shift.cross_entropy_loss(p, 1)) == pytest.approx(np.log(3))
    assert float(shift.focal_loss(p, 0, 2)) == pytest.approx(-(0.5 ** 2) * np.log(0.5))
    assert shift.noisy_label_law(1, 3, F(1, 5)) == (F(1, 10), F(4, 5), F(1, 10))
    r = shift.risk((F(1),), [shift.noisy_label_law(0, 3, F(1, 5))], [p], shift.mae, F(0))
    assert r == F(4, 5) * 1 + F(1, 10) * F(4, 3) + F(1, 10) * F(5, 3)
    with pytest.raises(ValueError):
        shift.cross_entropy_loss((F(1), F(0)), 1)
    with pytest.raises(ValueError):
        shift.noisy_label_law(0, 1, F(0))


def test_domain_adaptation_primitives():
    DS, DT = _law(4), _law(4)
    H = [tuple(int(x >= t) for x in range(4)) for t in range(5)]
    ref = 2 * max(abs(sum(float(a) for a, u, v in zip(DS, h, g) if u != v) - sum(float(b) for b, u, v in zip(DT, h, g) if u != v))
                  for h in H for g in H)
    assert float(shift.hdh_divergence(DS, DT, H)) == pytest.approx(ref)
    f = H[2]
    assert shift.joint_optimal_error(DS, f, DT, f, H) == 0
    pts = (F(0), F(1, 2), F(2), F(3))
    assert float(shift.w1_line(pts, DS, DT)) == pytest.approx(
        stats.wasserstein_distance(np.array(pts, float), np.array(pts, float), np.array(DS, float), np.array(DT, float)))
    with pytest.raises(ValueError):
        shift.w1_line((F(1), F(0)), (F(1), F(0)), (F(0), F(1)))


def test_minimax_risks_hand_example():
    H = list(itertools.product((0, 1), repeat=2))
    scen = [((F(3, 4), F(1, 4)), (1, 1)), ((F(1, 4), F(3, 4)), (0, 0))]
    assert shift.minimax_risks(scen, H) == (F(1, 4), F(0))
    same = [((F(1, 2), F(1, 2)), (1, 1)), ((F(1, 2), F(1, 2)), (0, 0))]
    zs, da = shift.minimax_risks(same, H)
    assert zs == da == F(1, 2)
