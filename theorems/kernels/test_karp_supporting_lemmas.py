"""Karp App. B.1.3: the supporting lemmas of the soft-threshold CNN analysis (initialization, mini-batch
concentration, variance bounds, function values, and E|S_i| against the standard deviation).

Statement.  In the reduced coordinates of App. B.1.1 (``S_i = phi_b(Z_i)``, ``Z_i ~ N(0, s^2)``, ``S = sum_I S_i``,
``y f = (c + b) + y S`` when ``c >= |b|``):
- Lemma B.3: ``w0 ~ N(0, delta^2/(kd) I_d)`` has ``max_i |w0_i| <= delta/sqrt d`` except with probability
  ``1 - (1 - 2 Phi^c(sqrt k))^d <= 2d Phi^c(sqrt k) <= 2d e^{-k/2}``, and then ``|c_0|, v_0 <= ||w0|| <= delta``;
- Lemma B.4 (bias part): ``|grad_b l| <= k + 1`` for every sample, so a batch of ``n`` concentrates within
  ``(k + 1) sqrt(2 ln(2/delta')/n)`` (Hoeffding);
- Lemma B.6: Bernstein's inequality ``P[S >= t] <= exp(-t^2/(2k u^2 + 2Mt/3)) + 2k exp(-(M - b)^2/(2 s^2))`` with
  ``u^2 = Var[S_1 | |S_1| <= M]``, ``M = s ln^2 k``; so error >= 0.01 forces
  ``k u^2/(c + b)^2 >= 1/(2 ln(1/(0.01 - q))) - M/(3(c + b))`` (q the second term), whose limit is
  ``1/(2 ln 100) = 0.109``; Corollary B.1: ``Var[S_i] >= u^2``;
- Lemma B.8: ``P[|S| >= c + b + 10] <= E l/5``, so E l <= 1 gives ``P[|S| < c + b + 10] >= 4/5``;
- Lemma B.9: for ``b < 0``, ``E|S_i| / sqrt(Var S_i) = r(alpha) sqrt(Phi^c(alpha))`` with ``r >= 1``; with
  ``c > |b|`` the error is at most ``k Phi^c(alpha)``, so error >= eps gives ``E|S_i| >= sqrt(eps/k) sqrt(Var S_i)``.

Sources.  Karp, *Adapting to Structure and Using Structure to Adapt* (PhD thesis, CMU, 2024), App. B.1.3:
Lemma B.3 (KARP-20), Lemma B.4 (KARP-21), Lemma B.6 (KARP-23), Corollary B.1 (KARP-24), Lemma B.8
(KARP-26), Lemma B.9 (KARP-29).

Proof ideas.  Gaussian tails and the union bound; ``|1{z >= -b} - 1{z <= b}| <= 1`` per row; Bernstein for the
truncated i.i.d. symmetric ``S_i`` and a union bound for the truncation; ``E[S^2] >= E[S^2 | |S| <= M]`` since the
conditional mean on ``|S| > M`` exceeds ``M^2``; ``l(x) >= (-x)_+``; closed-form truncated-normal moments.

Audit.  Lemma B.9 is printed for every state with ``b_t < 0``, but its proof starts from error >= 0.01:
without it ``E|S_i|/sqrt(Var S_i) ~ sqrt(Phi^c(alpha))`` is as small as one likes (2.8e-12 at ``alpha = 10``).
Its printed rate ``k^{-3/8}`` also needs ``4 ln^1.5 k < k^{1/4}`` (``ln k > 24.8``, see karp-order-bookkeeping);
the finite statement checked here has the rate ``k^{-1/2}``.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, ge, holds, le
from checks.documents import KARP
from checks.linalg import EPS
from checks.local_signal import (State, error_bounds, loss_bounds, noise_std, norm_sf, reduced_output, sample_reduced,
                                 sigmoid, soft_abs_moment, soft_threshold,
                                 soft_truncated_second_moment, unit_vector)
from checks.stats import rate_le
from checks.strategies.local_signal import (Hypothesized, SampledState, alpha_states, certified_error_states,
                                            certified_loss_states, general_states, log_integers, log_uniform,
                                            ratio_states, sampled_states)


# --------------------------------------------------------------------------- rounding allowances
#
# Tolerances count roundings (a correctly rounded operation errs by <= EPS/2 relative, log1p/expm1/exp by about an
# ulp, an mpmath value (>= 40 digits) reaches a double with one rounding); none is tuned to the instances.

def ndtr_rounding(x: float) -> float:
    """Relative rounding bound of ``special.ndtr`` at a double ``x`` (so of ``norm_sf(-x)``): the rounding of
    ``x/sqrt 2`` and of its square inside erfc, each amplified by ``|d ln Phi(x)/d ln x| <= 1 + x^2``, plus a
    few ulps of erfc: ``(8 + 2 x^2) EPS`` (about twice the worst error against mpmath on ``[-37.5, 8]``)."""
    return (8 + 2 * x * x) * EPS


TRUNCATED_ROUNDING = 16 * EPS
"""Relative rounding of ``Var S_1`` against ``u^2 = E[S_1^2 1{|S_1| <= M}] / P[|S_1| <= M]``: the variance is one
mpmath value scaled by ``s^2`` (3 roundings); the truncated second moment and the mass sum <= 4 pieces, each an
mpmath value scaled by ``s^2`` and accumulated (<= 4 roundings each, plus 3 of the accumulation), the truncation
points ``(±M/s - intercept)/slope`` are rounded (<= 1 rounding of the relative mass each, two per side), and the
ratio is one more: < 24 roundings, allowed 32 (16 EPS)."""


# --------------------------------------------------------------------------- KARP-20: Lemma B.3

def initialization(inst: tuple[int, int, int], bound=lambda k, d: 2 * d * math.exp(-k / 2),
                   union=lambda k, d: 2 * d * norm_sf(math.sqrt(k))) -> list[Check]:
    k, d, seed = inst
    tail = norm_sf(math.sqrt(k))
    p_fail = -math.expm1(d * math.log1p(-2 * tail))
    # 1 - (1 - q)^d <= d q with the same double q: log1p and expm1 (<= 1 ulp each; the error of the expm1
    # argument x < 0 is not amplified, since |x| e^x <= |expm1 x|) and two products: 6 EPS relative
    checks = [le(p_fail, union(k, d), tol=6 * EPS * p_fail, label=f"P[max_i |w_i| > delta/sqrt d] <= union bound "
                                                                   f"(k = {k}, d = {d})",
                 why="6 EPS (log1p, expm1, two products)"),
              le(union(k, d), bound(k, d), label="2d Phi^c(sqrt k) <= 2d e^{-k/2}")]
    rng = np.random.default_rng(seed)
    dd = min(d, 2000)
    delta = 1.0
    W = rng.normal(0.0, delta / math.sqrt(k * dd), size=(200, dd))
    w_star = unit_vector(rng, dd)
    inside = np.all(np.abs(W) <= delta / math.sqrt(dd), axis=1)
    norms = np.linalg.norm(W, axis=1)
    c = W @ w_star
    v = np.linalg.norm(W - c[:, None] * w_star, axis=1)
    # ||w0||: each |w_i| <= fl(delta/sqrt dd) <= (1 + EPS) delta/sqrt dd, the sum of dd squares errs by <= dd EPS/2
    # relative and the square root halves it: (1 + (dd + 4) EPS).  |c0| = |<w0, w*>| and v0 = ||w0 - c0 w*||
    # against ||w0||: the dot product (dd EPS/2 of ||w0||, ||w*|| = 1 up to dd EPS/2), the subtraction and both norms
    # (dd EPS/2 each): (1 + 4 (dd + 2) EPS)
    checks.append(holds(bool(np.all(norms[inside] <= delta * (1 + (dd + 4) * EPS))),
                        "the event E gives ||w0|| <= delta", f"{int(inside.sum())} of 200 draws in E"))
    proj = 1 + 4 * (dd + 2) * EPS
    checks.append(holds(bool(np.all((np.abs(c) <= norms * proj) & (v <= norms * proj))),
                        "|c0|, v0 <= ||w0||"))
    return checks


INITIALIZATION = Claim(
    id="karp-initialization-small",
    title="Karp Lemma B.3: the initialization w0 ~ N(0, delta^2/(kd) I) is small",
    statement="for w0 ~ N(0, delta^2/(kd) I_d): P[exists i, |w0_i| > delta/sqrt d] = 1 - (1 - 2 Phi^c(sqrt k))^d <= "
              "2d Phi^c(sqrt k) <= 2d e^{-k/2}, and on the complement ||w0|| <= delta, so |c_0|, v_0 <= delta "
              "(the printed event omits the absolute value, without which ||w0|| <= delta does not follow)",
    sources=[Source(KARP, "App. B.1.3, Lemma B.3 and Remark B.1", ("KARP-20",))],
    kind="numeric",
    area="kernels",
    instances=st.tuples(st.integers(1, 400), log_integers(1, 10**6), st.integers(0, 2**32 - 1)),
    conclusion=initialization,
    proof_idea="sqrt(kd) w0_i/delta ~ N(0, 1), so |w0_i| > delta/sqrt d iff |N| > sqrt k; union bound and "
               "Phi^c(x) <= e^{-x^2/2}; then ||w0||^2 <= d (delta/sqrt d)^2.",
    mutants=[
        Mutant("rate-e-to-minus-k", "at k = 4, d = 1 the probability is 2 Phi^c(2) = 0.046 > e^{-4} = 0.018",
               conclusion=lambda i: initialization(i, bound=lambda k, d: d * math.exp(-k))),
        Mutant("one-sided-union", "|w0_i| > delta/sqrt d has two tails, so the union bound needs 2d Phi^c(sqrt k)",
               conclusion=lambda i: initialization(i, union=lambda k, d: d * norm_sf(math.sqrt(k)))),
    ],
    examples=30,
)
test_karp_initialization_small = INITIALIZATION.test()


# --------------------------------------------------------------------------- KARP-21: Lemma B.4

DELTA_PRIME = 0.05
REPEATS = 40


def bias_gradient_samples(state: State, rng: np.random.Generator, n: int) -> np.ndarray:
    """Per-sample ``grad_b l`` in the reduced model: ``-y sigmoid(-yf) [sum_I (1{Z_i >= -b} - 1{Z_i <= b}) +
    (1{cy >= -b} - 1{cy <= b})]``."""
    A, B, Y = sample_reduced(rng, n, state)
    Z = state.c * A + state.v * B
    f = reduced_output(state, Z, Y)
    b = state.b
    ind = ((Z >= -b).astype(float) - (Z <= b)).sum(axis=1) + ((state.c * Y >= -b).astype(float) - (state.c * Y <= b))
    return -Y * sigmoid(-Y * f) * ind


def concentration(sample: SampledState, width=lambda k: 2 * (k + 1)) -> list[Check]:
    state, n = sample.state, sample.n
    rng = np.random.default_rng(sample.seed)
    k = state.k
    radius = width(k) * math.sqrt(math.log(2 / DELTA_PRIME) / (2 * n))
    first = bias_gradient_samples(state, rng, n)
    exceed = 0
    means = []
    for _ in range(REPEATS):
        g1, g2 = bias_gradient_samples(state, rng, n), bias_gradient_samples(state, rng, n)
        exceed += int(abs(g1.mean() - g2.mean()) > 2 * radius)
        means.append(g1.mean())
    return [le(float(np.max(np.abs(first))), k + 1, label="|grad_b l| <= k + 1 on every sample"),
            rate_le(exceed, REPEATS, 2 * DELTA_PRIME,
                    label=f"two batches of n = {n} differ by > 2 x Hoeffding radius {radius:.4g} w.p. <= 2 delta'")]


CONCENTRATION = Claim(
    id="karp-minibatch-bias-gradient-concentration",
    title="Karp Lemma B.4 (bias part): |grad_b l| <= k + 1, so mini-batch bias gradients concentrate",
    statement="every sample has |grad_b l| <= k + 1, so by Hoeffding a batch mean of n fresh samples is within "
              "(k + 1) sqrt(2 ln(2/delta')/n) of grad_b E l with probability >= 1 - delta'; two independent batches "
              "then differ by more than twice that with probability <= 2 delta' (the w-part's 'delta/(eta poly(k))' "
              "has no explicit poly(k) and is not checked)",
    sources=[Source(KARP, "App. B.1.3, Lemma B.4 (the deterministic bound and the Hoeffding step for b)",
                    ("KARP-21",))],
    kind="statistical",
    area="kernels",
    instances=sampled_states(general_states(log_integers(20, 200), c=st.floats(-1.0, 1.0), v=st.floats(0.0, 1.0),
                                            b=st.floats(-0.3, 0.3)), n=200),
    conclusion=concentration,
    proof_idea="Each row contributes 1{Z >= -b} - 1{Z <= b} in {-1, 0, 1} and the signal row one more, times "
               "sigmoid(-yf) in (0, 1).  The batch-to-batch deviations over 40 repetitions are tested by an exact "
               "binomial test at level 1e-6 (no reference value of grad_b E l is needed).",
    mutants=[
        Mutant("range-one", "the per-sample gradient ranges over an interval of width 2(k + 1), not 2; with many "
               "active rows its standard deviation is about sqrt(k)/2",
               instances=sampled_states(st.builds(lambda k: State(k, 1e-3, 0.3 / math.log(k), 0.0),
                                                  log_integers(150, 200)), n=200),
               conclusion=lambda s: concentration(s, width=lambda k: 2.0)),
    ],
    examples=6,
)
test_karp_minibatch_bias_gradient_concentration = CONCENTRATION.test()


# --------------------------------------------------------------------------- KARP-23, KARP-24: Lemma B.6 and Cor. B.1

def _truncation(state: State) -> tuple[float, float, float, float]:
    """``(M, u^2, P[|S_1| <= M], q)`` with ``M = s ln^2 k`` and ``q = 2k exp(-(M - b)^2/(2 s^2))``."""
    s, b, k = state.s, state.b, state.k
    M = s * math.log(k) ** 2
    second, mass = soft_truncated_second_moment(s, b, M)
    q = 2 * k * math.exp(-(M - b) ** 2 / (2 * s * s)) if M > b else math.inf
    return M, second / mass, mass, q


def bernstein(sample: SampledState, variance_term: bool = True) -> list[Check]:
    state = sample.state
    k, s, b = state.k, state.s, state.b
    t = state.signal
    M, u2, mass, q = _truncation(state)
    rhs = math.exp(-t * t / (2 * k * u2 + (2 * M * t / 3 if variance_term else 0.0))) + q
    rng = np.random.default_rng(sample.seed)
    S = soft_threshold(rng.normal(0.0, s, size=(sample.n, k)), b).sum(axis=1)
    count = int(np.sum(S >= t))
    checks = [rate_le(count, sample.n, min(rhs, 1.0),
                      label=f"P[S >= c + b] <= exp(-t^2/(2k u^2 + 2Mt/3)) + 2k e^{{-(M-b)^2/2s^2}} = {rhs:.4g}")]
    if variance_term:
        # an equality for b <= 0 (|S_1| > M iff |Z| > M + |b|): 1 - mass loses the relative accuracy of the double
        # mass (<= 4 pieces accumulated: 2.5 EPS absolute, the subtraction is exact), and both tails sit at
        # thresholds (M - b)/s carried through <= 4 roundings along two paths, which moves Phi^c by x^2 2 EPS
        x = (M - b) / s
        rhs_tail = k * 2 * norm_sf(x)
        checks += [le(k * (1 - mass), rhs_tail, tol=4 * k * EPS + (ndtr_rounding(x) + 2 * x * x * EPS) * rhs_tail,
                      label="k P[|S_1| > M] <= k P[|Z| > M - b]",
                      why="4 k EPS (1 - mass) + (8 + 4 x^2) EPS relative, x = (M - b)/s"),
                   le(k * 2 * norm_sf((M - b) / s), q, label="P[|Z| > x] <= 2 exp(-x^2/(2 s^2))")]
    return checks


def margin_states(k: st.SearchStrategy[int], alpha: st.SearchStrategy[float], margin: st.SearchStrategy[float]):
    """States with ``b = -1``, ``alpha = |b|/s`` and signal margin ``c + b = margin * s`` (``v`` makes up ``s``;
    draws with ``c sigma > s`` are impossible and rejected)."""
    def build(kk: int, al: float, x: float) -> State | None:
        s = 1 / al
        c = 1 + x * s
        sig = noise_std(kk)
        return State(kk, c, math.sqrt((s / sig) ** 2 - c * c), -1.0) if c * sig < s else None
    return st.builds(build, k, alpha, margin).filter(lambda s: s is not None)


POISSON = margin_states(log_integers(1100, 1500), st.floats(3.95, 4.1), st.floats(0.4, 0.55))
"""Few active rows, each far beyond the threshold: where a sub-Gaussian bound fails."""

BERNSTEIN = Claim(
    id="karp-bernstein-step",
    title="Karp Lemma B.6: the truncated Bernstein bound on P[S >= c + b]",
    statement="for a state with c > |b|, t = c + b and M = s ln^2 k: P[sum_I S_i >= t] <= exp(-t^2/(2k u^2 + "
              "2Mt/3)) + k P[|S_1| > M], u^2 = Var[S_1 | |S_1| <= M], and k P[|S_1| > M] <= k P[|Z_1| > M - b] <= "
              "2k exp(-(M - b)^2/(2 s^2))",
    sources=[Source(KARP, "App. B.1.3, proof of Lemma B.6 (the displayed inequality chain)", ("KARP-23",))],
    kind="statistical",
    area="kernels",
    instances=sampled_states(st.one_of(margin_states(log_integers(10, 300), st.floats(0.2, 3.0), st.floats(0.1, 3.0)),
                                       POISSON), n=3000),
    conclusion=bernstein,
    proof_idea="Condition on E_M = {|S_i| <= M for all i}: the S_i stay i.i.d., symmetric (mean 0), bounded by M with "
               "variance u^2, so Bernstein applies; P[not E_M] <= k P[|S_1| > M] and |S_1| <= |Z_1| + b_+.  The "
               "probability is estimated on 3000 draws of Z_i ~ N(0, s^2) and tested exactly (binomial, level 1e-6).",
    mutants=[
        Mutant("sub-gaussian-only", "without the 2Mt/3 term the bound is sub-Gaussian, and a few rows passing a high "
               "threshold have heavier tails (k = 1000, alpha = 4: P[S >= 0.5 s] >= 1.7e-3 against 1.6e-9)",
               instances=sampled_states(POISSON, n=4000), conclusion=lambda s: bernstein(s, variance_term=False)),
    ],
    examples=5,
)
test_karp_bernstein_step = BERNSTEIN.test()


def variance_lower(state: State, per_row: bool = True) -> list[Check]:
    k, g = state.k, state.signal
    M, u2, mass, q = _truncation(state)
    if not q < 0.01:
        return [holds(True, "the truncation term exceeds 0.01: no conclusion")]
    L = math.log(1 / (0.01 - q))
    beta = 1 / (2 * L) - M / (3 * g)
    var = soft_abs_moment(state.s, state.b, 2)
    scale = k if per_row else 1
    return [ge(scale * u2 / g ** 2, beta, label=f"error >= 0.01 gives k u^2/(c+b)^2 >= beta = {beta:.4g}"),
            ge(var, u2, tol=TRUNCATED_ROUNDING * var, label="Cor. B.1: Var[S_i] >= Var[S_i | |S_i| <= M]",
               why="16 EPS relative (TRUNCATED_ROUNDING); tight when P[|S_1| > M] is below rounding")]


CLT_STATES = alpha_states(log_integers(10**10, 10**16), st.floats(1.0, 4.5), margin_ratio=log_uniform(1.0, 1e8))
"""Huge k, many active rows: where Lemma B.6's beta is positive."""
FEW_STATES = alpha_states(log_integers(200, 10**5), st.floats(1.0, 3.0), margin_ratio=log_uniform(1e-6, 1e-2))
"""A few active rows and a tiny signal margin: where the error is large although alpha is moderate."""


