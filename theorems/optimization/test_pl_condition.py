"""Linear convergence without convexity (PL, RSI) and what weak quasi-convexity gives instead; the
generalized linear model as the worked example.

Statement.  Let f be L-smooth with minimum value f*.
- PL (book normalization ``||∇f(w)||^2 >= mu (f(w) - f*)``): GD with step ``1/L`` satisfies
  ``f(w_{t+1}) - f* <= (1 - mu/(2L)) (f(w_t) - f*)`` at every step, hence ``(1 - mu/(2L))^t`` after t
  steps; no convexity and no unique minimizer are needed (rank-deficient least squares,
  ``w^2 + a sin^2 w``).
- RSI (``<∇f(w), w - w*> >= mu ||w - w*||^2``): ``||w_{t+1} - w*||^2 <= (1 - 2 eta mu + eta^2 L^2)
  ||w_t - w*||^2`` for every step ``eta``, a contraction for ``0 < eta < 2mu/L^2``.  Strong convexity
  with modulus mu gives RSI with the same mu, and RSI with smoothness gives PL with constant
  ``2 mu^2/L``.
- WQC (``<∇f(w), w - w*> >= mu (f(w) - f*)``) with weak smoothness ``||∇f||^2 <= Gamma (f - f*)`` and
  ``eta = mu/Gamma``: ``||w_{t+1} - w*||^2 <= ||w_t - w*||^2 - (mu^2/Gamma)(f(w_t) - f*)``, hence
  ``min_{t<T} f(w_t) - f* <= Gamma ||w_0 - w*||^2/(mu^2 T)``: an O(1/T) rate, not a geometric one.
- GLM ``y = sigma(w*ᵀx) + eps``, ``E[eps|x] = 0``, ``L(w) = ½E(y - sigma(wᵀx))^2``:
  ``L = ½E eps^2 + ½E(sigma(w*ᵀx) - sigma(wᵀx))^2``, ``∇L = E[(sigma(wᵀx) - sigma(w*ᵀx)) sigma'(wᵀx) x]``;
  for nondecreasing sigma ``<∇L(w), w - w*> >= 0``; if ``sigma' in [alpha, beta]``, ``alpha > 0`` and
  ``E xxᵀ ⪰ lambda I`` then RSI with ``alpha^2 lambda`` and WQC with ``2 alpha/beta``; the surrogate
  ``g(w) = E[tau(wᵀx) - sigma(w*ᵀx) wᵀx]`` (``tau' = sigma``) is convex with ``∇g(w*) = 0``.

Audit.  Claim 6.2.2 says weak quasi-convexity plus smoothness gives a geometric rate.  Every convex
function with a unique minimizer is WQC; GD on the C²-Huberised ``w^4`` is sublinear
(``f(w_t) ~ 9/(4t^2)`` from ``w_0 = 1``).

Sources.  Arora et al., §6.2 Definition 6.2.1 and Claim 6.2.2 with footnotes 3-4 (ARORA-500, -501,
-502), §6.2.1 (ARORA-503, -504, the exercise ARORA-505), §6.2.2 eq. (6.5) (ARORA-506).

Proof ideas.  PL: the descent lemma gives ``f(w_{t+1}) <= f(w_t) - ||∇f||^2/(2L)``, and PL turns the
gradient into the gap.  RSI: expand ``||w - eta∇f - w*||^2`` and use RSI for the cross term and
``||∇f(w)|| <= L||w - w*||`` for the square.  WQC: the same expansion with WQC and weak smoothness,
then telescope.  GLM: ``E[eps|x] = 0`` kills the cross term; the mean value theorem writes the
correlation as ``E[s_x sigma'(wᵀx) z^2]`` with secant slope ``s_x in [alpha, beta]``, ``z = (w - w*)ᵀx``.

Tolerances (``eps = 2^-52``).  Every rate is checked one step at a time from the computed iterate
(the theorems are one-step statements), so no error accumulates: the computed step is within
``delta = 2 eps (||w|| + eta||g||) + eta grad_error`` of the exact one, which moves a value by at most
``(||∇f(w+)|| + grad_error) delta + L delta^2/2`` and a squared distance by ``(2||w+ - w*|| + delta)
delta``; value rounding bounds come from each objective (:mod:`checks.landscape`).  GLM identities are
compared within ``32 (n + d + 8) eps scale`` (:meth:`checks.landscape.GLM.tolerance`); gradients use
complex-step differentiation, exact up to rounding.
"""

