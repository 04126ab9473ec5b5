"""Sauer–Shelah lemma (with Pajor's strengthening) and its Rademacher corollary via Massart.

Statement.  Let ``H`` be a class of ``{0,1}``-valued functions with VC dimension ``d``.
- Pajor: on every finite set ``T``, ``|H|_T|`` is at most the number of subsets of ``T`` shattered by
  ``H``, which is at most ``Φ_d(|T|) = Σ_{i<=d} C(|T|, i)`` (a shattered set has at most ``d`` points).
- Sauer–Shelah: the growth function satisfies ``Π_H(m) <= Φ_d(m)`` for every ``m``; equality holds
  for the Hamming ball ``{h : |h| <= d}`` (and for thresholds, ``d = 1``, and intervals, ``d = 2``).
- ``Φ_d(m) <= (e m / d)^d`` for ``m >= d >= 1``.
- Massart: for a finite ``A ⊂ R^n``, ``E_σ max_{a∈A} (1/n) Σ σ_i a_i <= max‖a‖₂ √(2 ln|A|) / n``.
- Hence, for a ``±1`` class on a sample of ``n >= d >= 1`` points,
  ``R̂_S(H) <= √(2 ln Π_H(n) / n) <= √(2 d ln(e n / d) / n)``.

Sources.  Zhao, *From Approximation to Emergence*, Lemma 7.9 (ZHAO-54; the text states the
exponential form "when N > k", it holds for N >= k); Teng, Wang, Zhang, *Theoretical Machine
Learning*, §7.4 (TENG-40: the Massart + Sauer–Shelah link, implicit in the text);
*The Mathematical Structure of Machine Learning*, Ch. 24, App. A (MSML-340: "VC(H) upper-bounds R").

Proof idea.  Pajor by induction on a point ``x``: split ``H`` into ``H_0 = H|_{X∖x}`` and
``H_1 = {h ∈ H_0 : h and h ∪ {x} both in H}``; ``|H| = |H_0| + |H_1|``, and every set shattered by
``H_1`` stays shattered with ``x`` added.  Counting shattered sets of size ``<= d`` gives Sauer–Shelah.
For ``m >= d``: ``Φ_d(m) (d/m)^d <= Σ_i C(m,i) (d/m)^i <= (1 + d/m)^m <= e^d``.  Massart: bound the
moment generating function of each ``⟨σ, a⟩`` by ``e^{λ²‖a‖²/2}`` (Hoeffding), take a union
over ``A`` inside a logarithm, optimize ``λ``.  For a ``±1`` class, ``‖a‖₂ = √n`` and
``|A| = |H_S| <= Π_H(n) <= (en/d)^d``.

All comparisons are exact: integers and fractions, with ``e``, ``ln`` and ``√`` enclosed between
rationals about ``10^-30`` apart (an undecided comparison is an error, never a verdict).
"""

from __future__ import annotations

from fractions import Fraction
from math import comb

from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, le
from checks.combinatorics import (E_BOUNDS, ConceptClass, binomial_tail, expected_max_correlation,
                                  growth_function, log_bounds, rademacher_complexity, shattered_below,
                                  sqrt_bounds, trace_sizes, vc_dimension)
from checks.documents import MSML, TENG, ZHAO
from checks.strategies.concept_classes import VectorSet, concept_classes, random_classes, vector_sets


# --- exact decisions against enclosed irrational bounds ---------------------------------------------

def _outward(lo: Fraction, hi: Fraction, digits: int = 30) -> tuple[Fraction, Fraction]:
    """Round an enclosure outward to about ``digits`` significant digits (readable, still rigorous)."""
    def scale(x: Fraction) -> int:  # 10^k with x · 10^k about 10^digits (exponent from bit lengths)
        if x == 0:
            return 10**digits
        exponent = (abs(x.numerator).bit_length() - x.denominator.bit_length()) * 3 // 10
        return 10 ** max(0, digits - exponent)
    s = max(scale(lo), scale(hi))
    return Fraction((lo * s).__floor__(), s), Fraction(-((-hi * s).__floor__()), s)


