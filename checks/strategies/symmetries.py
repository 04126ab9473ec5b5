"""Instances for the parameter symmetries of two-layer networks: exact rational weights and data,
hidden-unit permutations, positive rescalings (a common factor such as 3, or one per unit), two-neuron
teachers (with data in one activation cone, where the midpoint is still optimal), and swap-symmetric
quadratics of the plane."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.spectral_dynamics import fraction_matrix
from checks.strategies.factorization import COORD, fmt_exact
from checks.symmetries import ACTIVATIONS, TwoLayer

POSITIVE = st.integers(1, 16).map(lambda k: Fraction(k, 4))




def _matrix(draw, rows: int, cols: int, entries=COORD) -> np.ndarray:
    return fraction_matrix([[draw(entries) for _ in range(cols)] for _ in range(rows)])


@st.composite
def two_layer_nets(draw, d: int, k: int, m: int) -> TwoLayer:
    return TwoLayer(_matrix(draw, k, d), _matrix(draw, 1, k)[0], _matrix(draw, m, k), _matrix(draw, 1, m)[0])


def _net_repr(net: TwoLayer) -> str:
    return f"W1={fmt_exact(net.W1)}, b1={fmt_exact(net.b1)}, W2={fmt_exact(net.W2)}, b2={fmt_exact(net.b2)}"


@st.composite
def scalings(draw, k: int, positive: bool = True) -> tuple[Fraction, ...]:
    """A common factor (3, 1/2, ...) or one factor per unit; with ``positive=False`` some are negative."""
    if draw(st.booleans()):
        c = [draw(st.sampled_from([Fraction(3), Fraction(2), Fraction(1, 2), Fraction(1, 3)]))] * k
    else:
        c = [draw(POSITIVE) for _ in range(k)]
    if not positive:
        c = [-v if draw(st.booleans()) or j == 0 else v for j, v in enumerate(c)]
    return tuple(c)


@dataclass(frozen=True, eq=False)
class NetCase:
    """A net, inputs ``X`` (n×d), targets ``Y`` (n×m), a permutation, scalings and a step size."""

    net: TwoLayer
    X: np.ndarray
    Y: np.ndarray
    perm: tuple[int, ...]
    c: tuple[Fraction, ...]
    eta: Fraction
    activation: str

    def __repr__(self) -> str:
        return (f"NetCase({self.activation}: {_net_repr(self.net)}, X={fmt_exact(self.X)}, Y={fmt_exact(self.Y)}, "
                f"perm={self.perm}, c={tuple(str(v) for v in self.c)}, eta={self.eta})")


@st.composite
def net_cases(draw, activations: tuple[str, ...] = tuple(ACTIVATIONS), positive: bool = True) -> NetCase:
    d, k, m, n = draw(st.integers(1, 3)), draw(st.integers(2, 4)), draw(st.integers(1, 2)), draw(st.integers(1, 4))
    net = draw(two_layer_nets(d, k, m))
    X, Y = _matrix(draw, n, d), _matrix(draw, n, m)
    perm = tuple(draw(st.permutations(range(k))))
    eta = draw(st.sampled_from([Fraction(1, 10), Fraction(1, 2), Fraction(1)]))
    return NetCase(net, X, Y, perm, draw(scalings(k, positive)), eta, draw(st.sampled_from(activations)))


@dataclass(frozen=True, eq=False)
class TeacherCase:
    """Teacher ``h(x) = σ(<w1, x>) + σ(<w2, x>)`` and data ``X`` (n×d)."""

    w1: np.ndarray
    w2: np.ndarray
    X: np.ndarray
    activation: str
    family: str

    def __repr__(self) -> str:
        return (f"TeacherCase({self.family}, {self.activation}: w1={fmt_exact(self.w1)}, w2={fmt_exact(self.w2)}, "
                f"X={fmt_exact(self.X)})")


@st.composite
def teacher_cases(draw, activations: tuple[str, ...] = ("relu",)) -> TeacherCase:
    """Random teachers (w1 ≠ w2) and data, and the 'cone' family: positive weights and inputs, so that
    both neurons are active on every input."""
    family = draw(st.sampled_from(("random", "random", "cone")))
    d, n = draw(st.integers(1, 3)), draw(st.integers(1, 5))
    entries = POSITIVE if family == "cone" else COORD
    w1 = _matrix(draw, 1, d, entries)[0]
    w2 = _matrix(draw, 1, d, entries)[0]
    if all(w1 == w2):
        w2 = w2 + 1
    return TeacherCase(w1, w2, _matrix(draw, n, d, entries), draw(st.sampled_from(activations)), family)


@dataclass(frozen=True)
class SwapQuadratic:
    """``f(θ) = p(θ1² + θ2²) + q θ1 θ2 + r(θ1 + θ2)``, invariant under ``θ1 <-> θ2``; not constant."""

    p: int
    q: int
    r: int


@st.composite
def swap_quadratics(draw) -> SwapQuadratic:
    p, q, r = (draw(st.integers(-3, 3)) for _ in range(3))
    if p == q == r == 0:
        p = 1
    return SwapQuadratic(p, q, r)
