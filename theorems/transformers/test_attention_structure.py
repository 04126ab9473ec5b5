"""Structure of attention: causal softmax attention is a lower-triangular row-stochastic smoother, and
sinusoidal position encodings turn offsets into rotations.

Statement.
- Causal attention.  With scores ``s_ij = q_iᵀk_j/√d_k`` and ``a_ij = exp(s_ij)/Σ_{r≤i} exp(s_ir)`` for
  ``j ≤ i`` and ``a_ij = 0`` for ``j > i``, the matrix ``A`` is lower triangular with nonnegative rows
  summing to 1, so ``h_i = Σ_{j≤i} a_ij v_j`` lies in ``conv{v_1, ..., v_i}``.  The output of a residual
  stack of such layers and tokenwise sublayers (pre-norm or post-norm) at position ``t`` does not depend
  on the tokens after ``t``.  Multi-head attention is the concatenation of the heads followed by an
  output projection (the definition of ``torch.nn.MultiheadAttention``).
- Sinusoidal encodings (``d`` even).  ``PE_{p,2i} = sin(p ω_i)``, ``PE_{p,2i+1} = cos(p ω_i)``,
  ``ω_i = 10000^{-2i/d}``: ``⟨PE_p, PE_{p+δ}⟩ = Σ_i cos(δ ω_i)`` for every ``p``, and
  ``PE_{p+δ} = R(δ) PE_p`` with ``R(δ)`` block-diagonal, one 2×2 rotation by ``δ ω_i`` per frequency.

Sources.  Zhao, *From Approximation to Emergence*, Def. 15.2 (causal mask), §15.2.2 (blocks), §15.3
(attention formula) (ZHAO-134); *The Mathematical Structure of Machine Learning*, Ch. 24, line 1557
(MSML-313: "the inner product depends smoothly on the offset"; the exact form above is the identity behind it).

Proof ideas.  The weights of row ``i`` are positive numbers divided by their sum over ``r ≤ i``; a
convex combination of points lies in their hull, so every linear functional satisfies
``cᵀh_i ≤ max_{j≤i} cᵀv_j`` (checked for ``c = ±e_k`` and ``c = ±v_j``).  Attention rows ``≤ t`` only read keys and values at positions ``≤ t`` and
every other sublayer acts token by token, so by induction on the layers nothing after ``t`` reaches
position ``t``.  For encodings, ``sin a sin b + cos a cos b = cos(a - b)`` gives the inner product, and
the addition formulas ``sin(a+b) = sin a cos b + cos a sin b``, ``cos(a+b) = cos a cos b - sin a sin b``
give the rotation.

Tolerances (``ε = 2^-52``).  A softmax row of ``T`` entries is computed with ``T`` exponentials (each
within one ulp), ``T - 1`` additions and ``T`` divisions, so its sum is ``1`` within ``(2T + 4)ε``; a
hull functional adds the rounding of a length-``(T + d)`` dot product.  Causality is checked by running
the stack twice: rows ``≤ t`` perform the same floating-point operations on the same operands (future
tokens enter only through exact zeros), so they agree up to a one-ulp allowance.  The encodings:
``fl(p ω_i)`` is within ``2ε|p ω_i|`` of ``p ω_i`` (``ω_i`` and the product each rounded), so each
entry is within ``e(p)_i = 2ε|p ω_i| + ε``; the identities add these errors over the ``d`` coordinates
plus ``d² ε`` for the sums.
"""

from __future__ import annotations

import numpy as np
import torch

from checks.attention import (EPS, attention_weights, frequencies, multi_head_attention, rotation,
                              sinusoidal_encoding, transformer)
from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, le
from checks.documents import MSML, ZHAO
from checks.strategies.attention import AttentionCase, PositionCase, attention_cases, position_cases


# ------------------------------------------------------------------------------------ causal attention
def _masked_after_softmax(Q: np.ndarray, K: np.ndarray) -> np.ndarray:
    """Softmax over all positions, then the future zeroed without renormalizing."""
    return np.tril(attention_weights(Q, K, causal=False))


def _torch_mha(case: AttentionCase) -> tuple[np.ndarray, np.ndarray, float]:
    """``torch.nn.MultiheadAttention`` loaded with the first block's weights and a causal mask, the
    concatenation of our heads followed by ``W_o`` on the same tokens, and the tolerance between them."""
    b, X = case.blocks[0], case.X
    D, h = X.shape[1], len(b.heads)
    mha = torch.nn.MultiheadAttention(D, h, bias=False, dtype=torch.float64)
    W_in = np.concatenate([np.concatenate([getattr(hd, w) for hd in b.heads], axis=1).T for w in ("Wq", "Wk", "Wv")])
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.from_numpy(W_in))
        mha.out_proj.weight.copy_(torch.from_numpy(b.Wo.T))
        x = torch.from_numpy(X).unsqueeze(1)
        mask = torch.triu(torch.ones(len(X), len(X), dtype=torch.bool), diagonal=1)
        out, _ = mha(x, x, x, attn_mask=mask, need_weights=False)
    ours = multi_head_attention(X, b.heads, b.Wo, causal=True)
    aX = np.abs(X)
    s_abs = max(float(np.max((aX @ np.abs(hd.Wq)) @ (aX @ np.abs(hd.Wk)).T)) / np.sqrt(hd.Wq.shape[1])
                for hd in b.heads)
    v_abs = max(float(np.max(aX @ np.abs(hd.Wv))) for hd in b.heads)
    n = 3 * D + len(X)
    tol = 4 * n * EPS * (1 + 2 * s_abs) * v_abs * float(np.max(np.abs(b.Wo).sum(axis=0)))
    return out.squeeze(1).numpy(), ours, tol


