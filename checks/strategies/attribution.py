"""Instances for credit attribution, all rational.

*Ridge influence.*  A small ridge problem (``n <= 5``, ``d <= 3``), an upweighted point (a training
row, whose removal is ``ε = -1/n``, or a new point) and a test point.  Families: random data;
high-leverage data (one large row, a tiny ``λ``, nearly collinear rows), where ``H`` is ill
conditioned.

*Spectra.*  ``A = Q diag(λ) Qᵀ`` with ``Q`` the Cayley transform of a random rational skew matrix,
so the eigenvalues are known exactly.  Families include the slow end (``λ_min`` tiny, ``λ_max``
close to the step-size limit).

*Least squares with d > n.*  ``X = U [diag(s) 0] Vᵀ`` with rational orthogonal ``U, V``, so ``X`` has
a null space of dimension ``d - n`` and ``XXᵀ`` has eigenvalues ``s²``.

*Games.*  Tables of ``2^N`` rational values, ``N <= 5``: random games, games with symmetric pairs and
null players built in, sums of unanimity games, the parity game ``(R/2)(-1)^{|S|}`` (all marginal
contributions ``±R``) and constant games.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.attribution import (Matrix, Ridge, Vector, cayley, matmul, parity_utility, shapley_subsets, transpose,
                                with_spectrum)

SEEDS = st.integers(0, 2**32 - 1)
SMALL = st.fractions(min_value=-3, max_value=3, max_denominator=4)


def _fmt(v: Vector) -> str:
    return "(" + ", ".join(str(x) for x in v) + ")"


def _fmt_matrix(M: Matrix) -> str:
    return "[" + "; ".join(_fmt(r) for r in M) + "]"


# ------------------------------------------------------------------------------ ridge influence

@dataclass(frozen=True)
class InfluenceInstance:
    """A ridge problem, the upweighted point ``(x, yx)`` (row ``i`` of the data when ``i >= 0``), a
    test point ``(z, yz)``, a finite weight ``eps`` (with ``H + eps x xᵀ ≻ 0``) and a damping
    ``mu > 0`` for the damped variant."""

    ridge: Ridge
    x: Vector
    yx: Fraction
    z: Vector
    yz: Fraction
    i: int
    eps: Fraction
    mu: Fraction

    def __repr__(self) -> str:
        r = self.ridge
        where = f"training row {self.i}" if self.i >= 0 else "a new point"
        return (f"InfluenceInstance(n={r.n}, d={r.d}, lam={r.lam}, X={_fmt_matrix(r.X)}, y={_fmt(r.y)}, "
                f"x={_fmt(self.x)} ({where}), yx={self.yx}, z={_fmt(self.z)}, yz={self.yz}, "
                f"eps={self.eps}, mu={self.mu})")


@st.composite
def influence_instances(draw: st.DrawFn) -> InfluenceInstance:
    n, d = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    row = st.tuples(*[SMALL] * d)
    X = [draw(row) for _ in range(n)]
    lam = draw(st.sampled_from([Fraction(1), Fraction(1, 2), Fraction(1, 10), Fraction(1, 1000)]))
    if draw(st.booleans()):  # high leverage: one large row, the others nearly collinear with it
        big = draw(st.integers(0, n - 1))
        X[big] = tuple(8 * c + 5 for c in X[big])
        X = [X[big] if j != big and draw(st.booleans()) else X[j] for j in range(n)]
    y = draw(st.tuples(*[SMALL] * n))
    i = draw(st.integers(-1, n - 1))
    x, yx = (X[i], y[i]) if i >= 0 else (draw(row), draw(SMALL))
    z, yz = draw(st.sampled_from([(x, yx), (draw(row), draw(SMALL))]))
    # H + eps x xᵀ ≻ 0 whenever eps > -lam / |x|² (H ⪰ lam I); removal of a row (-1/n) is always fine
    eps = Fraction(-1, n) if i >= 0 and draw(st.booleans()) else draw(
        st.fractions(min_value=0, max_value=4, max_denominator=8))
    mu = draw(st.sampled_from([Fraction(1, 100), Fraction(1, 10), Fraction(1)]))
    return InfluenceInstance(Ridge(tuple(X), y, lam), x, yx, z, yz, i, eps, mu)


# ------------------------------------------------------------------------------ spectra

@st.composite
def orthogonal_matrices(draw: st.DrawFn, d: int) -> Matrix:
    """The Cayley transform of a random rational skew-symmetric ``d x d`` matrix."""
    upper = {(i, j): draw(st.fractions(min_value=-2, max_value=2, max_denominator=3))
             for i in range(d) for j in range(i + 1, d)}
    S = tuple(tuple(upper[(i, j)] if i < j else -upper[(j, i)] if i > j else Fraction(0) for j in range(d))
              for i in range(d))
    return cayley(S)


@dataclass(frozen=True)
class SpectralInstance:
    """``A = Q diag(eigenvalues) Qᵀ``, a vector ``v``, a number of terms ``r`` and a step ``eta``."""

    Q: Matrix = field(repr=False)
    eigenvalues: tuple[Fraction, ...]
    v: Vector
    r: int
    eta: Fraction = Fraction(1)

    @property
    def A(self) -> Matrix:
        return with_spectrum(self.Q, self.eigenvalues)

    def __repr__(self) -> str:
        return (f"SpectralInstance(eigenvalues={_fmt(self.eigenvalues)}, v={_fmt(self.v)}, r={self.r}, "
                f"eta={self.eta}, A={_fmt_matrix(self.A)})")


def _eigenvalues(lo: Fraction, hi: Fraction) -> st.SearchStrategy[Fraction]:
    return st.fractions(min_value=lo, max_value=hi, max_denominator=64).filter(lambda x: lo < x < hi)


@st.composite
def unit_spectra(draw: st.DrawFn, top: Fraction = Fraction(1)) -> SpectralInstance:
    """Eigenvalues in ``(0, top)`` (``top = 1``: the hypothesis ``0 ≺ A``, ``λ_max < 1``), with a
    slow family ``λ_min ∈ {1/64, 1/32}``, ``λ_max`` near ``top``."""
    d = draw(st.integers(1, 3))
    lam = list(draw(st.lists(_eigenvalues(Fraction(0), top), min_size=d, max_size=d)))
    if draw(st.booleans()):
        lam[0] = draw(st.sampled_from([Fraction(1, 64), Fraction(1, 32), Fraction(1, 8)]))
        lam[-1] = max(lam[-1], top * Fraction(31, 32)) if d > 1 else lam[-1]
    v = draw(st.tuples(*[SMALL] * d).filter(any))
    return SpectralInstance(draw(orthogonal_matrices(d)), tuple(lam), v, draw(st.integers(0, 12)))


@st.composite
def hessian_spectra(draw: st.DrawFn, step: tuple[Fraction, Fraction] = (Fraction(0), Fraction(2))
                    ) -> SpectralInstance:
    """A positive definite ``H`` with eigenvalues in ``(0, 10)`` and a step ``eta = t / λ_max`` with
    ``t`` in the open interval ``step`` (``(0, 2)``: the convergent range)."""
    d = draw(st.integers(1, 3))
    lam = draw(st.lists(_eigenvalues(Fraction(0), Fraction(10)), min_size=d, max_size=d))
    if draw(st.booleans()):
        lam[0] = lam[0] / 64
    t = draw(st.sampled_from([step[0] + (step[1] - step[0]) * Fraction(k, 8) for k in range(1, 8)]
                             + [step[1] - Fraction(1, 64)]))
    v = draw(st.tuples(*[SMALL] * d).filter(any))
    return SpectralInstance(draw(orthogonal_matrices(d)), tuple(lam), v, draw(st.integers(0, 12)),
                            t / max(lam))


# ------------------------------------------------------------------------------ least squares, d > n

@dataclass(frozen=True)
class LeastSquaresInstance:
    """``X = U [diag(s) 0] Vᵀ`` (``n x d``, ``d > n``), labels ``y``, step ``eta``, ``t`` steps of GD
    from 0.  ``V``'s last ``d - n`` columns span ``null(X)``."""

    U: Matrix = field(repr=False)
    V: Matrix = field(repr=False)
    s: tuple[Fraction, ...]
    y: Vector
    eta: Fraction
    t: int

    @property
    def X(self) -> Matrix:
        n, d = len(self.U), len(self.V)
        D = tuple(tuple(self.s[i] if i == j else Fraction(0) for j in range(d)) for i in range(n))
        return matmul(matmul(self.U, D), transpose(self.V))

    def __repr__(self) -> str:
        return (f"LeastSquaresInstance(n={len(self.U)}, d={len(self.V)}, singular values={_fmt(self.s)}, "
                f"y={_fmt(self.y)}, eta={self.eta}, t={self.t}, X={_fmt_matrix(self.X)})")


