"""Landscape of symmetric matrix factorization ``f(X) = ¼ ||M - X Xᵀ||_F^2``.

Statement.  For symmetric ``M = sum_i λ_i v_i v_iᵀ`` and a vector ``x``:
- ``∇f(x) = (x xᵀ - M) x`` and ``∇²f(x) = ||x||^2 I + 2 x xᵀ - M``; ``f`` is a quartic polynomial and
  ``f(x + δ) = f(x) + <∇f, δ> + ½ δᵀ∇²f δ + ½ <x δᵀ + δ xᵀ, δ δᵀ> + ¼ ||δ||^4`` exactly.
- The critical points are ``x = 0`` and ``x = ±sqrt(λ) u`` with ``M u = λ u``, ``||u|| = 1``, ``λ > 0``:
  a whole sphere of the eigenspace when ``λ`` is repeated.  At such a point ``∇²f`` has eigenvalue ``2λ``
  along ``u`` and ``λ - λ_j`` along the other eigenvectors; at 0 it is ``-M``.  So every critical point
  with ``λ < λ_1`` (and 0, when ``λ_1 > 0``) is a strict saddle with ``λ_min(∇²f) = λ - λ_1``, while
  ``λ = λ_1`` gives the global minimum ``f* = ¼ (sum_i λ_i^2 - λ_1^2)`` (Eckart–Young), attained only at
  ``±sqrt(λ_1) v_1`` when ``λ_1 > λ_2``.
- For ``M = z zᵀ``, ``||z|| = 1``, with ``a = ||x||^2``, ``b = <x, z>^2``: ``<∇f, x> = a^2 - b``,
  ``<∇f, z> = <x, z>(a - 1)``, ``xᵀ∇²f x = 3a^2 - b``, ``zᵀ∇²f z = a + 2b - 1``, ``f = ¼(1 - 2b + a^2)``.
  Exact lemma: if both gradients vanish and both curvatures are ``>= 0`` then ``x = ±z``.  Robust lemma:
  if neither ``x`` nor ``z`` is a ``(cτ, ¼)``-direction of improvement (``|<∇f, δ>| <= cτ||δ||`` and
  ``δᵀ∇²fδ >= -¼||δ||^2``) and ``τ < 1``, then ``f(x) <= τ``, with the best constant ``c = 1/sqrt 2``
  (attained at ``a = 1/2``, ``b = 1/8``).
- Rank r, ``M = Z Zᵀ``, ``Δ = X - Z R``: for every orthogonal ``R``,
  ``∇²f(X)[Δ, Δ] = ½ ||ΔΔᵀ||^2 - (3/2) ||XXᵀ - ZZᵀ||^2 + 4 <∇f(X), Δ>``, and for the Procrustes ``R``
  ``||ΔΔᵀ||^2 <= 2 ||XXᵀ - ZZᵀ||^2`` (attained by ``X ⊥ Z`` with ``XᵀX = ZᵀZ``).  Hence at a critical point
  ``∇²f[Δ, Δ] <= -½ ||XXᵀ - ZZᵀ||^2``: every second-order stationary point has ``XXᵀ = ZZᵀ``.

Audit.  Claim 6.4.1 lists the critical points as ``0, ±sqrt(λ_i) v_i`` while allowing
``λ_2 = λ_3``: with a repeated eigenvalue the eigenspace sphere is critical and the list misses it.

Sources.  Arora et al., §6.4 eq. (6.6)–(6.8), Claim 6.4.1, Lemmas 6.4.3–6.4.4 and the closing
remarks of §6.4 (ARORA-510 .. ARORA-515, ARORA-571), §6.3 footnote 6 in corrected form (ARORA-508,
audited in test_network_symmetries); ARORA-572 (cited landscape results) is not checked.

Proof ideas.  Expand ``(x + δ)(x + δ)ᵀ`` and collect powers of δ.  ``∇f = 0`` iff ``M x = ||x||^2 x``;
with ``x = sqrt(λ) u`` the Hessian is ``λ I + 2λ u uᵀ - M``, diagonal in an eigenbasis containing ``u``.
Eckart–Young: ``4 f(y) = ||M||^2 - a^2 + (||y||^2 - a)^2`` with ``a = yᵀMy/||y||^2 <= λ_1``.  The lemmas reduce
to the two numbers ``(a, b)``; the Δ identity is the quartic expansion of ``f(X - Δ) = f(ZR) = 0``
combined with the expansion around ``X``, and the Procrustes inequality uses ``ZᵀX R ⪰ 0`` symmetric.

Tolerances.  The exact claims use Fractions.  In the rank-r claim every term is a sum of at most
``(d + r)^2`` products of four entries of ``X`` or ``ZR``, bounded by ``S = (||X||_F + ||Z||_F)^4``;
each carries relative rounding ``<= (d + r + 4) eps``, so the identity and the inequality get
``tol = 8 (d + r + 4) eps S`` (eps = 2^-52).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.coverage import Uncovered
from checks.documents import ARORA
from checks.factorization import frobenius_sq, gradient, hessian, hessian_form, inner, objective, procrustes
from checks.linalg import EPS
from checks.strategies.factorization import (CriticalCase, ExpansionCase, LandscapePoint, RankCase,
                                             critical_cases, expansion_cases, landscape_points, rank_cases)

NOT_CHECKED = (
    Uncovered("ARORA-572", area="optimization", checkable="no",
              reason="cited results (strict-saddle property of matrix sensing, completion, dictionary learning, "
                     "phase retrieval, tensor decomposition; NP-hardness of deciding local minimality) with "
                     "assumptions the text does not state; nothing definite to compute"),
)

S_VALUES = (Fraction(-1), Fraction(1), Fraction(2), Fraction(3), Fraction(1, 2))
"""Five values of s determine a quartic in s: checking the expansion there checks every coefficient."""


# ------------------------------------------------------------------------------ derivatives (ARORA-511)

def _hessian_coefficient(M, x, coefficient: int):
    return hessian(M, x) - (2 - coefficient) * np.outer(x, x)


def expansion_checks(c: ExpansionCase, grad_factor: Fraction = Fraction(1), hess_coefficient: int = 2,
                     cubic: bool = True) -> list[Check]:
    M, x, dl = c.M, c.x, c.delta
    g = grad_factor * gradient(M, x)
    H = _hessian_coefficient(M, x, hess_coefficient)
    out = []
    for s in S_VALUES:
        D = s * dl
        cube = inner(np.outer(x, D) + np.outer(D, x), np.outer(D, D)) / 2 if cubic else 0
        model = objective(M, x) + g @ D + (D @ H @ D) / 2 + cube + (D @ D) ** 2 / 4
        out.append(equal(objective(M, x + D), model,
                         label=f"f(x + sδ) = f + <∇f, sδ> + ½(sδ)ᵀ∇²f(sδ) + cubic + ¼||sδ||^4 at s = {s}"))
    out.append(equal(hessian_form(M, x, dl), dl @ H @ dl,
                     label="δᵀ(||x||²I + 2xxᵀ - M)δ = ½||xδᵀ + δxᵀ||² - <M - xxᵀ, δδᵀ>"))
    return out


DERIVATIVES = Claim(
    id="rank-one-factorization-derivatives",
    title="Gradient, Hessian and exact quartic expansion of ¼||M - xxᵀ||²_F",
    statement="For symmetric M: ∇f(x) = (xxᵀ - M)x, ∇²f(x) = ||x||²I + 2xxᵀ - M, and f(x + δ) = f(x) + <∇f, δ> "
              "+ ½δᵀ∇²fδ + ½<xδᵀ + δxᵀ, δδᵀ> + ¼||δ||⁴ exactly",
    sources=[Source(ARORA, "§6.4.1, eq. (6.7) and the second-order expansion (printed xδ read as xδᵀ)",
                    ("ARORA-511",))],
    kind="exact",
    area="optimization",
    instances=expansion_cases(),
    conclusion=expansion_checks,
    proof_idea="(x + δ)(x + δ)ᵀ = xxᵀ + (xδᵀ + δxᵀ) + δδᵀ; expand the squared norm and collect powers of δ.",
    mutants=[
        Mutant("hessian-coefficient-one", "||x||²I + xxᵀ - M misses (xᵀδ)² in the second-order term",
               conclusion=lambda c: expansion_checks(c, hess_coefficient=1)),
        Mutant("half-gradient", "the first-order coefficient is <(xxᵀ - M)x, δ>, not half of it",
               conclusion=lambda c: expansion_checks(c, grad_factor=Fraction(1, 2))),
        Mutant("no-cubic-term", "the quartic has a cubic term ½<xδᵀ + δxᵀ, δδᵀ> = ||δ||²<x, δ>",
               conclusion=lambda c: expansion_checks(c, cubic=False)),
    ],
    examples=60,
)
test_rank_one_factorization_derivatives = DERIVATIVES.test()


# ------------------------------------------------------------------------------ critical points (ARORA-510/512)

def _hessian_spectrum(c: CriticalCase) -> list[Fraction]:
    """The claimed eigenvalues of ∇²f(x) along the columns of ``c.basis``."""
    if c.group is None:
        return [-v for v in c.lam]
    first = c.groups[c.group][0]
    return [2 * c.value if j == first else c.value - v for j, v in enumerate(c.lam)]


def _other_top(c: CriticalCase) -> Fraction:
    """The largest eigenvalue of M along the basis columns other than u."""
    first = c.groups[c.group][0]
    return max(v for j, v in enumerate(c.lam) if j != first)


def critical_checks(c: CriticalCase, sqrt: bool = True, spectrum=_hessian_spectrum,
                    top_min=lambda c: min(2 * c.value, c.value - _other_top(c)),
                    saddle_value=lambda c: c.value - c.lam[0]) -> list[Check]:
    M, B = c.M, c.basis
    x = c.x if sqrt else c.sign * c.value * c.u
    lam1 = c.lam[0]
    f_star = (sum(v * v for v in c.lam) - lam1 * lam1) / 4
    out = [equal(tuple(gradient(M, x)), (Fraction(0),) * c.d, label="∇f(x) = (xxᵀ - M)x = 0 at x = ±sqrt(λ)u")]
    if not sqrt:
        return out
    out.append(equal((objective(M, -c.y), tuple(gradient(M, -c.y))), (objective(M, c.y), tuple(-gradient(M, c.y))),
                     label="f(-y) = f(y), ∇f(-y) = -∇f(y): x -> -x swaps the minima ±sqrt(λ_1)v_1 and fixes 0"))
    mu = spectrum(c)
    H = hessian(M, x)
    out.append(equal(tuple((H @ B).flat), tuple((B * np.array(mu, dtype=object)).flat),
                     label="∇²f(x) = ||x||²I + 2xxᵀ - M has eigenvalue 2λ along u, λ - λ_j along v_j (0: -M)"))
    lam_min = min(mu)
    if c.value < lam1:
        out.append(equal(lam_min, saddle_value(c), label="strict saddle: λ_min(∇²f) = λ - λ_1 < 0"))
        out.append(le(saddle_value(c), 0, label="λ - λ_1 < 0"))
        out.append(ge(objective(M, x), f_star, label="a saddle lies above the minimum: f(x) >= f*"))
    else:
        out.append(equal(lam_min, top_min(c), label="at ±sqrt(λ_1)u: λ_min(∇²f) = min(2λ_1, λ_1 - λ_2) >= 0"))
        out.append(ge(lam_min, 0, label="second-order stationary"))
        out.append(equal(objective(M, x), f_star, label="f(±sqrt(λ_1)v_1) = ¼ sum_{i>=2} λ_i²"))
    y = c.y
    out.append(ge(objective(M, y), f_star, label="Eckart–Young: f(y) >= ¼ sum_{i>=2} λ_i² for every y"))
    yy = y @ y
    if yy != 0:
        a = (y @ M @ y) / yy
        out.append(equal(4 * objective(M, y) - 4 * f_star, lam1 * lam1 - a * a + (yy - a) ** 2,
                         label="4(f(y) - f*) = (λ_1² - a²) + (||y||² - a)², a = yᵀMy/||y||² <= λ_1"))
    return out


def _previous_value(c: CriticalCase) -> Fraction:
    above = [v for v in c.lam if v > c.value]
    return min(above) if above else c.value


CRITICAL = Claim(
    id="rank-one-critical-points",
    title="Critical points of ¼||M - xxᵀ||²: 0 and ±sqrt(λ)u; all but the top are strict saddles",
    statement="For symmetric M the critical points of f(x) = ¼||M - xxᵀ||²_F are 0 and x = ±sqrt(λ)u with Mu = λu, "
              "||u|| = 1, λ > 0 (a sphere for a repeated λ); ∇²f has eigenvalues 2λ (along u) and λ - λ_j; for "
              "λ < λ_1 (and at 0) λ_min(∇²f) = λ - λ_1 < 0, and the critical points with λ = λ_1 are the global "
              "minima, f* = ¼ sum_{i>=2} λ_i² (Eckart–Young; ±sqrt(λ_1)v_1 only, when λ_1 > λ_2); f(-x) = f(x), and the "
              "symmetry swaps the global minima and fixes the saddle 0",
    sources=[Source(ARORA, "§6.4, eq. (6.6) (Eckart–Young)", ("ARORA-510",)),
             Source(ARORA, "Claim 6.4.1 (corrected for repeated eigenvalues)", ("ARORA-512",)),
             Source(ARORA, "§6.3 footnote 6 (corrected: a symmetry that moves the global minima forces a "
                           "non-minimal critical point, here the strict saddle 0)", ("ARORA-508",))],
    kind="exact",
    area="optimization",
    instances=critical_cases(),
    conclusion=critical_checks,
    proof_idea="∇f(x) = ||x||²x - Mx vanishes iff x is 0 or an eigenvector with ||x||² = λ.  In an orthonormal "
               "eigenbasis containing u, ∇²f = λI + 2λuuᵀ - M is diagonal with entries 2λ and λ - λ_j; along v_1 "
               "the curvature is λ - λ_1.  4f(y) = ||M||² - a² + (||y||² - a)² is minimized by a = ||y||² = λ_1.",
    mutants=[
        Mutant("no-square-root", "(xxᵀ - M)x at x = λu is (λ² - λ)λu, zero only for λ in {0, 1}",
               conclusion=lambda c: critical_checks(c, sqrt=False)),
        Mutant("wrong-neighbour", "λ_min(∇²f) at sqrt(λ_i)v_i is λ_i - λ_1, not λ_i - λ_{i-1}, once two larger "
               "eigenvalues exist", conclusion=lambda c: critical_checks(c, saddle_value=lambda c: c.value - _previous_value(c)),
               instances=critical_cases().filter(lambda c: _previous_value(c) < c.lam[0])),
        Mutant("top-min-eigenvalue-2-lambda1", "at ±sqrt(λ_1)v_1 the eigenvalue along v_2 is λ_1 - λ_2 < 2λ_1",
               conclusion=lambda c: critical_checks(c, top_min=lambda c: 2 * c.value)),
        Mutant("hessian-coefficient-one", "||x||²I + xxᵀ - M has eigenvalue λ - λ along u, not 2λ",
               conclusion=lambda c: critical_checks(
                   c, spectrum=lambda c: [Fraction(0) if c.group is not None and j == c.groups[c.group][0] else m
                                          for j, m in enumerate(_hessian_spectrum(c))])),
    ],
    examples=80,
)
test_rank_one_critical_points = CRITICAL.test()


def _printed_list_checks(c: CriticalCase) -> list[Check]:
    M, x = c.M, c.x
    listed = [tuple(Fraction(0) for _ in range(c.d))]
    for j, v in enumerate(c.lam):
        if v > 0:
            r = Fraction(math.isqrt(v.numerator), math.isqrt(v.denominator))
            for s in (1, -1):
                listed.append(tuple(s * r * c.Q[:, j]))
    return [equal(tuple(gradient(M, x)), (Fraction(0),) * c.d, label="x is a critical point"),
            holds(tuple(x) in listed, label="x is 0 or ±sqrt(λ_i)v_i for the eigenbasis v_i of M",
                  detail=f"x = {tuple(str(v) for v in x)}")]


CRITICAL_PRINTED = Claim(
    id="rank-one-critical-points-printed",
    title="Claim 6.4.1 as printed: the critical points are exactly 0 and ±sqrt(λ_i)v_i",
    statement="For PSD M = sum λ_i v_i v_iᵀ with λ_1 > λ_2 >= ... >= λ_d >= 0 the only critical points of "
              "¼||M - xxᵀ||²_F are x = 0 and x = ±sqrt(λ_i)v_i",
    sources=[Source(ARORA, "Claim 6.4.1", ("ARORA-512",))],
    kind="exact",
    area="optimization",
    instances=critical_cases(max_dim=5, psd=True, simple_top=True),
    conclusion=_printed_list_checks,
    proof_idea="Critical points solve Mx = ||x||²x: every eigenvector of norm sqrt(λ) qualifies, and a repeated "
               "λ has a whole sphere of them.",
    audit=True,
    corrected="rank-one-critical-points",
    finding="The assumptions allow λ_2 = λ_3 (only λ_1 > λ_2 is required), and then the list is incomplete: for "
            "M = diag(4, 1, 1), x = (0, 3/5, 4/5) has Mx = x = ||x||²x, so it is critical but is not ±sqrt(λ_i)e_i. "
            "Corrected: the critical points are 0 and sqrt(λ)u for every unit eigenvector u of a positive "
            "eigenvalue λ; the second half of the claim (only ±sqrt(λ_1)v_1 are second-order stationary) stands.",
)
test_rank_one_critical_points_printed = CRITICAL_PRINTED.test()


# ------------------------------------------------------------------------------ rank-one lemmas (ARORA-513/514)

def _landscape_numbers(p: LandscapePoint) -> dict[str, Fraction]:
    z, x = p.z, p.x
    M = np.outer(z, z)
    g, H = gradient(M, x), hessian(M, x)
    return dict(gx=g @ x, gz=g @ z, cx=x @ H @ x, cz=z @ H @ z, a=x @ x, xz=x @ z, f=objective(M, x))


def lemma_checks(p: LandscapePoint, c2: Fraction = Fraction(1, 2), gamma: Fraction = Fraction(1, 4),
                 use_x: bool = True, z_curvature: bool = True, a_bound: Fraction = Fraction(1, 3)) -> list[Check]:
    """``c2`` = c² of the robust lemma, ``gamma`` its curvature tolerance."""
    n = _landscape_numbers(p)
    a, xz, f = n["a"], n["xz"], n["f"]
    b = xz * xz
    out = [equal(n["gx"], a * a - b, label="<∇f(x), x> = ||x||⁴ - <x, z>²"),
           equal(n["gz"], xz * (a - 1), label="<∇f(x), z> = <x, z>(||x||² - 1)"),
           equal(n["cx"], 3 * a * a - b, label="xᵀ∇²f x = 3||x||⁴ - <x, z>²"),
           equal(n["cz"], a + 2 * b - 1, label="zᵀ∇²f z = ||x||² + 2<x, z>² - 1"),
           equal(f, (1 - 2 * b + a * a) / 4, label="f = ¼(1 - 2<x,z>² + ||x||⁴)")]
    # exact lemma 6.4.4
    if n["cz"] >= 0:
        out.append(ge(a, a_bound, label="zᵀ∇²f z >= 0 ⇒ ||x||² >= 1/3"))
        if n["gx"] == 0:
            out.append(ge(b, Fraction(1, 9), label="and <∇f, x> = 0 ⇒ <x, z>² >= 1/9"))
    stationary = n["gz"] == 0 and (n["gx"] == 0 or not use_x)
    curved = (n["cz"] >= 0 or not z_curvature) and (n["cx"] >= 0 or not use_x)
    if stationary and curved:
        out.append(equal(f, Fraction(0), label="both gradients 0 and both curvatures >= 0 ⇒ x = ±z, f = 0"))
    # robust lemma 6.4.3: no (cτ, γ)-direction of improvement among x, z ⇒ f <= τ for τ = s/c < 1
    feasible = n["cz"] >= -gamma and (not use_x or n["cx"] >= -gamma * a)
    s2 = max(n["gz"] ** 2, (n["gx"] ** 2 / a if a != 0 else Fraction(0)) if use_x else Fraction(0))
    if feasible and s2 < c2:
        out.append(le(f * f * c2, s2, label=f"no (cτ, {gamma})-direction among x, z ⇒ f <= τ = s/c, c² = {c2}"))
    return out


LEMMAS = Claim(
    id="rank-one-landscape-lemmas",
    title="Rank-one landscape lemmas for ¼||zzᵀ - xxᵀ||²: exact (x = ±z) and robust (c = 1/sqrt 2)",
    statement="For ||z|| = 1: <∇f, x> = a² - b, <∇f, z> = <x,z>(a - 1), xᵀ∇²fx = 3a² - b, zᵀ∇²fz = a + 2b - 1 "
              "(a = ||x||², b = <x,z>²); zᵀ∇²fz >= 0 ⇒ a >= 1/3; both gradients 0 and both curvatures >= 0 ⇒ x = ±z; "
              "and if neither x nor z is a (cτ, 1/4)-direction of improvement with c = 1/sqrt 2, τ < 1, then f(x) <= τ",
    sources=[Source(ARORA, "§6.4.2, Lemma 6.4.3 (constant c = 1/sqrt 2, not given in the text)", ("ARORA-513",)),
             Source(ARORA, "§6.4.2, Lemma 6.4.4 and its proof", ("ARORA-514",))],
    kind="exact",
    area="optimization",
    instances=landscape_points(),
    conclusion=lemma_checks,
    proof_idea="Everything depends on (a, b) with 0 <= b <= a.  a² = b and <x,z>(a - 1) = 0 leave x in {0, ±z}, and "
               "x = 0 has zᵀ∇²fz = -1.  For the robust form, minimizing s/f = max(|a² - b|/sqrt a, sqrt b |a - 1|)/f over "
               "the curvature-feasible set gives 1/sqrt 2 at a = 1/2, b = 1/8 on the edge a + 2b = 3/4.",
    mutants=[
        Mutant("constant-one", "at a = 1/2, b = 1/8 both curvature conditions hold, s = sqrt2/8 and f = 1/4 > s",
               conclusion=lambda p: lemma_checks(p, c2=Fraction(1)),
               instances=landscape_points(families=("tight", "near-tight"))),
        Mutant("constant-above-optimal", "c = 1/sqrt 2 is attained: with c² = 0.51 the bound fails near a = 1/2, b = 1/8 "
               "on the edge a + 2b = 3/4", conclusion=lambda p: lemma_checks(p, c2=Fraction(51, 100)),
               instances=landscape_points(families=("tight-core",))),
        Mutant("curvature-tolerance-half", "with γ = 1/2 the best constant drops to ≈ 0.569 < 0.7 "
               "(extremal point a ≈ 0.386, b ≈ 0.057)",
               conclusion=lambda p: lemma_checks(p, c2=Fraction(49, 100), gamma=Fraction(1, 2)),
               instances=landscape_points(families=("wide-curvature",))),
        Mutant("direction-z-only", "x ⊥ z with ||x||² >= 3/4 has <∇f, z> = 0 and zᵀ∇²fz >= -1/4 but f >= 25/64",
               conclusion=lambda p: lemma_checks(p, use_x=False),
               instances=landscape_points(families=("orthogonal", "random"))),
        Mutant("drop-z-curvature", "x = 0 has both gradients 0 and xᵀ∇²fx = 0 but f = 1/4",
               conclusion=lambda p: lemma_checks(p, z_curvature=False),
               instances=landscape_points(families=("critical", "stationary"))),
        Mutant("curvature-gives-half", "a = 4/9, b = 4/9 (x = (2/3)z) has a + 2b - 1 = 1/3 >= 0 but a < 1/2",
               conclusion=lambda p: lemma_checks(p, a_bound=Fraction(1, 2)),
               instances=landscape_points(families=("curvature-edge",))),
    ],
    examples=100,
)
test_rank_one_landscape_lemmas = LEMMAS.test()


# ------------------------------------------------------------------------------ rank r (ARORA-515/571)

def procrustes_checks(c: RankCase, constant: float = 2.0, coefficient: float = 1.5, align: bool = True) -> list[Check]:
    X, Z = c.X, c.Z
    d, r = X.shape
    M = Z @ Z.T
    R = procrustes(X, Z) if align else np.eye(r)
    D = X - Z @ R
    E2 = frobenius_sq(X @ X.T - M)
    DD2 = frobenius_sq(D @ D.T)
    g = inner(gradient(M, X), D)
    lhs = hessian_form(M, X, D)
    S = (np.linalg.norm(X) + np.linalg.norm(Z)) ** 4
    tol = 8 * (d + r + 4) * EPS * S
    why = "8 (d + r + 4) eps (||X||_F + ||Z||_F)^4: quartic sums with (d + r + 4) eps relative rounding"
    return [close(lhs, DD2 / 2 - coefficient * E2 + 4 * g, tol,
                  label="∇²f(X)[Δ,Δ] = ½||ΔΔᵀ||² - (3/2)||XXᵀ - ZZᵀ||² + 4<∇f(X), Δ>", why=why),
            le(DD2, constant * E2, tol, label="||ΔΔᵀ||² <= 2||XXᵀ - ZZᵀ||² (Procrustes Δ = X - ZR)", why=why),
            le(lhs, -E2 / 2 + 4 * g, 2 * tol,
               label="∇²f[Δ,Δ] <= -½||XXᵀ - ZZᵀ||² + 4<∇f, Δ>: SOSPs have XXᵀ = ZZᵀ", why="twice the above")]


PROCRUSTES = Claim(
    id="factorization-improvement-direction",
    title="Δ = X - ZR is a direction of negative curvature at every non-optimal critical point",
    statement="For f(X) = ¼||ZZᵀ - XXᵀ||²_F (X, Z in R^{d×r}) and Δ = X - ZR: ∇²f(X)[Δ,Δ] = ½||ΔΔᵀ||² - "
              "(3/2)||XXᵀ - ZZᵀ||² + 4<∇f(X), Δ> for orthogonal R, and with the Procrustes R ||ΔΔᵀ||² <= "
              "2||XXᵀ - ZZᵀ||²; so every second-order stationary point has XXᵀ = ZZᵀ (r = 1: δ = x ∓ z)",
    sources=[Source(ARORA, "§6.4.2, closing remark (direction x - z; sign by <x, z>)", ("ARORA-515",)),
             Source(ARORA, "§6.4.2, last sentence: generalization to M = ZZᵀ", ("ARORA-571",))],
    kind="numeric",
    area="optimization",
    instances=rank_cases(),
    conclusion=procrustes_checks,
    proof_idea="0 = f(ZR) = f(X - Δ) expanded around X gives the identity after eliminating the cubic term with "
               "the expansion of <∇f, Δ>.  With the Procrustes R, (ZR)ᵀX is symmetric PSD, which bounds ||ΔΔᵀ||² by "
               "2||XXᵀ - ZZᵀ||²; equality for X ⊥ Z with XᵀX = ZᵀZ.",
    mutants=[
        Mutant("constant-one", "X ⊥ Z with XᵀX = ZᵀZ gives ||ΔΔᵀ||² = 2||XXᵀ - ZZᵀ||² exactly",
               conclusion=lambda c: procrustes_checks(c, constant=1.0)),
        Mutant("identity-coefficient-one", "the identity needs -(3/2)||XXᵀ - ZZᵀ||²; -1 is off by ½||XXᵀ - ZZᵀ||²",
               conclusion=lambda c: procrustes_checks(c, coefficient=1.0)),
        Mutant("no-alignment", "without the Procrustes rotation X = ZR has XXᵀ = ZZᵀ but Δ = Z(R - I) ≠ 0",
               conclusion=lambda c: procrustes_checks(c, align=False)),
    ],
    examples=80,
)
test_factorization_improvement_direction = PROCRUSTES.test()
