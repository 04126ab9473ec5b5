"""Exact PAC computations on finite domains: the no-free-lunch average over all labelings, and the
realizable sample complexity of thresholds.

No free lunch.  The domain is ``{0, ..., n-1}`` with the uniform law, the sample is ``m`` i.i.d.
points labelled by ``f : [n] → {0, 1}``.  A *set learner* sees the set of labelled points of the
sample (a dict ``x ↦ f(x)``) and outputs a labeling of the domain.  The ``n^m`` sample sequences are
grouped by their set of distinct points ``A`` (``#{sequences with set A}`` by inclusion–exclusion,
``Σ_{B⊆A} (-1)^{|A|-|B|} |B|^m``), and the learner is called once per ``(A, f|A)``.

Thresholds.  Points ``0, ..., k-1`` with integer weights, ``h_a(x) = 1[x >= a]`` for ``a ∈ {0..k}``,
target ``a*``.  The thresholds consistent with a sample are ``a ∈ (max seen negative, min seen
positive]``, so the largest risk of a consistent threshold is
``max(μ[a*, min positive), μ(max negative, a*))``, computed for every count vector of the sample.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction
from math import comb

import numpy as np

from checks.finite_class import FiniteProblem, sample_law

SetLearner = Callable[[dict[int, int], int], tuple[int, ...]]


def sequences_with_set(size: int, m: int) -> int:
    """The number of ``m``-sequences whose set of distinct values is a given set of ``size`` points."""
    if size < 0 or m < 0:
        raise ValueError(f"need size, m >= 0; got {size}, {m}")
    return sum((-1) ** (size - j) * comb(size, j) * j**m for j in range(size + 1))


def _labelings(n: int) -> np.ndarray:
    """All ``2^n`` labelings of ``n`` points, row ``f`` holding the bits of ``f``."""
    return (np.arange(1 << n)[:, None] >> np.arange(n)[None, :]) & 1


def nfl_tables(learner: SetLearner, n: int, m: int) -> dict[str, object]:
    """For every labeling ``f`` of ``[n]`` (row ``f`` of the bit table): ``E_S err_f(A(S))`` and
    ``P_S(err_f(A(S)) >= 1/8)``, exactly; per seen set ``A`` and labels on it, the average over all
    labelings of the unseen points of the number of errors there; and ``P(set of the sample = A)``."""
    if not 1 <= m or not 1 <= n <= 10:
        raise ValueError(f"need m >= 1 and 1 <= n <= 10, got n={n}, m={m}")
    total = n**m
    sets = [A for r in range(1, min(m, n) + 1) for A in itertools.combinations(range(n), r)]
    weight = {A: sequences_with_set(len(A), m) for A in sets}
    if sum(weight.values()) != total:
        raise AssertionError("sequence counts do not add up")
    F = _labelings(n)
    e_num = np.zeros(1 << n, dtype=np.int64)
    t_num = np.zeros(1 << n, dtype=np.int64)
    unseen_avg: dict[tuple, Fraction] = {}
    for A in sets:
        unseen = [x for x in range(n) if x not in A]
        G = _labelings(len(unseen))
        rows = []
        for code, labels in enumerate(_labelings(len(A)).tolist()):
            p = tuple(int(v) for v in learner(dict(zip(A, labels)), n))
            if len(p) != n or any(v not in (0, 1) for v in p):
                raise ValueError(f"the learner must return {n} labels in {{0, 1}}, got {p}")
            rows.append(p)
            errs = int((G != np.asarray([p[x] for x in unseen], dtype=np.int64)[None, :]).sum()) if unseen else 0
            unseen_avg[A, tuple(labels)] = Fraction(errs, 2 ** len(unseen))
        P = np.asarray(rows, dtype=np.int64)
        codes = F[:, list(A)] @ (1 << np.arange(len(A)))
        errs_f = (P[codes] != F).sum(axis=1)
        e_num += weight[A] * errs_f
        t_num += weight[A] * (8 * errs_f >= n)
    return {"expected": [Fraction(int(v), total * n) for v in e_num],
            "tail_eighth": [Fraction(int(v), total) for v in t_num], "unseen_avg": unseen_avg,
            "sets": {A: Fraction(weight[A], total) for A in sets}}


def memorize_then(rule: str) -> SetLearner:
    """Predict the seen labels on seen points; on unseen points ``rule``: ``zero``, ``one``,
    ``majority`` or ``minority`` of the seen labels, or ``nearest`` (the nearest seen point on the
    cycle ``Z_n``, ties to the smaller index)."""
    if rule not in ("zero", "one", "majority", "minority", "nearest"):
        raise ValueError(f"unknown rule {rule!r}")

    def learner(seen: dict[int, int], n: int) -> tuple[int, ...]:
        ones = sum(seen.values())
        maj = int(2 * ones > len(seen))
        out = []
        for x in range(n):
            if x in seen:
                out.append(seen[x])
            elif rule in ("zero", "one"):
                out.append(int(rule == "one"))
            elif rule == "majority":
                out.append(maj)
            elif rule == "minority":
                out.append(1 - maj)
            else:
                near = min(seen, key=lambda s: (min((x - s) % n, (s - x) % n), s))
                out.append(seen[near])
        return tuple(out)
    return learner


_MASK = (1 << 64) - 1


def _mix(z: int) -> int:
    """The splitmix64 finalizer: a fixed bijection of 64-bit integers that scrambles its input."""
    z = (z + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def random_learner(seed: int, consistent: bool) -> SetLearner:
    """A fixed but arbitrary set learner: its output is a pseudo-random labeling determined by
    ``seed`` and the labelled set seen (through a hash); a ``consistent`` one keeps the seen labels."""
    def learner(seen: dict[int, int], n: int) -> tuple[int, ...]:
        code = sum((1 << (2 * x)) * (1 + y) for x, y in seen.items())
        h = _mix(_mix(seed) ^ _mix(code + (n << 40)))
        out = [(h >> (3 * x + 7)) & 1 for x in range(n)]
        if consistent:
            for x, y in seen.items():
                out[x] = y
        return tuple(out)
    return learner


def threshold_sup_risk(weights: tuple[int, ...], target: int, n: int) -> tuple[np.ndarray, list[Fraction]]:
    """Per count vector of an ``n``-sample (order of :func:`checks.finite_class.sample_law`): the
    largest risk of a threshold consistent with the sample (target ``h_{a*}``), and the probabilities
    of the count vectors."""
    k = len(weights)
    if not 0 <= target <= k:
        raise ValueError(f"the target threshold must lie in [0, {k}], got {target}")
    counts, nums, den = sample_law(FiniteProblem(tuple(weights), ((0,) * k,)), n)
    W = sum(weights)
    prefix = [0]
    for w in weights:
        prefix.append(prefix[-1] + w)
    mass = lambda lo, hi: Fraction(prefix[hi] - prefix[lo], W)  # μ{lo, ..., hi - 1}
    out = []
    for row in counts.tolist():
        seen = [x for x in range(k) if row[x]]
        min_pos = min((x for x in seen if x >= target), default=k)
        max_neg = max((x for x in seen if x < target), default=-1)
        out.append(max(mass(target, min_pos), mass(max_neg + 1, target)))
    return np.asarray(out, dtype=object), [Fraction(v, den) for v in nums]
