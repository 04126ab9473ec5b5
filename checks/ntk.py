"""Neural tangent kernels: the empirical kernel of a finite network and its infinite-width limit.

Networks (float64 torch, on ``DEVICE``):

- :class:`TwoLayerNet`, ``f(x) = s sum_r a_r sigma(w_rᵀx)`` with ``s = m^{-1/2}`` (the NTK scaling of
  Du et al. 2019 and Arora et al. §9.2; ``s = 1/m`` is the mean-field scaling);
- :class:`DeepNet`, the fully connected net of Arora et al. (2019b) §9.4:
  ``f^{(h)} = W^{(h)} g^{(h-1)}``, ``g^{(h)} = sqrt(c_sigma / d_h) sigma(f^{(h)})``, ``f = W^{(L+1)} g^{(L)}``,
  all weights ``N(0, 1)``, ``c_sigma = 1 / E sigma(Z)^2``.

The empirical NTK ``Theta(x, x') = <grad_theta f(x), grad_theta f(x')>`` is computed with ``torch.func``
(``jacrev`` of ``functional_call``, ``vmap`` over the inputs), one block per parameter tensor.

Infinite width.  For ``(u, v) ~ N(0, [[q1, c], [c, q2]])`` and the angle ``theta = arccos(c/sqrt(q1 q2))``
the ReLU expectations are the arc-cosine kernels of Cho & Saul (2009),
``E[1{u>0} 1{v>0}] = (pi - theta) / (2 pi)``, ``E[relu(u) relu(v)] = sqrt(q1 q2) J1(theta) / (2 pi)``,
``J1 = sin theta + (pi - theta) cos theta``.  Normalization used here: ``kappa0(u) = (pi - arccos u)/pi``
and ``kappa1(u) = (sqrt(1 - u^2) + (pi - arccos u) u)/pi`` are these expectations times ``c_sigma = 2``
(unit variances), i.e. Cho & Saul's ``k_n`` for unit vectors, and ``kappa0(1) = kappa1(1) = 1``.  So

- two-layer net, first layer trained, ``a_r = ±1`` (Du et al.): ``H*_ij = x_iᵀx_j (pi - theta_ij)/(2pi)``;
- its output layer: ``K_a(x, x') = ||x|| ||x'|| J1(theta) / (2 pi)``; both layers: ``H* + K_a``;
- deep net (c_sigma = 2): ``Sigma^{(0)} = X Xᵀ``, ``Sigma^{(h)} = sqrt(q q') kappa1(rho)``,
  ``Sigma_dot^{(h)} = kappa0(rho)`` with ``rho`` the correlation of ``Sigma^{(h-1)}``, and
  ``Theta^{(h)} = Theta^{(h-1)} ∘ Sigma_dot^{(h)} + Sigma^{(h)}`` from ``Theta^{(0)} = Sigma^{(0)}``, i.e.
  ``Theta^{(L)} = sum_{h=1}^{L+1} Sigma^{(h-1)} prod_{h'=h}^{L} Sigma_dot^{(h')}``.

Angles between input vectors are computed as ``2 atan2(||x̂ - x̂'||, ||x̂ + x̂'||)``, accurate near 0 and
pi where ``arccos`` of a rounded cosine is not.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
from scipy import integrate, special
from torch import nn
from torch.func import functional_call, jacrev, vmap

DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
DTYPE = torch.float64
EPS = float(np.finfo(float).eps)
Array = np.ndarray
Tensor = torch.Tensor

# ------------------------------------------------------------------------------------- activations


@dataclass(frozen=True)
class Activation:
    """An activation with its derivative (torch and scalar forms) and the bounds the theorems use:
    ``d1_sup = sup|sigma'|``, ``d2_sup = sup|sigma''|`` (``inf`` for ReLU, whose derivative jumps)."""

    name: str
    torch_fn: Callable[[Tensor], Tensor]
    torch_d1: Callable[[Tensor], Tensor]
    fn: Callable[[float], float]
    d1: Callable[[float], float]
    d1_sup: float
    d2_sup: float
    kink: bool = False

    def __repr__(self) -> str:
        return self.name


_ERF_B = math.sqrt(math.pi) / 2
"""``sigma(z) = erf(b z)`` with ``b = sqrt(pi)/2``, so that ``sigma'(z) = exp(-pi z^2/4) <= 1``."""

