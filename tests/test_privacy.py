"""checks.privacy against brute force over events and truncated sums."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from checks.privacy import (expected_gap, exponential_learner, exponential_mechanism, geometric_mechanism,
                            hockey_stick, leaky_response, privacy_delta, randomized_response)

F = Fraction


def _brute_hockey(P, Q, a) -> Fraction:
    k = len(P)
    return max(sum(P[o] for o in E) - a * sum(Q[o] for o in E)
               for r in range(k + 1) for E in itertools.combinations(range(k), r))


def test_hockey_stick_is_the_sup_over_events() -> None:
    P, Q = (F(1, 2), F(1, 3), F(1, 6)), (F(1, 6), F(1, 6), F(2, 3))
    for a in (F(1), F(3, 2), F(4)):
        assert hockey_stick(P, Q, a) == _brute_hockey(P, Q, a)
        assert hockey_stick(Q, P, a) == _brute_hockey(Q, P, a)


def test_randomized_response_and_leaky_response_levels() -> None:
    a = F(3)
    P, Q = randomized_response(a, 0), randomized_response(a, 1)
    assert P == (F(3, 4), F(1, 4)) and privacy_delta(P, Q, a) == 0 and privacy_delta(P, Q, F(2)) > 0
    delta = F(1, 10)
    P, Q = leaky_response(a, delta, 0), leaky_response(a, delta, 1)
    assert sum(P) == 1 and privacy_delta(P, Q, a) == delta


def test_geometric_mechanism_against_a_truncated_sum() -> None:
    b, lo, hi = F(2), -1, 2
    for c in range(lo, hi + 1):
        law = geometric_mechanism(b, c, lo, hi)
        ref = [0.0] * (hi - lo + 1)
        Z = sum(0.5 ** abs(k) for k in range(-200, 201))
        for k in range(-200, 201):
            ref[min(max(c + k, lo), hi) - lo] += 0.5 ** abs(k) / Z
        assert all(abs(float(x) - r) < 1e-12 for x, r in zip(law, ref))
    assert privacy_delta(geometric_mechanism(b, 0, lo, hi), geometric_mechanism(b, 1, lo, hi), b) == 0
    assert privacy_delta(geometric_mechanism(b, 0, lo, hi), geometric_mechanism(b, 1, lo, hi), F(3, 2)) > 0


def test_exponential_mechanism_level() -> None:
    b = F(3, 2)
    P, Q = exponential_mechanism(b, [0, 1, 2]), exponential_mechanism(b, [1, 0, 2])
    assert sum(P) == 1 and P[2] / P[0] == b * b
    assert privacy_delta(P, Q, b * b) == 0


def test_malformed_inputs_raise() -> None:
    with pytest.raises(ValueError, match=">= 1"):
        randomized_response(F(1, 2), 0)
    with pytest.raises(ValueError, match="probability"):
        hockey_stick((F(1, 2), F(1, 3)), (F(1, 2), F(1, 2)), F(1))
    with pytest.raises(ValueError, match="b > 1"):
        geometric_mechanism(F(1), 0, 0, 1)


def test_leaky_memorizer_gap_closed_form() -> None:
    """Uniform output except a leak of the ERM with probability delta: gap = delta (1 - sum_z p_z^2) at n = 1."""
    probs = (F(1, 6), F(1, 2), F(1, 3))
    memo = tuple(tuple(int(z != h) for z in range(3)) for h in range(3))
    delta = F(1, 4)
    gap = expected_gap(lambda S: exponential_learner(F(1), memo, S, delta), memo, probs, 1)
    assert gap == delta * (1 - sum(p * p for p in probs))
    assert exponential_learner(F(1), memo, (1,), delta) == (F(1, 4), F(1, 2), F(1, 4))


def test_exponential_learner_is_private_at_level_b_squared() -> None:
    losses = ((0, 1), (1, 1), (1, 0))
    b = F(3, 2)
    for S in [(0, 0), (0, 1), (1, 1)]:
        for T in [(0, 0), (0, 1), (1, 1)]:
            if sum(x != y for x, y in zip(S, T)) == 1:
                assert privacy_delta(exponential_learner(b, losses, S), exponential_learner(b, losses, T), b * b) == 0
    with pytest.raises(ValueError, match="0/1"):
        exponential_learner(b, ((0, 2),), (0,))
