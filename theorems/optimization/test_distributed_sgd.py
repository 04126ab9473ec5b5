"""Synchronous distributed SGD under strong convexity: linear rate down to a noise floor that falls as 1/m.

Statement.  Let F be mu-strongly convex and L-smooth, and let m workers each return an unbiased gradient
whose noise has second moment at most sigma^2, the noises being independent across workers given θ_t.  The
averaged step ``θ_{t+1} = θ_t - eta ḡ_t`` with ``0 < eta <= 1/L`` satisfies
``E||θ_t - θ*||^2 <= (1 - mu eta)^t ||θ_0 - θ*||^2 + eta sigma^2/(mu m)`` for every t.  On quadratics the
constant-step floor is exactly ``sum_i eta v_i/(h_i (2 - eta h_i))``, about ``eta sigma^2/(mu m (2 - eta mu))``
on an isotropic one, so an accuracy eps below it is never reached at a fixed step; reaching eps needs
``eta <~ eps mu m / sigma^2`` and ``O((kappa + sigma^2/(mu^2 m eps)) log(1/eps))`` iterations.

Audits.  (i) The theorem as printed omits independence across workers: with identical worker noise the
floor is ``eta sigma^2/(mu (2 - eta mu))``, not divided by m.  (ii) The proof's step
``1 - 2 mu eta + eta^2 L^2 <= 1 - mu eta`` for ``eta <= 1/L`` holds only for ``eta <= mu/L^2``; co-coercivity
repairs it.  (iii) "iterations scale like O(kappa log 1/eps)" is false below the constant-step noise floor.

Sources.  MSML Ch. 24, Distributed Convergence Structure Theorem and its proof, A.3 and B.6 (MSML-21,
MSML-22, MSML-36, MSML-60).

Proof idea.  ``θ_{t+1} - θ* = θ_t - θ* - eta ∇F(θ_t) - eta ζ_t`` with ``E[ζ_t | θ_t] = 0`` and
``E||ζ_t||^2 <= sigma^2/m`` (independent workers: variances of an average add, divided by m^2).  Co-coercivity
``||∇F||^2 <= L <∇F, θ - θ*>`` and ``eta <= 1/L`` give
``||θ - θ* - eta ∇F||^2 <= ||θ - θ*||^2 - eta <∇F, θ - θ*> <= (1 - mu eta)||θ - θ*||^2``; unroll and sum the
geometric series of the noise.  On a quadratic with curvatures ``h_i`` the coordinates obey the exact
recursion ``u_{t+1} = (1 - eta h_i)^2 u_t + eta^2 v_i``, whose fixed point is the floor.

Everything is exact (``Fraction``): the expectations are those of the second-moment recursion
(``checks.distributed``), which holds for any additive noise with the given variances.
"""

from __future__ import annotations

import math
from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, le
from checks.distributed import averaged_variance, sync_sgd_errors, sync_sgd_floor
from checks.documents import MSML
from checks.strategies.distributed import StepProblem, SyncProblem, step_problems, sync_problems


def _errors(p: SyncProblem) -> list[Fraction]:
    v = [averaged_variance(si, p.m, p.rho) for si in p.s]
    return sync_sgd_errors(p.h, p.u0, p.eta, v, p.T)


def rate_checks(p: SyncProblem, floor=lambda p: p.eta * p.sigma2 / (p.mu * p.m)) -> list[Check]:
    u = _errors(p)
    u0 = u[0]
    return [le(u[t], (1 - p.mu * p.eta) ** t * u0 + floor(p),
               label=f"E||θ_{t} - θ*||^2 <= (1 - mu eta)^{t} u_0 + floor (m = {p.m}, rho = {p.rho}, eta L = {p.eta * p.L})")
            for t in range(1, p.T + 1)]                 # t = 0 reads u_0 <= u_0 + floor


