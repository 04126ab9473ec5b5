"""Exact linear algebra against SymPy's rational matrices."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.exact_linalg import (SingularMatrixError, cayley, determinant, fractions, inverse, null_space, rank, rref,
                                 solve)

entries = st.fractions(min_value=-3, max_value=3, max_denominator=4)


@st.composite
def matrices(draw, square: bool = False) -> np.ndarray:
    m = draw(st.integers(1, 4))
    n = m if square else draw(st.integers(1, 4))
    low_rank = draw(st.booleans())
    A = [[draw(entries) for _ in range(n)] for _ in range(m)]
    if low_rank and m > 1:  # a repeated combination of rows makes the rank drop
        A[-1] = [a + 2 * b for a, b in zip(A[0], A[min(1, m - 2)])]
    return fractions(A)


def _sym(A: np.ndarray) -> sympy.Matrix:
    return sympy.Matrix([[sympy.Rational(v.numerator, v.denominator) for v in row] for row in A])


@settings(max_examples=60, deadline=None)
@given(matrices())
def test_rref_rank_and_null_space_match_sympy(A: np.ndarray) -> None:
    S = _sym(A)
    R, piv = rref(A)
    ref, ref_piv = S.rref()
    assert _sym(R) == ref and tuple(piv) == ref_piv
    assert rank(A) == S.rank()
    N = null_space(A)
    assert N.shape == (A.shape[1], A.shape[1] - S.rank())
    assert not np.any(A @ N) if N.size else True


@settings(max_examples=60, deadline=None)
@given(matrices(square=True), st.data())
def test_solve_inverse_determinant_match_sympy(A: np.ndarray, data: st.DataObject) -> None:
    S = _sym(A)
    det = determinant(A)
    assert det == Fraction(str(S.det()))
    b = fractions([data.draw(entries) for _ in range(A.shape[0])])
    if det == 0:
        with pytest.raises(SingularMatrixError):
            solve(A, b)
        return
    x = solve(A, b)
    assert list(A @ x) == list(b)
    assert _sym(inverse(A)) == S.inv()


def test_floats_are_refused() -> None:
    with pytest.raises(ValueError, match="not floats"):
        fractions([[0.5]])
    with pytest.raises(ValueError, match="square"):
        solve(fractions([[1, 2]]), fractions([1]))


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 4).flatmap(lambda n: st.lists(entries, min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2)
                                 .map(lambda u: (n, u))))
def test_cayley_is_exactly_orthogonal(case: tuple[int, list[Fraction]]) -> None:
    n, upper = case
    S = fractions(np.zeros((n, n), dtype=int))
    for k, (i, j) in enumerate((i, j) for i in range(n) for j in range(i + 1, n)):
        S[i, j], S[j, i] = upper[k], -upper[k]
    Q = cayley(S)
    assert (Q.T @ Q == fractions(np.eye(n, dtype=int))).all()
    with pytest.raises(ValueError, match="skew-symmetric"):
        cayley(fractions([[1]]))
