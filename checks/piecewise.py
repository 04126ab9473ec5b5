"""Exact continuous piecewise-linear (PL) functions of one variable, with Fraction knots and values.

A :class:`PL` is the continuous function on ``[xs[0], xs[-1]]`` that is affine between consecutive
knots.  Sums, scalar multiples, ReLU and composition stay in the class and are computed exactly;
:func:`pieces` counts maximal affine pieces (collinear neighbours merged) and :func:`l1_distance`
integrates ``|f - g|`` exactly, splitting each cell at the crossing point of the two affine pieces.
:func:`network_pl` evaluates a ReLU network with scalar input as such a function on an interval, one
common partition per layer (each unit adds at most one knot per cell of that partition).  The tent
map is ``Δ(x) = 2 ReLU(x) - 4 ReLU(x - 1/2)`` on ``[0, 1]``, and :func:`tent_iterate` is ``Δ^{∘k}``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational

Number = int | Fraction


def _frac(v: object, what: str) -> Fraction:
    if isinstance(v, bool) or not isinstance(v, Rational):
        raise ValueError(f"{what} must be an int or a Fraction, got {type(v).__name__} {v!r}")
    return Fraction(v)


@dataclass(frozen=True)
class PL:
    """The continuous function that interpolates ``(xs[i], ys[i])`` linearly; ``xs`` strictly increasing."""

    xs: tuple[Fraction, ...]
    ys: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        xs = tuple(_frac(x, "a knot") for x in self.xs)
        ys = tuple(_frac(y, "a value") for y in self.ys)
        if len(xs) < 2 or len(xs) != len(ys):
            raise ValueError(f"a PL function needs >= 2 knots and one value per knot, "
                             f"got {len(xs)} and {len(ys)}")
        if any(a >= b for a, b in zip(xs, xs[1:])):
            raise ValueError("knots must be strictly increasing")
        object.__setattr__(self, "xs", xs)
        object.__setattr__(self, "ys", ys)

    @property
    def domain(self) -> tuple[Fraction, Fraction]:
        return self.xs[0], self.xs[-1]

    def __call__(self, x: Number) -> Fraction:
        return evaluate(self, x)

    def __repr__(self) -> str:
        lo, hi = self.domain
        return f"PL(on [{lo}, {hi}], {pieces(self)} pieces, {len(self.xs)} knots)"


def pl(xs: Iterable[Number], ys: Iterable[Number]) -> PL:
    """The PL interpolant of the points ``(xs[i], ys[i])``."""
    return PL(tuple(xs), tuple(ys))


def affine(slope: Number, intercept: Number, lo: Number = 0, hi: Number = 1) -> PL:
    """``x ↦ slope·x + intercept`` on ``[lo, hi]``."""
    lo, hi = Fraction(lo), Fraction(hi)
    return PL((lo, hi), (slope * lo + intercept, slope * hi + intercept))


def constant(c: Number, lo: Number = 0, hi: Number = 1) -> PL:
    return affine(0, c, lo, hi)


def identity(lo: Number = 0, hi: Number = 1) -> PL:
    return affine(1, 0, lo, hi)


def evaluate(f: PL, x: Number) -> Fraction:
    """``f(x)`` exactly; ``x`` outside the domain raises ValueError."""
    x = _frac(x, "x")
    lo, hi = f.domain
    if not lo <= x <= hi:
        raise ValueError(f"x = {x} is outside the domain [{lo}, {hi}]")
    i = min(bisect_right(f.xs, x), len(f.xs) - 1)
    x0, x1, y0, y1 = f.xs[i - 1], f.xs[i], f.ys[i - 1], f.ys[i]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def _same_domain(fs: Sequence[PL]) -> tuple[Fraction, Fraction]:
    doms = {f.domain for f in fs}
    if len(doms) != 1:
        raise ValueError(f"PL functions on different domains: {sorted(doms)}")
    return doms.pop()


def _resample(f: PL, grid: Sequence[Fraction]) -> list[Fraction]:
    """Values of ``f`` on a sorted grid that contains all of its knots (one merge pass)."""
    out, i = [], 1
    for x in grid:
        while f.xs[i] < x:
            i += 1
        x0, x1, y0, y1 = f.xs[i - 1], f.xs[i], f.ys[i - 1], f.ys[i]
        out.append(y1 if x == x1 else y0 + (y1 - y0) * (x - x0) / (x1 - x0))
    return out


def linear_combination(fs: Sequence[PL], coeffs: Sequence[Number], bias: Number = 0) -> PL:
    """``bias + Σ coeffs[i]·fs[i]`` (all on one domain; an empty ``fs`` is not allowed)."""
    if not fs or len(fs) != len(coeffs):
        raise ValueError("linear_combination needs as many coefficients as functions (at least one)")
    _same_domain(fs)
    grid = sorted(set().union(*(f.xs for f in fs)))
    cols = [_resample(f, grid) for f in fs]
    ys = [bias + sum(c * col[j] for c, col in zip(coeffs, cols)) for j in range(len(grid))]
    return PL(tuple(grid), tuple(ys))


def add(f: PL, g: PL) -> PL:
    return linear_combination([f, g], [1, 1])


def scale(f: PL, c: Number) -> PL:
    return PL(f.xs, tuple(c * y for y in f.ys))


def _crossings(xs: Sequence[Fraction], ys: Sequence[Fraction], level: Fraction) -> list[Fraction]:
    """Points strictly inside a cell where the interpolant crosses ``level`` strictly."""
    out = []
    for x0, x1, y0, y1 in zip(xs, xs[1:], ys, ys[1:]):
        if (y0 - level) * (y1 - level) < 0:
            out.append(x0 + (level - y0) * (x1 - x0) / (y1 - y0))
    return out


def relu(f: PL) -> PL:
    """``max(f, 0)``: a knot is added where ``f`` crosses 0 inside a cell."""
    grid = sorted(set(f.xs).union(_crossings(f.xs, f.ys, Fraction(0))))
    return PL(tuple(grid), tuple(max(y, Fraction(0)) for y in _resample(f, grid)))


def compose(f: PL, g: PL) -> PL:
    """``f ∘ g``; the range of ``g`` must lie in the domain of ``f``.  Knots: those of ``g`` and the
    preimages under each affine piece of ``g`` of the knots of ``f``."""
    lo, hi = f.domain
    if min(g.ys) < lo or max(g.ys) > hi:
        raise ValueError(f"range [{min(g.ys)}, {max(g.ys)}] of g is not inside the domain [{lo}, {hi}] of f")
    pts = set(g.xs)
    for x0, x1, y0, y1 in zip(g.xs, g.xs[1:], g.ys, g.ys[1:]):
        if y0 == y1:
            continue
        a, b = min(y0, y1), max(y0, y1)
        i, j = bisect_right(f.xs, a), bisect_right(f.xs, b)
        for t in f.xs[i:j]:
            if a < t < b:
                pts.add(x0 + (t - y0) * (x1 - x0) / (y1 - y0))
    grid = sorted(pts)
    return PL(tuple(grid), tuple(evaluate(f, y) for y in _resample(g, grid)))


def restrict(f: PL, lo: Number, hi: Number) -> PL:
    """``f`` on the subinterval ``[lo, hi]`` of its domain (``lo < hi``)."""
    lo, hi = Fraction(lo), Fraction(hi)
    a, b = f.domain
    if not a <= lo < hi <= b:
        raise ValueError(f"[{lo}, {hi}] is not a subinterval of [{a}, {b}]")
    grid = [lo] + [x for x in f.xs if lo < x < hi] + [hi]
    return PL(tuple(grid), tuple(evaluate(f, x) for x in grid))


def slopes(f: PL) -> list[Fraction]:
    """The slope on each cell between consecutive knots."""
    return [(y1 - y0) / (x1 - x0) for x0, x1, y0, y1 in zip(f.xs, f.xs[1:], f.ys, f.ys[1:])]


def simplify(f: PL) -> PL:
    """The same function with every knot between two collinear cells removed (maximal affine pieces)."""
    s = slopes(f)
    keep = [0] + [i for i in range(1, len(f.xs) - 1) if s[i - 1] != s[i]] + [len(f.xs) - 1]
    return PL(tuple(f.xs[i] for i in keep), tuple(f.ys[i] for i in keep))


def same_function(f: PL, g: PL) -> bool:
    """Whether f and g are the same function (same domain, same maximal affine pieces)."""
    return simplify(f) == simplify(g)


def pieces(f: PL) -> int:
    """The number of maximal affine pieces of ``f`` on its domain."""
    s = slopes(f)
    return 1 + sum(1 for a, b in zip(s, s[1:]) if a != b)


def teeth(f: PL) -> int:
    """The number of teeth: maximal runs of increase followed by decrease, i.e. the number of adjacent
    ``(+, -)`` pairs in the sequence of signs of the nonzero slopes (strict local maxima, a flat top
    counted once).  The tent map has one tooth."""
    signs = [s > 0 for s in slopes(f) if s != 0]
    return sum(1 for a, b in zip(signs, signs[1:]) if a and not b)


def integral(f: PL) -> Fraction:
    """``∫ f`` over the domain (trapezoid rule, exact for PL functions)."""
    return sum(((x1 - x0) * (y0 + y1) / 2 for x0, x1, y0, y1 in zip(f.xs, f.xs[1:], f.ys, f.ys[1:])),
               Fraction(0))


def l1_distances(f: PL, g: PL, cuts: Sequence[Number]) -> list[Fraction]:
    """``∫ |f - g|`` over each interval ``[cuts[i], cuts[i+1]]`` (sorted cuts inside the common domain),
    exactly.  On a cell where the affine difference runs from ``d0`` to ``d1`` the integral is
    width·(|d0|+|d1|)/2 without a sign change and width·(d0²+d1²)/(2(|d0|+|d1|)) with one."""
    lo, hi = _same_domain([f, g])
    cuts = [Fraction(c) for c in cuts]
    if len(cuts) < 2 or any(a >= b for a, b in zip(cuts, cuts[1:])) or cuts[0] < lo or cuts[-1] > hi:
        raise ValueError(f"cuts must be strictly increasing points of [{lo}, {hi}], at least two")
    grid = sorted(set(f.xs).union(g.xs, cuts))
    d = [a - b for a, b in zip(_resample(f, grid), _resample(g, grid))]
    out = [Fraction(0)] * (len(cuts) - 1)
    j = -1
    for x0, x1, d0, d1 in zip(grid, grid[1:], d, d[1:]):
        while j + 1 < len(cuts) and cuts[j + 1] <= x0:
            j += 1
        if j < 0 or j >= len(out):
            continue
        w = x1 - x0
        if d0 * d1 >= 0:
            out[j] += w * (abs(d0) + abs(d1)) / 2
        else:
            out[j] += w * (d0 * d0 + d1 * d1) / (2 * (abs(d0) + abs(d1)))
    return out


def l1_distance(f: PL, g: PL) -> Fraction:
    """``∫ |f - g|`` over the common domain, exactly (see :func:`l1_distances`)."""
    return l1_distances(f, g, f.domain)[0]


def level_set_measure(f: PL, a: Number, b: Number) -> Fraction:
    """The length of ``{x : a <= f(x) <= b}`` (``a < b``): on each cell, the overlap of ``[a, b]``
    with the cell's range divided by the absolute slope (the whole cell if f is constant in [a, b])."""
    a, b = Fraction(a), Fraction(b)
    if not a < b:
        raise ValueError(f"need a < b, got [{a}, {b}]")
    total = Fraction(0)
    for x0, x1, y0, y1 in zip(f.xs, f.xs[1:], f.ys, f.ys[1:]):
        if y0 == y1:
            total += (x1 - x0) if a <= y0 <= b else 0
        else:
            lo, hi = min(y0, y1), max(y0, y1)
            total += max(Fraction(0), min(hi, b) - max(lo, a)) * (x1 - x0) / (hi - lo)
    return total


