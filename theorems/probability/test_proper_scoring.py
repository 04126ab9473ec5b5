"""Proper scoring rules and calibration: Brier, log and spherical scores are strictly proper, the absolute
score is not; calibrated forecasts have zero ECE; temperature scaling keeps the ranking of classes.

Statement.
- For a finite outcome ``y ~ p`` and a forecast ``q``: ``E_p Brier(q) - E_p Brier(p) = ||q - p||^2``,
  ``E_p LogLoss(q) - E_p LogLoss(p) = KL(p || q) >= 2 TV(p, q)^2`` (Pinsker), and the spherical score
  ``E_p q_y/||q|| <= ||p||`` with equality only at ``q = p``; so all three are uniquely optimised at ``q = p``.
  The absolute loss ``|q - y|`` is improper: ``E|q - y| = p + q (1 - 2p)`` is minimised at ``q in {0, 1}``.
- A forecast equal to ``P(y = 1 | x)`` (in particular a constant forecast at the base rate) has population
  ECE 0 under every equal-width binning; averaging forecasts that all say 1/2 gives 1/2.  For every binary
  forecast, Brier = reliability - resolution + uncertainty (Murphy), and reliability is 0 when calibrated.
- For ``T > 0``, ``softmax(z/T)`` ranks the classes as ``z`` does (so argmax and accuracy are unchanged), its
  largest probability decreases and its entropy increases with ``T``.

Sources.  MSML Ch. 24, C.18 (MSML-248: temperature scaling, constant base-rate predictor, ECE, averaging;
MSML-249: proper scoring rules).  The sub-claim "temperature scaling is a Bayesian method" (MSML-248) is a
description, not a mathematical statement: temperature scaling fits one scalar by likelihood on held-out
data, with no prior or posterior; it is not checked.

Proof idea.  ``E_p Brier(q) = sum_c (q_c^2 - 2 q_c p_c) + 1`` is a quadratic with minimum at ``q = p``; the log
gap is a KL divergence; the spherical gap is Cauchy–Schwarz with equality only for parallel vectors, and
both sum to 1.  If ``q(x) = E[y | x]`` then ``E[y - q | bin] = 0`` for every bin.  ``exp(z/T)`` is increasing in
``z`` for ``T > 0``.  Everything is exact (log scores as exact log-linear forms) except the entropy
monotonicity, which is compared in floats with a derived rounding tolerance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.divergences import kl, lower, sign, tv
from checks.documents import MSML
from checks.linalg import EPS
from checks.scoring import (ece, expected_absolute, expected_brier, expected_log_loss, murphy,
                            spherical_gap_squared)


# --------------------------------------------------------------------------------------------- strategies
@st.composite
def simplex_points(draw, k: int | None = None, interior: bool = True) -> tuple[Fraction, ...]:
    k = k or draw(st.integers(2, 4))
    w = draw(st.lists(st.integers(1 if interior else 0, 12), min_size=k, max_size=k).filter(lambda w: sum(w) > 0))
    return tuple(Fraction(v, sum(w)) for v in w)


@st.composite
def forecast_pairs(draw) -> tuple[tuple, tuple]:
    p = draw(simplex_points())
    q = p if draw(st.integers(0, 5)) == 0 else draw(simplex_points(k=len(p)))   # q = p: the equality case
    return p, q


def proper_checks(pq, brier=expected_brier) -> list[Check]:
    p, q = pq
    gap = brier(p, q) - brier(p, p)
    out = [equal(gap, sum(((a - b) ** 2 for a, b in zip(p, q)), Fraction(0)), label="Brier gap == ||q - p||^2")]
    log_gap = expected_log_loss(p, q) - expected_log_loss(p, p)
    out.append(equal(log_gap, kl(p, q), label="log-loss gap == KL(p || q) (exact log-linear forms)"))
    # lower() is a rigorous rational lower bound of the KL form (relative accuracy 2^-50) with its sign
    out.append(ge(lower(kl(p, q)) if sign(kl(p, q)) else Fraction(0), 2 * tv(p, q) ** 2,
                  label="KL(p || q) >= 2 TV^2 (Pinsker): the log score is strictly proper"))
    out.append(ge(spherical_gap_squared(p, q), Fraction(0), label="spherical: ||p||^2||q||^2 - <p,q>^2 >= 0"))
    if q != p:   # distinct probability vectors are not parallel (both sum to 1)
        out.append(holds(gap > 0 and spherical_gap_squared(p, q) > 0, label="q != p: Brier and spherical gaps are > 0"))
    return out


@st.composite
def binary_forecasts(draw) -> tuple[Fraction, Fraction]:
    p = Fraction(draw(st.integers(0, 12)), 12)
    q = Fraction(draw(st.integers(0, 12)), 12) if draw(st.booleans()) else Fraction(int(p > Fraction(1, 2)))
    return p, q


def _absolute_gap(pq) -> list[Check]:
    p, q = pq
    return [equal(expected_absolute(p, q) - expected_absolute(p, p), (q - p) * (1 - 2 * p),
                  label="E|q - y| - E|p - y| == (q - p)(1 - 2p)"),
            ge(expected_absolute(p, q), expected_absolute(p, p), label="E|q - y| >= E|p - y| (propriety)")]


PROPER = Claim(
    id="scoring-brier-log-spherical-strictly-proper",
    title="Brier, log and spherical scores are strictly proper",
    statement="For y ~ p on k outcomes: E_p Brier(q) - E_p Brier(p) = ||q - p||^2, E_p LogLoss(q) - E_p LogLoss(p) = "
              "KL(p || q) >= 2 TV(p, q)^2, and E_p q_y/||q|| <= ||p|| with equality iff q = p; each rule is uniquely "
              "optimised at q = p",
    sources=[Source(MSML, "C.18 Chapter Connections: proper scoring rules reward calibrated predictions",
                    ("MSML-249",))],
    kind="exact",
    area="probability",
    instances=forecast_pairs(),
    conclusion=proper_checks,
    proof_idea="Expand E_p sum_c (q_c - [c = y])^2 = ||q||^2 - 2<p, q> + 1 = ||q - p||^2 + 1 - ||p||^2; the log gap is "
               "sum p log(p/q) = KL; Cauchy–Schwarz with equality only for parallel vectors, which on the simplex "
               "are equal.",
    mutants=[Mutant("brier-without-square", "the linear score E_p (1 - q_y) = 1 - <p, q> is maximised at a vertex",
                    conclusion=lambda pq: proper_checks(
                        pq, brier=lambda p, q: 1 - sum((a * b for a, b in zip(p, q)), Fraction(0))),
                    instances=forecast_pairs().filter(lambda pq: pq[0] != pq[1])),
             Mutant("absolute-loss-proper", "E|q - y| = p + q(1 - 2p) is linear in q: q = round(p) beats q = p "
                                            "unless p in {0, 1/2, 1}",
                    conclusion=_absolute_gap, instances=binary_forecasts())],
    examples=40,
)
test_scoring_brier_log_spherical_strictly_proper = PROPER.test()


# --------------------------------------------------------------------------------------------- calibration
@dataclass(frozen=True)
class CalibrationCase:
    """A finite population of (weight, P(y=1|x)) cases and a number of equal-width bins."""

    cases: tuple[tuple[Fraction, Fraction], ...]
    bins: int


@st.composite
def calibration_cases(draw) -> CalibrationCase:
    m = draw(st.integers(1, 6))
    cases = tuple((Fraction(draw(st.integers(1, 5))), Fraction(draw(st.integers(0, 10)), 10)) for _ in range(m))
    return CalibrationCase(cases, draw(st.integers(1, 10)))


def _sharpen(e: Fraction) -> Fraction:
    """Temperature 1/2 on the logit: e^2 / (e^2 + (1 - e)^2), overconfident."""
    return e * e / (e * e + (1 - e) * (1 - e))


def calibration_checks(c: CalibrationCase, forecast=lambda e: e) -> list[Check]:
    pop = [(w, forecast(e), e) for w, e in c.cases]
    total = sum(w for w, _ in c.cases)
    base = sum(w * e for w, e in c.cases) / total
    brier, rel, res, unc = murphy(pop)
    return [equal(ece(pop, c.bins), Fraction(0), label=f"ECE of the forecast with {c.bins} bins == 0"),
            equal(ece([(w, base, e) for w, e in c.cases], c.bins), Fraction(0),
                  label="ECE of the constant base-rate forecast == 0"),
            equal(rel, Fraction(0), label="Murphy reliability == 0"),
            equal(brier, rel - res + unc, label="Brier == reliability - resolution + uncertainty"),
            equal(sum((Fraction(1, 2) * w for w, _ in c.cases), Fraction(0)) / total, Fraction(1, 2),
                  label="average of predictors that all output 1/2 is 1/2")]


CALIBRATION = Claim(
    id="calibration-ece-zero-and-murphy",
    title="Calibrated forecasts have ECE 0 (any binning); Brier = reliability - resolution + uncertainty",
    statement="If q(x) = P(y = 1 | x) on a finite population (in particular q = the base rate), the population ECE is 0 "
              "for every equal-width binning and the Murphy reliability is 0; Brier = REL - RES + UNC for every forecast",
    sources=[Source(MSML, "C.18: ECE, a constant base-rate predictor, averaging 0.5-predictors, Brier decomposition",
                    ("MSML-248", "MSML-249"))],
    kind="exact",
    area="probability",
    instances=calibration_cases(),
    conclusion=calibration_checks,
    proof_idea="Within a bin, E[y - q] = E[E[y | x] - q(x)] = 0; the Murphy decomposition is the bias-variance identity "
               "E(f - y)^2 = E(f - o_f)^2 - E(o_f - o)^2 + o(1 - o) after conditioning on the forecast value.",
    mutants=[Mutant("sharpened-forecast-calibrated", "a sharpened forecast overstates confidence: e^2/(e^2+(1-e)^2) != e "
                                                     "off {0, 1/2, 1}",
                    conclusion=lambda c: calibration_checks(c, forecast=_sharpen),
                    instances=calibration_cases().filter(lambda c: any(e not in (0, Fraction(1, 2), 1)
                                                                       for _, e in c.cases)))],
    examples=40,
)
test_calibration_ece_zero_and_murphy = CALIBRATION.test()


# --------------------------------------------------------------------------------------- temperature scaling
@dataclass(frozen=True)
class TemperatureCase:
    logits: tuple[tuple[Fraction, ...], ...]    # one row per example, distinct entries (gap >= 1/8)
    labels: tuple[int, ...]
    T: Fraction
    T2: Fraction                                # a second temperature, T2 > T


@st.composite
def temperature_cases(draw, negative: bool = False) -> TemperatureCase:
    k, m = draw(st.integers(2, 5)), draw(st.integers(1, 5))
    rows = tuple(tuple(Fraction(v, 8) for v in draw(st.lists(st.integers(-24, 24), min_size=k, max_size=k, unique=True)))
                 for _ in range(m))
    labels = tuple(draw(st.integers(0, k - 1)) for _ in range(m))
    T = Fraction(draw(st.integers(1, 16)), 4)
    T2 = T + Fraction(draw(st.integers(1, 8)), 4)
    return TemperatureCase(rows, labels, -T if negative else T, T2)


def _softmax(z, T) -> np.ndarray:
    a = np.array([float(v / T) for v in z])
    e = np.exp(a - a.max())
    return e / e.sum()


def _entropy(p: np.ndarray) -> float:
    return float(-np.sum(p * np.log(np.where(p > 0, p, 1.0))))


def temperature_checks(c: TemperatureCase, entropy_direction: int = 1) -> list[Check]:
    out = []
    acc_T = acc_1 = 0
    for z, y in zip(c.logits, c.labels):
        order = sorted(range(len(z)), key=lambda i: z[i])
        s = _softmax(z, c.T)
        out.append(holds(all(s[order[i]] < s[order[i + 1]] for i in range(len(z) - 1)),
                         label="softmax(z/T) ranks the classes as z does",
                         detail=f"z = {[str(v) for v in z]}, T = {c.T}"))
        acc_T += int(np.argmax(s) == y)
        acc_1 += int(max(range(len(z)), key=lambda i: z[i]) == y)
        h1, h2 = _entropy(_softmax(z, c.T)), _entropy(_softmax(z, c.T2))
        tol = 8 * len(z) * EPS * (1 + math.log(len(z)))
        if entropy_direction > 0:
            out.append(le(h1, h2, tol, label=f"entropy at T = {c.T} <= entropy at T = {c.T2}",
                          why="8 k eps (1 + log k): rounding of k terms p log p, each |p log p| <= 1/e"))
        else:
            out.append(ge(h1, h2, tol, label=f"entropy at T = {c.T} >= entropy at T = {c.T2} (smaller T, more entropy)",
                          why="8 k eps (1 + log k)"))
    out.append(equal(acc_T, acc_1, label="accuracy after temperature scaling == accuracy before"))
    return out


TEMPERATURE = Claim(
    id="calibration-temperature-scaling-ranking",
    title="Temperature scaling keeps the ranking of classes and the accuracy; entropy increases with T",
    statement="For T > 0, softmax(z/T) orders the classes as z does, so the argmax and the accuracy are unchanged; the "
              "entropy of softmax(z/T) is nondecreasing in T",
    sources=[Source(MSML, "C.18: temperature scaling (multiplying logits by a scalar) without retraining",
                    ("MSML-248",))],
    kind="numeric",
    area="probability",
    instances=temperature_cases(),
    conclusion=temperature_checks,
    proof_idea="exp(z_i/T) is increasing in z_i for T > 0; d/dT H(softmax(z/T)) = Var_p(z)/T^3 >= 0.",
    mutants=[Mutant("negative-temperature", "T < 0 reverses the order of the logits",
                    instances=temperature_cases(negative=True)),
             Mutant("sharpening-raises-entropy", "lowering T concentrates the softmax: entropy goes down, not up",
                    conclusion=lambda c: temperature_checks(c, entropy_direction=-1))],
    examples=40,
)
test_calibration_temperature_scaling_ranking = TEMPERATURE.test()