def le_enclosed(lhs: Fraction | int, bounds: tuple[Fraction, Fraction], label: str) -> Check:
    """``lhs <= x`` for a real ``x`` known to lie in ``[lo, hi]``: decided against ``lo`` when it holds
    and against ``hi`` when it fails; an enclosure too wide to decide raises."""
    lo, hi = _outward(*bounds)
    if lhs <= lo:
        return le(lhs, lo, label=label)
    if lhs > hi:
        return le(lhs, hi, label=label)
    raise ValueError(f"{label}: enclosure [{float(lo)}, {float(hi)}] too wide to compare with {lhs}")


def _sqrt_enclosure(lo: Fraction, hi: Fraction) -> tuple[Fraction, Fraction]:
    """Enclose ``√x`` for ``x ∈ [lo, hi]``, ``x >= 0`` known (a slightly negative ``lo`` is clipped)."""
    return sqrt_bounds(max(lo, Fraction(0)))[0], sqrt_bounds(max(hi, Fraction(0)))[1]


def _e_power(base: Fraction, d: int) -> tuple[Fraction, Fraction]:
    """Enclose ``(e · base)^d`` for rational ``base >= 0``."""
    return (E_BOUNDS[0] * base) ** d, (E_BOUNDS[1] * base) ** d


def _log_ratio_plus(n: int, d: int, plus_one: bool) -> tuple[Fraction, Fraction]:
    """Enclose ``ln(e n / d)`` (``plus_one``) or ``ln(n / d)``, for ``n >= d >= 1``."""
    if n == d:
        base = (Fraction(0), Fraction(0))
    else:
        (nl, nh), (dl, dh) = log_bounds(n), log_bounds(d)
        base = (nl - dh, nh - dl)
    return (base[0] + 1, base[1] + 1) if plus_one else base


POSITIVE_VC = concept_classes().filter(lambda H: len(H) >= 2)
"""Classes of VC dimension >= 1 (two distinct concepts differ on a point, which they shatter)."""


# --- claim 1: Pajor -------------------------------------------------------------------------------

def _points(T: int) -> str:
    return "{" + ",".join(str(i) for i in range(T.bit_length()) if T >> i & 1) + "}"


def _worst_set(H: ConceptClass, num, den) -> int:
    """The subset ``T`` (bitmask) maximizing ``num(T) / den(T)``."""
    return max(range(1 << H.n), key=lambda T: Fraction(num(T), den(T)))


def pajor(H: ConceptClass) -> list[Check]:
    d, sizes, below = vc_dimension(H), trace_sizes(H), shattered_below(H)
    t1 = _worst_set(H, lambda T: sizes[T], lambda T: below[T])
    t2 = _worst_set(H, lambda T: below[T], lambda T: binomial_tail(d, T.bit_count()))
    return [le(sizes[t1], below[t1], label=f"|H|_T| <= #shattered subsets of T, worst T = {_points(t1)}"),
            le(below[t2], binomial_tail(d, t2.bit_count()),
               label=f"#shattered subsets of T <= Phi_d(|T|), d = {d}, worst T = {_points(t2)}")]


def pajor_sum_below_d(H: ConceptClass) -> Check:
    d, full = vc_dimension(H), (1 << H.n) - 1
    return le(shattered_below(H)[full], sum(comb(H.n, i) for i in range(d)),
              label=f"#shattered sets <= sum_(i<d) C(n, i), d = {d}")


def pajor_two_to_d(H: ConceptClass) -> Check:
    d = vc_dimension(H)
    return le(len(H), 2**d, label=f"|H| <= 2^d, d = {d}")


def pajor_reversed(H: ConceptClass) -> Check:
    full = (1 << H.n) - 1
    return le(shattered_below(H)[full], len(H), label="#shattered sets <= |H|")


