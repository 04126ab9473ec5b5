"""Generators as pushforwards: folding a mixture into one generator, a small net for the uniform law on
M points, and the birthday paradox as a support-size test.

Statement.
- A generator ``G`` with latent law ``P_z`` realizes ``G#P_z``.  For generators ``G_1..G_K`` and weights
  ``π``, ``G(z, u) = G_{k(u)}(z)`` with ``u ~ Unif[0, 1]`` independent of ``z`` and
  ``k(u) = min{k : π_1 + … + π_k >= u}`` has law ``Σ_k π_k (G_k)#P_z``.
- The uniform law on ``M`` points ``x_1..x_M`` of ``R^d`` is ``G#Unif[0, 1]`` for the threshold net
  ``G(u) = x_1 + Σ_{j<M} 1[u > j/M](x_{j+1} − x_j)``, which has ``(d + 2)M − 2 = O(Md)`` parameters.
- Birthday: ``s = ⌈2√N⌉`` uniform draws from ``N`` items collide with probability ``>= 1 − 1/e``, since
  ``P(no collision) = Π_{i<s}(1 − i/N) <= exp(−s(s−1)/(2N))`` and ``s(s−1) >= 2N``.
- Support-size test: with ``s½(w)`` the least sample size at which draws from mode weights ``w``
  collide with probability ``>= ½``: for the uniform law on ``N`` modes, ``N <= s½(s½ − 1)`` and
  ``(s½ − 1)(s½ − 2) < 2 ln 2 · N``, so ``s½²`` estimates ``N`` up to a factor about ``1.39``; for any
  ``w`` on ``N`` modes ``s½(w) <= s½(uniform_N)``: the statistic measures collision probability and can
  only underestimate the support (badly, for skewed weights).

Sources.  Zhao, §12.4 and Fig. 14.12 (ZHAO-128); Arora et al., Problem 16.3.4 (ARORA-1091), Problem
16.3.5 (ARORA-1092), §16.3.1 (ARORA-1093).

Proof idea.  ``k(u) = k`` exactly on ``(F_{k−1}, F_k]`` (``F`` the cumulative weights), an interval of
length ``π_k``, and ``u`` is independent of ``z``.  The threshold net is constant, equal to ``x_j``, on
``((j−1)/M, j/M]``.  ``1 − x <= e^{−x}`` gives the birthday bound; the union bound
``P(collision) <= C(s, 2)/N`` gives the other side; the probability of no collision is ``s! e_s(w)``,
and ``e_s`` is Schur-concave, so it is largest at the uniform ``w``.

Laws are computed exactly: a step function of ``u`` has a law given by the lengths of its cells.
"""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.divergences import LogLinear, log, lower, rational
from checks.documents import ARORA, ZHAO
from checks.generative import (half_collision_size, no_collision, no_collision_uniform, pushforward, selector,
                               step_law, threshold_generator)
from checks.strategies.generative import (GeneratorMixture, ModeWeights, PointSet, birthday_sizes,
                                          generator_mixtures, mode_weights, point_sets)


def form_le(a: LogLinear, b: LogLinear, label: str) -> Check:
    """``a <= b`` for forms, decided exactly."""
    x = lower(a)
    return le(x, x + lower(b - a), label=label)


# --- claim 1: folding a mixture of generators --------------------------------------------------------

def mixture_law(inst: GeneratorMixture) -> dict:
    """``Σ_k π_k (G_k)#Unif{0..n−1}``."""
    n = len(inst.tables[0])
    out: dict = {}
    for pk, table in zip(inst.pi, inst.tables):
        for x, w in pushforward([(z, Fraction(1, n)) for z in range(n)], lambda z: table[z]).items():
            out[x] = out.get(x, Fraction(0)) + pk * w
    return out


def folded_law(inst: GeneratorMixture, uniform_thresholds: bool = False) -> dict:
    """The law of ``G(z, u) = G_{k(u)}(z)`` for independent uniform ``z`` and ``u``."""
    n, big_k = len(inst.tables[0]), len(inst.pi)
    weights = (Fraction(1, big_k),) * big_k if uniform_thresholds else inst.pi
    k = selector(weights)
    cuts = [sum(weights[:j + 1]) for j in range(big_k)]
    out: dict = {}
    for z in range(n):
        for x, w in step_law(cuts, lambda u: inst.tables[k(u)][z]).items():
            out[x] = out.get(x, Fraction(0)) + w / n
    return out


def folding(inst: GeneratorMixture, uniform_thresholds: bool = False) -> list[Check]:
    law = folded_law(inst, uniform_thresholds)
    sel = step_law([sum(inst.pi[:j + 1]) for j in range(len(inst.pi))], selector(inst.pi))
    return [equal(law, mixture_law(inst), label="law of G(z, u) = sum_k pi_k (G_k)#P_z"),
            equal(sum(law.values()), Fraction(1), label="total mass 1"),
            equal(sel, {k: w for k, w in enumerate(inst.pi)}, label="k(u) has law pi")]


