"""Homogeneous models: the limit direction of gradient flow is a KKT point of the max-margin problem
for its OWN margin, not the global max-margin solution; deep linear networks.

Statement.  Let ``f_i`` be C², alpha-homogeneous (``f_i(cw) = c^alpha f_i(w)``) and
``L(w) = sum_i exp(-y_i f_i(w))``.  If gradient flow has ``L(w_t) -> 0``, a limit direction
``w_bar = lim w_t/||w_t||`` and LICQ holds there, then with ``gamma_bar = min_i y_i f_i(w_bar) > 0``
(the margin of ``w_bar``) and ``S = {i : y_i f_i(w_bar) = gamma_bar}``, ``w_bar`` is a KKT point of
``min ||w||^2 s.t. y_i f_i(w) >= gamma_bar``: ``w_bar = sum_{i in S} lambda_i ∇f_i(w_bar)``,
``lambda >= 0`` (Lyu & Li 2020; Nacson et al. 2019).  ``gamma_bar`` need not be the optimal margin
``gamma = max_{||w||=1} min_i y_i f_i(w)``: as printed with the global ``gamma`` the theorem is false.
The ingredients: ``∇f(g(w_bar + delta)) = g^(alpha-1) ∇f(w_bar + delta)``, so
``||∇f(g(w_bar + delta)) - ∇f(g w_bar)|| <= g^(alpha-1) sup ||∇²f|| ||delta||`` (Lemma 8.4.6), and
``l_i / l_j = exp(-g^alpha (f_i - f_j)(w_bar + delta))``: the losses of points with a larger margin
than ``gamma_bar`` vanish relative to the support's (Lemma 8.4.7).  For linear models (alpha = 1)
the KKT point is the SVM, whose support vectors are almost surely linearly independent for data
from a continuous distribution (LICQ).  Fully connected deep linear networks are rotation
equivariant (rotating the data and the first layer rotates the end-to-end predictor at every step),
so no non-Euclidean "induced norm" can describe their implicit bias: they converge to the l2
max-margin direction like a linear model (Ji & Telgarsky 2019); a diagonal network is not
equivariant, and its limit is an l_(2/L) max-margin point instead.

Counterexample to the printed version (exact).  ``f(w) = sum_j c_j w_j^4`` (one point, ``y = 1``)
under gradient flow: ``1/w_j^2 = 1/w_j(0)^2 - c_j s`` along the path, ``s = 8 ∫ e^{-f} dt``, so only
the coordinate ``j*`` with the smallest ``I_j = 1/(c_j w_j(0)^2)`` blows up and ``w_bar = e_(j*)``,
with margin ``c_(j*)``, while ``gamma = max_j c_j``: e.g. ``c = (1, 1/2)``, ``w_0 = (3/10, 1)`` ends at
``e_2`` with margin 1/2 < 1.  ``e_(j*)`` is a KKT point of its own margin (``∇f(e_j) = 4 c_j e_j``).

Sources.  Arora et al., *Theory of Deep Learning*, §8.4: Definition 8.4.1, Assumptions 8.4.2-8.4.4
and Theorem 8.4.5 (ARORA-549, audited), Lemma 8.4.6 (ARORA-550), Lemma 8.4.7 (ARORA-551), the LICQ
remark after Assumption 8.4.4 (ARORA-552: "always" should read "almost surely"); *The Mathematical
Structure of Machine Learning*, Ch. 24, B.11 (MSML-63: "deep linear networks converge to max margin
in an induced norm, beyond plain linear models", audited).

Finite statements.  The quartic flow is exact: its path is rational in ``s`` (Fractions), the
normalized margin is checked non-decreasing along it (Lyu–Li's monotonicity for one point) with
limit ``c_(j*)``, the direction error is bounded by ``c_(j*) (I* - s) sum_(j != j*) 1/(c_j (I_j - I*))``,
and KKT at ``e_(j*)`` is exact.  The deep linear equivariance is exact too: gradient descent in
Fractions, with the exponential loss's weight ``exp(-q)`` evaluated in float64 and taken exactly
(a fixed function of the margin, so equal margins give equal steps).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.documents import ARORA, MSML
from checks.homogeneous import QuarticFlow, deep_linear_gd, diagonal_gd, matmul
from checks.margins import EPS, max_margin
from checks.strategies.homogeneous import (LinearNetProblem, Perturbation, linear_net_problems,
                                           perturbations, quartic_flows)
from checks.strategies.separable import Dataset, datasets

GRID = 24


# --- the quartic flow -----------------------------------------------------------------------------

def printed_global_margin(flow: QuarticFlow) -> Check:
    """Theorem 8.4.5 as printed: the limit direction satisfies y f(w_bar) >= gamma (global)."""
    j = flow.limit_index
    return ge(flow.c[j], flow.optimal_margin,
              label=f"margin of the limit e_{j + 1}, c_{j + 1} = {flow.c[j]}, >= gamma = max_j c_j = "
                    f"{flow.optimal_margin}")


AUDIT = Claim(
    id="homogeneous-limit-global-margin-as-printed",
    title="Arora et al. Theorem 8.4.5 as printed: the limit direction meets the GLOBAL optimal margin",
    statement=("As printed: for C², alpha-homogeneous f_i with L(w_t) -> 0, convergent directions and LICQ, "
               "the limit w_bar of gradient flow satisfies y_i f_i(w_bar) >= gamma = max_{||w||=1} min_i "
               "y_i f_i(w) and w_bar = sum_{i: y_i f_i(w_bar) = gamma} lambda_i ∇f_i(w_bar)."),
    sources=[Source(ARORA, "Definition 8.4.1 and Theorem 8.4.5", ("ARORA-549",))],
    kind="exact",
    area="implicit-bias",
    instances=quartic_flows(),
    conclusion=printed_global_margin,
    proof_idea=("Along the exact path of f = sum c_j w_j^4 only the coordinate with the smallest "
                "1/(c_j w_j(0)^2) blows up, and it need not carry the largest c_j."),
    audit=True,
    corrected="homogeneous-flow-kkt-own-margin",
    finding=("Feasibility is imposed with the globally optimal margin gamma (also used to define S in the "
             "proof), but gradient flow can converge to a direction whose own margin is smaller: f(w) = "
             "w_1^4 + w_2^4/2 from (3/10, 1) converges to e_2 with margin 1/2 < gamma = 1 (all assumptions "
             "hold, LICQ with ∇f(e_2) = (0, 2)). Correct: w_bar is a KKT point of min ||w||^2 s.t. y_i f_i(w) "
             ">= gamma_bar, gamma_bar = min_i y_i f_i(w_bar), with multipliers on S(w_bar) (eq. 8.40 also "
             "drops them)."),
    examples=50,
)
test_homogeneous_limit_global_margin_as_printed = AUDIT.test()


def grid(flow: QuarticFlow) -> list[Fraction]:
    """``s_i = s_max (1 - 2^-i)``, ``i = 0..GRID``: towards the blow-up of ``w_(j*)``."""
    return [flow.s_max * (1 - Fraction(1, 2 ** i)) for i in range(GRID + 1)]


def own_margin_kkt(flow: QuarticFlow, *, limit_rule: str = "blow-up", margin: str = "own") -> list[Check]:
    j = flow.limit_index
    out = []
    if limit_rule == "largest-start":
        k = int(np.argmax([abs(w) for w in flow.w0]))
        out.append(equal(j, k, label=f"the limit axis e_{j + 1} is the axis of the largest |w_j(0)|, e_{k + 1}"))
    ss = grid(flow)
    h = [flow.margin(s) for s in ss]
    i = min(range(GRID), key=lambda i: h[i + 1] - h[i])
    out.append(ge(h[i + 1], h[i], label=f"normalized margin non-decreasing along the path, s_{i + 1} vs s_{i}"))
    out.append(le(h[-1], flow.c[j], label=f"the margin stays <= c_(j*) = {flow.c[j]} (its limit)"))
    I = flow.blow_up_times
    far = sum(1 / (flow.c[k] * (I[k] - I[j])) for k in range(len(I)) if k != j and I[k] is not None)
    errs = []
    for s in ss:
        sq = flow.squares(s)
        errs.append((1 - sq[j] / sum(sq), flow.c[j] * (I[j] - s) * far))
    worst = max(range(len(errs)), key=lambda i: errs[i][0] - errs[i][1])
    out.append(le(errs[worst][0], errs[worst][1], label=(
        "1 - u_(j*)(s)^2 <= c_(j*) (I* - s) sum_(j != j*) 1/(c_j (I_j - I*))  (-> 0: w/||w|| -> e_(j*))")))
    grad = [4 * c if k == j else Fraction(0) for k, c in enumerate(flow.c)]  # ∇f(e_j*) = 4 c_j* e_j*
    lam = 1 / grad[j]
    out.append(equal(tuple(lam * g for g in grad), tuple(Fraction(int(k == j)) for k in range(len(grad))),
                     label=f"KKT: e_(j*) = lambda ∇f(e_(j*)) with lambda = {lam} >= 0"))
    target = flow.optimal_margin if margin == "global" else flow.c[j]
    out.append(ge(flow.c[j], target, label=f"the limit meets the margin constraint f(e_(j*)) >= {target}"))
    return out


CLAIM = Claim(
    id="homogeneous-flow-kkt-own-margin",
    title="Homogeneous models: the gradient-flow limit is a KKT point for its own margin",
    statement=("For f(w) = sum_j c_j w_j^4 (one point, y = 1) the gradient flow on exp(-f) from w_0 follows "
               "1/w_j^2 = 1/w_j(0)^2 - c_j s: its normalized margin f/||w||^4 is non-decreasing, the direction "
               "tends to e_(j*), j* = argmin_j 1/(c_j w_j(0)^2), with error <= c_(j*) (I* - s) sum_(j != j*) "
               "1/(c_j (I_j - I*)), and e_(j*) is a KKT point of min ||w||^2 s.t. f(w) >= c_(j*), its own "
               "margin, which is below the optimal max_j c_j in general."),
    sources=[Source(ARORA, "Theorem 8.4.5, corrected as in Lyu & Li (2020)", ("ARORA-549",))],
    kind="exact",
    area="implicit-bias",
    instances=quartic_flows(),
    conclusion=own_margin_kkt,
    proof_idea=("d(w_j^2)/dt = 8 e^{-f} c_j w_j^4 makes 1/w_j^2 + c_j s constant; the first coordinate to "
                "reach 1/w_j^2 = 0 dominates, the others stay bounded, and ∇f(e_j) is parallel to e_j."),
    mutants=[
        Mutant("global-margin",
               "the limit meets its own margin c_(j*), not the optimal max_j c_j (Theorem 8.4.5 as printed)",
               conclusion=lambda flow: own_margin_kkt(flow, margin="global")),
        Mutant("largest-initial-coordinate",
               "the coordinate that wins is the one with the largest c_j w_j(0)^2, not the largest |w_j(0)|",
               conclusion=lambda flow: own_margin_kkt(flow, limit_rule="largest-start")),
    ],
    examples=40,
)
test_homogeneous_flow_kkt_own_margin = CLAIM.test()


# --- linear models: the SVM's KKT conditions and LICQ ---------------------------------------------

def svm_kkt(data: Dataset, *, weights: str = "kkt", count: str = "any") -> list[Check]:
    Z = data.Z
    n, d = Z.shape
    mm = max_margin(Z, 2.0)
    S = list(mm.support)
    w_hat = mm.w_hat
    ZS = Z[S]
    alpha = np.linalg.lstsq(ZS.T, w_hat, rcond=None)[0]
    scale = float(np.linalg.norm(w_hat))
    tol = 64 * (n + d) * EPS * scale * np.linalg.cond(ZS) if len(S) else 1.0
    s = np.linalg.svd(ZS, compute_uv=False)
    # numerical rank: the computed singular values are exact for Z_S + E with ||E|| <= (|S| + d) eps s_max
    # (backward stability of the SVD), so a rank-deficient Z_S shows s_min <= (|S| + d) eps s_max (Weyl);
    # LICQ is s_min above that, with a factor 4
    rank_floor = 4 * (len(S) + d) * EPS
    out = [close(ZS.T @ alpha, w_hat, tol, label=f"stationarity w_hat = sum_(i in S) alpha_i z_i, |S| = {len(S)}",
                 why="64 (n + d) eps ||w_hat|| cond(Z_S)"),
           ge(float(alpha.min()), 0.0, tol, label="dual feasibility alpha_i >= 0", why="same"),
           le(len(S), d, label="|S| <= d"),
           ge(float(s[-1] / s[0]), rank_floor, label=f"LICQ: s_min(Z_S) / s_max(Z_S) >= 4 (|S| + d) eps = "
                                                     f"{rank_floor:.3g} (the rounding of a rank-deficient Z_S), "
                                                     "i.e. rank Z_S = |S|")]
    if weights == "equal":
        v = ZS.sum(axis=0)
        # the solver's w_hat = Z_Sᵀ (Z_S Z_Sᵀ)⁻¹ 1 solves the normal equations: relative error <= 64 (n + d) eps
        # cond(Z_S)^2, doubled by the normalization; the sum v of |S| rows errs by |S| eps sum ||z_i|| (relative
        # to ||v||, doubled by its normalization)
        u_tol = (128 * (n + d) * EPS * float(s[0] / s[-1]) ** 2
                 + 2 * len(S) * EPS * float(np.linalg.norm(ZS, axis=1).sum() / np.linalg.norm(v)))
        out.append(close(v / np.linalg.norm(v), mm.u, u_tol,
                         label="w_hat ∝ sum_(i in S) z_i (equal multipliers, eq. 8.40)",
                         why="128 (n + d) eps cond(Z_S)^2 + 2 |S| eps sum ||z_i|| / ||v||: the normal-equation solve "
                             "and the sum"))
    if count == "d":
        out.append(equal(len(S), d, label="the SVM has exactly d support vectors"))
    return out


def _duplicated(data: Dataset) -> Dataset:
    return Dataset(np.r_[data.X, data.X], np.r_[data.y, data.y], data.family + ", every point twice")


CONTINUOUS = datasets(("planted",), max_n=8)

SVM_CLAIM = Claim(
    id="linear-svm-kkt-licq",
    title="The hard-margin SVM is a KKT point with almost surely independent support vectors",
    statement=("For separable data drawn from a continuous distribution, w_hat = argmin{||w|| : <w, z_i> >= 1} "
               "satisfies w_hat = sum_(i in S) alpha_i z_i with alpha >= 0 on its support S, and the support "
               "vectors are almost surely linearly independent (LICQ), so |S| <= d and alpha is unique."),
    sources=[Source(ARORA, "§8.4, the remark after Assumption 8.4.4", ("ARORA-552",))],
    kind="numeric",
    area="implicit-bias",
    instances=CONTINUOUS,
    conclusion=svm_kkt,
    proof_idea=("KKT of the convex QP; |S| > d or dependent support vectors put the z_i on a proper "
                "algebraic set, which has measure zero for continuous data."),
    mutants=[
        Mutant("equal-multipliers",
               "the multipliers of the support vectors differ in general (eq. 8.40 prints sum_(i in S) ∇f_i)",
               conclusion=lambda d: svm_kkt(d, weights="equal")),
        Mutant("exactly-d-support-vectors", "the SVM often has fewer than d support vectors",
               conclusion=lambda d: svm_kkt(d, count="d")),
        Mutant("duplicated-points",
               "with repeated points (data on a lattice, not continuous) support vectors come in equal pairs: "
               "LICQ fails", instances=CONTINUOUS.map(_duplicated)),
    ],
    examples=40,
)
test_linear_svm_kkt_licq = SVM_CLAIM.test()


# --- Lemmas 8.4.6 and 8.4.7 ------------------------------------------------------------------------

def perturbation_checks(pt: Perturbation, *, grad_shift: int = 0, lemma_shift: int = 0,
                        ratio_power: int | None = None) -> list[Check]:
    """Homogeneity identities and the two lemmas at ``w = g (w_bar + delta)``; the keywords shift a
    power of ``g`` (a mutant)."""
    f1, f2, g = pt.f1, pt.f2, pt.g
    a = f1.alpha
    x = pt.w_bar + pt.delta
    w = g * x
    rel = 64 * (len(x) + f1.b.shape[0] + a) * EPS
    gx = f1.grad(x)
    scale = g ** (a - 1) * (np.linalg.norm(gx) + f1.gradient_bound(1 + np.linalg.norm(pt.delta)))
    p = a - 1 + grad_shift
    out = [close(f1.grad(w), g ** p * gx, rel * scale, label=f"∇f(g w) = g^{p} ∇f(w), alpha = {a}",
                 why="64 (d + K + alpha) eps g^(alpha-1) (||∇f(w)|| + G)"),
           close(float(x @ gx), a * f1.value(x), rel * f1.strength * (1 + np.linalg.norm(pt.delta)) ** a,
                 label="Euler: <w, ∇f(w)> = alpha f(w)", why="64 (d + K + alpha) eps S (1 + ||delta||)^alpha")]
    diff = float(np.linalg.norm(f1.grad(w) - f1.grad(g * pt.w_bar)))
    power = a - 1 + lemma_shift
    bound = g ** power * f1.hessian_bound(1 + np.linalg.norm(pt.delta)) * np.linalg.norm(pt.delta)
    out.append(le(diff, bound, rel * scale, label=f"||∇f(g(w_bar + delta)) - ∇f(g w_bar)|| <= g^{power} H ||delta|| "
                  "(Lemma 8.4.6)", why="64 (d + K + alpha) eps scale"))
    # Lemma 8.4.7: log(l_1/l_2) = -(f1 - f2)(w) = -g^alpha (f1 - f2)(w_bar + delta)
    log_ratio = -(f1.value(w) - f2.value(w))
    rp = a if ratio_power is None else ratio_power
    identity = -g ** rp * (f1.value(x) - f2.value(x))
    size = g ** a * (f1.strength + f2.strength) * (1 + np.linalg.norm(pt.delta)) ** a
    out.append(close(log_ratio, identity, rel * size, label=f"log(l_1/l_2) = -g^{rp} (f_1 - f_2)(w_bar + delta)",
                     why="64 (d + K + alpha) eps g^alpha (S_1 + S_2)(1 + ||delta||)^alpha"))
    gap = f1.value(pt.w_bar) - f2.value(pt.w_bar)
    lip = (f1.gradient_bound(1 + np.linalg.norm(pt.delta)) + f2.gradient_bound(1 + np.linalg.norm(pt.delta)))
    out.append(le(log_ratio, -g ** a * (gap - lip * np.linalg.norm(pt.delta)), rel * size,
                  label="log(l_1/l_2) <= -g^alpha (Delta - (G_1 + G_2) ||delta||): the larger-margin loss vanishes "
                        "(Lemma 8.4.7)", why="same"))
    return out


LEMMAS = Claim(
    id="homogeneous-gradient-perturbation",
    title="Homogeneity, the gradient perturbation bound (Lemma 8.4.6) and loss concentration (Lemma 8.4.7)",
    statement=("For f = sum_k a_k <b_k, w>^alpha and w = g (w_bar + delta): ∇f(gw) = g^(alpha-1) ∇f(w), "
               "<w, ∇f(w)> = alpha f(w), ||∇f(g(w_bar + delta)) - ∇f(g w_bar)|| <= g^(alpha-1) H ||delta|| with "
               "H = alpha (alpha-1) S (1 + ||delta||)^(alpha-2), and log(l_1/l_2) = -g^alpha (f_1 - f_2)(w_bar + "
               "delta) <= -g^alpha (f_1(w_bar) - f_2(w_bar) - (G_1 + G_2) ||delta||), G_i = alpha S_i (1 + "
               "||delta||)^(alpha-1)."),
    sources=[Source(ARORA, "Lemma 8.4.6", ("ARORA-550",)), Source(ARORA, "Lemma 8.4.7", ("ARORA-551",))],
    kind="numeric",
    area="implicit-bias",
    instances=perturbations(),
    conclusion=perturbation_checks,
    proof_idea=("Differentiate f(cw) = c^alpha f(w) in w and in c; the mean-value theorem on the segment "
                "from w_bar to w_bar + delta, whose points have norm <= 1 + ||delta||."),
    mutants=[
        Mutant("gradient-scales-like-g-alpha", "∇f is (alpha-1)-homogeneous, not alpha-homogeneous",
               conclusion=lambda pt: perturbation_checks(pt, grad_shift=1)),
        Mutant("perturbation-g-alpha-minus-two",
               "the gradient error scales like g^(alpha-1); g^(alpha-2) is too small for g > 1 (tight: one "
               "quadratic term, delta along b)", conclusion=lambda pt: perturbation_checks(pt, lemma_shift=-1)),
        Mutant("loss-ratio-exponent-g", "the margins scale like g^alpha, so the exponent of the loss ratio is "
               "g^alpha (f_1 - f_2), not g (f_1 - f_2)", conclusion=lambda pt: perturbation_checks(pt, ratio_power=1)),
    ],
    examples=60,
)
test_homogeneous_gradient_perturbation = LEMMAS.test()


# --- deep linear networks: rotation equivariance ---------------------------------------------------

def _rotate(Q: list, v: list) -> list:
    return [sum(q * x for q, x in zip(row, v)) for row in Q]


def equivariance(prob: LinearNetProblem, *, model: str = "fully-connected", rotate_init: bool = True) -> Check:
    """GD on (Z, M_1, ...) and on (Q Z, M_1 Qᵀ, ...): the end-to-end predictors satisfy beta'_t = Q beta_t
    at every step (exactly)."""
    QZ = prob.rotated_data()
    Q = prob.Q
    if model == "fully-connected":
        betas = deep_linear_gd(prob.Z, prob.layers, prob.eta, prob.steps)
        first = matmul(prob.layers[0], [list(r) for r in zip(*Q)]) if rotate_init else prob.layers[0]
        rotated = deep_linear_gd(QZ, [first] + prob.layers[1:], prob.eta, prob.steps)
    else:
        betas = diagonal_gd(prob.Z, prob.u, prob.v, prob.eta, prob.steps)
        rotated = diagonal_gd(QZ, prob.u, prob.v, prob.eta, prob.steps)
    mismatch = [t for t in range(prob.steps + 1) if rotated[t] != _rotate(Q, betas[t])]
    return equal(len(mismatch), 0, label=f"{model} network: steps t <= {prob.steps} with beta'_t != Q beta_t "
                                         f"(first: {mismatch[:1]})")


NETS = linear_net_problems()

EQUIVARIANCE = Claim(
    id="deep-linear-rotation-equivariance",
    title="Fully connected deep linear networks are rotation equivariant, hence biased towards the l2 margin",
    statement=("For a fully connected deep linear network f(x) = M_L ... M_1 x trained by GD on the "
               "exponential loss, rotating the data by Q and the first layer to M_1 Qᵀ rotates the end-to-end "
               "predictor: beta'_t = Q beta_t at every step.  A limit direction that maximizes the margin of "
               "a norm N fixed by the architecture must then satisfy N(Qw) = N(w) for all rotations Q, i.e. "
               "N ∝ l2: the limit is the hard-margin SVM direction, as for a linear model (Ji & Telgarsky "
               "2019); a diagonal network has no such symmetry (its limit is an l_(2/L) max-margin point)."),
    sources=[Source(MSML, "B.11, corrected", ("MSML-63",))],
    kind="exact",
    area="implicit-bias",
    instances=NETS,
    conclusion=equivariance,
    proof_idea=("The outputs M_L ... M_1 Qᵀ Q x equal the old ones, so the loss weights agree, and the "
                "gradient of the first layer rotates by Qᵀ while the others are unchanged; induction on t.  "
                "For one point the N-max-margin direction is ∂N*(z), and equivariance for every z forces "
                "N*(Qz) = N*(z)."),
    mutants=[
        Mutant("diagonal-network",
               "beta = u ⊙ v is tied to the coordinate axes: rotating the data does not rotate its predictor",
               conclusion=lambda prob: equivariance(prob, model="diagonal")),
        Mutant("initialization-not-rotated",
               "equivariance needs the first layer rotated with the data (for a random init, in distribution)",
               conclusion=lambda prob: equivariance(prob, rotate_init=False)),
    ],
    examples=25,
)
test_deep_linear_rotation_equivariance = EQUIVARIANCE.test()


def printed_induced_norm(prob: LinearNetProblem) -> Check:
    """MSML-63 as printed: the FC deep linear limit is the max-margin direction of an induced norm that
    differs from l2 ('beyond plain linear models'); such a norm is not rotation invariant, so the
    dynamics could not be rotation equivariant."""
    eq = equivariance(prob)
    return holds(not eq.ok, "the fully connected network's GD is not rotation equivariant (needed for a "
                            "non-Euclidean induced-norm bias)", eq.detail)


AUDIT_NORM = Claim(
    id="deep-linear-induced-norm-as-printed",
    title="MSML B.11: deep linear networks converge to max margin 'in an induced norm, beyond plain linear models'",
    statement=("As printed: for deep linear parameterizations W = W_L ... W_1 the direction converges to a "
               "max-margin solution in a norm induced by the product geometry, different from the plain "
               "linear model's."),
    sources=[Source(MSML, "B.11, lines 252, 332", ("MSML-63",))],
    kind="exact",
    area="implicit-bias",
    instances=NETS,
    conclusion=printed_induced_norm,
    proof_idea="A non-Euclidean norm is not rotation invariant, but the dynamics are rotation equivariant.",
    audit=True,
    corrected="deep-linear-rotation-equivariance",
    finding=("For fully connected deep linear networks GD is rotation equivariant (checked exactly), so their "
             "end-to-end predictor converges to the l2 max-margin direction, the same as a linear model (Ji & "
             "Telgarsky 2019); a different norm (l_(2/L)) appears only for diagonal or convolutional "
             "parameterizations."),
    examples=10,
)
test_deep_linear_induced_norm_as_printed = AUDIT_NORM.test()