from __future__ import annotations

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, close, ge, le
from checks.documents import ARORA
from checks.landscape import EPS, complex_step_grad, step_error
from checks.smooth import Quadratic
from checks.strategies.landscapes import GLMPoint, LandscapeRun, glm_points, pl_runs, rsi_runs, wqc_runs

NORM_ERR = "4 d eps ||.||^2 for the computed squared norms"
UNDERFLOW = 16 * float(np.finfo(float).tiny)
"""Absolute error of a few operations in gradual underflow (iterates that reach ~1e-308 near w*)."""


def _worst(checks: list[Check]) -> Check:
    return max(checks, key=lambda c: c.ratio)


def _iterates(r: LandscapeRun) -> list[np.ndarray]:
    w, out = np.array(r.w0, dtype=float), []
    out.append(w)
    for _ in range(r.steps):
        w = w - r.eta * r.obj.grad(w)
        out.append(w)
    return out


def _f_star(obj) -> float:
    return float(obj.f_min) if isinstance(obj, Quadratic) else float(obj.f_star)


def _w_star(obj) -> np.ndarray:
    return obj.center if isinstance(obj, Quadratic) else obj.w_star()


def _pl_mu(obj) -> float:
    if isinstance(obj, Quadratic):
        return 2 * float(np.min(obj.lam[obj.lam > 0]))        # ||Hz||^2 >= lam_min^+ zᵀHz = 2 lam^+ (f - f*)
    return obj.pl


def _value_move(obj, w_next: np.ndarray, delta: float) -> float:
    """How much ``f`` can differ between the computed and the exact next iterate."""
    g = float(np.linalg.norm(obj.grad(w_next))) + obj.grad_error(w_next)
    return g * delta + obj.L * delta * delta / 2


# ---------------------------------------------------------------------------------------------- PL
def pl_checks(r: LandscapeRun, rate=lambda mu, L: 1 - mu / (2 * L)) -> list[Check]:
    obj, f_star = r.obj, _f_star(r.obj)
    q = rate(_pl_mu(obj), obj.L)
    ws, out = _iterates(r), []
    why = "value rounding at w_t, w_t+1 + (||∇f|| delta + L delta^2/2) for the computed step + underflow"
    for t in range(r.steps):
        w, w1 = ws[t], ws[t + 1]
        tol = (obj.value_error(w) + obj.value_error(w1) + _value_move(obj, w1, step_error(obj, w, r.eta))
               + UNDERFLOW)
        out.append(le(obj.value(w1) - f_star, q * (obj.value(w) - f_star), tol,
                      label=f"f(w_t+1) - f* <= {q:.6g} (f(w_t) - f*) at t = {t}", why=why))
    return [_worst(out)]


def min_norm_limit(r: LandscapeRun) -> Check:
    """Mutant: GD from any start approaches the minimum-norm minimizer ``P_row c`` (within the
    distance the PL rate allows for the row-space part)."""
    obj = r.obj
    ws = _iterates(r)
    pos = obj.lam > 0
    P = obj.Q[:, pos] @ obj.Q[:, pos].T
    w_mn = P @ obj.center
    q = 1 - _pl_mu(obj) / (2 * obj.L)
    gap0 = obj.value(r.w0) - _f_star(obj)
    radius = np.sqrt(2 * q ** r.steps * gap0 / float(np.min(obj.lam[pos])))
    return le(float(np.linalg.norm(ws[-1] - w_mn)), float(radius), 1e-6 * (1 + float(np.linalg.norm(w_mn))),
              label="||w_T - w_min-norm|| <= row-space radius", why="1e-6 (1 + ||w_mn||), far above rounding")


