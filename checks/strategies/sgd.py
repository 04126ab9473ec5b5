"""Coupled SGD problems: a sample S, a replaced example, steps, a start point (and a ridge and ball).

Every problem is small enough that all ``n^T`` index sequences can be enumerated (``n^T <= max_paths``).
The geometry and labels come from a generator seeded by Hypothesis; the step multipliers, the start
scale and the loss parameters are drawn by Hypothesis directly, so the targeted search can tune them.
Step sizes are drawn as multipliers ``c_t = alpha_t beta`` of the smoothness ``beta`` of the problem
(``alpha_t R^2`` when ``beta = 0``), so a step condition ``alpha_t <= 2 / beta`` reads ``c_t <= 2``.

Families (the ``family`` field of each problem):
- ``linear-opposite``: linear losses with the replaced example negated (``x'_i = -x_i``) or its label
  flipped, so the two gradients on it are opposite with norm ``||x_i||`` at every point and each visit
  to ``i`` separates the runs by exactly ``2 alpha_t ||x_i||``; with ``||x_i|| = R`` the HRS bounds
  hold with equality.
- ``random``: Gaussian directions, norms in ``[R/5, R]`` (the first example at norm ``R``), a loss per
  example drawn from the allowed ones, the replacement negated, label-flipped or fresh.
- ``aligned``: every ``x_j`` is ``± s_j u`` for one direction ``u`` (a one-dimensional problem embedded
  in ``R^d``), where curvature acts on the separation of the runs at every step.
- ``escape`` (nonconvex only): concave shared losses ``-sqrt(eps^2 + z^2)`` along ``u`` and a linear
  replaced example along ``u``, negated: the two runs coincide until ``i`` is first drawn and are then
  pushed apart by up to ``2 alpha_t R`` per step, whatever is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from checks.losses import LINEAR, LOGISTIC, SIGMOID, MarginLoss
from checks.losses import concave_sqrt
from checks.sgd import CoupledProblem, Example

REPLACEMENTS = ("negated", "flipped", "fresh")


@st.composite
def _shape(draw: st.DrawFn, max_n: int, max_T: int, max_d: int, max_paths: int,
           min_T: int = 1, min_d: int = 1) -> tuple[int, int, int]:
    """``(n, T, d)`` with ``n^T <= max_paths``; ``n`` shrinks when ``min_T`` steps would not fit."""
    if not (1 <= min_T <= max_T and 1 <= min_d <= max_d and 2 ** min_T <= max_paths):
        raise ValueError(f"no shape fits: T in [{min_T}, {max_T}], d in [{min_d}, {max_d}], {max_paths} paths")
    n = draw(st.integers(2, max_n))
    while n ** min_T > max_paths:
        n -= 1
    T = draw(st.integers(min_T, max_T))
    while n ** T > max_paths:
        T -= 1
    return n, T, draw(st.integers(min_d, max_d))


def _directions(rng: np.random.Generator, n: int, d: int, R: float, aligned: bool,
                equal_norms: bool = False) -> np.ndarray:
    """``n`` rows of norm in ``[R/5, R]`` (all ``R`` when ``equal_norms``), the first of norm ``R``;
    all ``± s u`` when ``aligned``."""
    norms = np.full(n, R) if equal_norms else R * rng.uniform(0.2, 1.0, n)
    norms[0] = R
    if aligned:
        u = rng.standard_normal(d)
        dirs = np.outer(rng.choice([-1.0, 1.0], n), u / np.linalg.norm(u))
    else:
        dirs = rng.standard_normal((n, d))
        dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    return dirs * norms[:, None]


def _replacement(kind: str, ex: Example, rng: np.random.Generator, R: float, loss: MarginLoss) -> Example:
    if kind == "negated":
        return Example(-ex.x, ex.y, ex.loss)
    if kind == "flipped":
        return Example(ex.x, -ex.y, ex.loss)
    v = rng.standard_normal(ex.x.shape[0])
    return Example(R * rng.uniform(0.2, 1.0) * v / np.linalg.norm(v), rng.choice([-1.0, 1.0]), loss)


SCHEDULES = ("constant", "decreasing", "free")
MIN_MULTIPLIER = 1e-3
"""Step multipliers are drawn above this, so no step underflows into subnormal noise."""


def _steps(draw: st.DrawFn, T: int, c_lo: float, c_hi: float, unit: float,
           schedules: Sequence[str] = SCHEDULES) -> tuple[float, ...]:
    """``alpha_t = c_t * unit`` with ``c_t`` in ``(c_lo, c_hi]``: constant, ``c / t`` (floored just
    above ``c_lo``) or free."""
    kind = draw(st.sampled_from(tuple(schedules)))
    c = st.floats(max(c_lo, MIN_MULTIPLIER), c_hi, exclude_min=True)
    if kind == "constant":
        cs = [draw(c)] * T
    elif kind == "decreasing":
        c1 = draw(c)
        cs = [max(c1 / t, MIN_MULTIPLIER) for t in range(1, T + 1)]
    else:
        cs = [draw(c) for _ in range(T)]
    return tuple(ct * unit for ct in cs)


def _start(draw: st.DrawFn, rng: np.random.Generator, d: int, R: float) -> np.ndarray:
    scale = draw(st.sampled_from((0.0, 0.5, 1.0, 2.0, 4.0)))
    return scale / R * rng.standard_normal(d)


@st.composite
def coupled_problems(draw: st.DrawFn, losses: Sequence[MarginLoss], steps: tuple[float, float] = (0.0, 2.0),
                     max_n: int = 4, max_T: int = 5, max_d: int = 3, max_paths: int = 1024,
                     tight: bool = True, schedules: Sequence[str] = SCHEDULES,
                     shapes: Sequence[str] = ("random", "aligned"), min_T: int = 1, min_d: int = 1,
                     equal_norms: bool = False) -> CoupledProblem:
    """Unprojected, unregularized problems with losses from ``losses`` and step multipliers
    ``c_t = alpha_t beta`` in ``(steps[0], steps[1]]`` under the given schedules, in the geometries
    ``shapes`` (``equal_norms``: every ``||x_j|| = R``); ``tight`` adds the linear-opposite family."""
    if not losses or not shapes:
        raise ValueError("coupled_problems needs at least one loss and one shape")
    family = draw(st.sampled_from((("linear-opposite",) if tight else ()) + tuple(shapes)))
    n, T, d = draw(_shape(max_n, max_T, max_d, max_paths, min_T, min_d))
    R = draw(st.sampled_from((1.0, 0.5, 2.0)))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    X = _directions(rng, n, d, R, aligned=family == "aligned", equal_norms=equal_norms)
    y = rng.choice([-1.0, 1.0], n)
    if family == "linear-opposite":
        chosen = [LINEAR] * n
        kind = draw(st.sampled_from(("negated", "flipped")))
    else:
        chosen = [draw(st.sampled_from(tuple(losses))) for _ in range(n)]
        kind = draw(st.sampled_from(REPLACEMENTS))
    sample = tuple(Example(X[j], y[j], chosen[j]) for j in range(n))
    i = draw(st.integers(0, n - 1))
    replacement = _replacement(kind, sample[i], rng, R, draw(st.sampled_from(tuple(losses))))
    beta = max(e.loss.smoothness * e.norm ** 2 for e in sample + (replacement,))
    unit = 1.0 / beta if beta > 0 else 1.0 / R ** 2
    return CoupledProblem(sample, i, replacement, _steps(draw, T, steps[0], steps[1], unit, schedules),
                          _start(draw, rng, d, R), family=f"{family}/{kind}")


@st.composite
def strongly_convex_problems(draw: st.DrawFn, losses: Sequence[MarginLoss], steps: tuple[float, float] = (0.0, 1.0),
                             max_n: int = 4, max_T: int = 5, max_d: int = 3,
                             max_paths: int = 1024) -> CoupledProblem:
    """Convex margin losses plus a ridge ``mu/2 ||w||^2`` on a ball of radius ``r`` (projected SGD),
    constant step ``alpha = c / beta`` with ``c`` in ``(steps[0], steps[1]]``.  The ``linear-opposite``
    family has ``w_0 = 0`` and ``r = alpha T R`` (never reached), so the ridge gradient stays below
    ``mu r`` and the separation contracts by exactly ``1 - alpha mu`` per step."""
    family = draw(st.sampled_from(("linear-opposite", "random", "aligned")))
    n, T, d = draw(_shape(max_n, max_T, max_d, max_paths))
    R = draw(st.sampled_from((1.0, 0.5, 2.0)))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    X = _directions(rng, n, d, R, aligned=family == "aligned")
    y = rng.choice([-1.0, 1.0], n)
    if family == "linear-opposite":
        chosen, kind = [LINEAR] * n, "negated"
        mu = draw(st.floats(1e-3, 0.05)) * R ** 2
    else:
        chosen = [draw(st.sampled_from(tuple(losses))) for _ in range(n)]
        kind = draw(st.sampled_from(REPLACEMENTS))
        mu = draw(st.floats(1e-3, 2.0)) * R ** 2
    sample = tuple(Example(X[j], y[j], chosen[j]) for j in range(n))
    i = draw(st.integers(0, n - 1))
    replacement = _replacement(kind, sample[i], rng, R, draw(st.sampled_from(tuple(losses))))
    beta = max(e.loss.smoothness * e.norm ** 2 for e in sample + (replacement,)) + mu
    alpha = draw(st.floats(max(steps[0], MIN_MULTIPLIER), steps[1], exclude_min=True)) / beta
    if family == "linear-opposite":
        w0, radius = np.zeros(d), alpha * T * R
    else:
        w0 = _start(draw, rng, d, R)
        radius = np.linalg.norm(w0) + draw(st.sampled_from((0.5, 1.0, 2.0, 4.0))) / R
    return CoupledProblem(sample, i, replacement, (alpha,) * T, w0, ridge=mu, radius=float(radius),
                          family=f"{family}/{kind}")


NONCONVEX_SHAPES = ("escape", "random", "aligned")


@st.composite
def nonconvex_problems(draw: st.DrawFn, max_n: int = 4, max_T: int = 5, max_d: int = 3,
                       max_paths: int = 1024, steps: tuple[float, float] = (0.0, 2.0)) -> CoupledProblem:
    """Unprojected problems whose losses have gradients bounded by ``G = max_z lip(phi_z) ||x_z||`` but
    need not be convex: per-example losses among the linear, logistic, sigmoid and concave
    ``-sqrt(eps^2 + z^2)`` ones, steps ``alpha_t = c_t / R^2`` with ``c_t`` in ``(steps[0], steps[1]]``
    (no smoothness condition)."""
    family = draw(st.sampled_from(NONCONVEX_SHAPES))
    n, T, d = draw(_shape(max_n, max_T, max_d, max_paths))
    R = draw(st.sampled_from((1.0, 0.5, 2.0)))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    eps = draw(st.floats(1e-3, 2.0))
    pool = (LINEAR, LOGISTIC, SIGMOID, concave_sqrt(eps))
    i = draw(st.integers(0, n - 1))
    if family == "escape":
        u = rng.standard_normal(d)
        u /= np.linalg.norm(u)
        X = np.outer(np.full(n, R), u)
        chosen = [concave_sqrt(eps)] * n
        chosen[i] = LINEAR
        kind = "negated"
        w0 = np.zeros(d)
    else:
        X = _directions(rng, n, d, R, aligned=family == "aligned")
        chosen = [draw(st.sampled_from(pool)) for _ in range(n)]
        kind = draw(st.sampled_from(REPLACEMENTS))
        w0 = _start(draw, rng, d, R)
    y = rng.choice([-1.0, 1.0], n)
    sample = tuple(Example(X[j], y[j], chosen[j]) for j in range(n))
    replacement = _replacement(kind, sample[i], rng, R, draw(st.sampled_from(pool)))
    return CoupledProblem(sample, i, replacement, _steps(draw, T, steps[0], steps[1], 1.0 / R ** 2), w0,
                          family=f"{family}/{kind}")