RELU = Activation("relu", torch.relu, lambda z: (z > 0).to(z.dtype),
                  lambda z: max(z, 0.0), lambda z: 1.0 if z > 0 else 0.0, 1.0, math.inf, kink=True)
ERF = Activation("erf", lambda z: torch.erf(_ERF_B * z), lambda z: torch.exp(-math.pi * z * z / 4),
                 lambda z: math.erf(_ERF_B * z), lambda z: math.exp(-math.pi * z * z / 4),
                 1.0, math.sqrt(math.pi / 2) * math.exp(-0.5))
TANH = Activation("tanh", torch.tanh, lambda z: 1 - torch.tanh(z) ** 2,
                  math.tanh, lambda z: 1 - math.tanh(z) ** 2, 1.0, 4 / (3 * math.sqrt(3)))
SOFTPLUS = Activation("softplus", nn.functional.softplus, torch.sigmoid,
                      lambda z: max(z, 0.0) + math.log1p(math.exp(-abs(z))),
                      lambda z: 1 / (1 + math.exp(-z)), 1.0, 0.25)
ACTIVATIONS = {a.name: a for a in (RELU, ERF, TANH, SOFTPLUS)}


@lru_cache(maxsize=None)
def c_sigma(act: Activation) -> float:
    """``1 / E sigma(Z)^2`` for ``Z ~ N(0, 1)`` (2 for ReLU; erf in closed form; else by quadrature)."""
    if act is RELU:
        return 2.0
    if act is ERF:
        return 1 / ((2 / math.pi) * math.asin((math.pi / 2) / (1 + math.pi / 2)))
    val, _ = integrate.quad(lambda z: act.fn(z) ** 2 * math.exp(-z * z / 2) / math.sqrt(2 * math.pi),
                            -40, 40, epsabs=1e-13, limit=200)
    return 1 / val


# ------------------------------------------------------------------- angles and arc-cosine kernels


def _rows(X: Array, name: str = "X") -> Array:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] < 1 or not np.all(np.isfinite(X)):
        raise ValueError(f"{name} must be a finite 2-d array of points (one per row), got shape {X.shape}")
    if np.any(np.linalg.norm(X, axis=1) == 0):
        raise ValueError(f"{name} has a zero row; the angle to it is undefined")
    return X


def angles(X: Array) -> Array:
    """``theta_ij``, the angle between rows ``i`` and ``j``: ``2 atan2(||x̂_i - x̂_j||, ||x̂_i + x̂_j||)``."""
    X = _rows(X)
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    minus = np.linalg.norm(U[:, None, :] - U[None, :, :], axis=-1)
    plus = np.linalg.norm(U[:, None, :] + U[None, :, :], axis=-1)
    T = 2 * np.arctan2(minus, plus)
    np.fill_diagonal(T, 0.0)
    return T


def correlation_angles(G: Array) -> Array:
    """The angles ``arccos(G_ij / sqrt(G_ii G_jj))`` of a Gram (covariance) matrix, 0 on the diagonal."""
    G = np.asarray(G, dtype=float)
    if G.ndim != 2 or G.shape[0] != G.shape[1] or np.any(np.diag(G) <= 0):
        raise ValueError("need a square covariance matrix with a positive diagonal")
    q = np.sqrt(np.diag(G))
    T = np.arccos(np.clip(G / np.outer(q, q), -1.0, 1.0))
    np.fill_diagonal(T, 0.0)
    return T


def _cosines(u: Array | float) -> Array:
    u = np.asarray(u, dtype=float)
    if np.any(np.abs(u) > 1 + 1e-12):
        raise ValueError("a cosine must lie in [-1, 1]")
    return np.clip(u, -1.0, 1.0)


def kappa0(u: Array | float) -> Array:
    """Arc-cosine kernel of degree 0 at the cosine ``u``: ``(pi - arccos u) / pi = 2 P(U > 0, V > 0)``."""
    return (np.pi - np.arccos(_cosines(u))) / np.pi


def kappa1(u: Array | float) -> Array:
    """Arc-cosine kernel of degree 1: ``(sqrt(1 - u^2) + (pi - arccos u) u) / pi = 2 E relu(U) relu(V)``."""
    u = _cosines(u)
    return (np.sqrt(1 - u * u) + (np.pi - np.arccos(u)) * u) / np.pi


def j0(theta: Array) -> Array:
    """``J0(theta) = pi - theta`` (Cho & Saul), so ``kappa0 = J0 / pi``."""
    return np.pi - np.asarray(theta, dtype=float)


