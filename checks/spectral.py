"""Spectral filters of least-squares estimators, effective ranks of covariances, and the exact
formulas of high-dimensional geometry that the implicit-bias and high-dimensional claims use.

Spectral filters.  Write ``X = sum_i s_i u_i v_iᵀ`` (nonzero singular values only).  An estimator of
the form ``theta = sum_i g(s_i) / s_i (u_iᵀ y) v_i`` shrinks the coefficient of ``X⁺y`` along ``v_i``
by the *filter* ``g(s_i)`` in ``[0, 1]``:
- gradient descent from 0 on ``||X w - y||^2 / 2``, step ``eta``, ``t`` steps: ``1 - (1 - eta s^2)^t``;
- gradient flow for time ``t``: ``1 - exp(-t s^2)``;
- ridge with penalty ``lam ||w||^2``: ``s^2 / (s^2 + lam)``;
- ``g = 1`` gives ``X⁺y`` itself.
Under the calibration ``lam = 1/t`` the flow and ridge filters satisfy, with ``x = t s^2``,
``x/(1+x) <= 1 - e^{-x} <= C x/(1+x)`` where ``C = max_{x>0} (1 - e^{-x})(1 + x)/x`` is
:data:`GF_RIDGE_CONSTANT` (about 1.29843, attained at :data:`GF_RIDGE_ARGMAX`, about 1.79328).

Effective rank.  For a PSD matrix ``S != 0`` with eigenvalues ``l_i`` the participation ratio is
``PR = (sum l_i)^2 / sum l_i^2 = tr(S)^2 / ||S||_F^2``; computed from the trace and the Frobenius norm
it is exact for matrices of integers or fractions.  The stable rank of ``A`` is
``||A||_F^2 / ||A||_2^2``.

Geometry.  ``vol B_d(r) = pi^{d/2} r^d / Gamma(d/2 + 1)`` and, for ``x ~ N(0, I_d)``,
``E||x|| = sqrt(2) Gamma((d+1)/2) / Gamma(d/2)``, both as exact SymPy expressions.

Gaussian classification.  The bivariate normal distribution function through Owen's T function,
the Bayes risk of two or three isotropic Gaussian classes in the plane (equal priors), and the best
risk of a classifier that sees only a one-dimensional projection.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np
import sympy
from scipy.linalg import expm
from scipy.optimize import brentq
from scipy.special import ndtr, owens_t

from checks.linalg import default_rcond

# ---------------------------------------------------------------------------------------------
# spectral filters


def _sigma(sigma: np.ndarray | float) -> np.ndarray:
    s = np.asarray(sigma, dtype=float)
    if np.any(~np.isfinite(s)) or np.any(s < 0):
        raise ValueError(f"singular values must be finite and nonnegative, got {sigma}")
    return s


def _positive(value: float, name: str) -> float:
    value = float(value)
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return value


def gd_filter(sigma: np.ndarray | float, eta: float, steps: int) -> np.ndarray:
    """``1 - (1 - eta s^2)^t``: the fraction of the ``X⁺y`` coefficient along a singular direction
    with singular value ``s`` that ``t`` steps of GD from 0 (step ``eta``) have fitted."""
    s = _sigma(sigma)
    eta = _positive(eta, "eta")
    if not (isinstance(steps, (int, np.integer)) and steps >= 0):
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    a = eta * s ** 2
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        stable = -np.expm1(steps * np.log1p(-np.minimum(a, 1.0)))  # exact form for a <= 1
        direct = 1.0 - (1.0 - a) ** steps
    return np.where(a <= 1, np.where(a == 1, float(steps > 0), stable), direct)


def gradient_flow_filter(sigma: np.ndarray | float, time: float) -> np.ndarray:
    """``1 - exp(-t s^2)``: the filter of gradient flow from 0 run for time ``t``."""
    s = _sigma(sigma)
    if not (np.isfinite(time) and time >= 0):
        raise ValueError(f"time must be finite and nonnegative, got {time}")
    return -np.expm1(-time * s ** 2)


def ridge_filter(sigma: np.ndarray | float, lam: float) -> np.ndarray:
    """``s^2 / (s^2 + lam)``: the filter of ridge regression with penalty ``lam ||w||^2``."""
    s = _sigma(sigma)
    lam = _positive(lam, "lam")
    return s ** 2 / (s ** 2 + lam)


def filtered_solution(X: np.ndarray, y: np.ndarray, filt: Callable[[np.ndarray], np.ndarray],
                      rcond: float | None = None) -> np.ndarray:
    """``sum_i filt(s_i) / s_i (u_iᵀ y) v_i`` over the singular values above ``rcond * s_max``
    (default ``eps * max(n, d)``): the spectral estimator with filter ``filt``."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"need a matrix X and y with {X.shape[0] if X.ndim == 2 else '?'} entries, "
                         f"got shapes {X.shape}, {y.shape}")
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    cut = (default_rcond(X) if rcond is None else rcond) * (s[0] if s.size else 0.0)
    r = int(np.sum(s > cut))
    g = np.asarray(filt(s[:r]), dtype=float)
    if g.shape != (r,):
        raise ValueError(f"the filter must map {r} singular values to {r} values, got shape {g.shape}")
    return Vt[:r].T @ (g / s[:r] * (U[:, :r].T @ y))


