"""Uniform stability of stochastic gradient descent by coupling (Hardt, Recht and Singer).

Statement.  Run SGD ``w_t = P(w_{t-1} - alpha_t grad l(w_{t-1}; z_{i_t}))`` for ``T`` steps from a fixed
``w_0`` on a sample ``S`` and on ``S^(i)`` (``z_i`` replaced by ``z'_i``) with the same index sequence
``i_1..i_T`` (i.i.d. uniform on ``[n]``).  Let every ``l(.; z)`` be ``L``-Lipschitz.
- Convex, ``beta``-smooth losses, ``alpha_t <= 2/beta``: on every index sequence and at every ``t``,
  ``||w_t - w'_t|| <= 2L sum_{s <= t: i_s = i} alpha_s``; hence ``E||w_T - w'_T|| <= (2L/n) sum_t alpha_t``
  and ``E|l(w_T; z) - l(w'_T; z)| <= (2L^2/n) sum_t alpha_t`` for every ``z``.  Equality holds for
  linear losses with ``x'_i = -x_i``, ``||x_i|| = R``.
- ``mu``-strongly convex (a ridge term on a ball, projected SGD), constant ``alpha <= 1/beta``:
  ``||w_t - w'_t|| <= 2 alpha L sum_{s <= t: i_s = i} (1 - alpha mu)^{t - s}`` pathwise, so
  ``E||w_T - w'_T|| <= (2 alpha L/n) sum_{k<T} (1 - alpha mu)^k <= 2L/(mu n)`` and the loss stability is
  at most ``2L^2/(mu n)``, for every ``T``.
- Without convexity, gradients bounded by ``G`` still give ``||w_t - w'_t|| <= 2G sum_{f <= s <= t}
  alpha_s`` (``f`` the first visit of ``i``), hence ``E||w_T - w'_T|| <= 2G sum_t alpha_t (1 - (1 -
  1/n)^t) <= (2G/n) sum_t t alpha_t``, i.e. ``eta G T(T+1)/n`` for a constant step, and this is
  attained: concave shared losses push the runs apart at full speed.  So no ``O(T/n)`` bound holds
  (audit of TENG-53 below); Hardt, Recht and Singer need decaying steps ``alpha_t <= c/t`` and
  smoothness for their nonconvex ``O(T^{1 - 1/(beta c + 1)}/n)``.
- Cross-entropy ``CE(z, y) = logsumexp(z) - z_y`` has gradient ``softmax(z) - e_y`` with
  ``||softmax(z) - e_y|| <= sqrt(2)(1 - p_y) <= sqrt(2)``, so it is ``sqrt 2``-Lipschitz in the logits,
  and ``sqrt 2`` is approached as the mass moves to one wrong class (audit of TENG-54 below).

Sources.  Hardt, Recht, Singer, "Train faster, generalize better" (ICML 2016; arXiv:1509.01240): the
convex theorem (``alpha_t <= 2/beta``, ``2L^2/n sum alpha_t``), the strongly convex one (projected,
``alpha <= 1/beta``, ``2L^2/(gamma n)``) and the nonconvex one with ``alpha_t <= c/t``; the mechanism
is their growth recursion (1-expansive, ``alpha L``-bounded updates).  Zhao, *From Approximation to
Emergence*, §8.5.2, Definition 8.13 and Figure 8.13 (ZHAO-67: the theorem itself is not printed, only
the definition and the coupling picture); Teng, Wang, Zhang, *Theoretical Machine Learning*, §10.2
(TENG-51: "beta ∝ T eta/n" without ``L^2``, smoothness or the step condition; TENG-52: the bound, not
the stability itself, grows with ``T`` - the mutant below shows the stability can shrink), §10.3
(TENG-54: "cross-entropy is not globally Lipschitz", false in the logits) and §10.3.1 (TENG-53:
nonconvex stability ``O(T/n)`` under bounded gradients, false); *The Mathematical Structure of
Machine Learning*, Ch. 24 (MSML-326 (a): early-stopped SGD is stable, ``2 rho^2/n sum alpha_t``);
Karp, *Adapting to Structure and Using Structure to Adapt*, §2.1 and §2.4.1 (KARP-6: the
parameter-distance route, ``||w_T - w'_T|| <= 2 rho sum_{t: i in B_t} eta_t`` for batch size 1).

Proof idea.  On a shared example the update ``G(w) = w - alpha grad l(w)`` is 1-expansive when ``l``
is convex and ``beta``-smooth and ``alpha <= 2/beta`` (co-coercivity: ``<grad l(u) - grad l(v), u - v>
>= ||grad l(u) - grad l(v)||^2/beta``), ``(1 - alpha mu)``-contractive when ``l`` is also
``mu``-strongly convex and ``alpha <= 1/beta``, and the projection is 1-expansive.  On the replaced
example the two runs use different losses, and ``||G(u) - G'(v)|| <= ||u - v|| + 2 alpha L``.  So the
distance grows only when ``i`` is drawn (probability ``1/n`` per step), by at most ``2 alpha_t L``;
Lipschitzness turns distance into loss.  Without convexity only ``||G(u) - u|| <= alpha G`` remains:
once the runs differ, each step can add ``2 alpha G``.

Finite statements and tolerances.  All ``n^t`` index sequences (``n <= 4``, ``t <= T <= 5``,
``n^T <= 1024``) are enumerated level by level (``checks.sgd.enumerate_coupled``), so the pathwise
bounds are checked on every sequence and at every ``t``, and expectations are exact averages.  The
loss stability is checked as ``E|l(w_t; z) - l(w'_t; z)|`` (stronger than ``|E[...]|``) for every
``z`` in ``S ∪ {z'_i}``.  Rounding: a computed step is the exact update at the computed iterate plus
a deviation ``<= eps (alpha beta d B + 8 (B + alpha L))`` (``B`` bounds ``||w_t||``); the coupling
arguments apply to the computed runs themselves, so deviations add over steps and runs without
amplification (``checks.sgd.rounding_bound``); a mean of ``N`` values adds ``(log2 N + 1) eps`` times
their maximum, a loss gap ``eps (2 L d B + 8 (|l| + |l'|))``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from scipy.special import logsumexp, softmax

from checks.claim import Check, Claim, Mutant, Source, ge, le
from checks.documents import KARP, MSML, TENG, ZHAO
from checks.losses import CONVEX_LIPSCHITZ, SIGMOID
from checks.losses import huber
from checks.sgd import EPS, CoupledProblem, CoupledRuns, enumerate_coupled, loss_gaps, rounding_bound
from checks.strategies.sgd import coupled_problems, nonconvex_problems, strongly_convex_problems

HRS = "Hardt, Recht, Singer, Train faster, generalize better: Stability of SGD (ICML 2016)"

CONVEX = CONVEX_LIPSCHITZ + (huber(0.5), huber(1.0))
"""Convex, Lipschitz, smooth margin losses; the Huber ones have a derivative range of twice their
Lipschitz constant, which is what an over-long step needs to expand distances."""
HUBER = (huber(0.5), huber(1.0))
TEST_WHY = "sum of per-step rounding deviations of both runs (rounding_bound)"


def _mean_slack(values: np.ndarray) -> float:
    """Rounding of a mean of ``N`` values: ``(log2 N + 1) eps max |value|``."""
    return (math.log2(values.size) + 1) * EPS * float(np.max(np.abs(values), initial=0.0))


def _sequence(runs: CoupledRuns, t: int, k: int) -> str:
    return "(" + ",".join(str(j) for j in runs.indices(t)[k]) + ")"


# ---------------------------------------------------------------------------------------------------
# (b1) the sample-path bound

def pathwise_checks(p: CoupledProblem, factor: float = 2.0) -> Check:
    """``||w_t - w'_t|| <= factor L sum_{s <= t: i_s = i} alpha_s`` on the worst (sequence, t)."""
    runs = enumerate_coupled(p)
    tol, L, a = rounding_bound(p), p.lipschitz, np.asarray(p.steps)
    best: tuple[float, int, int, float, float] | None = None
    for t in range(1, p.T + 1):
        dist, bound = runs.distances(t), factor * L * runs.visit_sum(t, a)
        ratio = dist / (bound + tol[t])
        k = int(np.argmax(ratio))
        if best is None or ratio[k] > best[0]:
            best = (float(ratio[k]), t, k, float(dist[k]), float(bound[k]))
    _, t, k, dist, bound = best
    return le(dist, bound, tol=float(tol[t]), why=TEST_WHY,
              label=f"||w_t - w'_t|| <= {factor:g} L sum_(i_s = i) alpha_s at t={t}, i_1..i_t={_sequence(runs, t, k)}")


