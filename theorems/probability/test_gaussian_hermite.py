"""Gaussian analysis behind multi-index models: Stein's identity, Hermite orthogonality along
correlated directions, and the moment subspaces that reveal the teacher span.

Statement.  ``X ~ N(0, 1)``, ``x ~ N(0, I_d)``.
- Stein: ``E[g(X)X] = E[g'(X)]`` and ``E[g(X)(X² - 1)] = E[g''(X)]`` (here for polynomials ``g``).
- Hermite: for unit ``u, v``, ``E[He_j(uᵀx) He_k(vᵀx)] = δ_{jk} k! (uᵀv)^k``.
- Multi-index moments: if ``y = F(Wx)``, ``V = row(W)`` and ``ψ`` is any function of ``y``, then
  ``E[ψ(y)x] ∈ V`` and ``M_ψ = E[ψ(y)(xxᵀ - I)]`` maps into ``V`` and vanishes on ``V^⊥`` (checked
  exactly for polynomial links ``F`` and ``ψ(y) ∈ {y, y²}``).
- Selection: for the filter ``ψ = 1{||Π_V x||² >= c}`` with ``c >= 2m`` and ``dim V = k <= m``,
  ``tr M_ψ = E[ψ(||Π_V x||² - k)] >= m P(ψ = 1) > 0``, so ``M_ψ`` has a positive eigenvalue
  (here ``M_ψ = (tr M_ψ / k) Π_V`` by rotation invariance, so its eigenvectors for it lie in ``V``).

Sources.  Zhao, *From Approximation to Emergence*: Figure 10.16 (ZHAO-93); Figure 11.16 and
Proposition 11.17 (ZHAO-106); Lemma 11.18 (ZHAO-107); Figures 11.14–11.15 (ZHAO-108).

Proof ideas.  Stein: integrate by parts against ``φ' = -xφ``; apply it to ``x g(x)`` for the second
form.  Hermite: ``(uᵀx, vᵀx)`` is a standard bivariate normal with correlation ``ρ = uᵀv`` and
Mehler's formula gives ``E[He_j(A)He_k(B)] = δ_{jk} k! ρ^k``.  Moments: split ``x = Π_V x + x_⊥`` with
``x_⊥`` independent of ``y``; odd moments of ``x_⊥`` vanish and ``E[x_⊥x_⊥ᵀ] = I - Π_V``, which the
centering by ``I`` removes.  Selection: on ``{ψ = 1}``, ``||Π_V x||² - k >= 2m - m = m``.

The first three items are exact: Gaussian expectations of polynomials by Isserlis' moments ``(k-1)!!``
in Fraction arithmetic, rational unit vectors.  The last is a chi-square integral at 30 digits with
the quadrature's own error estimate as tolerance.
"""

from __future__ import annotations

from fractions import Fraction
from math import factorial

import mpmath
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, ge
from checks.documents import ZHAO
from checks.duality import solve
from checks.hermite import (compose, compose_multi, derivative, expect, expect_univariate, hermite,
                            linear_form, mul, times_variables, times_x)
from checks.strategies.hermite import (HermitePair, MultiIndexCase, RadialFilter, SteinCase, hermite_pairs,
                                       multi_index_cases, radial_filters, stein_cases)

# ------------------------------------------------------------------------------------------ Stein
def _stein_checks(case: SteinCase, second_weight=(-1, 0, 1), second_rhs: int = 2) -> list[Check]:
    g, dist = list(case.g), case.dist
    d1, d2 = derivative(g), derivative(derivative(g))
    weighted = [Fraction(0)] * (len(g) + 2)
    for p, w in enumerate(second_weight):                # g(x) (w_0 + w_1 x + w_2 x²)
        for k, c in enumerate(times_x(g, p)):
            weighted[k] += w * c
    rhs = d2 if second_rhs == 2 else d1
    return [equal(expect_univariate(times_x(g), dist), expect_univariate(d1, dist), label="E[g(X)X] = E[g'(X)]"),
            equal(expect_univariate(weighted, dist), expect_univariate(rhs, dist), label="E[g(X)(X² - 1)] = E[g''(X)]")]


