"""Instances for stability: learning rules on finite domains (exact), and neighbouring samples for
regularized ERM of margin losses (floating point).

*Finite problems.*  A domain of ``k <= 4`` points with rational probabilities, a sample size ``n``
with ``k^n <= 81``, and a deterministic rule given by its exact loss profile: regularized ERM of the
linear loss (also on the two-point domain where the gap of one sample is ``n/2`` times the stability),
the shrunken mean under squared loss, ERM over a finite class, a memorizer, an arbitrary
table (any map from samples to loss vectors), and rules whose loss moves at one point only (among
them the witness on which uniform stability is twice the replacement-point stability).  Each instance
carries one neighbouring pair ``(S, i, z')``.

*ERM pairs.*  ``X`` (rows of norm ``<= R``), labels, ``lam`` and a replacement of row ``i``.  The
tight family is the linear loss with ``||x_i|| = R`` and ``x_i`` replaced by ``-x_i`` (or ``y_i`` by
``-y_i``), where ``||w_S - w_{S^(i)}|| = 2R/(lam n)`` exactly.  The double-well family (nonconvex,
outside the theorem) has two wells of ``F_S`` and a majority of one label, so one replaced label moves
the global minimizer from one well to the other.

*Finite ERM problems.*  A support of 2-3 labelled points and a comparator ``w*``, for the expected
risk of regularized ERM computed over all samples.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from checks.losses import CONVEX_LIPSCHITZ, LINEAR, MarginLoss
from checks.losses import double_well
from checks.stability import (LossProfile, Sample, finite_class_erm, linear_erm, linear_loss,
                              loss_profile, ridge_mean, squared_loss)

MAX_SAMPLES = 81
"""Largest ``k^n`` (samples enumerated per instance)."""


@dataclass(frozen=True, eq=False)
class FiniteProblem:
    """A rule on a finite domain (``family`` says which), the point probabilities, the sample size,
    the exact loss profile, and one neighbouring pair ``(S, i, z')`` (points by index)."""

    family: str
    points: tuple[Any, ...]
    probs: tuple[Fraction, ...]
    n: int
    profile: LossProfile
    pair: tuple[Sample, int, int]

    def __repr__(self) -> str:
        probs = ", ".join(str(p) for p in self.probs)
        return (f"FiniteProblem({self.family}; points {_show(self.points)}; probs ({probs}); n = {self.n}; "
                f"pair S = {self.pair[0]}, i = {self.pair[1]}, z' = {self.pair[2]})")


def _show(x: Any) -> str:
    if isinstance(x, Fraction):
        return str(x)
    if isinstance(x, tuple):
        return "(" + ", ".join(_show(v) for v in x) + ")"
    return repr(x)


@st.composite
def _shape(draw, k: int | None = None) -> tuple[int, int]:
    k = draw(st.integers(2, 4)) if k is None else k
    n_max = max(n for n in range(1, 5) if k ** n <= MAX_SAMPLES)
    return k, draw(st.integers(1, n_max))


@st.composite
def _probs(draw, k: int) -> tuple[Fraction, ...]:
    weights = draw(st.lists(st.integers(1, 4), min_size=k, max_size=k))
    return tuple(Fraction(w, sum(weights)) for w in weights)


_LAMS = st.sampled_from([Fraction(1, 4), Fraction(1, 2), Fraction(1), Fraction(2), Fraction(3)])


@st.composite
def _linear_erm(draw) -> tuple[str, tuple, LossProfile]:
    k, n = draw(_shape())
    d = draw(st.integers(1, 2))
    coord = st.integers(-4, 4).map(lambda j: Fraction(j, 2))
    point = st.tuples(st.tuples(*[coord] * d), st.sampled_from([-1, 1]))
    points = tuple(draw(st.lists(point, min_size=k, max_size=k, unique=True)))
    lam = draw(_LAMS)
    return f"linear-loss ERM, lam = {lam}", points, loss_profile(linear_erm(lam), linear_loss, points, n)


@st.composite
def _ridge_mean(draw) -> tuple[str, tuple, LossProfile]:
    k, n = draw(_shape())
    points = tuple(draw(st.lists(st.integers(0, 4).map(lambda j: Fraction(j, 4)),
                                 min_size=k, max_size=k, unique=True)))
    lam = draw(st.sampled_from([Fraction(0), Fraction(1, 4), Fraction(1)]))
    return (f"shrunken mean under squared loss, lam = {lam}", points,
            loss_profile(ridge_mean(lam), squared_loss, points, n))


@st.composite
def _finite_class(draw) -> tuple[str, tuple, LossProfile]:
    k, n = draw(_shape())
    q = draw(st.sampled_from([1, 2, 4]))
    value = st.integers(0, q).map(lambda j: Fraction(j, q))
    losses = tuple(tuple(draw(st.lists(value, min_size=k, max_size=k)))
                   for _ in range(draw(st.integers(2, 4))))
    points = tuple(range(k))
    return (f"ERM over the class with loss rows {_show(losses)}", points,
            loss_profile(finite_class_erm(losses), lambda h, z: losses[h][z], points, n))


@st.composite
def _linear_signs(draw) -> tuple[str, tuple, LossProfile]:
    """The linear loss on ``Z = {(1, +1), (1, -1)}`` in d = 1: on the sample with one label only, the gap
    is ``1/lam``, ``n/2`` times the uniform stability ``2/(lam n)``."""
    _, n = draw(_shape(2))
    points = (((Fraction(1),), 1), ((Fraction(1),), -1))
    lam = draw(_LAMS)
    return f"linear-loss ERM on x = 1 with both labels, lam = {lam}", points, loss_profile(
        linear_erm(lam), linear_loss, points, n)


@st.composite
def _memorizer(draw) -> tuple[str, tuple, LossProfile]:
    k, n = draw(_shape(draw(st.integers(3, 4))))
    points = tuple(range(k))
    return ("memorizer: loss 0 on the sample's points, 1 elsewhere", points,
            loss_profile(frozenset, lambda h, z: Fraction(0) if z in h else Fraction(1), points, n))


@st.composite
def _table(draw) -> tuple[str, tuple, LossProfile]:
    k, n = draw(_shape())
    q = draw(st.sampled_from([1, 2, 3, 4]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    table = {s: tuple(Fraction(int(j), q) for j in rng.integers(0, q + 1, size=k))
             for s in itertools.product(range(k), repeat=n)}
    return f"arbitrary rule: table of losses j/{q} from seed {seed}", tuple(range(k)), LossProfile(k, n, table)


@st.composite
def _one_column(draw) -> tuple[str, tuple, LossProfile]:
    """n = 1 and a rule whose loss moves only at the last point ``c``: ``l(A({x}), z) = a_z`` for
    ``z != c`` and ``l(A({x}), c) = v_x``.  Replacement-point stability ``max_x |v_x - v_c|``, uniform
    stability ``max v - min v``: twice as large when ``v_c`` is the midpoint, as for ``v = (1, 0, 1/2)``
    on three points (included)."""
    k = draw(st.integers(3, 4))
    q = draw(st.sampled_from([2, 4, 6]))
    value = st.integers(0, q).map(lambda j: Fraction(j, q))
    if draw(st.booleans()):
        k, rest, v = 3, (Fraction(1, 2), Fraction(1, 2)), (Fraction(1), Fraction(0), Fraction(1, 2))
    else:
        rest = tuple(draw(st.lists(value, min_size=k - 1, max_size=k - 1)))
        v = tuple(draw(st.lists(value, min_size=k, max_size=k)))
    table = {(x,): rest + (v[x],) for x in range(k)}
    return (f"n = 1, loss {_show(rest)} off the last point and {_show(v)} at it", tuple(range(k)),
            LossProfile(k, 1, table))


FAMILIES = {"memorizer": _memorizer, "linear-erm": _linear_erm, "linear-signs": _linear_signs,
            "ridge-mean": _ridge_mean, "finite-class": _finite_class, "table": _table, "one-column": _one_column}


@st.composite
def finite_problems(draw, families: tuple[str, ...] = tuple(FAMILIES)) -> FiniteProblem:
    """A :class:`FiniteProblem` from one of ``families`` (default: all of :data:`FAMILIES`)."""
    unknown = set(families) - set(FAMILIES)
    if not families or unknown:
        raise ValueError(f"families must be a non-empty subset of {sorted(FAMILIES)}, got {families}")
    family, points, profile = draw(st.one_of([FAMILIES[f]() for f in families]))
    probs = draw(_probs(profile.k))
    s = tuple(draw(st.lists(st.integers(0, profile.k - 1), min_size=profile.n, max_size=profile.n)))
    i = draw(st.integers(0, profile.n - 1))
    z = draw(st.sampled_from([z for z in range(profile.k) if z != s[i]]))
    return FiniteProblem(family, points, probs, profile.n, profile, (s, i, z))


# ---------------------------------------------------------------------------------------------
# Regularized ERM of margin losses

@dataclass(frozen=True, eq=False)
class ErmPair:
    """Regularized ERM of ``loss`` on ``(X, y)`` and on the sample with row ``i`` replaced by
    ``(x_new, y_new)``; every row has norm ``<= R``.  ``u`` is a unit direction and ``t`` a length
    for probing the growth of ``F_S`` away from its minimizer."""

    family: str
    loss: MarginLoss
    X: np.ndarray
    y: np.ndarray
    lam: float
    R: float
    i: int
    x_new: np.ndarray
    y_new: float
    u: np.ndarray
    t: float

    @property
    def n(self) -> int:
        return self.X.shape[0]

    @property
    def G(self) -> float:
        """The Lipschitz constant of ``w -> phi(<w, x>, y)`` over ``||x|| <= R``."""
        return self.R * self.loss.lipschitz

    def replaced(self) -> tuple[np.ndarray, np.ndarray]:
        X, y = self.X.copy(), self.y.copy()
        X[self.i], y[self.i] = self.x_new, self.y_new
        return X, y


def _ball_rows(rng: np.random.Generator, n: int, d: int, R: float, on_sphere: np.ndarray) -> np.ndarray:
    """n rows in the ball of radius R: uniform directions, radii R * U^(1/d), or exactly R where
    ``on_sphere``."""
    g = rng.standard_normal((n, d))
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    r = np.where(on_sphere, 1.0, rng.uniform(0, 1, n) ** (1 / d))
    return R * r[:, None] * g


@st.composite
def _erm_pair(draw, tight: bool) -> ErmPair:
    n = draw(st.integers(1, 8))
    d = draw(st.integers(1, 4))
    R = draw(st.floats(0.1, 3.0))
    lam = 10.0 ** draw(st.floats(-2, 1))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    loss = LINEAR if tight else draw(st.sampled_from(CONVEX_LIPSCHITZ))
    on_sphere = np.ones(n, bool) if tight else rng.random(n) < 0.5
    X = _ball_rows(rng, n, d, R, on_sphere)
    y = rng.choice([-1.0, 1.0], n)
    i = draw(st.integers(0, n - 1))
    how = draw(st.sampled_from(["negate x", "flip y"] if tight else ["negate x", "flip y", "random"]))
    if how == "negate x":
        x_new, y_new = -X[i], y[i]
    elif how == "flip y":
        x_new, y_new = X[i].copy(), -y[i]
    else:
        x_new, y_new = _ball_rows(rng, 1, d, R, np.array([rng.random() < 0.5]))[0], float(rng.choice([-1, 1]))
    u = rng.standard_normal(d)
    u /= np.linalg.norm(u)
    t = 10.0 ** draw(st.floats(-1, 1)) * R / lam
    family = f"{'tight' if tight else 'random'}: n={n}, d={d}, replacement {how}, seed {seed}"
    return ErmPair(family, loss, X, y, lam, R, i, x_new, float(y_new), u, float(t))


def erm_pairs() -> SearchStrategy[ErmPair]:
    """Convex 1-Lipschitz margin losses with ``||x|| <= R``, ``n <= 8``, ``d <= 4``,
    ``lam in [0.01, 10]``; half the draws from the tight linear-loss family."""
    return st.one_of(_erm_pair(tight=True), _erm_pair(tight=False))


@st.composite
def double_well_pairs(draw) -> ErmPair:
    """Outside the theorem: the nonconvex 1-Lipschitz double-well loss ``psi_s(z - y)`` in d = 1,
    all ``x_i = R``, ``(n+1)/2`` labels +1 and the rest -1, and one +1 label flipped.  With
    ``lam = c R^2 / n``, ``c in [1.4, 1.8]``, ``F_S`` keeps a well near each of ``+-1/R`` and its
    global minimizer sits in the majority's well, so the flip moves it by about ``2/R``, more
    than ``2R/(lam n) = 2/(c R)``."""
    n = draw(st.sampled_from([5, 7]))
    R = draw(st.floats(0.5, 2.0))
    lam = draw(st.floats(1.4, 1.8)) * R**2 / n
    k = (n + 1) // 2
    X = np.full((n, 1), R)
    y = np.array([1.0] * k + [-1.0] * (n - k))
    i = draw(st.integers(0, k - 1))
    return ErmPair(f"double well: n={n}, {k} labels +1, flip label {i}", double_well(0.25), X, y, lam, R,
                   i, X[i].copy(), -1.0, np.ones(1), R / lam)


@dataclass(frozen=True, eq=False)
class FiniteErm:
    """Regularized ERM of ``loss`` on ``n`` i.i.d. draws from the support ``(X, y)`` (rows of norm
    ``<= R``) with probabilities ``probs``, and a comparator ``w_star``."""

    family: str
    loss: MarginLoss
    X: np.ndarray
    y: np.ndarray
    probs: tuple[Fraction, ...]
    n: int
    lam: float
    R: float
    w_star: np.ndarray

    @property
    def G(self) -> float:
        return self.R * self.loss.lipschitz


@st.composite
def finite_erm_problems(draw) -> FiniteErm:
    """Supports of 2-3 points in ``R^d`` (``d <= 3``), ``n <= 3``, convex 1-Lipschitz losses, ``lam in
    [0.03, 10]``.  The ``noise`` family repeats one ``x`` with both labels (the best comparator is then
    0 and ERM on few points overfits); comparators are 0, a multiple of ``E[y x]``, or random."""
    k = draw(st.integers(2, 3))
    d = draw(st.integers(1, 3))
    R = draw(st.floats(0.25, 2.0))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    X = _ball_rows(rng, k, d, R, rng.random(k) < 0.5)
    y = rng.choice([-1.0, 1.0], k)
    noise = draw(st.booleans())
    if noise:
        X[1], y[1] = X[0], -y[0]
    probs = draw(_probs(k))
    n = draw(st.integers(1, 3))
    lam = 10.0 ** draw(st.floats(-1.5, 1))
    loss = draw(st.sampled_from(CONVEX_LIPSCHITZ))
    which = draw(st.sampled_from(["zero", "zero", "mean direction", "mean direction", "random"]))
    t = 10.0 ** draw(st.floats(-1, 2)) / R
    mu = np.array([float(p) for p in probs]) @ (y[:, None] * X)
    if which == "zero" or (which == "mean direction" and not np.linalg.norm(mu) > 0):
        w_star = np.zeros(d)
    elif which == "mean direction":
        w_star = t * mu / np.linalg.norm(mu)
    else:
        g = rng.standard_normal(d)
        w_star = t * g / np.linalg.norm(g)
    family = f"{'noise' if noise else 'random'} support of {k} in d={d}, n={n}, comparator {which}, seed {seed}"
    return FiniteErm(family, loss, X, y, probs, n, lam, R, w_star)
