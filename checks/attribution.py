"""Credit attribution, computed exactly: influence functions of ridge regression, Neumann series for
inverse-Hessian-vector products, and Shapley values of finite games.

*Exact linear algebra.*  Matrices are tuples of rows of :class:`~fractions.Fraction` (or of
:class:`Dual` numbers); :func:`solve` is Gaussian elimination in the field, so ``solve(A, b)`` is
``A^{-1} b`` exactly.  Over dual numbers ``a + b·ε`` (``ε² = 0``) the same elimination returns the
value and the exact derivative of ``A(ε)^{-1} b(ε)`` at ``ε = 0`` (forward-mode differentiation).
:func:`cayley` maps a skew-symmetric rational ``S`` to the rational orthogonal ``(I - S)(I + S)^{-1}``,
so ``Q diag(λ) Qᵀ`` is a rational symmetric matrix with prescribed rational eigenvalues.

*Ridge influence.*  For ``F_ε(θ) = (1/n) Σ_i (x_iᵀθ - y_i)²/2 + (λ/2)||θ||² + ε (xᵀθ - y)²/2`` the
minimizer solves ``(H + ε x xᵀ) θ = b + ε y x`` with ``H = XᵀX/n + λI`` and ``b = Xᵀy/n``.

*Shapley values.*  A game on players ``0..N-1`` is the tuple ``U`` of its values on the ``2^N``
coalitions, indexed by bitmask.  ``s_i = E_π[U(π_{≤i}) - U(π_{<i})]`` over uniform orderings.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from checks import exact_linalg

Vector = tuple[Any, ...]
Matrix = tuple[Vector, ...]


# ------------------------------------------------------------------------------ dual numbers

@dataclass(frozen=True)
class Dual:
    """``a + b·ε`` with ``ε² = 0``: ``a`` the value, ``b`` the derivative."""

    a: Fraction
    b: Fraction = Fraction(0)

    @staticmethod
    def lift(x: Any) -> "Dual":
        return x if isinstance(x, Dual) else Dual(Fraction(x), Fraction(0))

    def __add__(self, o: Any) -> "Dual":
        o = Dual.lift(o)
        return Dual(self.a + o.a, self.b + o.b)

    __radd__ = __add__

    def __neg__(self) -> "Dual":
        return Dual(-self.a, -self.b)

    def __sub__(self, o: Any) -> "Dual":
        return self + (-Dual.lift(o))

    def __rsub__(self, o: Any) -> "Dual":
        return Dual.lift(o) - self

    def __mul__(self, o: Any) -> "Dual":
        o = Dual.lift(o)
        return Dual(self.a * o.a, self.a * o.b + self.b * o.a)

    __rmul__ = __mul__

    def __truediv__(self, o: Any) -> "Dual":
        o = Dual.lift(o)
        if o.a == 0:
            raise ZeroDivisionError("division by a dual number with zero value")
        return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / (o.a * o.a))

    def __rtruediv__(self, o: Any) -> "Dual":
        return Dual.lift(o) / self


def _value(x: Any) -> Fraction:
    return x.a if isinstance(x, Dual) else x


def _is_zero(x: Any) -> bool:
    """Exactly zero: a dual number only when both its value and its derivative vanish."""
    return x.a == 0 and x.b == 0 if isinstance(x, Dual) else x == 0


# ------------------------------------------------------------------------------ exact linear algebra

def _square(A: Sequence[Sequence[Any]]) -> int:
    n = len(A)
    if n == 0 or any(len(row) != n for row in A):
        raise ValueError("need a non-empty square matrix")
    return n


def identity(n: int) -> Matrix:
    return tuple(tuple(Fraction(int(i == j)) for j in range(n)) for i in range(n))


def transpose(A: Matrix) -> Matrix:
    return tuple(zip(*A))


def matmul(A: Matrix, B: Matrix) -> Matrix:
    if len(A[0]) != len(B):
        raise ValueError(f"shapes do not match: {len(A)}x{len(A[0])} times {len(B)}x{len(B[0])}")
    Bt = transpose(B)
    return tuple(tuple(sum((a * b for a, b in zip(row, col)), Fraction(0)) for col in Bt) for row in A)


def matvec(A: Matrix, v: Vector) -> Vector:
    if len(A[0]) != len(v):
        raise ValueError(f"shapes do not match: {len(A)}x{len(A[0])} times {len(v)}")
    return tuple(sum((a * b for a, b in zip(row, v)), Fraction(0)) for row in A)


def dot(u: Vector, v: Vector) -> Any:
    if len(u) != len(v):
        raise ValueError("vectors of different lengths")
    return sum((a * b for a, b in zip(u, v)), Fraction(0))


def add(A: Matrix, B: Matrix, c: Any = 1) -> Matrix:
    """``A + c B``."""
    return tuple(tuple(a + c * b for a, b in zip(ra, rb)) for ra, rb in zip(A, B))


def scale(c: Any, v: Vector) -> Vector:
    return tuple(c * x for x in v)


def solve(A: Matrix, b: Vector) -> Vector:
    """``A^{-1} b`` over the field of the entries (Fractions or :class:`Dual`; a dual pivot must have a
    non-zero value), by :func:`checks.exact_linalg.solve`.  A singular ``A`` raises ValueError."""
    n = _square(A)
    if len(b) != n:
        raise ValueError(f"right-hand side of length {len(b)} for a {n}x{n} matrix")
    return tuple(exact_linalg.solve(A, list(b), pivot_ok=lambda x: _value(x) != 0, is_zero=_is_zero))


def inverse(A: Matrix) -> Matrix:
    n = _square(A)
    cols = [solve(A, tuple(Fraction(int(i == j)) for i in range(n))) for j in range(n)]
    return transpose(tuple(cols))


def determinant(A: Matrix) -> Fraction:
    """Exact determinant (:func:`checks.exact_linalg.determinant`)."""
    _square(A)
    return exact_linalg.determinant(A)


def is_psd(A: Matrix) -> bool:
    """Whether a symmetric rational matrix is positive semidefinite: symmetric elimination, where a
    negative pivot, or a zero pivot with a non-zero rest of its row, certifies indefiniteness."""
    n = _square(A)
    M = [list(map(Fraction, row)) for row in A]
    if any(M[i][j] != M[j][i] for i in range(n) for j in range(n)):
        raise ValueError("is_psd needs a symmetric matrix")
    for c in range(n):
        piv = M[c][c]
        if piv < 0:
            return False
        if piv == 0:
            if any(M[c][j] != 0 for j in range(c + 1, n)):
                return False
            continue
        for r in range(c + 1, n):
            f = M[r][c] / piv
            M[r] = [x - f * y for x, y in zip(M[r], M[c])]
    return True


def cayley(S: Matrix) -> Matrix:
    """``(I - S)(I + S)^{-1}``: orthogonal and rational for a rational skew-symmetric ``S``
    (:func:`checks.exact_linalg.cayley`, as a tuple of rows)."""
    _square(S)
    return tuple(tuple(row) for row in exact_linalg.cayley(S))


def with_spectrum(Q: Matrix, eigenvalues: Sequence[Fraction]) -> Matrix:
    """``Q diag(λ) Qᵀ`` for an orthogonal ``Q``: symmetric with eigenvalues ``λ`` (eigenvector
    ``Q[:, j]`` for ``λ_j``)."""
    if len(eigenvalues) != len(Q):
        raise ValueError("one eigenvalue per column of Q")
    QD = tuple(tuple(q * lam for q, lam in zip(row, eigenvalues)) for row in Q)
    return matmul(QD, transpose(Q))


def power(A: Matrix, k: int) -> Matrix:
    if k < 0:
        raise ValueError(f"negative power {k}")
    out = identity(_square(A))
    for _ in range(k):
        out = matmul(out, A)
    return out


def sq_norm(v: Vector) -> Fraction:
    return dot(v, v)


# ------------------------------------------------------------------------------ Neumann series

def neumann_matrix(A: Matrix, r: int) -> Matrix:
    """``S_r = Σ_{i<r} (I - A)^i``, the first ``r`` terms of the Neumann series of ``A^{-1}``."""
    n = _square(A)
    B = add(identity(n), A, -1)
    term, total = identity(n), tuple(tuple(Fraction(0) for _ in range(n)) for _ in range(n))
    for _ in range(r):
        total = add(total, term)
        term = matmul(term, B)
    return total


def neumann_hvp(hvp: Any, v: Vector, eta: Fraction, steps: int) -> list[Vector]:
    """The iterates ``x_0 = 0``, ``x_{k+1} = x_k + η (v - H x_k)``, one Hessian-vector product
    ``hvp(x) = H x`` each, so ``x_K = Σ_{k<K} (I - ηH)^k η v`` (returned for ``K = 0..steps``)."""
    if not eta > 0:
        raise ValueError(f"eta must be positive, got {eta}")
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    x = tuple(Fraction(0) for _ in v)
    out = [x]
    for _ in range(steps):
        Hx = hvp(x)
        x = tuple(xi + eta * (vi - hi) for xi, vi, hi in zip(x, v, Hx))
        out.append(x)
    return out


# ------------------------------------------------------------------------------ ridge influence

@dataclass(frozen=True)
class Ridge:
    """``(1/n) Σ (x_iᵀθ - y_i)²/2 + (λ/2)||θ||²`` with rational data and ``λ > 0``."""

    X: Matrix
    y: Vector
    lam: Fraction

    def __post_init__(self) -> None:
        if not self.X or len(self.X) != len(self.y) or len({len(r) for r in self.X}) != 1:
            raise ValueError("X must be a non-empty n x d matrix and y of length n")
        if not self.lam > 0:
            raise ValueError(f"the ridge parameter must be positive, got {self.lam}")

    @property
    def n(self) -> int:
        return len(self.X)

    @property
    def d(self) -> int:
        return len(self.X[0])

    def hessian(self) -> Matrix:
        """``H = XᵀX/n + λI``."""
        G = matmul(transpose(self.X), self.X)
        return add(tuple(tuple(g / self.n for g in row) for row in G), identity(self.d), self.lam)

    def rhs(self) -> Vector:
        return tuple(b / self.n for b in matvec(transpose(self.X), self.y))

    def minimizer(self, x: Vector | None = None, yx: Any = 0, eps: Any = 0) -> Vector:
        """The minimizer of ``F_ε`` (the objective plus ``ε (xᵀθ - y_x)²/2``); ``eps`` may be a
        Fraction or a :class:`Dual` (then the result carries ``dθ/dε``)."""
        H, b = self.hessian(), self.rhs()
        if x is not None:
            H = tuple(tuple(h + eps * xi * xj for h, xj in zip(row, x)) for row, xi in zip(H, x))
            b = tuple(bi + eps * yx * xi for bi, xi in zip(b, x))
        return solve(H, b)


def squared_loss(theta: Vector, x: Vector, y: Any) -> Any:
    r = dot(x, theta) - y
    return r * r / 2


def squared_loss_gradient(theta: Vector, x: Vector, y: Any) -> Vector:
    """``∇_θ (xᵀθ - y)²/2 = (xᵀθ - y) x``."""
    return scale(dot(x, theta) - y, x)


# ------------------------------------------------------------------------------ Shapley values

def _game(U: Sequence[Any]) -> int:
    N = len(U).bit_length() - 1
    if N < 1 or len(U) != 1 << N:
        raise ValueError(f"a game on N >= 1 players has 2^N values, got {len(U)}")
    return N


def members(mask: int, N: int) -> tuple[int, ...]:
    return tuple(i for i in range(N) if mask >> i & 1)


def shapley_permutations(U: Sequence[Any]) -> tuple[Fraction, ...]:
    """``s_i = (1/N!) Σ_π (U(π_{≤i}) - U(π_{<i}))`` by enumerating the orderings."""
    N = _game(U)
    s = [Fraction(0)] * N
    count = 0
    for perm in itertools.permutations(range(N)):
        mask = 0
        for i in perm:
            s[i] += U[mask | 1 << i] - U[mask]
            mask |= 1 << i
        count += 1
    return tuple(x / count for x in s)


def subset_weight(N: int, k: int) -> Fraction:
    """``k!(N - k - 1)!/N!``, the probability that the players before ``i`` form a given set of size
    ``k``."""
    return Fraction(math.factorial(k) * math.factorial(N - k - 1), math.factorial(N))


def shapley_subsets(U: Sequence[Any]) -> tuple[Fraction, ...]:
    """``s_i = Σ_{S ∌ i} |S|!(N-|S|-1)!/N! (U(S ∪ i) - U(S))``."""
    N = _game(U)
    return tuple(sum((subset_weight(N, m.bit_count()) * (U[m | 1 << i] - U[m])
                      for m in range(1 << N) if not m >> i & 1), Fraction(0)) for i in range(N))


def shapley_random_size(U: Sequence[Any]) -> tuple[Fraction, ...]:
    """``s_i = E_k E_S [U(S ∪ i) - U(S)]`` with ``k`` uniform on ``0..N-1`` and ``S`` uniform among
    the ``C(N-1, k)`` subsets of size ``k`` of the other players."""
    N = _game(U)
    out = []
    for i in range(N):
        others = [j for j in range(N) if j != i]
        total = Fraction(0)
        for k in range(N):
            sets = [sum(1 << j for j in c) for c in itertools.combinations(others, k)]
            total += Fraction(sum(U[m | 1 << i] - U[m] for m in sets), len(sets))
        out.append(total / N)
    return tuple(out)


def banzhaf(U: Sequence[Any]) -> tuple[Fraction, ...]:
    """``β_i = 2^{-(N-1)} Σ_{S ∌ i} (U(S ∪ i) - U(S))`` (uniform weights over subsets)."""
    N = _game(U)
    return tuple(Fraction(sum(U[m | 1 << i] - U[m] for m in range(1 << N) if not m >> i & 1), 1 << (N - 1))
                 for i in range(N))


def dividends(U: Sequence[Any]) -> tuple[Fraction, ...]:
    """Harsanyi dividends ``c_T = Σ_{S ⊆ T} (-1)^{|T|-|S|} U(S)``: ``U = Σ_T c_T u_T`` with the
    unanimity games ``u_T(S) = 1[T ⊆ S]``."""
    N = _game(U)
    c = [Fraction(x) for x in U]
    for i in range(N):  # Möbius inversion, one coordinate at a time
        for m in range(1 << N):
            if m >> i & 1:
                c[m] -= c[m ^ 1 << i]
    return tuple(c)


def unanimity_split(U: Sequence[Any]) -> tuple[Fraction, ...]:
    """``Σ_{T ∋ i} c_T / |T|``: the only value forced by the four axioms on ``{U : U(∅) = 0}``
    (symmetry, null player and efficiency fix ``c·u_T``; linearity extends)."""
    N = _game(U)
    c = dividends(U)
    return tuple(sum((c[m] / m.bit_count() for m in range(1, 1 << N) if m >> i & 1), Fraction(0))
                 for i in range(N))


def shapley_difference(U: Sequence[Any], i: int, j: int) -> Fraction:
    """``(1/(N-1)) Σ_{S ⊆ [N]∖{i,j}} (U(S ∪ i) - U(S ∪ j)) / C(N-2, |S|)``."""
    N = _game(U)
    if N < 2 or i == j or not (0 <= i < N and 0 <= j < N):
        raise ValueError(f"need two distinct players of a game with N >= 2, got {i}, {j} (N = {N})")
    total = Fraction(0)
    for m in range(1 << N):
        if not (m >> i & 1 or m >> j & 1):
            total += Fraction(U[m | 1 << i] - U[m | 1 << j], math.comb(N - 2, m.bit_count()))
    return total / (N - 1)


def permutation_estimates(utility: Callable[[np.ndarray], np.ndarray], N: int, m: int, trials: int,
                          rng: np.random.Generator) -> np.ndarray:
    """``trials`` independent estimates of the Shapley vector, each the average marginal contribution
    over ``m`` uniform orderings; shape ``(trials, N)``.  ``utility`` maps an integer array of
    coalition bitmasks to the float values of the game (e.g. ``table.__getitem__``)."""
    if N < 1 or m < 1 or trials < 1:
        raise ValueError(f"need N >= 1 players, m >= 1 orderings and trials >= 1, got {N}, {m}, {trials}")
    perms = np.argsort(rng.random((trials, m, N)), axis=2)
    bits = np.left_shift(np.int64(1), perms)
    after = np.cumsum(bits, axis=2)
    contrib = utility(after) - utility(after - bits)
    out = np.zeros((trials, m, N))
    np.put_along_axis(out, perms, contrib, axis=2)
    return out.mean(axis=1)


def parity_utility(R: float) -> Callable[[np.ndarray], np.ndarray]:
    """``U(S) = (R/2)(-1)^{|S|} - R/2`` on bitmask arrays: ``U(∅) = 0`` and every marginal
    contribution is ``±R``."""
    return lambda masks: R / 2 * (1 - 2 * (np.bitwise_count(masks).astype(np.int64) % 2)) - R / 2


def bump_shapley_sq_norm(N: int, k: int, R: Fraction) -> Fraction:
    """``||s||²`` for the game ``R·1[S = T]`` with ``|T| = k >= 1``: the players of ``T`` get
    ``R (k-1)!(N-k)!/N!`` and the others ``-R k!(N-k-1)!/N!`` (none when ``k = N``)."""
    if not 1 <= k <= N:
        raise ValueError(f"need 1 <= k <= N, got k = {k}, N = {N}")
    inside = R * subset_weight(N, k - 1)
    outside = R * subset_weight(N, k) if k < N else Fraction(0)
    return k * inside**2 + (N - k) * outside**2
