"""Karp's local-signal task (thesis Ch. 3, App. B): the data model, the one-filter soft-threshold CNN, the
(c, v, b) reduction of its population quantities, certified bounds on them, and the finite-width CNTK.

Data model.  An image has ``k + 1`` rows in ``R^d``: one *signal* row ``y w*`` (``||w*|| = 1``, label
``y = ±1`` uniform, row position arbitrary) and ``k`` *noise* rows ``eps_i ~ N(0, sigma^2 I_d)`` with
``sigma = ln k / sqrt k``.  The CNN is ``f(X) = sum_i phi_b(<w, X_i>)`` with the soft threshold
``phi_b(z) = ReLU(z + b) - ReLU(-z + b)``, trained on the logistic loss ``l = log(1 + e^{-y f})``.

Reduction (App. B.1.1).  With ``c = w·w*``, ``v = ||w - c w*||``, the noise projections
``A_i = eps_i·w*`` and ``B_i = eps_i·w_perp/v`` are i.i.d. ``N(0, sigma^2)``, ``Z_i = c A_i + v B_i ~
N(0, s^2)`` with ``s = sqrt(c^2 + v^2) sigma``, and ``y f = g + y S`` with ``g = phi_b(c)`` and
``S = sum_i S_i``, ``S_i = phi_b(Z_i)``: i.i.d. symmetric variables.  So the error
``P[sign f != y]`` (``sign 0`` counts as an error) is ``P[S >= g]`` when ``g > 0`` and at least 1/2
otherwise; it depends on ``(c, v, b)`` only through ``(k, g, s, b)``.

Certified bounds.  Everything about one ``S_i`` is a Gaussian integral of a piecewise polynomial, done
here in closed form with mpmath (so cancellation at large ``alpha = |b|/s`` costs digits, not
accuracy); sums of ``k`` of them are bounded, never estimated:
- error, from below: Levy's reflection bound ``P[S >= t] >= P[max_i |S_i| >= t] / 4`` and Berry–Esseen
  with Shevtsova's constant 0.4748; from above: ``P[S >= t] <= P[S != 0] / 2`` and Chernoff;
- loss: Jensen ``E l >= l(g)`` (``y S`` is symmetric), and ``l(g) + E (-yS)_+`` or ``l(g) + E S^2 / 8``;
- the population derivatives (App. B.1.3 decompositions), from the pointwise inequalities the proofs use
  and second-order Taylor bounds of the sigmoid, with moments of ``S_{-i}`` by independence.

CNTK (Sec. 3.5, App. B.2).  ``k_w(X) = sum_i sum_j <w_j, X_i> 1{|<w_j^0, X_i>| + b_j >= 0}`` with random
``w_j^0``; its lower-bound proof uses cosines of Gaussian vectors (``cos^2 ~ Beta(1/2, (d - 1)/2)``),
Sidak's inequality for a bivariate normal, Gram–Schmidt of nearly orthogonal vectors, Chernoff and
the Littlewood–Offord–Erdős small-ball bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import mpmath as mp
import numpy as np
from scipy import integrate, optimize, special

BERRY_ESSEEN = 0.4748
"""Shevtsova (2011): ``sup_x |P[S_n <= x sqrt(n) tau] - Phi(x)| <= 0.4748 rho / (tau^3 sqrt n)`` for i.i.d.
mean-zero summands with variance ``tau^2`` and third absolute moment ``rho``."""

_DIGITS = 40


# --------------------------------------------------------------------------- basic functions

def noise_std(k: float) -> float:
    """The thesis's noise level ``sigma = ln k / sqrt k`` (natural log)."""
    if not k >= 2:
        raise ValueError(f"the number of noise rows must be at least 2, got {k}")
    return math.log(k) / math.sqrt(k)


def soft_threshold(z, b):
    """``phi_b(z) = ReLU(z + b) - ReLU(-z + b)``: for ``b <= 0`` the soft threshold
    ``sign(z)(|z| - |b|)_+``; for ``b > 0`` it is ``2z`` on ``|z| < b`` and ``z + b sign z`` outside."""
    z = np.asarray(z, dtype=float)
    return np.maximum(z + b, 0.0) - np.maximum(-z + b, 0.0)


def soft_threshold_derivatives(z, b) -> tuple[np.ndarray, np.ndarray]:
    """``(d phi_b / dz, d phi_b / db) = (1{z + b > 0} + 1{-z + b > 0}, 1{z + b > 0} - 1{-z + b > 0})``
    (away from the kinks ``z = ±b``, a null set)."""
    z = np.asarray(z, dtype=float)
    up, down = (z + b > 0).astype(float), (-z + b > 0).astype(float)
    return up + down, up - down


