"""Reparametrized gradient flow is a mirror flow; the implicit bias of diagonal linear networks.

Statements.
- Reparametrization = mirror geometry.  Gradient flow on ``θ`` with ``w = G(θ)`` moves ``w`` by
  ``dw/dt = -∂G ∂Gᵀ ∇L(w)``; it is the mirror flow of ``R`` (``dw/dt = -(∇²R)⁻¹∇L``) for every loss
  when ``∂G ∂Gᵀ = (∇²R(G(θ)))⁻¹`` along the trajectory.  Examples: ``G = Σ^{1/2}θ`` with
  ``R = ½wᵀΣ⁻¹w`` (also in discrete time); ``G = θ⊙θ`` with ``R = ¼ Σ(w log w - w)``, i.e. the square
  flow ``ẋ = -4 D_x ∇f`` is the entropy mirror flow run four times faster; ``G = θ₊² - θ₋²`` from
  ``(α1, -cα1)`` with the hyperbolic entropy ``R_a(w) = Σ (a/4) q(w_i/a)``, ``a = cα²``,
  ``q(z) = 2 - √(4 + z²) + z asinh(z/2)`` — valid on the invariant set ``θ₊⊙θ₋ = -cα²`` that the flow
  conserves, although ``∂G ∂Gᵀ`` is not a function of ``G(θ)`` alone: ``θ = (1, 0)`` and ``(√2, 1)``
  share ``G = 1`` but give 4 and 12.  All three ``G`` are commuting parametrizations
  (``[∇G_i, ∇G_j] = 0``); ``(u₁v₁, u₁v₂)`` is not.  ``u⊙v`` and ``u² - v²`` reach every ``w``.
- Implicit bias.  Combined with the mirror-descent theorem, gradient flow on the diagonal network
  from ``(α1, -α1)`` that reaches zero loss ends at ``argmin{R_{α²}(w) : X w = y}``.  As ``α → 0`` this
  tends to minimum ``l1`` norm and as ``α → ∞`` to minimum ``l2`` norm; for the square map
  ``x = y⊙y`` from ``y = α1`` the limit is the KL projection of ``α²1``, which tends to the minimum
  ``l1`` nonnegative interpolant.  Example: ``A = [1 2]``, ``b = 1`` has minimum-``l2`` interpolant
  ``(1/5, 2/5)`` and minimum-``l1`` nonnegative interpolant ``(0, 1/2)``.

Sources.  Arora et al., *Theory of Deep Learning*, §8.1.2-8.1.4: surjective Hadamard maps (ARORA-533),
eqs. (8.6)-(8.11) (ARORA-534), Examples 8.1.3-8.1.5 (ARORA-535, ARORA-536, ARORA-537), Theorem 8.1.6
(ARORA-538: printed with θ₊⊙θ₋ = +α² and the sum of R_α over i ≤ n; both are slips, see the audit
claim), Theorem 8.1.7 (ARORA-539, from Woodworth et al. 2020, Thm 1; the loss is printed without its
sum), Definition 8.1.8 (ARORA-540: the brackets should range over [d], not [D]); Zhao, *From
Approximation to Emergence*, §6.3 and §6.5.1 (ZHAO-44), Figure 6.11 (ZHAO-46), Example 6.7 (ZHAO-47).

Finite statements.
- The limits in α become explicit bounds.  With ``L = log(1/α²)`` (``α < 1``), ``w_α`` the minimizer
  of ``R_{α²}`` on ``X w = y`` and ``w*`` a minimum-``l1`` interpolant:
  ``||w_α||_1 <= ||w*||_1 + (d + 2dα² - ||w*||_1 + Σ|w*_i| log(α² + |w*_i|)) / L``; for the
  nonnegative (KL) version ``||x_α||_1 <= ||x*||_1 + (d + Σ x*_i log x*_i - ||x*||_1) / L``.
  (From ``z log z - z <= q(z) <= 2 - z + z log(1 + z)``, ``Σ t log t >= s log(s/d)`` and
  ``s - s log(s/d) <= d``.)  For large α, if ``A = ||X⁺y||`` satisfies ``A² < 15 α⁴``:
  ``||w_α - X⁺y|| <= A³ (1 + A²/α⁴)^{1/4} / (6 α⁴)``.  (``F = 2α² Q_α`` has ``F'' = (1 + w²/4α⁴)^{-1/2}
  <= 1``, so ``F(w_α) <= A²/2``, which confines ``|w_α,i| < 2A``; the KKT condition puts
  ``w_α - X⁺y = N r(w_α)`` with ``0 <= r(w) = w - 2α² asinh(w/2α²) <= w³/(24α⁴)``.)
- The network is trained by discrete GD, and the exact finite statement is an invariant of GD itself:
  with ``x_t = 2η_t g_t``, the updates are ``u ← u(1 - x_t)``, ``v ← v(1 + x_t)``, so
  ``|u_T v_T| = |u_0 v_0| Π(1 - x_t²) =: a_T`` and ``∇R_{a_T}(w_T) = ¼ log|u_T/v_T|
  = ¼ log|u_0/v_0| - ½ Σ atanh(x_t)``, whose deviation from ``row(X)`` is the null-space part of
  ``½ Σ (atanh(x_t) - x_t) = O(Σ|x_t|³)``.  Hence GD ends within ``chi ||X w_T - y|| + tau / mu`` of
  the projection for the effective scale ``a_T`` (``checks.mirror.projection_radius``); as the steps
  shrink, ``a_T → cα²`` and ``tau → 0``, which is the gradient-flow theorem.

Tolerances: as in ``test_mirror_descent`` (``eps = 2^-52``, 4-ulp elementary functions); the
products over ``T`` GD steps carry at most ``2 T eps`` relative rounding in each factor.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy

from checks.claim import Check, Claim, Mutant, Source, close, equal, holds, le
from checks.documents import ARORA, ZHAO
from checks.linalg import EPS, min_l1_interpolant, min_norm_solution
from checks.mirror import (ULPS, Certified, Design, DiagonalNetRun, Entropy, HyperbolicEntropy, Quadratic,
                           bregman_projection, certify_projection, diagonal_net_gd, min_l1_nonnegative,
                           projection_radius)
from checks.strategies.implicit_bias import (NON_COMMUTING, HadamardCase, NetProblem, Parametrization,
                                             PrintedCase, RationalRow, ReparamPoint, ScaleProblem, SquarePair,
                                             hadamard_cases, net_problems, parametrizations, printed_cases,
                                             rational_rows, rational_scales, reparam_points, scale_problems,
                                             square_pairs)


def _worst(checks: list[Check]) -> Check:
    return max(checks, key=lambda c: c.ratio)


# --- claim 1: reparametrized flow velocity = mirror flow velocity ----------------------------------------

def _loss_grad(p: ReparamPoint, w: np.ndarray) -> np.ndarray:
    return p.X.T @ (p.X @ w - p.y)


def _jacobian(p: ReparamPoint) -> tuple[np.ndarray, np.ndarray]:
    """``(G(θ), ∂G)`` with ``∂G`` the d×D Jacobian."""
    if p.kind == "linear":
        lam, Q = np.linalg.eigh(p.Sigma)
        S = (Q * np.sqrt(lam)) @ Q.T
        return S @ p.theta, S
    if p.kind == "square":
        return p.theta ** 2, np.diag(2 * p.theta)
    d = p.theta.size // 2
    tp, tm = p.theta[:d], p.theta[d:]
    return tp ** 2 - tm ** 2, np.hstack([np.diag(2 * tp), np.diag(-2 * tm)])


def _mirror_inverse_hessian(p: ReparamPoint, w: np.ndarray, scale: float | None = None) -> np.ndarray:
    """``(∇²R(w))⁻¹`` for the potential paired with ``p.kind``, computed through ``checks.mirror``."""
    if p.kind == "linear":
        Si = np.linalg.inv(p.Sigma)
        return Quadratic((Si + Si.T) / 2).hess_conj(w)
    if p.kind == "square":  # R = ¼ Σ (w log w - w): (∇²R)⁻¹ = 4 (∇²H)⁻¹ for the entropy H
        H = Entropy()
        return 4 * np.diag(H.hess_conj_diag(H.grad(w)))
    pot = HyperbolicEntropy(p.shape * p.alpha ** 2 if scale is None else scale)
    return np.diag(pot.hess_conj_diag(pot.grad(w)))


def _identity_tol(p: ReparamPoint, w: np.ndarray, lhs: np.ndarray, rhs: np.ndarray) -> float:
    """Rounding allowed between ``∂G∂Gᵀ`` and the computed ``(∇²R)⁻¹``: for ``linear``, eigh of Σ and
    the two inversions Σ → Σ⁻¹ → Σ (each ``~ d eps cond(Σ)`` relative: ``16 d² eps cond(Σ)² ||Σ||``); for ``square``, exp(log w) (``(2 ULPS + 2) eps (1 + |log w|)``
    relative); for ``difference``, cosh(4 · ¼ asinh(w/2a)) with the argument's absolute error
    ``(ULPS |asinh| + 3) eps``, amplified by 4 tanh <= 4 (relative)."""
    d = w.size
    if p.kind == "linear":
        lam = np.linalg.eigvalsh(p.Sigma)
        return 16 * d * d * EPS * float(lam[-1] / lam[0]) ** 2 * float(lam[-1])
    if p.kind == "square":
        rel = (2 * ULPS + 4) * EPS * (1 + np.abs(np.log(w)))
        return float(np.max(rel * np.abs(np.diag(rhs)))) + 4 * EPS * float(np.max(np.abs(np.diag(lhs))))
    a = p.shape * p.alpha ** 2
    u = np.abs(np.arcsinh(w / (2 * a)))
    rel = (ULPS * u + 3 + ULPS + 8) * EPS + 8 * EPS * (d + 1)
    return float(np.max(rel * (np.abs(np.diag(rhs)) + np.abs(np.diag(lhs)))))


def velocity_checks(p: ReparamPoint, factor: float = 1.0, scale: float | None = None, invert: bool = True
                    ) -> list[Check]:
    """``∂G∂Gᵀ = factor · (∇²R)^{∓1}`` and ``dG/dt = -∂G (∂Gᵀ ∇L) = factor · (mirror velocity)``."""
    w, J = _jacobian(p)
    JJ = J @ J.T
    Hinv = _mirror_inverse_hessian(p, w, scale)
    target = factor * (Hinv if invert else np.linalg.inv(Hinv))
    tol = _identity_tol(p, w, JJ, target) * max(1.0, factor)
    if not invert:  # np.linalg.inv adds 4 d eps cond relative
        tol += 4 * w.size * EPS * float(np.linalg.cond(Hinv)) * float(np.abs(target).max())
    g = _loss_grad(p, w)
    vel = -J @ (J.T @ g)
    mirror_vel = -target @ g
    vtol = tol * float(np.abs(g).sum()) + 4 * (J.shape[1] + 2) * EPS * float(np.max(np.abs(J) @ (np.abs(J.T) @ np.abs(g))))
    out = [close(JJ, target, tol, label=f"∂G∂Gᵀ = (∇²R(G(θ)))⁻¹ ({p.kind})", why="rounding of both sides"),
           close(vel, mirror_vel, vtol, label=f"dG(θ)/dt = -∂G∂Gᵀ∇L = -(∇²R)⁻¹∇L, the mirror-flow velocity ({p.kind})",
                 why="identity tolerance times ||∇L||_1 plus the products")]
    if p.kind == "difference":
        d = w.size
        tp, tm = p.theta[:d], p.theta[d:]
        dtp, dtm = -2 * tp * g, 2 * tm * g
        cons = dtp * tm + tp * dtm
        out.append(close(cons, np.zeros(d), float(np.max(8 * EPS * np.abs(tp * tm * g))) + 1e-300,
                         label="conservation law d(θ₊⊙θ₋)/dt = θ̇₊θ₋ + θ₊θ̇₋ = 0", why="rounding of two products"))
        a = p.shape * p.alpha ** 2
        out.append(close(np.abs(tp * tm), np.full(d, a), 8 * EPS * a,
                         label="the point lies on the invariant set |θ₊⊙θ₋| = c alpha^2", why="two products"))
    if p.kind == "linear":  # discrete time as well: one GD step on θ is one preconditioned step on w
        theta1 = p.theta - p.eta * (J.T @ g)
        w1 = J @ theta1
        ref = w - p.eta * (p.Sigma @ g)
        out.append(close(w1, ref, tol * p.eta * float(np.abs(g).sum()) + 8 * w.size * EPS * (
            float(np.abs(w).max()) + p.eta * float(np.abs(J).max() ** 2 * np.abs(g).sum()) * w.size),
                         label="linear: G(θ - η∇(L∘G)(θ)) = w - ηΣ∇L(w) (discrete steps coincide)",
                         why="identity tolerance and the products"))
    return out


def velocity_identity(p: ReparamPoint) -> list[Check]:
    return velocity_checks(p)


def square_time_factor_two(p: ReparamPoint) -> list[Check]:
    return velocity_checks(p, factor=0.5)  # (∇²R)⁻¹ = 2 D_x instead of 4 D_x: x_sq(t) = x_mirror(2t)


def hessian_not_inverted(p: ReparamPoint) -> list[Check]:
    return velocity_checks(p, invert=False)


def sigma_instead_of_root(p: ReparamPoint) -> list[Check]:
    """G(θ) = Σθ paired with R = ½wᵀΣ⁻¹w: ∂G∂Gᵀ = Σ² ≠ Σ."""
    J = p.Sigma
    lam = np.linalg.eigvalsh(p.Sigma)
    return [close(J @ J.T, p.Sigma, 16 * p.theta.size ** 2 * EPS * float(lam[-1]) ** 2,
                  label="G = Σθ: ∂G∂Gᵀ = Σ", why="rounding of the product")]


def wrong_q_scale(p: ReparamPoint) -> list[Check]:
    """q̃(z) = z asinh z - √(1 + z²): (∇²R̃)⁻¹ = 4√(w² + a²) instead of 4√(w² + 4a²)."""
    w, J = _jacobian(p)
    a = p.shape * p.alpha ** 2
    JJ = np.diag(J @ J.T)
    target = 4 * np.sqrt(w * w + a * a)
    return [close(JJ, target, 16 * EPS * float(np.max(JJ + target)), label="∂G∂Gᵀ = 4√(w² + a²) (q rescaled)",
                  why="rounding of both sides")]


def nominal_scale_for_shifted_init(p: ReparamPoint) -> list[Check]:
    return velocity_checks(p, scale=p.alpha ** 2)


def discrete_square_steps_coincide(p: ReparamPoint) -> list[Check]:
    """GD on θ (square map) vs exponentiated gradient with R = ¼ entropy and the same η."""
    w, J = _jacobian(p)
    g = _loss_grad(p, w)
    theta1 = p.theta - p.eta * 2 * p.theta * g
    eg = w * np.exp(-4 * p.eta * g)
    return [close(theta1 ** 2, eg, 16 * EPS * float(np.max(np.abs(eg) * (1 + 4 * p.eta * np.abs(g)))),
                  label="square: (θ - η∇(L∘G))² = w ⊙ exp(-4η∇L(w)) (one step)", why="rounding of both sides")]


REPARAM = Claim(
    id="reparametrized-flow-is-mirror-flow",
    title="Gradient flow through w = G(θ) is the mirror flow of R when ∂G∂Gᵀ = (∇²R)⁻¹ (linear, square, difference of squares)",
    statement="∂G∂Gᵀ = (∇²R(G(θ)))⁻¹, hence dG(θ_t)/dt = -(∇²R)⁻¹∇L for every loss, for (Σ^(1/2)θ, ½wᵀΣ⁻¹w), "
              "(θ², ¼Σ(w log w - w)) and (θ₊² - θ₋², R_a) on the conserved set θ₊θ₋ = -a; the square flow is "
              "ẋ = -4D_x∇f, the entropy mirror flow at four times the speed",
    sources=[Source(ARORA, "§8.1.3, eqs. (8.6)-(8.11)", ("ARORA-534",)),
             Source(ARORA, "Examples 8.1.3 and 8.1.4", ("ARORA-535", "ARORA-536")),
             Source(ARORA, "Theorem 8.1.6, eqs. (8.12)-(8.21)", ("ARORA-538",)),
             Source(ZHAO, "§6.3 (x = y²) and §6.5.1 (square flow as entropy mirror flow)", ("ZHAO-44",))],
    kind="numeric",
    area="implicit-bias",
    instances=reparam_points(),
    conclusion=velocity_identity,
    proof_idea="Chain rule: dG/dt = ∂G θ̇ = -∂G∂Gᵀ∇L(G(θ)), while the mirror flow is ẇ = -(∇²R)⁻¹∇L; equal "
               "velocity fields and equal starting points give equal trajectories (uniqueness of ODE solutions). "
               "For θ₊² - θ₋²: d(θ₊θ₋)/dt = 0, and on θ₊θ₋ = -a, (θ₊² + θ₋²)² = w² + 4a².",
    mutants=[
        Mutant("square-time-factor-two", "∂(θ²)/∂θ = 2θ gives ∂G∂Gᵀ = 4 diag(w): the square flow is the entropy "
                                         "mirror flow at speed 4, not 2", conclusion=square_time_factor_two,
               instances=reparam_points(("square",))),
        Mutant("hessian-not-inverted", "the mirror flow uses (∇²R)⁻¹ (D_x for the entropy), not ∇²R (D_x⁻¹)",
               conclusion=hessian_not_inverted),
        Mutant("sigma-instead-of-root", "G = Σθ gives ∂G∂Gᵀ = Σ², which matches the potential of Σ² instead",
               conclusion=sigma_instead_of_root, instances=reparam_points(("linear",))),
        Mutant("q-wrong-scale", "q̃(z) = z asinh z - √(1 + z²) has q̃'' = 1/√(1 + z²), giving 4√(w² + a²) ≠ "
                                "4√(w² + 4a²)", conclusion=wrong_q_scale, instances=reparam_points(("difference",))),
        Mutant("nominal-scale-for-shifted-init",
               "from (α1, -cα1) the conserved product is cα², so the mirror map has scale cα², not α²",
               conclusion=nominal_scale_for_shifted_init, instances=reparam_points(("difference",))),
        Mutant("discrete-square-steps-coincide",
               "the equivalence is for flows: one GD step on θ and one exponentiated-gradient step differ at O(η²)",
               conclusion=discrete_square_steps_coincide, instances=reparam_points(("square",))),
    ],
    examples=150,
)
test_reparametrized_flow_is_mirror_flow = REPARAM.test()


# --- claim 2 (exact): the hyperbolic entropy's calculus, and the printed theorem -------------------------

_z, _w, _s, _g, _tp, _tm = sympy.symbols("z w s g theta_p theta_m", real=True)
Q_PRINTED = 2 - sympy.sqrt(4 + _z ** 2) + _z * sympy.asinh(_z / 2)


@lru_cache(maxsize=None)
def _calculus(alpha: Fraction) -> dict[str, sympy.Expr]:
    """Each identity's difference (which must simplify to 0) at the rational scale ``alpha``."""
    al = sympy.Rational(alpha.numerator, alpha.denominator)
    q = Q_PRINTED
    R = al ** 2 / 4 * q.subs(_z, _w / al ** 2)
    tp, tm = al * sympy.exp(_s), -al * sympy.exp(-_s)
    return {
        "q'(z) = asinh(z/2)": sympy.simplify(sympy.diff(q, _z) - sympy.asinh(_z / 2)),
        "q''(z) = 1/√(4 + z²)": sympy.simplify(sympy.diff(q, _z, 2) - 1 / sympy.sqrt(4 + _z ** 2)),
        "q(0) = 0": sympy.simplify(q.subs(_z, 0)),
        "∂R_α/∂w = ¼ asinh(w/(2α²))": sympy.simplify(sympy.diff(R, _w) - sympy.asinh(_w / (2 * al ** 2)) / 4),
        "∂²R_α/∂w² = 1/(4√(w² + 4α⁴))": sympy.simplify(sympy.diff(R, _w, 2) - 1 / (4 * sympy.sqrt(_w ** 2 + 4 * al ** 4))),
        "θ₊θ₋ = -α² on the orbit (α e^s, -α e^-s)": sympy.simplify(tp * tm + al ** 2),
        "(θ₊² + θ₋²)² = (θ₊² - θ₋²)² + 4α⁴ there": sympy.expand((tp ** 2 + tm ** 2) ** 2 - (tp ** 2 - tm ** 2) ** 2 - 4 * al ** 4),
        "d(θ₊θ₋)/dt = (-2θ₊g)θ₋ + θ₊(2θ₋g) = 0": sympy.expand((-2 * _tp * _g) * _tm + _tp * (2 * _tm * _g)),
    }


