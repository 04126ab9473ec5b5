"""Strategies for low-rank adaptation.

Rational factors ``B`` (m×r), ``A`` (r×n), data ``X``, ``Y`` and a base ``W0`` for a least-squares loss,
with families: generic small integers, rank-deficient factors (a repeated column of ``B``), factors
rescaled as ``(cB, A/c)`` (the balance that the factor flow depends on), and a fixed ``A`` with
orthonormal rows (rows of a Cayley-transform orthogonal matrix).  For Eckart–Young: a target ``Δ*``
with drawn spectrum and a curvature ``H = JᵀJ`` that is isotropic, random, or aligned with the
neglected part ``Δ* − Δ*_r`` (where the lower or the upper side of the sandwich is attained).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.exact_linalg import fractions, rank
from checks.lora import cayley_orthogonal, truncated_svd

SEEDS = st.integers(0, 2**32 - 1)
INTS = st.integers(-3, 3)


def _matrix(draw, rows: int, cols: int, entries=INTS) -> np.ndarray:
    return fractions([[draw(entries) for _ in range(cols)] for _ in range(rows)])


def _show(M: np.ndarray) -> str:
    return "[" + "; ".join(" ".join(str(v) for v in row) for row in M) + "]"


@dataclass(frozen=True)
class LoraProblem:
    """``ℓ(W0 + BA) = ½‖X(W0 + BA) − Y‖²`` with a learning rate ``eta``."""

    X: np.ndarray
    Y: np.ndarray
    W0: np.ndarray
    B: np.ndarray
    A: np.ndarray
    eta: Fraction
    family: str

    def __repr__(self) -> str:
        return (f"LoraProblem({self.family}, eta={self.eta}, X={_show(self.X)}, Y={_show(self.Y)}, "
                f"W0={_show(self.W0)}, B={_show(self.B)}, A={_show(self.A)})")


@st.composite
def lora_problems(draw, full_rank: bool = False, families=("generic", "degenerate", "rescaled")) -> LoraProblem:
    family = draw(st.sampled_from(families))
    m, n = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    r = draw(st.integers(1, min(m, n) - (1 if family == "degenerate" else 0)))
    k = draw(st.integers(1, 4))
    B, A = _matrix(draw, m, r), _matrix(draw, r, n)
    if family == "degenerate":
        B = np.concatenate([B, B[:, :1]], axis=1)
        A = np.concatenate([A, _matrix(draw, 1, n)], axis=0)
    elif family == "rescaled":
        c = Fraction(draw(st.integers(1, 6)), draw(st.integers(1, 6)))
        B, A = B * c, A / c
    if full_rank and (rank(B) < B.shape[1] or rank(A) < A.shape[0]):
        B = B + fractions(np.eye(m, B.shape[1], dtype=int))
        A = A + fractions(np.eye(A.shape[0], n, k=1 if n > A.shape[0] else 0, dtype=int))
    X, Y, W0 = _matrix(draw, k, m), _matrix(draw, k, n), _matrix(draw, m, n)
    return LoraProblem(X, Y, W0, B, A, Fraction(1, draw(st.integers(1, 8))), family)


def full_rank_problems() -> st.SearchStrategy[LoraProblem]:
    return lora_problems(full_rank=True, families=("generic", "rescaled")).filter(
        lambda p: rank(p.B) == p.B.shape[1] and rank(p.A) == p.A.shape[0])


@st.composite
def orthonormal_row_problems(draw) -> LoraProblem:
    """``A`` = the first ``r`` rows of a rational orthogonal matrix ``(I − S)(I + S)^{-1}``."""
    m, n = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    r = draw(st.integers(1, n - 1))
    S = _matrix(draw, n, n, st.integers(-2, 2))
    S = S - S.T
    A = cayley_orthogonal(S)[:r]
    k = draw(st.integers(1, 4))
    return LoraProblem(_matrix(draw, k, m), _matrix(draw, k, n), _matrix(draw, m, n), _matrix(draw, m, r), A,
                       Fraction(1, draw(st.integers(1, 8))), "orthonormal-rows")


@dataclass(frozen=True)
class Dims:
    m: int
    n: int
    r: int


@st.composite
def lora_dims(draw) -> Dims:
    m, n = draw(st.integers(1, 64)), draw(st.integers(1, 64))
    return Dims(m, n, draw(st.integers(1, min(m, n))))


@dataclass(frozen=True)
class TailInstance:
    """A target update ``Δ*`` (p×q, singular values ``sigma``), a rank ``r`` and a curvature ``H = JᵀJ``
    on ``vec Δ`` (symmetric positive definite, eigenvalues in ``[lam_min, lam_max]``)."""

    target: np.ndarray
    sigma: np.ndarray
    r: int
    H: np.ndarray
    family: str
    seed: int

    def __repr__(self) -> str:
        ev = np.linalg.eigvalsh(self.H)
        return (f"TailInstance({self.family}, seed={self.seed}, r={self.r}, sigma={np.round(self.sigma, 4)}, "
                f"eig H in [{ev[0]:.4g}, {ev[-1]:.4g}])")


def _orthogonal(rng: np.random.Generator, k: int) -> np.ndarray:
    Q, R = np.linalg.qr(rng.standard_normal((k, k)))
    return Q * np.sign(np.diag(R))


@st.composite
def tail_instances(draw, families=("isotropic", "random", "aligned-low", "aligned-high")) -> TailInstance:
    family = draw(st.sampled_from(families))
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    p, q = draw(st.integers(2, 5)), draw(st.integers(2, 5))
    k = min(p, q)
    r = draw(st.integers(1, k - 1))
    scale = draw(st.sampled_from([1.0, 10.0]))
    sigma = np.sort(rng.uniform(0.2, 1.0, k))[::-1] * scale
    target = (_orthogonal(rng, p)[:, :k] * sigma) @ _orthogonal(rng, q)[:, :k].T
    d = p * q
    lo, hi = draw(st.floats(0.1, 0.9)), draw(st.floats(1.1, 10.0))
    if family == "isotropic":
        H = np.eye(d) * hi
    elif family == "random":
        Q = _orthogonal(rng, d)
        H = (Q * rng.uniform(lo, hi, d)) @ Q.T
    else:
        low, s = truncated_svd(target, r)
        v = (target - low).reshape(-1)
        v = v / np.linalg.norm(v)
        edge = lo if family == "aligned-low" else hi
        H = np.eye(d) * (hi if family == "aligned-low" else lo) + (edge - (hi if family == "aligned-low" else lo)) * np.outer(v, v)
    H = (H + H.T) / 2
    return TailInstance(target, np.linalg.svd(target, compute_uv=False), r, H, family, seed)
