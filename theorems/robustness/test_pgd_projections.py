"""Euclidean projections onto the norm balls used by projected gradient descent (PGD) attacks.

Statement.  For ``B = {z : ‖z - x₀‖_p <= ε}``, ``ε > 0``, the Euclidean projection ``Π_B(x)`` is
- ``ℓ∞``: coordinatewise clipping ``x₀ + clip(x - x₀, -ε, ε)``;
- ``ℓ2``: ``x`` if ``‖x - x₀‖₂ <= ε``, else ``x₀ + ε(x - x₀)/‖x - x₀‖₂``
  (``= x₀ + (x - x₀) min(1, ε/‖x - x₀‖₂)``);
- ``ℓ1``: ``x₀ + soft-threshold(x - x₀, τ)`` with ``τ >= 0`` the sorting threshold of Duchi et al.
  (``τ = 0`` inside the ball, else ``‖Π_B(x) - x₀‖₁ = ε``);
and every PGD iterate ``x_{k+1} = Π_B(x_k + α·step_k)`` is feasible.

Sources.  Zhao, *From Approximation to Emergence*, Figs 12.6 and 13.3 (ZHAO-112); Arora et al.,
*Theory of Deep Learning*, §18.1.1 (ARORA-1094, printed without the inside case: audited) and
Problem 18.1.1 (ARORA-1095).

Proof idea.  A feasible ``p`` is the projection of ``x`` onto a closed convex set ``B`` iff
``⟨x - p, z - p⟩ <= 0`` for every ``z ∈ B``; for a norm ball the supremum over ``z`` is
``⟨x - p, x₀ - p⟩ + ε‖x - p‖_q`` (the dual-norm attack), so the optimality condition is one number,
computed exactly on fractions for ``ℓ∞`` and ``ℓ1``.
"""

from __future__ import annotations

import math

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, equal, le
from checks.documents import ARORA, ZHAO
from checks.robustness import norm, project_l1, project_l2, project_linf, projection_gap
from checks.strategies.robustness import ProjectionProblem, exact_projection_problems, l2_projection_problems

INF = math.inf
U = np.finfo(float).eps


def _sign(a) -> int:
    return int(a > 0) - int(a < 0)


def _exact_projection(pr: ProjectionProblem):
    return (project_linf if pr.p == INF else project_l1)(pr.x, pr.x0, pr.eps)


def _optimality(pr: ProjectionProblem, proj) -> list[Check]:
    return [le(norm([a - c for a, c in zip(proj, pr.x0)], pr.p), pr.eps, label="projection is feasible"),
            le(projection_gap(pr.x, proj, pr.x0, pr.eps, pr.p), 0,
               label="variational inequality: sup_z <x - P(x), z - P(x)> <= 0")]


def exact_projections(pr: ProjectionProblem) -> list[Check]:
    proj = _exact_projection(pr)
    r = norm([a - c for a, c in zip(pr.x, pr.x0)], pr.p)
    out = _optimality(pr, proj)
    if r <= pr.eps:
        out.append(equal(tuple(proj), tuple(pr.x), label="points of the ball are fixed"))
    elif pr.p == 1:
        out.append(equal(norm([a - c for a, c in zip(proj, pr.x0)], 1), pr.eps, label="outside: ||P(x) - x0||_1 = eps"))
    z = list(pr.x0)
    for g in pr.steps:  # PGD with the sign step of step size eps/2
        z = _exact_projection(ProjectionProblem(tuple(a + pr.eps / 2 * _sign(t) for a, t in zip(z, g)),
                                                pr.x0, pr.eps, pr.p))
        out.append(le(norm([a - c for a, c in zip(z, pr.x0)], pr.p), pr.eps, label="PGD iterate is feasible"))
    return out


def _rescaled(pr: ProjectionProblem) -> list:
    v = [a - c for a, c in zip(pr.x, pr.x0)]
    r = norm(v, pr.p)
    return list(pr.x) if r <= pr.eps else [c + pr.eps * t / r for c, t in zip(pr.x0, v)]


def rescaling(pr: ProjectionProblem) -> list[Check]:
    return _optimality(pr, _rescaled(pr))


EXACT = Claim(
    id="pgd-linf-l1-projections",
    title="Projections onto l_inf and l_1 balls: clipping and sorted soft-thresholding",
    statement="the Euclidean projection onto {||z - x0||_inf <= eps} is coordinatewise clipping; onto "
              "{||z - x0||_1 <= eps} it is x0 + soft-threshold(x - x0, tau) with the Duchi et al. "
              "threshold; both satisfy the variational inequality and keep PGD iterates feasible",
    sources=[Source(ZHAO, "Figs 12.6 and 13.3 (PGD)", ("ZHAO-112",)),
             Source(ARORA, "Problem 18.1.1", ("ARORA-1095",))],
    kind="exact",
    area="robustness",
    instances=exact_projection_problems(),
    conclusion=exact_projections,
    proof_idea="Separable box: each coordinate minimizes (z_i - x_i)^2 on an interval.  l_1: the KKT "
               "conditions give z_i - x0_i = sign(v_i)(|v_i| - tau)_+ with tau fixed by ||z - x0||_1 = eps, "
               "found by scanning the sorted |v_i|.  Optimality of either is the inequality "
               "<x - p, x0 - p> + eps ||x - p||_q <= 0.",
    mutants=[Mutant("rescale-instead-of-project", "radial rescaling x0 + eps (x - x0)/||x - x0||_p is feasible "
                    "but not the nearest point when the coordinates of x - x0 differ in size",
                    conclusion=rescaling)],
    examples=60,
)
test_pgd_linf_l1_projections = EXACT.test()


