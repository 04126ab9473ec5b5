"""The information-theoretic generalization bound of Russo–Zou and Xu–Raginsky, checked exactly.

Statement.  Let ``S = (Z_1, …, Z_n)`` be i.i.d., ``W = A(S)`` the (possibly randomized) output of an
algorithm, and suppose ``ℓ(w, Z)`` is ``σ``-sub-Gaussian for every ``w``.  Then
``|E[R(W) − R̂_S(W)]| <= √(2σ² I(W; S)/n)`` (nats).  A loss with values in ``[a, b]`` is
``(b − a)/2``-sub-Gaussian (Hoeffding's lemma).  The variance of the loss cannot replace ``σ²``:
for ``n = 1``, ``Z`` uniform on ``K`` outcomes, ``W = Z_1`` and the 0-1 loss ``1{z ≠ w}``, the gap
is ``1 − 1/K`` while ``√(2 Var · ln K) → 0``.

Sources.  Teng, Wang, Zhang, *Theoretical Machine Learning*, §11.2.2, line 912 (TENG-57, printed
with ``Var(L)``: false, see the audit claim); the informal 'low mutual information implies on-average
stability' (TENG-58) has no precise statement and is listed in ``NOT_CHECKED``.

Proof idea.  Donsker–Varadhan: ``I(W; S) = KL(P_{W,S} ‖ P_W ⊗ P_S) >= λ(E_P g − E_{P⊗} g) −
log E_{P⊗} e^{λ(g − E g)}`` for ``g(w, s) = (1/n) Σ ℓ(w, z_i)``, which is ``σ/√n``-sub-Gaussian
under the product law, so ``I >= λ·gap − λ²σ²/(2n)`` for all ``λ``; optimize over ``λ``.

Everything is exact: the laws are enumerated over all ``K^n`` samples, the mutual information is a
prime-log form and the comparison ``n·gap² <= 2σ² I`` is decided with a rational lower bound of the
form that has its sign.
"""

from __future__ import annotations

from fractions import Fraction

from checks.claim import Claim, Mutant, Source, equal, le
from checks.coverage import Uncovered
from checks.divergences import lower
from checks.documents import TENG
from checks.mi_generalization import expected_gap, loss_variance, mutual_information
from checks.strategies.mi_generalization import algorithms

NOT_CHECKED = (
    Uncovered("TENG-58", area="probability", checkable="no",
              reason="informal: 'low mutual information implies on-average stability' names neither the "
                     "stability notion nor the direction of the implication"),
)


def _subgaussian_sq(inst) -> Fraction:
    """``σ² = ((b − a)/2)²`` for the loss range ``[a, b]`` of the table."""
    vals = [v for row in inst.loss for v in row]
    return ((max(vals) - min(vals)) / 2) ** 2


def _bound(inst, sigma_sq: Fraction, factor: int = 2, label: str = ""):
    gap = expected_gap(inst.mu, inst.n, inst.kernel, inst.loss)
    info = mutual_information(inst.mu, inst.n, inst.kernel, inst.M)
    if info.is_zero:  # W independent of S: the gap is exactly 0 (a ratio of 0, not a tight 0 <= 0)
        return equal(gap, Fraction(0), label="I(W;S) = 0 implies E[R - R_hat] = 0")
    rhs = lower(info.scale(Fraction(factor) * sigma_sq / inst.n))
    return le(gap * gap, rhs, label=label or f"gap² <= {factor}·sigma²·I(W;S)/n")


def _statement(inst):
    return _bound(inst, _subgaussian_sq(inst), label="E[R - R_hat]² <= 2 sigma² I(W;S)/n, sigma = (b - a)/2")


XU_RAGINSKY = Claim(
    id="xu-raginsky-mi-bound",
    title="Mutual-information generalization bound (Russo–Zou, Xu–Raginsky)",
    statement="for a finite algorithm W = A(S), S i.i.d. of size n, and a loss with values in [a, b]: "
              "|E[R(W) - R_hat_S(W)]| <= sqrt(2 sigma² I(W; S)/n) with sigma = (b - a)/2",
    sources=[Source(TENG, "§11.2.2, line 912 (corrected: the sub-Gaussian parameter, not Var)", ("TENG-57",))],
    kind="exact",
    area="probability",
    instances=algorithms(),
    conclusion=_statement,
    proof_idea="Donsker–Varadhan with the sub-Gaussian moment bound of the empirical loss under the product "
               "law gives I >= lambda·gap - lambda² sigma²/(2n) for every lambda; take lambda = n·gap/sigma²",
    mutants=[Mutant("no-factor-two", "the memorizer with K = 2, n = 1 has gap 1/2 > sqrt(ln 2 / 4)",
                    conclusion=lambda i: _bound(i, _subgaussian_sq(i), factor=1)),
             Mutant("sigma-half-unbounded", "sigma = 1/2 is the sub-Gaussian parameter of [0, 1] losses only; "
                    "a memorizer with a loss in [0, 3] exceeds the bound",
                    conclusion=lambda i: _bound(i, Fraction(1, 4)), instances=algorithms(loss_scale=3))],
    examples=60,
)
test_xu_raginsky_mi_bound = XU_RAGINSKY.test()


VARIANCE_AUDIT = Claim(
    id="mi-bound-with-variance",
    title="Mutual-information bound with Var(loss) in place of sigma² (as printed)",
    statement="E[R(W) - R_hat_S(W)] <= sqrt(2 Var(L) I(A(S); S)/n), reading Var(L) as the largest "
              "variance of the loss l(w, Z) over w (the most generous reading)",
    sources=[Source(TENG, "§11.2.2, line 912", ("TENG-57",))],
    kind="exact",
    area="probability",
    instances=algorithms(),
    conclusion=lambda i: _bound(i, loss_variance(i.mu, i.loss), label="gap² <= 2 Var I(W;S)/n"),
    proof_idea="false: the variance of a rare-error loss is small while its sub-Gaussian parameter is not",
    audit=True,
    corrected="xu-raginsky-mi-bound",
    finding="with n = 1, Z uniform on K outcomes, W = Z_1 and l(w, z) = 1{z != w}, the gap is 1 - 1/K while "
            "2 Var I = 2 (1/K)(1 - 1/K) ln K, so the printed bound fails from K = 4 (0.75 > 0.72) and at "
            "K = 100 gives 0.30 against 0.99; the correct bound uses the sub-Gaussian parameter "
            "sigma = (b - a)/2 = 1/2, giving sqrt(ln K / 2) >= 1 - 1/K",
    examples=60,
)
test_mi_bound_with_variance = VARIANCE_AUDIT.test()
