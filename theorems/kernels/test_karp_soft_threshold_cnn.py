"""Karp Theorem 3.1 and its lemmas: the one-filter soft-threshold CNN and the local signal (thesis
Sec. 3.3–3.4, App. B.1).

Statement.  The CNN ``f(X) = sum_i phi_b(<w, X_i>)``, ``phi_b(z) = ReLU(z + b) - ReLU(-z + b)``, trained by
SGD on the logistic loss from ``b = 0`` and a tiny ``w``, reaches error <= 0.01 for ``k >= k_0``
(Theorem 3.1).  In the reduced coordinates ``c = w·w*``, ``v = ||w_perp||``, ``s = sqrt(c^2+v^2) sigma``,
``alpha = |b|/s``, ``g = phi_b(c)``, ``y f = g + y S``, the proof rests on state-level lemmas:
- one filter represents the target: ``(w*, b = -tau)`` has error in ``[(1/4)(1 - (1 - 2 Phi^c(1/sigma))^k),
  B(k, tau)]``, below 0.01 for some ``tau`` once ``k >= 789`` and for no ``tau`` when ``k <= 689``;
- the gradient formulas and the reduction (App. B.1.1), with ``grad_w E l in span{w*, w_perp}``;
- Lemma B.5: ``alpha > 2 sqrt(ln k)`` forces error < 0.01 when ``c > |b|`` and ``k > 200``;
- Lemma B.7's chain ``E l >= (c + b) P[S >= 2(c + b)]`` for ``c >= |b|``;
- Lemma 3.1: for ``b >= -|c|``, ``grad_w E l · w* = (1) + (2)`` with ``0 <= sign(c)(1) <= |c| k sigma^2
  (1 + 1.5 alpha lambda(alpha)) Phi(b/s)`` and ``(2) = -m E sigmoid(-yf) <= -m sigmoid(-max(g, 0))``
  (``m >= 1`` signal indicators), hence ``<= -1/4`` on ``|c| <= H/ln^4 k``, ``alpha <= 2 sqrt(ln k)`` once
  ``k >= k_0(H)`` (``k_0(1) = e^{24.4}``);
- Lemma 3.2: ``0 <= g_perp <= v k sigma^2 (1 + 1.5 alpha lambda(alpha)) Phi(b/s)`` at every state;
- Lemma 3.3's decomposition ``grad_b E l = N - E sigmoid(-yf)`` (``c > |b|``) with
  ``0 <= N <= k min(E[|S_1| 1{|Z_1| > b_+}]/4, P[|Z_1| > |b|]/2)``;
- the order bookkeeping (``k sigma^2 = ln^2 k``, ``ln^{-4} k > k^{-1/8}`` only for ``ln k > 163.0``, ...)
  and the iteration counts ``T_1``, ``T_2`` of the proof;
- at the noise level ``sigma = 1`` of Figure 3.3 no soft-threshold CNN has error below 0.45 (k >= 1000).

Sources.  Karp, *Adapting to Structure and Using Structure to Adapt* (PhD thesis, CMU, 2024): Sec. 3.3
(KARP-13), Sec. 3.4 and Figure 3.3 (KARP-31, KARP-32), App. B.1.1 (KARP-15), App. B.1.3 Lemmas B.5,
B.7, 3.1, 3.2, 3.3 (KARP-22, KARP-25, KARP-27, KARP-28, KARP-30) and the proof of Theorem 3.1
(KARP-33).

Proof ideas.  ``A_i, B_i`` are i.i.d. ``N(0, sigma^2)``; reflecting one ``Z_i`` (``S_i`` is odd) pairs the
terms of each derivative into ``sigma(u + |S_i|) - sigma(u - |S_i|) in [0, min(1, |S_i|/2)]``; Gaussian
conditioning ``E[A_i | Z_i] = Z_i c/(c^2 + v^2)``; truncated-normal moments; Jensen for the convex loss.

How it is checked.  Each state-level statement is a deterministic inequality between closed forms
(Gaussian integrals of piecewise polynomials, mpmath) and *certified* bounds on the quantities that
involve the sum ``S`` (error, loss, derivatives): a statement is checked with the bound on the side that
makes a violation real, and a mutant or a printed statement is refuted only by a bound on the other
side (``checks.local_signal``).  Pointwise inequalities of the proofs are checked on sampled rows.

Audits.  The trajectory lemmas are stated "for all t <= T" but proved for an arbitrary state, and four
of them silently need a hypothesis (AUDIT.md): Lemma B.5 needs ``c > |b|``; Lemma B.7 needs error
>= 0.01; Lemma 3.1 needs ``b >= -|c|``; Lemma 3.3 needs error >= 0.01 -- and even with it, it fails at
``k = 10^3`` (``c = 1, b = -0.6``: error about 0.04, ``grad_b E l < -0.3``), so its ``k_0`` is essential.
The proof's ``T_2`` is mis-parenthesized.  Each is checked as printed beside its corrected form.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import numpy as np
import sympy
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from scipy import optimize, special

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.coverage import Uncovered
from checks.documents import KARP
from checks.linalg import EPS
from checks.local_signal import (State, bias_noise_bounds, cnn_difference_quotients, cnn_gradients, cnn_output,
                                 error_bounds, inverse_mills, loss_bounds, mean_sigmoid_bounds,
                                 noise_pull_bounds, noise_std, norm_sf, sample_images, sample_reduced, sigmoid,
                                 soft_abs_moment, soft_cross_moments, soft_threshold, soft_threshold_derivatives,
                                 sum_tail_lower, unit_vector)
from checks.stats import rate_le
from checks.strategies.local_signal import (ChainDraw, Hypothesized, NetworkDraw, PhaseDraw, Sampled, SampledState,
                                            alpha_states, certified_error_states, certified_loss_states, general_states,
                                            log_integers, log_uniform, negative_bias_states, network_draws,
                                            phase_draws, ratio_states, sampled, sampled_states, small_states)


# --------------------------------------------------------------------------- rounding allowances
#
# Every floating-point tolerance below counts roundings: a correctly rounded operation errs by at most EPS/2
# relative, a library function (log1p, expm1, exp, erfcx) by about one ulp, and an mpmath value (>= 40 digits)
# reaches a double with one rounding.  The counts are upper bounds; none is tuned to the instances.

SUBNORMAL = 2.0 ** -1074
"""The spacing of the subnormal doubles: a closed form that underflows below 2^-1022 keeps only an absolute
accuracy of a few spacings (times the factor it is multiplied by)."""


def ndtr_rounding(x: float) -> float:
    """Relative rounding bound of ``special.ndtr`` at a double ``x`` (so of ``norm_sf(-x)``): the rounding of
    ``x/sqrt 2`` and of its square inside erfc, each amplified by ``|d ln Phi(x)/d ln x| = |x| phi(x)/Phi(x) <=
    1 + x^2``, plus a few ulps of erfc itself: ``(8 + 2 x^2) EPS`` (about twice the worst error against
    mpmath on ``[-37.5, 8]``; below -37.5 the value is subnormal, see :data:`SUBNORMAL`)."""
    return (8 + 2 * x * x) * EPS


def pull_rounding(state: State) -> float:
    """Relative rounding bound of the closed forms of Lemmas 3.1/3.2 (``noise_pull_bounds``' upper value and
    chain, ``soft_cross_moments``' ``R`` and ``Q``), all evaluated at the same double ``beta = b/s``: the
    mpmath moments reach double with one rounding each; ``s^2/(c^2 + v^2)`` against ``sigma^2`` (hypot, log,
    sqrt, a division, two squares) and the remaining products, sums and the factor ``v`` take at most 24
    roundings (12 EPS), erfcx in the inverse Mills ratio about 2 ulps (measured 2.04 EPS), and ``Phi(b/s)``
    :func:`ndtr_rounding` at ``|b/s| = alpha``: ``(12 + 2 + 8 + 2 alpha^2) EPS``, rounded up to
    ``(24 + 2 alpha^2) EPS``."""
    return 16 * EPS + ndtr_rounding(state.alpha)


NOT_CHECKED = (
    Uncovered("KARP-14", area="kernels", checkable="asymptotic",
              reason="Theorem 3.1 asserts error <= 0.01 only for k >= an unspecified k_0, with poly(k) samples, "
                     "learning rate 1/poly(k) and poly(k) SGD steps; there is no finite statement with explicit "
                     "constants (the proof's own thresholds need ln k >= 24 for Lemma 3.1 and ln k >= 163 to link "
                     "its phases, see karp-order-bookkeeping), and a faithful simulation (k >= 1e3 rows, batches of "
                     "hundreds of fresh images, ~1e4 steps) is far beyond this suite's budget; its lemmas are checked "
                     "at the state level instead"),
    Uncovered("KARP-42", area="kernels", checkable="no",
              reason="the remark that the results 'trivially extend' to several orthogonal features specifies "
                     "neither the label rule nor the class of coefficients, so there is no statement to compute"),
)


# --------------------------------------------------------------------------- KARP-13: one filter represents the target

def representation_floor(k: int) -> float:
    """Levy's bound for ``(w*, -tau)``: a noise row beyond ``g + tau = 1`` has probability ``2 Phi^c(1/sigma)``, so
    ``error >= (1 - (1 - 2 Phi^c(1/sigma))^k)/4`` for every ``tau``."""
    q = 2 * norm_sf(1 / noise_std(k))
    return -0.25 * math.expm1(k * math.log1p(-q))


def threshold_bound(k: int, tau: float) -> float:
    """An explicit bound on the error of ``(w*, -tau)``: ``P[S >= 1 - tau] <= min(P[S != 0]/2,
    k E|S_1| / (2(1 - tau)))`` (symmetry, then Markov on ``|S|``)."""
    sigma = noise_std(k)
    union = -0.5 * math.expm1(k * math.log1p(-2 * norm_sf(tau / sigma)))
    return min(union, k * soft_abs_moment(sigma, -tau, 1) / (2 * (1 - tau)))


_TAUS = tuple(1 - np.geomspace(0.95, 1e-6, 40))


def best_threshold(k: int) -> tuple[float, float]:
    """``(tau, bound)`` minimizing :func:`threshold_bound` over a grid of thresholds accumulating at 1."""
    return min(((tau, threshold_bound(k, tau)) for tau in _TAUS), key=lambda t: t[1])


def represents(k: int) -> list[Check]:
    tau, upper = best_threshold(k)
    return [le(upper, 0.01, label=f"k = {k}: (w*, b = -{tau:.4f}) has error <= {upper:.4g} <= 0.01"),
            le(representation_floor(k), upper, label="the floor (1 - (1 - 2 Phi^c(1/sigma))^k)/4 <= the error")]


REPRESENTS = Claim(
    id="karp-single-filter-represents-target",
    title="Karp: one soft-threshold filter represents the local-signal target once k >= 800",
    statement="for every k >= 800 some bias makes (w*, b = -tau) err with probability <= 0.01 (the explicit bound "
              "reaches 0.01 at k = 789); for every tau the error is at least (1 - (1 - 2 Phi^c(1/sigma))^k)/4, which "
              "exceeds 0.01 for k <= 689, so a single filter represents the target only from k of several hundred on",
    sources=[Source(KARP, "Sec. 3.3 (the CNN needs m = 1) and the remark of Sec. 3.5", ("KARP-13",))],
    kind="numeric",
    area="kernels",
    instances=log_integers(800, 10**12),
    conclusion=represents,
    proof_idea="With w = w*, b = -tau: y f = (1 - tau) + y S with S a sum of k soft-thresholded N(0, sigma^2).  Upper: "
               "P[S >= 1 - tau] = P[|S| >= 1 - tau]/2 <= min(P[S != 0]/2, k E|S_1|/(2(1 - tau))) with "
               "E|S_1| = 2 sigma [phi(tau/sigma) - (tau/sigma) Phi^c(tau/sigma)] (the catalog's Markov bound, halved "
               "by symmetry); lower: Levy's reflection bound "
               "P[S >= t] >= P[max |S_i| >= t]/4 with P[|S_i| >= 1 - tau] = 2 Phi^c(1/sigma).",
    mutants=[
        Mutant("already-at-500", "for k <= 689 the floor exceeds 0.01 for every threshold",
               instances=log_integers(300, 600), conclusion=lambda k: [le(representation_floor(k), 0.01,
                                                                            label="no threshold reaches 0.01")]),
        Mutant("no-threshold-needed", "with b = 0 the CNN is the naive linear classifier, error Phi(-1/ln k)",
               conclusion=lambda k: [le(float(special.ndtr(-1 / math.log(k))), 0.01, label="b = 0 error <= 0.01")]),
    ],
    examples=25,
)
test_karp_single_filter_represents_target = REPRESENTS.test()


def threshold_simulation(inst: Sampled, bias=lambda tau: -tau, taus: tuple[float, float] = (0.3, 0.95)) -> list[Check]:
    rng = np.random.default_rng(inst.seed)
    tau = float(rng.uniform(*taus))
    w_star = unit_vector(rng, inst.d)
    X, y, _ = sample_images(rng, inst.n, inst.k, inst.d, w_star)
    errors = int(np.sum(y * cnn_output(w_star, bias(tau), X) <= 0))
    lo, hi = error_bounds(State(inst.k, 1.0, 0.0, -tau))
    return [rate_le(errors, inst.n, hi, label=f"tau = {tau:.3f}: error <= certified upper {hi:.4g}"),
            rate_le(inst.n - errors, inst.n, 1 - lo, label=f"error >= certified lower {lo:.4g}")]


THRESHOLD_SIMULATION = Claim(
    id="karp-single-filter-error-bounds",
    title="Karp: the soft-threshold filter (w*, -tau) on simulated images obeys the certified error bounds",
    statement="on images of the local-signal model, the error of f_{w*, -tau} lies between the certified lower and "
              "upper bounds of the reduced model (a check of the data model and of the reduction behind "
              "karp-single-filter-represents-target)",
    sources=[Source(KARP, "Sec. 3.3, the one-filter CNN with w = w*", ("KARP-13",))],
    kind="statistical",
    area="kernels",
    instances=sampled(k=log_integers(20, 300), d=st.integers(2, 3), n=8000),
    conclusion=threshold_simulation,
    proof_idea="Rows are projected on w*: the signal row gives y(1 - tau), each noise row soft-thresholds an "
               "N(0, sigma^2) value; exact binomial tests at level 1e-6 compare the error count with both bounds.",
    mutants=[
        Mutant("threshold-unnecessary", "at b = 0 the CNN is the naive classifier with error Phi(-1/ln k), far above "
               "the thresholded filter's upper bound once k is near 1000",
               instances=sampled(k=st.integers(800, 1200), d=st.just(1), n=4000),
               conclusion=lambda i: threshold_simulation(i, bias=lambda tau: 0.0, taus=(0.75, 0.9))),
    ],
    examples=6,
)
test_karp_single_filter_error_bounds = THRESHOLD_SIMULATION.test()


# --------------------------------------------------------------------------- KARP-15: gradient formulas and reduction

def _draw_network(inst: NetworkDraw):
    rng = np.random.default_rng(inst.seed)
    w_star = unit_vector(rng, inst.d)
    X, y, i_star = sample_images(rng, inst.n, max(inst.k, 2), inst.d, w_star)
    w = inst.w_scale * unit_vector(rng, inst.d)
    b = inst.b_ratio * float(np.mean(np.abs(X @ w)))
    return w_star, X, y, i_star, w, b


def gradient_formulas(inst: NetworkDraw, derivatives=soft_threshold_derivatives) -> list[Check]:
    w_star, X, y, i_star, w, b = _draw_network(inst)
    n, rows, d = X.shape
    D_w, D_b, tol = cnn_difference_quotients(w, b, X)
    f = cnn_output(w, b, X)
    weight = -y * sigmoid(-y * f)
    dz, db = derivatives(X @ w, b)
    why = "rounding of two evaluations of f over the step (see cnn_difference_quotients)"
    checks = [close(np.einsum("nr,nrd->nd", dz, X), D_w, tol, label="grad_w f = sum_i X_i [1{z+b>0} + 1{-z+b>0}]",
                    why=why),
              close(db.sum(axis=-1), D_b, tol, label="d f/d b = sum_i [1{z+b>0} - 1{-z+b>0}]", why=why)]
    gw, gb = cnn_gradients(w, b, X, y)
    scale = float(np.max(np.abs(X)) * rows + rows)
    checks += [close(gw, weight[:, None] * D_w, tol + 8 * EPS * scale, label="grad_w l = -y sigmoid(-yf) grad_w f",
                     why="difference-quotient tolerance plus a few roundings of the chain rule"),
               close(gb, weight * D_b, tol + 8 * EPS * scale, label="grad_b l = -y sigmoid(-yf) d f/d b",
                     why="difference-quotient tolerance plus a few roundings of the chain rule")]
    # the (c, v, b) reduction
    c = float(w @ w_star)
    w_perp = w - c * w_star
    v = float(np.linalg.norm(w_perp))
    noise = np.ones((n, rows), dtype=bool)
    noise[np.arange(n), i_star] = False
    A = X @ w_star
    B = X @ (w_perp / v)
    Z = c * A + v * B
    reduced = np.where(noise, soft_threshold(Z, b), 0.0).sum(axis=-1) + soft_threshold(c * y, b)
    red_tol = 16 * (rows + d) * EPS * float((np.abs(X) @ np.abs(w)).sum(axis=-1).max() + rows * abs(b) + 1)
    checks.append(close(reduced, f, red_tol, label="f = sum_I phi_b(c A_i + v B_i) + phi_b(c y)",
                        why="16 (rows + d) eps times the size of the terms"))
    # span: reflecting the noise rows through span{w*, w_perp} leaves f unchanged
    Q, _ = np.linalg.qr(np.stack([w_star, w_perp / v], axis=1))
    P = np.eye(d) - Q @ Q.T
    XR = np.where(noise[..., None], X - 2 * X @ P, X)
    gwR, _ = cnn_gradients(w, b, XR, y)
    checks.append(close(cnn_output(w, b, XR), f, red_tol, label="f(RX) = f(X)", why="as for the reduction"))
    checks.append(close((gw + gwR) @ P / 2, np.zeros((n, d)), red_tol * (1 + float(np.max(np.abs(gw)))),
                        label="the reflection-averaged gradient lies in span{w*, w_perp}", why="as for the reduction"))
    return checks


GRADIENTS = Claim(
    id="karp-cnn-gradient-formulas",
    title="Karp App. B.1.1: gradient formulas of the soft-threshold CNN and the (c, v, b) reduction",
    statement="grad_w l = -y sigmoid(-yf) sum_i X_i [1{<w,X_i> + b > 0} + 1{-<w,X_i> + b > 0}], grad_b l = -y "
              "sigmoid(-yf) sum_i [1{<w,X_i> + b > 0} - 1{-<w,X_i> + b > 0}]; f = sum_I phi_b(c A_i + v B_i) + "
              "phi_b(c y) with A_i = X_i·w*, B_i = X_i·w_perp/v; and grad_w E l lies in span{w*, w_perp}",
    sources=[Source(KARP, "App. B.1.1 'Simplifying calculations and notation'", ("KARP-15",))],
    kind="numeric",
    area="kernels",
    instances=network_draws(b_ratio=st.one_of(st.floats(-2.0, 2.0), st.just(0.0)), d=st.integers(3, 6)),
    conclusion=gradient_formulas,
    proof_idea="f is piecewise linear in (w, b) (checked against central differences that cross no kink); "
               "<w, X_i> = c A_i + v B_i; reflecting every noise row through span{w*, w_perp} preserves the law of "
               "X and the value of f and flips the orthogonal part of each per-sample gradient, so its average, and "
               "hence the expectation, lies in the span.",
    mutants=[
        Mutant("single-indicator", "d/dz of -ReLU(-z + b) is +1{-z + b > 0}, so both indicators enter grad_w",
               conclusion=lambda i: gradient_formulas(i, derivatives=lambda z, b: (
                   (z + b > 0).astype(float), soft_threshold_derivatives(z, b)[1]))),
        Mutant("bias-sign-flip", "d/db of ReLU(z + b) - ReLU(-z + b) is 1{z+b>0} - 1{-z+b>0}, not its negative",
               conclusion=lambda i: gradient_formulas(i, derivatives=lambda z, b: (
                   soft_threshold_derivatives(z, b)[0], -soft_threshold_derivatives(z, b)[1]))),
    ],
    examples=30,
)
test_karp_cnn_gradient_formulas = GRADIENTS.test()


# --------------------------------------------------------------------------- KARP-22: Lemma B.5

def alpha_bound(state: State) -> Check:
    return le(state.alpha, 2 * math.sqrt(math.log(state.k)),
              label=f"printed: error >= 0.01 implies alpha = {state.alpha:.4g} <= 2 sqrt(ln k)")


THRESHOLD_RATIO_PRINTED = Claim(
    id="karp-threshold-ratio-bounded-as-printed",
    title="Karp Lemma B.5: while the error is >= 0.01, alpha <= 2 sqrt(ln k) (as printed)",
    statement="for k >= k_0 (here k > 200), every state with b < 0 < c whose error is at least 0.01 has "
              "alpha = |b|/s <= 2 sqrt(ln k)",
    sources=[Source(KARP, "App. B.1.3, Lemma B.5", ("KARP-22",))],
    kind="numeric",
    area="kernels",
    instances=certified_error_states(ratio_states(log_integers(201, 10**8), log_uniform(1e-3, 10.0),
                                                  st.floats(-10.0, -0.01), st.floats(0.0, 2.0))),
    conclusion=alpha_bound,
    proof_idea="The proof bounds the error by P[max_i |Z_i| >= |b|] <= 2k e^{-alpha^2/2}, which assumes the signal row "
               "survives the threshold (c > |b|); otherwise f = S and the error is at least 1/2 (symmetry).",
    audit=True,
    corrected="karp-threshold-ratio-bounded",
    finding="a state with c <= |b| thresholds the signal row away (g = 0), so its error is >= 1/2 whatever alpha is: "
            "c = 0.1, v = 0, b = -1 at k = 1e4 has alpha = 108.6 > 2 sqrt(ln k) = 6.07; the lemma needs c > |b|",
    examples=20,
)
test_karp_threshold_ratio_bounded_as_printed = THRESHOLD_RATIO_PRINTED.test()


def threshold_ratio(sample: SampledState, certify: str = "upper") -> list[Check]:
    state = sample.state
    k, alpha = state.k, state.alpha
    lo, hi = error_bounds(state)
    if certify == "lower":
        return [le(lo, 0.01, label=f"error < 0.01 at alpha = {alpha:.4g} (certified lower bound {lo:.4g})")]
    union = -math.expm1(k * math.log1p(-2 * norm_sf(alpha)))
    # union/2 is the very expression sum_tail_upper takes its P[S != 0]/2 term from (same doubles, same
    # operations; -b/s = |b|/s for b < 0), and the upper bound is a minimum over terms: no rounding between them.
    # 1 - (1 - q)^k <= k q: log1p and expm1 (<= 1 ulp each; the error of the expm1 argument x < 0 is not
    # amplified, since |x| e^x <= |expm1 x|) and two products: 6 EPS relative, with q the same double on both sides.
    # 2k e^{-alpha^2/2} < 2/k: the drawn alpha reaches the state through <= 16 roundings of the strategy
    # (a/(alpha sigma), its square, the subtraction of c^2, hypot, |b|/s), so it may undershoot the drawn multiple
    # of 2 sqrt(ln k) by 8 EPS relative, which moves alpha^2/2 by 8 EPS alpha^2; exp and the two products add 4 EPS.
    checks = [le(hi, 0.01, label=f"error <= {hi:.4g} <= 0.01 at alpha = {alpha:.4g} > 2 sqrt(ln k)"),
              le(hi, union / 2, label="error <= P[max_i |Z_i| >= |b|]/2"),
              le(union, 2 * k * norm_sf(alpha), tol=6 * EPS * union, label="union bound",
                 why="6 EPS (log1p, expm1, two products)"),
              le(2 * k * norm_sf(alpha), 2 * k * math.exp(-alpha ** 2 / 2), label="Phi^c(x) <= e^{-x^2/2}"),
              le(2 * k * math.exp(-alpha ** 2 / 2), 2 / k, tol=(4 + 8 * alpha ** 2) * EPS * 2 / k,
                 label="alpha > 2 sqrt(ln k): 2k e^{-alpha^2/2} < 2/k",
                 why="(4 + 8 alpha^2) EPS 2/k: alpha's rounding in the exponent, exp and two products"),
              le(Fraction(2, k), Fraction(1, 100), label="k > 200: 2/k < 0.01")]
    if k <= 10**5:
        rng = np.random.default_rng(sample.seed)
        A, B, Y = sample_reduced(rng, sample.n, state)
        Z = state.c * A + state.v * B
        quiet = np.all(np.abs(Z) < abs(state.b), axis=1)
        checks.append(holds(bool(np.all(Y[quiet] * 0 + (Y * reduced_f(state, Z, Y))[quiet] > 0)),
                            "no noise row beyond |b| implies a correct sign", f"{int(quiet.sum())} quiet draws"))
    return checks


def reduced_f(state: State, Z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    return soft_threshold(Z, state.b).sum(axis=-1) + soft_threshold(state.c * Y, state.b)


_SQRT_LOG = lambda k: math.sqrt(math.log(k))

THRESHOLD_RATIO = Claim(
    id="karp-threshold-ratio-bounded",
    title="Karp Lemma B.5 (with c > |b|): alpha > 2 sqrt(ln k) forces error < 0.01 for k > 200",
    statement="for k > 200 and every state with b < 0 < c + b (the signal survives the threshold): if "
              "alpha = |b|/s > 2 sqrt(ln k) then error <= P[max_i |Z_i| >= |b|]/2 <= k Phi^c(alpha) < 2/k < 0.01; "
              "equivalently error >= 0.01 implies alpha <= 2 sqrt(ln k).  (Since s >= c sigma, c > |b| forces "
              "alpha < 1/sigma, so the region is empty, and the lemma vacuous, for k <= 1610)",
    sources=[Source(KARP, "App. B.1.3, Lemma B.5, with the hypothesis c_t > |b_t| its proof uses", ("KARP-22",))],
    kind="numeric",
    area="kernels",
    instances=sampled_states(alpha_states(log_integers(201, 10**7), st.floats(2.0, 6.0), unit=_SQRT_LOG), n=4),
    conclusion=threshold_ratio,
    proof_idea="If no noise row reaches |b|, S = 0 and y f = c + b > 0; given some row does, S is symmetric, so "
               "error = P[S >= c + b] <= P[S != 0]/2.  A union bound and Phi^c(x) <= e^{-x^2/2} finish it.",
    mutants=[
        Mutant("sqrt-log-threshold", "between sqrt(ln k) and 2 sqrt(ln k) a few rows pass the threshold and, with a "
               "small signal margin, each one flips the sign with probability about 1/2",
               instances=sampled_states(alpha_states(log_integers(201, 10**7), st.floats(1.0, 1.6), unit=_SQRT_LOG,
                                                     margin_ratio=log_uniform(1e-8, 1e-4)), n=4),
               conclusion=lambda s: threshold_ratio(s, certify="lower")),
        Mutant("half-the-bias", "with |b|/2 <= c <= |b| the signal row is thresholded away and the error is >= 1/2",
               instances=sampled_states(ratio_states(log_integers(201, 10**7), log_uniform(1e-3, 1.0),
                                                     st.floats(-2.0, -1.0), st.just(0.0)), n=4),
               conclusion=lambda s: threshold_ratio(s, certify="lower")),
    ],
    examples=30,
)
test_karp_threshold_ratio_bounded = THRESHOLD_RATIO.test()


# --------------------------------------------------------------------------- KARP-25: Lemma B.7

def signal_weight_printed(h: Hypothesized) -> Check:
    return le(h.state.c, h.constant, label=f"printed: loss <= 1 implies c <= C = {h.constant:.4g}")


SIGNAL_WEIGHT_PRINTED = Claim(
    id="karp-signal-weight-bounded-as-printed",
    title="Karp Lemma B.7: the signal weight c stays below an absolute constant (as printed)",
    statement="there are C and k_0 such that for k >= k_0 every state reached (the proof: every state with E l <= 1 "
              "and c >= |b|) has c <= C",
    sources=[Source(KARP, "App. B.1.3, Lemma B.7; Sec. 3.4 'Provable efficiency' (error >= 0.01 => |w·w*| = O(1))",
                    ("KARP-25",))],
    kind="numeric",
    area="kernels",
    instances=st.builds(Hypothesized, state=certified_loss_states(ratio_states(
        log_integers(10**4, 10**9), log_uniform(1.0, 1e6), st.floats(-0.7, -0.45), st.floats(0.0, 0.1))),
        constant=log_uniform(1e2, 1e4)),
    conclusion=signal_weight_printed,
    proof_idea="The proof combines E l >= (c + b) P[S <= -2(c + b)] with a Berry–Esseen lower bound on that "
               "probability "
               "that rests on Lemma B.6, which needs error >= 0.01.",
    audit=True,
    corrected="karp-signal-weight-loss-chain",
    finding="f is 1-homogeneous in (w, b): along the ray (c, 0, -c/2) at k = 1e4 the noise is thresholded at 5.4 "
            "sigma, "
            "the error is below 1e-20 and the certified loss stays below 1 for c up to ~2e5 (0.045 at c = 1e4), so no "
            "constant C "
            "bounds c among states with loss <= 1; the step needs error >= 0.01 (Lemma B.6), which is all Theorem "
            "3.1's proof uses (and '1 >= E l = Phi(x)(c+b)/4' should read '>=')",
    examples=20,
)
test_karp_signal_weight_bounded_as_printed = SIGNAL_WEIGHT_PRINTED.test()


def loss_chain(h: ChainDraw, drop_probability: bool = False, init_ceiling: float = 1.0) -> list[Check]:
    state = h.state
    g = state.c + state.b
    lo_loss, hi_loss = loss_bounds(state)
    tail = sum_tail_lower(state, 2 * g) if g > 0 else 0.0
    rhs = g if drop_probability else g * tail
    k = state.k
    delta = h.delta
    init = State(k, delta * math.cos(h.angle), delta * abs(math.sin(h.angle)), 0.0)
    init_lo, init_hi = loss_bounds(init)
    checks = [ge(hi_loss, rhs, label="E l >= (c + b) P[S >= 2(c + b)]" if not drop_probability else "E l >= c + b"),
              le(init_hi if init_ceiling >= 1 else init_lo, init_ceiling,
                 label=f"at init (b = 0, |c|, v <= {delta:.2g}): E l <= {init_ceiling:.4g}")]
    return checks


SIGNAL_WEIGHT = Claim(
    id="karp-signal-weight-loss-chain",
    title="Karp Lemma B.7's chain: E l >= (c + b) P[S >= 2(c + b)], and E l <= 1 at initialization",
    statement="for every state with c >= |b|, E l(y f) >= E[(-(c + b) - S)_+] >= (c + b) P[S >= 2(c + b)], so E l <= 1 "
              "confines c + b to [0, 1/P[S >= 2(c + b)]] along every ray of positive error; at the initialization "
              "(b = 0, |c|, v <= delta with delta sqrt(2k) sigma small) E l <= 1.  The absolute constant C of Lemma "
              "B.7 "
              "needs error >= 0.01 and k >= k_0 (Lemma B.6 and Berry–Esseen) and has no finite form",
    sources=[Source(KARP, "App. B.1.3, proof of Lemma B.7 (state-level chain, with c >= |b|)", ("KARP-25",))],
    kind="numeric",
    area="kernels",
    instances=st.builds(ChainDraw, state=ratio_states(log_integers(10, 10**5), log_uniform(1e-2, 1e3),
                                                      st.floats(-1.0, 1.0), st.floats(0.0, 2.0)),
                        delta=log_uniform(1e-12, 1e-3), angle=st.floats(0.0, math.pi)),
    conclusion=loss_chain,
    proof_idea="For y = 1 (the other label is symmetric) f = c + b + S when c >= |b|; l(x) >= (-x)_+ and on "
               "{S <= -2(c + b)} the excess is >= c + b.  The loss is bounded above by l(g) + min(E|S|/2, E S^2/8) and "
               "by e^{-g} M(1)^k, the tail below by Levy's and Berry–Esseen's bounds; at init l(0) = ln 2.",
    mutants=[
        Mutant("drops-probability", "at a confident state the loss is far below the margin c + b",
               conclusion=lambda h: loss_chain(h, drop_probability=True)),
        Mutant("init-loss-ln2", "with c_0 < 0 the signal row pushes the loss above ln 2 (Jensen: E l >= l(c_0))",
               conclusion=lambda h: loss_chain(h, init_ceiling=math.log(2))),
    ],
    examples=25,
)
test_karp_signal_weight_loss_chain = SIGNAL_WEIGHT.test()


# --------------------------------------------------------------------------- KARP-27: Lemma 3.1

def w_star_derivative_lower(state: State) -> float:
    """A certified lower bound on ``grad_w E l · w*``: ``(1) >= 0`` if ``c >= 0`` (else ``>= c T_hi``) and
    ``(2) = -m E sigmoid(-yf) >= -m`` times the upper bound of ``E sigmoid``."""
    t_lo, t_hi, _ = noise_pull_bounds(state)
    first = 0.0 if state.c >= 0 else state.c * t_hi
    return first - state.signal_indicators * mean_sigmoid_bounds(state)[1]


def w_star_derivative_upper(state: State) -> float:
    """A certified upper bound on ``grad_w E l · w*``: ``(1) <= max(c, 0) T_hi`` and
    ``(2) <= -m sigmoid(-max(g, 0))``."""
    _, t_hi, _ = noise_pull_bounds(state)
    return max(state.c, 0.0) * t_hi - state.signal_indicators * mean_sigmoid_bounds(state)[0]


def signal_grows_printed(h: Hypothesized) -> Check:
    low = w_star_derivative_lower(h.state)
    return holds(low < 0, "printed: |c| <= H/ln^4 k implies grad_w E l · w* <= -A for some A > 0",
                 f"certified grad_w E l · w* >= {low:.4g} (signal indicators {h.state.signal_indicators})")


def _early(H: SearchStrategy = st.floats(0.1, 10.0)):
    @st.composite
    def build(draw):
        hh = draw(H)
        k = draw(log_integers(3, 10**10))
        cmax = hh / math.log(k) ** 4
        u = draw(st.floats(-1.0, 1.0))
        c = math.copysign(max(abs(u), 1e-6), u) * cmax
        v = draw(st.floats(0.0, 2.0)) * abs(c)
        b = draw(st.floats(-3.0, 1.0)) * abs(c)
        return Hypothesized(State(k, c, v, b), hh)
    return build()


SIGNAL_GROWS_PRINTED = Claim(
    id="karp-signal-direction-grows-as-printed",
    title="Karp Lemma 3.1: while |c| <= H/ln^4 k the w*-derivative is <= -A (as printed)",
    statement="for every H > 0 there are A > 0 and k_0 such that for k >= k_0 every state with |c| <= H/ln^4 k has "
              "grad_w E l · w* <= -A (the sketch: |c| = o(1/ln^3 k) gives -Theta(1))",
    sources=[Source(KARP, "Sec. 3.4 Lemma 3.1 (sketched) and App. B.1.3 Lemma 3.1 (full)", ("KARP-27",))],
    kind="numeric",
    area="kernels",
    instances=_early(),
    conclusion=signal_grows_printed,
    proof_idea="The derivative is (1) + (2): (1) has the sign of c, and (2) = -m E sigmoid(-yf) with m the number of "
               "active signal indicators 1{±c y + b >= 0}, which is 0 when b < -|c|.",
    audit=True,
    corrected="karp-signal-direction-grows",
    finding="when b < -|c| both signal indicators vanish, so (2) = 0 and grad_w E l · w* = (1) >= 0 for c >= 0: e.g. "
            "c = 1e-6, v = 0, b = -1e-5 (|c| <= 1/ln^4 k for all k <= 1e10); the lemma needs b_t >= -|c_t|, which the "
            "trajectory keeps in this phase (b = O(1/k) > 0, 'comment on actual dynamics')",
    examples=20,
)
test_karp_signal_direction_grows_as_printed = SIGNAL_GROWS_PRINTED.test()

A_SIGNAL = 0.25
"""The constant of the corrected Lemma 3.1."""


def noise_pull_ceiling(k: float, H: float) -> float:
    """The proof's bound on ``c T`` over the region: ``H/ln^4 k * k sigma^2 (1 + 1.5 a lambda(a))`` at
    ``a = 2 sqrt(ln k)`` (``x lambda(x)`` increases, ``Phi(b/s) <= 1``, ``k sigma^2 = ln^2 k``)."""
    a = 2 * math.sqrt(math.log(k))
    return H / math.log(k) ** 2 * (1 + 1.5 * a * float(inverse_mills(a)))


def signal_threshold_log_k(H: float) -> float:
    """``ln k_0(H)``: beyond it the proof's bounds give ``grad_w E l · w* <= noise ceiling - sigmoid(-2H/ln^4 k)
    <= -1/4`` on the whole region."""
    f = lambda x: noise_pull_ceiling(math.exp(x), H) - float(sigmoid(-2 * H / x ** 4)) + A_SIGNAL
    # xtol is the root's accuracy, not a tolerance of a check: k_0(H) only sets where the states are drawn, and
    # every check at a drawn state compares certified bounds there
    return float(optimize.brentq(f, 1.5, 700.0, xtol=1e-12))


def _region(H: SearchStrategy = st.floats(0.1, 10.0), allow_negative_b: bool = False):
    @st.composite
    def build(draw):
        hh = draw(H)
        x0 = signal_threshold_log_k(hh)
        k = int(math.exp(x0 + draw(st.floats(0.0, 40.0)))) + 1
        sig = noise_std(k)
        cmax = hh / math.log(k) ** 4
        u = draw(st.floats(-1.0, 1.0))
        c = math.copysign(max(abs(u), 1e-6), u) * cmax
        v = draw(st.one_of(st.just(0.0), log_uniform(1e-6, 10.0))) * abs(c)
        s = math.hypot(c, v) * sig
        edge = 2 * math.sqrt(math.log(k)) * s  # Lemma B.5: |b| <= 2 sqrt(ln k) s
        b = max(-abs(c), draw(st.floats(-1.0, 1.0)) * edge)
        if draw(st.booleans()):  # the edge of the region: b = -min(|c|, 2 sqrt(ln k) s)
            b = draw(st.floats(-3.0, -1.0)) * abs(c) if allow_negative_b else -min(abs(c), edge)
        return Hypothesized(State(k, c, v, b), hh)
    return build()


def ceiling_check(state: State, chain: float) -> Check:
    """``chain <= ln^2 k (1 + 1.5 a lambda(a))``, ``a = 2 sqrt(ln k)``, when ``alpha <= a`` (``x lambda(x)``
    increases, ``Phi <= 1``; tight for ``b > 0`` at ``alpha = a``, where ``Phi(b/s) = 1 - Phi^c(a)``)."""
    k = state.k
    ceiling = noise_pull_ceiling(k, 1.0) * math.log(k) ** 4
    # chain: pull_rounding; the ceiling: log, sqrt, erfcx and ~8 operations (8 EPS); alpha <= a may hold only to
    # 4 EPS relative (both are rounded), which moves x lambda(x) ~ x^2 by 8 EPS
    tol = (pull_rounding(state) + 16 * EPS) * ceiling
    return le(chain, ceiling, tol=tol, label="alpha <= 2 sqrt(ln k): the bound is at most its value at alpha = "
                                             "2 sqrt(ln k)", why="(40 + 2 alpha^2) EPS relative")


def signal_grows(h: Hypothesized, both_indicators: bool = False) -> list[Check]:
    state, H = h.state, h.constant
    k = state.k
    if both_indicators:
        m_claim = 2
        low_second = -state.signal_indicators * mean_sigmoid_bounds(state)[1]
        return [le(low_second, -m_claim * float(sigmoid(-max(state.signal, 0.0))),
                   label="(2) <= -2 sigmoid(-max(g, 0)) (both signal indicators)")]
    t_lo, t_hi, chain = noise_pull_bounds(state)
    upper = w_star_derivative_upper(state)
    return [holds(state.signal_indicators >= 1, "b >= -|c|: at least one signal indicator"),
            le(t_hi, chain, tol=pull_rounding(state) * chain,
               label="(sigmoid(a2) - sigmoid(a1)) Z <= S Z / 2 relaxed to the proof's bound",
               why="(24 + 2 alpha^2) EPS relative (pull_rounding)"),
            ceiling_check(state, chain),
            le(upper, -A_SIGNAL, label=f"grad_w E l · w* <= {upper:.4g} <= -1/4 (H = {H:.3g}, "
                                       f"ln k = {math.log(k):.4g} >= ln k_0(H) = {signal_threshold_log_k(H):.4g})")]


SIGNAL_GROWS = Claim(
    id="karp-signal-direction-grows",
    title="Karp Lemma 3.1 (with b >= -|c|): the w*-derivative is <= -1/4 while c is small, for k >= k_0(H)",
    statement="for every H > 0, every k >= k_0(H) (ln k_0(1) = 24.4, ln k_0(10) = 240.4) and every state with "
              "|c| <= H/ln^4 k, b >= -|c| and alpha <= 2 sqrt(ln k) (Lemma B.5): grad_w E l · w* <= "
              "|c| k sigma^2 (1 + 1.5 alpha lambda(alpha)) Phi(b/s) - sigmoid(-max(g, 0)) <= -1/4",
    sources=[Source(KARP, "App. B.1.3 Lemma 3.1 (full) with the hypothesis b_t >= -|c_t|, constants made explicit",
                    ("KARP-27",))],
    kind="proxy",
    proxy="'for sufficiently large k' is represented by the explicit k_0(H) at which the proof's own bounds give "
          "-1/4 on the whole region; the drawn states have ln k between ln k_0(H) and ln k_0(H) + 40",
    area="kernels",
    instances=_region(),
    conclusion=signal_grows,
    proof_idea="(1) = (c/(c^2+v^2)) sum_i E[(sigmoid(a2) - sigmoid(a1)) Z_i 1{Z_i >= -b}] with 0 <= (sigmoid(a2) - "
               "sigmoid(a1)) Z_i <= S_i Z_i/2 <= Z_i^2 + |b||Z_i|/2, then truncated-normal moments; (2) = -m E "
               "sigmoid(-yf) "
               "with m = 1{b >= -|c|} + 1{b >= |c|} >= 1, and E sigmoid(-g - yS) >= sigmoid(-g) since sigmoid(-g-u) + "
               "sigmoid(-g+u) increases in |u| for g >= 0 (it replaces the text's appeal to Lemmas B.7, B.8).",
    mutants=[
        Mutant("drops-bias-condition", "for b < -|c| both signal indicators vanish and the derivative is >= 0",
               instances=_region(allow_negative_b=True).filter(lambda h: h.state.b < -abs(h.state.c)),
               conclusion=lambda h: [signal_grows_printed(h)]),
        Mutant("both-indicators", "for |b| < |c| only one of 1{±c y + b >= 0} is on, so (2) is about -1/2, not -1",
               conclusion=lambda h: signal_grows(h, both_indicators=True)),
    ],
    examples=25,
)
test_karp_signal_direction_grows = SIGNAL_GROWS.test()


# --------------------------------------------------------------------------- KARP-28: Lemma 3.2

def _pointwise(sample: SampledState) -> list[Check]:
    """The proofs' pointwise steps on sampled rows: ``0 <= (sigmoid(a2) - sigmoid(a1)) Z_i <= S_i Z_i / 2``,
    ``|S_i| <= max(2|Z_i|, |Z_i| + |b|)``, ``S_i Z_i <= 2 Z_i^2 + |b||Z_i|``."""
    state = sample.state
    rng = np.random.default_rng(sample.seed)
    A, B, Y = sample_reduced(rng, sample.n, state)
    Z = state.c * A + state.v * B
    S = soft_threshold(Z, state.b)
    rest = S.sum(axis=1, keepdims=True) - S
    g = state.signal
    a2, a1 = -g + rest + S, -g + rest - S
    pair = (sigmoid(a2) - sigmoid(a1)) * Z
    tol = 8 * EPS * (1 + np.abs(S * Z) + np.abs(rest))
    return [holds(bool(np.all(pair >= -tol)), "(sigmoid(a2) - sigmoid(a1)) Z_i >= 0 (sign S_i = sign Z_i)"),
            holds(bool(np.all(pair <= S * Z / 2 + tol)),
                  "(sigmoid(a2) - sigmoid(a1)) Z_i <= S_i Z_i / 2 (1/4-Lipschitz)"),
            holds(bool(np.all(np.abs(S) <= np.maximum(2 * np.abs(Z), np.abs(Z) + abs(state.b)) * (1 + 4 * EPS))),
                  "|S_i| <= max(2|Z_i|, |Z_i| + |b|)"),
            holds(bool(np.all(S * Z <= (2 * Z * Z + abs(state.b) * np.abs(Z)) * (1 + 4 * EPS))),
                  "S_i Z_i <= 2 Z_i^2 + |b||Z_i|")]


def orthogonal_bound(sample: SampledState, factor: float = 1.0, sign_only: bool = False) -> list[Check]:
    state = sample.state
    t_lo, t_hi, chain = noise_pull_bounds(state)
    v = state.v
    if sign_only:
        return [le(v * t_lo, 0.0, label="g_perp <= 0")]
    m = soft_cross_moments(state.s, state.b)
    checks = [ge(v * t_lo, 0.0, label="g_perp >= 0"),
              le(v * t_hi, factor * v * chain, tol=pull_rounding(state) * v * chain,
                 label=f"g_perp <= {factor:g} v k sigma^2 (1 + 1.5 alpha lambda(alpha)) Phi(b/s)" if factor == 1 else
                 f"g_perp <= {factor:g} x the proof's bound", why="(24 + 2 alpha^2) EPS relative (pull_rounding)")
              if factor == 1 else le(v * t_lo, factor * v * chain, label=f"g_perp <= {factor:g} x the proof's bound"),
              # R = Q exactly for b < 0 (both conditionings are Z >= |b|): the tolerance is the rounding of the two
              # closed forms at the same double b/s; where they underflow (alpha >~ 37.5) a few subnormal spacings
              # times Q's factor s^2 (1 + 1.5 alpha lambda) + |b| s lambda/2 <= 2 b^2 + s^2 <= 27 remain
              le(m["R"], m["Q"], tol=pull_rounding(state) * m["Q"] + 64 * SUBNORMAL,
                 label="E[. | Z >= -b] <= E[. | Z >= |b|] (relaxed conditioning)",
                 why="(24 + 2 alpha^2) EPS relative (pull_rounding) + 64 subnormal spacings")]
    if state.alpha <= 2 * math.sqrt(math.log(state.k)):
        checks.append(ceiling_check(state, chain))
    if state.k <= 2000:
        checks += _pointwise(sample)
    return checks


ORTHOGONAL = Claim(
    id="karp-orthogonal-component-bound",
    title="Karp Lemma 3.2: 0 <= g_perp <= v k sigma^2 (1 + 1.5 alpha lambda(alpha)) Phi(b/s) = O(v ln^3 k)",
    statement="at every state, g_perp = grad_w E l · w_perp/||w_perp|| = (v/(c^2+v^2)) sum_i E[(sigmoid(a2) - "
              "sigmoid(a1)) Z_i 1{Z_i >= -b}] satisfies 0 <= g_perp <= v k sigma^2 (1 + 1.5 alpha lambda(alpha)) "
              "Phi(b/s), which is O(v ln^3 k) when alpha <= 2 sqrt(ln k); the ratio tends to 1/2 as c, v -> 0 at b = 0",
    sources=[Source(KARP, "Sec. 3.4 Lemma 3.2 (sketched) and App. B.1.3 Lemma 3.2 (full, its explicit bound)",
                    ("KARP-28",))],
    kind="numeric",
    area="kernels",
    instances=sampled_states(st.one_of(small_states(log_integers(3, 10**6)),
                                       general_states(log_integers(2, 10**6), c=st.floats(-3.0, 3.0),
                                                      v=st.floats(1e-3, 3.0))).filter(lambda s: s.v > 0), n=4),
    conclusion=orthogonal_bound,
    proof_idea="The same pairing as Lemma 3.1 with E[v B_i | Z_i] = Z_i v^2/(c^2 + v^2); then sigmoid is "
               "1/4-Lipschitz, "
               "|S_i| <= 2|Z_i| + |b|, and conditioning on Z >= |b| instead of Z >= -b only raises the moments.  "
               "Certified two-sided bounds: sigmoid(a2) - sigmoid(a1) <= |S_i|/2 above, sigmoid' >= 1/4 - x^2/16 "
               "below.",
    mutants=[
        Mutant("pushes-growth", "the pairing makes every term nonnegative and strictly positive on a set of positive "
               "measure", conclusion=lambda s: orthogonal_bound(s, sign_only=True)),
        Mutant("factor-two-fifths", "as c, v -> 0 at b = 0 the true g_perp is half the bound, above 0.4 of it",
               conclusion=lambda s: orthogonal_bound(s, factor=0.4)),
    ],
    examples=40,
)
test_karp_orthogonal_component_bound = ORTHOGONAL.test()


# --------------------------------------------------------------------------- KARP-30: Lemma 3.3

def bias_upper(state: State) -> float:
    """A certified upper bound on ``grad_b E l`` for ``c > |b|``: ``N_hi - sigmoid(-g)``."""
    return bias_noise_bounds(state)[1] - mean_sigmoid_bounds(state)[0]


def bias_decreases_printed(h: Hypothesized) -> Check:
    up = bias_upper(h.state)
    return ge(up, 0.0, label=f"printed: c >= C2/ln^4 k (C2 = {h.constant:.3g}) implies grad_b E l >= C > 0 "
                             "(left: a certified upper bound on grad_b E l)")


def _solved(C2: SearchStrategy = log_uniform(1e-3, 10.0)):
    @st.composite
    def build(draw):
        c2 = draw(C2)
        k = draw(log_integers(10**4, 10**12))
        lo = c2 / math.log(k) ** 4
        c = math.exp(draw(st.floats(math.log(lo), math.log(10.0)))) if lo < 10 else lo
        r = draw(st.floats(0.3, 0.9))
        t = draw(st.floats(0.0, 0.1))
        return Hypothesized(State(k, c, t * c, -r * c), c2)
    return build()


BIAS_PRINTED = Claim(
    id="karp-bias-keeps-decreasing-as-printed",
    title="Karp Lemma 3.3: once c >= C2/ln^4 k the bias derivative is >= C > 0 (as printed)",
    statement="there are C, C2 > 0 and k_0 such that for k >= k_0 every state with c >= C2/ln^4 k has grad_b E l >= C "
              "(the sketch: w·w* = omega(k^{-1/8}) gives grad_b E l = Omega(1))",
    sources=[Source(KARP, "Sec. 3.4 Lemma 3.3 (sketched) and App. B.1.3 Lemma 3.3 (full)", ("KARP-30",))],
    kind="numeric",
    area="kernels",
    instances=_solved(),
    conclusion=bias_decreases_printed,
    proof_idea="grad_b E l = N - E sigmoid(-yf): the noise part N needs rows that survive the threshold; once the "
               "threshold kills them all, only the signal's -sigmoid(-(c + b)) remains.",
    audit=True,
    corrected="karp-bias-gradient-decomposition",
    finding="at a solved state the noise is thresholded away and grad_b E l ~ -sigmoid(-(c + b)) < 0: c = 1, v = 0, "
            "b = -1/2 at k = 1e4 has grad_b E l <= -0.3775 (certified) and error < 1e-20; the proof uses Cor. B.1 and "
            "Lemma B.9, which need error >= 0.01, so that hypothesis must be added -- and even then the lemma is "
            "asymptotic: at k = 1e3 the state c = 1, b = -0.6 has error ~0.04 and grad_b E l <= -0.30",
    examples=20,
)
test_karp_bias_keeps_decreasing_as_printed = BIAS_PRINTED.test()


def bias_decomposition(sample: SampledState, noise_factor: float = 0.25) -> list[Check]:
    state = sample.state
    k, b = state.k, state.b
    n_lo, n_hi = bias_noise_bounds(state)
    e1 = soft_abs_moment(state.s, b, 1)
    sig_lo, sig_hi = mean_sigmoid_bounds(state)
    necessary = k * e1 / 4 - float(sigmoid(-state.signal))
    if noise_factor != 0.25:
        return [le(n_lo, noise_factor * k * e1, label=f"N <= {noise_factor:g} k E|S_1|")]
    # N_hi <= (k/4) E|S_1| is an equality for b <= 0 (nothing is cut): E[|S_1| 1{|Z_1| > b_+}] is two mpmath
    # values rounded, summed and scaled by s, E|S_1| one value scaled by s, then k/4 and k: <= 8 roundings (4 EPS),
    # allowed 8 EPS.  k 1e-300 is not a rounding but bias_noise_bounds' own upper value at alpha >= 37.5 (where
    # the closed forms underflow); it also covers the subnormal range of k E|S_1|/4 (k times a few spacings).
    n_tol = 8 * EPS * k * e1 / 4 + k * 1e-300
    checks = [le(n_lo, n_hi, label="certified N: lower <= upper"),
              le(n_hi, k * e1 / 4, tol=n_tol, label="N <= (k/4) E|S_1| (the catalog's sandwich)",
                 why="8 EPS (k/4) E|S_1| + the floor k 1e-300 of bias_noise_bounds at alpha >= 37.5"),
              le(sig_lo, sig_hi, label="sigmoid(-g) <= E sigmoid(-yf)"),
              # sig_lo is the double sigmoid(-g) of `necessary` (g > 0 here): only N's rounding and the two
              # subtractions remain
              le(n_hi - sig_lo, necessary, tol=n_tol + 2 * EPS * (k * e1 / 4 + sig_lo),
                 label=f"grad_b E l <= (k/4) E|S_1| - sigmoid(-(c+b)) = {necessary:.4g}",
                 why="the tolerance of N + 2 EPS ((k/4) E|S_1| + sigmoid(-g)) for the subtractions")]
    if k <= 2000:
        rng = np.random.default_rng(sample.seed)
        A, Bm, Y = sample_reduced(rng, sample.n, state)
        Z = state.c * A + state.v * Bm
        S = soft_threshold(Z, b)
        g = state.signal
        f = S.sum(axis=1) + Y * g
        ind = lambda z: (z >= -b).astype(float) - (z <= b).astype(float)
        h = -Y[:, None] * sigmoid(-Y * f)[:, None] * ind(Z)
        h_reflected = -Y[:, None] * sigmoid(-Y[:, None] * (f[:, None] - 2 * S)) * ind(-Z)
        u = -Y[:, None] * (f[:, None] - S)
        paired = 0.5 * (np.abs(Z) > abs(b)) * (sigmoid(u + np.abs(S)) - sigmoid(u - np.abs(S)))
        checks += [close((h + h_reflected) / 2, paired, 8 * EPS, label="reflecting Z_i pairs the noise terms into "
                         "(1/2) 1{|Z_i| > |b|} (sigmoid(u + |S_i|) - sigmoid(u - |S_i|))",
                         why="a few roundings of sigmoid"),
                   holds(bool(np.all((paired >= -8 * EPS) & (paired <= np.minimum(0.5, np.abs(S) / 4) + 8 * EPS))),
                         "0 <= each paired term <= min(1, |S_i|/2)/2"),
                   holds(bool(np.all(sigmoid(-g - Y * S.sum(axis=1)) + sigmoid(-g + Y * S.sum(axis=1))
                                     >= 2 * float(sigmoid(-g)) - 8 * EPS)),
                         "sigmoid(-g - u) + sigmoid(-g + u) >= 2 sigmoid(-g) (g >= 0)")]
    return checks


def lemma_at_thousand(sample: SampledState) -> list[Check]:
    """The corrected Lemma 3.3 (error >= 0.01 implies grad_b E l > 0) at k = 1000: where grad_b E l < 0 is certified,
    the lemma would need error < 0.01, which a simulation refutes (exact binomial test, level 1e-6)."""
    state = sample.state
    up = bias_upper(state)
    if up >= 0:
        return [holds(True, "grad_b E l not certified negative here")]
    rng = np.random.default_rng(sample.seed)
    A, B, Y = sample_reduced(rng, sample.n, state)
    f = reduced_f(state, state.c * A + state.v * B, Y)
    errors = int(np.sum(Y * f <= 0))
    return [rate_le(errors, sample.n, 0.01, label=f"grad_b E l <= {up:.4g} < 0 although the error is >= 0.01")]


BIAS = Claim(
    id="karp-bias-gradient-decomposition",
    title="Karp Lemma 3.3's decomposition: grad_b E l = N - E sigmoid(-yf) with 0 <= N <= (k/4) E|S_1|",
    statement="for every state with c > |b|: grad_b E l = N - E sigmoid(-yf), where the noise part "
              "N = (1/2) sum_i E[1{|Z_i| > |b|}(sigmoid(u_i + |S_i|) - sigmoid(u_i - |S_i|))] lies in "
              "[0, k min(E[|S_1| 1{|Z_1| > b_+}]/4, P[|Z_1| > |b|]/2)] and E sigmoid(-yf) >= sigmoid(-(c + b)); so "
              "grad_b E l >= C > 0 requires (k/4) E|S_1| >= C + sigmoid(-(c + b)): the rows surviving the threshold "
              "must "
              "carry E|S_i| of order 1/k.  Lemma 3.3's 'error >= 0.01 implies grad_b E l = Omega(1)' needs k >= k_0 "
              "(it fails at k = 1e3) and is not checkable at finite k",
    sources=[Source(KARP, "App. B.1.3, proof of Lemma 3.3 (the Taylor form and its bound on (2))", ("KARP-30",))],
    kind="numeric",
    area="kernels",
    instances=sampled_states(st.one_of(negative_bias_states(log_integers(2, 10**6), scale=log_uniform(1e-3, 10.0)),
                                       ratio_states(log_integers(2, 10**6), log_uniform(1e-3, 10.0),
                                                    st.floats(0.0, 0.99), st.floats(0.0, 1.0))), n=3),
    conclusion=bias_decomposition,
    proof_idea="For c > |b| the signal indicators give 1{cY >= -b} - 1{cY <= b} = Y, so the signal term is "
               "-E sigmoid(-yf); the noise indicator difference is sign(Z_i) 1{|Z_i| > |b|}, and reflecting Z_i (S_i "
               "is "
               "odd, S_{-i} is untouched) pairs it into the displayed nonnegative term, at most min(1, |S_i|/2).  The "
               "pairing identity and the inequalities are checked on sampled rows.",
    mutants=[
        Mutant("noise-eighth", "when the state is small, sigmoid' is close to 1/4 and N is close to (k/4) E|S_1|",
               instances=sampled_states(negative_bias_states(log_integers(2, 1000), scale=log_uniform(1e-4, 1e-2)),
                                        n=3),
               conclusion=lambda s: bias_decomposition(s, noise_factor=0.125)),
        Mutant("lemma-at-thousand", "at k = 1e3, c = 1, b = -0.6 the error is about 0.04 but grad_b E l <= -0.30",
               instances=sampled_states(ratio_states(st.just(1000), st.floats(0.9, 1.1), st.floats(-0.62, -0.58),
                                                     st.just(0.0)), n=2000),
               conclusion=lemma_at_thousand),
    ],
    examples=30,
)
test_karp_bias_gradient_decomposition = BIAS.test()


# --------------------------------------------------------------------------- KARP-31: order bookkeeping

_K = sympy.Symbol("k", positive=True)
_SIGMA = sympy.log(_K) / sympy.sqrt(_K)


# xtol (here and below) is the accuracy of the printed thresholds; the iff-checks compare them with ln k of an
# integer k, which falls within 1e-13 of a root with negligible probability (SymPy decides the left sides exactly)
LINK_ROOT = optimize.brentq(lambda x: x - 32 * math.log(x), 10.0, 1000.0, xtol=1e-13)
"""``ln^{-4} k > k^{-1/8}`` iff ``ln k > 32 ln ln k``: for ``ln k`` above 163.00 (or below 1.03)."""
LINK_ROOT_LOW = optimize.brentq(lambda x: x - 32 * math.log(x), 1.0001, 2.0, xtol=1e-13)
B9_ROOT = optimize.brentq(lambda x: 4 * x ** 1.5 - math.exp(x / 4), 5.0, 100.0, xtol=1e-13)
"""``4 ln^{3/2} k < k^{1/4}`` (Lemma B.9 with v << c) iff ``ln k`` exceeds 24.81 (or is below 0.40)."""
B9_ROOT_LOW = optimize.brentq(lambda x: 4 * x ** 1.5 - math.exp(x / 4), 0.01, 5.0, xtol=1e-13)


@lru_cache(maxsize=None)
def _identities(noise_power: int) -> tuple[Check, ...]:
    """The identities in k (independent of the drawn k, so built once)."""
    return (equal(sympy.simplify(_K * _SIGMA ** 2 - sympy.log(_K) ** noise_power), sympy.Integer(0),
                  label=f"k sigma^2 = ln^{noise_power} k"),
            equal(sympy.simplify(_K * sympy.log(_K) * _SIGMA ** 2 - sympy.log(_K) ** 3), sympy.Integer(0),
                  label="k ln k sigma^2 = ln^3 k"),
            equal(sympy.simplify(_K * _K ** sympy.Rational(-7, 8) - _K ** sympy.Rational(1, 8)), sympy.Integer(0),
                  label="k k^{-7/8} = k^{1/8}"),
            equal(sympy.simplify(2 * _K * sympy.exp(-(2 * sympy.sqrt(sympy.log(_K))) ** 2 / 2) - 2 / _K),
                  sympy.Integer(0), label="2k exp(-alpha^2/2) = 2/k at alpha = 2 sqrt(ln k)"))


def bookkeeping(k: int, noise_power: int = 2, link_from: float | None = None) -> list[Check]:
    K = sympy.Integer(k)
    lk = math.log(k)
    checks = list(_identities(noise_power)) + [
        equal(Fraction(2, k) <= Fraction(1, 100), k >= 200, label="2/k <= 0.01 iff k >= 200")]
    link = sympy.log(K) ** -4 > K ** sympy.Rational(-1, 8)
    if link_from is None:
        checks.append(equal(bool(link), bool(lk > LINK_ROOT or lk < LINK_ROOT_LOW),
                            label=f"ln^-4 k > k^-1/8 iff ln k > {LINK_ROOT:.4f} (ln k = {lk:.4g})"))
    else:
        checks.append(holds(bool(link), f"ln^-4 k > k^-1/8 for k >= e^{link_from:g}", f"ln k = {lk:.4g}"))
    b9 = 4 * sympy.log(K) ** sympy.Rational(3, 2) < K ** sympy.Rational(1, 4)
    checks.append(equal(bool(b9), bool(lk > B9_ROOT or lk < B9_ROOT_LOW),
                        label=f"4 ln^1.5 k < k^1/4 iff ln k > {B9_ROOT:.4f}"))
    return checks


BOOKKEEPING = Claim(
    id="karp-order-bookkeeping",
    title="Karp Sec. 3.4 / App. B.1: the asymptotic-order bookkeeping and where it starts to hold",
    statement="with sigma = ln k/sqrt k: k sigma^2 = ln^2 k and k ln k sigma^2 = ln^3 k (the noise pull is "
              "O(|c| ln^3 k)); k k^{-7/8} = k^{1/8}; 2k e^{-alpha^2/2} = 2/k at alpha = 2 sqrt(ln k) and 2/k <= 0.01 "
              "iff "
              "k >= 200; but 'c = Omega(ln^-4 k) satisfies c = omega(k^-1/8)' holds only for ln k > 163.00 "
              "(k > 6e70) and Lemma B.9's 4 ln^1.5 k < k^1/4 only for ln k > 24.81 (k > 6e10)",
    sources=[Source(KARP, "Sec. 3.4 (noise contribution, the link between the phases) and App. B.1 (Lemmas B.5, B.9, "
                          "3.3)", ("KARP-31",))],
    kind="exact",
    area="kernels",
    instances=st.one_of(log_integers(2, 10**6), st.floats(20.0, 200.0).map(lambda x: int(math.exp(x)))),
    conclusion=bookkeeping,
    proof_idea="Algebra in k; the comparisons are decided exactly by SymPy at the drawn integer k, and the "
               "thresholds are the roots of x = 32 ln x and 4 x^{3/2} = e^{x/4} in x = ln k.",
    mutants=[
        Mutant("noise-cubed", "k sigma^2 is ln^2 k; the extra ln k comes from the threshold factor alpha lambda(alpha)",
               conclusion=lambda k: bookkeeping(k, noise_power=3)),
        Mutant("link-from-e30", "ln^-4 k is below k^-1/8 for 1.03 < ln k < 163.00, e.g. at k = 1e13",
               instances=st.floats(30.0, 160.0).map(lambda x: int(math.exp(x))),
               conclusion=lambda k: bookkeeping(k, link_from=30.0)),
    ],
    examples=20,
)
test_karp_order_bookkeeping = BOOKKEEPING.test()


# --------------------------------------------------------------------------- KARP-33: T1, T2

def _value(expr) -> Fraction:
    """A 60-digit rational value of a positive SymPy constant."""
    return Fraction(str(sympy.N(expr, 60)))


def _phase(p: PhaseDraw) -> dict:
    K = sympy.Integer(p.k)
    L = sympy.log(K)
    sigma = L / sympy.sqrt(K)
    eta = sympy.Rational(1, 10 ** p.eta_exp)
    eta_b = eta / K
    delta = K ** -100
    C2, C3, C, A = (sympy.Rational(x.numerator, x.denominator) for x in (p.C2, p.C3, p.C, p.A))
    theta = 4 * C3 * L ** sympy.Rational(3, 2) / sympy.sqrt(K)
    b_plus = (C2 - eta_b) / L ** 4
    return dict(K=K, L=L, sigma=sigma, eta=eta, eta_b=eta_b, delta=delta, C2=C2, C3=C3, C=C, A=A, theta=theta,
                b_plus=b_plus, printed=theta + b_plus / (eta_b * C), needed=(theta + b_plus) / (eta_b * C))


def phase_two_printed(p: PhaseDraw) -> Check:
    q = _phase(p)
    return ge(_value(q["printed"]), _value(q["needed"]),
              label="printed T2 = 4 C3 ln^1.5 k/sqrt k + (C2 - eta_b)/ln^4 k / (eta_b C) covers the descent of b")


PHASE_PRINTED = Claim(
    id="karp-phase-two-length-as-printed",
    title="Karp Theorem 3.1 proof: the length T2 of the bias phase (as printed)",
    statement="b falls at rate eta_b C per iteration from its positive excursion (C2 - eta_b)/ln^4 k to below "
              "-4 C3 ln^1.5 k/sqrt k within T2 = (4 C3 ln^1.5 k/sqrt k + (C2 - eta_b)/ln^4 k * 1/(eta_b C)) iterations",
    sources=[Source(KARP, "App. B.1.3, proof of Theorem 3.1 (the count T2)", ("KARP-33",))],
    kind="exact",
    area="kernels",
    instances=phase_draws(),
    conclusion=phase_two_printed,
    proof_idea="A distance d covered at speed eta_b C per iteration takes d/(eta_b C) iterations; the printed formula "
               "divides only the second distance by eta_b C.",
    audit=True,
    corrected="karp-phase-lengths",
    finding="the first term 4 C3 ln^1.5 k/sqrt k is a distance, not a number of iterations: it lacks the factor "
            "1/(eta_b C) (mis-parenthesized), so the printed T2 falls short by 4 C3 ln^1.5 k/sqrt k (1/(eta_b C) - 1) "
            "whenever eta_b C < 1 (always: eta_b = eta/k with eta = 1/poly(k)); at k = 1e4, C3 = C = 1, eta_b = 1e-6 "
            "the "
            "term is 1.12 as printed and 1.1e6 restored; corrected T2 = (4 C3 ln^1.5 k/sqrt k + b_max^+)/(eta_b C)",
    examples=15,
)
test_karp_phase_two_length_as_printed = PHASE_PRINTED.test()


def phases(p: PhaseDraw, t2_factor=1, threshold_factor=4) -> list[Check]:
    q = _phase(p)
    T1 = (2 * q["C2"] / q["L"] ** 4 + q["delta"]) / (q["eta"] * q["A"])
    T2 = t2_factor * q["needed"]
    c_min = q["C2"] / q["L"] ** 4
    return [equal(sympy.simplify(-q["delta"] + T1 * q["eta"] * q["A"] - 2 * q["C2"] / q["L"] ** 4), sympy.Integer(0),
                  label="from c_0 >= -delta at rate eta A, T1 iterations reach 2 C2/ln^4 k"),
            equal(sympy.simplify(q["b_plus"] - T2 * q["eta_b"] * q["C"] + q["theta"]), sympy.Integer(0),
                  label="from b^+ at rate eta_b C, T2 iterations reach -4 C3 ln^1.5 k/sqrt k"),
            equal(sympy.simplify(2 * q["C3"] * q["sigma"] * 2 * sympy.sqrt(q["L"])
                                 - threshold_factor * q["C3"] * q["L"] ** sympy.Rational(3, 2) / sympy.sqrt(q["K"])),
                  sympy.Integer(0), label="|b|/(2 C3 sigma) > 2 sqrt(ln k) iff |b| > 4 C3 ln^1.5 k/sqrt k"),
            le(_value((c_min ** 2 + 4 * q["delta"] ** 2) * q["sigma"] ** 2), _value(4 * c_min ** 2 * q["sigma"] ** 2),
               label="c >= C2/ln^4 k and v <= 2 delta give s <= 2 c sigma")]


PHASES = Claim(
    id="karp-phase-lengths",
    title="Karp Theorem 3.1 proof: the iteration counts T1 and T2 (corrected) and the threshold on |b|",
    statement="T1 = (2 C2/ln^4 k + delta)/(eta A) iterations at rate eta A lift c from >= -delta to 2 C2/ln^4 k; "
              "T2 = (4 C3 ln^1.5 k/sqrt k + b^+)/(eta_b C) iterations at rate eta_b C take b from b^+ to "
              "-4 C3 ln^1.5 k/sqrt k, the point where alpha >= |b|/(2 C3 sigma) > 2 sqrt(ln k) (Lemma B.5) since "
              "s <= 2 c sigma once c >= C2/ln^4 k >= v/2",
    sources=[Source(KARP, "App. B.1.3, proof of Theorem 3.1 (T1, T2 with the factor 1/(eta_b C) restored)",
                    ("KARP-33",))],
    kind="exact",
    area="kernels",
    instances=phase_draws(),
    conclusion=phases,
    proof_idea="Constant-rate motion: distance/rate; 2 C3 sigma 2 sqrt(ln k) = 4 C3 ln^1.5 k/sqrt k; "
               "s^2 = (c^2 + v^2) sigma^2 <= 4 c^2 sigma^2 when v^2 <= 3 c^2.",
    mutants=[
        Mutant("half-t2", "half the iterations cover half the distance",
               conclusion=lambda p: phases(p, t2_factor=sympy.Rational(1, 2))),
        Mutant("threshold-factor-2", "2 C3 sigma times 2 sqrt(ln k) is 4 C3 ln^1.5 k/sqrt k, not 2 C3 ...",
               conclusion=lambda p: phases(p, threshold_factor=2)),
    ],
    examples=15,
)
test_karp_phase_lengths = PHASES.test()


# --------------------------------------------------------------------------- KARP-32: Figure 3.3's noise level

UNIT_NOISE_CAP = 0.45


def unit_noise_cap(state: State, certify: str = "lower") -> Check:
    lo, hi = error_bounds(state)
    if certify == "upper":
        return ge(hi, UNIT_NOISE_CAP, label=f"error >= {UNIT_NOISE_CAP} (certified upper bound {hi:.4g})")
    return ge(lo, UNIT_NOISE_CAP, label=f"sigma = {state.noise:.3g}: error >= {lo:.4g} >= {UNIT_NOISE_CAP}")


def _unit_noise_states(k: SearchStrategy[int] = log_integers(1000, 10**6)):
    return st.builds(lambda kk, th, beta: State(kk, math.cos(th), math.sin(th), beta, sigma=1.0),
                     k, st.floats(0.0, math.pi / 2 - 1e-9), st.floats(-1.5, 4.0))


UNIT_NOISE = Claim(
    id="karp-unit-noise-caps-accuracy",
    title="Karp Figure 3.3: at the noise level sigma = 1 of the synthetic experiment no soft-threshold CNN beats 55%",
    statement="with noise rows N(0, I_d) (sigma = 1, as in Figure 3.3 and App. B.3, not the theory's ln k/sqrt k) and "
              "k >= 1000, every (w, b) has error >= 0.45: the per-row signal-to-noise ratio is at most 1 and the "
              "threshold cannot separate the signal row from the k noise rows, so 'test accuracy increases, tightly "
              "aligning with the theory' can only mean a gain of a few points.  The dynamics claims of Sec. 3.4 "
              "(b first rises, then falls; b/|c| <= Theta(1/k) while b > 0) need a training simulation and are not "
              "checked",
    sources=[Source(KARP, "Sec. 3.4 Figure 3.3 and 'Comment on actual dynamics'; App. B.3 'Synthetic data'",
                    ("KARP-32",))],
    kind="numeric",
    area="kernels",
    instances=_unit_noise_states(),
    conclusion=unit_noise_cap,
    proof_idea="By homogeneity only the direction of w and b/||w|| matter; with ||w|| = 1 the signal gives "
               "g = phi_b(cos theta) <= phi_b(1) while each noise row is phi_b(N(0, 1)); Berry–Esseen (constant "
               "0.4748) bounds P[S >= g] from below, and g <= 0 gives error >= 1/2.",
    mutants=[
        Mutant("theory-noise-level",
               "at sigma = ln k/sqrt k the filter (w*, -0.8) errs with probability well below 0.45",
               instances=st.builds(lambda kk, tau: State(kk, 1.0, 0.0, -tau), log_integers(1000, 5000),
                                   st.floats(0.75, 0.85)),
               conclusion=lambda s: unit_noise_cap(s, certify="upper")),
    ],
    examples=30,
)
test_karp_unit_noise_caps_accuracy = UNIT_NOISE.test()
