"""Pseudo-inverse algebra, minimum-norm least squares, and the ridge → minimum-norm limit.

Statements.
- For ``M = sum_i s_i u_i v_iᵀ`` (nonzero singular values), ``M⁺ = sum_i s_i⁻¹ v_i u_iᵀ`` satisfies the
  four Penrose identities ``M M⁺ M = M``, ``M⁺ M M⁺ = M⁺``, ``(M M⁺)ᵀ = M M⁺``, ``(M⁺ M)ᵀ = M⁺ M``
  (which determine it), and ``(XᵀX)⁺Xᵀ = Xᵀ(XXᵀ)⁺ = X⁺``; for full row rank ``X⁺ = Xᵀ(XXᵀ)⁻¹``.
- For symmetric ``M`` every SVD has ``V_r = sgn(M) U_r``, where ``sgn(M) = Q diag(sign l_i) Qᵀ`` for the
  eigendecomposition ``M = Q diag(l) Qᵀ``: so ``v_i = ±u_i`` for a simple singular value, and
  ``V_r = U_r`` iff ``M ⪰ 0``.  The printed "symmetric ⇒ v_i = u_i" is false (audit).
- Ridge: ``x_lam = (AᵀA + lam I)⁻¹Aᵀb = Aᵀ(AAᵀ + lam I)⁻¹b`` and, for EVERY ``b`` (consistency is not
  needed), ``||x_lam - A⁺b|| <= lam/(s_min^2 + lam) ||A⁺b|| <= (lam/s_min^2) ||A⁺b||``, ``s_min`` the
  least nonzero singular value; the first bound is attained when ``A⁺b`` lies along ``v_min``.
- The minimum-norm least-squares estimator ``X⁺y`` is OLS ``(XᵀX)⁻¹Xᵀy`` when ``rank X = p <= n`` and
  the interpolant ``Xᵀ(XXᵀ)⁻¹y`` (with ``X X⁺y = y``) when ``rank X = n <= p``.
- Pythagoras: with ``x* = A⁺b``, ``||Ax' - b||^2 = ||Ax* - Ax'||^2 + ||Ax* - b||^2`` for every ``x'``.
- If ``rank X = n < d`` the solutions of ``Xw = y`` form an affine space of dimension ``d - n``; zeroing
  the coordinates in ``Z`` (``|Z| = d - n``) keeps the system solvable for every ``y`` iff the columns
  outside ``Z`` are independent, which holds for SOME ``Z`` but not for every one (audit).

Sources.  Zhao, *From Approximation to Emergence*, Figure 6.4 (ZHAO-43: vanishing ridge; the explicit
rate is ours) and Definition 8.17 (ZHAO-70); Arora et al., *Theory of Deep Learning*, §3.1 footnote 1
(ARORA-32), §3.1.1 eqs. (3.6)-(3.7) and Problem 3.1.1 (ARORA-36), Problem 3.1.2 (ARORA-37), §19.2
(ARORA-1100).

Proof ideas.  In the SVD every statement is diagonal: ``M M⁺ = U_r U_rᵀ`` and ``M⁺M = V_r V_rᵀ`` are
orthogonal projectors; ridge multiplies the ``i``-th coefficient ``c_i`` of ``A⁺b`` by
``s_i^2/(s_i^2 + lam)``, so the error has coefficients ``c_i lam/(s_i^2 + lam)``, largest relative to
``c_i`` at ``s_min``.  For symmetric ``M``, ``M^2 u_i = s_i^2 u_i`` gives ``|M| u_i = s_i u_i`` and
``v_i = M u_i / s_i = sgn(M) u_i``.  Pythagoras: ``Ax* - b`` is orthogonal to ``range(A)``.

Tolerances (``eps = 2^-52``, ``N = m + n``, ``kappa = s_max/s_min`` over the planted nonzero spectrum,
rank cutoff ``1e-8 s_max``): SVD-built quantities are exact for a matrix within ``N eps s_max``, so the
Penrose residuals are below ``8 N eps kappa`` times ``s_max``, ``1/s_min`` or 1, two pseudo-inverses agree
within ``8 N eps kappa / s_min`` (Wedin: ``||A⁺ - B⁺|| <= sqrt 2 ||A⁺|| ||B⁺|| ||A - B||``), singular
vectors of a symmetric integer-spectrum matrix are within ``16 d eps max|l|`` (spectral gap >= 1);
a solve with the SPD matrix ``G`` is within ``4 N eps (cond(G) ||x|| + ||A|| ||b|| / l_min(G))``;
the computed ``A⁺b`` within ``4 N eps kappa (||A⁺b|| + ||b||/s_max + kappa ||b - A A⁺b||/s_max)``.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import scipy.linalg
import sympy
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, close, equal, holds, le
from checks.documents import ARORA, ZHAO
from checks.linalg import EPS, min_l1_interpolant, min_norm_solution, null_space_projector, pseudoinverse
from checks.strategies.spectra import (IntMatrix, IntegerLeastSquares, Planted, RidgeCase, SparseSystem,
                                       SquareCase, SymmetricCase, integer_least_squares, integer_matrices,
                                       planted, ridge_cases, sparse_systems, square_matrices,
                                       symmetric_matrices)

RCOND = 1e-8
"""Relative rank cutoff: planted nonzero singular values are >= 1e-2 s_max, rounding ones ~ eps s_max."""


def _svd_pinv(M: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(U_r, s_r, V_r, M⁺)`` with ``M⁺ = V_r diag(1/s_r) U_rᵀ`` built from NumPy's SVD."""
    U, s, Vt = np.linalg.svd(M, full_matrices=False)
    r = int(np.sum(s > RCOND * s[0]))
    return U[:, :r], s[:r], Vt[:r].T, (Vt[:r].T / s[:r]) @ U[:, :r].T