PL = Claim(
    id="pl-linear-rate",
    title="PL + smoothness: GD with step 1/L contracts f - f* by 1 - mu/(2L) at every step",
    statement="If f is L-smooth and ||∇f(w)||^2 >= mu (f(w) - f*) for all w, then GD with eta = 1/L satisfies "
              "f(w_{t+1}) - f* <= (1 - mu/(2L)) (f(w_t) - f*) for every t, so f(w_t) - f* <= (1 - mu/(2L))^t "
              "(f(w_0) - f*); convexity and a unique minimizer are not needed",
    sources=[Source(ARORA, "§6.2 Definition 6.2.1 (PL) and Claim 6.2.2 (PL part, footnote 4)", ("ARORA-500",))],
    kind="numeric",
    area="optimization",
    instances=pl_runs(),
    conclusion=pl_checks,
    proof_idea="Descent lemma at eta = 1/L: f(w_{t+1}) <= f(w_t) - ||∇f(w_t)||^2/(2L) <= f(w_t) - mu (f(w_t) - f*)/(2L). "
               "For least squares mu = 2 lam_min^+(AᵀA) and the bottom eigendirection gives the per-step factor "
               "(1 - lam^+/L)^2, within a square of the bound.",
    mutants=[
        Mutant("rate-one-minus-mu-over-l", "along the bottom eigenvector of ½ zᵀHz the factor is (1 - lam/L)^2 > 1 - 2lam/L",
               conclusion=lambda r: pl_checks(r, rate=lambda mu, L: 1 - mu / L)),
        Mutant("step-five-halves-over-l", "with eta = 2.5/L the top eigencomponent is multiplied by -1.5 each step",
               instances=pl_runs(eta_factor=2.5)),
        Mutant("min-norm-limit", "GD keeps the null-space component of w_0, so it converges to the minimum-norm "
                                 "minimizer only from the row space",
               conclusion=min_norm_limit, instances=pl_runs(rank_deficient=True)),
    ],
    examples=60,
)
test_pl_linear_rate = PL.test()


# --------------------------------------------------------------------------------------------- RSI
def _rsi_mu(obj) -> float:
    return float(obj.mu)


def rsi_checks(r: LandscapeRun, factor=lambda eta, mu, L: 1 - 2 * eta * mu + eta ** 2 * L ** 2,
               implications: bool = True) -> list[Check]:
    obj, ws = r.obj, _iterates(r)
    w_star, f_star, mu, L = _w_star(obj), _f_star(obj), _rsi_mu(obj), obj.L
    q = factor(r.eta, mu, L)
    d = obj.dim
    rate, rsi, pl = [], [], []
    for t in range(r.steps):
        w, w1 = ws[t], ws[t + 1]
        z, z1 = w - w_star, w1 - w_star
        r2, r12 = float(z @ z), float(z1 @ z1)
        delta = step_error(obj, w, r.eta)
        tol = (2 * np.sqrt(r12) + delta) * delta + 4 * d * EPS * (r2 + r12) * (1 + abs(q)) + UNDERFLOW
        rate.append(le(r12, q * r2, tol, label=f"||w_t+1 - w*||^2 <= {q:.6g} ||w_t - w*||^2 at t = {t}",
                       why="(2||w_t+1 - w*|| + delta) delta + " + NORM_ERR + " + underflow"))
        if implications:
            g = obj.grad(w)
            ge_ = obj.grad_error(w) * np.sqrt(r2)
            rsi.append(ge(float(g @ z), mu * r2, ge_ + 4 * d * EPS * (abs(float(g @ z)) + mu * r2) + UNDERFLOW,
                          label=f"RSI <∇f, w - w*> >= mu ||w - w*||^2 at t = {t}", why="grad_error ||z|| + dot rounding"))
            gn = float(np.linalg.norm(g))
            pl.append(ge(gn * gn, 2 * mu * mu / L * (obj.value(w) - f_star),
                         2 * gn * obj.grad_error(w) + 2 * mu * mu / L * obj.value_error(w) + 4 * d * EPS * gn * gn + UNDERFLOW,
                         label=f"implied PL ||∇f||^2 >= (2mu^2/L)(f - f*) at t = {t}",
                         why="gradient and value rounding"))
    return [_worst(c) for c in (rate, rsi, pl) if c]


