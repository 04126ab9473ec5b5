"""Gradient descent on linearly separable data converges in direction to the hard-margin SVM.

Statement.  Let ``z_i = y_i x_i`` (``i <= n``) be linearly separable, ``gamma = max_{||w||<=1}
min_i <w, z_i> > 0``, ``w_hat = argmin{||w|| : <w, z_i> >= 1 for all i}`` (the hard-margin SVM
without bias, ``||w_hat|| = 1/gamma``) and ``u* = w_hat / ||w_hat||``.  Gradient descent on the
exponential or the logistic loss ``L(w) = sum_i phi(<w, z_i>)`` from any ``w_0`` with a small enough
step has ``L(w_t) -> 0``, ``||w_t|| -> infinity`` (``L`` has no finite minimizer) and
``w_t / ||w_t|| -> u*``; the limit depends neither on ``w_0`` nor on which of the two losses is used.
Soudry et al. (2018) show more: ``w_t = w_hat log t + rho_t`` with ``rho_t`` bounded for almost every
dataset, so the direction error is ``O(1/log t)``, and this rate is attained (e.g. by a start
orthogonal to the support vectors, which the iterates never forget).  For the squared loss the
limit is the least-squares / minimum-norm interpolant instead, a different direction.

Sources.  Zhao, §6.6.1 and Fig. 6.13 (ZHAO-49, theorem implied, completed from Soudry et al.);
Teng, Wang, Zhang, §12.3 (TENG-60: no finite minimizer, ``L = O(1/t)``, ``||w_t|| ~ ||w_hat|| ln t``;
TENG-61: the directional limit); *The Mathematical Structure of Machine Learning*, Ch. 24, the
implicit-bias definitions and Example 4 (MSML-12; MSML-28: "replacing the logistic by the
exponential loss can change the directional limit", false; MSML-35: "the asymptotic margin depends
on the loss tail and the init scale" -- for linear models neither the init nor the exponential-tailed
loss matters, which the claim below checks; the document's existential reading, for non-convex
homogeneous models, is defensible and is not audited); C.2 and App. C (MSML-211: "GD -> minimum
norm, SGD -> maximum margin", false; MSML-269: the batch-size effect stated in both directions);
Arora et al., *Theory of Deep Learning*, §8.3 eq. (8.24) (ARORA-541, whose separability display
"y(i) wᵀ y(i) > 0" is audited) and Theorem 8.3.1 (ARORA-542).

Proof idea.  The exponential loss is ``B^2 L``-smooth around ``w`` (``vᵀ∇²L(w) v <= B^2 L(w) ||v||^2``,
``B = max ||z_i||``) and satisfies gradient domination ``||∇L(w)|| >= <-∇L(w), u*> >= gamma L(w)``.
So a step ``eta <= 1/(B^2 L(w_t))`` multiplies the loss by at most
``exp(-eta G_t^2 / L_t + eta^2 B^2 G_t^2 / 2)`` (``G_t = ||∇L(w_t)||``): the unnormalized margin
``min_i <w_t, z_i> >= -log L_t`` grows like ``gamma sum_u eta G_u`` while ``||w_t|| <= ||w_0|| +
sum_u eta G_u``.  Their ratio tends to ``gamma`` (Gunasekar et al. 2018, the proof of Arora et al.'s
Theorem 8.3.2, run here for the l2 norm), and a unit ``u`` with margin ``m`` satisfies
``||u - u*||^2 <= 2 (1 - m / gamma)`` because ``w_hat = sum_i alpha_i z_i`` with ``alpha >= 0`` and
``sum alpha_i = ||w_hat||^2`` (KKT), so ``<u, u*> >= m / gamma``.  For the logistic loss the same
argument runs with ``||∇L|| >= gamma e^{-L} L`` and ``min_i <w, z_i> >= -log(e^L - 1)``.

Finite statements (kind ``proxy``).  Every bound is checked at every step ``t = 1..T`` of a run
(``T = 2000``):
- the loss never increases, and ``min_i <w_t, z_i> >= phi^{-1}(L_0 exp(-A_t))``,
  ``A_t = sum_{u<t} eta_u G_u^2 / L_u - eta_u^2 B^2 G_u^2 / 2`` (eq. 8.31);
- the direction: ``||u_t - u*|| <= sqrt(2 (1 - R_t / gamma))`` with ``R_t`` that margin bound over
  ``||w_t||``, which tends to ``gamma``;
- for the exponential loss and a constant step ``eta <= 1/(B^2 L_0)``, the explicit rate that the
  proof gives: ``gamma - m_t <= gamma K_+ / log(1/L_0 + eta gamma^2 t / 2)``,
  ``K = gamma ||w_0|| + eta B^2 L_0 + log L_0``, hence ``||u_t - u*|| <= sqrt(2 K_+ / log(...))``:
  an ``O(1/log t)`` margin rate, the rate of Soudry et al.;
- ``L(w) >= exp(-gamma ||w||) > 0`` at every iterate (no finite minimizer), ``L(c u*) <= n e^{-c gamma}``
  (``inf L = 0``), ``L_t <= 1/(1/L_0 + eta gamma^2 t/2)``, and ``||w_hat|| log(1/L_0 + eta gamma^2
  t / 2) <= ||w_t|| <= ||w_0|| + eta B L_0 + (2B/gamma^2) log(1 + eta gamma^2 L_0 (t-1)/2)``: the
  norm grows like ``log t``.
The constants are the proof's; ``gamma``, ``u*`` come from a certified solver (an interval
``[gamma_lo, gamma_hi]`` from a primal and a dual solution) and each bound uses the end of the
interval that keeps it valid.  Tolerances are rounding bounds (``checks.margins.rounding_slack``).
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, close, ge, holds, le
from checks.documents import ARORA, MSML, TENG, ZHAO
from checks.linalg import min_norm_solution
from checks.losses import EXPONENTIAL
from checks.margins import (EPS, DescentRun, MaxMargin, loss_rate, margin_bounds,
                            margin_gap_rate, max_margin, norm_lower, norm_upper, normalized_margin,
                            opposite_pair, rounding_slack, steepest_descent, worst_index)
from checks.strategies.separable import (DescentProblem, datasets, descent_problems, exponential_problems,
                                         non_separable_datasets)


STEPS = 2000


def _run(prob: DescentProblem) -> tuple[DescentRun, MaxMargin]:
    Z = prob.data.Z
    return steepest_descent(Z, prob.loss, 2.0, prob.steps, prob.rule, prob.w0), max_margin(Z, 2.0)


def _direction_tol(mm: MaxMargin, Z: np.ndarray) -> float:
    """How far the solver's ``u`` can be from ``u*``: ``||u - u*||^2 <= 2 (1 - gamma_lo / gamma)``
    by the KKT inequality, with the interval widened by the rounding ``2 (n + d) eps`` of its ends."""
    gap = mm.gap + 2 * sum(Z.shape) * EPS * mm.gamma_hi
    return float(np.sqrt(2 * gap / mm.gamma_lo)) + 8 * Z.shape[1] * EPS


def _solve_tol(Z: np.ndarray) -> float:
    """Rounding of a least-squares direction computed from ``Z``: ``4 (n + d) eps kappa(Z)`` (backward
    stability of the SVD solve; ``kappa`` over the nonzero singular values)."""
    s = np.linalg.svd(Z, compute_uv=False)
    s = s[s > s[0] * sum(Z.shape) * EPS]
    return 4 * sum(Z.shape) * EPS * float(s[0] / s[-1])


def _directions(run: DescentRun) -> tuple[np.ndarray, np.ndarray]:
    """``||w_t||`` and ``u_t = w_t / ||w_t||`` for ``t = 1..T``."""
    W = run.W[1:]
    norms = np.linalg.norm(W, axis=1)
    return norms, W / norms[:, None]


def _at(label: str, t: int, steps: int) -> str:
    return f"{label}, t = {t} of {steps}"


def margin_checks(run: DescentRun, mm: MaxMargin) -> list[Check]:
    """Monotone loss, the unnormalized-margin bound (8.31) and the direction bound, at every step."""
    T = run.steps
    slack = rounding_slack(run)
    out = []
    L = run.L
    tol_L = 4 * (sum(run.Z.shape) + 4) * EPS * L[:-1] * (1 + run.B * (run.norms[:-1] + run.eta * run.G[:-1]))
    k = worst_index(L[1:], L[:-1], tol_L)
    out.append(le(L[k + 1], L[k], tol_L[k], label=_at("L(w_(t+1)) <= L(w_t)", k, T),
                  why="relative rounding 4(n+d+4) eps (1 + B(||w_t|| + eta_t G_t)) of a step"))
    mb = margin_bounds(run, mm.gamma_lo)
    margins = run.min_margins[1:]
    k = worst_index(mb.unnormalized, margins, slack)  # margins >= bound  <=>  bound <= margins
    out.append(le(mb.unnormalized[k], margins[k], slack[k],
                  label=_at("phi^-1(L_0 exp(-A_t)) <= min_i <w_t, z_i>  (8.31)", k + 1, T),
                  why="accumulated rounding of the steps (rounding_slack)"))
    norms, U = _directions(run)
    R = (mb.unnormalized - slack) / norms
    err = np.linalg.norm(U - mm.u, axis=1)
    bound = np.sqrt(2 * np.maximum(0.0, 1 - R / mm.gamma_hi))
    tol = _direction_tol(mm, run.Z)
    k = worst_index(err, bound, tol)
    out.append(le(err[k], bound[k], tol, label=_at("||u_t - u*|| <= sqrt(2 (1 - R_t / gamma))", k + 1, T),
                  why="solver accuracy sqrt(2 (gamma_hi - gamma_lo) / gamma_lo) + rounding"))
    return out


def rate_checks(run: DescentRun, mm: MaxMargin, power: str = "log") -> list[Check]:
    """The explicit rates for the exponential loss and a constant step: the margin gap and the
    direction error at most ``gamma K_+ / log(1/L_0 + eta gamma^2 t/2)`` and ``sqrt(2 K_+ / log(...))``
    (``power = "inverse-t"`` replaces the logarithm by its argument: the mutant's 1/t rate)."""
    T = run.steps
    t = np.arange(1, T + 1)
    eta, L0, B = float(run.eta[0]), float(run.L[0]), run.B
    w0 = float(np.linalg.norm(run.W[0]))
    norms, U = _directions(run)
    gap = mm.gamma_hi - normalized_margin(run.Z, run.W[1:])
    err = np.linalg.norm(U - mm.u, axis=1)
    rates = [margin_gap_rate(w0, L0, eta, g, B, t) for g in (mm.gamma_lo, mm.gamma_hi)]
    rate = np.maximum(*rates)
    if power == "inverse-t":  # gamma K_+ / (1/L0 + eta gamma^2 t / 2)
        K = max(mm.gamma_hi * w0 + eta * B ** 2 * L0 + np.log(L0), 0.0)
        rate = mm.gamma_hi * K * loss_rate(L0, eta, mm.gamma_lo, t)
    finite = np.isfinite(rate)  # the bound applies once 1/L_0 + eta gamma^2 t/2 > 1
    if not finite.any():
        return [holds(True, "the explicit rate applies from 1/L_0 + eta gamma^2 t/2 > 1 on", "not reached by T")]
    t0 = int(np.argmax(finite))
    gap, err, rate, norms = gap[t0:], err[t0:], rate[t0:], norms[t0:]
    slack = rounding_slack(run)[t0:] / norms
    k = worst_index(gap, rate, slack)
    name = "log(1/L_0 + eta gamma^2 t/2)" if power == "log" else "(1/L_0 + eta gamma^2 t/2)"
    out = [le(gap[k], rate[k], slack[k], label=_at(f"gamma - m_t <= gamma K_+ / {name}", t0 + k + 1, T),
              why="rounding_slack / ||w_t||")]
    dir_rate = np.sqrt(2 * rate / mm.gamma_lo)
    tol = _direction_tol(mm, run.Z)
    k = worst_index(err, dir_rate, tol)
    out.append(le(err[k], dir_rate[k], tol, label=_at(f"||u_t - u*|| <= sqrt(2 K_+ / {name})", t0 + k + 1, T),
                  why="solver accuracy + rounding"))
    return out


def gd_direction(prob: DescentProblem) -> list[Check]:
    run, mm = _run(prob)
    out = margin_checks(run, mm)
    if prob.loss is EXPONENTIAL and prob.constant:
        out += rate_checks(run, mm)
    return out


def _static_direction(prob: DescentProblem, name: str, v: np.ndarray) -> Check:
    mm = max_margin(prob.data.Z, 2.0)
    return close(v / np.linalg.norm(v), mm.u, _direction_tol(mm, prob.data.Z) + _solve_tol(prob.data.Z),
                 label=f"the limit direction u* equals the {name} direction",
                 why="solver accuracy + 4 (n + d) eps kappa(Z) for the least-squares solve")


def least_squares_direction(prob: DescentProblem) -> Check:
    """The mutant's limit: the least-squares solution of ``<w, z_i> = 1`` (``X⁺y``: for ``n <= d`` the
    minimum-norm interpolant, the limit of GD on the squared loss from 0)."""
    Z = prob.data.Z
    return _static_direction(prob, "least-squares (X⁺y)", min_norm_solution(Z, np.ones(Z.shape[0])))


def l1_margin_limit(prob: DescentProblem) -> Check:
    """The mutant's limit: an l1 max-margin direction (the limit of greedy coordinate descent).  It is
    GD's limit only if the SVM direction attains the l1 max margin."""
    Z = prob.data.Z
    m1, m2 = max_margin(Z, 1.0), max_margin(Z, 2.0)
    value = float(normalized_margin(Z, m2.u, 1.0))
    return ge(value, m1.gamma_lo, 4 * sum(Z.shape) * EPS * m1.gamma_hi + m1.gap,
              label="the SVM direction u* attains the l1 max margin", why="certified interval + rounding")


def mean_direction(prob: DescentProblem) -> Check:
    return _static_direction(prob, "class-mean (sum_i y_i x_i)", prob.data.Z.sum(axis=0))


PROBLEMS = descent_problems(steps=STEPS)
EXP_CONSTANT = exponential_problems(rules=("constant",), steps=STEPS)

CLAIM = Claim(
    id="gd-separable-max-margin-direction",
    title="GD on separable data converges in direction to the hard-margin SVM at rate O(1/log t)",
    statement=("For separable z_i = y_i x_i, GD on the exponential or logistic loss with eta_t <= 1/(B^2 "
               "L(w_t)), B = max ||z_i||, from any w_0: min_i <w_t, z_i> >= phi^-1(L_0 exp(-A_t)) and "
               "||w_t/||w_t|| - u*|| <= sqrt(2 (1 - R_t/gamma)) at every t, with R_t -> gamma; for the "
               "exponential loss and a constant step, gamma - m_t <= gamma K_+ / log(1/L_0 + eta gamma^2 "
               "t/2): the direction tends to u* = w_hat/||w_hat|| (the hard-margin SVM) at rate O(1/log t), "
               "whatever w_0 and whichever exponentially tailed loss."),
    sources=[Source(ZHAO, "§6.6.1, Fig. 6.13", ("ZHAO-49",)),
             Source(TENG, "§12.3, Soudry et al.'s theorem", ("TENG-61",)),
             Source(MSML, "Implicit-bias definitions, Example 4; A.1 (the linear case)", ("MSML-12", "MSML-35")),
             Source(ARORA, "Theorem 8.3.1 and its proof sketch", ("ARORA-542",))],
    kind="proxy",
    proxy=("the bounds (8.31) and ||u_t - u*||^2 <= 2(1 - R_t/gamma) at every t <= T = 2000, and the "
           "explicit O(1/log t) margin and direction rates with the proof's constants, stand for "
           "w_t/||w_t|| -> u*"),
    area="implicit-bias",
    instances=PROBLEMS,
    conclusion=gd_direction,
    proof_idea=("Gradient domination ||grad L|| >= gamma L and the local smoothness B^2 L make the "
                "log-loss, hence the minimum margin, grow by eta G_t^2/L_t >= gamma eta G_t per step, "
                "while the norm grows by at most eta G_t: the normalized margin tends to gamma, and "
                "KKT for w_hat turns a margin gap into a direction error."),
    mutants=[
        Mutant("rate-one-over-t",
               "the margin gap and the direction error decay like 1/log t, not 1/t: with the proof's "
               "constant K the 1/t bound fails at a finite t (an init orthogonal to the support "
               "vectors is forgotten only logarithmically)",
               conclusion=lambda prob: rate_checks(*_run(prob), power="inverse-t"),
               instances=EXP_CONSTANT),
        Mutant("least-squares-limit",
               "the least-squares / minimum-norm interpolant of <w, z_i> = 1 (the squared-loss limit) "
               "differs from the SVM direction unless every point is a support vector with equal "
               "standing", conclusion=least_squares_direction),
        Mutant("l1-max-margin-limit",
               "the l1 max-margin direction is the limit of l1 steepest descent (coordinate descent), not "
               "of GD; the SVM direction generally has a smaller l1-normalized margin",
               conclusion=l1_margin_limit),
        Mutant("class-mean-limit",
               "the first GD step from 0 points along sum_i y_i x_i, but the limit is the SVM direction, "
               "which ignores the non-support points", conclusion=mean_direction),
    ],
    examples=40,
)
test_gd_separable_max_margin_direction = CLAIM.test()


# --- no finite minimizer, L = O(1/t), ||w_t|| = Theta(log t) -------------------------------------

def loss_and_norm(prob: DescentProblem, *, loss_bound=None, norm_bound=None, lower_factor: float = 1.0
                  ) -> list[Check]:
    """The checks of the second claim; the keyword arguments swap in a mutant's bound."""
    run, mm = _run(prob)
    T, Z = run.steps, run.Z
    n = Z.shape[0]
    t = np.arange(1, T + 1)
    eta, L0, B = float(run.eta[0]), float(run.L[0]), run.B
    lo, hi = mm.gamma_lo, mm.gamma_hi
    norms = run.norms[1:]
    L = run.L[1:]
    slack = rounding_slack(run)
    rel = 4 * (n + Z.shape[1] + 4) * EPS
    out = []
    floor = np.exp(-lower_factor * hi * norms)  # L(w) >= exp(-gamma ||w||): no finite minimizer
    k = worst_index(floor, L, L * (rel + slack))
    out.append(le(floor[k], L[k], L[k] * (rel + slack[k]), label=_at(
        f"exp(-{lower_factor:g} gamma ||w_t||) <= L(w_t)", k + 1, T), why="relative rounding of L and of ||w_t||"))
    c = float(norms[-1])
    top = float(np.sum(np.exp(-c * (Z @ mm.u))))
    out.append(le(top, n * np.exp(-c * lo), n * rel * np.exp(-c * lo),
                  label=f"L(c u*) <= n exp(-c gamma) -> 0 (inf L = 0), c = ||w_T|| = {c:.4g}",
                  why="relative rounding of n exponentials"))
    rate = loss_rate(L0, eta, lo, t) if loss_bound is None else loss_bound(L0, eta, lo, t)
    k = worst_index(L, rate, L * (rel + slack))
    out.append(le(L[k], rate[k], L[k] * (rel + slack[k]), label=_at("L_t <= bound on the loss", k + 1, T),
                  why="relative rounding of L"))
    low = norm_lower(L0, eta, lo, t) * lo / hi if norm_bound is None else norm_bound(L0, eta, lo, hi, t)
    k = worst_index(low, norms, slack / lo)
    out.append(le(low[k], norms[k], slack[k] / lo, label=_at("lower bound on ||w_t||", k + 1, T),
                  why="rounding_slack / gamma"))
    up = norm_upper(float(np.linalg.norm(run.W[0])), L0, eta, lo, B, t)
    up = np.maximum(up, norm_upper(float(np.linalg.norm(run.W[0])), L0, eta, hi, B, t))
    k = worst_index(norms, up, slack / lo)
    out.append(le(norms[k], up[k], slack[k] / lo, label=_at(
        "||w_t|| <= ||w_0|| + eta B L_0 + (2B/gamma^2) log(1 + eta gamma^2 L_0 (t-1)/2)", k + 1, T),
        why="rounding_slack / gamma"))
    return out


def non_separable_infimum(data) -> Check:
    """The mutant applied to non-separable data: ``inf L = 0`` (as for separable data), against the
    certificate ``L(w) >= e^{-q} + e^{q} >= 2`` of the point that carries both labels."""
    pair = opposite_pair(data.Z)
    if pair is None:
        raise ValueError("the non-separable strategy plants a point with both labels")
    return le(2.0, 0.0, label=f"inf_w L(w) = 0; but points {pair} carry opposite labels, so L(w) >= 2")


NORM_CLAIM = Claim(
    id="separable-exponential-loss-no-finite-minimizer",
    title="On separable data the exponential loss has no finite minimizer: L_t = O(1/t), ||w_t|| = Theta(log t)",
    statement=("For separable z_i and L(w) = sum_i exp(-<w, z_i>): L(w) >= exp(-gamma ||w||) > 0 for "
               "every w while L(c u*) <= n exp(-c gamma) -> 0, so inf L = 0 is not attained; GD with a "
               "constant eta <= 1/(B^2 L_0) has L_t <= 1/(1/L_0 + eta gamma^2 t/2) and ||w_hat|| log(1/L_0 "
               "+ eta gamma^2 t/2) <= ||w_t|| <= ||w_0|| + eta B L_0 + (2B/gamma^2) log(1 + eta gamma^2 "
               "L_0 (t-1)/2)."),
    sources=[Source(TENG, "§12.3.1, lines 960-964", ("TENG-60",)),
             Source(ARORA, "§8.3, eq. (8.24) and the paragraph before it (separability as corrected)",
                    ("ARORA-541",))],
    kind="proxy",
    proxy=("explicit bounds at every t <= 2000: L(w_t) >= exp(-gamma ||w_t||), the O(1/t) loss bound "
           "and two-sided Theta(log t) norm bounds stand for 'L -> 0 only as ||w|| -> infinity, "
           "||w_t|| ~ ||w_hat|| ln t'"),
    area="implicit-bias",
    instances=EXP_CONSTANT,
    conclusion=loss_and_norm,
    proof_idea=("max_i exp(-<w, z_i>) <= L(w) and min_i <w, z_i> <= gamma ||w|| give the lower bound; the "
                "descent lemma with gradient domination gives 1/L_{t+1} >= 1/L_t + eta gamma^2/2; the "
                "norm lies between -log(L_t)/gamma and ||w_0|| + sum eta ||grad L_u||, ||grad L_u|| <= B L_u."),
    mutants=[
        Mutant("loss-decays-geometrically",
               "the loss decays like 1/t; a linear rate L_0 exp(-eta gamma^2 t/2) fails once t is large",
               conclusion=lambda prob: loss_and_norm(
                   prob, loss_bound=lambda L0, eta, g, t: L0 * np.exp(-eta * g ** 2 * t / 2))),
        Mutant("norm-grows-like-sqrt-t",
               "the norm grows logarithmically; a sqrt(t) growth contradicts the upper bound",
               conclusion=lambda prob: loss_and_norm(
                   prob, norm_bound=lambda L0, eta, lo, hi, t: (np.sqrt(1 + eta * lo ** 2 * L0 * t / 2) - 1) / hi)),
        Mutant("half-gamma-lower-bound",
               "L(w) >= exp(-gamma ||w|| / 2) fails along u* when one support point dominates (tight: n = 1)",
               conclusion=lambda prob: loss_and_norm(prob, lower_factor=0.5)),
        Mutant("non-separable",
               "without separability inf L can be positive: a point with both labels forces L >= 2",
               conclusion=non_separable_infimum, instances=non_separable_datasets()),
    ],
    examples=30,
)
test_separable_exponential_loss_no_finite_minimizer = NORM_CLAIM.test()


# --- audits ---------------------------------------------------------------------------------------

def printed_separability(data) -> Check:
    """ARORA-541 as printed: the hypothesis holds for every dataset, and the conclusion 'inf L = 0,
    L -> 0 only as ||w|| -> infinity' is checked: a point with both labels refutes it."""
    pair = opposite_pair(data.Z)
    if pair is None:
        mm = max_margin(data.Z, 2.0)  # separable: L(c u*) <= n exp(-c gamma) -> 0
        return holds(mm.gamma_lo > 0, "inf L = 0 (separable data)", f"gamma >= {mm.gamma_lo:.6g}")
    return le(2.0, 0.0, label=f"inf_w L(w) = 0; but points {pair} carry opposite labels, so L(w) >= 2")


AUDIT_SEPARABILITY = Claim(
    id="separability-display-as-printed",
    title="Arora et al. §8.3: separability printed as 'exists w, y(i) wᵀ y(i) > 0'",
    statement=("As printed: if there is w with y(i) wᵀ y(i) > 0 for all i, then L(w) = sum_i exp(-y(i) wᵀ "
               "x(i)) has inf 0 and no finite minimizer."),
    sources=[Source(ARORA, "§8.3 intro, near line 4742", ("ARORA-541",))],
    kind="exact",
    area="implicit-bias",
    instances=st.one_of(datasets(), non_separable_datasets()),
    conclusion=printed_separability,
    proof_idea=("With y(i) a label, y(i) wᵀ y(i) only typechecks for scalar w, where it reads w > 0: "
                "true of every dataset, so the hypothesis no longer excludes data with 0 in the convex "
                "hull of the y(i) x(i)."),
    audit=True,
    corrected="separable-exponential-loss-no-finite-minimizer",
    finding=("The separability condition is printed as 'exists w: y(i) wᵀ y(i) > 0'; in its only typed "
             "reading (w scalar) it holds for every dataset, and then 'L has no finite minimizer, L -> 0 "
             "only as ||w|| -> infinity' fails: one point carrying both labels gives L(w) >= e^{-q} + e^{q} "
             ">= 2. The intended condition is y(i) wᵀ x(i) > 0 (the same index typo recurs in Theorem "
             "8.3.2's 'min_n y_i <w_t, y_i>', which should read y_i <w_t, x_i>)."),
    examples=50,
)
test_separability_display_as_printed = AUDIT_SEPARABILITY.test()


def printed_min_norm_limit(data) -> Check:
    """MSML-211 as printed: GD's limit is the minimum-norm interpolant X⁺y (here n <= d, so X⁺y
    interpolates); the limit of GD is u* (checked by the claim above)."""
    Z = data.Z
    mm = max_margin(Z, 2.0)
    v = min_norm_solution(Z, np.ones(Z.shape[0]))
    return close(v / np.linalg.norm(v), mm.u, _direction_tol(mm, Z) + _solve_tol(Z),
                 label="GD's limit direction u* equals that of the minimum-norm interpolant X⁺y",
                 why="solver accuracy + 4 (n + d) eps kappa(Z) for the least-squares solve")


AUDIT_DICHOTOMY = Claim(
    id="gd-min-norm-sgd-max-margin-as-printed",
    title="MSML C.2: 'GD converges to the minimum-norm interpolant, SGD to the maximum margin'",
    statement=("As printed: on separable data GD on the unregularized loss converges to the minimum-norm "
               "interpolating solution, while SGD noise drives it to the maximum-margin solution (and "
               "smaller / larger batches strengthen the margin bias)."),
    sources=[Source(MSML, "C.2 notes and expansion, App. C, App. E", ("MSML-211", "MSML-269"))],
    kind="numeric",
    area="implicit-bias",
    instances=datasets(n_le_d=True, min_d=2),
    conclusion=printed_min_norm_limit,
    proof_idea=("GD's limit is the SVM direction (claim gd-separable-max-margin-direction), and X⁺y, "
                "which fits every margin to exactly 1, points elsewhere as soon as one point is not a "
                "support vector or the support vectors get unequal multipliers."),
    audit=True,
    corrected="gd-separable-max-margin-direction",
    finding=("For separable data and an exponentially tailed loss, GD (Soudry et al. 2018) and SGD with a "
             "fixed small step (Nacson et al. 2019) share the limit direction w_hat/||w_hat||, the "
             "hard-margin SVM = the minimum-norm solution of the margin constraints y_i wᵀx_i >= 1; it "
             "differs from the minimum-norm interpolant X⁺y of Xw = y, so 'GD -> minimum norm (X⁺y)' is "
             "false, and the margin bias comes from the loss tail, not from SGD noise, so the batch-size "
             "statements (made in both directions) have no basis in this model."),
    examples=50,
)
test_gd_min_norm_sgd_max_margin_as_printed = AUDIT_DICHOTOMY.test()


def printed_loss_dependence(prob: DescentProblem) -> list[Check]:
    """MSML-28 as printed: the exponential and logistic losses can lead GD to different limits.  Both
    runs satisfy the margin bounds of the claim above, whose limit u* does not involve the loss."""
    checks = []
    limits = []
    for loss in (EXPONENTIAL, prob.loss):
        run, mm = _run(DescentProblem(prob.data, loss, 2.0, prob.rule, prob.w0, prob.steps, False, prob.family))
        checks += [c for c in margin_checks(run, mm) if not c.ok]
        limits.append(mm.u)
    gap = float(np.linalg.norm(limits[0] - limits[1]))
    return checks + [holds(gap > 0, "the exponential-loss and logistic-loss limit directions differ",
                           f"both runs obey the margin bounds; both limits are the SVM direction "
                           f"(distance {gap:.3g})")]


AUDIT_LOSS = Claim(
    id="exponential-loss-changes-limit-as-printed",
    title="MSML Example 4: 'replacing the logistic by the exponential loss can change the directional limit'",
    statement=("As printed: for separable logistic regression, replacing the logistic loss by the "
               "exponential loss can change the directional limit of GD."),
    sources=[Source(MSML, "Example 4, near line 195", ("MSML-28",))],
    kind="proxy",
    proxy="the margin bounds of both runs at every t <= 300 stand for their common limit u*",
    area="implicit-bias",
    instances=descent_problems(steps=300),
    conclusion=printed_loss_dependence,
    proof_idea=("The limit of either run is characterized by the margin problem alone, "
                "argmin{||w|| : y_i wᵀx_i >= 1}, which does not mention the loss."),
    audit=True,
    corrected="gd-separable-max-margin-direction",
    finding=("For GD on a linear predictor every exponentially tailed loss (exponential included) has the "
             "same limit direction, the hard-margin SVM (Soudry et al. 2018), so the exponential loss "
             "cannot change it; the limit does change with the optimizer's geometry (steepest descent in "
             "l1 or l_inf, see steepest-descent-max-norm-margin)."),
    examples=10,
)
test_exponential_loss_changes_limit_as_printed = AUDIT_LOSS.test()