RATE = Claim(
    id="distributed-sgd-noise-floor",
    title="Synchronous m-worker SGD under strong convexity: (1 - mu eta)^t rate plus floor eta sigma^2/(mu m)",
    statement="For mu-strongly convex L-smooth F, m workers with independent unbiased gradient noise of variance "
              "at most sigma^2 each, and 0 < eta <= 1/L: E||θ_t - θ*||^2 <= (1 - mu eta)^t ||θ_0 - θ*||^2 + "
              "eta sigma^2/(mu m) for every t (averaging m independent noises divides their variance by m)",
    sources=[Source(MSML, "Ch. 24, Distributed Convergence Structure Theorem (with independence across workers)",
                    ("MSML-21",)),
             Source(MSML, "Ch. 24, A.3 (averaging m independent worker gradients divides the variance by m)",
                    ("MSML-36",))],
    kind="exact",
    area="optimization",
    instances=sync_problems(),
    conclusion=rate_checks,
    proof_idea="Co-coercivity ||∇F||^2 <= L<∇F, θ - θ*> with eta <= 1/L gives a (1 - mu eta) contraction of the "
               "deterministic part; the averaged noise adds at most eta^2 sigma^2/m per step; the geometric series "
               "sums to eta sigma^2/(mu m).  Tight for F = (mu/2)||θ||^2, eta = 1/mu, t >= 1.",
    mutants=[
        Mutant("floor-over-m-squared", "averaging m independent noises divides the variance by m, not m^2; the "
               "isotropic problem with eta = 1/mu sits exactly at eta sigma^2/(mu m)",
               conclusion=lambda p: rate_checks(p, floor=lambda p: p.eta * p.sigma2 / (p.mu * p.m ** 2))),
        Mutant("floor-eta-squared", "the floor is first order in eta: eta^2 sigma^2/(mu m) is too small by the "
               "factor eta whenever eta < 1",
               conclusion=lambda p: rate_checks(p, floor=lambda p: p.eta ** 2 * p.sigma2 / (p.mu * p.m))),
        Mutant("step-up-to-two-over-l", "for 1/L < eta < 2/L the factor 1 - mu eta can be negative (mu = L) and the "
               "iteration contracts only by (1 - eta L)^2, not by 1 - mu eta",
               instances=sync_problems(step=(19, 10), families=("tight",))),
        Mutant("correlated-workers", "identical worker noises do not average out: the floor stays "
               "eta sigma^2/(mu (2 - eta mu)) whatever m", instances=sync_problems(rhos=(Fraction(1),))),
    ],
    examples=80,
)
test_distributed_sgd_noise_floor = RATE.test()


RATE_PRINTED = Claim(
    id="distributed-sgd-no-independence-printed",
    title="Distributed SGD floor eta sigma^2/(mu m) as printed (no independence across workers)",
    statement="For m workers whose gradient noises each have conditional mean 0 and second moment <= sigma^2 "
              "(nothing assumed about their joint law) and eta <= 1/L: E||θ_t - θ*||^2 <= (1 - mu eta)^t u_0 + "
              "eta sigma^2/(mu m)",
    sources=[Source(MSML, "Ch. 24, Distributed Convergence Structure Theorem (as printed)", ("MSML-21",))],
    kind="exact",
    area="optimization",
    instances=sync_problems(rhos=(Fraction(1, 2), Fraction(1)), min_m=2, noisy=True),
    conclusion=rate_checks,
    proof_idea="The average of m noises with pairwise correlation rho has variance sigma^2 (1/m + rho (1 - 1/m)); "
               "the 1/m needs rho = 0.",
    audit=True,
    corrected="distributed-sgd-noise-floor",
    finding="Without independence (or uncorrelatedness) across workers the averaged noise need not shrink: with "
            "identical noise (rho = 1) on F = (mu/2)||θ||^2, eta = 1/mu, the error after one step is "
            "eta^2 sigma^2 > eta sigma^2/(mu m) for m >= 2.  Corrected: add 'worker noises independent given θ_t'.",
)
test_distributed_sgd_no_independence_printed = RATE_PRINTED.test()


def _printed_step(p: StepProblem) -> Check:
    return le(1 - 2 * p.mu * p.eta + p.eta ** 2 * p.L ** 2, 1 - p.mu * p.eta,
              label=f"1 - 2 mu eta + eta^2 L^2 <= 1 - mu eta (mu = {p.mu}, L = {p.L}, eta = {p.eta})")


def contraction_checks(p: StepProblem, factor=lambda p: 1 - p.mu * p.eta) -> list[Check]:
    printed_holds = 1 - 2 * p.mu * p.eta + p.eta ** 2 * p.L ** 2 <= 1 - p.mu * p.eta
    return [le((1 - p.eta * p.h) ** 2, factor(p),
               label=f"(1 - eta h)^2 <= 1 - mu eta for h = {p.h} in [mu, L] = [{p.mu}, {p.L}], eta = {p.eta} <= 1/L"),
            equal(printed_holds, p.eta <= p.mu / p.L ** 2,
                  label="1 - 2 mu eta + eta^2 L^2 <= 1 - mu eta exactly when eta <= mu/L^2")]


