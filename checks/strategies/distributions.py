"""Strategies for probability laws: finite rational laws (with the two- and three-point laws that make
Markov and Chebyshev tight), finite probability spaces with event families, sums of independent
bounded integer variables, Bernoulli sums (few heterogeneous ones exactly, many i.i.d. ones through
binomial tails), matrix series with two-point coefficients, and Gaussian parameters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.distributions import FiniteLaw, LatticeLaw

SEEDS = st.integers(0, 2**32 - 1)


def rationals(lo: int, hi: int, max_den: int = 6) -> st.SearchStrategy[Fraction]:
    """Rationals ``k/d`` with ``d <= max_den`` in ``[lo, hi]``."""
    return st.integers(1, max_den).flatmap(
        lambda d: st.integers(lo * d, hi * d).map(lambda k: Fraction(k, d)))


def positive_rationals(hi: int, max_den: int = 6) -> st.SearchStrategy[Fraction]:
    return st.integers(1, max_den).flatmap(lambda d: st.integers(1, hi * d).map(lambda k: Fraction(k, d)))


@st.composite
def finite_laws(draw: st.DrawFn, lo: int = -20, hi: int = 20, max_atoms: int = 6) -> FiniteLaw:
    """A law on at most ``max_atoms`` rational atoms in ``[lo, hi]`` with integer weights in 1..20."""
    atoms = draw(st.lists(rationals(lo, hi), min_size=1, max_size=max_atoms, unique=True))
    weights = draw(st.lists(st.integers(1, 20), min_size=len(atoms), max_size=len(atoms)))
    return FiniteLaw.from_weights(atoms, weights)


@st.composite
def point_masses(draw: st.DrawFn, lo: int = -20, hi: int = 20) -> FiniteLaw:
    return FiniteLaw.from_weights([draw(rationals(lo, hi))], [1])


@dataclass(frozen=True)
class LawAndLevel:
    """A finite law and a level ``t > 0``."""

    law: FiniteLaw
    t: Fraction

    def __repr__(self) -> str:
        return f"LawAndLevel(t={self.t}, {self.law!r})"


@st.composite
def _level_for(draw: st.DrawFn, law: FiniteLaw, candidates: list[Fraction]) -> LawAndLevel:
    pos = [c for c in candidates if c > 0]
    t = draw(st.sampled_from(pos)) if pos and draw(st.booleans()) else draw(positive_rationals(20))
    return LawAndLevel(law, t)


@st.composite
def two_point_markov(draw: st.DrawFn) -> LawAndLevel:
    """``X ∈ {0, t}``: Markov's inequality is an equality."""
    t = draw(positive_rationals(10))
    w0, w1 = draw(st.integers(0, 20)), draw(st.integers(1, 20))
    atoms, weights = ([0, t], [w0, w1]) if w0 else ([t], [w1])
    return LawAndLevel(FiniteLaw.from_weights(atoms, weights), t)


def markov_instances(signed: bool = False) -> st.SearchStrategy[LawAndLevel]:
    """Nonnegative laws (or signed ones) with a level ``t`` (often an atom), and the equality family."""
    laws = finite_laws(-20 if signed else 0, 20)
    random = laws.flatmap(lambda L: _level_for(L, list(L.atoms)))
    return st.one_of(two_point_markov(), random)


@st.composite
def three_point_chebyshev(draw: st.DrawFn) -> LawAndLevel:
    """``{μ - t, μ, μ + t}`` with masses ``p/2, 1 - p, p/2``: Chebyshev's inequality is an equality."""
    mu, t = draw(rationals(-10, 10)), draw(positive_rationals(4, 8))
    side, mid = draw(st.integers(1, 10)), draw(st.integers(0, 20))
    atoms, weights = [mu - t, mu + t], [side, side]
    if mid:
        atoms, weights = atoms + [mu], weights + [mid]
    return LawAndLevel(FiniteLaw.from_weights(atoms, weights), t)


def chebyshev_instances() -> st.SearchStrategy[LawAndLevel]:
    """Signed laws with ``t`` among the distances ``|atom - mean|`` or random, and the equality family."""
    random = finite_laws(-20, 20).flatmap(lambda L: _level_for(L, [abs(a - L.mean) for a in L.atoms]))
    return st.one_of(three_point_chebyshev(), random)