PAJOR = Claim(
    id="pajor-shattered-sets",
    title="Pajor's lemma: a class has at most as many patterns as shattered sets",
    statement="for every finite T: |H|_T| <= #{S subset of T : H shatters S} <= sum_{i<=d} C(|T|, i), "
              "d = VCdim(H)",
    sources=[Source(ZHAO, "Lemma 7.9 (Sauer-Shelah), stronger Pajor form", ("ZHAO-54",))],
    kind="exact",
    area="generalization",
    instances=concept_classes(),
    conclusion=pajor,
    proof_idea="Induct on a point x: |H| = |H restricted to X-x| + |pairs {h, h+x} in H|, and a set "
               "shattered by the pair class is shattered with x added; shattered sets have <= d points.",
    mutants=[
        Mutant("sum-below-d", "the Hamming ball of radius d has exactly sum_{i<=d} C(n,i) shattered sets, "
               "more than sum_{i<d}; d >= 1 so that the sum is not empty", conclusion=pajor_sum_below_d,
               instances=POSITIVE_VC),
        Mutant("two-to-the-d", "thresholds on n >= 2 points have VC dimension 1 but n + 1 > 2 concepts",
               conclusion=pajor_two_to_d),
        Mutant("reversed", "H = {empty set, X} on n >= 2 points shatters the n + 1 sets of size <= 1 with "
               "only 2 concepts; searched on random classes (the structured families are extremal, "
               "with equality)", conclusion=pajor_reversed, instances=random_classes()),
    ],
    examples=300,
)
test_pajor_shattered_sets = PAJOR.test()


# --- claim 2: Sauer–Shelah for the growth function ------------------------------------------------

def _worst_m(H: ConceptClass, bound) -> tuple[int, int, int]:
    """The ``m in 1..n`` maximizing ``Π_H(m) / bound(m)`` (a positive bound), with both sides."""
    growth = growth_function(H)
    m = max(range(1, H.n + 1), key=lambda k: Fraction(growth[k], bound(k)))
    return m, growth[m], bound(m)


def sauer_shelah(H: ConceptClass) -> Check:
    d = vc_dimension(H)
    m, pi, phi = _worst_m(H, lambda k: binomial_tail(d, k))
    return le(pi, phi, label=f"Pi_H(m) <= sum_(i<=d) C(m, i), d = {d}, worst m = {m}")


def sauer_sum_below_d(H: ConceptClass) -> Check:
    d = vc_dimension(H)
    m, pi, phi = _worst_m(H, lambda k: sum(comb(k, i) for i in range(d)))
    return le(pi, phi, label=f"Pi_H(m) <= sum_(i<d) C(m, i), d = {d}, worst m = {m}")


def sauer_m_to_d(H: ConceptClass) -> Check:
    d = vc_dimension(H)
    m, pi, bound = _worst_m(H, lambda k: k**d)
    return le(pi, bound, label=f"Pi_H(m) <= m^d, d = {d}, worst m = {m}")


def sauer_vc_minus_one(H: ConceptClass) -> list[Check]:
    """``Π_H(m) <= (e m / (d-1))^(d-1)`` for ``m >= d - 1``, on classes with ``d >= 2``."""
    d, growth = vc_dimension(H), growth_function(H)
    return [le_enclosed(growth[m], _e_power(Fraction(m, d - 1), d - 1),
                        label=f"Pi_H(m) <= (e m/(d-1))^(d-1), d = {d}, m = {m}")
            for m in range(d - 1, H.n + 1)]


SAUER = Claim(
    id="sauer-shelah",
    title="Sauer–Shelah lemma for the growth function",
    statement="Pi_H(m) <= sum_{i<=d} C(m, i) for every m, where d = VCdim(H) and "
              "Pi_H(m) = max over m-point sets T of |H|_T|",
    sources=[Source(ZHAO, "Lemma 7.9", ("ZHAO-54",)),
             Source(TENG, "§7.4 (Rademacher complexity vs VC dimension, implicit)", ("TENG-40",)),
             Source(MSML, "App. A, VC(H) upper-bounds R; App. B Defs 3.1, 3.3", ("MSML-340",))],
    kind="exact",
    area="generalization",
    instances=concept_classes(),
    conclusion=sauer_shelah,
    proof_idea="Apply Pajor's lemma to the trace of H on an m-point set T: the trace has VC dimension "
               "<= d, so it has at most as many patterns as subsets of T of size <= d.",
    mutants=[
        Mutant("sum-below-d", "the Hamming ball of radius d (or intervals, d = 2) attains "
               "sum_{i<=d} C(m,i), which exceeds sum_{i<d}; d >= 1 so that the sum is not empty",
               conclusion=sauer_sum_below_d, instances=POSITIVE_VC),
        Mutant("m-to-the-d", "thresholds (d = 1) realize m + 1 > m^1 patterns on m points",
               conclusion=sauer_m_to_d),
        Mutant("vc-minus-one", "with d - 1 in place of d the exponential form fails on Hamming balls: "
               "d = 2, m = 4 gives 11 > 4e", conclusion=sauer_vc_minus_one,
               instances=concept_classes().filter(lambda H: vc_dimension(H) >= 2)),
    ],
    examples=300,
)
test_sauer_shelah = SAUER.test()


