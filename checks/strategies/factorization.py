"""Instances for the landscape of ``f(X) = ¼ ||M - X Xᵀ||_F^2``.

Exact instances use a rational orthogonal eigenbasis (Cayley transform) and eigenvalues that are
squares of rationals, so every critical point ``±sqrt(λ) u`` is rational; the float instances for the
rank-r claims include the configuration ``X ⊥ Z`` with equal Gram matrices, where the Procrustes
inequality is attained.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.spectral_dynamics import cayley_orthogonal, fraction_matrix
from checks.strategies.networks import rational_unit_vector

SEEDS = st.integers(0, 2**32 - 1)
COORD = st.integers(-8, 8).map(lambda k: Fraction(k, 4))
"""Quarters in [-2, 2] (one integer draw each: much faster to generate than ``st.fractions``)."""


@st.composite
def rational_orthogonal(draw, n: int) -> np.ndarray:
    """An exactly orthogonal rational ``n x n`` matrix: the Cayley transform of a skew matrix with
    entries in quarters of [-2, 2]."""
    S = np.zeros((n, n), dtype=object)
    for i in range(n):
        S[i, i] = Fraction(0)
        for j in range(i + 1, n):
            S[i, j] = draw(COORD)
            S[j, i] = -S[i, j]
    return cayley_orthogonal(S)


def fmt_exact(A: np.ndarray) -> str:
    """A vector or matrix of Fractions as ``(a, b)`` / ``[(a, b); (c, d)]``."""
    A = np.asarray(A, dtype=object)
    if A.ndim == 1:
        return "(" + ", ".join(str(v) for v in A) + ")"
    return "[" + "; ".join(fmt_exact(row) for row in A) + "]"


def _reflection(c: np.ndarray) -> np.ndarray:
    """A rational orthogonal ``R`` with ``R e_1 = c`` for a rational unit vector ``c``."""
    m = c.size
    eye = fraction_matrix(np.eye(m, dtype=int))
    w = eye[:, 0] - c
    ww = w @ w
    return eye if ww == 0 else eye - 2 * np.outer(w, w) / ww


# --------------------------------------------------------------------------- polynomial identity

@dataclass(frozen=True, eq=False)
class ExpansionCase:
    """A rational symmetric ``M``, a point ``x`` and a displacement ``delta``."""

    M: np.ndarray
    x: np.ndarray
    delta: np.ndarray

    def __repr__(self) -> str:
        return f"ExpansionCase(M={fmt_exact(self.M)}, x={fmt_exact(self.x)}, delta={fmt_exact(self.delta)})"


@st.composite
def expansion_cases(draw, max_dim: int = 4) -> ExpansionCase:
    d = draw(st.integers(1, max_dim))
    upper = [[draw(COORD) for _ in range(d)] for _ in range(d)]
    M = fraction_matrix([[upper[min(i, j)][max(i, j)] for j in range(d)] for i in range(d)])
    x = fraction_matrix([draw(COORD) for _ in range(d)])
    delta = fraction_matrix([draw(COORD) for _ in range(d)])
    return ExpansionCase(M, x, delta)


# --------------------------------------------------------------------------- critical points

@dataclass(frozen=True, eq=False)
class CriticalCase:
    """``M = Q diag(lam) Qᵀ`` (columns of ``Q`` grouped by equal eigenvalue) and a point
    ``x = sign * root * u``, ``u = Q_g c`` a unit vector of the eigenspace of group ``g`` (``x = 0`` when
    ``group`` is None); ``basis`` is an orthonormal eigenbasis of ``M`` whose first column of group ``g``
    is ``u``; ``y`` is a test point."""

    Q: np.ndarray
    lam: tuple[Fraction, ...]
    groups: tuple[tuple[int, ...], ...]
    group: int | None
    c: np.ndarray
    sign: int
    y: np.ndarray

    @property
    def d(self) -> int:
        return self.Q.shape[0]

    @property
    def M(self) -> np.ndarray:
        return (self.Q * fraction_matrix(list(self.lam))) @ self.Q.T

    @property
    def value(self) -> Fraction:
        """The eigenvalue of the critical point (0 for the origin)."""
        return Fraction(0) if self.group is None else self.lam[self.groups[self.group][0]]

    @property
    def root(self) -> Fraction:
        v = self.value
        r = Fraction(math.isqrt(v.numerator), math.isqrt(v.denominator))
        if r * r != v:
            raise ValueError(f"eigenvalue {v} is not the square of a rational")
        return r

    @property
    def basis(self) -> np.ndarray:
        B = self.Q.copy()
        if self.group is not None:
            cols = list(self.groups[self.group])
            B[:, cols] = self.Q[:, cols] @ _reflection(self.c)
        return B

    @property
    def u(self) -> np.ndarray:
        if self.group is None:
            return fraction_matrix([0] * self.d)
        return self.Q[:, list(self.groups[self.group])] @ self.c

    @property
    def x(self) -> np.ndarray:
        return self.sign * self.root * self.u

    def __repr__(self) -> str:
        where = "x = 0" if self.group is None else f"x = {self.sign} * {self.root} * u, u = {fmt_exact(self.u)}"
        return (f"CriticalCase(eigenvalues {[str(v) for v in self.lam]} (groups {self.groups}), "
                f"Q={fmt_exact(self.Q)}, {where}, y={fmt_exact(self.y)})")


@st.composite
def _sizes(draw, d: int) -> list[int]:
    sizes: list[int] = []
    while sum(sizes) < d:
        rest = d - sum(sizes)
        sizes.append(rest if draw(st.booleans()) else draw(st.integers(1, rest)))
    return sizes


@st.composite
def critical_cases(draw, max_dim: int = 4, psd: bool = False, simple_top: bool = False) -> CriticalCase:
    """Eigenvalues ``±(k/4)^2`` and 0 (``psd``: no negative ones), in groups of equal values (repeated
    eigenvalues); at least one is positive.  ``simple_top``: the largest eigenvalue is simple and
    positive (λ_1 > λ_2)."""
    d = draw(st.integers(2, max_dim))
    sizes = [1] + draw(_sizes(d - 1)) if simple_top else draw(_sizes(d))
    G = len(sizes)
    ks = draw(st.lists(st.integers(1, 12), min_size=G, max_size=G, unique=True))
    kinds = draw(st.lists(st.sampled_from(["pos", "pos", "pos", "zero"] if psd else ["pos", "pos", "zero", "neg"]),
                          min_size=G, max_size=G))
    if simple_top:
        ks.sort(reverse=True)
        kinds[0] = "pos"
    if "pos" not in kinds:
        kinds[0] = "pos"
    seen_zero = False
    for g, kind in enumerate(kinds):          # at most one zero group
        if kind == "zero":
            kinds[g] = "pos" if seen_zero else "zero"
            seen_zero = True
    sign = {"pos": 1, "zero": 0, "neg": -1}
    values = [sign[kind] * Fraction(k, 4) ** 2 for kind, k in zip(kinds, ks)]
    order = sorted(range(G), key=lambda g: -values[g])
    sizes, values = [sizes[g] for g in order], [values[g] for g in order]
    groups, start = [], 0
    for s in sizes:
        groups.append(tuple(range(start, start + s)))
        start += s
    lam = tuple(v for v, s in zip(values, sizes) for _ in range(s))
    Q = draw(rational_orthogonal(d))
    positive = [g for g, v in enumerate(values) if v > 0]
    repeated = [g for g in positive if sizes[g] > 1]
    if repeated and draw(st.booleans()):        # the spheres of repeated eigenvalues, the adversarial region
        group = draw(st.sampled_from(repeated))
    else:
        group = draw(st.sampled_from(positive + [None]))
    if group is None or len(groups[group]) == 1 or draw(st.integers(0, 3)) == 0:
        c = fraction_matrix([1] + [0] * (0 if group is None else len(groups[group]) - 1))
    else:
        m = len(groups[group])
        c = fraction_matrix(list(rational_unit_vector(tuple(draw(COORD) for _ in range(m - 1)))))
    y = fraction_matrix([draw(COORD) for _ in range(d)])
    return CriticalCase(Q, lam, tuple(groups), group, c, draw(st.sampled_from([1, -1])), y)


# --------------------------------------------------------------------------- rank one, ||z|| = 1

@dataclass(frozen=True, eq=False)
class LandscapePoint:
    """``z = Q e_1`` (unit), ``x = alpha z + beta Q e_2``: ``a = ||x||^2 = alpha^2 + beta^2``,
    ``b = <x, z>^2 = alpha^2``."""

    Q: np.ndarray
    alpha: Fraction
    beta: Fraction
    family: str

    @property
    def z(self) -> np.ndarray:
        return self.Q[:, 0]

    @property
    def x(self) -> np.ndarray:
        return self.alpha * self.Q[:, 0] + self.beta * self.Q[:, 1]

    def __repr__(self) -> str:
        return (f"LandscapePoint({self.family}: alpha={self.alpha}, beta={self.beta} "
                f"(a = {float(self.alpha**2 + self.beta**2):.6g}, b = {float(self.alpha**2):.6g}), "
                f"z={fmt_exact(self.z)})")


def _fine(lo: float, hi: float, den: int = 10_000) -> st.SearchStrategy[Fraction]:
    return st.integers(int(lo * den), int(hi * den)).map(lambda k: Fraction(k, den))


@st.composite
def _ab(draw, family: str) -> tuple[Fraction, Fraction]:
    if family == "random":
        return draw(COORD), draw(COORD)
    if family in ("tight", "tight-core"):
        # rational points of the boundary 3 alpha^2 + beta^2 = 3/4 (i.e. a + 2b = 3/4), through (1/2, 0);
        # slope m ~ 0.7174 gives the extremal point alpha^2 = 1/8, beta^2 = 3/8
        m = draw(_fine(0.55, 0.9) if family == "tight" else _fine(0.705, 0.73))
        return (m * m - 3) / (2 * (3 + m * m)), 3 * m / (3 + m * m)
    if family == "near-tight":
        return draw(_fine(0.30, 0.41)), draw(_fine(0.56, 0.67))
    if family == "wide-curvature":
        # the extremal region of the mutant with curvature tolerance 1/2 (a ~ 0.3855, b ~ 0.0573)
        return draw(_fine(0.20, 0.28)), draw(_fine(0.53, 0.62))
    if family == "curvature-edge":
        # a + 2b >= 1 with a < 1/2: zᵀ∇²f z >= 0 forces a >= 1/3 only
        return draw(_fine(0.58, 0.70)), draw(_fine(0.0, 0.25))
    if family == "stationary":
        # <∇f(x), x> = a^2 - b = 0: alpha = alpha^2 + beta^2, a circle through 0 and z
        t = Fraction(draw(st.integers(-18, 18)), 6)
        cos, sin = (1 - t * t) / (1 + t * t), 2 * t / (1 + t * t)
        return (1 + cos) / 2, sin / 2
    if family == "orthogonal":
        return Fraction(0), Fraction(draw(st.integers(0, 8)), 4)
    if family == "critical":
        return draw(st.sampled_from([Fraction(0), Fraction(1), Fraction(-1)])), Fraction(0)
    raise ValueError(f"unknown family {family!r}")


FAMILIES = ("random", "tight", "near-tight", "wide-curvature", "curvature-edge", "stationary", "orthogonal",
            "critical")


@st.composite
def landscape_points(draw, families: tuple[str, ...] = FAMILIES, max_dim: int = 4) -> LandscapePoint:
    d = draw(st.integers(2, max_dim))
    family = draw(st.sampled_from(families))
    alpha, beta = draw(_ab(family))
    return LandscapePoint(draw(rational_orthogonal(d)), alpha, beta, family)


# --------------------------------------------------------------------------- rank r (floats)

@dataclass(frozen=True, eq=False)
class RankCase:
    """``Z`` (d×r) and ``X`` (d×r), float64, from the named family."""

    Z: np.ndarray
    X: np.ndarray
    family: str

    def __repr__(self) -> str:
        with np.printoptions(precision=4, suppress=True):
            return f"RankCase({self.family}: Z={self.Z.tolist()}, X={self.X.tolist()})"


RANK_FAMILIES = ("random", "orthogonal", "rotated", "near-rotated", "small")


@st.composite
def rank_cases(draw, families: tuple[str, ...] = RANK_FAMILIES, max_dim: int = 6, max_rank: int = 3) -> RankCase:
    family = draw(st.sampled_from(families))
    r = draw(st.integers(1, max_rank))
    d = draw(st.integers(2 * r if family == "orthogonal" else r + 1, max(max_dim, 2 * r)))
    rng = np.random.default_rng(draw(SEEDS))
    Z = rng.standard_normal((d, r)) * draw(st.floats(0.3, 3.0))
    if family == "random":
        X = rng.standard_normal((d, r)) * draw(st.floats(0.1, 3.0))
    elif family == "orthogonal":
        # X ⊥ range(Z) with XᵀX = ZᵀZ: ||ΔΔᵀ||^2 = 2 ||XXᵀ - ZZᵀ||^2 exactly
        Qz, _ = np.linalg.qr(np.concatenate([Z, rng.standard_normal((d, r))], axis=1))
        U, s, Vt = np.linalg.svd(Z, full_matrices=False)
        X = Qz[:, r:2 * r] @ np.diag(s) @ Vt
    elif family in ("rotated", "near-rotated"):
        R, _ = np.linalg.qr(rng.standard_normal((r, r)))
        X = Z @ R
        if family == "near-rotated":
            X = X + draw(st.floats(1e-3, 0.3)) * rng.standard_normal((d, r))
    elif family == "small":
        X = rng.standard_normal((d, r)) * draw(st.floats(1e-3, 0.1))
    else:
        raise ValueError(f"unknown family {family!r}")
    return RankCase(Z, X, family)
