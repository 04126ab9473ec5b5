"""Constructive approximation by threshold units and grid cells, and ReLU as a sum of thresholds.

Statement.  (a) A ρ-Lipschitz g on [0, 1] is within ε of the threshold net
ĝ(x) = g(0) + Σ_{i=1}^{m-1} (g(b_i) - g(b_{i-1}))·1{x >= b_i}, m = ⌈ρ/ε⌉, b_i = iε/ρ (m - 1 units;
tight for g = ρx).  (b) If |g(x) - g(x')| <= ε whenever ‖x - x'‖_∞ <= δ (for g ρ-Lipschitz in the
∞-norm, δ = ε/ρ), the table that gives each of the ⌈1/δ⌉^d cubes of side δ in [0, 1]^d the value of g
at one of its points is within ε of g: the cell count grows like δ^{-d}.  (c) (t)_+ = ∫_0^r 1{t >= b} db
for |t| <= r, and the right Riemann sum (r/n) Σ_{i=1}^n 1{t >= ir/n} of n threshold units lies in
((t)_+ - r/n, (t)_+].

Sources.  Zhao, From Approximation to Emergence (2026), Prop. 2.7 (ZHAO-5), the lookup-table proof
after Figs 2.14-2.15 (ZHAO-6), and the threshold integral after Fig. 3.4 (ZHAO-11).

Proof idea.  (a) The sum telescopes: on [b_i, b_{i+1}) the net equals g(b_i), and the cell is at most
ε/ρ long (the last one ends at 1 <= mε/ρ), so |g - ĝ| <= ρ·ε/ρ.  (b) Two points of one cube are
within δ in the ∞-norm.  (c) 1{t >= b} = 1 exactly for b <= t; the Riemann sum counts the grid
points ir/n <= t, i.e. ⌊nt/r⌋ of them, so it equals (r/n)⌊nt/r⌋ for t >= 0 and 0 for t < 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import ceil, floor

from hypothesis import strategies as st

from checks.claim import Claim, Mutant, Source, equal, ge, le
from checks.documents import ZHAO
from checks.piecewise import PL, affine, constant
from checks.strategies.universal import fractions, random_pl
from checks.universal import grid_sup_error, grid_table, lipschitz, step_net, step_sup_error, threshold_sum


# --- (a) threshold units on [0, 1] ---------------------------------------------------------------------

@dataclass(frozen=True)
class StepCase:
    """A PL g on [0, 1], a Lipschitz constant ρ >= Lip(g) and an accuracy ε."""

    g: PL
    rho: Fraction
    eps: Fraction
    how: str

    def __repr__(self) -> str:
        return f"StepCase({self.how}, ρ={self.rho}, ε={self.eps}, knots {[str(x) for x in self.g.xs[:8]]})"


@st.composite
def step_cases(draw: st.DrawFn) -> StepCase:
    """Ramps ρx (the tight family, with ρ/ε integer or not) and random PL functions with ρ = Lip(g)."""
    eps = draw(fractions(Fraction(1, 8), 1, 16))
    if draw(st.booleans()):
        rho = draw(fractions(Fraction(1, 4), 6, 12))
        return StepCase(affine(rho, 0), rho, eps, "ramp ρx")
    g = draw(random_pl(max_knots=6, amp=2))
    lip = lipschitz(g)
    if lip == 0:
        return StepCase(g, Fraction(1), eps, "constant")
    return StepCase(g, lip, eps, "random PL")


def _step_checks(c: StepCase, m: int | None = None, spacing: Fraction | None = None, bound: Fraction | None = None):
    net = step_net(c.g, c.eps, c.rho, m, spacing)
    units = ceil(c.rho / c.eps) - 1
    checks = [le(step_sup_error(c.g, net), c.eps if bound is None else bound, label="sup|g - ĝ| <= ε")]
    if m is None and spacing is None:
        checks.append(equal(net.units, units, label="m - 1 = ⌈ρ/ε⌉ - 1 threshold units"))
    return checks


def _floor_grid(c: StepCase):
    m = max(1, floor(c.rho / c.eps))
    return _step_checks(c, m=m, spacing=Fraction(1, m))


STEP = Claim(
    id="threshold-step-lipschitz",
    title="A ρ-Lipschitz function on [0, 1] is within ε of ⌈ρ/ε⌉ - 1 threshold units",
    statement="For ρ-Lipschitz g on [0, 1] and ε > 0, with m = ⌈ρ/ε⌉ and b_i = iε/ρ, "
              "ĝ = g(0) + Σ_{i=1}^{m-1} (g(b_i) - g(b_{i-1}))·1{x >= b_i} satisfies sup|g - ĝ| <= ε "
              "(equality in the limit for g = ρx).",
    sources=[Source(ZHAO, "Prop. 2.7 (Lipschitz step approximation)", ("ZHAO-5",))],
    kind="exact",
    area="approximation",
    instances=step_cases(),
    conclusion=_step_checks,
    proof_idea="The sum telescopes to g(b_i) on [b_i, b_{i+1}); every such cell, the last one [b_{m-1}, 1] "
               "included, has length <= ε/ρ, so |g(x) - g(b_i)| <= ρ(x - b_i) <= ε.",
    mutants=[Mutant("half-units", "with m = ⌈ρ/(2ε)⌉ the last cell [b_{m-1}, 1] is longer than ε/ρ, and the "
                    "ramp ρx rises by more than ε on it",
                    conclusion=lambda c: _step_checks(c, m=ceil(c.rho / (2 * c.eps)))),
             Mutant("bound-half-eps", "on the ramp ρx the error approaches ε at the right end of each cell",
                    conclusion=lambda c: _step_checks(c, bound=c.eps / 2)),
             Mutant("floor-grid", "b_i = i/m with m = ⌊ρ/ε⌋ gives cells of length 1/m > ε/ρ when ρ/ε is not "
                    "an integer", conclusion=_floor_grid)],
    examples=40,
)
test_threshold_step_lipschitz = STEP.test()


# --- (b) a table over the cubes of [0, 1]^d ---------------------------------------------------------

@dataclass(frozen=True)
class GridCase:
    """A separable g(x) = Σ_j parts[j](x_j) on [0, 1]^d, a constant ρ, and a cube side δ; the claim's
    accuracy is ε = ρδ."""

    parts: tuple[PL, ...]
    rho: Fraction
    delta: Fraction
    how: str

    @property
    def d(self) -> int:
        return len(self.parts)

    def __repr__(self) -> str:
        return f"GridCase({self.how}, d={self.d}, ρ={self.rho}, δ={self.delta})"


def _sides(d: int) -> st.SearchStrategy[Fraction]:
    """Cube sides with at most 6, 5 or 4 cells per axis in dimension 1, 2, 3 (<= 64 cells)."""
    return fractions(Fraction(1, {1: 6, 2: 5, 3: 4}[d]), 1, 24)


@st.composite
def grid_cases(draw: st.DrawFn) -> GridCase:
    """Separable PL g with ρ = Σ_j Lip(g_j) (its Lipschitz constant in the ∞-norm), including the tight
    g = ρ x_1."""
    d = draw(st.integers(1, 3))
    delta = draw(_sides(d))
    if draw(st.booleans()):
        rho = draw(fractions(Fraction(1, 2), 4, 4))
        parts = (affine(rho, 0),) + tuple(constant(0) for _ in range(d - 1))
        return GridCase(parts, rho, delta, "ramp ρx_1")
    parts = tuple(draw(random_pl(max_knots=4, amp=2)) for _ in range(d))
    rho = sum((lipschitz(p) for p in parts), Fraction(0)) or Fraction(1)
    return GridCase(parts, rho, delta, "random separable PL")


@st.composite
def euclidean_cases(draw: st.DrawFn) -> GridCase:
    """g = c(3x_1 + 4x_2): ρ = 5c is its Lipschitz constant in the Euclidean norm, not in the ∞-norm
    (there it is 7c)."""
    c = draw(fractions(Fraction(1, 4), 1, 4))
    return GridCase((affine(3 * c, 0), affine(4 * c, 0)), 5 * c, draw(_sides(2)), "c(3x_1 + 4x_2), ρ = ‖∇g‖_2")


def _grid_checks(c: GridCase, side_factor: int = 1, linear_count: bool = False):
    table = grid_table(c.parts, side_factor * c.delta)
    k = ceil(1 / c.delta)
    eps = c.rho * c.delta
    count = equal(table.cells, k ** c.d, label="⌈1/δ⌉^d cells") if not linear_count else \
        le(table.cells, c.d * k, label="cells <= d·⌈1/δ⌉")
    return [le(grid_sup_error(c.parts, table), eps, label="sup|g - table| <= ε = ρδ"),
            count,
            ge(table.cells, (c.rho / eps) ** c.d, label="cells >= (ρ/ε)^d")]


GRID = Claim(
    id="grid-table-cubes",
    title="A table over ⌈1/δ⌉^d cubes is within ε of a g with ∞-norm modulus δ",
    statement="If |g(x) - g(x')| <= ε whenever ‖x - x'‖_∞ <= δ (e.g. g ρ-Lipschitz in the ∞-norm and "
              "δ = ε/ρ), the piecewise-constant function equal to g(x_i) on each cube R_i of side δ "
              "(⌈1/δ⌉^d of them, x_i ∈ R_i) is within ε of g on [0, 1]^d; the count is >= (ρ/ε)^d.",
    sources=[Source(ZHAO, "proof after Figs 2.14-2.15 (lookup table, δ^{-d} cells)", ("ZHAO-6",))],
    kind="exact",
    area="approximation",
    instances=grid_cases(),
    conclusion=_grid_checks,
    proof_idea="Any x in R_i is within δ of x_i in the ∞-norm, so |g(x) - g(x_i)| <= ρδ = ε; a ramp "
               "along x_1 rises by exactly ρδ across a cube.",
    mutants=[Mutant("double-side", "cubes of side 2δ let the ramp ρx_1 rise by up to 2ε inside one cube",
                    conclusion=lambda c: _grid_checks(c, side_factor=2)),
             Mutant("euclidean-lipschitz", "ρ-Lipschitz in the Euclidean norm allows ∞-norm constant up to "
                    "√d ρ: c(3x_1 + 4x_2) rises by 7cδ > 5cδ across a square", instances=euclidean_cases()),
             Mutant("count-linear-in-d", "the grid has ⌈1/δ⌉^d cells, more than d⌈1/δ⌉ once d >= 2 and "
                    "⌈1/δ⌉ >= 3", conclusion=lambda c: _grid_checks(c, linear_count=True))],
    examples=40,
)
test_grid_table_cubes = GRID.test()


# --- (c) ReLU as an integral of thresholds -------------------------------------------------------

@dataclass(frozen=True)
class RampCase:
    """A point t with |t| <= r and a number n of threshold units."""

    t: Fraction
    r: Fraction
    n: int


@st.composite
def ramp_cases(draw: st.DrawFn) -> RampCase:
    """t on the grid r·k/(16n), so it falls at, just above and just below the thresholds ir/n."""
    r = draw(fractions(Fraction(1, 4), 4, 4))
    n = draw(st.integers(1, 24))
    k = draw(st.integers(-16 * n, 16 * n))
    return RampCase(r * Fraction(k, 16 * n), r, n)


def _ramp_checks(c: RampCase, lo_index: int = 1, width: Fraction = Fraction(1)):
    s = threshold_sum(c.t, c.r, c.n, lo_index)
    relu = max(c.t, Fraction(0))
    return [le(s, relu, label="(r/n) Σ 1{t >= ir/n} <= (t)_+"),
            le(relu - s, width * c.r / c.n, label="(t)_+ - threshold sum <= r/n"),
            equal(threshold_sum(c.t, c.r, 16 * c.n, lo_index), relu,
                  label="exact when t is a multiple of r/n' (n' = 16n)")]


RAMP = Claim(
    id="relu-threshold-integral",
    title="ReLU is an integral of thresholds; n threshold units are within r/n",
    statement="For |t| <= r, (t)_+ = ∫_0^r 1{t >= b} db, and its right Riemann sum with n threshold units "
              "satisfies (t)_+ - r/n < (r/n) Σ_{i=1}^n 1{t >= ir/n} <= (t)_+, with equality when t is a "
              "multiple of r/n.",
    sources=[Source(ZHAO, "after Fig. 3.4 (ReLU as an integral of thresholds)", ("ZHAO-11",))],
    kind="exact",
    area="approximation",
    instances=ramp_cases(),
    conclusion=_ramp_checks,
    proof_idea="1{t >= b} is 1 on [0, t] and 0 after, so the integral over [0, r] is min(t, r)_+ = (t)_+; "
               "the sum counts the ⌊nt/r⌋ grid points in (0, t], each worth r/n, which undershoots by the "
               "fractional part times r/n.",
    mutants=[Mutant("whole-line", "thresholds over (-r, r] add about r: the sum is (t + r) rounded down, "
                    "not (t)_+", conclusion=lambda c: _ramp_checks(c, lo_index=-c.n + 1)),
             Mutant("half-step", "just below a threshold the sum undershoots by nearly r/n",
                    conclusion=lambda c: _ramp_checks(c, width=Fraction(1, 2)))],
    examples=40,
)
test_relu_threshold_integral = RAMP.test()
