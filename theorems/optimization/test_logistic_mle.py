"""The logistic loss: its definition, its convexity, and when the maximum-likelihood estimate exists.

Statement.
- The logistic loss of a margin m = y h(x) is ℓ(m) = ln(1 + e^{-m}): strictly decreasing, convex,
  and ℓ(m) >= ln 2 · 1[m <= 0] (a scaled upper bound on the 0-1 loss).
- The empirical squared loss (1/n)||Xθ - t||², the mean logistic loss and the mean hinge loss plus
  reg ||θ||² are convex in θ; the logistic Hessian (1/n) Σ p_i(1 - p_i) x_i x_iᵀ is positive semidefinite.
  The squared loss of a sigmoid output and the 0-1 loss are not convex.
- With rows z_i = y_i x_i, the NLL ℓ(θ) = Σ ln(1 + e^{-z_iᵀθ}) has a minimizer iff no θ has
  Zθ >= 0, Zθ != 0 (no (quasi-)separation): along such θ it decreases strictly from every point, with
  decrease >= Σ_i σ(-m_i(θ) - z_iᵀθ_s) z_iᵀθ_s.  If instead λ > 0 has Zᵀλ = 0, then for every θ,
  ℓ(θ) >= ln 2 and ℓ(θ) >= (min λ / (2 max λ)) ||Zθ||_1, so ℓ is coercive modulo null(Z) and a
  minimizer exists; it is unique iff Z has full column rank (ℓ is constant along null(Z)).

Audits.  The printed "logistic loss" 1/(1 + e^{-y h(x)}) is the sigmoid of the margin, the probability
of the correct label: it increases with the margin (Arora et al.).  "Logistic regression is convex
with a unique global minimum" (MSML) fails for separable data (no minimizer) and rank-deficient data
(an affine set of minimizers).

Sources.  Arora et al., Ch. 1 setup (ARORA-10); Teng et al. §4.1.2 (TENG-19); MSML, Ch. 24 lines
1505 and 1542 (MSML-270).

Proof ideas.  ℓ'(m) = -σ(-m) < 0 and ℓ''(m) = σ(m)σ(-m) > 0; convexity in θ follows by composing with
the linear map θ -> m.  Separation: every term is non-increasing along θ_s and those with z_iᵀθ_s > 0
strictly decrease (convexity of softplus gives the stated lower bound).  Overlap: Σ λ_i m_i(θ) = 0,
so the negative margins carry half of Σ λ_i |m_i| and ℓ >= Σ_i max(0, -m_i) >= (1/(2 max λ)) Σ λ_i |m_i|;
one margin is <= 0, so one term is >= ln 2.  Stiemke's lemma says exactly one of the two holds.

Tolerances (eps = 2^-52).  A computed softplus has relative error 4 eps and inherits the margin error
(d + 2) eps |z|ᵀ|θ| (softplus is 1-Lipschitz); sums add n eps.  Hessians are compared to autograd
(torch, float64) within 4(n + d + 4) eps (Σ||x_i||²/n)(1 + max|m_i|).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from scipy.special import expit

from checks.claim import Check, Claim, Mutant, Source, close, ge, holds, le
from checks.documents import ARORA, MSML, TENG
from checks.logistic import (EPS, exact_rank, nll, nll_error, overlap_certificate_holds,
                             separating_direction, softplus_neg)
from checks.strategies.logistic import (ConvexityTriple, LogisticData, MarginPair, convexity_triples,
                                        logistic_data, margin_pairs)

LN2 = math.log(2)
device = "cuda" if torch.cuda.is_available() else "cpu"


# ------------------------------------------------------------------------------------ the loss of a margin
def _loss_tol(*values: float) -> float:
    return 8 * EPS * sum(abs(v) for v in values)


def margin_checks(p: MarginPair, loss=lambda m: float(softplus_neg(m)),
                  slope=lambda m: float(expit(-m)), floor: float = LN2) -> list[Check]:
    l1, l2 = loss(p.m1), loss(p.m2)
    z = p.lam * p.m1 + (1 - p.lam) * p.m2
    lz = loss(z)
    rhs = p.lam * l1 + (1 - p.lam) * l2
    drop = (p.m2 - p.m1) * slope(p.m2)          # convexity: ℓ(m1) - ℓ(m2) >= (m2 - m1)(-ℓ'(m2))
    why = "relative rounding 4 eps of each computed loss value (and of the combination)"
    out = [ge(l1 - l2, drop, _loss_tol(l1, l2, drop), label="ℓ(m1) - ℓ(m2) >= (m2 - m1)σ(-m2) > 0 (strictly decreasing)",
              why=why),
           le(lz, rhs, _loss_tol(lz, l1, l2) + 4 * EPS * abs(z) * slope(z),
              label="Jensen ℓ(λm1 + (1-λ)m2) <= λℓ(m1) + (1-λ)ℓ(m2)", why=why + " + rounding of the mixed margin")]
    for m, lm in ((p.m1, l1), (p.m2, l2)):
        if m <= 0:
            out.append(ge(lm, floor, _loss_tol(lm, floor), label=f"ℓ(m) >= {floor:.6g} at m = {m:.6g} <= 0", why=why))
    return out


MARGIN = Claim(
    id="logistic-loss-margin-properties",
    title="The logistic loss ln(1 + e^{-m}) is strictly decreasing and convex in the margin and >= ln 2 · 1[m <= 0]",
    statement="For margins m1 < m2 and λ in [0, 1]: ℓ(m1) - ℓ(m2) >= (m2 - m1)σ(-m2) > 0, "
              "ℓ(λm1 + (1-λ)m2) <= λℓ(m1) + (1-λ)ℓ(m2), and ℓ(m) >= ln 2 for m <= 0, where ℓ(m) = ln(1 + e^{-m})",
    sources=[Source(ARORA, "Ch. 1 setup (corrected definition of the logistic loss)", ("ARORA-10",)),
             Source(TENG, "§4.1.2 (logistic loss)", ("TENG-19",))],
    kind="numeric",
    area="optimization",
    instances=margin_pairs(),
    conclusion=margin_checks,
    proof_idea="ℓ'(m) = -σ(-m) < 0 and ℓ''(m) = σ(m)σ(-m) > 0; a convex function lies above its tangent at m2; "
               "ℓ is decreasing and ℓ(0) = ln 2.",
    mutants=[
        Mutant("plus-sign", "ln(1 + e^{m}) increases with the margin: it penalizes correct predictions",
               conclusion=lambda p: margin_checks(p, loss=lambda m: float(np.logaddexp(0.0, m)),
                                                  slope=lambda m: float(expit(-m)))),
        Mutant("sigmoid-loss-convex", "the sigmoid loss 1/(1 + e^{m}) is decreasing but concave for m < 0",
               conclusion=lambda p: margin_checks(p, loss=lambda m: float(expit(-m)),
                                                  slope=lambda m: float(expit(m) * expit(-m)))),
        Mutant("unscaled-zero-one-bound", "ℓ(0) = ln 2 < 1, so ℓ does not dominate the 0-1 loss without the ln 2 factor",
               conclusion=lambda p: margin_checks(p, floor=1.0)),
    ],
    examples=100,
)
test_logistic_loss_margin_properties = MARGIN.test()


def _printed_loss(p: MarginPair) -> Check:
    l1, l2 = float(expit(p.m1)), float(expit(p.m2))
    return ge(l1, l2, _loss_tol(l1, l2), label="printed 'loss' 1/(1 + e^{-m}) is non-increasing: ℓ(m1) >= ℓ(m2)",
              why="relative rounding of the two sigmoids")


PRINTED_LOSS = Claim(
    id="logistic-loss-printed-sign",
    title="The 'logistic loss' 1/(1 + exp(-y h(x))) as printed",
    statement="ℓ((x, y), θ) = 1/(1 + e^{-y h_θ(x)}) is a loss: it does not increase as the margin y h_θ(x) grows",
    sources=[Source(ARORA, "Ch. 1 setup, definition of the logistic loss", ("ARORA-10",))],
    kind="numeric",
    area="optimization",
    instances=margin_pairs(),
    conclusion=_printed_loss,
    proof_idea="1/(1 + e^{-m}) = σ(m) is the model probability of the correct label; its derivative σ(m)σ(-m) > 0.",
    audit=True,
    corrected="logistic-loss-margin-properties",
    finding="The printed formula is the sigmoid of the margin and increases with it: a correct prediction with margin "
            "+5 costs 0.9933, a wrong one with margin -5 costs 0.0067.  Corrected: ℓ = ln(1 + e^{-y h_θ(x)}) (or the "
            "sigmoid loss 1/(1 + e^{y h_θ(x)})).",
)
test_logistic_loss_printed_sign = PRINTED_LOSS.test()


# ------------------------------------------------------------------------------------ convex in θ
def _terms(loss: str, T: ConvexityTriple, th: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-example loss values and their Lipschitz constants in the prediction (for the rounding bound)."""
    z = T.X @ th
    if loss == "squared":
        r = z - T.t
        return r * r, 2 * np.abs(r) + 1
    if loss == "logistic":
        return softplus_neg(T.y * z), np.ones_like(z)
    if loss == "hinge":
        return np.maximum(0.0, 1 - T.y * z), np.ones_like(z)
    if loss == "sigmoid-squared":
        return (expit(z) - T.t) ** 2, np.full_like(z, 0.5)
    if loss == "zero-one":
        return (T.y * z <= 0).astype(float), np.zeros_like(z)
    raise ValueError(f"unknown loss {loss!r}")