@st.composite
def wide_least_squares(draw: st.DrawFn, step: tuple[Fraction, Fraction] = (Fraction(0), Fraction(2))
                       ) -> LeastSquaresInstance:
    """``eta = t_step / max s²`` with ``t_step`` in the open interval ``step``."""
    n = draw(st.integers(1, 2))
    d = draw(st.integers(n + 1, 3))
    s = tuple(draw(st.lists(st.fractions(min_value=Fraction(1, 4), max_value=3, max_denominator=4),
                            min_size=n, max_size=n)))
    frac = draw(st.sampled_from([step[0] + (step[1] - step[0]) * Fraction(k, 8) for k in range(1, 8)]))
    y = draw(st.tuples(*[SMALL] * n).filter(any))
    return LeastSquaresInstance(draw(orthogonal_matrices(n)), draw(orthogonal_matrices(d)), s, y,
                                frac / max(x * x for x in s), draw(st.integers(0, 10)))


# ------------------------------------------------------------------------------ games

@dataclass(frozen=True)
class Game:
    """A game on ``N`` players: ``U[mask]`` for each coalition (bit ``i`` = player ``i``)."""

    N: int
    U: tuple[Fraction, ...]
    family: str

    def __repr__(self) -> str:
        coalitions = ", ".join(f"{{{','.join(str(i) for i in range(self.N) if m >> i & 1)}}}: {u}"
                               for m, u in enumerate(self.U))
        return f"Game(N={self.N}, {self.family}, U = {{{coalitions}}})"


