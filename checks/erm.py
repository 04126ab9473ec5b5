"""Regularized empirical risk minimization in feature space and in kernel form, with a certificate.

The objective, for a feature matrix ``Phi`` (rows ``phi(x_i)``), labels ``y`` and a margin loss
``l`` from :mod:`checks.losses`, is

    F(w) = c sum_i l(phi(x_i) · w, y_i) + (lam / 2) ||w||^2 + P(w),      c = 1 (or 1/n: ``average``),

with ``lam > 0`` and an optional penalty ``P`` such that ``P + (kappa/2)||w||^2`` is convex
(``kappa = P.curvature``, zero for a convex ``P``).  For a convex loss and ``kappa < lam``, ``F`` is
``m``-strongly convex with ``m = lam - kappa``, so for every ``w`` and every ``g`` in ``∂F(w)``

    ||w - w*|| <= ||g|| / m          and          F(w) - F* <= ||g||^2 / (2 m).

A solution carries the computed least-norm subgradient ``||g||`` (its *certificate*) and a bound on
the rounding error of that computation; :attr:`ERMSolution.distance_bound` and
:attr:`ERMSolution.gap_bound` are the two bounds above with both included.

The kernel form minimizes over the span of ``k(x_i, .)`` using the Gram matrix only: with
``K = V diag(s) Vᵀ``, the functions ``e_j = sum_i V_ij k(x_i, .) / sqrt(s_j)`` are orthonormal in the
RKHS, ``f = sum_j beta_j e_j`` has sample values ``B beta`` with ``B = V diag(sqrt s)`` and norm
``||beta||``, so the problem over the span is the feature-space problem with feature matrix ``B``;
the expansion coefficients are ``alpha = V diag(s^{-1/2}) beta`` (``f = sum_i alpha_i k(x_i, .)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.linalg import solve
from scipy.optimize import minimize

from checks.kernels import psd_eigh
from checks.linalg import EPS
from checks.losses import SQUARED, MarginLoss

Array = np.ndarray


# --------------------------------------------------------------------------------------- penalties

@dataclass(frozen=True, eq=False)
class RadialPenalty:
    """``P(w) = omega(||w||)`` with ``omega`` nondecreasing on ``[0, inf)``.  ``omega_prime(0)`` is
    the right derivative at 0; when positive, ``P`` has a kink there with subdifferential the ball
    of that radius."""

    name: str
    omega: Callable[[float], float]
    omega_prime: Callable[[float], float]
    curvature: float = 0.0
    strictly_increasing: bool = True

    radial = True

    def value(self, w: Array) -> float:
        return float(self.omega(float(np.linalg.norm(w))))

    def gradient(self, w: Array) -> Array:
        r = float(np.linalg.norm(w))
        return self.omega_prime(r) * w / r if r > 0 else np.zeros_like(w)

    def min_norm_subgradient(self, w: Array, g: Array) -> Array:
        """The least-norm element of ``g + ∂P(w)``."""
        r = float(np.linalg.norm(w))
        if r > 0:
            return g + self.omega_prime(r) * w / r
        kink, size = self.omega_prime(0.0), float(np.linalg.norm(g))
        return g * max(size - kink, 0.0) / size if size > 0 else g

    def __repr__(self) -> str:
        return self.name


@dataclass(frozen=True, eq=False)
class QuadraticPenalty:
    """``P(w) = wᵀ M w / 2`` for a symmetric PSD ``M``: a function of the norm only if ``M ∝ I``."""

    name: str
    M: Array
    curvature: float = 0.0
    radial = False

    def value(self, w: Array) -> float:
        return 0.5 * float(w @ self.M @ w)

    def gradient(self, w: Array) -> Array:
        return self.M @ w

    def min_norm_subgradient(self, w: Array, g: Array) -> Array:
        return g + self.M @ w

    def __repr__(self) -> str:
        return self.name


@dataclass(frozen=True, eq=False)
class L1Penalty:
    """``P(w) = mu ||w||_1``: convex, not a function of ``||w||``."""

    mu: float
    curvature: float = 0.0
    radial = False

    def value(self, w: Array) -> float:
        return self.mu * float(np.sum(np.abs(w)))

    def gradient(self, w: Array) -> Array:
        return self.mu * np.sign(w)

    def min_norm_subgradient(self, w: Array, g: Array) -> Array:
        """Coordinatewise: ``g_j + mu sign(w_j)`` off zero, ``g_j`` shrunk by ``mu`` at zero."""
        at_zero = np.sign(g) * np.maximum(np.abs(g) - self.mu, 0.0)
        return np.where(w != 0, g + self.mu * np.sign(w), at_zero)

    def __repr__(self) -> str:
        return f"{self.mu:.4g} ||w||_1"


Penalty = RadialPenalty | QuadraticPenalty | L1Penalty


def _nonneg(mu: float, name: str = "mu") -> None:
    if not (np.isfinite(mu) and mu >= 0):
        raise ValueError(f"{name} must be a finite number >= 0, got {mu}")


def squared_norm_penalty(mu: float) -> RadialPenalty:
    """``mu ||w||^2 / 2`` (an extra ridge term)."""
    _nonneg(mu)
    return RadialPenalty(f"{mu:.4g} ||w||^2 / 2", lambda r: mu * r * r / 2, lambda r: mu * r)


def norm_penalty(mu: float) -> RadialPenalty:
    """``mu ||w||``: convex, strictly increasing, a kink at 0."""
    _nonneg(mu)
    return RadialPenalty(f"{mu:.4g} ||w||", lambda r: mu * r, lambda r: mu)


def pseudo_huber_penalty(mu: float) -> RadialPenalty:
    """``mu (sqrt(1 + ||w||^2) - 1)``: smooth, convex, strictly increasing."""
    _nonneg(mu)
    return RadialPenalty(f"{mu:.4g} (sqrt(1 + ||w||^2) - 1)", lambda r: mu * (np.sqrt(1 + r * r) - 1),
                         lambda r: mu * r / np.sqrt(1 + r * r))


def log_penalty(mu: float) -> RadialPenalty:
    """``mu log(1 + ||w||^2)``: strictly increasing but not convex; its Hessian is at least
    ``-mu/4 I`` (the radial eigenvalue ``2 mu (1 - r^2)/(1 + r^2)^2`` is least, ``-mu/4``, at
    ``r^2 = 3``), so its curvature is ``mu / 4``."""
    _nonneg(mu)
    return RadialPenalty(f"{mu:.4g} log(1 + ||w||^2)", lambda r: mu * np.log1p(r * r),
                         lambda r: 2 * mu * r / (1 + r * r), curvature=mu / 4)


def quartic_penalty(mu: float) -> RadialPenalty:
    """``mu ||w||^4 / 4``: smooth, convex, strictly increasing."""
    _nonneg(mu)
    return RadialPenalty(f"{mu:.4g} ||w||^4 / 4", lambda r: mu * r**4 / 4, lambda r: mu * r**3)


def dead_zone_penalty(mu: float, radius: float) -> RadialPenalty:
    """``mu max(0, ||w|| - radius)^2 / 2``: convex and nondecreasing, but constant on the ball of
    the given radius, so *not* strictly increasing."""
    _nonneg(mu)
    _nonneg(radius, "radius")
    return RadialPenalty(f"{mu:.4g} max(0, ||w|| - {radius:.4g})^2 / 2",
                         lambda r: mu * max(r - radius, 0.0) ** 2 / 2,
                         lambda r: mu * max(r - radius, 0.0), strictly_increasing=False)


def weighted_ridge_penalty(weights: Array) -> QuadraticPenalty:
    """``sum_j weights_j w_j^2 / 2`` (a weighted norm ``||D w||^2 / 2`` with ``D^2 = diag(weights)``)."""
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 1 or np.any(weights < 0) or not np.all(np.isfinite(weights)):
        raise ValueError("weights must be a finite nonnegative vector")
    return QuadraticPenalty(f"||D w||^2 / 2, D^2 = diag({np.array2string(weights, precision=3)})",
                            np.diag(weights))


def l1_penalty(mu: float) -> L1Penalty:
    _nonneg(mu)
    return L1Penalty(mu)


# --------------------------------------------------------------------------------------- solutions

@dataclass(frozen=True, eq=False)
class ERMSolution:
    """An approximate minimizer ``w`` of a strongly convex ERM objective and its certificate."""

    w: Array
    value: float
    certificate: float
    gradient_error: float
    modulus: float

    @property
    def distance_bound(self) -> float:
        """A bound on ``||w - w*||``: ``(||g|| + rounding) / m``."""
        return (self.certificate + self.gradient_error) / self.modulus

    @property
    def gap_bound(self) -> float:
        """A bound on ``F(w) - F*``: ``(||g|| + rounding)^2 / (2 m)``."""
        return (self.certificate + self.gradient_error) ** 2 / (2 * self.modulus)


@dataclass(frozen=True)
class _Objective:
    loss: MarginLoss
    Phi: Array
    y: Array
    lam: float
    penalty: Penalty | None
    weight: float

    def smooth(self, w: Array) -> tuple[float, Array]:
        """Loss plus ridge: value and gradient."""
        z = self.Phi @ w
        value = self.weight * float(np.sum(self.loss.value(z, self.y))) + 0.5 * self.lam * float(w @ w)
        grad = self.weight * (self.Phi.T @ self.loss.derivative(z, self.y)) + self.lam * w
        return value, grad

    def value(self, w: Array) -> float:
        return self.smooth(w)[0] + (self.penalty.value(w) if self.penalty is not None else 0.0)

    def certificate(self, w: Array) -> tuple[float, float]:
        """The norm of the least-norm subgradient at ``w`` and a bound on its rounding error:
        ``8 eps (n + D) (||Phi||_F (c ||l'(z)|| + c beta ||Phi||_F ||w||) + lam ||w|| + ||∇P(w)||)``,
        from the products ``z = Phi w``, ``Phiᵀ l'(z)`` (``l'`` is ``beta``-Lipschitz) and the sums."""
        _, g = self.smooth(w)
        gp = np.zeros_like(w)
        if self.penalty is not None:
            gp = self.penalty.gradient(w)
            g = self.penalty.min_norm_subgradient(w, g)
        n, D = self.Phi.shape
        fro, wn = float(np.linalg.norm(self.Phi)), float(np.linalg.norm(w))
        dl = float(np.linalg.norm(self.loss.derivative(self.Phi @ w, self.y)))
        beta = self.loss.smoothness if np.isfinite(self.loss.smoothness) else 1.0
        err = 8 * EPS * (n + D) * (fro * self.weight * (dl + beta * fro * wn) + self.lam * wn
                                   + float(np.linalg.norm(gp)))
        return float(np.linalg.norm(g)), err


def _second_derivative(f: Callable[[Array], Array], x: Array) -> Array:
    """A central difference of a first derivative ``f`` (only steers Newton's steps; the
    certificate uses exact gradients)."""
    h = 1e-6 * np.maximum(1.0, np.abs(x))
    return (f(x + h) - f(x - h)) / (2 * h)


def _newton_system(obj: _Objective, w: Array) -> tuple[Array, Array] | None:
    """The gradient and (difference-quotient) Hessian of a smooth objective at ``w``; None at the
    kink ``w = 0`` of a radial penalty."""
    D = w.size
    z = obj.Phi @ w
    curv = _second_derivative(lambda t: obj.loss.derivative(t, obj.y), z)
    H = obj.weight * (obj.Phi.T * np.maximum(curv, 0.0)) @ obj.Phi + obj.lam * np.eye(D)
    g = obj.smooth(w)[1]
    pen = obj.penalty
    if isinstance(pen, QuadraticPenalty):
        return g + pen.M @ w, H + pen.M
    if isinstance(pen, RadialPenalty):
        r = float(np.linalg.norm(w))
        if r == 0:
            return None
        u = w / r
        d1 = pen.omega_prime(r)
        d2 = float(_second_derivative(lambda t: np.array([pen.omega_prime(float(t[0]))]), np.array([r]))[0])
        return g + d1 * u, H + (d1 / r) * (np.eye(D) - np.outer(u, u)) + d2 * np.outer(u, u)
    return g, H


def _newton(obj: _Objective, w: Array, max_steps: int = 100) -> Array:
    """Damped Newton steps (Armijo backtracking on ``F``); near the minimizer, where ``F`` no longer
    resolves the decrease, a full step is kept only if it lowers the certificate.  Stops when the
    certificate reaches its rounding bound or stops improving."""
    cert, err = obj.certificate(w)
    value = obj.value(w)
    for _ in range(max_steps):
        if cert <= err:
            break
        system = _newton_system(obj, w)
        if system is None:  # at the kink w = 0: leave along the least-norm subgradient
            w = -obj.penalty.min_norm_subgradient(w, obj.smooth(w)[1]) / obj.lam
            cert, err = obj.certificate(w)
            value = obj.value(w)
            continue
        g, H = system
        try:
            d = np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            break
        t, slope = 1.0, float(g @ d)
        while t > 1e-10 and not obj.value(w - t * d) <= value - 1e-4 * t * slope:
            t /= 2
        trial = w - (t if t > 1e-10 else 1.0) * d
        new_cert, new_err = obj.certificate(trial)
        if t <= 1e-10 and not new_cert < cert:
            break
        w, cert, err, value = trial, new_cert, new_err, obj.value(trial)
    return w


def _check_problem(loss: MarginLoss, Phi: Array, y: Array, lam: float, penalty: Penalty | None
                   ) -> tuple[Array, Array]:
    Phi = np.asarray(Phi, dtype=float)
    y = np.asarray(y, dtype=float)
    if Phi.ndim != 2 or y.shape != (Phi.shape[0],):
        raise ValueError(f"need a feature matrix (n, D) and labels (n,), got {Phi.shape} and {y.shape}")
    if not (np.all(np.isfinite(Phi)) and np.all(np.isfinite(y))):
        raise ValueError("features and labels must be finite")
    if not loss.convex:
        raise ValueError(f"the certificate needs a convex loss; {loss.name} is not convex")
    if not (np.isfinite(lam) and lam > 0):
        raise ValueError(f"lam must be positive, got {lam}")
    kappa = penalty.curvature if penalty is not None else 0.0
    if not kappa < lam:
        raise ValueError(f"the penalty's curvature {kappa} must be below lam = {lam} for strong convexity")
    return Phi, y


def minimize_regularized(loss: MarginLoss, Phi: Array, y: Array, lam: float,
                         penalty: Penalty | None = None, *, average: bool = False,
                         w0: Array | None = None, max_iter: int = 20_000) -> ERMSolution:
    """Minimize ``F`` (module docstring) from ``w0`` (default 0): by damped Newton steps for a
    smooth penalty (or none), by L-BFGS-B on the split ``w = u - v``, ``u, v >= 0`` for an l1
    penalty (at most ``max_iter`` iterations).  The point ``w = 0`` is also certified (the minimizer
    when a kink at 0 dominates) and the better certified of the two is returned."""
    Phi, y = _check_problem(loss, Phi, y, lam, penalty)
    n, D = Phi.shape
    obj = _Objective(loss, Phi, y, float(lam), penalty, 1.0 / n if average else 1.0)
    start = np.zeros(D) if w0 is None else np.asarray(w0, dtype=float)
    if start.shape != (D,):
        raise ValueError(f"w0 must have shape ({D},), got {start.shape}")
    if isinstance(penalty, L1Penalty):
        options = dict(maxiter=max_iter, maxfun=4 * max_iter, ftol=1e-15, gtol=1e-13, maxcor=30)
        mu = penalty.mu

        def split(x: Array) -> tuple[float, Array]:
            v, g = obj.smooth(x[:D] - x[D:])
            return v + mu * float(np.sum(x)), np.concatenate([g + mu, -g + mu])

        x0 = np.concatenate([np.maximum(start, 0), np.maximum(-start, 0)])
        res = minimize(split, x0, jac=True, method="L-BFGS-B", bounds=[(0, None)] * (2 * D),
                       options=options)
        w = res.x[:D] - res.x[D:]
    else:
        w = _newton(obj, start)
    candidates = [(obj.certificate(c), c) for c in (w, np.zeros(D))]
    (cert, err), w = min(candidates, key=lambda item: item[0][0] + item[0][1])
    modulus = lam - (penalty.curvature if penalty is not None else 0.0)
    return ERMSolution(w, obj.value(w), cert, err, modulus)


def objective_value(loss: MarginLoss, Phi: Array, y: Array, lam: float, w: Array,
                    penalty: Penalty | None = None, *, average: bool = False) -> float:
    """``F(w)`` of the module docstring."""
    Phi, y = _check_problem(loss, Phi, y, lam, penalty)
    return _Objective(loss, Phi, y, float(lam), penalty, 1.0 / Phi.shape[0] if average else 1.0).value(
        np.asarray(w, dtype=float))


@dataclass(frozen=True, eq=False)
class KernelERMSolution:
    """The minimizer over ``span{k(x_i, .)}``: coefficients ``alpha`` and the solution of the
    ``beta``-problem (whose certificate bounds the RKHS distance to the span minimizer)."""

    alpha: Array
    beta: Array
    eigenvalues: Array
    cutoff: float
    solution: ERMSolution

    @property
    def value(self) -> float:
        return self.solution.value

    @property
    def distance_bound(self) -> float:
        """A bound on ``||f - f*_span||_H``."""
        return self.solution.distance_bound

    @property
    def gap_bound(self) -> float:
        """A bound on the objective gap to the minimum over the span."""
        return self.solution.gap_bound

    def predict(self, K_cross: Array) -> Array:
        """``f(x) = sum_i alpha_i k(x_i, x)`` for the rows ``k(x, X)`` of ``K_cross``."""
        return np.asarray(K_cross, dtype=float) @ self.alpha


def minimize_kernel_regularized(loss: MarginLoss, K: Array, y: Array, lam: float,
                                penalty: RadialPenalty | None = None, *, average: bool = False,
                                rcond: float | None = None, beta0: Array | None = None
                                ) -> KernelERMSolution:
    """Minimize ``c sum_i l(f(x_i), y_i) + (lam/2) ||f||_H^2 + P(||f||_H)`` over
    ``f = sum_i alpha_i k(x_i, .)`` from the Gram matrix alone (module docstring).  Eigenvalues at
    or below ``rcond * s_max`` (see :func:`checks.kernels.psd_eigh`) are dropped."""
    if penalty is not None and not penalty.radial:
        raise ValueError(f"the kernel form needs a penalty of the RKHS norm only, got {penalty!r}")
    s, V, cutoff = psd_eigh(K, rcond)
    if s.size == 0:
        raise ValueError("K is zero: the span of the kernel sections is {0}")
    root = np.sqrt(s)
    sol = minimize_regularized(loss, V * root, y, lam, penalty, average=average, w0=beta0)
    return KernelERMSolution(V @ (sol.w / root), sol.w, s, cutoff, sol)


# ------------------------------------------------------------------------------------ closed forms

def ridge_primal(Phi: Array, y: Array, lam: float) -> Array:
    """``(PhiᵀPhi + lam I)^{-1} Phiᵀ y``, the minimizer of ``||Phi w - y||^2/2 + lam ||w||^2/2``."""
    Phi, y = _check_problem(SQUARED, Phi, y, lam, None)
    return solve(Phi.T @ Phi + lam * np.eye(Phi.shape[1]), Phi.T @ y, assume_a="pos")


def kernel_ridge(K: Array, y: Array, lam: float) -> Array:
    """``alpha = (K + lam I)^{-1} y``: kernel ridge regression, ``w = Phiᵀ alpha``."""
    K = np.asarray(K, dtype=float)
    _check_problem(SQUARED, K, y, lam, None)
    return solve(K + lam * np.eye(K.shape[0]), np.asarray(y, dtype=float), assume_a="pos")


def kernel_gradient_descent(K: Array, y: Array, eta: float, steps: int,
                            alpha0: Array | None = None) -> Array:
    """``alpha_{t+1} = alpha_t - eta (K alpha_t - y)``: gradient descent on ``||Phi w - y||^2 / 2``
    written for ``w_t = Phiᵀ alpha_t`` (then ``w_{t+1} = w_t - eta Phiᵀ(Phi w_t - y)``).  Returns all
    iterates, shape ``(steps + 1, n)``; no step-size condition is imposed."""
    K = np.asarray(K, dtype=float)
    y = np.asarray(y, dtype=float)
    n = K.shape[0]
    if K.shape != (n, n) or y.shape != (n,):
        raise ValueError(f"need a square K and y of matching length, got {K.shape} and {y.shape}")
    if not (np.isfinite(eta) and eta > 0):
        raise ValueError(f"eta must be positive, got {eta}")
    if not (isinstance(steps, (int, np.integer)) and steps >= 0):
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    a = np.zeros(n) if alpha0 is None else np.array(alpha0, dtype=float)
    if a.shape != (n,):
        raise ValueError(f"alpha0 must have shape ({n},), got {a.shape}")
    out = np.empty((steps + 1, n))
    out[0] = a
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            a = a - eta * (K @ a - y)
            out[t + 1] = a
    return out

