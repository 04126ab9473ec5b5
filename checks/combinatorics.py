"""Concept classes on a finite domain, shattering, VC dimension and growth functions, exactly.

A concept class ``H`` on the domain ``X = {0, ..., n-1}`` is a nonempty set of concepts ``h ⊆ X``,
each stored as an ``int`` bitmask (bit ``i`` set iff ``h(i) = 1``).  Everything here is computed by
brute force over the ``2^n`` subsets of ``X`` (fine for ``n <= 10``) with integer arithmetic:

- the trace ``H|_T = {h ∩ T : h ∈ H}`` of ``H`` on ``T ⊆ X``; ``H`` *shatters* ``T`` iff
  ``|H|_T| = 2^|T|``; ``VCdim(H)`` is the largest size of a shattered set;
- the growth function ``Π_H(m) = max_{|T| = m} |H|_T|`` and the binomial tail
  ``Φ_d(m) = Σ_{i <= d} C(m, i)``;
- classes induced by thresholds, intervals and affine halfspaces on finite point sets;
- the empirical Rademacher average ``E_σ max_{a ∈ A} (1/n) Σ σ_i a_i`` of a finite set of integer
  vectors, by enumerating all ``2^n`` sign vectors;
- rigorous rational enclosures of ``e``, ``ln N`` and ``√x``, so that inequalities involving them are
  decided exactly.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from math import comb, isqrt
from numbers import Rational
from typing import Iterable, Sequence

import numpy as np

MAX_DOMAIN = 12
"""Largest domain handled: the brute force visits all ``2^n`` subsets."""


@dataclass(frozen=True)
class ConceptClass:
    """A nonempty class of concepts on ``{0, ..., n-1}``, each a bitmask; ``name`` is only a label."""

    n: int
    concepts: frozenset[int]
    name: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.n, int) or not 0 <= self.n <= MAX_DOMAIN:
            raise ValueError(f"domain size must be an int in [0, {MAX_DOMAIN}], got {self.n!r}")
        object.__setattr__(self, "concepts", frozenset(self.concepts))
        if not self.concepts:
            raise ValueError("a concept class must be nonempty (VC dimension is undefined otherwise)")
        full = (1 << self.n) - 1
        bad = [c for c in self.concepts if not isinstance(c, int) or c < 0 or c & ~full]
        if bad:
            raise ValueError(f"concepts must be bitmasks of subsets of {{0..{self.n - 1}}}, got {bad[:5]}")

    def __len__(self) -> int:
        return len(self.concepts)

    def __repr__(self) -> str:
        shown = sorted(self.concepts)
        body = ", ".join(_set_str(c, self.n) for c in shown[:40])
        if len(shown) > 40:
            body += f", ... ({len(shown) - 40} more)"
        label = f"{self.name}; " if self.name else ""
        return f"ConceptClass({label}n={self.n}, |H|={len(self.concepts)}: [{body}])"


def _set_str(mask: int, n: int) -> str:
    return "{" + ",".join(str(i) for i in range(n) if mask >> i & 1) + "}"


def mask_of(points: Iterable[int]) -> int:
    """The bitmask of a set of domain points."""
    out = 0
    for i in points:
        if i < 0:
            raise ValueError(f"domain points are nonnegative, got {i}")
        out |= 1 << i
    return out


def from_sets(n: int, sets: Iterable[Iterable[int]], name: str = "") -> ConceptClass:
    """The class whose concepts are the given sets of points."""
    return ConceptClass(n, frozenset(mask_of(s) for s in sets), name)


# --- traces, shattering, VC dimension, growth -----------------------------------------------------

def trace(H: ConceptClass, T: int) -> frozenset[int]:
    """``H|_T = {h ∩ T : h ∈ H}`` for a subset ``T`` given as a bitmask."""
    if T < 0 or T >> H.n:
        raise ValueError(f"T = {T} is not a subset of the domain of size {H.n}")
    return frozenset(h & T for h in H.concepts)


@lru_cache(maxsize=256)
def trace_sizes(H: ConceptClass) -> tuple[int, ...]:
    """``|H|_T|`` for every ``T ⊆ X``, indexed by the bitmask of ``T``."""
    hs = list(H.concepts)
    return tuple(len({h & T for h in hs}) for T in range(1 << H.n))


def shatters(H: ConceptClass, T: int) -> bool:
    """Whether ``H`` realizes all ``2^|T|`` labelings of ``T``."""
    return len(trace(H, T)) == 1 << T.bit_count()


@lru_cache(maxsize=256)
def shattered_sets(H: ConceptClass) -> frozenset[int]:
    """All subsets of the domain shattered by ``H`` (a downward-closed family containing ``∅``)."""
    return frozenset(T for T, size in enumerate(trace_sizes(H)) if size == 1 << T.bit_count())


def vc_dimension(H: ConceptClass) -> int:
    """The largest size of a set shattered by ``H`` (0 when ``|H| = 1``)."""
    return max(T.bit_count() for T in shattered_sets(H))


def shattered_below(H: ConceptClass) -> tuple[int, ...]:
    """For every ``T ⊆ X`` (by bitmask), the number of subsets of ``T`` shattered by ``H``.

    A sum over subsets (zeta transform) of the indicator of the shattered family, in ``O(n 2^n)``."""
    sh = shattered_sets(H)
    counts = [1 if T in sh else 0 for T in range(1 << H.n)]
    for i in range(H.n):
        bit = 1 << i
        for T in range(1 << H.n):
            if T & bit:
                counts[T] += counts[T ^ bit]
    return tuple(counts)


def growth_function(H: ConceptClass) -> tuple[int, ...]:
    """``(Π_H(0), ..., Π_H(n))`` with ``Π_H(m) = max_{T ⊆ X, |T| = m} |H|_T|``."""
    best = [0] * (H.n + 1)
    for T, size in enumerate(trace_sizes(H)):
        k = T.bit_count()
        best[k] = max(best[k], size)
    return tuple(best)


def binomial_tail(d: int, m: int) -> int:
    """``Φ_d(m) = Σ_{i=0}^{d} C(m, i)`` for integers ``d, m >= 0`` (equals ``2^m`` when ``d >= m``)."""
    if d < 0 or m < 0:
        raise ValueError(f"binomial_tail needs d >= 0 and m >= 0, got d={d}, m={m}")
    return sum(comb(m, i) for i in range(min(d, m) + 1))


# --- classes ----------------------------------------------------------------------------------------

def hamming_ball(n: int, d: int, center: int = 0) -> ConceptClass:
    """All concepts at Hamming distance ``<= d`` from ``center`` (for ``center = ∅``: all sets of
    size ``<= d``).  VC dimension ``min(d, n)``, and ``|H|_T| = Φ_d(|T|)`` for every ``T``: the class
    attains the Sauer–Shelah bound with equality."""
    if not 0 <= d:
        raise ValueError(f"radius must be >= 0, got {d}")
    if not 0 <= center < 1 << n:
        raise ValueError(f"center {center} is not a subset of a domain of size {n}")
    concepts = frozenset(c ^ center for c in range(1 << n) if c.bit_count() <= d)
    return ConceptClass(n, concepts, f"Hamming ball, radius {d}, center {_set_str(center, n)}")


def downward_closure(n: int, generators: Iterable[int], name: str = "") -> ConceptClass:
    """All subsets of the generating concepts (plus ``∅``).  A downward-closed class shatters
    exactly its own members, so ``|H| = #shattered sets`` (Pajor with equality)."""
    out: set[int] = {0}
    for g in generators:
        if g < 0 or g >> n:
            raise ValueError(f"generator {g} is not a subset of a domain of size {n}")
        sub = g
        while True:  # enumerate the submasks of g
            out.add(sub)
            if sub == 0:
                break
            sub = (sub - 1) & g
    return ConceptClass(n, frozenset(out), name or "downward closed")


