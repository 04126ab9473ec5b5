"""Excess-risk decomposition, and why uniform convergence makes ERM nearly optimal in its class.

Statement.  For a class ``F`` of classifiers, the Bayes risk ``R*``, the best-in-class ``f_F``, an
empirical risk minimizer ``f̃`` and any output ``f̂ ∈ F`` of an algorithm:
``R(f̂) - R* = [R(f_F) - R*] + [R(f̃) - R(f_F)] + [R(f̂) - R(f̃)]`` (approximation ``>= 0``, estimation
``>= 0``, optimization, which can be negative).  The estimation term satisfies
``R(f̃) - R(f_F) <= [R(f̃) - R̂(f̃)] + [R̂(f_F) - R(f_F)] <= 2 sup_F |R - R̂|``, so
``sup_F |R - R̂| <= ε`` implies ``R(f̃) <= inf_F R + 2ε``; the factor 2 cannot be lowered.
The algebra of the B.20 "time-to-target" ansatz ``A e^{-t/κ} + F_0`` (a modelling assumption, not a
theorem): the target ``ε > F_0`` is reached at ``t* = κ ln(A/(ε - F_0))``, and ``Cσ²/m + D c log₂ m`` is
minimized at ``m* = Cσ² ln 2/(D c)``.

Sources.  Teng–Wang–Zhang §7.2 (TENG-35); *The Mathematical Structure of Machine Learning*, Ch. 24:
the unified risk decomposition (MSML-24), the ResNet error decomposition (MSML-334, audited below),
and the algebra of B.20 (MSML-204).

Proof idea.  The decomposition telescopes.  ``R̂(f̃) <= R̂(f_F)`` by definition of ERM, so
``R(f̃) - R(f_F) = [R(f̃) - R̂(f̃)] + [R̂(f̃) - R̂(f_F)] + [R̂(f_F) - R(f_F)]`` with a middle term ``<= 0``.
Two hypotheses whose deviations have opposite signs make both outer terms ``ε``.

Everything is exact: finite domains, rational probabilities, 0-1 loss, Fractions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, le
from checks.coverage import Uncovered
from checks.documents import MSML, TENG

SEEDS = st.integers(0, 2**32 - 1)
EPS = float(np.finfo(float).eps)

NOT_CHECKED = (
    Uncovered("MSML-68", area="generalization", checkable="no",
              reason="the B.20 'unified time-to-target bound' is a heuristic sum with undefined constants, "
                     "not a theorem; its algebra is checked under MSML-204"),
)


# --- instances ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RiskProblem:
    """Joint weights ``w[x][y]`` on ``{0..k-1} × {0,1}`` (``P = w/Σw``), a class of labelings of the
    ``k`` points, a sample of ``(x, y)`` pairs, and the index of an arbitrary output ``f̂ ∈ F``."""

    weights: tuple[tuple[int, int], ...]
    F: tuple[tuple[int, ...], ...]
    sample: tuple[tuple[int, int], ...]
    output: int
    family: str


@st.composite
def risk_problems(draw: st.DrawFn) -> RiskProblem:
    """Random problems with a sample drawn from the law, and the two-hypothesis family: one point,
    ``P(y = 1) = p/(2p + 1)``, ``F = {always 0, always 1}``, and a sample of ``j`` ones and ``j - 1``
    zeros, on which the ERM picks the worse hypothesis (the bound holds for every sample, so samples
    are drawn directly; as ``j`` grows, the estimation error approaches ``2 sup |R - R_S|``)."""
    rng = np.random.default_rng(draw(SEEDS))
    if draw(st.booleans()):
        k = draw(st.integers(1, 5))
        weights = tuple((int(a), int(b)) for a, b in rng.integers(0, 6, (k, 2)) + np.array([[1, 0]]))
        size = draw(st.integers(1, 2**k))
        F = tuple(dict.fromkeys(tuple(int(v) for v in rng.integers(0, 2, k)) for _ in range(size)))
        W = np.array([v for ab in weights for v in ab], dtype=float)  # cell 2x + y
        cells = rng.choice(len(W), size=draw(st.integers(1, 8)), p=W / W.sum())
        sample = tuple((int(c) // 2, int(c) % 2) for c in cells)
        family = "random"
    else:
        p, j = draw(st.integers(1, 4)), draw(st.integers(1, 9))
        weights, F, family = ((p + 1, p),), ((0,), (1,)), "two hypotheses"
        sample = ((0, 1),) * j + ((0, 0),) * (j - 1)
    return RiskProblem(weights, F, sample, draw(st.integers(0, len(F) - 1)), family)


# --- the quantities ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Risks:
    R: tuple[Fraction, ...]
    emp: tuple[Fraction, ...]
    bayes: Fraction
    best: int
    erm: int


def risks(P: RiskProblem) -> Risks:
    W = sum(a + b for a, b in P.weights)
    R = tuple(Fraction(sum(P.weights[x][1 - f[x]] for x in range(len(f))), W) for f in P.F)
    emp = tuple(Fraction(sum(f[x] != y for x, y in P.sample), len(P.sample)) for f in P.F)
    bayes = Fraction(sum(min(a, b) for a, b in P.weights), W)
    best = min(range(len(P.F)), key=lambda i: R[i])
    erm = min(range(len(P.F)), key=lambda i: emp[i])
    return Risks(R, emp, bayes, best, erm)


def decomposition(P: RiskProblem) -> list[Check]:
    r = risks(P)
    approx, est = r.R[r.best] - r.bayes, r.R[r.erm] - r.R[r.best]
    opt = r.R[P.output] - r.R[r.erm]
    sup = max(abs(a - b) for a, b in zip(r.R, r.emp))
    return [equal(approx + est + opt, r.R[P.output] - r.bayes, label="R(f^) - R* = approx + est + opt"),
            ge(approx, 0, label="approximation R(f_F) - R* >= 0"),
            ge(est, 0, label="estimation R(f~) - R(f_F) >= 0"),
            le(est, (r.R[r.erm] - r.emp[r.erm]) + (r.emp[r.best] - r.R[r.best]),
               label="est <= [R(f~) - R_S(f~)] + [R_S(f_F) - R(f_F)]"),
            le(est, 2 * sup, label="est <= 2 sup_F |R - R_S|")]


def optimization_nonnegative(P: RiskProblem) -> Check:
    r = risks(P)
    return ge(r.R[P.output] - r.R[r.erm], 0, label="optimization R(f^) - R(f~) >= 0")


def estimation_factor_one(P: RiskProblem) -> Check:
    r = risks(P)
    return le(r.R[r.erm] - r.R[r.best], max(abs(a - b) for a, b in zip(r.R, r.emp)),
              label="est <= sup_F |R - R_S|")


def estimation_own_deviation(P: RiskProblem) -> Check:
    r = risks(P)
    return le(r.R[r.erm] - r.R[r.best], abs(r.R[r.erm] - r.emp[r.erm]), label="est <= |R(f~) - R_S(f~)|")


DECOMPOSITION = Claim(
    id="excess-risk-decomposition",
    title="Excess-risk decomposition; the ERM estimation error is at most 2 sup |R - R_S|",
    statement="R(f^) - R* = [R(f_F) - R*] + [R(f~) - R(f_F)] + [R(f^) - R(f~)] with the first two terms >= 0, "
              "and R(f~) - R(f_F) <= 2 sup_F |R - R_S| for an empirical risk minimizer f~",
    sources=[Source(TENG, "§7.2, lines 582-590", ("TENG-35",)),
             Source(MSML, "Unified Risk Decomposition Theorem and B.2", ("MSML-24",)),
             Source(MSML, "App. B Thm 1.1 (test error decomposition, corrected)", ("MSML-334",))],
    kind="exact",
    area="generalization",
    instances=risk_problems(),
    conclusion=decomposition,
    proof_idea="Telescoping; the ERM property R_S(f~) <= R_S(f_F) drops the middle term of "
               "R(f~) - R(f_F) = [R - R_S](f~) + [R_S(f~) - R_S(f_F)] + [R_S - R](f_F).",
    mutants=[Mutant("optimization-nonnegative", "an output f^ = f_F better than the ERM has R(f^) < R(f~)",
                    conclusion=optimization_nonnegative),
             Mutant("factor-one", "two hypotheses with opposite deviations: est -> 2 eps > eps (caught once j > p + 1)",
                    conclusion=estimation_factor_one),
             Mutant("own-deviation", "the deviation of f_F also enters: the ERM can be exact on S while f_F is "
                    "underrated", conclusion=estimation_own_deviation)],
    examples=100,
)
test_excess_risk_decomposition = DECOMPOSITION.test()


# --- audit: the ResNet error accounting ---------------------------------------------------------------

@dataclass(frozen=True)
class ErrorReport:
    """Train and test error and a Bayes-error estimate (percent), and the accounting applied to them:
    ``L_opt = test - train`` and ``L_gen = test - L_approx - L_opt`` with ``L_approx = bayes``."""

    train: Fraction
    test: Fraction
    bayes: Fraction
    source: str


REPORTS = st.one_of(
    st.just(ErrorReport(Fraction(22), Fraction(24), Fraction(5), "the document's ResNet-50 numbers")),
    st.builds(lambda b, excess, gap: ErrorReport(Fraction(b + excess), Fraction(b + excess + gap), Fraction(b), "drawn"),
              st.integers(0, 10), st.integers(0, 30), st.integers(0, 10)))


def printed_accounting(r: ErrorReport) -> Check:
    l_opt = r.test - r.train
    l_gen = r.test - r.bayes - l_opt
    return equal(l_gen, r.test - r.train, label="L_gen (as assigned) = the train-test gap")


ACCOUNTING_AUDIT = Claim(
    id="resnet-error-accounting",
    title="Audit: 'L_approx ≈ 5%, L_opt ≈ 2%, L_gen ≈ 17%' for ResNet-50",
    statement="as printed: with L_opt = test - train and L_gen = test - L_approx - L_opt, L_gen is the "
              "train-test (generalization) gap",
    sources=[Source(MSML, "line 1588 and App. B Thm 1.1", ("MSML-334",))],
    kind="exact",
    area="generalization",
    instances=REPORTS,
    conclusion=printed_accounting,
    proof_idea="test - train is the generalization gap; the remainder test - bayes - (test - train) = train - bayes "
               "is approximation plus optimization error.",
    audit=True,
    corrected="excess-risk-decomposition",
    finding="24% - 22% = 2% is the train-test (generalization) gap, yet the document calls it the optimization gap "
            "and assigns 17% to the 'training-test gap'; with train 22%, test 24%, Bayes 5%: L_gen = 2%, and "
            "train - Bayes = 17% is approximation plus optimization error. 'Generalization dominates' does not follow.",
    examples=20,
)
test_resnet_error_accounting = ACCOUNTING_AUDIT.test()


# --- the algebra of the B.20 ansatz ------------------------------------------------------------------

@dataclass(frozen=True)
class Ansatz:
    A: float
    kappa: float
    floor: float
    eps: float
    C_sigma2: float
    Dc: float


ANSATZ = st.builds(lambda A, k, f, r, cs, dc: Ansatz(A, k, f, f * (1 + r), cs, dc),
                   st.floats(0.5, 10), st.floats(1, 1000), st.floats(0.01, 0.3), st.floats(0.01, 5),
                   st.floats(0.1, 100), st.floats(0.01, 10))


def time_to_target(a: Ansatz, use_floor: bool = True, ln2: bool = True) -> list[Check]:
    t = a.kappa * math.log(a.A / (a.eps - (a.floor if use_floor else 0)))
    m = a.C_sigma2 * (math.log(2) if ln2 else 1) / a.Dc
    rhs = a.A * math.exp(-t / a.kappa) + a.floor
    # stationarity of C s^2/m + Dc log2(m): the two terms of the derivative, C s^2/m^2 and Dc/(m ln 2), agree
    balance = (a.C_sigma2 / m**2) / (a.Dc / (m * math.log(2)))
    why = "16 eps relative (exp of a logarithm <= 12 in size, a few products)"
    return [close(rhs, a.eps, tol=16 * EPS * (a.eps + a.A), label="A e^(-t*/kappa) + F = eps", why=why),
            close(balance, 1.0, tol=16 * EPS, label="C s^2/m*^2 = Dc/(m* ln 2) (stationary point)", why=why)]


TIME_TO_TARGET = Claim(
    id="time-to-target-algebra",
    title="Algebra of the B.20 time-to-target ansatz",
    statement="if the excess risk is modelled as A e^(-t/kappa) + F with F < eps, the target eps is reached at "
              "t* = kappa ln(A/(eps - F)); C s^2/m + D c log2(m) is minimized at m* = C s^2 ln 2/(D c)",
    sources=[Source(MSML, "B.20 (Hyper-Deep), line 404 (the ansatz is assumed, not proved)", ("MSML-204",))],
    kind="numeric",
    area="generalization",
    instances=ANSATZ,
    conclusion=time_to_target,
    proof_idea="Solve A e^(-t/kappa) = eps - F; set the derivative -C s^2/m^2 + D c/(m ln 2) to zero.",
    mutants=[Mutant("no-floor", "t = kappa ln(A/eps) leaves the floor out: the model is then at "
                    "eps + F > eps", conclusion=lambda a: time_to_target(a, use_floor=False)[0]),
             Mutant("no-ln2", "m* = C s^2/(D c) misses the change of base of log2",
                    conclusion=lambda a: time_to_target(a, ln2=False)[1])],
    examples=60,
)
test_time_to_target_algebra = TIME_TO_TARGET.test()