VARIANCE = Claim(
    id="karp-conditional-variance-lower-bound",
    title="Karp Lemma B.6 and Corollary B.1: error >= 0.01 forces Var[S_i] >= beta (c + b)^2/k",
    statement="for every state with c > |b| and error >= 0.01 (certified), if q = 2k exp(-(M - b)^2/(2s^2)) < 0.01 "
              "then "
              "k u^2/(c + b)^2 >= beta := 1/(2 ln(1/(0.01 - q))) - M/(3(c + b)) (M = s ln^2 k), and Var[S_i] >= u^2; "
              "as k -> infinity beta -> 1/(2 ln 100) = 0.109, the constant of Lemma B.6; beta > 0 only once "
              "M/(c + b) ~ ln^3 k/sqrt k is small, i.e. k >~ 1e10",
    sources=[Source(KARP, "App. B.1.3, Lemma B.6 (explicit form of its contrapositive)", ("KARP-23",)),
             Source(KARP, "App. B.1.3, Corollary B.1", ("KARP-24",))],
    kind="numeric",
    area="kernels",
    instances=certified_error_states(st.one_of(CLT_STATES, FEW_STATES)),
    conclusion=variance_lower,
    proof_idea="The error is P[S >= c + b] (symmetry); if it is >= 0.01, Bernstein's bound minus q is >= 0.01 - q, "
               "i.e. t^2/(2k u^2 + 2Mt/3) <= ln(1/(0.01 - q)); solve for u^2.  The hypothesis is certified by Levy's "
               "and Berry–Esseen's lower bounds, u^2 is a closed form.",
    mutants=[
        Mutant("without-one-over-k", "u^2 is of order (c + b)^2/k, not (c + b)^2",
               instances=certified_error_states(CLT_STATES), conclusion=lambda s: variance_lower(s, per_row=False)),
    ],
    examples=20,
)
test_karp_conditional_variance_lower_bound = VARIANCE.test()