def _risk(loss: str, T: ConvexityTriple, th: np.ndarray) -> tuple[float, float]:
    """``(value, rounding bound)`` of the empirical risk (hinge with ``reg ||θ||²``)."""
    n, d = T.X.shape
    vals, lip = _terms(loss, T, th)
    pen = T.reg * float(th @ th) if loss == "hinge" else 0.0
    err = (d + 2) * EPS * float(np.mean(lip * (np.abs(T.X) @ np.abs(th)))) \
        + (n + 4) * EPS * (float(np.mean(np.abs(vals))) + pen)
    return float(np.mean(vals)) + pen, err


CONVEX_LOSSES = ("squared", "logistic", "hinge")


def _jensen(T: ConvexityTriple, losses=CONVEX_LOSSES) -> list[Check]:
    z = T.lam * T.a + (1 - T.lam) * T.b
    out = []
    for loss in losses:
        (fa, ea), (fb, eb), (fz, ez) = (_risk(loss, T, th) for th in (T.a, T.b, z))
        tol = ez + T.lam * ea + (1 - T.lam) * eb + 4 * EPS * (abs(fa) + abs(fb)) + 2 * ez
        out.append(le(fz, T.lam * fa + (1 - T.lam) * fb, tol, label=f"Jensen for the {loss} empirical risk in θ",
                      why="rounding of the three risks (margin error x Lipschitz + summation) + of the mixed θ"))
    return out


