"""Escaping saddle points: gradient descent near a strict saddle, coupled runs, perturbations, SGD noise.

Statement.  Perturbed gradient descent (Jin et al.) on an ell-smooth, rho-Hessian-Lipschitz f finds an
eps-second-order stationary point (||∇f|| <= eps, lambda_min(∇²f) >= -sqrt(rho eps)) in
O~(ell (f(x_0) - f*)/eps^2) steps w.h.p.  Its finite ingredients, checked exactly on quadratic saddles
``f = x^T H x / 2`` with one negative eigenvalue ``-gamma`` (escape direction e) and step ``eta <= 1/ell``:
- GD multiplies the e-component by ``1 + eta gamma`` each step: from component ``c != 0`` it reaches
  distance ``R`` after exactly ``T* = ceil(log(R/|c|)/log(1 + eta gamma))`` steps, and
  ``T* <= (1 + 1/(eta gamma)) log(R/|c|) + 1`` (the ``kappa log`` escape time, ``kappa = ell/gamma``);
  from the stable manifold (``c = 0``) GD converges to the saddle.
- Coupling: two runs whose starts differ by ``eta omega e`` satisfy ``x_t - x'_t = (I - eta H)^t (x_0 - x'_0)``,
  ``||x_t - x'_t|| = (1 + eta gamma)^t eta omega``, so one of them moves by ``((1 + eta gamma)^t - 1) eta omega/2``.
- Improve or localize: for ell-smooth f and ``eta <= 1/ell``, ``||x_tau - x_0||^2 <= 2 eta t (f(x_0) - f(x_t))``
  for all ``tau <= t``.
- The stuck band: a uniform point of a radius-r ball lies in a set of width ``omega`` along e with probability
  ``<= (omega/(r sqrt(pi))) Γ(d/2 + 1)/Γ(d/2 + 1/2) <= (omega/r) sqrt(d/pi)``; central slabs are the worst case.

Audits.  "SGD noise is isotropic, so SGD escapes saddles almost surely": finite-sum noise lies in the span
of the per-example gradient deviations; if those are orthogonal to e, SGD from the stable manifold never
leaves it.  "A second-order stationary point is (w.h.p.) a local minimum": x^3 and -x^4 at 0 are SOSPs
and not minima (so is the monkey saddle x^3 - 3xy^2); only a non-singular Hessian, or the strict-saddle
property of f, makes an SOSP a local minimum.

Sources.  Arora et al., Ch. 7: Theorem 7.2.1 (ARORA-521), Lemma 7.3.1 (ARORA-522), Lemma 7.3.2
(ARORA-523), §7.3.2 volume bound (ARORA-524), Lemma 7.3.3 and its proof (ARORA-525, ARORA-526);
Teng et al. §5.2-5.3 (TENG-26, TENG-27, TENG-28).

Proof ideas.  In the eigenbasis GD is ``z_i <- (1 - eta h_i) z_i``; ``|1 - eta h_i| <= 1`` for
``0 < h_i <= ell <= 1/eta`` and ``1 - eta h_0 = 1 + eta gamma``.  Improve or localize: the descent lemma gives
``f(x_s) - f(x_{s+1}) >= (eta/2)||∇f(x_s)||^2 = ||x_{s+1} - x_s||^2/(2 eta)``; Cauchy-Schwarz over ``tau``
steps and ``f(x_tau) >= f(x_t)``.  The band bound slices the ball by lines parallel to e: each meets the
set in length ``<= omega`` and the slices' cross-section is the ``(d-1)``-ball.

Everything except the band probability is exact (Fractions); the band probability uses the regularized
incomplete Beta function and log-Gamma, with relative rounding ``<= 64 eps``.
"""

from __future__ import annotations

import math
from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.documents import ARORA, TENG
from checks.landscape import separable_type
from checks.linalg import EPS
from checks.saddles import (band_probability_bound, central_slab_probability, dot, escape_time, gd_quadratic,
                            matvec, quadratic_hessian, quadratic_value, sgd_quadratic_paths)
