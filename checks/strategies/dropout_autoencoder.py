"""Strategies for the dropout linear autoencoder: rational PSD targets ``M = Q diag(m) Q^T`` and exact
critical points of ``||M - U U^T||^2 + lam sum ||u_i||^4``."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.dropout_autoencoder import Array, fr
from checks.strategies.saddles import rotations

_F = Fraction
_LAMS = (_F(1, 4), _F(1, 2), _F(3, 4), _F(3, 2), _F(2), _F(3))     # lam != 1, so a missing factor lam shows


@dataclass(frozen=True)
class Autoencoder:
    """Target ``M = Q diag(m) Q^T`` (eigenvalues ``m``), factor ``U`` (``d0 x d1``), weight ``lam``; ``kind`` says
    how ``U`` was made (``critical``: an exact critical point; ``random``: anything)."""

    m: tuple[Fraction, ...]
    Q: tuple[tuple[Fraction, ...], ...]
    U: Array
    lam: Fraction
    kind: str

    @property
    def M(self) -> Array:
        Q = fr(self.Q)
        return Q @ np.diag(np.array(self.m, dtype=object)) @ Q.T

    @property
    def d1(self) -> int:
        return self.U.shape[1]

    def __repr__(self) -> str:
        return (f"Autoencoder(kind={self.kind}, m={[str(v) for v in self.m]}, lam={self.lam}, "
                f"U={[[str(v) for v in r] for r in self.U]}, Q={[[str(v) for v in r] for r in self.Q]})")


def _hadamard(n: int) -> list[list[int]]:
    H = [[1]]
    while len(H) < n:
        H = [r + r for r in H] + [r + [-v for v in r] for r in H]
    return H


@st.composite
def critical_autoencoders(draw, psd: bool = True, d1_max: int = 2, equalized: bool | None = None,
                          lam_zero: bool = False) -> Autoencoder:
    """Exact critical points, two constructions in the eigenbasis ``A = Q^T U`` of ``M``.
    Non-equalized: each column is ``±a_i e_i`` or ``0``; ``k_i`` columns on index ``i`` need
    ``m_i = (k_i + lam) a_i^2``.  Equalized: ``A = diag(c) H_E`` with rows of a Hadamard matrix of order
    ``d1`` (orthogonal rows, equal column norms ``sum c_i^2``), critical iff ``m_i = d1 c_i^2 + lam sum c^2``.
    Eigenvalues off the support are free: ``>= 0`` when ``psd``, of either sign otherwise."""
    d0 = draw(st.integers(1, 3))
    d1 = draw(st.sampled_from([v for v in (1, 2) if v <= d1_max]))
    lam = _F(0) if lam_zero else draw(st.sampled_from(_LAMS))
    Q = draw(rotations(d0))
    free = st.integers(0 if psd else -4, 4).map(lambda k: _F(k, 2))
    m = [draw(free) for _ in range(d0)]
    A = [[_F(0)] * d1 for _ in range(d0)]
    eq = draw(st.booleans()) if equalized is None else equalized
    if eq:
        r = draw(st.integers(1, min(d0, d1)))
        E = draw(st.permutations(range(d0)))[:r]
        c = [_F(draw(st.integers(1, 4)), draw(st.integers(1, 3))) for _ in range(r)]
        H = _hadamard(d1)
        for row, (i, ci) in enumerate(zip(E, c)):
            A[i] = [ci * H[row][j] for j in range(d1)]
            m[i] = d1 * ci * ci + lam * sum(v * v for v in c)
        kind = "critical-equalized"
    else:
        slots = [draw(st.one_of(st.none(), st.integers(0, d0 - 1))) for _ in range(d1)]
        amp = {i: _F(draw(st.integers(1, 4)), draw(st.integers(1, 3))) for i in set(slots) if i is not None}
        for j, i in enumerate(slots):
            if i is not None:
                A[i][j] = amp[i] * draw(st.sampled_from([1, -1]))
        for i, a in amp.items():
            m[i] = (slots.count(i) + lam) * a * a
        kind = "critical"
    U = fr(Q) @ np.array(A, dtype=object)
    return Autoencoder(tuple(m), Q, U, lam, kind)


@st.composite
def random_autoencoders(draw, d1_max: int = 3) -> Autoencoder:
    """A PSD target and an arbitrary rational factor."""
    d0 = draw(st.integers(1, 3))
    d1 = draw(st.integers(1, d1_max))
    Q = draw(rotations(d0))
    m = tuple(_F(draw(st.integers(0, 8)), 2) for _ in range(d0))
    U = np.array([[_F(draw(st.integers(-6, 6)), 4) for _ in range(d1)] for _ in range(d0)], dtype=object)
    return Autoencoder(m, Q, U, draw(st.sampled_from(_LAMS)), "random")


@dataclass(frozen=True)
class Rotation:
    """A non-equalized factor, the two columns ``i, j`` with ``||u_i|| > ||u_j||``, and the tangent half-angle
    ``s`` of a Givens rotation of those columns (``cos = (1-s^2)/(1+s^2)``, ``sin = 2s/(1+s^2)``)."""

    ae: Autoencoder
    i: int
    j: int
    s: Fraction


@st.composite
def equalizing_rotations(draw, lam_zero: bool = False) -> Rotation:
    """Rotations with ``4 s |u_i^T u_j| < (||u_i||^2 - ||u_j||^2)(1 - s^2)``: the angle is below
    ``pi/2 - phi``, ``tan phi = 2|p|/(a - b)``, where the column-norm gap shrinks."""
    ae = draw(random_autoencoders())
    if lam_zero:
        ae = Autoencoder(ae.m, ae.Q, ae.U, _F(0), ae.kind)
    U = ae.U
    d1 = U.shape[1]
    norms = [(U[:, k] * U[:, k]).sum() for k in range(d1)]
    pairs = [(a, b) for a in range(d1) for b in range(d1) if norms[a] > norms[b]]
    if not pairs:            # equal column norms: put a unit entry in column 0 and append a zero column
        U = np.concatenate([U, np.full((U.shape[0], 1), _F(0), dtype=object)], axis=1)
        if (U[:, 0] * U[:, 0]).sum() == 0:
            U[0, 0] = _F(1)
        ae = Autoencoder(ae.m, ae.Q, U, ae.lam, ae.kind)
        pairs = [(0, U.shape[1] - 1)]
    i, j = draw(st.sampled_from(pairs))
    a, b = (U[:, i] * U[:, i]).sum(), (U[:, j] * U[:, j]).sum()
    p = abs((U[:, i] * U[:, j]).sum())
    s = _F(1, 2 ** draw(st.integers(1, 14)))
    while 4 * s * p >= (a - b) * (1 - s * s):
        s /= 2
    return Rotation(ae, i, j, s)
