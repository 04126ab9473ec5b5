"""Tests of checks.sgd (coupled SGD enumeration, the extra margin losses, rounding slack) and of the
strategies in checks.strategies.sgd, against brute force and closed forms."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from checks.losses import CONVEX_LIPSCHITZ, LINEAR, LOGISTIC, SIGMOID
from checks.losses import concave_sqrt, huber
from checks.sgd import (CoupledProblem, Example, enumerate_coupled, loss_gaps, project,
                        rounding_bound, sgd)
from checks.strategies.sgd import coupled_problems, nonconvex_problems, strongly_convex_problems

FEW = settings(max_examples=25, database=None, deadline=None, derandomize=True,
               suppress_health_check=list(HealthCheck))


def _problem(seed: int = 0, n: int = 3, d: int = 2, T: int = 3, ridge: float = 0.0, radius: float = math.inf,
             losses=(LOGISTIC, LINEAR, SIGMOID)) -> CoupledProblem:
    rng = np.random.default_rng(seed)
    sample = tuple(Example(rng.standard_normal(d), rng.choice([-1.0, 1.0]), losses[j % len(losses)])
                   for j in range(n))
    replacement = Example(rng.standard_normal(d), 1.0, LOGISTIC)
    w0 = 0.1 * rng.standard_normal(d)
    return CoupledProblem(sample, 1, replacement, tuple(rng.uniform(0.1, 1.0, T)), w0, ridge=ridge, radius=radius)


@pytest.mark.parametrize("loss", [huber(0.5), huber(2.0), concave_sqrt(0.3), concave_sqrt(2.0)])
def test_margin_losses_derivatives_and_constants(loss):
    z = np.linspace(-60, 60, 40001)
    for y in (-1.0, 1.0):
        h = 1e-6
        fd = (loss.value(z + h, y) - loss.value(z - h, y)) / (2 * h)
        np.testing.assert_allclose(loss.derivative(z, y), fd, atol=1e-6)
        dphi = loss.derivative(z, y)
        second = np.diff(dphi) / np.diff(z)
        assert np.max(np.abs(dphi)) <= loss.lipschitz + 1e-12
        assert np.max(np.abs(dphi)) >= 0.99 * loss.lipschitz          # the constant is (nearly) attained
        assert np.max(np.abs(second)) <= loss.smoothness * (1 + 1e-6)
        assert np.max(np.abs(second)) >= 0.99 * loss.smoothness
        assert (np.min(second) >= -1e-9) == loss.convex


def test_huber_derivative_range_is_twice_its_lipschitz_constant():
    loss = huber(0.7)
    d = loss.derivative(np.array([-10.0, 10.0]), 0.0)
    assert d[1] - d[0] == pytest.approx(2 * loss.lipschitz)


def test_losses_reject_impossible_parameters():
    for bad in (0.0, -1.0, float("nan")):
        with pytest.raises(ValueError):
            huber(bad)
        with pytest.raises(ValueError):
            concave_sqrt(bad)


def test_problem_validation():
    good = _problem()
    ex = good.sample[0]
    with pytest.raises(ValueError):
        Example(np.ones((2, 2)), 1.0, LINEAR)
    with pytest.raises(ValueError):
        CoupledProblem(good.sample, 5, good.replacement, good.steps, good.w0)
    with pytest.raises(ValueError):
        CoupledProblem(good.sample, 0, Example(np.ones(3), 1.0, LINEAR), good.steps, good.w0)
    with pytest.raises(ValueError):
        CoupledProblem(good.sample, 0, ex, (-0.1,), good.w0)
    with pytest.raises(ValueError):
        CoupledProblem(good.sample, 0, ex, (0.1,), good.w0, ridge=-1.0)
    with pytest.raises(ValueError):
        CoupledProblem(good.sample, 0, ex, (0.1,), np.array([3.0, 0.0]), radius=1.0)
    with pytest.raises(ValueError):
        sgd(good.sample, (0, 7), (0.1, 0.1), good.w0)
    with pytest.raises(ValueError):
        sgd(good.sample, (0,), (0.1, 0.1), good.w0)
    with pytest.raises(ValueError):
        enumerate_coupled(_problem(n=4, T=5), max_paths=100)


@pytest.mark.parametrize("ridge, radius", [(0.0, math.inf), (0.3, 0.5), (0.0, 0.2)])
def test_enumeration_matches_brute_force(ridge, radius):
    p = _problem(seed=3, ridge=ridge, radius=radius)
    runs = enumerate_coupled(p)
    for t in range(p.T + 1):
        seqs = list(itertools.product(range(p.n), repeat=t))
        np.testing.assert_array_equal(runs.indices(t), np.array(seqs, dtype=int).reshape(len(seqs), t))
        for row, seq in enumerate(seqs):
            w = sgd(p.sample, seq, p.steps[:t], p.w0, ridge, radius)[-1]
            wp = sgd(p.neighbour, seq, p.steps[:t], p.w0, ridge, radius)[-1]
            np.testing.assert_allclose(runs.w[t][row], w, rtol=0, atol=1e-14)
            np.testing.assert_allclose(runs.w_prime[t][row], wp, rtol=0, atol=1e-14)
            hits = [s for s in range(t) if seq[s] == p.replaced]
            assert runs.visit_sum(t, np.asarray(p.steps))[row] == pytest.approx(sum(p.steps[s] for s in hits))
            assert runs.first_visit(t)[row] == (hits[0] + 1 if hits else t + 1)
            if not hits:
                assert runs.distances(t)[row] == 0.0


def test_linear_opposite_closed_form():
    """Linear losses with x'_i = -x_i: w_t - w'_t = 2 y_i x_i sum_{s<=t: i_s=i} alpha_s exactly."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, 2))
    sample = tuple(Example(x[j], 1.0, LINEAR) for j in range(3))
    p = CoupledProblem(sample, 2, Example(-x[2], 1.0, LINEAR), (0.3, 0.2, 0.5, 0.1), np.zeros(2))
    runs = enumerate_coupled(p)
    for t in range(p.T + 1):
        expected = 2 * np.linalg.norm(x[2]) * runs.visit_sum(t, np.asarray(p.steps))
        np.testing.assert_allclose(runs.distances(t), expected, rtol=1e-14, atol=1e-15)


