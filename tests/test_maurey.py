"""Maurey, greedy and Barron's construction against brute force and quadrature."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as F

import numpy as np
import pytest
from scipy import integrate, optimize

from checks import maurey as mr


def _brute_expectation(atoms, p, k):
    x = mr.mixture(atoms, p)
    total = F(0)
    for idx in itertools.product(range(len(atoms)), repeat=k):
        prob = math.prod(p[i] for i in idx)
        avg = [sum(atoms[i][j] for i in idx) / k for j in range(len(x))]
        total += prob * sum((a - b) ** 2 for a, b in zip(avg, x))
    return total


def test_maurey_enumeration_against_tuples_and_identity():
    atoms = ((F(1), F(0)), (F(-1, 2), F(2)), (F(0), F(-1)))
    p = (F(1, 2), F(1, 3), F(1, 6))
    for k in range(1, 5):
        e = mr.maurey_enumerated(atoms, p, k)
        assert e == _brute_expectation(atoms, p, k) == mr.maurey_variance(atoms, p) / k
        brute_min = min(sum((sum(atoms[i][j] for i in idx) / k - mr.mixture(atoms, p)[j]) ** 2 for j in range(2))
                        for idx in itertools.product(range(3), repeat=k))
        assert mr.best_k_term(atoms, p, k) == brute_min
    with pytest.raises(ValueError):
        mr.maurey_enumerated(atoms, p, 0)
    with pytest.raises(ValueError):
        mr.mixture(atoms, (F(1, 2), F(1, 2), F(1, 2)))


def test_greedy_against_bounded_scalar_minimization():
    rng = np.random.default_rng(0)
    atoms = rng.standard_normal((6, 4))
    x = rng.dirichlet(np.ones(6)) @ atoms
    errs = mr.greedy_errors(atoms, x, 6)
    g = atoms[np.argmin(np.sum((atoms - x) ** 2, axis=1))]
    ref = [float(np.sum((g - x) ** 2))]
    for _ in range(5):
        best = None
        for v in atoms:
            res = optimize.minimize_scalar(lambda t: float(np.sum((t * g + (1 - t) * v - x) ** 2)),
                                           bounds=(0, 1), method="bounded", options={"xatol": 1e-12})
            if best is None or res.fun < best[0]:
                best = (res.fun, res.x * g + (1 - res.x) * v)
        ref.append(best[0])
        g = best[1]
    assert np.allclose(errs, ref, rtol=1e-7, atol=1e-12)
    eye = np.eye(5)
    assert np.allclose(mr.greedy_errors(eye, np.full(5, 0.2), 5), [1 / k - 1 / 5 for k in range(1, 6)])


@pytest.mark.parametrize("a,phase,lo,hi", [(1.0, 0.0, 0.0, 1.0), (2.3, 0.4, -0.7, 1.9), (0.05, -2.0, -3.0, 2.0)])
def test_cos_variation_against_quadrature(a, phase, lo, hi):
    kinks = [(j * math.pi - phase) / (2 * math.pi * a) for j in range(-100, 100)]
    kinks = [s for s in kinks if lo < s < hi]
    ref, _ = integrate.quad(lambda s: abs(2 * math.pi * a * math.sin(2 * math.pi * a * s + phase)), lo, hi,
                            points=kinks or None, limit=500, epsabs=1e-13, epsrel=1e-13)
    assert mr.cos_variation(a, phase, lo, hi) == pytest.approx(ref, rel=1e-9)


def test_threshold_construction_against_quadrature():
    f = mr.CosineSum((1.3, 0.4), ((0.8, -0.5), (1.7, 0.2)), (0.3, -1.2))
    rng = np.random.default_rng(1)
    pts = rng.uniform(-1, 1, (7, 2)) / math.sqrt(2)
    r = 1.0
    t = mr.threshold_maurey(f, pts, r)
    assert np.allclose(t.mean_atom, t.centered, atol=1e-12)
    weighted = 0.0
    for c, w, ph in zip(f.amplitudes, f.frequencies, f.phases):
        a = float(np.linalg.norm(w))
        proj = pts @ (np.asarray(w) / a)
        hp = lambda s: abs(2 * math.pi * a * math.sin(2 * math.pi * a * s + ph))  # noqa: E731
        mu_a = lambda s: np.mean(proj >= s) if s > 0 else np.mean(proj < s)  # noqa: E731
        brk = sorted(set(np.r_[proj, 0.0].tolist()))
        weighted += c * integrate.quad(lambda s: hp(s) * mu_a(s), -r, r, points=brk, limit=500)[0]
    assert t.second_moment == pytest.approx(t.mass * weighted, rel=1e-8)
    # Monte Carlo replay of the random construction, seeded: within 5 standard errors of the formula
    k, reps = 3, 1500
    errs = []
    for _ in range(reps):
        fk = np.full(len(pts), f(np.zeros((1, 2)))[0])
        for _ in range(k):
            j = rng.choice(2, p=np.array([c * mr.cos_variation(np.linalg.norm(w), ph, -r, r)
                                          for c, w, ph in zip(f.amplitudes, f.frequencies, f.phases)]) / t.mass)
            c, w, ph = f.amplitudes[j], np.asarray(f.frequencies[j]), f.phases[j]
            a = float(np.linalg.norm(w))
            while True:  # rejection sampling of s from |h'| on [-r, r]
                s = rng.uniform(-r, r)
                if rng.uniform(0, 2 * math.pi * a) <= abs(2 * math.pi * a * math.sin(2 * math.pi * a * s + ph)):
                    break
            slope = -2 * math.pi * a * math.sin(2 * math.pi * a * s + ph)
            proj = pts @ (w / a)
            ind = (proj >= s) if s > 0 else -(proj < s).astype(float)
            fk = fk + t.mass * np.sign(slope) * ind / k
        errs.append(np.mean((f(pts) - fk) ** 2))
    errs = np.array(errs)
    assert abs(errs.mean() - t.expected_error(k)) < 5 * errs.std() / math.sqrt(reps)


def test_best_step_fit_against_brute_force():
    rng = np.random.default_rng(2)
    x = np.array([0.0, 0.1, 0.1, 0.4, 0.5, 0.9, 1.0])
    y = rng.standard_normal(7)
    ux = np.unique(x)
    for k in range(4):
        best = math.inf
        for cuts in itertools.combinations(ux[1:], k):
            seg = np.searchsorted(np.array(cuts), x, side="right")
            best = min(best, sum(float(np.sum((y[seg == s] - y[seg == s].mean()) ** 2)) for s in np.unique(seg)))
        assert mr.best_step_fit(x, y, k) == pytest.approx(best / 7, abs=1e-12)
    with pytest.raises(ValueError):
        mr.threshold_maurey(mr.CosineSum((1.0,), ((1.0,),), (0.0,)), np.array([[2.0]]), 1.0)