from checks.strategies.saddles import (BandProbe, QuadraticSaddle, SeparablePolynomial, SGDSaddle,
                                       SmoothQuadratic, band_probes, quadratic_saddles, separable_polynomials,
                                       smooth_quadratics, sgd_saddles)

_LOG_TOL = "relative rounding of two float logs and a division: 16 eps * value"


# ---------------------------------------------------------------------------------------------- GD at a saddle
def _horizon(s: QuadraticSaddle) -> int:
    return escape_time(s.c, 1 + s.eta * s.gamma, s.R) if s.c != 0 else 40


def gd_saddle_checks(s: QuadraticSaddle, growth=lambda eg: 1 + eg, slack: bool = True,
                     assume_c_one: bool = False, bounded: bool = False) -> list[Check]:
    T = _horizon(s)
    xs = gd_quadratic(s.H, s.x0, s.eta, T)
    e = tuple(s.Q[i][0] for i in range(len(s.h)))
    eg = s.eta * s.gamma
    stable0 = sum(v * v for v in s.stable)
    q = max(abs(1 - s.eta * v) for v in s.h[1:])
    out: list[Check] = []
    for t, x in enumerate(xs):
        comp = dot(x, e)
        out.append(equal(comp, growth(eg) ** t * s.c, label=f"e-component at t={t} = (1 + eta gamma)^t c"))
        st2 = dot(x, x) - comp * comp
        out.append(le(st2, q ** (2 * t) * stable0, label=f"stable part at t={t} <= q^t ||stable_0|| "
                                                         f"(q = max|1 - eta h_i| = {q})"))
        out.append(le(st2, stable0, label=f"stable part at t={t} does not grow"))
        if bounded:
            out.append(le(dot(x, x), dot(xs[0], xs[0]), label=f"||x_{t}|| <= ||x_0||"))
    if s.c != 0:
        L = math.log(float(s.R / abs(s.c)))
        lo = L / math.log1p(float(eg))
        out.append(holds(abs(dot(xs[-1], e)) >= s.R and all(abs(dot(x, e)) < s.R for x in xs[:-1]),
                         label=f"first escape to R at T* = {T}"))
        out.append(ge(T, lo, 16 * EPS * lo, label="T* >= log(R/|c|)/log(1 + eta gamma)", why=_LOG_TOL))
        out.append(le(T, lo + 1, 16 * EPS * lo, label="T* <= log(R/|c|)/log(1 + eta gamma) + 1", why=_LOG_TOL))
        if assume_c_one:
            bound = math.log(float(s.R)) / math.log1p(float(eg)) + 1
            out.append(le(T, bound, 16 * EPS * bound, label="T* <= log(R)/log(1 + eta gamma) + 1", why=_LOG_TOL))
        kb = (1 + 1 / float(eg)) * L + 1 if slack else L / float(eg)
        out.append(le(T, kb, 16 * EPS * kb, label="T* <= kappa log(R/|c|) escape time", why=_LOG_TOL))
    return out


