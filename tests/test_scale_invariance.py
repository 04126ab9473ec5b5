"""Tests of checks.scale_invariance against independent references (SymPy derivatives, NumPy, torch)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
import torch

from checks.scale_invariance import (Angular, Rayleigh, angular_gd_wd, charpoly, gd_schedule, gd_wd, gda_matrix,
                                     gda_step, layernorm_net, product_gd, rational_orthogonal, relu_net,
                                     schur_stable)


def _rayleigh(seed: int, d: int = 3) -> Rayleigh:
    rng = np.random.default_rng(seed)
    Q = rational_orthogonal(d, rng)
    return Rayleigh(tuple(map(tuple, Q)), tuple(Fraction(int(k), 4) for k in rng.integers(-8, 9, size=d)))


def test_rational_orthogonal_is_orthogonal():
    Q = np.array(rational_orthogonal(4, np.random.default_rng(0)), dtype=float)
    assert np.allclose(Q @ Q.T, np.eye(4), atol=1e-15)


def test_rayleigh_derivatives_match_sympy():
    L = _rayleigh(1)
    ws = sympy.symbols("w0:3")
    A = sympy.Matrix([[sympy.Rational(x.numerator, x.denominator) for x in r] for r in L.A])
    w = sympy.Matrix(ws)
    f = (w.T * A * w)[0] / (w.T * w)[0]
    point = [Fraction(1, 2), Fraction(-3, 4), Fraction(2)]
    sub = dict(zip(ws, [sympy.Rational(p.numerator, p.denominator) for p in point]))
    g = [sympy.diff(f, v).subs(sub) for v in ws]
    H = [[sympy.diff(f, a, b).subs(sub) for b in ws] for a in ws]
    assert [sympy.Rational(x.numerator, x.denominator) for x in L.grad(point)] == g
    assert [[sympy.Rational(x.numerator, x.denominator) for x in r] for r in L.hessian(point)] == H


def test_rayleigh_rho_is_sphere_maximum():
    L = _rayleigh(2, d=3)
    rng = np.random.default_rng(3)
    best = 0.0
    for _ in range(3000):
        w = rng.standard_normal(3)
        w /= np.linalg.norm(w)
        H = np.array([[float(x) for x in r] for r in L.hessian(list(w))])
        best = max(best, float(np.max(np.abs(np.linalg.eigvalsh(H)))))
    vals = np.linalg.eigvalsh(np.array(L.A, dtype=float))
    assert best <= float(L.rho) + 1e-9
    assert float(L.rho) == pytest.approx(2 * (vals[-1] - vals[0]))
    lo = int(np.argmin(L.spectrum))
    hi = int(np.argmax(L.spectrum))
    H = np.array([[float(x) for x in r] for r in L.hessian(L.eigenvector(lo))], dtype=float)
    assert float(np.max(np.abs(np.linalg.eigvalsh(H)))) == pytest.approx(float(L.rho))
    assert hi != lo


def test_angular_derivatives_match_torch():
    L = Angular((0.7, -0.2, 0.1), (0.3, 0.5, -0.05))
    w = torch.tensor([0.3, -1.2], dtype=torch.float64, requires_grad=True)

    def f(v):
        th = torch.atan2(v[1], v[0])
        return sum(a * torch.cos(m * th) + b * torch.sin(m * th) for m, (a, b) in enumerate(zip(L.a, L.b), 1))

    g = torch.autograd.grad(f(w), w)[0].numpy()
    H = torch.autograd.functional.hessian(f, w.detach()).numpy()
    wn = w.detach().numpy()
    assert np.allclose(L.grad(wn), g, atol=1e-13)
    assert np.allclose(L.hessian(wn), H, atol=1e-12)
    assert L.value(wn) == pytest.approx(float(f(w.detach())))


def test_angular_rho_bracket_contains_dense_maximum():
    L = Angular((1.0, 0.4), (0.0, -0.3), grid=1 << 10)
    lo, hi = L.rho_bounds
    th = np.linspace(-math.pi, math.pi, 1 << 18)
    dense = float(np.max(L.sphere_hessian_norm(th)))
    assert lo <= dense <= hi
    cos = Angular((1.0,), (0.0,))
    assert cos.rho_bounds[0] == pytest.approx(2 / math.sqrt(3), rel=1e-6)
    mlo, mhi = L.min_bounds
    assert mlo <= float(np.min(L.phi(th))) <= mhi


def test_angular_gd_wd_matches_generic_loop():
    L = Angular((0.5, 0.2), (-0.1, 0.3))
    eta, lam = 0.05, 0.01
    run = angular_gd_wd(L, (0.4, 0.9), eta, lam, 50)
    w = np.array([0.4, 0.9])
    for t in range(51):
        assert run.norm2[t] == pytest.approx(float(w @ w), rel=1e-12)
        gbar = L.grad(w / np.linalg.norm(w))
        assert run.grad2[t] == pytest.approx(float(gbar @ gbar), rel=1e-9, abs=1e-15)
        w = (1 - eta * lam) * w - eta * L.grad(w)
    with pytest.raises(ValueError):
        angular_gd_wd(L, (0.0, 0.0), eta, lam, 3)
    with pytest.raises(ValueError):
        angular_gd_wd(L, (1.0, 0.0), 1.0, 2.0, 3)


def test_gd_wd_and_schedule():
    L = _rayleigh(4, d=2)
    ws = gd_wd([L, L], [Fraction(1), Fraction(2)], Fraction(1, 4), Fraction(1, 2))
    w1 = [Fraction(7, 8) * a - Fraction(1, 4) * b for a, b in zip([1, 2], L.grad([Fraction(1), Fraction(2)]))]
    assert ws[1] == w1
    assert gd_schedule([L], [Fraction(1), Fraction(2)], [Fraction(1, 4)])[1] == \
        [a - Fraction(1, 4) * b for a, b in zip([1, 2], L.grad([Fraction(1), Fraction(2)]))]
    with pytest.raises(ValueError):
        gd_schedule([L], [Fraction(1), Fraction(1)], [])


def test_product_gd_matches_symmetric_recursion():
    a, ws_, k, eta = Fraction(1), Fraction(1, 10), 4, Fraction(3, 2)
    ws = product_gd(lambda W: a * (W - ws_), [Fraction(1, 2)] * k, eta, 3)
    w = Fraction(1, 2)
    for t in range(1, 4):
        W = w ** k
        w = w * (1 - eta * a * (W - ws_) * w ** (k - 2))
        assert ws[t] == [w] * k


def test_relu_net_matches_numpy():
    rng = np.random.default_rng(5)
    layers = [rng.integers(-3, 4, size=(3, 2)), rng.integers(-3, 4, size=(1, 3))]
    x = [Fraction(1, 2), Fraction(-1)]
    ref = layers[1] @ np.maximum(layers[0] @ np.array([0.5, -1.0]), 0)
    frac = [[[Fraction(int(v)) for v in r] for r in W] for W in layers]
    assert float(relu_net(frac, x)[0]) == pytest.approx(float(ref[0]))
    b = [[Fraction(1)] * 3, [Fraction(2)]]
    refb = layers[1] @ np.maximum(layers[0] @ np.array([0.5, -1.0]) + 1, 0) + 2
    assert float(relu_net(frac, x, b)[0]) == pytest.approx(float(refb[0]))


def test_layernorm_net_matches_torch():
    rng = np.random.default_rng(6)
    Ws = [rng.standard_normal((4, 3)), rng.standard_normal((5, 4)), rng.standard_normal((1, 5))]
    gs = [rng.uniform(0.5, 2, 4), rng.uniform(0.5, 2, 5)]
    bs = [rng.uniform(-0.5, 1, 4), rng.uniform(-0.5, 1, 5)]
    x = rng.standard_normal(3)
    outs, err, errs = layernorm_net(Ws, gs, bs, x)
    h = torch.tensor(x)
    for W, g, b in zip(Ws[:-1], gs, bs):
        a = torch.tensor(W) @ h
        h = torch.relu(torch.nn.functional.layer_norm(a, (len(a),), torch.tensor(g), torch.tensor(b), eps=0.0))
    out = torch.tensor(Ws[-1]) @ h
    assert np.allclose(outs[-1], out.numpy(), atol=1e-12)
    assert 0 < err < 1e-10 and len(errs) == 2
    with pytest.raises(ValueError):
        layernorm_net(Ws, gs[:1], bs, x)


def test_schur_stable_matches_numpy_roots():
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(1, 5))
        c = [Fraction(int(v), 4) for v in rng.integers(-6, 7, size=n + 1)]
        if c[0] == 0:
            c[0] = Fraction(1)
        radius = float(np.max(np.abs(np.roots([float(v) for v in c]))))
        if abs(radius - 1) > 1e-9:
            assert schur_stable(c) == (radius < 1), c
    assert schur_stable([1, 0, Fraction(1, 4)]) and not schur_stable([1, 0, 1])
    with pytest.raises(ValueError):
        schur_stable([0, 0])


def test_gda_matrices_and_charpoly():
    eta = Fraction(1, 3)
    for method in ("simultaneous", "alternating", "extragradient"):
        M = gda_matrix(method, eta)
        z = [Fraction(2), Fraction(-5)]
        assert [M[0][0] * z[0] + M[0][1] * z[1], M[1][0] * z[0] + M[1][1] * z[1]] == gda_step(method, z, eta)
        assert [float(v) for v in charpoly(M)] == pytest.approx(list(np.poly(np.array(M, dtype=float))))
    M4 = np.array(gda_matrix("optimistic", eta), dtype=float)
    z, zp = np.array([2.0, -5.0]), np.array([1.0, 3.0])
    assert np.allclose(M4 @ np.concatenate([z, zp]), np.concatenate([gda_step("optimistic", z, 1 / 3, zp), z]))
    with pytest.raises(ValueError):
        gda_step("optimistic", [1, 0], eta)
    with pytest.raises(ValueError):
        gda_step("unknown", [1, 0], eta)
