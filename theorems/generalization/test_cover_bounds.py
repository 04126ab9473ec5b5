"""Generalization through ρ-covers of the parameter space: cover sizes of the unit ball, Lipschitz
constants of losses on it, and the union bound over a cover.

Statement.
- A ``ρ``-separated subset of ``Ball(0, 1) ⊂ R^k`` (pairwise distances ``> ρ``) has at most
  ``(1 + 2/ρ)^k`` points; a maximal one (the greedy pass) is a ``ρ``-cover, so covers of that size
  exist.  In ``k = 1`` the smallest ``ρ``-cover of ``[-1, 1]`` has exactly ``⌈1/ρ⌉`` points.
- The squared loss ``ℓ(w) = (w·x - y)²`` on the unit ball is ``C``-Lipschitz with
  ``C = 2‖x‖(‖x‖ + |y|)``, attained at ``w* = -sign(y) x/‖x‖``; it has no global constant on ``R^k``.  A
  ``C``-Lipschitz loss satisfies the ``(ρ, γ)`` condition (``‖w1 - w2‖ <= ρ ⇒ |ℓ(w1) - ℓ(w2)| <= γ``)
  with ``γ = Cρ``.
- For ``f(x) = aᵀσ(Wx)`` (ReLU) off the kinks, ``‖∇_{(a,W)} (f - y)²‖ = 2|f - y| (‖σ(Wx)‖² +
  ‖x‖² Σ_j a_j² 1[w_j·x > 0])^{1/2}``.
- Losses in ``[0, 1]`` on a parameter ball with the ``(ρ, γ)`` condition: with probability ``>= 1 - δ``,
  every ``h`` has ``L_D(h) - L̂_S(h) <= 2γ + √((k ln(1 + 2/ρ) + ln(1/δ))/(2m))``.

Audits.  "The ``(ρ, γ)`` condition makes the local Lipschitz constant at most ``γ/ρ``" reverses the
implication (``A sin(w/ε)``).  "A ``ρ``-cover of size ``((2 + ρ)/(2ρ))^k``; the greedy process stops
after ``(2/ρ)^k`` steps" loses a factor 2 (``k = 1, ρ = 5/12`` needs 3 > 2.9 points).  The printed
bound ``Δ_S(h) <= γ + 2√(k log(2/ρ)/m)`` carries no confidence level and fails on atypical samples.

Sources.  Arora et al., *Theory of Deep Learning*, §5.2: the paragraph before Problem 5.2.3
(ARORA-53), Problems 5.2.3 and 5.2.4 (ARORA-54, ARORA-55), Lemma 5.2.6 (ARORA-56), Theorem 5.2.7
(ARORA-57).

Proof idea.  Balls of radius ``ρ/2`` around separated points are disjoint inside ``Ball(0, 1 + ρ/2)``:
compare volumes.  An interval of length ``2ρ`` covers length ``2ρ``, so ``[-1, 1]`` needs ``⌈1/ρ⌉``.
The gradient ``2(w·x - y)x`` has norm ``2|w·x - y|‖x‖ <= 2(‖x‖ + |y|)‖x‖`` on the ball, and the mean
value theorem turns a gradient bound into a Lipschitz bound.  For the generalization bound, Hoeffding
and a union bound over a cover of ``N <= (1 + 2/ρ)^k`` centres, then both ``L_D`` and ``L̂_S`` move by
at most ``γ`` from a centre to any ``h`` within ``ρ``.

Everything but the ReLU gradient is exact: rational points and losses, exact laws of samples on a
finite support, irrational thresholds enclosed between rationals.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from math import ceil

import numpy as np
import torch

from checks.claim import Check, Claim, Mutant, Source, close, equal, holds, le
from checks.covers import (clipped_loss_matrix, covers_interval, greedy_separated, interval_net,
                           min_separation_sq, packing_bound, relu_net_grad_norm_sq, sq_dist,
                           squared_loss, squared_loss_gradient, squared_loss_lipschitz)
from checks.distributions import le_enclosed, q as iv_rational
from checks.documents import ARORA
from checks.finite_class import FiniteProblem, exceeds, log_enclosure, sample_law, sqrt_enclosure, scaled
from checks.linalg import EPS
from checks.strategies.covers import (ClippedProblem, CoverInstance, LossInstance, ReluNet, SineLoss,
                                      bernoulli_problems, clipped_problems, cover_instances, grid_instances,
                                      loss_instances, relu_nets, sine_losses)

# --- claim 1: cover and packing sizes ----------------------------------------------------------------


def _separated(inst: CoverInstance) -> tuple[list, Check]:
    kept = greedy_separated(inst.points, inst.rho)
    sep = min_separation_sq(kept)
    return kept, holds(sep is None or sep > inst.rho**2, "the greedy output is rho-separated",
                       f"min squared separation {sep}, rho^2 = {inst.rho ** 2}")


def cover_sizes(inst: CoverInstance) -> list[Check]:
    kept, separated = _separated(inst)
    out = [separated, le(len(kept), packing_bound(inst.rho, inst.k),
                         label="|rho-separated set in the unit ball| <= (1 + 2/rho)^k")]
    if inst.k == 1:
        net, n = interval_net(inst.rho), ceil(1 / inst.rho)
        out += [holds(covers_interval(net, inst.rho), "the ceil(1/rho) explicit centres cover [-1, 1]"),
                holds(2 * inst.rho * (n - 1) < 2, "ceil(1/rho) - 1 intervals of length 2 rho are too short for [-1, 1]",
                      f"total length {2 * inst.rho * (n - 1)} < 2"),
                le(n, 1 + 2 / inst.rho, label="N(rho, [-1, 1]) = ceil(1/rho) <= 1 + 2/rho")]
    return out


def _cover_number_power(inst: CoverInstance) -> list[Check]:
    if inst.k != 1:
        return [holds(True, "k > 1: no exact covering number")]
    return [le(ceil(1 / inst.rho), 1 / inst.rho, label="N(rho, [-1, 1]) <= (1/rho)^k")]


def _greedy_vs(bound: Callable[[Fraction], Fraction]) -> Callable[[CoverInstance], Check]:
    def conclusion(inst: CoverInstance) -> Check:
        kept = greedy_separated(inst.points, inst.rho)
        return le(len(kept), bound(inst.rho) ** inst.k, label="|greedy rho-separated set| <= bound^k")
    return conclusion


COVER = Claim(
    id="unit-ball-cover-size",
    title="ρ-covers of the unit ball: (1 + 2/ρ)^k points suffice, ⌈1/ρ⌉ exactly in k = 1",
    statement="every rho-separated subset of Ball(0,1) in R^k has at most (1 + 2/rho)^k points, so a maximal one "
              "(a rho-cover) has at most that many; the smallest rho-cover of [-1, 1] has ceil(1/rho) points",
    sources=[Source(ARORA, "§5.2, Lemma 5.2.6 and its proof (corrected constant)", ("ARORA-56",))],
    kind="exact",
    area="generalization",
    instances=cover_instances(),
    conclusion=cover_sizes,
    proof_idea="Disjoint balls of radius rho/2 around the separated points fit in Ball(0, 1 + rho/2): "
               "n (rho/2)^k <= (1 + rho/2)^k.  In k = 1 the explicit centres -1 + rho(2j + 1) cover, and "
               "fewer than 1/rho intervals of length 2 rho have total length below 2.",
    mutants=[
        Mutant("one-over-rho-power", "(1/rho)^k is only the volume lower bound: [-1, 1] needs ceil(1/rho) > 1/rho "
               "points when 1/rho is not an integer", conclusion=_cover_number_power,
               instances=grid_instances()),
        Mutant("greedy-two-over-rho", "the greedy pass can keep floor(2/rho) + 1 > 2/rho points of [-1, 1] "
               "(-1, 0, 1 for rho = 0.99)", conclusion=_greedy_vs(lambda r: 2 / r), instances=grid_instances()),
        Mutant("radius-rho-volume", "comparing volumes with balls of radius rho instead of rho/2 gives (1 + 1/rho)^k, "
               "but the grid of spacing just above rho holds about 2/rho points", conclusion=_greedy_vs(lambda r: 1 + 1 / r),
               instances=grid_instances()),
    ],
    examples=60,
)
test_unit_ball_cover_size = COVER.test()


def cover_printed(inst: CoverInstance) -> list[Check]:
    kept = greedy_separated(inst.points, inst.rho)
    out = [le(len(kept), (2 / inst.rho) ** inst.k, label="greedy process stops after <= (2/rho)^k steps")]
    if inst.k == 1:
        out.append(le(ceil(1 / inst.rho), (2 + inst.rho) / (2 * inst.rho),
                      label="N(rho, [-1, 1]) <= ((2 + rho)/(2 rho))^k"))
    return out


COVER_AUDIT = Claim(
    id="unit-ball-cover-size-printed",
    title="Audit: a ρ-cover of the unit ball of size ((2 + ρ)/(2ρ))^k",
    statement="as printed: Ball(0,1) in R^k has a rho-cover of size at most ((2 + rho)/(2 rho))^k, and the greedy "
              "process terminates after at most (2/rho)^k steps (0 < rho <= 1)",
    sources=[Source(ARORA, "§5.2, Lemma 5.2.6 and its proof", ("ARORA-56",))],
    kind="exact",
    area="generalization",
    instances=cover_instances(),
    conclusion=cover_printed,
    proof_idea="The proof's volume ratio vol Ball(1 + rho/2)/vol Ball(rho/2) equals (1 + 2/rho)^k; the printed "
               "forms lose a factor 2.",
    audit=True,
    corrected="unit-ball-cover-size",
    finding="k = 1, rho = 5/12: every rho-cover of [-1, 1] needs ceil(12/5) = 3 points but (2 + rho)/(2 rho) = 2.9; "
            "the greedy process keeps -1, 0, 1 for rho = 0.99 (3 > 2/rho = 2.02 steps).  The proof's own volume "
            "argument gives (1 + 2/rho)^k, which is checked as the corrected claim",
    examples=100,
)
test_unit_ball_cover_size_printed = COVER_AUDIT.test()


# --- claim 2: the Lipschitz constant of the squared loss on the unit ball ---------------------------

def _norm_sq(v) -> Fraction:
    return sq_dist(v, (0,) * len(v))


def _lipschitz_checks(inst: LossInstance, C: Fraction) -> list[Check]:
    x = inst.x
    l1, l2 = squared_loss(inst.w1, x, inst.y), squared_loss(inst.w2, x, inst.y)
    d2 = sq_dist(inst.w1, inst.w2)
    out = [le((l1 - l2) ** 2, C * C * d2, label="(l(w1) - l(w2))^2 <= C^2 ||w1 - w2||^2")]
    if d2 <= inst.rho**2:
        out.append(le(abs(l1 - l2), C * inst.rho, label="||w1 - w2|| <= rho => |l(w1) - l(w2)| <= C rho"))
    return out


def squared_loss_lipschitz_checks(inst: LossInstance) -> list[Check]:
    x, C = inst.x, squared_loss_lipschitz(inst.a, inst.y)
    s = 1 if inst.y >= 0 else -1
    w_star = tuple(-s * c for c in inst.u)
    g_star = squared_loss_gradient(w_star, x, inst.y)
    return [equal(_norm_sq(g_star), C * C, label="||grad l(w*)||^2 = C^2 at w* = -sign(y) x/||x||"),
            *(le(_norm_sq(squared_loss_gradient(w, x, inst.y)), C * C, label="||grad l(w)||^2 <= C^2 on the ball")
              for w in (inst.w1, inst.w2)),
            *_lipschitz_checks(inst, C)]


def _with_constant(const: Callable[[Fraction, Fraction], Fraction]) -> Callable[[LossInstance], list[Check]]:
    return lambda inst: _lipschitz_checks(inst, const(inst.a, abs(inst.y)))


LIPSCHITZ = Claim(
    id="squared-loss-lipschitz-unit-ball",
    title="The squared loss on the unit ball is 2‖x‖(‖x‖ + |y|)-Lipschitz, hence (ρ, Cρ)",
    statement="for l(w) = (w.x - y)^2 on Ball(0,1): sup ||grad l|| = 2||x||(||x|| + |y|) =: C (attained at "
              "w = -sign(y) x/||x||), |l(w1) - l(w2)| <= C ||w1 - w2||, so the (rho, gamma) condition holds with "
              "gamma = C rho",
    sources=[Source(ARORA, "§5.2, Problem 5.2.3", ("ARORA-54",)),
             Source(ARORA, "§5.2, before Problem 5.2.3 (the true direction: Lipschitz => (rho, C rho))",
                    ("ARORA-53",))],
    kind="exact",
    area="generalization",
    instances=loss_instances(),
    conclusion=squared_loss_lipschitz_checks,
    proof_idea="grad l = 2(w.x - y)x and |w.x - y| <= ||x|| + |y| on the ball, with equality at -sign(y)x/||x||; "
               "l(w1) - l(w2) is the integral of the gradient along the segment, which stays in the ball.",
    mutants=[
        Mutant("ignores-y", "near w* the loss changes at rate 2||x||(||x|| + |y|) > 2||x||^2 when y != 0",
               conclusion=_with_constant(lambda a, y: 2 * a * a)),
        Mutant("missing-factor-2", "the gradient of a square carries the factor 2",
               conclusion=_with_constant(lambda a, y: a * (a + y))),
        Mutant("global-constant", "outside the ball |w.x - y| is unbounded, so no constant works on R^k",
               conclusion=lambda inst: _lipschitz_checks(inst, squared_loss_lipschitz(inst.a, inst.y)),
               instances=loss_instances(radius=(2, 3))),
    ],
    examples=60,
)
test_squared_loss_lipschitz_unit_ball = LIPSCHITZ.test()


def sine_printed(inst: SineLoss) -> Check:
    # |sin s - sin t| <= min(2, |s - t|), so A sin(w/eps) satisfies the (rho, gamma) condition with this gamma
    gamma = min(2 * inst.A, inst.A * inst.rho / inst.eps)
    lipschitz = inst.A / inst.eps  # sup |A cos(w/eps)/eps|, attained at w = 0
    return le(lipschitz, gamma / inst.rho, label="Lipschitz constant of A sin(w/eps) on [-1, 1] <= gamma/rho")


LOCAL_AUDIT = Claim(
    id="rho-gamma-condition-bounds-lipschitz",
    title="Audit: the (ρ, γ) condition as a local Lipschitz constant at most γ/ρ",
    statement="as printed: if ||w1 - w2|| <= rho implies |l(w1) - l(w2)| <= gamma, this amounts to a local Lipschitz "
              "constant at most gamma/rho",
    sources=[Source(ARORA, "§5.2, the paragraph before Problem 5.2.3", ("ARORA-53",))],
    kind="exact",
    area="generalization",
    instances=sine_losses(),
    conclusion=sine_printed,
    proof_idea="A Lipschitz constant C gives gamma = C rho; the converse fails because the (rho, gamma) condition "
               "only limits oscillation at scale rho.",
    audit=True,
    corrected="squared-loss-lipschitz-unit-ball",
    finding="the implication is reversed: l(w) = A sin(w/eps) changes by at most gamma = min(2A, A rho/eps) over "
            "any step of length rho, yet its Lipschitz constant is A/eps > gamma/rho = 2A/rho whenever eps < rho/2 "
            "(A = 1/2, rho = 1/10, eps = 1/100: 50 > 10).  Correct: C-Lipschitz implies the (rho, C rho) condition",
    examples=40,
)
test_rho_gamma_condition_bounds_lipschitz = LOCAL_AUDIT.test()


# --- claim 3: the gradient norm of a two-layer ReLU net's squared loss -------------------------------

def _autograd_norm_sq(net: ReluNet) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, float]:
    a, W, x, y = net.arrays()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    at = torch.tensor(a, dtype=torch.float64, device=device, requires_grad=True)
    Wt = torch.tensor(W, dtype=torch.float64, device=device, requires_grad=True)
    xt = torch.tensor(x, dtype=torch.float64, device=device)
    loss = (at @ torch.relu(Wt @ xt) - y) ** 2
    ga, gW = torch.autograd.grad(loss, (at, Wt))
    return float((ga**2).sum() + (gW**2).sum()), a, W, x, y


def _relu_tol(a, W, x, y, value: float) -> float:
    # every term is a sum of <= width*dim products of O(1) numbers: relative rounding <= 8 (width + dim) eps
    return 8 * (W.size + a.size + x.size) * EPS * max(value, 1.0)


def relu_gradient(net: ReluNet) -> Check:
    g2, a, W, x, y = _autograd_norm_sq(net)
    f = relu_net_grad_norm_sq(a, W, x, y)
    return close(g2, f, tol=_relu_tol(a, W, x, y, f), label="||grad||^2 = 4(f - y)^2(||s(Wx)||^2 + ||x||^2 sum a_j^2 1[w_j x > 0])",
                 why="8 (#params + dim) eps max(value, 1)")


def _relu_variant(with_indicator: bool, with_x: bool) -> Callable[[ReluNet], Check]:
    def conclusion(net: ReluNet) -> Check:
        g2, a, W, x, y = _autograd_norm_sq(net)
        pre = W @ x
        h = np.maximum(pre, 0)
        r = float(a @ h) - y
        xx = float(x @ x) if with_x else 1.0
        act = (pre > 0) if with_indicator else np.ones_like(pre, dtype=bool)
        f = 4 * r * r * (float(h @ h) + xx * float(np.sum(a**2 * act)))
        return close(g2, f, tol=_relu_tol(a, W, x, y, f), label="||grad||^2 = variant formula",
                     why="8 (#params + dim) eps max(value, 1)")
    return conclusion


RELU = Claim(
    id="relu-net-squared-loss-gradient-norm",
    title="Gradient norm of a two-layer ReLU net's squared loss",
    statement="for f(x) = a^T relu(W x) with no unit at its kink, ||grad_(a,W) (f(x) - y)^2|| = "
              "2|f(x) - y| sqrt(||relu(Wx)||^2 + ||x||^2 sum_j a_j^2 1[w_j.x > 0])",
    sources=[Source(ARORA, "§5.2, Problem 5.2.4", ("ARORA-55",))],
    kind="numeric",
    area="generalization",
    instances=relu_nets(),
    conclusion=relu_gradient,
    proof_idea="d/da = 2(f - y) relu(Wx) and d/dw_j = 2(f - y) a_j 1[w_j.x > 0] x; add the squared norms.",
    mutants=[
        Mutant("count-inactive-units", "an inactive unit has zero gradient in its incoming weights",
               conclusion=_relu_variant(False, True)),
        Mutant("drop-x-norm", "the gradient in w_j is a_j x, of norm |a_j| ||x||", conclusion=_relu_variant(True, False)),
    ],
    examples=30,
)
test_relu_net_squared_loss_gradient_norm = RELU.test()


# --- claim 4: the generalization bound through a cover -------------------------------------------------

def _sup_gaps(P: ClippedProblem) -> tuple[np.ndarray, tuple[int, ...], int, int]:
    """Per count vector: ``G = W m Q sup_w (L_D(w) - L̂_S(w))`` (integers), the probability numerators,
    their denominator and the scale ``W m Q``."""
    M, Q = clipped_loss_matrix(P.slopes, P.offsets)
    dummy = FiniteProblem(P.weights, ((0,) * len(P.weights),))
    counts, nums, den = sample_law(dummy, P.m)
    W = sum(P.weights)
    diff = (P.m * np.asarray(P.weights, dtype=object)[None, :] - W * counts.astype(object))
    G = (diff @ M).max(axis=1)
    return G, nums, den, W * P.m * Q


def _log_one_plus_two_over(rho: Fraction) -> tuple[Fraction, Fraction]:
    return log_enclosure(rho.numerator + 2 * rho.denominator, rho.numerator)


def _tail(P: ClippedProblem, gamma_factor: int, log_delta: bool, root: bool) -> Fraction:
    G, nums, den, scale = _sup_gaps(P)
    lo1, hi1 = _log_one_plus_two_over(P.rho)
    lo2, hi2 = log_enclosure(P.q) if log_delta else (Fraction(0), Fraction(0))
    inner = scaled((lo1 + lo2, hi1 + hi2), Fraction(1, 2 * P.m))
    lo, hi = sqrt_enclosure(inner) if root else inner
    g = gamma_factor * P.gamma
    event = exceeds(G, scale, (lo + g, hi + g))
    return Fraction(sum(m for m, e in zip(nums, event.tolist()) if e), den)


def cover_bound(P: ClippedProblem) -> list[Check]:
    return [le(ceil(1 / P.rho), 1 + 2 / P.rho, label="cover of [-1, 1]: ceil(1/rho) <= 1 + 2/rho centres"),
            le(_tail(P, 2, True, True), Fraction(1, P.q),
               label="P(sup_w L_D - L_S > 2 gamma + sqrt((ln(1 + 2/rho) + ln(1/delta))/(2m))) <= delta")]


CLIPPED = clipped_problems()

COVER_BOUND = Claim(
    id="cover-union-generalization-bound",
    title="Uniform deviation through a ρ-cover: 2γ + √((k ln(1 + 2/ρ) + ln(1/δ))/(2m))",
    statement="losses in [0, 1] on Ball(0,1) in R^k with the (rho, gamma) condition: with probability >= 1 - delta, "
              "every h has L_D(h) - L_S(h) <= 2 gamma + sqrt((k ln(1 + 2/rho) + ln(1/delta))/(2m)) (checked "
              "exactly for k = 1, clipped linear losses on a finite law)",
    sources=[Source(ARORA, "§5.2, Theorem 5.2.7 and proof (with delta, 2 gamma and the cover size (1 + 2/rho)^k)",
                    ("ARORA-57",))],
    kind="exact",
    area="generalization",
    instances=CLIPPED,
    conclusion=cover_bound,
    proof_idea="Hoeffding, P(L_D(c) - L_S(c) > t) <= exp(-2 m t^2), and a union bound over N <= (1 + 2/rho)^k "
               "centres; a hypothesis within rho of a centre has L_D and L_S each within gamma of the centre's.",
    mutants=[
        Mutant("drop-log-delta", "without ln(1/delta) the radius is the Hoeffding radius at level 1/N, exceeded by a "
               "fair loss far more often than delta", conclusion=lambda P: le(_tail(P, 2, False, True), Fraction(1, P.q),
               label="P(sup > 2 gamma + sqrt(ln(1 + 2/rho)/(2m))) <= delta"),
               instances=bernoulli_problems()),
        Mutant("no-square-root", "the deviation of a mean of m fair bits is of order 1/sqrt(m), not 1/m",
               conclusion=lambda P: le(_tail(P, 2, True, False), Fraction(1, P.q),
                                       label="P(sup > 2 gamma + (ln(1 + 2/rho) + ln(1/delta))/(2m)) <= delta"),
               instances=bernoulli_problems()),
    ],
    examples=60,
)
test_cover_union_generalization_bound = COVER_BOUND.test()


def printed_sure_bound(P: ClippedProblem) -> Check:
    G, _, _, scale = _sup_gaps(P)
    worst = Fraction(int(max(G.tolist())), scale)  # every count vector has positive probability
    g, rho, m = P.gamma, P.rho, P.m
    return le_enclosed(worst, lambda iv: iv_rational(iv, g) + 2 * iv.sqrt(iv.log(iv_rational(iv, 2 / rho)) / m),
                       label="for every sample S: sup_h L_D - L_S <= gamma + 2 sqrt(k log(2/rho)/m)")


COVER_BOUND_AUDIT = Claim(
    id="cover-generalization-bound-printed",
    title="Audit: the cover bound Δ_S(h) <= γ + 2√(k log(2/ρ)/m) without a confidence level",
    statement="as printed: if hypotheses lie in the unit ball of R^k and ||h1 - h2|| <= rho moves every loss by at "
              "most gamma, then Delta_S(h) <= gamma + 2 sqrt(k log(2/rho)/m) (no probability stated)",
    sources=[Source(ARORA, "§5.2, Theorem 5.2.7", ("ARORA-57",))],
    kind="exact",
    area="generalization",
    instances=CLIPPED,
    conclusion=printed_sure_bound,
    proof_idea="A union bound gives the deviation only with probability 1 - delta; atypical samples exceed it.",
    audit=True,
    corrected="cover-union-generalization-bound",
    finding="as a statement about every sample it is false: a w-independent Bernoulli(p) loss (gamma = 0 for any "
            "rho) has Delta_S = p on the all-zero sample, which has positive probability, while "
            "2 sqrt(log(2/rho)/m) < p once m > 4 log(2/rho)/p^2 (rho = 1, p = 1/2, m = 12).  The proof also needs "
            "2 gamma (the training loss moves too) and the cover size (1 + 2/rho)^k; corrected: with probability "
            ">= 1 - delta, Delta_S(h) <= 2 gamma + sqrt((k ln(1 + 2/rho) + ln(1/delta))/(2m))",
    examples=100,
)
test_cover_generalization_bound_printed = COVER_BOUND_AUDIT.test()
