"""Training compute ``C ≈ 6ND``: FLOPs counted on explicit networks, and where the rule breaks.

Statement.  A bias-free MLP with ``P`` weights, trained for ``T`` steps of ``B`` tokens
(``D = TB`` tokens in all), costs exactly ``2PB`` FLOPs per forward pass and ``6PD`` FLOPs in all
(2 per weight per token forward, 4 backward: the gradients of the inputs and of the weights);
without the input gradient of the first layer it is ``6PD - 2 P_1 D``.  The steps are already in
``D``, so ``6NDT`` counts them twice.  A self-attention layer (``P = 4d²`` projection weights,
sequences of length ``n``) adds the score and mixing products: forward ``2P·bn + 4bn²d``, training
``6PD + 12bn²d``, i.e. ``6ND`` underestimates by the factor ``1 + n/(2d)``.

Sources.  *The Mathematical Structure of ML*, Ch. 24: App. A row C (MSML-341), the Gopher /
Chinchilla comparison of C.10 (MSML-81: 6·280e9·300e9 and 6·70e9·1.4e12 differ by 7/6), and the
statements MSML-83 and MSML-297 audited below.

Proof idea.  ``y = xW`` with ``x ∈ R^{B×m}``, ``W ∈ R^{m×k}`` takes ``Bmk`` multiply-adds; its
backward pass computes ``∂x = ∂y Wᵀ`` and ``∂W = xᵀ ∂y``, ``Bmk`` each.  Summing over layers gives
``2PB`` and ``4PB`` FLOPs.  The products ``QKᵀ`` and ``AV`` take ``n²d`` multiply-adds per sequence
each and involve no weights.  Counts are taken by ``torch.utils.flop_counter`` on real tensors.
"""

from __future__ import annotations

from fractions import Fraction

import torch
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, ge, le
from checks.documents import MSML
from checks.scaling import counted_flops
from checks.strategies.scaling import AttentionShape, Stack, attention_shapes, stacks

DEVICE = "cuda" if torch.cuda.is_available() else "cpu"


def _weights(widths: tuple[int, ...], seed: int) -> list[torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(m, k, dtype=torch.float64, generator=g).to(DEVICE).requires_grad_(True)
            for m, k in zip(widths, widths[1:])]


def _mlp_counts(s: Stack, input_grad: bool) -> tuple[int, int, int, int]:
    """(P, P_1, forward FLOPs of one step, FLOPs of T training steps)."""
    W = _weights(s.widths, s.seed)
    g = torch.Generator().manual_seed(s.seed + 1)

    def forward(x: torch.Tensor) -> torch.Tensor:
        for i, w in enumerate(W):
            x = x @ w
            if i < len(W) - 1:
                x = torch.relu(x)
        return x.square().sum()

    def batch() -> torch.Tensor:
        x = torch.randn(s.tokens, s.widths[0], dtype=torch.float64, generator=g).to(DEVICE)
        return x.requires_grad_(input_grad)

    def train() -> None:
        for _ in range(s.steps):
            forward(batch()).backward()

    P = sum(w.numel() for w in W)
    return P, W[0].numel(), counted_flops(lambda: forward(batch())), counted_flops(train)


def _gopher_chinchilla() -> Check:
    return equal(Fraction(6 * 70 * 10**9 * 14 * 10**11, 6 * 280 * 10**9 * 300 * 10**9), Fraction(7, 6),
                 label="Chinchilla (70B, 1.4T) / Gopher (280B, 300B) compute = 7/6: similar")


def _training_vs(s: Stack, per_token: int, extra: int) -> tuple[int, int]:
    """(counted training FLOPs, per_token x N x D x extra)."""
    P, _, _, full = _mlp_counts(s, input_grad=True)
    return full, per_token * P * s.steps * s.tokens * extra


def six_nd_claim(s: Stack) -> list[Check]:
    D = s.steps * s.tokens
    P, P1, fwd, full = _mlp_counts(s, input_grad=True)
    _, _, _, weights_only = _mlp_counts(s, input_grad=False)
    return [equal(fwd, 2 * P * s.tokens, label="forward = 2 FLOPs per weight per token"),
            equal(full, 6 * P * D, label="training = 6 N D (D = steps x tokens per step)"),
            equal(weights_only, 6 * P * D - 2 * P1 * D, label="no input gradient: 6ND - 2 P_1 D"),
            le(weights_only, 6 * P * D, label="C <= 6ND"),
            _gopher_chinchilla()]


SIX_ND = Claim(
    id="training-compute-six-nd",
    title="Training compute of a dense network: C = 6ND",
    statement="a bias-free MLP with N weights trained on D tokens in all (any split into steps) costs exactly 2N FLOPs "
              "per token forward and 6ND in all (6ND - 2 N_1 D without the first layer's input gradient)",
    sources=[Source(MSML, "Ch. 24, App. A row C (line ~1651); C.10 Gopher vs Chinchilla", ("MSML-341", "MSML-81"))],
    kind="exact",
    area="scaling",
    instances=stacks(),
    conclusion=six_nd_claim,
    proof_idea="A matmul of a B x m input with an m x k weight is Bmk multiply-adds; its backward pass is two more "
               "(input and weight gradients). Activations cost no multiply-adds.",
    mutants=[
        Mutant("forward-only", "the backward pass costs twice the forward pass, so training is 6ND, not 2ND",
               conclusion=lambda s: equal(*_training_vs(s, 2, 1), label="training = 2ND")),
        Mutant("steps-counted-twice", "with D the total tokens, 6NDT counts the steps twice",
               conclusion=lambda s: equal(*_training_vs(s, 6, s.steps), label="training = 6 N D T"),
               instances=stacks(steps_min=2)),
    ],
    examples=20,
)
test_training_compute_six_nd = SIX_ND.test()


