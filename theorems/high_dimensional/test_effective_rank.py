"""Effective rank, participation ratio and representation collapse.

Statements.
- For a PSD ``S != 0`` with eigenvalues ``l_i``, ``PR = (sum l_i)^2 / sum l_i^2 = tr(S)^2 / ||S||_F^2``
  satisfies ``1 <= PR <= rank S <= d``; ``PR = rank S`` iff the nonzero eigenvalues are equal
  (``S^2 = c S``), ``PR = 1`` iff ``rank S = 1``, ``PR = d`` iff ``S = cI``; ``PR`` is scale invariant and
  ``PR <= (tr S / l_1)^2``, so ``PR -> 1`` when ``l_1`` dominates.  The stable rank
  ``||A||_F^2/||A||_2^2`` lies in ``[1, rank A]`` and below ``PR(AᵀA)``.
- The uncentred moment ``M = S + mu muᵀ`` has ``l_i(M) >= l_i(S)``, ``l_(i+1)(M) <= l_i(S)``,
  ``l_1(M) >= uᵀSu + (uᵀmu)^2`` for every unit ``u``, and ``tr M - tr S = ||mu||^2``.
- Whitening maps ``S`` to the projector onto its range, so ``PR = rank S``, the maximum; per-feature
  standardization keeps ``PR`` in ``[1, rank S]`` but can move it either way: the printed
  "normalisation inflates effective rank" is false (audit).
- An alignment-only loss ``E||z(x) - z(x⁺)||^2`` is minimized (= 0) by every constant encoder; VICReg's
  variance term ``sum_j max(0, gamma - std z_j)`` is ``k gamma`` there, and a small multiple of any
  encoder with nonzero variance has a strictly smaller alignment + variance loss.
- Complete collapse (a constant representation) has centred covariance 0 (rank 0, no participation
  ratio) and uncentred moment ``c cᵀ`` with ``PR = 1``; an equal-variance collapse onto ``r`` directions
  has ``PR = r``.  SimSiam's loss ``-cos(p(z), sg(z'))`` has no variance term: a collapsed encoder with
  an aligned predictor attains its minimum -1 (the printed "SimSiam prevents collapse by variance
  regularisation" is false, audit).
- A rank-one representation loses accuracy when the classes need two directions: for three
  classes ``N(mu_k, I_2)`` with non-collinear means every classifier of a single projection ``<w, x>``
  has risk strictly above the Bayes risk (for two classes the projection onto ``mu_1 - mu_0`` loses
  nothing).

Sources.  *The Mathematical Structure of Machine Learning*, Ch. 24: A.11 / Example 8 (MSML-46), B.13
(MSML-64), C.4 metrics (MSML-70) and its expansion (MSML-217, MSML-218, MSML-219), C.11 and the notes
on collapse (MSML-239).  MSML-315 (growth of effective dimension with depth) is an empirical claim.

Proof ideas.  ``PR = ||l||_1^2 / ||l||_2^2`` on the nonzero eigenvalues, between 1 and their number by
Cauchy–Schwarz, with the equality cases of Cauchy–Schwarz.  ``M - S = mu muᵀ ⪰ 0`` (Weyl,
interlacing for a rank-one update).  Whitening: ``(S⁺)^{1/2} S (S⁺)^{1/2}`` is the range projector.
Collapse: a sum of squares vanishes at a constant map.  Probe: the Bayes rule (nearest mean) has
Voronoi boundaries in two directions, a 1-D probe has parallel boundaries, and the Bayes rule is the
unique minimizer up to null sets.

Exactness and tolerances.  ``PR`` of a rational matrix is computed exactly (trace and Frobenius norm),
as are ranks (SymPy), traces, the alignment loss of integer data and the SimSiam cosine.  Eigenvalues
(``numpy.linalg.eigh``) are within ``4 d eps ||S||`` of the exact ones; whitened matrices within
``8 d eps cond(S)`` of a projector; Gaussian probabilities (Owen's T, ``ndtr``) are accurate far below
the ``1e-12`` margin used.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.coverage import Uncovered
from checks.documents import MSML
from checks.linalg import EPS
from checks.spectral import (gaussian_bayes_risk, participation_ratio, projection_probe_risk,
                             stable_rank, standardized_participation_ratio, whitening)
from checks.strategies.spectra import (AugmentedPairs, Collapse, Covariance, MeanShift, Planted, ProbeCase,
                                       SimSiamCase, augmented_pairs, collapses, covariances, fraction_matrix,
                                       mean_shifts, planted, probe_cases, simsiam_cases)


NOT_CHECKED = (
    Uncovered("MSML-315", area="high-dimensional", checkable="no",
              reason="'effective dimensionality grows monotonically with depth' (ResNet-50 20 -> 300, BERT 50 -> 200) "
                     "is an empirical claim about trained networks, not a statement with something to compute; "
                     "the only arithmetic (280/50 = 5.6) is trivial"),
)


def _rank(S: np.ndarray) -> int:
    return int(sympy.Matrix(S.tolist()).rank())


def _trace(S: np.ndarray) -> Fraction:
    return Fraction(sum(S[i, i] for i in range(S.shape[0])))


# --- participation ratio ------------------------------------------------------------------------------

def pr_bounds(c: Covariance) -> list[Check]:
    S = c.S
    d = S.shape[0]
    pr, r = participation_ratio(S), _rank(S)
    tr = _trace(S)
    S2 = S @ S
    flat = bool(np.all(S2 * tr == S * sum(x * x for x in S.flat)))  # S^2 = (tr S^2 / tr S) S
    # l_1 >= vᵀSv / vᵀv for every v; a rational v near the top eigenvector keeps the bound exact and sharp
    top = np.linalg.eigh(S.astype(float))[1][:, -1]
    v = np.array([Fraction(float(x)).limit_denominator(10 ** 6) for x in top], dtype=object)
    rayleigh = Fraction(v @ S @ v) / Fraction(v @ v)
    return [ge(pr, 1, label="PR >= 1"), le(pr, r, label=f"PR <= rank S = {r}"), le(r, d, label="rank S <= d"),
            holds((pr == r) == flat, label="PR = rank iff all nonzero eigenvalues are equal",
                  detail=f"PR {pr}, rank {r}, flat spectrum: {flat}"),
            holds((pr == 1) == (r == 1), label="PR = 1 iff rank 1", detail=f"PR {pr}, rank {r}"),
            holds((pr == d) == bool(np.all(S * d == np.eye(d, dtype=int) * tr)), label="PR = d iff S = cI"),
            equal(participation_ratio(S * Fraction(3, 7)), pr, label="PR(3/7 S) = PR(S)"),
            le(pr, (tr / rayleigh) ** 2, label="PR <= (tr S / l_1)^2 <= (tr S / R(v))^2, R(v) = vᵀSv / vᵀv <= l_1 "
                                               "(PR -> 1 when l_1 dominates)")]


def pr_below_rank(c: Covariance) -> Check:
    return le(participation_ratio(c.S), _rank(c.S) - 1, label="PR <= rank - 1")


def pr_is_rank(c: Covariance) -> Check:
    return equal(participation_ratio(c.S), Fraction(_rank(c.S)), label="PR = number of nonzero-variance directions")


def pr_half_rank(c: Covariance) -> Check:
    return ge(participation_ratio(c.S), Fraction(_rank(c.S), 2), label="PR >= rank / 2")


def pr_singular_values(c: Covariance) -> Check:
    lam = np.clip(np.linalg.eigvalsh(c.S.astype(float)), 0, None)
    s = np.sqrt(lam)  # singular values of a data matrix H with HᵀH = S
    pr = float(participation_ratio(c.S))
    return close(s.sum() ** 2 / np.sum(s ** 2), pr, 1e-9 * pr,
                 label="(sum s)^2/sum s^2 of the data = PR of the covariance", why="1e-9 relative, far above rounding")


PR = Claim(
    id="participation-ratio-bounds",
    title="The participation ratio lies between 1 and the rank, with the equality cases",
    statement="for PSD S != 0, PR = (sum l_i)^2/sum l_i^2 = tr(S)^2/||S||_F^2 satisfies 1 <= PR <= rank S <= d; "
              "PR = rank iff the nonzero eigenvalues are equal, PR = 1 iff rank S = 1, PR = d iff S = cI; PR is "
              "scale invariant and PR <= (tr S/l_1)^2, so PR -> 1 as l_1/l_2 -> infinity",
    sources=[Source(MSML, "C.4: spectral collapse metrics (participation ratio)", ("MSML-70",)),
             Source(MSML, "C.4 expansion: participation ratio properties", ("MSML-217",))],
    kind="exact",
    area="high-dimensional",
    instances=covariances(),
    conclusion=pr_bounds,
    proof_idea="With l the r nonzero eigenvalues, PR = ||l||_1^2/||l||_2^2: Cauchy–Schwarz gives ||l||_1^2 <= r "
               "||l||_2^2 (equality iff l is constant), and ||l||_2 <= ||l||_1 (equality iff one entry); "
               "sum l_i^2 >= l_1^2 gives the last bound.",
    mutants=[
        Mutant("pr-at-most-rank-minus-one", "a flat spectrum (S = c P) attains PR = rank",
               conclusion=pr_below_rank),
        Mutant("pr-equals-rank", "PR counts directions weighted by variance: diag(2, 1) has PR 9/5 < 2",
               conclusion=pr_is_rank),
        Mutant("pr-at-least-half-rank", "one dominant eigenvalue drives PR to 1 whatever the rank: "
                                        "diag(100, 1, 1) has PR 10404/10002", conclusion=pr_half_rank,
               instances=covariances(families=("spike",))),
        Mutant("pr-from-singular-values", "(sum s)^2/sum s^2 with s = sqrt(l) is PR of sqrt(S), not of S; they "
                                          "agree only for flat spectra", conclusion=pr_singular_values),
    ],
    examples=200,
)
test_participation_ratio_bounds = PR.test()


def _stable(D: Planted) -> tuple[float, float, float]:
    X = D.X
    sr = stable_rank(X)
    G = X.T @ X
    pr = float(participation_ratio((G + G.T) / 2))
    return sr, pr, 8 * sum(X.shape) * EPS * D.rank


def stable_rank_bounds(D: Planted) -> list[Check]:
    sr, pr, tol = _stable(D)
    why = "8 (n+d) eps rank"
    spread = 1 - (D.s[-1] / D.s[0]) ** 2
    return [ge(sr, 1.0, tol, label="stable rank >= 1", why=why),
            le(sr, pr, tol, label="stable rank <= PR(XᵀX)", why=why),
            le(pr, D.rank, tol, label=f"PR(XᵀX) <= rank = {D.rank}", why=why),
            le(sr, D.rank - spread, tol, label="stable rank <= rank - (1 - s_min^2/s_max^2): = rank iff all s_i are "
                                               "equal", why=why)]


STABLE = Claim(
    id="stable-rank-bounds",
    title="The stable rank lies between 1 and the participation ratio of the Gram matrix",
    statement="for A != 0, 1 <= ||A||_F^2/||A||_2^2 <= PR(AᵀA) <= rank A, and stable rank <= rank - (1 - "
              "s_min^2/s_max^2), so stable rank = rank iff all nonzero singular values are equal",
    sources=[Source(MSML, "C.4: stable rank", ("MSML-70",))],
    kind="numeric",
    area="high-dimensional",
    instances=planted(),
    conclusion=stable_rank_bounds,
    proof_idea="With u_i = s_i^2: sum u_i / max u_i <= (sum u_i)^2/sum u_i^2 because sum u_i^2 <= max u_i sum u_i; "
               "each of the r - 1 smaller terms of sum u_i / max u_i is at most 1 and the smallest is "
               "s_min^2/s_max^2; the rest is the participation-ratio bound.",
    mutants=[
        Mutant("stable-rank-is-rank", "a spike spectrum has stable rank near 1 whatever the rank",
               conclusion=lambda D: close(_stable(D)[0], D.rank, _stable(D)[2], label="stable rank = rank")),
        Mutant("gram-pr-below-stable-rank", "sum u^2 <= max u sum u makes PR(AᵀA) the larger of the two",
               conclusion=lambda D: le(_stable(D)[1], _stable(D)[0], _stable(D)[2], label="PR(AᵀA) <= stable rank")),
    ],
    examples=60,
)
test_stable_rank_bounds = STABLE.test()


# --- the uncentred second moment -------------------------------------------------------------------

def _moment(c: MeanShift):
    S = c.cov.S
    mu = np.array([Fraction(m) for m in c.mu], dtype=object)
    M = S + np.outer(mu, mu)
    lS, QS = np.linalg.eigh(S.astype(float))
    lM = np.linalg.eigvalsh(M.astype(float))
    tol = 4 * S.shape[0] * EPS * float(np.max(np.abs(lM)) + 1)
    return S, M, mu, lS[::-1], QS[:, ::-1], lM[::-1], tol


def moment_checks(c: MeanShift) -> list[Check]:
    S, M, mu, lS, QS, lM, tol = _moment(c)
    u = QS[:, 0]
    muf = mu.astype(float)
    why = "eigenvalue error 4 d eps ||M||"
    out = [equal(_trace(M) - _trace(S), sum(m * m for m in mu), label="tr M - tr S = ||mu||^2")]
    out += [ge(lM[i], lS[i], 2 * tol, label=f"l_{i + 1}(S + mu muᵀ) >= l_{i + 1}(S)", why=why) for i in range(lS.size)]
    out += [le(lM[i + 1], lS[i], 2 * tol, label=f"l_{i + 2}(S + mu muᵀ) <= l_{i + 1}(S) (interlacing)", why=why)
            for i in range(lS.size - 1)]
    out.append(ge(lM[0], u @ S.astype(float) @ u + (u @ muf) ** 2, 2 * tol,
                  label="l_1(M) >= u_1ᵀ S u_1 + (u_1ᵀ mu)^2", why=why))
    return out


def centring_raises_top(c: MeanShift) -> Check:
    _, _, _, lS, _, lM, tol = _moment(c)
    return ge(lS[0], lM[0], 2 * tol, label="l_1(S) >= l_1(S + mu muᵀ) (centring can raise l_1)")


def one_eigenvalue_moves(c: MeanShift) -> list[Check]:
    _, _, _, lS, _, lM, tol = _moment(c)
    return [close(lM[1:], lS[1:], 2 * tol, label="mu muᵀ moves only the top eigenvalue",
                  why="twice the eigenvalue error bound")]


MOMENT = Claim(
    id="uncentred-moment-dominates-covariance",
    title="The uncentred second moment S + mu muᵀ dominates the covariance eigenvalue by eigenvalue",
    statement="M = E[h hᵀ] = S + mu muᵀ has l_i(M) >= l_i(S) for all i and l_(i+1)(M) <= l_i(S) (interlacing), "
              "l_1(M) >= uᵀSu + (uᵀmu)^2 for every unit u (so l_1(M) >= l_1(S) + (u_1ᵀmu)^2), and "
              "tr M - tr S = ||mu||^2",
    sources=[Source(MSML, "C.4 expansion, Common Mistakes #4", ("MSML-218",))],
    kind="numeric",
    area="high-dimensional",
    instances=mean_shifts(),
    conclusion=moment_checks,
    proof_idea="mu muᵀ is PSD of rank one: Weyl's inequality gives l_i(S + mu muᵀ) >= l_i(S), the Courant–Fischer "
               "theorem the interlacing, and uᵀMu = uᵀSu + (uᵀmu)^2 <= l_1(M).",
    mutants=[
        Mutant("centring-raises-top-eigenvalue", "removing mu muᵀ ⪰ 0 can only lower eigenvalues; it lowers l_1 "
                                                 "when mu has a component along the top eigenvectors",
               conclusion=centring_raises_top),
        Mutant("rank-one-moves-one-eigenvalue", "a rank-one update moves every eigenvalue within its interlacing "
                                                "interval, not only the top one", conclusion=one_eigenvalue_moves),
    ],
    examples=60,
)
test_uncentred_moment_dominates_covariance = MOMENT.test()


# --- standardization and whitening -----------------------------------------------------------------

def _whitened(c: Covariance) -> tuple[np.ndarray, float, int]:
    """``W S W`` with the support cut between the exact rank's eigenvalues, and its error bound."""
    S = c.S.astype(float)
    r = _rank(c.S)
    lam = np.linalg.eigvalsh(S)
    W = whitening(S, rcond=0.5 * lam[-r] / lam[-1])
    P = W @ S @ W
    return (P + P.T) / 2, 8 * S.shape[0] * EPS * float(lam[-1] / lam[-r]), r


