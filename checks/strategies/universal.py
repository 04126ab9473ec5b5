"""Strategies for universal-approximation claims: Lipschitz PL targets on [0, 1] with rational knots
(random ones, and the extremal zigzags and ramps), small nets with rational weights and a chosen
activation, and narrow ReLU nets (width-1 stacks on R, nets with a width-1 bottleneck on R²)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.piecewise import PL, ReLUNet, pl
from checks.universal import Net


def fractions(lo: int | Fraction, hi: int | Fraction, den: int) -> st.SearchStrategy[Fraction]:
    """Multiples of 1/den in [lo, hi]."""
    a, b = -((-Fraction(lo) * den) // 1), (Fraction(hi) * den) // 1
    return st.integers(int(a), int(b)).map(lambda k: Fraction(k, den))


@st.composite
def random_pl(draw: st.DrawFn, max_knots: int = 8, den: int = 24, amp: int = 3) -> PL:
    """A PL function on [0, 1] with up to ``max_knots`` interior knots at multiples of 1/den and values
    in [-amp, amp] (multiples of 1/4)."""
    inner = draw(st.lists(st.integers(1, den - 1), max_size=max_knots, unique=True))
    xs = [Fraction(0), *sorted(Fraction(k, den) for k in inner), Fraction(1)]
    ys = draw(st.lists(fractions(-amp, amp, 4), min_size=len(xs), max_size=len(xs)))
    return pl(xs, ys)


def zigzag(n: int, slope: Fraction, phase: Fraction = Fraction(1, 2)) -> PL:
    """Slope ±``slope`` turning at the points (i + phase)/n: 0 at i/n, the largest value
    slope·min(phase, 1 - phase)/n in each cell (phase in (0, 1))."""
    xs, ys = [Fraction(0)], [Fraction(0)]
    for i in range(n):
        xs += [(i + phase) / n, Fraction(i + 1, n)]
        ys += [slope * phase / n, Fraction(0)]
    return pl(xs, ys)


@dataclass(frozen=True)
class Target:
    """A PL target f on [0, 1] and a unit count n."""

    f: PL
    n: int
    how: str

    def __repr__(self) -> str:
        return f"Target({self.how}, n={self.n}, f with knots {[str(x) for x in self.f.xs[:10]]})"


@st.composite
def interpolation_targets(draw: st.DrawFn) -> Target:
    """Random PL targets, and zigzags whose turns sit inside the interpolation cells (at the midpoint
    the interpolation error is exactly L/(2n))."""
    n = draw(st.integers(2, 12))
    if draw(st.booleans()):
        slope = draw(fractions(Fraction(1, 4), 6, 4))
        phase = draw(st.sampled_from([Fraction(1, 2), Fraction(1, 2), Fraction(1, 3), Fraction(3, 8)]))
        return Target(zigzag(n, slope, phase), n, f"zigzag slope {slope} phase {phase}")
    return Target(draw(random_pl()), n, "random PL")


def _rows(draw: st.DrawFn, count: int, fan_in: int, w: st.SearchStrategy) -> tuple:
    return tuple(tuple(draw(w) for _ in range(fan_in)) for _ in range(count))


@st.composite
def activation_nets(draw: st.DrawFn, activation: str, max_depth: int = 1, max_width: int = 4,
                    dim: int = 1) -> Net:
    """A net on R^dim with the given activation and small rational weights (for ``"affine"`` the
    activation's α, β are drawn too)."""
    w = fractions(-2, 2, 4)
    depth = draw(st.integers(1, max_depth))
    widths = [draw(st.integers(1, max_width)) for _ in range(depth)]
    fan, weights, biases = dim, [], []
    for k in widths:
        weights.append(_rows(draw, k, fan, w))
        biases.append(tuple(draw(w) for _ in range(k)))
        fan = k
    alpha, beta = (draw(fractions(-2, 2, 4)), draw(fractions(-2, 2, 4))) if activation == "affine" else (1, 0)
    return Net(tuple(weights), tuple(biases), tuple(draw(w) for _ in range(fan)), draw(w),
               activation, Fraction(alpha), Fraction(beta))


def chebyshev_square_net() -> Net:
    """(3/16)((x + 1)² - (x - 1)²) = (3/4)x: the best quadratic for x³ on [-1, 1] as a t²-net."""
    c = Fraction(3, 16)
    return Net((((Fraction(1),), (Fraction(1),)),), ((Fraction(1), Fraction(-1)),), (c, -c), Fraction(0), "square")


def constant_net(value: Fraction, activation: str, dim: int = 1) -> Net:
    """A net whose output weight is 0, so it computes the constant ``value``."""
    return Net((((Fraction(0),) * dim,),), ((Fraction(0),),), (Fraction(0),), value, activation)


@st.composite
def width_one_nets(draw: st.DrawFn, max_depth: int = 6) -> ReLUNet:
    """A ReLU net on R whose hidden layers all have width 1 (random weights, or a constant output)."""
    w = fractions(-3, 3, 4)
    depth = draw(st.integers(1, max_depth))
    weights = tuple(((draw(w),),) for _ in range(depth))
    biases = tuple((draw(w),) for _ in range(depth))
    return ReLUNet(weights, biases, (draw(w),), draw(w), name="width 1")


@st.composite
def bottleneck_nets(draw: st.DrawFn, first_width: int = 1, max_depth: int = 3, max_width: int = 3) -> Net:
    """A ReLU net on R² whose first hidden layer has ``first_width`` units, followed by up to
    ``max_depth - 1`` layers of any width up to ``max_width``."""
    w = fractions(-2, 2, 4)
    first = tuple(tuple(draw(w) for _ in range(2)) for _ in range(first_width))
    if all(v == 0 for v in first[0]):
        first = ((Fraction(1), first[0][1]),) + first[1:]
    weights, biases, fan = [first], [tuple(draw(w) for _ in range(first_width))], first_width
    for _ in range(draw(st.integers(0, max_depth - 1))):
        k = draw(st.integers(1, max_width))
        weights.append(_rows(draw, k, fan, w))
        biases.append(tuple(draw(w) for _ in range(k)))
        fan = k
    return Net(tuple(weights), tuple(biases), tuple(draw(w) for _ in range(fan)), draw(w), "relu")


def half_ridge_net() -> Net:
    """The constant 1/2 behind the first-layer direction e_1: the extremal width-1 approximant."""
    one, zero = Fraction(1), Fraction(0)
    return Net((((one, zero),),), ((zero,),), (zero,), Fraction(1, 2), "relu")


def coordinate_net() -> Net:
    """ReLU(x_2) through a width-2 first layer (ReLU(x_1), ReLU(x_2)): it separates the two points
    that defeat every width-1 bottleneck."""
    one, zero = Fraction(1), Fraction(0)
    return Net((((one, zero), (zero, one)),), ((zero, zero),), (zero, one), zero, "relu")


def relu_interpolant(xs: list[Fraction], ys: list[Fraction]) -> Net:
    """A one-hidden-layer ReLU net on R equal on [xs[0], xs[-1]] to the PL interpolant of the points:
    unit ReLU(x - xs[i]) for each cell, output weights the slope jumps."""
    s = [(y1 - y0) / (x1 - x0) for x0, x1, y0, y1 in zip(xs, xs[1:], ys, ys[1:])]
    jumps = [s[0]] + [b - a for a, b in zip(s, s[1:])]
    return Net((tuple((Fraction(1),) for _ in s),), (tuple(-x for x in xs[:-1]),), tuple(jumps), ys[0], "relu")