PATHWISE = Claim(
    id="sgd-coupled-distance-pathwise",
    title="Coupled SGD runs separate only on the replaced example (convex, smooth, alpha <= 2/beta)",
    statement=("For convex, beta-smooth, L-Lipschitz losses and alpha_t <= 2/beta, SGD on S and S^(i) from "
               "the same w_0 with the same index sequence satisfies ||w_t - w'_t|| <= 2L sum_{s<=t: i_s=i} "
               "alpha_s for every sequence and every t."),
    sources=[Source(HRS, "§3.2, convex case (the growth recursion and 1-expansive updates)"),
             Source(KARP, "§2.1 and §2.4.1, parameter-distance route (batch size 1)", ("KARP-6",)),
             Source(TENG, "§10.2, lines 809-817, pathwise form 2L alpha #{t: i_t = i}", ("TENG-51",))],
    kind="numeric",
    area="stability",
    instances=coupled_problems(CONVEX),
    conclusion=pathwise_checks,
    proof_idea=("A shared step is 1-expansive (co-coercivity of a convex beta-smooth gradient, alpha <= 2/beta); "
                "a step on the replaced example moves the runs by at most alpha L each, so the distance grows "
                "by at most 2 alpha_t L exactly when i_t = i."),
    mutants=[
        Mutant("no-factor-two", "each visit to i can add 2 alpha L, not alpha L: opposite linear gradients do",
               conclusion=lambda p: pathwise_checks(p, factor=1.0)),
        Mutant("nonconvex-loss", "the sigmoid loss is concave where the margin is negative, and a step there "
               "expands the distance of nearby runs by up to 1 + alpha beta",
               instances=coupled_problems((SIGMOID,), tight=False)),
        Mutant("step-above-two-over-beta", "for alpha in (3/beta, 4/beta] a step on a curved loss maps two nearby "
               "runs to distance up to (alpha beta - 1) times theirs, and along several directions this "
               "exceeds 2 alpha L", instances=coupled_problems(
                   HUBER, steps=(3.0, 4.0), tight=False, schedules=("constant", "free"), shapes=("random",),
                   min_T=4, min_d=2, max_d=4, equal_norms=True)),
    ],
    examples=100,
)
test_sgd_coupled_distance_pathwise = PATHWISE.test()


