"""ReLU networks are continuous and piecewise affine; counting their linear regions.

Statement.  A ReLU network x ↦ W_L σ(…σ(W_1 x + b_1)…) + b_L is continuous and affine on each cell
of a finite polyhedral partition of its input space (its activation regions).  One hidden layer of N
units on R^d switches on the N hyperplanes w_j·x + b_j = 0, so its activation regions are the regions
of that arrangement: exactly Σ_{i≤d} C(N, i) of them in general position (1 + N + C(N, 2) lines in the
plane), and at most that many for any arrangement (Zaslavsky, Buck); C(N + d, d) is a valid but
non-tight upper bound.  A deep net with widths n_1..n_L on R^d has at most
Π_l Σ_{i≤d} C(n_l, i) = O(n^{dL}) regions.  In 1-D every continuous PL g with breakpoints
t_1 < … < t_n equals a + bx + Σ_i c_i ReLU(x − t_i), c_i the slope jumps: n units and an affine
term.  In 2-D no one-hidden-layer net, of any width, computes max(0, x_1, x_2).

Sources.  Zhao, From Approximation to Emergence (2026), §2.3, Figs 2.9-2.11 (ZHAO-3); Chapter 24,
The Mathematical Structure of Machine Learning, line 1531 (MSML-291: "up to C(n+d, n) regions",
"O(n^{dL})" for L layers, both true as upper bounds) and line 1542 (MSML-303, audited: "a two-layer
ReLU network with n hidden units can represent any n-piecewise-linear function"); Zaslavsky (1975),
Serra, Tjandraatmadja, Ramalingam (2018).

Proof idea.  Composition and sums of continuous piecewise-affine maps are continuous piecewise affine.
Deletion-restriction: removing hyperplane H from an arrangement merges exactly the pairs of regions
separated by H, which correspond to the regions that the others cut on H, so r_d(N) <= r_d(N−1) +
r_{d−1}(N−1) with equality in general position, whence Σ_{i≤d} C(N, i).  Inside one region of the
first l − 1 layers the pre-activations of layer l are affine, so its n_l switching hyperplanes cut
that region into at most Σ_{i≤d} C(n_l, i) pieces.  A one-hidden-layer net's gradient jumps only across
full lines, by the same vector all along the line; max(0, x_1, x_2) has a kink along a half-line only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from math import comb, prod

from hypothesis import reject, strategies as st

from checks.arrangements import (Hyperplane, centroid, forward_2d, hyperplane, in_general_position,
                                 net_regions_2d, regions, zaslavsky_bound)
from checks.claim import Claim, Mutant, Source, equal, le
from checks.documents import MSML, ZHAO
from checks.piecewise import PL, affine, linear_combination, pl, relu, same_function, simplify, slopes
from checks.strategies.relu_networks import fractions

F = Fraction
ZASLAVSKY = Source("Zaslavsky, Facing up to arrangements (Mem. AMS 1975); Buck (1943)", "Thm A")
SERRA = Source("Serra, Tjandraatmadja, Ramalingam, Bounding and counting linear regions (ICML 2018)",
               "Thm 1 (the simple product bound)")
MSML_291 = Source(MSML, "line 1531 (a layer of n ReLUs: up to C(n+d, n) regions; O(n^{dL}) for L layers)",
                  ("MSML-291",))
ZHAO_3 = Source(ZHAO, "§2.3, Figs 2.9-2.11 (ReLU nets are continuous piecewise affine)", ("ZHAO-3",))


# --- 1. one hidden layer: the arrangement of switching hyperplanes ----------------------------------

@dataclass(frozen=True)
class Layer:
    """The switching hyperplanes w_j·x + b_j = 0 of one hidden layer on R^d, as rows (w_j, −b_j)."""

    d: int
    rows: tuple[tuple[tuple[int, ...], int], ...]
    how: str

    @property
    def hyperplanes(self) -> list[Hyperplane]:
        return [hyperplane(w, c) for w, c in self.rows]

    @property
    def n(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        return f"Layer({self.how}, d={self.d}, N={self.n}, rows={list(self.rows)})"


@st.composite
def moment_layers(draw: st.DrawFn) -> Layer:
    """Tangent hyperplanes of the moment curve (t, t², …): always in general position (tight family)."""
    d, n = draw(st.integers(1, 3)), draw(st.integers(0, 6))
    ts = draw(st.lists(st.integers(1, 8), min_size=n, max_size=n, unique=True))
    return Layer(d, tuple((tuple(t ** (i + 1) for i in range(d)), t ** (d + 1) + 1) for t in ts), "moment curve")


@st.composite
def integer_layers(draw: st.DrawFn, general: bool) -> Layer:
    """Random integer weights in [−3, 3] (biases in [−4, 4]); filtered to general position if asked."""
    d, n = draw(st.integers(1, 3)), draw(st.integers(0, 6))
    w = st.tuples(*[st.integers(-3, 3)] * d).filter(any)
    rows = tuple((draw(w), draw(st.integers(-4, 4))) for _ in range(n))
    layer = Layer(d, rows, "random integer" if not general else "random, general position")
    if general and not in_general_position(layer.hyperplanes):
        reject()
    return layer


def general_layers() -> st.SearchStrategy[Layer]:
    return st.one_of(moment_layers(), integer_layers(True))


def any_layers() -> st.SearchStrategy[Layer]:
    return st.one_of(moment_layers(), integer_layers(False))


def _count_checks(layer: Layer, expected: Callable[[int, int], int] = zaslavsky_bound) -> list:
    r = regions(layer.hyperplanes)
    return [equal(r, expected(layer.n, layer.d), "regions of N hyperplanes in general position = Σ_{i≤d} C(N, i)"),
            le(zaslavsky_bound(layer.n, layer.d), comb(layer.n + layer.d, layer.d),
               label="Σ_{i≤d} C(N, i) <= C(N + d, d) (the printed bound is valid)", why="exact integers")]


REGIONS = Claim(
    id="relu-layer-regions",
    title="One ReLU layer in general position has exactly Σ_{i≤d} C(N, i) activation regions",
    statement=("The N switching hyperplanes of a one-hidden-layer ReLU net on R^d, in general position, cut "
               "R^d into exactly Σ_{i≤d} C(N, i) regions (1 + N + C(N, 2) in the plane), which is at most "
               "C(N + d, d)."),
    sources=[MSML_291, ZHAO_3, ZASLAVSKY],
    kind="exact",
    area="approximation",
    instances=general_layers(),
    conclusion=_count_checks,
    proof_idea=("Deletion-restriction r(A) = r(A \\ H) + r(A|H); in general position the traces on H are "
                "N − 1 hyperplanes in general position in R^{d−1}, and C(N−1, i) + C(N−1, i−1) = C(N, i)."),
    mutants=[
        Mutant("binomial-n-plus-d-attained", "C(N + d, d) overcounts for d >= 2 (three lines: 7 regions, not 10).",
               conclusion=lambda c: _count_checks(c, lambda n, d: comb(n + d, d))),
        Mutant("one-dimensional-count", "N + 1 is the count on the line only; in the plane N lines give more.",
               conclusion=lambda c: _count_checks(c, lambda n, d: n + 1)),
        Mutant("every-activation-pattern", "Only Σ_{i≤d} C(N, i) of the 2^N on/off patterns occur once N > d.",
               conclusion=lambda c: _count_checks(c, lambda n, d: 2 ** n)),
        Mutant("general-position-dropped", "Parallel or concurrent hyperplanes give fewer regions.",
               instances=any_layers()),
    ],
    examples=60,
)
test_relu_layer_regions = REGIONS.test()


# --- 2. upper bounds for any weights and for deep nets --------------------------------------------

@dataclass(frozen=True)
class Net2:
    """A ReLU net with two inputs (integer weights, biases multiples of 1/4), looked at in the box
    [−B, B]²."""

    weights: tuple[tuple[tuple[int, ...], ...], ...]
    biases: tuple[tuple[Fraction, ...], ...]
    out_w: tuple[int, ...]
    box: int
    how: str

    @property
    def widths(self) -> tuple[int, ...]:
        return tuple(len(b) for b in self.biases)

    def cells(self, jump: Fraction = F(0)):
        B = F(self.box)
        square = [(-B, -B), (B, -B), (B, B), (-B, B)]
        return net_regions_2d([[[F(v) for v in r] for r in w] for w in self.weights], self.biases,
                              [F(v) for v in self.out_w], F(0), square, jump)

    def at(self, p, jump: Fraction = F(0)) -> Fraction:
        return forward_2d([[[F(v) for v in r] for r in w] for w in self.weights], self.biases,
                          [F(v) for v in self.out_w], F(0), p, jump)

    def __repr__(self) -> str:
        return f"Net2({self.how}, widths={list(self.widths)}, weights={self.weights}, biases={self.biases})"


@st.composite
def nets2(draw: st.DrawFn) -> Net2:
    depth = draw(st.integers(1, 3))
    fan_in, ws, bs = 2, [], []
    for _ in range(depth):
        n = draw(st.integers(1, 4 if depth == 1 else 3))
        ws.append(tuple(tuple(draw(st.integers(-3, 3)) for _ in range(fan_in)) for _ in range(n)))
        bs.append(tuple(draw(fractions(-2, 2, 4)) for _ in range(n)))
        fan_in = n
    out = tuple(draw(st.integers(-2, 2)) for _ in range(fan_in))
    return Net2(tuple(ws), tuple(bs), out, 4, "random")


@st.composite
def folding_nets(draw: st.DrawFn) -> Net2:
    """Lines in general position through the box, followed by layers that re-fold: each later unit
    switches across many regions of the earlier ones (the deep family with many regions)."""
    depth = draw(st.integers(2, 3))
    n = draw(st.integers(2, 3))
    first = ((1, 0), (0, 1), (1, 1))[:n]
    ws = [first]
    bs = [tuple(F(j, 2) - F(1, 4) for j in range(n))]
    for _ in range(depth - 1):
        ws.append(tuple(tuple(draw(st.sampled_from([-2, -1, 1, 2])) for _ in range(n)) for _ in range(n)))
        bs.append(tuple(draw(fractions(-2, 2, 4)) for _ in range(n)))
    return Net2(tuple(ws), tuple(bs), (1,) * n, 4, "folding")


def deep_nets() -> st.SearchStrategy[Net2]:
    return st.one_of(nets2(), folding_nets())


def _product_bound(ws: tuple[int, ...]) -> int:
    return prod(zaslavsky_bound(n, 2) for n in ws)


def _bound_checks(net: Net2, bound: Callable[[tuple[int, ...]], int] = _product_bound) -> list:
    r = len(net.cells())
    ws = net.widths
    return [le(r, bound(ws), label="activation regions in the box <= Π_l Σ_{i≤2} C(n_l, i)", why="exact count"),
            le(_product_bound(ws), prod(comb(n + 2, 2) for n in ws),
               label="Π Σ_{i≤d} C(n_l, i) <= Π C(n_l + d, d) = O(n^{dL})", why="exact integers")]


def _layer_bound_checks(layer: Layer) -> list:
    return [le(regions(layer.hyperplanes), zaslavsky_bound(layer.n, layer.d),
               label="regions of any N hyperplanes <= Σ_{i≤d} C(N, i)", why="exact count")]


LAYER_BOUND = Claim(
    id="relu-layer-regions-upper-bound",
    title="Any N hyperplanes in R^d make at most Σ_{i≤d} C(N, i) regions",
    statement=("For arbitrary (possibly parallel, concurrent or repeated) switching hyperplanes, a ReLU layer "
               "of N units on R^d has at most Σ_{i≤d} C(N, i) <= C(N + d, d) activation regions. So the printed "
               "'up to C(n+d, n) regions' is a true upper bound (not attained once d >= 2 and N >= 2), not a "
               "false statement."),
    sources=[MSML_291, ZASLAVSKY],
    kind="exact",
    area="approximation",
    instances=any_layers(),
    conclusion=_layer_bound_checks,
    proof_idea="Deletion-restriction gives r(A) <= r(A \\ H) + r_{d−1}(N − 1); induct on N and d.",
    mutants=[
        Mutant("linear-in-n", "N lines in general position make 1 + N + C(N, 2) > 2N regions once N >= 3.",
               conclusion=lambda c: [le(regions(c.hyperplanes), 2 * c.n if c.n else 1, label="regions <= 2N")]),
    ],
    examples=60,
)
test_relu_layer_regions_upper_bound = LAYER_BOUND.test()

DEEP_BOUND = Claim(
    id="relu-deep-regions-bound",
    title="A deep ReLU net on R^2 has at most Π_l Σ_{i≤2} C(n_l, i) = O(n^{2L}) activation regions",
    statement=("A ReLU net with two inputs and hidden widths n_1..n_L has at most Π_l (1 + n_l + C(n_l, 2)) "
               "activation regions (counted exactly inside a box), and this is <= Π_l C(n_l + 2, 2) = O(n^{dL})."),
    sources=[MSML_291, SERRA],
    kind="exact",
    area="approximation",
    instances=deep_nets(),
    conclusion=_bound_checks,
    proof_idea=("Inside a region of the first l − 1 layers the pre-activations of layer l are affine, so its "
                "n_l switching lines cut that region into at most 1 + n_l + C(n_l, 2) pieces."),
    mutants=[
        Mutant("one-dimensional-product", "Π(n_l + 1) is the count on the line; three lines in the plane "
               "already make 7 > 4 regions.",
               conclusion=lambda c: _bound_checks(c, lambda ws: prod(n + 1 for n in ws))),
        Mutant("additive-in-depth", "Regions multiply with depth: later layers cut every earlier region.",
               conclusion=lambda c: _bound_checks(c, lambda ws: sum(zaslavsky_bound(n, 2) for n in ws))),
    ],
    examples=40,
)
test_relu_deep_regions_bound = DEEP_BOUND.test()


# --- 3. continuity and piecewise affinity on R^2 ----------------------------------------------------

def _area(poly) -> Fraction:
    n = len(poly)
    return abs(sum((poly[i][0] * poly[(i + 1) % n][1] - poly[(i + 1) % n][0] * poly[i][1]
                    for i in range(n)), F(0))) / 2


def _affine_checks(net: Net2, jump: Fraction = F(0)) -> list:
    cells = net.cells(jump)
    worst = F(0)
    for c in cells:
        a, b, k = c.out
        for p in (*c.polygon, centroid(c.polygon)):
            worst = max(worst, abs(net.at(p, jump) - (a * p[0] + b * p[1] + k)))
    return [equal(worst, F(0), "the net equals its region's affine map on every closed region (vertices, centroid)"),
            equal(sum((_area(c.polygon) for c in cells), F(0)), F(2 * net.box) ** 2,
                  "the regions tile the box (areas add up)")]


CONTINUOUS = Claim(
    id="relu-net-continuous-piecewise-affine",
    title="A ReLU net is continuous and affine on each polyhedral activation region",
    statement=("A ReLU net with two inputs is affine on each closed cell of a finite polygonal partition: the "
               "exact forward pass matches the cell's affine map at every vertex and inside, so neighbouring "
               "affine pieces agree on shared boundaries (continuity)."),
    sources=[ZHAO_3],
    kind="exact",
    area="approximation",
    instances=deep_nets(),
    conclusion=_affine_checks,
    proof_idea="Affine maps and ReLU are continuous and piecewise affine, and both properties survive composition.",
    mutants=[
        Mutant("discontinuous-activation", "With σ(z) = z + 1 for z > 0 (a jump at 0) the net is affine inside "
               "each cell but jumps across the switching lines.", conclusion=lambda c: _affine_checks(c, F(1))),
    ],
    examples=30,
)
test_relu_net_continuous_piecewise_affine = CONTINUOUS.test()


# --- 4. 1-D: continuous PL functions are one-hidden-layer ReLU nets plus an affine term ------------

@dataclass(frozen=True)
class CPWL:
    """A continuous PL function on [−2, 2] with its breakpoints (knots where the slope changes)."""

    g: PL

    @property
    def breakpoints(self) -> tuple[Fraction, ...]:
        return self.g.xs[1:-1]

    def __repr__(self) -> str:
        return f"CPWL(knots={[str(x) for x in self.g.xs]}, values={[str(y) for y in self.g.ys]})"


@st.composite
def cpwl_functions(draw: st.DrawFn) -> CPWL:
    xs = sorted(set(draw(st.lists(fractions(F(-15, 8), F(15, 8), 8), min_size=0, max_size=6))))
    xs = [F(-2)] + xs + [F(2)]
    return CPWL(simplify(pl(xs, [draw(fractions(-3, 3, 4)) for _ in xs])))


def representation(g: PL, coef: str = "jumps", affine_term: bool = True, units: int | None = None) -> PL:
    """``a + b x + Σ_i c_i ReLU(x − t_i)`` on g's domain with c_i the slope jumps at the breakpoints t_i
    (``coef="right"`` uses the slope to the right instead; ``units`` keeps only the first ones)."""
    lo, hi = g.domain
    s = slopes(g)
    ts = g.xs[1:-1]
    cs = [s[i + 1] - s[i] if coef == "jumps" else s[i + 1] for i in range(len(ts))]
    ts, cs = ts[:units] if units is not None else ts, cs[:units] if units is not None else cs
    fs = [relu(affine(1, -t, lo, hi)) for t in ts]
    a, b = (g.ys[0] - s[0] * lo, s[0]) if affine_term else (F(0), F(0))
    return linear_combination(fs + [affine(b, a, lo, hi)], [*cs, 1])


def _repr_checks(c: CPWL, **kw) -> list:
    return [equal(int(same_function(representation(c.g, **kw), c.g)), 1,
                  "g = a + bx + Σ_{i≤n} (slope jump at t_i) ReLU(x − t_i): n units and an affine term")]


REPRESENT = Claim(
    id="cpwl-one-hidden-layer-1d",
    title="In 1-D a continuous PL function with n breakpoints is n ReLU units plus an affine term",
    statement=("Every continuous PL g on an interval with breakpoints t_1 < … < t_n equals "
               "a + bx + Σ_i c_i ReLU(x − t_i), where b is the first slope and c_i the slope jump at t_i."),
    sources=[Source(MSML, "line 1542 (corrected: 1-D, continuous, affine term)", ("MSML-303",)), ZHAO_3],
    kind="exact",
    area="approximation",
    instances=cpwl_functions(),
    conclusion=_repr_checks,
    proof_idea="Both sides agree on the first piece and have the same slope jumps at the same points.",
    mutants=[
        Mutant("right-slopes", "The coefficient of ReLU(x − t_i) is the jump of slope, not the new slope.",
               conclusion=lambda c: _repr_checks(c, coef="right")),
        Mutant("no-affine-term", "Without a + bx the sum vanishes left of t_1, so g's first piece is lost.",
               conclusion=lambda c: _repr_checks(c, affine_term=False)),
        Mutant("one-unit-fewer", "Each breakpoint needs its own unit; n − 1 units have n − 1 kinks.",
               conclusion=lambda c: _repr_checks(c, units=max(len(c.breakpoints) - 1, 0))),
    ],
    examples=60,
)
test_cpwl_one_hidden_layer_1d = REPRESENT.test()


# --- 5. audit: 'n hidden units represent any n-piecewise-linear function' in 2-D ------------------

@dataclass(frozen=True)
class MaxAffine:
    """g(x) = max_k (a_k·x + c_k) on R^2: continuous and piecewise linear with at most len(pieces) pieces."""

    pieces: tuple[tuple[int, int, int], ...]

    def grad_on_side(self, p, n) -> tuple[int, int]:
        """The gradient of g just on the side +n of the point p (the active piece with largest slope
        along n, among the maximizers at p)."""
        vals = [a * p[0] + b * p[1] + c for a, b, c in self.pieces]
        top = max(vals)
        act = [(a, b) for (a, b, _), v in zip(self.pieces, vals) if v == top]
        return max(act, key=lambda ab: ab[0] * n[0] + ab[1] * n[1])


@st.composite
def max_affines(draw: st.DrawFn) -> MaxAffine:
    k = draw(st.integers(2, 4))
    ps = st.tuples(st.integers(-2, 2), st.integers(-2, 2), st.integers(-2, 2))
    return MaxAffine(tuple(draw(st.lists(ps, min_size=k, max_size=k).filter(lambda q: len({p[:2] for p in q}) > 1))))


def _jump_checks(g: MaxAffine) -> list:
    """A one-hidden-layer net's gradient jumps only across whole lines, by one vector all along each
    line.  So, as printed, the claim forces: along every line a_i·x + c_i = a_j·x + c_j, the jump of the
    gradient of g is the same on every segment between crossings with the other such lines."""
    lines = {}
    ps = g.pieces
    for i in range(len(ps)):
        for j in range(i + 1, len(ps)):
            w = (ps[i][0] - ps[j][0], ps[i][1] - ps[j][1])
            if w != (0, 0):
                lines[hyperplane(w, ps[j][2] - ps[i][2])] = None
    out = []
    for (w, c) in lines:
        # points of the line: x(s) = p0 + s·dir; cut parameters where other lines cross it
        dirv = (-w[1], w[0])
        p0 = (c * w[0] / (w[0] ** 2 + w[1] ** 2), c * w[1] / (w[0] ** 2 + w[1] ** 2))
        cuts = set()
        for (v, e) in lines:
            den = v[0] * dirv[0] + v[1] * dirv[1]
            if den != 0:
                cuts.add((e - v[0] * p0[0] - v[1] * p0[1]) / den)
        cuts = sorted(cuts)
        samples = ([cuts[0] - 1] + [(a + b) / 2 for a, b in zip(cuts, cuts[1:])] + [cuts[-1] + 1]) if cuts else [F(0)]
        jumps = []
        for s in samples:
            p = (p0[0] + s * dirv[0], p0[1] + s * dirv[1])
            up, down = g.grad_on_side(p, w), g.grad_on_side(p, (-w[0], -w[1]))
            jumps.append((up[0] - down[0], up[1] - down[1]))
        out.append(equal(len(set(jumps)), 1, f"one gradient jump along the line ({w[0]}, {w[1]})·x = {c}; "
                                             f"jumps seen {sorted(set(jumps))}"))
    return out


AUDIT_303 = Claim(
    id="cpwl-two-layer-any-dimension-printed",
    title="Audit: 'a two-layer ReLU network with n hidden units can represent any n-piecewise-linear function'",
    statement=("As printed (no dimension restriction): every continuous piecewise-linear function on R^2 with "
               "n pieces is computed by a one-hidden-layer ReLU net (with n units). Checked through a "
               "necessary consequence: its gradient jump is constant along each full line of its kink set."),
    sources=[Source(MSML, "line 1542", ("MSML-303",))],
    kind="exact",
    area="approximation",
    instances=max_affines(),
    conclusion=_jump_checks,
    proof_idea=("Σ_j v_j ReLU(w_j·x + b_j) + affine has gradient jump Σ_{j on ℓ} v_j w_j across a line ℓ, "
                "the same at every point of ℓ off the other lines."),
    audit=True,
    corrected="cpwl-one-hidden-layer-1d",
    finding=("False for inputs of dimension >= 2: max(0, x_1, x_2) has 3 pieces but kinks along half-lines "
             "(the gradient jumps by (1, 0) across x_1 = 0 where x_2 < 0 and not at all where x_2 > x_1 > 0), "
             "which no one-hidden-layer ReLU net of any width can do. True in 1-D for continuous PL "
             "functions: n breakpoints need n units plus an affine term (n + 1 pieces)."),
    examples=200,  # the search needs ~60 examples to meet a kink line with two different jumps
)
test_cpwl_two_layer_any_dimension_printed = AUDIT_303.test()