# --- ReLU networks with scalar input and output ------------------------------------------------------

@dataclass(frozen=True)
class ReLUNet:
    """``x ↦ out_w · h_L + out_b`` with ``h_0 = (x)`` and ``h_i = ReLU(W_i h_{i-1} + b_i)``.

    ``weights[i]`` has one row per unit of hidden layer ``i + 1`` (each row as long as the previous
    layer), ``biases[i]`` one entry per unit.  ``name`` says how the net was built."""

    weights: tuple[tuple[tuple[Fraction, ...], ...], ...]
    biases: tuple[tuple[Fraction, ...], ...]
    out_w: tuple[Fraction, ...]
    out_b: Fraction
    name: str = "net"

    def __post_init__(self) -> None:
        if len(self.weights) != len(self.biases) or not self.weights:
            raise ValueError("a net needs at least one hidden layer and one bias vector per layer")
        fan_in = 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            if not w or len(w) != len(b) or any(len(row) != fan_in for row in w):
                raise ValueError(f"layer {i + 1}: expected {len(b)} rows of length {fan_in}, "
                                 "with one bias each")
            fan_in = len(w)
        if len(self.out_w) != fan_in:
            raise ValueError(f"output layer expects {fan_in} weights, got {len(self.out_w)}")
        conv = lambda t, what: tuple(_frac(v, what) for v in t)  # noqa: E731
        object.__setattr__(self, "weights", tuple(tuple(conv(r, "a weight") for r in w) for w in self.weights))
        object.__setattr__(self, "biases", tuple(conv(b, "a bias") for b in self.biases))
        object.__setattr__(self, "out_w", conv(self.out_w, "an output weight"))
        object.__setattr__(self, "out_b", _frac(self.out_b, "the output bias"))

    @property
    def widths(self) -> tuple[int, ...]:
        return tuple(len(b) for b in self.biases)

    @property
    def depth(self) -> int:
        """The number of hidden layers."""
        return len(self.biases)

    @property
    def units(self) -> int:
        return sum(self.widths)

    def __repr__(self) -> str:
        return f"ReLUNet({self.name}, widths={list(self.widths)})"


