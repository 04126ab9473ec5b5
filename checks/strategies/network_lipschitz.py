"""Strategies for Lipschitz claims about feed-forward networks.

Families: random Gaussian networks (any activation, optional biases); the tight aligned rank-one
networks ``W_i = s_i u_{i+1} u_iᵀ`` with positive unit ``u_i`` (ReLU-type activations act linearly on
the path through ``u_1``, so ``‖J(u_1)‖ = L_σ^{L-1} Π s_i``, with ``s_i ∈ {2, 3}``); sign-split networks ``W_1 = [A; -A]``,
``W_2 = [C, C]`` where ``W_2 W_1 = 0`` although ``f(x) = C|Ax|`` is not constant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

SEEDS = st.integers(0, 2**32 - 1)
ONE_LIPSCHITZ = ("relu", "leaky_relu", "tanh", "softplus")


@dataclass(frozen=True)
class Net:
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...] | None
    activation: str
    family: str
    seed: int
    starts: tuple[np.ndarray, ...] = ()

    @property
    def d(self) -> int:
        return self.weights[0].shape[1]

    def __repr__(self) -> str:
        shapes = "x".join(str(W.shape[1]) for W in self.weights) + f"x{self.weights[-1].shape[0]}"
        norms = ", ".join(f"{np.linalg.norm(W, 2):.3g}" for W in self.weights)
        return (f"Net({self.family}, {self.activation}, widths {shapes}, spectral norms [{norms}], "
                f"biases={'yes' if self.biases is not None else 'no'}, seed={self.seed})")


@st.composite
def random_nets(draw: st.DrawFn, activations: tuple[str, ...] = ONE_LIPSCHITZ) -> Net:
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    depth = draw(st.integers(1, 5))
    widths = [draw(st.integers(1, 6)) for _ in range(depth + 1)]
    scale = draw(st.sampled_from([0.5, 1.0, 2.0]))
    Ws = tuple(scale * rng.standard_normal((widths[i + 1], widths[i])) / np.sqrt(widths[i]) for i in range(depth))
    bs = tuple(rng.standard_normal(w) for w in widths[1:]) if draw(st.booleans()) else None
    return Net(Ws, bs, draw(st.sampled_from(activations)), "random", seed)


@st.composite
def aligned_nets(draw: st.DrawFn, activations: tuple[str, ...] = ("relu", "leaky_relu")) -> Net:
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    depth = draw(st.integers(2, 5))  # depth 1 is a linear map, covered by the random nets
    widths = [draw(st.integers(1, 6)) for _ in range(depth + 1)]
    us = [np.abs(rng.standard_normal(w)) + 0.05 for w in widths]
    us = [u / np.linalg.norm(u) for u in us]
    s = [draw(st.sampled_from([2.0, 3.0])) for _ in range(depth)]  # product > sum and > max
    Ws = tuple(s[i] * np.outer(us[i + 1], us[i]) for i in range(depth))
    return Net(Ws, None, draw(st.sampled_from(activations)), "aligned rank-one", seed, (us[0],))


@st.composite
def sign_split_nets(draw: st.DrawFn) -> Net:
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    d, k = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    A = rng.standard_normal((k, d))
    C = rng.standard_normal((1, k))
    return Net((np.vstack([A, -A]), np.hstack([C, C])), None, "relu", "sign-split", seed)


def lipschitz_nets(activations: tuple[str, ...] = ONE_LIPSCHITZ) -> st.SearchStrategy[Net]:
    """Random nets with the given activations, aligned nets with each allowed piecewise-linear one
    (ReLU or leaky ReLU; ``2·ReLU`` separately, so that its factor ``2^(L-1)`` shows often), and
    sign-split nets."""
    families = [random_nets(activations), sign_split_nets()]
    linear = tuple(a for a in activations if a in ("relu", "leaky_relu")) or ("relu",)
    families.append(aligned_nets(linear))
    if "relu2" in activations:
        families.append(aligned_nets(("relu2",)))
    return st.one_of(families)
