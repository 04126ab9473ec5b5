from fractions import Fraction
from itertools import product

import numpy as np
import pytest

from checks.mi_generalization import expected_gap, loss_variance, mutual_information, sample_law


def _brute(mu, n, kernel, M, loss):
    """Float reference: I = H(W) - H(W|S) and the gap by enumeration."""
    mu = [float(m) for m in mu]
    pw, hcond, gap = np.zeros(M), 0.0, 0.0
    risk = [sum(m * float(l) for m, l in zip(mu, row)) for row in loss]
    for s in product(range(len(mu)), repeat=n):
        ps = float(np.prod([mu[z] for z in s]))
        k = np.array([float(x) for x in kernel(s)])
        pw += ps * k
        hcond -= ps * sum(x * np.log(x) for x in k if x > 0)
        gap += ps * sum(k[w] * (risk[w] - np.mean([float(loss[w][z]) for z in s])) for w in range(M))
    hw = -sum(x * np.log(x) for x in pw if x > 0)
    return hw - hcond, gap


def test_against_float_enumeration():
    rng = np.random.default_rng(1)
    for _ in range(5):
        K, n, M = 3, 2, 2
        mu = [Fraction(int(v), 6) for v in (1, 2, 3)]
        table = {s: rng.integers(0, 4, M) + np.eye(M, dtype=int)[0] for s in product(range(K), repeat=n)}
        kernel = lambda s: tuple(Fraction(int(v), int(table[s].sum())) for v in table[s])
        loss = [[Fraction(int(v), 3) for v in rng.integers(0, 4, K)] for _ in range(M)]
        I_ref, gap_ref = _brute(mu, n, kernel, M, loss)
        assert abs(float(mutual_information(mu, n, kernel, M)) - I_ref) < 1e-12
        assert abs(float(expected_gap(mu, n, kernel, loss)) - gap_ref) < 1e-12


def test_memorizer_closed_form():
    K = 4
    mu = [Fraction(1, K)] * K
    kernel = lambda s: tuple(Fraction(int(w == s[0])) for w in range(K))
    loss = [[Fraction(int(z != w)) for z in range(K)] for w in range(K)]
    assert abs(float(mutual_information(mu, 1, kernel, K)) - np.log(K)) < 1e-12
    assert expected_gap(mu, 1, kernel, loss) == Fraction(K - 1, K)
    assert loss_variance(mu, loss) == Fraction(K - 1, K * K)


def test_sample_law_sums_to_one():
    assert sum(w for _, w in sample_law([Fraction(1, 3), Fraction(2, 3)], 3)) == 1


def test_malformed():
    with pytest.raises(ValueError):
        expected_gap([Fraction(1, 2), Fraction(1, 3)], 1, lambda s: (Fraction(1),), [[0, 0]])
    with pytest.raises(ValueError):
        mutual_information([Fraction(1)], 1, lambda s: (Fraction(1, 2),), 1)
