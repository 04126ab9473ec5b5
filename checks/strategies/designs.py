"""Design matrices with planted spectra, and least-squares problems ``X w = y`` for gradient descent.

A design is ``X = U_r diag(s) V_rᵀ`` with Haar-random orthonormal ``U_r`` (n×r), ``V_r`` (d×r) from a
seeded generator and singular values ``s`` drawn by Hypothesis, so the shape (wide, tall, square), the
rank and the conditioning are all controlled, and the search can tune the spectrum.  The step size is
drawn as the multiplier ``c = eta * s_max^2``: GD on ``||X w - y||^2 / 2`` is stable for ``0 < c < 2``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

SHAPES = ("any", "wide", "tall")
INITS = ("zero", "random")


@dataclass(frozen=True, eq=False)
class LeastSquares:
    """GD on ``||X w - y||^2 / 2`` from ``w0`` with step ``eta`` for ``steps`` steps.

    ``family`` says how the instance was built (and, for tight instances, along which singular
    direction the initial error lies)."""

    X: np.ndarray
    y: np.ndarray
    w0: np.ndarray
    eta: float
    steps: int
    family: str

    @property
    def shape(self) -> tuple[int, int]:
        return self.X.shape


def haar_orthonormal(rng: np.random.Generator, m: int) -> np.ndarray:
    """A Haar-distributed m×m orthogonal matrix (QR of a Gaussian matrix, signs fixed by diag R)."""
    if m < 1:
        raise ValueError(f"dimension must be positive, got {m}")
    Q, R = np.linalg.qr(rng.standard_normal((m, m)))
    return Q * np.sign(np.diag(R))


def planted_design(n: int, d: int, s: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(X, U, V)`` with ``X = U[:, :r] diag(s) V[:, :r]ᵀ``, ``r = len(s) <= min(n, d)``; ``U``, ``V``
    are full orthogonal matrices (their trailing columns span ``range(X)^⊥`` and ``null(X)``)."""
    s = np.asarray(s, dtype=float)
    r = s.size
    if not 1 <= r <= min(n, d) or np.any(s <= 0):
        raise ValueError(f"need 1 <= rank <= min(n, d) and positive singular values, got {s} for {n}x{d}")
    rng = np.random.default_rng(seed)
    U, V = haar_orthonormal(rng, n), haar_orthonormal(rng, d)
    return (U[:, :r] * s) @ V[:, :r].T, U, V


def _slowest_direction(s: np.ndarray, c: float) -> int:
    """The index i maximizing ``|1 - c (s_i / s_max)^2|``: the direction whose error decays slowest."""
    return int(np.argmax(np.abs(1 - c * (s / s[0]) ** 2)))


def step_multipliers(low: float, high: float) -> SearchStrategy[float]:
    """``c = eta s_max^2`` in ``(low, high)``; for the stable range ``(0, 2)`` the draw includes
    ``c`` within ``1e-4 .. 1e-1`` of 2 (rate near 1 along the top direction) and small ``c``
    (rate near 1 along the bottom direction)."""
    if not 0 <= low < high:
        raise ValueError(f"need 0 <= low < high, got {low}, {high}")
    inner = st.floats(low, high, exclude_min=True, exclude_max=True)
    if (low, high) != (0.0, 2.0):
        return inner
    return st.one_of(inner.filter(lambda c: c >= 0.01),
                     st.floats(1, 4).map(lambda u: 2 - 10.0 ** -u),
                     st.floats(1, 2).map(lambda u: 10.0 ** -u))


