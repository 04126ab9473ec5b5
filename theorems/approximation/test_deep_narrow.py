"""Deep narrow ReLU networks: enough width makes depth universal, too little width does not.

Statement.  ReLU nets of width max(d + 1, d_out) and unbounded depth are dense in L^p(R^d); width
<= d is not universal.  Exact finite versions on small dimensions:
(a) width d + 2 = 3 suffices in d = 1, constructively: every continuous PL function on [0, 1] with n
    cells is computed exactly by a width-3 ReLU net of depth n (a carried input, one fresh unit per
    knot, and an accumulator kept nonnegative by an offset), so a width-3 net of depth N is within
    L/(2N) of any L-Lipschitz f;
(b) width 1 in d = 1 forces monotonicity: a net whose hidden layers all have one unit is a
    composition of monotone maps, so it misses the tent Δ (0 at 0 and 1, 1 at 1/2) by >= 1/2 in sup;
(c) a width-1 layer in d = 2 forces a ridge function h(w·x): it cannot separate 0 from the point p
    where the line w·x = 0 meets the boundary of [-1, 1]², and |p|² >= 1, so
    sup_{[-1,1]²} |x_1² + x_2² - net| >= 1/2 (attained by w = e_1 and the constant 1/2).

Sources.  Zhao, From Approximation to Emergence (2026), §2.6 after Fig. 2.24 (ZHAO-9); Teng, Wang,
Zhang, Theoretical Machine Learning (2025), Table 1.1 (TENG-5); Lu, Pu, Wang, Hu, Wang, The
expressive power of neural networks: a view from the width (2017); Hanin, Sellke, Approximating
continuous functions by ReLU nets of minimal width (2017); Park, Yun, Lee, Shin, Minimum width for
universal approximation (2021).  Audit: TENG-5's table row "deep networks: universal approximation"
carries no width condition.

Proof idea.  (a) f = f(0) + Σ_k c_k ReLU(x - t_k); layer k holds x (x >= 0 on [0, 1] passes ReLU),
ReLU(x - t_k), and M + f(0) + Σ_{j<k} c_j ReLU(x - t_j) with M = |f(0)| + Σ|c_k|, never negative,
so ReLU leaves it alone.  (b) x ↦ ReLU(ax + b) is monotone, and compositions and affine output maps
of monotone maps are monotone; a monotone g has g(1/2) <= g(1) (or >=, symmetric), so either
|1 - g(1/2)| >= 1/2 or |g(1)| >= 1/2.  (c) Everything after the width-1 layer sees only w·x + b.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.claim import Claim, Mutant, Source, equal, ge, holds, le
from checks.documents import TENG, ZHAO
from checks.piecewise import PL, ReLUNet, constant_net, network_pl, slopes, tent, tent_network
from checks.strategies.relu_networks import random_nets
from checks.strategies.universal import (Target, bottleneck_nets, coordinate_net, fractions, half_ridge_net,
                                         interpolation_targets, random_pl, width_one_nets)
from checks.universal import Net, forward, interpolant_net, lipschitz, narrow_net, sup_distance

LU = Source("Lu, Pu, Wang, Hu, Wang, The expressive power of neural networks: a view from the width "
            "(NeurIPS 2017)", "Thms 1-2 (width d + 4 suffices, width <= d does not)")
HANIN = Source("Hanin, Sellke, Approximating continuous functions by ReLU nets of minimal width (2017)",
               "Thm 1 (width d + 1)")
HALF = Fraction(1, 2)


# --- (a) width 3 represents every PL function on [0, 1] ----------------------------------------------

@st.composite
def narrow_targets(draw: st.DrawFn) -> Target:
    """Interpolation targets, and random PL functions that start below 0 (the accumulator then needs
    its offset)."""
    if draw(st.booleans()):
        return draw(interpolation_targets())
    f = draw(random_pl())
    if f.ys[0] >= 0:
        f = PL(f.xs, (-1 - f.ys[0],) + f.ys[1:])
    return Target(f, draw(st.integers(2, 12)), "random PL starting below 0")


def _narrow_checks(t: Target, offset: Fraction | None = None, rate=lambda lip, n: lip / (2 * n)):
    p = network_pl(interpolant_net(t.f, t.n))
    exact = network_pl(narrow_net(t.f, offset))
    net = narrow_net(p, offset)
    return [equal(sup_distance(exact, t.f), 0, label="the width-3 net equals the PL target"),
            equal(max(net.widths), 3, label="width d + 2 = 3"),
            le(sup_distance(network_pl(net), t.f), rate(lipschitz(t.f), t.n),
               label="the width-3 net of the N-knot interpolant is within L/(2N)")]


NARROW = Claim(
    id="deep-narrow-width-three-exact",
    title="Width-3 deep ReLU nets compute every PL function on [0, 1] exactly (depth = cells)",
    statement="Every continuous PL f on [0, 1] with n cells equals a ReLU net of width 3 = d + 2 and depth "
              "n; so a width-3 net of depth N is within L/(2N) of any L-Lipschitz f (deep narrow nets "
              "are universal once the width exceeds d).",
    sources=[Source(ZHAO, "§2.6, after Fig. 2.24 (narrow deep ReLU nets)", ("ZHAO-9",)),
             Source(TENG, "Table 1.1, depth row (with the width proviso)", ("TENG-5",)), LU, HANIN],
    kind="exact",
    area="approximation",
    instances=narrow_targets(),
    conclusion=_narrow_checks,
    proof_idea="Write f = f(0) + Σ_k c_k ReLU(x - t_k).  Layer k carries x (nonnegative on [0, 1]), "
               "computes ReLU(x - t_k), and holds M + (partial sum) with M = |f(0)| + Σ|c_k|, which is "
               "never negative, so ReLU leaves it unchanged; the output adds c_n ReLU(x - t_n) - M.",
    mutants=[Mutant("no-offset", "without the offset the running sum is clipped at 0 wherever it is "
                    "negative (a target starting below 0)",
                    conclusion=lambda t: _narrow_checks(t, offset=Fraction(0))),
             Mutant("quarter-rate", "the zigzag's interpolation error is exactly L/(2N)",
                    conclusion=lambda t: _narrow_checks(t, rate=lambda lip, n: lip / (4 * n)))],
    examples=30,
)
test_deep_narrow_width_three_exact = NARROW.test()


# --- (b) width 1 in one dimension: monotone, 1/2 from the tent ----------------------------------------

def _monotone_checks(net: ReLUNet, bound: Fraction = HALF):
    g = network_pl(net, 0, 1)
    s = slopes(g)
    return [holds(all(v >= 0 for v in s) or all(v <= 0 for v in s), "the net is monotone on [0, 1]",
                  f"slopes {[str(v) for v in s[:8]]}"),
            ge(sup_distance(tent(), g), bound, label="sup_{[0,1]} |Δ - net| >= 1/2")]


half_constant = constant_net(HALF)
width_two = st.one_of(st.just(tent_network(1)), random_nets((2,)), random_nets((2, 2)))

WIDTH_ONE = Claim(
    id="deep-narrow-width-one-monotone",
    title="Width-1 ReLU nets on R are monotone and miss the tent map by 1/2",
    statement="A ReLU net on R whose hidden layers all have width 1 (any depth) is monotone, so "
              "sup_{[0,1]} |Δ - net| >= 1/2 for the tent Δ; equality for the constant 1/2.",
    sources=[Source(ZHAO, "§2.6, width <= d is not universal", ("ZHAO-9",)), LU],
    kind="exact",
    area="approximation",
    instances=st.one_of(st.just(half_constant), width_one_nets()),
    conclusion=_monotone_checks,
    proof_idea="Each layer x ↦ ReLU(ax + b) is monotone and so is their composition; a nondecreasing g "
               "has g(1/2) <= g(1), so max(|1 - g(1/2)|, |g(1)|) >= 1/2 (nonincreasing: use g(0)).",
    mutants=[Mutant("width-two", "width 2 computes the tent exactly (2ReLU(x) - 4ReLU(x - 1/2))",
                    instances=width_two),
             Mutant("gap-one", "the constant 1/2 is within exactly 1/2 of the tent",
                    conclusion=lambda n: _monotone_checks(n, Fraction(1)))],
    examples=40,
)
test_deep_narrow_width_one_monotone = WIDTH_ONE.test()


# --- (c) a width-1 bottleneck in two dimensions ---------------------------------------------------------

def _blind_point(net: Net) -> tuple[Fraction, Fraction]:
    """The point where the line w·x = 0 (w the first hidden unit's weights) meets the boundary of
    [-1, 1]²: (-w_2, w_1)/max(|w_1|, |w_2|)."""
    w1, w2 = net.weights[0][0]
    m = max(abs(w1), abs(w2))
    return -w2 / m, w1 / m


def _sq(p) -> Fraction:
    return p[0] ** 2 + p[1] ** 2


def _ridge_checks(net: Net, bound: Fraction = HALF):
    o, p = (Fraction(0), Fraction(0)), _blind_point(net)
    a, b = forward(net, o), forward(net, p)
    return [equal(a, b, label="the net cannot tell 0 from p (w·0 = w·p)"),
            ge(max(abs(_sq(o) - a), abs(_sq(p) - b)), bound,
               label="max over {0, p} of |x_1² + x_2² - net| >= 1/2")]


RIDGE = Claim(
    id="deep-narrow-ridge-bottleneck",
    title="A width-1 layer forces a ridge function: 1/2 away from x_1² + x_2² on [-1, 1]²",
    statement="A ReLU net on R² that passes through a hidden layer of width 1 (followed by any layers) "
              "computes h(w·x + b), and sup_{[-1,1]²} |x_1² + x_2² - net| >= 1/2; equality for w = e_1 "
              "and h ≡ 1/2 at the two points used.",
    sources=[Source(TENG, "Table 1.1 (deep nets need width > d)", ("TENG-5",)), LU],
    kind="exact",
    area="approximation",
    instances=st.one_of(st.just(half_ridge_net()), bottleneck_nets(1)),
    conclusion=_ridge_checks,
    proof_idea="0 and p = (-w_2, w_1)/‖w‖_∞ have the same w·x, so the net takes one value h at both, "
               "while f(0) = 0 and f(p) = |p|² >= 1 (p has a coordinate ±1): max(|h|, |f(p) - h|) >= 1/2.",
    mutants=[Mutant("width-two-bottleneck", "with two first-layer units ReLU(x_2) matches f at 0 and at "
                    "p = (0, 1)", instances=st.one_of(st.just(coordinate_net()), bottleneck_nets(2))),
             Mutant("gap-one", "the constant 1/2 misses f by exactly 1/2 at 0 and at (0, 1)",
                    conclusion=lambda n: _ridge_checks(n, Fraction(1)))],
    examples=40,
)
test_deep_narrow_ridge_bottleneck = RIDGE.test()


# --- audit: "deep networks are universal" with no width condition -----------------------------------

@dataclass(frozen=True)
class NarrowCase:
    """A deep net with a width-1 bottleneck and an accuracy ε for x_1² + x_2² on [-1, 1]²."""

    net: Net
    eps: Fraction


def _class_bound(net: Net) -> Fraction:
    """A lower bound for every net through the same width-1 layer: half the spread of f over two
    points that layer maps to the same value."""
    return (_sq(_blind_point(net)) - _sq((0, 0))) / 2


TENG_5_AUDIT = Claim(
    id="deep-nets-universal-any-width",
    title="'Deep networks are universal approximators' read with no width condition",
    statement="As printed (Table 1.1, no width condition): deep ReLU networks of any width approximate "
              "every continuous f on [-1, 1]² within every ε, including those through a width-1 layer.",
    sources=[Source(TENG, "Table 1.1, lines 207-215", ("TENG-5",))],
    kind="exact",
    area="approximation",
    instances=st.builds(NarrowCase, bottleneck_nets(1), fractions(Fraction(1, 64), Fraction(7, 16), 64)),
    conclusion=lambda c: le(_class_bound(c.net), c.eps,
                            label="inf over nets through this width-1 layer of sup|f - net| <= ε"),
    proof_idea="Every net through a width-1 layer with weights w agrees at 0 and at p; f differs there by "
               "|p|² >= 1, so the class misses f by >= 1/2 > ε.",
    audit=True,
    corrected="deep-narrow-width-three-exact",
    finding="Read literally (no width condition) the row is false: a width-1 layer forces a ridge "
            "function, >= 1/2 from x_1² + x_2² on [-1, 1]² (deep-narrow-ridge-bottleneck).  Corrected: "
            "width >= d + 1 (Hanin-Sellke; Park et al.: max(d + 1, d_out)) with unbounded depth; in d = 1 "
            "width 3 represents every PL function exactly.  AUDIT.md does not count this entry as false: "
            "the table's shallow column also omits its width proviso, so the row can be read as 'with "
            "enough width', which is true.",
    examples=20,
)
test_deep_nets_universal_any_width = TENG_5_AUDIT.test()
