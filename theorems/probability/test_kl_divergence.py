"""Cross-entropy, KL and f-divergences of finite distributions; maximum likelihood as forward-KL
minimization; Pinsker; Donsker–Varadhan; the Gaussian KL closed form and the isotropic Gaussian MLE.

Statement.  For distributions ``p``, ``q`` on finitely many outcomes:
- ``CE(p, q) = -Σ p log q = H(p) + KL(p‖q)`` when ``p ≪ q`` (else both sides are ``+∞``); ``KL >= 0``
  with equality iff ``p = q`` (Gibbs).  A certain target against a 50/50 model has
  ``CE = KL = log 2``: all of it is excess.
- Over a finite model class, the maximizer of the expected log-likelihood ``Σ p log q_j`` minimizes
  ``KL(p‖q_j)`` (forward KL, mode covering), and the log-likelihood gap of two models is their KL
  gap; with ``p = p̂_n`` the empirical law this is the empirical MLE.
- Pinsker: ``TV(p, q) = max_A |p(A) - q(A)| = ½‖p - q‖₁ <= √(KL(p‖q)/2) <= √(2 KL)``, attained by
  ``A* = {p > q}``; the ratio ``2TV²/KL`` tends to 1 for ``Bernoulli(½ ± ε)``.
- Donsker–Varadhan: ``KL(q‖p) >= E_q g - log E_p e^g`` for every ``g``, with equality at
  ``g = log(q/p)``.
- For convex ``f`` with ``f(1) = 0``: ``D_f(p‖q) = Σ q f(p/q) >= 0`` (Jensen); ``f = t log t`` gives
  ``KL(p‖q)``, ``f = ½|t - 1|`` gives ``TV = ½‖p - q‖₁``.
- ``KL(N(μ_q, Σ_q) ‖ N(μ_p, Σ_p)) = ½[tr(Σ_p⁻¹Σ_q) + Δᵀ Σ_p⁻¹ Δ - k + ln(det Σ_p / det Σ_q)]``.
- The likelihood of ``N(μ, σ²I_d)`` on ``x_1..x_n ∈ ℝ^d`` is maximized by ``μ̂ = x̄`` and
  ``σ̂² = Σ‖x_i - μ̂‖²/(nd)``.

Sources.  Zhao, Def. 12.9 (ZHAO-114); Arora et al., Example 14.2.1 (ARORA-1057, audited), Thm 14.2.2
(ARORA-1058), eq. (15.7) and §15.4 (ARORA-1070), Thm 15.8.3 (ARORA-1078), Problem 16.1.1
(ARORA-1085, audited); Teng, Wang, Zhang, §11.1.3 (TENG-56).

Proof idea.  ``log(1/q) = log(1/p) + log(p/q)``; Gibbs and ``D_f >= f(1)`` are Jensen's inequality
for the convex ``-log`` and ``f``.  Pinsker reduces to two outcomes (data processing through
``1{A*}``) and a one-variable calculus inequality.  Donsker–Varadhan is Gibbs for the tilted law
``p e^g / E_p e^g``.  The Gaussian formula integrates a quadratic form; the MLE sets the gradient of
``-S(μ)/(2σ²) - (nd/2) log σ²`` to zero, and ``u - 1 - log u >= 0`` makes it the global maximum.

Everything but the Gaussian KL is exact: logarithms of rationals are forms ``r + Σ c_p log p``
(``checks.divergences``), identities are equalities of forms and inequalities are decided by
evaluating the difference to a precision that fixes its sign.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from scipy import integrate

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.divergences import (LogLinear, cross_entropy, dv_gap, entropy, f_divergence, gaussian_kl,
                                isotropic_gaussian_mle, kl, kl_float, log, loglik_gap, loglik_gradient, lower,
                                rational, scatter, sign, tv)
from checks.documents import ARORA, TENG, ZHAO
from checks.strategies.divergences import (DVInstance, FPair, GaussianData, GaussianPair, ModelClass, Pair,
                                           any_pairs, bimodal_model_classes, dv_instances, f_instances,
                                           full_support_pairs, gaussian_data, gaussian_pairs, model_classes,
                                           pairs, tv_trap_model_classes)

EPS = np.finfo(float).eps


def form_le(a: LogLinear, b: LogLinear, label: str) -> Check:
    """``a <= b`` for forms, decided exactly: the check compares a rational approximation ``x`` of
    ``a`` with ``x + lower(b - a)``, where ``lower(b - a)`` has the exact sign of ``b - a``."""
    x = lower(a)
    return le(x, x + lower(b - a), label=label)


# --- claim 1: cross-entropy = entropy + KL; Gibbs ---------------------------------------------------

def decomposition(inst: Pair, swap_sign: bool = False) -> list[Check]:
    p, q = inst.p, inst.q
    h, d, ce = entropy(p), kl(p, q), cross_entropy(p, q)
    out = [equal(ce, h - d if swap_sign else h + d, label="CE(p, q) = H(p) + KL(p||q)"),
           form_le(rational(0), d, "KL(p||q) >= 0 (Gibbs)"),
           form_le(rational(0), h, "H(p) >= 0"),
           holds(d.is_zero == (p == q), "KL(p||q) = 0 iff p = q", f"KL = {d!r}")]
    if max(p) == 1:  # a certain target: zero entropy, all of the cross-entropy is excess
        out.append(equal(ce, d, label="certain target: CE = KL"))
    if inst.family == "point mass vs 50/50":
        out.append(equal(ce, log(2), label="certain target vs 50/50 model: CE = log 2"))
    return out


def kl_infinite(inst: Pair) -> Check:
    ac = all(b > 0 for a, b in zip(inst.p, inst.q) if a > 0)
    return holds((kl_float(inst.p, inst.q) == math.inf) == (not ac), "KL(p||q) = inf iff p is not << q",
                 f"p << q: {ac}")


def statement_decomposition(inst: Pair) -> list[Check]:
    ac = all(b > 0 for a, b in zip(inst.p, inst.q) if a > 0)
    return [kl_infinite(inst)] + (decomposition(inst) if ac else [])


def kl_symmetric(inst: Pair) -> Check:
    return equal(kl(inst.p, inst.q), kl(inst.q, inst.p), label="KL(p||q) = KL(q||p)")


DECOMPOSITION = Claim(
    id="cross-entropy-decomposition",
    title="Cross-entropy = entropy + KL; Gibbs' inequality",
    statement="for p << q: CE(p, q) = H(p) + KL(p||q), KL(p||q) >= 0 with equality iff p = q; KL = inf "
              "unless p << q; a certain target against a 50/50 model has CE = KL = log 2",
    sources=[Source(ZHAO, "Def. 12.9 (maximum likelihood and forward KL)", ("ZHAO-114",)),
             Source(ARORA, "eqs. (15.4)-(15.7), §15.4 (Winograd example)", ("ARORA-1070",)),
             Source(TENG, "§11.1.3 (properties of KL)", ("TENG-56",))],
    kind="exact",
    area="probability",
    instances=any_pairs(),
    conclusion=statement_decomposition,
    proof_idea="log(1/q) = log(1/p) + log(p/q) termwise; KL >= 0 is Jensen for -log: "
               "-KL = sum p log(q/p) <= log sum_{p>0} q <= 0, with equality iff q/p is constant on the support.",
    mutants=[
        Mutant("ce-minus-kl", "the excess is added, not subtracted: CE = H - KL fails whenever p != q",
               conclusion=lambda i: decomposition(i, swap_sign=True), instances=pairs()),
        Mutant("kl-symmetric", "KL is not symmetric: p = (1/2, 1/2), q = (1/4, 3/4) gives different values",
               conclusion=kl_symmetric, instances=full_support_pairs()),
    ],
    examples=60,
)
test_cross_entropy_decomposition = DECOMPOSITION.test()


# --- claim 2: MLE over a finite class = forward-KL minimizer ----------------------------------------

def _best(values: list[LogLinear]) -> int:
    """Index of a largest form (exact comparisons)."""
    best = 0
    for j in range(1, len(values)):
        if sign(values[j] - values[best]) > 0:
            best = j
    return best


def _mle(inst: ModelClass) -> int:
    return _best([-cross_entropy(inst.p, q) for q in inst.qs])


def mle_forward(inst: ModelClass) -> list[Check]:
    j = _mle(inst)
    kls = [kl(inst.p, q) for q in inst.qs]
    ces = [cross_entropy(inst.p, q) for q in inst.qs]
    out = [form_le(kls[j], kls[i], f"KL(p||q_mle) <= KL(p||q_{i})") for i in range(len(kls))]
    out += [equal(ces[i] - ces[j], kls[i] - kls[j], label=f"log-likelihood gap to q_{i} = KL gap")
            for i in range(len(kls))]
    return out


def mle_reverse(inst: ModelClass) -> list[Check]:
    j = _mle(inst)
    kls = [kl(q, inst.p) for q in inst.qs]
    return [form_le(kls[j], kls[i], f"KL(q_mle||p) <= KL(q_{i}||p)") for i in range(len(kls))]


def mle_tv(inst: ModelClass) -> list[Check]:
    j = _mle(inst)
    return [le(tv(inst.p, inst.qs[j]), tv(inst.p, q), label=f"TV(p, q_mle) <= TV(p, q_{i})")
            for i, q in enumerate(inst.qs)]


MLE = Claim(
    id="mle-minimizes-forward-kl",
    title="Maximum likelihood over a finite model class minimizes the forward KL",
    statement="for a data law p (population or empirical) and models q_1..q_M of full support, the "
              "maximizer of sum_x p(x) log q_j(x) minimizes KL(p||q_j), and the log-likelihood gap of "
              "two models equals their KL gap",
    sources=[Source(ZHAO, "Def. 12.9, Fig. 12.10 (MLE is mode covering)", ("ZHAO-114",)),
             Source(ARORA, "Thm 14.2.2 (maximum likelihood and KL)", ("ARORA-1058",))],
    kind="exact",
    area="probability",
    instances=model_classes(),
    conclusion=mle_forward,
    proof_idea="E_p log q_j = -H(p) - KL(p||q_j) and H(p) does not depend on j.",
    mutants=[
        Mutant("reverse-kl", "the MLE minimizes KL(p||q), not KL(q||p): on bimodal data the uniform model "
               "wins the likelihood while a model peaked on one mode has the smaller reverse KL",
               conclusion=mle_reverse, instances=bimodal_model_classes()),
        Mutant("total-variation", "maximum likelihood is not total-variation minimization: a model close "
               "in TV can put tiny mass where p has mass", conclusion=mle_tv,
               instances=st.one_of(tv_trap_model_classes(), model_classes())),
    ],
    examples=50,
)
test_mle_minimizes_forward_kl = MLE.test()


# --- claim 3: Pinsker and the cloze question ----------------------------------------------------------

def _tv_checks(p, q) -> list[Check]:
    t = tv(p, q)
    a_star = [i for i in range(len(p)) if p[i] > q[i]]
    gap = sum((p[i] - q[i] for i in a_star), Fraction(0))
    best = max(abs(sum((p[i] - q[i] for i in s), Fraction(0)))
               for r in range(len(p) + 1) for s in itertools.combinations(range(len(p)), r))
    return [equal(gap, t, label="p(A*) - q(A*) = TV for A* = {p > q}"),
            equal(best, t, label="max_A |p(A) - q(A)| = TV")]


def pinsker(inst: Pair, factor: Fraction = Fraction(2)) -> list[Check]:
    p, q = inst.p, inst.q
    t, d = tv(p, q), kl(p, q)
    return _tv_checks(p, q) + [
        form_le(rational(factor * t * t), d, f"{factor}·TV^2 <= KL (Pinsker: TV <= sqrt(KL/2))"),
        form_le(rational(t * t / 2), d, "TV^2/2 <= KL (the cloze bound TV <= sqrt(2 KL))")]


def tv_le_kl(inst: Pair) -> Check:
    t = tv(inst.p, inst.q)
    return form_le(rational(t), kl(inst.p, inst.q), "TV <= KL")


PINSKER = Claim(
    id="pinsker-inequality",
    title="Pinsker's inequality and the binary question that certifies total variation",
    statement="TV(p, q) = max_A |p(A) - q(A)| = p(A*) - q(A*) for A* = {p > q}, and "
              "TV <= sqrt(KL(p||q)/2) <= sqrt(2 KL(p||q)) (natural logarithm)",
    sources=[Source(ARORA, "Thm 15.8.3 (a cloze question with error <= sqrt(2 eps))", ("ARORA-1078",))],
    kind="exact",
    area="probability",
    instances=pairs(),
    conclusion=pinsker,
    proof_idea="The indicator of A* maps p, q to Bernoulli(p(A*)), Bernoulli(q(A*)) with the same TV and "
               "no larger KL (data processing); for two outcomes, a log(a/b) + (1-a) log((1-a)/(1-b)) - "
               "2(a-b)^2 vanishes at b = a and has derivative of the sign of b - a in b.",
    mutants=[
        Mutant("constant-nine-tenths", "Pinsker's constant is sharp: Bernoulli(1/2 +- eps) has 2TV^2/KL -> 1, so "
               "TV <= 0.9 sqrt(KL/2) fails for small eps",
               conclusion=lambda i: pinsker(i, Fraction(2) / Fraction(81, 100))),
        Mutant("tv-le-kl", "for small perturbations KL ~ 2 TV^2 is much smaller than TV", conclusion=tv_le_kl),
    ],
    examples=60,
)
test_pinsker_inequality = PINSKER.test()


# --- claim 4: Donsker–Varadhan -----------------------------------------------------------------------

def dv(inst: DVInstance) -> list[Check]:
    p, q = inst.pair.p, inst.pair.q
    gap = dv_gap(p, q, inst.r)
    out = [form_le(rational(0), gap, "KL(q||p) >= E_q g - log E_p e^g")]
    if len({x * a / b for a, b, x in zip(p, q, inst.r)}) == 1:  # r proportional to q/p
        out.append(holds(gap.is_zero, "equality at g = log(q/p) + const", f"gap = {gap!r}"))
    return out


def dv_without_log(inst: DVInstance) -> Check:
    p, q = inst.pair.p, inst.pair.q
    eq_g = sum((log(x).scale(b) for b, x in zip(q, inst.r)), rational(0))
    ep_g = sum((log(x).scale(a) for a, x in zip(p, inst.r)), rational(0))
    return form_le(eq_g - ep_g, kl(q, p), "KL(q||p) >= E_q g - E_p g")


DV = Claim(
    id="donsker-varadhan",
    title="Donsker–Varadhan variational formula for KL",
    statement="KL(q||p) >= E_q g - log E_p e^g for every g, with equality at g = log(q/p) (up to a constant)",
    sources=[Source(TENG, "§11.1.3 (Donsker–Varadhan)", ("TENG-56",))],
    kind="exact",
    area="probability",
    instances=dv_instances(),
    conclusion=dv,
    proof_idea="With the tilted law t = p e^g / E_p e^g: KL(q||p) - E_q g + log E_p e^g = KL(q||t) >= 0.",
    mutants=[
        Mutant("without-log-exp", "E_p g <= log E_p e^g (Jensen), so E_q g - E_p g can exceed KL: take "
               "g = 3 log(q/p), which gives 3 (KL(q||p) + KL(p||q))", conclusion=dv_without_log),
    ],
    examples=60,
)
test_donsker_varadhan = DV.test()


# --- claim 5: f-divergences ---------------------------------------------------------------------------

def _tlogt_divergence(p, q) -> LogLinear:
    """``Σ q (p/q) log(p/q)`` (``0 log 0 = 0``), the f-divergence of ``f = t log t`` as a form."""
    return sum((log(a / b).scale(b * (a / b)) for a, b in zip(p, q) if a > 0), rational(0))


def _log_divergence(p, q) -> LogLinear:
    """``Σ q log(p/q)``, the f-divergence of ``f = log t`` (for p of full support)."""
    return sum((log(a / b).scale(b) for a, b in zip(p, q)), rational(0))


def _l1(p, q) -> Fraction:
    return sum((abs(a - b) for a, b in zip(p, q)), Fraction(0))


def f_basics(inst: FPair) -> list[Check]:
    p, q, f = inst.pair.p, inst.pair.q, inst.f
    half_abs = lambda t: abs(t - 1) / 2  # noqa: E731
    chi2 = lambda t: (t - 1) ** 2  # noqa: E731
    return [ge(f_divergence(f, p, q), 0, label=f"D_f(p||q) >= 0 for f = {f!r}, f(1) = {f(Fraction(1))}"),
            ge(f_divergence(chi2, p, q), 0, label="chi^2(p||q) >= 0"),
            equal(_tlogt_divergence(p, q), kl(p, q), label="D_{t log t} = KL(p||q)"),
            equal(f_divergence(half_abs, p, q), tv(p, q), label="D_{|t-1|/2} = TV = |p - q|_1 / 2"),
            equal(tv(p, q), _l1(p, q) / 2, label="TV = |p - q|_1 / 2")]


def f_log_is_kl(inst: FPair) -> Check:
    p, q = inst.pair.p, inst.pair.q
    return equal(_log_divergence(p, q), kl(p, q), label="D_{log t}(p||q) = KL(p||q)")


def f_nonnegative(inst: FPair) -> Check:
    return ge(f_divergence(inst.f, inst.pair.p, inst.pair.q), 0,
              label=f"D_f(p||q) >= 0 for convex f = {inst.f!r} (f(1) = {inst.f(Fraction(1))})")


def f_tv_l1(inst: FPair) -> Check:
    p, q = inst.pair.p, inst.pair.q
    return equal(f_divergence(lambda t: abs(t - 1) / 2, p, q), _l1(p, q), label="D_{|t-1|/2} = |p - q|_1")


F_BASICS = Claim(
    id="f-divergence-basics",
    title="f-divergences: nonnegativity for f(1) = 0, KL and total variation as instances",
    statement="for convex f with f(1) = 0: D_f(p||q) = sum q f(p/q) >= 0; f = t log t gives KL(p||q) and "
              "f = |t - 1|/2 gives TV(p, q) = |p - q|_1 / 2",
    sources=[Source(ARORA, "eq. (16.1), Problem 16.1.1 (corrected: f(1) = 0, the factor 1/2)", ("ARORA-1085",))],
    kind="exact",
    area="probability",
    instances=f_instances(),
    conclusion=f_basics,
    proof_idea="Jensen: sum q f(p/q) >= f(sum q p/q) = f(1) = 0 (q of full support); the instances are "
               "substitution.",
    mutants=[
        Mutant("without-f-of-one", "Jensen gives only D_f >= f(1): a convex f with f(1) < 0 (e.g. f = -1) "
               "has D_f(p||p) = f(1) < 0", conclusion=f_nonnegative, instances=f_instances(normalized=False)),
        Mutant("log-t-is-kl", "f = log t (concave) gives -KL(q||p), not KL(p||q)", conclusion=f_log_is_kl),
    ],
    examples=60,
)
test_f_divergence_basics = F_BASICS.test()

F_ANY_CONVEX = Claim(
    id="f-divergence-nonnegative-as-printed",
    title="Audit: 'the f-divergence of a convex f is nonnegative'",
    statement="as printed: for every convex f, D_f(p||q) = sum q f(p/q) >= 0",
    sources=[Source(ARORA, "Problem 16.1.1 (i), eq. (16.1)", ("ARORA-1085",))],
    kind="exact",
    area="probability",
    instances=f_instances(normalized=False),
    conclusion=f_nonnegative,
    proof_idea="Jensen gives D_f >= f(1) only.",
    audit=True,
    corrected="f-divergence-basics",
    finding="Nonnegativity needs f(1) = 0: Jensen gives D_f(p||q) >= f(1), and a convex f with f(1) < 0 "
            "(f = -1, or any max of affine pieces negative at 1) has D_f(p||p) = f(1) < 0. Corrected: "
            "D_f >= 0 for convex f with f(1) = 0.",
    examples=60,
)
test_f_divergence_nonnegative_as_printed = F_ANY_CONVEX.test()

F_TV_L1 = Claim(
    id="f-divergence-tv-as-printed",
    title="Audit: 'f = |t - 1|/2 gives the l1 distance |P - Q|_1'",
    statement="as printed: D_f(p||q) = |p - q|_1 = sum |p - q| for f(t) = |t - 1|/2",
    sources=[Source(ARORA, "Problem 16.1.1 (iii)", ("ARORA-1085",))],
    kind="exact",
    area="probability",
    instances=f_instances(),
    conclusion=f_tv_l1,
    proof_idea="sum q |p/q - 1|/2 = sum |p - q| / 2.",
    audit=True,
    corrected="f-divergence-basics",
    finding="f = |t - 1|/2 gives D_f = TV = |p - q|_1 / 2, half the l1 distance: p = (3/4, 1/4), "
            "q = (1/4, 3/4) gives 1/2 while |p - q|_1 = 1. Corrected: D_{|t-1|/2} = |p - q|_1 / 2 "
            "(or f = |t - 1| for the l1 distance).",
    examples=60,
)
test_f_divergence_tv_as_printed = F_TV_L1.test()


# --- claim 6: the Gaussian KL closed form -----------------------------------------------------------

def _kl_1d_quadrature(mq: float, vq: float, mp: float, vp: float) -> tuple[float, float]:
    """``∫ q log(q/p)`` for 1-D normals by adaptive quadrature (value, error estimate)."""
    sq = math.sqrt(vq)

    def integrand(z: float) -> float:
        x = mq + sq * z  # substitute x = mq + sq z: q(x) dx = phi(z) dz
        logratio = (-0.5 * z * z + 0.5 * (x - mp) ** 2 / vp + 0.5 * math.log(vp / vq))
        return math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi) * logratio

    val, err = integrate.quad(integrand, -40, 40, epsabs=1e-13, epsrel=1e-12, limit=200)
    return val, err


def gaussian_closed_form(inst: GaussianPair, drop_k: bool = False, swap: bool = False) -> list[Check]:
    k = len(inst.dq)
    args = (inst.mu_q, inst.cov_q, inst.mu_p, inst.cov_p)
    value = gaussian_kl(*(args[2:] + args[:2] if swap else args)) + (k / 2 if drop_k else 0)
    mq, mp = inst.rot.T @ inst.mu_q, inst.rot.T @ inst.mu_p  # rotate: the covariances become diagonal
    parts = [_kl_1d_quadrature(mq[i], inst.dq[i], mp[i], inst.dp[i]) for i in range(k)]
    reference = sum(v for v, _ in parts)
    cond = float(np.max(inst.dp) / np.min(inst.dp)) * float(np.max(inst.dq) / np.min(np.r_[inst.dq, inst.dp]))
    scale = k + float(np.sum((mq - mp) ** 2 / inst.dp)) + float(np.sum(np.abs(np.log(inst.dp / inst.dq))))
    # quadrature: 4 x its error estimates (plus its relative target 1e-12 per part); closed form: Cholesky
    # solves and the rotation err by O(k eps cond) relative to the size `scale` of its terms
    tol = sum(4 * e + 1e-12 * (1 + abs(v)) for v, e in parts) + 64 * k * EPS * cond * scale
    why = "4 x quadrature error + 1e-12 rel per coordinate + 64 k eps cond(Sigma) x size of the terms"
    out = [close(value, reference, tol, label="closed form = sum of 1-D quadratures in the common eigenbasis",
                 why=why),
           ge(value, 0, tol=tol, label="KL >= 0", why=why)]
    if not drop_k and not swap and np.array_equal(inst.dq, inst.dp):
        iso = 0.5 * float(np.sum((mq - mp) ** 2 / inst.dp))
        out.append(close(value, iso, tol, label="equal covariances: KL = (1/2) Delta^T Sigma^-1 Delta", why=why))
    return out


GAUSSIAN_KL = Claim(
    id="gaussian-kl-closed-form",
    title="KL divergence between multivariate Gaussians in closed form",
    statement="KL(N(mu_q, S_q) || N(mu_p, S_p)) = (1/2)[tr(S_p^-1 S_q) + (mu_p - mu_q)^T S_p^-1 (mu_p - mu_q) "
              "- k + ln(det S_p / det S_q)] >= 0",
    sources=[Source(TENG, "§11.1.3 (Gaussian KL)", ("TENG-56",))],
    kind="numeric",
    area="probability",
    instances=gaussian_pairs(),
    conclusion=gaussian_closed_form,
    proof_idea="log(q/p) is a quadratic in x; its expectation under q uses E_q (x - m)^T A (x - m) = "
               "tr(A S_q) + (mu_q - m)^T A (mu_q - m).  In a common eigenbasis KL splits over coordinates.",
    mutants=[
        Mutant("drop-minus-k", "without -k the formula gives k/2 for identical Gaussians",
               conclusion=lambda i: gaussian_closed_form(i, drop_k=True)),
        Mutant("symmetric", "KL is not symmetric: N(0, 1) vs N(0, 4) gives 0.318 and 0.807 nats",
               conclusion=lambda i: gaussian_closed_form(i, swap=True)),
    ],
    examples=40,
)
test_gaussian_kl_closed_form = GAUSSIAN_KL.test()


# --- claim 7: isotropic Gaussian MLE (and the audit of the printed variance) --------------------------

def _mle_checks(inst: GaussianData, s2_hat: Fraction) -> list[Check]:
    mu_hat, _ = isotropic_gaussian_mle(inst.xs)
    g_mu, g_s2 = loglik_gradient(inst.xs, mu_hat, s2_hat)
    gap = loglik_gap(inst.xs, mu_hat, s2_hat, inst.mu, inst.s2)
    return [equal(g_mu, tuple(Fraction(0) for _ in g_mu), label="d l / d mu = 0 at the sample mean"),
            equal(g_s2, Fraction(0), label="d l / d sigma^2 = 0"),
            form_le(rational(0), gap, "l(mu_hat, sigma_hat^2) >= l(mu, s^2) for the drawn (mu, s^2)")]


def gaussian_mle(inst: GaussianData) -> list[Check]:
    mu_hat, s2_hat = isotropic_gaussian_mle(inst.xs)
    n = len(inst.xs)
    shift = sum(((a - b) ** 2 for a, b in zip(inst.mu, mu_hat)), Fraction(0))
    return [equal(s2_hat, scatter(inst.xs, mu_hat) / (n * len(mu_hat)), label="sigma_hat^2 = S/(nd)"),
            equal(scatter(inst.xs, inst.mu), scatter(inst.xs, mu_hat) + n * shift,
                  label="S(mu) = S(mu_hat) + n |mu - mu_hat|^2")] + _mle_checks(inst, s2_hat)


def _normalized(c: int) -> Callable[[GaussianData], list[Check]]:
    def conclusion(inst: GaussianData) -> list[Check]:
        mu_hat, _ = isotropic_gaussian_mle(inst.xs)
        n, d = len(inst.xs), len(mu_hat)
        denominator = {0: n, 1: (n - 1) * d}[c]
        return _mle_checks(inst, scatter(inst.xs, mu_hat) / denominator)
    return conclusion


GAUSSIAN_MLE = Claim(
    id="isotropic-gaussian-mle",
    title="Maximum likelihood for N(mu, sigma^2 I_d): the mean and the average variance per coordinate",
    statement="the log-likelihood -S(mu)/(2 sigma^2) - (nd/2) log(2 pi sigma^2), S(mu) = sum |x_i - mu|^2, of "
              "n points in R^d (not all equal) is maximized by mu_hat = mean and sigma_hat^2 = S(mu_hat)/(nd)",
    sources=[Source(ARORA, "Example 14.2.1 (corrected)", ("ARORA-1057",))],
    kind="exact",
    area="probability",
    instances=gaussian_data(),
    conclusion=gaussian_mle,
    proof_idea="S(mu) = S(mu_hat) + n |mu - mu_hat|^2 fixes mu; in sigma^2 the gap to the optimum is "
               "(nd/2)(u - 1 - log u) >= 0 with u = sigma_hat^2 / sigma^2.",
    mutants=[
        Mutant("divide-by-n", "S/n is d times the MLE: for d >= 2 the sigma^2-derivative does not vanish",
               conclusion=_normalized(0), instances=gaussian_data(min_d=2)),
        Mutant("divide-by-n-minus-one", "the unbiased-style normalization S/((n-1)d) is not the likelihood "
               "maximizer", conclusion=_normalized(1)),
    ],
    examples=60,
)
test_isotropic_gaussian_mle = GAUSSIAN_MLE.test()


def printed_variance(inst: GaussianData) -> Check:
    mu_hat, s2_hat = isotropic_gaussian_mle(inst.xs)
    printed = scatter(inst.xs, mu_hat) / len(inst.xs)
    return form_le(loglik_gap(inst.xs, mu_hat, s2_hat, mu_hat, printed), rational(0),
                   "l(mu_hat, S/n) >= l(mu_hat, sigma^2) for every sigma^2 (tested at the stationary point)")


GAUSSIAN_MLE_PRINTED = Claim(
    id="isotropic-gaussian-mle-as-printed",
    title="Audit: 'sigma^2 = sum_i |x_i - mu|^2 / n' for the Gaussian fit N(mu, sigma^2 I) in R^d",
    statement="as printed: the likelihood of N(mu, sigma^2 I_d) is maximized by sigma^2 = (1/n) sum |x_i - mu_hat|^2",
    sources=[Source(ARORA, "Example 14.2.1", ("ARORA-1057",))],
    kind="exact",
    area="probability",
    instances=gaussian_data(),
    conclusion=printed_variance,
    proof_idea="The sigma^2-derivative S/(2 sigma^4) - nd/(2 sigma^2) vanishes only at S/(nd).",
    audit=True,
    corrected="isotropic-gaussian-mle",
    finding="The printed variance S/n is d times the maximizer S/(nd) (the 'average variance per pixel' of "
            "the next sentence); e.g. d = 2, x in {(1,1), (-1,-1)}: printed 2, MLE 1. The printed objective "
            "sum |x_i - mu|^2 / sigma^2 also lacks the (nd/2) log sigma^2 term, without which it has no "
            "optimum in sigma. Corrected: maximize -S(mu)/(2 sigma^2) - (nd/2) log sigma^2, giving "
            "mu_hat = mean, sigma_hat^2 = S(mu_hat)/(nd).",
    examples=60,
)
test_isotropic_gaussian_mle_as_printed = GAUSSIAN_MLE_PRINTED.test()
