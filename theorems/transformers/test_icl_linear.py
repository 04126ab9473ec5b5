"""In-context learning of linear tasks: linear attention as gradient descent, the Bayes predictor as
ridge regression and as posterior-weighted algorithm selection, non-identifiability from short prompts,
and in-context bigram estimation.

Statement.
- Attention as GD (von Oswald et al. 2023).  Tokens ``z_i = (x_i, y_i)``, query ``z_* = (x_*, 0)``.  The
  linear self-attention layer with keys ``Γx``, queries ``x``, values ``y`` and projection ``-η/n`` maps
  every target ``r_j = y_j - x_jᵀw`` to ``y_j - x_jᵀw⁺``, ``w⁺ = w - ηΓ∇L(w)``, ``L(w) = (1/2n)||Xw - y||²``;
  from ``w_0 = 0`` one layer predicts ``ŷ_* = -r_* = (η/n) Σ_i y_i x_iᵀΓᵀx_*`` (``Γ = I``: plain GD) and
  ``K`` stacked layers with preconditioners ``Γ_1..Γ_K`` predict ``x_*ᵀw_K`` for ``K`` preconditioned
  GD steps.
- Optimal one-layer preconditioner (Ahn et al. 2023; Mahankali et al. 2023).  For ``x ~ N(0, Σ)``,
  ``w ~ N(0, I)``, ``y = Xw`` and ``ŷ_* = x_*ᵀ Γ Xᵀy/n``, the in-context risk
  ``tr(ΓᵀΣΓ E[S²]) - 2 tr(ΣΓΣ) + tr Σ`` (``S = XᵀX/n``) is a convex quadratic in ``Γ`` minimized exactly
  at ``Γ* = ((1 + 1/n)Σ + (tr Σ/n) I)⁻¹``, not at ``Σ⁻¹``.
- Bayes = ridge.  For ``w ~ N(0, τ²I)``, ``y_i = x_iᵀw + ξ_i``, ``ξ_i ~ N(0, σ²)``:
  ``E[y_* | C, x_*] = x_*ᵀ(XᵀX + λI)⁻¹Xᵀy = x_*ᵀXᵀ(XXᵀ + λI)⁻¹y`` with ``λ = σ²/τ²``, and
  ``Cov(w | C) = (XᵀX/σ² + I/τ²)⁻¹``.
- Mixtures.  For families ``k`` with prior weights ``π_k``: ``E[y_* | C] = Σ_k P(k|C) E[y_* | C, k]`` with
  ``P(k|C) ∝ π_k p(C|k)``; the prediction is neither the prior-weighted average nor the prediction of the
  most probable family.
- Short prompts.  For ``n < d``, ``x_*ᵀw`` is the same for every ``w`` consistent with the context iff
  ``x_*`` lies in the row span of ``X``; otherwise every real value ``c`` is ``x_*ᵀw'`` for some ``w'``
  with ``Xw' = Xw``.
- Bigrams.  For a Markov-chain context ``x_1..x_T`` the likelihood ``Π_t P(x_{t+1}|x_t)`` is maximized
  over stochastic matrices by ``p̂(j|i) = #(i→j)/#(i followed by a successor)``.  The printed
  denominator ``#(i in context)`` differs from this only for the last token ``i = x_T``, by at most
  ``1/#(i in context)`` per entry, and then that row sums to ``1 - 1/#(i in context)``.

Sources.  Zhao, *From Approximation to Emergence*: Fig. 15.10 and its proof idea (ZHAO-135), Thm 15.8
(ZHAO-136, informal; the exact minimizer is from the cited literature), Example 15.9 (ZHAO-137), Figs.
15.12–15.14 (ZHAO-138), Remark 15.10 (ZHAO-139), Fig. 22.9 text (ZHAO-178).

Proof ideas.  The layer's update at token ``j`` is ``-(η/n) Σ_i r_i (Γx_i)ᵀx_j = -x_jᵀ(ηΓXᵀr/n)``, and
``-∇L(w) = Xᵀr/n``.  The risk is ``E_X tr((ΓS - I)ᵀΣ(ΓS - I))``; its gradient ``2Σ(Γ E[S²] - Σ)`` vanishes
at ``Γ = Σ E[S²]⁻¹`` and Isserlis gives ``E[S²] = (1 + 1/n)Σ² + (tr Σ/n)Σ``.  Gaussian conditioning gives
``E[w|y] = τ²Xᵀ(τ²XXᵀ + σ²I)⁻¹y``, and the push-through identity ``Xᵀ(XXᵀ + λI)⁻¹ = (XᵀX + λI)⁻¹Xᵀ``
turns it into ridge.  The mixture identity is the law of total expectation.  A null vector ``v`` of
``X`` with ``vᵀx_* ≠ 0`` exists iff ``x_* ∉ row span``, and ``w + tv`` sweeps all predictions.  The bigram
likelihood factorizes over rows, ``Σ_j c_ij log p_ij``, maximized at ``p_ij ∝ c_ij`` (Gibbs' inequality).

Everything is exact (Fractions); the likelihood comparison is a comparison of rational products.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, equal, le
from checks.coverage import Uncovered
from checks.documents import ZHAO
from checks.icl import (bigram_counts, bigram_mle, exact, gaussian_fourth_moment, gd_layer_weights, identity,
                        inverse, joint_enumeration_mean, likelihood, lsa_layer, mixture_posterior, null_space,
                        posterior_gaussian, preconditioned_gd, solve)
from checks.strategies.icl import (GaussianPrompt, MarkovContext, MixturePrompt, Prompt, ShortPrompt,
                                   covariances, gaussian_prompts, markov_contexts, mixture_prompts, prompts,
                                   short_prompts)

NOT_CHECKED = (
    Uncovered("ZHAO-177", area="transformers", checkable="asymptotic",
              reason="the document states only that a deterministic limit exists in the joint limit "
                     "d, n, l, k -> infinity and that a transition in task diversity occurs; it gives no "
                     "limit formula or finite-size constant, so there is no finite statement to check"),
)


# ------------------------------------------------------------------------------------ attention = GD
def _tokens(p: Prompt) -> np.ndarray:
    X, y = exact(p.X), exact(p.y)
    Z = np.concatenate([np.concatenate([X.T, y.reshape(1, -1)]),
                        np.concatenate([exact(p.x_star), exact([0])]).reshape(-1, 1)], axis=1)
    return Z


def _gammas(p: Prompt) -> list[np.ndarray]:
    d = len(p.x_star)
    return [identity(d) if G is None else exact(G) for G in p.Gammas]


def _run_layers(p: Prompt, scale: Fraction = Fraction(1), query_only: bool = False) -> list[np.ndarray]:
    n, d = len(p.y), len(p.x_star)
    Z, out = _tokens(p), []
    for G in _gammas(p):
        WK, WQ, WV, P = gd_layer_weights(d, p.eta * scale, G)
        Znew = lsa_layer(Z, WK, WQ, WV, P, n)
        if query_only:
            Znew[:, :n] = Z[:, :n]
        Z = Znew
        out.append(Z)
    return out


def _gd_checks(p: Prompt, Zs: list[np.ndarray]) -> list[Check]:
    n = len(p.y)
    X, y, xs = exact(p.X), exact(p.y), exact(p.x_star)
    ws = preconditioned_gd(X, y, p.eta, _gammas(p))
    G0 = _gammas(p)[0]
    one = sum((y[i] * (X[i] @ G0.T @ xs) for i in range(n)), Fraction(0)) * p.eta / n
    checks = [equal(-Zs[0][-1, -1], one, label="one layer: y_hat = (eta/n) sum_i y_i x_i^T Gamma^T x_*")]
    for k, (Z, w) in enumerate(zip(Zs, ws[1:]), start=1):
        checks.append(equal(-Z[-1, -1], xs @ w, label=f"{k} layers: y_hat = x_*^T w_{k}"))
        checks.append(equal(tuple(Z[-1, :n]), tuple(y - X @ w), label=f"{k} layers: context targets y_i - x_i^T w_{k}"))
    return checks


def lsa_gd(p: Prompt) -> list[Check]:
    return _gd_checks(p, _run_layers(p))


def lsa_eta_not_over_n(p: Prompt) -> list[Check]:
    return _gd_checks(p, _run_layers(p, scale=Fraction(len(p.y))))


def lsa_query_only(p: Prompt) -> list[Check]:
    return _gd_checks(p, _run_layers(p, query_only=True))


def lsa_softmax(p: Prompt) -> Check:
    """The same weights with softmax-normalized attention over the context (no 1/n)."""
    X, y, xs = np.array(p.X, dtype=float), np.array(p.y, dtype=float), np.array(p.x_star, dtype=float)
    G = np.array(_gammas(p)[0], dtype=float)
    s = (X @ G.T) @ xs
    a = np.exp(s - s.max())
    pred = float(p.eta) * float(a @ y / a.sum())
    Xe, ye = exact(p.X), exact(p.y)
    w1 = preconditioned_gd(Xe, ye, p.eta, _gammas(p)[:1])[1]
    return equal(Fraction(pred), exact(p.x_star) @ w1, label="softmax attention: y_hat = x_*^T w_1")


LSA_GD = Claim(
    id="lsa-implements-preconditioned-gd",
    title="Linear self-attention implements (preconditioned) gradient descent on in-context least squares",
    statement="with keys Gamma x, queries x, values y and projection -eta/n, one linear self-attention layer "
              "predicts (eta/n) sum_i y_i x_i^T Gamma^T x_* = x_*^T w_1 (one GD step from 0 on "
              "(1/2n)||Xw - y||^2); K layers with residual targets give x_*^T w_K after K preconditioned steps",
    sources=[Source(ZHAO, "Fig. 15.10 and its proof idea", ("ZHAO-135",)),
             Source(ZHAO, "Thm 15.8 (informal): the construction for given preconditioners P_t", ("ZHAO-136",)),
             Source("von Oswald et al., Transformers learn in-context by gradient descent (ICML 2023)",
                    "Prop. 1")],
    kind="exact",
    area="transformers",
    instances=prompts(),
    conclusion=lsa_gd,
    proof_idea="The update of token j is -(eta/n) sum_i r_i (Gamma x_i)^T x_j = -x_j^T (eta Gamma X^T r / n), "
               "and -grad L(w) = X^T r / n with r = y - Xw; induction over layers.",
    mutants=[
        Mutant("eta-not-over-n", "the gradient of (1/2n)||Xw - y||^2 carries 1/n; a layer scaled by eta takes a "
               "step n times too long", conclusion=lsa_eta_not_over_n,
               instances=prompts().filter(lambda p: len(p.y) >= 2)),
        Mutant("softmax-attention", "softmax weights average the labels instead of summing y_i x_i^T x_*, so the "
               "prediction is not linear in the context statistic", conclusion=lsa_softmax),
        Mutant("query-only-stacking", "if the context targets are not updated, K layers add K copies of the "
               "first step (K w_1), not K GD steps", conclusion=lsa_query_only,
               instances=prompts(min_layers=2)),
    ],
    examples=40,
)
test_lsa_implements_preconditioned_gd = LSA_GD.test()


# ------------------------------------------------------------------------- optimal preconditioner
def _icl_risk_parts(Sigma: np.ndarray, n: int) -> np.ndarray:
    """``E[S²]`` for ``S = XᵀX/n`` with ``n`` i.i.d. ``N(0, Σ)`` rows: ``(1/n) E[(xxᵀ)²] + ((n-1)/n) Σ²``."""
    return gaussian_fourth_moment(Sigma) / n + Sigma @ Sigma * Fraction(n - 1, n)


def _risk(G: np.ndarray, Sigma: np.ndarray, M: np.ndarray) -> Fraction:
    return np.trace(G.T @ Sigma @ G @ M) - 2 * np.trace(Sigma @ G @ Sigma) + np.trace(Sigma)


def _optimal(cov, G_of) -> list[Check]:
    Sigma = exact(cov.Sigma)
    n, d = cov.n, Sigma.shape[0]
    M = _icl_risk_parts(Sigma, n)
    G = G_of(Sigma, n)
    grad = 2 * Sigma @ (G @ M - Sigma)
    checks = [equal(tuple(grad.reshape(-1)), (Fraction(0),) * (d * d),
                    label="risk gradient 2 Sigma (Gamma E[S^2] - Sigma) = 0 at Gamma")]
    risk = _risk(G, Sigma, M)
    E = identity(d) / 10
    for other in (inverse(Sigma), G + E, G - E):
        checks.append(le(risk, _risk(other, Sigma, M), label="risk(Gamma) <= risk(perturbed / Sigma^-1)"))
    return checks


def _closed_form(Sigma: np.ndarray, n: int) -> np.ndarray:
    d = Sigma.shape[0]
    return inverse(Sigma * Fraction(n + 1, n) + identity(d) * (np.trace(Sigma) / n))


OPTIMAL = Claim(
    id="lsa-optimal-preconditioner",
    title="The risk-minimizing one-layer linear attention is GD preconditioned by ((1+1/n)Σ + tr(Σ)/n I)⁻¹",
    statement="for x ~ N(0, Sigma), w ~ N(0, I), y = Xw and y_hat = x_*^T Gamma X^T y / n, the in-context risk "
              "is minimized at Gamma* = ((1 + 1/n) Sigma + (tr Sigma / n) I)^-1 (gradient exactly 0, risk below "
              "that of Sigma^-1 and of perturbations)",
    sources=[Source(ZHAO, "Thm 15.8 (informal; the precise known case)", ("ZHAO-136",)),
             Source("Ahn, Cheng, Daneshmand, Sra, Transformers learn to implement preconditioned gradient "
                    "descent for in-context learning (NeurIPS 2023)", "Thm 1 (single layer)")],
    kind="exact",
    area="transformers",
    instances=covariances(),
    conclusion=lambda c: _optimal(c, _closed_form),
    proof_idea="Risk = tr(Gamma^T Sigma Gamma E[S^2]) - 2 tr(Sigma Gamma Sigma) + tr Sigma, a convex quadratic "
               "with gradient 2 Sigma (Gamma E[S^2] - Sigma); Isserlis: E[S^2] = (1 + 1/n) Sigma^2 + (tr Sigma/n) "
               "Sigma, so Gamma* = Sigma E[S^2]^-1.",
    mutants=[
        Mutant("sigma-inverse", "at finite n the sample second moment fluctuates, so E[S^2] != Sigma^2 and "
               "Sigma^-1 is not stationary", conclusion=lambda c: _optimal(c, lambda S, n: inverse(S))[:1]),
        Mutant("no-trace-term", "Isserlis' third pairing adds (tr Sigma / n) Sigma to E[S^2]",
               conclusion=lambda c: _optimal(c, lambda S, n: inverse(S * Fraction(n + 1, n)))[:1]),
    ],
    examples=40,
)
test_lsa_optimal_preconditioner = OPTIMAL.test()


# ------------------------------------------------------------------------------------ Bayes = ridge
def _bayes(g: GaussianPrompt, lam_of=lambda tau, sigma: sigma**2 / tau**2) -> list[Check]:
    X, y, xs = exact(g.X), exact(g.y), exact(g.x_star)
    n, d = X.shape
    t2, s2 = g.tau**2, g.sigma**2
    mean, cov = posterior_gaussian(X, y, t2, s2)
    lam = lam_of(g.tau, g.sigma)
    ridge = solve(X.T @ X + lam * identity(d), X.T @ y) if lam else None
    kernel = xs @ (X.T @ solve(X @ X.T + lam * identity(n), y))
    checks = [equal(xs @ mean, kernel, label="E[y_*|C] = x_*^T X^T (X X^T + lam I)^-1 y")]
    if ridge is not None:
        checks.append(equal(xs @ mean, xs @ ridge, label="E[y_*|C] = x_*^T (X^T X + lam I)^-1 X^T y"))
    checks.append(equal(tuple(cov.reshape(-1)), tuple(inverse(X.T @ X / s2 + identity(d) / t2).reshape(-1)),
                        label="Cov(w|C) = (X^T X / sigma^2 + I / tau^2)^-1"))
    return checks


BAYES = Claim(
    id="icl-bayes-equals-ridge",
    title="Bayes-optimal in-context prediction for linear-Gaussian tasks is ridge regression with λ = σ²/τ²",
    statement="for w ~ N(0, tau^2 I) and Gaussian noise of variance sigma^2, E[y_*|C, x_*] = "
              "x_*^T (X^T X + lam I)^-1 X^T y = x_*^T X^T (X X^T + lam I)^-1 y with lam = sigma^2/tau^2, and "
              "Cov(w|C) = (X^T X/sigma^2 + I/tau^2)^-1",
    sources=[Source(ZHAO, "Example 15.9", ("ZHAO-137",))],
    kind="exact",
    area="transformers",
    instances=gaussian_prompts(),
    conclusion=_bayes,
    proof_idea="Condition the joint Gaussian (w, y): E[w|y] = tau^2 X^T (tau^2 X X^T + sigma^2 I)^-1 y; divide by "
               "tau^2 and use the push-through identity X^T (X X^T + lam I)^-1 = (X^T X + lam I)^-1 X^T.",
    mutants=[
        Mutant("lambda-inverted", "the ridge parameter is the noise-to-prior ratio sigma^2/tau^2, not its inverse",
               conclusion=lambda g: _bayes(g, lambda tau, sigma: tau**2 / sigma**2)[:2]),
        Mutant("lambda-sd-ratio", "the ratio is of variances: sigma/tau shrinks by the wrong amount",
               conclusion=lambda g: _bayes(g, lambda tau, sigma: sigma / tau)[:2]),
        Mutant("no-ridge", "with n < d the minimum-norm interpolant ignores the prior's shrinkage: the Bayes "
               "prediction is shrunk toward 0", conclusion=lambda g: _bayes(g, lambda tau, sigma: Fraction(0))[:1],
               instances=gaussian_prompts(full_row_rank=True)),
    ],
    examples=40,
)
test_icl_bayes_equals_ridge = BAYES.test()


# ------------------------------------------------------------------------------------------ mixtures
def _mixture(m: MixturePrompt, weights: str = "posterior") -> list[Check]:
    post, means = mixture_posterior(m.families, m.prior, m.xs, m.ys, m.x_star)
    bayes = joint_enumeration_mean(m.families, m.prior, m.xs, m.ys, m.x_star)
    if weights == "prior":
        live = [k for k, mu in enumerate(means) if mu is not None]
        w = [m.prior[k] / sum(m.prior[j] for j in live) if k in live else Fraction(0) for k in range(len(means))]
    elif weights == "map":
        best = max(range(len(post)), key=lambda k: post[k])
        w = [Fraction(int(k == best)) for k in range(len(post))]
    else:
        w = post
    mixed = sum((wk * mu for wk, mu in zip(w, means) if wk), Fraction(0))
    checks = [equal(bayes, mixed, label="E[y_*|C] = sum_k P(k|C) E[y_*|C, k]")]
    if weights == "posterior":
        checks.append(equal(sum(post), Fraction(1), label="posterior weights sum to 1"))
    return checks


MIXTURE = Claim(
    id="icl-mixture-posterior-selection",
    title="In-context algorithm selection: the Bayes prediction weights each family's rule by its posterior",
    statement="for a mixture of task families with prior weights pi_k, E[y_*|C, x_*] = sum_k P(k|C) "
              "E[y_*|C, x_*, k] with P(k|C) proportional to pi_k p(C|k)",
    sources=[Source(ZHAO, "Figs. 15.12-15.14 (Bayesian view, algorithm selection, pretraining mixtures)",
                    ("ZHAO-138",))],
    kind="exact",
    area="transformers",
    instances=mixture_prompts(),
    conclusion=_mixture,
    proof_idea="The law of total expectation over the family, and Bayes' rule for P(k|C); checked against a "
               "brute-force enumeration of the joint law of family, task and noises, conditioned on the labels.",
    mutants=[
        Mutant("prior-weights", "the weights must include the evidence p(C|k): a family that explains the context "
               "badly is down-weighted", conclusion=lambda m: _mixture(m, "prior"),
               instances=mixture_prompts(overlapping=True)),
        Mutant("hard-selection", "the Bayes rule averages the families' predictions; it selects one only when "
               "the posterior is degenerate", conclusion=lambda m: _mixture(m, "map"),
               instances=mixture_prompts(overlapping=True)),
    ],
    examples=40,
)
test_icl_mixture_posterior_selection = MIXTURE.test()


# ----------------------------------------------------------------------------------- short prompts
def _identifiability(s: ShortPrompt, claim_determined: bool | None = None) -> list[Check]:
    X, w, xs = exact(s.X), exact(s.w), exact(s.x_star)
    N = null_space(X)
    proj = N.T @ xs
    in_span = all(v == 0 for v in proj)
    checks = [equal(tuple((X @ N).reshape(-1)), (Fraction(0),) * (X.shape[0] * N.shape[1]), label="X N = 0")]
    if s.in_span:
        checks.append(equal(in_span, True, label="x_* = X^T a is orthogonal to null(X)"))
    if in_span if claim_determined is None else claim_determined:
        # every consistent w' = w + N a has the same prediction: x_* is orthogonal to every null vector
        checks.append(equal(tuple(proj), (Fraction(0),) * N.shape[1], label="x_*^T v = 0 for v in null(X)"))
    else:
        v = N @ proj
        t = (s.c - xs @ w) / (xs @ v) if xs @ v != 0 else Fraction(0)
        w2 = w + t * v
        checks += [equal(tuple(X @ w2), tuple(X @ w), label="X w' = X w (same context labels)"),
                   equal(xs @ w2, s.c, label="x_*^T w' = c (any prescribed prediction)")]
    return checks


SHORT = Claim(
    id="icl-short-prompt-nonidentifiable",
    title="A short prompt determines the prediction exactly when the query lies in the span of the inputs",
    statement="for n < d, every w' with X w' = X w has x_*^T w' = x_*^T w if x_* lies in the row span of X; "
              "otherwise for every c some w' with X w' = X w has x_*^T w' = c",
    sources=[Source(ZHAO, "Remark 15.10", ("ZHAO-139",))],
    kind="exact",
    area="transformers",
    instances=short_prompts(),
    conclusion=_identifiability,
    proof_idea="The consistent tasks are w + null(X); x_* is orthogonal to null(X) iff it lies in the row span; "
               "otherwise v = N N^T x_* is a null vector with x_*^T v = |N^T x_*|^2 > 0 and w + t v sweeps all "
               "predictions.",
    mutants=[
        Mutant("always-determined", "with x_* outside the span the null-space direction changes the prediction",
               conclusion=lambda s: _identifiability(s, claim_determined=True),
               instances=short_prompts(in_span=False)),
        Mutant("never-determined", "a query in the row span is a combination of the observed inputs, so its "
               "prediction is a combination of the observed labels",
               conclusion=lambda s: _identifiability(s, claim_determined=False),
               instances=short_prompts(in_span=True)),
    ],
    examples=40,
)
test_icl_short_prompt_nonidentifiable = SHORT.test()


# ------------------------------------------------------------------------------------------ bigrams
def _printed(seq: tuple[int, ...], k: int) -> dict[int, tuple[Fraction, ...]]:
    """The printed estimator #(i -> j in context) / #(i in context), for states with a successor."""
    c = bigram_counts(seq, k)
    occ = [seq.count(i) for i in range(k)]
    return {i: tuple(Fraction(int(x), occ[i]) for x in c[i]) for i in range(k) if c[i].sum() > 0}


