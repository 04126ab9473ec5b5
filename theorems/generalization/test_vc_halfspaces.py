"""The VC dimension of affine halfspaces in R^d is d + 1 (and of homogeneous ones, d).

Statement.  ``H = {x ↦ 1[wᵀx + b > 0] : w ∈ R^d, b ∈ R}``.
- Any ``d + 1`` affinely independent points (e.g. ``0, e_1, ..., e_d``) are shattered: for every
  labeling ``y ∈ {±1}^{d+1}`` the square system ``wᵀx_i + b = y_i`` has a solution.
- No ``d + 2`` points are shattered (Radon): there is ``λ ≠ 0`` with ``Σ λ_i x_i = 0`` and
  ``Σ λ_i = 0``, and the labeling ``{i : λ_i > 0}`` is not realized.  Hence ``VCdim(H) = d + 1``.
  In ``R²``: three non-collinear points are shattered, three collinear points are not (the middle
  point cannot be labeled apart from the two ends), and no four points are.
- Homogeneous halfspaces ``1[wᵀx > 0]`` shatter ``e_1, ..., e_d`` and no ``d + 1`` vectors, so
  their VC dimension is ``d``.

Sources.  Zhao, *From Approximation to Emergence*, Example 7.7 (ZHAO-52); Teng, Wang, Zhang,
*Theoretical Machine Learning*, §7.3.1 (TENG-36: "linear" means affine there); *The Mathematical
Structure of Machine Learning*, Ch. 24, App. C (MSML-358 prints ``<= d + 1``, equality holds).

Proof idea.  Shattering: the matrix with rows ``(x_i, 1)`` is invertible for affinely independent
points.  Radon: ``d + 2`` vectors ``(x_i, 1)`` in ``R^{d+1}`` are linearly dependent, giving ``λ``.
If some ``(w, b)`` realized ``{λ_i > 0}``, every term of ``Σ λ_i (wᵀx_i + b)`` would be ``>= 0``, the
terms with ``λ_i > 0`` strictly, yet the sum is ``wᵀ Σ λ_i x_i + b Σ λ_i = 0``.  The homogeneous case
is the same argument with ``d + 1`` vectors of ``R^d`` and no bias row.

All certificates are verified in exact rational arithmetic; on points in general position the
class is also enumerated independently (``checks.combinatorics.halfspaces``) and its VC dimension
computed by brute force.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, holds
from checks.combinatorics import halfspaces, in_general_position, mask_of, vc_dimension
from checks.documents import MSML, TENG, ZHAO
from checks.finite_class import affine_dependency, linear_dependency, solve_square
from checks.strategies.concept_classes import SEEDS


@dataclass(frozen=True)
class Points:
    """Integer points in ``R^d``; ``name`` says which family they come from."""

    points: tuple[tuple[int, ...], ...]
    name: str = ""

    @property
    def d(self) -> int:
        return len(self.points[0])

    def __repr__(self) -> str:
        return f"Points({self.name}; d={self.d}, {list(self.points)})"


def simplex(d: int) -> Points:
    return Points(((0,) * d,) + tuple(tuple(int(i == j) for i in range(d)) for j in range(d)), "0, e_1..e_d")


@st.composite
def independent_points(draw: st.DrawFn) -> Points:
    """``d + 1`` affinely independent integer points in ``R^d``, ``d <= 4``: the simplex, the moment
    curve, or random points redrawn until independent."""
    d = draw(st.integers(1, 4))
    kind = draw(st.sampled_from(["simplex", "moment", "random"]))
    if kind == "simplex":
        return simplex(d)
    rng = np.random.default_rng(draw(SEEDS))
    if kind == "moment":
        ts = sorted(int(t) for t in rng.choice(np.arange(-4, 5), size=d + 1, replace=False))
        return Points(tuple(tuple(t**k for k in range(1, d + 1)) for t in ts), "moment curve")
    while True:
        pts = tuple(tuple(int(v) for v in r) for r in rng.integers(-6, 7, size=(d + 1, d)))
        if affine_dependency(pts) is None:
            return Points(pts, "random")


@st.composite
def any_points(draw: st.DrawFn, extra: int) -> Points:
    """``d + 1 + extra`` integer points in ``R^d``, ``d <= 4``, in any position (collinear and
    repeated coordinates included: a small box makes degeneracies frequent)."""
    d = draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(SEEDS))
    box = draw(st.sampled_from([1, 2, 6]))
    pts = tuple(tuple(int(v) for v in r) for r in rng.integers(-box, box + 1, size=(d + 1 + extra, d)))
    return Points(pts, f"random in [-{box}, {box}]^{d}")


def _labelings(m: int):
    return product((-1, 1), repeat=m)


# --- claim 1: d + 1 affinely independent points are shattered --------------------------------------

def _radon_check(P: Points, lam: tuple[Fraction, ...], homogeneous: bool) -> Check:
    """Verify the certificate that the labeling ``{λ_i > 0}`` is not realizable."""
    d = P.d
    sums_ok = all(sum(l * p[j] for l, p in zip(lam, P.points)) == 0 for j in range(d))
    sums_ok &= homogeneous or sum(lam) == 0
    lam = lam if any(l > 0 for l in lam) else tuple(-l for l in lam)
    positive = [i for i, l in enumerate(lam) if l > 0]
    ok = sums_ok and any(lam) and bool(positive)
    what = "sum lam_i x_i = 0" + ("" if homogeneous else ", sum lam_i = 0")
    return holds(not ok, f"no {'linear' if homogeneous else 'affine'} dependency certifies an unrealizable labeling",
                 f"lam = {[str(l) for l in lam]} with {what}: labeling {positive} (as +1) is not realizable")


def shatter(P: Points) -> list[Check]:
    pts, d = P.points, P.d
    lam = affine_dependency(pts)
    if lam is not None:
        return [_radon_check(P, lam, homogeneous=False)]
    rows = [list(p) + [1] for p in pts]
    realized = 0
    for y in _labelings(len(pts)):
        wb = solve_square(rows, y)
        realized += all(sum(c * v for c, v in zip(r, wb)) == yi for r, yi in zip(rows, y))
    enumerated = halfspaces(pts)
    return [equal(realized, 2 ** len(pts), label=f"labelings of the {d + 1} points realized by w.x + b = y"),
            equal(vc_dimension(enumerated), d + 1, label="VC dimension of the enumerated class on these points")]


def homogeneous_shatter(P: Points) -> Check:
    lam = linear_dependency(P.points)
    if lam is not None:
        return _radon_check(P, lam, homogeneous=True)
    return holds(True, "d + 1 linearly independent vectors")


SHATTER = Claim(
    id="halfspaces-shatter-d-plus-1",
    title="Affine halfspaces in R^d shatter d + 1 affinely independent points",
    statement="for d + 1 affinely independent points in R^d (e.g. 0, e_1, ..., e_d), every labeling is "
              "realized by some x -> sign(w.x + b)",
    sources=[Source(ZHAO, "Example 7.7", ("ZHAO-52",)), Source(TENG, "§7.3.1", ("TENG-36",)),
             Source(MSML, "Ch. 24, App. C", ("MSML-358",))],
    kind="exact",
    area="generalization",
    instances=independent_points(),
    conclusion=shatter,
    proof_idea="The rows (x_i, 1) form an invertible matrix, so w.x_i + b = y_i is solvable for every y.",
    mutants=[
        Mutant("any-d-plus-1-points", "affinely dependent points (three collinear points in R^2) are not "
               "shattered: the labeling of the dependency's signs is unrealizable", instances=any_points(0)),
        Mutant("homogeneous", "without the bias d + 1 vectors of R^d are linearly dependent, so homogeneous "
               "halfspaces shatter at most d of them", conclusion=homogeneous_shatter),
    ],
    examples=40,
)
test_halfspaces_shatter_d_plus_1 = SHATTER.test()


# --- claim 2: no d + 2 points are shattered (Radon) -----------------------------------------------

def radon(P: Points) -> list[Check]:
    lam = affine_dependency(P.points)
    out = [_radon_check(P, lam, homogeneous=False)] if lam is not None else \
        [holds(False, "d + 2 points have an affine dependency", "none found")]
    out[0] = holds(not out[0].ok, "d + 2 points carry a Radon certificate", out[0].detail)
    if lam is not None and in_general_position(P.points):
        lam = lam if any(l > 0 for l in lam) else tuple(-l for l in lam)
        label = mask_of(i for i, l in enumerate(lam) if l > 0)
        H = halfspaces(P.points)
        out += [holds(label not in H.concepts, "the enumerated class misses the Radon labeling"),
                equal(vc_dimension(H), P.d + 1, label="VC dimension of halfspaces on these d + 2 points")]
    return out


def radon_shattered(P: Points) -> Check:
    if not in_general_position(P.points):
        return holds(True, "not in general position: skipped")
    return equal(vc_dimension(halfspaces(P.points)), P.d + 2, label="d + 2 points are shattered")


@st.composite
def radon_points(draw: st.DrawFn) -> Points:
    """``d + 2`` points: in any position, or in general position (moment curve / random)."""
    if draw(st.booleans()):
        return draw(any_points(1))
    d = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(SEEDS))
    if draw(st.booleans()):
        ts = sorted(int(t) for t in rng.choice(np.arange(-5, 6), size=d + 2, replace=False))
        return Points(tuple(tuple(t**k for k in range(1, d + 1)) for t in ts), "moment curve")
    while True:
        pts = tuple(tuple(int(v) for v in r) for r in rng.integers(-20, 21, size=(d + 2, d)))
        if len(set(pts)) == d + 2 and in_general_position(pts):
            return Points(pts, "general position")


RADON = Claim(
    id="halfspaces-radon-d-plus-2",
    title="No d + 2 points in R^d are shattered by halfspaces (Radon's theorem)",
    statement="any d + 2 points of R^d have lam != 0 with sum lam_i x_i = 0 and sum lam_i = 0, and the labeling "
              "{lam_i > 0} is not realized by any halfspace; hence VCdim = d + 1",
    sources=[Source(ZHAO, "Example 7.7 (Radon)", ("ZHAO-52",)), Source(TENG, "§7.3.1 (no 4 points in R^2)", ("TENG-36",)),
             Source(MSML, "Ch. 24, App. C, VC <= d + 1", ("MSML-358",))],
    kind="exact",
    area="generalization",
    instances=radon_points(),
    conclusion=radon,
    proof_idea="d + 2 vectors (x_i, 1) in R^{d+1} are dependent; if (w, b) realized {lam > 0}, the sum "
               "sum lam_i (w.x_i + b) would be positive, but it equals w.(sum lam_i x_i) + b sum lam_i = 0.",
    mutants=[Mutant("d-plus-2-shattered", "Radon's labeling of d + 2 points is never realized, so the VC "
                    "dimension is not d + 2", conclusion=radon_shattered)],
    examples=40,
)
test_halfspaces_radon_d_plus_2 = RADON.test()


# --- claim 3: homogeneous halfspaces have VC dimension d ------------------------------------------

def homogeneous(P: Points) -> list[Check]:
    d = P.d
    basis = [tuple(int(i == j) for i in range(d)) for j in range(d)]
    realized = sum(all(sum(w * v for w, v in zip(y, e)) == yi for e, yi in zip(basis, y)) for y in _labelings(d))
    lam = linear_dependency(P.points)
    cert = _radon_check(P, lam, homogeneous=True) if lam is not None else holds(False, "dependency", "none")
    return [equal(realized, 2**d, label="w = y realizes every labeling of e_1..e_d"),
            holds(not cert.ok, "d + 1 vectors carry a linear-dependency certificate", cert.detail)]


def homogeneous_d_plus_1(P: Points) -> Check:
    lam = linear_dependency(P.points)
    return _radon_check(P, lam, homogeneous=True) if lam is not None else holds(True, "independent")


HOMOGENEOUS = Claim(
    id="homogeneous-halfspaces-vc-d",
    title="Homogeneous halfspaces in R^d have VC dimension d",
    statement="{x -> sign(w.x)} shatters e_1, ..., e_d, and no d + 1 vectors of R^d",
    sources=[Source(TENG, "§7.3.1 (homogeneous: d)", ("TENG-36",)), Source(MSML, "Ch. 24, App. C", ("MSML-358",))],
    kind="exact",
    area="generalization",
    instances=any_points(0),
    conclusion=homogeneous,
    proof_idea="w = y realizes y on the basis; d + 1 vectors of R^d are linearly dependent and the signs of "
               "the dependency give an unrealizable labeling (sum lam_i w.x_i = 0).",
    mutants=[Mutant("d-plus-1-shattered", "d + 1 vectors in R^d are always linearly dependent",
                    conclusion=homogeneous_d_plus_1)],
    examples=30,
)
test_homogeneous_halfspaces_vc_d = HOMOGENEOUS.test()
