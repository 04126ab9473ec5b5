"""Classical one-dimensional approximation: Fourier coefficients of periodic piecewise-linear
functions, polynomial interpolation and Lebesgue functions, polynomial least squares.

- A 1-periodic continuous piecewise-linear ``f`` with knots ``0 = x_0 < … < x_m = 1``, values
  ``v_j`` (``v_m = v_0``) and slopes ``s_j`` has, by one integration by parts,
  ``ĉ_k = ∫_0^1 f e^{−2πikx} dx = Σ_j s_j (e^{−2πik x_{j+1}} − e^{−2πik x_j}) / (4π²k²)`` for ``k ≠ 0``;
  its mean ``ĉ_0`` and ``‖f‖²_{L²}`` are rational for rational data.
- The Lagrange interpolant through nodes ``x_j`` is ``p(x) = Σ_j f(x_j) ℓ_j(x)`` with
  ``ℓ_j(x) = Π_{i≠j}(x − x_i)/(x_j − x_i)``; the Lebesgue function is ``λ(x) = Σ_j |ℓ_j(x)|``.  Both are
  evaluated exactly at rational points.  Chebyshev points ``cos(jπ/n)`` use the barycentric formula
  with weights ``(−1)^j`` (halved at the two ends), which is forward stable.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from checks.exact_linalg import fractions, solve


@dataclass(frozen=True)
class PeriodicPiecewiseLinear:
    """The 1-periodic continuous function interpolating ``values[j]`` at ``knots[j]`` linearly,
    ``knots[0] = 0`` increasing, closing with ``f(1) = values[0]``."""

    knots: tuple[Fraction, ...]
    values: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        k = tuple(Fraction(x) for x in self.knots)
        v = tuple(Fraction(x) for x in self.values)
        if len(k) != len(v) or len(k) < 1:
            raise ValueError("knots and values must be non-empty and of equal length")
        if k[0] != 0 or any(b <= a for a, b in zip(k, k[1:])) or k[-1] >= 1:
            raise ValueError("knots must increase from 0 and stay below 1")
        object.__setattr__(self, "knots", k)
        object.__setattr__(self, "values", v)

    def pieces(self) -> list[tuple[Fraction, Fraction, Fraction, Fraction]]:
        """``(a, b, f(a), f(b))`` for each linear piece on ``[a, b]``."""
        xs = self.knots + (Fraction(1),)
        vs = self.values + (self.values[0],)
        return [(xs[j], xs[j + 1], vs[j], vs[j + 1]) for j in range(len(self.knots))]

    def slopes(self) -> list[Fraction]:
        return [(fb - fa) / (b - a) for a, b, fa, fb in self.pieces()]

    def lipschitz(self) -> Fraction:
        """The Lipschitz constant ``max_j |s_j|``."""
        return max(abs(s) for s in self.slopes())

    def mean(self) -> Fraction:
        """``ĉ_0 = ∫_0^1 f``."""
        return sum(((b - a) * (fa + fb) / 2 for a, b, fa, fb in self.pieces()), Fraction(0))

    def l2_norm_sq(self) -> Fraction:
        """``∫_0^1 f²`` (exact: ``(b − a)(f_a² + f_a f_b + f_b²)/3`` per piece)."""
        return sum(((b - a) * (fa * fa + fa * fb + fb * fb) / 3 for a, b, fa, fb in self.pieces()),
                   Fraction(0))

    def derivative_l2_sq(self) -> Fraction:
        """``∫_0^1 f'²``."""
        return sum(((b - a) * s * s for (a, b, _, _), s in zip(self.pieces(), self.slopes())), Fraction(0))

    def coefficient(self, k: int) -> complex:
        """``ĉ_k`` for ``k ≠ 0`` (float; the rounding is below ``coefficient_rounding``)."""
        if k == 0:
            raise ValueError("use mean() for the zeroth coefficient")
        e = lambda x: complex(math.cos(2 * math.pi * k * float(x)), -math.sin(2 * math.pi * k * float(x)))
        total = sum(float(s) * (e(b) - e(a)) for (a, b, _, _), s in zip(self.pieces(), self.slopes()))
        return total / (4 * math.pi**2 * k * k)

    def coefficient_rounding(self, k: int) -> float:
        """A bound on the rounding of :meth:`coefficient`: each exponential errs by ``<= (2π|k| + 4)ε``
        (argument ``2πkx`` rounded, then ``cos``/``sin``), each of the ``m`` terms by
        ``|s_j|·2(2π|k| + 4)ε``, plus ``4mε`` relative for the sums and the division."""
        eps = float(np.finfo(float).eps)
        m = len(self.knots)
        ssum = float(sum(abs(s) for s in self.slopes()))
        return (2 * (2 * math.pi * abs(k) + 4) + 8 * m) * eps * ssum / (4 * math.pi**2 * k * k)

    def truncation_error_sq(self, K: int) -> float:
        """``‖f − S_K f‖²_{L²} = ‖f‖² − Σ_{|k|<=K} |ĉ_k|²`` (Parseval), ``S_K`` the partial Fourier sum."""
        if K < 0:
            raise ValueError("K must be non-negative")
        head = float(self.mean()) ** 2 + 2 * sum(abs(self.coefficient(k)) ** 2 for k in range(1, K + 1))
        return float(self.l2_norm_sq()) - head