RSI = Claim(
    id="rsi-distance-contraction",
    title="RSI + smoothness: ||w_t - w*||^2 contracts by 1 - 2 eta mu + eta^2 L^2 per GD step",
    statement="If <∇f(w), w - w*> >= mu ||w - w*||^2 for all w and f is L-smooth with ∇f(w*) = 0, then GD with step "
              "eta satisfies ||w_{t+1} - w*||^2 <= (1 - 2 eta mu + eta^2 L^2) ||w_t - w*||^2 (a contraction for "
              "0 < eta < 2mu/L^2; (1 - mu^2/L^2) at eta = mu/L^2).  Strong convexity gives RSI with the same mu, and "
              "RSI + smoothness gives PL: ||∇f||^2 >= (2 mu^2/L)(f - f*)",
    sources=[Source(ARORA, "§6.2 Definition 6.2.1 (RSI) and Claim 6.2.2 (RSI part, footnote 4)", ("ARORA-501",))],
    kind="numeric",
    area="optimization",
    instances=rsi_runs(),
    conclusion=rsi_checks,
    proof_idea="||w - eta∇f - w*||^2 = ||w - w*||^2 - 2 eta <∇f, w - w*> + eta^2 ||∇f||^2 with RSI for the cross term and "
               "||∇f(w)|| = ||∇f(w) - ∇f(w*)|| <= L||w - w*||.  Cauchy–Schwarz on RSI gives ||∇f|| >= mu||w - w*||, and "
               "f - f* <= (L/2)||w - w*||^2.  The nonconvex example ½||w||^2 + a sum(1 - cos w_i) has "
               "mu = 1 + a min sin(u)/u.",
    mutants=[
        Mutant("factor-one-minus-mu-over-l", "at eta = mu/L^2 the bottom eigendirection of a quadratic contracts by "
                                             "(1 - mu^2/L^2)^2 > 1 - mu/L when mu/L < 0.618",
               conclusion=lambda r: rsi_checks(r, factor=lambda eta, mu, L: 1 - mu / L, implications=False),
               instances=rsi_runs(step="mu/L^2")),
        Mutant("mu-doubled", "along the bottom eigenvector the factor is (1 - eta mu)^2 > 1 - 4 eta mu + eta^2 L^2",
               conclusion=lambda r: rsi_checks(r, factor=lambda eta, mu, L: 1 - 4 * eta * mu + eta ** 2 * L ** 2,
                                               implications=False)),
        Mutant("any-step-below-2-over-l", "at eta = 1.99/L the top eigencomponent contracts only by 0.99^2, more than "
                                          "1 - mu^2/L^2 once mu/L > 0.141",
               conclusion=lambda r: rsi_checks(r, factor=lambda eta, mu, L: 1 - mu ** 2 / L ** 2, implications=False),
               instances=rsi_runs(step="1.99/L", min_ratio=0.2)),
    ],
    examples=60,
)
test_rsi_distance_contraction = RSI.test()


# --------------------------------------------------------------------------------------------- WQC
def _wqc_steps(r: LandscapeRun) -> tuple[list[np.ndarray], list[float], list[float]]:
    obj, ws = r.obj, _iterates(r)
    w_star, f_star = obj.w_star(), obj.f_star
    gaps = [obj.value(w) - f_star for w in ws]
    tols = []
    for t in range(r.steps):
        z1 = ws[t + 1] - w_star
        delta = step_error(obj, ws[t], r.eta)
        tols.append((2 * float(np.linalg.norm(z1)) + delta) * delta
                    + 4 * obj.dim * EPS * (float(ws[t] @ ws[t]) + float(z1 @ z1)) + UNDERFLOW)
    return ws, gaps, tols


def wqc_checks(r: LandscapeRun, rate=lambda T: 1 / T) -> list[Check]:
    obj = r.obj
    mu, gamma = obj.wqc, obj.gamma
    ws, gaps, tols = _wqc_steps(r)
    w_star = obj.w_star()
    c = mu * mu / gamma
    per_step = []
    for t in range(r.steps):
        z, z1 = ws[t] - w_star, ws[t + 1] - w_star
        per_step.append(le(float(z1 @ z1), float(z @ z) - c * gaps[t], tols[t] + c * obj.value_error(ws[t]),
                           label=f"||w_t+1 - w*||^2 <= ||w_t - w*||^2 - (mu^2/Gamma)(f(w_t) - f*) at t = {t}",
                           why="(2||w_t+1 - w*|| + delta) delta + " + NORM_ERR + " + value rounding + underflow"))
    T = r.steps
    R2 = float((r.w0 - w_star) @ (r.w0 - w_star))
    best = min(gaps[:T])
    tol = (sum(tols) + 4 * obj.dim * EPS * R2) / (c * T) + max(obj.value_error(w) for w in ws[:T]) + UNDERFLOW
    final = le(best, R2 * rate(T) / c, tol, label=f"min_(t<T) f(w_t) - f* <= Gamma ||w_0 - w*||^2 rate(T)/mu^2, T = {T}",
               why="sum of the per-step tolerances / (mu^2 T/Gamma) + value rounding")
    return [_worst(per_step), final]


