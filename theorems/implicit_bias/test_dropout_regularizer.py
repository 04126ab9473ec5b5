"""Dropout as an explicit, data-dependent regularizer.

Statement.  Let ``B = diag(b)`` with iid ``b_j ∈ {0, 1/(1-p)}``, ``P(b_j = 1/(1-p)) = 1 - p`` (inverted
dropout; ``E B = I``, ``Var b_j = λ = p/(1-p)``).  Then the expected dropout loss is the plain loss plus
an explicit regularizer:
- linear regression, dropout on the inputs:
  ``(1/n) sum_i E(y_i - wᵀB x_i)^2 = (1/n)||y - Xw||^2 + (λ/n) wᵀ diag(XᵀX) w``, so the minimizers
  solve ``(XᵀX + λ diag(XᵀX)) w = Xᵀy``: a diagonal, data-dependent Tikhonov penalty.  The printed
  ``(1+λ)XᵀXw = Xᵀy`` ("dropout merely rescales") is false for correlated features (audit);
- matrix sensing ``<U B Vᵀ, A_i>``: ``L̂ + λ R̂`` with ``R̂ = sum_j (1/n) sum_i (u_jᵀA_i v_j)^2``;
  over sensing matrices with iid mean-0 variance-1 entries (e.g. Gaussian) ``E R̂ = sum_j ||u_j||^2||v_j||^2``,
  and for completion (``A = e_k e_lᵀ`` w.p. ``p_k q_l``) ``E R̂ = sum_j ||D_p^½u_j||^2 ||D_q^½v_j||^2``;
- the induced regularizer ``Θ(M) = min_{UVᵀ=M} R(U,V)`` equals ``||D_p^½ M D_q^½||_*^2 / d1``
  (``p = q = 1``: ``||M||_*^2/d1``) whenever ``rank M <= d1``; the minimum is attained by an
  *equalized balanced* factorization.  Every balanced pair (``UᵀU = VᵀV``) has a rotation ``Q`` with
  ``||Uq_i|| ||Vq_i|| = ||UVᵀ||_*/d1`` for all ``i``; the printed "for ANY U, V" is false (audit);
- deep regression with dropout on the top hidden layer: ``R̂(w) = λ sum_j ||W_k(:,j)||^2 â_j^2``,
  ``â_j^2`` the second moment of unit ``j``; for ``W2 ReLU(W1 x)`` under a symmetric isotropic input law
  ``E R̂ = (λ/2) sum W2(i2,i1)^2 W1(i1,i0)^2`` (half the squared ℓ2 path norm);
- tied autoencoder with ``E xxᵀ = I``: ``E||y - UUᵀx||^2 = ||M - UUᵀ||_F^2 + tr C_y - ||M||_F^2``,
  ``M = (C_yx + C_xy)/2``, and hidden dropout adds ``λ sum_i ||u_i||^4``; the printed constant
  ``-||C_yx||_F^2`` is false for non-symmetric ``C_yx`` (audit).

Sources.  Arora et al., *Theory of Deep Learning*, Ch. 11 (from Mianjy, Arora & Vidal, "On the implicit
bias of dropout", ICML 2018, and Mianjy & Arora 2019): eqs. (11.2)–(11.7), Thm 11.1.1, Props 11.2.1–11.2.2,
§11.3, §11.4 (ARORA-1014..1018, 1020..1022, 1030, 1031); *The Mathematical Structure of Machine Learning*,
Ch. 24, App. C "dropout ≈ explicit L2" (MSML-354; Srivastava et al. 2014 §9, Wager, Wang & Liang 2013).

Proof ideas.  ``E(y - Σ_j b_j c_j)^2 = (y - Σ_j c_j)^2 + Σ_j c_j^2 Var b_j`` for independent ``b_j`` with
``E b_j = 1``; every identity above is this with ``c_j`` the contribution of unit ``j``.  A quadratic
form in ``A`` only sees the first two moments of its entries.  For ``Θ``: Cauchy–Schwarz gives
``Σ_j a_j^2 >= (Σ_j a_j)^2/d1`` and ``Σ_j ||u_j|| ||v_j|| >= ||UVᵀ||_*`` (triangle inequality), and the
equalized balanced factorization makes both equalities.  For ReLU, a symmetric ``z`` has
``E ReLU(z)^2 = E z^2 / 2``.

Exactness.  Every expectation is a finite sum over all ``2^r`` masks (and over a finite law or sample),
computed in rational arithmetic: the identities are checked with ``==``.  Gaussian sensing is covered
exactly by finite entry laws with the Gaussian's mean and variance.  Only ``Θ`` and the equalizing
rotation involve square roots; they are checked in floating point with tolerances derived below.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge
from checks.coverage import Uncovered
from checks.documents import ARORA, MSML
from checks.dropout import (column_norm_products, completion_expectation, diagonal_dropout_penalty, dropout_lambda,
                            equalizing_rotation, factor_regularizer, iid_sensing_expectation, inner,
                            input_dropout_quadratic, input_dropout_risk, layer_outputs, network_dropout_risk,
                            nuclear_norm, optimal_factors, path_norm_l2_squared, rank_exact, sensing_dropout_risk,
                            sensing_regularizer, sensing_risk, solve_exact, squared_loss, top_layer_dropout_penalty)
from checks.linalg import EPS
from checks.strategies.dropout import (ENTRY_LAWS, AutoencoderCase, FactorizationCase, FactorPair, InnerCase,
                                       LinearDropoutCase, NetworkCase, ReluLawCase, SensingCase, SensingLawCase,
                                       any_integer_pairs, autoencoder_cases, balanced_pairs, factorization_cases,
                                       inner_cases, linear_dropout_cases, network_cases, relu_law_cases,
                                       sensing_cases, sensing_law_cases, unbalanced_pairs)


NOT_CHECKED = (
    Uncovered("ARORA-1019", area="generalization", checkable="no",
              reason="Thm 11.1.2's generalization bound has unspecified absolute constants C, C' and an "
                     "Omega(.) sample-size condition; no finite instance can confirm or refute it"),
)


def _max_abs(a: np.ndarray) -> Fraction:
    """``max |a_ij|`` of a rational array (0 for an exact match)."""
    return max((abs(Fraction(v)) for v in np.asarray(a, dtype=object).reshape(-1)), default=Fraction(0))


def _ident(d: int) -> np.ndarray:
    return np.eye(d, dtype=int).astype(object)


# --- linear regression with input dropout (MSML-354, ARORA-1030) ------------------------------------

def _diag_system(X: np.ndarray, lam: Fraction) -> np.ndarray:
    G = X.T @ X
    return G + lam * np.diag(np.diag(G)).astype(object)


def linear_dropout_checks(c: LinearDropoutCase, penalty=diagonal_dropout_penalty, inverted: bool = True,
                          system=_diag_system) -> list[Check]:
    X, y, n = c.X, c.y, c.X.shape[0]
    lam = dropout_lambda(c.p)
    A, b = input_dropout_quadratic(X, y, c.p)
    u = solve_exact(A, b)
    return [
        equal(input_dropout_risk(X, y, c.w, c.p, inverted), squared_loss(X, y, c.w) + penalty(X, c.w, c.p),
              label="E_b (1/n)||y - X(b ⊙ w)||^2 = (1/n)||y - Xw||^2 + (λ/n) Σ_j w_j^2 ||X_:j||^2 (all masks)"),
        equal(_max_abs(A - system(X, lam) / n), 0,
              label="quadratic part of the enumerated dropout objective = (XᵀX + λ diag XᵀX)/n"),
        equal(_max_abs(system(X, lam) @ u - X.T @ y), 0,
              label="the exact dropout minimizer solves (XᵀX + λ diag(XᵀX)) u = Xᵀy"),
    ]


LINEAR = Claim(
    id="dropout-linear-regression-diagonal-ridge",
    title="Input dropout in linear regression is ridge with the data-dependent penalty λ wᵀdiag(XᵀX)w",
    statement="for inverted dropout on the inputs with rate p and λ = p/(1-p): E_b (1/n)||y - X(b⊙w)||^2 = "
              "(1/n)||y - Xw||^2 + (λ/n) Σ_j w_j^2 Σ_i x_ij^2, and the minimizers of the dropout objective "
              "solve (XᵀX + λ diag(XᵀX)) w = Xᵀy",
    sources=[Source(MSML, "App. C, 'Dropout ≈ explicit L2' (exact for linear regression)", ("MSML-354",)),
             Source(ARORA, "§11.4, dropout in least squares (corrected: diag(XᵀX))", ("ARORA-1030",))],
    kind="exact",
    area="implicit-bias",
    instances=linear_dropout_cases(),
    conclusion=linear_dropout_checks,
    proof_idea="Per example, E(y - Σ_j b_j w_j x_j)^2 = (y - wᵀx)^2 + Σ_j w_j^2 x_j^2 Var(b_j) since the b_j are "
               "independent with mean 1 and variance λ; sum over examples.  The objective is then "
               "wᵀ(XᵀX + λ diag XᵀX)w/n - 2wᵀXᵀy/n + const, positive definite when no column of X is zero.",
    mutants=[
        Mutant("isotropic-penalty", "the penalty weights w_j^2 by the column energy ||X_:j||^2/n, so λ||w||^2 is "
                                    "wrong unless the features are standardized",
               conclusion=lambda c: linear_dropout_checks(c, penalty=lambda X, w, p: dropout_lambda(p) * (w @ w))),
        Mutant("unscaled-masks", "plain {0,1} masks have E b = (1-p) ≠ 1, which shrinks the fit and adds a bias term",
               conclusion=lambda c: linear_dropout_checks(c, inverted=False)),
        Mutant("ridge-normal-equations", "dropout's Tikhonov matrix is λ diag(XᵀX), not λ I",
               conclusion=lambda c: linear_dropout_checks(
                   c, system=lambda X, lam: X.T @ X + lam * _ident(X.shape[1]))),
    ],
    examples=40,
)
test_dropout_linear_regression_diagonal_ridge = LINEAR.test()


def linear_dropout_as_printed(c: LinearDropoutCase) -> Check:
    A, b = input_dropout_quadratic(c.X, c.y, c.p)
    u = solve_exact(A, b)
    lam = dropout_lambda(c.p)
    return equal(_max_abs((1 + lam) * (c.X.T @ c.X) @ u - c.X.T @ c.y), 0,
                 label="(as printed) the exact dropout minimizer solves (1 + λ) XᵀX u = Xᵀy")


LINEAR_AUDIT = Claim(
    id="dropout-linear-regression-as-rescaling-as-printed",
    title="As printed: dropout in least squares merely rescales the solution, (1+λ)XᵀXu = Xᵀy",
    statement="(as printed) dropout on the inputs of least squares amounts to the penalty λuᵀĈu with Ĉ = XᵀX/n, "
              "whose minimizers solve (1+λ)XᵀXu = Xᵀy: dropout merely rescales the parameters",
    sources=[Source(ARORA, "§11.4 'Role of parametrization'", ("ARORA-1030",))],
    kind="exact",
    area="implicit-bias",
    instances=linear_dropout_cases(),
    conclusion=linear_dropout_as_printed,
    proof_idea="Prop 11.2.1 with k = 1 gives the penalty λ Σ_j u_j^2 (1/n)Σ_i x_ij^2 = (λ/n) uᵀdiag(XᵀX)u: only the "
               "diagonal of Ĉ enters, because the masks of different coordinates are independent.",
    audit=True,
    corrected="dropout-linear-regression-diagonal-ridge",
    finding="false unless XᵀX is diagonal: the regularizer is λuᵀdiag(Ĉ)u, not λuᵀĈu, so the minimizers solve "
            "(XᵀX + λ diag(XᵀX))u = Xᵀy, a data-dependent diagonal Tikhonov penalty rather than a rescaling "
            "(e.g. X = [[1,1],[0,1]], y = (1,0), p = 1/2: the exact minimizer over all 4 masks is (3/7, 1/7), "
            "the printed equation gives (1/2, 0)). For orthogonal columns the two agree.",
    examples=40,
)
test_dropout_linear_regression_as_rescaling_as_printed = LINEAR_AUDIT.test()


# --- matrix sensing (ARORA-1014, ARORA-1031) -----------------------------------------------------------

def sensing_checks(c: SensingCase, coefficient=dropout_lambda, inverted: bool = True,
                   regularizer=sensing_regularizer) -> Check:
    lhs = sensing_dropout_risk(c.U, c.V, c.As, c.ys, c.p, inverted)
    rhs = sensing_risk(c.U, c.V, c.As, c.ys) + coefficient(c.p) * regularizer(c.U, c.V, c.As)
    return equal(lhs, rhs, label="(1/n)Σ_i E_B(y_i - <UBVᵀ, A_i>)^2 = L̂(U,V) + λ Σ_j (1/n)Σ_i (u_jᵀA_i v_j)^2")


SENSING = Claim(
    id="dropout-matrix-sensing-regularizer",
    title="Dropout on the factors of matrix sensing = ERM + (p/(1-p)) R̂(U,V)",
    statement="for U ∈ R^{d2×d1}, V ∈ R^{d0×d1}, any sensing matrices A_i and targets y_i, and inverted dropout "
              "B on the d1 columns: (1/n)Σ_i E_B(y_i - <UBVᵀ, A_i>)^2 = (1/n)Σ_i (y_i - <UVᵀ, A_i>)^2 + "
              "(p/(1-p)) Σ_j (1/n)Σ_i (u_jᵀ A_i v_j)^2",
    sources=[Source(ARORA, "§11.1, eqs. (11.2)–(11.5) and proof", ("ARORA-1014",))],
    kind="exact",
    area="implicit-bias",
    instances=sensing_cases(),
    conclusion=sensing_checks,
    proof_idea="<UBVᵀ, A> = Σ_j b_j u_jᵀAv_j is a sum of independent terms with mean u_jᵀAv_j and variance "
               "λ (u_jᵀAv_j)^2; the bias-variance split of the square gives the identity.",
    mutants=[
        Mutant("coefficient-p", "the variance of an inverted mask entry is p/(1-p), not p",
               conclusion=lambda c: sensing_checks(c, coefficient=lambda p: p)),
        Mutant("unscaled-masks", "with {0,1} masks E B = (1-p) I, so the mean term is not the ERM loss",
               conclusion=lambda c: sensing_checks(c, inverted=False)),
        Mutant("population-regularizer", "the empirical regularizer is Σ_j mean_i (u_jᵀA_i v_j)^2; Σ_j ||u_j||^2||v_j||^2 "
                                         "is only its expectation over Gaussian A",
               conclusion=lambda c: sensing_checks(c, regularizer=lambda U, V, As: factor_regularizer(U, V))),
    ],
    examples=40,
)
test_dropout_matrix_sensing_regularizer = SENSING.test()


def inner_form_checks(c: InnerCase, alt=lambda U, V, A: inner(U, A @ V)) -> list[Check]:
    U, V, A, b = c.U, c.V, c.A, c.b
    base = inner(U @ V.T, A)
    return [equal(alt(U, V, A), base, label="<UVᵀ, A> = <U, AV>"),
            equal(inner(U.T, V.T @ A.T), base, label="<UVᵀ, A> = <Uᵀ, VᵀAᵀ>"),
            equal(inner((U * b) @ V.T, A), (b * (U.T @ A @ V).diagonal()).sum(),
                  label="<U diag(b) Vᵀ, A> = Σ_j b_j u_jᵀ A v_j = <diag(b), UᵀAV>")]


INNER = Claim(
    id="sensing-inner-product-forms",
    title="The 'convolutional' forms of the sensing inner product",
    statement="for conformable U, V, A: <UVᵀ, A> = <U, AV> = <Uᵀ, VᵀAᵀ>, and <U diag(b) Vᵀ, A> = Σ_j b_j u_jᵀAv_j",
    sources=[Source(ARORA, "§11.4, the convolutional form of matrix sensing", ("ARORA-1031",))],
    kind="exact",
    area="implicit-bias",
    instances=inner_cases(),
    conclusion=inner_form_checks,
    proof_idea="<UVᵀ, A> = tr(V UᵀA) = tr(UᵀAV) = tr(U VᵀAᵀ) by cyclicity and transposition of the trace.",
    mutants=[Mutant("transposed-sensing-matrix", "<U, AᵀV> = <UVᵀ, Aᵀ>, which differs when A is not symmetric",
                    conclusion=lambda c: inner_form_checks(c, alt=lambda U, V, A: inner(U, A.T @ V)),
                    instances=inner_cases(square=True))],
    examples=30,
)
test_sensing_inner_product_forms = INNER.test()


# --- the expected regularizer over sensing laws (ARORA-1015, ARORA-1018) ----------------------------

def _law_expectation(c: SensingLawCase) -> Fraction:
    if c.law == "completion":
        return completion_expectation(c.U, c.V, c.row_probs, c.col_probs)
    return iid_sensing_expectation(c.U, c.V, ENTRY_LAWS[c.law])


def _weights(c: SensingLawCase, power: int = 1) -> tuple:
    if c.law != "completion":
        return None, None
    return [q ** power for q in c.row_probs], [q ** power for q in c.col_probs]


def expected_regularizer_checks(c: SensingLawCase, rhs=None) -> Check:
    value = factor_regularizer(c.U, c.V, *_weights(c)) if rhs is None else rhs(c)
    return equal(_law_expectation(c), value,
                 label="E_A Σ_j (u_jᵀAv_j)^2 = Σ_j ||D_p^½ u_j||^2 ||D_q^½ v_j||^2 (unit weights for iid entries)")


def _product_of_totals(c: SensingLawCase) -> Fraction:
    pw, qw = _weights(c)
    d2, d0 = c.U.shape[0], c.V.shape[0]
    pw = [1] * d2 if pw is None else pw
    qw = [1] * d0 if qw is None else qw
    return (sum(pw[k] * (c.U[k] @ c.U[k]) for k in range(d2))) * (sum(qw[l] * (c.V[l] @ c.V[l]) for l in range(d0)))


EXPECTED = Claim(
    id="dropout-expected-sensing-regularizer",
    title="The expected dropout regularizer of Gaussian sensing and of matrix completion",
    statement="if A has iid entries of mean 0 and variance 1 (e.g. standard Gaussian), E_A Σ_j (u_jᵀAv_j)^2 = "
              "Σ_j ||u_j||^2||v_j||^2; if A = e_k e_lᵀ with probability p_k q_l, it is "
              "Σ_j ||diag(√p) u_j||^2 ||diag(√q) v_j||^2",
    sources=[Source(ARORA, "§11.1.1 proof of (11.6): Gaussian sensing", ("ARORA-1015",)),
             Source(ARORA, "§11.1.2 proof of (11.7): matrix completion", ("ARORA-1018",))],
    kind="exact",
    area="implicit-bias",
    instances=sensing_law_cases(),
    conclusion=expected_regularizer_checks,
    proof_idea="u_jᵀAv_j = Σ_{kl} U_kj V_lj A_kl, so its second moment is Σ U_kj U_k'j V_lj V_l'j E[A_kl A_k'l'], "
               "which uses only E A_kl A_k'l' = δ (iid, mean 0, variance 1) or p_k q_l δ (completion).  A finite "
               "law with the Gaussian's first two moments therefore gives the Gaussian value exactly.",
    mutants=[
        Mutant("variance-two-entries", "the identity needs unit-variance entries: variance 2 doubles the expectation",
               instances=sensing_law_cases(laws=("variance-two",))),
        Mutant("product-of-totals", "the regularizer pairs each column u_j with its own v_j; "
                                    "(Σ_j ||u_j||^2)(Σ_j ||v_j||^2) adds the cross terms j ≠ j'",
               conclusion=lambda c: expected_regularizer_checks(c, rhs=_product_of_totals)),
        Mutant("completion-without-square-roots", "(u_jᵀ e_k e_lᵀ v_j)^2 is weighted by p_k q_l once, i.e. "
                                                  "||diag(√p)u_j||^2, not ||diag(p)u_j||^2",
               conclusion=lambda c: expected_regularizer_checks(
                   c, rhs=lambda c: factor_regularizer(c.U, c.V, *_weights(c, power=2))),
               instances=sensing_law_cases(laws=("completion",))),
    ],
    examples=40,
)
test_dropout_expected_sensing_regularizer = EXPECTED.test()


# --- the induced regularizer Θ(M): nuclear norms (ARORA-1016, ARORA-1018) -----------------------------

def _nuclear_tolerances(U: np.ndarray, V: np.ndarray, pw: np.ndarray, qw: np.ndarray) -> tuple[float, float, float]:
    """``(err_nuc, err_eq, sigma_max)``: a bound on the rounding error of the computed
    ``||D_p^½ U Vᵀ D_q^½||_*`` (forming the product: ``d1 eps`` times ``|| |D_p^½U| |D_q^½V|ᵀ ||_F``;
    the SVD: ``4(d0+d2) eps sigma_max`` per singular value, ``min(d0,d2)`` of them) and on the
    deviation of a computed equalized diagonal entry (``8 d1^2 eps sigma_max``: ``d1 - 1`` symmetric
    eigensolves and reflections, each backward stable with constant ``<= 8 d1``)."""
    d2, d1 = U.shape
    d0 = V.shape[0]
    sp_, sq = np.sqrt(pw)[:, None], np.sqrt(qw)[:, None]
    Mt = (sp_ * U) @ (sq * V).T
    smax = float(np.linalg.norm(Mt, 2))
    scale = float(np.linalg.norm(np.abs(sp_ * U) @ np.abs(sq * V).T))
    err_nuc = min(d0, d2) * (d1 * EPS * scale + 4 * (d0 + d2) * EPS * smax)
    return err_nuc, 8 * d1 ** 2 * EPS * smax + 4 * (d0 + d2) * EPS * smax, smax


def theta_checks(c: FactorizationCase, value=lambda nuc2, fro2, d1: nuc2 / d1, weighted_norm: bool = True,
                 root: bool = True) -> list[Check]:
    U, V, pw, qw = c.U, c.V, c.row_weights, c.col_weights
    d1 = U.shape[1]
    M = U @ V.T
    a, b = (np.sqrt(pw), np.sqrt(qw)) if root else (pw, qw)
    if not weighted_norm:
        a, b = np.ones_like(pw), np.ones_like(qw)
    Mt = a[:, None] * M * b[None, :]
    nuc = nuclear_norm(Mt)
    target = value(nuc ** 2, float(np.linalg.norm(Mt)) ** 2, d1)
    err_nuc, err_eq, smax = _nuclear_tolerances(U, V, pw, qw)
    R = factor_regularizer(U, V, pw, qw)
    tol_lb = 2 * nuc * err_nuc / d1 + 4 * (sum(M.shape) + 2) * EPS * R
    Us, Vs = optimal_factors(M, d1, pw, qw)
    R_opt = factor_regularizer(Us, Vs, pw, qw)
    tol_att = 2 * nuc * (err_eq + err_nuc / d1) + 4 * (sum(M.shape) + 2) * EPS * R_opt
    tol_fact = (4 * (sum(M.shape) + d1) + 8 * d1 ** 2) * EPS * smax / np.sqrt(pw.min() * qw.min())
    return [
        ge(R, target, tol_lb, label="R(U,V) = Σ_j ||D_p^½u_j||^2||D_q^½v_j||^2 >= ||D_p^½ UVᵀ D_q^½||_*^2 / d1",
           why="2 ||M̃||_* err(||M̃||_*)/d1 + (d0+d2+2) 4 eps R"),
        close(Us @ Vs.T, M, tol_fact, label="the equalized balanced factors (D_p^-½ÛQ, D_q^-½V̂Q) reproduce M",
              why="(4(d0+d1+d2) + 8 d1^2) eps sigma_max(M̃)/sqrt(min p min q)"),
        close(R_opt, target, tol_att, label="Θ(M) is attained: R(U*,V*) = ||D_p^½ M D_q^½||_*^2 / d1",
              why="2 ||M̃||_* (err_eq + err_nuc/d1) + (d0+d2+2) 4 eps R*"),
    ]


THETA = Claim(
    id="dropout-induced-nuclear-norm",
    title="Dropout induces the squared (weighted) nuclear norm: Θ(M) = ||D_p^½ M D_q^½||_*^2 / d1",
    statement="for every M with rank(M) <= d1: min over U ∈ R^{d2×d1}, V ∈ R^{d0×d1} with UVᵀ = M of "
              "Σ_j ||D_p^½u_j||^2||D_q^½v_j||^2 equals ||D_p^½ M D_q^½||_*^2/d1 (Gaussian sensing: p = q = 1, "
              "giving ||M||_*^2/d1; completion: sampling probabilities p, q > 0), attained by an equalized "
              "balanced factorization",
    sources=[Source(ARORA, "§11.1.1, eq. (11.6) (proof corrected: via the balanced factorization)", ("ARORA-1016",)),
             Source(ARORA, "§11.1.2, eq. (11.7), weighted trace norm", ("ARORA-1018",))],
    kind="numeric",
    area="implicit-bias",
    instances=factorization_cases(),
    conclusion=theta_checks,
    proof_idea="Cauchy–Schwarz: Σ_j a_j^2 >= (Σ_j a_j)^2/d1 with a_j = ||D_p^½u_j|| ||D_q^½v_j|| = ||D_p^½u_jv_jᵀD_q^½||_*, "
               "and the triangle inequality Σ_j ||·||_* >= ||D_p^½ M D_q^½||_*.  Both hold with equality for the "
               "balanced factors of M̃ = D_p^½ M D_q^½ (Σ_j a_j = ||M̃||_*) rotated to equal a_j.",
    mutants=[
        Mutant("frobenius-norm", "Θ is the squared nuclear norm over d1; ||M̃||_F^2/d1 is smaller when rank M̃ >= 2 "
                                 "and is never attained then",
               conclusion=lambda c: theta_checks(c, value=lambda nuc2, fro2, d1: fro2 / d1)),
        Mutant("no-one-over-d1", "the equalized factorization attains ||M̃||_*^2/d1 < ||M̃||_*^2 for d1 >= 2",
               conclusion=lambda c: theta_checks(c, value=lambda nuc2, fro2, d1: nuc2)),
        Mutant("unweighted-completion", "for completion the induced norm is weighted by the sampling probabilities",
               conclusion=lambda c: theta_checks(c, weighted_norm=False),
               instances=factorization_cases().filter(lambda c: c.sensing == "completion")),
        Mutant("weights-without-square-roots", "the weights enter as D_p^½ M D_q^½, not D_p M D_q",
               conclusion=lambda c: theta_checks(c, root=False),
               instances=factorization_cases().filter(lambda c: c.sensing == "completion")),
    ],
    examples=60,
)
test_dropout_induced_nuclear_norm = THETA.test()


# --- equalization by rotation (ARORA-1017) --------------------------------------------------------------

def rotation_checks(c: FactorPair, constant=lambda M, d1: nuclear_norm(M) / d1, rotate: bool = True) -> list[Check]:
    U, V = c.U, c.V
    d2, d1 = U.shape
    d0 = V.shape[0]
    M = U @ V.T
    G = U.T @ U
    Q = equalizing_rotation(G) if rotate else np.eye(d1)
    g = float(np.linalg.norm(G, 2))
    # diagonal of QᵀGQ: 8 d1^2 eps ||G|| (see _nuclear_tolerances); UᵀU vs VᵀV and the column norms:
    # 4 (d0 + d2) eps ||G||; the nuclear norm: 4 (d0 + d2) eps ||M|| per singular value, <= d1 of them.
    tol = (8 * d1 ** 2 + 8 * (d0 + d2)) * EPS * g + 4 * (d0 + d2) * EPS * float(np.linalg.norm(M, 2))
    return [
        close(Q.T @ Q, np.eye(d1), 8 * d1 ** 2 * EPS, label="Q is orthogonal", why="8 d1^2 eps"),
        close(np.linalg.det(Q), 1.0, 8 * d1 ** 2 * EPS, label="det Q = 1", why="8 d1^2 eps"),
        close(column_norm_products(U @ Q, V @ Q), np.full(d1, constant(M, d1)), tol,
              label="||Uq_i|| ||Vq_i|| = ||UVᵀ||_*/d1 for every i", why="(8 d1^2 + 8(d0+d2)) eps ||G|| + 4(d0+d2) eps ||M||"),
        close((U @ Q) @ (V @ Q).T, M, (8 * d1 ** 2 + 4 * d1) * EPS * g, label="(UQ)(VQ)ᵀ = UVᵀ",
              why="(8 d1^2 + 4 d1) eps ||G||"),
    ]


ROTATION = Claim(
    id="equalizing-rotation-balanced",
    title="Every balanced pair (UᵀU = VᵀV) can be rotated to equal column-norm products ||UVᵀ||_*/d1",
    statement="if U ∈ R^{d2×d1}, V ∈ R^{d0×d1} satisfy UᵀU = VᵀV, there is Q ∈ SO(d1) with "
              "||Uq_i|| ||Vq_i|| = ||UVᵀ||_*/d1 for all i; Q is any rotation making diag(QᵀUᵀUQ) constant",
    sources=[Source(ARORA, "Thm 11.1.1 and its proof (corrected hypothesis: balanced factors)", ("ARORA-1017",))],
    kind="numeric",
    area="implicit-bias",
    instances=balanced_pairs(),
    conclusion=rotation_checks,
    proof_idea="For balanced U = W S R, V = Y S R: ||Uq||^2 = ||Vq||^2 = qᵀGq with G = RᵀS^2R, and tr G = tr S^2 = "
               "||UVᵀ||_*.  G - (tr G/d1)I has trace 0, so the mean of its eigenvectors w has wᵀ(G - tr G/d1)w = 0; "
               "send e_1 to w and recurse on the trailing trace-zero block.",
    mutants=[
        Mutant("frobenius-constant", "the common value is ||UVᵀ||_*/d1; ||UVᵀ||_F/d1 is smaller when rank >= 2",
               conclusion=lambda c: rotation_checks(c, constant=lambda M, d1: float(np.linalg.norm(M)) / d1)),
        Mutant("no-rotation-needed", "a balanced pair's own columns generally have unequal products; permuting "
                                     "them cannot help",
               conclusion=lambda c: rotation_checks(c, rotate=False)),
        Mutant("unbalanced-pairs", "equalizing diag(QᵀUᵀUQ) equalizes ||Uq_i|| only; without UᵀU = VᵀV the "
                                   "products ||Uq_i|| ||Vq_i|| stay unequal",
               instances=unbalanced_pairs()),
    ],
    examples=50,
)
test_equalizing_rotation_balanced = ROTATION.test()


def rotation_as_printed(c: FactorPair) -> Check:
    rU, rV, rM = rank_exact(c.U), rank_exact(c.V), rank_exact(c.U @ c.V.T)
    return equal(rU + rV - 2 * rM, 0,
                 label="(as printed: ANY U, V) necessary condition for an equalizing Q: rank U = rank V = rank UVᵀ "
                       f"[here rank U = {rU}, rank V = {rV}, rank UVᵀ = {rM}]")


ROTATION_AUDIT = Claim(
    id="equalizing-rotation-any-pair-as-printed",
    title="As printed: for ANY U, V a rotation equalizes ||Uq_i|| ||Vq_i|| to ||UVᵀ||_*/d1",
    statement="(as printed) for any U ∈ R^{d2×d1}, V ∈ R^{d0×d1} there is Q ∈ SO(d1) with "
              "||Uq_i|| ||Vq_i|| = ||UVᵀ||_*/d1 for all i",
    sources=[Source(ARORA, "Thm 11.1.1 (from Mianjy, Arora & Vidal 2018), as stated", ("ARORA-1017",))],
    kind="exact",
    area="implicit-bias",
    instances=any_integer_pairs(),
    conclusion=rotation_as_printed,
    proof_idea="Invariant: if such Q exists and M = UVᵀ ≠ 0, then Σ_i ||Uq_i|| ||Vq_i|| = ||M||_*, so the triangle "
               "inequality ||Σ_i (Uq_i)(Vq_i)ᵀ||_* <= Σ_i ||Uq_i|| ||Vq_i|| is tight; with M = WΣYᵀ and Z = WYᵀ each "
               "term has (Uq_i)ᵀZ(Vq_i) = ||Uq_i|| ||Vq_i||, forcing Uq_i ∈ range(W), Vq_i ∈ range(Y).  Hence "
               "range(U) = range(M) and range(V) = range(Mᵀ): rank U = rank V = rank M, checked exactly.",
    audit=True,
    corrected="equalizing-rotation-balanced",
    finding="false for unbalanced pairs: an equalizing rotation forces rank U = rank V = rank UVᵀ (tightness of the "
            "nuclear-norm triangle inequality), which fails e.g. for U = I_2, V = diag(1, 0) (rank 2, 1, 1; the best "
            "max deviation over SO(2) is (√2 - 1)/2 ≈ 0.207, at 45°). The proof silently replaces (U, V) by the balanced "
            "(WΣ^½, YΣ^½) zero-padded to d1 columns; the theorem holds for balanced pairs (UᵀU = VᵀV), which is "
            "all that eqs. (11.6)–(11.7) need.",
    examples=40,
)
test_equalizing_rotation_any_pair_as_printed = ROTATION_AUDIT.test()


# --- deep regression, top-layer dropout (ARORA-1020) -----------------------------------------------------

def _dropout_excess(weights, xs, ys, p, activation, layer=None, probs=None) -> Fraction:
    return (network_dropout_risk(weights, xs, ys, p, activation, layer=layer, probs=probs)
            - network_dropout_risk(weights, xs, ys, Fraction(0), activation, layer=layer, probs=probs))


def deep_checks(c: NetworkCase, penalty=None, layer=None) -> Check:
    rhs = top_layer_dropout_penalty(c.weights, c.xs, c.p, c.activation) if penalty is None else penalty(c)
    return equal(_dropout_excess(c.weights, c.xs, c.ys, c.p, c.activation, layer=layer), rhs,
                 label="E_B L̂_drop(w) - L̂(w) = λ Σ_j ||W_k(:,j)||^2 (1/n)Σ_i a_j(x_i)^2")


def _squared_mean_penalty(c: NetworkCase) -> Fraction:
    mean = sum(layer_outputs(c.weights, x, c.activation)[-1] for x in c.xs) / len(c.xs)
    W = c.weights[-1]
    return dropout_lambda(c.p) * ((W * W).sum(axis=0) * mean ** 2).sum()


DEEP = Claim(
    id="dropout-deep-regression-regularizer",
    title="Dropout on the top hidden layer adds λ Σ_j ||W_k(:,j)||^2 â_j^2",
    statement="for any depth, any activation and squared loss, with inverted dropout of rate p on the top hidden "
              "layer: L̂_drop(w) = L̂(w) + (p/(1-p)) Σ_j ||W_k(:,j)||^2 â_j^2, â_j^2 = (1/n)Σ_i a_j(x_i)^2",
    sources=[Source(ARORA, "Prop 11.2.1 and proof", ("ARORA-1020",))],
    kind="exact",
    area="implicit-bias",
    instances=network_cases(),
    conclusion=deep_checks,
    proof_idea="Each output coordinate is Σ_j W_k(i,j) b_j a_j(x); the b_j are independent with mean 1 and variance "
               "λ, so the expected square exceeds the plain one by λ Σ_j W_k(i,j)^2 a_j(x)^2; sum over i and average "
               "over the sample.",
    mutants=[
        Mutant("lambda-equals-p", "the variance of an inverted mask entry is p/(1-p), not p",
               conclusion=lambda c: deep_checks(c, penalty=lambda c: (1 - c.p) * top_layer_dropout_penalty(
                   c.weights, c.xs, c.p, c.activation))),
        Mutant("squared-mean-activation", "the penalty uses the second moment of a_j, not the square of its mean",
               conclusion=lambda c: deep_checks(c, penalty=_squared_mean_penalty)),
        Mutant("dropout-on-inputs", "dropping the inputs instead propagates the noise through the hidden layers and "
                                    "gives a different regularizer",
               conclusion=lambda c: deep_checks(c, layer=0)),
    ],
    examples=40,
)
test_dropout_deep_regression_regularizer = DEEP.test()


def relu_path_checks(c: ReluLawCase, factor: Fraction = Fraction(1, 2)) -> list[Check]:
    ws = (c.W1, c.W2)
    excess = _dropout_excess(ws, c.points, c.ys, c.p, "relu", probs=c.probs)
    return [equal(excess, top_layer_dropout_penalty(ws, c.points, c.p, "relu", probs=c.probs),
                  label="E_x E_B dropout excess = λ Σ_j ||W2(:,j)||^2 E ReLU(W1(j,:)x)^2 (Prop 11.2.1 in population)"),
            equal(excess, factor * dropout_lambda(c.p) * path_norm_l2_squared(ws),
                  label="= (λ/2) Σ W2(i2,i1)^2 W1(i1,i0)^2, half the squared ℓ2 path norm")]


RELU = Claim(
    id="dropout-relu-path-norm",
    title="For a two-layer ReLU net and symmetric isotropic inputs, dropout's regularizer is (λ/2)·(ℓ2 path norm)^2",
    statement="for f(x) = W2 ReLU(W1 x), x with P(x) = P(-x) and E xxᵀ = I, and inverted dropout of rate p on the "
              "hidden layer: E_x[L_drop - L] = (λ/2) Σ_{i0,i1,i2} W2(i2,i1)^2 W1(i1,i0)^2, λ = p/(1-p)",
    sources=[Source(ARORA, "Prop 11.2.2, eq. (11.10)", ("ARORA-1021",))],
    kind="exact",
    area="implicit-bias",
    instances=relu_law_cases(),
    conclusion=relu_path_checks,
    proof_idea="z = W1(j,:)x is symmetric, so E ReLU(z)^2 = E[z^2; z > 0] = E z^2/2 = ||W1(j,:)||^2/2 by isotropy; "
               "insert into Prop 11.2.1.",
    mutants=[
        Mutant("asymmetric-isotropic-inputs", "without symmetry E ReLU(z)^2 ≠ E z^2/2: entries 2 w.p. 1/5 and -1/2 "
                                              "w.p. 4/5 are isotropic but E ReLU(x)^2 = 4/5",
               instances=relu_law_cases(laws=("skewed",))),
        Mutant("factor-lambda", "ReLU keeps half of the second moment, so the constant is λ/2, not λ",
               conclusion=lambda c: relu_path_checks(c, factor=Fraction(1))),
        Mutant("anisotropic-inputs", "with E xxᵀ = Σ ≠ I the row norms become ||W1(j,:)||_Σ^2",
               instances=relu_law_cases(laws=("scaled-hypercube",))),
    ],
    examples=40,
)
test_dropout_relu_path_norm = RELU.test()


# --- tied linear autoencoder (ARORA-1022) -------------------------------------------------------------

def _moments(c: AutoencoderCase) -> tuple[np.ndarray, np.ndarray]:
    Cyx = sum(q * np.outer(y, x) for x, y, q in zip(c.points, c.ys, c.probs))
    Cy = sum(q * np.outer(y, y) for y, q in zip(c.ys, c.probs))
    return Cyx, Cy


def _fro2(A: np.ndarray) -> Fraction:
    return (A * A).sum()


def _autoencoder_risk(c: AutoencoderCase) -> Fraction:
    P = c.U @ c.U.T
    return sum(q * ((y - P @ x) @ (y - P @ x)) for x, y, q in zip(c.points, c.ys, c.probs))


def autoencoder_risk_check(c: AutoencoderCase, printed: bool = False) -> Check:
    Cyx, Cy = _moments(c)
    M = (Cyx + Cyx.T) / 2
    constant = _fro2(Cyx) if printed else _fro2(M)
    rhs = _fro2(M - c.U @ c.U.T) + np.trace(Cy) - constant
    what = "||C_yx||_F^2 (as printed)" if printed else "||M||_F^2"
    return equal(_autoencoder_risk(c), rhs, label=f"E||y - UUᵀx||^2 = ||M - UUᵀ||_F^2 + tr C_y - {what}")


def autoencoder_checks(c: AutoencoderCase, fourth: bool = True) -> list[Check]:
    cols = (c.U * c.U).sum(axis=0)
    reg = dropout_lambda(c.p) * ((cols * cols).sum() if fourth else cols.sum())
    excess = _dropout_excess((c.U.T, c.U), c.points, c.ys, c.p, "identity", probs=c.probs)
    return [autoencoder_risk_check(c),
            equal(excess, reg, label="hidden-layer dropout adds λ Σ_i ||u_i||^4")]


AUTOENCODER = Claim(
    id="dropout-tied-autoencoder",
    title="Risk and dropout regularizer of the tied linear autoencoder with whitened inputs",
    statement="if E xxᵀ = I then E||y - UUᵀx||^2 = ||M - UUᵀ||_F^2 + tr C_y - ||M||_F^2 with M = (C_yx + C_xy)/2, "
              "and inverted dropout of rate p on the hidden layer adds λ Σ_i ||u_i||^4",
    sources=[Source(ARORA, "§11.3, before eq. (11.11) (constant corrected to -||M||_F^2)", ("ARORA-1022",))],
    kind="exact",
    area="implicit-bias",
    instances=autoencoder_cases(),
    conclusion=autoencoder_checks,
    proof_idea="Expand: E||y||^2 - 2<C_yx, UUᵀ> + tr(UUᵀUUᵀC_x); with C_x = I and UUᵀ symmetric, <C_yx, UUᵀ> = "
               "<M, UUᵀ>, and completing the square gives ||M - UUᵀ||^2 - ||M||^2.  Prop 11.2.1 with a = Uᵀx "
               "gives λ Σ_i ||u_i||^2 E(u_iᵀx)^2 = λ Σ_i ||u_i||^4.",
    mutants=[
        Mutant("squared-norm-regularizer", "the hidden unit's second moment is E(u_iᵀx)^2 = ||u_i||^2, so the penalty "
                                           "is quartic, not λ Σ ||u_i||^2",
               conclusion=lambda c: autoencoder_checks(c, fourth=False)),
        Mutant("non-whitened-inputs", "with C_x ≠ I the quadratic term is tr(UUᵀUUᵀC_x) ≠ ||UUᵀ||_F^2",
               instances=autoencoder_cases(laws=("scaled-hypercube",))),
    ],
    examples=40,
)
test_dropout_tied_autoencoder = AUTOENCODER.test()


AUTOENCODER_AUDIT = Claim(
    id="tied-autoencoder-risk-constant-as-printed",
    title="As printed: the autoencoder risk identity with constant -||C_yx||_F^2",
    statement="(as printed) if C_x = I then E||y - UUᵀx||^2 = ||M - UUᵀ||_F^2 + tr C_y - ||C_yx||_F^2, "
              "M = (C_yx + C_xy)/2",
    sources=[Source(ARORA, "§11.3, display before eq. (11.11)", ("ARORA-1022",))],
    kind="exact",
    area="implicit-bias",
    instances=autoencoder_cases(),
    conclusion=lambda c: autoencoder_risk_check(c, printed=True),
    proof_idea="Completing the square around M leaves -||M||_F^2, and ||M||_F^2 = ||C_yx||_F^2 only when C_yx is "
               "symmetric (||M||_F^2 = (||C_yx||^2 + <C_yx, C_yxᵀ>)/2).",
    audit=True,
    corrected="dropout-tied-autoencoder",
    finding="the additive constant is -||M||_F^2, not -||C_yx||_F^2; they differ by (||C_yx||_F^2 - <C_yx, C_yxᵀ>)/2 > 0 "
            "whenever C_yx is not symmetric (e.g. C_yx = [[0,1],[0,0]]: off by 1/2 at every U). The minimizers in U "
            "are unaffected.",
    examples=30,
)
test_tied_autoencoder_risk_constant_as_printed = AUTOENCODER_AUDIT.test()