# ---------------------------------------------------------------------------------------------------
# (b2) the expected bound

def _expected_distance(runs: CoupledRuns, tol: np.ndarray, t: int) -> tuple[float, float]:
    dist = runs.distances(t)
    return float(dist.mean()), float(tol[t]) + _mean_slack(dist)


def _expected_loss_gap(runs: CoupledRuns, tol: np.ndarray, t: int) -> tuple[float, float, int]:
    """``max_z E|l(w_t; z) - l(w'_t; z)|`` over ``z`` in ``S ∪ {z'_i}``, its slack and the argmax ``z``."""
    p = runs.problem
    gaps, slack = loss_gaps(runs, t, p.examples)
    means = np.abs(gaps).mean(axis=1)
    j = int(np.argmax(means))
    return float(means[j]), p.lipschitz * float(tol[t]) + float(slack.max()) + _mean_slack(gaps), j


def expected_checks(p: CoupledProblem, factor: float = 2.0, n_power: int = 1) -> list[Check]:
    """``E||w_t - w'_t|| <= (factor L/n^n_power) sum alpha`` and ``max_z E|gap| <= L`` times that,
    each at its worst ``t``."""
    runs = enumerate_coupled(p)
    tol, L, n = rounding_bound(p), p.lipschitz, p.n
    cum = np.cumsum(p.steps)
    out = []
    dist_rows = [(t, *_expected_distance(runs, tol, t), factor * L / n ** n_power * cum[t - 1])
                 for t in range(1, p.T + 1)]
    t, e, slack, bound = max(dist_rows, key=lambda r: r[1] / (r[3] + r[2]))
    out.append(le(e, bound, tol=slack, why=TEST_WHY + " + mean rounding",
                  label=f"E||w_t - w'_t|| <= {factor:g} L/n^{n_power} sum alpha_s at t={t}"))
    loss_rows = [(t, *_expected_loss_gap(runs, tol, t), factor * L * L / n ** n_power * cum[t - 1])
                 for t in range(1, p.T + 1)]
    t, e, slack, j, bound = max(loss_rows, key=lambda r: r[1] / (r[4] + r[2]))
    out.append(le(e, bound, tol=slack, why="L x distance slack + loss-value and mean rounding",
                  label=f"E|l(w_t; z) - l(w'_t; z)| <= {factor:g} L^2/n^{n_power} sum alpha_s at t={t}, z = example {j}"))
    return out


def monotone_checks(p: CoupledProblem) -> list[Check]:
    """The conflation of TENG-52: "the stability E||w_t - w'_t|| is non-decreasing in t"."""
    runs = enumerate_coupled(p)
    tol = rounding_bound(p)
    rows = [_expected_distance(runs, tol, t) for t in range(1, p.T + 1)]
    return [ge(rows[t][0], rows[t - 1][0], tol=rows[t][1] + rows[t - 1][1],
               label=f"E||w_{t + 1} - w'_{t + 1}|| >= E||w_{t} - w'_{t}||", why="both expectations' slacks")
            for t in range(1, len(rows))] or [ge(1, 0, label="one step: nothing to compare")]