def min_norm_with_error(A: np.ndarray, b: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, float]:
    """``A⁺b`` (the project's solver) and the bound on its rounding error from the docstring."""
    x = min_norm_solution(A, b, rcond=RCOND)
    kappa = s[0] / s[-1]
    err = 4 * sum(A.shape) * EPS * kappa * (np.linalg.norm(x) + np.linalg.norm(b) / s[0]
                                            + kappa * np.linalg.norm(b - A @ x) / s[0])
    return x, float(err)


# --- Penrose identities ------------------------------------------------------------------------------

def penrose_checks(M: np.ndarray, P: np.ndarray, s: np.ndarray, name: str = "M⁺") -> list[Check]:
    """The four Penrose identities for the candidate ``P`` (``s``: the nonzero singular values)."""
    N, kappa = sum(M.shape), s[0] / s[-1]
    base = 8 * N * EPS * kappa
    why = "8 (m+n) eps kappa times the scale of the identity"
    MP, PM = M @ P, P @ M
    return [close(MP @ M, M, base * s[0], label=f"M {name} M = M", why=why),
            close(P @ M @ P, P, base / s[-1], label=f"{name} M {name} = {name}", why=why),
            close(MP, MP.T, base, label=f"(M {name})ᵀ = M {name}", why=why),
            close(PM, PM.T, base, label=f"({name} M)ᵀ = {name} M", why=why)]


def penrose(D: Planted) -> list[Check]:
    M = D.X
    _, s, _, P = _svd_pinv(M)
    agree = 8 * sum(M.shape) * EPS * (s[0] / s[-1]) / s[-1]
    why = "Wedin: sqrt 2 ||A⁺|| ||B⁺|| ||A - B|| with ||A - B|| ~ (m+n) eps s_max"
    b = D.rng().standard_normal(M.shape[0])
    x, err_x = min_norm_with_error(M, b, s)
    return penrose_checks(M, P, s) + [
        close(pseudoinverse(M, rcond=RCOND), P, agree, label="checks.linalg.pseudoinverse = sum v_i u_iᵀ / s_i",
              why=why),
        close(np.linalg.pinv(M, rcond=RCOND), P, agree, label="numpy.linalg.pinv = sum v_i u_iᵀ / s_i", why=why),
        close(scipy.linalg.pinv(M, atol=0.0, rtol=RCOND), P, agree, label="scipy.linalg.pinv = sum v_i u_iᵀ / s_i",
              why=why),
        close(x, P @ b, err_x + agree * np.linalg.norm(b), label="min_norm_solution(M, b) = M⁺ b",
              why="solver error + pseudo-inverse agreement x ||b||")]


def penrose_wrong_orientation(D: Planted) -> list[Check]:
    U, s, V, _ = _svd_pinv(D.X)
    return penrose_checks(D.X, (U / s) @ V.T, s, name="U diag(1/s) Vᵀ")


def penrose_transpose(D: Planted) -> list[Check]:
    _, s, _, _ = _svd_pinv(D.X)
    return penrose_checks(D.X, D.X.T, s, name="Mᵀ")


PENROSE = Claim(
    id="pseudoinverse-penrose-identities",
    title="The SVD pseudo-inverse satisfies the four Penrose identities",
    statement="for M = sum_i s_i u_i v_iᵀ (s_i > 0), M⁺ = sum_i v_i u_iᵀ / s_i satisfies M M⁺ M = M, "
              "M⁺ M M⁺ = M⁺, (M M⁺)ᵀ = M M⁺, (M⁺ M)ᵀ = M⁺ M; it is the pseudo-inverse computed by NumPy, "
              "SciPy and checks.linalg, and M⁺ b is the minimum-norm least-squares solution",
    sources=[Source(ARORA, "§3.1.1, eqs. (3.6)-(3.7), Problem 3.1.1", ("ARORA-36",))],
    kind="numeric",
    area="implicit-bias",
    instances=planted(),
    conclusion=penrose,
    proof_idea="M M⁺ = U_r U_rᵀ and M⁺ M = V_r V_rᵀ are orthogonal projectors (symmetric), and "
               "U_r U_rᵀ M = M, M⁺ U_r U_rᵀ = M⁺; the four identities have exactly one solution.",
    mutants=[
        Mutant("wrong-orientation",
               "sum u_i v_iᵀ / s_i swaps the singular vectors; for a non-symmetric square M, M (U diag(1/s) Vᵀ) M "
               "is not M",
               conclusion=penrose_wrong_orientation, instances=planted(shape="square")),
        Mutant("transpose-is-pseudoinverse",
               "M Mᵀ M = U diag(s^3) Vᵀ equals M only when every nonzero singular value is 1 (a partial isometry)",
               conclusion=penrose_transpose),
    ],
    examples=60,
)
test_pseudoinverse_penrose_identities = PENROSE.test()


