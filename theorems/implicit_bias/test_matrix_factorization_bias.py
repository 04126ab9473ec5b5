"""Matrix factorization does not minimize the nuclear norm in general (Razin & Cohen's completion
example); the nuclear-norm conjecture holds only in special (commuting) cases.

Statement.  Complete a 2x2 matrix with observed entries ``W_12 = W_21 = 1``, ``W_22 = 0``
(``W_11`` free) by gradient descent on ``l(W) = (1/2) sum_observed (W_ij - Y_ij)^2`` over a depth-2
factorization ``W = W2 W1``.  Every completion ``[[a, 1], [1, 0]]`` has determinant ``-1`` and
nuclear norm ``sqrt(a^2 + 4)``, minimal (= 2) at ``a = 0``.  Gradient flow never changes the sign of
``det W`` (Razin & Cohen 2020: ``d/dt log|det W_j|`` stays finite), so from ``det W(0) > 0`` the loss
can only tend to 0 with ``W_11 W_22 > W_12 W_21``, hence ``||W||_* >= |W_11| >= (1 - sqrt(2 eps))^2 /
sqrt(2 eps)`` at loss ``eps``: the norm diverges instead of being minimized.  Gradient descent
follows the flow while its steps are small against the factors' smallest singular values: a
step keeps ``sign det W1`` whenever ``eta ||W1^-1 W2ᵀ G|| < 1`` (``det(I - A) > 0`` for ``||A|| < 1``),
and likewise for ``W2``; near the rank-one collapse the discrete steps can flip it and then settle
on a completion with ``|W_11|`` of order 5, still far from the minimum.

The printed claim ("matrix factorization parametrizations were shown to introduce biases towards
minimizing nuclear norm", citing Gunasekar et al. 2017) overstates its source, which proved it only
for commuting measurements and conjectured it in general.

Sources.  Arora et al., *Theory of Deep Learning*, §8.1.2 (ARORA-573, audited); Razin & Cohen,
"Implicit regularization in deep learning may not be explainable by norms" (NeurIPS 2020).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.coverage import Uncovered
from checks.documents import ARORA
from checks.homogeneous import factorization_gd, nuclear_norm_2x2
from checks.margins import EPS, worst_index
from checks.strategies.homogeneous import MASK, TARGET, Completion, completions


NOT_CHECKED = (
    Uncovered("ARORA-1032", area="implicit-bias", checkable="statistical",
              reason=("cited result (Li, Ma, Zhang 2018) whose guarantee has unspecified absolute constants "
                      "(RIP level, initialization scale, step size, iteration count); a finite check would "
                      "need hand-picked thresholds")),
)


def _run(c: Completion):
    return factorization_gd(MASK, TARGET, c.W1, c.W2, c.eta, c.steps)


def printed_nuclear_bias(c: Completion) -> Check:
    """ARORA-573 as printed: GD on the factorization approaches a minimum-nuclear-norm completion.  At
    loss eps the iterate is within ||P(W - Y)||_F = sqrt(2 eps) (Frobenius, so 2 sqrt(eps) in nuclear
    norm for 2x2) of an exact completion, whose nuclear norm would be the minimum 2."""
    run = _run(c)
    W, eps = run.W[-1], float(run.loss[-1])
    nuc = nuclear_norm_2x2(W)
    return le(nuc, 2.0, 2 * np.sqrt(eps) + 16 * EPS * nuc,
              label=f"||W_T||_* <= min over completions (= 2), W_11 = {W[0, 0]:.4g}, loss {eps:.3g}",
              why="distance 2 sqrt(eps) to an exact completion + rounding")


AUDIT = Claim(
    id="matrix-factorization-nuclear-norm-as-printed",
    title="Arora et al. §8.1.2: 'matrix factorization was shown to bias towards minimum nuclear norm'",
    statement=("As printed: matrix factorization parametrizations were shown to introduce an implicit bias "
               "of gradient descent towards minimizing the nuclear norm."),
    sources=[Source(ARORA, "§8.1.2, citing [GWB+17]", ("ARORA-573",))],
    kind="numeric",
    area="implicit-bias",
    instances=st.one_of(completions(1), completions(-1)),
    conclusion=printed_nuclear_bias,
    proof_idea=("From det W(0) > 0 the trajectory cannot reach the completions of determinant -1 along "
                "the flow; the iterates' nuclear norm grows far beyond 2."),
    audit=True,
    corrected="factorization-determinant-obstruction",
    finding=("Gunasekar et al. (2017) proved the nuclear-norm bias only for commuting measurements and "
             "conjectured it in general; Razin & Cohen (2020) refute it: for the 2x2 completion with observed "
             "W_12 = W_21 = 1, W_22 = 0 (minimum nuclear norm 2 at W_11 = 0), depth-2 GD from a small init with "
             "det W(0) > 0 ends with ||W||_* of about 4.5-5.7 at zero loss (gradient flow: unbounded). The "
             "accurate statement is an implicit tendency towards low effective rank, and the nuclear-norm "
             "claim for commuting measurements."),
    examples=40,
)
test_matrix_factorization_nuclear_norm_as_printed = AUDIT.test()


def _sign_kept_bound(F: np.ndarray, A: np.ndarray, eta: float, left: bool) -> np.ndarray:
    """``eta ||F^-1 A||`` (``left``) or ``eta ||A F^-1||`` per step; ``inf`` where ``F`` is nearly singular
    (condition number above 1e8), where the sign condition is not claimed."""
    cond = np.linalg.cond(F)
    safe = np.where((cond < 1e8)[:, None, None], F, np.eye(F.shape[1]))
    M = np.linalg.solve(safe, A) if left else np.swapaxes(np.linalg.solve(np.swapaxes(safe, 1, 2),
                                                                          np.swapaxes(A, 1, 2)), 1, 2)
    return np.where(cond < 1e8, eta * np.linalg.norm(M, 2, axis=(1, 2)), np.inf)


def obstruction(c: Completion, *, any_sign: bool = False, unconditional: bool = False) -> list[Check]:
    """The corrected claim's checks along the run; the keywords drop a hypothesis (a mutant)."""
    run = _run(c)
    out = []
    # (1) det W > 0 and loss eps < 1/2 force ||W||_* >= (1 - sqrt(2 eps))^2 / sqrt(2 eps)
    d1, d2 = np.linalg.det(run.W1), np.linalg.det(run.W2)
    det = d1 * d2
    nuc = np.array([nuclear_norm_2x2(W) for W in run.W])
    root = np.sqrt(2 * run.loss)
    size = np.maximum(np.abs(run.W1).max(axis=(1, 2)), np.abs(run.W2).max(axis=(1, 2)))
    det_tol = 64 * EPS * size ** 4  # rounding of a product of two 2x2 determinants
    use = (root < 1) & ((det > det_tol) | any_sign)
    if use.any():
        lower = (1 - root[use]) ** 2 / root[use]
        k = worst_index(lower, nuc[use], 16 * EPS * nuc[use])
        t = int(np.flatnonzero(use)[k])
        out.append(le(lower[k], nuc[use][k], 16 * EPS * nuc[use][k], label=(
            f"(1 - sqrt(2 eps_t))^2 / sqrt(2 eps_t) <= ||W_t||_*{'' if any_sign else ' where det W_t > 0'}, "
            f"t = {t}, det = {det[t]:.3g}"), why="rounding of the 2x2 nuclear norm"))
    else:
        out.append(holds(True, "no step with det W_t > 0 and loss < 1/2"))
    # (2) a step keeps sign det W_j when eta ||W1^-1 W2ᵀ G|| < 1 (resp. eta ||G W1ᵀ W2^-1|| < 1)
    T = c.steps
    G = run.G[:T]
    k1 = _sign_kept_bound(run.W1[:T], np.swapaxes(run.W2[:T], 1, 2) @ G, c.eta, left=True)
    k2 = _sign_kept_bound(run.W2[:T], G @ np.swapaxes(run.W1[:T], 1, 2), c.eta, left=False)
    flips = 0
    for kappa, d in ((k1, d1), (k2, d2)):
        claimed = np.ones(T, bool) if unconditional else kappa < 1 - 1e-9
        clear = np.abs(d[:T]) > 64 * EPS * size[:T] ** 2  # a determinant resolved above its rounding
        flips += int(np.count_nonzero(claimed & clear & (np.sign(d[:T]) != np.sign(d[1:]))))
    out.append(equal(flips, 0, label="steps that flip sign det W_j" + (
        "" if unconditional else " although eta ||W_j^-1 (gradient factor)|| < 1")))
    # (3) the completions [[a, 1], [1, 0]] have ||.||_*^2 = a^2 + 4 >= 4 (exact at rational a)
    a = Fraction(int(round(float(run.W[-1][0, 0]) * 8)), 8)
    out.append(ge(a * a + 4, Fraction(4), label=f"||[[a, 1], [1, 0]]||_*^2 = a^2 + 4 >= 4 = 2^2 at a = {a}"))
    return out


