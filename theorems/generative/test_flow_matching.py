"""Flow matching and rectified flow: the marginal velocity field transports the marginal path, the
conditional and marginal flow-matching losses differ by a constant, and optimal couplings (minibatch OT,
reflow) do not increase the transport cost.

Statement.
- For ``X_t = (1 − t)Z + tX_1`` (``Z ~ N(0, I)`` independent of ``X_1``) and ``u = X_1 − Z``, the marginal
  velocity ``v*(x, t) = E[u | X_t = x]`` satisfies the continuity equation ``∂_t p_t + ∇·(p_t v*) = 0``, so
  the ODE ``dX/dt = v*`` started from ``N(0, I)`` follows ``p_t`` and ends at the data law.
- For every field ``v``, ``E‖v(X_t) − u‖² − E‖v(X_t) − v*(X_t)‖² = E‖u − v*(X_t)‖²`` does not depend on
  ``v``: the conditional and marginal losses have the same minimizer and the same gradients.
- The optimal assignment ``σ`` of a minibatch minimizes ``Σ_i ‖x_i − z_{σ(i)}‖²`` over all permutations,
  so its kinetic energy is at most that of the independent (identity) pairing.
- Reflow: for Gaussian endpoints in 1-D the flow of ``v*`` couples ``Z`` with ``T(Z)`` (the monotone map),
  and ``E c(T(Z) − Z) <= E c(X_1 − Z)`` for the convex costs ``c(u) = |u|^p`` (checked for p = 1, 2, 4).

Sources.  Zhao, Def. 16.2 and Figs. 16.12–16.13 (ZHAO-145), §16.5.3 and Figs. 16.14–16.15 (ZHAO-146).

Proof idea.  ``p_t v*`` is the average of ``p_t(·|x_1) u_t(·|x_1)`` over the data, and each conditional path
satisfies its own continuity equation; the loss identity is the variance decomposition
``E[‖v − u‖² | X_t] = ‖v − E[u | X_t]‖² + Var(u | X_t)``.  For OT, the minimum over permutations is at most
the value at the identity.  In 1-D, ``T(Z) − Z ~ N(m, (s − 1)²)`` and ``X_1 − Z ~ N(m, s² + 1)``, and a
Gaussian with the same mean and a smaller variance is smaller in the convex order.

Everything is closed form (mixture velocities, torch autograd for the continuity equation) or exact
(integer minibatches); the loss gap is integrated in 1-D with adaptive quadrature whose error
estimate enters the tolerance.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import torch
from scipy import integrate, optimize

from checks.claim import Check, Claim, Mutant, Source, close, equal, le
from checks.documents import ZHAO
from checks.score import Mixture, fm_logpdf_torch, fm_velocity, fm_velocity_torch
from checks.strategies.score import (FlowPath, GaussianEndpoint, PointClouds, flow_paths, gaussian_endpoints,
                                     point_clouds)

EPS = float(np.finfo(float).eps)


# --- claim 1: the marginal velocity solves the continuity equation ----------------------------------

def continuity(inst: FlowPath, field: str = "marginal") -> list[Check]:
    d = inst.mix.dim
    y = torch.tensor(inst.ys, dtype=torch.float64, requires_grad=True)
    t = torch.tensor(inst.ts, dtype=torch.float64, requires_grad=True)
    logp = fm_logpdf_torch(inst.mix, y, t)
    if field == "marginal":
        v = fm_velocity_torch(inst.mix, y, t)
    elif field == "unconditional":  # E[u] = E X_1 - E Z, a constant field
        w, m, _ = inst.mix.arrays()
        v = torch.tensor(w @ m, dtype=torch.float64).expand(len(inst.ts), d) + 0 * y
    else:  # the conditional velocity of the first component only
        w, m, vv = inst.mix.arrays()
        first = Mixture((1.0,), (tuple(m[0]),), (float(vv[0]),))
        v = fm_velocity_torch(first, y, t)
    g_y, g_t = torch.autograd.grad(logp.sum(), (y, t), create_graph=True)
    div = sum(torch.autograd.grad(v[:, i].sum(), y, retain_graph=True)[0][:, i] for i in range(d))
    terms = [g_t, (g_y * v).sum(-1), div]
    resid = (terms[0] + terms[1] + terms[2]).detach().numpy()
    _, m, vv = inst.mix.arrays()
    big = 1 + float(np.abs(inst.ys).max()) + float(np.abs(m).max())
    var_min = min((1 - tt) ** 2 + tt**2 * float(vv.min()) for tt in inst.ts)
    size = sum(float(x.detach().abs().max()) for x in terms)
    # each term is a posterior-weighted sum whose weights carry relative error eps (1 + big^2/var_min)
    tol = 64 * d * len(vv) * EPS * (1 + size) * (1 + big**2 / var_min)
    return [close(resid, np.zeros_like(resid), tol, label="d_t log p_t + grad log p_t . v + div v = 0",
                  why="64 d K eps (1 + sum |terms|)(1 + M^2/var_min)")]


CONTINUITY = Claim(
    id="flow-matching-marginal-velocity",
    title="The marginal flow-matching velocity transports the marginal path (continuity equation)",
    statement="for X_t = (1-t)Z + tX_1 with Z ~ N(0, I) independent of X_1 and u = X_1 - Z, the field "
              "v*(x,t) = E[u | X_t = x] satisfies d_t p_t + div(p_t v*) = 0, so the ODE dX/dt = v* carries "
              "N(0, I) along p_t to the data law; checked for Gaussian-mixture and finite data",
    sources=[Source(ZHAO, "Def. 16.2 (continuous transport and flow matching), Figs. 16.12-16.13", ("ZHAO-145",))],
    kind="numeric",
    area="generative",
    instances=flow_paths(),
    conclusion=continuity,
    proof_idea="p_t v* = sum_k pi_k p_t(.|k) E[u | X_t, k], and each Gaussian conditional path solves its own "
               "continuity equation with its conditional velocity; sum over k.",
    mutants=[
        Mutant("unconditional-mean-velocity", "the constant E[u] ignores where x is on the path: it only "
               "translates p_t, which also spreads out", conclusion=lambda i: continuity(i, field="unconditional")),
        Mutant("single-pair-velocity", "the velocity of one mixture component transports that component's "
               "path, not the mixture's", conclusion=lambda i: continuity(i, field="first"),
               instances=flow_paths(k_min=2)),
    ],
    examples=20,
)
test_flow_matching_marginal_velocity = CONTINUITY.test()


# --- claim 2: conditional and marginal losses differ by a constant ------------------------------------

def _moments(inst: FlowPath, t: float, target) -> tuple[np.ndarray, float]:
    """``∫ p_t(y) (1, y, y², target(y), y·target(y), target(y)²) dy`` (1-D): the first three in closed form,
    the others by one adaptive quadrature; returns them and the quadrature error estimate."""
    w, m, var = inst.mix.arrays()
    m = m[:, 0]
    sd = np.sqrt((1 - t) ** 2 + t**2 * var)

    coef = w / (sd * math.sqrt(2 * math.pi))

    def integrand(y: float) -> np.ndarray:
        dens = float(coef @ np.exp(-0.5 * ((y - t * m) / sd) ** 2))
        g = target(np.array([[y]]), t)
        return dens * np.array([g, y * g, g * g])

    lo, hi = float(np.min(t * m - 40 * sd)), float(np.max(t * m + 40 * sd))
    vals, err = integrate.quad_vec(integrand, lo, hi, epsabs=1e-13, epsrel=1e-12, points=sorted(set(t * m)))
    ey, ey2 = float(w @ (t * m)), float(w @ ((t * m) ** 2 + sd**2))
    return np.concatenate([[1.0, ey, ey2], vals]), float(err)


def _losses(inst: FlowPath, t: float, a: float, b: float, mom: np.ndarray) -> tuple[float, float]:
    """At time ``t`` for the field ``v(y) = a + by`` (1-D): the conditional loss ``E(v(X_t) − u)²`` (closed
    form) and the marginal loss ``E(v(X_t) − target(X_t))²`` (from the moments)."""
    w, m, var = inst.mix.arrays()
    m = m[:, 0]
    # u = X_1 - Z and X_t = tX_1 + (1-t)Z, component k: v(X_t) - u = a + (bt - 1)X_1 + (b(1-t) + 1)Z
    cond = float(w @ ((a + (b * t - 1) * m) ** 2 + (b * t - 1) ** 2 * var + (b * (1 - t) + 1) ** 2))
    one, ey, ey2, eg, eyg, eg2 = mom
    marg = a * a + 2 * a * b * ey + b * b * ey2 - 2 * a * eg - 2 * b * eyg + eg2
    return cond, marg


def loss_gap(inst: FlowPath, target=None) -> list[Check]:
    target = target or (lambda y, t: float(fm_velocity(inst.mix, y, t)[0, 0]))
    out = []
    for k, t in enumerate(inst.ts):
        mom, err = _moments(inst, t, target)
        gaps, size, weight = [], 0.0, 0.0
        for a, b in [(0.0, 0.0), (float(inst.ys[k, 0]), float(inst.ys[-1 - k, 0]))]:
            cond, marg = _losses(inst, t, a, b, mom)
            gaps.append(cond - marg)
            size = max(size, cond, float(np.abs(mom).max()) * (1 + abs(a) + abs(b)) ** 2)
            weight += 2 * abs(a) + 2 * abs(b) + 1  # the quadrature moments enter with weights 2|a|, 2|b|, 1
        tol = 10 * weight * err + 64 * EPS * (1 + size)
        out.append(close(gaps[0], gaps[1], tol, label=f"t={t}: L_CFM(v) - L_FM(v) is the same for two fields v",
                         why="10 (sum of moment weights) x quadrature error estimate + 64 eps (1 + sizes)"))
    return out


def _unconditional(inst: FlowPath):
    w, m, _ = inst.mix.arrays()
    mean = float(w @ m[:, 0])
    return lambda y, t: mean


LOSS_GAP = Claim(
    id="flow-matching-loss-gap-constant",
    title="Conditional and marginal flow-matching losses differ by a constant",
    statement="for every field v, E|v(X_t) - u|^2 - E|v(X_t) - v*(X_t)|^2 = E|u - v*(X_t)|^2 does not depend "
              "on v (same minimizer v*, same gradients); checked at fixed t for affine fields in 1-D",
    sources=[Source(ZHAO, "Fig. 16.12 (the regression objective of flow matching)", ("ZHAO-145",))],
    kind="numeric",
    area="generative",
    instances=flow_paths(d_max=1),
    conclusion=loss_gap,
    proof_idea="condition on X_t: E[|v - u|^2 | X_t] = |v - E[u|X_t]|^2 + Var(u | X_t), and the last term is "
               "free of v.",
    mutants=[
        Mutant("unconditional-target", "with the unconditional mean E[u] as target, the gap contains the "
               "cross term 2E[(v - E u)(E u - v*)], which depends on v",
               conclusion=lambda i: loss_gap(i, target=_unconditional(i))),
    ],
    examples=10,
)
test_flow_matching_loss_gap_constant = LOSS_GAP.test()


# --- claim 3: minibatch OT couplings do not increase the kinetic energy --------------------------------

def _cost(xs, zs, perm) -> int:
    return sum(sum((a - b) ** 2 for a, b in zip(xs[i], zs[j])) for i, j in enumerate(perm))


def minibatch_ot(inst: PointClouds, reverse: bool = False) -> list[Check]:
    n = len(inst.xs)
    c = np.array([[sum((a - b) ** 2 for a, b in zip(x, z)) for z in inst.zs] for x in inst.xs])
    _, cols = optimize.linear_sum_assignment(c)
    ot = _cost(inst.xs, inst.zs, cols)
    brute = min(_cost(inst.xs, inst.zs, p) for p in itertools.permutations(range(n)))
    ident = _cost(inst.xs, inst.zs, range(n))
    check = (le(ident, ot, label="independent pairing cost <= OT cost") if reverse
             else le(ot, ident, label="OT cost <= independent (identity) pairing cost"))
    return [equal(ot, brute, label="assignment cost = min over all permutations"), check]


MINIBATCH = Claim(
    id="flow-matching-minibatch-ot-cost",
    title="Minibatch OT couplings minimize the pairing cost",
    statement="the optimal assignment sigma minimizes sum_i |x_i - z_sigma(i)|^2 over all permutations, so its "
              "cost is at most that of the independent (identity) pairing",
    sources=[Source(ZHAO, "§16.5.3 (rectification and couplings), Figs. 16.14-16.15", ("ZHAO-146",))],
    kind="exact",
    area="generative",
    instances=point_clouds(),
    conclusion=minibatch_ot,
    proof_idea="the identity is one of the permutations the minimum ranges over.",
    mutants=[
        Mutant("ot-costs-more", "the OT pairing is the cheapest, so it is strictly cheaper whenever the identity "
               "pairing is not optimal", conclusion=lambda i: minibatch_ot(i, reverse=True)),
    ],
    examples=30,
)
test_flow_matching_minibatch_ot_cost = MINIBATCH.test()


# --- claim 4: reflow does not increase convex transport costs (Gaussian endpoints, 1-D) -------------

def _abs_moment(mu: float, sd: float, p: int) -> float:
    """``E|N(μ, sd²)|^p`` in closed form for ``p = 1`` (folded normal), 2 and 4."""
    if p == 1:
        if sd == 0:
            return abs(mu)
        return sd * math.sqrt(2 / math.pi) * math.exp(-mu * mu / (2 * sd * sd)) + mu * math.erf(mu / (sd * math.sqrt(2)))
    if p == 2:
        return mu * mu + sd * sd
    if p == 4:
        return mu**4 + 6 * mu * mu * sd * sd + 3 * sd**4
    raise ValueError(f"no closed form coded for p = {p}")


def reflow(inst: GaussianEndpoint, reverse: bool = False) -> list[Check]:
    mix = Mixture((1.0,), ((inst.m,),), (inst.s**2,))
    ts = torch.linspace(0.0, 0.95, 9, dtype=torch.float64)
    # the flow of v* from Z is X_t = alpha(t) Z + t m with alpha = sqrt((1-t)^2 + t^2 s^2): check alpha' z + m =
    # v*(alpha z + t m, t) at z = +-1 (an affine field is determined by two points)
    out = []
    for z in (-1.0, 1.0):
        tt = ts.clone().requires_grad_(True)
        x = torch.sqrt((1 - tt) ** 2 + tt**2 * inst.s**2) * z + tt * inst.m
        (dx,) = torch.autograd.grad(x.sum(), tt)
        v = fm_velocity_torch(mix, x.detach()[:, None], ts)[:, 0]
        size = 1 + abs(inst.m) + float(v.abs().max()) * (1 + 1 / ((1 - 0.95) ** 2 + 0.95**2 * inst.s**2))
        out.append(close(dx.numpy(), v.numpy(), 64 * EPS * size, label=f"z={z:+}: X_t = alpha(t) z + t m solves dX/dt = v*",
                         why="64 eps (1 + |m| + |v|(1 + 1/var_min))"))
    # at t = 1: T(Z) = sZ + m, so T(Z) - Z ~ N(m, (s-1)^2); the independent pairing has X_1 - Z ~ N(m, s^2 + 1)
    for p in (1, 2, 4):
        new = _abs_moment(inst.m, abs(inst.s - 1), p)
        old = _abs_moment(inst.m, math.hypot(inst.s, 1.0), p)
        lhs, rhs = (old, new) if reverse else (new, old)
        out.append(le(lhs, rhs, tol=64 * EPS * (1 + old),
                      label=f"E|T(Z) - Z|^{p} <= E|X_1 - Z|^{p}" if not reverse else f"E|X_1 - Z|^{p} <= E|T(Z) - Z|^{p}",
                      why="64 eps (1 + cost): a few roundings of the closed forms"))
    return out


REFLOW = Claim(
    id="flow-matching-reflow-cost",
    title="Reflow does not increase convex transport costs (Gaussian endpoints)",
    statement="for Z ~ N(0,1) and X_1 ~ N(m, s^2) coupled independently, the flow of the marginal velocity "
              "couples Z with T(Z) = sZ + m, and E c(T(Z) - Z) <= E c(X_1 - Z) for c(u) = |u|^p, p = 1, 2, 4",
    sources=[Source(ZHAO, "§16.5.3 (rectification), Fig. 16.14", ("ZHAO-146",))],
    kind="numeric",
    area="generative",
    instances=gaussian_endpoints(),
    conclusion=reflow,
    proof_idea="p_t = N(tm, (1-t)^2 + t^2 s^2) and the affine flow with alpha = sd_t solves dX/dt = v*; "
               "N(m, (s-1)^2) is below N(m, s^2 + 1) in the convex order since (s-1)^2 < s^2 + 1.",
    mutants=[
        Mutant("reflow-costs-more", "the rectified coupling is strictly cheaper for s > 0 (variance (s-1)^2 "
               "instead of s^2 + 1)", conclusion=lambda i: reflow(i, reverse=True)),
    ],
    examples=15,
)
test_flow_matching_reflow_cost = REFLOW.test()