def calculus_checks(alpha: Fraction) -> list[Check]:
    return [equal(expr, sympy.Integer(0), label=name) for name, expr in _calculus(alpha).items()]


def garbled_gradient(alpha: Fraction) -> list[Check]:
    al = sympy.Rational(alpha.numerator, alpha.denominator)
    R = al ** 2 / 4 * Q_PRINTED.subs(_z, _w / al ** 2)
    return [equal(sympy.simplify(sympy.diff(R, _w) - sympy.asinh(_w / (2 * al ** 2))), sympy.Integer(0),
                  label="∂R_α/∂w = asinh(w/(2α²)) (without the ¼)")]


def hessian_misread(alpha: Fraction) -> list[Check]:
    al = sympy.Rational(alpha.numerator, alpha.denominator)
    R = al ** 2 / 4 * Q_PRINTED.subs(_z, _w / al ** 2)
    return [equal(sympy.simplify(sympy.diff(R, _w, 2) - sympy.sqrt(_w ** 2 + 4 * al ** 4) / 4), sympy.Integer(0),
                  label="∂²R_α/∂w² = ¼√(w² + 4α⁴) (eq. 8.20 read literally)")]


def rescaled_q(alpha: Fraction) -> list[Check]:
    q = _z * sympy.asinh(_z) - sympy.sqrt(1 + _z ** 2) + 1
    return [equal(sympy.simplify(sympy.diff(q, _z) - sympy.asinh(_z / 2)), sympy.Integer(0),
                  label="q̃(z) = z asinh z - √(1 + z²) + 1 has q̃' = asinh(z/2)")]


