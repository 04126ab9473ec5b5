"""Hypothesis strategies for PL / RSI / WQC landscapes, generalized linear models and polynomials with
a critical point at the origin.

Every random object is generated from a drawn seed.  Tight families are drawn beside random ones: a
start along the bottom eigenvector of a quadratic (the PL and RSI rates are nearly attained there),
isotropic linear GLMs (equality in the RSI bound), one-point GLMs in the saturated regime (the WQC
constant 2 alpha/beta is approached), and the one-variable cubic ``lambda t^2/2 + rho t^3/6`` (equality
in the negative-curvature bound).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

from checks.landscape import GLM, CosineRSI, HuberPower, Poly, SinePL, rational_unit
from checks.smooth import Quadratic, random_orthogonal

SEEDS = st.integers(0, 2**32 - 1)


@dataclass(frozen=True)
class LandscapeRun:
    """An objective, a start ``w0``, a step ``eta`` and a number of steps."""

    obj: Any
    w0: np.ndarray
    eta: float
    steps: int


def _spectrum(rng: np.random.Generator, d: int, zeros: int) -> np.ndarray:
    """``d`` eigenvalues in ``[0, 4]`` with ``zeros`` exact zeros, largest and smallest positive spread."""
    top = float(rng.uniform(0.5, 4.0))
    low = top * float(10 ** rng.uniform(-2, 0))
    pos = np.concatenate([[top, low], rng.uniform(low, top, max(0, d - zeros - 2))])[: d - zeros]
    return np.sort(np.concatenate([pos, np.zeros(zeros)]))


@st.composite
def least_squares(draw, rank_deficient: bool | None = None) -> Quadratic:
    """``½||A(w - z)||^2 + f*`` as a quadratic with ``AᵀA = Q diag(lam) Qᵀ`` (``lam >= 0``, possibly
    with zeros: a rank-deficient least-squares problem with residual ``f*``)."""
    rng = np.random.default_rng(draw(SEEDS))
    d = draw(st.integers(1, 4))
    rd = draw(st.booleans()) if rank_deficient is None else rank_deficient
    if rd:
        d = max(d, 2)
    zeros = draw(st.integers(1, d - 1)) if rd else 0
    lam = _spectrum(rng, d, zeros)
    return Quadratic(lam, random_orthogonal(d, rng), rng.normal(0, 2, d), float(rng.uniform(0, 1)))


def _start(draw, obj, rng: np.random.Generator) -> np.ndarray:
    d = obj.dim
    if isinstance(obj, Quadratic) and draw(st.booleans()):
        pos = np.flatnonzero(obj.lam > 0)
        v = obj.Q[:, pos[0]]                                   # bottom nonzero eigenvector (tight)
        return obj.center + float(rng.uniform(0.5, 5)) * v
    centre = obj.center if isinstance(obj, Quadratic) else np.zeros(d)
    return centre + rng.normal(0, float(rng.uniform(0.3, 3)), d)


@st.composite
def pl_runs(draw, eta_factor: float = 1.0, rank_deficient: bool | None = None, max_steps: int = 60) -> LandscapeRun:
    """GD runs with step ``eta_factor / L`` on PL functions: least squares (rank-deficient or not) and
    the nonconvex ``sum w_i^2 + a sin^2 w_i``."""
    rng = np.random.default_rng(draw(SEEDS))
    if rank_deficient is None and draw(st.booleans()):
        obj = SinePL(float(draw(st.sampled_from([1, 2, 3]))), draw(st.integers(1, 3)))
    else:
        obj = draw(least_squares(rank_deficient))
    w0 = _start(draw, obj, rng)
    return LandscapeRun(obj, w0, eta_factor / obj.L, draw(st.integers(10, max_steps)))


@st.composite
def rsi_runs(draw, step: str = "drawn", min_ratio: float = 0.0, max_steps: int = 60) -> LandscapeRun:
    """GD runs on RSI functions: positive definite quadratics (``mu = lam_min``, ``L = lam_max``) and
    the nonconvex ``½||w||^2 + a sum(1 - cos w_i)``.  ``step``: ``drawn`` (``eta = theta 2mu/L^2``,
    ``theta`` in ``[0.05, 0.95]`` or ½), ``mu/L^2``, or ``1.99/L``; ``min_ratio`` bounds ``mu/L`` below."""
    rng = np.random.default_rng(draw(SEEDS))
    if min_ratio == 0 and draw(st.booleans()):
        obj = CosineRSI(float(draw(st.floats(0.5, 4.5))), draw(st.integers(1, 3)))
        mu, L = obj.mu, obj.L
    else:
        d = draw(st.integers(1, 4))
        top = float(rng.uniform(0.5, 4.0))
        ratio = float(10 ** rng.uniform(np.log10(max(min_ratio, 0.01)), 0))
        lam = np.sort(np.concatenate([[top, top * ratio], rng.uniform(top * ratio, top, max(0, d - 2))])[:d])
        obj = Quadratic(lam, random_orthogonal(d, rng), rng.normal(0, 2, d))
        mu, L = obj.mu, obj.L
    w0 = _start(draw, obj, rng)
    if step == "mu/L^2":
        eta = mu / L ** 2
    elif step == "1.99/L":
        eta = 1.99 / L
    else:
        theta = draw(st.one_of(st.just(0.5), st.floats(0.05, 0.95)))
        eta = theta * 2 * mu / L ** 2
    return LandscapeRun(obj, w0, eta, draw(st.integers(10, max_steps)))


@st.composite
def wqc_runs(draw, powers: tuple[int, ...] = (2, 3, 4, 6), eta_factor: float = 1.0, min_steps: int = 30,
             max_steps: int = 200, sine: bool = True) -> LandscapeRun:
    """GD runs with step ``eta_factor mu/Gamma`` on weakly-quasi-convex, weakly smooth functions:
    separable Huberised powers ``sum c_i h_p(w_i/b_i)`` and (if ``sine``) ``sum w_i^2 + a sin^2 w_i``."""
    rng = np.random.default_rng(draw(SEEDS))
    d = draw(st.integers(1, 3))
    if sine and draw(st.integers(0, 3)) == 0:
        obj: Any = SinePL(float(draw(st.sampled_from([1, 2, 3]))), d)
        mu, gamma = obj.wqc, obj.gamma
    else:
        obj = HuberPower(draw(st.sampled_from(powers)), rng.uniform(0.5, 2, d), rng.uniform(0.5, 2, d))
        mu, gamma = obj.wqc, obj.gamma
    w0 = rng.normal(0, float(rng.uniform(0.5, 3)), d)
    return LandscapeRun(obj, w0, eta_factor * mu / gamma, draw(st.integers(min_steps, max_steps)))


# ------------------------------------------------------------------------------------------------ GLM
@dataclass(frozen=True)
class GLMPoint:
    """A GLM and a parameter ``w`` at which its loss, gradient or surrogate is examined."""

    glm: GLM
    w: np.ndarray


@st.composite
def glm_points(draw, links: tuple[str, ...] = ("tanh", "sigmoid", "ramp", "linear"), shifted: bool = False,
               scale: tuple[float, float] = (0.2, 2.0), tight: bool = True, family: str | None = None) -> GLMPoint:
    """Finite GLMs (``n <= 6`` atoms, ``d <= 3``) with heteroscedastic two-point noise and a parameter
    ``w``.  With ``tight``: isotropic designs (``E xxᵀ = lambda I``), designs in a hyperplane with
    ``w - w*`` normal to it, and one-point designs with ``w*ᵀx >> 0 >> wᵀx``.  ``shifted`` gives the
    noise a conditional mean of size in ``[0.5, 1]`` (the assumption ``E[eps|x] = 0`` dropped);
    ``family`` fixes the design family."""
    rng = np.random.default_rng(draw(SEEDS))
    link = draw(st.sampled_from(links))
    alpha = float(rng.uniform(0.1, 0.9))
    beta = alpha + float(rng.uniform(0.2, 2.0))
    if link == "linear":
        beta = alpha
    if family is None:
        family = draw(st.sampled_from(["random", "isotropic", "hyperplane", "one-point"] if tight else ["random"]))
    d = draw(st.integers(2 if family == "hyperplane" else 1, 3))
    s = float(rng.uniform(*scale))
    w_star = rng.normal(0, s, d)
    w = rng.normal(0, s, d)
    if family == "isotropic":
        Q = random_orthogonal(d, rng)
        X = float(rng.uniform(0.5, 2)) * np.vstack([Q, -Q])       # E xxᵀ = c^2/d I
        n = 2 * d
    elif family == "hyperplane" and d >= 2:
        n = draw(st.integers(1, 6))
        X = rng.normal(0, 1, (n, d))
        X[:, -1] = 0.0
        w = w_star.copy()
        w[-1] += float(rng.normal(0, s)) + s                        # w - w* normal to the design
    elif family == "one-point":
        n = 1
        X = rng.normal(0, 1, (1, d))
        X /= np.linalg.norm(X)
        w_star = X[0] * float(rng.uniform(2, 6))
        w = -X[0] * float(rng.uniform(2, 6))
    else:
        n = draw(st.integers(1, 6))
        X = rng.normal(0, 1, (n, d))
    prob = rng.dirichlet(np.ones(n)) if n > 1 else np.ones(1)
    prob = prob / prob.sum()
    spread = rng.uniform(0, 1, n) * (1 + np.abs(X[:, 0]))
    shift = (rng.choice([-1, 1], n) * rng.uniform(0.5, 1, n)) if shifted else np.zeros(n)
    return GLMPoint(GLM(X, prob, spread, shift, w_star, link, alpha, beta), w)


# --------------------------------------------------------------------------------------- polynomials
def _fraction(draw, lo: int, hi: int, den: int = 4) -> Fraction:
    return Fraction(draw(st.integers(lo, hi)), draw(st.integers(1, den)))


def _unimodular(draw, n: int) -> tuple[tuple[Fraction, ...], ...]:
    """An invertible rational ``n x n`` matrix: a unit upper triangular times a permutation."""
    perm = draw(st.permutations(range(n)))
    U = [[Fraction(int(i == j)) if j <= i else _fraction(draw, -2, 2) for j in range(n)] for i in range(n)]
    return tuple(tuple(U[i][perm[j]] for j in range(n)) for i in range(n))


@dataclass(frozen=True)
class CriticalPoint:
    """``f`` with a critical point at 0, and (when known by construction) the type of 0."""

    f: Poly
    truth: str | None
    coefficients: tuple[Fraction, ...] = ()
    exponents: tuple[int, ...] = ()
    change: tuple[tuple[Fraction, ...], ...] = ()


@st.composite
def separable_points(draw, max_exponent: int = 4, extrema: bool = False) -> CriticalPoint:
    """``f(w) = g(M w)`` with ``g(u) = sum_i c_i u_i^{k_i}``,
    ``k_i in [2, max_exponent]``, ``M`` invertible rational: the type of 0 is that of ``g``
    (:func:`checks.landscape.separable_type`), while the Hessian is ``Mᵀ diag(2c_i [k_i = 2]) M``.
    ``extrema``: even exponents and one sign (strict minima and maxima, often with a singular Hessian)."""
    from checks.landscape import separable_type

    n = draw(st.integers(1, 3))
    if extrema:
        ks = tuple(2 * draw(st.integers(1, max_exponent // 2)) for _ in range(n))
        sign = draw(st.sampled_from([-1, 1]))
        cs = tuple(sign * _fraction(draw, 1, 3) for _ in range(n))
    else:
        ks = tuple(draw(st.integers(2, max_exponent)) for _ in range(n))
        cs = tuple(draw(st.sampled_from([-1, 1])) * _fraction(draw, 1, 3) for _ in range(n))
    g = Poly.of(n, {tuple(k if j == i else 0 for j in range(n)): c for i, (c, k) in enumerate(zip(cs, ks))})
    M = _unimodular(draw, n)
    return CriticalPoint(g.compose_linear(M), separable_type(cs, ks), cs, ks, M)


@st.composite
def perturbed_points(draw) -> CriticalPoint:
    """``½ wᵀHw + cubic + quartic`` with ``H = Mᵀ D M`` nondegenerate (``D`` diagonal, nonzero
    entries of drawn signs) and small random integer cubic and quartic coefficients; type unknown
    a priori (the Hessian test decides it)."""
    n = draw(st.integers(1, 3))
    M = _unimodular(draw, n)
    D = [draw(st.sampled_from([-1, 1])) * _fraction(draw, 1, 4) for _ in range(n)]
    coeffs: dict[tuple[int, ...], Fraction] = {}
    for i in range(n):
        for j in range(n):
            h = sum(M[k][i] * D[k] * M[k][j] for k in range(n))
            e = tuple((i == m) + (j == m) for m in range(n))
            coeffs[e] = coeffs.get(e, Fraction(0)) + h / 2
    for deg in (3, 4):
        for _ in range(draw(st.integers(0, 3))):
            e = [0] * n
            for _ in range(deg):
                e[draw(st.integers(0, n - 1))] += 1
            coeffs[tuple(e)] = coeffs.get(tuple(e), Fraction(0)) + draw(st.integers(-3, 3))
    return CriticalPoint(Poly.of(n, coeffs), None)


@dataclass(frozen=True)
class CurvatureCase:
    """A quadratic-plus-cubic ``f`` with ``∇f(0) = 0``, a rational unit ``v`` with ``vᵀ∇²f(0)v < 0``,
    and a Lipschitz constant ``rho`` of the Hessian (see :func:`curvature_cases`)."""

    f: Poly
    v: tuple[Fraction, ...]
    rho: Fraction


@st.composite
def curvature_cases(draw) -> CurvatureCase:
    """Cubic polynomials with a critical point at 0 and a negative-curvature unit direction ``v``.
    ``rho = 6 sum_e |c_e|`` over the cubic part ``sum_e c_e w^e`` bounds the Lipschitz constant of the
    Hessian: the Hessian of a cubic monomial is linear in ``w`` with Frobenius norm at most ``6||w||``
    (``6|w_i|`` for ``w_i^3``, ``sqrt(8)||w||`` for ``w_i^2 w_j``, ``sqrt(2)||w||`` for ``w_i w_j w_k``).
    The tight family is one variable: ``lambda t^2/2 + rho t^3/6``."""
    if draw(st.booleans()):
        lam = -_fraction(draw, 1, 4)
        rho = _fraction(draw, 1, 6)
        f = Poly.of(1, {(2,): lam / 2, (3,): rho / 6})
        return CurvatureCase(f, (Fraction(1),), rho)
    n = draw(st.integers(2, 3))
    v = rational_unit([_fraction(draw, -3, 3) for _ in range(n - 1)])
    coeffs: dict[tuple[int, ...], Fraction] = {}
    for i in range(n):
        for j in range(i, n):
            e = tuple((i == m) + (j == m) for m in range(n))
            coeffs[e] = Fraction(draw(st.integers(-3, 3)), 2)
    q = Poly.of(n, coeffs)
    # push v into negative curvature: subtract kappa (vᵀw)^2 with kappa > vᵀHv/2 + margin
    vw = Poly.of(n, {tuple(int(m == i) for m in range(n)): v[i] for i in range(n)})
    H = q.hessian((0,) * n)
    vhv = sum(v[i] * H[i][j] * v[j] for i in range(n) for j in range(n))
    kappa = max(Fraction(0), vhv / 2) + _fraction(draw, 1, 4)
    cubic: dict[tuple[int, ...], Fraction] = {}
    for _ in range(draw(st.integers(1, 4))):
        e = [0] * n
        for _ in range(3):
            e[draw(st.integers(0, n - 1))] += 1
        cubic[tuple(e)] = cubic.get(tuple(e), Fraction(0)) + Fraction(draw(st.integers(-3, 3)), 2)
    c = Poly.of(n, cubic)
    rho = 6 * c.abs_coefficient_sum(3)
    if rho == 0:
        rho = Fraction(1)
    return CurvatureCase(q + vw * vw * (-kappa) + c, v, rho)


@dataclass(frozen=True)
class DirectionCase:
    """A gradient ``g``, a symmetric ``H``, a direction ``delta`` and thresholds ``eps``, ``gamma``."""

    g: tuple[Fraction, ...]
    H: tuple[tuple[Fraction, ...], ...]
    delta: tuple[Fraction, ...]
    eps: Fraction
    gamma: Fraction


@st.composite
def direction_cases(draw, sosp: bool = False, big_delta: bool = False) -> DirectionCase:
    """Random rational ``(g, H, delta, eps, gamma)``; with the equality family ``g = eps u``,
    ``delta = u`` (``u`` a rational unit vector), where ``|<g, delta>| = eps ||delta||`` exactly.
    ``sosp``: ``||g|| <= eps`` and ``H ⪰ -gamma I`` (an (eps, gamma)-SOSP); ``big_delta``: ``||delta||``
    up to 100."""
    n = draw(st.integers(1, 3))
    eps, gamma = _fraction(draw, 1, 4), _fraction(draw, 1, 4)
    u = rational_unit([_fraction(draw, -3, 3) for _ in range(n - 1)])
    if draw(st.booleans()):                                      # equality family
        g = tuple(eps * x for x in u)
        delta = u
    else:
        g = tuple(_fraction(draw, -4, 4) for _ in range(n))
        if sosp:
            nrm2 = sum(x * x for x in g)
            if nrm2 > eps * eps:                                 # shrink by a rational factor below eps/||g||
                r = Fraction(1)
                while r * r * nrm2 > eps * eps:
                    r /= 2
                g = tuple(r * x for x in g)
        scale = draw(st.integers(1, 100)) if big_delta else 1
        delta = tuple(scale * _fraction(draw, -4, 4) for _ in range(n))
    B = [[_fraction(draw, -2, 2) for _ in range(n)] for _ in range(n)]
    H = [[sum(B[k][i] * B[k][j] for k in range(n)) - (gamma if i == j and sosp else 0) for j in range(n)]
         for i in range(n)]
    if not sosp:
        shift = _fraction(draw, -3, 3)
        H = [[H[i][j] - (shift if i == j else 0) for j in range(n)] for i in range(n)]
    return DirectionCase(g, tuple(tuple(r) for r in H), delta, eps, gamma)


@dataclass(frozen=True)
class RescalingCase:
    """``f`` (a polynomial), ``a, b > 0``, points ``x, y`` and ``(eps_g, ell, rho)`` for the rescaling
    ``g(x) = a f(b x)``."""

    f: Poly
    a: Fraction
    b: Fraction
    x: tuple[Fraction, ...]
    y: tuple[Fraction, ...]
    eps: Fraction
    ell: Fraction
    rho: Fraction


@st.composite
def rescaling_cases(draw) -> RescalingCase:
    n = draw(st.integers(1, 3))
    coeffs = {}
    for _ in range(draw(st.integers(1, 6))):
        e = [0] * n
        for _ in range(draw(st.integers(0, 4))):
            e[draw(st.integers(0, n - 1))] += 1
        coeffs[tuple(e)] = _fraction(draw, -3, 3)
    f = Poly.of(n, coeffs)
    pos = st.fractions(Fraction(1, 10), Fraction(10), max_denominator=10)
    a, b = draw(pos), draw(pos)
    x = tuple(_fraction(draw, -3, 3) for _ in range(n))
    y = tuple(_fraction(draw, -3, 3) for _ in range(n))
    return RescalingCase(f, a, b, x, y, draw(pos), draw(pos), draw(pos))


@dataclass(frozen=True)
class ImprovementCase:
    """A one-variable ``f(x) = c x^2 + e x^4`` (minimum ``f* = 0`` at the SOSP ``x = 0``), thresholds
    ``eps, gamma, tau``, a point ``z`` with ``f(z) > tau`` and a direction ``delta`` of improvement at ``z``."""

    f: Poly
    eps: Fraction
    gamma: Fraction
    tau: Fraction
    z: Fraction
    delta: Fraction


@st.composite
def improvement_cases(draw) -> ImprovementCase:
    c, e = _fraction(draw, 1, 4), _fraction(draw, 0, 4)
    f = Poly.of(1, {(2,): c, (4,): e})
    tau = _fraction(draw, 1, 4, den=8)
    z = Fraction(1)
    while f((z,)) <= tau:
        z *= 2
    eps = f.gradient((z,))[0] / draw(st.integers(2, 10))           # |f'(z) delta| > eps |delta|
    delta = draw(st.sampled_from([-1, 1])) * _fraction(draw, 1, 10)
    return ImprovementCase(f, eps, _fraction(draw, 1, 4), tau, z, delta)