def lagrange_basis(nodes: Sequence[Fraction], x: Fraction) -> list[Fraction]:
    """``[ℓ_j(x)]`` for distinct rational nodes (exact)."""
    nodes = [Fraction(t) for t in nodes]
    if len(set(nodes)) != len(nodes):
        raise ValueError("interpolation nodes must be distinct")
    out = []
    for j, xj in enumerate(nodes):
        p = Fraction(1)
        for i, xi in enumerate(nodes):
            if i != j:
                p *= (x - xi) / (xj - xi)
        out.append(p)
    return out


def interpolate(nodes: Sequence[Fraction], f: Callable[[Fraction], Fraction], x: Fraction) -> Fraction:
    """The degree-``(n − 1)`` interpolant of ``f`` at ``n`` nodes, evaluated at ``x`` (exact)."""
    return sum((f(Fraction(t)) * l for t, l in zip(nodes, lagrange_basis(nodes, Fraction(x)))), Fraction(0))


def lebesgue_function(nodes: Sequence[Fraction], x: Fraction) -> Fraction:
    """``λ(x) = Σ_j |ℓ_j(x)|`` (exact)."""
    return sum((abs(l) for l in lagrange_basis(nodes, Fraction(x))), Fraction(0))


def equispaced_nodes(n: int) -> list[Fraction]:
    """``n + 1`` equispaced nodes ``−1 + 2j/n`` on ``[−1, 1]``."""
    if n < 1:
        raise ValueError("need n >= 1")
    return [Fraction(-1) + Fraction(2 * j, n) for j in range(n + 1)]


def chebyshev_points(n: int) -> np.ndarray:
    """The ``n + 1`` Chebyshev points of the second kind ``cos(jπ/n)``, ``j = 0..n``."""
    if n < 1:
        raise ValueError("need n >= 1")
    return np.cos(np.pi * np.arange(n + 1) / n)


def chebyshev_interpolate(f: Callable[[np.ndarray], np.ndarray], n: int, x: np.ndarray) -> np.ndarray:
    """The degree-``n`` interpolant of ``f`` in the Chebyshev points, at ``x`` (barycentric formula)."""
    xs = chebyshev_points(n)
    w = (-1.0) ** np.arange(n + 1)
    w[0] /= 2
    w[-1] /= 2
    x = np.asarray(x, dtype=float)
    diff = x[:, None] - xs[None, :]
    hit = diff == 0
    diff[hit] = 1.0
    c = w / diff
    out = (c @ f(xs)) / c.sum(axis=1)
    rows, cols = np.nonzero(hit)
    out[rows] = f(xs)[cols]
    return out


def chebyshev_lebesgue(n: int, x: np.ndarray) -> np.ndarray:
    """The Lebesgue function ``Σ_j |ℓ_j(x)|`` of the Chebyshev points (barycentric: ``ℓ_j = (w_j/(x − x_j))/Σ_i w_i/(x − x_i)``)."""
    xs = chebyshev_points(n)
    w = (-1.0) ** np.arange(n + 1)
    w[0] /= 2
    w[-1] /= 2
    x = np.asarray(x, dtype=float)
    diff = x[:, None] - xs[None, :]
    hit = np.any(diff == 0, axis=1)
    diff[diff == 0] = 1.0
    c = w / diff
    out = np.abs(c).sum(axis=1) / np.abs(c.sum(axis=1))
    out[hit] = 1.0
    return out


def runge_ellipse_max(a: float, rho: float) -> float:
    """``max |1/(1 + a z²)|`` over the Bernstein ellipse ``z = (w + 1/w)/2``, ``|w| = ρ``: attained at the
    point ``i b`` (``b = (ρ − 1/ρ)/2``) nearest the poles ``±i/√a``, so ``1/(1 − a b²)``; needs
    ``1 < ρ < 1/√a + √(1 + 1/a)`` (the ellipse through the poles)."""
    rho_star = 1 / math.sqrt(a) + math.sqrt(1 + 1 / a)
    if not (a > 0 and 1 < rho < rho_star):
        raise ValueError(f"need a > 0 and 1 < rho < {rho_star:.6g}")
    b = (rho - 1 / rho) / 2
    return 1 / (1 - a * b * b)


def vandermonde(x: Sequence[Fraction], degree: int) -> np.ndarray:
    """The exact ``n × (degree + 1)`` matrix ``[x_i^j]``."""
    if degree < 0:
        raise ValueError("degree must be non-negative")
    return fractions([[Fraction(t) ** j for j in range(degree + 1)] for t in x])


def least_squares_fit(x: Sequence[Fraction], y: Sequence[Fraction], degree: int, lam: Fraction = Fraction(0)) -> np.ndarray:
    """Coefficients ``(VᵀV + λI)^{-1}Vᵀy`` of the (ridge) least-squares polynomial of the given degree
    (exact; ``λ = 0`` needs ``degree + 1 <= #distinct x``)."""
    if lam < 0:
        raise ValueError("the ridge parameter must be non-negative")
    V = vandermonde(x, degree)
    A = V.T @ V + Fraction(lam) * fractions(np.eye(degree + 1, dtype=int))
    return solve(A, V.T @ fractions(list(y)))


def squared_loss(x: Sequence[Fraction], y: Sequence[Fraction], coef: Sequence[Fraction]) -> Fraction:
    """``Σ_i (y_i − Σ_j θ_j x_i^j)²`` (exact)."""
    r = fractions(list(y)) - vandermonde(x, len(coef) - 1) @ fractions(list(coef))
    return sum((t * t for t in r), Fraction(0))