def _next_layer(grid: list[Fraction], z: list[list[Fraction]], w: Sequence[Sequence[Fraction]],
                b: Sequence[Fraction]) -> tuple[list[Fraction], list[list[Fraction]]]:
    """Given pre-activations ``z[j]`` (values on ``grid``, affine on each cell), return the refined grid
    (``grid`` plus every zero crossing) and ``b_i + Σ_j w[i][j] ReLU(z_j)`` on it.

    On a cell, ``Σ_j w_ij ReLU(z_j)`` is affine between the crossings, and its slope jumps by
    ``±w_ij·slope(z_j)`` where unit j switches, so each output is accumulated from its value at the
    left end with one update per crossing (not one evaluation of every unit at every new knot)."""
    new_grid: list[Fraction] = []
    out: list[list[Fraction]] = [[] for _ in b]
    zero = Fraction(0)
    for c in range(len(grid) - 1):
        x0, x1 = grid[c], grid[c + 1]
        width = x1 - x0
        slope = [(zj[c + 1] - zj[c]) / width for zj in z]
        active = [zj[c] > 0 or (zj[c] == 0 and zj[c + 1] > 0) for zj in z]
        events: dict[Fraction, list[int]] = {}
        for j, zj in enumerate(z):
            if zj[c] * zj[c + 1] < 0:
                events.setdefault(x0 - zj[c] / slope[j], []).append(j)
        points = sorted(events)
        new_grid.append(x0)
        new_grid.extend(points)
        for i, (row, bi) in enumerate(zip(w, b)):
            value = bi + sum((wij * zj[c] for wij, zj in zip(row, z) if zj[c] > 0), zero)
            s = sum((wij * sj for wij, sj, on in zip(row, slope, active) if on), zero)
            oi = out[i]
            oi.append(value)
            prev = x0
            for x in points:
                value += s * (x - prev)
                oi.append(value)
                prev = x
                for j in events[x]:
                    s += row[j] * slope[j] if slope[j] > 0 else -row[j] * slope[j]
    new_grid.append(grid[-1])
    for i, (row, bi) in enumerate(zip(w, b)):
        out[i].append(bi + sum((wij * zj[-1] for wij, zj in zip(row, z) if zj[-1] > 0), zero))
    return new_grid, out


