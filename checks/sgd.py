"""Coupled runs of stochastic gradient descent on neighbouring samples, for all index sequences.

SGD on a sample ``S = (z_1, ..., z_n)`` from ``w_0`` with steps ``alpha_1..alpha_T`` and an index
sequence ``i_1..i_T`` is ``w_t = P(w_{t-1} - alpha_t grad l(w_{t-1}; z_{i_t}))``, where ``P`` is the
Euclidean projection onto the ball of radius ``r`` (the identity when ``r = inf``).  The per-example
loss is ``l(w; z) = phi_z(<w, x_z>, y_z) + (mu / 2) ||w||^2``: a margin loss of a linear predictor
(each example carries its own ``phi``) plus an optional ridge term.

The coupling of Hardt, Recht and Singer runs SGD on ``S`` and on ``S^(i)`` (``z_i`` replaced by
``z'_i``) from the same ``w_0`` with the same index sequence.  :func:`enumerate_coupled` runs both for
all ``n^t`` index sequences of every length ``t <= T`` at once: level ``t + 1`` extends each prefix of
level ``t`` by each index, so the rows of level ``t`` are the sequences in lexicographic order, each of
probability ``n^-t`` under i.i.d. uniform sampling, and an expectation over the algorithm is an exact
average over a level.

Regularity constants in ``w`` (over the ball when ``mu > 0``): with ``R_z = ||x_z||``, ``l(.; z)`` is
``lip(phi_z) R_z + mu r``-Lipschitz, ``smooth(phi_z) R_z^2 + mu``-smooth, and ``mu``-strongly convex
when ``phi_z`` is convex.

Two margin losses the regularity-sensitive checks need are defined here: the Huber loss of the
residual ``z - y`` (convex, with derivative range ``[-h, h]``, i.e. twice its Lipschitz constant) and
``-sqrt(eps^2 + z^2)`` (concave: gradient steps on it push nearby points apart).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from checks.losses import MarginLoss

Array = np.ndarray
EPS = float(np.finfo(float).eps)


@dataclass(frozen=True, eq=False)
class Example:
    """One example ``z = (x, y)`` with its margin loss ``phi``: ``l(w; z) = phi(<w, x>, y)``."""

    x: Array
    y: float
    loss: MarginLoss

    def __post_init__(self) -> None:
        x = np.asarray(self.x, dtype=float)
        if x.ndim != 1 or not np.all(np.isfinite(x)):
            raise ValueError(f"an example needs a finite vector x, got {self.x!r}")
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", float(self.y))

    @property
    def norm(self) -> float:
        return float(np.linalg.norm(self.x))

    def value(self, W: Array) -> Array:
        """``phi(<w, x>, y)`` for each row ``w`` of ``W`` (no ridge term)."""
        return self.loss.value(W @ self.x, self.y)

    def gradient(self, W: Array) -> Array:
        """``phi'(<w, x>, y) x`` for each row of ``W`` (no ridge term)."""
        return self.loss.derivative(W @ self.x, self.y)[:, None] * self.x


