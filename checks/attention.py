"""Scaled dot-product attention, a small residual transformer, sinusoidal position encodings, and the
multiply-add count of attention layers.

- Attention weights ``a_ij = exp(s_ij) / Σ_{r ∈ R_i} exp(s_ir)`` with scores ``s_ij = q_iᵀk_j/√d_k``;
  ``R_i = {1..i}`` under the causal mask, all positions otherwise.  Computed with the row maximum
  subtracted (log-sum-exp), so huge scores saturate instead of overflowing.
- Multi-head attention: the heads' outputs concatenated, followed by an output projection.
- A block is ``U = H + MHA(N(H))``, ``H' = U + MLP(N(U))`` (pre-norm) or ``U = N(H + MHA(H))``,
  ``H' = N(U + MLP(U))`` (post-norm), with ``N`` a per-token layer normalization.
- Sinusoidal encodings ``PE_{p,2i} = sin(p ω_i)``, ``PE_{p,2i+1} = cos(p ω_i)``, ``ω_i = 10000^{-2i/d}``.
- :class:`MacCounter` runs ``numpy.einsum`` and counts its multiply-adds: a contraction over the index
  set ``I`` costs ``Π_{i ∈ I} size(i)`` multiply-adds (each output entry sums one product per value of
  the contracted indices).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from checks.linalg import EPS

__all__ = ["EPS", "attention_weights", "attention", "Head", "Block", "multi_head_attention", "transformer",
           "frequencies", "sinusoidal_encoding", "rotation", "MacCounter", "row_attention_layer",
           "column_attention_layer", "transformer_epoch_macs", "layer_norm"]


def _finite(A: np.ndarray, name: str, ndim: int = 2) -> np.ndarray:
    A = np.asarray(A, dtype=float)
    if A.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{name} has non-finite entries")
    return A


def attention_weights(Q: np.ndarray, K: np.ndarray, causal: bool = True) -> np.ndarray:
    """The ``T × T`` matrix ``A`` of softmax attention weights of queries ``Q`` on keys ``K`` (rows are
    tokens); under ``causal`` the entries above the diagonal are exactly 0."""
    Q, K = _finite(Q, "Q"), _finite(K, "K")
    if Q.shape != K.shape:
        raise ValueError(f"Q and K must have the same shape, got {Q.shape} and {K.shape}")
    S = Q @ K.T / np.sqrt(Q.shape[1])
    if causal:
        S = np.where(np.tril(np.ones(S.shape, dtype=bool)), S, -np.inf)
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def attention(Q: np.ndarray, K: np.ndarray, V: np.ndarray, causal: bool = True) -> np.ndarray:
    """``h_i = Σ_j a_ij v_j``: the attention-weighted averages of the rows of ``V``."""
    V = _finite(V, "V")
    if V.shape[0] != np.shape(Q)[0]:
        raise ValueError(f"V must have one row per token, got {V.shape[0]} rows for {np.shape(Q)[0]} tokens")
    return attention_weights(Q, K, causal) @ V


@dataclass(frozen=True)
class Head:
    """One head's projections ``W_q, W_k ∈ R^{d×d_k}``, ``W_v ∈ R^{d×d_v}``."""

    Wq: np.ndarray
    Wk: np.ndarray
    Wv: np.ndarray


def multi_head_attention(X: np.ndarray, heads: tuple[Head, ...], Wo: np.ndarray, causal: bool = True) -> np.ndarray:
    """``concat_h(attention(X W_q^h, X W_k^h, X W_v^h)) W_o``."""
    X = _finite(X, "X")
    if not heads:
        raise ValueError("multi-head attention needs at least one head")
    outs = [attention(X @ h.Wq, X @ h.Wk, X @ h.Wv, causal) for h in heads]
    return np.concatenate(outs, axis=1) @ Wo


