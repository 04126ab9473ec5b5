"""Strategies for finite learning problems: a law on finitely many outcomes, a finite class of
hypotheses (as loss vectors), a sample size and a confidence level ``δ = 1/q``.

Families: one fair Bernoulli loss (where Hoeffding is tightest); independent loss bits, one per
hypothesis (where the union bound is nearly tight); memorizers (all labelings of a few points under
fair label noise: the ERM output has train error 0 and risk 1/2); realizable problems (a target in
the class, deterministic labels); random problems; and concept classes of known VC dimension
(Hamming balls around ∅, thresholds, intervals) under a law on ``X × {0,1}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np
from hypothesis import strategies as st

from checks.combinatorics import ConceptClass, hamming_ball, intervals, thresholds, vc_dimension
from checks.finite_class import MAX_SAMPLES, FiniteProblem

SEEDS = st.integers(0, 2**32 - 1)
LEVELS = (2, 3, 4, 5, 10, 100)
"""The confidence levels ``δ = 1/q`` drawn."""


@dataclass(frozen=True)
class Instance:
    """A problem, a sample size ``n`` and a confidence level ``δ = 1/q``; ``d`` is the VC dimension
    of the underlying concept class when there is one (else -1)."""

    problem: FiniteProblem
    n: int
    q: int
    d: int = -1

    def __repr__(self) -> str:
        vc = f", VC dimension {self.d}" if self.d >= 0 else ""
        return f"Instance(n={self.n}, delta=1/{self.q}{vc}, {self.problem!r})"


def _max_n(k: int, cap: int) -> int:
    n = 1
    while n < cap and comb(n + k, k - 1) <= MAX_SAMPLES // 4:
        n += 1
    return n


def from_concepts(H: ConceptClass, x_weights: list[int], noise: list[tuple[int, int]], name: str) -> FiniteProblem:
    """Outcomes ``(x, y)`` with ``P(x, y) ∝ x_weights[x] · noise[x][y]`` and 0-1 loss ``1[h(x) != y]``."""
    weights, cols = [], []
    for x in range(H.n):
        for y in (0, 1):
            if noise[x][y]:
                weights.append(x_weights[x] * noise[x][y])
                cols.append((x, y))
    losses = tuple(tuple(int((h >> x & 1) != y) for x, y in cols) for h in sorted(H.concepts))
    return FiniteProblem(tuple(weights), losses, name)


def fair_coin() -> st.SearchStrategy[FiniteProblem]:
    return st.just(FiniteProblem((1, 1), ((0, 1),), "one fair Bernoulli loss"))


@st.composite
def independent_bits(draw: st.DrawFn) -> FiniteProblem:
    """``N <= 3`` hypotheses whose losses are independent Bernoulli bits ``b_j`` of the outcome
    ``z = (b_1, ..., b_N)``; ``P(b_j = 1) = u_j / (u_j + v_j)``."""
    N = draw(st.integers(1, 3))
    uv = [(draw(st.integers(1, 3)), draw(st.integers(1, 3))) for _ in range(N)]
    outcomes = list(np.ndindex(*(2,) * N))
    weights = tuple(int(np.prod([uv[j][0] if z[j] else uv[j][1] for j in range(N)])) for z in outcomes)
    losses = tuple(tuple(int(z[j]) for z in outcomes) for j in range(N))
    return FiniteProblem(weights, losses, f"{N} independent loss bits")


@st.composite
def memorizers(draw: st.DrawFn) -> FiniteProblem:
    """All ``2^m`` labelings of ``m <= 6`` uniform points with fair label noise: every hypothesis has
    risk 1/2 and the ERM output fits the sample."""
    m = draw(st.integers(1, 6))
    H = ConceptClass(m, frozenset(range(1 << m)), "all labelings")
    return from_concepts(H, [1] * m, [(1, 1)] * m, f"all labelings of {m} points, fair labels")


@st.composite
def realizable(draw: st.DrawFn) -> FiniteProblem:
    """Deterministic labels by a target in the class: outcomes are the points, losses ``h XOR t``
    (the target's loss vector is 0)."""
    rng = np.random.default_rng(draw(SEEDS))
    m = draw(st.integers(2, 5))
    kind = draw(st.sampled_from(["singletons", "all", "random"]))
    if kind == "singletons":  # every hypothesis but the target errs on one point
        losses = [(0,) * m] + [tuple(int(i == j) for i in range(m)) for j in range(m)]
    elif kind == "all" and m <= 4:
        losses = [tuple(h >> i & 1 for i in range(m)) for h in range(1 << m)]
    else:
        losses = [(0,) * m] + [tuple(int(b) for b in rng.integers(0, 2, m)) for _ in range(draw(st.integers(1, 8)))]
    weights = tuple(int(w) for w in rng.integers(1, 5, m)) if draw(st.booleans()) else (1,) * m
    return FiniteProblem(weights, tuple(dict.fromkeys(losses)), f"realizable, {kind}")


@st.composite
def random_problems(draw: st.DrawFn) -> FiniteProblem:
    rng = np.random.default_rng(draw(SEEDS))
    k = draw(st.integers(2, 6))
    weights = tuple(int(w) for w in rng.integers(1, 6, k))
    losses = tuple(dict.fromkeys(tuple(int(b) for b in rng.integers(0, 2, k))
                                 for _ in range(draw(st.integers(1, 8)))))
    return FiniteProblem(weights, losses, "random")


def _instances(problems: st.SearchStrategy[FiniteProblem], cap: int = 12) -> st.SearchStrategy[Instance]:
    @st.composite
    def build(draw: st.DrawFn) -> Instance:
        P = draw(problems)
        n = draw(st.integers(1, _max_n(P.k, cap)))
        q = draw(st.sampled_from(LEVELS))
        return Instance(P, n, q)
    return build()


def finite_instances() -> st.SearchStrategy[Instance]:
    """Agnostic finite-class instances (any of the families above but the VC ones); memorizers get
    ``n <= 6``, where a sample of distinct points is likely and the ERM gap is 1/2."""
    return st.one_of(_instances(st.one_of(fair_coin(), independent_bits(), realizable(), random_problems())),
                     memorizer_instances())


def memorizer_instances() -> st.SearchStrategy[Instance]:
    """Only the memorizers (ERM over all labelings of a few points under label noise), ``n <= 6``."""
    return _instances(memorizers(), cap=6)


def realizable_instances() -> st.SearchStrategy[Instance]:
    return _instances(realizable())


def single_hypothesis_instances() -> st.SearchStrategy[Instance]:
    """A fixed hypothesis (the class has one element)."""
    one = st.one_of(fair_coin(), independent_bits().map(
        lambda P: FiniteProblem(P.weights, P.losses[:1], P.name + ", first only")), random_problems().map(
        lambda P: FiniteProblem(P.weights, P.losses[:1], P.name + ", first only")))
    return _instances(one)


@st.composite
def _tight_vc(draw: st.DrawFn) -> Instance:
    d = draw(st.integers(1, 5))
    H = hamming_ball(2 * d, d)
    P = from_concepts(H, [1] * (2 * d), [(1, 0)] * (2 * d), f"sets of <= {d} of {2 * d} uniform points, target 0")
    return Instance(P, d, draw(st.sampled_from((2, 3, 10))), d)


@st.composite
def _random_vc(draw: st.DrawFn, max_n: int) -> Instance:
    rng = np.random.default_rng(draw(SEEDS))
    kind = draw(st.sampled_from(["small sets", "thresholds", "intervals"]))
    if kind == "small sets":
        d = draw(st.integers(1, 3))
        m = draw(st.integers(d + 1, 2 * d + 1))
        H = hamming_ball(m, d)
    else:
        m = draw(st.integers(2, 4))
        pts = sorted(int(v) for v in rng.choice(20, size=m, replace=False))
        H = thresholds(pts) if kind == "thresholds" else intervals(pts)
    d = vc_dimension(H)
    if draw(st.booleans()):
        noise = [(1, 0)] * m  # target 0
    else:
        noise = [(int(a), int(b)) for a, b in rng.integers(1, 4, size=(m, 2))]
    x_weights = [1] * m if draw(st.booleans()) else [int(w) for w in rng.integers(1, 4, m)]
    P = from_concepts(H, x_weights, noise, f"{kind} on {m} points")
    n = draw(st.integers(d, max(d, _max_n(P.k, max_n))))
    return Instance(P, n, draw(st.sampled_from(LEVELS)), d)


def vc_instances(max_n: int = 10) -> st.SearchStrategy[Instance]:
    """A concept class of VC dimension ``d >= 1`` on ``m`` points, a law on ``X × {0,1}`` (target 0
    or noisy labels), and ``n >= d``.  The tight family: the sets of at most ``d`` of ``2d`` uniform
    points with the zero target at ``n = d``, where ``sup_h (R - R̂) = 1/2`` on every sample.  The
    random families have ``n <= max(d, max_n)``."""
    return st.one_of(_tight_vc(), _random_vc(max_n))
