"""Second-order optimality conditions and the classification of critical points, in exact arithmetic.

Statement.  Let f be C² with ∇f(0) = 0 and H = ∇²f(0).
- Sufficient conditions: H ≻ 0 ⇒ strict local minimum, H ≺ 0 ⇒ strict local maximum, H with eigenvalues
  of both signs ⇒ saddle (every ball around 0 holds points above and below f(0)).  Quantitatively, for
  ``f = ½ wᵀHw + P_3 + P_4`` with ``m <= min |eig H|`` and ``S_k`` the sum of the absolute degree-k
  coefficients, ``±(f(w) - f(0)) >= (m/4)||w||^2`` on ``||w|| <= m/(8(S_3 + S_4 + 1))`` (and <= 1).
- Necessary conditions: a local minimum has H ⪰ 0, a local maximum H ⪯ 0, a saddle λ_min(H) <= 0 <=
  λ_max(H).  Nothing more: singular semidefinite Hessians occur at minima (w^4), maxima (-w^4) and
  saddles (w^3, x^2 - y^4); x^2 - y^4 and x^2 + y^4 share H = diag(2, 0).
- Negative curvature: if ∇²f is rho-Lipschitz and ``vᵀHv = lambda < 0`` (``||v|| = 1``) then
  ``f(tv) <= f(0) + lambda t^2/2 + rho |t|^3/6``, below f(0) for ``0 < |t| < 3|lambda|/rho``.
- Directions of improvement: if ``|<∇f, delta>| > eps ||delta||`` or ``deltaᵀHdelta < -gamma||delta||^2``
  then ``||∇f|| > eps`` or ``λ_min(H) < -gamma``: the point is not an (eps, gamma)-SOSP.
- Units: for ``g(x) = a f(bx)`` (a, b > 0), ``∇g = ab ∇f(b·)``, ``∇²g = ab^2 ∇²f(b·)``, so g has smoothness
  ``ab^2 L`` and Hessian-Lipschitz constant ``ab^3 rho``; with ``eps_f = eps_g/(ab)`` the thresholds
  ``sqrt(rho eps)`` scale like Hessians, the SOSP predicates of g at x and of f at bx agree, and
  ``L (f(x_0) - f*)/eps^2`` and ``L/sqrt(rho eps)`` are unchanged.

Audits.  Presented as a classification (Teng et al. §5.2), the Hessian signs miss the degenerate cases:
x^4 is a minimum with H = 0, x^2 - y^4 a saddle with H ⪰ 0.  Arora et al. Definition 2.1.5 calls a
stationary point with H ⪰ 0 a local minimum; w^3 at 0 is not one.

Sources.  Teng et al. §5.1-5.3 (TENG-24, TENG-25); Arora et al. Definition 2.1.5 (ARORA-16), §6.1
Definition 6.1.3, Claim 6.1.4 and footnote 2 (ARORA-86, -87, -88), Definition 6.4.2 (ARORA-509), §7.1
after Definition 7.1.3 (ARORA-516), Definition 7.1.5 and footnote 1 (ARORA-517).

Proof ideas.  Taylor's theorem with remainder: the quadratic term dominates the cubic and quartic ones
on a small ball, which the explicit radius makes quantitative; along an eigenvector of either sign the
same bound gives both signs.  A local minimum has f(tv) >= f(0) for small t, so vᵀHv >= 0.  The
degenerate examples are separable sums ``sum c_i u_i^{k_i}`` in linearly changed variables ``u = Mw``,
whose type is read off the exponents and signs.  The curvature bound is Taylor with the Hessian's
Lipschitz remainder; the direction lemma is Cauchy–Schwarz and the Rayleigh quotient; rescaling is the
chain rule.

Everything is exact: polynomials with Fraction coefficients (:class:`checks.landscape.Poly`), and
eigenvalue signs from the characteristic polynomial (:func:`checks.landscape.inertia`).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.documents import ARORA, TENG
from checks.landscape import charpoly, hessian_test, inertia, is_psd
from checks.strategies.landscapes import (CriticalPoint, CurvatureCase, DirectionCase, ImprovementCase,
                                          RescalingCase, curvature_cases, direction_cases, improvement_cases,
                                          perturbed_points, rescaling_cases, separable_points)


def _worst(checks: list[Check]) -> Check:
    return max(checks, key=lambda c: c.ratio)


def _quad(H, v) -> Fraction:
    n = len(v)
    return sum(v[i] * H[i][j] * v[j] for i in range(n) for j in range(n))


def _sq(v) -> Fraction:
    return sum(x * x for x in v)


# ------------------------------------------------------------------------------- sufficient conditions
def _radius(cp: CriticalPoint, H) -> tuple[Fraction, Fraction]:
    """``(m, r)``: ``m = |det H| / S^(n-1) <= min|eig H|`` (``S = sum |H_ij| >= ||H||``) and the radius
    ``r = min(1, m/(8(S_3 + S_4 + 1)))`` of the quantitative sufficient condition."""
    n = len(H)
    det = abs(charpoly(H)[-1])
    S = sum(abs(H[i][j]) for i in range(n) for j in range(n))
    m = det / S ** (n - 1)
    r = min(Fraction(1), m / (8 * (cp.f.abs_coefficient_sum(3) + cp.f.abs_coefficient_sum(4) + 1)))
    return m, r


def _probes(H, n: int) -> list[tuple[Fraction, ...]]:
    """Axis directions and rational roundings of the eigenvectors of H (Euclidean norm <= 1)."""
    dirs = [tuple(Fraction(int(i == j)) for j in range(n)) for i in range(n)]
    _, vecs = np.linalg.eigh(np.array(H, dtype=float))
    for k in range(n):
        v = tuple(Fraction(float(x)).limit_denominator(1000) for x in vecs[:, k])
        if _sq(v) > 1:
            v = tuple(x * Fraction(99, 100) for x in v)
        dirs.append(v)
    return dirs


def sufficient_checks(cp: CriticalPoint, saddle_as_max: bool = False) -> list[Check]:
    f, n = cp.f, cp.f.n
    zero = (Fraction(0),) * n
    H = f.hessian(zero)
    verdict = hessian_test(H)
    out = [equal(f.gradient(zero), zero, label="∇f(0) = 0")]
    m, r = _radius(cp, H)
    pts = [tuple(s * r / 2 ** k * x for x in v) for v in _probes(H, n) for k in range(4) for s in (1, -1)]
    if verdict == "min":
        out.append(_worst([ge(f(w) - f(zero), m / 4 * _sq(w), label=f"H ≻ 0: f(w) - f(0) >= (m/4)||w||^2 on ||w|| <= {r}")
                           for w in pts]))
    elif verdict == "max" or (verdict == "saddle" and saddle_as_max):
        out.append(_worst([le(f(w) - f(zero), -m / 4 * _sq(w), label=f"f(w) - f(0) <= -(m/4)||w||^2 on ||w|| <= {r}")
                           for w in pts]))
    else:
        up, down = [], []
        for v in _probes(H, n):
            q = _quad(H, v)
            if q == 0:
                continue
            a3 = sum(abs(c) for e, c in f.terms if sum(e) == 3)
            a4 = sum(abs(c) for e, c in f.terms if sum(e) == 4)
            t0 = min(Fraction(1), abs(q) / (4 * (a3 + a4 + 1)))      # |P3(tv)| + |P4(tv)| <= |q| t^2/4 there
            for k in range(4):
                t = t0 / 2 ** k
                val = f(tuple(t * x for x in v)) - f(zero)
                (up if q > 0 else down).append((val, q * t * t / 4))
        out.append(holds(bool(up) and bool(down), "indefinite H: directions of both signs found"))
        out += [ge(val, b, label="f(tv) - f(0) >= (vᵀHv/4) t^2 along vᵀHv > 0") for val, b in up]
        out += [le(val, b, label="f(tv) - f(0) <= (vᵀHv/4) t^2 along vᵀHv < 0") for val, b in down]
        out = out[:2] + ([_worst(out[2:])] if out[2:] else [])
    return out


def _axis_probes(cp: CriticalPoint) -> list[Fraction]:
    """Values ``f(M^{-1}(t e_i)) = c_i t^{k_i}`` for ``t = ±2^-k``: exact, without inverting M."""
    return [c * (s / Fraction(2) ** k) ** e for c, e in zip(cp.coefficients, cp.exponents)
            for k in range(1, 4) for s in (1, -1)]


def psd_suffices(cp: CriticalPoint) -> Check:
    """Mutant: H ⪰ 0 at a critical point makes it a local minimum (probed along the separable axes)."""
    H = cp.f.hessian((Fraction(0),) * cp.f.n)
    if not is_psd(H):
        return holds(True, "H not PSD: nothing claimed")
    return holds(all(v >= 0 for v in _axis_probes(cp)), "H ⪰ 0 ⇒ f >= f(0) near 0",
                 f"probe values {sorted(set(_axis_probes(cp)))[:3]}...")


SUFFICIENT = Claim(
    id="hessian-sufficient-conditions",
    title="Second-order sufficient conditions: H ≻ 0 / H ≺ 0 / indefinite H give a strict minimum / maximum / saddle",
    statement="At a critical point of a C² function: ∇²f ≻ 0 ⇒ strict local minimum; ∇²f ≺ 0 ⇒ strict local maximum; "
              "eigenvalues of both signs ⇒ saddle.  For f = ½wᵀHw + P_3 + P_4: ±(f(w) - f(0)) >= (m/4)||w||^2 on "
              "||w|| <= min(1, m/(8(S_3 + S_4 + 1))), m <= min|eig H|; along vᵀHv ≠ 0 the sign of vᵀHv is f's sign",
    sources=[Source(ARORA, "§6.1 Claim 6.1.4", ("ARORA-87",)),
             Source(ARORA, "§7.1 after Definition 7.1.3 (a saddle has λ_min <= 0; contrapositive of H ≻ 0 ⇒ minimum)",
                    ("ARORA-516",)),
             Source(TENG, "§5.2 (corrected: sufficient conditions only)", ("TENG-24",)),
             Source(ARORA, "Definition 2.1.5 (corrected: H ≻ 0 is the sufficient condition)", ("ARORA-16",))],
    kind="exact",
    area="optimization",
    instances=perturbed_points(),
    conclusion=sufficient_checks,
    proof_idea="|P_3(w)| <= S_3||w||^3 and |P_4(w)| <= S_4||w||^4 (every monomial is at most ||w||^k), so on the stated "
               "ball the quadratic form, at least (m/2)||w||^2 in absolute value, keeps half its size.",
    mutants=[
        Mutant("indefinite-is-local-max", "an indefinite H has a direction with vᵀHv > 0 along which f rises",
               conclusion=lambda cp: sufficient_checks(cp, saddle_as_max=True)),
        Mutant("semidefinite-suffices", "x^2 - y^4 (or w^3) has H ⪰ 0 at 0 and takes values below f(0) nearby",
               conclusion=psd_suffices, instances=separable_points()),
    ],
    examples=60,
)
test_hessian_sufficient_conditions = SUFFICIENT.test()


# ------------------------------------------------------------------------ degenerate critical points
def _separable_hessian(cp: CriticalPoint):
    n, M = cp.f.n, cp.change
    D = [2 * c if k == 2 else Fraction(0) for c, k in zip(cp.coefficients, cp.exponents)]
    return tuple(tuple(sum(M[k][i] * D[k] * M[k][j] for k in range(n)) for j in range(n)) for i in range(n))


def degenerate_checks(cp: CriticalPoint, necessary=None) -> list[Check]:
    f, n = cp.f, cp.f.n
    zero = (Fraction(0),) * n
    H = f.hessian(zero)
    verdict = hessian_test(H)
    pos, neg, _ = inertia(H)
    vals = _axis_probes(cp)
    out = [equal(f.gradient(zero), zero, label="∇f(0) = 0"),
           equal(H, _separable_hessian(cp), label="∇²f(0) = Mᵀ diag(2c_i [k_i = 2]) M")]
    if verdict != "degenerate":
        out.append(equal(verdict, cp.truth, label="a decided Hessian test agrees with the type"))
    witness = {"min": all(v > 0 for v in vals), "max": all(v < 0 for v in vals),
               "saddle": any(v > 0 for v in vals) and any(v < 0 for v in vals)}[cp.truth]
    out.append(holds(witness, f"type {cp.truth} witnessed along the axes of u = Mw"))
    rules = necessary or {"min": lambda p, q: q == 0, "max": lambda p, q: p == 0, "saddle": lambda p, q: True}
    out.append(holds(rules[cp.truth](pos, neg), f"necessary condition for a {cp.truth}",
                     f"H has {pos} positive, {neg} negative eigenvalues"))
    return out


DEGENERATE = Claim(
    id="degenerate-critical-points",
    title="Necessary conditions and the degenerate cases: w^4, -w^4, w^3, x^2 - y^4, w1^2 - w2^2",
    statement="At a critical point a local minimum has ∇²f ⪰ 0, a local maximum ∇²f ⪯ 0, a saddle λ_min <= 0 <= λ_max; "
              "when ∇²f is singular and semidefinite every type occurs (w^4 minimum, -w^4 maximum, w^3 and x^2 - y^4 "
              "saddles), and a decided Hessian test is right",
    sources=[Source(ARORA, "§6.1 footnote 2 (w^4, -w^4, w^3)", ("ARORA-88",)),
             Source(ARORA, "§6.1 Definition 6.1.3 (the saddle w1^2 - w2^2)", ("ARORA-86",)),
             Source(TENG, "§5.2 (degenerate cases undecided)", ("TENG-24",)),
             Source(ARORA, "§7.1 after Definition 7.1.3 (a saddle has λ_min <= 0)", ("ARORA-516",))],
    kind="exact",
    area="optimization",
    instances=separable_points(),
    conclusion=degenerate_checks,
    proof_idea="In u = Mw the function is sum c_i u_i^{k_i}: an odd power or two even powers of opposite signs take both "
               "signs along the axes; all even powers of one sign give a strict extremum.  The Hessian sees only the k_i = 2 "
               "terms.  If vᵀHv < 0 at a minimum, f(tv) < f(0) for small t.",
    mutants=[
        Mutant("local-min-needs-positive-definite", "w^4 has a strict minimum at 0 with zero Hessian",
               conclusion=lambda cp: degenerate_checks(cp, necessary={"min": lambda p, q: p == cp.f.n,
                                                                      "max": lambda p, q: p == 0,
                                                                      "saddle": lambda p, q: True}),
               instances=separable_points(extrema=True)),
        Mutant("saddle-has-negative-eigenvalue", "x^2 - y^4 (or w^3 + y^2) is a saddle with λ_min = 0",
               conclusion=lambda cp: degenerate_checks(cp, necessary={"min": lambda p, q: q == 0,
                                                                      "max": lambda p, q: p == 0,
                                                                      "saddle": lambda p, q: q > 0})),
        Mutant("singular-hessian-is-saddle", "w^4 and x^2 + y^4 have singular Hessians at strict minima",
               conclusion=lambda cp: [holds(hessian_test(cp.f.hessian((Fraction(0),) * cp.f.n)) != "degenerate"
                                            or cp.truth == "saddle", "singular H ⇒ saddle")],
               instances=separable_points(extrema=True)),
    ],
    examples=60,
)
test_degenerate_critical_points = DEGENERATE.test()


def printed_classification(cp: CriticalPoint) -> Check:
    H = cp.f.hessian((Fraction(0),) * cp.f.n)
    return equal(hessian_test(H), cp.truth, label="type of 0 = Hessian-sign class (min: H ≻ 0, max: H ≺ 0, saddle: indefinite)")


CLASSIFICATION_PRINTED = Claim(
    id="hessian-test-as-classification",
    title="Teng et al. §5.2: the Hessian's eigenvalue signs classify critical points (as printed)",
    statement="A critical point is a local minimum iff all eigenvalues of H are > 0, a local maximum iff all are < 0, "
              "and a saddle iff H has a positive and a negative eigenvalue",
    sources=[Source(TENG, "§5.2, lines 444-447", ("TENG-24",))],
    kind="exact",
    area="optimization",
    instances=separable_points(),
    conclusion=printed_classification,
    proof_idea="Only the 'if' directions hold (Claim 6.1.4); singular Hessians leave the type open.",
    audit=True,
    corrected="degenerate-critical-points",
    finding="As a classification the Hessian test is false: x^4 has a strict local minimum at 0 with H = 0, and x^2 - y^4 "
            "is a saddle with H = diag(2, 0) ⪰ 0 (the same H as the minimum x^2 + y^4).  Correct: the sign conditions are "
            "sufficient; necessary are H ⪰ 0 (minimum), H ⪯ 0 (maximum), λ_min <= 0 <= λ_max (saddle).",
    examples=60,
)
test_hessian_test_as_classification = CLASSIFICATION_PRINTED.test()


def printed_psd_minimum(cp: CriticalPoint) -> Check:
    H = cp.f.hessian((Fraction(0),) * cp.f.n)
    psd = is_psd(H)
    return holds(not psd or cp.truth == "min", "∇f(0) = 0 and ∇²f(0) ⪰ 0 ⇒ 0 is a local minimum",
                 f"H ⪰ 0: {psd}, type {cp.truth}")


PSD_PRINTED = Claim(
    id="stationary-psd-is-local-min",
    title="Arora et al. Definition 2.1.5: stationary with PSD Hessian is a local minimum (as printed)",
    statement="If ∇f(w) = 0 and ∇²f(w) ⪰ 0 then w is a local minimum",
    sources=[Source(ARORA, "§2.1.2 Definition 2.1.5", ("ARORA-16",))],
    kind="exact",
    area="optimization",
    instances=separable_points(),
    conclusion=printed_psd_minimum,
    proof_idea="The second-order necessary condition is not sufficient.",
    audit=True,
    corrected="hessian-sufficient-conditions",
    finding="w^3 at 0 has f' = 0 and f'' = 0 ⪰ 0 but f(-t) < 0 = f(0); x^2 - y^4 likewise.  Such points are second-order "
            "stationary points; stationary with ∇²f ≻ 0 is a strict local minimum (Claim 6.1.4, as the book says later).",
    examples=60,
)
test_stationary_psd_is_local_min = PSD_PRINTED.test()


# ---------------------------------------------------------------------------------- negative curvature
def _grid(c: CurvatureCase, factor: Fraction) -> list[Fraction]:
    lam = _quad(c.f.hessian((Fraction(0),) * c.f.n), c.v)
    edge = 3 * abs(lam) / c.rho
    return [s * factor * edge * Fraction(k, 8) for k in range(1, 9) for s in (1, -1)]


def curvature_checks(c: CurvatureCase, cubic: bool = True, everywhere: bool = False) -> list[Check]:
    f, n, v, rho = c.f, c.f.n, c.v, c.rho
    zero = (Fraction(0),) * n
    lam = _quad(f.hessian(zero), v)
    edge = 3 * abs(lam) / rho
    out = [equal(f.gradient(zero), zero, label="∇f(0) = 0"), equal(_sq(v), Fraction(1), label="||v|| = 1"),
           holds(lam < 0, "vᵀHv < 0", f"lambda = {lam}")]
    bound, dec = [], []
    for t in _grid(c, Fraction(2)):
        val = f(tuple(t * x for x in v)) - f(zero)
        rhs = lam * t * t / 2 + (rho * abs(t) ** 3 / 6 if cubic else 0)
        bound.append(le(val, rhs, label=f"f(tv) - f(0) <= lambda t^2/2 + rho|t|^3/6 at t = {t}"))
        if abs(t) < edge or everywhere:
            dec.append(le(val, Fraction(0), label=f"f(tv) <= f(0) for |t| = {abs(t)} (3|lambda|/rho = {edge})"))
            dec.append(holds(val < 0, f"strict decrease at t = {t}"))
    return out + [_worst(bound), _worst(dec)]


CURVATURE = Claim(
    id="negative-curvature-decrease",
    title="A negative-curvature direction decreases f: f(tv) <= f(0) + lambda t^2/2 + rho|t|^3/6",
    statement="If ∇f(0) = 0, ∇²f is rho-Lipschitz and vᵀ∇²f(0)v = lambda < 0 with ||v|| = 1, then f(tv) <= f(0) + "
              "lambda t^2/2 + rho|t|^3/6 for all t, which is < f(0) for 0 < |t| < 3|lambda|/rho",
    sources=[Source(TENG, "§5.2 line 455 and §5.3.1", ("TENG-25",))],
    kind="exact",
    area="optimization",
    instances=curvature_cases(),
    conclusion=curvature_checks,
    proof_idea="Taylor: f(tv) - f(0) = (t^2/2) vᵀHv + ∫_0^t (t - s) vᵀ(∇²f(sv) - H)v ds, and |vᵀ(∇²f(sv) - H)v| <= rho|s|. "
               "Equality for the cubic lambda t^2/2 + rho t^3/6 at t > 0.",
    mutants=[
        Mutant("no-cubic-term", "on lambda t^2/2 + rho t^3/6 the cubic term is positive for t > 0",
               conclusion=lambda c: curvature_checks(c, cubic=False)),
        Mutant("decrease-for-all-t", "lambda t^2/2 + rho t^3/6 is positive at t = 6|lambda|/rho",
               conclusion=lambda c: curvature_checks(c, everywhere=True)),
    ],
    examples=60,
)
test_negative_curvature_decrease = CURVATURE.test()


# ---------------------------------------------------------------------------- directions of improvement
def direction_checks(c: DirectionCase, normalized: bool = True, strict: bool = True) -> list[Check]:
    gd = sum(a * b for a, b in zip(c.g, c.delta))
    d2 = _sq(c.delta)
    if normalized:
        first = gd * gd > c.eps ** 2 * d2 if strict else gd * gd >= c.eps ** 2 * d2
    else:
        first = abs(gd) > c.eps
    q = _quad(c.H, c.delta)
    second = q < -c.gamma * d2 if strict else q <= -c.gamma * d2
    if not (first or second):
        return [holds(True, "delta is not an (eps, gamma)-direction of improvement")]
    not_sosp = _sq(c.g) > c.eps ** 2 or not is_psd(c.H, c.gamma)
    return [holds(not_sosp, "a direction of improvement ⇒ ||g|| > eps or λ_min(H) < -gamma",
                  f"<g, delta> = {gd}, deltaᵀHdelta = {q}, ||delta||^2 = {d2}")]


DIRECTION = Claim(
    id="direction-of-improvement-excludes-sosp",
    title="An (eps, gamma)-direction of improvement rules out an (eps, gamma)-SOSP",
    statement="If |<∇f(x), delta>| > eps ||delta|| or deltaᵀ∇²f(x)delta < -gamma ||delta||^2, then ||∇f(x)|| > eps or "
              "λ_min(∇²f(x)) < -gamma; so if every x with f(x) > f* + tau has such a direction, every (eps, gamma)-SOSP "
              "has f(x) <= f* + tau (the printed '+ delta' is a typo for '+ tau')",
    sources=[Source(ARORA, "§6.4.2 Definition 6.4.2 and the remark after it", ("ARORA-509",))],
    kind="exact",
    area="optimization",
    instances=direction_cases(),
    conclusion=direction_checks,
    proof_idea="Cauchy–Schwarz |<g, delta>| <= ||g|| ||delta||; Rayleigh deltaᵀHdelta >= λ_min ||delta||^2.  Equality along "
               "delta ∥ g and the bottom eigenvector, which is why the inequalities must be strict.",
    mutants=[
        Mutant("unnormalized-gradient-condition", "|<g, delta>| > eps without ||delta|| holds for any g ≠ 0 once delta is "
                                                  "long, also at an exact SOSP",
               conclusion=lambda c: direction_checks(c, normalized=False),
               instances=direction_cases(sosp=True, big_delta=True)),
        Mutant("non-strict-inequalities", "g = eps u, delta = u gives |<g, delta>| = eps ||delta|| at an SOSP with ||g|| = eps",
               conclusion=lambda c: direction_checks(c, strict=False), instances=direction_cases(sosp=True)),
    ],
    examples=60,
)
test_direction_of_improvement_excludes_sosp = DIRECTION.test()


# ------------------------------------------------------------------------------------------- rescaling
def _frob2(A, B) -> Fraction:
    return sum((a - b) ** 2 for ra, rb in zip(A, B) for a, b in zip(ra, rb))


def rescaling_checks(c: RescalingCase, rho_power: int = 3) -> list[Check]:
    f, a, b, x, y = c.f, c.a, c.b, c.x, c.y
    g = f.rescaled(a, b)
    bx, by = tuple(b * t for t in x), tuple(b * t for t in y)
    eps_g = c.eps
    eps_f, L_g, rho_g = eps_g / (a * b), a * b * b * c.ell, a * b ** rho_power * c.rho
    gx, fx = g.gradient(x), f.gradient(bx)
    Hx, Fx = g.hessian(x), f.hessian(bx)
    out = [equal(gx, tuple(a * b * t for t in fx), label="∇g(x) = ab ∇f(bx)"),
           equal(Hx, tuple(tuple(a * b * b * t for t in r) for r in Fx), label="∇²g(x) = ab^2 ∇²f(bx)"),
           equal(_sq(gx) <= eps_g ** 2, _sq(fx) <= eps_f ** 2, label="gradient parts of the SOSP predicates agree"),
           equal(rho_g * eps_g, (a * b * b) ** 2 * c.rho * eps_f, label="rho_g eps_g = (ab^2)^2 rho_f eps_f: sqrt(rho eps) "
                                                                        "scales like the Hessian"),
           equal(L_g ** 2 / (rho_g * eps_g), c.ell ** 2 / (c.rho * eps_f), label="(L/sqrt(rho eps))^2 invariant"),
           equal(L_g * (g(x) - g(y)) / eps_g ** 2, c.ell * (f(bx) - f(by)) / eps_f ** 2,
                 label="L (f(x_0) - f(x_1))/eps^2 invariant")]
    if x != y:
        dx2, dbx2 = _sq(tuple(s - t for s, t in zip(x, y))), _sq(tuple(s - t for s, t in zip(bx, by)))
        gy, fy = g.gradient(y), f.gradient(by)
        out.append(equal(_sq(tuple(s - t for s, t in zip(gx, gy))) / dx2,
                         (a * b * b) ** 2 * _sq(tuple(s - t for s, t in zip(fx, fy))) / dbx2,
                         label="gradient difference quotients scale by ab^2"))
        out.append(equal(_frob2(Hx, g.hessian(y)) / dx2, (rho_g / c.rho) ** 2 * _frob2(Fx, f.hessian(by)) / dbx2,
                         label="Hessian difference quotients scale by rho_g/rho_f"))
    return out


def rho_eps_threshold(c: RescalingCase) -> Check:
    """Mutant: the Hessian threshold -rho eps (instead of -sqrt(rho eps)) scales like a Hessian."""
    a, b = c.a, c.b
    rho_g, eps_f = a * b ** 3 * c.rho, c.eps / (a * b)
    return equal(rho_g * c.eps, a * b * b * c.rho * eps_f, label="rho_g eps_g = ab^2 rho_f eps_f")


RESCALING = Claim(
    id="sosp-rescaling-invariance",
    title="eps-SOSP is unit-consistent: g(x) = a f(bx) has L_g = ab^2 L, rho_g = ab^3 rho, eps_f = eps_g/(ab)",
    statement="For g(x) = a f(bx) with a, b > 0: ∇g(x) = ab∇f(bx), ∇²g(x) = ab^2∇²f(bx), so L_g = ab^2 L_f and rho_g = "
              "ab^3 rho_f; x is an eps_g-SOSP of g iff bx is an eps_f-SOSP of f with eps_f = eps_g/(ab), and "
              "L(f(x_0) - f*)/eps^2 and L/sqrt(rho eps) are invariant",
    sources=[Source(ARORA, "§7.1 Definition 7.1.5 and footnote 1", ("ARORA-517",))],
    kind="exact",
    area="optimization",
    instances=rescaling_cases(),
    conclusion=rescaling_checks,
    proof_idea="Chain rule; then sqrt(rho_g eps_g) = sqrt(ab^3 rho · ab eps_f) = ab^2 sqrt(rho eps_f), the factor of the "
               "Hessian, so both predicates compare the same quantities up to the common factors ab and ab^2.",
    mutants=[
        Mutant("threshold-rho-eps", "rho eps scales by a^2 b^4, the Hessian by ab^2: the thresholds disagree unless ab^2 = 1",
               conclusion=rho_eps_threshold),
        Mutant("hessian-lipschitz-ab-squared", "the Hessian difference quotient scales by ab^3, not ab^2, when b ≠ 1",
               conclusion=lambda c: rescaling_checks(c, rho_power=2)),
    ],
    examples=60,
)
test_sosp_rescaling_invariance = RESCALING.test()


def printed_sosp_value(c: ImprovementCase) -> Check:
    """The remark after Definition 6.4.2 as printed, in its one-dimensional reading (``delta`` a scalar
    direction of improvement at a point above the threshold): every (eps, gamma)-SOSP x has
    ``f(x) <= f* + delta``; checked at the exact SOSP ``x = 0``."""
    f, z, d = c.f, c.z, c.delta
    g = f.gradient((z,))[0]
    is_direction = abs(g * d) > c.eps * abs(d) or f.hessian((z,))[0][0] * d * d < -c.gamma * d * d
    zero = (Fraction(0),)
    sosp = abs(f.gradient(zero)[0]) <= c.eps and f.hessian(zero)[0][0] >= -c.gamma
    if not (f((z,)) > c.tau and is_direction and sosp):
        raise ValueError("the instance must satisfy the hypothesis: f(z) > f* + tau, delta a direction at z, 0 an SOSP")
    return le(f(zero), 0 + d, label="f(x) <= f(x*) + delta at the SOSP x = 0 (f* = 0)")


SOSP_VALUE_PRINTED = Claim(
    id="sosp-value-display-as-printed",
    title="Arora et al., remark after Definition 6.4.2: 'every (eps, gamma)-SOSP satisfies f(x) <= f(x*) + delta' (as printed)",
    statement="If every x with f(x) > f(x*) + tau has an (eps, gamma)-direction of improvement delta, then every "
              "(eps, gamma)-SOSP satisfies f(x) <= f(x*) + delta",
    sources=[Source(ARORA, "§6.4.2, the paragraph after Definition 6.4.2 (lines 3622-3624)", ("ARORA-509",))],
    kind="exact",
    area="optimization",
    instances=improvement_cases(),
    conclusion=printed_sosp_value,
    proof_idea="A typo: the threshold is tau; delta names the direction, and directions of improvement form a cone "
               "(both conditions are invariant under delta -> s delta, s ≠ 0).",
    audit=True,
    corrected="direction-of-improvement-excludes-sosp",
    finding="The display ends in '+ delta', where delta is the direction of improvement; it only typechecks in one "
            "dimension, and there it is false: with delta a direction at z, so is -delta (and any nonzero multiple), "
            "so it would force f(x) < f(x*) at an SOSP.  The intended conclusion is f(x) <= f(x*) + tau, which follows "
            "from the lemma that an (eps, gamma)-direction rules out an (eps, gamma)-SOSP.",
    examples=30,
)
test_sosp_value_display_as_printed = SOSP_VALUE_PRINTED.test()
