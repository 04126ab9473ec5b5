"""Scale-invariant losses, homogeneous networks, gradient descent with weight decay, and the
linear maps of gradient descent-ascent on the bilinear game ``f(x, y) = xy``.

- ``Rayleigh``: ``L(w) = w^T A w / ||w||^2`` (0-homogeneous) with gradient ``2(Aw - L w)/||w||^2`` and
  Hessian ``(2(A - L I) - 2 w g^T - 2 g w^T)/||w||^2``; exact in any number type.  On the unit sphere
  ``rho = max ||∇²L|| = 2(lambda_max - lambda_min)``: restricted to the plane of a unit ``w`` and a unit
  tangent ``t`` the Hessian is ``[[0, -2b], [-2b, 2(c - a)]]`` (``a, b, c`` the entries of ``A`` in that
  plane), of norm ``|c - a| + sqrt((c - a)^2 + 4b^2) <= 2(lambda_max - lambda_min)`` by interlacing, with
  equality at ``w`` an extreme eigenvector and ``t`` the other one.
- ``Angular``: ``L(w) = phi(atan2(w_2, w_1))`` with ``phi`` a trigonometric polynomial (float); at radius
  ``r`` the gradient is ``phi'/r e_theta`` and the Hessian ``[[0, -phi'], [-phi', phi'']]/r^2`` in the
  polar frame, so ``||∇²L(w̄)|| = |phi''|/2 + sqrt(phi''^2/4 + phi'^2)``; ``rho`` is bracketed by a grid
  maximum and that plus a Lipschitz bound.
- ``relu_net`` / ``layernorm_net``: bias-free ReLU networks (``k``-homogeneous in the parameters) and
  LayerNorm networks (hidden layers 1-homogeneous), the latter with a first-order rounding bound.
- ``gd_wd`` (``w <- (1 - eta lam) w - eta ∇L_t(w)``), ``gd_schedule`` (``w <- w - eta_t ∇L_t(w)``),
  ``angular_gd_wd`` (a fast float run recording ``||w_t||^2`` and ``||∇L(w̄_t)||^2``) and
  ``product_gd`` (GD on ``l(w_1 ... w_k)``).
- ``schur_stable``: exact Schur-Cohn test (all roots strictly inside the unit disc) of a real polynomial.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from checks.homogeneous import givens, matmul
from checks.linalg import EPS


# --- exact linear algebra on nested lists -----------------------------------------------------------

def dot(u: Sequence, v: Sequence):
    return sum((a * b for a, b in zip(u, v)), 0 * u[0])


def matvec(A: Sequence[Sequence], w: Sequence) -> list:
    return [dot(row, w) for row in A]


def rational_orthogonal(d: int, rng: np.random.Generator) -> list[list[Fraction]]:
    """A rational orthogonal ``d x d`` matrix: a product of ``2d`` Givens rotations by Pythagorean angles."""
    triples = ((3, 4, 5), (5, 12, 13), (8, 15, 17), (7, 24, 25), (20, 21, 29))
    Q = [[Fraction(int(i == j)) for j in range(d)] for i in range(d)]
    for _ in range(2 * d if d > 1 else 0):
        i, j = (int(x) for x in rng.choice(d, size=2, replace=False))
        a, b, c = triples[int(rng.integers(len(triples)))]
        sa, sb = (int(s) for s in rng.choice([-1, 1], size=2))
        Q = matmul(givens(d, i, j, Fraction(sa * a, c), Fraction(sb * b, c)), Q)
    return Q


@dataclass(frozen=True, eq=False)
class Rayleigh:
    """``L(w) = w^T A w / ||w||^2`` with ``A = Q diag(spectrum) Q^T`` (``Q`` rational orthogonal)."""

    Q: tuple[tuple[Fraction, ...], ...]
    spectrum: tuple[Fraction, ...]

    def __post_init__(self) -> None:
        d = len(self.spectrum)
        if d < 2 or len(self.Q) != d or any(len(r) != d for r in self.Q):
            raise ValueError(f"need d >= 2 and a d x d Q, got spectrum {self.spectrum}")
        if matmul(self.Q, [list(c) for c in zip(*self.Q)]) != [[int(i == j) for j in range(d)] for i in range(d)]:
            raise ValueError("Q is not orthogonal")

    @property
    def A(self) -> list[list[Fraction]]:
        d = len(self.spectrum)
        return [[sum((self.Q[i][k] * self.spectrum[k] * self.Q[j][k] for k in range(d)), Fraction(0))
                 for j in range(d)] for i in range(d)]

    @property
    def rho(self) -> Fraction:
        """``max_{||w|| = 1} ||∇²L(w)||_2 = 2 (lambda_max - lambda_min)``."""
        return 2 * (max(self.spectrum) - min(self.spectrum))

    @property
    def min_value(self) -> Fraction:
        return min(self.spectrum)

    def eigenvector(self, k: int) -> list[Fraction]:
        """The ``k``-th column of ``Q`` (eigenvalue ``spectrum[k]``)."""
        return [row[k] for row in self.Q]

    def value(self, w: Sequence):
        return dot(w, matvec(self._A, w)) / dot(w, w)

    def grad(self, w: Sequence) -> list:
        n, Aw = dot(w, w), matvec(self._A, w)
        L = dot(w, Aw) / n
        return [2 * (a - L * x) / n for a, x in zip(Aw, w)]

    def hessian(self, w: Sequence) -> list[list]:
        n, L, g = dot(w, w), self.value(w), self.grad(w)
        A, d = self._A, len(w)
        return [[(2 * (A[i][j] - L * (i == j)) - 2 * w[i] * g[j] - 2 * g[i] * w[j]) / n for j in range(d)]
                for i in range(d)]

    @property
    def _A(self) -> list[list[Fraction]]:
        cached = self.__dict__.get("_A_cache")
        if cached is None:
            cached = self.A
            object.__setattr__(self, "_A_cache", cached)
        return cached


@dataclass(frozen=True, eq=False)
class Quadratic:
    """``L(w) = w^T A w`` (2-homogeneous, not scale-invariant): the dropped-assumption control."""

    base: Rayleigh

    @property
    def spectrum(self) -> tuple[Fraction, ...]:
        return self.base.spectrum

    def value(self, w: Sequence):
        return dot(w, matvec(self.base._A, w))

    def grad(self, w: Sequence) -> list:
        return [2 * a for a in matvec(self.base._A, w)]


# --- angular losses in the plane --------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Angular:
    """``L(w) = phi(theta)``, ``phi(theta) = sum_m a_m cos(m theta) + b_m sin(m theta)``, ``m = 1..M``."""

    a: tuple[float, ...]
    b: tuple[float, ...]
    grid: int = 1 << 14

    def __post_init__(self) -> None:
        if len(self.a) != len(self.b) or not self.a or not any(self.a + self.b):
            raise ValueError(f"need equal-length nonzero coefficient tuples, got {self.a}, {self.b}")

    def phi(self, theta, order: int = 0):
        """The ``order``-th derivative of ``phi`` (scalar or array)."""
        out = 0.0
        for m, (am, bm) in enumerate(zip(self.a, self.b), start=1):
            # d^k/dtheta^k of cos(m t) = m^k cos(m t + k pi/2); of sin(m t) = m^k sin(m t + k pi/2)
            s = m * theta + order * math.pi / 2
            out = out + m ** order * (am * np.cos(s) + bm * np.sin(s))
        return out

    def sphere_hessian_norm(self, theta):
        p1, p2 = self.phi(theta, 1), self.phi(theta, 2)
        return np.abs(p2) / 2 + np.sqrt(p2 * p2 / 4 + p1 * p1)

    def _strength(self, k: int) -> float:
        return float(sum(m ** k * (abs(am) + abs(bm)) for m, (am, bm) in enumerate(zip(self.a, self.b), 1)))

    def _grid_values(self) -> tuple[np.ndarray, np.ndarray]:
        cached = self.__dict__.get("_grid_cache")
        if cached is None:
            theta = np.linspace(-math.pi, math.pi, self.grid, endpoint=False)
            cached = (self.sphere_hessian_norm(theta), self.phi(theta))
            object.__setattr__(self, "_grid_cache", cached)
        return cached

    @property
    def rho_bounds(self) -> tuple[float, float]:
        """``lo <= rho <= hi``: the grid maximum, plus ``(S_3 + S_2) h/2 + rounding`` with grid step ``h``
        (``|d/dtheta ||∇²L|| | <= |phi'''| + |phi''| <= S_3 + S_2``, ``S_k = sum m^k (|a_m| + |b_m|)``)."""
        lo = float(np.max(self._grid_values()[0]))
        h = 2 * math.pi / self.grid
        return lo, lo + (self._strength(3) + self._strength(2)) * h / 2 + 64 * EPS * self._strength(2)

    @property
    def min_bounds(self) -> tuple[float, float]:
        """``lo <= min phi <= hi`` (grid minimum minus ``S_1 h/2``)."""
        hi = float(np.min(self._grid_values()[1]))
        h = 2 * math.pi / self.grid
        return hi - self._strength(1) * h / 2 - 64 * EPS * self._strength(0), hi

    def value(self, w: np.ndarray) -> float:
        return float(self.phi(math.atan2(w[1], w[0])))

    def grad(self, w: np.ndarray) -> np.ndarray:
        r2 = float(w @ w)
        return self.phi(math.atan2(w[1], w[0]), 1) * np.array([-w[1], w[0]]) / r2

    def hessian(self, w: np.ndarray) -> np.ndarray:
        r2 = float(w @ w)
        th = math.atan2(w[1], w[0])
        er, et = np.array([math.cos(th), math.sin(th)]), np.array([-math.sin(th), math.cos(th)])
        p1, p2 = self.phi(th, 1), self.phi(th, 2)
        return (-p1 * (np.outer(er, et) + np.outer(et, er)) + p2 * np.outer(et, et)) / r2

    def error(self) -> float:
        """A bound on the rounding of ``phi, phi', phi''`` (relative to ``S_2``): ``64 eps S_2``."""
        return 64 * EPS * max(self._strength(2), 1.0)


@dataclass(frozen=True)
class AngularRun:
    """``norm2[t] = ||w_t||^2`` and ``grad2[t] = ||∇L(w̄_t)||^2 = phi'(theta_t)^2``, ``t = 0..len-1``."""

    norm2: np.ndarray
    grad2: np.ndarray


def angular_gd_wd(loss: Angular, w0: tuple[float, float], eta: float, lam: float, steps: int,
                  stop: Callable[[int, float, float], bool] | None = None) -> AngularRun:
    """GD with weight decay ``w <- (1 - eta lam) w - eta ∇L(w)`` on an angular loss, in floats; ``stop(t,
    norm2, grad2)`` ends the run early (the stopping step is recorded)."""
    if not (eta > 0 and 0 <= eta * lam < 1 and steps >= 0):
        raise ValueError(f"need eta > 0, 0 <= eta lam < 1, steps >= 0; got {eta}, {lam}, {steps}")
    x, y = float(w0[0]), float(w0[1])
    if x == 0 and y == 0:
        raise ValueError("w0 must be nonzero")
    ms = [(m, am, bm) for m, (am, bm) in enumerate(zip(loss.a, loss.b), start=1)]
    decay = 1 - eta * lam
    norm2, grad2 = [], []
    for t in range(steps + 1):
        r2 = x * x + y * y
        th = math.atan2(y, x)
        p1 = sum(m * (bm * math.cos(m * th) - am * math.sin(m * th)) for m, am, bm in ms)
        norm2.append(r2)
        grad2.append(p1 * p1)
        if t == steps or (stop is not None and stop(t, r2, p1 * p1)):
            break
        c = eta * p1 / r2
        x, y = decay * x + c * y, decay * y - c * x
    return AngularRun(np.array(norm2), np.array(grad2))


# --- gradient descent with weight decay, exact -------------------------------------------------------

def gd_wd(losses: Sequence, w0: Sequence, eta, lam) -> list[list]:
    """``w_{t+1} = (1 - eta lam) w_t - eta ∇L_t(w_t)`` for the losses ``L_0, L_1, ...``; returns all iterates."""
    ws = [list(w0)]
    for L in losses:
        w, g = ws[-1], L.grad(ws[-1])
        ws.append([(1 - eta * lam) * a - eta * b for a, b in zip(w, g)])
    return ws


def gd_schedule(losses: Sequence, w0: Sequence, etas: Sequence) -> list[list]:
    """``w_{t+1} = w_t - eta_t ∇L_t(w_t)`` (no weight decay); returns all iterates."""
    if len(etas) != len(losses):
        raise ValueError(f"{len(losses)} losses but {len(etas)} step sizes")
    ws = [list(w0)]
    for L, e in zip(losses, etas):
        w, g = ws[-1], L.grad(ws[-1])
        ws.append([a - e * b for a, b in zip(w, g)])
    return ws


def product_gd(dloss: Callable, w0: Sequence, eta, steps: int) -> list[list]:
    """GD on ``l(w_1 w_2 ... w_k)``: ``w_i <- w_i - eta l'(W) prod_{j != i} w_j``; ``dloss = l'``."""
    ws = [list(w0)]
    for _ in range(steps):
        w = ws[-1]
        W = math.prod(w)
        others = [math.prod(w[:i] + w[i + 1:]) for i in range(len(w))]
        ws.append([a - eta * dloss(W) * o for a, o in zip(w, others)])
    return ws


# --- networks ---------------------------------------------------------------------------------------

def relu_net(layers: Sequence[Sequence[Sequence]], x: Sequence, biases: Sequence[Sequence] | None = None) -> list:
    """``W_k ReLU(W_{k-1} ... ReLU(W_1 x))`` (optionally with biases), exact for rational entries."""
    h = list(x)
    for i, W in enumerate(layers):
        h = matvec(W, h)
        if biases is not None:
            h = [a + b for a, b in zip(h, biases[i])]
        if i < len(layers) - 1:
            h = [a if a > 0 else 0 * a for a in h]
    return h


def _layernorm(a: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    mu = a.mean()
    return gamma * (a - mu) / np.sqrt(((a - mu) ** 2).mean() + eps) + beta


def layernorm_net(Ws: Sequence[np.ndarray], gammas: Sequence[np.ndarray], betas: Sequence[np.ndarray],
                  x: np.ndarray, eps: float = 0.0) -> tuple[list[np.ndarray], float, list[float]]:
    """``x^(l) = ReLU(LN(W^(l-1) x^(l-1); gamma^(l), beta^(l)))`` for ``l = 1..L`` and the output
    ``W^(L) x^(L)``; returns ``[x^(1), ..., x^(L), output]``, a first-order bound on the rounding of
    the output and the bounds of the hidden layers (absolute, max-norm)."""
    if len(Ws) != len(gammas) + 1 or len(gammas) != len(betas):
        raise ValueError("need one more weight matrix than LayerNorm layers")
    h, err, outs, errs = x, 0.0, [], []
    for W, g, b in zip(Ws[:-1], gammas, betas):
        n = W.shape[1]
        a = W @ h
        ea = np.abs(W).max() * n * (err + 2 * n * EPS * np.abs(h).max())    # |δa| <= |W|(|δh| + gamma_n |h|)
        sigma = math.sqrt(float(((a - a.mean()) ** 2).mean()) + eps)
        m = len(a)
        if sigma == 0:
            raise ValueError("a LayerNorm input is constant (sigma = 0)")
        # ||∂LN/∂a||_2 <= |gamma|_max / sigma (projection), plus rounding of the normalisation (~ 4m eps)
        err = np.abs(g).max() * (math.sqrt(m) * ea / sigma + 8 * m * EPS * math.sqrt(m)) + 2 * EPS * np.abs(b).max()
        h = np.maximum(_layernorm(a, g, b, eps), 0.0)
        err += 2 * EPS * np.abs(h).max()
        outs.append(h)
        errs.append(err)
    W = Ws[-1]
    n = W.shape[1]
    outs.append(W @ h)
    return outs, float(np.abs(W).max() * n * (err + 2 * n * EPS * np.abs(h).max())), errs


# --- stability of linear recursions ------------------------------------------------------------------

def schur_stable(coeffs: Sequence[Fraction]) -> bool:
    """Whether every root of ``c_0 z^n + c_1 z^(n-1) + ... + c_n`` (real, exact) has modulus < 1:
    the Schur-Cohn recursion ``p -> (p(0) p - c_0 p*)/z`` with ``p*`` the reversed polynomial needs
    ``|c_n| < |c_0|`` at every stage."""
    p = [Fraction(c) for c in coeffs]
    while p and p[0] == 0:
        p = p[1:]
    if not p:
        raise ValueError("the zero polynomial has no roots to test")
    while len(p) > 1:
        if abs(p[-1]) >= abs(p[0]):
            return False
        rev = p[::-1]
        q = [p[0] * a - p[-1] * b for a, b in zip(p, rev)]   # q(z) = c_0 p(z) - c_n p*(z); q_n = 0
        p = q[:-1]
    return True


# --- gradient descent-ascent on f(x, y) = xy --------------------------------------------------------

def gda_step(method: str, z: Sequence, eta, previous: Sequence | None = None) -> list:
    """One step on ``min_x max_y xy`` (descent field ``F(x, y) = (y, -x)``): ``simultaneous``
    ``z - eta F(z)``; ``alternating`` (x first, then y at the new x); ``extragradient``
    ``z - eta F(z - eta F(z))``; ``optimistic`` ``z - 2 eta F(z) + eta F(previous)``."""
    x, y = z
    if method == "simultaneous":
        return [x - eta * y, y + eta * x]
    if method == "alternating":
        x1 = x - eta * y
        return [x1, y + eta * x1]
    if method == "extragradient":
        xh, yh = x - eta * y, y + eta * x
        return [x - eta * yh, y + eta * xh]
    if method == "optimistic":
        if previous is None:
            raise ValueError("the optimistic step needs the previous iterate")
        xp, yp = previous
        return [x - 2 * eta * y + eta * yp, y + 2 * eta * x - eta * xp]
    raise ValueError(f"unknown method {method!r}")


def gda_matrix(method: str, eta) -> list[list]:
    """The linear map of one step: 2 x 2 on ``(x, y)``, or 4 x 4 on ``(x_t, y_t, x_{t-1}, y_{t-1})``
    for the optimistic method."""
    if method == "optimistic":
        cols = []
        for k in range(4):
            e = [0 * eta] * 4
            e[k] = 1 + 0 * eta
            cols.append(gda_step(method, e[:2], eta, e[2:]) + e[:2])
        return [list(r) for r in zip(*cols)]
    cols = [gda_step(method, [1 + 0 * eta, 0 * eta], eta), gda_step(method, [0 * eta, 1 + 0 * eta], eta)]
    return [list(r) for r in zip(*cols)]


def charpoly(M: Sequence[Sequence]) -> list[Fraction]:
    """Coefficients (highest degree first) of ``det(z I - M)`` for a rational matrix, exactly."""
    import sympy

    z = sympy.Symbol("z")
    p = sympy.Matrix([[sympy.Rational(Fraction(v).numerator, Fraction(v).denominator) for v in r] for r in M]).charpoly(z)
    return [Fraction(int(c.p), int(c.q)) for c in p.all_coeffs()]