@dataclass(frozen=True)
class Events:
    """A finite probability space ``P(ω) = weights[ω] / Σ weights`` and events (sets of outcomes)."""

    weights: tuple[int, ...]
    events: tuple[frozenset[int], ...]

    def prob(self, event: frozenset[int]) -> Fraction:
        return Fraction(sum(self.weights[w] for w in event), sum(self.weights))

    def __repr__(self) -> str:
        ev = ", ".join("{" + ",".join(map(str, sorted(e))) + "}" for e in self.events)
        return f"Events(weights={list(self.weights)}, events=[{ev}])"


@st.composite
def event_families(draw: st.DrawFn) -> Events:
    """Up to 24 outcomes and up to 6 events: random subsets, or disjoint blocks (union bound tight)."""
    k = draw(st.integers(1, 24))
    weights = tuple(draw(st.lists(st.integers(1, 10), min_size=k, max_size=k)))
    r = draw(st.integers(1, 6))
    if draw(st.booleans()):
        labels = draw(st.lists(st.integers(-1, r - 1), min_size=k, max_size=k))
        events = tuple(frozenset(w for w in range(k) if labels[w] == i) for i in range(r))
    else:
        events = tuple(frozenset(draw(st.sets(st.integers(0, k - 1)))) for _ in range(r))
    return Events(weights, events)


@dataclass(frozen=True)
class LawAndShift:
    """A finite law and a kink ``c`` for the convex test function ``(x - c)_+``."""

    law: FiniteLaw
    c: Fraction

    def __repr__(self) -> str:
        return f"LawAndShift(c={self.c}, {self.law!r})"


def jensen_instances() -> st.SearchStrategy[LawAndShift]:
    laws = st.one_of(point_masses(), finite_laws(-10, 10))
    return st.builds(LawAndShift, laws, rationals(-10, 10))


# --- sums of independent variables ------------------------------------------------------------------

@dataclass(frozen=True)
class BernoulliSum:
    """``X = Σ X_i`` with independent ``X_i ~ Bernoulli(p_i)``: explicitly (``ps``) or ``n`` i.i.d.
    copies of ``Bernoulli(p)`` (``ps = (p,)``, ``copies = n``); a deviation ``δ > 0``."""

    ps: tuple[Fraction, ...]
    copies: int
    delta: Fraction
    comonotone: bool = False

    @property
    def n(self) -> int:
        return len(self.ps) * self.copies

    @property
    def mu(self) -> Fraction:
        return sum(self.ps, Fraction(0)) * self.copies

    def __repr__(self) -> str:
        law = (f"{self.copies} x Bernoulli({self.ps[0]})" if self.copies > 1
               else "Bernoulli(" + ", ".join(map(str, self.ps)) + ")")
        if self.comonotone:
            law = f"{self.copies} equal copies of one Bernoulli({self.ps[0]}) (dependent)"
        return f"BernoulliSum({law}, mu={self.mu}, delta={self.delta} (= {float(self.delta):.4g}))"


PROBS = st.one_of(st.integers(1, 99).map(lambda k: Fraction(k, 100)),
                  st.integers(1, 999).map(lambda k: Fraction(k, 1000)),
                  st.integers(1, 9).map(lambda k: Fraction(k, 10)))


@st.composite
def _deltas(draw: st.DrawFn, n: int, mu: Fraction) -> Fraction:
    """A deviation: one making ``(1 + δ)μ`` or ``(1 - δ)μ`` an integer, or a random one in ``(0, 4]``,
    or a small one in ``(0, 1]``."""
    kind = draw(st.integers(0, 3))
    if kind == 0:
        k = draw(st.integers(int(mu) + 1, max(int(mu) + 1, n)))
        return Fraction(k) / mu - 1
    if kind == 1 and mu >= 1:
        k = draw(st.integers(0, int(mu - Fraction(1, 10**9))))
        return 1 - Fraction(k) / mu if k < mu else Fraction(1, 2)
    if kind == 2:
        return Fraction(draw(st.integers(1, 100)), 100)
    return Fraction(draw(st.integers(1, 400)), 100)


