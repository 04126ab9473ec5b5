"""Telgarsky's depth separation: the iterated tent map needs exponentially many pieces.

Statement.  The tent map Δ(x) = 2ReLU(x) - 4ReLU(x - 1/2) on [0, 1] (2x, then 2 - 2x) is computed by
a width-2 ReLU layer, and stacking k such layers computes Δ^{∘k} exactly: 2^k affine pieces of slope
±2^k on the dyadic intervals, 2^{k-1} teeth.  Piece counts obey a calculus: a sum of an s- and a
t-piece function has at most s + t - 1 pieces, a composition at most st, and a ReLU net with hidden
widths m_1..m_L has at most Π(m_i + 1) <= (2 max m_i)^L <= (2m/L)^L pieces (m units in all).  Any PL
g with t pieces stays far from Δ^{∘k}: ∫_0^1 |Δ^{∘k} - g| >= 1/4 - (t - 1)/2^{k+1} (tight at t = 1,
g = 1/2) and >= (1 - 2t/2^k)/16, so >= 1/32 once t <= 2^{k-2}.  Hence every net of depth <= L with
<= 2^L units misses Δ^{∘(L²+2)} by 1/32, while a width-2 net of depth L² + 2 computes it; and a
one-hidden-layer net with N units needs N >= (1 - 4ε)2^{k-1} to reach L1 error ε.

Sources.  Zhao, From Approximation to Emergence (2026), §3.4: Figs 3.8-3.10 (ZHAO-15, ZHAO-16),
Def. 3.6 and the sawtooth lemmas (ZHAO-17), Fig. 3.11 (ZHAO-18), Thm 3.9 and Figs 3.12-3.13 (ZHAO-19,
ZHAO-20); Teng, Wang, Zhang, Theoretical Machine Learning (2025), §1.2 (TENG-3); Chapter 24, The
Mathematical Structure of Machine Learning, depth-width remarks and App. B Thm 8.2 (MSML-292);
Telgarsky, Benefits of depth in neural networks (COLT 2016).  Audits: ZHAO-16 prints 2^k teeth;
ZHAO-19/ZHAO-20 print the constant 1/2 (g = 1/2 gives 1/4); MSML-292 prints n^{dL} shallow units.

Proof idea.  Δ^{∘k} maps each dyadic interval of length 2^{-(k-1)} onto [0, 1] twice.  A ReLU layer
adds at most one breakpoint per unit and per cell of the previous common partition, so the cell count
is multiplied by at most (m_i + 1).  The level 1/2 splits [0, 1] into 2^k + 1 triangles of Δ^{∘k}
(area 2^{-k-2}, the two end ones half that); g - 1/2 changes sign at most t times, so at least
(2^k - 2t)/2 triangles lie wholly on the wrong side of g (at least (2^k - t)/2 when g is continuous),
each costing its area: (1 - 2t/2^k)/16.  Sharper: at most t - 1 of the 2^{k-1} teeth contain a
breakpoint of g, and on a tooth of width 2h the best affine fit is the constant 1/2 (average g with
its mirror image, then take the median), with error h/2: 1/4 - (t - 1)/2^{k+1}.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import prod

from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.documents import MSML, TENG, ZHAO
from checks.piecewise import (HALF, PL, ReLUNet, add, affine, compose, constant, extrema_on, identity,
                              integral, l1_distances, level_set_measure, network_at, network_pl, pieces, pl,
                              relu, same_function, simplify, slopes, teeth, tent, tent_iterate,
                              tent_module_weights, tent_network, tent_value)
from checks.strategies.relu_networks import (Approximant, adversarial_nets, approximants, budget_nets,
                                             fractions, half_crossings, knockouts, mixed_sawtooth_stacks,
                                             random_nets, sawtooth_layer_stack, shallow_approximant_net, widths)

TELGARSKY = Source("Telgarsky, Benefits of depth in neural networks (COLT 2016)", "Lemmas 2.1-2.3, Thm 1.1")
QUARTER = Fraction(1, 4)


# --- 1. the tent map and its iterates ----------------------------------------------------------------

@dataclass(frozen=True)
class TentCase:
    """An iterate count k, a rational point x of [0, 1] and an interval [a, b] of values."""

    k: int
    x: Fraction
    a: Fraction
    b: Fraction


tent_cases = st.builds(TentCase, st.integers(1, 10), fractions(0, 1, 3 * 2 ** 11),
                       fractions(0, Fraction(1, 2), 64), fractions(Fraction(1, 2) + Fraction(1, 64), 1, 64))


def _module(second: tuple[Fraction, Fraction], outer_relu: bool) -> ReLUNet:
    """z = second·(ReLU(x), ReLU(x - 1/2)), followed by ReLU when ``outer_relu``."""
    w, b = tent_module_weights(True)
    if outer_relu:
        return ReLUNet((w, (second,)), (b, (Fraction(0),)), (Fraction(1),), Fraction(0))
    return ReLUNet((w,), (b,), second, Fraction(0))


def _tent_extended() -> PL:
    """The tent map on [-1, 2], extended by 0 outside [0, 1]."""
    return pl([-1, 0, HALF, 1, 2], [0, 0, 1, 0, 0])


def _tent_checks(c: TentCase, *, module: ReLUNet | None = None, stack_out: tuple[int, int] = (2, -4),
                 pieces_expected=lambda k: 2 ** k) -> list[Check]:
    """The facts about Δ^{∘k}; the keywords let a mutant swap the module, the stack or the count."""
    k = c.k
    net = tent_network(k) if stack_out == (2, -4) else _stack_with(stack_out, k)
    f = network_pl(net)
    closed = tent_iterate(k)
    module = module or _module((Fraction(2), Fraction(-4)), outer_relu=True)
    z = identity(-2, 2)
    return [
        holds(same_function(f, closed), "the width-2, depth-k stack equals the closed form on [0, 1]",
              f"stack {f!r}, closed form {closed!r}"),
        holds(same_function(compose(tent(), tent_iterate(k - 1)) if k > 1 else tent(), closed),
              "Δ ∘ Δ^{∘(k-1)} = Δ^{∘k}"),
        equal(network_at(net, c.x), tent_value(k, c.x), "net(x) = 1 - |2 frac(2^{k-1}x) - 1|"),
        equal(pieces(f), pieces_expected(k), "affine pieces on [0, 1]"),
        holds(all(abs(v) == 2 ** k for v in slopes(f)), "every slope is ±2^k"),
        equal(teeth(f), 2 ** (k - 1), "teeth (up-down pairs) on [0, 1]"),
        equal(net.units, 2 * k, "units of the stack"),
        equal(integral(f), HALF, "∫ Δ^{∘k} = 1/2"),
        equal(l1_distances(f, constant(HALF), (0, 1))[0], QUARTER, "∫ |Δ^{∘k} - 1/2| = 1/4"),
        equal(level_set_measure(f, c.a, c.b), c.b - c.a, "Δ^{∘k} pushes Unif[0,1] to Unif[0,1]"),
        equal(pieces(network_pl(net, -1, 2)), 2 ** k + 2 if k > 1 else 3,
              "pieces on [-1, 2] (two flat ones outside [0, 1] for k > 1)"),
        holds(same_function(network_pl(module, -1, 2), _tent_extended()),
              "ReLU(2ReLU(x) - 4ReLU(x - 1/2)) is the tent extended by 0 on [-1, 2] (4 pieces)"),
        holds(same_function(relu(add(relu(z), constant(-HALF, -2, 2))), relu(affine(1, -HALF, -2, 2)))
              and same_function(relu(relu(z)), relu(z)),
              "ReLU(ReLU(z) - 1/2) = ReLU(z - 1/2) and ReLU∘ReLU = ReLU on [-2, 2]"),
    ]


def _stack_with(out: tuple[int, int], k: int) -> ReLUNet:
    """The tent stack with every module's output combination replaced by ``out``."""
    a, b = Fraction(out[0]), Fraction(out[1])
    w1, b1 = tent_module_weights(True)
    weights = [w1] + [((a, b), (a, b))] * (k - 1)
    return ReLUNet(tuple(weights), (b1,) * k, (a, b), Fraction(0), name=f"stack with outputs {out}")


