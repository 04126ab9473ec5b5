"""Error propagation through a composition of approximants.

Statement.  Let g_1, …, g_L be maps of the line, g_i Lip_i-Lipschitz, and ĝ_i approximants with
sup|g_i − ĝ_i| <= ε_i on the range of ĝ_{i−1}∘…∘ĝ_1.  Then on the domain
sup|g_L∘…∘g_1 − ĝ_L∘…∘ĝ_1| <= Σ_i ε_i Π_{j>i} Lip_j, with equality for affine g_i(x) = s_i x
(s_i > 0) and constant errors ĝ_i = g_i + ε_i.  The ε_i must hold on the range of the approximate
composition: errors made only outside the exact composition's range still count.  So approximating each constituent of a
compositional function is enough, an error made at layer i being amplified only by the layers after it.

Source.  Teng, Wang, Zhang, Theoretical Machine Learning (2025), §1.2.2, compositional functions
(TENG-4; the text states the idea in words, the bound is the standard telescoping estimate).

Proof idea.  With G_i = g_i∘…∘g_1 and Ĝ_i = ĝ_i∘…∘ĝ_1,
|G_i − Ĝ_i| <= |g_i(G_{i−1}) − g_i(Ĝ_{i−1})| + |g_i(Ĝ_{i−1}) − ĝ_i(Ĝ_{i−1})|
<= Lip_i |G_{i−1} − Ĝ_{i−1}| + ε_i; unrolling the recursion gives the sum.  The check works with
exact piecewise-linear maps: Lip_i is the largest absolute slope of g_i, ε_i the largest |g_i − ĝ_i|
at a knot, and the sup of the PL difference of the compositions is attained at a knot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import prod

from hypothesis import strategies as st

from checks.claim import Claim, Mutant, Source, equal, le
from checks.documents import TENG
from checks.piecewise import PL, affine, compose, extrema_on, linear_combination, pl, slopes
from checks.strategies.relu_networks import fractions


@dataclass(frozen=True)
class Chain:
    """Exact maps ``g[i]`` and approximants ``g_hat[i]`` (both PL on the same interval, which contains
    the ranges of the previous layer's exact map and approximant); ``how`` says how it was built."""

    g: tuple[PL, ...]
    g_hat: tuple[PL, ...]
    how: str

    @property
    def lips(self) -> list[Fraction]:
        return [max(abs(s) for s in slopes(f)) for f in self.g]

    @property
    def eps(self) -> list[Fraction]:
        return [max(abs(y) for y in linear_combination([f, h], [1, -1]).ys) for f, h in zip(self.g, self.g_hat)]

    def __repr__(self) -> str:
        return (f"Chain({self.how}, L={len(self.g)}, Lip={[str(v) for v in self.lips]}, "
                f"eps={[str(v) for v in self.eps]})")


def _composition(fs: Sequence[PL]) -> PL:
    out = fs[0]
    for f in fs[1:]:
        out = compose(f, out)
    return out


def propagated_error(c: Chain) -> Fraction:
    """``sup |g_L∘…∘g_1 − ĝ_L∘…∘ĝ_1|`` on the first domain, exactly (a max over knots)."""
    d = linear_combination([_composition(c.g), _composition(c.g_hat)], [1, -1])
    return max(abs(y) for y in d.ys)


@st.composite
def aligned_affine(draw: st.DrawFn) -> Chain:
    """The tight family: g_i(x) = s_i x and ĝ_i = g_i + ε_i on [−R_{i−1}, R_{i−1}], where R_i bounds
    the ranges of both compositions; the errors add up with the same sign."""
    L = draw(st.integers(1, 4))
    r = Fraction(1)
    g, gh = [], []
    for _ in range(L):
        s = draw(st.sampled_from([Fraction(1, 2), Fraction(1), Fraction(3, 2), Fraction(2), Fraction(3)]))
        e = draw(fractions(Fraction(1, 8), Fraction(1), 8))
        g.append(affine(s, 0, -r, r))
        gh.append(affine(s, e, -r, r))
        r = s * r + e
    return Chain(tuple(g), tuple(gh), "aligned affine")


@st.composite
def random_pl_chain(draw: st.DrawFn) -> Chain:
    """Random PL maps g_i (equispaced knots, values multiples of 1/4) and approximants
    ĝ_i = g_i + e_i with |e_i| <= ε_i at its own knots, each on [-r, r], where r bounds the values of
    both maps of the previous layer (so both compositions stay in the domain)."""
    L = draw(st.integers(1, 4))
    r = Fraction(1)
    g, gh = [], []
    for _ in range(L):
        k = draw(st.integers(1, 4))
        xs = [-r + 2 * r * Fraction(j, k) for j in range(k + 1)]
        ys = [draw(fractions(-3, 3, 4)) for _ in xs]
        f = pl(xs, ys)
        eps = draw(fractions(Fraction(1, 8), Fraction(1), 8))
        m = draw(st.integers(1, 4))
        exs = [-r + 2 * r * Fraction(j, m) for j in range(m + 1)]
        err = pl(exs, [draw(st.sampled_from([-eps, eps, eps / 2, Fraction(0)])) for _ in exs])
        h = linear_combination([f, err], [1, 1])
        g.append(f)
        gh.append(h)
        r = max(max(abs(y) for y in f.ys), max(abs(y) for y in h.ys), Fraction(1, 4))
    return Chain(tuple(g), tuple(gh), "random PL")


@st.composite
def escaping_ramps(draw: st.DrawFn) -> Chain:
    """g_i(x) = s_i x on [−r_{i−1}, r_{i−1}]; ĝ_1 = g_1 + ε_1 and, for i > 1, ĝ_i = g_i + e_i where e_i
    is 0 up to ρ_{i−1} = Π_{j<i} s_j (the end of the exact composition's range) and ramps up to ε_i at
    r_{i−1} = Ĝ_{i−1}(1): the approximants err only where the approximate composition goes.  At x = 1
    the error is Σ ε_i Π_{j>i} s_j, so the bound is attained."""
    L = draw(st.integers(2, 4))
    r = rho = Fraction(1)
    g, gh = [], []
    for i in range(L):
        s = draw(st.sampled_from([Fraction(1, 2), Fraction(1), Fraction(2), Fraction(3)]))
        e = draw(fractions(Fraction(1, 8), Fraction(1), 8))
        f = affine(s, 0, -r, r)
        err = affine(0, e, -r, r) if i == 0 else pl([-r, rho, r], [0, 0, e])
        g.append(f)
        gh.append(linear_combination([f, err], [1, 1]))
        r, rho = s * r + e, s * rho
    return Chain(tuple(g), tuple(gh), "escaping ramps")


def chains() -> st.SearchStrategy[Chain]:
    return st.one_of(aligned_affine(), random_pl_chain(), escaping_ramps())


def eps_on_exact_range(c: Chain) -> list[Fraction]:
    """``sup |g_i − ĝ_i|`` over the range of the EXACT composition g_{i−1}∘…∘g_1 only."""
    out, G = [], None
    for f, h in zip(c.g, c.g_hat):
        d = linear_combination([f, h], [1, -1])
        lo, hi = f.domain if G is None else (min(G.ys), max(G.ys))
        out.append(max(abs(v) for v in extrema_on(d, lo, hi)))
        G = f if G is None else compose(f, G)
    return out


Bound = Callable[[Sequence[Fraction], Sequence[Fraction]], Fraction]


def teng_bound(eps: Sequence[Fraction], lips: Sequence[Fraction]) -> Fraction:
    """``Σ_i ε_i Π_{j>i} Lip_j``."""
    return sum((e * prod(lips[i + 1:], start=Fraction(1)) for i, e in enumerate(eps)), Fraction(0))


def _checks(c: Chain, bound: Bound = teng_bound, eps: Callable[[Chain], list[Fraction]] | None = None) -> list:
    err, b = propagated_error(c), bound(eps(c) if eps else c.eps, c.lips)
    out = [le(err, b, label="sup|G − Ĝ| <= Σ ε_i Π_{j>i} Lip_j", why="exact rationals")]
    if c.how in ("aligned affine", "escaping ramps"):
        out.append(equal(err, teng_bound(c.eps, c.lips), f"{c.how}: the errors attain the bound"))
    return out


CLAIM = Claim(
    id="composition-error-propagation",
    title="Errors of composed approximants add up, amplified by the later layers' Lipschitz constants",
    statement=("If g_i is Lip_i-Lipschitz and sup|g_i − ĝ_i| <= ε_i on the range of ĝ_{i−1}∘…∘ĝ_1, then "
               "sup|g_L∘…∘g_1 − ĝ_L∘…∘ĝ_1| <= Σ_i ε_i Π_{j>i} Lip_j; equality for g_i(x) = s_i x, "
               "ĝ_i = g_i + ε_i."),
    sources=[Source(TENG, "§1.2.2, compositional functions g_L∘…∘g_1 (line 202)", ("TENG-4",))],
    kind="exact",
    area="approximation",
    instances=chains(),
    conclusion=_checks,
    proof_idea=("Telescoping: |G_i − Ĝ_i| <= Lip_i |G_{i−1} − Ĝ_{i−1}| + ε_i, since g_i is Lipschitz and "
                "ĝ_i is ε_i-close to g_i at the point Ĝ_{i−1}(x); unroll."),
    mutants=[
        Mutant("no-amplification", "Errors are amplified by later layers: s x + ε with s > 1 exceeds Σ ε_i.",
               conclusion=lambda c: _checks(c, lambda e, l: sum(e, Fraction(0)))),
        Mutant("product-of-errors", "Errors add; their product (ε_i < 1) is far smaller.",
               conclusion=lambda c: _checks(c, lambda e, l: prod(e, start=Fraction(1)))),
        Mutant("own-lipschitz-included", "Layer i's own constant does not multiply ε_i; with Lip_i < 1 "
               "the product Π_{j>=i} is too small.",
               conclusion=lambda c: _checks(c, lambda e, l: sum((x * prod(l[i:], start=Fraction(1))
                                                                  for i, x in enumerate(e)), Fraction(0)))),
        Mutant("earlier-lipschitz", "The error of layer i is amplified by the layers after i, not before.",
               conclusion=lambda c: _checks(c, lambda e, l: sum((x * prod(l[:i], start=Fraction(1))
                                                                  for i, x in enumerate(e)), Fraction(0)))),
        Mutant("errors-on-exact-range", "ε_i must bound g_i − ĝ_i where the approximate composition goes; "
               "errors made only outside the exact composition's range still propagate.",
               conclusion=lambda c: _checks(c, eps=eps_on_exact_range)),
        Mutant("max-instead-of-sum", "Aligned errors accumulate: the largest single term is too small.",
               conclusion=lambda c: _checks(c, lambda e, l: max(x * prod(l[i + 1:], start=Fraction(1))
                                                                for i, x in enumerate(e)))),
    ],
    examples=100,
)
test_composition_error_propagation = CLAIM.test()
