"""Building blocks for landscapes without convexity and for classifying critical points.

Numeric objectives (each with ``value``, ``grad``, rounding bounds ``value_error`` / ``grad_error``
(``eps = 2^-52``), and the constants of the conditions they satisfy):

- :class:`SinePL` ``f(w) = sum_i w_i^2 + a sin^2 w_i``: nonconvex for ``a > 1``, ``L = 2 + 2a``, minimum
  0 at 0, PL / WQC / weak-smoothness constants computed by :func:`sine_constants`.
- :class:`CosineRSI` ``f(w) = ½||w||^2 + a sum_i (1 - cos w_i)``: nonconvex for ``a > 1``, ``L = 1 + a``,
  RSI at ``w* = 0`` with ``mu = 1 + a min_u sin(u)/u`` (``min sin(u)/u = -0.21723...``).
- :class:`HuberPower` ``f(w) = sum_i c_i h_p(w_i / b_i)`` with ``h_p(x) = |x|^p`` on ``|x| <= 1`` and its
  C² quadratic extension ``A x^2 + B|x| + C`` outside: convex, ``L = max c_i/b_i^2 · p(p-1)``, 2-WQC
  (``<∇f, w> >= 2 f``) and weakly smooth ``||∇f||^2 <= Gamma f`` with ``Gamma = max c_i/b_i^2 · 2p(p-1)``.
- :class:`GLM` a generalized linear model on a finite distribution with two-point noise, its loss
  ``L(w) = ½ E (y - sigma(wᵀx))^2`` by enumeration, the convex surrogate ``g`` of its link, and
  :func:`complex_step_grad` (derivatives of analytic functions to rounding accuracy).

Exact polynomials (:class:`Poly`, Fraction coefficients) with gradients and Hessians at rational points,
and :func:`inertia` of a rational symmetric matrix (characteristic polynomial by Faddeev–LeVerrier, signs
of its real roots by Descartes' rule, which is exact for a real-rooted polynomial).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from itertools import product

import numpy as np
from scipy.optimize import minimize_scalar

from checks.linalg import EPS


# ----------------------------------------------------------------------------------- numeric landscapes
@lru_cache(maxsize=None)
def sine_constants(a: float, width: float = 20.0, h: float = 1e-4) -> tuple[float, float, float]:
    """``(mu_PL, mu_WQC, Gamma)`` of ``h(w) = w^2 + a sin^2 w``: certified lower bounds of
    ``inf h'^2/h`` and ``inf w h'/h`` and an upper bound of ``sup h'^2/h``.

    The ratios are smooth and even; on ``(0, width]`` a grid of spacing ``h`` gives the extreme
    values up to ``h max|r'|``, with ``max|r'|`` bounded by twice the largest grid slope.  Beyond
    ``width`` (``|h'| >= 2w - a``, ``w^2 <= h <= w^2 + a``) ``h'^2/h >= (2w - a)^2/(w^2 + a)``,
    ``w h'/h >= (2w^2 - a w)/(w^2 + a)`` and ``h'^2/h <= (2w + a)^2/w^2``, all within the grid bounds
    for ``width = 20``, ``a <= 4`` (checked, else ValueError)."""
    if not 0 < a <= 4:
        raise ValueError(f"need 0 < a <= 4, got {a}")
    w = np.arange(h, width + h / 2, h)
    f = w * w + a * np.sin(w) ** 2
    g = 2 * w + a * np.sin(2 * w)
    out = []
    for r, lower in ((g * g / f, True), (w * g / f, True), (g * g / f, False)):
        slack = 2 * float(np.max(np.abs(np.diff(r)))) + 1e-12
        out.append(float(r.min()) - slack if lower else float(r.max()) + slack)
    tails = ((2 * width - a) ** 2 / (width ** 2 + a), (2 * width ** 2 - a * width) / (width ** 2 + a),
             (2 * width + a) ** 2 / width ** 2)
    if not (tails[0] >= out[0] and tails[1] >= out[1] and tails[2] <= out[2] and out[0] > 0 and out[1] > 0):
        raise ValueError(f"the tail bounds do not certify the constants for a = {a}")
    return out[0], out[1], out[2]


@dataclass(frozen=True)
class SinePL:
    """``f(w) = sum_i w_i^2 + a sin^2(w_i)`` in ``dim`` variables (``0 < a <= 4``): minimum 0 at 0."""

    a: float
    dim: int = 1

    def __post_init__(self) -> None:
        if not 0 < self.a <= 4 or self.dim < 1:
            raise ValueError(f"need 0 < a <= 4 and dim >= 1, got a={self.a}, dim={self.dim}")

    @property
    def L(self) -> float:
        return 2 + 2 * self.a          # |f''| = |2 + 2a cos 2w| <= 2 + 2a, attained at w = 0

    @property
    def pl(self) -> float:
        """``mu`` with ``||∇f||^2 >= mu f`` (separable: the one-variable constant)."""
        return sine_constants(self.a)[0]

    @property
    def wqc(self) -> float:
        return sine_constants(self.a)[1]

    @property
    def gamma(self) -> float:
        return sine_constants(self.a)[2]

    f_star = 0.0
    w_star_norm_error = 0.0

    def w_star(self) -> np.ndarray:
        return np.zeros(self.dim)

    def value(self, w: np.ndarray) -> float:
        return float(np.sum(w * w + self.a * np.sin(w) ** 2))

    def grad(self, w: np.ndarray) -> np.ndarray:
        return 2 * w + self.a * np.sin(2 * w)

    def value_error(self, w: np.ndarray) -> float:
        # each nonnegative term has relative error <= 6 eps; a sum of d terms adds d eps.
        return (self.dim + 8) * EPS * self.value(w)

    def grad_error(self, w: np.ndarray) -> float:
        return 4 * EPS * math.sqrt(self.dim) * (2 * float(np.max(np.abs(w))) + self.a)


SINC_MIN = float(minimize_scalar(lambda u: math.sin(u) / u, bounds=(math.pi, 2 * math.pi),
                                 method="bounded", options={"xatol": 1e-12}).fun)
"""``min_u sin(u)/u = -0.2172336...`` (at ``tan u = u``, ``u = 4.4934...``)."""


@dataclass(frozen=True)
class CosineRSI:
    """``f(w) = ½||w||^2 + a sum_i (1 - cos w_i)`` with ``0 < a < 4.6``: RSI at ``w* = 0``."""

    a: float
    dim: int = 1

    def __post_init__(self) -> None:
        if not 0 < self.a < 4.6 or self.dim < 1:
            raise ValueError(f"need 0 < a < 4.6 and dim >= 1, got a={self.a}, dim={self.dim}")

    @property
    def L(self) -> float:
        return 1 + self.a

    @property
    def mu(self) -> float:
        """``<∇f(w), w> = sum w_i^2 (1 + a sin(w_i)/w_i) >= (1 + a min sin(u)/u) ||w||^2``; the minimum
        is rounded down by 1e-9 (its computed value is accurate to ~1e-12)."""
        return 1 + self.a * SINC_MIN - 1e-9

    f_star = 0.0

    def w_star(self) -> np.ndarray:
        return np.zeros(self.dim)

    def value(self, w: np.ndarray) -> float:
        return float(np.sum(0.5 * w * w + 2 * self.a * np.sin(w / 2) ** 2))

    def grad(self, w: np.ndarray) -> np.ndarray:
        return w + self.a * np.sin(w)

    def value_error(self, w: np.ndarray) -> float:
        return (self.dim + 8) * EPS * self.value(w)

    def grad_error(self, w: np.ndarray) -> float:
        return 3 * EPS * (1 + self.a) * float(np.linalg.norm(w))


def huber_power_coefficients(p: int) -> tuple[float, float, float]:
    """``(A, B, C)`` of the C² extension ``A x^2 + B|x| + C`` of ``|x|^p`` beyond ``|x| = 1``."""
    if p < 2:
        raise ValueError(f"need p >= 2, got {p}")
    A = p * (p - 1) / 2
    B = p - 2 * A
    return A, B, 1 - A - B


@dataclass(frozen=True, eq=False)
class HuberPower:
    """``f(w) = sum_i c_i h_p(w_i / b_i)``; convex, minimum 0 at 0, 2-weakly-quasi-convex."""

    p: int
    c: np.ndarray
    b: np.ndarray

    def __post_init__(self) -> None:
        c, b = np.asarray(self.c, dtype=float), np.asarray(self.b, dtype=float)
        if c.ndim != 1 or c.shape != b.shape or not (np.all(c > 0) and np.all(b > 0)):
            raise ValueError("need positive c and b of one shape")
        huber_power_coefficients(self.p)
        object.__setattr__(self, "c", c)
        object.__setattr__(self, "b", b)

    @property
    def dim(self) -> int:
        return self.c.shape[0]

    @property
    def L(self) -> float:
        return float(np.max(self.c / self.b ** 2)) * self.p * (self.p - 1)

    wqc = 2.0
    """``x h_p'(x) >= 2 h_p(x)``: equality for p = 2, ``p h`` inside, ``-> 2`` at infinity outside."""

    @property
    def gamma(self) -> float:
        """``sup h_p'^2/h_p = 4A = 2p(p-1)``, approached at infinity (``p^2`` at ``|x| = 1``)."""
        return float(np.max(self.c / self.b ** 2)) * 2 * self.p * (self.p - 1)

    f_star = 0.0

    def w_star(self) -> np.ndarray:
        return np.zeros(self.dim)

    def _parts(self, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        x = np.abs(w) / self.b
        A, B, C = huber_power_coefficients(self.p)
        inside = x <= 1
        h = np.where(inside, x ** self.p, A * x * x + B * x + C)
        dh = np.where(inside, self.p * x ** (self.p - 1), 2 * A * x + B) * np.sign(w)
        return x, h, dh

    def value(self, w: np.ndarray) -> float:
        return float(np.sum(self.c * self._parts(w)[1]))

    def grad(self, w: np.ndarray) -> np.ndarray:
        return self.c * self._parts(w)[2] / self.b

    def value_error(self, w: np.ndarray) -> float:
        x = self._parts(w)[0]
        A, B, C = huber_power_coefficients(self.p)
        scale = np.where(x <= 1, x ** self.p, A * x * x + abs(B) * x + abs(C))
        return (self.dim + 2 * self.p + 8) * EPS * float(np.sum(self.c * scale))

    def grad_error(self, w: np.ndarray) -> float:
        x = self._parts(w)[0]
        A, B, _ = huber_power_coefficients(self.p)
        scale = np.where(x <= 1, self.p * x ** (self.p - 1), 2 * A * x + abs(B))
        return (2 * self.p + 8) * EPS * float(np.linalg.norm(self.c * scale / self.b))


def step_error(obj, w: np.ndarray, eta: float) -> float:
    """A bound on ``||fl(w - eta g) - (w - eta ∇f(w))||``: update rounding plus the gradient error."""
    g = obj.grad(w)
    return 2 * EPS * (float(np.linalg.norm(w)) + eta * float(np.linalg.norm(g))) + eta * obj.grad_error(w)


# ------------------------------------------------------------------------------------------------ GLM
def _sigmoid(u):
    return 1 / (1 + np.exp(-u))


def _softplus(u):
    return np.log(1 + np.exp(u))


LINKS = ("tanh", "sigmoid", "ramp", "linear", "sin")
"""Links of :class:`GLM`: ``ramp(u) = alpha u + (beta - alpha) softplus(u)`` (``sigma' in (alpha,
beta)``), ``linear(u) = alpha u``; ``sin`` is not monotone (used where monotonicity is dropped)."""


@dataclass(frozen=True, eq=False)
class GLM:
    """``y = sigma(w*ᵀx) + eps`` on a finite distribution: points ``X[i]`` with weights ``prob[i]``
    and, given ``x_i``, noise ``shift[i] ± spread[i]`` with probability ½ each (``E[eps|x_i] =
    shift[i]``; the model's assumption is ``shift = 0``)."""

    X: np.ndarray
    prob: np.ndarray
    spread: np.ndarray
    shift: np.ndarray
    w_star: np.ndarray
    link: str
    alpha: float = 1.0
    beta: float = 1.0

    def __post_init__(self) -> None:
        X = np.asarray(self.X, dtype=float)
        n = X.shape[0]
        for name in ("prob", "spread", "shift"):
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=float))
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "w_star", np.asarray(self.w_star, dtype=float))
        if X.ndim != 2 or self.prob.shape != (n,) or self.spread.shape != (n,) or self.shift.shape != (n,):
            raise ValueError("X must be n x d with n weights, spreads and shifts")
        if self.w_star.shape != (X.shape[1],):
            raise ValueError("w_star must have d entries")
        if np.any(self.prob <= 0) or abs(float(self.prob.sum()) - 1) > 1e-12:
            raise ValueError("weights must be positive and sum to 1")
        if self.link not in LINKS:
            raise ValueError(f"unknown link {self.link!r}; choose one of {LINKS}")
        if not 0 <= self.alpha <= self.beta:
            raise ValueError(f"need 0 <= alpha <= beta, got {self.alpha}, {self.beta}")

    def sigma(self, u):
        lk, a, b = self.link, self.alpha, self.beta
        if lk == "tanh":
            return np.tanh(u)
        if lk == "sigmoid":
            return _sigmoid(u)
        if lk == "ramp":
            return a * u + (b - a) * _softplus(u)
        if lk == "linear":
            return a * u
        return np.sin(u)

    def dsigma(self, u):
        lk, a, b = self.link, self.alpha, self.beta
        if lk == "tanh":
            return 1 - np.tanh(u) ** 2
        if lk == "sigmoid":
            s = _sigmoid(u)
            return s * (1 - s)
        if lk == "ramp":
            return a + (b - a) * _sigmoid(u)
        if lk == "linear":
            return a + 0 * u
        return np.cos(u)

    def antiderivative(self, u):
        """``tau(u) = ∫_0^u sigma``: log cosh, softplus - log 2, alpha u^2/2, 1 - cos (no ramp)."""
        lk = self.link
        if lk == "tanh":
            return np.log(np.cosh(u))
        if lk == "sigmoid":
            return _softplus(u) - math.log(2)
        if lk == "linear":
            return self.alpha * u * u / 2
        if lk == "sin":
            return 1 - np.cos(u)
        raise ValueError("the ramp link has no elementary antiderivative here")

    def loss(self, w):
        """``½ E (y - sigma(wᵀx))^2`` by enumeration of the ``2n`` atoms (complex ``w`` allowed)."""
        r = self.sigma(self.X @ self.w_star) + self.shift - self.sigma(self.X @ w)
        return 0.5 * np.sum(self.prob * 0.5 * ((r + self.spread) ** 2 + (r - self.spread) ** 2))

    def decomposition(self, w) -> float:
        """``½ E eps^2 + ½ E_x (sigma(w*ᵀx) - sigma(wᵀx))^2`` (the noise term ``E eps^2 = shift^2 + spread^2``)."""
        d = self.sigma(self.X @ self.w_star) - self.sigma(self.X @ w)
        return float(0.5 * np.sum(self.prob * (self.shift ** 2 + self.spread ** 2)) + 0.5 * np.sum(self.prob * d * d))

    def grad_formula(self, w: np.ndarray, at_star: bool = False) -> np.ndarray:
        """``E_x[(sigma(wᵀx) - sigma(w*ᵀx)) sigma'(uᵀx) x]`` with ``u = w`` (or ``w*`` if ``at_star``)."""
        u = self.X @ (self.w_star if at_star else w)
        r = self.sigma(self.X @ w) - self.sigma(self.X @ self.w_star)
        return (self.prob * r * self.dsigma(u)) @ self.X

    def surrogate(self, w):
        """``g(w) = E_x[tau(wᵀx) - sigma(w*ᵀx) wᵀx]`` (complex ``w`` allowed)."""
        u = self.X @ w
        return np.sum(self.prob * (self.antiderivative(u) - self.sigma(self.X @ self.w_star) * u))

    def surrogate_grad_formula(self, w: np.ndarray) -> np.ndarray:
        """``E_x[(sigma(wᵀx) - sigma(w*ᵀx)) x]``."""
        return (self.prob * (self.sigma(self.X @ w) - self.sigma(self.X @ self.w_star))) @ self.X

    def surrogate_hessian(self, w: np.ndarray) -> np.ndarray:
        """``E_x[sigma'(wᵀx) x xᵀ]``."""
        return (self.X.T * (self.prob * self.dsigma(self.X @ w))) @ self.X

    def second_moment(self) -> np.ndarray:
        return (self.X.T * self.prob) @ self.X

    def scale(self, w: np.ndarray) -> float:
        """``max_i (|sigma(w*ᵀx_i)| + |shift_i| + |spread_i| + |sigma(wᵀx_i)|) (1 + ||x_i||_1) (1 +
        max|sigma'|)``: the size of every term entering the loss, its gradient and the surrogate."""
        s = (np.abs(self.sigma(self.X @ self.w_star)) + np.abs(self.shift) + np.abs(self.spread)
             + np.abs(self.sigma(self.X @ w)) + np.abs(self.X @ w) + np.abs(self.X @ self.w_star) + 1)
        ds = 1 + np.abs(self.dsigma(self.X @ w)) + np.abs(self.dsigma(self.X @ self.w_star))
        return float(np.max(s * s * ds * (1 + np.sum(np.abs(self.X), axis=1))))

    def tolerance(self, w: np.ndarray) -> float:
        """``32 (n + d + 8) eps scale(w)``: each term passes through O(d) products, an elementary
        function (relative error a few eps) and a weighted sum of ``n`` terms."""
        n, d = self.X.shape
        return 32 * (n + d + 8) * EPS * self.scale(w)