def bigram(m: MarkovContext, estimator=None) -> list[Check]:
    P = bigram_mle(m.seq, m.k) if estimator is None else estimator(m.seq, m.k)
    mle = bigram_mle(m.seq, m.k)
    best = likelihood(m.seq, P)
    checks = [equal(tuple(sum(r) for r in P.values()), (Fraction(1),) * len(P), label="rows of p_hat sum to 1")]
    for Q in m.others:
        rowsQ = {i: Q[i] for i in range(m.k)}
        near = {i: tuple(Fraction(99, 100) * a + Fraction(1, 100) * b for a, b in zip(P.get(i, Q[i]), Q[i]))
                for i in range(m.k)}
        for R in (rowsQ, near, mle):
            checks.append(le(likelihood(m.seq, R), best, label="likelihood(Q) <= likelihood(p_hat)"))
    if estimator is None:
        printed = _printed(m.seq, m.k)
        occ = {i: m.seq.count(i) for i in printed}
        gap = max(abs(a - b) * occ[i] for i in printed for a, b in zip(printed[i], mle[i]))
        checks.append(le(gap, 1, label="|printed - MLE| <= 1/#(i in context) entrywise"))
    return checks


BIGRAM = Claim(
    id="icl-bigram-transition-mle",
    title="In-context bigram estimation: transition counts over successor counts are the likelihood maximizer",
    statement="p_hat(j|i) = #(i->j) / #(i followed by a successor) maximizes prod_t P(x_{t+1}|x_t) over "
              "stochastic matrices; the printed #(i -> j)/#(i in context) is within 1/#(i in context) of it",
    sources=[Source(ZHAO, "Fig. 22.9 text (line 766), with the successor-counting denominator", ("ZHAO-178",))],
    kind="exact",
    area="transformers",
    instances=markov_contexts(),
    conclusion=bigram,
    proof_idea="The log-likelihood is sum_i sum_j c_ij log p_ij, separate in the rows; Gibbs' inequality gives "
               "the maximizer p_ij = c_ij / sum_j c_ij.  The printed denominator exceeds sum_j c_ij by one only "
               "for the last token, changing entries by c_ij/(m(m+1)) <= 1/(m+1).",
    mutants=[
        Mutant("uniform-rows", "the uniform transition matrix ignores the counts and has lower likelihood",
               conclusion=lambda m: bigram(m, lambda s, k: {i: (Fraction(1, k),) * k for i in range(k)})[1:]),
        Mutant("printed-denominator-normalizes", "when the last token i also occurs earlier, the printed row "
               "sums to 1 - 1/#(i in context)", conclusion=lambda m: bigram(m, _printed)[:1]),
    ],
    examples=60,
)
test_icl_bigram_transition_mle = BIGRAM.test()


