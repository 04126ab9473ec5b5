"""Smooth test functions with exact (or certified) smoothness and strong-convexity constants, and a
gradient-descent runner that returns every iterate with a rounding-error bound.

Each objective has ``value(w)``, ``grad(w)``, a smoothness constant ``L`` (``||∇f(v) - ∇f(w)|| <=
L ||v - w||``; for the descent lemma only ``∇²f ⪯ L I`` is used), a strong-convexity modulus ``mu``
(``None`` when f is not convex), and rounding bounds ``value_error(w)`` / ``grad_error(w)`` on the
absolute error of the computed value and gradient (``eps = 2^-52``):

- :class:`Quadratic` ``f(w) = ½ (w - c)ᵀ H (w - c) + f_min`` with ``H = Q diag(lam) Qᵀ``: ``L = max |lam|``
  (exact), ``mu = min lam`` when ``lam >= 0`` (then ``c`` is a minimizer); ``None`` for indefinite ``H``.
- :class:`Logistic` ``f(w) = mean_i log(1 + exp(-y_i x_iᵀw)) + (reg/2)||w||^2``: ``L = λ_max(XᵀX)/(4n) + reg``
  (softplus'' <= 1/4), ``mu = reg``.
- :class:`CosineSum` ``f(w) = sum_k a_k cos(u_kᵀw + c_k)``: ``|f| <= A = sum |a_k|``, ``||∇²f|| <= L = sum
  |a_k| ||u_k||^2`` and ``|D³f[v,v,v]| <= M3 ||v||^3`` with ``M3 = sum |a_k| ||u_k||^3`` (certified bounds;
  exact for one term).
- :class:`NegQuartic` ``f(x) = -c x^4``: ``f'' <= 0`` everywhere, yet ``f'`` is not Lipschitz.
- :class:`Huber` (one variable) ``f(x) = (L/2)x^2`` for ``|x| <= tau``, ``L tau |x| - L tau^2/2`` otherwise:
  L-smooth and convex, minimizer 0; with ``tau = R/(2N+1)`` and ``x_0 = R`` GD with step ``1/L`` ends at
  ``f(x_N) = L R^2/(4N + 2)``, the worst case of plain GD on smooth convex functions (Drori–Teboulle).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from scipy.special import expit

from checks.linalg import EPS


def random_orthogonal(d: int, rng: np.random.Generator) -> np.ndarray:
    """A Haar-distributed orthogonal ``d x d`` matrix (QR of a Gaussian matrix, signs fixed)."""
    if d < 1:
        raise ValueError(f"dimension must be positive, got {d}")
    q, r = np.linalg.qr(rng.standard_normal((d, d)))
    return q * np.sign(np.diag(r))


@dataclass(frozen=True, eq=False)
class Quadratic:
    """``f(w) = ½ (w - center)ᵀ H (w - center) + f_min`` with planted eigenvalues ``lam`` of ``H``."""

    lam: np.ndarray
    Q: np.ndarray
    center: np.ndarray
    f_min: float = 0.0
    H: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        lam, Q, c = (np.asarray(a, dtype=float) for a in (self.lam, self.Q, self.center))
        d = lam.shape[0]
        if lam.ndim != 1 or Q.shape != (d, d) or c.shape != (d,):
            raise ValueError(f"shapes do not match: lam {lam.shape}, Q {Q.shape}, center {c.shape}")
        if not np.allclose(Q.T @ Q, np.eye(d), atol=1e-10):
            raise ValueError("Q must be orthogonal")
        object.__setattr__(self, "lam", lam)
        object.__setattr__(self, "Q", Q)
        object.__setattr__(self, "center", c)
        object.__setattr__(self, "H", (Q * lam) @ Q.T)

    @property
    def dim(self) -> int:
        return self.lam.shape[0]

    @property
    def L(self) -> float:
        return float(np.max(np.abs(self.lam)))

    @property
    def mu(self) -> float | None:
        m = float(np.min(self.lam))
        return m if m >= 0 else None

    def minimizer(self) -> tuple[np.ndarray, float, float]:
        """``(w*, f*, r)`` with ``||ŵ* - w*|| <= r`` (exact here: the center, when ``lam >= 0``)."""
        if self.mu is None:
            raise ValueError("an indefinite quadratic has no minimizer")
        return self.center, self.f_min, 0.0

    def hessian(self, w: np.ndarray) -> np.ndarray:
        return self.H

    def value(self, w: np.ndarray) -> float:
        z = w - self.center
        return float(0.5 * z @ self.H @ z + self.f_min)

    def grad(self, w: np.ndarray) -> np.ndarray:
        return self.H @ (w - self.center)

    def _scale(self, w: np.ndarray) -> float:
        return float(np.linalg.norm(self.H)) * (float(np.linalg.norm(w)) + float(np.linalg.norm(self.center)))

    def value_error(self, w: np.ndarray) -> float:
        # z = w - c has entrywise error eps(|w| + |c|); the form zᵀHz has error gamma_{d+1}|z|ᵀ|H||z|
        # plus 2|δz|ᵀ|H||z|; with ||H||_2-of-|H| <= ||H||_F: 4(d+2) eps ||H||_F (||w|| + ||c||)^2.
        return 4 * (self.dim + 2) * EPS * (self._scale(w) * (np.linalg.norm(w) + np.linalg.norm(self.center))
                                           + abs(self.f_min))

    def grad_error(self, w: np.ndarray) -> float:
        # H(w - c): gamma_d |H||z| + |H||δz| <= 2(d+1) eps ||H||_F (||w|| + ||c||).
        return 2 * (self.dim + 1) * EPS * self._scale(w)


@dataclass(frozen=True, eq=False)
class Logistic:
    """ℓ2-regularized logistic regression on data ``X`` (n x d), labels ``y`` in {±1}."""

    X: np.ndarray
    y: np.ndarray
    reg: float

    def __post_init__(self) -> None:
        X, y = np.asarray(self.X, dtype=float), np.asarray(self.y, dtype=float)
        if X.ndim != 2 or y.shape != (X.shape[0],):
            raise ValueError(f"shapes do not match: X {X.shape}, y {y.shape}")
        if not np.all(np.abs(y) == 1):
            raise ValueError("labels must be +1 or -1")
        if self.reg < 0:
            raise ValueError(f"regularization must be nonnegative, got {self.reg}")
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)

    @property
    def dim(self) -> int:
        return self.X.shape[1]

    @property
    def L(self) -> float:
        n = self.X.shape[0]
        return float(np.linalg.eigvalsh(self.X.T @ self.X)[-1]) / (4 * n) + self.reg

    @property
    def mu(self) -> float:
        return float(self.reg)

    def value(self, w: np.ndarray) -> float:
        m = self.y * (self.X @ w)
        return float(np.mean(np.logaddexp(0.0, -m)) + 0.5 * self.reg * w @ w)

    def grad(self, w: np.ndarray) -> np.ndarray:
        m = self.y * (self.X @ w)
        return -(self.X.T @ (self.y * expit(-m))) / self.X.shape[0] + self.reg * w

    def _xmax(self) -> float:
        return float(np.max(np.linalg.norm(self.X, axis=1)))

    def value_error(self, w: np.ndarray) -> float:
        # margins err gamma_d ||x|| ||w||, softplus is 1-Lipschitz; mean and penalty add 4(n + d) eps |terms|.
        nw = float(np.linalg.norm(w))
        n, d = self.X.shape
        return 4 * (n + d + 2) * EPS * (1 + self._xmax() * nw + abs(self.value(w)) + self.reg * nw * nw)

    def grad_error(self, w: np.ndarray) -> float:
        # sigmoid is 1/4-Lipschitz in the margin; sums of n terms of size ||x|| add gamma_n.
        nw = float(np.linalg.norm(w))
        n, d = self.X.shape
        xm = self._xmax()
        return 4 * (n + d + 2) * EPS * (xm * (1 + xm * nw) + self.reg * nw)

    def hessian(self, w: np.ndarray) -> np.ndarray:
        m = self.y * (self.X @ w)
        s = expit(m) * expit(-m)
        return (self.X.T * s) @ self.X / self.X.shape[0] + self.reg * np.eye(self.dim)

    def minimizer(self) -> tuple[np.ndarray, float, float]:
        """Newton's method to convergence; returns ``(ŵ, f(ŵ), r)`` with ``||ŵ - w*|| <= r`` certified by
        strong convexity: ``r = (||∇f(ŵ)|| + grad_error)/mu``."""
        if self.reg <= 0:
            raise ValueError("the certified minimizer needs reg > 0")
        w = np.zeros(self.dim)
        for _ in range(100):
            step = np.linalg.solve(self.hessian(w), self.grad(w))
            w = w - step
            if np.linalg.norm(step) <= 1e-15 * (1 + np.linalg.norm(w)):
                break
        r = (float(np.linalg.norm(self.grad(w))) + self.grad_error(w)) / self.reg
        return w, self.value(w), r


@dataclass(frozen=True)
class Huber:
    """One-variable Huber function with curvature ``L`` and kink radius ``tau`` (convex, L-smooth)."""

    L: float
    tau: float

    def __post_init__(self) -> None:
        if not (self.L > 0 and self.tau > 0):
            raise ValueError(f"need L > 0 and tau > 0, got L={self.L}, tau={self.tau}")

    dim = 1
    mu = 0.0

    def value(self, w: np.ndarray) -> float:
        x = abs(float(w[0]))
        return 0.5 * self.L * x * x if x <= self.tau else self.L * self.tau * (x - 0.5 * self.tau)

    def grad(self, w: np.ndarray) -> np.ndarray:
        return np.array([self.L * float(np.clip(w[0], -self.tau, self.tau))])

    def hessian(self, w: np.ndarray) -> np.ndarray:
        """``L`` on ``|x| < tau``, 0 outside (at the kinks: the one-sided value L)."""
        return np.array([[self.L if abs(float(w[0])) <= self.tau else 0.0]])

    def minimizer(self) -> tuple[np.ndarray, float, float]:
        return np.zeros(1), 0.0, 0.0

    def value_error(self, w: np.ndarray) -> float:
        return 4 * EPS * self.L * (abs(float(w[0])) + self.tau) ** 2

    def grad_error(self, w: np.ndarray) -> float:
        return EPS * self.L * self.tau


@dataclass(frozen=True, eq=False)
class CosineSum:
    """``f(w) = sum_k a_k cos(u_kᵀw + c_k)`` with rows ``u_k`` of ``U`` (K x d)."""

    a: np.ndarray
    U: np.ndarray
    c: np.ndarray

    def __post_init__(self) -> None:
        a, U, c = (np.asarray(x, dtype=float) for x in (self.a, self.U, self.c))
        if a.ndim != 1 or U.shape[:1] != a.shape or U.ndim != 2 or c.shape != a.shape:
            raise ValueError(f"shapes do not match: a {a.shape}, U {U.shape}, c {c.shape}")
        if not np.any(a != 0):
            raise ValueError("need a nonzero coefficient")
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "U", U)
        object.__setattr__(self, "c", c)

    @property
    def dim(self) -> int:
        return self.U.shape[1]

    mu = None

    @property
    def bound(self) -> float:
        """``A = sum |a_k| >= |f|``: so ``f >= -A``."""
        return float(np.sum(np.abs(self.a)))

    @property
    def L(self) -> float:
        return float(np.sum(np.abs(self.a) * np.sum(self.U ** 2, axis=1)))

    @property
    def M3(self) -> float:
        return float(np.sum(np.abs(self.a) * np.sum(self.U ** 2, axis=1) ** 1.5))

    def _phase(self, w: np.ndarray) -> np.ndarray:
        return self.U @ w + self.c

    def value(self, w: np.ndarray) -> float:
        return float(self.a @ np.cos(self._phase(w)))

    def grad(self, w: np.ndarray) -> np.ndarray:
        return -(self.a * np.sin(self._phase(w))) @ self.U

    def hessian(self, w: np.ndarray) -> np.ndarray:
        return -(self.U.T * (self.a * np.cos(self._phase(w)))) @ self.U

    def _perr(self, w: np.ndarray) -> float:
        # phase error gamma_{d+1}(|U||w| + |c|); cos and sin are 1-Lipschitz and accurate to eps.
        return (self.dim + 2) * EPS * float(np.max(np.abs(self.U) @ np.abs(w) + np.abs(self.c)) + 1)

    def value_error(self, w: np.ndarray) -> float:
        return 2 * self.bound * (self._perr(w) + (len(self.a) + 1) * EPS)

    def grad_error(self, w: np.ndarray) -> float:
        un = float(np.max(np.linalg.norm(self.U, axis=1)))
        return 2 * self.bound * un * (self._perr(w) + (len(self.a) + self.dim + 1) * EPS)


@dataclass(frozen=True)
class NegQuartic:
    """``f(x) = -c x^4`` in one variable: concave, ``f'' <= 0``, ``f'(x) = -4 c x^3`` not Lipschitz."""

    c: float

    def __post_init__(self) -> None:
        if not self.c > 0:
            raise ValueError(f"need c > 0, got {self.c}")

    dim = 1

    def value(self, w: np.ndarray) -> float:
        return -self.c * float(w[0]) ** 4

    def grad(self, w: np.ndarray) -> np.ndarray:
        return np.array([-4 * self.c * float(w[0]) ** 3])

    def hessian(self, w: np.ndarray) -> np.ndarray:
        return np.array([[-12 * self.c * float(w[0]) ** 2]])

    def value_error(self, w: np.ndarray) -> float:
        return 8 * EPS * abs(self.value(w))

    def grad_error(self, w: np.ndarray) -> float:
        return 8 * EPS * abs(self.grad(w)[0])