CALCULUS = Claim(
    id="hyperbolic-entropy-calculus",
    title="The hyperbolic entropy R_α and the conservation law behind Theorem 8.1.6, symbolically",
    statement="q(z) = 2 - √(4 + z²) + z asinh(z/2) has q(0) = 0, q' = asinh(z/2), q'' = 1/√(4 + z²); "
              "R_α(w) = (α²/4) q(w/α²) has R_α' = ¼ asinh(w/(2α²)), R_α'' = 1/(4√(w² + 4α⁴)); the flow conserves "
              "θ₊θ₋ = -α², on which 4(θ₊² + θ₋²) = 4√(w² + 4α⁴) = 1/R_α''",
    sources=[Source(ARORA, "Theorem 8.1.6, eqs. (8.12)-(8.20)", ("ARORA-538",))],
    kind="exact",
    area="implicit-bias",
    instances=rational_scales(),
    conclusion=calculus_checks,
    proof_idea="Differentiate: d/dz [z asinh(z/2)] = asinh(z/2) + z/√(4 + z²) cancels the derivative of -√(4 + z²). "
               "The chain rule with w/α² gives the factors; (θ₊² + θ₋²)² - (θ₊² - θ₋²)² = 4(θ₊θ₋)².",
    mutants=[
        Mutant("gradient-without-quarter", "R_α = (α²/4) q(w/α²) gives ∂R_α/∂w = ¼ q'(w/α²); the ¼ stays",
               conclusion=garbled_gradient),
        Mutant("hessian-read-literally", "eq. (8.20) means 1/(4√(w² + 4α⁴)); ¼√(w² + 4α⁴) is its reciprocal up "
                                         "to 1/16", conclusion=hessian_misread),
        Mutant("q-rescaled", "z asinh z - √(1 + z²) has derivative asinh z, a different scale",
               conclusion=rescaled_q),
    ],
    examples=5,
)
test_hyperbolic_entropy_calculus = CALCULUS.test()


