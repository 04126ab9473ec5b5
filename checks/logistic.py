"""Logistic regression: the negative log-likelihood of margins, its derivatives and rounding bounds, and
the separation test that decides whether a minimizer exists.

Data enter as the rows ``z_i = y_i x_i`` of ``Z`` (labels folded in), margins ``m = Zθ``, and
``ℓ(θ) = Σ_i log(1 + exp(-m_i))``.  By Stiemke's alternative exactly one of these holds:

- some θ has ``Zθ >= 0``, ``Zθ != 0`` (the data are (quasi-)separable): ℓ strictly decreases along θ
  from every point and has no minimizer;
- some ``λ > 0`` (every entry) has ``Zᵀλ = 0`` (the classes overlap): ℓ is coercive modulo
  ``null(Z)`` and has a minimizer, unique iff ``Z`` has full column rank.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp
from scipy.optimize import linprog
from scipy.special import expit

EPS = np.finfo(float).eps


def softplus_neg(m: np.ndarray) -> np.ndarray:
    """``log(1 + exp(-m))``, computed without overflow (relative error a few eps)."""
    return np.logaddexp(0.0, -np.asarray(m, dtype=float))


def nll(Z: np.ndarray, theta: np.ndarray) -> float:
    """``Σ_i log(1 + exp(-z_iᵀθ))``."""
    return float(np.sum(softplus_neg(Z @ theta)))


def nll_error(Z: np.ndarray, theta: np.ndarray) -> float:
    """A bound on the rounding error of :func:`nll`: each margin is off by at most
    ``(d + 2) eps |z_i|ᵀ|θ|`` and softplus is 1-Lipschitz; each term has relative error ``4 eps`` and the
    sum adds ``n eps`` times the total."""
    n, d = Z.shape
    margin_err = (d + 2) * EPS * (np.abs(Z) @ np.abs(theta))
    terms = softplus_neg(Z @ theta)
    return float(np.sum(margin_err) + (n + 4) * EPS * np.sum(terms))


def nll_gradient(Z: np.ndarray, theta: np.ndarray) -> np.ndarray:
    return -(Z.T @ expit(-(Z @ theta)))


def nll_hessian(Z: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """``Zᵀ diag(σ(m)σ(-m)) Z`` (= ``Xᵀ D X``: the labels square away)."""
    m = Z @ theta
    return (Z.T * (expit(m) * expit(-m))) @ Z


def separating_direction(Z: np.ndarray) -> tuple[Fraction, ...] | None:
    """A rational θ with ``Zθ >= 0`` and ``Zθ != 0``, verified exactly for integer ``Z``, or ``None``.

    The LP ``max Σ_i z_iᵀθ`` s.t. ``Zθ >= 0``, ``-1 <= θ <= 1`` has a positive value iff such θ exists;
    its (vertex) solution is read as fractions with small denominators and checked in exact arithmetic."""
    Z = np.asarray(Z)
    if Z.ndim != 2 or not np.issubdtype(Z.dtype, np.integer):
        raise ValueError("separating_direction needs an integer matrix")
    n, d = Z.shape
    res = linprog(-Z.sum(axis=0), A_ub=-Z, b_ub=np.zeros(n), bounds=[(-1, 1)] * d, method="highs")
    if res.status != 0 or -res.fun <= 1e-9:
        return None
    theta = tuple(Fraction(float(t)).limit_denominator(10 ** 6) for t in res.x)
    margins = [sum((int(z) * t for z, t in zip(row, theta)), Fraction(0)) for row in Z]
    if all(m >= 0 for m in margins) and any(m > 0 for m in margins):
        return theta
    raise ArithmeticError(f"the LP direction {res.x} does not verify exactly; refine the rationalization")


def overlap_certificate_holds(Z: np.ndarray, lam: np.ndarray) -> bool:
    """Whether ``lam > 0`` entrywise and ``Zᵀ lam = 0`` exactly (integers)."""
    lam = np.asarray(lam)
    return bool(np.all(lam > 0) and not np.any(np.asarray(Z, dtype=object).T @ lam.astype(object)))


def exact_rank(Z: np.ndarray) -> int:
    return int(sp.Matrix(np.asarray(Z, dtype=object).tolist()).rank())