def complex_step_grad(fun, w: np.ndarray, h: float = 1e-30) -> np.ndarray:
    """``Im fun(w + i h e_j) / h`` for an analytic ``fun``: the truncation error is ``O(h^2)``, with no
    cancellation, so the result is the gradient up to rounding."""
    w = np.asarray(w, dtype=float)
    out = np.empty(w.shape[0])
    for j in range(w.shape[0]):
        z = w.astype(complex)
        z[j] += 1j * h
        out[j] = np.imag(fun(z)) / h
    return out


# ----------------------------------------------------------------------------------- exact polynomials
Monomial = tuple[int, ...]


@dataclass(frozen=True)
class Poly:
    """A polynomial in ``n`` variables with rational coefficients, ``{exponents: coefficient}``."""

    n: int
    terms: tuple[tuple[Monomial, Fraction], ...] = field(default=())

    @staticmethod
    def of(n: int, coeffs: dict[Monomial, Fraction | int]) -> "Poly":
        if n < 1:
            raise ValueError(f"need at least one variable, got {n}")
        clean: dict[Monomial, Fraction] = {}
        for e, c in coeffs.items():
            if len(e) != n or any(k < 0 for k in e):
                raise ValueError(f"bad exponent {e} for {n} variables")
            c = Fraction(c)
            if c:
                clean[tuple(e)] = clean.get(tuple(e), Fraction(0)) + c
        return Poly(n, tuple(sorted((e, c) for e, c in clean.items() if c)))

    @staticmethod
    def variable(n: int, i: int) -> "Poly":
        return Poly.of(n, {tuple(int(j == i) for j in range(n)): 1})

    def as_dict(self) -> dict[Monomial, Fraction]:
        return dict(self.terms)

    @property
    def degree(self) -> int:
        return max((sum(e) for e, _ in self.terms), default=0)

    def __add__(self, other: "Poly") -> "Poly":
        d = self.as_dict()
        for e, c in other.terms:
            d[e] = d.get(e, Fraction(0)) + c
        return Poly.of(self.n, d)

    def __mul__(self, other: "Poly | Fraction | int") -> "Poly":
        if not isinstance(other, Poly):
            return Poly.of(self.n, {e: c * Fraction(other) for e, c in self.terms})
        d: dict[Monomial, Fraction] = {}
        for (e1, c1), (e2, c2) in product(self.terms, other.terms):
            e = tuple(a + b for a, b in zip(e1, e2))
            d[e] = d.get(e, Fraction(0)) + c1 * c2
        return Poly.of(self.n, d)

    def __pow__(self, k: int) -> "Poly":
        out = Poly.of(self.n, {(0,) * self.n: 1})
        for _ in range(k):
            out = out * self
        return out

    def __call__(self, x: Sequence[Fraction]) -> Fraction:
        if len(x) != self.n:
            raise ValueError(f"expected {self.n} coordinates, got {len(x)}")
        total = Fraction(0)
        for e, c in self.terms:
            term = c
            for xi, k in zip(x, e):
                if k:
                    term *= Fraction(xi) ** k
            total += term
        return total

    def diff(self, i: int) -> "Poly":
        d: dict[Monomial, Fraction] = {}
        for e, c in self.terms:
            if e[i]:
                e2 = e[:i] + (e[i] - 1,) + e[i + 1:]
                d[e2] = c * e[i]
        return Poly.of(self.n, d)

    def gradient(self, x: Sequence[Fraction]) -> tuple[Fraction, ...]:
        return tuple(self.diff(i)(x) for i in range(self.n))

    def hessian(self, x: Sequence[Fraction]) -> tuple[tuple[Fraction, ...], ...]:
        return tuple(tuple(self.diff(i).diff(j)(x) for j in range(self.n)) for i in range(self.n))

    def compose_linear(self, M: Sequence[Sequence[Fraction]]) -> "Poly":
        """``w -> f(M w)`` for a square rational ``M``."""
        if len(M) != self.n or any(len(r) != self.n for r in M):
            raise ValueError("M must be n x n")
        rows = [Poly.of(self.n, {tuple(int(j == k) for j in range(self.n)): M[i][k] for k in range(self.n)})
                for i in range(self.n)]
        out = Poly.of(self.n, {})
        for e, c in self.terms:
            term = Poly.of(self.n, {(0,) * self.n: c})
            for i, k in enumerate(e):
                if k:
                    term = term * rows[i] ** k
            out = out + term
        return out

    def rescaled(self, a: Fraction, b: Fraction) -> "Poly":
        """``x -> a f(b x)``: the coefficient of a degree-k monomial is multiplied by ``a b^k``."""
        return Poly.of(self.n, {e: c * Fraction(a) * Fraction(b) ** sum(e) for e, c in self.terms})

    def abs_coefficient_sum(self, degree: int) -> Fraction:
        return sum((abs(c) for e, c in self.terms if sum(e) == degree), Fraction(0))

    def __repr__(self) -> str:
        if not self.terms:
            return "0"
        names = "xyzuvw" if self.n <= 6 else None
        parts = []
        for e, c in self.terms:
            mono = "*".join((names[i] if names else f"w{i}") + (f"^{k}" if k > 1 else "")
                            for i, k in enumerate(e) if k)
            parts.append(f"{c}" + (f"*{mono}" if mono else ""))
        return " + ".join(parts)