STEIN = Claim(
    id="gaussian-stein-identity",
    title="Stein's identity and its second-order form for a standard Gaussian",
    statement="For X ~ N(0, 1) and polynomial g: E[g(X)X] = E[g'(X)] and E[g(X)(X² - 1)] = E[g''(X)]",
    sources=[Source(ZHAO, "Ch. 11, Lemma 11.18 (Stein identity)", ("ZHAO-107",))],
    kind="exact",
    area="probability",
    instances=stein_cases(),
    conclusion=_stein_checks,
    proof_idea="Integration by parts with φ'(x) = -xφ(x); the second form is the first applied to x g(x), using "
               "(xg)' = g + xg' and the first form again for g'.",
    mutants=[
        Mutant("missing-minus-one", "E[g(X)X²] = E[g''] + E[g]: the -1 matters whenever E[g] ≠ 0 (g ≡ 1)",
               conclusion=lambda c: _stein_checks(c, second_weight=(0, 0, 1))),
        Mutant("second-order-first-derivative", "E[g(X)(X² - 1)] is E[g''], not E[g'] (g = x²: 2 against 0)",
               conclusion=lambda c: _stein_checks(c, second_rhs=1)),
        Mutant("rademacher-input", "for a random sign E[X⁴] = 1, so g = x³ gives E[gX] = 1 but E[g'] = 3",
               instances=stein_cases(dist="rademacher")),
    ],
    examples=40,
)
test_gaussian_stein_identity = STEIN.test()


# ------------------------------------------------------------------------------------------ Hermite
def _hermite_checks(pair: HermitePair, factorial_factor: bool = True) -> list[Check]:
    n = len(pair.u)
    a, b = linear_form(pair.u), linear_form(pair.v)
    rho = sum((x * y for x, y in zip(pair.u, pair.v)), Fraction(0))
    Ha = [compose(hermite(j), a, n) for j in range(pair.K + 1)]
    Hb = [compose(hermite(k), b, n) for k in range(pair.K + 1)]
    out = []
    for j in range(pair.K + 1):
        for k in range(pair.K + 1):
            want = (factorial(k) if factorial_factor else 1) * rho ** k if j == k else Fraction(0)
            out.append(equal(expect(mul(Ha[j], Hb[k])), Fraction(want), label=f"E[He_{j}(uᵀx)He_{k}(vᵀx)] = δ k! ρ^k"))
    return out


HERMITE = Claim(
    id="gaussian-hermite-correlated-orthogonality",
    title="Hermite polynomials along two unit directions: E[He_j(uᵀx)He_k(vᵀx)] = δ_jk k! (uᵀv)^k",
    statement="For x ~ N(0, I_d) and unit u, v: E[He_j(uᵀx) He_k(vᵀx)] = δ_jk k! (uᵀv)^k (probabilists' Hermite)",
    sources=[Source(ZHAO, "Ch. 11, Figures 11.14–11.15 (Hermite-filtered activations, designed landscapes)",
                    ("ZHAO-108",))],
    kind="exact",
    area="probability",
    instances=hermite_pairs(),
    conclusion=_hermite_checks,
    proof_idea="(uᵀx, vᵀx) is standard bivariate normal with correlation ρ = uᵀv; Mehler's expansion of its density "
               "in Hermite products, Σ ρ^k He_k(a)He_k(b)/k!, gives the identity.",
    mutants=[
        Mutant("missing-factorial", "E[He_k(Z)²] = k!, not 1 (k = 2: E[(Z² - 1)²] = 2)",
               conclusion=lambda p: _hermite_checks(p, factorial_factor=False)),
        Mutant("non-unit-vectors", "for ||u|| ≠ 1, uᵀx is not standard: E[He_2(uᵀx)] = ||u||² - 1 ≠ 0",
               instances=hermite_pairs(scale=st.sampled_from([Fraction(2), Fraction(1, 2), Fraction(3, 2)]))),
    ],
    examples=40,
)
test_gaussian_hermite_correlated_orthogonality = HERMITE.test()


# ------------------------------------------------------------------------------------------ moments
def _projector_complement(W: list[list[Fraction]], v: list[Fraction]) -> list[Fraction]:
    """``(I - Π_V) v`` with ``Π_V = Wᵀ(WWᵀ)⁻¹W``."""
    gram = [[sum((a * b for a, b in zip(r, s)), Fraction(0)) for s in W] for r in W]
    coef = solve(gram, [sum((a * b for a, b in zip(r, v)), Fraction(0)) for r in W])
    return [vi - sum((c * r[i] for c, r in zip(coef, W)), Fraction(0)) for i, vi in enumerate(v)]


def _moment_checks(case: MultiIndexCase, centered: bool = True) -> list[Check]:
    W = [[Fraction(v) for v in r] for r in case.W]
    d = len(W[0])
    y = compose_multi(dict(case.F), [linear_form(r) for r in W], d)
    out = []
    for name, psi in (("y", y), ("y²", mul(y, y))):
        first = [expect(times_variables(psi, i), case.dist) for i in range(d)]
        off = _projector_complement(W, first)
        if centered:
            out.append(equal(sum(abs(v) for v in off), Fraction(0), label=f"E[{name}·x] ∈ V (|| (I - Π_V) E[ψx] ||_1)"))
        mean = expect(psi, case.dist)
        M = [[expect(times_variables(psi, i, j), case.dist) - (mean if (i == j and centered) else 0) for j in range(d)]
             for i in range(d)]
        leak = sum((abs(v) for col in zip(*M) for v in _projector_complement(W, list(col))), Fraction(0))
        what = "E[ψ(xxᵀ - I)]" if centered else "E[ψxxᵀ]"
        out.append(equal(leak, Fraction(0), label=f"{what} maps into V for ψ = {name} (|| (I - Π_V) M ||_1)"))
    return out


