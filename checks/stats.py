"""Tests for probabilistic claims at a stated false-alarm level.

A statistical claim ("E X <= b", "P(A) >= 1 - delta") is checked on i.i.d. samples drawn with a seed
that Hypothesis chose.  The comparison widens the bound by a confidence radius chosen so that, if the
claim is true, the check fails with probability at most ``alpha`` (per instance; the per-claim
false-alarm level is at most ``examples * alpha`` by the union bound).  Under the derandomized ``ci``
profile the seeds are fixed, so the default run is also reproducible.

- Hoeffding: X in [lo, hi] => P(|mean - EX| >= (hi - lo) sqrt(ln(2/alpha) / (2n))) <= alpha.
- Empirical Bernstein (Maurer & Pontil 2009, Thm 4): X in [lo, hi], sample variance V =>
  P(mean - EX >= sqrt(2 V ln(2/alpha) / n) + 7 (hi - lo) ln(2/alpha) / (3 (n - 1))) <= alpha, one-sided.
- Catoni (2012, Prop. 2.4): samples with variance at most v, unbounded => an M-estimator within
  sqrt(2 v ln(2/alpha) / (n - 2 ln(2/alpha))) of EX with probability >= 1 - alpha.
- Exact binomial: k successes of n, claimed P(success) <= p  =>  fails iff P(Bin(n, p) >= k) <= alpha.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.optimize import brentq
from scipy.stats import binom

from checks.claim import Check, ClaimError, ge, le

ALPHA = 1e-6
"""Default false-alarm level of one statistical comparison (one instance)."""


def _validate(n: int, alpha: float) -> None:
    if n < 2:
        raise ClaimError(f"a statistical check needs at least 2 samples, got {n}")
    if not 0 < alpha < 1:
        raise ClaimError(f"the false-alarm level must lie in (0, 1), got {alpha}")


def hoeffding_radius(n: int, width: float, alpha: float = ALPHA) -> float:
    """Two-sided Hoeffding radius for the mean of n i.i.d. samples in an interval of this width."""
    _validate(n, alpha)
    if width < 0:
        raise ClaimError(f"the range width must be nonnegative, got {width}")
    return width * math.sqrt(math.log(2 / alpha) / (2 * n))


def bernstein_radius(samples: Sequence[float] | np.ndarray, width: float, alpha: float = ALPHA) -> float:
    """Empirical-Bernstein radius (Maurer–Pontil) for samples in an interval of this width; much
    smaller than Hoeffding's when the variance is small."""
    x = np.asarray(samples, dtype=float)
    n = x.size
    _validate(n, alpha)
    if width < 0:
        raise ClaimError(f"the range width must be nonnegative, got {width}")
    log_term = math.log(2 / alpha)
    var = float(np.var(x, ddof=1))
    return math.sqrt(2 * var * log_term / n) + 7 * width * log_term / (3 * (n - 1))


def _in_range(x: np.ndarray, lo: float, hi: float, label: str) -> None:
    if not lo <= hi:
        raise ClaimError(f"{label}: empty range [{lo}, {hi}]")
    if x.size and (x.min() < lo or x.max() > hi):
        raise ClaimError(f"{label}: samples outside the stated range [{lo}, {hi}] "
                         f"(min {x.min():.6g}, max {x.max():.6g}); the concentration bound would not apply")


def mean_le(samples: Sequence[float] | np.ndarray, bound: float, lo: float, hi: float,
            alpha: float = ALPHA, label: str = "E X <= bound") -> Check:
    """The claim E X <= bound, tested on samples in [lo, hi]: sample mean <= bound + radius, where the
    radius is the smaller of the Hoeffding and empirical-Bernstein radii at level alpha/2 each."""
    x = np.asarray(samples, dtype=float)
    _in_range(x, lo, hi, label)
    radius = min(hoeffding_radius(x.size, hi - lo, alpha / 2), bernstein_radius(x, hi - lo, alpha / 2))
    return le(float(x.mean()), bound, tol=radius, label=label,
              why=f"concentration radius, n={x.size}, level {alpha:g}")