@st.composite
def iid_bernoulli_sums(draw: st.DrawFn, n: tuple[int, int], p: st.SearchStrategy[Fraction],
                       delta: st.SearchStrategy[Fraction], comonotone: bool = False) -> BernoulliSum:
    """``n`` i.i.d. (or, with ``comonotone``, identical) ``Bernoulli(p)`` with the given ranges."""
    return BernoulliSum((draw(p),), draw(st.integers(*n)), draw(delta), comonotone)


@st.composite
def bernoulli_sums(draw: st.DrawFn) -> BernoulliSum:
    """Few heterogeneous Bernoullis (exact convolution), many i.i.d. ones (n up to 3000, including the
    Poisson regime of small p), and the near-tight single trial with p close to 1."""
    family = draw(st.integers(0, 2))
    if family == 0:
        ps = tuple(draw(st.lists(PROBS, min_size=1, max_size=25)))
        copies = 1
    elif family == 1:
        ps, copies = (draw(PROBS),), draw(st.integers(1, 3000))
    else:
        ps, copies = (Fraction(draw(st.integers(80, 99)), 100),), draw(st.integers(1, 4))
    mu = sum(ps, Fraction(0)) * copies
    return BernoulliSum(ps, copies, draw(_deltas(len(ps) * copies, mu)))


@dataclass(frozen=True)
class BoundedSum:
    """Independent integer-valued ``X_i`` with laws ``laws[i]`` and stated ranges ``[a_i, b_i]``
    (``copies`` i.i.d. copies of one law for large sums), and a level ``t > 0``."""

    laws: tuple[LatticeLaw, ...]
    ranges: tuple[tuple[int, int], ...]
    copies: int
    t: Fraction
    comonotone: bool = False

    def __repr__(self) -> str:
        parts = [f"{dict((k, w) for k, w in zip(L.support, L.weights) if w)}/{L.total} on [{a},{b}]"
                 for L, (a, b) in zip(self.laws, self.ranges)]
        rep = f"{self.copies} copies of " if self.copies > 1 else ""
        if self.comonotone:
            rep = f"{self.copies} equal (dependent) copies of "
        return f"BoundedSum({rep}[{'; '.join(parts)}], t={self.t} (= {float(self.t):.4g}))"


@st.composite
def _bounded_law(draw: st.DrawFn, width: int) -> tuple[LatticeLaw, tuple[int, int]]:
    a = draw(st.integers(-width, 0))
    b = a + draw(st.integers(0, width))
    if draw(st.booleans()) and b > a:  # two endpoint atoms: the extremal case of Hoeffding's lemma
        atoms = {a: draw(st.integers(1, 10)), b: draw(st.integers(1, 10))}
    else:
        atoms = {k: draw(st.integers(0, 5)) for k in range(a, b + 1)}
        if not sum(atoms.values()):
            atoms[a] = 1
    return LatticeLaw.from_atoms(atoms), (a, b)


@st.composite
def bounded_sums(draw: st.DrawFn) -> BoundedSum:
    """Up to 12 independent bounded integer variables (random laws, ranges of unequal widths including
    constants), or up to 2000 i.i.d. Rademacher signs (where Hoeffding is tightest); ``t`` a multiple of
    the standard deviation or a support point."""
    if draw(st.booleans()):
        pairs = draw(st.lists(_bounded_law(4), min_size=1, max_size=12))
        laws, ranges, copies = tuple(p[0] for p in pairs), tuple(p[1] for p in pairs), 1
    else:
        laws, ranges, copies = (LatticeLaw(-1, (1, 0, 1), 2),), ((-1, 1),), draw(st.integers(1, 2000))
    var = sum((L.variance for L in laws), Fraction(0)) * copies
    c = Fraction(draw(st.integers(1, 40)), 10)
    t = c * Fraction(max(1, int(var ** 0.5 * 100)), 100) if var else c
    if draw(st.booleans()):
        t = Fraction(draw(st.integers(1, max(1, sum(b - a for a, b in ranges) * copies))))
    return BoundedSum(laws, ranges, copies, t)