# --- the l2 ball (floating point) -----------------------------------------------------------------

def _tol(pr: ProjectionProblem) -> float:
    # every coordinate of P(x) and of x - P(x) carries a rounding error <= 4u(|x| + |x0| + eps); the gap
    # is a sum of d products of such terms plus eps times a norm: 16 (d + 2) u (|x| + |x0| + eps)^2
    s = float(np.linalg.norm(pr.x)) + float(np.linalg.norm(pr.x0)) + pr.eps
    return 16 * (len(pr.x) + 2) * U * s * s


def _l2_checks(pr: ProjectionProblem, proj: np.ndarray) -> list[Check]:
    x, x0 = np.asarray(pr.x), np.asarray(pr.x0)
    tol = _tol(pr)
    g = x - proj
    gap = float(g @ (x0 - proj)) + pr.eps * float(np.linalg.norm(g))
    return [le(float(np.linalg.norm(proj - x0)), pr.eps, tol=tol, label="projection is feasible",
               why="16 (d + 2) u (|x| + |x0| + eps)^2"),
            le(gap, 0.0, tol=tol, label="variational inequality: <x - P, x0 - P> + eps ||x - P|| <= 0",
               why="16 (d + 2) u (|x| + |x0| + eps)^2")]


def l2_projection(pr: ProjectionProblem) -> list[Check]:
    return _l2_checks(pr, project_l2(np.asarray(pr.x), np.asarray(pr.x0), pr.eps))


def l2_by_clipping(pr: ProjectionProblem) -> list[Check]:
    return _l2_checks(pr, np.asarray(project_linf(pr.x, pr.x0, pr.eps), dtype=float))


def l2_over_r_squared(pr: ProjectionProblem) -> list[Check]:
    x, x0 = np.asarray(pr.x), np.asarray(pr.x0)
    r = float(np.linalg.norm(x - x0))
    return _l2_checks(pr, x if r <= pr.eps else x0 + pr.eps * (x - x0) / r ** 2)


L2 = Claim(
    id="pgd-l2-projection",
    title="Projection onto an l_2 ball: identity inside, radial scaling outside",
    statement="P(x) = x if ||x - x0||_2 <= eps, else x0 + eps (x - x0)/||x - x0||_2, the nearest point "
              "of the ball: feasible, and <x - P(x), z - P(x)> <= 0 for every z in the ball",
    sources=[Source(ZHAO, "Figs 12.6 and 13.3 (PGD)", ("ZHAO-112",)),
             Source(ARORA, "§18.1.1 (with the inside case added)", ("ARORA-1094",))],
    kind="numeric",
    area="robustness",
    instances=l2_projection_problems(),
    conclusion=l2_projection,
    proof_idea="Outside the ball x - P(x) = (r - eps) u with u = (x - x0)/r, and <u, z - x0> <= eps for z "
               "in the ball by Cauchy-Schwarz, so <x - P, z - P> = (r - eps)(<u, z - x0> - eps) <= 0.",
    mutants=[
        Mutant("l2-by-clipping", "clipping to the box leaves the l_2 ball (corners have norm eps sqrt(d)) "
               "or is not the nearest point", conclusion=l2_by_clipping),
        Mutant("scale-by-eps-over-r-squared", "x0 + eps (x - x0)/r^2 has norm eps/r, inside the ball and "
               "not the nearest point unless r = 1", conclusion=l2_over_r_squared),
    ],
    examples=60,
)
test_pgd_l2_projection = L2.test()


def printed_l2(pr: ProjectionProblem) -> list[Check]:
    x, x0 = np.asarray(pr.x), np.asarray(pr.x0)
    r = float(np.linalg.norm(x - x0))
    if r == 0:  # the printed formula is undefined at the centre; nothing to check
        return [equal(0, 0, label="formula undefined at x = x0")]
    return _l2_checks(pr, x0 + pr.eps * (x - x0) / r)


L2_AUDIT = Claim(
    id="arora-l2-projection-as-printed",
    title="ARORA-1094 as printed: the l_2 projection x0 + eps (x - x0)/||x - x0|| for every x",
    statement="the projection of any x != x0 onto {||z - x0||_2 <= eps} is x0 + eps (x - x0)/||x - x0||_2",
    sources=[Source(ARORA, "§18.1.1, near the PGD update", ("ARORA-1094",))],
    kind="numeric",
    area="robustness",
    instances=l2_projection_problems(),
    conclusion=printed_l2,
    proof_idea="(as printed) rescale x - x0 to the sphere of radius eps.",
    audit=True,
    corrected="pgd-l2-projection",
    finding="The formula pushes points strictly inside the ball out to the sphere: for ||x - x0|| = r < eps "
            "the variational-inequality gap is 2 eps (eps - r) > 0 (z = x itself is closer).  Corrected: "
            "P(x) = x0 + (x - x0) min(1, eps/||x - x0||_2).",
    examples=60,
)
test_arora_l2_projection_as_printed = L2_AUDIT.test()