def j1(theta: Array) -> Array:
    """``J1(theta) = sin theta + (pi - theta) cos theta``, so ``kappa1 = J1 / pi``."""
    theta = np.asarray(theta, dtype=float)
    return np.sin(theta) + (np.pi - theta) * np.cos(theta)


# ------------------------------------------------------------------------- two-layer ReLU kernels


def relu_ntk_hidden(X: Array) -> Array:
    """``H*_ij = x_iᵀx_j (pi - theta_ij) / (2 pi)``: the first-layer NTK of the two-layer ReLU net
    ``m^{-1/2} sum_r a_r relu(w_rᵀx)``, ``a_r = ±1``, ``w_r ~ N(0, I)`` (Du et al.; Arora et al. §9.2)."""
    X = _rows(X)
    return (X @ X.T) * j0(angles(X)) / (2 * np.pi)


def relu_nngp_output(X: Array) -> Array:
    """``K_a(x, x') = E relu(wᵀx) relu(wᵀx') = ||x|| ||x'|| J1(theta) / (2 pi)``: the output-layer part."""
    X = _rows(X)
    r = np.linalg.norm(X, axis=1)
    return np.outer(r, r) * j1(angles(X)) / (2 * np.pi)


def relu_ntk_two_layer(X: Array) -> Array:
    """The NTK of the two-layer ReLU net with both layers trained (``E a_r^2 = 1``): ``H* + K_a``."""
    return relu_ntk_hidden(X) + relu_nngp_output(X)


@dataclass(frozen=True, eq=False)
class ReluNTK:
    """The infinite-width kernels of a ReLU net with ``depth`` hidden layers (c_sigma = 2):
    ``sigma[h] = Sigma^{(h)}`` (``h = 0..L``), ``sigma_dot[h-1] = Sigma_dot^{(h)}`` (``h = 1..L``),
    ``ntk = Theta^{(L)}``."""

    sigma: tuple[Array, ...]
    sigma_dot: tuple[Array, ...]
    ntk: Array

    @property
    def depth(self) -> int:
        return len(self.sigma_dot)


def relu_ntk(X: Array, depth: int) -> ReluNTK:
    """The recursion of Arora et al. (2019b) for ReLU, ``depth = L >= 1`` hidden layers."""
    X = _rows(X)
    if not (isinstance(depth, (int, np.integer)) and depth >= 1):
        raise ValueError(f"depth must be an integer >= 1, got {depth}")
    G = X @ X.T
    sigma, dots = [G], []
    theta = G.copy()
    T = angles(X)
    for _ in range(depth):
        q = np.sqrt(np.diag(sigma[-1]))
        S = np.outer(q, q) * j1(T) / np.pi
        D = j0(T) / np.pi
        theta = theta * D + S
        sigma.append(S)
        dots.append(D)
        T = correlation_angles(S)
    return ReluNTK(tuple(sigma), tuple(dots), theta)


# ------------------------------------------------------------------ pair expectations, quadrature

_CUTOFF = 12.0
"""Quadrature over ``|z| <= 12`` in standard coordinates; the Gaussian mass outside is below 4e-33."""


def _std_phi(z: float) -> float:
    return math.exp(-z * z / 2) / math.sqrt(2 * math.pi)


