"""Scoring building blocks against brute-force references."""

from fractions import Fraction as F

import numpy as np
import pytest

from checks.divergences import entropy, kl
from checks.scoring import (ece, expected_absolute, expected_brier, expected_log_loss, murphy,
                            spherical_gap_squared)


def test_brier_against_monte_carlo_free_formula():
    p, q = (F(1, 2), F(1, 3), F(1, 6)), (F(1, 4), F(1, 4), F(1, 2))
    ref = sum(pi * sum((qc - (c == y)) ** 2 for c, qc in enumerate(q)) for y, pi in enumerate(p))
    assert expected_brier(p, q) == ref
    assert expected_brier(p, q) - expected_brier(p, p) == sum((a - b) ** 2 for a, b in zip(p, q))


def test_log_loss_is_entropy_plus_kl():
    p, q = (F(1, 2), F(1, 2)), (F(1, 3), F(2, 3))
    assert float(expected_log_loss(p, q)) == pytest.approx(-(0.5 * np.log(1 / 3) + 0.5 * np.log(2 / 3)))
    assert float(expected_log_loss(p, q)) == pytest.approx(float(entropy(p)) + float(kl(p, q)))


def test_absolute_and_spherical():
    assert expected_absolute(F(3, 4), F(1)) == F(1, 4) < expected_absolute(F(3, 4), F(3, 4)) == F(3, 8)
    p, q = (F(1, 2), F(1, 2)), (F(1, 4), F(3, 4))
    assert float(spherical_gap_squared(p, q)) == pytest.approx(0.5 * 0.625 - 0.5 ** 2)
    assert spherical_gap_squared(p, p) == 0


def test_ece_and_murphy_by_hand():
    pop = [(F(1), F(1, 5), F(1, 5)), (F(1), F(9, 10), F(1, 2))]
    assert ece(pop, 1) == abs((F(1, 5) - F(1, 5)) + (F(1, 2) - F(9, 10))) / 2
    assert ece(pop, 10) == F(2, 10)
    b, rel, res, unc = murphy(pop)
    assert b == rel - res + unc
    assert rel == (0 + F(4, 10) ** 2) / 2
    with pytest.raises(ValueError):
        ece([(F(0), F(1, 2), F(1, 2))], 3)
    with pytest.raises(ValueError):
        expected_brier((F(1, 2),), (F(1),))