@st.composite
def unequal_widths(draw: st.DrawFn) -> BoundedSum:
    """One symmetric two-point variable ``±w`` among ``k >= 1`` constants (width 0), ``t <= w``: the
    widths are as unequal as they can be."""
    w, k = draw(st.integers(1, 4)), draw(st.integers(1, 11))
    laws = [LatticeLaw.from_atoms({-w: 1, w: 1})]
    for _ in range(k):
        c = draw(st.integers(-4, 4))
        laws.append(LatticeLaw.from_atoms({c: 1}))
    ranges = [(-w, w)] + [(L.offset, L.offset) for L in laws[1:]]
    order = draw(st.permutations(range(k + 1)))
    return BoundedSum(tuple(laws[i] for i in order), tuple(ranges[i] for i in order), 1,
                      Fraction(draw(st.integers(1, w))))


@st.composite
def comonotone_signs(draw: st.DrawFn) -> BoundedSum:
    """``n`` copies of one Rademacher sign (all equal, so dependent) and ``t <= n``."""
    n = draw(st.integers(1, 200))
    return BoundedSum((LatticeLaw(-1, (1, 0, 1), 2),), ((-1, 1),), n, Fraction(draw(st.integers(1, n))), True)


@dataclass(frozen=True)
class MeanOfBounded:
    """``m`` independent zero-mean variables with values ``k/scale`` in ``[-1, 1]`` (laws on
    ``-scale..scale``), ``copies`` i.i.d. copies of each law, and a level ``ε``."""

    laws: tuple[LatticeLaw, ...]
    scale: int
    copies: int
    eps: Fraction

    @property
    def m(self) -> int:
        return len(self.laws) * self.copies

    def __repr__(self) -> str:
        parts = [f"{dict((k, w) for k, w in zip(L.support, L.weights) if w)}/{L.total}" for L in self.laws]
        rep = f"{self.copies} copies of " if self.copies > 1 else ""
        return (f"MeanOfBounded({rep}values k/{self.scale} with [{'; '.join(parts)}], m={self.m}, "
                f"eps={self.eps} (= {float(self.eps):.4g}))")


@st.composite
def zero_mean_law(draw: st.DrawFn, scale: int) -> LatticeLaw:
    """``{-a, 0, b}`` with ``P(b) ∝ c a``, ``P(-a) ∝ c b``, ``P(0) ∝ z``: mean zero, values in
    ``[-scale, scale]``."""
    a, b = draw(st.integers(1, scale)), draw(st.integers(1, scale))
    c, z = draw(st.integers(1, 5)), draw(st.integers(0, 10))
    atoms = {-a: c * b, b: c * a}
    if z:
        atoms[0] = z
    return LatticeLaw.from_atoms(atoms)


@st.composite
def means_of_bounded(draw: st.DrawFn) -> MeanOfBounded:
    """Few zero-mean ``[-1, 1]`` variables on a grid, or many Rademacher signs; ``ε √m ∈ (0, 4]``
    (moderate deviations, where the Gaussian-like tail sits) or a support point of the mean."""
    if draw(st.booleans()):
        scale = draw(st.integers(1, 4))
        laws, copies = tuple(draw(st.lists(zero_mean_law(scale), min_size=1, max_size=10))), 1
    else:
        scale, laws, copies = 1, (LatticeLaw(-1, (1, 0, 1), 2),), draw(st.integers(1, 1500))
    m = len(laws) * copies
    if draw(st.booleans()):
        eps = Fraction(draw(st.integers(1, m * scale)), m * scale)
    else:
        eps = Fraction(draw(st.integers(1, 400)), 100) / Fraction(max(1, int(m ** 0.5 * 100)), 100)
    return MeanOfBounded(laws, scale, copies, min(eps, Fraction(1)))