# --- symmetric matrices: v_i = sign(l_i) u_i ---------------------------------------------------------

def _symmetric_svd(c: SymmetricCase) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    U, s, V, _ = _svd_pinv(c.M)
    tol = 16 * c.M.shape[0] * EPS * max(1, max(abs(l) for l in c.eigenvalues))
    return U, s, V, tol


def symmetric_signs(c: SymmetricCase) -> list[Check]:
    U, s, V, tol = _symmetric_svd(c)
    lam = np.array(c.eigenvalues, dtype=float)
    sgn = (c.Q * np.sign(lam)) @ c.Q.T
    psd = bool(np.all(lam >= 0))
    why = "16 d eps max|l| (spectral gap >= 1 for an integer spectrum)"
    out = [close(V, sgn @ U, tol, label="V_r = sgn(M) U_r", why=why),
           close(s, np.sort(np.abs(lam[lam != 0]))[::-1], tol, label="singular values = |eigenvalues|", why=why),
           holds(np.allclose(V, U, rtol=0, atol=tol) == psd,
                 label=f"V_r = U_r iff M is PSD (M is {'PSD' if psd else 'indefinite'})")]
    out += _simple_sign_checks(U, s, V, tol)
    return out


def _simple_sign_checks(U: np.ndarray, s: np.ndarray, V: np.ndarray, tol: float) -> list[Check]:
    """For each simple singular value, ``|<u_i, v_i>| = 1`` (``v_i = ±u_i``)."""
    out = []
    for i in range(s.size):
        if np.all(np.abs(np.delete(s, i) - s[i]) > 0.5):
            out.append(close(abs(U[:, i] @ V[:, i]), 1.0, tol, label=f"|<u_{i + 1}, v_{i + 1}>| = 1 (simple s_i)",
                             why="16 d eps max|l|"))
    return out


def signs_of_square(c: SquareCase) -> list[Check]:
    U, s, V, _ = _svd_pinv(c.M)
    d = c.M.shape[0]
    out = []
    for i in range(s.size):
        # sin-theta (Wedin): the computed u_i, v_i are exact singular vectors of M + E, ||E|| <= d eps s_max, so
        # each is within d eps s_max / gap_i (sqrt 2 x the sine) of an exact one, gap_i the distance of s_i to
        # the rest of the spectrum of [[0, M], [Mᵀ, 0]] (the s_j, j != i, and -s_i); |<u, v>| moves by at most
        # the sum of the two, plus the d roundings of the dot product
        others = np.delete(s, i)
        gap = min(float(np.min(np.abs(others - s[i]))) if others.size else math.inf, 2 * float(s[i]))
        tol = 4 * d * EPS * float(s[0]) / gap + d * EPS
        out.append(close(abs(U[:, i] @ V[:, i]), 1.0, tol, label=f"|<u_{i + 1}, v_{i + 1}>| = 1",
                         why="4 d eps s_max / gap_i + d eps (sin-theta bound of the computed singular vectors)"))
    return out


def singular_values_are_eigenvalues(c: SymmetricCase) -> Check:
    _, s, _, tol = _symmetric_svd(c)
    lam = np.sort(np.array(c.eigenvalues, dtype=float))[::-1]
    lam = lam[lam != 0]
    return close(s, lam, tol, label="singular values = eigenvalues in decreasing order", why="16 d eps max|l|")


SYMMETRIC = Claim(
    id="symmetric-svd-signs",
    title="The SVD of a symmetric matrix: v_i = sign(l_i) u_i, and v_i = u_i iff M is PSD",
    statement="for symmetric M = Q diag(l) Qᵀ every SVD M = U_r diag(s) V_rᵀ has s = |l| (nonzero) and "
              "V_r = sgn(M) U_r with sgn(M) = Q diag(sign l) Qᵀ; hence v_i = ±u_i for a simple singular value "
              "(the sign of its eigenvalue), and V_r = U_r iff M ⪰ 0",
    sources=[Source(ARORA, "§3.1.1, remark after eq. (3.7) (corrected)", ("ARORA-36",))],
    kind="numeric",
    area="implicit-bias",
    instances=symmetric_matrices(),
    conclusion=symmetric_signs,
    proof_idea="M Mᵀ = M^2, so M^2 u_i = s_i^2 u_i and |M| u_i = s_i u_i (|M| = Q diag|l| Qᵀ is the unique PSD "
               "square root); then v_i = Mᵀ u_i / s_i = sgn(M) |M| u_i / s_i = sgn(M) u_i.",
    mutants=[
        Mutant("any-square-matrix",
               "without symmetry u_i and v_i are unrelated: a generic square matrix has |<u_i, v_i>| < 1",
               conclusion=signs_of_square, instances=square_matrices()),
        Mutant("singular-values-are-eigenvalues",
               "singular values are |l_i|, so a negative eigenvalue never appears among them "
               "(diag(1, -1) has singular values 1, 1)",
               conclusion=singular_values_are_eigenvalues),
    ],
    examples=60,
)
test_symmetric_svd_signs = SYMMETRIC.test()