VALUES = st.fractions(min_value=-5, max_value=5, max_denominator=6)


@st.composite
def random_games(draw: st.DrawFn, zero_empty: bool = True, max_players: int = 5) -> Game:
    N = draw(st.integers(1, max_players))
    U = list(draw(st.lists(VALUES, min_size=1 << N, max_size=1 << N)))
    if zero_empty:
        U[0] = Fraction(0)
    return Game(N, tuple(U), "random")


@st.composite
def structured_games(draw: st.DrawFn, zero_empty: bool = True, max_players: int = 5) -> Game:
    """A random game made symmetric in players 0 and 1 (``U(S ∪ 0) = U(S ∪ 1)`` for ``S ∌ 0, 1``) and
    with player ``N - 1`` null (``U(S ∪ {N-1}) = U(S)``)."""
    N = draw(st.integers(3, max_players))
    base = draw(st.lists(VALUES, min_size=1 << (N - 1), max_size=1 << (N - 1)))
    if zero_empty:
        base[0] = Fraction(0)
    swap = lambda m: (m & ~3) | ((m & 1) << 1) | ((m >> 1) & 1)
    sym = [base[m] if (m & 3) in (0, 3) else base[min(m, swap(m))] for m in range(1 << (N - 1))]
    U = tuple(sym[m & ~(1 << (N - 1))] for m in range(1 << N))
    return Game(N, U, "symmetric pair (0, 1), null player N-1")


@st.composite
def unanimity_games(draw: st.DrawFn, max_players: int = 5) -> Game:
    """``Σ_T c_T 1[T ⊆ S]`` over a few non-empty carriers ``T``."""
    N = draw(st.integers(1, max_players))
    terms = draw(st.lists(st.tuples(st.integers(1, (1 << N) - 1), VALUES), min_size=1, max_size=4))
    U = tuple(sum((c for T, c in terms if T & m == T), Fraction(0)) for m in range(1 << N))
    return Game(N, U, "sum of unanimity games " + ", ".join(f"{c}·u_{T:b}" for T, c in terms))