def gaussian_pair_mean(f: Callable[[float], float], g: Callable[[float], float], theta: float,
                       q1: float = 1.0, q2: float = 1.0, tol: float = 1e-11) -> tuple[float, float]:
    """``(E f(u) g(v), error)`` for ``(u, v)`` centred Gaussian with variances ``q1, q2`` and correlation
    ``cos theta`` (``0 <= theta <= pi``), by nested adaptive quadrature (``scipy.integrate.quad``).

    Coordinates ``u = sqrt(q1) z``, ``v = sqrt(q2)(cos(theta) z + sin(theta) t)``, ``z, t`` independent
    standard normal, truncated to ``[-12, 12]`` (the angle, not a rounded cosine, fixes both
    coefficients, so correlations within rounding of ±1 stay exact).  ``f`` and ``g`` may have a kink
    or jump at 0 only: the inner integral is split at ``t = 0`` and at ``v = 0``, the outer one at
    ``z = 0`` and where that kink leaves the window, so every piece is smooth.  The error is the outer
    estimate, plus four times the largest inner estimate times ``max |f|`` on the window (``f`` monotone
    on each side of 0, so the max is at ``0`` or ``±12``; the outer weight integrates to at most 1 on
    each of at most four pieces), plus the truncated Gaussian mass times the integrand's size there."""
    if not (0 <= theta <= math.pi and q1 > 0 and q2 > 0):
        raise ValueError(f"need theta in [0, pi] and positive variances, got {theta}, {q1}, {q2}")
    rho, s = math.cos(theta), math.sin(theta)
    L = _CUTOFF
    r1, r2 = math.sqrt(q1), math.sqrt(q2)
    fmax = max(abs(f(r1 * z)) for z in (-L, 0.0, L))
    gmax = max(abs(g(r2 * z)) for z in (-L, 0.0, L))
    tail = 4e-33 * (1 + fmax) * (1 + gmax) * 4
    if theta in (0.0, math.pi):
        rho, s = (1.0 if theta == 0 else -1.0), 0.0
        val, err = 0.0, 0.0
        for a, b in ((-L, 0.0), (0.0, L)):
            v, e = integrate.quad(lambda z: _std_phi(z) * f(r1 * z) * g(r2 * rho * z), a, b,
                                  epsabs=tol, epsrel=0, limit=200)
            val, err = val + v, err + e
        return val, err + tail
    worst_inner = [0.0]

    def inner(z: float) -> float:
        kink = min(max(-rho * z / s, -L), L)
        pts = sorted({-L, 0.0, kink, L})
        total = 0.0
        for a, b in zip(pts[:-1], pts[1:]):
            if b > a:
                v, e = integrate.quad(lambda t: _std_phi(t) * g(r2 * (rho * z + s * t)), a, b,
                                      epsabs=tol, epsrel=0, limit=200)
                total += v
                worst_inner[0] = max(worst_inner[0], e)
        return _std_phi(z) * f(r1 * z) * total

    outer = {-L, 0.0, L}
    if rho != 0:
        for c in (L * s / abs(rho), -L * s / abs(rho)):
            if -L < c < L:
                outer.add(c)
    pts = sorted(outer)
    val, err = 0.0, 0.0
    for a, b in zip(pts[:-1], pts[1:]):
        v, e = integrate.quad(inner, a, b, epsabs=tol, epsrel=0, limit=200)
        val, err = val + v, err + e
    return val, err + 4 * worst_inner[0] * fmax + tail


def gauss_hermite_pair_mean(f: Callable[[Array], Array], g: Callable[[Array], Array], rho: Array,
                            q1: Array | float = 1.0, q2: Array | float = 1.0, nodes: int = 120) -> Array:
    """``E f(u) g(v)`` by the tensor Gauss–Hermite rule with ``nodes^2`` points, vectorized over arrays
    of ``rho`` (and variances); for smooth ``f, g`` (tanh, softplus), where it converges fast."""
    x, w = special.roots_hermitenorm(nodes)
    w = w / math.sqrt(2 * math.pi)
    rho, q1, q2 = np.broadcast_arrays(np.asarray(rho, float), np.asarray(q1, float), np.asarray(q2, float))
    s = np.sqrt(np.clip((1 - rho) * (1 + rho), 0, None))
    z, t = x[:, None], x[None, :]
    u = np.sqrt(q1)[..., None, None] * z
    v = np.sqrt(q2)[..., None, None] * (rho[..., None, None] * z + s[..., None, None] * t)
    return np.einsum("i,j,...ij->...", w, w, f(u) * g(v))


def _smooth_numpy(act: Activation) -> tuple[Callable[[Array], Array], Callable[[Array], Array]]:
    if act is TANH:
        return np.tanh, lambda z: 1 - np.tanh(z) ** 2
    if act is SOFTPLUS:
        return (lambda z: np.logaddexp(0, z)), special.expit
    raise ValueError(f"no vectorized form for {act}")


def tangent_expectation(act: Activation, rho: Array, q1: Array | float = 1.0, q2: Array | float = 1.0) -> Array:
    """``E[sigma'(u) sigma'(v)]`` (closed form for ReLU and erf, Gauss–Hermite for tanh / softplus)."""
    rho = np.asarray(rho, dtype=float)
    if act is RELU:
        return j0(np.arccos(np.clip(rho, -1, 1))) / (2 * np.pi)
    if act is ERF:
        a = math.pi / 2
        q1, q2 = np.asarray(q1, float), np.asarray(q2, float)
        c = rho * np.sqrt(q1 * q2)
        return 1 / np.sqrt((1 + a * q1) * (1 + a * q2) - (a * c) ** 2)
    _, d1 = _smooth_numpy(act)
    return gauss_hermite_pair_mean(d1, d1, rho, q1, q2)