EXPECTED = Claim(
    id="sgd-uniform-stability-convex",
    title="SGD is uniformly stable with (2L^2/n) sum alpha_t (convex, smooth, alpha_t <= 2/beta)",
    statement=("For convex, beta-smooth, L-Lipschitz losses and alpha_t <= 2/beta, with i.i.d. uniform indices: "
               "E||w_T - w'_T|| <= (2L/n) sum_t alpha_t and E|l(w_T; z) - l(w'_T; z)| <= (2L^2/n) sum_t alpha_t "
               "for every z; both are equalities for linear losses with x'_i = -x_i and ||x_i|| = R."),
    sources=[Source(HRS, "§3.2, the convex stability theorem"),
             Source(ZHAO, "§8.5.2, Definition 8.13 and Figure 8.13 (expected uniform stability)", ("ZHAO-67",)),
             Source(TENG, "§10.2, lines 809-817 (the bound) and line 817 (early stopping)", ("TENG-51", "TENG-52")),
             Source(MSML, "Ch. 24, line 1574, stability of early-stopped SGD, part (a)", ("MSML-326",)),
             Source(KARP, "§2.1, E[.] <= 2 rho sum eta_t / m", ("KARP-6",))],
    kind="numeric",
    area="stability",
    instances=coupled_problems(CONVEX),
    conclusion=expected_checks,
    proof_idea=("Take expectations in the pathwise bound: each step hits i with probability 1/n, so "
                "E sum_{t: i_t = i} alpha_t = (1/n) sum alpha_t; Lipschitzness of l(., z) gives the loss bound."),
    mutants=[
        Mutant("one-over-n-squared", "the replaced example is drawn a 1/n fraction of the time, not 1/n^2: "
               "the linear-opposite family attains (2L/n) sum alpha_t",
               conclusion=lambda p: expected_checks(p, n_power=2)),
        Mutant("no-factor-two", "the linear-opposite family attains the constant 2 exactly",
               conclusion=lambda p: expected_checks(p, factor=1.0)),
        Mutant("stability-monotone-in-t", "only the bound grows with T: a contracting shared step can pull "
               "the runs together, so E||w_t - w'_t|| may decrease (TENG-52); Huber losses on one line show it",
               conclusion=monotone_checks,
               instances=coupled_problems(HUBER, tight=False, shapes=("aligned",), min_T=2, max_n=3)),
    ],
    examples=100,
)
test_sgd_uniform_stability_convex = EXPECTED.test()


# ---------------------------------------------------------------------------------------------------
# (b3) strongly convex: a ridge term on a ball, projected SGD, constant step alpha <= 1/beta

def strongly_convex_checks(p: CoupledProblem, factor: float = 2.0, n_power: int = 1) -> list[Check]:
    runs = enumerate_coupled(p)
    tol, L, n, mu, alpha = rounding_bound(p), p.lipschitz, p.n, p.ridge, p.steps[0]
    q = 1.0 - alpha * mu
    out = []
    best = None
    for t in range(1, p.T + 1):
        weights = factor * alpha * L * q ** (t - np.arange(1, t + 1))
        dist, bound = runs.distances(t), runs.visit_sum(t, weights)
        ratio = dist / (bound + tol[t])
        k = int(np.argmax(ratio))
        if best is None or ratio[k] > best[0]:
            best = (float(ratio[k]), t, k, float(dist[k]), float(bound[k]))
    _, t, k, dist, bound = best
    out.append(le(dist, bound, tol=float(tol[t]), why=TEST_WHY,
                  label=f"||w_t - w'_t|| <= {factor:g} alpha L sum_(i_s = i) (1 - alpha mu)^(t-s) at t={t}, "
                        f"i_1..i_t={_sequence(runs, t, k)}"))
    T = p.T
    finite = factor * alpha * L / n ** n_power * sum(q ** j for j in range(T))
    e, slack = _expected_distance(runs, tol, T)
    out.append(le(e, finite, tol=slack, why=TEST_WHY + " + mean rounding",
                  label=f"E||w_T - w'_T|| <= {factor:g} alpha L/n^{n_power} sum_(k<T) (1 - alpha mu)^k"))
    out.append(le(e, factor * L / (mu * n ** n_power), tol=slack, why=TEST_WHY + " + mean rounding",
                  label=f"E||w_T - w'_T|| <= {factor:g} L/(mu n^{n_power})"))
    gap, gap_slack, j = _expected_loss_gap(runs, tol, T)
    out.append(le(gap, factor * L * L / (mu * n ** n_power), tol=gap_slack,
                  why="L x distance slack + loss-value and mean rounding",
                  label=f"E|l(w_T; z) - l(w'_T; z)| <= {factor:g} L^2/(mu n^{n_power}), z = example {j}"))
    return out


