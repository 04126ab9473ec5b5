"""Exact bias–variance computations on finite regression problems, with fractions.

A :class:`RegressionLaw` has inputs ``x_0, ..., x_{k-1}`` (rationals) drawn with weights, a target
``f(x)`` and, at each input, a discrete noise law ``ε | x`` (values with weights).  A training set is
``n`` i.i.d. pairs ``(x, f(x) + ε)``; estimators depend on the multiset of pairs only, so the law of
the training set is enumerated through count vectors.  The exact law of the prediction ``f̂_D(x0)``
gives ``E_D f̂_D(x0)``, ``Var_D f̂_D(x0)`` and the expected test error at ``x0`` under fresh noise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import factorial

from checks.finite_class import count_vectors

Pairs = Sequence[tuple[Fraction, Fraction]]
Estimator = Callable[[Pairs, Fraction], Fraction]


@dataclass(frozen=True)
class RegressionLaw:
    """Inputs with weights, target values, and per-input noise laws ``((value, weight), ...)``."""

    xs: tuple[Fraction, ...]
    x_weights: tuple[int, ...]
    f: tuple[Fraction, ...]
    noise: tuple[tuple[tuple[Fraction, int], ...], ...]

    def __post_init__(self) -> None:
        k = len(self.xs)
        if not k or len(self.x_weights) != k or len(self.f) != k or len(self.noise) != k:
            raise ValueError("xs, x_weights, f and noise need one entry per input")
        if min(self.x_weights) <= 0 or any(not law or min(w for _, w in law) <= 0 for law in self.noise):
            raise ValueError("weights must be positive and every noise law nonempty")

    def outcomes(self) -> list[tuple[int, Fraction, Fraction]]:
        """``(index of x, y, probability)`` for every input and noise value."""
        W = sum(self.x_weights)
        out = []
        for i, law in enumerate(self.noise):
            V = sum(w for _, w in law)
            out += [(i, self.f[i] + e, Fraction(self.x_weights[i] * w, W * V)) for e, w in law]
        return out

    def noise_mean(self, i: int) -> Fraction:
        V = sum(w for _, w in self.noise[i])
        return sum((e * w for e, w in self.noise[i]), Fraction(0)) / V

    def noise_variance(self, i: int) -> Fraction:
        """``E[ε² | x_i] - E[ε | x_i]²``."""
        V = sum(w for _, w in self.noise[i])
        second = sum((e * e * w for e, w in self.noise[i]), Fraction(0)) / V
        return second - self.noise_mean(i) ** 2


def prediction_law(law: RegressionLaw, n: int, estimator: Estimator, x0: Fraction) -> list[tuple[Fraction, Fraction]]:
    """``(probability, f̂_D(x0))`` over all training sets ``D`` of ``n`` i.i.d. pairs."""
    if n < 1:
        raise ValueError(f"the training set needs n >= 1 pairs, got {n}")
    outs = law.outcomes()
    out = []
    for counts in count_vectors(len(outs), n).tolist():
        prob = Fraction(factorial(n))
        pairs: list[tuple[Fraction, Fraction]] = []
        for (i, y, p), c in zip(outs, counts):
            prob *= p**c / factorial(c)
            pairs += [(law.xs[i], y)] * c
        out.append((prob, estimator(pairs, x0)))
    return out


def mean_estimator(pairs: Pairs, x0: Fraction) -> Fraction:
    """The sample mean of the labels."""
    return sum((y for _, y in pairs), Fraction(0)) / len(pairs)


def local_average(pairs: Pairs, x0: Fraction) -> Fraction:
    """The mean label at ``x0`` if ``x0`` was sampled, else the overall mean (a 0-nearest-neighbour rule)."""
    at = [y for x, y in pairs if x == x0]
    return sum(at, Fraction(0)) / len(at) if at else mean_estimator(pairs, x0)


def ridge_line(lam: Fraction) -> Estimator:
    """``a + b x0`` minimizing ``Σ (y - a - b x)² + λ b²`` (``λ > 0``: always unique)."""
    lam = Fraction(lam)
    if lam <= 0:
        raise ValueError(f"the ridge penalty must be positive, got {lam}")

    def fit(pairs: Pairs, x0: Fraction) -> Fraction:
        m = len(pairs)
        mx = sum((x for x, _ in pairs), Fraction(0)) / m
        my = sum((y for _, y in pairs), Fraction(0)) / m
        sxy = sum(((x - mx) * (y - my) for x, y in pairs), Fraction(0))
        sxx = sum(((x - mx) ** 2 for x, _ in pairs), Fraction(0))
        b = sxy / (sxx + lam)
        return my + b * (x0 - mx)

    return fit


def shrunk_mean(c: Fraction) -> Estimator:
    """``c`` times the sample mean (a biased estimator for ``c != 1``)."""
    c = Fraction(c)
    return lambda pairs, x0: c * mean_estimator(pairs, x0)