CONTRACTION = Claim(
    id="distributed-sgd-coercive-contraction",
    title="The contraction step of distributed SGD: co-coercivity gives 1 - mu eta for eta <= 1/L",
    statement="For 0 < mu <= h <= L and 0 < eta <= 1/L, (1 - eta h)^2 <= 1 - mu eta (the co-coercive step on "
              "every curvature); the cruder bound 1 - 2 mu eta + eta^2 L^2 <= 1 - mu eta holds iff eta <= mu/L^2",
    sources=[Source(MSML, "Ch. 24, proof of the Distributed Convergence Structure Theorem (corrected step)",
                    ("MSML-22",))],
    kind="exact",
    area="optimization",
    instances=step_problems(),
    conclusion=contraction_checks,
    proof_idea="(1 - eta h)^2 = 1 - eta h (2 - eta h) <= 1 - eta h <= 1 - eta mu since eta h <= 1; the crude bound "
               "rearranges to eta L^2 <= mu.",
    mutants=[
        Mutant("printed-step", "1 - 2 mu eta + eta^2 L^2 <= 1 - mu eta needs eta <= mu/L^2, not eta <= 1/L",
               conclusion=_printed_step),
        Mutant("factor-two-mu-eta", "at h = mu = L, eta = 1/L the left side is 0 and 1 - 2 mu eta = -1",
               conclusion=lambda p: contraction_checks(p, factor=lambda p: 1 - 2 * p.mu * p.eta)),
    ],
    examples=60,
)
test_distributed_sgd_coercive_contraction = CONTRACTION.test()


STEP_PRINTED = Claim(
    id="distributed-sgd-proof-step-printed",
    title="'For eta <= 1/L, 1 - 2 mu eta + eta^2 L^2 <= 1 - mu eta' as printed",
    statement="For 0 < mu <= L and 0 < eta <= 1/L: 1 - 2 mu eta + eta^2 L^2 <= 1 - mu eta",
    sources=[Source(MSML, "Ch. 24, proof of the Distributed Convergence Structure Theorem (as printed)", ("MSML-22",))],
    kind="exact",
    area="optimization",
    instances=step_problems(),
    conclusion=_printed_step,
    proof_idea="The inequality rearranges to eta L^2 <= mu.",
    audit=True,
    corrected="distributed-sgd-coercive-contraction",
    finding="The step is equivalent to eta <= mu/L^2, so it fails on (mu/L^2, 1/L] whenever mu < L (e.g. mu = 1/10, "
            "L = 1, eta = 1: 1.8 > 0.9); at eta = 1/L and mu <= L/2 the factor is >= 1 and gives no contraction.  "
            "Corrected: co-coercivity gives (1 - eta h)^2 <= 1 - mu eta on every curvature h in [mu, L].",
)
test_distributed_sgd_proof_step_printed = STEP_PRINTED.test()


# ------------------------------------------------------------------------- iteration complexity
def _floor(p: SyncProblem, eta: Fraction) -> Fraction:
    return sync_sgd_floor(p.h, eta, [averaged_variance(si, p.m) for si in p.s])


def _eps(p: SyncProblem) -> Fraction:
    """A target between a quarter and twice the floor of the step 1/L (``T`` picks the multiple)."""
    return _floor(p, 1 / p.L) * Fraction(p.T, 4)


def _start(p: SyncProblem) -> list[Fraction]:
    """Start above the floor of ``1/L`` in every coordinate (the error then never drops below it)."""
    f = [averaged_variance(si, p.m) / (hi * (2 - hi / p.L)) / p.L for hi, si in zip(p.h, p.s)]
    return [fi + ui for fi, ui in zip(f, p.u0)]


def complexity_checks(p: SyncProblem, small_step: bool = True) -> list[Check]:
    """With ``eta = 1/(L N)``, ``N`` the least integer with ``eta <= eps mu m/(2 sigma^2)``, and
    ``T = ceil(ln(2 u_0/eps)/(eta mu)) + 1`` steps, ``E||θ_T - θ*||^2 <= eps``."""
    eps, u0 = _eps(p), _start(p)
    N = max(1, math.ceil(2 * p.sigma2 / (eps * p.mu * p.m * p.L))) if small_step else 1
    eta = 1 / (p.L * N)
    U0 = sum(u0, Fraction(0))
    T = math.ceil(math.log(2 * float(U0) / float(eps)) / float(eta * p.mu)) + 1 if U0 > eps else 0
    v = [averaged_variance(si, p.m) for si in p.s]
    f = [eta * vi / (hi * (2 - eta * hi)) for hi, vi in zip(p.h, v)]
    uT = sum(((1 - eta * hi) ** (2 * T) * (ui - fi) + fi for hi, ui, fi in zip(p.h, u0, f)), Fraction(0))
    ratio_up = Fraction(math.ceil(uT / eps * 10 ** 12), 10 ** 12)     # exact, rounded up to 12 digits
    return [le(ratio_up, 1, label=f"E||θ_T - θ*||^2 / eps <= 1 after T = {T} steps of eta = 1/(L N), N = {N} "
                                  f"(kappa = {p.L / p.mu}, eps = floor(1/L) x {Fraction(p.T, 4)}; the exact "
                                  f"ratio rounded up to 12 digits)")]


