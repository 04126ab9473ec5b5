"""Early stopping ≈ ridge: spectral filters of gradient descent and ridge regression.

Statement.  Write ``X = sum_i s_i u_i v_iᵀ``.  On ``||X w - y||^2 / 2`` from ``w_0 = 0``:
- GD with step ``eta`` after ``t`` steps is ``w_t = sum_i g_t(s_i)/s_i (u_iᵀy) v_i`` with the filter
  ``g_t(s) = 1 - (1 - eta s^2)^t``; gradient flow has ``1 - e^{-t s^2}``; ridge with penalty ``lam``
  has ``s^2/(s^2 + lam)``.  These identities hold for every ``X``: normal or not, square or not (the
  printed "non-normal operators break the correspondence" is false for least squares, audit).
- Exact equivalence is impossible across two distinct singular values: ``g_t(s) = s^2/(s^2 + lam)``
  iff ``h(s) = t log(1 - eta s^2) - log lam + log(s^2 + lam) = 0`` (as a function of ``u = s^2``),
  and ``h`` is strictly concave in ``u`` with ``h(0) = 0``, so ``h(u)/u`` strictly decreases.
- Under the calibration ``lam = 1/t`` (flow) the filters are within a constant factor, with
  ``x = t s^2``:  ``x/(1+x) <= 1 - e^{-x} <= C x/(1+x)`` and ``e^{-x} <= 1/(1+x)``, where
  ``C = max_x (1 - e^{-x})(1 + x)/x = 1.298426...`` (at ``x* = 1.793...``) is sharp.
  For GD with ``eta s_max^2 <= 1`` and ``lam = 1/(eta t)``, with ``x = eta t s^2``:
  ``x/(1+x) <= 1 - e^{-x} <= g_t(s) <= min(1, x) <= 2 x/(1+x)`` and ``(1 - eta s^2)^t <= 1/(1+x)``;
  the constant 2 is sharp (``t = 1``, ``eta s^2 = 1``), and the lower bound fails for ``eta s^2 > 1``.
- Risk (Ali, Kolter & Tibshirani 2019, Thm 1): for every ``X``, ``beta`` and noise level,
  ``Risk(flow at t) <= C^2 Risk(ridge at 1/t)`` with ``C^2 = 1.685909... <= 1.6862`` (the printed
  constant), for the estimation and the in-sample prediction risk; for GD with ``eta s_max^2 <= 1``,
  ``Risk(GD at t) <= 4 Risk(ridge at 1/(eta t))``, sharp.  The printed "equivalence only for narrow
  spectra (lam_max/lam_min ≈ 2)" and "ridge attenuates all frequencies equally" are false (audits).
- Late iterations can raise the risk after near-interpolation: when label noise sits on slow
  singular directions, ``||w_t - beta||`` increases while the training loss is already below
  ``1e-6 ||y||^2``.

Sources.  *The Mathematical Structure of Machine Learning*, Ch. 24: exercises A.9 / B.12 / C.13
(MSML-43, the filters; MSML-44, the non-normality remark), A.12 (MSML-47), App. C and App. B Thm 4.1
(MSML-244, ``lam ≈ 1/(eta T)`` and the C.13 notes).  The constant 1.6862 and the risk comparison are
from Ali, Kolter & Tibshirani, "A continuous-time view of early stopping for least squares",
AISTATS 2019, Theorem 1 (their proof is the pointwise filter comparison used here).

Proof ideas.  Both GD and ridge are functions of ``XᵀX`` applied to ``Xᵀy``, hence diagonal in the
right singular vectors; summing the geometric series of GD gives its filter.  The sandwich is
``e^{-x} <= 1/(1+x)`` (i.e. ``1 + x <= e^x``) and ``(1 - a)^t <= e^{-at}``, the top from
``1 - (1 - a)^t <= min(1, t a)`` (Bernoulli) and ``min(1, x) <= 2x/(1+x)``.  The risks split over
singular directions into bias ``(1 - g)^2 (v_iᵀbeta)^2`` and variance ``sigma^2 g^2 / s_i^2``: the
flow's bias factor is below ridge's and its variance factor at most ``C^2`` times ridge's.

Tolerances (``eps = 2^-52``, sizes ``n, d``): one computed GD step is within
``(n + d + 4) eps (1 + eta ||X||_F^2)(||w_t|| + ||y||/||X||_F)`` of the exact step, summed over the
steps (``||I - eta XᵀX|| <= 1`` for ``eta s_max^2 < 2``); the SVD filter formula is the exact filter of
a matrix within ``4 (n + d) eps ||X||`` and the GD filter map has derivative at most
``eta t (1 + eta t ||X||^2)`` in ``X`` (ridge: ``(1 + 2||X||^2/lam)/lam``); a solve with ``XᵀX + lam I``
is within ``4 (n + d) eps (cond ||x|| + ||X|| ||y|| / lam)``; ``expm`` of ``t [[-XᵀX, Xᵀ], [0, 0]]`` is
taken within relative ``4 (n + d) eps (1 + t s_max^2)`` and a risk moves by at most
``2 ||dH||_F (||bias|| ||X||_F ||beta|| + sigma^2 ||H||_F)``.  Scalar filters are within ``8 eps``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, close, ge, le
from checks.documents import MSML
from checks.linalg import EPS, gd_least_squares, min_norm_solution
from checks.spectral import (GF_RIDGE_CONSTANT, filtered_solution, gd_filter, gradient_flow_filter,
                             gradient_flow_operator, linear_estimator_risk, ridge_filter)
from checks.strategies.spectra import (FilterCase, FlowPoint, LateFitCase, RiskCase, StepPoint, filter_cases,
                                       flow_points, late_fit_cases, risk_cases, step_points)

RCOND = 1e-8
PRINTED_RATIO = 1.6862
"""The risk-ratio constant as printed (Ali et al. 2019); the sharp value is ``C^2 = 1.685909...``."""


# --- the filters are exact, for every X -------------------------------------------------------------

def _gd_route(c: FilterCase) -> tuple[np.ndarray, float]:
    """GD run iteratively, and the accumulated rounding bound of its last iterate."""
    X, y = c.design.X, c.y
    n, d = X.shape
    W = gd_least_squares(X, y, c.eta, c.steps)
    fro = float(np.linalg.norm(X))
    delta = (n + d + 4) * EPS * (1 + c.eta * fro ** 2) * (np.linalg.norm(W[:-1], axis=1) + np.linalg.norm(y) / fro)
    return W[-1], float(np.sum(delta))


def _filter_tol(c: FilterCase, lipschitz: float) -> float:
    X = c.design.X
    smax = float(np.linalg.norm(X, 2))
    return 4 * sum(X.shape) * EPS * smax * lipschitz * np.linalg.norm(c.y)


def _ridge_route(c: FilterCase, lam: float) -> tuple[np.ndarray, float]:
    X, y = c.design.X, c.y
    n, d = X.shape
    x = np.linalg.solve(X.T @ X + lam * np.eye(d), X.T @ y)
    smax = float(np.linalg.norm(X, 2))
    return x, float(4 * (n + d) * EPS * ((smax ** 2 + lam) / lam * np.linalg.norm(x) + smax * np.linalg.norm(y) / lam))


def filter_checks(c: FilterCase, gd=gd_filter, ridge=ridge_filter) -> list[Check]:
    X, y, eta, t, lam = c.design.X, c.y, c.eta, c.steps, c.lam
    smax2 = float(np.linalg.norm(X, 2)) ** 2
    w, tol_w = _gd_route(c)
    w_f = filtered_solution(X, y, lambda s: gd(s, eta, t), rcond=RCOND)
    x, tol_x = _ridge_route(c, lam)
    x_f = filtered_solution(X, y, lambda s: ridge(s, lam), rcond=RCOND)
    return [close(w, w_f, tol_w + _filter_tol(c, eta * t * (1 + eta * t * smax2)),
                  label="GD w_t = sum (1 - (1 - eta s_i^2)^t)/s_i (u_iᵀy) v_i",
                  why="accumulated GD rounding + SVD backward error x Lipschitz constant eta t (1 + eta t s_max^2)"),
            close(x, x_f, tol_x + _filter_tol(c, (1 + 2 * smax2 / lam) / lam),
                  label="ridge x_lam = sum s_i/(s_i^2 + lam) (u_iᵀy) v_i",
                  why="solve error + SVD backward error x Lipschitz constant (1 + 2 s_max^2/lam)/lam")]


def gd_equals_ridge(c: FilterCase) -> Check:
    w, tol_w = _gd_route(c)
    x, tol_x = _ridge_route(c, 1 / (c.eta * c.steps))
    return close(w, x, tol_w + tol_x, label="GD w_t = ridge at lam = 1/(eta t)", why="sum of the rounding bounds")


FILTERS = Claim(
    id="gd-ridge-spectral-filters",
    title="GD from zero and ridge are spectral filters on the SVD of X, for every X",
    statement="for any X (normal or not), y, eta and lam > 0: GD from 0 after t steps equals "
              "sum_i (1 - (1 - eta s_i^2)^t)/s_i (u_iᵀy) v_i and ridge equals sum_i s_i/(s_i^2 + lam) (u_iᵀy) v_i",
    sources=[Source(MSML, "exercises A.9, B.12, C.13: filter formulas", ("MSML-43",)),
             Source(MSML, "A.9 solution and B.12 (corrected: non-normality is irrelevant)", ("MSML-44",)),
             Source(MSML, "App. C and App. B Thm 4.1: GD and ridge filters", ("MSML-244",))],
    kind="numeric",
    area="implicit-bias",
    instances=filter_cases(),
    conclusion=filter_checks,
    proof_idea="w_t = sum_{j<t} (I - eta XᵀX)^j eta Xᵀy and x_lam = (XᵀX + lam I)⁻¹Xᵀy are functions of XᵀX "
               "applied to Xᵀy; XᵀX = V diag(s^2) Vᵀ for every X, and the geometric series sums to "
               "(1 - (1 - eta s^2)^t)/s^2 per direction.",
    mutants=[
        Mutant("gd-filter-linear-in-s", "the GD contraction per step is 1 - eta s^2, not 1 - eta s",
               conclusion=lambda c: filter_checks(c, gd=lambda s, eta, t: 1 - (1 - eta * s) ** t)),
        Mutant("ridge-filter-lam-squared", "ridge adds lam, not lam^2, to s^2: the filter is s^2/(s^2 + lam)",
               conclusion=lambda c: filter_checks(c, ridge=lambda s, lam: s ** 2 / (s ** 2 + lam ** 2))),
        Mutant("exact-equivalence-at-1-over-eta-t", "1 - (1 - a)^t and t a/(1 + t a) are different functions "
                                                    "of a = eta s^2; they agree only approximately",
               conclusion=gd_equals_ridge),
    ],
    examples=60,
)
test_gd_ridge_spectral_filters = FILTERS.test()


def nonnormal_breaks_filters(c: FilterCase) -> list[Check]:
    checks = filter_checks(c)
    return [ge(ch.ratio, 1.0, label=f"non-normal X: {ch.label} fails beyond rounding (as printed)",
               why="ratio error/tolerance of the filter identity") for ch in checks]


NONNORMAL_AUDIT = Claim(
    id="nonnormal-breaks-filter-correspondence-as-printed",
    title="As printed: non-normal operators break the early-stopping / ridge filter correspondence",
    statement="(as printed) for non-normal operators, the mismatch of left and right singular modes makes GD and "
              "ridge deviate from their singular-value filter description",
    sources=[Source(MSML, "A.9 solution, B.12 and C.13 notes", ("MSML-44",))],
    kind="numeric",
    area="implicit-bias",
    instances=filter_cases(nonnormal=True),
    conclusion=nonnormal_breaks_filters,
    proof_idea="Least-squares GD and ridge see X only through XᵀX and Xᵀy, which the SVD diagonalizes for any X.",
    audit=True,
    corrected="gd-ridge-spectral-filters",
    finding="false for least squares: for the non-normal A = [[1,1],[0,1]] (T = 7, eta = 0.1) GD equals the SVD "
            "filter formula to rounding, and so does ridge; normality is irrelevant because both estimators "
            "are functions of AᵀA applied to Aᵀy. Non-normality matters only for iterations that use A itself "
            "(e.g. Richardson's theta <- theta + eta (y - A theta)).",
    examples=30,
)
test_nonnormal_breaks_filter_correspondence_as_printed = NONNORMAL_AUDIT.test()


def ridge_uniform(c: FilterCase) -> Check:
    g = ridge_filter(c.design.s, c.lam)
    return close(g, np.full_like(g, g.mean()), 8 * EPS, label="ridge filter s_i^2/(s_i^2 + lam) is the same for all i "
                                                              "(as printed)", why="8 eps")


UNIFORM_AUDIT = Claim(
    id="ridge-uniform-attenuation-as-printed",
    title="As printed: L2 regularization attenuates all frequencies equally",
    statement="(as printed) L2 (ridge) applies uniform attenuation across spectral modes",
    sources=[Source(MSML, "C.13 notes", ("MSML-244",))],
    kind="numeric",
    area="implicit-bias",
    instances=filter_cases(nonnormal=False, min_cond=2.0),  # "uniform across modes" needs two modes
    conclusion=ridge_uniform,
    proof_idea="The ridge filter s^2/(s^2 + lam) increases from 0 to 1 in s.",
    audit=True,
    corrected="gd-ridge-spectral-filters",
    finding="false: the ridge factor s_i^2/(s_i^2 + lam) is near 1 for s_i^2 >> lam and near 0 for s_i^2 << lam; "
            "like early stopping it shrinks the small-singular-value directions most.",
    examples=30,
)
test_ridge_uniform_attenuation_as_printed = UNIFORM_AUDIT.test()


# --- no exact match across two singular values -----------------------------------------------------

def _h_over_u(u: float, eta: float, t: int, lam: float) -> tuple[float, float]:
    """``h(u)/u`` with ``h(u) = t log(1 - eta u) - log lam + log(u + lam)`` and its rounding bound."""
    parts = (t * np.log1p(-eta * u), np.log(lam), np.log(u + lam))
    h = parts[0] - parts[1] + parts[2]
    return float(h / u), float(8 * EPS * sum(abs(p) for p in parts) / u)


def chord_slopes(p: tuple[float, float, int, float, float]) -> Check:
    a1, a2, t, lam, _ = p
    q1, e1 = _h_over_u(a1, 1.0, t, lam)
    q2, e2 = _h_over_u(a2, 1.0, t, lam)
    return ge(q1, q2, e1 + e2, label="h(u1)/u1 >= h(u2)/u2 for u1 < u2 (h concave, h(0) = 0)",
              why="8 eps x magnitude of the logarithms, over u")


def two_mode_match(p: tuple[float, float, int, float, float]) -> list[Check]:
    """With ``lam`` chosen so that the filters match at ``u1``, they should also match at ``u2``."""
    a1, a2, t, _, _ = p
    g1 = float(gd_filter(np.sqrt(a1), 1.0, t))
    lam = a1 * (1 - g1) / g1
    return [close(gd_filter(np.sqrt(a), 1.0, t), ridge_filter(np.sqrt(a), lam), 8 * (t + 4) * EPS,
                  label=f"g_t = ridge filter at u = {a:.4g} with lam matched at u1",
                  why="8 (t + 4) eps: t roundings in (1 - a)^t, four in lam and the ridge filter")
            for a in (a1, a2)]


def match_points() -> st.SearchStrategy[tuple[float, float, int, float, float]]:
    """``(u1, u2, t, lam, _)`` with ``eta = 1`` and ``0 < u1 < u2 < 1``; the last entry is unused."""
    pair = st.tuples(st.floats(1e-3, 0.99), st.floats(1e-3, 0.99)).filter(lambda v: abs(v[0] - v[1]) > 1e-3)
    return st.builds(lambda v, t, lam: (min(v), max(v), t, lam, 0.0), pair, st.integers(1, 200),
                     st.floats(1e-3, 1e2))


NO_MATCH = Claim(
    id="early-stopping-ridge-no-exact-match",
    title="No ridge parameter reproduces the GD filter at two distinct singular values",
    statement="for eta s^2 = u in (0, 1), g_t = 1 - (1 - u)^t equals u/(u + lam) iff h(u) = t log(1 - u) - log lam "
              "+ log(u + lam) = 0; h is strictly concave with h(0) = 0, so h(u)/u is strictly decreasing and h has at "
              "most one positive root: one (t, lam) cannot match the filters at two distinct singular values",
    sources=[Source(MSML, "A.9 / B.12: exact equivalence only for matching filters", ("MSML-43",))],
    kind="numeric",
    area="implicit-bias",
    instances=match_points(),
    conclusion=chord_slopes,
    proof_idea="h''(u) = -t/(1 - u)^2 - 1/(u + lam)^2 < 0; a concave function vanishing at 0 has decreasing chord "
               "slopes h(u)/u, so a second root would force h = 0 between them.",
    mutants=[Mutant("one-lam-matches-two-modes",
                    "with lam chosen to match at u1 the second equation fails, since h(u2) < 0 = h(u1) u2/u1",
                    conclusion=two_mode_match)],
    examples=60,
)
test_early_stopping_ridge_no_exact_match = NO_MATCH.test()


# --- the filter sandwich -----------------------------------------------------------------------------

def flow_sandwich(p: FlowPoint, C: float = GF_RIDGE_CONSTANT, lam: float | None = None) -> list[Check]:
    s = np.sqrt(p.s2)
    lam = 1 / p.t if lam is None else lam
    g = float(gradient_flow_filter(s, p.t))
    r = float(ridge_filter(s, lam))
    x = p.x
    tol = 8 * EPS
    return [le(r, g, tol * g, label=f"ridge filter x/(1+x) <= 1 - e^(-x), x = {x:.6g}", why="8 eps"),
            le(g, C * r, tol * g, label=f"1 - e^(-x) <= {C:.7g} x/(1+x), x = {x:.6g}", why="8 eps"),
            le(float(np.exp(-x)), 1 / (1 + x), tol / (1 + x), label="bias: e^(-x) <= 1/(1+x)", why="8 eps")]


FLOW_SANDWICH = Claim(
    id="gradient-flow-ridge-filter-sandwich",
    title="Gradient flow at time t and ridge at 1/t: filters within the sharp factor 1.29843",
    statement="for x = t s^2 > 0: x/(1+x) <= 1 - e^{-x} <= C x/(1+x) with C = max_x (1 - e^{-x})(1+x)/x = "
              "1.298426 (attained at x = 1.79328), and e^{-x} <= 1/(1+x)",
    sources=[Source(MSML, "A.9 / B.12: approximate equivalence of the filters", ("MSML-43",)),
             Source(MSML, "App. C: early stopping ≈ ridge with lam = 1/(eta T)", ("MSML-244",))],
    kind="numeric",
    area="implicit-bias",
    instances=flow_points(),
    conclusion=flow_sandwich,
    proof_idea="1 + x <= e^x gives e^{-x} <= 1/(1+x), i.e. the flow fits at least as much as ridge; the ratio "
               "(1 - e^{-x})(1+x)/x tends to 1 at 0 and at infinity and has a single critical point, where "
               "1/(e^x - 1) + 1/(1+x) = 1/x.",
    mutants=[
        Mutant("constant-1-25", "the ratio reaches 1.29843 at x = 1.79", conclusion=lambda p: flow_sandwich(p, C=1.25)),
        Mutant("constant-just-below-sup", "C is the supremum: 0.99999 C fails within about 0.5% of x*",
               conclusion=lambda p: flow_sandwich(p, C=GF_RIDGE_CONSTANT * (1 - 1e-5))),
        Mutant("calibration-lam-equals-t", "with lam = t the ridge filter s^2/(s^2 + t) vanishes for large t "
                                           "while the flow filter tends to 1",
               conclusion=lambda p: flow_sandwich(p, lam=p.t)),
    ],
    examples=100,
)
test_gradient_flow_ridge_filter_sandwich = FLOW_SANDWICH.test()


def step_sandwich(p: StepPoint, C: float = 2.0) -> list[Check]:
    a, t = p.a, p.t
    x = a * t
    g = float(gd_filter(np.sqrt(a), 1.0, t))           # eta = 1, s^2 = a
    r = float(ridge_filter(np.sqrt(a), 1.0 / t))       # lam = 1/(eta t)
    flow = float(-np.expm1(-x))
    tol = 8 * EPS
    decay = float(np.exp(t * np.log1p(-a))) if a < 1 else abs(1 - a) ** t
    return [le(r, flow, tol, label=f"x/(1+x) <= 1 - e^(-x), x = eta t s^2 = {x:.6g}", why="8 eps"),
            le(flow, g, tol, label=f"1 - e^(-x) <= 1 - (1 - eta s^2)^t (a = {a:.6g}, t = {t})", why="8 eps"),
            le(g, min(1.0, x), tol, label="1 - (1 - eta s^2)^t <= min(1, x)", why="8 eps"),
            le(g, C * r, tol, label=f"1 - (1 - eta s^2)^t <= {C:.6g} x/(1+x)", why="8 eps"),
            le(decay, 1 / (1 + x), tol, label="bias: (1 - eta s^2)^t <= 1/(1+x)", why="8 eps")]


STEP_SANDWICH = Claim(
    id="gd-ridge-filter-sandwich",
    title="GD after t steps and ridge at 1/(eta t): filters within the sharp factor 2",
    statement="for 0 < eta s^2 <= 1, t >= 1 and x = eta t s^2: x/(1+x) <= 1 - e^{-x} <= 1 - (1 - eta s^2)^t <= "
              "min(1, x) <= 2x/(1+x), and (1 - eta s^2)^t <= 1/(1+x); the factor 2 is attained at t = 1, eta s^2 = 1",
    sources=[Source(MSML, "App. C: early stopping ≈ ridge with lam = 1/(eta T); App. B Thm 4.1", ("MSML-244",)),
             Source(MSML, "A.9 / B.12: discrete filters", ("MSML-43",))],
    kind="numeric",
    area="implicit-bias",
    instances=step_points(),
    conclusion=step_sandwich,
    proof_idea="(1 - a)^t <= e^{-at} <= 1/(1 + at) for a in [0, 1]; Bernoulli gives 1 - (1 - a)^t <= at, and "
               "min(1, x) <= 2x/(1+x) splits at x = 1.",
    mutants=[
        Mutant("flow-constant-for-gd", "at t = 1, eta s^2 = 1 GD fits the direction fully (filter 1) while ridge "
                                       "keeps 1/2, a ratio 2 > 1.29843",
               conclusion=lambda p: step_sandwich(p, C=GF_RIDGE_CONSTANT)),
        Mutant("step-above-1-over-s2", "for eta s^2 in (1, 1.9] the factor 1 - eta s^2 is negative and "
                                       "(1 - eta s^2)^t oscillates: at t = 2, eta s^2 = 1.9 GD's filter is 0.19 < "
                                       "ridge's 0.79",
               instances=step_points(max_a=1.9)),
    ],
    examples=100,
)
test_gd_ridge_filter_sandwich = STEP_SANDWICH.test()


# --- the risk comparison -----------------------------------------------------------------------------

def _operators(c: RiskCase, lam: float | None = None):
    """``(H_flow, H_gd, H_ridge)`` and their relative rounding bounds."""
    X = c.design.X
    n, d = X.shape
    smax2 = float(np.linalg.norm(X, 2)) ** 2
    lam = 1 / c.time if lam is None else lam
    H_flow = gradient_flow_operator(X, c.time)
    H = np.zeros((d, n))
    for _ in range(c.steps):
        H = H - c.eta * X.T @ (X @ H - np.eye(n))
    H_ridge = np.linalg.solve(X.T @ X + lam * np.eye(d), X.T)
    rel = 4 * (n + d) * EPS
    return ((H_flow, rel * (1 + c.time * smax2)), (H, rel * c.steps * (1 + c.eta * smax2)),
            (H_ridge, rel * (smax2 + lam) / lam))


def _risk(H: np.ndarray, rel: float, c: RiskCase, B: np.ndarray | None = None) -> tuple[float, float]:
    X, beta = c.design.X, c.beta
    R = linear_estimator_risk(H, X, beta, c.noise_var, B)
    Bn = 1.0 if B is None else float(np.linalg.norm(B, 2))
    dH = rel * float(np.linalg.norm(H)) + EPS
    bias = float(np.sqrt(max(R, 0.0)))
    tol = 2 * Bn ** 2 * dH * (bias * np.linalg.norm(X) * np.linalg.norm(beta) + c.noise_var * np.linalg.norm(H)) * 2
    return R, float(tol)


def risk_checks(c: RiskCase, flow_const: float = GF_RIDGE_CONSTANT ** 2, gd_const: float = 4.0,
                lam: float | None = None) -> list[Check]:
    (Hf, ef), (Hg, eg), (Hr, er) = _operators(c, lam)
    X = c.design.X
    out = []
    for B, what in ((None, "estimation"), (X, "prediction")):
        Rf, tf = _risk(Hf, ef, c, B)
        Rg, tg = _risk(Hg, eg, c, B)
        Rr, tr = _risk(Hr, er, c, B)
        why = "risk perturbation 2 ||dH|| (||bias|| ||X|| ||beta|| + sigma^2 ||H||), doubled"
        out += [le(Rf, flow_const * Rr, tf + flow_const * tr,
                   label=f"{what} risk: flow(t) <= {flow_const:.6g} ridge(1/t), t = {c.time:.4g}", why=why),
                le(Rg, gd_const * Rr, tg + gd_const * tr,
                   label=f"{what} risk: GD({c.steps} steps) <= {gd_const:.6g} ridge(1/(eta t))", why=why)]
    if flow_const == GF_RIDGE_CONSTANT ** 2 and lam is None:
        Rf, tf = _risk(Hf, ef, c)
        Rr, tr = _risk(Hr, er, c)
        out.append(le(Rf, PRINTED_RATIO * Rr, tf + PRINTED_RATIO * tr,
                      label="estimation risk: flow(t) <= 1.6862 ridge(1/t) (as printed)", why="as above"))
    return out


RISK = Claim(
    id="gradient-flow-ridge-risk-ratio",
    title="Early-stopped gradient flow has at most 1.6862 times the risk of ridge at lam = 1/t",
    statement="for every X, beta, noise variance sigma^2 >= 0 and t > 0, with y = X beta + noise: "
              "Risk(gradient flow at t) <= C^2 Risk(ridge at 1/t) with C^2 = 1.685909 <= 1.6862, for the estimation "
              "risk E||theta - beta||^2 and the in-sample prediction risk E||X(theta - beta)||^2; for GD with "
              "eta s_max^2 <= 1 after t steps, Risk(GD) <= 4 Risk(ridge at 1/(eta t)), and 4 is sharp",
    sources=[Source(MSML, "App. C line 'early stopping ≈ ridge with lam ∝ 1/T'; App. B Thm 4.1; Ali, Kolter & "
                          "Tibshirani (2019), Thm 1", ("MSML-244",))],
    kind="numeric",
    area="implicit-bias",
    instances=risk_cases(),
    conclusion=risk_checks,
    proof_idea="Per singular direction the bias factor of the flow, e^{-2x}, is below ridge's (1+x)^{-2}, and its "
               "variance factor (1 - e^{-x})^2 is at most C^2 (x/(1+x))^2; for GD the factors are (1 - a)^{2t} <= "
               "(1+x)^{-2} and g^2 <= 4 (x/(1+x))^2. Summing gives the risks; the bounds are attained by pure noise "
               "on one direction at x = x* (flow) or a = 1, t = 1 (GD).",
    mutants=[
        Mutant("ratio-1-5", "pure noise on one direction at t s^2 = 1.793 gives the ratio C^2 = 1.6859 > 1.5",
               conclusion=lambda c: risk_checks(c, flow_const=1.5)),
        Mutant("ratio-just-below-sharp", "C^2 is attained by pure noise on one direction at t s^2 = x*, so "
                                         "0.99999 C^2 fails there",
               conclusion=lambda c: risk_checks(c, flow_const=GF_RIDGE_CONSTANT ** 2 * (1 - 1e-5))),
        Mutant("flow-constant-for-gd", "one GD step with eta s^2 = 1 fits the noise fully: variance 1/s^2 against "
                                       "ridge's 1/(4 s^2), a ratio 4 > 1.6862",
               conclusion=lambda c: risk_checks(c, gd_const=PRINTED_RATIO)),
        Mutant("calibration-lam-equals-t", "with lam = t ridge is nearly the zero estimator for large t, while the "
                                           "flow has fitted the noise",
               conclusion=lambda c: risk_checks(c, lam=c.time)),
    ],
    examples=60,
)
test_gradient_flow_ridge_risk_ratio = RISK.test()


def narrow_spectrum_only(c: RiskCase) -> Check:
    (Hf, ef), _, (Hr, er) = _operators(c)
    Rf, tf = _risk(Hf, ef, c)
    Rr, tr = _risk(Hr, er, c)
    return ge(Rf, PRINTED_RATIO * Rr, tf + PRINTED_RATIO * tr,
              label=f"wide spectrum (cond {c.design.kappa:.3g}): flow(t) risk exceeds 1.6862 ridge(1/t) (as printed)")


NARROW_AUDIT = Claim(
    id="early-stopping-ridge-narrow-spectrum-as-printed",
    title="As printed: early stopping ≈ ridge holds only for narrow spectra (lam_max/lam_min ≈ 2)",
    statement="(as printed) the early-stopping / ridge equivalence holds only for narrow-spectrum problems, "
              "lam_max/lam_min ≈ 2; for wider spectra the calibration lam = 1/t fails",
    sources=[Source(MSML, "C.13 notes", ("MSML-244",))],
    kind="numeric",
    area="implicit-bias",
    instances=risk_cases(min_cond=np.sqrt(10), tight=False),
    conclusion=narrow_spectrum_only,
    proof_idea="The 1.6862 bound is pointwise in each singular direction, so the width of the spectrum is irrelevant.",
    audit=True,
    corrected="gradient-flow-ridge-risk-ratio",
    finding="false: the risk of gradient flow at t is at most 1.6862 times that of ridge at 1/t for every design "
            "(Ali, Kolter & Tibshirani 2019, Thm 1), whatever the condition number; the search finds designs with "
            "lam_max/lam_min >= 10 where the ratio is well below 1.6862.",
    examples=30,
)
test_early_stopping_ridge_narrow_spectrum_as_printed = NARROW_AUDIT.test()


# --- late iterations can raise the risk -------------------------------------------------------------

DELTA = 1e-6
"""Near interpolation: training loss ||X w - y||^2 / 2 at most DELTA ||y||^2."""


def _late_path(c: LateFitCase):
    X = c.design.X
    y = X @ c.beta + c.noise
    n, d = X.shape
    # the training loss is at most ||e||^2 (1 - s_min^2)^(2t) / 2 after the first step
    slow = float(np.min(c.design.s)) ** 2
    e2, y2 = float(c.noise @ c.noise), float(y @ y)
    steps = 5 + (int(np.ceil(np.log(e2 / (2 * DELTA * y2)) / (-2 * np.log1p(-slow)))) if e2 > 2 * DELTA * y2 else 0)
    W = gd_least_squares(X, y, 1.0, steps)
    fro = float(np.linalg.norm(X))
    delta = (n + d + 4) * EPS * (1 + fro ** 2) * (np.linalg.norm(W, axis=1) + np.linalg.norm(y) / fro)
    acc = np.concatenate([[0.0], np.cumsum(delta[:-1])])
    train = 0.5 * np.linalg.norm(W @ X.T - y, axis=1) ** 2
    risk = np.linalg.norm(W - c.beta, axis=1) ** 2
    risk_tol = 2 * acc * (np.sqrt(risk) + acc) + 8 * EPS * risk
    limit = min_norm_solution(X, y, rcond=RCOND)
    return y, train, risk, risk_tol, float(np.linalg.norm(limit - c.beta) ** 2)


def late_risk_increase(c: LateFitCase) -> list[Check]:
    y, train, risk, tol, risk_inf = _late_path(c)
    ok = np.nonzero(train[1:] <= DELTA * np.linalg.norm(y) ** 2)[0]
    t1 = int(ok[0]) + 1 if ok.size else len(train) - 1
    return [le(train[t1], DELTA * np.linalg.norm(y) ** 2, 0.0, label=f"training loss at t1 = {t1} is <= 1e-6 ||y||^2"),
            le(risk[t1] + tol[t1], risk_inf, label="risk(t1) + rounding < risk of the limit X⁺y",
               why="accumulated GD rounding 2 acc (||w - beta|| + acc)")]


def risk_monotone(c: LateFitCase) -> Check:
    _, _, risk, tol, _ = _late_path(c)
    k = int(np.argmax(risk[2:] - risk[1:-1] - tol[2:])) + 2
    return le(risk[k], risk[k - 1], tol[k], label=f"risk(t) <= risk(t - 1), t = {k}", why="GD rounding")


LATE = Claim(
    id="late-gd-iterations-raise-risk",
    title="Continued GD can raise the risk after near-interpolation",
    statement="there are least-squares problems with label noise on which GD from 0 reaches training loss "
              "<= 1e-6 ||y||^2 at some t1 while the risk ||w_t - beta||^2 keeps increasing afterwards, to that of "
              "the interpolant X⁺y: e.g. signal on singular directions with eta s^2 = 1 (fitted in one step) and "
              "noise on slower directions, which late iterations fit",
    sources=[Source(MSML, "exercise A.12 and its solution", ("MSML-47",))],
    kind="numeric",
    area="implicit-bias",
    instances=late_fit_cases(),
    conclusion=late_risk_increase,
    proof_idea="Per direction the error is (g_t - 1) b_i + g_t e_i/s_i; on the fast directions it is 0 after one "
               "step, on the noisy slow ones g_t^2 e_i^2/s_i^2 increases to e_i^2/s_i^2 while the training loss "
               "(1 - g_t)^2 e_i^2 decays to 0.",
    mutants=[
        Mutant("risk-monotone", "the risk along the noisy slow directions strictly increases with t",
               conclusion=risk_monotone),
        Mutant("without-label-noise", "without noise every direction's error (1 - g_t) b_i decreases to 0, so "
                                      "the risk never rises", instances=late_fit_cases(noisy=False)),
    ],
    examples=30,
)
test_late_gd_iterations_raise_risk = LATE.test()
