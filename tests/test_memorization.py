"""The exact memorizer against NumPy least squares, exact rank against NumPy, k-NN against brute force."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from checks import memorization as mz


def test_memorizer_interpolates_and_matches_float_solve():
    rng = np.random.default_rng(0)
    xs = [tuple(F(int(v), 3) for v in row) for row in rng.integers(-4, 5, size=(9, 3))]
    xs = list(dict.fromkeys(xs))
    ys = [F(int(v)) for v in rng.integers(-5, 6, size=len(xs))]
    m = mz.memorizer(xs, ys)
    assert [m(x) for x in xs] == ys
    assert m.parameters == 2 * len(xs) + 3
    z = np.array([float(mz.project(m.direction, x)) for x in xs])
    assert len(set(z)) == len(z)
    order = np.argsort(z)
    b = np.array([float(v) for v in mz.interleaved_biases([F(v) for v in z[order]])])
    a = np.maximum(z[order][:, None] - b[None, :], 0)
    w = np.linalg.solve(a, np.array([float(y) for y in ys])[order])
    assert np.allclose(w, [float(v) for v in m.net.out_w], rtol=1e-6, atol=1e-6)


def test_rank_and_solvable_against_numpy():
    rng = np.random.default_rng(1)
    for _ in range(20):
        a = rng.integers(-2, 3, size=(4, 5)) * (rng.uniform(size=(4, 5)) < 0.6)
        assert mz.rank([[F(int(v)) for v in row] for row in a]) == np.linalg.matrix_rank(a)
    assert not mz.solvable([[F(1), F(1)], [F(2), F(2)]], [F(1), F(3)])


def test_knn_and_errors():
    xs = [(F(0),), (F(1),), (F(2),), (F(10),)]
    ys = [0, 1, 1, 0]
    assert [mz.knn_predict(xs, ys, x, 1) for x in xs] == ys
    assert mz.knn_predict(xs, ys, (F(0),), 3) == 1
    with pytest.raises(ValueError):
        mz.knn_predict(xs, ys, (F(0),), 5)
    with pytest.raises(ValueError):
        mz.memorizer([(F(0),), (F(0),)], [F(1), F(2)])
    with pytest.raises(ValueError):
        mz.memorizer([(F(0), F(1)), (F(0), F(2))], [F(1), F(2)], direction=(1, 0))
