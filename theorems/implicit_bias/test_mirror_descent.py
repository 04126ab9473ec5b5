"""Mirror descent on realizable least squares converges to the Bregman projection of its initialization.

Statements.
- Bregman divergence.  For a differentiable strictly convex ``R``, ``D_R(w, z) = R(w) - R(z) -
  ⟨∇R(z), w - z⟩`` satisfies ``mu/2 ||w - z||² <= D_R(w, z) <= M/2 ||w - z||²`` when ``mu <= ∇²R <= M``
  on the segment, so it is nonnegative and vanishes only at ``w = z``; it is not symmetric in
  general (entropy: ``D = Σ w log(w/z) - w + z``, the generalized KL divergence); ``R = ½||·||²_D``
  gives ``½||w - z||²_D``.
- Variational form of a step.  ``w⁺ = ∇R*(∇R(w_t) - ηg)`` minimizes ``Φ(v) = η⟨g, v⟩ + D_R(v, w_t)``;
  exactly, ``Φ(v) = Φ(w⁺) + D_R(v, w⁺)`` for every ``v`` (the three-point identity).  ``R = ½||·||²``
  gives the gradient step ``w_t - ηg``, the entropy the exponentiated gradient ``w_t ⊙ exp(-ηg)``,
  ``R = ½||·||²_D`` the preconditioned step ``w_t - ηD⁻¹g``.
- Implicit bias.  For any potential, any ``w_0`` and any step schedule, mirror descent on
  ``½||X w - y||²`` (``y ∈ range X``) keeps ``∇R(w_t) - ∇R(w_0)`` in ``row(X)`` at every step; hence a
  zero-loss limit satisfies the KKT conditions of, and equals, the Bregman projection
  ``w* = argmin{D_R(w, w_0) : X w = y}`` (from ``w_0 = argmin R`` this is ``argmin{R(w) : X w = y}``;
  for the entropy ``w* = w_0 ⊙ exp(Xᵀλ)``).

Sources.  Zhao, *From Approximation to Emergence*, Definition 6.8 and Figures 6.8-6.9 (ZHAO-48: the
printed text breaks off at "It is no[t symmetric]"), Figure 6.10 (ZHAO-45: only the geometric caption
is printed; the theorem is the mirror-flow version of the one below); Arora et al., *Theory of Deep
Learning*, §8.1.1, eqs. (8.2)-(8.3) (ARORA-528: the text asks for strong convexity, which the entropy
has only on bounded sets; strict convexity suffices) and Theorem 8.1.2 with its proof (ARORA-529: the
proof's "stationary point of w ↦ D_R(w, w_0) - Σ λ_i x_i" should read ``- Σ λ_i ⟨x_i, w⟩``).
The mirror *flow* ``d∇R(w)/dt = -∇L(w)`` is the small-step limit of the same recursion; the invariant
holds for every step schedule, so the discrete statement below covers it.

Proof idea.  ``∇L(w) = Xᵀ(X w - y) ∈ row(X)``, and mirror descent adds ``-η_t ∇L(w_t)`` to the dual
iterate, so ``∇R(w_t) = ∇R(w_0) + Xᵀλ_t``.  At a feasible limit this is the stationarity condition of
the convex problem ``min D_R(w, w_0)`` s.t. ``X w = y``, whose solution is unique by strict convexity.

Finite statement.  Convergence is a hypothesis of the theorem, not a conclusion; the finite version
says where every iterate is: if ``∇R(w) - ∇R(w_0) = Xᵀλ + ν`` with ``||ν|| <= tau`` then
``||w - w*|| <= chi ||X w - y|| + tau / mu``, with ``mu`` the least curvature of ``R`` near
``w`` and ``chi = max_B ||X_B⁻¹||`` over the bases of ``X`` (for a quadratic ``R``, the exact norm of
``D⁻¹Xᵀ(XD⁻¹Xᵀ)⁻¹``; ``1/s_min`` for ``D = I``); see ``checks.mirror.projection_radius``.  For ``tau`` at
rounding level this pins a near-zero-loss iterate to ``w*``.  The check runs mirror descent until ``||X w_t - y|| <= 1e-10 ||y||``
and tests the invariant and this bound at every step, against ``w*`` computed independently (a dual
trust-region Newton solve whose answer is certified by strong convexity, ``certify_projection``).
For ``R = ½||·||²`` with ``w_0 - w*`` along the least right singular vector the bound is attained.

Tolerances (``eps = 2^-52``; each elementary function accurate to 4 ulps): the invariant may be
violated by the drift of the dual recursion (``(n + 2) eps η_t ||X||_F ||r_t|| + eps ||θ_{t+1}||`` per
step), the round trip ``∇R(∇R*(θ))`` and the projector error ``4 (n + d) eps s_max / s_min``; Bregman
values carry the potential's value and gradient errors and ``(d + 2) eps`` of the inner product (see
``checks.mirror``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.optimize

from checks.claim import Check, Claim, Mutant, Source, close, ge, holds, le
from checks.documents import ARORA, ZHAO
from checks.linalg import EPS, min_norm_solution
from checks.mirror import (Certified, Design, Entropy, MirrorRun, Potential, Quadratic, bregman_divergence,
                           bregman_projection, bregman_rounding, certify_projection, dual_offset,
                           invariant_tolerance, mirror_descent, mirror_step, projection_radius)
from checks.strategies.implicit_bias import MirrorProblem, PotentialPoints, mirror_problems, potential_points

RTOL = 1e-10
"""Mirror descent runs until ``||X w_t - y|| <= RTOL ||y||`` (or its step budget)."""


def _worst(checks: list[Check]) -> Check:
    return max(checks, key=lambda c: c.ratio)


# --- claim 1: Bregman divergence bounds and closed forms -------------------------------------------------

def _box_curvature(pot: Potential, w: np.ndarray, z: np.ndarray) -> tuple[float, float]:
    mu, M = pot.curvature(np.minimum(w, z), np.maximum(w, z))
    return float(mu), float(M)


def divergence_checks(inst: PotentialPoints) -> list[Check]:
    pot, z = inst.potential, inst.z
    d = z.size
    lower, upper, forms = [], [], []
    for w in inst.ws:
        D = bregman_divergence(pot, w, z)
        err = bregman_rounding(pot, w, z)
        mu, M = _box_curvature(pot, w, z)
        sq = float((w - z) @ (w - z))
        # ||w - z||² carries (d + 2) eps relative error; mu and M a few eps more
        slack = (d + 8) * EPS
        lower.append(ge(D, mu * sq / 2, tol=err + slack * mu * sq,
                        label="D_R(w, z) >= mu/2 ||w - z||^2 (mu = least curvature on the segment)",
                        why="rounding of D (value, gradient and inner-product errors) and of ||w - z||^2"))
        upper.append(le(D, M * sq / 2, tol=err + slack * M * sq,
                        label="D_R(w, z) <= M/2 ||w - z||^2 (M = largest curvature on the segment)",
                        why="rounding of D and of ||w - z||^2"))
        if isinstance(pot, Entropy):
            kl = float(np.sum(w * np.log(w / z) - w + z))
            kl_err = (d + 12) * EPS * float(np.sum(np.abs(w * np.log(w / z)) + w + z))
            forms.append(close(D, kl, err + kl_err, label="entropy: D_R(w, z) = Σ w log(w/z) - w + z",
                               why="rounding of both evaluations"))
        elif isinstance(pot, Quadratic):
            diff = w - z
            q = 0.5 * float(diff @ pot.D @ diff)
            q_err = (d + 4) * EPS * float(np.abs(diff) @ np.abs(pot.D) @ np.abs(diff))
            forms.append(close(D, q, err + q_err, label="quadratic: D_R(w, z) = ½ (w - z)ᵀD(w - z)",
                               why="rounding of both evaluations"))
    return [_worst(lower), _worst(upper)] + ([_worst(forms)] if forms else [])


def divergence_symmetric(inst: PotentialPoints) -> list[Check]:
    pot, z = inst.potential, inst.z
    return [_worst([close(bregman_divergence(pot, w, z), bregman_divergence(pot, z, w),
                          bregman_rounding(pot, w, z) + bregman_rounding(pot, z, w),
                          label="D_R(w, z) = D_R(z, w)", why="rounding of both divergences")
                    for w in inst.ws])]


def divergence_is_euclidean(inst: PotentialPoints) -> list[Check]:
    pot, z = inst.potential, inst.z
    out = []
    for w in inst.ws:
        sq = float((w - z) @ (w - z))
        out.append(close(bregman_divergence(pot, w, z), sq / 2,
                         bregman_rounding(pot, w, z) + (z.size + 4) * EPS * sq,
                         label="D_R(w, z) = ½||w - z||^2", why="rounding of both sides"))
    return [_worst(out)]


@dataclass(frozen=True, eq=False)
class NegativeSquare(Potential):
    """``R(w) = -½||w||²``: concave, so not a Legendre potential (a mutant's instance)."""

    name: str = "negative-square"

    def __repr__(self) -> str:
        return "NegativeSquare()"

    def value(self, w):
        return -0.5 * float(np.asarray(w) @ np.asarray(w))

    def grad(self, w):
        return -np.asarray(w, dtype=float)

    def value_error(self, w):
        return (np.size(w) + 2) * EPS * float(np.asarray(w) @ np.asarray(w))

    def grad_error(self, w):
        return np.zeros(np.shape(w))


def divergence_nonnegative(inst: PotentialPoints) -> list[Check]:
    pot, z = inst.potential, inst.z
    return [_worst([ge(bregman_divergence(pot, w, z), 0.0, tol=bregman_rounding(pot, w, z),
                       label="D_R(w, z) >= 0", why="rounding of D") for w in inst.ws])]


DIVERGENCE = Claim(
    id="bregman-divergence-bounds",
    title="The Bregman divergence is squeezed by the curvature: nonnegative, zero only on the diagonal, not symmetric",
    statement="for R with mu <= ∇²R <= M on the segment [z, w]: mu/2 ||w - z||^2 <= D_R(w, z) <= M/2 ||w - z||^2; "
              "D_R = Σ w log(w/z) - w + z for the entropy and ½(w - z)ᵀD(w - z) for R = ½wᵀDw",
    sources=[Source(ZHAO, "Definition 6.8 (Bregman divergence), Figures 6.8-6.9", ("ZHAO-48",)),
             Source(ARORA, "§8.1.1, the definition of D_R after eq. (8.3)", ("ARORA-528",))],
    kind="numeric",
    area="implicit-bias",
    instances=potential_points(),
    conclusion=divergence_checks,
    proof_idea="Taylor's theorem with integral remainder: D_R(w, z) = ∫_0^1 (1 - s) (w - z)ᵀ∇²R(z + s(w - z))(w - z) ds, "
               "and ∫(1 - s) ds = ½. The Euclidean potential attains both bounds.",
    mutants=[
        Mutant("symmetric", "D_R(w, z) - D_R(z, w) is a third-order term in w - z that vanishes only for quadratic "
                            "R; the entropy's KL divergence is the standard asymmetric example",
               conclusion=divergence_symmetric),
        Mutant("euclidean-form-for-every-potential",
               "½||w - z||^2 is the divergence of ½||·||^2 only; a curvature other than 1 rescales it",
               conclusion=divergence_is_euclidean),
        Mutant("nonnegative-without-convexity",
               "for the concave R = -½||w||^2 the divergence is -½||w - z||^2 < 0",
               conclusion=divergence_nonnegative,
               instances=potential_points(("euclidean",)).map(lambda p: replace(p, potential=NegativeSquare()))),
    ],
    examples=150,
)
test_bregman_divergence_bounds = DIVERGENCE.test()


# --- claim 2: a mirror step is the Bregman-proximal step ------------------------------------------------

def _objective(pot: Potential, inst: PotentialPoints, v: np.ndarray) -> float:
    return inst.eta * float(inst.g @ v) + bregman_divergence(pot, v, inst.z)


def three_point_checks(inst: PotentialPoints, candidate: np.ndarray) -> list[Check]:
    """``Φ(v) - Φ(w⁺) - D_R(v, w⁺) = 0`` and ``Φ(v) >= Φ(w⁺)`` for each comparison point ``v``."""
    pot, z, g, eta = inst.potential, inst.z, inst.g, inst.eta
    d = z.size
    theta = pot.grad(z) - eta * g
    # exact error of the dual relation ∇R(w⁺) = ∇R(z) - ηg at the computed w⁺: the round trip, the
    # rounding of θ = fl(∇R(z)) - fl(ηg) and of ∇R(z)
    e = pot.roundtrip_error(theta) + pot.grad_error(z) + 2 * EPS * (np.abs(theta) + eta * np.abs(g))
    phi_c = _objective(pot, inst, candidate)
    err_c = bregman_rounding(pot, candidate, z) + (d + 2) * EPS * eta * float(np.abs(g) @ np.abs(candidate))
    ident, order = [], []
    points = list(inst.ws) + [z]
    for v in points:
        phi_v = _objective(pot, inst, v)
        err_v = bregman_rounding(pot, v, z) + (d + 2) * EPS * eta * float(np.abs(g) @ np.abs(v))
        D = bregman_divergence(pot, v, candidate)
        err_d = bregman_rounding(pot, v, candidate)
        tol = float(e @ np.abs(v - candidate)) + err_v + err_c + err_d + 4 * EPS * (abs(phi_v) + abs(phi_c) + abs(D))
        ident.append(close(phi_v - phi_c - D, 0.0, tol,
                           label="three-point identity Φ(v) = Φ(w⁺) + D_R(v, w⁺), Φ(v) = η⟨g, v⟩ + D_R(v, w_t)",
                           why="dual-relation error of w⁺ times |v - w⁺|, plus rounding of Φ(v), Φ(w⁺), D_R"))
        order.append(ge(phi_v, phi_c, tol=err_v + err_c + 2 * EPS * (abs(phi_v) + abs(phi_c)),
                        label="w⁺ minimizes Φ: Φ(v) >= Φ(w⁺)", why="rounding of both objectives"))
    return [_worst(ident), _worst(order)]


def closed_form_check(inst: PotentialPoints, w_plus: np.ndarray) -> list[Check]:
    pot, z, g, eta = inst.potential, inst.z, inst.g, inst.eta
    d = z.size
    if isinstance(pot, Entropy):
        ref = z * np.exp(-eta * g)
        # both sides are exp of the same argument up to (ULPS + 3) eps (1 + |log z| + η|g|) absolute
        tol = float(np.max(np.abs(ref) * 12 * EPS * (1 + np.abs(np.log(z)) + eta * np.abs(g))))
        return [close(w_plus, ref, tol, label="entropy: w⁺ = w_t ⊙ exp(-ηg) (exponentiated gradient)",
                      why="4-ulp exp/log and the products")]
    if isinstance(pot, Quadratic):
        ref = z - eta * (pot.grad_conj(g))
        theta = pot.grad(z) - eta * g
        tol = float(np.max(pot.roundtrip_error(theta))) / pot._eig[0] * 2 + (d + 4) * EPS * (
            float(np.max(np.abs(z))) + eta * float(np.max(np.abs(pot.grad_conj(g)))))
        label = ("euclidean: w⁺ = w_t - ηg (gradient descent, eq. 8.2)" if pot.name == "euclidean"
                 else "quadratic: w⁺ = w_t - ηD⁻¹g (preconditioned step)")
        return [close(w_plus, ref, tol, label=label, why="inverse-application error / l_min(D) and the products")]
    return []


def proximal_checks(inst: PotentialPoints) -> list[Check]:
    w_plus = mirror_step(inst.potential, inst.z, inst.g, inst.eta)
    return three_point_checks(inst, w_plus) + closed_form_check(inst, w_plus)


def first_order_eg(inst: PotentialPoints) -> list[Check]:
    return three_point_checks(inst, inst.z * (1 - inst.eta * inst.g))


def reversed_divergence_step(inst: PotentialPoints) -> list[Check]:
    return three_point_checks(inst, inst.z / (1 + inst.eta * inst.g))


def gradient_step_everywhere(inst: PotentialPoints) -> list[Check]:
    return three_point_checks(inst, inst.z - inst.eta * inst.g)


_ENTROPY_STEPS = potential_points(("entropy",)).filter(lambda p: p.eta * float(np.abs(p.g).max()) <= 0.9)

PROXIMAL = Claim(
    id="mirror-step-is-bregman-proximal",
    title="A mirror-descent step minimizes the linearized loss plus the Bregman divergence (GD: plus the squared distance)",
    statement="w⁺ = ∇R*(∇R(w_t) - ηg) satisfies Φ(v) = Φ(w⁺) + D_R(v, w⁺) >= Φ(w⁺) for all v, where "
              "Φ(v) = η⟨g, v⟩ + D_R(v, w_t); R = ½||·||^2 gives w_t - ηg, the entropy w_t ⊙ exp(-ηg), "
              "R = ½wᵀDw gives w_t - ηD⁻¹g",
    sources=[Source(ARORA, "§8.1.1, eqs. (8.2)-(8.3) and the examples of potentials", ("ARORA-528",)),
             Source(ZHAO, "Figures 6.8-6.9: gradient descent as a linearized objective plus a step penalty",
                    ("ZHAO-48",))],
    kind="numeric",
    area="implicit-bias",
    instances=potential_points(near=False),
    conclusion=proximal_checks,
    proof_idea="Φ(v) - Φ(w⁺) - D_R(v, w⁺) = ⟨ηg + ∇R(w⁺) - ∇R(w_t), v - w⁺⟩, which vanishes exactly when "
               "∇R(w⁺) = ∇R(w_t) - ηg; with D_R >= 0 this makes w⁺ the minimizer.",
    mutants=[
        Mutant("first-order-exponentiated-gradient",
               "w_t ⊙ (1 - ηg) agrees with w_t ⊙ exp(-ηg) only to first order in ηg; the identity is off by a "
               "second-order term",
               conclusion=first_order_eg, instances=_ENTROPY_STEPS),
        Mutant("reversed-divergence-step",
               "w_t / (1 + ηg) minimizes η⟨g, v⟩ + D_R(w_t, v) (the arguments swapped), a different problem for "
               "a non-quadratic R", conclusion=reversed_divergence_step, instances=_ENTROPY_STEPS),
        Mutant("gradient-step-for-every-potential",
               "w_t - ηg is the mirror step only for R = ½||·||^2; a curvature D ≠ I or a hyperbolic potential "
               "bends the step", conclusion=gradient_step_everywhere,
               instances=potential_points(("quadratic", "hyperbolic"), near=False)),
    ],
    examples=120,
)
test_mirror_step_is_bregman_proximal = PROXIMAL.test()


# --- claim 3: implicit bias of mirror descent --------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Solved:
    """A mirror-descent run, its design facts and the certified projection."""

    inst: MirrorProblem
    design: Design
    run: MirrorRun
    ref: Certified
    null: np.ndarray
    null_err: np.ndarray
    residual: np.ndarray


def solve(inst: MirrorProblem) -> Solved:
    design = Design.of(inst.X)
    run = mirror_descent(inst.potential, inst.X, inst.y, inst.w0, inst.multipliers, rtol=RTOL)
    ref = bregman_projection(inst.potential, inst.X, inst.y, inst.w0, design)
    null, err = dual_offset(inst.potential, design, run.W, inst.w0)
    return Solved(inst, design, run, ref, null, err, design.residual(run.W, inst.y))


def invariant_check(s: Solved, null: np.ndarray, label: str) -> Check:
    tol = invariant_tolerance(s.inst.potential, s.run) + s.null_err
    ratio = null[1:] / tol[1:]
    t = int(np.argmax(ratio)) + 1 if ratio.size else 0
    return le(float(null[t]), 0.0, tol=float(tol[t]), label=f"{label} (worst step t = {t})",
              why="dual-recursion drift + round trip ∇R(∇R*(θ_t)) + projector and gradient rounding")


def distance_check(s: Solved, target: Certified, name: str) -> Check:
    """``||w_t - target|| <= bound_t + radius`` at the worst step, ``bound_t`` from the invariant (steps
    whose distance no box certifies are skipped; the final one must be certified)."""
    pot = s.inst.potential
    bound = projection_radius(pot, s.design, s.run.W, s.residual, s.null + s.null_err)
    finite = np.isfinite(bound)
    if not (finite[-1] and np.isfinite(target.radius)):
        raise ValueError(f"no certified radius for the final iterate or for {name}")
    dist = np.linalg.norm(s.run.W - target.w, axis=1)
    d = s.run.W.shape[1]
    rhs = bound + target.radius
    tol = 2 * np.sqrt(d) * EPS * (np.linalg.norm(s.run.W, axis=1) + np.linalg.norm(target.w)) + 8 * EPS * bound
    ratio = np.where(finite, dist / np.where(finite, rhs + tol, 1.0), 0.0)
    t = int(np.argmax(ratio))
    return le(float(dist[t]), float(rhs[t]), tol=float(tol[t]),
              label=f"||w_t - {name}|| <= chi ||X w_t - y|| + tau_t / mu + certified radius "
                    f"(worst step t = {t} of {s.run.steps})",
              why="rounding of the distance and of the bound")


def converged_check(s: Solved) -> Check:
    return holds(float(s.residual[-1]) <= 1e-6 * float(np.linalg.norm(s.inst.y)),
                 "the run reaches zero loss to 1e-6 relative (the theorem's hypothesis)",
                 f"||X w_T - y|| <= {float(s.residual[-1]):.3e} after {s.run.steps} steps")


def bregman_limit(inst: MirrorProblem) -> list[Check]:
    s = solve(inst)
    return [converged_check(s),
            invariant_check(s, s.null, "∇R(w_t) - ∇R(w_0) ∈ row(X): ||N(∇R(w_t) - ∇R(w_0))||"),
            distance_check(s, s.ref, "w*")]


def limit_is_euclidean_projection(inst: MirrorProblem) -> list[Check]:
    s = solve(inst)
    X, y, w0 = inst.X, inst.y, inst.w0
    target = w0 + min_norm_solution(X, y - X @ w0)
    radius = certify_projection(Quadratic.euclidean(X.shape[1]), X, y, w0, target, s.design)
    return [distance_check(s, Certified(target, radius), "(w_0 + X⁺(y - X w_0))")]


def limit_ignores_init(inst: MirrorProblem) -> list[Check]:
    s = solve(inst)
    pot = inst.potential
    target = bregman_projection(pot, inst.X, inst.y, pot.minimizer(inst.X.shape[1]), s.design)
    return [distance_check(s, target, "argmin{R(w) : Xw = y}")]


def reversed_kl_projection(X: np.ndarray, y: np.ndarray, w0: np.ndarray) -> np.ndarray:
    """``argmin{D(w0, w) : X w = y}`` for the entropy, i.e. of ``Σ w - w0 log w`` (SLSQP, tight tolerance);
    a mutant's target, not certified."""
    fun = lambda w: float(np.sum(w - w0 * np.log(w)))  # noqa: E731
    jac = lambda w: 1 - w0 / w  # noqa: E731
    res = scipy.optimize.minimize(fun, w0, jac=jac, method="SLSQP", bounds=[(1e-12, None)] * w0.size,
                                  constraints=[{"type": "eq", "fun": lambda w: X @ w - y, "jac": lambda w: X}],
                                  options={"ftol": 1e-15, "maxiter": 500})
    return res.x


def limit_is_reversed_projection(inst: MirrorProblem) -> list[Check]:
    s = solve(inst)
    return [distance_check(s, Certified(reversed_kl_projection(inst.X, inst.y, inst.w0), 0.0),
                           "argmin{D_R(w_0, w) : Xw = y}")]


def primal_in_row_space(inst: MirrorProblem) -> list[Check]:
    s = solve(inst)
    W = s.run.W
    D = W - W[0]
    null = s.design.null_part(D)
    # only rounding of the iterates themselves: (d + 2) eps ||w_t|| each
    tol = s.design.null_part_error(D) + (W.shape[1] + 2) * EPS * (np.linalg.norm(W, axis=1) + np.linalg.norm(W[0]))
    t = int(np.argmax(null[1:] / tol[1:])) + 1
    return [le(float(null[t]), 0.0, tol=float(tol[t]), label=f"w_t - w_0 ∈ row(X) (worst step t = {t})",
               why="rounding of the iterates")]


def dual_without_init(inst: MirrorProblem) -> list[Check]:
    s = solve(inst)
    null, err = dual_offset(inst.potential, s.design, s.run.W, inst.potential.minimizer(inst.X.shape[1]))
    return [invariant_check(replace(s, null_err=err), null, "∇R(w_t) ∈ row(X)")]


_ENTROPY_PROBLEMS = mirror_problems(("entropy",))

BREGMAN_LIMIT = Claim(
    id="mirror-descent-bregman-projection",
    title="Mirror descent on realizable least squares converges to the Bregman projection of its initialization",
    statement="for a Legendre R, X w = y consistent, any w_0 and any steps, mirror descent keeps "
              "∇R(w_t) - ∇R(w_0) ∈ row(X) at every step, and a zero-loss limit is argmin{D_R(w, w_0) : Xw = y}; "
              "finitely: ||w_t - w*|| <= chi ||X w_t - y|| + tau_t / mu at every step",
    sources=[Source(ARORA, "Theorem 8.1.2, eq. (8.4), and its proof", ("ARORA-529",)),
             Source(ZHAO, "Figure 6.10 and §6.5 (mirror flow, KL projection of the initialization)", ("ZHAO-45",))],
    kind="proxy",
    proxy="the conditional limit statement is represented, at every step t of a run stopped at "
          "||X w_t - y|| <= 1e-10 ||y||, by the exact row-space invariant of the dual iterate and the bound "
          "||w_t - w*|| <= chi ||X w_t - y|| + tau_t / mu, which tends to 0 with the loss",
    area="implicit-bias",
    instances=mirror_problems(),
    conclusion=bregman_limit,
    proof_idea="The dual iterate moves by -η_t Xᵀ(X w_t - y) ∈ row(X), so a feasible limit is a KKT point of the strictly "
               "convex projection problem. Quantitatively, w_t solves the projection problem for the target X w_t "
               "(up to the rounding ν); moving the target to y along a segment moves the solution at speed "
               "||H⁻¹Xᵀ(X H⁻¹ Xᵀ)⁻¹ r|| + ||ν||/mu <= chi ||r|| + ||ν|| / mu (H = ∇²R diagonal).",
    mutants=[
        Mutant("limit-is-euclidean-projection",
               "the Euclidean projection w_0 + X⁺(y - X w_0) is the limit only for R = ½||·||^2; a curved "
               "potential moves the primal iterate off w_0 + row(X)",
               conclusion=limit_is_euclidean_projection, instances=mirror_problems(("quadratic", "entropy", "hyperbolic"))),
        Mutant("limit-ignores-initialization",
               "argmin{R : Xw = y} is the limit only when ∇R(w_0) = 0 (e.g. w_0 = 1 for the entropy); otherwise "
               "the projection depends on w_0", conclusion=limit_ignores_init),
        Mutant("limit-is-reversed-projection",
               "the projection minimizes D_R(w, w_0), not D_R(w_0, w); for the entropy the two differ",
               conclusion=limit_is_reversed_projection, instances=_ENTROPY_PROBLEMS),
        Mutant("primal-displacement-in-row-space",
               "the invariant lives in the dual: w_t - w_0 ∈ row(X) holds for quadratic R with D = I only",
               conclusion=primal_in_row_space, instances=mirror_problems(("quadratic", "entropy", "hyperbolic"))),
        Mutant("dual-iterate-in-row-space",
               "the dual iterate is ∇R(w_0) + Xᵀλ_t; dropping ∇R(w_0) is false whenever ∇R(w_0) ∉ row(X)",
               conclusion=dual_without_init),
    ],
    examples=150,
)
test_mirror_descent_bregman_projection = BREGMAN_LIMIT.test()