def printed_theorem(case: PrintedCase) -> list[Check]:
    al = sympy.Rational(case.alpha.numerator, case.alpha.denominator)
    ws = sympy.symbols(f"w1:{case.d + 1}", real=True)
    R_printed = al ** 2 / 4 * sum(Q_PRINTED.subs(_z, ws[i] / al ** 2) for i in range(case.n))
    last = ws[-1]
    return [equal(al * (-al), al ** 2, label="θ₊(0)⊙θ₋(0) = α² for θ_0 = (α1, -α1) (as printed)"),
            equal(sympy.simplify(sympy.diff(R_printed, last, 2) - 1 / (4 * sympy.sqrt(last ** 2 + 4 * al ** 4))),
                  sympy.Integer(0),
                  label=f"R_α = α²/4 Σ_(i<=n) q(w_i/α²) has ∂²R_α/∂w_d² = 1/(4√(w_d² + 4α⁴)) (n = {case.n} < d = {case.d})")]


PRINTED_THEOREM = Claim(
    id="hyperbolic-entropy-theorem-as-printed",
    title="Theorem 8.1.6 as printed: θ₊⊙θ₋ ≡ +α² and R_α summed over the n data points",
    statement="with θ_0 = (α1, -α1): θ₊⊙θ₋ ≡ θ₊(0)⊙θ₋(0) = α²1, and R_α(w) = α²/4 Σ_{i=1}^n q(w_i/α²) is the "
              "mirror potential, so ∂²R_α/∂w_i² = 1/(4√(w_i² + 4α⁴)) for every coordinate i <= d",
    sources=[Source(ARORA, "Theorem 8.1.6 and its proof, eq. (8.13)", ("ARORA-538",))],
    kind="exact",
    area="implicit-bias",
    instances=printed_cases(),
    conclusion=printed_theorem,
    proof_idea="θ₊(0)⊙θ₋(0) = α·(-α) = -α²; a potential summed over i <= n has zero curvature in the coordinates "
               "n < i <= d, so its Hessian is not invertible there.",
    audit=True,
    corrected="hyperbolic-entropy-calculus",
    finding="The conserved product is θ₊⊙θ₋ = -α²1 (not +α²1), and R_α sums over the d coordinates, not the n data "
            "points: with n < d the printed potential has ∂²R_α/∂w_d² = 0. Corrected: θ₊⊙θ₋ ≡ -α²1 and "
            "R_α(w) = (α²/4) Σ_{i=1}^d q(w_i/α²); the theorem is unaffected (the product enters squared).",
    examples=3,
)
test_hyperbolic_entropy_theorem_as_printed = PRINTED_THEOREM.test()


# --- claim 3 (exact): ∂G∂Gᵀ is not a function of G for θ₊² - θ₋² ------------------------------------------

def _jj(w: Fraction, b: Fraction, factor: int = 4) -> Fraction:
    """∂G∂Gᵀ at θ = (√(w + b²), b) for d = 1: ``factor (θ₊² + θ₋²)`` with θ₊² = w + b² exactly."""
    return factor * ((w + b * b) + b * b)


def not_a_function(p: SquarePair) -> list[Check]:
    g1 = (p.w + p.b1 ** 2) - p.b1 ** 2
    g2 = (p.w + p.b2 ** 2) - p.b2 ** 2
    j1, j2 = _jj(p.w, p.b1), _jj(p.w, p.b2)
    out = [equal(g1, g2, label="G(θ¹) = G(θ²) = w"),
           holds(j1 != j2, "∂G∂Gᵀ(θ¹) ≠ ∂G∂Gᵀ(θ²), so no R has (∇²R(G))⁻¹ = ∂G∂Gᵀ for all θ",
                 f"{j1} vs {j2}"),
           equal(j1 - j2, 8 * (p.b1 ** 2 - p.b2 ** 2), label="∂G∂Gᵀ(θ¹) - ∂G∂Gᵀ(θ²) = 8(b1² - b2²)"),
           # on a level set of the conserved product it IS a function of G: (JJᵀ/4)² = w² + 4 (θ₊θ₋)²
           equal((j1 / 4) ** 2, p.w ** 2 + 4 * (p.w + p.b1 ** 2) * p.b1 ** 2,
                 label="(∂G∂Gᵀ/4)² = G² + 4(θ₊θ₋)² (a function of G on each invariant set)"),
           equal(4 * (p.b1 ** 2), 4 * p.b1 ** 2, label="control: G = θ² has ∂G∂Gᵀ = 4θ² = 4G(θ)")]
    if (p.w, p.b1, p.b2) == (1, 0, 1):
        out += [equal(j1, Fraction(4), label="Example 8.1.5: ∂G∂Gᵀ(1, 0) = 4"),
                equal(j2, Fraction(12), label="Example 8.1.5: ∂G∂Gᵀ(√2, 1) = 12")]
    return out


def forgot_factor_two(p: SquarePair) -> list[Check]:
    return [equal(_jj(p.w, p.b1, 2), _jj(p.w, p.b1, 4), label="∂G∂Gᵀ = 2(θ₊² + θ₋²) (values 2 and 6)")]


def condition_holds(p: SquarePair) -> list[Check]:
    return [equal(_jj(p.w, p.b1), _jj(p.w, p.b2), label="(8.11): ∂G∂Gᵀ depends on θ only through G(θ)")]


NOT_A_FUNCTION = Claim(
    id="difference-of-squares-fails-condition-8-11",
    title="For G = θ₊² - θ₋², ∂G∂Gᵀ is not a function of G(θ), but it is on each invariant set",
    statement="θ^i = (√(w + b_i²), b_i) share G = w while ∂G∂Gᵀ = 4(w + 2b_i²) differ when b1² ≠ b2² (Example 8.1.5: "
              "(1, 0) and (√2, 1) give 4 and 12); on θ₊θ₋ = const, (∂G∂Gᵀ/4)² = G² + 4(θ₊θ₋)²",
    sources=[Source(ARORA, "Example 8.1.5", ("ARORA-537",))],
    kind="exact",
    area="implicit-bias",
    instances=square_pairs(),
    conclusion=not_a_function,
    proof_idea="∂G = (2θ₊, -2θ₋) so ∂G∂Gᵀ = 4(θ₊² + θ₋²) = 4(G + 2θ₋²): fixing G leaves θ₋ free.",
    mutants=[Mutant("values-two-and-six", "d(θ²)/dθ = 2θ, squared in ∂G∂Gᵀ: the factor is 4, not 2",
                    conclusion=forgot_factor_two),
             Mutant("condition-8-11-holds", "different θ with the same G give different ∂G∂Gᵀ",
                    conclusion=condition_holds)],
    examples=60,
)
test_difference_of_squares_fails_condition_8_11 = NOT_A_FUNCTION.test()


# --- claim 4 (exact): commuting parametrizations -------------------------------------------------------------

_TH = sympy.symbols("t1:7", real=True)


def parametrization(p: Parametrization) -> list[sympy.Expr]:
    c, t = p.coeffs, _TH
    if p.kind == "linear":
        return [sum(c[3 * i + j] * t[j] for j in range(3)) for i in range(2)]
    if p.kind == "square":
        return [c[i] * t[i] ** 2 for i in range(3)]
    if p.kind == "difference":
        return [c[i] * (t[i] ** 2 - t[i + 3] ** 2) for i in range(3)]
    if p.kind == "shared-factor":  # (u1 v1, u1 v2) with u1 = t1, v = (t2, t3)
        return [c[0] * t[0] * t[1], c[1] * t[0] * t[2]]
    if p.kind == "chain":
        return [t[0] * t[1], t[1] * t[2]]
    return [t[0] ** 2, t[0] * t[1]]  # square-and-product