def normalization_checks(c: Covariance) -> list[Check]:
    pr_std, r = standardized_participation_ratio(c.S), _rank(c.S)
    P, tol, _ = _whitened(c)
    pr_white = float(participation_ratio(P))
    why = "whitening error 8 d eps cond(S)"
    return [ge(pr_std, 1, label="PR(standardized) >= 1"),
            le(pr_std, r, label=f"PR(standardized) <= rank S = {r}"),
            close(P @ P, P, tol, label="W S W is a projector", why=why),
            close(pr_white, r, tol * r * r, label="PR(W S W) = rank S", why=why + " x rank^2"),
            le(float(participation_ratio(c.S)), pr_white, tol * r * r, label="PR(S) <= PR(whitened S)", why=why)]


def standardization_never_increases(c: Covariance) -> Check:
    return le(standardized_participation_ratio(c.S), participation_ratio(c.S), label="PR(standardized) <= PR(S)")


def whitening_full_dimension(c: Covariance) -> Check:
    P, tol, _ = _whitened(c)
    return close(float(participation_ratio(P)), c.S.shape[0], tol, label="PR(whitened) = d")


NORMALIZATION = Claim(
    id="whitening-maximizes-participation-ratio",
    title="Whitening sets the participation ratio to the rank; standardization can move it either way",
    statement="for PSD S != 0 the whitened matrix (S⁺)^{1/2} S (S⁺)^{1/2} is the projector onto range(S), so its PR "
              "is rank S, the largest possible; per-feature standardization D^{-1/2} S D^{-1/2} keeps PR in "
              "[1, rank S] and can raise or lower it",
    sources=[Source(MSML, "C.4 Failure Modes (corrected)", ("MSML-219",))],
    kind="numeric",
    area="high-dimensional",
    instances=covariances(),
    conclusion=normalization_checks,
    proof_idea="In the eigenbasis whitening replaces every nonzero eigenvalue by 1; standardization is a congruence "
               "by a positive diagonal matrix, which preserves the rank (so the PR bounds) but not the spectrum's "
               "shape.",
    mutants=[
        Mutant("standardization-never-increases", "diag(10^4, 1) has PR 1.0002, its correlation matrix I has PR 2",
               conclusion=standardization_never_increases),
        Mutant("whitening-gives-full-dimension", "whitening cannot create variance off range(S): its PR is rank S < d "
                                                 "for a singular S", conclusion=whitening_full_dimension),
    ],
    examples=60,
)
test_whitening_maximizes_participation_ratio = NORMALIZATION.test()


