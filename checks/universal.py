"""Exact building blocks for universal-approximation statements: constructive approximants and the
certificates that show what a network class cannot do.

* :class:`Net`: a feedforward net on R^d with one activation (ReLU, t², or an affine map αt + β),
  evaluated exactly in Fractions by :func:`forward`.
* Certificates: :func:`divided_difference` (zero on every polynomial of degree < len(xs) - 1) and
  :func:`reference_bound`, the least possible max error at a reference of n + 2 points of a polynomial
  of degree <= n (de la Vallée Poussin: |[x_0..x_{n+1}]f| / Σ_i |λ_i|, λ_i = 1/Π_{j≠i}(x_i - x_j)),
  hence a lower bound on the uniform error of any such polynomial on an interval holding the points.
* Constructions on [0, 1]: :func:`interpolant_net` (one hidden layer, N units, the PL interpolant at
  N + 1 equispaced knots), :func:`narrow_net` (width 3, one layer per knot, exact for PL targets),
  :class:`StepNet` and :func:`step_net` (threshold units 1{x >= b_i}), :func:`grid_table` (a
  piecewise-constant table over cubes of [0, 1]^d), :func:`threshold_sum` (ReLU as a sum of thresholds).
* :func:`sup_distance`, the exact sup norm of the difference of two PL functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from math import ceil, prod

from checks.piecewise import PL, ReLUNet, extrema_on, linear_combination, shallow_net, slopes

ACTIVATIONS = ("relu", "square", "affine")


@dataclass(frozen=True)
class Net:
    """``x ↦ out_w · h_L + out_b``, ``h_0 = x`` in R^d, ``h_i = σ(W_i h_{i-1} + b_i)``; σ is
    ``activation`` (for ``"affine"``, σ(t) = alpha·t + beta)."""

    weights: tuple[tuple[tuple[Fraction, ...], ...], ...]
    biases: tuple[tuple[Fraction, ...], ...]
    out_w: tuple[Fraction, ...]
    out_b: Fraction
    activation: str = "relu"
    alpha: Fraction = Fraction(1)
    beta: Fraction = Fraction(0)

    def __post_init__(self) -> None:
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r}; choose one of {ACTIVATIONS}")
        if not self.weights or len(self.weights) != len(self.biases):
            raise ValueError("a net needs at least one hidden layer and one bias vector per layer")
        fan_in = len(self.weights[0][0]) if self.weights[0] else 0
        if fan_in < 1:
            raise ValueError("the input dimension must be at least 1")
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            if not w or len(w) != len(b) or any(len(row) != fan_in for row in w):
                raise ValueError(f"layer {i + 1}: expected {len(b)} rows of length {fan_in}")
            fan_in = len(w)
        if len(self.out_w) != fan_in:
            raise ValueError(f"output layer expects {fan_in} weights, got {len(self.out_w)}")

    @property
    def dim(self) -> int:
        return len(self.weights[0][0])

    @property
    def widths(self) -> tuple[int, ...]:
        return tuple(len(b) for b in self.biases)

    def __repr__(self) -> str:
        act = self.activation if self.activation != "affine" else f"{self.alpha}t+{self.beta}"
        return f"Net(σ={act}, d={self.dim}, widths={list(self.widths)}, first={self.weights[0]})"


def _sigma(net: Net, t: Fraction) -> Fraction:
    if net.activation == "relu":
        return max(t, Fraction(0))
    if net.activation == "square":
        return t * t
    return net.alpha * t + net.beta


def forward(net: Net, x: Sequence[Fraction | int]) -> Fraction:
    """``net(x)`` exactly."""
    if len(x) != net.dim:
        raise ValueError(f"input of length {len(x)} for a net on R^{net.dim}")
    h = [Fraction(v) for v in x]
    for w, b in zip(net.weights, net.biases):
        h = [_sigma(net, bj + sum((wji * v for wji, v in zip(row, h)), Fraction(0))) for row, bj in zip(w, b)]
    return net.out_b + sum((a * v for a, v in zip(net.out_w, h)), Fraction(0))


# --- polynomial certificates -------------------------------------------------------------------------

def _weights(xs: Sequence[Fraction]) -> list[Fraction]:
    xs = [Fraction(x) for x in xs]
    if len(set(xs)) != len(xs) or len(xs) < 2:
        raise ValueError("a divided difference needs at least two distinct points")
    return [1 / prod((xi - xj for j, xj in enumerate(xs) if j != i), start=Fraction(1)) for i, xi in enumerate(xs)]


def divided_difference(xs: Sequence[Fraction | int], ys: Sequence[Fraction | int]) -> Fraction:
    """``[x_0, …, x_n] f = Σ_i f(x_i) / Π_{j≠i}(x_i - x_j)``: the leading coefficient of the degree-n
    interpolant, zero for every polynomial of degree < n."""
    if len(xs) != len(ys):
        raise ValueError("one value per point")
    return sum((lam * Fraction(y) for lam, y in zip(_weights(xs), ys)), Fraction(0))


def reference_bound(xs: Sequence[Fraction | int], ys: Sequence[Fraction | int]) -> Fraction:
    """``min_{deg p <= n} max_i |y_i - p(x_i)|`` for n + 2 points: ``|[x_0..x_{n+1}] y| / Σ|λ_i|``.
    Since ``[..]p = 0``, ``|[..]y| = |Σ λ_i (y_i - p(x_i))| <= Σ|λ_i| max_i |y_i - p(x_i)|``, with
    equality for the p whose residuals alternate with equal size."""
    lam = _weights(xs)
    return abs(divided_difference(xs, ys)) / sum(abs(v) for v in lam)


# --- one-dimensional constructions on [0, 1] -----------------------------------------------------------

def sup_distance(f: PL, g: PL) -> Fraction:
    """``max |f - g|`` over the common domain (the difference is PL, so a knot attains it)."""
    return max(abs(y) for y in linear_combination([f, g], [1, -1]).ys)


def lipschitz(f: PL) -> Fraction:
    """The Lipschitz constant of a PL function: its largest absolute slope."""
    return max(abs(s) for s in slopes(f))


def interpolant_net(f: PL, n: int) -> ReLUNet:
    """The one-hidden-layer ReLU net with n units equal on [0, 1] to the PL interpolant of f at
    the knots i/n (one unit ReLU(x - i/n) per cell)."""
    if n < 1 or f.domain != (0, 1):
        raise ValueError(f"need n >= 1 and f on [0, 1], got n = {n}, domain {f.domain}")
    knots = [Fraction(i, n) for i in range(n + 1)]
    return shallow_net(knots, [f(x) for x in knots])


def narrow_net(f: PL, offset: Fraction | None = None) -> ReLUNet:
    """A width-3 ReLU net equal to f on [0, 1], one hidden layer per cell of f.

    With f = f(0) + Σ_k c_k ReLU(x - t_k) (t_k the left ends of the cells, c_k the slope jumps),
    layer k holds (x, ReLU(x - t_k), M + f(0) + Σ_{j<k} c_j ReLU(x - t_j)): x >= 0 passes ReLU
    unchanged, and the offset M = |f(0)| + Σ|c_k| (the default) keeps the running sum >= 0, so ReLU
    never clips it.  The output adds the last term and subtracts M."""
    if f.domain != (0, 1):
        raise ValueError(f"f must be defined on [0, 1], got {f.domain}")
    s = slopes(f)
    starts = f.xs[:-1]
    jumps = [s[0]] + [s[i] - s[i - 1] for i in range(1, len(s))]
    m = abs(f.ys[0]) + sum(abs(c) for c in jumps) if offset is None else Fraction(offset)
    one, zero = Fraction(1), Fraction(0)
    weights = [((one,), (one,), (zero,))]
    biases = [(zero, -starts[0], m + f.ys[0])]
    for k in range(1, len(starts)):
        weights.append(((one, zero, zero), (one, zero, zero), (zero, jumps[k - 1], one)))
        biases.append((zero, -starts[k], zero))
    return ReLUNet(tuple(weights), tuple(biases), (zero, jumps[-1], one), -m,
                   name=f"width-3 stack, offset {m}")


@dataclass(frozen=True)
class StepNet:
    """``x ↦ c0 + Σ_i a_i 1{x >= b_i}`` with increasing thresholds ``b_i`` in (0, 1]."""

    c0: Fraction
    coeffs: tuple[Fraction, ...]
    thresholds: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        if len(self.coeffs) != len(self.thresholds):
            raise ValueError("one coefficient per threshold")
        if any(a >= b for a, b in zip(self.thresholds, self.thresholds[1:])):
            raise ValueError("thresholds must be strictly increasing")

    def __call__(self, x: Fraction) -> Fraction:
        return self.c0 + sum((a for a, b in zip(self.coeffs, self.thresholds) if x >= b), Fraction(0))

    @property
    def units(self) -> int:
        return len(self.thresholds)


def step_net(g: PL, eps: Fraction, rho: Fraction, m: int | None = None,
             spacing: Fraction | None = None) -> StepNet:
    """ĝ = g(0) + Σ_{i=1}^{m-1} (g(b_i) - g(b_{i-1})) 1{x >= b_i}, b_i = i·spacing, with m = ⌈ρ/ε⌉ and
    spacing ε/ρ by default (the thresholds inside [0, 1] are kept)."""
    if eps <= 0 or rho <= 0:
        raise ValueError(f"need eps > 0 and rho > 0, got {eps}, {rho}")
    m = ceil(Fraction(rho) / Fraction(eps)) if m is None else m
    h = Fraction(eps) / Fraction(rho) if spacing is None else Fraction(spacing)
    bs = [i * h for i in range(m) if i * h <= 1]
    return StepNet(g(0), tuple(g(b) - g(a) for a, b in zip(bs, bs[1:])), tuple(bs[1:]))


def step_sup_error(g: PL, net: StepNet) -> Fraction:
    """``sup_{[0,1]} |g - ĝ|`` exactly: ĝ is constant on each [b_i, b_{i+1}), and g is continuous, so
    the sup over a cell is the larger of |max g - v| and |min g - v| on the closed cell."""
    cuts = [Fraction(0), *net.thresholds, Fraction(1)]
    worst = Fraction(0)
    for a, b in zip(cuts, cuts[1:]):
        if a == b:
            continue
        lo, hi = extrema_on(g, a, b)
        v = net(a)
        worst = max(worst, abs(hi - v), abs(lo - v))
    return worst


# --- tables over cubes of [0, 1]^d ---------------------------------------------------------------------

@dataclass(frozen=True)
class GridTable:
    """A piecewise-constant function on [0, 1]^d: ``cuts`` per axis (0 = c_0 < … < c_k = 1) and the
    value ``g(lower corner)`` of each product cell."""

    cuts: tuple[tuple[Fraction, ...], ...]
    values: dict

    @property
    def cells(self) -> int:
        return prod(len(c) - 1 for c in self.cuts)


def _axis_cuts(side: Fraction) -> tuple[Fraction, ...]:
    k = ceil(1 / side)
    return tuple(min(i * side, Fraction(1)) for i in range(k + 1))


def grid_table(parts: Sequence[PL], side: Fraction) -> GridTable:
    """The table of the separable g(x) = Σ_j parts[j](x_j) over the cubes of side ``side``
    (⌈1/side⌉ per axis, the last one cut at 1), each valued at its lower corner."""
    if side <= 0:
        raise ValueError(f"side must be positive, got {side}")
    cuts = tuple(_axis_cuts(Fraction(side)) for _ in parts)
    values = {idx: sum((p(c[i]) for p, c, i in zip(parts, cuts, idx)), Fraction(0))
              for idx in product(*(range(len(c) - 1) for c in cuts))}
    return GridTable(cuts, values)


def grid_sup_error(parts: Sequence[PL], table: GridTable) -> Fraction:
    """``sup |g - table|`` exactly for the separable g = Σ_j parts[j](x_j): on a product cell g ranges
    over [Σ_j min_j, Σ_j max_j] (each coordinate's extrema on its side of the cell)."""
    ext = [[extrema_on(p, a, b) for a, b in zip(c, c[1:])] for p, c in zip(parts, table.cuts)]
    worst = Fraction(0)
    for idx, v in table.values.items():
        lo = sum(ext[j][i][0] for j, i in enumerate(idx))
        hi = sum(ext[j][i][1] for j, i in enumerate(idx))
        worst = max(worst, abs(hi - v), abs(lo - v))
    return worst


def threshold_sum(t: Fraction, r: Fraction, n: int, lo_index: int = 1) -> Fraction:
    """``(r/n) Σ_{i=lo_index}^{n} 1{t >= i r/n}``: the right Riemann sum of ∫_0^r 1{t >= b} db
    (for ``lo_index = -n + 1`` the sum runs over thresholds in (-r, r])."""
    if n < 1 or r <= 0:
        raise ValueError(f"need n >= 1 and r > 0, got n = {n}, r = {r}")
    return Fraction(r, n) * sum(1 for i in range(lo_index, n + 1) if t >= i * Fraction(r) / n)
