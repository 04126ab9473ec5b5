"""Local SGD drift and bounded staleness on quadratics: exact fixed points and exact stability thresholds.

Statement.
- Delayed gradient descent ``x_{t+1} = x_t - eta ∇f(x_{t - tau})`` on a quadratic with curvatures ``h`` converges
  to the exact minimizer from every history iff ``eta h < 2 sin(pi/(2(2 tau + 1)))`` for every curvature; in
  particular ``eta <= 1/(L (tau + 1))`` always suffices.  Staleness slows the rate but leaves no floor: floors
  come only from noise or heterogeneity at a fixed step.  The threshold depends on ``eta L`` and ``tau`` only,
  not on the condition number.
- Local gradient descent (each of m workers takes K steps on its own ``f_j = (a_j/2)(x - b_j)^2``, then the
  results are averaged) has the fixed point ``x̂ = sum_j w_j b_j / sum_j w_j``, ``w_j = 1 - (1 - eta a_j)^K``.
  It is the minimizer ``x*`` of ``f = mean f_j`` when K = 1 or the curvatures coincide, and in general
  ``|∇f(x̂)| <= (K - 1) eta L (1/m) sum_j |∇f_j(x*)|`` for ``(K - 1) eta L <= 1``: the client-drift term of the
  local-SGD bound, of order ``(K - 1) eta L zeta``.

Audits.  MSML C.5/App. C: deterministic staleness leaves an O(tau^2) loss floor (it leaves none); C.5: tolerable
staleness tau ~ sqrt(kappa) at eta = 1/L (already tau = 1 fails at eta = 1/L, for every kappa).

Sources.  MSML Ch. 24, Example 10 and B.17 (local SGD; MSML-33, MSML-66, MSML-201), A.10 (bounded staleness;
MSML-45), C.5 and App. C (MSML-222, MSML-223).

Proof ideas.  In an eigen-direction delayed GD is the linear recurrence with characteristic polynomial
``z^{tau+1} - z^tau + a``, ``a = eta h``; it is Schur stable iff ``0 < a < 2 sin(pi/(2(2 tau + 1)))`` (the first
root to reach the unit circle does so at ``z = e^{i theta}`` with ``theta = pi/(2 tau + 1)``); the Schur–Cohn
recursion decides stability exactly for rational a.  For local GD, ``w_j = K eta a_j (1 - delta_j)`` with
``0 <= delta_j <= (K - 1) eta a_j/2``; since ``sum_j a_j (b_j - x*) = 0``, ``x̂ - x* = -sum_j K eta a_j delta_j
(b_j - x*)/sum_j w_j``, and ``1 - delta_j >= 1/2`` gives the bound.
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy as sp

from checks.claim import Check, Claim, Mutant, Source, equal, holds, le
from checks.distributed import delayed_gd_stable, local_gd_fixed_point
from checks.documents import MSML
from checks.strategies.distributed import DelayProblem, LocalProblem, delay_problems, local_problems


def _below(a: Fraction, threshold: sp.Expr) -> bool:
    """``a < threshold`` decided exactly (SymPy compares a rational with an algebraic number)."""
    return bool(sp.Rational(a.numerator, a.denominator) < threshold)


def threshold(tau: int) -> sp.Expr:
    return 2 * sp.sin(sp.pi / (2 * (2 * tau + 1)))


def threshold_checks(p: DelayProblem, thr=threshold) -> list[Check]:
    return [equal(delayed_gd_stable(p.eta * h, p.tau), _below(p.eta * h, thr(p.tau)),
                  label=f"delayed GD stable iff eta h < {thr(p.tau)} (eta h = {p.eta * h}, tau = {p.tau})")
            for h in sorted(set(p.h))]


THRESHOLD = Claim(
    id="delayed-gd-stability-threshold",
    title="Delayed GD with staleness tau converges iff eta h < 2 sin(pi/(2(2 tau + 1))) in every direction",
    statement="On a quadratic with curvatures h, x_{t+1} = x_t - eta ∇f(x_{t - tau}) converges to the minimizer "
              "from every history iff eta h < 2 sin(pi/(2(2 tau + 1))) for every h; the threshold depends on "
              "eta h and tau only (not on the condition number)",
    sources=[Source(MSML, "Ch. 24, C.5 (corrected: the tolerable staleness is set by eta L, not by sqrt(kappa))",
                    ("MSML-223",))],
    kind="exact",
    area="optimization",
    instances=delay_problems(),
    conclusion=threshold_checks,
    proof_idea="Schur stability of z^{tau+1} - z^tau + a (Levin and May 1976): as a grows from 0 the roots first "
               "reach |z| = 1 at z = e^{i theta}, theta = pi/(2 tau + 1), where a = 2 sin(pi/(2(2 tau + 1))); the "
               "Schur–Cohn recursion decides each rational a exactly.",
    mutants=[
        Mutant("delay-free-threshold", "eta h < 2 is the threshold only without delay; for tau >= 1 it is at most 1",
               conclusion=lambda p: threshold_checks(p, thr=lambda tau: sp.Integer(2))),
        Mutant("threshold-two-over-2tau-plus-1", "2/(2 tau + 1) is a lower bound of 2 sin(pi/(2(2 tau + 1))), strict "
               "for tau >= 1: steps in between still converge",
               conclusion=lambda p: threshold_checks(p, thr=lambda tau: sp.Rational(2, 2 * tau + 1))),
    ],
    examples=80,
)
test_delayed_gd_stability_threshold = THRESHOLD.test()


def safe_checks(p: DelayProblem) -> list[Check]:
    return [holds(delayed_gd_stable(p.eta * h, p.tau),
                  f"delayed GD converges to the exact minimizer (eta h = {p.eta * h}, tau = {p.tau})")
            for h in sorted(set(p.h))]


SAFE = Claim(
    id="delayed-gd-safe-step",
    title="Bounded staleness with eta <= 1/(L (tau + 1)): delayed GD converges exactly, with no floor",
    statement="On a quadratic with curvatures in (0, L], delayed GD with delay tau and eta <= 1/(L (tau + 1)) "
              "converges linearly to the exact minimizer from every history: staleness leaves no error floor",
    sources=[Source(MSML, "Ch. 24, A.10 (bounded staleness keeps the linear rate for small enough eta)", ("MSML-45",)),
             Source(MSML, "Ch. 24, C.5 and App. C (corrected: deterministic staleness leaves no floor)", ("MSML-222",))],
    kind="exact",
    area="optimization",
    instances=delay_problems(step="safe"),
    conclusion=safe_checks,
    proof_idea="eta h <= 1/(tau + 1) < 2 sin(pi/(2(2 tau + 1))) (since sin x >= 2x/pi and 2/(2 tau + 1) >= "
               "1/(tau + 1)); a Schur-stable linear recurrence converges geometrically to 0.",
    mutants=[
        Mutant("step-one-over-l-any-delay", "eta = 1/L makes eta L = 1 >= 2 sin(pi/(2(2 tau + 1))) for tau >= 1: "
               "the top direction no longer converges", instances=delay_problems(step="one-over-l").filter(
                   lambda p: p.tau >= 1)),
    ],
    examples=50,
)
test_delayed_gd_safe_step = SAFE.test()


def _floor_printed(p: DelayProblem) -> Check:
    stable = all(delayed_gd_stable(p.eta * h, p.tau) for h in p.h)
    return holds(not stable, f"a staleness floor remains: delayed GD does not converge to x* (tau = {p.tau})",
                 f"spectral radius < 1 in every direction: {stable}")


FLOOR_PRINTED = Claim(
    id="delayed-gd-staleness-floor-printed",
    title="'Under strong convexity and smoothness, final loss grows as O(tau^2)' in the staleness tau, as printed",
    statement="Delayed GD with staleness tau >= 1 on a strongly convex smooth quadratic, at a step that keeps it "
              "stable (eta <= 1/(L (tau + 1))), ends at a positive excess-loss floor growing like tau^2",
    sources=[Source(MSML, "Ch. 24, C.5 and App. C (staleness loss floor as printed)", ("MSML-222",))],
    kind="exact",
    area="optimization",
    instances=delay_problems(step="safe").filter(lambda p: p.tau >= 1),
    conclusion=_floor_printed,
    proof_idea="The recurrence is linear with a Schur-stable characteristic polynomial, so the iterates tend to x*.",
    audit=True,
    corrected="delayed-gd-safe-step",
    finding="Deterministic delayed GD with eta <= 1/(L (tau + 1)) is Schur stable in every eigen-direction and "
            "converges to the exact minimizer: there is no floor, only a slower rate.  A floor appears only with "
            "noise or heterogeneity at a fixed step (O(eta sigma^2/mu) plus drift terms).",
)
test_delayed_gd_staleness_floor_printed = FLOOR_PRINTED.test()


def _sqrt_kappa_printed(p: DelayProblem) -> list[Check]:
    tau = math.isqrt(math.floor(p.kappa))
    return [holds(delayed_gd_stable(p.eta * h, tau),
                  f"eta = 1/L tolerates tau = floor(sqrt(kappa)) = {tau} (kappa = {p.kappa}, eta h = {p.eta * h})")
            for h in sorted(set(p.h))]


SQRT_KAPPA_PRINTED = Claim(
    id="delayed-gd-sqrt-kappa-staleness-printed",
    title="'kappa limits tolerable staleness to tau ~ sqrt(kappa)' as printed",
    statement="Delayed GD with eta = 1/L on a quadratic of condition number kappa converges for every delay "
              "tau <= sqrt(kappa)",
    sources=[Source(MSML, "Ch. 24, C.5 and C.17 (tolerable staleness tau ~ sqrt(kappa), and ~ kappa^-1/2)",
                    ("MSML-223",))],
    kind="exact",
    area="optimization",
    instances=delay_problems(step="one-over-l"),
    conclusion=_sqrt_kappa_printed,
    proof_idea="At eta = 1/L the top direction has a = 1, and 1 >= 2 sin(pi/(2(2 tau + 1))) for every tau >= 1.",
    audit=True,
    corrected="delayed-gd-stability-threshold",
    finding="At eta = 1/L the direction of curvature L has eta h = 1, which is at or above the stability threshold "
            "2 sin(pi/(2(2 tau + 1))) for every tau >= 1 (z^2 - z + 1 has its roots on the unit circle), so no delay "
            "tau >= 1 is tolerated whatever kappa.  The threshold depends on eta L and tau only; neither "
            "tau ~ sqrt(kappa) nor tau ~ kappa^-1/2 follows.",
)
test_delayed_gd_sqrt_kappa_staleness_printed = SQRT_KAPPA_PRINTED.test()


# ------------------------------------------------------------------------------------- local GD
def _minimizer(p: LocalProblem) -> Fraction:
    return sum((a * b for a, b in zip(p.a, p.b)), Fraction(0)) / sum(p.a, Fraction(0))


def drift_checks(p: LocalProblem, bound=lambda p, L: (p.K - 1) * p.eta * L) -> list[Check]:
    xs, xh = _minimizer(p), local_gd_fixed_point(p.a, p.b, p.eta, p.K)
    L, m = max(p.a), len(p.a)
    grad = sum((a * (xh - b) for a, b in zip(p.a, p.b)), Fraction(0)) / m
    zeta = sum((abs(a * (xs - b)) for a, b in zip(p.a, p.b)), Fraction(0)) / m
    rhs = bound(p, L) * zeta
    label = f"|∇f(x̂)| <= (K - 1) eta L mean_j |∇f_j(x*)| (K = {p.K}, eta L = {p.eta * L}, {p.family})"
    out = [equal(abs(grad), 0, label=label) if rhs == 0 else le(abs(grad), rhs, label=label)]
    if p.K == 1 or len(set(p.a)) == 1:
        out.append(equal(xh, xs, label="local GD fixed point = minimizer (K = 1 or a common curvature)"))
    return out


DRIFT = Claim(
    id="local-gd-client-drift",
    title="Local GD with K local steps: exact fixed point, no drift for K = 1 or a common curvature, drift <= (K-1) eta L zeta",
    statement="For workers f_j = (a_j/2)(x - b_j)^2 running K local GD steps of size eta between averagings, the "
              "fixed point x̂ equals the minimizer x* of mean f_j when K = 1 or all a_j coincide, and in general "
              "|∇f(x̂)| <= (K - 1) eta L (1/m) sum_j |∇f_j(x*)| when (K - 1) eta L <= 1",
    sources=[Source(MSML, "Ch. 24, B.17 (local SGD: client-drift term of order eta^2 K^2 zeta^2, deterministic case)",
                    ("MSML-201", "MSML-66")),
             Source(MSML, "Ch. 24, Example 10 (local SGD: drift grows with heterogeneity and K)", ("MSML-33",))],
    kind="exact",
    area="optimization",
    instances=local_problems(),
    conclusion=drift_checks,
    proof_idea="w_j = 1 - (1 - eta a_j)^K = K eta a_j (1 - delta_j) with 0 <= delta_j <= (K - 1) eta a_j/2; "
               "sum_j a_j (b_j - x*) = 0 turns x̂ - x* into a delta-weighted sum, bounded using 1 - delta_j >= 1/2.",
    mutants=[
        Mutant("no-client-drift", "with different curvatures and minimizers the weights w_j are not proportional "
               "to a_j for K >= 2, so local GD = minibatch GD fails",
               conclusion=lambda p: equal(local_gd_fixed_point(p.a, p.b, p.eta, p.K), _minimizer(p),
                                          label="local GD fixed point = minimizer"),
               instances=local_problems(families=("heterogeneous",))),
        Mutant("drift-second-order-in-eta", "the drift of the fixed point is first order in eta (about "
               "(K - 1) eta |a_1 - a_2| |∇f_j(x*)|/4 for two workers), not (K - 1)(eta L)^2",
               conclusion=lambda p: drift_checks(p, bound=lambda p, L: (p.K - 1) * (p.eta * L) ** 2),
               instances=local_problems(families=("heterogeneous",), small_step=True)),
    ],
    examples=60,
)
test_local_gd_client_drift = DRIFT.test()
