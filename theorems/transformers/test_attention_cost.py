"""Compute cost of attention layers and of an epoch of transformer training, as exact operation counts.

Statement.
- One attention layer on ``n`` tokens of width ``d`` with head widths ``d_k`` (queries, keys) and ``d_v``
  (values): ``QKᵀ`` costs ``n² d_k`` multiply-adds (``2 n² d_k`` FLOPs), ``A V`` costs ``2 n² d_v`` FLOPs and
  the three projections ``2 n d (2 d_k + d_v)`` FLOPs (``6 n d d_k`` when ``d_v = d_k``): the quadratic term
  is ``2 n² (d_k + d_v)``, i.e. ``O(n² d)``, not ``O(n d²)``.  An ``n × n × n`` GEMM in float32 performs
  ``2n³`` FLOPs on ``3n²·4`` bytes of operands, arithmetic intensity ``n/6``, whereas a row softmax of an
  ``n × n`` matrix performs 5 operations per entry (max, subtract, exp, sum, divide) on 8 bytes per entry
  (read and write), intensity ``5/8`` for every ``n``: the GEMMs become compute-bound as ``n`` grows while
  the softmax stays memory-bound.
- An ``N``-layer single-head transformer ``X_{l+1} = V_l softmax(Q_lᵀK_l/√d)``, ``X_l ∈ R^{d×L}``, with
  ``W^q_l, W^k_l, W^v_l ∈ R^{d×d}``, run on ``M`` tokens cut into ``M/L`` sections of length ``L``: the
  forward pass of an epoch costs exactly ``M N (3d² + 2dL)`` multiply-adds and ``M N L`` exponentials,
  which is ``Θ(M N d (d + L))`` (between ``2`` and ``3`` times ``M N d (d + L)``); the backward pass of the
  matrix products costs ``2·forward - 3 M d²`` multiply-adds (the input of the first layer needs no
  gradient), between one and two forward passes.

Sources.  *The Mathematical Structure of Machine Learning*, Ch. 24, lines 1508 and 1548 (MSML-272:
"O(n²d) attention", "matrix multiplication has intensity O(n), softmax O(1)"); Arora et al., *Theory of
Deep Learning*, Problem 15.1.1 (ARORA-1069, training time of an epoch in terms of ``M, N, L, d``).

Proof idea.  A product of an ``a × b`` and a ``b × c`` matrix takes ``abc`` multiply-adds.  The
projections are three ``d × d`` by ``d × L`` products (``3d²L``); the scores ``QᵀK`` and the weighted sum
``V P`` are ``L × d × L`` and ``d × L × L`` products (``2dL²``); there are ``M/L`` sections and ``N``
layers, so ``(M/L) N (3d²L + 2dL²) = M N (3d² + 2dL)``.  Backpropagating through ``C = AB`` computes
``∂A = ∂C Bᵀ`` and ``∂B = Aᵀ ∂C``, each as costly as the forward product, except that no ``∂X`` is
formed for the data.

Everything is an integer identity: the counts come from an instrumented ``einsum`` implementation and,
independently, from ``torch.utils.flop_counter.FlopCounterMode`` on a torch implementation.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import torch
from torch.utils.flop_counter import FlopCounterMode

from checks.attention import MacCounter, row_attention_layer, transformer_epoch_macs
from checks.claim import Check, Claim, Mutant, Source, equal, ge, le
from checks.documents import ARORA, MSML
from checks.strategies.attention import EpochCase, LayerShape, epoch_cases, layer_shapes

SOFTMAX_OPS_PER_ENTRY = 5
"""max, subtract, exp, sum, divide: the elementwise work of a numerically stable softmax."""


def _torch_flops(fn, *args: torch.Tensor) -> int:
    with FlopCounterMode(display=False) as fc:
        fn(*args)
    return int(fc.get_total_flops())


# ------------------------------------------------------------------------------------- one layer
def _layer_counts(s: LayerShape) -> tuple[MacCounter, dict[str, int]]:
    rng = np.random.default_rng(s.seed)
    X = rng.normal(size=(s.n, s.d))
    Wq, Wk, Wv = rng.normal(size=(s.d, s.dk)), rng.normal(size=(s.d, s.dk)), rng.normal(size=(s.d, s.dv))
    counter = MacCounter()
    row_attention_layer(X, Wq, Wk, Wv, counter)
    t = {k: torch.from_numpy(v) for k, v in dict(X=X, Wq=Wq, Wk=Wk, Wv=Wv).items()}
    Q, K, V = t["X"] @ t["Wq"], t["X"] @ t["Wk"], t["X"] @ t["Wv"]
    P = torch.softmax(Q @ K.T / np.sqrt(s.dk), dim=1)
    flops = {"projections": sum(_torch_flops(torch.matmul, t["X"], t[w]) for w in ("Wq", "Wk", "Wv")),
             "scores": _torch_flops(torch.matmul, Q, K.T),
             "weighted sum": _torch_flops(torch.matmul, P, V)}
    return counter, flops


def _intensities(n: int) -> tuple[Fraction, Fraction]:
    """(GEMM, softmax) arithmetic intensities in FLOPs per byte for float32 ``n × n`` operands."""
    A = torch.zeros(n, n, dtype=torch.float32)
    gemm = Fraction(_torch_flops(torch.matmul, A, A), 3 * A.numel() * A.element_size())
    softmax = Fraction(SOFTMAX_OPS_PER_ENTRY * A.numel(), 2 * A.numel() * A.element_size())
    return gemm, softmax


def layer_cost(s: LayerShape, score=lambda s: s.n**2 * s.dk, weighted=lambda s: s.n**2 * s.dv,
               intensity=lambda n: Fraction(n, 6)) -> list[Check]:
    counter, flops = _layer_counts(s)
    n, d, dk, dv = s.n, s.d, s.dk, s.dv
    checks = [equal(counter.macs["scores"], score(s), label="QK^T: n^2 d_k multiply-adds"),
              equal(flops["scores"], 2 * score(s), label="QK^T: 2 n^2 d_k FLOPs (torch FlopCounterMode)"),
              equal(counter.macs["weighted sum"], weighted(s), label="AV: n^2 d_v multiply-adds"),
              equal(flops["weighted sum"], 2 * weighted(s), label="AV: 2 n^2 d_v FLOPs (torch)"),
              equal(flops["projections"], 2 * n * d * (2 * dk + dv), label="projections: 2 n d (2 d_k + d_v) FLOPs"),
              equal(counter.macs["projections"], n * d * (2 * dk + dv), label="projections: n d (2 d_k + d_v) MACs"),
              equal(counter.exps, n * n, label="n^2 exponentials")]
    if dk == dv:
        checks.append(equal(flops["projections"], 6 * n * d * dk, label="projections: 6 n d d_k FLOPs (d_v = d_k)"))
    gemm, softmax = _intensities(n)
    checks += [equal(gemm, intensity(n), label="n x n x n float32 GEMM intensity = n/6 FLOP/byte"),
               equal(softmax, Fraction(SOFTMAX_OPS_PER_ENTRY, 8), label="softmax intensity 5/8 for every n")]
    return checks


LAYER = Claim(
    id="attention-layer-flop-count",
    title="Attention layer cost: 2n²d_k for QKᵀ, 2n²d_v for AV, 2nd(2d_k + d_v) for projections; intensities",
    statement="QK^T costs 2 n^2 d_k FLOPs, AV 2 n^2 d_v, the projections 2 n d (2 d_k + d_v) (= 6 n d d_k when "
              "d_v = d_k); a float32 n x n x n GEMM has intensity n/6 FLOP/byte and a row softmax 5/8 for every n",
    sources=[Source(MSML, "Ch. 24, lines 1508, 1548", ("MSML-272",))],
    kind="exact",
    area="transformers",
    instances=layer_shapes(),
    conclusion=layer_cost,
    proof_idea="An (a x b)(b x c) product takes abc multiply-adds; the GEMM touches 3n^2 floats for 2n^3 FLOPs, "
               "the softmax a constant number of operations per entry read and written.",
    mutants=[
        Mutant("scores-n-dk-squared", "the score matrix has n^2 entries, each a length-d_k dot product: the "
               "cost is n^2 d_k, not n d_k^2", conclusion=lambda s: layer_cost(s, score=lambda s: s.n * s.dk**2)),
        Mutant("weighted-sum-n-dv-squared", "A V multiplies an n x n by an n x d_v matrix: n^2 d_v, not n d_v^2",
               conclusion=lambda s: layer_cost(s, weighted=lambda s: s.n * s.dv**2)),
        Mutant("gemm-intensity-constant", "the GEMM's FLOPs grow as n^3 while its bytes grow as n^2, so its "
               "intensity is not a constant", conclusion=lambda s: layer_cost(s, intensity=lambda n: Fraction(1, 6))),
    ],
    examples=15,
)
test_attention_layer_flop_count = LAYER.test()


# ------------------------------------------------------------------------------------- an epoch
def _epoch(c: EpochCase) -> tuple[MacCounter, int, int]:
    rng = np.random.default_rng(c.seed)
    tokens = rng.normal(size=(c.d, c.M))
    layers = tuple(tuple(rng.normal(size=(c.d, c.d)) / np.sqrt(c.d) for _ in range(3)) for _ in range(c.N))
    counter = transformer_epoch_macs(tokens, layers, c.L)
    Ws = [[torch.tensor(W, requires_grad=True) for W in layer] for layer in layers]
    fwd = bwd = 0
    for s in range(c.M // c.L):
        X = torch.from_numpy(tokens[:, s * c.L:(s + 1) * c.L])
        with FlopCounterMode(display=False) as fc:
            for Wq, Wk, Wv in Ws:
                Q, K, V = Wq @ X, Wk @ X, Wv @ X
                X = V @ torch.softmax(Q.T @ K / np.sqrt(c.d), dim=0)
        fwd += int(fc.get_total_flops())
        with FlopCounterMode(display=False) as fc:
            X.sum().backward()
        bwd += int(fc.get_total_flops())
    return counter, fwd, bwd


def epoch_cost(c: EpochCase, formula=lambda c: c.M * c.N * (3 * c.d**2 + 2 * c.d * c.L)) -> list[Check]:
    counter, fwd, bwd = _epoch(c)
    M, N, L, d = c.M, c.N, c.L, c.d
    total = counter.total
    theta = M * N * d * (d + L)
    return [equal(total, formula(c), label="forward multiply-adds = M N (3 d^2 + 2 d L)"),
            equal(fwd, 2 * formula(c), label="torch forward FLOPs = 2 M N (3 d^2 + 2 d L)"),
            equal(counter.exps, M * N * L, label="M N L exponentials"),
            ge(total, 2 * theta, label="multiply-adds >= 2 M N d (d + L)"),
            le(total, 3 * theta, label="multiply-adds <= 3 M N d (d + L)"),
            equal(bwd, 2 * fwd - 2 * 3 * M * d**2, label="backward FLOPs = 2 forward - 6 M d^2 (no data gradient)"),
            le(bwd, 2 * fwd, label="backward <= 2 forward"), ge(bwd, fwd, label="backward >= forward")]


EPOCH = Claim(
    id="transformer-epoch-cost",
    title="Training cost of an N-layer single-head transformer: M N (3d² + 2dL) multiply-adds per epoch",
    statement="an epoch of the N-layer single-head transformer X_{l+1} = V_l softmax(Q_l^T K_l / sqrt d) over M "
              "tokens in sections of length L costs exactly M N (3 d^2 + 2 d L) multiply-adds forward, "
              "Theta(M N d (d + L)), and a backward pass of 2 forward - 3 M d^2",
    sources=[Source(ARORA, "Problem 15.1.1", ("ARORA-1069",))],
    kind="exact",
    area="transformers",
    instances=epoch_cases(),
    conclusion=epoch_cost,
    proof_idea="Per section and layer: three d x d by d x L products (3 d^2 L) and two L^2 d products for the "
               "scores and the weighted sum; M/L sections, N layers.  Backward: two products per product, "
               "minus the unneeded data gradient of the first layer.",
    mutants=[
        Mutant("ignores-attention", "the scores and the weighted sum add 2 d L multiply-adds per token and "
               "layer, which dominate when L >> d",
               conclusion=lambda c: epoch_cost(c, lambda c: 3 * c.M * c.N * c.d**2)),
        Mutant("quadratic-per-token", "each token attends to L positions, so the attention cost per token "
               "is 2 d L, not 2 d L^2",
               conclusion=lambda c: epoch_cost(c, lambda c: c.M * c.N * (3 * c.d**2 + 2 * c.d * c.L**2))),
    ],
    examples=15,
)
test_transformer_epoch_cost = EPOCH.test()
