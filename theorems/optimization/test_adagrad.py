"""AdaGrad: non-increasing effective rates, the harmonic-sum lemma, the regret bound and deterministic rates.

Statement.
- Effective rates (Zhao Def. 5.2).  Diagonal AdaGrad ``s_t = s_{t-1} + g_t^2``, ``x_{t+1} = x_t - eta g_t/(sqrt(s_t) + eps)``
  has effective rates ``eta/(sqrt(s_{t,j}) + eps)`` that never increase, and strictly decrease at every step
  where ``g_{t,j} != 0`` (in exact arithmetic: ``s`` strictly increases).
- Harmonic-sum lemma.  For ``a_t >= 0``, ``a_1 > 0``, ``A_t = sum_{i<=t} a_i``:
  ``sum_t a_t/A_t <= 1 + ln(A_T/a_1)`` (scale-invariant); with an offset ``sigma^2 > 0``:
  ``sum_t a_t/(sigma^2 + A_t) <= ln(1 + A_T/sigma^2)``, and if every ``a_t <= sigma^2``:
  ``sum_t a_t/(sigma^2 + A_{t-1}) <= log2(1 + A_T/sigma^2)``.
- Regret (Zhao Thm 5.3).  For linear losses ``<g_t, x>`` on a box, diagonal AdaGrad with clipping and
  ``eps = 0`` has ``sum_t <g_t, x_t - u> <= sum_j (D_j^2/(2 eta) + eta) ||g_{1:T,j}||_2`` with
  ``D_j = max_t |x_{t,j} - u_j| <= D_inf``; with ``eta = D_inf/sqrt(2)`` this is ``<= sqrt(2) D_inf sum_j ||g_{1:T,j}||``.
- AdaGrad-norm, deterministic (Arora et al. Thm 2.5.4, corrected).  ``w_{t+1} = w_t - eta ∇_t/sqrt(A_t)``,
  ``A_t = sum_{i<=t} ||∇_i||^2``, beta-smooth f:
  ``sqrt(A_T) <= sum_t ||∇_t||^2/sqrt(A_t) <= (f(w_1) - f(w_(T+1)))/eta + (beta eta/2)(1 + ln(A_T/A_1))``, hence with
  ``|f| <= M/2`` at ``w_1, w_(T+1)``: ``(1/T) sum ||∇_t||^2 <= (M/eta + (beta eta/2)(1 + ln(A_T/A_1)))^2/T``.
- Offset diagonal AdaGrad, deterministic (Arora et al. Thm 2.5.5, corrected).
  ``w_{t+1}(j) = w_t(j) - ∇_t(j)/sqrt(sigma^2 + A_{t-1}(j))`` with ``sigma^2 >= every ∇_t(j)^2``:
  ``sum_t sum_j P_t(j) ∇_t(j)^2 <= f(w_1) - f(w_(T+1)) + (beta/2) sum_j log2(1 + A_T(j)/sigma^2)``, hence
  ``(1/T) sum ||∇_t||^2 <= max_j sqrt(sigma^2 + A_{T-1}(j)) (M + (beta/2) sum_j log2(1 + A_T(j)/sigma^2))/T``.

Audits.  Arora et al. write the harmonic bounds as ``<= log(GT)`` and ``<= log(sigma^2 T)`` and the two AdaGrad
theorems with ``beta + M log(GT)`` and ``M + beta log(GT)``: none is scale-covariant (rescaling f rescales the
log argument but leaves the left side, or the iterates, unchanged), and small scales give negative right sides.

Sources.  Zhao Ch. 5 Def. 5.2 (ZHAO-33) and Thm 5.3 (ZHAO-34); Arora et al. §2.5.4-2.5.5: the harmonic inequality
(ARORA-27), Theorem 2.5.4 (ARORA-28), Theorem 2.5.5 (ARORA-29).

Proof ideas.  ``a_t/A_t = 1 - A_{t-1}/A_t <= ln(A_t/A_{t-1})`` for ``t >= 2``; telescope.  With the offset, ``x <= log2(1 + x)``
on ``[0, 1]``.  Regret: per coordinate ``(x_{t+1} - u)^2 <= (x_t - u)^2 - 2 eta g_t (x_t - u)/sqrt(s_t) + eta^2 g_t^2/s_t``
(clipping is nonexpansive), weight by ``sqrt(s_t)/(2 eta)``, sum by parts with ``sqrt(s_t)`` non-decreasing, and
``sum_t g_t^2/sqrt(s_t) <= 2 sqrt(s_T)`` (the harmonic lemma for square roots).  Rates: the descent lemma at each step,
summed, with the harmonic lemma for the curvature terms.

Tolerances (``eps = 2^-52``).  Rounding is bounded per step from the objective's value and gradient error bounds
(``checks.smooth``): value errors at both ends, ``eta * grad_error * (2||g|| + grad_error) * P_t``, the update rounding
``delta = 2 eps (||w|| + ||P_t g||) + (t + 3) eps ||P_t g||`` (the accumulated sums and the square root), moved through
``(||∇f(w_{t+1})|| + beta delta) delta``; ``(T + 2) eps`` relative for the sums and ``4 eps (1 + |log|)`` for logarithms.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from checks.adaptive import adagrad, adagrad_norm, adagrad_offset, adam
from checks.claim import Check, Claim, Mutant, Source, holds, le
from checks.documents import ARORA, ZHAO
from checks.linalg import EPS
from checks.strategies.adaptive import (OnlineLinear, Terms, SmoothRun, Stream, online_linear, sequences,
                                        smooth_runs, streams)


def _worst(checks: list[Check]) -> Check:
    return max(checks, key=lambda c: c.ratio)


# ---------------------------------------------------------------------------------------------- rates
def monotone_checks(s: Stream, adam_rates: bool = False, strict_everywhere: bool = False) -> list[Check]:
    oracle = lambda x, t: s.G[t]
    if adam_rates:
        tr = adam(oracle, np.zeros(s.G.shape[1]), s.eta, len(s.G), beta1=0.9, beta2=0.99, eps=s.eps)
    else:
        tr = adagrad(oracle, np.zeros(s.G.shape[1]), s.eta, len(s.G), eps=s.eps)
    rate = tr.rate
    idle = [le(float(abs(tr.x[-1, j])), 0.0, label=f"coordinate {j} has only zero gradients and does not move")
            for j in range(s.G.shape[1]) if not np.any(s.G[:, j])]
    out = [le(float(rate[t + 1, j]), float(rate[t, j]),
              label=f"rate_(t+1, {j}) <= rate_(t, {j}) at t = {t + 1}")
           for t in range(len(s.G) - 1) for j in range(s.G.shape[1]) if math.isfinite(rate[t, j])]
    # strict decrease where g != 0, exactly: s_t (rational sums of the float squares) strictly increases
    acc = [Fraction(0)] * s.G.shape[1]
    strict = []
    for t, row in enumerate(s.G):
        new = [a + Fraction(float(x)) ** 2 for a, x in zip(acc, row)]
        strict += [_strict(new[j], acc[j], t, j) for j in range(len(row)) if row[j] != 0 or strict_everywhere]
        acc = new
    return [_worst(c) for c in (out, strict, idle) if c]


def _strict(new: Fraction, old: Fraction, t: int, j: int) -> Check:
    return holds(new > old, f"s_({t + 1},{j}) > s_({t},{j}): the rate strictly decreases",
                 f"{float(new):.6g} > {float(old):.6g}")


MONOTONE = Claim(
    id="adagrad-rates-nonincreasing",
    title="AdaGrad's per-coordinate effective rates eta/(sqrt(s_t) + eps) never increase",
    statement="For diagonal AdaGrad with eps >= 0, eta/(sqrt(s_(t,j)) + eps) is non-increasing in t for every j, "
              "and s_(t,j) strictly increases (so the rate strictly decreases) at every step with g_(t,j) != 0",
    sources=[Source(ZHAO, "Ch. 5, Definition 5.2 (diagonal AdaGrad) and Figure 5.8", ("ZHAO-33",))],
    kind="exact",
    area="optimization",
    instances=streams(),
    conclusion=monotone_checks,
    proof_idea="s_t = s_(t-1) + g_t^2 is non-decreasing, strictly where g_t != 0.  In floating point every "
               "operation (addition of a square, sqrt, + eps, eta/x) is monotone, so the computed rates are "
               "exactly non-increasing too.",
    mutants=[
        Mutant("adam-rates-monotone", "Adam's v̂_t is an exponential average: after large gradients followed by "
               "small ones it decays and the rate eta/(sqrt(v̂_t) + eps) grows",
               conclusion=lambda s: monotone_checks(s, adam_rates=True)),
        Mutant("strict-at-every-step", "a zero gradient leaves s_(t,j), and hence the rate, unchanged",
               conclusion=lambda s: monotone_checks(s, strict_everywhere=True)),
    ],
    examples=60,
)
test_adagrad_rates_nonincreasing = MONOTONE.test()


# ---------------------------------------------------------------------------------------------- harmonic
def _log_tol(x: float) -> float:
    return 4 * EPS * (1 + abs(x))


def harmonic_checks(q: Terms, plus_one: int = 1, log_base: float = 2.0) -> list[Check]:
    a, s2 = q.a, q.sigma2
    A = [Fraction(0)]
    for x in a:
        A.append(A[-1] + x)
    lhs = sum((x / A[t + 1] for t, x in enumerate(a)), Fraction(0))
    rhs = plus_one + math.log(A[-1] / a[0])
    off = sum((x / (s2 + A[t + 1]) for t, x in enumerate(a)), Fraction(0))
    off_prev = sum((x / (s2 + A[t]) for t, x in enumerate(a)), Fraction(0))
    r_off = math.log1p(A[-1] / s2)
    r_prev = math.log1p(A[-1] / s2) / math.log(log_base)
    why = "float rounding of the rational left side and of the logarithm"
    return [le(float(lhs), rhs, _log_tol(rhs) + EPS * float(lhs), why=why,
               label=f"sum a_t/A_t <= {plus_one} + ln(A_T/a_1), T = {len(a)}"),
            le(float(off), r_off, _log_tol(r_off) + EPS * float(off), why=why,
               label="sum a_t/(sigma^2 + A_t) <= ln(1 + A_T/sigma^2)"),
            le(float(off_prev), r_prev, _log_tol(r_prev) + EPS * float(off_prev), why=why,
               label=f"a_t <= sigma^2: sum a_t/(sigma^2 + A_(t-1)) <= log2(1 + A_T/sigma^2) (sigma^2/max a = "
                     f"{float(s2 / max(a)):.3g})")]


HARMONIC = Claim(
    id="harmonic-sum-lemma",
    title="Harmonic-sum lemma: sum a_t/A_t <= 1 + ln(A_T/a_1), and its offset forms",
    statement="For a_t >= 0 with a_1 > 0 and A_t = a_1 + ... + a_t: sum_t a_t/A_t <= 1 + ln(A_T/a_1); for sigma^2 > 0: "
              "sum_t a_t/(sigma^2 + A_t) <= ln(1 + A_T/sigma^2); if every a_t <= sigma^2: "
              "sum_t a_t/(sigma^2 + A_(t-1)) <= log2(1 + A_T/sigma^2)",
    sources=[Source(ARORA, "§2.5.4-2.5.5, the 'harmonic series' step of Thms 2.5.4 and 2.5.5 (corrected)",
                    ("ARORA-27",))],
    kind="exact",
    area="optimization",
    instances=sequences(),
    conclusion=harmonic_checks,
    proof_idea="a_t/A_t = 1 - A_(t-1)/A_t <= ln(A_t/A_(t-1)) for t >= 2 (1 - 1/x <= ln x), telescoping; the first term "
               "is 1.  With a_t <= sigma^2 the ratio x = a_t/(sigma^2 + A_(t-1)) lies in [0, 1] where x <= log2(1 + x), "
               "and 1 + x = (sigma^2 + A_t)/(sigma^2 + A_(t-1)).",
    mutants=[
        Mutant("without-plus-one", "at T = 1 the sum is a_1/a_1 = 1 > ln 1 = 0",
               conclusion=lambda q: harmonic_checks(q, plus_one=0)),
        Mutant("log2-to-ln", "at T = 1 with a_1 = sigma^2 the offset sum is 1 > ln 2",
               conclusion=lambda q: harmonic_checks(q, log_base=math.e)),
        Mutant("offset-below-terms", "with sigma^2 < a_1 the first ratio a_1/sigma^2 exceeds log2(1 + a_1/sigma^2)",
               instances=sequences(offset_factor=(Fraction(1, 8), Fraction(1, 4)))),
    ],
    examples=80,
)
test_harmonic_sum_lemma = HARMONIC.test()


def _harmonic_printed(q: Terms) -> list[Check]:
    a = [float(x) for x in q.a]
    A = np.cumsum(a)
    T = len(a)
    G = math.sqrt(max(a))
    lhs = float(np.sum(np.array(a) / A))
    lhs2 = float(np.sum(np.array(a) / (np.concatenate([[0.0], A[:-1]]) + max(a))))
    return [le(lhs, math.log(G * T), label=f"sum a_t/A_t <= log(GT), G = max sqrt(a_t) = {G:.6g}, T = {T}"),
            le(lhs2, math.log(max(a) * T), label="sum a_t/(A_(t-1) + sigma^2) <= log(sigma^2 T), sigma^2 = max a_t")]


HARMONIC_PRINTED = Claim(
    id="harmonic-sum-printed",
    title="'Harmonic series' bounds log(GT) and log(sigma^2 T) as printed",
    statement="sum_t a_t/A_t <= log(GT) with G^2 >= max a_t, and sum_t a_t/(A_(t-1) + sigma^2) <= log(sigma^2 T) "
              "with sigma^2 >= max a_t",
    sources=[Source(ARORA, "§2.5.4 proof of Theorem 2.5.4; §2.5.5 proof of Theorem 2.5.5", ("ARORA-27",))],
    kind="exact",
    area="optimization",
    instances=sequences(offset_factor=(Fraction(1), Fraction(1))),
    conclusion=_harmonic_printed,
    proof_idea="The left sides are invariant under a_t -> c a_t; the right sides are not.",
    audit=True,
    corrected="harmonic-sum-lemma",
    finding="Not scale-invariant: with a_t = 1 for all t and G = sigma = 1 the left side is the harmonic number "
            "H_T > ln T (T = 1: 1 > 0; T = 10: 2.93 > 2.30), and any scale below 1 makes the right side smaller "
            "still.  Corrected: sum a_t/A_t <= 1 + ln(A_T/a_1); with the offset, sum a_t/(sigma^2 + A_t) <= "
            "ln(1 + A_T/sigma^2) and, if a_t <= sigma^2, sum a_t/(sigma^2 + A_(t-1)) <= log2(1 + A_T/sigma^2).",
)
test_harmonic_sum_printed = HARMONIC_PRINTED.test()


# ---------------------------------------------------------------------------------------------- regret
def regret_checks(p: OnlineLinear, eta_term: float = 1.0, aggregate=np.sum) -> list[Check]:
    lo, hi = -p.D / 2, p.D / 2
    tr = adagrad(p.grad, p.x0, p.eta, p.T, eps=0.0, lo=lo, hi=hi)
    X, G = tr.x[:-1], tr.g
    terms = G * (X - p.u)
    regret = float(np.sum(terms))
    s = np.cumsum(G * G, axis=0)
    norms = np.sqrt(s[-1])
    Dj = np.max(np.abs(tr.x - p.u), axis=0)
    # rounding: per step and coordinate, the computed update is within e of the exact map of the computed point
    step = np.where(s > 0, p.eta * np.abs(G) / np.sqrt(np.where(s > 0, s, 1.0)), 0.0)
    t_idx = np.arange(1, p.T + 1)[:, None]
    e = 4 * EPS * (np.abs(X) + step) + (t_idx + 3) * EPS * step
    dist1 = np.abs(tr.x[1:] - p.u)
    slack = float(np.sum(np.sqrt(s) / (2 * p.eta) * (2 * e * (dist1 + e)))) + (p.T * p.G.shape[1] + 2) * EPS * float(
        np.sum(np.abs(terms)))
    why = "per-step update rounding weighted by sqrt(s_t)/(2 eta) + summation of the regret"
    per_coord = (Dj ** 2 / (2 * p.eta) + eta_term * p.eta) * norms
    Dinf = float(np.max(Dj))
    total = float(aggregate(norms))
    out = [le(regret, float(aggregate(per_coord)), slack, why=why,
              label="regret <= sum_j (D_j^2/(2 eta) + eta) ||g_(1:T,j)||"),
           le(regret, (Dinf ** 2 / (2 * p.eta) + eta_term * p.eta) * total, slack, why=why,
              label="regret <= (D_inf^2/(2 eta) + eta) sum_j ||g_(1:T,j)||"),
           le(regret, (p.D ** 2 / (2 * p.eta) + eta_term * p.eta) * total, slack, why=why,
              label="box of width D: regret <= (D^2/(2 eta) + eta) sum_j ||g_(1:T,j)||")]
    if math.isclose(p.eta, p.D / math.sqrt(2), rel_tol=1e-12) and eta_term == 1:
        # sqrt(2) D agrees with D^2/(2 eta) + eta at eta = D/sqrt(2) up to the rounding of both (4 eps)
        out.append(le(regret, math.sqrt(2) * p.D * total, slack + 4 * EPS * math.sqrt(2) * p.D * total,
                      why=why + " + 4 eps sqrt(2) D sum_j ||g_j|| (rounding of eta = D/sqrt(2))",
                      label="eta = D/sqrt(2): regret <= sqrt(2) D sum_j ||g_(1:T,j)||"))
    return out


REGRET = Claim(
    id="adagrad-regret",
    title="Diagonal AdaGrad regret: sum_t <g_t, x_t - u> <= (D_inf^2/(2 eta) + eta) sum_j ||g_(1:T,j)||_2",
    statement="For linear losses on a box (clipping), diagonal AdaGrad with eps = 0 has, for every u in the box, "
              "sum_t <g_t, x_t - u> <= sum_j (D_j^2/(2 eta) + eta)||g_(1:T,j)||_2 with D_j = max_t |x_(t,j) - u_j|; "
              "hence <= (D_inf^2/(2 eta) + eta) sum_j ||g_(1:T,j)||_2, and sqrt(2) D sum_j ||g_(1:T,j)||_2 at eta = D/sqrt(2)",
    sources=[Source(ZHAO, "Ch. 5, Theorem 5.3 (coordinate-form regret bound, completed)", ("ZHAO-34",))],
    kind="numeric",
    area="optimization",
    instances=online_linear(),
    conclusion=regret_checks,
    proof_idea="Per coordinate, clipping is nonexpansive: (x_(t+1) - u)^2 <= (x_t - u)^2 - 2 eta g_t (x_t - u)/sqrt(s_t) "
               "+ eta^2 g_t^2/s_t.  Multiply by sqrt(s_t)/(2 eta), sum by parts (sqrt(s_t) non-decreasing, (x_t - u)^2 "
               "<= D^2) and use sum_t g_t^2/sqrt(s_t) <= 2 sqrt(s_T).",
    mutants=[
        Mutant("without-eta-term", "with a large eta the first step from a corner already has regret |g| D, while "
               "D^2 |g|/(2 eta) is small", conclusion=lambda p: regret_checks(p, eta_term=0.0)),
        Mutant("max-over-coordinates", "the adversary g_(t,j) = G sign(x_(t,j) - u_j) makes every coordinate "
               "contribute; the regret adds up over coordinates",
               conclusion=lambda p: regret_checks(p, aggregate=np.max), instances=online_linear(min_d=3)),
    ],
    examples=60,
)
test_adagrad_regret = REGRET.test()


# ---------------------------------------------------------------------------------------------- deterministic rates
def _descent_slack(r: SmoothRun, W: np.ndarray, Gr: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Per-step rounding of ``f(w_(t+1)) <= f(w_t) - <∇_t, P_t ∇_t> + (beta/2)||P_t ∇_t||^2`` on the computed
    run (``P`` the per-step, per-coordinate rates), cumulated: entry t is the sum over the first t steps."""
    e = [0.0]
    for t in range(len(Gr)):
        w, w1, g = W[t], W[t + 1], Gr[t]
        pg = float(np.linalg.norm(P[t] * g))
        delta = 2 * EPS * (np.linalg.norm(w) + pg) + (t + 4) * EPS * pg
        ge_ = r.grad_error(w)
        g1 = float(np.linalg.norm(r.grad(w1))) + r.grad_error(w1)
        e.append(e[-1] + r.value_error(w) + r.value_error(w1) + float(np.max(P[t])) * ge_ * (2 * np.linalg.norm(g) + ge_)
                 + (g1 + r.beta * delta) * delta + 8 * EPS * (abs(r.value(w)) + abs(r.value(w1))))
    return np.array(e)


