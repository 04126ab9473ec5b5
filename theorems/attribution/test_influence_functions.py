"""Influence functions: the first-order effect of upweighting one training point, exactly for ridge
regression.

Statement.  Let ``θ*`` minimize ``ℓ(S, θ) = (1/n) Σ_i ℓ(z_i, θ)`` (here plus ``(λ/2)||θ||²``) with
positive definite Hessian ``H``, and ``θ*_ε`` minimize ``ℓ(S, θ) + ε ℓ(x, θ)``.  Then
``dθ*_ε/dε|_0 = -H^{-1} ∇ℓ(x, θ*)`` and the influence of ``x`` on a test point ``z`` is
``I(x, z) = dℓ(z, θ*_ε)/dε|_0 = -∇ℓ(z, θ*)ᵀ H^{-1} ∇ℓ(x, θ*)``.  For the squared loss
``ℓ((x, y), θ) = (xᵀθ - y)²/2`` the response is rational in ``ε`` and exact for every finite ``ε``
(Sherman–Morrison): ``θ*_ε - θ* = -ε H^{-1}∇ℓ(x, θ*) / (1 + ε xᵀH^{-1}x)``.  Removing a training point
is ``ε = -1/n``: ``θ*_{-i} - θ* = (1/n) H^{-1}∇ℓ(z_i, θ*) / (1 - h_i/n)`` with the leverage
``h_i = x_iᵀH^{-1}x_i``; the first-order formula ``(1/n) H^{-1}∇ℓ(z_i, θ*)`` misses the factor
``1/(1 - h_i/n)``.

Sources.  Arora et al., *Theory of Deep Learning*, Def. 10.1.1 and Thm 10.1.2 (ARORA-1005; the text
assumes only ``H ⪰ 0``, but the inverse needs ``H ≻ 0``, and its footnote's damped ``(H + μI)^{-1}``
gives a different quantity); Zhao, *From Approximation to Emergence*, Fig. 13.18 (ZHAO-127,
influence functions of Koh and Liang, with the leave-one-out reading).

Proof idea.  The optimality condition ``∇ℓ(S, θ*_ε) + ε∇ℓ(x, θ*_ε) = 0`` differentiated at ``ε = 0``
gives ``H θ' + ∇ℓ(x, θ*) = 0`` (implicit function theorem, ``H`` invertible); the chain rule gives
``I(x, z)``.  For ridge regression the condition is ``(H + ε x xᵀ) θ = b + ε y_x x``; write
``θ = θ* + Δ`` and solve the rank-one system.

The derivatives are computed independently of the formula: the perturbed normal equations are solved
by Gaussian elimination over dual numbers ``a + bε`` (``ε² = 0``), which carries the exact
derivative through every operation.
"""

from __future__ import annotations

from fractions import Fraction

from checks.attribution import Dual, add, dot, identity, scale, solve, squared_loss, squared_loss_gradient
from checks.claim import Check, Claim, Mutant, Source, equal
from checks.documents import ARORA, ZHAO
from checks.strategies.attribution import InfluenceInstance, influence_instances


def _parts(inst: InfluenceInstance, H_used=None) -> dict:
    r = inst.ridge
    H = r.hessian()
    theta = r.minimizer()
    g_x = squared_loss_gradient(theta, inst.x, inst.yx)
    g_z = squared_loss_gradient(theta, inst.z, inst.yz)
    Hinv_gx = solve(H if H_used is None else H_used, g_x)
    dual = r.minimizer(inst.x, inst.yx, Dual(Fraction(0), Fraction(1)))
    return {"H": H, "theta": theta, "g_x": g_x, "g_z": g_z, "Hinv_gx": Hinv_gx,
            "theta_dot": tuple(c.b for c in dual),
            "loss_dot": squared_loss(dual, inst.z, inst.yz).b}


def _finite(inst: InfluenceInstance, p: dict, leverage: bool = True) -> Check:
    """``θ*_ε - θ* = -ε H^{-1} g / (1 + ε h)`` at the instance's finite ``ε``."""
    eps, r = inst.eps, inst.ridge
    h = dot(inst.x, solve(p["H"], inst.x))
    factor = 1 / (1 + eps * h) if leverage else Fraction(1)
    actual = tuple(a - b for a, b in zip(r.minimizer(inst.x, inst.yx, eps), p["theta"]))
    predicted = scale(-eps * factor, p["Hinv_gx"])
    what = "leave-one-out" if inst.i >= 0 and eps == Fraction(-1, r.n) else f"weight eps = {eps}"
    tail = " / (1 + eps x^T H^-1 x)" if leverage else ""
    return equal(actual, predicted, label=f"theta*_eps - theta* = -eps H^-1 grad l(x){tail} ({what})")