TENT_SOURCES = [
    Source(ZHAO, "§3.4.1, Figs 3.8-3.10 (tent module, iterates, teeth)", ("ZHAO-15", "ZHAO-16")),
    Source(TENG, "§1.2.2 Key Idea (qualitative; s_k = Δ^{∘k} as in Telgarsky 2016)", ("TENG-3",)),
    Source(MSML, "lines 1583, 1587 (depth-width counting; Δ^{∘k}: 2^k pieces, 2 units per layer)",
           ("MSML-292",)),
]

TENT = Claim(
    id="tent-map-iterates",
    title="The iterated tent map: a width-2 stack, 2^k pieces, 2^{k-1} teeth",
    statement=("With Δ(x) = 2ReLU(x) - 4ReLU(x - 1/2), k stacked width-2 layers compute Δ^{∘k} on [0, 1]: "
               "0 at even and 1 at odd multiples of 2^{-k}, 2^k affine pieces, 2^{k-1} teeth, integral 1/2, "
               "L1 distance 1/4 to the constant 1/2, and it preserves the uniform law. The module "
               "ReLU(Δ) is the tent extended by 0 (4 pieces on R), and the outer ReLU can be absorbed."),
    sources=TENT_SOURCES + [TELGARSKY],
    kind="exact",
    area="approximation",
    instances=tent_cases,
    conclusion=_tent_checks,
    proof_idea=("Δ maps [0, 1/2] and [1/2, 1] affinely onto [0, 1], so by induction Δ^{∘k} maps each "
                "dyadic interval of length 2^{-k} affinely onto [0, 1], alternately up and down."),
    mutants=[
        Mutant("pieces-double", "Δ^{∘k} has 2^k pieces, not 2^{k+1}.",
               conclusion=lambda c: _tent_checks(c, pieces_expected=lambda k: 2 ** (k + 1))),
        Mutant("pieces-k-squared", "The piece count doubles with k; k² is wrong for k = 1 and k >= 3.",
               conclusion=lambda c: _tent_checks(c, pieces_expected=lambda k: k * k)),
        Mutant("plateau-module", "With weights (2, -2) the module is 2x then flat at 1, not a tent.",
               conclusion=lambda c: _tent_checks(c, stack_out=(2, -2))),
        Mutant("no-outer-relu", "Without the outer ReLU the module is 2 - 2x < 0 beyond x = 1.",
               conclusion=lambda c: _tent_checks(c, module=_module((Fraction(2), Fraction(-4)), False))),
    ],
    examples=30,
)
test_tent_map_iterates = TENT.test()

