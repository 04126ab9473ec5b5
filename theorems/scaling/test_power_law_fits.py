"""Offset power laws ``L(C) = A C^-α + L∞`` on log-log axes, and the compute needed for a target.

Statement.  With ``x = ln C`` and ``s(x) = A C^-α/(A C^-α + L∞) ∈ (0, 1]``:
``d ln L/dx = -α s`` and ``d² ln L/dx² = α² s (1 - s)``, so ``ln L`` is a straight line in
``x`` iff ``L∞ = 0``, and is otherwise convex.  The least-squares slope of ``ln L`` on ``ln C``
over any grid ``x_1 < … < x_n`` lies in ``[-α s(x_1), -α s(x_n)] ⊂ [-α, 0)``: a fit that ignores
``L∞ > 0`` *under*estimates ``α``; ``ln(L - L∞) = ln A - α ln C`` is exactly linear.  The compute
for a reducible loss ``ε < A`` is ``C(ε) = (A/ε)^{1/α}``: a larger ``α`` needs less compute, and
the ratio between two exponents depends on the target.

Sources.  Zhao, *From Approximation to Emergence*, Def. 17.1, Fig. 17.3, Remark 17.3 (ZHAO-149);
*The Mathematical Structure of ML*, Ch. 24: the scaling-law definition (MSML-13), the fitting code
of C.1, C.6, C.18, C.20 and line 1367 (MSML-206), and the statements MSML-207, -208, -209, -361
audited below.

Proof idea.  Differentiate ``ln(A e^{-αx} + L∞)``: ``ds/dx = -α s (1 - s)``.  The OLS slope is a
positively weighted mean of the secant slopes ``(y_j - y_i)/(x_j - x_i)`` (weights ``(x_j - x_i)²``),
each a mean of the local slope over ``[x_i, x_j]`` (mean value theorem); ``s`` decreases in ``x``.
The second difference over ``[x_1, x_n]`` is ``∫`` of the second derivative against a hat
function of mass ``h²``, so it lies between ``h²`` times the extremes of ``α² s(1-s)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.documents import MSML, ZHAO
from checks.scaling import ols_slope
from checks.strategies.scaling import OffsetLaw, offset_laws

EPS = 2.0 ** -52


def _log_loss(o: OffsetLaw, x: np.ndarray) -> np.ndarray:
    return np.log(o.A * np.exp(-o.alpha * x) + o.L_inf)


def _share(o: OffsetLaw, x: float) -> float:
    a = o.A * math.exp(-o.alpha * x)
    return a / (a + o.L_inf)


def _grid(o: OffsetLaw) -> np.ndarray:
    return np.linspace(o.lo, o.hi, o.n) * math.log(10.0)


def _fit_tol(o: OffsetLaw, y: np.ndarray, x: np.ndarray) -> float:
    # OLS slope = Σ xc (y - ȳ)/Σ xc²: each y carries ~4 eps |y| of rounding, each product ~n eps
    return 8 * o.n * EPS * (1 + float(np.max(np.abs(y)))) / max(float(np.ptp(x)), 1e-300) * o.n


def _second_difference(o: OffsetLaw) -> tuple[float, float, float]:
    x1, xn = o.lo * math.log(10.0), o.hi * math.log(10.0)
    xm, h = (x1 + xn) / 2, (xn - x1) / 2
    f = _log_loss(o, np.array([x1, xm, xn]))
    return float(f[0] - 2 * f[1] + f[2]), h, 8 * EPS * float(np.sum(np.abs(f)) + 1)


def slope_claim(o: OffsetLaw) -> list[Check]:
    x = _grid(o)
    y = _log_loss(o, x)
    slope, tol = ols_slope(x, y), _fit_tol(o, y, x)
    s1, sn = _share(o, x[0]), _share(o, x[-1])
    d2, h, tol2 = _second_difference(o)
    why = "8 n^2 eps (1 + max|ln L|)/span: roundings of ln L and of the OLS sums"
    out = [ge(slope, -o.alpha * s1, tol=tol, label="OLS slope >= -alpha s(x_1) >= -alpha", why=why),
           le(slope, -o.alpha * sn, tol=tol, label="OLS slope <= -alpha s(x_n) < 0", why=why),
           le(d2, o.alpha**2 / 4 * h**2, tol=tol2, label="second difference <= alpha^2/4 h^2",
              why="8 eps sum |ln L|: three roundings"),
           ge(d2, o.alpha**2 * min(s1 * (1 - s1), sn * (1 - sn)) * h**2, tol=tol2,
              label="second difference >= h^2 min alpha^2 s(1-s) (convex unless L_inf = 0)",
              why="8 eps sum |ln L|: three roundings")]
    if o.L_inf > 0:
        direct = np.log(np.exp(y) - o.L_inf)
        cancel = 8 * EPS * float(np.max(np.exp(y) / (np.exp(y) - o.L_inf))) * (1 + float(np.max(np.abs(y))))
        out.append(close(ols_slope(x, direct), -o.alpha, tol=cancel * o.n / max(float(np.ptp(x)), 1e-300) * 8 + tol,
                         label="ln(L - L_inf) is linear with slope -alpha",
                         why="cancellation in L - L_inf: 8 eps L/(L - L_inf) (1 + max|ln L|), times the OLS factor"))
    else:
        out.append(close(slope, -o.alpha, tol=tol, label="L_inf = 0: the log-log fit recovers -alpha", why=why))
    return out


def _slope(o: OffsetLaw) -> float:
    x = _grid(o)
    return ols_slope(x, _log_loss(o, x))


SLOPE = Claim(
    id="offset-power-law-loglog-slope",
    title="Log-log slope of an offset power law: local slope -alpha s, OLS slope underestimates alpha",
    statement="for L = A C^-alpha + L_inf: d ln L/d ln C = -alpha s with s = A C^-alpha/L, d^2 ln L/d(ln C)^2 = "
              "alpha^2 s(1-s); the OLS slope of ln L on ln C over a grid lies in [-alpha s(x_1), -alpha s(x_n)], equals "
              "-alpha iff L_inf = 0, and ln(L - L_inf) is exactly linear with slope -alpha",
    sources=[Source(ZHAO, "Def. 17.1, Fig. 17.3, Remark 17.3", ("ZHAO-149",)),
             Source(MSML, "Ch. 24, scaling-law definition (line 116); fits in C.1, C.6, C.18, C.20, line 1367",
                    ("MSML-13", "MSML-206"))],
    kind="numeric",
    area="scaling",
    instances=offset_laws(),
    conclusion=slope_claim,
    proof_idea="ds/dx = -alpha s(1-s). The OLS slope is a positive mixture of secant slopes, each an average of the "
               "local slope -alpha s, and s decreases; the second difference is h^2 times an average of the "
               "second derivative.",
    mutants=[
        Mutant("slope-is-alpha-for-any-offset", "with L_inf comparable to A C^-alpha the fitted slope is about -alpha/2",
               conclusion=lambda o: close(_slope(o), -o.alpha, tol=_fit_tol(o, _log_loss(o, _grid(o)), _grid(o)),
                                          label="OLS slope = -alpha"),
               instances=offset_laws("half")),
        Mutant("ninety-percent-when-offset-below-a", "where L_inf = A C^-alpha inside the grid, s = 1/2 there",
               conclusion=lambda o: ge(-_slope(o), 0.9 * o.alpha, label="|OLS slope| >= 0.9 alpha when L_inf <= A"),
               instances=offset_laws("half")),
        Mutant("log-log-linear-with-offset", "with L_inf > 0, ln L is strictly convex in ln C",
               conclusion=lambda o: close(_second_difference(o)[0], 0.0, tol=_second_difference(o)[2],
                                          label="second difference of ln L = 0"),
               instances=offset_laws("half")),
    ],
    examples=60,
)
test_offset_power_law_loglog_slope = SLOPE.test()


# --- claim 2: compute needed for a target -------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """``alpha = p/q < alpha2 = p2/q2``; targets ``A/eps = m^p`` and ``m2^p`` so that ``C = m^q`` is an integer."""

    A: Fraction
    p: int
    q: int
    p2: int
    q2: int
    m: int
    m2: int


def targets() -> st.SearchStrategy[Target]:
    def make(A, a, b, m, m2):
        (p, q), (p2, q2) = sorted([a, b], key=lambda t: Fraction(*t))
        return Target(A, p, q, p2, q2, m, m2)

    frac = st.tuples(st.integers(1, 9), st.integers(2, 20)).filter(lambda t: t[0] < t[1])
    return st.builds(make, st.fractions(Fraction(1, 100), 100), frac, frac, st.integers(2, 6),
                     st.integers(2, 6)).filter(lambda t: Fraction(t.p, t.q) != Fraction(t.p2, t.q2) and t.m != t.m2)


def _ratio_power(t: Target, m: int) -> tuple[Fraction, Fraction]:
    """``(C_alpha/C_alpha2)^{p2}`` as ``(numerator, denominator)`` integers: ``m^{q p2}`` vs ``r^{q2}``, ``r = m^p``."""
    return Fraction(m ** (t.q * t.p2)), Fraction(m ** (t.p * t.q2))


def target_claim(t: Target) -> list[Check]:
    C = t.m ** t.q
    eps = t.A / t.m ** t.p
    # L(C) - L_inf = A C^{-p/q} = A m^{-p}: exact because C^{1/q} = m
    big, small = _ratio_power(t, t.m)
    big2, small2 = _ratio_power(t, t.m2)
    root, exact = sp.integer_nthroot(C, t.q)
    return [holds(exact, "C = m^q has the integer q-th root m"),
            equal(t.A / Fraction(int(root)) ** t.p, eps, label="C = (A/eps)^{1/alpha} reaches L - L_inf = eps"),
            ge(big, small, label="C(alpha)^{p2} >= C(alpha2)^{p2}: the smaller exponent needs more compute"),
            holds(big / small != big2 / small2, "the compute ratio (A/eps)^{1/alpha - 1/alpha2} depends on the target",
                  f"{big / small} vs {big2 / small2}")]


TARGET = Claim(
    id="power-law-compute-to-target",
    title="Compute needed to reach a target loss under a power law",
    statement="for L = A C^-alpha + L_inf and a reducible target eps < A: C(eps) = (A/eps)^{1/alpha}; for alpha < alpha2, "
              "C_alpha(eps) > C_alpha2(eps) and C_alpha/C_alpha2 = (A/eps)^{1/alpha - 1/alpha2} depends on eps",
    sources=[Source(MSML, "Ch. 24, Definitions 'Scaling Law' (line 116): E ≈ aC^-alpha + b solved for C",
                    ("MSML-13",))],
    kind="exact",
    area="scaling",
    instances=targets(),
    conclusion=target_claim,
    proof_idea="Solve A C^-alpha = eps. For r = A/eps > 1, r^{1/alpha} decreases in alpha; the ratio of two such "
               "powers is r^{1/alpha - 1/alpha2}, a non-constant function of r.",
    mutants=[
        Mutant("larger-alpha-needs-more", "r^{1/alpha} decreases in alpha for r > 1",
               conclusion=lambda t: le(*_ratio_power(t, t.m), label="C(alpha) <= C(alpha2) for alpha < alpha2")),
        Mutant("ratio-independent-of-target", "r^{1/alpha - 1/alpha2} takes different values at different r",
               conclusion=lambda t: equal(_ratio_power(t, t.m)[0] / _ratio_power(t, t.m)[1],
                                          _ratio_power(t, t.m2)[0] / _ratio_power(t, t.m2)[1],
                                          label="same compute ratio at two targets")),
    ],
    examples=40,
)
test_power_law_compute_to_target = TARGET.test()


# --- audits ---------------------------------------------------------------------------------------

OVERESTIMATE = Claim(
    id="offset-power-law-overestimates-as-printed",
    title="C.1: 'assuming L_inf = 0 causes overestimation of alpha' (as printed)",
    statement="fitting ln L linearly in ln C while ignoring L_inf > 0 overestimates alpha: |slope| >= alpha",
    sources=[Source(MSML, "Ch. 24, C.1 Common Mistakes #3 (line 1367)", ("MSML-208",))],
    kind="numeric",
    area="scaling",
    instances=offset_laws("positive"),
    conclusion=lambda o: ge(-_slope(o), o.alpha, label="|OLS slope| >= alpha"),
    proof_idea="The local slope is -alpha s with s < 1 when L_inf > 0.",
    audit=True,
    corrected="offset-power-law-loglog-slope",
    finding="Reversed: the log-log slope of A C^-alpha + L_inf is -alpha s with s < 1, so ignoring L_inf > 0 "
            "UNDERestimates alpha (e.g. 2C^-0.35 + 0.5 on [1e2, 1e6] fits alpha ≈ 0.056).",
    examples=40,
)
test_offset_power_law_overestimates_as_printed = OVERESTIMATE.test()

MORE_COMPUTE = Claim(
    id="power-law-larger-exponent-costlier-as-printed",
    title="C.1: 'alpha = 0.35 requires ~3x more compute than alpha = 0.30 for the same loss' (as printed)",
    statement="with the same A and L_inf, alpha = 0.35 needs more compute (≈ 3x) than alpha = 0.30 to reach a target",
    sources=[Source(MSML, "Ch. 24, C.1 ML interpretation (line 1365)", ("MSML-207",))],
    kind="exact",
    area="scaling",
    instances=st.builds(Fraction, st.integers(2, 10**6), st.integers(1, 1)),
    # r = A/eps > 1; C(0.35)^21 = r^60 and C(0.30)^21 = r^70
    conclusion=lambda r: ge(r ** 60, r ** 70, label="C(0.35)^21 = r^60 >= C(0.30)^21 = r^70"),
    proof_idea="C(alpha) = (A/eps)^{1/alpha} decreases in alpha when A/eps > 1.",
    audit=True,
    corrected="power-law-compute-to-target",
    finding="Wrong direction: the LARGER exponent needs less compute, C_0.30/C_0.35 = (A/eps)^{1/0.30 - 1/0.35} > 1 "
            "(≈ 3 only at A/eps = 10), and the factor depends on the target.",
    examples=20,
)
test_power_law_larger_exponent_costlier_as_printed = MORE_COMPUTE.test()


@dataclass(frozen=True)
class PureLaw:
    A: float
    alpha: float
    lo: float
    hi: float


AFFINE = Claim(
    id="power-law-affine-in-log-as-printed",
    title="C.6: 'expected test loss is roughly alpha log10 C + const' (as printed)",
    statement="for a power law L = A C^-alpha the loss changes by alpha (log10 C2 - log10 C1) between two budgets",
    sources=[Source(MSML, "Ch. 24, C.6 ML interpretation (line 1395)", ("MSML-209",))],
    kind="numeric",
    area="scaling",
    instances=st.builds(lambda A, a, lo, w: PureLaw(A, a, lo, lo + w), st.floats(1e-2, 1e2), st.floats(0.05, 1.0),
                        st.floats(0, 6), st.floats(0.5, 6)),
    conclusion=lambda o: close(o.A * 10 ** (-o.alpha * o.hi) - o.A * 10 ** (-o.alpha * o.lo),
                               o.alpha * (o.hi - o.lo), tol=o.alpha * (o.hi - o.lo) / 2,
                               label="L(C2) - L(C1) ≈ alpha (log10 C2 - log10 C1)",
                               why="generous reading of '≈': half the claimed change"),
    proof_idea="L decreases in C while alpha log10 C increases; the linear relation holds for ln L with slope -alpha.",
    audit=True,
    corrected="offset-power-law-loglog-slope",
    finding="Wrong sign and wrong form: for L = A C^-alpha, ln L = ln A - alpha ln C is linear in ln C; the loss itself "
            "decreases and is not affine in log C.",
    examples=20,
)
test_power_law_affine_in_log_as_printed = AFFINE.test()

# App. D rows: error e1 -> e2 (percent) with the compute multiplier printed as the range [lo, hi]
TABLE = ((8, 5, 5, 10), (5, 2, 100, 1000), (2, 1, 10**4, 10**5), (1, Fraction(1, 10), 10**5, 10**6))


def _table(alpha: Fraction) -> list[Check]:
    # multiplier (e1/e2)^{1/alpha} in [lo, hi]  <=>  lo^p <= (e1/e2)^q <= hi^p  for alpha = p/q
    p, q = alpha.numerator, alpha.denominator
    out = []
    for e1, e2, lo, hi in TABLE:
        r = Fraction(e1) / Fraction(e2)
        out += [ge(r ** q, Fraction(lo) ** p, label=f"{e1}% -> {e2}%: multiplier >= {lo}"),
                le(r ** q, Fraction(hi) ** p, label=f"{e1}% -> {e2}%: multiplier <= {hi}")]
    return out


MULTIPLIERS = Claim(
    id="power-law-multiplier-table-as-printed",
    title="App. D: 'compute scaling for practical targets' table (as printed)",
    statement="under error ∝ C^-alpha, the multipliers 5-10x (8%->5%), 100-1000x (5%->2%), 1e4-1e5x (2%->1%) and "
              "1e5-1e6x (1%->0.1%) hold for one alpha in the document's range [0.07, 0.35]",
    sources=[Source(MSML, "Ch. 24, App. D (lines 2054-2060)", ("MSML-361",))],
    kind="exact",
    area="scaling",
    instances=st.builds(Fraction, st.integers(7, 35), st.just(100)),
    conclusion=_table,
    proof_idea="The multiplier from e1 to e2 is (e1/e2)^{1/alpha}; each row pins alpha to an interval.",
    audit=True,
    corrected="power-law-compute-to-target",
    finding="No single exponent fits: the rows need alpha in [0.204, 0.292], [0.133, 0.199], [0.060, 0.075] and "
            "[0.167, 0.200]; rows 1 and 2 are already disjoint (1.6^2 = 2.56 > 2.5).",
    examples=30,
)
test_power_law_multiplier_table_as_printed = MULTIPLIERS.test()