def charpoly(H: Sequence[Sequence[Fraction]]) -> list[Fraction]:
    """Coefficients ``[1, c_1, ..., c_n]`` of ``det(x I - H)`` (Faddeev–LeVerrier, exact)."""
    n = len(H)
    if any(len(r) != n for r in H):
        raise ValueError("H must be square")
    A = [[Fraction(v) for v in r] for r in H]
    coeffs = [Fraction(1)]
    M = [[Fraction(0)] * n for _ in range(n)]
    for k in range(1, n + 1):
        # M_k = A M_{k-1} + c_{k-1} I,  c_k = -tr(A M_k)/k
        AM = [[sum(A[i][m] * M[m][j] for m in range(n)) for j in range(n)] for i in range(n)]
        M = [[AM[i][j] + (coeffs[-1] if i == j else 0) for j in range(n)] for i in range(n)]
        AM = [[sum(A[i][m] * M[m][j] for m in range(n)) for j in range(n)] for i in range(n)]
        coeffs.append(-sum(AM[i][i] for i in range(n)) / k)
    return coeffs


def _sign_changes(cs: Sequence[Fraction]) -> int:
    s = [c for c in cs if c != 0]
    return sum(1 for u, v in zip(s, s[1:]) if (u > 0) != (v > 0))


def inertia(H: Sequence[Sequence[Fraction]]) -> tuple[int, int, int]:
    """``(#positive, #negative, #zero)`` eigenvalues of a rational symmetric matrix, exactly."""
    n = len(H)
    if any(H[i][j] != H[j][i] for i in range(n) for j in range(n)):
        raise ValueError("H must be symmetric")
    c = charpoly(H)                              # descending powers x^n, ..., x^0
    zeros = 0
    while zeros < n and c[n - zeros] == 0:
        zeros += 1
    trimmed = c[: n + 1 - zeros]
    pos = _sign_changes(trimmed)
    neg = _sign_changes([v * (-1) ** (n - zeros - i) for i, v in enumerate(trimmed)])
    return pos, neg, zeros