def output_expectation(act: Activation, rho: Array, q1: Array | float = 1.0, q2: Array | float = 1.0) -> Array:
    """``E[sigma(u) sigma(v)]`` (closed form for ReLU and erf, Gauss–Hermite for tanh / softplus)."""
    rho = np.asarray(rho, dtype=float)
    q1, q2 = np.asarray(q1, float), np.asarray(q2, float)
    if act is RELU:
        return np.sqrt(q1 * q2) * j1(np.arccos(np.clip(rho, -1, 1))) / (2 * np.pi)
    if act is ERF:
        a = math.pi / 2
        return (2 / math.pi) * np.arcsin(a * rho * np.sqrt(q1 * q2) / np.sqrt((1 + a * q1) * (1 + a * q2)))
    fn, _ = _smooth_numpy(act)
    return gauss_hermite_pair_mean(fn, fn, rho, q1, q2)


def tangent_kernel(X: Array, act: Activation) -> Array:
    """``H*_ij = x_iᵀx_j E_w[sigma'(wᵀx_i) sigma'(wᵀx_j)]``, ``w ~ N(0, I)``: the first-layer NTK limit of
    the two-layer net with ``a_r = ±1``."""
    X = _rows(X)
    G = X @ X.T
    q = np.diag(G)
    rho = np.cos(angles(X))
    return G * tangent_expectation(act, rho, q[:, None], q[None, :])


def output_kernel(X: Array, act: Activation) -> Array:
    """``K_a(x_i, x_j) = E_w[sigma(wᵀx_i) sigma(wᵀx_j)]``: the output-layer NTK limit (the NNGP kernel)."""
    X = _rows(X)
    q = np.sum(X * X, axis=1)
    rho = np.cos(angles(X))
    return output_expectation(act, rho, q[:, None], q[None, :])


# ------------------------------------------------------------------------------- torch networks


def as_tensor(x: Array | Tensor, device: str = DEVICE) -> Tensor:
    return torch.as_tensor(np.asarray(x) if not isinstance(x, Tensor) else x, dtype=DTYPE, device=device)


def generator(seed: int) -> torch.Generator:
    """A CPU generator seeded with ``seed`` (draws are then moved to the device, so a seed replays the
    same weights on every device)."""
    if not 0 <= seed < 2**63:
        raise ValueError(f"seed must be a nonnegative integer below 2^63, got {seed}")
    return torch.Generator().manual_seed(int(seed))


def init_two_layer(d: int, m: int, seed: int, output: str = "sign", antisymmetric: bool = False,
                   device: str = DEVICE) -> tuple[Tensor, Tensor]:
    """``(W, a)``: ``w_r ~ N(0, I_d)`` and ``a_r`` uniform on ``{±1}`` (``output="sign"``) or ``N(0, 1)``
    (``"gaussian"``).  ``antisymmetric`` pairs neuron ``r + m/2`` with ``r`` (same ``w``, opposite
    ``a``), so the initial output is exactly 0."""
    if d < 1 or m < 1 or (antisymmetric and m % 2):
        raise ValueError(f"need d >= 1 and m >= 1 (even when antisymmetric), got d={d}, m={m}")
    if output not in ("sign", "gaussian"):
        raise ValueError(f"unknown output-weight law {output!r}")
    gen = generator(seed)
    k = m // 2 if antisymmetric else m
    W = torch.randn(k, d, generator=gen, dtype=DTYPE)
    a = (torch.randint(0, 2, (k,), generator=gen).to(DTYPE) * 2 - 1 if output == "sign"
         else torch.randn(k, generator=gen, dtype=DTYPE))
    if antisymmetric:
        W, a = torch.cat([W, W]), torch.cat([a, -a])
    return W.to(device), a.to(device)