def _reals(points: Sequence) -> list:
    pts = list(points)
    for p in pts:
        if isinstance(p, bool) or not isinstance(p, (Rational, float)):
            raise ValueError(f"points on the line must be real numbers, got {p!r}")
    return pts


def thresholds(points: Sequence) -> ConceptClass:
    """``{x ↦ 1[x >= t] : t ∈ R}`` on the points ``x_0, ..., x_{n-1}`` of the line.

    For distinct points: ``n + 1`` concepts, VC dimension 1 (``n >= 1``), ``Π(m) = m + 1``."""
    pts = _reals(points)
    cuts = sorted(set(pts)) + [None]  # None: the threshold beyond every point
    concepts = frozenset(mask_of(i for i, x in enumerate(pts) if t is not None and x >= t) for t in cuts)
    return ConceptClass(len(pts), concepts, f"thresholds on {pts}")


def intervals(points: Sequence) -> ConceptClass:
    """``{x ↦ 1[a <= x <= b] : a <= b}`` (and the empty concept) on the points of the line.

    For distinct points: ``1 + n + C(n, 2)`` concepts, VC dimension 2 (``n >= 2``),
    ``Π(m) = 1 + m + C(m, 2) = Φ_2(m)``."""
    pts = _reals(points)
    values = sorted(set(pts))
    concepts = {0}
    for a, b in itertools.combinations_with_replacement(values, 2):
        concepts.add(mask_of(i for i, x in enumerate(pts) if a <= x <= b))
    return ConceptClass(len(pts), frozenset(concepts), f"intervals on {pts}")


