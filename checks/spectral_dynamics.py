"""Mode-wise dynamics of kernel gradient flow and descent, effective dimension of a spectrum, tangent
features of small networks, and the spectrum of dot-product kernels on the circle.

Kernel dynamics.  For a symmetric PSD ``H = sum_i lam_i v_i v_iᵀ`` the residual ``r = u - y`` of
gradient flow ``du/dt = -H (u - y)`` is ``r(t) = e^{-Ht} r(0)``, i.e. ``v_iᵀ r(t) = e^{-lam_i t} v_iᵀ r(0)``
mode by mode; gradient descent ``u_{k+1} = u_k - eta H (u_k - y)`` gives ``r_k = (I - eta H)^k r_0`` and
``v_iᵀ r_k = (1 - eta lam_i)^k v_iᵀ r_0``.  :func:`flow_residual` evaluates the closed form through the
eigendecomposition; :func:`flow_residual_expm` (``scipy.linalg.expm``) and :func:`flow_residual_ivp`
(``scipy.integrate.solve_ivp``) are independent references.  :func:`gd_residuals` runs the recursion
itself, in floating point or, on arrays of :class:`~fractions.Fraction`, exactly; with a rational
orthogonal ``Q`` (:func:`cayley_orthogonal`) and rational eigenvalues, ``H = Q diag(lam) Qᵀ``
(:func:`rational_psd`) has exactly known eigenpairs.

Effective dimension.  ``N(lam) = sum_i s_i / (s_i + lam) = tr K (K + lam I)^{-1}``.  For the power law
``s_j = j^{-a}`` (``a > 1``) the summand ``f(x) = 1 / (1 + lam x^a)`` is decreasing, so
``int_1^inf f <= N(lam) <= int_0^inf f = C_a lam^{-1/a}`` with ``C_a = (pi/a) / sin(pi/a)``, and since
``f <= 1`` also ``N(lam) >= C_a lam^{-1/a} - 1`` (:func:`power_law_bounds`).  :func:`power_law_effective_dimension`
encloses the infinite sum itself: a partial sum plus the tail between ``int_{J+1}^inf f`` and
``int_J^inf f``, each integral enclosed by the alternating series
``int_U^inf du / (1 + u^a) = sum_k (-1)^k U^{1 - a(k+1)} / (a(k+1) - 1)`` (``U >= 1``).

Tangent features.  :class:`MLP` is a small fully connected network ``x -> f(x; theta)`` on a flat
float64 parameter vector (NTK scaling ``W / sqrt(fan_in)``), with its Jacobian ``J = d f(X) / d theta``
from ``torch.func.jacrev`` and the output velocity of gradient flow on ``||f(X) - y||^2 / 2`` from
``torch.func.jvp``; ``antisymmetric`` doubles the network as ``(g(x; t1) - g(x; t2)) / sqrt 2`` with
``t1 = t2`` at initialization, so ``f_0 = 0``.  :func:`random_relu_features` is the random-features
model ``m^{-1/2} relu(B x)``.

Circle.  For a dot-product kernel ``kappa(x · x')`` on the unit circle (uniform measure) the integral
operator is diagonal in the Fourier modes ``cos k theta``, ``sin k theta``, with eigenvalue
``lam_k = (1/pi) int_0^pi kappa(cos phi) cos(k phi) dphi``.  For ``kappa(u) = u^m`` this is
``2^{-m} C(m, (m - k)/2)`` (``m - k`` even and nonnegative, else 0); for the two-layer ReLU NTK with both
layers trained (:func:`checks.ntk.relu_ntk_two_layer`), ``kappa(cos phi) = (2 (pi - phi) cos phi + sin phi)
/ (2 pi)``, it is ``3/pi^2`` (``k = 0``), ``1/4`` (``k = 1``), 0 (odd ``k >= 3``) and
``(k^2 + 3) / (pi^2 (k^2 - 1)^2)`` (even ``k >= 2``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from math import comb

import numpy as np
import sympy
import torch
from scipy.integrate import solve_ivp
from scipy.linalg import expm
from scipy.special import digamma, polygamma
from torch.func import jacrev, jvp

from checks.exact_linalg import cayley, fractions, solve
from checks.linalg import EPS

Array = np.ndarray
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"

# ---------------------------------------------------------------------------------------------
# kernel gradient flow and descent


def _symmetric(H: Array) -> Array:
    H = np.asarray(H, dtype=float)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or H.shape[0] == 0 or not np.all(np.isfinite(H)):
        raise ValueError(f"H must be a finite non-empty square matrix, got shape {H.shape}")
    scale = float(np.max(np.abs(H)))
    if np.max(np.abs(H - H.T)) > 100 * H.shape[0] * EPS * max(scale, 1e-300):
        raise ValueError("H is not symmetric")
    return (H + H.T) / 2


def eigenpairs(H: Array) -> tuple[Array, Array]:
    """``(lam, V)``: all eigenpairs of the symmetric PSD matrix ``H``, eigenvalues decreasing.
    Raises ValueError if ``H`` is not symmetric or has an eigenvalue below ``-100 n eps ||H||``."""
    H = _symmetric(H)
    lam, V = np.linalg.eigh(H)
    lam, V = lam[::-1], V[:, ::-1]
    if lam[-1] < -100 * H.shape[0] * EPS * max(abs(lam[0]), 1e-300):
        raise ValueError(f"H is not positive semidefinite (eigenvalue {lam[-1]:.3g})")
    return lam, V


def _times(times: Array | float) -> Array:
    t = np.atleast_1d(np.asarray(times, dtype=float))
    if t.ndim != 1 or np.any(~np.isfinite(t)) or np.any(t < 0):
        raise ValueError(f"times must be finite and nonnegative, got {times}")
    return t


def _vector(r0: Array, n: int) -> Array:
    r0 = np.asarray(r0, dtype=float)
    if r0.shape != (n,) or not np.all(np.isfinite(r0)):
        raise ValueError(f"r0 must be a finite vector of length {n}, got shape {r0.shape}")
    return r0


def flow_residual(H: Array, r0: Array, times: Array | float) -> Array:
    """``e^{-Ht} r0`` for each time (rows), mode by mode: ``V diag(e^{-lam t}) Vᵀ r0``."""
    lam, V = eigenpairs(H)
    r0, t = _vector(r0, lam.size), _times(times)
    coeff = V.T @ r0
    return (np.exp(-np.outer(t, np.clip(lam, 0, None))) * coeff) @ V.T


def flow_residual_expm(H: Array, r0: Array, times: Array | float) -> Array:
    """``expm(-H t) r0`` for each time (rows): the matrix-exponential reference."""
    H = _symmetric(H)
    r0, t = _vector(r0, H.shape[0]), _times(times)
    return np.array([expm(-H * s) @ r0 for s in t])


def flow_residual_ivp(H: Array, r0: Array, times: Array | float, rtol: float = 1e-10,
                      atol: float = 1e-12) -> tuple[Array, int]:
    """Integrate ``dr/dt = -H r`` from ``r0`` with ``solve_ivp`` (DOP853, the given tolerances, steps
    of at most ``1 / ||H||`` so that the local error estimates are in their asymptotic regime) and
    return the solution at ``times`` (rows) and an upper bound on the number of steps attempted."""
    H = _symmetric(H)
    r0, t = _vector(r0, H.shape[0]), _times(times)
    if not (rtol > 0 and atol > 0):
        raise ValueError(f"rtol and atol must be positive, got {rtol}, {atol}")
    if np.any(np.diff(t) < 0):
        raise ValueError("times must be nondecreasing")
    norm = float(np.linalg.norm(H, 2))
    sol = solve_ivp(lambda _, r: -H @ r, (0.0, float(t[-1])), r0, method="DOP853", t_eval=t,
                    rtol=rtol, atol=atol, max_step=1.0 / norm if norm > 0 else np.inf)
    if not sol.success:
        raise ValueError(f"solve_ivp failed: {sol.message}")
    return sol.y.T, -(-int(sol.nfev) // 12)  # DOP853 uses 12 evaluations per attempted step


def gd_residuals(H: Array, r0: Array, eta, steps: int) -> Array:
    """The residuals ``r_k = (I - eta H)^k r0``, ``k = 0..steps`` (rows), by the recursion
    ``r <- r - eta H r``; exact for object arrays of Fractions with a Fraction ``eta``."""
    H, r = np.asarray(H), np.asarray(r0)
    n = r.shape[0] if r.ndim == 1 else -1
    if H.shape != (n, n):
        raise ValueError(f"need a square H matching r0, got {H.shape} and {r.shape}")
    if not eta > 0:
        raise ValueError(f"eta must be positive, got {eta}")
    if not (isinstance(steps, (int, np.integer)) and steps >= 0):
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    out = [r]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            r = r - eta * (H @ r)
            out.append(r)
    return np.array(out, dtype=r.dtype)


# ---------------------------------------------------------------------------------------------
# exact rational matrices


fraction_matrix = fractions  # checks.exact_linalg, under the names this module's users know
fraction_solve = solve


cayley_orthogonal = cayley


def rational_psd(Q, lam) -> Array:
    """``Q diag(lam) Qᵀ`` in Fractions (``Q`` orthogonal, ``lam >= 0``): eigenpairs ``(lam_i, Q[:, i])``."""
    Q, lam = fraction_matrix(Q), fraction_matrix(lam)
    if any(x < 0 for x in lam):
        raise ValueError("eigenvalues must be nonnegative")
    return (Q * lam) @ Q.T


# ---------------------------------------------------------------------------------------------
# effective dimension


def effective_dimension(spectrum, lam):
    """``sum_i s_i / (s_i + lam)``; exact (a Fraction) when the inputs are ints or Fractions."""
    if not lam > 0:
        raise ValueError(f"lam must be positive, got {lam}")
    s = list(np.asarray(spectrum, dtype=object).flat)
    if any(x < 0 for x in s):
        raise ValueError("the spectrum must be nonnegative")
    if all(isinstance(x, (int, Fraction)) for x in s) and isinstance(lam, (int, Fraction)):
        return sum((Fraction(x) / (x + lam) for x in s), Fraction(0))
    return float(np.sum(np.asarray(s, dtype=float) / (np.asarray(s, dtype=float) + float(lam))))


def effective_dimension_trace(K, lam):
    """``tr K (K + lam I)^{-1}``; exact for Fraction matrices, else by a linear solve."""
    if not lam > 0:
        raise ValueError(f"lam must be positive, got {lam}")
    K = np.asarray(K)
    n = K.shape[0]
    if K.dtype == object:
        S = fraction_solve(K + Fraction(lam) * fraction_matrix(np.eye(n, dtype=int)), K)
        return sum((S[i, i] for i in range(n)), Fraction(0))
    return float(np.trace(np.linalg.solve(K + lam * np.eye(n), K)))


def power_law_constant(a: float) -> float:
    """``C_a = int_0^inf du / (1 + u^a) = (pi/a) / sin(pi/a)`` for ``a > 1``."""
    if not a > 1:
        raise ValueError(f"the decay exponent must exceed 1, got {a}")
    return (math.pi / a) / math.sin(math.pi / a)


def power_law_bounds(a: float, lam: float) -> tuple[float, float]:
    """``(C_a lam^{-1/a} - 1, C_a lam^{-1/a})``: the integral-comparison bounds on
    ``N(lam) = sum_{j >= 1} j^{-a} / (j^{-a} + lam)``."""
    if not lam > 0:
        raise ValueError(f"lam must be positive, got {lam}")
    top = power_law_constant(a) * lam ** (-1 / a)
    return top - 1, top


def _tail_integral(a: float, U: float) -> tuple[float, float]:
    """An enclosure of ``int_U^inf du / (1 + u^a)`` for ``U >= 1`` by consecutive partial sums of
    the alternating series ``sum_k (-1)^k U^{1 - a(k+1)} / (a(k+1) - 1)`` (terms decrease)."""
    terms, k = [], 0
    while True:
        term = U ** (1 - a * (k + 1)) / (a * (k + 1) - 1)
        terms.append((-1) ** k * term)
        if term < 1e-18 * abs(terms[0]) or k > 2000:
            break
        k += 1
    partial = np.cumsum(terms)
    lo, hi = float(min(partial[-1], partial[-2])) if len(partial) > 1 else 0.0, float(max(partial[-2:]))
    return lo, hi


def power_law_effective_dimension(a: float, lam: float) -> tuple[float, float]:
    """An enclosure ``(lo, hi)`` of ``N(lam) = sum_{j >= 1} 1 / (1 + lam j^a)``: the partial sum to
    ``J = ceil(2 lam^{-1/a}) + 8`` plus the tail ``sum_{j > J} f(j)``, which lies between
    ``int_J^inf f - f(J)/2`` (trapezoid rule) and ``int_{J+1/2}^inf f`` (midpoint rule), both valid
    because ``f`` is convex where ``lam x^a >= (a - 1)/(a + 1)``, in particular on ``[J, inf)``
    (rounding of the partial sum, ``2 J eps`` relative, is included)."""
    if not a > 1:
        raise ValueError(f"the decay exponent must exceed 1, got {a}")
    if not 0 < lam <= 1e12:
        raise ValueError(f"lam must lie in (0, 1e12], got {lam}")
    scale = lam ** (-1 / a)
    J = int(math.ceil(2 * scale)) + 8
    if J > 5_000_000:
        raise ValueError(f"lam = {lam} needs {J} terms; choose a larger lam")
    j = np.arange(1, J + 1, dtype=float)
    partial = float(np.sum(1.0 / (1.0 + lam * j ** a)))
    # int_x^inf dx / (1 + lam x^a) = scale * int_{x / scale}^inf du / (1 + u^a)
    lo_tail = scale * _tail_integral(a, J / scale)[0] - 0.5 / (1.0 + lam * J ** a)
    hi_tail = scale * _tail_integral(a, (J + 0.5) / scale)[1]
    rounding = 2 * J * EPS * partial + 4 * EPS * scale
    return partial + lo_tail - rounding, partial + hi_tail + rounding


# ---------------------------------------------------------------------------------------------
# tangent features of small networks

ACTIVATIONS = {"tanh": torch.tanh, "softplus": torch.nn.functional.softplus,
               "sin": torch.sin}


@dataclass(frozen=True, eq=False)
class MLP:
    """``f(x) = W_L s(... s(W_1 x / sqrt(d_0)) ...) / sqrt(d_{L-1})`` with scalar output, on a flat
    float64 parameter vector, weights ``N(0, 1)`` from ``seed``.  ``antisymmetric``: the output is
    ``(g(x; t1) - g(x; t2)) / sqrt 2`` with ``t1 = t2`` at initialization (so ``f_0 = 0``)."""

    widths: tuple[int, ...]
    activation: str
    seed: int
    antisymmetric: bool = False
    theta0: Array = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.widths) < 2 or self.widths[-1] != 1 or min(self.widths) < 1:
            raise ValueError(f"widths must run from the input dimension to 1, got {self.widths}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r}; choose one of {sorted(ACTIVATIONS)}")
        theta = np.random.default_rng(self.seed).standard_normal(self.half)
        object.__setattr__(self, "theta0", np.concatenate([theta, theta]) if self.antisymmetric else theta)

    @property
    def half(self) -> int:
        return sum(a * b for a, b in zip(self.widths[:-1], self.widths[1:]))

    @property
    def n_params(self) -> int:
        return self.half * (2 if self.antisymmetric else 1)

    def _single(self, theta: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
        act, h, k = ACTIVATIONS[self.activation], X, 0
        for i, (a, b) in enumerate(zip(self.widths[:-1], self.widths[1:])):
            W = theta[k:k + a * b].reshape(b, a)
            k += a * b
            h = h @ W.T / math.sqrt(a)
            if i < len(self.widths) - 2:
                h = act(h)
        return h[:, 0]

    def forward(self, theta: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
        if self.antisymmetric:
            return (self._single(theta[:self.half], X) - self._single(theta[self.half:], X)) / math.sqrt(2)
        return self._single(theta, X)

    def _tensors(self, theta: Array | None, X: Array) -> tuple[torch.Tensor, torch.Tensor]:
        theta = self.theta0 if theta is None else np.asarray(theta, dtype=float)
        X = np.asarray(X, dtype=float)
        if theta.shape != (self.n_params,) or X.ndim != 2 or X.shape[1] != self.widths[0]:
            raise ValueError(f"need theta of length {self.n_params} and points of dimension {self.widths[0]}")
        return (torch.as_tensor(theta, dtype=torch.float64, device=DEVICE),
                torch.as_tensor(X, dtype=torch.float64, device=DEVICE))

    def outputs(self, X: Array, theta: Array | None = None) -> Array:
        th, Xt = self._tensors(theta, X)
        with torch.no_grad():
            return self.forward(th, Xt).cpu().numpy()

    def jacobian(self, X: Array, theta: Array | None = None) -> Array:
        """``J_ij = d f(x_i; theta) / d theta_j`` (``torch.func.jacrev``)."""
        th, Xt = self._tensors(theta, X)
        return jacrev(lambda t: self.forward(t, Xt))(th).detach().cpu().numpy()

    def flow_velocity(self, X: Array, y: Array, theta: Array | None = None,
                      X_eval: Array | None = None) -> tuple[Array, Array]:
        """``(f(X_eval), d f(X_eval) / dt)`` under gradient flow ``dtheta/dt = -grad L`` on
        ``L = ||f(X) - y||^2 / 2`` (``X_eval = X`` by default): the gradient by reverse mode, then its
        image under ``d f(X_eval) / d theta`` by forward mode (``torch.func.jvp``), without forming a
        Jacobian."""
        th, Xt = self._tensors(theta, X)
        Xe = Xt if X_eval is None else self._tensors(theta, X_eval)[1]
        yt = torch.as_tensor(np.asarray(y, dtype=float), dtype=torch.float64, device=DEVICE)
        if yt.shape != (Xt.shape[0],):
            raise ValueError(f"y must have one label per point, got shape {tuple(yt.shape)}")
        th = th.clone().requires_grad_(True)
        loss = 0.5 * torch.sum((self.forward(th, Xt) - yt) ** 2)
        (grad,) = torch.autograd.grad(loss, th)
        u, du = jvp(lambda t: self.forward(t, Xe), (th.detach(),), (-grad,))
        return u.detach().cpu().numpy(), du.detach().cpu().numpy()


def random_relu_features(X: Array, B: Array) -> Array:
    """``Phi_ir = relu(b_r · x_i) / sqrt(m)`` for the ``m`` rows ``b_r`` of ``B``."""
    X, B = np.asarray(X, dtype=float), np.asarray(B, dtype=float)
    if X.ndim != 2 or B.ndim != 2 or X.shape[1] != B.shape[1]:
        raise ValueError(f"need points and weights of the same dimension, got {X.shape}, {B.shape}")
    return np.maximum(X @ B.T, 0.0) / math.sqrt(B.shape[0])


# ---------------------------------------------------------------------------------------------
# dot-product kernels on the circle


def relu_ntk_circle_eigenvalue(k: int) -> sympy.Expr:
    """The eigenvalue of the ReLU NTK operator on the circle for the Fourier mode ``k`` (exact)."""
    if not (isinstance(k, (int, np.integer)) and k >= 0):
        raise ValueError(f"the frequency must be a non-negative integer, got {k!r}")
    k = int(k)
    if k == 0:
        return sympy.Integer(3) / sympy.pi**2
    if k == 1:
        return sympy.Rational(1, 4)
    if k % 2:
        return sympy.Integer(0)
    return sympy.Rational(k * k + 3, (k * k - 1) ** 2) / sympy.pi**2


def relu_ntk_circle_gram_eigenvalue(k: int, N: int) -> float:
    """The eigenvalue of the ``N``-point Gram matrix of the ReLU NTK (``N`` even, equispaced points) on
    the Fourier vector ``cos(k theta_j)``: ``N sum_{m = k mod N} lam_|m|`` (aliasing).  For even ``m >= 2``,
    ``pi^2 lam_m = 1/(m-1)^2 + 1/(m+1)^2 + (1/(m+1) - 1/(m-1))/2``, so the sums over arithmetic
    progressions are polygamma values."""
    if not (isinstance(N, (int, np.integer)) and N >= 4 and N % 2 == 0):
        raise ValueError(f"N must be an even integer >= 4, got {N!r}")
    if not (isinstance(k, (int, np.integer)) and 0 <= k < N):
        raise ValueError(f"k must be an integer in [0, N), got {k!r}")
    if k % 2:
        return N / 4 if k in (1, N - 1) else 0.0

    def progression(a: int) -> float:  # sum_{j >= 0} lam_{a + jN} for even a >= 2
        lo, hi = (a - 1) / N, (a + 1) / N
        return float((polygamma(1, lo) + polygamma(1, hi)) / N**2 + (digamma(lo) - digamma(hi)) / (2 * N)) / np.pi**2

    if k == 0:
        return N * (3 / np.pi**2 + 2 * progression(N))
    return N * (progression(k) + progression(N - k))


def dot_product_circle_eigenvalue(coefficients, k: int) -> Fraction:
    """The eigenvalue for the Fourier mode ``k`` of ``kappa(u) = sum_m b_m u^m`` on the circle:
    ``sum_m b_m 2^{-m} C(m, (m - k)/2)`` over ``m >= k`` with ``m - k`` even (exact)."""
    if not (isinstance(k, (int, np.integer)) and k >= 0):
        raise ValueError(f"the frequency must be a non-negative integer, got {k!r}")
    b = [Fraction(c) for c in coefficients]
    return sum((c * Fraction(comb(m, (m - k) // 2), 2**m) for m, c in enumerate(b)
                if m >= k and (m - k) % 2 == 0), Fraction(0))


def circle_points(N: int) -> Array:
    """``N`` equispaced points ``(cos theta_j, sin theta_j)``, ``theta_j = 2 pi j / N``, on the unit circle."""
    if not (isinstance(N, (int, np.integer)) and N >= 1):
        raise ValueError(f"need at least one point, got {N!r}")
    theta = 2 * np.pi * np.arange(N) / N
    return np.column_stack([np.cos(theta), np.sin(theta)])
