"""checks.margins against independent references: SciPy's SLSQP on the primal SVM and on the dual
(minimax) form of every max-margin value, numerical minimization of the steepest-descent objective,
the generic MarginLoss path of the descent loop, and the proved bounds along runs."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy.optimize import minimize

from checks import margins as M
from checks.losses import LOGISTIC, TAILED_LOSSES
from checks.strategies.designs import haar_orthonormal


def _separable(seed: int, n: int, d: int, margin: float = 0.3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    w = haar_orthonormal(rng, d)[:, 0]
    Z = rng.standard_normal((n, d))
    s = Z @ w
    return Z - np.outer(s, w) + np.outer(np.abs(s) + margin, w)


CASES = [(seed, n, d) for seed, (n, d) in enumerate([(1, 1), (3, 2), (5, 2), (8, 3), (6, 4), (8, 4), (2, 4)])]


def _slsqp_svm(Z: np.ndarray) -> np.ndarray:
    d = Z.shape[1]
    res = minimize(lambda w: 0.5 * w @ w, np.ones(d) * 10, jac=lambda w: w, method="SLSQP",
                   constraints=[{"type": "ineq", "fun": lambda w: Z @ w - 1, "jac": lambda w: Z}],
                   options={"ftol": 1e-14, "maxiter": 500})
    return res.x


def _dual_value(Z: np.ndarray, p: float) -> float:
    """``min_{a in simplex} ||Zᵀa||_q`` by SLSQP (smoothed through squares for q = 2; for q in {1, inf}
    by an epigraph LP-like reformulation solved with SLSQP)."""
    n, d = Z.shape
    q = M.dual_exponent(p)
    cons = [{"type": "eq", "fun": lambda a: a[:n].sum() - 1}]
    if q == 2:
        res = minimize(lambda a: float(np.sum((Z.T @ a) ** 2)), np.ones(n) / n, method="SLSQP",
                       bounds=[(0, 1)] * n, constraints=cons, options={"ftol": 1e-15, "maxiter": 1000})
        return float(np.linalg.norm(Z.T @ res.x))
    if q == np.inf:  # min t s.t. -t <= (Zᵀa)_k <= t
        cons += [{"type": "ineq", "fun": lambda x: x[n] - Z.T @ x[:n]},
                 {"type": "ineq", "fun": lambda x: x[n] + Z.T @ x[:n]}]
        x0 = np.r_[np.ones(n) / n, 10.0]
        res = minimize(lambda x: x[n], x0, method="SLSQP", bounds=[(0, 1)] * n + [(0, None)],
                       constraints=cons, options={"ftol": 1e-14, "maxiter": 1000})
        return float(np.max(np.abs(Z.T @ res.x[:n])))
    # q = 1: min sum_k s_k s.t. -s <= Zᵀa <= s
    cons += [{"type": "ineq", "fun": lambda x: x[n:] - Z.T @ x[:n]},
             {"type": "ineq", "fun": lambda x: x[n:] + Z.T @ x[:n]}]
    x0 = np.r_[np.ones(n) / n, np.ones(d) * 10]
    res = minimize(lambda x: x[n:].sum(), x0, method="SLSQP", bounds=[(0, 1)] * n + [(0, None)] * d,
                   constraints=cons, options={"ftol": 1e-14, "maxiter": 1000})
    return float(np.sum(np.abs(Z.T @ res.x[:n])))


@pytest.mark.parametrize("seed,n,d", CASES)
def test_svm_active_set_matches_slsqp_and_kkt(seed, n, d):
    Z = _separable(seed, n, d)
    mm = M.max_margin(Z, 2.0)
    w_ref = _slsqp_svm(Z)
    np.testing.assert_allclose(mm.w_hat, w_ref, atol=1e-6)
    assert mm.gamma_lo <= mm.gamma_hi <= mm.gamma_lo * (1 + 1e-12)
    assert abs(mm.gamma - 1 / np.linalg.norm(w_ref)) < 1e-6
    # KKT: w_hat = Zᵀ alpha with alpha >= 0 supported on the active constraints
    alpha = mm.weights * np.linalg.norm(mm.w_hat) ** 2
    np.testing.assert_allclose(Z.T @ alpha, mm.w_hat, atol=1e-10)
    assert np.all(mm.weights >= 0) and set(np.flatnonzero(mm.weights > 1e-12)) <= set(mm.support)


@pytest.mark.parametrize("p", [1.0, 2.0, np.inf])
@pytest.mark.parametrize("seed,n,d", CASES)
def test_margin_interval_contains_the_dual_value(seed, n, d, p):
    Z = _separable(seed, n, d)
    mm = M.max_margin(Z, p)
    ref = _dual_value(Z, p)
    assert mm.gamma_lo - 1e-6 <= ref and mm.gamma_lo <= mm.gamma_hi + 1e-12
    assert abs(ref - mm.gamma) < 1e-6 * max(1.0, ref)
    assert abs(M.pnorm(mm.u, p) - 1) < 1e-12
    assert abs(M.normalized_margin(Z, mm.u, p) - mm.gamma_lo) < 1e-12


def test_dominant_coordinate_margins_are_explicit():
    Z = np.array([[1.0, 2.0], [1.5, 2.5]])  # the l1 direction is e_2, the l2 one (1, 2)/sqrt 5
    m1, m2, mi = (M.max_margin(Z, p) for p in (1.0, 2.0, np.inf))
    np.testing.assert_allclose(m1.u, [0, 1], atol=1e-9)
    np.testing.assert_allclose(m2.u, np.array([1, 2]) / np.sqrt(5), atol=1e-12)
    assert abs(m1.gamma - 2.0) < 1e-9 and abs(m2.gamma - np.sqrt(5)) < 1e-12 and abs(mi.gamma - 3.0) < 1e-9


def test_non_separable_data_are_refused():
    Z = np.array([[1.0, 0.5], [-1.0, -0.5], [0.2, 1.0]])
    for p in (1.0, 2.0, np.inf):
        with pytest.raises(ValueError, match="separable"):
            M.max_margin(Z, p)
    assert M.opposite_pair(Z) == (0, 1)
    assert M.opposite_pair(_separable(0, 4, 2)) is None
    with pytest.raises(ValueError):
        M.max_margin(Z, 3.0)
    with pytest.raises(ValueError):
        M.max_margin(np.zeros((0, 2)))


@pytest.mark.parametrize("p", [1.0, 1.5, 2.0, 3.0, np.inf])
def test_steepest_step_minimizes_the_objective(p):
    rng = np.random.default_rng(7)
    q = M.dual_exponent(p)
    for _ in range(5):
        g = rng.standard_normal(4)
        v = M.steepest_step(g, p)
        value = g @ v + M.pnorm(v, p) ** 2 / 2
        assert abs(value + M.pnorm(g, q) ** 2 / 2) < 1e-12
        assert abs(-g @ v - M.pnorm(v, p) ** 2) < 1e-12
        res = minimize(lambda u: g @ u + M.pnorm(u, p) ** 2 / 2, rng.standard_normal(4), method="Nelder-Mead",
                       options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 20000})
        assert value <= res.fun + 1e-9


def test_dual_exponent_and_bad_norms():
    assert M.dual_exponent(1) == np.inf and M.dual_exponent(np.inf) == 1 and M.dual_exponent(3) == 1.5
    with pytest.raises(ValueError):
        M.dual_exponent(0.5)
    with pytest.raises(ValueError):
        M.pnorm(np.ones(2), 0.5)


@pytest.mark.parametrize("loss", TAILED_LOSSES, ids=lambda l: l.name)
@pytest.mark.parametrize("p", [1.0, 2.0, np.inf])
def test_fast_loss_path_matches_the_margin_loss(loss, p):
    Z = _separable(3, 6, 3)
    rule = M.StepRule(0.5, 0.5 / (np.max(M.pnorm(Z, M.dual_exponent(p), axis=1)) ** 2 * 6))
    generic = dataclasses.replace(loss, name=loss.name + " (generic)")  # not the same object: no fast path
    w0 = np.array([0.3, -0.2, 0.1])
    fast = M.steepest_descent(Z, loss, p, 50, rule, w0)
    slow = M.steepest_descent(Z, generic, p, 50, rule, w0)
    np.testing.assert_allclose(fast.W, slow.W, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(fast.L, slow.L, rtol=1e-12)
    assert abs(fast.L[0] - M.loss_value(loss, Z @ w0)) < 1e-12


def test_descent_input_errors():
    Z = _separable(1, 3, 2)
    rule = M.StepRule(1.0, 0.1)
    with pytest.raises(ValueError):
        M.steepest_descent(Z, M.EXPONENTIAL, 2.0, -1, rule)
    with pytest.raises(ValueError):
        M.steepest_descent(Z, M.EXPONENTIAL, 2.0, 3, rule, np.zeros(3))
    with pytest.raises(ValueError):
        M.StepRule(0.0, 1.0)
    with pytest.raises(ValueError):
        M.StepRule(1.0, np.inf)


@pytest.mark.parametrize("loss", TAILED_LOSSES, ids=lambda l: l.name)
@pytest.mark.parametrize("p", [1.0, 2.0, np.inf])
def test_margin_bounds_hold_along_runs(loss, p):
    Z = _separable(5, 7, 3)
    mm = M.max_margin(Z, p)
    B = float(np.max(M.pnorm(Z, M.dual_exponent(p), axis=1)))
    w0 = np.array([0.5, 1.0, -0.5])
    L0 = M.loss_value(loss, Z @ w0)
    run = M.steepest_descent(Z, loss, p, 400, M.StepRule(1.0, 1.0 / (B * B * L0)), w0)
    mb = M.margin_bounds(run, mm.gamma_lo)
    slack = M.rounding_slack(run)
    assert np.all(mb.unnormalized <= run.min_margins[1:] + slack)
    assert np.all(run.norms[1:] <= mb.path + 1e-12)
    assert np.all(mb.normalized <= M.normalized_margin(Z, run.W[1:], p) + 1e-12)
    assert np.all(np.diff(run.L) <= 1e-15)
    # the bounds of a direct loop over (8.29)-(8.33)
    A = 0.0
    for t in range(run.steps):
        A += run.eta[t] * run.G[t] ** 2 / run.L[t] - run.eta[t] ** 2 * B ** 2 * run.G[t] ** 2 / 2
        assert abs(A - mb.A[t]) <= 1e-9 * max(1.0, abs(A))


def test_explicit_rates_hold_and_are_tight_for_one_point():
    Z = np.array([[2.0, 0.0]])
    run = M.steepest_descent(Z, M.EXPONENTIAL, 2.0, 2000, M.StepRule(1.0, 1.0 / 4.0), np.array([0.0, 1.5]))
    t = np.arange(1, 2001)
    eta, L0, gamma, B = 0.25, 1.0, 2.0, 2.0
    assert np.all(run.L[1:] <= M.loss_rate(L0, eta, gamma, t) * (1 + 1e-12))
    norms = run.norms[1:]
    assert np.all(M.norm_lower(L0, eta, gamma, t) <= norms + 1e-12)
    assert np.all(norms <= M.norm_upper(1.5, L0, eta, gamma, B, t) + 1e-12)
    gap = gamma - M.normalized_margin(Z, run.W[1:])
    rate = M.margin_gap_rate(1.5, L0, eta, gamma, B, t)
    assert np.all(gap <= rate + 1e-12)
    # the orthogonal start is never forgotten: t * gap(t) grows (here from 32 at t = 100 to 279 at
    # t = 2000), so no bound C/t holds with the constant that fits t = 100
    assert gap[-1] * 2000 > 5 * gap[99] * 100


def test_worst_index():
    assert M.worst_index(np.array([1.0, 3.0, 2.0]), np.array([2.0, 2.0, 2.0])) == 1
    assert M.worst_index(np.array([1.0, np.nan]), np.array([2.0, 2.0])) == 1
    assert M.worst_index(np.array([-1.0, 0.5]), np.array([0.0, 1.0]), 0.1) == 1


def test_logistic_margin_inverse_and_domination():
    q = np.array([0.5, 2.0, -1.0])
    L = LOGISTIC.value(q, 1.0)
    np.testing.assert_allclose(M.margin_from_loss(LOGISTIC, L), q, rtol=1e-12)
    np.testing.assert_allclose(M.margin_from_loss(M.EXPONENTIAL, np.exp(-q)), q, rtol=1e-12)
    sig = -LOGISTIC.derivative(q, 1.0)
    assert np.all(sig >= L * M.domination_factor(LOGISTIC, L) - 1e-15)