def mean_ge(samples: Sequence[float] | np.ndarray, bound: float, lo: float, hi: float,
            alpha: float = ALPHA, label: str = "E X >= bound") -> Check:
    """The claim E X >= bound, tested like :func:`mean_le` with the inequality reversed."""
    x = np.asarray(samples, dtype=float)
    _in_range(x, lo, hi, label)
    radius = min(hoeffding_radius(x.size, hi - lo, alpha / 2), bernstein_radius(-x, hi - lo, alpha / 2))
    return ge(float(x.mean()), bound, tol=radius, label=label,
              why=f"concentration radius, n={x.size}, level {alpha:g}")


def binomial_p_value(successes: int, trials: int, p: float) -> float:
    """P(Bin(trials, p) >= successes): the exact p-value of the hypothesis P(success) <= p."""
    if not 0 <= successes <= trials:
        raise ClaimError(f"successes must lie in [0, trials], got {successes} of {trials}")
    if not 0 <= p <= 1:
        raise ClaimError(f"a probability must lie in [0, 1], got {p}")
    return float(binom.sf(successes - 1, trials, p))


def rate_le(successes: int, trials: int, p: float, alpha: float = ALPHA,
            label: str = "P(event) <= p") -> Check:
    """The claim P(event) <= p from an event count: an exact one-sided binomial test at level alpha.

    The ratio is ln(p-value) / ln(alpha), so it exceeds 1 exactly when the p-value drops below alpha
    (and the search is driven toward smaller p-values)."""
    pv = binomial_p_value(successes, trials, p)
    ratio = math.log(pv) / math.log(alpha) if 0 < pv < 1 else (0.0 if pv >= 1 else float("inf"))
    ok = pv > alpha
    return Check(label, ok, min(ratio, 1e12),
                 f"{successes}/{trials} events, claimed rate <= {p:.6g}: p-value {pv:.3g} vs level {alpha:g}")


def _psi(x: np.ndarray) -> np.ndarray:
    """Catoni's influence function ``sign(x) log(1 + |x| + x²/2)``."""
    return np.sign(x) * np.log1p(np.abs(x) + 0.5 * x * x)


def catoni_mean(samples: np.ndarray, variance: float, alpha: float) -> tuple[float, float]:
    """Catoni's M-estimator of the mean of i.i.d. samples with variance at most ``variance``, and a
    radius ``r`` with ``P(|estimate - mean| > r) <= alpha``.

    With ``L = ln(2/alpha)`` and ``m > 2L`` samples, the scale ``a = sqrt(2L(m - 2L)) / (m sqrt(v))``
    and the root ``θ`` of ``Σ ψ(a (X_i - θ)) = 0`` satisfy ``|θ - EX| <= sqrt(2 v L / (m - 2L))``
    with probability ``>= 1 - alpha`` (Catoni 2012, Prop. 2.4: since
    ``-log(1 - x + x²/2) <= ψ(x) <= log(1 + x + x²/2)``, the exponential moment of ``Σ ψ`` at a fixed
    ``θ`` is at most ``exp(m a (EX - θ) + m a² (v + (EX - θ)²)/2)``; Markov's inequality at the two
    roots of that quadratic bound, each at level alpha/2, and monotonicity of ``θ ↦ Σ ψ`` give the
    radius)."""
    x = np.asarray(samples, dtype=float).ravel()
    m = x.size
    if not 0 < alpha < 1:
        raise ClaimError(f"alpha must lie in (0, 1), got {alpha}")
    L = math.log(2 / alpha)
    if m <= 2 * L + 1:
        raise ClaimError(f"need more than 2 ln(2/alpha) + 1 = {2 * L + 1:.1f} samples, got {m}")
    if not (variance >= 0 and math.isfinite(variance)):
        raise ClaimError(f"the variance bound must be finite and nonnegative, got {variance}")
    if not np.all(np.isfinite(x)):
        raise ClaimError("samples must be finite")
    radius = math.sqrt(2 * variance * L / (m - 2 * L))
    lo, hi = float(x.min()), float(x.max())
    if variance == 0 or lo == hi:
        return float(np.median(x)), radius
    a = math.sqrt(2 * L * (m - 2 * L)) / (m * math.sqrt(variance))
    theta = brentq(lambda t: float(np.sum(_psi(a * (x - t)))), lo, hi, xtol=1e-14 * max(1.0, abs(hi)))
    return float(theta), radius
