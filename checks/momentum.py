"""Momentum methods, conjugate gradient and Nesterov's worst-case chain quadratic (exact arithmetic).

All methods take a gradient oracle ``grad(x) -> vector`` on tuples of numbers (Fractions give exact runs).

- Heavy ball, position form: ``w_{t+1} = w_t - η∇f(w_t) + β(w_t - w_{t-1})``;
  velocity form: ``u_t = -∇f(w_t) + βu_{t-1}``, ``w_{t+1} = w_t + ηu_t`` (same iterates iff
  ``ηu_{-1} = w_0 - w_{-1}``).
- On the eigenvalue ``λ`` of a quadratic the heavy-ball error obeys ``e_{t+1} = (1 + β - ηλ)e_t - βe_{t-1}``,
  the iteration matrix ``[[1 + β - ηλ, -β], [1, 0]]`` with characteristic polynomial
  ``z² - (1 + β - ηλ)z + β``.  Polyak's parameters for a spectrum in ``[μ, L] = [a², b²]`` are
  ``η = 4/(a + b)²``, ``β = ρ²``, ``ρ = (b - a)/(b + a)`` (rational when ``a, b`` are).
- Nesterov (Su–Boyd–Candès form): ``x_k = y_{k-1} - s∇f(y_{k-1})``, ``y_k = x_k + (k-1)/(k+2) (x_k - x_{k-1})``,
  ``y_0 = x_0``; the velocity form ``u_t = -∇f(w_t + ηβu_{t-1}) + βu_{t-1}``, ``w_{t+1} = w_t + ηu_t``.
- Nesterov's chain ``f(x) = (L/4)(½(x_1² + Σ_{i<d}(x_i - x_{i+1})² + x_d²) - x_1)`` on ``R^d``: its Hessian is
  ``(L/4)·tridiag(-1, 2, -1)`` (``||H|| <= L``), ``x*_i = 1 - i/(d+1)``, ``f* = (L/8)(1/(d+1) - 1)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from checks.preconditioning import Matrix, Vector, dot, matvec, quadratic_gradient

Grad = Callable[[Vector], Vector]


def _axpy(a, x: Sequence, y: Sequence) -> tuple:
    """``a x + y``."""
    return tuple(a * p + q for p, q in zip(x, y))


def _steps(steps: int) -> None:
    if steps < 0:
        raise ValueError(f"steps must be non-negative, got {steps}")


def heavy_ball(grad: Grad, w0: Sequence, eta, beta, steps: int, w_prev: Sequence | None = None) -> list[tuple]:
    """Iterates ``w_0..w_steps`` of the position form (``w_{-1} = w_prev``, default ``w_0``)."""
    _steps(steps)
    prev, cur = tuple(w0 if w_prev is None else w_prev), tuple(w0)
    out = [cur]
    for _ in range(steps):
        g = grad(cur)
        nxt = tuple(c - eta * gi + beta * (c - p) for c, gi, p in zip(cur, g, prev))
        prev, cur = cur, nxt
        out.append(cur)
    return out


def heavy_ball_velocity(grad: Grad, w0: Sequence, eta, beta, steps: int,
                        u_prev: Sequence | None = None) -> tuple[list[tuple], list[tuple]]:
    """``(w_0..w_steps, u_0..u_{steps-1})`` of the velocity form (``u_{-1} = u_prev``, default 0)."""
    _steps(steps)
    w = tuple(w0)
    u = tuple(0 * x for x in w0) if u_prev is None else tuple(u_prev)
    ws, us = [w], []
    for _ in range(steps):
        u = tuple(-gi + beta * ui for gi, ui in zip(grad(w), u))
        w = _axpy(eta, u, w)
        ws.append(w)
        us.append(u)
    return ws, us


def iteration_matrix(lam, eta, beta) -> tuple[tuple, tuple]:
    """The heavy-ball map ``(e_t, e_{t-1}) -> (e_{t+1}, e_t)`` on the eigenvalue ``lam``."""
    return ((1 + beta - eta * lam, -beta), (1, 0))


def polyak_parameters(a: Fraction, b: Fraction) -> tuple[Fraction, Fraction, Fraction]:
    """``(η, β, ρ)`` for the spectrum ``[a², b²]``, ``0 < a <= b``: ``η = 4/(a+b)²``, ``ρ = (b-a)/(b+a)``, ``β = ρ²``."""
    a, b = Fraction(a), Fraction(b)
    if not 0 < a <= b:
        raise ValueError(f"need 0 < a <= b, got a = {a}, b = {b}")
    rho = (b - a) / (b + a)
    return 4 / (a + b) ** 2, rho * rho, rho


def nesterov(grad: Grad, x0: Sequence, s, steps: int) -> list[tuple]:
    """Iterates ``x_0..x_steps`` of Nesterov's method with momentum ``(k-1)/(k+2)`` and step ``s``."""
    _steps(steps)
    x_prev = x = tuple(x0)
    y = x
    out = [x]
    for k in range(1, steps + 1):
        x_prev, x = x, _axpy(-s, grad(y), y)
        c = Fraction(k - 1, k + 2)
        y = tuple(xi + c * (xi - pi) for xi, pi in zip(x, x_prev))
        out.append(x)
    return out


