"""Mirror descent, Bregman divergences and Bregman projections onto ``{w : X w = y}``, gradient
descent on the two-layer diagonal linear network ``w = u⊙u - v⊙v``, and other optimizer geometries on
least squares: steepest descent for an ``l_p`` norm, diagonal adaptive methods (mirror descent with a
moving quadratic potential), and forward stagewise (``l1`` coordinate descent) in exact arithmetic.

A *potential* ``R`` is a Legendre function: strictly convex, differentiable, with a mirror map
``∇R`` that is a bijection onto its image and the inverse ``∇R* = (∇R)⁻¹`` (the gradient of the convex
conjugate ``R*``).  Three families are implemented:

- :class:`Quadratic`: ``R(w) = ½ wᵀDw`` (``D ≻ 0``; ``D = I`` gives gradient descent);
- :class:`Entropy`: ``R(w) = Σ w_i log w_i - w_i`` on ``w > 0`` (exponentiated gradient);
- :class:`HyperbolicEntropy`: ``R_a(w) = Σ (a_i/4) q(w_i/a_i)``, ``q(z) = 2 - √(4 + z²) + z asinh(z/2)``,
  the potential of the diagonal network from the initialization ``u = α1, v = -α1`` (``a = α²``);
  ``∇R_a(w) = ¼ asinh(w/(2a))``, ``∇²R_a(w) = diag(1 / (4√(w² + 4a²)))`` (Woodworth et al. 2020 use
  ``Q_α = 4 R_{α²}``, which has the same minimizers).

The Bregman divergence is ``D_R(w, z) = R(w) - R(z) - ⟨∇R(z), w - z⟩``.  Mirror descent on
``L(w) = ½||X w - y||²`` updates the dual iterate, ``∇R(w_{t+1}) = ∇R(w_t) - η_t Xᵀ(X w_t - y)``, so
``∇R(w_t) - ∇R(w_0)`` stays in ``row(X)``; a zero-loss limit then satisfies the KKT conditions of the
Bregman projection ``argmin{D_R(w, w_0) : X w = y}``.

Every floating-point routine here also returns, or has a companion returning, a bound on its rounding
error, in units of ``EPS = 2⁻⁵²``: elementary functions (``exp``, ``log``, ``sinh``, ``asinh``) are
assumed accurate to ``ULPS = 4`` units in the last place, a dot product of length ``m`` to
``m EPS`` relative to the sum of the absolute products, and one arithmetic operation to ``EPS``.
The projection solver's answer comes with a *certified* radius (:func:`projection_radius`, a
homotopy argument that needs only the least curvature of ``R`` and the design constant ``chi``), so a
claim never trusts the solver's own stopping tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations

import numpy as np
import scipy.linalg
import scipy.optimize

from checks.linalg import EPS

ULPS = 4.0
"""Assumed accuracy of NumPy's elementary functions, in units in the last place."""
RCOND = 1e-10
"""Relative rank cutoff for the designs handled here (they are planted with condition number <= 1e3)."""


