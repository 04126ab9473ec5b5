"""Regularized ERM with a convex Lipschitz loss is uniformly stable, at rate 1/(lam n).

Statement.  Let ``phi(z, y)`` be convex in ``z`` with ``|phi'| <= 1`` and let every ``||x|| <= R``,
so ``w -> phi(<w, x>, y)`` is ``G``-Lipschitz with ``G = R * Lip(phi)``.  The regularized empirical
risk ``F_S(w) = (1/n) sum_i phi(<w, x_i>, y_i) + (lam/2) ||w||^2`` is ``lam``-strongly convex with a
unique minimizer ``w_S``, and for every sample ``S``, index ``i`` and replacement ``z'``:
- quadratic growth: ``F_S(w) - F_S(w_S) >= (lam/2) ||w - w_S||^2`` for every ``w``;
- parameter stability: ``||w_S - w_{S^(i)}|| <= 2G / (lam n)``;
- loss stability: ``sup_z |phi(<w_S, x>, y) - phi(<w_{S^(i)}, x>, y)| <= 2G^2 / (lam n)``;
- hence (with the stability-generalization step) ``E_S[R(w_S)] <= R(w*) + (lam/2) ||w*||^2 +
  2G^2/(lam n)`` for every comparator ``w*``: the penalty buys stability at the price of a bias.
All four are tight: for the linear loss ``phi = -yz`` (still ``lam``-strongly convex through the
penalty) ``w_S = (1/(lam n)) sum_i y_i x_i``, so replacing ``x_i`` (``||x_i|| = R``) by ``-x_i``
moves ``w_S`` by exactly ``2R/(lam n)``, the loss at ``x = R (w_S - w_{S^(i)})/||.||`` moves by
``2R^2/(lam n)``, and ``F_S`` is exactly quadratic.

Sources.  Zhao, *From Approximation to Emergence*, §8.4 (ZHAO-64: strong convexity and quadratic
growth; ZHAO-65: the ERM stability theorem, stated there for ``alpha``-strongly convex
``L``-Lipschitz ``l(., z)`` on a convex domain; the penalized form here is its usual instance, and the
constant 2 needs the two-sided argument below, the one-sided sketch of the text gives 4) and §8.5.1
(ZHAO-66: explicit regularization and the stability-bias trade-off); Teng, Wang, Zhang, *Theoretical
Machine Learning*, §10.1.2 (TENG-50: the example ``beta <= 2G^2/(lam n)``); *The Mathematical
Structure of Machine Learning*, Ch. 24, Example 9 (MSML-32: the example omits the convexity of the
loss, which the nonconvex mutant shows is needed).

Proof idea.  Strong convexity gives growth: ``F_S(w) >= F_S(w_S) + <grad F_S(w_S), w - w_S> +
(lam/2)||w - w_S||^2`` with a zero gradient.  For stability, write ``a = w_S``, ``b = w_{S^(i)}`` and
add the growth inequalities of ``F_S`` at ``b`` and of ``F_{S^(i)}`` at ``a``: ``lam ||a - b||^2 <=
(F_S - F_{S^(i)})(b) - (F_S - F_{S^(i)})(a) = (1/n)[phi_i(b) - phi_i(a) - phi'_i(b) + phi'_i(a)]``
(``phi_i`` the loss of ``z_i``, ``phi'_i`` that of ``z'``), and each bracket is ``<= G ||a - b||``,
so ``||a - b|| <= 2G/(lam n)``; Lipschitzness turns it into the loss bound.  The risk bound follows
from ``E R(w_S) = E R_S(w_S) + E gap <= E F_S(w_S) + 2G^2/(lam n) <= E F_S(w*) + 2G^2/(lam n)``.

Computation and tolerances.  ``w_S`` is computed by the certified Newton solver of ``checks.erm``;
by ``lam``-strong convexity ``||w - w_S|| <= r = g / lam`` for the computed ``w``, where ``g`` bounds
``||grad F_S(w)||`` (computed value plus its rounding), the certificate every tolerance uses
(``eps = 2^-52``):
- parameters: ``r_S + r_{S^(i)} + 4 eps (||w_S|| + ||w_{S^(i)}||)`` (the two certificates and the
  rounding of the difference);
- losses: ``G (r_S + r_{S^(i)})`` (Lipschitzness) plus the rounding of two margins and two loss
  values, ``(d + 2) eps G (||w_S|| + ||w_{S^(i)}||) + 4 eps (|l_S| + |l_{S^(i)}|)``;
- growth at a computed ``w_S`` with gradient bound ``g``: ``F_S(w) - F_S(w_S) >= (lam/2)||w - w_S||^2
  - g ||w - w_S|| - g^2/(2 lam)`` exactly, plus the rounding of the two objective values,
  ``(n + d + 2) eps (mean |phi_i| + G ||w|| + (lam/2) ||w||^2)`` each;
- risk: ``G max_S r_S`` (Lipschitzness of ``R``) plus ``(k + n + d) eps`` times the magnitudes summed.
The supremum over ``z`` is taken over the test points ``x = +-R (w_S - w_{S^(i)}) / ||.||`` (where a
linear loss attains it) and the sample's points, both labels: a lower bound on the supremum, so a
check that can only miss violations, never invent them.
"""

