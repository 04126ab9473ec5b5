"""Hypothesis strategies for Newton's method and the natural gradient: rational strongly convex
polynomials with an affine reparametrization, binary-GLM data with a linear reparametrization, and
regularized logistic problems with starts inside and outside the quadratic-convergence region."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.newton import PolyObjective, hessian_lipschitz_logistic
from checks.smooth import Logistic

SEEDS = st.integers(0, 2**32 - 1)
SMALL = st.integers(-3, 3)


def _frac(lim: int = 3, den: int = 3):
    return st.builds(Fraction, st.integers(-lim * den, lim * den), st.integers(1, den))


@dataclass(frozen=True)
class PolyCase:
    """A strongly convex polynomial, a point, an invertible integer ``B`` and a shift (``x = Bφ + shift``)."""

    f: PolyObjective
    point: tuple[Fraction, ...]
    B: tuple[tuple[int, ...], ...]
    shift: tuple[Fraction, ...]

    def __repr__(self) -> str:
        q = [(str(c), [str(v) for v in a]) for c, a in self.f.quartic]
        return (f"PolyCase(A={[[str(v) for v in r] for r in self.f.A]}, b={[str(v) for v in self.f.b]}, quartic={q}, "
                f"point={[str(v) for v in self.point]}, B={list(self.B)}, shift={[str(v) for v in self.shift]})")


@st.composite
def poly_cases(draw, quartic: bool | None = None) -> PolyCase:
    """``A = BᵀB + diag(1..3)`` (d <= 3), quartic terms with ``c_k`` in 0..2 (none when ``quartic`` is False,
    at least one nonzero when True) and a random invertible integer ``B`` (not orthogonal in general)."""
    d = draw(st.integers(1, 3))
    R = [[draw(SMALL) for _ in range(d)] for _ in range(d)]
    A = tuple(tuple(Fraction(sum(R[k][i] * R[k][j] for k in range(d)) + (draw(st.integers(1, 3)) if i == j else 0))
                    for j in range(d)) for i in range(d))
    b = tuple(draw(_frac()) for _ in range(d))
    has_quartic = draw(st.booleans()) if quartic is None else quartic
    terms = ()
    if has_quartic:
        terms = tuple((Fraction(draw(st.integers(1, 2))), tuple(Fraction(draw(SMALL)) for _ in range(d)))
                      for _ in range(draw(st.integers(1, 2))))
        if all(not any(a) for _, a in terms):
            terms = ((Fraction(1), (Fraction(1),) + (Fraction(0),) * (d - 1)),)
    while True:
        B = tuple(tuple(draw(SMALL) + (2 if i == j else 0) for j in range(d)) for i in range(d))
        if abs(np.linalg.det(np.array(B, dtype=float))) > 0.5:
            break
    return PolyCase(PolyObjective(A, b, terms), tuple(draw(_frac()) for _ in range(d)), B,
                    tuple(draw(_frac()) for _ in range(d)))


@dataclass(frozen=True)
class GLMCase:
    """Inputs ``X`` (n x d, n > d), labels in {0, 1}, a parameter θ and an invertible ``B`` (θ = Bφ)."""

    X: np.ndarray
    labels: np.ndarray
    theta: np.ndarray
    B: np.ndarray


@st.composite
def glm_cases(draw) -> GLMCase:
    rng = np.random.default_rng(draw(SEEDS))
    d = draw(st.integers(1, 3))
    n = draw(st.integers(d + 1, d + 5))
    X = rng.standard_normal((n, d))
    theta = rng.standard_normal(d) * draw(st.sampled_from([0.3, 1.0]))
    labels = (rng.random(n) < 0.5).astype(float)
    B = np.eye(d) + 0.5 * rng.standard_normal((d, d))
    while abs(np.linalg.det(B)) < 0.2:
        B = np.eye(d) + 0.5 * rng.standard_normal((d, d))
    return GLMCase(X, labels, theta, B)


@dataclass(frozen=True)
class NewtonRun:
    """Regularized logistic regression, a start and a number of steps."""

    obj: Logistic
    w0: np.ndarray
    steps: int


@st.composite
def newton_runs(draw, steps: int = 6) -> NewtonRun:
    """Logistic regression (n in 4..10, d in 1..3, columns scaled by up to 3) with reg in [0.1, 1]; the start
    is either random or at a drawn fraction of the radius 2 mu/M of guaranteed quadratic convergence
    from the (Newton-computed) minimizer."""
    rng = np.random.default_rng(draw(SEEDS))
    n, d = draw(st.integers(4, 10)), draw(st.integers(1, 3))
    X = rng.standard_normal((n, d)) * np.linspace(1.0, draw(st.sampled_from([1.0, 3.0])), d)
    y = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    obj = Logistic(X, y, draw(st.sampled_from([0.1, 0.3, 1.0])))
    if draw(st.booleans()):
        w_star, _, _ = obj.minimizer()
        u = rng.standard_normal(d)
        radius = 2 * obj.mu / hessian_lipschitz_logistic(X)
        w0 = w_star + u / np.linalg.norm(u) * radius * draw(st.sampled_from([0.25, 0.5, 0.9, 0.99]))
    else:
        w0 = rng.standard_normal(d) * draw(st.sampled_from([0.5, 2.0]))
    return NewtonRun(obj, w0, steps)
