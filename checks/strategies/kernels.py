"""Strategies for kernel problems: explicit feature maps, samples, regularized ERM problems,
projections onto the span of the kernel sections, and kernel gradient descent.

Samples are small (at most 8 points, at most 30 features), seeded from a drawn integer.  Point
families: uniform on ``[-1, 1]^d``; one pair of points at a drawn small distance (ill-conditioned
``K``); exact repeats (singular ``K``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from checks.erm import (Penalty, RadialPenalty, dead_zone_penalty,
                        l1_penalty, log_penalty, norm_penalty, pseudo_huber_penalty, quartic_penalty,
                        squared_norm_penalty, weighted_ridge_penalty)
from checks.kernels import FeatureMap, PolynomialFeatures, RandomFourierFeatures, kernel_matrix
from checks.losses import LOGISTIC, SQUARED, MarginLoss, smooth_hinge
from checks.strategies.designs import step_multipliers

SEEDS = st.integers(0, 2**32 - 1)
LOSSES = (SQUARED, LOGISTIC, smooth_hinge(0.5))
"""Squared (real labels), logistic and a smooth hinge (labels ``±1``): convex margin losses."""

RANK_RCOND = 1e-11
"""Eigenvalues of ``K`` at or below ``RANK_RCOND * s_max`` count as zero.  Kernel-GD draws keep the
spectrum out of ``(1e-13, 1e-9) * s_max``, so the rank is unambiguous."""

MAX_COND = 1e8
"""The largest condition number of ``K`` in the regularized-ERM draws (the kernel form inverts it)."""

POLYNOMIAL_SHAPES = tuple((d, p, c) for d in range(1, 8) for p in range(1, 10) for c in (1.0, 0.0))


def feature_maps(min_dim: int = 3, max_dim: int = 30) -> SearchStrategy[FeatureMap]:
    """Polynomial feature maps (inhomogeneous and homogeneous) and random Fourier features with
    ``min_dim <= D <= max_dim``."""
    shapes = [s for s in POLYNOMIAL_SHAPES if min_dim <= PolynomialFeatures(*s).dim <= max_dim]
    options = [st.sampled_from(shapes).map(lambda s: PolynomialFeatures(*s))] if shapes else []
    low, high = max(1, -(-min_dim // 2)), max_dim // 2
    if low <= high:
        options.append(st.builds(RandomFourierFeatures, dim_in=st.integers(1, 4),
                                 n_frequencies=st.integers(low, high), bandwidth=st.floats(0.5, 2.0),
                                 seed=SEEDS))
    if not options:
        raise ValueError(f"no feature map with {min_dim} <= D <= {max_dim}")
    return st.one_of(*options)


def sample_points(rng: np.random.Generator, n: int, d: int, family: str, gap: float = 1e-2) -> np.ndarray:
    """``n`` points in ``[-1, 1]^d``: ``uniform``; ``near-pair`` (the last point within ``gap`` of
    the first); ``repeats`` (the last point repeats the first, so ``K`` is singular)."""
    if family not in ("uniform", "near-pair", "repeats"):
        raise ValueError(f"unknown point family {family!r}")
    X = rng.uniform(-1, 1, (n, d))
    if n >= 2 and family == "near-pair":
        u = rng.standard_normal(d)
        X[-1] = X[0] + gap * u / np.linalg.norm(u)
    elif n >= 2 and family == "repeats":
        X[-1] = X[0]
    return X


def _labels(rng: np.random.Generator, loss: MarginLoss, n: int) -> np.ndarray:
    if loss is SQUARED:
        return rng.standard_normal(n)
    return rng.choice([-1.0, 1.0], size=n)


# ------------------------------------------------------------------------------- regularized ERM

@dataclass(frozen=True, eq=False)
class RegularizedProblem:
    """Minimize ``sum_i l(w · phi(x_i), y_i) + (lam/2)||w||^2 + P(w)`` over ``w in R^D`` (solver
    started at ``w_start``); ``X_test`` are fresh points; ``(x_extra, y_extra)`` is a point outside
    the sample (used only by the variant whose objective also looks at it)."""

    features: FeatureMap
    X: np.ndarray
    y: np.ndarray
    loss: MarginLoss
    lam: float
    penalty: Penalty | None
    w_start: np.ndarray
    X_test: np.ndarray
    x_extra: np.ndarray
    y_extra: float
    family: str


PENALTY_KINDS = ("radial", "ridge", "l1", "weighted")


def _penalty(draw: st.DrawFn, kind: str, lam: float, D: int, rng: np.random.Generator) -> Penalty | None:
    if kind == "ridge":
        return None
    if kind == "l1":
        return l1_penalty(draw(st.floats(0.2, 2.0)))
    if kind == "weighted":
        mu = draw(st.floats(0.5, 3.0))
        if draw(st.booleans()):  # a penalty on one coordinate only
            weights = np.zeros(D)
            weights[draw(st.integers(0, D - 1))] = mu
        else:
            weights = mu * rng.uniform(0, 1, D)
        return weighted_ridge_penalty(weights)
    shape = draw(st.sampled_from(["none", "squared", "norm", "pseudo-huber", "log", "quartic"]))
    if shape == "none":
        return None
    if shape == "log":  # curvature mu/4 < lam keeps the objective strongly convex
        return log_penalty(draw(st.floats(0.01, 2.0)) * lam)
    mu = draw(st.floats(0.01, 2.0))
    return {"squared": squared_norm_penalty, "norm": norm_penalty, "pseudo-huber": pseudo_huber_penalty,
            "quartic": quartic_penalty}[shape](mu)


@st.composite
def regularized_problems(draw: st.DrawFn, penalty: str = "radial",
                         losses: tuple[MarginLoss, ...] = LOSSES) -> RegularizedProblem:
    """Problems with ``n < D`` (so the span of the sample features is a proper subspace) and
    ``cond(K) <= MAX_COND``.  ``penalty``: ``radial`` (none, or ``mu ||w||^2/2``, ``mu ||w||``,
    pseudo-Huber, ``mu log(1 + ||w||^2)`` with ``mu < 2 lam``, ``mu ||w||^4/4``), ``ridge`` (none),
    ``l1`` (``mu ||w||_1``) or ``weighted`` (``||Dw||^2/2``: random weights or one coordinate)."""
    if penalty not in PENALTY_KINDS:
        raise ValueError(f"penalty must be one of {PENALTY_KINDS}, got {penalty!r}")
    features = draw(feature_maps(3, 30))
    D, d = features.dim, features.dim_in
    n = draw(st.integers(2, min(8, D - 1)))
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    family = draw(st.sampled_from(["uniform", "uniform", "near-pair"]))
    gap = 10.0 ** -draw(st.floats(1, 3))
    X = sample_points(rng, n, d, family, gap)
    K = kernel_matrix(features, X)
    s = np.linalg.eigvalsh(K)
    assume(s[0] > 0 and s[-1] / s[0] <= MAX_COND)
    loss = draw(st.sampled_from(losses))
    lam = 10.0 ** draw(st.floats(-1.5, 0.3))
    pen = _penalty(draw, penalty, lam, D, rng)
    w_start = rng.standard_normal(D) if draw(st.booleans()) else np.zeros(D)
    label = f"{family}{f' (gap {gap:.2g})' if family == 'near-pair' else ''}, n={n}, seed {seed}"
    return RegularizedProblem(features, X, _labels(rng, loss, n), loss, float(lam), pen, w_start,
                              rng.uniform(-1, 1, (3, d)), rng.uniform(-1, 1, d),
                              float(_labels(rng, loss, 1)[0]), label)


# ------------------------------------------------------------------------------------ projection

@dataclass(frozen=True, eq=False)
class ProjectionProblem:
    """``f = sum_i alpha_i k(x_i, .) + sum_j beta_j k(z_j, .)`` to be projected onto
    ``span{k(x_i, .)}``; the objective ``sum_i l(f(x_i), y_i) + omega(||f||_H)``."""

    features: FeatureMap
    X: np.ndarray
    Z: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    loss: MarginLoss
    y: np.ndarray
    omega: RadialPenalty
    family: str


def _strict_omega(draw: st.DrawFn) -> RadialPenalty:
    shape = draw(st.sampled_from(["squared", "norm", "pseudo-huber", "log", "quartic"]))
    return {"squared": squared_norm_penalty, "norm": norm_penalty, "pseudo-huber": pseudo_huber_penalty,
            "log": log_penalty, "quartic": quartic_penalty}[shape](draw(st.floats(0.1, 2.0)))


@st.composite
def projection_problems(draw: st.DrawFn, omega: str = "strict", off_span: bool = False
                        ) -> ProjectionProblem:
    """``omega``: ``strict`` (strictly increasing: ``mu r^2/2``, ``mu r``, pseudo-Huber,
    ``mu log(1 + r^2)`` (not convex), ``mu r^4/4``) or ``dead-zone`` (``mu max(0, r - R)^2/2`` with
    ``R >= ||f||``: nondecreasing, flat at ``||f||``).  Families: ``generic``; ``in-span``
    (``beta = 0``, where ``||Pf|| = ||f||``); ``near-centres`` (each ``z_j`` within a small distance
    of a sample point); ``repeats`` (a repeated sample point: singular ``K``).  ``off_span`` drops the
    in-span family."""
    features = draw(feature_maps(3, 30))
    d = features.dim_in
    n = draw(st.integers(1, 8))
    m = draw(st.integers(1, 4))
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    families = ["generic", "near-centres", "repeats"] + ([] if off_span else ["in-span"])
    family = draw(st.sampled_from(families))
    X = sample_points(rng, n, d, "repeats" if family == "repeats" else "uniform")
    if family == "near-centres":
        gap = 10.0 ** -draw(st.floats(1, 4))
        U = rng.standard_normal((m, d))
        Z = X[rng.integers(0, n, m)] + gap * U / np.linalg.norm(U, axis=1, keepdims=True)
        family += f" (gap {gap:.2g})"
    else:
        Z = rng.uniform(-1, 1, (m, d))
    s = np.linalg.eigvalsh(kernel_matrix(features, X))[::-1]
    assume(s[0] > 0 and not np.any((s / s[0] > 1e-13) & (s / s[0] < 1e-9)))
    alpha = rng.standard_normal(n)
    beta = np.zeros(m) if family == "in-span" else rng.standard_normal(m)
    loss = draw(st.sampled_from(LOSSES))
    y = _labels(rng, loss, n)
    if omega == "strict":
        om = _strict_omega(draw)
    elif omega == "dead-zone":
        coef = np.concatenate([alpha, beta])
        C = np.vstack([X, Z])
        norm_f = float(np.sqrt(max(coef @ kernel_matrix(features, C) @ coef, 0.0)))
        om = dead_zone_penalty(draw(st.floats(0.1, 2.0)), norm_f * (1 + draw(st.floats(0, 1))))
    else:
        raise ValueError(f"omega must be 'strict' or 'dead-zone', got {omega!r}")
    return ProjectionProblem(features, X, Z, alpha, beta, loss, y, om, f"{family}, n={n}, m={m}, seed {seed}")


# ------------------------------------------------------------------------------ kernel GD

@dataclass(frozen=True, eq=False)
class KernelGDProblem:
    """Kernel GD ``alpha_{t+1} = alpha_t - eta (K alpha_t - y)`` for ``steps`` steps, with
    ``eta = c / lambda_max(K)``; ``w0`` and ``alpha0`` are initializations used by the primal
    (feature-space) run and by the variants; ``X_test`` are fresh points."""

    features: FeatureMap
    X: np.ndarray
    y: np.ndarray
    c: float
    eta: float
    steps: int
    w0: np.ndarray
    alpha0: np.ndarray
    X_test: np.ndarray
    family: str


def positive_spectrum(K: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The eigenpairs of ``K`` above ``RANK_RCOND * s_max``, decreasing."""
    s, V = np.linalg.eigh(K)
    s, V = s[::-1], V[:, ::-1]
    keep = s > RANK_RCOND * s[0]
    return s[keep], V[:, keep]