@st.composite
def _planted(draw, shape: str, consistent: bool, init: str, step: tuple[float, float],
             max_dim: int, max_steps: int, max_cond: float, tight: bool) -> LeastSquares:
    if shape == "wide":
        n = draw(st.integers(1, max_dim - 1))
        d = draw(st.integers(n + 1, max_dim))
    elif shape == "tall":
        n = draw(st.integers(2, max_dim))
        d = draw(st.integers(1, n - 1))
    else:
        n = draw(st.integers(1 if consistent else 2, max_dim))
        d = draw(st.integers(1, max_dim))
    # an inconsistent y needs range(X) != R^n, i.e. rank < n
    r = draw(st.integers(1, min(n, d) if consistent else min(n - 1, d)))
    scale = draw(st.floats(0.25, 4.0))
    decades = draw(st.lists(st.floats(0, float(np.log10(max_cond))), min_size=r - 1, max_size=r - 1))
    s = scale * 10.0 ** -np.sort(np.array([0.0] + decades))
    seed = draw(st.integers(0, 2**32 - 1))
    X, U, V = planted_design(n, d, s, seed)
    c = draw(step_multipliers(*step))
    eta = c / s[0] ** 2
    rng = np.random.default_rng(seed + 1)
    aligned = tight and draw(st.booleans())
    k = _slowest_direction(s, c)
    w_row = V[:, k] * scale if aligned else V[:, :r] @ rng.standard_normal(r)
    y = X @ w_row
    family = f"planted {n}x{d}, rank {r}, cond {s[0] / s[-1]:.3g}, c = eta*s_max^2 = {c:.6g}"
    if not consistent:
        beta = draw(st.floats(0.1, 1.0))
        off = U[:, r:] @ rng.standard_normal(n - r)
        y = y + beta * max(np.linalg.norm(y), 1.0) * off / np.linalg.norm(off)
        family += f", y = X w* + {beta:.3g} max(||X w*||, 1) u with unit u ⊥ range(X)"
    if init == "zero":
        w0 = np.zeros(d)
        family += ", w0 = 0" + (f", X⁺y along v_{k + 1}" if aligned else "")
    else:
        sigma0 = draw(st.floats(0.1, 3.0))
        g = sigma0 * rng.standard_normal(d)
        if aligned:  # w0 - (X⁺y + (I - X⁺X) w0) = alpha v_k: the initial error on the slowest direction
            alpha = draw(st.floats(0.1, 3.0))
            null = V[:, r:] @ (V[:, r:].T @ g)
            w0 = w_row + alpha * V[:, k] + null
            family += f", w0 = X⁺y + {alpha:.3g} v_{k + 1} + null-space part"
        else:
            w0 = g
            family += f", w0 ~ N(0, {sigma0:.3g}^2 I)"
    steps = draw(st.integers(1, max_steps))
    return LeastSquares(X, y, w0, float(eta), steps, family)


def _textbook(init: str) -> list[LeastSquares]:
    """Small instances worked by hand: X = [1 2], y = 1 (min-norm (1/5, 2/5), min-l1 (0, 1/2)), and
    X = [1 0], y = 1, w0 = (0, 1), whose GD limit is (1, 1), not X⁺y = (1, 0)."""
    one_two = LeastSquares(np.array([[1.0, 2.0]]), np.array([1.0]), np.zeros(2), 0.1, 60,
                           "textbook X = [1 2], y = 1, c = 0.5")
    if init == "zero":
        return [one_two]
    axis = LeastSquares(np.array([[1.0, 0.0]]), np.array([1.0]), np.array([0.0, 1.0]), 0.5, 40,
                        "textbook X = [1 0], y = 1, w0 = (0, 1), c = 0.5")
    return [axis, LeastSquares(one_two.X, one_two.y, np.array([1.0, -1.0]), 0.1, 60,
                               "textbook X = [1 2], y = 1, w0 = (1, -1), c = 0.5")]


def least_squares(*, shape: str = "any", consistent: bool = True, init: str = "zero",
                  step: tuple[float, float] = (0.0, 2.0), max_dim: int = 8, max_steps: int = 300,
                  max_cond: float = 1e3, tight: bool = True, textbook: bool = True
                  ) -> SearchStrategy[LeastSquares]:
    """Least-squares problems for GD.

    ``shape``: ``any``, ``wide`` (n < d) or ``tall`` (n > d); ranks run over ``1..min(n, d)``.
    ``consistent``: ``y = X w*`` (else ``y`` has a component off ``range(X)``, so rank < n).
    ``init``: ``zero`` or ``random`` (Gaussian ``w0``, the "standard" initialization).
    ``step``: the range of ``c = eta s_max^2`` (``(0, 2)`` is the stable range).
    ``tight``: half the planted draws put the initial error on the singular direction with the
    slowest factor ``|1 - eta s_i^2|``, where the per-step contraction bound is attained.
    ``textbook``: also draw the hand-worked instances (only for stable, consistent, not tall draws)."""
    if shape not in SHAPES or init not in INITS:
        raise ValueError(f"shape must be one of {SHAPES} and init one of {INITS}, got {shape!r}, {init!r}")
    if not (max_dim >= 2 and max_steps >= 1 and max_cond >= 1):
        raise ValueError(f"need max_dim >= 2, max_steps >= 1, max_cond >= 1; got {max_dim}, {max_steps}, {max_cond}")
    planted = _planted(shape, consistent, init, step, max_dim, max_steps, max_cond, tight)
    if textbook and consistent and step == (0.0, 2.0) and shape in ("any", "wide"):
        return st.one_of(st.sampled_from(_textbook(init)), planted)
    return planted
