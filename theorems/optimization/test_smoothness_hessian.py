"""L-smoothness versus Hessian bounds, the quadratic upper bound, and the second-order Taylor expansion.

Statement.  For C² f on R^d:
- ``∇f`` is L-Lipschitz iff ``-L I ⪯ ∇²f(x) ⪯ L I`` for all x; for a quadratic the best constant is
  ``max |λ_i(H)|``, attained along the extreme eigenvector.  The one-sided ``∇²f ⪯ L I`` is equivalent to
  L-smoothness only for convex f (audit: ``-x^2`` and ``-x^4`` are counterexamples).
- ``∇²f ⪯ L I`` alone gives the upper quadratic bound ``f(w) <= f(v) + <∇f(v), w - v> + (L/2)||w - v||^2``;
  the lower bound ``f(w) >= f(v) + <∇f(v), w - v> - (L/2)||w - v||^2`` needs ``∇²f ⪰ -L I``.
- For C³ f, ``R(s) = f(θ + sδ) - f(θ) - s ∇f(θ)ᵀδ - (s^2/2) δᵀ∇²f(θ)δ`` obeys
  ``|R(s)| <= M3 s^3 ||δ||^3 / 6`` with ``M3 = sup |D³f[u,u,u]|`` over unit u: the ``O(||δ||^3)`` of the
  expansion, with its constant.

Sources.  Zhao, Def. 3.12 (ZHAO-22, audited); MSML App. A table (MSML-338, audited) and C.9 (MSML-74);
Arora et al., §2.1.1 Def. 2.1.2 and Problem 2.1.3, eq. (2.2) (ARORA-13).

Proof ideas.  ``∇f(w) - ∇f(v) = (∫_0^1 ∇²f(v + s(w - v)) ds)(w - v)`` and the averaged Hessian has
spectrum in ``[-L, L]``; conversely a Hessian eigenvalue beyond ``±L`` at a point gives a pair of nearby
points whose gradients differ by more.  For ``-x^2`` the Hessian ``-2`` is ``⪯ 1`` but ``f'`` is
2-Lipschitz.  The upper bound is the integral form of Taylor's theorem
``f(w) - f(v) - <∇f(v), w - v> = ∫_0^1 (1 - s) (w - v)ᵀ∇²f(·)(w - v) ds``; the remainder bound is
Taylor's theorem with the Lagrange remainder ``(s^3/6) D³f(ξ)[δ, δ, δ]``.

Tolerances (``eps = 2^-52``).  Values and gradients carry the rounding bounds of :mod:`checks.smooth`;
a Hessian of a cosine sum is within ``grad_error * max ||u_k||``; a sum of m computed terms of sizes
``|x_i|`` is within ``m eps sum |x_i|``.
"""

from __future__ import annotations

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, le
from checks.documents import ARORA, MSML, ZHAO
from checks.linalg import EPS
from checks.smooth import CosineSum, Quadratic
from checks.strategies.smooth import Expansion, Pair, expansions, pairs


def _gradient_gap(p: Pair) -> tuple[float, float, float]:
    """``(||∇f(w) - ∇f(v)||, ||w - v||, tol)``."""
    gap = float(np.linalg.norm(p.obj.grad(p.w) - p.obj.grad(p.v)))
    dist = float(np.linalg.norm(p.w - p.v))
    return gap, dist, p.obj.grad_error(p.w) + p.obj.grad_error(p.v)


def lipschitz_checks(p: Pair, constant=lambda p: p.obj.L) -> Check:
    gap, dist, tol = _gradient_gap(p)
    # the distance is computed with relative error 2 eps (d+2)
    tol += constant(p) * dist * 2 * (p.obj.dim + 2) * EPS
    return le(gap, constant(p) * dist, tol, label="||∇f(w) - ∇f(v)|| <= L ||w - v|| (L = sup ||∇²f||)",
              why="gradient rounding at both points + rounding of the distance")


def _one_sided_lipschitz(p: Pair) -> Check:
    gap, dist, tol = _gradient_gap(p)
    tol += abs(p.upper) * dist * 2 * (p.obj.dim + 2) * EPS
    return le(gap, p.upper * dist, tol, label="||∇f(w) - ∇f(v)|| <= B ||w - v|| with ∇²f ⪯ B I",
              why="gradient rounding at both points + rounding of the distance")


