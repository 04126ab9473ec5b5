"""Strategies for the classical one-dimensional approximation facts.

Families: periodic piecewise-linear functions with random rational knots and values, and zigzags
(triangle waves of frequency ``t``, slope ``±L``) whose ``t``-th Fourier coefficient decays only like
``1/t`` (the extremal family for the Lipschitz bound up to the factor ``2/π``); Runge functions
``1/(1 + a x²)`` with interpolation degrees; noisy polynomial data with a discrete noise law.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.approx1d import PeriodicPiecewiseLinear

SMALL = st.integers(-12, 12)


@dataclass(frozen=True)
class FourierInstance:
    """A periodic Lipschitz function and the range ``1..kmax`` of frequencies (and truncation orders)."""

    f: PeriodicPiecewiseLinear
    kmax: int
    family: str

    def __repr__(self) -> str:
        return (f"FourierInstance({self.family}, kmax={self.kmax}, "
                f"knots={[str(x) for x in self.f.knots]}, values={[str(v) for v in self.f.values]})")


@st.composite
def zigzags(draw) -> PeriodicPiecewiseLinear:
    t = draw(st.integers(1, 8))
    L = Fraction(draw(st.integers(1, 8)))
    knots = tuple(Fraction(j, 2 * t) for j in range(2 * t))
    values = tuple(Fraction(0) if j % 2 == 0 else L / (2 * t) for j in range(2 * t))
    return PeriodicPiecewiseLinear(knots, values)


@st.composite
def random_piecewise(draw) -> PeriodicPiecewiseLinear:
    m = draw(st.integers(2, 10))
    cuts = sorted(set(draw(st.lists(st.integers(1, 63), min_size=m - 1, max_size=m - 1))))
    knots = (Fraction(0),) + tuple(Fraction(c, 64) for c in cuts)
    values = tuple(Fraction(draw(SMALL), 4) for _ in knots)
    if len(set(values)) == 1:
        values = (values[0] + 1,) + values[1:]
    return PeriodicPiecewiseLinear(knots, values)


@st.composite
def fourier_instances(draw) -> FourierInstance:
    family = draw(st.sampled_from(["zigzag", "random"]))
    f = draw(zigzags() if family == "zigzag" else random_piecewise())
    return FourierInstance(f, draw(st.integers(8, 12)), family)


@dataclass(frozen=True)
class AccuracyTarget:
    """A nonconstant Lipschitz function and an L² accuracy ``ε = t·L`` (``t`` a fraction of ``L``)."""

    f: PeriodicPiecewiseLinear
    t: Fraction

    def __repr__(self) -> str:
        return f"AccuracyTarget(t={self.t}, knots={[str(x) for x in self.f.knots]}, values={[str(v) for v in self.f.values]})"


@st.composite
def accuracy_targets(draw) -> AccuracyTarget:
    f = draw(st.one_of(zigzags(), random_piecewise()))
    return AccuracyTarget(f, Fraction(1, draw(st.integers(2, 16))))


@dataclass(frozen=True)
class RungeInstance:
    """The Runge function ``1/(1 + a x²)``, an even degree ``n`` and a Bernstein-ellipse fraction."""

    a: int
    n: int
    rho_fraction: float

    def __repr__(self) -> str:
        return f"RungeInstance(a={self.a}, n={self.n}, rho_fraction={self.rho_fraction:.3f})"


@st.composite
def runge_instances(draw, n_min: int = 10, n_max: int = 24) -> RungeInstance:
    a = draw(st.sampled_from([25, 36, 49, 64, 100]))
    n = 2 * draw(st.integers(n_min // 2, n_max // 2))
    return RungeInstance(a, n, draw(st.floats(0.2, 0.95)))


@st.composite
def chebyshev_instances(draw) -> RungeInstance:
    a = draw(st.sampled_from([25, 1, 4, 16, 64, 100]))
    n = draw(st.sampled_from([4, 8, 16, 32, 64, 96, 128]))
    return RungeInstance(a, n, draw(st.floats(0.2, 0.95)))


@dataclass(frozen=True)
class NoisyPolynomial:
    """Distinct abscissae ``x``, a truth ``p`` (coefficients), a fitted degree ``d`` and noise ``±s``
    (variance ``s²``), a drawn noise pattern, and two ridge parameters ``λ1 < λ2``."""

    x: tuple[Fraction, ...]
    truth: tuple[Fraction, ...]
    d: int
    s: Fraction
    signs: tuple[int, ...]
    lams: tuple[Fraction, Fraction]

    def __repr__(self) -> str:
        return (f"NoisyPolynomial(x={[str(t) for t in self.x]}, truth={[str(c) for c in self.truth]}, d={self.d}, "
                f"s={self.s}, signs={self.signs}, lams={[str(l) for l in self.lams]})")


@st.composite
def noisy_polynomials(draw) -> NoisyPolynomial:
    n = draw(st.integers(2, 5))
    x = tuple(Fraction(c, 8) for c in draw(st.lists(st.integers(0, 8), min_size=n, max_size=n, unique=True)))
    d = draw(st.integers(0, n - 1))
    truth = tuple(Fraction(draw(SMALL), 2) for _ in range(d + 1))
    s = Fraction(draw(st.integers(1, 6)), draw(st.integers(1, 3)))
    signs = tuple(draw(st.sampled_from([-1, 1])) for _ in range(n))
    l1 = Fraction(draw(st.integers(0, 8)), 4)
    l2 = l1 + Fraction(draw(st.integers(1, 8)), 4)
    return NoisyPolynomial(x, truth, d, s, signs, (l1, l2))