TEETH_PRINTED = Claim(
    id="tent-teeth-printed",
    title="Audit: 'm^(k) has 2^k teeth'",
    statement="The k-th iterate of the tent map has 2^k teeth on [0, 1] (as printed).",
    sources=[Source(ZHAO, "Fig. 3.9 caption (line 110)", ("ZHAO-16",))],
    kind="exact",
    area="approximation",
    instances=tent_cases,
    conclusion=lambda c: equal(teeth(tent_iterate(c.k)), 2 ** c.k, "teeth of Δ^{∘k} (printed: 2^k)"),
    proof_idea="Each composition with Δ doubles the number of teeth, starting from one tooth at k = 1.",
    audit=True,
    corrected="tent-map-iterates",
    finding=("Δ^{∘k} has 2^{k-1} teeth and 2^k affine pieces (k = 1: one tooth); the caption's '2^k teeth' "
             "counts pieces, and contradicts Fig. 3.10 (1, 2, 4 teeth for k = 1, 2, 3)."),
    examples=10,
)
test_tent_teeth_printed = TEETH_PRINTED.test()


# --- 2. sawtooth calculus ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PLPair:
    """Two PL functions on [0, 1], g mapping into [0, 1] (so f ∘ g is defined)."""

    f: PL
    g: PL
    how: str

    def __repr__(self) -> str:
        return f"PLPair({self.how}: f with {pieces(self.f)} pieces, g with {pieces(self.g)} pieces)"


@st.composite
def _random_pl01(draw: st.DrawFn, max_pieces: int, values_in_unit: bool) -> PL:
    n = draw(st.integers(0, max_pieces - 1))
    inner = sorted(draw(st.lists(fractions(Fraction(1, 64), Fraction(63, 64), 64), min_size=n,
                                 max_size=n, unique=True)))
    lo, hi = (0, 1) if values_in_unit else (-2, 2)
    ys = draw(st.lists(fractions(lo, hi, 16), min_size=n + 2, max_size=n + 2))
    return pl([0, *inner, 1], ys)


@st.composite
def pl_pairs(draw: st.DrawFn) -> PLPair:
    """Random pairs, and the tight cases: g a zigzag through all of f's domain (s·t pieces), tent
    iterates, two hinges at different points (s + t - 1 pieces)."""
    kind = draw(st.sampled_from(["random", "zigzag g", "tent iterates", "hinges"]))
    if kind == "random":
        return PLPair(draw(_random_pl01(8, False)), draw(_random_pl01(8, True)), "random f and g")
    if kind == "zigzag g":
        f = draw(_random_pl01(8, False))
        t = draw(st.integers(1, 8))
        inner = sorted(draw(st.lists(fractions(Fraction(1, 64), Fraction(63, 64), 64), min_size=t - 1,
                                     max_size=t - 1, unique=True)))
        start = draw(st.integers(0, 1))
        g = pl([0, *inner, 1], [(start + j) % 2 for j in range(t + 1)])
        return PLPair(f, g, "g a zigzag through all of [0, 1]")
    if kind == "tent iterates":
        i, j = draw(st.integers(1, 4)), draw(st.integers(1, 4))
        return PLPair(tent_iterate(i), tent_iterate(j), f"f = Δ^{i}, g = Δ^{j}")
    a, b = (draw(fractions(Fraction(1, 8), Fraction(7, 8), 8)) for _ in range(2))
    return PLPair(relu(affine(1, -a)), pl([0, b, 1], [0, 0, 1 - b]), f"hinges at {a} and {b}")


def _calculus(p: PLPair, sum_bound=lambda s, t: s + t - 1, comp_bound=lambda s, t: s * t) -> list[Check]:
    s, t = pieces(p.f), pieces(p.g)
    return [le(pieces(add(p.f, p.g)), sum_bound(s, t), label="pieces(f + g) <= s + t - 1"),
            le(pieces(compose(p.f, p.g)), comp_bound(s, t), label="pieces(f ∘ g) <= s·t")]