@dataclass(frozen=True)
class ScaledAbs:
    """``f(x) = a |x|`` in one variable: convex with minimizer 0, not smooth (subgradient ``a sign x``)."""

    a: float

    def __post_init__(self) -> None:
        if not self.a > 0:
            raise ValueError(f"need a > 0, got {self.a}")

    dim = 1
    mu = 0.0

    def value(self, w: np.ndarray) -> float:
        return self.a * abs(float(w[0]))

    def grad(self, w: np.ndarray) -> np.ndarray:
        return np.array([self.a * float(np.sign(w[0]))])

    def minimizer(self) -> tuple[np.ndarray, float, float]:
        return np.zeros(1), 0.0, 0.0

    def value_error(self, w: np.ndarray) -> float:
        return EPS * self.value(w)

    def grad_error(self, w: np.ndarray) -> float:
        return 0.0


def worst_case_huber(L: float, R: float, N: int) -> Huber:
    """The Huber function on which GD with step ``1/L`` from ``x_0 = R`` has ``f(x_N) = L R^2/(4N+2)``."""
    if N < 1 or R <= 0:
        raise ValueError(f"need N >= 1 and R > 0, got N={N}, R={R}")
    return Huber(L, R / (2 * N + 1))


@dataclass(frozen=True)
class Trajectory:
    """Iterates ``w[t]`` (t = 0..T), values ``f[t]``, gradients ``g[t]``, and ``drift[t]``: a bound on the
    distance between the computed ``w[t]`` and the exact GD iterate from the same start, valid when the
    exact GD map is nonexpansive (convex f, step <= 2/L)."""

    w: np.ndarray
    f: np.ndarray
    g: np.ndarray
    drift: np.ndarray