@dataclass(frozen=True)
class CenteredSum:
    """Independent zero-mean integer variables (``laws``, bounded by ``M``), or ``copies`` i.i.d.
    centered ``Bernoulli(p)`` (``p`` set, ``laws`` empty); a level ``t > 0``."""

    laws: tuple[LatticeLaw, ...]
    p: Fraction | None
    copies: int
    t: Fraction
    centered: bool = True

    def __repr__(self) -> str:
        if not self.centered:
            return f"CenteredSum({self.copies} x Bernoulli({self.p}) NOT centered, t={self.t} (= {float(self.t):.4g}))"
        if self.p is not None:
            return f"CenteredSum({self.copies} x (Bernoulli({self.p}) - {self.p}), t={self.t} (= {float(self.t):.4g}))"
        parts = [f"{dict((k, w) for k, w in zip(L.support, L.weights) if w)}/{L.total}" for L in self.laws]
        return f"CenteredSum([{'; '.join(parts)}], t={self.t})"


@st.composite
def centered_sums(draw: st.DrawFn) -> CenteredSum:
    """Few skewed zero-mean variables ``{-a, 0, b}`` (sparse large jumps exercise ``Mt/3``), or many
    i.i.d. centered Bernoullis: the Gaussian regime (``p = 1/2``, ``n`` up to 3000) and the Poisson
    regime (small ``p``).  ``t`` is a multiple of the standard deviation or just below a support point
    (where the tail ``P(S > t)`` is largest for its ``t``)."""
    just_below = Fraction(1, 100)
    if draw(st.booleans()):
        laws = tuple(draw(st.lists(zero_mean_law(6), min_size=1, max_size=8)))
        sd = float(sum((L.variance for L in laws), Fraction(0))) ** 0.5
        if draw(st.booleans()):
            t = Fraction(draw(st.integers(1, 40)), 10) * Fraction(int(sd * 100) + 1, 100)
        else:
            t = draw(st.integers(1, sum(L.hi for L in laws))) - just_below
        return CenteredSum(laws, None, 1, t)
    p = draw(st.one_of(st.just(Fraction(1, 2)), PROBS))
    n = draw(st.integers(1, 3000))
    sd = float(n * p * (1 - p)) ** 0.5
    if draw(st.booleans()):
        t = Fraction(draw(st.integers(1, 40)), 10) * Fraction(int(sd * 100) + 1, 100)
    else:
        k = min(n, int(n * p) + 1 + draw(st.integers(0, 30)))
        t = max(k - n * p - just_below, just_below)
    return CenteredSum((), p, n, t)


@st.composite
def uncentered_sums(draw: st.DrawFn) -> CenteredSum:
    """``n`` i.i.d. ``Bernoulli(p)`` left uncentered, and ``t`` below the mean ``np``."""
    p, n = draw(PROBS), draw(st.integers(1, 3000))
    t = max(Fraction(1, 100), n * p * Fraction(draw(st.integers(1, 99)), 100))
    return CenteredSum((), p, n, t, centered=False)


# --- matrix series ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MatrixSeries:
    """``Z = Σ_i c_i A_i`` with independent zero-mean two-point ``c_i`` (Rademacher when ``p = 1/2``,
    else ``Bernoulli(p) - p``), or the diagonal family ``Z = diag(S_1..S_d)`` with ``S_j`` a normalized
    sum of ``k`` Rademacher signs (``A`` empty; ``d``, ``k`` set)."""

    A: np.ndarray
    p: tuple[float, ...]
    d: int = 0
    k: int = 0

    def __repr__(self) -> str:
        if self.d:
            return f"MatrixSeries(diagonal: d={self.d} blocks of k={self.k} terms e_j e_j^T / sqrt(k))"
        with np.printoptions(precision=3, suppress=True, threshold=200, linewidth=110):
            return f"MatrixSeries(m={self.A.shape[0]}, shape={self.A.shape[1:]}, p={self.p}, A={self.A!r})"