def normalization_inflates(c: Covariance) -> Check:
    return ge(standardized_participation_ratio(c.S), participation_ratio(c.S),
              label="PR(standardized S) >= PR(S) (as printed)")


NORMALIZATION_AUDIT = Claim(
    id="normalization-inflates-effective-rank-as-printed",
    title="As printed: preprocessing (normalization, whitening) inflates effective rank",
    statement="(as printed) normalisation / whitening artificially inflates the effective rank: PR after "
              "per-feature standardization is at least PR before",
    sources=[Source(MSML, "C.4 Failure Modes", ("MSML-219",))],
    kind="exact",
    area="high-dimensional",
    instances=covariances(),
    conclusion=normalization_inflates,
    proof_idea="Standardization equalizes the variances but can turn a small-scale near-copy of a feature into a "
               "full-scale one.",
    audit=True,
    corrected="whitening-maximizes-participation-ratio",
    finding="true for whitening, false for normalization: x_1, x_2 iid N(0, 1) and x_3 = 0.01 x_1 + small noise "
            "have PR about 2.000, but after standardization x_3 is a full-scale near-copy of x_1 and PR is about "
            "1.807 (1.8 for x_3 = 0.01 x_1 exactly). Correct: whitening sets PR = rank; standardization moves PR "
            "either way within [1, rank].",
    examples=150,
)
test_normalization_inflates_effective_rank_as_printed = NORMALIZATION_AUDIT.test()


