"""Variational autoencoders: the ELBO decomposition, the explicit single-sample Gaussian ELBO, and the
unbiasedness of the reparametrization gradient.

Statement.
- For any ``q(h|x)`` with ``q ≪ p(·|x)``: ``log p(x) = E_q[log p(x, h)] + H(q) + KL(q ‖ p(·|x))``, hence
  ``log p(x) >= ELBO(q) = E_q[log p(x, h)] + H(q)``, with equality iff ``q = p(·|x)``.  For the linear-Gaussian
  model ``z ~ N(0, I)``, ``x | z ~ N(Wz + b, s²I)`` and Gaussian ``q`` every term is a closed form.
- For ``q(z|x) = N(μ_ϕ, σ_ϕ²I_d)``, ``p(x|z) = N(μ_θ, σ_θ²I_n)``, ``p(z) = N(0, I_d)``:
  ``log p(x|z) + log p(z) − log q(z|x) = −½[‖x−μ_θ‖²/σ_θ² + n log σ_θ² + ‖z‖² − ‖z−μ_ϕ‖²/σ_ϕ²
  − d log σ_ϕ²] − (n/2) log 2π`` (the constant is what the document skips).
- For ``z = μ + σ ⊙ ε``, ``ε ~ N(0, I)``: ``∇_{μ,σ} E_{z~N(μ, diag σ²)} f(z) = E_ε ∇_{μ,σ} f(μ + σ ⊙ ε)``.

Sources.  Arora et al., Lemma 14.3.1 and eq. (14.8) (ARORA-1059; audited: the last line of the proof
prints ``E_q[log p(x)] = p(x)``), eqs. (14.9)–(14.12) (ARORA-1060), §14.4.1 (ARORA-1061).

Proof idea.  ``log p(x) = log p(x, h) − log p(h|x)`` for every ``h``; average over ``q`` and add and
subtract ``E_q log q``.  The Gaussian term is the sum of three Gaussian log-densities; the ``2π``
constants of ``p(z)`` and ``q`` cancel.  For the gradient, ``E_q f = E_ε f(μ + σε)`` where the law of
``ε`` does not depend on ``(μ, σ)``, so the derivative passes inside.

The decomposition is an identity of exact log-forms (rational masses), the reparametrization identity
is exact for polynomial ``f`` (SymPy, Gaussian moments), the Gaussian term is compared with SciPy's
log-densities with a tolerance from machine epsilon and the size of the terms; for a linear-Gaussian
model the ELBO, the evidence and the gap ``KL(q ‖ p(z|x))`` are Gaussian closed forms.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import sympy
from scipy import stats

from checks.claim import Check, Claim, Mutant, Source, close, equal, holds, le
from checks.divergences import LogLinear, entropy, gaussian_kl, kl, log, lower, rational
from checks.documents import ARORA
from checks.strategies.score import (LatentModel, LinearGaussianVae, PolyIntegrand, VaeTerm, latent_models,
                                     linear_gaussian_vaes, poly_integrands, vae_terms)

EPS = float(np.finfo(float).eps)


def _zero(form: LogLinear, label: str) -> Check:
    return holds(form.is_zero, label, detail=f"difference {form!r} (= {float(form):.3g})")


def _form_le(a: LogLinear, b: LogLinear, label: str) -> Check:
    x = lower(a) if not a.is_zero else Fraction(0)
    gap = b - a
    return le(x, x + (lower(gap) if not gap.is_zero else 0), label=label)


def _expected_log_joint(inst: LatentModel) -> LogLinear:
    out = rational(0)
    for qh, pxh in zip(inst.q, inst.joint[0]):
        out = out + log(pxh).scale(qh)
    return out


# --- claim 1: the ELBO decomposition --------------------------------------------------------------

def decomposition(inst: LatentModel, entropy_sign: int = 1, tight_at=None, reverse: bool = False) -> list[Check]:
    px = sum(inst.joint[0], Fraction(0))
    elbo = _expected_log_joint(inst) + entropy(inst.q).scale(entropy_sign)
    gap = kl(inst.q, inst.posterior)
    out = [_zero(log(px) - elbo - gap, "log p(x) = E_q log p(x,h) + H(q) + KL(q || p(.|x))")]
    out.append(_form_le(log(px), elbo, "ELBO >= log p(x)") if reverse else
               _form_le(elbo, log(px), "ELBO <= log p(x)"))
    ref = tight_at(inst) if tight_at else inst.posterior
    if tight_at or inst.q == inst.posterior:  # equality exactly at the posterior
        tight = _expected_log_joint(LatentModel(inst.joint, ref, inst.family)) + entropy(ref)
        out.append(_zero(log(px) - tight, "ELBO = log p(x) at q = " + ("the prior" if tight_at else "p(.|x)")))
    return out


DECOMPOSITION = Claim(
    id="vae-elbo-decomposition",
    title="ELBO decomposition: log p(x) = ELBO(q) + KL(q || p(.|x))",
    statement="for any q(h|x) << p(h|x): log p(x) = E_q[log p(x,h)] + H(q) + KL(q(.|x) || p(.|x)) >= "
              "E_q[log p(x,h)] + H(q), with equality iff q = p(.|x)",
    sources=[Source(ARORA, "Lemma 14.3.1, eq. (14.8)", ("ARORA-1059",))],
    kind="exact",
    area="generative",
    instances=latent_models(),
    conclusion=decomposition,
    proof_idea="log p(x) = log p(x,h) - log p(h|x) for every h; average over q and add and subtract E_q log q; "
               "KL >= 0 with equality iff q = p(.|x).",
    mutants=[
        Mutant("minus-entropy", "the ELBO adds the entropy H(q) > 0; subtracting it breaks the identity",
               conclusion=lambda i: decomposition(i, entropy_sign=-1)),
        Mutant("tight-at-prior", "the bound is tight at the posterior, not at the prior (they differ when x "
               "carries information about h)", conclusion=lambda i: decomposition(i, tight_at=lambda m: m.prior)),
        Mutant("elbo-above-evidence", "the ELBO is a lower bound: it is below log p(x) by KL(q || p(.|x)) > 0 "
               "for q != p(.|x)", conclusion=lambda i: decomposition(i, reverse=True)),
    ],
    examples=40,
)
test_vae_elbo_decomposition = DECOMPOSITION.test()


def printed_proof_line(inst: LatentModel) -> list[Check]:
    """The last line of the proof as printed: ``E_{q(h|x)}[log p(x)] = p(x)``."""
    px = sum(inst.joint[0], Fraction(0))
    lhs = LogLinear.make(Fraction(0), {})
    for qh in inst.q:
        lhs = lhs + log(px).scale(qh)
    return [_zero(lhs - rational(px), "E_q[log p(x)] = p(x) (as printed)")]


PRINTED = Claim(
    id="vae-elbo-proof-line-as-printed",
    title="ELBO proof, last line as printed: E_q[log p(x)] = p(x)",
    statement="E_{q(h|x)}[log p(x)] = p(x) (as printed)",
    sources=[Source(ARORA, "proof of Lemma 14.3.1, last line", ("ARORA-1059",))],
    kind="exact",
    area="generative",
    instances=latent_models(),
    conclusion=printed_proof_line,
    proof_idea="log p(x) does not depend on h, so its q-average is log p(x) itself, which is < 0 < p(x).",
    audit=True,
    corrected="vae-elbo-decomposition",
    finding="the expectation of the constant log p(x) is log p(x), not p(x): with p(x) = 1/2 the left side is "
            "-0.693 and the right side 0.5 (log p <= 0 < p, so the printed line fails for every model). "
            "Correct: E_q[log p(x)] = log p(x); the lemma itself is right",
    examples=10,
)
test_vae_elbo_proof_line_as_printed = PRINTED.test()


# --- claim 2: the ELBO of a linear-Gaussian model in closed form --------------------------------------

def linear_gaussian(inst: LinearGaussianVae, gap_sign: int = -1, reverse_kl: bool = False) -> list[Check]:
    n, d = inst.w.shape
    s2 = inst.s**2
    cov_q = inst.chol @ inst.chol.T
    resid = inst.x - inst.w @ inst.m - inst.b
    # E_q log p(x|z) = -n/2 log(2 pi s^2) - (|x - Wm - b|^2 + tr(W S W^T))/(2 s^2); ELBO = that - KL(q || p(z))
    elbo = (-0.5 * n * math.log(2 * math.pi * s2) - (resid @ resid + np.trace(inst.w @ cov_q @ inst.w.T)) / (2 * s2)
            - gaussian_kl(inst.m, cov_q, np.zeros(d), np.eye(d)))
    evidence = stats.multivariate_normal(inst.b, inst.w @ inst.w.T + s2 * np.eye(n)).logpdf(inst.x)
    prec = np.eye(d) + inst.w.T @ inst.w / s2
    cov_post = np.linalg.inv(prec)
    mean_post = cov_post @ inst.w.T @ (inst.x - inst.b) / s2
    gap = (gaussian_kl(mean_post, cov_post, inst.m, cov_q) if reverse_kl
           else gaussian_kl(inst.m, cov_q, mean_post, cov_post))
    kappa = np.linalg.cond(prec) * np.linalg.cond(cov_q)
    size = 1 + abs(evidence) + abs(elbo) + gap + float(inst.x @ inst.x) / s2 + n * abs(math.log(s2))
    # Cholesky solves and log-determinants of matrices of condition <= kappa, on terms of size `size`
    tol = 64 * (n + d) ** 2 * EPS * kappa * size
    return [close(elbo, evidence + gap_sign * gap, tol, label="ELBO(q) = log p(x) - KL(q || p(z|x))",
                  why="64 (n+d)^2 eps cond(I + W^T W/s^2) cond(S_q) (1 + |log p| + |ELBO| + KL + |x|^2/s^2 + n|log s^2|)")]


LINEAR = Claim(
    id="vae-elbo-linear-gaussian",
    title="ELBO gap of a linear-Gaussian latent model equals KL(q || posterior)",
    statement="for z ~ N(0, I_d), x|z ~ N(Wz + b, s^2 I_n) and any Gaussian q = N(m, S): E_q log p(x|z) - "
              "KL(q || p(z)) = log p(x) - KL(q || p(z|x)), with p(x) = N(b, WW^T + s^2 I) and p(z|x) = "
              "N((I + W^TW/s^2)^-1 W^T(x-b)/s^2, (I + W^TW/s^2)^-1)",
    sources=[Source(ARORA, "Lemma 14.3.1, eq. (14.8), with the Gaussian model (14.9)-(14.10)", ("ARORA-1059",))],
    kind="numeric",
    area="generative",
    instances=linear_gaussian_vaes(),
    conclusion=linear_gaussian,
    proof_idea="the ELBO decomposition with Gaussian closed forms: the posterior of a linear-Gaussian model is "
               "Gaussian (complete the square), and every expectation is a Gaussian moment.",
    mutants=[
        Mutant("plus-kl", "the ELBO lies below the evidence: the gap is subtracted",
               conclusion=lambda i: linear_gaussian(i, gap_sign=1)),
        Mutant("reversed-kl", "the gap is KL(q || p(z|x)); KL(p(z|x) || q) differs for q != p(z|x)",
               conclusion=lambda i: linear_gaussian(i, reverse_kl=True)),
    ],
    examples=30,
)
test_vae_elbo_linear_gaussian = LINEAR.test()


# --- claim 3: the explicit single-sample Gaussian ELBO -----------------------------------------------

def single_sample(inst: VaeTerm, sign_dlog: int = 1, swap_nd: bool = False, half: float = 0.5,
                  constant: bool = True) -> list[Check]:
    n, d = len(inst.x), len(inst.z)
    if swap_nd:
        n, d = d, n
    lt, lp = math.log(inst.s_theta**2), math.log(inst.s_phi**2)
    a = float(np.sum((inst.x - inst.mu_theta) ** 2)) / inst.s_theta**2
    b = float(inst.z @ inst.z)
    c = float(np.sum((inst.z - inst.mu_phi) ** 2)) / inst.s_phi**2
    ours = -half * (a + n * lt + b - c - sign_dlog * d * lp) - (n / 2 * math.log(2 * math.pi) if constant else 0)
    ref = float(np.sum(stats.norm.logpdf(inst.x, inst.mu_theta, inst.s_theta))
                + np.sum(stats.norm.logpdf(inst.z, 0, 1)) - np.sum(stats.norm.logpdf(inst.z, inst.mu_phi, inst.s_phi)))
    size = a + b + c + len(inst.x) * (abs(lt) + 2) + len(inst.z) * (abs(lp) + 2)
    # every term is a sum of <= n + d logpdf values, each rounded with relative error a few eps
    tol = 16 * (len(inst.x) + len(inst.z) + 1) * EPS * (1 + size)
    return [close(ours, ref, tol, label="log p(x|z) + log p(z) - log q(z|x) = eq. (14.12) - (n/2) log 2 pi",
                  why="16 (n+d+1) eps (1 + sum of |terms|)")]


SINGLE = Claim(
    id="vae-gaussian-single-sample-elbo",
    title="Explicit single-sample ELBO term of the Gaussian VAE, with its constant",
    statement="for q(z|x) = N(mu_phi, s_phi^2 I_d), p(x|z) = N(mu_theta, s_theta^2 I_n), p(z) = N(0, I_d): "
              "log p(x|z) + log p(z) - log q(z|x) = -1/2 [|x-mu_theta|^2/s_theta^2 + n log s_theta^2 + |z|^2 - "
              "|z-mu_phi|^2/s_phi^2 - d log s_phi^2] - (n/2) log(2 pi)",
    sources=[Source(ARORA, "eqs. (14.9)-(14.12) (the skipped constant is -(n/2) log 2 pi)", ("ARORA-1060",))],
    kind="numeric",
    area="generative",
    instances=vae_terms(),
    conclusion=single_sample,
    proof_idea="add the three Gaussian log-densities; the (d/2) log 2 pi of p(z) and of q(z|x) cancel, the "
               "(n/2) log 2 pi of p(x|z) remains.",
    mutants=[
        Mutant("sign-of-encoder-log-variance", "-log q contributes +d log s_phi (the entropy term), so the bracket "
               "carries -d log s_phi^2", conclusion=lambda i: single_sample(i, sign_dlog=-1)),
        Mutant("n-and-d-swapped", "the decoder has n coordinates and the latent d; swapping them changes the "
               "log-variance terms when n != d", conclusion=lambda i: single_sample(i, swap_nd=True)),
        Mutant("missing-half", "each Gaussian log-density carries the factor 1/2",
               conclusion=lambda i: single_sample(i, half=1.0)),
        Mutant("constant-skipped", "the printed form skips -(n/2) log 2 pi, which is not zero",
               conclusion=lambda i: single_sample(i, constant=False)),
    ],
    examples=30,
)
test_vae_gaussian_single_sample_elbo = SINGLE.test()


# --- claim 4: the reparametrization gradient is unbiased ---------------------------------------------

def _gauss_moment(k: int) -> int:
    """``E ε^k`` for ``ε ~ N(0, 1)``: ``(k−1)!!`` for even ``k``, 0 for odd."""
    return 0 if k % 2 else math.prod(range(k - 1, 0, -2))


def _raw_moments(mu, s2, k_max: int) -> list:
    """``E z^k`` for ``z ~ N(μ, s2)`` by Stein's recursion ``M_k = μM_{k−1} + (k−1)s2 M_{k−2}``."""
    m = [sympy.Integer(1), mu]
    for k in range(2, k_max + 1):
        m.append(sympy.expand(mu * m[-1] + (k - 1) * s2 * m[-2]))
    return m


