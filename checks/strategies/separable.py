"""Linearly separable datasets with a planted margin, and descent problems on them.

A dataset is ``(X, y)`` with ``n <= 8`` points in ``R^d``, ``d <= 4``; the theorems see the rows
``z_i = y_i x_i``.  Families (the ``family`` field says which, with its parameters):

- ``planted``: Gaussian points pushed away from a random hyperplane through 0 by a drawn margin;
- ``one-support``: a single support vector ``z_1`` and points ``z_i = c_i z_1 + v_i`` with
  ``c_i > 1``, ``v_i ⊥ z_1`` (the SVM direction is ``z_1``; with ``d >= 2`` an initialization
  orthogonal to ``z_1`` is never forgotten and the direction converges like ``1/log t``);
- ``far-outlier``: a few points on the margin of a planted SVM direction and far points whose
  tilt drags the least-squares and mean directions away from it;
- ``dominant-coordinate``: ``z_ij > |z_ik|`` for a fixed ``j`` and all ``k != j`` (greedy coordinate
  descent from 0 then only moves coordinate ``j``, an l1 max-margin direction);
- ``positive-orthant``: all coordinates positive (sign descent from 0 moves along ``(1, ..., 1)``,
  an l_inf max-margin direction);
- ``single-point``: ``n = 1``, the tight case of gradient domination and of the norm bound.

Rotated families are rotated by a Haar-random orthogonal matrix.  Non-separable datasets contain an
exact opposite pair ``z_j = -z_i`` (the same point with both labels), so ``0`` is in the convex hull.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from checks.losses import EXPONENTIAL, TAILED_LOSSES, MarginLoss
from checks.margins import StepRule, dual_exponent, loss_value, max_margin, pnorm
from checks.strategies.designs import haar_orthonormal

SEEDS = st.integers(0, 2**32 - 1)
FAMILIES = ("planted", "one-support", "far-outlier", "dominant-coordinate", "positive-orthant",
            "single-point")
INITS = ("zero", "random", "orthogonal")


@dataclass(frozen=True, eq=False)
class Dataset:
    """Points ``X`` (``n x d``) with labels ``y`` in ``{-1, +1}``."""

    X: np.ndarray
    y: np.ndarray
    family: str

    @property
    def Z(self) -> np.ndarray:
        """The rows ``y_i x_i``."""
        return self.y[:, None] * self.X

    @property
    def shape(self) -> tuple[int, int]:
        return self.X.shape


def _labelled(Z: np.ndarray, rng: np.random.Generator, family: str) -> Dataset:
    y = rng.choice([-1.0, 1.0], size=Z.shape[0])
    return Dataset(y[:, None] * Z, y, family)


def _planted(rng: np.random.Generator, n: int, d: int, margin: float) -> np.ndarray:
    w = haar_orthonormal(rng, d)[:, 0]
    Z = rng.standard_normal((n, d))
    s = Z @ w
    Z = Z - np.outer(s, w) + np.outer(np.abs(s) + margin, w)
    return Z


def _one_support(rng: np.random.Generator, n: int, d: int, spread: float) -> np.ndarray:
    z1 = haar_orthonormal(rng, d)[:, 0] * rng.uniform(0.5, 2.0)
    rows = [z1]
    for _ in range(n - 1):
        v = rng.standard_normal(d) * spread
        v -= (v @ z1) / (z1 @ z1) * z1
        rows.append(rng.uniform(1.2, 3.0) * z1 + v)
    return np.array(rows)


def _far_outlier(rng: np.random.Generator, n: int, d: int, tilt: float) -> np.ndarray:
    Q = haar_orthonormal(rng, d)
    u, v = Q[:, 0], Q[:, 1]
    k = max(1, n // 2)
    rows = []
    for i in range(n):
        if i < k:  # on the margin of u: <u, z> = 1, spread along the rest
            z = u + 0.8 * (Q[:, 1:] @ rng.uniform(-1, 1, d - 1))
        else:  # far out along u, tilted along v: margin >= 3 on u
            z = rng.uniform(3, 8) * u + tilt * rng.uniform(3, 8) * v
        rows.append(z)
    return np.array(rows)


def _dominant(rng: np.random.Generator, n: int, d: int, lead: float) -> np.ndarray:
    j = int(rng.integers(d))
    Z = rng.uniform(-1, 1, (n, d))
    Z[:, j] = np.max(np.abs(np.delete(Z, j, axis=1)), axis=1, initial=0.0) + lead
    return Z


def _orthant(rng: np.random.Generator, n: int, d: int, floor: float) -> np.ndarray:
    return floor + rng.uniform(0, 1, (n, d))


@st.composite
def datasets(draw, families: tuple[str, ...] = FAMILIES, max_n: int = 8, max_d: int = 4,
             min_d: int = 1, n_le_d: bool = False) -> Dataset:
    """A linearly separable dataset from one of ``families`` with ``n <= max_n``, ``d <= max_d``
    (and ``n <= d`` when ``n_le_d``)."""
    family = draw(st.sampled_from(families))
    low_d = max(min_d, 2 if family in ("one-support", "far-outlier") else 1)
    if low_d > max_d:
        raise ValueError(f"family {family!r} needs d >= {low_d}, but max_d = {max_d}")
    d = draw(st.integers(low_d, max_d))
    top_n = min(max_n, d) if n_le_d else max_n
    n = 1 if family == "single-point" else draw(st.integers(min(2, top_n), top_n))
    rng = np.random.default_rng(draw(SEEDS))
    if family == "planted":
        margin = draw(st.floats(0.05, 1.0))
        Z, detail = _planted(rng, n, d, margin), f"margin >= {margin:.3g} on a random unit direction"
    elif family == "one-support":
        spread = draw(st.floats(0.0, 3.0))
        Z, detail = _one_support(rng, n, d, spread), f"spread {spread:.3g} orthogonal to z_1"
    elif family == "far-outlier":
        tilt = draw(st.floats(0.2, 2.0))
        Z, detail = _far_outlier(rng, n, d, tilt), f"tilt {tilt:.3g}"
    elif family == "dominant-coordinate":
        lead = draw(st.floats(0.05, 1.0))
        Z, detail = _dominant(rng, n, d, lead), f"lead {lead:.3g}"
    elif family == "positive-orthant":
        floor = draw(st.floats(0.01, 1.0))
        Z, detail = _orthant(rng, n, d, floor), f"entries >= {floor:.3g}"
    elif family == "single-point":
        Z = rng.standard_normal((1, d)) * draw(st.floats(0.3, 3.0))
        detail = "one point"
    else:
        raise ValueError(f"unknown family {family!r}")
    return _labelled(Z, rng, f"{family} {n}x{d}, {detail}")


@st.composite
def non_separable_datasets(draw, max_n: int = 8, max_d: int = 4) -> Dataset:
    """A dataset that contains one point with both labels (``z_j = -z_i`` exactly), plus separable
    points: ``0`` lies in the convex hull of the rows, so no ``w`` separates them."""
    base = draw(datasets(("planted", "far-outlier"), max_n=max_n - 1, max_d=max_d, min_d=2))
    rng = np.random.default_rng(draw(SEEDS))
    i = int(rng.integers(base.X.shape[0]))
    X = np.r_[base.X, base.X[i:i + 1]]
    y = np.r_[base.y, -base.y[i:i + 1]]
    return Dataset(X, y, f"{base.family} + point {i} repeated with the opposite label")


@dataclass(frozen=True, eq=False)
class DescentProblem:
    """Steepest descent w.r.t. ``||.||_p`` on ``loss`` for ``data`` from ``w0``, ``steps`` steps with
    ``rule``; ``constant`` says whether the rule is a constant step (``cap <= scale / (B^2 L(w_0))``)."""

    data: Dataset
    loss: MarginLoss
    p: float
    rule: StepRule
    w0: np.ndarray
    steps: int
    constant: bool
    family: str


def _init(draw, Z: np.ndarray, kind: str, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    d = Z.shape[1]
    if kind == "zero":
        return np.zeros(d), "w0 = 0"
    scale = draw(st.floats(0.1, 6.0))
    if kind == "random":
        return scale * rng.standard_normal(d) / np.sqrt(d), f"random w0, scale {scale:.3g}"
    # orthogonal to the span of the (l2) support vectors, where the iterates never forget it
    S = Z[list(max_margin(Z, 2.0).support)]
    P = np.eye(d) - np.linalg.pinv(S) @ S
    v = P @ rng.standard_normal(d)
    if np.linalg.norm(v) < 1e-8:
        return scale * rng.standard_normal(d) / np.sqrt(d), f"random w0, scale {scale:.3g}"
    return scale * v / np.linalg.norm(v), f"w0 of norm {scale:.3g} orthogonal to the support vectors"


@st.composite
def descent_problems(draw, data: SearchStrategy[Dataset] | None = None,
                     losses: tuple[MarginLoss, ...] = TAILED_LOSSES, norms: tuple[float, ...] = (2.0,),
                     inits: tuple[str, ...] = INITS, rules: tuple[str, ...] = ("constant", "adaptive"),
                     steps: int = 1000, step_scale: tuple[float, float] = (0.05, 1.0)) -> DescentProblem:
    """A descent problem with an admissible step: ``eta_t = min(cap, c / (B^2 L(w_t)))``, ``c`` in
    ``step_scale`` (``c <= 1`` is Gunasekar et al.'s condition), ``cap = c / (B^2 L(w_0))``
    (``constant``) or ``cap = kappa c / (B^2 L(w_0))``, ``kappa`` up to ``10^4`` (``adaptive``)."""
    ds = draw(data if data is not None else datasets())
    Z = ds.Z
    loss = draw(st.sampled_from(losses))
    p = draw(st.sampled_from(norms))
    rng = np.random.default_rng(draw(SEEDS))
    w0, init = _init(draw, Z, draw(st.sampled_from(inits)), rng)
    c = draw(st.floats(*step_scale))
    B = float(np.max(pnorm(Z, dual_exponent(p), axis=1)))
    L0 = loss_value(loss, Z @ w0)
    kind = draw(st.sampled_from(rules))
    kappa = 1.0 if kind == "constant" else 10.0 ** draw(st.floats(0.0, 4.0))
    rule = StepRule(c, kappa * c / (B * B * L0))
    what = "constant eta = c / (B^2 L0)" if kind == "constant" else f"eta_t = min({kappa:.3g} c / (B^2 L0), c / (B^2 L_t))"
    family = f"{ds.family}; {loss.name} loss, p = {p:g}, {init}, {what}, c = {c:.3g}, T = {steps}"
    return DescentProblem(ds, loss, p, rule, w0, steps, kind == "constant", family)


def exponential_problems(**kwargs) -> SearchStrategy[DescentProblem]:
    """Descent problems on the exponential loss (the loss of Gunasekar et al.'s theorem)."""
    return descent_problems(losses=(EXPONENTIAL,), **kwargs)