# --- collapse --------------------------------------------------------------------------------------

def _alignment(c: AugmentedPairs, scale: Fraction = Fraction(1)) -> Fraction:
    diff = (c.x - c.x_plus) @ c.W.T  # integers
    return scale * scale * Fraction(int(np.sum(diff * diff)), c.x.shape[0])


def _variance_term(c: AugmentedPairs, scale: float) -> float:
    z = scale * (c.x @ c.W.T).astype(float)
    return float(np.sum(np.maximum(0.0, float(c.gamma) - z.std(axis=0))))


def _vicreg_step(c: AugmentedPairs) -> tuple[float, float, float]:
    """A scale s* > 0 with total(s*) <= total(0) - weight s* sum(std)/2, and both totals."""
    sd = (c.x @ c.W.T).astype(float).std(axis=0)
    A = float(_alignment(c))
    w = float(c.weight)
    s = float(c.gamma) / sd.max()
    if A > 0:
        s = min(s, w * sd.sum() / (2 * A))
    total = lambda t: t * t * A + w * _variance_term(c, t)
    return s, total(0.0), total(s)


def _collapsed(c: AugmentedPairs) -> AugmentedPairs:
    return AugmentedPairs(c.x, c.x_plus, np.zeros_like(c.W), c.gamma, c.weight)