def gradient_descent(obj, w0: np.ndarray, eta: float, steps: int) -> Trajectory:
    """Run ``w_{t+1} = w_t - eta ∇f(w_t)`` for ``steps`` steps and return every iterate.

    The drift adds, per step, the rounding of the update ``2 eps (||w|| + eta ||g||)`` and the gradient
    error ``eta * grad_error(w)``."""
    if not eta > 0:
        raise ValueError(f"step size must be positive, got {eta}")
    if steps < 0:
        raise ValueError(f"steps must be nonnegative, got {steps}")
    w = np.array(w0, dtype=float)
    ws, fs, gs, drift = [w], [obj.value(w)], [], [0.0]
    for _ in range(steps):
        g = obj.grad(w)
        gs.append(g)
        step_err = 2 * EPS * (np.linalg.norm(w) + eta * np.linalg.norm(g)) + eta * obj.grad_error(w)
        w = w - eta * g
        ws.append(w)
        fs.append(obj.value(w))
        drift.append(drift[-1] + float(step_err))
    gs.append(obj.grad(w))
    return Trajectory(np.array(ws), np.array(fs), np.array(gs), np.array(drift))


# --------------------------------------------------------------------- exact GD on diagonal quadratics
def _check_spectrum(lam: Sequence[Fraction]) -> None:
    if not lam or any(x <= 0 for x in lam):
        raise ValueError(f"need a nonempty positive spectrum, got {lam}")


def contraction_factor(lam: Sequence[Fraction], eta: Fraction) -> Fraction:
    """``max_i |1 - eta lam_i|``: the factor by which GD on ``½ Σ lam_i w_i^2`` shrinks the worst coordinate."""
    _check_spectrum(lam)
    return max(abs(1 - eta * x) for x in lam)


def optimal_step(lam: Sequence[Fraction]) -> Fraction:
    """``2/(lam_max + lam_min)``, the constant step minimizing :func:`contraction_factor`."""
    _check_spectrum(lam)
    return Fraction(2) / (max(lam) + min(lam))


def diagonal_gd(lam: Sequence[Fraction], w0: Sequence[Fraction], eta: Fraction, steps: int) -> list[list[Fraction]]:
    """GD ``w_i <- w_i - eta lam_i w_i`` on ``½ Σ lam_i w_i^2`` in exact arithmetic; all iterates."""
    if len(lam) != len(w0):
        raise ValueError(f"spectrum and start differ in length: {len(lam)} vs {len(w0)}")
    if steps < 0:
        raise ValueError(f"steps must be nonnegative, got {steps}")
    out = [list(w0)]
    for _ in range(steps):
        out.append([w - eta * x * w for x, w in zip(lam, out[-1])])
    return out
