"""Capacity is not parameter count: a one-parameter class of infinite VC dimension, and the product
and composition rules for growth functions behind the VC bounds of networks.

Statement.
- ``{x ↦ sign(sin(a x)) : a ∈ R}`` shatters ``{10^{-1}, ..., 10^{-n}}`` for every ``n``: for labels
  ``y ∈ {±1}^n`` the choice ``a = π(1 + Σ_i c_i 10^i)``, ``c_i = (1 - y_i)/2``, gives
  ``sign(sin(a 10^{-j})) = y_j``.  One real parameter, infinite VC dimension.  The same holds for
  every even base ``b >= 2`` in place of 10 (base 2 included: the lower-order terms sum to
  ``1 - 2^{-j} < 1``); an odd base fails.
- Product rule: for ``H_1 ⊆ Y_1^X``, ``H_2 ⊆ Y_2^X`` and ``H = {x ↦ (h_1(x), h_2(x))}``,
  ``Π_H(N) <= Π_{H_1}(N) Π_{H_2}(N)``.
- Composition rule: for ``H_1 ⊆ Y^X`` and ``H_2 ⊆ Z^Y``, ``Π_{H_2∘H_1}(N) <= Π_{H_1}(N) Π_{H_2}(N)``
  (the step that counts the patterns of a network layer by layer).

Sources.  Zhao, *From Approximation to Emergence*, Fig. 7.6 (ZHAO-53), Lemma 7.12 (ZHAO-56), §7.4
(ZHAO-57: its composition lemma; the sign-network corollary ``(eN)^W`` is not checked here); Teng,
Wang, Zhang, *Theoretical Machine Learning*, §7.5 (TENG-41: its exotic-activation example).

Proof idea.  ``a 10^{-j}/π = 10^{-j} + Σ_{i<j} c_i 10^{i-j} + c_j + (even integers)``: the terms with
``i > j`` are multiples of 2, and the remainder ``10^{-j} + Σ_{i<j} c_i 10^{i-j} ∈ (0, 1)``, so
``sin`` has the sign ``(-1)^{c_j} = y_j``.  Product and composition: on ``N`` points ``H_1`` has at
most ``Π_{H_1}(N)`` patterns, and for each of them the second class adds at most ``Π_{H_2}(N)``
(for a composition: on the at most ``N`` values the first layer takes).

Exact: the sign of ``sin(π r)`` for rational ``r`` is decided by ``r mod 2``; growth functions are
computed by brute force over all subsets of a finite domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, le
from checks.coverage import Uncovered
from checks.documents import TENG, ZHAO
from checks.finite_class import compose, growth, product_class
from checks.strategies.concept_classes import SEEDS

NOT_CHECKED = (
    Uncovered("MSML-296", area="generalization", checkable="asymptotic",
              reason="VCdim of ReLU networks = Θ(P L log P) (Bartlett et al.) is an asymptotic statement about "
                     "network families; the VC dimension of networks cannot be brute-forced beyond toy sizes"),
)


# --- claim 1: sign(sin(a x)) shatters {10^-j} -----------------------------------------------------

@dataclass(frozen=True)
class SinInstance:
    """The points ``x_j = base^{-j}``, ``j = 1..n``."""

    n: int
    base: int = 10

    def __repr__(self) -> str:
        return f"SinInstance(points {self.base}^-1 .. {self.base}^-{self.n})"


def sin_sign(r: Fraction) -> int:
    """``sign(sin(π r))`` for rational ``r``, exactly (``0`` at the zeros)."""
    s = r % 2
    return 0 if s in (0, 1) else (1 if s < 1 else -1)


def sin_labelings(inst: SinInstance) -> tuple[int, Fraction]:
    """The number of labelings of the points realized by ``a = π(1 + Σ c_i base^i)``, and the smallest
    distance of ``a x_j / π mod 1`` to the zeros of ``sin`` (the margin)."""
    b, n = inst.base, inst.n
    realized, margin = 0, Fraction(1)
    for y in product((1, -1), repeat=n):
        c = [(1 - yi) // 2 for yi in y]
        a_over_pi = 1 + sum(ci * b**i for i, ci in zip(range(1, n + 1), c))
        rs = [Fraction(a_over_pi, b**j) for j in range(1, n + 1)]
        realized += all(sin_sign(r) == yi for r, yi in zip(rs, y))
        margin = min([margin] + [min(r % 1, 1 - r % 1) for r in rs])
    return realized, margin


def sin_shatters(inst: SinInstance) -> list[Check]:
    realized, margin = sin_labelings(inst)
    return [equal(realized, 2**inst.n, label=f"labelings of {inst.n} points realized by sign(sin(a x))"),
            le(Fraction(0), margin, label="distance of a x_j / pi to the zeros of sin (strict signs)")]


def vc_le_parameters(inst: SinInstance) -> Check:
    realized, _ = sin_labelings(inst)
    shattered = inst.n if realized == 2**inst.n else 0
    return le(shattered, 1, label="size of a set shattered by a one-parameter class <= 1")


SIN = Claim(
    id="sin-class-infinite-vc",
    title="One parameter, infinite VC dimension: sign(sin(a x)) shatters {10^-j}",
    statement="for every n and even base b >= 2, {x -> sign(sin(a x)) : a real} realizes all 2^n labelings "
              "of b^-1, ..., b^-n with a = pi (1 + sum_i (1 - y_i)/2 b^i) (the text uses b = 10)",
    sources=[Source(ZHAO, "Fig. 7.6", ("ZHAO-53",)),
             Source(TENG, "§7.5 (the exotic-activation example of infinite VC dimension)", ("TENG-41",))],
    kind="exact",
    area="generalization",
    instances=st.builds(SinInstance, st.integers(1, 7), st.sampled_from([2, 4, 10])),
    conclusion=sin_shatters,
    proof_idea="a x_j / pi = (even integers) + c_j + (b^-j + sum_{i<j} c_i b^{i-j}), the last term in (0, 1), "
               "so sin(a x_j) has the sign (-1)^{c_j} = y_j.",
    mutants=[
        Mutant("vc-at-most-parameters", "the class has one parameter but shatters n points for every n",
               conclusion=vc_le_parameters),
        Mutant("odd-base", "with an odd base b the higher-order terms c_i b^{i-j} are odd multiples of pi "
               "and flip the sign", instances=st.builds(SinInstance, st.integers(1, 7), st.sampled_from([3, 5]))),
    ],
    examples=10,
)
test_sin_class_infinite_vc = SIN.test()


# --- claims 2, 3: product and composition rules ----------------------------------------------------

@dataclass(frozen=True)
class TwoClasses:
    """``H_1`` (functions on ``X``) and ``H_2`` (on ``X`` for a product, on the values of ``H_1`` for
    a composition), as tuples of values."""

    H1: tuple[tuple[int, ...], ...]
    H2: tuple[tuple[int, ...], ...]
    kind: str

    def __repr__(self) -> str:
        return f"TwoClasses({self.kind}; H1={list(self.H1)}, H2={list(self.H2)})"


def _random_class(rng: np.random.Generator, size: int, domain: int, values: int) -> tuple[tuple[int, ...], ...]:
    return tuple(dict.fromkeys(tuple(int(v) for v in rng.integers(0, values, domain)) for _ in range(size)))


@st.composite
def class_pairs(draw: st.DrawFn, composition: bool) -> TwoClasses:
    """Random classes on ``|X| <= 6`` with ``<= 3`` values; for products also the tight pair of
    thresholds on the two coordinates of a grid (every combination of patterns occurs)."""
    rng = np.random.default_rng(draw(SEEDS))
    if not composition and draw(st.booleans()):
        a, b = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        grid = [(i, j) for i in range(a) for j in range(b)]
        H1 = tuple(dict.fromkeys(tuple(int(p[0] >= t) for p in grid) for t in range(a + 1)))
        H2 = tuple(dict.fromkeys(tuple(int(p[1] >= t) for p in grid) for t in range(b + 1)))
        return TwoClasses(H1, H2, f"thresholds on the coordinates of a {a} x {b} grid")
    m = draw(st.integers(1, 6))
    k = draw(st.integers(2, 3))
    H1 = _random_class(rng, draw(st.integers(1, 8)), m, k)
    H2 = _random_class(rng, draw(st.integers(1, 8)), k if composition else m, draw(st.integers(2, 3)))
    return TwoClasses(H1, H2, "composition" if composition else "product")


def _rule(T: TwoClasses, combined, bound) -> list[Check]:
    H = combined(T)
    m = len(T.H1[0])
    return [le(growth(H, N), bound(growth(T.H1, N), growth(T.H2, N)), label=f"Pi_H({N}) vs Pi_H1 and Pi_H2")
            for N in range(1, m + 1)]


def _product(T: TwoClasses):
    return product_class(T.H1, T.H2)


def _composition(T: TwoClasses):
    return compose(T.H2, T.H1)


PRODUCT = Claim(
    id="growth-product-rule",
    title="Growth functions multiply under products",
    statement="Pi_H(N) <= Pi_H1(N) Pi_H2(N) for H = {x -> (h1(x), h2(x))}, H1, H2 on one domain",
    sources=[Source(ZHAO, "Lemma 7.12", ("ZHAO-56",))],
    kind="exact",
    area="generalization",
    instances=class_pairs(composition=False),
    conclusion=lambda T: _rule(T, _product, lambda a, b: a * b),
    proof_idea="On N points each of the <= Pi_H1(N) patterns of h1 pairs with <= Pi_H2(N) patterns of h2.",
    mutants=[
        Mutant("sum", "thresholds on the two coordinates of a grid realize every pair of patterns, "
               "more than the sum", conclusion=lambda T: _rule(T, _product, lambda a, b: a + b)),
        Mutant("max", "a product has more patterns than either factor", conclusion=lambda T: _rule(T, _product, max)),
    ],
    examples=40,
)
test_growth_product_rule = PRODUCT.test()

COMPOSITION = Claim(
    id="growth-composition-rule",
    title="Growth functions multiply under compositions",
    statement="Pi_{H2 o H1}(N) <= Pi_H1(N) Pi_H2(N) for H1 of functions X -> Y and H2 of functions Y -> Z",
    sources=[Source(ZHAO, "§7.4, the composition lemma behind the layer-by-layer count", ("ZHAO-57",))],
    kind="exact",
    area="generalization",
    instances=class_pairs(composition=True),
    conclusion=lambda T: _rule(T, _composition, lambda a, b: a * b),
    proof_idea="Fix one of the <= Pi_H1(N) patterns of the first layer on the N points; it takes at most N "
               "values in Y, on which H2 has <= Pi_H2(N) patterns.",
    mutants=[Mutant("first-layer-only", "the second layer multiplies the patterns: a single first-layer map "
                    "onto Y composed with many H2 has Pi_H2 patterns", conclusion=lambda T: _rule(T, _composition, max))],
    examples=40,
)
test_growth_composition_rule = COMPOSITION.test()
