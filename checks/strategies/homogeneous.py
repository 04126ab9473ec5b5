"""Strategies for homogeneous models: separable quartics with rational data, power-sum polynomials
around a unit direction, exact deep-linear / diagonal network problems with a rational rotation, and
depth-2 factorizations of a 2x2 completion problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from checks.homogeneous import PowerSum, QuarticFlow, givens, matmul

SEEDS = st.integers(0, 2**32 - 1)
PYTHAGOREAN = ((3, 4, 5), (5, 12, 13), (8, 15, 17), (7, 24, 25), (20, 21, 29))


def _fraction(lo: int, hi: int, den: int = 8) -> SearchStrategy[Fraction]:
    return st.integers(lo, hi).map(lambda k: Fraction(k, den))


@st.composite
def quartic_flows(draw, max_d: int = 4) -> QuarticFlow:
    """``f = sum_j c_j w_j^4`` with ``c_j`` in ``[1/8, 4]`` and a rational start with at least one
    nonzero coordinate; ties between the blow-up times are excluded (the limit is then an axis)."""
    d = draw(st.integers(2, max_d))
    c = tuple(draw(st.lists(_fraction(1, 32), min_size=d, max_size=d)))
    w0 = tuple(draw(st.lists(_fraction(-16, 16), min_size=d, max_size=d)))
    assume(any(w0))
    flow = QuarticFlow(c, w0)
    times = sorted(t for t in flow.blow_up_times if t is not None)
    assume(len(times) == 1 or times[0] != times[1])
    return flow


@dataclass(frozen=True, eq=False)
class Perturbation:
    """Two power sums ``f1, f2`` (same degree), a unit direction ``w_bar``, a perturbation ``delta``
    and a scale ``g``: the point ``w = g (w_bar + delta)`` of Lemmas 8.4.6-8.4.7."""

    f1: PowerSum
    f2: PowerSum
    w_bar: np.ndarray
    delta: np.ndarray
    g: float
    family: str


@st.composite
def perturbations(draw) -> Perturbation:
    """Power sums of degree 2..4 in ``d <= 4`` with up to 3 terms; the tight family of Lemma 8.4.6
    (one quadratic term, ``delta`` along ``b``) is included."""
    d = draw(st.integers(1, 4))
    alpha = draw(st.integers(2, 4))
    rng = np.random.default_rng(draw(SEEDS))
    tight = draw(st.booleans())
    K = 1 if tight else draw(st.integers(1, 3))
    a1, b1 = rng.uniform(-2, 2, K), rng.standard_normal((K, d))
    a2, b2 = rng.uniform(-2, 2, K), rng.standard_normal((K, d))
    w_bar = rng.standard_normal(d)
    w_bar /= np.linalg.norm(w_bar)
    size = 10.0 ** draw(st.floats(-4, -0.5))
    direction = b1[0] / np.linalg.norm(b1[0]) if tight else rng.standard_normal(d)
    delta = size * direction / np.linalg.norm(direction)
    g = 10.0 ** draw(st.floats(0, 3))
    if tight:
        alpha = 2
    family = ("tight: one quadratic term, delta along b" if tight else f"{K} terms") + \
        f", alpha = {alpha}, d = {d}, ||delta|| = {size:.3g}, g = {g:.3g}"
    return Perturbation(PowerSum(a1, b1, alpha), PowerSum(a2, b2, alpha), w_bar, delta, g, family)


@dataclass(frozen=True, eq=False)
class LinearNetProblem:
    """Exact data ``Z`` (rows ``y_i x_i``), a rational rotation ``Q``, fully connected layers
    ``[M_1, ..., M_L]`` and diagonal factors ``(u, v)``, a step ``eta`` and a number of steps."""

    Z: list
    Q: list
    layers: list
    u: list
    v: list
    eta: Fraction
    steps: int
    family: str

    def rotated_data(self) -> list:
        return [[sum(q * z for q, z in zip(row, zi)) for row in self.Q] for zi in self.Z]


@st.composite
def linear_net_problems(draw, steps: int = 4) -> LinearNetProblem:
    """``n <= 3`` points in ``d = 2, 3`` with entries in ``[-1, 1]`` (eighths), depth 2 or 3, width 2;
    ``Q`` is a product of Givens rotations by Pythagorean angles (exactly orthogonal, not a signed
    permutation, so it does not preserve the l1 or l_inf norm)."""
    d = draw(st.integers(2, 3))
    n = draw(st.integers(1, 3))
    Z = [draw(st.lists(_fraction(-8, 8), min_size=d, max_size=d)) for _ in range(n)]
    assume(all(any(z) for z in Z))
    a, b, c = draw(st.sampled_from(PYTHAGOREAN))
    Q = givens(d, 0, 1, Fraction(a, c), Fraction(b, c))
    if d == 3:
        a, b, c = draw(st.sampled_from(PYTHAGOREAN))
        Q = matmul(givens(d, 1, 2, Fraction(a, c), Fraction(b, c)), Q)
    depth = draw(st.integers(2, 3))
    width = 2
    shapes = [(width, d)] + [(width, width)] * (depth - 2) + [(1, width)]
    layers = [[draw(st.lists(_fraction(-4, 4), min_size=cols, max_size=cols)) for _ in range(rows)]
              for rows, cols in shapes]
    u = draw(st.lists(_fraction(-4, 4), min_size=d, max_size=d))
    v = draw(st.lists(_fraction(-4, 4), min_size=d, max_size=d))
    eta = Fraction(1, draw(st.sampled_from((4, 8, 16))))
    return LinearNetProblem(Z, Q, layers, u, v, eta, steps,
                            f"n = {n}, d = {d}, depth {depth}, width {width}, eta = {eta}, T = {steps}")


@dataclass(frozen=True, eq=False)
class Completion:
    """Depth-2 factorization ``W = W2 W1`` of the 2x2 completion problem with observed
    ``W_12 = W_21 = 1``, ``W_22 = 0`` (``W_11`` unobserved), from ``W1 = s R_a``, ``W2 = s R_b``
    (``R`` rotations, or one reflection when ``det < 0``), step ``eta``, ``steps`` steps."""

    W1: np.ndarray
    W2: np.ndarray
    eta: float
    steps: int
    family: str

    @property
    def init_det(self) -> float:
        return float(np.linalg.det(self.W2 @ self.W1))


MASK = np.array([[0.0, 1.0], [1.0, 1.0]])
TARGET = np.array([[0.0, 1.0], [1.0, 0.0]])


def _rotation(theta: float, reflect: bool) -> np.ndarray:
    R = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    return R @ np.diag([1.0, -1.0]) if reflect else R


@st.composite
def completions(draw, det_sign: int = 1, steps: int = 1500) -> Completion:
    """Small initializations ``s`` in ``[0.05, 0.5]`` with ``det W(0)`` of the given sign."""
    s = draw(st.floats(0.05, 0.5))
    a, b = draw(st.floats(-np.pi, np.pi)), draw(st.floats(-np.pi, np.pi))
    W1 = s * _rotation(a, reflect=det_sign < 0)
    W2 = s * _rotation(b, reflect=False)
    eta = draw(st.floats(0.02, 0.08))
    sign = "+" if det_sign > 0 else "-"
    return Completion(W1, W2, eta, steps, f"s = {s:.3g}, det W(0) = {sign}s^4, eta = {eta:.3g}, T = {steps}")