def reparam(inst: PolyIntegrand, transform: str = "sd") -> list[Check]:
    d = len(inst.mu)
    mus, sds, eps = sympy.symbols(f"m0:{d}"), sympy.symbols(f"s0:{d}", positive=True), sympy.symbols(f"e0:{d}")
    # E_{N(mu, diag s^2)} f via the raw moments of each coordinate, then differentiated
    moments = [_raw_moments(mus[i], sds[i] ** 2, 4) for i in range(d)]
    mean_f = sum(c * sympy.Mul(*[moments[i][e[i]] for i in range(d)]) for c, e in inst.terms)
    # pathwise: differentiate f(mu + s eps) (or the variant transform), then take E over eps
    if transform == "sd":
        zs = [mus[i] + sds[i] * eps[i] for i in range(d)]
    elif transform == "variance":
        zs = [mus[i] + sds[i] ** 2 * eps[i] for i in range(d)]
    else:  # "no-path": z treated as a fixed sample, so grad_phi f(z) = 0
        zs = list(sympy.symbols(f"z0:{d}"))
    f = sum(c * sympy.Mul(*[zs[i] ** e[i] for i in range(d)]) for c, e in inst.terms)
    at = {**{mus[i]: sympy.Rational(inst.mu[i].numerator, inst.mu[i].denominator) for i in range(d)},
          **{sds[i]: sympy.Rational(inst.sigma[i].numerator, inst.sigma[i].denominator) for i in range(d)}}

    def expect_eps(expr) -> sympy.Expr:
        poly = sympy.Poly(sympy.expand(expr), *eps)
        return sum(coef * sympy.Mul(*[_gauss_moment(k) for k in mon]) for mon, coef in poly.terms())

    out = []
    for p in (*mus, *sds):
        lhs = sympy.diff(mean_f, p).subs(at)
        rhs = expect_eps(sympy.diff(f, p).subs(at)) if transform != "no-path" else sympy.Integer(0)
        out.append(equal(sympy.nsimplify(rhs), sympy.nsimplify(lhs), label=f"d/d{p} E_q f = E_eps d/d{p} f(mu + s eps)"))
    return out