def symmetric_v_equals_u(c: SymmetricCase) -> Check:
    U, _, V, tol = _symmetric_svd(c)
    return close(V, U, tol, label="v_i = u_i for symmetric M (as printed)", why="16 d eps max|l|")


SYMMETRIC_AUDIT = Claim(
    id="symmetric-svd-v-equals-u-as-printed",
    title="As printed: a symmetric matrix has an SVD with v_i = u_i",
    statement="(as printed) when M is symmetric, its SVD M = sum s_i u_i v_iᵀ has v_i = u_i, i.e. it is the "
              "spectral decomposition",
    sources=[Source(ARORA, "§3.1.1, remark after eq. (3.7)", ("ARORA-36",))],
    kind="numeric",
    area="implicit-bias",
    instances=symmetric_matrices(),
    conclusion=symmetric_v_equals_u,
    proof_idea="sum_i s_i u_i u_iᵀ is PSD, so an SVD with V = U exists only for PSD M.",
    audit=True,
    corrected="symmetric-svd-signs",
    finding="false for indefinite symmetric M: M = diag(1, -1) has singular values (1, 1) and any SVD has "
            "v_2 = -u_2 (for the e_2 direction), because sum s_i u_i u_iᵀ is PSD. Correct: v_i = sign(l_i) u_i "
            "(V_r = sgn(M) U_r in general), and v_i = u_i for all i iff M is PSD.",
    examples=60,
)
test_symmetric_svd_v_equals_u_as_printed = SYMMETRIC_AUDIT.test()


# --- (XᵀX)⁺Xᵀ = Xᵀ(XXᵀ)⁺ = X⁺, exactly ----------------------------------------------------------

def _sym(M: np.ndarray) -> sympy.Matrix:
    return sympy.Matrix(M.tolist())


def normal_equation_forms(c: IntMatrix) -> list[Check]:
    X = _sym(c.M)
    n, d = X.shape
    Xp = X.pinv()
    rank = X.rank()
    out = [equal((X.T * X).pinv() * X.T, Xp, label="(XᵀX)⁺Xᵀ = X⁺"),
           equal(X.T * (X * X.T).pinv(), Xp, label="Xᵀ(XXᵀ)⁺ = X⁺")]
    if rank == n:
        out.append(equal(X.T * (X * X.T).inv(), Xp, label="Xᵀ(XXᵀ)⁻¹ = X⁺ (full row rank)"))
    if rank == d:
        out.append(equal((X.T * X).inv() * X.T, Xp, label="(XᵀX)⁻¹Xᵀ = X⁺ (full column rank)"))
    return out


def inverse_form_without_rank(c: IntMatrix, left: bool) -> list[Check]:
    X = _sym(c.M)
    G = X.T * X if left else X * X.T
    name = "(XᵀX)⁻¹Xᵀ" if left else "Xᵀ(XXᵀ)⁻¹"
    if G.det() == 0:
        return [holds(False, label=f"{name} = X⁺", detail=f"{'XᵀX' if left else 'XXᵀ'} is singular (det 0)")]
    return [equal((G.inv() * X.T) if left else (X.T * G.inv()), X.pinv(), label=f"{name} = X⁺")]


def transpose_is_pinv(c: IntMatrix) -> Check:
    X = _sym(c.M)
    return equal(X.T, X.pinv(), label="X⁺ = Xᵀ")


NORMAL_FORMS = Claim(
    id="pseudoinverse-normal-equation-forms",
    title="(XᵀX)⁺Xᵀ = Xᵀ(XXᵀ)⁺ = X⁺, and Xᵀ(XXᵀ)⁻¹ for full row rank",
    statement="for every real X, (XᵀX)⁺Xᵀ = Xᵀ(XXᵀ)⁺ = X⁺; if X has full row rank this is Xᵀ(XXᵀ)⁻¹, if full "
              "column rank (XᵀX)⁻¹Xᵀ",
    sources=[Source(ARORA, "§3.1.1, Problem 3.1.2 and eq. (3.5)", ("ARORA-37",))],
    kind="exact",
    area="implicit-bias",
    instances=integer_matrices(),
    conclusion=normal_equation_forms,
    proof_idea="With X = U_r S V_rᵀ: (XᵀX)⁺Xᵀ = V_r S^-2 V_rᵀ V_r S U_rᵀ = V_r S⁻¹ U_rᵀ, and likewise on the "
               "other side; full row rank makes XXᵀ invertible. Checked exactly with SymPy rationals.",
    mutants=[
        Mutant("left-inverse-for-wide-x",
               "for d > n the d×d matrix XᵀX has rank <= n < d and no inverse",
               conclusion=lambda c: inverse_form_without_rank(c, left=True),
               instances=integer_matrices(shape="wide")),
        Mutant("right-inverse-without-full-row-rank",
               "if rank X < n then XXᵀ is singular; the general form needs (XXᵀ)⁺",
               conclusion=lambda c: inverse_form_without_rank(c, left=False),
               instances=integer_matrices(max_inner=1).filter(lambda c: c.M.shape[0] >= 2)),
        Mutant("transpose-is-pseudoinverse",
               "X⁺ = Xᵀ only when X has orthonormal rows or columns on its range (a partial isometry)",
               conclusion=transpose_is_pinv),
    ],
    examples=40,
)
test_pseudoinverse_normal_equation_forms = NORMAL_FORMS.test()


