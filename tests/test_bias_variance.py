import itertools
from fractions import Fraction

import numpy as np
import pytest

from checks.bias_variance import (RegressionLaw, local_average, mean_estimator, prediction_law, ridge_line,
                                  shrunk_mean)

F = Fraction
LAW = RegressionLaw((F(0), F(2)), (1, 2), (F(1), F(-1, 2)), (((F(-1), 1), (F(1), 1)), ((F(-2), 1), (F(1), 2))))


def test_noise_moments():
    assert LAW.noise_mean(0) == 0 and LAW.noise_mean(1) == 0
    assert LAW.noise_variance(0) == 1 and LAW.noise_variance(1) == 2
    assert sum(p for _, _, p in LAW.outcomes()) == 1


@pytest.mark.parametrize("est", [mean_estimator, local_average, ridge_line(F(1, 3)), shrunk_mean(F(1, 2))])
def test_prediction_law_matches_ordered_enumeration(est):
    n, x0 = 3, F(2)
    law = prediction_law(LAW, n, est, x0)
    assert sum(p for p, _ in law) == 1
    outs = LAW.outcomes()
    mean = sum((p * v for p, v in law), F(0))
    ref = F(0)
    for seq in itertools.product(outs, repeat=n):  # ordered samples, brute force
        prob = F(1)
        for _, _, p in seq:
            prob *= p
        ref += prob * est([(LAW.xs[i], y) for i, y, _ in seq], x0)
    assert mean == ref


def test_ridge_line_matches_least_squares():
    pairs = [(F(0), F(1)), (F(1), F(3)), (F(3), F(2)), (F(1), F(0))]
    lam = F(1, 2)
    x = np.array([float(a) for a, _ in pairs]); y = np.array([float(b) for _, b in pairs])
    A = np.vstack([np.column_stack([np.ones(4), x]), [0, np.sqrt(float(lam))]])
    coef = np.linalg.lstsq(A, np.append(y, 0), rcond=None)[0]
    assert float(ridge_line(lam)(pairs, F(2))) == pytest.approx(coef[0] + 2 * coef[1], rel=1e-12)
    with pytest.raises(ValueError):
        ridge_line(F(0))


def test_local_average_falls_back_to_the_mean():
    pairs = [(F(0), F(1)), (F(0), F(3)), (F(1), F(5))]
    assert local_average(pairs, F(0)) == 2 and local_average(pairs, F(7)) == 3
    with pytest.raises(ValueError):
        RegressionLaw((F(0),), (0,), (F(0),), (((F(0), 1),),))
