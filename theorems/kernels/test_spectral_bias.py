"""Spectral bias: kernel gradient flow learns the eigen-modes one by one, fastest first.

Statements.
- Mode-wise solution.  For ``df/dt = -K (f - f*)`` from ``f_0 = 0`` with ``K = sum_j lam_j v_j v_jᵀ ⪰ 0`` and
  ``f* = sum_j c_j v_j``: ``f_t = sum_j (1 - e^{-lam_j t}) c_j v_j``, so the fitted fraction of mode ``j``
  is ``1 - e^{-lam_j t}``, larger for larger ``lam_j`` at every ``t > 0`` (mode ``j`` is learned on the
  time scale ``1 / lam_j``).
- Frequencies on the circle.  For the two-layer ReLU NTK of unit inputs (uniform measure on the circle)
  the eigenfunctions are the Fourier modes, with eigenvalues ``lam_0 = 3/pi^2``, ``lam_1 = 1/4``,
  ``lam_k = 0`` for odd ``k >= 3`` and ``lam_k = (k^2 + 3) / (pi^2 (k^2 - 1)^2)`` for even ``k >= 2``:
  decreasing along the modes it can learn, with ``1 <= pi^2 k^2 lam_k <= 28/9``, so the learn time
  ``1 / lam_k`` grows like ``k^2``.  On ``N`` equispaced points the Gram matrix has the same Fourier
  eigenvectors with the aliased eigenvalues ``mu_k = N sum_{m = k mod N} lam_|m|``, and gradient descent
  from 0 on the two-frequency target ``cos(k1 t) + a cos(k2 t)`` (``k1 < k2``, e.g. ``1`` and ``10``) fits
  the ``k1`` component first: its residual is ``(1 - eta mu_k1)^s`` against ``(1 - eta mu_k2)^s``.
  This ordering is a property of the kernel, not of every dot-product kernel: for ``kappa(u) = u/10 + u^2``
  the circle eigenvalues are ``1/2, 1/20, 1/4`` (a mutant below).
- Noise.  For independent noise of equal variance ``sigma^2`` (here signs ``+-sigma``), ``E (v_jᵀ eps)^2 =
  sigma^2`` for every unit vector ``v_j``: label noise spreads evenly over the eigen-directions.  Under
  kernel gradient flow from 0 on labels ``eps`` the fitted part is ``||f_t||^2 = sum_j (1 - e^{-lam_j
  t})^2 (v_jᵀ eps)^2`` and the training residual ``sum_j e^{-2 lam_j t} (v_jᵀ eps)^2``; a spectrum dominated
  entrywise (same eigenvectors, ``mu_j <= lam_j``) fits less noise at every time.

Sources.  *The Mathematical Structure of Machine Learning*, Ch. 24: "Spectral Bias Theorem" (MSML-19),
Example 3 (two-frequency target, MSML-27, kernel version), A.5 (MSML-38) and its solution's sentence
"label noise projects strongly into small-eigenvalue directions" (MSML-39, audit), C.7 "learn time
``T_f`` inversely proportional to ``f^beta``" (MSML-226, audit).  The ReLU NTK is the two-layer kernel
with both layers trained, ``(u (pi - phi) + sin phi + (pi - phi) u) / (2 pi)`` for unit inputs with
``u = cos phi`` (:func:`checks.ntk.relu_ntk_two_layer`).

Proof idea.  In the eigenbasis ``a_j' = -lam_j (a_j - c_j)``.  On the circle a dot-product kernel is a
convolution, diagonal in the Fourier basis with eigenvalues ``(1/pi) int_0^pi kappa(cos phi) cos(k phi)``;
for the ReLU NTK the integrals are elementary; sampling at ``N`` points folds the frequencies ``m = k mod
N`` together.  ``E (vᵀ eps)^2 = vᵀ (sigma^2 I) v``.

Tolerances (``eps = 2^-52``): the flow routes as in ``fixed-kernel-output-flow``
(``16 (n + 4) eps (1 + t ||K||) ||f*||``); the ``N``-point Gram matrix is formed from angles and
trigonometric functions (a few ulps per entry), so ``||G c - mu c||`` is at most ``8 N eps ||G||_max ||c||``;
each GD step rounds by at most ``2 (N + 2) eps ||r||`` and is non-expansive, and the predicted factor
``(1 - eta mu)^s`` carries ``s eta`` times the error ``16 N eps mu_max`` of ``mu`` (polygamma values).
The noise expectations are exact (Fractions; all ``2^n`` sign patterns).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np
import sympy

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.documents import MSML
from checks.linalg import EPS
from checks.ntk import relu_ntk_two_layer
from checks.spectral_dynamics import (circle_points, dot_product_circle_eigenvalue, flow_residual_expm, gd_residuals,
                                      relu_ntk_circle_eigenvalue, relu_ntk_circle_gram_eigenvalue)
from checks.strategies.spectra_kernels import (CircleCase, NoiseCase, NoiseFitCase, PlantedKernel, circle_cases,
                                               noise_cases, noise_fit_cases, planted_kernels)


# ------------------------------------------------------------------------------ mode-wise flow


def _fit(inst: PlantedKernel) -> dict:
    fstar, f0 = inst.y, inst.u0
    t = inst.times
    F = fstar + flow_residual_expm(inst.K, f0 - fstar, t)
    n = fstar.size
    tol = 16 * (n + 4) * EPS * (1 + t * inst.lam[0]) * max(float(np.linalg.norm(fstar)), float(np.linalg.norm(f0)))
    return dict(F=F, c=inst.V.T @ fstar, tol=tol)


WHY = "16 (n + 4) eps (1 + t ||K||) ||f*||: expm and the planted eigenbasis (see fixed-kernel-output-flow)"


def _formula(inst: PlantedKernel, d: dict, fraction, label: str) -> Check:
    pred = np.array([(fraction(inst.lam, s) * d["c"]) @ inst.V.T for s in inst.times])
    err = np.max(np.abs(d["F"] - pred), axis=1)
    k = int(np.argmax(err / d["tol"]))
    return close(d["F"][k], pred[k], float(d["tol"][k]), label=f"{label}, t = {inst.times[k]:.4g}", why=WHY)


def modewise_fit(inst: PlantedKernel) -> list[Check]:
    d = _fit(inst)
    checks = [_formula(inst, d, lambda lam, s: -np.expm1(-lam * s), "f_t = sum_j (1 - e^{-lam_j t}) c_j v_j")]
    # measured fitted fractions of the modes whose coefficient is well above the error
    big = np.abs(d["c"]) > 1e3 * float(d["tol"].max())
    for k, s in enumerate(inst.times):
        frac = (inst.V.T @ d["F"][k])[big] / d["c"][big]
        ftol = d["tol"][k] / np.abs(d["c"][big])
        lam = inst.lam[big]
        order = np.argsort(-lam)
        for a, b in zip(order[:-1], order[1:]):
            if lam[a] > lam[b]:
                checks.append(ge(float(frac[a]), float(frac[b]), float(ftol[a] + ftol[b]), why="error / |c_j|",
                                 label=f"larger eigenvalue, larger fitted fraction (lam {lam[a]:.3g} > {lam[b]:.3g}, "
                                       f"t = {s:.3g})"))
    return checks


MODEWISE = Claim(
    id="kernel-flow-modewise-fit",
    title="Kernel gradient flow from 0 fits mode j by the fraction 1 - e^{-lam_j t}",
    statement=("for df/dt = -K(f - f*), f_0 = 0, K = sum_j lam_j v_j v_jᵀ ⪰ 0, f* = sum_j c_j v_j: f_t = sum_j "
               "(1 - e^{-lam_j t}) c_j v_j, so modes with larger eigenvalues are fitted to a larger fraction at every t"),
    sources=[Source(MSML, "Theorems, 'Spectral Bias Theorem' and B.9 (the discrete-GD analogue is checked exactly "
                          "in fixed-kernel-gd-modes)", ("MSML-19",))],
    kind="numeric",
    area="kernels",
    instances=planted_kernels(alpha=False, start="zero"),
    conclusion=modewise_fit,
    proof_idea="In the eigenbasis a_j' = -lam_j (a_j - c_j), a_j(0) = 0, so a_j(t) = (1 - e^{-lam_j t}) c_j; "
               "1 - e^{-lam t} increases with lam.",
    mutants=[
        Mutant("squared-eigenvalue", "the exponent is -lam_j t, not -lam_j^2 t",
               conclusion=lambda i: _formula(i, _fit(i), lambda lam, s: -np.expm1(-lam**2 * s),
                                             "f_t = sum_j (1 - e^{-lam_j^2 t}) c_j v_j")),
        Mutant("inverse-eigenvalue", "1 - e^{-t/lam_j} would fit the small-eigenvalue modes first",
               conclusion=lambda i: _formula(i, _fit(i), lambda lam, s: -np.expm1(-s / lam),
                                             "f_t = sum_j (1 - e^{-t/lam_j}) c_j v_j")),
        Mutant("linear-in-time", "the fitted fraction saturates at 1; lam_j t grows without bound",
               conclusion=lambda i: _formula(i, _fit(i), lambda lam, s: lam * s, "f_t = sum_j lam_j t c_j v_j")),
        Mutant("nonzero-start-same-formula",
               "from f_0 != 0 the flow is f* + e^{-Kt}(f_0 - f*): the initial function decays, it is not absent",
               instances=planted_kernels(alpha=False, start="any")),
    ],
    examples=60,
)
test_kernel_flow_modewise_fit = MODEWISE.test()

# ------------------------------------------------------------------------------------- circle


def _circle_eigenvalue(case: CircleCase, k: int):
    if case.kernel == "relu-ntk":
        return relu_ntk_circle_eigenvalue(k)
    return dot_product_circle_eigenvalue(case.coefficients, k)


def _order_check(case: CircleCase, label: str = "lam_k1 > lam_k2 (exact)") -> Check:
    l1, l2 = _circle_eigenvalue(case, case.k1), _circle_eigenvalue(case, case.k2)
    return holds(bool(sympy.sympify(l1 - l2) > 0), label=f"{label}, k1 = {case.k1} < k2 = {case.k2}",
                 detail=f"lam_{case.k1} = {l1}, lam_{case.k2} = {l2}")


def _growth_checks(case: CircleCase) -> list[Check]:
    out = []
    for k in (case.k1, case.k2):
        if k >= 2:
            r = Fraction(k * k * (k * k + 3), (k * k - 1) ** 2)  # pi^2 k^2 lam_k
            out += [ge(r, 1, label=f"pi^2 k^2 lam_k >= 1 (k = {k}): learn time 1/lam_k <= pi^2 k^2"),
                    le(r, Fraction(28, 9), label=f"pi^2 k^2 lam_k <= 28/9 (k = {k}): learn time >= 9 pi^2 k^2 / 28")]
    return out


def _gd_modes(case: CircleCase) -> tuple[list[Check], dict]:
    N = case.N
    G = relu_ntk_two_layer(circle_points(N))
    theta = 2 * np.pi * np.arange(N) / N
    modes = {k: np.cos(k * theta) for k in (case.k1, case.k2)}
    mu = {k: relu_ntk_circle_gram_eigenvalue(k, N) for k in modes}
    gmax = float(np.max(np.abs(G)))
    checks = []
    for k, v in modes.items():
        checks.append(close(G @ v, mu[k] * v, 8 * N * EPS * gmax * float(np.linalg.norm(v)),
                            label=f"G cos(k theta) = mu_k cos(k theta), mu_k = N sum_(m = k mod N) lam_|m| (k = {k})",
                            why="8 N eps max|G_ij| ||c||: rounding of the kernel entries and of the product"))
    mu_max = relu_ntk_circle_gram_eigenvalue(0, N)
    eta = case.c / mu_max
    y = modes[case.k1] + case.amplitude * modes[case.k2]
    R = gd_residuals(G, -y, eta, case.steps)  # f_s - y, from f_0 = 0
    s = np.arange(case.steps + 1)
    ny = float(np.linalg.norm(y))
    frac = {}
    for k, v in modes.items():
        amp = 1.0 if k == case.k1 else case.amplitude
        coef = (R @ v) / (v @ v)
        pred = -amp * (1 - eta * mu[k]) ** s
        tol = 8 * (N + 2) * EPS * (s + 1) * ny / np.linalg.norm(v) + s * eta * 16 * N * EPS * mu_max * amp
        j = int(np.argmax(np.abs(coef - pred) / tol))
        checks.append(close(coef[j], pred[j], float(tol[j]),
                            label=f"mode {k}: residual coefficient -a (1 - eta mu_k)^s, s = {j}",
                            why="GD rounding 8 (N + 2) eps (s + 1) ||y|| / ||c|| + s eta dmu"))
        frac[k] = (1 + coef / amp, tol / amp)
    f1, t1 = frac[case.k1]
    f2, t2 = frac[case.k2]
    j = int(np.argmax(f2 - t2 - t1 - f1))
    checks.append(ge(float(f1[j]), float(f2[j]), float(t1[j] + t2[j]),
                     label=f"the k1 = {case.k1} component is fitted before k2 = {case.k2} (fractions at step {j})",
                     why="the two coefficient tolerances"))
    return checks, dict(mu=mu, eta=eta)


def relu_circle(case: CircleCase) -> list[Check]:
    checks = [_order_check(case), *_growth_checks(case)]
    gd, _ = _gd_modes(case)
    return checks + gd


def _linear_growth(case: CircleCase) -> list[Check]:
    out = []
    for k in (case.k1, case.k2):
        if k >= 2:
            r = Fraction(k * (k * k + 3), (k * k - 1) ** 2)  # pi^2 k lam_k
            out.append(ge(r, Fraction(1, 2), label=f"pi^2 k lam_k >= 1/2 (learn time ~ k, k = {k})"))
    return out or [ge(Fraction(1), Fraction(1, 2), label="no mode k >= 2 drawn")]


RELU_CIRCLE = Claim(
    id="relu-ntk-circle-spectral-bias",
    title="The ReLU NTK on the circle: eigenvalues fall like k^-2, so high frequencies are learned later",
    statement=("the ReLU NTK operator on the circle has Fourier eigenvalues 3/pi^2, 1/4, 0 (odd k >= 3) and "
               "(k^2 + 3)/(pi^2 (k^2 - 1)^2) (even k >= 2), decreasing along its learnable modes with "
               "1 <= pi^2 k^2 lam_k <= 28/9; the N-point Gram matrix has eigenvalues N sum_(m = k mod N) lam_|m| on "
               "cos(k theta), and GD from 0 on cos(k1 theta) + a cos(k2 theta), k1 < k2, fits the k1 component first"),
    sources=[Source(MSML, "C.7 expansion (corrected: learn time grows like k^2, see audit)", ("MSML-226",)),
             Source(MSML, "Example 3: sin(2 pi x) + 0.2 sin(20 pi x), low frequency first (kernel version)",
                    ("MSML-27",))],
    kind="numeric",
    area="kernels",
    instances=circle_cases(),
    conclusion=relu_circle,
    proof_idea=("On the circle the kernel is a convolution; its Fourier coefficients (1/pi) int_0^pi kappa(cos phi) "
                "cos(k phi) dphi are elementary for kappa = (2 (pi - phi) cos phi + sin phi)/(2 pi); sampling folds "
                "m = k mod N together; GD multiplies mode k by 1 - eta mu_k per step."),
    mutants=[
        Mutant("every-dot-product-kernel",
               "a dot-product kernel's circle spectrum follows its Taylor coefficients: u/10 + u^2 has lam_1 = 1/20 < "
               "lam_2 = 1/4, so the ordering is not universal", conclusion=_order_check,
               instances=circle_cases(kernel="polynomial")),
        Mutant("learn-time-linear-in-frequency",
               "pi^2 k lam_k = k (k^2 + 3)/(k^2 - 1)^2 -> 0: the learn time grows like k^2, faster than any multiple of k",
               conclusion=_linear_growth),
    ],
    examples=40,
)
test_relu_ntk_circle_spectral_bias = RELU_CIRCLE.test()


def printed_learn_time(case: CircleCase) -> Check:
    """MSML-226 as printed: learn time T_f proportional to 1/f^beta (beta in [1, 2]), hence decreasing in f."""
    l1, l2 = _circle_eigenvalue(case, case.k1), _circle_eigenvalue(case, case.k2)
    return holds(bool(sympy.sympify(1 / l2 - 1 / l1) <= 0),
                 label=f"learn time 1/lam_k2 <= 1/lam_k1 for k2 = {case.k2} > k1 = {case.k1} (T_f ~ f^-beta)",
                 detail=f"1/lam_{case.k1} = {sympy.N(1 / l1, 6)}, 1/lam_{case.k2} = {sympy.N(1 / l2, 6)}")


PRINTED_LEARN_TIME = Claim(
    id="learn-time-inverse-in-frequency-as-printed",
    title="Audit: 'learn time T_f for frequency f is inversely proportional to f^beta, beta ~ 1-2' (MSML C.7)",
    statement="the learn time of frequency f is T_f ~ 1/f^beta with beta in [1, 2], so higher frequencies are learned "
              "sooner",
    sources=[Source(MSML, "C.7 expansion, line 1400", ("MSML-226",))],
    kind="exact",
    area="kernels",
    instances=circle_cases(),
    conclusion=printed_learn_time,
    proof_idea="The flow learns mode k on the time scale 1/lam_k, and lam_k decreases with k for the ReLU NTK.",
    audit=True,
    corrected="relu-ntk-circle-spectral-bias",
    finding=("the proportionality is inverted: under kernel gradient flow mode k is learned on the time scale 1/lam_k, "
             "and for the ReLU NTK on the circle pi^2 k^2 lam_k lies in [1, 28/9], so the learn time grows like k^2"),
    examples=20,
)
test_learn_time_inverse_in_frequency_as_printed = PRINTED_LEARN_TIME.test()

# -------------------------------------------------------------------------------------- noise


def _projection_energies(case: NoiseCase) -> list[Fraction]:
    """``E (q_jᵀ eps)^2`` over all ``2^n`` sign patterns of ``eps_i = +-s_i`` (exact)."""
    Q, s = case.Q, case.scales
    n = Q.shape[0]
    total = [Fraction(0)] * n
    for signs in product((1, -1), repeat=n):
        eps = [sg * si for sg, si in zip(signs, s)]
        for j in range(n):
            v = sum((Q[i, j] * eps[i] for i in range(n)), Fraction(0))
            total[j] += v * v
    return [x / 2**n for x in total]


def uniform_noise(case: NoiseCase) -> list[Check]:
    E = _projection_energies(case)
    sigma2 = case.scales[0] ** 2
    return [equal(E[j], sigma2, label=f"E (v_{j + 1}ᵀ eps)^2 = sigma^2 (eigenvalue {case.lam[j]})")
            for j in range(len(E))]


NOISE = Claim(
    id="iid-noise-projects-uniformly",
    title="Independent equal-variance label noise spreads evenly over the eigen-directions",
    statement="for independent noise with E eps_i = 0, E eps_i^2 = sigma^2 and any orthonormal eigenbasis (v_j) of a "
              "kernel matrix, E (v_jᵀ eps)^2 = sigma^2 for every j",
    sources=[Source(MSML, "A.5 solution (corrected: the projection is uniform, see audit)", ("MSML-39",)),
             Source(MSML, "A.5: spectral decay and noise sensitivity (the noise side)", ("MSML-38",))],
    kind="exact",
    area="kernels",
    instances=noise_cases(),
    conclusion=uniform_noise,
    proof_idea="E (vᵀ eps)^2 = vᵀ E[eps epsᵀ] v = sigma^2 ||v||^2; checked by averaging over all sign patterns.",
    mutants=[Mutant("heteroscedastic-noise",
                    "with unequal variances E (vᵀ eps)^2 = sum_i v_i^2 s_i^2 depends on the direction",
                    instances=noise_cases(heteroscedastic=True))],
    examples=40,
)
test_iid_noise_projects_uniformly = NOISE.test()


def printed_noise(case: NoiseCase) -> Check:
    """MSML-39 as printed: noise projects more strongly into the smallest-eigenvalue direction."""
    E = _projection_energies(case)
    return holds(E[-1] > E[0], label="E (v_minᵀ eps)^2 > E (v_maxᵀ eps)^2 (noise concentrates in small-eigenvalue "
                                     "directions)", detail=f"{E[-1]} vs {E[0]}")


PRINTED_NOISE = Claim(
    id="noise-in-small-eigendirections-as-printed",
    title="Audit: 'label noise projects strongly into small-eigenvalue directions' (MSML A.5 solution)",
    statement="label noise projects more strongly onto the eigenvectors of small eigenvalues than onto those of large ones",
    sources=[Source(MSML, "A.5 solution, line 296", ("MSML-39",))],
    kind="exact",
    area="kernels",
    instances=noise_cases(),
    conclusion=printed_noise,
    proof_idea="For independent equal-variance noise every unit direction carries sigma^2.",
    audit=True,
    corrected="iid-noise-projects-uniformly",
    finding=("for independent equal-variance noise E (v_jᵀ eps)^2 = sigma^2 in every eigen-direction; what is true is "
             "that small-eigenvalue directions carry little signal of a smooth target, so their signal-to-noise ratio "
             "is low and an unregularized fit amplifies the noise there by 1/lam_j"),
    examples=10,
)
test_noise_in_small_eigendirections_as_printed = PRINTED_NOISE.test()


def _noise_fit(case: NoiseFitCase) -> dict:
    V, eps, t = case.V, case.eps, case.t
    out = {}
    for name, lam in (("lam", case.lam), ("mu", case.mu)):
        K = (V * lam) @ V.T
        K = (K + K.T) / 2
        f = eps - flow_residual_expm(K, eps, t)[0]  # f_t = (I - e^{-Kt}) eps
        out[name] = (f, lam)
    n = eps.size
    out["tol"] = 16 * (n + 4) * EPS * (1 + t * case.lam[0]) * float(np.linalg.norm(eps))
    return out


def noise_fit(case: NoiseFitCase, dominated: bool = True) -> list[Check]:
    d = _noise_fit(case)
    c = case.V.T @ case.eps
    f, lam = d["lam"]
    g, _ = d["mu"]
    tol, nf = d["tol"], float(np.linalg.norm(case.eps))
    fitted = float(np.sum((-np.expm1(-lam * case.t) * c) ** 2))
    resid = float(np.sum((np.exp(-lam * case.t) * c) ** 2))
    return [
        close(float(f @ f), fitted, 2 * nf * tol + tol**2, why="2 ||eps|| tol: the flow tolerance on f_t",
              label="||f_t||^2 = sum_j (1 - e^{-lam_j t})^2 (v_jᵀ eps)^2 (noise fitted)"),
        close(float((case.eps - f) @ (case.eps - f)), resid, 2 * nf * tol + tol**2,
              why="2 ||eps|| tol: the flow tolerance on f_t",
              label="||eps - f_t||^2 = sum_j e^{-2 lam_j t} (v_jᵀ eps)^2 (training residual)"),
        ge(float(np.linalg.norm(f)), float(np.linalg.norm(g)), 2 * tol, why="the flow tolerance, twice",
           label="the dominated spectrum (mu_j <= lam_j) fits no more noise at time t"),
    ]


def _same_noise(case: NoiseFitCase) -> Check:
    d = _noise_fit(case)
    return close(d["lam"][0], d["mu"][0], 2 * float(d["tol"]), why="the flow tolerance, twice",
                 label="the fitted noise is the same for both spectra")


NOISE_FIT = Claim(
    id="kernel-flow-noise-fit",
    title="How much label noise kernel gradient flow fits is set by the spectrum",
    statement=("for df/dt = -K(f - eps), f_0 = 0: ||f_t||^2 = sum_j (1 - e^{-lam_j t})^2 (v_jᵀ eps)^2 and "
               "||eps - f_t||^2 = sum_j e^{-2 lam_j t} (v_jᵀ eps)^2; a spectrum dominated entrywise (same eigenvectors) "
               "fits no more noise at any t"),
    sources=[Source(MSML, "A.5: each mode filtered by g_t(lam_j); the noise fitted by time t", ("MSML-38",))],
    kind="numeric",
    area="kernels",
    instances=noise_fit_cases(),
    conclusion=noise_fit,
    proof_idea="f_t = (I - e^{-Kt}) eps is diagonal in the eigenbasis, and (1 - e^{-lam t})^2 increases with lam.",
    mutants=[
        Mutant("noise-fit-independent-of-spectrum",
               "the fitted noise sum_j (1 - e^{-lam_j t})^2 (v_jᵀ eps)^2 changes with the eigenvalues",
               conclusion=_same_noise),
        Mutant("any-spectrum-fits-less",
               "without mu_j <= lam_j the second kernel can have larger eigenvalues and fit more noise",
               instances=noise_fit_cases(dominated=False)),
    ],
    examples=40,
)
test_kernel_flow_noise_fit = NOISE_FIT.test()