# --- ridge -> minimum norm, with an explicit rate ----------------------------------------------------

def _ridge_routes(c: RidgeCase) -> tuple[np.ndarray, float, np.ndarray, float]:
    """The ridge solution by the d×d and by the n×n normal equations, each with its error bound."""
    A, b, lam, s = c.design.X, c.b, c.lam, c.design.s
    n, d = A.shape
    r = s.size
    x_d = np.linalg.solve(A.T @ A + lam * np.eye(d), A.T @ b)
    x_n = A.T @ np.linalg.solve(A @ A.T + lam * np.eye(n), b)
    out = []
    for x, lmin in ((x_d, lam + (s[-1] ** 2 if r == d else 0.0)), (x_n, lam + (s[-1] ** 2 if r == n else 0.0))):
        cond = (s[0] ** 2 + lam) / lmin
        out.append(4 * (n + d) * EPS * (cond * np.linalg.norm(x) + s[0] * np.linalg.norm(b) / lmin))
    return x_d, float(out[0]), x_n, float(out[1])


def ridge_error(c: RidgeCase, target: np.ndarray | None = None, target_err: float = 0.0):
    """``||x_lam - target||`` (default target ``A⁺b``), the target, and the total rounding bound."""
    x_d, e_d, x_n, e_n = _ridge_routes(c)
    x, e = (x_d, e_d) if e_d <= e_n else (x_n, e_n)
    if target is None:
        target, target_err = min_norm_with_error(c.design.X, c.b, c.design.s)
    return float(np.linalg.norm(x - target)), target, e + 2 * target_err


def ridge_to_min_norm(c: RidgeCase) -> list[Check]:
    x_d, e_d, x_n, e_n = _ridge_routes(c)
    err, xp, tol = ridge_error(c)
    s2, lam = c.design.s[-1] ** 2, c.lam
    norm = float(np.linalg.norm(xp))
    why = "ridge solve error 4(m+n) eps (cond(G)||x|| + ||A|| ||b||/l_min(G)) + 2 x error of A⁺b"
    return [close(x_d, x_n, e_d + e_n, label="(AᵀA + lam I)⁻¹Aᵀb = Aᵀ(AAᵀ + lam I)⁻¹b",
                  why="sum of the two solve error bounds"),
            le(err, lam / (s2 + lam) * norm, tol, label="||x_lam - A⁺b|| <= lam/(s_min^2 + lam) ||A⁺b||", why=why),
            le(err, lam / s2 * norm, tol, label="||x_lam - A⁺b|| <= (lam/s_min^2) ||A⁺b||", why=why)]


def ridge_rate_squared(c: RidgeCase) -> Check:
    err, xp, tol = ridge_error(c)
    return le(err, (c.lam / c.design.s[-1] ** 2) ** 2 * np.linalg.norm(xp), tol,
              label="||x_lam - A⁺b|| <= (lam/s_min^2)^2 ||A⁺b||")


def ridge_rate_top(c: RidgeCase) -> Check:
    err, xp, tol = ridge_error(c)
    return le(err, c.lam / (c.design.s[0] ** 2 + c.lam) * np.linalg.norm(xp), tol,
              label="||x_lam - A⁺b|| <= lam/(s_max^2 + lam) ||A⁺b||")


def ridge_to_min_l1(c: RidgeCase) -> Check:
    x1 = min_l1_interpolant(c.design.X, c.b)
    n1 = float(np.linalg.norm(x1))
    # 1e-7 is the LP's accuracy (HiGHS's default primal and dual feasibility tolerances), a solver setting; a
    # larger allowance only makes this mutant harder to catch
    err, _, tol = ridge_error(c, target=x1, target_err=1e-7 * max(n1, 1.0))
    s2 = c.design.s[-1] ** 2
    return le(err, c.lam / (s2 + c.lam) * n1, tol,
              label="||x_lam - argmin_(Ax=b) ||x||_1|| <= lam/(s_min^2 + lam) ||x_1||",
              why="ridge error + linear-programming accuracy 1e-7")