class TwoLayerNet(nn.Module):
    """``f(x) = scale sum_r a_r sigma(w_rᵀx)``; ``scale = m^{-1/2}`` by default (NTK scaling)."""

    def __init__(self, W: Tensor, a: Tensor, act: Activation, scale: float | None = None) -> None:
        super().__init__()
        if W.ndim != 2 or a.shape != (W.shape[0],):
            raise ValueError(f"need W of shape (m, d) and a of shape (m,), got {tuple(W.shape)}, {tuple(a.shape)}")
        self.W = nn.Parameter(W.clone())
        self.a = nn.Parameter(a.clone())
        self.act = act
        self.scale = W.shape[0] ** -0.5 if scale is None else float(scale)

    def forward(self, X: Tensor) -> Tensor:
        return self.scale * (self.act.torch_fn(X @ self.W.T) @ self.a)


class DeepNet(nn.Module):
    """The fully connected net of Arora et al. (2019b) with ``widths = (d_0, d_1, ..., d_L)``."""

    def __init__(self, widths: Sequence[int], act: Activation, seed: int, device: str = DEVICE) -> None:
        super().__init__()
        if len(widths) < 2 or min(widths) < 1:
            raise ValueError(f"need at least an input and one hidden width, all positive; got {widths}")
        gen = generator(seed)
        shapes = list(zip(widths[1:], widths[:-1])) + [(1, widths[-1])]
        self.weights = nn.ParameterList(
            [nn.Parameter(torch.randn(*s, generator=gen, dtype=DTYPE).to(device)) for s in shapes])
        self.widths = tuple(widths)
        self.act = act
        self.c = c_sigma(act)

    def layers(self, X: Tensor) -> tuple[list[Tensor], list[Tensor]]:
        """``(F, G)``: pre-activations ``f^{(h)}`` (``h = 1..L``) and features ``g^{(h)}`` (``h = 0..L``),
        one row per input."""
        G, F = [X], []
        for h in range(1, len(self.widths)):  # index the list: a slice would copy the parameters
            F.append(G[-1] @ self.weights[h - 1].T)
            G.append(math.sqrt(self.c / self.widths[h]) * self.act.torch_fn(F[-1]))
        return F, G

    def forward(self, X: Tensor) -> Tensor:
        return (self.layers(X)[1][-1] @ self.weights[-1].T).reshape(-1)

    def backward_factors(self, X: Tensor) -> tuple[list[Tensor], list[Tensor]]:
        """``(G, B)``: ``g^{(h-1)}`` and ``b^{(h)} = df/df^{(h)}`` for ``h = 1..L+1``, with ``b^{(L+1)} = 1``
        and ``b^{(h)} = sqrt(c_sigma/d_h) D^{(h)} (W^{(h+1)})ᵀ b^{(h+1)}`` (eq. (9.13)); then
        ``df/dW^{(h)} = b^{(h)} g^{(h-1)ᵀ}``."""
        F, G = self.layers(X)
        B = [torch.ones(X.shape[0], 1, dtype=X.dtype, device=X.device)]
        for h in range(len(F), 0, -1):
            B.insert(0, math.sqrt(self.c / self.widths[h]) * self.act.torch_d1(F[h - 1]) * (B[0] @ self.weights[h]))
        return G, B


def ntk_blocks(model: nn.Module, X: Tensor) -> dict[str, Tensor]:
    """The empirical NTK of a scalar-output model, one block per parameter tensor:
    ``Theta_name = J_name J_nameᵀ`` with ``J_name[i] = d f(x_i) / d name`` (``torch.func.jacrev`` of
    ``functional_call``, ``vmap`` over the rows of ``X``)."""
    params = {k: v.detach() for k, v in model.named_parameters()}

    def f(p: dict[str, Tensor], x: Tensor) -> Tensor:
        return functional_call(model, p, (x.unsqueeze(0),)).reshape(())

    jac = vmap(jacrev(f), in_dims=(None, 0))(params, X)
    out = {}
    for k, J in jac.items():
        J = J.reshape(J.shape[0], -1)
        out[k] = J @ J.T
    return out


def empirical_ntk(model: nn.Module, X: Tensor, names: Sequence[str] | None = None) -> Tensor:
    """The sum of :func:`ntk_blocks` over ``names`` (all parameters by default)."""
    blocks = ntk_blocks(model, X)
    if names is not None and not set(names) <= set(blocks):
        raise ValueError(f"unknown parameter names {sorted(set(names) - set(blocks))}; have {sorted(blocks)}")
    return sum(v for k, v in blocks.items() if names is None or k in names)


