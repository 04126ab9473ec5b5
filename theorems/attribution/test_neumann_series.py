"""Neumann series for inverse-Hessian-vector products, and the series behind gradient descent on
least squares.

Statement.
- For symmetric ``A`` with ``0 ≺ A`` and ``λ_max(A) < 1``, ``A^{-1} = Σ_{i>=0} (I - A)^i``; with
  ``S_r = Σ_{i<r} (I - A)^i`` the truncation error is exactly ``A^{-1} - S_r = (I - A)^r A^{-1}``, a
  positive semidefinite matrix with top eigenvalue ``(1 - λ_min)^r / λ_min <= e^{-r λ_min} / λ_min``.
- For a positive definite Hessian ``H`` and a step ``0 < η < 2/λ_max(H)``, ``r`` Hessian-vector
  products ``x_{k+1} = x_k + η(v - H x_k)`` give ``x_r = Σ_{k<r}(I - ηH)^k η v`` and
  ``H^{-1}v - x_r = (I - ηH)^r H^{-1}v``, whose norm shrinks by ``ρ = max_j |1 - ηλ_j| < 1`` per step.
- Gradient descent from 0 on ``||Xw - y||²/2`` is ``w_t = Σ_{j<t}(I - ηXᵀX)^j ηXᵀy``.  For ``d > n``
  the matrix ``I - ηXᵀX`` has eigenvalue 1 on ``null(X)``, so the footnote lemma
  ``Σ A^i = (I - A)^†`` (true for PSD ``A`` with ``λ_max(A) < 1``) does not apply to it; the series
  converges on ``range(Xᵀ)``, where ``ηXᵀy`` lies: ``w_t - w† = -(I - ηXᵀX)^t w†`` with
  ``w† = (XᵀX)^†Xᵀy``, and ``||w_t - w†|| <= ρ_+^t ||w†||`` with ``ρ_+ = max_j |1 - η s_j²| < 1``
  over the non-zero singular values ``s_j`` of ``X``.

Sources.  Arora et al., *Theory of Deep Learning*, Problem 10.1.3 (ARORA-1006), Problem 10.1.4 and the
following paragraph (ARORA-1007: the bound is printed as "??"; the text also never rescales ``H``,
which the identity needs), §3.1 footnote 2 and (3.3)-(3.4) (ARORA-35).

Proof idea.  Diagonalize: on an eigenvector of ``A`` with eigenvalue ``λ ∈ (0, 1)`` the partial sum is
the geometric sum ``(1 - (1 - λ)^r)/λ``, so the error is ``(1 - λ)^r/λ``, decreasing in ``λ``; and
``(1 - λ)^r <= e^{-rλ}``.  The recursion ``A x_{k+1} - v = (I - ηA)(A x_k - v)`` telescopes.  On
``null(X)`` the series of GD has no component because ``Xᵀy ⊥ null(X)``.

All matrices are rational with exactly known spectra (``Q diag(λ) Qᵀ`` with a rational orthogonal ``Q``
from the Cayley transform); every identity and bound is checked in exact arithmetic, and a top
eigenvalue ``μ`` is certified by ``μI - M ⪰ 0`` together with ``det(μI - M) = 0``.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from checks.attribution import (add, determinant, identity, inverse, is_psd, matmul, matvec, neumann_hvp,
                                neumann_matrix, power, scale, solve, sq_norm, transpose)
from checks.claim import Check, Claim, Mutant, Source, equal, holds, le
from checks.documents import ARORA
from checks.strategies.attribution import (LeastSquaresInstance, SpectralInstance, hessian_spectra,
                                           unit_spectra, wide_least_squares)


# --- claim 1: the Neumann series of A^{-1} and its truncation error -------------------------------

def _top_eigenvalue(M, mu: Fraction, label: str) -> list[Check]:
    """``λ_max(M) = mu``: ``mu I - M ⪰ 0`` and singular."""
    D = tuple(tuple(mu * i - m for i, m in zip(ri, rm)) for ri, rm in zip(identity(len(M)), M))
    return [holds(is_psd(D), f"{label}: mu I - (A^-1 - S_r) is PSD", f"mu = {mu}"),
            equal(determinant(D), Fraction(0), label=f"{label}: det(mu I - (A^-1 - S_r)) = 0")]


def _error_matrix(inst: SpectralInstance, series=neumann_matrix):
    A = inst.A
    Ainv = inverse(A)
    return A, Ainv, add(Ainv, series(A, inst.r), -1)


def neumann(inst: SpectralInstance) -> list[Check]:
    A, Ainv, M = _error_matrix(inst)
    n, r = len(A), inst.r
    lam = min(inst.eigenvalues)
    mu = (1 - lam) ** r / lam
    exp_bound = sp.exp(-r * sp.Rational(lam.numerator, lam.denominator)) / sp.Rational(lam.numerator, lam.denominator)
    S_v = matvec(neumann_matrix(A, r), inst.v)
    return [equal(M, matmul(power(add(identity(n), A, -1), r), Ainv), label="A^-1 - S_r = (I - A)^r A^-1"),
            holds(is_psd(M), "A^-1 - S_r is PSD"),
            *_top_eigenvalue(M, mu, "lambda_max(A^-1 - S_r) = (1 - lambda_min)^r / lambda_min"),
            holds(bool(sp.Rational(mu.numerator, mu.denominator) <= exp_bound),
                  "(1 - lambda_min)^r / lambda_min <= exp(-r lambda_min) / lambda_min"),
            equal(neumann_hvp(lambda x: matvec(A, x), inst.v, Fraction(1), r)[-1], S_v,
                  label="r Hessian-vector products give S_r v")]


def plus_series(A, r: int):
    n = len(A)
    return neumann_matrix(add(tuple(tuple(Fraction(0) for _ in range(n)) for _ in range(n)), A, -1), r)


def plus_a(inst: SpectralInstance) -> Check:
    A, Ainv, M = _error_matrix(inst, plus_series)
    return equal(M, matmul(power(add(identity(len(A)), A, -1), inst.r), Ainv),
                 label="A^-1 - sum_{i<r} (I + A)^i = (I - A)^r A^-1")


def wrong_end(inst: SpectralInstance) -> list[Check]:
    _, _, M = _error_matrix(inst)
    lam = max(inst.eigenvalues)
    return _top_eigenvalue(M, (1 - lam) ** inst.r / lam, "lambda_max(A^-1 - S_r) = (1 - lambda_max)^r / lambda_max")


def no_division(inst: SpectralInstance) -> Check:
    lam = min(inst.eigenvalues)
    mu = (1 - lam) ** inst.r / lam
    bound = sp.exp(-inst.r * sp.Rational(lam.numerator, lam.denominator))
    return holds(bool(sp.Rational(mu.numerator, mu.denominator) <= bound),
                 "lambda_max(A^-1 - S_r) <= exp(-r lambda_min)", f"mu = {mu}, bound = {float(bound):.6g}")


NEUMANN = Claim(
    id="neumann-series-inverse",
    title="Neumann series of A^-1 and its exact truncation error",
    statement="for symmetric A with 0 < A and lambda_max(A) < 1 and S_r = sum_{i<r} (I - A)^i: "
              "A^-1 - S_r = (I - A)^r A^-1 is PSD with lambda_max = (1 - lambda_min)^r / lambda_min "
              "<= exp(-r lambda_min) / lambda_min, and S_r v costs r Hessian-vector products",
    sources=[Source(ARORA, "Problem 10.1.3", ("ARORA-1006",)),
             Source(ARORA, "Problem 10.1.4 and the following paragraph (bound printed as '??')", ("ARORA-1007",)),
             Source(ARORA, "§3.1 footnote 2 (sum_i B^i = (I - B)^+ for PSD B with lambda_max < 1)", ("ARORA-35",))],
    kind="exact",
    area="attribution",
    instances=unit_spectra(),
    conclusion=neumann,
    proof_idea="On an eigenvector with eigenvalue lambda in (0, 1) the partial sum is (1 - (1 - lambda)^r)/lambda, "
               "so the error is (1 - lambda)^r / lambda >= 0, largest at lambda_min; (1 - lambda)^r <= e^{-r lambda}.",
    mutants=[
        Mutant("plus-a-series", "sum (I + A)^i has terms growing like (1 + lambda)^i, not the geometric series "
               "of (1 - (1 - lambda))^{-1}", conclusion=plus_a),
        Mutant("wrong-end-of-spectrum", "the error (1 - lambda)^r/lambda is decreasing in lambda, so its top "
               "eigenvalue sits at lambda_min, not lambda_max", conclusion=wrong_end),
        Mutant("no-division-by-lambda-min", "at r = 0 the error is A^-1 itself, of norm 1/lambda_min > 1",
               conclusion=no_division),
        Mutant("drop-lambda-max-bound", "with an eigenvalue lambda in (1, 2) the error (1 - lambda)^r / lambda changes "
               "sign with r, so S_r overshoots A^-1, and with lambda > 2 it grows: the series diverges",
               instances=unit_spectra(top=Fraction(3))),
    ],
    examples=40,
)
test_neumann_series_inverse = NEUMANN.test()


# --- claim 2: Hessian-vector products with a step size --------------------------------------------

def _hvp_errors(inst: SpectralInstance, eta: Fraction) -> tuple[list, list]:
    H = inst.A
    target = solve(H, inst.v)
    xs = neumann_hvp(lambda x: matvec(H, x), inst.v, eta, inst.r + 1)
    return xs, [tuple(t - x for t, x in zip(target, xk)) for xk in xs]


def hvp(inst: SpectralInstance) -> list[Check]:
    H, eta, r = inst.A, inst.eta, inst.r
    xs, errs = _hvp_errors(inst, eta)
    rho = max(abs(1 - eta * lam) for lam in inst.eigenvalues)
    B = add(identity(len(H)), H, -eta)
    return [equal(errs[r], matvec(power(B, r), errs[0]), label="H^-1 v - x_r = (I - eta H)^r H^-1 v"),
            le(sq_norm(errs[r + 1]), rho**2 * sq_norm(errs[r]),
               label="|e_{r+1}|^2 <= rho^2 |e_r|^2, rho = max_j |1 - eta lambda_j|"),
            le(sq_norm(errs[r + 1]), sq_norm(errs[r]), label="|e_{r+1}| <= |e_r| (the error never grows)"),
            le(sq_norm(errs[r]), rho ** (2 * r) * sq_norm(errs[0]), label="|e_r|^2 <= rho^{2r} |H^-1 v|^2")]


def missing_step(inst: SpectralInstance) -> Check:
    xs, errs = _hvp_errors(inst, inst.eta)
    H, r = inst.A, inst.r
    target = solve(H, inst.v)
    unscaled = tuple(t - x / inst.eta for t, x in zip(target, xs[r]))
    return equal(unscaled, matvec(power(add(identity(len(H)), H, -inst.eta), r), target),
                 label="H^-1 v - sum_{k<r} (I - eta H)^k v = (I - eta H)^r H^-1 v")


HVP = Claim(
    id="neumann-hessian-vector-products",
    title="Inverse-Hessian-vector products from r Hessian-vector products",
    statement="for H positive definite and 0 < eta < 2/lambda_max(H), x_{k+1} = x_k + eta (v - H x_k) from 0 "
              "gives x_r = sum_{k<r} (I - eta H)^k eta v with H^-1 v - x_r = (I - eta H)^r H^-1 v, and the error "
              "contracts by rho = max_j |1 - eta lambda_j| < 1 per step",
    sources=[Source(ARORA, "Problem 10.1.4 and the following paragraph (H rescaled by the step eta)", ("ARORA-1007",))],
    kind="exact",
    area="attribution",
    instances=hessian_spectra(),
    conclusion=hvp,
    proof_idea="H x_{k+1} - v = (I - eta H)(H x_k - v), so e_{k+1} = (I - eta H) e_k; on each eigenvector the "
               "factor is 1 - eta lambda_j, of modulus < 1 exactly when 0 < eta lambda_j < 2.",
    mutants=[
        Mutant("step-beyond-two-over-lambda-max", "with eta lambda_max > 2 the factor 1 - eta lambda_max has "
               "modulus > 1 and the error grows along the top eigenvector (the unscaled series of the text "
               "when lambda_max(H) > 2)", instances=hessian_spectra(step=(Fraction(2), Fraction(3)))),
        Mutant("missing-step-factor", "sum_k (I - eta H)^k v tends to (eta H)^-1 v, which is H^-1 v / eta",
               conclusion=missing_step, instances=hessian_spectra().filter(lambda i: i.eta != 1)),
    ],
    examples=40,
)
test_neumann_hessian_vector_products = HVP.test()


# --- claim 3: the series of gradient descent on least squares, d > n ------------------------------

def _gd(inst: LeastSquaresInstance, u=None):
    X = inst.X
    G = matmul(transpose(X), X)
    v = matvec(transpose(X), inst.y) if u is None else u
    return X, G, neumann_hvp(lambda w: matvec(G, w), v, inst.eta, inst.t + 1)


def gd_series(inst: LeastSquaresInstance) -> list[Check]:
    X, G, ws = _gd(inst)
    n, d, t, eta = len(inst.U), len(inst.V), inst.t, inst.eta
    Xt = transpose(X)
    w_dag = matvec(Xt, solve(matmul(X, Xt), inst.y))
    errs = [tuple(a - b for a, b in zip(w, w_dag)) for w in ws]
    B = add(identity(d), G, -eta)
    rho = max(abs(1 - eta * s * s) for s in inst.s)
    null = transpose(inst.V)[n:]
    return [equal(matvec(G, w_dag), matvec(Xt, inst.y), label="X^T X w+ = X^T y (w+ = X^T (X X^T)^-1 y)"),
            equal(tuple(sum(a * b for a, b in zip(c, w_dag)) for c in null), (Fraction(0),) * (d - n),
                  label="w+ is orthogonal to null(X) (minimum norm)"),
            equal(errs[t], scale(-1, matvec(power(B, t), w_dag)), label="w_t - w+ = -(I - eta X^T X)^t w+"),
            le(sq_norm(errs[t]), rho ** (2 * t) * sq_norm(w_dag),
               label="|w_t - w+|^2 <= rho_+^{2t} |w+|^2, rho_+ = max_j |1 - eta s_j^2|"),
            le(sq_norm(errs[t + 1]), sq_norm(errs[t]), label="|w_{t+1} - w+| <= |w_t - w+|")]


def footnote_literal(inst: LeastSquaresInstance) -> Check:
    """The operator series on a null vector u of X: S_t u = t u against (eta X^T X)^+ u = 0."""
    n = len(inst.U)
    u = transpose(inst.V)[n]
    _, _, xs = _gd(inst, u)
    S_u = scale(1 / inst.eta, xs[inst.t])
    rho = max(abs(1 - inst.eta * s * s) for s in inst.s)
    return le(sq_norm(S_u), rho ** (2 * inst.t) * Fraction(0),
              label="|S_t u - (eta X^T X)^+ u|^2 <= rho_+^{2t} |(eta X^T X)^+ u|^2 for u in null(X)")


GD_SERIES = Claim(
    id="gd-series-pseudo-inverse",
    title="The series of gradient descent on least squares converges on range(X^T) to the min-norm solution",
    statement="for X of full row rank n < d and 0 < eta < 2/lambda_max(X^T X): w_t = sum_{j<t} (I - eta X^T X)^j "
              "eta X^T y satisfies w_t - w+ = -(I - eta X^T X)^t w+ with w+ = (X^T X)^+ X^T y, and "
              "|w_t - w+| <= rho_+^t |w+| with rho_+ = max over non-zero singular values |1 - eta s^2| < 1",
    sources=[Source(ARORA, "§3.1, (3.3)-(3.4) and footnote 2 (applied on range(X^T))", ("ARORA-35",))],
    kind="exact",
    area="attribution",
    instances=wide_least_squares(),
    conclusion=gd_series,
    proof_idea="X^T X w+ = X^T y, so w_{t+1} - w+ = (I - eta X^T X)(w_t - w+) and w_0 - w+ = -w+; w+ lies in "
               "range(X^T), where I - eta X^T X has eigenvalues 1 - eta s_j^2 of modulus < 1.",
    mutants=[
        Mutant("footnote-literal", "I - eta X^T X has eigenvalue 1 on null(X) when d > n, so the operator series "
               "grows like t there instead of converging to the pseudo-inverse", conclusion=footnote_literal,
               instances=wide_least_squares().filter(lambda i: i.t > 0)),
        Mutant("step-beyond-two", "with eta s_max^2 > 2 the error grows along the top singular direction",
               instances=wide_least_squares(step=(Fraction(2), Fraction(3)))),
    ],
    examples=40,
)
test_gd_series_pseudo_inverse = GD_SERIES.test()
