"""Exact deviation probabilities for finite hypothesis classes on finite-support distributions, and
the exact certificates and counts used with them.

A :class:`FiniteProblem` is a law on outcomes ``z_0, ..., z_{k-1}`` with rational probabilities
``P(z) = w_z / W`` (positive integer weights) and a finite class of hypotheses, each given by its
``{0,1}`` loss vector ``(ℓ_h(z_0), ..., ℓ_h(z_{k-1}))``.  Then ``R(h) = Σ_z P(z) ℓ_h(z)``, and a
sample of ``n`` i.i.d. outcomes enters only through its count vector ``c`` (a composition of ``n``
into ``k`` parts) of probability ``n!/Π c_z! · Π w_z^{c_z} / W^n``, with ``R̂_S(h) = (c · ℓ_h)/n``.
Enumerating the ``C(n + k - 1, k - 1)`` count vectors gives the exact law of every statistic of the
sample: the deviation ``R(h) - R̂(h)`` of each fixed ``h``, its supremum over the class, and the
deviation of the data-dependent ERM output ``ĥ_S = argmin_h R̂_S(h)`` (first index on ties).

The same enumeration gives ``E_S sup_h (R - R̂_S)`` and the Rademacher average ``R_n`` of the loss
class exactly.  Further sections: exact rational linear algebra for halfspaces (affine and linear
dependencies, i.e. Radon certificates, and square solves), rational enclosures of the radii of the
bounds, and growth functions of finite-valued classes with their products and compositions.

Deviations are kept as integers ``G = n a_h - W L_h`` (``a_h = W R(h)``, ``L_h = n R̂(h)``), so
``R(h) - R̂(h) = G / (W n)``; a comparison with an irrational threshold ``τ`` enclosed in rationals
``[lo, hi]`` is decided exactly (and raises when the enclosure cannot decide it).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from math import comb, factorial
from typing import Sequence

import numpy as np

from checks.combinatorics import expected_max_correlation, log_bounds, sqrt_bounds

MAX_SAMPLES = 20000
"""Largest number of count vectors enumerated (``C(n + k - 1, k - 1)``)."""


@dataclass(frozen=True)
class FiniteProblem:
    """Outcome weights (``P(z) = w_z / Σ w``) and the ``{0,1}`` loss vectors of a finite class."""

    weights: tuple[int, ...]
    losses: tuple[tuple[int, ...], ...]
    name: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        w = tuple(self.weights)
        ls = tuple(tuple(v) for v in self.losses)
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "losses", ls)
        if not w or any(not isinstance(x, int) or isinstance(x, bool) or x <= 0 for x in w):
            raise ValueError(f"weights must be positive integers, got {w}")
        if not ls:
            raise ValueError("the class must contain at least one hypothesis")
        if any(len(v) != len(w) or any(b not in (0, 1) for b in v) for v in ls):
            raise ValueError(f"each loss vector must have {len(w)} entries in {{0, 1}}")

    @property
    def k(self) -> int:
        return len(self.weights)

    @property
    def total(self) -> int:
        return sum(self.weights)

    def __repr__(self) -> str:
        hs = ", ".join("".join(map(str, v)) for v in self.losses[:16])
        more = f", ... ({len(self.losses) - 16} more)" if len(self.losses) > 16 else ""
        label = f"{self.name}; " if self.name else ""
        return f"FiniteProblem({label}weights={self.weights}, |H|={len(self.losses)}, losses=[{hs}{more}])"


def risks(P: FiniteProblem) -> tuple[Fraction, ...]:
    """``R(h) = Σ_z P(z) ℓ_h(z)`` for every hypothesis, exactly."""
    return tuple(Fraction(sum(w * b for w, b in zip(P.weights, v)), P.total) for v in P.losses)


def count_vectors(k: int, n: int) -> np.ndarray:
    """All compositions of ``n`` into ``k`` nonnegative parts, as rows of an int64 array."""
    if k < 1 or n < 0:
        raise ValueError(f"need k >= 1 and n >= 0, got k={k}, n={n}")
    size = comb(n + k - 1, k - 1)
    if size > MAX_SAMPLES:
        raise ValueError(f"{size} count vectors exceed the limit {MAX_SAMPLES} (k={k}, n={n})")
    rows = []
    for bars in itertools.combinations(range(n + k - 1), k - 1):  # stars and bars
        edges = (-1,) + bars + (n + k - 1,)
        rows.append([edges[i + 1] - edges[i] - 1 for i in range(k)])
    return np.asarray(rows, dtype=np.int64).reshape(size, k)


@lru_cache(maxsize=128)
def _sample_law(weights: tuple[int, ...], n: int) -> tuple[np.ndarray, tuple[int, ...]]:
    counts = count_vectors(len(weights), n)
    fact = [factorial(i) for i in range(n + 1)]
    nums = []
    for row in counts.tolist():
        m = fact[n]
        for c in row:
            m //= fact[c]
        for w, c in zip(weights, row):
            m *= w**c
        nums.append(m)
    return counts, tuple(nums)


def sample_law(P: FiniteProblem, n: int) -> tuple[np.ndarray, tuple[int, ...], int]:
    """The count vectors of ``n``-samples, the numerators of their probabilities, and the common
    denominator ``W^n`` (the numerators sum to it)."""
    if n < 1:
        raise ValueError(f"the sample size must be >= 1, got {n}")
    counts, nums = _sample_law(P.weights, n)
    return counts, nums, P.total**n


def probability(P: FiniteProblem, n: int, event: np.ndarray) -> Fraction:
    """``P(event)`` for a boolean array indexed like the count vectors of :func:`sample_law`."""
    counts, nums, den = sample_law(P, n)
    event = np.asarray(event, dtype=bool)
    if event.shape != (len(nums),):
        raise ValueError(f"event has shape {event.shape}, expected ({len(nums)},)")
    return Fraction(sum(m for m, e in zip(nums, event.tolist()) if e), den)


def loss_counts(P: FiniteProblem, n: int) -> np.ndarray:
    """``L[s, h] = n R̂_s(h)``, the number of losses of ``h`` on sample ``s``."""
    counts, _, _ = sample_law(P, n)
    return counts @ np.asarray(P.losses, dtype=np.int64).T


def gaps(P: FiniteProblem, n: int) -> np.ndarray:
    """``G[s, h] = W n (R(h) - R̂_s(h))`` as integers (``W = Σ w``)."""
    a = np.asarray([sum(w * b for w, b in zip(P.weights, v)) for v in P.losses], dtype=np.int64)
    return n * a[None, :] - P.total * loss_counts(P, n)


def erm_indices(P: FiniteProblem, n: int) -> np.ndarray:
    """The ERM output on each sample: the first hypothesis of least empirical risk."""
    return np.argmin(loss_counts(P, n), axis=1)


def exceeds(G: np.ndarray, scale: int, bounds: tuple[Fraction, Fraction]) -> np.ndarray:
    """``G / scale > τ`` elementwise for integers ``G`` and a real ``τ ∈ [lo, hi]``, exactly.

    ``G > τ·scale`` holds when ``G > ⌊hi·scale⌋`` and fails when ``G <= ⌊lo·scale⌋``; a ``G`` between
    the two cannot be decided and raises."""
    lo, hi = Fraction(bounds[0]), Fraction(bounds[1])
    if lo > hi or scale <= 0:
        raise ValueError(f"need lo <= hi and scale > 0, got [{lo}, {hi}], scale {scale}")
    f_lo, f_hi = (lo * scale).__floor__(), (hi * scale).__floor__()
    G = np.asarray(G)
    if G.dtype != object and max(abs(f_lo), abs(f_hi)) >= 2**62:
        G = G.astype(object)  # exact comparison with big integers
    undecided = (G > f_lo) & (G <= f_hi)
    if np.any(undecided):
        raise ValueError(f"the enclosure [{float(lo)}, {float(hi)}] cannot decide a comparison")
    return np.asarray(G > f_hi, dtype=bool)


def binomial_deviation(p: Fraction, n: int, t: Fraction) -> Fraction:
    """``P(|Bin(n, p)/n - p| > t)`` exactly, for rational ``p ∈ [0, 1]`` and ``t >= 0``."""
    p, t = Fraction(p), Fraction(t)
    if not 0 <= p <= 1 or n < 1 or t < 0:
        raise ValueError(f"need p in [0, 1], n >= 1, t >= 0; got p={p}, n={n}, t={t}")
    return sum((comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(n + 1) if abs(Fraction(j, n) - p) > t),
               Fraction(0))


# --- exact linear algebra over the rationals: shattering and Radon certificates --------------------

def _rref(rows: Sequence[Sequence[Fraction]]) -> tuple[list[list[Fraction]], list[int]]:
    a = [[Fraction(x) for x in r] for r in rows]
    pivots: list[int] = []
    r = 0
    n_cols = len(a[0]) if a else 0
    for c in range(n_cols):
        piv = next((i for i in range(r, len(a)) if a[i][c] != 0), None)
        if piv is None:
            continue
        a[r], a[piv] = a[piv], a[r]
        inv = 1 / a[r][c]
        a[r] = [x * inv for x in a[r]]
        for i in range(len(a)):
            if i != r and a[i][c] != 0:
                f = a[i][c]
                a[i] = [x - f * y for x, y in zip(a[i], a[r])]
        pivots.append(c)
        r += 1
        if r == len(a):
            break
    return a, pivots


def null_vector(rows: Sequence[Sequence[Fraction]]) -> tuple[Fraction, ...] | None:
    """A nonzero rational ``λ`` with ``A λ = 0`` (``A`` given by its rows), or ``None`` if ``A`` has
    full column rank."""
    if not rows:
        raise ValueError("need at least one row")
    a, pivots = _rref(rows)
    n_cols = len(a[0])
    free = next((c for c in range(n_cols) if c not in pivots), None)
    if free is None:
        return None
    lam = [Fraction(0)] * n_cols
    lam[free] = Fraction(1)
    for i, c in enumerate(pivots):
        lam[c] = -a[i][free]
    return tuple(lam)


def affine_dependency(points: Sequence[Sequence]) -> tuple[Fraction, ...] | None:
    """Nonzero ``λ`` with ``Σ λ_i x_i = 0`` and ``Σ λ_i = 0`` (a Radon partition: ``{λ_i > 0}`` and
    ``{λ_i < 0}`` have intersecting convex hulls), or ``None`` if the points are affinely independent.
    Always exists for ``d + 2`` points in ``R^d``."""
    pts = [tuple(Fraction(c) for c in p) for p in points]
    if not pts or len({len(p) for p in pts}) != 1:
        raise ValueError("need a nonempty list of points of one dimension")
    d = len(pts[0])
    rows = [[p[j] for p in pts] for j in range(d)] + [[Fraction(1)] * len(pts)]
    return null_vector(rows)


def linear_dependency(points: Sequence[Sequence]) -> tuple[Fraction, ...] | None:
    """Nonzero ``λ`` with ``Σ λ_i x_i = 0``, or ``None`` if the vectors are linearly independent."""
    pts = [tuple(Fraction(c) for c in p) for p in points]
    if not pts or len({len(p) for p in pts}) != 1:
        raise ValueError("need a nonempty list of points of one dimension")
    return null_vector([[p[j] for p in pts] for j in range(len(pts[0]))])


def solve_square(A: Sequence[Sequence], b: Sequence) -> tuple[Fraction, ...]:
    """The solution of an invertible square system ``A x = b`` in rationals (``ValueError`` if singular)."""
    n = len(A)
    if any(len(r) != n for r in A) or len(b) != n:
        raise ValueError("need a square system")
    a, pivots = _rref([list(r) + [Fraction(bi)] for r, bi in zip(A, b)])
    if pivots != list(range(n)):
        raise ValueError("singular system")
    return tuple(a[i][n] for i in range(n))


# --- rational enclosures of the thresholds of the bounds --------------------------------------------

def log_enclosure(num: int, den: int = 1) -> tuple[Fraction, Fraction]:
    """Rationals enclosing ``ln(num / den)`` for positive integers."""
    if num < 1 or den < 1:
        raise ValueError(f"need positive integers, got {num}/{den}")
    (a, b), (c, e) = log_bounds(num), log_bounds(den)
    return a - e, b - c


def sqrt_enclosure(bounds: tuple[Fraction, Fraction]) -> tuple[Fraction, Fraction]:
    """Enclose ``√x`` for ``x`` in ``[lo, hi]`` with ``x >= 0`` known (a negative ``lo`` is clipped)."""
    lo, hi = bounds
    if hi < 0:
        raise ValueError(f"√ of a negative number: enclosure [{lo}, {hi}]")
    return sqrt_bounds(max(Fraction(lo), Fraction(0)))[0], sqrt_bounds(Fraction(hi))[1]


def scaled(bounds: tuple[Fraction, Fraction], c: Fraction) -> tuple[Fraction, Fraction]:
    """The enclosure of ``c · x`` for ``c >= 0``."""
    c = Fraction(c)
    if c < 0:
        raise ValueError(f"scale must be >= 0, got {c}")
    return bounds[0] * c, bounds[1] * c


def hoeffding_radius_enclosure(N: int, n: int, c: int = 2) -> tuple[Fraction, Fraction]:
    """Enclose ``√(ln N / (c n))``: the radius at which ``N e^{-c n t²}`` equals 1."""
    return sqrt_enclosure(scaled(log_enclosure(N), Fraction(1, c * n)))


# --- growth functions of finite-valued classes (products and compositions) -------------------------

def _check_functions(F: Sequence[Sequence[int]], name: str) -> tuple[tuple[int, ...], ...]:
    F = tuple(tuple(int(v) for v in f) for f in F)
    if not F or len({len(f) for f in F}) != 1 or not F[0]:
        raise ValueError(f"{name}: need a nonempty class of functions on one nonempty finite domain")
    if any(v < 0 for f in F for v in f):
        raise ValueError(f"{name}: values must be nonnegative integers (labels)")
    return F


def growth(F: Sequence[Sequence[int]], m: int) -> int:
    """``Π_F(m)``: the largest number of distinct restrictions of ``F`` (functions ``X → N`` given by
    their value tuples) to a set of ``m`` points; ``m`` draws with repetition see at most
    ``min(m, |X|)`` distinct points, so ``Π_F(m) = Π_F(|X|)`` for ``m >= |X|``."""
    F = _check_functions(F, "growth")
    if m < 0:
        raise ValueError(f"m must be >= 0, got {m}")
    size = min(m, len(F[0]))
    return max(len({tuple(f[i] for i in T) for f in F}) for T in itertools.combinations(range(len(F[0])), size))


def product_class(F1: Sequence[Sequence[int]], F2: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    """``{x ↦ (f1(x), f2(x))}`` on a common domain, a pair ``(a, b)`` encoded as ``a·K + b``."""
    F1, F2 = _check_functions(F1, "product"), _check_functions(F2, "product")
    if len(F1[0]) != len(F2[0]):
        raise ValueError("the product class needs one common domain")
    K = 1 + max(v for f in F2 for v in f)
    return tuple(dict.fromkeys(tuple(a * K + b for a, b in zip(f, g)) for f in F1 for g in F2))


def compose(F2: Sequence[Sequence[int]], F1: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    """``{f2 ∘ f1}`` for ``F1`` of functions ``X → Y`` and ``F2`` of functions ``Y → Z``
    (``Y = {0, ..., |Y| - 1}`` is the domain of ``F2``)."""
    F1, F2 = _check_functions(F1, "compose"), _check_functions(F2, "compose")
    if max(v for f in F1 for v in f) >= len(F2[0]):
        raise ValueError("the values of F1 must lie in the domain of F2")
    return tuple(dict.fromkeys(tuple(g[v] for v in f) for f in F1 for g in F2))


def expected_rademacher(P: FiniteProblem, n: int) -> Fraction:
    """``R_n = E_S R̂_S(ℓ∘H)`` with ``R̂_S = E_σ max_h (1/n) Σ_i σ_i ℓ_h(z_i)``, exactly (all samples,
    all ``2^n`` sign vectors)."""
    if n > 12:
        raise ValueError(f"the exact Rademacher average enumerates 2^n signs; n = {n} is too large")
    counts, nums, den = sample_law(P, n)
    losses = np.asarray(P.losses, dtype=np.int64)
    powers = 1 << np.arange(n, dtype=np.int64)
    total = Fraction(0)
    for row, m in zip(counts.tolist(), nums):
        seq = [z for z, c in enumerate(row) for _ in range(c)]
        codes = np.unique(losses[:, seq] @ powers)  # the <= 2^n distinct restrictions, as bitmasks
        total += m * expected_max_correlation(((codes[:, None] >> np.arange(n)) & 1).tolist())
    return total / den


def expected_sup_gap(P: FiniteProblem, n: int) -> Fraction:
    """``E_S max_h (R(h) - R̂_S(h))``, exactly."""
    _, nums, den = sample_law(P, n)
    best = gaps(P, n).max(axis=1)
    return Fraction(sum(m * int(g) for m, g in zip(nums, best.tolist())), den * P.total * n)