def sigmoid(x):
    return special.expit(x)


def logistic_loss(margin):
    """``l(m) = log(1 + e^{-m})``, convex, decreasing, 1-Lipschitz, with ``l'' <= 1/4``."""
    return np.logaddexp(0.0, -np.asarray(margin, dtype=float))


def norm_sf(x: float) -> float:
    """``Phi^c(x)``, accurate in the far tail."""
    return float(special.ndtr(-x))


def mills_ratio(x):
    """``Phi^c(x) / phi(x) = sqrt(pi/2) erfcx(x / sqrt 2)``, accurate for every real ``x``."""
    return math.sqrt(math.pi / 2) * special.erfcx(np.asarray(x, dtype=float) / math.sqrt(2))


def inverse_mills(x):
    """``lambda(x) = phi(x) / Phi^c(x)``, the hazard of the standard normal."""
    return 1.0 / mills_ratio(x)


# --------------------------------------------------------------------------- data model and CNN

def sample_images(rng: np.random.Generator, n: int, k: int, d: int, w_star: np.ndarray,
                  sigma: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` draws of ``(X, y)``: ``X`` of shape ``(n, k + 1, d)`` with the signal row ``y w*`` at a uniform
    random position ``i*`` and ``N(0, sigma^2 I)`` noise rows; returns ``(X, y, i_star)``."""
    if n < 1 or k < 1 or d < 1:
        raise ValueError(f"need n, k, d >= 1, got {n}, {k}, {d}")
    w_star = np.asarray(w_star, dtype=float)
    if w_star.shape != (d,) or not math.isclose(float(np.linalg.norm(w_star)), 1.0, rel_tol=1e-12):
        raise ValueError("w_star must be a unit vector of R^d")
    sigma = noise_std(k) if sigma is None else sigma
    y = rng.choice(np.array([-1.0, 1.0]), size=n)
    X = rng.normal(0.0, sigma, size=(n, k + 1, d))
    i_star = rng.integers(0, k + 1, size=n)
    X[np.arange(n), i_star] = y[:, None] * w_star
    return X, y, i_star


def cnn_output(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """``f_{w,b}(X) = sum_i phi_b(<w, X_i>)`` for a batch ``X`` of shape ``(n, rows, d)``."""
    return soft_threshold(X @ w, b).sum(axis=-1)


def cnn_gradients(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-sample gradients of the logistic loss (App. B.1.1):
    ``grad_w l = -y sigmoid(-y f) sum_i X_i [1{<w,X_i> + b > 0} + 1{-<w,X_i> + b > 0}]`` and
    ``grad_b l = -y sigmoid(-y f) sum_i [1{<w,X_i> + b > 0} - 1{-<w,X_i> + b > 0}]``."""
    z = X @ w
    dz, db = soft_threshold_derivatives(z, b)
    weight = -y * sigmoid(-y * soft_threshold(z, b).sum(axis=-1))
    return weight[:, None] * np.einsum("nr,nrd->nd", dz, X), weight * db.sum(axis=-1)


def unit_vector(rng: np.random.Generator, d: int) -> np.ndarray:
    """A uniformly random unit vector of ``R^d``."""
    u = rng.normal(size=d)
    return u / np.linalg.norm(u)


def cnn_difference_quotients(w: np.ndarray, b: float, X: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Central difference quotients of ``f_{w,b}(X)`` along each coordinate of ``w`` and along ``b``.

    ``f`` is piecewise linear in ``(w, b)`` with kinks where ``<w, X_i> = ±b``; the step ``h`` is a
    quarter of the distance to the nearest kink divided by ``max(|X_ij|, 1)``, so no kink is crossed and
    the quotients are the exact partial derivatives up to rounding.  Returns ``(D_w, D_b, tol)`` with
    ``tol = (d + rows + 2) eps sum_i (sum_j |X_ij| (|w_j| + h) + |b| + h) / h`` (the rounding error of two
    evaluations of ``f``, divided by ``2h``), the largest over the batch."""
    z = X @ w
    margin = float(min(np.min(np.abs(z + b)), np.min(np.abs(z - b))))
    if not margin > 0:
        raise ValueError("a row lies on a kink of the soft threshold; the derivative is undefined there")
    h = 0.25 * margin / max(float(np.max(np.abs(X))), 1.0)
    d = w.shape[0]
    D_w = np.empty(X.shape[:1] + (d,))
    for j in range(d):
        e = np.zeros(d)
        e[j] = h
        D_w[:, j] = (cnn_output(w + e, b, X) - cnn_output(w - e, b, X)) / (2 * h)
    D_b = (cnn_output(w, b + h, X) - cnn_output(w, b - h, X)) / (2 * h)
    size = (np.abs(X) @ (np.abs(w) + h)).sum(axis=-1) + X.shape[-2] * (abs(b) + h)
    eps = float(np.finfo(float).eps)
    tol = float((d + X.shape[-2] + 2) * eps * np.max(size) / h)
    return D_w, D_b, tol


# --------------------------------------------------------------------------- reduced state

@dataclass(frozen=True)
class State:
    """A parameter state of the CNN in the reduced coordinates: ``k`` noise rows, ``c = w·w*``,
    ``v = ||w_perp||``, bias ``b``; ``sigma`` overrides the noise level ``ln k / sqrt k``."""

    k: int
    c: float
    v: float
    b: float
    sigma: float | None = None

    def __post_init__(self) -> None:
        if self.k < 2:
            raise ValueError(f"need at least 2 noise rows, got k = {self.k}")
        if not self.v >= 0:
            raise ValueError(f"v = ||w_perp|| must be nonnegative, got {self.v}")
        if self.c == 0 and self.v == 0:
            raise ValueError("w = 0 is degenerate (every row is thresholded alike)")
        if self.sigma is not None and not self.sigma > 0:
            raise ValueError(f"the noise level must be positive, got {self.sigma}")

    @property
    def noise(self) -> float:
        return noise_std(self.k) if self.sigma is None else self.sigma

    @property
    def s(self) -> float:
        """Standard deviation of ``Z_i = <w, eps_i>``."""
        return math.hypot(self.c, self.v) * self.noise

    @property
    def alpha(self) -> float:
        """``alpha = |b| / s``."""
        return abs(self.b) / self.s

    @property
    def signal(self) -> float:
        """``g = phi_b(c)``: the signal row's contribution to ``y f``."""
        return float(soft_threshold(self.c, self.b))

    @property
    def signal_indicators(self) -> int:
        """``1{c y + b >= 0} + 1{-c y + b >= 0}``, the same for both labels: 0 if ``b < -|c|``, 2 if
        ``b >= |c|``, else 1."""
        return int(self.b >= -abs(self.c)) + int(self.b >= abs(self.c))


def sample_reduced(rng: np.random.Generator, n: int, state: State) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` draws of the reduced noise: ``(A, B, Y)`` with ``A, B`` of shape ``(n, k)`` i.i.d.
    ``N(0, sigma^2)`` and labels ``Y``; then ``Z = c A + v B``."""
    sig = state.noise
    A = rng.normal(0.0, sig, size=(n, state.k))
    B = rng.normal(0.0, sig, size=(n, state.k))
    Y = rng.choice(np.array([-1.0, 1.0]), size=n)
    return A, B, Y


def reduced_output(state: State, Z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """``f = sum_i phi_b(Z_i) + phi_b(c Y)``."""
    return soft_threshold(Z, state.b).sum(axis=-1) + soft_threshold(state.c * Y, state.b)


# --------------------------------------------------------------------------- Gaussian integrals of S_i

def _pieces(s: float, b: float) -> list[tuple[float, float, float, float]]:
    """The linear pieces ``(lo, hi, slope, intercept)`` of ``z -> phi_b(z)`` in standardized units
    ``x = z / s`` (``phi_b(s x) = s (slope x + intercept)``), split so that ``x`` and ``phi_b`` have a
    constant sign on each piece."""
    beta = float(b) / float(s)
    inf = math.inf
    if beta >= 0:
        return [(-inf, -beta, 1.0, -beta), (-beta, 0.0, 2.0, 0.0), (0.0, beta, 2.0, 0.0), (beta, inf, 1.0, beta)]
    a = -beta
    return [(-inf, -a, 1.0, a), (-a, 0.0, 0.0, 0.0), (0.0, a, 0.0, 0.0), (a, inf, 1.0, -a)]


def _partial_moments(j_max: int, lo: float, hi: float) -> list:
    """``int_lo^hi x^j phi(x) dx`` for ``j = 0..j_max`` (mpmath), by the recursion
    ``m_j = (j - 1) m_{j-2} + lo^{j-1} phi(lo) - hi^{j-1} phi(hi)``."""
    def edge(x, p):
        if x in (math.inf, -math.inf):
            return mp.mpf(0)
        x = mp.mpf(x)
        return x ** p * mp.npdf(x)

    m = [mp.ncdf(hi) - mp.ncdf(lo) if hi <= 0 else
         (mp.ncdf(-lo) - mp.ncdf(-hi))]
    if j_max >= 1:
        m.append(edge(lo, 0) - edge(hi, 0))
    for j in range(2, j_max + 1):
        m.append((j - 1) * m[j - 2] + edge(lo, j - 1) - edge(hi, j - 1))
    return m


def _poly_mul(p: list, q: list) -> list:
    out = [mp.mpf(0)] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        for j, c in enumerate(q):
            out[i + j] += a * c
    return out


def _digits(s: float, b: float) -> int:
    return _DIGITS + int(12 * math.log10(2 + abs(b) / s))


def _soft_expect(s: float, b: float, integrand, lo: float = -math.inf, hi: float = math.inf) -> float:
    """``E[P(x, phi)]`` over ``x = Z/s in (lo, hi)``, ``Z ~ N(0, s^2)``, where ``integrand(slope,
    intercept, sign_phi, sign_x)`` gives, on each piece, the ascending coefficients of a polynomial in
    ``x`` (standardized: ``phi = slope x + intercept`` in units of ``s``)."""
    with mp.workdps(_digits(s, b)):
        total = mp.mpf(0)
        for p_lo, p_hi, slope, intercept in _pieces(s, b):
            a, c = max(p_lo, lo), min(p_hi, hi)
            if not a < c:
                continue
            mid = (a + c) / 2 if math.isfinite(a + c) else (a + 1 if math.isfinite(a) else c - 1)
            val = slope * mid + intercept
            coeffs = integrand(mp.mpf(slope), mp.mpf(intercept), int(val > 0) - int(val < 0),
                               int(mid > 0) - int(mid < 0))
            if not coeffs:
                continue
            moments = _partial_moments(len(coeffs) - 1, a, c)
            total += mp.fsum(cf * m for cf, m in zip(coeffs, moments))
        return float(total)


def _power(p: list, n: int) -> list:
    out = [mp.mpf(1)]
    for _ in range(n):
        out = _poly_mul(out, p)
    return out


@lru_cache(maxsize=4096)
def soft_abs_moment(s: float, b: float, n: int) -> float:
    """``E|S_1|^n`` for ``S_1 = phi_b(Z)``, ``Z ~ N(0, s^2)`` (``n >= 1``)."""
    if n < 1:
        raise ValueError(f"moment order must be >= 1, got {n}")
    return s ** n * _soft_expect(s, b, lambda sl, ic, sp, sx: [sp ** n * cf for cf in _power([ic, sl], n)]
                                 if sp != 0 else [])


@lru_cache(maxsize=4096)
def soft_truncated_second_moment(s: float, b: float, M: float) -> tuple[float, float]:
    """``(E[S_1^2 1{|S_1| <= M}], P[|S_1| <= M])``; since ``S_1`` is symmetric,
    ``Var[S_1 | |S_1| <= M]`` is their ratio."""
    if not M > 0:
        raise ValueError(f"the truncation level must be positive, got {M}")
    m = M / s
    second = mass = mp.mpf(0)
    for p_lo, p_hi, slope, intercept in _pieces(s, b):
        # the part of the piece where |slope x + intercept| <= m
        if slope == 0:
            lo, hi = (p_lo, p_hi) if abs(intercept) <= m else (p_lo, p_lo)
        else:
            lo, hi = max(p_lo, (-m - intercept) / slope), min(p_hi, (m - intercept) / slope)
        if lo < hi:
            second += s ** 2 * _soft_expect(s, b, lambda sl, ic, sp, sx: _power([ic, sl], 2), lo, hi)
            mass += _soft_expect(s, b, lambda sl, ic, sp, sx: [mp.mpf(1)], lo, hi)
    return float(second), float(mass)


def soft_tail(s: float, b: float, x: float) -> float:
    """``P[S_1 >= x]`` for ``x > 0``."""
    if not x > 0:
        raise ValueError(f"the tail level must be positive, got {x}")
    if b < 0:
        return norm_sf((x - b) / s)
    if x < 2 * b:
        return norm_sf(x / (2 * s))
    return norm_sf((x - b) / s)


def soft_nonzero(s: float, b: float) -> float:
    """``P[S_1 != 0]``: ``2 Phi^c(alpha)`` for ``b < 0``, else 1."""
    return 2 * norm_sf(-b / s) if b < 0 else 1.0


def _log_ndtr_diff(x1: float, x2: float) -> float:
    """``log(Phi(x1) - Phi(x2))`` for ``x1 >= x2``, from whichever side keeps the two terms small."""
    if not x1 > x2:
        return -math.inf
    if x2 > 0:
        hi, lo = special.log_ndtr(-x2), special.log_ndtr(-x1)
    else:
        hi, lo = special.log_ndtr(x1), special.log_ndtr(x2)
    gap = lo - hi
    if gap >= 0:
        return -math.inf
    return float(hi + math.log1p(-math.exp(gap))) if gap > -745 else float(hi)


def soft_log_mgf(s: float, b: float, theta: float) -> float:
    """``log E exp(theta S_1)`` (floating point; each piece ``e^{theta s (slope x + intercept)}`` is
    integrated in closed form: ``exp(t c + t^2 m^2/2) [Phi(hi - t m) - Phi(lo - t m)]`` with ``t = theta s``)."""
    t = theta * s
    terms = []
    for lo, hi, slope, intercept in _pieces(s, b):
        shift = t * slope
        terms.append(t * intercept + shift ** 2 / 2 + _log_ndtr_diff(shift - lo, shift - hi))
    return float(special.logsumexp(terms))


def soft_cross_moments(s: float, b: float) -> dict[str, float]:
    """The moments of the Lemma 3.1 / 3.2 / 3.3 proofs, ``Z ~ N(0, s^2)``, ``S = phi_b(Z)``:
    ``J1 = E[S Z 1{Z >= -b}]``, ``J3 = E[S^3 Z 1{Z >= -b}]``, ``Z2 = E[Z^2 1{Z >= -b}]``,
    ``Z1 = E[|Z| 1{Z >= -b}]``, the bound chain's ``R = E[(2 Z^2 + |b||Z|) 1{Z >= -b}] / 2`` and its
    relaxed form ``Q = (E[Z^2 | Z >= |b|] + |b| E[Z | Z >= |b|] / 2) P[Z >= -b]``."""
    lo = -b / s
    J1 = s ** 2 * _soft_expect(s, b, lambda sl, ic, sp, sx: [mp.mpf(0), ic, sl], lo)
    J3 = s ** 4 * _soft_expect(s, b, lambda sl, ic, sp, sx: [mp.mpf(0)] + _power([ic, sl], 3), lo)
    Z2 = s ** 2 * _soft_expect(s, b, lambda sl, ic, sp, sx: [mp.mpf(0), mp.mpf(0), mp.mpf(1)], lo)
    Z1 = s * _soft_expect(s, b, lambda sl, ic, sp, sx: [mp.mpf(0), mp.mpf(sx)], lo)
    alpha = abs(b) / s
    lam = float(inverse_mills(alpha))
    p_active = float(special.ndtr(b / s))
    Q = (s ** 2 * (1 + alpha * lam) + abs(b) * s * lam / 2) * p_active
    return {"J1": J1, "J3": J3, "Z2": Z2, "Z1": Z1, "R": Z2 + abs(b) * Z1 / 2, "Q": Q}


# --------------------------------------------------------------------------- certified error and loss bounds

def _moments(state: State) -> tuple[float, float, float]:
    """``(E|S_1|, E S_1^2, E|S_1|^3)``."""
    s, b = state.s, state.b
    return soft_abs_moment(s, b, 1), soft_abs_moment(s, b, 2), soft_abs_moment(s, b, 3)


def sum_tail_upper(state: State, x: float) -> float:
    """An upper bound on ``P[S >= x]`` (``x > 0``): the least of ``P[S != 0]/2``, Chernoff
    ``inf_theta exp(k log M(theta) - theta x)`` and Berry–Esseen ``Phi^c(x / (sqrt k tau)) + BE``."""
    if not x > 0:
        raise ValueError(f"the tail level must be positive, got {x}")
    k, s, b = state.k, state.s, state.b
    p = soft_nonzero(s, b)
    bounds = [-0.5 * math.expm1(k * math.log1p(-p)) if p < 1 else 0.5]
    theta_scale = 1.0 / s

    def chernoff(log_theta: float) -> float:
        theta = math.exp(log_theta) * theta_scale
        return k * soft_log_mgf(s, b, theta) - theta * x

    res = optimize.minimize_scalar(chernoff, bounds=(math.log(1e-12), math.log(1e4)), method="bounded",
                                   options={"xatol": 1e-6})
    bounds.append(math.exp(min(float(res.fun), 0.0)))
    m1, m2, m3 = _moments(state)
    if m2 > 0:
        tau = math.sqrt(m2)
        bounds.append(norm_sf(x / (math.sqrt(k) * tau)) + BERRY_ESSEEN * (m3 / m2) / (tau * math.sqrt(k)))
    return min(bounds)


def sum_tail_lower(state: State, x: float) -> float:
    """A lower bound on ``P[S >= x]`` (``x > 0``): the larger of Levy's
    ``(1 - (1 - P[|S_1| >= x])^k) / 4`` and Berry–Esseen ``Phi^c(x / (sqrt k tau)) - BE``."""
    if not x > 0:
        raise ValueError(f"the tail level must be positive, got {x}")
    k, s, b = state.k, state.s, state.b
    q = 2 * soft_tail(s, b, x)
    levy = -0.25 * math.expm1(k * math.log1p(-q)) if q < 1 else 0.25
    m1, m2, m3 = _moments(state)
    be = 0.0
    if m2 > 0:
        tau = math.sqrt(m2)
        be = norm_sf(x / (math.sqrt(k) * tau)) - BERRY_ESSEEN * (m3 / m2) / (tau * math.sqrt(k))
    return max(levy, be, 0.0)


def error_bounds(state: State) -> tuple[float, float]:
    """Certified ``(lower, upper)`` bounds on ``P[sign f(X) != y]``: ``[1/2, 1]`` when ``g <= 0``
    (symmetry), else those of ``P[S >= g]``."""
    g = state.signal
    if g <= 0:
        return 0.5, 1.0
    return sum_tail_lower(state, g), sum_tail_upper(state, g)


def loss_bounds(state: State) -> tuple[float, float]:
    """Certified ``(lower, upper)`` bounds on ``E l(y f)``: ``l(g) <= E l(g + yS)`` (Jensen; ``yS`` is
    symmetric) and ``E l(g + yS) <= l(g) + min(E(-yS)_+, E S^2/8)`` with ``E(-yS)_+ = E|S|/2 <= min(k E|S_1|,
    sqrt(k E S_1^2))/2``, or ``<= E e^{-g - yS} = e^{-g} M(1)^k`` (``l(x) <= e^{-x}``)."""
    g = state.signal
    m1, m2, _ = _moments(state)
    base = float(logistic_loss(g))
    k = state.k
    upper = base + min(k * m1 / 2, math.sqrt(k * m2) / 2, k * m2 / 8)
    exponent = -g + k * soft_log_mgf(state.s, state.b, 1.0)
    if exponent < 700:
        upper = min(upper, math.exp(exponent))
    return base, upper


def mean_sigmoid_bounds(state: State) -> tuple[float, float]:
    """Bounds on ``E sigmoid(-y f)``: from below ``sigmoid(-max(g, 0))`` (``u -> sigmoid(-g - u) +
    sigmoid(-g + u)`` increases in ``|u|`` when ``g >= 0``, and equals 1 at ``g`` replaced by 0); from
    above ``sigmoid(-g) + E|S|/4`` (``sigmoid`` is 1/4-Lipschitz) and, for ``g > 0``,
    ``sigmoid(-g/2) + P[S >= g/2]``."""
    g = state.signal
    m1, m2, _ = _moments(state)
    lower = float(sigmoid(-max(g, 0.0)))
    upper = min(1.0, float(sigmoid(-g)) + min(state.k * m1, math.sqrt(state.k * m2)) / 4)
    if g > 0:
        upper = min(upper, float(sigmoid(-g / 2)) + sum_tail_upper(state, g / 2))
    return lower, upper


def noise_pull_bound(state: State) -> float:
    """Lemmas 3.1/3.2's bound ``k sigma^2 (1 + 1.5 alpha lambda(alpha)) P[Z >= -b]`` on the noise rows'
    pull per unit of ``|c|`` (resp. ``v``)."""
    a = state.alpha
    return state.k * state.noise ** 2 * (1 + 1.5 * a * float(inverse_mills(a))) * float(special.ndtr(state.b / state.s))


def noise_pull_bounds(state: State) -> tuple[float, float, float]:
    """For ``T = k E[(sigmoid(a2) - sigmoid(a1)) Z_1 1{Z_1 >= -b}] / (c^2 + v^2)`` (so that the noise
    part of ``grad_w E l · w*`` is ``c T`` and ``g_perp = v T``): certified ``(lower, upper, chain)``
    where ``upper = k J1 / (2 (c^2 + v^2))`` uses ``sigmoid(a2) - sigmoid(a1) <= |S_1| / 2``,
    ``chain`` is the proof's relaxation ``noise_pull_bound`` and ``lower`` uses
    ``sigmoid' >= 1/4 - x^2/16`` with ``|a| <= |g| + |S_{-1}| + |S_1|``."""
    m = soft_cross_moments(state.s, state.b)
    _, m2, _ = _moments(state)
    norm2 = state.c ** 2 + state.v ** 2
    g = state.signal
    upper = state.k * m["J1"] / (2 * norm2)
    correction = 3.0 / 8.0 * (g ** 2 * m["J1"] + (state.k - 1) * m2 * m["J1"] + m["J3"])
    lower = max(0.0, state.k * (m["J1"] / 2 - correction) / norm2)
    return lower, upper, noise_pull_bound(state)


def bias_noise_bounds(state: State) -> tuple[float, float]:
    """Bounds on the noise rows' part ``N`` of ``grad_b E l`` for ``c > |b|``
    (``grad_b E l = N - E sigmoid(-y f)``): ``N = (1/2) sum_i E[1{|Z_i| > b_+}(sigmoid(u + |S_i|) -
    sigmoid(u - |S_i|))] in [lower, upper]`` with ``upper = k min(E[|S_1| 1{|Z_1| > b_+}] / 4,
    P[|Z_1| > |b|] / 2)`` and ``lower`` from ``sigmoid' >= 1/4 - x^2/16``."""
    if not state.c > abs(state.b):
        raise ValueError("the decomposition grad_b E l = N - E sigmoid(-yf) needs c > |b|")
    s, b, k = state.s, state.b, state.k
    if abs(b) / s >= 37.5:  # P[|Z_1| > |b|] < 1e-300: the closed forms below would be lost in underflow
        return 0.0, k * 1e-300
    cut = max(b, 0.0) / s
    outside = lambda n: (lambda sl, ic, sp, sx: [sp ** n * cf for cf in _power([ic, sl], n)] if sp != 0 else [])
    e1 = s * (_soft_expect(s, b, outside(1), cut) + _soft_expect(s, b, outside(1), -math.inf, -cut))
    e3 = s ** 3 * (_soft_expect(s, b, outside(3), cut) + _soft_expect(s, b, outside(3), -math.inf, -cut))
    p_out = 2 * norm_sf(abs(b) / s)
    _, m2, _ = _moments(state)
    g = state.signal
    upper = k * min(e1 / 4, p_out / 2)
    lower = max(0.0, k * (e1 / 4 - 3.0 / 16.0 * (g ** 2 * e1 + (k - 1) * m2 * e1 + e3)))
    return lower, upper


# --------------------------------------------------------------------------- CNTK and its lower bound

def cntk_features(W0: np.ndarray, b: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``Phi_j(X) = sum_i X_i 1{|<w_j^0, X_i>| + b_j >= 0}`` of shape ``(n, m, d)`` for ``W0`` of shape
    ``(m, d)``; then ``k_w(X) = sum_j <w_j, Phi_j(X)>``."""
    W0 = np.atleast_2d(W0)
    b = np.atleast_1d(np.asarray(b, dtype=float))
    active = (np.abs(X @ W0.T) + b >= 0).astype(float)  # (n, rows, m)
    return np.einsum("nrm,nrd->nmd", active, X)


def cntk_output(W: np.ndarray, W0: np.ndarray, b: np.ndarray, X: np.ndarray) -> np.ndarray:
    """``k_w(X) = sum_i sum_j <w_j, X_i> 1{|<w_j^0, X_i>| + b_j >= 0}``."""
    return np.einsum("nmd,md->n", cntk_features(W0, b, X), np.atleast_2d(W))


def cosine_quantile(d: int, q: float) -> float:
    """The ``q``-quantile of ``|cos(u, w*)|`` for ``u ~ N(0, I_d)`` (``cos^2 ~ Beta(1/2, (d-1)/2)``)."""
    if d < 2 or not 0 < q < 1:
        raise ValueError(f"need d >= 2 and 0 < q < 1, got d = {d}, q = {q}")
    return math.sqrt(float(special.betaincinv(0.5, (d - 1) / 2, q)))


def cosine_cdf(d: int, x: float) -> float:
    """``P[|cos(u, w*)| <= x]`` for ``u ~ N(0, I_d)``."""
    if d < 2:
        raise ValueError(f"need d >= 2, got {d}")
    return float(special.betainc(0.5, (d - 1) / 2, min(max(x, 0.0), 1.0) ** 2))


def init_event_constants(d: int, m: int, level: float = 0.999) -> tuple[float, float, float]:
    """``(D_l, D_u, D_p)`` with ``P[D_l/sqrt d <= |cos(w_j^0, w*)| <= D_u/sqrt d for all j, and
    |cos(w_j^0, w_j'^0)| <= D_p/sqrt d for all j < j'] >= level`` by the union bound: failure budget
    ``(1 - level)/4`` for each tail of the ``m`` signal cosines and ``(1 - level)/2`` for the pairs.
    (The cosine of two independent Gaussian vectors has the same law as ``cos(w_j^0, w*)``.)"""
    if m < 1:
        raise ValueError(f"need at least one channel, got m = {m}")
    fail = 1 - level
    root = math.sqrt(d)
    low = root * cosine_quantile(d, fail / (4 * m))
    up = root * cosine_quantile(d, 1 - fail / (4 * m))
    pairs = m * (m - 1) // 2
    pair = root * cosine_quantile(d, 1 - fail / (2 * pairs)) if pairs else 0.0
    return low, up, pair


def abs_bivariate_tail(a: float, t: float, rho: float) -> float:
    """``P[|U| >= a, |V| >= t]`` for a standard bivariate normal with correlation ``rho`` (``a, t >= 0``),
    as ``int_{|v| >= t} phi(v) P[|U| >= a | V = v] dv`` by adaptive quadrature (absolute error ~1e-13)."""
    if a < 0 or t < 0 or not -1 < rho < 1:
        raise ValueError(f"need a, t >= 0 and |rho| < 1, got {a}, {t}, {rho}")
    r = math.sqrt(1 - rho * rho)

    def integrand(v: float) -> float:
        return math.exp(-v * v / 2) / math.sqrt(2 * math.pi) * (
            special.ndtr((-a - rho * v) / r) + special.ndtr((-a + rho * v) / r))

    upper_limit = max(t, 0.0) + 40.0
    val, _ = integrate.quad(integrand, t, upper_limit, epsabs=1e-15, epsrel=1e-13, limit=200)
    val2, _ = integrate.quad(integrand, -upper_limit, -t, epsabs=1e-15, epsrel=1e-13, limit=200)
    return val + val2


def gram_schmidt(V: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unnormalized Gram–Schmidt of the rows ``v_1..v_m``: ``u_j = v_j - sum_{i<j} gamma_{ji} v_i`` (the
    projection of ``v_j`` on the earlier ``v_i``).  Returns ``(U, Gamma)`` with ``Gamma`` strictly lower
    triangular (``Gamma_{ji} = gamma_{ji}``)."""
    V = np.atleast_2d(np.asarray(V, dtype=float))
    m = V.shape[0]
    U = np.zeros_like(V)
    Gamma = np.zeros((m, m))
    for j in range(m):
        if j:
            G = V[:j] @ V[:j].T
            Gamma[j, :j] = np.linalg.solve(G, V[:j] @ V[j])
        U[j] = V[j] - Gamma[j, :j] @ V[:j]
    return U, Gamma


def central_binomial_ratio(n: int) -> Fraction:
    """``C(n, floor(n/2)) / 2^n``: Erdős's bound on ``P[sum xi_i a_i in B]`` for an interval ``B`` of length
    below 2 and ``|a_i| >= 1`` (exact)."""
    if n < 1:
        raise ValueError(f"need n >= 1, got {n}")
    return Fraction(math.comb(n, n // 2), 2 ** n)


def cntk_error_lower_bound(k: float, C: float, p: float, sigma: float | None = None) -> float:
    """The explicit form of the kernel lower bound's proof (Theorems B.1 / 3.2): if each noise row has
    ``P[|g(eps)| >= C sigma |g(w*)|] >= p``, then
    ``error >= (1/4)(1 - exp(-k p / 8) - s sqrt(4 / (pi k p)))`` with ``s = floor(1/(C sigma)) + 1``
    (Chernoff for ``|I+| <= kp/2``, then Lemma B.10 with Erdős's constant ``sqrt(2/(pi n))`` for
    ``n > kp/2`` rows, on an interval of half-length ``1/(C sigma)`` in units of ``C sigma |g(w*)|``)."""
    if not (k >= 2 and C > 0 and 0 < p <= 1):
        raise ValueError(f"need k >= 2, C > 0, 0 < p <= 1, got {k}, {C}, {p}")
    sigma = noise_std(k) if sigma is None else sigma
    s = math.floor(1 / (C * sigma)) + 1
    return 0.25 * (1 - math.exp(-k * p / 8) - s * math.sqrt(4 / (math.pi * k * p)))
