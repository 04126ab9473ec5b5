"""Gradient descent on quadratics: eigen-coordinates, the stability threshold 2/λ_max, the optimal step.

Statement.  On ``f(w) = ½ Σ_i λ_i w_i^2`` (any PD quadratic in its eigenbasis, ``λ_i > 0``), GD with step
``eta`` gives ``w_i^(t) = (1 - eta λ_i)^t w_i^(0)`` exactly, so with ``rho(eta) = max_i |1 - eta λ_i|``:
``||w_t|| <= rho^t ||w_0||``, attained on the extreme coordinate.  ``rho < 1`` iff ``0 < eta < 2/λ_max``:
a coordinate with ``eta > 2/λ_i`` grows geometrically, one with ``eta = 2/λ_i`` keeps its magnitude.
The threshold depends on ``λ_max`` alone, not on ``kappa = λ_max/λ_min`` (audit).  The step
``eta* = 2/(λ_max + λ_min)`` minimizes ``rho``, with ``rho* = (kappa - 1)/(kappa + 1)``; for a
block-diagonal Hessian, blockwise optimal steps give ``max_l (kappa_l - 1)/(kappa_l + 1)``, never worse than
the best single step.

Sources.  Arora et al., §2.4 (ARORA-20 diagonalization, ARORA-21 threshold and rate); MSML App. B.1
(MSML-53), B.15 (MSML-65), Example 1 (MSML-25, eigen-coordinates), the stability discussion (MSML-233,
MSML-234 audited).

Proof ideas.  The update is the diagonal linear map ``diag(1 - eta λ_i)``.  ``|1 - eta λ| < 1`` iff
``0 < eta λ < 2``.  ``rho(eta) = max(|1 - eta λ_min|, |1 - eta λ_max|)`` is the max of a decreasing and an
eventually increasing piecewise-linear function of eta; they cross at ``eta*`` where both equal
``(λ_max - λ_min)/(λ_max + λ_min)``.  Each block's range ``[λ_min,l, λ_max,l]`` lies inside the global one
and ``(k - 1)/(k + 1)`` increases in ``k``.

Least squares (floating point).  For ``½||X w - y||^2`` and GD from ``w_0 = 0`` the residual
``r_t = X w_t - y`` obeys ``r_(t+1) = (I - eta X Xᵀ) r_t`` exactly; its component in ``null(Xᵀ)`` never
moves, and for ``0 < eta <= 1/λ_max`` the rest shrinks as ``||P r_t|| <= (1 - eta λ⁺_min)^t ||P r_0||``
(equality from a λ⁺_min eigenvector).  The Hessian of ``(1/2n)||Xθ - y||^2`` is ``XᵀX/n``.  (Zhao Ch. 4,
ZHAO-24/25; MSML-8.)  Tolerances: the computed GD map is nonexpansive up to rounding, so the iterate
error is at most the sum of the per-step errors ``2 eps ||w|| + eta (n + d + 2) eps ||X||_F (||X||_F ||w|| + ||y||)``;
the eigen-decomposition of ``XXᵀ`` is exact for a matrix within ``8 (n + d) eps ||X||_F^2``, and
``(I - eta K)^t`` moves by at most ``t eta`` per unit change of ``K`` (``||I - eta K|| <= 1``).  The
second differences of a quadratic are exact up to ``16 eps`` times the values involved.

The rest is exact (rational spectra, steps and starts; Fractions).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.documents import ARORA, MSML, ZHAO
from checks.linalg import EPS, gd_least_squares, nonzero_singular_values, row_space_projector
from checks.smooth import contraction_factor, diagonal_gd, optimal_step
from checks.strategies.smooth import (DiagonalCase, LeastSquaresCase, block_spectra, diagonal_cases,
                                      least_squares_cases, spectrum_pairs)


def diagonal_checks(c: DiagonalCase, threshold=lambda lam: 2 / max(lam), power: int = 1) -> list[Check]:
    ws = diagonal_gd(c.lam, c.w0, c.eta, c.steps)
    rho = contraction_factor(c.lam, c.eta)
    out = [equal(tuple(ws[-1]), tuple((1 - c.eta * x) ** (power * c.steps) * w for x, w in zip(c.lam, c.w0)),
                 label="w_i^(t) = (1 - eta λ_i)^t w_i^(0)"),
           le(sum(w * w for w in ws[-1]), rho ** (2 * c.steps) * sum(w * w for w in c.w0),
              label="||w_t||^2 <= rho^(2t) ||w_0||^2, rho = max|1 - eta λ_i|"),
           holds((rho < 1) == (c.eta < threshold(c.lam)), label="rho < 1 iff eta < 2/λ_max",
                 detail=f"rho = {rho}, eta λ_max = {c.eta * max(c.lam)}")]
    for x, w0, wt in zip(c.lam, c.w0, ws[-1]):
        if w0 != 0 and c.eta * x > 2:
            out.append(ge(abs(wt), abs(w0) * (c.eta * x - 1) ** c.steps, label="eta > 2/λ_i: geometric growth"))
        if c.eta * x == 2:
            out.append(equal(abs(wt), abs(w0), label="eta = 2/λ_i: constant magnitude"))
    return out


DIAGONAL = Claim(
    id="gd-quadratic-stability-threshold",
    title="GD on a quadratic in eigen-coordinates; it converges from every start iff eta < 2/λ_max",
    statement="On ½ Σ λ_i w_i^2 (λ_i > 0): w_i^(t) = (1 - eta λ_i)^t w_i^(0), ||w_t|| <= rho^t ||w_0|| with "
              "rho = max_i|1 - eta λ_i|, and rho < 1 iff 0 < eta < 2/λ_max; coordinates with eta > 2/λ_i grow "
              "geometrically, those with eta = 2/λ_i keep their magnitude",
    sources=[Source(ARORA, "§2.4 (diagonalization of quadratic GD; stability and condition number)",
                    ("ARORA-20", "ARORA-21")),
             Source(MSML, "Example 1 (GD in Hessian eigencoordinates); linear stability eta < 2/λ_max",
                    ("MSML-25", "MSML-233"))],
    kind="exact",
    area="optimization",
    instances=diagonal_cases(),
    conclusion=diagonal_checks,
    proof_idea="The GD map is diag(1 - eta λ_i); |1 - eta λ| < 1 iff 0 < eta λ < 2.",
    mutants=[
        Mutant("threshold-1-over-lmax", "for 1/λ_max <= eta < 2/λ_max every |1 - eta λ_i| < 1: GD still converges",
               conclusion=lambda c: diagonal_checks(c, threshold=lambda lam: 1 / max(lam))),
        Mutant("threshold-2-over-lmin", "for 2/λ_max < eta < 2/λ_min the top coordinate diverges",
               conclusion=lambda c: diagonal_checks(c, threshold=lambda lam: 2 / min(lam))),
        Mutant("squared-factor", "one step multiplies coordinate i by 1 - eta λ_i, not its square",
               conclusion=lambda c: diagonal_checks(c, power=2)),
    ],
    examples=100,
)
test_gd_quadratic_stability_threshold = DIAGONAL.test()


def optimal_checks(c: DiagonalCase, rate=lambda k: (k - 1) / (k + 1), best=optimal_step) -> list[Check]:
    kappa = max(c.lam) / min(c.lam)
    rho_star = contraction_factor(c.lam, best(c.lam))
    r = rate(kappa)
    out = [le(rho_star, r, label="rho(2/(λ_max + λ_min)) <= (kappa - 1)/(kappa + 1)"),
           le(rho_star, contraction_factor(c.lam, c.eta), label="the step 2/(λ_max + λ_min) is optimal")]
    if isinstance(r, Fraction):
        out.append(equal(rho_star, r, label="rho* = (kappa - 1)/(kappa + 1)"))
    return out


OPTIMAL = Claim(
    id="gd-optimal-constant-step",
    title="The best constant step 2/(λ_max + λ_min) and the rate (kappa - 1)/(kappa + 1)",
    statement="For a PD quadratic with extreme eigenvalues λ_min, λ_max and kappa = λ_max/λ_min: "
              "min_eta max_i |1 - eta λ_i| = (kappa - 1)/(kappa + 1), attained at eta* = 2/(λ_max + λ_min)",
    sources=[Source(MSML, "App. B.1 (GD rate with the optimal constant step)", ("MSML-53",)),
             Source(ARORA, "§2.4 (the condition number governs the rate)", ("ARORA-21",))],
    kind="exact",
    area="optimization",
    instances=diagonal_cases(),
    conclusion=optimal_checks,
    proof_idea="rho(eta) = max(|1 - eta λ_min|, |1 - eta λ_max|); the two branches cross at eta*.",
    mutants=[
        Mutant("accelerated-rate", "(sqrt(kappa) - 1)/(sqrt(kappa) + 1) < (kappa - 1)/(kappa + 1) is the heavy-ball rate, "
               "not attainable by a constant step",
               conclusion=lambda c: optimal_checks(c, rate=lambda k: (math.sqrt(k) - 1) / (math.sqrt(k) + 1))),
        Mutant("step-2-over-lmax-optimal", "at eta = 2/λ_max the top coordinate does not contract (rho = 1)",
               conclusion=lambda c: optimal_checks(c, best=lambda lam: 2 / max(lam))),
    ],
    examples=100,
)
test_gd_optimal_constant_step = OPTIMAL.test()


def _star(lam) -> Fraction:
    k = max(lam) / min(lam)
    return (k - 1) / (k + 1)


def block_checks(blocks, swap: bool = False) -> list[Check]:
    every = [x for b in blocks for x in b]
    block_rho = [contraction_factor(b, optimal_step(b)) for b in blocks]
    single = contraction_factor(every, optimal_step(every))
    lhs, rhs = (single, max(block_rho)) if swap else (max(block_rho), single)
    return [*(equal(r, _star(b), label="block l: rho_l* = (kappa_l - 1)/(kappa_l + 1)") for r, b in zip(block_rho, blocks)),
            le(lhs, rhs, label=("best single step <= blockwise" if swap else "max_l rho_l* <= best single-step rho*"))]


BLOCKS = Claim(
    id="blockwise-optimal-steps",
    title="Block-diagonal Hessian: blockwise optimal steps are never worse than one step",
    statement="For H = blkdiag(H_1, ..., H_m) with SPD blocks, steps eta_l = 2/(λ_max,l + λ_min,l) contract block l "
              "by (kappa_l - 1)/(kappa_l + 1), and max_l of these is <= (kappa - 1)/(kappa + 1) for the global kappa",
    sources=[Source(MSML, "App. B.15 (block-diagonal Hessian, layerwise steps)", ("MSML-65",))],
    kind="exact",
    area="optimization",
    instances=block_spectra(),
    conclusion=block_checks,
    proof_idea="Each block's eigenvalue range lies in the global one, so kappa_l <= kappa, and (k - 1)/(k + 1) increases.",
    mutants=[Mutant("single-step-as-good", "blocks with disjoint ranges (e.g. [1, 1] and [100, 100]) have "
                    "blockwise rate 0 but single-step rate 99/101", conclusion=lambda b: block_checks(b, swap=True))],
    examples=100,
)
test_blockwise_optimal_steps = BLOCKS.test()


def _kappa_printed(pair) -> Check:
    a, b = pair
    ka, kb = max(a) / min(a), max(b) / min(b)
    if ka < kb:
        a, b, ka, kb = b, a, kb, ka
    return le(2 / max(a), 2 / max(b), label="kappa(A) >= kappa(B) ⇒ alpha_max(A) = 2/λ_max(A) <= alpha_max(B)")


KAPPA_PRINTED = Claim(
    id="stable-step-shrinks-with-kappa-printed",
    title="'Large condition number ⇒ the maximal stable step is small' as printed",
    statement="Of two quadratics, the one with the larger condition number has the smaller stable step alpha_max",
    sources=[Source(MSML, "App. A / stability discussion ('large kappa ⇒ alpha_max very small'; 'alpha ∝ 1/sqrt(kappa)')",
                    ("MSML-234",))],
    kind="exact",
    area="optimization",
    instances=spectrum_pairs(),
    conclusion=_kappa_printed,
    proof_idea="alpha_max = 2/λ_max depends on λ_max only; kappa can grow by shrinking λ_min.",
    audit=True,
    corrected="gd-quadratic-stability-threshold",
    finding="The stable step is alpha_max = 2/λ_max, independent of λ_min: diag(1, 1e-6) has kappa = 1e6 and "
            "alpha_max = 2, larger than for diag(10, 10) with kappa = 1.  kappa governs the rate "
            "((kappa - 1)/(kappa + 1) at the best step), not stability; 'alpha ∝ 1/sqrt(kappa)' mixes a step "
            "(1/curvature) with a dimensionless number.",
)
test_stable_step_shrinks_with_kappa_printed = KAPPA_PRINTED.test()


def least_squares_checks(c: LeastSquaresCase, factor: float = 1.0, rate_of=lambda lam: lam.min(),
                         project: bool = True) -> list[Check]:
    X, y, eta, T = c.X, c.y, c.eta, c.steps
    n, d = X.shape
    ws = gd_least_squares(X, y, eta, T)
    K = X @ X.T
    lam, Q = np.linalg.eigh(K)
    P = row_space_projector(X.T)
    pos = nonzero_singular_values(X) ** 2
    r0 = -y
    nF = float(np.linalg.norm(X))
    step_err = [2 * EPS * np.linalg.norm(w) + eta * (n + d + 2) * EPS * nF * (nF * np.linalg.norm(w) + np.linalg.norm(y))
                for w in ws]
    rate = 1 - eta * rate_of(pos)
    out_map, out_null, out_rate = [], [], []
    for t in range(1, T + 1):
        r = X @ ws[t] - y
        predicted = Q @ ((1 - factor * eta * lam) ** t * (Q.T @ r0))
        drift = float(np.sum(step_err[:t]))
        tol = (nF * drift + (d + 2) * EPS * nF * np.linalg.norm(ws[t]) + EPS * np.linalg.norm(y)
               + (t * eta * 8 * (n + d) * EPS * nF ** 2 + 8 * n * EPS) * np.linalg.norm(r0))
        why = "summed per-step rounding + eigen-decomposition backward error times t eta"
        out_map.append(close(r, predicted, tol, label=f"r_t = (I - eta XXᵀ)^t r_0 at t = {t}", why=why))
        ptol = tol + 8 * n * EPS * (np.linalg.norm(r) + np.linalg.norm(r0))
        out_null.append(close(r - P @ r, r0 - P @ r0, ptol, label=f"null(Xᵀ) component fixed at t = {t}", why=why))
        lhs = float(np.linalg.norm(P @ r if project else r))
        out_rate.append(le(lhs, rate ** t * float(np.linalg.norm(P @ r0)), ptol,
                           label=f"||P r_t|| <= (1 - eta λ⁺_min)^t ||P r_0|| at t = {t}", why=why))
    worst = lambda cs: max(cs, key=lambda ch: ch.ratio)
    # Hessian of (1/2n)||Xθ - y||^2 by exact second differences of the quadratic (h = 1).
    loss = lambda th: 0.5 * float(np.sum((X @ th - y) ** 2)) / n
    E = np.eye(d)
    H = np.array([[loss(E[i] + E[j]) - loss(E[i]) - loss(E[j]) + loss(np.zeros(d)) for j in range(d)] for i in range(d)])
    htol = 16 * (n + d) * EPS * (loss(np.zeros(d)) + (nF + 1) ** 2 * (1 + np.linalg.norm(y)) ** 2 / n)
    hess = close(H, X.T @ X / n, htol, label="Hessian of (1/2n)||Xθ - y||^2 = XᵀX/n",
                 why="16 (n + d) eps times the loss values")
    return [worst(out_map), worst(out_null), worst(out_rate), hess]


LEAST_SQUARES = Claim(
    id="least-squares-residual-dynamics",
    title="GD on least squares: r_(t+1) = (I - eta XXᵀ) r_t, fixed null(Xᵀ) part, decay at 1 - eta λ⁺_min",
    statement="For ½||Xw - y||^2 and GD from 0 with 0 < eta <= 1/λ_max(XXᵀ): r_t = (I - eta XXᵀ)^t r_0, the "
              "component of r_t in null(Xᵀ) equals that of r_0, and ||P r_t|| <= (1 - eta λ⁺_min)^t ||P r_0|| for the "
              "projector P onto range(X); the Hessian of (1/2n)||Xθ - y||^2 is XᵀX/n",
    sources=[Source(ZHAO, "Ch. 4, least-squares residual dynamics", ("ZHAO-24", "ZHAO-25")),
             Source(MSML, "least-squares Hessian = feature covariance", ("MSML-8",))],
    kind="numeric",
    area="optimization",
    instances=least_squares_cases(),
    conclusion=least_squares_checks,
    proof_idea="r_(t+1) = X(w_t - eta Xᵀ r_t) - y = (I - eta XXᵀ) r_t; XXᵀ vanishes on null(Xᵀ) and has spectrum "
               "in [λ⁺_min, λ_max] on range(X).",
    mutants=[
        Mutant("factor-two", "the residual map is I - eta XXᵀ, not I - 2 eta XXᵀ",
               conclusion=lambda c: least_squares_checks(c, factor=2.0)),
        Mutant("rate-lambda-max", "from a λ⁺_min eigenvector the residual shrinks by exactly 1 - eta λ⁺_min per step",
               conclusion=lambda c: least_squares_checks(c, rate_of=lambda lam: lam.max())),
        Mutant("residual-vanishes", "for y outside range(X) the null(Xᵀ) part of the residual persists",
               conclusion=lambda c: least_squares_checks(c, project=False)),
    ],
    examples=60,
)
test_least_squares_residual_dynamics = LEAST_SQUARES.test()