FOLDING = Claim(
    id="generator-mixture-folding",
    title="A mixture of generators is one generator with a uniform selector seed",
    statement="for generators G_1..G_K on a latent law P_z and weights pi, G(z, u) = G_{k(u)}(z) with "
              "u ~ Unif[0,1] independent of z and k(u) = min{k : pi_1 + ... + pi_k >= u} has law "
              "sum_k pi_k (G_k)#P_z",
    sources=[Source(ZHAO, "§12.4 (P_theta = (G_theta)#P_z), Fig. 14.12 (folding a generator mixture)",
                    ("ZHAO-128",))],
    kind="exact",
    area="generative",
    instances=generator_mixtures(),
    conclusion=folding,
    proof_idea="k(u) = k exactly on the interval (F_{k-1}, F_k] of length pi_k, and u is independent of z, "
               "so P(G = x) = sum_k pi_k P(G_k(z) = x).",
    mutants=[Mutant("uniform-thresholds", "cutting [0,1] into K equal pieces selects each generator with "
                    "probability 1/K, not pi_k, which differs for non-uniform weights and disjoint ranges",
                    conclusion=lambda i: folding(i, uniform_thresholds=True),
                    instances=generator_mixtures(nonuniform=True))],
    examples=40,
)
test_generator_mixture_folding = FOLDING.test()


# --- claim 2: a threshold net for the uniform law on M points ----------------------------------------

def threshold_net(inst: PointSet, shifted: bool = False) -> list[Check]:
    m, d = len(inst.points), len(inst.points[0])
    ts = [Fraction(j, m + 1 if shifted else m) for j in range(1, m)]
    g, params = threshold_generator(inst.points, ts)
    law = step_law(ts, g)
    return [equal(law, {x: Fraction(1, m) for x in inst.points}, label="G#Unif[0,1] = uniform on the M points"),
            equal(params, (d + 2) * m - 2, label="parameter count (d + 2)M - 2"),
            le(params, (d + 2) * m, label="O(Md) parameters")]


THRESHOLD_NET = Claim(
    id="uniform-points-generator",
    title="A threshold net with O(Md) parameters generates the uniform law on M points",
    statement="for distinct x_1..x_M in R^d, G(u) = x_1 + sum_{j<M} 1[u > j/M](x_{j+1} - x_j) pushes "
              "Unif[0,1] to the uniform law on {x_1..x_M}, with (d + 2)M - 2 parameters (M - 1 threshold "
              "units, a d x (M-1) readout and a bias)",
    sources=[Source(ARORA, "Problem 16.3.4 (generator for a uniform distribution on M images)", ("ARORA-1091",))],
    kind="exact",
    area="generative",
    instances=point_sets(),
    conclusion=threshold_net,
    proof_idea="the partial sums telescope: on ((j-1)/M, j/M] exactly j - 1 units fire and G = x_j.",
    mutants=[Mutant("thresholds-over-m-plus-one", "thresholds j/(M+1) leave the last point the cell "
                    "(M-1)/(M+1)..1 of length 2/(M+1), so the law is not uniform",
                    conclusion=lambda i: threshold_net(i, shifted=True))],
    examples=40,
)
test_uniform_points_generator = THRESHOLD_NET.test()


# --- claim 3: the birthday bound ------------------------------------------------------------------

def ceil_two_sqrt(n: int) -> int:
    """``⌈2√n⌉``: the least ``s`` with ``s² >= 4n``."""
    return math.isqrt(4 * n - 1) + 1


def log_no_collision(n: int, s: int) -> LogLinear:
    """``log Π_{i<s}(1 − i/n)`` as a form (for ``s <= n``), one small factor at a time."""
    out = rational(0)
    for i in range(1, s):
        out = out + log(Fraction(n - i, n))
    return out


def birthday(n: int, s: int | None = None, level: Fraction | None = None) -> list[Check]:
    s = ceil_two_sqrt(n) if s is None else s
    p0 = no_collision_uniform(n, s)
    out: list[Check] = []
    if level is not None:  # P(collision) >= level, decided exactly for a rational level
        return [ge(1 - p0, level, label=f"P(collision among {s} draws) >= {level}")]
    if p0 == 0:  # more draws than items: a collision is certain
        out.append(holds(s > n, "P(no collision) = 0 only when s > N", f"s = {s}, N = {n}"))
    else:
        lp = log_no_collision(n, s)
        out.append(form_le(lp, rational(Fraction(-s * (s - 1), 2 * n)), "log P(no collision) <= -s(s-1)/(2N)"))
        out.append(form_le(lp, rational(-1), f"P(no collision among s = {s} draws) <= 1/e"))
    if s == ceil_two_sqrt(n):
        out.append(ge(s * (s - 1), 2 * n, label="s(s-1) >= 2N for s = ceil(2 sqrt N)"))
    if n == 365:
        out.append(ge(1 - no_collision_uniform(365, 23), Fraction(1, 2), label="23 people, 365 days: P > 1/2"))
    return out


