"""Spectrally-normalized margin bounds: the complexity terms, their invariances, and their depth
dependence.

Statement.  For a bias-free ReLU network ``f(x) = A_L relu(⋯ relu(A_1 x))`` and margin ``γ > 0``,
Bartlett–Foster–Telgarsky bound the test error by ``R̂_γ(f) + Õ(‖X‖_F R_A/(γ n) + √(ln(1/δ)/n))``
with ``R_A = Π‖A_i‖_σ (Σ (‖A_iᵀ‖_{2,1}/‖A_i‖_σ)^{2/3})^{3/2}``; Neyshabur et al. have
``Õ(√(B² L² h Π‖A_i‖_σ² Σ srank(A_i)/(γ² n)))`` with ``B = max‖x‖``.  The finite facts checked:
- ``f(cx) = c f(x)`` for ``c > 0``, so margins scale by ``c`` and ``R̂_{cγ}`` on ``cX`` equals
  ``R̂_γ`` on ``X``; both terms are invariant under ``(X, γ) → (cX, cγ)``, under the rebalancing
  ``A_1 → cA_1, A_2 → A_2/c`` (same function) and under ``(A_1, γ) → (cA_1, cγ)``.  A term that is not
  invariant (no input norm, or an unsquared ``max‖x‖`` under the root) cannot be a valid bound:
  taking ``c → ∞`` would bound the test error by the margin error alone.
- The margin loss: ``1{m <= 0} <= ramp_γ(m) = clip(1 − m/γ, 0, 1) <= 1{m <= γ}``, so the training
  error is at most the ramp loss, at most ``R̂_γ``, which grows with ``γ``.
- ``1 <= srank(A) <= rank A`` and ``‖Aᵀ‖_{2,1} >= ‖A‖_σ``, so ``Σ srank >= L`` and
  ``R_A >= L^{3/2} Π‖A_i‖_σ``: the terms grow with depth.  Inserting an identity layer after a ReLU
  layer of width ``h`` leaves ``f`` and ``Π‖A_i‖_σ`` unchanged and adds exactly ``h`` to ``Σ srank``.

Sources.  Teng, Wang, Zhang, *Theoretical Machine Learning*, §8.3.2 (TENG-45, printed without an
input-norm factor) and §8.3.3 (TENG-46, 'independent of width and depth'; TENG-47, the all-layer
margin, a pointer only); Arora et al., *Theory of Deep Learning*, Thm 5.5.6 (ARORA-75, printed with
``max‖x‖`` unsquared and no width factor).  The three printed forms are audit claims.

Proof idea.  ReLU is positively homogeneous and there are no biases, so scalars pass through every
layer; each term is a ratio in which ``c`` cancels.  ``‖A‖_σ² = σ_1² <= Σσ_i² = ‖A‖_F² <= rank·σ_1²``
and the largest row norm is at most the sum of the row norms while ``‖A‖_σ <= ‖A‖_F <= Σ rows``.

Numeric: rounding of a forward pass is bounded by ``(L + 1)·w·eps·Π‖|A_i|‖_F·‖x‖`` (``w`` the
largest width) and the norms are backward stable, so relative tolerances are a few hundred ulps.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from checks.claim import Claim, Mutant, Source, close, ge, le
from checks.coverage import Uncovered
from checks.documents import ARORA, TENG
from checks.spectral_margin import (bartlett_term, forward, margins, neyshabur_term, norm_21_rows, spectral,
                                    spectral_complexity, stable_rank)
from checks.strategies.spectral_margin import margin_nets

NOT_CHECKED = (
    Uncovered("TENG-47", area="generalization", checkable="no",
              reason="a pointer to the all-layer margin of Wei and Ma with no formula or constants; the margin "
                     "itself is an optimization problem"),
)

EPS = np.finfo(float).eps


def _width(inst) -> int:
    return max(max(W.shape) for W in inst.Ws)


def _rel_tol(inst) -> float:
    """Relative rounding of a norm-based term: 256·(L + 1)·w·eps (SVDs and products, backward stable)."""
    return 256 * (len(inst.Ws) + 1) * _width(inst) * EPS


def _out_tol(inst, c: float) -> float:
    """Forward-pass rounding on cX, bounded by (L + 1)·w·eps·Π‖|A_i|‖_F·max‖cx‖, times 4 for both sides."""
    prod = float(np.prod([np.linalg.norm(W, "fro") for W in inst.Ws]))
    return 4 * (len(inst.Ws) + 1) * _width(inst) * EPS * prod * c * float(np.linalg.norm(inst.X, axis=1).max())


def printed_teng(Ws, X, gamma):
    """The term as TENG-45 prints it: Π‖A_i‖_σ (Σ srank)^{1/2} / (γ √n), with no input norm."""
    prod = float(np.prod([spectral(W) for W in Ws]))
    return prod * np.sqrt(sum(stable_rank(W) for W in Ws)) / (gamma * np.sqrt(X.shape[0]))


def printed_arora(Ws, X, gamma):
    """The term as ARORA-75 prints it: √(L² max‖x‖ Π‖A_i‖² Σ srank / (γ² n)), ‖x‖ unsquared."""
    B = float(np.linalg.norm(X, axis=1).max())
    prod = float(np.prod([spectral(W) for W in Ws]))
    return float(np.sqrt(len(Ws) ** 2 * B * prod**2 * sum(stable_rank(W) for W in Ws) / (gamma**2 * X.shape[0])))


def no_product(Ws, X, gamma):
    """Neyshabur's term without Π‖A_i‖_σ²."""
    prod = float(np.prod([spectral(W) for W in Ws]))
    return neyshabur_term(Ws, X, gamma) / prod