def parity_game(N: int, R: Fraction) -> Game:
    """``U(S) = (R/2)(-1)^{|S|} - R/2`` (so ``U(∅) = 0``): every marginal contribution is ``±R``."""
    return Game(N, tuple(R / 2 * (-1) ** bin(m).count("1") - R / 2 for m in range(1 << N)), f"parity, R={R}")


@st.composite
def constant_games(draw: st.DrawFn) -> Game:
    N = draw(st.integers(1, 5))
    c = draw(VALUES.filter(bool))
    return Game(N, (c,) * (1 << N), f"constant {c}")


def games(zero_empty: bool = True) -> st.SearchStrategy[Game]:
    """Games with ``U(∅) = 0`` (or arbitrary ``U(∅)``, constant games included)."""
    parts = [random_games(zero_empty), structured_games(zero_empty), unanimity_games(),
             st.builds(parity_game, st.integers(1, 5), st.sampled_from([Fraction(1), Fraction(3, 2)]))]
    if not zero_empty:
        parts.append(constant_games())
    return st.one_of(*parts)


# ------------------------------------------------------------------------------ estimation

@dataclass(frozen=True)
class SamplingInstance:
    """Permutation sampling on a game of ``N`` players with marginal contributions bounded by ``R``
    (``utility`` evaluates it on bitmask arrays, ``exact`` is its Shapley vector): target ``ℓ2`` error
    ``eps``, failure probability ``delta``, ``trials`` independent runs."""

    N: int
    family: str
    utility: Callable[[np.ndarray], np.ndarray] = field(repr=False)
    exact: tuple[Fraction, ...] = field(repr=False)
    R: Fraction
    eps: Fraction
    delta: Fraction
    trials: int
    seed: int

    def __repr__(self) -> str:
        return (f"SamplingInstance(N={self.N}, {self.family}, R={self.R}, eps={self.eps}, "
                f"delta={self.delta}, trials={self.trials}, seed={self.seed})")


def max_contribution(U: tuple[Fraction, ...]) -> Fraction:
    N = len(U).bit_length() - 1
    return max(abs(U[m | 1 << i] - U[m]) for m in range(1 << N) for i in range(N))


@st.composite
def sampling_instances(draw: st.DrawFn, min_parity_players: int = 2, max_parity_players: int = 16,
                       random_family: bool = True) -> SamplingInstance:
    if random_family and draw(st.booleans()):
        g = draw(st.one_of(random_games(max_players=4), unanimity_games(max_players=4)))
        R = max_contribution(g.U) or Fraction(1)
        table = np.array([float(u) for u in g.U])
        N, family, utility, exact = g.N, repr(g), table.__getitem__, shapley_subsets(g.U)
    else:
        N = draw(st.integers(min_parity_players, max_parity_players))
        R = Fraction(1)
        family, utility = "parity game (R/2)(-1)^|S| - R/2", parity_utility(float(R))
        # the player at position k (1-based) contributes R(-1)^k; positions are uniform
        exact = (R * Fraction(N // 2 - (N + 1) // 2, N),) * N
    eps = R * draw(st.sampled_from([Fraction(1), Fraction(3, 4)]))
    delta = draw(st.sampled_from([Fraction(1, 10), Fraction(1, 4)]))
    return SamplingInstance(N, family, utility, exact, R, eps, delta, 60, draw(SEEDS))


@dataclass(frozen=True)
class QueryInstance:
    """``N`` players, contribution bound ``R``, target ``ℓ2`` error ``eps``, and the constant ``C``
    of a claimed ``C R² N ln N`` evaluation count."""

    N: int
    R: Fraction
    eps: Fraction
    C: int

    def __repr__(self) -> str:
        return f"QueryInstance(N={self.N}, R={self.R}, eps={self.eps}, C={self.C})"


@st.composite
def query_instances(draw: st.DrawFn) -> QueryInstance:
    return QueryInstance(draw(st.integers(2, 24)), Fraction(1), Fraction(1, 10 ** draw(st.integers(1, 9))),
                         draw(st.sampled_from([1, 10, 100, 1000])))