def norm_checks(r: SmoothRun, log_term: float = 1.0, curvature: float = 0.5) -> list[Check]:
    tr = adagrad_norm(r.grad, r.w0, r.eta, r.T)
    a = np.sum(tr.g ** 2, axis=1)
    A = np.cumsum(a)
    f = np.array([r.value(w) for w in tr.x])
    slack = _descent_slack(r, tr.x, tr.g, tr.rate)
    out = []
    for T in range(1, r.T + 1):
        S = float(np.sum(a[:T] / np.sqrt(A[:T])))
        harm = 1 + math.log(A[T - 1] / A[0])
        rhs = (f[0] - f[T]) / r.eta + curvature * r.beta * r.eta * (log_term * (harm - 1) + 1)
        tol = slack[T] / r.eta + (T + 2) * EPS * (S + abs(rhs)) + r.beta * r.eta * _log_tol(harm)
        why = "descent-step rounding (value and gradient error bounds) + sums + logarithm"
        out.append(le(S, rhs, tol, why=why, label=f"sum ||∇_t||^2/sqrt(A_t) <= (f(w_1) - f(w_(T+1)))/eta + "
                                                  f"(beta eta/2)(1 + ln(A_T/A_1)), T = {T}"))
        out.append(le(math.sqrt(A[T - 1]), S, (T + 2) * EPS * S, why="rounding of the sums",
                      label=f"sqrt(A_T) <= sum ||∇_t||^2/sqrt(A_t), T = {T}"))
        M = 2 * max(abs(f[0]), abs(f[T]))
        bound = (M / r.eta + curvature * r.beta * r.eta * (log_term * (harm - 1) + 1)) ** 2 / T
        out.append(le(A[T - 1] / T, bound, 2 * math.sqrt(bound * T) * tol / T + (T + 2) * EPS * A[T - 1] / T, why=why,
                      label=f"|f| <= M/2 at w_1, w_(T+1): (1/T) sum ||∇_t||^2 <= (M/eta + (beta eta/2)(1 + ln(A_T/A_1)))^2/T"))
    return [_worst(out[i::3]) for i in range(3)]