RIDGE = Claim(
    id="ridge-to-min-norm-rate",
    title="Vanishing ridge converges to the minimum-norm solution, at rate lam/(s_min^2 + lam)",
    statement="for every A, b and lam > 0: x_lam = (AᵀA + lam I)⁻¹Aᵀb = Aᵀ(AAᵀ + lam I)⁻¹b and "
              "||x_lam - A⁺b|| <= lam/(s_min^2 + lam) ||A⁺b|| <= (lam/s_min^2) ||A⁺b|| (s_min the least nonzero "
              "singular value; consistency of b is not needed); so x_lam -> A⁺b as lam -> 0",
    sources=[Source(ZHAO, "Figure 6.4 and §6.2 (vanishing ridge as a proxy for the l2 bias)", ("ZHAO-43",))],
    kind="proxy",
    proxy="the limit x_lam -> A⁺b as lam -> 0 is represented by the finite bound ||x_lam - A⁺b|| <= "
          "lam/(s_min^2 + lam) ||A⁺b|| at every drawn lam in [1e-4, 1e2] s_min^2 (attained for A⁺b along v_min)",
    area="implicit-bias",
    instances=ridge_cases(),
    conclusion=ridge_to_min_norm,
    proof_idea="In the SVD, x_lam has coefficients c_i s_i^2/(s_i^2 + lam) where A⁺b has c_i, so the error has "
               "coefficients c_i lam/(s_i^2 + lam) <= c_i lam/(s_min^2 + lam); components of b off range(A) "
               "enter neither. Push-through: Aᵀ(AAᵀ + lam I) = (AᵀA + lam I)Aᵀ.",
    mutants=[
        Mutant("rate-squared", "the error is first order in lam: for A⁺b along v_min it equals "
                               "lam/(s_min^2 + lam) ||A⁺b||, above (lam/s_min^2)^2 ||A⁺b|| when lam < 0.6 s_min^2",
               conclusion=ridge_rate_squared),
        Mutant("rate-with-s-max", "the slowest direction is v_min, whose error lam/(s_min^2 + lam) exceeds "
                                  "lam/(s_max^2 + lam) when s_min < s_max",
               conclusion=ridge_rate_top),
        Mutant("limit-is-min-l1", "ridge tends to the least l2-norm solution; the least l1-norm interpolant is "
                                  "another point of {Ax = b} in general",
               conclusion=ridge_to_min_l1, instances=ridge_cases(consistent=True, shape="wide", full_rank=True)),
    ],
    examples=60,
)
test_ridge_to_min_norm_rate = RIDGE.test()


# --- the minimum-norm least-squares estimator in both regimes --------------------------------------

def min_norm_regimes(D: Planted) -> list[Check]:
    X, s = D.X, D.s
    n, p = X.shape
    y = D.rng().standard_normal(n)
    beta, err = min_norm_with_error(X, y, s)
    kappa = s[0] / s[-1]
    N = n + p
    out = []
    if D.rank == p:
        ols = np.linalg.solve(X.T @ X, X.T @ y)
        tol = 4 * N * EPS * kappa ** 2 * (np.linalg.norm(beta) + np.linalg.norm(y) / s[0]) + err
        out.append(close(beta, ols, tol, label="X⁺y = (XᵀX)⁻¹Xᵀy (rank X = p <= n)",
                         why="normal-equation error 4(n+p) eps kappa^2 (||beta|| + ||y||/s_max) + solver error"))
    if D.rank == n:
        inter = X.T @ np.linalg.solve(X @ X.T, y)
        tol = 4 * N * EPS * kappa ** 2 * (np.linalg.norm(beta) + np.linalg.norm(y) / s[-1]) + err
        out.append(close(beta, inter, tol, label="X⁺y = Xᵀ(XXᵀ)⁻¹y (rank X = n <= p)",
                         why="normal-equation error 4(n+p) eps kappa^2 (||beta|| + ||y||/s_min) + solver error"))
        out.append(close(X @ beta, y, s[0] * err + N * EPS * (s[0] * np.linalg.norm(beta) + np.linalg.norm(y)),
                         label="X X⁺y = y (interpolation)", why="s_max x solver error + product rounding"))
    grad_tol = s[0] ** 2 * err + N * EPS * s[0] * (s[0] * np.linalg.norm(beta) + np.linalg.norm(y))
    out.append(le(np.linalg.norm(X.T @ (X @ beta - y)), 0.0, grad_tol, label="Xᵀ(X X⁺y - y) = 0 (least squares)",
                  why="s_max^2 x solver error + product rounding"))
    Nproj = null_space_projector(X, rcond=RCOND)
    out.append(le(np.linalg.norm(Nproj @ beta), 0.0, err + 4 * N * EPS * kappa * np.linalg.norm(beta),
                  label="X⁺y ⊥ null(X) (least norm)", why="solver error + projector error 4(n+p) eps kappa ||beta||"))
    lst = np.linalg.lstsq(X, y, rcond=RCOND)[0]
    out.append(close(lst, beta, 2 * err, label="numpy.linalg.lstsq (minimum norm) = X⁺y", why="2 x solver error"))
    return out