@dataclass(frozen=True, eq=False)
class CoupledProblem:
    """SGD on ``sample`` and on it with example ``replaced`` swapped for ``replacement``.

    ``steps`` are ``alpha_1..alpha_T``; ``ridge`` is ``mu``; ``radius`` the projection ball (``inf``:
    unprojected).  ``family`` says how a strategy built the instance."""

    sample: tuple[Example, ...]
    replaced: int
    replacement: Example
    steps: tuple[float, ...]
    w0: Array
    ridge: float = 0.0
    radius: float = math.inf
    family: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "sample", tuple(self.sample))
        object.__setattr__(self, "steps", tuple(float(a) for a in self.steps))
        w0 = np.asarray(self.w0, dtype=float)
        object.__setattr__(self, "w0", w0)
        if len(self.sample) < 1:
            raise ValueError("a sample needs at least one example")
        if not 0 <= self.replaced < len(self.sample):
            raise ValueError(f"replaced index {self.replaced} outside 0..{len(self.sample) - 1}")
        dims = {e.x.shape[0] for e in self.examples}
        if dims != {w0.shape[0]} or w0.ndim != 1:
            raise ValueError(f"dimensions disagree: examples {sorted(dims)}, w0 {w0.shape}")
        if any(not (a >= 0 and math.isfinite(a)) for a in self.steps):
            raise ValueError(f"step sizes must be finite and nonnegative, got {self.steps}")
        if not self.ridge >= 0:
            raise ValueError(f"ridge must be nonnegative, got {self.ridge}")
        if not self.radius > 0:
            raise ValueError(f"radius must be positive, got {self.radius}")
        if np.linalg.norm(w0) > self.radius:
            raise ValueError(f"w0 (norm {np.linalg.norm(w0):.6g}) lies outside the ball of radius {self.radius}")

    @property
    def n(self) -> int:
        return len(self.sample)

    @property
    def d(self) -> int:
        return self.w0.shape[0]

    @property
    def T(self) -> int:
        return len(self.steps)

    @property
    def examples(self) -> tuple[Example, ...]:
        """The examples of ``S`` followed by the replacement ``z'_i``."""
        return self.sample + (self.replacement,)

    @property
    def neighbour(self) -> tuple[Example, ...]:
        """``S^(i)``."""
        s = list(self.sample)
        s[self.replaced] = self.replacement
        return tuple(s)

    @property
    def lipschitz(self) -> float:
        """A Lipschitz constant of every ``l(.; z)``, ``z`` in ``S ∪ {z'_i}``, on the domain:
        ``max_z lip(phi_z) ||x_z|| + mu r`` (infinite for ``mu > 0`` without a ball)."""
        ridge_part = self.ridge * self.radius if self.ridge > 0 else 0.0
        return max(e.loss.lipschitz * e.norm for e in self.examples) + ridge_part

    @property
    def smoothness(self) -> float:
        """``max_z smooth(phi_z) ||x_z||^2 + mu``."""
        return max(e.loss.smoothness * e.norm ** 2 for e in self.examples) + self.ridge

    @property
    def convex(self) -> bool:
        return all(e.loss.convex for e in self.examples)

    @property
    def max_norm(self) -> float:
        return max(e.norm for e in self.examples)


def project(W: Array, radius: float) -> Array:
    """Rows of ``W`` projected onto the ball of this radius (unchanged when ``radius = inf``)."""
    if math.isinf(radius):
        return W
    norms = np.linalg.norm(W, axis=-1, keepdims=True)
    return np.where(norms > radius, W * (radius / np.where(norms > radius, norms, 1.0)), W)


def _step(W: Array, example: Example, alpha: float, ridge: float, radius: float) -> Array:
    grad = example.gradient(W)
    if ridge:
        grad = grad + ridge * W
    return project(W - alpha * grad, radius)


def sgd(sample: tuple[Example, ...], indices: tuple[int, ...], steps: tuple[float, ...], w0: Array,
        ridge: float = 0.0, radius: float = math.inf) -> Array:
    """One SGD run: the iterates ``w_0..w_T`` (shape ``(T + 1, d)``) for this index sequence."""
    if len(indices) != len(steps):
        raise ValueError(f"{len(indices)} indices for {len(steps)} steps")
    if any(not 0 <= j < len(sample) for j in indices):
        raise ValueError(f"indices {indices} outside 0..{len(sample) - 1}")
    W = [np.asarray(w0, dtype=float)[None, :]]
    for j, a in zip(indices, steps):
        W.append(_step(W[-1], sample[j], a, ridge, radius))
    return np.concatenate(W)


@dataclass(frozen=True, eq=False)
class CoupledRuns:
    """Both runs for every index sequence: ``w[t]``, ``w_prime[t]`` have shape ``(n^t, d)``, rows in
    lexicographic order of ``(i_1, ..., i_t)``."""

    problem: CoupledProblem
    w: tuple[Array, ...]
    w_prime: tuple[Array, ...]
    _cache: dict = field(default_factory=dict, repr=False)

    def indices(self, t: int) -> Array:
        """The index sequences of level ``t``, shape ``(n^t, t)``."""
        if t not in self._cache:
            n = self.problem.n
            grid = np.indices((n,) * t).reshape(t, -1).T if t else np.zeros((1, 0), dtype=int)
            self._cache[t] = grid
        return self._cache[t]

    def distances(self, t: int) -> Array:
        """``||w_t - w'_t||`` for each sequence of length ``t``."""
        return np.linalg.norm(self.w[t] - self.w_prime[t], axis=1)

    def visit_sum(self, t: int, weights: Array) -> Array:
        """``sum_{s <= t: i_s = i} weights[s - 1]`` per sequence (e.g. ``weights = steps``)."""
        hits = self.indices(t) == self.problem.replaced
        return hits @ np.asarray(weights, dtype=float)[:t]

    def first_visit(self, t: int) -> Array:
        """The first ``s <= t`` with ``i_s = i`` per sequence, ``t + 1`` if ``i`` is not drawn."""
        if t == 0:
            return np.ones(1, dtype=int)
        hits = self.indices(t) == self.problem.replaced
        return np.where(hits.any(axis=1), hits.argmax(axis=1) + 1, t + 1)


