"""Uniform convergence can be vacuous while the test error is small (Nagarajan–Kolter).

Statement.  Data ``y = ±1`` uniform, ``x = (y u, x_2)`` with ``u ∈ R^K``, ``x_2 ~ N(0, I_D/D)``, and
``c = m‖u‖²``.
- ``w* = (u/‖u‖², 0)`` has ``w*·x = y`` on every point; one gradient step from 0 on
  ``Σ_i y_i⟨w, x_i⟩`` gives ``w_S = Σ_i y_i x_i = (m u, v)`` with ``‖v‖² D/m ~ χ²_D`` (so ``‖v‖² ≈ m``
  and ``‖w_S‖² = c m + ‖v‖² ≈ 2m`` for ``c = 1``).
- Test error: ``E_S err(w_S) = P(A - B > 2cD/√m)`` exactly, for independent ``A, B ~ χ²_D`` (the
  margin noise is a sum of ``D`` products of independent normals); for ``c = 1`` and
  ``5 <= m <= 100``, ``D = ⌈2m ln(1/δ)⌉`` gives error ``<= δ`` for ``δ ∈ [10^-8, 1/2]``.
- Vacuous uniform convergence: for ``0 < c < 1``, the output ``w_flip`` of the same algorithm on the
  flipped sample (``x_2`` negated; the same law as ``S``) has the test error of ``w_S`` but
  misclassifies each training point of ``S`` with probability ``>= 1 - η(c, m, D)``, so every class
  holding the algorithm's outputs on typical samples has ``sup_h |L_D(h) - L̂_S(h)| >= 1 - η - τ``
  with ``τ`` the expected test error; in the regime drawn here ``η + τ <= 1/10``.

Audits.  Arora et al.'s parameter choice ``D ≈ m√(log(1/δ))`` with ``‖u‖² = 1/m`` does not give test
error ``<= δ`` (0.0715 at ``δ = 0.01``); and the proof step "``|(w_S - w_flip)·x_i| >= 2`` so the
signs differ on every training point" ignores the cross terms (with ``c = 1`` the signs differ on
about half of the points).

Sources.  Teng, Wang, Zhang, §9.3 (TENG-49; their constants are ``c = 4/32 = 1/8`` after rescaling);
Arora et al., *Theory of Deep Learning*, §5.4.1: eqs. (5.5)-(5.7) (ARORA-63), the test-accuracy
paragraph (ARORA-64), Claim 5.4.1 and proof (ARORA-65).  Primary: Nagarajan and Kolter (2019).

Proof idea.  Given ``S`` the fresh margin is ``c + N(0, ‖v‖²/D)``; mixing over the χ² law of ``‖v‖²``
gives a variance mixture of normals, equal to the law of ``(√m/D) Σ g_i h_i = (√m/(2D))(A - B)``.  For ``w_flip`` the training margin is ``c - ‖x_{2,i}‖² - cross``: the squared
norm concentrates at 1 > c and the cross term has variance ``≈ (m - 1)/D`` (bounds in
:mod:`checks.nagarajan_kolter`).

Statistical checks use exact binomial tests (:func:`checks.stats.rate_le`) at the per-instance level
``ALPHA = 10^-6`` on events with independent trials (one training set each); the test-error formula is
computed by quadrature in two independent representations, with the quadratures' own error estimates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from scipy import stats as sps

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, le
from checks.documents import ARORA, TENG
from checks.linalg import EPS
from checks.nagarajan_kolter import (draw_sample, expected_test_error, expected_test_error_mixture,
                                     flip_correct_bound, gd_step, margins, signal_vector)
from checks.stats import rate_le

NAGARAJAN_KOLTER = "Nagarajan and Kolter, Uniform convergence may be unable to explain generalization (2019)"
SEEDS = st.integers(0, 2**32 - 1)


@dataclass(frozen=True)
class Setup:
    """``m`` points, noise dimension ``D``, signal dimension ``K``, ``c = m‖u‖²``, ``trials``
    independent training sets drawn from ``seed``."""

    m: int
    D: int
    K: int
    c: float
    trials: int
    seed: int


# --- claim 1: the ideal classifier, the GD output and its norm -----------------------------------------

@st.composite
def norm_setups(draw: st.DrawFn) -> Setup:
    m = draw(st.integers(2, 20))
    D = m * draw(st.sampled_from([1, 10, 20]))
    return Setup(m, D, draw(st.integers(1, 4)), 1.0, 200, draw(SEEDS))


def _norm_checks(s: Setup, band_scale) -> list[Check]:
    rng = np.random.default_rng(s.seed)
    u = signal_vector(s.m, s.K, s.c)
    lo, hi = sps.chi2(s.D).ppf(0.05), sps.chi2(s.D).isf(0.05)
    outside, drift = 0, 0.0
    for _ in range(s.trials):
        S = draw_sample(s.m, s.D, u, rng)
        w1, w2 = gd_step(S.X1, S.y), gd_step(S.X2, S.y)
        v2 = float(w2 @ w2)
        a, b = band_scale(s.m, s.D)
        outside += not (lo * a <= v2 <= hi * b)
        drift = max(drift, float(np.max(np.abs(w1 - s.m * u))))
    first = s.m * s.m * EPS * math.sqrt(s.c / s.m)  # a sum of m terms of size <= m||u||, each rounded
    return [close(drift, 0.0, tol=first, label="first block of w_S = m u", why="m^2 eps ||u||"),
            rate_le(outside, s.trials, 0.1, label="P(||v||^2 outside (m/D)[chi2_D 5%, 95%]) <= 0.1")]


def gd_output(s: Setup) -> list[Check]:
    rng = np.random.default_rng(s.seed)
    u = [Fraction(int(v) or 1, 7) for v in rng.integers(-5, 6, s.K)]
    uu = sum(a * a for a in u)
    ideal = []
    for _ in range(4):
        y = int(rng.choice([-1, 1]))
        ideal.append(equal(sum(a * y * a for a in u) / uu, y, label="w*.x = y (w* = (u/||u||^2, 0), any x_2)"))
    return ideal + _norm_checks(s, lambda m, D: (m / D, m / D))


def unit_u_margin(s: Setup) -> list[Check]:
    rng = np.random.default_rng(s.seed)
    r = Fraction(1 + s.seed % 5, 3)  # ||u|| = r, rational and != 1
    r = Fraction(2) if r == 1 else r
    unit = [Fraction(3, 5), Fraction(4, 5)] + [Fraction(0)] * (s.K - 2) if s.K > 1 else [Fraction(1)]
    u = [r * a for a in unit]
    y = int(rng.choice([-1, 1]))
    return [equal(sum(a * y * a for a in u) / r, y, label="(u/||u||, 0).x = y")]


GD = Claim(
    id="nk-gd-output-norm",
    title="N–K construction: the ideal classifier, one GD step and the norm of its noise part",
    statement="w* = (u/||u||^2, 0) has w*.x = y on every point; one GD step from 0 on sum_i y_i <w, x_i> gives "
              "w_S = (m u, v) with v = sum_i y_i x_2i, ||v||^2 D/m ~ chi2_D (so ||v||^2 ~ m, ||w_S||^2 ~ 2m when m||u||^2 = 1)",
    sources=[Source(ARORA, "§5.4.1, eqs. (5.5), (5.7) and the norm computation", ("ARORA-63",))],
    kind="statistical",
    area="generalization",
    instances=norm_setups(),
    conclusion=gd_output,
    proof_idea="y_i x_1i = u, so the first block sums to m u; v is a sum of m independent N(0, I/D) vectors "
               "(the signs y_i do not change their law), i.e. N(0, (m/D) I), and ||v||^2 D/m is chi-square with D "
               "degrees of freedom.  The event outside the central 90% band has probability exactly 0.1; it is "
               "tested with an exact binomial test at level 1e-6 over 200 independent training sets.",
    mutants=[
        Mutant("noise-norm-m-squared", "||v||^2 concentrates at m, not m^2 (sqrt(m) scaling of a sum of m "
               "independent vectors)", conclusion=lambda s: _norm_checks(s, lambda m, D: (m * m / D, m * m / D))),
        Mutant("margin-with-unit-u", "(u/||u||, 0).x = ||u|| y, which is y only when ||u|| = 1",
               conclusion=unit_u_margin),
    ],
    examples=12,
)
test_nk_gd_output_norm = GD.test()


# --- claim 2: the exact expected test error; D >= 2 m ln(1/delta) suffices ------ -----------------------

@dataclass(frozen=True)
class Level:
    """``m`` points and a level ``δ = 10^-e`` or ``1/2``."""

    m: int
    delta: float

    @property
    def L(self) -> float:
        return math.log(1 / self.delta)


def levels(m_lo: int = 5) -> st.SearchStrategy[Level]:
    return st.builds(Level, st.integers(m_lo, 100),
                     st.sampled_from([0.5, 0.2, 0.1, 0.05, 0.01, 1e-3, 1e-4, 1e-6, 1e-8]))


def _error_at(lv: Level, D: int) -> list[Check]:
    mix, e1 = expected_test_error_mixture(1.0, lv.m, D)
    val, e2 = expected_test_error(1.0, lv.m, D)
    # quad's error estimates are heuristic at the 1e-22 level: add the requested relative accuracy 1e-10 of each
    return [close(mix, val, tol=e1 + e2 + 2e-10 * val,
                  label="E_S Phi(-sqrt(D)/||v||) (mixture over chi2_D) = P(A - B > 2D/sqrt(m))",
                  why="both quadrature error estimates + their requested relative accuracy 2 x 1e-10 |value|"),
            le(val, lv.delta, tol=e2 + 1e-10 * val, label=f"E_S err(w_S) <= delta at D = {D}",
               why="quadrature error estimate + requested relative accuracy")]


def student_tail(lv: Level) -> list[Check]:
    return _error_at(lv, math.ceil(2 * lv.m * lv.L))


TEST_ERROR = Claim(
    id="nk-test-error-exact",
    title="N–K test error: E_S err(w_S) = P(A − B > 2D/√m); D >= 2m ln(1/δ) gives error <= δ",
    statement="with m||u||^2 = 1: the expected test error of w_S equals E Phi(-sqrt(D)/||v||) = P(A - B > 2D/sqrt(m)) "
              "for independent A, B ~ chi2_D, and D = ceil(2 m ln(1/delta)) gives error <= delta for 5 <= m <= 100, "
              "1e-8 <= delta <= 1/2",
    sources=[Source(ARORA, "§5.4.1, test-accuracy paragraph after (5.6)-(5.7) (corrected dimension)", ("ARORA-64",)),
             Source(NAGARAJAN_KOLTER, "§3, the linear example")],
    kind="numeric",
    area="generalization",
    instances=levels(),
    conclusion=student_tail,
    proof_idea="Given S the fresh margin is 1 + N(0, ||v||^2/D) with ||v||^2 = (m/D) chi2_D; unconditionally the "
               "noise is (sqrt(m)/D) sum_i g_i h_i = (sqrt(m)/(2D))(A - B).  Its standard deviation is sqrt(m/D), so "
               "D = 2 m L puts the threshold at sqrt(2L) standard deviations, and Phi(-sqrt(2L)) <= "
               "delta/(2 sqrt(pi L)) leaves room for the heavier-than-Gaussian tail when m >= 5 (at m = 1, "
               "delta = 1e-6 the error is 1.6 delta).",
    mutants=[
        Mutant("dimension-m-log", "D = m ln(1/delta) puts the threshold at sqrt(ln(1/delta)), whose Gaussian tail "
               "exceeds delta for small delta (0.016 at delta = 0.01)",
               conclusion=lambda lv: _error_at(lv, math.ceil(lv.m * lv.L))),
        Mutant("dimension-free", "with D = m the margin noise has the size of the signal: error P(T_m > 1) >= 0.16",
               conclusion=lambda lv: _error_at(lv, lv.m)),
    ],
    examples=40,
)
test_nk_test_error_exact = TEST_ERROR.test()


def printed_dimension(lv: Level) -> list[Check]:
    D = math.ceil(lv.m * math.sqrt(lv.L))
    val, err = expected_test_error(1.0, lv.m, D)
    return [le(math.sqrt(lv.m * lv.L / D), 1.0, label="printed condition sqrt(m log(1/delta)/D) < m||u||^2 = 1"),
            le(val, lv.delta, tol=err + 1e-10 * val, label=f"E_S err(w_S) <= delta at D = m sqrt(ln 1/delta) = {D}",
               why="quadrature error estimate + requested relative accuracy")]


TEST_ERROR_AUDIT = Claim(
    id="nk-dimension-printed",
    title="Audit: D ≈ m√(log 1/δ) and ‖u‖² = 1/m give N–K test error <= δ",
    statement="as printed: with m sqrt(log(1/delta)) ~ D and ||u||^2 = 1/m, a fresh point is classified correctly with "
              "probability 1 - delta, since m||u||^2 > sqrt(m log(1/delta)/D)",
    sources=[Source(ARORA, "§5.4.1, eqs. (5.6)-(5.7) and 'which holds from (5.6) and (5.7)'", ("ARORA-64",))],
    kind="numeric",
    area="generalization",
    instances=levels(1),
    conclusion=printed_dimension,
    proof_idea="The margin noise has standard deviation sqrt(m/D) = (log 1/delta)^(-1/4), far above what an "
               "error delta allows.",
    audit=True,
    corrected="nk-test-error-exact",
    finding="the expected test error is P(A - B > 2D/sqrt(m)) ~ Phi(-sqrt(D/m)); with D = m sqrt(ln(1/delta)) this is "
            "about Phi(-(ln 1/delta)^(1/4)), e.g. 0.0711 > 0.01 at delta = 0.01, m = 100 (D = 215), and the printed condition "
            "sqrt(m log(1/delta)/D) = (log 1/delta)^(1/4) < 1 fails for every delta < 1/e.  Corrected: "
            "D >= 2 m ln(1/delta) (error <= delta for m >= 5; at m = 1 the heavier tail needs more)",
    examples=40,
)
test_nk_dimension_printed = TEST_ERROR_AUDIT.test()


# --- claim 3: the flipped classifier, and uniform convergence is vacuous ------------------------------

@st.composite
def vacuous_setups(draw: st.DrawFn, c_choices=(0.125, 0.25, 0.5)) -> Setup:
    c = draw(st.sampled_from(c_choices))
    m = draw(st.integers(2, 6))
    # D >= 300 m / (1 - c)^2 and D >= 16 m / c^2 keep eta + tau <= 1/10
    D = int(max(300 * m / (1 - c) ** 2, 16 * m / c**2)) if c < 1 else 300 * m
    return Setup(m, D, draw(st.integers(1, 3)), c, 40, draw(SEEDS))


def _flip_run(s: Setup) -> tuple[int, int, float]:
    """Per training set: is training point 0 classified correctly by w_flip, is one fresh point
    misclassified by it; and the largest disagreement between the flip and mirror margins."""
    rng = np.random.default_rng(s.seed)
    u = signal_vector(s.m, s.K, s.c)
    correct_train, wrong_test, mirror = 0, 0, 0.0
    for _ in range(s.trials):
        S = draw_sample(s.m, s.D, u, rng)
        w1, v = gd_step(S.X1, S.y), gd_step(S.X2, S.y)
        w_flip = (w1, -v)  # the GD output on the flipped sample (x_2 -> -x_2)
        train = margins(*w_flip, S)
        mirrored = S.y * (S.X1 @ w1 - S.X2 @ v)  # w_S on the mirrored sample S'
        mirror = max(mirror, float(np.max(np.abs(train - mirrored))))
        correct_train += bool(train[0] > 0)
        fresh = draw_sample(1, s.D, u, rng)
        wrong_test += bool(margins(*w_flip, fresh)[0] <= 0)
    return correct_train, wrong_test, mirror


def vacuous(s: Setup) -> list[Check]:
    eta = flip_correct_bound(s.c, s.m, s.D)
    tau, err = expected_test_error(s.c, s.m, s.D)
    tau += err
    correct_train, wrong_test, mirror = _flip_run(s)
    scale = s.m * (s.c + 4.0)
    return [le(eta + tau, 0.1, label="eta + tau <= 1/10: sup_h |L_D - L_S| >= 0.9 over {w_S, w_flip}"),
            rate_le(correct_train, s.trials, eta, label="P(w_flip correct on a training point of S) <= eta"),
            rate_le(wrong_test, s.trials, tau, label="P(w_flip wrong on a fresh point) <= tau = E_S err(w_S)"),
            close(mirror, 0.0, tol=8 * (s.D + s.K) * EPS * scale, label="w_flip on S = w_S on the mirrored S'",
                  why="8 (D + K) eps m (c + 4)")]


def strong_signal(s: Setup) -> Check:
    correct_train, _, _ = _flip_run(s)
    return rate_le(correct_train, s.trials, 0.5, label="P(w_flip correct on a training point) <= 1/2")


VACUOUS = Claim(
    id="nk-uniform-convergence-vacuous",
    title="N–K: the flipped classifier generalizes but fails on S, so uniform convergence is vacuous",
    statement="for 0 < c = m||u||^2 < 1: w_flip (GD on the flipped sample, same law as S) misclassifies each training "
              "point of S with probability >= 1 - eta(c, m, D) and has test error tau = P(A - B > 2cD/sqrt(m)) (A, B ~ chi2_D); so any "
              "class holding the algorithm's outputs has sup_h |L_D(h) - L_S(h)| >= 1 - eta - tau (>= 0.9 here)",
    sources=[Source(TENG, "§9.3, the Nagarajan–Kolter discussion (c = 1/8 after rescaling)", ("TENG-49",)),
             Source(ARORA, "§5.4.1, Claim 5.4.1 (corrected: m||u||^2 < 1)", ("ARORA-65",)),
             Source(NAGARAJAN_KOLTER, "§3, Theorem 3.1 (linear classifier)")],
    kind="statistical",
    area="generalization",
    instances=vacuous_setups(),
    conclusion=vacuous,
    proof_idea="The training margin of w_flip is c - ||x_2i||^2 - cross term; ||x_2i||^2 ~ chi2_D/D is near 1 > c "
               "and the cross term is N(0, ||x_2i||^2 (m-1)/D).  Its test margin has the law of w_S's.  Both are "
               "tested with exact binomial tests at level 1e-6 over 40 independent training sets (one training "
               "point and one fresh point each).",
    mutants=[
        Mutant("strong-signal", "with c = m||u||^2 > 1 the signal dominates ||x_2||^2 ~ 1 and w_flip fits S "
               "(Teng's control ||u|| = 3/sqrt(m), c = 9/8, and larger)",
               conclusion=strong_signal, instances=vacuous_setups(c_choices=(1.5, 2.0, 4.0))),
        Mutant("non-vacuous", "the train-test gap of w_flip is at least 1 - eta - tau >= 0.9",
               conclusion=lambda s: le(1 - flip_correct_bound(s.c, s.m, s.D) - sum(expected_test_error(s.c, s.m, s.D)),
                                       0.5, label="sup_h |L_D - L_S| lower bound <= 1/2")),
    ],
    examples=10,
)
test_nk_uniform_convergence_vacuous = VACUOUS.test()


@st.composite
def book_setups(draw: st.DrawFn) -> Setup:
    m = draw(st.integers(10, 40))
    D = draw(st.sampled_from([math.ceil(m * math.sqrt(math.log(100))), 10 * m, 50 * m]))
    return Setup(m, D, 2, 1.0, 1, draw(SEEDS))


def printed_flip(s: Setup) -> list[Check]:
    rng = np.random.default_rng(s.seed)
    S = draw_sample(s.m, s.D, signal_vector(s.m, s.K, s.c), rng)
    w1, v = gd_step(S.X1, S.y), gd_step(S.X2, S.y)
    diff = np.abs(2 * (S.X2 @ v))  # (w_S - w_flip).x_i
    disagree = int(np.sum(np.sign(margins(w1, v, S)) != np.sign(margins(w1, -v, S))))
    return [ge(float(diff.min()), 2.0, label="min_i |(w_S - w_flip).x_i| >= 2"),
            equal(disagree, s.m, label="w_S and w_flip disagree on every training point")]


FLIP_AUDIT = Claim(
    id="nk-flip-disagrees-everywhere-printed",
    title="Audit: |(w_S − w_flip)·x_i| >= 2, so w_S and w_flip disagree on every training point",
    statement="as printed (||u||^2 = 1/m): |(w_S - w_flip).z_i| >= 2 x_2i.x_2i = 2 for every training point, so the "
              "signs of w_S.z_i and w_flip.z_i differ on all of S",
    sources=[Source(ARORA, "§5.4.1, proof of Claim 5.4.1", ("ARORA-65",))],
    kind="statistical",
    area="generalization",
    instances=book_setups(),
    conclusion=printed_flip,
    proof_idea="(w_S - w_flip).x_i = 2 v.x_2i = 2||x_2i||^2 + 2 y_i x_2i.sum_{j != i} y_j x_2j: the cross terms are "
               "of size sqrt(m/D), and ||x_2i||^2 is only approximately 1.",
    audit=True,
    corrected="nk-uniform-convergence-vacuous",
    finding="the cross terms 2 y_i x_2i.sum_{j != i} y_j x_2j are dropped and ||x_2i||^2 = 1 is only approximate: with "
            "||u||^2 = 1/m the training margin of w_flip is (1 - ||x_2i||^2) - cross, symmetric about 0, so the signs "
            "differ on about half of the points (min |(w_S - w_flip).x_i| well below 2).  Corrected: with "
            "m||u||^2 = c < 1 and D >> m, w_flip misclassifies every training point with high probability",
    examples=10,
)
test_nk_flip_disagrees_everywhere_printed = FLIP_AUDIT.test()
