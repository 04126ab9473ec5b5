"""Descent lemma and the rates of gradient descent on smooth convex and strongly convex functions.

Statement.  Let f be L-smooth (``∇²f ⪯ L I`` suffices for the first item).
- Descent lemma: for every step ``eta > 0``, ``f(w - eta ∇f(w)) <= f(w) - eta (1 - L eta/2) ||∇f(w)||^2``;
  so ``0 < eta < 2/L`` gives descent, ``eta <= 1/L`` a decrease of at least ``(eta/2)||∇f||^2`` and
  ``eta = 1/L`` a decrease of ``||∇f||^2/(2L)``.
- Convex f with a minimizer ``w*``, ``eta = 1/L``: for every ``t >= 1``,
  ``f(w_t) - f* <= L ||w_0 - w*||^2 / (2t)``; sharper, ``<= L ||w_0 - w*||^2 / (4t + 2)`` (Drori and
  Teboulle 2014, Thm 3.1 with h = 1), attained with equality at ``t = N`` by a Huber function.
- mu-strongly convex f, ``eta = 1/L``: ``||w_t - w*|| <= (1 - mu/L)^t ||w_0 - w*||`` (attained by
  quadratics along the mu-eigenvector), hence the printed ``||w_t - w*||^2 <= (1 - mu/L)^t ||w_0 - w*||^2``,
  and ``f(w_t) - f* <= (1 - mu/L)^t (f(w_0) - f*)``: ``O(kappa log 1/eps)`` iterations.

Audits.  "Convex: linear rate, rho = 1 - eta mu" fails for merely convex f (the Huber function is
curved at its minimizer but GD on it is sublinear).  The proof line of the descent lemma prints ``(L/2)||eta^2 ∇f||^2`` (an eta^4 term); "GD converges
on convex problems given an appropriate step" fails for nonsmooth convex f (constant-step GD on ``a|x|``
ends in a 2-cycle at distance ~ eta a from the minimizer).

Sources.  Arora et al., §2.1.2 Lemma 2.1.4 (ARORA-14; printed with ``eta < 1/L``, ``<=`` suffices), its
footnote 3 (ARORA-15), §2.4 (ARORA-91), §7.2 claim 1 (ARORA-520); Zhao, after Def. 3.12 (ZHAO-23);
MSML App. C (MSML-349); Teng et al. §4.1 (TENG-18).

Proof ideas.  The descent lemma is the quadratic upper bound ``f(v) <= f(w) + <∇f(w), v - w> +
(L/2)||v - w||^2`` at ``v = w - eta ∇f(w)``.  For the convex rate, combine it with convexity
``f(w) - f* <= <∇f(w), w - w*>`` to get ``f(w_{t+1}) - f* <= (L/2)(||w_t - w*||^2 - ||w_{t+1} - w*||^2)``,
telescope, and use that ``f(w_t)`` decreases.  For strong convexity, ``w - ∇f(w)/L - w* = (I - H̄/L)(w - w*)``
with ``H̄`` the averaged Hessian on the segment, whose eigenvalues lie in ``[mu, L]``; the gap follows from
the descent lemma and ``||∇f||^2 >= 2 mu (f - f*)``.

Tolerances (``eps = 2^-52``).  Each objective bounds the rounding of its value and gradient
(:mod:`checks.smooth`); one computed GD step is within ``2 eps (||w|| + eta ||g||) + eta * grad_error``
of the exact step, and since the exact GD map is nonexpansive for convex f and ``eta <= 2/L`` these add
up to the drift ``D_t``; a value at a drifted point moves by at most ``||∇f|| D_t + L D_t^2/2``.  The
logistic minimizer is certified by strong convexity: ``||ŵ* - w*|| <= (||∇f(ŵ*)|| + grad_error)/mu`` and
``f(ŵ*) - f* <= (||∇f(ŵ*)|| + grad_error)^2/(2 mu)``.
"""

from __future__ import annotations

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, ge, le
from checks.documents import ARORA, MSML, TENG, ZHAO
from checks.linalg import EPS
from checks.smooth import Trajectory, gradient_descent
from checks.strategies.smooth import (Point, Run, abs_runs, convex_runs, descent_points,
                                      strongly_convex_runs)

DRORI_TEBOULLE = "Drori and Teboulle, Performance of first-order methods for smooth convex minimization (2014)"


