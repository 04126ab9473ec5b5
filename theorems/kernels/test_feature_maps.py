"""Explicit feature maps of kernels: the quadratic kernel, quadratic decision rules, kernels on the sphere.

Statements.
- Quadratic kernel: ``phi(x) = (1, sqrt2 x_1..sqrt2 x_d, sqrt2 x_i x_j (i < j), x_1^2..x_d^2)`` satisfies
  ``phi(x) · phi(z) = (1 + x · z)^2`` for all ``x, z in R^d``, and has ``1 + d + d(d-1)/2 + d =
  (d+1)(d+2)/2`` coordinates.
- Quadratic rules are halfspaces after a feature map: with ``phi(x) = (x_1, x_2, x_1^2, x_2^2, x_1 x_2)``
  every ``q(x) = c + a·x + b11 x_1^2 + b22 x_2^2 + b12 x_1 x_2`` equals ``c + <w, phi(x)>`` with
  ``w = (a1, a2, b11, b22, b12)``, so ``sign q`` is a halfspace rule in feature space; a disc is such a
  rule although it is no halfspace in ``R^2`` (its centre is the midpoint of two points outside it).
- On the unit sphere: ``<x^{⊗k}, y^{⊗k}> = (x · y)^k``, so ``(1, x^{⊗k})`` realizes ``1 + (x·y)^k`` and
  ``(sqrt C(k, j) x^{⊗j})_{j <= k}`` realizes ``(1 + x·y)^k``; ``||x - y||^2 = 2 - 2 x·y``, so the Gaussian
  kernel is ``exp(-||x - y||^2) = e^{-2} exp(2 x·y) = sum_k e^{-2} (2^k/k!) (x·y)^k``, realized by
  ``(e^{-1} sqrt(2^k/k!) x^{⊗k})_k``, and the Laplace kernel is ``exp(-||x - y||) = exp(-sqrt(2 - 2 x·y))``,
  whose Taylor coefficients in ``t = x·y`` are all nonnegative (``e^{-sqrt s}`` is completely monotone:
  ``(-1)^k d^k/ds^k e^{-sqrt s} >= 0``), giving ``(sqrt(a_k) x^{⊗k})_k``.  ``exp(+||x - y||^2)`` is no
  kernel: for ``x != y`` its 2x2 Gram matrix has determinant ``1 - e^{2||x - y||^2} < 0``.

Sources.  Arora et al., *Theory of Deep Learning*, Example 3.2.1 (ARORA-38) and Problem 3.2.2
(ARORA-39, whose part (c) is printed as ``exp(||x1 - x2||^2) = exp(sqrt(1 - 2 x1·x2))``: audit below);
Zhao, *From Approximation to Emergence*, Figure 2.8 (ZHAO-2).

Proof idea.  Expand ``(1 + sum_i x_i z_i)^2 = 1 + 2 sum_i x_i z_i + sum_i x_i^2 z_i^2 + 2 sum_{i<j} x_i x_j z_i
z_j`` and match coordinates.  ``<x^{⊗k}, y^{⊗k}> = prod`` of ``k`` copies of ``x·y``.  On the sphere
``||x - y||^2 = ||x||^2 + ||y||^2 - 2 x·y``.  With ``u = sqrt s``, ``d/ds = (1/2u) d/du``, so
``h^{(k)}(s) = e^{-u} P_k(u)`` with ``P_{k+1} = (P_k' - P_k)/(2u)``; the Taylor coefficient of
``exp(-sqrt(2 - 2t))`` is ``a_k = 2^k (-1)^k h^{(k)}(2) / k!``, an exact number ``e^{-sqrt 2}(A + B sqrt 2)``.

Exactness.  The identities are checked in rational arithmetic (Fractions) at rational points, the
rational unit vectors coming from the inverse stereographic projection, and symbolically (SymPy) for
the drawn dimension; signs of ``A + B sqrt 2`` are decided exactly by comparing squares.  The
truncated Gaussian series is numeric: its remainder after degree ``K`` at ``s = 2 x·y`` is at most
``|s|^{K+1}/(K+1)! / (1 - |s|/(K+2))``, plus rounding ``4 (K + 2) eps``; Gram matrices are PSD to
``4 n eps ||G||`` (the backward error of ``eigvalsh``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from math import comb, factorial

import numpy as np
import sympy
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.documents import ARORA, ZHAO
from checks.linalg import EPS
from checks.strategies.spectra_kernels import rational_unit_vectors

SQRT2 = sympy.sqrt(2)

# ------------------------------------------------------------------------------------ quadratic kernel


def quadratic_features(x, cross: str = "sqrt2") -> list:
    """The printed map ``(1, sqrt2 x_i, sqrt2 x_i x_j (i < j), x_i^2)`` on SymPy numbers or symbols.
    ``cross``: ``sqrt2`` (as printed), ``plain`` (cross terms without sqrt2), ``both-orders`` (``sqrt2
    x_i x_j`` for every ordered pair ``i != j``)."""
    d = len(x)
    lin = [SQRT2 * xi for xi in x]
    ordered = ((i, j) for i in range(d) for j in range(d) if i != j)
    pairs = combinations(range(d), 2) if cross != "both-orders" else ordered
    weight = 1 if cross == "plain" else SQRT2
    return [sympy.Integer(1)] + lin + [weight * x[i] * x[j] for i, j in pairs] + [xi**2 for xi in x]


def _rational(v) -> Fraction | sympy.Expr:
    v = sympy.expand(v)
    return Fraction(int(v.p), int(v.q)) if v.is_Rational else v


@lru_cache(maxsize=None)
def _symbolic_gap(d: int, cross: str, kernel: str) -> sympy.Expr:
    x, z = sympy.symbols(f"x1:{d + 1}"), sympy.symbols(f"z1:{d + 1}")
    dot = sum(a * b for a, b in zip(x, z))
    target = (1 + dot) ** 2 if kernel == "(1 + x.z)^2" else dot**2 + 1
    inner = sum(a * b for a, b in zip(quadratic_features(x, cross), quadratic_features(z, cross)))
    return sympy.expand(inner - target)


@dataclass(frozen=True)
class QuadraticCase:
    """Rational points ``x, z in R^d``."""

    x: tuple[Fraction, ...]
    z: tuple[Fraction, ...]

    def __repr__(self) -> str:
        return f"QuadraticCase(x={[str(v) for v in self.x]}, z={[str(v) for v in self.z]})"


RATIONALS = st.fractions(-3, 3, max_denominator=7)
quadratic_cases = st.integers(1, 6).flatmap(
    lambda d: st.builds(QuadraticCase, st.tuples(*[RATIONALS] * d), st.tuples(*[RATIONALS] * d)))


def _quadratic(case: QuadraticCase, cross: str = "sqrt2", kernel: str = "(1 + x.z)^2") -> list[Check]:
    d = len(case.x)
    X = [sympy.Rational(v.numerator, v.denominator) for v in case.x]
    Z = [sympy.Rational(v.numerator, v.denominator) for v in case.z]
    inner = _rational(sum(a * b for a, b in zip(quadratic_features(X, cross), quadratic_features(Z, cross))))
    dot = sum((a * b for a, b in zip(case.x, case.z)), Fraction(0))
    target = (1 + dot) ** 2 if kernel == "(1 + x.z)^2" else dot**2 + 1
    return [equal(inner, target, label=f"phi(x) · phi(z) = {kernel} at rational points"),
            equal(_symbolic_gap(d, cross, kernel), sympy.Integer(0),
                  label=f"phi(x) · phi(z) - {kernel} expands to 0 symbolically (d = {d})"),
            equal(len(quadratic_features(X, cross)), (d + 1) * (d + 2) // 2, label="dim phi = (d+1)(d+2)/2")]


QUADRATIC = Claim(
    id="quadratic-kernel-feature-map",
    title="The feature map of the quadratic kernel (1 + x·z)^2",
    statement=("phi(x) = (1, sqrt2 x_i, sqrt2 x_i x_j (i < j), x_i^2) satisfies phi(x)·phi(z) = (1 + x·z)^2 on R^d "
               "and has (d+1)(d+2)/2 coordinates"),
    sources=[Source(ARORA, "§3.2, Example 3.2.1", ("ARORA-38",))],
    kind="exact",
    area="kernels",
    instances=quadratic_cases,
    conclusion=_quadratic,
    proof_idea="(1 + x·z)^2 = 1 + 2 sum x_i z_i + sum x_i^2 z_i^2 + 2 sum_{i<j} x_i x_j z_i z_j: one coordinate per term, "
               "sqrt2 on the terms with coefficient 2.",
    mutants=[
        Mutant("cross-terms-without-sqrt2", "the cross terms appear with coefficient 2 in (1 + x·z)^2, so they need sqrt2",
               conclusion=lambda c: _quadratic(c, cross="plain")),
        Mutant("cross-terms-in-both-orders",
               "listing (i, j) and (j, i) with sqrt2 counts each cross term twice (coefficient 4)",
               conclusion=lambda c: _quadratic(c, cross="both-orders")),
        Mutant("kernel-dot-squared-plus-one", "(1 + x·z)^2 has the linear term 2 x·z, which (x·z)^2 + 1 lacks",
               conclusion=lambda c: _quadratic(c, kernel="(x.z)^2 + 1")),
    ],
    examples=80,
)
test_quadratic_kernel_feature_map = QUADRATIC.test()

# ------------------------------------------------------------------------------ quadratic rules


@dataclass(frozen=True)
class QuadraticRule:
    """``q(x) = c + a1 x1 + a2 x2 + b11 x1^2 + b22 x2^2 + b12 x1 x2 (+ e x1^3)``, rational points, and a
    disc (centre ``m``, squared radius ``rho``) with a point ``p`` outside it."""

    coeffs: tuple[int, ...]
    cubic: int
    points: tuple[tuple[Fraction, Fraction], ...]
    centre: tuple[Fraction, Fraction]
    rho: Fraction
    p: tuple[Fraction, Fraction]

    def __repr__(self) -> str:
        c, a1, a2, b11, b22, b12 = self.coeffs
        pts = [(str(u), str(v)) for u, v in self.points]
        return (f"QuadraticRule(q = {c} + {a1} x1 + {a2} x2 + {b11} x1^2 + {b22} x2^2 + {b12} x1x2"
                f"{f' + {self.cubic} x1^3' if self.cubic else ''}, points {pts}, disc centre "
                f"{[str(v) for v in self.centre]} radius^2 {self.rho}, outside point {[str(v) for v in self.p]})")


INTS = st.integers(-5, 5)
POINT = st.tuples(RATIONALS, RATIONALS)


@st.composite
def quadratic_rules(draw, cubic: bool = False) -> QuadraticRule:
    coeffs = tuple(draw(INTS) for _ in range(6))
    e = draw(st.integers(1, 5)) if cubic else 0
    m = draw(POINT)
    rho = draw(st.fractions(Fraction(1, 4), 4, max_denominator=4))
    u = draw(POINT.filter(lambda v: v != (0, 0)))
    scale = 1 + draw(st.fractions(0, 2, max_denominator=3))
    # p = m + s u with s^2 |u|^2 > rho: s = scale * (rho / |u|^2 rounded up to a rational bound)
    nu = u[0] ** 2 + u[1] ** 2
    s = scale * (1 + Fraction(int(rho / nu) + 1))
    p = (m[0] + s * u[0], m[1] + s * u[1])
    return QuadraticRule(coeffs, e, tuple(draw(st.lists(POINT, min_size=1, max_size=5))), m, rho, p)


def _phi2(x: tuple[Fraction, Fraction], cross: bool = True) -> list[Fraction]:
    x1, x2 = x
    return [x1, x2, x1 * x1, x2 * x2] + ([x1 * x2] if cross else [])


def _q(rule: QuadraticRule, x) -> Fraction:
    c, a1, a2, b11, b22, b12 = rule.coeffs
    x1, x2 = x
    return c + a1 * x1 + a2 * x2 + b11 * x1 * x1 + b22 * x2 * x2 + b12 * x1 * x2 + rule.cubic * x1**3


def _halfspace(rule: QuadraticRule, cross: bool = True) -> list[Check]:
    c, a1, a2, b11, b22, b12 = rule.coeffs
    w = [a1, a2, b11, b22] + ([b12] if cross else [])
    checks = []
    for x in rule.points:
        lin = c + sum(wi * fi for wi, fi in zip(w, _phi2(x, cross)))
        checks.append(equal(lin, _q(rule, x), label=f"q(x) = c + <w, phi(x)> at x = ({x[0]}, {x[1]})"))
    m, rho, p = rule.centre, rule.rho, rule.p
    disc_w, disc_c = [-2 * m[0], -2 * m[1], 1, 1, 0], m[0] ** 2 + m[1] ** 2 - rho
    mirror = (2 * m[0] - p[0], 2 * m[1] - p[1])
    for x in (m, p, mirror):
        dist = (x[0] - m[0]) ** 2 + (x[1] - m[1]) ** 2 - rho
        checks.append(equal(disc_c + sum(wi * fi for wi, fi in zip(disc_w, _phi2(x))), dist,
                            label="the disc |x - m|^2 <= rho is the halfspace <w, phi(x)> + c <= 0"))
    out_p, out_mirror = (p[0] - m[0]) ** 2 + (p[1] - m[1]) ** 2, (mirror[0] - m[0]) ** 2 + (mirror[1] - m[1]) ** 2
    checks += [ge(min(out_p, out_mirror), rho, label="p and 2m - p lie outside the disc"),
               holds(((p[0] + mirror[0]) / 2, (p[1] + mirror[1]) / 2) == m and rho > 0,
                     label="the centre m (inside) is their midpoint: no line separates the disc in R^2")]
    return checks


HALFSPACES = Claim(
    id="quadratic-rules-are-halfspaces",
    title="Degree-2 decision rules in the plane are halfspaces after the feature map (x1, x2, x1^2, x2^2, x1x2)",
    statement=("every q(x) = c + a·x + b11 x1^2 + b22 x2^2 + b12 x1x2 equals c + <w, phi(x)> with phi(x) = (x1, x2, "
               "x1^2, x2^2, x1x2), so sign q is a halfspace rule in feature space; a disc is one, though no "
               "halfspace of R^2"),
    sources=[Source(ZHAO, "§2, Figure 2.8: a nonlinear rule becomes linear after a feature map", ("ZHAO-2",))],
    kind="exact",
    area="kernels",
    instances=quadratic_rules(),
    conclusion=_halfspace,
    proof_idea="q is linear in its monomials; for the disc, an affine function negative at p and 2m - p is "
               "negative at their midpoint m, so no line puts m on the other side.",
    mutants=[
        Mutant("feature-map-without-cross-term",
               "without x1x2 a rule with b12 != 0 (a rotated ellipse or hyperbola) has no coefficient to carry it",
               conclusion=lambda r: _halfspace(r, cross=False)),
        Mutant("cubic-rule", "a cubic term x1^3 is not a combination of the degree-<=2 features",
               instances=quadratic_rules(cubic=True)),
    ],
    examples=60,
)
test_quadratic_rules_are_halfspaces = HALFSPACES.test()

# ------------------------------------------------------------------------------------- sphere


def _power_dot(x: np.ndarray, y: np.ndarray, k: int) -> Fraction:
    """``<x^{⊗k}, y^{⊗k}>`` computed from the tensors themselves (Kronecker powers, exact)."""
    tx, ty = np.array([Fraction(1)], dtype=object), np.array([Fraction(1)], dtype=object)
    for _ in range(k):
        tx, ty = np.kron(tx, x), np.kron(ty, y)
    return sum((a * b for a, b in zip(tx, ty)), Fraction(0))


@lru_cache(maxsize=None)
def taylor_sign_parts(k: int, sign: int = -1) -> tuple[Fraction, Fraction]:
    """``(A, B)`` with ``(-1)^k d^k/ds^k e^{sign sqrt s}`` at ``s = 2`` equal to ``e^{sign sqrt 2}(A + B sqrt 2)``:
    the sign of the ``k``-th Taylor coefficient of ``exp(sign sqrt(2 - 2t))`` at ``t = 0``."""
    u = sympy.symbols("u", positive=True)
    P = sympy.Integer(1)
    for _ in range(k):
        P = sympy.expand((sympy.diff(P, u) + sign * P) / (2 * u))
    value = sympy.expand((-1) ** k * P.subs(u, SQRT2))
    B = value.coeff(SQRT2)
    A = sympy.expand(value - B * SQRT2)
    return Fraction(int(A.p), int(A.q)), Fraction(int(B.p), int(B.q))


def _nonnegative(A: Fraction, B: Fraction, label: str) -> Check:
    """``A + B sqrt 2 >= 0`` decided exactly: with parts of one sign the sign of ``A + B`` decides; with
    parts of opposite signs compare their squares ``A^2`` and ``2 B^2``."""
    if (A >= 0) == (B >= 0) or A == 0 or B == 0:
        return ge(A + B, 0, label=label)
    pos, neg = (A * A, 2 * B * B) if A > 0 else (2 * B * B, A * A)
    return ge(pos, neg, label=label + " (squares of the parts)")


@dataclass(frozen=True)
class SphereCase:
    """Rational points ``x, y`` (unit vectors unless ``family`` says otherwise), a tensor degree ``k``
    and a Taylor order ``j``."""

    x: np.ndarray
    y: np.ndarray
    k: int
    j: int
    family: str

    def __repr__(self) -> str:
        return (f"SphereCase(x={[str(v) for v in self.x]}, y={[str(v) for v in self.y]}, k={self.k}, "
                f"Taylor order {self.j}, {self.family})")


@st.composite
def sphere_cases(draw, unit: bool = True) -> SphereCase:
    d = draw(st.integers(2, 4))
    k = draw(st.integers(0, {2: 8, 3: 5, 4: 4}[d]))
    j = draw(st.integers(0, 14))
    if unit:
        X = draw(rational_unit_vectors(d, 2))
        family = "unit vectors" + (" (antipodal)" if all(X[1] == -X[0]) else "")
    else:
        X = np.array([[draw(RATIONALS) for _ in range(d)] for _ in range(2)], dtype=object)
        X[0, 0] += 2  # away from the unit sphere
        family = "non-unit vectors"
    return SphereCase(X[0], X[1], k, j, family)


def _sq(v) -> Fraction:
    return sum((a * a for a in v), Fraction(0))


def _sphere(case: SphereCase, constant: int = 2, sign: int = -1, binomial: bool = True) -> list[Check]:
    x, y, k = case.x, case.y, case.k
    t = sum((a * b for a, b in zip(x, y)), Fraction(0))
    dist2 = _sq(x - y)
    weights = [comb(k, i) if binomial else 1 for i in range(k + 1)]
    A, B = taylor_sign_parts(case.j, sign)
    checks = [
        equal(_power_dot(x, y, k), t**k, label=f"<x^(⊗{k}), y^(⊗{k})> = (x·y)^{k}"),
        equal(1 + _power_dot(x, y, k), 1 + t**k, label=f"(1, x^(⊗{k})) realizes 1 + (x·y)^{k}"),
        equal(sum((w * _power_dot(x, y, i) for i, w in enumerate(weights)), Fraction(0)), (1 + t) ** k,
              label=f"(sqrt C({k}, i) x^(⊗i))_i realizes (1 + x·y)^{k}"),
        equal(dist2, constant - 2 * t, label=f"||x - y||^2 = {constant} - 2 x·y (Gaussian e^-2 e^(2x·y), Laplace "
                                             f"exp(-sqrt({constant} - 2x·y)))"),
        _nonnegative(A, B, f"Taylor coefficient a_{case.j} of exp({'-' if sign < 0 else '+'}sqrt(2 - 2t)) >= 0"),
    ]
    if dist2 > 0:  # exp(+||x - y||^2): det [[1, e^q], [e^q, 1]] = 1 - e^{2q} < 0 for q > 0
        checks.append(holds(sympy.exp(2 * sympy.Rational(dist2.numerator, dist2.denominator)) > 1,
                            label="exp(+||x - y||^2) is no kernel: its 2x2 Gram determinant 1 - e^(2||x-y||^2) < 0",
                            detail=f"||x - y||^2 = {dist2}"))
    return checks


SPHERE = Claim(
    id="sphere-kernel-feature-maps",
    title="Feature maps of polynomial, Gaussian and Laplace kernels on the unit sphere",
    statement=("for unit x, y: <x^(⊗k), y^(⊗k)> = (x·y)^k (so (1, x^(⊗k)) realizes 1 + (x·y)^k and "
               "(sqrt C(k, i) x^(⊗i))_i realizes (1 + x·y)^k); ||x - y||^2 = 2 - 2x·y, so exp(-||x - y||^2) = "
               "e^-2 exp(2x·y) and exp(-||x - y||) = exp(-sqrt(2 - 2x·y)), whose Taylor coefficients in x·y are all "
               ">= 0 (checked to order 14); exp(+||x - y||^2) is not a kernel"),
    sources=[Source(ARORA, "§3.2, Problem 3.2.2 (a)-(c), part (c) corrected", ("ARORA-39",))],
    kind="exact",
    area="kernels",
    instances=sphere_cases(),
    conclusion=_sphere,
    proof_idea=("Tensor powers multiply inner products; ||x - y||^2 = 2 - 2x·y on the sphere; e^{-sqrt s} is "
                "completely monotone, so the derivatives of exp(-sqrt(2 - 2t)) = h(2 - 2t) at 0, "
                "(-2)^k h^{(k)}(2), are >= 0; a PSD Gram matrix has nonnegative 2x2 minors."),
    mutants=[
        Mutant("laplace-with-constant-one", "on the sphere ||x - y||^2 = 2 - 2x·y; the printed sqrt(1 - 2x·y) has the "
               "wrong constant (and is undefined for x·y > 1/2)", conclusion=lambda c: _sphere(c, constant=1)),
        Mutant("laplace-exponent-sign-flipped",
               "exp(+sqrt(2 - 2t)) decreases in t, so its first Taylor coefficient is negative: no feature map",
               conclusion=lambda c: _sphere(c, sign=1)),
        Mutant("gaussian-identity-off-the-sphere",
               "||x - y||^2 = 2 - 2x·y needs ||x|| = ||y|| = 1; otherwise exp(-||x-y||^2) needs the factors "
               "e^{-||x||^2} e^{-||y||^2}", instances=sphere_cases(unit=False)),
        Mutant("tensor-powers-without-binomial-weights",
               "(1 + x·y)^k = sum_i C(k, i)(x·y)^i: the unweighted tensor powers give sum_i (x·y)^i",
               conclusion=lambda c: _sphere(c, binomial=False)),
    ],
    examples=60,
)
test_sphere_kernel_feature_maps = SPHERE.test()


# ----------------------------------------------------------------------------- numeric: series, Gram


@dataclass(frozen=True, eq=False)
class GramCase:
    """``n`` unit vectors in ``R^d`` (floats; antipodal pairs in one family) and a truncation degree."""

    X: np.ndarray
    K: int
    family: str


@st.composite
def gram_cases(draw, unit: bool = True) -> GramCase:
    n, d = draw(st.integers(2, 6)), draw(st.integers(2, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.standard_normal((n, d))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    family = draw(st.sampled_from(["random", "antipodal", "clustered"]))
    if family == "antipodal":
        X[1] = -X[0]
    elif family == "clustered":
        X = X[0] + 10.0 ** -draw(st.floats(0.5, 3)) * rng.standard_normal((n, d))
        X /= np.linalg.norm(X, axis=1, keepdims=True)
    if not unit:
        X = X * rng.uniform(0.3, 2.0, (n, 1))
        family += ", non-unit"
    return GramCase(X, draw(st.integers(1, 20)), family)


def _series_bound(s: np.ndarray, K: int) -> np.ndarray:
    """``|s|^{K+1}/(K+1)! / (1 - |s|/(K+2))``: the remainder of ``exp(s)`` after degree ``K``."""
    a = np.abs(s)
    return a ** (K + 1) / factorial(K + 1) / (1 - a / (K + 2))


def _gaussian_series(case: GramCase, bound=_series_bound, kernel: str = "laplace") -> list[Check]:
    X, K = case.X, case.K
    T = X @ X.T
    G = np.exp(-np.sum((X[:, None] - X[None]) ** 2, axis=-1))
    terms = np.array([2.0**k / factorial(k) * T**k for k in range(K + 1)])
    partial = np.exp(-2.0) * terms.sum(axis=0)  # phi_K(x)·phi_K(y), by the exact tensor identity
    rem = np.exp(-2.0) * bound(2 * T, K)
    tol = 4 * (K + 2) * EPS * (np.exp(-2.0) * np.abs(terms).sum(axis=0) + G) + 8 * EPS
    err = np.abs(partial - G)
    i, j = np.unravel_index(int(np.argmax(err / (rem + tol))), err.shape)
    dist = np.sqrt(np.sum((X[:, None] - X[None]) ** 2, axis=-1))
    L = np.exp(-dist) if kernel == "laplace" else np.exp(dist)
    checks = [le(float(err[i, j]), float(rem[i, j]), float(tol[i, j]),
                 label=f"|e^-2 sum_(k<={K}) 2^k (x·y)^k / k! - exp(-||x - y||^2)| <= e^-2 remainder(2x·y), pair {i},{j}",
                 why="4 (K + 2) eps (sum of |terms| + value) + 8 eps: rounding of the partial sum and of exp")]
    for name, M in (("exp(-||x - y||^2)", G), (f"exp({'-' if kernel == 'laplace' else '+'}||x - y||)", L)):
        lam = np.linalg.eigvalsh(M)
        n = M.shape[0]
        checks.append(ge(float(lam[0]), 0.0, 4 * n * EPS * float(np.abs(lam).max()) + 4 * n * EPS,
                         label=f"the Gram matrix of {name} is PSD",
                         why="4 n eps ||G|| (eigvalsh) + 4 n eps (rounding of the entries)"))
    return checks


GAUSSIAN = Claim(
    id="sphere-gaussian-series-feature-map",
    title="The power-series feature map of the Gaussian kernel on the sphere, and PSD Gram matrices",
    statement=("for unit x, y the truncated map (e^-1 sqrt(2^k/k!) x^(⊗k))_(k<=K) has inner product "
               "e^-2 sum_(k<=K) 2^k (x·y)^k/k!, within e^-2 |2x·y|^(K+1)/(K+1)! / (1 - |2x·y|/(K+2)) of "
               "exp(-||x - y||^2); the Gram matrices of exp(-||x - y||^2) and exp(-||x - y||) are PSD"),
    sources=[Source(ARORA, "§3.2, Problem 3.2.2 (b) and (c) (corrected Laplace kernel)", ("ARORA-39",))],
    kind="numeric",
    area="kernels",
    instances=gram_cases(),
    conclusion=_gaussian_series,
    proof_idea=("exp(-||x-y||^2) = e^-2 e^{2x·y} on the sphere; the Taylor remainder of e^s after degree K is at most "
                "|s|^{K+1}/(K+1)! times the geometric factor 1/(1 - |s|/(K+2)); Gram matrices of kernels with "
                "feature maps are PSD."),
    mutants=[
        Mutant("remainder-first-term-only",
               "for x·y > 0 the remainder of e^s is the whole tail, strictly above its first term s^{K+1}/(K+1)!",
               conclusion=lambda c: _gaussian_series(c, bound=lambda s, K: np.abs(s) ** (K + 1) / factorial(K + 1))),
        Mutant("series-off-the-sphere",
               "off the sphere exp(-||x-y||^2) = e^{-||x||^2 - ||y||^2} e^{2x·y}, not e^-2 e^{2x·y}",
               instances=gram_cases(unit=False)),
        Mutant("laplace-exponent-sign-flipped",
               "exp(+||x - y||) is not PSD: for antipodal x, -x the Gram matrix [[1, e^2], [e^2, 1]] has eigenvalue "
               "1 - e^2 < 0", conclusion=lambda c: _gaussian_series(c, kernel="plus")),
    ],
    examples=60,
)
test_sphere_gaussian_series_feature_map = GAUSSIAN.test()


def printed_laplace(case: GramCase) -> list[Check]:
    """ARORA-39 (c) as printed: ``K = exp(||x1 - x2||^2) = exp(sqrt(1 - 2 x1·x2))``, a kernel with a feature map."""
    X = case.X
    D2 = np.sum((X[:, None] - X[None]) ** 2, axis=-1)
    G = np.exp(D2)
    lam = np.linalg.eigvalsh(G)
    n = G.shape[0]
    T = X[0] @ X[1]
    inside = 1 - 2 * T
    checks = [ge(float(lam[0]), 0.0, 4 * n * EPS * float(np.abs(lam).max()),
                 label="the Gram matrix of exp(+||x - y||^2) is PSD (as printed)", why="4 n eps ||G|| (eigvalsh)")]
    if inside >= 0:
        checks.append(close(float(D2[0, 1]), float(np.sqrt(inside)), 8 * EPS * (1 + float(D2[0, 1])),
                            label="||x1 - x2||^2 = sqrt(1 - 2 x1·x2) (the printed equality)", why="8 eps rounding"))
    else:
        checks.append(holds(False, label="exp(sqrt(1 - 2 x1·x2)) is defined",
                            detail=f"1 - 2 x1·x2 = {inside:.4g} < 0"))
    return checks


PRINTED_LAPLACE = Claim(
    id="laplace-kernel-as-printed",
    title="Audit: 'Laplace kernel K(x1, x2) = exp(||x1 - x2||^2) = exp(sqrt(1 - 2 x1·x2))' (Arora Problem 3.2.2 (c))",
    statement="on the unit sphere K(x1, x2) = exp(||x1 - x2||^2) = exp(sqrt(1 - 2 x1·x2)) is a kernel with a feature map",
    sources=[Source(ARORA, "§3.2, Problem 3.2.2 (c)", ("ARORA-39",))],
    kind="numeric",
    area="kernels",
    instances=gram_cases(),
    conclusion=printed_laplace,
    proof_idea="K(x, x) = 1 and K(x, y) = e^{||x-y||^2} > 1 for x != y violate Cauchy–Schwarz, so the Gram matrix of "
               "two distinct points has a negative eigenvalue; on the sphere ||x - y||^2 = 2 - 2x·y.",
    audit=True,
    corrected="sphere-kernel-feature-maps",
    finding=("exp(+||x - y||^2) is not PSD (for x, -x the Gram matrix [[1, e^4], [e^4, 1]] has eigenvalue 1 - e^4) and "
             "||x - y||^2 != sqrt(1 - 2x·y); the Laplace kernel is exp(-||x - y||) = exp(-sqrt(2 - 2x·y)), whose "
             "Taylor coefficients in x·y are nonnegative"),
    examples=20,
)
test_laplace_kernel_as_printed = PRINTED_LAPLACE.test()
