"""Random-matrix laws: Marchenko–Pastur (moments, edges, atom), the BBP spike transition, the bias of
sample-covariance eigenvalues, and the probability that a GOE matrix is positive definite.

Statement.
- ``X ∈ R^{n×p}`` with i.i.d. ``N(0, 1)`` entries, ``S = XᵀX/n``, ``γ = p/n``.  The expected spectral
  moments are exact polynomials, ``E (1/p) tr S = 1``, ``E (1/p) tr S² = 1 + γ + 1/n``,
  ``E (1/p) tr S³ = 1 + 3γ + γ² + 3(1 + γ)/n + 4/n²``, and in general
  ``E (1/p) tr S^k = m_k(γ) + δ_k`` with the MP moment ``m_k(γ) = Σ_r γ^r N(k, r+1)`` (Narayana) and
  ``0 <= δ_k <= N_k max(1, γ)^{k-1}/n`` (``N_k`` the non-planar Wick pairings): the finite statement
  behind the convergence of the spectral distribution to MP (supported on ``[(1-√γ)², (1+√γ)²]``, with
  an atom ``1 - 1/γ`` at 0 when ``γ > 1``).  Edges: with probability at least ``1 - 2e^{-t²/2}`` every
  nonzero eigenvalue of ``S`` lies in ``[(|1 - √γ| - t/√n)₊², (1 + √γ + t/√n)²]`` (Davidson–Szarek);
  for ``p > n`` exactly ``p - n`` eigenvalues are 0 (fraction ``1 - 1/γ``); and
  ``λ_min(XᵀX) <= dist(x_j, span(other columns))² ~ χ²_{n-p+1}``, so ``λ_min(S)`` falls to 0 as
  ``γ → 1`` (hence the variance spike and the diverging condition number).
- Spike ``Σ = I + ℓ vvᵀ``: ``λ_max(Σ̂) → (1 + ℓ)(1 + γ/ℓ)`` if ``ℓ > √γ`` and ``(1 + √γ)²`` otherwise;
  ``ℓ = (λ - 1 - γ + sqrt((λ - 1 - γ)² - 4γ))/2`` inverts it.  Finite form checked here: for every
  sample the outlier solves ``ℓ vᵀS(λ - S)⁻¹v = 1`` exactly, and replacing the resolvent form by its
  MP limit ``H(λ) = -1 - λ m(λ)`` (``m`` the MP Stieltjes transform) gives exactly the BBP location,
  with ``H(edge) = 1/√γ``, so an outlier exists iff ``ℓ > √γ``.
- For the unbiased sample covariance (``E Σ̂ = Σ``): ``E λ_max(Σ̂) >= λ_max(Σ)``,
  ``E λ_min(Σ̂) <= λ_min(Σ)``, and more generally the sum of the top ``k`` eigenvalues is biased up and
  the bottom ``k`` down (Ky Fan); with ``n < d`` samples ``d - n`` eigenvalues are 0 (``d - n + 1``
  when the mean is estimated).
- ``P(GOE_n ≻ 0)``: ``1/2`` for ``n = 1``, ``(2 - √2)/4`` for ``n = 2``, at most
  ``p_2^{⌊n/2⌋} p_1^{n mod 2} < 2^{-n}`` (independent diagonal blocks), far below the ``2^{-n}`` of
  independent eigenvalue signs; asymptotically ``exp(-(ln 3/4) n²)`` (Dean–Majumdar; not checked: the
  probabilities are unobservable before the quadratic regime sets in).

Sources.  Teng, Wang, Zhang, *Theoretical Machine Learning*, §4.2.1 and §5.1 (TENG-21: saddle points
outnumber minima, the GOE heuristic); *The Mathematical Structure of Machine Learning*, Ch. 24, B.5
(MSML-59), C.4 failure modes (MSML-220), App. B Theorems 7.1 and 7.3 (MSML-342, MSML-343).

Proof ideas.  Wick: ``E Π tr(W^{k_j})`` sums ``n^{#row classes} p^{#column classes}`` over pairings;
the planar ones give ``n^{k+1-r}p^{r}``-type leading terms, the Narayana numbers.  Davidson–Szarek:
Gordon's inequality gives ``√n - √p <= E σ_min <= E σ_max <= √n + √p`` and ``σ`` is 1-Lipschitz in ``X``
(Gaussian concentration).  Jensen: ``λ_max`` (``Σ`` of top ``k``) is convex and ``λ_min`` (bottom
``k``) concave in the matrix, and ``E Σ̂ = Σ``; more simply ``λ_max(Σ̂) >= v₁ᵀΣ̂v₁`` whose mean is
``λ_max(Σ)``.  BBP: ``det(λ - S - ℓ wwᵀ) = det(λ - S)(1 - ℓ wᵀ(λ - S)⁻¹w)`` with ``w = S^{1/2}v``.
GOE: a positive definite matrix has positive definite principal blocks.

Levels.  Every statistical comparison holds at level ``ALPHA = 1e-6`` per instance (split among the
checks of an instance): exact binomial tests for probabilities; Catoni's estimator with the exact
(Wick) variance for spectral moments; for eigenvalue means, truncation at ``c``: ``E min(X, c) <= E X``
(valid for upper bounds of ``E X``) and ``E X - E min(X, c) = E (X - c)₊`` bounded by an explicit tail
(valid for lower bounds), then Hoeffding/Bernstein on ``[0, c]``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np
from scipy.integrate import quad
from scipy.special import ndtr

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.documents import MSML, TENG
from checks.linalg import EPS
from checks.random_matrices import (GOE_POSITIVE, bbp_outlier, bbp_spike_from_outlier, bbp_threshold,
                                    esd_moment, esd_moment_closed_form, esd_moment_variance,
                                    goe_matrices, goe_positive_block_bound, mp_atom, mp_edges, mp_moment,
                                    mp_secular, mp_stieltjes, sample_covariance, singular_value_band,
                                    wishart_moment_terms, wishart_planar_gap)
from checks.stats import ALPHA, catoni_mean, mean_ge, mean_le, rate_le
from checks.strategies.high_dimensional import (CovarianceBatch, GaussianBatch, GOEBatch, MomentPoint, SpikedBatch,
                                                covariance_batches, goe_batches, moment_points, spectrum_batches,
                                                spiked_batches)


# --- exact spectral moments and their Monte Carlo (statistical) --------------------------------------

def _sample_moments(P: MomentPoint) -> np.ndarray:
    X = np.random.default_rng(P.seed).standard_normal((P.replicates, P.n, P.p))
    G = np.swapaxes(X, 1, 2) @ X if P.p <= P.n else X @ np.swapaxes(X, 1, 2)  # same nonzero spectrum
    ev = np.linalg.eigvalsh(G) / P.n
    return np.sum(ev ** P.k, axis=1) / P.p


def _moments(P: MomentPoint, closed_form: Callable[[int, int, int], Fraction] = esd_moment_closed_form
             ) -> list[Check]:
    exact = esd_moment(P.k, P.n, P.p)
    est, radius = catoni_mean(_sample_moments(P), float(esd_moment_variance(P.k, P.n, P.p)), ALPHA)
    return [equal(exact, closed_form(P.k, P.n, P.p), label=f"Wick count of E (1/p) tr S^{P.k} = closed form"),
            close(est, float(exact), radius, label=f"Monte Carlo (1/p) tr S^{P.k} agrees (Catoni estimate)",
                  why=f"Catoni radius, m = {P.replicates}, exact Wick variance, level {ALPHA:g}")]


def _mp_without_correction(k: int, n: int, p: int) -> Fraction:
    return mp_moment(k, Fraction(p, n))


def _second_moment_gamma_squared(k: int, n: int, p: int) -> Fraction:
    return esd_moment_closed_form(k, n, p) + (Fraction(p, n) ** 2 - Fraction(p, n) if k == 2 else 0)


MOMENTS = Claim(
    id="wishart-spectral-moments",
    title="Exact finite-n spectral moments of a Wishart matrix",
    statement="for S = XᵀX/n, X ∈ R^{n×p} Gaussian, γ = p/n: E (1/p) tr S = 1, E (1/p) tr S² = 1 + γ + 1/n, "
              "E (1/p) tr S³ = 1 + 3γ + γ² + 3(1 + γ)/n + 4/n² (Wick pairing counts), and simulated "
              "spectra agree with them",
    sources=[Source(MSML, "App. B Theorem 7.1 (Marchenko–Pastur), the finite-n moments", ("MSML-342",)),
             Source(MSML, "App. C.3 notes (smallest eigenvalue of XᵀX/n and the spectrum it belongs to)",
                    ("MSML-214",))],
    kind="statistical",
    area="high-dimensional",
    instances=moment_points(),
    conclusion=_moments,
    proof_idea="E X_{ai} X_{bj} = δ_ab δ_ij: a pairing of the 2k entries of tr(XᵀX)^k identifies row and "
               "column indices, and contributes n^{#row classes} p^{#column classes}",
    mutants=[
        Mutant("moments-without-finite-n-correction",
               "1 + γ is the limit; at finite n the Gaussian fourth moment adds exactly 1/n to the second moment",
               conclusion=lambda P: _moments(P, _mp_without_correction),
               instances=moment_points().filter(lambda P: P.k >= 2)),
        Mutant("second-moment-gamma-squared",
               "the second moment grows linearly in γ (the pairings with two column classes): 1 + γ, not 1 + γ²",
               conclusion=lambda P: _moments(P, _second_moment_gamma_squared),
               instances=moment_points().filter(lambda P: P.k == 2 and P.p != P.n)),
    ],
    examples=30,
)
test_wishart_spectral_moments = MOMENTS.test()


# --- the MP limit, finite-n form (proxy) -------------------------------------------------------------

def _nonplanar(k: int) -> int:
    return sum(c for (a, b), c in wishart_moment_terms((k,)) if a + b < k + 1)


QUAD_EPSREL = 1e-10
"""The relative accuracy asked of the MP-density quadratures (absolute accuracy 0: the integrands are positive)."""


def _density_moment(k: int, gamma: float, edges: tuple[float, float] | None = None) -> tuple[float, float]:
    """∫ x^k of the continuous part (with MP's or other edges, normalized to mass 1 - atom), and a bound on
    its error: each quadrature is accurate to the larger of its error estimate and ``QUAD_EPSREL`` times its
    value, the normalization adds the two relative errors, and the products 8 eps."""
    a, b = mp_edges(gamma) if edges is None else edges
    shape = lambda x: math.sqrt(max((b - x) * (x - a), 0.0)) / x
    mass, mass_err = quad(shape, a, b, limit=200, epsabs=0.0, epsrel=QUAD_EPSREL)
    val, err = quad(lambda x: x**k * shape(x), a, b, limit=200, epsabs=0.0, epsrel=QUAD_EPSREL)
    scale = (1 - float(mp_atom(gamma))) / mass
    rel = max(err, QUAD_EPSREL * val) / val + max(mass_err, QUAD_EPSREL * mass) / mass + 8 * EPS
    return val * scale, rel * val * scale


def _mp_limit(P: MomentPoint, edges: Callable[[float], tuple[float, float]] | None = None,
              rate_power: int = 1) -> list[Check]:
    n, p, k = P.n, P.p, P.k
    gamma = Fraction(p, n)
    gap = esd_moment(k, n, p) - mp_moment(k, gamma)
    bound = _nonplanar(k) * max(Fraction(1), gamma) ** (k - 1) / Fraction(n) ** rate_power
    g = float(gamma)
    lo_hi = None if edges is None else edges(g)
    integral, err = _density_moment(k, g, lo_hi)
    return [equal(gap, wishart_planar_gap(k, n, p), label="E moment - MP moment = the non-planar pairings"),
            ge(gap, Fraction(0), label="E (1/p) tr S^k >= m_k(γ)"),
            le(gap, bound, label=f"E (1/p) tr S^k - m_k(γ) <= N_k max(1, γ)^(k-1) / n^{rate_power}"),
            close(integral, float(mp_moment(k, gamma)), err + EPS * float(mp_moment(k, gamma)),
                  label="m_k(γ) = ∫ x^k dMP (quadrature)",
                  why="max(estimate, 1e-10 value) for each quadrature, relative, + 8 eps products + eps for the "
                      "rounded moment")]


MP_LIMIT = Claim(
    id="marchenko-pastur-moment-limit",
    title="Marchenko–Pastur law: the expected spectral moments converge at rate 1/n",
    statement="for S = XᵀX/n Gaussian, γ = p/n and k <= 4: 0 <= E (1/p) tr S^k - ∫ x^k dMP_γ <= N_k "
              "max(1, γ)^{k-1}/n, where MP_γ has density sqrt((b-x)(x-a))/(2πγx) on [(1-√γ)², (1+√γ)²] "
              "plus an atom 1 - 1/γ at 0 (γ > 1), of moments Σ_r γ^r N(k, r+1)",
    sources=[Source(MSML, "App. B Theorem 7.1 (Marchenko–Pastur law, support [σ²(1-√γ)², σ²(1+√γ)²])",
                    ("MSML-342",))],
    kind="proxy",
    proxy="the exact finite-n moments of the expected spectral distribution, within an explicit N_k/n of "
          "the MP moments (which determine the compactly supported MP law), stand for the convergence of "
          "the empirical spectral distribution",
    area="high-dimensional",
    instances=moment_points(max_dim=400, max_k=4, replicates=2),
    conclusion=_mp_limit,
    proof_idea="a pairing with a row and b column classes contributes γ^{b-1} n^{a+b-1-k}; a + b <= k + 1 "
               "with equality exactly for the planar pairings, counted by the Narayana numbers",
    mutants=[
        Mutant("support-without-square-roots",
               "with edges (1 ± γ)² the density has the wrong moments (the second moment is not 1 + γ)",
               conclusion=lambda P: _mp_limit(P, edges=lambda g: ((1 - g) ** 2, (1 + g) ** 2)),
               instances=moment_points(max_dim=400, max_k=4, replicates=2).filter(lambda P: P.k >= 2 and P.p != P.n)),
        Mutant("rate-one-over-n-squared",
               "the Gaussian fourth moment contributes exactly (non-planar count)/n: the gap is of order 1/n",
               conclusion=lambda P: _mp_limit(P, rate_power=2),
               instances=moment_points(max_dim=400, max_k=4, replicates=2).filter(lambda P: P.k >= 2)),
    ],
    examples=40,
)
test_marchenko_pastur_moment_limit = MP_LIMIT.test()


# --- edges, atom, and the smallest eigenvalue at γ ≈ 1 (statistical) ---------------------------------

DETERMINISTIC_DRAWS = 4
"""Draws on which the per-draw statements are checked: the zero count (from the full p×p spectrum; the
rank decision is safe, the nonzero eigenvalues being >= (√γ - 1 - t/√n)², far above the rounding floor
4 (n² + p) eps λ_max of a zero eigenvalue, except with probability 2e^{-t²/2} at γ = 2) and λ_min(S) <= dist²/n."""


def _edges(G: GaussianBatch, band: Callable[[int, int, float], tuple[float, float]] | None = None
           ) -> list[Check]:
    n, p, t, m = G.n, G.p, G.t, G.replicates
    X = G.matrices()
    # the nonzero spectrum of S through the smaller Gram matrix (a loop: batched LAPACK is slow here)
    ev = np.array([np.linalg.eigvalsh(x.T @ x if p <= n else x @ x.T) for x in X]) / n
    lo, hi = singular_value_band(n, p, t) if band is None else band(n, p, t)
    outside = int(np.sum((ev[:, 0] < lo) | (ev[:, -1] > hi)))
    claimed = min(1.0, 2 * math.exp(-t * t / 2))
    checks = [rate_le(outside, m, claimed, ALPHA / 2,
                      label=f"P(spectrum of S outside [{lo:.4g}, {hi:.4g}]) <= 2 exp(-t²/2), t = {t}")]
    if p != n:  # the zero eigenvalues of S (first draws): p - n of them when p > n (rank n), none when p < n
        full = np.array([np.linalg.eigvalsh(x.T @ x) for x in X[:DETERMINISTIC_DRAWS]]) / n
        # a zero eigenvalue is computed below (n^2 + p) eps λ_max: the product XᵀX errs by n eps/2 |X|ᵀ|X|
        # entrywise, of norm <= n eps/2 tr XᵀX <= n^2 eps/2 λ_max (rank n), and eigvalsh by ~p eps λ_max
        zeros = np.sum(full < 4 * (n * n + p) * EPS * full[:, -1:], axis=1)
        checks.append(equal(int(np.sum(zeros != max(p - n, 0))), 0,
                            label=f"exactly max(p - n, 0) = {max(p - n, 0)} zero eigenvalues of S (fraction 1 - 1/γ)"))
    if p <= n:  # λ_min(XᵀX) <= dist(x_1, span(other columns))², the mechanism of λ_min → 0 as γ → 1
        few = X[:DETERMINISTIC_DRAWS]
        Q, _ = np.linalg.qr(few[:, :, 1:])
        x1 = few[:, :, 0]
        resid = x1 - np.einsum("kij,kj->ki", Q, np.einsum("kji,kj->ki", Q, x1))
        d2 = np.sum(resid**2, axis=1) / n
        tol = 16 * n * EPS * ev[:DETERMINISTIC_DRAWS, -1]
        k = int(np.argmax(ev[:DETERMINISTIC_DRAWS, 0] - d2 - tol))
        checks.append(le(float(ev[k, 0]), float(d2[k]), tol=float(tol[k]),
                         label="λ_min(S) <= dist(x_1, span(other columns))²/n (worst draw)",
                         why="16 n eps λ_max: eigenvalue and QR rounding"))
        # E dist²/n = (n - p + 1)/n = 1 - γ + 1/n, so E λ_min(S) <= 1 - γ + 1/n (truncation keeps the test valid)
        bound = (n - p + 1) / n
        cap = 2 * bound + 1
        checks.append(mean_le(np.minimum(ev[:, 0], cap), bound, 0.0, cap, ALPHA / 2,
                              label="E λ_min(S) <= 1 - γ + 1/n"))
    return checks


def _square_free_band(n: int, p: int, t: float) -> tuple[float, float]:
    g, s = p / n, t / math.sqrt(n)
    return max(abs(1 - g) - s, 0.0) ** 2, (1 + g + s) ** 2


def _unsquared_band(n: int, p: int, t: float) -> tuple[float, float]:
    r, s = math.sqrt(p / n), t / math.sqrt(n)
    return max(abs(1 - r) - s, 0.0), 1 + r + s


EDGES = Claim(
    id="marchenko-pastur-edges",
    title="Marchenko–Pastur edges (1 ± √γ)², the atom at 0, and λ_min → 0 at γ = 1",
    statement="for S = XᵀX/n, X ∈ R^{n×p} Gaussian, γ = p/n, t >= 0: with probability >= 1 - 2e^{-t²/2} "
              "every nonzero eigenvalue of S lies in [(|1 - √γ| - t/√n)₊², (1 + √γ + t/√n)²]; for p > n "
              "exactly p - n eigenvalues vanish; for p <= n, λ_min(S) <= dist(x_1, span(others))²/n and "
              "E λ_min(S) <= 1 - γ + 1/n",
    sources=[Source(MSML, "B.5 (the smallest nonzero eigenvalue of ZᵀZ/n → (1 - √γ)², vanishing at γ = 1)",
                    ("MSML-59",)),
             Source(MSML, "App. B Theorem 7.1 (support of the MP law)", ("MSML-342",)),
             Source("Zhao, From Approximation to Emergence: A Theory of Deep Learning (2026)",
                    "Figure 9.5 (MP density; a fraction 1 - 1/γ of zero eigenvalues for γ > 1)", ("ZHAO-73",)),
             Source(MSML, "C.3 (condition number of the features diverges at d ≈ n)", ("MSML-69",)),
             Source(MSML, "App. B, Theorem 10.2 (λ_min⁺(XᵀX/n) → (1 - √γ)²)", ("MSML-214",))],
    kind="statistical",
    area="high-dimensional",
    instances=spectrum_batches(),
    conclusion=_edges,
    proof_idea="Gordon: √n - √p <= E σ_min <= E σ_max <= √n + √p; σ_min, σ_max are 1-Lipschitz in X, so "
               "Gaussian concentration gives the e^{-t²/2} tails.  1/(W⁻¹)_11 = dist², and "
               "λ_min(W) <= 1/(W⁻¹)_11; dist² ~ χ²_{n-p+1}.",
    mutants=[
        Mutant("edges-without-square-roots",
               "(1 ± γ)² misplaces both edges: for γ = 1/4 the bulk reaches 2.25, not 1.5625",
               conclusion=lambda G: _edges(G, band=_square_free_band),
               instances=spectrum_batches().filter(lambda G: G.p != G.n)),
        Mutant("edges-without-the-square",
               "1 ± √γ are the edges of the singular values of X/√n; the eigenvalues are their squares",
               conclusion=lambda G: _edges(G, band=_unsquared_band)),
    ],
    examples=16,
)
test_marchenko_pastur_edges = EDGES.test()


# --- bias of sample-covariance eigenvalues (statistical) ---------------------------------------------

def _covariance_spectra(C: CovarianceBatch) -> tuple[np.ndarray, int]:
    S = sample_covariance(C.samples(), centered=C.centered)
    # Σ̂ is PSD; rounding can leave its zero eigenvalues at -1e-15
    return np.clip(np.linalg.eigvalsh(S)[:, ::-1], 0.0, None), C.n - 1 if C.centered else C.n


def _top_tail(eigs: np.ndarray, dof: int, t0: float) -> tuple[float, float]:
    """A cap ``c = λ_1 (1 + √γ + t0/√dof)²`` (``γ = d/dof``) and ``τ >= E(λ_max(Σ̂) - c)₊``: with
    ``λ_max(Σ̂) <= λ_1 λ_max(S)`` for white ``S`` and ``P(λ_max(S) > (1+√γ+t/√dof)²) <= e^{-t²/2}``,
    ``τ = λ_1 (2/√dof) [(1 + √γ) √(2π) Φ̄(t0) + e^{-t0²/2}/√dof]``."""
    lam1, d = float(eigs[0]), eigs.size
    r = math.sqrt(d / dof)
    cap = lam1 * (1 + r + t0 / math.sqrt(dof)) ** 2
    tau = lam1 * 2 / math.sqrt(dof) * ((1 + r) * math.sqrt(2 * math.pi) * float(ndtr(-t0))
                                       + math.exp(-t0 * t0 / 2) / math.sqrt(dof))
    return cap, tau


def _bias(C: CovarianceBatch, top_unbiased: bool = False, bottom_up: bool = False,
          zeros_ignore_centering: bool = False) -> list[Check]:
    spec, dof = _covariance_spectra(C)
    pop = np.sort(np.asarray(C.eigs))[::-1]
    d, k, m = C.d, C.k, C.replicates
    a = ALPHA / 4
    top, bottom = spec[:, :k].sum(axis=1), spec[:, d - k:].sum(axis=1)
    top_pop, bottom_pop = float(pop[:k].sum()), float(pop[d - k:].sum())
    checks = []
    if top_unbiased:  # "E λ_max(Σ̂) <= λ_max(Σ)": E min(X, c) <= E X keeps an upper test valid
        cap = 2 * float(pop[0]) * (1 + math.sqrt(d / dof)) ** 2
        checks.append(mean_le(np.minimum(spec[:, 0], cap), float(pop[0]), 0.0, cap, a,
                              label="E λ_max(Σ̂) <= λ_max(Σ) (as mutated)"))
    else:  # E top-k >= top-k of Σ: top-k <= k λ_max(Σ̂), so E(top - k c)₊ <= k τ
        cap, tau = _top_tail(pop, dof, 4.0)
        checks.append(mean_ge(np.minimum(top, k * cap), top_pop - k * tau, 0.0, k * cap, a,
                              label=f"E (sum of the top {k} eigenvalues of Σ̂) >= that of Σ (Ky Fan; k = 1: λ_max)"))
    if bottom_up:  # "E λ_min(Σ̂) >= λ_min(Σ)": λ_min(Σ̂) <= v_dᵀΣ̂v_d = λ_d χ²_dof/dof, E(. - c)₊ <= Var/(4(c - λ_d))
        lam = float(pop[-1])
        sd = lam * math.sqrt(2 / dof)
        cap = lam + 10 * sd
        checks.append(mean_ge(np.minimum(spec[:, -1], cap), lam - sd * sd / (4 * (cap - lam)), 0.0, cap, a,
                              label="E λ_min(Σ̂) >= λ_min(Σ) (as mutated)"))
    else:
        cap = 2 * bottom_pop + float(pop[0])
        checks.append(mean_le(np.minimum(bottom, cap), bottom_pop, 0.0, cap, a,
                              label=f"E (sum of the bottom {k} eigenvalues of Σ̂) <= that of Σ (k = 1: λ_min)"))
    if dof < d:
        expected = d - C.n if zeros_ignore_centering else d - dof
        # a zero eigenvalue is computed below 4 (n^2 + n d + d) eps λ_max: the product (n eps/2 tr, as for S above),
        # the centering (x_i - x̄ perturbs each row by ~eps |x|, n d entries) and eigvalsh (~d eps λ_max)
        zeros = np.sum(spec < 4 * (C.n ** 2 + C.n * d + d) * EPS * spec[:, :1], axis=1)
        checks.append(equal(int(np.sum(zeros != expected)), 0,
                            label=f"every Σ̂ has exactly {expected} zero eigenvalues ({'mean estimated' if C.centered else 'mean known'})"))
    return checks


EIGEN_BIAS = Claim(
    id="sample-eigenvalue-bias",
    title="Sample-covariance eigenvalues are biased: the top ones up, the bottom ones down",
    statement="for an unbiased sample covariance Σ̂ of n Gaussian samples (E Σ̂ = Σ): E Σ_{i<=k} λ_i(Σ̂) >= "
              "Σ_{i<=k} λ_i(Σ) and E Σ_{i>d-k} λ_i(Σ̂) <= Σ_{i>d-k} λ_i(Σ) (k = 1: E λ_max(Σ̂) >= λ_max(Σ), "
              "E λ_min(Σ̂) <= λ_min(Σ)); with n < d, exactly d - n eigenvalues are 0 (d - n + 1 when the mean "
              "is estimated)",
    sources=[Source(MSML, "C.4 Failure Modes, line 1384 (empirical eigenvalues biased)", ("MSML-220",))],
    kind="statistical",
    area="high-dimensional",
    instances=covariance_batches(),
    conclusion=_bias,
    proof_idea="Ky Fan: the top-k sum is max over k-frames of tr(UᵀΣ̂U) >= tr(U_kᵀΣ̂U_k) for the population "
               "top-k frame U_k, whose mean is the population top-k sum (similarly min for the bottom); the "
               "centered covariance has rank at most n - 1",
    mutants=[
        Mutant("top-eigenvalue-unbiased",
               "λ_max is convex, so Jensen makes E λ_max(Σ̂) exceed λ_max(Σ), by a lot for equal eigenvalues",
               conclusion=lambda C: _bias(C, top_unbiased=True)),
        Mutant("small-eigenvalues-biased-upward",
               "λ_min is concave: E λ_min(Σ̂) <= λ_min(Σ), strictly when the spectrum spreads",
               conclusion=lambda C: _bias(C, bottom_up=True)),
        Mutant("zero-count-ignores-centering",
               "subtracting the sample mean removes one more dimension: d - n + 1 zeros, not d - n",
               conclusion=lambda C: _bias(C, zeros_ignore_centering=True),
               instances=covariance_batches().filter(lambda C: C.centered and C.n <= C.d)),
    ],
    examples=16,
)
test_sample_eigenvalue_bias = EIGEN_BIAS.test()


# --- BBP (proxy) ------------------------------------------------------------------------------------

def secular_rounding(lam: float, g: float, lam_err: float) -> float:
    """A bound on the error of ``mp_secular(lam, g)`` = ``-1 + (λ - 1 + γ - sqrt(λ - a) sqrt(λ - b))/(2γ)``,
    where ``lam`` may itself be off by ``lam_err``: the edges ``a, b`` carry 2 eps b, the differences ``λ - a``,
    ``λ - b`` that plus ``lam_err`` and one rounding, each square root half its argument's relative error plus
    a rounding (so the root's error grows like ``1/sqrt(λ - b)`` near the edge: ``|H'(λ)|`` there), and the
    numerator's terms of size ``S = |1 - γ| + λ + root`` and the division by ``2γλ``, product with ``λ`` and
    ``-1`` about 5 more roundings."""
    a, b = mp_edges(g)
    shift = lam_err + 2 * EPS * b + EPS * lam
    root = math.sqrt((lam - a) * (lam - b))
    rel_root = shift / (2 * (lam - a)) + shift / (2 * (lam - b)) + 2 * EPS
    size = abs(1 - g) + lam + root
    return (lam_err + 5 * EPS * size + root * rel_root) / (2 * g) + EPS


def spike_rounding(lam: float, ell: float, g: float) -> float:
    """A bound on the error of ``bbp_spike_from_outlier(lam, g)`` for ``lam = bbp_outlier(ell, g)``: ``λ`` carries
    ``2 eps λ`` (four roundings), ``c = λ - 1 - γ`` that plus ``eps λ``, the discriminant ``c² - 4γ`` errs by
    ``2 c e_c + 2 eps c²``, its root ``r = |ℓ - γ/ℓ|`` by ``e_disc/(2r) + eps r``, and the halving sum adds
    ``eps ℓ``."""
    c = lam - 1 - g
    e_c = 3 * EPS * lam
    e_disc = 2 * c * e_c + 2 * EPS * c * c
    r = abs(ell - g / ell)
    return (e_c + e_disc / (2 * r) + EPS * r) / 2 + EPS * ell


def _bbp(B: SpikedBatch, threshold: Callable[[float], float] = bbp_threshold,
         location: Callable[[float, float], float] = bbp_outlier) -> list[Check]:
    g, ell = B.gamma, B.ell
    edge = mp_edges(g)[1]
    # H(edge) = -1 - edge m(edge), the closed form continued to the edge, where its root sqrt(z - a) sqrt(z - b) is
    # exactly 0: H = -1 + (edge - 1 + γ)/(2γ) up to the edge's rounding (2 eps edge) and ~5 roundings of terms of
    # size |1 - γ| + edge, over 2γ
    h_edge = float((-1 - edge * mp_stieltjes(edge, g)).real)
    checks = [close(h_edge, 1 / math.sqrt(g), 7 * EPS * (abs(1 - g) + edge) / (2 * g) + EPS,
                    label="H(edge) = 1/√γ: the outlier exists iff ℓ H(edge) > 1 iff ℓ > √γ",
                    why="7 eps (|1 - γ| + edge)/(2γ) + eps: the closed form at the edge")]
    claims_outlier = ell > threshold(g)
    # H decreases from H(edge) to 0 above the edge, so ℓ H = 1 has a root there iff ℓ H(edge) > 1 (the drawn spikes
    # are >= 5% away from √γ, far beyond the rounding of H(edge))
    checks.append(equal(claims_outlier, ell * h_edge > 1,
                        label="an outlier is predicted exactly when the limiting secular equation has a root"))
    if claims_outlier:
        lam = location(ell, g)
        if not lam > edge:
            checks.append(holds(False, "outlier above the bulk", f"claimed outlier {lam:.6g} <= edge {edge:.6g}"))
        else:
            # λ = (1 + ℓ)(1 + γ/ℓ) carries 4 roundings (2 eps λ), which H turns into |H'(λ)| 2 eps λ
            # (secular_rounding); the inverse map loses sqrt's conditioning at the threshold (spike_rounding)
            checks.append(close(ell * mp_secular(lam, g), 1.0, ell * secular_rounding(lam, g, 2 * EPS * lam) + EPS,
                                label="ℓ H(λ) = 1 at the claimed outlier",
                                why="ℓ x (the rounding of λ through H'(λ), and of H's closed form) + eps"))
            checks.append(close(bbp_spike_from_outlier(lam, g), ell, spike_rounding(lam, ell, g),
                                label="ℓ recovered from the outlier",
                                why="(e_c + e_disc/(2 r) + eps r)/2 + eps ℓ, r = |ℓ - γ/ℓ|: the quadratic's rounding"))
    # the finite-n identity behind it: the top eigenvalue of Σ̂ solves ℓ vᵀS(λ - S)⁻¹v = 1
    rng = np.random.default_rng(B.seed)
    Z = rng.standard_normal((B.replicates, B.n, B.p))
    S = np.swapaxes(Z, 1, 2) @ Z / B.n
    v = np.zeros(B.p)
    v[0] = 1.0
    root = np.eye(B.p) + (math.sqrt(1 + ell) - 1) * np.outer(v, v)
    worst: tuple[float, float] | None = None
    for s in S:  # a loop: batched LAPACK calls are slow for these sizes
        lam, smax = np.linalg.eigvalsh(root @ s @ root)[-1], np.linalg.eigvalsh(s)[-1]
        # v (nearly) orthogonal to the top eigenvector of S: no outlier.  Such draws are skipped, since there the
        # tolerance below, with its factor (λ/(λ - λ_max(S)))² > 1e12, would make the check vacuous (a filter, not a
        # tolerance)
        if not lam - smax > 1e-6 * lam:
            continue
        q = np.linalg.solve(lam * np.eye(B.p) - s, v)[0]
        resid = abs(ell * (-1 + lam * q) - 1)
        tol = 50 * B.p * EPS * (1 + ell) * (lam / (lam - smax)) ** 2
        if worst is None or resid / tol > worst[0] / worst[1]:
            worst = (resid, tol)
    if worst is not None:
        checks.append(close(worst[0], 0.0, worst[1], label="finite n: ℓ vᵀS(λ_max(Σ̂) - S)⁻¹v = 1 (worst draw)",
                            why="50 p eps (1 + ℓ) (λ/(λ - λ_max(S)))²: eigenvalue and solve rounding"))
    return checks


BBP = Claim(
    id="bbp-spike-transition",
    title="BBP transition of a spiked sample covariance: outlier location and threshold",
    statement="for Σ = I + ℓvvᵀ and p/n → γ: λ_max(Σ̂) → (1 + ℓ)(1 + γ/ℓ) if ℓ > √γ, else (1 + √γ)²; "
              "ℓ = (λ - 1 - γ + sqrt((λ - 1 - γ)² - 4γ))/2 recovers the spike",
    sources=[Source(MSML, "App. B Theorem 7.3 (spike model, spectral estimator bias correction)", ("MSML-343",))],
    kind="proxy",
    proxy="the exact finite-n secular equation ℓ vᵀS(λ - S)⁻¹v = 1 for the top eigenvalue of every sample, "
          "with vᵀS(λ - S)⁻¹v replaced by its MP limit H(λ) = -1 - λ m(λ) (closed-form Stieltjes "
          "transform), stands for the almost-sure limit; no finite-n rate is asserted",
    area="high-dimensional",
    instances=spiked_batches(),
    conclusion=_bbp,
    proof_idea="Σ̂ = Σ^{1/2} S Σ^{1/2} has the spectrum of S + ℓ S^{1/2}vvᵀS^{1/2}; the matrix determinant "
               "lemma gives the secular equation; H decreases from 1/√γ at the edge to 0, and solving "
               "ℓ H(λ) = 1 with the MP quadratic gives (1 + ℓ)(1 + γ/ℓ)",
    mutants=[
        Mutant("threshold-at-gamma",
               "for γ < ℓ <= √γ (γ < 1) ℓ H(edge) <= 1: there is no root above the bulk, so no outlier",
               conclusion=lambda B: _bbp(B, threshold=lambda g: g)),
        Mutant("outlier-without-bias",
               "1 + ℓ = vᵀΣv is the population value; the sample outlier is pushed up to (1 + ℓ)(1 + γ/ℓ)",
               conclusion=lambda B: _bbp(B, location=lambda ell, g: 1 + ell)),
    ],
    examples=24,
)
test_bbp_spike_transition = BBP.test()


# --- GOE definiteness (statistical) -----------------------------------------------------------------

def _goe(B: GOEBatch, independent_signs: bool = False) -> list[Check]:
    M = goe_matrices(np.random.default_rng(B.seed), B.replicates, B.n)
    pd = int(np.sum(np.linalg.eigvalsh(M)[:, 0] > 0))
    m, n = B.replicates, B.n
    if independent_signs:
        p = 2.0**-n
        return [rate_le(pd, m, p, ALPHA / 2, label=f"P(GOE_{n} ≻ 0) <= 2^-n (as mutated)"),
                rate_le(m - pd, m, 1 - p, ALPHA / 2, label=f"P(GOE_{n} ≻ 0) >= 2^-n (as mutated)")]
    checks = [rate_le(pd, m, goe_positive_block_bound(n), ALPHA / 2,
                      label=f"P(GOE_{n} ≻ 0) <= p_2^⌊n/2⌋ p_1^(n mod 2) = {goe_positive_block_bound(n):.4g}")]
    if n in GOE_POSITIVE:
        p = GOE_POSITIVE[n]
        checks.append(rate_le(m - pd, m, 1 - p, ALPHA / 2, label=f"P(GOE_{n} ≻ 0) >= {p:.6g} (exact value)"))
    return checks


GOE = Claim(
    id="goe-positive-definite-probability",
    title="A GOE matrix is positive definite with probability far below 2^-n",
    statement="for M = (G + Gᵀ)/√2: P(M ≻ 0) = 1/2 (n = 1), (2 - √2)/4 (n = 2), and <= p_2^⌊n/2⌋ "
              "p_1^(n mod 2) < 2^-n for n >= 2",
    sources=[Source(TENG, "§4.2.1 and §5.1 (saddle points exponentially outnumber minima; GOE heuristic)",
                    ("TENG-21",))],
    kind="statistical",
    area="high-dimensional",
    instances=goe_batches(),
    conclusion=_goe,
    proof_idea="n = 2: with a, c ~ N(0, 2), b ~ N(0, 1), P(a > 0, c > 0, ac > b²) integrates to (2 - √2)/4; "
               "a positive definite matrix has positive definite disjoint diagonal blocks, which are "
               "independent GOE matrices",
    mutants=[
        Mutant("independent-eigenvalue-signs",
               "GOE eigenvalues repel, so all n being positive is much rarer than n fair coin flips",
               conclusion=lambda B: _goe(B, independent_signs=True),
               instances=goe_batches().filter(lambda B: B.n >= 2)),
    ],
    examples=16,
)
test_goe_positive_definite_probability = GOE.test()
