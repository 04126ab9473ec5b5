"""Minibatch gradient noise: the minibatch gradient is unbiased, with covariance Σ/B or (n-B)/(B(n-1)) Σ.

Statement.  Let ``g_1..g_n`` be per-example gradients, ``ḡ`` their mean and
``Σ = (1/n) sum_i (g_i - ḡ)(g_i - ḡ)^T``.  For a uniform minibatch of size ``B``, ``ĝ = (1/B) sum_{i in S} g_i``
has ``E ĝ = ḡ`` and ``Cov ĝ = Σ/B`` when the indices are drawn i.i.d. (with replacement) and
``Cov ĝ = ((n - B)/(B (n - 1))) Σ`` for a uniform ``B``-subset (without replacement, ``n >= 2``).  Averaging
``m`` independent workers' minibatch gradients divides the covariance by ``m``.  The noise is zero exactly
when ``Σ = 0``, i.e. when the per-example gradients coincide (e.g. at an interpolating point), and without
replacement also at ``B = n``.

Audits.  Teng et al. §5.3 call the minibatch noise "zero mean but non-zero variance": it is zero when the
per-example gradients coincide.  MSML App. C gives the SGD noise as "proportional to (1 - eta B/T)": the
noise covariance of ``eta ĝ_B`` is ``eta^2 (n - B)/(B (n - 1)) Σ`` (or ``eta^2 Σ/B``), not proportional to
``1 - eta B/T`` (which can even be negative).

Sources.  Teng et al. §4.2.2 and §5.3 (TENG-22); MSML App. C, SGD noise and distributed averaging
(MSML-353); Arora et al. §2.5.3 Problem 2.5.3 (a) (ARORA-26) and §12.1 Problem 12.1.1 (ARORA-1033).

Proof idea.  With replacement ``ĝ`` is an average of ``B`` i.i.d. draws of mean ``ḡ`` and covariance ``Σ``.
Without replacement the indicators ``1[i in S]`` have ``P(i in S) = B/n`` and
``P(i, j in S) = B(B-1)/(n(n-1))``; since ``sum_i (g_i - ḡ) = 0`` the cross terms give the factor
``(n - B)/(n - 1)``.  Independent averages add covariances divided by ``m^2``.

Everything is exact: the gradients are integers and the moments are enumerated over every batch with
``Fraction`` arithmetic (``checks.minibatch``).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, holds
from checks.documents import ARORA, MSML, TENG
from checks.minibatch import batch_moments, empirical_covariance, mean_vector
from checks.strategies.minibatch import Population, populations

Matrix = tuple[tuple[Fraction, ...], ...]


def _gap(a, b) -> Fraction:
    """Largest entrywise ``|a - b|`` of two vectors or matrices of Fractions."""
    flat = lambda x: [v for row in x for v in row] if isinstance(x[0], tuple) else list(x)
    return max(abs(u - v) for u, v in zip(flat(a), flat(b)))


def _scaled(M: Matrix, c: Fraction) -> Matrix:
    return tuple(tuple(c * v for v in row) for row in M)


def _sqrt_m_gap(cov_m: Matrix, cov: Matrix, m: int) -> Fraction:
    """The gap of ``Cov_m = Cov / sqrt(m)`` entrywise, squared to stay rational: ``m Cov_m^2`` vs ``Cov^2``."""
    sq = lambda M, c: tuple(tuple(c * v * abs(v) for v in row) for row in M)
    return _gap(sq(cov_m, m), sq(cov, 1))


def _without_factor(n: int, B: int) -> Fraction:
    return Fraction(n - B, B * (n - 1))


def moment_checks(p: Population,
                  with_factor: Callable[[int, int], Fraction] = lambda n, B: Fraction(1, B),
                  without_factor: Callable[[int, int], Fraction] = _without_factor,
                  worker_gap: Callable[[Matrix, Matrix, int], Fraction] | None = None,
                  normalizer: Callable[[int, int], Fraction] = lambda n, B: Fraction(1)) -> list[Check]:
    """``normalizer`` rescales the computed mean (1 for the mean of the batch; ``B/n`` when the batch sum
    is divided by ``n``)."""
    worker_gap = worker_gap or (lambda cov_m, cov, m: _gap(cov_m, _scaled(cov, Fraction(1, m))))
    S = empirical_covariance(p.grads)
    gbar = mean_vector(p.grads)
    n, B, m = p.n, p.B, p.workers
    out = []
    for replace, factor in ((True, with_factor(n, B)), (False, without_factor(n, B))):
        mode = "with" if replace else "without"
        mean, cov = batch_moments(p.grads, B, replace)
        mean = tuple(normalizer(n, B) * v for v in mean)
        out.append(equal(_gap(mean, gbar), 0, label=f"E ĝ = ḡ ({mode} replacement, B = {B})"))
        out.append(equal(_gap(cov, _scaled(S, factor)), 0,
                         label=f"Cov ĝ = {factor} Σ ({mode} replacement, n = {n}, B = {B})"))
        if m > 1:
            _, cov_m = batch_moments(p.grads, B, replace, workers=m)
            out.append(equal(worker_gap(cov_m, cov, m), 0,
                             label=f"Cov of the average of {m} workers = Cov ĝ / {m} ({mode} replacement)"))
    return out


MOMENTS = Claim(
    id="minibatch-gradient-moments",
    title="Minibatch gradients are unbiased with covariance Σ/B (with replacement) or (n-B)/(B(n-1)) Σ (without)",
    statement="For per-example gradients g_1..g_n with mean ḡ and Σ = (1/n) sum (g_i - ḡ)(g_i - ḡ)^T, a uniform "
              "minibatch of size B has E ĝ = ḡ, Cov ĝ = Σ/B with replacement and (n - B)/(B(n - 1)) Σ without; "
              "averaging m independent workers divides the covariance by m; the noise is zero when Σ = 0",
    sources=[Source(TENG, "§4.2.2 and §5.3 (unbiased minibatch gradient, its covariance)", ("TENG-22",)),
             Source(MSML, "App. C (corrected SGD noise; distributed averaging reduces variance)", ("MSML-353",)),
             Source(ARORA, "§2.5.3 Problem 2.5.3 (a): variance scales as 1/B", ("ARORA-26",)),
             Source(ARORA, "§12.1 Problem 12.1.1: covariance of minibatch noise", ("ARORA-1033",))],
    kind="exact",
    area="optimization",
    instances=populations(),
    conclusion=moment_checks,
    proof_idea="i.i.d. draws: covariance Σ/B.  Subsets: P(i in S) = B/n, P(i, j in S) = B(B-1)/(n(n-1)) and "
               "sum_i (g_i - ḡ) = 0 give the finite-population factor (n - B)/(n - 1).  Independent workers: "
               "covariances add, divided by m^2.",
    mutants=[
        Mutant("variance-over-b-squared", "the covariance of an average of B i.i.d. draws is Σ/B, not Σ/B^2",
               conclusion=lambda p: moment_checks(p, with_factor=lambda n, B: Fraction(1, B * B))),
        Mutant("no-finite-population-correction", "without replacement the covariance carries the factor "
               "(n - B)/(n - 1) < 1 for B >= 2 (it vanishes at B = n)",
               conclusion=lambda p: moment_checks(p, without_factor=lambda n, B: Fraction(1, B))),
        Mutant("workers-divide-by-sqrt-m", "averaging m independent estimates divides the covariance by m; "
               "1/sqrt(m) is the factor of the standard deviation",
               conclusion=lambda p: moment_checks(p, worker_gap=_sqrt_m_gap)),
        Mutant("batch-sum-over-n", "dividing the batch sum by n instead of B gives mean (B/n) ḡ, biased for B < n",
               conclusion=lambda p: moment_checks(p, normalizer=lambda n, B: Fraction(B, n))),
    ],
    examples=60,
)
test_minibatch_gradient_moments = MOMENTS.test()


def _trace_with(p: Population) -> Fraction:
    _, cov = batch_moments(p.grads, p.B, True)
    return sum(cov[a][a] for a in range(len(cov)))


def _nonzero_printed(p: Population) -> Check:
    tr = _trace_with(p)
    return holds(tr > 0, "the minibatch noise has non-zero variance", f"tr Cov ĝ = {tr}")


NONZERO_PRINTED = Claim(
    id="minibatch-noise-nonzero-printed",
    title="'The minibatch noise has zero mean but non-zero variance' as printed",
    statement="For every population of per-example gradients and minibatch size, the minibatch noise "
              "ĝ - ∇L has tr Cov > 0",
    sources=[Source(TENG, "§5.3 (noise term with zero mean but non-zero variance)", ("TENG-22",))],
    kind="exact",
    area="optimization",
    instances=populations(),
    conclusion=_nonzero_printed,
    proof_idea="Cov ĝ = Σ/B vanishes with Σ, i.e. when all per-example gradients coincide.",
    audit=True,
    corrected="minibatch-gradient-moments",
    finding="The variance is Σ/B (with replacement), which is zero when the per-example gradients coincide, e.g. "
            "at an interpolating point where every g_i = 0 (and without replacement also at B = n).  Corrected: "
            "Cov ĝ = Σ/B, resp. (n - B)/(B(n - 1)) Σ, nonzero exactly when the g_i are not all equal.",
)
test_minibatch_noise_nonzero_printed = NONZERO_PRINTED.test()


def _proportional_printed(p: Population) -> Check:
    """'Noise ∝ (1 - eta B/T)': the noise trace at batch size B and at batch size 1 cross-multiply."""
    def noise(B: int) -> Fraction:
        _, cov = batch_moments(p.grads, B, False)
        return p.eta ** 2 * sum(cov[a][a] for a in range(len(cov)))
    factor = lambda B: 1 - p.eta * B / p.T
    return equal(noise(p.B) * factor(1), noise(1) * factor(p.B),
                 label=f"tr Cov(eta ĝ_B) / (1 - eta B/T) equal at B = {p.B} and B = 1 (eta = {p.eta}, T = {p.T})")


PROPORTIONAL_PRINTED = Claim(
    id="sgd-noise-proportional-printed",
    title="'SGD noise: proportional to (1 - eta B/T)' as printed",
    statement="The noise tr Cov(eta ĝ_B) of a size-B minibatch step is c (1 - eta B/T) with c independent of B",
    sources=[Source(MSML, "App. C (SGD noise: proportional to (1 - eta B/T))", ("MSML-353",))],
    kind="exact",
    area="optimization",
    instances=populations(min_B=2, families=("random", "one-out"), max_workers=1),
    conclusion=_proportional_printed,
    proof_idea="The exact covariance is eta^2 (n - B)/(B(n - 1)) Σ: its dependence on B is (n - B)/(B(n - 1)).",
    audit=True,
    corrected="minibatch-gradient-moments",
    finding="The exact noise covariance of eta ĝ_B (B-subsets of n) is eta^2 (n - B)/(B (n - 1)) Σ; as a function "
            "of B it is not proportional to 1 - eta B/T (which also turns negative for eta B > T, while a "
            "variance cannot).  Corrected: Cov(ĝ_B) = (Σ/B)(n - B)/(n - 1), and Σ/B with replacement.",
)
test_sgd_noise_proportional_printed = PROPORTIONAL_PRINTED.test()
