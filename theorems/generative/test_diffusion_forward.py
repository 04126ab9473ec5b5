"""The diffusion forward process: closed-form marginals, the KL to the prior, the Gaussian reverse
posterior, and sums of independent Gaussians.

Statement.
- For ``x_t = √(1−β_t) x_{t−1} + √β_t ε_t`` (``β_t ∈ (0, 1)``, ``ε_t`` i.i.d. ``N(0, I)``) and fixed ``x_0``:
  ``q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I)`` with ``ᾱ_t = Π_{s<=t}(1 − β_s)``; in the notation
  ``x_{t+1} = √α_t x_t + √(1−α_t) z_t`` (``t = 0..T−1``) this reads ``x_{t+1} = √ᾱ_t x_0 + √(1−ᾱ_t) z``
  with ``ᾱ_t = Π_{i=0}^{t} α_i``.
- ``KL(q(x_T|x_0) ‖ N(0, I_d)) = ½(ᾱ_T‖x_0‖² − dᾱ_T − d log(1 − ᾱ_T)) <= ½ᾱ_T‖x_0‖² + dᾱ_T²/(4(1−ᾱ_T))``,
  which tends to 0 as ``ᾱ_T → 0``.
- ``q(x_{t−1} | x_t, x_0) = N(μ̃_t, β̃_t I)`` with ``μ̃_t = √ᾱ_{t−1}β_t/(1−ᾱ_t) x_0 +
  √(1−β_t)(1−ᾱ_{t−1})/(1−ᾱ_t) x_t`` and ``β̃_t = (1−ᾱ_{t−1})β_t/(1−ᾱ_t)``.
- The minimizer of the simplified loss ``E‖ε − ε_θ(x_t)‖²`` is ``E[ε | x_t = x] = −√(1−ᾱ_t)∇log p_t(x)``.
- Independent ``z_1 ~ N(μ_1, σ_1²I)``, ``z_2 ~ N(μ_2, σ_2²I)`` have ``z_1 + z_2 ~ N(μ_1 + μ_2, (σ_1² + σ_2²)I)``.

Sources.  Zhao, Def. 16.1 and §16.2.1 (ZHAO-140), §16.2.3 (ZHAO-141); Arora et al., eqs. (14.18)–(14.19)
(ARORA-1066, audited: the printed closed form starts from ``x_t`` instead of ``x_0``), Problem 14.6.1
(ARORA-1067).

Proof idea.  Induction: ``x_t = √(1−β_t)(c x_0 + noise of variance v) + √β_t ε_t`` has mean coefficient
``√(1−β_t) c`` and variance ``(1−β_t)v + β_t`` (independent Gaussian variances add), so
``c_t² = ᾱ_t`` and ``v_t = 1 − ᾱ_t``.  The KL is the Gaussian closed form, and
``−log(1−a) − a = Σ_{k>=2} a^k/k <= a²/(2(1−a))``.  The reverse posterior is the conditional of the
jointly Gaussian pair ``(x_{t−1}, x_t)`` given ``x_0`` (Schur complement).  Sums: characteristic
functions multiply, ``e^{iμ_1u − σ_1²u²/2} e^{iμ_2u − σ_2²u²/2}``.  The L2 minimizer is the conditional
mean, and differentiating the Gaussian mixture ``p_t`` gives ``∇log p_t = −E[ε | x_t]/√(1−ᾱ_t)``.

Marginals are exact (squared mean coefficients and variances are rationals for rational ``β``; the KL is
an exact log-form); the reverse posterior is checked numerically against Gaussian conditioning of the
chain built step by step, and Gaussian sums by quadrature of the convolution.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import torch
from scipy import integrate

from checks.claim import Check, Claim, Mutant, Source, close, equal, le
from checks.divergences import LogLinear, gaussian_kl, log, lower, rational
from checks.documents import ARORA, ZHAO
from checks.generative import chain_factor, forward_moments, gaussian_condition
from checks.strategies.generative import (AtomicPrior, GaussianPair, Schedule, atomic_priors, gaussian_pairs,
                                          schedules)

EPS = float(np.finfo(float).eps)


def form_le(a: LogLinear, b: LogLinear, label: str) -> Check:
    """``a <= b`` for forms, decided exactly."""
    x = lower(a)
    return le(x, x + lower(b - a), label=label)


def abar(betas, upto: int, start: int = 1) -> Fraction:
    """``Π_{start <= s <= upto} (1 − β_s)`` (1-based ``s``)."""
    out = Fraction(1)
    for b in betas[start - 1:upto]:
        out *= 1 - b
    return out


# --- claim 1: the forward marginals and the KL to the prior -----------------------------------------

def prior_kl(a: Fraction, x0, d: int) -> LogLinear:
    """``½(ᾱ‖x_0‖² − dᾱ) − (d/2) log(1 − ᾱ)`` as a form."""
    sq = sum((x * x for x in x0), Fraction(0))
    return rational((a * sq - d * a) / 2) - log(1 - a).scale(Fraction(d, 2))


def marginals(inst: Schedule, variance=None, coefficient=None, start: int = 1, kl_dim_term: bool = True
              ) -> list[Check]:
    moments = forward_moments(inst.betas)
    out = []
    for t in range(1, len(inst.betas) + 1):
        c2, v = moments[t]
        a = abar(inst.betas, t, start)
        out.append(equal(c2, coefficient(a) if coefficient else a, label=f"t={t}: mean coefficient^2 = abar_t"))
        out.append(equal(v, variance(inst.betas[:t]) if variance else 1 - a, label=f"t={t}: variance = 1 - abar_t"))
    a_t, d = abar(inst.betas, len(inst.betas)), len(inst.x0)
    kl = prior_kl(a_t, inst.x0, d)
    x0 = np.array([float(x) for x in inst.x0])
    ref = gaussian_kl(math.sqrt(a_t) * x0, float(1 - a_t) * np.eye(d), np.zeros(d), np.eye(d))
    mag = 1 + float(a_t) * float(x0 @ x0) + d * (1 + abs(math.log(float(1 - a_t)))) / float(1 - a_t)
    out.append(close(float(kl), ref, 16 * d * EPS * mag, label="KL(q(x_T|x_0) || N(0,I)) closed form",
                     why="16 d eps (1 + abar |x0|^2 + d(1 + |log(1-abar)|)/(1-abar))"))
    sq = sum((x * x for x in inst.x0), Fraction(0))
    bound = a_t * sq / 2 + (d * a_t**2 / (4 * (1 - a_t)) if kl_dim_term else 0)
    out.append(form_le(kl, rational(bound), "KL <= abar |x0|^2/2 + d abar^2/(4(1 - abar)) (-> 0 as abar -> 0)"))
    out.append(form_le(rational(0), kl, "KL >= 0"))
    return out


MARGINALS = Claim(
    id="diffusion-forward-marginal",
    title="Diffusion forward process: q(x_t | x_0) = N(sqrt(abar_t) x_0, (1 - abar_t) I)",
    statement="for x_t = sqrt(1-beta_t) x_{t-1} + sqrt(beta_t) eps_t with beta_t in (0,1) and independent standard "
              "eps_t, q(x_t|x_0) = N(sqrt(abar_t) x_0, (1-abar_t) I) with abar_t = prod_{s<=t}(1-beta_s) "
              "(equivalently x_{t+1} = sqrt(abar_t) x_0 + sqrt(1-abar_t) z, abar_t = prod_{i=0}^t alpha_i); "
              "KL(q(x_T|x_0) || N(0,I)) = (abar_T|x0|^2 - d abar_T - d log(1-abar_T))/2 <= abar_T|x0|^2/2 + "
              "d abar_T^2/(4(1-abar_T))",
    sources=[Source(ZHAO, "Def. 16.1, §16.2.1 (forward process)", ("ZHAO-140",)),
             Source(ARORA, "eqs. (14.18)-(14.19) (corrected: from x_0, product from i = 0)", ("ARORA-1066",)),
             Source(ARORA, "Problem 14.6.1 (variances of independent Gaussians add)", ("ARORA-1067",))],
    kind="exact",
    area="generative",
    instances=schedules(),
    conclusion=marginals,
    proof_idea="induction on t: the mean coefficient gains a factor sqrt(1-beta_t) and the variance becomes "
               "(1-beta_t)v + beta_t, so 1 - v_t = (1-beta_t)(1 - v_{t-1}); the KL bound is "
               "-log(1-a) - a <= a^2/(2(1-a)).",
    mutants=[
        Mutant("variance-sum-of-betas", "the variance is 1 - prod(1-beta), smaller than sum(beta) from two steps on "
               "(the earlier noise is shrunk by later steps)",
               conclusion=lambda i: marginals(i, variance=lambda bs: sum(bs, Fraction(0))), instances=schedules(t_min=2)),
        Mutant("mean-abar", "the mean coefficient is sqrt(abar_t), not abar_t (which is smaller for abar_t < 1)",
               conclusion=lambda i: marginals(i, coefficient=lambda a: a * a)),
        Mutant("product-from-second-step", "dropping the first factor (the printed index i = 1) forgets one step "
               "of shrinkage", conclusion=lambda i: marginals(i, start=2)),
        Mutant("kl-without-dimension-term", "KL exceeds abar|x0|^2/2 by d(-abar - log(1-abar))/2 > 0",
               conclusion=lambda i: marginals(i, kl_dim_term=False)),
    ],
    examples=40,
)
test_diffusion_forward_marginal = MARGINALS.test()


def printed_closed_form(inst: Schedule) -> list[Check]:
    """Eq. (14.19) as printed: ``x_{t+1} = √ᾱ_t x_t + √(1−ᾱ_t) z`` with ``ᾱ_t = Π_{i=1}^{t} α_i``
    (``α_i = 1 − β_{i+1}``), ``z`` independent of ``x_t``."""
    moments = forward_moments(inst.betas)
    alphas = [1 - b for b in inst.betas]
    out = []
    for t in range(len(alphas)):
        a = Fraction(1)
        for x in alphas[1:t + 1]:
            a *= x
        c2, v = moments[t]
        out.append(equal(moments[t + 1][0], a * c2, label=f"t={t}: coefficient^2 of x_0 in x_{t + 1} (as printed)"))
        out.append(equal(moments[t + 1][1], a * v + 1 - a, label=f"t={t}: variance of x_{t + 1} (as printed)"))
    return out


PRINTED = Claim(
    id="diffusion-closed-form-as-printed",
    title="Diffusion closed form written from x_t with the product from i = 1 (as printed)",
    statement="x_{t+1} = sqrt(abar_t) x_t + sqrt(1 - abar_t) z with abar_t = prod_{i=1}^t alpha_i (as printed)",
    sources=[Source(ARORA, "eq. (14.19)", ("ARORA-1066",))],
    kind="exact",
    area="generative",
    instances=schedules(),
    conclusion=printed_closed_form,
    proof_idea="at t = 0 the printed product is empty, so x_1 = x_0, while one noising step shrinks x_0 by sqrt(alpha_0).",
    audit=True,
    corrected="diffusion-forward-marginal",
    finding="the closed form must start from x_0, and the product must include alpha_0: as printed, t = 0 gives "
            "x_1 = x_0 (no noise), and for alpha = (1/2, 1/2, 1/2), x_0 = 1 the truth is E x_3 = sqrt(1/8) = 0.354 "
            "while the printed form gives sqrt(1/4) E x_2 = 0.25. Correct: x_{t+1} = sqrt(abar_t) x_0 + "
            "sqrt(1 - abar_t) z, abar_t = prod_{i=0}^t alpha_i",
    examples=40,
)
test_diffusion_closed_form_as_printed = PRINTED.test()


# --- claim 2: the Gaussian reverse posterior ----------------------------------------------------------

def posterior(inst: Schedule, variance_beta: bool = False, mean_one_step: bool = False) -> list[Check]:
    t = inst.t
    betas = [float(b) for b in inst.betas[:t]]
    m, lmat = chain_factor(betas)
    idx = [t - 1, t]
    cov = lmat[idx] @ lmat[idx].T
    x0 = np.array([float(x) for x in inst.x0])
    xt = x0[::-1] + 0.5  # any point: the conditional law is claimed for every x_t
    mean_c, var_c = gaussian_condition(np.outer(m[idx], x0), cov, 0, 1, xt)
    a_prev, a_t, b = float(abar(inst.betas, t - 1)), float(abar(inst.betas, t)), betas[-1]
    beta_tilde = b if variance_beta else (1 - a_prev) * b / (1 - a_t)
    mu_tilde = (xt / math.sqrt(1 - b) if mean_one_step else
                math.sqrt(a_prev) * b / (1 - a_t) * x0 + math.sqrt(1 - b) * (1 - a_prev) / (1 - a_t) * xt)
    # covariance entries err by <= 4(t+2) eps; the Schur complement divides by Var x_t = 1 - abar_t
    tol = 8 * (t + 2) * EPS * (1 + 1 / (1 - a_t)) ** 2 * (1 + float(np.max(np.abs(x0))) + float(np.max(np.abs(xt))))
    why = "8(t+2) eps (1 + 1/(1-abar_t))^2 (1 + |x0| + |x_t|)"
    return [close(var_c, beta_tilde, tol, label="conditional variance = (1-abar_{t-1}) beta_t/(1-abar_t)", why=why),
            close(mean_c, mu_tilde, tol, label="conditional mean = mu_tilde_t(x_t, x_0)", why=why)]


POSTERIOR = Claim(
    id="diffusion-reverse-posterior",
    title="Gaussian reverse posterior q(x_{t-1} | x_t, x_0) of the diffusion chain",
    statement="q(x_{t-1}|x_t, x_0) = N(mu_t, beta~_t I) with mu_t = sqrt(abar_{t-1}) beta_t/(1-abar_t) x_0 + "
              "sqrt(1-beta_t)(1-abar_{t-1})/(1-abar_t) x_t and beta~_t = (1-abar_{t-1}) beta_t/(1-abar_t)",
    sources=[Source(ZHAO, "§16.2.3 (reverse sampling), Fig. 16.6", ("ZHAO-141",))],
    kind="numeric",
    area="generative",
    instances=schedules(),
    conclusion=posterior,
    proof_idea="(x_{t-1}, x_t) given x_0 is jointly Gaussian with Var x_{t-1} = 1-abar_{t-1}, Cov = "
               "sqrt(1-beta_t)(1-abar_{t-1}), Var x_t = 1-abar_t; the Schur complement gives the formulas.",
    mutants=[
        Mutant("posterior-variance-beta", "beta~_t = beta_t - beta_t^2 abar_{t-1}/(1-abar_t) < beta_t; at t = 1 it is 0",
               conclusion=lambda i: posterior(i, variance_beta=True)),
        Mutant("mean-ignores-x0", "inverting one step, x_t/sqrt(1-beta_t), ignores what x_0 says about x_{t-1}",
               conclusion=lambda i: posterior(i, mean_one_step=True)),
    ],
    examples=40,
)
test_diffusion_reverse_posterior = POSTERIOR.test()


# --- claim 3: sums of independent Gaussians -----------------------------------------------------------

def _pdf(x: float, mu: float, sd: float) -> float:
    return math.exp(-0.5 * ((x - mu) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))


def gaussian_sum(inst: GaussianPair, variance_of_sum=None) -> list[Check]:
    mu = inst.mu1 + inst.mu2
    var = variance_of_sum(inst) if variance_of_sum else inst.s1**2 + inst.s2**2
    sd_true = math.hypot(inst.s1, inst.s2)
    out = []
    for k in (-2, -1, 0, 1, 2):
        y = mu + k * sd_true
        if inst.coupled:  # z2 = z1: the sum is 2 z1
            actual, err = _pdf(y / 2, inst.mu1, inst.s1) / 2, 0.0
        else:  # outside mu1 +- 40 s1 the integrand is below e^{-800}
            f = lambda x: _pdf(x, inst.mu1, inst.s1) * _pdf(y - x, inst.mu2, inst.s2)  # noqa: E731
            actual, err = integrate.quad(f, inst.mu1 - 40 * inst.s1, inst.mu1 + 40 * inst.s1, points=[inst.mu1],
                                         epsabs=1e-14, epsrel=1e-12, limit=200)
        expected = _pdf(y, mu, math.sqrt(var))
        out.append(close(actual, expected, 10 * err + 64 * EPS * max(actual, expected, 1e-300),
                         label=f"density of z1 + z2 at mean {k:+d} sd", why="10 x quadrature error estimate + 64 eps pdf"))
    return out


SUM = Claim(
    id="gaussian-sum-independent",
    title="Sum of independent Gaussians: means add and variances add",
    statement="independent z1 ~ N(mu1, s1^2) and z2 ~ N(mu2, s2^2) have z1 + z2 ~ N(mu1 + mu2, s1^2 + s2^2) "
              "(per coordinate, hence for isotropic vectors)",
    sources=[Source(ARORA, "Problem 14.6.1", ("ARORA-1067",))],
    kind="numeric",
    area="generative",
    instances=gaussian_pairs(),
    conclusion=gaussian_sum,
    proof_idea="the density of the sum is the convolution; characteristic functions multiply, and the product "
               "of two Gaussian characteristic functions is the Gaussian one with summed mean and variance.",
    mutants=[
        Mutant("standard-deviations-add", "(s1 + s2)^2 exceeds s1^2 + s2^2 by 2 s1 s2 > 0",
               conclusion=lambda i: gaussian_sum(i, variance_of_sum=lambda g: (g.s1 + g.s2) ** 2)),
        Mutant("dependent-copies", "without independence the formula fails: z2 = z1 gives variance 4 s1^2, not 2 s1^2",
               instances=gaussian_pairs(coupled=True)),
    ],
    examples=20,
)
test_gaussian_sum_independent = SUM.test()


# --- claim 4: the optimal noise prediction is a rescaled score ---------------------------------------

def noise_prediction(inst: AtomicPrior, power: float = 0.5, sign: float = -1.0) -> list[Check]:
    a = inst.abar
    atoms, logw = np.array(inst.atoms), np.log(np.array(inst.weights))
    out = []
    for k, x in enumerate(inst.xs):
        # E[eps | x_t = x]: given atom j, eps = (x - sqrt(a) x0_j)/sqrt(1-a); posterior weights by Bayes
        resid = x - math.sqrt(a) * atoms
        logpost = logw - resid**2 / (2 * (1 - a))
        post = np.exp(logpost - logpost.max())
        post /= post.sum()
        eps_star = float(post @ resid) / math.sqrt(1 - a)
        xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        centres = math.sqrt(a) * torch.tensor(inst.atoms, dtype=torch.float64)
        logp = torch.logsumexp(torch.tensor(logw) - (xt - centres) ** 2 / (2 * (1 - a)), 0)
        (score,) = torch.autograd.grad(logp, xt)
        big = abs(x) + float(np.abs(atoms).max())
        # exponents of size big^2/(1-a) are rounded to relative eps, then multiply residuals of size big/sqrt(1-a)
        tol = 64 * EPS * (1 + big**2 / (1 - a)) * (1 + big / math.sqrt(1 - a))
        out.append(close(eps_star, sign * (1 - a) ** power * float(score), tol,
                         label=f"x_{k}: E[eps | x_t] = -sqrt(1 - abar) grad log p_t",
                         why="64 eps (1 + M^2/(1-abar))(1 + M/sqrt(1-abar)), M = |x| + max|x0|"))
    return out


NOISE = Claim(
    id="diffusion-noise-prediction-score",
    title="The optimal noise predictor of the simplified diffusion loss is -sqrt(1 - abar) times the score",
    statement="for x_t = sqrt(abar) x_0 + sqrt(1-abar) eps, the minimizer of E|eps - eps_theta(x_t)|^2 is "
              "eps*(x) = E[eps | x_t = x] = -sqrt(1 - abar) grad log p_t(x); checked for finite laws of x_0",
    sources=[Source(ZHAO, "§16.2.1, Fig. 16.5 (epsilon-prediction objective)", ("ZHAO-140",))],
    kind="numeric",
    area="generative",
    instances=atomic_priors(),
    conclusion=noise_prediction,
    proof_idea="the L2 minimizer is the conditional mean; p_t is a Gaussian mixture and "
               "grad log p_t(x) = -E[x - sqrt(abar) x_0 | x_t = x]/(1 - abar) = -E[eps | x_t = x]/sqrt(1 - abar).",
    mutants=[
        Mutant("score-sign", "the noise points away from the data: E[eps | x_t] has the sign of -grad log p_t",
               conclusion=lambda i: noise_prediction(i, sign=1.0)),
        Mutant("variance-not-sd", "the factor is the noise standard deviation sqrt(1 - abar), not the variance",
               conclusion=lambda i: noise_prediction(i, power=1.0)),
    ],
    examples=30,
)
test_diffusion_noise_prediction_score = NOISE.test()
