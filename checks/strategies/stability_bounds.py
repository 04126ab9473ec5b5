"""Instances for the high-probability stability bounds: the finite problems of
:mod:`checks.strategies.stability` and fixed-hypothesis rules with larger samples.

A fixed hypothesis (a rule that ignores its sample) has uniform stability 0, so the bounds reduce to
Hoeffding's inequality for its loss: the family where the ``sqrt(ln(1/delta)/(2n))`` term alone
carries the bound.  Two or three points, losses ``j/q``, ``n <= 6`` (at most 81 samples).

A perturbed fixed hypothesis (``base(z) + beta h_S(z)`` with ``h`` an arbitrary 0/1 table) is
``beta``-stable whatever ``h`` does; it realizes the alignments that make the bounded difference of the
gap exceed ``beta + M/n``.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from checks.stability import LossProfile
from checks.strategies.stability import FiniteProblem, finite_problems


@st.composite
def fixed_hypothesis_problems(draw, n_min: int = 1) -> FiniteProblem:
    """A rule returning one fixed hypothesis, loss ``j/q`` at each of 2-3 points, ``n_min <= n <= 6`` (``<= 4`` for 3)."""
    k = draw(st.integers(2, 3))
    n = draw(st.integers(n_min, 6 if k == 2 else 4))
    q = draw(st.sampled_from([1, 2, 4]))
    row = tuple(draw(st.lists(st.integers(0, q).map(lambda j: Fraction(j, q)), min_size=k, max_size=k)))
    weights = draw(st.lists(st.integers(1, 9), min_size=k, max_size=k))
    probs = tuple(Fraction(w, sum(weights)) for w in weights)
    table = {s: row for s in itertools.product(range(k), repeat=n)}
    s = (0,) * n
    return FiniteProblem(f"fixed hypothesis with losses {', '.join(map(str, row))}", tuple(range(k)), probs, n,
                         LossProfile(k, n, table), (s, 0, 1))


def high_probability_problems(n_min: int = 1) -> SearchStrategy[FiniteProblem]:
    """Finite problems (sample size ``>= n_min``): every family of :func:`finite_problems` and fixed hypotheses."""
    return st.one_of(finite_problems().filter(lambda p: p.n >= n_min), fixed_hypothesis_problems(n_min),
                     perturbed_problems())


@st.composite
def perturbed_problems(draw) -> FiniteProblem:
    """A fixed hypothesis with losses ``base(z)`` in ``{0, 1 - beta}``, perturbed by ``beta h_S(z)`` for an
    arbitrary 0/1 table ``h`` (from a seed): every rule within ``beta`` of a fixed hypothesis is
    ``beta``-uniformly stable, whatever it does with its sample.  Losses in ``[0, 1]``, ``k`` in 3..4, ``n`` in 2..3
    (``k^n <= 81``); one heavy point is likely (weights 1..9)."""
    k = draw(st.integers(3, 4))
    n = draw(st.integers(2, 3))
    beta = draw(st.sampled_from([Fraction(1, 4), Fraction(1, 2)]))
    base = tuple(draw(st.lists(st.sampled_from([Fraction(0), 1 - beta]), min_size=k, max_size=k)))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    table = {s: tuple(b + beta * int(h) for b, h in zip(base, rng.integers(0, 2, size=k)))
             for s in itertools.product(range(k), repeat=n)}
    weights = draw(st.lists(st.integers(1, 9), min_size=k, max_size=k))
    probs = tuple(Fraction(w, sum(weights)) for w in weights)
    s = (0,) * n
    return FiniteProblem(f"fixed hypothesis {', '.join(map(str, base))} + {beta} x 0/1 table from seed {seed}",
                         tuple(range(k)), probs, n, LossProfile(k, n, table), (s, 0, 1))