def truncated_variance(inst: tuple[State, float], reverse: bool = False) -> Check:
    state, ratio = inst
    M = ratio * state.s
    second, mass = soft_truncated_second_moment(state.s, state.b, M)
    u2 = second / mass
    var = soft_abs_moment(state.s, state.b, 2)
    why = "16 EPS relative (TRUNCATED_ROUNDING); tight when P[|S_1| > M] is below rounding"
    if reverse:
        return le(var, u2, tol=TRUNCATED_ROUNDING * var, label="E[S^2] <= E[S^2 | |S| <= M]", why=why)
    return ge(var, u2, tol=TRUNCATED_ROUNDING * var, label=f"E[S^2] >= E[S^2 | |S| <= M] (M = {M:.3g})", why=why)


TRUNCATED = Claim(
    id="karp-variance-dominates-truncated-variance",
    title="Karp Corollary B.1's step: E[S_i^2] >= E[S_i^2 | |S_i| <= M]",
    statement="for every threshold M > 0 and every bias b, E[S_1^2] >= E[S_1^2 | |S_1| <= M] for S_1 = phi_b(Z), "
              "Z ~ N(0, s^2) (so Var[S_i] >= u_t^2, with equality only if |S_1| <= M almost surely)",
    sources=[Source(KARP, "App. B.1.3, Corollary B.1 (from Lemma B.6)", ("KARP-24",))],
    kind="numeric",
    area="kernels",
    instances=st.tuples(general_states(log_integers(2, 10**4), c=st.floats(0.1, 3.0), v=st.floats(0.0, 3.0)),
                        log_uniform(0.05, 30.0)),
    conclusion=truncated_variance,
    proof_idea="E[S^2] = P E[S^2 | |S| <= M] + (1 - P) E[S^2 | |S| > M] and the second conditional mean is >= M^2 >= "
               "the first.",
    mutants=[
        Mutant("reversed", "truncation removes the largest values, so it lowers the second moment",
               conclusion=lambda i: truncated_variance(i, reverse=True)),
    ],
    examples=30,
)
test_karp_variance_dominates_truncated_variance = TRUNCATED.test()


