"""Concentration inequalities: Chernoff, Hoeffding, Bernstein and matrix Bernstein.

Statement.
- Chernoff (``X`` a sum of independent Bernoullis, ``μ = E X``): ``P(X >= (1+δ)μ) <= e^{-δ²μ/3}`` for
  ``0 < δ <= 1``; for every ``δ > 0``, ``P(X >= (1+δ)μ) <= (e^δ/(1+δ)^{1+δ})^μ <= e^{-δ²μ/(2+δ)}`` (and
  ``<= e^{-δμ/3}`` for ``δ >= 1``); ``P(X <= (1-δ)μ) <= e^{-δ²μ/2}`` for ``0 < δ < 1``.  One source prints
  the first bound for every ``δ > 0``: false (audit).
- Hoeffding (independent ``X_i ∈ [a_i, b_i]``): ``P(|S - E S| >= t) <= 2 exp(-2t²/Σ(b_i - a_i)²)``; for
  the mean of ``m`` zero-mean ``[-1, 1]`` variables, ``P(|mean| >= ε) <= 2 e^{-ε²m/2}`` and
  ``Var(mean) <= 1/m``.  The shorthand ``e^{-ε²m}`` printed in one source is false (audit).
- Bernstein (independent, zero mean, ``|X_i| <= M``, ``v = Σ E X_i²``):
  ``P(Σ X_i > t) <= exp(-(t²/2)/(v + Mt/3))``.
- Matrix Bernstein (independent zero-mean ``X_i ∈ R^{n1 x n2}``, ``‖X_i‖ <= M``, ``Z = Σ X_i``,
  ``v = max(‖Σ E X_iX_iᵀ‖, ‖Σ E X_iᵀX_i‖)``): ``E‖Z‖ <= √(2v ln(n1+n2)) + M ln(n1+n2)/3`` and
  ``P(‖Z‖ >= t) <= (n1+n2) exp(-(t²/2)/(v + Mt/3))``.

Sources.  Arora et al., *Theory of Deep Learning*, §1.1.1: Lemma 1.1.4 (ARORA-4), Lemma 1.1.5
(ARORA-5), Lemma 1.1.6 (ARORA-6), Lemma 1.1.8 (ARORA-8, Tropp 2015 Thm 6.1.1), and the shorthand
after Lemma 1.1.8 (ARORA-9).

Proof idea.  Chernoff's method: ``P(S >= a) <= e^{-sa} E e^{sS} = e^{-sa} Π E e^{sX_i}`` by independence,
then a bound on each moment generating function (``1 + p(e^s - 1) <= e^{p(e^s-1)}`` for Bernoullis;
Hoeffding's lemma ``E e^{s(X - EX)} <= e^{s²(b-a)²/8}``; ``E e^{sX} <= exp(E X² (e^{sM} - 1 - sM)/M²)``
for Bernstein), optimized over ``s``.  The matrix version replaces the scalar MGF by ``tr exp`` and uses
Lieb's concavity theorem; the dimension enters through the trace.

Scalar tails are exact: the law of a sum of independent integer variables is an exact convolution,
binomial tails are exact sums, and each irrational bound is enclosed by interval arithmetic until it
is separated from the tail (``checks.distributions.le_enclosed``).  The matrix claim enumerates every
sign pattern of a short series (or uses the law of the maximum for the diagonal family), so the only
rounding is in the spectral norms, covered by a derived tolerance.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from scipy.stats import binom

from checks.claim import Check, Claim, Mutant, Source, equal, le
from checks.distributions import (LatticeLaw, binomial_ge, binomial_le, bernoulli, convolve, le_enclosed,
                                  matrix_series_law, matrix_variance, q)
from checks.documents import ARORA
from checks.strategies.distributions import (BernoulliSum, BoundedSum, CenteredSum, MatrixSeries,
                                             MeanOfBounded, bernoulli_sums, bounded_sums, centered_sums,
                                             comonotone_signs, iid_bernoulli_sums, matrix_series,
                                             means_of_bounded, uncentered_sums, unequal_widths)

RADEMACHER = LatticeLaw(-1, (1, 0, 1), 2)


def _exp(x: Fraction):
    """The bound ``e^x`` as a function of the interval context."""
    return lambda iv: iv.exp(q(iv, x))


def _le_exp(lhs: Fraction, coef: Fraction, x: Fraction, label: str) -> Check:
    """``lhs <= coef · e^x`` exactly."""
    return le_enclosed(lhs, lambda iv: q(iv, coef) * iv.exp(q(iv, x)), label,
                       exact_bound=coef if x == 0 else None)


# --- Chernoff ------------------------------------------------------------------------------------------

def _bernoulli_tails(B: BernoulliSum) -> tuple[Fraction, Fraction | None]:
    """``P(X >= (1+δ)μ)`` and, for ``δ < 1``, ``P(X <= (1-δ)μ)``."""
    mu, d = B.mu, B.delta
    up_at, low_at = (1 + d) * mu, (1 - d) * mu
    if B.comonotone:  # X = n B_1
        n, p = B.copies, B.ps[0]
        law = LatticeLaw.from_atoms({0: p.denominator - p.numerator, n: p.numerator})
        return law.ge(up_at), (law.le(low_at) if d < 1 else None)
    if B.copies > 1:
        n, p = B.copies, B.ps[0]
        return binomial_ge(n, p, up_at), (binomial_le(n, p, low_at) if d < 1 else None)
    law = convolve([bernoulli(p) for p in B.ps])
    return law.ge(up_at), (law.le(low_at) if d < 1 else None)


def chernoff(B: BernoulliSum) -> list[Check]:
    mu, d = B.mu, B.delta
    up, low = _bernoulli_tails(B)
    out = [le_enclosed(up, lambda iv: iv.exp(q(iv, mu) * (q(iv, d) - q(iv, 1 + d) * iv.log(q(iv, 1 + d)))),
                       "P(X >= (1+d)mu) <= (e^d / (1+d)^(1+d))^mu"),
           _le_exp(up, Fraction(1), -d * d * mu / (2 + d), "P(X >= (1+d)mu) <= exp(-d^2 mu/(2+d))")]
    if d <= 1:
        out.append(_le_exp(up, Fraction(1), -d * d * mu / 3, "P(X >= (1+d)mu) <= exp(-d^2 mu/3), d <= 1"))
    else:
        out.append(_le_exp(up, Fraction(1), -d * mu / 3, "P(X >= (1+d)mu) <= exp(-d mu/3), d >= 1"))
    if low is not None:
        out.append(_le_exp(low, Fraction(1), -d * d * mu / 2, "P(X <= (1-d)mu) <= exp(-d^2 mu/2), d < 1"))
    return out


def chernoff_printed(B: BernoulliSum) -> list[Check]:
    mu, d = B.mu, B.delta
    up, low = _bernoulli_tails(B)
    out = [_le_exp(up, Fraction(1), -d * d * mu / 3, "P(X >= (1+d)mu) <= exp(-d^2 mu/3) for all d > 0")]
    if low is not None:
        out.append(_le_exp(low, Fraction(1), -d * d * mu / 2, "P(X <= (1-d)mu) <= exp(-d^2 mu/2), d < 1"))
    return out


def chernoff_upper_half(B: BernoulliSum) -> Check:
    up, _ = _bernoulli_tails(B)
    return _le_exp(up, Fraction(1), -B.delta ** 2 * B.mu / 2, "P(X >= (1+d)mu) <= exp(-d^2 mu/2)")


def chernoff_lower_full(B: BernoulliSum) -> Check:
    _, low = _bernoulli_tails(B)
    return _le_exp(low or Fraction(0), Fraction(1), -B.delta ** 2 * B.mu, "P(X <= (1-d)mu) <= exp(-d^2 mu)")


def chernoff_dependent(B: BernoulliSum) -> Check:
    up, _ = _bernoulli_tails(B)
    return _le_exp(up, Fraction(1), -B.delta ** 2 * B.mu / 3, "P(X >= (1+d)mu) <= exp(-d^2 mu/3)")


_SMALL_P = st.integers(1, 15).map(lambda k: Fraction(k, 100))

CHERNOFF = Claim(
    id="chernoff-multiplicative",
    title="Multiplicative Chernoff bounds for sums of independent Bernoullis",
    statement="X = sum of independent Bernoulli(p_i), mu = E X: P(X >= (1+d)mu) <= exp(-d^2 mu/3) for "
              "0 < d <= 1; for all d > 0 P(X >= (1+d)mu) <= (e^d/(1+d)^(1+d))^mu <= exp(-d^2 mu/(2+d)) "
              "(<= exp(-d mu/3) for d >= 1); P(X <= (1-d)mu) <= exp(-d^2 mu/2) for 0 < d < 1",
    sources=[Source(ARORA, "§1.1.1, Lemma 1.1.4 (corrected: the e^{-d^2 mu/3} form needs d <= 1)", ("ARORA-4",))],
    kind="exact",
    area="probability",
    instances=bernoulli_sums(),
    conclusion=chernoff,
    proof_idea="E e^{sX} = prod (1 + p_i(e^s - 1)) <= e^{mu(e^s - 1)}; Markov at s = ln(1+d) gives "
               "(e^d/(1+d)^(1+d))^mu, and (1+d)ln(1+d) - d >= d^2/(2+d) >= d^2/3 on (0, 1]; the lower tail "
               "takes s = -ln(1-d) and (1-d)ln(1-d) + d >= d^2/2.",
    mutants=[
        Mutant("upper-exponent-half", "the Poisson rate (1+d)ln(1+d) - d is below d^2/2 (0.386 at d = 1): "
               "Bin(n, p) with small p and mu in the hundreds exceeds exp(-d^2 mu/2) near d = 1",
               conclusion=chernoff_upper_half,
               instances=iid_bernoulli_sums((1500, 3000), _SMALL_P,
                                            st.integers(90, 100).map(lambda k: Fraction(k, 100)))),
        Mutant("lower-exponent-full", "the lower-tail rate (1-d)ln(1-d) + d is below d^2 near d = 1: "
               "P(Bin(n, p) <= 2) for mu around 20-60 exceeds exp(-d^2 mu)",
               conclusion=chernoff_lower_full,
               instances=st.builds(lambda n, p, k: BernoulliSum((p,), n, 1 - k / (n * p)),
                                   st.integers(1000, 3000), st.integers(1, 2).map(lambda k: Fraction(k, 100)),
                                   st.integers(1, 3))),
        Mutant("drop-independence", "n equal copies of one Bernoulli(p) have P(X >= 2 mu) = p for p <= 1/2, "
               "far above exp(-np/3) for large n", conclusion=chernoff_dependent,
               instances=iid_bernoulli_sums((100, 3000), st.integers(5, 50).map(lambda k: Fraction(k, 100)),
                                            st.just(Fraction(1)), comonotone=True)),
    ],
    examples=80,
)
test_chernoff_multiplicative = CHERNOFF.test()

CHERNOFF_AUDIT = Claim(
    id="chernoff-printed-all-delta",
    title="Audit: the Chernoff upper tail exp(-d^2 mu/3) claimed for every d > 0",
    statement="as printed: X = sum of independent Bernoullis, mu = E X: P(X >= (1+d)mu) <= exp(-d^2 mu/3) "
              "for all d > 0, and P(X <= (1-d)mu) <= exp(-d^2 mu/2) for 0 < d < 1",
    sources=[Source(ARORA, "§1.1.1, Lemma 1.1.4 (1)", ("ARORA-4",))],
    kind="exact",
    area="probability",
    instances=bernoulli_sums(),
    conclusion=chernoff_printed,
    proof_idea="The exponent d^2 mu/3 grows quadratically in d while the true rate (1+d)ln(1+d) - d grows "
               "like d ln d, so the bound fails for large d.",
    audit=True,
    corrected="chernoff-multiplicative",
    finding="the upper-tail bound exp(-d^2 mu/3) holds only for 0 < d <= 1: for one Bernoulli(1/100) and "
            "d = 99, P(X >= 1) = 1/100 > exp(-32.67); the valid form for all d > 0 is "
            "exp(-d^2 mu/(2+d)) (or (e^d/(1+d)^(1+d))^mu). The lower-tail bound is correct.",
    examples=80,
)
test_chernoff_printed_all_delta = CHERNOFF_AUDIT.test()


# --- Hoeffding ---------------------------------------------------------------------------------------

def _sum_law(H: BoundedSum) -> LatticeLaw | None:
    """The exact law of the sum, or None for many i.i.d. Rademacher signs (handled by binomial tails)."""
    if H.comonotone:
        return H.laws[0].scaled(H.copies)
    if H.copies > 1:
        return None
    return convolve(H.laws)


def _hoeffding_tails(H: BoundedSum) -> tuple[Fraction, Fraction]:
    """``P(|S - ES| >= t)`` and ``P(S - ES >= t)``."""
    law, t = _sum_law(H), H.t
    if law is None:  # S = 2 Bin(n, 1/2) - n, symmetric
        n = H.copies
        up = binomial_ge(n, Fraction(1, 2), (n + t) / 2)
        return 2 * up, up
    m = law.mean
    return law.abs_dev(m, t), law.ge(m + t)


def _width_sq(H: BoundedSum) -> Fraction:
    return Fraction(sum((b - a) ** 2 for a, b in H.ranges) * H.copies)


def hoeffding(H: BoundedSum) -> list[Check]:
    two, one = _hoeffding_tails(H)
    D, t = _width_sq(H), H.t
    if D == 0:
        return [equal(two, 0, label="constant summands: P(|S - ES| >= t) = 0")]
    return [_le_exp(two, Fraction(2), -2 * t * t / D, "P(|S - ES| >= t) <= 2 exp(-2t^2/sum (b_i - a_i)^2)"),
            _le_exp(one, Fraction(1), -2 * t * t / D, "P(S - ES >= t) <= exp(-2t^2/sum (b_i - a_i)^2)")]


def hoeffding_four(H: BoundedSum) -> Check:
    two, _ = _hoeffding_tails(H)
    D = _width_sq(H) or Fraction(1)
    return _le_exp(two, Fraction(2), -4 * H.t ** 2 / D, "P(|S - ES| >= t) <= 2 exp(-4t^2/sum (b_i - a_i)^2)")


def hoeffding_mean_width(H: BoundedSum) -> Check:
    two, _ = _hoeffding_tails(H)
    n = len(H.ranges) * H.copies
    D = Fraction(sum(b - a for a, b in H.ranges) * H.copies) ** 2 / n
    return _le_exp(two, Fraction(2), -2 * H.t ** 2 / (D or Fraction(1)),
                   "P(|S - ES| >= t) <= 2 exp(-2t^2 n/(sum (b_i - a_i))^2)")


HOEFFDING = Claim(
    id="hoeffding-inequality",
    title="Hoeffding's inequality for sums of independent bounded variables",
    statement="X_i independent with X_i in [a_i, b_i], S = sum X_i, t > 0: "
              "P(|S - E S| >= t) <= 2 exp(-2 t^2 / sum (b_i - a_i)^2) (and the one-sided tail without the 2)",
    sources=[Source(ARORA, "§1.1.1, Lemma 1.1.5", ("ARORA-5",))],
    kind="exact",
    area="probability",
    instances=bounded_sums(),
    conclusion=hoeffding,
    proof_idea="Hoeffding's lemma E e^{s(X - EX)} <= e^{s^2 (b-a)^2/8} (convexity of e^{sx} on [a, b] and a "
               "second-order bound on the log-MGF of the two-point law), independence, then s = 4t/sum(b_i-a_i)^2.",
    mutants=[
        Mutant("exponent-four", "one Rademacher sign at t = 1 has P(|S| >= 1) = 1 > 2 e^{-1}",
               conclusion=hoeffding_four),
        Mutant("drop-independence", "n equal Rademacher signs have P(|S| >= n/2) = 1 > 2 exp(-n/8) for n >= 6",
               instances=comonotone_signs()),
        Mutant("mean-width", "(sum (b_i - a_i))^2/n < sum (b_i - a_i)^2 for unequal widths: one sign among "
               "constants has P(|S| >= 1) = 1 > 2 exp(-n/2)",
               conclusion=hoeffding_mean_width, instances=unequal_widths()),
    ],
    examples=80,
)
test_hoeffding_inequality = HOEFFDING.test()


# --- the mean of bounded zero-mean variables (and the audit of the shorthand) --------------------------

def _mean_tail(A: MeanOfBounded) -> tuple[Fraction, Fraction]:
    """``P(|mean| >= ε)`` and ``Var(mean)``."""
    m, s, eps = A.m, A.scale, A.eps
    level = eps * s * m  # |S| >= level, S in units of 1/scale
    if A.copies > 1:  # Rademacher: S = 2 Bin(m, 1/2) - m
        return 2 * binomial_ge(m, Fraction(1, 2), (m + level) / 2), Fraction(1, m)
    law = convolve(A.laws)
    return law.abs_dev(Fraction(0), level), law.variance / (s * m) ** 2


def mean_hoeffding(A: MeanOfBounded) -> list[Check]:
    tail, var = _mean_tail(A)
    return [_le_exp(tail, Fraction(2), -A.eps ** 2 * A.m / 2, "P(|mean| >= eps) <= 2 exp(-eps^2 m/2)"),
            le(var, Fraction(1, A.m), label="Var(mean) <= 1/m")]


def mean_printed(A: MeanOfBounded) -> Check:
    tail, _ = _mean_tail(A)
    return _le_exp(tail, Fraction(1), -A.eps ** 2 * A.m, "P(|mean| >= eps) <= exp(-eps^2 m)")


def mean_two_full(A: MeanOfBounded) -> Check:
    tail, _ = _mean_tail(A)
    return _le_exp(tail, Fraction(2), -A.eps ** 2 * A.m, "P(|mean| >= eps) <= 2 exp(-eps^2 m)")


def mean_half_variance(A: MeanOfBounded) -> Check:
    _, var = _mean_tail(A)
    return le(var, Fraction(1, 2 * A.m), label="Var(mean) <= 1/(2m)")


MEAN = Claim(
    id="hoeffding-mean-of-bounded",
    title="Mean of m independent zero-mean [-1, 1] variables: tail 2 exp(-eps^2 m/2), variance 1/m",
    statement="y_1..y_m independent, E y_i = 0, y_i in [-1, 1]: P(|mean| >= eps) <= 2 exp(-eps^2 m/2) "
              "and Var(mean) <= 1/m",
    sources=[Source(ARORA, "§1.1.1, after Lemma 1.1.8 (corrected constant)", ("ARORA-9",))],
    kind="exact",
    area="probability",
    instances=means_of_bounded(),
    conclusion=mean_hoeffding,
    proof_idea="Hoeffding with b_i - a_i = 2 and t = eps m: 2 exp(-2 eps^2 m^2/(4m)); Var y_i <= E y_i^2 <= 1 "
               "and independence.",
    mutants=[
        Mutant("two-exp-full", "one Rademacher sign at eps = 1 has P = 1 > 2 e^{-1}", conclusion=mean_two_full),
        Mutant("half-variance", "Rademacher signs have Var(mean) = 1/m exactly", conclusion=mean_half_variance),
    ],
    examples=80,
)
test_hoeffding_mean_of_bounded = MEAN.test()

MEAN_AUDIT = Claim(
    id="bounded-mean-shorthand-printed",
    title="Audit: the shorthand P(|mean| >= eps) <= exp(-eps^2 m) for bounded zero-mean variables",
    statement="as printed: y_1..y_m independent, mean 0, values in [-1, 1] => P(|mean| >= eps) <= exp(-eps^2 m)",
    sources=[Source(ARORA, "§1.1.1, the shorthand after Lemma 1.1.8", ("ARORA-9",))],
    kind="exact",
    area="probability",
    instances=means_of_bounded(),
    conclusion=mean_printed,
    proof_idea="Compared with Hoeffding's 2 exp(-eps^2 m/2) the printed form drops the 2 and doubles the exponent.",
    audit=True,
    corrected="hoeffding-mean-of-bounded",
    finding="false: one Rademacher sign at eps = 1 has P(|y| >= 1) = 1 > e^{-1}; for m = 100 Rademacher signs "
            "and eps = 0.2, P(|sum| >= 20) = 0.0569 > e^{-4} = 0.0183. Correct (Hoeffding): "
            "2 exp(-eps^2 m/2); the variance statement Var(mean) <= 1/m is true.",
    examples=80,
)
test_bounded_mean_shorthand_printed = MEAN_AUDIT.test()


# --- Bernstein ---------------------------------------------------------------------------------------

def _bernstein_parts(C: CenteredSum) -> tuple[Fraction, Fraction, Fraction]:
    """``P(S > t)``, ``v = Σ E X_i²`` and ``M``."""
    if C.p is not None:
        n, p = C.copies, C.p
        if not C.centered:  # S = Bin(n, p); E X^2 = p, |X| <= 1
            return 1 - binomial_le(n, p, C.t), n * p, Fraction(1)
        return 1 - binomial_le(n, p, n * p + C.t), n * p * (1 - p), max(p, 1 - p)
    law = convolve(C.laws)
    v = sum((L.second_moment for L in C.laws), Fraction(0))
    M = Fraction(max(max(-L.lo, L.hi) for L in C.laws))
    return law.gt(C.t), v, M


def _bernstein_check(C: CenteredSum, var_factor: Fraction, m_factor: Fraction, label: str) -> Check:
    tail, v, M = _bernstein_parts(C)
    t = C.t
    return _le_exp(tail, Fraction(1), -(t * t / 2) / (var_factor * v + m_factor * M * t / 3), label)


def bernstein(C: CenteredSum) -> Check:
    return _bernstein_check(C, Fraction(1), Fraction(1), "P(S > t) <= exp(-(t^2/2)/(v + Mt/3))")


BERNSTEIN = Claim(
    id="bernstein-inequality",
    title="Bernstein's inequality for bounded zero-mean summands",
    statement="X_i independent, E X_i = 0, |X_i| <= M, v = sum E X_i^2: P(sum X_i > t) <= exp(-(t^2/2)/(v + Mt/3))",
    sources=[Source(ARORA, "§1.1.1, Lemma 1.1.6", ("ARORA-6",))],
    kind="exact",
    area="probability",
    instances=centered_sums(),
    conclusion=bernstein,
    proof_idea="For |X| <= M and E X = 0: E e^{sX} <= exp(E X^2 (e^{sM} - 1 - sM)/M^2) <= "
               "exp(s^2 E X^2 / (2(1 - sM/3))); independence and s = t/(v + Mt/3).",
    mutants=[
        Mutant("drop-mt-term", "in the Poisson regime a rare jump of size M occurs with probability p while "
               "exp(-t^2/(2v)) with v ~ p M^2 is far smaller",
               conclusion=lambda C: _bernstein_check(C, Fraction(1), Fraction(0), "P(S > t) <= exp(-t^2/(2v))")),
        Mutant("half-variance", "in the Gaussian regime the tail is about exp(-t^2/(2v)) up to a polynomial "
               "factor, above exp(-t^2/v) at t = 3 sd",
               conclusion=lambda C: _bernstein_check(C, Fraction(1, 2), Fraction(1),
                                                     "P(S > t) <= exp(-(t^2/2)/(v/2 + Mt/3))")),
        Mutant("drop-zero-mean", "uncentered Bernoullis exceed t < np with probability near 1",
               instances=uncentered_sums()),
    ],
    examples=80,
)
test_bernstein_inequality = BERNSTEIN.test()


# --- matrix Bernstein --------------------------------------------------------------------------------

EPS = np.finfo(float).eps


def _coefficients(S: MatrixSeries) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Values, probabilities, ``E c_i²`` and ``max |c_i|`` of the zero-mean two-point coefficients."""
    p = np.asarray(S.p)
    rad = p == 0.5
    values = np.where(rad[:, None], np.array([-1.0, 1.0]), np.stack([-p, 1 - p], axis=1))
    probs = np.where(rad[:, None], 0.5, np.stack([1 - p, p], axis=1))
    second = np.where(rad, 1.0, p * (1 - p))
    return values, probs, second, np.max(np.abs(values), axis=1)


