"""checks.mirror against independent references: 50-digit mpmath evaluations (values, gradients and the
stated rounding bounds), SciPy's constrained and unconstrained minimizers (Bregman projections, mirror
steps), brute force over bases (χ, the nonnegative basis pursuit), torch autograd
and torch.optim (the diagonal network, Adam, AdaGrad, RMSprop) and the project's own GD."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import mpmath
import numpy as np
import pytest
import scipy.linalg
import scipy.optimize
import torch

from checks import mirror as M
from checks.linalg import adam_least_squares, gd_least_squares, min_norm_solution
from checks.strategies.designs import planted_design
from checks.strategies.implicit_bias import cayley, random_spd

mpmath.mp.dps = 50
RNG = np.random.default_rng(20250101)


def _potentials(d: int, rng: np.random.Generator) -> list[M.Potential]:
    return [M.Quadratic.euclidean(d), M.Quadratic(random_spd(rng, d, 8.0)), M.Entropy(),
            M.HyperbolicEntropy(0.05), M.HyperbolicEntropy(rng.uniform(0.1, 2.0, d))]


def _point(pot: M.Potential, rng: np.random.Generator, d: int, spread: float = 1.0) -> np.ndarray:
    if isinstance(pot, M.Entropy):
        return np.exp(rng.normal(0, spread, d))
    return spread * rng.standard_normal(d)


# --- exact (50-digit) references ------------------------------------------------------------------------

def _mp_value(pot: M.Potential, w: np.ndarray):
    w = [mpmath.mpf(float(x)) for x in w]
    if isinstance(pot, M.Entropy):
        return sum(x * mpmath.log(x) - x for x in w)
    if isinstance(pot, M.HyperbolicEntropy):
        a = np.broadcast_to(pot.scale, (len(w),))
        out = mpmath.mpf(0)
        for x, ai in zip(w, a):
            ai = mpmath.mpf(float(ai))
            z = x / ai
            out += ai / 4 * (2 - mpmath.sqrt(4 + z * z) + z * mpmath.asinh(z / 2))
        return out
    D = [[mpmath.mpf(float(v)) for v in row] for row in pot.D]
    return sum(w[i] * D[i][j] * w[j] for i in range(len(w)) for j in range(len(w))) / 2


def _mp_grad(pot: M.Potential, w: np.ndarray) -> list:
    w = [mpmath.mpf(float(x)) for x in w]
    if isinstance(pot, M.Entropy):
        return [mpmath.log(x) for x in w]
    if isinstance(pot, M.HyperbolicEntropy):
        a = np.broadcast_to(pot.scale, (len(w),))
        return [mpmath.asinh(x / (2 * mpmath.mpf(float(ai)))) / 4 for x, ai in zip(w, a)]
    D = [[mpmath.mpf(float(v)) for v in row] for row in pot.D]
    return [sum(D[i][j] * w[j] for j in range(len(w))) for i in range(len(w))]


def _mp_grad_conj(pot: M.Potential, theta: np.ndarray) -> list:
    t = [mpmath.mpf(float(x)) for x in theta]
    if isinstance(pot, M.Entropy):
        return [mpmath.exp(x) for x in t]
    if isinstance(pot, M.HyperbolicEntropy):
        a = np.broadcast_to(pot.scale, (len(t),))
        return [2 * mpmath.mpf(float(ai)) * mpmath.sinh(4 * x) for x, ai in zip(t, a)]
    D = mpmath.matrix([[mpmath.mpf(float(v)) for v in row] for row in pot.D])
    return list(mpmath.lu_solve(D, mpmath.matrix(t)))


@pytest.mark.parametrize("seed", range(6))
def test_values_gradients_and_rounding_bounds_against_mpmath(seed):
    """Each float evaluation is within its stated bound of the 50-digit value at the same float input."""
    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 6))
    for pot in _potentials(d, rng):
        for spread in (0.3, 3.0):
            w = _point(pot, rng, d, spread)
            assert abs(pot.value(w) - float(_mp_value(pot, w))) <= pot.value_error(w)
            g_err = np.abs(pot.grad(w) - np.array([float(x) for x in _mp_grad(pot, w)]))
            assert np.all(g_err <= pot.grad_error(w) + 1e-300)
            theta = pot.grad(w)
            wc = pot.grad_conj(theta)
            assert np.all(np.abs(wc - np.array([float(x) for x in _mp_grad_conj(pot, theta)]))
                          <= pot.grad_conj_error(theta) + 1e-300)
            trip = np.abs(pot.grad(wc) - theta)
            assert np.all(trip <= pot.roundtrip_error(theta))
            z = _point(pot, rng, d, spread)
            exact = _mp_value(pot, w) - _mp_value(pot, z) - sum(
                gz * (mpmath.mpf(float(a)) - mpmath.mpf(float(b))) for gz, a, b in zip(_mp_grad(pot, z), w, z))
            assert abs(M.bregman_divergence(pot, w, z) - float(exact)) <= M.bregman_rounding(pot, w, z)


def test_hyperbolic_q_and_its_derivatives():
    z = np.linspace(-30, 30, 121)
    ref = np.array([float(2 - mpmath.sqrt(4 + mpmath.mpf(x) ** 2) + mpmath.mpf(x) * mpmath.asinh(mpmath.mpf(x) / 2))
                    for x in z])
    np.testing.assert_allclose(M.hyperbolic_q(z), ref, rtol=1e-14, atol=1e-300)
    assert M.hyperbolic_q(np.array([0.0]))[0] == 0.0
    h = 1e-5
    np.testing.assert_allclose((M.hyperbolic_q(z + h) - M.hyperbolic_q(z - h)) / (2 * h), np.arcsinh(z / 2), atol=1e-8)
    tiny = np.array([1e-10])
    np.testing.assert_allclose(M.hyperbolic_q(tiny), tiny ** 2 / 4, rtol=1e-12)  # no cancellation near 0


@pytest.mark.parametrize("seed", range(4))
def test_conjugate_hessian_and_curvature(seed):
    rng = np.random.default_rng(seed + 10)
    d = 3
    for pot in _potentials(d, rng):
        w = _point(pot, rng, d)
        theta = pot.grad(w)
        # R*(θ) = sup_v ⟨θ, v⟩ - R(v), attained at ∇R*(θ) (Fenchel-Young equality)
        assert pot.conj(theta) == pytest.approx(float(theta @ w) - pot.value(w), rel=1e-10, abs=1e-10)
        # ∇²R* by central differences of ∇R*
        h = 1e-6
        H = np.column_stack([(pot.grad_conj(theta + h * e) - pot.grad_conj(theta - h * e)) / (2 * h) for e in np.eye(d)])
        np.testing.assert_allclose(pot.hess_conj(theta), H, rtol=1e-6, atol=1e-8)
        # curvature bounds hold for the Hessian ∇²R = (∇²R*)⁻¹ at sampled points of a box
        lo, hi = w - 0.3 * np.abs(w), w + 0.3 * np.abs(w)
        mu, Mx = pot.curvature(lo, hi)
        for _ in range(20):
            v = rng.uniform(lo, hi)
            lam = np.linalg.eigvalsh(np.linalg.inv(pot.hess_conj(pot.grad(v))))
            assert mu * (1 - 1e-12) <= lam[0] and lam[-1] <= Mx * (1 + 1e-12)


def test_bregman_divergence_closed_forms():
    rng = np.random.default_rng(3)
    w, z = np.exp(rng.standard_normal(4)), np.exp(rng.standard_normal(4))
    kl = float(np.sum(w * np.log(w / z) - w + z))
    assert M.bregman_divergence(M.Entropy(), w, z) == pytest.approx(kl, rel=1e-12)
    D = random_spd(rng, 4, 5.0)
    a, b = rng.standard_normal(4), rng.standard_normal(4)
    assert M.bregman_divergence(M.Quadratic(D), a, b) == pytest.approx(0.5 * (a - b) @ D @ (a - b), rel=1e-12)
    assert M.bregman_divergence(M.Entropy(), w, w) == 0.0


@pytest.mark.parametrize("seed", range(4))
def test_mirror_step_is_the_numerical_argmin(seed):
    rng = np.random.default_rng(seed + 20)
    d = 3
    for pot in _potentials(d, rng):
        w = _point(pot, rng, d)
        g = rng.standard_normal(d)
        eta = 0.3
        step = M.mirror_step(pot, w, g, eta)
        if isinstance(pot, M.Entropy):
            fun = lambda u: eta * g @ np.exp(u) + M.bregman_divergence(pot, np.exp(u), w)  # noqa: E731
            res = scipy.optimize.minimize(fun, np.log(w), method="BFGS", options={"gtol": 1e-12})
            found, mine = np.exp(res.x), fun(np.log(step))
        else:
            fun = lambda v: eta * g @ v + M.bregman_divergence(pot, v, w)  # noqa: E731
            res = scipy.optimize.minimize(fun, w, method="BFGS", options={"gtol": 1e-12})
            found, mine = res.x, fun(step)
        assert mine <= res.fun + 1e-12 * (1 + abs(res.fun))
        np.testing.assert_allclose(step, found, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(M.mirror_step(M.Entropy(), w := np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.2),
                               w * np.exp(-0.2 * np.array([0.5, -1.0])), rtol=1e-15)


# --- designs and certificates ----------------------------------------------------------------------------

def test_design_chi_bounds_every_weighted_pseudoinverse():
    rng = np.random.default_rng(5)
    for _ in range(30):
        n = int(rng.integers(1, 5))
        d = int(rng.integers(n + 1, 8))
        X = rng.standard_normal((n, d))
        des = M.Design.of(X)
        brute = max(1 / np.linalg.svd(X[:, list(B)], compute_uv=False)[-1] for B in combinations(range(d), n))
        assert des.chi == pytest.approx(brute, rel=1e-10)
        worst = 0.0
        for _ in range(30):
            W = 10.0 ** rng.uniform(-6, 6, d)
            P = (W[:, None] * X.T) @ np.linalg.inv((X * W) @ X.T)
            worst = max(worst, np.linalg.norm(P, 2))
        assert worst <= des.chi * (1 + 1e-8)
        K = scipy.linalg.null_space(X)
        v = rng.standard_normal(d)
        assert des.null_part(v) == pytest.approx(np.linalg.norm(K.T @ v), rel=1e-10)
    with pytest.raises(ValueError):
        M.Design.of(np.array([[1.0, 2.0], [2.0, 4.0], [0.0, 0.0]]))


def _scipy_projection(pot: M.Potential, X, y, w0):
    """``argmin D_R(w, w0) s.t. X w = y`` by SLSQP on the primal, an independent reference."""
    d = X.shape[1]
    if isinstance(pot, M.Entropy):
        fun = lambda w: float(np.sum(w * np.log(w / w0) - w + w0))  # noqa: E731
        jac = lambda w: np.log(w / w0)  # noqa: E731
        bounds = [(1e-12, None)] * d
    else:
        fun = lambda w: M.bregman_divergence(pot, w, w0)  # noqa: E731
        jac = lambda w: pot.grad(w) - pot.grad(w0)  # noqa: E731
        bounds = None
    res = scipy.optimize.minimize(fun, np.linalg.lstsq(X, y, rcond=None)[0] if bounds is None else w0, jac=jac,
                                  method="SLSQP", bounds=bounds,
                                  constraints=[{"type": "eq", "fun": lambda w: X @ w - y, "jac": lambda w: X}],
                                  options={"ftol": 1e-15, "maxiter": 1000})
    return res.x


@pytest.mark.parametrize("seed", range(5))
def test_bregman_projection_matches_scipy_and_its_radius_is_certified(seed):
    rng = np.random.default_rng(seed + 30)
    n, d = 2, 5
    X, _, _ = planted_design(n, d, np.array([1.0, 0.4]), seed)
    des = M.Design.of(X)
    for pot in _potentials(d, rng):
        w0 = _point(pot, rng, d)
        y = X @ _point(pot, rng, d)
        sol = M.bregman_projection(pot, X, y, w0, des)
        assert sol.radius < 1e-9
        ref = _scipy_projection(pot, X, y, w0)
        np.testing.assert_allclose(sol.w, ref, atol=1e-6)
        # KKT: feasibility and the dual relation ∇R(w) - ∇R(w0) ∈ row(X)
        assert np.linalg.norm(X @ sol.w - y) < 1e-12 * (1 + np.linalg.norm(y))
        assert des.null_part(pot.grad(sol.w) - pot.grad(w0)) < 1e-10


@pytest.mark.parametrize("seed", range(5))
def test_projection_radius_bounds_the_distance_of_perturbed_points(seed):
    """Perturb the projection in the dual (off row(X)) and in feasibility; the certified radius must cover
    the true distance, and be of the order of the perturbation."""
    rng = np.random.default_rng(seed + 40)
    n, d = 3, 6
    X, _, _ = planted_design(n, d, np.array([1.0, 0.6, 0.3]), seed + 1)
    des = M.Design.of(X)
    for pot in _potentials(d, rng):
        w0 = _point(pot, rng, d)
        y = X @ _point(pot, rng, d)
        sol = M.bregman_projection(pot, X, y, w0, des)
        for size in (1e-8, 1e-4, 1e-2):
            nu = des.K @ rng.standard_normal(d - n) * size
            w = pot.grad_conj(pot.grad(sol.w) + nu) * (1 + size * 0.1 * rng.standard_normal(d) * (not isinstance(pot, M.Quadratic)))
            radius = M.certify_projection(pot, X, y, w0, w, des)
            assert np.linalg.norm(w - sol.w) <= radius + sol.radius
            assert radius < 1e4 * size * (1 + des.chi) * max(1.0, float(np.abs(w).max()))


def test_projection_radius_is_tight_for_the_euclidean_potential():
    X, _, V = planted_design(2, 5, np.array([1.0, 0.25]), 7)
    des = M.Design.of(X)
    pot = M.Quadratic.euclidean(5)
    w = V[:, 1] * 3.0  # an error along v_min: ||w - w*|| = ||X w|| / s_min exactly (y = 0, w* = 0)
    r = M.projection_radius(pot, des, w, np.linalg.norm(X @ w), 0.0)[0]
    assert np.linalg.norm(w) == pytest.approx(r, rel=1e-9)


# --- iterations ------------------------------------------------------------------------------------------

def test_mirror_descent_euclidean_is_gradient_descent():
    X, _, _ = planted_design(3, 6, np.array([1.0, 0.7, 0.2]), 2)
    y = X @ RNG.standard_normal(6)
    w0 = RNG.standard_normal(6)
    pot = M.Quadratic.euclidean(6)
    run = M.mirror_descent(pot, X, y, w0, np.full(50, 0.9), cap=False)
    eta = 0.9 / np.linalg.eigvalsh(X @ X.T)[-1]
    np.testing.assert_allclose(run.W, gd_least_squares(X, y, eta, 50, w0), atol=1e-12)
    assert run.drift[-1] < 1e-12


def test_mirror_descent_entropy_is_exponentiated_gradient():
    X, _, _ = planted_design(2, 4, np.array([1.0, 0.5]), 3)
    y = X @ np.exp(RNG.standard_normal(4))
    w0 = np.exp(RNG.standard_normal(4))
    run = M.mirror_descent(M.Entropy(), X, y, w0, np.full(30, 0.8))
    w = w0.copy()
    for t in range(run.steps):
        w = w * np.exp(-run.etas[t] * (X.T @ (X @ w - y)))
        np.testing.assert_allclose(run.W[t + 1], w, rtol=1e-12)


def test_mirror_descent_rejects_bad_input():
    X = np.array([[1.0, 2.0]])
    with pytest.raises(ValueError):
        M.mirror_descent(M.Entropy(), X, np.array([1.0]), np.array([1.0, -1.0]), np.ones(3))
    with pytest.raises(ValueError):
        M.mirror_descent(M.Entropy(), X, np.array([1.0]), np.array([1.0, 1.0]), np.array([1.0, -1.0]))
    with pytest.raises(ValueError):
        M.Quadratic(np.array([[1.0, 0.0], [0.0, -1.0]]))
    with pytest.raises(ValueError):
        M.HyperbolicEntropy(-1.0)


def test_diagonal_net_gd_matches_torch_autograd():
    X, _, _ = planted_design(3, 5, np.array([1.0, 0.6, 0.3]), 4)
    y = X @ RNG.standard_normal(5)
    u0, v0 = np.full(5, 0.3), np.full(5, -0.3)
    run = M.diagonal_net_gd(X, y, u0, v0, np.full(40, 0.3))
    u = torch.tensor(u0, dtype=torch.float64, requires_grad=True)
    v = torch.tensor(v0, dtype=torch.float64, requires_grad=True)
    Xt, yt = torch.tensor(X), torch.tensor(y)
    for t in range(run.steps):
        loss = 0.5 * torch.sum((Xt @ (u * u - v * v) - yt) ** 2)
        gu, gv = torch.autograd.grad(loss, (u, v))
        with torch.no_grad():
            u -= run.etas[t] * gu
            v -= run.etas[t] * gv
    np.testing.assert_allclose(run.u, u.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(run.v, v.detach().numpy(), rtol=1e-12)
    # the exact factor form of the updates, and the conservation law it implies
    np.testing.assert_allclose(run.u, u0 * np.prod(1 - run.x, axis=0), rtol=1e-12)
    np.testing.assert_allclose(np.abs(run.u * run.v), 0.09 * np.prod(1 - run.x ** 2, axis=0), rtol=1e-12)
    with pytest.raises(ValueError):
        M.diagonal_net_gd(X, y, u0, v0, np.full(3, 1.5))


def test_lp_steepest_descent_with_p_2_is_gd_and_the_example_limits():
    X = np.array([[1.0, 1.0, 1.0], [1.0, 2.0, 0.0]])
    y = np.array([1.0, 10.0])
    W, L, T = M.lp_steepest_descent(X, y, 2.0, np.array([0.01]), steps=200)
    np.testing.assert_allclose(W[0], gd_least_squares(X, y, 0.02, 200)[-1], atol=1e-12)  # L = ||r||²: step 2η
    W, L, T = M.lp_steepest_descent(X, y, 4 / 3, np.array([0.01, 0.25]), steps=3000)
    assert L[0] < 1e-20 and not L[1] < 1.0  # η = 0.25 does not converge with the un-normalized loss
    np.testing.assert_allclose(W[0], [0.2957, 4.8522, -4.1478], atol=2e-4)
    with pytest.raises(ValueError):
        M.lp_steepest_descent(X, y, 2.5, np.array([0.01]), steps=3)


def test_adaptive_methods_match_torch_optimizers():
    X, _, _ = planted_design(2, 5, np.array([1.0, 0.5]), 6)
    y = X @ RNG.standard_normal(5)
    Xt, yt = torch.tensor(X), torch.tensor(y)
    for method, make in [("adam", lambda p: torch.optim.Adam([p], lr=0.05, betas=(0.9, 0.999), eps=1e-8)),
                         ("rmsprop", lambda p: torch.optim.RMSprop([p], lr=0.05, alpha=0.999, eps=1e-8)),
                         ("adagrad", lambda p: torch.optim.Adagrad([p], lr=0.05, eps=1e-8))]:
        W = M.adaptive_least_squares(X, y, method, 0.05, 30, eps=1e-8)
        p = torch.zeros(5, dtype=torch.float64, requires_grad=True)
        opt = make(p)
        for _ in range(30):
            opt.zero_grad()
            (0.5 * torch.sum((Xt @ p - yt) ** 2)).backward()
            opt.step()
        np.testing.assert_allclose(W[-1], p.detach().numpy(), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(M.adaptive_least_squares(X, y, "adam", 0.05, 30, eps=1e-8)[-1],
                               adam_least_squares(X, y, 0.05, 30), rtol=1e-12)
    with pytest.raises(ValueError):
        M.adaptive_least_squares(X, y, "sgd", 0.1, 3)


@pytest.mark.parametrize("method", ["adagrad", "rmsprop", "adam"])
def test_adaptive_interval_run_encloses_a_60_digit_run(method):
    """The interval iterates are narrow and contain the same recursion run with 60-digit mpf numbers (on
    the same binary inputs);
    the float run agrees to rounding."""
    X, _, _ = planted_design(2, 4, np.array([1.0, 0.5]), 11)
    y = X @ RNG.standard_normal(4)
    W = M.adaptive_least_squares(X, y, method, 0.1, 8, interval_digits=40)
    Wf = M.adaptive_least_squares(X, y, method, 0.1, 8)
    with mpmath.workdps(60):
        Xm = mpmath.matrix(X.tolist())
        ym = mpmath.matrix(y.tolist())
        w, m, v = [mpmath.mpf(0)] * 4, [mpmath.mpf(0)] * 4, [mpmath.mpf(0)] * 4
        for t in range(1, 9):
            r = [sum(Xm[i, j] * w[j] for j in range(4)) - ym[i] for i in range(2)]
            g = [sum(Xm[i, j] * r[i] for i in range(2)) for j in range(4)]
            for j in range(4):
                if method == "adagrad":
                    v[j] += g[j] ** 2
                    step = g[j] / mpmath.sqrt(v[j])
                elif method == "rmsprop":
                    v[j] = mpmath.mpf(0.999) * v[j] + (1 - mpmath.mpf(0.999)) * g[j] ** 2
                    step = g[j] / mpmath.sqrt(v[j])
                else:
                    b1, b2 = mpmath.mpf(0.9), mpmath.mpf(0.999)
                    m[j] = b1 * m[j] + (1 - b1) * g[j]
                    v[j] = b2 * v[j] + (1 - b2) * g[j] ** 2
                    step = (m[j] / (1 - b1 ** t)) / mpmath.sqrt(v[j] / (1 - b2 ** t))
                w[j] -= mpmath.mpf(0.1) * step
            for j in range(4):
                assert W[t, j].delta < 1e-25
                assert W[t, j].a <= w[j] <= W[t, j].b
                assert abs(Wf[t, j] - float(w[j])) < 1e-12


def test_soft_threshold_solves_the_orthonormal_lasso_and_stagewise_by_hand():
    Q = cayley(((0, 1, 2), (-1, 0, -1), (-2, 1, 0)))
    X = [row[:2] for row in Q]
    z = (Fraction(3, 2), Fraction(-1, 2))
    y = [sum(X[i][j] * z[j] for j in range(2)) for i in range(3)]
    for lam in (Fraction(0), Fraction(1, 4), Fraction(1, 2), Fraction(2)):
        w = M.soft_threshold(z, lam)
        r = [y[i] - sum(X[i][j] * w[j] for j in range(2)) for i in range(3)]
        q = [sum(X[i][j] * r[i] for i in range(3)) for j in range(2)]
        for j in range(2):
            assert (q[j] == lam * (1 if w[j] > 0 else -1)) if w[j] != 0 else abs(q[j]) <= lam
    path = M.forward_stagewise(X, y, Fraction(1, 2), 20)
    # by hand (g = w - z): move coordinate 1 twice, then ||g||_∞ = 1/2 <= ε stops the run
    assert [p[0] for p in path] == [(0, 0), (Fraction(1, 2), 0), (1, 0)]
    assert path[-1][1] == (Fraction(-1, 2), Fraction(1, 2))
    with pytest.raises(ValueError):
        M.forward_stagewise(X, y, Fraction(0), 3)


def test_min_l1_nonnegative_against_vertex_enumeration():
    rng = np.random.default_rng(9)
    for _ in range(10):
        n, d = 2, 5
        A = rng.standard_normal((n, d))
        b = A @ np.abs(rng.standard_normal(d))
        best = np.inf
        for B in combinations(range(d), n):
            try:
                xb = np.linalg.solve(A[:, B], b)
            except np.linalg.LinAlgError:
                continue
            if np.all(xb >= -1e-12):
                best = min(best, xb.sum())
        x = M.min_l1_nonnegative(A, b)
        assert np.all(x >= 0) and np.linalg.norm(A @ x - b) < 1e-10
        assert x.sum() == pytest.approx(best, rel=1e-9)
    with pytest.raises(ValueError):
        M.min_l1_nonnegative(np.array([[1.0, 1.0]]), np.array([-1.0]))
    np.testing.assert_allclose(M.min_l1_nonnegative(np.array([[1.0, 2.0]]), np.array([1.0])), [0.0, 0.5])
    np.testing.assert_allclose(min_norm_solution(np.array([[1.0, 2.0]]), np.array([1.0])), [0.2, 0.4])
