"""Distributed and delayed first-order methods on quadratics, in exact (rational) arithmetic.

- Synchronous SGD with ``m`` workers on ``F(θ) = ½ sum_i h_i (θ_i - θ*_i)^2`` with additive gradient noise
  independent of the iterate: the error coordinates obey ``e_{t+1} = (1 - eta h_i) e_t - eta ζ_t``, so the
  expected squared error obeys the exact second-moment recursion
  ``u_{t+1,i} = (1 - eta h_i)^2 u_{t,i} + eta^2 v_i`` with ``v_i`` the variance of the averaged noise
  (:func:`sync_sgd_errors`).  ``m`` workers whose per-worker noises have variance ``s`` and pairwise
  correlation ``rho`` average to variance ``s (1/m + rho (1 - 1/m))`` (:func:`averaged_variance`).
- Delayed gradient descent ``x_{t+1} = x_t - a x_{t - tau}`` (one eigen-direction, ``a = eta h``) converges
  from every history iff every root of ``z^{tau+1} - z^tau + a`` lies in the open unit disk; the Schur–Cohn
  recursion decides this exactly for rational coefficients (:func:`schur_stable`).
- Local gradient descent (``K`` local steps per worker, then averaging) on 1-D quadratics
  ``f_j = (a_j/2)(x - b_j)^2``: one round is an affine map with an exact fixed point (:func:`local_gd_fixed_point`).
- SGD on the 1-D quadratic ``(a/2) x^2`` with additive noise of variance ``s/B`` per step: exact mean and
  variance of every iterate (:func:`ou_moments`).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

Rational = int | Fraction


def _frac(x: Rational, name: str) -> Fraction:
    if isinstance(x, float) or isinstance(x, bool):
        raise ValueError(f"{name} must be an int or Fraction (exact), got {x!r}")
    return Fraction(x)


def averaged_variance(s: Rational, m: int, rho: Rational = 0) -> Fraction:
    """Variance of the mean of ``m`` noises of variance ``s`` with pairwise correlation ``rho``:
    ``s (1/m + rho (1 - 1/m))``."""
    s, rho = _frac(s, "s"), _frac(rho, "rho")
    if m < 1 or s < 0 or not (m == 1 or -Fraction(1, m - 1) <= rho <= 1):
        raise ValueError(f"no {m} noises of variance {s} with pairwise correlation {rho}")
    return s * (Fraction(1, m) + rho * (1 - Fraction(1, m)))


def sync_sgd_errors(h: Sequence[Rational], u0: Sequence[Rational], eta: Rational, v: Sequence[Rational],
                    T: int) -> list[Fraction]:
    """``E||θ_t - θ*||^2`` for ``t = 0..T``: curvatures ``h``, initial squared errors ``u0`` per coordinate,
    step ``eta``, averaged-noise variances ``v`` per coordinate (exact recursion, see the module docstring)."""
    h = [_frac(x, "h") for x in h]
    u = [_frac(x, "u0") for x in u0]
    v = [_frac(x, "v") for x in v]
    eta = _frac(eta, "eta")
    if not (len(h) == len(u) == len(v)) or not h or T < 0 or any(x < 0 for x in u + v):
        raise ValueError("h, u0, v must be nonempty of equal length, u0 and v nonnegative, T >= 0")
    out = [sum(u, Fraction(0))]
    for _ in range(T):
        u = [(1 - eta * hi) ** 2 * ui + eta ** 2 * vi for hi, ui, vi in zip(h, u, v)]
        out.append(sum(u, Fraction(0)))
    return out


def sync_sgd_floor(h: Sequence[Rational], eta: Rational, v: Sequence[Rational]) -> Fraction:
    """Fixed point of the recursion, ``sum_i eta v_i / (h_i (2 - eta h_i))`` (needs ``0 < eta h_i < 2``)."""
    eta = _frac(eta, "eta")
    hs, vs = [_frac(x, "h") for x in h], [_frac(x, "v") for x in v]
    if any(not 0 < eta * hi < 2 for hi in hs):
        raise ValueError("the noise floor exists only for 0 < eta h_i < 2")
    return sum((eta * vi / (hi * (2 - eta * hi)) for hi, vi in zip(hs, vs)), Fraction(0))


def delay_polynomial(a: Rational, tau: int) -> list[Fraction]:
    """Coefficients (constant term first) of ``z^{tau+1} - z^tau + a``, the characteristic polynomial of
    ``x_{t+1} = x_t - a x_{t-tau}``."""
    if tau < 0:
        raise ValueError(f"the delay must be nonnegative, got {tau}")
    c = [Fraction(0)] * (tau + 2)
    c[0] += _frac(a, "a")
    c[tau] -= 1
    c[tau + 1] += 1
    return c


def schur_stable(coeffs: Sequence[Rational]) -> bool:
    """Whether every root of ``sum_k c_k z^k`` (real rational ``c``, constant term first, leading term
    nonzero) lies in the open unit disk.  Schur–Cohn: ``p`` of degree ``n`` is stable iff ``|c_n| > |c_0|``
    and ``(c_n p(z) - c_0 p*(z))/z`` is stable, ``p*`` the reversed polynomial."""
    p = [_frac(x, "coefficient") for x in coeffs]
    if not p or p[-1] == 0:
        raise ValueError("need a nonzero leading coefficient")
    while len(p) > 1:
        if abs(p[-1]) <= abs(p[0]):
            return False
        rev = p[::-1]
        q = [p[-1] * x - p[0] * y for x, y in zip(p, rev)]
        p = q[1:]                       # q[0] = c_n c_0 - c_0 c_n = 0: divide by z
    return True


def delayed_gd_stable(a: Rational, tau: int) -> bool:
    """Whether delayed GD ``x_{t+1} = x_t - a x_{t - tau}`` converges to 0 from every history."""
    return schur_stable(delay_polynomial(a, tau))


def local_gd_fixed_point(a: Sequence[Rational], b: Sequence[Rational], eta: Rational, K: int) -> Fraction:
    """Fixed point of one round of local GD (each worker ``j`` takes ``K`` steps of size ``eta`` on
    ``(a_j/2)(x - b_j)^2`` from the shared point, then the results are averaged):
    ``x̂ = sum_j w_j b_j / sum_j w_j`` with ``w_j = 1 - (1 - eta a_j)^K``."""
    a, b = [_frac(x, "a") for x in a], [_frac(x, "b") for x in b]
    eta = _frac(eta, "eta")
    if not a or len(a) != len(b) or K < 1 or any(x <= 0 for x in a) or eta <= 0:
        raise ValueError("need equal nonempty a > 0, b, a step eta > 0 and K >= 1")
    w = [1 - (1 - eta * x) ** K for x in a]
    if sum(w) == 0:
        raise ValueError("the round map has no unique fixed point")
    return sum((wi * bi for wi, bi in zip(w, b)), Fraction(0)) / sum(w)


def local_gd_round(a: Sequence[Rational], b: Sequence[Rational], eta: Rational, K: int, x: Rational) -> Fraction:
    """One round of local GD from the shared point ``x`` (see :func:`local_gd_fixed_point`)."""
    a, b, eta, x = [_frac(v, "a") for v in a], [_frac(v, "b") for v in b], _frac(eta, "eta"), _frac(x, "x")
    out = []
    for aj, bj in zip(a, b):
        y = x
        for _ in range(K):
            y -= eta * aj * (y - bj)
        out.append(y)
    return sum(out, Fraction(0)) / len(out)


def ou_moments(a: Rational, s: Rational, B: Rational, eta: Rational, x0: Rational,
               steps: int) -> tuple[list[Fraction], list[Fraction]]:
    """Mean and variance of ``x_k`` for ``k = 0..steps`` of ``x_{k+1} = x_k - eta (a x_k + ξ_k)`` with
    independent noise ``ξ_k`` of mean 0 and variance ``s/B`` (a batch of ``B`` examples of variance ``s``)."""
    a, s, B, eta, x0 = (_frac(v, n) for v, n in ((a, "a"), (s, "s"), (B, "B"), (eta, "eta"), (x0, "x0")))
    if s < 0 or B <= 0 or eta <= 0 or steps < 0:
        raise ValueError("need s >= 0, B > 0, eta > 0, steps >= 0")
    means, vars_ = [x0], [Fraction(0)]
    for _ in range(steps):
        means.append((1 - eta * a) * means[-1])
        vars_.append((1 - eta * a) ** 2 * vars_[-1] + eta ** 2 * s / B)
    return means, vars_
