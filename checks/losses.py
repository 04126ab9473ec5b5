"""Margin losses of linear predictors, with their exact regularity constants.

A loss here is phi(z, y) for a prediction z = <w, x> and a label y in {-1, +1}; as a function of w it
is ``lipschitz * ||x||``-Lipschitz and ``smoothness * ||x||^2``-smooth.  Each loss records whether it
is convex in z, so strategies can draw only the losses a theorem allows and mutants can draw others:
the convex Lipschitz family (linear, logistic, smooth hinge), the exponential loss of the margin
theorems, Huber and squared losses with curvature, and the nonconvex sigmoid, concave-sqrt and
double-well losses.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit, log_expit

Array = np.ndarray


@dataclass(frozen=True)
class MarginLoss:
    """phi(z, y) with derivative dphi/dz, a Lipschitz constant and a smoothness constant in z
    (``inf`` when phi' or phi'' is unbounded), and convexity in z."""

    name: str
    value: Callable[[Array, Array], Array]
    derivative: Callable[[Array, Array], Array]
    lipschitz: float
    smoothness: float
    convex: bool

    def __repr__(self) -> str:
        return f"MarginLoss({self.name!r})"


def _smooth_hinge_value(z: Array, y: Array, gamma: float) -> Array:
    m = y * z
    return np.where(m >= 1, 0.0, np.where(m <= 1 - gamma, 1 - gamma / 2 - m, (1 - m) ** 2 / (2 * gamma)))


def _smooth_hinge_derivative(z: Array, y: Array, gamma: float) -> Array:
    m = y * z
    return y * np.where(m >= 1, 0.0, np.where(m <= 1 - gamma, -1.0, -(1 - m) / gamma))


def smooth_hinge(gamma: float = 1.0) -> MarginLoss:
    """The hinge max(0, 1 - yz) with its corner rounded over a width gamma: convex, 1-Lipschitz,
    (1/gamma)-smooth."""
    if not gamma > 0:
        raise ValueError(f"smooth_hinge needs gamma > 0, got {gamma}")
    return MarginLoss(f"smooth-hinge(gamma={gamma:g})",
                      lambda z, y: _smooth_hinge_value(z, y, gamma),
                      lambda z, y: _smooth_hinge_derivative(z, y, gamma),
                      lipschitz=1.0, smoothness=1.0 / gamma, convex=True)


LINEAR = MarginLoss("linear", lambda z, y: -y * z, lambda z, y: -y * np.ones_like(z),
                    lipschitz=1.0, smoothness=0.0, convex=True)
"""phi = -yz: convex (affine), 1-Lipschitz, 0-smooth; the case in which stability bounds are tight."""

LOGISTIC = MarginLoss("logistic", lambda z, y: -log_expit(y * z), lambda z, y: -y * expit(-y * z),
                      lipschitz=1.0, smoothness=0.25, convex=True)
"""phi = log(1 + exp(-yz)): convex, 1-Lipschitz, 1/4-smooth."""

SQUARED = MarginLoss("squared", lambda z, y: 0.5 * (z - y) ** 2, lambda z, y: z - y,
                     lipschitz=np.inf, smoothness=1.0, convex=True)
"""phi = (z - y)^2 / 2: convex, 1-smooth, not globally Lipschitz."""

SIGMOID = MarginLoss("sigmoid", lambda z, y: expit(-y * z), lambda z, y: -y * expit(-y * z) * expit(y * z),
                     lipschitz=0.25, smoothness=1 / (6 * np.sqrt(3)),
                     convex=False)
"""phi = 1 / (1 + exp(yz)): bounded, 1/4-Lipschitz and smooth (|phi''| <= 1/(6 sqrt 3)), not convex."""

CONVEX_LIPSCHITZ = (LINEAR, LOGISTIC, smooth_hinge(1.0), smooth_hinge(0.25))
"""The convex, 1-Lipschitz margin losses the strategies draw from."""

EXPONENTIAL = MarginLoss("exponential", lambda z, y: np.exp(-y * z), lambda z, y: -y * np.exp(-y * z),
                         lipschitz=np.inf, smoothness=np.inf, convex=True)
"""phi = exp(-yz): convex, neither Lipschitz nor smooth globally, with the tail of the logistic loss."""

TAILED_LOSSES = (EXPONENTIAL, LOGISTIC)
"""The exponentially tailed losses of the margin theorems."""


def huber(h: float = 1.0) -> MarginLoss:
    """``phi(z, y) = H_h(z - y)``, ``H_h(r) = r^2 / 2`` for ``|r| <= h`` and ``h |r| - h^2 / 2`` beyond:
    convex, ``h``-Lipschitz, 1-smooth; ``phi'`` runs over all of ``[-h, h]``."""
    if not h > 0:
        raise ValueError(f"huber needs h > 0, got {h}")

    def value(z: Array, y: Array) -> Array:
        r = np.abs(z - y)
        return np.where(r <= h, 0.5 * r ** 2, h * r - 0.5 * h * h)

    return MarginLoss(f"huber(h={h:g})", value, lambda z, y: np.clip(z - y, -h, h),
                      lipschitz=float(h), smoothness=1.0, convex=True)


def concave_sqrt(eps: float = 1.0) -> MarginLoss:
    """``phi(z, y) = -sqrt(eps^2 + z^2)`` (label-free): concave, 1-Lipschitz, ``1/eps``-smooth
    (``phi'' = -eps^2 / (eps^2 + z^2)^{3/2}``).  A step on it moves ``|z|`` outward by up to ``alpha R^2``."""
    if not eps > 0:
        raise ValueError(f"concave_sqrt needs eps > 0, got {eps}")
    return MarginLoss(f"concave-sqrt(eps={eps:g})",
                      lambda z, y: -np.sqrt(eps * eps + z * z),
                      lambda z, y: -z / np.sqrt(eps * eps + z * z),
                      lipschitz=1.0, smoothness=1.0 / eps, convex=False)


def double_well(s: float) -> MarginLoss:
    """``phi(z, y) = psi(z - y)``, ``psi(u) = s sqrt(e) (1 - exp(-u^2 / (2 s^2)))`` (a scaled Welsch
    loss): wells at ``z = y``, 1-Lipschitz (``|psi'|`` peaks at ``|u| = s``), ``sqrt(e)/s``-smooth,
    and not convex (``psi'' < 0`` for ``|u| > s``)."""
    if not s > 0:
        raise ValueError(f"double_well needs s > 0, got {s}")
    c = s * math.sqrt(math.e)
    return MarginLoss(f"double-well(s={s:g})",
                      lambda z, y: c * (1 - np.exp(-((z - y) ** 2) / (2 * s * s))),
                      lambda z, y: c * (z - y) / (s * s) * np.exp(-((z - y) ** 2) / (2 * s * s)),
                      lipschitz=1.0, smoothness=math.sqrt(math.e) / s, convex=False)