def enumerate_coupled(problem: CoupledProblem, max_paths: int = 20000) -> CoupledRuns:
    """Run SGD on ``S`` and ``S^(i)`` for all ``n^t`` index sequences, ``t = 0..T``."""
    n, T = problem.n, problem.T
    if n ** T > max_paths:
        raise ValueError(f"n^T = {n}^{T} index sequences exceed max_paths = {max_paths}")
    runs = []
    for sample in (problem.sample, problem.neighbour):
        levels = [problem.w0[None, :]]
        for a in problem.steps:
            prev = levels[-1]
            nxt = np.empty((prev.shape[0] * n, problem.d))
            for j, example in enumerate(sample):
                nxt[j::n] = _step(prev, example, a, problem.ridge, problem.radius)
            levels.append(nxt)
        runs.append(tuple(levels))
    return CoupledRuns(problem, runs[0], runs[1])


def rounding_bound(problem: CoupledProblem, smooth_maps: bool = True) -> Array:
    """For ``t = 0..T``, the rounding slack of a computed ``||w_t - w'_t||`` in the coupling arguments.

    A computed step is the exact map ``G(w) = P(w - alpha grad l(w))`` at the computed iterate plus a
    deviation of at most ``eps (alpha_t beta d B + 8 (B + alpha_t L))``: the dot product ``<w, x>`` is off
    by ``d eps ||w|| ||x||``, which moves ``phi'`` by ``smooth(phi) d eps ||w|| ||x||`` and the step by
    ``alpha beta d eps ||w||``; evaluating ``phi'``, the products, the subtraction and the projection cost
    a few ``eps (||w|| + alpha ||g||)`` more.  ``B_t = min(r, ||w_0|| + L sum_{s<=t} alpha_s)`` bounds
    ``||w_t||`` and ``L`` the gradient norms.  The coupling arguments apply to the computed runs
    directly (non-expansive maps, or steps of length at most ``alpha_t L``), so these deviations add up
    over both runs without amplification, and the norm of the difference costs ``(d + 2) eps 2 B``.
    With ``smooth_maps=False`` (arguments that only use ``||grad|| <= L``) an error in ``<w, x>`` is just
    a gradient taken at a nearby point, and the ``alpha beta d B`` term is dropped."""
    L = problem.lipschitz
    if not math.isfinite(L):
        raise ValueError("rounding_bound needs a finite Lipschitz constant")
    a = np.asarray(problem.steps)
    B = np.minimum(problem.radius, np.linalg.norm(problem.w0) + L * np.concatenate([[0.0], np.cumsum(a)]))
    dot = a * problem.smoothness * problem.d * B[:-1] if smooth_maps else 0.0
    per_step = EPS * (dot + 8 * (B[:-1] + a * L))
    acc = 2 * np.concatenate([[0.0], np.cumsum(per_step)])
    return acc + (problem.d + 2) * EPS * 2 * B


def loss_gaps(runs: CoupledRuns, t: int, tests: tuple[Example, ...]) -> tuple[Array, Array]:
    """``l(w_t; z) - l(w'_t; z)`` for each test example (rows) and each sequence of length ``t``
    (columns), ridge included, and a bound on the rounding of each computed gap:
    ``eps (2 L d B + 8 (|l(w_t; z)| + |l(w'_t; z)|))`` (the dot product, then the evaluation),
    with ``B`` the norm bound of :func:`rounding_bound`."""
    p = runs.problem
    W, Wp = runs.w[t], runs.w_prime[t]
    ridge = 0.5 * p.ridge * np.sum(W * W, axis=1), 0.5 * p.ridge * np.sum(Wp * Wp, axis=1)
    v = np.stack([e.value(W) + ridge[0] for e in tests])
    vp = np.stack([e.value(Wp) + ridge[1] for e in tests])
    B = min(p.radius, float(np.linalg.norm(p.w0)) + p.lipschitz * sum(p.steps[:t]))
    slack = EPS * (2 * p.lipschitz * p.d * B + 8 * (np.abs(v) + np.abs(vp)))
    return v - vp, slack
