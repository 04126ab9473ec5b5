"""Karp's kernel lower bound for local signal adaptivity (thesis Ch. 3.3, 3.5; App. B.2).

Statement.  Images have ``k + 1`` rows: the signal ``y w*`` and ``k`` rows of ``N(0, sigma^2 I_d)``
noise, ``sigma = ln k / sqrt k``.
- The naive convolutional linear classifier ``l(X) = sum_i <w*, X_i> = y + N(0, k sigma^2)`` errs with
  probability exactly ``Phi(-1/ln k)``: 0.332 at ``k = 10``, 0.442 at ``10^3``, 0.471 at ``10^6``; it
  tends to 1/2 but is below the printed 0.49 until ``ln k >= 1/Phi^{-1}(0.51) = 39.89``
  (``k >= 2.1e17``).
- The finite-width CNTK ``k_w(X) = sum_i sum_j <w_j, X_i> 1{|<w_j^0, X_i>| + b_j >= 0}`` uses features
  fixed at the random init ``w_j^0``.  For ``b_j <= 0`` they are the gradient of the CNN at
  ``(w_j^0, b_j)``; for ``b_j > 0`` the gradient weighs rows with ``|<w^0, X_i>| < b`` by 2, so the
  family with free biases is not the linearization the text says it is.
- Lower-bound proof: ``g(x) = sum_j <w_j, x> 1{...}`` is odd and the noise symmetric, so if
  ``g(w*) <= 0`` the error is at least ``P[sum_I g(eps_i) <= 0] = (1 + P[sum = 0])/2 >= 1/2``;
  otherwise a noise row rivals the signal (Lemmas B.11, B.12) with probability ``p >= p_C`` and
  Chernoff plus the Littlewood–Offord–Erdős bound give ``error >= (1/4)(1 - e^{-kp/8} -
  s sqrt(4/(pi k p)))``, ``s = floor(1/(C sigma)) + 1``, which is ``>= 0.1`` only for astronomically
  large ``k`` (``ln k >= 103.3`` for one channel with the proof's constants).

Sources.  Karp, *Adapting to Structure and Using Structure to Adapt* (PhD thesis, CMU, 2024): Sec. 3.3
(KARP-12), Sec. 3.5 and App. B.2.1 (KARP-34, KARP-37, KARP-38, KARP-39), App. B.2.2 (KARP-36,
KARP-40, KARP-41).

Proof ideas.  ``<w*, eps_i> ~ N(0, sigma^2)`` i.i.d.; ``d/dw ReLU(±<w, x> + b) = ±x 1{±<w,x> + b > 0}``;
``sum g(eps_i)`` is symmetric with an atom at 0 of mass ``P[every row inactive]``; cosines of Gaussian
vectors have ``cos^2 ~ Beta(1/2, (d-1)/2)``; Sidak's inequality; Gram–Schmidt with a diagonally
dominant Gram matrix; the multiplicative Chernoff bound and the central binomial coefficient.

Audits.  KARP-12 ("fails with probability at least 0.49"), KARP-34 ("a linear function over the
gradient at initialization", false for ``b > 0``) and KARP-37 ("``P[y sum g(eps_i) <= 0] = 0.5``",
the atom at 0 makes it larger) are false as printed; each is checked as printed (the search finds the
counterexample) beside the corrected statement.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from scipy import special, stats

from checks.claim import Check, Claim, Mutant, Source, close, ge, holds, le
from checks.documents import KARP
from checks.linalg import EPS
from checks.local_signal import (abs_bivariate_tail, central_binomial_ratio, cnn_difference_quotients,
                                 cntk_error_lower_bound, cntk_features, cntk_output, cosine_cdf, cosine_quantile,
                                 gram_schmidt, init_event_constants, noise_std, norm_sf, sample_images,
                                 soft_threshold_derivatives, unit_vector)
from checks.stats import rate_le
from checks.strategies.local_signal import (LOG_K_MAX, ChannelDraw, InitDraw, KernelDraw, LowerBoundDraw, NetworkDraw,
                                            RivalDraw, Sampled, SchmidtDraw, channel_draws, init_draws, kernel_draws,
                                            log_integers, lower_bound_draws, network_draws, rival_draws, sampled,
                                            schmidt_draws)

# --------------------------------------------------------------------------- rounding allowances
#
# Tolerances count roundings (a correctly rounded operation errs by <= EPS/2 relative) and the accuracy of the
# library functions involved; none is tuned to the instances.

QUAD_EPSABS, QUAD_EPSREL = 1e-15, 1e-13
"""The accuracy ``abs_bivariate_tail`` asks of each of its two adaptive quadratures (absolute, relative)."""


def ndtr_rounding(x: float) -> float:
    """Relative rounding bound of ``special.ndtr`` at a double ``x`` (so of ``norm_sf(-x)``): the rounding of
    ``x/sqrt 2`` and of its square inside erfc, each amplified by ``|d ln Phi(x)/d ln x| <= 1 + x^2``, plus a
    few ulps of erfc: ``(8 + 2 x^2) EPS`` (about twice the worst error against mpmath on ``[-37.5, 8]``)."""
    return (8 + 2 * x * x) * EPS


def quad_tol(p: float) -> float:
    """The error allowed to a value ``p`` of ``abs_bivariate_tail``: each of its two quadratures is accurate to
    ``max(epsabs, epsrel |part|) <= max(epsabs, epsrel p)`` (the settings above), the truncation at ``t + 40``
    costs ``phi(40) < 1e-347``, and the integrand and the sum add a few roundings (16 EPS relative; the value
    agrees with mpmath to ~2 EPS at rho = 0, where it is the product of the two tails)."""
    return 2 * max(QUAD_EPSABS, QUAD_EPSREL * p) + 16 * EPS * p


def cosine_cdf_tol(d: int, x: float) -> float:
    """The absolute error of ``cosine_cdf(d, sqrt(x))`` at the double ``x = cos^2``, with ``x`` from the round trip
    ``D = sqrt(d) cosine_quantile(d, q)`` and back (``(D/sqrt d)^2``): scipy's ``betaincinv`` returns the
    quantile to 20 EPS relative (18.5 EPS is the worst against mpmath for d <= 400), the square roots, the
    products and the square add 4 EPS, the evaluation's argument rounding 1 EPS, and a relative change ``e`` of
    ``x`` moves the Beta(1/2, (d-1)/2) cdf by ``x f(x) e``; betainc itself adds a few ulps (8 EPS):
    ``(8 + 25 x f(x)) EPS``."""
    return (8 + 25 * x * float(stats.beta.pdf(x, 0.5, (d - 1) / 2))) * EPS


QUANTILE_ROUNDING = 16 * EPS
"""Relative rounding of ``D = sqrt(d) cosine_quantile(d, q)`` (``betaincinv``'s 20 EPS halved by the square root,
and three roundings: 12 EPS) against a Gaussian quantile (``ndtri``, a few ulps: 4 EPS)."""


# --------------------------------------------------------------------------- KARP-12: the naive linear classifier

def naive_error(k: int) -> float:
    """``P[sign l(X) != y] = P[N(0, ln^2 k) <= -1] = Phi(-1/ln k)``."""
    return float(special.ndtr(-1 / math.log(k)))


def printed_049(k: int) -> Check:
    return ge(naive_error(k), 0.49, label=f"printed: the naive classifier errs w.p. >= 0.49 (k = {k})")


NAIVE_049 = Claim(
    id="karp-naive-classifier-fails-049",
    title="Karp: the naive convolutional linear classifier fails with probability >= 0.49 (as printed)",
    statement="with sigma = ln k / sqrt k, l(X) = sum_i <w*, X_i> misclassifies with probability at least 0.49",
    sources=[Source(KARP, "Sec. 3.3 'How to learn this concept class'", ("KARP-12",))],
    kind="numeric",
    area="kernels",
    instances=log_integers(2, 10**18),
    conclusion=printed_049,
    proof_idea="l(X) = y + N(0, k sigma^2) = y + N(0, ln^2 k), so the error is Phi(-1/ln k) < 1/2.",
    audit=True,
    corrected="karp-naive-classifier-error",
    finding="the error is exactly Phi(-1/ln k): 0.442 at k = 1e3 and 0.471 at k = 1e6; it reaches 0.49 only for "
            "ln k >= 1/Phi^{-1}(0.51) = 39.89 (k >= 2.1e17), so 'at least 0.49' holds only asymptotically",
    examples=20,
)
test_karp_naive_classifier_fails_049 = NAIVE_049.test()


def naive_classifier(inst: Sampled, error=naive_error) -> list[Check]:
    """Simulate the data model and compare the error count with ``error(k)`` (two exact binomial tests)."""
    rng = np.random.default_rng(inst.seed)
    w_star = unit_vector(rng, inst.d)
    errors, left = 0, inst.n
    while left:
        m = min(left, 20000)
        X, y, _ = sample_images(rng, m, inst.k, inst.d, w_star)
        errors += int(np.sum(y * (X @ w_star).sum(axis=-1) <= 0))
        left -= m
    p = error(inst.k)
    return [rate_le(errors, inst.n, p, label=f"errors not above {p:.6f} (k = {inst.k})"),
            rate_le(inst.n - errors, inst.n, 1 - p, label=f"errors not below {p:.6f} (k = {inst.k})"),
            le(p, 0.5, label="the error stays below 1/2")]


NAIVE = Claim(
    id="karp-naive-classifier-error",
    title="Karp: the naive linear classifier errs with probability exactly Phi(-1/ln k)",
    statement="for the local-signal model with sigma = ln k / sqrt k, P[sign(sum_i <w*, X_i>) != y] = Phi(-1/ln k) "
              "(sign 0 an error), which increases to 1/2 and is >= 0.49 iff ln k >= 39.89",
    sources=[Source(KARP, "Sec. 3.3 'How to learn this concept class' (corrected constant)", ("KARP-12",))],
    kind="statistical",
    area="kernels",
    instances=sampled(k=st.integers(2, 12), d=st.integers(1, 3), n=100000),
    conclusion=naive_classifier,
    proof_idea="The signal row contributes y; the k noise rows contribute i.i.d. N(0, sigma^2) terms, in total "
               "N(0, k sigma^2) = N(0, ln^2 k); so y l(X) <= 0 iff N(0, 1) <= -1/ln k.  Checked on 1e5 draws of the "
               "full model (random signal position, d-dimensional rows) with two exact binomial tests at level 1e-6.",
    mutants=[
        Mutant("forgets-sigma", "with noise N(0, k) instead of N(0, k sigma^2) the error would be Phi(-1/sqrt k)",
               conclusion=lambda i: naive_classifier(i, error=lambda k: float(special.ndtr(-1 / math.sqrt(k))))),
        Mutant("plus-one-percent", "the formula is exact, so a bound 0.01 above it is false",
               conclusion=lambda i: naive_classifier(i, error=lambda k: naive_error(k) + 0.01)),
    ],
    examples=8,
)
test_karp_naive_classifier_error = NAIVE.test()


# --------------------------------------------------------------------------- KARP-34: CNTK features and the gradient

def _network(inst: NetworkDraw) -> tuple[np.ndarray, np.ndarray, float]:
    rng = np.random.default_rng(inst.seed)
    w_star = unit_vector(rng, inst.d)
    X, _, _ = sample_images(rng, inst.n, inst.k, inst.d, w_star, sigma=1.0 / math.sqrt(inst.d))
    w0 = inst.w_scale * unit_vector(rng, inst.d)
    b = inst.b_ratio * float(np.mean(np.abs(X @ w0)))
    return X, w0, b


def printed_cntk_gradient(inst: NetworkDraw) -> Check:
    X, w0, b = _network(inst)
    D_w, _, tol = cnn_difference_quotients(w0, b, X)
    return close(D_w, cntk_features(w0, b, X)[:, 0, :], tol,
                 label=f"printed: grad_w f at (w0, b = {b:.4g}) = sum_i X_i 1{{|<w0, X_i>| + b >= 0}}",
                 why="rounding of two evaluations of f over the step (see cnn_difference_quotients)")


CNTK_GRADIENT_PRINTED = Claim(
    id="karp-cntk-is-init-gradient",
    title="Karp: the CNTK features are the CNN gradient at initialization, for every bias (as printed)",
    statement="k_w(X) = sum_i <w, X_i> 1{|<w0, X_i>| + b >= 0} is a linear function over the gradient of f_{w,b} at "
              "initialization, i.e. grad_w f_{w0,b}(X) = sum_i X_i 1{|<w0, X_i>| + b >= 0} for every b",
    sources=[Source(KARP, "Sec. 3.5 (definition of the finite-width CNTK); App. B.2.1", ("KARP-34",))],
    kind="numeric",
    area="kernels",
    instances=network_draws(b_ratio=st.floats(-2.0, 2.0)),
    conclusion=printed_cntk_gradient,
    proof_idea="grad_w f = sum_i X_i [1{<w,X_i> + b > 0} + 1{-<w,X_i> + b > 0}]: both ReLUs are active on a row with "
               "|<w, X_i>| < b when b > 0.",
    audit=True,
    corrected="karp-cntk-gradient-nonpositive-bias",
    finding="for b > 0 the gradient weighs every row with |<w0, X_i>| < b by 2 while the CNTK feature weighs it by 1 "
            "(and at the actual init b = 0 the gradient features are just sum_i X_i); the statement holds for b <= 0, "
            "so with free biases the CNTK is a richer family than the linearization at init",
    examples=30,
)
test_karp_cntk_is_init_gradient = CNTK_GRADIENT_PRINTED.test()


def cntk_gradient(inst: NetworkDraw, indicator=lambda z, b: np.abs(z) + b >= 0, weight: float = 1.0) -> list[Check]:
    X, w0, b = _network(inst)
    D_w, D_b, tol = cnn_difference_quotients(w0, b, X)
    dz, db = soft_threshold_derivatives(X @ w0, b)
    why = "rounding of two evaluations of f over the step (see cnn_difference_quotients)"
    checks = [close(D_w, np.einsum("nr,nrd->nd", dz, X), tol, label="grad_w f = sum_i X_i [1{z+b>0} + 1{-z+b>0}]",
                    why=why),
              close(D_b, db.sum(axis=-1), tol, label="d f / d b = sum_i [1{z+b>0} - 1{-z+b>0}]", why=why)]
    if b <= 0:
        features = weight * np.einsum("nr,nrd->nd", indicator(X @ w0, b).astype(float), X)
        checks.append(close(D_w, features, tol, label=f"b = {b:.4g} <= 0: CNTK features = grad_w f at (w0, b)",
                            why=why))
    return checks


CNTK_GRADIENT = Claim(
    id="karp-cntk-gradient-nonpositive-bias",
    title="Karp: the CNTK features are the CNN gradient at (w0, b) exactly when b <= 0",
    statement="grad_w f_{w0,b}(X) = sum_i X_i [1{<w0,X_i> + b > 0} + 1{-<w0,X_i> + b > 0}] and d f/d b = "
              "sum_i [1{<w0,X_i> + b > 0} - 1{-<w0,X_i> + b > 0}]; for b <= 0 at most one ReLU is active, so "
              "grad_w f = sum_i X_i 1{|<w0, X_i>| + b >= 0}, the CNTK feature (almost surely)",
    sources=[Source(KARP, "Sec. 3.5; App. B.2.1 (gradient of the CNN; corrected range b <= 0)", ("KARP-34",))],
    kind="numeric",
    area="kernels",
    instances=network_draws(b_ratio=st.one_of(st.just(0.0), st.floats(-2.0, 0.0), st.floats(0.0, 2.0))),
    conclusion=cntk_gradient,
    proof_idea="f is piecewise linear in (w, b); away from the kinks <w, X_i> = ±b the derivative of "
               "ReLU(±<w,x> + b) is ±x (resp. 1) times the indicator that it is active.  For b <= 0, "
               "<w,x> + b > 0 and "
               "-<w,x> + b > 0 cannot both hold, and one holds iff |<w, x>| > -b.  Checked against central "
               "differences with a step that crosses no kink (exact up to rounding).",
    mutants=[
        Mutant("one-sided-indicator", "for b <= 0 the row is active when |z| > -b on either side, not only z > -b",
               conclusion=lambda i: cntk_gradient(i, indicator=lambda z, b: z + b >= 0)),
        Mutant("weight-two", "for b <= 0 at most one of the two ReLUs is active, so each row has weight 1",
               conclusion=lambda i: cntk_gradient(i, weight=2.0)),
    ],
    examples=30,
)
test_karp_cntk_gradient_nonpositive_bias = CNTK_GRADIENT.test()


# --------------------------------------------------------------------------- KARP-37: the symmetric-noise step

def _kernel(inst: KernelDraw) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float]:
    rng = np.random.default_rng(inst.seed)
    sigma = noise_std(inst.k)
    w_star = unit_vector(rng, inst.d)
    w0 = rng.normal(size=inst.d)
    b = inst.b_ratio * sigma * float(np.linalg.norm(w0))
    if inst.aligned:
        w = w_star.copy()
    else:
        w = rng.normal(size=inst.d)
        if float(w @ w_star) * float(abs(w0 @ w_star) + b >= 0) > 0:
            w = -w
    return w_star, w0, w, b, sigma


def zero_sum_probability(inst: KernelDraw, w0: np.ndarray, b: float, sigma: float) -> float:
    """``P[sum_I g(eps_i) = 0] = P[every noise row inactive] = (1 - 2 Phi^c(-b / (sigma ||w0||)))^k`` for
    ``b < 0`` (each active row contributes a continuous ``<w, eps>``), and 0 for ``b >= 0``."""
    if b >= 0:
        return 0.0
    q = 2 * norm_sf(-b / (sigma * float(np.linalg.norm(w0))))
    return 0.0 if q >= 1 else math.exp(inst.k * math.log1p(-q))


def zero_sum_rounding(inst: KernelDraw, w0: np.ndarray, b: float, sigma: float, p0: float) -> float:
    """The absolute rounding of :func:`zero_sum_probability`'s value ``p0 = exp(k log1p(-q))``: ``q = 2 Phi^c(u)``
    at ``u = -b/(sigma ||w0||)`` (the norm's ``d`` roundings and two more, amplified by ``u lambda(u) <= 1 + u^2``,
    plus :func:`ndtr_rounding`) moves the exponent ``x = k log1p(-q)`` by ``k q eps_q/(1 - q) <= |x| eps_q/(1 - q)``
    (``|x| >= k q``), log1p and the product add 1.5 EPS relative to ``x``, and exp turns the absolute error of
    ``x`` into a relative one, plus 1 ulp."""
    if b >= 0 or p0 == 0:
        return 0.0
    u = -b / (sigma * float(np.linalg.norm(w0)))
    q = 2 * norm_sf(u)
    x = inst.k * math.log1p(-q)
    eps_q = ndtr_rounding(u) + (inst.d + 2) * EPS * (1 + u * u)
    return p0 * (EPS + abs(x) * (1.5 * EPS + eps_q / (1 - q)))


def printed_half(inst: KernelDraw) -> Check:
    _, w0, _, b, sigma = _kernel(inst)
    p0 = zero_sum_probability(inst, w0, b, sigma)
    p = (1 + p0) / 2
    # the printed value 0.5 is compared with p = (1 + P[sum = 0])/2 as computed: the rounding of 1 + p0 and of
    # p0 itself (the halving is exact)
    tol = EPS + zero_sum_rounding(inst, w0, b, sigma, p0) / 2
    return close(p, 0.5, tol, label=f"printed: P[y sum_I g(eps_i) <= 0] = 0.5 (b = {b:.4g})",
                 why="EPS (1 + p0) rounding + half the rounding of p0 (zero_sum_rounding)")


SYMMETRY_PRINTED = Claim(
    id="karp-symmetric-noise-exactly-half",
    title="Karp: by symmetry of the noise, P[y sum g(eps_i) <= 0] = 0.5 (as printed)",
    statement="if y g(y w*) <= 0 then, by symmetry of g(eps_i), P[y sum_{i in I} g(eps_i) <= 0] = 0.5",
    sources=[Source(KARP, "App. B.2.1 proof of Theorem B.1; repeated in App. B.2.2", ("KARP-37",))],
    kind="numeric",
    area="kernels",
    instances=kernel_draws(k=log_integers(2, 1000), b_ratio=st.floats(-5.0, 1.0), n=0),
    conclusion=printed_half,
    proof_idea="sum g(eps_i) is symmetric, so P[sum <= 0] = (1 + P[sum = 0])/2, and P[sum = 0] is the probability "
               "that every noise row is thresholded out.",
    audit=True,
    corrected="karp-symmetric-noise-error-half",
    finding="P[y sum g(eps_i) <= 0] = (1 + P[sum = 0])/2 with P[sum = 0] = (1 - 2 Phi^c(-b/(sigma ||w0||)))^k > 0 "
            "whenever b < 0 (it is 1 when b is so negative that every row is inactive); the statement should read "
            ">= 0.5, and the conclusion error >= 1/2 > 0.1 is unchanged",
    examples=20,
)
test_karp_symmetric_noise_exactly_half = SYMMETRY_PRINTED.test()


def half_error(inst: KernelDraw, strict: bool = False) -> list[Check]:
    w_star, w0, w, b, sigma = _kernel(inst)
    p0 = zero_sum_probability(inst, w0, b, sigma)
    p = (1 + p0) / 2
    rng = np.random.default_rng(inst.seed + 1)
    X, y, i_star = sample_images(rng, inst.n, inst.k, inst.d, w_star, sigma)
    kw = cntk_output(w[None], w0[None], np.array([b]), X)
    correct = int(np.sum(y * kw > 0))
    g = lambda x: (x @ w) * (np.abs(x @ w0) + b >= 0)
    x = rng.normal(size=(8, inst.d))
    g_star = float(g(w_star[None])[0])
    active = np.abs(X @ w0) + b >= 0
    active[np.arange(inst.n), i_star] = False
    silent = int(np.sum(~np.any(active, axis=-1)))
    checks = [close(g(x) + g(-x), np.zeros(8), 4 * inst.d * EPS * float(np.abs(x).sum() * np.abs(w).max()),
                    label="g is odd", why="rounding of the dot products"),
              holds(all(yy * float(g(yy * w_star[None])[0]) == g_star for yy in (1.0, -1.0)),
                    "y g(y w*) = g(w*)"),
              holds(g_star <= 0 or inst.aligned, "g(w*) <= 0 (the case of the step)", f"g(w*) = {g_star:.4g}"),
              rate_le(correct, inst.n, 1 - p, label=f"P[correct] <= 1 - P[sum_I g <= 0] = {1 - p:.4g}"),
              rate_le(silent, inst.n, p0, label=f"P[every noise row inactive] <= {p0:.4g}"),
              rate_le(inst.n - silent, inst.n, 1 - p0, label=f"P[every noise row inactive] >= {p0:.4g}")]
    checks.append(holds(p > 0.5, "P[sum_I g(eps_i) <= 0] > 1/2 strictly", f"{p:.6g}") if strict else
                  ge(p, 0.5, label="P[sum_I g(eps_i) <= 0] = (1 + P[sum = 0])/2 >= 1/2"))
    return checks


SYMMETRY = Claim(
    id="karp-symmetric-noise-error-half",
    title="Karp: if g(w*) <= 0 the CNTK errs with probability at least 1/2",
    statement="g(x) = <w, x> 1{|<w0, x>| + b >= 0} is odd and y g(y w*) = g(w*); the noise sum is symmetric with "
              "P[sum_I g(eps_i) = 0] = (1 - 2 Phi^c(-b/(sigma ||w0||)))^k (b < 0; 0 for b >= 0), so "
              "P[y sum_I g(eps_i) <= 0] = (1 + P[sum = 0])/2 >= 1/2, and g(w*) <= 0 gives error >= 1/2",
    sources=[Source(KARP, "App. B.2.1 and B.2.2, the case y g(y w*) <= 0 (corrected '= 0.5' to '>= 0.5')",
                    ("KARP-37",))],
    kind="statistical",
    area="kernels",
    instances=kernel_draws(k=log_integers(2, 60), b_ratio=st.one_of(st.just(0.0), st.floats(-4.0, 2.0)), n=3000),
    conclusion=half_error,
    proof_idea="y k_w(X) = g(w*) + y sum_I g(eps_i) with -g(w*) >= 0, so the error is at least P[y sum <= 0]; the sum "
               "is symmetric (eps -> -eps), hence P[sum <= 0] = (1 + P[sum = 0])/2, and an active row contributes a "
               "continuous <w, eps>.  The error count and the all-inactive count are tested by exact binomial tests "
               "(level 1e-6).",
    mutants=[
        Mutant("strictly-above-half",
               "for b >= 0 every row is active, the sum has no atom and P[sum <= 0] = 1/2 exactly",
               conclusion=lambda i: half_error(i, strict=True)),
        Mutant("drops-nonpositive-signal", "with g(w*) > 0 (w = w*, b >= 0: the naive classifier) the error is "
               "Phi(-1/ln k) < 1/2",
               instances=kernel_draws(k=st.integers(2, 8), b_ratio=st.floats(0.0, 2.0), n=3000, aligned=True)),
    ],
    examples=12,
)
test_karp_symmetric_noise_error_half = SYMMETRY.test()


# --------------------------------------------------------------------------- KARP-36: the Init Events

Z_SINGLE = float(stats.norm.isf(0.0005))
"""``Phi^{-1}(0.9995) = 3.2905``: the limit of ``D_0.999(d)`` as ``d -> infinity``."""


def init_event(inst: InitDraw, single=lambda d: math.sqrt(d) * cosine_quantile(d, 0.999),
               scale=math.sqrt) -> list[Check]:
    d, m = inst.d, inst.m
    D1 = single(d)
    fail = 0.001
    Dl, Du, Dp = init_event_constants(d, m)
    root = math.sqrt(d)
    pairs = m * (m - 1) // 2
    p_fail = (m * (cosine_cdf(d, Dl / root) + 1 - cosine_cdf(d, Du / root))
              + (pairs * (1 - cosine_cdf(d, Dp / root)) if pairs else 0.0))
    # the cdf at a quantile is its level up to the round trip (cosine_cdf_tol); the failure probability sums m
    # (two tails) and the pairs, plus 4 roundings of the sum; each constant D against its Gaussian limit (strict
    # for finite d) up to QUANTILE_ROUNDING; ppf(0.5 + a) also inherits the rounding of 0.5 + a (EPS/4 absolute,
    # divided by the density phi(z) there)
    x1 = min(max(D1 / scale(d), 0.0), 1.0) ** 2
    fail_tol = (m * (cosine_cdf_tol(d, (Dl / root) ** 2) + cosine_cdf_tol(d, (Du / root) ** 2))
                + (pairs * cosine_cdf_tol(d, (Dp / root) ** 2) if pairs else 0.0) + 4 * EPS * fail)
    z_u, z_l = float(stats.norm.isf(fail / (8 * m))), float(stats.norm.ppf(0.5 + fail / (8 * m)))
    checks = [ge(cosine_cdf(d, D1 / scale(d)), 0.999, tol=cosine_cdf_tol(d, x1),
                 label=f"P[|cos(w0, w*)| <= D/sqrt d] >= 0.999 with D = {D1:.4f}",
                 why="(8 + 25 x f(x)) EPS: the quantile-cdf round trip (cosine_cdf_tol)"),
              le(D1, Z_SINGLE, tol=QUANTILE_ROUNDING * Z_SINGLE, label="D_0.999(d) <= Phi^{-1}(0.9995): bounded in d",
                 why="16 EPS relative: betaincinv (halved by the square root) and ndtri"),
              le(p_fail, fail, tol=fail_tol, label=f"union bound over m = {m} filters and {pairs} pairs",
                 why="sum of the round-trip errors (cosine_cdf_tol) + 4 EPS fail"),
              le(Du, z_u, tol=QUANTILE_ROUNDING * z_u, label="D_u <= its Gaussian limit",
                 why="16 EPS relative: betaincinv (halved by the square root) and ndtri"),
              ge(Dl, z_l, tol=QUANTILE_ROUNDING * Dl + EPS / 4 / float(stats.norm.pdf(z_l)),
                 label="D_l >= its Gaussian limit > 0",
                 why="16 EPS relative + the rounding of 0.5 + a over phi(z)")]
    if pairs:
        z_p = float(stats.norm.isf(fail / (4 * pairs)))
        checks.append(le(Dp, z_p, tol=QUANTILE_ROUNDING * z_p, label="D_p <= its Gaussian limit",
                         why="16 EPS relative: betaincinv (halved by the square root) and ndtri"))
    rng = np.random.default_rng(inst.seed)
    W = rng.normal(size=(inst.n, m, d))
    W /= np.linalg.norm(W, axis=-1, keepdims=True)
    cos_star = np.abs(W[..., 0]) * root
    ok = np.all((cos_star >= Dl) & (cos_star <= Du), axis=-1)
    if pairs:
        G = np.abs(np.einsum("nid,njd->nij", W, W)) * root
        iu = np.triu_indices(m, 1)
        ok &= np.all(G[:, iu[0], iu[1]] <= Dp, axis=-1)
    checks.append(rate_le(int(np.sum(~ok)), inst.n, fail, label="the Init Event fails w.p. <= 0.001 (simulation)"))
    checks.append(rate_le(int(np.sum(np.abs(W[:, 0, 0]) > D1 / scale(d))), inst.n, fail,
                          label="the single-filter Init Event fails w.p. <= 0.001 (simulation)"))
    return checks


INIT_EVENT = Claim(
    id="karp-init-event-constants",
    title="Karp: the Init Events hold with probability 0.999 with constants independent of d",
    statement="for w0 ~ N(0, sigma0^2 I_d), P[|cos(w0, w*)| <= D/sqrt d] >= 0.999 with D = D_0.999(d) = "
              "sqrt(d F^{-1}(0.999)) (F the Beta(1/2, (d-1)/2) cdf), and D_0.999(d) <= Phi^{-1}(0.9995) = 3.2905 for "
              "all "
              "d; for m filters the constants D_l, D_u, D_p given by the union bound are bounded away from 0 and "
              "infinity uniformly in d",
    sources=[Source(KARP, "App. B.2.1 (Init Event, one filter) and App. B.2.2 (Init Event, m filters)", ("KARP-36",))],
    kind="numeric",
    area="kernels",
    instances=init_draws(),
    conclusion=init_event,
    proof_idea="cos^2(w0, w*) ~ Beta(1/2, (d-1)/2) for Gaussian w0, and sqrt(d) cos(w0, w*) -> N(0, 1); the upper "
               "quantiles of sqrt(d)|cos| stay below those of |N(0,1)| and the lower ones above them, so the "
               "union-bound constants are uniform in d.  A simulation of the event confirms the level "
               "(exact binomial test, 1e-6).",
    mutants=[
        Mutant("scale-one-over-d", "sqrt(d) cos(w0, w*) is of order 1, so |cos| <= D/d fails for large d",
               conclusion=lambda i: init_event(i, single=lambda d: Z_SINGLE, scale=lambda d: d)),
        Mutant("constant-two", "P[|N(0,1)| > 2] is about 0.046, far above 0.001",
               conclusion=lambda i: init_event(i, single=lambda d: 2.0)),
    ],
    examples=15,
)
test_karp_init_event_constants = INIT_EVENT.test()


# --------------------------------------------------------------------------- KARP-38: a noise row rivals the signal

def rival(inst: RivalDraw, reverse: bool = False, second_factor: bool = True) -> list[Check]:
    w_star, w0, w = inst.vectors()
    sigma, d, D = inst.sigma, inst.d, inst.D
    kappa0, kappa, rho = abs(float(w0 @ w_star)), abs(float(w @ w_star)), float(w @ w0)
    t0 = inst.t0_fraction * kappa0 / sigma
    a = inst.C * kappa
    p_event = abs_bivariate_tail(a, t0, rho)
    p_u, p_v = 2 * norm_sf(a), 2 * norm_sf(t0)
    floor = 4 * norm_sf(inst.C) * norm_sf(D / (sigma * math.sqrt(d)))
    why = "quadrature settings 2 max(1e-15, 1e-13 P[A]) + 16 EPS P[A] (quad_tol), and ndtr's rounding of the product"
    # the products of two tails: ndtr_rounding of each factor and one product
    prod_tol = (ndtr_rounding(a) + ndtr_rounding(t0) + EPS) * p_u * p_v
    if reverse:
        return [le(p_event, p_u * p_v, tol=quad_tol(p_event) + prod_tol, label="P[A] <= P[|U| >= a] P[|V| >= t0]",
                   why=why)]
    rhs = p_u * p_v if second_factor else p_u
    checks = [ge(p_event, rhs, tol=quad_tol(p_event) + (prod_tol if second_factor else ndtr_rounding(a) * p_u),
                 label="Sidak: P[|U| >= a, |V| >= t0] >= P[|U| >= a] P[|V| >= t0]" if second_factor
                 else "P[A] >= P[|U| >= a]", why=why)]
    if second_factor:
        # kappa0/sigma and D/(sigma sqrt d) are the same number when the Init Event is tight (init_fraction = 1),
        # rounded along different paths (3 roundings each, 3 EPS apart, moving Phi^c by x lambda(x) <= 1 + x^2 per
        # unit relative change), and both tails are ndtr values: (2 ndtr_rounding + 3 (1 + x^2) EPS + 4 EPS) floor
        x = D / (sigma * math.sqrt(d))
        init_tol = (2 * ndtr_rounding(x) + (7 + 3 * x * x) * EPS) * floor
        checks += [ge(p_u * p_v, 4 * norm_sf(inst.C) * norm_sf(kappa0 / sigma),
                      label="|cos(w, w*)| <= 1 and t0 <= |cos(w0, w*)|/sigma (Case 2)"),
                   ge(4 * norm_sf(inst.C) * norm_sf(kappa0 / sigma), floor, tol=init_tol,
                      label="Init Event: |cos(w0, w*)| <= D/sqrt d",
                      why="(23 + 7 x^2) EPS relative, x = D/(sigma sqrt d): two roundings of x and two ndtr values"),
                   ge(p_event, floor, tol=quad_tol(p_event) + init_tol,
                      label=f"P[A] >= p_C = 4 Phi^c(C) Phi^c(D) = {floor:.4g}", why=why)]
    return checks


RIVAL = Claim(
    id="karp-noise-row-rivals-signal",
    title="Karp Lemma B.11: a noise row rivals the signal with a constant probability (one channel)",
    statement="under the Init Event |cos(w0, w*)| <= D/sqrt d with d = 1/sigma^2, for every w and b with "
              "|<w0, w*>| + b >= 0 (Case 2), P_eps[|g(eps)| >= C sigma |g(w*)|] = P[|U| >= C|cos(w, w*)|, |V| >= t0] "
              ">= P[|U| >= C|cos(w,w*)|] P[|V| >= t0] >= 4 Phi^c(C) Phi^c(D) =: p_C, where (U, V) is a standard "
              "bivariate normal with correlation cos(w, w0) and t0 = -b/(sigma ||w0||) <= |cos(w0, w*)|/sigma",
    sources=[Source(KARP, "App. B.2.1, Lemma B.11 (with uniform constants; the conditioning step is Sidak's "
                          "inequality)", ("KARP-38",))],
    kind="numeric",
    area="kernels",
    instances=rival_draws().filter(lambda r: abs(float(r.vectors()[1] @ r.vectors()[2])) <= 0.999),
    conclusion=rival,
    proof_idea="Event A is {|<w,eps>| >= C sigma |<w,w*>|} and {|<w0,eps>| >= -b}; after scaling, (U, V) are standard "
               "normal with correlation cos(w, w0), and Sidak's inequality P[|U| >= a, |V| >= t] >= P[|U| >= a] "
               "P[|V| >= t] justifies the text's conditioning step.  Then |cos(w, w*)| <= 1, t0 <= |cos(w0,w*)|/sigma "
               "<= D/(sigma sqrt d) = D.  The bivariate probability is a 1-D integral (quadrature, error below "
               "2 max(1e-15, 1e-13 P[A]) by its settings).",
    mutants=[
        Mutant("reversed-sidak", "correlated |U|, |V| are positively associated, so conditioning on |V| >= t0 raises "
               "the probability", conclusion=lambda r: rival(r, reverse=True)),
        Mutant("drops-second-factor", "the membership event |V| >= t0 has probability below 1 when t0 > 0",
               conclusion=lambda r: rival(r, second_factor=False)),
    ],
    examples=40,
)
test_karp_noise_row_rivals_signal = RIVAL.test()


# --------------------------------------------------------------------------- KARP-40: Gram–Schmidt and membership

def schmidt(inst: SchmidtDraw, coefficient_factor: float = 1.0, deficit_power: int = 2) -> list[Check]:
    V = inst.vectors()
    eps = inst.eps
    U, Gamma = gram_schmidt(V)
    checks = []
    for j in range(1, inst.m):
        gap = 1 - (j - 1) * eps
        tol = 64 * inst.m * EPS / gap
        checks.append(le(float(np.max(np.abs(Gamma[j, :j]))), coefficient_factor * eps / gap, tol=tol,
                         label=f"j = {j + 1}: max |gamma| <= eps/(1 - (j-2) eps)", why="64 m eps / gap (solve)"))
        checks.append(le(abs(float(U[j] @ U[j]) - 1), j * eps ** deficit_power / gap, tol=tol,
                         label=f"j = {j + 1}: | ||u_j||^2 - 1 | <= (j-1) eps^2/(1 - (j-2) eps)", why="64 m eps / gap"))
    return checks


SCHMIDT = Claim(
    id="karp-gram-schmidt-near-orthogonal",
    title="Karp Lemma B.12 (B.7, B.8): Gram–Schmidt of nearly orthogonal init directions",
    statement="for unit vectors v_1..v_m with pairwise |<v_i, v_j>| <= eps and (m - 2) eps < 1, Gram–Schmidt gives "
              "u_j = v_j - sum_{i<j} gamma_i v_i with max|gamma_i| <= eps/(1 - (j-2) eps) and "
              "1 - (j-1) eps^2/(1 - (j-2) eps) <= ||u_j||^2 <= 1; under the Init Event eps <= D_p/sqrt d, so "
              "gamma = O(1/sqrt d) (B.7) and ||u_j|| = Theta(1) (B.8)",
    sources=[Source(KARP, "App. B.2.2, proof of Lemma B.12, invariants (B.7) and (B.8)", ("KARP-40",))],
    kind="numeric",
    area="kernels",
    instances=schmidt_draws(),
    conclusion=schmidt,
    proof_idea="gamma = G^{-1} g with G the Gram matrix of v_1..v_{j-1} (diagonally dominant: ||G^{-1}||_inf <= "
               "1/(1 - (j-2) eps), Varah) and |g_i| <= eps; ||u_j||^2 = 1 - g^T G^{-1} g >= 1 - ||g||^2/lambda_min(G) "
               "with lambda_min >= 1 - (j-2) eps (Gershgorin).  Both are attained for m = 2.",
    mutants=[
        Mutant("half-coefficient", "for two vectors gamma = <v_1, v_2> = eps exactly",
               conclusion=lambda s: schmidt(s, coefficient_factor=0.5)),
        Mutant("cubic-deficit", "for two vectors ||u_2||^2 = 1 - eps^2 exactly",
               conclusion=lambda s: schmidt(s, deficit_power=3)),
    ],
    examples=40,
)
test_karp_gram_schmidt_near_orthogonal = SCHMIDT.test()


def membership(inst: ChannelDraw, half: bool = False) -> list[Check]:
    rng = np.random.default_rng(inst.seed)
    d, m = inst.d, inst.m
    sigma = 1 / math.sqrt(d)
    w_star = unit_vector(rng, d)
    W0 = rng.normal(size=(m, d))
    W = rng.normal(size=(m, d))
    b = -np.array(inst.fragility) * np.abs(W0 @ w_star)
    members = np.abs(W0 @ w_star) + b >= 0
    g_star = float(np.sum((W @ w_star) * members))
    eps = rng.normal(0.0, sigma, size=(inst.n, d))
    m_eps = np.abs(eps @ W0.T) + b >= 0
    g_eps = np.sum((eps @ W.T) * m_eps, axis=1)
    same = np.all(m_eps == members, axis=1)
    w_hat = W[members].sum(axis=0)
    second = np.abs(eps @ w_hat) >= inst.C * sigma * abs(g_star)
    event_a = np.abs(g_eps) >= inst.C * sigma * abs(g_star)
    checks = [holds(bool(np.all(event_a[same & second])), "M(eps) = M(w*) and |<sum_M w_j, eps>| >= C sigma |g(w*)| "
                    "imply Event A", f"{int(np.sum(same & second))} draws in the intersection")]
    if np.any(members) and np.linalg.norm(w_hat) > 0:
        p_second = 2 * norm_sf(inst.C * abs(float(w_hat @ w_star)) / float(np.linalg.norm(w_hat)))
        n_second = int(np.sum(second))
        checks += [rate_le(n_second, inst.n, p_second, label=f"P[|<w_hat, eps>| >= C sigma |g(w*)|] <= {p_second:.4g}"),
                   rate_le(inst.n - n_second, inst.n, 1 - p_second, label="... and >= it (exact Gaussian value)")]
    if half:
        checks.append(rate_le(inst.n - int(np.sum(same)), inst.n, 0.5, label="P[M(eps) = M(w*)] >= 1/2"))
    return checks


MEMBERSHIP = Claim(
    id="karp-channel-membership-event",
    title="Karp Lemma B.12: matching channel memberships and a large projection imply Event A",
    statement="with M(x) = {j : |<w_j0, x>| + b_j >= 0}, the event {M(eps) = M(w*)} and "
              "{|<sum_{j in M(w*)} w_j, eps>| >= C sigma |g(w*)|} imply Event A {|g(eps)| >= C sigma |g(w*)|}; the "
              "second event has probability 2 Phi^c(C |<w_hat, w*>|/||w_hat||), so P[A] >= P[M(eps) = M(w*)] - "
              "P[|x| < C|cos(w_hat, w*)|] as in the proof (the first probability is only a small constant q)",
    sources=[Source(KARP, "App. B.2.2, proof of Lemma B.12 (B.9) and its final union bound", ("KARP-40",))],
    kind="statistical",
    area="kernels",
    instances=channel_draws(),
    conclusion=membership,
    proof_idea="On M(eps) = M(w*), g(eps) = <sum_{M(w*)} w_j, eps>; that projection is N(0, sigma^2 ||w_hat||^2).  The "
               "inclusion is checked draw by draw, the Gaussian probability by exact binomial tests (level 1e-6).",
    mutants=[
        Mutant("membership-at-least-half", "each channel's membership matches only with a constant probability, and "
               "q = prod_j q_j is small for several channels", conclusion=lambda c: membership(c, half=True)),
    ],
    examples=10,
)
test_karp_channel_membership_event = MEMBERSHIP.test()


# --------------------------------------------------------------------------- KARP-39, KARP-41: the explicit lower bound

def _p(inst: LowerBoundDraw) -> float:
    return inst.p if inst.p is not None else 4 * norm_sf(inst.C) * norm_sf(Z_SINGLE)


def envelope(k: float, C: float, p: float) -> float:
    """The bound with ``s = floor(1/(C sigma)) + 1`` replaced by its upper bound ``1/(C sigma) + 1``:
    ``(1/4)(1 - exp(-kp/8) - (sqrt k/(C ln k) + 1) sqrt(4/(pi k p)))``, a lower envelope of the explicit
    bound that is continuous and increasing in ``k`` (both subtracted terms decrease), whereas the bound
    itself drops at every jump of the floor."""
    return 0.25 * (1 - math.exp(-k * p / 8) - (1 / (C * noise_std(k)) + 1) * math.sqrt(4 / (math.pi * k * p)))


def threshold_log_k(C: float, p: float, level: float = 0.1) -> float:
    """A ``ln k1`` (to 1e-9) beyond which the proof's explicit bound is ``>= level``: the crossing of the
    increasing envelope, found by bisection (``inf`` if the envelope is below ``level`` even at
    ``LOG_K_MAX``).  Bisecting the bound itself would find some crossing, not the last one: its floor
    makes it drop below ``level`` again just past a crossing."""
    f = lambda x: envelope(math.exp(x), C, p) - level
    if f(LOG_K_MAX) < 0:
        return math.inf
    lo, hi = math.log(2.0), LOG_K_MAX
    while hi - lo > 1e-9:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if f(mid) >= 0 else (mid, hi)
    return hi


def small_ball(n: int, delta: float) -> Fraction:
    """``max_B P[sum_i xi_i in B]`` over closed intervals of length ``2 delta`` for ``n`` Rademacher signs (all
    ``a_i = 1``): the heaviest block of ``floor(delta) + 1`` consecutive atoms ``C(n, j)/2^n`` (spacing 2)."""
    s = math.floor(delta) + 1
    weights = [math.comb(n, j) for j in range(n + 1)]
    best = max(sum(weights[j:j + s]) for j in range(max(n + 2 - s, 1)))
    return Fraction(best, 2 ** n)


def lower_bound(inst: LowerBoundDraw, practical: bool = False, chernoff_rate: float = 1 / 8,
                with_s: bool = True) -> list[Check]:
    C, p = inst.C, _p(inst)
    checks = []
    x1 = threshold_log_k(C, p)
    if practical:
        log_k = math.log(100) + inst.position * (math.log(1e6) - math.log(100))
        checks.append(ge(cntk_error_lower_bound(math.exp(log_k), C, p), 0.1,
                         label=f"the proof's bound reaches 0.1 at k = {math.exp(log_k):.4g}"))
    elif math.isfinite(x1):
        log_k = x1 + inst.position * (LOG_K_MAX - x1)
        checks.append(ge(cntk_error_lower_bound(math.exp(log_k), C, p), 0.1,
                         label=f"explicit bound >= 0.1 at ln k = {log_k:.6g} >= ln k1 = {x1:.6g}"))
    n = inst.n_trials
    q = min(inst.chernoff_mean / n, 1.0)
    mean = n * q
    cdf = float(stats.binom.cdf(math.floor(mean / 2), n, q))
    chernoff = math.exp(-chernoff_rate * mean)
    # scipy's binomial cdf forms 1 - q and raises it to the power ~n: n EPS/2 relative, plus a few roundings per
    # unit of the mean (8 (1 + np) EPS; measured at most half of the total against mpmath); exp(-x) errs by
    # x 1.5 EPS (x = rate n q carries 1.5 EPS relative) plus one ulp
    x = chernoff_rate * mean
    chernoff_tol = (n / 2 + 8 * (1 + mean)) * EPS * cdf + (2 + 2 * x) * EPS * chernoff
    checks.append(le(cdf, chernoff, tol=chernoff_tol,
                     label=f"Chernoff: P[Bin({n}, {q:.4g}) <= np/2] <= exp(-np/8)",
                     why="(n/2 + 8 (1 + np)) EPS cdf + (2 + 2 x) EPS e^{-x}: the binomial cdf and exp roundings"))
    s = math.floor(inst.delta) + 1
    ratio = central_binomial_ratio(inst.n_ball)
    ball = small_ball(inst.n_ball, inst.delta)
    # both steps are exact: rationals compared as rationals, and sqrt(2/(pi n)) through its square with the
    # rational upper bound 355/113 > pi (355/113 - pi = 2.7e-7, far below the margin 1/(2n) of the inequality)
    checks.append(le(ball, (s if with_s else 1) * ratio,
                     label=f"Lemma B.10 (Erdos): small ball <= s C(n, n/2)/2^n, n = {inst.n_ball}, s = {s}"))
    checks.append(le(ratio ** 2 * inst.n_ball * PI_UPPER, Fraction(2),
                     label="C(n, n/2)/2^n <= sqrt(2/(pi n)), squared: (C(n, n/2)/2^n)^2 n (355/113) <= 2"))
    return checks


PI_UPPER = Fraction(355, 113)
"""A rational upper bound of pi (by 2.7e-7)."""


LOWER_BOUND = Claim(
    id="karp-cntk-lower-bound-explicit",
    title="Karp Theorems B.1 / 3.2: the CNTK lower bound with the proof's explicit constants",
    statement="if every noise row satisfies P[|g(eps)| >= C sigma |g(w*)|] >= p (Lemmas B.11/B.12; p = 4 Phi^c(C) "
              "Phi^c(D) for one channel), then for every (w, b) error >= (1/4)(1 - exp(-kp/8) - s sqrt(4/(pi k p))), "
              "s = floor(1/(C sigma)) + 1; this is >= 0.1 for all ln k >= ln k1(C, p), and for one channel "
              "ln k1 = 103.3 (k1 ~ 7e44) at the best C (about 1.19) -- the 'sufficiently large k' of the theorems; "
              "the steps "
              "P[Bin(n, p) <= np/2] <= e^{-np/8} and P[sum xi_i in B] <= s C(n, n/2)/2^n <= s sqrt(2/(pi n)) hold "
              "exactly",
    sources=[Source(KARP, "App. B.2.1, Theorem B.1 (m = 1)", ("KARP-39",)),
             Source(KARP, "Sec. 3.5 and App. B.2.2, Theorem 3.2 (m = O(1) channels)", ("KARP-41",))],
    kind="proxy",
    proxy="'there exists k1 such that for all k >= k1 the error is >= 0.1' is represented by the proof's explicit "
          "bound, evaluated at ln k between the computed threshold ln k1(C, p) and 700, together with exact checks of "
          "its Chernoff and small-ball steps (the probability-0.999 Init Event and Lemmas B.11/B.12 are separate "
          "claims)",
    area="kernels",
    instances=lower_bound_draws(),
    conclusion=lower_bound,
    proof_idea="error >= P[sum_{I+} g >= |g(w*)|] P[sum_{I-} g >= 0] >= (1/4) P[sum_{I+} g not in (-|g*|, |g*|)]; "
               "|I+| ~ Bin(k, p) exceeds kp/2 except w.p. e^{-kp/8}, and then the rows of I+ (|a_i| >= 1 in units of "
               "C sigma |g*|, random signs by symmetry) put their sum in an interval of half-length 1/(C sigma) w.p. "
               "<= s sqrt(2/(pi n)) < s sqrt(4/(pi k p)).  Since s ~ sqrt(k)/(C ln k), the bound needs "
               "ln k >> 2/(C sqrt(pi p)).",
    mutants=[
        Mutant("practical-k", "at k <= 1e6 the explicit bound is negative: the proof certifies nothing at practical k",
               conclusion=lambda i: lower_bound(i, practical=True)),
        Mutant("chernoff-rate-half", "the lower tail at half the mean decays like e^{-np/8}, not e^{-np/2}",
               conclusion=lambda i: lower_bound(i, chernoff_rate=0.5)),
        Mutant("small-ball-without-s", "an interval of half-length >= 1 can hold two central atoms",
               conclusion=lambda i: lower_bound(i, with_s=False)),
    ],
    examples=120,
)
test_karp_cntk_lower_bound_explicit = LOWER_BOUND.test()