WQC = Claim(
    id="wqc-sublinear-rate",
    title="Weak quasi-convexity + weak smoothness: GD reaches min_t f(w_t) - f* <= Gamma||w_0 - w*||^2/(mu^2 T)",
    statement="If <∇f(w), w - w*> >= mu (f(w) - f*) and ||∇f(w)||^2 <= Gamma (f(w) - f*) for all w, GD with eta = mu/Gamma "
              "satisfies ||w_{t+1} - w*||^2 <= ||w_t - w*||^2 - (mu^2/Gamma)(f(w_t) - f*), hence min_{t<T} f(w_t) - f* "
              "<= Gamma ||w_0 - w*||^2/(mu^2 T)",
    sources=[Source(ARORA, "§6.2 Claim 6.2.2, WQC part with the smoothness of footnote 3 (corrected: O(1/T))",
                    ("ARORA-502",))],
    kind="proxy",
    proxy="'O(1/T)' is the explicit bound at the last step T <= 200 together with the one-step inequality at every step",
    area="optimization",
    instances=wqc_runs(),
    conclusion=wqc_checks,
    proof_idea="||w - eta∇f - w*||^2 = ||w - w*||^2 - 2 eta <∇f, w - w*> + eta^2 ||∇f||^2 <= ||w - w*||^2 - (2 eta mu - "
               "eta^2 Gamma)(f - f*), maximal at eta = mu/Gamma; sum over t < T.  Huberised powers |x|^p are convex, hence "
               "2-WQC, with Gamma = 2p(p - 1) (approached at infinity).",
    mutants=[
        Mutant("rate-over-t-squared", "GD on the Huberised w^6 gives f(w_t) of order t^(-3/2), above C/T^2 for large T",
               conclusion=lambda r: wqc_checks(r, rate=lambda T: 1 / T ** 2),
               instances=wqc_runs(powers=(6,), min_steps=250, max_steps=300, sine=False)),
        Mutant("step-2-mu-over-gamma", "at eta = 2mu/Gamma the descent term 2 eta mu - eta^2 Gamma vanishes: on w^2 "
                                       "the top coordinate flips sign forever",
               instances=wqc_runs(powers=(2,), eta_factor=2.0, sine=False)),
    ],
    examples=50,
)
test_wqc_sublinear_rate = WQC.test()


def printed_geometric_rate(r: LandscapeRun) -> Check:
    """Claim 6.2.2 for WQC as printed, read with the natural factor: ``f(w_T) - f* <= (1 - mu^2/(2 Gamma))^T
    (f(w_0) - f*)`` (any fixed factor below 1 fails the same way on the Huberised w^4)."""
    obj = r.obj
    mu, gamma = obj.wqc, obj.gamma
    ws, gaps, tols = _wqc_steps(r)
    q = 1 - mu * mu / (2 * gamma)
    tol = obj.value_error(ws[-1]) + q ** r.steps * obj.value_error(ws[0]) + obj.L * sum(tols)
    return le(gaps[-1], q ** r.steps * gaps[0], tol, label=f"f(w_T) - f* <= {q:.6g}^T (f(w_0) - f*), T = {r.steps}",
              why="value rounding + L * accumulated step errors (a generous bound)")