GD_SADDLE = Claim(
    id="saddle-escape-gd-quadratic",
    title="GD at a quadratic strict saddle: exact exponential escape, and convergence from the stable manifold",
    statement="For f = x^T H x/2 with eigenvalues -gamma < 0 < h_i <= ell and eta <= 1/ell: the component of x_t "
              "along the negative eigenvector is (1 + eta gamma)^t c exactly, the stable part contracts by "
              "max|1 - eta h_i| per step; from c != 0 the iterate first reaches distance R at "
              "T* = ceil(log(R/|c|)/log(1 + eta gamma)) <= (1 + 1/(eta gamma)) log(R/|c|) + 1 steps, and from c = 0 "
              "(the stable manifold) it converges to the saddle",
    sources=[Source(TENG, "§5.2 (GD converges to a saddle from its stable manifold)", ("TENG-26",)),
             Source(ARORA, "Theorem 7.2.1 and Lemma 7.3.1 (escape time kappa log; finite proxy on quadratics)",
                    ("ARORA-521", "ARORA-522")),
             Source(ARORA, "proof of Lemma 7.3.3, growth (1 + eta gamma)^t of the quadratic part", ("ARORA-526",))],
    kind="numeric",
    area="optimization",
    instances=quadratic_saddles(),
    conclusion=gd_saddle_checks,
    proof_idea="In the eigenbasis GD multiplies coordinate i by 1 - eta h_i; the negative eigenvalue gives "
               "1 + eta gamma > 1, the others |1 - eta h_i| <= 1; log(1 + x) >= x/(1 + x) bounds T*.",
    mutants=[
        Mutant("growth-one-minus-eta-gamma", "the e-component grows by 1 + eta gamma, not 1 - eta gamma "
               "(the sign error of the q-bound display)", conclusion=lambda s: gd_saddle_checks(s, growth=lambda eg: 1 - eg)),
        Mutant("escape-time-without-log-slack", "log(1 + x) < x, so T* >= log(R/|c|)/log(1 + eta gamma) > "
               "log(R/|c|)/(eta gamma)", conclusion=lambda s: gd_saddle_checks(s, slack=False)),
        Mutant("escape-time-independent-of-c", "T* grows like log(1/|c|)/log(1 + eta gamma): a start 2^-20 "
               "off the manifold needs many more steps", conclusion=lambda s: gd_saddle_checks(s, assume_c_one=True)),
        Mutant("every-start-converges", "a start with c != 0 escapes: ||x_t|| grows without bound",
               conclusion=lambda s: gd_saddle_checks(s, bounded=True)),
        Mutant("step-above-two-over-ell", "for eta h_i > 2 the stable coordinate grows by |1 - eta h_i| > 1",
               instances=quadratic_saddles(eta_fracs=(Fraction(3), Fraction(9, 4)))),
    ],
    examples=60,
)
test_saddle_escape_gd_quadratic = GD_SADDLE.test()


# ---------------------------------------------------------------------------------------------- coupling
def coupling_checks(s: QuadraticSaddle, along: int = 0, growth=lambda eg: 1 + eg) -> list[Check]:
    d = len(s.h)
    omega = Fraction(1, 2 ** 10)
    e = tuple(s.Q[i][along] for i in range(d))
    x0 = s.x0
    x0p = tuple(a - s.eta * omega * b for a, b in zip(x0, e))
    eg = s.eta * s.gamma
    g = growth(eg)
    # horizon: the guaranteed displacement ((1 + eta gamma)^t - 1) eta omega/2 passes 4 R
    T = escape_time(s.eta * omega / 2, 1 + eg, 4 * s.R + s.eta * omega / 2)
    H = s.H
    xs, ys = gd_quadratic(H, x0, s.eta, T), gd_quadratic(H, x0p, s.eta, T)
    out: list[Check] = []
    diff = tuple(a - b for a, b in zip(x0, x0p))
    for t in range(T + 1):
        dt = tuple(a - b for a, b in zip(xs[t], ys[t]))
        out.append(equal(dt, diff, label=f"x_{t} - x'_{t} = (I - eta H)^t (x_0 - x'_0)"))
        diff = tuple(a - s.eta * b for a, b in zip(diff, matvec(H, diff)))
        out.append(equal(dot(dt, dt), (g ** t * s.eta * omega) ** 2, label=f"||x_{t} - x'_{t}|| = (1 + eta gamma)^t eta omega"))
        m2 = max(dot(*(2 * (tuple(a - b for a, b in zip(xs[t], x0)),))), dot(*(2 * (tuple(a - b for a, b in zip(ys[t], x0p)),))))
        out.append(ge(4 * m2, ((g ** t - 1) * s.eta * omega) ** 2,
                      label=f"max(||x_{t} - x_0||, ||x'_{t} - x'_0||) >= ((1 + eta gamma)^t - 1) eta omega/2"))
    return out


