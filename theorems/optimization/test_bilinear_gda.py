"""Gradient descent-ascent on the bilinear game min_x max_y f(x, y) = xy.

Statement.  The unique equilibrium is (0, 0).  Gradient descent-ascent flow ``x' = -y, y' = x`` conserves
``x^2 + y^2`` (circles).  Simultaneous GDA ``(x, y) <- (x - eta y, y + eta x)`` multiplies ``x^2 + y^2`` by
exactly ``1 + eta^2`` every step: it spirals outward and never converges from a nonzero start.
Alternating GDA (``x`` first, then ``y`` at the new ``x``) conserves ``x^2 + y^2 - eta x y``, so for
``0 < eta < 2`` its orbits stay bounded, ``||z_t||^2 <= (1 + eta/2)/(1 - eta/2) ||z_0||^2``, but do not
converge.  Extragradient multiplies ``x^2 + y^2`` by ``1 - eta^2 + eta^4 < 1`` for ``0 < eta < 1`` and
optimistic GDA ``z_{t+1} = z_t - 2 eta F(z_t) + eta F(z_{t-1})`` is a linear recursion with spectral radius
below 1 for ``0 < eta <= 1/2``: both converge to the equilibrium.

Sources.  Zhao, Ch. 14, Figures 14.12-14.13 and the text on the toy game min_x max_y xy (ZHAO-131); the
alternating, extragradient and optimistic variants complete the comparison the figure makes.

Proof ideas.  With ``u = x + iy`` the simultaneous step is ``u <- (1 + i eta) u`` and ``|1 + i eta|^2 = 1 + eta^2``;
the flow is ``u' = i u``, a rotation.  The alternating step is a composition of two shears, each
preserving the form ``x^2 + y^2 - eta x y`` (positive definite iff ``eta < 2``).  Extragradient is
``u <- (1 - eta^2 + i eta) u``.  For optimistic GDA, Schur-Cohn on the characteristic polynomial of the 4 x 4
step matrix certifies that all roots lie inside the unit disc (exact, in rationals).
"""

from __future__ import annotations

from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, holds, le
from checks.documents import ZHAO
from checks.scale_invariance import charpoly, gda_matrix, gda_step, schur_stable
from checks.strategies.scale_invariance import GDACase, gda_cases


def _orbit(c: GDACase, method: str) -> list[list[Fraction]]:
    zs = [[c.x0, c.y0]]
    for _ in range(c.steps):
        zs.append(gda_step(method, zs[-1], c.eta))
    return zs


def _n2(z) -> Fraction:
    return z[0] * z[0] + z[1] * z[1]


def _spiral(c: GDACase, factor=lambda eta: 1 + eta * eta) -> list[Check]:
    zs = _orbit(c, "simultaneous")
    out = [equal(_n2(zs[t + 1]), factor(c.eta) * _n2(zs[t]), label=f"||z_{t + 1}||^2 = (1 + eta^2)||z_{t}||^2")
           for t in range(c.steps)]
    x, y = c.x0, c.y0
    out.append(equal(x * (-y) + y * x, 0, label="flow: d/dt (x^2 + y^2) = 2<z, (-y, x)> = 0"))
    return out


def _no_convergence(c: GDACase) -> Check:
    zs = _orbit(c, "simultaneous")
    return le(_n2(zs[-1]), _n2(zs[0]) / 2, label="simultaneous GDA halves ||z||^2 within the run")


SPIRAL = Claim(
    id="bilinear-gda-simultaneous-spiral",
    title="Simultaneous GDA on f(x, y) = xy spirals outward: ||z_{t+1}||^2 = (1 + eta^2)||z_t||^2",
    statement="On min_x max_y xy the GDA flow conserves x^2 + y^2, and simultaneous GDA (x, y) <- (x - eta y, y + eta x) "
              "multiplies x^2 + y^2 by exactly 1 + eta^2 each step, so it diverges from every nonzero start",
    sources=[Source(ZHAO, "Ch. 14, Figures 14.12-14.13 and text (toy game min_x max_y xy)", ("ZHAO-131",))],
    kind="exact",
    area="optimization",
    instances=gda_cases(),
    conclusion=_spiral,
    proof_idea="(x - eta y)^2 + (y + eta x)^2 = (1 + eta^2)(x^2 + y^2): the cross terms cancel; as u = x + iy the step "
               "is multiplication by 1 + i eta.",
    mutants=[
        Mutant("contracting-factor", "the cross terms cancel and the eta^2 terms add: the factor is 1 + eta^2, not 1 - eta^2",
               conclusion=lambda c: _spiral(c, factor=lambda eta: 1 - eta * eta)),
        Mutant("small-step-converges", "for every eta > 0 the norm grows, however small the step",
               conclusion=_no_convergence, instances=gda_cases(eta_max=Fraction(1, 4))),
    ],
    examples=40,
)
test_bilinear_gda_simultaneous_spiral = SPIRAL.test()