def _exact_points(points: Sequence[Sequence]) -> list[tuple[Fraction, ...]]:
    pts = [tuple(points[i]) for i in range(len(points))]
    if not pts:
        raise ValueError("need at least one point")
    dim = len(pts[0])
    if dim < 1 or any(len(p) != dim for p in pts):
        raise ValueError("points must all have the same dimension >= 1")
    for p in pts:
        for c in p:
            if isinstance(c, bool) or not isinstance(c, Rational):
                raise ValueError(f"halfspace points need exact (int or Fraction) coordinates, got {c!r}")
    return [tuple(Fraction(c) for c in p) for p in pts]


def _rank_and_det(rows: list[list[Fraction]]) -> tuple[int, Fraction]:
    """Rank of a matrix by exact Gaussian elimination, and its determinant when it is square."""
    a = [list(r) for r in rows]
    n_rows, n_cols = len(a), len(a[0]) if a else 0
    rank, det = 0, Fraction(1)
    for col in range(n_cols):
        pivot = next((r for r in range(rank, n_rows) if a[r][col] != 0), None)
        if pivot is None:
            det = Fraction(0)
            continue
        if pivot != rank:
            a[rank], a[pivot] = a[pivot], a[rank]
            det = -det
        det *= a[rank][col]
        for r in range(rank + 1, n_rows):
            f = a[r][col] / a[rank][col]
            if f:
                for c in range(col, n_cols):
                    a[r][c] -= f * a[rank][c]
        rank += 1
        if rank == n_rows:
            break
    return rank, det if n_rows == n_cols and rank == n_rows else Fraction(0)


def in_general_position(points: Sequence[Sequence]) -> bool:
    """Whether every ``k <= d + 1`` of the points in ``R^d`` are affinely independent (exactly)."""
    pts = _exact_points(points)
    dim = len(pts[0])
    size = min(len(pts), dim + 1)
    return all(_rank_and_det([list(p) + [Fraction(1)] for p in sub])[0] == size
               for sub in itertools.combinations(pts, size))