def test_project():
    W = np.array([[3.0, 4.0], [0.3, 0.4], [0.0, 0.0]])
    np.testing.assert_allclose(project(W, 1.0), [[0.6, 0.8], [0.3, 0.4], [0.0, 0.0]])
    assert project(W, math.inf) is W


def test_constants_bound_the_gradients_on_the_ball():
    p = _problem(seed=5, ridge=0.4, radius=2.0)
    rng = np.random.default_rng(0)
    W = project(5 * rng.standard_normal((2000, p.d)), p.radius)
    for e in p.examples:
        g = e.gradient(W) + p.ridge * W
        assert np.max(np.linalg.norm(g, axis=1)) <= p.lipschitz
    assert p.smoothness == pytest.approx(max(e.loss.smoothness * e.norm ** 2 for e in p.examples) + 0.4)
    assert not p.convex and _problem(losses=(LOGISTIC,)).convex
    with pytest.raises(ValueError):
        rounding_bound(_problem(ridge=0.1))        # mu > 0 without a ball: no finite Lipschitz constant


def test_rounding_bound_is_small_and_nondecreasing():
    p = _problem(losses=(LOGISTIC,))
    tol = rounding_bound(p)
    assert tol.shape == (p.T + 1,) and np.all(np.diff(tol) >= 0) and 0 < tol[-1] < 1e-12
    assert np.all(rounding_bound(p, smooth_maps=False) <= tol)


def test_loss_gaps_match_direct_evaluation():
    p = _problem(seed=2, ridge=0.2, radius=1.5)
    runs = enumerate_coupled(p)
    gaps, slack = loss_gaps(runs, 2, p.examples)
    for row, seq in enumerate(itertools.product(range(p.n), repeat=2)):
        w = sgd(p.sample, seq, p.steps[:2], p.w0, p.ridge, p.radius)[-1]
        wp = sgd(p.neighbour, seq, p.steps[:2], p.w0, p.ridge, p.radius)[-1]
        for k, e in enumerate(p.examples):
            direct = (e.loss.value(w @ e.x, e.y) + 0.1 * w @ w) - (e.loss.value(wp @ e.x, e.y) + 0.1 * wp @ wp)
            assert gaps[k, row] == pytest.approx(direct, abs=1e-13)
    assert np.all(slack > 0) and np.all(slack < 1e-12)


@FEW
@given(coupled_problems(CONVEX_LIPSCHITZ))
def test_coupled_problems_satisfy_the_assumptions(p):
    assert p.convex and p.n ** p.T <= 1024
    beta = p.smoothness
    assert all(a * beta <= 2 * (1 + 1e-12) for a in p.steps) or beta == 0
    assert p.sample[0].norm == pytest.approx(p.max_norm)


@FEW
@given(coupled_problems((LOGISTIC,), steps=(2.0, 4.0), tight=False, schedules=("constant",), min_T=3, min_d=2,
                        equal_norms=True))
def test_coupled_problems_options(p):
    assert p.T >= 3 and p.d >= 2 and all(a * p.smoothness > 2 for a in p.steps)
    assert all(e.norm == pytest.approx(p.max_norm) for e in p.sample)


@FEW
@given(strongly_convex_problems(CONVEX_LIPSCHITZ))
def test_strongly_convex_problems_satisfy_the_assumptions(p):
    assert p.convex and p.ridge > 0 and np.linalg.norm(p.w0) <= p.radius
    assert len(set(p.steps)) == 1 and p.steps[0] * p.smoothness <= 1 + 1e-12


@FEW
@given(nonconvex_problems())
def test_nonconvex_problems_have_bounded_gradients(p):
    assert math.isfinite(p.lipschitz)
    if p.family.startswith("escape"):
        assert p.sample[p.replaced].loss is LINEAR and np.allclose(p.replacement.x, -p.sample[p.replaced].x)