def ols_for_wide(D: Planted) -> Check:
    G = D.X.T @ D.X
    rank = np.linalg.matrix_rank(G, tol=RCOND * np.linalg.norm(G, 2))
    return holds(rank == D.X.shape[1], label="(XᵀX)⁻¹Xᵀy exists for p > n",
                 detail=f"rank XᵀX = {rank} < p = {D.X.shape[1]}")


def interpolates_when_tall(D: Planted) -> Check:
    X = D.X
    y = D.rng().standard_normal(X.shape[0])
    beta, err = min_norm_with_error(X, y, D.s)
    return close(X @ beta, y, D.s[0] * err + sum(X.shape) * EPS * (D.s[0] * np.linalg.norm(beta) + np.linalg.norm(y)),
                 label="X X⁺y = y for p < n", why="s_max x solver error + product rounding")


MIN_NORM_LS = Claim(
    id="min-norm-least-squares-regimes",
    title="The minimum-norm least-squares estimator: OLS below the threshold, interpolation above",
    statement="beta = argmin{||b|| : b minimizes ||y - Xb||} = X⁺y; if rank X = p <= n it is the OLS solution "
              "(XᵀX)⁻¹Xᵀy, if rank X = n <= p it is Xᵀ(XXᵀ)⁻¹y and X beta = y; in general Xᵀ(X beta - y) = 0 "
              "and beta ⊥ null(X)",
    sources=[Source(ZHAO, "Definition 8.17 and Figure 8.16", ("ZHAO-70",))],
    kind="numeric",
    area="implicit-bias",
    instances=st.one_of(planted(shape="tall", full_rank=True), planted(shape="wide", full_rank=True), planted()),
    conclusion=min_norm_regimes,
    proof_idea="Least-squares solutions are X⁺y + null(X); the one of least norm has no null-space part. Full "
               "column rank leaves one solution (XᵀX)⁻¹Xᵀy; full row rank makes every y reachable, and "
               "Xᵀ(XXᵀ)⁻¹y is an interpolant in row(X).",
    mutants=[
        Mutant("ols-formula-above-threshold", "for p > n the p×p matrix XᵀX has rank n < p, so (XᵀX)⁻¹ does not exist",
               conclusion=ols_for_wide, instances=planted(shape="wide", full_rank=True)),
        Mutant("interpolates-below-threshold", "for p < n a generic y is not in the p-dimensional range(X), so the "
                                               "least-squares fit leaves a residual",
               conclusion=interpolates_when_tall, instances=planted(shape="tall", full_rank=True)),
    ],
    examples=60,
)
test_min_norm_least_squares_regimes = MIN_NORM_LS.test()


# --- Pythagoras for least squares, exactly ----------------------------------------------------------

def _pythagoras_parts(c: IntegerLeastSquares, xstar=None):
    A, b, x = _sym(c.A), sympy.Matrix(c.b.tolist()), sympy.Matrix(c.x.tolist())
    if xstar is None:
        xstar = A.pinv() * b
    sq = lambda v: (v.T * v)[0, 0]
    return A, b, xstar, sq(A * x - b), sq(A * xstar - A * x), sq(A * xstar - b)


def pythagoras(c: IntegerLeastSquares) -> list[Check]:
    A, b, xstar, lhs, a, opt = _pythagoras_parts(c)
    return [equal(lhs, a + opt, label="||Ax' - b||^2 = ||Ax* - Ax'||^2 + ||Ax* - b||^2"),
            equal(tuple(A.T * (A * xstar - b)), (0,) * A.shape[1], label="Aᵀ(Ax* - b) = 0")]


def pythagoras_without_squares(c: IntegerLeastSquares) -> Check:
    _, _, _, lhs, a, opt = _pythagoras_parts(c)
    return equal(lhs, a + opt + 2 * sympy.sqrt(a * opt), label="||Ax' - b|| = ||Ax* - Ax'|| + ||Ax* - b|| (squared)")


def pythagoras_transposed(c: IntegerLeastSquares) -> Check:
    A = _sym(c.A)
    _, _, _, lhs, a, opt = _pythagoras_parts(c, xstar=A.pinv().T * sympy.Matrix(c.b.tolist()))
    return equal(lhs, a + opt, label="Pythagoras with x* = A⁺ᵀb")


PYTHAGORAS = Claim(
    id="least-squares-pythagoras",
    title="Pythagorean decomposition of the least-squares residual",
    statement="with x* = A⁺b: ||Ax' - b||^2 = ||Ax* - Ax'||^2 + ||Ax* - b||^2 for every x', because "
              "Ax* - b is orthogonal to range(A)",
    sources=[Source(ARORA, "§19.2 (worked example)", ("ARORA-1100",))],
    kind="exact",
    area="implicit-bias",
    instances=integer_least_squares(),
    conclusion=pythagoras,
    proof_idea="Ax* = A A⁺ b is the orthogonal projection of b onto range(A), so Ax* - b ⊥ Ax* - Ax' ∈ range(A); "
               "expand ||(Ax' - Ax*) + (Ax* - b)||^2. Exact in SymPy rationals.",
    mutants=[
        Mutant("without-squares", "the norms add only in squares; the triangle inequality is strict unless one "
                                  "leg is zero", conclusion=pythagoras_without_squares),
        Mutant("transposed-pseudoinverse", "A⁺ᵀb is not a least-squares solution of a non-symmetric square A, so "
                                           "its residual is not orthogonal to range(A)",
               conclusion=pythagoras_transposed, instances=integer_least_squares(shape="square")),
    ],
    examples=40,
)
test_least_squares_pythagoras = PYTHAGORAS.test()


