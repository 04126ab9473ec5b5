"""Finite-sample memorization: a one-hidden-layer ReLU net with n units interpolates n distinct
points with arbitrary labels, and the 1-nearest-neighbour rule has zero training error.

Statement.  Let ``x_1, …, x_n ∈ ℝ^d`` be distinct and ``y ∈ ℝ^n`` arbitrary.
- (Zhang et al. 2017, Thm 1.)  There are ``a ∈ ℝ^d``, ``b, w ∈ ℝ^n`` with
  ``Σ_j w_j ReLU(aᵀx_i − b_j) = y_i`` for every ``i``: ``2n + d`` weights.  Choose ``a`` with
  ``z_i = aᵀx_i`` distinct (sorted), and ``b_1 < z_1 < b_2 < z_2 < … < b_n < z_n``; then
  ``A_ij = ReLU(z_i − b_j)`` is lower triangular with a positive diagonal, and ``w = A⁻¹y``.
  So a network of width ``m >= n`` (extra units with zero output weight) fits arbitrary labels,
  random labels included.
- The 1-nearest-neighbour classifier has zero training error on distinct inputs.
Both need distinct inputs (or repeated inputs with equal labels): a function takes one value per point.

Sources.  Teng, Wang, Zhang, §9.2.1 (TENG-48); *The Mathematical Structure of Machine Learning*,
Ch. 24: wide ReLU networks fit random labels (MSML-11), a 1000-unit MLP fits arbitrary labels on 100
samples (MSML-280), 1-NN interpolates (MSML-10, whose distinct-inputs assumption is implicit).

Proof idea.  Distinct points have distinct projections on all ``a`` outside finitely many
hyperplanes (here an explicit integer code).  Unit ``j`` is active exactly on ``z_i > b_j``, i.e. on
``i >= j``, so the system is triangular.  For 1-NN each training point is its own unique nearest
neighbour (distance 0).

Exact: points and labels are rationals; the scalar net is a :class:`checks.piecewise.ReLUNet`
evaluated exactly, and its function is checked to have at most ``n + 1`` affine pieces.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, holds, le
from checks.documents import MSML, TENG
from checks.memorization import (Memorizer, feature_matrix, injective_direction, knn_predict, memorizer,
                                 project, solvable)
from checks.piecewise import network_pl, pieces
from checks.strategies.memorization import Data, conflicting_data, data


def _errors(inst: Data, predict: Callable[[tuple[Fraction, ...]], Fraction]) -> int:
    return sum(1 for x, y in zip(inst.xs, inst.ys) if predict(x) != y)


def interpolation(inst: Data) -> list[Check]:
    n, d = len(inst.xs), len(inst.xs[0])
    m = memorizer(inst.xs, inst.ys)
    z = sorted(project(m.direction, x) for x in inst.xs)
    b = [-u for u in m.net.biases[0]]
    a = feature_matrix(z, b)
    f = network_pl(m.net, z[0] - 1, z[-1] + 1)
    return [equal(_errors(inst, m), 0, label="the net interpolates every (x_i, y_i) exactly"),
            holds(all(a[i][j] == 0 for i in range(n) for j in range(i + 1, n)) and all(a[i][i] > 0 for i in range(n)),
                  "A_ij = ReLU(z_i - b_j) is lower triangular with a positive diagonal"),
            equal(m.parameters, 2 * n + d, label="parameter count 2n + d"),
            le(pieces(f), n + 1, label="the scalar net is affine on at most n + 1 pieces")]


def _fit_on_distinct(inst: Data, direction: tuple[int, ...] | None = None) -> Memorizer:
    """The construction on the first occurrence of each projection (used by mutants that feed it
    inputs it was not built for)."""
    a = direction if direction is not None else injective_direction(inst.xs)
    seen: dict[Fraction, int] = {}
    for i, x in enumerate(inst.xs):
        seen.setdefault(project(a, x), i)
    keep = sorted(seen.values())
    return memorizer([inst.xs[i] for i in keep], [inst.ys[i] for i in keep], direction=a)


def conflicting(inst: Data) -> Check:
    m = _fit_on_distinct(inst)
    return equal(_errors(inst, m), 0, label="the net interpolates a repeated input with two labels")


def coordinate_projection(inst: Data) -> Check:
    e1 = (1,) + (0,) * (len(inst.xs[0]) - 1)
    m = _fit_on_distinct(inst, direction=e1)
    return equal(_errors(inst, m), 0, label="projecting on the first coordinate, the net interpolates")


def biases_below(inst: Data) -> Check:
    a = injective_direction(inst.xs)
    z = [project(a, x) for x in inst.xs]
    b = [min(z) - j - 1 for j in range(len(z))]  # every unit active on every point: A has rank <= 2
    return holds(solvable(feature_matrix(z, b), inst.ys), "A w = y is solvable with all b_j < z_1")


RELU = Claim(
    id="relu-memorization",
    title="A one-hidden-layer ReLU net with n units and 2n + d weights interpolates n distinct points",
    statement="for distinct x_1..x_n in R^d and any labels y, the net x -> sum_j w_j ReLU(a^T x - b_j) with "
              "a separating the projections, interleaved biases b_1 < z_1 < b_2 < ... < b_n < z_n and "
              "w = A^-1 y (A_ij = ReLU(z_i - b_j), lower triangular) interpolates the data exactly",
    sources=[Source(TENG, "§9.2.1 (Zhang et al. 2017, Thm 1)", ("TENG-48",)),
             Source(MSML, "Ch. 24, 'Overparameterized regime' (wide ReLU nets fit random labels)", ("MSML-11",)),
             Source(MSML, "Ch. 24, line 1515 (a 1000-unit MLP fits arbitrary labels on 100 samples)",
                    ("MSML-280",))],
    kind="exact",
    area="approximation",
    instances=data(),
    conclusion=interpolation,
    proof_idea="Unit j is active on z_i exactly when i >= j, so A is lower triangular with diagonal "
               "z_j - b_j > 0 and forward substitution gives w; extra units get output weight 0.",
    mutants=[
        Mutant("biases-below-all-points", "with every b_j < z_1 all units are active on all points, "
               "A_ij = z_i - b_j has rank <= 2, and labels not affine in z (n >= 3) cannot be fitted",
               conclusion=biases_below, instances=data(min_n=3)),
        Mutant("conflicting-duplicates", "a repeated input with two labels cannot be fitted by any function",
               conclusion=conflicting, instances=conflicting_data()),
        Mutant("coordinate-projection", "a direction that does not separate the points (here e_1, on a grid "
               "where first coordinates collide) merges points with different labels",
               conclusion=coordinate_projection, instances=data(kinds=("grid",), min_n=3, min_d=2)),
    ],
    examples=40,
)
test_relu_memorization = RELU.test()


def one_nn(inst: Data) -> Check:
    ys = [int(y) for y in inst.ys]
    return equal(sum(1 for x, y in zip(inst.xs, ys) if knn_predict(inst.xs, ys, x, 1) != y), 0,
                 label="1-NN training errors = 0")


def three_nn(inst: Data) -> Check:
    ys = [int(y) for y in inst.ys]
    return equal(sum(1 for x, y in zip(inst.xs, ys) if knn_predict(inst.xs, ys, x, 3) != y), 0,
                 label="3-NN training errors = 0")


NN = Claim(
    id="one-nearest-neighbour-interpolates",
    title="The 1-nearest-neighbour rule has zero training error on distinct inputs",
    statement="for distinct training inputs and any labels, 1-NN predicts every training label",
    sources=[Source(MSML, "Ch. 24, 'Interpolating solution' (distinct inputs assumed)", ("MSML-10",))],
    kind="exact",
    area="approximation",
    instances=data(labels="classes"),
    conclusion=one_nn,
    proof_idea="A training point is at distance 0 from itself and at positive distance from the others.",
    mutants=[
        Mutant("three-nn", "3-NN votes with two neighbours: a point whose two neighbours carry another "
               "label is misclassified", conclusion=three_nn, instances=data(labels="classes", min_n=3)),
        Mutant("conflicting-duplicates", "with a repeated input carrying two labels one of them is "
               "always mispredicted", conclusion=one_nn, instances=conflicting_data(labels="classes")),
    ],
    examples=40,
)
test_one_nearest_neighbour_interpolates = NN.test()
