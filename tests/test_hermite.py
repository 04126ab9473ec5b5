"""Exact Gaussian moments and Hermite polynomials against NumPy's HermiteE and Gauss–Hermite quadrature."""

from fractions import Fraction

import numpy as np
import pytest
from numpy.polynomial import hermite_e

from checks.hermite import (compose, compose_multi, expect, expect_univariate, hermite, linear_form,
                            moment, mul, times_variables)


def test_hermite_matches_numpy():
    for k in range(9):
        ref = hermite_e.herme2poly([0] * k + [1])
        assert np.allclose(hermite(k), ref)


def test_moments_against_quadrature():
    x, w = hermite_e.hermegauss(40)
    w = w / w.sum()
    for k in range(12):
        assert np.isclose(float(moment(k)), float(w @ x**k), rtol=1e-10)
    assert moment(4, "rademacher") == 1 and moment(3, "rademacher") == 0


def test_multivariate_expectation_against_quadrature():
    x, w = hermite_e.hermegauss(20)
    w = w / w.sum()
    u, v = [Fraction(1, 2), Fraction(-1, 3)], [Fraction(2), Fraction(1, 5)]
    p = mul(compose([1, 0, 0, 2], linear_form(u), 2), compose([0, 1, 1], linear_form(v), 2))
    X, Y = np.meshgrid(x, x, indexing="ij")
    W = np.outer(w, w)
    a, b = float(u[0]) * X + float(u[1]) * Y, float(v[0]) * X + float(v[1]) * Y
    ref = float(np.sum(W * (1 + 2 * a**3) * (b + b**2)))
    assert np.isclose(float(expect(p)), ref, rtol=1e-10)
    F = {(1, 1): Fraction(1), (0, 2): Fraction(3)}
    G = compose_multi(F, [linear_form(u), linear_form(v)], 2)
    assert np.isclose(float(expect(G)), float(np.sum(W * (a * b + 3 * b**2))), rtol=1e-10)
    assert expect_univariate([0, 0, 1]) == 1


def test_malformed():
    with pytest.raises(ValueError):
        hermite(-1)
    with pytest.raises(ValueError):
        moment(2, "uniform")


def test_times_variables():
    p = linear_form([Fraction(1), Fraction(2)])
    assert times_variables(p, 0, 1) == {(2, 1): 1, (1, 2): 2}
    assert expect(times_variables(p, 0)) == 1
    with pytest.raises(ValueError):
        times_variables(p, 2)