MOMENTS = Claim(
    id="multi-index-moment-subspace",
    title="Multi-index models: first and centered second response moments live in the teacher span",
    statement="If x ~ N(0, I_d) and y = F(Wx), then for ψ ∈ {y, y²}: E[ψ(y)x] ∈ row(W) and M_ψ = E[ψ(y)(xxᵀ - I)] "
              "maps into row(W) (so M_ψu = 0 for u ⊥ row(W), M_ψ being symmetric)",
    sources=[Source(ZHAO, "Ch. 10, Figure 10.16 (span of the normals visible in low-order moments)", ("ZHAO-93",)),
             Source(ZHAO, "Ch. 11, Figure 11.16 and Proposition 11.17 (response-weighted covariance vanishes on V^⊥)",
                    ("ZHAO-106",))],
    kind="exact",
    area="probability",
    instances=multi_index_cases(),
    conclusion=_moment_checks,
    proof_idea="x = Π_Vx + x_⊥ with x_⊥ independent of y and centred: E[ψx_⊥] = 0, E[ψ x_⊥(Π_Vx)ᵀ] = 0 and "
               "E[ψx_⊥x_⊥ᵀ] = E[ψ](I - Π_V), which the centring by I cancels.",
    mutants=[
        Mutant("rademacher-inputs", "sign inputs are not rotation invariant: y = (wᵀx)³ has E[yx_i] = 3w_i||w||² - 2w_i³, "
               "not parallel to w when the |w_i| differ", instances=multi_index_cases(dist="rademacher")),
        Mutant("uncentered", "E[ψxxᵀ] equals E[ψ]·I on V^⊥, nonzero for ψ = y² unless y ≡ 0",
               conclusion=lambda c: _moment_checks(c, centered=False)),
    ],
    examples=40,
)
test_multi_index_moment_subspace = MOMENTS.test()


# ------------------------------------------------------------------------------------------ selection
def _chi2_density(k: int):
    norm = mpmath.mpf(2) ** (mpmath.mpf(k) / 2) * mpmath.gamma(mpmath.mpf(k) / 2)
    return lambda r: r ** (mpmath.mpf(k) / 2 - 1) * mpmath.exp(-r / 2) / norm


def _selection_checks(f: RadialFilter) -> list[Check]:
    with mpmath.workdps(30):
        c = mpmath.mpf(f.c.numerator) / f.c.denominator
        dens = _chi2_density(f.k)
        er, err = mpmath.quad(lambda r: r * dens(r), [c, mpmath.inf], error=True)   # E[R 1{R >= c}]
        prob = mpmath.gammainc(mpmath.mpf(f.k) / 2, c / 2, mpmath.inf, regularized=True)   # P(R >= c)
        trace = er - f.k * prob           # tr M_ψ = E[ψ(||x||² - d)] = E[ψ(R - k)] (x_⊥ part has mean 0)
        tol = 10 * err + mpmath.mpf(10) ** -25 * (abs(er) + f.k * prob)
        return [ge(float(trace / prob), float(f.m), tol=float(tol / prob),
                   label="tr M_ψ / P(ψ = 1) = E[||Π_Vx||² - k | ψ = 1] >= m",
                   why="10 × the quadrature's error estimate, relative to P(ψ = 1)")]


SELECTION = Claim(
    id="response-filter-positive-trace",
    title="A filter selecting ||Π_V x||² >= 2m gives the response-weighted covariance a positive trace on V",
    statement="For ψ = 1{||Π_Vx||² >= c} with c >= 2m and dim V = k <= m: tr E[ψ(xxᵀ - I)] = E[ψ(||Π_Vx||² - k)] "
              ">= m P(ψ = 1) > 0",
    sources=[Source(ZHAO, "Ch. 11, Proposition 11.17 (positive trace creates a signal direction)", ("ZHAO-106",))],
    kind="numeric",
    area="probability",
    instances=radial_filters(),
    conclusion=_selection_checks,
    proof_idea="The V^⊥ part of ||x||² - d has mean 0 and is independent of ψ; on {ψ = 1}, ||Π_Vx||² - k >= 2m - m.",
    mutants=[
        Mutant("no-selection-hypothesis", "a weak filter (c <= k/4) keeps typical points, where E[||Π_Vx||² - k | ψ] "
               "is below m (0 at c = 0)", instances=radial_filters(selective=False)),
    ],
    examples=30,
)
test_response_filter_positive_trace = SELECTION.test()