TERMS = {"bartlett": bartlett_term, "neyshabur": neyshabur_term}


def _input_scaling(inst, terms=TERMS):
    c, X, g = inst.c, inst.X, inst.gamma
    out = [close(forward(inst.Ws, c * X), c * forward(inst.Ws, X), _out_tol(inst, c),
                 label="f(cx) = c f(x)", why="4(L + 1)·w·eps·Π‖A_i‖_F·c·max‖x‖"),
           close(margins(forward(inst.Ws, c * X), inst.y), c * margins(forward(inst.Ws, X), inst.y),
                 2 * _out_tol(inst, c), label="margins scale by c", why="twice the output rounding")]
    for name, term in terms.items():
        t0 = term(inst.Ws, X, g)
        out.append(close(term(inst.Ws, c * X, c * g), t0, _rel_tol(inst) * t0,
                         label=f"{name} term invariant under (X, gamma) -> (cX, c gamma)",
                         why="256(L + 1)·w·eps relative"))
    return out


def _weight_scaling(inst, terms=TERMS):
    c, X, g = inst.c, inst.X, inst.gamma
    rebalanced = (c * inst.Ws[0], inst.Ws[1] / c) + inst.Ws[2:]
    scaled = (c * inst.Ws[0],) + inst.Ws[1:]
    out = [close(forward(rebalanced, X), forward(inst.Ws, X), 2 * _out_tol(inst, max(c, 1 / c)),
                 label="rebalancing A_1 -> cA_1, A_2 -> A_2/c keeps f", why="output rounding at the larger scale")]
    for name, term in terms.items():
        t0 = term(inst.Ws, X, g)
        out.append(close(term(rebalanced, X, g), t0, _rel_tol(inst) * t0,
                         label=f"{name} term invariant under rebalancing", why="256(L + 1)·w·eps relative"))
        out.append(close(term(scaled, X, c * g), t0, _rel_tol(inst) * t0,
                         label=f"{name} term invariant under (A_1, gamma) -> (cA_1, c gamma)",
                         why="256(L + 1)·w·eps relative"))
    return out