def _structure(case: AttentionCase, A: np.ndarray, upto_offset: int = 0, causal_stack: bool = True) -> list[Check]:
    T, d = case.V.shape
    V = case.V
    H = A @ V
    upper = int(np.count_nonzero(np.triu(A, 1)))
    row_tol = (2 * T + 4) * EPS
    checks = [equal(upper, 0, label="a_ij = 0 for j > i (count of nonzero entries above the diagonal)"),
              ge(float(A[np.tril_indices(T)].min()), 0.0, label="a_ij >= 0 for j <= i"),
              close(A.sum(axis=1), np.ones(T), tol=row_tol, label="rows of A sum to 1",
                    why="(2T + 4) eps: T exps, T - 1 additions, T divisions")]
    # support functionals in the coordinate directions and along +-v_j (a bounding-box and more)
    dirs = np.concatenate([np.eye(d), -np.eye(d), V, -V])
    worst: tuple[float, float, float] | None = None
    for i in range(T):
        past = V[: i + 1 - upto_offset]
        if len(past) == 0:
            continue
        for c in dirs:
            lhs, rhs = float(c @ H[i]), float(np.max(past @ c))
            tol = (3 * T + d + 6) * EPS * float(np.max(np.abs(V) @ np.abs(c)))
            if worst is None or lhs - rhs - tol > worst[0] - worst[1] - worst[2]:
                worst = (lhs, rhs, tol)
    if worst is not None:
        checks.append(le(worst[0], worst[1], tol=worst[2], label="c^T h_i <= max_{j<=i} c^T v_j (h_i in the hull)",
                         why="(3T + d + 6) eps max_j |c|^T |v_j|: row-sum error plus a length-(T + d) dot product"))
    out = transformer(case.X, case.blocks, causal=causal_stack, pre_norm=case.pre_norm)
    out2 = transformer(case.X_future, case.blocks, causal=causal_stack, pre_norm=case.pre_norm)
    t = case.t
    scale = 1.0 + float(np.max(np.abs(out[: t + 1])))
    checks.append(close(out2[: t + 1], out[: t + 1], tol=EPS * scale,
                        label="stack output at positions <= t unchanged by new tokens after t",
                        why="same operations on the same operands: one ulp of the output scale"))
    torch_out, ours, tol = _torch_mha(case)
    checks.append(close(torch_out, ours, tol=tol, label="torch MultiheadAttention = concat(heads) W_o",
                        why="4 (3D + T) eps (1 + 2 S) V |W_o|_1: first-order forward error of two evaluations, "
                            "S and V the scores and values computed in absolute values"))
    return checks


def causal_structure(case: AttentionCase) -> list[Check]:
    return _structure(case, attention_weights(case.Q, case.K, causal=True))


def mask_after_softmax(case: AttentionCase) -> list[Check]:
    return _structure(case, _masked_after_softmax(case.Q, case.K))[:4]


def bidirectional(case: AttentionCase) -> list[Check]:
    return _structure(case, attention_weights(case.Q, case.K, causal=False), causal_stack=False)


def strict_past_hull(case: AttentionCase) -> list[Check]:
    return _structure(case, attention_weights(case.Q, case.K, causal=True), upto_offset=1)[3:4]


CAUSAL = Claim(
    id="causal-softmax-attention-structure",
    title="Causal softmax attention: lower-triangular, row-stochastic, convex-hull outputs, causal stacks",
    statement="causal softmax weights form a lower-triangular matrix with nonnegative rows summing to 1, so "
              "h_i lies in conv{v_1..v_i}; a residual stack of causal attention and tokenwise sublayers has "
              "outputs at t independent of tokens after t; multi-head attention = concat(heads) W_o",
    sources=[Source(ZHAO, "Def. 15.2, §15.2.2, §15.3", ("ZHAO-134",))],
    kind="numeric",
    area="transformers",
    instances=attention_cases(),
    conclusion=causal_structure,
    proof_idea="Row i divides positive numbers by their sum over r <= i; a convex combination stays in the hull; "
               "attention rows <= t read only positions <= t and other sublayers are tokenwise, so induction "
               "over layers gives causality.",
    mutants=[
        Mutant("mask-after-softmax", "normalizing over all positions and then zeroing the future leaves rows "
               "with mass < 1 (and the normalizer reads future scores)", conclusion=mask_after_softmax),
        Mutant("bidirectional", "without the mask, weights above the diagonal are positive and outputs read "
               "future tokens", conclusion=bidirectional),
        Mutant("strict-past-hull", "position i also attends to itself, so h_i need not lie in the hull of "
               "v_1..v_{i-1} (a saturated diagonal weight puts h_i at v_i)", conclusion=strict_past_hull),
    ],
    examples=30,
)
test_causal_softmax_attention_structure = CAUSAL.test()