CALCULUS = Claim(
    id="sawtooth-calculus",
    title="Sawtooth calculus: pieces of sums and compositions",
    statement=("If f has s affine pieces and g has t on an interval (g mapping into f's domain), then "
               "f + g has at most s + t - 1 pieces and f ∘ g at most s·t."),
    sources=[Source(ZHAO, "Def. 3.6 and the sawtooth lemmas, §3.4.2", ("ZHAO-17",)), TELGARSKY],
    kind="exact",
    area="approximation",
    instances=pl_pairs(),
    conclusion=_calculus,
    proof_idea=("The breakpoints of f + g lie among the (s - 1) + (t - 1) breakpoints of f and g. On each "
                "piece of g, g is monotone affine, so its image meets at most s pieces of f."),
    mutants=[
        Mutant("composition-additive", "A zigzag g through f's whole domain gives f ∘ g s·t > s + t pieces.",
               conclusion=lambda p: _calculus(p, comp_bound=lambda s, t: s + t)),
        Mutant("sum-max", "Two hinges at different points sum to 3 pieces > max(2, 2).",
               conclusion=lambda p: _calculus(p, sum_bound=max)),
    ],
    examples=40,
)
test_sawtooth_calculus = CALCULUS.test()


# --- 3. piece count of ReLU nets ---------------------------------------------------------------------

def net_instances(max_depth: int = 4, max_width: int = 4) -> st.SearchStrategy[ReLUNet]:
    """Random nets (depth <= 4, width <= 4; or one wide layer of <= 8 units) and adversarial ones."""
    rand = widths(max_depth, max_width).flatmap(random_nets)
    wide = st.integers(1, 8).map(lambda m: (m,)).flatmap(random_nets)
    return st.one_of(rand, wide, adversarial_nets(max_depth, max_width))


def _piece_bound_checks(net: ReLUNet, bound=None) -> list[Check]:
    """The counting bounds on [0, 1]; a mutant passes its own ``bound(widths)``."""
    p = pieces(network_pl(net))
    ms, L = net.widths, net.depth
    sharp = prod(m + 1 for m in ms)
    if bound is not None:
        return [le(p, bound(ms), label="pieces on [0, 1] <= mutated bound")]
    return [le(p, sharp, label="pieces on [0, 1] <= Π(m_i + 1)"),
            le(p, (2 * max(ms)) ** L, label="pieces <= (2·max m_i)^L"),
            le(p, (Fraction(2 * net.units, L)) ** L, label="pieces <= (2m/L)^L, m = total units")]


PIECES = Claim(
    id="relu-net-piece-count",
    title="A ReLU net with widths m_1..m_L has at most Π(m_i + 1) affine pieces",
    statement=("A ReLU net with scalar input and hidden widths m_1, …, m_L is piecewise affine with at "
               "most Π(m_i + 1) pieces on any interval; hence at most (2 max m_i)^L and at most (2m/L)^L "
               "with m = Σ m_i. A one-hidden-layer net with m units has at most m + 1 pieces."),
    sources=[Source(ZHAO, "Fig. 3.11 (sawtooth counting bound)", ("ZHAO-18",)),
             Source(TENG, "§1.2.2 (iv): L layers of width m give <= (2m)^L pieces", ("TENG-3",)),
             Source(MSML, "one-hidden-layer net with m units has <= m + 1 pieces", ("MSML-292",)),
             TELGARSKY],
    kind="exact",
    area="approximation",
    instances=net_instances(),
    conclusion=_piece_bound_checks,
    proof_idea=("Keep one common partition of the input for all units of a layer. Each unit's pre-activation "
                "is affine on every cell, so its ReLU splits a cell at most once: the layer multiplies the "
                "cell count by at most m_i + 1. Then m_i + 1 <= 2m_i and AM-GM give (2m/L)^L."),
    mutants=[
        Mutant("product-of-widths", "One layer of m units in general position has m + 1 > m pieces.",
               conclusion=lambda n: _piece_bound_checks(n, lambda ms: prod(ms))),
        Mutant("sum-of-widths", "Depth multiplies: a depth-3 tent stack has 8 > 2·3 + 1 pieces.",
               conclusion=lambda n: _piece_bound_checks(n, lambda ms: sum(ms) + 1)),
        Mutant("depth-only", "Width matters: one layer of m >= 2 units has m + 1 > 2 pieces.",
               conclusion=lambda n: _piece_bound_checks(n, lambda ms: 2 ** len(ms))),
        Mutant("no-factor-two", "(m/L)^L is below m + 1 already for L = 1.",
               conclusion=lambda n: _piece_bound_checks(
                   n, lambda ms: Fraction(sum(ms), len(ms)) ** len(ms))),
    ],
    examples=60,
)
test_relu_net_piece_count = PIECES.test()


# --- 4. PL functions with t pieces are far from Δ^{∘k} ------------------------------------------------

def _regions(k: int) -> list[tuple[Fraction, Fraction, bool]]:
    """The 2^k + 1 intervals between the 1/2-crossings of Δ^{∘k}, each flagged 'above 1/2'."""
    ends = [Fraction(0)] + half_crossings(k) + [Fraction(1)]
    return [(a, b, i % 2 == 1) for i, (a, b) in enumerate(zip(ends, ends[1:]))]