ADAGRAD_NORM = Claim(
    id="adagrad-norm-deterministic-rate",
    title="AdaGrad-norm on a beta-smooth f: sqrt(A_T) <= (f(w_1) - f(w_(T+1)))/eta + (beta eta/2)(1 + ln(A_T/A_1))",
    statement="For beta-smooth f and w_(t+1) = w_t - eta ∇_t/sqrt(A_t), A_t = sum_(i<=t) ||∇_i||^2, at every T: "
              "sqrt(A_T) <= sum_t ||∇_t||^2/sqrt(A_t) <= (f(w_1) - f(w_(T+1)))/eta + (beta eta/2)(1 + ln(A_T/A_1)), so with "
              "|f| <= M/2 at w_1 and w_(T+1): min_t ||∇_t||^2 <= (1/T) sum_t ||∇_t||^2 <= (M/eta + (beta eta/2)(1 + "
              "ln(A_T/A_1)))^2/T; both sides scale alike under f -> c f",
    sources=[Source(ARORA, "§2.5.4 Algorithm 3 and Theorem 2.5.4 (corrected, deterministic gradients)", ("ARORA-28",))],
    kind="proxy",
    proxy="'AdaGrad-norm reaches stationarity at rate O(log T / T)' is checked as the explicit bound at every T <= 40",
    area="optimization",
    instances=smooth_runs(),
    conclusion=norm_checks,
    proof_idea="Descent lemma with step eta/sqrt(A_t): f(w_(t+1)) <= f(w_t) - eta a_t/sqrt(A_t) + (beta eta^2/2) a_t/A_t "
               "(an equality for isotropic quadratics); sum, the harmonic lemma for sum a_t/A_t, and a_t/sqrt(A_t) >= "
               "a_t/sqrt(A_T).",
    mutants=[
        Mutant("without-log-term", "on an isotropic quadratic the descent lemma is an equality, so the curvature "
               "term is (beta eta/2) sum a_t/A_t, which exceeds beta eta/2 as soon as a second gradient is nonzero",
               conclusion=lambda r: norm_checks(r, log_term=0.0)),
        Mutant("curvature-quarter", "the isotropic quadratic's descent equality needs the full beta eta/2 at T = 1",
               conclusion=lambda r: norm_checks(r, curvature=0.25)),
    ],
    examples=60,
)
test_adagrad_norm_deterministic_rate = ADAGRAD_NORM.test()