BIRTHDAY = Claim(
    id="birthday-collision-bound",
    title="Birthday paradox: ceil(2 sqrt N) draws collide with probability at least 1 - 1/e",
    statement="for s = ceil(2 sqrt N) i.i.d. uniform draws from N items, P(no collision) = prod_{i<s}(1 - i/N) "
              "<= exp(-s(s-1)/(2N)) <= 1/e; 23 draws from 365 collide with probability > 1/2",
    sources=[Source(ARORA, "Problem 16.3.5 (birthday paradox)", ("ARORA-1092",))],
    kind="exact",
    area="generative",
    instances=birthday_sizes(),
    conclusion=birthday,
    proof_idea="draw i + 1 avoids the first i values with probability 1 - i/N; 1 - x <= e^{-x} and "
               "s >= 2 sqrt N give s(s-1)/(2N) >= 2 - s/(2N) >= 1.",
    mutants=[
        Mutant("floor-two-sqrt", "rounding down fails at N = 2: s = 2 draws collide with probability 1/2 < 1 - 1/e",
               conclusion=lambda n: birthday(n, s=math.isqrt(4 * n)), instances=st.integers(1, 4)),
        Mutant("sqrt-n-draws", "ceil(sqrt N) draws collide with probability about 1 - e^{-1/2} = 0.39 only",
               conclusion=lambda n: birthday(n, s=math.isqrt(n - 1) + 1)),
        Mutant("collision-at-least-0-9", "the limit of P(collision) for s ~ 2 sqrt N is 1 - e^{-2} = 0.865 < 0.9",
               conclusion=lambda n: birthday(n, level=Fraction(9, 10)), instances=st.integers(30, 20000)),
    ],
    examples=40,
)
test_birthday_collision_bound = BIRTHDAY.test()


# --- claim 4: the birthday test of support size ----------------------------------------------------

def support_test(inst: ModeWeights, overestimate: bool = False, linear: bool = False) -> list[Check]:
    n = len(inst.w)
    uniform = (Fraction(1, n),) * n
    s_u = half_collision_size(uniform)
    s_w = half_collision_size(inst.w) if inst.family != "uniform" else s_u
    two_ln2_n = log(2).scale(2 * n)
    out = [ge(s_u * (s_u - 1), n, label="uniform: N <= s(s-1) (union bound)"),
           form_le(rational((s_u - 1) * (s_u - 2)), two_ln2_n, "uniform: (s-1)(s-2) < 2 ln 2 N"),
           le(s_w, s_u, label="s_half(w) <= s_half(uniform on N modes)"),
           ge(1 - no_collision(inst.w, 2), Fraction(1, n), label="P(two draws collide) = sum w^2 >= 1/N")]
    if overestimate:  # the mutant: s_half(w)^2 also bounds N from above, as for uniform modes
        out.append(ge(s_w * (s_w - 1), n, label="s_half(w)(s_half(w) - 1) >= N"))
    if linear:  # the mutant: support ~ s
        out.append(ge(2 * s_u, n, label="2 s_half >= N (support ~ s)"))
    return out


SUPPORT = Claim(
    id="birthday-support-size-test",
    title="The birthday test estimates support size from below: s^2 within a factor 1.39 for uniform modes",
    statement="let s_half(w) be the least s at which s draws from mode weights w collide with probability >= 1/2; "
              "for N uniform modes N <= s_half(s_half - 1) and (s_half - 1)(s_half - 2) < 2 ln 2 N; for any w on "
              "N modes s_half(w) <= s_half(uniform_N), so s_half^2 can only underestimate the support",
    sources=[Source(ARORA, "§16.3.1 (birthday-paradox test for support size)", ("ARORA-1093",)),
             Source(ARORA, "Problem 16.3.5", ("ARORA-1092",))],
    kind="exact",
    area="generative",
    instances=mode_weights(),
    conclusion=support_test,
    proof_idea="P(collision) <= C(s,2)/N (union bound) and P(no collision) <= exp(-s(s-1)/(2N)); "
               "P(no collision) = s! e_s(w) and e_s is Schur-concave, maximal at uniform w.",
    mutants=[
        Mutant("skewed-support-recovered", "a mode with 4/5 of the mass makes two draws collide with "
               "probability >= 0.64, so s_half = 2 however many modes there are",
               conclusion=lambda i: support_test(i, overestimate=True), instances=mode_weights(skewed_only=True)),
        Mutant("support-linear-in-s", "s_half grows like 1.18 sqrt N, so 2 s_half < N once N > 8",
               conclusion=lambda i: support_test(i, linear=True),
               instances=mode_weights().filter(lambda i: len(i.w) >= 12)),
    ],
    examples=25,
)
test_birthday_support_size_test = SUPPORT.test()
