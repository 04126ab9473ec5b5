"""Minibatch gradients of a finite sum: exact moments over all batches, and SGD in exact expectation.

For per-example gradients ``g_1..g_n`` (rows), a uniform minibatch ``S`` of size ``B`` gives
``ĝ = (1/B) sum_{i in S} g_i``.  Its law is uniform over the ``C(n, B)`` subsets (without replacement)
or over the ``n^B`` ordered index tuples (with replacement); :func:`batch_moments` computes the exact
mean and covariance by enumerating that law, with integer or rational gradients and ``Fraction``
arithmetic, so a formula for them can be checked with ``==``.

SGD on ``f = (1/n) sum_i l_i + (mu/2)||w||^2`` draws one batch per step, uniformly from a list of
batches (each a tuple of example indices; a single example is a batch of size 1).  :func:`sgd_levels`
runs it for all ``K^t`` batch sequences of every length ``t <= T``: level ``t + 1`` extends each row of
level ``t`` by each batch, so every row of a level has probability ``K^-t`` and an expectation over the
algorithm is an exact average over a level (the rounding of each row is that of one ordinary run).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from checks.losses import MarginLoss
from checks.sgd import Example, project

Array = np.ndarray
Rational = int | Fraction


def _rows(grads: Sequence[Sequence[Rational]]) -> tuple[tuple[Fraction, ...], ...]:
    rows = tuple(tuple(Fraction(x) for x in g) for g in grads)
    if not rows or len({len(r) for r in rows}) != 1 or not rows[0]:
        raise ValueError("per-example gradients must be a nonempty list of equal-length nonempty vectors")
    return rows


def mean_vector(grads: Sequence[Sequence[Rational]]) -> tuple[Fraction, ...]:
    """``ḡ = (1/n) sum_i g_i``."""
    rows = _rows(grads)
    return tuple(sum(col, Fraction(0)) / len(rows) for col in zip(*rows))


def empirical_covariance(grads: Sequence[Sequence[Rational]]) -> tuple[tuple[Fraction, ...], ...]:
    """``Σ_emp = (1/n) sum_i (g_i - ḡ)(g_i - ḡ)^T`` (population normalization)."""
    rows = _rows(grads)
    m = mean_vector(rows)
    c = [[r[a] - m[a] for a in range(len(m))] for r in rows]
    d = len(m)
    return tuple(tuple(sum((x[a] * x[b] for x in c), Fraction(0)) / len(rows) for b in range(d))
                 for a in range(d))


def batches(n: int, B: int, replace: bool) -> list[tuple[int, ...]]:
    """All equally likely minibatches: ordered ``B``-tuples of ``range(n)`` with replacement,
    ``B``-subsets without."""
    if not 1 <= B or (not replace and B > n) or n < 1:
        raise ValueError(f"no minibatch of size {B} from {n} examples ({'with' if replace else 'without'} replacement)")
    return list(itertools.product(range(n), repeat=B)) if replace else list(itertools.combinations(range(n), B))


def batch_moments(grads: Sequence[Sequence[Rational]], B: int, replace: bool, workers: int = 1,
                  max_outcomes: int = 200_000) -> tuple[tuple[Fraction, ...], tuple[tuple[Fraction, ...], ...]]:
    """Exact ``(E ĝ, Cov ĝ)`` of the average of ``workers`` independent minibatch gradients, each
    uniform over :func:`batches`, by enumerating every outcome."""
    rows = _rows(grads)
    n, d = len(rows), len(rows[0])
    if workers < 1:
        raise ValueError(f"workers must be positive, got {workers}")
    single = batches(n, B, replace)
    if len(single) ** workers > max_outcomes:
        raise ValueError(f"{len(single)}^{workers} outcomes exceed max_outcomes = {max_outcomes}")
    sums = [tuple(sum((rows[i][a] for i in b), Fraction(0)) for a in range(d)) for b in single]
    total = [Fraction(0)] * d
    second = [[Fraction(0)] * d for _ in range(d)]
    count = 0
    for combo in itertools.product(sums, repeat=workers):
        s = [sum((c[a] for c in combo), Fraction(0)) for a in range(d)]      # workers * B * ĝ
        count += 1
        for a in range(d):
            total[a] += s[a]
            for b in range(d):
                second[a][b] += s[a] * s[b]
    scale = workers * B
    mean = tuple(t / (count * scale) for t in total)
    cov = tuple(tuple(second[a][b] / (count * scale * scale) - mean[a] * mean[b] for b in range(d))
                for a in range(d))
    return mean, cov


# ------------------------------------------------------------------------------------- SGD paths
@dataclass(frozen=True, eq=False)
class FiniteSum:
    """``f(w) = (1/n) sum_i phi_i(<w, x_i>, y_i) + (ridge/2)||w||^2``: one :class:`Example` per term."""

    examples: tuple[Example, ...]
    ridge: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "examples", tuple(self.examples))
        if not self.examples:
            raise ValueError("a finite sum needs at least one example")
        if len({e.x.shape[0] for e in self.examples}) != 1:
            raise ValueError("all examples must have the same dimension")
        if not self.ridge >= 0:
            raise ValueError(f"ridge must be nonnegative, got {self.ridge}")

    @property
    def n(self) -> int:
        return len(self.examples)

    @property
    def d(self) -> int:
        return self.examples[0].x.shape[0]

    def example_value(self, i: int, W: Array) -> Array:
        return self.examples[i].value(W) + 0.5 * self.ridge * np.sum(W * W, axis=1)

    def example_gradient(self, i: int, W: Array) -> Array:
        return self.examples[i].gradient(W) + self.ridge * W

    def value(self, W: Array) -> Array:
        """``f`` at each row of ``W``."""
        return np.mean([self.example_value(i, W) for i in range(self.n)], axis=0)

    def gradient(self, W: Array) -> Array:
        """``∇f`` at each row of ``W``."""
        return np.mean([self.example_gradient(i, W) for i in range(self.n)], axis=0)

    def batch_gradient(self, batch: tuple[int, ...], W: Array) -> Array:
        """``(1/|batch|) sum_{i in batch} ∇l_i`` at each row of ``W``."""
        return np.mean([self.example_gradient(i, W) for i in batch], axis=0)


def sgd_levels(problem: FiniteSum, batch_list: Sequence[tuple[int, ...]], steps: Sequence[float], w0: Array,
               radius: float = math.inf, max_paths: int = 50_000) -> tuple[Array, ...]:
    """Iterates ``w_0..w_T`` of ``w_{t+1} = P(w_t - steps[t] ĝ_t)`` for every sequence of batches, ``ĝ_t``
    the gradient of a batch drawn uniformly from ``batch_list``: level ``t`` has shape ``(K^t, d)``."""
    K, T = len(batch_list), len(steps)
    if K < 1 or any(not b or any(not 0 <= i < problem.n for i in b) for b in batch_list):
        raise ValueError(f"batches must be nonempty tuples of indices in 0..{problem.n - 1}")
    if K ** T > max_paths:
        raise ValueError(f"K^T = {K}^{T} batch sequences exceed max_paths = {max_paths}")
    w0 = np.asarray(w0, dtype=float)
    if w0.shape != (problem.d,):
        raise ValueError(f"w0 has shape {w0.shape}, expected ({problem.d},)")
    levels = [w0[None, :]]
    for a in steps:
        prev = levels[-1]
        nxt = np.empty((prev.shape[0] * K, problem.d))
        for k, b in enumerate(batch_list):
            nxt[k::K] = project(prev - a * problem.batch_gradient(b, prev), radius)
        levels.append(nxt)
    return tuple(levels)


def second_moment(problem: FiniteSum, batch_list: Sequence[tuple[int, ...]], W: Array) -> Array:
    """``E ||ĝ||^2`` over a uniform batch from ``batch_list``, at each row of ``W``."""
    return np.mean([np.sum(problem.batch_gradient(b, W) ** 2, axis=1) for b in batch_list], axis=0)


def cosine(amplitude: float, phase: float) -> MarginLoss:
    """``phi(z, y) = a cos(z + c)`` (label-free): bounded by ``|a|``, ``|a|``-Lipschitz and ``|a|``-smooth in z,
    nonconvex; with a small ``<w, x>`` range it is a nearly linear slope."""
    if not math.isfinite(amplitude) or not math.isfinite(phase):
        raise ValueError(f"cosine needs a finite amplitude and phase, got {amplitude}, {phase}")
    a, c = float(amplitude), float(phase)
    return MarginLoss(f"cosine(a={a:.6g}, c={c:.6g})", lambda z, y: a * np.cos(z + c),
                      lambda z, y: -a * np.sin(z + c), lipschitz=abs(a), smoothness=abs(a), convex=False)


def path_average(levels: Sequence[Array], T: int) -> Array:
    """``(1/T) sum_{t<T} w_t`` along every path of length ``T`` (rows in the order of level ``T``)."""
    if not 1 <= T < len(levels):
        raise ValueError(f"need 1 <= T <= {len(levels) - 1}, got {T}")
    K = levels[1].shape[0]
    return sum(np.repeat(levels[t], K ** (T - t), axis=0) for t in range(T)) / T