def _norm_printed(r: SmoothRun) -> Check:
    tr = adagrad_norm(r.grad, r.w0, r.eta, r.T)
    a = np.sum(tr.g ** 2, axis=1)
    T = r.T
    A = np.concatenate([[0.0], np.cumsum(a), [a.sum() + float(np.sum(r.grad(tr.x[-1]) ** 2))]])   # A_0..A_(T+1)
    M = 2 * max(abs(r.value(w)) for w in tr.x)
    G = math.sqrt(float(np.max(a)))
    coef = r.beta + M * math.log(G * T)
    rhs = max(coef * A[T - 1] / T, coef * A[T] / T)           # the free index read as t = T or t = T + 1
    return le(float(np.mean(a)), rhs, label=f"(1/T) sum ||∇_t||^2 <= (beta + M log GT) A_(t-1)/T, t in {{T, T+1}}; "
                                            f"beta + M log GT = {coef:.6g}")


ADAGRAD_NORM_PRINTED = Claim(
    id="adagrad-norm-rate-printed",
    title="AdaGrad-norm theorem as printed: (1/T) sum ||∇_t||^2 <= (beta + M log GT) ||∇̂^2_(1:t-1)||/T",
    statement="For beta-smooth f with |f| <= M/2 on the iterates and gradients bounded by G, AdaGrad-norm satisfies "
              "(1/T) sum_t ||∇_t||^2 <= (beta + M log(GT)) A_(t-1)/T (the free index t read as T or T + 1)",
    sources=[Source(ARORA, "§2.5.4 Theorem 2.5.4", ("ARORA-28",))],
    kind="numeric",
    area="optimization",
    instances=smooth_runs(max_T=10),
    conclusion=_norm_printed,
    proof_idea="AdaGrad-norm with eta = 1 is invariant under f -> c f (the iterates do not change), so the left side "
               "scales like c^2 while beta + M log(GT) -> beta + M log(cGT) turns negative for small c.",
    audit=True,
    corrected="adagrad-norm-deterministic-rate",
    finding="Not scale-covariant, and the right side can be negative: f(w) = 0.1 w (beta = 1 works), w_1 = 0, T = 1, "
            "M = 2, G = 0.1 gives beta + M ln(GT) = -3.6 < 0 < 0.01 = ||∇_1||^2 (with A_0 = 0 the t = T reading is 0 "
            "anyway).  Corrected (deterministic): sqrt(A_T) <= (f(w_1) - f(w_(T+1)))/eta + (beta eta/2)(1 + ln(A_T/A_1)).",
)
test_adagrad_norm_rate_printed = ADAGRAD_NORM_PRINTED.test()


