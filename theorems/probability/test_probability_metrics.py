"""Distances for generative modelling: Jensen–Shannon saturates on disjoint supports, Wasserstein-1
stays informative, Kantorovich–Rubinstein duality, and integral probability metrics.

Statement.
- If ``P`` and ``Q`` have disjoint supports then ``JS(P, Q) = log 2`` however close the supports
  are; for a translate ``Q_t = P(· − t)`` with disjoint support, ``JS(P, Q_t) = log 2`` while
  ``W₁(P, Q_t) = |t|`` (for ``P = δ_0``: ``W₁(δ_0, δ_t) = |t|``), so only ``W₁`` gives a signal
  that varies with ``t``.
- Kantorovich–Rubinstein: on a finite metric space ``W₁(P, Q) = min_π E_π d(X, Y) =
  max_{f 1-Lipschitz} E_P f − E_Q f``; on the line both equal ``∫ |F_P − F_Q|``.
- ``d_F(P, Q) = sup_{f ∈ F} |E_P f − E_Q f|`` is a pseudometric (``d_F(P, P) = 0``, symmetric,
  triangle inequality), monotone in ``F``; ``F = {‖f‖_∞ <= 1}`` gives ``2 TV``; linear critics
  ``{x ↦ wx : |w| <= 1}`` give ``|E_P X − E_Q X|``, so they cannot see a law collapsed onto its mean
  (``d_F = 0`` while ``W₁ > 0``): ``d_F = 0`` does not imply ``P = Q``.

Sources.  Zhao, *From Approximation to Emergence*, Figs. 12.14, 14.6, 14.8 (ZHAO-116), Def. 12.14
and Thm 14.8 (ZHAO-117), Fig. 12.15 and Figs. 14.2–14.3 (ZHAO-118); Arora et al., *Theory of Deep
Learning*, eq. (16.2) and Problem 16.1.3 (ARORA-1086, a pseudometric, not a metric).

Proof idea.  With disjoint supports the midpoint ``M = (P + Q)/2`` has ``dP/dM = 2`` on the support
of ``P``, so each KL term is ``log 2``.  Any coupling of ``P`` and its translate moves mass by ``t``
on average (``E(Y − X) = t``), and the shift coupling attains it.  Duality is LP duality for the
transport problem: the constraints of the dual say ``f`` is 1-Lipschitz.  A supremum of
seminorms ``|E_P f − E_Q f|`` is a seminorm of ``P − Q``; a larger class takes the supremum over
more; for ``|f| <= 1`` the best ``f`` is the sign of ``p − q``.

JS and all IPMs are exact (fractions and prime-log forms); the LPs are floating point with a
tolerance from the solver's feasibility tolerance.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np
from hypothesis import strategies as st

from checks.claim import Claim, Mutant, Source, close, equal, holds, le
from checks.divergences import log, lower, tv
from checks.documents import ARORA, ZHAO
from checks.generative import jsd
from checks.ipm import LP_TOL, ipm, kr_dual, transport_cost, w1_line
from checks.strategies.ipm import collapsed_laws, critic_classes, metric_pairs, shifted_laws


def _on_union(inst):
    """``P`` and ``Q_t`` as vectors on the union of their supports."""
    ys = tuple(x + inst.t for x in inst.xs)
    pts = sorted(set(inst.xs) | set(ys))
    p = tuple(sum((w for x, w in zip(inst.xs, inst.p) if x == z), Fraction(0)) for z in pts)
    q = tuple(sum((w for y, w in zip(ys, inst.p) if y == z), Fraction(0)) for z in pts)
    return ys, p, q


def _saturation(inst):
    ys, p, q = _on_union(inst)
    return [equal(jsd(p, q), log(2), label="JS(P, Q_t) = log 2"),
            equal(w1_line(inst.xs, inst.p, ys, inst.p), abs(inst.t), label="W1(P, Q_t) = |t|"),
            equal(w1_line([0], [Fraction(1)], [inst.t], [Fraction(1)]), abs(inst.t),
                  label="W1(delta_0, delta_t) = |t|")]


def _js_continuous(inst):
    ys, p, q = _on_union(inst)
    return le(lower(jsd(p, q)), abs(inst.t), label="JS(P, Q_t) <= |t| (a signal vanishing with t)")


SATURATION = Claim(
    id="js-saturates-w1-linear",
    title="Jensen–Shannon saturates at log 2 on disjoint supports; W1 of a translate is |t|",
    statement="for P on finitely many rational atoms and its translate Q_t with disjoint support, "
              "JS(P, Q_t) = log 2 for every such t while W1(P, Q_t) = W1(delta_0, delta_t) = |t|",
    sources=[Source(ZHAO, "Figs. 12.14, 14.6, 14.8 (P = delta_0, Q_t = delta_t)", ("ZHAO-116",))],
    kind="exact",
    area="probability",
    instances=shifted_laws(),
    conclusion=_saturation,
    proof_idea="on disjoint supports dP/dM = 2 where P lives, so both KL terms to the midpoint are log 2; "
               "E(Y - X) = t for every coupling, so the cost is at least |t|, and the shift attains it",
    mutants=[Mutant("js-vanishes-with-t", "JS stays log 2 however small |t| is, so it is not bounded by |t|",
                    conclusion=_js_continuous),
             Mutant("overlapping-supports", "a translate by a difference of atoms overlaps P and JS < log 2",
                    instances=shifted_laws(overlapping=True))],
    examples=40,
)
test_js_saturates_w1_linear = SATURATION.test()


def _distances(inst, squared: bool = False):
    D = np.sqrt(((inst.pts[:, None, :] - inst.pts[None, :, :]) ** 2).sum(-1))
    return D ** 2 if squared else D


def _lp_tol(inst) -> float:
    # each LP solution violates its constraints by at most LP_TOL; an objective built on a violated
    # constraint errs by LP_TOL times the dual variables, bounded by n·(1 + diameter) here; plus
    # rounding of n² products of size <= diameter
    D = _distances(inst)
    n = len(inst.p)
    return 4 * n * LP_TOL * (1 + D.max()) + 64 * np.finfo(float).eps * n * n * (1 + D.max())


def _duality(inst, squared_primal: bool = False, bounded_dual: bool = False):
    p, q = np.array(inst.p, dtype=float), np.array(inst.q, dtype=float)
    D = _distances(inst)
    primal = transport_cost(_distances(inst, squared_primal), p, q)
    dual = kr_dual(np.full_like(D, 2.0) if bounded_dual else D, p, q, sup_bound=1.0 if bounded_dual else None)
    tol, why = _lp_tol(inst), "4n·LP_TOL·(1 + diam) + 64·eps·n²·(1 + diam)"
    out = [close(primal, dual, tol, label="min transport cost = max over 1-Lipschitz f", why=why)]
    if inst.line:
        xs = [Fraction(int(x)) for x in inst.pts[:, 0]]
        exact = w1_line(xs, inst.p, xs, inst.q)
        out.append(close(primal, float(exact), tol, label="primal LP = integral of |F_P - F_Q|", why=why))
    return out


DUALITY = Claim(
    id="kantorovich-rubinstein-finite",
    title="Kantorovich–Rubinstein duality on finite metric spaces",
    statement="for laws P, Q on finitely many points of the plane, min over couplings of E d(X, Y) equals "
              "max over 1-Lipschitz f of E_P f - E_Q f; on the line both equal the integral of |F_P - F_Q|",
    sources=[Source(ZHAO, "Def. 12.14, Thm 14.8 (Kantorovich–Rubinstein), Figs. 14.7, 14.9", ("ZHAO-117",))],
    kind="numeric",
    area="probability",
    instances=metric_pairs(),
    conclusion=_duality,
    proof_idea="the dual of the transport LP has one variable per point and the constraints f_i - f_j <= d_ij, "
               "i.e. f is 1-Lipschitz; strong LP duality closes the gap; on the line the monotone coupling is "
               "optimal and its cost is the integral of |F_P - F_Q|",
    mutants=[Mutant("bounded-critics", "critics with |f| <= 1 instead of Lipschitz give 2 TV, not W1",
                    conclusion=lambda i: _duality(i, bounded_dual=True)),
             Mutant("squared-cost", "the squared-distance primal is W2², which differs from the Lipschitz dual",
                    conclusion=lambda i: _duality(i, squared_primal=True))],
    examples=40,
)
test_kantorovich_rubinstein_finite = DUALITY.test()


def _pseudometric(inst, reverse: bool = False, box_scale: int = 2):
    F, FG = inst.F, inst.F + inst.G
    d = lambda a, b, cls=F: ipm(cls, a, b)
    box = [list(s) for s in product([-1, 1], repeat=len(inst.p))]
    out = [equal(d(inst.p, inst.p), Fraction(0), label="d_F(P, P) = 0"),
           equal(d(inst.p, inst.q), d(inst.q, inst.p), label="d_F(P, Q) = d_F(Q, P)"),
           le(d(inst.p, inst.r), d(inst.p, inst.q) + d(inst.q, inst.r), label="triangle inequality"),
           equal(ipm(box, inst.p, inst.q), box_scale * tv(inst.p, inst.q),
                 label="sup over |f| <= 1 (attained at a sign vector) = 2 TV")]
    if reverse:
        out.append(le(d(inst.p, inst.q, FG), d(inst.p, inst.q), label="d_{F u G} <= d_F"))
    else:
        out.append(le(d(inst.p, inst.q), d(inst.p, inst.q, FG), label="F in F u G: d_F <= d_{F u G}"))
    return out


PSEUDOMETRIC = Claim(
    id="ipm-pseudometric-monotone",
    title="Integral probability metrics are pseudometrics, monotone in the critic class",
    statement="for finite critic classes F ⊆ F' and laws P, Q, R on a finite set: d_F(P, P) = 0, "
              "d_F symmetric, d_F(P, R) <= d_F(P, Q) + d_F(Q, R), d_F <= d_F'; the class |f| <= 1 gives 2 TV",
    sources=[Source(ZHAO, "Fig. 12.15 caption (d_F), Figs. 14.2–14.3", ("ZHAO-118",)),
             Source(ARORA, "eq. (16.2), Problem 16.1.3 (triangle inequality; a pseudometric)", ("ARORA-1086",))],
    kind="exact",
    area="probability",
    instances=critic_classes(),
    conclusion=_pseudometric,
    proof_idea="|E_P f - E_R f| <= |E_P f - E_Q f| + |E_Q f - E_R f| <= d_F(P,Q) + d_F(Q,R) for each f, then take "
               "the sup; a sup over more functions is larger; Σ f(p - q) over the box is maximal at f = sign(p - q)",
    mutants=[Mutant("reverse-monotone", "adding critics can only raise the supremum, strictly for a useful critic",
                    conclusion=lambda i: _pseudometric(i, reverse=True)),
             Mutant("box-is-tv", "the box critics give Σ|p - q| = 2 TV, not TV",
                    conclusion=lambda i: _pseudometric(i, box_scale=1))],
    examples=40,
)
test_ipm_pseudometric_monotone = PSEUDOMETRIC.test()


def _collapse(inst, identifies: bool = False):
    mean = sum(x * w for x, w in zip(inst.xs, inst.p))
    pts = sorted(set(inst.xs) | {mean})
    p = tuple(sum((w for x, w in zip(inst.xs, inst.p) if x == z), Fraction(0)) for z in pts)
    q = tuple(Fraction(int(z == mean)) for z in pts)
    linear = [tuple(pts), tuple(-z for z in pts)]  # the extreme points w = ±1 of {x -> wx : |w| <= 1}
    w1 = w1_line(inst.xs, inst.p, [mean], [Fraction(1)])
    out = [equal(ipm(linear, p, q), Fraction(0), label="linear critics: d_F(P, delta_mean) = 0"),
           equal(w1, sum(w * abs(x - mean) for x, w in zip(inst.xs, inst.p)), label="W1 = E_P |X - mean|")]
    if identifies:
        out.append(holds(p == q, "d_F(P, Q) = 0 implies P = Q", f"P = {p}, Q = {q}"))
    else:
        out.append(holds(w1 > 0, "W1(P, delta_mean) > 0 for a non-degenerate P", f"W1 = {w1}"))
    return out


COLLAPSE = Claim(
    id="ipm-linear-critics-mode-collapse",
    title="Linear critics cannot see mode collapse; W1 can",
    statement="for a non-degenerate law P on the line and Q = delta_{E_P X}, the IPM of the linear critics "
              "{x -> wx : |w| <= 1} is |E_P X - E_Q X| = 0 while W1(P, Q) = E_P|X - E_P X| > 0",
    sources=[Source(ZHAO, "Figs. 14.2–14.3 (weak critics miss mode collapse)", ("ZHAO-118",)),
             Source(ARORA, "Problem 16.1.3 (d_F is only a pseudometric)", ("ARORA-1086",))],
    kind="exact",
    area="probability",
    instances=collapsed_laws(),
    conclusion=_collapse,
    proof_idea="E_P(wX) - E_Q(wX) = w(E_P X - E_Q X) = 0 for every w; the only coupling with a point mass moves "
               "each atom to the mean, at cost E|X - mean|, positive unless P is a point mass",
    mutants=[Mutant("linear-ipm-identifies", "equal means do not make equal laws, so d_F = 0 does not imply P = Q",
                    conclusion=lambda i: _collapse(i, identifies=True))],
    examples=30,
)
test_ipm_linear_critics_mode_collapse = COLLAPSE.test()