STRONGLY_CONVEX = Claim(
    id="sgd-uniform-stability-strongly-convex",
    title="Projected SGD on mu-strongly convex losses is 2L^2/(mu n)-stable for every T (alpha <= 1/beta)",
    statement=("For mu-strongly convex, beta-smooth losses, L-Lipschitz on a ball onto which SGD projects, and a "
               "constant step alpha <= 1/beta: ||w_t - w'_t|| <= 2 alpha L sum_{s<=t: i_s=i} (1 - alpha mu)^{t-s} "
               "on every sequence, so E||w_T - w'_T|| <= (2 alpha L/n) sum_{k<T} (1 - alpha mu)^k <= 2L/(mu n) and "
               "E|l(w_T; z) - l(w'_T; z)| <= 2L^2/(mu n), uniformly in T."),
    sources=[Source(HRS, "§3.3, the strongly convex theorem (projected SGD, constant step)"),
             Source(ZHAO, "§8.5.2, strongly convex variant of the coupling bound", ("ZHAO-67",)),
             Source(TENG, "§10.2, the gamma-strongly convex case 2L^2/(gamma n)", ("TENG-51",))],
    kind="numeric",
    area="stability",
    instances=strongly_convex_problems(CONVEX_LIPSCHITZ),
    conclusion=strongly_convex_checks,
    proof_idea=("With alpha <= 1/beta a step on a mu-strongly convex, beta-smooth loss is (1 - alpha mu)-contractive "
                "and the projection is 1-expansive; the replaced example adds 2 alpha L.  So E delta_{t+1} <= "
                "(1 - alpha mu) E delta_t + 2 alpha L/n, a geometric series below 2L/(mu n)."),
    mutants=[
        Mutant("no-factor-two", "linear losses with x'_i = -x_i and a small ridge separate the runs by "
               "2 alpha R per visit, contracted by exactly 1 - alpha mu per step",
               conclusion=lambda p: strongly_convex_checks(p, factor=1.0)),
        Mutant("one-over-n-squared", "the replaced example is still drawn a 1/n fraction of the time",
               conclusion=lambda p: strongly_convex_checks(p, n_power=2)),
    ],
    examples=100,
)
test_sgd_uniform_stability_strongly_convex = STRONGLY_CONVEX.test()


# ---------------------------------------------------------------------------------------------------
# (b4) nonconvex losses with bounded gradients: the correct T^2/n law and the audit of "O(T/n)"

def _first_visit_exposure(runs: CoupledRuns, t: int) -> np.ndarray:
    """``sum_{f <= s <= t} alpha_s`` per sequence, ``f`` the first visit of ``i`` (0 if none)."""
    A = np.concatenate([[0.0], np.cumsum(runs.problem.steps)])
    f = runs.first_visit(t)
    return np.where(f <= t, A[t] - A[np.minimum(f, t + 1) - 1], 0.0)


def bounded_gradient_checks(p: CoupledProblem, rate: str = "first-visit", n_power: int = 1) -> list[Check]:
    """Pathwise ``delta_t <= 2G sum_{f<=s<=t} alpha_s``; ``E delta_t <= 2G sum_s alpha_s (1 - (1-1/n)^s)
    <= (2G/n^n_power) sum_s s alpha_s``; loss stability ``<= G`` times the exact expectation.
    ``rate="convex"`` replaces the expected bounds by the convex-case ``(2G/n) sum alpha_s``."""
    runs = enumerate_coupled(p)
    tol, G, n = rounding_bound(p, smooth_maps=False), p.lipschitz, p.n
    a = np.asarray(p.steps)
    out = []
    best = None
    for t in range(1, p.T + 1):
        dist, bound = runs.distances(t), 2 * G * _first_visit_exposure(runs, t)
        ratio = dist / (bound + tol[t])
        k = int(np.argmax(ratio))
        if best is None or ratio[k] > best[0]:
            best = (float(ratio[k]), t, k, float(dist[k]), float(bound[k]))
    _, t, k, dist, bound = best
    out.append(le(dist, bound, tol=float(tol[t]), why=TEST_WHY + " (steps of length <= alpha G)",
                  label=f"||w_t - w'_t|| <= 2G sum_(first visit <= s <= t) alpha_s at t={t}, "
                        f"i_1..i_t={_sequence(runs, t, k)}"))
    rows = []
    for t in range(1, p.T + 1):
        s = np.arange(1, t + 1)
        if rate == "convex":
            exact = simple = 2 * G / n * a[:t].sum()
        else:
            exact = 2 * G * float(np.sum(a[:t] * (1 - (1 - 1 / n) ** s)))
            simple = 2 * G / n ** n_power * float(np.sum(s * a[:t]))
        e, slack = _expected_distance(runs, tol, t)
        gap, gap_slack, j = _expected_loss_gap(runs, tol, t)
        rows.append((t, e, slack, exact, simple, gap, gap_slack, j))
    t, e, slack, exact, *_ = max(rows, key=lambda r: r[1] / (r[3] + r[2]))
    out.append(le(e, exact, tol=slack, why=TEST_WHY + " + mean rounding",
                  label=(f"E||w_t - w'_t|| <= (2G/n) sum alpha_s at t={t}" if rate == "convex" else
                         f"E||w_t - w'_t|| <= 2G sum_s alpha_s (1 - (1 - 1/n)^s) at t={t}")))
    t, e, slack, _, simple, *_ = max(rows, key=lambda r: r[1] / (r[4] + r[2]))
    out.append(le(e, simple, tol=slack, why=TEST_WHY + " + mean rounding",
                  label=f"E||w_t - w'_t|| <= (2G/n^{n_power}) sum_s s alpha_s at t={t}"))
    t, _, _, exact, _, gap, gap_slack, j = max(rows, key=lambda r: r[5] / (G * r[3] + r[6]))
    out.append(le(gap, G * exact, tol=gap_slack, why="G x distance slack + loss-value and mean rounding",
                  label=f"E|l(w_t; z) - l(w'_t; z)| <= G x (expected-distance bound) at t={t}, z = example {j}"))
    return out