INVARIANCE = Claim(
    id="spectral-margin-terms-invariant",
    title="Spectrally-normalized margin terms are invariant under the symmetries of the problem",
    statement="for a bias-free ReLU net, f(cx) = c f(x); the Bartlett term ||X||_F R_A/(gamma n) and the Neyshabur "
              "term sqrt(B² L² h prod||A_i||² sum srank/(gamma² n)) are unchanged by (X, gamma) -> (cX, c gamma), by "
              "A_1 -> cA_1, A_2 -> A_2/c and by (A_1, gamma) -> (cA_1, c gamma)",
    sources=[Source(TENG, "§8.3.2 (corrected: with the input-norm factor)", ("TENG-45",)),
             Source(ARORA, "Thm 5.5.6 (corrected: max||x||² and the width h)", ("ARORA-75",))],
    kind="numeric",
    area="generalization",
    instances=margin_nets(),
    conclusion=lambda i: _input_scaling(i) + _weight_scaling(i),
    proof_idea="relu(cz) = c relu(z) for c > 0 and there are no biases, so scalars pass through the layers; "
               "each term is homogeneous of degree 0 in (input, margin) and in (one layer, margin)",
    mutants=[Mutant("no-input-norm", "without an input norm the term scales by 1/c when inputs and margin scale by c",
                    conclusion=lambda i: _input_scaling(i, {"printed-teng": printed_teng})),
             Mutant("unsquared-input-norm", "with max||x|| unsquared under the root the term scales by c^(-1/2)",
                    conclusion=lambda i: _input_scaling(i, {"printed-arora": printed_arora})),
             Mutant("no-spectral-product", "without prod||A_i|| the term scales by 1/c when A_1 and gamma do",
                    conclusion=lambda i: _weight_scaling(i, {"no-product": no_product}))],
    examples=30,
)
test_spectral_margin_terms_invariant = INVARIANCE.test()


def _insert_identity(Ws):
    """Insert I_h after the first (ReLU) layer: relu(I relu(z)) = relu(z)."""
    h = Ws[0].shape[0]
    return (Ws[0], np.eye(h)) + Ws[1:], h


def _depth(inst, srank_cap_depth: bool = False, linear_in_depth: bool = False):
    L, tol = len(inst.Ws), _rel_tol(inst)
    prod = float(np.prod([spectral(W) for W in inst.Ws]))
    sranks = [stable_rank(W) for W in inst.Ws]
    out = []
    for i, W in enumerate(inst.Ws):
        out.append(ge(sranks[i], 1.0, tol, label=f"srank(A_{i + 1}) >= 1", why="256(L + 1)·w·eps"))
        out.append(le(sranks[i], np.linalg.matrix_rank(W), tol * min(W.shape), label=f"srank(A_{i + 1}) <= rank",
                      why="256(L + 1)·w·eps·rank"))
        out.append(ge(norm_21_rows(W), spectral(W), tol * spectral(W), label=f"||A_{i + 1}^T||_21 >= ||A_{i + 1}||_s",
                      why="256(L + 1)·w·eps relative"))
    if srank_cap_depth:
        out.append(le(sum(sranks), L, tol * L, label="sum srank <= L", why="relative rounding"))
    else:
        out.append(ge(sum(sranks), L, tol * L, label="sum srank >= L", why="relative rounding"))
    power = 1.0 if linear_in_depth else 1.5
    R = spectral_complexity(inst.Ws)
    if linear_in_depth:
        out.append(le(R, L * prod, tol * R, label="R_A <= L prod||A_i||_s", why="relative rounding"))
    else:
        out.append(ge(R, L**power * prod, tol * R, label="R_A >= L^(3/2) prod||A_i||_s", why="relative rounding"))
    deeper, h = _insert_identity(inst.Ws)
    out.append(close(forward(deeper, inst.X), forward(inst.Ws, inst.X), 2 * _out_tol(inst, 1.0),
                     label="an identity layer after a ReLU layer keeps f", why="output rounding"))
    out.append(close(sum(stable_rank(W) for W in deeper), sum(sranks) + h, tol * (sum(sranks) + h),
                     label="identity layer adds h to sum srank", why="relative rounding"))
    return out


