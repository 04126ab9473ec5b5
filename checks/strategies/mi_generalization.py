"""Strategies for finite learning algorithms: a law ``μ`` on ``K`` outcomes, a sample size ``n``, a
kernel ``P(W | S)`` stored as one row per sample (in ``itertools.product`` order), and a loss table.

Families: memorizers ``W = Z_1`` with the 0-1 loss (where the information bound is nearly tight
for ``n = 1``, ``K = 2``), noisy memorizers, empirical risk minimizers over a random loss table, and
random kernels.  ``loss_scale`` stretches the loss to ``[0, loss_scale]``."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import numpy as np
from hypothesis import strategies as st

SEEDS = st.integers(0, 2**32 - 1)


@dataclass(frozen=True)
class Algorithm:
    family: str
    mu: tuple[Fraction, ...]
    n: int
    rows: tuple[tuple[Fraction, ...], ...]
    loss: tuple[tuple[Fraction, ...], ...]

    @property
    def M(self) -> int:
        return len(self.loss)

    def kernel(self, s: tuple[int, ...]) -> tuple[Fraction, ...]:
        idx = 0
        for z in s:
            idx = idx * len(self.mu) + z
        return self.rows[idx]

    def __repr__(self) -> str:
        f = lambda xs: "(" + ", ".join(str(x) for x in xs) + ")"
        return (f"Algorithm({self.family}: n={self.n}, mu={f(self.mu)}, loss={[f(r) for r in self.loss]}, "
                f"kernel={[f(r) for r in self.rows]})")


def _mu(rng, K, uniform):
    w = np.ones(K, dtype=int) if uniform else rng.integers(1, 4, K)
    return tuple(Fraction(int(v), int(w.sum())) for v in w)


def _scaled(loss, c):
    return tuple(tuple(c * v for v in row) for row in loss)


@st.composite
def algorithms(draw, loss_scale: int = 1) -> Algorithm:
    rng = np.random.default_rng(draw(SEEDS))
    family = draw(st.sampled_from(["memorizer", "noisy-memorizer", "erm", "random"]))
    if family in ("memorizer", "noisy-memorizer"):
        K, n = draw(st.integers(2, 6)), draw(st.integers(1, 2))
        mu = _mu(rng, K, draw(st.booleans()))
        a = Fraction(1) if family == "memorizer" else Fraction(int(rng.integers(1, 4)), 4)
        rows = tuple(tuple(a * (w == s[0]) + (1 - a) / K for w in range(K)) for s in product(range(K), repeat=n))
        loss = tuple(tuple(Fraction(int(z != w)) for z in range(K)) for w in range(K))
    else:
        K, n, M = draw(st.integers(2, 3)), draw(st.integers(1, 3)), draw(st.integers(2, 3))
        mu = _mu(rng, K, False)
        loss = tuple(tuple(Fraction(int(v), 3) for v in rng.integers(0, 4, K)) for _ in range(M))
        rows = []
        for s in product(range(K), repeat=n):
            if family == "erm":
                emp = [sum(row[z] for z in s) for row in loss]
                best = emp.index(min(emp))
                rows.append(tuple(Fraction(int(w == best)) for w in range(M)))
            else:
                wts = rng.integers(0, 4, M)
                wts[rng.integers(M)] += 1
                rows.append(tuple(Fraction(int(v), int(wts.sum())) for v in wts))
        rows = tuple(rows)
    return Algorithm(family, mu, n, rows, _scaled(loss, loss_scale))
