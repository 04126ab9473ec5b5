"""High-dimensional concentration of norms and volume.

Statements.
- The fraction of the volume of the unit ball of R^d within ``eps`` of its boundary is exactly
  ``1 - (1 - eps)^d``, at least ``1 - e^{-eps d}``: it tends to 1 as ``d -> infinity``.
- For ``x ~ N(0, I_d)``: ``E||x||^2 = d`` and ``E||x|| = mu_d = sqrt 2 Gamma((d+1)/2)/Gamma(d/2)`` with
  ``d - 1/2 < mu_d^2 < d``, so ``Var ||x|| = d - mu_d^2 < 1/2`` and ``sqrt(1 - 1/(2d)) < mu_d/sqrt d < 1``:
  ``||x||/sqrt d -> 1`` with fluctuations of order ``1/sqrt d`` (standard deviation below
  ``1/sqrt(2d)``).  Concentration: ``P(| ||x|| - mu_d | >= u) <= 2 e^{-u^2/2}`` (the norm is 1-Lipschitz),
  and ``P(| ||x||/sqrt d - 1 | >= s) <= 2 exp(-(s sqrt d - 1/(2 sqrt d))^2 / 2)``.  So ``N(x, beta^2 I)``
  concentrates near the sphere of radius ``beta sqrt d`` (not in the ball).
- For ``xi ~ N(0, (r^2/d) I_d)``: ``E||xi||^2 = tr((r^2/d) I) = r^2``; for ``xi`` uniform in the ball of
  radius ``r``, ``E||xi||^2 = d r^2/(d + 2)``.

Sources.  *The Mathematical Structure of Machine Learning*, Ch. 24, App. A notes (MSML-337); Arora et
al., *Theory of Deep Learning*, §7.2 (ARORA-518, the perturbation of perturbed gradient descent) and
§18.2 (ARORA-1099).

Proof ideas.  ``vol B_d(r) = r^d vol B_d(1)``.  ``||x||^2 ~ chi^2_d``; the chi mean is a Gamma ratio,
and Kershaw's inequality ``Gamma(x + 1)/Gamma(x + 1/2) > (x + 1/4)^{1/2}`` gives ``mu_d^2 > d - 1/2``,
Jensen ``mu_d^2 < E||x||^2 = d``.  Gaussian concentration for 1-Lipschitz functions gives the tail,
and ``sqrt d - mu_d < 1/(2 sqrt d)`` moves its centre to ``sqrt d``.  For the uniform ball
``P(||xi|| <= rho) = (rho/r)^d``, so ``E||xi||^2 = int_0^r rho^2 d rho^(d-1)/r^d d rho``.

Exactness and levels.  Volumes, moments and integrals are SymPy expressions; an inequality between
irrational constants is decided on a 60-digit evaluation with a ``1e-50`` margin.  The statistical
checks draw their samples from a generator seeded by Hypothesis: tail probabilities are tested with
the exact binomial test (``checks.stats.rate_le``) and means of bounded variables with the
Hoeffding / empirical-Bernstein radius (``checks.stats.mean_le``, ``mean_ge``), each at level
``alpha = 1e-6`` per comparison (two comparisons per instance, so at most ``2 examples x 1e-6`` per
claim by the union bound).
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cache

import numpy as np
import sympy

from checks.claim import Check, Claim, Mutant, Source, equal, ge, le
from checks.documents import ARORA, MSML
from checks.spectral import ball_volume, gaussian_norm_mean, uniform_ball_sample
from checks.stats import ALPHA, mean_ge, mean_le, rate_le
from checks.strategies.spectra import (GaussianNorms, Isotropic, Shell, gaussian_norms, isotropic_cases,
                                       shells)

DIGITS = 60
MARGIN = Fraction(1, 10 ** 50)
"""An inequality between irrational constants is checked on their 60-digit values with this margin."""


def _value(expr) -> Fraction:
    """A 60-digit rational value of a SymPy constant."""
    return Fraction(str(sympy.N(expr, DIGITS)))


# --- volume near the boundary ----------------------------------------------------------------------

def shell_fraction(c: Shell, formula=lambda d, eps: 1 - (1 - eps) ** d, rate: int = 1) -> list[Check]:
    d, eps = c.d, sympy.Rational(c.eps.numerator, c.eps.denominator)
    frac = sympy.simplify((ball_volume(d) - ball_volume(d, 1 - eps)) / ball_volume(d))
    return [equal(frac, formula(d, eps), label=f"shell fraction in R^{d} = 1 - (1 - eps)^d"),
            ge(_value(frac), _value(1 - sympy.exp(-rate * eps * d)), MARGIN,
               label=f"1 - (1 - eps)^d >= 1 - exp(-{rate} eps d)", why="60-digit evaluation")]


SHELL = Claim(
    id="ball-volume-concentrates-near-boundary",
    title="Most of a high-dimensional ball's volume lies near its boundary",
    statement="the fraction of vol B_d(1) within eps of the boundary is (vol B_d(1) - vol B_d(1 - eps))/vol B_d(1) = "
              "1 - (1 - eps)^d >= 1 - e^{-eps d}, which tends to 1 as d -> infinity for every fixed eps in (0, 1)",
    sources=[Source(MSML, "App. A notes: volume concentrates in high dimensions", ("MSML-337",))],
    kind="proxy",
    proxy="the limit 1 - (1 - eps)^d -> 1 is represented by the exact formula and the bound 1 - (1 - eps)^d >= "
          "1 - e^{-eps d} at every drawn d <= 60 and rational eps",
    area="high-dimensional",
    instances=shells(),
    conclusion=shell_fraction,
    proof_idea="vol B_d(r) = pi^{d/2} r^d / Gamma(d/2 + 1) scales as r^d; and 1 - eps <= e^{-eps}.",
    mutants=[
        Mutant("fraction-is-interior", "(1 - eps)^d is the fraction of the inner ball, which tends to 0",
               conclusion=lambda c: shell_fraction(c, formula=lambda d, eps: (1 - eps) ** d)),
        Mutant("rate-2-eps-d", "ln(1 - eps) is about -eps for small eps, so (1 - eps)^d exceeds e^{-2 eps d}",
               conclusion=lambda c: shell_fraction(c, rate=2)),
    ],
    examples=40,
)
test_ball_volume_concentrates_near_boundary = SHELL.test()


# --- moments of the Gaussian norm ------------------------------------------------------------------

@cache
def _unit_second_moment() -> sympy.Expr:
    """``E g^2`` for ``g ~ N(0, 1)``, by integration."""
    x = sympy.Symbol("x", real=True)
    return sympy.integrate(x ** 2 * sympy.exp(-x ** 2 / 2), (x, -sympy.oo, sympy.oo)) / sympy.sqrt(2 * sympy.pi)


def norm_moments(d: int, var_bound=Fraction(1, 2), low=lambda d: 1 - Fraction(1, 2 * d)) -> list[Check]:
    mu = gaussian_norm_mean(d)
    mu2 = _value(mu ** 2)
    why = "60-digit evaluation"
    return [equal(d * _unit_second_moment(), d, label="E||x||^2 = d E x_1^2 = d"),
            ge(mu2, d - Fraction(1, 2), MARGIN, label=f"mu_{d}^2 > d - 1/2", why=why),
            le(mu2, d, MARGIN, label=f"mu_{d}^2 < d (Jensen)", why=why),
            le(d - mu2, var_bound, MARGIN, label=f"Var ||x|| = d - mu_d^2 <= {var_bound}", why=why),
            ge(mu2 / d, low(d) ** 2, MARGIN, label=f"(mu_d / sqrt d)^2 >= ({low(d)})^2", why=why)]


def moments_claim(c: Isotropic) -> list[Check]:
    r2 = c.r2
    cov_trace = sum((r2 / c.d for _ in range(c.d)), Fraction(0))
    return norm_moments(c.d) + [equal(cov_trace, r2, label="E||xi||^2 = tr((r^2/d) I) = r^2")]


MOMENTS = Claim(
    id="gaussian-norm-moments",
    title="The norm of a standard Gaussian vector: E||x||^2 = d, Var ||x|| < 1/2",
    statement="for x ~ N(0, I_d): E||x||^2 = d, mu_d = E||x|| = sqrt 2 Gamma((d+1)/2)/Gamma(d/2) with "
              "d - 1/2 < mu_d^2 < d, so Var ||x|| < 1/2 and sqrt(1 - 1/(2d)) < mu_d/sqrt d < 1 "
              "(||x||/sqrt d -> 1, fluctuations O(1/sqrt d)); "
              "for delta ~ N(0, beta^2 I) the same holds for ||delta||/beta; for xi ~ N(0, (r^2/d) I), E||xi||^2 = r^2",
    sources=[Source(MSML, "App. A notes: ||x||/sqrt d -> 1", ("MSML-337",)),
             Source(ARORA, "§7.2, the perturbation xi ~ N(0, (r^2/d) I)", ("ARORA-518",)),
             Source(ARORA, "§18.2, Gaussian noise ≈ sphere of radius beta sqrt d", ("ARORA-1099",))],
    kind="exact",
    area="high-dimensional",
    instances=isotropic_cases(max_dim=300),
    conclusion=moments_claim,
    proof_idea="||x||^2 is a sum of d squares of unit variance; the chi mean is a Gamma ratio bounded by Kershaw's "
               "inequality below and Jensen above.",
    mutants=[
        Mutant("variance-at-most-quarter", "Var ||x|| = 1 - 2/pi = 0.363 for d = 1 and tends to 1/2",
               conclusion=lambda c: norm_moments(c.d, var_bound=Fraction(1, 4))),
        Mutant("mean-within-1-over-8d", "mu_d/sqrt d is about 1 - 1/(4d), below 1 - 1/(8d)",
               conclusion=lambda c: norm_moments(c.d, low=lambda d: 1 - Fraction(1, 8 * d))),
        Mutant("covariance-r2-identity", "with covariance r^2 I the squared norm has mean d r^2, not r^2",
               conclusion=lambda c: equal(c.r2 * c.d, c.r2, label="E||xi||^2 = r^2 for xi ~ N(0, r^2 I)")),
    ],
    examples=30,
)
test_gaussian_norm_moments = MOMENTS.test()


# --- concentration of the Gaussian norm -----------------------------------------------------------

def _events(c: GaussianNorms, centre: float, scale: float, u: float) -> int:
    norms = np.linalg.norm(c.sample(), axis=1) / c.beta
    return int(np.sum(np.abs(norms / scale - centre) >= u))


def concentration(c: GaussianNorms) -> list[Check]:
    mu = float(gaussian_norm_mean(c.d).evalf(30))
    d, u = c.d, c.u
    sqd = math.sqrt(d)
    # events |‖δ‖/β - mu_d| >= u, and |‖δ‖/(β sqrt d) - 1| >= s with s sqrt d = u + 1/(2 sqrt d)
    s = (u + 1 / (2 * sqd)) / sqd
    k1 = _events(c, mu, 1.0, u)
    k2 = _events(c, 1.0, sqd, s)
    return [rate_le(k1, c.size, min(1.0, 2 * math.exp(-u * u / 2)), ALPHA,
                    label=f"P(| ||delta||/beta - mu_d | >= {u:.3g}) <= 2 exp(-u^2/2), d = {d}"),
            rate_le(k2, c.size, min(1.0, 2 * math.exp(-u * u / 2)), ALPHA,
                    label=f"P(| ||delta||/(beta sqrt d) - 1 | >= {s:.3g}) <= 2 exp(-(s sqrt d - 1/(2 sqrt d))^2/2)")]


def concentration_at(c: GaussianNorms, radius) -> Check:
    k = _events(c, radius(c.d), 1.0, c.u)
    return rate_le(k, c.size, min(1.0, 2 * math.exp(-c.u ** 2 / 2)), ALPHA,
                   label=f"P(| ||delta||/beta - {radius(c.d):.4g} | >= {c.u:.3g}) <= 2 exp(-u^2/2)")


CONCENTRATION = Claim(
    id="gaussian-norm-concentration",
    title="A Gaussian vector concentrates near the sphere of radius beta sqrt d",
    statement="for delta ~ N(0, beta^2 I_d) and u > 0: P(| ||delta||/beta - mu_d | >= u) <= 2 e^{-u^2/2} and "
              "P(| ||delta||/(beta sqrt d) - 1 | >= s) <= 2 exp(-(s sqrt d - 1/(2 sqrt d))^2/2) for s sqrt d > "
              "1/(2 sqrt d); so ||delta||/(beta sqrt d) -> 1 with O(1/sqrt d) fluctuations",
    sources=[Source(MSML, "App. A notes: ||x||/sqrt d -> 1 with fluctuations O(1/sqrt d)", ("MSML-337",)),
             Source(ARORA, "§18.2, Gaussian noise concentrates near the sphere of radius beta sqrt d",
                    ("ARORA-1099",))],
    kind="statistical",
    area="high-dimensional",
    instances=gaussian_norms(),
    conclusion=concentration,
    proof_idea="x -> ||x|| is 1-Lipschitz, so Gaussian concentration bounds its deviation from the mean mu_d; "
               "sqrt d - mu_d < 1/(2 sqrt d) moves the centre to sqrt d. Tested on 400 seeded draws per instance "
               "with the exact binomial test at level 1e-6.",
    mutants=[
        Mutant("radius-beta", "||delta||/beta is near sqrt d, not 1, once d is large",
               conclusion=lambda c: concentration_at(c, lambda d: 1.0)),
        Mutant("radius-beta-d", "||delta||/beta is near sqrt d, far below d for d >= 3",
               conclusion=lambda c: concentration_at(c, lambda d: float(d))),
    ],
    examples=40,
)
test_gaussian_norm_concentration = CONCENTRATION.test()


# --- the isotropic perturbation and the uniform ball ------------------------------------------------

def uniform_ball_energy(c: Isotropic, claimed=None) -> list[Check]:
    d, r2 = c.d, c.r2
    rho, r = sympy.symbols("rho r", positive=True)
    radius = sympy.sqrt(sympy.Rational(r2.numerator, r2.denominator))
    exact = sympy.integrate(rho ** 2 * d * rho ** (d - 1) / r ** d, (rho, 0, r)).subs(r, radius)
    expected = Fraction(d, d + 2) * r2
    value = expected if claimed is None else claimed(c)
    xi = uniform_ball_sample(np.random.default_rng(c.seed), c.size, d, math.sqrt(r2))
    sq = np.sum(xi ** 2, axis=1)
    hi = float(r2) * (1 + 1e-12)  # samples lie in the ball; rounding of the radius
    out = [mean_le(sq, float(value), 0.0, hi, ALPHA, label=f"uniform ball: E||xi||^2 <= {float(value):.6g}"),
           mean_ge(sq, float(value), 0.0, hi, ALPHA, label=f"uniform ball: E||xi||^2 >= {float(value):.6g}")]
    if claimed is None:
        out.insert(0, equal(exact, sympy.Rational(expected.numerator, expected.denominator),
                            label="int_0^r rho^2 d rho^(d-1)/r^d = d r^2/(d + 2)"))
    return out


UNIFORM = Claim(
    id="uniform-ball-perturbation-energy",
    title="A uniform point of the ball of radius r has E||xi||^2 = d r^2/(d + 2)",
    statement="for xi uniform in the ball of radius r in R^d, P(||xi|| <= rho) = (rho/r)^d and "
              "E||xi||^2 = d r^2/(d + 2) "
              "(the Gaussian N(0, (r^2/d) I) has E||xi||^2 = r^2 exactly, the uniform ball slightly less)",
    sources=[Source(ARORA, "§7.2: the perturbation of perturbed gradient descent (Gaussian and uniform-ball "
                           "variants)", ("ARORA-518",))],
    kind="statistical",
    area="high-dimensional",
    instances=isotropic_cases(),
    conclusion=uniform_ball_energy,
    proof_idea="The radius has density d rho^(d-1)/r^d on [0, r]; integrate rho^2. Checked exactly with SymPy and "
               "against 2000 seeded samples (direction a normalized Gaussian, radius r U^(1/d)) with the Hoeffding / "
               "Bernstein radius at level 1e-6 on each side.",
    mutants=[Mutant("uniform-ball-energy-r2", "the uniform ball puts mass inside radius r: E||xi||^2 = r^2 d/(d + 2) "
                                              "< r^2, a gap 2 r^2/(d + 2) that 2000 samples resolve",
                    conclusion=lambda c: uniform_ball_energy(c, claimed=lambda c: c.r2))],
    examples=30,
)
test_uniform_ball_perturbation_energy = UNIFORM.test()
