"""The interpolation threshold: when least squares interpolates, how ill-conditioned the square case
is, and how the interpolant's norm shrinks with more features.

Statement.
- ``Xw = y`` (``X`` of size ``n×p``) is solvable for every ``y`` iff ``rank X = n``; for a generic
  (full-rank) design this is ``p >= n``, and in general the threshold sits at ``rank X = n``.  The
  solutions of a solvable system form an affine space of dimension ``p - rank X`` (``p - n`` for
  generic ``X``, a unique interpolant ``X⁻¹y`` at ``p = n``).  With nested columns the least-squares
  training error ``min_w ‖X_d w - y‖²`` is non-increasing in ``d`` and is 0 once ``rank X_d = n``.
- For a square Gaussian ``X`` (``n×n``): ``σ_min(X) <= dist(x_1, span(x_2, …, x_n))``, and that
  distance is ``|N(0, 1)|``; so ``P(σ_min <= ε) >= P(|g| <= ε) ≈ 0.8 ε`` for every ``n``, whence
  ``E σ_min⁻² = ∞`` and ``E‖X⁻¹ε‖² = σ² E‖X⁻¹‖_F² = ∞``.  On the other side ``P(√n σ_min <= t) <= 2.35 t``
  (Sankar–Spielman–Teng; Edelman's limit law is ``1 - e^{-t - t²/2} ≈ t``): ``σ_min`` is of order
  ``1/√n``, not ``1/n``, and its small-ball probability is linear in ``t``.
- Nested, consistent features: ``‖X_{p+1}⁺y‖ <= ‖X_p⁺y‖`` (pad the old interpolant with a 0), and for
  Gaussian ``X`` (``p >= n + 2``) and fixed ``y``, ``E ‖X⁺y‖² = E yᵀ(XXᵀ)⁻¹y = ‖y‖²/(p - n - 1)``,
  decreasing in ``p`` (since ``yᵀ(XXᵀ)⁻¹y / ‖y‖² ~ 1/χ²_{p-n+1}``).

Sources.  Teng, Wang, Zhang, *Theoretical Machine Learning*, §13.1.1 (TENG-64: uniqueness at the
threshold, Edelman's tail) and §13.1.2 (TENG-65: more capacity, smaller norm); *The Mathematical
Structure of Machine Learning*, Ch. 24, C.3 (MSML-69: interpolation iff degrees of freedom match the
sample count; the condition number diverges at d ≈ n).

Proof ideas.  Rank–nullity: ``range X = R^n`` iff ``rank X = n``, and ``w + null(X)`` are all the
solutions.  ``σ_min(X) = min_u ‖uᵀX‖`` over unit ``u``; ``u ∝ (1, -c)`` for the least-squares
coefficients ``c`` of ``x_1`` on the other rows has ``‖u‖ >= 1`` and ``‖uᵀX‖ = dist``; the unit normal
``ν`` of the other rows is independent of ``x_1``, so ``dist = |⟨x_1, ν⟩| ~ |N(0, 1)|``; then
``E σ_min⁻² >= ∫_1^∞ P(σ_min < s^{-1/2}) ds >= ∫_1^∞ 0.48 s^{-1/2} ds = ∞``.  Padding ``X_p⁺y`` with a 0
interpolates ``X_{p+1}``, so the least-norm interpolant is no longer.  ``uᵀW⁻¹u`` for a Wishart
``W_n(p, I)`` is ``1/χ²_{p-n+1}`` (Bartlett), of mean ``1/(p - n - 1)``.

Levels.  The small-ball rates are exact binomial tests at ``ALPHA`` per check; the mean of
``yᵀ(XXᵀ)⁻¹y`` (unbounded, of known variance ``2‖y‖⁴/((p-n-1)²(p-n-3))``) is estimated with
Catoni's M-estimator at level ``ALPHA``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import sympy
from scipy.special import ndtr

from checks.claim import Check, Claim, Mutant, Source, close, equal, le
from checks.documents import MSML, TENG
from checks.linalg import EPS
from checks.random_matrices import inverse_quadratic_mean, inverse_quadratic_variance
from checks.stats import ALPHA, catoni_mean, rate_le
from checks.strategies.high_dimensional import (GaussianBatch, IntegerSystem, InterpolantNorms, NestedFeatures,
                                                integer_systems, interpolant_norms, nested_features, square_batches)

SST_CONSTANT = 2.35
"""Sankar–Spielman–Teng (2006), Thm 3.1: P(‖A⁻¹‖ >= x) <= 2.35 √n / x for A = Ā + N(0, 1)^{n×n}."""


# --- exact threshold ---------------------------------------------------------------------------------

def _to_fraction(x: sympy.Rational) -> Fraction:
    return Fraction(int(x.p), int(x.q))


def _residual(X: sympy.Matrix, y: sympy.Matrix) -> Fraction:
    """``min_w ‖Xw - y‖² = ‖y - X X⁺ y‖²``, exactly."""
    r = y - X * (X.pinv() * y)
    return _to_fraction((r.T * r)[0, 0])


def _threshold(S: IntegerSystem, unique_past_threshold: bool = False, threshold_factor: int = 1,
               ignore_rank: bool = False, train_error_increases: bool = False) -> list[Check]:
    X = sympy.Matrix(S.X)
    y = sympy.Matrix(S.y)
    n, p = S.shape
    r = X.rank()
    every_y = all(X.row_join(sympy.eye(n)[:, i]).rank() == r for i in range(n))
    checks = [equal(len(X.nullspace()), p - r, label="dimension of the solution set = p - rank X")]
    if unique_past_threshold:
        checks.append(equal(len(X.nullspace()) == 0, p >= n,
                            label="interpolant unique whenever p >= n (as mutated)"))
    if ignore_rank:
        checks.append(equal(every_y, p >= n, label="interpolates every y iff p >= n, whatever the rank"))
    else:
        checks.append(equal(every_y, r == n, label="interpolates every y iff rank X = n"))
        if r == min(n, p):  # generic design
            checks.append(equal(every_y, p >= threshold_factor * n,
                                label=f"generic design: interpolates every y iff p >= {threshold_factor} n"))
    solvable = X.row_join(y).rank() == r
    checks.append(equal(_residual(X, y) == 0, solvable, label="zero training error iff y ∈ range X"))
    if r == p == n:
        w = X.LUsolve(y)
        checks.append(equal(tuple(_to_fraction(v) for v in X * w), tuple(Fraction(v) for v in S.y),
                            label="p = n = rank: the unique interpolant X⁻¹y"))
    res = [_residual(X[:, :d], y) for d in range(1, p + 1)]
    for d in range(1, p):
        if train_error_increases:
            checks.append(le(res[d - 1], res[d], label=f"training error grows from d = {d} to {d + 1}"))
        else:
            checks.append(le(res[d], res[d - 1], label=f"training error non-increasing from d = {d} to {d + 1}"))
        if X[:, :d + 1].rank() == n:
            checks.append(equal(res[d], Fraction(0), label=f"training error 0 at d = {d + 1} (rank n)"))
    return checks


THRESHOLD = Claim(
    id="interpolation-threshold-rank",
    title="Least squares interpolates every target iff rank X = n; solution sets of dimension p - rank X",
    statement="for X ∈ Z^{n×p}: Xw = y is solvable for every y iff rank X = n (for generic X: iff p >= n); "
              "a solvable system's solutions form an affine space of dimension p - rank X (unique iff "
              "rank X = p, e.g. the square invertible case); the nested training error min_w ‖X_d w - y‖² "
              "is non-increasing in d and 0 once rank X_d = n",
    sources=[Source(TENG, "§13.1.1 (unique interpolant at p = n, an affine set of dimension p - n beyond)",
                    ("TENG-64",)),
             Source(MSML, "C.3 (zero training error iff degrees of freedom match the sample count)", ("MSML-69",)),
             Source(MSML, "App. C expansion line 1376 (training error decreases monotonically in d)", ("MSML-214",))],
    kind="exact",
    area="high-dimensional",
    instances=integer_systems(),
    conclusion=_threshold,
    proof_idea="rank–nullity; range X = R^n iff rank X = n; adding a column can only enlarge range X_d, "
               "so the distance from y to it cannot grow",
    mutants=[
        Mutant("interpolant-unique-past-threshold",
               "for p > n the null space of X has dimension p - n > 0, so interpolants are never unique",
               conclusion=lambda S: _threshold(S, unique_past_threshold=True)),
        Mutant("threshold-at-2n",
               "a generic n×p design with n <= p < 2n already has range R^n",
               conclusion=lambda S: _threshold(S, threshold_factor=2),
               instances=integer_systems(generic=True)),
        Mutant("threshold-ignores-rank",
               "a rank-deficient design with p >= n columns cannot fit every y: the threshold is rank X = n",
               conclusion=lambda S: _threshold(S, ignore_rank=True)),
        Mutant("training-error-increases-with-width",
               "nested least squares can only lower the training error as columns are added",
               conclusion=lambda S: _threshold(S, train_error_increases=True)),
    ],
    examples=80,
)
test_interpolation_threshold_rank = THRESHOLD.test()


# --- smallest singular value of a square Gaussian matrix (statistical) ---------------------------------

def _sigma_min_and_distance(G: GaussianBatch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """σ_min and σ_max of each matrix, and the distance of its first row to the span of the others."""
    X = G.matrices()
    s = np.linalg.svd(X, compute_uv=False)
    others = np.swapaxes(X[:, 1:, :], 1, 2)  # columns span the other rows
    Q, _ = np.linalg.qr(others)
    x1 = X[:, 0, :]
    proj = np.einsum("kij,kj->ki", Q, np.einsum("kji,kj->ki", Q, x1))
    return s[:, -1], s[:, 0], np.linalg.norm(x1 - proj, axis=1)


def _small_ball(G: GaussianBatch, scale_power: float = 0.5, claimed: str = "sst") -> list[Check]:
    smin, smax, dist = _sigma_min_and_distance(G)
    n, m, t = G.n, G.replicates, G.t
    tol = 8 * n * EPS * smax
    worst = int(np.argmax(smin - dist - tol))
    checks = [le(float(smin[worst]), float(dist[worst]), tol=float(tol[worst]),
                 label="σ_min(X) <= dist(x_1, span(other rows)) (every draw; the worst shown)",
                 why="8 n eps σ_max: SVD and QR rounding")]
    # P(σ_min <= t) >= P(|g| <= t) = 2Φ(t) - 1, every n: the complement's rate is at most 2 - 2Φ(t)
    checks.append(rate_le(int(np.sum(smin > t)), m, float(2 - 2 * ndtr(t)), ALPHA / 2,
                          label=f"P(σ_min <= {t}) >= P(|N(0,1)| <= {t})"))
    scaled = n**scale_power * smin
    if claimed == "sst":
        checks.append(rate_le(int(np.sum(scaled <= t)), m, min(1.0, SST_CONSTANT * t), ALPHA / 2,
                              label=f"P(√n σ_min <= {t}) <= 2.35 t"))
    elif claimed == "edelman-law":  # the claimed scale carries Edelman's law: P(. <= t) >= 1 - e^{-t - t²/2}
        checks.append(rate_le(int(np.sum(scaled > t)), m, math.exp(-t - t * t / 2), ALPHA / 2,
                              label=f"P(n σ_min <= {t}) >= 1 - exp(-t - t²/2) (σ_min ~ 1/n, as mutated)"))
    else:  # quadratic small ball
        checks.append(rate_le(int(np.sum(scaled <= t)), m, t * t, ALPHA / 2,
                              label=f"P(√n σ_min <= {t}) <= t² (as mutated)"))
    return checks


SMALL_BALL = Claim(
    id="smallest-singular-value-small-ball",
    title="The smallest singular value of a square Gaussian matrix is of order 1/√n, with a linear small ball",
    statement="for X ∈ R^{n×n} with i.i.d. N(0, 1) entries: σ_min(X) <= dist(x_1, span(x_2..x_n)) ~ |N(0,1)|, "
              "so P(σ_min <= t) >= 2Φ(t) - 1 and E‖X⁻¹‖² = ∞; and P(√n σ_min <= t) <= 2.35 t",
    sources=[Source(TENG, "§13.1.1 (Edelman 1988: P(√n σ_min <= t) ≈ t; E‖X⁻¹ε‖² = ∞)", ("TENG-64",))],
    kind="statistical",
    area="high-dimensional",
    instances=square_batches(),
    conclusion=_small_ball,
    proof_idea="a unit u = (1, -c)/‖(1, -c)‖ built from the regression of x_1 on the other rows has "
               "‖uᵀX‖ <= dist; the other rows' unit normal is independent of x_1.  The upper bound is "
               "Sankar–Spielman–Teng's P(‖X⁻¹‖ >= x) <= 2.35 √n / x.",
    mutants=[
        Mutant("sigma-min-of-order-one-over-n",
               "on the 1/n scale the small ball is tiny: P(n σ_min <= t) = P(√n σ_min <= t/√n) <= 2.35 t/√n",
               conclusion=lambda G: _small_ball(G, scale_power=1.0, claimed="edelman-law"),
               instances=square_batches().filter(lambda G: G.n >= 8)),
        Mutant("quadratic-small-ball",
               "the density of √n σ_min at 0 is positive (Edelman: 1 - e^{-t - t²/2} ≈ t), so the small "
               "ball is linear in t, not t²",
               conclusion=lambda G: _small_ball(G, claimed="quadratic")),
    ],
    examples=20,
)
test_smallest_singular_value_small_ball = SMALL_BALL.test()


# --- nested features shrink the min-norm interpolant (exact) -----------------------------------------

def _norm2(X: sympy.Matrix, y: sympy.Matrix) -> Fraction:
    w = X.pinv() * y
    return _to_fraction((w.T * w)[0, 0])


def _nested(F: NestedFeatures, fresh: bool = False) -> list[Check]:
    X = sympy.Matrix(F.X)
    y = sympy.Matrix(F.y)
    Xp = X[:, :F.p]
    big = sympy.Matrix(F.fresh) if fresh else X
    checks = [equal(tuple(_to_fraction(v) for v in Xp * (Xp.pinv() * y)), tuple(Fraction(v) for v in F.y),
                    label="X_p⁺y interpolates (consistent system)")]
    if fresh and big.row_join(y).rank() != big.rank():
        return checks  # the fresh features cannot fit y at all: nothing to compare
    checks.append(le(_norm2(big, y), _norm2(Xp, y),
                     label="‖X_{p+1}⁺y‖² <= ‖X_p⁺y‖²" + (" for re-drawn features (as mutated)" if fresh else "")))
    return checks


NESTED = Claim(
    id="nested-min-norm-shrinks",
    title="More nested features give a (weakly) smaller minimum-norm interpolant",
    statement="if y = X_p w for some w and X_{p+1} = [X_p, x], then ‖X_{p+1}⁺y‖ <= ‖X_p⁺y‖",
    sources=[Source(TENG, "§13.1.2 (more capacity, smaller-norm interpolants)", ("TENG-65",))],
    kind="exact",
    area="high-dimensional",
    instances=nested_features(),
    conclusion=_nested,
    proof_idea="(X_p⁺y, 0) interpolates X_{p+1}; the least-norm interpolant is no longer than any interpolant",
    mutants=[
        Mutant("re-drawn-features",
               "without nesting there is no padded interpolant to compare with: unrelated features can need "
               "a longer interpolant",
               conclusion=lambda F: _nested(F, fresh=True)),
    ],
    examples=80,
)
test_nested_min_norm_shrinks = NESTED.test()


# --- E ‖X⁺y‖² for Gaussian X (statistical) -----------------------------------------------------------

def _interpolant_norm(I: InterpolantNorms, mean: Fraction | None = None) -> list[Check]:
    X, y = I.draws()
    G = X @ np.swapaxes(X, 1, 2)
    q = np.einsum("i,ki->k", y, np.linalg.solve(G, np.broadcast_to(y, (I.replicates, I.n))[:, :, None])[:, :, 0])
    yy = float(y @ y)
    predicted = yy * float(inverse_quadratic_mean(I.n, I.p) if mean is None else mean)
    est, radius = catoni_mean(q, yy * yy * float(inverse_quadratic_variance(I.n, I.p)), ALPHA)
    return [close(est, predicted, radius, label="E ‖X⁺y‖² = E yᵀ(XXᵀ)⁻¹y = formula (Catoni estimate)",
                  why=f"Catoni radius, m = {I.replicates}, exact variance 2‖y‖⁴/((p-n-1)²(p-n-3)), level {ALPHA:g}")]


NORM_MEAN = Claim(
    id="min-norm-interpolant-expected-norm",
    title="Expected squared norm of the min-norm interpolant of a fixed target",
    statement="for X ∈ R^{n×p} Gaussian, p >= n + 2 and fixed y: E ‖X⁺y‖² = E yᵀ(XXᵀ)⁻¹y = ‖y‖²/(p - n - 1), "
              "decreasing in p",
    sources=[Source(TENG, "§13.1.2 (Wishart expectation of the interpolant norm)", ("TENG-65",))],
    kind="statistical",
    area="high-dimensional",
    instances=interpolant_norms(),
    conclusion=_interpolant_norm,
    proof_idea="X⁺ = Xᵀ(XXᵀ)⁻¹ gives ‖X⁺y‖² = yᵀ(XXᵀ)⁻¹y; XXᵀ ~ W_n(p, I) and by rotation invariance "
               "and Bartlett yᵀW⁻¹y/‖y‖² ~ 1/χ²_{p-n+1}, of mean 1/(p - n - 1)",
    mutants=[
        Mutant("norm-over-p", "‖y‖²/p ignores the n directions the rows occupy; near p = n it is far too small",
               conclusion=lambda I: _interpolant_norm(I, Fraction(1, I.p))),
        Mutant("norm-off-by-one", "E 1/χ²_ν = 1/(ν - 2): the mean is ‖y‖²/(p - n - 1), not ‖y‖²/(p - n)",
               conclusion=lambda I: _interpolant_norm(I, Fraction(1, I.p - I.n))),
    ],
    examples=20,
)
test_min_norm_interpolant_expected_norm = NORM_MEAN.test()
