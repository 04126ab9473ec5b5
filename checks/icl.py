"""In-context learning of linear tasks in exact rational arithmetic: linear self-attention (LSA) layers,
gradient descent on the in-context least-squares loss, Gaussian posteriors, finite task mixtures and
bigram counts.

Matrices are NumPy object arrays of :class:`fractions.Fraction` (``@`` works on them); ``solve``,
``inverse`` and ``null_space`` are those of :mod:`checks.exact_linalg`.

- LSA layer on tokens ``z_j`` (columns of ``Z``), keys and values read from the ``n`` context tokens:
  ``z_j ← z_j + (1/n) P Σ_{i≤n} (W_V z_i)(W_K z_i)ᵀ(W_Q z_j)``.
- Preconditioned GD on ``L(w) = (1/2n)||Xw - y||²``: ``w ← w - η Γ Xᵀ(Xw - y)/n``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import product

import numpy as np

from checks.exact_linalg import fractions, inverse, null_space, solve

__all__ = ["exact", "identity", "solve", "inverse", "null_space", "lsa_layer", "gd_layer_weights",
           "preconditioned_gd", "gaussian_fourth_moment", "posterior_gaussian", "bigram_counts", "bigram_mle",
           "likelihood", "Family", "mixture_posterior", "joint_enumeration_mean"]


exact = fractions  # checks.exact_linalg, under the names this module's users know


def identity(n: int) -> np.ndarray:
    return exact(np.eye(n, dtype=int))


def lsa_layer(Z: np.ndarray, WK: np.ndarray, WQ: np.ndarray, WV: np.ndarray, P: np.ndarray, n: int) -> np.ndarray:
    """One linear self-attention layer with a residual connection; the first ``n`` columns are the context."""
    if not 1 <= n <= Z.shape[1]:
        raise ValueError(f"the context size must lie in [1, {Z.shape[1]}], got {n}")
    C = Z[:, :n]
    return Z + P @ (WV @ C) @ (WK @ C).T @ (WQ @ Z) / n


def gd_layer_weights(d: int, eta: Fraction, Gamma: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """``(W_K, W_Q, W_V, P)`` on tokens ``(x, r) ∈ Q^{d+1}`` such that one layer maps every residual
    ``r_j = y_j - x_jᵀw`` to ``y_j - x_jᵀw⁺`` with ``w⁺ = w + η Γ Xᵀr/n`` (one preconditioned GD step):
    keys ``Γx``, queries ``x``, values ``r`` and ``P = -η`` on the residual slot."""
    G = identity(d) if Gamma is None else exact(Gamma)
    WK, WQ, WV, P = (exact(np.zeros((d + 1, d + 1), dtype=int)) for _ in range(4))
    WK[:d, :d], WQ[:d, :d] = G, identity(d)
    WV[d, d] = Fraction(1)
    P[d, d] = -Fraction(eta)
    return WK, WQ, WV, P


def preconditioned_gd(X: np.ndarray, y: np.ndarray, eta: Fraction, Gammas: Sequence[np.ndarray]) -> list[np.ndarray]:
    """The iterates ``w_0 = 0, ..., w_K`` of ``w ← w - η Γ_t Xᵀ(Xw - y)/n``."""
    X, y = exact(X), exact(y)
    n, d = X.shape
    w = exact(np.zeros(d, dtype=int))
    out = [w]
    for G in Gammas:
        w = w - Fraction(eta) * (exact(G) @ (X.T @ (X @ w - y))) / n
        out.append(w)
    return out


def gaussian_fourth_moment(Sigma: np.ndarray) -> np.ndarray:
    """``E[(x xᵀ)(x xᵀ)]`` for ``x ~ N(0, Σ)``, entry ``(a, b) = Σ_c E[x_a x_c x_c x_b]`` by Isserlis'
    theorem (sum over the three pairings of four indices)."""
    S = exact(Sigma)
    d = S.shape[0]
    out = exact(np.zeros((d, d), dtype=int))
    for a, b, c in product(range(d), repeat=3):
        out[a, b] += S[a, c] * S[c, b] + S[a, c] * S[c, b] + S[a, b] * S[c, c]
    return out


def posterior_gaussian(X: np.ndarray, y: np.ndarray, tau2: Fraction, sigma2: Fraction) -> tuple[np.ndarray, np.ndarray]:
    """Mean and covariance of ``w | y`` for ``w ~ N(0, τ² I)``, ``y = Xw + ξ``, ``ξ ~ N(0, σ² I)``, by
    conditioning the joint Gaussian: ``E[w|y] = C_wy C_yy⁻¹ y``, ``Cov = C_ww - C_wy C_yy⁻¹ C_yw`` with
    ``C_ww = τ² I``, ``C_wy = τ² Xᵀ``, ``C_yy = τ² X Xᵀ + σ² I``."""
    if tau2 <= 0 or sigma2 <= 0:
        raise ValueError("the prior and noise variances must be positive")
    X, y = exact(X), exact(y)
    n, d = X.shape
    Cwy, Cyy = tau2 * X.T, tau2 * (X @ X.T) + sigma2 * identity(n)
    return Cwy @ solve(Cyy, y), tau2 * identity(d) - Cwy @ solve(Cyy, Cwy.T)


def bigram_counts(seq: Sequence[int], k: int) -> np.ndarray:
    """``c_ij = #{t : x_t = i, x_{t+1} = j}`` for a sequence over ``{0..k-1}``."""
    if any(not 0 <= s < k for s in seq):
        raise ValueError(f"states must lie in 0..{k - 1}")
    c = np.zeros((k, k), dtype=int)
    for a, b in zip(seq[:-1], seq[1:]):
        c[a, b] += 1
    return c


