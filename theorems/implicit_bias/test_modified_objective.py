"""Implicit regularization as a modified objective; SGD's mean; path norms; descent on the
interpolation manifold.

Statement.
- Backward error analysis (Barrett & Dherin 2021): one GD step ``θ - h∇L(θ)`` and the time-``h`` flow
  of ``L̃ = L + (h/4)||∇L||^2`` agree up to ``O(h^3)``: their Taylor coefficients in ``h`` of orders 0, 1, 2
  coincide as polynomials in ``θ`` for every polynomial ``L`` (and the order-3 ones do not).  On a
  convex quadratic ``L = ½(θ-θ*)ᵀH(θ-θ*)`` with ``x_i = hλ_i ∈ [0, 1)`` this is explicit: in the eigenbasis,
  ``0 <= e^{-x-x^2/2} - (1-x) <= x^3/3`` per step, so after ``k`` steps every component satisfies
  ``|θ_k - φ̃_{kh}(θ0)|_i <= k (x_i^3/3) |θ0 - θ*|_i``, while plain gradient flow is off by ``~ x^2/2``.
  GD is exactly the flow of the quadratic with Hessian ``-log(I - hH)/h = H + (h/2)H^2 + (h^2/3)H^3 + ⋯``,
  whose first correction is the Hessian of ``(h/4)||∇L||^2``.
- SGD on least squares: for iid uniform minibatches, ``E θ_k^SGD = θ_k^GD`` exactly, at every step, for every
  gradient-noise level.  The printed "SGD ≈ GD + implicit L2 proportional to noise variance" is false
  (audit): the mean is not shrunk at all, and the SGD-specific term of the modified loss,
  ``(h/4)E||∇L_B - ∇L||^2``, is a data-dependent gradient-variance penalty, not ``c||θ||^2``.
- Path norms of a bias-free ReLU net: ``φ_1 = 1ᵀ|W_L|⋯|W_1|1`` and ``φ_2^2 = 1ᵀ(W_L∘W_L)⋯(W_1∘W_1)1`` are
  invariant under positive per-neuron rescalings (which preserve the function), and
  ``|f(x) - f(y)| <= φ_1 ||x - y||_∞``, with equality for positive weights along ``1``.  The printed
  ``P(f) = Σ_l ||W_l||_F / Π_{k≠l} ||W_k||_F`` changes under such rescalings, so it is not a function of
  ``f`` (audit).
- Simplicity bias (proxy): descending ``Ω(w) = ½||w||^2`` along the interpolation manifold
  ``{w : Xw = y}`` keeps interpolating and moves a "memorizing" interpolant ``w0`` to the least-``Ω``
  interpolant ``w* = X⁺y``: ``Ω(w_k) - Ω(w*) = (1-η)^{2k}(Ω(w0) - Ω(w*))``.

Sources.  *The Mathematical Structure of Machine Learning*, Ch. 24: implicit regularization ("GD implicitly
solves a regularized objective"; App. C "SGD ≈ GD + implicit L2", MSML-281) and the path-norm paragraph
(MSML-300); Zhao, *From Approximation to Emergence*, Prop. 19.9 (ZHAO-163).  Primary literature: Barrett &
Dherin, "Implicit gradient regularization", ICLR 2021; Smith, Dherin, Barrett & De, "On the origin of implicit
regularization in SGD", ICLR 2021; Neyshabur, Tomioka & Srebro, "Norm-based capacity control", COLT 2015.

Proof ideas.  Lie series: the time-``h`` flow of ``F = F_0 + hF_1`` is ``θ + hF_0 + h^2(F_1 + ½DF_0·F_0) + O(h^3)``;
with ``F_0 = -∇L`` and ``F_1 = -½∇²L∇L`` the ``h^2`` term cancels.  For the quadratic, ``f(x) = e^{-x-x^2/2} - 1 + x``
has ``f(0) = f'(0) = 0``, ``f' >= 0`` and ``f'(x) <= x^2`` because ``log(1-x) <= -x - x^2/2``; then
``|a^k - b^k| <= k|a - b|`` for ``a, b ∈ [0, 1]``.  SGD: the least-squares gradient is affine in ``θ`` and the
minibatch gradient is unbiased, so ``E θ_{k+1} = E θ_k - h∇L(E θ_k)``.  Path norms: rescaling multiplies the
weights along a path by ``c_j`` and ``1/c_j``; the Lipschitz bound follows from ``|ReLU(a) - ReLU(b)| <= |a - b|``
layer by layer with ``|W|``.  Manifold descent: ``w_k - w* = (1-η)^k (w0 - w*)`` lies in ``null(X) ⊥ w*``.

Tolerances (``eps = 2^-52``): the quadratic claim compares a computed GD iterate with a flow evaluated
through ``eigh``; each GD step is rounded by at most ``(d+3) eps`` times the iterate sizes, propagated by
``||I - hH|| <= 1``, and the eigendecomposition's backward error ``4 d eps ||H||`` moves the flow by at most
``2 k h`` times that (the exponent's derivative in ``λ`` is at most ``2kh`` for ``hλ < 1``), so all
components are within ``8 (k + 2)(d + 3) eps (max_j ||θ_j|| + ||θ*|| + ||θ0 - θ*||)``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from checks.claim import Check, Claim, Mutant, Source, close, equal, holds, le
from checks.documents import MSML, ZHAO
from checks.dropout import (batch_gradient, flow_taylor_coefficients, gd_iterates, interpolation_manifold,
                            least_squares_noise_quadratic, manifold_descent, minibatch_gradient_variance,
                            modified_field, network_output, path_norm_l1, path_norm_l2_squared,
                            quadratic_gd, quadratic_modified_flow, rescale_neurons, sgd_means)
from checks.linalg import EPS
from checks.strategies.dropout import (STEP, THETA, ManifoldCase, PathNormCase, PolynomialLoss, QuadraticCase,
                                       SGDCase, manifold_cases, path_norm_cases, polynomial_losses,
                                       quadratic_cases, sgd_cases)

IMPLICIT = "implicit regularization ('GD implicitly solves a regularized objective') and App. C equivalences"


def _max_abs(a: np.ndarray) -> Fraction:
    return max((abs(Fraction(v)) for v in np.asarray(a, dtype=object).reshape(-1)), default=Fraction(0))


# --- backward error analysis: exact Taylor coefficients ------------------------------------------------

def taylor_checks(c: PolynomialLoss, coefficient: Fraction = Fraction(1, 4), order: int = 2,
                  l2: bool = False) -> list[Check]:
    gens = (*THETA, STEP)
    L = sp.Poly(c.expr, *gens)
    field = modified_field(L, THETA, STEP, coefficient)
    if l2:  # the flow of L + (h/4)||θ||^2 instead
        field = [-L.diff(t) - sp.Rational(1, 2) * sp.Poly(STEP * t, *gens) for t in THETA]
    coeffs = flow_taylor_coefficients(field, THETA, STEP, order)
    gd = [[sp.Poly(t, *gens) for t in THETA], [-L.diff(t) for t in THETA]] + [[sp.Poly(0, *gens)] * 2] * (order - 1)
    return [equal((coeffs[k][i] - gd[k][i]).as_expr(), sp.Integer(0),
                  label=f"coefficient of h^{k} in (flow of L̃ for time h) - (θ - h∇L), component {i + 1}, ≡ 0")
            for k in range(order + 1) for i in range(2)]


TAYLOR = Claim(
    id="gd-modified-equation-taylor",
    title="One GD step is the time-h flow of L + (h/4)||∇L||^2 up to O(h^3) (Taylor coefficients)",
    statement="for every polynomial loss L: the time-h gradient flow of L̃ = L + (h/4)||∇L||^2 started at θ and the "
              "GD step θ - h∇L(θ) have the same Taylor coefficients of h^0, h^1 and h^2, identically in θ",
    sources=[Source(MSML, IMPLICIT + " (precise form: implicit gradient regularization)", ("MSML-281",))],
    kind="exact",
    area="implicit-bias",
    instances=polynomial_losses(),
    conclusion=taylor_checks,
    proof_idea="φ_h = θ + hF + (h^2/2)DF·F + O(h^3) for a field F = -∇L - (h/2)∇²L∇L; the h^2 coefficient is "
               "-(1/2)∇²L∇L + (1/2)∇²L∇L = 0.  Computed exactly as a Lie series in SymPy polynomials.",
    mutants=[
        Mutant("coefficient-h-over-2", "with L + (h/2)||∇L||^2 the h^2 coefficient is -(1/2)∇²L∇L ≠ 0",
               conclusion=lambda c: taylor_checks(c, coefficient=Fraction(1, 2))),
        Mutant("plain-gradient-flow", "the flow of L itself deviates from GD at order h^2 by (1/2)∇²L∇L",
               conclusion=lambda c: taylor_checks(c, coefficient=Fraction(0))),
        Mutant("implicit-l2-penalty", "L + (h/4)||θ||^2 has h^2 coefficient (1/2)∇²L∇L - θ/2, not 0 in general",
               conclusion=lambda c: taylor_checks(c, l2=True)),
        Mutant("agreement-to-order-three", "the modified flow and GD differ at order h^3 (e.g. by (h^3/3)H^3(θ-θ*) "
                                           "on a quadratic)",
               conclusion=lambda c: taylor_checks(c, order=3)),
    ],
    examples=25,
)
test_gd_modified_equation_taylor = TAYLOR.test()


# --- backward error analysis: an explicit bound on quadratics ---------------------------------------

def _eigen(c: QuadraticCase, theta: np.ndarray) -> np.ndarray:
    return c.Q.T @ (theta - c.theta_star)


def _l2_flow(c: QuadraticCase, t: float) -> np.ndarray:
    """The flow of ``L + μ||θ||^2/2`` with ``μ = (h/2) λ_max^2`` (an isotropic L2 penalty as strong as the
    modification in the top direction), in closed form in the eigenbasis of ``H``."""
    lam = c.lam
    mu = c.h / 2 * float(np.max(np.abs(lam))) ** 2
    star = c.Q.T @ c.theta_star
    fixed = lam / (lam + mu) * star
    z0 = c.Q.T @ c.theta0
    return c.Q @ (fixed + np.exp(-t * (lam + mu)) * (z0 - fixed))


def quadratic_checks(c: QuadraticCase, coefficient: float = 0.25, flow=None) -> list[Check]:
    H, k, h = c.H, c.steps, c.h
    d = c.lam.size
    traj = quadratic_gd(H, c.theta_star, c.theta0, h, k)
    target = (quadratic_modified_flow(H, c.theta_star, c.theta0, h, k * h, coefficient) if flow is None
              else flow(c, k * h))
    x = h * c.lam
    e0 = _eigen(c, c.theta0)
    tol = 8 * (k + 2) * (d + 3) * EPS * (float(np.max(np.linalg.norm(traj, axis=1)))
                                         + float(np.linalg.norm(c.theta_star)) + float(np.linalg.norm(e0)))
    diff = np.abs(_eigen(c, traj[-1]) - _eigen(c, target))
    bound = k * np.abs(x) ** 3 / 3 * np.abs(e0)
    checks = [le(float(diff[i]), float(bound[i]), tol,
                 label=f"|θ_k^GD - φ̃_kh(θ0)| <= k (hλ_i)^3/3 |θ0 - θ*| in eigendirection {i + 1}",
                 why="8 (k+2)(d+3) eps (max ||θ_j|| + ||θ*|| + ||θ0 - θ*||)") for i in range(d)]
    with np.errstate(divide="ignore", invalid="ignore"):
        exact = c.theta_star + c.Q @ (np.exp(k * np.log1p(-x)) * e0)
    checks.append(close(traj[-1], exact, tol, label="GD = time-kh flow of the quadratic with Hessian -log(I - hH)/h",
                        why="same rounding bound"))
    return checks


QUADRATIC = Claim(
    id="gd-modified-flow-quadratic-bound",
    title="On a convex quadratic, GD tracks the flow of L + (h/4)||∇L||^2 within k (hλ)^3/3 per direction",
    statement="for L = ½(θ-θ*)ᵀH(θ-θ*), H ⪰ 0, step h with hλ_max < 1 and k steps: in each eigendirection of H, "
              "|θ_k^GD - φ̃_{kh}(θ0)| <= k (hλ_i)^3/3 |θ0 - θ*|, where φ̃ is the gradient flow of L + (h/4)||∇L||^2; "
              "and θ_k^GD is exactly the time-kh flow of the quadratic with Hessian -log(I - hH)/h",
    sources=[Source(MSML, IMPLICIT + " (finite form of the O(h^2)-per-unit-time statement)", ("MSML-281",))],
    kind="proxy",
    proxy="the explicit bound k (hλ)^3/3 per direction at every step count k stands for 'GD follows the modified "
          "flow up to O(h^3) per step (O(h^2) over a fixed time kh)' as h -> 0; the one-step, small-hλ instances "
          "come within 1% of the bound, and the plain gradient flow violates it (its error is about (hλ)^2/2)",
    area="implicit-bias",
    instances=quadratic_cases(),
    conclusion=quadratic_checks,
    proof_idea="Per direction GD multiplies by 1 - x and the modified flow by e^{-x-x^2/2} (x = hλ).  f(x) = "
               "e^{-x-x^2/2} - (1 - x) has f(0) = f'(0) = 0 and 0 <= f'(x) <= x^2 on [0, 1) since "
               "log(1 - x) <= -x - x^2/2; so 0 <= f <= x^3/3, and a^k - b^k = (a - b)Σ a^j b^{k-1-j} with a, b ∈ [0, 1].",
    mutants=[
        Mutant("coefficient-h-over-2", "L + (h/2)||∇L||^2 gives the factor e^{-x-x^2}, off by about x^2/2 per step",
               conclusion=lambda c: quadratic_checks(c, coefficient=0.5)),
        Mutant("plain-gradient-flow", "e^{-x} - (1 - x) >= x^2/2 - x^3/6 > x^3/3 for 0 < x < 1",
               conclusion=lambda c: quadratic_checks(c, coefficient=0.0)),
        Mutant("implicit-l2-penalty", "an isotropic penalty (h/4)λ_max^2||θ||^2 shrinks toward 0 instead of θ* and "
                                      "overdamps the low-curvature directions",
               conclusion=lambda c: quadratic_checks(c, flow=_l2_flow)),
        Mutant("negative-curvature", "for hλ < 0 the GD factor 1 - x exceeds e^{-x-x^2/2} by more than |x|^3/3 "
                                     "and the gap compounds over steps",
               instances=quadratic_cases(negative=True)),
    ],
    examples=60,
)
test_gd_modified_flow_quadratic_bound = QUADRATIC.test()


# --- SGD on least squares: the mean is GD ------------------------------------------------------------

def sgd_checks(c: SGDCase) -> list[Check]:
    n = c.X.shape[0]
    means = sgd_means(c.grad, n, c.theta0, c.h, c.batch, c.steps)
    gd = gd_iterates(c.grad, n, c.theta0, c.h, c.steps)
    return [equal(_max_abs(means[j] - gd[j]), 0, label=f"E θ_{j}^SGD = θ_{j}^GD (all batch sequences)")
            for j in range(1, c.steps + 1)]


def _shrunk_mean(c: SGDCase) -> Check:
    n = c.X.shape[0]
    mean = sgd_means(c.grad, n, c.theta0, c.h, c.batch, 1)[1]
    var = minibatch_gradient_variance(c.grad, n, c.theta0, c.batch)
    ridge = c.theta0 - c.h * (batch_gradient(c.grad, range(n), c.theta0) + var * c.theta0)
    return equal(_max_abs(mean - ridge), 0, label="E θ_1^SGD = θ0 - h(∇L(θ0) + σ²(θ0) θ0) (a GD step on L + σ²||θ||²/2)")


SGD_MEAN = Claim(
    id="sgd-mean-equals-gd-least-squares",
    title="On least squares, the mean SGD iterate is exactly the GD iterate",
    statement="for L(θ) = (1/n)Σ_i ½(x_iᵀθ - y_i)^2 and SGD with iid uniformly drawn minibatches of any size b < n: "
              "E θ_k^SGD = θ_k^GD for every k, whatever the gradient-noise variance",
    sources=[Source(MSML, IMPLICIT + " (corrected: no L2 shrinkage of the mean)", ("MSML-281",))],
    kind="exact",
    area="implicit-bias",
    instances=sgd_cases(),
    conclusion=sgd_checks,
    proof_idea="∇L_B(θ) = H_Bθ - b_B is affine in θ with E H_B = H, E b_B = b and B independent of θ_k, so "
               "E θ_{k+1} = E θ_k - h(H E θ_k - b): the GD recursion.  Checked by summing over all C(n,b)^k batch "
               "sequences.",
    mutants=[
        Mutant("non-quadratic-loss", "for a non-affine gradient E ∇L_B(θ_k) ≠ ∇L(E θ_k) once θ_k is random (k >= 2)",
               instances=sgd_cases(quartic=True)),
        Mutant("noise-proportional-shrinkage", "the mean step has no σ²θ term: unbiased gradients give exactly the GD step",
               conclusion=_shrunk_mean),
    ],
    examples=30,
)
test_sgd_mean_equals_gd_least_squares = SGD_MEAN.test()


def sgd_l2_as_printed(c: SGDCase) -> list[Check]:
    n, d = c.X.shape
    var = minibatch_gradient_variance(c.grad, n, c.theta0, c.batch)
    gap = (c.theta0 - c.h * batch_gradient(c.grad, range(n), c.theta0)) - sgd_means(c.grad, n, c.theta0, c.h, c.batch, 1)[1]
    mu = (gap @ c.theta0) / (2 * c.h * (c.theta0 @ c.theta0))   # gap = 2hμθ0 under the printed reading
    shrinks = var == 0 or (mu > 0 and _max_abs(gap - 2 * c.h * mu * c.theta0) == 0)
    A, beta, _ = least_squares_noise_quadratic(c.X, c.y, c.batch)
    iso = np.trace(A) / d
    return [holds(shrinks, label="(as printed, mean reading) E θ_1^SGD is a GD step on L + μ||θ||^2 with μ ∝ σ^2 > 0",
                  detail=f"σ^2(θ0) = {var}, implied μ = {mu}"),
            equal(_max_abs(beta) + _max_abs(A - iso * np.eye(d, dtype=int)), 0,
                  label="(as printed, modified-loss reading) the SGD term σ^2(θ) = θᵀAθ - 2βᵀθ + γ is an L2 penalty "
                        "(A ∝ I, β = 0)")]


SGD_AUDIT = Claim(
    id="sgd-implicit-l2-as-printed",
    title="As printed: SGD ≈ GD + an implicit L2 penalty proportional to the noise variance",
    statement="(as printed) SGD behaves like GD on L + c σ^2 ||θ||^2 with c > 0, σ^2 the gradient-noise variance",
    sources=[Source(MSML, "App. C, 'Equivalences: SGD ≈ GD + implicit L2 proportional to noise variance'",
                    ("MSML-281",))],
    kind="exact",
    area="implicit-bias",
    instances=sgd_cases(),
    conclusion=sgd_l2_as_printed,
    proof_idea="Two readings, both refuted exactly on least squares: the mean step is the GD step (unbiased "
               "gradients, no shrinkage), and the SGD-specific modified-loss term (h/4)E||∇L_B - ∇L||^2 "
               "(Smith et al. 2021) is the quadratic θᵀE(H_B - H)^2θ - 2θᵀE(H_B - H)(b_B - b) + const, which is "
               "neither isotropic nor centred at 0.",
    audit=True,
    corrected="sgd-mean-equals-gd-least-squares",
    finding="false as an equivalence: on least squares E θ_k^SGD equals the GD iterate exactly for every noise level "
            "(the implied L2 strength is 0), and the term SGD adds to GD's modified loss L + (h/4)||∇L||^2 is the "
            "gradient-variance penalty (h/4)E||∇L_B - ∇L||^2, a data-dependent quadratic, not c||θ||^2. "
            "(The printed line is an informal summary; both readings above are its definite forms.)",
    examples=30,
)
test_sgd_implicit_l2_as_printed = SGD_AUDIT.test()


# --- path norms (MSML-300) ------------------------------------------------------------------------------

def _f(ws, x) -> Fraction:
    return network_output(ws, x, "relu")[0]


def _frobenius_product(ws) -> Fraction:
    out = Fraction(1)
    for W in ws:
        out *= (W * W).sum()
    return out


def path_checks(c: PathNormCase, l2_lipschitz: bool = False, frobenius: bool = False) -> list[Check]:
    ws = c.weights
    ws2 = rescale_neurons(ws, c.scalings)
    gap = abs(_f(ws, c.x) - _f(ws, c.y))
    dist = max(abs(v) for v in c.x - c.y)
    checks = [equal(_f(ws2, c.x), _f(ws, c.x), label="the rescaled net computes the same f(x)"),
              equal(_f(ws2, c.y), _f(ws, c.y), label="the rescaled net computes the same f(y)"),
              equal(path_norm_l1(ws2), path_norm_l1(ws), label="φ_1 = 1ᵀ|W_L|⋯|W_1|1 is rescaling-invariant"),
              equal(path_norm_l2_squared(ws2), path_norm_l2_squared(ws), label="φ_2^2 is rescaling-invariant")]
    if frobenius:
        checks.append(equal(_frobenius_product(ws2), _frobenius_product(ws),
                            label="Π_l ||W_l||_F^2 is invariant under neuron rescaling"))
    if l2_lipschitz:
        checks.append(le(gap ** 2, path_norm_l2_squared(ws) * dist ** 2, label="|f(x) - f(y)| <= φ_2 ||x - y||_∞"))
    else:
        checks.append(le(gap, path_norm_l1(ws) * dist, label="|f(x) - f(y)| <= φ_1 ||x - y||_∞"))
    return checks


PATH = Claim(
    id="path-norm-rescaling-invariance-lipschitz",
    title="ℓ1/ℓ2 path norms are rescaling-invariant and φ_1 bounds the ℓ∞-Lipschitz constant of a ReLU net",
    statement="for a bias-free ReLU net f(x) = W_L ReLU(⋯ReLU(W_1 x)) with scalar output and positive diagonal D_l on "
              "the hidden layers, (D_1W_1, D_2W_2D_1^{-1}, …) computes the same f and has the same "
              "φ_1 = 1ᵀ|W_L|⋯|W_1|1 and φ_2^2 = 1ᵀ(W_L∘W_L)⋯(W_1∘W_1)1; and |f(x) - f(y)| <= φ_1 ||x - y||_∞",
    sources=[Source(MSML, "implicit-regularization paragraph on path norms (corrected: the ℓ1/ℓ2 path norm "
                          "of Neyshabur et al. 2015)", ("MSML-300",))],
    kind="exact",
    area="implicit-bias",
    instances=path_norm_cases(),
    conclusion=path_checks,
    proof_idea="ReLU(c z) = c ReLU(z) for c > 0, and each path through neuron j picks up c_j then 1/c_j.  For the "
               "Lipschitz bound, |ReLU(a) - ReLU(b)| <= |a - b| entrywise gives |h_l(x) - h_l(y)| <= |W_l| ⋯ |W_1| |x - y|; "
               "equality holds for positive weights and x - y = t1 with y >= 0 (the net is linear there).",
    mutants=[
        Mutant("l2-path-norm-lipschitz", "φ_2 < φ_1 once there are two paths, and positive nets attain φ_1, so φ_2 does not bound the "
                                         "ℓ∞-Lipschitz constant (f = Σ_j x_j has Lip = d > φ_2 = √d)",
               conclusion=lambda c: path_checks(c, l2_lipschitz=True)),
        Mutant("frobenius-product-invariant", "per-neuron rescaling changes the layer norms, and their product "
                                              "is invariant only under one scalar per layer",
               conclusion=lambda c: path_checks(c, frobenius=True)),
        Mutant("negative-rescaling", "ReLU is only positively homogeneous: a negative scaling changes f",
               instances=path_norm_cases(negative=True)),
    ],
    examples=50,
)
test_path_norm_rescaling_invariance_lipschitz = PATH.test()


def printed_path_quantity_squared(ws) -> Fraction:
    """``P^2`` for the displayed ``P = Σ_l ||W_l||_F / Π_{k≠l} ||W_k||_F = (Σ_l s_l)/sqrt(Π_l s_l)``,
    ``s_l = ||W_l||_F^2``: rational, so invariance can be tested exactly."""
    s = [(W * W).sum() for W in ws]
    prod = Fraction(1)
    for v in s:
        prod *= v
    return sum(s) ** 2 / prod


PATH_AUDIT = Claim(
    id="path-norm-frobenius-ratio-as-printed",
    title="As printed: the path norm P(f) = Σ_l ||W_l||_F / Π_{k≠l} ||W_k||_F",
    statement="(as printed) P(f) = Σ_l ||W_l||_F / Π_{k≠l} ||W_k||_F is a complexity measure of the function f "
              "(the path norm GD implicitly minimizes)",
    sources=[Source(MSML, "implicit-regularization paragraph on path norms, as displayed", ("MSML-300",))],
    kind="exact",
    area="implicit-bias",
    instances=path_norm_cases().filter(lambda c: all((W * W).sum() > 0 for W in c.weights)),
    conclusion=lambda c: equal(printed_path_quantity_squared(rescale_neurons(c.weights, c.scalings)),
                               printed_path_quantity_squared(c.weights),
                               label="(as printed) P^2 is unchanged by a function-preserving rescaling"),
    proof_idea="A function of f must take the same value on all parametrizations of f; the ReLU rescalings give "
               "such parametrizations, and P depends on the individual layer norms, which they change.",
    audit=True,
    corrected="path-norm-rescaling-invariance-lipschitz",
    finding="the displayed P is not a function of f: for two layers P = ρ + 1/ρ with ρ = ||W_1||_F/||W_2||_F, and the "
            "rescaling (cW_1, W_2/c) maps ρ to c^2ρ without changing f. Path norms are Σ_paths Π|w| (ℓ1) or "
            "(Σ_paths Π w^2)^½ (ℓ2), both rescaling-invariant; 'GD implicitly minimizes the path norm' is not an "
            "established theorem, and the total-variation equivalence is not from Neyshabur et al. 2015.",
    examples=30,
)
test_path_norm_frobenius_ratio_as_printed = PATH_AUDIT.test()


# --- simplicity bias on the interpolation manifold (ZHAO-163) -----------------------------------------

def _omega(w: np.ndarray) -> Fraction:
    return (w @ w) / 2


def manifold_checks(c: ManifoldCase, project: bool = True) -> list[Check]:
    w_star, P = interpolation_manifold(c.X, c.y)
    step = P if project else np.eye(P.shape[0], dtype=int).astype(object)
    ws = manifold_descent(step, c.w0, c.eta, c.steps)
    gap0 = _omega(c.w0) - _omega(w_star)
    checks = [equal(gap0, _omega(c.w0 - w_star), label="Ω(w0) - Ω(w*) = ½||w0 - w*||^2 (w* is the least-Ω interpolant)")]
    for k in range(1, c.steps + 1):
        checks += [equal(_max_abs(c.X @ ws[k] - c.y), 0, label=f"w_{k} interpolates: X w_{k} = y"),
                   le(_omega(ws[k]), _omega(ws[k - 1]), label=f"Ω(w_{k}) <= Ω(w_{k - 1})"),
                   equal(_omega(ws[k]) - _omega(w_star), (1 - c.eta) ** (2 * k) * gap0,
                         label=f"Ω(w_{k}) - Ω(w*) = (1 - η)^{2 * k} (Ω(w0) - Ω(w*))")]
    return checks


MANIFOLD = Claim(
    id="simplicity-bias-interpolation-manifold",
    title="Descending Ω along the interpolation manifold selects the least-Ω (rule-like) interpolant",
    statement="for a linear model with full-row-rank X and Ω(w) = ½||w||^2: projected descent w_{k+1} = w_k - η P_N w_k "
              "(0 < η < 2, P_N the projector onto null X) from an interpolant w0 keeps X w_k = y, decreases Ω "
              "monotonically, and Ω(w_k) - Ω(w*) = (1-η)^{2k}(Ω(w0) - Ω(w*)) with w* = Xᵀ(XXᵀ)^{-1}y",
    sources=[Source(ZHAO, "Prop. 19.9 (simplicity bias), linear-model instance", ("ZHAO-163",))],
    kind="proxy",
    proxy="Prop. 19.9 is informal ('the selected predictor can move from memorizing to rule-like solutions'); it is "
          "checked on its linear instance: Ω-descent on the manifold of interpolants from a memorizing interpolant, "
          "where the exact rate (1-η)^{2k} at every finite k stands for 'the selected predictor moves to the rule'",
    area="implicit-bias",
    instances=manifold_cases(),
    conclusion=manifold_checks,
    proof_idea="w* lies in row(X) = null(X)^⊥, so every interpolant is w* + n with n ∈ null X and Ω(w* + n) = Ω(w*) + "
               "||n||^2/2; the projected step maps n to (1 - η)n and leaves w* fixed.",
    mutants=[
        Mutant("unprojected-weight-decay", "plain decay w <- (1 - η)w also shrinks the row-space part and leaves "
                                           "the interpolation manifold (unless y = 0)",
               conclusion=lambda c: manifold_checks(c, project=False)),
        Mutant("step-above-two", "for η > 2, |1 - η| > 1 and Ω grows along the manifold",
               instances=manifold_cases(etas=(Fraction(9, 4), Fraction(5, 2)))),
    ],
    examples=30,
)
test_simplicity_bias_interpolation_manifold = MANIFOLD.test()