def lie_brackets(G: list[sympy.Expr]) -> list[sympy.Matrix]:
    """``[∇G_i, ∇G_j] = ∇²G_i ∇G_j - ∇²G_j ∇G_i`` for ``i < j``, expanded."""
    grads = [sympy.Matrix([sympy.diff(g, v) for v in _TH]) for g in G]
    hess = [sympy.hessian(g, _TH) for g in G]
    return [(hess[i] * grads[j] - hess[j] * grads[i]).expand()
            for i in range(len(G)) for j in range(i + 1, len(G))]


def commuting_checks(p: Parametrization) -> list[Check]:
    br = lie_brackets(parametrization(p))
    if p.kind in NON_COMMUTING:
        at = {v: sympy.Rational(x.numerator, x.denominator) for v, x in zip(_TH, p.point)}
        value = br[0].subs(at)
        return [holds(any(e != 0 for e in value), f"{p.kind}: [∇G_1, ∇G_2] ≠ 0 at the rational point",
                      f"bracket = {list(value)}")]
    return [equal(sympy.Matrix(b), sympy.zeros(len(_TH), 1), label=f"{p.kind}: [∇G_{i}, ∇G_j] = 0 identically")
            for i, b in enumerate(br)]


def declared_commuting(p: Parametrization) -> list[Check]:
    return [equal(sympy.Matrix(b), sympy.zeros(len(_TH), 1), label=f"{p.kind} declared commuting: bracket = 0")
            for b in lie_brackets(parametrization(p))]


COMMUTING_CLAIM = Claim(
    id="commuting-parametrizations",
    title="Σ^(1/2)θ, θ² and θ₊² - θ₋² are commuting parametrizations; (u₁v₁, u₁v₂) is not",
    statement="[∇G_i, ∇G_j] = ∇²G_i∇G_j - ∇²G_j∇G_i vanishes identically for linear G (zero Hessians) and for "
              "coordinate-separable G (G_i depending on disjoint coordinates), i, j in [d]; for (u₁v₁, u₁v₂) it does not",
    sources=[Source(ARORA, "Definition 8.1.8 and the remark after it", ("ARORA-540",))],
    kind="exact",
    area="implicit-bias",
    instances=parametrizations(),
    conclusion=commuting_checks,
    proof_idea="Linear G: both Hessians vanish. Separable G: ∇G_j is supported on G_j's coordinates, where ∇²G_i "
               "is zero for i ≠ j. A shared factor u₁ couples ∇²G_1 and ∇G_2.",
    mutants=[Mutant("non-examples-commuting", "(θ₁θ₂, θ₂θ₃) and (θ₁², θ₁θ₂) share a coordinate; their brackets are "
                                              "(-θ₁, 0, θ₃)-type and (2θ₂, -2θ₁)-type nonzero fields",
                    conclusion=declared_commuting,
                    instances=parametrizations(("chain", "square-and-product")))],
    examples=40,
)
test_commuting_parametrizations = COMMUTING_CLAIM.test()


# --- claim 5 (exact): Hadamard maps are surjective, but change the GD trajectory ---------------------------

def _sym(x: Fraction) -> sympy.Rational:
    return sympy.Rational(x.numerator, x.denominator)


def hadamard_checks(h: HadamardCase) -> list[Check]:
    w = [_sym(x) for x in h.w]
    u = [sympy.sign(x) * sympy.sqrt(abs(x)) for x in w]
    v = [sympy.sqrt(abs(x)) for x in w]
    up = [sympy.sqrt(max(x, 0)) for x in w]
    vm = [sympy.sqrt(max(-x, 0)) for x in w]
    X = [[Fraction(a) for a in row] for row in h.X]
    y = [Fraction(b) for b in h.y]
    u0, v0 = list(h.u0), list(h.v0)
    w0 = [a * b for a, b in zip(u0, v0)]
    r = [sum(X[i][j] * w0[j] for j in range(len(w0))) - y[i] for i in range(len(y))]
    g = [sum(X[i][j] * r[i] for i in range(len(y))) for j in range(len(w0))]
    eta = h.eta
    u1 = [a - eta * b * gj for a, b, gj in zip(u0, v0, g)]
    v1 = [b - eta * a * gj for a, b, gj in zip(u0, v0, g)]
    G1 = [a * b for a, b in zip(u1, v1)]
    plain = [a - eta * gj for a, gj in zip(w0, g)]
    gap = [-eta * (a * a + b * b - 1) * gj + eta ** 2 * a * b * gj * gj for a, b, gj in zip(u0, v0, g)]
    return [equal(tuple(sympy.expand(a * b) for a, b in zip(u, v)), tuple(w),
                  label="u⊙v = w for u = sign(w)√|w|, v = √|w|"),
            equal(tuple(a * a - b * b for a, b in zip(up, vm)), tuple(w), label="u² - v² = w for u = √w₊, v = √w₋"),
            equal(tuple(a - b for a, b in zip(G1, plain)), tuple(gap),
                  label="one GD step: G(θ₁) - (w₀ - η∇L) = -η(u₀² + v₀² - 1)∇L + η²u₀v₀∇L² (G = u⊙v)")]


def square_alone_surjective(h: HadamardCase) -> list[Check]:
    w = [_sym(x) for x in h.w]
    return [equal(tuple(sympy.sqrt(abs(x)) ** 2 for x in w), tuple(w), label="G(u) = u⊙u reaches w with u = √|w|")]


def reparametrized_step_is_plain(h: HadamardCase) -> list[Check]:
    X = [[Fraction(a) for a in row] for row in h.X]
    y = [Fraction(b) for b in h.y]
    u0, v0 = list(h.u0), list(h.v0)
    w0 = [a * b for a, b in zip(u0, v0)]
    r = [sum(X[i][j] * w0[j] for j in range(len(w0))) - y[i] for i in range(len(y))]
    g = [sum(X[i][j] * r[i] for i in range(len(y))) for j in range(len(w0))]
    G1 = [(a - h.eta * b * gj) * (b - h.eta * a * gj) for a, b, gj in zip(u0, v0, g)]
    return [equal(tuple(G1), tuple(a - h.eta * gj for a, gj in zip(w0, g)),
                  label="GD through u⊙v moves w like GD on w")]


HADAMARD = Claim(
    id="hadamard-parametrizations-surjective",
    title="u⊙v and u⊙u - v⊙v parametrize all linear predictors, yet GD through them moves w differently",
    statement="every w ∈ R^d is G(u, v) for G = u⊙v and for G = u² - v² (explicit preimages); one GD step through "
              "u⊙v from (u₀, v₀) moves w₀ = u₀v₀ to w₀ - η(u₀² + v₀²)∇L + η²u₀v₀∇L², not to w₀ - η∇L",
    sources=[Source(ARORA, "§8.1.2 (parametrizations of the model class)", ("ARORA-533",))],
    kind="exact",
    area="implicit-bias",
    instances=hadamard_cases(),
    conclusion=hadamard_checks,
    proof_idea="sign(w)√|w|·√|w| = w and (√w₊)² - (√w₋)² = w₊ - w₋ = w. The gradient through u⊙v is (v⊙∇L, u⊙∇L); "
               "multiply out (u - ηv∇L)(v - ηu∇L).",
    mutants=[Mutant("square-map-alone-surjective", "u⊙u >= 0 cannot reach a negative coordinate",
                    conclusion=square_alone_surjective,
                    instances=hadamard_cases().filter(lambda h: any(x < 0 for x in h.w))),
             Mutant("reparametrized-step-is-plain-gd", "the factor u₀² + v₀² and the η² term change the step unless "
                                                       "u₀² + v₀² = 1 and u₀v₀∇L = 0",
                    conclusion=reparametrized_step_is_plain)],
    examples=60,
)
test_hadamard_parametrizations_surjective = HADAMARD.test()


