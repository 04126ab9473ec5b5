"""Initialization and signal propagation: exact second moments through ReLU layers and residual blocks,
LayerNorm statistics, residual Jacobian products and the path expansion of a ResNet.

Statement.
- ReLU layers.  For a layer ``g' = sqrt(c/d') relu(W g)`` whose ``d' x d`` weights are independent, symmetric,
  of unit variance, ``E[||g'||^2 | g] = (c/2) ||g||^2`` at every finite width, because ``E relu(z)^2 = E z^2 / 2``
  for symmetric ``z``.  The He / Arora scaling ``c = 2`` (``c_sigma = 1/E relu(z)^2``) preserves ``E||g||^2``
  exactly through any depth; ``c = 1`` (LeCun variance ``1/d_in`` with ReLU) halves it per layer.  A linear
  layer with variance ``1/d_in`` has ``E||W x||^2 = (d_out/d_in) ||x||^2``.
- Residual blocks ``h + alpha V relu(U h)`` with independent symmetric entries of variances ``a^2`` (U, ``m x d``)
  and ``b^2`` (V, ``d x m``) multiply ``E||h||^2`` by ``1 + alpha^2 d b^2 m a^2 / 2`` exactly; with He branches
  (``m a^2 = 2``, ``d b^2 = 1``, ``alpha = 1``) that is 2 per block, ``(1 + alpha^2)^L`` over ``L`` blocks.
- LayerNorm without affine parameters has mean 0 and ``||LN(h)||^2 = d var/(var + eps)``, about ``d``; for
  ``eps = 0`` it is invariant under ``h -> c h + b 1`` (``c > 0``).
- ``||prod_l (I + J_l) - I|| <= prod_l (1 + ||J_l||) - 1 (<= exp(sum ||J_l||) - 1)`` in any submultiplicative
  operator norm, with equality for ``J_l = c_l I``, ``c_l >= 0``.
- ``prod_l (I + F_l)`` is the ordered sum over all ``2^L`` subsets of blocks (the empty path, the identity,
  included); ``C(L, k)`` paths have length ``k`` and the mean length over paths is ``L/2`` (variance ``L/4``).

Audits.  "LayerNorm constrains ||h|| ≈ 1" (it is ≈ sqrt(d)); "the product stays ≈ I whenever each
||J_l|| << 1" (needs the sum small: 1.1^50 ≈ 117); "effective depth ~ sqrt(L)" (the path mean is L/2);
"N(0, 1/d_in) gives ||W||_2 ≈ 1" (≈ 2 for square W, Bai–Yin); "variance 1/d_in is Xavier" (that is LeCun;
Xavier is 2/(d_in + d_out)); "He init keeps E||h||^2 fixed in an unnormalised ResNet" (it doubles per block).

Sources.  MSML Ch. 24 (MSML-283, MSML-285, MSML-286, MSML-321, MSML-322, MSML-323); Arora et al. §9.4
eq. (9.12) (ARORA-564).  The update-size entry MSML-324 is checked with backpropagation.

Proof idea.  Rows of W are independent: ``E relu(w.g)^2 = E (w.g)^2 / 2 = ||g||^2 / 2`` by the symmetry
``w -> -w``; ReLU is positively homogeneous, so the scale of the weights factors out.  For a residual block
the cross term ``E <h, V r>`` vanishes (V symmetric).  Expectations are computed exactly by enumerating
all sign patterns of ±1 weights (a symmetric unit-variance law) in rational arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import comb

import numpy as np
from hypothesis import strategies as st

from checks.architectures import matmul, matvec, relu, sign_expectation, sq_norm
from checks.claim import Check, Claim, Mutant, Source, equal, ge, le
from checks.documents import ARORA, MSML
from checks.strategies.architectures import rationals


def _vec(draw, d: int) -> tuple:
    return draw(st.tuples(*[rationals()] * d).filter(lambda v: any(v)))


# ------------------------------------------------------------------------------------------- ReLU MLP
@dataclass(frozen=True)
class ReluStack:
    """Input ``x`` and widths ``d_1..d_L`` of ReLU layers with ±1 weights (enumerated exactly)."""

    x: tuple
    widths: tuple[int, ...]


@st.composite
def relu_stacks(draw, max_entries: int = 8) -> ReluStack:
    d0 = draw(st.integers(1, 3))
    widths, total, prev = [], 0, d0
    for _ in range(draw(st.integers(1, 3))):
        d = draw(st.integers(1, 3))
        if total + d * prev > max_entries:
            break
        widths.append(d)
        total += d * prev
        prev = d
    if not widths:
        widths = [1]
    return ReluStack(_vec(draw, d0), tuple(widths))


def _shapes(s: ReluStack) -> list[tuple[int, int]]:
    dims = (len(s.x),) + s.widths
    return [(dims[i + 1], dims[i]) for i in range(len(s.widths))]


def _relu_net_sq(x, mats) -> Fraction:
    h = list(x)
    for W in mats:
        h = [relu(v) for v in matvec(W, h)]
    return sq_norm(h)


def relu_stack_checks(s: ReluStack, c: Fraction = Fraction(2), claimed=None, almost_sure: bool = False,
                      linear_out: int | None = None) -> list[Check]:
    """``E||g_L||^2`` with ``g_l = sqrt(c/d_l) relu(W_l g_{l-1})`` (squared scale ``prod c/d_l`` factors out)."""
    scale = Fraction(1)
    for d in s.widths:
        scale *= c / d
    shapes = _shapes(s)
    expected = sq_norm(s.x) * (c / 2) ** len(s.widths) if claimed is None else claimed(s)
    out = [equal(scale * sign_expectation(shapes, lambda *m: _relu_net_sq(s.x, m)), expected,
                 label=f"E||g_L||^2 == (c/2)^L ||x||^2 with c = {c}")]
    if almost_sure:   # the all-(+1) and all-(-1) draws: one of relu(+-sum x) is 0, so one of them gives 0
        draws = [scale * _relu_net_sq(s.x, [tuple(tuple(Fraction(sgn) for _ in range(cc)) for _ in range(r))
                                            for (r, cc) in shapes]) for sgn in (1, -1)]
        out.append(equal(min(draws), expected, label="||g_L||^2 == ||x||^2 for every weight draw (all-equal signs)"))
    # linear layer with variance 1/d_in: E||W x||^2 = (d_out/d_in)||x||^2
    d_in = len(s.x)
    d_out = s.widths[0] if linear_out is None else linear_out
    lin = sign_expectation([(d_out, d_in)], lambda W: sq_norm(matvec(W, s.x))) / d_in
    out.append(equal(lin, sq_norm(s.x) * (Fraction(d_out, d_in) if linear_out is None else 1),
                     label=f"linear N(0, 1/d_in) layer: E||W x||^2 == (d_out/d_in)||x||^2, d_out = {d_out}"))
    return out


RELU_INIT = Claim(
    id="init-relu-norm-preservation",
    title="He / c_sigma = 2 scaling preserves E||h||^2 exactly through ReLU layers of any width",
    statement="With independent symmetric unit-variance weights and g_l = sqrt(c/d_l) relu(W_l g_{l-1}), "
              "E||g_L||^2 = (c/2)^L ||x||^2 at every width: c = 2 (He, Arora's c_sigma) preserves the norm, c = 1 "
              "halves it per layer; a linear layer with variance 1/d_in gives E||W x||^2 = (d_out/d_in)||x||^2",
    sources=[Source(ARORA, "§9.4, eq. (9.12): E||g^(h)(x)||^2 = ||x||^2 for ReLU", ("ARORA-564",)),
             Source(MSML, "preserving E||h||^2 at initialization (corrected: in expectation, with fan-in scaling)",
                    ("MSML-321",))],
    kind="exact",
    area="architectures",
    instances=relu_stacks(),
    conclusion=relu_stack_checks,
    proof_idea="E relu(w.g)^2 = E (w.g)^2 / 2 = ||g||^2 / 2 for symmetric w with unit-variance entries; sum the "
               "d_l rows, multiply by c/d_l, and condition layer by layer.",
    mutants=[
        Mutant("lecun-preserves-relu", "variance 1/d_in (c = 1) gives E||g_L||^2 = ||x||^2 / 2^L",
               conclusion=lambda s: relu_stack_checks(s, c=Fraction(1), claimed=lambda s: sq_norm(s.x))),
        Mutant("preserved-almost-surely", "at finite width the norm fluctuates: the all-(+1) or the all-(-1) draw kills every unit",
               conclusion=lambda s: relu_stack_checks(s, almost_sure=True)),
        Mutant("linear-isometry-rectangular", "E||W x||^2 = (d_out/d_in)||x||^2 differs from ||x||^2 when d_out != d_in",
               conclusion=lambda s: relu_stack_checks(s, linear_out=len(s.x) + 1)),
    ],
    examples=40,
)
test_init_relu_norm_preservation = RELU_INIT.test()


# ------------------------------------------------------------------------------------------ residual
@dataclass(frozen=True)
class ResidualStack:
    """``h_{l+1} = h_l + alpha V_l relu(U_l h_l)``, U entries ±a (m x d), V entries ±b (d x m), L blocks."""

    h0: tuple
    m: int
    blocks: int
    a: Fraction
    b: Fraction
    alpha: Fraction


def _positive(num: int = 3, den: int = 3) -> st.SearchStrategy[Fraction]:
    return st.builds(Fraction, st.integers(1, num), st.integers(1, den))


@st.composite
def residual_stacks(draw, he: bool = False) -> ResidualStack:
    d = 1 if he else draw(st.integers(1, 2))
    m = 2 if he else draw(st.integers(1, 2))
    blocks = draw(st.integers(1, 10 // (2 * d * m)))
    if he:   # m a^2 = 2 and d b^2 = 1 with rational a, b
        return ResidualStack(_vec(draw, d), m, blocks, Fraction(1), Fraction(1), Fraction(1))
    return ResidualStack(_vec(draw, d), m, blocks, draw(_positive()), draw(_positive()), draw(rationals(3, 3)))


def _residual_sq(s: ResidualStack, mats) -> Fraction:
    h = [Fraction(v) for v in s.h0]
    for l in range(s.blocks):
        U, V = mats[2 * l], mats[2 * l + 1]
        r = [relu(s.a * v) for v in matvec(U, h)]
        h = [x + s.alpha * s.b * y for x, y in zip(h, matvec(V, r))]
    return sq_norm(h)


def residual_gain(s: ResidualStack) -> Fraction:
    d = len(s.h0)
    return 1 + s.alpha ** 2 * d * s.b ** 2 * s.m * s.a ** 2 / 2


def residual_checks(s: ResidualStack, gain=residual_gain) -> Check:
    d = len(s.h0)
    shapes = [(s.m, d), (d, s.m)] * s.blocks
    return equal(sign_expectation(shapes, lambda *mats: _residual_sq(s, mats)), gain(s) ** s.blocks * sq_norm(s.h0),
                 label=f"E||h_L||^2 == (1 + alpha^2 d b^2 m a^2/2)^L ||h_0||^2 over {s.blocks} blocks")


RESIDUAL = Claim(
    id="init-residual-variance-growth",
    title="Unnormalised residual blocks multiply E||h||^2 by 1 + alpha^2 (branch gain) each: 2x per He block",
    statement="For h_{l+1} = h_l + alpha V relu(U h_l) with independent symmetric entries of variance a^2 (U, m x d) "
              "and b^2 (V, d x m), E||h_{l+1}||^2 = (1 + alpha^2 d b^2 m a^2 / 2) E||h_l||^2; He branches "
              "(m a^2 = 2, d b^2 = 1) give (1 + alpha^2)^L, i.e. 2^L at alpha = 1",
    sources=[Source(MSML, "unnormalised ResNet with Kaiming init (corrected: the norm doubles per block)",
                    ("MSML-323",))],
    kind="exact",
    area="architectures",
    instances=st.one_of(residual_stacks(), residual_stacks(he=True)),
    conclusion=residual_checks,
    proof_idea="||h + alpha F||^2 = ||h||^2 + 2 alpha <h, F> + alpha^2 ||F||^2; the cross term has mean 0 because V is "
               "symmetric and independent of h, and E||F||^2 = d b^2 E||relu(U h)||^2 = d b^2 m a^2 ||h||^2 / 2.",
    mutants=[
        Mutant("residual-preserves-norm", "the branch adds its own energy: the gain exceeds 1 when alpha != 0",
               conclusion=lambda s: residual_checks(s, gain=lambda s: Fraction(1)),
               instances=residual_stacks(he=True)),
        Mutant("gain-linear-in-alpha", "the branch energy scales with alpha^2, not alpha",
               conclusion=lambda s: residual_checks(
                   s, gain=lambda s: 1 + s.alpha * len(s.h0) * s.b ** 2 * s.m * s.a ** 2 / 2),
               instances=residual_stacks().filter(lambda s: s.alpha not in (0, 1))),
        Mutant("coherent-addition", "(1 + alpha g)^2 would need the branch aligned with h; its mean cross term is 0",
               conclusion=lambda s: residual_checks(s, gain=lambda s: (1 + abs(s.alpha) * s.b * s.a) ** 2),
               instances=residual_stacks(he=True)),
    ],
    examples=30,
)
test_init_residual_variance_growth = RESIDUAL.test()

RESIDUAL_PRINTED = Claim(
    id="init-residual-he-preserves-as-printed",
    title="Kaiming init keeps E||h_l||^2 ≈ 1 through an unnormalised ResNet (as printed)",
    statement="with He-initialised residual branches and no normalisation, E||h_l||^2 = E||h_0||^2 at every block",
    sources=[Source(MSML, "unnormalised ResNet-50 with Kaiming init", ("MSML-323",))],
    kind="exact",
    area="architectures",
    instances=residual_stacks(he=True),
    conclusion=lambda s: residual_checks(s, gain=lambda s: Fraction(1)),
    proof_idea="The branch output is independent of h with mean-zero last layer, so energies add.",
    audit=True,
    corrected="init-residual-variance-growth",
    finding="Each He branch adds E||h||^2 again: E||h_{l+1}||^2 = 2 E||h_l||^2, so 16 blocks give 2^16, unless the "
            "branches are scaled down (alpha -> 0, Fixup/SkipInit) or normalised.",
    examples=20,
)
test_init_residual_he_preserves_as_printed = RESIDUAL_PRINTED.test()


# --------------------------------------------------------------------------------------------- LayerNorm
@dataclass(frozen=True)
class LnPoint:
    h: tuple
    eps: Fraction
    c: Fraction
    shift: Fraction


@st.composite
def ln_points(draw, eps_zero: bool | None = None) -> LnPoint:
    d = draw(st.integers(2, 8))
    h = draw(st.tuples(*[rationals(6, 3)] * d).filter(lambda v: len(set(v)) > 1))
    zero = draw(st.booleans()) if eps_zero is None else eps_zero
    eps = Fraction(0) if zero else Fraction(1, draw(st.sampled_from([10, 1000, 100000])))
    return LnPoint(h, eps, draw(_positive(5, 3)), draw(rationals()))


def layer_norm_squares(h, eps) -> tuple[tuple, tuple]:
    """Signs and squares of LN(h)_i = (h_i - mean)/sqrt(var + eps) (biased variance), exactly."""
    d = len(h)
    m = sum(h, Fraction(0)) / d
    var = sum(((v - m) ** 2 for v in h), Fraction(0)) / d
    return tuple((v > m) - (v < m) for v in h), tuple((v - m) ** 2 / (var + eps) for v in h)


def layer_norm_checks(p: LnPoint, claimed_sq=lambda d, var, eps: d * var / (var + eps),
                      invariance_with_eps: bool = False) -> list[Check]:
    d = len(p.h)
    m = sum(p.h, Fraction(0)) / d
    var = sum(((v - m) ** 2 for v in p.h), Fraction(0)) / d
    signs, sq = layer_norm_squares(p.h, p.eps)
    # sum of LN(h)_i = sum (h_i - m) / sqrt(var + eps) = 0 exactly
    out = [equal(sum((v - m for v in p.h), Fraction(0)), Fraction(0), label="sum_i (h_i - mean) == 0: LN(h) has mean 0"),
           equal(sum(sq, Fraction(0)), claimed_sq(d, var, p.eps), label="||LN(h)||^2 == d var/(var + eps)")]
    if p.eps == 0 or invariance_with_eps:
        g = tuple(p.c * v + p.shift for v in p.h)
        out.append(equal(layer_norm_squares(g, p.eps), (signs, sq), label="LN(c h + b 1) == LN(h) for c > 0"))
    return out


LAYER_NORM = Claim(
    id="layernorm-output-statistics",
    title="LayerNorm output: mean 0, squared norm d var/(var + eps) ≈ d, invariant to affine rescaling at eps = 0",
    statement="LN(h) = (h - mean(h))/sqrt(var(h) + eps) (biased variance, no affine parameters) has mean 0 and "
              "||LN(h)||^2 = d var/(var + eps), so ||LN(h)|| ≈ sqrt(d); for eps = 0, LN(c h + b 1) = LN(h) for c > 0",
    sources=[Source(MSML, "normalization constrains the activation norm (corrected: ≈ sqrt(d))", ("MSML-283",))],
    kind="exact",
    area="architectures",
    instances=ln_points(),
    conclusion=layer_norm_checks,
    proof_idea="Centering removes the mean; sum_i (h_i - m)^2 = d var by definition; c h + b shifts the mean by b and "
               "scales deviations and the standard deviation by c.",
    mutants=[
        Mutant("unbiased-variance-norm", "with the biased variance the squared norm is d var/(var+eps), not d - 1",
               conclusion=lambda p: layer_norm_checks(p, claimed_sq=lambda d, var, eps: Fraction(d - 1))),
        Mutant("unit-norm", "||LN(h)||^2 ≈ d, not 1, for d >= 2",
               conclusion=lambda p: layer_norm_checks(p, claimed_sq=lambda d, var, eps: Fraction(1))),
        Mutant("scale-invariance-with-eps", "eps breaks scale invariance: var/(var + eps) changes with c",
               conclusion=lambda p: layer_norm_checks(p, invariance_with_eps=True),
               instances=ln_points(eps_zero=False).filter(lambda p: p.c != 1)),
    ],
    examples=50,
)
test_layernorm_output_statistics = LAYER_NORM.test()


def _ln_unit_printed(p: LnPoint) -> list[Check]:
    n2 = sum(layer_norm_squares(p.h, p.eps)[1], Fraction(0))
    return [le(n2, Fraction(2), label="||LN(h)||^2 <= 2 (≈ 1)"), ge(n2, Fraction(1, 2), label="||LN(h)||^2 >= 1/2")]


LAYER_NORM_PRINTED = Claim(
    id="layernorm-unit-norm-as-printed",
    title="LayerNorm constrains ||h|| ≈ 1 (as printed)",
    statement="LayerNorm outputs have ||LN(h)|| ≈ 1 (read: 1/2 <= ||LN(h)||^2 <= 2)",
    sources=[Source(MSML, "normalization constrains ||h_l|| ≈ 1 for LayerNorm", ("MSML-283",))],
    kind="exact",
    area="architectures",
    instances=ln_points(),
    conclusion=_ln_unit_printed,
    proof_idea="||LN(h)||^2 = d var/(var + eps) ≈ d.",
    audit=True,
    corrected="layernorm-output-statistics",
    finding="||LN(h)||^2 = d var/(var + eps), which is ≈ d: LayerNorm fixes the per-coordinate second moment, so "
            "||LN(h)|| ≈ sqrt(d), not 1.",
    examples=30,
)
test_layernorm_unit_norm_as_printed = LAYER_NORM_PRINTED.test()


# ---------------------------------------------------------------------------------- Jacobian products
def inf_norm(A) -> Fraction:
    """Operator norm induced by l_inf (max absolute row sum): submultiplicative, ||I|| = 1."""
    return max(sum((abs(v) for v in row), Fraction(0)) for row in A)


@dataclass(frozen=True)
class JacobianChain:
    jacobians: tuple


@st.composite
def jacobian_chains(draw, max_norm: Fraction | None = None, max_len: int = 12) -> JacobianChain:
    d = draw(st.integers(1, 2))
    L = draw(st.integers(1, max_len))
    if draw(st.booleans()):      # aligned c I: the tight family
        c = draw(st.integers(-10, 10)) * (max_norm or Fraction(1, 4)) / 10
        Js = [tuple(tuple(c if i == j else Fraction(0) for j in range(d)) for i in range(d))] * L
    else:
        Js = []
        for _ in range(L):
            J = [[draw(rationals(2, 4)) for _ in range(d)] for _ in range(d)]
            if max_norm is not None and inf_norm(J) > max_norm:
                s = max_norm / inf_norm(J)
                J = [[s * v for v in row] for row in J]
            Js.append(tuple(map(tuple, J)))
    return JacobianChain(tuple(Js))


def _product_minus_identity(ch: JacobianChain) -> Fraction:
    d = len(ch.jacobians[0])
    P = [[Fraction(int(i == j)) for j in range(d)] for i in range(d)]
    for J in ch.jacobians:
        P = matmul([[J[i][j] + (i == j) for j in range(d)] for i in range(d)], P)
    return inf_norm([[P[i][j] - (i == j) for j in range(d)] for i in range(d)])


def jacobian_product_checks(ch: JacobianChain, bound=None) -> Check:
    norms = [inf_norm(J) for J in ch.jacobians]
    if bound is None:
        rhs = Fraction(1)
        for a in norms:
            rhs *= 1 + a
        rhs -= 1
    else:
        rhs = bound(norms)
    return le(_product_minus_identity(ch), rhs, label="||prod (I + J_l) - I|| <= prod (1 + ||J_l||) - 1")


JACOBIAN_PRODUCT = Claim(
    id="residual-jacobian-product-bound",
    title="Residual Jacobian products: ||prod (I + J_l) - I|| <= prod (1 + ||J_l||) - 1",
    statement="In a submultiplicative operator norm (here the l_inf-induced one), ||prod_l (I + J_l) - I|| <= "
              "prod_l (1 + ||J_l||) - 1 <= exp(sum_l ||J_l||) - 1, with equality for J_l = c I, c >= 0; the product "
              "stays near I only when sum_l ||J_l|| is small",
    sources=[Source(MSML, "residual Jacobian products (corrected: the sum of the norms must be small)", ("MSML-285",))],
    kind="exact",
    area="architectures",
    instances=jacobian_chains(),
    conclusion=jacobian_product_checks,
    proof_idea="Expand the product into the sum over nonempty subsets of ordered products of J's and apply the triangle "
               "inequality and submultiplicativity; the scalar expansion of prod (1 + a_l) - 1 is the same sum.",
    mutants=[Mutant("max-norm-bound", "aligned J_l = c I accumulate: (1 + c)^L - 1 > c for L >= 2",
                    conclusion=lambda ch: jacobian_product_checks(ch, bound=lambda n: max(n)))],
    examples=60,
)
test_residual_jacobian_product_bound = JACOBIAN_PRODUCT.test()

JACOBIAN_PRODUCT_PRINTED = Claim(
    id="residual-jacobian-product-near-identity-as-printed",
    title="Residual products stay ≈ I when each ||J_l|| << 1 (as printed)",
    statement="if every ||J_l|| <= 1/10, then ||prod_{l <= L} (I + J_l) - I|| <= 1/2 (read of '≈ I'), for L <= 50",
    sources=[Source(MSML, "even if individual Jacobians are small the product remains ~ I", ("MSML-285",))],
    kind="exact",
    area="architectures",
    instances=jacobian_chains(max_norm=Fraction(1, 10), max_len=50),
    conclusion=lambda ch: le(_product_minus_identity(ch), Fraction(1, 2), label="||prod (I + J_l) - I|| <= 1/2"),
    proof_idea="Only the sum of the norms controls the deviation.",
    audit=True,
    corrected="residual-jacobian-product-bound",
    finding="J_l = 0.1 I for L = 50 gives 1.1^50 I ≈ 117 I, and J_l = -0.1 I gives 0.9^50 ≈ 0.005 (vanishing): "
            "small individual Jacobians do not keep the product near I; the bound is exp(sum ||J_l||) - 1.",
    examples=60,
)
test_residual_jacobian_product_near_identity_as_printed = JACOBIAN_PRODUCT_PRINTED.test()


# --------------------------------------------------------------------------------------- path expansion
@st.composite
def path_instances(draw):
    L = draw(st.integers(1, 8))
    return tuple(tuple(tuple(draw(rationals(2, 2)) for _ in range(2)) for _ in range(2)) for _ in range(L))


def path_checks(Fs, include_empty: bool = True, mean_sq=lambda L: Fraction(L, 2) ** 2) -> list[Check]:
    L = len(Fs)
    eye = [[Fraction(int(i == j)) for j in range(2)] for i in range(2)]
    P = eye
    for F in Fs:
        P = matmul([[F[i][j] + (i == j) for j in range(2)] for i in range(2)], P)
    total = [[Fraction(0)] * 2 for _ in range(2)]
    counts = [0] * (L + 1)
    for mask in range(0 if include_empty else 1, 2 ** L):
        T = eye
        for l in range(L):
            if mask >> l & 1:
                T = matmul(Fs[l], T)
        total = [[a + b for a, b in zip(r, t)] for r, t in zip(total, T)]
        counts[bin(mask).count("1")] += 1
    n_paths = sum(counts)
    avg = Fraction(sum(k * c for k, c in enumerate(counts)), n_paths)
    var = Fraction(sum(k * k * c for k, c in enumerate(counts)), n_paths) - avg ** 2
    return [equal(tuple(map(tuple, total)), tuple(map(tuple, P)), label="sum over paths == prod (I + F_l)"),
            equal(tuple(counts), tuple(comb(L, k) for k in range(L + 1)), label="C(L, k) paths of length k, k = 0..L"),
            equal(avg ** 2, mean_sq(L), label="(mean path length)^2 == (L/2)^2"),
            equal(var, Fraction(L, 4), label="path-length variance == L/4")]


PATHS = Claim(
    id="resnet-path-expansion",
    title="ResNet path expansion: 2^L ordered paths, C(L, k) of length k (k = 0 included), mean length L/2",
    statement="prod_{l=1}^{L} (I + F_l) equals the sum over all subsets of blocks of the ordered products (the empty "
              "path gives I); C(L, k) paths have length k for k = 0..L, so over paths the length is Binomial(L, 1/2): "
              "mean L/2, variance L/4",
    sources=[Source(MSML, "ResNet as an ensemble of paths (corrected: k = 0 included, mean L/2)", ("MSML-286",))],
    kind="exact",
    area="architectures",
    instances=path_instances(),
    conclusion=path_checks,
    proof_idea="Distribute the product: each factor contributes I or F_l; choosing F at the blocks in S gives one path.",
    mutants=[Mutant("paths-from-length-one", "without the empty path the sum misses the identity term",
                    conclusion=lambda Fs: path_checks(Fs, include_empty=False)),
             Mutant("mean-length-sqrt-l", "the mean is L/2, whose square equals L only at L = 4",
                    conclusion=lambda Fs: path_checks(Fs, mean_sq=lambda L: Fraction(L)),
                    instances=path_instances().filter(lambda Fs: len(Fs) != 4))],
    examples=30,
)
test_resnet_path_expansion = PATHS.test()

PATHS_PRINTED = Claim(
    id="resnet-effective-depth-sqrt-as-printed",
    title="ResNet effective depth ~ sqrt(L) (as printed)",
    statement="the typical path of the expansion of prod (I + F_l) has length ~ sqrt(L) (read: mean length <= sqrt(L))",
    sources=[Source(MSML, "effective depth of the path ensemble", ("MSML-286",))],
    kind="exact",
    area="architectures",
    instances=st.integers(1, 40),
    conclusion=lambda L: le(Fraction(sum(k * comb(L, k) for k in range(L + 1)), 2 ** L) ** 2, Fraction(L),
                            label="(mean length over the 2^L paths)^2 <= L"),
    proof_idea="Counted uniformly, path lengths are Binomial(L, 1/2).",
    audit=True,
    corrected="resnet-path-expansion",
    finding="Over the 2^L paths the length is Binomial(L, 1/2) with mean L/2 > sqrt(L) for L > 4 (and the k = 0 path "
            "is part of the expansion); a short effective depth comes from per-block gains, not from counting.",
    examples=30,
)
test_resnet_effective_depth_sqrt_as_printed = PATHS_PRINTED.test()


# --------------------------------------------------------------------------------- spectral norm, naming
@st.composite
def gaussian_squares(draw) -> tuple[int, int]:
    return draw(st.integers(40, 120)), draw(st.integers(0, 2 ** 32 - 1))


def _spectral_norm_printed(pt) -> Check:
    d, seed = pt
    W = np.random.default_rng(seed).standard_normal((d, d)) / np.sqrt(d)
    return le(float(np.linalg.norm(W, 2)), 1.25, label=f"||W||_2 <= 1.25 for a {d}x{d} N(0, 1/d) matrix")


SPECTRAL_PRINTED = Claim(
    id="init-lecun-spectral-norm-one-as-printed",
    title="N(0, 1/d_in) weights have ||W||_2 ≈ 1 (as printed)",
    statement="preserving E||h||^2 requires ||W||_2 ≈ 1, which N(0, 1/d_in) initialization achieves (read: ||W||_2 "
              "<= 1.25 for square W)",
    sources=[Source(MSML, "norm preservation and N(0, 1/d_in)", ("MSML-321",))],
    kind="statistical",
    area="architectures",
    instances=gaussian_squares(),
    conclusion=_spectral_norm_printed,
    proof_idea="Bai–Yin: ||W||_2 -> 1 + sqrt(d_out/d_in) = 2 for square W; only E||W x||^2 = ||x||^2 holds.",
    audit=True,
    corrected="init-relu-norm-preservation",
    finding="For square W with N(0, 1/d) entries ||W||_2 ≈ 2 (Bai–Yin; the search finds ≈ 1.9 already at d = 40) and "
            "sigma_min ≈ 0: W preserves norms in expectation for a fixed x, it is not near-isometric.",
    examples=5,
)
test_init_lecun_spectral_norm_one_as_printed = SPECTRAL_PRINTED.test()

XAVIER_PRINTED = Claim(
    id="init-xavier-variance-as-printed",
    title="Variance 1/d_in is Xavier initialization (as printed)",
    statement="sigma_w^2 = 1/d_in is the Xavier (Glorot) initialization, whose variance is 2/(d_in + d_out)",
    sources=[Source(MSML, "naming of the 1/d_in initialization", ("MSML-322",))],
    kind="exact",
    area="architectures",
    instances=st.tuples(st.integers(1, 64), st.integers(1, 64)),
    conclusion=lambda dd: equal(Fraction(1, dd[0]), Fraction(2, dd[0] + dd[1]), label="1/d_in == 2/(d_in + d_out)"),
    proof_idea="The two variances agree only for square layers.",
    audit=True,
    corrected="init-relu-norm-preservation",
    finding="Variance 1/d_in is LeCun initialization; Glorot/Xavier uses 2/(d_in + d_out), which differs whenever "
            "d_in != d_out (with ReLU, He's 2/d_in is the variance that preserves E||h||^2).",
    examples=20,
)
test_init_xavier_variance_as_printed = XAVIER_PRINTED.test()
