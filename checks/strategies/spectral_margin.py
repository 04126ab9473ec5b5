"""Strategies for spectrally-normalized margin bounds: bias-free ReLU networks of depth 2–4 with a
labelled sample, a margin ``γ`` and a rescaling factor ``c`` (``|log c| >= log(5/4)``).

Families: Gaussian layers, and rank-one layers ``s u vᵀ`` (stable rank 1 and ``‖Aᵀ‖_{2,1}`` close
to ``‖A‖_σ`` for aligned ``u``: the extreme case of ``Σ srank >= L``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

SEEDS = st.integers(0, 2**32 - 1)


@dataclass(frozen=True)
class MarginNet:
    family: str
    Ws: tuple[np.ndarray, ...]
    X: np.ndarray
    y: np.ndarray
    gamma: float
    c: float
    seed: int

    def __repr__(self) -> str:
        widths = "x".join(str(W.shape[1]) for W in self.Ws) + f"x{self.Ws[-1].shape[0]}"
        return (f"MarginNet({self.family}: widths {widths}, n={self.X.shape[0]}, gamma={self.gamma:.4g}, "
                f"c={self.c:.4g}, seed={self.seed})")


@st.composite
def margin_nets(draw) -> MarginNet:
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    L = draw(st.integers(2, 4))
    widths = [draw(st.integers(2, 4))] + [draw(st.integers(2, 5)) for _ in range(L - 1)] + [draw(st.integers(1, 3))]
    family = draw(st.sampled_from(["gaussian", "rank-one"]))
    Ws = []
    for i in range(L):
        shape = (widths[i + 1], widths[i])
        if family == "rank-one":
            u, v = np.abs(rng.standard_normal(shape[0])), np.abs(rng.standard_normal(shape[1]))
            Ws.append(float(rng.uniform(0.5, 2)) * np.outer(u / np.linalg.norm(u), v / np.linalg.norm(v)))
        else:
            Ws.append(rng.standard_normal(shape) / np.sqrt(shape[1]))
    n = draw(st.integers(2, 8))
    X = rng.standard_normal((n, widths[0]))
    k = widths[-1]
    y = rng.choice([-1, 1], n) if k == 1 else rng.integers(0, k, n)
    c = float(draw(st.floats(1.25, 16.0)))
    c = c if draw(st.booleans()) else 1 / c
    return MarginNet(family, tuple(Ws), X, y, float(draw(st.floats(0.05, 2.0))), c, seed)