# ---------------------------------------------------------------------------------------------- descent
def _one_step(p: Point) -> tuple[float, float, float, float]:
    """``(decrease f(w) - f(w+), ||g||^2, tol, L)`` for one computed GD step, with the rounding bound."""
    obj, w, eta = p.obj, p.w, p.eta
    g = obj.grad(w)
    w1 = w - eta * g
    f0, f1 = obj.value(w), obj.value(w1)
    g2 = float(g @ g)
    gn = float(np.sqrt(g2))
    delta = 2 * EPS * (np.linalg.norm(w) + eta * gn)          # rounding of the update
    g1 = float(np.linalg.norm(obj.grad(w1))) + obj.grad_error(w1)
    # value errors at both points + eta * grad_error * ||g|| (computed vs exact gradient in the lemma)
    # + moving the end point by delta + rounding of eta (1 - L eta/2) g2 (relative 8 eps).
    tol = (obj.value_error(w) + obj.value_error(w1) + eta * obj.grad_error(w) * (2 * gn + obj.grad_error(w))
           + (g1 + obj.L * delta) * delta + 8 * EPS * (eta * g2 * (1 + obj.L * eta) + abs(f0) + abs(f1)))
    return f0 - f1, g2, float(tol), obj.L


def descent_checks(p: Point, factor=lambda eta, L: eta * (1 - L * eta / 2)) -> list[Check]:
    dec, g2, tol, L = _one_step(p)
    why = "value/gradient rounding of both points + update rounding"
    out = [ge(dec, factor(p.eta, L) * g2, tol, label=f"decrease >= eta(1 - L eta/2)||g||^2 at eta L = {p.eta * L:.6g}",
              why=why)]
    if p.eta * L <= 1:
        out.append(ge(dec, p.eta / 2 * g2, tol, label="eta <= 1/L: decrease >= (eta/2)||g||^2", why=why))
    out.append(ge(dec, 0.0, tol, label="descent f(w+) <= f(w)", why=why))
    return out


def _printed_proof_line(p: Point) -> Check:
    dec, g2, tol, L = _one_step(p)
    return ge(dec, (p.eta - L / 2 * p.eta ** 4) * g2, tol, label="decrease >= eta||g||^2 - (L/2)||eta^2 g||^2",
              why="as for the descent lemma")


DESCENT = Claim(
    id="descent-lemma",
    title="Descent lemma: one GD step decreases an L-smooth f by eta(1 - L eta/2)||∇f||^2",
    statement="For L-smooth f and 0 < eta < 2/L: f(w - eta∇f(w)) <= f(w) - eta(1 - L eta/2)||∇f(w)||^2 "
              "(so f decreases; by >= (eta/2)||∇f||^2 when eta <= 1/L, and by ||∇f||^2/(2L) at eta = 1/L)",
    sources=[Source(ARORA, "§2.1.2 Lemma 2.1.4 and footnote 3; §7.2 claim 1",
                    ("ARORA-14", "ARORA-15", "ARORA-520")),
             Source(ZHAO, "Ch. 3, after Definition 3.12 (descent step of GD with step 1/B)", ("ZHAO-23",))],
    kind="numeric",
    area="optimization",
    instances=descent_points(),
    conclusion=descent_checks,
    proof_idea="The quadratic upper bound f(v) <= f(w) + <∇f(w), v - w> + (L/2)||v - w||^2 at v = w - eta∇f(w); "
               "equality for a quadratic along its top eigenvector (curvature exactly L).",
    mutants=[
        Mutant("full-step-decrease", "along the top eigenvector the decrease is eta(1 - L eta/2)||g||^2 < eta||g||^2",
               conclusion=lambda p: descent_checks(p, factor=lambda eta, L: eta)),
        Mutant("half-decrease-up-to-2-over-l",
               "for eta in (1/L, 2/L) on (L/2)w^2 the decrease eta(1 - L eta/2)||g||^2 is below (eta/2)||g||^2",
               conclusion=lambda p: descent_checks(p, factor=lambda eta, L: eta / 2)),
        Mutant("descent-up-to-3-over-l", "for eta in (2/L, 3/L) GD on (L/2)w^2 maps w to (1 - eta L)w, |1 - eta L| > 1",
               instances=descent_points(eta_max=3.0)),
    ],
    examples=100,
)
test_descent_lemma = DESCENT.test()