@st.composite
def matrix_series(draw: st.DrawFn) -> MatrixSeries:
    """Random matrices (``m <= 10`` of shape up to ``5 x 5``, Gaussian, sparse or rank one), columns
    ``A_i = e_i e_1ᵀ`` (where the two variance terms differ most), and the diagonal family (where the
    ``ln(n1 + n2)`` factor is nearly needed)."""
    family = draw(st.integers(0, 2))
    if family == 2:
        return MatrixSeries(np.zeros((0, 1, 1)), (), d=draw(st.integers(1, 3000)), k=draw(st.integers(1, 200)))
    rng = np.random.default_rng(draw(SEEDS))
    if family == 1:
        m = draw(st.integers(1, 14))
        A = np.zeros((m, m, 1))
        A[np.arange(m), np.arange(m), 0] = 1.0
        if draw(st.booleans()):
            A = A.transpose(0, 2, 1)
        return MatrixSeries(A, (0.5,) * m)
    m = draw(st.integers(1, 10))
    n1, n2 = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    kind = draw(st.sampled_from(["gaussian", "sparse", "rank-one"]))
    if kind == "gaussian":
        A = rng.standard_normal((m, n1, n2))
    elif kind == "sparse":
        A = np.zeros((m, n1, n2))
        A[np.arange(m), rng.integers(0, n1, m), rng.integers(0, n2, m)] = rng.choice([-1.0, 1.0], m)
    else:
        A = np.einsum("mi,mj->mij", rng.standard_normal((m, n1)), rng.standard_normal((m, n2)))
    p = tuple(0.5 if draw(st.booleans()) else float(draw(st.sampled_from([0.01, 0.05, 0.1, 0.3, 0.7, 0.9])))
              for _ in range(m))
    return MatrixSeries(A, p)


# --- Gaussian parameters, small-ball and CLT instances ---------------------------------------------------

def log_uniform(lo: float, hi: float) -> st.SearchStrategy[float]:
    """Floats whose logarithm is uniform on ``[ln lo, ln hi]``."""
    return st.floats(math.log(lo), math.log(hi)).map(math.exp)


NONNEGATIVE_X = st.one_of(st.just(0.0), st.floats(0, 4), st.floats(0, 30), log_uniform(1e-6, 1e4))
"""Arguments ``x >= 0`` of the Mills ratio: 0, moderate values and a wide log-uniform range."""

SIZES = st.one_of(st.integers(1, 30), st.integers(1, 10**4), log_uniform(1, 1e12).map(int))
"""Numbers ``n >= 1`` of Gaussians."""


@dataclass(frozen=True)
class ScaleAndLevel:
    """``X ~ N(0, σ²)`` and a level ``t`` (``u = t/σ``)."""

    sigma: float
    t: float

    def __repr__(self) -> str:
        return f"ScaleAndLevel(sigma={self.sigma:.6g}, t={self.t:.6g}, t/sigma={self.t / self.sigma:.6g})"


def scales_and_levels() -> st.SearchStrategy[ScaleAndLevel]:
    u = st.one_of(st.floats(1e-6, 1.0), st.just(1.0), st.floats(0.9, 1.0), st.floats(1e-6, 5.0),
                  log_uniform(1e-8, 0.3))
    return st.builds(lambda s, x: ScaleAndLevel(s, s * x), st.floats(0.1, 10), u)


@dataclass(frozen=True)
class Truncation:
    """``Z ~ N(0, s²)`` conditioned on ``Z >= -b``."""

    s: float
    b: float

    def __repr__(self) -> str:
        return f"Truncation(s={self.s:.6g}, b={self.b:.6g}, b/s={self.b / self.s:.6g})"


def truncations(max_ratio: float = 5.0) -> st.SearchStrategy[Truncation]:
    """``s ∈ [0.1, 10]`` and ``b/s ∈ [-max_ratio, max_ratio]`` (both signs of ``b``)."""
    ratio = st.one_of(st.floats(-max_ratio, max_ratio), st.just(0.0), st.floats(-1, 1))
    return st.builds(lambda s, r: Truncation(s, s * r), st.floats(0.1, 10), ratio)


@dataclass(frozen=True)
class Mixing:
    """``A, B`` i.i.d. ``N(0, σ²)``, ``Z = cA + vB`` observed at ``z``."""

    sigma: float
    c: float
    v: float
    z: float


def mixings() -> st.SearchStrategy[Mixing]:
    return st.builds(Mixing, st.floats(0.1, 5), st.floats(0.1, 5), st.floats(0.1, 5), st.floats(-10, 10))


