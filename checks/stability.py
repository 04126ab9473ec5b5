"""Algorithmic stability, computed exactly on finite domains, and regularized ERM of margin losses.

*Exact part.*  A sample ``S = (z_1, ..., z_n)`` over a finite domain ``Z = {0, ..., k-1}`` (points by
index) and its replace-one neighbour ``S^(i)`` (``z_i`` replaced by ``z'``).  A deterministic rule
``A`` enters only through its :class:`LossProfile`, the table of ``l(A(S), z)`` for every ``S`` in
``Z^n`` and every ``z`` in ``Z``.  From it, with Fraction probabilities, everything is exact:

- the expected generalization gap ``E_S[R(A(S)) - R_S(A(S))]``;
- the expected replace-one change ``E_{S, z', i}[l(A(S^(i)), z_i) - l(A(S), z_i)]`` (``i`` uniform,
  ``z'`` an independent draw), which equals the gap (swap ``z_i`` and ``z'``);
- the uniform stability ``sup_{S, i, z', z} |l(A(S), z) - l(A(S^(i)), z)|`` and the replacement-point
  stability, the same supremum tested only at the swapped point ``z'``.

*Numeric part.*  The minimizer ``w_S`` of ``F_S(w) = (1/n) sum_i phi(<w, x_i>, y_i) + (lam/2) ||w||^2``
for a margin loss ``phi`` (the certified solver of :mod:`checks.erm` for a convex loss, where ``F_S``
is ``lam``-strongly convex and ``||w - w_S|| <= ||grad F_S(w)|| / lam``; a grid search in dimension 1
for a nonconvex one), a nonconvex double-well loss, and the expected risk of ``w_S`` over all samples
from a finite support.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar

from checks import erm
from checks.losses import MarginLoss

Sample = tuple[int, ...]


def replace_one(sample: Sample, i: int, z: int) -> Sample:
    """``S^(i)``: the sample with its ``i``-th point replaced by ``z``."""
    if not 0 <= i < len(sample):
        raise ValueError(f"index {i} out of range for a sample of size {len(sample)}")
    return sample[:i] + (z,) + sample[i + 1:]


def distribution(probs: Sequence[Any]) -> tuple[Fraction, ...]:
    """Validated point probabilities of a finite domain: non-negative rationals summing to 1."""
    out = tuple(Fraction(p) for p in probs)
    if not out:
        raise ValueError("a distribution needs at least one point")
    if not all(isinstance(p, Rational) for p in probs):
        raise ValueError("probabilities must be exact rationals (int or Fraction)")
    if any(p < 0 for p in out) or sum(out) != 1:
        raise ValueError(f"probabilities must be non-negative and sum to 1, got {out}")
    return out


def samples(probs: Sequence[Fraction], n: int) -> Iterator[tuple[Sample, Fraction]]:
    """Every sample in ``Z^n`` (ordered) with its i.i.d. probability ``prod_i p(z_i)``."""
    if n < 1:
        raise ValueError(f"sample size must be positive, got {n}")
    for s in itertools.product(range(len(probs)), repeat=n):
        yield s, math.prod((probs[z] for z in s), start=Fraction(1))


def multisets(probs: Sequence[Fraction], n: int) -> Iterator[tuple[Sample, Fraction]]:
    """Every sample up to order (sorted index tuples) with the probability of its type class,
    ``n! / prod_z c_z! * prod_z p_z^{c_z}``: enough for rules that ignore the order of the sample."""
    if n < 1:
        raise ValueError(f"sample size must be positive, got {n}")
    for s in itertools.combinations_with_replacement(range(len(probs)), n):
        counts = [s.count(z) for z in range(len(probs))]
        coef = math.factorial(n) // math.prod(math.factorial(c) for c in counts)
        yield s, coef * math.prod((probs[z] ** c for z, c in enumerate(counts)), start=Fraction(1))


@dataclass(frozen=True, eq=False)
class LossProfile:
    """``table[S][z] = l(A(S), z)`` (exact rationals) for every sample ``S`` in ``Z^n`` and every
    point ``z`` of ``Z``."""

    k: int
    n: int
    table: Mapping[Sample, tuple[Any, ...]]

    def __post_init__(self) -> None:
        if self.k < 1 or self.n < 1:
            raise ValueError(f"need a non-empty domain and sample size, got k={self.k}, n={self.n}")
        if len(self.table) != self.k ** self.n:
            raise ValueError(f"the table must hold all {self.k}^{self.n} samples, has {len(self.table)}")
        if any(len(row) != self.k for row in self.table.values()):
            raise ValueError(f"every row must give the loss at all {self.k} points")
        if not all(isinstance(v, Rational) for row in self.table.values() for v in row):
            raise ValueError("losses must be exact rationals (int or Fraction)")

    def __repr__(self) -> str:
        return f"LossProfile(k={self.k}, n={self.n})"


def loss_profile(rule: Callable[[tuple[Any, ...]], Any], loss: Callable[[Any, Any], Any],
                 points: Sequence[Any], n: int) -> LossProfile:
    """The profile of ``rule`` (a map from a tuple of points to a hypothesis) under ``loss``."""
    k = len(points)
    table = {}
    for s in itertools.product(range(k), repeat=n):
        h = rule(tuple(points[z] for z in s))
        table[s] = tuple(loss(h, z) for z in points)
    return LossProfile(k, n, table)


def _check(profile: LossProfile, probs: Sequence[Fraction]) -> None:
    if len(probs) != profile.k:
        raise ValueError(f"{len(probs)} probabilities for a domain of {profile.k} points")


def sample_gaps(profile: LossProfile, probs: Sequence[Fraction]) -> Iterator[tuple[Sample, Fraction, Fraction]]:
    """``(S, P(S), R(A(S)) - R_S(A(S)))`` for every sample, with ``R(h) = sum_z p_z l(h, z)`` and
    ``R_S`` the mean loss on the sample."""
    _check(profile, probs)
    for s, p in samples(probs, profile.n):
        row = profile.table[s]
        population = sum((q * row[z] for z, q in enumerate(probs)), start=Fraction(0))
        yield s, p, population - sum((row[z] for z in s), start=Fraction(0)) / profile.n


def expected_gap(profile: LossProfile, probs: Sequence[Fraction]) -> Fraction:
    """``E_S[R(A(S)) - R_S(A(S))]``, the expected generalization gap."""
    return sum((p * g for _, p, g in sample_gaps(profile, probs)), start=Fraction(0))


def replace_one_terms(profile: LossProfile, probs: Sequence[Fraction]
                      ) -> Iterator[tuple[Fraction, Sample, int, int, Sample]]:
    """``(P(S) p_{z'} / n, S, i, z', S^(i))`` over all samples, indices and replacements: the weights
    of ``E_{S, z', i}`` with ``i`` uniform on ``1..n`` and ``z'`` drawn independently."""
    _check(profile, probs)
    for s, p in samples(probs, profile.n):
        for i in range(profile.n):
            for z, q in enumerate(probs):
                if q:
                    yield p * q / profile.n, s, i, z, replace_one(s, i, z)


def expected_replace_one_change(profile: LossProfile, probs: Sequence[Fraction]) -> Fraction:
    """``E_{S, z', i}[l(A(S^(i)), z_i) - l(A(S), z_i)]``: the loss at the removed point ``z_i``
    after and before the replacement."""
    t = profile.table
    return sum((w * (t[si][s[i]] - t[s][s[i]]) for w, s, i, _, si in replace_one_terms(profile, probs)),
               start=Fraction(0))


def _neighbours(profile: LossProfile) -> Iterator[tuple[Sample, int, int, Sample]]:
    for s in profile.table:
        for i in range(profile.n):
            for z in range(profile.k):
                if z != s[i]:
                    yield s, i, z, replace_one(s, i, z)


def pair_stability(profile: LossProfile, s: Sample, i: int, z: int) -> Fraction:
    """``max_{z''} |l(A(S), z'') - l(A(S^(i)), z'')|`` for one neighbouring pair ``S, S^(i)``."""
    a, b = profile.table[s], profile.table[replace_one(s, i, z)]
    return max(abs(u - v) for u, v in zip(a, b))


def uniform_stability(profile: LossProfile) -> Fraction:
    """``sup_{S, i, z', z} |l(A(S), z) - l(A(S^(i)), z)|`` over the domain (0 for one point)."""
    return max((pair_stability(profile, s, i, z) for s, i, z, _ in _neighbours(profile)), default=Fraction(0))


def replacement_point_stability(profile: LossProfile) -> Fraction:
    """``sup_{S, i, z'} |l(A(S), z') - l(A(S^(i)), z')|``: the change tested at the swapped point
    (by the symmetry ``S <-> S^(i)`` the same as testing at the removed point ``z_i``)."""
    t = profile.table
    return max((abs(t[s][z] - t[si][z]) for s, _, z, si in _neighbours(profile)), default=Fraction(0))


# ---------------------------------------------------------------------------------------------
# Rational learning rules

Vector = tuple[Fraction, ...]


def linear_erm(lam: Fraction) -> Callable[[tuple[tuple[Vector, int], ...]], Vector]:
    """Regularized ERM of the linear loss ``-y <w, x>``: ``argmin (1/n) sum -y_i <w, x_i> +
    (lam/2) ||w||^2 = (1/(lam n)) sum_i y_i x_i``, exact for rational data and ``lam``."""
    lam = Fraction(lam)
    if lam <= 0:
        raise ValueError(f"lam must be positive, got {lam}")

    def rule(sample: tuple[tuple[Vector, int], ...]) -> Vector:
        d = len(sample[0][0])
        return tuple(sum((y * x[j] for x, y in sample), start=Fraction(0)) / (lam * len(sample))
                     for j in range(d))
    return rule


def linear_loss(w: Vector, z: tuple[Vector, int]) -> Fraction:
    """``-y <w, x>`` for ``z = (x, y)``."""
    x, y = z
    return -y * sum((a * b for a, b in zip(w, x)), start=Fraction(0))


def ridge_mean(lam: Fraction) -> Callable[[tuple[Fraction, ...]], Fraction]:
    """``argmin_c (1/n) sum (c - z_i)^2 + lam c^2 = mean(S) / (1 + lam)`` (shrunken mean)."""
    lam = Fraction(lam)
    if lam < 0:
        raise ValueError(f"lam must be non-negative, got {lam}")
    return lambda sample: sum(sample, start=Fraction(0)) / (len(sample) * (1 + lam))


def squared_loss(c: Fraction, z: Fraction) -> Fraction:
    """``(c - z)^2``."""
    return (c - z) ** 2


def finite_class_erm(losses: Sequence[Sequence[Fraction]]) -> Callable[[tuple[int, ...]], int]:
    """ERM over a finite class given by its loss table ``losses[h][z]`` (points by index):
    the first ``h`` of least empirical risk.  Its loss is ``losses[h][z]``."""
    if not losses or len({len(row) for row in losses}) != 1:
        raise ValueError("the class needs at least one hypothesis and rows of equal length")
    return lambda sample: min(range(len(losses)), key=lambda h: (sum(losses[h][z] for z in sample), h))


# ---------------------------------------------------------------------------------------------
# Regularized ERM of a margin loss (floating point)

@dataclass(frozen=True)
class Minimizer:
    """A computed minimizer ``w`` of ``F_S`` and a bound ``grad_bound`` on ``||grad F_S(w)||`` (its
    computed value plus rounding).  For a convex loss ``F_S`` is ``lam``-strongly convex, so
    ``radius = grad_bound / lam`` bounds the distance to the exact minimizer."""

    w: np.ndarray
    grad_bound: float
    lam: float

    @property
    def radius(self) -> float:
        return self.grad_bound / self.lam


def objective(loss: MarginLoss, X: np.ndarray, y: np.ndarray, lam: float, w: np.ndarray) -> float:
    """``F_S(w)`` for any margin loss (:func:`checks.erm.objective_value` accepts convex ones only)."""
    X, y, w = np.asarray(X, dtype=float), np.asarray(y, dtype=float), np.asarray(w, dtype=float)
    return float(np.mean(loss.value(X @ w, y)) + lam / 2 * float(w @ w))


def regularized_erm(loss: MarginLoss, X: np.ndarray, y: np.ndarray, lam: float,
                    grid: int = 4001) -> Minimizer:
    """The minimizer of ``F_S(w) = (1/n) sum_i phi(<w, x_i>, y_i) + (lam/2) ||w||^2``.

    Convex loss: the certified Newton solver of :func:`checks.erm.minimize_regularized`.  Nonconvex
    loss, only in dimension 1: the best point of a grid of ``[-G/lam, G/lam]`` (a stationary point has
    ``lam |w| = |(1/n) sum phi' x_i| <= G``), refined by Brent's method between its grid neighbours, so
    the global minimizer whenever the grid resolves the wells; ``grad_bound`` is then the computed
    ``|F_S'(w)|``, which certifies nothing."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or y.shape != (X.shape[0],) or X.shape[0] < 1:
        raise ValueError(f"need X of shape (n, d) with n >= 1 and y of shape (n,), got {X.shape}, {y.shape}")
    if not lam > 0:
        raise ValueError(f"lam must be positive, got {lam}")
    if loss.convex:
        sol = erm.minimize_regularized(loss, X, y, lam, average=True)
        return Minimizer(sol.w, sol.certificate + sol.gradient_error, float(lam))
    if X.shape[1] != 1:
        raise ValueError("the global minimizer of a nonconvex F_S is computed only in dimension 1")
    x = X[:, 0]
    G = loss.lipschitz * float(np.max(np.abs(x)))
    if not G > 0:
        return Minimizer(np.zeros(1), 0.0, float(lam))

    def F(w: float) -> float:
        return float(np.mean(loss.value(w * x, y)) + lam / 2 * w * w)

    ws = np.linspace(-G / lam, G / lam, grid)
    values = np.mean(loss.value(np.outer(ws, x), y[None, :]), axis=1) + lam / 2 * ws**2
    j = int(np.argmin(values))
    lo, hi = ws[max(j - 1, 0)], ws[min(j + 1, grid - 1)]
    w = float(minimize_scalar(F, bounds=(lo, hi), method="bounded", options={"xatol": 1e-13}).x)
    w = w if F(w) <= values[j] else float(ws[j])
    return Minimizer(np.array([w]), abs(float(np.mean(loss.derivative(w * x, y) * x)) + lam * w), float(lam))


def risk(loss: MarginLoss, X: np.ndarray, y: np.ndarray, probs: Sequence[float], w: np.ndarray) -> float:
    """``R(w) = sum_z p_z phi(<w, x_z>, y_z)`` on a finite support ``(X, y)``."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return float(np.asarray(probs, dtype=float) @ loss.value(X @ w, y))


def expected_erm_risk(loss: MarginLoss, X: np.ndarray, y: np.ndarray, probs: Sequence[Fraction], n: int,
                      lam: float) -> tuple[float, float]:
    """``E_S[R(w_S)]`` for ``S`` of size ``n`` drawn i.i.d. from the finite support ``(X, y)`` with
    probabilities ``probs``, by enumeration of the samples up to order (ERM ignores the order), and the
    largest certified distance ``||grad F_S||/lam`` of a computed minimizer to the exact one."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if len(probs) != X.shape[0]:
        raise ValueError(f"{len(probs)} probabilities for a support of {X.shape[0]} points")
    total, radius = 0.0, 0.0
    for s, p in multisets(distribution(probs), n):
        m = regularized_erm(loss, X[list(s)], y[list(s)], lam)
        total += float(p) * risk(loss, X, y, [float(q) for q in probs], m.w)
        radius = max(radius, m.radius)
    return total, radius
