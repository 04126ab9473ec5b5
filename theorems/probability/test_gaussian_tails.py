"""Gaussian tails, anti-concentration, truncated normals, small balls and the central limit theorem.

Statement.
- Mills ratio: for ``x >= 0``, ``2/(√(x²+4) + x) <= Φᶜ(x)/φ(x) <= 2/(√(x²+2) + x)``.
- Maxima: for ``n`` i.i.d. ``N(0, σ²)``, ``P(max X_j >= 2σ√ln n) <= 1/n`` and
  ``P(max |X_j| >= 2σ√ln n) <= 2/n`` (in fact ``<= 1/n`` for ``n >= 2``).
- Anti-concentration: ``X ~ N(0, σ²)``, ``u = t/σ``: ``P(|X| <= t) = erf(u/√2) <= √(2/π) u < 4u/5``
  for every ``t > 0`` and ``P(|X| <= t) > 2u/3`` for ``0 < t <= σ``.  One source prints the two-sided
  bracket ``(2t/(3σ), 4t/(5σ))`` for every ``t``: false for ``t > 1.0794σ`` (audit).
- Truncated normal: ``Z ~ N(0, s²)`` given ``Z >= -b``, ``a = -b/s``, ``λ = φ(a)/Φᶜ(a)``:
  ``E = sλ``, ``Var = s²(1 + aλ - λ²)``, ``E Z² = s²(1 + aλ)``.  For ``b <= 0`` this is the printed form
  with ``α = |b|/s``; printed with ``α = |b|/s`` for every ``b`` it is false for ``b > 0`` (audit).
- Gaussian conditioning: ``A, B`` i.i.d. ``N(0, σ²)``, ``Z = cA + vB``: ``E[cA | Z] = Z c²/(c²+v²)`` and
  ``E[vB | Z] = Z v²/(c²+v²)``.
- Small balls (Erdős's Littlewood–Offord bound): ``ξ`` Rademacher, ``|a_i| >= 1``, ``B`` an interval of
  length ``2Δ`` with ``s - 1 <= Δ < s``: ``P(Σ ξ_i a_i ∈ B) <= s C(n, ⌊n/2⌋)/2ⁿ <= s √(2/(πn))``.
- CLT, as a finite statement (Berry–Esseen, Shevtsova's constant for non-identical summands):
  ``sup_x |P(S <= x) - Φ((x - Σμ_i)/s)| <= 0.56 Σ E|X_i - μ_i|³ / s³`` with ``s² = Σ σ_i²``.

Sources.  Karp, *Adapting to Structure and Using Structure to Adapt* (2024), App. B.1.2: the
truncated-normal facts (B.1)–(B.5) (KARP-16), the Mills-ratio bounds (B.6) (KARP-17), Lemma B.1
(KARP-18), Lemma B.2 (KARP-19); App. B.2, Lemma B.10 (KARP-35).  Arora et al., *Theory of Deep
Learning*, §1.1.1 Theorem 1.1.3 (ARORA-3, the CLT) and Lemma 1.1.7 (ARORA-7).

Proof idea.  Mills ratio: ``R = Φᶜ/φ`` solves ``R' = xR - 1``; comparing with the functions
``2/(√(x²+c) + x)`` (Birnbaum, Sampford) gives both sides.  Maxima: the union bound and
``Φᶜ(u) <= e^{-u²/2}/2``, with ``u²/2 = 2 ln n``.  Anti-concentration: the density is at most
``φ(0) = 1/√(2π)`` and at least ``φ(1)`` on ``[-σ, σ]``.  Truncated moments: ``∫_a^∞ zφ = φ(a)`` and
``∫_a^∞ z²φ = aφ(a) + Φᶜ(a)``.  Conditioning: ``cA - κZ`` is uncorrelated with, hence independent of,
``Z`` for ``κ = c²/(c²+v²)``.  Small balls: after flipping signs all ``a_i >= 1``; the sign vectors
whose sums fall in an interval of length ``< 2`` form an antichain, so Sperner's theorem bounds them
by ``C(n, ⌊n/2⌋)``; ``s`` such intervals cover ``B``.  Berry–Esseen: smoothing inequality and the
characteristic-function bound ``|φ_S(t) - e^{-t²/2}|``.

The Gaussian quantities are evaluated at 40 significant digits (``checks.distributions``), so the
tolerance ``1e-30`` (relative) is far below every margin a mutant violates; the quadratures run in
double precision with tolerances built from their error estimates; the small-ball claim is exact.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np

from checks.claim import Check, Claim, Mutant, Source, close, le
from checks.distributions import (DIGITS, central_mass, ge_mp, gaussian_conditional_mean_quad,
                                  kolmogorov_to_normal, le_mp, max_window_count, max_normal_tail,
                                  mills_ratio, sign_sums, truncated_normal_moments,
                                  truncated_normal_moments_quad)
from checks.documents import ARORA, KARP
from checks.strategies.distributions import (NONNEGATIVE_X, SIZES, IndependentSum, Mixing, ScaleAndLevel,
                                             SmallBall, Truncation, independent_sums, mixings,
                                             scales_and_levels, small_balls, truncations)


def _mp(x: float) -> mpmath.mpf:
    return mpmath.mpf(x)


def _precise(fn):
    """Evaluate a conclusion with every mpmath operation at the working precision ``DIGITS``."""
    def wrapped(inst):
        with mpmath.workdps(DIGITS):
            return fn(inst)
    wrapped.__name__ = fn.__name__
    return wrapped


# --- Mills ratio -------------------------------------------------------------------------------------

def _mills_bound(x: float, c: float) -> mpmath.mpf:
    with mpmath.workdps(DIGITS):
        x = _mp(x)
        return 2 / (mpmath.sqrt(x * x + c) + x)


def mills(x: float, lower_c: float = 4, upper_c: float = 2) -> list[Check]:
    R = mills_ratio(x)
    with mpmath.workdps(DIGITS):
        return [le_mp(_mills_bound(x, lower_c), R, f"2/(sqrt(x^2+{lower_c:g}) + x) <= Phi^c(x)/phi(x)"),
                le_mp(R, _mills_bound(x, upper_c), f"Phi^c(x)/phi(x) <= 2/(sqrt(x^2+{upper_c:g}) + x)")]


MILLS = Claim(
    id="mills-ratio-bounds",
    title="Two-sided Mills-ratio bounds for the Gaussian tail",
    statement="for x >= 0: 2/(sqrt(x^2+4) + x) <= Phi^c(x)/phi(x) <= 2/(sqrt(x^2+2) + x)",
    sources=[Source(KARP, "App. B.1.2, eq. (B.6)", ("KARP-17",))],
    kind="numeric",
    area="probability",
    instances=NONNEGATIVE_X,
    conclusion=mills,
    proof_idea="R = Phi^c/phi satisfies R' = xR - 1 with R(x) ~ 1/x; g_c(x) = 2/(sqrt(x^2+c) + x) satisfies "
               "g' >= x g - 1 for c = 4 and g' <= x g - 1 for c = 2 (Birnbaum 1942, Sampford 1953), and a "
               "comparison argument from x = infinity.",
    mutants=[
        Mutant("upper-constant-3", "at x = 0 the ratio is sqrt(pi/2) = 1.2533 > 2/sqrt(3) = 1.1547",
               conclusion=lambda x: mills(x, upper_c=3)[1:]),
        Mutant("lower-constant-3-9", "2/(sqrt(x^2+c) + x) = (1/x)(1 - c/(4x^2) + c^2/(8x^4) - ...) while "
               "R(x) = (1/x)(1 - 1/x^2 + 3/x^4 - ...): with c = 3.9 the bound exceeds R for every x > 5.86",
               conclusion=lambda x: mills(x, lower_c=3.9)[:1]),
        Mutant("swapped-constants", "with 2 below and 4 above the two bounds exchange places, and R lies "
               "strictly between them", conclusion=lambda x: mills(x, lower_c=2, upper_c=4)),
    ],
    examples=60,
)
test_mills_ratio_bounds = MILLS.test()


# --- maxima of Gaussians --------------------------------------------------------------------------------

def _threshold(n: int, factor: float = 2.0, log=mpmath.log) -> mpmath.mpf:
    with mpmath.workdps(DIGITS):
        return factor * mpmath.sqrt(log(n))


@_precise
def gaussian_maxima(n: int) -> list[Check]:
    u = _threshold(n)
    one, two = max_normal_tail(n, u), max_normal_tail(n, u, absolute=True)
    out = [le_mp(one, mpmath.mpf(1) / n, "P(max X_j >= 2 sigma sqrt(ln n)) <= 1/n"),
           le_mp(two, mpmath.mpf(2) / n, "P(max |X_j| >= 2 sigma sqrt(ln n)) <= 2/n")]
    if n >= 2:
        out.append(le_mp(two, mpmath.mpf(1) / n, "P(max |X_j| >= 2 sigma sqrt(ln n)) <= 1/n for n >= 2"))
    return out


def maxima_mutant(n: int, factor: float, log=mpmath.log, power: int = 1, absolute: bool = False) -> Check:
    u = _threshold(n, factor, log)
    p = max_normal_tail(n, u, absolute)
    c = 2 if absolute else 1
    with mpmath.workdps(DIGITS):
        bound = mpmath.mpf(c) / mpmath.mpf(n) ** power
    return le_mp(p, bound,
                 f"P(max{' |X_j|' if absolute else ' X_j'} >= {factor:.4g} sigma sqrt(log n)) <= {c}/n^{power}")


MAXIMA = Claim(
    id="gaussian-maximum-tail",
    title="Tails of the maximum of n i.i.d. Gaussians at 2 sigma sqrt(ln n)",
    statement="X_1..X_n i.i.d. N(0, sigma^2): P(max X_j >= 2 sigma sqrt(ln n)) <= 1/n and "
              "P(max |X_j| >= 2 sigma sqrt(ln n)) <= 2/n (even <= 1/n for n >= 2); natural logarithm",
    sources=[Source(KARP, "App. B.1.2, Lemma B.1", ("KARP-18",)),
             Source(KARP, "App. B.1.2, Lemma B.2", ("KARP-19",))],
    kind="numeric",
    area="probability",
    instances=SIZES,
    conclusion=gaussian_maxima,
    proof_idea="Union bound and Phi^c(u) <= phi(u)/u <= e^{-u^2/2}/2 at u = 2 sqrt(ln n), where e^{-u^2/2} = 1/n^2; "
               "the probabilities are 1 - (1 - Phi^c(u))^n (and 2 Phi^c(u)), independent of sigma after scaling.",
    mutants=[
        Mutant("threshold-sqrt-2", "at sqrt(2 ln n) the expected number of exceedances is about 1/(2 sqrt(pi ln n)), "
               "much more than 1/n (0.11 > 0.01 at n = 100)", conclusion=lambda n: maxima_mutant(n, math.sqrt(2))),
        Mutant("bound-one-over-n-squared", "the union bound is nearly tight: P is about 1/(2n sqrt(2 pi ln n)) > 1/n^2",
               conclusion=lambda n: maxima_mutant(n, 2.0, power=2)),
        Mutant("log-base-10", "with log10 the threshold is smaller by sqrt(ln 10): P = 0.21 at n = 100",
               conclusion=lambda n: maxima_mutant(n, 2.0, log=mpmath.log10)),
        Mutant("abs-threshold-sqrt-2", "for |X_j| the threshold sqrt(2 ln n) gives P about 0.21 > 0.02 at n = 100",
               conclusion=lambda n: maxima_mutant(n, math.sqrt(2), absolute=True)),
    ],
    examples=60,
)
test_gaussian_maximum_tail = MAXIMA.test()


# --- anti-concentration ------------------------------------------------------------------------------

def _u(inst: ScaleAndLevel) -> mpmath.mpf:
    with mpmath.workdps(DIGITS):
        return _mp(inst.t) / _mp(inst.sigma)


@_precise
def anticoncentration(inst: ScaleAndLevel) -> list[Check]:
    u = _u(inst)
    P = central_mass(u)
    with mpmath.workdps(DIGITS):
        slope = mpmath.sqrt(2 / mpmath.pi)
    out = [le_mp(P, slope * u, "P(|X| <= t) <= sqrt(2/pi) t/sigma"),
           le_mp(slope * u, mpmath.mpf(4) / 5 * u, "sqrt(2/pi) t/sigma < 4t/(5 sigma)")]
    if u <= 1:
        out.append(ge_mp(P, mpmath.mpf(2) / 3 * u, "P(|X| <= t) > 2t/(3 sigma) for t <= sigma"))
    return out


@_precise
def anticoncentration_printed(inst: ScaleAndLevel) -> list[Check]:
    u = _u(inst)
    P = central_mass(u)
    return [ge_mp(P, mpmath.mpf(2) / 3 * u, "P(|X| <= t) > 2t/(3 sigma)"),
            le_mp(P, mpmath.mpf(4) / 5 * u, "P(|X| <= t) < 4t/(5 sigma)")]


@_precise
def anti_upper_079(inst: ScaleAndLevel) -> Check:
    u = _u(inst)
    return le_mp(central_mass(u), mpmath.mpf("0.79") * u, "P(|X| <= t) <= 0.79 t/sigma")


@_precise
def anti_lower_07(inst: ScaleAndLevel) -> Check:
    u = _u(inst)
    if u > 1:
        return le(0, 1, label="outside t <= sigma: nothing claimed")
    return ge_mp(central_mass(u), mpmath.mpf("0.7") * u, "P(|X| <= t) >= 0.7 t/sigma for t <= sigma")


@_precise
def anti_one_sided(inst: ScaleAndLevel) -> Check:
    u = _u(inst)
    return ge_mp(central_mass(u) / 2, mpmath.mpf(2) / 3 * min(u, mpmath.mpf(1)),
                 "P(0 <= X <= t) > 2 min(t, sigma)/(3 sigma)")


ANTI = Claim(
    id="gaussian-anticoncentration",
    title="Gaussian anti-concentration: P(|X| <= t) between 2t/(3 sigma) and 4t/(5 sigma) for t <= sigma",
    statement="X ~ N(0, sigma^2), t > 0: P(|X| <= t) <= sqrt(2/pi) t/sigma < 4t/(5 sigma), and for "
              "t <= sigma also P(|X| <= t) > 2t/(3 sigma)",
    sources=[Source(ARORA, "§1.1.1, Lemma 1.1.7 (corrected: the lower bound needs t <= sigma)", ("ARORA-7",))],
    kind="numeric",
    area="probability",
    instances=scales_and_levels(),
    conclusion=anticoncentration,
    proof_idea="P(|X| <= t) = int_{-t}^{t} of the density, which is at most 1/(sigma sqrt(2 pi)) everywhere "
               "and at least phi(1)/sigma = 0.242/sigma on [-sigma, sigma] (2 x 0.242 > 2/3).",
    mutants=[
        Mutant("upper-slope-0-79", "the slope of P(|X| <= t) at t = 0 is sqrt(2/pi) = 0.7979 > 0.79",
               conclusion=anti_upper_079),
        Mutant("lower-slope-0-7", "at t = sigma, P(|X| <= sigma) = 0.6827 < 0.7", conclusion=anti_lower_07),
        Mutant("one-sided", "P(0 <= X <= t) is half of P(|X| <= t), at most 0.399 t/sigma < 2t/(3 sigma)",
               conclusion=anti_one_sided),
    ],
    examples=60,
)
test_gaussian_anticoncentration = ANTI.test()

ANTI_AUDIT = Claim(
    id="gaussian-anticoncentration-printed",
    title="Audit: the anti-concentration bracket (2t/(3 sigma), 4t/(5 sigma)) for every t > 0",
    statement="as printed: X ~ N(0, sigma^2) => P(|X| <= t) lies in (2t/(3 sigma), 4t/(5 sigma)) for t > 0",
    sources=[Source(ARORA, "§1.1.1, Lemma 1.1.7", ("ARORA-7",))],
    kind="numeric",
    area="probability",
    instances=scales_and_levels(),
    conclusion=anticoncentration_printed,
    proof_idea="P(|X| <= t) <= 1 while 2t/(3 sigma) grows without bound.",
    audit=True,
    corrected="gaussian-anticoncentration",
    finding="the lower bound fails for every t > 1.0794 sigma (the root of erf(u/sqrt 2) = 2u/3), e.g. "
            "P(|X| <= 2 sigma) = 0.9545 < 4/3; the upper bound holds for all t since sqrt(2/pi) = 0.798 < 0.8. "
            "Corrected: for 0 < t <= sigma, 2t/(3 sigma) < P(|X| <= t) <= sqrt(2/pi) t/sigma < 4t/(5 sigma).",
    examples=60,
)
test_gaussian_anticoncentration_printed = ANTI_AUDIT.test()


# --- truncated normal moments -------------------------------------------------------------------------

EPS = float(np.finfo(float).eps)


def _moments_checks(T: Truncation, closed: tuple, names: tuple[str, str, str]) -> list[Check]:
    a = -T.b / T.s
    (m, var, sec), (em, ev, es) = truncated_normal_moments_quad(a)
    s = T.s
    truth = (s * m, s * s * var, s * s * sec)
    errs = (s * em, s * s * ev, s * s * es)
    out = []
    for name, val, ref, err in zip(names, truth, closed, errs):
        ref = float(ref)
        tol = err + 4 * EPS * (abs(val) + abs(ref))
        out.append(close(val, ref, tol=tol, label=name,
                         why="quadrature error estimate + rounding of the float results"))
    return out


def _closed(T: Truncation, a: float, var_term: bool = True, second_alpha: bool = True) -> tuple:
    lam, var, sec = truncated_normal_moments(a)
    with mpmath.workdps(DIGITS):
        s = _mp(T.s)
        a_mp = _mp(a)
        v = (1 + a_mp * lam - (lam * lam if var_term else 0))
        second = (1 + a_mp * lam) if second_alpha else (1 + lam)
        return s * lam, s * s * v, s * s * second


def truncated_moments(T: Truncation) -> list[Check]:
    a = -T.b / T.s
    return _moments_checks(T, _closed(T, a),
                           ("E[Z | Z >= -b] = s lambda(a), a = -b/s", "Var[Z | Z >= -b] = s^2 (1 + a lambda - lambda^2)",
                            "E[Z^2 | Z >= -b] = s^2 (1 + a lambda)"))


def truncated_printed(T: Truncation) -> list[Check]:
    alpha = abs(T.b) / T.s
    return _moments_checks(T, _closed(T, alpha),
                           ("E[Z | Z >= -b] = s lambda(alpha), alpha = |b|/s",
                            "Var[Z | Z >= -b] = s^2 (1 + alpha lambda - lambda^2)",
                            "E[Z^2 | Z >= -b] = s^2 (1 + alpha lambda)"))


TRUNCATED = Claim(
    id="truncated-normal-moments",
    title="Moments of a truncated normal (with the sign of the truncation point)",
    statement="Z ~ N(0, s^2), a = -b/s, lambda = phi(a)/Phi^c(a): E[Z | Z >= -b] = s lambda, "
              "Var[Z | Z >= -b] = s^2 (1 + a lambda - lambda^2), E[Z^2 | Z >= -b] = s^2 (1 + a lambda); "
              "for b <= 0, a = |b|/s and these are (B.1)-(B.3) as printed",
    sources=[Source(KARP, "App. B.1.2, (B.1)-(B.3) (corrected: alpha = |b|/s only for b <= 0)", ("KARP-16",))],
    kind="numeric",
    area="probability",
    instances=truncations(),
    conclusion=truncated_moments,
    proof_idea="int_a^inf z phi(z) dz = phi(a) and int_a^inf z^2 phi(z) dz = a phi(a) + Phi^c(a) (integrate by "
               "parts); divide by Phi^c(a) and scale by s.",
    mutants=[
        Mutant("variance-without-lambda-squared", "E[Z | .]^2 = s^2 lambda^2 > 0 must be subtracted from the "
               "second moment", conclusion=lambda T: _moments_checks(
                   T, _closed(T, -T.b / T.s, var_term=False), ("E", "Var without -lambda^2", "E Z^2"))[1:2]),
        Mutant("second-moment-1-plus-lambda", "E[Z^2 | .] = s^2 (1 + a lambda), not s^2 (1 + lambda), unless a = 1",
               conclusion=lambda T: _moments_checks(
                   T, _closed(T, -T.b / T.s, second_alpha=False), ("E", "Var", "E Z^2 = s^2(1 + lambda)"))[2:]),
    ],
    examples=50,
)
test_truncated_normal_moments = TRUNCATED.test()

TRUNCATED_AUDIT = Claim(
    id="truncated-normal-printed",
    title="Audit: truncated-normal moments (B.1)-(B.3) with alpha = |b|/s for every b",
    statement="as printed: Z ~ N(0, s^2), alpha = |b|/s, lambda = phi(alpha)/Phi^c(alpha): E[Z | Z >= -b] = s lambda, "
              "Var = s^2 (1 + alpha lambda - lambda^2), E[Z^2 | Z >= -b] = s^2 (1 + alpha lambda), no sign condition on b",
    sources=[Source(KARP, "App. B.1.2, (B.1)-(B.3)", ("KARP-16",))],
    kind="numeric",
    area="probability",
    instances=truncations(),
    conclusion=truncated_printed,
    proof_idea="For b > 0 the event Z >= -b is Z >= -|b|, whose truncation point is -alpha s, not alpha s.",
    audit=True,
    corrected="truncated-normal-moments",
    finding="(B.1)-(B.3) hold only for b <= 0. For b > 0 the truncation point is a = -alpha: at b = s, "
            "E[Z | Z >= -s] = s phi(1)/Phi(1) = 0.2876 s, while the printed formula gives s phi(1)/Phi^c(1) = 1.525 s. "
            "Corrected: use the signed a = -b/s (for b > 0, lambda = phi(alpha)/Phi(alpha) and -alpha in place of alpha).",
    examples=50,
)
test_truncated_normal_printed = TRUNCATED_AUDIT.test()


# --- Gaussian conditioning (B.4), (B.5) ----------------------------------------------------------------

def conditional_means(M: Mixing, coef=lambda c, v: c * c / (c * c + v * v)) -> list[Check]:
    # scale out sigma: A = sigma A', B = sigma B', E[cA | Z = z] = sigma E[cA' | cA' + vB' = z/sigma]
    z1 = M.z / M.sigma
    out = []
    for name, (x, y) in (("E[cA | Z] = Z c^2/(c^2+v^2)", (M.c, M.v)), ("E[vB | Z] = Z v^2/(c^2+v^2)", (M.v, M.c))):
        val, err = gaussian_conditional_mean_quad(x, y, z1)
        val, err = M.sigma * val, M.sigma * err
        ref = coef(x, y) * M.z
        out.append(close(val, ref, tol=err + 8 * EPS * (abs(val) + abs(M.z)), label=name,
                         why="quadrature error estimate + rounding"))
    return out


CONDITIONING = Claim(
    id="gaussian-conditional-mean",
    title="Conditional means of the components of a sum of two independent Gaussians",
    statement="A, B i.i.d. N(0, sigma^2), Z = cA + vB: E[cA | Z] = Z c^2/(c^2+v^2) and E[vB | Z] = Z v^2/(c^2+v^2)",
    sources=[Source(KARP, "App. B.1.2, (B.4), (B.5)", ("KARP-16",))],
    kind="numeric",
    area="probability",
    instances=mixings(),
    conclusion=conditional_means,
    proof_idea="(cA, Z) is jointly Gaussian and cA - kappa Z with kappa = Cov(cA, Z)/Var Z = c^2/(c^2+v^2) is "
               "uncorrelated with Z, hence independent of it; so E[cA | Z] = kappa Z.",
    mutants=[Mutant("linear-weights", "c/(c+v) differs from c^2/(c^2+v^2) unless c = v",
                    conclusion=lambda M: conditional_means(M, coef=lambda c, v: c / (c + v)))],
    examples=30,
)
test_gaussian_conditional_mean = CONDITIONING.test()


# --- small balls (Littlewood–Offord, Erdős) ------------------------------------------------------------

PI_UPPER = Fraction(355, 113)
"""A rational upper bound of pi (355/113 - pi = 2.7e-7)."""


def _small_ball_prob(S: SmallBall) -> Fraction:
    return Fraction(max_window_count(sign_sums(S.k), S.j), 2 ** S.n)


def small_ball(S: SmallBall, factor=lambda s: s) -> list[Check]:
    n = S.n
    s = math.floor(S.delta) + 1
    central = Fraction(math.comb(n, n // 2), 2 ** n)
    P = _small_ball_prob(S)
    return [le(P, factor(s) * central, label=f"P(sum in B) <= s C(n, n//2)/2^n, s = {s}"),
            # (C/2^n)^2 <= 2/(pi n) follows from (C/2^n)^2 <= 2/(PI_UPPER n), as PI_UPPER > pi
            le(central ** 2, Fraction(2) / (PI_UPPER * n), label="(C(n, n//2)/2^n)^2 <= 2/(355/113 n) < 2/(pi n)")]


LITTLEWOOD_OFFORD = Claim(
    id="littlewood-offord-small-ball",
    title="Erdős's Littlewood–Offord small-ball bound",
    statement="xi_1..xi_n i.i.d. Rademacher, |a_i| >= 1, B a closed interval of length 2 Delta with "
              "s - 1 <= Delta < s: P(sum xi_i a_i in B) <= s C(n, floor(n/2))/2^n <= s sqrt(2/(pi n))",
    sources=[Source(KARP, "App. B.2, Lemma B.10 (with Erdős's non-asymptotic constant)", ("KARP-35",))],
    kind="exact",
    area="probability",
    instances=small_balls(),
    conclusion=small_ball,
    proof_idea="Flip signs so that a_i >= 1. The sign vectors with sum in a half-open interval of length 2 form an "
               "antichain (raising one coordinate moves the sum by 2a_i >= 2), so Sperner's theorem bounds them by "
               "C(n, n//2); B is covered by s such intervals. C(n, n//2)/2^n <= sqrt(2/(pi n)) by Wallis' product.",
    mutants=[
        Mutant("drop-s", "a_i = 1 and Delta just below 2 covers two central atoms, more than one binomial "
               "coefficient", conclusion=lambda S: small_ball(S, factor=lambda s: 1)[:1]),
        Mutant("s-minus-one", "for Delta < 1 the bound becomes 0 while some interval has positive mass",
               conclusion=lambda S: small_ball(S, factor=lambda s: s - 1)[:1]),
        Mutant("drop-min-abs", "with a_i = 1/q and q > n every sum lies in one interval of length 2n/q < 2",
               instances=small_balls(min_abs=False)),
    ],
    examples=60,
)
test_littlewood_offord_small_ball = LITTLEWOOD_OFFORD.test()


# --- the CLT through Berry–Esseen -----------------------------------------------------------------------

BE_CONSTANT = 0.56
"""Shevtsova (2010): C <= 0.5600 for independent, not necessarily identically distributed summands."""


def _clt_parts(X: IndependentSum) -> dict:
    pmf, offset, count = np.array([1.0]), 0, 0
    mean = var = rho = 0.0
    sigmas, ratios = [], []
    for p, o, c in zip(X.pmfs, X.offsets, X.copies):
        p = np.asarray(p)
        vals = o + np.arange(p.size)
        mu = float(p @ vals)
        v = float(p @ (vals - mu) ** 2)
        r = float(p @ np.abs(vals - mu) ** 3)
        for _ in range(c):
            pmf = np.convolve(pmf, p)
        offset += o * c
        count += c
        mean, var, rho = mean + c * mu, var + c * v, rho + c * r
        sigmas += [math.sqrt(v)] * c
        ratios.append(r / v ** 1.5)
    values = offset + np.arange(pmf.size)
    keep = pmf > 0
    return dict(values=values[keep], probs=pmf[keep], mean=mean, var=var, rho=rho, n=count,
                sigma_sum=sum(sigmas), max_ratio=max(ratios),
                tol=(8 * count + pmf.size) * EPS + 1e-15)


def berry_esseen(X: IndependentSum, constant: float = BE_CONSTANT, iid_form: bool = False,
                 wrong_variance: bool = False) -> Check:
    P = _clt_parts(X)
    var = P["sigma_sum"] if wrong_variance else P["var"]
    dist = kolmogorov_to_normal(P["values"], P["probs"], P["mean"], math.sqrt(var))
    if iid_form:
        rhs = constant * P["max_ratio"] / math.sqrt(P["n"])
        label = "sup|F - Phi| <= 0.56 max_i(rho_i/sigma_i^3)/sqrt(n)"
    else:
        rhs = constant * P["rho"] / P["var"] ** 1.5
        label = f"sup|F - Phi| <= {constant:g} sum rho_i / s^3" + (" (variance sum sigma_i)" if wrong_variance else "")
    return le(dist, rhs, tol=P["tol"], label=label,
              why="float convolution and cumulative sums: (8 n + support) eps + ndtr accuracy")


CLT = Claim(
    id="clt-berry-esseen",
    title="Central limit theorem, quantified by the Berry–Esseen bound",
    statement="X_i independent with means mu_i, variances sigma_i^2 and rho_i = E|X_i - mu_i|^3, s^2 = sum sigma_i^2: "
              "sup_x |P(sum X_i <= x) - Phi((x - sum mu_i)/s)| <= 0.56 sum rho_i / s^3",
    sources=[Source(ARORA, "§1.1.1, Theorem 1.1.3 (the informal CLT; the Lyapunov ratio sum rho_i/s^3 -> 0 is "
                    "the missing condition)", ("ARORA-3",))],
    kind="proxy",
    proxy="the Berry–Esseen inequality at every finite n stands for 'sum X_i is approximately N(sum mu_i, sum sigma_i^2) "
          "as n grows': the distance tends to 0 exactly when the Lyapunov ratio sum rho_i/s^3 does",
    area="probability",
    instances=independent_sums(),
    conclusion=berry_esseen,
    proof_idea="Esseen's smoothing inequality bounds the Kolmogorov distance by an integral of |phi_S(t) - e^{-t^2/2}|/t "
               "over |t| <= T; a third-order expansion of each characteristic function bounds the integrand by "
               "sum rho_i/s^3 times a Gaussian factor.",
    mutants=[
        Mutant("constant-0-2", "one fair coin is at distance 0.341 from the normal with Lyapunov ratio 1 "
               "(the best constant is at least 0.4097)", conclusion=lambda X: berry_esseen(X, constant=0.2)),
        Mutant("dominant-summand", "without a Lindeberg-type condition one summand K eps_0 dominates: the sum stays "
               "close to two-point for every n, at distance about 0.3 while 0.56 max_i(rho_i/sigma_i^3)/sqrt(n) -> 0",
               conclusion=lambda X: berry_esseen(X, iid_form=True)),
        Mutant("variance-sum-of-sigmas", "standardizing by sum sigma_i instead of sum sigma_i^2 leaves a fixed "
               "scale error, so the distance does not shrink", conclusion=lambda X: berry_esseen(X, wrong_variance=True)),
    ],
    examples=60,
)
test_clt_berry_esseen = CLT.test()