LIPSCHITZ = Claim(
    id="lipschitz-gradient-from-hessian-norm",
    title="A two-sided Hessian bound -L I ⪯ ∇²f ⪯ L I makes ∇f L-Lipschitz (sharp for quadratics)",
    statement="For C² f with ||∇²f(x)||_2 <= L everywhere: ||∇f(w) - ∇f(v)|| <= L ||w - v|| for all v, w; for a "
              "quadratic the constant max|λ_i(H)| is attained",
    sources=[Source(ZHAO, "Definition 3.12 (corrected: two-sided bound, or convexity)", ("ZHAO-22",)),
             Source(MSML, "App. A table, optimization rows (corrected)", ("MSML-338",))],
    kind="numeric",
    area="optimization",
    instances=pairs(),
    conclusion=lipschitz_checks,
    proof_idea="∇f(w) - ∇f(v) is the Hessian averaged on the segment applied to w - v; its norm is <= L.",
    mutants=[
        Mutant("half-constant", "along the extreme eigenvector of a quadratic the gradient gap is exactly max|λ| ||w - v||",
               conclusion=lambda p: lipschitz_checks(p, constant=lambda p: p.obj.L / 2)),
        Mutant("one-sided-constant", "an indefinite quadratic with a negative eigenvalue below -λ_max has gradient gap "
               "|λ_min| ||w - v|| > λ_max ||w - v|| along that eigenvector",
               conclusion=lambda p: lipschitz_checks(p, constant=lambda p: max(p.upper, 0.0))),
    ],
    examples=100,
)
test_lipschitz_gradient_from_hessian_norm = LIPSCHITZ.test()

ONE_SIDED_PRINTED = Claim(
    id="smooth-iff-upper-hessian-printed",
    title="'B-smooth ⇔ ∇²F ⪯ BI' as printed (the direction ⇐)",
    statement="If ∇²F(x) ⪯ B I for all x then ||∇F(x) - ∇F(y)|| <= B ||x - y||",
    sources=[Source(ZHAO, "Definition 3.12", ("ZHAO-22",)),
             Source(MSML, "App. A table: 'all eigenvalues of the Hessian <= L_s ⇒ Lipschitz gradients'", ("MSML-338",))],
    kind="numeric",
    area="optimization",
    instances=pairs(one_sided=True),
    conclusion=_one_sided_lipschitz,
    proof_idea="The one-sided bound constrains only the top of the spectrum; a very negative curvature still moves "
               "the gradient fast.",
    audit=True,
    corrected="lipschitz-gradient-from-hessian-norm",
    finding="False without convexity: F = -x^2 has F'' = -2 ⪯ 1 but F' is 2-Lipschitz; F = -x^4 has F'' <= 0 yet "
            "F' = -4x^3 is not Lipschitz at all.  Corrected: for C² F, B-smooth ⇔ -BI ⪯ ∇²F ⪯ BI; for convex F "
            "the one-sided ∇²F ⪯ BI suffices.",
)
test_smooth_iff_upper_hessian_printed = ONE_SIDED_PRINTED.test()


def _linear_gap(p: Pair) -> tuple[float, float, float]:
    """``(f(w) - f(v) - <∇f(v), w - v>, ||w - v||^2 / 2, tol)``."""
    z = p.w - p.v
    g = p.obj.grad(p.v)
    fw, fv, lin = p.obj.value(p.w), p.obj.value(p.v), float(g @ z)
    tol = (p.obj.value_error(p.w) + p.obj.value_error(p.v) + p.obj.grad_error(p.v) * np.linalg.norm(z)
           + 4 * (p.obj.dim + 2) * EPS * (abs(fw) + abs(fv) + abs(lin) + np.linalg.norm(g) * np.linalg.norm(z)))
    return fw - fv - lin, 0.5 * float(z @ z), float(tol)


def quadratic_bound_checks(p: Pair, upper=lambda p: p.upper,
                           lower=lambda p: getattr(p.obj, "L", None)) -> list[Check]:
    """The upper bound with the one-sided constant; the lower bound with a two-sided one (when f has one)."""
    gap, half_sq, tol = _linear_gap(p)
    why = "value rounding at both points + gradient rounding * ||w - v|| + 4(d+2) eps * the summands"
    out = [le(gap, upper(p) * half_sq, tol + abs(upper(p)) * half_sq * 4 * EPS,
              label="f(w) - f(v) - <∇f(v), w - v> <= (L/2)||w - v||^2 with ∇²f ⪯ L I", why=why)]
    low = lower(p)
    if low is not None:
        out.append(le(-gap, low * half_sq, tol + abs(low) * half_sq * 4 * EPS,
                      label="f(w) - f(v) - <∇f(v), w - v> >= -(L/2)||w - v||^2 with ∇²f ⪰ -L I", why=why))
    return out