DEPTH = Claim(
    id="spectral-margin-depth-dependence",
    title="Spectrally-normalized complexity terms grow with depth",
    statement="for layers A_1..A_L: 1 <= srank(A_i) <= rank(A_i), ||A_i^T||_21 >= ||A_i||_s, hence sum srank >= L and "
              "R_A >= L^(3/2) prod||A_i||_s; an identity layer after a ReLU layer of width h keeps the function and "
              "the spectral product and adds exactly h to sum srank",
    sources=[Source(TENG, "§8.3.3 (corrected: the L-term sum depends on depth)", ("TENG-46",))],
    kind="numeric",
    area="generalization",
    instances=margin_nets(),
    conclusion=_depth,
    proof_idea="sigma_1² <= sum sigma_i² <= rank·sigma_1²; the spectral norm is at most the Frobenius norm, at most "
               "the sum of the row norms; relu(I relu(z)) = relu(z) and srank(I_h) = h",
    mutants=[Mutant("srank-sum-at-most-depth", "Gaussian layers have stable rank above 1, so sum srank > L",
                    conclusion=lambda i: _depth(i, srank_cap_depth=True)),
             Mutant("complexity-linear-in-depth", "R_A >= L^(3/2) prod||A_i|| > L prod||A_i|| for L >= 2",
                    conclusion=lambda i: _depth(i, linear_in_depth=True))],
    examples=30,
)
test_spectral_margin_depth_dependence = DEPTH.test()


def _ramp_sandwich(inst, reverse: bool = False):
    m = margins(forward(inst.Ws, inst.X), inst.y)
    g = inst.gamma
    n = len(m)
    zero_one = Fraction(int(np.sum(m <= 0)), n)
    # the ramp values of the computed margins, summed exactly; pointwise exact in floating point too:
    # m <= 0 gives 1 - m/g >= 1, and m >= g gives fl(m/g) >= 1 (rounding is monotone)
    ramp = sum((Fraction(float(r)) for r in np.clip(1 - m / g, 0.0, 1.0)), Fraction(0)) / n
    margin_err = Fraction(int(np.sum(m <= g)), n)
    wider = Fraction(int(np.sum(m <= 2 * g)), n)
    if reverse:
        return le(ramp, zero_one, label="ramp loss <= 0-1 error")
    return [le(zero_one, ramp, label="P_hat(margin <= 0) <= mean ramp_gamma"),
            le(ramp, margin_err, label="mean ramp_gamma <= R_hat_gamma = P_hat(margin <= gamma)"),
            le(margin_err, wider, label="R_hat_gamma <= R_hat_2gamma (monotone in gamma)")]


RAMP = Claim(
    id="spectral-margin-ramp-sandwich",
    title="The margin loss sits between the training error and the margin error",
    statement="for margins m_i = f(x_i)_{y_i} - max_{j != y_i} f(x_i)_j and gamma > 0: (1/n) sum 1{m_i <= 0} <= "
              "(1/n) sum ramp_gamma(m_i) <= R_hat_gamma = (1/n) sum 1{m_i <= gamma}, and R_hat_gamma grows with gamma",
    sources=[Source(TENG, "§8.3.2 (the empirical margin loss R_hat_gamma of the bound)", ("TENG-45",))],
    kind="exact",
    area="generalization",
    instances=margin_nets(),
    conclusion=_ramp_sandwich,
    proof_idea="1{m <= 0} <= clip(1 - m/gamma, 0, 1) <= 1{m <= gamma} pointwise, and {m <= gamma} grows with gamma",
    mutants=[Mutant("ramp-below-zero-one", "a margin in (0, gamma) costs ramp loss but no 0-1 error",
                    conclusion=lambda i: _ramp_sandwich(i, reverse=True))],
    examples=30,
)
test_spectral_margin_ramp_sandwich = RAMP.test()