# --- zeroing d - n coordinates of an interpolant ----------------------------------------------------

def _feasible(X: sympy.Matrix, y: sympy.Matrix) -> bool:
    return X.rank() == X.row_join(y).rank()


def _subsets(c: SparseSystem):
    X = _sym(c.X)
    n, d = X.shape
    for keep in combinations(range(d), n):
        yield keep, X.extract(list(range(n)), list(keep))


def zeroing_as_printed(c: SparseSystem) -> Check:
    y = sympy.Matrix(c.y.tolist())
    bad = [keep for keep, Xk in _subsets(c) if not _feasible(Xk, y)]
    return holds(not bad, label="X w = y stays solvable after zeroing ANY d - n coordinates (as printed)",
                 detail=f"infeasible when keeping only columns {bad[0]}" if bad else "feasible for every subset")


def zeroing_corrected(c: SparseSystem) -> list[Check]:
    X, y = _sym(c.X), sympy.Matrix(c.y.tolist())
    n, d = X.shape
    out = [holds(_feasible(X, y), label="X w = y is solvable (rank X = n)"),
           equal(d - X.rank(), d - n, label="dim {w : Xw = y} = d - n")]
    dets = {}
    for keep, Xk in _subsets(c):
        dets[keep] = Xk.det()
        if dets[keep] != 0:
            out.append(holds(_feasible(Xk, y), label=f"solvable on columns {keep} (invertible)"))
        else:
            left = Xk.T.nullspace()[0]  # a y outside range(X_keep)
            out.append(holds(not _feasible(Xk, left), label=f"columns {keep} singular: some y is infeasible"))
    out.append(holds(any(v != 0 for v in dets.values()), label="some n columns are independent"))
    return out


def sparse_any_rank() -> st.SearchStrategy[SparseSystem]:
    return sparse_systems()


def full_row_rank_systems() -> st.SearchStrategy[SparseSystem]:
    return sparse_systems().filter(lambda c: np.linalg.matrix_rank(c.X) == c.X.shape[0])


ZEROING = Claim(
    id="interpolants-zeroing-coordinates",
    title="Interpolating solutions: an affine space of dimension d - n; zeroing d - n coordinates works for some "
          "subsets only",
    statement="if rank X = n < d, {w : Xw = y} is a nonempty affine space of dimension d - n; fixing w_Z = 0 for "
              "|Z| = d - n keeps it solvable for every y iff the n columns outside Z are linearly independent, "
              "which holds for at least one Z",
    sources=[Source(ARORA, "§3.1, footnote 1 (corrected)", ("ARORA-32",))],
    kind="exact",
    area="implicit-bias",
    instances=full_row_rank_systems(),
    conclusion=zeroing_corrected,
    proof_idea="rank n means y ∈ range(X) and nullity d - n; with w_Z = 0 the system is X_{Zᶜ} w' = y, square, "
               "solvable for all y iff X_{Zᶜ} is invertible; a rank-n matrix has n independent columns, but "
               "not every n of them are.",
    mutants=[Mutant("without-full-row-rank",
                    "with dependent rows (a zero row, or two equal rows with different labels) X w = y has no "
                    "solution at all",
                    instances=sparse_any_rank())],
    examples=40,
)
test_interpolants_zeroing_coordinates = ZEROING.test()

ZEROING_AUDIT = Claim(
    id="interpolants-zeroing-any-coordinates-as-printed",
    title="As printed: zeroing an arbitrary set of d - n coordinates keeps X w = y feasible",
    statement="(as printed) for d > n and independent x^(i), a feasible solution exists after setting an "
              "arbitrary subset of d - n coordinates of w to zero",
    sources=[Source(ARORA, "§3.1, footnote 1", ("ARORA-32",))],
    kind="exact",
    area="implicit-bias",
    instances=full_row_rank_systems(),
    conclusion=zeroing_as_printed,
    proof_idea="Zeroing Z leaves the columns outside Z, which may be dependent even when the rows of X are not.",
    audit=True,
    corrected="interpolants-zeroing-coordinates",
    finding="false for arbitrary subsets: X = [[1,0,0],[0,1,0]], y = (1,1) has independent rows, but zeroing "
            "coordinate 2 leaves the columns (1,0), (0,0) and X w = y becomes infeasible. Correct: the reduced "
            "system is solvable for every y iff the remaining n columns are independent (true for some subset, "
            "and for all subsets almost surely when X has a continuous distribution).",
    examples=40,
)
test_interpolants_zeroing_any_coordinates_as_printed = ZEROING_AUDIT.test()