def _matrix_parts(S: MatrixSeries) -> dict:
    """Dimensions, ``v`` (both sides), ``M``, ``E‖Z‖``, and the tail ``t -> P(‖Z‖ >= t)`` on a grid of
    levels (each outcome norm), with the rounding allowance ``err`` of the computed norms."""
    if S.d:
        # Z = diag(S_j), S_j = (2 Bin(k, 1/2) - k)/sqrt(k) i.i.d.; ||Z|| = max |S_j|
        d, k = S.d, S.k
        i = np.arange(k + 1)
        vals = np.abs(2 * i - k) / math.sqrt(k)
        levels = np.unique(vals)
        pmf = binom.pmf(i, k, 0.5)
        single = np.array([pmf[vals >= r - 1e-12].sum() for r in levels])  # P(|S_j| >= r)
        certain = single >= 1
        tails = np.where(certain, 1.0, -np.expm1(d * np.log1p(-np.where(certain, 0.0, single))))
        steps = np.diff(np.concatenate([[0.0], levels]))
        mean = float(np.sum(steps * tails))
        return dict(n1=d, n2=d, left=1.0, right=1.0, M=1 / math.sqrt(k), mean=mean, levels=levels,
                    tails=tails, err=1e-12 * (1 + mean))
    values, probs, second, cmax = _coefficients(S)
    norms, prob = matrix_series_law(S.A, values, probs)
    left, right = matrix_variance(S.A, second)
    sizes = np.linalg.norm(S.A, ord=2, axis=(1, 2))
    # backward-stable SVD: |computed - exact| <= c (n1 + n2) eps ||Z||, with ||Z|| <= sum |c_i| ||A_i||
    err = 10 * (sum(S.A.shape[1:]) + S.A.shape[0]) * EPS * float(np.sum(cmax * sizes))
    order = np.argsort(-norms)
    levels = norms[order]
    tails = np.cumsum(prob[order])
    # P(||Z|| >= level - 2 err) over-counts the exact tail at (level - err)
    hi_idx = np.searchsorted(-levels, -(levels - 2 * err), side="right") - 1
    return dict(n1=S.A.shape[1], n2=S.A.shape[2], left=left, right=right, M=float(np.max(cmax * sizes)),
                mean=float(np.dot(norms, prob)), levels=levels - err, tails=tails[hi_idx], err=err)


