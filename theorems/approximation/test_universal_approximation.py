"""Universal approximation with one hidden layer, made constructive, and the activations that fail.

Statement.  For a continuous activation σ that is not a polynomial, the sums Σ_j a_j σ(w_j·x + b_j)
are dense in C(K) for every compact K ⊂ R^d.  Constructively, in one dimension with σ = ReLU: the
PL interpolant of an L-Lipschitz f at the N + 1 knots i/N of [0, 1] is a one-hidden-layer net with
N units and sup error <= L/(2N), so N = ⌈L/(2ε)⌉ units reach any ε; a zigzag of slope ±L turning
at the cell midpoints attains L/(2N).  The assumption "not a polynomial" cannot be weakened to "not
linear": with σ(t) = t² every net is a quadratic, and no quadratic comes within 1/4 of x³ on [-1, 1]
(attained by (3/4)x).  Affine activations collapse a net of any depth to an affine map, which stays
1/2 away from x² on [-1, 1] (attained by the constant 1/2).

Sources.  Zhao, From Approximation to Emergence (2026), Def. 2.4 and Fig. 2.5 (ZHAO-4); Teng, Wang,
Zhang, Theoretical Machine Learning (2025), §1.1.1-1.1.2 (TENG-1, TENG-2); Chapter 24, The
Mathematical Structure of Machine Learning, App. B Thm 8.1 (MSML-344); Leshno, Lin, Pinkus, Schocken,
Multilayer feedforward networks with a nonpolynomial activation function (1993).  Audit: TENG-1
prints "a non-linear activation" and "represent any continuous function".

Proof idea.  On a cell [x_i, x_i + h], with θ = (x - x_i)/h, the interpolant is
p(x) = (1 - θ) f(x_i) + θ f(x_i + h), and |f(x) - f(x_i)| <= Lθh, |f(x) - f(x_i + h)| <= L(1 - θ)h,
so |f - p| <= 2Lθ(1 - θ)h <= Lh/2 (equality for the zigzag at θ = 1/2).  Σ_j a_j (w_j x + b_j)²
has degree <= 2, and the third divided difference on the Chebyshev points -1, -1/2, 1/2, 1 kills
quadratics while equal to 1 on x³, with Σ|λ_i| = 4: so some residual is >= 1/4.  Compositions of affine maps are affine; the second divided difference on
-1, 0, 1 gives the 1/2.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.claim import Claim, Mutant, Source, equal, ge, le
from checks.documents import MSML, TENG, ZHAO
from checks.piecewise import network_pl
from checks.strategies.universal import (Target, activation_nets, chebyshev_square_net, constant_net,
                                         fractions, interpolation_targets, relu_interpolant)
from checks.universal import Net, divided_difference, forward, interpolant_net, lipschitz, reference_bound, sup_distance

LESHNO = Source("Leshno, Lin, Pinkus, Schocken, Multilayer feedforward networks with a nonpolynomial "
                "activation function can approximate any function (1993)", "Thm 1")
CHEB = (Fraction(-1), Fraction(-1, 2), Fraction(1, 2), Fraction(1))
"""The extrema of the Chebyshev polynomial T_3 on [-1, 1]: a reference for the best quadratic."""
QUAD_PROBE = (Fraction(-1), Fraction(-1, 3), Fraction(1, 4), Fraction(1))
AFFINE_REF = (Fraction(-1), Fraction(0), Fraction(1))


# --- 1. the constructive ReLU interpolant --------------------------------------------------------------

def _interpolant_error(t: Target) -> tuple[Fraction, Fraction, int]:
    net = interpolant_net(t.f, t.n)
    return sup_distance(t.f, network_pl(net)), lipschitz(t.f), net.units


def _interpolant_checks(t: Target, rate=lambda lip, n: lip / (2 * n)):
    err, lip, units = _interpolant_error(t)
    return [le(err, rate(lip, t.n), label="sup|f - net| <= L/(2N)"),
            equal(units, t.n, label="the net has N hidden units")]


CLAIM = Claim(
    id="uat-relu-interpolant-rate",
    title="Universal approximation, constructive: the ReLU interpolant with N units is within L/(2N)",
    statement="For an L-Lipschitz f on [0, 1], the one-hidden-layer ReLU net with N units equal to the PL "
              "interpolant of f at the knots i/N satisfies sup|f - net| <= L/(2N); hence ⌈L/(2ε)⌉ units "
              "reach any ε > 0 (density of one-hidden-layer ReLU nets in C[0, 1], with a rate).  Checked "
              "exactly on rational PL targets, where the sup is attained at a knot.",
    sources=[Source(ZHAO, "Def. 2.4 (universal approximator), Fig. 2.5", ("ZHAO-4",)),
             Source(TENG, "§1.1.1 UAT; constructive 1-D ReLU instance", ("TENG-1",)),
             Source(MSML, "App. B Thm 8.1, lines 1585-1587", ("MSML-344",)), LESHNO],
    kind="exact",
    area="approximation",
    instances=interpolation_targets(),
    conclusion=_interpolant_checks,
    proof_idea="On a cell of width h, p = (1 - θ)f(x_i) + θf(x_i + h) with θ = (x - x_i)/h, and "
               "|f - f(x_i)| <= Lθh, |f - f(x_i + h)| <= L(1 - θ)h, so |f - p| <= 2Lθ(1 - θ)h <= Lh/2, "
               "attained by a tent of slope ±L at the cell midpoint.  p is "
               "f(0) + Σ_i (slope jump at i/N)·ReLU(x - i/N): N units.",
    mutants=[Mutant("quarter-rate", "the zigzag with turns at the cell midpoints has error exactly L/(2N)",
                    conclusion=lambda t: _interpolant_checks(t, lambda lip, n: lip / (4 * n))),
             Mutant("second-order-rate", "h² rates need a bounded second derivative; a Lipschitz zigzag "
                    "keeps error L h/2 > L h²/2",
                    conclusion=lambda t: _interpolant_checks(t, lambda lip, n: lip / (2 * n * n)))],
    examples=40,
)
test_uat_relu_interpolant_rate = CLAIM.test()


# --- 2. polynomial activations are not universal ------------------------------------------------------

def _cube_gap(net: Net, bound: Fraction = Fraction(1, 4)):
    probe = [forward(net, (x,)) for x in QUAD_PROBE]
    resid = max(abs(x ** 3 - forward(net, (x,))) for x in CHEB)
    return [equal(divided_difference(QUAD_PROBE, probe), 0, label="the net is a quadratic (3rd divided difference 0)"),
            ge(resid, bound, label="max over the Chebyshev points of |x³ - net(x)| >= 1/4")]


square_nets = st.one_of(st.just(chebyshev_square_net()), activation_nets("square", max_depth=1, max_width=4))
relu_cube_nets = st.one_of(st.just(relu_interpolant(list(CHEB), [x ** 3 for x in CHEB])),
                           activation_nets("relu", max_depth=1, max_width=4))

POLYNOMIAL_GAP = Claim(
    id="uat-square-activation-gap",
    title="A t²-activation net is a quadratic and stays 1/4 away from x³ on [-1, 1]",
    statement="Every one-hidden-layer net Σ_j a_j (w_j x + b_j)² + c is a polynomial of degree <= 2, and "
              "max_{[-1,1]} |x³ - net(x)| >= 1/4, with equality for (3/4)x = (3/16)((x+1)² - (x-1)²): "
              "a non-linear but polynomial activation is not universal.",
    sources=[Source(TENG, "§1.1.2 items 1-2 (the activation must be non-polynomial)", ("TENG-1",)), LESHNO],
    kind="exact",
    area="approximation",
    instances=square_nets,
    conclusion=_cube_gap,
    proof_idea="The third divided difference on -1, -1/2, 1/2, 1 has weights -2/3, 4/3, -4/3, 2/3 "
               "(Σ|λ| = 4); it is 0 on quadratics and 1 on x³, so 1 = |Σ λ_i r_i| <= 4 max|r_i| for "
               "the residual r = x³ - net.  x³ - (3/4)x = T_3/4 equioscillates, so 1/4 is attained.",
    mutants=[Mutant("relu-activation", "ReLU is not a polynomial: a 3-unit ReLU net interpolates x³ at the "
                    "four reference points (and is not a quadratic)", instances=relu_cube_nets),
             Mutant("gap-half", "(3/4)x is within exactly 1/4 of x³",
                    conclusion=lambda n: _cube_gap(n, Fraction(1, 2)))],
    examples=30,
)
test_uat_square_activation_gap = POLYNOMIAL_GAP.test()


# --- 3. affine activations collapse --------------------------------------------------------------------

def _affine_checks(net: Net, bound: Fraction = Fraction(1, 2)):
    pts = (Fraction(-1), Fraction(-1, 3), Fraction(0), Fraction(1, 2), Fraction(1))
    vals = [forward(net, (x,)) for x in pts]
    resid = max(abs(x * x - forward(net, (x,))) for x in AFFINE_REF)
    return [equal(divided_difference(pts[:3], vals[:3]), 0, label="affine on (-1, -1/3, 0)"),
            equal(divided_difference(pts[2:], vals[2:]), 0, label="affine on (0, 1/2, 1)"),
            equal(divided_difference(pts[::2], vals[::2]), 0, label="affine on (-1, 0, 1)"),
            ge(resid, bound, label="max over -1, 0, 1 of |x² - net(x)| >= 1/2")]


affine_nets = st.one_of(st.just(constant_net(Fraction(1, 2), "affine")),
                        activation_nets("affine", max_depth=5, max_width=3))

AFFINE = Claim(
    id="uat-affine-activation-collapse",
    title="Affine activations collapse a deep net to an affine map, 1/2 away from x²",
    statement="If every activation is affine (σ(t) = αt + β), a net of any depth computes x ↦ ax + c, and "
              "max_{[-1,1]} |x² - (ax + c)| >= 1/2, with equality for the constant 1/2.",
    sources=[Source(TENG, "§1.1.2 item 2 (linear activations)", ("TENG-2",))],
    kind="exact",
    area="approximation",
    instances=affine_nets,
    conclusion=_affine_checks,
    proof_idea="A composition of affine maps is affine, so every second divided difference vanishes.  On "
               "-1, 0, 1 the second divided difference has weights 1/2, -1, 1/2 (Σ|λ| = 2) and equals 1 "
               "on x², so some residual is >= 1/2; x² - 1/2 = T_2/2 attains it.",
    mutants=[Mutant("relu-gives-x2", "with ReLU, |x| = ReLU(x) + ReLU(-x) matches x² at -1, 0, 1 and is "
                    "not affine",
                    instances=st.just(relu_interpolant([Fraction(-1), Fraction(0), Fraction(1)],
                                                       [Fraction(1), Fraction(0), Fraction(1)]))),
             Mutant("linear-through-origin", "with biases the map is affine, not linear: net(0) = c",
                    conclusion=lambda n: equal(forward(n, (0,)), 0, label="net(0) == 0")),
             Mutant("gap-one", "the constant 1/2 is within exactly 1/2 of x²",
                    conclusion=lambda n: _affine_checks(n, Fraction(1)))],
    examples=30,
)
test_uat_affine_activation_collapse = AFFINE.test()


# --- 4. audit: "any non-linear activation" -------------------------------------------------------------

@dataclass(frozen=True)
class ActivationCase:
    """An activation class and a target accuracy ε for approximating x³ on [-1, 1]."""

    activation: str
    eps: Fraction


def _class_lower_bound(activation: str) -> Fraction:
    """A lower bound on inf over one-hidden-layer σ-nets of sup_{[-1,1]} |x³ - net|: for σ = t² the
    class is inside the quadratics, so the reference bound on the Chebyshev points applies; for ReLU
    (not a polynomial) nothing is claimed beyond 0."""
    if activation == "square":
        return reference_bound(CHEB, [x ** 3 for x in CHEB])
    return Fraction(0)


TENG_1_AUDIT = Claim(
    id="uat-nonlinear-activation-as-printed",
    title="'A non-linear activation suffices' for one-hidden-layer universality (as printed)",
    statement="As printed: with any non-linear activation, a single hidden layer represents (so also "
              "approximates within every ε > 0) any continuous function, e.g. x³ on [-1, 1].",
    sources=[Source(TENG, "§1.1.2 takeaways 1-2, lines 171-172", ("TENG-1",))],
    kind="exact",
    area="approximation",
    instances=st.builds(ActivationCase, st.sampled_from(["square", "relu"]),
                        fractions(Fraction(1, 64), Fraction(1, 2), 64)),
    conclusion=lambda c: le(_class_lower_bound(c.activation), c.eps,
                            label="inf over σ-nets of sup|x³ - net| <= ε (necessary for the printed claim)"),
    proof_idea="t² is non-linear, yet every t²-net is a quadratic, and the Chebyshev reference bound "
               "shows that all quadratics miss x³ by at least 1/4.",
    audit=True,
    corrected="uat-relu-interpolant-rate",
    finding="Non-linearity is not enough: σ(t) = t² gives only quadratics, which stay >= 1/4 from x³ on "
            "[-1, 1] (uat-square-activation-gap).  'Represent' is also too strong (a ReLU net is PL, so it "
            "equals no x² on an interval).  Corrected: σ continuous and non-polynomial, K compact, and "
            "approximation within ε with N(ε) units; for ReLU in 1-D, N = ⌈L/(2ε)⌉ suffices.",
    examples=20,
)
test_uat_nonlinear_activation_as_printed = TENG_1_AUDIT.test()