# --------------------------------------------------------------------------- KARP-26: Lemma B.8

def function_value(sample: SampledState, slack: float = 10.0) -> list[Check]:
    state = sample.state
    g = state.c + state.b
    lo_loss, hi_loss = loss_bounds(state)
    rng = np.random.default_rng(sample.seed)
    S = soft_threshold(rng.normal(0.0, state.s, size=(sample.n, state.k)), state.b).sum(axis=1)
    far = int(np.sum(np.abs(S) >= g + slack))
    checks = [le(hi_loss, 1.0, label=f"E l <= {hi_loss:.4g} <= 1 (certified)"),
              rate_le(far, sample.n, 0.2, label=f"P[|S| >= c + b + {slack:g}] <= 1/5")]
    if slack == 10.0:
        checks.append(rate_le(far, sample.n, min(hi_loss / 5, 1.0), label="P[|S| >= c + b + 10] <= E l / 5"))
    return checks


FUNCTION_VALUE = Claim(
    id="karp-function-value-bounded",
    title="Karp Lemma B.8: with E l <= 1 the noise sum stays within c + b + 10 with probability >= 4/5",
    statement="for every state with c >= |b| (unstated in the text, needed for f = c + b + S on y = 1): "
              "P[|S| >= c + b + 10] <= E l/5, so E l <= 1 gives P[|S| < c + b + 10] >= 4/5",
    sources=[Source(KARP, "App. B.1.3, Lemma B.8 (with c_t >= |b_t|)", ("KARP-26",))],
    kind="statistical",
    area="kernels",
    instances=sampled_states(certified_loss_states(ratio_states(log_integers(5, 200), log_uniform(1e-3, 5.0),
                                                                st.floats(-1.0, 1.0), st.floats(0.0, 3.0))), n=4000),
    conclusion=function_value,
    proof_idea="For y = 1, l(f) >= (-f)_+ >= 10 on {S <= -(c + b) - 10}; by symmetry of S, P[|S| >= x] = "
               "2 P[S <= -x].  Tested with exact binomial tests (level 1e-6) on 4000 draws of S; the loss bound is "
               "certified (l(g) + min(E|S|/2, E S^2/8), or e^{-g} M(1)^k).",
    mutants=[
        Mutant("slack-one", "with slack 1 instead of 10: b = 0, c ~ 0 and S ~ N(0, 1.5^2) has E l ~ 0.97 <= 1 but "
               "P[|S| >= 1] ~ 0.5",
               instances=sampled_states(st.builds(lambda k: State(k, 1e-3, 1.45 / math.log(k), 0.0),
                                                  log_integers(20, 200)), n=4000),
               conclusion=lambda s: function_value(s, slack=1.0)),
    ],
    examples=10,
)
test_karp_function_value_bounded = FUNCTION_VALUE.test()