BOUNDED_GRADIENT = Claim(
    id="sgd-stability-bounded-gradients-nonconvex",
    title="Without convexity, bounded gradients give stability O(eta G^2 T^2/n), and no better",
    statement=("For any losses with ||grad l|| <= G (no convexity or smoothness), coupled SGD runs satisfy "
               "||w_t - w'_t|| <= 2G sum_{f<=s<=t} alpha_s, f the first visit of i; so E||w_T - w'_T|| <= "
               "2G sum_t alpha_t (1 - (1 - 1/n)^t) <= (2G/n) sum_t t alpha_t (= eta G T(T+1)/n for a constant "
               "step) and E|l(w_T; z) - l(w'_T; z)| <= G times that.  Concave shared losses -sqrt(eps^2 + z^2) "
               "with an opposite linear replaced example attain it as eps -> 0."),
    sources=[Source(TENG, "§10.3-10.3.1, corrected form of the nonconvex stability claim", ("TENG-53",)),
             Source(HRS, "§3.4, nonconvex case: without decaying steps the growth recursion gives no O(T/n)")],
    kind="numeric",
    area="stability",
    instances=nonconvex_problems(),
    conclusion=bounded_gradient_checks,
    proof_idea=("Before the first visit f the runs coincide; afterwards each run moves by at most alpha_s G per "
                "step, so the distance grows by at most 2 alpha_s G.  P(f <= s) = 1 - (1 - 1/n)^s <= s/n."),
    mutants=[
        Mutant("convex-rate", "concave shared losses keep separating the runs after the first visit, so the "
               "T/n rate of the convex case fails", conclusion=lambda p: bounded_gradient_checks(p, rate="convex")),
        Mutant("one-over-n-squared", "the first visit happens by time s with probability ~ s/n, not s/n^2",
               conclusion=lambda p: bounded_gradient_checks(p, n_power=2)),
    ],
    examples=100,
)
test_sgd_stability_bounded_gradients_nonconvex = BOUNDED_GRADIENT.test()


def printed_nonconvex_checks(p: CoupledProblem) -> list[Check]:
    """TENG-53 as printed, with the constant of the convex theorem the text quotes: bounded gradients
    give E|l(w_T; z) - l(w'_T; z)| <= (2G^2/n) sum_t alpha_t ("beta = O(T/n)")."""
    runs = enumerate_coupled(p)
    tol, G, n = rounding_bound(p, smooth_maps=False), p.lipschitz, p.n
    gap, slack, j = _expected_loss_gap(runs, tol, p.T)
    return [le(gap, 2 * G * G / n * sum(p.steps), tol=slack, why="G x distance slack + loss-value and mean rounding",
               label=f"E|l(w_T; z) - l(w'_T; z)| <= (2G^2/n) sum alpha_t, z = example {j}")]


