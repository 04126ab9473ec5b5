"""The NTK complexity measure sqrt(2 yᵀH*⁻¹y tr H*)/n and the teachers it certifies (Arora Ex. 9.6.3).

Statement.  Unit inputs, ``K = X Xᵀ``, the two-layer ReLU NTK ``H*_ij = K_ij (pi - arccos K_ij)/(2 pi)``.
- (a) Power series: ``H* = K/4 + sum_{l>=1} a_l K^{∘2l}``, ``a_l = (2l-3)!!/((2l-2)!! 2 pi (2l-1))``
  (from ``arccos z = pi/2 - arcsin z``, ``arcsin z = sum_l (2l-3)!!/(2l-2)!! z^{2l-1}/(2l-1)``).
- (b) ``H* ⪰ K/4`` (Schur: every ``K^{∘2l} ⪰ 0``), so ``yᵀH*⁻¹y <= 4 yᵀK⁺y`` for ``y`` in ``range(K)``;
  when ``K ≻ 0``, ``(H*)⁻¹ ⪯ 4K⁻¹``.  The constant 4 is attained (four points ``±u, ±v`` on a circle:
  ``H* = I/2``, ``λ_max(K) = 2``).
- (c) ``tr H* = n/2`` (so ``tr H* <= n`` holds with room 2).
- (d) Linear teacher ``y = Xβ``: ``yᵀH*⁻¹y <= 4||β||^2``, so
  ``sqrt(2 yᵀH*⁻¹y tr H*)/n <= 2||β||/sqrt(n) <= 2 sqrt(2) ||β||/sqrt(n)``.
- Polynomial teachers ``y = sum_j α_j (β_jᵀx)^p``, ``p = 1`` or even: ``sqrt(yᵀH*⁻¹y) <= C_p sum_j |α_j| ||β_j||^p``
  with ``C_1 = 2``, ``C_{2l} = a_l^{-1/2} <= 3p`` (Arora, Du, Hu, Li, Wang 2019, Thm 6.1: ``3p``);
  cosine teachers ``y = sum_j α_j (cos(β_jᵀx) - 1)``: ``sqrt(yᵀH*⁻¹y) <= sum_j |α_j| sum_l a_l^{-1/2}
  ||β_j||^{2l}/(2l)! <= 3 sum_j |α_j| ||β_j|| sinh ||β_j||``.
- Rademacher complexity of the RKHS ball ``{f : ||f||_H <= B}`` on the sample (any PD Gram ``G``):
  ``R = (B/n) E_σ sqrt(σᵀGσ) <= B sqrt(tr G)/n``; for the kernel interpolant ``B^2 = yᵀG⁻¹y``, so
  ``R <= sqrt(yᵀG⁻¹y tr G)/n <= sqrt(2 yᵀG⁻¹y tr G)/n``, the measure (9.11).

Audits (statements false as printed, each with its corrected claim here): the exercise's factor-free
``H*_ij = (pi - arccos K_ij)/(2 pi)`` with the expansion (a) and with (b) (ARORA-569/1001, ARORA-570/1002),
and Problem 5.3.3's ``sqrt(2 yᵀG y tr G)/n`` (``G`` for ``G⁻¹``, ARORA-61).  Part (d) is true for the
factor-free kernel as well (``yᵀH⁻¹y <= 2 pi ||β||^2``), so it is not audited.

Sources.  Arora et al., *Theory of Deep Learning*, §9.3.1 eq. (9.11) and the teachers (ARORA-560,
ARORA-561, ARORA-562, ARORA-563), Exercise 9.6.3 (ARORA-569 = ARORA-1001, ARORA-570 = ARORA-1002 +
ARORA-1003 + ARORA-1004), Problem 5.3.3 / Exercise 5.7.1 (ARORA-61).  Primary: Arora, Du, Hu, Li, Wang,
"Fine-grained analysis of optimization and generalization for overparameterized two-layer neural
networks" (ICML 2019), Thm 5.1, Thm 6.1, Cor. 6.2.

Proof idea.  ``z (pi - arccos z) = z pi/2 + z arcsin z`` and the arcsin series; Schur products of PSD
matrices are PSD, and ``A ⪰ B ⪰ 0`` with ``A ≻ 0`` gives ``yᵀA⁻¹y <= yᵀB⁺y`` on ``range(B)``; a teacher
``(βᵀx)^p = <β^{⊗p}, x^{⊗p}>`` lies in the range of ``K^{∘p}`` with ``yᵀ(K^{∘p})⁺y <= ||β||^{2p}``, and
``sqrt(yᵀH⁻¹y)`` is a norm (triangle inequality over the teacher's terms); ``a_l >= 1/(8 pi l^{3/2})``
gives ``a_l^{-1/2} <= sqrt(8 pi) l^{3/4} <= 6l``.  Rademacher: Cauchy-Schwarz in the RKHS then Jensen.

Tolerances (``eps = 2^-52``): series truncated at ``L = 4000`` with the tail bound
``min(a_{L+1} rho^{2L+2}/(1 - rho^2), (L^{-3/2} + 2 L^{-1/2})/(4 pi^{3/2}))`` at ``|K_ij| <= rho`` plus
``8 L eps``; generalized eigenvalues ``32 n eps (||K||/lambda_min(H) + mu kappa(H))``; quadratic forms
``yᵀH⁻¹y`` within ``16 n eps kappa(H)`` relative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from itertools import product

import numpy as np
import sympy
from hypothesis import strategies as st
from scipy import linalg

from checks import ntk
from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, le
from checks.documents import ARORA
from checks.kernels import PolynomialFeatures, gaussian_kernel
from checks.strategies.networks import FAMILIES, SEEDS, RationalPoints, SphereData, rational_points, sphere_data

EPS = ntk.EPS
TERMS = 4000


def series_coefficients(L: int) -> np.ndarray:
    """``a_l = (2l-3)!!/((2l-2)!! 2 pi (2l-1))`` for ``l = 1..L`` (``c_1 = 1``, ``c_{l+1} = c_l (2l-1)/(2l)``)."""
    c = np.ones(L)
    for l in range(1, L):
        c[l] = c[l - 1] * (2 * l - 1) / (2 * l)
    ell = np.arange(1, L + 1)
    return c / (2 * np.pi * (2 * ell - 1))


A_COEF = series_coefficients(TERMS + 1)


def _tail(rho: np.ndarray, L: int = TERMS) -> np.ndarray:
    """A bound on ``sum_{l > L} a_l |z|^{2l}`` for ``|z| <= rho``: ``a_l`` decreases, and
    ``a_l <= 1/(4 pi^{3/2} (l-1)^{3/2})`` (``c_l <= 1/sqrt(pi (l-1))``) sums to at most
    ``(L^{-3/2} + 2 L^{-1/2})/(4 pi^{3/2})``."""
    rho = np.clip(np.asarray(rho, float), 0, 1)
    general = (L**-1.5 + 2 * L**-0.5) / (4 * np.pi**1.5)
    with np.errstate(divide="ignore", invalid="ignore"):
        geo = np.where(rho < 1, A_COEF[L] * rho ** (2 * L + 2) / (1 - rho * rho), np.inf)
    return np.minimum(geo, general)


def ntk_series(K: np.ndarray, constant: str = "K", powers: str = "even", denominators: bool = True,
               double_linear: bool = False) -> np.ndarray:
    """``K/4 + sum_{l<=L} a_l K^{∘2l}`` (the variants are the mutants: ``constant="J"`` starts from ``J/4``,
    ``powers="odd"`` uses ``K^{∘(2l-1)}``, ``denominators=False`` drops ``1/(2l-1)``, ``double_linear`` adds
    the printed extra ``-z`` of the arccos series, i.e. ``K^{∘2}/(2 pi)``)."""
    a = A_COEF[:TERMS]
    if not denominators:
        a = a * (2 * np.arange(1, TERMS + 1) - 1)
    e = 2 * np.arange(1, TERMS + 1) - (1 if powers == "odd" else 0)
    S = np.einsum("l,l...->...", a, K[None] ** e[:, None, None])
    base = (K if constant == "K" else np.ones_like(K)) / 4
    return base + S + (K * K / (2 * np.pi) if double_linear else 0)


# ----------------------------------------------------------------------------- (a) power series


def _series_checks(data: SphereData, kernel=ntk.relu_ntk_hidden, **variant) -> list[Check]:
    X = data.X
    K = X @ X.T
    H = kernel(X)
    S = ntk_series(K, **variant)
    tol = _tail(np.abs(K)) + 8 * TERMS * EPS + 16 * EPS
    err = np.abs(H - S) / tol
    i, j = np.unravel_index(int(np.argmax(err)), err.shape)
    return [close(H[i, j], S[i, j], float(tol[i, j]),
                  label=f"H*_{i}{j} = K/4 + sum_l a_l K^(2l) (K_{i}{j} = {K[i, j]:.6g}), L = {TERMS} terms",
                  why="tail bound of the series + 8 L eps")]


SERIES = Claim(
    id="relu-ntk-power-series",
    title="The two-layer ReLU NTK as a power series in the Gram matrix",
    statement="For unit inputs, H*_ij = K_ij (pi - arccos K_ij)/(2 pi) = K_ij/4 + sum_{l>=1} (2l-3)!!/(2l-2)!! "
              "K_ij^{2l}/(2 pi (2l-1)), i.e. H* = K/4 + sum_l a_l K^{∘2l}",
    sources=[Source(ARORA, "Exercise 9.6.3(a), corrected (K-weighted kernel, arcsin series counted once)",
                    ("ARORA-569", "ARORA-1001"))],
    kind="numeric",
    area="kernels",
    instances=sphere_data(min_n=1, max_n=8, max_d=8),
    conclusion=_series_checks,
    proof_idea="z (pi - arccos z)/(2 pi) = z/4 + z arcsin(z)/(2 pi) and z arcsin z = sum_l (2l-3)!!/(2l-2)!! "
               "z^{2l}/(2l-1), convergent on [-1, 1]; applied entrywise.",
    mutants=[
        Mutant("printed-arccos-series", "the printed 'arccos z = pi/2 - z - sum_{l>=1} ...' counts z twice "
               "(the l = 1 term is z), adding K^(2)/(2 pi)",
               conclusion=lambda d: _series_checks(d, double_linear=True)),
        Mutant("odd-powers", "z arcsin z has even powers only; K^(2l-1) is the series of arcsin itself",
               conclusion=lambda d: _series_checks(d, powers="odd")),
        Mutant("no-denominators", "the arcsin coefficients carry 1/(2l - 1)",
               conclusion=lambda d: _series_checks(d, denominators=False)),
        Mutant("constant-over-4", "J/4 + ... is the series of the factor-free kernel, whose linear part is "
               "arcsin K/(2 pi)", conclusion=lambda d: _series_checks(d, constant="J")),
    ],
    examples=40,
)
test_relu_ntk_power_series = SERIES.test()


def _factor_free(X: np.ndarray) -> np.ndarray:
    """The exercise's (and (9.8)'s) kernel ``(pi - arccos(x_iᵀx_j))/(2 pi)``, without the factor ``x_iᵀx_j``."""
    return ntk.j0(ntk.angles(X)) / (2 * np.pi)


SERIES_AUDIT = Claim(
    id="relu-ntk-power-series-printed",
    title="Exercise 9.6.3(a) as printed: the factor-free kernel expanded as K/4 + sum a_l K^(2l)",
    statement="With H*_ij = (pi - arccos(x_iᵀx_j))/(2 pi) (the exercise's definition), "
              "H* = K/4 + sum_{l>=1} (1/2 pi) (2l-3)!!/(2l-2)!! K^{∘2l}/(2l-1)",
    sources=[Source(ARORA, "Exercise 9.6.3(a), as printed", ("ARORA-569", "ARORA-1001"))],
    kind="numeric",
    area="kernels",
    instances=sphere_data(min_n=2, max_n=8, max_d=8),
    conclusion=lambda d: _series_checks(d, kernel=_factor_free),
    proof_idea="The factor-free kernel is J/4 + arcsin(K)/(2 pi): at an orthogonal pair it is 1/4 while the "
               "claimed series gives 0.",
    audit=True,
    corrected="relu-ntk-power-series",
    finding="The exercise defines H*_ij = (pi - arccos(x_iᵀx_j))/(2 pi) without the factor x_iᵀx_j, but the expansion "
            "K/4 + sum a_l K^(2l) is that of the K-weighted kernel K_ij (pi - arccos K_ij)/(2 pi) of §9.2 (the "
            "factor-free one expands as J/4 + arcsin(K)/(2 pi)); the printed arccos series also counts z twice.",
    examples=20,
)
test_relu_ntk_power_series_printed = SERIES_AUDIT.test()

# ------------------------------------------------------------------------- (b) H* ⪰ K/4


def _invertible(data: SphereData) -> bool:
    s = np.linalg.eigvalsh(ntk.relu_ntk_hidden(data.X))
    return bool(s[0] > 1e-6 * s[-1])


def _full_rank(data: SphereData) -> bool:
    s = np.linalg.eigvalsh(data.X @ data.X.T)
    return bool(s[0] > 1e-6 * s[-1])


def _pencil(K: np.ndarray, H: np.ndarray) -> tuple[float, float]:
    """``mu = lambda_max(K v = mu H v)`` (= ``max_{y in range K} yᵀH⁻¹y / yᵀK⁺y``) and its rounding tolerance."""
    mu = float(linalg.eigh(K, H, eigvals_only=True)[-1])
    s = np.linalg.eigvalsh(H)
    n = K.shape[0]
    tol = 32 * n * EPS * (np.linalg.norm(K, 2) / s[0] + abs(mu) * s[-1] / s[0])
    return mu, float(tol)


def _inverse_checks(data: SphereData, const: float = 4.0, kernel=ntk.relu_ntk_hidden) -> list[Check]:
    X = data.X
    K = X @ X.T
    H = kernel(X)
    n = data.n
    mu, tol = _pencil(K, H)
    D = H - K / const
    nd = float(np.linalg.norm(H, 2) + np.linalg.norm(K, 2))
    checks = [le(mu, const, tol, label=f"max_(y in range K) yᵀH*⁻¹y / yᵀK⁺y <= {const:g} (K ≻ 0: H*⁻¹ ⪯ {const:g} K⁻¹)",
                 why="32 n eps (||K||/lambda_min(H) + mu kappa(H))"),
              ge(float(np.linalg.eigvalsh(D)[0]), 0.0, 16 * n * EPS * nd,
                 label=f"lambda_min(H* - K/{const:g}) >= 0", why="16 n eps (||H|| + ||K||)")]
    return checks


INVERSE = Claim(
    id="relu-ntk-inverse-gram-bound",
    title="H* ⪰ K/4, so (H*)⁻¹ ⪯ 4K⁻¹ (Exercise 9.6.3(b), K-weighted kernel)",
    statement="For unit inputs H* - K/4 = K ∘ arcsin(K)/(2 pi) ⪰ 0; hence yᵀH*⁻¹y <= 4 yᵀK⁺y for y in range(K), "
              "i.e. (H*)⁻¹ ⪯ 4K⁻¹ when K ≻ 0; the constant 4 is attained",
    sources=[Source(ARORA, "Exercise 9.6.3(b) for the K-weighted NTK of §9.2", ("ARORA-570", "ARORA-1002"))],
    kind="numeric",
    area="kernels",
    instances=sphere_data(min_n=1, max_n=8, max_d=8).filter(_invertible),
    conclusion=_inverse_checks,
    proof_idea="Every Schur power K^(2l) is PSD (Schur product theorem), so H* - K/4 ⪰ 0; for A ⪰ B ⪰ 0 with A ≻ 0, "
               "yᵀA⁻¹y = sup_v (2vᵀy - vᵀAv) <= sup_v (2vᵀy - vᵀBv) = yᵀB⁺y on range(B).  Equality: ±u, ±v.",
    mutants=[
        Mutant("constant-2", "at the square ±u, ±v (H* = I/2, K with eigenvalue 2) the ratio is exactly 4; "
               "near-orthogonal data already exceed 2", conclusion=lambda d: _inverse_checks(d, const=2.0)),
        Mutant("constant-1", "H* ⪰ K fails already on the diagonal (1/2 < 1)",
               conclusion=lambda d: _inverse_checks(d, const=1.0)),
    ],
    examples=40,
)
test_relu_ntk_inverse_gram_bound = INVERSE.test()

INVERSE_AUDIT = Claim(
    id="relu-ntk-inverse-gram-bound-printed",
    title="Exercise 9.6.3(b) for the factor-free kernel printed in the exercise",
    statement="For H*_ij = (pi - arccos(x_iᵀx_j))/(2 pi) (the exercise's definition) and K = XXᵀ both invertible, "
              "(H*)⁻¹ ⪯ 4K⁻¹",
    sources=[Source(ARORA, "Exercise 9.6.3(b), with the exercise's factor-free H*", ("ARORA-570", "ARORA-1002"))],
    kind="numeric",
    area="kernels",
    instances=sphere_data(min_n=2, max_n=8, max_d=8).filter(_full_rank).filter(
        lambda d: bool(np.linalg.eigvalsh(_factor_free(d.X))[0] > 1e-6)),
    conclusion=lambda d: _inverse_checks(d, kernel=_factor_free)[:1],
    proof_idea="For two unit vectors with x_1ᵀx_2 = c < 0, along (1, -1)/sqrt 2 the factor-free kernel gives "
               "vᵀH⁻¹v = 2 pi/arccos(c) while 4 vᵀK⁻¹v = 4/(1 - c): 2.678 > 2.353 at c = -0.7.",
    audit=True,
    corrected="relu-ntk-inverse-gram-bound",
    finding="With the factor-free H*_ij = (pi - arccos(x_iᵀx_j))/(2 pi) that the exercise defines, (H*)⁻¹ ⪯ 4K⁻¹ is "
            "false for every pair with a negative inner product (c = -0.7: 2.678 > 2.353 along (1, -1)/sqrt 2).  It "
            "holds for the K-weighted NTK H*_ij = x_iᵀx_j (pi - arccos(x_iᵀx_j))/(2 pi), where H* ⪰ K/4.",
    examples=40,
)
test_relu_ntk_inverse_gram_bound_printed = INVERSE_AUDIT.test()

# ------------------------------------------------------------------------------ (c) trace, exact


def _exact_trace(points: RationalPoints) -> sympy.Expr:
    """``tr H* = sum_i ||x_i||^2 (pi - arccos 1)/(2 pi)`` in exact arithmetic (SymPy)."""
    total = sympy.Integer(0)
    for row in points.rows:
        q = sympy.Rational(sum(x * x for x in row).numerator, sum(x * x for x in row).denominator)
        total += q * (sympy.pi - sympy.acos(q / sympy.sqrt(q * q))) / (2 * sympy.pi)
    return sympy.nsimplify(sympy.simplify(total))


def _trace_checks(points: RationalPoints, bound: Fraction = Fraction(1)) -> list[Check]:
    n = len(points.points)
    tr = _exact_trace(points)
    trf = Fraction(int(sympy.fraction(tr)[0]), int(sympy.fraction(tr)[1]))
    return [equal(trf, Fraction(n, 2), label="tr H* = n/2"),
            le(trf, bound * n, label=f"tr H* <= {bound} n")]


TRACE = Claim(
    id="relu-ntk-trace",
    title="tr H* = n/2 <= n for unit inputs (Exercise 9.6.3(c))",
    statement="For unit inputs, H*_ii = 1 (pi - arccos 1)/(2 pi) = 1/2, so tr H* = n/2 <= n",
    sources=[Source(ARORA, "Exercise 9.6.3(c)", ("ARORA-1003", "ARORA-570"))],
    kind="exact",
    area="kernels",
    instances=rational_points(),
    conclusion=_trace_checks,
    proof_idea="arccos 1 = 0 on the diagonal; exact rational unit vectors (inverse stereographic images of rational "
               "points) keep x_iᵀx_i = 1 exactly.",
    mutants=[
        Mutant("trace-at-most-n-over-4", "each diagonal entry is 1/2, so tr H* = n/2 > n/4",
               conclusion=lambda p: _trace_checks(p, bound=Fraction(1, 4))[1:]),
        Mutant("non-unit-inputs", "the diagonal is ||x_i||^2/2: inputs of norm 2 give tr H* = 2n > n",
               instances=rational_points(scales=(Fraction(2),))),
    ],
    examples=30,
)
test_relu_ntk_trace = TRACE.test()

# -------------------------------------------------------------------------------- teachers


@dataclass(frozen=True, eq=False)
class Teacher:
    """Labels ``y = sum_j alpha_j g(beta_jᵀx)`` on unit points, ``g(z) = z^p`` (``kind="poly"``) or
    ``cos z - 1`` (``kind="cos"``); the ``aligned`` family puts ``beta_j = b_j x_1``."""

    data: SphereData
    kind: str
    p: int
    alphas: tuple[float, ...]
    norms: tuple[float, ...]
    aligned: bool
    seed: int

    def __repr__(self) -> str:
        g = f"(βᵀx)^{self.p}" if self.kind == "poly" else "cos(βᵀx) - 1"
        where = "beta_j ∥ x_1" if self.aligned else "random directions"
        return (f"Teacher({self.data!r}, y = sum alpha_j {g}, alpha {tuple(round(a, 3) for a in self.alphas)}, "
                f"||beta|| {tuple(round(b, 3) for b in self.norms)}, {where}, seed {self.seed})")

    @cached_property
    def betas(self) -> np.ndarray:
        rng = np.random.default_rng(self.seed)
        d = self.data.d
        out = []
        for b in self.norms:
            v = self.data.X[0] if self.aligned else rng.standard_normal(d)
            out.append(b * v / np.linalg.norm(v))
        return np.array(out)

    @cached_property
    def y(self) -> np.ndarray:
        Z = self.data.X @ self.betas.T
        G = Z**self.p if self.kind == "poly" else np.cos(Z) - 1
        return G @ np.array(self.alphas)

    @cached_property
    def H(self) -> np.ndarray:
        return ntk.relu_ntk_hidden(self.data.X)

    @cached_property
    def energy(self) -> tuple[float, float]:
        """``yᵀH⁻¹y`` and its rounding tolerance ``16 n eps kappa(H) yᵀH⁻¹y``."""
        s = np.linalg.eigvalsh(self.H)
        q = float(self.y @ np.linalg.solve(self.H, self.y))
        return q, 16 * self.data.n * EPS * float(s[-1] / s[0]) * abs(q) + 1e-300


@st.composite
def teachers(draw: st.DrawFn, kinds: tuple[str, ...] = ("poly", "cos"), powers: tuple[int, ...] = (1, 2, 4, 6),
             max_norm: float = 3.0, families: tuple[str, ...] = FAMILIES, min_n: int = 1) -> Teacher:
    data = draw(sphere_data(min_n=min_n, max_n=8, max_d=8, families=families).filter(_invertible))
    kind = draw(st.sampled_from(kinds))
    k = draw(st.integers(1, 3))
    alphas = tuple(draw(st.lists(st.floats(-2, 2).filter(lambda a: abs(a) > 1e-3), min_size=k, max_size=k)))
    norms = tuple(draw(st.lists(st.floats(0.1, max_norm), min_size=k, max_size=k)))
    p = draw(st.sampled_from(powers)) if kind == "poly" else 0
    return Teacher(data, kind, p, alphas, norms, draw(st.booleans()), draw(SEEDS))


def _poly_constant(p: int) -> float:
    """``C_1 = 2``, ``C_{2l} = a_l^{-1/2}``."""
    return 2.0 if p == 1 else float(A_COEF[p // 2 - 1]) ** -0.5


def _cos_constant(b: float, drop: bool = False) -> float:
    """``sum_l a_l^{-1/2} b^{2l}/(2l)!`` to ``l = 60``, plus the tail ``sum_{l>60} 6l b^{2l}/(2l)!``
    (bounded by its first term times ``2``, as consecutive terms shrink by ``b^2/((2l+1)(2l+2)) < 1/2``
    for ``b <= 4``); ``drop`` replaces ``a_l^{-1/2}`` by 1 (a mutant)."""
    total = 0.0
    for l in range(1, 61):
        c = 1.0 if drop else float(A_COEF[l - 1]) ** -0.5
        total += c * b ** (2 * l) / math.factorial(2 * l)
    return total + 2 * 6 * 61 * b**122 / math.factorial(122)


def _teacher_checks(t: Teacher, poly_constant=_poly_constant, drop: bool = False) -> list[Check]:
    q, tol = t.energy
    n = t.data.n
    root = math.sqrt(max(q, 0.0))
    rtol = tol / (2 * root) if root > 0 else math.sqrt(tol)
    a = np.abs(np.array(t.alphas))
    b = np.array(t.norms)
    if t.kind == "poly":
        bound = poly_constant(t.p) * float(a @ b**t.p)
        coarse = 3 * t.p * float(a @ b**t.p)
        names = (f"C_{t.p} sum |alpha_j| ||beta_j||^{t.p}", f"3p sum |alpha_j| ||beta_j||^{t.p} (Thm 6.1)")
    else:
        bound = float(sum(ai * _cos_constant(bi, drop) for ai, bi in zip(a, b)))
        coarse = 3 * float(a @ (b * np.sinh(b)))
        names = ("sum_j |alpha_j| sum_l a_l^-1/2 ||beta_j||^2l/(2l)!", "3 sum |alpha_j| ||beta_j|| sinh ||beta_j||")
    measure = math.sqrt(2 * q * float(np.trace(t.H))) / n
    return [le(root, bound, rtol, label=f"sqrt(yᵀH*⁻¹y) <= {names[0]}", why="16 n eps kappa(H) relative"),
            # both sides are sums of positive terms: relative rounding <= (terms + roundings per term) eps,
            # at most len(a) + 61 series terms + 9 per term for the cosine constant
            le(bound, coarse, (len(a) + 70) * EPS * (bound + coarse), label=f"{names[0]} <= {names[1]}",
               why="(len(alpha) + 70) eps (bound + coarse): positive sums"),
            le(measure, bound / math.sqrt(n), rtol / math.sqrt(n),
               label="sqrt(2 yᵀH*⁻¹y tr H*)/n <= bound/sqrt(n) (tr H* = n/2)", why="as above")]


TEACHERS = Claim(
    id="ntk-complexity-teachers",
    title="The NTK complexity of polynomial and cosine teachers is O(1/sqrt(n))",
    statement="For unit inputs and y = sum_j alpha_j (beta_jᵀx)^p with p = 1 or even: sqrt(yᵀH*⁻¹y) <= C_p sum_j |alpha_j| "
              "||beta_j||^p with C_1 = 2, C_2l = a_l^{-1/2} <= 3p; for y = sum_j alpha_j (cos(beta_jᵀx) - 1): "
              "sqrt(yᵀH*⁻¹y) <= sum_j |alpha_j| sum_l a_l^{-1/2} ||beta_j||^{2l}/(2l)! <= 3 sum_j |alpha_j| ||beta_j|| sinh ||beta_j||; "
              "so the measure sqrt(2 yᵀH*⁻¹y tr H*)/n is at most the bound over sqrt(n)",
    sources=[Source(ARORA, "§9.3.1, 'Two-layer nets with polynomial activation' and 'Cosine activation'",
                    ("ARORA-562", "ARORA-563"))],
    kind="numeric",
    area="kernels",
    instances=teachers(),
    conclusion=_teacher_checks,
    proof_idea="(βᵀx)^{2l} = <β^{⊗2l}, x^{⊗2l}> is in the range of K^(2l) with energy <= ||β||^{4l}, and H* ⪰ a_l K^(2l); "
               "sqrt(yᵀH⁻¹y) is a norm, so it is subadditive over the teacher's terms and the cosine series; "
               "a_l^{-1/2} <= 6l and sum_l 2l b^{2l}/(2l)! = b sinh b.",
    mutants=[
        Mutant("no-p-constant", "the constant C_p >= sqrt(2 pi) is needed: orthonormal inputs and beta = x_1 give "
               "y = e_1, H* = I/2 and sqrt(yᵀH⁻¹y) = sqrt 2 > |alpha| ||beta||^p = 1",
               conclusion=lambda t: _teacher_checks(t, poly_constant=lambda p: 1.0)[:1],
               instances=teachers(kinds=("poly",))),
        Mutant("odd-power-3", "the ReLU NTK series has only K and even Schur powers: a cubic teacher is not "
               "controlled by the constant of its neighbour p = 2 (on 8 points near a circle, where H* is nearly "
               "blind to the third harmonic, sqrt(yᵀH⁻¹y) is several times sqrt(2 pi) ||beta||^3)",
               conclusion=lambda t: _teacher_checks(t, poly_constant=lambda p: _poly_constant(2))[:1],
               instances=teachers(kinds=("poly",), powers=(3,), families=("circle",), min_n=8)),
        Mutant("cos-without-series-constants", "dropping a_l^{-1/2} (>= sqrt(2 pi)) from the cosine series: "
               "orthonormal inputs, beta = b x_1 give sqrt 2 |cos b - 1| > cosh b - 1 for small b",
               conclusion=lambda t: _teacher_checks(t, drop=True)[:1],
               instances=teachers(kinds=("cos",), max_norm=1.0)),
    ],
    examples=40,
)
test_ntk_complexity_teachers = TEACHERS.test()


@dataclass(frozen=True, eq=False)
class LinearTeacher:
    """``y = Xβ`` with ``||β|| = norm``; ``in_span`` takes ``β`` in the row space of ``X``."""

    data: SphereData
    norm: float
    in_span: bool
    seed: int

    def __repr__(self) -> str:
        return f"LinearTeacher({self.data!r}, ||beta|| = {self.norm:.4g}, {'in row space' if self.in_span else 'any'}, seed {self.seed})"

    @cached_property
    def beta(self) -> np.ndarray:
        rng = np.random.default_rng(self.seed)
        v = (rng.standard_normal(self.data.n) @ self.data.X) if self.in_span else rng.standard_normal(self.data.d)
        return self.norm * v / np.linalg.norm(v)


@st.composite
def linear_teachers(draw: st.DrawFn) -> LinearTeacher:
    data = draw(sphere_data(min_n=1, max_n=8, max_d=8).filter(_invertible))
    return LinearTeacher(data, draw(st.floats(0.1, 5.0)), draw(st.booleans()), draw(SEEDS))


def _linear_checks(t: LinearTeacher, const: float = 4.0, final: float = 2 * math.sqrt(2)) -> list[Check]:
    X, beta, n = t.data.X, t.beta, t.data.n
    y = X @ beta
    H = ntk.relu_ntk_hidden(X)
    s = np.linalg.eigvalsh(H)
    q = float(y @ np.linalg.solve(H, y))
    tol = 16 * n * EPS * float(s[-1] / s[0]) * q + 1e-300
    _, sv, Vt = np.linalg.svd(X, full_matrices=False)
    proj = float(np.linalg.norm(Vt[sv > 1e-12 * sv[0]] @ beta) ** 2)
    nb = float(np.linalg.norm(beta))
    dproj = 8 * (n + t.data.d) * EPS * nb * nb
    measure = math.sqrt(2 * q * float(np.trace(H))) / n
    return [le(q, const * proj, tol + const * dproj, label=f"yᵀH*⁻¹y <= {const:g} ||P_row(X) beta||^2",
               why="16 n eps kappa(H) relative + the projector's 8 (n + d) eps"),
            le(proj, nb * nb, dproj, label="||P beta||^2 <= ||beta||^2", why="8 (n + d) eps ||beta||^2"),
            le(measure, final * nb / math.sqrt(n), tol / max(q, 1e-300) * measure,
               label=f"sqrt(2 yᵀH*⁻¹y tr H*)/n <= {final:.4g} ||beta||/sqrt(n)", why="relative tolerance of the energy")]


LINEAR = Claim(
    id="ntk-complexity-linear-teacher",
    title="For a linear teacher the NTK complexity is at most 2||beta||/sqrt(n) <= 2 sqrt 2 ||beta||/sqrt(n)",
    statement="For unit inputs and y = X beta: yᵀH*⁻¹y <= 4 ||P_row(X) beta||^2 <= 4||beta||^2, hence "
              "sqrt(2 yᵀH*⁻¹y tr H*)/n <= 2 ||beta||/sqrt(n) <= 2 sqrt 2 ||beta||/sqrt(n) (valid also for n > d)",
    sources=[Source(ARORA, "§9.3.1 'Linear function' and Exercise 9.6.3(d)", ("ARORA-561", "ARORA-1004", "ARORA-570"))],
    kind="numeric",
    area="kernels",
    instances=linear_teachers(),
    conclusion=_linear_checks,
    proof_idea="y = X beta lies in range(K) with yᵀK⁺y = ||P beta||^2; H* ⪰ K/4 gives yᵀH⁻¹y <= 4 yᵀK⁺y; tr H* = n/2.",
    mutants=[
        Mutant("constant-2", "the factor 4 is attained at the square ±u, ±v with beta in its plane",
               conclusion=lambda t: _linear_checks(t, const=2.0)[:1]),
        Mutant("rate-without-constant", "orthonormal inputs with beta in their span give sqrt 2 ||beta||/sqrt(n), "
               "above ||beta||/sqrt(n)", conclusion=lambda t: _linear_checks(t, final=1.0)[2:]),
    ],
    examples=40,
)
test_ntk_complexity_linear_teacher = LINEAR.test()

# ------------------------------------------------------------------- Rademacher complexity of a ball


@dataclass(frozen=True, eq=False)
class BallCase:
    """A PD Gram matrix (ReLU NTK of unit points, Gaussian kernel, explicit polynomial features, or
    ``c I``), times ``scale``, and labels ``y`` (``±1`` or Gaussian)."""

    data: SphereData
    kernel: str
    scale: float
    signs: bool
    seed: int

    def __repr__(self) -> str:
        return (f"BallCase({self.data!r}, {self.kernel} kernel x {self.scale:.4g}, "
                f"{'±1' if self.signs else 'Gaussian'} labels, seed {self.seed})")

    @cached_property
    def features(self) -> np.ndarray | None:
        if self.kernel != "polynomial":
            return None
        return math.sqrt(self.scale) * PolynomialFeatures(self.data.d, 2, 1.0)(self.data.X)

    @cached_property
    def G(self) -> np.ndarray:
        X = self.data.X
        if self.kernel == "ntk":
            G = ntk.relu_ntk_hidden(X)
        elif self.kernel == "gaussian":
            G = gaussian_kernel(X, X, 0.7)
        elif self.kernel == "identity":
            G = np.eye(self.data.n)
        else:
            return self.features @ self.features.T
        return self.scale * G

    @cached_property
    def y(self) -> np.ndarray:
        rng = np.random.default_rng(self.seed)
        n = self.data.n
        return rng.choice([-1.0, 1.0], n) if self.signs else rng.standard_normal(n)


def _well_posed(c: BallCase) -> bool:
    s = np.linalg.eigvalsh(c.G)
    return bool(s[0] > 1e-8 * s[-1])


@st.composite
def ball_cases(draw: st.DrawFn) -> BallCase:
    data = draw(sphere_data(min_n=1, max_n=8, max_d=4))
    c = BallCase(data, draw(st.sampled_from(["ntk", "gaussian", "polynomial", "identity"])),
                 10.0 ** draw(st.floats(-2, 2)), draw(st.booleans()), draw(SEEDS))
    return c


_SIGNS: dict[int, np.ndarray] = {n: np.array(list(product([-1.0, 1.0], repeat=n))) for n in range(1, 9)}


def _ball_checks(c: BallCase, printed: bool = False, variant: str = "trace") -> list[Check]:
    G, y, n = c.G, c.y, c.data.n
    s = np.linalg.eigvalsh(G)
    energy = float(y @ np.linalg.solve(G, y))
    tol_e = 16 * n * EPS * float(s[-1] / s[0]) * energy
    B = math.sqrt(energy)
    sig = _SIGNS[n]
    quad = np.einsum("ki,ij,kj->k", sig, G, sig)
    rad = B * float(np.mean(np.sqrt(np.maximum(quad, 0)))) / n
    trG = float(np.trace(G))
    rtol = 8 * n * EPS * rad + tol_e / (2 * max(B, 1e-300)) * rad / max(B, 1e-300)
    if printed:
        bound = math.sqrt(2 * float(y @ G @ y) * trG) / n
        return [le(rad, bound, rtol, label="Rademacher(ball of radius ||f*||_H) <= sqrt(2 yᵀG y tr G)/n (printed)")]
    if variant == "no-trace":
        return [le(rad, math.sqrt(2 * energy) / n, rtol, label="Rademacher <= sqrt(2 yᵀG⁻¹y)/n")]
    if variant == "lambda-max":
        return [le(rad, B * math.sqrt(s[-1]) / n, rtol, label="Rademacher <= B sqrt(lambda_max(G))/n")]
    checks = [le(rad, B * math.sqrt(trG) / n, rtol, label="(B/n) E sqrt(σᵀGσ) <= B sqrt(tr G)/n (Jensen), B^2 = yᵀG⁻¹y"),
              le(B * math.sqrt(trG) / n, math.sqrt(2 * energy * trG) / n, 8 * EPS * B * math.sqrt(trG),
                 label="... <= sqrt(2 yᵀG⁻¹y tr G)/n, the measure (9.11)")]
    if c.features is not None:
        Phi = c.features
        direct = B * float(np.mean(np.linalg.norm(sig @ Phi, axis=1))) / n
        checks.append(close(direct, rad, rtol + 8 * (n + Phi.shape[1]) * EPS * direct + 1e-300,
                            label="sup_(||w|| <= B) (1/n) sum_i sigma_i wᵀphi(x_i) = (B/n)||Φᵀσ|| (feature form)",
                            why="rounding of the two sums"))
    return checks


RADEMACHER = Claim(
    id="rkhs-ball-rademacher",
    title="Rademacher complexity of the RKHS ball through the kernel interpolant: sqrt(yᵀG⁻¹y tr G)/n",
    statement="For a PD Gram G on x_1..x_n and B^2 = yᵀG⁻¹y = ||f*||_H^2 (f* the kernel interpolant of y): the empirical "
              "Rademacher complexity of {f : ||f||_H <= B} is (B/n) E_σ sqrt(σᵀGσ) <= B sqrt(tr G)/n <= "
              "sqrt(2 yᵀG⁻¹y tr G)/n (the complexity measure (9.11) with G = H*)",
    sources=[Source(ARORA, "§9.3.1 eq. (9.11) / Exercise 9.6.2 (corrected reading)", ("ARORA-560",)),
             Source(ARORA, "Problem 5.3.3 = Exercise 5.7.1, corrected (G⁻¹ in the quadratic form)", ("ARORA-61",))],
    kind="numeric",
    area="kernels",
    instances=ball_cases().filter(_well_posed),
    conclusion=_ball_checks,
    proof_idea="sup_{||f|| <= B} sum_i sigma_i f(x_i) = B ||sum_i sigma_i k(x_i, .)||_H = B sqrt(σᵀGσ) (Cauchy-Schwarz "
               "in the RKHS), then Jensen: E sqrt(σᵀGσ) <= sqrt(E σᵀGσ) = sqrt(tr G).  The expectation is exact over "
               "all 2^n sign vectors; with explicit features the supremum is also computed as B ||Φᵀσ||.",
    mutants=[
        Mutant("no-trace", "without tr G the bound is not invariant under scaling the kernel (which leaves f* and "
               "the class unchanged); at G = c I the complexity is B sqrt(c n)/n", conclusion=lambda c: _ball_checks(c, variant="no-trace")),
        Mutant("lambda-max", "E sqrt(σᵀGσ) is about sqrt(tr G), not sqrt(lambda_max): at G = c I they differ by sqrt(n)",
               conclusion=lambda c: _ball_checks(c, variant="lambda-max")),
    ],
    examples=40,
)
test_rkhs_ball_rademacher = RADEMACHER.test()

RADEMACHER_AUDIT = Claim(
    id="rkhs-ball-rademacher-printed",
    title="Problem 5.3.3 as printed: Rademacher complexity <= sqrt(2 yᵀG y tr G)/n",
    statement="The Rademacher complexity of the kernel classifier h(x) = k(x, X)ᵀG⁻¹y (its RKHS ball of radius "
              "||h||_H) is at most sqrt(2 yᵀGy tr G)/n",
    sources=[Source(ARORA, "Problem 5.3.3 = Exercise 5.7.1, as printed", ("ARORA-61",))],
    kind="numeric",
    area="kernels",
    instances=ball_cases().filter(_well_posed),
    conclusion=lambda c: _ball_checks(c, printed=True),
    proof_idea="Scaling the kernel G -> cG leaves the classifier and the ball unchanged but scales the printed bound "
               "by c: at G = c I with c < 1/sqrt 2 the complexity is 1 and the printed bound sqrt 2 c.",
    audit=True,
    corrected="rkhs-ball-rademacher",
    finding="The quadratic form must be yᵀG⁻¹y (the squared RKHS norm of the interpolant), not yᵀGy: at G = c I, "
            "y in {±1}^n, the complexity of the ball is exactly 1 while the printed bound is sqrt 2 c (0.707 at "
            "c = 1/2).  Corrected: <= sqrt(yᵀG⁻¹y tr G)/n <= sqrt(2 yᵀG⁻¹y tr G)/n.",
    examples=40,
)
test_rkhs_ball_rademacher_printed = RADEMACHER_AUDIT.test()