PRINTED_PROOF_LINE = Claim(
    id="descent-lemma-printed-proof-line",
    title="Descent lemma proof as printed: an eta^4 term",
    statement="f(w - eta∇f(w)) <= f(w) - eta||∇f(w)||^2 + (L/2)||eta^2 ∇f(w)||^2 for L-smooth f, 0 < eta <= 1/L",
    sources=[Source(ARORA, "§2.1.2, proof of Lemma 2.1.4", ("ARORA-14",))],
    kind="numeric",
    area="optimization",
    instances=descent_points(eta_max=1.0, closed=True),
    conclusion=_printed_proof_line,
    proof_idea="The quadratic bound has (L/2)||eta ∇f||^2 = (L eta^2/2)||∇f||^2; the eta^4 term is a typo.",
    audit=True,
    corrected="descent-lemma",
    finding="The proof line prints (L/2)||eta^2 ∇f||^2; with eta = 1/L and L > 1 it claims a decrease "
            "||g||^2 (1/L - 1/(2L^3)) > ||g||^2/(2L), which (L/2)w^2 does not achieve.  The next line of the proof "
            "uses the correct (L eta^2/2)||∇f||^2, and the lemma holds (for eta <= 1/L, not only eta < 1/L).",
)
test_descent_lemma_printed_proof_line = PRINTED_PROOF_LINE.test()


# ---------------------------------------------------------------------------------------------- rates
def _run(r: Run) -> tuple[Trajectory, np.ndarray, float, float, float]:
    """The trajectory, ``ŵ*``, ``f(ŵ*)``, the certified radius ``r`` of ``ŵ*`` and the bound on
    ``f(ŵ*) - f*`` (with the value rounding at ``ŵ*``)."""
    tr = gradient_descent(r.obj, r.w0, r.eta, r.steps)
    w_star, f_star, rad = r.obj.minimizer()
    f_err = r.obj.value_error(w_star) + r.obj.mu * rad * rad / 2      # f(ŵ*) - f* <= ||∇f(ŵ*)||^2/(2 mu)
    return tr, w_star, f_star, rad, f_err


def _gap_tol(r: Run, tr: Trajectory, t: int, f_err: float) -> float:
    g = float(np.linalg.norm(tr.g[t])) + r.obj.grad_error(tr.w[t])
    D = tr.drift[t]
    return r.obj.value_error(tr.w[t]) + f_err + g * D + r.obj.L * D * D / 2


def _worst(checks: list[Check]) -> Check:
    return max(checks, key=lambda c: c.ratio)


def convex_checks(r: Run, rate=lambda t: 1 / (2 * t), sharp=lambda t: 1 / (4 * t + 2)) -> list[Check]:
    tr, w_star, f_star, rad, f_err = _run(r)
    R = float(np.linalg.norm(r.w0 - w_star))
    L = r.obj.L
    why = "value rounding + f* error + ||g|| D_t + L D_t^2/2 + radius of w*"
    printed, tight = [], []
    for t in range(1, r.steps + 1):
        gap = tr.f[t] - f_star
        tol = _gap_tol(r, tr, t, f_err) + L * ((R + rad) ** 2 - R ** 2) * rate(t)
        printed.append(le(gap, L * R * R * rate(t), tol, label=f"f(w_t) - f* <= L R^2/(2t) at t = {t}", why=why))
        tol = _gap_tol(r, tr, t, f_err) + L * ((R + rad) ** 2 - R ** 2) * sharp(t)
        tight.append(le(gap, L * R * R * sharp(t), tol, label=f"f(w_t) - f* <= L R^2/(4t+2) at t = {t}", why=why))
    return [_worst(printed), _worst(tight)]


CONVEX_RATE = Claim(
    id="gd-convex-rate",
    title="GD with step 1/L on smooth convex functions: f(w_t) - f* <= L||w_0 - w*||^2/(2t)",
    statement="For convex L-smooth f with a minimizer w* and eta = 1/L, at every t >= 1: "
              "f(w_t) - f* <= L||w_0 - w*||^2/(2t), and the sharper L||w_0 - w*||^2/(4t + 2)",
    sources=[Source(ZHAO, "Ch. 3, after Definition 3.12 (rate of GD for smooth convex F)", ("ZHAO-23",)),
             Source(MSML, "App. C (Theorem 11.1 table: smooth, sublinear O(1/T))", ("MSML-349",)),
             Source(TENG, "§4.1 (corrected: smooth, a minimizer, a step <= 1/L)", ("TENG-18",)),
             Source(DRORI_TEBOULLE, "Theorems 3.1 and 3.2 (h = 1)")],
    kind="proxy",
    proxy="'GD converges at rate O(1/T)' is checked as the explicit bound at every step t <= T <= 60",
    area="optimization",
    instances=convex_runs(),
    conclusion=convex_checks,
    proof_idea="Descent lemma + convexity give f(w_{t+1}) - f* <= (L/2)(||w_t - w*||^2 - ||w_{t+1} - w*||^2); "
               "telescope and use monotonicity.  The Huber function with kink R/(2N+1) attains L R^2/(4N+2).",
    mutants=[
        Mutant("rate-over-t-squared", "plain GD is not accelerated: the worst-case Huber gap is L R^2/(4t+2)",
               conclusion=lambda r: convex_checks(r, rate=lambda t: 1 / (2 * t * t))),
        Mutant("sharp-constant-4t-plus-4", "the Huber function attains L R^2/(4N+2) > L R^2/(4N+4) at t = N",
               conclusion=lambda r: convex_checks(r, sharp=lambda t: 1 / (4 * t + 4))),
        Mutant("step-3-over-l", "with eta = 3/L the component along the eigenvalue L grows by |1 - 3| = 2 per step",
               instances=convex_runs(eta_factor=3.0, max_steps=20)),
    ],
    examples=150,
)
test_gd_convex_rate = CONVEX_RATE.test()