# --------------------------------------------------------------------------- KARP-29: Lemma B.9

def abs_std_ratio(alpha: float) -> float:
    """``E|S_1| / sqrt(Var S_1)`` for ``b = -alpha s`` (independent of ``s``; ``alpha <= 36`` keeps the moments,
    of order ``phi(alpha)``, inside the range of doubles)."""
    if alpha > 36.0:
        raise ValueError(f"alpha = {alpha} is beyond the double-precision range of the moments (<= 36)")
    return soft_abs_moment(1.0, -alpha, 1) / math.sqrt(soft_abs_moment(1.0, -alpha, 2))


def printed_b9(h: Hypothesized) -> Check:
    state, C1 = h.state, h.constant
    return ge(abs_std_ratio(state.alpha), C1 * state.k ** -0.375,
              label=f"printed: E|S_i| >= C1 sqrt(Var S_i / k^(3/4)) with C1 = {C1:.3g} (alpha = {state.alpha:.4g})")


B9_PRINTED = Claim(
    id="karp-mean-absolute-vs-std-as-printed",
    title="Karp Lemma B.9: E|S_i| >= C1 sqrt(Var[S_i]/k^{3/4}) whenever b < 0 (as printed)",
    statement="there are C1 > 0 and k_0 such that for k >= k_0 and every state with b < 0: "
              "E|S_i| >= C1 sqrt(Var[S_i]/k^{3/4})",
    sources=[Source(KARP, "App. B.1.3, Lemma B.9", ("KARP-29",))],
    kind="numeric",
    area="kernels",
    instances=st.builds(Hypothesized, state=alpha_states(log_integers(10**3, 10**10), st.floats(0.01, 35.9)),
                        constant=log_uniform(1e-6, 1.0)),
    conclusion=printed_b9,
    proof_idea="For b < 0, E|S_i| = 2s J_1(alpha), Var S_i = 2 s^2 J_2(alpha) (J_n the truncated-normal moments), and "
               "E|S_i|/sqrt(Var S_i) = r(alpha) sqrt(Phi^c(alpha)) with 1 <= r <= 1.128.  The constant C1 is drawn in "
               "(1e-6, 1), so a violation comes from a large alpha, not from a large C1.",
    audit=True,
    corrected="karp-mean-absolute-vs-std",
    finding="the ratio E|S_i|/sqrt(Var S_i) is about sqrt(Phi^c(alpha)) and tends to 0 as alpha = |b|/s grows (2.8e-12 "
            "at alpha = 10, against C1 k^{-3/8} = 0.032 C1 at k = 1e4); the proof starts from error >= 0.01, which "
            "bounds alpha, so that hypothesis (and c > |b|) must be added",
    examples=20,
)
test_karp_mean_absolute_vs_std_as_printed = B9_PRINTED.test()