def layer_norm(X: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Per-token normalization ``(x - mean x) / √(var x + eps)`` (no affine part)."""
    mu = X.mean(axis=1, keepdims=True)
    return (X - mu) / np.sqrt(((X - mu) ** 2).mean(axis=1, keepdims=True) + eps)


@dataclass(frozen=True)
class Block:
    """A transformer block: multi-head attention ``(heads, Wo)`` and a ReLU MLP ``(W1, b1, W2, b2)``."""

    heads: tuple[Head, ...]
    Wo: np.ndarray
    W1: np.ndarray
    b1: np.ndarray
    W2: np.ndarray
    b2: np.ndarray

    def mlp(self, X: np.ndarray) -> np.ndarray:
        return np.maximum(X @ self.W1 + self.b1, 0.0) @ self.W2 + self.b2


def transformer(X: np.ndarray, blocks: tuple[Block, ...], causal: bool = True, pre_norm: bool = True) -> np.ndarray:
    """The residual stack of ``blocks`` applied to the token rows of ``X``."""
    H = _finite(X, "X")
    for b in blocks:
        if pre_norm:
            U = H + multi_head_attention(layer_norm(H), b.heads, b.Wo, causal)
            H = U + b.mlp(layer_norm(U))
        else:
            U = layer_norm(H + multi_head_attention(H, b.heads, b.Wo, causal))
            H = layer_norm(U + b.mlp(U))
    return H


def frequencies(d: int) -> np.ndarray:
    """``ω_i = 10000^{-2i/d}`` for ``i = 0..d/2-1`` (``d`` even)."""
    if d < 2 or d % 2:
        raise ValueError(f"the encoding dimension must be even and positive, got {d}")
    return 10000.0 ** (-2.0 * np.arange(d // 2) / d)


def sinusoidal_encoding(positions: np.ndarray, d: int) -> np.ndarray:
    """Rows ``PE_p`` for the given positions: ``PE_{p,2i} = sin(p ω_i)``, ``PE_{p,2i+1} = cos(p ω_i)``."""
    p = np.asarray(positions, dtype=float).reshape(-1, 1)
    ang = p * frequencies(d)
    out = np.empty((p.shape[0], d))
    out[:, 0::2], out[:, 1::2] = np.sin(ang), np.cos(ang)
    return out


def rotation(delta: float, d: int) -> np.ndarray:
    """The block-diagonal ``R(δ)`` with ``PE_{p+δ} = R(δ) PE_p``: on each pair ``(sin, cos)`` of frequency
    ``ω`` the block ``[[cos δω, sin δω], [-sin δω, cos δω]]`` (trigonometric addition formulas)."""
    R = np.zeros((d, d))
    for i, w in enumerate(frequencies(d)):
        c, s = np.cos(delta * w), np.sin(delta * w)
        R[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[c, s], [-s, c]]
    return R


_SPEC = re.compile(r"^([a-z]+(?:,[a-z]+)*)->([a-z]*)$")


@dataclass
class MacCounter:
    """``einsum`` with a ledger: ``macs[label]`` accumulates the multiply-adds of each labelled product
    (the product of the sizes of all indices of the contraction); ``exps`` counts exponentials."""

    macs: dict[str, int] = field(default_factory=dict)
    exps: int = 0

    def einsum(self, label: str, spec: str, *ops: np.ndarray) -> np.ndarray:
        m = _SPEC.match(spec)
        if not m or len(m.group(1).split(",")) != len(ops):
            raise ValueError(f"unsupported einsum spec {spec!r} for {len(ops)} operands")
        sizes: dict[str, int] = {}
        for sub, op in zip(m.group(1).split(","), ops):
            if len(sub) != np.ndim(op):
                raise ValueError(f"spec {sub!r} does not match an operand of shape {np.shape(op)}")
            for letter, n in zip(sub, np.shape(op)):
                if sizes.setdefault(letter, n) != n:
                    raise ValueError(f"index {letter!r} has sizes {sizes[letter]} and {n}")
        self.macs[label] = self.macs.get(label, 0) + int(np.prod(list(sizes.values()), dtype=object))
        return np.einsum(spec, *ops)

    def exp(self, A: np.ndarray) -> np.ndarray:
        self.exps += int(np.size(A))
        return np.exp(A)

    @property
    def total(self) -> int:
        return sum(self.macs.values())


def row_attention_layer(X: np.ndarray, Wq: np.ndarray, Wk: np.ndarray, Wv: np.ndarray,
                        counter: MacCounter) -> np.ndarray:
    """``softmax(QKᵀ/√d_k) V`` with ``Q = X W_q``, ``K = X W_k``, ``V = X W_v`` and tokens as the rows of
    ``X ∈ R^{n×d}`` (softmax over each row)."""
    Q = counter.einsum("projections", "ij,jk->ik", X, Wq)
    K = counter.einsum("projections", "ij,jk->ik", X, Wk)
    V = counter.einsum("projections", "ij,jk->ik", X, Wv)
    S = counter.einsum("scores", "ik,jk->ij", Q, K) / np.sqrt(Q.shape[1])
    E = counter.exp(S - S.max(axis=1, keepdims=True))
    return counter.einsum("weighted sum", "ij,jv->iv", E / E.sum(axis=1, keepdims=True), V)


def column_attention_layer(X: np.ndarray, Wq: np.ndarray, Wk: np.ndarray, Wv: np.ndarray,
                           counter: MacCounter) -> np.ndarray:
    """``X' = V softmax(QᵀK/√d)`` with ``Q = W_q X``, ``K = W_k X``, ``V = W_v X`` and ``X ∈ R^{d×L}``
    holding tokens as columns; the softmax normalizes each column (over the queries' index ``a`` of
    ``S_ab = q_aᵀk_b``), so ``x'_b = Σ_a v_a softmax_a(S_{·b})`` is a convex combination of values."""
    Q = counter.einsum("projections", "ij,jl->il", Wq, X)
    K = counter.einsum("projections", "ij,jl->il", Wk, X)
    V = counter.einsum("projections", "ij,jl->il", Wv, X)
    S = counter.einsum("scores", "da,db->ab", Q, K) / np.sqrt(X.shape[0])
    E = counter.exp(S - S.max(axis=0, keepdims=True))
    return counter.einsum("weighted sum", "da,ab->db", V, E / E.sum(axis=0, keepdims=True))


def transformer_epoch_macs(tokens: np.ndarray, layers: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...],
                           L: int) -> MacCounter:
    """Run the ``N``-layer single-head stack on every length-``L`` section of ``tokens ∈ R^{d×M}``
    (``L`` must divide ``M``) and return the ledger of the whole epoch's forward pass."""
    d, M = np.shape(tokens)
    if L < 1 or M % L:
        raise ValueError(f"the section length {L} must divide the number of tokens {M}")
    counter = MacCounter()
    for s in range(M // L):
        X = tokens[:, s * L:(s + 1) * L]
        for Wq, Wk, Wv in layers:
            X = column_attention_layer(X, Wq, Wk, Wv, counter)
    return counter
