"""Strategies for Maurey's lemma, the greedy approximation and Barron's construction.

Families: orthonormal atoms with uniform weights (where the Maurey and greedy bounds are tight at
``k = 1`` and nearly so after), random rational or Gaussian atoms with random weights; cosine-sum
targets on a ball ``B_r`` with ``µ`` uniform on random points of the ball or of its sphere (where the
threshold construction is least favourable), including ``sin(πx)`` on ``[−1, 1]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.maurey import CosineSum

SEEDS = st.integers(0, 2**32 - 1)


@dataclass(frozen=True)
class Mixture:
    """Atoms ``v_i`` (rational vectors), weights ``p_i`` and a number of terms ``k``."""

    atoms: tuple[tuple[Fraction, ...], ...]
    p: tuple[Fraction, ...]
    k: int
    family: str

    def __repr__(self) -> str:
        a = "; ".join(", ".join(str(v) for v in x) for x in self.atoms)
        return f"Mixture({self.family}, k={self.k}, atoms=[{a}], p={[str(w) for w in self.p]})"


@st.composite
def orthonormal_mixtures(draw, max_m: int = 8) -> Mixture:
    m = draw(st.integers(1, max_m))
    k = draw(st.integers(1, 3 if m > 5 else 4))
    atoms = tuple(tuple(Fraction(int(i == j)) for j in range(m)) for i in range(m))
    return Mixture(atoms, tuple(Fraction(1, m) for _ in range(m)), k, f"{m} orthonormal atoms, uniform weights")


@st.composite
def random_mixtures(draw) -> Mixture:
    m = draw(st.integers(1, 4))
    n = draw(st.integers(1, 4))
    coord = st.fractions(min_value=-2, max_value=2, max_denominator=4)
    atoms = tuple(tuple(draw(coord) for _ in range(n)) for _ in range(m))
    w = draw(st.lists(st.integers(0, 6), min_size=m, max_size=m).filter(lambda v: sum(v) > 0))
    k = draw(st.integers(1, 4))
    return Mixture(atoms, tuple(Fraction(x, sum(w)) for x in w), k, "random atoms")


def mixtures() -> st.SearchStrategy[Mixture]:
    return st.one_of(orthonormal_mixtures(), random_mixtures())


@dataclass(frozen=True)
class FloatMixture:
    """Atoms (rows), weights and a number of greedy steps, for the float greedy algorithm."""

    atoms: np.ndarray
    p: np.ndarray
    steps: int
    family: str

    def __repr__(self) -> str:
        return f"FloatMixture({self.family}, m={len(self.p)}, n={self.atoms.shape[1]}, steps={self.steps})"


@st.composite
def greedy_instances(draw) -> FloatMixture:
    steps = draw(st.integers(2, 30))
    if draw(st.booleans()):
        m = draw(st.integers(2, 12))
        return FloatMixture(np.eye(m), np.full(m, 1 / m), steps, f"barycenter of {m} orthonormal atoms")
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    m, n = draw(st.integers(2, 12)), draw(st.integers(1, 12))
    atoms = rng.standard_normal((m, n))
    atoms /= np.maximum(1, np.linalg.norm(atoms, axis=1))[:, None]  # inside the unit ball
    p = rng.dirichlet(np.full(m, draw(st.sampled_from([0.3, 1.0, 5.0]))))
    return FloatMixture(atoms, p, steps, f"random atoms (seed {seed})")


@dataclass(frozen=True)
class BarronInstance:
    """A cosine-sum target, the radius ``r``, the support of ``µ`` (uniform) and ``k``."""

    f: CosineSum
    r: float
    points: np.ndarray
    k: int
    family: str

    def __repr__(self) -> str:
        g = self.f
        norms = np.round([np.linalg.norm(w) for w in g.frequencies], 3).tolist()
        return (f"BarronInstance({self.family}, d={g.dim}, r={self.r:g}, N={len(self.points)}, k={self.k}, "
                f"c={np.round(g.amplitudes, 3).tolist()}, |w|={norms}, "
                f"phases={np.round(g.phases, 3).tolist()}, C_f={g.barron_norm:.4g})")


@st.composite
def barron_instances(draw, max_d: int = 3, radii: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0), max_k: int = 64,
                     min_points: int = 2, rel_freq: tuple[float, float] = (0.1, 3.0)) -> BarronInstance:
    """Cosine sums with 1-3 terms and frequencies |w| r in ``rel_freq`` on B_r, k in 1..max_k."""
    k = draw(st.integers(1, max_k))
    if 1.0 in radii and draw(st.integers(0, 5)) == 0:  # sin(πx) on [-1, 1] = cos(2π·x/2 − π/2)
        pts = np.linspace(-1, 1, draw(st.integers(3, 16)))[:, None]
        return BarronInstance(CosineSum((1.0,), ((0.5,),), (-np.pi / 2,)), 1.0, pts, k, "sin(pi x) on [-1, 1]")
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    d = draw(st.integers(1, max_d))
    r = draw(st.sampled_from(radii))
    terms = draw(st.integers(1, 3))
    amps = tuple(float(x) for x in rng.uniform(0.1, 3.0, terms))
    freqs = []
    for _ in range(terms):
        u = rng.standard_normal(d)
        freqs.append(tuple(float(v) for v in u / np.linalg.norm(u) * rng.uniform(*rel_freq) / r))
    phases = tuple(float(x) for x in rng.uniform(-np.pi, np.pi, terms))
    n = draw(st.integers(min_points, 16))
    x = rng.standard_normal((n, d))
    x /= np.linalg.norm(x, axis=1)[:, None]
    sphere = draw(st.booleans())
    radius = np.ones(n) if sphere else rng.uniform(0, 1, n) ** (1 / d)
    pts = x * (r * radius)[:, None]
    return BarronInstance(CosineSum(amps, tuple(freqs), phases), r, pts, k,
                          f"seed {seed}, mu on the {'sphere' if sphere else 'ball'}")


@dataclass(frozen=True)
class CosineMode:
    """``cos(2π q uᵀx)`` on the torus ``[0, 1)^d`` sampled on the grid ``(ℤ/N)^d``."""

    u: tuple[int, ...]
    q: int
    grid: int


@dataclass(frozen=True)
class GaussianBump:
    """``exp(−‖x‖²/2)`` on ``ℝ^d``, and a point ``x`` (1-D) at which the inversion is checked."""

    d: int
    x: float


@st.composite
def cosine_modes(draw) -> CosineMode:
    d = draw(st.integers(1, 3))
    u = tuple(draw(st.lists(st.integers(-2, 2), min_size=d, max_size=d).filter(any)))
    q = draw(st.integers(1, 3))
    return CosineMode(u, q, 4 * q * max(abs(v) for v in u) + 2)


def spectral_examples() -> st.SearchStrategy[CosineMode | GaussianBump]:
    return st.one_of(cosine_modes(), st.builds(GaussianBump, st.integers(1, 60), st.floats(-3, 3)))