def offset_checks(r: SmoothRun, aggregate=np.sum) -> list[Check]:
    tr = adagrad_offset(r.grad, r.w0, r.sigma2, r.T)
    P, Gr = tr.rate, tr.g
    A = np.cumsum(Gr * Gr, axis=0)
    f = np.array([r.value(w) for w in tr.x])
    slack = _descent_slack(r, tr.x, Gr, P)
    out = []
    for T in range(1, r.T + 1):
        S = float(np.sum(P[:T] * Gr[:T] ** 2))
        logs = np.log1p(A[T - 1] / r.sigma2) / math.log(2)
        curv = 0.5 * r.beta * float(aggregate(logs))
        tol = slack[T] + (T + 2) * EPS * (S + abs(f[0]) + abs(f[T])) + 0.5 * r.beta * float(np.sum(_log_tol(1) * (1 + logs)))
        why = "descent-step rounding (value and gradient error bounds) + sums + logarithms"
        out.append(le(S, f[0] - f[T] + curv, tol, why=why,
                      label=f"sum_t sum_j P_t(j) ∇_t(j)^2 <= f(w_1) - f(w_(T+1)) + (beta/2) sum_j log2(1 + A_T(j)/sigma^2), T = {T}"))
        M = 2 * max(abs(f[0]), abs(f[T]))
        width = math.sqrt(r.sigma2 + float(np.max(A[T - 2] if T >= 2 else 0.0)))
        out.append(le(float(np.sum(Gr[:T] ** 2)) / T, width * (M + curv) / T, width * tol / T + (T + 2) * EPS * width
                      * (M + curv) / T, why=why,
                      label=f"(1/T) sum ||∇_t||^2 <= max_j sqrt(sigma^2 + A_(T-1)(j)) (M + (beta/2) sum_j log2(...))/T"))
    return [_worst(out[0::2]), _worst(out[1::2])]