CLAIM = Claim(
    id="factorization-determinant-obstruction",
    title="Depth-2 completion: a positive determinant forces a diverging nuclear norm (Razin & Cohen)",
    statement=("For W = W2 W1 on the 2x2 completion with observed W_12 = W_21 = 1, W_22 = 0: every iterate "
               "with det W_t > 0 and loss eps_t < 1/2 has ||W_t||_* >= (1 - sqrt(2 eps_t))^2 / sqrt(2 eps_t); a "
               "GD step keeps sign det W1 when eta ||W1^-1 W2ᵀ G|| < 1 (and sign det W2 when eta ||G W1ᵀ "
               "W2^-1|| < 1), the discrete form of the flow's invariance of sign det W; every exact "
               "completion [[a, 1], [1, 0]] has nuclear norm sqrt(a^2 + 4) >= 2."),
    sources=[Source(ARORA, "§8.1.2, corrected after Razin & Cohen (2020)", ("ARORA-573",))],
    kind="numeric",
    area="implicit-bias",
    instances=completions(1),
    conclusion=obstruction,
    proof_idea=("det W > 0 means W_11 W_22 > W_12 W_21 ~ 1 while |W_22| <= sqrt(2 eps); det(W1 - eta W2ᵀG) = "
                "det W1 det(I - eta W1^-1 W2ᵀ G) and det(I - A) > 0 for ||A|| < 1."),
    mutants=[
        Mutant("any-determinant-sign",
               "with det W < 0 the iterates can approach the minimal completion [[0, 1], [1, 0]]: the "
               "nuclear-norm blow-up needs the positive determinant",
               conclusion=lambda c: obstruction(c, any_sign=True), instances=st.one_of(completions(1), completions(-1))),
        Mutant("determinant-sign-always-kept",
               "gradient flow keeps sign det W, but a finite step near the rank-one collapse can flip it",
               conclusion=lambda c: obstruction(c, unconditional=True)),
    ],
    examples=25,
)
test_factorization_determinant_obstruction = CLAIM.test()
