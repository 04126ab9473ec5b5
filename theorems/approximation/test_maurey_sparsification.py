"""Barron's dimension-free O(1/k) rate through Maurey's sparsification and the greedy
(Jones–Barron) iteration, with the Barron norm of a cosine mode and of a Gaussian bump.

Statement.
- Maurey: in a Hilbert space let ``X = E V`` for a random ``V`` in a set with ``sup ‖v‖ <= B``.  For
  i.i.d. copies ``V_1..V_k``, ``E‖X − (1/k)ΣV_j‖² = (E‖V‖² − ‖X‖²)/k <= (B² − ‖X‖²)/k``, hence some
  ``k`` atoms (with repetition) have ``‖X − (1/k)Σv_j‖² <= (B² − ‖X‖²)/k``.
- Greedy: with ``c = E‖V − X‖²``, ``g_1`` the atom nearest ``X`` and ``g_i = λg_{i−1} + (1−λ)v`` the best
  over ``λ ∈ [0, 1]`` and atoms ``v``: ``a_i = ‖g_i − X‖² <= a_{i−1}c/(a_{i−1} + c)``, so ``a_k <= c/k``.
- Barron: for ``f`` with ``C_f = ∫‖ω‖|f̂(ω)|dω < ∞`` (``f(x) = ∫e^{2πi⟨ω,x⟩}f̂(ω)dω``), ``K ⊂ B_r`` and any
  probability ``µ`` on ``K``: ``f − f(0)`` is a signed mixture of halfspace indicators of total mass
  ``M <= 4πrC_f``, so ``c_0 + k`` threshold units reach ``∫|f − f_k|²dµ <= M²/k <= (4πrC_f)²/k``
  (``(2rC'_f)²/k`` with ``C'_f = 2πC_f``; for ``sin(πx)`` on ``[−1, 1]``, ``C'_f = π``).  The constant
  depends on ``d`` only through ``r`` (``r = √d/2`` for the cube ``[0, 1]^d``).
- ``cos(2πq uᵀx)`` has ``C_f = q‖u‖``; ``exp(−‖x‖²/2)`` has ``f̂ = (2π)^{d/2}e^{−2π²‖ω‖²}`` and
  ``C_f = √2 Γ((d+1)/2)/(2π Γ(d/2)) < √d/(2π)``, the ratio increasing to 1.

Sources.  Zhao, *From Approximation to Emergence*, §2.5 (ZHAO-7, Barron's theorem; its constant 'depends on
... the bounded domain', which is right: it is (4πr)², not free of r),
Example 2.13 (ZHAO-8), §3.2.1 eq. (3.1) (ZHAO-10), Fig. 3.6 (ZHAO-12), Maurey's lemma and the greedy
proof near Fig. 3.7 (ZHAO-13, ZHAO-14); *The Mathematical Structure of Machine Learning*, Ch. 24,
line 1585 (MSML-331: the Barron rate for ``sin(πx)``, and its cost arithmetic, audited).

Proof idea.  Maurey: the cross terms of ``‖(1/k)Σ(V_j − X)‖²`` vanish by independence and
``E(V − X) = 0``.  Greedy: the best step is no worse than the average over ``v ~ V`` at a fixed ``λ``,
``λ²a + (1−λ)²c``, minimized at ``λ = c/(a + c)``; ``1/a_i >= 1/a_{i−1} + 1/c`` gives ``c/k``.
Barron: ``f(x) − f(0) = ∫[cos(2π⟨ω,x⟩ + φ_ω) − cos φ_ω]|f̂(ω)|dω`` and each bracket ``h(t)`` is, by the
fundamental theorem of calculus on ``[−r, r]``, a mixture of steps with mass ``∫|h'| <= 2r·2π‖ω‖``;
Maurey in ``L²(µ)`` with atoms of norm ``<= M``.

Maurey is exact (rational atoms, expectations by enumerating multisets).  The greedy iteration and
Barron's construction are float64 with tolerances derived from the sizes involved: Barron's
expectation is in closed form for ``µ`` uniform on finitely many points, and in one dimension the best
``k``-unit approximant (a step function with ``k`` jumps) is found by dynamic programming.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st
from scipy import integrate, special

from checks.claim import Check, Claim, Mutant, Source, close, equal, le
from checks.documents import MSML, ZHAO
from checks.maurey import (best_k_term, best_step_fit, greedy_errors, maurey_enumerated, maurey_variance,
                           mixture, threshold_maurey)
from checks.strategies.maurey import (BarronInstance, CosineMode, FloatMixture, GaussianBump, Mixture,
                                      barron_instances, greedy_instances, mixtures, orthonormal_mixtures,
                                      spectral_examples)

EPS = float(np.finfo(float).eps)


def _sq(v) -> Fraction:
    return sum((x * x for x in v), Fraction(0))


# --- claim 1: Maurey's lemma (exact) -----------------------------------------------------------------

def _maurey(inst: Mixture):
    b2 = max(_sq(a) for a in inst.atoms)
    x2 = _sq(mixture(inst.atoms, inst.p))
    return b2, x2, maurey_enumerated(inst.atoms, inst.p, inst.k)


def maurey(inst: Mixture) -> list[Check]:
    b2, x2, e = _maurey(inst)
    k = inst.k
    return [equal(e, maurey_variance(inst.atoms, inst.p) / k, label="E|X - mean of k draws|^2 = (E|V|^2 - |X|^2)/k"),
            le(e, (b2 - x2) / k, label="E|X - f_k|^2 <= (B^2 - |X|^2)/k"),
            le(best_k_term(inst.atoms, inst.p, k), (b2 - x2) / k,
               label="some k atoms: |X - (1/k) sum v_j|^2 <= (B^2 - |X|^2)/k")]


def maurey_k_squared(inst: Mixture) -> Check:
    b2, _, e = _maurey(inst)
    return le(e, b2 / inst.k**2, label="E|X - f_k|^2 <= B^2/k^2")


def maurey_half(inst: Mixture) -> Check:
    b2, x2, e = _maurey(inst)
    return le(e, (b2 - x2) / (2 * inst.k), label="E|X - f_k|^2 <= (B^2 - |X|^2)/(2k)")


def existence_k_squared(inst: Mixture) -> Check:
    b2 = max(_sq(a) for a in inst.atoms)
    return le(best_k_term(inst.atoms, inst.p, inst.k), b2 / inst.k**2, label="min over k atoms <= B^2/k^2")


MAUREY = Claim(
    id="maurey-sparsification",
    title="Maurey's lemma: k i.i.d. atoms approximate a convex combination to (B^2 - |X|^2)/k",
    statement="for X = sum p_i v_i with |v_i| <= B and V_1..V_k i.i.d. with law p: "
              "E|X - (1/k) sum V_j|^2 = (sum p_i |v_i|^2 - |X|^2)/k <= (B^2 - |X|^2)/k, so some k atoms "
              "(with repetition) achieve (B^2 - |X|^2)/k",
    sources=[Source(ZHAO, "Maurey's lemma, proof under Fig. 3.7", ("ZHAO-13",))],
    kind="exact",
    area="approximation",
    instances=mixtures(),
    conclusion=maurey,
    proof_idea="|(1/k) sum (V_j - X)|^2 has expectation (1/k^2) sum_j E|V_j - X|^2, the cross terms vanishing "
               "by independence and E V = X; a random variable is sometimes at most its mean.",
    mutants=[
        Mutant("rate-k-squared", "the expectation is exactly variance/k: orthonormal atoms with uniform "
               "weights give (1 - 1/m)/k > 1/k^2 once k(1 - 1/m) > 1", conclusion=maurey_k_squared),
        Mutant("half-the-variance", "the identity leaves no factor 2: the expectation equals variance/k",
               conclusion=maurey_half),
        Mutant("existence-k-squared", "for m >= 5 orthonormal atoms the best 2 atoms are at 1/2 - 1/m > 1/4 "
               "from the barycenter", conclusion=existence_k_squared, instances=orthonormal_mixtures()),
    ],
    examples=60,
)
test_maurey_sparsification = MAUREY.test()


# --- claim 2: greedy approximation (numeric) ---------------------------------------------------------

def _greedy_tol(inst: FloatMixture, i: int) -> float:
    """Rounding of ``i`` greedy steps: each step forms O(n)-term inner products of vectors of size
    <= 2·max|v - X|, so it errs by <= 8 n eps (max|v - X|)^2; the errors add over the steps."""
    x = inst.p @ inst.atoms
    scale = float(np.max(np.sum((inst.atoms - x) ** 2, axis=1)))
    return 8 * (inst.atoms.shape[1] + 2) * EPS * scale * i


def _greedy(inst: FloatMixture, errors: np.ndarray, rate_power: int = 1) -> list[Check]:
    x = inst.p @ inst.atoms
    c = float(inst.p @ np.sum((inst.atoms - x) ** 2, axis=1))
    why = "8 (n + 2) eps max|v - X|^2 per step, summed over the steps"
    out = [le(errors[i - 1], c / i**rate_power, tol=_greedy_tol(inst, i), label=f"|g_{i} - X|^2 <= c/{i}"
              + ("" if rate_power == 1 else f"^{rate_power}"), why=why) for i in range(1, inst.steps + 1)]
    if rate_power == 1:
        out += [le(errors[i], errors[i - 1] * c / (errors[i - 1] + c), tol=_greedy_tol(inst, i + 1),
                   label=f"a_{i + 1} <= a_{i} c/(a_{i} + c)", why=why) for i in range(1, inst.steps)]
    return out


def greedy(inst: FloatMixture) -> list[Check]:
    return _greedy(inst, greedy_errors(inst.atoms, inst.p @ inst.atoms, inst.steps))


def greedy_k_squared(inst: FloatMixture) -> list[Check]:
    return _greedy(inst, greedy_errors(inst.atoms, inst.p @ inst.atoms, inst.steps), rate_power=2)


def best_atom_only(inst: FloatMixture) -> list[Check]:
    x = inst.p @ inst.atoms
    first = greedy_errors(inst.atoms, x, 1)[0]
    return _greedy(inst, np.full(inst.steps, first))[: inst.steps]


GREEDY = Claim(
    id="greedy-convex-approximation",
    title="Greedy (Jones–Barron) approximation of a convex combination at rate c/k",
    statement="with c = E|V - X|^2, the greedy iterates g_i = lambda g_{i-1} + (1 - lambda) v (best lambda in "
              "[0, 1] and atom v) satisfy a_i = |g_i - X|^2 <= a_{i-1} c/(a_{i-1} + c) and a_k <= c/k at every k",
    sources=[Source(ZHAO, "Fig. 3.7 and the greedy proof (Jones–Barron)", ("ZHAO-14",))],
    kind="numeric",
    area="approximation",
    instances=greedy_instances(),
    conclusion=greedy,
    proof_idea="min over (lambda, v) <= E_V at lambda = c/(a + c) of |lambda(g - X) + (1 - lambda)(V - X)|^2 = "
               "lambda^2 a + (1 - lambda)^2 c = ac/(a + c); then 1/a_k >= 1/a_1 + (k - 1)/c >= k/c.",
    mutants=[
        Mutant("rate-k-squared", "for the barycenter of m orthonormal atoms greedy averages k of them: "
               "a_k = 1/k - 1/m, which exceeds (1 - 1/m)/k^2", conclusion=greedy_k_squared),
        Mutant("best-atom-without-mixing", "choosing the best single atom each step (no convex combination) "
               "never improves on a_1, which can equal c", conclusion=best_atom_only),
    ],
    examples=50,
)
test_greedy_convex_approximation = GREEDY.test()


# --- claim 3: Barron's threshold construction (numeric) ---------------------------------------------

def _barron_parts(inst: BarronInstance):
    t = threshold_maurey(inst.f, inst.points, inst.r)
    # closed-form sums of O(J N) terms of size <= M (mass) or M^2 (second moment), each rounded
    tol_m = 16 * len(inst.f.amplitudes) * (len(inst.points) + 2) * EPS * max(t.mass, 1.0)
    return t, tol_m


def barron(inst: BarronInstance, power: int = 1, square: bool = True, mass_factor: float = 4.0,
           uncentered: bool = False) -> list[Check]:
    """The statement; the keyword arguments give the mutants (rate 1/k^power, no square, another mass
    constant, the representation of f instead of f - f(0))."""
    t, tol_m = _barron_parts(inst)
    k = inst.k
    why = "16 J (N + 2) eps x max(M, 1) (and x M for squares)"
    bound = (4 * np.pi * inst.r * inst.f.barron_norm) ** (2 if square else 1) / k**power
    name = f"(4 pi r C_f){'^2' if square else ''}/k{'' if power == 1 else f'^{power}'}"
    target = inst.f(inst.points) if uncentered else t.centered
    out = [close(t.mean_atom, target, tol_m, label="E g = f - f(0) on the support of mu (eq. 3.1)", why=why),
           le(t.mass, mass_factor * np.pi * inst.r * inst.f.barron_norm, tol=tol_m,
              label=f"mass M <= {mass_factor:g} pi r C_f", why=why),
           le(t.expected_error(k), t.mass**2 / k, tol=tol_m * t.mass,
              label="E|f - f_k|^2 = (E|g|^2 - |f - f(0)|^2)/k <= M^2/k", why=why),
           le(t.expected_error(k), bound, tol=tol_m * t.mass, label=f"E|f - f_k|^2 <= {name}", why=why)]
    if inst.f.dim == 1:
        best = best_step_fit(inst.points[:, 0], t.centered, k)
        out += [le(best, t.expected_error(k), tol=tol_m * t.mass, label="best k units <= E|f - f_k|^2", why=why),
                le(best, bound, tol=tol_m * t.mass, label=f"best c_0 + k threshold units <= {name}", why=why)]
    return out


def barron_radius_free(inst: BarronInstance) -> list[Check]:
    """The radius-free reading: the best k threshold units (d = 1) within (4 pi C_f)^2/k."""
    t, tol_m = _barron_parts(inst)
    best = best_step_fit(inst.points[:, 0], t.centered, inst.k)
    return [le(best, (4 * np.pi * inst.f.barron_norm) ** 2 / inst.k, tol=tol_m * t.mass,
               label="best c_0 + k threshold units <= (4 pi C_f)^2/k", why="16 J (N + 2) eps M^2")]


BARRON = Claim(
    id="barron-threshold-rate",
    title="Barron's theorem: c_0 + k threshold units reach L2(mu) error (4 pi r C_f)^2/k",
    statement="for f = sum_j c_j cos(2 pi <w_j, x> + phi_j) (C_f = sum c_j |w_j|), K in B_r and mu uniform on "
              "finitely many points of K: f - f(0) is a signed mixture of halfspace indicators of mass "
              "M <= 4 pi r C_f, k atoms drawn from it have E|f - f_k|^2_mu = (E|g|^2 - |f - f(0)|^2)/k <= M^2/k "
              "<= (4 pi r C_f)^2/k, and (d = 1) the best c_0 + k threshold units do at least as well. The "
              "constant depends on the dimension only through the radius r of K, as the text says ('C depends "
              "on ... the bounded domain'); it cannot be radius-free (mutant radius-free-constant)",
    sources=[Source(ZHAO, "§2.5, Barron's theorem (constant completed: (4 pi r C_f)^2; true as printed, "
                          "the constant depending on the bounded domain)", ("ZHAO-7",)),
             Source(ZHAO, "§3.2.1, eq. (3.1): f - f(0) as a mixture of halfspaces", ("ZHAO-10",)),
             Source(MSML, "Ch. 24, line 1585: width-n sigmoidal net within 2 r C'_f / sqrt(n) for sin(pi x)",
                    ("MSML-331",))],
    kind="numeric",
    area="approximation",
    instances=barron_instances(),
    conclusion=barron,
    proof_idea="Each cosine bracket h(t) = cos(2 pi a t + phi) - cos(phi) is, by the fundamental theorem of "
               "calculus on [-r, r], a mixture of steps 1{t >= s} (s > 0) and -1{t < s} (s < 0) with weights "
               "h'(s), of mass int |h'| <= 4 pi r a; Maurey in L2(mu) with atoms of norm <= M.",
    mutants=[
        Mutant("rate-k-squared", "the random construction's error is exactly (E|g|^2 - |f - f(0)|^2)/k, "
               "which is not O(1/k^2) (the existence rate cannot be refuted this way, only the construction)",
               conclusion=lambda i: barron(i, power=2)),
        Mutant("no-square", "the bound scales as f^2: a target with a large amplitude breaks 4 pi r C_f/k",
               conclusion=lambda i: barron(i, square=False)),
        Mutant("mass-two-pi", "a high-frequency cosine has int |h'| ~ 8 a r > 2 pi a r",
               conclusion=lambda i: barron(i, mass_factor=2.0)),
        Mutant("without-cos-phi-term", "without the -cos(phi) term the mixture would represent f, not f - f(0) "
               "(they differ where f(0) != 0)", conclusion=lambda i: barron(i, uncentered=True)),
        Mutant("radius-free-constant", "the constant must grow with the domain: a slowly varying cosine on "
               "[-r, r] with r large keeps a best k-unit error of order 1 while (4 pi C_f)^2/k -> 0 "
               "(dilation: g(y) = f(r y) on B_1 has C_g = r C_f)", conclusion=barron_radius_free,
               instances=barron_instances(max_d=1, radii=(16.0, 32.0, 64.0), max_k=4, min_points=8,
                                          rel_freq=(0.5, 1.5))),
    ],
    examples=50,
)
test_barron_threshold_rate = BARRON.test()

# --- claim 4: Barron norms in closed form ------------------------------------------------------------

def _fft_barron_norm(inst: CosineMode, q: int) -> tuple[float, float]:
    d, n = len(inst.u), inst.grid
    axes = np.meshgrid(*[np.arange(n) / n] * d, indexing="ij")
    phase = sum(q * u * ax for u, ax in zip(inst.u, axes))
    coef = np.fft.fftn(np.cos(2 * np.pi * phase)) / n**d
    k = np.meshgrid(*[np.fft.fftfreq(n, 1 / n)] * d, indexing="ij")
    norms = np.sqrt(sum(ki**2 for ki in k))
    # FFT rounding: each coefficient errs by <= 4 d log2(n) eps; summed with weights |k| <= sqrt(d) n/2
    tol = float(np.sum(norms)) * 4 * d * math.log2(n) * EPS + EPS
    return float(np.sum(norms * np.abs(coef))), tol


def _bump_moments(d: int) -> tuple[float, float, float, float]:
    """Radial quadratures of |f_hat| = (2 pi)^{d/2} exp(-2 pi^2 rho^2): total mass and first moment."""
    surface = 2 * math.pi ** (d / 2) / special.gamma(d / 2)

    def dens(rho: float, m: int) -> float:  # rho^m times the radial density of |f_hat|
        return surface * rho ** (d - 1 + m) * (2 * math.pi) ** (d / 2) * math.exp(-2 * math.pi**2 * rho**2)

    mass, e0 = integrate.quad(dens, 0, np.inf, args=(0,), epsabs=1e-13, epsrel=1e-12)
    first, e1 = integrate.quad(dens, 0, np.inf, args=(1,), epsabs=1e-13, epsrel=1e-12)
    return mass, e0, first, e1


def bump_closed_form(d: int) -> float:
    return math.sqrt(2) * math.exp(special.gammaln((d + 1) / 2) - special.gammaln(d / 2)) / (2 * math.pi)


def spectral(inst: CosineMode | GaussianBump, q_power: int = 1, bump: str = "exact") -> list[Check]:
    if isinstance(inst, CosineMode):
        norm, tol = _fft_barron_norm(inst, inst.q)
        expected = inst.q**q_power * math.sqrt(sum(u * u for u in inst.u))
        return [close(norm, expected, tol, label=f"C_f of cos(2 pi q u^T x) = q |u| (q = {inst.q})",
                      why="FFT rounding 4 d log2(N) eps per coefficient, weighted by |k|")]
    d = inst.d
    mass, e0, first, e1 = _bump_moments(d)
    formula = {"exact": bump_closed_form(d), "sqrt-d": math.sqrt(d) / (2 * math.pi),
               "linear-d": d / (2 * math.pi)}[bump]
    ratio, ratio_next = (2 * math.pi * bump_closed_form(m) / math.sqrt(m) for m in (d, d + 1))
    def fhat1(w: float) -> float:  # the d = 1 transform times cos(2 pi w x)
        return math.sqrt(2 * math.pi) * math.exp(-2 * math.pi**2 * w * w) * math.cos(2 * math.pi * w * inst.x)

    inv, e2 = integrate.quad(fhat1, -np.inf, np.inf, epsabs=1e-13, epsrel=1e-12)
    q_tol = lambda e, v: 4 * e + 4e-12 * abs(v)  # noqa: E731  (4 x the quadrature's estimate and its target)
    why = "4 x quadrature error estimate + 4e-12 relative"
    return [close(mass, 1.0, q_tol(e0, mass), label="int f_hat = f(0) = 1", why=why),
            close(inv, math.exp(-inst.x**2 / 2), q_tol(e2, inv),
                  label="d = 1: int f_hat(w) e^{2 pi i w x} dw = f(x)", why=why),
            close(first, formula, q_tol(e1, first), label=f"C_f = int |w| f_hat(w) dw (d = {d})", why=why),
            le(ratio, ratio_next, label="2 pi C_f / sqrt(d) increases with d"),
            le(ratio_next, 1.0, label="2 pi C_f / sqrt(d) < 1")]


SPECTRAL = Claim(
    id="barron-norm-examples",
    title="Barron norms: q|u| for a cosine mode, about sqrt(d)/(2 pi) for a Gaussian bump",
    statement="C_f = int |w| |f_hat(w)| dw is q|u| for f = cos(2 pi q u^T x), and "
              "sqrt(2) Gamma((d+1)/2) / (2 pi Gamma(d/2)) for f = exp(-|x|^2/2) (whose f_hat = "
              "(2 pi)^{d/2} exp(-2 pi^2 |w|^2) has mass f(0) = 1), with 2 pi C_f/sqrt(d) increasing to 1",
    sources=[Source(ZHAO, "Example 2.13 (low and high frequencies)", ("ZHAO-8",)),
             Source(ZHAO, "Fig. 3.6 (first spectral moment of a Gaussian bump)", ("ZHAO-12",))],
    kind="numeric",
    area="approximation",
    instances=spectral_examples(),
    conclusion=spectral,
    proof_idea="cos(2 pi q u^T x) has two atoms of mass 1/2 at +-q u.  |f_hat| is the N(0, I/(4 pi^2)) density, "
               "so C_f = E|Z|/(2 pi) with |Z| chi-distributed; E|Z|/sqrt(d) increases to 1 (Gautschi).",
    mutants=[
        Mutant("frequency-squared", "C_f is linear in the frequency: q = 2 doubles it, not quadruples",
               conclusion=lambda i: spectral(i, q_power=2)),
        Mutant("sqrt-d-exactly", "sqrt(d)/(2 pi) is only the limit: at d = 1, C_f = 1/(pi sqrt(2 pi)) = 0.127 < 0.159",
               conclusion=lambda i: spectral(i, bump="sqrt-d")),
        Mutant("linear-in-d", "C_f grows like sqrt(d), not d", conclusion=lambda i: spectral(i, bump="linear-d")),
    ],
    examples=40,
)
test_barron_norm_examples = SPECTRAL.test()


# --- audit: the cost arithmetic of MSML-331 ----------------------------------------------------------

N_SAMPLES, STEPS, WIDTH = 1000, 10**4, 1000
READINGS = {
    "d = parameters with biases (3 n + 1)": 3 * WIDTH + 1,
    "d = parameters without biases (2 n)": 2 * WIDTH,
    "d = width n": WIDTH,
    "d = input dimension 1": 1,
}


def cost_as_printed(reading: str) -> Check:
    return equal(N_SAMPLES * STEPS * READINGS[reading], 10**8, label=f"N T d = 10^8 with {reading}")


COST = Claim(
    id="msml-worked-example-cost",
    title="Audit: 'computational cost is O(N T d) = 10^8 operations' (N = 1000, T = 10^4, width 1000)",
    statement="as printed: training a width-1000, 1-D-input two-layer net on N = 1000 samples for T = 10^4 "
              "steps costs N T d = 10^8 operations",
    sources=[Source(MSML, "Ch. 24, line 1585 (worked example 'fit sin(pi x)')", ("MSML-331",))],
    kind="exact",
    area="approximation",
    instances=st.sampled_from(sorted(READINGS)),
    conclusion=cost_as_printed,
    proof_idea="Arithmetic.",
    audit=True,
    corrected="barron-threshold-rate",
    finding="With the stated sizes N T d is 3.0e10 (d = 3001 parameters), 2e10 (no biases), 1e10 (d = width) or "
            "1e7 (d = input dimension); batch-1 SGD costs T d = 3.0e7. None is 1e8. The other arithmetic of the "
            "example (1/sqrt(1000) = 0.03, 0.03 + 0.01 + 0.03 = 0.07) is right up to the dropped constants; "
            "its approximation term is checked by the Barron claim (C'_f = pi for sin(pi x) on [-1, 1], "
            "error <= 2 pi / sqrt(n)).",
    examples=8,
)
test_msml_worked_example_cost = COST.test()