def teng_bound(k: int, t: int) -> Fraction:
    """1/4 - (t - 1)/2^{k+1}: half a tooth width of error on every tooth without a breakpoint."""
    return QUARTER - Fraction(t - 1, 2 ** (k + 1))


def telgarsky_bound(k: int, t: int) -> Fraction:
    """(1 - 2t/2^k)/16: (2^k - 2t)/2 missed triangles of area >= 2^{-k-3}."""
    return (1 - Fraction(2 * t, 2 ** k)) / 16


@dataclass(frozen=True)
class Miss:
    """How g misses Δ^{∘k}: the L1 error, the errors on teeth containing no breakpoint of g, and the
    number of 1/2-level triangles lying wholly on the wrong side of g."""

    err: Fraction
    clean_teeth: tuple[Fraction, ...]
    missed: int


def miss(a: Approximant) -> Miss:
    """The teeth are [j, j+1]/2^{k-1}; a breakpoint of g strictly inside one touches it."""
    k, g = a.k, a.g
    cuts = [Fraction(j, 2 ** (k - 1)) for j in range(2 ** (k - 1) + 1)]
    per_tooth = l1_distances(tent_iterate(k), g, cuts)
    breaks = simplify(g).xs[1:-1]
    touched = {int(x * 2 ** (k - 1)) for x in breaks if (x * 2 ** (k - 1)).denominator != 1}
    missed = 0
    for lo, hi, above in _regions(k):
        gmin, gmax = extrema_on(g, lo, hi)
        missed += (gmax <= HALF) if above else (gmin >= HALF)
    return Miss(sum(per_tooth), tuple(e for j, e in enumerate(per_tooth) if j not in touched), missed)


def _separation_checks(a: Approximant, tooth_bound=lambda k: Fraction(1, 2 ** (k + 1))) -> list[Check]:
    """The two L1 bounds and the counting steps of their proofs, each where it is not vacuous."""
    k, t = a.k, a.t
    m = miss(a)
    checks = [holds(m.err >= 0, "∫|Δ^k - g| >= 0")]
    if teng_bound(k, t) > 0:
        checks.append(ge(m.err, teng_bound(k, t), label="∫|Δ^k - g| >= 1/4 - (t-1)/2^{k+1}"))
        checks.append(ge(len(m.clean_teeth), 2 ** (k - 1) - (t - 1),
                         label="teeth without a breakpoint of g >= 2^{k-1} - (t-1)"))
    if telgarsky_bound(k, t) > 0:
        checks.append(ge(m.err, telgarsky_bound(k, t), label="∫|Δ^k - g| >= (1 - 2t/2^k)/16"))
    if t < 2 ** k:
        checks.append(ge(m.missed, Fraction(2 ** k - t, 2),
                         label="triangles wholly on the wrong side >= (2^k - t)/2 (printed: (2^k - 2t)/2)"))
    if m.clean_teeth:
        checks.append(ge(min(m.clean_teeth), tooth_bound(k),
                         label="error on a tooth where g is affine >= h/2, h = 2^-k"))
    if t <= 2 ** (k - 2):
        checks.append(ge(m.err, Fraction(1, 32), label="t <= 2^{k-2} ⇒ ∫|Δ^k - g| >= 1/32"))
    return checks


def _err(a: Approximant) -> Fraction:
    return l1_distances(tent_iterate(a.k), a.g, (0, 1))[0]


separation_instances = st.integers(1, 8).flatmap(approximants)
"""k <= 8 keeps Δ^{∘k} at <= 256 pieces; every family of approximants, the constant 1/2 included."""