REPARAM = Claim(
    id="vae-reparametrization-gradient",
    title="The reparametrization gradient is unbiased",
    statement="for z = mu + s * eps, eps ~ N(0, I): grad_{mu,s} E_{z~N(mu, diag s^2)} f(z) = "
              "E_eps grad_{mu,s} f(mu + s * eps); checked exactly for polynomial f",
    sources=[Source(ARORA, "§14.4.1 (reparameterization trick, eq. (14.11))", ("ARORA-1061",))],
    kind="exact",
    area="generative",
    instances=poly_integrands(),
    conclusion=reparam,
    proof_idea="E_q f = E_eps f(mu + s eps) and the law of eps does not depend on (mu, s), so the derivative "
               "passes inside the expectation (dominated convergence; a finite sum for polynomials).",
    mutants=[
        Mutant("no-path", "treating the sample z as fixed (no path through mu and s) gives gradient 0, which is "
               "biased: d/dmu E f != 0 for a non-constant f", conclusion=lambda i: reparam(i, transform="no-path")),
        Mutant("variance-in-transform", "z = mu + s^2 eps has standard deviation s^2, so its pathwise gradient "
               "is that of a different law", conclusion=lambda i: reparam(i, transform="variance")),
    ],
    examples=25,
)
test_vae_reparametrization_gradient = REPARAM.test()
