"""Finite pieces of worst-case hardness: the 3SAT sum-of-squares gadget and hidden-vertex search."""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from typing import Callable, Sequence

Literal = tuple[int, bool]            # (variable, negated)
Clause = tuple[Literal, ...]


def literal_value(lit: Literal, x: Sequence[Fraction]) -> Fraction:
    """``x_i`` for a positive literal, ``1 - x_i`` for a negated one."""
    i, neg = lit
    return 1 - x[i] if neg else x[i]


def gadget(clauses: Sequence[Clause], x: Sequence[Fraction], boolean_terms: bool = True, squares: bool = True) -> Fraction:
    """``sum_i x_i^2 (1 - x_i)^2 + sum_C prod_{l in C} (1 - val_l(x))^2``: zero exactly at satisfying 0/1 points."""
    v = sum((xi * xi * (1 - xi) ** 2 for xi in x), Fraction(0)) if boolean_terms else Fraction(0)
    for C in clauses:
        prod_ = Fraction(1)
        for lit in C:
            f = 1 - literal_value(lit, x)
            prod_ *= f * f if squares else f
        v += prod_
    return v


def satisfies(clauses: Sequence[Clause], bits: Sequence[int]) -> bool:
    return all(any((1 - bits[i]) if neg else bits[i] for i, neg in C) for C in clauses)


def satisfiable(clauses: Sequence[Clause], n: int) -> bool:
    """Brute force over ``{0,1}^n``."""
    return any(satisfies(clauses, b) for b in product((0, 1), repeat=n))


def hidden_vertex_successes(n: int, q: int, strategy: Callable[[tuple], tuple[int, ...]]) -> int:
    """Number of hidden vertices ``v in {0,1}^n`` that a deterministic adaptive ``strategy`` (history of
    (query, answer) pairs -> next query) hits within ``q`` queries, when the oracle answers ``miss`` everywhere
    except at ``v``."""
    if n < 1 or q < 0:
        raise ValueError("need n >= 1 and q >= 0")
    found = 0
    for v in product((0, 1), repeat=n):
        hist: tuple = ()
        for _ in range(q):
            x = strategy(hist)
            if x == v:
                found += 1
                break
            hist += ((x, "miss"),)
    return found