@st.composite
def kernel_gd_problems(draw: st.DrawFn, step: tuple[float, float] = (0.0, 2.0), target: str = "range",
                       singular: bool = False, w0: str = "any", alpha0: str = "zero",
                       max_steps: int = 300) -> KernelGDProblem:
    """``step``: the range of ``c = eta lambda_max(K)`` (``(0, 2)`` is the stable range).
    ``target``: ``range`` (``y ~ N(0, K)``, the law of ``Phi v`` for ``v ~ N(0, I)``, built from the
    eigenvectors of ``K`` so that ``y in range(K)`` up to rounding; half of these put ``K⁺y`` on the
    eigenvector with the slowest factor ``|1 - eta s_i|``, where the rate bound is attained) or
    ``off-range`` (``y`` also has a component in ``null(K)``; needs a singular ``K``).
    ``singular``: force a singular ``K`` (a repeated point).  ``w0``: ``any`` (zero or Gaussian),
    ``off-span`` (Gaussian with ``D > rank``, so it has a component off the span).  ``alpha0``:
    ``zero`` or ``random``."""
    singular = singular or target == "off-range"
    features = draw(feature_maps(1, 30))
    D, d = features.dim, features.dim_in
    n = draw(st.integers(2, 8))
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    family = "repeats" if singular else draw(st.sampled_from(["uniform", "uniform", "repeats"]))
    X = sample_points(rng, n, d, family)
    K = kernel_matrix(features, X)
    s_all = np.linalg.eigvalsh(K)[::-1]
    assume(s_all[0] > 0)
    ratios = s_all / s_all[0]
    assume(not np.any((ratios > 1e-13) & (ratios < 1e-9)))
    s, V = positive_spectrum(K)
    rank = s.size
    if singular:
        assume(rank < n)
    if w0 == "off-span":
        assume(D > rank)
    c = draw(step_multipliers(*step) if step == (0.0, 2.0)
             else st.floats(*step, exclude_min=True, exclude_max=True))
    eta = c / s[0]
    aligned = target == "range" and draw(st.booleans())
    if aligned:
        k = int(np.argmax(np.abs(1 - eta * s)))
        y = s[k] * V[:, k] * draw(st.floats(0.5, 2.0))
        label = f"K⁺y along eigenvector {k + 1} (slowest factor)"
    else:  # y = sum_i sqrt(s_i) g_i v_i, distributed as Phi v for v ~ N(0, I), built in range(K)
        y = V @ (np.sqrt(s) * rng.standard_normal(rank))
        label = "y in range(K)"
    if target == "off-range":
        null = rng.standard_normal(n)
        null -= V @ (V.T @ null)
        y = y + draw(st.floats(0.1, 1.0)) * np.linalg.norm(y) * null / np.linalg.norm(null)
        label += " + a null(K) component"
    elif target != "range":
        raise ValueError(f"target must be 'range' or 'off-range', got {target!r}")
    if w0 == "off-span" or (w0 == "any" and draw(st.booleans())):
        w_init = draw(st.floats(0.1, 3.0)) * rng.standard_normal(D)
    else:
        w_init = np.zeros(D)
    a_init = rng.standard_normal(n) if alpha0 == "random" else np.zeros(n)
    steps = draw(st.integers(1, max_steps))
    family = f"{family}, n={n}, rank {rank}, c = eta*lambda_max = {c:.6g}, {label}, seed {seed}"
    return KernelGDProblem(features, X, y, float(c), float(eta), steps, w_init, a_init,
                           rng.uniform(-1, 1, (3, d)), family)

