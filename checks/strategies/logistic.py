"""Hypothesis strategies for logistic regression: integer data with a planted certificate of
separability or of overlap, probe parameters, margin pairs and loss-convexity triples.

Kinds of data (rows ``z_i = y_i x_i``):
- ``separable``: ``z_iᵀθ_s >= 1`` for a planted integer θ_s;
- ``quasi``: ``z_iᵀθ_s >= 0`` with at least one zero margin;
- ``overlap``: ``Σ λ_i z_i = 0`` for planted positive integers λ (the last row is minus the others);
- ``pair``: ``z`` and ``-z`` (the tight case of the coercivity bound ``ℓ >= (λmin/2λmax)||Zθ||_1``);
- ``rank-deficient``: overlap data with a duplicated column (null vector ``e_j - e_d``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

SEEDS = st.integers(0, 2**32 - 1)
KINDS = ("separable", "quasi", "overlap", "pair", "rank-deficient")


@dataclass(frozen=True)
class LogisticData:
    """Rows ``Z`` (integers), the planted certificate (``theta_s`` or ``lam``), a null vector ``u`` of ``Z``
    when ``Z`` is rank deficient, and probe parameters."""

    kind: str
    Z: np.ndarray
    theta_s: np.ndarray | None
    lam: np.ndarray | None
    u: np.ndarray | None
    probes: tuple[np.ndarray, ...]


def _nonzero_int_vector(rng: np.random.Generator, d: int, lim: int = 3) -> np.ndarray:
    while True:
        v = rng.integers(-lim, lim + 1, d)
        if np.any(v):
            return v


@st.composite
def logistic_data(draw, kinds: tuple[str, ...] = KINDS) -> LogisticData:
    kind = draw(st.sampled_from(kinds))
    rng = np.random.default_rng(draw(SEEDS))
    d = draw(st.integers(1 if kind in ("separable", "overlap", "pair") else 2, 3))
    n = draw(st.integers(2, 7))
    theta_s = lam = u = None
    if kind in ("separable", "quasi"):
        theta_s = _nonzero_int_vector(rng, d)
        rows = []
        zeros = draw(st.integers(1, max(1, n - 1))) if kind == "quasi" else 0
        for i in range(n):
            z = _nonzero_int_vector(rng, d)
            if i < zeros:                              # project onto θ_s^⊥ (integer: z|θ|² - θ(θᵀz))
                z = z * int(theta_s @ theta_s) - theta_s * int(theta_s @ z)
                if not np.any(z):                      # z was parallel to θ_s: take a fixed normal
                    j = int(np.flatnonzero(theta_s)[0])
                    k = (j + 1) % d
                    z = np.zeros(d, dtype=np.int64)
                    z[k], z[j] = theta_s[j], -theta_s[k]
            else:
                s = int(z @ theta_s)
                z = z if s > 0 else (-z if s < 0 else z + theta_s)
            rows.append(z)
        Z = np.array(rows, dtype=np.int64)
    elif kind == "pair":
        z = _nonzero_int_vector(rng, d)
        Z = np.array([z, -z], dtype=np.int64)
        lam = np.array([1, 1])
    else:
        dd = d - 1 if kind == "rank-deficient" else d
        first = rng.integers(-3, 4, (n - 1, dd))
        lam = np.concatenate([rng.integers(1, 4, n - 1), [1]])
        Z = np.vstack([first, -(lam[:-1] @ first)]).astype(np.int64)
        if kind == "rank-deficient":
            j = int(rng.integers(0, dd))
            Z = np.hstack([Z, Z[:, [j]]])
            u = np.zeros(d)
            u[j], u[-1] = 1.0, -1.0
    scale = draw(st.sampled_from([0.5, 2.0, 8.0]))
    probes = [rng.standard_normal(d) * scale for _ in range(3)]
    if theta_s is not None:
        probes += [theta_s * t + p for t in (2.0, 8.0, 32.0) for p in (np.zeros(d), probes[0])]
    if kind == "pair":
        probes += [Z[0] * t for t in (1.0, 4.0, 16.0)]
    return LogisticData(kind, Z, None if theta_s is None else theta_s.astype(float),
                        None if lam is None else lam.astype(np.int64), u, tuple(probes))


@dataclass(frozen=True)
class MarginPair:
    """Margins ``m1 < m2`` and a weight ``lam`` in [0, 1]."""

    m1: float
    m2: float
    lam: float


_MARGIN = st.one_of(st.floats(-30.0, 30.0), st.integers(-16, 16).map(lambda k: k / 8))


@st.composite
def margin_pairs(draw) -> MarginPair:
    a, b = draw(_MARGIN), draw(_MARGIN)
    if a == b:
        b = a + 1.0
    return MarginPair(min(a, b), max(a, b), draw(st.integers(0, 16)) / 16)


@dataclass(frozen=True)
class ConvexityTriple:
    """Data ``X`` (n x d), labels ``y`` in {±1}, targets ``t`` in {0, 1} (``(1 + y)/2``), two parameters
    and a weight, and the hinge regularization ``reg``."""

    X: np.ndarray
    y: np.ndarray
    a: np.ndarray
    b: np.ndarray
    lam: float
    reg: float

    @property
    def t(self) -> np.ndarray:
        return (1 + self.y) / 2


@st.composite
def convexity_triples(draw) -> ConvexityTriple:
    rng = np.random.default_rng(draw(SEEDS))
    n, d = draw(st.integers(1, 6)), draw(st.integers(1, 3))
    X = rng.standard_normal((n, d))
    y = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    scale = draw(st.sampled_from([1.0, 3.0, 10.0]))
    return ConvexityTriple(X, y, rng.standard_normal(d) * scale, rng.standard_normal(d) * scale,
                           draw(st.integers(1, 15)) / 16, draw(st.sampled_from([0.0, 0.1, 1.0])))