def _matrix_checks(S: MatrixSeries, v_of: str = "max", log_factor: bool = True, prefactor: bool = True
                   ) -> list[Check]:
    P = _matrix_parts(S)
    v = {"max": max, "min": min}[v_of](P["left"], P["right"])
    L = math.log(P["n1"] + P["n2"]) if log_factor else 1.0
    M = P["M"]
    mean_bound = math.sqrt(2 * v * L) + M * L / 3
    t = np.maximum(P["levels"], 0.0)
    dim = (P["n1"] + P["n2"]) if prefactor else 1
    tail_bound = dim * np.exp(-(t * t / 2) / (v + M * t / 3))
    ratio = P["tails"] / np.maximum(tail_bound * (1 + 1e-12) + 1e-12, 1e-300)
    j = int(np.argmax(ratio))
    why = "norm rounding + 1e-12 relative for the float bound"
    return [le(P["mean"], mean_bound, tol=P["err"] + 1e-12 * mean_bound, why=why,
               label="E||Z|| <= sqrt(2 v ln(n1+n2)) + M ln(n1+n2)/3" if log_factor else
               "E||Z|| <= sqrt(2v) + M/3"),
            le(float(P["tails"][j]), float(tail_bound[j]), tol=1e-12 * (1 + float(tail_bound[j])),
               label=f"P(||Z|| >= t) <= {'(n1+n2) ' if prefactor else ''}exp(-(t^2/2)/(v + Mt/3)), "
                     f"worst level t = {float(t[j]):.6g}",
               why="float probabilities and bound, 1e-12")]