def nesterov_velocity(grad: Grad, w0: Sequence, eta, beta, steps: int) -> list[tuple]:
    """Iterates of ``u_t = -∇f(w_t + ηβ_t u_{t-1}) + β_t u_{t-1}``, ``w_{t+1} = w_t + ηu_t`` with ``u_{-1} = 0``;
    ``beta`` is a number or a function ``t -> β_t`` (``β_t = (t-1)/(t+2)`` reproduces :func:`nesterov`)."""
    _steps(steps)
    w = tuple(w0)
    u = tuple(0 * x for x in w)
    out = [w]
    for t in range(steps):
        b = beta(t) if callable(beta) else beta
        look = _axpy(eta * b, u, w)
        u = tuple(-gi + b * ui for gi, ui in zip(grad(look), u))
        w = _axpy(eta, u, w)
        out.append(w)
    return out


def krylov_method(grad: Grad, x0: Sequence, coefficients: Sequence[Sequence]) -> list[tuple]:
    """Iterates of ``x_{t+1} = x_t + Σ_{s<=t} c[t][s] ∇f(x_s)`` (a general method in the Krylov span)."""
    xs, gs = [tuple(x0)], []
    for t, row in enumerate(coefficients):
        if len(row) != t + 1:
            raise ValueError(f"coefficients row {t} must have {t + 1} entries, got {len(row)}")
        gs.append(grad(xs[-1]))
        x = xs[-1]
        for c, g in zip(row, gs):
            x = _axpy(c, g, x)
        xs.append(x)
    return xs


def conjugate_gradient(H: Matrix, b: Vector, x0: Sequence, steps: int) -> list[Vector]:
    """Iterates of conjugate gradient on ``½xᵀHx - bᵀx`` (``H ≻ 0``); it stops early at the exact minimizer
    and then repeats it."""
    _steps(steps)
    x = tuple(Fraction(v) for v in x0)
    r = tuple(-v for v in quadratic_gradient(H, b, x))
    p = r
    out = [x]
    for _ in range(steps):
        rr = dot(r, r)
        if rr == 0:
            out.append(x)
            continue
        Hp = matvec(H, p)
        alpha = rr / dot(p, Hp)
        x = _axpy(alpha, p, x)
        r = _axpy(-alpha, Hp, r)
        p = _axpy(dot(r, r) / rr, p, r)
        out.append(x)
    return out


def chain_quadratic(L: Fraction, d: int) -> tuple[Matrix, Vector]:
    """``(H, b)`` of Nesterov's chain ``f(x) = ½xᵀHx - bᵀx`` on ``R^d``: ``H = (L/4) tridiag(-1, 2, -1)``,
    ``b = (L/4) e_1``."""
    if d < 1:
        raise ValueError(f"dimension must be positive, got {d}")
    L = Fraction(L)
    if L <= 0:
        raise ValueError(f"L must be positive, got {L}")
    q = L / 4
    H = tuple(tuple(2 * q if i == j else (-q if abs(i - j) == 1 else Fraction(0)) for j in range(d))
              for i in range(d))
    return H, tuple(q if i == 0 else Fraction(0) for i in range(d))


def chain_minimizer(L: Fraction, d: int) -> tuple[Vector, Fraction]:
    """``(x*, f*)`` of the chain on ``R^d``: ``x*_i = 1 - i/(d+1)``, ``f* = (L/8)(1/(d+1) - 1)``."""
    if d < 1:
        raise ValueError(f"dimension must be positive, got {d}")
    return (tuple(1 - Fraction(i, d + 1) for i in range(1, d + 1)),
            Fraction(L) / 8 * (Fraction(1, d + 1) - 1))