OFFSET = Claim(
    id="adagrad-offset-deterministic-rate",
    title="Diagonal AdaGrad with offset sigma^2: sum_t sum_j P_t(j)∇_t(j)^2 <= f(w_1) - f(w_(T+1)) + (beta/2) sum_j log2(1 + A_T(j)/sigma^2)",
    statement="For beta-smooth f and w_(t+1)(j) = w_t(j) - ∇_t(j)/sqrt(sigma^2 + A_(t-1)(j)) with sigma^2 >= every ∇_t(j)^2: "
              "sum_t sum_j P_t(j)∇_t(j)^2 <= f(w_1) - f(w_(T+1)) + (beta/2) sum_j log2(1 + A_T(j)/sigma^2), hence (1/T) sum "
              "||∇_t||^2 <= max_j sqrt(sigma^2 + A_(T-1)(j)) (M + (beta/2) sum_j log2(1 + A_T(j)/sigma^2))/T; the sum over "
              "coordinates (a factor up to d) cannot be replaced by a maximum",
    sources=[Source(ARORA, "§2.5.5 Theorem 2.5.5 (corrected, deterministic gradients)", ("ARORA-29",))],
    kind="proxy",
    proxy="'diagonal AdaGrad reaches stationarity at rate O(d log T/T)' is checked as the explicit bound at every T <= 40",
    area="optimization",
    instances=smooth_runs(),
    conclusion=offset_checks,
    proof_idea="Descent lemma with the diagonal step P_t: f(w_(t+1)) <= f(w_t) - sum_j P_t(j)∇_t(j)^2 + (beta/2) sum_j "
               "P_t(j)^2 ∇_t(j)^2; per coordinate the offset harmonic lemma (x <= log2(1 + x) on [0, 1]) bounds the "
               "curvature sum; P_t(j) >= 1/max_j sqrt(sigma^2 + A_(T-1)(j)).",
    mutants=[
        Mutant("max-over-coordinates", "on d >= 2 identical coordinates of an isotropic quadratic the descent lemma is "
               "an equality and each coordinate carries the same curvature sum, d times the largest",
               conclusion=lambda r: offset_checks(r, aggregate=np.max),
               instances=smooth_runs(families=("identical-coordinates",))),
        Mutant("offset-below-gradients", "with sigma^2 below the first squared gradient the first ratio "
               "∇_1(j)^2/sigma^2 exceeds log2(1 + ∇_1(j)^2/sigma^2)",
               instances=smooth_runs(offset_factor=1 / 16, max_T=1, families=("isotropic",))),
    ],
    examples=60,
)
test_adagrad_offset_deterministic_rate = OFFSET.test()