from __future__ import annotations

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, ge, le
from checks.documents import MSML, TENG, ZHAO
from checks.stability import Minimizer, expected_erm_risk, objective, regularized_erm, risk
from checks.strategies.stability import (ErmPair, FiniteErm, double_well_pairs, erm_pairs,
                                         finite_erm_problems)

EPS = float(np.finfo(float).eps)


def _solve(inst: ErmPair) -> tuple[Minimizer, Minimizer]:
    X2, y2 = inst.replaced()
    return regularized_erm(inst.loss, inst.X, inst.y, inst.lam), regularized_erm(inst.loss, X2, y2, inst.lam)


def _loss_gap(inst: ErmPair, a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """``max_z |phi(<a, x>, y) - phi(<b, x>, y)|`` over the test points, and its rounding bound."""
    delta = a - b
    tests = [inst.X, inst.x_new[None, :]]
    if np.linalg.norm(delta) > 0:
        u = inst.R * delta / np.linalg.norm(delta)
        tests.append(np.stack([u, -u]))
    T = np.concatenate(tests)
    T = np.concatenate([T, T])
    ys = np.concatenate([np.ones(len(T) // 2), -np.ones(len(T) // 2)])
    la, lb = inst.loss.value(T @ a, ys), inst.loss.value(T @ b, ys)
    gaps = np.abs(la - lb)
    j = int(np.argmax(gaps))
    d = len(a)
    rounding = (d + 2) * EPS * inst.G * (np.linalg.norm(a) + np.linalg.norm(b)) + 4 * EPS * (abs(la[j]) + abs(lb[j]))
    return float(gaps[j]), float(rounding)


def stability_checks(inst: ErmPair, param_bound: float, loss_bound: float, name: str) -> list[Check]:
    a, b = _solve(inst)
    dist = float(np.linalg.norm(a.w - b.w))
    tol_w = a.radius + b.radius + 4 * EPS * (np.linalg.norm(a.w) + np.linalg.norm(b.w))
    gap, rounding = _loss_gap(inst, a.w, b.w)
    tol_l = inst.G * (a.radius + b.radius) + rounding
    return [le(dist, param_bound, tol_w, label=f"||w_S - w_S(i)|| <= {name[0]}",
               why="certificates ||grad F||/lam of both minimizers + 4 eps (||w_S|| + ||w_S(i)||)"),
            le(gap, loss_bound, tol_l, label=f"sup_z |l(w_S, z) - l(w_S(i), z)| <= {name[1]}",
               why="G x certificates + rounding of two margins and two losses")]


def stability(inst: ErmPair) -> list[Check]:
    c = inst.lam * inst.n
    return stability_checks(inst, 2 * inst.G / c, 2 * inst.G ** 2 / c, ("2G/(lam n)", "2G^2/(lam n)"))


STABILITY = Claim(
    id="regularized-erm-uniform-stability",
    title="Uniform stability of strongly convex regularized ERM",
    statement="For a convex margin loss with |phi'| <= 1 and ||x|| <= R (G = R Lip(phi)), the minimizers "
              "of F_S = (1/n) sum phi(<w, x_i>, y_i) + (lam/2)||w||^2 on neighbouring samples satisfy "
              "||w_S - w_S(i)|| <= 2G/(lam n) and sup_z |l(w_S, z) - l(w_S(i), z)| <= 2G^2/(lam n); "
              "both are attained by the linear loss",
    sources=[Source(ZHAO, "§8.4, ERM stability theorem and its proof sketch", ("ZHAO-65",)),
             Source(ZHAO, "§8.5.1, explicit regularization: gamma <= 2L^2/(alpha N)", ("ZHAO-66",)),
             Source(TENG, "§10.1.2, example after the stability-generalization theorem", ("TENG-50",)),
             Source(MSML, "Example 9 (regularized ERM), definition of uniform stability", ("MSML-32",))],
    kind="numeric",
    area="stability",
    instances=erm_pairs(),
    conclusion=stability,
    proof_idea="Add the strong-convexity growth of F_S at w_S(i) and of F_S(i) at w_S: lam ||Delta||^2 is at "
               "most the difference of the two swapped loss terms, (1/n)(2G ||Delta||), so ||Delta|| <= "
               "2G/(lam n); G-Lipschitzness turns it into the loss bound.  The linear loss makes both tight.",
    mutants=[
        Mutant("no-factor-two", "the linear loss with x_i replaced by -x_i moves w_S by exactly 2G/(lam n), "
               "twice this bound",
               conclusion=lambda i: stability_checks(i, i.G / (i.lam * i.n), i.G ** 2 / (i.lam * i.n),
                                                     ("G/(lam n)", "G^2/(lam n)"))),
        Mutant("rate-one-over-n-squared", "the linear-loss family attains 2G/(lam n), n times this bound "
               "for n >= 2",
               conclusion=lambda i: stability_checks(i, 2 * i.G / (i.lam * i.n ** 2), 2 * i.G ** 2 / (i.lam * i.n ** 2),
                                                     ("2G/(lam n^2)", "2G^2/(lam n^2)"))),
        Mutant("nonconvex-loss", "with a double-well loss F_S keeps two wells and one flipped label moves the "
               "global minimizer across, about 2/R, more than 2R/(lam n) when lam > R^2/n",
               instances=double_well_pairs()),
    ],
    examples=100,
)
test_regularized_erm_uniform_stability = STABILITY.test()


def _objective_rounding(inst: ErmPair, w: np.ndarray) -> float:
    n, d = inst.X.shape
    terms = np.mean(np.abs(inst.loss.value(inst.X @ w, inst.y))) + inst.G * np.linalg.norm(w) + inst.lam / 2 * (w @ w)
    return float((n + d + 2) * EPS * terms)


def growth_checks(inst: ErmPair, factor: float, name: str) -> list[Check]:
    a, b = _solve(inst)
    f0 = objective(inst.loss, inst.X, inst.y, inst.lam, a.w)
    out = []
    for what, w in (("w_S(i)", b.w), ("w_S + t u", a.w + inst.t * inst.u)):
        dist = float(np.linalg.norm(w - a.w))
        lhs = objective(inst.loss, inst.X, inst.y, inst.lam, w) - f0
        tol = (a.grad_bound * dist + a.grad_bound ** 2 / (2 * inst.lam)
               + _objective_rounding(inst, w) + _objective_rounding(inst, a.w))
        out.append(ge(lhs, factor * inst.lam * dist ** 2, tol,
                      label=f"F_S(w) - F_S(w_S) >= {name} ||w - w_S||^2 at w = {what}, ||w - w_S|| = {dist:.4g}",
                      why="g ||w - w_S|| + g^2/(2 lam) for the computed w_S (g bounds its gradient) "
                          "+ rounding of both objective values"))
    return out


GROWTH = Claim(
    id="regularized-erm-quadratic-growth",
    title="Quadratic growth of the strongly convex regularized empirical risk",
    statement="For a convex loss, F_S = R_S + (lam/2)||w||^2 is lam-strongly convex and its minimizer w_S "
              "satisfies F_S(w) - F_S(w_S) >= (lam/2)||w - w_S||^2 for every w, with equality for the linear loss",
    sources=[Source(ZHAO, "§8.4, proof sketch of the ERM stability theorem (strong convexity of R_S)", ("ZHAO-64",))],
    kind="numeric",
    area="stability",
    instances=erm_pairs(),
    conclusion=lambda i: growth_checks(i, 0.5, "(lam/2)"),
    proof_idea="Strong convexity: F_S(w) >= F_S(w_S) + <grad F_S(w_S), w - w_S> + (lam/2)||w - w_S||^2 and "
               "the gradient vanishes at the minimizer; for a linear loss F_S is exactly this quadratic.",
    mutants=[
        Mutant("twice-lambda", "for the linear loss F_S(w) - F_S(w_S) = (lam/2)||w - w_S||^2 exactly, half "
               "of lam ||w - w_S||^2", conclusion=lambda i: growth_checks(i, 1.0, "lam")),
        Mutant("nonconvex-loss", "a double-well F_S is nearly as low at its second well, 2/R away, as at its "
               "global minimizer", instances=double_well_pairs()),
    ],
    examples=60,
)
test_regularized_erm_quadratic_growth = GROWTH.test()


def risk_checks(inst: FiniteErm, penalty: bool = True, stability_term: bool = True) -> Check:
    expected, radius = expected_erm_risk(inst.loss, inst.X, inst.y, inst.probs, inst.n, inst.lam)
    w = inst.w_star
    comparator = risk(inst.loss, inst.X, inst.y, [float(p) for p in inst.probs], w)
    pen = inst.lam / 2 * float(w @ w)
    stab = 2 * inst.G ** 2 / (inst.lam * inst.n)
    rhs = comparator + (pen if penalty else 0.0) + (stab if stability_term else 0.0)
    k, d = inst.X.shape
    tol = inst.G * radius + (k + inst.n + d) * EPS * (abs(expected) + abs(comparator) + pen + stab
                                                         + inst.G * np.linalg.norm(w) + inst.G / inst.lam)
    name = ("R(w*)" + (" + (lam/2)||w*||^2" if penalty else "") + (" + 2G^2/(lam n)" if stability_term else ""))
    return le(expected, rhs, tol, label=f"E_S R(w_S) <= {name}",
              why="G max_S ||grad F_S||/lam (Lipschitz risk) + rounding of the sums")


TRADEOFF = Claim(
    id="regularized-erm-stability-bias-tradeoff",
    title="Risk of regularized ERM: comparator risk + penalty + stability",
    statement="For a convex loss with Lipschitz constant G, the regularized ERM satisfies E_S R(w_S) <= R(w*) + "
              "(lam/2)||w*||^2 + 2G^2/(lam n) for every comparator w*",
    sources=[Source(ZHAO, "§8.5.1, explicit regularization (stability-bias trade-off)", ("ZHAO-66",))],
    kind="numeric",
    area="stability",
    instances=finite_erm_problems(),
    conclusion=risk_checks,
    proof_idea="E R(w_S) = E R_S(w_S) + E gap; the gap is at most the uniform stability 2G^2/(lam n), and "
               "R_S(w_S) <= F_S(w_S) <= F_S(w*), whose expectation is R(w*) + (lam/2)||w*||^2.",
    mutants=[
        Mutant("no-penalty-term", "a comparator of large norm (the linear loss: R(w*) -> -infinity along "
               "E[y x]) is not paid for", conclusion=lambda i: risk_checks(i, penalty=False)),
        Mutant("no-stability-term", "on a pure-noise support the comparator 0 is optimal, while ERM on a few "
               "points overfits and pays the variance the stability term accounts for",
               conclusion=lambda i: risk_checks(i, stability_term=False)),
    ],
    examples=100,
)
test_regularized_erm_stability_bias_tradeoff = TRADEOFF.test()