# --- claim 3: the exponential form ----------------------------------------------------------------

def tail_pairs(max_m: int = 60, require_m_ge_d: bool = True) -> st.SearchStrategy[tuple[int, int]]:
    """Pairs ``(d, m)``, ``1 <= d <= m <= max_m`` (or any ``d, m >= 1``), small ones (the worst ratios,
    at ``m = d``, small ``d``) drawn often."""
    def pairs(top: int) -> st.SearchStrategy[tuple[int, int]]:
        return st.tuples(st.integers(1, top), st.integers(1, top))
    drawn = st.one_of(pairs(4), pairs(max_m))
    if require_m_ge_d:
        return drawn.map(lambda p: (min(p), max(p)))
    return drawn


def exponential_form(pair: tuple[int, int]) -> Check:
    d, m = pair
    return le_enclosed(binomial_tail(d, m), _e_power(Fraction(m, d), d),
                       label=f"sum_(i<=d) C(m, i) <= (e m/d)^d, d = {d}, m = {m}")


def exponential_no_e(pair: tuple[int, int]) -> Check:
    d, m = pair
    return le(binomial_tail(d, m), Fraction(m, d) ** d,
              label=f"sum_(i<=d) C(m, i) <= (m/d)^d, d = {d}, m = {m}")


EXPONENTIAL = Claim(
    id="sauer-shelah-exponential",
    title="Binomial tail bound (e m/d)^d",
    statement="sum_{i<=d} C(m, i) <= (e m / d)^d for all integers m >= d >= 1",
    sources=[Source(ZHAO, "Lemma 7.9, second part (stated for N > k; holds for N >= k)", ("ZHAO-54",)),
             Source(TENG, "§7.4 (Massart + Sauer-Shelah, implicit)", ("TENG-40",)),
             Source(MSML, "App. A (Pi_H(n) <= (en/d)^d)", ("MSML-340",))],
    kind="exact",
    area="generalization",
    instances=tail_pairs(),
    conclusion=exponential_form,
    proof_idea="For m >= d, (d/m)^d sum_{i<=d} C(m,i) <= sum_i C(m,i) (d/m)^i = (1 + d/m)^m <= e^d.",
    mutants=[
        Mutant("no-e", "at m = d the tail is 2^d > (d/d)^d = 1", conclusion=exponential_no_e),
        Mutant("drop-m-ge-d", "for m < d the tail is 2^m while (e m/d)^d is tiny: m = 1, d = 2 gives "
               "2 > e^2/4", instances=tail_pairs(require_m_ge_d=False)),
    ],
    examples=200,
)
test_sauer_shelah_exponential = EXPONENTIAL.test()


# --- claim 4: Massart's finite-class lemma --------------------------------------------------------

def _massart_bound(A: VectorSet, factor: int) -> tuple[Fraction, Fraction]:
    """Enclose ``max‖a‖₂ √(factor · ln|A|) / n``."""
    r2 = max(sum(v * v for v in a) for a in A.vectors)
    lo, hi = log_bounds(len(A.vectors))
    s_lo, s_hi = _sqrt_enclosure(factor * r2 * lo, factor * r2 * hi)
    return s_lo / A.n, s_hi / A.n


def massart(A: VectorSet, factor: int = 2) -> Check:
    return le_enclosed(expected_max_correlation(A.vectors), _massart_bound(A, factor),
                       label=f"E max_a (1/n)<sigma, a> <= max||a|| sqrt({factor} ln|A|)/n")