def network_pl(net: ReLUNet, lo: Number = 0, hi: Number = 1) -> PL:
    """The function computed by ``net`` on ``[lo, hi]`` as an exact PL function (simplified).

    Layer by layer on one common grid: every unit's pre-activation is affine on each cell of the
    grid, so ReLU adds at most one knot per unit and cell (see :func:`_next_layer`)."""
    lo, hi = Fraction(lo), Fraction(hi)
    if not lo < hi:
        raise ValueError(f"empty interval [{lo}, {hi}]")
    grid = [lo, hi]
    z = [[row[0] * lo + bj, row[0] * hi + bj] for row, bj in zip(net.weights[0], net.biases[0])]
    for w, b in zip(net.weights[1:], net.biases[1:]):
        grid, z = _next_layer(grid, z, w, b)
    grid, (ys,) = _next_layer(grid, z, (net.out_w,), (net.out_b,))
    return simplify(PL(tuple(grid), tuple(ys)))


def network_float(net: ReLUNet, x: "object") -> "object":
    """``net`` evaluated in float64 at the points of a NumPy array ``x`` (a reference, not exact)."""
    import numpy as np

    h = np.asarray(x, dtype=float)[None, :]
    for w, b in zip(net.weights, net.biases):
        W = np.array([[float(v) for v in row] for row in w])
        h = np.maximum(W @ h + np.array([float(v) for v in b])[:, None], 0.0)
    return np.array([float(v) for v in net.out_w]) @ h + float(net.out_b)