NO_INPUT_NORM_AUDIT = Claim(
    id="spectral-margin-no-input-norm",
    title="Spectral margin bound without an input-norm factor (as printed)",
    statement="P(err) <= R_hat_gamma(f) + O~(prod||W_i||_s (sum ||W_i||_F²/||W_i||_s²)^(1/2) / (gamma sqrt(n))); "
              "checked through the invariance any valid bound must have: (X, gamma) -> (cX, c gamma) changes "
              "neither the test error nor R_hat_gamma, so the printed term must not change",
    sources=[Source(TENG, "§8.3.2, line 685", ("TENG-45",))],
    kind="numeric",
    area="generalization",
    instances=margin_nets(),
    conclusion=lambda i: _input_scaling(i, {"printed": printed_teng}),
    proof_idea="false: the printed term is divided by c while everything it bounds is unchanged",
    audit=True,
    corrected="spectral-margin-terms-invariant",
    finding="rescaling all inputs and the margin by c leaves R_hat_gamma and the test error unchanged but divides the "
            "printed term by c, so letting c grow the 'bound' reduces to err <= R_hat_gamma, false for a net that "
            "fits random labels; the correct terms carry ||X||_F/n (Bartlett et al.) or max||x|| (Neyshabur et al.)",
    examples=30,
)
test_spectral_margin_no_input_norm = NO_INPUT_NORM_AUDIT.test()


UNSQUARED_AUDIT = Claim(
    id="spectral-margin-unsquared-input-norm",
    title="Compression-based spectral bound with max||x|| unsquared (as printed)",
    statement="generalization error O~(sqrt(d² max||x|| prod||A_i||² sum ||A_i||_F²/||A_i||² / (gamma² m))); "
              "checked through the invariance under (X, gamma) -> (cX, c gamma) that any valid bound must have",
    sources=[Source(ARORA, "Thm 5.5.6, §5.5.2", ("ARORA-75",))],
    kind="numeric",
    area="generalization",
    instances=margin_nets(),
    conclusion=lambda i: _input_scaling(i, {"printed": printed_arora}),
    proof_idea="false: the printed expression scales by c^(-1/2) under (X, gamma) -> (cX, c gamma)",
    audit=True,
    corrected="spectral-margin-terms-invariant",
    finding="the printed expression is multiplied by c^(-1/2) when inputs and margin are multiplied by c, so it is "
            "dimensionally inconsistent; the compression proof gives sqrt(h d² max||x||² prod||A_i||² sum srank / "
            "(gamma² m)) (with the width h, as in Neyshabur et al.), which is invariant",
    examples=30,
)
test_spectral_margin_unsquared_input_norm = UNSQUARED_AUDIT.test()


def _depth_free(inst):
    deeper, _ = _insert_identity(inst.Ws)
    t0 = printed_teng(inst.Ws, inst.X, inst.gamma)
    return [close(forward(deeper, inst.X), forward(inst.Ws, inst.X), 2 * _out_tol(inst, 1.0),
                  label="same function after inserting an identity layer", why="output rounding"),
            close(printed_teng(deeper, inst.X, inst.gamma), t0, _rel_tol(inst) * t0,
                  label="term unchanged by one more (identity) layer", why="256(L + 1)·w·eps relative")]


DEPTH_AUDIT = Claim(
    id="spectral-margin-depth-free",
    title="'The spectral margin bound does not depend on width or depth' (as printed)",
    statement="the complexity term prod||W_i||_s (sum srank(W_i))^(1/2)/(gamma sqrt(n)) has no explicit dependence on "
              "depth: the same function with the same spectral product, written with one more layer, has the same term",
    sources=[Source(TENG, "§8.3.3, line 693", ("TENG-46",))],
    kind="numeric",
    area="generalization",
    instances=margin_nets(),
    conclusion=_depth_free,
    proof_idea="false: each layer contributes its stable rank, at least 1, to the sum",
    audit=True,
    corrected="spectral-margin-depth-dependence",
    finding="inserting I_h after a ReLU layer of width h keeps the function and prod||W_i||_s but adds h to sum srank, "
            "so the term grows by the factor sqrt(1 + h/sum srank); in general sum srank >= L, so the term grows at "
            "least like sqrt(L) with depth, and each srank is at most the width",
    examples=30,
)
test_spectral_margin_depth_free = DEPTH_AUDIT.test()
