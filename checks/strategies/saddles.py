"""Strategies for quadratic saddles: exact rational Hessians with one negative eigenvalue."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.saddles import Mat, Vec, cayley, quadratic_hessian

_F = Fraction


def _frac(lo: int, hi: int, den: int) -> st.SearchStrategy[Fraction]:
    return st.integers(lo, hi).map(lambda k: _F(k, den))


def rotations(d: int) -> st.SearchStrategy[Mat]:
    """Rational orthogonal ``d x d`` matrices (Cayley transforms of small skew matrices; the identity included)."""
    pairs = [(i, j) for i in range(d) for j in range(i + 1, d)]
    return st.lists(_frac(-3, 3, 4), min_size=len(pairs), max_size=len(pairs)).map(
        lambda vs: cayley(tuple(tuple((vs[pairs.index((i, j))] if i < j else -vs[pairs.index((j, i))]) if i != j
                                      else _F(0) for j in range(d)) for i in range(d))))


@dataclass(frozen=True)
class QuadraticSaddle:
    """``f = x^T H x / 2``, ``H = Q diag(h) Q^T``, ``h[0] = -gamma < 0 < h[1..]``, smoothness ``ell = max|h|``,
    step ``eta``; escape direction ``e = Q[:, 0]``; start ``x0 = c e + (stable part)``; escape radius ``R``."""

    h: Vec
    Q: Mat
    eta: Fraction
    c: Fraction
    stable: Vec
    R: Fraction

    @property
    def gamma(self) -> Fraction:
        return -self.h[0]

    @property
    def ell(self) -> Fraction:
        return max(abs(v) for v in self.h)

    @property
    def H(self) -> Mat:
        return quadratic_hessian(self.Q, self.h)

    def coords_to_x(self, z: Vec) -> Vec:
        return tuple(sum((self.Q[i][j] * z[j] for j in range(len(z))), _F(0)) for i in range(len(z)))

    @property
    def x0(self) -> Vec:
        return self.coords_to_x((self.c,) + self.stable)

    def __repr__(self) -> str:
        return (f"QuadraticSaddle(h={[str(v) for v in self.h]}, eta={self.eta}, c={self.c}, "
                f"stable={[str(v) for v in self.stable]}, R={self.R}, Q={[[str(v) for v in r] for r in self.Q]})")


@st.composite
def quadratic_saddles(draw, eta_fracs: tuple[Fraction, ...] = (_F(1), _F(1, 2), _F(3, 4), _F(1, 4)),
                      stable_manifold: bool | None = None, dmax: int = 3) -> QuadraticSaddle:
    """Saddles with ``eta * ell`` in ``eta_fracs`` (default ``<= 1``: the step ``eta <= 1/ell``); the top
    eigenvalue ``ell`` is the first stable one and that coordinate of the start is non-zero; ``gamma eta`` in
    ``[1/16, 1]``; ``c = ±2^-k`` (``k <= 20``) or ``0`` (start on the stable manifold)."""
    d = draw(st.integers(2, dmax))
    ell = draw(_frac(1, 4, 1))
    h_pos = draw(st.lists(_frac(1, 8, 8), min_size=d - 1, max_size=d - 1))
    h_pos = [ell] + [ell * v for v in h_pos[1:]]
    eta = draw(st.sampled_from(eta_fracs)) / ell
    gamma_eta = draw(st.sampled_from([_F(1, 16), _F(1, 8), _F(1, 4), _F(1, 2), _F(1)]))
    gamma = min(gamma_eta / eta, ell)
    h = (-gamma,) + tuple(h_pos)
    Q = draw(rotations(d))
    on = draw(st.booleans()) if stable_manifold is None else stable_manifold
    c = _F(0) if on else draw(st.sampled_from([1, -1])) * _F(1, 2 ** draw(st.integers(1, 20)))
    stable = tuple(draw(st.lists(_frac(-4, 4, 8), min_size=d - 1, max_size=d - 1)))
    if stable[0] == 0:
        stable = (_F(1, 8),) + stable[1:]
    R = draw(_frac(1, 4, 1))
    return QuadraticSaddle(h, Q, eta, c, stable, R)


@dataclass(frozen=True)
class SGDSaddle:
    """Finite sum ``l_i(θ) = θ^T diag(h) θ / 2 + c_i^T θ`` with ``h[0] = -gamma < 0``; SGD step ``eta``."""

    h: Vec
    cs: tuple[Vec, ...]
    theta0: Vec
    eta: Fraction
    steps: int

    def __repr__(self) -> str:
        return (f"SGDSaddle(h={[str(v) for v in self.h]}, cs={[[str(v) for v in c] for c in self.cs]}, "
                f"theta0={[str(v) for v in self.theta0]}, eta={self.eta}, steps={self.steps})")


@st.composite
def sgd_saddles(draw) -> SGDSaddle:
    d = draw(st.integers(2, 3))
    n = draw(st.integers(2, 3))
    h = (-draw(_frac(1, 4, 2)),) + tuple(draw(st.lists(_frac(1, 4, 2), min_size=d - 1, max_size=d - 1)))
    cs = tuple(tuple(draw(st.lists(_frac(-2, 2, 1), min_size=d, max_size=d))) for _ in range(n))
    first = draw(_frac(-2, 2, 4))
    theta0 = (first,) + tuple(draw(st.lists(_frac(-4, 4, 4), min_size=d - 1, max_size=d - 1)))
    return SGDSaddle(h, cs, theta0, _F(1, 4), draw(st.integers(1, 3)))


@dataclass(frozen=True)
class SeparablePolynomial:
    """``f(x) = sum_i c_i x_i^{k_i}`` near ``0`` (``c_i != 0``, ``k_i >= 2``)."""

    coefficients: tuple[Fraction, ...]
    exponents: tuple[int, ...]

    def __repr__(self) -> str:
        return " + ".join(f"({c})*x{i}^{k}" for i, (c, k) in enumerate(zip(self.coefficients, self.exponents)))


@st.composite
def separable_polynomials(draw, even_positive: bool = False) -> SeparablePolynomial:
    """``d <= 3`` terms; ``even_positive``: positive coefficients, even exponents, one of them ``>= 4``."""
    d = draw(st.integers(1, 3))
    signs = [1, 2, 3] if even_positive else [-3, -2, -1, 1, 2, 3]
    cs = tuple(_F(draw(st.sampled_from(signs))) for _ in range(d))
    ks = tuple(draw(st.sampled_from([2, 4]) if even_positive else st.integers(2, 5)) for _ in range(d))
    if even_positive and 4 not in ks:
        ks = (4,) + ks[1:]
    return SeparablePolynomial(cs, ks)


@dataclass(frozen=True)
class BandProbe:
    """A uniform point in a ball of ``R^d`` and a central slab of width ``w`` radii (``w = omega/r``)."""

    d: int
    w: float


def band_probes() -> st.SearchStrategy[BandProbe]:
    tiny = st.builds(BandProbe, st.integers(1, 60), st.integers(4, 40).map(lambda k: 2.0 ** -k))
    wide = st.builds(BandProbe, st.integers(1, 60), st.floats(1e-3, 2.0))
    return st.one_of(tiny, wide)


@dataclass(frozen=True)
class SmoothQuadratic:
    """``f = x^T H x / 2`` with eigenvalues ``h`` in ``[-ell, ell]`` (so ``f`` is ``ell``-smooth), GD step
    ``eta`` and horizon ``t``."""

    h: Vec
    Q: Mat
    ell: Fraction
    eta: Fraction
    x0: Vec
    t: int

    def __repr__(self) -> str:
        return (f"SmoothQuadratic(h={[str(v) for v in self.h]}, ell={self.ell}, eta={self.eta}, "
                f"x0={[str(v) for v in self.x0]}, t={self.t}, Q={[[str(v) for v in r] for r in self.Q]})")


@st.composite
def smooth_quadratics(draw, eta_lo: Fraction = _F(0), eta_hi: Fraction = _F(1)) -> SmoothQuadratic:
    """Step ``eta ell`` in ``(eta_lo, eta_hi]``; the tight case ``H = ell I``, ``eta = 1/ell`` included."""
    d = draw(st.integers(1, 3))
    ell = draw(_frac(1, 4, 1))
    if draw(st.booleans()):
        h = tuple(ell for _ in range(d))
    else:
        h = tuple(draw(st.lists(_frac(-16, 16, 16).map(lambda v: v * ell), min_size=d, max_size=d)))
    k = draw(st.integers(1, 8))
    eta = (eta_lo + (eta_hi - eta_lo) * _F(k, 8)) / ell
    x0 = tuple(draw(st.lists(_frac(-4, 4, 2), min_size=d, max_size=d)))
    return SmoothQuadratic(h, draw(rotations(d)), ell, eta, x0, draw(st.integers(1, 12)))