def mean_absolute(state: State, r_min: float = 1.0, per_row: bool = True) -> list[Check]:
    alpha = state.alpha
    ratio = abs_std_ratio(alpha)
    tail = norm_sf(alpha)
    # the ratio: two mpmath values at the same double alpha, a square root and a division (2 EPS); sqrt(tail):
    # half of ndtr_rounding(alpha) and one rounding: (8 + alpha^2) EPS in all, relative
    checks = [ge(ratio, r_min * math.sqrt(tail), tol=(8 + alpha ** 2) * EPS * ratio,
                 label=f"E|S_i|/sqrt(Var S_i) >= {r_min:g} sqrt(Phi^c(alpha)) (alpha = {alpha:.4g})",
                 why="(8 + alpha^2) EPS relative: the closed forms and ndtr at alpha")]
    lo, hi = error_bounds(state)
    if lo > 0:
        k = state.k
        # k tail: ndtr_rounding(alpha) and a product; lo is Levy's bound (log1p/expm1: 6 EPS relative to
        # lo <= k tail) or Berry-Esseen's (a Gaussian tail <= 1/2 minus a term < 1/2: <= 8 EPS absolute)
        checks += [le(lo, k * tail, tol=(ndtr_rounding(alpha) + 7 * EPS) * k * tail + 8 * EPS,
                      label="error <= P[S != 0]/2 <= k Phi^c(alpha)",
                      why="(15 + 2 alpha^2) EPS k Phi^c(alpha) + 8 EPS (Berry-Esseen's subtraction)"),
                   ge(ratio, math.sqrt(lo / (k if per_row else 1)), label=f"error >= {lo:.4g} gives E|S_i| >= "
                                                                          "sqrt(error/k) sqrt(Var S_i)")]
    return checks