COUPLING = Claim(
    id="saddle-escape-coupling",
    title="Coupled GD runs at a saddle: starts differing along the negative eigenvector separate exponentially",
    statement="For f = x^T H x/2 with H e = -gamma e (||e|| = 1) and eta <= 1/ell, runs from x_0 and "
              "x'_0 = x_0 - eta omega e satisfy x_t - x'_t = (I - eta H)^t (x_0 - x'_0) and ||x_t - x'_t|| = "
              "(1 + eta gamma)^t eta omega, so max(||x_t - x_0||, ||x'_t - x'_0||) >= ((1 + eta gamma)^t - 1) eta omega/2: "
              "at most one of the two stays near the saddle, and the stuck set has width <= eta omega along e",
    sources=[Source(ARORA, "Lemma 7.3.3 (coupling sequences) and its proof (difference recursion, "
                           "Delta_t = 0 for quadratics)", ("ARORA-525", "ARORA-526"))],
    kind="exact",
    area="optimization",
    instances=quadratic_saddles(),
    conclusion=coupling_checks,
    proof_idea="The GD map of a quadratic is linear, so differences follow the same map; the difference is an "
               "eigenvector of I - eta H with eigenvalue 1 + eta gamma; the triangle inequality splits it.",
    mutants=[
        Mutant("difference-along-stable-direction", "starts on the stable manifold differing along a "
               "positive-curvature eigenvector both converge to the saddle and never separate",
               conclusion=lambda s: coupling_checks(s, along=1), instances=quadratic_saddles(stable_manifold=True)),
        Mutant("separation-one-minus-eta-gamma", "the difference grows by 1 + eta gamma per step, not 1 - eta gamma",
               conclusion=lambda s: coupling_checks(s, growth=lambda eg: 1 - eg)),
    ],
    examples=30,
)
test_saddle_escape_coupling = COUPLING.test()


# ---------------------------------------------------------------------------------------------- improve or localize
def localize_checks(q: SmoothQuadratic, factor: Fraction = Fraction(2), with_t: bool = True) -> list[Check]:
    H = quadratic_hessian(q.Q, q.h)
    xs = gd_quadratic(H, q.x0, q.eta, q.t)
    f0, ft = quadratic_value(H, xs[0]), quadratic_value(H, xs[-1])
    rhs = factor * q.eta * (q.t if with_t else 1) * (f0 - ft)
    out = []
    for tau in range(1, q.t + 1):
        d = tuple(a - b for a, b in zip(xs[tau], xs[0]))
        out.append(le(dot(d, d), rhs, label=f"||x_{tau} - x_0||^2 <= 2 eta t (f(x_0) - f(x_t)), t = {q.t}"))
    return out


LOCALIZE = Claim(
    id="saddle-escape-improve-or-localize",
    title="Improve or localize: GD that barely decreases f barely moves",
    statement="For ell-smooth f and GD with eta <= 1/ell: ||x_tau - x_0||^2 <= 2 eta t (f(x_0) - f(x_t)) for all "
              "1 <= tau <= t (checked exactly on quadratics with spectrum in [-ell, ell], indefinite included)",
    sources=[Source(ARORA, "Lemma 7.3.2 (improve or localize)", ("ARORA-523",))],
    kind="exact",
    area="optimization",
    instances=smooth_quadratics(),
    conclusion=localize_checks,
    proof_idea="Each step decreases f by >= (eta/2)||∇f||^2 = ||x_{s+1} - x_s||^2/(2 eta); Cauchy-Schwarz gives "
               "||x_tau - x_0||^2 <= tau sum ||x_{s+1} - x_s||^2 <= 2 eta tau (f(x_0) - f(x_tau)) and tau <= t, "
               "f(x_tau) >= f(x_t).  Equality: H = ell I, eta = 1/ell, t = tau = 1.",
    mutants=[
        Mutant("factor-two-dropped", "H = ell I, eta = 1/ell, t = 1 gives ||x_1 - x_0||^2 = 2 eta (f(x_0) - f(x_1))",
               conclusion=lambda q: localize_checks(q, factor=Fraction(1))),
        Mutant("t-dropped", "with small curvature x moves t eta ||g|| while the decrease is only ~ t eta ||g||^2",
               conclusion=lambda q: localize_checks(q, with_t=False)),
        Mutant("step-up-to-two-over-ell", "for eta ell = 1.9 on (ell/2)x^2 the step overshoots: "
               "||x_1 - x_0||^2 = 3.61 x^2 > 2 eta (f(x_0) - f(x_1)) = 0.36 x^2",
               instances=smooth_quadratics(eta_lo=Fraction(1), eta_hi=Fraction(2))),
    ],
    examples=80,
)
test_saddle_escape_improve_or_localize = LOCALIZE.test()


