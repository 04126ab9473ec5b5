"""Lipschitz constant of a network is at most the product of its layer constants.

Statement.
- A linear map has ``Lip₂(x ↦ Wx) = σ_max(W) = ‖W‖₂``, attained along the top right singular vector;
  entrywise clipping ``|W_ij| <= c`` of an ``m × n`` matrix gives ``‖W‖₂ <= ‖W‖_F <= c √(mn)``.
- Activation constants ``sup|σ'|``: ReLU, leaky ReLU, tanh, softplus: 1; sigmoid: 1/4; GELU:
  ``Φ(√2) + √2 φ(√2) ≈ 1.1289``; SiLU ``≈ 1.0998`` (the last two exceed 1).
- Lipschitz constants multiply under composition, so for ``f(x) = W_L σ(… σ(W_1 x + b_1) …) + b_L``
  with an ``L_σ``-Lipschitz coordinatewise ``σ``: ``Lip₂(f) <= L_σ^{L-1} Π_i ‖W_i‖₂`` (biases play no
  role); equality for aligned rank-one layers with positive singular vectors and ReLU in its linear
  region; the bound can be exponentially loose in the depth.
- Without biases and with ``σ(0) = 0``: ``‖f(x)‖ <= L_σ^{L-1} Π_i ‖W_i‖₂ ‖x‖`` (the pair ``(x, 0)``).

Sources.  Teng–Wang–Zhang §8.3.1 (TENG-42, TENG-43, TENG-44); Arora et al. §5.5.2 (ARORA-72);
*The Mathematical Structure of Machine Learning*, "Composable learning systems" (MSML-3, the composition
rule); Zhao, Fig. 14.8 and Remark 14.10 (ZHAO-133: spectral normalization and clipping).

Proof idea.  ``‖f∘g(x) - f∘g(y)‖ <= L_f ‖g(x) - g(y)‖ <= L_f L_g ‖x - y‖``; a coordinatewise
``L_σ``-Lipschitz map is ``L_σ``-Lipschitz in ``ℓ₂``; ``sup_v ‖Wv‖/‖v‖ = σ_max``.  Clipping:
``‖W‖₂² <= ‖W‖_F² = Σ W_ij² <= c² mn``.

The Lipschitz constant is estimated from below by ``max ‖J_f(x)‖₂`` over random inputs, inputs reached
by gradient ascent on difference quotients, and (for the tight family) the aligned direction ``u_1``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, close, ge, le
from checks.documents import ARORA, MSML, TENG, ZHAO
from checks.network_lipschitz import (ACTIVATIONS, DEVICE, frobenius_product, network,
                                      lipschitz_lower_estimate, spectral_product)
from checks.strategies.network_lipschitz import SEEDS, Net, lipschitz_nets, random_nets

EPS = np.finfo(float).eps


# --- claim 1: the product bound ---------------------------------------------------------------------

def _estimate(net: Net) -> tuple[float, float, float]:
    """(lower estimate of Lip f, L_σ^{L-1}, rounding tolerance per unit of bound)."""
    f = network(net.weights, net.activation, net.biases)
    est = lipschitz_lower_estimate(f, net.d, net.seed, starts=net.starts, restarts=2, steps=25)
    depth = len(net.weights)
    width = max(max(W.shape) for W in net.weights)
    # J = W_L D_{L-1} ... W_1 in float64, then an SVD: relative error <= 16 L w eps of the norm product
    return est, ACTIVATIONS[net.activation][1] ** (depth - 1), 16 * depth * width * EPS


WHY = "16 L w eps times the bound: rounding of the Jacobian product and its SVD"


def product_bound(net: Net) -> list[Check]:
    est, act, rel = _estimate(net)
    spec, frob = act * spectral_product(net.weights), act * frobenius_product(net.weights)
    return [le(est, spec, tol=rel * spec, label="max |J(x)| <= L_s^(L-1) prod |W_i|_2", why=WHY),
            le(est, frob, tol=rel * frob, label="max |J(x)| <= L_s^(L-1) prod |W_i|_F", why=WHY)]


def _mutant(bound, label: str):
    def conclusion(net: Net) -> Check:
        est, act, rel = _estimate(net)
        b = bound(net, act)
        return le(est, b, tol=rel * max(b, act * spectral_product(net.weights)), label=label, why=WHY)
    return conclusion


def _matrix_product(net: Net) -> np.ndarray:
    """``W_L ⋯ W_1``."""
    P = np.eye(net.d)
    for W in net.weights:
        P = W @ P
    return P


_norms = lambda net: [np.linalg.norm(W, 2) for W in net.weights]  # noqa: E731

PRODUCT = Claim(
    id="network-lipschitz-product",
    title="A network's Lipschitz constant is at most the product of its layer constants",
    statement="for f = W_L s(... s(W_1 x + b_1) ...) + b_L with an L_s-Lipschitz coordinatewise s: "
              "Lip_2(f) <= L_s^(L-1) prod_i |W_i|_2 (<= L_s^(L-1) prod_i |W_i|_F)",
    sources=[Source(TENG, "§8.3.1, line 677", ("TENG-44",)),
             Source(ARORA, "§5.5.2, after Thm 5.5.6", ("ARORA-72",)),
             Source(MSML, "Composable learning systems as operators (composition rule)", ("MSML-3",)),
             Source(ZHAO, "Fig. 14.8, spectral normalization", ("ZHAO-133",))],
    kind="numeric",
    area="generalization",
    instances=lipschitz_nets(tuple(ACTIVATIONS)),
    conclusion=product_bound,
    proof_idea="Lipschitz constants multiply under composition; a linear layer contributes |W|_2 and a "
               "coordinatewise activation L_s.",
    mutants=[Mutant("no-activation-constant", "with s = 2 ReLU on an aligned net the path is linear with slope "
                    "2 per layer, so Lip = 2^(L-1) prod |W_i|", conclusion=_mutant(
                        lambda net, act: spectral_product(net.weights), "max |J(x)| <= prod |W_i|_2")),
             Mutant("sum-of-norms", "aligned layers of norm 2 or 3 have product > sum from depth 2 on",
                    conclusion=_mutant(lambda net, act: act * sum(_norms(net)), "max |J(x)| <= L_s^(L-1) sum |W_i|")),
             Mutant("max-of-norms", "aligned layers of norm > 1 multiply", conclusion=_mutant(
                 lambda net, act: act * max(_norms(net)), "max |J(x)| <= L_s^(L-1) max |W_i|")),
             Mutant("norm-of-product", "the sign-split net has W_2 W_1 = 0 but f(x) = C|Ax|", conclusion=_mutant(
                 lambda net, act: act * float(np.linalg.norm(_matrix_product(net), 2)),
                 "max |J(x)| <= L_s^(L-1) |W_L ... W_1|_2")),
             Mutant("over-root-width", "the aligned nets attain the product, above product / sqrt(width)",
                    conclusion=_mutant(lambda net, act: act * spectral_product(net.weights)
                                       / np.sqrt(max(max(W.shape) for W in net.weights)),
                                       "max |J(x)| <= L_s^(L-1) prod |W_i| / sqrt(max width)"))],
    examples=40,
)
test_network_lipschitz_product = PRODUCT.test()


# --- claim 1b: the output-norm bound for bias-free networks -------------------------------------------

ZERO_AT_ZERO = ("relu", "leaky_relu", "tanh", "gelu", "silu", "relu2")
"""Activations with ``σ(0) = 0``: for them ``|σ(t)| <= L_σ |t|``."""


def output_norm(net: Net) -> list[Check]:
    """``‖f(x)‖ <= L_σ^{L-1} Π‖W_i‖ ‖x‖`` at ``x = 0``, the aligned direction (if any) and 16 Gaussian
    inputs, for the net as given."""
    f = network(net.weights, net.activation, net.biases)
    xs = [np.zeros(net.d), *net.starts, *np.random.default_rng(net.seed).standard_normal((16, net.d))]
    depth, width = len(net.weights), max(max(W.shape) for W in net.weights)
    bound = ACTIVATIONS[net.activation][1] ** (depth - 1) * spectral_product(net.weights)
    checks = []
    for x in xs:
        r = bound * float(np.linalg.norm(x))
        checks.append(le(float(f(torch.as_tensor(x, device=DEVICE)).norm()), r, tol=16 * depth * width * EPS * r,
                         label=f"|f(x)| <= L_s^(L-1) prod |W_i| |x| at |x| = {np.linalg.norm(x):.3g}",
                         why="16 L w eps times the bound: rounding of the forward pass"))
    return checks


def _bias_free(net: Net) -> Net:
    return Net(net.weights, None, net.activation, net.family, net.seed, net.starts)


OUTPUT_NORM = Claim(
    id="network-output-norm-product",
    title="A bias-free network with s(0) = 0 satisfies |f(x)| <= L_s^(L-1) prod |W_i|_2 |x|",
    statement="for f = W_L s(... s(W_1 x)) without biases and s(0) = 0: |f(x)| <= L_s^(L-1) prod_i |W_i|_2 |x|",
    sources=[Source(ARORA, "§5.5.2, after Thm 5.5.6 (norm bound, zero biases)", ("ARORA-72",))],
    kind="numeric",
    area="generalization",
    instances=lipschitz_nets(ZERO_AT_ZERO),
    conclusion=lambda net: output_norm(_bias_free(net)),
    proof_idea="f(0) = 0 without biases, so the Lipschitz bound applied to the pair (x, 0) gives the norm bound.",
    mutants=[Mutant("with-biases", "with biases f(0) = b_L + W_L s(...) is nonzero while the bound is 0 at x = 0",
                    conclusion=output_norm, instances=random_nets(ZERO_AT_ZERO))],
    examples=40,
)
test_network_output_norm_product = OUTPUT_NORM.test()


# --- claim 2: a linear layer, and entrywise clipping --------------------------------------------------

@st.composite
def matrices(draw: st.DrawFn) -> tuple[np.ndarray, float, int]:
    """``(W, c, seed)`` with ``|W_ij| <= c``: uniform entries, or the tight constant-sign matrix ``±c``."""
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    m, n = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    c = float(draw(st.sampled_from([0.01, 0.1, 1.0])))
    if draw(st.booleans()):
        W = c * np.outer(rng.choice([-1.0, 1.0], m), rng.choice([-1.0, 1.0], n))
    else:
        W = rng.uniform(-c, c, (m, n))
    return W, c, seed


def _linear_parts(W: np.ndarray, seed: int) -> tuple[float, float, float, float]:
    """(σ_max by SVD, |W v_1|, max quotient over random directions, tolerance)."""
    _, s, Vt = np.linalg.svd(W)
    dirs = np.random.default_rng(seed).standard_normal((64, W.shape[1]))
    quotients = np.linalg.norm(dirs @ W.T, axis=1) / np.linalg.norm(dirs, axis=1)
    return float(s[0]), float(np.linalg.norm(W @ Vt[0])), float(quotients.max()), 8 * sum(W.shape) * EPS * float(s[0])


LINWHY = "8 (m + n) eps sigma_max: rounding of the SVD and of the matrix-vector products"


def linear_layer(inst: tuple[np.ndarray, float, int]) -> list[Check]:
    W, c, seed = inst
    smax, attained, quotient, tol = _linear_parts(W, seed)
    m, n = W.shape
    return [close(attained, smax, tol=tol, label="|W v_1| = sigma_max (attained)", why=LINWHY),
            le(quotient, smax, tol=tol, label="|W u| / |u| <= sigma_max for random u", why=LINWHY),
            le(smax, c * np.sqrt(m * n), tol=tol, label="|W|_2 <= c sqrt(mn) when |W_ij| <= c", why=LINWHY)]


def lip_is_frobenius(inst: tuple[np.ndarray, float, int]) -> Check:
    W, _, seed = inst
    smax, _, _, tol = _linear_parts(W, seed)
    return close(smax, float(np.linalg.norm(W, "fro")), tol=tol, label="Lip(W) = |W|_F", why=LINWHY)


def lip_is_linf(inst: tuple[np.ndarray, float, int]) -> Check:
    W, _, seed = inst
    smax, _, _, tol = _linear_parts(W, seed)
    return close(smax, float(np.abs(W).sum(axis=1).max()), tol=tol, label="Lip_2(W) = |W|_(inf->inf)", why=LINWHY)


def clip_max_dim(inst: tuple[np.ndarray, float, int]) -> Check:
    W, c, seed = inst
    smax, _, _, tol = _linear_parts(W, seed)
    return le(smax, c * np.sqrt(max(W.shape)), tol=tol, label="|W|_2 <= c sqrt(max(m, n))", why=LINWHY)


LINEAR = Claim(
    id="linear-layer-lipschitz",
    title="A linear layer's Lipschitz constant is its spectral norm; clipping bounds it by c sqrt(mn)",
    statement="Lip_2(x -> Wx) = sigma_max(W), attained at the top right singular vector; |W_ij| <= c for an "
              "m x n matrix gives |W|_2 <= c sqrt(mn)",
    sources=[Source(TENG, "§8.3.1, line 674", ("TENG-42",)),
             Source(ZHAO, "Fig. 14.8, weight clipping", ("ZHAO-133",))],
    kind="numeric",
    area="generalization",
    instances=matrices(),
    conclusion=linear_layer,
    proof_idea="|Wu|^2 = u^T W^T W u <= lambda_max(W^T W) |u|^2 with equality at v_1; |W|_2 <= |W|_F <= c sqrt(mn), "
               "with equality for the rank-one matrix of entries ±c.",
    mutants=[Mutant("frobenius", "for rank >= 2, |W|_F > sigma_max", conclusion=lip_is_frobenius),
             Mutant("linf-operator", "the max absolute row sum differs from sigma_max (e.g. the 1 x n row of c's: "
                    "n c versus sqrt(n) c)", conclusion=lip_is_linf),
             Mutant("clip-max-dim", "the ±c rank-one matrix has |W|_2 = c sqrt(mn) > c sqrt(max(m, n))",
                    conclusion=clip_max_dim)],
    examples=60,
)
test_linear_layer_lipschitz = LINEAR.test()


# --- claim 3: activation constants ------------------------------------------------------------------

GRID_STEP = 1e-3
GRID = torch.arange(-40.0, 40.0 + GRID_STEP / 2, GRID_STEP, dtype=torch.float64, device=DEVICE)
M3 = 2.0
"""``sup |σ'''| <= 2`` for every smooth activation here (tanh attains 2), so the grid maximum of
``|σ'|`` is within ``M3 h² / 8`` of the supremum when the maximizer lies inside the grid.  Softplus
has ``σ' = sigmoid``, whose supremum 1 is a limit: at the grid end ``1 - sigmoid(40) < e^-40``, far
below the tolerance."""


@lru_cache(maxsize=None)
def _grid_max_derivative(name: str) -> float:
    """max |σ'| over the grid (independent of the instance, computed once per activation)."""
    x = GRID.clone().requires_grad_(True)
    ACTIVATIONS[name][0](x).sum().backward()
    return float(x.grad.abs().max())


def _quotient_max(name: str, seed: int) -> tuple[float, float]:
    """Max difference quotient over random pairs, and its rounding tolerance: ``f(b) - f(a)`` is off by
    at most ``4 eps (1 + |f(a)| + |f(b)|) <= 4 eps (3 + 4 max|x|)`` (``|f(x)| <= 2|x| + 1`` here),
    divided by the smallest gap ``b - a``."""
    g = torch.Generator(device="cpu").manual_seed(seed)
    a = (6 * torch.randn(4096, generator=g, dtype=torch.float64)).to(DEVICE)
    b = a + torch.exp(-8 * torch.rand(4096, generator=g, dtype=torch.float64)).to(DEVICE)
    fn = ACTIVATIONS[name][0]
    tol = 4 * EPS * (3 + 4 * float(b.abs().max())) / float((b - a).min())
    return float(((fn(b) - fn(a)).abs() / (b - a)).max()), tol


def activation_constant(seed: int, constants: dict[str, float] | None = None) -> list[Check]:
    checks = []
    for name in sorted(ACTIVATIONS):
        L = (constants or {}).get(name, ACTIVATIONS[name][1])
        grid, (quotient, qtol) = _grid_max_derivative(name), _quotient_max(name, seed)
        checks += [le(grid, L, tol=4 * EPS * L, label=f"max |{name}'| on the grid <= L",
                      why="autograd rounding, 4 eps L"),
                   ge(grid, L, tol=M3 * GRID_STEP**2 / 8, label=f"max |{name}'| on the grid >= L - M3 h^2/8",
                      why="Taylor at the maximizer: sup|s'''| h^2 / 8 with sup|s'''| <= 2"),
                   le(quotient, L, tol=qtol, label=f"|{name}(b) - {name}(a)| / (b - a) <= L",
                      why="cancellation in f(b) - f(a): 4 eps (3 + 4 max|x|) / min(b - a)")]
    return checks


ACTIVATION = Claim(
    id="activation-lipschitz-constants",
    title="Lipschitz constants of common activations",
    statement="sup|s'| is 1 for ReLU, leaky ReLU, tanh and softplus, 1/4 for the sigmoid, Phi(sqrt 2) + "
              "sqrt(2) phi(sqrt 2) ~ 1.1289 for GELU and ~ 1.0998 for SiLU (both > 1), 2 for 2 ReLU",
    sources=[Source(TENG, "§8.3.1, line 675", ("TENG-43",))],
    kind="numeric",
    area="generalization",
    instances=SEEDS,
    conclusion=activation_constant,
    proof_idea="The Lipschitz constant of a C^1 map of R is sup|s'|; GELU'' = phi(x)(2 - x^2) vanishes at sqrt 2; "
               "SiLU'' = s'(x)(2 + x(1 - 2 s(x))) has one positive root near 2.40.",
    mutants=[Mutant("gelu-one", "GELU' reaches 1.1289 > 1", conclusion=lambda i: activation_constant(i, {"gelu": 1.0})),
             Mutant("sigmoid-eighth", "sigmoid'(0) = 1/4 > 1/8",
                    conclusion=lambda i: activation_constant(i, {"sigmoid": 0.125}))],
    examples=10,
)
test_activation_lipschitz_constants = ACTIVATION.test()
