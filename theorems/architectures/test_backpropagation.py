"""Backpropagation: reverse mode is the chain rule organised as an adjoint recursion, at linear cost.

Statement.  For a ReLU MLP ``f(x) = W_L relu(... relu(W_1 x))`` (scalar output) the node derivatives
``delta_l = ∂f/∂u_l`` of the pre-activations satisfy the costate recursion ``lambda_{L-1} = W_L^T``,
``delta_l = relu'(u_l) * lambda_l``, ``lambda_{l-1} = W_l^T delta_l`` and every weight gradient is local:
``∂f/∂W_l = delta_l h_{l-1}^T`` (so ``||∂f/∂W_l||_F = ||delta_l|| ||h_{l-1}||``).  Reverse mode performs at most
twice the multiplications of the forward pass.  On a linear DAG, message passing in reverse topological
order sends one message per edge (``E`` in all; the backward circuit has ``V + 2E`` nodes) and returns every
``∂f/∂u_z``, while forward accumulation from every node costs up to ``V E``.  For ``U = Z W`` the adjoints
are ``S -> S W^T`` (for ``Z``) and ``S -> Z^T S`` (for ``W``).  The linear map ``E -> E h`` has operator
norm ``||h||_2`` (Frobenius to l2), attained at ``E = u h^T``.  A parameter used several times (a shared
convolution kernel) receives the sum of the gradients of its occurrences.

Audits.  "Backpropagation costs O(d) per d x d layer" (a d x d layer has d^2 weights, each of which receives
a gradient: the backward pass costs 2 d^2 multiplications, within a constant of the forward pass).
"∂U/∂Z[S] = W^T S" (defined only when d1 = d2 and wrong when defined; the adjoint is S W^T).
"the update size ||ΔW_l|| is proportional to g_l = ||∂L/∂h_l||^2" (it is ||delta_l|| ||h_{l-1}||).
Hessian-vector products: double backpropagation (the gradient of ``<∇f, v>``) returns ``∇²f v`` without
forming the Hessian (compared in float64 with the explicit Hessian; the Gauss–Newton product ``J^T J v``
and the diagonal approximation differ from it).

Sources.  Arora et al. §4.1 Claim 4.1.1, §4.1.1 (chain rule), §4.1.2 and §4.2 (cost, Algorithm 4 and
Lemma 4.2.1), §4.3 (vector messages), §4.4 (weight tying, Claim 4.4.1) (ARORA-41..47); MSML Ch. 24 on the
layer Jacobian (MSML-284), backprop cost (MSML-304), gradient scale (MSML-324), adjoint method (MSML-330).
The Hessian-vector product of §4.4.1 (ARORA-48): the gradient of ``<∇f, v>`` is ``∇²f v``.

Proof idea.  The chain rule sums over the children of a node; processing nodes in reverse topological
order makes each sum complete before it is sent on, and each edge carries one product.  Everything here is
computed in exact rational arithmetic; ReLU nets are piecewise linear, so forward-mode dual numbers give
the exact derivative (with ``relu'(0) = 0``) and the comparisons are equalities.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

import torch

from checks.architectures import (backprop, hvp_double_backward, tanh_mlp_residuals, dag_backprop, dag_forward_mode, forward_mode_gradient, matmul,
                                  relu, sq_norm, transpose)
from checks.claim import Check, Claim, Mutant, Source, close, equal, holds, le
from checks.documents import ARORA, MSML
from checks.linalg import EPS
from checks.strategies.architectures import (MlpPoint, ProductAdjoint, dags, matrices, mlp_points,
                                             product_adjoints, rationals)

def _flat(grads) -> tuple:
    return tuple(v for g in grads for row in g for v in row)


# ------------------------------------------------------------------------------------------- MLP reverse
def reverse_mode_checks(p: MlpPoint, transpose_adjoint: bool = True, pre_activation: bool = True,
                        cost_factor: int = 2, extra_activation: bool = False) -> list[Check]:
    b = backprop(p.net, p.x, transpose_adjoint=transpose_adjoint, pre_activation=pre_activation)
    grads = list(b.grads)
    if extra_activation:   # ∂f/∂w_i = (∂f/∂u) relu(z_i): an activation applied to the incoming value
        grads[0] = [[d * relu(h) for h in b.hs[0]] for d in b.deltas[0]]
    out = [equal(_flat(grads), _flat(forward_mode_gradient(p.net, p.x)),
                 label="reverse mode delta_l h_{l-1}^T == forward-mode dual-number gradient")]
    for l, g in enumerate(grads):
        out.append(equal(sq_norm([v for row in g for v in row]), sq_norm(b.deltas[l]) * sq_norm(b.hs[l]),
                         label=f"||∂f/∂W_{l + 1}||_F^2 == ||delta||^2 ||h||^2"))
    out.append(le(b.backward_mults, cost_factor * b.forward_mults,
                  label=f"backward multiplications <= {cost_factor} x forward multiplications"))
    return out


REVERSE_MODE = Claim(
    id="backprop-reverse-mode-mlp",
    title="Backpropagation in a ReLU MLP: local gradients delta h^T, adjoint recursion, twice the forward cost",
    statement="For a ReLU MLP with scalar output, the costate recursion lambda_{l-1} = W_l^T (relu'(u_l) * lambda_l) "
              "gives delta_l = ∂f/∂u_l and ∂f/∂W_l = delta_l h_{l-1}^T (equal to the forward-mode derivative), "
              "||∂f/∂W_l||_F = ||delta_l|| ||h_{l-1}||, and the backward pass uses <= 2x the forward multiplications",
    sources=[Source(ARORA, "§4.1 Claim 4.1.1; §4.1.1 chain rule; §4.2 Lemma 4.2.1",
                    ("ARORA-41", "ARORA-42", "ARORA-44")),
             Source(MSML, "backprop as the adjoint (costate) method; gradient scale across layers; "
                          "cheap-gradient cost", ("MSML-330", "MSML-324", "MSML-304"))],
    kind="exact",
    area="architectures",
    instances=mlp_points(),
    conclusion=reverse_mode_checks,
    proof_idea="Chain rule over the children of each node: ∂f/∂h_{l-1} = W_l^T ∂f/∂u_l and ∂f/∂u_l = relu'(u_l) ∂f/∂h_l; "
               "u_l = W_l h_{l-1} is linear in W_l, so ∂f/∂W_l[i, j] = delta_l[i] h_{l-1}[j], a rank-one matrix. "
               "Backward: one product per weight for the gradient and one per weight (layers >= 2) for W^T delta.",
    mutants=[
        Mutant("adjoint-without-transpose", "lambda_{l-1} = W_l delta_l differs from W_l^T delta_l for non-symmetric W",
               conclusion=lambda p: reverse_mode_checks(p, transpose_adjoint=False),
               instances=mlp_points(square=True).filter(lambda p: len(p.net.weights) >= 3)),
        Mutant("post-activation-derivative", "∂f/∂h_l lacks the relu'(u_l) factor: wrong wherever a unit is off",
               conclusion=lambda p: reverse_mode_checks(p, pre_activation=False)),
        Mutant("extra-activation-on-input", "∂f/∂w_i = (∂f/∂u) relu(z_i) is wrong where an input z_i < 0",
               conclusion=lambda p: reverse_mode_checks(p, extra_activation=True)),
        Mutant("backward-cheaper-than-forward", "the backward pass also forms W^T delta, so it exceeds the forward count",
               conclusion=lambda p: reverse_mode_checks(p, cost_factor=1),
               instances=mlp_points().filter(lambda p: len(p.net.weights) >= 2)),
    ],
    examples=60,
)
test_backprop_reverse_mode_mlp = REVERSE_MODE.test()


def _per_layer_cost_linear(p: MlpPoint) -> Check:
    d, L = len(p.x), len(p.net.weights)
    return le(backprop(p.net, p.x).backward_mults, 2 * d * L,
              label=f"backward multiplications of {L} layers of width {d} <= 2 d per layer")


BACKPROP_COST_PRINTED = Claim(
    id="backprop-cost-linear-in-width-as-printed",
    title="Backpropagation cost O(d) per d x d layer (as printed)",
    statement="backpropagation through a dense d x d layer costs O(d) operations (read: <= 2d multiplications, "
              "its count at d = 1 times d)",
    sources=[Source(MSML, "on naive chain rule O(d^2) vs backprop O(d) per layer", ("MSML-304",))],
    kind="exact",
    area="architectures",
    instances=mlp_points(square=True),
    conclusion=_per_layer_cost_linear,
    proof_idea="Each of the d^2 weights receives its own gradient entry, so d^2 products are unavoidable.",
    audit=True,
    corrected="backprop-reverse-mode-mlp",
    finding="A dense d x d layer costs 2 d^2 backward multiplications (d^2 for delta h^T, d^2 for W^T delta), "
            "Theta(d^2) like its forward pass; the correct cheap-gradient statement is backward <= 2 x forward.",
    examples=30,
)
test_backprop_cost_linear_in_width_as_printed = BACKPROP_COST_PRINTED.test()


def _update_prop_delta_squared(p: MlpPoint) -> Check:
    b = backprop(p.net, p.x)
    g2 = [sq_norm([v for row in g for v in row]) for g in b.grads]
    d4 = [sq_norm(d) ** 2 for d in b.deltas]
    pairs = [(l, m) for l in range(len(g2)) for m in range(len(g2))]
    return equal(tuple(g2[l] * d4[m] for l, m in pairs), tuple(g2[m] * d4[l] for l, m in pairs),
                 label="||∂f/∂W_l||_F / ||delta_l||^2 is the same constant in every layer")


UPDATE_SIZE_PRINTED = Claim(
    id="backprop-update-size-as-printed",
    title="Update size proportional to the squared gradient norm g_l (as printed)",
    statement="||ΔW_l|| ∝ g_l = ||∂L/∂h_l||^2 across layers (one proportionality constant for all layers)",
    sources=[Source(MSML, "gradient scale across layers", ("MSML-324",))],
    kind="exact",
    area="architectures",
    instances=mlp_points().filter(lambda p: len(p.net.weights) >= 2),
    conclusion=_update_prop_delta_squared,
    proof_idea="∂L/∂W_l = delta_l h_{l-1}^T has Frobenius norm ||delta_l|| ||h_{l-1}||: linear in sqrt(g_l).",
    audit=True,
    corrected="backprop-reverse-mode-mlp",
    finding="||∂L/∂W_l||_F = ||delta_l|| ||h_{l-1}|| (rank one), proportional to sqrt(g_l) times the activation "
            "norm, not to g_l.",
    examples=60,
)
test_backprop_update_size_as_printed = UPDATE_SIZE_PRINTED.test()


# ---------------------------------------------------------------------------------------------- DAGs
def dag_checks(g, messages_per: str = "edge", forward_bound: str = "VE") -> list[Check]:
    S, messages = dag_backprop(g)
    fwd, cost = dag_forward_mode(g)
    E, V = len(g.edges), g.n
    return [equal(tuple(S), tuple(fwd), label="message-passing S(z) == ∂f/∂u_z by forward accumulation"),
            equal(messages, E if messages_per == "edge" else V, label=f"messages == {'E' if messages_per == 'edge' else 'V'}"),
            le(V + 2 * E, 3 * (V + E), label="backward circuit size V + 2E <= 3 (V + E)"),
            le(cost, V * E if forward_bound == "VE" else V + E,
               label=f"forward accumulation from every node costs <= {forward_bound}")]


DAG_BACKPROP = Claim(
    id="backprop-message-passing-linear-cost",
    title="Backprop message passing on a DAG: one message per edge, all node derivatives, O(V + E)",
    statement="In reverse topological order, with S = 1 at the output and each node sending S ∂u/∂z to each lower "
              "neighbour, S(z) = ∂f/∂z for every node; exactly E messages are sent and the gradient circuit "
              "has V + 2E nodes, while forward accumulation from every node costs up to V E",
    sources=[Source(ARORA, "§4.1.2 and §4.2 (Algorithm 4, Lemma 4.2.1); §4.4.1 Claim 4.4.1",
                    ("ARORA-43", "ARORA-44", "ARORA-47"))],
    kind="exact",
    area="architectures",
    instances=st.one_of(dags(), dags(dense=True)),
    conclusion=dag_checks,
    proof_idea="A node's S is complete once all nodes above it are processed (reverse order); then S(z) = "
               "sum over children v of S(v) ∂u_v/∂z is the chain rule. Forward accumulation from z walks every "
               "edge reachable from z, up to E per node.",
    mutants=[
        Mutant("one-message-per-node", "there are E messages, not V, whenever E != V",
               conclusion=lambda g: dag_checks(g, messages_per="node")),
        Mutant("forward-mode-linear", "on the complete DAG forward accumulation costs sum_z (edges above z) ~ V^3/6",
               conclusion=lambda g: dag_checks(g, forward_bound="V+E"),
               instances=st.integers(5, 10).flatmap(lambda n: dags(max_nodes=n, dense=True)).filter(lambda g: g.n >= 5)),
    ],
    examples=50,
)
test_backprop_message_passing_linear_cost = DAG_BACKPROP.test()


# -------------------------------------------------------------------------------- matrix-product adjoint
def _directional_grad(P: ProductAdjoint, wrt: str) -> list[list]:
    """∂<S, Z W>/∂X[i][j] by exact finite differences (the map is linear in X, so they are exact)."""
    Z, W, S = [list(map(Fraction, r)) for r in P.Z], [list(map(Fraction, r)) for r in P.W], P.S

    def val(Zm, Wm):
        U = matmul(Zm, Wm)
        return sum(U[i][j] * S[i][j] for i in range(len(U)) for j in range(len(U[0])))

    X = Z if wrt == "Z" else W
    base = val(Z, W)
    out = []
    for i in range(len(X)):
        row = []
        for j in range(len(X[0])):
            Xp = [r[:] for r in X]
            Xp[i][j] += 1
            row.append((val(Xp, W) if wrt == "Z" else val(Z, Xp)) - base)
        out.append(row)
    return out


def _shape_ok(A, B) -> bool:
    return len(A[0]) == len(B)


def adjoint_checks(P: ProductAdjoint, rule: str = "S W^T") -> list[Check]:
    S, W, Z = [list(r) for r in P.S], [list(r) for r in P.W], [list(r) for r in P.Z]
    rules = {"S W^T": (S, transpose(W)), "W^T S": (transpose(W), S), "S W": (S, W), "W S^T": (W, transpose(S))}
    A, B = rules[rule]
    grad_Z = _directional_grad(P, "Z")
    if not _shape_ok(A, B):
        return [holds(False, f"∂U/∂Z[S] = {rule}", detail="the product is undefined for these shapes")]
    got = matmul(A, B)
    out = [equal(tuple(map(tuple, got)), tuple(map(tuple, grad_Z)), label=f"∂<S, ZW>/∂Z == {rule}")]
    out.append(equal(tuple(map(tuple, matmul(transpose(Z), S))), tuple(map(tuple, _directional_grad(P, "W"))),
                     label="∂<S, ZW>/∂W == Z^T S"))
    return out


PRODUCT_ADJOINT = Claim(
    id="backprop-matrix-product-adjoint",
    title="Adjoint of a matrix product: for U = Z W, S -> S W^T (for Z) and S -> Z^T S (for W)",
    statement="For Z (d1 x d2), W (d2 x d3) and a cotangent S (d1 x d3), ∂<S, Z W>/∂Z = S W^T and "
              "∂<S, Z W>/∂W = Z^T S",
    sources=[Source(ARORA, "§4.3, extension to vector messages (corrected)", ("ARORA-45",))],
    kind="exact",
    area="architectures",
    instances=st.one_of(product_adjoints(), product_adjoints(square=True)),
    conclusion=adjoint_checks,
    proof_idea="<S, Z W> = tr(S^T Z W) = <S W^T, Z> = <Z^T S, W>.",
    mutants=[Mutant("missing-transpose", "S W differs from S W^T for non-symmetric W",
                    conclusion=lambda P: adjoint_checks(P, "S W"), instances=product_adjoints(square=True)),
             Mutant("transposed-result", "W S^T is the transpose of S W^T's mirror, wrong for generic S, W",
                    conclusion=lambda P: adjoint_checks(P, "W S^T"), instances=product_adjoints(square=True))],
    examples=50,
)
test_backprop_matrix_product_adjoint = PRODUCT_ADJOINT.test()

PRODUCT_ADJOINT_PRINTED = Claim(
    id="backprop-matrix-product-adjoint-as-printed",
    title="Adjoint of a matrix product as printed: ∂U/∂Z[S] = W^T S",
    statement="For U = Z W (Z d1 x d2, W d2 x d3), ∂U/∂Z[S] = W^T S",
    sources=[Source(ARORA, "§4.3, extension to vector messages", ("ARORA-45",))],
    kind="exact",
    area="architectures",
    instances=st.one_of(product_adjoints(), product_adjoints(square=True)),
    conclusion=lambda P: adjoint_checks(P, "W^T S"),
    proof_idea="<S, Z W> = <S W^T, Z>: the transpose of W multiplies S from the right.",
    audit=True,
    corrected="backprop-matrix-product-adjoint",
    finding="W^T S is (d3 x d2)(d1 x d3): defined only when d1 = d2, of shape d3 x d3 rather than Z's d1 x d2, and "
            "wrong even for square matrices (non-symmetric W); the adjoint is S W^T (and Z^T S for W).",
    examples=50,
)
test_backprop_matrix_product_adjoint_as_printed = PRODUCT_ADJOINT_PRINTED.test()


# ------------------------------------------------------------------------------ weight Jacobian norm
@st.composite
def _jacobian_points(draw):
    m, d = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    h = draw(st.tuples(*[rationals()] * d).filter(lambda v: any(v)))
    E = draw(matrices(m, d))
    u = draw(st.tuples(*[rationals()] * m).filter(lambda v: any(v)))
    return h, E, u


def jacobian_norm_checks(pt, norm2=lambda h, m: sq_norm(h)) -> list[Check]:
    h, E, u = pt
    n2 = norm2(h, len(u))
    Eh = [sum((a * b for a, b in zip(r, h)), Fraction(0)) for r in E]
    fro = sum((a * a for r in E for a in r), Fraction(0))
    att_Eh = [a * sq_norm(h) for a in u]                # E* = u h^T: E* h = ||h||^2 u, ||E*||_F^2 = ||u||^2 ||h||^2
    att_fro = sq_norm(u) * sq_norm(h)
    return [le(sq_norm(Eh), n2 * fro, label="||E h||^2 <= c^2 ||E||_F^2"),
            equal(sq_norm(att_Eh), n2 * att_fro, label="equality at E = u h^T")]


JACOBIAN_NORM = Claim(
    id="linear-layer-weight-jacobian-norm",
    title="The weight Jacobian of a linear layer, E -> E h, has operator norm ||h||_2",
    statement="The map E -> E h from (R^{m x d}, Frobenius) to (R^m, l2) has operator norm exactly ||h||_2, "
              "attained at E = u h^T",
    sources=[Source(MSML, "Jacobian of f_l = W_l h_{l-1} with respect to W_l", ("MSML-284",))],
    kind="exact",
    area="architectures",
    instances=_jacobian_points(),
    conclusion=jacobian_norm_checks,
    proof_idea="Cauchy–Schwarz row by row: (E h)_i^2 <= ||E_i||^2 ||h||^2; equality for rows parallel to h.",
    mutants=[Mutant("l1-norm", "||h||_1 > ||h||_2 when h has two nonzero entries: equality at u h^T fails",
                    conclusion=lambda pt: jacobian_norm_checks(pt, lambda h, m: sum(abs(v) for v in h) ** 2),
                    instances=_jacobian_points().filter(lambda pt: sum(1 for v in pt[0] if v) >= 2)),
             Mutant("sqrt-m-norm", "sqrt(m)||h|| overstates the norm for m >= 2",
                    conclusion=lambda pt: jacobian_norm_checks(pt, lambda h, m: m * sq_norm(h)),
                    instances=_jacobian_points().filter(lambda pt: len(pt[2]) >= 2))],
    examples=50,
)
test_linear_layer_weight_jacobian_norm = JACOBIAN_NORM.test()


# -------------------------------------------------------------------------------------- weight tying
@st.composite
def _tied_points(draw):
    n, k = draw(st.integers(2, 5)), draw(st.integers(1, 3))
    return (draw(st.tuples(*[rationals()] * n)), draw(st.tuples(*[rationals()] * k)),
            draw(st.tuples(*[rationals()] * n)))


def tied_checks(pt, combine: str = "sum") -> list[Check]:
    """f(kernel) = sum_i c_i relu(sum_j kernel_j x_{i+j mod n}); untied copy i of the kernel serves output i."""
    x, kernel, c = pt
    n, k = len(x), len(kernel)
    y = [sum((kernel[j] * x[(i + j) % n] for j in range(k)), Fraction(0)) for i in range(n)]
    # forward-mode derivative of the tied function along e_j
    tied = [sum((c[i] * (1 if y[i] > 0 else 0) * x[(i + j) % n] for i in range(n)), Fraction(0)) for j in range(k)]
    untied = [[c[i] * (1 if y[i] > 0 else 0) * x[(i + j) % n] for j in range(k)] for i in range(n)]
    if combine == "sum":
        got = [sum((u[j] for u in untied), Fraction(0)) for j in range(k)]
    elif combine == "mean":
        got = [sum((u[j] for u in untied), Fraction(0)) / n for j in range(k)]
    else:
        got = list(untied[-1])
    return [equal(tuple(got), tuple(tied), label=f"gradient of the shared kernel == {combine} over its occurrences")]


TIED = Claim(
    id="backprop-tied-weights-sum",
    title="A shared parameter's gradient is the sum of the gradients of its occurrences",
    statement="If a parameter is used at several places (a convolution kernel applied at every position), ∂f/∂(shared) "
              "equals the sum of the partial derivatives with respect to each untied copy",
    sources=[Source(ARORA, "§4.4, allowing weight tying", ("ARORA-46",))],
    kind="exact",
    area="architectures",
    instances=_tied_points(),
    conclusion=tied_checks,
    proof_idea="f(u) = g(u, ..., u): the chain rule along the diagonal sums the partial derivatives.",
    mutants=[Mutant("average-of-occurrences", "the mean is the sum divided by n: wrong whenever the gradient is nonzero",
                     conclusion=lambda pt: tied_checks(pt, "mean")),
             Mutant("last-occurrence-only", "dropping the other positions' terms is wrong when they are nonzero",
                    conclusion=lambda pt: tied_checks(pt, "last"))],
    examples=50,
)
test_backprop_tied_weights_sum = TIED.test()


# ------------------------------------------------------------------------------ Hessian-vector products
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"


@dataclass(frozen=True)
class HvpCase:
    """A tanh MLP least-squares loss ``0.5 ||f_theta(X) - y||^2`` at ``theta`` and a direction ``v``."""

    shapes: tuple[tuple[int, int], ...]
    seed: int
    n: int

    def tensors(self):
        g = torch.Generator().manual_seed(self.seed)
        P = sum(r * c for r, c in self.shapes)
        mk = lambda *s: torch.randn(*s, generator=g, dtype=torch.float64).to(DEVICE)
        return mk(P), mk(P), mk(self.n, self.shapes[0][1]), mk(self.n)


@st.composite
def hvp_cases(draw) -> HvpCase:
    d0, width = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    shapes = ((width, d0), (1, width)) if draw(st.booleans()) else ((width, d0), (width, width), (1, width))
    return HvpCase(shapes, draw(st.integers(0, 2 ** 32 - 1)), draw(st.integers(1, 6)))


def hvp_checks(c: HvpCase, approx: str = "exact") -> Check:
    theta, v, X, y = c.tensors()
    f = lambda t: 0.5 * (tanh_mlp_residuals(t, c.shapes, X, y) ** 2).sum()
    H = torch.autograd.functional.hessian(f, theta)
    if approx == "exact":
        got = hvp_double_backward(f, theta, v)
    elif approx == "gauss-newton":
        J = torch.autograd.functional.jacobian(lambda t: tanh_mlp_residuals(t, c.shapes, X, y), theta)
        got = J.T @ (J @ v)
    else:
        got = torch.diagonal(H) * v
    ref = H @ v
    P = theta.shape[0]
    # both sides are float64 evaluations of the same bilinear form by different association orders:
    # |error| <= 2 * 16 P eps * (|H| |v|) entrywise, with |H| bounded by the Hessian's max abs row sum
    scale = float((H.abs() @ v.abs()).max()) + float(ref.abs().max())
    tol = 32 * P * EPS * (scale + 1)
    return close(got.cpu().numpy(), ref.cpu().numpy(), tol, label=f"{approx} product == ∇²f v",
                 why="32 P eps (max_i (|H| |v|)_i + max|Hv| + 1): rounding of two evaluation orders")


HVP = Claim(
    id="backprop-hessian-vector-product",
    title="Hessian-vector products by double backpropagation equal ∇²f v",
    statement="For f in C^2, the gradient of g(theta) = <∇f(theta), v> (v fixed) is ∇²f(theta) v, computed by two reverse "
              "passes without forming the Hessian",
    sources=[Source(ARORA, "§4.4.1, Hessian-vector product in linear time (Werbos, Pearlmutter)", ("ARORA-48",)),
             Source(MSML, "Hessian-vector product computed via double backpropagation", ("MSML-304",))],
    kind="numeric",
    area="architectures",
    instances=hvp_cases(),
    conclusion=hvp_checks,
    proof_idea="∂/∂theta_i sum_j (∂f/∂theta_j) v_j = sum_j (∂²f/∂theta_i∂theta_j) v_j; applying reverse mode to the "
               "gradient circuit (itself of linear size) costs a constant multiple of one gradient.",
    mutants=[Mutant("gauss-newton", "J^T J v drops the residual-weighted curvature sum_k r_k ∇²r_k v, nonzero for "
                                    "tanh layers with nonzero residuals",
                    conclusion=lambda c: hvp_checks(c, "gauss-newton")),
             Mutant("diagonal-hessian", "diag(H) v ignores the cross-derivatives between weights of one unit",
                    conclusion=lambda c: hvp_checks(c, "diagonal"))],
    examples=25,
)
test_backprop_hessian_vector_product = HVP.test()