def _variance_term_exact(c: AugmentedPairs) -> Fraction:
    """VICReg's variance term of an encoder whose every output coordinate is constant on the batch."""
    Z = fraction_matrix(c.x @ c.W.T)
    var = ((Z - Z.mean(axis=0)) ** 2).mean(axis=0)
    if any(v != 0 for v in var):
        raise ValueError("the exact variance term is only computed for collapsed encoders")
    return sum((max(Fraction(0), c.gamma - 0) for _ in var), Fraction(0))


def collapse_checks(c: AugmentedPairs) -> list[Check]:
    k = c.W.shape[0]
    const = _collapsed(c)
    s, t0, ts = _vicreg_step(c)
    sd = (c.x @ c.W.T).astype(float).std(axis=0)
    return [equal(_alignment(const), 0, label="alignment loss of a constant encoder = 0"),
            ge(_alignment(c), _alignment(const), label="alignment loss of W >= that of a constant encoder"),
            equal(_variance_term_exact(const), k * c.gamma, label="VICReg variance term at collapse = k gamma"),
            le(ts, t0 - float(c.weight) * s * sd.sum() / 2, 8 * EPS * t0,
               label=f"VICReg: alignment + variance at scale s* = {s:.4g} is below its value at collapse",
               why="8 eps relative")]


