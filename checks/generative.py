"""Building blocks for generative models: the GAN objective on finite alphabets (exact forms),
pushforwards and folded generator mixtures, birthday-paradox probabilities, normalizing-flow layers
(torch, float64) and the Gaussian diffusion chain.

Exact parts use Fractions and the log-forms of :mod:`checks.divergences`; flows use torch.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from fractions import Fraction
from itertools import accumulate

import numpy as np
import torch

from checks.divergences import Dist, LogLinear, kl, log, rational

# --- the GAN objective on a finite alphabet -------------------------------------------------------


def gan_value(p: Dist, q: Dist, d: Sequence[Fraction]) -> LogLinear:
    """``V(D) = E_p log D + E_q log(1 - D)`` for a discriminator with rational values ``d``; an
    outcome with ``p > 0`` needs ``D > 0`` and one with ``q > 0`` needs ``D < 1`` (else ``V = -∞``)."""
    if len(p) != len(q) or len(d) != len(p):
        raise ValueError("p, q and the discriminator must live on the same outcomes")
    out = rational(0)
    for a, b, x in zip(p, q, d):
        if (a > 0 and x <= 0) or (b > 0 and x >= 1) or not 0 <= x <= 1:
            raise ValueError(f"V = -inf: discriminator value {x} against masses ({a}, {b})")
        if a > 0:
            out = out + log(x).scale(a)
        if b > 0:
            out = out + log(1 - x).scale(b)
    return out


def optimal_discriminator(p: Dist, q: Dist) -> tuple[Fraction, ...]:
    """``D*(x) = p(x) / (p(x) + q(x))`` (``½`` where both vanish; any value does there)."""
    return tuple(a / (a + b) if a + b > 0 else Fraction(1, 2) for a, b in zip(p, q))


def jsd(p: Dist, q: Dist) -> LogLinear:
    """``JS(p, q) = ½ KL(p‖m) + ½ KL(q‖m)`` with ``m = (p + q)/2`` (natural log, at most ``log 2``)."""
    m = midpoint(p, q)
    return (kl(p, m) + kl(q, m)).scale(Fraction(1, 2))


def midpoint(p: Dist, q: Dist) -> Dist:
    return tuple((a + b) / 2 for a, b in zip(p, q))


def pushforward(law: Sequence[tuple[Hashable, Fraction]], f: Callable[[Hashable], Hashable]
                ) -> dict[Hashable, Fraction]:
    """The law of ``f(z)`` for ``z`` with atoms ``law`` (pairs ``(z, mass)``), as ``{x: mass}``."""
    out: dict[Hashable, Fraction] = {}
    for z, w in law:
        x = f(z)
        out[x] = out.get(x, Fraction(0)) + Fraction(w)
    return {x: w for x, w in out.items() if w != 0}


def step_law(thresholds: Sequence[Fraction], f: Callable[[Fraction], Hashable]) -> dict[Hashable, Fraction]:
    """The law of ``f(u)``, ``u ~ Unif[0, 1]``, for ``f`` constant between consecutive ``thresholds``:
    each cell between sorted breakpoints has its length as mass and ``f`` at its midpoint as value."""
    cuts = sorted({Fraction(0), Fraction(1), *(Fraction(t) for t in thresholds if 0 < t < 1)})
    cells = [((lo + hi) / 2, hi - lo) for lo, hi in zip(cuts, cuts[1:])]
    return pushforward(cells, f)


def selector(weights: Sequence[Fraction]) -> Callable[[Fraction], int]:
    """``k(u) = min{k : π_1 + … + π_k >= u}`` (0-based), which has law ``π`` for ``u ~ Unif[0, 1]``."""
    if any(w < 0 for w in weights) or sum(weights) != 1:
        raise ValueError(f"mixture weights must be a probability vector, got {weights}")
    cum = list(accumulate(Fraction(w) for w in weights))

    def k(u: Fraction) -> int:
        return next(i for i, c in enumerate(cum) if c >= u)
    return k


def threshold_generator(points: Sequence[Sequence[Fraction]], thresholds: Sequence[Fraction] | None = None
                        ) -> tuple[Callable[[Fraction], tuple[Fraction, ...]], int]:
    """The one-hidden-layer net ``G(u) = x_1 + Σ_{j<M} 1[u > t_j](x_{j+1} − x_j)`` (``t_j = j/M`` by
    default) and its parameter count ``2(M−1)`` (unit weights, biases) ``+ d(M−1) + d`` (readout)."""
    m, d = len(points), len(points[0])
    ts = [Fraction(j, m) for j in range(1, m)] if thresholds is None else list(thresholds)
    if len(ts) != m - 1:
        raise ValueError("M points need M - 1 thresholds")
    diffs = [tuple(b - a for a, b in zip(points[j], points[j + 1])) for j in range(m - 1)]

    def g(u: Fraction) -> tuple[Fraction, ...]:
        x = list(points[0])
        for t, dx in zip(ts, diffs):
            if u > t:
                x = [a + b for a, b in zip(x, dx)]
        return tuple(x)
    return g, 2 * (m - 1) + d * (m - 1) + d


# --- birthday paradox -----------------------------------------------------------------------------


def no_collision_uniform(n: int, s: int) -> Fraction:
    """``P(s i.i.d. uniform draws from n items are distinct) = Π_{i<s} (1 − i/n)``."""
    if n < 1 or s < 0:
        raise ValueError("need n >= 1 items and s >= 0 draws")
    out = Fraction(1)
    for i in range(s):
        out *= Fraction(n - i, n)
        if out == 0:
            break
    return out


def no_collision(weights: Sequence[Fraction], s: int) -> Fraction:
    """``P(s i.i.d. draws from w are distinct) = s! e_s(w)`` (``e_s`` the elementary symmetric polynomial)."""
    if any(w < 0 for w in weights) or sum(weights) != 1 or s < 0:
        raise ValueError("need a probability vector and s >= 0")
    e = [Fraction(1)] + [Fraction(0)] * s
    for w in weights:
        for k in range(s, 0, -1):
            e[k] += w * e[k - 1]
    return math.factorial(s) * e[s]


def half_collision_size(weights: Sequence[Fraction]) -> int:
    """The least ``s`` with ``P(collision among s draws) >= ½``."""
    s = 1
    while no_collision(weights, s) > Fraction(1, 2):
        s += 1
    return s


# --- normalizing-flow layers (torch, float64) -----------------------------------------------------


def mlp(x: torch.Tensor, layers: Sequence[tuple[torch.Tensor, torch.Tensor]]) -> torch.Tensor:
    """A tanh MLP ``x ↦ W_L tanh(… tanh(W_1 x + b_1) …) + b_L`` on the last axis."""
    for i, (w, b) in enumerate(layers):
        x = x @ w.T + b
        if i < len(layers) - 1:
            x = torch.tanh(x)
    return x


def coupling_forward(z: torch.Tensor, split: int, h: Callable, s: Callable) -> torch.Tensor:
    """``(z_A, z_B) ↦ (z_A, z_B ⊙ h(z_A) + s(z_A))`` with ``A`` the first ``split`` coordinates."""
    za, zb = z[..., :split], z[..., split:]
    return torch.cat([za, zb * h(za) + s(za)], dim=-1)


def coupling_inverse(y: torch.Tensor, split: int, h: Callable, s: Callable) -> torch.Tensor:
    """``(y_A, y_B) ↦ (y_A, (y_B − s(y_A)) ⊘ h(y_A))``, the inverse of :func:`coupling_forward` for ``h > 0``."""
    ya, yb = y[..., :split], y[..., split:]
    return torch.cat([ya, (yb - s(ya)) / h(ya)], dim=-1)


def conv1x1(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """A 1×1 convolution of a ``c×h×w`` image with the ``c×c`` channel-mixing matrix ``w``."""
    return torch.nn.functional.conv2d(x[None], w[:, :, None, None])[0]


def jacobian(f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """The Jacobian of ``f`` at ``x`` flattened to a ``(out, in)`` matrix (reverse mode)."""
    j = torch.func.jacrev(f)(x)
    return j.reshape(int(np.prod(f(x).shape)), x.numel())


def standard_normal_logpdf(x: torch.Tensor) -> torch.Tensor:
    """``log N(x; 0, I)`` summed over the last axis."""
    return -0.5 * (x * x).sum(-1) - 0.5 * x.shape[-1] * math.log(2 * math.pi)


# --- the Gaussian diffusion chain -----------------------------------------------------------------


def forward_moments(betas: Sequence[Fraction]) -> list[tuple[Fraction, Fraction]]:
    """For ``x_t = √(1−β_t) x_{t−1} + √β_t ε_t`` with independent standard ``ε_t`` and fixed ``x_0``:
    ``x_t = c_t x_0 + (noise of variance v_t)``; returns ``(c_t², v_t)`` for ``t = 0..T`` from the
    one-step recursion ``c_t² = (1−β_t)c_{t−1}²`` and ``v_t = (1−β_t)v_{t−1} + β_t`` (variances of
    independent Gaussian summands add)."""
    if any(not 0 < b < 1 for b in betas):
        raise ValueError(f"noise levels must lie in (0, 1), got {betas}")
    out = [(Fraction(1), Fraction(0))]
    for b in betas:
        c2, v = out[-1]
        out.append(((1 - b) * c2, (1 - b) * v + b))
    return out


def chain_factor(betas: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """For the chain of one coordinate: ``x_t = m_t x_0 + Σ_j L[t, j] ε_j`` for ``t = 0..T``, built by
    iterating the one-step map in floating point; returns ``(m, L)``."""
    t_max = len(betas)
    m = np.ones(t_max + 1)
    lmat = np.zeros((t_max + 1, t_max))
    for t, b in enumerate(betas, start=1):
        a = math.sqrt(1 - b)
        m[t] = a * m[t - 1]
        lmat[t] = a * lmat[t - 1]
        lmat[t, t - 1] = math.sqrt(b)
    return m, lmat


def gaussian_condition(mean: np.ndarray, cov: np.ndarray, i: int, j: int, xj: np.ndarray
                       ) -> tuple[np.ndarray, float]:
    """Mean and variance of coordinate ``i`` of a Gaussian given coordinate ``j = xj`` (Schur
    complement: ``μ_i + Σ_ij/Σ_jj (x_j − μ_j)``, ``Σ_ii − Σ_ij²/Σ_jj``), applied to each entry of ``xj``
    (with ``mean`` given per entry as an array of shape ``(n_coords, len(xj))``)."""
    if cov[j, j] <= 0:
        raise ValueError("cannot condition on a coordinate of zero variance")
    k = cov[i, j] / cov[j, j]
    return mean[i] + k * (xj - mean[j]), float(cov[i, i] - k * cov[i, j])
