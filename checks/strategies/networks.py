"""Instances for the neural-tangent-kernel claims: points on the unit sphere (and scaled copies),
pairs of vectors at a drawn angle, widths, activations and seeds.

Every instance holds its sizes, family and seed and builds its arrays on demand, so a printed instance
replays exactly.  Point families:

- ``random``: uniform on the sphere ``S^{d-1}``;
- ``orthonormal``: ``n <= d`` orthonormal rows (``K = I``, the NTK Gram is ``I/2``);
- ``cluster``: rows within angle about ``spread`` of one direction (nearly parallel inputs: the largest
  kernel fluctuations, the smallest ``lambda_min``);
- ``antipodal``: half the rows near ``e``, half near ``-e`` (negative inner products, angles near pi);
- ``square``: ``x, y, -x, -y`` in a random plane, jittered by ``spread`` (``n = 4``; there the ReLU NTK is
  ``I/2`` while ``K`` has eigenvalue 2, the extreme case of ``H* ⪰ K/4``);
- ``circle``: ``n`` equally spaced points on a random great circle, jittered by ``spread``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

SEEDS = st.integers(0, 2**32 - 1)
FAMILIES = ("random", "orthonormal", "cluster", "antipodal", "square", "circle")


def _orthonormal(rng: np.random.Generator, d: int, k: int) -> np.ndarray:
    """``k <= d`` Haar-random orthonormal vectors of ``R^d`` (columns)."""
    Q, R = np.linalg.qr(rng.standard_normal((d, k)))
    return Q * np.sign(np.diag(R))


def _normalize(X: np.ndarray) -> np.ndarray:
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def sphere_points(n: int, d: int, family: str, seed: int, spread: float = 0.0) -> np.ndarray:
    """``n`` unit vectors of ``R^d`` from one of the families of the module docstring."""
    if family not in FAMILIES:
        raise ValueError(f"unknown point family {family!r}; choose one of {FAMILIES}")
    if n < 1 or d < 1 or (family == "orthonormal" and n > d) or (family in ("square", "circle") and d < 2) \
            or (family == "square" and n != 4) or spread < 0:
        raise ValueError(f"family {family!r} cannot have n={n}, d={d}, spread={spread}")
    rng = np.random.default_rng(seed)
    if family == "random":
        return _normalize(rng.standard_normal((n, d)))
    if family == "orthonormal":
        return _orthonormal(rng, d, n).T
    if family in ("cluster", "antipodal"):
        e = _normalize(rng.standard_normal((1, d)))
        signs = np.ones(n) if family == "cluster" else np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
        return _normalize(signs[:, None] * e + spread * rng.standard_normal((n, d)))
    P = _orthonormal(rng, d, 2)
    phase = rng.uniform(0, 2 * np.pi)
    t = phase + 2 * np.pi * np.arange(n) / n
    X = np.cos(t)[:, None] * P[:, 0] + np.sin(t)[:, None] * P[:, 1]
    return _normalize(X + spread * rng.standard_normal((n, d)))


@dataclass(frozen=True, eq=False)
class SphereData:
    """``n`` points of ``R^d`` from ``family``; with ``radii`` the rows are rescaled to those norms."""

    n: int
    d: int
    family: str
    seed: int
    spread: float = 0.0
    radii: tuple[float, ...] | None = None

    @cached_property
    def X(self) -> np.ndarray:
        X = sphere_points(self.n, self.d, self.family, self.seed, self.spread)
        return X if self.radii is None else X * np.asarray(self.radii)[:, None]

    def __repr__(self) -> str:
        extra = f", spread {self.spread:.3g}" if self.spread else ""
        norms = f", norms {tuple(round(r, 3) for r in self.radii)}" if self.radii else ""
        return f"SphereData(n={self.n}, d={self.d}, {self.family}{extra}{norms}, seed {self.seed})"


def _spread(family: str, max_spread: float = 0.6) -> SearchStrategy[float]:
    if family in ("cluster", "antipodal"):
        return st.floats(0.02, max(0.02, max_spread))
    if family in ("square", "circle"):
        return st.one_of(st.just(0.0), st.floats(1e-3, 0.2))
    return st.just(0.0)


@st.composite
def sphere_data(draw: st.DrawFn, min_n: int = 2, max_n: int = 8, min_d: int = 2, max_d: int = 8,
                families: tuple[str, ...] = FAMILIES, radii: bool = False, max_spread: float = 0.6) -> SphereData:
    """Unit-sphere datasets with ``min_n <= n <= max_n``, ``min_d <= d <= max_d`` (families that cannot
    meet the sizes are skipped); ``radii`` rescales each row to a norm in [0.5, 2]; ``max_spread`` caps
    the angular noise of the ``cluster`` and ``antipodal`` families."""
    if not (1 <= min_n <= max_n and 1 <= min_d <= max_d):
        raise ValueError(f"bad sizes n in [{min_n}, {max_n}], d in [{min_d}, {max_d}]")
    ok = [f for f in families
          if not (f == "orthonormal" and min_n > max_d)
          and not (f in ("square", "circle") and max_d < 2)
          and not (f == "square" and not (min_n <= 4 <= max_n))]
    if not ok:
        raise ValueError(f"no family of {families} fits n in [{min_n}, {max_n}], d in [{min_d}, {max_d}]")
    family = draw(st.sampled_from(ok))
    if family == "square":
        n = 4
    else:
        n = draw(st.integers(min_n, max_n if family != "orthonormal" else min(max_n, max_d)))
    lo_d = max(min_d, n if family == "orthonormal" else 1, 2 if family in ("square", "circle") else 1)
    d = draw(st.integers(lo_d, max_d))
    spread = draw(_spread(family, max_spread))
    r = tuple(draw(st.lists(st.floats(0.5, 2.0), min_size=n, max_size=n))) if radii else None
    return SphereData(n, d, family, draw(SEEDS), spread, r)


# -------------------------------------------------------------------------------- pairs of vectors


@dataclass(frozen=True, eq=False)
class VectorPair:
    """Two vectors of ``R^d`` with norms ``r1, r2`` at angle ``theta``, in a random plane."""

    theta: float
    r1: float
    r2: float
    d: int
    seed: int

    @cached_property
    def X(self) -> np.ndarray:
        P = _orthonormal(np.random.default_rng(self.seed), self.d, 2)
        x = self.r1 * P[:, 0]
        y = self.r2 * (math.cos(self.theta) * P[:, 0] + math.sin(self.theta) * P[:, 1])
        return np.stack([x, y])

    def __repr__(self) -> str:
        return (f"VectorPair(angle {self.theta:.10g}, norms {self.r1:.4g}, {self.r2:.4g}, d={self.d}, "
                f"seed {self.seed})")


def angles_on_half_circle() -> SearchStrategy[float]:
    """Angles in ``[0, pi]``, with the ends (where the arc-cosine kernels are least smooth) drawn often."""
    near = st.floats(-12, -1).map(lambda e: 10.0**e)
    return st.one_of(st.floats(0, math.pi), near, near.map(lambda t: math.pi - t),
                     st.sampled_from([0.0, math.pi / 2, math.pi]))


def vector_pairs(unit: bool = False, max_d: int = 6) -> SearchStrategy[VectorPair]:
    """Pairs at a drawn angle; norms in [0.25, 4] unless ``unit``."""
    norm = st.just(1.0) if unit else st.floats(0.25, 4.0)
    return st.builds(VectorPair, theta=angles_on_half_circle(), r1=norm, r2=norm,
                     d=st.integers(2, max_d), seed=SEEDS)


# --------------------------------------------------------------------- exact (rational) unit vectors


def rational_unit_vector(t: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    """The inverse stereographic image ``(2t, 1 - |t|^2) / (1 + |t|^2)`` of ``t in Q^{d-1}``: an exact
    rational point of the unit sphere ``S^{d-1}``."""
    s = sum(x * x for x in t)
    return tuple(2 * x / (1 + s) for x in t) + ((1 - s) / (1 + s),)


@dataclass(frozen=True)
class RationalPoints:
    """Exact points of ``R^d``: rational unit vectors times the rational ``scale``."""

    points: tuple[tuple[Fraction, ...], ...]
    scale: Fraction = Fraction(1)

    @property
    def rows(self) -> tuple[tuple[Fraction, ...], ...]:
        return tuple(tuple(self.scale * x for x in p) for p in self.points)

    def __repr__(self) -> str:
        pts = "; ".join("(" + ", ".join(str(x) for x in p) + ")" for p in self.points)
        return f"RationalPoints(scale {self.scale}: {pts})"


@st.composite
def rational_points(draw: st.DrawFn, max_n: int = 6, max_d: int = 4,
                    scales: tuple[Fraction, ...] = (Fraction(1),)) -> RationalPoints:
    """``n <= max_n`` exact rational unit vectors of ``R^d`` (``2 <= d <= max_d``), times a scale."""
    d = draw(st.integers(2, max_d))
    coord = st.fractions(min_value=-3, max_value=3, max_denominator=6)
    ts = draw(st.lists(st.tuples(*[coord] * (d - 1)), min_size=1, max_size=max_n))
    return RationalPoints(tuple(rational_unit_vector(t) for t in ts), draw(st.sampled_from(scales)))
