"""Finite-class generalization bounds: Hoeffding for a fixed hypothesis, the union bound for a finite
class, the realizable 1/n rate, and why a data-dependent hypothesis needs the union bound.

Statement.  Let the loss take values in ``{0, 1}``, ``S`` be ``n`` i.i.d. draws and ``δ ∈ (0, 1)``.
- Fixed ``f`` (chosen before ``S``): ``E R̂_S(f) = R(f)`` and
  ``P(|R̂_S(f) - R(f)| > √(ln(2/δ)/(2n))) <= δ`` (Hoeffding: ``P(|R̂ - R| > ε) <= 2e^{-2nε²}``).
- Finite ``H``: ``P(∃h ∈ H: |R̂(h) - R(h)| > ε) <= Σ_h P(|R̂(h) - R(h)| > ε) <= 2|H| e^{-2nε²}``, so
  with probability ``>= 1 - δ`` every ``h`` has ``|R̂(h) - R(h)| <= √(ln(2|H|/δ)/(2n))``.
- Consequently the ERM output ``ĥ`` has ``|R̂(ĥ) - R(ĥ)| <= √(ln(2|H|/δ)/(2n))`` and
  ``R(ĥ) <= min_H R + 2√(ln(2|H|/δ)/(2n))`` with probability ``>= 1 - δ``; without the ``ln |H|``
  term (Hoeffding applied to the data-dependent ``ĥ``) the statement is false: a memorizer has
  ``R̂(ĥ) = 0`` and ``R(ĥ) = 1/2``.
- Realizable case (some ``h* ∈ H`` has ``R(h*) = 0``): with probability ``>= 1 - δ`` every ``h``
  consistent with ``S`` has ``R(h) <= (ln|H| + ln(1/δ))/n``, since
  ``P(∃h: R̂(h) = 0, R(h) > ε) <= Σ_{R(h) > ε} (1 - R(h))^n <= |H| e^{-εn}``.
- Overparametrized least squares (``rank X = n < d``) has the affine subspace ``w0 + ker X`` of
  dimension ``d - n`` as its global minima, a continuum: the union bound cannot be restricted to
  finitely many candidate minimizers.

Sources.  Zhao, *From Approximation to Emergence*, Def. 2.1 and §2.2 (ZHAO-1), §7.2 (ZHAO-50,
ZHAO-51); Arora et al., *Theory of Deep Learning*, Thm 5.2.1 (ARORA-52, printed with the weaker
radius ``2√((ln N + ln(1/δ))/m)``, still true), Example 5.2.2 (ARORA-90); *The Mathematical
Structure of Machine Learning*, Ch. 24 (MSML-274: true for a fixed hypothesis, false as printed for
the trained model, see the audit claim).

Proof idea.  ``R̂(f)`` is a mean of ``n`` i.i.d. ``[0,1]`` variables of mean ``R(f)``; Hoeffding's
lemma bounds its moment generating function and Chernoff's method gives ``2e^{-2nε²}``.  A
data-dependent ``ĥ`` is one of the ``|H|`` fixed hypotheses, so its deviation is at most the largest
of them, and the union bound costs a factor ``|H|``.  In the realizable case a fixed ``h`` with
``R(h) > ε`` survives ``n`` draws with probability ``(1 - R(h))^n <= e^{-εn}``.

Everything is exact: the law of the sample on a finite support is enumerated through its count
vectors (``checks.finite_class``), probabilities are fractions, and the irrational radii are enclosed
between rationals (an undecidable comparison raises).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, ge, le
from checks.coverage import Uncovered
from checks.documents import ARORA, MSML, ZHAO
from checks.finite_class import (erm_indices, exceeds, gaps, hoeffding_radius_enclosure,
                                 log_enclosure, loss_counts, probability, risks, sample_law, scaled,
                                 sqrt_enclosure)
from checks.strategies.finite_problems import (SEEDS, Instance, finite_instances, memorizer_instances,
                                               realizable_instances, single_hypothesis_instances)

NOT_CHECKED = (
    Uncovered("ARORA-49", area="generalization", checkable="no",
              reason="a template 'Δ ≤ √((C(H) + O(log 1/δ))/m)' with an unspecified complexity C(H); its "
                     "instances (ARORA-52 here) are checked"),
)


def _radius_event(inst: Instance, G: np.ndarray, bounds: tuple[Fraction, Fraction], two_sided: bool = True
                  ) -> np.ndarray:
    """Per sample and hypothesis: ``|R - R̂| > τ`` (or ``R - R̂ > τ``) for ``τ`` in ``bounds``."""
    scale = inst.problem.total * inst.n
    return exceeds(np.abs(G) if two_sided else G, scale, bounds)


# --- claim 1: a fixed hypothesis ------------------------------------------------------------------

def _fixed(inst: Instance, c: int) -> list[Check]:
    P, n, q = inst.problem, inst.n, inst.q
    _, nums, den = sample_law(P, n)
    L = loss_counts(P, n)[:, 0]
    mean = Fraction(sum(m * int(x) for m, x in zip(nums, L.tolist())), den * n)
    tau = hoeffding_radius_enclosure(2 * q, n, c)
    tail = probability(P, n, _radius_event(inst, gaps(P, n)[:, [0]], tau)[:, 0])
    return [equal(mean, risks(P)[0], label="E R_S(f) = R(f)"),
            le(tail, Fraction(1, q), label=f"P(|R_S(f) - R(f)| > sqrt(ln(2/delta)/({c}n))) <= delta")]


def fixed_hypothesis(inst: Instance) -> list[Check]:
    return _fixed(inst, 2)


def fixed_exponent_four(inst: Instance) -> list[Check]:
    return _fixed(inst, 4)[1:]


def erm_unbiased(inst: Instance) -> Check:
    P, n = inst.problem, inst.n
    _, nums, den = sample_law(P, n)
    idx = erm_indices(P, n)
    L = loss_counts(P, n)[np.arange(len(idx)), idx]
    R = risks(P)
    emp = Fraction(sum(m * int(x) for m, x in zip(nums, L.tolist())), den * n)
    true = sum((m * R[int(h)] for m, h in zip(nums, idx.tolist())), Fraction(0)) / den
    return equal(emp, true, label="E R_S(h_ERM) = E R(h_ERM)")


FIXED = Claim(
    id="hoeffding-fixed-hypothesis",
    title="Empirical risk of a fixed hypothesis: unbiased, with a Hoeffding tail",
    statement="for f chosen before the sample and a {0,1} loss: E R_S(f) = R(f) and "
              "P(|R_S(f) - R(f)| > sqrt(ln(2/delta)/(2n))) <= delta",
    sources=[Source(ZHAO, "Def. 2.1, §2.2", ("ZHAO-1",)),
             Source(MSML, "Ch. 24, lines 1510, 1585 (the fixed-hypothesis reading)", ("MSML-274",))],
    kind="exact",
    area="generalization",
    instances=single_hypothesis_instances(),
    conclusion=fixed_hypothesis,
    proof_idea="Linearity of expectation; Hoeffding's lemma E e^{s(X - EX)} <= e^{s^2/8} for X in [0,1] "
               "and Chernoff's bound, optimized at s = 4 n eps.",
    mutants=[
        Mutant("exponent-four-n", "the Hoeffding exponent 2n eps^2 cannot be doubled: a fair coin at n = 2 "
               "deviates by 1/2 with probability 1/2", conclusion=fixed_exponent_four),
        Mutant("erm-unbiased", "the empirical risk of the ERM output is optimistically biased (a memorizer "
               "has E R_S = 0 < 1/2)", conclusion=erm_unbiased, instances=finite_instances()),
    ],
    examples=60,
)
test_hoeffding_fixed_hypothesis = FIXED.test()


# --- claim 2: the finite-class union bound --------------------------------------------------------

def _uniform(inst: Instance, log_arg: int, c: int) -> tuple[Fraction, Fraction]:
    P, n = inst.problem, inst.n
    tau = hoeffding_radius_enclosure(log_arg, n, c)
    ev = _radius_event(inst, gaps(P, n), tau)
    return probability(P, n, ev.any(axis=1)), sum((probability(P, n, ev[:, h]) for h in range(ev.shape[1])),
                                                  Fraction(0))


def uniform(inst: Instance) -> list[Check]:
    P, n, q, N = inst.problem, inst.n, inst.q, len(inst.problem.losses)
    sup, union = _uniform(inst, 2 * N * q, 2)
    # Arora, Thm 5.2.1: one-sided, radius 2 sqrt((ln N + ln(1/delta))/m) = sqrt(ln(N q) / (m/4))
    tau = scaled(log_enclosure(N * q), Fraction(4, n))
    one_sided = probability(P, n, _radius_event(inst, gaps(P, n), sqrt_enclosure(tau), two_sided=False).any(axis=1))
    return [le(sup, union, label="P(exists h: |R_S - R| > eps) <= sum_h P(|R_S(h) - R(h)| > eps)"),
            le(sup, Fraction(1, q), label="P(sup_h |R_S - R| > sqrt(ln(2|H|/delta)/(2n))) <= delta"),
            le(one_sided, Fraction(1, q), label="P(sup_h (R - R_S) > 2 sqrt(ln(|H|/delta)/n)) <= delta")]


def uniform_without_log_h(inst: Instance) -> Check:
    sup, _ = _uniform(inst, 2 * inst.q, 2)
    return le(sup, Fraction(1, inst.q), label="P(sup_h |R_S - R| > sqrt(ln(2/delta)/(2n))) <= delta")


def uniform_eighth(inst: Instance) -> Check:
    P, n, q, N = inst.problem, inst.n, inst.q, len(inst.problem.losses)
    tau = hoeffding_radius_enclosure(N * q, n, 8)
    ev = _radius_event(inst, gaps(P, n), tau, two_sided=False).any(axis=1)
    return le(probability(P, n, ev), Fraction(1, q), label="P(sup_h (R - R_S) > sqrt(ln(|H|/delta)/(8n))) <= delta")


UNIFORM = Claim(
    id="finite-class-uniform-convergence",
    title="Uniform convergence over a finite class (Hoeffding + union bound)",
    statement="for a finite class H and a {0,1} loss: P(exists h: |R_S(h) - R(h)| > eps) <= "
              "sum_h P(|R_S(h) - R(h)| > eps), and with probability >= 1 - delta every h has "
              "|R_S(h) - R(h)| <= sqrt(ln(2|H|/delta)/(2n)) (one-sided, R - R_S <= 2 sqrt(ln(|H|/delta)/n))",
    sources=[Source(ZHAO, "§7.2, Finite hypothesis classes (Fig. 7.3)", ("ZHAO-50",)),
             Source(ARORA, "Thm 5.2.1", ("ARORA-52",))],
    kind="exact",
    area="generalization",
    instances=finite_instances(),
    conclusion=uniform,
    proof_idea="The union bound over the |H| events {|R_S(h) - R(h)| > eps}, each of probability <= "
               "2 exp(-2 n eps^2) by Hoeffding; solve 2|H| exp(-2 n eps^2) = delta for eps.",
    mutants=[
        Mutant("drop-log-h", "the supremum of |H| deviations exceeds a single one: for all labelings of "
               "3 points under fair noise some hypothesis fits every small sample", conclusion=uniform_without_log_h),
        Mutant("radius-over-8n", "the radius sqrt(ln(N/delta)/(8m)) is below Hoeffding's single-hypothesis "
               "radius, which is attained up to constants by fair losses", conclusion=uniform_eighth),
    ],
    examples=80,
)
test_finite_class_uniform_convergence = UNIFORM.test()


# --- claim 3: the data-dependent ERM output, and the audit of MSML-274 -----------------------------

def _erm_tail(inst: Instance, log_arg: int) -> Fraction:
    P, n = inst.problem, inst.n
    idx = erm_indices(P, n)
    G = gaps(P, n)[np.arange(len(idx)), idx][:, None]
    return probability(P, n, _radius_event(inst, G, hoeffding_radius_enclosure(log_arg, n, 2))[:, 0])


def erm_output(inst: Instance) -> list[Check]:
    P, n, q, N = inst.problem, inst.n, inst.q, len(inst.problem.losses)
    idx = erm_indices(P, n)
    R = risks(P)
    excess = np.asarray([R[int(h)] - min(R) for h in idx.tolist()], dtype=object) * (P.total * n)
    # 2 eps with eps = sqrt(ln(2Nq)/(2n)):  (2 eps)^2 = ln(2Nq) * 2/n
    two_eps = sqrt_enclosure(scaled(log_enclosure(2 * N * q), Fraction(2, n)))
    excess_tail = probability(P, n, exceeds(excess.astype(object), P.total * n, two_eps))
    return [le(_erm_tail(inst, 2 * N * q), Fraction(1, q),
               label="P(|R_S(h_ERM) - R(h_ERM)| > sqrt(ln(2|H|/delta)/(2n))) <= delta"),
            le(excess_tail, Fraction(1, q), label="P(R(h_ERM) > min_H R + 2 sqrt(ln(2|H|/delta)/(2n))) <= delta")]


def erm_hoeffding(inst: Instance) -> Check:
    return le(_erm_tail(inst, 2 * inst.q), Fraction(1, inst.q),
              label="P(|R_S(h_ERM) - R(h_ERM)| > sqrt(ln(2/delta)/(2n))) <= delta")


ERM = Claim(
    id="erm-output-deviation",
    title="The ERM output over a finite class: deviation and excess risk",
    statement="for the ERM output h over a finite class: with probability >= 1 - delta, "
              "|R_S(h) - R(h)| <= sqrt(ln(2|H|/delta)/(2n)) and R(h) <= min_H R + 2 sqrt(ln(2|H|/delta)/(2n))",
    sources=[Source(ZHAO, "§7.2 (ERM corollary)", ("ZHAO-50",)),
             Source(MSML, "Ch. 24, line 1510 (corrected: the learned model needs the class term)", ("MSML-274",))],
    kind="exact",
    area="generalization",
    instances=finite_instances(),
    conclusion=erm_output,
    proof_idea="h_ERM is one of the |H| hypotheses, so its deviation is at most sup_h; and "
               "R(h_ERM) <= R_S(h_ERM) + eps <= R_S(h*) + eps <= R(h*) + 2 eps on the uniform event.",
    mutants=[Mutant("hoeffding-for-erm", "Hoeffding needs f independent of the sample: the ERM memorizer has "
                    "gap 1/2 on every sample without repeated points", conclusion=erm_hoeffding,
                    instances=memorizer_instances())],
    examples=80,
)
test_erm_output_deviation = ERM.test()

ERM_AUDIT = Claim(
    id="trained-model-hoeffding-gap",
    title="Audit: the single-hypothesis Hoeffding rate applied to the trained model",
    statement="as printed: w.p. >= 1 - delta, |L_train - L_test| <= sqrt(log(2/delta)/(2n)) for the learned "
              "model (here the ERM output over a finite class)",
    sources=[Source(MSML, "Ch. 24, line 1510", ("MSML-274",))],
    kind="exact",
    area="generalization",
    instances=finite_instances(),
    conclusion=erm_hoeffding,
    proof_idea="Hoeffding's inequality holds for a hypothesis fixed before the sample; the trained model "
               "depends on it.",
    audit=True,
    corrected="erm-output-deviation",
    finding="the O(sqrt(log(1/delta)/n)) train-test gap holds for a fixed predictor but not for the trained "
            "one: the ERM over all labelings of a few points under fair label noise fits the sample "
            "(train error 0) while every hypothesis has risk 1/2; the corrected bound adds ln|H| (or a "
            "complexity term) under the root. The text writes O(sqrt(log(1/delta)/n)); checked with Hoeffding's "
            "constant, and for any constant C the gap 1/2 of a memorizer on many points exceeds "
            "C sqrt(log(1/delta)/n) once n > 4 C^2 log(1/delta)",
    examples=300,  # the violating ERM-over-all-labelings instances are a small part of the space
)
test_trained_model_hoeffding_gap = ERM_AUDIT.test()


# --- claim 4: the realizable case -----------------------------------------------------------------

def _realizable(inst: Instance, N_factor: bool, power: int) -> tuple[Fraction, tuple[Fraction, Fraction]]:
    P, n, q, N = inst.problem, inst.n, inst.q, len(inst.problem.losses)
    eps = scaled(log_enclosure(N * q if N_factor else q), Fraction(1, n**power))
    R = risks(P)
    bad = np.asarray([R[h] > eps[1] for h in range(N)])
    undecided = [h for h in range(N) if eps[0] < R[h] <= eps[1]]
    if undecided:
        raise ValueError("enclosure cannot decide R(h) > eps")
    consistent = loss_counts(P, n) == 0
    return probability(P, n, (consistent & bad[None, :]).any(axis=1)), eps


def realizable_bound(inst: Instance) -> list[Check]:
    P, n, q = inst.problem, inst.n, inst.q
    tail, eps = _realizable(inst, True, 1)
    union = sum(((1 - r) ** n for r in risks(P) if r > eps[1]), Fraction(0))
    return [le(tail, union, label="P(exists consistent h with R(h) > eps) <= sum_{R(h) > eps} (1 - R(h))^n"),
            le(tail, Fraction(1, q), label="P(exists consistent h with R(h) > (ln|H| + ln(1/delta))/n) <= delta")]


def realizable_n_squared(inst: Instance) -> Check:
    tail, _ = _realizable(inst, True, 2)
    return le(tail, Fraction(1, inst.q), label="P(exists consistent h, R(h) > (ln|H| + ln(1/delta))/n^2) <= delta")


def realizable_without_log_h(inst: Instance) -> Check:
    tail, _ = _realizable(inst, False, 1)
    return le(tail, Fraction(1, inst.q), label="P(exists consistent h, R(h) > ln(1/delta)/n) <= delta")


REALIZABLE = Claim(
    id="finite-class-realizable-rate",
    title="Realizable finite class: consistent hypotheses have risk O((ln|H| + ln(1/delta))/n)",
    statement="if some h in the finite class H has R(h) = 0, then with probability >= 1 - delta every h with "
              "R_S(h) = 0 has R(h) <= (ln|H| + ln(1/delta))/n",
    sources=[Source(ZHAO, "§7.2, Fig. 7.3 caption and Remark 7.5", ("ZHAO-51",))],
    kind="exact",
    area="generalization",
    instances=realizable_instances(),
    conclusion=realizable_bound,
    proof_idea="A fixed h with R(h) > eps is consistent with n draws with probability (1 - R(h))^n <= e^{-eps n}; "
               "the union bound over at most |H| such h, and |H| e^{-eps n} = delta.",
    mutants=[
        Mutant("n-squared", "the 1/n rate cannot be improved to 1/n^2: a hypothesis of risk 1/m is consistent "
               "with n draws with probability (1 - 1/m)^n", conclusion=realizable_n_squared),
        Mutant("drop-log-h", "with m hypotheses erring on disjoint points, some is consistent whenever a point "
               "is missed, far more often than one fixed hypothesis", conclusion=realizable_without_log_h),
    ],
    examples=80,
)
test_finite_class_realizable_rate = REALIZABLE.test()


# --- claim 5: a continuum of global minima (why a naive finite union bound over minimizers fails) ---

@dataclass(frozen=True)
class Design:
    """An integer design ``X`` (n x d) and targets ``y``, and a rational direction seed ``t``."""

    X: tuple[tuple[int, ...], ...]
    y: tuple[int, ...]
    t: tuple[int, ...]

    def __repr__(self) -> str:
        return f"Design(n={len(self.X)}, d={len(self.X[0])}, X={list(self.X)}, y={list(self.y)})"


@st.composite
def designs(draw: st.DrawFn) -> Design:
    """``n < d <= 5``, ``X`` of full row rank (redrawn until it is), integer ``y``."""
    rng = np.random.default_rng(draw(SEEDS))
    d = draw(st.integers(2, 5))
    n = draw(st.integers(1, d - 1))
    while True:
        X = rng.integers(-3, 4, size=(n, d))
        if sp.Matrix(X.tolist()).rank() == n:
            break
    y = tuple(int(v) for v in rng.integers(-3, 4, n))
    return Design(tuple(tuple(int(v) for v in r) for r in X), y, tuple(int(v) for v in rng.integers(-5, 6, d)))


def _zero_loss_set(D: Design) -> tuple[sp.Matrix, list[sp.Matrix]]:
    X, y = sp.Matrix(D.X), sp.Matrix(D.y)
    sol, params = X.gauss_jordan_solve(y)
    w0 = sol.subs({p: 0 for p in params})
    return w0, X.nullspace()


def continuum(D: Design) -> list[Check]:
    X, y = sp.Matrix(D.X), sp.Matrix(D.y)
    n, d = X.shape
    w0, basis = _zero_loss_set(D)
    direction = sum((sp.Rational(t) * b for t, b in zip(D.t, basis)), sp.zeros(d, 1))
    w = w0 + direction
    return [equal(len(basis), d - X.rank(), label="dim of the zero-loss set = d - rank X"),
            ge(len(basis), d - n, label="d - rank X >= d - n"),
            equal(list(X * w - y), [0] * n, label="w0 + N t interpolates exactly")]


def finitely_many_minima(D: Design) -> Check:
    _, basis = _zero_loss_set(D)
    return equal(len(basis), 0, label="the zero-loss set is a single point")


CONTINUUM = Claim(
    id="overparametrized-zero-loss-continuum",
    title="Overparametrized least squares has a continuum of global minima",
    statement="for X in R^{n x d} with rank n < d, the zero-loss solutions {w : X w = y} form an affine "
              "subspace of dimension d - n >= 1 (infinitely many global minima)",
    sources=[Source(ARORA, "Example 5.2.2", ("ARORA-90",))],
    kind="exact",
    area="generalization",
    instances=designs(),
    conclusion=continuum,
    proof_idea="Rank-nullity: X w = y is solvable since X has full row rank, and its solution set is "
               "w0 + ker X with dim ker X = d - n.",
    mutants=[Mutant("finitely-many-minima", "a kernel of dimension d - n >= 1 adds a line of minima through "
                    "each one", conclusion=finitely_many_minima)],
    examples=30,
)
test_overparametrized_zero_loss_continuum = CONTINUUM.test()