def strongly_convex_checks(r: Run, dist_rate=lambda q, t: q ** t, sq_rate=lambda q, t: q ** t,
                           gap_rate=lambda q, t: q ** t) -> list[Check]:
    tr, w_star, f_star, rad, f_err = _run(r)
    mu, L = r.obj.mu, r.obj.L
    q = 1 - mu / L
    d0 = float(np.linalg.norm(r.w0 - w_star))
    gap0 = tr.f[0] - f_star
    why = "drift D_t + radius of w* (distance); value rounding + f* error + ||g|| D_t + L D_t^2/2 (gap)"
    dist, sq, gap = [], [], []
    for t in range(1, r.steps + 1):
        dt = float(np.linalg.norm(tr.w[t] - w_star))
        e = tr.drift[t] + rad * (1 + dist_rate(q, t))
        dist.append(le(dt, dist_rate(q, t) * d0, e, label=f"||w_t - w*|| <= (1 - mu/L)^t ||w_0 - w*|| at t = {t}",
                       why=why))
        e2 = (tr.drift[t] + rad) * (2 * dt + tr.drift[t] + rad) + sq_rate(q, t) * rad * (2 * d0 + rad)
        sq.append(le(dt * dt, sq_rate(q, t) * d0 * d0, e2,
                     label=f"||w_t - w*||^2 <= (1 - mu/L)^t ||w_0 - w*||^2 at t = {t}", why=why))
        eg = _gap_tol(r, tr, t, f_err) + gap_rate(q, t) * (r.obj.value_error(r.w0) + f_err)
        gap.append(le(tr.f[t] - f_star, gap_rate(q, t) * gap0, eg,
                      label=f"f(w_t) - f* <= (1 - mu/L)^t (f(w_0) - f*) at t = {t}", why=why))
    return [_worst(dist), _worst(sq), _worst(gap)]


STRONG_RATE = Claim(
    id="gd-strongly-convex-rate",
    title="GD with step 1/L on mu-strongly convex L-smooth functions contracts by 1 - mu/L",
    statement="For mu-strongly convex L-smooth f and eta = 1/L, at every t: ||w_t - w*|| <= (1 - mu/L)^t||w_0 - w*||, "
              "||w_t - w*||^2 <= (1 - mu/L)^t||w_0 - w*||^2 and f(w_t) - f* <= (1 - mu/L)^t (f(w_0) - f*)",
    sources=[Source(MSML, "App. C (strongly convex + smooth: linear rate; T = O(kappa log 1/eps))", ("MSML-349",)),
             Source(ARORA, "§2.4 (condition number governs GD for strongly convex functions)", ("ARORA-91",))],
    kind="proxy",
    proxy="'linear convergence, O(kappa log 1/eps) iterations' is checked as the explicit contraction at every "
          "step t <= 80",
    area="optimization",
    instances=strongly_convex_runs(),
    conclusion=strongly_convex_checks,
    proof_idea="w_{t+1} - w* = (I - H̄/L)(w_t - w*) with H̄ the Hessian averaged on the segment, spectrum in [mu, L]; "
               "the gap from the descent lemma and the Polyak–Łojasiewicz inequality ||∇f||^2 >= 2mu(f - f*).",
    mutants=[
        Mutant("accelerated-rate", "plain GD along the mu-eigenvector contracts by exactly 1 - mu/L > 1 - sqrt(mu/L)",
               conclusion=lambda r: strongly_convex_checks(r, dist_rate=lambda q, t: (1 - np.sqrt(1 - q)) ** t)),
        Mutant("squared-distance-cubed", "on a quadratic along the mu-eigenvector ||w_t - w*||^2 shrinks by exactly "
               "(1 - mu/L)^{2t}, not (1 - mu/L)^{3t}",
               conclusion=lambda r: strongly_convex_checks(r, sq_rate=lambda q, t: q ** (3 * t))),
        Mutant("step-2-over-l", "with eta = 2/L the component along the eigenvalue L flips sign and never shrinks",
               instances=strongly_convex_runs(eta_factor=2.0)),
    ],
    examples=60,
)
test_gd_strongly_convex_rate = STRONG_RATE.test()