def variance_term_vanishes(c: AugmentedPairs) -> Check:
    return equal(_variance_term_exact(_collapsed(c)), 0, label="VICReg variance term at collapse = 0")


def collapse_still_optimal(c: AugmentedPairs) -> Check:
    _, t0, ts = _vicreg_step(c)
    return le(t0, ts, 8 * EPS * t0, label="collapse minimizes alignment + variance", why="8 eps relative")


ALIGNMENT = Claim(
    id="alignment-only-loss-collapses",
    title="Alignment-only self-supervised losses are minimized by collapse; VICReg's variance term excludes it",
    statement="L_align(z) = E||z(x) - z(x⁺)||^2 >= 0 with equality for every constant encoder; VICReg's variance "
              "term sum_j max(0, gamma - std z_j) equals k gamma at collapse, and for any linear encoder W with "
              "nonzero variance a small multiple s W has a strictly smaller alignment + variance loss",
    sources=[Source(MSML, "A.11, Example 8, C.11", ("MSML-46",))],
    kind="exact",
    area="high-dimensional",
    instances=augmented_pairs(),
    conclusion=collapse_checks,
    proof_idea="A sum of squares vanishes at a constant map. Along s W the alignment loss grows like s^2 A while the "
               "variance term drops like s sum std_j, so s = min(gamma/max std, weight sum std / (2A)) gains at "
               "least weight s sum std / 2.",
    mutants=[
        Mutant("variance-term-vanishes-at-collapse", "at collapse every std_j is 0, so each hinge is gamma > 0",
               conclusion=variance_term_vanishes),
        Mutant("collapse-minimizes-vicreg", "the variance term's slope at collapse beats the quadratic alignment cost",
               conclusion=collapse_still_optimal),
    ],
    examples=40,
)
test_alignment_only_loss_collapses = ALIGNMENT.test()