def _autograd_hessian(T: ConvexityTriple, th: np.ndarray) -> np.ndarray:
    X = torch.tensor(T.X, dtype=torch.float64, device=device)
    y = torch.tensor(T.y, dtype=torch.float64, device=device)
    # logaddexp, not nn.functional.softplus: the latter turns linear beyond its threshold 20 (curvature 0)
    f = lambda w: torch.logaddexp(torch.zeros_like(y), -(y * (X @ w))).mean()
    H = torch.autograd.functional.hessian(f, torch.tensor(th, dtype=torch.float64, device=device))
    return H.cpu().numpy()


def loss_convexity_checks(T: ConvexityTriple) -> list[Check]:
    out = _jensen(T)
    n, d = T.X.shape
    m = T.y * (T.X @ T.a)
    p = expit(m)
    H = (T.X.T * (p * (1 - p))) @ T.X / n
    scale = float(np.sum(T.X ** 2)) / n
    tol = 4 * (n + d + 4) * EPS * scale * (1 + float(np.max(np.abs(m))))
    out.append(close(H, _autograd_hessian(T, T.a), tol, label="(1/n)Σ p(1-p) x xᵀ equals the autograd Hessian",
                     why="(n + d) eps Σ||x||²/n, times (1 + max|m|) for the sigmoid's relative error"))
    out.append(ge(float(np.linalg.eigvalsh(H)[0]), 0.0, tol, label="the logistic Hessian is PSD",
                  why="eigenvalue rounding <= same bound"))
    return out


