"""Closed forms for Gaussian mixtures under Gaussian corruption and under the linear flow-matching path.

A mixture ``Σ_k π_k N(m_k, v_k I_d)`` (``v_k = 0`` is an atom) corrupted as ``X_t = αX_0 + σε`` is
again a mixture, ``Σ_k π_k N(αm_k, (α²v_k + σ²) I)``; the posterior over components is Bayes' rule and
within a component ``(X_0, X_t)`` is jointly Gaussian, so ``E[X_0 | X_t]`` is a posterior-weighted
Schur complement.  The linear interpolant ``X_t = (1 − t)Z + tX_1`` (``Z ~ N(0, I)`` independent of a
mixture ``X_1``) is the special case ``α = t, σ = 1 − t`` with the velocity ``u = X_1 − Z``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class Mixture:
    """``Σ_k weights[k] N(means[k], variances[k] I_d)``; ``means`` has shape ``(K, d)``."""

    weights: tuple[float, ...]
    means: tuple[tuple[float, ...], ...]
    variances: tuple[float, ...]

    def __post_init__(self) -> None:
        w, m, v = np.array(self.weights), np.array(self.means, float), np.array(self.variances)
        if m.ndim != 2 or not len(w) == len(m) == len(v) or len(w) == 0:
            raise ValueError("a mixture needs K weights, K means of equal dimension and K variances")
        if np.any(w <= 0) or abs(w.sum() - 1) > 1e-12 or np.any(v < 0):
            raise ValueError("weights must be positive and sum to 1, variances non-negative")

    @property
    def dim(self) -> int:
        return len(self.means[0])

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return np.array(self.weights), np.array(self.means, float), np.array(self.variances, float)


def _check_noise(mix: Mixture, alpha: float, sigma: float) -> None:
    if not sigma >= 0 or (sigma == 0 and min(mix.variances) == 0):
        raise ValueError("the corrupted law needs a density: sigma > 0 or all components non-degenerate")
    del alpha


def noised_logpdf(mix: Mixture, x: torch.Tensor, alpha: float, sigma: float) -> torch.Tensor:
    """``log p_t(x)`` for ``X_t = αX_0 + σε`` (float64 torch, ``x`` of shape ``(..., d)``), differentiable."""
    _check_noise(mix, alpha, sigma)
    w, m, v = (torch.tensor(a, dtype=torch.float64) for a in mix.arrays())
    var = alpha**2 * v + sigma**2
    sq = ((x[..., None, :] - alpha * m) ** 2).sum(-1)
    logc = torch.log(w) - sq / (2 * var) - 0.5 * mix.dim * torch.log(2 * math.pi * var)
    return torch.logsumexp(logc, -1)


def noised_score(mix: Mixture, x: np.ndarray, alpha: float, sigma: float) -> np.ndarray:
    """``∇_x log p_t(x)`` by automatic differentiation of :func:`noised_logpdf`; ``x`` of shape ``(n, d)``."""
    xt = torch.tensor(np.asarray(x, float), dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(noised_logpdf(mix, xt, alpha, sigma).sum(), xt)
    return g.numpy()


def component_posterior(mix: Mixture, x: np.ndarray, alpha: float, sigma: float) -> np.ndarray:
    """``P(component k | X_t = x)``, shape ``(n, K)``."""
    _check_noise(mix, alpha, sigma)
    w, m, v = mix.arrays()
    var = alpha**2 * v + sigma**2
    sq = ((np.asarray(x, float)[:, None, :] - alpha * m) ** 2).sum(-1)
    logc = np.log(w) - sq / (2 * var) - 0.5 * mix.dim * np.log(var)
    logc -= logc.max(axis=1, keepdims=True)
    post = np.exp(logc)
    return post / post.sum(axis=1, keepdims=True)


def posterior_mean(mix: Mixture, x: np.ndarray, alpha: float, sigma: float) -> np.ndarray:
    """``E[X_0 | X_t = x] = Σ_k P(k | x) (m_k + αv_k/(α²v_k + σ²)(x − αm_k))``, shape ``(n, d)``."""
    _check_noise(mix, alpha, sigma)
    _, m, v = mix.arrays()
    x = np.asarray(x, float)
    gain = alpha * v / (alpha**2 * v + sigma**2)
    within = m + gain[:, None] * (x[:, None, :] - alpha * m)
    return np.einsum("nk,nkd->nd", component_posterior(mix, x, alpha, sigma), within)


def fm_conditional(mix: Mixture, y: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For ``X_t = (1−t)Z + tX_1``, ``u = X_1 − Z``: the component posterior ``P(k | X_t = y)`` ``(n, K)``,
    the conditional means ``E[u | X_t = y, k]`` ``(n, K, d)`` and the per-coordinate conditional variances
    ``Var(u_i | X_t, k)`` ``(K,)``.  Within component ``k``: ``Var X_t = (1−t)² + t²v_k``,
    ``Cov(u, X_t) = tv_k − (1−t)``, ``Var u = v_k + 1``."""
    if not 0 <= t < 1:
        raise ValueError("the linear path needs t in [0, 1)")
    _, m, v = mix.arrays()
    y = np.asarray(y, float)
    var_x = (1 - t) ** 2 + t**2 * v
    cov = t * v - (1 - t)
    means = m + (cov / var_x)[:, None] * (y[:, None, :] - t * m)
    return component_posterior(mix, y, t, 1 - t), means, v + 1 - cov**2 / var_x


def fm_velocity(mix: Mixture, y: np.ndarray, t: float) -> np.ndarray:
    """The marginal flow-matching velocity ``v*(y, t) = E[X_1 − Z | X_t = y]``, shape ``(n, d)``."""
    post, means, _ = fm_conditional(mix, y, t)
    return np.einsum("nk,nkd->nd", post, means)


def fm_velocity_torch(mix: Mixture, y: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """:func:`fm_velocity` in float64 torch, differentiable in ``y`` (``(n, d)``) and ``t`` (``(n,)``)."""
    w, m, v = (torch.tensor(a, dtype=torch.float64) for a in mix.arrays())
    tt = t[:, None]
    var_x = (1 - tt) ** 2 + tt**2 * v
    cov = tt * v - (1 - tt)
    resid = y[:, None, :] - tt[..., None] * m
    logc = torch.log(w) - (resid**2).sum(-1) / (2 * var_x) - 0.5 * mix.dim * torch.log(var_x)
    post = torch.softmax(logc, -1)
    means = m + (cov / var_x)[..., None] * resid
    return (post[..., None] * means).sum(-2)


def fm_logpdf_torch(mix: Mixture, y: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """``log p_t(y)`` of the linear path, differentiable in ``y`` and ``t``."""
    w, m, v = (torch.tensor(a, dtype=torch.float64) for a in mix.arrays())
    tt = t[:, None]
    var_x = (1 - tt) ** 2 + tt**2 * v
    resid = y[:, None, :] - tt[..., None] * m
    logc = torch.log(w) - (resid**2).sum(-1) / (2 * var_x) - 0.5 * mix.dim * torch.log(2 * math.pi * var_x)
    return torch.logsumexp(logc, -1)