def halfspaces(points: Sequence[Sequence]) -> ConceptClass:
    """``{x ↦ 1[wᵀx + b > 0] : w ∈ R^d, b ∈ R}`` on finite points in ``R^d`` in general position.

    Exact combinatorial enumeration, valid for points in general position (checked exactly; a
    ``ValueError`` otherwise).  With ``n <= d`` points every labeling is realizable.  With
    ``n >= d + 1``, the parameters ``(w, b)`` realizing a labeling form an open cone whose closure is
    pointed, so it has an extreme ray; that ray is a hyperplane through exactly ``d`` points ``D``
    (general position) with every other point strictly on its own side.  Conversely, ``D`` being
    affinely independent, a small tilt puts each point of ``D`` on either side.  So the labelings
    are ``pos(D) ∪ S`` and ``neg(D) ∪ S`` over the ``d``-subsets ``D`` and ``S ⊆ D``, where the sides
    are the signs of ``det[[p, 1] for p in D] + [[x, 1]]``.  On ``m`` points there are
    ``2 Σ_{i <= d} C(m - 1, i)`` of them (Cover), and the VC dimension is ``min(n, d + 1)``."""
    pts = _exact_points(points)
    n, dim = len(pts), len(pts[0])
    if not in_general_position(pts):
        raise ValueError("halfspaces() enumerates exactly only for points in general position")
    name = f"halfspaces in R^{dim} on {[tuple(_short(c) for c in p) for p in pts]}"
    if n <= dim:
        return ConceptClass(n, frozenset(range(1 << n)), name)
    concepts = {0, (1 << n) - 1}
    lifted = [list(p) + [Fraction(1)] for p in pts]
    for D in itertools.combinations(range(n), dim):
        base = [lifted[i] for i in D]
        pos = neg = 0
        for j in range(n):
            if j in D:
                continue
            side = _rank_and_det(base + [lifted[j]])[1]
            if side > 0:
                pos |= 1 << j
            else:
                neg |= 1 << j
        on = mask_of(D)
        sub = on
        while True:
            concepts.add(pos | sub)
            concepts.add(neg | sub)
            if sub == 0:
                break
            sub = (sub - 1) & on
    return ConceptClass(n, frozenset(concepts), name)


def _short(c: Fraction) -> int | Fraction:
    return c.numerator if c.denominator == 1 else c


# --- Rademacher averages of finite sets ------------------------------------------------------------

def _sign_matrix(n: int) -> np.ndarray:
    """All ``2^n`` vectors of ``{-1, +1}^n`` as rows (int64)."""
    bits = (np.arange(1 << n)[:, None] >> np.arange(n)[None, :]) & 1
    return (2 * bits - 1).astype(np.int64)


def expected_max_correlation(vectors: Sequence[Sequence[int]]) -> Fraction:
    """``E_σ max_{a ∈ A} (1/n) Σ_i σ_i a_i`` over uniform ``σ ∈ {±1}^n``, exactly, for a nonempty
    finite set ``A`` of integer vectors of length ``1 <= n <= 16``."""
    A = np.asarray(vectors, dtype=object)
    if A.ndim != 2 or A.shape[0] == 0 or not 1 <= A.shape[1] <= 16:
        raise ValueError("need a nonempty list of integer vectors of equal length 1..16, "
                         f"got shape {A.shape}")
    if not all(isinstance(x, (int, np.integer)) and not isinstance(x, bool) for x in A.flat):
        raise ValueError("vectors must have integer entries")
    n = A.shape[1]
    if max(abs(int(x)) for x in A.flat) * n >= 2**62:
        raise ValueError("entries too large for exact int64 sums")
    sums = _sign_matrix(n) @ A.astype(np.int64).T  # (2^n, |A|), exact integers
    return Fraction(int(sums.max(axis=1).sum()), n << n)


def sign_vectors(H: ConceptClass) -> list[tuple[int, ...]]:
    """The concepts of ``H`` as ``±1`` vectors ``(2h(0) - 1, ..., 2h(n-1) - 1)``."""
    return [tuple(2 * (h >> i & 1) - 1 for i in range(H.n)) for h in sorted(H.concepts)]