def _alternating(c: GDACase, form=lambda x, y, eta: x * x + y * y - eta * x * y) -> list[Check]:
    zs = _orbit(c, "alternating")
    q0 = form(zs[0][0], zs[0][1], c.eta)
    out = [equal(form(z[0], z[1], c.eta), q0, label=f"conserved form at t = {t}") for t, z in enumerate(zs[1:], 1)]
    K = (1 + c.eta / 2) / (1 - c.eta / 2)
    out += [le(_n2(z), K * _n2(zs[0]), label=f"||z_{t}||^2 <= (1 + eta/2)/(1 - eta/2) ||z_0||^2")
            for t, z in enumerate(zs[1:], 1)]
    return out


ALTERNATING = Claim(
    id="bilinear-gda-alternating-bounded",
    title="Alternating GDA on f(x, y) = xy conserves x^2 + y^2 - eta x y and stays bounded",
    statement="Alternating GDA x <- x - eta y, then y <- y + eta x, conserves x^2 + y^2 - eta x y exactly; for 0 < eta < 2 "
              "its orbits satisfy ||z_t||^2 <= (1 + eta/2)/(1 - eta/2) ||z_0||^2",
    sources=[Source(ZHAO, "Ch. 14, Figure 14.13 caption (alternating updates keep orbits bounded)", ("ZHAO-131",))],
    kind="exact",
    area="optimization",
    instances=gda_cases(eta_max=Fraction(2)),
    conclusion=_alternating,
    proof_idea="Each half-step is a shear; with y' = y + eta x', y'^2 - eta x' y' = y y' and x'(x' + eta y) = x x', so the form "
               "is unchanged; (1 - eta/2)||z||^2 <= x^2 + y^2 - eta x y <= (1 + eta/2)||z||^2.",
    mutants=[
        Mutant("euclidean-norm-conserved", "alternating GDA conserves x^2 + y^2 - eta x y, not x^2 + y^2",
               conclusion=lambda c: _alternating(c, form=lambda x, y, eta: x * x + y * y)[:c.steps]),
        Mutant("step-above-two", "for eta > 2 the step matrix has trace 2 - eta^2 < -2, a real eigenvalue of modulus > 1, "
               "and the conserved form is indefinite",
               instances=gda_cases(eta_min=Fraction(2), eta_max=Fraction(3))),
    ],
    examples=40,
)
test_bilinear_gda_alternating_bounded = ALTERNATING.test()


def _converging(c: GDACase) -> list[Check]:
    zs = _orbit(c, "extragradient")
    out = [equal(_n2(zs[t + 1]), (1 - c.eta ** 2 + c.eta ** 4) * _n2(zs[t]),
                 label=f"extragradient: ||z_{t + 1}||^2 = (1 - eta^2 + eta^4)||z_{t}||^2") for t in range(c.steps)]
    if c.eta < 1:
        out.append(le(1 - c.eta ** 2 + c.eta ** 4, 1, label="extragradient contraction factor < 1"))
        out.append(holds(1 - c.eta ** 2 + c.eta ** 4 < 1, "strict contraction"))
    if c.eta <= Fraction(1, 2):
        p = charpoly(gda_matrix("optimistic", c.eta))
        out.append(holds(schur_stable(p), "optimistic GDA: all roots of the step's characteristic polynomial in |z| < 1",
                         f"charpoly {[str(a) for a in p]}"))
    return out


def _simultaneous_stable(c: GDACase) -> Check:
    p = charpoly(gda_matrix("simultaneous", c.eta))
    return holds(schur_stable(p), "simultaneous GDA: spectral radius < 1", f"charpoly {[str(a) for a in p]}")


def _optimistic_stable(c: GDACase) -> Check:
    p = charpoly(gda_matrix("optimistic", c.eta))
    return holds(schur_stable(p), "optimistic GDA: spectral radius < 1", f"eta = {c.eta}, charpoly {[str(a) for a in p]}")


CONVERGING = Claim(
    id="bilinear-gda-extragradient-optimistic-converge",
    title="Extragradient and optimistic GDA converge on f(x, y) = xy",
    statement="Extragradient multiplies x^2 + y^2 by 1 - eta^2 + eta^4 (< 1 for 0 < eta < 1); optimistic GDA "
              "z_{t+1} = z_t - 2 eta F(z_t) + eta F(z_{t-1}) has spectral radius < 1 for 0 < eta <= 1/2",
    sources=[Source(ZHAO, "Ch. 14, Figures 14.12-14.13 (equilibrium existence does not imply convergence of GDA)",
                    ("ZHAO-131",))],
    kind="exact",
    area="optimization",
    instances=gda_cases(eta_max=Fraction(1)),
    conclusion=_converging,
    proof_idea="As u = x + iy extragradient is u <- (1 - eta^2 + i eta) u, |.|^2 = 1 - eta^2 + eta^4; the optimistic "
               "recursion's characteristic polynomial passes the Schur-Cohn test (every stage |p(0)| < |leading|).",
    mutants=[
        Mutant("simultaneous-gda-stable", "simultaneous GDA has eigenvalues 1 ± i eta of modulus sqrt(1 + eta^2) > 1",
               conclusion=_simultaneous_stable),
        Mutant("optimistic-large-step", "for eta >= 0.6 the optimistic recursion has a root outside the unit disc",
               conclusion=_optimistic_stable, instances=gda_cases(eta_min=Fraction(3, 5), eta_max=Fraction(1))),
    ],
    examples=30,
)
test_bilinear_gda_extragradient_optimistic_converge = CONVERGING.test()