def _vector(w: np.ndarray, name: str, d: int | None = None) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    if w.ndim != 1 or (d is not None and w.shape != (d,)):
        raise ValueError(f"{name} must be a vector" + (f" of length {d}" if d is not None else "")
                         + f", got shape {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"{name} has non-finite entries")
    return w


# --- potentials --------------------------------------------------------------------------------------

class Potential:
    """Interface of a Legendre potential on ``R^d`` (or the positive orthant)."""

    name = "potential"
    separable = True

    def in_domain(self, w: np.ndarray) -> bool:
        return bool(np.all(np.isfinite(w)))

    def value(self, w: np.ndarray) -> float:
        raise NotImplementedError

    def grad(self, w: np.ndarray) -> np.ndarray:
        """The mirror map ``∇R(w)`` (row-wise for a 2-d array)."""
        raise NotImplementedError

    def grad_conj(self, theta: np.ndarray) -> np.ndarray:
        """The inverse mirror map ``∇R*(θ)``."""
        raise NotImplementedError

    def conj(self, theta: np.ndarray) -> float:
        """The convex conjugate ``R*(θ) = sup_w ⟨θ, w⟩ - R(w)``."""
        raise NotImplementedError

    def hess_conj(self, theta: np.ndarray) -> np.ndarray:
        """``∇²R*(θ) = (∇²R(∇R*(θ)))⁻¹`` as a d×d matrix."""
        return np.diag(self.hess_conj_diag(theta))

    def hess_conj_diag(self, theta: np.ndarray) -> np.ndarray:
        """The diagonal of ``∇²R*(θ)`` (a separable potential's whole Hessian)."""
        raise NotImplementedError

    def curvature(self, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds ``(mu, M)`` on the eigenvalues of ``∇²R`` over the box
        ``[lo, hi]`` (intersected with the domain); ``lo``, ``hi`` may carry a leading batch axis."""
        raise NotImplementedError

    def minimizer(self, d: int) -> np.ndarray:
        """``argmin R`` (the point with ``∇R = 0``)."""
        raise NotImplementedError

    def value_error(self, w: np.ndarray) -> float:
        """A bound on ``|fl(R(w)) - R(w)|``."""
        raise NotImplementedError

    def grad_error(self, w: np.ndarray) -> np.ndarray:
        """A bound on ``|fl(∇R(w)) - ∇R(w)|`` (entrywise, row-wise for 2-d input)."""
        raise NotImplementedError

    def roundtrip_error(self, theta: np.ndarray) -> np.ndarray:
        """A bound on ``|fl(∇R(fl(∇R*(θ)))) - θ|`` (entrywise, row-wise for 2-d input)."""
        raise NotImplementedError

    def grad_conj_error(self, theta: np.ndarray) -> np.ndarray:
        """A bound on ``|fl(∇R*(θ)) - ∇R*(θ)|`` (entrywise)."""
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class Quadratic(Potential):
    """``R(w) = ½ wᵀDw`` with ``D`` symmetric positive definite; ``∇R = D w``, ``∇R* = D⁻¹θ``.

    ``D = I`` (the default for ``D=None`` with ``d`` given) makes mirror descent gradient descent."""

    D: np.ndarray
    name: str = "quadratic"
    separable: bool = False
    _inv: np.ndarray = field(init=False, repr=False)
    _eig: tuple[float, float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        D = np.asarray(self.D, dtype=float)
        if D.ndim != 2 or D.shape[0] != D.shape[1] or not np.all(np.isfinite(D)):
            raise ValueError(f"D must be a finite square matrix, got shape {D.shape}")
        if not np.allclose(D, D.T, rtol=0, atol=8 * EPS * np.abs(D).max()):
            raise ValueError("D must be symmetric")
        D = (D + D.T) / 2
        lam = np.linalg.eigvalsh(D)
        # eigvalsh is backward stable: each computed eigenvalue is within d EPS ||D||_2 of the exact one
        slack = D.shape[0] * EPS * abs(lam[-1])
        if lam[0] <= slack:
            raise ValueError(f"D must be positive definite; its least eigenvalue is {lam[0]:.3g}")
        object.__setattr__(self, "D", D)
        object.__setattr__(self, "_inv", scipy.linalg.cho_solve(scipy.linalg.cho_factor(D), np.eye(D.shape[0])))
        object.__setattr__(self, "_eig", (float(lam[0] - slack), float(lam[-1] + slack)))
        if np.array_equal(D, np.eye(D.shape[0])):
            object.__setattr__(self, "name", "euclidean")

    @classmethod
    def euclidean(cls, d: int) -> "Quadratic":
        return cls(np.eye(d))

    def __repr__(self) -> str:
        if self.name == "euclidean":
            return f"Euclidean(d={self.D.shape[0]})"
        with np.printoptions(precision=4, suppress=True):
            return f"Quadratic(D={self.D!r}, cond={self.cond:.3g})"

    @property
    def cond(self) -> float:
        return self._eig[1] / self._eig[0]

    def value(self, w):
        w = np.asarray(w, dtype=float)
        return 0.5 * float(w @ self.D @ w)

    def grad(self, w):
        return np.asarray(w, dtype=float) @ self.D  # D symmetric: row-wise D w

    def grad_conj(self, theta):
        return np.asarray(theta, dtype=float) @ self._inv.T

    def conj(self, theta):
        theta = np.asarray(theta, dtype=float)
        return 0.5 * float(theta @ self.grad_conj(theta))

    def hess_conj(self, theta):
        return self._inv

    def curvature(self, lo, hi):
        shape = np.shape(lo)[:-1]
        return np.full(shape, self._eig[0]), np.full(shape, self._eig[1])

    def weighted_pinv_norm(self, design: "Design") -> float:
        """``||D⁻¹Xᵀ(X D⁻¹ Xᵀ)⁻¹||_2`` (``1/s_min(X)`` for ``D = I``), enlarged by its rounding: the
        solve with ``X D⁻¹ Xᵀ`` is accurate to ``8 (n + d) EPS`` times its condition number."""
        X = design.X
        Dinv = self._inv
        G = X @ Dinv @ X.T
        P = Dinv @ X.T @ np.linalg.inv((G + G.T) / 2)
        lam = np.linalg.eigvalsh((G + G.T) / 2)
        slack = 8 * sum(X.shape) * EPS * (self.cond + float(lam[-1] / lam[0]))
        return float(np.linalg.norm(P, 2)) * (1 + slack)

    def minimizer(self, d):
        return np.zeros(d)

    def value_error(self, w):
        d = self.D.shape[0]
        w = np.abs(np.asarray(w, dtype=float))
        return float((d + 2) * EPS * (w @ np.abs(self.D) @ w))

    def grad_error(self, w):
        d = self.D.shape[0]
        return (d + 1) * EPS * (np.abs(np.asarray(w, dtype=float)) @ np.abs(self.D))

    def grad_conj_error(self, theta):
        # ||Ĉ - D⁻¹|| <= 3 d^2.5 EPS cond(D) / l_min (see roundtrip_error) and the product adds d EPS |Ĉ||θ|
        theta = np.asarray(theta, dtype=float)
        d = self.D.shape[0]
        norm = np.linalg.norm(theta, axis=-1, keepdims=True)
        return np.broadcast_to((3 * d ** 2.5 + d) * EPS * self.cond / self._eig[0] * 1.01 * norm, theta.shape)

    def roundtrip_error(self, theta):
        # Ĉ = D⁻¹ is formed column by column by Cholesky solves, each backward stable:
        # (D + E_j) ĉ_j = e_j with ||E_j|| <= 3 d² EPS ||D|| (Higham, Thm 10.4 with ||R̂ᵀ||·||R̂|| <= d ||D||),
        # so ||D Ĉ - I|| <= 3 d^2.5 EPS cond(D); the product Ĉθ adds d EPS ||D|| ||Ĉ|| ||θ|| after
        # multiplying by D, and the product D ŵ another d EPS cond(D) ||θ|| (||ŵ|| <= 1.01 ||θ|| / l_min).
        theta = np.asarray(theta, dtype=float)
        d = self.D.shape[0]
        norm = np.linalg.norm(theta, axis=-1, keepdims=True)
        bound = (3 * d ** 2.5 + d * d + d) * EPS * self.cond * 1.01 * norm
        return np.broadcast_to(bound, theta.shape)


@dataclass(frozen=True, eq=False)
class Entropy(Potential):
    """``R(w) = Σ w_i log w_i - w_i`` on ``w > 0``; ``∇R = log w``, ``∇R* = exp``, ``∇²R = diag(1/w)``;
    ``D_R(w, z) = Σ w log(w/z) - w + z`` (the generalized Kullback–Leibler divergence)."""

    name: str = "entropy"

    def __repr__(self) -> str:
        return "Entropy()"

    def in_domain(self, w):
        return bool(np.all(np.isfinite(w)) and np.all(np.asarray(w) > 0))

    def value(self, w):
        w = np.asarray(w, dtype=float)
        return float(np.sum(w * np.log(w) - w))

    def grad(self, w):
        return np.log(np.asarray(w, dtype=float))

    def grad_conj(self, theta):
        return np.exp(np.asarray(theta, dtype=float))

    def conj(self, theta):
        return float(np.sum(np.exp(theta)))

    def hess_conj_diag(self, theta):
        return np.exp(theta)

    def curvature(self, lo, hi):
        lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
        mu = 1.0 / np.max(hi, axis=-1)
        low = np.min(lo, axis=-1)
        with np.errstate(divide="ignore", over="ignore"):  # 1/subnormal overflows to the intended inf
            M = np.where(low > 0, 1.0 / np.where(low > 0, low, 1.0), np.inf)
        return mu, M

    def minimizer(self, d):
        return np.ones(d)

    def value_error(self, w):
        w = np.asarray(w, dtype=float)
        terms = np.abs(w * np.log(w)) + w
        return float((w.size + ULPS + 3) * EPS * terms.sum())

    def grad_error(self, w):
        return ULPS * EPS * np.abs(np.log(np.asarray(w, dtype=float)))

    def grad_conj_error(self, theta):
        # 4-ulp exp, and an absolute 1e-307 for results in (or below) the subnormal range
        return ULPS * EPS * np.exp(np.asarray(theta, dtype=float)) + 1e-307

    def roundtrip_error(self, theta):
        # fl(exp θ) = e^θ (1 + δ), |δ| <= ULPS EPS, so log of it is θ + log(1 + δ); the log itself adds
        # ULPS EPS relative to |θ + log(1 + δ)|.
        theta = np.asarray(theta, dtype=float)
        return ULPS * EPS * (1.01 + np.abs(theta) * (1 + 2 * ULPS * EPS))


def hyperbolic_q(z: np.ndarray) -> np.ndarray:
    """``q(z) = 2 - √(4 + z²) + z asinh(z/2)``, evaluated as ``z asinh(z/2) - z²/(2 + √(4 + z²))`` to
    avoid cancellation near 0; ``q(0) = 0``, ``q'(z) = asinh(z/2)``, ``q''(z) = 1/√(4 + z²)``."""
    z = np.asarray(z, dtype=float)
    return z * np.arcsinh(z / 2) - z * z / (2 + np.sqrt(4 + z * z))


@dataclass(frozen=True, eq=False)
class HyperbolicEntropy(Potential):
    """``R_a(w) = Σ (a_i/4) q(w_i/a_i)`` for scales ``a_i > 0`` (scalar or per coordinate).

    ``∇R_a(w) = ¼ asinh(w/(2a))``, ``∇R_a*(θ) = 2a sinh(4θ)``, ``R_a*(θ) = Σ a sinh²(2θ)``,
    ``∇²R_a(w) = diag(1/(4√(w² + 4a²)))``.  Gradient flow on ``w = u⊙u - v⊙v`` with ``|u⊙v| = a``
    conserved is the mirror flow of ``R_a`` (Woodworth et al. 2020, Thm 1; ``a = α²`` for the init
    ``(α1, -α1)``)."""

    scale: float | np.ndarray
    name: str = "hyperbolic"

    def __post_init__(self) -> None:
        a = np.asarray(self.scale, dtype=float)
        if a.ndim > 1 or not np.all(np.isfinite(a)) or not np.all(a > 0):
            raise ValueError(f"scale must be positive (a scalar or a vector), got {self.scale!r}")
        object.__setattr__(self, "scale", float(a) if a.ndim == 0 else a)

    def __repr__(self) -> str:
        a = np.asarray(self.scale)
        if a.ndim == 0:
            return f"HyperbolicEntropy(scale={float(a):.6g})"
        with np.printoptions(precision=4):
            return f"HyperbolicEntropy(scale={a!r})"

    def value(self, w):
        w = np.asarray(w, dtype=float)
        a = self.scale
        return float(np.sum(a / 4 * hyperbolic_q(w / a)))

    def grad(self, w):
        return 0.25 * np.arcsinh(np.asarray(w, dtype=float) / (2 * self.scale))

    def grad_conj(self, theta):
        return 2 * self.scale * np.sinh(4 * np.asarray(theta, dtype=float))

    def conj(self, theta):
        return float(np.sum(self.scale * np.sinh(2 * np.asarray(theta, dtype=float)) ** 2))

    def hess_conj_diag(self, theta):
        return 8 * self.scale * np.cosh(4 * np.asarray(theta, dtype=float))

    def curvature(self, lo, hi):
        lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
        a = np.broadcast_to(self.scale, lo.shape)
        far = np.maximum(np.abs(lo), np.abs(hi))
        near = np.where((lo <= 0) & (hi >= 0), 0.0, np.minimum(np.abs(lo), np.abs(hi)))
        mu = np.min(1.0 / (4 * np.sqrt(far ** 2 + 4 * a ** 2)), axis=-1)
        M = np.max(1.0 / (4 * np.sqrt(near ** 2 + 4 * a ** 2)), axis=-1)
        return mu, M

    def minimizer(self, d):
        return np.zeros(d)

    def value_error(self, w):
        z = np.asarray(w, dtype=float) / self.scale
        # both terms of q are formed to ~(ULPS + 6) EPS relative; the sum adds d EPS of their size
        terms = np.broadcast_to(self.scale / 4, z.shape) * (np.abs(z * np.arcsinh(z / 2)) + z * z / 2)
        return float((z.size + ULPS + 8) * EPS * terms.sum())

    def grad_error(self, w):
        u = np.asarray(w, dtype=float) / (2 * self.scale)
        # the argument carries 2 EPS relative error, which asinh damps (|u asinh'(u)| <= 1)
        return 0.25 * EPS * (ULPS * np.abs(np.arcsinh(u)) + 3)

    def grad_conj_error(self, theta):
        return (ULPS + 2) * EPS * np.abs(self.grad_conj(theta)) + 1e-307

    def roundtrip_error(self, theta):
        # fl(2a sinh 4θ) = 2a sinh(4θ)(1 + δ), |δ| <= (ULPS + 2) EPS; dividing by 2a adds 2 EPS; asinh of
        # u(1 + δ') is asinh(u) + O(|δ'|) (|u asinh'(u)| <= 1), then ULPS EPS relative; the ¼ is exact.
        theta = np.asarray(theta, dtype=float)
        return 0.25 * EPS * ((ULPS + 5) * 1.01 + ULPS * 4 * np.abs(theta))


# --- Bregman divergence ------------------------------------------------------------------------------

def _check_domain(pot: Potential, w: np.ndarray, name: str) -> None:
    if not pot.in_domain(w):
        raise ValueError(f"{name} is outside the domain of {pot!r}")


def bregman_divergence(pot: Potential, w: np.ndarray, z: np.ndarray) -> float:
    """``D_R(w, z) = R(w) - R(z) - ⟨∇R(z), w - z⟩``."""
    w, z = _vector(w, "w"), _vector(z, "z", np.size(w))
    _check_domain(pot, w, "w")
    _check_domain(pot, z, "z")
    return pot.value(w) - pot.value(z) - float(pot.grad(z) @ (w - z))


def bregman_rounding(pot: Potential, w: np.ndarray, z: np.ndarray) -> float:
    """A bound on ``|fl(D_R(w, z)) - D_R(w, z)|`` for :func:`bregman_divergence`."""
    w, z = np.asarray(w, dtype=float), np.asarray(z, dtype=float)
    g = pot.grad(z)
    diff = np.abs(w - z)
    dot = np.abs(g) @ diff
    parts = pot.value_error(w) + pot.value_error(z) + float(pot.grad_error(z) @ diff)
    # w - z: EPS |w - z| per entry; the dot product: (d + 1) EPS Σ|g||w - z|; two subtractions
    outer = abs(pot.value(w)) + abs(pot.value(z)) + dot
    return float(parts + (w.size + 2) * EPS * dot + 2 * EPS * outer)


def mirror_step(pot: Potential, w: np.ndarray, g: np.ndarray, eta: float) -> np.ndarray:
    """One mirror-descent step ``∇R*(∇R(w) - η g)``, the minimizer of ``η⟨g, v⟩ + D_R(v, w)``."""
    return pot.grad_conj(pot.grad(w) - eta * np.asarray(g, dtype=float))


# --- the design: SVD, null space, projector accuracy -----------------------------------------------

@dataclass(frozen=True, eq=False)
class Design:
    """The facts about ``X`` that the bounds use: singular values, an orthonormal basis ``K`` of the
    null space, a lower bound on the least nonzero singular value, and ``chi``.

    ``null_error`` bounds ``||N̂ - N||_2`` for the computed projector ``N̂ = K Kᵀ`` onto ``null(X)``:
    the SVD is exact for a matrix within ``(n + d) EPS s_max`` of ``X``, and the sin-θ theorem with
    gap ``s_min`` turns that into ``2 (n + d) EPS s_max / s_min``, doubled for the products.

    ``chi = max_B ||X_B⁻¹||_2`` over the nonsingular ``n×n`` column submatrices bounds the weighted
    pseudo-inverse ``W Xᵀ(X W Xᵀ)⁻¹`` for EVERY positive diagonal ``W``: its output is a convex
    combination of the basic solutions ``X_B⁻¹ r`` (weights ``∝ det(X_B)² Π_{i∈B} W_ii``; Ben-Tal and
    Teboulle 1990; the bound is Stewart's 1989 ``χ``).  Each ``s_min(X_B)`` is lowered by
    ``2n EPS ||X_B||`` for its rounding; a basis whose least singular value is at rounding level
    (possibly exactly singular, possibly not) makes ``chi`` infinite, i.e. no certificate.  Requires
    full row rank."""

    X: np.ndarray
    s: np.ndarray
    K: np.ndarray
    s_min: float
    null_error: float
    chi: float

    @classmethod
    def of(cls, X: np.ndarray) -> "Design":
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or not np.all(np.isfinite(X)) or X.size == 0:
            raise ValueError(f"X must be a finite non-empty matrix, got shape {X.shape}")
        n, d = X.shape
        _, s, Vt = np.linalg.svd(X, full_matrices=True)
        r = int(np.sum(s > RCOND * s[0])) if s[0] > 0 else 0
        if r < n:
            raise ValueError(f"X must have full row rank (rank {r} < {n} rows)")
        s_min = float(s[r - 1] - 2 * (n + d) * EPS * s[0])
        if s_min <= 0:
            raise ValueError("X is too ill-conditioned for the certified bounds")
        chi = 0.0
        for B in combinations(range(d), n):
            sb = np.linalg.svd(X[:, B], compute_uv=False)
            low = float(sb[-1] - 2 * n * EPS * sb[0])
            chi = max(chi, 1.0 / low if low > 0 else float("inf"))
        return cls(X, s[:r], Vt[r:].T, s_min, 4 * (n + d) * EPS * float(s[0]) / s_min, chi)

    def null_part(self, v: np.ndarray) -> np.ndarray:
        """``||N̂ v||_2`` row-wise (``N̂`` the computed projector onto ``null(X)``)."""
        v = np.asarray(v, dtype=float)
        return np.linalg.norm(v @ self.K, axis=-1)

    def null_part_error(self, v: np.ndarray) -> np.ndarray:
        """A bound on ``| ||N̂ v|| - ||N v|| |`` (row-wise): projector error and the products."""
        norms = np.linalg.norm(np.asarray(v, dtype=float), axis=-1)
        return (self.null_error + 2 * self.X.shape[1] * EPS) * norms

    def residual(self, w: np.ndarray, y: np.ndarray) -> np.ndarray:
        """A bound on the exact ``||X w - y||`` (row-wise): the computed norm plus the rounding of
        ``X w - y`` (``(d + 1) EPS (|X||w| + |y|)`` per entry)."""
        w = np.asarray(w, dtype=float)
        r = w @ self.X.T - y
        err = (self.X.shape[1] + 2) * EPS * (np.abs(w) @ np.abs(self.X).T + np.abs(y))
        return np.linalg.norm(r, axis=-1) + np.linalg.norm(err, axis=-1)


# --- certified Bregman projection ---------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Certified:
    """A point ``w`` and a radius with ``||w - w*||_2 <= radius`` for the exact projection ``w*``."""

    w: np.ndarray
    radius: float


def projection_radius(pot: Potential, design: Design, w: np.ndarray, residual: np.ndarray,
                      tau: np.ndarray, offset: float = 0.0) -> np.ndarray:
    """A certified bound on ``||w - w*||_2`` for ``w* = argmin{D_R(v, w0) : X v = y}``, for points ``w``
    (rows) with ``||X w - y|| <= residual`` and ``∇R(w) - ∇R(w0) = Xᵀλ + ν``, ``||ν|| <= tau``.

    Homotopy: the problems ``min D_R(v, w0) - (1 - s)⟨ν, v⟩`` s.t. ``X v = y + (1 - s) r`` have ``w`` as
    solution at ``s = 0`` and ``w*`` at ``s = 1``, and their solutions move with velocity
    ``v' = -P r + (I - P X) H⁻¹ν``, ``P = H⁻¹Xᵀ(X H⁻¹ Xᵀ)⁻¹``, ``H = ∇²R(v)``.  ``I - P X`` is the
    ``H``-orthogonal projector onto ``null(X)``, so the second term has norm at most ``||ν|| / mu`` when
    ``H >= mu``; for a separable ``R`` (``H`` diagonal) ``||P|| <= chi`` whatever ``H`` is.  So
    ``||v'|| <= chi ||r|| + tau / mu`` while ``v`` stays in a box where ``∇²R >= mu``; if that speed is
    below the box's half-width ``rho`` the path never leaves the box, and ``||w - w*||`` is at most the
    speed.  No upper curvature bound enters, which matters near the boundary of the entropy's domain
    or for a tiny hyperbolic scale.  For a quadratic ``R`` the exact ``||P||`` and ``mu = l_min(D)``
    are used (for ``D = I``: ``||r|| / s_min + tau``, attained when ``w - w*`` is along ``v_min``).
    Rows that no box certifies get ``inf``.  With ``offset > 0`` the statement is about an exact point
    within ``offset`` of each row (the box must then hold the path with that margin)."""
    w = np.atleast_2d(np.asarray(w, dtype=float))
    res = np.broadcast_to(np.asarray(residual, dtype=float), w.shape[:1])
    tau = np.broadcast_to(np.asarray(tau, dtype=float), w.shape[:1])
    if not pot.separable:
        K = pot.weighted_pinv_norm(design)
        mu = pot.curvature(w, w)[0]
        return K * res + tau / mu
    chi = design.chi
    base = chi * res
    mu0 = pot.curvature(w, w)[0]
    speed = base + tau / mu0
    rho = 2 * (speed + offset) + 1e-300
    out = np.full(w.shape[0], np.inf)
    todo = np.ones(w.shape[0], dtype=bool)
    for _ in range(80):
        mu = pot.curvature(w - rho[:, None], w + rho[:, None])[0]
        with np.errstate(divide="ignore", invalid="ignore"):
            speed = base + tau / mu
        done = todo & (mu > 0) & (speed + offset < rho)
        out[done] = speed[done]
        todo &= ~done
        if not todo.any():
            break
        rho = np.where(todo, 2 * np.maximum(rho, np.where(np.isfinite(speed), speed, rho)), rho)
    return out


def certify_projection(pot: Potential, X: np.ndarray, y: np.ndarray, w0: np.ndarray, w: np.ndarray,
                       design: Design | None = None) -> float:
    """A certified bound on ``||w - w*||_2`` for ``w* = argmin{D_R(v, w0) : X v = y}`` and any point ``w``
    of the domain: :func:`projection_radius` with the exact residual bounded by
    :meth:`Design.residual` and ``tau`` by :func:`dual_offset` (computed null-space part of
    ``∇R(w) - ∇R(w0)`` plus its rounding)."""
    design = design or Design.of(X)
    w, w0 = _vector(w, "w"), _vector(w0, "w0", np.size(w))
    if not (pot.in_domain(w) and pot.in_domain(w0)):
        return float("inf")
    null, err = dual_offset(pot, design, w, w0)
    return float(projection_radius(pot, design, w, design.residual(w, y), null + err)[0])


def bregman_projection(pot: Potential, X: np.ndarray, y: np.ndarray, w0: np.ndarray,
                       design: Design | None = None) -> Certified:
    """``argmin{D_R(w, w0) : X w = y}`` with a certified radius.

    Solved through the dual: the minimizer is ``w = ∇R*(∇R(w0) + Xᵀλ)`` for the ``λ`` minimizing the
    smooth convex ``φ(λ) = R*(∇R(w0) + Xᵀλ) - ⟨λ, y⟩`` (``∇φ = X w - y``, ``∇²φ = X ∇²R* Xᵀ``), found by
    SciPy's exact trust-region Newton method and polished by Newton steps; the radius comes from
    :func:`certify_projection`, independent of the solver's tolerances."""
    X = np.asarray(X, dtype=float)
    y, w0 = _vector(y, "y", X.shape[0]), _vector(w0, "w0", X.shape[1])
    _check_domain(pot, w0, "w0")
    design = design or Design.of(X)
    theta0 = pot.grad(w0)

    def point(lam):
        return pot.grad_conj(theta0 + X.T @ lam)

    def fun(lam):
        return pot.conj(theta0 + X.T @ lam) - lam @ y

    def jac(lam):
        return X @ point(lam) - y

    def hess(lam):
        return X @ pot.hess_conj(theta0 + X.T @ lam) @ X.T

    lam0 = np.zeros(X.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        res = scipy.optimize.minimize(fun, lam0, jac=jac, hess=hess, method="trust-exact",
                                      options={"gtol": 1e-13 * (1 + np.linalg.norm(y)), "maxiter": 1000})
        lam = res.x
        best = point(lam)
        best_res = np.linalg.norm(X @ best - y)
        for _ in range(5):  # Newton polishing of X w(λ) = y
            try:
                lam_new = lam - np.linalg.solve(hess(lam), jac(lam))
            except np.linalg.LinAlgError:
                break
            cand = point(lam_new)
            cand_res = np.linalg.norm(X @ cand - y)
            if not (np.all(np.isfinite(cand)) and cand_res < best_res):
                break
            lam, best, best_res = lam_new, cand, cand_res
    return Certified(best, _certify_dual_point(pot, design, y, w0, theta0, lam))


def _certify_dual_point(pot: Potential, design: Design, y: np.ndarray, w0: np.ndarray, theta0: np.ndarray,
                        lam: np.ndarray) -> float:
    """Certified radius for ``fl(∇R*(θ̂))``, ``θ̂ = fl(θ0 + Xᵀλ)``: the exact point ``∇R*(θ̂)`` has dual
    displacement ``θ̂ - ∇R(w0)``, which is ``Xᵀλ`` up to the rounding of the product
    (``n EPS |Xᵀ||λ|``), of the sum (``EPS |θ̂|``) and of ``θ0`` itself; the float point is within
    ``grad_conj_error`` of it (this also covers entries that underflow to 0 for the entropy)."""
    X = design.X
    n, d = X.shape
    theta = theta0 + X.T @ lam
    w = pot.grad_conj(theta)
    off = pot.grad_conj_error(theta)
    tau = np.sqrt(d) * float(np.max((n + 1) * EPS * (np.abs(X.T) @ np.abs(lam)) + EPS * np.abs(theta)
                                    + pot.grad_error(w0)))
    offset = float(np.linalg.norm(off))
    residual = float(design.residual(w, y)) + float(design.s[0]) * offset * (1 + 1e-12)
    return float(projection_radius(pot, design, w, residual, tau, offset)[0]) + offset


# --- mirror descent on least squares -----------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class MirrorRun:
    """Iterates of mirror descent on ``½||X w - y||²``: ``W[t] = w_t``, ``Theta[t]`` the dual iterate
    as computed, ``etas[t]`` the step used at step ``t``, and ``drift[t]`` a bound on the norm of the
    null-space part that rounding has put into ``Theta[t] - Theta[0]``."""

    W: np.ndarray
    Theta: np.ndarray
    etas: np.ndarray
    drift: np.ndarray

    @property
    def steps(self) -> int:
        return self.W.shape[0] - 1


def mirror_descent(pot: Potential, X: np.ndarray, y: np.ndarray, w0: np.ndarray,
                   multipliers: np.ndarray, rtol: float = 0.0, cap: bool = True) -> MirrorRun:
    """Mirror descent ``θ_{t+1} = θ_t - η_t Xᵀ(X w_t - y)``, ``w_t = ∇R*(θ_t)``, ``θ_0 = ∇R(w0)``.

    The step is ``η_t = c_t min(1 / ||X ∇²R*(θ_t) Xᵀ||_∞, 1 / (2 ||g_t||_2))`` for the given multipliers
    ``c_t > 0``, ``g_t = Xᵀ(X w_t - y)``: the max-row-sum norm bounds the local relative smoothness
    ``λ_max(X ∇²R* Xᵀ)`` (for a quadratic potential the exact ``λ_max`` is used), and the cap keeps each
    dual move below ``c_t / 2``, where the curvature of an exponential-type mirror map cannot change
    much (``cap=False`` drops the cap: for a quadratic potential the step is then the constant
    ``c_t / λ_max``, preconditioned gradient descent).  Any schedule keeps the dual displacement in
    ``row(X)``.  Stops early once ``||X w_t - y|| <= rtol ||y||``.

    ``drift`` accumulates, per step, the rounding that can leave ``row(X)``: the product ``Xᵀr``
    (``(n + 2) EPS η_t ||X||_F ||r||`` with the scaling by ``η_t``) and the update of ``θ``
    (``EPS ||θ_{t+1}||``)."""
    X = np.asarray(X, dtype=float)
    y, w0 = _vector(y, "y", X.shape[0]), _vector(w0, "w0", X.shape[1])
    c = np.asarray(multipliers, dtype=float)
    if c.ndim != 1 or not np.all(np.isfinite(c)) or not np.all(c > 0):
        raise ValueError("multipliers must be a vector of positive numbers")
    _check_domain(pot, w0, "w0")
    n, d = X.shape
    theta = pot.grad(w0)
    w = w0.copy()
    T = c.size
    W = np.empty((T + 1, d))
    Th = np.empty((T + 1, d))
    etas = np.empty(T)
    rnorms = np.empty(T)
    W[0], Th[0] = w, theta
    stop = rtol * float(np.linalg.norm(y))
    # a quadratic potential has a constant ∇²R*: its scale λ_max(X D⁻¹ Xᵀ) is computed once
    fixed = None if pot.separable else float(np.linalg.eigvalsh(X @ pot.hess_conj(theta) @ X.T)[-1])
    curv = None if fixed is not None else pot.hess_conj_diag
    m = 0
    for t in range(T):
        r = X @ w - y
        rn = float(np.sqrt(r @ r))
        if rn <= stop:
            break
        g = X.T @ r
        scale = fixed if curv is None else float(np.abs((X * curv(theta)) @ X.T).sum(axis=1).max())
        eta = c[t] * (min(1.0 / scale, 0.5 / float(np.sqrt(g @ g))) if cap else 1.0 / scale)
        theta = theta - eta * g
        w = pot.grad_conj(theta)
        W[t + 1], Th[t + 1] = w, theta
        etas[t], rnorms[t] = eta, rn
        m = t + 1
    etas, rnorms = etas[:m], rnorms[:m]
    fro = float(np.linalg.norm(X))
    drift = np.zeros(m + 1)
    drift[1:] = np.cumsum((n + 2) * EPS * etas * fro * rnorms + EPS * np.linalg.norm(Th[1: m + 1], axis=1))
    return MirrorRun(W[: m + 1], Th[: m + 1], etas, drift)


def dual_offset(pot: Potential, design: Design, W: np.ndarray, w0: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """``||N̂(∇R(w) - ∇R(w0))||`` for each row ``w`` of ``W`` (computed), and a bound on its distance
    from the exact ``||N(∇R(w) - ∇R(w0))||`` at the same floating-point points: the projector error
    and the rounding of both gradients."""
    W = np.atleast_2d(np.asarray(W, dtype=float))
    G = pot.grad(W) - pot.grad(w0)
    d = W.shape[1]
    err = (design.null_part_error(G)
           + np.sqrt(d) * (np.max(pot.grad_error(W), axis=-1) + float(np.max(pot.grad_error(w0)))))
    return design.null_part(G), err


def invariant_tolerance(pot: Potential, run: MirrorRun) -> np.ndarray:
    """What rounding allows of the exact ``||N(∇R(w_t) - ∇R(w_0))||`` along a computed run: the drift of
    the dual recursion, the round trip from ``θ_t`` to ``w_t = ∇R*(θ_t)`` and back, and the rounding of
    ``θ_0 = ∇R(w_0)`` (all zero in exact arithmetic, where the invariant is exact)."""
    d = run.W.shape[1]
    trip = np.sqrt(d) * np.max(pot.roundtrip_error(run.Theta), axis=-1)
    trip[0] = 0.0
    start = np.sqrt(d) * float(np.max(pot.grad_error(run.W[0])))
    return run.drift + trip + np.where(np.arange(run.W.shape[0]) > 0, start, 0.0)


# --- the two-layer diagonal linear network -------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class DiagonalNetRun:
    """Gradient descent on ``(u, v) ↦ ½||X(u⊙u - v⊙v) - y||²``.

    ``W[t] = u_t² - v_t²``; ``u``, ``v`` the final factors; ``etas`` the steps; ``x[t] = 2 η_t g_t``
    (``g_t = Xᵀ(X w_t - y)`` as computed), with which the exact updates are ``u ← u (1 - x)``,
    ``v ← v (1 + x)``."""

    W: np.ndarray
    u0: np.ndarray
    v0: np.ndarray
    u: np.ndarray
    v: np.ndarray
    etas: np.ndarray
    x: np.ndarray
    gnorm_rounding: float

    @property
    def steps(self) -> int:
        return self.W.shape[0] - 1


def diagonal_net_gd(X: np.ndarray, y: np.ndarray, u0: np.ndarray, v0: np.ndarray,
                    multipliers: np.ndarray, rtol: float = 0.0) -> DiagonalNetRun:
    """GD on the diagonal network: ``u ← u - 2η u⊙g``, ``v ← v + 2η v⊙g`` with ``g = Xᵀ(X w - y)``.

    The step is ``η_t = c_t / (4 s_max² max(u² + v²) + 2 ||g||_∞)`` (a bound on the local smoothness of
    the loss in ``(u, v)``), so ``|2 η_t g_t| <= c_t``; multipliers must lie in ``(0, 1)``, which keeps
    every factor ``1 ± 2ηg`` positive.  ``gnorm_rounding`` bounds, summed over the steps, the norm of
    the part of ``2 η_t g_t`` that rounding puts outside ``row(X)`` (``(n + 2) EPS 2η_t ||X||_F ||r_t||``)."""
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    y = _vector(y, "y", n)
    u, v = _vector(u0, "u0", d).copy(), _vector(v0, "v0", d).copy()
    if np.any(u == 0) or np.any(v == 0):
        raise ValueError("the factors must have no zero entries (a zero entry never moves)")
    c = np.asarray(multipliers, dtype=float)
    if c.ndim != 1 or not np.all((c > 0) & (c < 1)):
        raise ValueError("multipliers must lie in (0, 1)")
    smax2 = float(np.linalg.norm(X, 2)) ** 2
    T = c.size
    W = np.empty((T + 1, d))
    xs = np.empty((T, d))
    etas = np.empty(T)
    rnorms = np.empty(T)
    uu, vv = u * u, v * v
    W[0] = uu - vv
    stop = rtol * float(np.linalg.norm(y))
    m = 0
    for t in range(T):
        r = X @ W[t] - y
        rn = float(np.sqrt(r @ r))
        if rn <= stop:
            break
        g = X.T @ r
        eta = c[t] / (4 * smax2 * float((uu + vv).max()) + 2 * float(np.abs(g).max()))
        x = 2 * eta * g
        u = u * (1 - x)
        v = v * (1 + x)
        uu, vv = u * u, v * v
        W[t + 1] = uu - vv
        xs[t], etas[t], rnorms[t] = x, eta, rn
        m = t + 1
    etas, rnorms = etas[:m], rnorms[:m]
    rounding = float(np.sum((n + 2) * EPS * 2 * etas * float(np.linalg.norm(X)) * rnorms))
    return DiagonalNetRun(W[: m + 1], np.asarray(u0, float), np.asarray(v0, float), u, v, etas,
                          xs[:m], rounding)


# --- sparse recovery references ---------------------------------------------------------------------

def min_l1_nonnegative(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A solution of ``min 1ᵀx s.t. A x = b, x >= 0`` (HiGHS), re-solved on its support by least
    squares (``x_S = A_S⁺ b``) to full accuracy when that stays nonnegative and feasible.  Raises
    ValueError if no nonnegative solution exists."""
    from scipy.optimize import linprog

    A = np.asarray(A, dtype=float)
    b = _vector(b, "b", A.shape[0])
    d = A.shape[1]
    res = linprog(np.ones(d), A_eq=A, b_eq=b, bounds=(0, None), method="highs")
    if res.status != 0:
        raise ValueError(f"no nonnegative solution ({res.message})")
    x = res.x
    support = x > 1e-9 * max(float(x.max()), 1e-300)
    polished = np.zeros(d)
    polished[support] = np.linalg.lstsq(A[:, support], b, rcond=None)[0]
    ok = (np.all(polished >= 0) and np.linalg.norm(A @ polished - b) <= max(np.linalg.norm(A @ x - b),
                                                                            1e-12 * (1 + np.linalg.norm(b))))
    return polished if ok and polished.sum() <= x.sum() * (1 + 1e-9) else x


# --- other optimizer geometries ----------------------------------------------------------------------------

def lp_steepest_descent(X: np.ndarray, y: np.ndarray, p: float, etas: np.ndarray, steps: int,
                        loss_scale: float = 1.0, ltol: float = 0.0) -> tuple[np.ndarray, np.ndarray, int]:
    """Steepest descent ``w ← w + η Δw``, ``Δw = argmin_v ⟨∇L(w), v⟩ + ½||v||_p²`` (``checks.margins.steepest_step``:
    ``-||g||_q^{2-q} sign(g)|g|^{q-1}``, ``q`` the dual exponent; ``-g`` for ``p = 2``), on
    ``L(w) = loss_scale ||X w - y||²`` from ``w = 0``, for several step sizes at once (one row each).

    Returns ``(W, L, t)``: the final iterates (``len(etas) × d``), their losses and the number of steps
    taken (all rows stop once every loss is ``<= ltol``).  A row whose iterate exceeds ``1e50`` in
    modulus has diverged (some way beyond that ``||g||_q^q`` overflows and the float step would vanish):
    it is frozen and its loss reported as ``inf``."""
    from checks.margins import steepest_step

    if not 1 < p <= 2:
        raise ValueError(f"p must lie in (1, 2], got {p}")
    X = np.asarray(X, dtype=float)
    y = _vector(y, "y", X.shape[0])
    etas = np.asarray(etas, dtype=float)
    if etas.ndim != 1 or not np.all(etas > 0):
        raise ValueError("etas must be a vector of positive step sizes")
    W = np.zeros((etas.size, X.shape[1]))
    live = np.ones(etas.size, dtype=bool)
    t = 0
    for t in range(1, steps + 1):
        G = 2 * loss_scale * (W[live] @ X.T - y) @ X
        W[live] = W[live] + etas[live, None] * np.array([steepest_step(g, p) for g in G])
        live &= np.abs(W).max(axis=1) <= 1e50
        if t % 50 == 0 or not live.any():
            L = loss_scale * np.sum((W @ X.T - y) ** 2, axis=1)
            if not live.any() or np.all(L[live] <= ltol):
                break
    L = np.where(live, loss_scale * np.sum((W @ X.T - y) ** 2, axis=1), np.inf)
    return W, L, t


ADAPTIVE = ("adagrad", "rmsprop", "adam")


def adaptive_least_squares(X: np.ndarray, y: np.ndarray, method: str, eta: float, steps: int,
                           beta1: float = 0.9, beta2: float = 0.999, eps: float = 0.0,
                           interval_digits: int | None = None) -> np.ndarray:
    """Diagonal adaptive methods on ``½||X w - y||²`` from ``w = 0``; all iterates, shape ``(steps + 1, d)``.

    ``adagrad``: ``w ← w - η g / √(Σ_s g_s²)``; ``rmsprop``: ``v ← β₂v + (1 - β₂)g²``, ``w ← w - η g/√v``;
    ``adam``: bias-corrected moments ``m̂ / √v̂``.  Each is mirror descent with the moving quadratic
    potential ``½ wᵀ diag(√v_t) w``.  ``eps`` is added to the denominator (``eps = 0`` is the form in
    Wilson et al.'s Lemma 3.1; in floating point a coordinate whose gradient history is zero does not
    move).

    With ``interval_digits`` the recursion runs in mpmath interval arithmetic at that precision, on the
    exact values of the float inputs: the result (an object array of intervals) encloses the iterates
    of the exact-arithmetic algorithm.  The denominators must then be provably nonzero."""
    if method not in ADAPTIVE:
        raise ValueError(f"method must be one of {ADAPTIVE}, got {method!r}")
    if not (eta > 0 and 0 <= beta1 < 1 and 0 <= beta2 < 1 and eps >= 0):
        raise ValueError("need eta > 0, beta1, beta2 in [0, 1), eps >= 0")
    X = np.asarray(X, dtype=float)
    y = _vector(y, "y", X.shape[0])
    d = X.shape[1]
    if interval_digits is None:
        num_t, sqrt, zero = float, np.sqrt, np.zeros(d)
    else:
        from mpmath import iv

        iv.dps = interval_digits
        num_t, sqrt = iv.mpf, np.vectorize(iv.sqrt, otypes=[object])
        X = np.vectorize(iv.mpf, otypes=[object])(X)
        y = np.vectorize(iv.mpf, otypes=[object])(y)
        zero = np.array([iv.mpf(0)] * d, dtype=object)
    eta, b1, b2, e = num_t(eta), num_t(beta1), num_t(beta2), num_t(eps)
    w, m, v = zero.copy(), zero.copy(), zero.copy()
    out = np.empty((steps + 1, d), dtype=float if interval_digits is None else object)
    out[0] = w
    for t in range(1, steps + 1):  # arrays on the left of every product (mpmath scalars reject arrays)
        g = X.T @ (X @ w - y)
        if method == "adagrad":
            v = v + g * g
            num, den = g, sqrt(v)
        elif method == "rmsprop":
            v = v * b2 + g * g * (1 - b2)
            num, den = g, sqrt(v)
        else:
            m = m * b1 + g * (1 - b1)
            v = v * b2 + g * g * (1 - b2)
            num, den = m / (1 - b1 ** t), sqrt(v / (1 - b2 ** t))
        den = den + e
        if interval_digits is None:
            w = w - np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0) * eta
        else:
            w = w - (num / den) * eta
        out[t] = w
    return out


def soft_threshold(z: tuple[Fraction, ...], lam: Fraction) -> tuple[Fraction, ...]:
    """``sign(z) max(|z| - λ, 0)`` entrywise, exactly: the lasso solution for an orthonormal design."""
    return tuple((abs(x) - lam) * (1 if x > 0 else -1) if abs(x) > lam else Fraction(0) for x in z)


def forward_stagewise(X: list[list[Fraction]], y: list[Fraction], eps: Fraction, max_steps: int
                      ) -> list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """Forward stagewise (``ε``-boosting; ``l1`` steepest descent with a fixed step) on
    ``½||X w - y||²`` from 0, in exact arithmetic: at each step the coordinate ``j`` with the largest
    ``|g_j|``, ``g = Xᵀ(X w - y)`` (the first on ties), moves by ``-ε sign(g_j)``; stops once
    ``||g||_∞ <= ε``.  Returns the list of ``(w_t, g_t)``."""
    if not eps > 0:
        raise ValueError("eps must be positive")
    n, d = len(X), len(X[0])
    w = [Fraction(0)] * d
    out = []
    for _ in range(max_steps + 1):
        r = [sum(X[i][j] * w[j] for j in range(d)) - y[i] for i in range(n)]
        g = [sum(X[i][j] * r[i] for i in range(n)) for j in range(d)]
        out.append((tuple(w), tuple(g)))
        top = max(abs(x) for x in g)
        if top <= eps:
            break
        j = next(k for k in range(d) if abs(g[k]) == top)
        w[j] -= eps * (1 if g[j] > 0 else -1)
    return out