def rademacher_complexity(H: ConceptClass) -> Fraction:
    """The empirical Rademacher complexity ``R̂_S(H) = E_σ max_h (1/n) Σ σ_i h(x_i)`` of the ``±1``
    version of ``H`` on the sample ``S = (0, ..., n-1)``, exactly."""
    if H.n == 0:
        raise ValueError("the Rademacher complexity needs a sample of size n >= 1")
    return expected_max_correlation(sign_vectors(H))


# --- rigorous rational enclosures -------------------------------------------------------------------

PRECISION_BITS = 160
"""Width of the enclosures below: about ``2^-160`` relative."""


def _e_bounds(terms: int = 60) -> tuple[Fraction, Fraction]:
    """``Σ_{j <= J} 1/j! < e < Σ_{j <= J} 1/j! + 2/(J+1)!`` (the tail is at most twice its first term)."""
    s, f = Fraction(0), 1
    for j in range(terms + 1):
        if j:
            f *= j
        s += Fraction(1, f)
    scale = 10**50  # rounded outward to 50 decimals, to keep the powers of the bounds small
    return Fraction((s * scale).__floor__(), scale), Fraction(-((-(s + Fraction(2, f * (terms + 1)))
                                                                 * scale).__floor__()), scale)


E_BOUNDS = _e_bounds()
"""Rationals ``(lo, hi)`` with ``lo < e < hi``, ``hi - lo <= 2 · 10^-50``, denominators ``10^50``."""


@lru_cache(maxsize=1024)
def _atanh_series(y: Fraction, bits: int) -> tuple[Fraction, Fraction]:
    """Enclose ``2 artanh(y) = 2 Σ_{k odd} y^k / k`` for rational ``0 <= y <= 1/3``."""
    s, power, k = Fraction(0), y, 1
    eps = Fraction(1, 1 << bits)
    while power > eps:
        s += power / k
        power *= y * y
        k += 2
    tail = power / k / (1 - y * y)  # Σ_{j >= k, odd} y^j / j <= y^k / (k (1 - y^2))
    return 2 * s, 2 * (s + tail)


@lru_cache(maxsize=1024)
def log_bounds(N: int, bits: int = PRECISION_BITS) -> tuple[Fraction, Fraction]:
    """Rationals ``lo <= ln N <= hi`` for an integer ``N >= 1`` (exact ``(0, 0)`` for ``N = 1``).

    ``ln N = k ln 2 + ln(N / 2^k)`` with ``N / 2^k ∈ [1, 2)``, and ``ln x = 2 artanh((x-1)/(x+1))``
    with ``(x-1)/(x+1) <= 1/3``, a series with an explicit geometric tail."""
    if not isinstance(N, int) or N < 1:
        raise ValueError(f"log_bounds needs an integer N >= 1, got {N!r}")
    if N == 1:
        return Fraction(0), Fraction(0)
    k = N.bit_length() - 1
    x = Fraction(N, 1 << k)
    l2_lo, l2_hi = _atanh_series(Fraction(1, 3), bits + 8)
    r_lo, r_hi = _atanh_series((x - 1) / (x + 1), bits + 8)
    return k * l2_lo + r_lo, k * l2_hi + r_hi


def sqrt_bounds(x: Fraction | int, bits: int = PRECISION_BITS) -> tuple[Fraction, Fraction]:
    """Rationals ``lo <= √x <= hi`` for rational ``x >= 0``, with ``hi - lo <= 2^-bits``."""
    x = Fraction(x)
    if x < 0:
        raise ValueError(f"sqrt_bounds needs x >= 0, got {x}")
    scale = 1 << bits
    lo_num = isqrt(x.numerator * scale * scale // x.denominator)
    lo = Fraction(lo_num, scale)
    hi = lo if lo * lo == x else Fraction(lo_num + 1, scale)
    return lo, hi
