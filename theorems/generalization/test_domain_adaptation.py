"""Domain adaptation: the Ben-David bound, what marginal alignment cannot do, risk transfer through TV
and W₁, and why unlabelled target data cannot make adaptation harder than zero-shot transfer.

Statement.
- Binary labels, 0-1 loss, deterministic labellings ``f_S``, ``f_T``, a class ``H``: for every ``h ∈ H``,
  ``ε_T(h) <= ε_S(h) + ½ d_{HΔH}(D_S, D_T) + λ*`` with ``d_{HΔH} = 2 max_{h,h' ∈ H} |P_S(h ≠ h') -
  P_T(h ≠ h')|`` and ``λ* = min_{h ∈ H} [ε_S(h) + ε_T(h)]``; also
  ``ε_T(h) <= ε_S(h) + TV(D_S, D_T) + min(E_S|f_S - f_T|, E_T|f_S - f_T|)``.  Without ``λ*`` the bound
  fails under a concept flip with identical marginals; without the divergence it fails under a
  realizable shift.  Both are attained.
- Marginal alignment cannot create labels: if two target labellings agree with ``f_S`` on
  ``supp D_S`` and disagree on ``U = supp D_T ∖ supp D_S``, every ``h`` has
  ``ε_T(h) + ε'_T(h) >= D_T(U)``, so ``max(ε_T, ε'_T) >= ½ D_T(U)``; the source data cannot tell the two
  apart, so a perfect fit on the source support says nothing on ``U``.
- For ``ℓ ∈ [0, 1]``: ``|E_P ℓ - E_Q ℓ| <= TV(P, Q) <= √(KL(P‖Q)/2)``; for ``K``-Lipschitz ``ℓ`` on the
  line, ``|E_P ℓ - E_Q ℓ| <= K W₁(P, Q)``.  Each is attained (``ℓ = 1{P > Q}``; ``ℓ = Kx`` under
  stochastic dominance).
- Over a finite set of target scenarios sharing the labelled source data, the minimax (and the
  Bayes) target error of a learner that may use the unlabelled target marginal is at most that of a
  zero-shot learner, which is the special case that ignores it.

Sources.  Zhao, *From Approximation to Emergence*, Fig. 21.6 (ZHAO-170, the theorem of Ben-David et
al. 2010), Fig. 21.7 (ZHAO-171), Fig. 21.1 (ZHAO-169: behaviour on the training support does not
constrain behaviour off it); *The Mathematical Structure of Machine Learning*, Ch. 24, C.19 and App. B
Thm 12.2 (MSML-267), C.19 Common Mistakes 4 (MSML-268, audited), line 1510 and App. B Thm 6.2 (MSML-275).

Proof idea.  Triangle inequality for disagreement: ``ε_T(h) <= ε_T(h*) + P_T(h ≠ h*) <= ε_T(h*) +
P_S(h ≠ h*) + ½d <= ε_T(h*) + ε_S(h*) + ε_S(h) + ½d`` with ``h*`` attaining ``λ*``; the TV version moves
``E|h - f_S|`` from ``D_S`` to ``D_T``.  On ``U`` the two labellings are complements, so ``h`` errs on one
of them at every point of ``U``.  ``|E_P ℓ - E_Q ℓ| = |Σ ℓ (p - q)| <= Σ (p - q)⁺`` for ``ℓ ∈ [0, 1]``,
and Pinsker; on the line ``E_P ℓ - E_Q ℓ = -∫ ℓ'(x)(F_P - F_Q)(x) dx``.  A minimum over a larger set of
decision rules is no larger.

Everything is exact, by enumeration of hypotheses over finite domains with fractions.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.divergences import absolutely_continuous, kl, lower, rational, tv
from checks.documents import MSML, ZHAO
from checks.shift import disagreement, hdh_divergence, joint_optimal_error, minimax_risks, w1_line
from checks.strategies.shift import (Adaptation, Scenarios, Transfer, UnseenRegion, adaptation_instances, adaptations,
                                     scenario_instances, scenario_sets, transfer_instances, transfers, unseen_regions)

# --- claim 1: Ben-David et al. -----------------------------------------------------------------------


def _terms(inst: Adaptation):
    d = hdh_divergence(inst.DS, inst.DT, inst.H)
    lam = joint_optimal_error(inst.DS, inst.fS, inst.DT, inst.fT, inst.H)
    errs = [(disagreement(inst.DT, h, inst.fT), disagreement(inst.DS, h, inst.fS)) for h in inst.H]
    return d, lam, errs


def _worst(errs, extra) -> tuple[Fraction, Fraction]:
    """The hypothesis maximizing ``ε_T - (ε_S + extra)``: its two sides."""
    eT, eS = max(errs, key=lambda e: e[0] - e[1])
    return eT, eS + extra


def ben_david(inst: Adaptation, div: Fraction = Fraction(1, 2), with_lambda: bool = True,
              tv_factor: Fraction = Fraction(1)) -> list[Check]:
    d, lam, errs = _terms(inst)
    lhs, rhs = _worst(errs, div * d + (lam if with_lambda else 0))
    out = [le(lhs, rhs, label=f"max_h [eps_T(h) - eps_S(h)] <= {div} d_HdH" + (" + lambda*" if with_lambda else ""))]
    if with_lambda:
        label_gap = min(disagreement(inst.DS, inst.fS, inst.fT), disagreement(inst.DT, inst.fS, inst.fT))
        lhs2, rhs2 = _worst(errs, tv_factor * tv(inst.DS, inst.DT) + label_gap)
        out.append(le(lhs2, rhs2, label=f"max_h [eps_T(h) - eps_S(h)] <= {tv_factor} TV + min(E_S|f_S - f_T|, E_T|f_S - f_T|)"))
    return out


BEN_DAVID = Claim(
    id="ben-david-domain-adaptation-bound",
    title="Ben-David et al.: target error <= source error + half the HΔH-divergence + joint optimal error",
    statement="for binary labellings f_S, f_T, 0-1 loss and every h in H: eps_T(h) <= eps_S(h) + d_HdH(D_S, D_T)/2 + "
              "lambda*, d_HdH = 2 max_{h,h'} |P_S(h != h') - P_T(h != h')|, lambda* = min_h [eps_S(h) + eps_T(h)]; and "
              "eps_T(h) <= eps_S(h) + TV(D_S, D_T) + min(E_S|f_S - f_T|, E_T|f_S - f_T|)",
    sources=[Source(ZHAO, "Fig. 21.6 (domain adaptation bound; Ben-David et al. 2010)", ("ZHAO-170",)),
             Source(MSML, "Ch. 24, C.19 Chapter Connections, line 1510, App. B Thm 12.2", ("MSML-267",))],
    kind="exact",
    area="generalization",
    instances=adaptation_instances(),
    conclusion=ben_david,
    proof_idea="With h* attaining lambda*: eps_T(h) <= eps_T(h*) + P_T(h != h*) <= eps_T(h*) + P_S(h != h*) + d/2 <= "
               "eps_T(h*) + eps_S(h*) + eps_S(h) + d/2, since h != h* is a set of the form h Delta h'. Tight: f_S = f_T = "
               "h* in H, D_S on {h = h*} and D_T on {h != h*}.",
    mutants=[
        Mutant("drop-lambda", "identical marginals with opposite labellings: d = 0 while eps_T = 1 - eps_S",
               conclusion=lambda i: ben_david(i, with_lambda=False), instances=adaptations("concept-flip")),
        Mutant("drop-divergence", "a realizable shift onto the region where h errs: eps_S(h) = lambda* = 0 < eps_T(h)",
               conclusion=lambda i: ben_david(i, div=Fraction(0), with_lambda=True)[:1],
               instances=adaptations("realizable-shift")),
        Mutant("quarter-divergence", "the bound is attained with d/2 = eps_T - eps_S, so d/4 is too small",
               conclusion=lambda i: ben_david(i, div=Fraction(1, 4))[:1], instances=adaptations("realizable-shift")),
        Mutant("half-tv", "disjoint supports with f_S = f_T: eps_T - eps_S = TV = 1",
               conclusion=lambda i: ben_david(i, tv_factor=Fraction(1, 2))[1:], instances=adaptations("realizable-shift")),
    ],
    examples=40,
)
test_ben_david_domain_adaptation_bound = BEN_DAVID.test()


# --- claim 2: marginal alignment cannot create labels ---------------------------------------------------


def _unseen_errors(inst: UnseenRegion):
    fT, fT2 = inst.targets
    m = len(inst.DS)
    return [(disagreement(inst.DT, h, fT), disagreement(inst.DT, h, fT2)) for h in itertools.product((0, 1), repeat=m)]


def _unseen_mass(inst: UnseenRegion) -> Fraction:
    return sum((inst.DT[x] for x in inst.U), Fraction(0))


def alignment(inst: UnseenRegion) -> list[Check]:
    fT, fT2 = inst.targets
    mass = _unseen_mass(inst)
    errs = _unseen_errors(inst)
    best_sum = min(a + b for a, b in errs)
    best_max = min(max(a, b) for a, b in errs)
    return [equal((disagreement(inst.DS, fT, inst.fS), disagreement(inst.DS, fT2, inst.fS)), (Fraction(0), Fraction(0)),
                  label="both target labellings fit the source exactly"),
            equal(disagreement(inst.DT, fT, fT2), mass, label="they differ on the target by D_T(U)"),
            ge(best_sum, mass, label="min_h [eps_T(h) + eps'_T(h)] >= D_T(U)"),
            ge(best_max, mass / 2, label="min_h max(eps_T(h), eps'_T(h)) >= D_T(U)/2")]


def below_source(inst: UnseenRegion) -> Check:
    fT, fT2 = inst.targets
    worst = max(disagreement(inst.DT, inst.fS, fT), disagreement(inst.DT, inst.fS, fT2))
    return le(worst, disagreement(inst.DS, inst.fS, inst.fS), label="h = f_S: max target error <= source error (= 0)")


def full_mass(inst: UnseenRegion) -> Check:
    return ge(min(max(a, b) for a, b in _unseen_errors(inst)), _unseen_mass(inst),
              label="min_h max(eps_T(h), eps'_T(h)) >= D_T(U)")


ALIGNMENT = Claim(
    id="marginal-alignment-cannot-create-labels",
    title="Labels on target regions the source never covers are not identified by source data",
    statement="if f_T and f'_T agree with f_S on supp D_S and disagree on U = supp D_T minus supp D_S, then both fit the "
              "source exactly, differ by D_T(U) on the target, and every h has eps_T(h) + eps'_T(h) >= D_T(U), so "
              "max(eps_T(h), eps'_T(h)) >= D_T(U)/2",
    sources=[Source(ZHAO, "Fig. 21.7 (alignment cannot create labels)", ("ZHAO-171",)),
             Source(ZHAO, "Fig. 21.1 (training-support behaviour does not constrain disjoint deployment support)",
                    ("ZHAO-169",))],
    kind="exact",
    area="generalization",
    instances=unseen_regions(),
    conclusion=alignment,
    proof_idea="On every x in U the two labellings are complements, so h disagrees with exactly one of them there; the "
               "labelled source sample has the same law under both, whatever representation aligns the marginals.",
    mutants=[
        Mutant("target-error-below-source-error", "a hypothesis that fits the source perfectly errs on D_T(U) under one "
               "of the two labellings", conclusion=below_source),
        Mutant("full-unseen-mass", "splitting U between the two labellings halves the worst case",
               conclusion=full_mass, instances=unseen_regions(min_unseen=2)),
    ],
    examples=30,
)
test_marginal_alignment_cannot_create_labels = ALIGNMENT.test()


# --- claim 3: risk transfer through TV and W1 --------------------------------------------------------


def _gap(P, Q, f) -> Fraction:
    return abs(sum((a * v for a, v in zip(P, f)), Fraction(0)) - sum((b * v for b, v in zip(Q, f)), Fraction(0)))


def transfer(inst: Transfer) -> list[Check]:
    t = tv(inst.P, inst.Q)
    out = [le(_gap(inst.P, inst.Q, inst.ell), t, label="|E_P l - E_Q l| <= TV(P, Q) for l in [0, 1]"),
           le(_gap(inst.P, inst.Q, inst.lip), inst.K * w1_line(inst.points, inst.P, inst.Q),
              label="|E_P l - E_Q l| <= K W1(P, Q) for K-Lipschitz l")]
    if absolutely_continuous(inst.P, inst.Q):
        x = 2 * t * t
        out.append(le(x, x + lower(kl(inst.P, inst.Q) - rational(x)), label="2 TV^2 <= KL(P||Q) (TV <= sqrt(KL/2))"))
    return out


TRANSFER = Claim(
    id="risk-transfer-tv-wasserstein",
    title="Risk transfer under distribution shift through total variation, KL and Wasserstein-1",
    statement="for l with values in [0, 1]: |E_P l - E_Q l| <= TV(P, Q) <= sqrt(KL(P||Q)/2); for K-Lipschitz l on the "
              "line: |E_P l - E_Q l| <= K W1(P, Q)",
    sources=[Source(MSML, "Ch. 24, line 1510 and App. B Thm 6.2 (OOD bounds via TV, KL, Wasserstein)", ("MSML-275",))],
    kind="exact",
    area="generalization",
    instances=transfer_instances(),
    conclusion=transfer,
    proof_idea="sum l (p - q) lies between -sum (p - q)^- and sum (p - q)^+ = TV; Pinsker; summation by parts on the line, "
               "sum l (p - q) = -sum (l_{i+1} - l_i)(F_P - F_Q)(x_i), with |l_{i+1} - l_i| <= K (x_{i+1} - x_i).",
    mutants=[
        Mutant("tv-squared", "l = 1{P > Q} gives |E_P l - E_Q l| = TV > TV^2 when 0 < TV < 1",
               conclusion=lambda i: le(_gap(i.P, i.Q, i.ell), tv(i.P, i.Q) ** 2, label="|E_P l - E_Q l| <= TV^2"),
               instances=transfers("indicator")),
        Mutant("w1-without-lipschitz", "an indicator on points closer than 1 is not 1-Lipschitz: W1 <= TV diam < TV",
               conclusion=lambda i: le(_gap(i.P, i.Q, i.ell), w1_line(i.points, i.P, i.Q), label="|E_P l - E_Q l| <= W1"),
               instances=transfers("indicator", unit=True)),
        Mutant("lipschitz-constant-dropped", "l = K x under stochastic dominance attains K W1",
               conclusion=lambda i: le(_gap(i.P, i.Q, i.lip), w1_line(i.points, i.P, i.Q), label="|E_P l - E_Q l| <= W1"),
               instances=transfers("dominance").filter(lambda i: i.K > 1)),
    ],
    examples=40,
)
test_risk_transfer_tv_wasserstein = TRANSFER.test()


# --- claim 4: adaptation is no harder than zero-shot (and the audit) --------------------------------------


def _bayes_risks(inst: Scenarios) -> tuple[Fraction, Fraction]:
    """Uniform prior over the scenarios: zero-shot ``min_h mean_θ ε_θ(h)`` and adaptive
    ``Σ_D (|group|/k) min_h mean_{θ ∈ group} ε_θ(h)``."""
    H = list(itertools.product((0, 1), repeat=inst.m))
    k = len(inst.scenarios)
    zs = min(sum((disagreement(D, h, f) for D, f in inst.scenarios), Fraction(0)) / k for h in H)
    groups: dict = {}
    for D, f in inst.scenarios:
        groups.setdefault(D, []).append(f)
    da = sum((min(sum((disagreement(D, h, f) for f in fs), Fraction(0)) for h in H) for D, fs in groups.items()),
             Fraction(0)) / k
    return zs, da


def _minimax(inst: Scenarios) -> tuple[Fraction, Fraction]:
    return minimax_risks(inst.scenarios, list(itertools.product((0, 1), repeat=inst.m)))


def no_harder(inst: Scenarios) -> list[Check]:
    zs, da = _minimax(inst)
    bzs, bda = _bayes_risks(inst)
    return [le(da, zs, label="minimax risk with unlabelled target data <= zero-shot minimax risk"),
            le(bda, bzs, label="Bayes risk with unlabelled target data <= zero-shot Bayes risk")]


def strictly_easier(inst: Scenarios) -> Check:
    zs, da = _minimax(inst)
    return holds(da < zs, "adaptive minimax risk < zero-shot minimax risk", f"adaptive {da}, zero-shot {zs}")


def useless(inst: Scenarios) -> Check:
    zs, da = _minimax(inst)
    return equal(da, zs, label="adaptive minimax risk = zero-shot minimax risk")


NO_HARDER = Claim(
    id="adaptation-no-harder-than-zero-shot",
    title="Unlabelled target data cannot make adaptation harder than zero-shot transfer",
    statement="over a finite set of target scenarios (D_T, f_T) sharing the labelled source data, with H all "
              "{0,1}-valued functions: max_D min_h max_{theta: D_T = D} eps_theta(h) <= min_h max_theta eps_theta(h), and "
              "likewise for the Bayes risk under a uniform prior on the scenarios",
    sources=[Source(MSML, "Ch. 24, C.19 Common Mistakes 4 (the corrected statement)", ("MSML-268",))],
    kind="exact",
    area="generalization",
    instances=scenario_instances(),
    conclusion=no_harder,
    proof_idea="A zero-shot rule is an adaptive rule that ignores the target marginal, and a minimum over a larger set "
               "of rules is no larger; the inequality is strict when the marginals separate scenarios with conflicting "
               "labellings.",
    mutants=[
        Mutant("strictly-easier", "when every scenario has the same target marginal, the unlabelled data carry no "
               "information", conclusion=strictly_easier, instances=scenario_sets("uninformative")),
        Mutant("target-data-useless", "marginals that identify the scenario let the adapter pick its labelling",
               conclusion=useless, instances=scenario_sets("informative")),
    ],
    examples=30,
)
test_adaptation_no_harder_than_zero_shot = NO_HARDER.test()


def harder_as_printed(inst: Scenarios) -> Check:
    zs, da = _minimax(inst)
    return ge(da, zs, label="domain adaptation (unlabelled target data) is at least as hard as zero-shot")


HARDER_AUDIT = Claim(
    id="adaptation-harder-than-zero-shot-as-printed",
    title="Audit: 'domain adaptation (unlabelled target data) is harder than zero-shot'",
    statement="domain adaptation, with unlabelled target data available, is harder than zero-shot transfer",
    sources=[Source(MSML, "Ch. 24, C.19 Common Mistakes 4", ("MSML-268",))],
    kind="exact",
    area="generalization",
    instances=scenario_instances(),
    conclusion=harder_as_printed,
    proof_idea="The adapter may ignore the unlabelled data, so its optimal risk is never larger.",
    audit=True,
    corrected="adaptation-no-harder-than-zero-shot",
    finding="An adapter may ignore the unlabelled target sample, so its minimax (or Bayes) risk is at most a zero-shot "
            "learner's, and strictly smaller when the target marginal separates scenarios whose labellings conflict "
            "(two scenarios on two atoms, tilted marginals, complementary labellings: zero-shot risk > 0, adaptive 0). "
            "The problems differ in method, not in difficulty.",
)
test_adaptation_harder_than_zero_shot_as_printed = HARDER_AUDIT.test()