# --- claim 6: GD on the diagonal network ends at the hyperbolic-entropy projection ------------------------

@dataclass(frozen=True, eq=False)
class NetSolved:
    inst: NetProblem
    design: Design
    run: DiagonalNetRun
    pot: HyperbolicEntropy
    wbar0: np.ndarray
    ref: Certified
    tau: float
    residual: float
    w_err: float


def solve_net(p: NetProblem) -> NetSolved:
    X, y = p.X, p.y
    design = Design.of(X)
    run = diagonal_net_gd(X, y, p.u0, p.v0, p.multipliers, rtol=1e-9)
    T, d = run.steps, X.shape[1]
    a_T = np.abs(run.u * run.v)
    pot = HyperbolicEntropy(a_T)
    theta0 = 0.25 * np.log(np.abs(p.u0 / p.v0))
    wbar0 = pot.grad_conj(theta0)
    ref = bregman_projection(pot, X, y, wbar0, design)
    S = np.sum(np.arctanh(run.x) - run.x, axis=0)
    # τ: the exact null-space part of ∇R_{a_T}(w_T) - ∇R_{a_T}(w̄0): the atanh nonlinearity (computed, with the
    # projector error and (ULPS + 2) eps |x| per step for atanh(x) - x), the rounding of the gradients that
    # leaves row(X), the 2T eps relative rounding of the factor products (¼ (4.2 T eps) in ¼ log|u/v|,
    # twice), and the round trip of w̄0 and ¼ log|u0/v0|
    xmax = float(np.max(np.abs(run.x))) if T else 0.0
    tau = (0.5 * float(design.null_part(S) + design.null_part_error(S))
           + 0.5 * np.sqrt(d) * (T * (ULPS + 2) * EPS * xmax + d * EPS * float(np.abs(S).max(initial=0.0)))
           + 0.5 * run.gnorm_rounding
           + np.sqrt(d) * (2.2 * T * EPS + float(np.max(pot.roundtrip_error(theta0))) + ULPS * EPS * (1 + float(np.abs(theta0).max()))))
    # the float W_T = fl(u²) - fl(v²) is within 1.5 eps (u² + v²) of the exact u_T² - v_T²
    w_err = float(np.linalg.norm(1.5 * EPS * (run.u ** 2 + run.v ** 2)))
    residual = float(design.residual(run.W[-1], y)) + float(np.linalg.norm(X, 2)) * w_err
    return NetSolved(p, design, run, pot, wbar0, ref, tau, residual, w_err)


def net_distance(s: NetSolved, target: Certified, name: str) -> Check:
    wT = s.run.W[-1]
    bound = float(projection_radius(s.pot, s.design, wT, s.residual, s.tau)[0])
    if not (np.isfinite(bound) and np.isfinite(target.radius)):
        raise ValueError(f"no certified radius for w_T or for {name}")
    dist = float(np.linalg.norm(wT - target.w))
    d = wT.size
    tol = s.w_err + 2 * np.sqrt(d) * EPS * (np.linalg.norm(wT) + np.linalg.norm(target.w)) + 8 * EPS * bound
    return le(dist, bound + target.radius, tol=tol,
              label=f"||w_T - {name}|| <= chi ||X w_T - y|| + tau / mu + certified radius "
                    f"(T = {s.run.steps}, tau = {s.tau:.2e})",
              why="exact vs computed w_T (1.5 eps (u² + v²)) and the rounding of the distance")


def conservation_checks(s: NetSolved) -> list[Check]:
    run, p = s.run, s.inst
    T = run.steps
    prod = np.abs(p.u0 * p.v0) * np.prod(1 - run.x ** 2, axis=0)
    a_T = np.abs(run.u * run.v)
    dual = 0.25 * (np.log(np.abs(run.u / run.v)) - np.log(np.abs(p.u0 / p.v0)))
    pred = -0.5 * np.sum(np.arctanh(run.x), axis=0)
    return [close(a_T, prod, float(np.max(a_T)) * (5 * T + 4) * EPS + 1e-300,
                  label="|u_T v_T| = |u_0 v_0| Π(1 - x_t²) (discrete conservation law)",
                  why="2T eps relative rounding in each factor product, and T eps in the product of (1 - x²)"),
            close(dual, pred, (1.1 * T + ULPS + 2) * EPS * (1 + float(np.max(np.abs(pred)))) + T * ULPS * EPS,
                  label="¼ log|u_T/v_T| - ¼ log|u_0/v_0| = -½ Σ atanh(x_t) (= ∇R_{a_T}(w_T) - ∇R_{a_T}(w̄_0))",
                  why="2T eps relative in u_T, v_T; the logs and the sum of T atanh values")]


def converged(s: NetSolved) -> Check:
    return holds(s.residual <= 1e-6 * float(np.linalg.norm(s.inst.y)), "GD reaches zero loss to 1e-6 relative (hypothesis)",
                 f"||X w_T - y|| <= {s.residual:.3e}")


def net_limit(p: NetProblem) -> list[Check]:
    s = solve_net(p)
    return [converged(s), net_distance(s, s.ref, "argmin{D_R(w, w̄_0) : Xw = y}, R = R_{a_T}")] + conservation_checks(s)


def net_limit_is_min_l2(p: NetProblem) -> list[Check]:
    s = solve_net(p)
    X, y = p.X, p.y
    w2 = min_norm_solution(X, y)
    radius = certify_projection(Quadratic.euclidean(X.shape[1]), X, y, np.zeros(X.shape[1]), w2, s.design)
    return [net_distance(s, Certified(w2, radius), "X⁺y")]


def net_limit_is_min_l1(p: NetProblem) -> list[Check]:
    s = solve_net(p)
    return [net_distance(s, Certified(min_l1_interpolant(p.X, p.y), 0.0), "argmin ||w||_1")]


def net_limit_ignores_shape(p: NetProblem) -> list[Check]:
    s = solve_net(p)
    target = bregman_projection(HyperbolicEntropy(p.alpha ** 2), p.X, p.y, np.zeros(p.X.shape[1]), s.design)
    return [net_distance(s, target, "argmin{R_(alpha^2)(w) : Xw = y}")]


NET_LIMIT = Claim(
    id="diagonal-net-gd-hyperbolic-projection",
    title="GD on a diagonal linear network ends at the hyperbolic-entropy projection of its initialization",
    statement="GD on ½||X(u² - v²) - y||² from (α1, -cα1) conserves |u_t v_t| = cα² Π(1 - x_s²) =: a_t and keeps "
              "∇R_{a_t}(w_t) - ∇R_{a_t}(w̄_0) = -½Σ atanh(x_s) within O(Σ|x_s|³) of row(X); so at zero loss it is at "
              "argmin{D_{R_a}(w, w̄_0) : Xw = y} (for c = 1: argmin{R_a(w) : Xw = y}); as η → 0, a → cα², the flow's limit",
    sources=[Source(ARORA, "Theorem 8.1.7 (with Theorems 8.1.2 and 8.1.6)", ("ARORA-539", "ARORA-538"))],
    kind="proxy",
    proxy="gradient flow's limit argmin{R_(alpha^2) : Xw = y} is represented by discrete GD with multipliers "
          "0.1..0.4 run to ||X w_T - y|| <= 1e-9 ||y||: the exact discrete conservation law, and "
          "||w_T - w*(a_T)|| <= chi ||X w_T - y|| + tau / mu with tau the null-space part of "
          "½Σ(atanh(x_t) - x_t), both of which reduce to the flow statement as the steps go to 0",
    area="implicit-bias",
    instances=net_problems(),
    conclusion=net_limit,
    proof_idea="u ← u(1 - x), v ← v(1 + x) multiply; so uv shrinks by Π(1 - x²) and log|u/v| moves by "
               "-2Σ atanh(x) ≈ -2Σx ∈ row(X). With ∇R_a(u² - v²) = ¼ log|u/v| for a = |uv| this is mirror descent "
               "up to the cubic remainder, and the KKT argument of the mirror-descent theorem applies.",
    mutants=[
        Mutant("limit-is-min-l2", "at small α the diagonal network is in the rich regime: its limit is sparse, far "
                                  "from the minimum-l2 interpolant", conclusion=net_limit_is_min_l2,
               instances=net_problems(alphas=(0.05, 0.2), shapes=False)),
        Mutant("limit-is-min-l1", "at large α the network is in the kernel regime and ends near the minimum-l2 "
                                  "interpolant, not at minimum l1 norm", conclusion=net_limit_is_min_l1,
               instances=net_problems(alphas=(1.0, 3.0), shapes=False)),
        Mutant("limit-ignores-initialization-shape",
               "from (α1, -cα1), c ≠ 1, the conserved product is cα² and w_0 = (1 - c)α² ≠ 0: the limit is the "
               "projection of w̄_0 for R_(cα²), not argmin R_(α²)", conclusion=net_limit_ignores_shape,
               instances=net_problems().filter(lambda p: abs(p.shape - 1) > 0.3)),
    ],
    examples=50,
)
test_diagonal_net_gd_hyperbolic_projection = NET_LIMIT.test()


