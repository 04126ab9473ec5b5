"""Hypothesis strategies for in-context linear regression prompts, Gaussian task priors, finite task
mixtures and Markov-chain contexts, all with small integer or rational entries (exact arithmetic)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.icl import Family

SMALL = st.integers(-3, 3)
POSITIVE = st.fractions(Fraction(1, 4), 4, max_denominator=4).filter(lambda q: q > 0)


def _matrix(rows: int, cols: int, entries=SMALL) -> st.SearchStrategy[tuple[tuple[int, ...], ...]]:
    return st.lists(st.lists(entries, min_size=cols, max_size=cols).map(tuple), min_size=rows,
                    max_size=rows).map(tuple)


@dataclass(frozen=True)
class Prompt:
    """An in-context regression prompt ``(x_i, y_i)_{i≤n}``, a query ``x_star``, a step ``eta``, and one
    preconditioner per layer (``None`` for plain GD)."""

    X: tuple[tuple[int, ...], ...]
    y: tuple[int, ...]
    x_star: tuple[int, ...]
    eta: Fraction
    Gammas: tuple[tuple[tuple[int, ...], ...] | None, ...]


@st.composite
def prompts(draw: st.DrawFn, min_layers: int = 1, preconditioned: bool | None = None) -> Prompt:
    n, d = draw(st.integers(1, 5)), draw(st.integers(1, 4))
    K = draw(st.integers(min_layers, 3))
    pre = draw(st.booleans()) if preconditioned is None else preconditioned
    Gammas = tuple(draw(_matrix(d, d)) if pre else None for _ in range(K))
    X = draw(_matrix(n, d).filter(lambda X: any(any(r) for r in X)))
    y = tuple(draw(st.lists(SMALL, min_size=n, max_size=n).filter(any)))
    return Prompt(X, y, tuple(draw(st.lists(SMALL, min_size=d, max_size=d).filter(any))),
                  draw(st.sampled_from([Fraction(1), Fraction(1, 2), Fraction(1, 10)])), Gammas)


@dataclass(frozen=True)
class Covariance:
    """An input covariance ``Σ = B Bᵀ + c I`` (positive definite) and a context length ``n``."""

    Sigma: tuple[tuple[int, ...], ...]
    n: int


@st.composite
def covariances(draw: st.DrawFn) -> Covariance:
    d = draw(st.integers(1, 3))
    B = np.array(draw(_matrix(d, d)), dtype=int)
    c = draw(st.integers(1, 3))
    S = B @ B.T + c * np.eye(d, dtype=int)
    if draw(st.booleans()):  # strongly anisotropic diagonal covariances
        S = np.diag(draw(st.lists(st.sampled_from([1, 2, 10, 50]), min_size=d, max_size=d)))
    return Covariance(tuple(tuple(int(v) for v in r) for r in S), draw(st.integers(1, 6)))


@dataclass(frozen=True)
class GaussianPrompt:
    """A design ``X``, labels ``y``, a query, and the prior and noise standard deviations ``tau, sigma``."""

    X: tuple[tuple[int, ...], ...]
    y: tuple[int, ...]
    x_star: tuple[int, ...]
    tau: Fraction
    sigma: Fraction


@st.composite
def gaussian_prompts(draw: st.DrawFn, full_row_rank: bool = False) -> GaussianPrompt:
    d = draw(st.integers(1, 5))
    if full_row_rank:  # n < d and X = [I_n | B]: the kernel matrix X Xᵀ is invertible
        d = max(d, 2)
        n = draw(st.integers(1, d - 1))
        B = draw(_matrix(n, d - n))
        X = tuple(tuple([int(i == j) for j in range(n)] + list(B[i])) for i in range(n))
    else:
        n = draw(st.integers(1, 5))
        X = draw(_matrix(n, d))
    tau = draw(POSITIVE)
    sigma = draw(POSITIVE.filter(lambda s: s != tau))
    return GaussianPrompt(X, tuple(draw(st.lists(SMALL, min_size=n, max_size=n).filter(any))),
                          tuple(draw(st.lists(SMALL, min_size=d, max_size=d).filter(any))), tau, sigma)


@dataclass(frozen=True)
class MixturePrompt:
    """Task families with prior weights, a context labelled by one task of one family, and a query."""

    families: tuple[Family, ...]
    prior: tuple[Fraction, ...]
    xs: tuple[tuple[int, ...], ...]
    ys: tuple[int, ...]
    x_star: tuple[int, ...]


@st.composite
def mixture_prompts(draw: st.DrawFn, overlapping: bool | None = None) -> MixturePrompt:
    """Families of 1-3 tasks with noise levels q; the context is labelled by one task of one family.
    ``overlapping`` (forced when True, by chance when None) builds an ambiguous context: every family
    holds the labelling task and neighbours of it (entries shifted by at most 1), every noise level is
    positive, inputs are ±1 and there are at most two examples, so that several families and tasks
    explain the context, each with its own evidence."""
    d, K = draw(st.integers(1, 2)), draw(st.integers(2, 3))
    over = draw(st.booleans()) if overlapping is None else overlapping
    qs = [Fraction(1, 10), Fraction(1, 4), Fraction(1, 3)] + ([] if over else [Fraction(0), Fraction(1, 2)])
    vec = st.lists(SMALL, min_size=d, max_size=d).map(tuple)
    if over:
        w = draw(vec)
        shift = st.lists(st.integers(-1, 1), min_size=d, max_size=d).map(lambda e: tuple(a + b for a, b in zip(w, e)))
        tasks = [list(dict.fromkeys([w] + draw(st.lists(shift, min_size=1, max_size=2)))) for _ in range(K)]
        src = draw(st.integers(0, K - 1))
    else:
        tasks = [draw(st.lists(vec, min_size=1, max_size=3)) for _ in range(K)]
        src = draw(st.integers(0, K - 1))
        w = tasks[src][draw(st.integers(0, len(tasks[src]) - 1))]
    fams = tuple(Family(t, draw(st.sampled_from(qs))) for t in tasks)
    weights = draw(st.lists(st.integers(1, 20), min_size=K, max_size=K))
    prior = tuple(Fraction(v, sum(weights)) for v in weights)
    n = draw(st.integers(1, 2 if over else 4))
    entries = st.sampled_from([-1, 1]) if over else SMALL.filter(bool)
    xs = tuple(tuple(draw(st.lists(entries, min_size=d, max_size=d))) for _ in range(n))
    q = fams[src].q
    noise = [draw(st.sampled_from([-1, 0, 1])) if q > 0 else 0 for _ in range(n)]
    if q == Fraction(1, 2):
        noise = [e if e else 1 for e in noise]
    ys = tuple(sum(a * b for a, b in zip(x, w)) + e for x, e in zip(xs, noise))
    return MixturePrompt(fams, prior, xs, ys, tuple(draw(st.lists(SMALL.filter(bool), min_size=d, max_size=d))))


@dataclass(frozen=True)
class ShortPrompt:
    """``n < d`` context inputs, a task ``w``, a query ``x_star`` (in the row span when ``in_span``) and a
    target prediction ``c``."""

    X: tuple[tuple[int, ...], ...]
    w: tuple[int, ...]
    x_star: tuple[int, ...]
    in_span: bool
    c: Fraction


@st.composite
def short_prompts(draw: st.DrawFn, in_span: bool | None = None) -> ShortPrompt:
    d = draw(st.integers(2, 5))
    n = draw(st.integers(1, d - 1))
    X = draw(_matrix(n, d))
    span = draw(st.booleans()) if in_span is None else in_span
    if span:
        a = draw(st.lists(SMALL, min_size=n, max_size=n))
        x_star = tuple(int(sum(a[i] * X[i][j] for i in range(n))) for j in range(d))
    else:
        x_star = tuple(draw(st.lists(SMALL, min_size=d, max_size=d)))
    w = tuple(draw(st.lists(SMALL, min_size=d, max_size=d)))
    return ShortPrompt(X, w, x_star, span, draw(st.fractions(-10, 10, max_denominator=5)))


@dataclass(frozen=True)
class MarkovContext:
    """A sequence over ``k`` states, and stochastic matrices to compare likelihoods with."""

    k: int
    seq: tuple[int, ...]
    others: tuple[tuple[tuple[Fraction, ...], ...], ...]


def _stochastic_row(draw: st.DrawFn, k: int) -> tuple[Fraction, ...]:
    w = draw(st.lists(st.integers(0, 6), min_size=k, max_size=k).filter(any))
    return tuple(Fraction(v, sum(w)) for v in w)


@st.composite
def markov_contexts(draw: st.DrawFn, repeat_last: bool | None = None) -> MarkovContext:
    """Contexts over 2-4 states; ``repeat_last`` forces (True) or leaves to chance (None) a last token
    that occurred before, the case where the printed denominator counts an occurrence without successor."""
    k = draw(st.integers(2, 4))
    seq = draw(st.lists(st.integers(0, k - 1), min_size=3, max_size=14))
    if repeat_last or (repeat_last is None and draw(st.booleans())):
        seq.append(seq[draw(st.integers(0, len(seq) - 2))])
    others = tuple(tuple(_stochastic_row(draw, k) for _ in range(k)) for _ in range(draw(st.integers(1, 3))))
    return MarkovContext(k, tuple(seq), others)
