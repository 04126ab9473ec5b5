"""Sharpness is not invariant under reparametrizations that leave the function unchanged (Dinh et al.).

Statement.  For ``f(x) = W2 relu(W1 x)`` and ``α > 0``, ``(W1, W2) -> (α W1, W2/α)`` leaves ``f`` and
every loss of it unchanged, while the gradient blocks of the squared loss scale by ``1/α`` (``W1``)
and ``α`` (``W2``) and the Hessian blocks by ``1/α²``, ``α²`` and ``1`` (mixed); by interlacing
``λ_max(∇²L) >= max(α² λ_max(H_22), λ_max(H_11)/α²)``, so the top eigenvalue can be made as large
as one likes without changing the function.  For a linear change of variables ``θ = Mθ'`` and
``L'(θ') = L(Mθ')``: ``∇L' = Mᵀ∇L`` and ``∇²L' = Mᵀ ∇²L M`` (``J^{-T} H J^{-1}`` with ``J = M^{-1}``, exact
at every point since the map is linear); for ``θ' = cθ``, ``∇L' = ∇L/c``, ``∇²L' = ∇²L/c²``, the loss
value and the condition number are unchanged, and a non-isotropic ``M`` changes the condition number.
A loss with ``L(cW) = L(W)`` (a function of ``W/‖W‖``, as after a normalization layer) has
``∇L(cW) = ∇L(W)/c``, ``∇²L(cW) = ∇²L(W)/c²``, ``⟨∇L(W), W⟩ = 0`` and ``∇²L(W) W = -∇L(W)``.
Hence no bound ``L_test <= L_train + C √(λ_max log(1/δ)/n)`` can hold: the right side can be pushed to
``L_train`` with both risks fixed.

Sources.  Teng et al., §4.2.1 and §5.4 (TENG-74: "flat minima generalize better" is empirical; the
Dinh et al. caveat is what is checked); *The Mathematical Structure of Machine Learning*, Ch. 24,
Example 7, A.2 and B.16 (MSML-31), C.16 and App. B Thm 9.3 (MSML-251, whose table calls the gradient norm
invariant; MSML-301, the sharpness bound).

Proof idea.  ``relu(αz) = α relu(z)`` for ``α > 0``.  Differentiating ``L(α W1, W2/α)`` and
``L(Mθ')`` is the chain rule; the second derivative of a linear map vanishes, so no gradient term
appears.  The largest eigenvalue of a symmetric matrix is at least that of any principal block.
Differentiating ``L(cW) = L(W)`` in ``c`` at ``c = 1`` gives Euler's identity, and once more in ``W``
the relation ``∇²L W = -∇L``.
"""

from __future__ import annotations

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, close, ge, le
from checks.documents import MSML, TENG
from checks.sharpness import (loss_derivatives, normalized_tanh_loss, quadratic, relu_loss_derivatives, relu_net,
                             reparametrized)
from checks.strategies.sharpness import (NormalizedPoint, QuadraticPoint, Regression, ReluPoint, normalized_points,
                                         quadratic_points, regressions, relu_points)

EPS = float(np.finfo(float).eps)


# --- claim 1: the ReLU rescaling --------------------------------------------------------------------

def _derivatives(pt: ReluPoint):
    base = relu_loss_derivatives(pt.W1, pt.W2, pt.X, pt.y)
    scaled = relu_loss_derivatives(pt.alpha * pt.W1, pt.W2 / pt.alpha, pt.X, pt.y)
    return base, scaled