WQC_PRINTED = Claim(
    id="wqc-geometric-rate-as-printed",
    title="Arora et al., Claim 6.2.2: weakly quasi-convex + smooth => geometric rate (as printed)",
    statement="If f is weakly quasi-convex (<∇f(w), w - w*> >= mu (f(w) - f*)) and smooth in the sense of [HMR18], "
              "GD converges to the global minimum at a geometric rate: f(w_T) - f* <= q^T (f(w_0) - f*) with "
              "q = 1 - mu^2/(2 Gamma) < 1",
    sources=[Source(ARORA, "§6.2 Claim 6.2.2 (WQC part), footnotes 3-4", ("ARORA-502",))],
    kind="numeric",
    area="optimization",
    instances=wqc_runs(),
    conclusion=printed_geometric_rate,
    proof_idea="False: convex functions with a unique minimizer are WQC, and those with a degenerate minimum are sublinear.",
    audit=True,
    corrected="wqc-sublinear-rate",
    finding="Weak quasi-convexity with (weak) smoothness gives only O(1/T).  The C² Huberised w^4 (w^4 on |w| <= 1, "
            "6w^2 - 8|w| + 3 outside) is convex, 2-WQC, 12-smooth with ||f'||^2 <= 24 f; GD with eta = mu/Gamma = 1/12 "
            "follows w_{t+1} = w_t - w_t^3/3 near 0 and f(w_t) t^2 -> 9/4, so no factor q < 1 bounds it.  Geometric "
            "rates need PL or RSI; WQC gives min_{t<T} f(w_t) - f* <= Gamma ||w_0 - w*||^2/(mu^2 T).",
    examples=50,
)
test_wqc_geometric_rate_as_printed = WQC_PRINTED.test()


# --------------------------------------------------------------------------------------------- GLM
def decomposition_checks(p: GLMPoint) -> list[Check]:
    glm, w = p.glm, p.w
    tol = glm.tolerance(w)
    why = "32 (n + d + 8) eps scale"
    return [close(float(glm.loss(w)), glm.decomposition(w), tol, label="L(w) = ½E eps^2 + ½E(sigma* - sigma)^2", why=why),
            close(complex_step_grad(glm.loss, w), glm.grad_formula(w), tol,
                  label="∇L(w) = E[(sigma(wᵀx) - sigma(w*ᵀx)) sigma'(wᵀx) x]", why=why + " (complex step)")]


def _grad_only(p: GLMPoint, formula) -> Check:
    glm, w = p.glm, p.w
    return close(complex_step_grad(glm.loss, w), formula(glm, w), glm.tolerance(w), label="gradient formula",
                 why="32 (n + d + 8) eps scale")


DECOMPOSITION = Claim(
    id="glm-loss-decomposition",
    title="GLM: the square loss splits into noise plus link error, and the noise drops out of the gradient",
    statement="If y = sigma(w*ᵀx) + eps with E[eps|x] = 0, then L(w) = ½E(y - sigma(wᵀx))^2 = ½E eps^2 + "
              "½E_x(sigma(w*ᵀx) - sigma(wᵀx))^2 and ∇L(w) = E_x[(sigma(wᵀx) - sigma(w*ᵀx)) sigma'(wᵀx) x]",
    sources=[Source(ARORA, "§6.2.1, eqs. (6.3)-(6.4) and the gradient display", ("ARORA-503",))],
    kind="numeric",
    area="optimization",
    instances=glm_points(),
    conclusion=decomposition_checks,
    proof_idea="Expand (eps + sigma* - sigma)^2; the cross term E[eps (sigma* - sigma)] = E[(sigma* - sigma) E[eps|x]] = 0. "
               "Differentiate the second term under the (finite) expectation.",
    mutants=[
        Mutant("noise-with-mean", "with E[eps|x] = c != 0 the cross term E[c (sigma* - sigma)] survives",
               instances=glm_points(shifted=True, tight=False)),
        Mutant("gradient-without-link-derivative", "E[(sigma - sigma*) x] is ∇g of the surrogate, not ∇L",
               conclusion=lambda p: _grad_only(p, lambda g, w: g.surrogate_grad_formula(w)),
               instances=glm_points(links=("tanh", "sigmoid"), tight=False)),
        Mutant("link-derivative-at-w-star", "sigma'(w*ᵀx) in place of sigma'(wᵀx) is not the derivative",
               conclusion=lambda p: _grad_only(p, lambda g, w: g.grad_formula(w, at_star=True)),
               instances=glm_points(links=("tanh", "sigmoid"), tight=False)),
    ],
    examples=40,
)
test_glm_loss_decomposition = DECOMPOSITION.test()


def correlation_checks(p: GLMPoint, strict: bool = False) -> Check:
    glm, w = p.glm, p.w
    ip = float(complex_step_grad(glm.loss, w) @ (w - glm.w_star))
    tol = glm.tolerance(w) * float(np.linalg.norm(w - glm.w_star, 1))
    if strict:
        return ge(ip, tol, label="<∇L(w), w - w*> > 0 (strict, beyond rounding)", why="rounding of the inner product")
    return ge(ip, 0.0, tol, label="<∇L(w), w - w*> >= 0", why="tolerance(w) ||w - w*||_1")