def _cov(H: np.ndarray, centred: bool) -> np.ndarray:
    F = fraction_matrix(H)
    if centred:
        F = F - F.mean(axis=0)
    return (F.T @ F) / H.shape[0]


def collapse_diagnostics(c: Collapse) -> list[Check]:
    C = _cov(c.H, centred=True)
    if c.kind == "complete":
        return [equal(_rank(C), 0, label="complete collapse: centred covariance = 0 (rank 0)"),
                equal(participation_ratio(_cov(c.H, centred=False)), 1,
                      label="complete collapse: uncentred moment c cᵀ has PR 1")]
    return [equal(_rank(C), c.r, label=f"collapse onto {c.r} directions: rank {c.r}"),
            equal(participation_ratio(C), c.r, label=f"equal-variance collapse onto {c.r} directions: PR = {c.r}")]


COLLAPSE = Claim(
    id="collapse-diagnostics",
    title="Collapse diagnostics: rank and participation ratio of collapsed representations",
    statement="a constant representation has centred covariance 0 (rank 0; its PR is undefined) and uncentred "
              "moment c cᵀ with PR = 1; an equal-variance collapse onto r orthogonal directions has a centred "
              "covariance of rank r and PR = r",
    sources=[Source(MSML, "C.11 expansion and notes on collapse (corrected)", ("MSML-239",))],
    kind="exact",
    area="high-dimensional",
    instances=collapses(),
    conclusion=collapse_diagnostics,
    proof_idea="Centring removes the constant; c cᵀ has one nonzero eigenvalue; (scale^2/r) P_r is flat of rank r.",
    mutants=[
        Mutant("complete-collapse-rank-one", "the centred covariance of a constant representation is 0, of rank 0 "
                                             "(rank 1 is the uncentred moment)",
               conclusion=lambda c: equal(_rank(_cov(c.H, centred=True)), 1, label="centred rank of collapse = 1"),
               instances=collapses(kinds=("complete",))),
        Mutant("collapsed-pr-is-one", "an equal-variance collapse onto r >= 2 directions has PR r",
               conclusion=lambda c: equal(participation_ratio(_cov(c.H, centred=True)), 1, label="PR = 1"),
               instances=collapses(kinds=("dimensional",))),
    ],
    examples=40,
)
test_collapse_diagnostics = COLLAPSE.test()


def _simsiam_loss(c: SimSiamCase) -> sympy.Expr:
    z = sympy.Matrix(c.c)
    p = sympy.diag(*c.predictor) * z
    return -(p.T * z)[0, 0] / sympy.sqrt((p.T * p)[0, 0] * (z.T * z)[0, 0])


def simsiam_minimum(c: SimSiamCase) -> Check:
    return equal(_simsiam_loss(c), -1, label="SimSiam loss of the collapsed encoder = -1 (its minimum)")