COMPLEXITY = Claim(
    id="distributed-sgd-iteration-complexity",
    title="Distributed SGD reaches eps with eta ~ eps mu m/sigma^2 in O((kappa + sigma^2/(mu^2 m eps)) log(1/eps)) steps",
    statement="Under the assumptions of the rate theorem, eta = 1/(L N) with N the least integer making "
              "eta <= eps mu m/(2 sigma^2), and T = ceil(ln(2 u_0/eps)/(eta mu)) + 1 <= (kappa + 2 sigma^2/(mu^2 m eps)) "
              "ln(2 u_0/eps) + 2 steps give E||θ_T - θ*||^2 <= eps; a constant step eta has the exact floor "
              "sum_i eta v_i/(h_i (2 - eta h_i)), which no number of steps crosses",
    sources=[Source(MSML, "Ch. 24, B.6 (corrected iteration count for constant-step distributed SGD)", ("MSML-60",))],
    kind="exact",
    area="optimization",
    instances=sync_problems().filter(lambda p: p.sigma2 > 0),
    conclusion=complexity_checks,
    proof_idea="By the rate theorem E||θ_T - θ*||^2 <= (1 - mu eta)^T u_0 + eta sigma^2/(mu m) <= e^{-mu eta T} u_0 + "
               "eps/2 <= eps.  On quadratics each coordinate moves monotonically to its floor, so the exact value "
               "is (1 - eta h)^{2T}(u_0 - f) + f.",
    mutants=[
        Mutant("step-one-over-l-suffices", "with eta = 1/L the error tends to the floor of 1/L, which exceeds eps "
               "when eps is below it, whatever the number of steps",
               conclusion=lambda p: complexity_checks(p, small_step=False)),
    ],
    examples=60,
)
test_distributed_sgd_iteration_complexity = COMPLEXITY.test()


def _printed_complexity(p: SyncProblem) -> Check:
    """'O(kappa log 1/eps) iterations' with the constant 4, at the step 1/L and eps = floor/10."""
    eps = _floor(p, 1 / p.L) / 10
    u0 = _start(p)
    U0 = sum(u0, Fraction(0))
    kappa = p.L / p.mu
    T = math.ceil(4 * float(kappa) * math.log(float(U0 / eps)))
    v = [averaged_variance(si, p.m) for si in p.s]
    u = sync_sgd_errors(p.h, u0, 1 / p.L, v, T)
    ratio_down = Fraction(math.floor(min(u) / eps * 10 ** 12), 10 ** 12)    # exact, rounded down to 12 digits
    return le(ratio_down, 1, label=f"min_(t <= {T}) E||θ_t - θ*||^2 / eps <= 1, eps = floor/10 (eta = 1/L, "
                                   f"kappa = {kappa}; the exact ratio rounded down to 12 digits)")


COMPLEXITY_PRINTED = Claim(
    id="distributed-sgd-kappa-log-printed",
    title="'To reach error eps, required iterations scale like O(kappa log(1/eps))' as printed",
    statement="Constant-step (eta = 1/L) distributed SGD reaches E||θ_t - θ*||^2 <= eps within 4 kappa ln(u_0/eps) "
              "iterations, for every eps > 0",
    sources=[Source(MSML, "Ch. 24, B.6 (iteration complexity as printed)", ("MSML-60",))],
    kind="exact",
    area="optimization",
    instances=sync_problems().filter(lambda p: p.sigma2 > 0),
    conclusion=_printed_complexity,
    proof_idea="At a fixed step the error converges to the floor sum_i eta v_i/(h_i (2 - eta h_i)) > 0 and stays "
               "above it when it starts above it.",
    audit=True,
    corrected="distributed-sgd-iteration-complexity",
    finding="With sigma > 0 and a constant step the expected error never drops below the noise floor "
            "sum_i eta v_i/(h_i(2 - eta h_i)) (about eta sigma^2/(mu m (2 - eta mu))), so eps = floor/10 is never "
            "reached.  Corrected: eta <~ eps mu m/sigma^2 and O((kappa + sigma^2/(mu^2 m eps)) log(1/eps)) iterations.",
)
test_distributed_sgd_kappa_log_printed = COMPLEXITY_PRINTED.test()
