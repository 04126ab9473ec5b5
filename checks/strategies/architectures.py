"""Strategies for architecture theorems: small rational ReLU MLPs with inputs, linear DAGs, matrix-product
adjoint problems, circular signals, graphs with node features, sign-symmetric layer instances."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.architectures import Dag, Mlp


def rationals(num: int = 4, den: int = 4) -> st.SearchStrategy[Fraction]:
    return st.builds(Fraction, st.integers(-num, num), st.integers(1, den))


def matrices(rows: int, cols: int, entries=None) -> st.SearchStrategy:
    entries = entries if entries is not None else rationals()
    return st.tuples(*[st.tuples(*[entries] * cols)] * rows)


@dataclass(frozen=True)
class MlpPoint:
    net: Mlp
    x: tuple[Fraction, ...]


@st.composite
def mlp_points(draw, square: bool = False, max_depth: int = 3, max_width: int = 3) -> MlpPoint:
    """A ReLU MLP (depth 1..max_depth hidden layers) with rational weights and input; ``square``: all hidden
    widths equal the input width."""
    depth = draw(st.integers(1, max_depth))
    d0 = draw(st.integers(2 if square else 1, max_width))
    widths = [d0] + [d0 if square else draw(st.integers(1, max_width)) for _ in range(depth)]
    weights = [draw(matrices(widths[i + 1], widths[i])) for i in range(depth)]
    weights.append(draw(matrices(1, widths[-1])))
    x = draw(st.tuples(*[rationals()] * d0))
    return MlpPoint(Mlp(tuple(weights)), x)


@st.composite
def dags(draw, max_nodes: int = 12, dense: bool = False) -> Dag:
    """Linear DAGs; ``dense``: every forward pair is an edge (the worst case of forward accumulation)."""
    n = draw(st.integers(2, max_nodes))
    pairs = [(z, v) for v in range(1, n) for z in range(v)]
    chosen = pairs if dense else [p for p in pairs if draw(st.booleans())]
    edges = tuple((z, v, draw(rationals())) for z, v in chosen)
    return Dag(n, edges)


@dataclass(frozen=True)
class ProductAdjoint:
    """``U = Z W`` with ``Z`` d1 x d2, ``W`` d2 x d3 and an output cotangent ``S`` (d1 x d3)."""

    Z: tuple
    W: tuple
    S: tuple


@st.composite
def product_adjoints(draw, square: bool = False) -> ProductAdjoint:
    d1 = draw(st.integers(1, 3))
    d2 = d1 if square else draw(st.integers(1, 3))
    d3 = d1 if square else draw(st.integers(1, 3))
    return ProductAdjoint(draw(matrices(d1, d2)), draw(matrices(d2, d3)), draw(matrices(d1, d3)))