SIMSIAM = Claim(
    id="simsiam-collapse-attains-minimum",
    title="SimSiam's objective has no variance term: collapse attains its minimum",
    statement="the SimSiam loss -cos(p(z), sg(z')) >= -1 equals -1 at a collapsed encoder z = z' = c whose predictor "
              "maps c to a positive multiple of c; collapse is avoided, if at all, by the stop-gradient and predictor "
              "dynamics, not by the objective (VICReg has the variance term)",
    sources=[Source(MSML, "notes on collapse prevention (corrected attribution)", ("MSML-239",))],
    kind="exact",
    area="high-dimensional",
    instances=simsiam_cases(),
    conclusion=simsiam_minimum,
    proof_idea="cos(alpha c, c) = 1 for alpha > 0, and the cosine is at most 1.",
    mutants=[Mutant("any-predictor", "a predictor that rotates or reflects c (diag with mixed signs or unequal "
                                     "entries) gives a cosine below 1", instances=simsiam_cases(aligned=False))],
    examples=30,
)
test_simsiam_collapse_attains_minimum = SIMSIAM.test()


def simsiam_penalizes(c: SimSiamCase) -> Check:
    loss = _simsiam_loss(c)
    return ge(Fraction(str(sympy.N(loss, 30))), Fraction(-1) + Fraction(1, 10 ** 20),
              label="SimSiam's objective penalizes collapse: loss at collapse > -1 (as printed)",
              why="30-digit evaluation")


SIMSIAM_AUDIT = Claim(
    id="simsiam-variance-regularization-as-printed",
    title="As printed: variance regularization (Barlow Twins, SimSiam) prevents collapse",
    statement="(as printed) Barlow Twins and SimSiam prevent collapse by variance regularization (penalizing "
              "eigenvalue concentration): a collapsed encoder has a loss above the objective's minimum",
    sources=[Source(MSML, "notes on collapse prevention", ("MSML-239",))],
    kind="exact",
    area="high-dimensional",
    instances=simsiam_cases(),
    conclusion=simsiam_penalizes,
    proof_idea="SimSiam's loss is a negative cosine between the predictor output and a stopped-gradient target.",
    audit=True,
    corrected="simsiam-collapse-attains-minimum",
    finding="misattribution: SimSiam has no variance penalty (it relies on stop-gradient and a predictor), and its "
            "loss equals its minimum -1 at a collapsed encoder with an aligned predictor; VICReg has the variance "
            "term, Barlow Twins decorrelates the cross-correlation matrix.",
    examples=30,
)
test_simsiam_variance_regularization_as_printed = SIMSIAM_AUDIT.test()


# --- rank-one representations and linear probes ----------------------------------------------------

MARGIN = 1e-12
"""Numerical margin of the strict inequality (Owen's T and ndtr are accurate to ~1e-16)."""


def probe_gap(c: ProbeCase) -> Check:
    bayes = gaussian_bayes_risk(c.means)
    probe = projection_probe_risk(c.means, c.direction)
    return le(bayes + MARGIN, probe, label=f"Bayes risk {bayes:.6g} + 1e-12 < risk of the best probe on <w, x>",
              why="numerical margin 1e-12")


RANK_ONE = Claim(
    id="rank-one-representation-probe-risk",
    title="A rank-one representation loses accuracy when classes need two directions",
    statement="for three classes N(mu_k, I_2) with equal priors and non-collinear means, every classifier that sees "
              "only one projection <w, x> has risk strictly above the Bayes risk",
    sources=[Source(MSML, "B.13 (rank-one collapse lower-bounds linear-probe risk)", ("MSML-64",))],
    kind="numeric",
    area="high-dimensional",
    instances=probe_cases(),
    conclusion=probe_gap,
    proof_idea="The Bayes rule is nearest-mean, with Voronoi boundaries along two directions; a rule depending on "
               "<w, x> has boundaries perpendicular to w, so it differs from the Bayes rule on a set of positive "
               "probability, and the Bayes rule is the unique minimizer up to null sets. The risks are computed "
               "with the bivariate normal distribution (Owen's T).",
    mutants=[Mutant("two-classes", "with two classes the Bayes boundary is perpendicular to mu_1 - mu_0, so the "
                                   "projection on it is Bayes-optimal", instances=probe_cases(classes=2))],
    examples=60,
)
test_rank_one_representation_probe_risk = RANK_ONE.test()
