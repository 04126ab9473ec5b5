"""The Nagarajan–Kolter linear construction, where uniform convergence is vacuous.

Data: ``y = ±1`` uniform, ``x = (x_1, x_2)`` with ``x_1 = y u ∈ R^K`` and ``x_2 ~ N(0, I_D/D)``; write
``c = m‖u‖²``.  One gradient step (``η = 1``, from 0) on ``Σ_i y_i⟨w, x_i⟩`` gives
``w_S = Σ_i y_i x_i = (m u, v)`` with ``v = Σ_i y_i x_{2,i} ~ N(0, (m/D) I_D)``.

- Given ``S``, a fresh point has margin ``y w_S·x = c + y v·x_2 ~ N(c, ‖v‖²/D)``, so the test error is
  ``Φ(-c√D/‖v‖)`` with ``‖v‖² D/m ~ χ²_D``; unconditionally the margin noise ``y v·x_2`` is
  ``(√m/D) Σ_{i<=D} g_i h_i`` (independent standard normals), so the expected test error is
  ``P(A - B > 2cD/√m)`` for independent ``A, B ~ χ²_D``.
- The flipped sample ``S'`` (``x_2`` negated) has the law of ``S``; its output ``w_flip = (m u, -v)``
  has the test-error law of ``w_S``, but on training point ``i`` its margin is
  ``c - ‖x_{2,i}‖² - y_i x_{2,i}·Σ_{j≠i} y_j x_{2,j}``.  With ``V = ‖x_{2,i}‖² ~ χ²_D/D`` and the cross
  term ``N(0, V(m - 1)/D)`` given ``x_{2,i}``, ``w_flip`` classifies point ``i`` correctly with
  probability at most ``η = e^{-D(1-c)²/16} + e^{-0.13 D} + Φ(-(1 - c)√(D/(8(m - 1))))`` for ``c < 1``:
  Laurent–Massart (``P(χ²_D <= D - 2√(Dt)) <= e^{-t}`` at ``t = D(1-c)²/16`` gives ``V >= (1+c)/2``;
  ``P(χ²_D >= D + 2√(Dt) + 2t) <= e^{-t}`` at ``t = 0.13 D`` gives ``V <= 2``), and then the cross term
  must be below ``-(1 - c)/2`` with variance at most ``2(m - 1)/D``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import integrate, special



@dataclass(frozen=True)
class Sample:
    """``m`` training points: labels ``y``, signal blocks ``X1 = y u`` and noise blocks ``X2``."""

    y: np.ndarray
    X1: np.ndarray
    X2: np.ndarray
    u: np.ndarray

    @property
    def c(self) -> float:
        return len(self.y) * float(self.u @ self.u)


def signal_vector(m: int, K: int, c: float) -> np.ndarray:
    """``u = √(c/m) e_1 ∈ R^K``, so that ``m‖u‖² = c``."""
    if m < 1 or K < 1 or c <= 0:
        raise ValueError(f"need m >= 1, K >= 1, c > 0; got m={m}, K={K}, c={c}")
    u = np.zeros(K)
    u[0] = math.sqrt(c / m)
    return u


def draw_sample(m: int, D: int, u: np.ndarray, rng: np.random.Generator) -> Sample:
    """``m`` i.i.d. points of the construction with noise dimension ``D``."""
    if D < 1:
        raise ValueError(f"need D >= 1, got {D}")
    y = rng.choice(np.array([-1.0, 1.0]), size=m)
    X2 = rng.standard_normal((m, D)) / math.sqrt(D)
    return Sample(y, y[:, None] * u[None, :], X2, u)


def gd_step(X: np.ndarray, y: np.ndarray, eta: float = 1.0) -> np.ndarray:
    """One gradient-ascent step from 0 on ``Σ_i y_i⟨w, x_i⟩``: ``η Σ_i y_i x_i``."""
    return eta * (y @ X)


def margins(w1: np.ndarray, w2: np.ndarray, S: Sample) -> np.ndarray:
    """``y_i ⟨(w1, w2), x_i⟩`` on the points of ``S``."""
    return S.y * (S.X1 @ w1 + S.X2 @ w2)


def conditional_test_error(c: float, D: int, v_norm_sq: float) -> float:
    """``Φ(-c√D/‖v‖)``: the test error of ``(m u, ±v)`` given the sample."""
    return float(special.ndtr(-c * math.sqrt(D / v_norm_sq)))


def _chi2_logpdf(D: int, x: float) -> float:
    return (D / 2 - 1) * math.log(x) - x / 2 - (D / 2) * math.log(2) - special.gammaln(D / 2)


def _chi2_integral(f, D: int) -> tuple[float, float]:
    """``∫ f_D(x) g(x) dx`` over the χ²_D density, with ``f(x) = g(x)`` given; the cut tail beyond the
    ``1 - 10^-30`` quantile is added to the error bound."""
    top = float(special.chdtri(D, 1e-30))
    val, err = integrate.quad(lambda x: math.exp(_chi2_logpdf(D, x)) * f(x) if x > 0 else 0.0, 0, top,
                              epsabs=0, epsrel=1e-10, limit=200, points=[float(D)])
    return val, err + 1e-30


@lru_cache(maxsize=1024)
def expected_test_error(c: float, m: int, D: int) -> tuple[float, float]:
    """``E_S err(w_S) = P(A - B > 2cD/√m)`` for independent ``A, B ~ χ²_D`` (the margin noise is
    ``(√m/D) Σ_{i<=D} g_i h_i`` and ``g h = ((g + h)² - (g - h)²)/4``), as
    ``∫ f_B(b) P(A > b + 2cD/√m) db``; returns the value and the quadrature's error bound."""
    if c <= 0 or m < 1 or D < 1:
        raise ValueError(f"need c > 0, m >= 1, D >= 1; got c={c}, m={m}, D={D}")
    s = 2 * c * D / math.sqrt(m)
    return _chi2_integral(lambda b: float(special.chdtrc(D, b + s)), D)


@lru_cache(maxsize=1024)
def expected_test_error_mixture(c: float, m: int, D: int) -> tuple[float, float]:
    """``E Φ(-c√D/‖v‖)`` over ``‖v‖² = (m/D) q``, ``q ~ χ²_D``: the same quantity by conditioning on
    the sample instead (an independent route to :func:`expected_test_error`)."""
    if c <= 0 or m < 1 or D < 1:
        raise ValueError(f"need c > 0, m >= 1, D >= 1; got c={c}, m={m}, D={D}")
    return _chi2_integral(lambda q: float(special.ndtr(-c * D / math.sqrt(m * q))), D)


def flip_correct_bound(c: float, m: int, D: int) -> float:
    """``η``: a bound on the probability that ``w_flip`` classifies a given training point correctly
    (``0 < c < 1``, ``m >= 2``)."""
    if not 0 < c < 1 or m < 2 or D < 1:
        raise ValueError(f"need 0 < c < 1, m >= 2, D >= 1; got c={c}, m={m}, D={D}")
    return (math.exp(-D * (1 - c) ** 2 / 16) + math.exp(-0.13 * D)
            + float(special.ndtr(-(1 - c) * math.sqrt(D / (8 * (m - 1))))))
