"""Strategies for the bias–variance and ensemble claims: finite regression laws with mean-zero
(heteroscedastic) discrete noise, estimators, rational ensembles, and majority votes."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from hypothesis import strategies as st

from checks.bias_variance import (Estimator, RegressionLaw, local_average, mean_estimator, ridge_line,
                                  shrunk_mean)

RATIONALS = st.builds(lambda a, b: Fraction(a, b), st.integers(-6, 6), st.integers(1, 4))


@st.composite
def noise_law(draw: st.DrawFn, biased: bool = False) -> tuple[tuple[Fraction, int], ...]:
    """Two values ``-s w2 + t``, ``s w1 + t`` with weights ``w1, w2`` (mean ``t``; ``t = 0`` unless biased),
    sometimes with an extra atom at ``t``; ``s = 0`` gives noiseless labels."""
    w1, w2 = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    s = Fraction(draw(st.integers(0, 4)), draw(st.integers(1, 2)))
    t = Fraction(draw(st.sampled_from((-2, -1, 1, 2))), 2) if biased else Fraction(0)
    law = ((-s * w2 + t, w1), (s * w1 + t, w2))
    if s == 0:
        return ((t, 1),)
    return law + (((t, draw(st.integers(1, 2))),) if draw(st.booleans()) else ())


@dataclass(frozen=True)
class BiasVarianceCase:
    law: RegressionLaw
    n: int
    x0: int
    estimator_name: str
    estimator: Estimator

    def __repr__(self) -> str:
        L = self.law
        return (f"BiasVarianceCase(n={self.n}, x0={L.xs[self.x0]}, estimator={self.estimator_name}, xs={L.xs}, "
                f"x_weights={L.x_weights}, f={L.f}, noise={L.noise})")


ESTIMATORS = st.one_of(st.just(("mean", mean_estimator)), st.just(("local average", local_average)),
                       st.builds(lambda c: (f"{c} * mean", shrunk_mean(c)), st.sampled_from(
                           [Fraction(1, 2), Fraction(3, 4), Fraction(2)])),
                       st.builds(lambda lam: (f"ridge line, lambda={lam}", ridge_line(lam)), st.sampled_from(
                           [Fraction(1, 10), Fraction(1), Fraction(5)])))


@st.composite
def bias_variance_cases(draw: st.DrawFn, biased: bool = False) -> BiasVarianceCase:
    k = draw(st.integers(1, 3))
    xs = tuple(Fraction(x) for x in draw(st.lists(st.integers(-3, 3), min_size=k, max_size=k, unique=True)))
    noise = tuple(draw(noise_law(biased=biased)) for _ in range(k))
    outcomes = sum(len(law) for law in noise)
    n = draw(st.integers(1, 4 if outcomes <= 5 else 3))
    law = RegressionLaw(xs, tuple(draw(st.integers(1, 3)) for _ in range(k)),
                        tuple(draw(RATIONALS) for _ in range(k)), noise)
    name, est = draw(ESTIMATORS)
    return BiasVarianceCase(law, n, draw(st.integers(0, k - 1)), name, est)


@dataclass(frozen=True)
class Ensemble:
    """Member predictions ``preds[i][j]`` at points ``j`` with labels ``y[j]`` and point weights;
    member weights ``w`` (nonnegative, summing to 1 unless ``normalized`` is false)."""

    preds: tuple[tuple[Fraction, ...], ...]
    y: tuple[Fraction, ...]
    point_weights: tuple[int, ...]
    w: tuple[Fraction, ...]

    def __repr__(self) -> str:
        show = lambda xs: "(" + ", ".join(str(x) for x in xs) + ")"
        rows = ", ".join(show(p) for p in self.preds)
        return f"Ensemble(w={show(self.w)}, y={show(self.y)}, point_weights={self.point_weights}, preds=[{rows}])"


@st.composite
def ensembles(draw: st.DrawFn, normalized: bool = True) -> Ensemble:
    M, P = draw(st.integers(2, 5)), draw(st.integers(1, 4))
    preds = tuple(tuple(draw(RATIONALS) for _ in range(P)) for _ in range(M))
    raw = [draw(st.integers(0, 4)) for _ in range(M)]
    if not any(raw):
        raw[0] = 1
    total = sum(raw) if normalized else sum(raw) + draw(st.integers(1, 3))
    return Ensemble(preds, tuple(draw(RATIONALS) for _ in range(P)), tuple(draw(st.integers(1, 3)) for _ in range(P)),
                    tuple(Fraction(r, total) for r in raw))


@dataclass(frozen=True)
class Vote:
    """``M`` (odd) independent voters, each wrong with probability ``p``."""

    p: Fraction
    M: int

    def __repr__(self) -> str:
        return f"Vote(p={self.p}, M={self.M})"


def votes(below_half: bool = True) -> st.SearchStrategy[Vote]:
    def build(a: int, b: int, k: int) -> Vote:
        p = Fraction(a, 2 * b + 1) if below_half else 1 - Fraction(a, 2 * b + 1)
        return Vote(p, 2 * k + 1)
    return st.builds(build, st.integers(1, 20), st.just(20), st.integers(0, 40)) | st.builds(lambda k: Vote(Fraction(20, 41) if below_half else Fraction(21, 41),
                                                          2 * k + 1), st.integers(0, 40))