def _offset_printed(r: SmoothRun) -> Check:
    tr = adagrad_offset(r.grad, r.w0, r.sigma2, r.T)
    T = r.T
    A_T = np.sum(tr.g ** 2, axis=0)
    A_T1 = A_T + r.grad(tr.x[-1]) ** 2
    M = 2 * max(abs(r.value(w)) for w in tr.x)
    G = math.sqrt(float(np.max(np.sum(tr.g ** 2, axis=1))))
    coef = M + r.beta * math.log(G * T)
    rhs = max(coef * float(np.sum(np.sqrt(A))) / T for A in (A_T, A_T1))
    return le(float(np.mean(np.sum(tr.g ** 2, axis=1))), rhs,
              label=f"(1/T) sum ||∇_t||^2 <= (M + beta log GT) sum_j sqrt(A_t(j))/T, t in {{T, T+1}}; "
                    f"M + beta log GT = {coef:.6g}")


OFFSET_PRINTED = Claim(
    id="adagrad-diagonal-rate-printed",
    title="Diagonal AdaGrad theorem as printed: (1/T) sum ||∇_t||^2 <= (M + beta log GT) sum_j sqrt(∇̂^2_(1:t)(j))/T",
    statement="For beta-smooth f with |f| <= M/2 on the iterates, gradients bounded by G and P_t = diag(sigma^2 + A_(t-1))^(-1/2), "
              "(1/T) sum_t ||∇_t||^2 <= (M + beta log(GT)) sum_j sqrt(A_t(j))/T (t read as T or T + 1)",
    sources=[Source(ARORA, "§2.5.5 Theorem 2.5.5", ("ARORA-29",))],
    kind="numeric",
    area="optimization",
    instances=smooth_runs(max_T=10),
    conclusion=_offset_printed,
    proof_idea="Scaling f -> c f and sigma -> c sigma leaves the iterates unchanged, the left side scales like c^2, and "
               "M + beta log(cGT) turns negative for small c.",
    audit=True,
    corrected="adagrad-offset-deterministic-rate",
    finding="The right side can be negative: f(w) = 0.01 w + 5 w^2 (beta = 10), w_1 = 0, T = 1, sigma = G = 0.01, M = 10 "
            "gives M + beta ln(GT) = -36 < 0 < 1e-4.  The proof also drops the other coordinates' terms (a factor d).  "
            "Corrected (deterministic): sum_t sum_j P_t(j)∇_t(j)^2 <= f(w_1) - f(w_(T+1)) + (beta/2) sum_j log2(1 + A_T(j)/sigma^2).",
)
test_adagrad_diagonal_rate_printed = OFFSET_PRINTED.test()