LOSS_CONVEXITY = Claim(
    id="empirical-losses-convex",
    title="Squared, logistic and regularized hinge empirical risks are convex in the parameters",
    statement="For fixed data, (1/n)||Xθ - t||², (1/n)Σ ln(1 + e^{-y_i θᵀx_i}) and (1/n)Σ max(0, 1 - y_i θᵀx_i) + "
              "reg||θ||² satisfy Jensen's inequality in θ, and the logistic Hessian (1/n)Σ p_i(1-p_i)x_i x_iᵀ (equal to "
              "the autograd Hessian) is PSD",
    sources=[Source(TENG, "§4.1.2, convexity of the losses of linear regression, logistic regression and SVM",
                    ("TENG-19",)),
             Source(MSML, "line 1505 ('MLE for logistic regression is a convex optimisation problem')", ("MSML-270",))],
    kind="numeric",
    area="optimization",
    instances=convexity_triples(),
    conclusion=loss_convexity_checks,
    proof_idea="Each is a convex function of the linear predictions θ -> Xθ (square, softplus, hinge) averaged, plus "
               "a convex penalty; the Hessian of softplus(-y z) in z is σ(z)σ(-z) >= 0.",
    mutants=[
        Mutant("sigmoid-squared-convex", "(σ(z) - 1)² has second derivative -2σ(1-σ)²(1 - 3σ) < 0 for σ < 1/3",
               conclusion=lambda T: _jensen(T, ("sigmoid-squared",))),
        Mutant("zero-one-convex", "with one example whose margin changes sign between θa and θb, the mix can be "
               "misclassified: 1 > λ · 0 + (1 - λ) · 1", conclusion=lambda T: _jensen(T, ("zero-one",))),
    ],
    examples=80,
)
test_empirical_losses_convex = LOSS_CONVEXITY.test()


# ------------------------------------------------------------------------------------ existence of the MLE
def _lp_verdict(D: LogisticData) -> tuple[tuple, list[Check]]:
    sep = separating_direction(D.Z)
    overlap = D.lam is not None and overlap_certificate_holds(D.Z, D.lam)
    return sep, [holds((sep is not None) != overlap, "Stiemke: exactly one of {Zθ >= 0, != 0} and {Zᵀλ = 0, λ > 0}",
                       f"LP direction {None if sep is None else [str(t) for t in sep]}, overlap certificate {overlap}")]


def existence_checks(D: LogisticData, coercive_factor: float = 0.5, ln2_everywhere: bool = False) -> list[Check]:
    Z = D.Z.astype(float)
    _, out = _lp_verdict(D)
    why = "rounding of the NLL values: (d + 2) eps |z|ᵀ|θ| per margin + (n + 4) eps Σ terms"
    if D.theta_s is not None:
        ms = Z @ D.theta_s
        dec = []
        for th in D.probes:
            l0, l1 = nll(Z, th), nll(Z, th + D.theta_s)
            bound = float(np.sum(expit(-(Z @ th) - ms) * ms))
            dec.append(ge(l0 - l1, bound, nll_error(Z, th) + nll_error(Z, th + D.theta_s) + 4 * EPS * bound,
                          label="ℓ(θ) - ℓ(θ + θ_s) >= Σ σ(-m_i(θ) - z_iᵀθ_s) z_iᵀθ_s > 0: no minimizer", why=why))
        out.append(max(dec, key=lambda c: c.ratio))
    if D.lam is not None or ln2_everywhere:
        checks = []
        for th in D.probes:
            l, e = nll(Z, th), nll_error(Z, th)
            checks.append(ge(l, LN2, e, label="ℓ(θ) >= ln 2 (some margin is <= 0)", why=why))
            if D.lam is not None:
                c = coercive_factor * float(np.min(D.lam)) / float(np.max(D.lam))
                l1 = float(np.sum(np.abs(Z @ th)))
                checks.append(ge(l, c * l1, e + 4 * D.Z.shape[1] * EPS * c * l1,
                                 label=f"ℓ(θ) >= {coercive_factor:g} (min λ/max λ) ||Zθ||_1 (coercive)", why=why))
        out.append(max(checks, key=lambda c: c.ratio))
    if D.u is not None:
        flat = []
        for th in D.probes:
            l0, l1 = nll(Z, th), nll(Z, th + 10 * D.u)
            flat.append(close(l1, l0, nll_error(Z, th) + nll_error(Z, th + 10 * D.u) + EPS,
                              label="ℓ(θ + 10u) = ℓ(θ) for Zu = 0: minimizers are not unique", why=why))
        out.append(max(flat, key=lambda c: c.ratio))
    return out