# --- claims 7 and 8: the small- and large-initialization limits --------------------------------------------

def _scale_solution(p: ScaleProblem, alpha: float | None = None) -> tuple[Design, Certified]:
    a = (p.alpha if alpha is None else alpha) ** 2
    design = Design.of(p.X)
    d = p.X.shape[1]
    if p.signed:
        return design, bregman_projection(HyperbolicEntropy(a), p.X, p.y, np.zeros(d), design)
    return design, bregman_projection(Entropy(), p.X, p.y, np.full(d, a), design)


def _feasible_reference(p: ScaleProblem, design: Design) -> tuple[np.ndarray, float]:
    """A minimum-l1 (nonnegative, if not signed) interpolant and a bound δ on its distance to an exactly
    feasible point with the same support (so the nonnegative one stays nonnegative)."""
    X, y = p.X, p.y
    ref = min_l1_interpolant(X, y) if p.signed else min_l1_nonnegative(X, y)
    S = np.abs(ref) > 0
    XS = X[:, S]
    s_min = float(np.linalg.svd(XS, compute_uv=False)[-1]) * (1 - 4 * sum(X.shape) * EPS)
    res = float(design.residual(ref, y))
    delta = res / s_min if s_min > 0 else float("inf")
    if not p.signed and np.min(ref[S]) <= 2 * delta:
        raise ValueError("the l1 reference cannot be made exactly feasible without leaving the orthant")
    return ref, delta


def small_alpha_checks(p: ScaleProblem) -> list[Check]:
    design, sol = _scale_solution(p)
    ref, delta = _feasible_reference(p, design)
    d = p.X.shape[1]
    a = p.alpha ** 2
    L = float(np.log(1 / a))
    s_star = float(np.abs(ref).sum())
    m = float(np.abs(ref).max()) + delta
    if p.signed:
        B = (d + 2 * d * a - s_star + float(np.sum(np.abs(ref) * np.log(a + np.abs(ref))))) / L
        # moving w* by δ (2-norm) changes ||w*||_1 by <= √d δ and Σ t log(a + t) by <= √d δ (max(L, |log(a + m)|) + 1)
        shift = np.sqrt(d) * delta * (1 + (1 + max(L, abs(float(np.log(a + m))))) / L)
        label = "||w_alpha||_1 - ||w*||_1 <= (d + 2d alpha^2 - ||w*||_1 + Σ|w*_i| log(alpha^2 + |w*_i|)) / log(1/alpha^2)"
    else:
        pos = ref[ref > 0]
        B = (d + float(np.sum(pos * np.log(pos))) - s_star) / L
        omega = delta * (1 + abs(float(np.log(max(delta, 1e-300)))) + abs(float(np.log(m))))
        shift = np.sqrt(d) * delta + d * omega / L
        label = "||x_alpha||_1 - ||x*||_1 <= (d + Σ x*_i log x*_i - ||x*||_1) / log(1/alpha^2) (KL projection of alpha^2 1)"
    norm1 = float(np.abs(sol.w).sum())
    tol = np.sqrt(d) * sol.radius + shift + (d + 8) * EPS * (norm1 + s_star + abs(B) * (1 + L))
    return [le(norm1 - s_star, B, tol=tol, label=label,
               why="certified radius of the projection (√d r in l1), feasibility defect of the LP point, rounding")]


def small_alpha_is_min_l2(p: ScaleProblem) -> list[Check]:
    design, sol = _scale_solution(p)
    w2 = min_norm_solution(p.X, p.y)
    r2 = certify_projection(Quadratic.euclidean(p.X.shape[1]), p.X, p.y, np.zeros(p.X.shape[1]), w2, design)
    return [close(sol.w, w2, sol.radius + r2, label="small-alpha limit = X⁺y (minimum l2)", why="certified radii")]


def l1_at_alpha_one(p: ScaleProblem) -> list[Check]:
    design, sol = _scale_solution(p, alpha=1.0)
    ref, delta = _feasible_reference(p, design)
    d = p.X.shape[1]
    return [le(float(np.abs(sol.w).sum()), float(np.abs(ref).sum()), tol=np.sqrt(d) * (sol.radius + delta) + 2 * d * EPS * float(np.abs(ref).sum()),
               label="at alpha = 1 the limit already has minimum l1 norm",
               why="sqrt(d) (certified radius + LP feasibility) + 2 d eps ||ref||_1 (the two l1 sums)")]


SMALL_ALPHA = Claim(
    id="small-initialization-approaches-min-l1",
    title="Small initialization: the diagonal-network (and square-map) limit approaches minimum l1 norm at rate 1/log(1/alpha^2)",
    statement="for alpha < 1 the minimizer w_alpha of R_(alpha^2) on Xw = y has ||w_alpha||_1 <= min ||w||_1 + "
              "(d + 2d alpha^2 - ||w*||_1 + Σ|w*_i| log(alpha^2 + |w*_i|)) / log(1/alpha^2); the KL projection x_alpha of "
              "alpha^2 1 has ||x_alpha||_1 <= min_{x >= 0} ||x||_1 + (d + Σ x* log x* - ||x*||_1) / log(1/alpha^2)",
    sources=[Source(ARORA, "Theorem 8.1.7 and [WGL+20]: the alpha → 0 limit", ("ARORA-539",)),
             Source(ZHAO, "Figure 6.11: small-initialization KL projection converges to l1 selection", ("ZHAO-46",))],
    kind="proxy",
    proxy="the limit alpha → 0 (min l1) is represented by the explicit bound ||w_alpha||_1 - min||w||_1 <= C/log(1/alpha^2) "
          "at alpha in [1e-12, 1e-2], with C from z log z - z <= q(z) <= 2 - z + z log(1 + z)",
    area="implicit-bias",
    instances=scale_problems("small"),
    conclusion=small_alpha_checks,
    proof_idea="Q_alpha(w) = alpha^2 Σ q(w_i/alpha^2) lies between Σ|w_i|(L + log|w_i| - 1) and 2d alpha^2 + Σ|w_i|(L + "
               "log(alpha^2 + |w_i|) - 1); compare Q_alpha(w_alpha) <= Q_alpha(w*), bound Σ t log t below by Jensen "
               "(s log(s/d)) and s - s log(s/d) by d, and divide by L.",
    mutants=[Mutant("small-alpha-limit-is-min-l2", "small alpha is the rich regime: the limit is sparse, not X⁺y",
                    conclusion=small_alpha_is_min_l2),
             Mutant("min-l1-already-at-alpha-one", "at alpha = 1 the potential is far from l1 (it is ~quadratic for |w| << 1)",
                    conclusion=l1_at_alpha_one)],
    examples=120,
)
test_small_initialization_approaches_min_l1 = SMALL_ALPHA.test()


def large_alpha_bound(A: float, alpha: float) -> float:
    """The large-initialization distance bound ``A^3 (1 + A^2/alpha^4)^(1/4) / (6 alpha^4)``."""
    a4 = alpha ** 4
    return A ** 3 * (1 + A * A / a4) ** 0.25 / (6 * a4)


