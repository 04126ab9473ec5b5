"""Hypothesis strategies for attention layers, small transformers, position encodings and FLOP counts.

Random weights come from a drawn seed.  The score scale runs from gentle to saturating (one-hot rows,
where an output sits on a vertex of the hull of the values: the tight case of the convex-hull bound).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from checks.attention import Block, Head

SEEDS = st.integers(0, 2**32 - 1)


@dataclass(frozen=True)
class AttentionCase:
    """Queries, keys and values of ``T`` tokens, a random transformer stack, and a position ``t``
    after which the tokens are replaced by ``X_future``."""

    Q: np.ndarray
    K: np.ndarray
    V: np.ndarray
    X: np.ndarray
    X_future: np.ndarray
    t: int
    blocks: tuple[Block, ...]
    pre_norm: bool
    scale: float


def _block(rng: np.random.Generator, d: int, heads: int, width: int) -> Block:
    """A block on tokens of width ``d`` with ``heads`` heads of width ``d / heads`` (the layout of
    ``torch.nn.MultiheadAttention``) and a ReLU MLP of the given width."""
    dk = d // heads
    hs = tuple(Head(rng.normal(size=(d, dk)), rng.normal(size=(d, dk)), rng.normal(size=(d, dk)))
               for _ in range(heads))
    return Block(hs, rng.normal(size=(heads * dk, d)) / np.sqrt(heads * dk), rng.normal(size=(d, width)),
                 rng.normal(size=width), rng.normal(size=(width, d)) / np.sqrt(width), rng.normal(size=d))


@st.composite
def attention_cases(draw: st.DrawFn) -> AttentionCase:
    T, d, dk = draw(st.integers(2, 8)), draw(st.integers(1, 4)), draw(st.integers(1, 4))
    scale = draw(st.sampled_from([0.1, 1.0, 3.0, 30.0, 1e3]))
    rng = np.random.default_rng(draw(SEEDS))
    Q, K = scale * rng.normal(size=(T, dk)), rng.normal(size=(T, dk))
    V = rng.normal(size=(T, d)) * rng.choice([1.0, 10.0], size=(T, 1))
    t = draw(st.integers(0, T - 2))
    D, heads = draw(st.sampled_from([(2, 1), (3, 1), (2, 2), (4, 2), (6, 2)]))
    X = rng.normal(size=(T, D))
    X_future = X.copy()
    X_future[t + 1:] = rng.normal(size=(T - t - 1, D)) * 5
    blocks = tuple(_block(rng, D, heads, 4) for _ in range(draw(st.integers(1, 2))))
    return AttentionCase(Q, K, V, X, X_future, t, blocks, draw(st.booleans()), scale)


@dataclass(frozen=True)
class PositionCase:
    """Encoding dimension ``d`` (even), positions ``p`` and ``p2`` and an offset ``delta``."""

    d: int
    p: int
    p2: int
    delta: int


@st.composite
def position_cases(draw: st.DrawFn) -> PositionCase:
    d = 2 * draw(st.integers(2, 64))
    big = st.integers(0, 10**6)
    small = st.integers(0, 200)
    p, p2 = draw(st.one_of(small, big)), draw(st.one_of(small, big))
    delta = draw(st.one_of(st.integers(2, 50), st.integers(2, 10**4)))
    return PositionCase(d, p, p2, delta)


@dataclass(frozen=True)
class LayerShape:
    """An attention layer on ``n`` tokens of width ``d`` with head widths ``dk`` (queries, keys) and ``dv``."""

    n: int
    d: int
    dk: int
    dv: int
    seed: int


@st.composite
def layer_shapes(draw: st.DrawFn) -> LayerShape:
    return LayerShape(draw(st.integers(1, 24)), draw(st.integers(1, 16)), draw(st.integers(1, 16)),
                      draw(st.integers(1, 16)), draw(SEEDS))


@dataclass(frozen=True)
class EpochCase:
    """An ``N``-layer single-head stack of width ``d`` on ``M`` tokens cut into sections of length ``L``."""

    M: int
    N: int
    L: int
    d: int
    seed: int


@st.composite
def epoch_cases(draw: st.DrawFn) -> EpochCase:
    regime = draw(st.sampled_from(["L>>d", "d>>L", "mixed"]))
    if regime == "L>>d":
        L, d = draw(st.integers(6, 16)), draw(st.integers(1, 3))
    elif regime == "d>>L":
        L, d = draw(st.integers(1, 3)), draw(st.integers(6, 16))
    else:
        L, d = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    return EpochCase(L * draw(st.integers(1, 4)), draw(st.integers(1, 3)), L, d, draw(SEEDS))