SEPARATION = Claim(
    id="sawtooth-l1-lower-bound",
    title="A PL function with t pieces misses Δ^{∘k} in L1 (missing triangles)",
    statement=("Every continuous PL g on [0, 1] with t affine pieces satisfies ∫|Δ^{∘k} - g| >= "
               "1/4 - (t - 1)/2^{k+1} and >= (1 - 2t/2^k)/16, hence >= 1/32 when t <= 2^{k-2}. The first "
               "bound is attained at t = 1 by g = 1/2; any valid constant is <= 1/4."),
    sources=[Source(ZHAO, "Figs 3.12-3.13 (missing triangles), proof of Thm 3.9", ("ZHAO-20", "ZHAO-19")),
             Source(TENG, "§1.2.2 Key Idea: exponential width at fixed accuracy (the tooth bound)",
                    ("TENG-3",)),
             TELGARSKY],
    kind="exact",
    area="approximation",
    instances=separation_instances,
    conclusion=_separation_checks,
    proof_idea=("g - 1/2 changes sign at most t times, so among the 2^k + 1 triangles cut from Δ^{∘k} by "
                "the level 1/2 at least (2^k - 2t)/2 (for continuous g even (2^k - t)/2) lie wholly on the "
                "wrong side of g, each costing its area >= 2^{-k-3}. Sharper: g is affine on all but t - 1 "
                "teeth, and the best affine L1 fit to a tooth of width 2h is the constant 1/2 (average g "
                "with its mirror image), error h/2."),
    mutants=[
        Mutant("constant-one-third", "g = 1/2 has error 1/4 < (1 - 2/2^k)/3 for k >= 4.",
               conclusion=lambda a: ge(_err(a), (1 - Fraction(2 * a.t, 2 ** a.k)) / 3,
                                       label="∫ >= (1-2t/2^k)/3")),
        Mutant("no-piece-term", "Copying teeth drives the error to 0 as t grows, below any fixed 1/16.",
               conclusion=lambda a: ge(_err(a), Fraction(1, 16), label="∫ >= 1/16 for every t")),
        Mutant("teng-off-by-one", "1/4 - (t-1)/2^{k+1} is attained at t = 1, so 1/4 - (t-2)/2^{k+1} fails.",
               conclusion=lambda a: ge(_err(a), teng_bound(a.k, a.t - 1), label="∫ >= 1/4 - (t-2)/2^{k+1}")),
        Mutant("any-inexact-misses", "Dropping one knot of Δ^{∘k} leaves 2^k - 1 pieces and error 2^-k, "
               "below 1/32 once k >= 6 (so the search looks at k = 6..8).",
               instances=st.integers(6, 8).flatmap(approximants),
               conclusion=lambda a: ge(_err(a), Fraction(1, 32), label="t < 2^k ⇒ ∫ >= 1/32")
               if a.t < 2 ** a.k else holds(True, "g has 2^k pieces")),
        Mutant("tooth-error-h", "The constant 1/2 fits a tooth of width 2h with error h/2, not h.",
               conclusion=lambda a: _separation_checks(a, tooth_bound=lambda k: Fraction(1, 2 ** k))),
    ],
    examples=100,
)
test_sawtooth_l1_lower_bound = SEPARATION.test()


# --- 5. the depth separation -------------------------------------------------------------------------

@dataclass(frozen=True)
class BudgetNet:
    """A net with depth <= L and <= 2^L units, to be compared with Δ^{∘k} (k = L² + 2 unless changed)."""

    L: int
    k: int
    net: ReLUNet

    def __repr__(self) -> str:
        return f"BudgetNet(L={self.L}, target Δ^{self.k}, {self.net!r}, {self.net.units} units)"


def budget_instances() -> st.SearchStrategy[BudgetNet]:
    """Nets of depth <= L and <= 2^L units (random, tent and Δ^b-layer stacks, the constant 1/2,
    one-layer copies of good approximants) against Δ^{∘(L²+2)}, L in {2, 3}."""
    return st.sampled_from((2, 2, 3)).flatmap(
        lambda L: budget_nets(L * L + 2, L, 2 ** L).map(lambda n: BudgetNet(L, L * L + 2, n)))


