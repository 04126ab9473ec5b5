"""Normalizing flows: the change-of-variables density, affine coupling layers, 1×1 convolutions and a
triangular polynomial flow.

Statement.
- If ``h = f(x)`` for a C¹ bijection ``f`` and ``h ~ μ``, then ``x`` has density
  ``ρ(x) = μ(f(x)) |det J_f(x)|``; for a composition the log-determinants add over the layers.
- The affine coupling layer ``(z_A, z_B) ↦ (z_A, z_B ⊙ h(z_A) + s(z_A))`` with ``h > 0`` has the inverse
  ``(y_A, (y_B − s(y_A)) ⊘ h(y_A))`` and a block lower-triangular Jacobian with diagonal blocks ``I`` and
  ``diag h(z_A)``, so ``log|det J| = Σ log h_i(z_A)``.
- A 1×1 convolution with channel matrix ``W`` (``c×c``) on a ``c×h×w`` image has Jacobian ``I_{hw} ⊗ W``
  (pixel-major coordinates): block diagonal, not diagonal; ``log|det J| = hw log|det W|``.
- For ``z ~ N(0, I_4)`` and ``y = (z₁, z₂, e^{a₀}z₃ + a₁z₁² + a₂z₂², e^{b₀}z₄ + b₁z₁² + b₂z₂²)``:
  ``p_Y(y) = φ(y₁)φ(y₂)φ((y₃ − a₁y₁² − a₂y₂²)e^{−a₀})φ((y₄ − b₁y₁² − b₂y₂²)e^{−b₀})e^{−a₀−b₀}``.

Sources.  Arora et al., eq. (14.13) (ARORA-1062), eqs. (14.14)–(14.17) (ARORA-1063, audited: the
printed inverse multiplies by ``h``), the GLOW remark on 1×1 convolutions (ARORA-1064, audited: the
printed Jacobian is diagonal), Problem 14.5.1 (ARORA-1065).

Proof idea.  ``P(x ∈ A) = P(h ∈ f(A)) = ∫_{f(A)} μ = ∫_A μ(f(x))|det J_f(x)| dx``; the chain rule makes
the Jacobian of a composition a product.  A coupling layer leaves ``z_A`` alone, so ``∂y_A/∂z_B = 0``
and ``∂y_B/∂z_B = diag h``; solving ``y_B = z_B h + s`` for ``z_B`` needs a division.  A 1×1
convolution is the same linear map ``W`` at every pixel.  The polynomial flow is triangular with
diagonal ``(1, 1, e^{a₀}, e^{b₀})``.

Everything is float64 torch (autograd Jacobians via ``torch.func.jacrev``); tolerances are derived from
machine epsilon, the dimension, the depth and the conditioning of the Jacobian.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from scipy import stats

from checks.claim import Check, Claim, Mutant, Source, close, holds
from checks.documents import ARORA
from checks.generative import (conv1x1, coupling_forward, coupling_inverse, jacobian, mlp,
                               standard_normal_logpdf)
from checks.strategies.generative import (AffineMap, Conv1x1, CouplingFlow, PolynomialFlow, affine_maps,
                                          conv1x1s, coupling_flows, polynomial_flows)

EPS = float(np.finfo(float).eps)
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"


# --- claim 1: change of variables (affine flows against the exact Gaussian) -------------------------

def affine_density(inst: AffineMap, inverse_jacobian: bool = False) -> list[Check]:
    a, b, xs = inst.params()
    sign, logdet = np.linalg.slogdet(a)
    mu = torch.tensor(xs @ a.T + b, dtype=torch.float64)
    ours = standard_normal_logpdf(mu).numpy() + (-logdet if inverse_jacobian else logdet)
    # x = f^{-1}(h) = a^{-1}(h - b) with h ~ N(0, I) is N(-a^{-1} b, (a^T a)^{-1})
    ainv = np.linalg.inv(a)
    ref = stats.multivariate_normal(mean=-ainv @ b, cov=ainv @ ainv.T).logpdf(xs)
    kappa = np.linalg.cond(a)
    # both sides evaluate a quadratic form of size ~ |f(x)|^2 through matrices of condition kappa^2
    tol = 64 * inst.dim * EPS * kappa**2 * (1 + float(np.max(np.sum((xs @ a.T + b) ** 2, axis=1))) + abs(logdet))
    return [close(ours, np.atleast_1d(ref), tol, label="log mu(f(x)) + log|det J_f| = log N(x; -a^-1 b, (a^T a)^-1)",
                  why="64 dim eps kappa(a)^2 (1 + |f(x)|^2 + |log det a|)"),
            close(logdet, inst.logdet, 16 * inst.dim * EPS * (1 + abs(inst.logdet)) * kappa,
                  label="log|det a| as constructed", why="16 dim eps kappa (1 + |log det|)")]


CHANGE_OF_VARIABLES = Claim(
    id="flow-change-of-variables",
    title="Change of variables for a flow: rho(x) = mu(f(x)) |det J_f(x)|",
    statement="if h = f(x) for a C^1 bijection f and h ~ mu, then x has density mu(f(x)) |det J_f(x)|; "
              "checked for affine f and mu = N(0, I) against the Gaussian law of f^{-1}(h)",
    sources=[Source(ARORA, "eq. (14.13) and footnote 5 (normalizing flows)", ("ARORA-1062",))],
    kind="numeric",
    area="generative",
    instances=affine_maps(),
    conclusion=affine_density,
    proof_idea="P(x in A) = P(h in f(A)) = int_{f(A)} mu = int_A mu(f(x)) |det J_f(x)| dx by the "
               "substitution rule; for f(x) = ax + b the pullback of N(0, I) is N(-a^-1 b, (a^T a)^-1).",
    mutants=[Mutant("inverse-jacobian", "dividing by |det J_f| gives the density of f(x), not of x; it "
                    "differs by |det a|^2 != 1", conclusion=lambda i: affine_density(i, inverse_jacobian=True))],
    examples=30,
)
test_flow_change_of_variables = CHANGE_OF_VARIABLES.test()


# --- claim 2: log-determinants add over coupling layers -----------------------------------------------

def _layers(inst: CouplingFlow):
    prm = inst.params()
    split = prm["split"]
    maps = []
    for r, s in prm["layers"]:
        maps.append((lambda za, r=r: torch.exp(mlp(za, r)), lambda za, s=s: mlp(za, s), lambda za, r=r: mlp(za, r)))
    return prm, split, maps


def flow_forward(inst: CouplingFlow, x: torch.Tensor) -> torch.Tensor:
    """Coupling layers, each followed by a reversal of the coordinates, then ``a y + b``."""
    prm, split, maps = _layers(inst)
    for h, s, _ in maps:
        x = coupling_forward(x, split, h, s).flip(-1)
    return x @ prm["a"].T + prm["b"]


def flow_inverse(inst: CouplingFlow, y: torch.Tensor) -> torch.Tensor:
    prm, split, maps = _layers(inst)
    x = torch.linalg.solve(prm["a"], (y - prm["b"]).unsqueeze(-1)).squeeze(-1)
    for h, s, _ in reversed(maps):
        x = coupling_inverse(x.flip(-1), split, h, s)
    return x


def layer_logdets(inst: CouplingFlow, x: torch.Tensor) -> float:
    """``Σ_layers Σ_i r_i(z_A) + log|det a|`` along the forward pass of ``x``."""
    prm, split, maps = _layers(inst)
    total = torch.linalg.slogdet(prm["a"])[1]
    for h, s, r in maps:
        total = total + r(x[..., :split]).sum()
        x = coupling_forward(x, split, h, s).flip(-1)
    return float(total)


def chain(inst: CouplingFlow, inverse_at_x: bool = False) -> list[Check]:
    prm = inst.params()
    out = []
    for k, x in enumerate(prm["x"][:2]):
        jf = jacobian(lambda v: flow_forward(inst, v), x).numpy()
        kappa = float(np.linalg.cond(jf))
        layers = layer_logdets(inst, x)
        # each layer's Jacobian is exact up to a few roundings; log|det| moves by <= dim kappa |dJ|/|J|
        tol = 32 * inst.dim * (inst.depth + 2) * EPS * kappa * (1 + abs(layers))
        if inverse_at_x:  # the mutant: -log|det J_{f^{-1}}| evaluated at x instead of at f(x)
            lhs = -float(np.linalg.slogdet(jacobian(lambda v: flow_inverse(inst, v), x).numpy())[1])
        else:
            lhs = float(np.linalg.slogdet(jf)[1])
        why = "32 dim (depth + 2) eps kappa(J) (1 + |log det|)"
        out.append(close(lhs, layers, tol, label=f"x_{k}: log|det J_f| = sum of layer log-dets", why=why))
        if not inverse_at_x:
            yinv = -float(np.linalg.slogdet(jacobian(lambda v: flow_inverse(inst, v), flow_forward(inst, x)).numpy())[1])
            out.append(close(yinv, lhs, tol * (1 + kappa), label=f"x_{k}: log|det J_f(x)| = -log|det J_f^-1(f(x))|",
                             why="tol kappa(J) (the inverse Jacobian has condition kappa)"))
    return out


CHAIN = Claim(
    id="flow-log-det-chain",
    title="Log-determinants of a flow add over layers; the inverse has the reciprocal determinant at f(x)",
    statement="for a composition f of affine coupling layers, permutations and an invertible linear map, "
              "log|det J_f(x)| = sum of the layers' log|det| along the forward pass, and = -log|det J_{f^-1}(f(x))|",
    sources=[Source(ARORA, "eq. (14.13), footnote 5 (det of a product)", ("ARORA-1062",))],
    kind="numeric",
    area="generative",
    instances=coupling_flows(),
    conclusion=chain,
    proof_idea="chain rule: J_f = prod of the layer Jacobians at the intermediate points; det is multiplicative; "
               "J_{f^-1}(f(x)) = J_f(x)^{-1}.",
    mutants=[Mutant("inverse-jacobian-at-x", "the inverse's Jacobian must be taken at f(x); at x it sees the "
                    "coupling scales at other points", conclusion=lambda i: chain(i, inverse_at_x=True),
                    instances=coupling_flows(depth_min=2))],
    examples=15,
)
test_flow_log_det_chain = CHAIN.test()


# --- claim 3: the affine coupling layer ---------------------------------------------------------------

def _coupling(inst: CouplingFlow, dead_unit: bool = False):
    prm = inst.params()
    split = prm["split"]
    r, s = prm["layers"][0]
    mask = torch.ones(inst.dim - split, dtype=torch.float64)
    if dead_unit:
        mask[0] = 0.0
    return prm, split, (lambda za: torch.exp(mlp(za, r)) * mask), (lambda za: mlp(za, s)), (lambda za: mlp(za, r))


def coupling(inst: CouplingFlow, dead_unit: bool = False, det_sum: bool = False, printed: bool = False
             ) -> list[Check]:
    prm, split, h, s, r = _coupling(inst, dead_unit)
    out = []
    for k, z in enumerate(prm["x"]):
        y = coupling_forward(z, split, h, s)
        hz = h(z[:split])
        if printed:  # (y_B - s) ⊙ h, as printed
            back = torch.cat([y[:split], (y[split:] - s(y[:split])) * h(y[:split])])
        else:
            back = coupling_inverse(y, split, h, s)
        scale = float((z.abs().max() + (y.abs().max() + s(z[:split]).abs().max()) / hz.min()))
        out.append(close(back.numpy(), z.numpy(), 4 * EPS * scale, label=f"z_{k}: inverse(forward(z)) = z",
                         why="4 eps (|z| + (|y| + |s|)/min h)"))
        if printed or float(hz.min()) == 0:  # with a zero scale the layer has no inverse to speak of
            continue
        jac = jacobian(lambda v: coupling_forward(v, split, h, s), z).numpy()
        out.append(holds(bool(np.all(jac[:split, split:] == 0)), f"z_{k}: dy_A/dz_B = 0 (triangular)"))
        out.append(close(jac[split:, split:], np.diag(hz.numpy()), 4 * EPS * float(hz.max()),
                         label=f"z_{k}: dy_B/dz_B = diag h(z_A)", why="4 eps max h"))
        logdet = float(np.linalg.slogdet(jac)[1])
        formula = math.log(float(hz.sum())) if det_sum else float(r(z[:split]).sum())
        out.append(close(logdet, formula, 16 * inst.dim * EPS * float(hz.max() / hz.min()) * (1 + abs(formula)),
                         label=f"z_{k}: log|det J| = sum log h_i(z_A)", why="16 dim eps (max h / min h)(1 + |log det|)"))
    return out


COUPLING = Claim(
    id="affine-coupling-layer",
    title="Affine coupling layer: inverse divides by h; triangular Jacobian with log det = sum log h",
    statement="(z_A, z_B) -> (z_A, z_B * h(z_A) + s(z_A)) with h = exp(r) > 0 is inverted by "
              "(y_A, (y_B - s(y_A)) / h(y_A)); its Jacobian is block lower-triangular with blocks I and "
              "diag h(z_A), so log|det J| = sum_i log h_i(z_A)",
    sources=[Source(ARORA, "eqs. (14.14)-(14.17) (corrected: the inverse divides by h; h > 0)", ("ARORA-1063",))],
    kind="numeric",
    area="generative",
    instances=coupling_flows(),
    conclusion=coupling,
    proof_idea="z_A passes unchanged, so s(z_A) and h(z_A) are known from y_A = z_A and y_B = z_B h + s "
               "solves to z_B = (y_B - s)/h; dy_A/dz_B = 0 and dy_B/dz_B = diag h.",
    mutants=[
        Mutant("det-sum-of-h", "the determinant of diag h is the product of the h_i, not their sum "
               "(they differ for two or more coordinates)", conclusion=lambda i: coupling(i, det_sum=True),
               instances=coupling_flows(dim_min=4)),
        Mutant("h-nonnegative", "h merely nonnegative: a coordinate with h = 0 erases z_B there and the layer "
               "is not invertible", conclusion=lambda i: coupling(i, dead_unit=True)),
    ],
    examples=20,
)
test_affine_coupling_layer = COUPLING.test()

PRINTED_COUPLING = Claim(
    id="affine-coupling-inverse-as-printed",
    title="Affine coupling inverse that multiplies by h (as printed)",
    statement="the coupling layer z_B' = z_B * h(z_A) + s(z_A) is inverted by z_B = (z_B' - s(z_A)) * h(z_A) "
              "(as printed)",
    sources=[Source(ARORA, "eq. (14.17)", ("ARORA-1063",))],
    kind="numeric",
    area="generative",
    instances=coupling_flows(),
    conclusion=lambda i: coupling(i, printed=True),
    proof_idea="(z h + s - s) h = z h^2, which is z only where h = 1.",
    audit=True,
    corrected="affine-coupling-layer",
    finding="the printed inverse multiplies by h; inverting z_B' = z_B h + s needs a division: with h = 2, s = 0, "
            "z_B = 1 the layer gives 2 and the printed inverse 4. Correct: z_B = (z_B' - s(z_A)) / h(z_A), with "
            "h > 0 (not merely nonnegative)",
    examples=20,
)
test_affine_coupling_inverse_as_printed = PRINTED_COUPLING.test()


# --- claim 4: 1x1 convolutions ------------------------------------------------------------------------

def conv_jacobian(inst: Conv1x1, missing_hw: bool = False, printed: bool = False) -> list[Check]:
    w, x = inst.params()
    c, hh, ww = x.shape

    def pixel_major(v: torch.Tensor) -> torch.Tensor:
        img = v.reshape(hh, ww, c).permute(2, 0, 1)
        return conv1x1(img, w).permute(1, 2, 0).reshape(-1)

    jac = jacobian(pixel_major, x.permute(1, 2, 0).reshape(-1)).numpy()
    wn = w.numpy()
    tol_j = 4 * c * EPS * float(np.abs(wn).max())  # each entry is a sum of c products with 0/1
    if printed:
        return [close(jac - np.diag(np.diag(jac)), np.zeros_like(jac), tol_j,
                      label="the Jacobian is diagonal (as printed)", why="4 c eps max|W|")]
    kappa = float(np.linalg.cond(wn))
    n = c * hh * ww
    logdet = float(np.linalg.slogdet(jac)[1])
    target = (1 if missing_hw else hh * ww) * float(np.linalg.slogdet(wn)[1])
    tol_d = 16 * n * EPS * kappa * (1 + abs(target))
    return [close(jac, np.kron(np.eye(hh * ww), wn), tol_j, label="J = I_hw (x) W (pixel-major)",
                  why="4 c eps max|W|"),
            close(logdet, target, tol_d, label="log|det J| = hw log|det W|", why="16 chw eps kappa(W)(1 + |log det|)"),
            close(target, (1 if missing_hw else hh * ww) * inst.logdet, tol_d, label="hw log|det W| as constructed",
                  why="16 chw eps kappa(W)(1 + |log det|)")]


CONV = Claim(
    id="conv1x1-jacobian",
    title="A 1x1 convolution has Jacobian I_hw (x) W and log|det| = hw log|det W|",
    statement="a 1x1 convolution with channel matrix W on a c x h x w image has Jacobian I_hw (x) W in "
              "pixel-major coordinates (block diagonal, one block W per pixel), so log|det J| = hw log|det W|",
    sources=[Source(ARORA, "remark on GLOW's 1x1 convolutions (corrected: block diagonal I (x) W)", ("ARORA-1064",))],
    kind="numeric",
    area="generative",
    instances=conv1x1s(),
    conclusion=conv_jacobian,
    proof_idea="output channel i at pixel p is sum_j W_ij x_j(p): the same c x c map at each pixel; "
               "det(I (x) W) = det(W)^{hw}.",
    mutants=[Mutant("missing-hw", "the hw pixels each contribute log|det W|; with hw >= 2 and log|det W| != 0 "
                    "the total is not log|det W|", conclusion=lambda i: conv_jacobian(i, missing_hw=True))],
    examples=20,
)
test_conv1x1_jacobian = CONV.test()

PRINTED_CONV = Claim(
    id="conv1x1-jacobian-diagonal-as-printed",
    title="1x1 convolutions 'just scale channels' with a diagonal Jacobian (as printed)",
    statement="with 1x1 convolutions the filters just scale channel values and the Jacobian is a diagonal "
              "nonzero matrix (as printed)",
    sources=[Source(ARORA, "remark on GLOW's 1x1 convolutions", ("ARORA-1064",))],
    kind="numeric",
    area="generative",
    instances=conv1x1s(),
    conclusion=lambda i: conv_jacobian(i, printed=True),
    proof_idea="the Jacobian has the off-diagonal entries W_ij (i != j) within each pixel block.",
    audit=True,
    corrected="conv1x1-jacobian",
    finding="a 1x1 convolution mixes channels: its Jacobian is I_hw (x) W, block diagonal with a full c x c block "
            "per pixel, and diagonal only when W is; log|det J| = hw log|det W|",
    examples=20,
)
test_conv1x1_jacobian_diagonal_as_printed = PRINTED_CONV.test()


# --- claim 5: the triangular polynomial flow ----------------------------------------------------------

def poly_forward(c, z: torch.Tensor) -> torch.Tensor:
    a0, a1, a2, b0, b1, b2 = c
    z1, z2, z3, z4 = z.unbind(-1)
    return torch.stack([z1, z2, math.exp(a0) * z3 + a1 * z1**2 + a2 * z2**2,
                        math.exp(b0) * z4 + b1 * z1**2 + b2 * z2**2], -1)


def poly_inverse(c, y: torch.Tensor) -> torch.Tensor:
    a0, a1, a2, b0, b1, b2 = c
    y1, y2, y3, y4 = y.unbind(-1)
    return torch.stack([y1, y2, (y3 - a1 * y1**2 - a2 * y2**2) * math.exp(-a0),
                        (y4 - b1 * y1**2 - b2 * y2**2) * math.exp(-b0)], -1)


def closed_form_logpdf(c, y: np.ndarray, plus_scale: bool = False, no_shift: bool = False) -> float:
    """The density of Problem 14.5.1 (or a mutant of it), in logs."""
    a0, a1, a2, b0, b1, b2 = c
    y1, y2, y3, y4 = y
    u3 = (y3 - (0 if no_shift else a1 * y1**2 + a2 * y2**2)) * math.exp(-a0)
    u4 = (y4 - (0 if no_shift else b1 * y1**2 + b2 * y2**2)) * math.exp(-b0)
    phi = stats.norm.logpdf
    return float(phi(y1) + phi(y2) + phi(u3) + phi(u4) + (a0 + b0 if plus_scale else -a0 - b0))


def polynomial(inst: PolynomialFlow, **mutation: bool) -> list[Check]:
    c = inst.coefs
    out = []
    for k, z in enumerate(inst.points()):
        zt = torch.tensor(z, dtype=torch.float64)
        y = poly_forward(c, zt)
        g = lambda v: poly_inverse(c, v)  # noqa: E731
        u = g(y)
        ref = float(standard_normal_logpdf(u) + torch.linalg.slogdet(jacobian(g, y))[1])
        mag = 1 + float((y**2).sum() + (u**2).sum()) * math.exp(2 * max(abs(v) for v in c))
        tol = 64 * EPS * mag  # a few roundings of each squared term, amplified by e^{|a0|}, e^{|b0|}
        out.append(close(u.numpy(), z, tol, label=f"z_{k}: f^-1(f(z)) = z", why="64 eps (1 + |y|^2 + |z|^2) e^{2 max|coef|}"))
        out.append(close(closed_form_logpdf(c, y.numpy(), **mutation), ref, tol,
                         label=f"y_{k}: closed-form log p_Y(y) = log phi(f^-1(y)) + log|det J_f^-1(y)|",
                         why="64 eps (1 + |y|^2 + |z|^2) e^{2 max|coef|}"))
    return out


POLYNOMIAL = Claim(
    id="triangular-polynomial-flow-density",
    title="Density of a triangular polynomial flow (Gaussian base)",
    statement="for z ~ N(0, I_4) and y = (z1, z2, e^{a0} z3 + a1 z1^2 + a2 z2^2, e^{b0} z4 + b1 z1^2 + b2 z2^2): "
              "p_Y(y) = phi(y1) phi(y2) phi((y3 - a1 y1^2 - a2 y2^2) e^{-a0}) phi((y4 - b1 y1^2 - b2 y2^2) e^{-b0}) "
              "e^{-a0-b0}",
    sources=[Source(ARORA, "Problem 14.5.1", ("ARORA-1065",))],
    kind="numeric",
    area="generative",
    instances=polynomial_flows(),
    conclusion=polynomial,
    proof_idea="the inverse map is explicit and triangular with diagonal (1, 1, e^{-a0}, e^{-b0}); apply "
               "the change of variables with the inverse.",
    mutants=[
        Mutant("plus-scale", "the Jacobian factor of the inverse is e^{-a0-b0}, not e^{+a0+b0}",
               conclusion=lambda i: polynomial(i, plus_scale=True), instances=polynomial_flows(shifted=True)),
        Mutant("no-shift", "the quadratic shifts must be subtracted before rescaling; dropping them gives the "
               "density of the affine part only", conclusion=lambda i: polynomial(i, no_shift=True),
               instances=polynomial_flows(shifted=True)),
    ],
    examples=20,
)
test_triangular_polynomial_flow_density = POLYNOMIAL.test()