MATRIX = Claim(
    id="matrix-bernstein",
    title="Matrix Bernstein inequality (rectangular): expectation and tail",
    statement="X_i independent zero-mean n1 x n2 matrices, ||X_i|| <= M, Z = sum X_i, "
              "v = max(||sum E X_i X_i^T||, ||sum E X_i^T X_i||): E||Z|| <= sqrt(2 v ln(n1+n2)) + M ln(n1+n2)/3 "
              "and P(||Z|| >= t) <= (n1+n2) exp(-(t^2/2)/(v + Mt/3)); checked on series X_i = c_i A_i with "
              "independent zero-mean two-point c_i",
    sources=[Source(ARORA, "§1.1.1, Lemma 1.1.8 (Tropp 2015, Thm 6.1.1)", ("ARORA-8",))],
    kind="numeric",
    area="probability",
    instances=matrix_series(),
    conclusion=_matrix_checks,
    proof_idea="Hermitian dilation reduces to the symmetric case of dimension n1 + n2; the matrix Laplace "
               "transform P(lambda_max(Z) >= t) <= inf_s e^{-st} tr exp(sum log E e^{sX_i}) (Lieb's theorem) "
               "and the scalar Bernstein MGF bound applied to each X_i give the tail; integrating it gives E||Z||.",
    mutants=[
        Mutant("drop-log-factor", "for the diagonal family ||Z|| is the maximum of d nearly Gaussian |S_j|, "
               "about sqrt(2 ln d) > sqrt(2) + M/3",
               conclusion=lambda S: _matrix_checks(S, log_factor=False)[:1]),
        Mutant("drop-dimension", "the same maximum exceeds a single Gaussian tail: P(max_j |S_j| >= 2) is "
               "close to 1 for d in the thousands", conclusion=lambda S: _matrix_checks(S, prefactor=False)[1:]),
        Mutant("one-sided-variance", "for columns A_i = e_i e_1^T, ||sum A_i A_i^T|| = 1 while "
               "||sum A_i^T A_i|| = m = ||Z||^2: the smaller term cannot control ||Z||",
               conclusion=lambda S: _matrix_checks(S, v_of="min")),
    ],
    examples=60,
)
test_matrix_bernstein = MATRIX.test()
