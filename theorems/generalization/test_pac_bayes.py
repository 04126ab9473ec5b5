"""PAC-Bayes bounds: the change of measure, the moment step, and the bounds themselves on classes
whose failure probability is computed exactly.

Statement.  Let losses lie in ``[0, 1]``, ``P`` be a prior fixed before the sample ``S`` of ``m``
i.i.d. draws and ``Δ_S(h) = L_D(h) - L̂_S(h)``.  With probability ``>= 1 - δ``, simultaneously for
every posterior ``Q ≪ P``, ``Δ_S(Q) = E_Q Δ_S(h)`` is at most
- ``√((KL(Q‖P) + ln(2m/δ))/(2(m-1)))`` (Langford, ``m >= 2``);
- ``√(2(KL(Q‖P) + ln(2/δ))/m)`` (the simplified form (5.8), rigorous for ``[0,1]`` losses);
- ``√((KL(Q‖P) + ln(1/δ) + ln m + 2)/(2m - 1))`` (McAllester);
- ``√((KL(Q‖P) + ln(2√m/δ))/(2m))``, which Pinsker derives from Maurer's
  ``kl(L̂_S(Q)‖L_D(Q)) <= (KL(Q‖P) + ln(2√m/δ))/m`` (``m >= 8``), and hence the printed
  ``√((KL(Q‖P) + ln(m/δ))/(2m))`` of Teng et al. (``2√m <= m``).
The tools: Donsker–Varadhan ``E_Q φ - KL(Q‖P) <= ln E_P[e^φ 1{Q > 0}] <= ln E_P e^φ`` (equality
exactly at the Gibbs posterior ``Q ∝ P e^φ``), and the moment bound ``E_S e^{(m/2)Δ_S(h)²} <= 2/√3``
(``Δ_S(h)`` is ``1/(4m)``-sub-Gaussian by Hoeffding's lemma), which rests on the Gaussian identity
``E e^{a z²} = (1 - 2a)^{-1/2}`` for ``a < 1/2`` (infinite for ``a >= 1/2``).

Sources.  Arora et al., *Theory of Deep Learning*, §5.6: Thm 5.6.1 (ARORA-76), (5.8) and its proof
(ARORA-77: called "not quite correct" there, true for ``[0,1]`` losses), the Gaussian remarks
(ARORA-78, false as printed), the change of measure (5.9) (ARORA-79, printed with "="), Example
5.6.2 (ARORA-82, the "valid posterior" argument is wrong), Example 5.6.3 (ARORA-80), Problem 5.6.4
(ARORA-81); Teng et al., §11.1.2 (TENG-55, Maurer's form); Zhao, §7.7 (ZHAO-61, the PAC-Bayes half).

Proof idea.  With ``φ = (m/2)Δ_S(h)²``: Jensen gives ``(m/2)Δ_S(Q)² <= E_Q φ``, the change of measure
``E_Q φ - KL(Q‖P) <= ln E_P e^φ``, and Markov plus Fubini bound ``E_P e^φ`` by ``E_P E_S e^φ / δ'``,
the inner expectation being ``<= 2/√3`` for every fixed ``h``.  Here the class has independent
Bernoulli losses, so each hypothesis has an independent binomial loss count, and the probability that
some point-mass posterior breaks a bound is ``1 - Π_g P(count acceptable)^{N_g}``, exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.documents import ARORA, TENG, ZHAO
from checks.finite_class import exceeds, log_enclosure, scaled, sqrt_enclosure
from checks.pac_bayes import (binary_kl, failure_enclosure, gaussian_kl_to_standard, gaussian_square_mgf_enclosure,
                              gaussian_square_mgf_partial, gd_output_law, gibbs_posterior, kl_divergence,
                              log_mean_exp, square_mgf)
from checks.strategies.pac_bayes import (LEVELS, BernoulliClass, Coin, GDRun, Tilted, bernoulli_classes, coins,
                                         fair_coin, fair_coins, gd_runs, tilted)

EPS = np.finfo(float).eps
Enclosure = tuple[Fraction, Fraction]


def _add(a: Enclosure, b: Enclosure) -> Enclosure:
    return a[0] + b[0], a[1] + b[1]


def _log_over_prior(inst: BernoulliClass, g: int, num: int, den: int = 1) -> Enclosure:
    """Enclose ``ln(num / (den π_g)) = KL(δ_h‖P) + ln(num/den)`` for a point mass in group ``g``."""
    w = inst.prior[g]
    return log_enclosure(num * w.denominator, den * w.numerator)


def _fail(inst: BernoulliClass, accept: list[list[bool]], label: str) -> Check:
    """``P(some point mass breaks the bound) <= δ``, decided exactly from the rational enclosure."""
    lo, hi = failure_enclosure([(p, N, a) for p, N, a in zip(inst.p, inst.sizes, accept)], inst.n)
    delta = Fraction(1, inst.q)
    if lo <= delta < hi:
        raise ValueError(f"{label}: the enclosure [{float(lo)}, {float(hi)}] cannot decide against delta")
    return le(hi if hi <= delta else lo, delta, label=label)


def _gap_accept(inst: BernoulliClass, g: int, tau: Enclosure) -> list[bool]:
    """Loss counts ``j`` with ``p_g - j/n <= τ`` (``τ`` enclosed), i.e. a one-sided gap within the bound."""
    p, n = inst.p[g], inst.n
    G = np.asarray([n * p.numerator - p.denominator * j for j in range(n + 1)], dtype=object)
    return (~exceeds(G, p.denominator * n, tau)).tolist()


def _radius_check(inst: BernoulliClass, radius_sq, label: str) -> Check:
    accept = [_gap_accept(inst, g, sqrt_enclosure(radius_sq(inst, g))) for g in range(len(inst.p))]
    return _fail(inst, accept, label)


def langford_sq(inst: BernoulliClass, g: int) -> Enclosure:
    return scaled(_log_over_prior(inst, g, 2 * inst.n * inst.q), Fraction(1, 2 * (inst.n - 1)))


def simplified_sq(inst: BernoulliClass, g: int) -> Enclosure:
    return scaled(_log_over_prior(inst, g, 2 * inst.q), Fraction(2, inst.n))


def mcallester_sq(inst: BernoulliClass, g: int) -> Enclosure:
    log = _add(_log_over_prior(inst, g, inst.n * inst.q), (Fraction(2), Fraction(2)))
    return scaled(log, Fraction(1, 2 * inst.n - 1))


def _maurer_budget(inst: BernoulliClass, g: int) -> Enclosure:
    """``KL + ln(2√n/δ) = ln(2q/π_g) + ln(n)/2``."""
    return _add(_log_over_prior(inst, g, 2 * inst.q), scaled(log_enclosure(inst.n), Fraction(1, 2)))


def maurer_pinsker_sq(inst: BernoulliClass, g: int) -> Enclosure:
    return scaled(_maurer_budget(inst, g), Fraction(1, 2 * inst.n))


def seed_form_sq(inst: BernoulliClass, g: int) -> Enclosure:
    """Teng et al.'s printed radius: ``(KL + ln(n/δ))/(2n)``, implied by Maurer's for ``n >= 8`` (``2√n <= n``)."""
    return scaled(_log_over_prior(inst, g, inst.n * inst.q), Fraction(1, 2 * inst.n))


def _kl_accept(inst: BernoulliClass, g: int) -> list[bool]:
    """Counts ``j`` with ``kl(j/n ‖ p_g) <= (KL + ln(2√n/δ))/n``; the float kl is within
    ``64 eps (1 + kl)`` of the truth (two logs, two products, one sum), so a decision is certified
    unless the value falls inside that margin of the enclosure, which raises."""
    lo, hi = scaled(_maurer_budget(inst, g), Fraction(1, inst.n))
    p, n = float(inst.p[g]), inst.n
    out = []
    for j in range(n + 1):
        k = binary_kl(j / n, p)
        err = 64 * EPS * (1 + k) if math.isfinite(k) else 0.0
        if k + err <= lo:
            out.append(True)
        elif k - err > hi:
            out.append(False)
        else:
            raise ValueError(f"kl({j}/{n} || {p}) = {k} cannot be decided against [{float(lo)}, {float(hi)}]")
    return out


def pac_bayes_bounds(inst: BernoulliClass) -> list[Check]:
    checks = [_radius_check(inst, langford_sq, "P(exists Q: Delta_S(Q) > sqrt((KL + ln(2m/delta))/(2(m-1))))"
                            " <= delta"),
              _radius_check(inst, simplified_sq, "P(exists Q: Delta_S(Q) > sqrt(2(KL + ln(2/delta))/m)) <= delta"),
              _radius_check(inst, mcallester_sq, "P(exists Q: Delta_S(Q) > sqrt((KL + ln(1/delta) + ln m + 2)"
                            "/(2m-1))) <= delta")]
    if inst.n >= 8:
        checks.append(_radius_check(inst, maurer_pinsker_sq,
                                    "P(exists Q: Delta_S(Q) > sqrt((KL + ln(2 sqrt(m)/delta))/(2m))) <= delta"))
        checks.append(_radius_check(inst, seed_form_sq,
                                    "P(exists Q: Delta_S(Q) > sqrt((KL + ln(m/delta))/(2m))) <= delta"))
        checks.append(_fail(inst, [_kl_accept(inst, g) for g in range(len(inst.p))],
                            "P(exists Q: kl(L_S(Q) || L_D(Q)) > (KL + ln(2 sqrt(m)/delta))/m) <= delta"))
    return checks


def langford_without_kl(inst: BernoulliClass) -> Check:
    return _radius_check(inst, lambda I, g: scaled(log_enclosure(2 * I.n * I.q), Fraction(1, 2 * (I.n - 1))),
                         "P(exists h: Delta_S(h) > sqrt(ln(2m/delta)/(2(m-1)))) <= delta")


def langford_without_root(inst: BernoulliClass) -> Check:
    def radius_sq(I: BernoulliClass, g: int) -> Enclosure:
        lo, hi = langford_sq(I, g)
        return lo * lo, hi * hi  # the radius itself is (KL + ln(2m/delta))/(2(m-1))
    return _radius_check(inst, radius_sq, "P(exists Q: Delta_S(Q) > (KL + ln(2m/delta))/(2(m-1))) <= delta")


def langford_eight(inst: BernoulliClass) -> Check:
    return _radius_check(inst, lambda I, g: scaled(langford_sq(I, g), Fraction(1, 4)),
                         "P(exists Q: Delta_S(Q) > sqrt((KL + ln(2m/delta))/(8(m-1)))) <= delta")


BOUNDS = Claim(
    id="pac-bayes-bounds-finite-class",
    title="PAC-Bayes bounds (Langford, simplified, McAllester, Maurer) with exact failure probabilities",
    statement="for losses in [0,1] and a prior P fixed before S: with probability >= 1 - delta, for every "
              "Q << P, Delta_S(Q) <= sqrt((KL(Q||P) + ln(2m/delta))/(2(m-1))), <= sqrt(2(KL + ln(2/delta))/m), "
              "<= sqrt((KL + ln(1/delta) + ln m + 2)/(2m-1)), and (m >= 8) kl(L_S(Q) || L_D(Q)) <= "
              "(KL + ln(2 sqrt(m)/delta))/m, hence Delta_S(Q) <= sqrt((KL + ln(2 sqrt(m)/delta))/(2m)) <= "
              "sqrt((KL + ln(m/delta))/(2m)); checked "
              "for the point-mass posteriors (KL = ln 1/P(h)) of classes with independent Bernoulli losses",
    sources=[Source(ARORA, "Thm 5.6.1", ("ARORA-76",)),
             Source(ARORA, "eq. (5.8) (true for [0,1] losses, although called 'not quite correct')", ("ARORA-77",)),
             Source(TENG, "§11.1.2 (the printed ln(n/delta) form, valid for n >= 8 via Maurer's; McAllester's form)",
                    ("TENG-55",)),
             Source(ZHAO, "§7.7, PAC-Bayes (Occam via KL)", ("ZHAO-61",))],
    kind="exact",
    area="generalization",
    instances=bernoulli_classes(),
    conclusion=pac_bayes_bounds,
    proof_idea="Change of measure with phi = (m/2) Delta^2 (or m kl(L_S || L_D) for Maurer), Markov's inequality "
               "on E_P e^phi, whose expectation over S is at most 2/sqrt(3) (resp. 2 sqrt(m)) for each fixed h; "
               "point masses turn the bound into a weighted union bound, whose failure probability is "
               "1 - prod_g P(Bin(n, p_g) acceptable)^{N_g} for independent hypotheses.",
    mutants=[
        Mutant("drop-kl", "without KL the bound is Hoeffding's for one hypothesis, and the best of 2^14 fair coins "
               "beats it almost surely", conclusion=langford_without_kl, instances=fair_coins(14, 16, 40, 60)),
        Mutant("no-square-root", "the gap of one fair coin is of order 1/(2 sqrt m), far above (ln m)/m",
               conclusion=langford_without_root, instances=fair_coin(100, 200, (10, 100))),
        Mutant("eight-m", "a denominator 8(m-1) puts the radius below the maximal gap of many independent fair "
               "hypotheses, about sqrt(ln N/(2m))", conclusion=langford_eight, instances=fair_coins(12, 16, 20, 60)),
    ],
    examples=60,
)
test_pac_bayes_bounds_finite_class = BOUNDS.test()


# --- the point-mass sanity check (Example 5.6.3) ---------------------------------------------------

def _coin_instances(p_strategy: st.SearchStrategy[Fraction], n_min: int, levels: tuple[int, ...]
                    ) -> st.SearchStrategy[BernoulliClass]:
    return st.builds(lambda p, n, q: BernoulliClass((p,), (1,), (Fraction(1),), n, q, "one hypothesis"),
                     p_strategy, st.integers(n_min, 200), st.sampled_from(levels))


RATIONAL_P = st.builds(lambda b, a: Fraction(min(a, b), b), st.integers(1, 10), st.integers(0, 10))


def point_mass(inst: BernoulliClass, c: int = 2) -> list[Check]:
    n, q = inst.n, inst.q
    hoeffding = scaled(log_enclosure(q), Fraction(1, c * n))
    langford = langford_sq(inst, 0)
    out = [_radius_check(inst, lambda I, g: hoeffding, f"P(Delta_S(h) > sqrt(ln(1/delta)/({c}m))) <= delta")]
    if c == 2:
        out.append(le(hoeffding[1], langford[0], label="ln(1/delta)/(2m) <= ln(2m/delta)/(2(m-1)) (upper vs lower "
                                                         "enclosure)"))
    return out


POINT_MASS = Claim(
    id="pac-bayes-point-mass",
    title="Point-mass posterior: Hoeffding, and consistency with the PAC-Bayes bound",
    statement="for P = Q = delta_h (KL = 0) and a [0,1] loss: P(Delta_S(h) > sqrt(ln(1/delta)/(2m))) <= delta, "
              "and sqrt(ln(1/delta)/(2m)) <= sqrt(ln(2m/delta)/(2(m-1))) for m >= 2",
    sources=[Source(ARORA, "Example 5.6.3", ("ARORA-80",))],
    kind="exact",
    area="generalization",
    instances=st.one_of(_coin_instances(st.just(Fraction(1, 2)), 2, LEVELS), _coin_instances(RATIONAL_P, 2, LEVELS)),
    conclusion=point_mass,
    proof_idea="Hoeffding: P(p - p_hat > t) <= exp(-2 m t^2); and ln(1/delta) <= ln(2m/delta), 2m >= 2(m-1).",
    mutants=[Mutant("hoeffding-over-8m", "the radius sqrt(ln(1/delta)/(8m)) is half Hoeffding's, and a fair coin "
                    "exceeds it with probability about Phi(-sqrt(ln(1/delta))) > delta",
                    conclusion=lambda inst: point_mass(inst, 8),
                    instances=_coin_instances(st.just(Fraction(1, 2)), 30, (10, 100)))],
    examples=40,
)
test_pac_bayes_point_mass = POINT_MASS.test()


# --- the moment step (5.10), rigorous for [0,1] losses ----------------------------------------------

BOUND_MGF = 2 / math.sqrt(3)


def _mgf_tol(value: float, m: int) -> float:
    # log pmf from lgamma: absolute error <= 8 eps (m ln(m+1) + 2) per term, carried through exp
    return value * 8 * EPS * (m * math.log(m + 1) + 2)


def square_mgf_bound(c: Coin, lam_factor: float = 0.5, width: int = 1) -> list[Check]:
    v = square_mgf(c.p, c.m, lam_factor * c.m, width)
    return [le(v, BOUND_MGF, tol=_mgf_tol(v, c.m), label="E_S exp((m/2) Delta_S(h)^2) <= 2/sqrt(3)",
               why="8 eps (m ln(m+1) + 2) relative, the lgamma error of the log pmf"),
            le(BOUND_MGF, 2, label="2/sqrt(3) <= 2 (the constant the proof of (5.8) needs)")]


MGF = Claim(
    id="pac-bayes-square-mgf",
    title="The moment step of the simplified PAC-Bayes bound: E exp((m/2) Delta^2) <= 2/sqrt(3)",
    statement="for a fixed h with loss in [0,1] and Delta = L_D(h) - L_S(h) over m i.i.d. draws: "
              "E_S exp((m/2) Delta^2) <= 2/sqrt(3) (< 2, so (5.8) holds with ln(2/delta))",
    sources=[Source(ARORA, "proof of (5.8), eq. (5.10) (the sub-Gaussian replacement of the normal heuristic)",
                    ("ARORA-77",))],
    kind="numeric",
    area="generalization",
    instances=coins(),
    conclusion=square_mgf_bound,
    proof_idea="Hoeffding's lemma: Delta is sub-Gaussian with variance proxy 1/(4m); for X sub-Gaussian(s^2), "
               "E e^{lam X^2} = E_g E e^{sqrt(2 lam) g X} <= E_g e^{lam s^2 g^2} = (1 - 2 lam s^2)^{-1/2}, "
               "here (1 - 1/4)^{-1/2}.",
    mutants=[
        Mutant("range-two", "for centered +-1 variables (range 2) the variance proxy is 1/m and "
               "E exp(S^2/(2m)) grows without bound; already e^{1/2} at m = 1",
               conclusion=lambda c: square_mgf_bound(c, width=2)),
        Mutant("exponent-m", "with exponent m Delta^2 the sub-Gaussian bound is sqrt(2), reached by a fair coin; "
               "e^{1/4} > 2/sqrt(3) at m = 1", conclusion=lambda c: square_mgf_bound(c, lam_factor=1.0)),
    ],
    examples=40,
)
test_pac_bayes_square_mgf = MGF.test()


# --- the Gaussian identity and the printed remarks (ARORA-78) -----------------------------------------

TERMS = 400


@dataclass(frozen=True)
class Exponent:
    """An exponent ``a`` of ``E e^{a z²}``, ``z ~ N(0, 1)``."""

    a: Fraction

    def __repr__(self) -> str:
        return f"Exponent(a={self.a})"


EXPONENTS = st.one_of(st.sampled_from([Exponent(Fraction(1, 4)), Exponent(Fraction(0)), Exponent(Fraction(49, 100))]),
                      st.builds(lambda j, k: Exponent(Fraction(j, 2 * k + 1)),
                                st.integers(-9, 9), st.integers(9, 20)).filter(lambda e: abs(e.a) < Fraction(1, 2)))


def gaussian_mgf(e: Exponent, power: int = 1, factor: Fraction = Fraction(2)) -> list[Check]:
    """``lo <= (1 - factor·a)^{-power/2} <= hi`` for the series enclosure, compared in squares."""
    lo, hi = gaussian_square_mgf_enclosure(e.a, TERMS)
    base = (1 - factor * e.a) ** power  # the claimed value is base^{-1/2}
    return [le(lo * lo * base, 1, label="lower enclosure of E e^{a z^2} <= (1 - 2a)^{-1/2} (in squares)"),
            ge(hi * hi * base, 1, label="upper enclosure of E e^{a z^2} >= (1 - 2a)^{-1/2} (in squares)")]


GAUSSIAN = Claim(
    id="gaussian-square-mgf",
    title="E e^{a z^2} = (1 - 2a)^{-1/2} for a < 1/2",
    statement="for z ~ N(0,1) and |a| < 1/2: E e^{a z^2} = (1 - 2a)^{-1/2}; in particular E e^{z^2/4} = sqrt(2), "
              "E e^{z^2/(2+eps)} = sqrt((2+eps)/eps) -> infinity as eps -> 0, and E e^{z^2/2} = infinity",
    sources=[Source(ARORA, "§5.6, the remarks before the proof of (5.8) (corrected)", ("ARORA-78",))],
    kind="exact",
    area="probability",
    instances=EXPONENTS,
    conclusion=gaussian_mgf,
    proof_idea="E z^{2k} = (2k-1)!!, so E e^{a z^2} = sum_k (2a)^k C(2k,k)/4^k, the binomial series of "
               "(1 - 2a)^{-1/2}; the terms are at most (2|a|)^k in size, which bounds the tail.",
    mutants=[
        Mutant("one-minus-a", "(1 - a)^{-1/2} is the value for variance 1/2, not 1", conclusion=lambda e: gaussian_mgf(
            e, factor=Fraction(1)), instances=EXPONENTS.filter(lambda e: abs(e.a) >= Fraction(1, 20))),
        Mutant("no-square-root", "(1 - 2a)^{-1} squares the correct value",
               conclusion=lambda e: gaussian_mgf(e, power=2),
               instances=EXPONENTS.filter(lambda e: abs(e.a) >= Fraction(1, 20))),
    ],
    examples=30,
)
test_gaussian_square_mgf = GAUSSIAN.test()


@dataclass(frozen=True)
class Epsilon:
    eps: Fraction

    def __repr__(self) -> str:
        return f"Epsilon(eps={self.eps})"


def gaussian_as_printed(e: Epsilon) -> list[Check]:
    # partial sums are lower bounds of the (possibly infinite) expectations; compare in squares
    near = gaussian_square_mgf_partial(1 / (2 + e.eps), 60)
    half = gaussian_square_mgf_partial(Fraction(1, 2), 60)
    return [le(near * near, 8, label="E e^{z^2/(2+eps)} is within a factor 2 of its printed limit sqrt(2) "
                                     "(partial sum squared <= 8)"),
            le(half * half, 2, label="E e^{z^2/2} = sqrt(2) as printed (partial sum squared <= 2)")]


GAUSSIAN_AUDIT = Claim(
    id="gaussian-square-mgf-printed",
    title="Audit: 'E e^{z^2/(2+eps)} approaches sqrt(2)' and 'E e^{z^2/2} = sqrt(2)'",
    statement="as printed: for z ~ N(0,1), E e^{z^2/(2+eps)} -> sqrt(2) as eps -> 0 (here: within a factor 2 of "
              "sqrt(2) for eps in (0, 1]), and one may take E e^{z^2/2} = sqrt(2)",
    sources=[Source(ARORA, "§5.6, before the proof of (5.8), and (5.10)", ("ARORA-78",))],
    kind="exact",
    area="probability",
    instances=st.builds(lambda j: Epsilon(Fraction(1, j)), st.integers(1, 1000)),
    conclusion=gaussian_as_printed,
    proof_idea="The partial sums of sum_k a^k E z^{2k}/k! bound the expectation from below.",
    audit=True,
    corrected="gaussian-square-mgf",
    finding="E e^{a z^2} = (1 - 2a)^{-1/2}, so E e^{z^2/(2+eps)} = sqrt((2+eps)/eps) diverges as eps -> 0 (it "
            "exceeds 2 sqrt(2) once eps < 2/7), and E e^{z^2/2} = infinity: already 1 + 1/2 > sqrt(2) from two "
            "terms of the series; sqrt(2) is E e^{z^2/4}. For [0,1] losses the quantity the proof needs is "
            "E e^{(m/2) Delta^2} <= 2/sqrt(3) (claim pac-bayes-square-mgf), which makes (5.8) rigorous",
    examples=30,
)
test_gaussian_square_mgf_printed = GAUSSIAN_AUDIT.test()


# --- Donsker–Varadhan and the printed "=" (ARORA-79) ---------------------------------------------------

def _dv_tol(t: Tilted) -> float:
    """Every side is a sum of <= k terms of size <= M = 1 + max|phi| + max |ln Q/P| + max |ln G/P| over
    the supports, each term with a relative error of a few eps; log-sum-exp adds (k + 2) eps M."""
    G = gibbs_posterior(t.P, t.phi)
    logs = [np.abs(np.log(x[x > 0] / t.P[x > 0])).max() for x in (t.Q, G)]
    M = 1 + float(np.abs(t.phi).max()) + max(logs)
    return 16 * len(t.P) * EPS * M


def donsker_varadhan(t: Tilted) -> list[Check]:
    tol = _dv_tol(t)
    why = "16 k eps M, M = 1 + max|phi| + max|ln Q/P| + max|ln G/P|"
    kl = kl_divergence(t.Q, t.P)
    lhs = float(np.dot(t.Q, t.phi)) - kl
    on_support = log_mean_exp(t.P * (t.Q > 0) / np.dot(t.P, t.Q > 0), t.phi) + math.log(np.dot(t.P, t.Q > 0))
    full = log_mean_exp(t.P, t.phi)
    G = gibbs_posterior(t.P, t.phi)
    return [ge(kl, 0, tol=tol, label="KL(Q||P) >= 0", why=why),
            le(lhs, on_support, tol=tol, label="E_Q phi - KL(Q||P) <= ln E_P[e^phi 1{Q > 0}]", why=why),
            le(on_support, full, tol=tol, label="ln E_P[e^phi 1{Q > 0}] <= ln E_P e^phi", why=why),
            close(lhs, full - kl_divergence(t.Q, G), tol, label="E_Q phi - KL(Q||P) = ln E_P e^phi - KL(Q||G)",
                  why=why),
            close(float(np.dot(G, t.phi)) - kl_divergence(G, t.P), full, tol,
                  label="equality at the Gibbs posterior G = P e^phi / E_P e^phi", why=why)]


def dv_reversed_kl(t: Tilted) -> Check:
    lhs = float(np.dot(t.Q, t.phi)) - kl_divergence(t.P, t.Q)
    return le(lhs, log_mean_exp(t.P, t.phi), tol=_dv_tol(t), label="E_Q phi - KL(P||Q) <= ln E_P e^phi",
              why="16 k eps M")


def dv_without_kl(t: Tilted) -> Check:
    return le(float(np.dot(t.Q, t.phi)), log_mean_exp(t.P, t.phi), tol=_dv_tol(t),
              label="E_Q phi <= ln E_P e^phi", why="16 k eps M")


DV = Claim(
    id="donsker-varadhan-change-of-measure",
    title="Donsker–Varadhan change of measure on a finite set",
    statement="for Q << P on a finite set and any phi: KL(Q||P) >= 0 and E_Q phi - KL(Q||P) <= "
              "ln E_P[e^phi 1{Q>0}] <= ln E_P e^phi; more precisely E_Q phi - KL(Q||P) = ln E_P e^phi - KL(Q||G) "
              "with G the Gibbs posterior P e^phi / E_P e^phi, so equality holds exactly at Q = G",
    sources=[Source(ARORA, "§5.6, proof of (5.8), eq. (5.9) and footnote 17 (corrected)", ("ARORA-79",))],
    kind="numeric",
    area="probability",
    instances=tilted(),
    conclusion=donsker_varadhan,
    proof_idea="Write E_Q phi - KL(Q||P) = E_Q ln(P e^phi / Q) = ln E_P e^phi - KL(Q||G); KL(Q||G) >= 0 by "
               "Jensen (concavity of ln), with equality iff Q = G. Restricted to supp Q, Jensen gives the middle term.",
    mutants=[
        Mutant("reversed-kl", "KL(P||Q) in place of KL(Q||P): at the Gibbs posterior the slack is "
               "KL(G||P) - KL(P||G), positive for many tilts", conclusion=dv_reversed_kl,
               instances=tilted(("gibbs",))),
        Mutant("drop-kl", "at the Gibbs posterior E_G phi - ln E_P e^phi = KL(G||P) > 0 unless G = P",
               conclusion=dv_without_kl, instances=tilted(("gibbs",))),
    ],
    examples=40,
)
test_donsker_varadhan_change_of_measure = DV.test()


def change_of_measure_as_printed(t: Tilted) -> Check:
    s = t.Q > 0
    lhs = math.log(float(np.sum(t.Q[s] * np.exp(t.phi[s]) * t.P[s] / t.Q[s])))
    return close(lhs, log_mean_exp(t.P, t.phi), _dv_tol(t), label="ln E_Q[e^phi P/Q] = ln E_P[e^phi] (as printed)",
                 why="16 k eps M")


DV_AUDIT = Claim(
    id="change-of-measure-equality",
    title="Audit: the change of measure printed with '='",
    statement="as printed: ln E_Q[e^phi P/Q] = ln E_P[e^phi] for every posterior Q << P",
    sources=[Source(ARORA, "§5.6, proof of (5.8), the step before (5.9)", ("ARORA-79",))],
    kind="numeric",
    area="probability",
    instances=tilted(),
    conclusion=change_of_measure_as_printed,
    proof_idea="E_Q[e^phi P/Q] sums P e^phi over supp Q only.",
    audit=True,
    corrected="donsker-varadhan-change-of-measure",
    finding="E_Q[e^phi P/Q] = E_P[e^phi 1{Q > 0}], which is strictly below E_P e^phi whenever Q misses a point "
            "that P charges (e.g. P uniform on {a, b}, Q = delta_a, phi = 0: 1/2 against 1). The correct step is "
            "'<=', and the proof of (5.8) goes through with it",
    examples=40,
)
test_change_of_measure_equality = DV_AUDIT.test()


# --- recovering the union bound (Problem 5.6.4, ARORA-81) ---------------------------------------------

@dataclass(frozen=True)
class UnionSetting:
    """``N`` hypotheses under the uniform prior, a point mass (KL = ln N), ``m`` draws, ``δ = a/b``."""

    N: int
    m: int
    delta: Fraction

    def __repr__(self) -> str:
        return f"UnionSetting(N={self.N}, m={self.m}, delta={self.delta})"


def _ln(x: Fraction) -> Enclosure:
    return log_enclosure(x.numerator, x.denominator)


def simplified_vs_union(u: UnionSetting) -> Check:
    # squares of the radii: 2 ln(2N/delta)/m against 4 ln(N/delta)/m; compare ln(2N/delta) <= 2 ln(N/delta)
    lhs = _ln(2 * u.N / u.delta)
    rhs = _ln(u.N / u.delta)
    if lhs[1] <= 2 * rhs[0]:
        return le(lhs[1], 2 * rhs[0], label="sqrt(2(ln N + ln(2/delta))/m) <= 2 sqrt((ln N + ln(1/delta))/m)")
    return le(lhs[0], 2 * rhs[1], label="sqrt(2(ln N + ln(2/delta))/m) <= 2 sqrt((ln N + ln(1/delta))/m)")


def langford_vs_union(u: UnionSetting) -> Check:
    # squares: ln(2 m N/delta)/(2(m-1)) against 4 ln(N/delta)/m
    lhs = scaled(_ln(2 * u.m * u.N / u.delta), Fraction(1, 2 * (u.m - 1)))
    rhs = scaled(_ln(u.N / u.delta), Fraction(4, u.m))
    label = "sqrt((ln N + ln(2m/delta))/(2(m-1))) <= 2 sqrt((ln N + ln(1/delta))/m)"
    return le(lhs[1], rhs[0], label=label) if lhs[1] <= rhs[0] else le(lhs[0], rhs[1], label=label)


DELTAS = st.one_of(st.sampled_from([Fraction(k, 10) for k in range(1, 10)] + [Fraction(1, 100), Fraction(1, 1000)]),
                   st.builds(lambda j: Fraction(1, j), st.integers(2, 1000)))
# small classes (N <= 3) with delta near 1 are where the ln m of the Langford form matters; they get a
# fixed share of the draws
UNION = st.builds(UnionSetting, st.one_of(st.sampled_from((1, 2, 3)), st.integers(1, 10**6)), st.integers(2, 10**6),
                  DELTAS)

UNION_CLAIM = Claim(
    id="pac-bayes-recovers-union-bound",
    title="The simplified PAC-Bayes bound reproduces the finite-class union bound",
    statement="with P uniform on N hypotheses and Q a point mass (KL = ln N): sqrt(2(ln N + ln(2/delta))/m) <= "
              "2 sqrt((ln N + ln(1/delta))/m) (the radius of Thm 5.2.1) if and only if N/delta >= 2",
    sources=[Source(ARORA, "Problem 5.6.4 with (5.8) and Thm 5.2.1", ("ARORA-81",))],
    kind="exact",
    area="generalization",
    instances=UNION.filter(lambda u: u.N / u.delta >= 2),
    conclusion=simplified_vs_union,
    proof_idea="Squaring, 2 ln(2N/delta) <= 4 ln(N/delta) iff 2N/delta <= (N/delta)^2 iff N/delta >= 2.",
    mutants=[Mutant("any-n-delta", "for N = 1 and delta > 1/2, N/delta < 2 and the (5.8) radius is the larger",
                    instances=st.builds(UnionSetting, st.just(1), st.integers(2, 10**6),
                                        st.builds(lambda a: Fraction(a, 100), st.integers(51, 99))))],
    examples=40,
)
test_pac_bayes_recovers_union_bound = UNION_CLAIM.test()

UNION_AUDIT = Claim(
    id="langford-recovers-union-bound",
    title="Audit: deriving the union bound from the Langford form of the PAC-Bayes bound",
    statement="as the exercise implies for Thm 5.6.1: with P uniform on N and a point mass, "
              "sqrt((ln N + ln(2m/delta))/(2(m-1))) <= 2 sqrt((ln N + ln(1/delta))/m) for all N, m >= 2, delta",
    sources=[Source(ARORA, "Problem 5.6.4 with Thm 5.6.1", ("ARORA-81",))],
    kind="exact",
    area="generalization",
    instances=UNION,
    conclusion=langford_vs_union,
    proof_idea="Compare the squared radii; the Langford form carries an extra ln m.",
    audit=True,
    corrected="pac-bayes-recovers-union-bound",
    finding="the Langford radius has ln(2m/delta) where Thm 5.2.1 has ln(1/delta), so it is weaker when N/delta is "
            "small and m large (N = 1, delta = 1/2, m = 1000: 0.0644 against 0.0527): via Thm 5.6.1 the union bound "
            "is recovered only up to a ln m factor. The exercise itself is sound, since (5.8) reproduces Thm 5.2.1 "
            "whenever N/delta >= 2 (claim pac-bayes-recovers-union-bound); the survey of false statements rejects "
            "ARORA-81 as a false claim for this reason, and the audit records only the Langford route",
    examples=100,  # the violating region (N/delta near 1, large m) is a small part of the space
)
test_langford_recovers_union_bound = UNION_AUDIT.test()


# --- the law of a trained network as a posterior (Example 5.6.2, ARORA-82) -------------------------------

def _gd(run: GDRun, T: int) -> tuple[float, np.ndarray, np.ndarray]:
    eta = run.c / float(np.linalg.eigvalsh(run.X.T @ run.X)[-1])
    mu, lam, log_s = gd_output_law(run.X, run.y, eta, T)
    return gaussian_kl_to_standard(mu, log_s), mu, eta * lam


def _gd_tol(run: GDRun, *kls: float) -> float:
    # T gradient steps, each a product with X^T X (d n terms): relative error 32 (T + 1) d n eps
    n, d = run.X.shape
    return 32 * (run.T + 2) * d * n * EPS * (1 + sum(kls))


def _projector_rank(P: np.ndarray) -> int:
    """The rank of an orthogonal projector: its eigenvalues are 0 or 1 up to rounding far below 1/2."""
    return int(np.sum(np.linalg.eigvalsh((P + P.T) / 2) > 0.5))


def _limit_rank(run: GDRun) -> int:
    """Rank of the covariance I - X^+ X of the limit law of GD from w0 ~ N(0, I)."""
    d = run.X.shape[1]
    return _projector_rank(np.eye(d) - np.linalg.pinv(run.X) @ run.X)


def gd_posterior(run: GDRun) -> list[Check]:
    kl, mu, rates = _gd(run, run.T)
    kl_next, _, _ = _gd(run, run.T + 1)
    tol = _gd_tol(run, kl, kl_next)
    why = "32 (T + 2) d n eps (1 + KL_T + KL_{T+1})"
    pos = rates[rates > 1e-9 * rates.max()]
    floor = run.T * float(np.sum(-np.log1p(-pos))) - len(pos) / 2
    d = run.X.shape[1]
    return [holds(math.isfinite(kl), "KL(Q_T || P) < infinity (Q_T has a density)", f"KL = {kl}"),
            le(kl, kl_next, tol=tol, label="KL(Q_T || P) <= KL(Q_{T+1} || P)", why=why),
            ge(kl, floor, tol=tol, label="KL(Q_T || P) >= T sum_i ln(1/(1 - eta lambda_i)) - rank/2", why=why),
            equal(_limit_rank(run), d - _projector_rank(np.linalg.pinv(run.X) @ run.X),
                  label="Q_infinity = N(X^+ y, I - X^+ X) has rank d - rank X < d (not << P)")]


def gd_kl_mean_only(run: GDRun) -> Check:
    kl, mu, _ = _gd(run, run.T)
    return close(kl, 0.5 * float(mu @ mu), _gd_tol(run, kl), label="KL(Q_T || P) = ||mu_T||^2 / 2 (covariance ignored)",
                 why="32 (T + 2) d n eps (1 + KL_T)")


def gd_kl_bounded(run: GDRun) -> Check:
    kl, _, _ = _gd(run, run.T)
    return le(kl, run.X.shape[1] / 2, label="KL(Q_T || P) <= d/2 for every T")


GD_POSTERIOR = Claim(
    id="gd-output-posterior-kl",
    title="The law of gradient descent outputs as a PAC-Bayes posterior",
    statement="for GD on (1/2)||Xw - y||^2 (X: n x d, n < d) from w0 ~ P = N(0, I) with step eta = c/lambda_max, "
              "0 < c < 1: after T steps Q_T = N(mu_T, (I - eta X^T X)^{2T}) has KL(Q_T || P) = (1/2)[sum_i (s_i - 1 - "
              "ln s_i) + ||mu_T||^2] < infinity, nondecreasing in T and >= T sum_i ln(1/(1 - eta lambda_i)) - rank/2 "
              "-> infinity; the limit law N(X^+ y, I - X^+ X) is singular (rank d - rank X), so Q_infinity is not << P",
    sources=[Source(ARORA, "Example 5.6.2 (corrected: validity means Q << P)", ("ARORA-82",))],
    kind="numeric",
    area="generalization",
    instances=gd_runs(),
    conclusion=gd_posterior,
    proof_idea="w_T is an affine image of w0, Gaussian with covariance M^{2T}, M = I - eta X^T X; in the eigenbasis "
               "s_i = (1 - eta lambda_i)^{2T} decreases to 0 on the row space (s - 1 - ln s increases as s falls below 1) "
               "and mu_T increases componentwise toward X^+ y; s - 1 - ln s >= -ln s - 1.",
    mutants=[
        Mutant("mean-only", "the covariance shrinks on the row space, which costs sum (s_i - 1 - ln s_i)/2 > 0",
               conclusion=gd_kl_mean_only),
        Mutant("kl-bounded", "KL(Q_T || P) grows linearly in T, beyond d/2 within a few steps at c = 0.9",
               conclusion=gd_kl_bounded),
    ],
    examples=30,
)
test_gd_output_posterior_kl = GD_POSTERIOR.test()


def valid_posterior_as_printed(run: GDRun) -> Check:
    return equal(_limit_rank(run), run.X.shape[1],
                 label="the law of the trained parameters (GD to convergence) has full rank, so Q << P (as printed)")


GD_AUDIT = Claim(
    id="gd-output-valid-posterior",
    title="Audit: 'Q is a valid posterior because P assigns nonzero probability to every classifier'",
    statement="as printed: the law Q of parameters trained from a Gaussian initialization is a valid posterior "
              "(Q << P) for P = N(0, I), because P gives positive probability to every h; checked for GD run to "
              "convergence on overparametrized least squares",
    sources=[Source(ARORA, "Example 5.6.2", ("ARORA-82",))],
    kind="numeric",
    area="generalization",
    instances=gd_runs(),
    conclusion=valid_posterior_as_printed,
    proof_idea="GD converges to (I - X^+ X) w0 + X^+ y, an affine image of w0 of rank d - rank X.",
    audit=True,
    corrected="gd-output-posterior-kl",
    finding="a continuous P gives probability 0 to every single parameter vector; validity means Q << P, which fails "
            "for GD run to convergence: the output (I - X^+ X) w0 + X^+ y lies on an affine subspace of dimension "
            "d - rank X, so Q is singular with respect to P and KL(Q || P) = infinity (the bound is vacuous, not "
            "violated). After finitely many steps Q_T has a density and a finite KL that grows linearly in T",
    examples=20,
)
test_gd_output_valid_posterior = GD_AUDIT.test()
