"""Convexity: local minima are global, stationary points are global minima, the minimizers form a convex
set, and only a unique minimizer makes different algorithms agree.

Statement.  Let f be convex on a convex set C.
- Every local minimizer of f on C is a global one, and the set of minimizers is convex (an interval in
  one variable); strict convexity leaves at most one minimizer.
- Fermat's rule: at a local minimizer where f is differentiable, ∇f = 0 (in the nonsmooth case,
  0 lies between the one-sided derivatives).
- With a subgradient (the gradient where f is differentiable) g at x: f(y) >= f(x) + <g, y - x> for
  all y; hence ∇f(x) = 0 makes x a global minimizer, and for a minimizer x*,
  f(x) - f* <= <g, x - x*> <= ||g|| ||x - x*||: a small gradient certifies near-optimality only
  together with a bound on the distance.  Jensen's inequality and convex sublevel sets hold.
- A quadratic ½wᵀAw - bᵀw with A ⪰ 0 has stationary points iff b ∈ range(A); they form the affine set
  w̄ + null(A), all global minimizers; for A ≻ 0 the stationary point A⁻¹b is the unique minimizer.
- Only when the minimizer is unique do all convergent algorithms reach the same point: GD from two
  starts on a ridge or full-rank least-squares problem ends at the same point, while on
  underdetermined least squares the two limits differ by the null-space part of the starts.

Audits.  "For convex f, unlike nonconvex f, a small gradient lets one conclude f(w) is close to f*"
(Arora et al.) fails without a distance bound: on an affine piece f - f* grows linearly while the
gradient stays fixed.  "For convex objectives different algorithms converge to the same minimum"
(MSML) fails for underdetermined least squares.

Sources.  Zhao, Def. 3.11 (ZHAO-21); Teng et al. §4.1.2 (TENG-16, TENG-17); MSML, Ch. 24 definitions
(MSML-7) and line 1512 (MSML-277); Arora et al., Ch. 6 eqs. (6.1)-(6.2) (ARORA-84), Def. 6.1.1
(ARORA-85), "Flat regions" (ARORA-89).

Proof ideas.  If x is a local minimizer and f(y) < f(x), the points x + t(y - x) for small t > 0 are
below f(x) by convexity, a contradiction; the same inequality shows that the minimizers are closed
under convex combinations.  The first-order inequality is the limit of the chord inequality.  Fermat:
if f'(x) != 0, moving a little against the derivative decreases f.

Everything except the least-squares limits is exact (integers, fractions, SymPy Sturm sequences);
the GD limits are certified by strong convexity: ||w - w∞|| <= ||∇f(w)||/mu on the affine set the
iterates move in, with mu the smallest positive curvature there.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.convexity import (PiecewiseLinear, bottom_direction, critical_points_between,
                              degenerate_critical_points, dot, local_minimum_brackets, matvec,
                              quadratic_value, ridge_gd, ridge_gradient, ridge_gradient_error,
                              stationary_set)
from checks.documents import ARORA, MSML, TENG, ZHAO
from checks.strategies.convex_functions import (ConvexPoint, LeastSquares, Polynomial, QuadraticCase,
                                                capped_points, convex_piecewise, convex_points,
                                                least_squares, polynomials, quadratic_cases)

EPS = np.finfo(float).eps


# ------------------------------------------------------------------------------------ local => global
def local_minima_checks(f: PiecewiseLinear) -> list[Check]:
    fmin = min(f.values)
    minima = f.local_minima()
    worst = max(v for _, v in minima)
    at_min = [i for i, v in enumerate(f.values) if v == fmin]
    out = [equal(worst, fmin, label="largest value at a local minimizer == global minimum"),
           equal(len(at_min), at_min[-1] - at_min[0] + 1,
                 label="minimizing knots are contiguous (the minimizer set is an interval)")]
    lefts = [s for x, _ in minima for s in [f.one_sided_slopes(x)[0]] if s is not None]
    rights = [s for x, _ in minima for s in [f.one_sided_slopes(x)[1]] if s is not None]
    if lefts:
        out.append(le(max(lefts), 0, label="Fermat: f'_-(x) <= 0 at every local minimizer"))
    if rights:
        out.append(ge(min(rights), 0, label="Fermat: f'_+(x) >= 0 at every local minimizer"))
    return out


def _derivative_vanishes(f: PiecewiseLinear) -> Check:
    slopes = [abs(s) for x, _ in f.local_minima() for s in f.one_sided_slopes(x) if s is not None]
    return equal(max(slopes, default=Fraction(0)), 0, label="f' = 0 at every local minimizer (one-sided slopes)")


LOCAL_GLOBAL = Claim(
    id="convex-local-minima-global",
    title="For a convex function every local minimizer is global and the minimizers form an interval",
    statement="For convex piecewise-linear f on an interval: every local minimizer attains min f, the set of "
              "minimizers is an interval, and at each local minimizer f'_-(x) <= 0 <= f'_+(x)",
    sources=[Source(TENG, "§4.1.2 (local minima of convex functions are global; convex minimizer set)", ("TENG-16",)),
             Source(ARORA, "§6.1 Definition 6.1.1 (Fermat's rule; one global minimum value)", ("ARORA-85",))],
    kind="exact",
    area="optimization",
    instances=convex_piecewise("convex"),
    conclusion=local_minima_checks,
    proof_idea="If f(y) < f(x) then f(x + t(y - x)) <= f(x) - t(f(x) - f(y)) < f(x) for every t in (0, 1], so x is "
               "not a local minimizer; local minima are found here from values alone (no lower neighbour knot).",
    mutants=[
        Mutant("quasiconvex-suffices", "a monotone-then-monotone function with a plateau above its minimum has "
               "non-strict local minima on the plateau that are not global",
               instances=convex_piecewise("quasiconvex")),
        Mutant("any-function", "a double well has a local minimum above the global one",
               instances=convex_piecewise("any")),
        Mutant("derivative-vanishes", "at a kink minimizer (|x|) the one-sided slopes are nonzero: the smooth "
               "Fermat rule f' = 0 needs differentiability", conclusion=_derivative_vanishes),
    ],
    examples=100,
)
test_convex_local_minima_global = LOCAL_GLOBAL.test()


# ------------------------------------------------------------------------------------ Fermat
def fermat_checks(p: Polynomial) -> list[Check]:
    brackets = local_minimum_brackets(p.coeffs, p.lo, p.hi, cells=48)
    if not brackets:
        return [holds(True, "no grid-detected local minimum (nothing to check)")]
    counts = [critical_points_between(p.coeffs, a, b) for a, b in brackets]
    return [ge(min(counts), 1, label=f"each of {len(brackets)} bracketed local minima contains a root of p' "
                                     "(Sturm count)")]


FERMAT = Claim(
    id="fermat-critical-points",
    title="Fermat's rule: a local minimizer of a differentiable function is a critical point",
    statement="For a polynomial p, every bracket [a, b] with p((a+b)/2) < min(p(a), p(b)) (so p has a local minimizer "
              "inside) contains a root of p'",
    sources=[Source(ARORA, "§6.1 Definition 6.1.1 and the remark after it", ("ARORA-85",))],
    kind="exact",
    area="optimization",
    instances=polynomials(),
    conclusion=fermat_checks,
    proof_idea="The minimum of p on [a, b] is attained inside (the midpoint beats both ends), hence at a local "
               "minimizer x; if p'(x) != 0, p(x - t p'(x)) < p(x) for small t, a contradiction.",
    mutants=[
        Mutant("critical-implies-extremum", "p' = (x - a)^2 (x - b) vanishes at a without changing sign, so a is a "
               "critical point that is neither a minimum nor a maximum (like x^3 at 0)",
               conclusion=lambda p: equal(degenerate_critical_points(p.coeffs), 0,
                                          label="critical points that are not extrema"),
               instances=polynomials(degenerate=True)),
    ],
    examples=60,
)
test_fermat_critical_points = FERMAT.test()


# ------------------------------------------------------------------------------------ quadratics
def _stationary(c: QuadraticCase) -> tuple[tuple[Fraction, ...], tuple, tuple[Fraction, ...]] | None:
    S = stationary_set(c.A, c.b)
    if S is None:
        return None
    part, null = S
    w = tuple(part[i] + sum((m * v[i] for m, v in zip(c.mix, null)), Fraction(0)) for i in range(len(part)))
    return part, null, w


def quadratic_checks(c: QuadraticCase) -> list[Check]:
    S = _stationary(c)
    out = [holds(S is not None, "a stationary point (a solution of Aw = b) exists")]
    if S is None:
        return out
    part, null, w = S
    f0 = quadratic_value(c.A, c.b, w)
    grad = tuple(g - bi for g, bi in zip(matvec(c.A, w), c.b))
    out.append(equal(max(abs(g) for g in grad), 0, label="∇f(w̄) = Aw̄ - b = 0"))
    probes = list(c.others) + [tuple(wi + vi for wi, vi in zip(w, bottom_direction(c.A)))]
    gaps = [quadratic_value(c.A, c.b, q) - f0 for q in probes]
    out.append(ge(min(gaps), 0, label="f(w') >= f(w̄) at the probes (incl. along the bottom eigenvector)"))
    flat = [quadratic_value(c.A, c.b, tuple(wi + vi for wi, vi in zip(w, v))) - f0 for v in null]
    if flat:
        out.append(equal(max(abs(x) for x in flat), 0, label="f is constant along null(A): w̄ + null(A) are minimizers"))
    return out


def _unique_stationary(c: QuadraticCase) -> list[Check]:
    S = _stationary(c)
    if S is None:
        return [holds(False, "a stationary point exists")]
    part, _, w = S
    return [equal(max(abs(a - b) for a, b in zip(part, w)), 0, label="two stationary points coincide")]


QUADRATIC = Claim(
    id="convex-quadratic-stationary-global",
    title="Stationary points of a convex quadratic are its global minimizers (unique when A ≻ 0)",
    statement="For f(w) = ½wᵀAw - bᵀw with A ⪰ 0 and b ∈ range(A): the stationary points w̄ + null(A) exist, f(w') >= "
              "f(w̄) for every w', and f is constant on w̄ + null(A); for A ≻ 0, A⁻¹b is the only one",
    sources=[Source(MSML, "Ch. 24 definitions, 'Loss Landscape' (strictly convex quadratic: one critical point, the "
                          "global minimizer)", ("MSML-7",)),
             Source(TENG, "§4.1.2 (a stationary point of a differentiable convex function is a global minimizer; "
                          "strict convexity gives uniqueness)", ("TENG-17", "TENG-16")),
             Source(ARORA, "Ch. 6 warm-up, eq. (6.2) and its consequences", ("ARORA-84",))],
    kind="exact",
    area="optimization",
    instances=quadratic_cases("psd"),
    conclusion=quadratic_checks,
    proof_idea="f(w̄ + v) - f(w̄) = <Aw̄ - b, v> + ½vᵀAv = ½vᵀAv >= 0, with equality iff Av = 0.",
    mutants=[
        Mutant("indefinite", "for indefinite A the stationary point is a saddle: f(w̄ + v) - f(w̄) = ½vᵀAv < 0 along a "
               "negative eigenvector", instances=quadratic_cases("indefinite")),
        Mutant("unique-without-strict-convexity", "for singular A ⪰ 0 the stationary points form the affine set "
               "w̄ + null(A)", conclusion=_unique_stationary, instances=quadratic_cases("singular")),
        Mutant("minimizer-always-exists", "for b ∉ range(A), f decreases linearly along the null-space component of b "
               "and has no stationary point", instances=quadratic_cases("off-range")),
    ],
    examples=80,
)
test_convex_quadratic_stationary_global = QUADRATIC.test()


# ------------------------------------------------------------------------------------ first order
def _sq_norm(v) -> Fraction:
    return dot(v, v)


def subgradient_checks(p: ConvexPoint) -> list[Check]:
    f, x, y, lam = p.f, p.x, p.y, p.lam
    fx, fy = f.value(x), f.value(y)
    z = tuple(lam * a + (1 - lam) * b for a, b in zip(x, y))
    g = f.subgradient(x)
    gap = fx - f.f0
    dx = tuple(a - b for a, b in zip(x, f.center))
    return [le(f.value(z), lam * fx + (1 - lam) * fy, label="Jensen f(λx + (1-λ)y) <= λf(x) + (1-λ)f(y)"),
            le(f.value(z), max(fx, fy), label="sublevel sets are convex"),
            ge(fy, fx + dot(g, tuple(b - a for a, b in zip(x, y))), label="f(y) >= f(x) + <g, y - x>"),
            ge(gap, 0, label="the center is a global minimizer"),
            le(gap, dot(g, dx), label="f(x) - f* <= <g, x - x*>"),
            le(gap * gap, _sq_norm(g) * _sq_norm(dx), label="(f(x) - f*)^2 <= ||g||^2 ||x - x*||^2")]


def _reversed_first_order(p: ConvexPoint) -> Check:
    fx, fy = p.f.value(p.x), p.f.value(p.y)
    return le(fy, fx + dot(p.f.subgradient(p.x), tuple(b - a for a, b in zip(p.x, p.y))),
              label="f(y) <= f(x) + <g, y - x>")


def _gradient_certificate(p: ConvexPoint, power: int) -> Check:
    """``f(x) - f* <= ||g||^power`` (compared squared, both sides >= 0): no distance factor."""
    gap = p.f.value(p.x) - p.f.f0
    g2 = _sq_norm(p.f.subgradient(p.x))
    return le(gap * gap, g2 ** power, label=f"(f(x) - f*)^2 <= ||g||^{2 * power}")


SUBGRADIENT = Claim(
    id="convex-subgradient-inequalities",
    title="Jensen, the first-order inequality, convex sublevel sets and f - f* <= ||g|| ||x - x*||",
    statement="For convex f (here ½(x-c)ᵀA(x-c) + max_k a_kᵀ(x-c) + f0 with A ⪰ 0 and 0 in conv{a_k}, minimizer c) "
              "and a subgradient g at x: Jensen's inequality, f(y) >= f(x) + <g, y - x>, convex sublevel sets, and "
              "f(x) - f* <= <g, x - c> <= ||g|| ||x - c||",
    sources=[Source(ZHAO, "Definition 3.11 (convex function; first-order form; convex sublevel sets)", ("ZHAO-21",)),
             Source(ARORA, "Ch. 6 warm-up, eqs. (6.1)-(6.2)", ("ARORA-84",)),
             Source(ARORA, "§6.1 'Flat regions' (corrected: a distance factor is needed)", ("ARORA-89",))],
    kind="exact",
    area="optimization",
    instances=convex_points(),
    conclusion=subgradient_checks,
    proof_idea="Each term is convex: the quadratic by A ⪰ 0, the max of affine maps as a sup; the subgradient "
               "inequality adds those of the two terms.  At y = c it reads f* >= f(x) - <g, x - c>, then Cauchy–Schwarz. "
               "On an affine piece every inequality is an equality.",
    mutants=[
        Mutant("first-order-reversed", "the tangent plane lies below a convex function, not above; a strictly curved "
               "direction makes the reversed inequality fail", conclusion=_reversed_first_order),
        Mutant("quasiconvex-first-order", "min(f, cap) has convex sublevel sets but zero gradient where capped, and "
               "the lower point lies below the tangent plane there", instances=capped_points()),
        Mutant("pl-without-strong-convexity", "on an affine piece f - f* = t||a||^2 grows with the distance t while "
               "||g||^2 = ||a||^2 stays fixed", conclusion=lambda p: _gradient_certificate(p, 2)),
    ],
    examples=100,
)
test_convex_subgradient_inequalities = SUBGRADIENT.test()

SMALL_GRADIENT_PRINTED = Claim(
    id="convex-small-gradient-near-optimal-printed",
    title="'For convex f a small gradient means f(w) is close to f(w*)' as printed",
    statement="For convex f with minimizer w*, a small gradient certifies near-optimality with no distance factor: "
              "f(w) - f* <= ||∇f(w)||",
    sources=[Source(ARORA, "§6.1 'Flat regions' (the contrast drawn with convex functions)", ("ARORA-89",))],
    kind="exact",
    area="optimization",
    instances=convex_points(),
    conclusion=lambda p: _gradient_certificate(p, 1),
    proof_idea="Convexity gives only f(w) - f* <= ||∇f(w)|| ||w - w*||; along an affine piece the gap grows linearly "
               "in the distance while the gradient is constant.",
    audit=True,
    corrected="convex-subgradient-inequalities",
    finding="The text implies that for convex f a small gradient means f(w) is close to f*.  On an affine piece "
            "a·(w - w*) at distance t||a|| the gradient is a and the gap t||a||^2 exceeds ||a|| once t||a|| > 1 (the "
            "smooth ε√(1 + w²) at w = 1/ε² has gradient < ε and gap ≈ 1/ε).  Corrected: f(w) - f* <= ||∇f(w)|| ||w - w*||, "
            "or f - f* <= ||∇f||²/(2μ) under μ-strong convexity.",
)
test_convex_small_gradient_near_optimal_printed = SMALL_GRADIENT_PRINTED.test()


# ------------------------------------------------------------------------------------ algorithms agree
STEPS = 400


def _limits_agree(ls: LeastSquares) -> list[Check]:
    X, y, lam = ls.X, ls.y, ls.lam
    d = X.shape[1]
    ev = np.linalg.eigvalsh(X.T @ X)
    L = (float(ev[-1]) + lam) * (1 + 4 * d * EPS)
    # mu: the smallest curvature on the affine set in which GD moves, w0 + range(Xᵀ) (all of R^d when
    # lam > 0).  Eigenvalues are accurate to d eps L; the design's positive ones are >= 1, so 1/2 separates
    # them from the zero ones, whose directions have curvature lam.
    curv = [float(e) + lam for e in ev if e > 0.5] + ([lam] if lam > 0 and ev[0] <= 0.5 else [])
    mu = min(curv) - 4 * d * EPS * L
    ws = [ridge_gd(X, y, lam, w, 1.0 / L, STEPS) for w in (ls.w0, ls.w1)]
    radii = [(float(np.linalg.norm(ridge_gradient(X, y, lam, w))) + ridge_gradient_error(X, y, lam, w)) / mu
             for w in ws]
    dist = float(np.linalg.norm(ws[0] - ws[1]))
    return [le(dist, 0.0, sum(radii) + 4 * EPS * float(np.linalg.norm(ws[0])),
               label="||w_T - w'_T|| within the certified radii of the two limits",
               why="||w - w∞|| <= (||∇f(w)|| + grad rounding)/mu for each run + subtraction rounding")]


AGREE = Claim(
    id="unique-minimizer-gd-limits-agree",
    title="With a unique minimizer, GD from different starts reaches the same point",
    statement="For ½||Xw - y||² + (lam/2)||w||² with lam > 0 or X of full column rank (a unique minimizer), GD with "
              "step 1/L from any two starts has the same limit (checked: the iterates after 400 steps lie within their "
              "certified distance ||∇f||/mu of a common limit)",
    sources=[Source(MSML, "line 1512 (corrected: the classical view needs a unique minimizer)", ("MSML-277",))],
    kind="proxy",
    proxy="'the algorithms converge to the same minimizer' is checked at T = 400 steps, with each limit enclosed by the "
          "strong-convexity radius ||∇f(w_T)||/mu",
    area="optimization",
    instances=least_squares(unique=True),
    conclusion=_limits_agree,
    proof_idea="A strictly convex function has at most one minimizer: the midpoint of two would be lower.  Every "
               "convergent method's limit is a minimizer, hence the same point.",
    mutants=[
        Mutant("uniqueness-dropped", "for n < d the minimizers form w∞ + null(X) and GD keeps the null-space part of "
               "its start: the limits differ by P_null(w0 - w0')", instances=least_squares(unique=False)),
    ],
    examples=60,
)
test_unique_minimizer_gd_limits_agree = AGREE.test()

SAME_MINIMUM_PRINTED = Claim(
    id="convex-algorithms-same-minimum-printed",
    title="'For convex objectives different algorithms converge to the same minimum' as printed",
    statement="For a convex objective (underdetermined least squares), GD runs from two starts converge to the "
              "same minimizer",
    sources=[Source(MSML, "line 1512 ('classical perspective')", ("MSML-277",))],
    kind="proxy",
    proxy="as for unique-minimizer-gd-limits-agree: 400 steps, limits enclosed by ||∇f(w_T)||/mu with mu the smallest "
          "positive eigenvalue of XᵀX (GD moves in w0 + range(Xᵀ))",
    area="optimization",
    instances=least_squares(unique=False),
    conclusion=_limits_agree,
    proof_idea="GD keeps the null-space component of its start, so the limit is w0 - X⁺(Xw0 - y), which depends on w0.",
    audit=True,
    corrected="unique-minimizer-gd-limits-agree",
    finding="Needs a unique minimizer.  For ½||Xw - y||² with n < d, GD from w0 converges to X⁺y + (I - X⁺X)w0: two "
            "starts give two different global minimizers (both interpolate).  Corrected: true for strictly convex "
            "objectives (e.g. ridge, or X of full column rank).",
)
test_convex_algorithms_same_minimum_printed = SAME_MINIMUM_PRINTED.test()
