"""Equivariance of architectures: convolutions commute with cyclic shifts, self-attention and message
passing commute with permutations of the tokens / nodes, and message passing is local.

Statement.
- A stack of stride-1 circular convolutions with pointwise ReLU satisfies ``f(T_delta x) = T_delta f(x)``
  for every integer shift, and global sum (average) pooling is invariant: ``sum f(T_delta x) = sum f(x)``.
  Zero padding breaks this at the boundary; a stride-2 convolution maps an odd shift to no shift at all.
- A Transformer encoder layer (self-attention without mask or positional encoding, residuals, LayerNorm,
  position-wise MLP) satisfies ``f(P X) = P f(X)`` for every permutation matrix ``P``; a causal mask or
  added positional encodings break it.
- A message-passing layer ``H' = relu(A H W1 + H W2)`` satisfies ``f(P A P^T, P H) = P f(A, H)``, and after
  ``k`` layers node ``i``'s output does not depend on the features of nodes at distance ``> k``.

Sources.  MSML Ch. 24 on CNN translation equivariance and pooling (MSML-311), on self-attention without
positional encoding (MSML-312) and on GNN permutation equivariance and k-hop receptive fields (MSML-314).

Proof idea.  Circular convolution is a sum over ``k`` of ``c_k x_{i+k}``, and the index map ``i -> i - delta``
commutes with ``i -> i + k`` modulo ``n``; ReLU acts pointwise.  Attention's token reductions are sums over
all tokens (invariant to their order) and every other map is applied token-wise.  For graphs,
``(P A P^T)(P H) = P (A H)``.  ``A^k`` has zero entries beyond distance ``k``.  Convolutions and graphs use
exact rationals; attention uses floats whose token sums are exactly rounded (``math.fsum``), so both sides are
the same floating-point numbers and the comparisons are with tolerance 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.architectures import circular_conv, encoder_layer, graph_distances, message_passing, relu, shift
from checks.claim import Check, Claim, Mutant, Source, equal, holds, le
from checks.documents import MSML
from checks.strategies.architectures import matrices, rationals

SEEDS = st.integers(0, 2 ** 32 - 1)


# ---------------------------------------------------------------------------------------------- CNN
@dataclass(frozen=True)
class ConvCase:
    x: tuple
    kernels: tuple
    delta: int


@st.composite
def conv_cases(draw, positive: bool = False, even: bool = False, odd_shift: bool = False) -> ConvCase:
    n = draw(st.integers(2, 8).map(lambda m: 2 * (m // 2) if even else m).filter(lambda m: m >= 2))
    ent = st.integers(1, 5) if positive else st.integers(-5, 5)
    x = tuple(Fraction(v) for v in draw(st.lists(ent, min_size=n, max_size=n)))
    kernels = tuple(tuple(Fraction(v) for v in draw(st.lists(ent, min_size=1 if not positive else 2, max_size=3)))
                    for _ in range(draw(st.integers(1, 3))))
    delta = draw(st.integers(0, n - 1).filter(lambda d: d % 2 == 1) if odd_shift else st.integers(-n, 2 * n))
    return ConvCase(x, kernels, delta)


def conv_net(x, kernels, circular: bool = True, stride: int = 1) -> list:
    h = list(x)
    for l, k in enumerate(kernels):
        h = [relu(v) for v in circular_conv(h, k, stride=stride if l == 0 else 1, circular=circular)]
    return h


def conv_checks(c: ConvCase, circular: bool = True) -> list[Check]:
    fx, ftx = conv_net(c.x, c.kernels, circular), conv_net(shift(c.x, c.delta), c.kernels, circular)
    return [equal(tuple(ftx), tuple(shift(fx, c.delta)), label="f(T_delta x) == T_delta f(x)"),
            equal(sum(ftx, Fraction(0)), sum(fx, Fraction(0)), label="global pooling: sum f(T_delta x) == sum f(x)")]


def _strided_is_shift(c: ConvCase) -> Check:
    fx, ftx = conv_net(c.x, c.kernels, stride=2), conv_net(shift(c.x, c.delta), c.kernels, stride=2)
    return holds(any(tuple(ftx) == tuple(shift(fx, j)) for j in range(len(fx))),
                 label="stride 2: f(T_delta x) is some cyclic shift of f(x)")


CONV = Claim(
    id="cnn-circular-shift-equivariance",
    title="Circular stride-1 convolutions with ReLU commute with cyclic shifts; global pooling is invariant",
    statement="For a stack of stride-1 circular convolutions and pointwise ReLUs, f(T_delta x) = T_delta f(x) for every "
              "integer shift delta, and global sum/average pooling of f is shift-invariant",
    sources=[Source(MSML, "translation equivariance of convolutions; invariance via pooling", ("MSML-311",))],
    kind="exact",
    area="architectures",
    instances=conv_cases(),
    conclusion=conv_checks,
    proof_idea="(c * T x)_i = sum_k c_k x_{i+k-delta} = (c * x)_{i-delta}; ReLU is pointwise; a sum over all positions "
               "is invariant to relabelling them.",
    mutants=[
        Mutant("zero-padding", "without wrap-around the window at the end loses the entries shifted past the border",
               conclusion=lambda c: conv_checks(c, circular=False),
               instances=conv_cases(positive=True).filter(lambda c: c.delta % len(c.x) != 0)),
        Mutant("strided-odd-shift", "stride 2 keeps the even positions; an odd shift moves the odd positions there",
               conclusion=_strided_is_shift,
               instances=conv_cases(positive=True, even=True, odd_shift=True)),
    ],
    examples=60,
)
test_cnn_circular_shift_equivariance = CONV.test()


# --------------------------------------------------------------------------------------- attention
@dataclass(frozen=True)
class EncoderCase:
    X: np.ndarray
    weights: tuple
    perm: tuple[int, ...]
    positions: np.ndarray

    def __repr__(self) -> str:
        return f"EncoderCase(n={self.X.shape[0]}, d={self.X.shape[1]}, perm={self.perm}, X={np.round(self.X, 3).tolist()})"


@st.composite
def encoder_cases(draw) -> EncoderCase:
    n, d, dk, width = draw(st.integers(2, 6)), draw(st.integers(3, 5)), draw(st.integers(1, 4)), draw(st.integers(1, 6))
    rng = np.random.default_rng(draw(SEEDS))
    perm = tuple(draw(st.permutations(range(n)).filter(lambda p: list(p) != list(range(n)))))
    weights = (rng.normal(size=(d, dk)) / np.sqrt(d), rng.normal(size=(d, dk)) / np.sqrt(d), rng.normal(size=(d, d)),
               rng.normal(size=(d, width)), rng.normal(size=(width, d)) / np.sqrt(width))
    return EncoderCase(rng.normal(size=(n, d)), weights, perm, rng.normal(size=(n, d)))


def attention_checks(c: EncoderCase, causal: bool = False, positional: bool = False, tol: float = 0.0) -> Check:
    P = list(c.perm)
    E = c.positions if positional else 0.0
    lhs = encoder_layer(c.X[P] + E, *c.weights, causal=causal)
    rhs = encoder_layer(c.X + E, *c.weights, causal=causal)[P]
    return le(float(np.max(np.abs(lhs - rhs))), 0.0, tol, label="max |f(P X) - P f(X)| == 0",
              why="token reductions are exactly rounded sums and the rest is token-wise: the same floats; a mutant "
                  "is only counted as caught beyond 1e-6, far above any rounding of these O(1) outputs")


ATTENTION = Claim(
    id="attention-permutation-equivariance",
    title="A Transformer encoder layer without mask or positions is permutation-equivariant",
    statement="For self-attention without mask and without positional encoding, followed by residuals, LayerNorm and a "
              "position-wise MLP, f(P X) = P f(X) for every permutation matrix P",
    sources=[Source(MSML, "self-attention without positional encoding (assumption: no causal mask)", ("MSML-312",))],
    kind="numeric",
    area="architectures",
    instances=encoder_cases(),
    conclusion=attention_checks,
    proof_idea="softmax((P Q)(P K)^T) = P softmax(Q K^T) P^T, so A(P X) = P A(X); LayerNorm and the MLP act per token.",
    mutants=[Mutant("causal-mask", "the first token after permuting attends only to itself, not to all tokens",
                    conclusion=lambda c: attention_checks(c, causal=True, tol=1e-6)),
             Mutant("positional-encoding", "added positions stay in place while the tokens move",
                    conclusion=lambda c: attention_checks(c, positional=True, tol=1e-6))],
    examples=30,
)
test_attention_permutation_equivariance = ATTENTION.test()


# --------------------------------------------------------------------------------------------- GNN
@dataclass(frozen=True)
class GraphCase:
    A: tuple
    H: tuple
    W1: tuple
    W2: tuple
    layers: int
    perm: tuple[int, ...]
    node: int
    other: int


@st.composite
def graph_cases(draw, positive: bool = False, at_distance: str = "any") -> GraphCase:
    n, f = draw(st.integers(2, 7)), draw(st.integers(1, 2))
    # a path 0-1-...-(n-1) plus random chords keeps the graph connected with a range of distances
    A = [[0] * n for _ in range(n)]
    for i in range(n - 1):
        A[i][i + 1] = A[i + 1][i] = 1
    for i in range(n):
        for j in range(i + 2, n):
            if draw(st.integers(0, 4)) == 0:
                A[i][j] = A[j][i] = 1
    ent = st.builds(Fraction, st.integers(1, 4), st.integers(1, 3)) if positive else rationals()
    H = draw(matrices(n, f, ent))
    W1, W2 = draw(matrices(f, f, ent)), draw(matrices(f, f, ent))
    node, other = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
    dist = graph_distances(A, node)[other]
    layers = {"any": draw(st.integers(1, 3)), "equal": int(dist)}[at_distance]
    perm = tuple(draw(st.permutations(range(n))))
    return GraphCase(tuple(map(tuple, A)), H, W1, W2, layers, perm, node, other)


def gnn(A, H, W1, W2, layers: int) -> list[list]:
    for _ in range(layers):
        H = message_passing(A, H, W1, W2)
    return [list(r) for r in H]


def gnn_checks(g: GraphCase, positional: bool = False, reach: int = 0) -> list[Check]:
    n, P = len(g.A), list(g.perm)
    PA = [[g.A[P[i]][P[j]] for j in range(n)] for i in range(n)]
    PH = [g.H[P[i]] for i in range(n)]
    if positional:   # a node-index feature (kept in place) added to the first channel
        tag = lambda H: [[v + (c == 0) * (i + 1) for c, v in enumerate(row)] for i, row in enumerate(H)]
        lhs, base = gnn(PA, tag(PH), g.W1, g.W2, g.layers), gnn(g.A, tag(list(g.H)), g.W1, g.W2, g.layers)
    else:
        lhs, base = gnn(PA, PH, g.W1, g.W2, g.layers), gnn(g.A, list(g.H), g.W1, g.W2, g.layers)
    out = [equal(tuple(map(tuple, lhs)), tuple(tuple(base[P[i]]) for i in range(n)),
                 label="f(P A P^T, P H) == P f(A, H)")]
    dist = graph_distances(g.A, g.node)[g.other]
    if dist > g.layers - reach:     # perturb the far node: node's output must not move
        H2 = [list(r) for r in g.H]
        H2[g.other] = [v + 1 for v in H2[g.other]]
        out.append(equal(tuple(gnn(g.A, H2, g.W1, g.W2, g.layers)[g.node]), tuple(base[g.node]),
                         label=f"node {g.node} after {g.layers} layers ignores node {g.other} at distance {dist}"))
    return out


GNN = Claim(
    id="gnn-permutation-equivariance-locality",
    title="Message passing is permutation-equivariant and k-hop local",
    statement="For layers H' = relu(A H W1 + H W2), f(P A P^T, P H) = P f(A, H) for every permutation P, and after k "
              "layers node i's output is unchanged when the features of a node at distance > k change",
    sources=[Source(MSML, "GNN permutation equivariance and k-hop receptive field", ("MSML-314",))],
    kind="exact",
    area="architectures",
    instances=graph_cases(),
    conclusion=gnn_checks,
    proof_idea="(P A P^T)(P H) W = P (A H W) and relu acts entrywise; one layer mixes only neighbours, so by induction "
               "k layers see only the k-hop ball.",
    mutants=[Mutant("node-index-features", "index features stay in place while the nodes move",
                    conclusion=lambda g: gnn_checks(g, positional=True),
                    instances=graph_cases(positive=True).filter(lambda g: list(g.perm) != sorted(g.perm))),
             Mutant("k-minus-one-hop", "with positive weights a node at distance exactly k reaches node i after k layers",
                    conclusion=lambda g: gnn_checks(g, reach=1),
                    instances=graph_cases(positive=True, at_distance="equal").filter(lambda g: g.layers >= 1))],
    examples=50,
)
test_gnn_permutation_equivariance_locality = GNN.test()