CORRELATION = Claim(
    id="glm-gradient-correlation",
    title="GLM with a nondecreasing link: the negative gradient points toward w*",
    statement="If sigma is nondecreasing and differentiable and E[eps|x] = 0, then <∇L(w), w - w*> = "
              "E_x[s_x sigma'(wᵀx) ((w - w*)ᵀx)^2] >= 0 for every w (s_x the secant slope of sigma)",
    sources=[Source(ARORA, "§6.2.1, after the gradient display", ("ARORA-504",))],
    kind="numeric",
    area="optimization",
    instances=glm_points(),
    conclusion=correlation_checks,
    proof_idea="sigma(wᵀx) - sigma(w*ᵀx) = s_x (w - w*)ᵀx with s_x >= 0 (mean value theorem), and sigma' >= 0.  Only >= 0: "
               "designs orthogonal to w - w* (or flat links) give 0, so positivity needs more (ARORA-505).",
    mutants=[
        Mutant("non-monotone-link", "for sigma = sin, w*ᵀx = 0 and wᵀx = 2.5, (sin 2.5) cos(2.5) 2.5 < 0",
               instances=glm_points(links=("sin",), scale=(1.5, 4.0), tight=False)),
        Mutant("strictly-positive", "a design in a hyperplane normal to w - w* makes the correlation exactly 0",
               conclusion=lambda p: correlation_checks(p, strict=True), instances=glm_points(family="hyperplane")),
    ],
    examples=40,
)
test_glm_gradient_correlation = CORRELATION.test()


def glm_rsi_checks(p: GLMPoint, mu_of=lambda a, b, lam: a * a * lam, tau_of=lambda a, b: 2 * a / b) -> list[Check]:
    glm, w = p.glm, p.w
    z = w - glm.w_star
    lam = float(np.linalg.eigvalsh(glm.second_moment())[0])
    ip = float(complex_step_grad(glm.loss, w) @ z)
    gap = float(glm.loss(w) - glm.loss(glm.w_star))
    zz = float(z @ z)
    n, d = glm.X.shape
    tol = glm.tolerance(w) * float(np.linalg.norm(z, 1)) + 8 * d * EPS * zz * float(np.max(np.abs(glm.second_moment())))
    why = "GLM tolerance ||w - w*||_1 + eigenvalue rounding 8 d eps ||E xxᵀ||_max ||w - w*||^2"
    a, b = glm.alpha, glm.beta
    return [ge(ip, mu_of(a, b, lam) * zz, tol, label="RSI <∇L, w - w*> >= alpha^2 lambda ||w - w*||^2", why=why),
            ge(ip, tau_of(a, b) * gap, tol + 2 * glm.tolerance(w), label="WQC <∇L, w - w*> >= (2 alpha/beta)(L(w) - L(w*))",
               why=why + " + loss rounding")]


GLM_RSI = Claim(
    id="glm-rsi-wqc",
    title="GLM with sigma' in [alpha, beta] and E xxᵀ ⪰ lambda I: RSI with alpha^2 lambda and WQC with 2alpha/beta",
    statement="If sigma' takes values in [alpha, beta] with alpha > 0, E xxᵀ ⪰ lambda I and E[eps|x] = 0, then "
              "<∇L(w), w - w*> >= alpha^2 lambda ||w - w*||^2 and <∇L(w), w - w*> >= (2 alpha/beta)(L(w) - L(w*))",
    sources=[Source(ARORA, "§6.2.1, the exercise completing the RSI/WQC argument", ("ARORA-505",))],
    kind="numeric",
    area="optimization",
    instances=glm_points(links=("ramp", "linear")),
    conclusion=glm_rsi_checks,
    proof_idea="With z = (w - w*)ᵀx and secant slope s_x in [alpha, beta]: <∇L, w - w*> = E[s_x sigma'(wᵀx) z^2] >= alpha^2 "
               "E z^2 >= alpha^2 lambda ||w - w*||^2, and L(w) - L(w*) = ½E[s_x^2 z^2] <= (beta/(2 alpha)) E[s_x sigma' z^2]. "
               "Equality in RSI for a linear link and an isotropic design.",
    mutants=[
        Mutant("mu-alpha-lambda", "a linear link alpha u (alpha < 1) on an isotropic design gives exactly "
                                  "alpha^2 lambda ||w - w*||^2 < alpha lambda ||w - w*||^2",
               conclusion=lambda p: glm_rsi_checks(p, mu_of=lambda a, b, lam: a * lam)),
        Mutant("wqc-constant-two", "one atom with w*ᵀx >> 0 >> wᵀx has sigma'(wᵀx) ~ alpha below the secant slope, "
                                   "so the ratio is near 2 sigma'/s_x < 2",
               conclusion=lambda p: glm_rsi_checks(p, tau_of=lambda a, b: 2.0)),
    ],
    examples=40,
)
test_glm_rsi_wqc = GLM_RSI.test()