def two_layer_terms(W: Tensor, a: Tensor, X: Tensor, act: Activation, scale: float | None = None
                    ) -> tuple[Tensor, Tensor]:
    """The per-neuron summands ``(m, n, n)`` of the two blocks of the two-layer NTK, by hand:
    hidden ``scale^2 a_r^2 x_iᵀx_j sigma'(w_rᵀx_i) sigma'(w_rᵀx_j)`` and output
    ``scale^2 sigma(w_rᵀx_i) sigma(w_rᵀx_j)``; summing over ``r`` gives the blocks."""
    s2 = (W.shape[0] ** -1.0) if scale is None else scale**2
    Z = W @ X.T
    S, A = act.torch_d1(Z), act.torch_fn(Z)
    K = X @ X.T
    hidden = s2 * (a * a)[:, None, None] * K[None] * S[:, :, None] * S[:, None, :]
    output = s2 * A[:, :, None] * A[:, None, :]
    return hidden, output


# -------------------------------------------------------------------------- gradient descent runs


@dataclass(frozen=True, eq=False)
class Trajectory:
    """A GD run on the first layer of :class:`TwoLayerNet` for ``½||u - y||^2`` (numpy arrays):
    ``residuals[k] = u(k) - y``; ``kernels[k] = H(k)`` (first-layer empirical NTK);
    ``linearization[k] = r(k+1) - (I - eta H(k)) r(k)``; ``max_move[k] = max_r ||w_r(k) - w_r(0)||``,
    ``mean_move[k]`` the mean over ``r``, ``total_move[k] = ||W(k) - W(0)||_F``;
    ``grad_bound[k] = scale max_r sum_i |r_i(k)| |a_r|`` bounds each ``||d L / d w_r||`` (unit inputs,
    ``|sigma'| <= 1``); ``w_scale`` is ``max_r ||w_r||`` over the run (for rounding bounds)."""

    residuals: Array
    kernels: Array
    linearization: Array
    max_move: Array
    mean_move: Array
    total_move: Array
    grad_bound: Array
    outputs0: Array
    w0_norm: float
    w_scale: float
    eta: float
    scale: float


def gd_first_layer(W0: Tensor, a: Tensor, X: Tensor, y: Tensor, act: Activation, eta: float, steps: int,
                   scale: float | None = None) -> Trajectory:
    """``W(k+1) = W(k) - eta grad_W ½||u(W(k)) - y||^2`` for ``k < steps``, with the gradient and the
    kernel ``H(k) = scale^2 (X Xᵀ) ∘ (S diag(a^2) Sᵀ)``, ``S_ir = sigma'(w_rᵀx_i)``, in closed form."""
    if steps < 0 or not eta > 0:
        raise ValueError(f"need steps >= 0 and eta > 0, got {steps}, {eta}")
    s = W0.shape[0] ** -0.5 if scale is None else float(scale)
    K = X @ X.T
    a2, a_max = a * a, torch.abs(a).max()
    W = W0.clone()
    rows: dict[str, list[Tensor]] = {k: [] for k in ("r", "H", "lin", "max", "mean", "total", "grad", "w")}
    for k in range(steps + 1):
        Z = W @ X.T
        S = act.torch_d1(Z)
        r = s * (act.torch_fn(Z).T @ a) - y
        H = s * s * K * (S.T @ (a2[:, None] * S))
        if k > 0:
            prev_r, prev_H = rows["r"][-1], rows["H"][-1]
            rows["lin"].append(r - (prev_r - eta * (prev_H @ prev_r)))
        moves = torch.linalg.norm(W - W0, dim=1)
        for key, val in (("r", r), ("H", H), ("max", moves.max()), ("mean", moves.mean()),
                         ("total", torch.linalg.norm(W - W0)), ("grad", s * torch.abs(r).sum() * a_max),
                         ("w", torch.linalg.norm(W, dim=1).max())):
            rows[key].append(val)
        if k < steps:
            W = W - eta * (s * (a[:, None] * S * r[None, :]) @ X)

    def stack(key: str) -> Array:
        vals = rows[key]
        return torch.stack(vals).cpu().numpy() if vals else np.zeros((0, X.shape[0]))

    return Trajectory(residuals=stack("r"), kernels=stack("H"), linearization=stack("lin"),
                      max_move=stack("max"), mean_move=stack("mean"), total_move=stack("total"),
                      grad_bound=stack("grad"), outputs0=(rows["r"][0] + y).cpu().numpy(),
                      w0_norm=float(torch.linalg.norm(W0)), w_scale=float(stack("w").max()),
                      eta=float(eta), scale=s)