# ---------------------------------------------------------------------------------------------- stuck band
def band_checks(p: BandProbe, scale: float = 1.0, final: float = 1.0, gamma_ratio: bool = True) -> list[Check]:
    P = central_slab_probability(p.d, p.w)
    b1 = band_probability_bound(p.d, p.w) if gamma_ratio else p.w / math.sqrt(math.pi)
    b1 *= scale
    b2 = final * p.w * math.sqrt(p.d / math.pi)
    why = "betainc and exp(gammaln) relative rounding: 64 eps * value"
    return [le(P, b1, 64 * EPS * (P + b1), label=f"Pr(slab) <= width * Vol(B^(d-1))/Vol(B^d), d={p.d}", why=why),
            le(P, b2, 64 * EPS * (P + b2), label="Pr(slab) <= (omega/r) sqrt(d/pi)", why=why)]


BAND = Claim(
    id="saddle-escape-stuck-band-probability",
    title="A uniform perturbation rarely lands in a thin band: volume-ratio bound",
    statement="For u uniform in a radius-r ball of R^d and a set of width <= omega along a unit vector, "
              "Pr <= (omega/(r sqrt(pi))) Γ(d/2 + 1)/Γ(d/2 + 1/2) <= (omega/r) sqrt(d/pi); checked on central slabs "
              "(exact probability I_{(omega/2r)^2}(1/2, (d+1)/2)), the worst case, with equality at d = 1",
    sources=[Source(ARORA, "§7.3.2, Pr(x_0 in X_stuck) display", ("ARORA-524",))],
    kind="numeric",
    area="optimization",
    instances=band_probes(),
    conclusion=band_checks,
    proof_idea="Slice the ball by lines parallel to e: each meets the set in length <= omega, and the slices are "
               "indexed by the (d-1)-ball; Vol(B^{d-1})/Vol(B^d) = Γ(d/2 + 1)/(sqrt(pi) Γ(d/2 + 1/2)) <= sqrt(d/pi).",
    mutants=[
        Mutant("final-bound-sqrt-d-over-2pi", "Γ(d/2 + 1)/Γ(d/2 + 1/2) > sqrt(d/2), so thin central slabs exceed "
               "(omega/r) sqrt(d/(2 pi))", conclusion=lambda p: band_checks(p, final=1 / math.sqrt(2))),
        Mutant("gamma-ratio-dropped", "for d >= 2 the Gamma ratio exceeds 1 and thin slabs exceed omega/(r sqrt(pi))",
               conclusion=lambda p: band_checks(p, gamma_ratio=False)),
        Mutant("half-width", "the bound with width omega/2 is half the probability of a thin slab",
               conclusion=lambda p: band_checks(p, scale=0.5)),
    ],
    examples=80,
)
test_saddle_escape_stuck_band_probability = BAND.test()


# ---------------------------------------------------------------------------------------------- SGD noise
def _paths(s: SGDSaddle):
    return sgd_quadratic_paths(s.h, s.cs, s.theta0, s.eta, s.steps)