# --------------------------------------------------------------------------------- sinusoidal encodings
def _entry_error(p: float, d: int) -> np.ndarray:
    """Per frequency, the rounding bound ``2 eps |p ω_i| + eps`` of ``sin(p ω_i)`` and ``cos(p ω_i)``."""
    return 2 * EPS * np.abs(p * frequencies(d)) + EPS


def _inner(case: PositionCase, p: int, encode) -> Check:
    d, delta = case.d, case.delta
    P = encode(np.array([p, p + delta]), d)
    inner = float(P[0] @ P[1])
    expected = float(np.sum(np.cos(delta * frequencies(d))))
    tol = float(np.sum(2 * (_entry_error(p, d) + _entry_error(p + delta, d)) + _entry_error(delta, d))) + d * d * EPS
    return close(inner, expected, tol=tol, label="<PE_p, PE_{p+delta}> = sum_i cos(delta w_i)",
                 why="sum over frequencies of 2(e(p) + e(p + delta)) + e(delta), plus d^2 eps for the sums")


def _rotation(case: PositionCase, R: np.ndarray, shift) -> Check:
    d, p, delta = case.d, case.p, case.delta
    P = sinusoidal_encoding(np.array([p, p + delta]), d)
    tol = float(np.max(2 * _entry_error(delta, d) + 2 * _entry_error(p, d) + _entry_error(p + delta, d))) + 2 * EPS
    return close(shift(P[0], R), P[1], tol=tol, label="PE_{p+delta} = R(delta) PE_p",
                 why="2 e(delta) + 2 e(p) + e(p + delta) + 2 eps per coordinate")


def encodings(case: PositionCase) -> list[Check]:
    R = rotation(case.delta, case.d)
    return [_inner(case, case.p, sinusoidal_encoding), _inner(case, case.p2, sinusoidal_encoding),
            _rotation(case, R, lambda x, R: R @ x)]


def _sine_only(positions: np.ndarray, d: int) -> np.ndarray:
    ang = np.asarray(positions, dtype=float).reshape(-1, 1) * frequencies(d)
    return np.repeat(np.sin(ang), 2, axis=1)


def sine_only(case: PositionCase) -> list[Check]:
    return [_inner(case, case.p, _sine_only), _inner(case, case.p2, _sine_only)]


def additive(case: PositionCase) -> Check:
    c = sinusoidal_encoding(np.array([1]), case.d)[0] - sinusoidal_encoding(np.array([0]), case.d)[0]
    return _rotation(case, np.eye(case.d), lambda x, R: x + case.delta * c)


def one_frequency(case: PositionCase) -> Check:
    d = case.d
    w0 = frequencies(d)[0]
    c, s = np.cos(case.delta * w0), np.sin(case.delta * w0)
    R = np.kron(np.eye(d // 2), np.array([[c, s], [-s, c]]))
    return _rotation(case, R, lambda x, R: R @ x)


SINUSOIDAL = Claim(
    id="sinusoidal-encoding-offset-rotation",
    title="Sinusoidal position encodings: inner products depend on the offset only; shifts are rotations",
    statement="for PE_{p,2i} = sin(p w_i), PE_{p,2i+1} = cos(p w_i), w_i = 10000^(-2i/d): "
              "<PE_p, PE_{p+delta}> = sum_i cos(delta w_i) for every p, and PE_{p+delta} = R(delta) PE_p "
              "with R(delta) block-diagonal rotations by delta w_i",
    sources=[Source(MSML, "Ch. 24, line 1557", ("MSML-313",))],
    kind="numeric",
    area="transformers",
    instances=position_cases(),
    conclusion=encodings,
    proof_idea="sin a sin b + cos a cos b = cos(a - b) frequency by frequency; the addition formulas for sin and "
               "cos of p w + delta w are a rotation of (sin p w, cos p w) by the angle delta w.",
    mutants=[
        Mutant("sine-only", "with sin in both slots, sin(pw) sin((p+delta)w) = (cos(delta w) - cos((2p+delta)w))/2 "
               "depends on p", conclusion=sine_only),
        Mutant("additive-shift", "a shift is a rotation, not a translation PE_p + delta (PE_1 - PE_0): the "
               "entries stay bounded by 1", conclusion=additive),
        Mutant("one-frequency-rotation", "each frequency pair rotates by its own angle delta w_i, not by "
               "delta w_0", conclusion=one_frequency),
    ],
    examples=60,
)
test_sinusoidal_encoding_offset_rotation = SINUSOIDAL.test()