# --- the tent map ------------------------------------------------------------------------------------

HALF = Fraction(1, 2)


def tent() -> PL:
    """``Δ`` on [0, 1]: 2x on [0, 1/2], 2 - 2x on [1/2, 1]."""
    return PL((Fraction(0), HALF, Fraction(1)), (Fraction(0), Fraction(1), Fraction(0)))


def tent_iterate(k: int) -> PL:
    """``Δ^{∘k}`` on [0, 1] in closed form: 0 at even and 1 at odd multiples of 2^{-k}, affine between."""
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    if k == 0:
        return identity()
    n = 2 ** k
    return PL(tuple(Fraction(j, n) for j in range(n + 1)), tuple(Fraction(j % 2) for j in range(n + 1)))


def tent_value(k: int, x: Number) -> Fraction:
    """``Δ^{∘k}(x)`` for x in [0, 1] by the triangle-wave formula 1 - |2y - 1|, y = frac(2^{k-1} x)."""
    x = _frac(x, "x")
    if k < 1 or not 0 <= x <= 1:
        raise ValueError(f"need k >= 1 and x in [0, 1], got k = {k}, x = {x}")
    y = (2 ** (k - 1) * x) % 1
    return 1 - abs(2 * y - 1)


def tent_module_weights(first: bool) -> tuple[tuple[tuple[Fraction, ...], ...], tuple[Fraction, ...]]:
    """One width-2 layer of the tent stack: units ReLU(u) and ReLU(u - 1/2) of u = x (first layer)
    or u = 2a - 4b (a, b the previous layer's units), so that 2a - 4b = Δ(u) on [0, 1]."""
    if first:
        return ((Fraction(1),), (Fraction(1),)), (Fraction(0), -HALF)
    return ((Fraction(2), Fraction(-4)), (Fraction(2), Fraction(-4))), (Fraction(0), -HALF)


