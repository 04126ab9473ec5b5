"""Instances for power iteration and Hutchinson's estimator: exact symmetric matrices with a rational
orthogonal eigenbasis (Cayley transform) and rational eigenvalues, including the tight 2×2 diagonal
family, dominant eigenvalues of either sign, and ties ``λ_2 = -λ_1``."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.spectral_dynamics import fraction_matrix
from checks.strategies.factorization import COORD, fmt_exact, rational_orthogonal





@dataclass(frozen=True, eq=False)
class PowerCase:
    """``H = Q diag(lam) Qᵀ``; ``lam[0]`` has the largest ``|λ|`` (for ``family == "tie"`` ``lam[1] = -lam[0]``);
    start ``u0`` with a nonzero component along ``Q e_1``; ``steps`` iterations."""

    Q: np.ndarray
    lam: tuple[Fraction, ...]
    u0: np.ndarray
    steps: int
    family: str

    @property
    def H(self) -> np.ndarray:
        return (self.Q * fraction_matrix(list(self.lam))) @ self.Q.T

    def __repr__(self) -> str:
        return (f"PowerCase({self.family}: eigenvalues {[str(v) for v in self.lam]}, Q={fmt_exact(self.Q)}, "
                f"u0={fmt_exact(self.u0)}, steps={self.steps})")


POWER_FAMILIES = ("diagonal-2x2", "negative-dominant", "random")


@st.composite
def power_cases(draw, families: tuple[str, ...] = POWER_FAMILIES, max_dim: int = 4, max_steps: int = 10) -> PowerCase:
    family = draw(st.sampled_from(families))
    d = 2 if family == "diagonal-2x2" else draw(st.integers(2, max_dim))
    top = Fraction(draw(st.integers(2, 12)), 4)
    sign = -1 if family == "negative-dominant" else draw(st.sampled_from([1, -1]))
    lam = [sign * top]
    if family == "tie":
        lam.append(-sign * top)
    while len(lam) < d:
        k = draw(st.integers(0, int(4 * top) - 1))
        lam.append(draw(st.sampled_from([1, -1])) * Fraction(k, 4))
    Q = fraction_matrix(np.eye(d, dtype=int)) if family == "diagonal-2x2" else draw(rational_orthogonal(d))
    u0 = fraction_matrix([draw(COORD) for _ in range(d)])
    if u0 @ Q[:, 0] == 0:
        u0 = u0 + Q[:, 0]
    if family == "tie" and u0 @ Q[:, 1] == 0:
        u0 = u0 + Q[:, 1]
    return PowerCase(Q, tuple(lam), u0, draw(st.integers(1, max_steps)), family)


@dataclass(frozen=True, eq=False)
class SymmetricCase:
    H: np.ndarray
    family: str

    def __repr__(self) -> str:
        return f"SymmetricCase({self.family}: H={fmt_exact(self.H)})"


@st.composite
def symmetric_cases(draw, max_dim: int = 4) -> SymmetricCase:
    """Random rational symmetric ``H``; also diagonal ones (the Rademacher variance is 0) and ones with a
    zero diagonal (both variances equal ``2||H||_F^2``)."""
    family = draw(st.sampled_from(("random", "diagonal", "zero-diagonal")))
    d = draw(st.integers(1, max_dim))
    H = np.zeros((d, d), dtype=object)
    for i in range(d):
        for j in range(i, d):
            v = draw(COORD)
            if (family == "diagonal" and i != j) or (family == "zero-diagonal" and i == j):
                v = Fraction(0)
            H[i, j] = H[j, i] = Fraction(v)
    return SymmetricCase(H, family)
