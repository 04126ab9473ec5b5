"""checks.stability against closed forms and brute force written independently of it."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import approx_fprime, minimize_scalar

from checks.losses import LINEAR, LOGISTIC, SIGMOID, smooth_hinge
from checks.losses import double_well
from checks.stability import (LossProfile, distribution, expected_erm_risk, expected_gap,
                              expected_replace_one_change, finite_class_erm, linear_erm, linear_loss,
                              loss_profile, multisets, objective, pair_stability, regularized_erm,
                              replace_one, replacement_point_stability, ridge_mean, risk, sample_gaps,
                              samples, squared_loss, uniform_stability)

F = Fraction


def test_replace_one_and_its_errors() -> None:
    assert replace_one((0, 1, 2), 1, 5) == (0, 5, 2)
    with pytest.raises(ValueError, match="out of range"):
        replace_one((0, 1), 2, 0)


@pytest.mark.parametrize("probs, match", [([0.5, 0.5], "exact rationals"), ([F(1, 2), F(1, 3)], "sum to 1"),
                                          ([F(3, 2), F(-1, 2)], "non-negative"), ([], "at least one")])
def test_distribution_rejects_malformed_probabilities(probs, match) -> None:
    with pytest.raises(ValueError, match=match):
        distribution(probs)


def test_samples_and_multisets_carry_the_same_law() -> None:
    probs = (F(1, 6), F(1, 3), F(1, 2))
    ordered = dict(samples(probs, 3))
    assert len(ordered) == 27 and sum(ordered.values()) == 1
    grouped: dict[tuple[int, ...], Fraction] = {}
    for s, p in ordered.items():
        grouped[tuple(sorted(s))] = grouped.get(tuple(sorted(s)), F(0)) + p
    assert dict(multisets(probs, 3)) == grouped
    with pytest.raises(ValueError):
        next(samples(probs, 0))


def test_loss_profile_validation() -> None:
    with pytest.raises(ValueError, match="all 2"):
        LossProfile(2, 1, {(0,): (F(0), F(1))})
    with pytest.raises(ValueError, match="exact rationals"):
        LossProfile(1, 1, {(0,): (0.5,)})


MEMORIZER = dict(rule=frozenset, loss=lambda h, z: F(0) if z in h else F(1))


@pytest.mark.parametrize("n", [1, 2, 3])
def test_memorizer_gap_closed_form(n: int) -> None:
    """A memorizer has empirical risk 0 and risk P(z not in S): E gap = sum_z p_z (1 - p_z)^n; its
    uniform and replacement-point stability are 1."""
    probs = (F(1, 2), F(1, 3), F(1, 6))
    prof = loss_profile(MEMORIZER["rule"], MEMORIZER["loss"], (0, 1, 2), n)
    assert expected_gap(prof, probs) == sum(p * (1 - p) ** n for p in probs)
    assert uniform_stability(prof) == replacement_point_stability(prof) == 1


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_mean_estimator_gap_is_two_variances_over_n(n: int) -> None:
    """The sample mean under squared loss: E[R - R_S] = 2 Var(z) / n."""
    points, probs = (F(0), F(1, 2), F(1)), (F(1, 5), F(1, 5), F(3, 5))
    mean = sum(p * z for p, z in zip(probs, points))
    var = sum(p * (z - mean) ** 2 for p, z in zip(probs, points))
    prof = loss_profile(ridge_mean(0), squared_loss, points, n)
    assert expected_gap(prof, probs) == 2 * var / n


@pytest.mark.parametrize("n, lam", [(1, F(1)), (3, F(1, 2)), (4, F(2))])
def test_linear_loss_two_point_domain(n: int, lam: Fraction) -> None:
    """Z = {(1, +1), (1, -1)} uniform, loss -y w x: E gap = 1/(lam n), uniform stability 2/(lam n),
    and the one-label sample has gap 1/lam."""
    points = (((F(1),), 1), ((F(1),), -1))
    probs = (F(1, 2), F(1, 2))
    prof = loss_profile(linear_erm(lam), linear_loss, points, n)
    assert expected_gap(prof, probs) == 1 / (lam * n)
    assert uniform_stability(prof) == 2 / (lam * n)
    gaps = {s: g for s, _, g in sample_gaps(prof, probs)}
    assert gaps[(0,) * n] == 1 / lam


def test_linear_erm_is_the_minimizer() -> None:
    lam = F(1, 3)
    sample = (((F(1), F(-2)), 1), ((F(1, 2), F(0)), -1))
    w = linear_erm(lam)(sample)
    grad = [sum(-y * x[j] for x, y in sample) / 2 + lam * w[j] for j in range(2)]
    assert grad == [0, 0]
    with pytest.raises(ValueError):
        linear_erm(F(0))


def _brute_change(prof: LossProfile, probs: tuple[Fraction, ...]) -> Fraction:
    """E over (S, z', i) by three explicit nested loops."""
    t, n, k = prof.table, prof.n, prof.k
    total = F(0)
    for s in itertools.product(range(k), repeat=n):
        ps = np.prod([probs[z] for z in s], dtype=object)
        for i in range(n):
            for z in range(k):
                si = tuple(z if j == i else s[j] for j in range(n))
                total += ps * probs[z] * (t[si][s[i]] - t[s][s[i]]) / n
    return total


def _random_table(seed: int, k: int, n: int) -> LossProfile:
    rng = np.random.default_rng(seed)
    return LossProfile(k, n, {s: tuple(F(int(v), 3) for v in rng.integers(0, 4, k))
                              for s in itertools.product(range(k), repeat=n)})


@pytest.mark.parametrize("seed", range(5))
def test_replace_one_change_against_brute_force(seed: int) -> None:
    prof = _random_table(seed, 3, 2)
    probs = (F(1, 4), F(1, 4), F(1, 2))
    assert expected_replace_one_change(prof, probs) == _brute_change(prof, probs)


@pytest.mark.parametrize("seed", range(5))
def test_stability_constants_against_brute_force(seed: int) -> None:
    prof = _random_table(seed, 3, 2)
    diffs, rep = [], []
    for s in itertools.product(range(3), repeat=2):
        for i in range(2):
            for z in range(3):
                si = tuple(z if j == i else s[j] for j in range(2))
                diffs += [abs(a - b) for a, b in zip(prof.table[s], prof.table[si])]
                rep.append(abs(prof.table[s][z] - prof.table[si][z]))
    assert uniform_stability(prof) == max(diffs)
    assert replacement_point_stability(prof) == max(rep)
    assert pair_stability(prof, (0, 1), 1, 2) == max(abs(a - b) for a, b in zip(prof.table[(0, 1)],
                                                                              prof.table[(0, 2)]))


def test_factor_two_witness() -> None:
    """n = 1 on (a, b, c): constant columns a, b and the column c = (1, 0, 1/2)."""
    half = F(1, 2)
    prof = LossProfile(3, 1, {(0,): (half, half, F(1)), (1,): (half, half, F(0)), (2,): (half, half, half)})
    assert replacement_point_stability(prof) == half and uniform_stability(prof) == 1


def test_finite_class_erm_picks_first_minimizer() -> None:
    rule = finite_class_erm([[F(1), F(0)], [F(0), F(1)], [F(0), F(1)]])
    assert rule((0, 0)) == 1 and rule((1,)) == 0 and rule((0, 1)) == 0
    with pytest.raises(ValueError):
        finite_class_erm([[F(0)], [F(0), F(1)]])


# --- floating point ------------------------------------------------------------------------------

def _data(seed: int, n: int = 6, d: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.choice([-1.0, 1.0], n)


@pytest.mark.parametrize("loss", [LOGISTIC, smooth_hinge(0.5)])
def test_regularized_erm_matches_a_generic_minimizer(loss) -> None:
    from scipy.optimize import minimize

    X, y = _data(0)
    lam = 0.3
    m = regularized_erm(loss, X, y, lam)
    ref = minimize(lambda w: objective(loss, X, y, lam, w), np.zeros(3), method="BFGS",
                   options={"gtol": 1e-10}).x
    assert np.linalg.norm(m.w - ref) <= 1e-6
    assert m.radius < 1e-10
    grad = approx_fprime(m.w, lambda w: objective(loss, X, y, lam, w), 1e-7)
    assert np.linalg.norm(grad) < 1e-5


def test_regularized_erm_linear_closed_form() -> None:
    X, y = _data(1)
    lam = 0.7
    m = regularized_erm(LINEAR, X, y, lam)
    np.testing.assert_allclose(m.w, (y @ X) / (lam * len(y)), rtol=0, atol=1e-13)


def test_double_well_loss() -> None:
    loss = double_well(0.25)
    z = np.linspace(-3, 3, 20001)
    y = np.ones_like(z)
    d = loss.derivative(z, y)
    np.testing.assert_allclose(d[1:-1], (loss.value(z[2:], y[2:]) - loss.value(z[:-2], y[:-2])) / (z[2] - z[0]),
                               atol=1e-6)
    assert np.max(np.abs(d)) <= 1 and np.max(np.abs(d)) > 1 - 1e-6
    assert loss.value(np.array([1.0]), np.array([1.0]))[0] == 0 and not loss.convex
    with pytest.raises(ValueError):
        double_well(0.0)


def test_nonconvex_erm_finds_the_global_well() -> None:
    """Double well, x = 1, labels (+, +, +, -, -), lam = 0.3: the global minimizer is in the +1 well;
    a dense scan over [-1/lam, 1/lam] agrees."""
    loss = double_well(0.25)
    X, y, lam = np.ones((5, 1)), np.array([1.0, 1, 1, -1, -1]), 0.3
    m = regularized_erm(loss, X, y, lam)
    ws = np.linspace(-1 / lam, 1 / lam, 200001)
    values = np.mean(loss.value(ws[:, None] * X[:, 0], y), axis=1) + lam / 2 * ws**2
    best = ws[int(np.argmin(values))]
    assert m.w[0] > 0.5 and abs(m.w[0] - best) < 1e-4
    ref = minimize_scalar(lambda w: objective(loss, X, y, lam, np.array([w])), bounds=(0.5, 1.5),
                          method="bounded", options={"xatol": 1e-12}).x
    assert abs(m.w[0] - ref) < 1e-8
    with pytest.raises(ValueError, match="dimension 1"):
        regularized_erm(SIGMOID, np.ones((2, 2)), np.ones(2), 0.1)


def test_expected_erm_risk_against_ordered_samples() -> None:
    X, y = np.array([[1.0, 0.0], [0.5, 0.5], [-1.0, 0.2]]), np.array([1.0, -1.0, 1.0])
    probs = (F(1, 2), F(1, 4), F(1, 4))
    lam, n = 0.5, 3
    expected, radius = expected_erm_risk(LOGISTIC, X, y, probs, n, lam)
    brute = 0.0
    for s, p in samples(probs, n):
        w = regularized_erm(LOGISTIC, X[list(s)], y[list(s)], lam).w
        brute += float(p) * risk(LOGISTIC, X, y, [float(q) for q in probs], w)
    assert abs(expected - brute) < 1e-12 and radius < 1e-10
    with pytest.raises(ValueError):
        expected_erm_risk(LOGISTIC, X, y, probs[:2], n, lam)