def influence(inst: InfluenceInstance) -> list[Check]:
    p = _parts(inst)
    return [equal(p["theta_dot"], scale(-1, p["Hinv_gx"]), label="d theta*_eps / d eps = -H^-1 grad l(x, theta*)"),
            equal(p["loss_dot"], -dot(p["g_z"], p["Hinv_gx"]),
                  label="I(x, z) = -grad l(z)^T H^-1 grad l(x)"),
            _finite(inst, p)]


def _influence_with(inst: InfluenceInstance, value) -> Check:
    p = _parts(inst)
    return equal(p["loss_dot"], value(inst, p), label="I(x, z) = (variant)")


def plus_sign(inst: InfluenceInstance) -> Check:
    return _influence_with(inst, lambda i, p: dot(p["g_z"], p["Hinv_gx"]))


def sum_hessian(inst: InfluenceInstance) -> Check:
    return _influence_with(inst, lambda i, p: -dot(p["g_z"], p["Hinv_gx"]) / i.ridge.n)


def identity_hessian(inst: InfluenceInstance) -> Check:
    return _influence_with(inst, lambda i, p: -dot(p["g_z"], p["g_x"]))


def self_influence(inst: InfluenceInstance) -> Check:
    return _influence_with(inst, lambda i, p: -dot(p["g_x"], p["Hinv_gx"]))


def damped(inst: InfluenceInstance) -> Check:
    def value(i: InfluenceInstance, p: dict) -> Fraction:
        H = p["H"]
        return -dot(p["g_z"], solve(add(H, identity(len(H)), i.mu), p["g_x"]))
    return _influence_with(inst, value)


def first_order_exact(inst: InfluenceInstance) -> Check:
    return _finite(inst, _parts(inst), leverage=False)


INFLUENCE = Claim(
    id="influence-function-ridge",
    title="Influence function of a training point (exact for ridge regression)",
    statement="for theta*_eps = argmin (1/n) sum_i l(z_i, theta) + (lam/2)|theta|^2 + eps l(x, theta) with the "
              "squared loss: d theta*_eps/d eps at 0 = -H^-1 grad l(x, theta*), "
              "I(x, z) = d l(z, theta*_eps)/d eps at 0 = -grad l(z, theta*)^T H^-1 grad l(x, theta*), and for every "
              "finite eps (leave-one-out: eps = -1/n) theta*_eps - theta* = -eps H^-1 grad l(x) / (1 + eps x^T H^-1 x)",
    sources=[Source(ARORA, "Def. 10.1.1, Thm 10.1.2 (H must be positive definite)", ("ARORA-1005",)),
             Source(ZHAO, "Fig. 13.18 (influence functions, leave-one-out reading)", ("ZHAO-127",))],
    kind="exact",
    area="attribution",
    instances=influence_instances(),
    conclusion=influence,
    proof_idea="Differentiate the optimality condition grad l(S, theta) + eps grad l(x, theta) = 0 at eps = 0: "
               "H theta' = -grad l(x, theta*); the chain rule gives I(x, z). For ridge the perturbed normal "
               "equations (H + eps x x^T) theta = b + eps y_x x are a rank-one update (Sherman-Morrison).",
    mutants=[
        Mutant("plus-sign", "upweighting a point moves theta against the gradient of its loss, so the sign "
               "is minus", conclusion=plus_sign),
        Mutant("hessian-of-sum", "with the Hessian of the sum of the losses (n H) the influence is off by "
               "the factor n", conclusion=sum_hessian),
        Mutant("identity-hessian", "replacing H^-1 by I (a gradient dot product) ignores the curvature",
               conclusion=identity_hessian),
        Mutant("self-influence", "grad l(x)^T H^-1 grad l(x) measures the effect on x itself, not on z",
               conclusion=self_influence),
        Mutant("damped-hessian", "the damped (H + mu I)^-1 of the footnote gives a different, biased quantity",
               conclusion=damped),
        Mutant("loo-first-order-exact", "the first-order leave-one-out formula misses the leverage factor "
               "1/(1 + eps x^T H^-1 x), which differs from 1 at a finite weight", conclusion=first_order_exact),
    ],
    examples=60,
)
test_influence_function_ridge = INFLUENCE.test()
