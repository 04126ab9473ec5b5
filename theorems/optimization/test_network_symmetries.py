"""Parameter symmetries of two-layer networks: invariances, nonconvexity, and optimizers that break them.

Statement.  For ``f_θ(x) = W2 σ(W1 x + b1) + b2``:
- permuting the hidden units leaves ``f_θ`` unchanged for every ``σ``; for positively 1-homogeneous ``σ``
  (ReLU) and ``c_j > 0`` so does ``(W1[j], b1[j], W2[:, j]) -> (c_j W1[j], c_j b1[j], W2[:, j]/c_j)``;
  scaling one layer alone changes ``f_θ``.
- The squared loss ``L`` is invariant too, but its gradient is not: at the rescaled point
  ``∇_{W1[j]} L' = ∇_{W1[j]} L / c_j``, ``∇_{b1[j]} L' = ∇_{b1[j]} L / c_j``, ``∇_{W2[:, j]} L' = c_j ∇_{W2[:, j]} L``.  So one GD
  step of size η from the rescaled point is, mapped back, a step with rates ``η/c_j^2`` (first layer) and
  ``η c_j^2`` (second layer), and the first Adam step (``ε = 0``, a sign step) one with ``η/c_j`` and
  ``η c_j``: GD and Adam are not rescaling-invariant and the two functions after one step differ.
- Nonconvexity.  For the two-neuron teacher ``h(x) = σ(<w1, x>) + σ(<w2, x>)`` and
  ``F(θ) = (1/n) sum_i (h_θ(x_i) - h(x_i))^2``, the teacher and its swap are global minima (F = 0), and for
  ReLU the midpoint (both neurons ``(w1 + w2)/2``) has exactly ``F = (1/n) sum min(|u_i|, |v_i|)^2`` over the
  inputs with ``u_i = <w1, x_i>`` and ``v_i = <w2, x_i>`` of opposite signs.  So F violates Jensen's
  inequality, i.e. is nonconvex, as soon as one input separates the neurons.

Audit.  "Functions with symmetry must have saddle points (except degenerate cases such as constants)"
is false: ``||θ||^2`` and ``(θ1 - θ2)^2`` are swap-symmetric without saddles.

Sources.  MSML, Ch. 24 (parameter-space invariances, MSML-287); Zhao, Figures 5.14–5.15 (ZHAO-39);
Arora et al., §6.3 and its footnote 6 (ARORA-507, ARORA-508).

Proof ideas.  Permutations relabel the summands of ``W2 σ(W1 x + b1)``; ``σ(c u) = c σ(u)`` moves a factor
``c_j`` through unit j.  The chain rule through the rescaling map ``θ' = Dθ`` (diagonal) gives
``∇L(θ') = D^{-1} ∇L(θ)``, so GD in θ' is preconditioned GD in θ with ``D^{-2}``.  For the midpoint,
``σ(u) + σ(v) - 2σ((u + v)/2)`` is 0 when u, v have the same sign and ``min(|u|, |v|)`` otherwise.

Everything is exact (Fractions); the activations are piecewise polynomial.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, equal, holds
from checks.documents import ARORA, MSML, ZHAO
from checks.symmetries import (HOMOGENEOUS, TwoLayer, constant_rates, forward, loss_gradient, permute, rescale,
                               sign, step)
from checks.strategies.symmetries import (NetCase, SwapQuadratic, TeacherCase, net_cases, swap_quadratics,
                                          teacher_cases)


def _outputs(net: TwoLayer, X, act: str) -> tuple:
    return tuple(forward(net, X, act).flat)


# ------------------------------------------------------------------------------ invariances (MSML-287)

def invariance_checks(c: NetCase, one_layer: bool = False) -> list[Check]:
    f = _outputs(c.net, c.X, c.activation)
    out = [equal(_outputs(permute(c.net, c.perm), c.X, c.activation), f,
                 label="permuting hidden units leaves f unchanged")]
    if c.activation in HOMOGENEOUS or one_layer:
        out.append(equal(_outputs(rescale(c.net, c.c, compensate=not one_layer), c.X, c.activation), f,
                         label="(c W1, c b1, W2/c) computes the same f for c > 0 and positively homogeneous σ"))
    return out


INVARIANCE = Claim(
    id="network-parameter-symmetries",
    title="Hidden-unit permutations and positive rescalings (ReLU) leave a two-layer network unchanged",
    statement="f(x) = W2 σ(W1 x + b1) + b2 is unchanged by permuting hidden units (any σ) and, for positively "
              "homogeneous σ such as ReLU and c_j > 0, by (W1[j], b1[j], W2[:, j]) -> (c_j W1[j], c_j b1[j], W2[:, j]/c_j)",
    sources=[Source(MSML, "Ch. 24, parameter-space invariances (permutations; scaling with compensation)",
                    ("MSML-287",)),
             Source(ZHAO, "Figure 5.14 text (aσ(wᵀx) = (ca)σ((w/c)ᵀx), c > 0)", ("ZHAO-39",))],
    kind="exact",
    area="optimization",
    instances=net_cases(),
    conclusion=invariance_checks,
    proof_idea="A permutation reorders the terms of sum_j W2[:, j] σ(W1[j]x + b1[j]); σ(c u) = c σ(u) for c > 0 lets "
               "the factor c_j pass from the first layer to the second.",
    mutants=[
        Mutant("negative-scaling", "ReLU is not odd: relu(-u) ≠ -relu(u) for u ≠ 0, so c < 0 changes active units",
               instances=net_cases(activations=("relu", "leaky-relu"), positive=False)),
        Mutant("square-activation", "σ(u) = u² is 2-homogeneous: (c u)²/c = c u² ≠ u² for c ≠ 1",
               instances=net_cases(activations=("square",)),
               conclusion=lambda c: invariance_checks(c, one_layer=False) + [equal(
                   _outputs(rescale(c.net, c.c), c.X, c.activation), _outputs(c.net, c.X, c.activation),
                   label="rescaling leaves f unchanged")]),
        Mutant("one-layer-alone", "scaling W1, b1 by c without dividing W2 by c multiplies each unit's output by c",
               conclusion=lambda c: invariance_checks(c, one_layer=True),
               instances=net_cases(activations=("relu",))),
    ],
    examples=60,
)
test_network_parameter_symmetries = INVARIANCE.test()


# ------------------------------------------------------------------------------ optimizers (ZHAO-39)

def _unit_rates(net: TwoLayer, c, eta, power: int) -> TwoLayer:
    """Rates η c_j^{-power} on unit j of the first layer and η c_j^{power} on column j of W2."""
    cc = np.asarray(c, dtype=object)
    k, d = net.W1.shape
    return TwoLayer(np.array([[eta / cc[j] ** power] * d for j in range(k)], dtype=object),
                    np.array([eta / v ** power for v in cc], dtype=object),
                    np.array([[eta * v ** power for v in cc]] * net.W2.shape[0], dtype=object),
                    np.full(net.b2.shape, eta, dtype=object))


def _unscale(net: TwoLayer, c) -> TwoLayer:
    return rescale(net, tuple(1 / v for v in c))


def optimizer_checks(c: NetCase, gd_invariant: bool = False, adam_invariant: bool = False,
                     gradient_like_parameters: bool = False) -> list[Check]:
    act, net = "relu", c.net
    scaled = rescale(net, c.c)
    G, Gs = loss_gradient(net, c.X, c.Y, act), loss_gradient(scaled, c.X, c.Y, act)
    cc = np.asarray(c.c, dtype=object)
    if gradient_like_parameters:
        expected = rescale(G, c.c)
    else:
        expected = TwoLayer(G.W1 / cc[:, None], G.b1 / cc, G.W2 * cc[None, :], G.b2)
    out = [equal(tuple(np.concatenate([p.ravel() for p in Gs.parts])),
                 tuple(np.concatenate([p.ravel() for p in expected.parts])),
                 label="∇L at (cW1, cb1, W2/c) = (∇_{W1}L / c, ∇_{b1}L / c, c ∇_{W2}L, ∇_{b2}L)")]
    gd_back = _unscale(step(scaled, Gs, constant_rates(net, c.eta)), c.c)
    adam_back = _unscale(step(scaled, sign(Gs), constant_rates(net, c.eta)), c.c)
    if gd_invariant:
        gd_expected = step(net, G, constant_rates(net, c.eta))
    else:
        gd_expected = step(net, G, _unit_rates(net, c.c, c.eta, 2))
    adam_expected = step(net, sign(G), constant_rates(net, c.eta) if adam_invariant else _unit_rates(net, c.c, c.eta, 1))
    out.append(equal(_outputs(gd_back, c.X, act), _outputs(gd_expected, c.X, act),
                     label="one GD step from the rescaled point = a step with rates η/c² (layer 1), ηc² (layer 2)"))
    out.append(equal(_outputs(adam_back, c.X, act), _outputs(adam_expected, c.X, act),
                     label="first Adam step (ε = 0) from the rescaled point = sign step with rates η/c, ηc"))
    return out


OPTIMIZERS = Claim(
    id="rescaling-breaks-gd-and-adam",
    title="GD and Adam are not invariant under the ReLU rescaling symmetry",
    statement="For a ReLU network and c_j > 0 the rescaled parameters compute the same function, but ∇L transforms "
              "inversely (first layer / c_j, second layer * c_j); one GD step from the rescaled point equals a step "
              "from the original with rates η/c_j² and η c_j², and the first Adam step one with η/c_j and η c_j, so the "
              "functions after one step differ",
    sources=[Source(ZHAO, "Figures 5.14–5.15 (rescaled initializations give different GD/Adam trajectories)",
                    ("ZHAO-39",))],
    kind="exact",
    area="optimization",
    instances=net_cases(activations=("relu",)),
    conclusion=optimizer_checks,
    proof_idea="L(Dθ) = L(θ) for the diagonal rescaling D, so D∇L(Dθ) = ∇L(θ), i.e. ∇L(θ') = D^{-1}∇L(θ); a step "
               "θ' - η∇L(θ') mapped back by D^{-1} is θ - ηD^{-2}∇L(θ).  The sign step is scale-free: θ' - η sign(g') "
               "mapped back is θ - ηD^{-1} sign(g).",
    mutants=[
        Mutant("gd-invariant", "mapped back, the step from the rescaled point uses rates η/c² and ηc², which change "
               "the function whenever c ≠ 1 on a unit with nonzero gradient",
               conclusion=lambda c: optimizer_checks(c, gd_invariant=True)),
        Mutant("adam-invariant", "the sign step moves the rescaled first layer by η, i.e. the original by η/c",
               conclusion=lambda c: optimizer_checks(c, adam_invariant=True)),
        Mutant("gradient-like-parameters", "the gradient of a rescaling-invariant loss scales inversely to the "
               "parameters (by 1/c on the first layer), not like them",
               conclusion=lambda c: optimizer_checks(c, gradient_like_parameters=True)),
    ],
    examples=60,
)
test_rescaling_breaks_gd_and_adam = OPTIMIZERS.test()


# ------------------------------------------------------------------------------ nonconvexity (ARORA-507)

def _teacher_loss(t: TeacherCase, u1: np.ndarray, u2: np.ndarray) -> Fraction:
    net = lambda a, b: TwoLayer(np.array([a, b], dtype=object), np.array([0, 0], dtype=object),
                                np.array([[1, 1]], dtype=object), np.array([0], dtype=object))
    y = forward(net(t.w1, t.w2), t.X, t.activation)
    r = forward(net(u1, u2), t.X, t.activation) - y
    return Fraction((r * r).sum()) / len(t.X)


def nonconvexity_checks(t: TeacherCase, distinct_suffices: bool = False) -> list[Check]:
    mid = (t.w1 + t.w2) / 2
    f_star, f_swap, f_mid = (_teacher_loss(t, t.w1, t.w2), _teacher_loss(t, t.w2, t.w1), _teacher_loss(t, mid, mid))
    u, v = t.X @ t.w1, t.X @ t.w2
    gap = sum((min(abs(a), abs(b)) ** 2 for a, b in zip(u, v) if a * b < 0), Fraction(0)) / len(t.X)
    out = [equal(f_star, Fraction(0), label="the teacher is a global minimum"),
           equal(f_swap, Fraction(0), label="so is its swap (permutation symmetry)")]
    if distinct_suffices:
        return out + [holds(f_mid > 0, label="w1 ≠ w2 ⇒ F(midpoint) > ½F(θ*) + ½F(πθ*) = 0",
                            detail=f"F(midpoint) = {f_mid}")]
    out.append(equal(f_mid, gap, label="F(midpoint) = (1/n) sum over inputs separating the neurons of min(|u|, |v|)²"))
    if gap > 0:
        out.append(holds(f_mid > (f_star + f_swap) / 2, label="Jensen fails: F is nonconvex",
                         detail=f"F(midpoint) = {f_mid} > 0"))
    return out


NONCONVEXITY = Claim(
    id="permutation-symmetry-nonconvexity",
    title="Averaging two permuted global minima of a two-neuron ReLU network raises the loss",
    statement="For the teacher h = relu(<w1, x>) + relu(<w2, x>) and F(θ) = (1/n) sum (h_θ(x_i) - h(x_i))², F(θ*) = "
              "F(πθ*) = 0 and F((θ* + πθ*)/2) = (1/n) sum_{u_i v_i < 0} min(|u_i|, |v_i|)² (u_i = <w1, x_i>, v_i = <w2, x_i>): "
              "F is nonconvex as soon as an input separates the two neurons",
    sources=[Source(ARORA, "§6.3, permutation symmetry and nonconvexity", ("ARORA-507",))],
    kind="exact",
    area="optimization",
    instances=teacher_cases(),
    conclusion=nonconvexity_checks,
    proof_idea="relu(u) + relu(v) - 2 relu((u + v)/2) vanishes when u, v share a sign and equals min(|u|, |v|) "
               "otherwise; a convex F would satisfy F(midpoint) <= ½(F(θ*) + F(πθ*)) = 0.",
    mutants=[
        Mutant("linear-activation", "for σ(u) = u the midpoint computes (w1 + w2)ᵀx = h(x): F stays 0",
               conclusion=lambda t: nonconvexity_checks(t, distinct_suffices=True),
               instances=teacher_cases(activations=("linear",))),
        Mutant("distinct-neurons-suffice", "with every input in the cone where both neurons are active the midpoint "
               "is optimal too", conclusion=lambda t: nonconvexity_checks(t, distinct_suffices=True)),
    ],
    examples=60,
)
test_permutation_symmetry_nonconvexity = NONCONVEXITY.test()


# ------------------------------------------------------------------------------ audit (ARORA-508)

def _has_saddle(q: SwapQuadratic) -> Check:
    det = 4 * q.p * q.p - q.q * q.q      # Hessian [[2p, q], [q, 2p]]
    return holds(det < 0, label="f has a saddle point (a critical point with an indefinite Hessian)",
                 detail=f"Hessian eigenvalues {2 * q.p + q.q}, {2 * q.p - q.q}")


SADDLES_PRINTED = Claim(
    id="symmetric-functions-have-saddles-printed",
    title="'Functions with symmetry must have saddle points', as printed",
    statement="A function invariant under a symmetry (here θ1 <-> θ2) has a saddle point unless it is degenerate "
              "(e.g. constant)",
    sources=[Source(ARORA, "§6.3, footnote 6", ("ARORA-508",))],
    kind="exact",
    area="optimization",
    instances=swap_quadratics(),
    conclusion=_has_saddle,
    proof_idea="A quadratic has a saddle iff its Hessian is indefinite (then its unique critical point is one).",
    audit=True,
    corrected="rank-one-critical-points",
    finding="False: ||θ||² and (θ1 - θ2)² are swap-symmetric, non-constant, and have no saddle (a positive (semi)definite "
            "Hessian everywhere).  The argument needs more: if f is coercive, symmetric, and has a global minimizer "
            "that the symmetry moves, then (mountain pass) f has a critical point that is not a global minimum, a "
            "saddle under non-degeneracy.  Its instance ¼||M - xxᵀ||² (symmetric under x -> -x, which swaps the minima "
            "±sqrt(λ_1)v_1 and fixes the strict saddle 0) is checked in rank-one-critical-points.",
)
test_symmetric_functions_have_saddles_printed = SADDLES_PRINTED.test()