PRINTED_NONCONVEX = Claim(
    id="sgd-nonconvex-stability-t-over-n",
    title="As printed: nonconvex SGD with bounded gradients is O(T/n)-stable",
    statement=("As printed (TENG §10.3.1): if SGD runs T steps on a function with bounded gradients, its "
               "stability is O(T/n); checked with the convex theorem's constant, E|l(w_T; z) - l(w'_T; z)| <= "
               "(2G^2/n) sum_t alpha_t."),
    sources=[Source(TENG, "§10.3.1, line 831", ("TENG-53",))],
    kind="numeric",
    area="stability",
    instances=nonconvex_problems(),
    conclusion=printed_nonconvex_checks,
    proof_idea="None: false.  After the first visit the runs can keep separating on every shared step.",
    audit=True,
    corrected="sgd-stability-bounded-gradients-nonconvex",
    finding=("False: with concave shared losses -sqrt(eps^2 + z^2) and a linear replaced example with x'_i = -x_i, "
             "the runs coincide until i is first drawn and then separate by about 2 alpha G per step, so the "
             "stability is 2G^2 sum_t alpha_t (1 - (1 - 1/n)^t) ~ eta G^2 T(T+1)/n for T << n: quadratic in T, "
             "above C T/n for every fixed C once T > 2C.  That T^2/n law is also an upper bound for any losses with "
             "||grad|| <= G (the corrected claim).  HRS's nonconvex theorem needs smoothness and steps alpha_t <= c/t, "
             "and gives O(T^{1 - 1/(beta c + 1)}/n)."),
    examples=100,
)
test_sgd_nonconvex_stability_t_over_n = PRINTED_NONCONVEX.test()


# ---------------------------------------------------------------------------------------------------
# cross-entropy in the logits (TENG-54)

@dataclass(frozen=True, eq=False)
class LogitPair:
    """Two logit vectors and a label; ``family`` says how they were drawn."""

    z: np.ndarray
    z_prime: np.ndarray
    label: int
    family: str

    @property
    def classes(self) -> int:
        return self.z.shape[0]