def surrogate_checks(p: GLMPoint, surrogate=None) -> list[Check]:
    glm, w = p.glm, p.w
    fun = surrogate(glm) if surrogate else glm.surrogate
    tol = glm.tolerance(w)
    tol_star = glm.tolerance(glm.w_star)
    why = "32 (n + d + 8) eps scale"
    H = glm.surrogate_hessian(w)
    lam = float(np.linalg.eigvalsh(H)[0])
    return [close(complex_step_grad(fun, w), glm.surrogate_grad_formula(w), tol,
                  label="∇g(w) = E[(sigma(wᵀx) - sigma(w*ᵀx)) x]", why=why + " (complex step)"),
            close(complex_step_grad(fun, glm.w_star), np.zeros_like(w), tol_star, label="∇g(w*) = 0", why=why),
            ge(lam, 0.0, 8 * glm.X.shape[1] * EPS * float(np.max(np.abs(H))) + tol,
               label="lambda_min(∇²g(w)) = lambda_min(E[sigma'(wᵀx) x xᵀ]) >= 0", why="eigenvalue rounding + " + why)]


SURROGATE = Claim(
    id="glm-convex-surrogate",
    title="GLM: the surrogate g(w) = E[tau(wᵀx) - sigma(w*ᵀx) wᵀx] is convex with ∇g(w*) = 0",
    statement="For nondecreasing sigma with antiderivative tau, g(w) = E_x[tau(wᵀx) - sigma(w*ᵀx) wᵀx] has ∇g(w) = "
              "E[(sigma(wᵀx) - sigma(w*ᵀx)) x] = E[(sigma(wᵀx) - y) x], ∇²g(w) = E[sigma'(wᵀx) x xᵀ] ⪰ 0, so g is convex and "
              "w* is a global minimizer",
    sources=[Source(ARORA, "§6.2.2, eq. (6.5)", ("ARORA-506",))],
    kind="numeric",
    area="optimization",
    instances=glm_points(links=("tanh", "sigmoid", "linear")),
    conclusion=surrogate_checks,
    proof_idea="Differentiate under the finite expectation: tau' = sigma, sigma' >= 0 makes every term of the Hessian "
               "PSD; the gradient vanishes at w* term by term.",
    mutants=[
        Mutant("non-monotone-link", "for sigma = sin the Hessian E[cos(wᵀx) x xᵀ] is negative definite where cos(wᵀx) < 0",
               instances=glm_points(links=("sin",), scale=(1.5, 4.0), tight=False)),
        Mutant("surrogate-sigma-times-u", "g with sigma(wᵀx) wᵀx in place of tau(wᵀx) has gradient "
                                          "E[(sigma + sigma' u - sigma*) x], not E[(sigma - sigma*) x]",
               conclusion=lambda p: surrogate_checks(
                   p, surrogate=lambda g: (lambda v: np.sum(g.prob * (g.sigma(g.X @ v) - g.sigma(g.X @ g.w_star))
                                                         * (g.X @ v))))),
        Mutant("loss-gradient-equals-surrogate-gradient", "∇L carries the factor sigma'(wᵀx) that ∇g lacks",
               conclusion=lambda p: surrogate_checks(p, surrogate=lambda g: g.loss),
               instances=glm_points(links=("tanh", "sigmoid"), tight=False)),
    ],
    examples=40,
)
test_glm_convex_surrogate = SURROGATE.test()
