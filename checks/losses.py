"""Margin losses of linear predictors, with their exact regularity constants.

A loss here is phi(z, y) for a prediction z = <w, x> and a label y in {-1, +1}; as a function of w it
is ``lipschitz * ||x||``-Lipschitz and ``smoothness * ||x||^2``-smooth.  Each loss records whether it
is convex in z, so strategies can draw only the losses a theorem allows and mutants can draw others.
"""

from __future__ import annotations

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