@dataclass(frozen=True)
class SmallBall:
    """Coefficients ``a_i = k_i/q`` and a closed window of length ``2Δ = j/q``."""

    k: tuple[int, ...]
    q: int
    j: int

    @property
    def n(self) -> int:
        return len(self.k)

    @property
    def delta(self) -> Fraction:
        return Fraction(self.j, 2 * self.q)

    def __repr__(self) -> str:
        a = [str(Fraction(k, self.q)) for k in self.k]
        return f"SmallBall(n={self.n}, a=[{', '.join(a)}], Delta={self.delta})"


@st.composite
def small_balls(draw: st.DrawFn, min_abs: bool = True) -> SmallBall:
    """``n <= 14`` coefficients with ``|a_i| >= 1``: all ones (the extremal case), mixtures of 1 and 2,
    or random rationals with random signs; ``Δ`` just below an integer ``s`` or random.  With
    ``min_abs=False`` the coefficients are ``1/q`` (``|a_i| < 1``) and the window covers every sum."""
    n = draw(st.integers(1, 14))
    q = draw(st.integers(1, 4))
    if not min_abs:
        q = draw(st.integers(n + 1, 100))
        return SmallBall((1,) * n, q, 2 * n)
    kind = draw(st.integers(0, 2))
    if kind == 0:
        k = [q] * n
    elif kind == 1:
        k = [q * draw(st.integers(1, 2)) for _ in range(n)]
    else:
        k = [draw(st.sampled_from([-1, 1])) * draw(st.integers(q, 4 * q)) for _ in range(n)]
    s = draw(st.integers(1, 5))
    j = 2 * q * s - 1 if draw(st.booleans()) else draw(st.integers(0, 2 * q * s - 1))
    return SmallBall(tuple(k), q, j)


@dataclass(frozen=True)
class IndependentSum:
    """Independent integer-valued summands: the law ``pmfs[i]`` (probabilities of ``offsets[i] + 0, 1, ..``)
    repeated ``copies[i]`` times."""

    pmfs: tuple[tuple[float, ...], ...]
    offsets: tuple[int, ...]
    copies: tuple[int, ...]
    name: str

    def __repr__(self) -> str:
        parts = [f"{c} x {{{', '.join(f'{o + i}: {p:.4g}' for i, p in enumerate(pmf) if p)}}}"
                 for pmf, o, c in zip(self.pmfs, self.offsets, self.copies)]
        return f"IndependentSum({self.name}: {'; '.join(parts)})"


@st.composite
def independent_sums(draw: st.DrawFn) -> IndependentSum:
    """Bernoulli sums (including small p, where lattice effects are largest), i.i.d. copies of a random
    law on ``-3..3``, a few different random laws, and a dominant summand ``K ε_0`` plus ``n`` signs."""
    family = draw(st.integers(0, 3))
    if family == 0:
        p = draw(st.one_of(st.floats(0.001, 0.999), st.just(0.5)))
        return IndependentSum(((1 - p, p),), (0,), (draw(st.integers(1, 300)),), "Bernoulli sum")
    if family == 3:
        K, n = draw(st.integers(5, 30)), draw(st.integers(1, 60))
        big = tuple(1.0 if i in (0, 2 * K) else 0.0 for i in range(2 * K + 1))
        return IndependentSum((tuple(x / 2 for x in big), (0.5, 0.0, 0.5)), (-K, -1), (1, n),
                              "dominant summand")
    count = 1 if family == 1 else draw(st.integers(2, 6))
    pmfs, offsets, copies = [], [], []
    for _ in range(count):
        lo = draw(st.integers(-3, 0))
        hi = draw(st.integers(lo + 1, 3))
        w = draw(st.lists(st.integers(0, 9), min_size=hi - lo + 1, max_size=hi - lo + 1))
        w[0], w[-1] = max(w[0], 1), max(w[-1], 1)
        pmfs.append(tuple(x / sum(w) for x in w))
        offsets.append(lo)
        copies.append(draw(st.integers(1, 200)) if family == 1 else draw(st.integers(1, 20)))
    return IndependentSum(tuple(pmfs), tuple(offsets), tuple(copies), "i.i.d. copies" if family == 1 else "mixed")