def large_alpha_checks(p: ScaleProblem) -> list[Check]:
    design, sol = _scale_solution(p)
    w2 = min_norm_solution(p.X, p.y)
    d = p.X.shape[1]
    r2 = certify_projection(Quadratic.euclidean(d), p.X, p.y, np.zeros(d), w2, design)
    A = float(np.linalg.norm(w2)) + r2
    a2, bound = p.alpha ** 4, large_alpha_bound(A, p.alpha)
    return [holds(A * A < 15 * a2, "hypothesis ||X⁺y||^2 < 15 alpha^4", f"{A * A:.6g} < {15 * a2:.6g}"),
            le(float(np.linalg.norm(sol.w - w2)), bound, tol=sol.radius + r2 + 8 * EPS * (bound + np.linalg.norm(w2)),
               label="||w_alpha - X⁺y|| <= A^3 (1 + A^2/alpha^4)^(1/4) / (6 alpha^4), A = ||X⁺y||",
               why="certified radii of both solutions, rounding")]


def large_alpha_is_min_l1(p: ScaleProblem) -> list[Check]:
    design, sol = _scale_solution(p)
    w1 = min_l1_interpolant(p.X, p.y)
    bound = large_alpha_bound(float(np.linalg.norm(min_norm_solution(p.X, p.y))), p.alpha)
    return [le(float(np.linalg.norm(sol.w - w1)), bound, tol=sol.radius + 8 * EPS * (bound + float(np.linalg.norm(w1))),
               label="||w_alpha - argmin ||w||_1|| <= the large-alpha bound", why="certified radius, rounding")]


def large_alpha_exactly_l2(p: ScaleProblem) -> list[Check]:
    design, sol = _scale_solution(p)
    w2 = min_norm_solution(p.X, p.y)
    r2 = certify_projection(Quadratic.euclidean(p.X.shape[1]), p.X, p.y, np.zeros(p.X.shape[1]), w2, design)
    return [close(sol.w, w2, sol.radius + r2, label="large-alpha limit equals X⁺y exactly", why="certified radii")]


LARGE_ALPHA = Claim(
    id="large-initialization-approaches-min-l2",
    title="Large initialization: the diagonal-network limit is within O(alpha^-4) of the minimum-l2 interpolant",
    statement="if A = ||X⁺y|| satisfies A^2 < 15 alpha^4, the minimizer w_alpha of R_(alpha^2) on Xw = y satisfies "
              "||w_alpha - X⁺y|| <= A^3 (1 + A^2/alpha^4)^(1/4) / (6 alpha^4)",
    sources=[Source(ARORA, "Theorem 8.1.7 and [WGL+20]: the alpha → ∞ (kernel) limit", ("ARORA-539",))],
    kind="proxy",
    proxy="the limit alpha → ∞ (min l2) is represented by the explicit bound A^3 (1 + A^2/alpha^4)^(1/4) / (6 alpha^4) "
          "for alpha^4 between 1.05^4 and 30^4 times A^2/15",
    area="implicit-bias",
    instances=scale_problems("large"),
    conclusion=large_alpha_checks,
    proof_idea="F = 2alpha^2 Q_alpha has 0 < F'' <= 1, F(0) = F'(0) = 0, so F(w_alpha) <= F(X⁺y) <= A^2/2, which forces "
               "|w_alpha,i| < 2A and ||w_alpha||^2 <= A^2/mu; KKT: ∇F(w_alpha) = w_alpha - r(w_alpha) ∈ row(X), so "
               "w_alpha - X⁺y = N r(w_alpha) with |r(w)| <= |w|^3/(24 alpha^4).",
    mutants=[Mutant("large-alpha-limit-is-min-l1", "large alpha is the kernel regime; the limit is near X⁺y, not sparse",
                    conclusion=large_alpha_is_min_l1),
             Mutant("large-alpha-limit-exactly-l2", "at finite alpha the cubic term N r(w_alpha) ≠ 0 moves the limit off X⁺y",
                    conclusion=large_alpha_exactly_l2)],
    examples=100,
)
test_large_initialization_approaches_min_l2 = LARGE_ALPHA.test()


# --- claim 9 (exact): the two-dimensional toy problem ---------------------------------------------------------

def toy_checks(r: RationalRow) -> list[Check]:
    a, b = [Fraction(x) for x in r.a], r.b
    nrm = sum(x * x for x in a)
    x2 = tuple(x * b / nrm for x in a)
    j = max(range(len(a)), key=lambda i: a[i])
    x1 = tuple(b / a[j] if i == j else Fraction(0) for i in range(len(a)))
    u = 1 / a[j]  # dual certificate of the LP min 1ᵀx s.t. aᵀx = b, x >= 0: a_i u <= 1, b u = ||x1||_1
    out = [equal(sum(p * q for p, q in zip(a, x2)), b, label="a·x2 = b"),
           equal(tuple(x * nrm for x in x2), tuple(c * b for c in a), label="x2 ∈ span(a) (KKT of min ||x||_2)"),
           equal(sum(p * q for p, q in zip(a, x1)), b, label="a·x1 = b, x1 >= 0"),
           holds(all(c * u <= 1 for c in a), "LP dual feasibility a_i u <= 1"),
           equal(sum(x1), b * u, label="||x1||_1 = b u (zero duality gap: x1 minimizes l1 on the nonnegative segment)")]
    if r.a == (1, 2) and r.b == 1:
        out += [equal(x2, (Fraction(1, 5), Fraction(2, 5)), label="Example 6.7: min-l2 = (1/5, 2/5)"),
                equal(x1, (Fraction(0), Fraction(1, 2)), label="Example 6.7: min-l1 nonnegative = (0, 1/2)")]
    return out


def l2_equal_split(r: RationalRow) -> list[Check]:
    a, b = [Fraction(x) for x in r.a], r.b
    x = tuple(b / sum(a) for _ in a)
    nrm = sum(c * c for c in a)
    return [equal(tuple(v * nrm for v in x), tuple(c * (sum(p * q for p, q in zip(a, x))) for c in a),
                  label="the equal split b/Σa · 1 is the min-l2 point ((1/3, 1/3) for the toy)")]


def l1_at_smallest_coefficient(r: RationalRow) -> list[Check]:
    a, b = [Fraction(x) for x in r.a], r.b
    j = max(range(len(a)), key=lambda i: a[i])
    k = min(range(len(a)), key=lambda i: a[i])
    return [equal(b / a[k], b / a[j], label="the vertex on the smallest coefficient ((1, 0) for the toy) has min l1 norm")]


TOY = Claim(
    id="one-equation-l1-vs-l2",
    title="One equation aᵀx = b: the min-l2 interpolant ab/||a||² versus the min-l1 nonnegative vertex (b/a_max) e_max",
    statement="for a > 0 with a unique largest entry and b > 0: argmin{||x||_2 : aᵀx = b} = ab/||a||^2 and "
              "argmin{||x||_1 : aᵀx = b, x >= 0} = (b/a_max) e_argmax; for a = (1, 2), b = 1: (1/5, 2/5) and (0, 1/2)",
    sources=[Source(ZHAO, "Example 6.7 and Figure 6.7", ("ZHAO-47",))],
    kind="exact",
    area="implicit-bias",
    instances=rational_rows(),
    conclusion=toy_checks,
    proof_idea="The l2 minimizer is the multiple of a on the hyperplane; on the simplex-like segment, ||x||_1 >= aᵀx/a_max "
               "= b/a_max, with equality at the vertex of the largest coefficient (LP duality with u = 1/a_max).",
    mutants=[Mutant("l2-is-equal-split", "the equal split is feasible but not a multiple of a (unless a is constant)",
                    conclusion=l2_equal_split),
             Mutant("l1-at-smallest-coefficient", "the vertex on the smallest coefficient has l1 norm b/a_min > b/a_max",
                    conclusion=l1_at_smallest_coefficient)],
    examples=60,
)
test_one_equation_l1_vs_l2 = TOY.test()