def bigram_mle(seq: Sequence[int], k: int) -> dict[int, tuple[Fraction, ...]]:
    """``p̂(j | i) = c_ij / Σ_j c_ij`` for every state ``i`` that has a successor in the sequence."""
    c = bigram_counts(seq, k)
    return {i: tuple(Fraction(int(x), int(c[i].sum())) for x in c[i]) for i in range(k) if c[i].sum() > 0}


def likelihood(seq: Sequence[int], P: dict[int, Sequence[Fraction]]) -> Fraction:
    """``Π_t P(x_{t+1} | x_t)`` (the first state given)."""
    out = Fraction(1)
    for a, b in zip(seq[:-1], seq[1:]):
        out *= Fraction(P[a][b])
    return out


class Family:
    """A task family: a finite set of task vectors (uniform within the family) and a noise law on
    ``{-1, 0, 1}`` with ``P(±1) = q`` each, so labels are ``y = xᵀw + ξ``."""

    def __init__(self, tasks: Sequence[Sequence[int]], q: Fraction):
        if not 0 <= q <= Fraction(1, 2):
            raise ValueError(f"the noise probability q must lie in [0, 1/2], got {q}")
        if not tasks:
            raise ValueError("a family needs at least one task")
        self.tasks = tuple(tuple(int(v) for v in w) for w in tasks)
        self.q = Fraction(q)

    def noise(self, xi: int) -> Fraction:
        return {-1: self.q, 0: 1 - 2 * self.q, 1: self.q}.get(xi, Fraction(0))

    def __repr__(self) -> str:
        return f"Family(tasks={self.tasks}, q={self.q})"


def _dot(x: Sequence[int], w: Sequence[int]) -> int:
    return sum(int(a) * int(b) for a, b in zip(x, w))


def mixture_posterior(families: Sequence[Family], prior: Sequence[Fraction], xs: Sequence[Sequence[int]],
                      ys: Sequence[int], x_star: Sequence[int]) -> tuple[list[Fraction], list[Fraction | None]]:
    """``P(k | C) ∝ π_k p(C | k)`` and, per family with ``p(C | k) > 0``, ``E[y_* | C, x_*, k]``."""
    evid, means = [], []
    for f in families:
        liks = [np.prod([f.noise(y - _dot(x, w)) for x, y in zip(xs, ys)], dtype=object) for w in f.tasks]
        ev = sum(liks, Fraction(0)) / len(f.tasks)
        evid.append(ev)
        means.append(sum((Fraction(l) * _dot(x_star, w) for l, w in zip(liks, f.tasks)), Fraction(0))
                     / (ev * len(f.tasks)) if ev else None)
    total = sum((p * e for p, e in zip(prior, evid)), Fraction(0))
    if total == 0:
        raise ValueError("the context has probability 0 under every family")
    return [p * e / total for p, e in zip(prior, evid)], means


def joint_enumeration_mean(families: Sequence[Family], prior: Sequence[Fraction], xs: Sequence[Sequence[int]],
                           ys: Sequence[int], x_star: Sequence[int]) -> Fraction:
    """``E[y_* | C, x_*]`` by enumerating the joint law of (family, task, noises of the context and the
    query) and conditioning on the observed labels."""
    num = den = Fraction(0)
    for f, pk in zip(families, prior):
        for w in f.tasks:
            for xi in product((-1, 0, 1), repeat=len(xs) + 1):
                if any(_dot(x, w) + e != y for x, e, y in zip(xs, xi, ys)):
                    continue
                pr = Fraction(pk) / len(f.tasks) * np.prod([f.noise(e) for e in xi], dtype=object)
                num += pr * (_dot(x_star, w) + xi[-1])
                den += pr
    if den == 0:
        raise ValueError("the context has probability 0 under every family")
    return num / den
