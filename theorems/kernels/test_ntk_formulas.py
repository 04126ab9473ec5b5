"""Infinite-width NTK formulas: arc-cosine kernels, the two-layer ReLU NTK, the deep recursion, and the
layer-wise factorization of the finite-width tangent kernel.

Statement.
- Arc-cosine expectations (Cho & Saul 2009): for ``w ~ N(0, I_d)`` and vectors ``x, x'`` at angle
  ``theta``, ``E[1{wᵀx > 0} 1{wᵀx' > 0}] = (pi - theta)/(2 pi)`` and
  ``E[relu(wᵀx) relu(wᵀx')] = ||x|| ||x'|| (sin theta + (pi - theta) cos theta)/(2 pi)``.  Hence the
  two-layer ReLU net ``m^{-1/2} sum_r a_r relu(w_rᵀx)`` has, in the infinite-width limit, the
  hidden-layer NTK ``H*_ij = x_iᵀx_j (pi - theta_ij)/(2 pi)`` (Du et al. 2019; Arora et al. §9.2), the
  output-layer NTK ``K_a = ||x|| ||x'|| J1(theta)/(2 pi)`` and the total ``H* + K_a`` (Jacot et al.
  2018).  With Arora et al.'s ``c_sigma = 2`` these are ``Sigma_dot^{(1)} = kappa0 = 2 E[..]`` and
  ``Sigma^{(1)} = ||x|| ||x'|| kappa1``.
- Deep recursion (Arora et al. 2019b, eqs. (9.15)-(9.16) and §9.4): ``Sigma^{(h)} = c_sigma
  E_{(u,v) ~ N(0, Lambda^{(h)})}[sigma(u) sigma(v)]``, ``Lambda^{(h)}`` the 2x2 block of
  ``Sigma^{(h-1)}``, ``Sigma_dot^{(h)}`` likewise with ``sigma'``, and
  ``Theta^{(L)} = sum_{h=1}^{L+1} Sigma^{(h-1)} prod_{h'=h}^{L} Sigma_dot^{(h')}``.  For ReLU:
  ``Sigma^{(h)}(x, x) = ||x||^2``, ``Theta^{(L)}(x, x) = (L + 1)||x||^2``, ``Theta^{(L)} ⪰ 0``, and
  ``Theta^{(1)} = 2 (H* + K_a)``.
- Finite width (exact identities): the two-layer tangent kernel is ``K_a + K_b`` with
  ``K_a = (1/m) sum_r sigma(w_rᵀx) sigma(w_rᵀx')`` (output weights) and
  ``K_b = xᵀx' (1/m) sum_r a_r^2 sigma'(w_rᵀx) sigma'(w_rᵀx')`` (hidden weights) (Zhao, Fig. 4.15);
  for the deep net ``df/dW^{(h)} = b^{(h)} g^{(h-1)ᵀ}``, so the layer-``h`` block is
  ``<g^{(h-1)}(x), g^{(h-1)}(x')> <b^{(h)}(x), b^{(h)}(x')>`` (Arora et al. eqs. (9.13)-(9.14)).

Sources.  Arora et al., *Theory of Deep Learning*, §9.2 Problem 9.2.1 (ARORA-556, with the audit of
its printed form below) and §9.4 (ARORA-565, ARORA-566, ARORA-567); Zhao, *From Approximation to
Emergence*, Figs. 4.12, 4.15, 4.16 (ZHAO-29, ZHAO-30); Teng, Wang, Zhang, §6.3.1 (TENG-31, the
two-layer limit).  Primary: Jacot, Gabriel, Hongler (2018); Cho & Saul (2009); Du, Zhai, Póczos, Singh
(2019); Arora, Du, Hu, Li, Salakhutdinov, Wang (2019b).

Proof idea.  By rotation invariance ``(wᵀx, wᵀx')`` is a centred Gaussian pair with the Gram
matrix of ``x, x'``; in polar coordinates the positive quadrant of the pair is a wedge of opening
``pi - theta``, which gives ``J0``, and integrating ``r^2 cos(phi) cos(phi - theta)`` over it gives
``J1``.  The recursion is the same computation layer by layer, conditional on the previous layer
(its Gram matrix concentrates).  The diagonal identities follow from ``J1(0) = J0(0) = pi``.  The
finite-width factorizations are the chain rule.

Tolerances.  The quadrature reference reports an error bound (module ``checks.ntk``); the closed
forms add ``64 eps`` times their size.  Matrix eigenvalues are compared with ``-8 n eps ||M||``.  The
torch blocks are inner products of Jacobian rows of length ``p``, computed through ``D`` layers:
``8 (p + sum_h d_h + 8) eps max_i Theta_ii``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import torch
from hypothesis import strategies as st

from checks import ntk
from checks.claim import Check, Claim, Mutant, Source, close, ge
from checks.documents import ARORA, TENG, ZHAO
from checks.strategies.networks import SEEDS, SphereData, VectorPair, sphere_data, vector_pairs

EPS = ntk.EPS
TWO_PI = 2 * math.pi


# ------------------------------------------------------------------------ arc-cosine expectations


@dataclass(frozen=True, eq=False)
class PairExpectations:
    """The quadrature values of a pair: ``E[relu'(u) relu'(v)]`` and ``E[relu(u) relu(v)]``."""

    pair: VectorPair

    @cached_property
    def theta(self) -> float:
        return float(ntk.angles(self.pair.X)[0, 1])

    @cached_property
    def norms(self) -> tuple[float, float]:
        r = np.linalg.norm(self.pair.X, axis=1)
        return float(r[0]), float(r[1])

    @cached_property
    def step(self) -> tuple[float, float]:
        q1, q2 = (r * r for r in self.norms)
        return ntk.gaussian_pair_mean(ntk.RELU.d1, ntk.RELU.d1, self.theta, q1, q2)

    @cached_property
    def relu(self) -> tuple[float, float]:
        q1, q2 = (r * r for r in self.norms)
        return ntk.gaussian_pair_mean(ntk.RELU.fn, ntk.RELU.fn, self.theta, q1, q2)


Formula = Callable[[float, float], float]
"""A closed form as a function of ``(theta, ||x|| ||x'||)``."""


def _step_formula(theta: float, rr: float) -> float:
    return (math.pi - theta) / TWO_PI


def _relu_formula(theta: float, rr: float) -> float:
    return rr * float(ntk.j1(theta)) / TWO_PI


def _arc_cosine_checks(pair: VectorPair, step: Formula = _step_formula, relu: Formula = _relu_formula,
                       c_sigma: float = 2.0) -> list[Check]:
    e = PairExpectations(pair)
    t, (r1, r2) = e.theta, e.norms
    rr = r1 * r2
    (p, dp), (k, dk) = e.step, e.relu
    X = pair.X
    xx = float(X[0] @ X[1])
    tol_p, tol_k = dp + 64 * EPS, dk + 64 * EPS * rr
    deep = ntk.relu_ntk(X, 1)
    return [
        close(step(t, rr), p, tol_p, label=f"E[1{{wᵀx>0}} 1{{wᵀx'>0}}] = (pi - theta)/(2 pi), theta = {t:.6g}",
              why="quadrature error bound + 64 eps"),
        close(relu(t, rr), k, tol_k, label="E[relu(wᵀx) relu(wᵀx')] = ||x|| ||x'|| J1(theta)/(2 pi)",
              why="quadrature error bound + 64 eps ||x|| ||x'||"),
        close(ntk.relu_ntk_hidden(X)[0, 1], xx * p, abs(xx) * tol_p + 64 * EPS * rr,
              label="hidden-layer NTK H*(x, x') = xᵀx' E[relu' relu']", why="|xᵀx'| times the quadrature bound"),
        close(ntk.relu_ntk_two_layer(X)[0, 1], xx * p + k, abs(xx) * tol_p + tol_k + 64 * EPS * rr,
              label="two-layer NTK = xᵀx' E[relu' relu'] + E[relu relu]", why="sum of the two bounds"),
        close(deep.sigma_dot[0][0, 1], c_sigma * p, 2 * tol_p, label="Sigma_dot^(1) = c_sigma E[relu' relu'] (c_sigma = 2)",
              why="twice the quadrature bound"),
        close(deep.sigma[1][0, 1], c_sigma * k, 2 * tol_k, label="Sigma^(1) = c_sigma E[relu relu] (c_sigma = 2)",
              why="twice the quadrature bound"),
    ]


ARC_COSINE = Claim(
    id="relu-arc-cosine-kernels",
    title="Arc-cosine kernels and the two-layer ReLU NTK in closed form",
    statement="For w ~ N(0, I) and x, x' at angle theta: E[1{wᵀx>0}1{wᵀx'>0}] = (pi - theta)/(2 pi) and "
              "E[relu(wᵀx)relu(wᵀx')] = ||x|| ||x'|| (sin theta + (pi - theta) cos theta)/(2 pi); so the two-layer "
              "ReLU NTK is H*_ij = x_iᵀx_j (pi - theta_ij)/(2 pi) (hidden layer) plus that output-layer kernel, and "
              "with c_sigma = 2 they are Sigma_dot^(1) = kappa0 and Sigma^(1) = ||x|| ||x'|| kappa1",
    sources=[Source(ARORA, "§9.2 Problem 9.2.1, eq. (9.8) (corrected); §9.4 ReLU closed forms",
                    ("ARORA-556", "ARORA-566", "ARORA-567")),
             Source(ZHAO, "Figs. 4.12 and 4.16: the limits of K_a and K_b", ("ZHAO-30",)),
             Source(TENG, "§6.3.1, the two-layer ReLU limit Theta_inf", ("TENG-31",))],
    kind="numeric",
    area="kernels",
    instances=vector_pairs(),
    conclusion=_arc_cosine_checks,
    proof_idea="(wᵀx, wᵀx') is a Gaussian pair with the Gram matrix of x, x'; in polar coordinates both are "
               "positive on a wedge of opening pi - theta, and the radial integral of r^2 cos(phi) cos(phi - theta) "
               "over that wedge is J1(theta).  The reference is nested adaptive quadrature (scipy) with its bound.",
    mutants=[
        Mutant("degree0-missing-half", "(pi - theta)/pi is 2 P(both positive), the c_sigma-normalized kernel, "
               "not the probability (it exceeds 1/2 at theta = 0)",
               conclusion=lambda p: _arc_cosine_checks(p, step=lambda t, rr: (math.pi - t) / math.pi)),
        Mutant("degree0-arccos", "arccos/(2 pi) is the probability that the signs differ, halved; it vanishes "
               "at theta = 0 where both are positive half the time",
               conclusion=lambda p: _arc_cosine_checks(p, step=lambda t, rr: t / TWO_PI)),
        Mutant("degree0-for-degree1", "the degree-0 kernel (pi - theta)/(2 pi) ||x|| ||x'|| in place of J1 "
               "misses the sin term and the cos weight",
               conclusion=lambda p: _arc_cosine_checks(p, relu=lambda t, rr: rr * (math.pi - t) / TWO_PI)),
        Mutant("drop-sin-term", "without sin theta the kernel is wrong except at theta = 0, pi (e.g. 0 instead "
               "of ||x|| ||x'||/(2 pi) at a right angle)",
               conclusion=lambda p: _arc_cosine_checks(p, relu=lambda t, rr: rr * (math.pi - t) * math.cos(t) / TWO_PI)),
        Mutant("no-norms", "E relu(wᵀx) relu(wᵀx') is homogeneous of degree 1 in each vector; dropping "
               "||x|| ||x'|| is wrong off the unit sphere",
               conclusion=lambda p: _arc_cosine_checks(p, relu=lambda t, rr: float(ntk.j1(t)) / TWO_PI)),
        Mutant("c-sigma-omitted", "Arora et al.'s layer carries sqrt(c_sigma/d_h), c_sigma = 2 for ReLU; "
               "without it Sigma^(1) would be half of what the recursion gives",
               conclusion=lambda p: _arc_cosine_checks(p, c_sigma=1.0)),
    ],
    examples=12,
)
test_relu_arc_cosine_kernels = ARC_COSINE.test()


def _printed_factor_free(pair: VectorPair) -> list[Check]:
    """(9.8) as printed: H*_ij (defined with the factor x_iᵀx_j) equals (pi - arccos(x_iᵀx_j))/(2 pi)."""
    e = PairExpectations(pair)
    p, dp = e.step
    xx = float(pair.X[0] @ pair.X[1])
    return [close((math.pi - e.theta) / TWO_PI, xx * p, dp + 64 * EPS,
                  label="printed H*_ij = (pi - arccos x_iᵀx_j)/(2 pi) vs the definition x_iᵀx_j E[relu' relu']",
                  why="quadrature error bound + 64 eps")]


FACTOR_FREE = Claim(
    id="relu-ntk-factor-free-printed",
    title="ReLU NTK of §9.2 written without the factor x_iᵀx_j (as printed)",
    statement="For unit inputs, H*_ij = x_iᵀx_j E[relu'(wᵀx_i) relu'(wᵀx_j)] equals (pi - arccos(x_iᵀx_j))/(2 pi) "
              "(Problem 9.2.1, eq. (9.8), as printed)",
    sources=[Source(ARORA, "§9.2 Problem 9.2.1, eq. (9.8), as printed", ("ARORA-556",))],
    kind="numeric",
    area="kernels",
    instances=vector_pairs(unit=True),
    conclusion=_printed_factor_free,
    proof_idea="The second equality E[relu' relu'] = (pi - arccos)/(2 pi) is right; the first drops the factor "
               "x_iᵀx_j of the definition two lines above, so the two sides differ unless x_iᵀx_j = 1 or theta = pi.",
    audit=True,
    corrected="relu-arc-cosine-kernels",
    finding="Eq. (9.8) equates H*_ij, defined as x_iᵀx_j E[sigma'(wᵀx_i) sigma'(wᵀx_j)], with "
            "(pi - arccos(x_iᵀx_j))/(2 pi), dropping the factor x_iᵀx_j: for orthogonal unit inputs the definition "
            "gives 0 and the printed formula 1/4.  Corrected: H*_ij = x_iᵀx_j (pi - arccos(x_iᵀx_j))/(2 pi).",
    examples=12,
)
test_relu_ntk_factor_free_printed = FACTOR_FREE.test()

# ---------------------------------------------------------------------------- the deep recursion


@dataclass(frozen=True, eq=False)
class RecursionCase:
    """Points (general norms), a depth ``L``, and the layer ``h`` and pair ``(i, j)`` checked against
    quadrature."""

    data: SphereData
    depth: int
    layer: int
    pair: tuple[int, int]

    def __repr__(self) -> str:
        return f"RecursionCase({self.data!r}, L={self.depth}, quadrature at layer {self.layer}, pair {self.pair})"


@st.composite
def recursion_cases(draw: st.DrawFn) -> RecursionCase:
    data = draw(sphere_data(min_n=2, max_n=6, max_d=6, radii=True))
    depth = draw(st.integers(1, 4))
    layer = draw(st.integers(1, depth))
    i = draw(st.integers(0, data.n - 1))
    j = draw(st.integers(0, data.n - 1).filter(lambda k: k != i))
    return RecursionCase(data, depth, layer, (i, j))


Recursion = Callable[[np.ndarray, int], ntk.ReluNTK]


def _sum_of_products(r: ntk.ReluNTK) -> np.ndarray:
    """The printed form ``sum_{h=1}^{L+1} Sigma^{(h-1)} prod_{h'=h}^{L} Sigma_dot^{(h')}``."""
    L = r.depth
    total = np.zeros_like(r.ntk)
    for h in range(1, L + 2):
        prod = np.ones_like(r.ntk)
        for hp in range(h, L + 1):
            prod = prod * r.sigma_dot[hp - 1]
        total += r.sigma[h - 1] * prod
    return total


def _recursion_checks(case: RecursionCase, recursion: Recursion = ntk.relu_ntk) -> list[Check]:
    X = case.data.X
    n, L, h = case.data.n, case.depth, case.layer
    r = recursion(X, L)
    sq = np.sum(X * X, axis=1)
    i, j = case.pair
    prev = r.sigma[h - 1]
    q1, q2 = float(prev[i, i]), float(prev[j, j])
    # The angle of Lambda^(h): from the inputs themselves at h = 1 (arccos of a rounded cosine near ±1
    # is off by sqrt(2 eps) ~ 2e-8, which Sigma_dot = (pi - theta)/pi would carry), else of Sigma^(h-1).
    t = float((ntk.angles(X) if h == 1 else ntk.correlation_angles(prev))[i, j])
    k, dk = ntk.gaussian_pair_mean(ntk.RELU.fn, ntk.RELU.fn, t, q1, q2)
    p, dp = ntk.gaussian_pair_mean(ntk.RELU.d1, ntk.RELU.d1, t, q1, q2)
    scale = float(np.max(sq))
    checks = [
        close(r.sigma[h][i, j], 2 * k, 2 * dk + 64 * EPS * math.sqrt(q1 * q2),
              label=f"Sigma^({h})_ij = c_sigma E_(N(0, Lambda^({h})))[relu(u) relu(v)], pair {case.pair}",
              why="twice the quadrature bound + 64 eps sqrt(q q')"),
        close(r.sigma_dot[h - 1][i, j], 2 * p, 2 * dp + 64 * EPS,
              label=f"Sigma_dot^({h})_ij = c_sigma E[relu'(u) relu'(v)]", why="twice the quadrature bound + 64 eps"),
        close(np.array([np.diag(s) for s in r.sigma]), np.tile(sq, (L + 1, 1)), 64 * (L + 1) * EPS * scale,
              label="Sigma^(h)(x, x) = ||x||^2 for h = 0..L", why="64 (L + 1) eps max ||x||^2"),
        close(np.diag(r.ntk), (L + 1) * sq, 64 * (L + 1) ** 2 * EPS * scale,
              label=f"Theta^({L})(x, x) = (L + 1) ||x||^2", why="64 (L + 1)^2 eps max ||x||^2"),
        close(r.ntk, _sum_of_products(r), 64 * (L + 1) ** 2 * EPS * float(np.max(np.abs(r.ntk))),
              label="Theta^(L) = sum_h Sigma^(h-1) prod_(h'>=h) Sigma_dot^(h') (recursion = printed sum)",
              why="64 (L + 1)^2 eps max |Theta|"),
    ]
    for name, M in ((f"Theta^({L})", r.ntk), (f"Sigma^({L})", r.sigma[-1])):
        norm = float(np.linalg.norm(M, 2))
        checks.append(ge(float(np.linalg.eigvalsh((M + M.T) / 2)[0]), 0.0, 8 * n * EPS * norm,
                         label=f"{name} is PSD (lambda_min >= 0)", why="8 n eps ||M||"))
    if L == 1:
        two = ntk.relu_ntk_two_layer(X)
        checks.append(close(r.ntk, 2 * two, 64 * EPS * float(np.max(np.abs(two))) * 4,
                            label="Theta^(1) = 2 (H* + K_a): c_sigma = 2 doubles the two-layer NTK", why="256 eps max|H|"))
    return checks


def _variant(c: float = 2.0, degree: int = 1, lag: bool = False, last: bool = True, dot_c: float | None = None
             ) -> Recursion:
    """A (faulty) variant of the ReLU recursion, for the mutants: ``c`` the constant of the layer map,
    ``degree`` the arc-cosine kernel used for Sigma, ``lag`` builds Sigma_dot^(h) from Sigma^(h) instead
    of Sigma^(h-1), ``last=False`` drops the h = L+1 term, ``dot_c`` a different constant for Sigma_dot."""
    dot_c = c if dot_c is None else dot_c

    def rec(X: np.ndarray, L: int) -> ntk.ReluNTK:
        sigma, dots = [X @ X.T], []
        T = ntk.angles(X)
        for _ in range(L):
            q = np.sqrt(np.diag(sigma[-1]))
            J = ntk.j1(T) if degree == 1 else ntk.j0(T)
            S = c * np.outer(q, q) * J / TWO_PI
            Tn = ntk.correlation_angles(S)
            dots.append(dot_c * ntk.j0(Tn if lag else T) / TWO_PI)
            sigma.append(S)
            T = Tn
        theta = sigma[0].copy()
        for h in range(1, L + 1):
            theta = theta * dots[h - 1] + (sigma[h] if (last or h < L) else 0)
        return ntk.ReluNTK(tuple(sigma), tuple(dots), theta)

    return rec


RECURSION = Claim(
    id="relu-ntk-recursion",
    title="The infinite-width NNGP / NTK recursion for deep ReLU nets",
    statement="For ReLU with c_sigma = 2: Sigma^(h) = c_sigma E_{N(0, Lambda^(h))}[relu(u) relu(v)] and "
              "Sigma_dot^(h) = c_sigma E[relu'(u) relu'(v)] with Lambda^(h) built from Sigma^(h-1); "
              "Theta^(L) = sum_{h=1}^{L+1} Sigma^(h-1) prod_{h'=h}^{L} Sigma_dot^(h') is PSD with "
              "Theta^(L)(x, x) = (L + 1)||x||^2, Sigma^(h)(x, x) = ||x||^2, and Theta^(1) = 2 (H* + K_a)",
    sources=[Source(ARORA, "§9.4, eqs. (9.15)-(9.16) and the Theta^(L) formula", ("ARORA-566", "ARORA-567"))],
    kind="numeric",
    area="kernels",
    instances=recursion_cases(),
    conclusion=_recursion_checks,
    proof_idea="Each layer map is the arc-cosine computation at the previous layer's 2x2 covariance; "
               "J1(0) = J0(0) = pi gives the diagonals, a sum of Schur products of PSD matrices is PSD (Schur), "
               "and unrolling Theta^(h) = Theta^(h-1) Sigma_dot^(h) + Sigma^(h) gives the printed sum.",
    mutants=[
        Mutant("c-sigma-omitted", "without c_sigma = 2 each layer halves the variance: Sigma^(h)(x, x) = "
               "||x||^2 / 2^h", conclusion=lambda c: _recursion_checks(c, _variant(c=1.0))),
        Mutant("degree0-in-sigma", "the covariance of relu outputs is the degree-1 arc-cosine kernel, not "
               "degree 0", conclusion=lambda c: _recursion_checks(c, _variant(degree=0))),
        Mutant("off-by-one-lambda", "Sigma_dot^(h) must use the covariance Lambda^(h) of layer h-1, not that "
               "of layer h", conclusion=lambda c: _recursion_checks(c, _variant(lag=True))),
        Mutant("drop-last-term", "dropping the h = L+1 term (the last layer's own weights) gives "
               "Theta(x, x) = L ||x||^2", conclusion=lambda c: _recursion_checks(c, _variant(last=False))),
        Mutant("sigma-dot-without-c", "Sigma_dot without c_sigma is (pi - theta)/(2 pi); the diagonal of "
               "Theta^(L) then is sum_h 2^-(L+1-h) ||x||^2, not (L + 1)||x||^2",
               conclusion=lambda c: _recursion_checks(c, _variant(dot_c=1.0))),
    ],
    examples=12,
)
test_relu_ntk_recursion = RECURSION.test()

# -------------------------------------------------------------- finite-width layer-wise factorization


@dataclass(frozen=True, eq=False)
class FactorizationCase:
    """A two-layer net ``m^{-1/2} sum_r a_r sigma(w_rᵀx)`` (both layers trainable) and a deep net of
    Arora et al.'s form, on the same points."""

    data: SphereData
    act: ntk.Activation
    m: int
    output: str
    widths: tuple[int, ...]
    seed: int

    def __repr__(self) -> str:
        return (f"FactorizationCase({self.data!r}, {self.act}, two-layer m={self.m} with {self.output} output "
                f"weights, deep widths {self.widths}, seed {self.seed})")

    @cached_property
    def X(self):
        return ntk.as_tensor(self.data.X)

    @cached_property
    def two_layer(self) -> ntk.TwoLayerNet:
        W, a = ntk.init_two_layer(self.data.d, self.m, self.seed, self.output)
        return ntk.TwoLayerNet(W, a, self.act)

    @cached_property
    def deep(self) -> ntk.DeepNet:
        return ntk.DeepNet(self.widths, self.act, self.seed + 1)


@st.composite
def factorization_cases(draw: st.DrawFn) -> FactorizationCase:
    data = draw(sphere_data(min_n=1, max_n=5, max_d=5, radii=True))
    act = draw(st.sampled_from(list(ntk.ACTIVATIONS.values())))
    hidden = draw(st.lists(st.integers(1, 12), min_size=1, max_size=3))
    return FactorizationCase(data, act, draw(st.integers(1, 40)), draw(st.sampled_from(["sign", "gaussian"])),
                             (data.d, *hidden), draw(SEEDS))


def _max_diag(M: torch.Tensor) -> float:
    return max(float(M.diagonal().abs().max()), 1e-300)


def _factor_checks(case: FactorizationCase, gram_in_kb: bool = True, ka_power: float = 1.0,
                   b_scaled: bool = True, d_at_f: bool = True, product: bool = True) -> list[Check]:
    X = case.X
    net = case.two_layer
    blocks = ntk.ntk_blocks(net, X)
    W, a, act = net.W.detach(), net.a.detach(), case.act
    Z = W @ X.T
    S, A = act.torch_d1(Z), act.torch_fn(Z)
    m = W.shape[0]
    K = X @ X.T
    Kb = (K if gram_in_kb else 1.0) * (S.T @ ((a * a)[:, None] * S)) / m
    Ka = (A.T @ A) / m**ka_power
    p2 = m * (case.data.d + 1)
    tol2 = 8 * (p2 + m + 8) * EPS * float(_max_diag(blocks["W"] + blocks["a"]))
    checks = [close(blocks["W"].cpu().numpy(), Kb.cpu().numpy(), tol2,
                    label="hidden-weight block = K_b = xᵀx' (1/m) sum_r a_r^2 sigma' sigma'", why="8 (p + m + 8) eps max Theta_ii"),
              close(blocks["a"].cpu().numpy(), Ka.cpu().numpy(), tol2,
                    label="output-weight block = K_a = (1/m) sum_r sigma sigma", why="8 (p + m + 8) eps max Theta_ii")]
    deep = case.deep
    dblocks = ntk.ntk_blocks(deep, X)
    F, G = deep.layers(X)
    Bs = [torch.ones(X.shape[0], 1, dtype=X.dtype, device=X.device)]
    for h in range(len(F), 0, -1):
        pre = F[h - 1] if d_at_f else G[h]
        scale = math.sqrt(deep.c / deep.widths[h]) if b_scaled else 1.0
        Bs.insert(0, scale * act.torch_d1(pre) * (Bs[0] @ deep.weights[h]))
    total = sum(dblocks.values())
    p = sum(w.numel() for w in deep.weights)
    tol = 8 * (p + sum(deep.widths) + 8) * EPS * float(_max_diag(total))
    for h in range(1, len(deep.widths) + 1):
        gg, bb = G[h - 1] @ G[h - 1].T, Bs[h - 1] @ Bs[h - 1].T
        pred = gg * bb if product else gg + bb
        checks.append(close(dblocks[f"weights.{h - 1}"].detach().cpu().numpy(), pred.detach().cpu().numpy(), tol,
                            label=f"layer {h} block = <g^({h - 1}), g^({h - 1})> <b^({h}), b^({h})>",
                            why="8 (p + sum d_h + 8) eps max Theta_ii"))
    return checks


FACTORIZATION = Claim(
    id="ntk-layerwise-factorization",
    title="The finite-width tangent kernel splits layer by layer",
    statement="Two-layer net m^{-1/2} sum_r a_r sigma(w_rᵀx): the tangent kernel is K_a + K_b with "
              "K_a = (1/m) sum_r sigma(w_rᵀx) sigma(w_rᵀx') (output weights) and "
              "K_b = xᵀx' (1/m) sum_r a_r^2 sigma'(w_rᵀx) sigma'(w_rᵀx') (hidden weights); deep net of Arora et al.: "
              "df/dW^(h) = b^(h) g^(h-1)ᵀ with b^(L+1) = 1, b^(h) = sqrt(c_sigma/d_h) D^(h) W^(h+1)ᵀ b^(h+1), so "
              "the layer-h block is <g^(h-1)(x), g^(h-1)(x')> <b^(h)(x), b^(h)(x')>",
    sources=[Source(ZHAO, "Fig. 4.15 caption: K_0 = K_a + K_b", ("ZHAO-29",)),
             Source(ARORA, "§9.4 eqs. (9.13)-(9.14) and the per-layer product form", ("ARORA-565",))],
    kind="numeric",
    area="kernels",
    instances=factorization_cases(),
    conclusion=_factor_checks,
    proof_idea="Chain rule: df/da_r = m^{-1/2} sigma(w_rᵀx), df/dw_r = m^{-1/2} a_r sigma'(w_rᵀx) x, and for the deep "
               "net df/dW^(h) is the outer product of the backpropagated b^(h) and the input g^(h-1) of the layer; "
               "the Frobenius inner product of two rank-one matrices is the product of the inner products.  "
               "The reference is torch.func (jacrev over functional_call, vmap over inputs).",
    mutants=[
        Mutant("kb-without-gram", "the hidden-weight gradient carries the input x, so K_b has the factor xᵀx'",
               conclusion=lambda c: _factor_checks(c, gram_in_kb=False)),
        Mutant("ka-sqrt-scaling", "each output-weight gradient is m^{-1/2} sigma, so K_a averages with 1/m, not 1/sqrt(m)",
               conclusion=lambda c: _factor_checks(c, ka_power=0.5)),
        Mutant("b-without-scaling", "backpropagation passes through the factor sqrt(c_sigma/d_h) of each layer",
               conclusion=lambda c: _factor_checks(c, b_scaled=False)),
        Mutant("d-at-g", "D^(h) is sigma' at the pre-activation f^(h), not at the output g^(h)",
               conclusion=lambda c: _factor_checks(c, d_at_f=False)),
        Mutant("sum-not-product", "<u vᵀ, u' v'ᵀ>_F = (uᵀu')(vᵀv'), a product, not a sum",
               conclusion=lambda c: _factor_checks(c, product=False)),
    ],
    examples=25,
)
test_ntk_layerwise_factorization = FACTORIZATION.test()