def printed_bigram(m: MarkovContext) -> list[Check]:
    printed, mle = _printed(m.seq, m.k), bigram_mle(m.seq, m.k)
    return [equal(printed[i], mle[i], label=f"#(i->j)/#(i in context) = MLE row (state {i})") for i in mle]


PRINTED_BIGRAM = Claim(
    id="icl-bigram-printed-denominator",
    title="Audit: #(i → j in context)/#(i in context) read as the transition estimate",
    statement="p_hat(x_{t+1} = j | x_t = i) = #(i -> j in context) / #(i in context) is the in-context "
              "transition estimate (the MLE, a stochastic matrix)",
    sources=[Source(ZHAO, "Fig. 22.9 text (line 766)", ("ZHAO-178",))],
    kind="exact",
    area="transformers",
    instances=markov_contexts(repeat_last=True),
    conclusion=printed_bigram,
    proof_idea="The last token has no successor, so it is counted in #(i in context) but in no #(i -> j).",
    audit=True,
    corrected="icl-bigram-transition-mle",
    finding="Read as an equality, the printed denominator #(i in context) is wrong for the state i of the last "
            "token: its row sums to 1 - 1/#(i in context) and differs from the MLE #(i->j)/#(i followed by a "
            "successor).  The document writes '≈', and the deviation is at most 1/#(i in context) per entry "
            "(checked in the corrected claim), so read as an approximation the statement stands: a minor defect "
            "of the formula, not a false claim.  (If the last token occurs only at the end, its printed row is 0 "
            "and no estimate exists.)  The corrected estimator counts only occurrences with a successor.",
    examples=60,
)
test_icl_bigram_printed_denominator = PRINTED_BIGRAM.test()
