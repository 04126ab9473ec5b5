"""Strategies for concept classes on small finite domains, and for finite vector sets.

Every class has a domain of at most ``max_n`` points (the brute force visits all ``2^n`` subsets).
Families: Hamming balls (the tight case of Sauer–Shelah), uniformly random classes, downward-closed
classes, greedily grown maximal classes of VC dimension ``<= k``, and the classes induced by
thresholds, intervals and halfspaces on finite point sets (VC dimensions 1, 2 and ``d + 1``).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from hypothesis import strategies as st

from checks.combinatorics import (ConceptClass, downward_closure, halfspaces, hamming_ball,
                                  in_general_position, intervals, thresholds)

SEEDS = st.integers(0, 2**32 - 1)


@st.composite
def hamming_balls(draw: st.DrawFn, max_n: int = 8) -> ConceptClass:
    """All concepts within Hamming distance ``d`` of a center: ``|H|_T| = Φ_d(|T|)`` for every ``T``."""
    n = draw(st.integers(1, max_n))
    d = draw(st.integers(0, n))
    center = draw(st.integers(0, (1 << n) - 1))
    return hamming_ball(n, d, center)


@st.composite
def random_classes(draw: st.DrawFn, max_n: int = 8) -> ConceptClass:
    """Each of the ``2^n`` concepts kept independently with a drawn probability."""
    n = draw(st.integers(1, max_n))
    p = draw(st.sampled_from([0.02, 0.05, 0.1, 0.25, 0.5, 0.8]))
    rng = np.random.default_rng(draw(SEEDS))
    keep = rng.random(1 << n) < p
    concepts = frozenset(int(c) for c in np.flatnonzero(keep)) or frozenset({int(rng.integers(1 << n))})
    return ConceptClass(n, concepts, f"random, p={p}")


@st.composite
def downward_closed_classes(draw: st.DrawFn, max_n: int = 8) -> ConceptClass:
    """The subsets of a few random generating sets: such a class shatters exactly its members."""
    n = draw(st.integers(1, max_n))
    k = draw(st.integers(1, 6))
    rng = np.random.default_rng(draw(SEEDS))
    size = draw(st.integers(0, n))
    gens = [int(sum(1 << int(i) for i in rng.choice(n, size=rng.integers(0, size + 1), replace=False)))
            for _ in range(k)]
    return downward_closure(n, gens, f"downward closure of {len(gens)} sets of size <= {size}")


@st.composite
def maximal_vc_classes(draw: st.DrawFn, max_n: int = 7) -> ConceptClass:
    """Concepts added in random order whenever the VC dimension stays ``<= k``: a maximal class of
    VC dimension ``k`` (often, not always, of the maximum size ``Φ_k(n)``)."""
    n = draw(st.integers(1, max_n))
    k = draw(st.integers(0, n))
    rng = np.random.default_rng(draw(SEEDS))
    witnesses = [sum(1 << i for i in T) for T in combinations(range(n), k + 1)] if k < n else []
    traces: list[set[int]] = [set() for _ in witnesses]
    full = 1 << (k + 1)
    concepts: set[int] = set()
    for c in rng.permutation(1 << n):
        c = int(c)
        if all(len(tr) + (c & T not in tr) < full for T, tr in zip(witnesses, traces)):
            concepts.add(c)
            for T, tr in zip(witnesses, traces):
                tr.add(c & T)
    return ConceptClass(n, frozenset(concepts), f"greedy maximal, VC dimension <= {k}")


def _line_points(max_n: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(-50, 50), min_size=1, max_size=max_n, unique=True)


def threshold_classes(max_n: int = 9) -> st.SearchStrategy[ConceptClass]:
    """Thresholds ``1[x >= t]`` on distinct points of the line (VC dimension 1, ``Π(m) = m + 1``)."""
    return _line_points(max_n).map(thresholds)


def interval_classes(max_n: int = 9) -> st.SearchStrategy[ConceptClass]:
    """Intervals ``1[a <= x <= b]`` on distinct points of the line (VC dimension 2, ``Π = Φ_2``)."""
    return _line_points(max_n).map(intervals)


@st.composite
def general_position_points(draw: st.DrawFn, max_n: int = 8, dims: tuple[int, ...] = (1, 2, 3)
                            ) -> list[tuple[int, ...]]:
    """Integer points in general position in ``R^d``: random in a box (redrawn until in general
    position), or on the moment curve ``(t, t^2, ..., t^d)``, which is in convex position."""
    d = draw(st.sampled_from(dims))
    n = draw(st.integers(1, max_n))
    rng = np.random.default_rng(draw(SEEDS))
    if draw(st.booleans()):
        ts = sorted(int(t) for t in rng.choice(np.arange(-6, 7), size=n, replace=False))
        return [tuple(t**k for k in range(1, d + 1)) for t in ts]
    while True:
        pts = [tuple(int(v) for v in row) for row in rng.integers(-30, 31, size=(n, d))]
        if len(set(pts)) == n and in_general_position(pts):
            return pts


def halfspace_classes(max_n: int = 8, dims: tuple[int, ...] = (1, 2, 3)) -> st.SearchStrategy[ConceptClass]:
    """Affine halfspaces on points in general position in ``R^d`` (VC dimension ``min(n, d + 1)``)."""
    return general_position_points(max_n, dims).map(halfspaces)


def concept_classes(max_n: int = 8) -> st.SearchStrategy[ConceptClass]:
    """All the families above, the tight one (Hamming balls) included."""
    return st.one_of(hamming_balls(max_n), random_classes(max_n), downward_closed_classes(max_n),
                     maximal_vc_classes(min(max_n, 7)), threshold_classes(max_n),
                     interval_classes(max_n), halfspace_classes(max_n))


# --- finite sets of vectors (Massart's lemma) -------------------------------------------------------

@dataclass(frozen=True)
class VectorSet:
    """A finite set ``A`` of integer vectors in ``Z^n``; ``name`` says which family it comes from."""

    vectors: tuple[tuple[int, ...], ...]
    name: str = ""

    @property
    def n(self) -> int:
        return len(self.vectors[0])

    def __repr__(self) -> str:
        shown = ", ".join(str(v) for v in self.vectors[:24])
        more = f", ... ({len(self.vectors) - 24} more)" if len(self.vectors) > 24 else ""
        return f"VectorSet({self.name}; n={self.n}, |A|={len(self.vectors)}: [{shown}{more}])"


def _hadamard(k: int) -> np.ndarray:
    h = np.ones((1, 1), dtype=np.int64)
    for _ in range(k):
        h = np.block([[h, h], [h, -h]])
    return h


@st.composite
def vector_sets(draw: st.DrawFn, max_n: int = 8) -> VectorSet:
    """``|A| >= 2`` integer vectors: random ones, ``{±a}``, the cube ``{±1}^n``, or the rows of a
    Hadamard matrix and their negatives (nearly orthogonal sign vectors, where Massart is nearly tight)."""
    kind = draw(st.sampled_from(["random", "pair", "cube", "hadamard"]))
    rng = np.random.default_rng(draw(SEEDS))
    if kind == "hadamard":
        h = _hadamard(draw(st.integers(0, 3)))
        rows = np.vstack([h, -h])
    else:
        n = draw(st.integers(1, max_n))
        if kind == "cube":
            rows = 2 * ((np.arange(1 << n)[:, None] >> np.arange(n)[None, :]) & 1) - 1
        elif kind == "pair":
            a = rng.integers(-5, 6, size=n)
            a[rng.integers(n)] = rng.choice([-3, -1, 1, 3])  # a != 0
            rows = np.vstack([a, -a])
        else:
            rows = rng.integers(-5, 6, size=(draw(st.integers(2, 24)), n))
    vectors = tuple(dict.fromkeys(tuple(int(v) for v in r) for r in rows))
    if len(vectors) < 2:  # duplicates collapsed: add the negative of a nonzero vector, or e_1
        first = vectors[0]
        vectors += (tuple(-v for v in first) if any(first) else (1,) + (0,) * (len(first) - 1),)
    return VectorSet(vectors, kind)
