"""Finite populations of per-example gradients (small integer vectors) with a minibatch size.

Families (the ``family`` field):
- ``random``: integer coordinates in ``[-4, 4]``;
- ``coincide``: every per-example gradient equal (as at an interpolating point, where each example's
  gradient is the same, e.g. zero): the minibatch noise vanishes;
- ``one-out``: all gradients equal but one, the population with the smallest nonzero covariance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.losses import CONVEX_LIPSCHITZ, LINEAR
from checks.minibatch import FiniteSum, batches, cosine, second_moment, sgd_levels
from checks.sgd import Example

MAX_OUTCOMES = 1500
"""Largest number of (joint) minibatch outcomes enumerated for one instance."""


@dataclass(frozen=True)
class Population:
    """Per-example gradients ``grads`` (rows), minibatch size ``B``, ``workers`` averaged batches, and a
    step ``eta`` and horizon ``T`` (for statements that mention them)."""

    grads: tuple[tuple[int, ...], ...]
    B: int
    workers: int
    eta: Fraction
    T: int
    family: str

    @property
    def n(self) -> int:
        return len(self.grads)


@st.composite
def populations(draw: st.DrawFn, min_B: int = 1, families: tuple[str, ...] = ("random", "coincide", "one-out"),
                max_workers: int = 2) -> Population:
    family = draw(st.sampled_from(families))
    n = draw(st.integers(max(2, min_B), 6))
    d = draw(st.integers(1, 2))
    coord = st.integers(-4, 4)
    vec = st.tuples(*[coord] * d)
    if family == "random":
        grads = tuple(draw(vec) for _ in range(n))
    else:
        base = draw(vec)
        grads = [base] * n
        if family == "one-out":
            other = draw(vec.filter(lambda v: v != base))
            grads[draw(st.integers(0, n - 1))] = other
        grads = tuple(grads)
    B = draw(st.integers(min_B, n))
    while B > min_B and n ** B > MAX_OUTCOMES:      # with replacement there are n^B ordered batches
        B -= 1
    workers = draw(st.integers(1, max_workers))
    while workers > 1 and max(n ** B, len(batches(n, B, False))) ** workers > MAX_OUTCOMES:
        workers -= 1
    eta = Fraction(draw(st.integers(1, 100)), 100)
    T = draw(st.integers(1, 200))
    return Population(grads, B, workers, eta, T, family)


# ------------------------------------------------------------------------------------- SGD problems
@dataclass(frozen=True, eq=False)
class SGDRun:
    """SGD on ``problem`` for ``T`` steps of size ``eta`` from ``w0``, a batch drawn uniformly from
    ``batch_list`` each step, projected on the ball of ``radius``.  ``beta`` bounds the smoothness of
    ``f``; ``sigma2`` bounds ``E||ĝ||^2`` everywhere and ``M`` bounds ``2|f|`` everywhere (``inf``: no such
    bound); ``G`` bounds every ``||ĝ||`` on the ball.  ``B`` is the batch size."""

    problem: FiniteSum
    batch_list: tuple[tuple[int, ...], ...]
    w0: np.ndarray
    T: int
    eta: float
    beta: float
    sigma2: float = math.inf
    M: float = math.inf
    G: float = math.inf
    radius: float = math.inf
    B: int = 1
    family: str = ""

    def levels(self) -> tuple[np.ndarray, ...]:
        return sgd_levels(self.problem, self.batch_list, (self.eta,) * self.T, self.w0, self.radius)


def _batch_list(n: int, B: int) -> tuple[tuple[int, ...], ...]:
    return tuple(batches(n, B, True))


def _fit_T(K: int, T: int, max_paths: int) -> int:
    while T > 1 and K ** T > max_paths:
        T -= 1
    return T


@st.composite
def nonconvex_sgd_runs(draw: st.DrawFn, max_paths: int = 4096,
                       families: tuple[str, ...] = ("quadratic", "cosine", "coincide"), max_T: int = 6,
                       tuned: bool | None = None) -> SGDRun:
    """``quadratic``: ``l_i = (beta/2)||w||^2 + <b_i, w>`` (the descent lemma is an equality), any step
    ``eta = c/beta``; ``cosine``: ``l_i = a_i cos(<u_i, w> + c_i)``, with the a-priori bounds
    ``beta = mean |a_i| ||u_i||^2``, ``sigma^2 = mean a_i^2 ||u_i||^2``, ``M = 2 mean |a_i|`` and the tuned
    ``eta = sqrt(M/(beta sigma^2 T))`` (or ``c/beta``; ``tuned`` forces one); ``coincide``: one cosine repeated
    (no noise), a nearly linear slope when the frequency is small."""
    family = draw(st.sampled_from(families))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    n, d = draw(st.integers(1 if family == "coincide" else 2, 3)), draw(st.integers(1, 2))
    B = draw(st.sampled_from((1, 1, 2)))
    K = n ** B
    T = _fit_T(K, draw(st.integers(1, max_T)), max_paths)
    scale = 10.0 ** draw(st.floats(-1.5, 1.5))
    if family == "quadratic":
        beta = scale
        b = rng.standard_normal((n, d)) * 10.0 ** draw(st.floats(-1, 1))
        problem = FiniteSum(tuple(Example(bi, -1.0, LINEAR) for bi in b), ridge=beta)
        eta = draw(st.floats(0.05, 2.5)) / beta
        w0 = rng.standard_normal(d)
        return SGDRun(problem, _batch_list(n, B), w0, T, eta, beta, B=B, family=family)
    freq = 10.0 ** draw(st.floats(-1.5, 0.5))
    u = rng.standard_normal((n, d))
    u *= freq / np.linalg.norm(u, axis=1, keepdims=True)
    a = scale * rng.uniform(0.3, 1.0, n) * rng.choice([-1.0, 1.0], n)
    c = rng.uniform(0, 2 * np.pi, n)
    if family == "coincide":
        u, a, c = np.repeat(u[:1], n, 0), np.repeat(a[:1], n), np.repeat(draw(st.floats(0.0, 2 * np.pi)), n)
    norms2 = np.sum(u * u, axis=1)
    beta = float(np.mean(np.abs(a) * norms2))
    sigma2 = float(np.mean(a * a * norms2))
    M = 2 * float(np.mean(np.abs(a)))
    problem = FiniteSum(tuple(Example(ui, 0.0, cosine(ai, ci)) for ui, ai, ci in zip(u, a, c)))
    tuned = draw(st.booleans()) if tuned is None else tuned
    eta = math.sqrt(M / (beta * sigma2 * T)) if tuned else draw(st.floats(0.05, 1.0)) / beta
    w0 = rng.standard_normal(d) / freq
    return SGDRun(problem, _batch_list(n, B), w0, T, eta, beta, sigma2, M, B=B, family=family)


@st.composite
def _unchecked_printed_runs(draw: st.DrawFn) -> SGDRun | None:
    """A quadratic finite sum started where ``f`` vanishes (``w0 = -2 b̄/beta``) or at random, ``M`` drawn in
    units of ``||∇f(w0)||^2/beta`` and ``sigma^2`` above ``E||ĝ(w0)||^2``; ``None`` unless ``|f(w_t)| <= M/2``
    and ``E||ĝ(w_t)||^2 <= sigma^2`` hold on the ``T`` iterates ``w_0..w_{T-1}`` of every path (the printed
    assumptions)."""
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    n, d = draw(st.integers(1, 3)), draw(st.integers(1, 2))
    T = draw(st.integers(1, 3))
    beta = 10.0 ** draw(st.floats(-1, 1))
    b = rng.standard_normal((n, d))
    problem = FiniteSum(tuple(Example(bi, -1.0, LINEAR) for bi in b), ridge=beta)
    bl = _batch_list(n, 1)
    w0 = -2 * b.mean(axis=0) / beta if draw(st.booleans()) else rng.standard_normal(d)
    g0 = float(np.sum(problem.gradient(w0[None, :]) ** 2))
    M = 10.0 ** draw(st.floats(-3, 1)) * max(g0, 1e-3) / beta
    sigma2 = float(second_moment(problem, bl, w0[None, :])[0]) * draw(st.floats(1.0, 4.0))
    eta = math.sqrt(M / (beta * sigma2 * T))
    run = SGDRun(problem, bl, w0, T, eta, beta, sigma2, M, family="printed-assumptions")
    levels = run.levels()
    for t in range(T):
        if np.max(np.abs(problem.value(levels[t]))) > M / 2 or np.max(second_moment(problem, bl, levels[t])) > sigma2:
            return None
    return run


def printed_assumption_runs() -> st.SearchStrategy[SGDRun]:
    return _unchecked_printed_runs().filter(lambda r: r is not None)


@st.composite
def convex_sgd_runs(draw: st.DrawFn, max_paths: int = 4096) -> SGDRun:
    """Projected SGD on a ball of radius ``R`` with convex 1-Lipschitz margin losses, ``G = max ||x_i||``,
    ``eta = D/(G sqrt(T))`` with the diameter ``D = 2R``.  ``aligned``: one linear example repeated, started
    at the boundary point where ``f`` is largest (attains the bound at ``T = 1``)."""
    family = draw(st.sampled_from(("random", "random", "aligned")))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    n, d = draw(st.integers(1 if family == "aligned" else 2, 3)), draw(st.integers(1, 2))
    T = _fit_T(n, draw(st.integers(1, 7)), max_paths)
    R = 10.0 ** draw(st.floats(-1, 1))
    scale = 10.0 ** draw(st.floats(-1, 1))
    if family == "aligned":
        x = rng.standard_normal(d)
        x *= scale / np.linalg.norm(x)
        examples = (Example(x, 1.0, LINEAR),) * n
        w0 = -R * x / scale                                  # f = -<w, x> is largest on the ball here
    else:
        X = rng.standard_normal((n, d))
        X *= scale * rng.uniform(0.3, 1.0, (n, 1)) / np.linalg.norm(X, axis=1, keepdims=True)
        losses = [draw(st.sampled_from(CONVEX_LIPSCHITZ)) for _ in range(n)]
        examples = tuple(Example(xi, float(rng.choice([-1.0, 1.0])), li) for xi, li in zip(X, losses))
        w0 = rng.standard_normal(d)
        w0 *= R * draw(st.floats(0.0, 1.0)) / np.linalg.norm(w0)
    problem = FiniteSum(examples)
    G = max(e.loss.lipschitz * e.norm for e in examples)
    eta = 2 * R / (G * math.sqrt(T))
    return SGDRun(problem, _batch_list(n, 1), w0, T, eta, beta=math.inf, G=G, radius=R, family=family)
