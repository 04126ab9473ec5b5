"""Randomized smoothing (Cohen, Rosenfeld and Kolter): the Neyman-Pearson bound, the certified l_2
radius, and the gradient bound of smoothed functions.

Statement.  Let ``h`` be any classifier, ``η ~ N(0, σ²I)`` and ``p_c(x) = P(h(x + η) = c)``.
- For every ``x, x'`` and class ``c``: ``p_c(x') >= Φ(Φ⁻¹(p_c(x)) - ‖x - x'‖₂/σ)``, with equality for
  halfspaces when ``x' - x`` is normal to the boundary.
- If ``p_A = p_{c_A}(x) > p_B = max_{c ≠ c_A} p_c(x)``, the smoothed classifier ``g = argmax_c p_c``
  keeps the strict plurality ``c_A`` on ``‖δ‖₂ < R = (σ/2)(Φ⁻¹(p_A) - Φ⁻¹(p_B))``; for a halfspace
  (``p_B = 1 - p_A``), ``R = σΦ⁻¹(p_A)`` is exactly the distance to the boundary, so the bound is tight
  and at ``‖δ‖ = R`` a tie occurs.  With more labels the binary form ``σΦ⁻¹(p_A)`` (when ``p_A > 1/2``)
  is a weaker but valid certificate, since ``p_B <= 1 - p_A``.
- If ``|g| <= 1`` then ``ĝ(x) = E g(x + Z)``, ``Z ~ N(0, I)``, has ``‖∇ĝ(x)‖₂ <= √(2/π)`` in every
  dimension (``1/√(2π)`` for ``g ∈ [0, 1]``); a one-sided bound ``g <= 1`` gives nothing.

Sources.  Zhao, *From Approximation to Emergence*, Def. 13.11 and Figs 13.8-13.11 (ZHAO-122); *MSML*
Ch. 24, C.16 (MSML-259); Arora et al., *Theory of Deep Learning*, Thm 18.2.3 (ARORA-1096),
Cor. 18.2.4 (ARORA-1097, printed with ``<=``: audited), Problem 18.2.5 (ARORA-1098, printed with
``g <= 1``: audited).

Proof idea.  Neyman-Pearson: among sets of ``N(x, σ²I)``-mass ``p``, a halfspace normal to ``x' - x``
has the least ``N(x', σ²I)``-mass, which is ``Φ(Φ⁻¹(p) - ‖x' - x‖/σ)``; the same bound applied to
``1 - p_c`` bounds each other class from above by ``Φ(Φ⁻¹(p_B) + ‖δ‖/σ)``, and the two bounds cross at
``R``.  ``∇ĝ(x) = E[g(x + Z) Z]``, so ``uᵀ∇ĝ <= E|uᵀZ| = √(2/π)`` for a unit ``u``.

Base classifiers are grids (a label per cell of an axis-parallel grid in ``R^1`` or ``R^2``, the
class probabilities exact sums of products of Gaussian interval masses) and halfspaces in ``R^1..R^4``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from scipy.special import ndtr, ndtri

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.documents import ARORA, MSML, ZHAO
from checks.robustness import grid_smoothed_gradient
from checks.strategies.robustness import (BaseClassifier, BoundedFunction, base_classifiers, bounded_functions,
                                          three_class_intervals)

U = np.finfo(float).eps
SQRT_2_OVER_PI = math.sqrt(2 / math.pi)
INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
P_RANGE = (1e-9, 1 - 1e-9)


def _prob_err(h: BaseClassifier) -> float:
    # each cell mass is a product of <= 2 differences of ndtr values (relative error a few u each);
    # summing <= cells terms of size <= 1: 64 (cells + 2) u
    return 64 * (h.cells + 2) * U


def _directions(h: BaseClassifier, a: int, c: int) -> list[np.ndarray]:
    """Unit directions: against the gradient of ``p_a - p_c`` (the locally worst), and a random one."""
    out = []
    g = h.grad_gap(h.x, a, c)
    if np.linalg.norm(g) > 0:
        out.append(-g / np.linalg.norm(g))
    u = np.random.default_rng(h.direction_seed).standard_normal(len(h.x))
    out.append(u / np.linalg.norm(u))
    return out


# --- claim 1: the Neyman-Pearson lower bound ----------------------------------------------------

def _np_checks(h: BaseClassifier, bound) -> list[Check]:
    p = h.probs(h.x)
    out = []
    e = _prob_err(h)
    for c in range(h.classes):
        if not P_RANGE[0] <= p[c] <= P_RANGE[1]:
            continue
        z = float(ndtri(p[c]))
        other = (c + 1) % h.classes
        for v in _directions(h, c, other):
            for s in h.fractions:
                t = 3 * s * h.sigma  # distances up to 3 sigma
                q = h.probs(h.x + t * v)[c]
                # error of p_c(x') plus the propagated error of p_c(x): phi(z - t/sigma)/phi(z) e
                tol = e * (2 + math.exp(z * t / h.sigma - (t / h.sigma) ** 2 / 2)) + 8 * U
                out.append(ge(float(q), bound(float(p[c]), t, h.sigma), tol=tol,
                              label=f"p_{c}(x') >= bound at ||x' - x|| = {t:.3g}",
                              why="64 (cells + 2) u (2 + phi(z - t/sigma)/phi(z)) + 8u"))
    return out or [holds(True, "no class probability in [1e-9, 1 - 1e-9]: nothing to compare")]


def np_bound(p: float, t: float, sigma: float) -> float:
    return float(ndtr(ndtri(p) - t / sigma))


NEYMAN_PEARSON = Claim(
    id="smoothing-neyman-pearson-bound",
    title="Randomized smoothing: P(h(x' + eta) = c) >= Phi(Phi^-1(P(h(x + eta) = c)) - ||x - x'||/sigma)",
    statement="for any classifier h, eta ~ N(0, sigma^2 I), points x, x' and class c: p_c(x') >= "
              "Phi(Phi^{-1}(p_c(x)) - ||x - x'||_2/sigma), with equality for a halfspace moved along its normal",
    sources=[Source(ARORA, "Thm 18.2.3", ("ARORA-1096",)),
             Source(ZHAO, "Def. 13.11, Figs 13.8-13.11 (probability-gap certification)", ("ZHAO-122",))],
    kind="numeric",
    area="robustness",
    instances=base_classifiers(),
    conclusion=lambda h: _np_checks(h, np_bound),
    proof_idea="Neyman-Pearson: the set of N(x, sigma^2)-mass p with least N(x', sigma^2)-mass is the "
               "halfspace {u : <u - x, x' - x> <= ...} normal to x' - x, whose mass is the bound.",
    mutants=[
        Mutant("half-distance", "a halfspace moved along its normal attains the bound with ||x - x'||/sigma, "
               "so ||x - x'||/(2 sigma) overstates it", conclusion=lambda h: _np_checks(
                   h, lambda p, t, s: float(ndtr(ndtri(p) - t / (2 * s))))),
        Mutant("linear-slope-quarter", "Phi has slope 1/sqrt(2 pi) ~ 0.399 > 1/4 at 1/2, so p - t/(4 sigma) "
               "fails for halfspaces through x at small t", conclusion=lambda h: _np_checks(
                   h, lambda p, t, s: p - t / (4 * s))),
        Mutant("drop-sigma", "the distance is measured in units of sigma; for sigma < 1 the bound with "
               "||x - x'|| alone is too large", conclusion=lambda h: _np_checks(
                   h, lambda p, t, s: float(ndtr(ndtri(p) - t)))),
    ],
    examples=40,
)
test_smoothing_neyman_pearson_bound = NEYMAN_PEARSON.test()


# --- claim 2: the certified radius ------------------------------------------------------------------

def _radius_checks(h: BaseClassifier, radius, linf: bool = False) -> list[Check]:
    p = h.probs(h.x)
    order = np.argsort(p)[::-1]
    a, b = int(order[0]), int(order[1])
    e = _prob_err(h)
    if not (P_RANGE[0] <= p[b] and p[a] <= P_RANGE[1] and p[a] - p[b] > 4 * e):
        return [holds(True, "no strict plurality away from 0 and 1: nothing to certify")]
    R = radius(h, p, a, b)
    out = []
    if p[a] > 0.5:
        # the binary form sigma Phi^-1(p_A) never exceeds R, since p_B <= 1 - p_A; rounding of both
        # sides: sigma e (1/phi(Phi^-1(p_A)) + 1/phi(Phi^-1(p_B))), bounded via the smaller density
        dens = min(math.exp(-float(ndtri(q)) ** 2 / 2) for q in (p[a], p[b])) / math.sqrt(2 * math.pi)
        out.append(le(h.sigma * float(ndtri(p[a])), cohen_radius(h, p, a, b), tol=4 * h.sigma * e / dens,
                      label="binary form sigma Phi^-1(p_A) <= R", why="4 sigma e / min phi"))
    if h.kind == "halfspace":
        dist = abs(h.b - float(h.w @ h.x)) / float(np.linalg.norm(h.w))
        # R = sigma Phi^-1(p_A) with p_A = Phi(dist/sigma) to relative accuracy e: error <= sigma e/phi
        phi = math.exp(-(dist / h.sigma) ** 2 / 2) / math.sqrt(2 * math.pi)
        out.append(close(R, dist, tol=4 * h.sigma * e / phi + 8 * U * dist,
                         label="binary halfspace: R = distance to the boundary",
                         why="4 sigma e / phi(dist/sigma) + 8 u dist"))
    for c in range(h.classes):
        if c == a:
            continue
        for v in _directions(h, a, c):
            step = np.sign(v) if linf else v
            for s in h.fractions:
                q = h.probs(h.x + s * R * step)
                # the plurality must survive: p_c(x') <= p_A(x') up to the error of both sides
                out.append(le(float(q[c]), float(q[a]), tol=2 * e,
                              label=f"p_{c}(x + delta) <= p_{a}(x + delta) at ||delta|| = {s:.3g} R",
                              why="64 (cells + 2) u per probability"))
    return out


def cohen_radius(h: BaseClassifier, p, a, b) -> float:
    return h.sigma / 2 * float(ndtri(p[a]) - ndtri(p[b]))


def doubled_radius(h: BaseClassifier, p, a, b) -> float:
    return 2 * cohen_radius(h, p, a, b)


def least_likely_radius(h: BaseClassifier, p, a, b) -> float:
    rest = [float(p[c]) for c in range(h.classes) if c != a]
    return h.sigma / 2 * float(ndtri(p[a]) - ndtri(max(min(rest), P_RANGE[0])))


RADIUS = Claim(
    id="smoothing-certified-radius",
    title="Randomized smoothing certifies the l_2 radius (sigma/2)(Phi^-1(p_A) - Phi^-1(p_B))",
    statement="if p_A = P(h(x + eta) = c_A) > p_B = max_{c != c_A} P(h(x + eta) = c), eta ~ N(0, sigma^2 I), "
              "then c_A stays the strict plurality of h(x + delta + eta) for ||delta||_2 < R = (sigma/2)"
              "(Phi^{-1}(p_A) - Phi^{-1}(p_B)); for a halfspace R = sigma Phi^{-1}(p_A) is the distance to "
              "the boundary",
    sources=[Source(ZHAO, "Def. 13.11 and the certificate of Figs 13.8-13.11", ("ZHAO-122",)),
             Source(MSML, "Ch. 24, C.16", ("MSML-259",)),
             Source(ARORA, "Cor. 18.2.4 (with the strict inequality)", ("ARORA-1097",))],
    kind="numeric",
    area="robustness",
    instances=st.one_of(base_classifiers(), three_class_intervals()),
    conclusion=lambda h: _radius_checks(h, cohen_radius),
    proof_idea="The Neyman-Pearson bound gives p_A(x + delta) >= Phi(Phi^-1(p_A) - ||delta||/sigma) and, "
               "applied to 1 - p_c, p_c(x + delta) <= Phi(Phi^-1(p_B) + ||delta||/sigma); these are "
               "ordered strictly while ||delta|| < R.",
    mutants=[
        Mutant("radius-without-half", "sigma (Phi^-1(p_A) - Phi^-1(p_B)) is twice the distance to the "
               "boundary of a halfspace", conclusion=lambda h: _radius_checks(h, doubled_radius)),
        Mutant("least-likely-other-label", "with three labels, the least likely one can have tiny "
               "probability; the runner-up then takes over inside the inflated radius",
               conclusion=lambda h: _radius_checks(h, least_likely_radius), instances=three_class_intervals()),
        Mutant("same-radius-in-linf", "a perturbation of l_inf size R along sign(w) has l_2 size up to "
               "R sqrt(d) and crosses the boundary of a dense halfspace",
               conclusion=lambda h: _radius_checks(h, cohen_radius, linf=True),
               instances=base_classifiers(grids=False).filter(lambda h: len(h.x) >= 3)),
    ],
    examples=40,
)
test_smoothing_certified_radius = RADIUS.test()


@st.composite
def rational_halfspaces(draw: st.DrawFn) -> tuple:
    """A halfspace ``w·u <= b`` with Pythagorean ``w`` (rational norm), rational ``x``, ``σ`` and a
    radius fraction ``τ ∈ [0, 1]`` (``τ = 1``: the closed ball's boundary)."""
    k = draw(st.integers(1, 4))
    w = draw(st.sampled_from([(3, 4), (5, 12), (8, 15), (1, 0)]))
    w = (Fraction(w[0] * k), Fraction(w[1] * k))
    x = tuple(draw(st.lists(st.fractions(-3, 3, max_denominator=5), min_size=2, max_size=2)))
    b = draw(st.fractions(-5, 5, max_denominator=5))
    sigma = draw(st.sampled_from([Fraction(1, 4), Fraction(1, 2), Fraction(1), Fraction(2)]))
    tau = draw(st.one_of(st.just(Fraction(1)), st.fractions(0, 1, max_denominator=10)))
    return w, b, x, sigma, tau


def closed_ball(inst: tuple) -> Check:
    w, b, x, sigma, tau = inst
    nw = Fraction(math.isqrt(int(w[0] ** 2 + w[1] ** 2)))
    s = (b - (w[0] * x[0] + w[1] * x[1])) / (sigma * nw)  # p_0(x) = Phi(s), exactly
    if s == 0:
        return equal(0, 0, label="no plurality at x")
    # the plurality class is 0 if s > 0, else 1; p_B = 1 - p_A, so R = sigma Phi^-1(Phi(|s|)) = sigma |s|
    R = sigma * abs(s)
    sign = 1 if s > 0 else -1
    delta = tuple(sign * tau * R * a / nw for a in w)  # towards the boundary, ||delta|| = tau R
    s_new = (b - sum(a * (t + d) for a, t, d in zip(w, x, delta))) / (sigma * nw)
    return holds(sign * s_new > 0, "c_A is the unique most probable label of g(x + delta) for ||delta|| <= R",
                 f"||delta|| = {tau} R, standardized distance after the move {s_new}")


CLOSED_BALL_AUDIT = Claim(
    id="arora-certified-radius-closed-ball-as-printed",
    title="ARORA-1097 as printed: the certificate on the closed ball ||delta|| <= R",
    statement="if P[g(x) = y] = p_a and every other label has probability <= p_0 < p_a, then y is the "
              "unique most probable label of g(x + delta) whenever ||delta||_2 <= (beta/2)(Phi^-1(p_a) - "
              "Phi^-1(p_0))",
    sources=[Source(ARORA, "Cor. 18.2.4", ("ARORA-1097",))],
    kind="exact",
    area="robustness",
    instances=rational_halfspaces(),
    conclusion=closed_ball,
    proof_idea="(as printed) the Neyman-Pearson bounds, with the boundary case included.",
    audit=True,
    corrected="smoothing-certified-radius",
    finding="For a halfspace with p_0 = 1 - p_a the radius is exactly the distance to the boundary: at "
            "||delta|| = R along the normal, x + delta lies on the boundary and both labels have probability "
            "1/2, a tie.  Corrected: the strict inequality ||delta|| < R.",
    examples=30,
)
test_arora_certified_radius_closed_ball_as_printed = CLOSED_BALL_AUDIT.test()


# --- claim 3: gradients of smoothed bounded functions -------------------------------------------------

def _gradient_norm(f: BoundedFunction) -> float:
    return float(np.linalg.norm(grid_smoothed_gradient(f.breaks, f.values, f.x)))


def _grad_tol(f: BoundedFunction) -> float:
    # each partial is a sum over cells of |value| (<= max|g|) times products of ndtr/phi terms
    return 64 * (f.values.size + 2) * U * max(1.0, float(np.max(np.abs(f.values))))


def gradient_bound(f: BoundedFunction, bound: float) -> Check:
    return le(_gradient_norm(f), bound, tol=_grad_tol(f), label=f"||grad g_hat(x)|| <= {bound:.6g}",
              why="64 (cells + 2) u max|g|")


def two_sided(f: BoundedFunction) -> list[Check]:
    # [0, 1]-valued functions: the shifted (g + 1)/2 of a [-1, 1]-valued g
    half = BoundedFunction(f.breaks, (f.values + 1) / 2, f.x, f.family)
    return [gradient_bound(f, SQRT_2_OVER_PI), gradient_bound(half, INV_SQRT_2PI)]


GRADIENT = Claim(
    id="smoothed-gradient-bound",
    title="Gaussian smoothing of a bounded function has gradient norm <= sqrt(2/pi)",
    statement="if |g| <= 1 then g_hat(x) = E g(x + Z), Z ~ N(0, I_d), has ||grad g_hat(x)||_2 <= sqrt(2/pi) "
              "in every dimension d, and <= 1/sqrt(2 pi) if g takes values in [0, 1]; both attained by "
              "steps across a hyperplane through x",
    sources=[Source(ARORA, "Problem 18.2.5 (two-sided bound)", ("ARORA-1098",))],
    kind="numeric",
    area="robustness",
    instances=bounded_functions(),
    conclusion=two_sided,
    proof_idea="grad g_hat(x) = E[g(x + Z) Z] (Stein), so for a unit u: u.grad g_hat <= E|u.Z| = sqrt(2/pi); "
               "for g in [0, 1] subtract 1/2 and halve.",
    mutants=[
        Mutant("quarter-bound-two-sided", "the step from -1 to 1 through x has gradient norm 2 phi(0) = "
               "sqrt(2/pi), twice 1/sqrt(2 pi)", conclusion=lambda f: gradient_bound(f, INV_SQRT_2PI)),
        Mutant("shrinks-with-dimension", "the step through x is one-dimensional: its gradient norm "
               "sqrt(2/pi) does not shrink like 1/sqrt(d)",
               conclusion=lambda f: gradient_bound(f, SQRT_2_OVER_PI / math.sqrt(len(f.x))),
               instances=bounded_functions().filter(lambda f: len(f.x) >= 2)),
    ],
    examples=40,
)
test_smoothed_gradient_bound = GRADIENT.test()


GRADIENT_AUDIT = Claim(
    id="arora-smoothed-gradient-one-sided-as-printed",
    title="ARORA-1098 as printed: g(x) <= 1 implies ||grad g_hat|| <= sqrt(2/pi)",
    statement="if g(x) <= 1 for all x then ||grad E g(x + Z)||_2 <= sqrt(2/pi)",
    sources=[Source(ARORA, "Problem 18.2.5", ("ARORA-1098",))],
    kind="numeric",
    area="robustness",
    instances=st.floats(2.5, 100.0).flatmap(lambda M: bounded_functions(low=-M, high=1.0)),
    conclusion=lambda f: gradient_bound(f, SQRT_2_OVER_PI),
    proof_idea="(as printed) the Stein identity with a one-sided bound.",
    audit=True,
    corrected="smoothed-gradient-bound",
    finding="A one-sided bound controls nothing: g = -M 1[u_1 > x_1] + 1[u_1 <= x_1] has g <= 1 and "
            "||grad g_hat(x)|| = (M + 1)/sqrt(2 pi), unbounded in M.  Corrected: |g| <= 1.",
    examples=30,
)
test_arora_smoothed_gradient_one_sided_as_printed = GRADIENT_AUDIT.test()