def sawtooth_budget_instances(L: int, k: int) -> st.SearchStrategy[BudgetNet]:
    """Only the Δ^{∘b}-layer stacks of depth <= L and <= 2^L units (mixed b, or equal layers as wide
    as the budget allows) against Δ^{∘k}: where a target of low composition depth is computed exactly."""
    units = 2 ** L
    uniform = st.integers(1, L).map(lambda layers: sawtooth_layer_stack((units // layers).bit_length() - 1,
                                                                        layers))
    return st.one_of(uniform, mixed_sawtooth_stacks(L, units)).map(lambda n: BudgetNet(L, k, n))


def shallow_near_copies(L: int) -> st.SearchStrategy[BudgetNet]:
    """One hidden layer equal to Δ^{∘(L²+2)} itself or to it with some knots removed (up to 2^k units,
    beyond the budget): where the unit limit is what the bound needs."""
    k = L * L + 2
    near = st.one_of(st.just(Approximant(k, tent_iterate(k), "the target itself")), knockouts(k))
    return near.map(lambda a: BudgetNet(L, k, shallow_approximant_net(a)))


def _depth_checks(b: BudgetNet, constant_: Fraction = Fraction(1, 32)) -> list[Check]:
    """The proof chain (pieces <= Π(m_i + 1) <= 2^{L²}, (2m/l)^l <= 2^{L²}), then the L1 bounds; the
    last check is the separation itself."""
    g = network_pl(b.net)
    err = l1_distances(tent_iterate(b.k), g, (0, 1))[0]
    p, ms, depth = pieces(g), b.net.widths, b.net.depth
    return [
        holds(depth <= b.L and b.net.units <= 2 ** b.L, "g has depth <= L and <= 2^L units",
              f"depth {depth}, {b.net.units} units"),
        le(p, prod(m + 1 for m in ms), label="pieces <= Π(m_i + 1)"),
        le(prod(m + 1 for m in ms), 2 ** (b.L * b.L), label="Π(m_i + 1) <= 2^{L²} = 2^{k-2}"),
        le(Fraction(2 * b.net.units, depth) ** depth, 2 ** (b.L * b.L), label="(2m/l)^l <= 2^{L²}"),
        ge(err, teng_bound(b.k, p), label="∫|Δ^k - g| >= 1/4 - (pieces-1)/2^{k+1}"),
        ge(err, constant_, label=f"∫|Δ^{b.k} - g| >= {constant_}"),
    ]


def _one_32(b: BudgetNet) -> Check:
    """Only the 1/32 bound (what the depth and unit mutants change)."""
    return _depth_checks(b)[-1]


DEPTH = Claim(
    id="telgarsky-depth-separation",
    title="Depth-L nets with <= 2^L units miss Δ^{∘(L²+2)} by 1/32",
    statement=("For L >= 2, every ReLU net g with at most L hidden layers and at most 2^L units satisfies "
               "∫_0^1 |Δ^{∘(L²+2)} - g| >= 1/32, while L² + 2 width-2 layers (2L² + 4 units) compute "
               "Δ^{∘(L²+2)} exactly."),
    sources=[Source(ZHAO, "Thm 3.9 (Telgarsky depth separation)", ("ZHAO-19",)),
             Source(TENG, "§1.2.2 Key Idea: deep and moderate vs shallow and exponentially wide",
                    ("TENG-3",)),
             TELGARSKY],
    kind="exact",
    area="approximation",
    instances=budget_instances(),
    conclusion=_depth_checks,
    proof_idea=("g has at most Π(m_i + 1) <= (2m/L)^L <= 2^{L² + L}/L^L <= 2^{L²} = 2^{k-2} pieces for "
                "L >= 2, and a PL function with t <= 2^{k-2} pieces misses Δ^{∘k} by (1 - 2t/2^k)/16 >= 1/32."),
    mutants=[
        Mutant("linear-depth-target", "Three width-4 layers each computing Δ^{∘2} give Δ^{∘6} = Δ^{∘(L+2)} "
               "exactly at L = 4 with 12 <= 16 units.",
               instances=sawtooth_budget_instances(4, 6), conclusion=_one_32),
        Mutant("no-unit-limit", "One hidden layer of 2^k units interpolates Δ^{∘k} exactly (error 0).",
               instances=shallow_near_copies(2), conclusion=_one_32),
    ],
    examples=60,
)
test_telgarsky_depth_separation = DEPTH.test()

CONSTANT_PRINTED = Claim(
    id="telgarsky-constant-printed",
    title="Audit: the separation constant '∫|f - g| >= 1/2'",
    statement=("Every ReLU net g with depth <= L and <= 2^L units satisfies ∫_0^1 |Δ^{∘(L²+2)} - g| >= 1/2 "
               "(the constant as the proof picture prints it)."),
    sources=[Source(ZHAO, "Fig. 3.13 caption (line 118), Thm 3.9", ("ZHAO-19", "ZHAO-20"))],
    kind="exact",
    area="approximation",
    instances=budget_instances(),
    conclusion=lambda b: _depth_checks(b, constant_=HALF)[-1],
    proof_idea="The missing-triangle count, with the constant read off the truncated caption.",
    audit=True,
    corrected="telgarsky-depth-separation",
    finding=("The constant net g = 1/2 is admissible for every budget and gives ∫|Δ^{∘k} - 1/2| = 1/4 < 1/2, "
             "so no valid constant exceeds 1/4 (g = 0 gives exactly 1/2). The argument yields "
             "(1 - 2t/2^k)/16, i.e. 1/32 for t <= 2^{k-2} (and 1/4 - (t-1)/2^{k+1} by counting teeth)."),
    examples=20,
)
test_telgarsky_constant_printed = CONSTANT_PRINTED.test()


# --- 6. one hidden layer ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ShallowCase:
    """A one-hidden-layer net against Δ^{∘k}."""

    k: int
    net: ReLUNet

    def __repr__(self) -> str:
        return f"ShallowCase(k={self.k}, {self.net!r})"


@st.composite
def shallow_cases(draw: st.DrawFn) -> ShallowCase:
    """Random one-layer nets with up to 2^k + 1 units, and one-layer nets equal to approximants."""
    k = draw(st.integers(1, 8))
    kind = draw(st.sampled_from(["random", "approximant"]))
    if kind == "random":
        net = draw(st.integers(1, 2 ** k + 1).map(lambda n: (n,)).flatmap(random_nets))
    else:
        net = shallow_approximant_net(draw(approximants(k)))
    return ShallowCase(k, net)


def _shallow_checks(c: ShallowCase, slack_units: int = 1, ignore_width: bool = False) -> list[Check]:
    """Pieces <= N + 1 and the error bounds with t = N + 1; the keywords serve the mutants."""
    g = network_pl(c.net)
    n = c.net.units
    err = l1_distances(tent_iterate(c.k), g, (0, 1))[0]
    checks = [le(pieces(g), n + slack_units, label="pieces <= N + 1")]
    if ignore_width:
        return [ge(err, Fraction(1, 32), label="∫|Δ^k - g| >= 1/32 whatever N")]
    if QUARTER - Fraction(n, 2 ** (c.k + 1)) > 0:
        checks.append(ge(err, QUARTER - Fraction(n, 2 ** (c.k + 1)),
                         label="∫|Δ^k - g| >= 1/4 - N/2^{k+1}, i.e. N >= (1-4ε)2^{k-1}"))
    if telgarsky_bound(c.k, n + 1) > 0:
        checks.append(ge(err, telgarsky_bound(c.k, n + 1), label="∫|Δ^k - g| >= (1 - 2(N+1)/2^k)/16"))
    if err == 0:
        checks.append(ge(n, 2 ** c.k - 1, label="g = Δ^k on [0, 1] ⇒ N >= 2^k - 1"))
        checks.append(ge(n, 2 ** c.k, label="g = Δ^k on [0, 1] ⇒ N >= 2^k (jumps ±2^{k+1} never sum "
                                              "to the first slope 2^k)"))
    return checks


SHALLOW = Claim(
    id="shallow-net-tent-width",
    title="One hidden layer needs width (1 - 4ε)2^{k-1} to reach L1 error ε on Δ^{∘k}",
    statement=("A one-hidden-layer ReLU net with N units has at most N + 1 pieces, so its L1 error to Δ^{∘k} "
               "is >= 1/4 - N/2^{k+1} (and >= (1 - 2(N+1)/2^k)/16): error ε needs N >= (1 - 4ε)2^{k-1}, "
               "and representing Δ^{∘k} exactly needs N >= 2^k - 1 (in fact N >= 2^k on [0, 1])."),
    sources=[Source(TENG, "§1.2.2 Key Idea: a shallow net needs exponential width", ("TENG-3",)),
             Source(MSML, "line 1587 (n^L units at one layer), exact 1-D form: m + 1 pieces", ("MSML-292",)),
             TELGARSKY],
    kind="exact",
    area="approximation",
    instances=shallow_cases(),
    conclusion=_shallow_checks,
    proof_idea=("Each unit ReLU(wx + b) adds one breakpoint; then apply the t-piece bound with t = N + 1. "
                "Exactness needs a unit at each of the 2^k - 1 kinks; with no other unit the first slope "
                "would be a sum of slope jumps ±2^{k+1}, never 2^k."),
    mutants=[
        Mutant("pieces-at-most-units", "N units at distinct interior breakpoints give N + 1 pieces.",
               conclusion=lambda c: _shallow_checks(c, slack_units=0)[:1]),
        Mutant("width-free", "The one-layer interpolant with 2^k units has error 0.",
               conclusion=lambda c: _shallow_checks(c, ignore_width=True)),
    ],
    examples=150,
)
test_shallow_net_tent_width = SHALLOW.test()


@dataclass(frozen=True)
class RegionCase:
    """n units per layer, L layers (1-D input), and a one-hidden-layer net with N units."""

    n: int
    L: int
    net: ReLUNet

    def __repr__(self) -> str:
        return f"RegionCase(n={self.n}, L={self.L}, n^L={self.n ** self.L}, shallow {self.net!r})"


region_cases = st.tuples(st.integers(2, 3), st.integers(1, 3)).flatmap(
    lambda nl: st.integers(max(1, nl[0] ** nl[1] - 2), nl[0] ** nl[1]).map(lambda m: (m,)).flatmap(
        random_nets).map(lambda net: RegionCase(nl[0], nl[1], net)))
"""Shallow nets with N within 2 units of n^L (where the printed threshold bites)."""

REGIONS_PRINTED = Claim(
    id="shallow-units-for-regions-printed",
    title="Audit: 'a 1-layer network needs n' = n^{dL} units'",
    statement=("To have the n^{dL} linear regions of an L-layer net with n units per layer, a one-hidden-"
               "layer net needs n^{dL} units (as printed); here d = 1, so: n^L regions ⇒ N >= n^L units."),
    sources=[Source(MSML, "§24 discrete perspective (line 1583); cf. line 1587 (n^L)", ("MSML-292",))],
    kind="exact",
    area="approximation",
    instances=region_cases,
    conclusion=lambda c: ge(c.net.units, c.n ** c.L if pieces(network_pl(c.net)) >= c.n ** c.L else 0,
                            label="pieces >= n^L ⇒ N >= n^L"),
    proof_idea="Region counting: a shallow net with N units has at most N + 1 regions on the line.",
    audit=True,
    corrected="shallow-net-tent-width",
    finding=("In d = 1 a one-hidden-layer net with N units has up to N + 1 pieces, so n^L - 1 units already "
             "give n^L regions (off by one). For d >= 2 the exponent is wrong: N units in general position "
             "cut R^d into Σ_{i<=d} C(N, i) = Θ(N^d) regions, so N = Θ(n^L) units reach n^{dL} regions "
             "(d = 2, n = 2, L = 1: two crossing lines already make 4 = n^{dL} regions). Line 1587 has the "
             "right n^L."),
    examples=30,
)
test_shallow_units_for_regions_printed = REGIONS_PRINTED.test()