@st.composite
def logit_pairs(draw: st.DrawFn) -> LogitPair:
    """Random logits of scale up to 30, or confidently wrong ones ``t (e_k - e_y)`` plus noise (where
    ``||softmax - e_y||`` approaches ``sqrt 2``); the second vector is a displacement of size 1e-6..10."""
    k = draw(st.integers(2, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    y = draw(st.integers(0, k - 1))
    family = draw(st.sampled_from(("random", "confident-wrong")))
    if family == "random":
        z = draw(st.sampled_from((0.1, 1.0, 5.0, 30.0))) * rng.standard_normal(k)
    else:
        wrong = (y + draw(st.integers(1, k - 1))) % k
        z = draw(st.floats(0.0, 40.0)) * (np.eye(k)[wrong] - np.eye(k)[y]) + 0.1 * rng.standard_normal(k)
    h = draw(st.sampled_from((1e-6, 1e-3, 1.0, 10.0)))
    v = rng.standard_normal(k)
    return LogitPair(z, z + h * v / np.linalg.norm(v), y, family)


def _ce(z: np.ndarray, y: int) -> float:
    return float(logsumexp(z) - z[y])


def ce_checks(inst: LogitPair, constant: float = math.sqrt(2.0)) -> list[Check]:
    """``||softmax(z) - e_y|| <= c (1 - p_y)`` and ``|CE(z) - CE(z')| <= c ||z - z'||``, ``c = sqrt 2``."""
    z, zp, y, k = inst.z, inst.z_prime, inst.label, inst.classes
    p = softmax(z)
    off = float(np.sum(np.delete(p, y)))            # 1 - p_y without cancellation
    grad = p - np.eye(k)[y]
    # softmax entries carry relative error <= (k + 4) eps, so the norm and the off-label mass are off by
    # at most (k + 4) eps each (the masses sum to <= 1); logsumexp and the subtraction are off by
    # 4 eps (max|z| + log k + 1) per CE value.
    g_tol = (constant + 1) * (k + 4) * EPS
    ce_tol = 8 * EPS * (np.max(np.abs(z)) + np.max(np.abs(zp)) + math.log(k) + 1)
    return [le(float(np.linalg.norm(grad)), constant * off, tol=g_tol, why="(c + 1)(k + 4) eps, softmax rounding",
               label=f"||softmax(z) - e_y|| <= {constant:.6g} (1 - p_y)"),
            le(abs(_ce(z, y) - _ce(zp, y)), constant * float(np.linalg.norm(z - zp)), tol=ce_tol,
               why="8 eps (|z|_max + |z'|_max + log k + 1), logsumexp rounding",
               label=f"|CE(z, y) - CE(z', y)| <= {constant:.6g} ||z - z'||")]


def probability_checks(inst: LogitPair) -> list[Check]:
    """The mutant "CE is sqrt 2-Lipschitz in the probabilities": |log p_y - log p'_y| <= sqrt 2 ||p - p'||."""
    z, zp, y = inst.z, inst.z_prime, inst.label
    p, pp = softmax(z), softmax(zp)
    lhs = abs(_ce(z, y) - _ce(zp, y))
    tol = 8 * EPS * (np.max(np.abs(z)) + np.max(np.abs(zp)) + math.log(inst.classes) + 1)
    return [le(lhs, math.sqrt(2) * float(np.linalg.norm(p - pp)), tol=tol, why="logsumexp rounding",
               label="|CE(p, y) - CE(p', y)| <= sqrt 2 ||p - p'||")]


CE_LIPSCHITZ = Claim(
    id="cross-entropy-lipschitz-in-logits",
    title="Cross-entropy is sqrt(2)-Lipschitz in the logits",
    statement=("CE(z, y) = log sum_j e^{z_j} - z_y has gradient softmax(z) - e_y with ||softmax(z) - e_y||_2 <= "
               "sqrt(2)(1 - p_y) <= sqrt(2), so |CE(z, y) - CE(z', y)| <= sqrt(2) ||z - z'||_2 for all logits; "
               "the constant is approached as the mass concentrates on one wrong class."),
    sources=[Source(TENG, "§10.3, line 821, corrected", ("TENG-54",))],
    kind="numeric",
    area="stability",
    instances=logit_pairs(),
    conclusion=ce_checks,
    proof_idea=("||p - e_y||^2 = (1 - p_y)^2 + sum_{j != y} p_j^2 <= (1 - p_y)^2 + (sum_{j != y} p_j)^2 = 2(1 - p_y)^2; "
                "the mean value theorem along the segment z -> z' turns the gradient bound into the Lipschitz bound."),
    mutants=[
        Mutant("constant-one", "with the mass on one wrong class ||softmax(z) - e_y|| -> sqrt 2 > 1",
               conclusion=lambda inst: ce_checks(inst, constant=1.0)),
        Mutant("lipschitz-in-probabilities", "-log p_y has slope 1/p_y in the probability, unbounded as p_y -> 0",
               conclusion=probability_checks),
    ],
    examples=100,
)
test_cross_entropy_lipschitz_in_logits = CE_LIPSCHITZ.test()


@dataclass(frozen=True)
class GradientThreshold:
    """A class count ``k``, a label and a level ``K`` the CE gradient is claimed to exceed somewhere."""

    classes: int
    label: int
    level: int


@st.composite
def gradient_thresholds(draw: st.DrawFn) -> GradientThreshold:
    k = draw(st.integers(2, 8))
    return GradientThreshold(k, draw(st.integers(0, k - 1)), draw(st.integers(1, 10 ** 6)))


def printed_ce_checks(inst: GradientThreshold) -> Check:
    """TENG-54 as printed: "not globally Lipschitz ... the gradient can become arbitrarily large", i.e.
    ``sup_z ||grad_z CE(z, y)||^2 >= K^2`` for every ``K``.  The gradients ``p - e_y`` fill the open simplex
    shifted by ``e_y``; ``p -> ||p - e_y||^2`` is convex, so its supremum is its maximum over the
    vertices ``e_j``: computed exactly."""
    k, y = inst.classes, inst.label
    sup_sq = max(sum((int(i == j) - int(i == y)) ** 2 for i in range(k)) for j in range(k))
    return ge(Fraction(sup_sq), Fraction(inst.level) ** 2,
              label=f"sup_z ||softmax(z) - e_y||^2 (over the simplex vertices, k = {k}) >= K^2")


PRINTED_CE = Claim(
    id="cross-entropy-not-globally-lipschitz",
    title="As printed: cross-entropy is not globally Lipschitz, its gradient can become arbitrarily large",
    statement=("As printed (TENG §10.3): common losses like cross-entropy are not globally Lipschitz, so the "
               "gradient can become arbitrarily large; read in the logits (the network output the sentence is "
               "about): sup_z ||grad_z CE(z, y)|| exceeds every K."),
    sources=[Source(TENG, "§10.3, line 821", ("TENG-54",))],
    kind="exact",
    area="stability",
    instances=gradient_thresholds(),
    conclusion=printed_ce_checks,
    proof_idea="None: false in the logits.  The supremum of ||softmax(z) - e_y|| is sqrt 2 for every k >= 2.",
    audit=True,
    corrected="cross-entropy-lipschitz-in-logits",
    finding=("False in the logits: grad_z CE = softmax(z) - e_y has norm at most sqrt(2)(1 - p_y) < sqrt 2, so CE is "
             "sqrt 2-Lipschitz; any K >= 2 is a counterexample.  True only of CE as a function of the probabilities "
             "(-log p_y), which is not how a network's loss depends on its parameters; a deep net's gradients can "
             "grow through its parameterization, not through CE."),
    examples=20,
)
test_cross_entropy_not_globally_lipschitz = PRINTED_CE.test()