def tent_network(k: int) -> ReLUNet:
    """The width-2, depth-k ReLU net whose output 2a - 4b equals ``Δ^{∘k}`` on [0, 1]
    (the outer ReLU of each module is absorbed: ReLU(ReLU(z)) = ReLU(z), ReLU(ReLU(z) - 1/2) =
    ReLU(z - 1/2))."""
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    layers = [tent_module_weights(i == 0) for i in range(k)]
    return ReLUNet(tuple(w for w, _ in layers), tuple(b for _, b in layers),
                   (Fraction(2), Fraction(-4)), Fraction(0), name=f"tent stack k={k}")


def stack_shallow(maps: Sequence[PL]) -> ReLUNet:
    """A net computing ``maps[-1] ∘ … ∘ maps[0]`` on [0, 1], one hidden layer per map.

    Every map lives on [0, 1] and all but the last map into [0, 1].  Layer i has one unit
    ``ReLU(u - t)`` per left end ``t`` of a cell of ``maps[i]`` (u its input), so it has as many units
    as ``maps[i]`` has cells; its output ``u' = maps[i](0) + Σ_t (slope jump at t)·ReLU(u - t)`` is an
    affine function of the layer, folded into the next layer's weights or the output."""
    if not maps:
        raise ValueError("stack_shallow needs at least one map")
    for i, f in enumerate(maps):
        if f.domain != (0, 1):
            raise ValueError(f"map {i} is defined on {f.domain}, not on [0, 1]")
        if i < len(maps) - 1 and not (min(f.ys) >= 0 and max(f.ys) <= 1):
            raise ValueError(f"map {i} does not map [0, 1] into [0, 1]")
    weights, biases = [], []
    prev_c: tuple[Fraction, ...] = (Fraction(1),)
    prev_d = Fraction(0)
    for f in maps:
        s = slopes(f)
        starts = f.xs[:-1]
        weights.append(tuple(prev_c for _ in starts))
        biases.append(tuple(prev_d - t for t in starts))
        prev_c = tuple([s[0]] + [s[i] - s[i - 1] for i in range(1, len(s))])
        prev_d = f.ys[0]
    return ReLUNet(tuple(weights), tuple(biases), prev_c, prev_d,
                   name=f"stack of {len(maps)} PL layers with {[len(f.xs) - 1 for f in maps]} cells")


def shallow_net(knots: Sequence[Number], values: Sequence[Number]) -> ReLUNet:
    """A one-hidden-layer net equal on [0, 1] to the PL interpolant of the points (knots from 0 to 1):
    one unit ReLU(x) for the first slope and one unit ReLU(x - t) per interior knot t."""
    net = stack_shallow([pl(knots, values)])
    return ReLUNet(net.weights, net.biases, net.out_w, net.out_b,
                   name=f"shallow interpolant ({net.units} units)")


def constant_net(c: Number) -> ReLUNet:
    """The net with one (unused) unit and constant output c."""
    return ReLUNet((((Fraction(1),),),), ((Fraction(0),),), (Fraction(0),), Fraction(c), name=f"constant {c}")


def network_at(net: ReLUNet, x: Number) -> Fraction:
    """``net(x)`` by an exact forward pass at one point."""
    h = [_frac(x, "x")]
    for w, b in zip(net.weights, net.biases):
        h = [max(Fraction(0), bj + sum(wji * v for wji, v in zip(row, h))) for row, bj in zip(w, b)]
    return net.out_b + sum(a * v for a, v in zip(net.out_w, h))


def extrema_on(f: PL, lo: Number, hi: Number) -> tuple[Fraction, Fraction]:
    """``(min, max)`` of ``f`` on ``[lo, hi]`` (attained at the ends or at knots inside)."""
    lo, hi = Fraction(lo), Fraction(hi)
    if not f.xs[0] <= lo <= hi <= f.xs[-1]:
        raise ValueError(f"[{lo}, {hi}] is not inside the domain {f.domain}")
    i, j = bisect_right(f.xs, lo), bisect_right(f.xs, hi)
    vals = [evaluate(f, lo), evaluate(f, hi), *f.ys[i:j]]
    return min(vals), max(vals)