MASSART = Claim(
    id="massart-finite-class",
    title="Massart's finite-class lemma",
    statement="for a finite A in R^n: E_sigma max_{a in A} (1/n) sum_i sigma_i a_i <= "
              "max_a ||a||_2 sqrt(2 ln |A|) / n",
    sources=[Source(TENG, "§7.4 (Massart's lemma, the link to VC dimension)", ("TENG-40",)),
             Source(MSML, "App. A (Massart's finite-class lemma behind VC(H) upper-bounds R)",
                    ("MSML-340",))],
    kind="exact",
    area="generalization",
    instances=vector_sets(),
    conclusion=massart,
    proof_idea="exp(l E max <sigma,a>) <= E sum_a exp(l <sigma,a>) <= |A| exp(l^2 r^2 / 2) by Jensen and "
               "Hoeffding; take logs and choose l = sqrt(2 ln|A|)/r.",
    mutants=[Mutant("no-factor-2", "on the cube {+-1}^n the left side is 1 while max||a|| sqrt(ln|A|)/n "
                    "= sqrt(ln 2) < 1", conclusion=lambda A: massart(A, factor=1))],
    examples=300,
)
test_massart_finite_class = MASSART.test()


# --- claim 5: Rademacher complexity of a VC class -------------------------------------------------

def _rademacher_bound(d: int, n: int, log_en_over_d: bool = True) -> tuple[Fraction, Fraction]:
    """Enclose ``√(2 d ln(e n / d) / n)`` (or with ``ln(n / d)``)."""
    lo, hi = _log_ratio_plus(n, d, log_en_over_d)
    return _sqrt_enclosure(Fraction(2 * d, n) * lo, Fraction(2 * d, n) * hi)


def _massart_for_class(H: ConceptClass, factor: int) -> tuple[Fraction, Fraction]:
    lo, hi = log_bounds(len(H))
    return _sqrt_enclosure(Fraction(factor, H.n) * lo, Fraction(factor, H.n) * hi)


def vc_rademacher(H: ConceptClass) -> list[Check]:
    d, rad = vc_dimension(H), rademacher_complexity(H)
    return [le_enclosed(rad, _massart_for_class(H, 2), label="R_S(H) <= sqrt(2 ln Pi_H(n) / n)"),
            le_enclosed(rad, _rademacher_bound(d, H.n),
                        label=f"R_S(H) <= sqrt(2 d ln(e n/d) / n), d = {d}, n = {H.n}")]


def vc_rademacher_log_n_over_d(H: ConceptClass) -> Check:
    d = vc_dimension(H)
    return le_enclosed(rademacher_complexity(H), _rademacher_bound(d, H.n, log_en_over_d=False),
                       label=f"R_S(H) <= sqrt(2 d ln(n/d) / n), d = {d}, n = {H.n}")


def vc_rademacher_no_factor_2(H: ConceptClass) -> Check:
    return le_enclosed(rademacher_complexity(H), _massart_for_class(H, 1),
                       label="R_S(H) <= sqrt(ln Pi_H(n) / n)")


RADEMACHER = Claim(
    id="vc-rademacher-bound",
    title="Rademacher complexity of a class of VC dimension d",
    statement="for a +-1 class H on a sample S of n >= d >= 1 points: "
              "R_S(H) <= sqrt(2 ln Pi_H(n) / n) <= sqrt(2 d ln(e n / d) / n)",
    sources=[Source(TENG, "§7.4 (Massart + Sauer-Shelah; the link is never stated)", ("TENG-40",)),
             Source(MSML, "App. A, VC(H) upper-bounds R; App. B Defs 3.1, 3.3", ("MSML-340",))],
    kind="exact",
    area="generalization",
    instances=POSITIVE_VC,
    conclusion=vc_rademacher,
    proof_idea="Massart with A = the pattern vectors of H on S (||a|| = sqrt n, |A| = |H_S| <= Pi_H(n)), "
               "then Sauer-Shelah and sum_{i<=d} C(n,i) <= (en/d)^d.",
    mutants=[
        Mutant("log-n-over-d", "with ln(n/d) the bound is 0 at n = d, while a class shattering its n points "
               "has R_S = 1", conclusion=vc_rademacher_log_n_over_d),
        Mutant("no-factor-2", "the full class {+-1}^n has R_S = 1 > sqrt(ln 2^n / n) = sqrt(ln 2)",
               conclusion=vc_rademacher_no_factor_2),
    ],
    examples=300,
)
test_vc_rademacher_bound = RADEMACHER.test()