def _gf_ridge_constant() -> tuple[float, float]:
    # d/dx log[(1 - e^{-x})(1 + x)/x] = 1/(e^x - 1) + 1/(1 + x) - 1/x, one sign change on (0.5, 5)
    x = brentq(lambda u: 1 / np.expm1(u) + 1 / (1 + u) - 1 / u, 0.5, 5.0, xtol=1e-15, rtol=1e-15)
    return float(x), float(-np.expm1(-x) * (1 + x) / x)


GF_RIDGE_ARGMAX, GF_RIDGE_CONSTANT = _gf_ridge_constant()
"""``x* ≈ 1.79328`` and ``C = (1 - e^{-x*})(1 + x*)/x* ≈ 1.29843 = max_{x>0} (1 - e^{-x})(1 + x)/x``."""


def gradient_flow_operator(X: np.ndarray, time: float) -> np.ndarray:
    """The matrix ``H(t)`` with ``theta(t) = H(t) y`` for gradient flow ``theta' = Xᵀ(y - X theta)``
    from 0: ``H(t) = int_0^t exp(-(t - u) XᵀX) du Xᵀ``, computed without any decomposition of ``X``
    as the upper-right block of ``exp(t [[-XᵀX, Xᵀ], [0, 0]])``."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a matrix, got shape {X.shape}")
    if not (np.isfinite(time) and time >= 0):
        raise ValueError(f"time must be finite and nonnegative, got {time}")
    n, d = X.shape
    block = np.zeros((d + n, d + n))
    block[:d, :d] = -X.T @ X
    block[:d, d:] = X.T
    return expm(time * block)[:d, d:]


def linear_estimator_risk(H: np.ndarray, X: np.ndarray, beta: np.ndarray, noise_var: float,
                          B: np.ndarray | None = None) -> float:
    """``E ||B (H y - beta)||^2`` for ``y = X beta + e``, ``e ~ (0, noise_var I)``: the squared bias
    ``||B (H X - I) beta||^2`` plus the variance ``noise_var ||B H||_F^2``.  ``B = I`` (default) gives
    the estimation risk, ``B = X`` the in-sample prediction risk."""
    H, X, beta = (np.asarray(a, dtype=float) for a in (H, X, beta))
    if H.shape != (X.shape[1], X.shape[0]) or beta.shape != (X.shape[1],):
        raise ValueError(f"shapes do not fit: H {H.shape}, X {X.shape}, beta {beta.shape}")
    if not noise_var >= 0:
        raise ValueError(f"the noise variance must be nonnegative, got {noise_var}")
    B = np.eye(X.shape[1]) if B is None else np.asarray(B, dtype=float)
    if B.ndim != 2 or B.shape[1] != X.shape[1]:
        raise ValueError(f"B must have {X.shape[1]} columns, got shape {B.shape}")
    bias = B @ (H @ (X @ beta) - beta)
    BH = B @ H
    return float(bias @ bias + noise_var * np.sum(BH * BH))


# ---------------------------------------------------------------------------------------------
# effective rank


def _square_symmetric(S: np.ndarray, name: str = "S") -> np.ndarray:
    S = np.asarray(S)
    if S.ndim != 2 or S.shape[0] != S.shape[1] or S.shape[0] == 0:
        raise ValueError(f"{name} must be a nonempty square matrix, got shape {S.shape}")
    exact = S.dtype == object or np.issubdtype(S.dtype, np.integer)
    symmetric = np.all(S == S.T) if exact else np.allclose(S, S.T, rtol=0, atol=1e-10 * float(np.max(np.abs(S))))
    if not symmetric:
        raise ValueError(f"{name} must be symmetric")
    return S


def _exact(x):
    return Fraction(x) if isinstance(x, (int, np.integer)) else x


def participation_ratio(S: np.ndarray):
    """``tr(S)^2 / ||S||_F^2 = (sum l_i)^2 / sum l_i^2`` for a symmetric PSD ``S != 0``.

    Exact (a Fraction) for matrices of integers or Fractions, a float otherwise.  Raises ValueError
    when ``tr S <= 0`` (``S = 0``: complete collapse has no participation ratio)."""
    S = _square_symmetric(S)
    exact = S.dtype == object or np.issubdtype(S.dtype, np.integer)
    if exact:
        S = S.astype(object)
        tr = _exact(sum(S[i, i] for i in range(S.shape[0])))
        fro2 = _exact(sum(x * x for x in S.flat))
    else:
        tr, fro2 = float(np.trace(S)), float(np.sum(S * S))
    if not tr > 0:
        raise ValueError(f"the participation ratio needs a nonzero PSD matrix (trace {tr})")
    return tr * tr / fro2


def standardized_participation_ratio(S: np.ndarray):
    """The participation ratio of the correlation matrix ``D^{-1/2} S D^{-1/2}`` (``D = diag S``)
    of a covariance ``S``, over the features of positive variance.  Since its entries square to
    ``S_ij^2 / (S_ii S_jj)`` and its trace is the number ``k`` of such features,
    ``PR = k^2 / sum_ij S_ij^2 / (S_ii S_jj)``, exact for integer or Fraction matrices."""
    S = _square_symmetric(S)
    exact = S.dtype == object or np.issubdtype(S.dtype, np.integer)
    keep = [i for i in range(S.shape[0]) if S[i, i] > 0]
    if not keep:
        raise ValueError("every feature has zero variance; standardization is undefined")
    S = S[np.ix_(keep, keep)].astype(object if exact else float)
    k = len(keep)
    if exact:
        total = sum(_exact(S[i, j]) ** 2 / (_exact(S[i, i]) * _exact(S[j, j]))
                    for i in range(k) for j in range(k))
        return Fraction(k * k) / total
    diag = np.diag(S)
    return k * k / float(np.sum(S ** 2 / np.outer(diag, diag)))


def whitening(S: np.ndarray, rcond: float = 1e-10) -> np.ndarray:
    """``W = (S⁺)^{1/2}``, the symmetric whitening matrix of a PSD ``S`` on its support: ``W S W``
    is the orthogonal projector onto ``range(S)`` (eigenvalues at or below ``rcond * l_max`` count
    as zero)."""
    S = _square_symmetric(np.asarray(S, dtype=float))
    lam, Q = np.linalg.eigh(S)
    if lam[-1] <= 0 or lam[0] < -rcond * abs(lam[-1]):
        raise ValueError(f"whitening needs a nonzero PSD matrix, eigenvalues {lam}")
    keep = lam > rcond * lam[-1]
    return (Q[:, keep] / np.sqrt(lam[keep])) @ Q[:, keep].T


def stable_rank(A: np.ndarray) -> float:
    """``||A||_F^2 / ||A||_2^2``, between 1 and ``rank A``."""
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or not np.all(np.isfinite(A)):
        raise ValueError(f"A must be a finite matrix, got shape {A.shape}")
    s = np.linalg.svd(A, compute_uv=False)
    if s.size == 0 or s[0] == 0:
        raise ValueError("the stable rank of the zero matrix is undefined")
    return float(np.sum(s ** 2) / s[0] ** 2)


# ---------------------------------------------------------------------------------------------
# high-dimensional geometry


def _dimension(d: int) -> int:
    if not (isinstance(d, (int, np.integer)) and d >= 1):
        raise ValueError(f"the dimension must be a positive integer, got {d!r}")
    return int(d)


def ball_volume(d: int, radius=1) -> sympy.Expr:
    """``pi^{d/2} r^d / Gamma(d/2 + 1)``, the volume of the Euclidean ball of radius r in R^d."""
    d = _dimension(d)
    r = sympy.nsimplify(radius)
    if not r >= 0:
        raise ValueError(f"the radius must be nonnegative, got {radius}")
    return sympy.pi ** sympy.Rational(d, 2) * r ** d / sympy.gamma(sympy.Rational(d, 2) + 1)


def gaussian_norm_mean(d: int) -> sympy.Expr:
    """``E ||x|| = sqrt(2) Gamma((d + 1)/2) / Gamma(d/2)`` for ``x ~ N(0, I_d)`` (the chi mean)."""
    d = _dimension(d)
    return sympy.sqrt(2) * sympy.gamma(sympy.Rational(d + 1, 2)) / sympy.gamma(sympy.Rational(d, 2))


def uniform_ball_sample(rng: np.random.Generator, size: int, d: int, radius: float = 1.0) -> np.ndarray:
    """``size`` points uniform in the ball of radius r in R^d: a uniform direction (normalized
    Gaussian) times ``r U^{1/d}``, since ``P(||x|| <= rho) = (rho / r)^d``."""
    d = _dimension(d)
    if not (isinstance(size, (int, np.integer)) and size >= 1):
        raise ValueError(f"size must be a positive integer, got {size!r}")
    _positive(radius, "radius")
    g = rng.standard_normal((size, d))
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    return g * (radius * rng.random(size) ** (1.0 / d))[:, None]


# ---------------------------------------------------------------------------------------------
# Gaussian classes in the plane


def bivariate_normal_cdf(h: float, k: float, rho: float) -> float:
    """``P(Z1 <= h, Z2 <= k)`` for standard normals with correlation ``rho`` in (-1, 1), through
    Owen's T function: ``Phi(h)/2 + Phi(k)/2 - T(h, a_h) - T(k, a_k) - beta`` with
    ``a_h = (k - rho h)/(h sqrt(1 - rho^2))``, ``a_k`` likewise, ``beta = 1/2`` iff ``h k < 0`` or
    (``h k = 0`` and ``h + k < 0``).  Needs ``h != 0`` and ``k != 0``."""
    if not -1 < rho < 1:
        raise ValueError(f"the correlation must lie in (-1, 1), got {rho}")
    if h == 0 or k == 0 or not (np.isfinite(h) and np.isfinite(k)):
        raise ValueError(f"need finite nonzero h and k, got {h}, {k}")
    root = np.sqrt(1 - rho * rho)
    beta = 0.5 if h * k < 0 else 0.0
    return float(0.5 * ndtr(h) + 0.5 * ndtr(k) - owens_t(h, (k - rho * h) / (h * root))
                 - owens_t(k, (h - rho * k) / (k * root)) - beta)


def _means(means: np.ndarray) -> np.ndarray:
    m = np.asarray(means, dtype=float)
    if m.ndim != 2 or m.shape[1] != 2 or m.shape[0] not in (2, 3):
        raise ValueError(f"need 2 or 3 class means in the plane, got shape {m.shape}")
    if min(np.linalg.norm(m[i] - m[j]) for i in range(len(m)) for j in range(i)) == 0:
        raise ValueError("class means must be distinct")
    return m


def gaussian_bayes_risk(means: np.ndarray) -> float:
    """The Bayes risk of classes ``N(mu_k, I_2)`` with equal priors (2 or 3 classes, distinct means
    in the plane, three of them not collinear).  The Bayes rule picks the nearest mean; given class
    k the point ``mu_k + Z`` is classified correctly iff ``<Z, e_j> <= |mu_j - mu_k| / 2`` for the unit
    vectors ``e_j`` toward the other means, a bivariate normal probability."""
    m = _means(means)
    K = m.shape[0]
    correct = 0.0
    for k in range(K):
        a = [m[j] - m[k] for j in range(K) if j != k]
        half = [np.linalg.norm(v) / 2 for v in a]
        if K == 2:
            correct += float(ndtr(half[0]))
            continue
        rho = float(a[0] @ a[1] / (2 * half[0] * 2 * half[1]))
        if abs(rho) > 1 - 1e-9:
            raise ValueError(f"three collinear means {m.tolist()} are not supported")
        correct += bivariate_normal_cdf(half[0], half[1], rho)
    return 1.0 - correct / K


def projection_probe_risk(means: np.ndarray, direction: np.ndarray) -> float:
    """The least risk of any classifier that sees only ``<w, x>`` (``w`` the unit direction), for the
    classes of :func:`gaussian_bayes_risk`: the projected classes are ``N(<w, mu_k>, 1)``, whose Bayes
    rule picks the nearest projected mean."""
    m = _means(means)
    w = np.asarray(direction, dtype=float)
    if w.shape != (2,) or not np.linalg.norm(w) > 0:
        raise ValueError(f"need a nonzero direction in the plane, got {direction}")
    p = m @ (w / np.linalg.norm(w))
    order = np.argsort(p, kind="stable")
    q = p[order]
    cuts = np.concatenate([[-np.inf], (q[1:] + q[:-1]) / 2, [np.inf]])
    correct = np.sum(ndtr(cuts[1:] - q) - ndtr(cuts[:-1] - q))
    return float(1.0 - correct / len(q))