QUADRATIC_BOUND = Claim(
    id="quadratic-upper-bound",
    title="Quadratic upper bound from ∇²f ⪯ L I (and the lower bound from ∇²f ⪰ -L I)",
    statement="For C² f with ∇²f ⪯ L I: f(w) <= f(v) + <∇f(v), w - v> + (L/2)||w - v||^2; with -L I ⪯ ∇²f also "
              "f(w) >= f(v) + <∇f(v), w - v> - (L/2)||w - v||^2",
    sources=[Source(ARORA, "§2.1.1, Definition 2.1.2 and Problem 2.1.3, eq. (2.2)", ("ARORA-13",))],
    kind="numeric",
    area="optimization",
    instances=pairs(one_sided=True),
    conclusion=quadratic_bound_checks,
    proof_idea="Integral Taylor formula: the gap is ∫_0^1 (1 - s)(w - v)ᵀ∇²f(v + s(w - v))(w - v) ds, and "
               "∫_0^1 (1 - s) ds = 1/2.  Equality for a quadratic along its top eigenvector.",
    mutants=[
        Mutant("quarter-constant", "a quadratic along its top eigenvector has gap exactly (λ_max/2)||w - v||^2",
               conclusion=lambda p: quadratic_bound_checks(p, upper=lambda p: p.upper / 4)),
        Mutant("lower-bound-one-sided", "the lower bound with the one-sided constant fails along a negative "
               "curvature direction (-c x^4, indefinite quadratics)",
               conclusion=lambda p: quadratic_bound_checks(p, lower=lambda p: max(p.upper, 0.0))),
    ],
    examples=100,
)
test_quadratic_upper_bound = QUADRATIC_BOUND.test()


def _hessian_error(obj, w: np.ndarray) -> float:
    if isinstance(obj, CosineSum):
        return obj.grad_error(w) * float(np.max(np.linalg.norm(obj.U, axis=1)))
    if isinstance(obj, Quadratic):
        return 0.0
    raise ValueError(f"no Hessian rounding bound for {type(obj).__name__}")


def taylor_checks(e: Expansion, constant: float = 1 / 6, order: int = 2) -> Check:
    obj, th, dl, s = e.obj, e.theta, e.delta, e.s
    f1, f0 = obj.value(th + s * dl), obj.value(th)
    lin, quad = s * float(obj.grad(th) @ dl), s * s * float(dl @ obj.hessian(th) @ dl)
    rem = f1 - f0 - lin - (0.5 * quad if order == 2 else quad)
    tol = (obj.value_error(th + s * dl) + obj.value_error(th) + s * obj.grad_error(th)
           + s * s * _hessian_error(obj, th) / 2 + 8 * (obj.dim + 2) * EPS * (abs(f1) + abs(f0) + abs(lin) + abs(quad)))
    return le(abs(rem), constant * obj.M3 * s ** 3, tol,
              label="|f(θ+sδ) - f(θ) - s∇fᵀδ - (s²/2)δᵀHδ| <= M3 s³/6",
              why="value rounding at both points + s grad_error + s² hess_error/2 + 8(d+2) eps * the summands")


TAYLOR = Claim(
    id="taylor-second-order-remainder",
    title="Second-order Taylor expansion with an explicit cubic remainder",
    statement="For C³ f with |D³f(x)[u,u,u]| <= M3 for unit u, and unit δ: "
              "|f(θ + sδ) - f(θ) - s∇f(θ)ᵀδ - (s²/2)δᵀ∇²f(θ)δ| <= M3 s³/6",
    sources=[Source(MSML, "C.9 (second-order expansion of the loss)", ("MSML-74",))],
    kind="proxy",
    proxy="'the remainder is O(||δ||³)' is checked as the Lagrange bound M3 s³/6 for s in [0.01, 1]",
    area="optimization",
    instances=expansions(),
    conclusion=taylor_checks,
    proof_idea="Taylor's theorem with the Lagrange remainder (s³/6) D³f(ξ)[δ,δ,δ]; for a cosine sum "
               "|D³f[u,u,u]| <= sum |a_k| |u_kᵀu|³.  One term at sin = ±1 along u attains the constant as s → 0.",
    mutants=[
        Mutant("missing-half", "without the 1/2 the remainder is (s²/2) δᵀHδ + O(s³), larger than M3 s³/6 for small s",
               conclusion=lambda e: taylor_checks(e, order=1)),
        Mutant("constant-one-twelfth", "one cosine term at sin = ±1 along u has remainder M3 s³/6 (1 + O(s²))",
               conclusion=lambda e: taylor_checks(e, constant=1 / 12)),
    ],
    examples=100,
)
test_taylor_second_order_remainder = TAYLOR.test()