def hessian_test(H: Sequence[Sequence[Fraction]]) -> str:
    """The second-order sufficient test: ``min`` (H ≻ 0), ``max`` (H ≺ 0), ``saddle`` (a positive and
    a negative eigenvalue), else ``degenerate`` (singular and semidefinite: the test is silent)."""
    pos, neg, zero = inertia(H)
    n = len(H)
    if pos == n:
        return "min"
    if neg == n:
        return "max"
    if pos and neg:
        return "saddle"
    return "degenerate"


def is_psd(H: Sequence[Sequence[Fraction]], shift: Fraction = Fraction(0)) -> bool:
    """Whether ``H + shift I ⪰ 0``, exactly."""
    n = len(H)
    return inertia([[H[i][j] + (shift if i == j else 0) for j in range(n)] for i in range(n)])[1] == 0


def separable_type(coefficients: Sequence[Fraction], exponents: Sequence[int]) -> str:
    """The type of 0 for ``sum_i c_i w_i^{k_i}`` (``c_i != 0``, ``k_i >= 2``): a strict local ``min``
    if every ``k_i`` is even and ``c_i > 0``, ``max`` if every ``k_i`` is even and ``c_i < 0``, else a
    ``saddle`` (an odd power, or even powers of both signs, takes both signs along an axis)."""
    if len(coefficients) != len(exponents) or any(c == 0 for c in coefficients) or any(k < 2 for k in exponents):
        raise ValueError("need nonzero coefficients and exponents >= 2, one per variable")
    if all(k % 2 == 0 for k in exponents):
        if all(c > 0 for c in coefficients):
            return "min"
        if all(c < 0 for c in coefficients):
            return "max"
    return "saddle"


def rational_unit(s: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """A rational unit vector in ``len(s) + 1`` dimensions (inverse stereographic projection)."""
    s = [Fraction(v) for v in s]
    q = sum(v * v for v in s)
    return tuple([2 * v / (1 + q) for v in s] + [(1 - q) / (1 + q)])