def _blocks(H: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return H[:k, :k], H[k:, k:], H[:k, k:]


def _tol(ops: int, *arrays: np.ndarray) -> float:
    """``32 ops eps`` times the largest entry compared (a sum of ``ops`` rounded terms each side)."""
    return 32 * ops * EPS * max(max(float(np.max(np.abs(a))) for a in arrays), np.finfo(float).tiny)


def _relu_scales(pt: ReluPoint) -> tuple[float, float, float, float, float]:
    """Sizes of the terms summed (before any cancellation) at the unscaled point: the gradient blocks
    ``2 max|r| D1``, ``2 max|r| D2`` and the Hessian blocks ``2 D1^2``, ``2 D2^2``, ``2 (D1 D2 + max|r| max|x|)``,
    with ``D1 = max|W2| max|x|`` and ``D2 = max relu(W1 x)`` the largest output derivatives."""
    Z = np.maximum(pt.X @ pt.W1.T, 0)
    r = float(np.abs(Z @ pt.W2 - pt.y).max())
    x = float(np.abs(pt.X).max())
    D1, D2 = float(np.abs(pt.W2).max()) * x, float(Z.max())
    return 2 * r * D1, 2 * r * D2, 2 * D1**2, 2 * D2**2, 2 * (D1 * D2 + r * x)


def relu_rescaling(pt: ReluPoint, h11=lambda a: a**-2, h22=lambda a: a**2, lam=True) -> list[Check]:
    (L, g, H), (La, ga, Ha) = _derivatives(pt)
    a, k = pt.alpha, pt.W1.size
    ops = pt.X.shape[0] * (pt.W1.size + pt.W2.size)
    f, fa = relu_net(pt.W1, pt.W2, pt.X), relu_net(a * pt.W1, pt.W2 / a, pt.X)
    s_g1, s_g2, s_11, s_22, s_12 = _relu_scales(pt)
    why = "32 (n p) eps times the size of the terms summed (n samples, p parameters)"
    out = [close(fa, f, _tol(ops, np.abs(pt.W2) @ np.abs(pt.W1) * np.abs(pt.X).max()), label="f unchanged", why=why),
           close(La, L, _tol(ops, np.array([L])), label="loss unchanged", why=why),
           close(ga[:k] * a, g[:k], _tol(ops, g[:k], ga[:k] * a, np.array([s_g1])), label="grad_W1 scales by 1/alpha",
                 why=why),
           close(ga[k:] / a, g[k:], _tol(ops, g[k:], ga[k:] / a, np.array([s_g2])), label="grad_W2 scales by alpha",
                 why=why)]
    B, Ba = _blocks(H, k), _blocks(Ha, k)
    for name, fac, b, ba, sc in (("H_11", h11(a), B[0], Ba[0], s_11 / a**2), ("H_22", h22(a), B[1], Ba[1], s_22 * a**2),
                                 ("H_12", 1.0, B[2], Ba[2], s_12)):
        out.append(close(ba, fac * b, _tol(ops, ba, fac * b, np.array([sc])), label=f"{name} scales by {fac:.6g}",
                         why=why))
    if lam:
        top = float(np.linalg.eigvalsh(Ha)[-1])
        floor = max(a**2 * np.linalg.eigvalsh(B[1])[-1], np.linalg.eigvalsh(B[0])[-1] / a**2)
        out.append(ge(top, floor, tol=_tol(ops * H.shape[0], Ha, a**2 * B[1], B[0] / a**2),
                      label="lambda_max(H_alpha) >= max(alpha^2 lambda_max(H_22), lambda_max(H_11)/alpha^2)",
                      why="32 n p^2 eps max|entry| (eigensolver backward error included)"))
    return out


def sharpness_invariant(pt: ReluPoint) -> Check:
    (_, _, H), (_, _, Ha) = _derivatives(pt)
    ops = pt.X.shape[0] * (pt.W1.size + pt.W2.size) * H.shape[0]
    return close(np.linalg.eigvalsh(Ha)[-1], np.linalg.eigvalsh(H)[-1], _tol(ops, H, Ha),
                 label="lambda_max(H) invariant under the rescaling", why="32 n p^2 eps max|entry|")


def trace_invariant(pt: ReluPoint) -> Check:
    (_, _, H), (_, _, Ha) = _derivatives(pt)
    ops = pt.X.shape[0] * (pt.W1.size + pt.W2.size) * H.shape[0]
    return close(np.trace(Ha), np.trace(H), _tol(ops, H, Ha), label="tr H invariant under the rescaling",
                 why="32 n p^2 eps max|entry|")


RELU = Claim(
    id="relu-rescaling-sharpness",
    title="ReLU rescaling: the function is fixed, the gradient and Hessian blocks scale",
    statement="for f(x) = W2 relu(W1 x) and alpha > 0, (W1, W2) -> (alpha W1, W2/alpha) leaves f and the squared "
              "loss unchanged, scales grad_W1 by 1/alpha and grad_W2 by alpha, the Hessian blocks H_11 by "
              "1/alpha^2, H_22 by alpha^2, H_12 by 1, and lambda_max(H) >= max(alpha^2 lambda_max(H_22), "
              "lambda_max(H_11)/alpha^2), unbounded in alpha",
    sources=[Source(TENG, "§4.2.1, §5.4 (the Dinh et al. caveat to 'flat minima generalize better')", ("TENG-74",)),
             Source(MSML, "Ch. 24, Example 7, A.2, A.16 (rescaling symmetries)", ("MSML-31",)),
             Source(MSML, "Ch. 24, C.16 and App. B Def. 9.2 (the ReLU block scalings)", ("MSML-251",))],
    kind="numeric",
    area="generalization",
    instances=relu_points(),
    conclusion=relu_rescaling,
    proof_idea="relu(alpha z) = alpha relu(z), so L(alpha A, b/alpha) = L(A, b) for all (A, b); differentiate "
               "with the chain rule at (A, b) = (W1, W2); Cauchy interlacing bounds "
               "lambda_max by the top eigenvalue of each diagonal block.",
    mutants=[
        Mutant("sharpness-invariant", "lambda_max(H_alpha) >= alpha^2 lambda_max(H_22) grows with alpha",
               conclusion=sharpness_invariant, instances=relu_points((-4, -3, 3, 4), general=False)),
        Mutant("trace-invariant", "tr H_alpha = tr H_11/alpha^2 + alpha^2 tr H_22 changes with alpha",
               conclusion=trace_invariant, instances=relu_points((-4, -3, 3, 4), general=False)),
        Mutant("h11-scales-up", "the W1 block scales by 1/alpha^2, not alpha^2",
               conclusion=lambda pt: relu_rescaling(pt, h11=lambda a: a**2, lam=False)),
    ],
    examples=30,
)
test_relu_rescaling_sharpness = RELU.test()


# --- claim 2: linear changes of variables, and the printed gradient-norm invariance -------------------

def _quad(pt: QuadraticPoint, M: np.ndarray):
    L = quadratic(pt.H, pt.b)
    theta_p = np.linalg.solve(M, pt.theta)
    return loss_derivatives(L, pt.theta), loss_derivatives(reparametrized(L, M), theta_p)


def _qtol(pt: QuadraticPoint, M: np.ndarray) -> tuple[float, float]:
    """Gradient and Hessian tolerances: 32 p eps times the size of the products formed,
    |M| p (p |H| |M| |theta'| + |b|) and p^2 |M|^2 |H| (max entries)."""
    p = len(pt.b)
    m, h = float(np.abs(M).max()), float(np.abs(pt.H).max())
    th = float(np.abs(np.linalg.solve(M, pt.theta)).max())
    return (32 * p * EPS * m * p * (p * h * m * p * th + float(np.abs(pt.b).max()) + h * p * np.abs(pt.theta).max()),
            32 * p * EPS * p * p * m * m * h)


def _cond(H: np.ndarray) -> float:
    w = np.linalg.eigvalsh(H)
    return float(w[-1] / w[0])


def linear_reparametrization(pt: QuadraticPoint, hess_power: int = -2) -> list[Check]:
    c, p = pt.c, len(pt.b)
    S = np.eye(p) / c  # theta = S theta', theta' = c theta
    (L, g, H), (Ls, gs, Hs) = _quad(pt, S)
    gt, ht = _qtol(pt, S)
    (_, gm, _), (_, gM, HM) = _quad(pt, pt.M)
    gtM, htM = _qtol(pt, pt.M)
    k = _cond(H)
    why = "32 p eps times the products formed (see _qtol)"
    return [close(Ls, L, 32 * p * EPS * (abs(L) + np.abs(pt.H).max() * np.abs(pt.theta).sum() ** 2
                                         + np.abs(pt.b).max() * np.abs(pt.theta).sum()), label="loss value unchanged",
                  why="32 p eps (|L| + |H| |theta|_1^2 + |b| |theta|_1)"),
            close(gs, g / c, gt, label="grad L' = grad L / c", why=why),
            close(Hs, H * float(c) ** hess_power, ht, label=f"hess L' = hess L * c^{hess_power}", why=why),
            close(_cond(Hs), k, 16 * p * EPS * k * k, label="condition number unchanged by theta' = c theta",
                  why="eigenvalue errors p eps lambda_max: relative error 2 p eps cond, times 8"),
            close(gM, pt.M.T @ gm, gtM, label="grad L' = M^T grad L", why=why),
            close(HM, pt.M.T @ H @ pt.M, htM, label="hess L' = M^T (hess L) M", why=why)]


def cond_invariant_general(pt: QuadraticPoint) -> Check:
    (_, _, H), (_, _, HM) = _quad(pt, pt.M)
    k = _cond(H)
    return close(_cond(HM), k, 16 * len(pt.b) * EPS * max(k, _cond(HM)) ** 2,
                 label="condition number unchanged by theta = M theta'", why="2 p eps cond^2, times 8")


LINEAR = Claim(
    id="linear-reparametrization-derivatives",
    title="Gradient and Hessian under a linear change of variables",
    statement="for theta = M theta' and L'(theta') = L(M theta'): L' has the same values, grad L' = M^T grad L and "
              "hess L' = M^T (hess L) M at corresponding points (J^{-T} H J^{-1} with J = M^{-1}, exact at every "
              "point for a linear map); for theta' = c theta: grad L' = grad L / c, hess L' = hess L / c^2 and the "
              "condition number is unchanged",
    sources=[Source(MSML, "Ch. 24, C.16 comments (how H and grad transform)", ("MSML-251",)),
             Source(MSML, "Ch. 24, A.2 (H_phi = J^{-T} H_theta J^{-1}; printed with '≈', exact here)", ("MSML-31",))],
    kind="numeric",
    area="generalization",
    instances=quadratic_points(),
    conclusion=linear_reparametrization,
    proof_idea="Chain rule: d/dtheta' L(M theta') = M^T grad L; differentiating again gives M^T H M, with no "
               "gradient term because the map has no second derivative; a scalar multiple of H has the same "
               "condition number.",
    mutants=[
        Mutant("hessian-scales-c2", "with theta' = c theta the curvature scales by 1/c^2, not c^2",
               conclusion=lambda pt: linear_reparametrization(pt, hess_power=2)[2]),
        Mutant("cond-invariant", "a non-isotropic diagonal M rescales directions unequally and changes the "
               "condition number", conclusion=cond_invariant_general, instances=quadratic_points(("diagonal",))),
    ],
    examples=30,
)
test_linear_reparametrization_derivatives = LINEAR.test()


def gradient_norm_as_printed(pt: QuadraticPoint) -> Check:
    p = len(pt.b)
    (_, g, _), (_, gs, _) = _quad(pt, np.eye(p) / pt.c)
    gt, _ = _qtol(pt, np.eye(p) / pt.c)
    return close(np.linalg.norm(gs), np.linalg.norm(g), np.sqrt(p) * gt + 32 * p * EPS * np.linalg.norm(g),
                 label="||grad L'|| = ||grad L|| (as printed: 'function sensitivity' invariant)",
                 why="sqrt(p) times the gradient tolerance plus the rounding of the norm")


GRAD_AUDIT = Claim(
    id="gradient-norm-invariance",
    title="Audit: the gradient norm listed as reparametrization-invariant",
    statement="as printed (C.16 table, 'gradient norm is invariant (same function)'): under theta' = c theta, "
              "||grad_{theta'} L'|| = ||grad_theta L||",
    sources=[Source(MSML, "Ch. 24, C.16 table and code comment", ("MSML-251",))],
    kind="numeric",
    area="generalization",
    instances=quadratic_points(),
    conclusion=gradient_norm_as_printed,
    proof_idea="grad L' = grad L / c.",
    audit=True,
    corrected="linear-reparametrization-derivatives",
    finding="the gradient norm scales by 1/c: ||grad_{theta'} L'|| = ||grad_theta L|| / c (any point with a nonzero "
            "gradient and c != 1 refutes the table); only the loss value, and for scalar c the condition number, "
            "are invariant",
    examples=20,
)
test_gradient_norm_invariance = GRAD_AUDIT.test()


# --- claim 3: a scale-invariant loss (normalization layers) -------------------------------------------

def _normalized(pt: NormalizedPoint):
    L = normalized_tanh_loss(pt.v, pt.X, pt.y)
    w = pt.W.ravel()
    return w, loss_derivatives(L, w), loss_derivatives(L, pt.c * w)


def _term_scale(pt: NormalizedPoint) -> float:
    """A bound on the size of the terms summed in the derivatives (before the cancellation that makes
    ``grad L`` orthogonal to ``W``): ``S = 2 (max|r| + sum|v|) sum|v| (1 + max_i ||x_i||_1)^2``, of
    order ``S/||W||`` for the gradient and ``S/||W||^2`` for the Hessian."""
    r = np.tanh(pt.X @ pt.W.T / np.linalg.norm(pt.W)) @ pt.v - pt.y
    sv = float(np.abs(pt.v).sum())
    return 2 * (float(np.abs(r).max()) + sv) * sv * (1 + float(np.abs(pt.X).sum(axis=1).max())) ** 2


def scale_invariance(pt: NormalizedPoint, power: int = -2) -> list[Check]:
    w, (L, g, H), (Lc, gc, Hc) = _normalized(pt)
    c, ops, p = pt.c, pt.X.shape[0] * w.size * 4, w.size
    S, nw = _term_scale(pt), float(np.linalg.norm(w))
    unit = 32 * ops * EPS  # relative rounding of a sum of `ops` products, times 32
    tol_g = unit * max(S / nw, float(np.abs(g).max()))
    tol_h1 = unit * max(S / nw**2, float(np.abs(H).max()))
    tol_h = unit * max(float(np.abs(Hc).max()), float(np.abs(H).max()) * c**power, S / nw**2 * max(c**-2, c**power))
    why = "32 (4 n p) eps times the size of the terms summed, S/||W|| (gradient) and S/||W||^2 (Hessian)"
    return [close(Lc, L, unit * S, label="L(cW) = L(W)", why="32 (4 n p) eps S"),
            close(gc * c, g, tol_g, label="grad L(cW) = grad L(W) / c", why=why),
            close(Hc, H * c**power, tol_h, label=f"hess L(cW) = hess L(W) * c^{power}", why=why),
            close(float(g @ w), 0.0, p * float(np.abs(w).max()) * tol_g, label="<grad L(W), W> = 0 (Euler)",
                  why="p max|W| times the gradient tolerance"),
            close(H @ w, -g, p * float(np.abs(w).max()) * tol_h1 + tol_g, label="hess L(W) W = -grad L(W)",
                  why="p max|W| times the Hessian tolerance, plus the gradient tolerance")]


SCALE_INVARIANT = Claim(
    id="scale-invariant-loss-curvature",
    title="A scale-invariant loss: curvature falls as 1/c^2 along the scaling orbit",
    statement="if L(cW) = L(W) for all c > 0 (e.g. a loss of W/||W||, as after a normalization layer), then "
              "grad L(cW) = grad L(W)/c, hess L(cW) = hess L(W)/c^2, <grad L(W), W> = 0 and hess L(W) W = -grad L(W)",
    sources=[Source(MSML, "Ch. 24, B.16 (BN-type scale invariance: H(cW) = H(W)/c^2)", ("MSML-31",))],
    kind="numeric",
    area="generalization",
    instances=normalized_points(),
    conclusion=scale_invariance,
    proof_idea="Differentiate L(cW) = L(W) in W (chain rule, once and twice) and in c at c = 1 (Euler's identity "
               "for degree-0 homogeneity); differentiating <grad L(W), W> = 0 in W gives H W + grad L = 0.",
    mutants=[
        Mutant("hessian-invariant", "the function is constant along the orbit but its curvature scales by 1/c^2",
               conclusion=lambda pt: scale_invariance(pt, power=0)[2]),
        Mutant("hessian-scales-up", "the curvature falls, not grows, as the weights grow",
               conclusion=lambda pt: scale_invariance(pt, power=2)[2]),
    ],
    examples=30,
)
test_scale_invariant_loss_curvature = SCALE_INVARIANT.test()


# --- claim 4 (audit): a generalization bound in terms of lambda_max ---------------------------------------

def sharpness_bound_as_printed(r: Regression) -> Check:
    n = r.X.shape[0]
    w_hat = np.linalg.pinv(r.X) @ r.y  # min-norm interpolant: train loss 0 up to rounding
    v = w_hat / r.c  # the same function f(x) = c v^T x
    train = float(np.mean((r.c * r.X @ v - r.y) ** 2))
    test = float(np.sum((w_hat - r.w_star) ** 2) + r.sigma**2)  # E (c v^T x - w*^T x - sigma eps)^2, x ~ N(0, I)
    S = 2 * r.c**2 * float(np.linalg.eigvalsh(r.X.T @ r.X)[-1]) / n  # lambda_max of the Hessian in v
    return le(test, train + r.C * np.sqrt(S * np.log(1 / r.delta) / n),
              label="L_test <= L_train + C sqrt(lambda_max log(1/delta)/n) (as printed)")


SHARPNESS_AUDIT = Claim(
    id="sharpness-generalization-bound",
    title="Audit: 'L_test <= L_train + O(sqrt(S log(1/delta)/n))' with S = lambda_max of the loss Hessian",
    statement="as printed: with probability >= 1 - delta, L_test <= L_train + C sqrt(S log(1/delta)/n), S the top "
              "Hessian eigenvalue of the training loss (here checked for C up to 1000)",
    sources=[Source(MSML, "Ch. 24, line 1541 and App. B Thm 9.3 (flatness-generalization connection)", ("MSML-301",))],
    kind="numeric",
    area="generalization",
    instances=regressions(),
    conclusion=sharpness_bound_as_printed,
    proof_idea="Parametrize f(x) = c v^T x: the Hessian in v is (2c^2/n) X^T X, while the function and both "
               "risks do not depend on c.",
    audit=True,
    corrected="relu-rescaling-sharpness",
    finding="S is not a function of the predictor: writing the same interpolating least-squares fit as "
            "f(x) = c v^T x gives S = 2c^2 lambda_max(X^T X)/n -> 0 as c -> 0, while L_train = 0 and "
            "L_test = ||w_hat - w*||^2 + sigma^2 >= sigma^2 stay fixed; for a fixed small c this happens on every "
            "sample with lambda_max(X^T X) bounded, i.e. with probability near 1, not <= delta. A bound must use a "
            "scale-aware quantity (e.g. a KL term with a prior of matched scale, or ||theta||^2 lambda_max)",
    examples=30,
)
test_sharpness_generalization_bound = SHARPNESS_AUDIT.test()