def sgd_printed(s: SGDSaddle) -> Check:
    if s.theta0[0] != 0:
        return holds(True, "start off the stable manifold (nothing claimed)")
    stuck = [seq for seq, path in _paths(s) if all(th[0] == 0 for th in path)]
    return holds(not stuck, label="every SGD path leaves the stable manifold {theta_1 = 0}",
                 detail=f"paths that stay exactly on it: {stuck[:3]}")


SGD_PRINTED = Claim(
    id="saddle-escape-sgd-isotropic-noise",
    title="'SGD noise is isotropic, so SGD escapes saddles' as printed",
    statement="SGD noise has (almost surely) a non-zero component along the negative-curvature direction, so "
              "SGD started at a saddle's stable manifold leaves it",
    sources=[Source(TENG, "§5.3.1 (SGD noise and saddle escape)", ("TENG-27",))],
    kind="exact",
    area="optimization",
    instances=sgd_saddles(),
    conclusion=sgd_printed,
    proof_idea="The minibatch noise of a finite sum lies in span{∇l_i - ∇L}; it need not touch e.",
    audit=True,
    corrected="saddle-escape-sgd-noise-direction",
    finding="False: for l_i(θ) = θ^T diag(h) θ/2 + c_i^T θ with h_1 < 0 and every c_i ⊥ e_1 (e.g. h = (-1, 1), "
            "c = ±(1, 0) style with the first coordinate 0), SGD from θ_1 = 0 keeps θ_1 = 0 exactly on every path. "
            "Corrected: escape needs noise with a component along the escape direction (isotropic perturbations as "
            "in PGD, or v^T Σ v > 0).",
)
test_saddle_escape_sgd_isotropic_noise = SGD_PRINTED.test()


def sgd_direction_checks(s: SGDSaddle, noise_matters: bool = True) -> list[Check]:
    paths = _paths(s)
    eg = -s.eta * s.h[0]
    out = []
    for seq, path in paths:
        for t in range(len(seq)):
            out.append(equal(path[t + 1][0], (1 + eg) * path[t][0] - s.eta * s.cs[seq[t]][0],
                             label=f"theta_1 recursion along {seq} at t={t}"))
    stays = all(th[0] == 0 for _, path in paths for th in path)
    cond = s.theta0[0] == 0 and (not noise_matters or all(c[0] == 0 for c in s.cs))
    out.append(equal(stays, cond, label="SGD stays on {theta_1 = 0} on every path iff theta_0 and every c_i are ⊥ e_1"))
    return out


SGD_DIRECTION = Claim(
    id="saddle-escape-sgd-noise-direction",
    title="SGD leaves a saddle's stable manifold only through noise along the escape direction",
    statement="For l_i(θ) = θ^T diag(h) θ/2 + c_i^T θ with h_1 = -gamma < 0, the SGD iterate's first coordinate obeys "
              "θ_1 <- (1 + eta gamma) θ_1 - eta c_{i,1}; SGD stays on {θ_1 = 0} along every index sequence iff "
              "θ_{0,1} = 0 and every c_i ⊥ e_1",
    sources=[Source(TENG, "§5.3.1, corrected (noise must have a component along v_min)", ("TENG-27",))],
    kind="exact",
    area="optimization",
    instances=sgd_saddles(),
    conclusion=sgd_direction_checks,
    proof_idea="The Hessian is diagonal, so coordinate 1 evolves on its own; an example with c_{i,1} != 0 pushes "
               "θ_1 off 0 at the first step it is drawn.",
    mutants=[Mutant("noise-irrelevant", "an example with c_{i,1} != 0 drawn first moves θ_1 to -eta c_{i,1} != 0",
                    conclusion=lambda s: sgd_direction_checks(s, noise_matters=False))],
    examples=60,
)
test_saddle_escape_sgd_noise_direction = SGD_DIRECTION.test()


