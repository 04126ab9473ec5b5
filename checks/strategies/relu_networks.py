"""Strategies for ReLU networks with scalar input and for piecewise-linear approximants of the
iterated tent map ``Δ^{∘k}`` on [0, 1].

Networks: random nets with small rational weights whose units switch inside [0, 1] (biases centred at
a drawn point, so breakpoints land in the domain), and adversarial nets built to have many pieces or
to approximate ``Δ^{∘k}`` well: tent stacks, stacks of width-2^b layers each computing ``Δ^{∘b}``,
stacks of random zigzags, perturbed tent stacks, one-hidden-layer interpolants of good approximants.

Approximants with few pieces: constants (1/2 among them), lines, random PL functions, interpolants of
``Δ^{∘k}`` at drawn knots (shrunk toward 1/2), L1 fits at drawn knots, and "copy some teeth, flatten
the rest to 1/2" functions.  Every approximant has rational knots and values, so its L1 distance
to ``Δ^{∘k}`` is computed exactly by the claims; floats enter only in choosing the fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from scipy.sparse import csr_matrix, identity as sparse_identity
from scipy.sparse.linalg import spsolve

from checks.piecewise import (HALF, PL, ReLUNet, constant_net, pieces, pl, shallow_net, simplify,
                              stack_shallow, tent_iterate, tent_network)

# --- small rationals ---------------------------------------------------------------------------------


def fractions(lo: Fraction | int, hi: Fraction | int, denominator: int) -> st.SearchStrategy[Fraction]:
    """Multiples of 1/denominator in [lo, hi]."""
    a, b = int(np.ceil(lo * denominator)), int(np.floor(hi * denominator))
    return st.integers(a, b).map(lambda n: Fraction(n, denominator))


def _round(x: float, denominator: int) -> Fraction:
    return Fraction(round(x * denominator), denominator)


# --- approximants of the tent iterate ----------------------------------------------------------------


@dataclass(frozen=True)
class Approximant:
    """A PL function ``g`` on [0, 1] meant to approximate ``Δ^{∘k}``; ``how`` says how it was built."""

    k: int
    g: PL
    how: str

    @property
    def t(self) -> int:
        return pieces(self.g)

    def __repr__(self) -> str:
        knots = ", ".join(str(x) for x in self.g.xs[:12]) + (" …" if len(self.g.xs) > 12 else "")
        return f"Approximant(k={self.k}, {self.how}, t={self.t} pieces, knots [{knots}])"


def _interior_knots(draw: st.DrawFn, k: int, count: int) -> list[Fraction]:
    """``count`` distinct interior knots: on the grid of 2^{-(k+3)} (near Δ^{∘k}'s own breakpoints)
    or uniform on a finer grid."""
    den = 2 ** (k + 3) if draw(st.booleans()) else 2 ** (k + 6)
    count = min(count, den - 1)
    js = draw(st.lists(st.integers(1, den - 1), min_size=count, max_size=count, unique=True))
    return sorted(Fraction(j, den) for j in js)


def _cap(k: int, cap: int | None) -> int:
    return 2 ** k if cap is None else max(1, min(cap, 2 ** k))


def _piece_budget(draw: st.DrawFn, k: int, cap: int | None) -> int:
    """A number of pieces t <= cap: often t <= 2^{k-2} (where the 1/32 bound applies), else up to cap."""
    n = _cap(k, cap)
    return draw(st.one_of(st.integers(1, max(1, min(n, 2 ** k // 4))), st.integers(1, n)))


@st.composite
def constants(draw: st.DrawFn, k: int, cap: int | None = None) -> Approximant:
    c = draw(st.one_of(st.just(HALF), fractions(Fraction(-1, 2), Fraction(3, 2), 64)))
    return Approximant(k, pl([0, 1], [c, c]), f"constant {c}")


@st.composite
def lines(draw: st.DrawFn, k: int, cap: int | None = None) -> Approximant:
    a, b = draw(fractions(-1, 2, 32)), draw(fractions(-1, 2, 32))
    return Approximant(k, pl([0, 1], [a, b]), f"line from {a} to {b}")


@st.composite
def random_pl(draw: st.DrawFn, k: int, cap: int | None = None) -> Approximant:
    knots = [Fraction(0)] + _interior_knots(draw, k, _piece_budget(draw, k, cap) - 1) + [Fraction(1)]
    values = draw(st.lists(fractions(Fraction(-1, 2), Fraction(3, 2), 32), min_size=len(knots),
                           max_size=len(knots)))
    return Approximant(k, pl(knots, values), "random PL")


@st.composite
def interpolants(draw: st.DrawFn, k: int, cap: int | None = None) -> Approximant:
    """The interpolant of ``Δ^{∘k}`` at drawn knots, shrunk toward 1/2 by a drawn factor λ."""
    f = tent_iterate(k)
    knots = [Fraction(0)] + _interior_knots(draw, k, _piece_budget(draw, k, cap) - 1) + [Fraction(1)]
    lam = draw(st.sampled_from([Fraction(1), Fraction(3, 4), Fraction(1, 2), Fraction(1, 4)]))
    values = [HALF + lam * (f(x) - HALF) for x in knots]
    return Approximant(k, pl(knots, values), f"interpolant of the target shrunk by {lam}")


@st.composite
def knockouts(draw: st.DrawFn, k: int, cap: int | None = None) -> Approximant:
    """The target with r of its interior knots removed (2^k - r pieces when no two are adjacent)."""
    n = 2 ** k
    lo = max(1, n - _cap(k, cap))
    r = draw(st.one_of(st.just(lo), st.integers(lo, min(n - 1, lo + 7)), st.integers(lo, n - 1)))
    gone = set(draw(st.lists(st.integers(1, n - 1), min_size=r, max_size=r, unique=True)))
    knots = [Fraction(j, n) for j in range(n + 1) if j not in gone]
    return Approximant(k, simplify(pl(knots, [Fraction((x * n).numerator % 2) for x in knots])),
                       f"the target with {r} knots removed")


def half_crossings(k: int) -> list[Fraction]:
    """The points where ``Δ^{∘k}`` equals 1/2: (j + 1/2)/2^k, j = 0..2^k - 1."""
    return [Fraction(2 * j + 1, 2 ** (k + 1)) for j in range(2 ** k)]


@st.composite
def tooth_copies(draw: st.DrawFn, k: int, cap: int | None = None) -> Approximant:
    """Copy ``Δ^{∘k}`` on windows between its 1/2-crossings (or the ends of [0, 1]) and set g = 1/2 in
    between: continuous, with few pieces when few windows are copied.  A window spanning j crossing
    intervals holds <= 2j pieces, so windows are drawn to keep the total within the cap."""
    f = tent_iterate(k)
    ends = [Fraction(0)] + half_crossings(k) + [Fraction(1)]
    budget = _cap(k, cap) if cap is not None else 2 ** (k + 1)
    count = draw(st.integers(1, 4))
    room = (budget - count - 1) // (2 * count)
    if room < 1:
        return Approximant(k, pl([0, 1], [HALF, HALF]), "constant 1/2 (no room to copy a tooth)")
    windows, start = [], 0
    for _ in range(count):
        a = draw(st.integers(start, len(ends) - 2))
        b = draw(st.integers(a + 1, min(len(ends) - 1, a + room)))
        windows.append((a, b))
        start = b + 1
        if start > len(ends) - 2:
            break
    knots: list[Fraction] = []
    values: list[Fraction] = []
    for a, b in windows:
        lo, hi = ends[a], ends[b]
        inner = [x for x in f.xs if lo < x < hi]
        knots += [lo, *inner, hi]
        values += [f(lo) if lo == 0 else HALF, *(f(x) for x in inner), f(hi) if hi == 1 else HALF]
    if knots[0] != 0:
        knots, values = [Fraction(0)] + knots, [HALF] + values
    if knots[-1] != 1:
        knots, values = knots + [Fraction(1)], values + [HALF]
    g = simplify(pl(knots, values))
    return Approximant(k, g, f"copy of the target on windows {windows} between 1/2-crossings, 1/2 elsewhere")


def _hat_matrix(xs: np.ndarray, knots: np.ndarray) -> csr_matrix:
    """Rows: grid points; columns: hat functions at the knots (linear interpolation weights)."""
    idx = np.clip(np.searchsorted(knots, xs, side="right") - 1, 0, len(knots) - 2)
    w = (xs - knots[idx]) / (knots[idx + 1] - knots[idx])
    rows = np.concatenate([np.arange(xs.size)] * 2)
    cols = np.concatenate([idx, idx + 1])
    return csr_matrix((np.concatenate([1 - w, w]), (rows, cols)), shape=(xs.size, len(knots)))


def l1_fit_values(k: int, knots: list[Fraction], points_per_piece: int = 8,
                  iterations: int = 30) -> list[float]:
    """Values at ``knots`` that (nearly) minimise the L1 error to ``Δ^{∘k}`` on a uniform grid, by
    iteratively reweighted least squares started from the least-squares fit.  A heuristic to find good
    approximants: the claims measure the rounded result exactly."""
    m = 2 ** k * points_per_piece
    xs = (np.arange(m) + 0.5) / m
    y = 1 - np.abs(2 * ((2 ** (k - 1) * xs) % 1) - 1)
    A = _hat_matrix(xs, np.array([float(x) for x in knots]))
    w = np.ones(m)
    ridge = 1e-9 * sparse_identity(len(knots), format="csr")  # knots with no grid point nearby
    v = np.full(len(knots), 0.5)
    for _ in range(iterations):
        Aw = A.multiply(w[:, None]).tocsr()
        v = spsolve((A.T @ Aw + ridge).tocsc(), Aw.T @ y)
        w = 1 / np.maximum(np.abs(A @ v - y), 1e-6)
    return [float(t) for t in np.clip(v, -1, 2)]


@st.composite
def l1_fits(draw: st.DrawFn, k: int, cap: int | None = None) -> Approximant:
    """The L1-best values at drawn knots (drawn at random, equally spaced, or at the target's own
    breakpoints on a stretch of teeth), rounded to multiples of 2^{-12}."""
    t = _piece_budget(draw, k, cap)
    how = draw(st.sampled_from(["random knots", "equispaced knots", "target knots on a stretch"]))
    if how == "random knots":
        inner = _interior_knots(draw, k, t - 1)
    elif how == "equispaced knots":
        inner = [Fraction(j, t) for j in range(1, t)]
    else:
        start = draw(st.integers(0, 2 ** k - 1))
        inner = [Fraction(j, 2 ** k) for j in range(start + 1, min(2 ** k, start + t))]
    knots = [Fraction(0)] + inner + [Fraction(1)]
    values = [_round(v, 2 ** 12) for v in l1_fit_values(k, knots, 8 if k <= 8 else 4)]
    return Approximant(k, simplify(pl(knots, values)), f"L1 fit at {how}")


def approximants(k: int, cap: int | None = None) -> st.SearchStrategy[Approximant]:
    """Every family of approximants of ``Δ^{∘k}`` with at most ``cap`` pieces (default 2^k, where the
    target itself is reachable); the constant 1/2 is always reachable."""
    families = [constants(k, cap), lines(k, cap), random_pl(k, cap), interpolants(k, cap),
                tooth_copies(k, cap), l1_fits(k, cap)]
    if _cap(k, cap) == 2 ** k:  # near-copies of the target, drawn as often as two families
        exact = st.just(Approximant(k, tent_iterate(k), "the target itself"))
        families += [knockouts(k, cap), knockouts(k, cap), exact]
    return st.one_of(*families)


# --- networks ---------------------------------------------------------------------------------------


def _weight() -> st.SearchStrategy[Fraction]:
    return st.integers(-6, 6).filter(bool).map(lambda n: Fraction(n, 2))


@st.composite
def random_nets(draw: st.DrawFn, widths: tuple[int, ...]) -> ReLUNet:
    """A net of the given widths with weights in ±{1/2, …, 3}; each unit's bias makes it switch at a
    drawn point c of [0, 1] (the bias is minus its weighted input at c, rounded to a multiple of
    1/1024), so its breakpoints tend to lie in the domain."""
    weights: list[tuple[tuple[Fraction, ...], ...]] = []
    biases: list[tuple[Fraction, ...]] = []
    fan_in = 1
    for width in widths:
        w = tuple(tuple(draw(_weight()) for _ in range(fan_in)) for _ in range(width))
        b = []
        for row in w:
            h = _hidden(weights, biases, draw(fractions(Fraction(1, 256), Fraction(255, 256), 256)))
            b.append(-_round(float(sum(r * v for r, v in zip(row, h))), 1024))
        weights.append(w)
        biases.append(tuple(b))
        fan_in = width
    out = tuple(draw(_weight()) for _ in range(fan_in))
    return ReLUNet(tuple(weights), tuple(biases), out, draw(fractions(-1, 1, 4)), name="random")


def _hidden(weights: list, biases: list, x: Fraction) -> list[Fraction]:
    """The last hidden layer at x of the layers given so far (x itself when there are none)."""
    h = [x]
    for w, b in zip(weights, biases):
        h = [max(Fraction(0), bj + sum(wji * v for wji, v in zip(row, h))) for row, bj in zip(w, b)]
    return h


@st.composite
def widths(draw: st.DrawFn, max_depth: int, max_width: int, max_units: int | None = None) -> tuple[int, ...]:
    depth = draw(st.integers(1, max_depth))
    ws = [draw(st.integers(1, max_width)) for _ in range(depth)]
    if max_units is not None:
        while sum(ws) > max_units:
            ws = ws[:-1] if len(ws) > 1 else [max_units]
    return tuple(ws)


def sawtooth_layer_stack(b: int, layers: int) -> ReLUNet:
    """``layers`` hidden layers of width 2^b, each computing ``Δ^{∘b}`` of its input, so the net
    computes ``Δ^{∘(b·layers)}``."""
    return _renamed(stack_shallow([tent_iterate(b)] * layers),
                    f"{layers} layers computing Δ^{b} (width {2 ** b})")


@st.composite
def mixed_sawtooth_stacks(draw: st.DrawFn, max_depth: int, max_units: int) -> ReLUNet:
    """Layers of widths 2^{b_1}, 2^{b_2}, … (Σ 2^{b_i} <= max_units), layer i computing Δ^{∘b_i} of its
    input: the net computes Δ^{∘(b_1 + b_2 + …)} with few units."""
    bs: list[int] = []
    room = max_units
    for _ in range(draw(st.integers(1, max_depth))):
        if room < 2:
            break
        b = draw(st.integers(1, int(np.log2(room))))
        bs.append(b)
        room -= 2 ** b
    if not bs:
        return constant_net(HALF)
    return _renamed(stack_shallow([tent_iterate(b) for b in bs]),
                    f"layers computing Δ^{bs} (widths {[2 ** b for b in bs]})")


def _renamed(net: ReLUNet, name: str) -> ReLUNet:
    return ReLUNet(net.weights, net.biases, net.out_w, net.out_b, name=name)


@st.composite
def zigzag_stacks(draw: st.DrawFn, max_depth: int, max_width: int) -> ReLUNet:
    """Stacked one-layer maps of [0, 1] onto itself, each a zigzag through all of [0, 1] with m cells
    (m units): the composition has Π m pieces."""
    maps = []
    for _ in range(draw(st.integers(1, max_depth))):
        m = draw(st.integers(1, max_width))
        inner = sorted(draw(st.lists(fractions(Fraction(1, 16), Fraction(15, 16), 16), min_size=m - 1,
                                     max_size=m - 1, unique=True)))
        knots = [Fraction(0)] + inner + [Fraction(1)]
        maps.append(pl(knots, [Fraction(j % 2) for j in range(len(knots))]))
    return _renamed(stack_shallow(maps), f"zigzag stack {[len(f.xs) - 1 for f in maps]}")


@st.composite
def perturbed_tent_stacks(draw: st.DrawFn, max_depth: int) -> ReLUNet:
    """A tent stack with one weight or bias moved by a multiple of 1/16."""
    net = tent_network(draw(st.integers(1, max_depth)))
    layer = draw(st.integers(0, net.depth - 1))
    unit = draw(st.integers(0, 1))
    delta = draw(st.integers(-3, 3).filter(bool).map(lambda n: Fraction(n, 16)))
    biases = [list(b) for b in net.biases]
    biases[layer][unit] += delta
    return ReLUNet(net.weights, tuple(tuple(b) for b in biases), net.out_w, net.out_b,
                   name=f"tent stack k={net.depth}, bias {layer + 1}.{unit + 1} moved by {delta}")


def adversarial_nets(max_depth: int, max_width: int) -> st.SearchStrategy[ReLUNet]:
    """Nets built to have many pieces: tent stacks, Δ^{∘b}-layer stacks, zigzag stacks, perturbed
    tent stacks."""
    stacks = st.integers(1, max_depth).map(tent_network)
    saw = st.tuples(st.integers(1, max(1, int(np.log2(max_width)))), st.integers(1, max_depth)).map(
        lambda bl: sawtooth_layer_stack(*bl))
    return st.one_of(stacks, saw, zigzag_stacks(max_depth, max_width), perturbed_tent_stacks(max_depth))


def nets(max_depth: int, max_width: int) -> st.SearchStrategy[ReLUNet]:
    """Random and adversarial nets of depth <= max_depth and width <= max_width."""
    rand = widths(max_depth, max_width).flatmap(random_nets)
    return st.one_of(rand, adversarial_nets(max_depth, max_width))


def shallow_approximant_net(approx: Approximant) -> ReLUNet:
    """The one-hidden-layer net equal to an approximant on [0, 1] (one unit per piece)."""
    g = approx.g
    return _renamed(shallow_net(g.xs, g.ys), f"shallow net of {approx.how} ({len(g.xs) - 1} units)")


@st.composite
def budget_nets(draw: st.DrawFn, k: int, max_depth: int, max_units: int) -> ReLUNet:
    """Nets of depth <= max_depth with <= max_units units, drawn to approximate ``Δ^{∘k}``: random nets,
    tent stacks and Δ^{∘b}-layer stacks (mixed b, or l equal layers as wide as the budget allows)
    within the budget, the constant 1/2, and one-hidden-layer nets equal to good approximants with
    <= max_units pieces."""
    choice = draw(st.sampled_from(["random", "tent", "sawtooth", "uniform sawtooth", "constant",
                                   "approximant"]))
    if choice == "random":
        return draw(widths(max_depth, max_units, max_units).flatmap(random_nets))
    if choice == "tent":
        return tent_network(draw(st.integers(1, min(max_depth, max_units // 2))))
    if choice == "sawtooth":
        return draw(mixed_sawtooth_stacks(max_depth, max_units))
    if choice == "uniform sawtooth":  # l equal layers, each as wide a Δ^b-layer as the budget allows
        layers = draw(st.integers(1, min(max_depth, max_units // 2)))
        return sawtooth_layer_stack(int(np.log2(max_units // layers)), layers)
    if choice == "constant":
        return constant_net(draw(st.one_of(st.just(HALF), fractions(0, 1, 16))))
    return shallow_approximant_net(draw(approximants(k, max_units)))