B9 = Claim(
    id="karp-mean-absolute-vs-std",
    title="Karp Lemma B.9 (finite form): error >= eps gives E|S_i| >= sqrt(eps/k) sqrt(Var S_i)",
    statement="for b < 0: E|S_i|/sqrt(Var S_i) = r(alpha) sqrt(Phi^c(alpha)) with r(alpha) >= 1 for every alpha >= 0 "
              "(r(0) = 1.128, r -> 1); if moreover c > |b|, the error is at most P[S != 0]/2 <= k Phi^c(alpha), so "
              "error >= eps implies E|S_i| >= sqrt(eps/k) sqrt(Var S_i).  The printed rate k^{-3/8} needs the "
              "M >= k^{1/4} argument, valid only for ln k > 24.8",
    sources=[Source(KARP, "App. B.1.3, Lemma B.9 with the hypothesis error >= 0.01 (finite form of its proof)",
                    ("KARP-29",))],
    kind="numeric",
    area="kernels",
    instances=st.one_of(alpha_states(log_integers(10, 10**8), st.floats(0.0, 35.9)),
                        certified_error_states(alpha_states(log_integers(200, 10**6), st.floats(1.0, 4.0),
                                                            margin_ratio=log_uniform(1e-6, 1e-2)))),
    conclusion=mean_absolute,
    proof_idea="E|S_i| = 2 s [phi(alpha) - alpha Phi^c(alpha)] and E S_i^2 = 2 s^2 [(1 + alpha^2) Phi^c(alpha) - "
               "alpha phi(alpha)] (closed forms, computed with mpmath); r >= 1 from the Mills-ratio expansion.  With "
               "no active row S = 0 and y f = c + b > 0; given an active row, S is symmetric.",
    mutants=[
        Mutant("r-at-least-six-fifths", "r(alpha) decreases from 1.128 at alpha = 0 to 1, never reaching 1.2",
               conclusion=lambda s: mean_absolute(s, r_min=1.2)),
        Mutant("without-one-over-k", "with a few active rows the error is of order k Phi^c(alpha), so E|S_i|/sqrt(Var) "
               "~ sqrt(Phi^c(alpha)) is far below sqrt(error)", conclusion=lambda s: mean_absolute(s, per_row=False)),
    ],
    examples=25,
)
test_karp_mean_absolute_vs_std = B9.test()
