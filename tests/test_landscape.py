"""Tests of checks.landscape against independent references (SymPy, NumPy, closed forms)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from checks.landscape import (GLM, SINC_MIN, CosineRSI, HuberPower, Poly, SinePL, charpoly, complex_step_grad,
                              hessian_test, huber_power_coefficients, inertia, is_psd, rational_unit,
                              separable_type, sine_constants)


def _random_poly(rng: np.random.Generator, n: int) -> Poly:
    coeffs = {}
    for _ in range(6):
        e = tuple(int(k) for k in rng.integers(0, 4, n))
        coeffs[e] = Fraction(int(rng.integers(-5, 6)), int(rng.integers(1, 4)))
    return Poly.of(n, coeffs)


def _to_sympy(p: Poly, xs):
    return sum(sp.Rational(c.numerator, c.denominator) * sp.prod([x ** k for x, k in zip(xs, e)]) for e, c in p.terms)


def test_poly_derivatives_and_composition_match_sympy():
    rng = np.random.default_rng(0)
    for n in (1, 2, 3):
        xs = sp.symbols(f"x0:{n}")
        p = _random_poly(rng, n)
        P = _to_sympy(p, xs)
        pt = tuple(Fraction(int(rng.integers(-3, 4)), int(rng.integers(1, 3))) for _ in range(n))
        sub = dict(zip(xs, [sp.Rational(v.numerator, v.denominator) for v in pt]))
        assert p(pt) == P.subs(sub)
        assert p.gradient(pt) == tuple(sp.diff(P, x).subs(sub) for x in xs)
        assert p.hessian(pt) == tuple(tuple(sp.diff(P, x, y).subs(sub) for y in xs) for x in xs)
        M = [[Fraction(int(rng.integers(-2, 3))) for _ in range(n)] for _ in range(n)]
        composed = P.subs({x: sum(int(M[i][k]) * xs[k] for k in range(n)) for i, x in enumerate(xs)},
                          simultaneous=True)
        assert sp.expand(_to_sympy(p.compose_linear(M), xs) - composed) == 0
        a, b = Fraction(3, 2), Fraction(2, 5)
        scaled = sp.Rational(3, 2) * P.subs({x: sp.Rational(2, 5) * x for x in xs}, simultaneous=True)
        assert sp.expand(_to_sympy(p.rescaled(a, b), xs) - scaled) == 0


def test_charpoly_and_inertia_match_sympy_and_numpy():
    rng = np.random.default_rng(1)
    for n in (1, 2, 3, 4):
        for _ in range(10):
            B = rng.integers(-2, 3, (n, n))
            H = B + B.T
            if rng.random() < 0.4:                       # force a zero eigenvalue
                H = B.T @ np.diag([0] + [1] * (n - 1)) @ B
            Hf = [[Fraction(int(v)) for v in r] for r in H]
            x = sp.symbols("x")
            ref = sp.Matrix(H.tolist()).charpoly(x).all_coeffs()
            assert charpoly(Hf) == [Fraction(int(c)) for c in ref]
            eig = np.linalg.eigvalsh(H.astype(float))
            tol = 1e-9
            assert inertia(Hf) == (int(np.sum(eig > tol)), int(np.sum(eig < -tol)), int(np.sum(abs(eig) <= tol)))


def test_hessian_test_and_psd():
    F = Fraction
    assert hessian_test([[F(2), F(0)], [F(0), F(1)]]) == "min"
    assert hessian_test([[F(-2), F(0)], [F(0), F(-1)]]) == "max"
    assert hessian_test([[F(1), F(2)], [F(2), F(1)]]) == "saddle"
    assert hessian_test([[F(2), F(0)], [F(0), F(0)]]) == "degenerate"
    assert is_psd([[F(2), F(0)], [F(0), F(0)]]) and not is_psd([[F(1), F(0)], [F(0), F(-1)]], F(1, 2))
    assert is_psd([[F(1), F(0)], [F(0), F(-1)]], F(1))
    with pytest.raises(ValueError):
        inertia([[F(1), F(2)], [F(0), F(1)]])


def test_separable_type_book_examples():
    assert separable_type([1], [4]) == "min"
    assert separable_type([-1], [4]) == "max"
    assert separable_type([1], [3]) == "saddle"
    assert separable_type([1, -1], [2, 4]) == "saddle"
    assert separable_type([1, 1], [2, 4]) == "min"
    assert separable_type([1, -1], [2, 2]) == "saddle"
    with pytest.raises(ValueError):
        separable_type([1], [1])


def test_rational_unit_is_unit():
    for s in ([Fraction(1, 3)], [Fraction(2), Fraction(-1, 2)], []):
        v = rational_unit(s)
        assert sum(x * x for x in v) == 1 and len(v) == len(s) + 1


def test_sine_constants_against_a_dense_grid_and_limits():
    for a in (1.0, 3.0):
        mu, wqc, gamma = sine_constants(a)
        w = np.linspace(1e-3, 50, 400_001)
        f, g = w * w + a * np.sin(w) ** 2, 2 * w + a * np.sin(2 * w)
        assert 0 < mu <= (g * g / f).min() and (g * g / f).min() - mu < 1e-2
        assert 0 < wqc <= (w * g / f).min()
        assert gamma >= (g * g / f).max() and abs(gamma - 4 * (1 + a)) < 1e-2     # sup at w -> 0
    with pytest.raises(ValueError):
        sine_constants(5.0)


def test_objectives_gradients_match_finite_differences():
    rng = np.random.default_rng(2)
    objs = [SinePL(3.0, 2), CosineRSI(2.0, 3), HuberPower(4, np.array([1.0, 2.0]), np.array([0.5, 1.5]))]
    for obj in objs:
        for _ in range(5):
            w = rng.normal(0, 2, obj.dim)
            h = 1e-6
            fd = np.array([(obj.value(w + h * e) - obj.value(w - h * e)) / (2 * h) for e in np.eye(obj.dim)])
            assert np.allclose(fd, obj.grad(w), atol=1e-6)


def test_huber_power_is_c2_and_constants():
    for p in (2, 3, 4, 6):
        A, B, C = huber_power_coefficients(p)
        assert A + B + C == 1 and 2 * A + B == p and 2 * A == p * (p - 1)
        obj = HuberPower(p, np.array([1.0]), np.array([1.0]))
        x = np.linspace(-30, 30, 600_001)
        vals = np.array([obj.value(np.array([v])) for v in x[::1000]])
        grads = np.array([obj.grad(np.array([v]))[0] for v in x[::1000]])
        ok = vals > 0
        assert np.all(grads[ok] ** 2 <= obj.gamma * vals[ok] + 1e-9)
        assert np.all(x[::1000][ok] * grads[ok] >= obj.wqc * vals[ok] - 1e-9)
    assert HuberPower(4, np.array([1.0]), np.array([1.0])).gamma == 24 and HuberPower(4, np.ones(1), np.ones(1)).L == 12


def test_cosine_rsi_constant():
    u = np.linspace(1e-6, 60, 2_000_001)
    assert abs(SINC_MIN - (np.sin(u) / u).min()) < 1e-9
    obj = CosineRSI(4.0, 1)
    w = np.linspace(-40, 40, 100_001)
    assert np.all(w * (w + 4 * np.sin(w)) >= obj.mu * w * w - 1e-12)


def test_glm_identities_against_direct_enumeration():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(4, 2))
    prob = np.array([0.1, 0.2, 0.3, 0.4])
    spread, w_star, w = rng.uniform(0, 1, 4), rng.normal(size=2), rng.normal(size=2)
    glm = GLM(X, prob, spread, np.zeros(4), w_star, "tanh")
    atoms = [(X[i], np.tanh(X[i] @ w_star) + s * spread[i], prob[i] / 2) for i in range(4) for s in (1, -1)]
    direct = sum(pr * 0.5 * (y - np.tanh(x @ w)) ** 2 for x, y, pr in atoms)
    assert abs(glm.loss(w) - direct) < 1e-14 and abs(glm.decomposition(w) - direct) < 1e-14
    grad = sum(pr * (np.tanh(x @ w) - y) * (1 - np.tanh(x @ w) ** 2) * x for x, y, pr in atoms)
    assert np.allclose(glm.grad_formula(w), grad, atol=1e-14)
    assert np.allclose(complex_step_grad(glm.loss, w), grad, atol=1e-14)
    sur = GLM(X, prob, spread, np.zeros(4), w_star, "sigmoid")
    fd = np.array([(sur.surrogate(w + 1e-6 * e) - sur.surrogate(w - 1e-6 * e)) / 2e-6 for e in np.eye(2)])
    assert np.allclose(fd, sur.surrogate_grad_formula(w), atol=1e-8)
    with pytest.raises(ValueError):
        GLM(X, prob * 2, spread, np.zeros(4), w_star, "tanh")
    with pytest.raises(ValueError):
        GLM(X, prob, spread, np.zeros(4), w_star, "relu")


def test_complex_step_on_a_closed_form():
    f = lambda z: np.sum(np.sin(z) * np.exp(z))
    w = np.array([0.3, -1.2])
    assert np.allclose(complex_step_grad(f, w), np.cos(w) * np.exp(w) + np.sin(w) * np.exp(w), atol=1e-15)
    assert math.isclose(complex_step_grad(lambda z: z[0] ** 3, np.array([2.0]))[0], 12.0)
