"""Boolean Fourier transform against a brute-force Walsh–Hadamard matrix and numpy least squares."""

from fractions import Fraction

import numpy as np
import pytest

from checks.boolean_fourier import character, expectation, fourier_coefficients, synthesize, truncate


def _point(x: int, d: int) -> list[int]:
    return [-1 if x >> i & 1 else 1 for i in range(d)]


def test_coefficients_match_brute_force():
    rng = np.random.default_rng(0)
    d = 4
    f = [int(v) for v in rng.integers(-5, 6, 2**d)]
    H = np.array([[np.prod([_point(x, d)[i] for i in range(d) if S >> i & 1]) for x in range(2**d)]
                  for S in range(2**d)])
    assert np.allclose(np.array(fourier_coefficients(f), dtype=float), H @ np.array(f) / 2**d)
    assert all(character(S, x) == H[S, x] for S in range(2**d) for x in range(2**d))
    assert synthesize(fourier_coefficients(f)) == [Fraction(v) for v in f]


def test_majority_and_expectation():
    maj = [1 if sum(_point(x, 3)) > 0 else -1 for x in range(8)]
    c = fourier_coefficients(maj)
    assert sorted(abs(v) for v in c if v) == [Fraction(1, 2)] * 4
    assert expectation([1] * 8, Fraction(1, 3)) == 1
    assert expectation([1 if x & 1 else 0 for x in range(8)], Fraction(1, 3)) == Fraction(1, 3)


def test_truncation_is_least_squares():
    rng = np.random.default_rng(1)
    d, alpha = 4, 2
    f = rng.integers(-4, 5, 2**d)
    low = [S for S in range(2**d) if bin(S).count("1") < alpha]
    X = np.array([[character(S, x) for S in low] for x in range(2**d)], dtype=float)
    fit = X @ np.linalg.lstsq(X, f.astype(float), rcond=None)[0]
    g = synthesize(truncate(fourier_coefficients([int(v) for v in f]), alpha))
    assert np.allclose(fit, np.array(g, dtype=float))


def test_malformed():
    with pytest.raises(ValueError):
        fourier_coefficients([1, 2, 3])
    with pytest.raises(ValueError):
        fourier_coefficients([0.5, 1.0])
    with pytest.raises(ValueError):
        expectation([1, 1], Fraction(3, 2))