def _attention_counts(a: AttentionShape) -> tuple[int, int]:
    g = torch.Generator().manual_seed(a.seed)
    W = [torch.randn(a.d, a.d, dtype=torch.float64, generator=g).to(DEVICE).requires_grad_(True) for _ in range(4)]
    x = torch.randn(a.batch, a.n, a.d, dtype=torch.float64, generator=g).to(DEVICE).requires_grad_(True)

    def forward() -> torch.Tensor:
        q, k, v = x @ W[0], x @ W[1], x @ W[2]
        att = torch.softmax(q @ k.transpose(-1, -2) / a.d ** 0.5, dim=-1)
        return ((att @ v) @ W[3]).sum()

    return counted_flops(forward), counted_flops(lambda: forward().backward())


def attention_claim(a: AttentionShape) -> list[Check]:
    P, D = 4 * a.d * a.d, a.batch * a.n
    fwd, full = _attention_counts(a)
    return [equal(fwd, 2 * P * D + 4 * a.batch * a.n**2 * a.d, label="forward = 2PD + 4 b n^2 d"),
            equal(full, 6 * P * D + 12 * a.batch * a.n**2 * a.d, label="training = 6PD + 12 b n^2 d"),
            equal(Fraction(full, 6 * P * D), 1 + Fraction(a.n, 2 * a.d), label="C / 6ND = 1 + n/(2d)"),
            ge(full, 6 * P * D, label="6ND underestimates attention")]


ATTENTION = Claim(
    id="training-compute-attention-term",
    title="Where C = 6ND breaks: the attention term",
    statement="a single-head self-attention layer of width d (4d^2 weights) on sequences of length n costs "
              "6ND + 12 b n^2 d FLOPs to train on D = bn tokens, i.e. (1 + n/(2d)) 6ND",
    sources=[Source(MSML, "Ch. 24, App. A row C ('ignoring attention's n^2 term')", ("MSML-341",))],
    kind="exact",
    area="scaling",
    instances=attention_shapes(),
    conclusion=attention_claim,
    proof_idea="The projections are matmuls with weights (6 FLOPs per weight per token); QK^T and AV are n x d x n "
               "products per sequence with no weights, forward 2 n^2 d each, backward twice that.",
    mutants=[Mutant("six-nd-exact-for-attention", "the score and mixing products add 12 b n^2 d > 0 FLOPs",
                    conclusion=lambda a: equal(_attention_counts(a)[1], 6 * 4 * a.d * a.d * a.batch * a.n,
                                               label="training = 6ND"))],
    examples=20,
)
test_training_compute_attention_term = ATTENTION.test()


# --- audits ---------------------------------------------------------------------------------------

DOUBLE_COUNT = Claim(
    id="training-compute-6ndt-as-printed",
    title="C.10 / C.1: 'C >= 6NDT' with D the tokens processed and T the steps (as printed)",
    statement="training N parameters on D tokens in T optimization steps needs at least 6NDT FLOPs",
    sources=[Source(MSML, "Ch. 24, C.10 (line 272), C.1 code (line 417)", ("MSML-83",))],
    kind="exact",
    area="scaling",
    instances=stacks(),
    conclusion=lambda s: ge(*_training_vs(s, 6, s.steps), label="counted FLOPs >= 6 N D T"),
    proof_idea="The counted cost is exactly 6ND: the steps are already in D = T x tokens per step.",
    audit=True,
    corrected="training-compute-six-nd",
    finding="6ND already counts every token processed, so 6NDT counts the steps twice (a factor T too large; "
            "quadratic in steps). Correct: C ≈ 6ND with D = total tokens = T x tokens per step.",
    examples=20,
)
test_training_compute_6ndt_as_printed = DOUBLE_COUNT.test()


def _epoch_time(u: Fraction) -> Check:
    seconds = Fraction(10**18) / (1000 * Fraction(10**14) * u)
    return ge(seconds, Fraction(1000, 2), label="1e18 FLOP on 1000 x 1e14 FLOP/s at utilization u takes ≈ 1e3 s "
                                                "(read generously: >= 500 s)")


EPOCH_TIME = Claim(
    id="training-compute-epoch-time-as-printed",
    title="'1e18 FLOPs per epoch ... ~1e3 seconds on 1000 GPUs (each ~1e14 FLOPS)' (as printed)",
    statement="an epoch of 1e18 FLOPs takes about 1e3 s on 1000 devices of 1e14 FLOP/s",
    sources=[Source(MSML, "Ch. 24, line 1536", ("MSML-297",))],
    kind="exact",
    area="scaling",
    instances=st.builds(Fraction, st.integers(10, 100), st.just(100)),
    conclusion=_epoch_time,
    proof_idea="1e18 / (1e3 x 1e14 x u) = 10/u s, at most 100 s for utilization u >= 1/10.",
    audit=True,
    corrected="training-compute-six-nd",
    finding="1e18/(1e3 · 1e14) = 10 s, not 1e3 s (100x off); 1e5 such epochs take 11.6 days, not '~100 days', and "
            "steps are conflated with epochs. Training also costs ≈ 6nd FLOPs, not nd.",
    examples=20,
)
test_training_compute_epoch_time_as_printed = EPOCH_TIME.test()