def _converges_printed(r: Run) -> Check:
    tr = gradient_descent(r.obj, r.w0, r.eta, r.steps)
    x0 = float(abs(r.w0[0]))
    bound = x0 * x0 / (2 * r.eta * r.steps)
    tol = 8 * EPS * r.steps * (tr.f[0] + 1)
    return le(tr.f[-1], bound, tol, label="f(x_T) - f* <= |x_0 - x*|^2/(2 eta T)", why="8 eps T (f_0 + 1)")


CONVERGES_PRINTED = Claim(
    id="gd-converges-convex-printed",
    title="'For convex problems GD converges to the global minimum (appropriate step)' as printed",
    statement="For convex f with a minimizer and a small constant step (eta <= 1/(2a) on a x^2 and a|x|), "
              "GD converges, checked as f(x_T) - f* <= |x_0 - x*|^2/(2 eta T) (the smooth-case rate)",
    sources=[Source(TENG, "§4.1", ("TENG-18",))],
    kind="proxy",
    proxy="'converges' is checked as the O(1/T) bound that the corrected (smooth) statement gives, at T <= 60",
    area="optimization",
    instances=abs_runs(),
    conclusion=_converges_printed,
    proof_idea="For nonsmooth f the subgradient does not vanish near the minimizer, so a constant step overshoots.",
    audit=True,
    corrected="gd-convex-rate",
    finding="Constant-step GD on the convex nonsmooth a|x| ends in a 2-cycle around 0 with f ~ eta a^2, not "
            "converging; e^x (convex, smooth, no minimizer) is another counterexample.  Corrected: f convex, "
            "L-smooth, with a minimizer, eta <= 1/L gives f(w_t) - f* <= L||w_0 - w*||^2/(2t).",
)
test_gd_converges_convex_printed = CONVERGES_PRINTED.test()


def _linear_rate_printed(r: Run) -> Check:
    tr, w_star, f_star, rad, f_err = _run(r)
    mu = float(np.linalg.eigvalsh(r.obj.hessian(w_star))[0])    # the curvature at the minimizer
    q = max(1 - r.eta * mu, 0.0)
    gap0 = tr.f[0] - f_star
    checks = [le(tr.f[t] - f_star, q ** t * gap0, _gap_tol(r, tr, t, f_err) + q ** t * (r.obj.value_error(r.w0) + f_err),
                 label=f"f(w_t) - f* <= (1 - eta mu)^t (f(w_0) - f*), mu = λ_min(∇²f(w*)) = {mu:.6g}, t = {t}",
                 why="as for gd-convex-rate")
              for t in range(1, r.steps + 1)]
    return _worst(checks)


LINEAR_RATE_PRINTED = Claim(
    id="gd-convex-linear-rate-printed",
    title="'Convex: linear rate O(rho^T), rho = 1 - eta mu' as printed",
    statement="For convex L-smooth f with a minimizer and eta = 1/L, f(w_t) - f* <= (1 - eta mu)^t (f(w_0) - f*), "
              "reading mu as the bottom Hessian eigenvalue at the minimizer (the document's own gloss of mu)",
    sources=[Source(MSML, "App. C, GD convergence (Theorem 11.1) 'Convex: linear rate'; C.9 'bottom Hessian "
                          "eigenvalue ≈ strong convexity mu'", ("MSML-349",))],
    kind="proxy",
    proxy="'linear rate O(rho^T)' is checked as the explicit bound rho^t (f(w_0) - f*) at every t <= 60",
    area="optimization",
    instances=convex_runs(),
    conclusion=_linear_rate_printed,
    proof_idea="Curvature at the minimizer is local: a convex f may be flat (linear) away from it, where GD moves "
               "at a constant speed, so the gap decays like 1/t.",
    audit=True,
    corrected="gd-strongly-convex-rate",
    finding="A linear rate needs mu-strong convexity everywhere (mu > 0); for merely convex f the global modulus is "
            "0, so rho = 1 and the line says nothing, and the local curvature at the minimizer does not give a linear "
            "rate: the worst-case Huber function (curvature L at its minimizer) has gap L R^2/(4t+2) at t = N, not "
            "(1 - 1)^t = 0.  Corrected: mu-strongly convex + L-smooth gives (1 - eta mu)^t; convex + smooth gives O(1/t).",
)
test_gd_convex_linear_rate_printed = LINEAR_RATE_PRINTED.test()
