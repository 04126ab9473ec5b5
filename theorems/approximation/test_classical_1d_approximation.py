"""Classical one-dimensional approximation: Fourier decay of Lipschitz functions, the Runge
phenomenon against Chebyshev interpolation, and polynomial least squares that interpolates noise.

Statement.
- Fourier decay: a 1-periodic ``L``-Lipschitz ``f`` has ``|ĉ_k| <= L/(2π|k|)`` for ``k ≠ 0`` and, by
  Parseval applied to ``f'``, ``‖f − S_K f‖²_{L²} = Σ_{|k|>K}|ĉ_k|² <= L²/(4π²(K + 1)²)``: polynomial
  decay, so ``O(L/ε)`` modes reach ``L²`` error ``ε``.
- Runge: for ``f_a = 1/(1 + a x²)`` (``a >= 25``) and ``n + 1`` equispaced nodes on ``[−1, 1]`` the error
  of the degree-``n`` interpolant at ``x = −1 + 1/n`` (the middle of the first gap) exceeds 1 and grows
  from ``n`` to ``n + 2`` for even ``n >= 10``; the Lebesgue function there exceeds ``2^{n−2}/n²``.
- Chebyshev: in the points ``cos(jπ/n)`` the Lebesgue constant is ``<= (2/π) log(n + 1) + 1``, and for
  ``f`` analytic and bounded by ``M`` in the Bernstein ellipse ``E_ρ``, ``‖f − p_n‖_∞ <= 4Mρ^{−n}/(ρ − 1)``.
  For ``f_a`` (poles ``±i/√a``) every ``1 < ρ < ρ* = 1/√a + √(1 + 1/a)`` works, with
  ``M = 1/(1 − a b²)``, ``b = (ρ − 1/ρ)/2`` (the ellipse's point nearest the poles is ``ib``).
- Polynomial least squares: for distinct ``x_1..x_n``, ``y_i = p(x_i) + η_i`` with ``p`` of degree ``d``
  and independent centred noise of variance ``σ²``: ``E ℓ(θ*) = nσ²`` for the truth, the degree-``d``
  fit has ``E(residual) = (n − d − 1)σ²``, the degree-``(n − 1)`` interpolant is unique and has training
  loss 0 (below the truth's), degree ``n`` is not unique, and ``‖θ_λ‖`` of ridge decreases in ``λ``.

Audit.  "Lipschitz functions require exponentially more Fourier coefficients for high frequency"
(MSML C.7): read as "reaching ``L²`` error ``ε`` takes at least ``2^{L/ε}`` modes", it fails at once.

Sources.  *The Mathematical Structure of Machine Learning*, Ch. 24: C.7 line 1404 (MSML-227, audited),
lines 1539–1540 (MSML-299: "a degree-n polynomial fits n points", which is degree ``n − 1``);
Arora et al. §5.1.2 (ARORA-50; the printed loss lacks the powers ``x_i^j``); Trefethen,
*Approximation Theory and Approximation Practice*, Thms 8.2 and 15.2.

Proof ideas.  Fourier: integrate by parts, ``ĉ_k = (1/(2πik)) ∫ f' e^{−2πikx}`` with ``|f'| <= L``;
Parseval for ``f'`` gives ``Σ 4π²k²|ĉ_k|² = ‖f'‖² <= L²``.  Runge: ``f − p_n = f^{(n+1)}(ξ)ω(x)/(n + 1)!``
and the complex poles make this grow geometrically near the ends; equivalently the Lebesgue constant
of equispaced nodes grows like ``2^n``.  Chebyshev: ``Λ_n`` is logarithmic and the Chebyshev
coefficients of ``f`` decay like ``Mρ^{−k}`` (Cauchy on the ellipse).  Least squares: ``ℓ(θ*) = Σ η_i²``;
the residual is ``ηᵀ(I − H)η`` with ``H`` a rank-``(d + 1)`` projector, so its mean is ``σ² tr(I − H)``;
a square Vandermonde matrix of distinct nodes is invertible; ``‖θ_λ‖² = Σ σ_i² c_i²/(σ_i² + λ)²``.

Exact where the data are rational (Fractions: piecewise-linear norms, interpolation at rational
points, Lebesgue functions of equispaced nodes, least squares by enumeration of a three-point noise
law); Fourier coefficients and the Chebyshev barycentric formula are float64 with rounding bounds.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np

from checks.approx1d import (chebyshev_interpolate, chebyshev_lebesgue, equispaced_nodes, lagrange_basis,
                             least_squares_fit, runge_ellipse_max, squared_loss, vandermonde)
from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.documents import ARORA, MSML
from checks.exact_linalg import determinant, fractions, inverse, rank
from checks.strategies.approx1d import (AccuracyTarget, FourierInstance, NoisyPolynomial, RungeInstance,
                                        accuracy_targets, chebyshev_instances, fourier_instances,
                                        runge_instances, noisy_polynomials)

EPS = float(np.finfo(float).eps)
TREFETHEN = "Trefethen, Approximation Theory and Approximation Practice (2013)"


# --- claim 1: Fourier coefficients of Lipschitz functions --------------------------------------------

def _tail_tol(inst: FourierInstance, K: int) -> float:
    """Rounding of ``‖f‖² − Σ_{|k|<=K}|ĉ_k|²``: each ``|ĉ_k|²`` errs by ``<= 3|ĉ_k|δ_k + δ_k²`` with
    ``δ_k`` the coefficient bound, ``2K + 2`` terms summed (``(2K + 2)ε`` relative to ``‖f‖²``)."""
    f = inst.f
    s = sum(3 * abs(f.coefficient(k)) * f.coefficient_rounding(k) + f.coefficient_rounding(k) ** 2
            for k in range(1, K + 1))
    return 2 * s + (2 * K + 4) * EPS * float(f.l2_norm_sq())


def _fourier(inst: FourierInstance, power: int, tail_power: int) -> list[Check]:
    """The coefficient bound at ``k = 1..kmax`` and the tail bound after every ``K = 0..kmax``."""
    f, L = inst.f, float(inst.f.lipschitz())
    why = "coefficient rounding: (2(2π k + 4) + 8m) eps sum|s_j| / (4π² k²)"
    out = [le(abs(f.coefficient(k)), L / (2 * math.pi * k**power), tol=f.coefficient_rounding(k),
              label=f"|c_{k}| <= L/(2π·{k}" + ("" if power == 1 else f"^{power}") + ")", why=why)
           for k in range(1, inst.kmax + 1)]
    out += [le(f.truncation_error_sq(K), L**2 / (4 * math.pi**2 * (K + 1) ** tail_power),
               tol=_tail_tol(inst, K), label=f"|f - S_{K} f|^2 <= L^2/(4π²(K+1)^{tail_power})",
               why="3|c_k| δ_k + δ_k² per squared coefficient, (2K + 4) eps |f|^2 for the sums")
            for K in range(inst.kmax + 1)]
    return out


def fourier_decay(inst: FourierInstance) -> list[Check]:
    return _fourier(inst, 1, 2)


def fourier_k_squared(inst: FourierInstance) -> list[Check]:
    return _fourier(inst, 2, 2)[:inst.kmax]


def fourier_tail_cubed(inst: FourierInstance) -> list[Check]:
    return _fourier(inst, 1, 3)[inst.kmax:]


FOURIER = Claim(
    id="fourier-lipschitz-decay",
    title="Fourier coefficients of a Lipschitz periodic function decay like L/(2π|k|)",
    statement="for 1-periodic L-Lipschitz f: |c_k| <= L/(2π|k|) for k != 0, and the L² error of the "
              "partial sum S_K f is at most L²/(4π²(K+1)²)",
    sources=[Source(MSML, "C.7, line 1404 (corrected form of Theorem 8.1's gloss)", ("MSML-227",))],
    kind="numeric",
    area="approximation",
    instances=fourier_instances(),
    conclusion=fourier_decay,
    proof_idea="integration by parts: c_k = (1/(2πik)) ∫ f' e^{-2πikx}, |f'| <= L; Parseval for f' gives "
               "sum 4π²k²|c_k|² = |f'|² <= L², so the tail beyond K is at most L²/(4π²(K+1)²).",
    mutants=[
        Mutant("coefficients-k-squared", "a zigzag of frequency t >= 2 and slope ±L has |c_t| = L/(π² t) > "
               "L/(2π t²): Lipschitz gives 1/k decay, not 1/k²", conclusion=fourier_k_squared),
        Mutant("tail-cubed", "a zigzag of frequency t >= 2 has all its energy L²/(48t²) at frequencies >= t, "
               "above L²/(4π² t³) at K = t - 1 (every K <= kmax is checked)", conclusion=fourier_tail_cubed),
    ],
    examples=60,
)
test_fourier_lipschitz_decay = FOURIER.test()


def _modes_needed(f, eps: Fraction) -> int:
    """The number ``2K + 1`` of modes of the shortest partial sum with ``‖f − S_K f‖ <= ε``."""
    K = 0
    while f.truncation_error_sq(K) > float(eps) ** 2:
        K += 1
    return 2 * K + 1


def exponential_modes(inst: AccuracyTarget) -> Check:
    L = inst.f.lipschitz()
    return ge(_modes_needed(inst.f, inst.t * L), 2 ** (1 / float(inst.t)),
              label=f"modes for L² error ε = {inst.t}·L >= 2^(L/ε)")


FOURIER_EXP = Claim(
    id="fourier-lipschitz-exponential-modes",
    title="'Lipschitz functions require exponentially many Fourier coefficients' (as printed)",
    statement="reaching L² error ε for an L-Lipschitz periodic f takes at least 2^(L/ε) Fourier modes",
    sources=[Source(MSML, "C.7 Chapter Connections, line 1404", ("MSML-227",))],
    kind="numeric",
    area="approximation",
    instances=accuracy_targets(),
    conclusion=exponential_modes,
    proof_idea="none: the tail bound L²/(4π²(K+1)²) shows that K + 1 >= L/(2πε) modes per side suffice, a "
               "number linear in L/ε.",
    audit=True,
    corrected="fourier-lipschitz-decay",
    finding="Lipschitz functions need only polynomially many Fourier modes: |c_k| <= L/(2π|k|) and the tail "
            "after K is <= L²/(4π²(K+1)²), so O(L/ε) modes reach L² error ε (e.g. ε = L/2 already holds "
            "for the mean alone, against 2^2 modes claimed).",
    examples=20,
)
test_fourier_lipschitz_exponential_modes = FOURIER_EXP.test()


# --- claim 2: Runge phenomenon at equispaced nodes (proxy) -------------------------------------------

def _runge(a: int):
    return lambda x: 1 / (1 + a * x * x)


def _equispaced_error(a: int, n: int) -> tuple[Fraction, Fraction]:
    """``(|f_a − p_n|, λ_n)`` at ``x = −1 + 1/n`` for ``n + 1`` equispaced nodes (exact)."""
    nodes, x, f = equispaced_nodes(n), Fraction(-1) + Fraction(1, n), _runge(a)
    ell = lagrange_basis(nodes, x)
    p = sum((f(t) * l for t, l in zip(nodes, ell)), Fraction(0))
    return abs(p - f(x)), sum((abs(l) for l in ell), Fraction(0))


def _bernstein(a: int, frac: float, n: int) -> float:
    """``4Mρ^{−n}/(ρ − 1)`` for ``f_a`` with ``ρ = 1 + frac (ρ* − 1)``, ``M = 1/(1 − a b²)``."""
    rho_star = 1 / math.sqrt(a) + math.sqrt(1 + 1 / a)
    rho = 1 + frac * (rho_star - 1)
    return 4 * runge_ellipse_max(a, rho) * rho ** (-n) / (rho - 1)


def runge(inst: RungeInstance) -> list[Check]:
    e0, lam = _equispaced_error(inst.a, inst.n)
    e1, _ = _equispaced_error(inst.a, inst.n + 2)
    n = inst.n
    return [ge(e0, 1, label=f"|f - p_{n}|(-1 + 1/n) >= 1"),
            ge(e1, e0, label=f"error grows from n = {n} to {n + 2}"),
            ge(lam, Fraction(2) ** (n - 2) / n**2, label="Lebesgue function >= 2^(n-2)/n^2")]


def runge_like_chebyshev(inst: RungeInstance) -> Check:
    e0, _ = _equispaced_error(inst.a, inst.n)
    return le(float(e0), _bernstein(inst.a, inst.rho_fraction, inst.n),
              label="equispaced error <= 4M rho^-n/(rho - 1) (the Chebyshev bound)")


def runge_log_lebesgue(inst: RungeInstance) -> Check:
    _, lam = _equispaced_error(inst.a, inst.n)
    return le(float(lam), 2 / math.pi * math.log(inst.n + 1) + 1, label="equispaced Lebesgue <= (2/π)log(n+1) + 1")


RUNGE = Claim(
    id="runge-equispaced-divergence",
    title="Runge phenomenon: equispaced interpolation of 1/(1 + a x²) diverges",
    statement="for a >= 25 and even n >= 10, the degree-n interpolant of 1/(1 + a x²) in n + 1 equispaced "
              "nodes errs by more than 1 at x = -1 + 1/n, the error grows from n to n + 2, and the "
              "Lebesgue function there exceeds 2^(n-2)/n^2",
    sources=[Source(MSML, "lines 1539-1540 (interpolation oscillates; degree n - 1 for n points)", ("MSML-299",)),
             Source(TREFETHEN, "Ch. 13-15, Thm 15.2")],
    kind="proxy",
    proxy="divergence max|f - p_n| -> ∞ is represented by: error > 1 and increasing over the even n in "
          "[10, 26], with the exponential Lebesgue lower bound at every such n",
    area="approximation",
    instances=runge_instances(),
    conclusion=runge,
    proof_idea="f - p_n = f^(n+1)(ξ) ω(x)/(n+1)!; the poles ±i/√a lie inside the region where equispaced "
               "interpolation converges, so the error grows geometrically near the ends; the Lebesgue "
               "function near -1 is about 2^n/(n log n).",
    mutants=[
        Mutant("equispaced-converges", "the Chebyshev error bound 4M rho^-n/(rho - 1) -> 0 does not hold "
               "at equispaced nodes, whose error exceeds 1", conclusion=runge_like_chebyshev),
        Mutant("equispaced-log-lebesgue", "the equispaced Lebesgue function exceeds 2^(n-2)/n^2, far above "
               "the Chebyshev bound (2/π)log(n+1) + 1", conclusion=runge_log_lebesgue),
    ],
    examples=20,
)
test_runge_equispaced_divergence = RUNGE.test()


# --- claim 3: Chebyshev interpolation ----------------------------------------------------------------

GRID = np.linspace(-1.0, 1.0, 2001)


def _cheb_tol(n: int) -> float:
    """Barycentric second form at Chebyshev points: forward error ``<= (3n + 4) ε Λ_n ‖f‖_∞`` (Higham
    2004), ``‖f_a‖_∞ = 1``, ``Λ_n <= (2/π)log(n+1) + 1``; doubled for the evaluation of ``f``."""
    return 2 * (3 * n + 5) * EPS * (2 / math.pi * math.log(n + 1) + 2)


def _chebyshev(inst: RungeInstance, lebesgue_factor: float, rate: int) -> list[Check]:
    f = _runge(inst.a)
    n = inst.n
    lam = float(np.max(chebyshev_lebesgue(n, GRID)))
    err = float(np.max(np.abs(chebyshev_interpolate(f, n, GRID) - f(GRID))))
    return [le(lam, lebesgue_factor / math.pi * math.log(n + 1) + 1, tol=_cheb_tol(n),
               label=f"Chebyshev Lebesgue function <= ({lebesgue_factor:g}/π)log(n+1) + 1",
               why="(3n + 5) eps (Λ bound + 1), doubled"),
            le(err, _bernstein(inst.a, inst.rho_fraction, rate * n), tol=_cheb_tol(n),
               label="|f - p_n| <= 4M rho^-n/(rho - 1)" if rate == 1 else "|f - p_n| <= 4M rho^-2n/(rho - 1)",
               why="(3n + 5) eps (Λ bound + 1), doubled")]


def chebyshev(inst: RungeInstance) -> list[Check]:
    return _chebyshev(inst, 2, 1)


CHEBYSHEV = Claim(
    id="chebyshev-interpolation-converges",
    title="Chebyshev interpolation: logarithmic Lebesgue constant and geometric convergence",
    statement="in the n + 1 points cos(jπ/n): Λ_n <= (2/π)log(n + 1) + 1, and for 1/(1 + a x²) the "
              "interpolation error is <= 4Mρ^-n/(ρ - 1) for every 1 < ρ < 1/√a + √(1 + 1/a), "
              "M = 1/(1 - a((ρ - 1/ρ)/2)²)",
    sources=[Source(MSML, "lines 1539-1540 (Chebyshev nodes avoid the oscillation)", ("MSML-299",)),
             Source(TREFETHEN, "Thm 8.2 and Thm 15.2")],
    kind="numeric",
    area="approximation",
    instances=chebyshev_instances(),
    conclusion=chebyshev,
    proof_idea="Chebyshev coefficients of f analytic in E_ρ obey |a_k| <= 2Mρ^-k (Cauchy on the ellipse); "
               "interpolation aliases the tail, doubling it, and summing the geometric tail gives "
               "4Mρ^-n/(ρ - 1).  The Lebesgue function is bounded by a sum of 1/|x - x_j| controlled by "
               "the harmonic series.",
    mutants=[
        Mutant("lebesgue-half-log", "Λ_n grows like (2/π)log n + 0.96, above (1/π)log(n + 1) + 1 for every n",
               conclusion=lambda inst: _chebyshev(inst, 1, 1)[:1]),
        Mutant("rate-squared", "the error decays like ρ*^-n, not ρ^-2n: at n = 64 with ρ near ρ* the "
               "error is ~1e-6 > 4Mρ^-128/(ρ - 1)", conclusion=lambda inst: _chebyshev(inst, 2, 2)[1:]),
    ],
    examples=30,
)
test_chebyshev_interpolation_converges = CHEBYSHEV.test()


# --- claim 4: polynomial least squares and overfitting (exact) ---------------------------------------

NOISE = (-1, 0, 1)
"""The noise law: ``η = s·u`` with ``u`` uniform on ``{−1, 0, 1}``, variance ``σ² = 2s²/3``."""


def _poly(inst: NoisyPolynomial, x: Fraction) -> Fraction:
    return sum((c * x**j for j, c in enumerate(inst.truth)), Fraction(0))


def _expectations(inst: NoisyPolynomial) -> tuple[Fraction, Fraction]:
    """``(E ℓ(θ*), E residual of the degree-d fit)`` by enumerating the ``3^n`` noise patterns."""
    n = len(inst.x)
    V = vandermonde(inst.x, inst.d)
    R = fractions(np.eye(n, dtype=int)) - V @ inverse(V.T @ V) @ V.T
    clean = fractions([_poly(inst, t) for t in inst.x])
    truth_loss, resid = Fraction(0), Fraction(0)
    for u in itertools.product(NOISE, repeat=n):
        eta = fractions([inst.s * v for v in u])
        y = clean + eta
        truth_loss += sum((e * e for e in eta), Fraction(0))
        resid += y @ R @ y
    return truth_loss / 3**n, resid / 3**n


def _noisy_y(inst: NoisyPolynomial) -> list[Fraction]:
    return [_poly(inst, t) + inst.s * u for t, u in zip(inst.x, inst.signs)]


def _norm2(v) -> Fraction:
    return sum((c * c for c in v), Fraction(0))


def overfitting(inst: NoisyPolynomial) -> list[Check]:
    n, d = len(inst.x), inst.d
    sigma2 = 2 * inst.s**2 / 3
    truth, resid = _expectations(inst)
    y = _noisy_y(inst)
    theta = least_squares_fit(inst.x, y, n - 1)
    truth_coef = list(inst.truth) + [Fraction(0)] * (n - 1 - d)
    l1, l2 = inst.lams
    return [equal(truth, n * sigma2, label="E loss(truth) = n σ²"),
            equal(resid, (n - d - 1) * sigma2, label="E residual(degree-d fit) = (n - d - 1) σ²"),
            equal(squared_loss(inst.x, y, theta), Fraction(0), label="degree n-1 interpolates: loss 0"),
            le(squared_loss(inst.x, y, theta), squared_loss(inst.x, y, truth_coef), label="loss 0 <= loss(truth)"),
            holds(determinant(vandermonde(inst.x, n - 1)) != 0, label="degree n-1: unique (Vandermonde det != 0)"),
            equal(rank(vandermonde(inst.x, n)), n, label="degree n: rank n < n + 1 unknowns (not unique)"),
            le(_norm2(least_squares_fit(inst.x, y, n - 1, l2)), _norm2(least_squares_fit(inst.x, y, n - 1, l1)),
               label=f"|θ_λ|² at λ = {l2} <= at λ = {l1}")]


def truth_n_minus_d(inst: NoisyPolynomial) -> Check:
    truth, _ = _expectations(inst)
    return equal(truth, (len(inst.x) - inst.d - 1) * 2 * inst.s**2 / 3, label="E loss(truth) = (n - d - 1) σ²")


def residual_n(inst: NoisyPolynomial) -> Check:
    _, resid = _expectations(inst)
    return equal(resid, len(inst.x) * 2 * inst.s**2 / 3, label="E residual(fit) = n σ²")


def ridge_increasing(inst: NoisyPolynomial) -> Check:
    y, n = _noisy_y(inst), len(inst.x)
    l1, l2 = inst.lams
    return ge(_norm2(least_squares_fit(inst.x, y, n - 1, l2)), _norm2(least_squares_fit(inst.x, y, n - 1, l1)),
              label="|θ_λ|² increases with λ")


OVERFIT = Claim(
    id="polynomial-least-squares-overfitting",
    title="Polynomial least squares: the truth's loss is nσ², degree n-1 interpolates the noise",
    statement="for distinct x_1..x_n and y = p(x) + η (deg p = d, centred noise of variance σ²): "
              "E loss(θ*) = nσ²; the degree-d fit has E residual (n - d - 1)σ²; the degree-(n-1) "
              "interpolant is unique with training loss 0 <= loss(θ*); degree n is not unique; "
              "the ridge norm |θ_λ| decreases in λ",
    sources=[Source(ARORA, "§5.1.2, polynomial regression warm-up", ("ARORA-50",)),
             Source(MSML, "lines 1539-1540 (degree n - 1, not n, fits n points)", ("MSML-299",))],
    kind="exact",
    area="approximation",
    instances=noisy_polynomials(),
    conclusion=overfitting,
    proof_idea="loss(θ*) = sum η_i²; the residual is ηᵀ(I - H)η with H the rank-(d+1) hat projector, mean "
               "σ² tr(I - H); a square Vandermonde matrix of distinct nodes has det prod(x_j - x_i) != 0; "
               "|θ_λ|² = sum σ_i² c_i²/(σ_i² + λ)² decreases in λ.",
    mutants=[
        Mutant("truth-loss-n-minus-d", "(n - d - 1)σ² is the fitted model's residual; the truth's loss is "
               "the whole noise energy nσ²", conclusion=truth_n_minus_d),
        Mutant("residual-n", "fitting d + 1 coefficients absorbs (d + 1)σ² of the noise energy",
               conclusion=residual_n),
        Mutant("ridge-norm-increases", "each term σ_i² c_i²/(σ_i² + λ)² decreases in λ",
               conclusion=ridge_increasing),
    ],
    examples=40,
)
test_polynomial_least_squares_overfitting = OVERFIT.test()
