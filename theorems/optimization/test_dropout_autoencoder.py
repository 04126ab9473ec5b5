"""Landscape of the dropout linear autoencoder.

Statement.  For symmetric M (d0 x d0), width d1 and lam > 0 let
``L(U) = ||M - U U^T||_F^2 + lam sum_i ||u_i||^4`` (u_i the columns of U).
- Gradient: ``∇L = 4 (U U^T - M) U + 4 lam U diag(U^T U)``.
- Global value (Thm 11.3.1): with M's eigenvalues m_1 >= m_2 >= ..., kappa_j the mean of the top j and
  ``rho = max{j <= min(d0, d1): m_j > lam j kappa_j/(d1 + lam j)}``, ``min L = ||M - N*||^2 + (lam/d1)(tr N*)^2``
  for ``N* = sum_{i <= rho} (m_i - alpha) w_i w_i^T``, ``alpha = lam rho kappa_rho/(d1 + lam rho)``; every U has
  ``L(U) >= `` that value.
- For M ⪰ 0 every critical point has ``U U^T ⪯ M`` (and U U^T commutes with M).
- Local minima are equalized: rotating two columns with ``||u_i|| > ||u_j||`` towards each other (angle below
  ``pi/2 - phi``, ``tan phi = 2|u_i^T u_j|/(||u_i||^2 - ||u_j||^2)``, direction ``-sgn(u_i^T u_j)``) keeps U U^T and
  strictly lowers L; ``||U - U Q||^2 = 2(1 - cos theta)(||u_i||^2 + ||u_j||^2)``.
- A non-equalized critical point is a strict saddle: along the rotation of two columns of different norms
  the second derivative is ``-4 lam (||u_i||^2 - ||u_j||^2)^2 < 0``.
- Equalized critical points: U U^T has eigenvectors of M (index set E, r' = |E|) with eigenvalues
  ``m_i - lam sum_E m_j/(d1 + lam r')`` and ``||U||_F^2 = d1 sum_E m_i/(d1 + lam r')``.
- Benign landscape (Thm 11.3.5): for ``lam < r m_r/(sum_{i<=r} m_i - r m_r)`` (r = rank M), every critical point
  is a global minimum or has a negative Hessian eigenvalue.

Audit.  Lemma 11.3.2 prints "every critical point has U U^T ⪯ M" for the symmetric (not necessarily PSD)
M = (C_yx + C_xy)/2; for M = diag(1, -1), U = 0 is critical and 0 ⋠ M.  The corrected claim assumes M ⪰ 0.

Sources.  Arora et al., Ch. 11.3: Thm 11.3.1 (ARORA-1023), the gradient (ARORA-1024), Lemma 11.3.2
(ARORA-1025), Lemma 11.3.3 (ARORA-1026), Lemma 11.3.6 (ARORA-1027), Lemma 11.3.7 (ARORA-1028),
Thm 11.3.5 (ARORA-1029).  Lemma 11.3.7's reduction has a gap for d1 > rank M; the checks below test the
conclusions on exact critical points, not the proof.

Proof ideas.  sum ||u_i||^4 >= (sum ||u_i||^2)^2/d1 with equality iff equalized, and rotations of U fix U U^T,
so min L is min over N ⪰ 0 of rank <= d1 of ``||M - N||^2 + (lam/d1)(tr N)^2``, a water-filling problem on the
eigenvalues (Hoffman-Wielandt).  At a critical point ``(U U^T - M)U = -lam U D`` with D ⪰ 0 diagonal, so on
range(U) M acts as U U^T plus a PSD shift.  Rotating two columns changes ``sum ||u||^4`` by
``-2 sin^2(2 theta)/4 (a - b)^2`` when they are orthogonal.

All computations are exact (Fractions); Hessians by polarization of exact second directional derivatives
of the quartic L, and their inertia by characteristic polynomials.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds
from checks.documents import ARORA
from checks.dropout_autoencoder import (directional_coefficients, fr, global_value, gradient, hessian, loss,
                                        reduced_minimum, support_optimum)
from checks.landscape import inertia, is_psd
from checks.strategies.dropout_autoencoder import (Autoencoder, Rotation, critical_autoencoders,
                                                   equalizing_rotations, random_autoencoders)
from hypothesis import strategies as st

_Z = Fraction(0)


def _zero(A: np.ndarray) -> bool:
    return all(v == 0 for v in A.ravel())


# ---------------------------------------------------------------------------------------------- gradient
def _numeric_gradient(a: Autoencoder) -> np.ndarray:
    """Exact partial derivatives from the quartic along each matrix unit."""
    G = np.full(a.U.shape, _Z, dtype=object)
    M = a.M
    for i in range(a.U.shape[0]):
        for j in range(a.U.shape[1]):
            E = np.full(a.U.shape, _Z, dtype=object)
            E[i, j] = Fraction(1)
            G[i, j] = directional_coefficients(M, a.U, E, a.lam)[0]
    return G


def gradient_checks(a: Autoencoder, factor: int = 4, left: bool = False) -> Check:
    M, U, lam = a.M, a.U, a.lam
    if left and U.shape[0] == U.shape[1]:
        formula = factor * (U @ U.T - M) @ U + factor * lam * ((U * U).sum(axis=1)[:, None] * U)
    else:
        formula = factor * (U @ U.T - M) @ U + factor * lam * U * (U * U).sum(axis=0)
    return equal(tuple(formula.ravel()), tuple(_numeric_gradient(a).ravel()),
                 label="∇L = 4(UU^T - M)U + 4 lam U diag(U^T U) (exact partial derivatives)")


def _asym_gradient(a: Autoencoder) -> Check:
    """The formula with a non-symmetric target C in place of M = (C + C^T)/2."""
    d0 = a.U.shape[0]
    C = a.M.copy()
    if d0 > 1:
        C[0, 1] += 1
    M, U, lam = C, a.U, a.lam
    formula = 4 * (U @ U.T - M) @ U + 4 * lam * U * (U * U).sum(axis=0)
    G = np.full(U.shape, _Z, dtype=object)
    for i in range(U.shape[0]):
        for j in range(U.shape[1]):
            E = np.full(U.shape, _Z, dtype=object)
            E[i, j] = Fraction(1)
            G[i, j] = directional_coefficients(M, U, E, lam)[0]
    return equal(tuple(formula.ravel()), tuple(G.ravel()), label="∇L with C_yx unsymmetrized")


GRADIENT = Claim(
    id="dropout-autoencoder-gradient",
    title="Gradient of the dropout linear-autoencoder objective",
    statement="For symmetric M: ∇_U (||M - UU^T||_F^2 + lam sum_i ||u_i||^4) = 4(UU^T - M)U + 4 lam U diag(U^T U)",
    sources=[Source(ARORA, "§11.3, gradient of (11.11)", ("ARORA-1024",))],
    kind="exact",
    area="optimization",
    instances=random_autoencoders(),
    conclusion=gradient_checks,
    proof_idea="d||M - UU^T||^2 = -2<M - UU^T, dU U^T + U dU^T> = 4<(UU^T - M)U, dU> for symmetric M; "
               "d||u_i||^4 = 4||u_i||^2 <u_i, du_i>.",
    mutants=[
        Mutant("factor-two", "the derivative of a square of a quadratic carries 4, not 2",
               conclusion=lambda a: gradient_checks(a, factor=2)),
        Mutant("diag-uut-on-the-left", "the regularizer weights columns by ||u_j||^2 (U diag(U^T U)), not rows "
               "by diag(UU^T)", conclusion=lambda a: gradient_checks(a, left=True),
               instances=random_autoencoders().filter(lambda a: a.U.shape[0] == a.U.shape[1] > 1)),
        Mutant("unsymmetrized-target", "for non-symmetric C the gradient involves (C + C^T)/2",
               conclusion=_asym_gradient, instances=random_autoencoders().filter(
                   lambda a: a.U.shape[0] > 1 and not _zero(a.U))),
    ],
    examples=40,
)
test_dropout_autoencoder_gradient = GRADIENT.test()


# ---------------------------------------------------------------------------------------------- global value
def _proportional(m, d1, lam) -> Fraction:
    ms = sorted(m, reverse=True)
    k = min(len(ms), d1)
    n = [v * d1 / (d1 + lam) if i < k and v > 0 else _Z for i, v in enumerate(ms)]
    return sum(((a - b) ** 2 for a, b in zip(ms, n)), _Z) + lam / d1 * sum(n) ** 2


def _no_rho(m, d1, lam) -> Fraction:
    """Threshold lam kappa_j/(d1 + lam) (the factor j dropped)."""
    ms = sorted(m, reverse=True)
    rho = 0
    for j in range(1, min(len(ms), d1) + 1):
        if ms[j - 1] > lam * (sum(ms[:j]) / j) / (d1 + lam):
            rho = j
    return support_optimum(ms, range(rho), d1, lam)[1]


def _no_cap(m, d1, lam) -> Fraction:
    """Keep every eigenvalue above its threshold, ignoring the width cap j <= d1."""
    ms = sorted(m, reverse=True)
    rho = max([0] + [j for j in range(1, len(ms) + 1) if ms[j - 1] > lam * sum(ms[:j]) / (d1 + lam * j)])
    return support_optimum(ms, range(rho), d1, lam)[1]


@st.composite
def _between_thresholds(draw) -> Autoencoder:
    """d1 = 2 and m_2 strictly between lam m_1/(4 + lam) (the threshold without j) and lam m_1/(2 + lam) (the
    true one), so the true rho is 1 and the j-less threshold keeps m_2 with a negative weight."""
    base = draw(random_autoencoders())
    lam = base.lam
    m1 = Fraction(draw(st.integers(1, 8)))
    m2 = (lam * m1 / (4 + lam) + lam * m1 / (2 + lam)) / 2
    Q = ((Fraction(1), Fraction(0)), (Fraction(0), Fraction(1)))
    U = np.array([[Fraction(draw(st.integers(-4, 4)), 4) for _ in range(2)] for _ in range(2)], dtype=object)
    return Autoencoder((m1, m2), Q, U, lam, "random")


def global_checks(a: Autoencoder, formula=global_value) -> list[Check]:
    F = formula(a.m, a.d1, a.lam)
    return [equal(F, reduced_minimum(a.m, a.d1, a.lam), label="closed form = min over spectra of rank <= d1"),
            ge(loss(a.M, a.U, a.lam), F, label=f"L(U) >= closed-form global value ({a.kind} U)")]


def _global_instances():
    return st.one_of(random_autoencoders(), critical_autoencoders())


GLOBAL = Claim(
    id="dropout-autoencoder-global-optimum",
    title="Global optimum of the dropout autoencoder: shrinkage-thresholding of the spectrum",
    statement="With rho = max{j <= min(d0, d1): m_j > lam j kappa_j/(d1 + lam j)} and alpha = lam rho kappa_rho/"
              "(d1 + lam rho), min_U L(U) = ||M - N*||^2 + (lam/d1)(tr N*)^2 for N* = sum_{i<=rho}(m_i - alpha) w_i w_i^T: "
              "it equals the minimum over n >= 0 with <= d1 non-zeros of sum (m_i - n_i)^2 + (lam/d1)(sum n_i)^2, "
              "and every U has L(U) >= it (attained by equalized critical points)",
    sources=[Source(ARORA, "Theorem 11.3.1", ("ARORA-1023",))],
    kind="exact",
    area="optimization",
    instances=_global_instances(),
    conclusion=global_checks,
    proof_idea="sum ||u_i||^4 >= (tr UU^T)^2/d1, Hoffman-Wielandt for ||M - N||, then the KKT point of each "
               "support: n_i = m_i - (lam/d1) sum n, i.e. alpha = lam sum_S m/(d1 + lam |S|); the top-rho support wins.",
    mutants=[
        Mutant("proportional-shrinkage", "the optimum subtracts a common alpha from the top eigenvalues, it does "
               "not scale them by d1/(d1 + lam)", conclusion=lambda a: global_checks(a, formula=_proportional)),
        Mutant("threshold-without-j", "the threshold lam kappa_j/(d1 + lam) keeps eigenvalues whose optimal "
               "weight is negative", conclusion=lambda a: global_checks(a, formula=_no_rho),
               instances=_between_thresholds()),
        Mutant("no-cap-at-width", "a rank-d1 product cannot keep more than d1 eigenvalues",
               conclusion=lambda a: global_checks(a, formula=_no_cap),
               instances=random_autoencoders(d1_max=1).filter(lambda a: sum(v > 0 for v in a.m) >= 2)),
    ],
    examples=60,
)
test_dropout_autoencoder_global_optimum = GLOBAL.test()


# ---------------------------------------------------------------------------------------------- UU^T ⪯ M
def _critical(a: Autoencoder) -> Check:
    return holds(_zero(gradient(a.M, a.U, a.lam)), label="∇L(U) = 0 (exact critical point)")


def below_checks(a: Autoencoder, reverse: bool = False) -> list[Check]:
    M, P = a.M, a.U @ a.U.T
    D = (P - M) if reverse else (M - P)
    out = [_critical(a), equal(tuple((M @ P - P @ M).ravel()), tuple([_Z] * M.size), label="M UU^T = UU^T M")]
    psd = is_psd([list(r) for r in D])
    out.append(holds(psd, label="UU^T ⪰ M" if reverse else "UU^T ⪯ M",
                     detail=f"inertia of the difference: {inertia([list(r) for r in D])}"))
    return out


def _every_u(a: Autoencoder) -> list[Check]:
    M, P = a.M, a.U @ a.U.T
    return [holds(is_psd([list(r) for r in (M - P)]), label="UU^T ⪯ M (for any U)")]


BELOW = Claim(
    id="dropout-autoencoder-critical-below-target",
    title="Critical points of the dropout autoencoder lie below a PSD target",
    statement="For M ⪰ 0 and lam >= 0, every critical point U of L satisfies M UU^T = UU^T M and UU^T ⪯ M",
    sources=[Source(ARORA, "Lemma 11.3.2, with the assumption M ⪰ 0", ("ARORA-1025",))],
    kind="exact",
    area="optimization",
    instances=critical_autoencoders(),
    conclusion=below_checks,
    proof_idea="(M - UU^T)U = lam U D with D = diag(||u_i||^2) ⪰ 0; on range(U) this makes M - UU^T act as a "
               "PSD matrix and M commute with UU^T; off range(U), M - UU^T = M ⪰ 0.",
    mutants=[
        Mutant("above-target", "with lam > 0 the gap M - UU^T is lam ||u||^2 > 0 on range(U)",
               conclusion=lambda a: below_checks(a, reverse=True)),
        Mutant("every-factor", "a non-critical U can overshoot: U = 3 w_1 gives UU^T = 9 w_1 w_1^T",
               conclusion=_every_u, instances=random_autoencoders()),
    ],
    examples=50,
)
test_dropout_autoencoder_critical_below_target = BELOW.test()

BELOW_PRINTED = Claim(
    id="dropout-autoencoder-critical-below-target-printed",
    title="'Every critical point has UU^T ⪯ M' for symmetric M, as printed",
    statement="For symmetric M = (C_yx + C_xy)/2, every critical point U of L satisfies UU^T ⪯ M",
    sources=[Source(ARORA, "Lemma 11.3.2 as printed", ("ARORA-1025",))],
    kind="exact",
    area="optimization",
    instances=critical_autoencoders(psd=False),
    conclusion=lambda a: [_critical(a), holds(is_psd([list(r) for r in (a.M - a.U @ a.U.T)]), label="UU^T ⪯ M")],
    proof_idea="U = 0 is critical for every M, and 0 ⪯ M needs M ⪰ 0.",
    audit=True,
    corrected="dropout-autoencoder-critical-below-target",
    finding="False without M ⪰ 0: M = diag(1, -1) (C_yx = diag(1, -1)) and U = 0 have ∇L = 0 but 0 ⋠ M; any "
            "critical point whose range misses a negative eigenvector of M fails.  Corrected: assume M ⪰ 0 "
            "(e.g. the autoencoder y = x); the proof's 'multiply by W Γ^{-1}' step works because M and UU^T commute.",
)
test_dropout_autoencoder_critical_below_target_printed = BELOW_PRINTED.test()


# ---------------------------------------------------------------------------------------------- equalizing rotation
def _rotate(r: Rotation, sign: int) -> tuple[np.ndarray, Fraction, Fraction]:
    U = r.ae.U
    s = r.s
    c, sn = (1 - s * s) / (1 + s * s), 2 * s / (1 + s * s)
    p = (U[:, r.i] * U[:, r.j]).sum()
    sg = sign * (-1 if p > 0 else 1)
    V = U.copy()
    V[:, r.i] = c * U[:, r.i] + sg * sn * U[:, r.j]
    V[:, r.j] = -sg * sn * U[:, r.i] + c * U[:, r.j]
    return V, c, sn


def rotation_checks(r: Rotation, sign: int = 1) -> list[Check]:
    U, M, lam = r.ae.U, r.ae.M, r.ae.lam
    V, c, _ = _rotate(r, sign)
    a, b = (U[:, r.i] * U[:, r.i]).sum(), (U[:, r.j] * U[:, r.j]).sum()
    D = U - V
    before, after = loss(M, U, lam), loss(M, V, lam)
    return [equal(tuple((V @ V.T).ravel()), tuple((U @ U.T).ravel()), label="UQ (UQ)^T = UU^T"),
            equal((D * D).sum(), 2 * (1 - c) * (a + b), label="||U - UQ||^2 = 2(1 - cos theta)(||u_i||^2 + ||u_j||^2)"),
            holds(after < before, label="L(UQ) < L(U)", detail=f"L(U) = {before}, L(UQ) = {after}")]


ROTATION = Claim(
    id="dropout-autoencoder-equalizing-rotation",
    title="Local minima of the dropout autoencoder are equalized: a column rotation lowers L",
    statement="For lam > 0 and columns ||u_i|| > ||u_j|| of U with p = u_i^T u_j, the Givens rotation of u_i, u_j by "
              "angle theta in direction -sgn(p) with tan theta < (||u_i||^2 - ||u_j||^2)/(2|p|) keeps UU^T, moves U by "
              "||U - UQ||^2 = 2(1 - cos theta)(||u_i||^2 + ||u_j||^2), and strictly lowers L; so every local minimum "
              "has equal column norms",
    sources=[Source(ARORA, "Lemma 11.3.3 and its proof (Fig. 11.1)", ("ARORA-1026",))],
    kind="exact",
    area="optimization",
    instances=equalizing_rotations(),
    conclusion=rotation_checks,
    proof_idea="With a = ||u_i||^2, b = ||u_j||^2 the rotated norms have fixed sum and difference "
               "(a - b) cos 2theta - 2|p| sin 2theta = R0 cos(2theta + phi), which stays below a - b in absolute value "
               "for 0 < theta < pi/2 - phi; sum ||u||^4 falls with the squared difference.",
    mutants=[
        Mutant("rotation-sign-flipped", "rotating towards +sgn(p) first widens the norm gap (rate 4|p|(a - b))",
               conclusion=lambda r: rotation_checks(r, sign=-1),
               instances=equalizing_rotations().filter(lambda r: (r.ae.U[:, r.i] * r.ae.U[:, r.j]).sum() != 0)),
        Mutant("lam-zero", "without the regularizer L depends on UU^T only and the rotation leaves it unchanged",
               instances=equalizing_rotations(lam_zero=True)),
    ],
    examples=60,
)
test_dropout_autoencoder_equalizing_rotation = ROTATION.test()


# ---------------------------------------------------------------------------------------------- strict saddles
def _unequal_pair(U: np.ndarray) -> tuple[int, int] | None:
    n = [(U[:, k] * U[:, k]).sum() for k in range(U.shape[1])]
    return next(((i, j) for i in range(len(n)) for j in range(len(n)) if n[i] > n[j]), None)


def saddle_checks(a: Autoencoder, with_lam: bool = True, equalized: bool = False, local_min: bool = False) -> list[Check]:
    U, M, lam = a.U, a.M, a.lam
    out = [_critical(a)]
    pair = _unequal_pair(U)
    if equalized:
        return out + [holds(pair is None, label="critical points are equalized")]
    if pair is None:
        return out + [holds(True, label="equalized critical point (nothing claimed)")]
    i, j = pair
    if local_min:
        pos, neg, zero = inertia(hessian(M, U, lam))
        return out + [holds(neg == 0, label="non-equalized critical points are local minima (Hessian ⪰ 0)",
                            detail=f"Hessian inertia {(pos, neg, zero)}")]
    V = np.full(U.shape, Fraction(0), dtype=object)
    V[:, i], V[:, j] = U[:, j], -U[:, i]
    _, g2 = directional_coefficients(M, U, V, lam)
    a_, b_ = (U[:, i] * U[:, i]).sum(), (U[:, j] * U[:, j]).sum()
    out.append(equal(g2, -4 * (lam if with_lam else 1) * (a_ - b_) ** 2,
                     label="g''(0) along the rotation = -4 lam (||u_i||^2 - ||u_j||^2)^2"))
    return out


SADDLES = Claim(
    id="dropout-autoencoder-strict-saddles",
    title="Non-equalized critical points of the dropout autoencoder are strict saddles",
    statement="For lam > 0, at a critical point with ||u_i|| > ||u_j||, the curve rotating u_i, u_j has second "
              "derivative -4 lam (||u_i||^2 - ||u_j||^2)^2 < 0, so lambda_min(∇²L(U)) < 0",
    sources=[Source(ARORA, "Lemma 11.3.6 and its proof (the expansion of g(t) needs the factor lam)", ("ARORA-1027",))],
    kind="exact",
    area="optimization",
    instances=critical_autoencoders(equalized=False),
    conclusion=saddle_checks,
    proof_idea="The rotation fixes UU^T; criticality forces u_i ⊥ u_j, and sum ||u||^4 along the curve is "
               "a^2 + b^2 - (sin^2 2t/2)(a - b)^2; at a critical point the curve's g''(0) is the Hessian form at its tangent.",
    mutants=[
        Mutant("missing-lam", "lam != 1 in the instances, and the curvature scales with lam",
               conclusion=lambda a: saddle_checks(a, with_lam=False)),
        Mutant("all-critical-points-equalized", "columns ±a_i e_i on different eigenvectors, or zero columns, "
               "are critical and not equalized", conclusion=lambda a: saddle_checks(a, equalized=True)),
        Mutant("non-equalized-are-local-minima", "the rotation direction has negative curvature",
               conclusion=lambda a: saddle_checks(a, local_min=True)),
    ],
    examples=40,
)
test_dropout_autoencoder_strict_saddles = SADDLES.test()


# ---------------------------------------------------------------------------------------------- equalized critical points
def equalized_checks(a: Autoencoder, with_r: bool = True) -> list[Check]:
    U, M, lam, d1 = a.U, a.M, a.lam, a.d1
    Q = fr(a.Q)
    A = Q.T @ U                              # coordinates in the eigenbasis of M
    E = [i for i in range(A.shape[0]) if not _zero(A[i])]
    r = len(E)
    S = sum((a.m[i] for i in E), _Z)
    shift = lam * S / (d1 + (lam * r if with_r else 0))
    P = A @ A.T
    out = [_critical(a), holds(_unequal_pair(U) is None, label="equalized")]
    out += [equal(P[i, i], a.m[i] - shift, label=f"sigma_{i}^2 = m_{i} - lam sum_E m/(d1 + lam r')") for i in E]
    out.append(equal((U * U).sum(), d1 * S / (d1 + lam * r), label="||U||_F^2 = d1 sum_E m/(d1 + lam r')"))
    return out


EQUALIZED = Claim(
    id="dropout-autoencoder-equalized-critical-points",
    title="Equalized critical points of the dropout autoencoder: closed form of the spectrum",
    statement="An equalized critical point U (all ||u_i|| equal) has UU^T = sum_{i in E} sigma_i^2 w_i w_i^T over "
              "eigenvectors w_i of M, with sigma_i^2 = m_i - lam sum_{j in E} m_j/(d1 + lam |E|) and "
              "||U||_F^2 = d1 sum_E m_i/(d1 + lam |E|)",
    sources=[Source(ARORA, "Lemma 11.3.7 (i), eq. (11.14)", ("ARORA-1028",))],
    kind="exact",
    area="optimization",
    instances=critical_autoencoders(equalized=True),
    conclusion=equalized_checks,
    proof_idea="Equalized: U diag(U^T U) = (||U||^2/d1) U, so criticality reads (UU^T + (lam/d1)||U||^2 I - M)U = 0; "
               "summing sigma_i^2 = m_i - (lam/d1) sum sigma^2 over E gives the shift (Sherman-Morrison).",
    mutants=[Mutant("shift-ignores-rank", "the shift is lam sum_E m/(d1 + lam |E|), not lam sum_E m/d1",
                    conclusion=lambda a: equalized_checks(a, with_r=False))],
    examples=40,
)
test_dropout_autoencoder_equalized_critical_points = EQUALIZED.test()


# ---------------------------------------------------------------------------------------------- benign landscape
def _threshold(m) -> Fraction | None:
    pos = sorted((v for v in m if v != 0), reverse=True)
    r = len(pos)
    if r == 0:
        return None
    gap = sum(pos) - r * pos[-1]
    return None if gap == 0 else r * pos[-1] / gap           # None: no constraint (equal eigenvalues)


def benign_checks(a: Autoencoder, all_global: bool = False) -> list[Check]:
    if any(v < 0 for v in a.m):
        raise ValueError("needs M ⪰ 0")
    th = _threshold(a.m)
    if th is not None and a.lam >= th:
        return [holds(True, label=f"lam = {a.lam} >= threshold {th} (nothing claimed)")]
    out = [_critical(a)]
    F = global_value(a.m, a.d1, a.lam)
    val = loss(a.M, a.U, a.lam)
    if all_global:
        return out + [equal(val, F, label="every critical point is a global minimum")]
    if val == F:
        return out + [holds(True, label="global minimum")]
    pos, neg, zero = inertia(hessian(a.M, a.U, a.lam))
    return out + [holds(neg > 0, label="a non-global critical point has a negative Hessian eigenvalue",
                        detail=f"L = {val} > min = {F}, inertia {(pos, neg, zero)}")]


BENIGN = Claim(
    id="dropout-autoencoder-benign-landscape",
    title="Benign landscape of the dropout autoencoder for small lam",
    statement="For M ⪰ 0 of rank r and 0 < lam < r m_r/(sum_{i<=r} m_i - r m_r), every critical point of L is a "
              "global minimum or a strict saddle (its Hessian has a negative eigenvalue), so every local minimum is global",
    sources=[Source(ARORA, "Theorem 11.3.5 (checked on exact equalized and non-equalized critical points)",
                    ("ARORA-1029",))],
    kind="exact",
    area="optimization",
    instances=critical_autoencoders(),
    conclusion=benign_checks,
    proof_idea="Non-equalized critical points are strict saddles (rotation); equalized ones supported on a "
               "non-top or too small index set have a negative direction raising the singular values or swapping "
               "an eigenvector; the top-rho one is global.",
    mutants=[Mutant("all-critical-points-global", "U = 0, or a factor on a smaller eigenvalue, is critical "
                    "with a larger value", conclusion=lambda a: benign_checks(a, all_global=True))],
    examples=40,
)
test_dropout_autoencoder_benign_landscape = BENIGN.test()