EXISTENCE = Claim(
    id="logistic-mle-existence",
    title="The logistic MLE exists iff the data are not (quasi-)separable, and is unique iff X has full column rank",
    statement="With z_i = y_i x_i: exactly one of (separation) Zθ_s >= 0, Zθ_s != 0 and (overlap) Zᵀλ = 0 with λ > 0 "
              "holds (LP check); under separation ℓ(θ) - ℓ(θ + θ_s) >= Σ σ(-m_i(θ) - z_iᵀθ_s) z_iᵀθ_s > 0 at every θ (no "
              "minimizer); under overlap ℓ(θ) >= ln 2 and ℓ(θ) >= (min λ/(2 max λ))||Zθ||_1 (a minimizer exists); "
              "ℓ is constant along null(Z) (unique only for full column rank)",
    sources=[Source(MSML, "lines 1505 and 1542 (corrected: needs non-separable data and full column rank)",
                    ("MSML-270",)),
             Source("Albert and Anderson, On the existence of maximum likelihood estimates in logistic regression "
                    "models (Biometrika 1984)", "Theorems 1-3")],
    kind="numeric",
    area="optimization",
    instances=logistic_data(),
    conclusion=existence_checks,
    proof_idea="Along θ_s every term is non-increasing and the positive-margin ones strictly decrease (softplus is "
               "convex).  Under overlap Σλ_i m_i(θ) = 0, so ℓ >= Σ max(0, -m_i) >= Σλ_i|m_i|/(2 max λ); the pair "
               "z, -z makes the constant 1/2 tight as |m| grows.",
    mutants=[
        Mutant("separable-bounded-away-from-zero", "along a strict separator ℓ(tθ_s) <= n e^{-t} -> 0 < ln 2: the "
               "infimum 0 is approached but never attained",
               conclusion=lambda D: existence_checks(D, ln2_everywhere=True)),
        Mutant("coercivity-constant-doubled", "for the pair z, -z at margin a, ℓ = a + 2 ln(1 + e^{-a}) < 2a = "
               "(min λ/max λ)||Zθ||_1 once a > 1", conclusion=lambda D: existence_checks(D, coercive_factor=1.0)),
    ],
    examples=80,
)
test_logistic_mle_existence = EXISTENCE.test()


def _unique_minimizer_printed(D: LogisticData) -> list[Check]:
    sep = separating_direction(D.Z)
    rank, d = exact_rank(D.Z), D.Z.shape[1]
    if sep is not None:
        Z, th = D.Z.astype(float), np.array([float(t) for t in sep])
        trail = ", ".join(f"{nll(Z, th * 4 ** k):.3g}" for k in range(4))
        detail = f"ℓ decreases forever along θ = {[str(t) for t in sep]}: ℓ(4^k θ) = {trail}, ..."
    else:
        detail = "no LP direction: a minimizer exists"
    return [holds(sep is None, "a global minimizer exists", detail),
            holds(rank == d, "the minimizer is unique (X has full column rank)", f"rank {rank} of {d} columns")]


UNIQUE_PRINTED = Claim(
    id="logistic-unique-minimizer-printed",
    title="'Logistic regression is convex with a unique global minimum' as printed",
    statement="For every dataset the logistic NLL has exactly one global minimizer",
    sources=[Source(MSML, "line 1542", ("MSML-270",))],
    kind="exact",
    area="optimization",
    instances=logistic_data(),
    conclusion=_unique_minimizer_printed,
    proof_idea="Existence fails exactly under (quasi-)separation (an LP certificate, verified in exact arithmetic); "
               "uniqueness fails exactly for rank-deficient X.",
    audit=True,
    corrected="logistic-mle-existence",
    finding="False without assumptions: for separable data ℓ(tθ_s) -> 0 while ℓ > 0, so no minimizer exists; for a "
            "duplicated column the minimizers form an affine set.  Corrected: the NLL is convex; it has a minimizer iff "
            "no θ gives Zθ >= 0, Zθ != 0, and the minimizer is unique iff moreover X has full column rank.",
)
test_logistic_unique_minimizer_printed = UNIQUE_PRINTED.test()