# ---------------------------------------------------------------------------------------------- SOSP vs local min
def _sosp(p: SeparablePolynomial) -> tuple[bool, bool]:
    """(0 is an SOSP, the Hessian at 0 is non-singular): the Hessian is diag(2 c_i [k_i = 2])."""
    diag = [2 * c if k == 2 else Fraction(0) for c, k in zip(p.coefficients, p.exponents)]
    return all(v >= 0 for v in diag), all(v != 0 for v in diag)


def sosp_printed(p: SeparablePolynomial) -> Check:
    psd, _ = _sosp(p)
    kind = separable_type(p.coefficients, p.exponents)
    return holds(not psd or kind == "min", label="an SOSP (∇f = 0, ∇²f ⪰ 0) is a local minimum",
                 detail=f"0 is a {kind}")


SOSP_PRINTED = Claim(
    id="saddle-escape-sosp-is-local-min",
    title="'A second-order stationary point is a local minimum' as printed",
    statement="A second-order stationary point (∇f = 0, ∇²f ⪰ 0) is (with high probability) a local minimum",
    sources=[Source(TENG, "§5.3.2 (definition of SOSP)", ("TENG-28",))],
    kind="exact",
    area="optimization",
    instances=separable_polynomials(),
    conclusion=sosp_printed,
    proof_idea="Second-order conditions are silent when the Hessian is singular: x^3 at 0 is an SOSP and a saddle.",
    audit=True,
    corrected="saddle-escape-sosp-nonsingular",
    finding="False: f(x) = x^3 (or -x^4, or the monkey saddle x^3 - 3xy^2) has ∇f(0) = 0, ∇²f(0) = 0 ⪰ 0, and 0 "
            "is not a local minimum; nothing probabilistic changes the type of a point.  Corrected: an SOSP with "
            "a non-singular Hessian is a strict local minimum, so under the strict-saddle property PGD's SOSPs are "
            "local minima.",
)
test_saddle_escape_sosp_is_local_min = SOSP_PRINTED.test()


def sosp_corrected(p: SeparablePolynomial, need_nonsingular: bool = True, singular_never_min: bool = False) -> Check:
    psd, nonsing = _sosp(p)
    kind = separable_type(p.coefficients, p.exponents)
    if singular_never_min:
        return holds(not (psd and not nonsing) or kind != "min", label="an SOSP with singular Hessian is not a minimum",
                     detail=f"0 is a {kind}")
    hyp = psd and (nonsing or not need_nonsingular)
    return holds(not hyp or kind == "min", label="SOSP with non-singular Hessian => local minimum",
                 detail=f"0 is a {kind}")


SOSP_CORRECTED = Claim(
    id="saddle-escape-sosp-nonsingular",
    title="An SOSP with a non-singular Hessian is a strict local minimum",
    statement="If ∇f(x) = 0 and ∇²f(x) ⪰ 0 is non-singular (so ≻ 0), x is a strict local minimum; a non-minimum "
              "SOSP has a singular Hessian (checked exactly on separable polynomials sum c_i x_i^{k_i} at 0)",
    sources=[Source(TENG, "§5.3.2, corrected (strict-saddle property)", ("TENG-28",))],
    kind="exact",
    area="optimization",
    instances=separable_polynomials(),
    conclusion=sosp_corrected,
    proof_idea="Taylor: f(x + v) - f(x) = v^T ∇²f v/2 + o(||v||^2) > 0 for small v != 0 when ∇²f ≻ 0.",
    mutants=[Mutant("psd-suffices", "x^3 at 0: the Hessian 0 is PSD and 0 is a saddle",
                    conclusion=lambda p: sosp_corrected(p, need_nonsingular=False)),
             Mutant("singular-never-min", "x^4 at 0: singular Hessian and a strict minimum",
                    conclusion=lambda p: sosp_corrected(p, singular_never_min=True),
                    instances=separable_polynomials(even_positive=True))],
    examples=60,
)
test_saddle_escape_sosp_nonsingular = SOSP_CORRECTED.test()
