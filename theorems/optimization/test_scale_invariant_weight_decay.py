"""Scale-invariant losses, normalized networks and gradient descent with weight decay.

Statement.  A bias-free ReLU network ``W_k ReLU(... ReLU(W_1 x))`` is ``k``-homogeneous in its parameters
(``c > 0``); sums and ReLUs of ``k``-homogeneous functions are ``k``-homogeneous and their quotients
scale-invariant.  In a LayerNorm network every hidden output is 1-homogeneous in the parameters, and the
output is scale-invariant once the top LayerNorm and the last layer are frozen.  A scale-invariant
``L`` (``L(cw) = L(w)``, ``c > 0``) satisfies ``<w, ∇L(w)> = 0``, ``∇L(cw) = ∇L(w)/c``,
``∇²L(cw) = ∇²L(w)/c^2`` and ``∇²L(w) w = -∇L(w)``.  With ``rho = max_{||w|| = 1} ||∇²L(w)||``:
``||∇L(w)|| <= rho/||w||`` (so ``<= pi rho`` on the sphere), ``||∇²L(w)|| <= rho/||w||^2``,
``L(w) - min L <= pi^2 rho/2``, and for ``v ⊥ x``: ``L(x + v) - L(x) <= <v, ∇L(x)> + rho ||v||^2/(2||x||^2)``.
GD with weight decay ``w_{t+1} = (1 - eta lam) w_t - eta ∇L_t(w_t)`` satisfies
``||w_{t+1}||^2 = (1 - eta lam)^2 ||w_t||^2 + eta^2 ||∇L(w_t)||^2``, decreases the loss by at least
``eta (1 - 2 rho eta/||w_t||^2) ||∇L(w_t)||^2`` when ``eta lam <= 1/2``, and equals GD without weight decay
with steps ``eta_t = eta (1 - eta lam)^-(2t+1)`` after the rescaling ``ŵ_t = w_t/(1 - eta lam)^t``.  For
``eta lam < 1/2``: every ``ceil(1/(6 lam eta))`` consecutive iterates contain one with
``||w_T||^2 >= pi^2 rho eta`` or ``||∇L(w̄_T)||^2 <= 8 pi^4 rho^2 lam eta``; from
``||w_0||^2 <= pi^2 rho eta`` the first iterate above ``pi^2 rho eta`` has
``||w_T||^2 <= 2 (pi^2 rho eta)^2/||w_0||^2``; from ``||w_0||^2 > pi^2 rho eta`` some
``t < (1/(2 eta lam)) ln(2||w_0||^2/(rho pi^2 eta))`` has a small normalized gradient; and from any start some
``t <= (1/(2 lam eta))(|ln(||w_0||^2/(rho pi^2 eta))| + 3)`` does.  For the over-parametrized 1-D problem
``l(w_1 ... w_k)`` with all ``w_i`` equal, ``k`` even and ``W_0 > W*``, the product increases monotonically
once ``eta > 2/(l'(W_0) W_0^(1 - 2/k))``.

Audits.  The printed threshold ``2/(|l'(W_0)| |W_0|^(1/k - 1))`` (exponent ``1/k - 1``) is too small for
``W_0 < 1``; the printed schedule ``eta_t = (1 - eta lam)^-(2t+1)`` lacks the factor ``eta``; the printed
``rho = max_{||w||=1} ||∇²L|| = max_w ||∇²L||`` is false (the right side is infinite); the "furthermore" of
the escape lemma needs ``||w_0||^2 <= pi^2 rho eta``; and without the absolute value the time bound of the
convergence theorem is negative for small ``||w_0||``.

Sources.  Arora et al., Ch. 13: Problem 13.1.1 (ARORA-1044), Problem 13.1.3 (ARORA-1045), Lemma 13.2.2
(ARORA-1046), Lemma 13.2.3 (ARORA-1047), Thm 13.3.1 (ARORA-1048), Def. 13.4.1 and Lemma 13.4.3
(ARORA-1049, ARORA-1050), Lemma 13.4.5 (ARORA-1051), Thm 13.4.6 (ARORA-1052), eq. (13.4) (ARORA-1053),
Lemmas 13.4.8 and 13.4.9 (ARORA-1054, ARORA-1055), Thm 13.4.2 (ARORA-1056, from Li, Bhojanapalli, Zaheer et al.
2022).

Proof ideas.  Differentiate ``L(cw) = L(w)`` in ``c`` (Euler) and in ``w`` (scaling of the derivatives);
differentiate Euler once more for ``∇²L(w) w = -∇L(w)``.  Since ``∇L(w) ⊥ w`` the norm recursion is
Pythagoras, and ``w_{t+1} = (1 - eta lam)(w_t - eta/(1 - eta lam) ∇L(w_t))`` turns weight decay into a larger
step on the same direction (the schedule by induction, with ``∇L(w/s) = s ∇L(w)``).  The orthogonal descent
inequality is Taylor along the segment, whose points have norm ``>= ||x||``; the one-step decrease applies it
with ``v = -eta/(1 - eta lam) ∇L``.  On the sphere, integrate ``∇²L`` along a great circle from a
minimizer (length ``<= pi``).  The dynamics lemmas combine the norm recursion with the one-step decrease.

Exactness.  Rayleigh quotients ``w^T A w/||w||^2`` with a rational eigenbasis make every one-step statement
exact in ``Fraction`` (``rho = 2(lambda_max - lambda_min)``, see :mod:`checks.scale_invariance`).  Angular
losses ``phi(theta)`` are float, with ``rho`` bracketed by a certified grid bound; their GD+WD runs are
compared on the computed trajectory, each threshold carrying the rounding of the quantity compared
(``||∇L(w̄_t)||^2 = phi'(theta_t)^2`` within ``4 S_1 e_phi`` with ``e_phi = 64 eps S_2``, ``||w_t||^2``
within ``8 eps (t + 1)`` relative), and ``rho`` taken at the end of its bracket that favours the statement.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.documents import ARORA
from checks.scale_invariance import (EPS, Quadratic, angular_gd_wd, dot, gd_schedule, gd_wd, layernorm_net,
                                     matvec, product_gd, relu_net)
from checks.strategies.scale_invariance import (AngularRunCase, LayerNormCase, ProductProblem,
                                                ReluCase, SIPoint, WDRun, WDStep, angular_points, angular_runs,
                                                layernorm_cases, orthogonal_steps, product_problems,
                                                relu_cases, si_points, wd_runs, wd_steps)

LBZ = "Li, Bhojanapalli, Zaheer et al., Robust training of neural networks using scale invariant architectures (2022)"
PI2_LO = Fraction(98696, 10000)   # < pi^2 = 9.8696044...: a rational lower bound keeps exact checks conservative


def _s(seq) -> str:
    return "[" + ", ".join(str(x) for x in seq) + "]"


# ------------------------------------------------------------------------------ over-parametrized 1-D
def _product_run(p: ProductProblem, threshold: Fraction, k: int | None = None) -> list[Fraction]:
    eta = (1 + p.u) * threshold
    k = p.k if k is None else k
    ws = product_gd(lambda W: p.a * (W - p.wstar), [p.w0] * k, eta, p.steps)
    return [math.prod(w) for w in ws]


def _threshold(p: ProductProblem, exponent: str) -> Fraction:
    """``2/(l'(W_0) W_0^e)`` with ``e = 1 - 2/k`` (``W_0^e = w0^(k-2)``) or the printed ``e = 1/k - 1``
    (``W_0^e = w0^(1-k)``)."""
    W0 = p.w0 ** p.k
    dl = p.a * (W0 - p.wstar)
    power = p.w0 ** (p.k - 2) if exponent == "correct" else Fraction(1) / p.w0 ** (p.k - 1)
    return 2 / (dl * power)


def _monotone(Ws: list[Fraction]) -> list[Check]:
    out = [ge(Ws[t + 1], Ws[t], label=f"W_{t + 1} >= W_{t}") for t in range(len(Ws) - 1)]
    out.append(holds(Ws[-1] > Ws[0], "the product increased", f"W_0 = {float(Ws[0]):.6g}, W_T = {float(Ws[-1]):.6g}"))
    return out


def _product_checks(p: ProductProblem, exponent: str = "correct", factor: int = 1, k: int | None = None) -> list[Check]:
    return _monotone(_product_run(p, _threshold(p, exponent) / factor, k))


PRODUCT = Claim(
    id="product-gd-explosion-threshold",
    title="GD on l(w_1...w_k): the product explodes once eta > 2/(l'(W_0) W_0^(1-2/k))",
    statement="For convex l with minimizer W* < W_0 = prod w_i (all w_i equal, k even), GD with "
              "eta > 2/(l'(W_0) W_0^(1-2/k)) makes W_t increase monotonically",
    sources=[Source(ARORA, "§13.1, Problem 13.1.1 (corrected exponent)", ("ARORA-1044",))],
    kind="exact",
    area="optimization",
    instances=product_problems(),
    conclusion=_product_checks,
    proof_idea="With all w_i = W^(1/k), one step multiplies each w_i by 1 - eta l'(W) W^(1-2/k) < -1, so W = w^k (k "
               "even) grows; l' and W^(1-2/k) are nondecreasing on W >= W_0, so the factor keeps growing.",
    mutants=[
        Mutant("odd-depth", "for odd k the factor 1 - eta l' W^(1-2/k) < -1 flips the sign of W = w^k",
               instances=product_problems(ks=(3, 5))),
        Mutant("no-factor-two", "eta between 1/(l' W^(1-2/k)) and twice that gives a factor in (-1, 0): |w| shrinks",
               conclusion=lambda p: _product_checks(p, factor=2)),
    ],
    examples=60,
)
test_product_gd_explosion_threshold = PRODUCT.test()

PRODUCT_PRINTED = Claim(
    id="product-gd-explosion-threshold-printed",
    title="GD on l(w_1...w_k) as printed: threshold with exponent 1/k - 1",
    statement="For W_0 > W*, k even, eta > 2/(|l'(W_0)| |W_0|^(1/k - 1)) makes prod w_i increase monotonically",
    sources=[Source(ARORA, "§13.1, Problem 13.1.1", ("ARORA-1044",))],
    kind="exact",
    area="optimization",
    instances=product_problems(),
    conclusion=lambda p: _product_checks(p, exponent="printed"),
    proof_idea="The step factor is 1 - eta l'(W) W^(1-2/k); the printed exponent 1/k - 1 agrees with 1 - 2/k on "
               "which side of 1 W_0^e lies only for W_0 > 1.",
    audit=True,
    corrected="product-gd-explosion-threshold",
    finding="For W_0 < 1 the printed threshold 2 W_0^(1-1/k)/l'(W_0) is below the correct 2/(l'(W_0) W_0^(1-2/k)); a "
            "step between them has factor |1 - eta l' W_0^(1-2/k)| < 1 and the product drops (e.g. k = 2, W_0 = 1/4).  "
            "Corrected: eta > 2/(l'(W_0) W_0^(1-2/k)).",
    examples=60,
)
test_product_gd_explosion_threshold_printed = PRODUCT_PRINTED.test()


# ------------------------------------------------------------------------------ homogeneous networks
def _relu_checks(r: ReluCase, degree_shift: int = 0) -> list[Check]:
    k = len(r.layers) - degree_shift
    c = r.c

    def scaled(layers):
        return tuple(tuple(tuple(c * v for v in row) for row in W) for W in layers)

    bs = r.biases
    sb = None if bs is None else tuple(tuple(c * v for v in b) for b in bs)
    f1, f1c = relu_net(r.layers, r.x, bs)[0], relu_net(scaled(r.layers), r.x, sb)[0]
    f2, f2c = relu_net(r.layers2, r.x, bs)[0], relu_net(scaled(r.layers2), r.x, sb)[0]
    ck = c ** k
    out = [equal(f1c, ck * f1, label=f"f(c theta) = c^k f(theta), k = {k}"),
           equal(f1c + f2c, ck * (f1 + f2), label="h1 + h2 is k-homogeneous"),
           equal(max(f1c, 0), ck * max(f1, 0), label="ReLU(h1) is k-homogeneous")]
    if f2 != 0 and f2c != 0:
        out.append(equal(f1c / f2c, f1 / f2, label="h1/h2 is scale-invariant"))
    return out


RELU = Claim(
    id="relu-net-parameter-homogeneity",
    title="Bias-free ReLU networks are k-homogeneous in their parameters",
    statement="f(theta) = W_k ReLU(W_{k-1} ... ReLU(W_1 x)) satisfies f(c theta) = c^k f(theta) for c > 0; sums and "
              "ReLUs of k-homogeneous functions are k-homogeneous and their quotients scale-invariant",
    sources=[Source(ARORA, "§13.1, Def. 13.1.2 and Problem 13.1.3; note after Def. 13.2.1", ("ARORA-1045",))],
    kind="exact",
    area="optimization",
    instances=relu_cases(),
    conclusion=_relu_checks,
    proof_idea="ReLU(cz) = c ReLU(z) for c > 0, so scaling every layer by c pulls one factor c out of each layer.",
    mutants=[
        Mutant("with-biases", "a bias b_k adds c b_k to c^k f, not c^k b_k", instances=relu_cases(biased=True)),
        Mutant("negative-scale", "ReLU(cz) = |c| ReLU(-z) for c < 0, which differs from c ReLU(z)",
               instances=relu_cases(negative_c=True, min_depth=2)),
        Mutant("degree-k-minus-1", "f(c theta) = c^k f(theta), not c^(k-1) f(theta), whenever f != 0 and c != 1",
               conclusion=lambda r: _relu_checks(r, degree_shift=1)[:1]),
    ],
    examples=60,
)
test_relu_net_parameter_homogeneity = RELU.test()


def _layernorm_checks(case: LayerNormCase, eps: float = 0.0, freeze_all_top: bool = True) -> list[Check]:
    c, L = case.c, len(case.gammas)
    outs, err, errs = layernorm_net(case.Ws, case.gammas, case.betas, case.x, eps)
    # all parameters scaled: every hidden layer is multiplied by c
    s_outs, _, s_errs = layernorm_net([c * W for W in case.Ws], [c * g for g in case.gammas],
                                      [c * b for b in case.betas], case.x, eps)
    checks = [close(s_outs[l], c * outs[l], tol=s_errs[l] + c * errs[l] + 1e-300,
                    label=f"x^({l + 1})(c theta) = c x^({l + 1})(theta)",
                    why="first-order rounding bounds of both evaluations (checks.scale_invariance.layernorm_net)")
              for l in range(L)]
    # top LayerNorm (gamma^(L), beta^(L)) and W^(L) frozen (or only W^(L), for the control)
    top = L - 1 if freeze_all_top else L
    Ws = [c * W for W in case.Ws[:-1]] + [case.Ws[-1]]
    gs = [c * g if i < top else g for i, g in enumerate(case.gammas)]
    bs = [c * b if i < top else b for i, b in enumerate(case.betas)]
    f_outs, f_err, _ = layernorm_net(Ws, gs, bs, case.x, eps)
    checks.append(close(f_outs[-1], outs[-1], tol=f_err + err + 1e-300,
                        label="output scale-invariant with the top frozen", why="rounding bounds of both evaluations"))
    return checks


LAYERNORM = Claim(
    id="layernorm-network-scale-invariance",
    title="LayerNorm networks: hidden outputs 1-homogeneous, output scale-invariant with the top frozen",
    statement="For x^(l) = ReLU(LN(W^(l-1) x^(l-1))) with LN(a) = gamma (a - mean)/std + beta (no epsilon), every x^(l) "
              "is 1-homogeneous in all parameters, and with gamma^(L), beta^(L), W^(L) frozen the output is "
              "scale-invariant in the others",
    sources=[Source(ARORA, "§13.2, Lemma 13.2.2", ("ARORA-1046",))],
    kind="numeric",
    area="optimization",
    instances=layernorm_cases(),
    conclusion=_layernorm_checks,
    proof_idea="LN(s a) = LN(a) for s > 0 (mean and std scale with a), so whatever scale the pre-activation has, the "
               "normalized value is unchanged and gamma, beta contribute one factor c; ReLU keeps it.",
    mutants=[
        Mutant("layernorm-epsilon", "LN with variance + 1e-5 is not invariant once the pre-activation variance is "
               "comparable to 1e-5 (c ~ 1e-2)",
               conclusion=lambda case: _layernorm_checks(case, eps=1e-5), instances=layernorm_cases(c_exp=(-3, -2))),
        Mutant("freeze-only-last-layer", "with gamma^(L), beta^(L) scaled, x^(L) scales by c and so does the output",
               conclusion=lambda case: _layernorm_checks(case, freeze_all_top=False)[-1:]),
    ],
    examples=60,
)
test_layernorm_network_scale_invariance = LAYERNORM.test()


# ------------------------------------------------------------------------------ calculus identities
def _identities(p: SIPoint, mutant: str = "") -> list[Check]:
    L, w, c = p.loss, list(p.w), p.c
    cw = [c * x for x in w]
    g, gc = L.grad(w), L.grad(cw)
    H, Hc = L.hessian(w), L.hessian(cw)
    if mutant == "grad-times-c":
        return [equal(tuple(gc), tuple(c * x for x in g), label="∇L(cw) = c ∇L(w)")]
    if mutant == "hessian-over-c":
        return [equal(tuple(map(tuple, Hc)), tuple(tuple(x / c for x in r) for r in H), label="∇²L(cw) = ∇²L(w)/c")]
    if mutant == "euler-degree-one":
        return [equal(dot(w, g), L.value(w), label="<w, ∇L(w)> = L(w)")]
    return [equal(L.value(cw), L.value(w), label="L(cw) = L(w)"),
            equal(dot(w, g), 0, label="<w, ∇L(w)> = 0"),
            equal(tuple(gc), tuple(x / c for x in g), label="∇L(cw) = ∇L(w)/c"),
            equal(tuple(map(tuple, Hc)), tuple(tuple(x / c ** 2 for x in r) for r in H), label="∇²L(cw) = ∇²L(w)/c^2"),
            equal(tuple(matvec(H, w)), tuple(-x for x in g), label="∇²L(w) w = -∇L(w)")]


IDENTITIES = Claim(
    id="scale-invariant-derivative-identities",
    title="Scale-invariant functions: Euler identity and scaling of gradient and Hessian",
    statement="If L(cw) = L(w) for all c > 0 then <w, ∇L(w)> = 0, ∇L(cw) = ∇L(w)/c, ∇²L(cw) = ∇²L(w)/c^2 and "
              "∇²L(w) w = -∇L(w)",
    sources=[Source(ARORA, "§13.2, Lemma 13.2.3", ("ARORA-1047",))],
    kind="exact",
    area="optimization",
    instances=si_points(),
    conclusion=_identities,
    proof_idea="Differentiate L(cw) = L(w) in c at c = 1 (Euler, degree 0) and in w (chain rule gives c ∇L(cw) = "
               "∇L(w), c^2 ∇²L(cw) = ∇²L(w)); differentiating <w, ∇L(w)> = 0 in w gives ∇L + ∇²L w = 0.",
    mutants=[
        Mutant("grad-times-c", "the gradient of a degree-0 function has degree -1", conclusion=lambda p: _identities(p, "grad-times-c")),
        Mutant("hessian-over-c", "the Hessian has degree -2, so H(cw) = H(w)/c fails for c != 1 where H != 0",
               conclusion=lambda p: _identities(p, "hessian-over-c")),
        Mutant("euler-degree-one", "Euler's identity for degree 0 gives 0, not L(w)", conclusion=lambda p: _identities(p, "euler-degree-one")),
    ],
    examples=60,
)
test_scale_invariant_derivative_identities = IDENTITIES.test()


# ------------------------------------------------------------------------------ weight decay = LR schedule
def _equivalence(r: WDRun, schedule=lambda eta, q, t: eta / q ** (2 * t + 1)) -> list[Check]:
    q = 1 - r.eta * r.lam
    ws = gd_wd(r.losses, r.w0, r.eta, r.lam)
    hats = gd_schedule(r.losses, r.w0, [schedule(r.eta, q, t) for t in range(len(r.losses))])
    return [equal(tuple(hats[t]), tuple(x / q ** t for x in ws[t]), label=f"ŵ_{t} = w_{t}/(1 - eta lam)^{t}")
            for t in range(1, len(ws))]


def _quadratic_runs():
    return wd_runs().map(lambda r: WDRun(tuple(Quadratic(L) for L in r.losses), r.w0, r.eta, r.lam))


EQUIVALENCE = Claim(
    id="gd-wd-equals-exponential-lr",
    title="GD + weight decay on scale-invariant losses = GD with exponentially growing steps",
    statement="For scale-invariant L_t and eta lam < 1, w_{t+1} = (1 - eta lam) w_t - eta ∇L_t(w_t) and "
              "ŵ_{t+1} = ŵ_t - eta (1 - eta lam)^-(2t+1) ∇L_t(ŵ_t), ŵ_0 = w_0, satisfy ŵ_t = w_t/(1 - eta lam)^t",
    sources=[Source(ARORA, "§13.3, Theorem 13.3.1 and proof (eta_t with the factor eta)", ("ARORA-1048",))],
    kind="exact",
    area="optimization",
    instances=wd_runs(),
    conclusion=_equivalence,
    proof_idea="Induction: if ŵ_t = w_t/q^t (q = 1 - eta lam) then ∇L(ŵ_t) = q^t ∇L(w_t), so ŵ_{t+1} = w_t/q^t - eta "
               "q^-(2t+1) q^t ∇L(w_t) = ((q w_t - eta ∇L(w_t)))/q^(t+1) = w_{t+1}/q^(t+1).",
    mutants=[
        Mutant("schedule-even-exponent", "eta (1 - eta lam)^-2t takes a step q times too small",
               conclusion=lambda r: _equivalence(r, schedule=lambda eta, q, t: eta / q ** (2 * t))),
        Mutant("not-scale-invariant", "for L = w^T A w the gradient scales like ∇L(w/s) = ∇L(w)/s, breaking the induction",
               instances=_quadratic_runs()),
    ],
    examples=40,
)
test_gd_wd_equals_exponential_lr = EQUIVALENCE.test()

EQUIVALENCE_PRINTED = Claim(
    id="gd-wd-equals-exponential-lr-printed",
    title="GD + weight decay = exponential LR, as printed: eta_t = (1 - eta lam)^-(2t+1)",
    statement="GD+WD on scale-invariant L_t equals, after ŵ_t = w_t/(1 - eta lam)^t, GD with eta_t = (1 - eta lam)^-(2t+1)",
    sources=[Source(ARORA, "§13.3, Theorem 13.3.1 (statement)", ("ARORA-1048",))],
    kind="exact",
    area="optimization",
    instances=wd_runs(),
    conclusion=lambda r: _equivalence(r, schedule=lambda eta, q, t: 1 / q ** (2 * t + 1)),
    proof_idea="The proof's step is eta/(1 - eta lam)^(2t+1); without eta the first step already differs unless eta = 1.",
    audit=True,
    corrected="gd-wd-equals-exponential-lr",
    finding="The statement drops the factor eta of the schedule (the proof uses eta (1 - eta lam)^-(2t+1)); for eta != 1 "
            "and ∇L_0(w_0) != 0 the first rescaled iterate already differs.  Corrected: eta_t = eta (1 - eta lam)^-(2t+1).",
    examples=40,
)
test_gd_wd_equals_exponential_lr_printed = EQUIVALENCE_PRINTED.test()


# ------------------------------------------------------------------------------ bounds through rho
def _sphere_checks(p, grad_factor: Fraction = Fraction(1), range_factor=None, drop_radius: bool = False) -> list[Check]:
    if isinstance(p, SIPoint):
        L, w = p.loss, list(p.w)
        n2, rho = dot(w, w), L.rho
        g = L.grad(w)
        gw = dot(g, g) * (1 if drop_radius else n2)
        out = [le(gw, (grad_factor * rho) ** 2, label="||∇L(w)||^2 ||w||^2 <= rho^2" if not drop_radius else "||∇L(w)||^2 <= rho^2")]
        rng = L.value(w) - L.min_value
        out.append(le(rng, rho * (PI2_LO / 2 if range_factor is None else range_factor), label="L(w) - min L <= pi^2 rho/2"))
        H = np.array([[float(x) for x in r] for r in L.hessian(w)])
        hn = float(np.max(np.abs(np.linalg.eigvalsh(H))))
        d = len(w)
        out.append(le(hn * float(n2), float(rho), tol=8 * d * EPS * float(np.linalg.norm(H)) * float(n2) + 4 * EPS * float(rho),
                      label="||∇²L(w)|| ||w||^2 <= rho", why="rounding of H to floats and eigvalsh: 8 d eps ||H||_F"))
        return out
    L, w = p.loss, p.w
    r2 = float(w @ w)
    lo, hi = L.rho_bounds
    e = L.error()
    th = math.atan2(w[1], w[0])
    g = abs(float(L.phi(th, 1)))
    # ||∇L(w)|| = |phi'|/r: compare ||∇L(w)||^2 r^2 = phi'^2 (or ||∇L(w)||^2 = phi'^2/r^2 when the radius is dropped)
    gval = g * g / r2 if drop_radius else g * g
    out = [le(gval, float(grad_factor) ** 2 * hi * hi, tol=(2 * g + e) * e / (r2 if drop_radius else 1),
              label="||∇L(w)||^2 ||w||^2 <= rho^2" if not drop_radius else "||∇L(w)||^2 <= rho^2",
              why="phi' within e_phi = 64 eps S_2")]
    mlo, _ = L.min_bounds
    out.append(le(float(L.phi(th)) - mlo, hi * (math.pi ** 2 / 2 if range_factor is None else float(range_factor)),
                  tol=e, label="L(w) - min L <= pi^2 rho/2", why="phi within e_phi"))
    out.append(le(float(L.sphere_hessian_norm(th)), hi, tol=3 * e, label="||∇²L(w)|| ||w||^2 <= rho",
                  why="phi', phi'' within e_phi"))
    return out


def _printed_rho(p) -> Check:
    """As printed, rho is also the maximum of ||∇²L(w)|| over ALL w, so ||∇²L(w)|| <= rho everywhere."""
    if isinstance(p, SIPoint):
        H = p.loss.hessian(list(p.w))
        fro2 = sum(x * x for r in H for x in r)
        d = len(p.w)
        # ||H||_2^2 >= ||H||_F^2 / d, exact
        return le(fro2 / d, p.loss.rho ** 2, label="||∇²L(w)||_F^2/d <= rho^2 (implied by ||∇²L(w)|| <= rho)")
    r2 = float(p.w @ p.w)
    th = math.atan2(p.w[1], p.w[0])
    return le(float(p.loss.sphere_hessian_norm(th)) / r2, p.loss.rho_bounds[1], tol=3 * p.loss.error() / r2,
              label="||∇²L(w)|| <= rho", why="phi', phi'' within e_phi")


SPHERE_INSTANCES = st.one_of(si_points(), angular_points())

SPHERE = Claim(
    id="scale-invariant-sphere-bounds",
    title="Scale-invariant losses: gradient, Hessian and loss range bounded through rho",
    statement="With rho = max_{||w||=1} ||∇²L(w)||: ||∇L(w)|| <= rho/||w|| (stronger than the printed <= pi rho on the "
              "unit sphere), ||∇²L(w)|| <= rho/||w||^2, and L(w) - min L <= pi^2 rho/2",
    sources=[Source(ARORA, "§13.4, Def. 13.4.1 (first equality), Lemma 13.4.3 parts 1-2, Problem 13.4.4",
                    ("ARORA-1049", "ARORA-1050"))],
    kind="numeric",
    area="optimization",
    instances=SPHERE_INSTANCES,
    conclusion=_sphere_checks,
    proof_idea="∇²L(w) w = -∇L(w) gives ||∇L(w̄)|| <= ||∇²L(w̄)|| <= rho, and degrees -1, -2 give the 1/||w||, "
               "1/||w||^2; the range follows from Taylor along a great circle of length <= pi from a minimizer, where "
               "the first-order term vanishes.",
    mutants=[
        Mutant("gradient-half-rho", "phi = cos theta has max |phi'| = 1 > rho/2 = 1/sqrt(3)",
               conclusion=lambda p: _sphere_checks(p, grad_factor=Fraction(1, 2))[:1]),
        Mutant("range-quarter-rho", "a Rayleigh quotient has range (lambda_max - lambda_min) = rho/2 > rho/4",
               conclusion=lambda p: _sphere_checks(p, range_factor=Fraction(1, 4))[1:2]),
        Mutant("gradient-bound-without-radius", "||∇L(w)|| = ||∇L(w̄)||/||w|| is unbounded as w -> 0",
               conclusion=lambda p: _sphere_checks(p, drop_radius=True)[:1]),
    ],
    examples=80,
)
test_scale_invariant_sphere_bounds = SPHERE.test()

SPHERE_PRINTED = Claim(
    id="scale-invariant-rho-printed",
    title="rho as printed: max over the unit sphere = max over all w of ||∇²L(w)||",
    statement="rho = max_{||w||=1} ||∇²L(w)|| = max_w ||∇²L(w)||, so ||∇²L(w)|| <= rho for every w != 0",
    sources=[Source(ARORA, "§13.4, Definition 13.4.1", ("ARORA-1049",))],
    kind="numeric",
    area="optimization",
    instances=SPHERE_INSTANCES,
    conclusion=_printed_rho,
    proof_idea="∇²L(cw) = ∇²L(w)/c^2, so the maximum over all w is infinite unless ∇²L vanishes.",
    audit=True,
    corrected="scale-invariant-sphere-bounds",
    finding="The second equality is false: the Hessian of a scale-invariant loss has degree -2 and blows up as w -> 0 "
            "(for a Rayleigh quotient at ||w|| = 1/8 the Hessian is 64 times its value on the sphere).  Corrected: rho "
            "is the maximum over the unit sphere only, and then ||∇²L(w)|| <= rho/||w||^2.",
    examples=80,
)
test_scale_invariant_rho_printed = SPHERE_PRINTED.test()


def _orthogonal(s, curvature: Fraction = Fraction(1, 2)) -> Check:
    L, x, v = s.loss, list(s.x), list(s.v)
    lhs = L.value([a + b for a, b in zip(x, v)]) - L.value(x)
    rhs = dot(v, L.grad(x)) + curvature * L.rho * dot(v, v) / dot(x, x)
    return le(lhs, rhs, label=f"L(x+v) - L(x) <= <v, ∇L(x)> + {curvature} rho ||v||^2/||x||^2")


ORTHOGONAL = Claim(
    id="scale-invariant-orthogonal-descent-inequality",
    title="Descent inequality for steps orthogonal to w on a scale-invariant loss",
    statement="For scale-invariant C^2 L, x != 0 and v ⊥ x: L(x + v) - L(x) <= <v, ∇L(x)> + rho ||v||^2/(2||x||^2)",
    sources=[Source(ARORA, "§13.4, Lemma 13.4.5", ("ARORA-1051",))],
    kind="exact",
    area="optimization",
    instances=orthogonal_steps(),
    conclusion=_orthogonal,
    proof_idea="Taylor along x + s v: every point has norm >= ||x|| (v ⊥ x), where ||∇²L|| <= rho/||x||^2.  Tight at "
               "x = v_min, v -> 0 along v_max for a Rayleigh quotient: the increase is (lambda_max - lambda_min)||v||^2/||x||^2.",
    mutants=[
        Mutant("quarter-curvature", "from the bottom eigenvector toward the top one the increase is ≈ rho||v||^2/(2||x||^2)",
               conclusion=lambda s: _orthogonal(s, Fraction(1, 4))),
        Mutant("no-curvature-term", "at a minimizer ∇L = 0 but L increases along any non-flat direction",
               conclusion=lambda s: _orthogonal(s, Fraction(0))),
    ],
    examples=60,
)
test_scale_invariant_orthogonal_descent_inequality = ORTHOGONAL.test()


def _step(s: WDStep):
    w, L = list(s.w), s.loss
    g = L.grad(w)
    w1 = [(1 - s.eta * s.lam) * a - s.eta * b for a, b in zip(w, g)]
    return w, g, w1


def _decrease(s: WDStep, correction: bool = True, curvature: Fraction = Fraction(2)) -> list[Check]:
    w, g, w1 = _step(s)
    L, eta, q = s.loss, s.eta, 1 - s.eta * s.lam
    n, g2 = dot(w, w), dot(g, g)
    dec = L.value(w) - L.value(w1)
    if not correction:
        return [ge(dec, eta * g2, label="L(w_t) - L(w_t+1) >= eta ||∇L(w_t)||^2")]
    first = ge(dec, eta * (1 - curvature * L.rho * eta / n) * g2,
               label=f"L(w_t) - L(w_t+1) >= eta (1 - {curvature} rho eta/||w_t||^2) ||∇L(w_t)||^2")
    if curvature != 2:
        return [first]
    return [first,
            ge(dec, eta * g2 * (1 / q - L.rho * eta / (2 * q * q * n)),
               label="decrease >= eta||∇L||^2 [1/(1-eta lam) - rho eta/(2(1-eta lam)^2 ||w||^2)]")]


DECREASE = Claim(
    id="gd-wd-one-step-decrease",
    title="One step of GD + weight decay on a scale-invariant loss decreases it",
    statement="If w_{t+1} = (1 - eta lam) w_t - eta ∇L(w_t) with eta lam <= 1/2, then L(w_t) - L(w_{t+1}) >= "
              "eta (1 - 2 rho eta/||w_t||^2) ||∇L(w_t)||^2 (and the sharper eta||∇L||^2[1/(1 - eta lam) - "
              "rho eta/(2(1 - eta lam)^2||w_t||^2)])",
    sources=[Source(ARORA, "§13.4, Theorem 13.4.6 and Problem 13.4.7", ("ARORA-1052",))],
    kind="exact",
    area="optimization",
    instances=wd_steps(),
    conclusion=_decrease,
    proof_idea="By scale invariance L(w_{t+1}) = L(w_t - eta' ∇L(w_t)) with eta' = eta/(1 - eta lam) in [eta, 2 eta]; the "
               "orthogonal descent inequality with v = -eta' ∇L gives a decrease eta'||∇L||^2(1 - rho eta'/(2||w||^2)).",
    mutants=[
        Mutant("no-curvature-factor", "for ||w_t||^2 < rho eta/2 the step overshoots on the sphere and the loss can rise",
               conclusion=lambda s: _decrease(s, correction=False)[:1]),
        Mutant("eighth-correction", "at lam = 0 near the bottom eigenvector of a Rayleigh quotient the curvature along "
               "-∇L is rho/||w||^2, so the decrease is about eta(1 - rho eta/(2||w||^2))||∇L||^2 < eta(1 - rho eta/(4||w||^2))||∇L||^2",
               conclusion=lambda s: _decrease(s, curvature=Fraction(1, 4))),
    ],
    examples=80,
)
test_gd_wd_one_step_decrease = DECREASE.test()


def _norm_dynamics(s: WDStep, decay=lambda q: q * q) -> Check:
    w, g, w1 = _step(s)
    q = 1 - s.eta * s.lam
    return equal(dot(w1, w1), decay(q) * dot(w, w) + s.eta ** 2 * dot(g, g),
                 label="||w_t+1||^2 = (1 - eta lam)^2 ||w_t||^2 + eta^2 ||∇L(w_t)||^2")


NORM = Claim(
    id="gd-wd-norm-dynamics",
    title="Norm recursion of GD + weight decay on a scale-invariant loss",
    statement="||w_{t+1}||^2 = (1 - eta lam)^2 ||w_t||^2 + eta^2 ||∇L(w_t)||^2 (= ... + eta^2 ||∇L(w̄_t)||^2/||w_t||^2)",
    sources=[Source(ARORA, "§13.4, eq. (13.4)", ("ARORA-1053",))],
    kind="exact",
    area="optimization",
    instances=wd_steps(),
    conclusion=_norm_dynamics,
    proof_idea="Pythagoras: ∇L(w_t) ⊥ w_t (Euler); the second form is ∇L(w) = ∇L(w̄)/||w||.",
    mutants=[
        Mutant("linear-decay", "(1 - eta lam)^2 = 1 - 2 eta lam + eta^2 lam^2, not 1 - 2 eta lam",
               conclusion=lambda s: _norm_dynamics(s, decay=lambda q: 2 * q - 1)),
        Mutant("not-scale-invariant", "for L = w^T A w the cross term -2 eta (1 - eta lam) <w, ∇L> = -4 eta q L(w) remains",
               instances=wd_steps().map(lambda s: WDStep(Quadratic(s.loss), s.w, s.eta, s.lam))),
    ],
    examples=60,
)
test_gd_wd_norm_dynamics = NORM.test()


# ------------------------------------------------------------------------------ dynamics (float runs)
def _thresholds(c: AngularRunCase) -> tuple[float, float, float, float]:
    """``(pi^2 rho eta, 8 pi^4 rho^2 lam eta, tol on grad2)`` at the ends of the rho bracket favouring the
    statement, and ``rho_hi``."""
    lo, hi = c.rho
    S1 = sum(m * (abs(a) + abs(b)) for m, (a, b) in enumerate(zip(c.loss.a, c.loss.b), 1))
    return math.pi ** 2 * lo * c.eta, 8 * math.pi ** 4 * hi * hi * c.lam * c.eta, 4 * S1 * c.loss.error(), hi


def _window(c: AngularRunCase) -> int:
    return math.ceil(1 / (6 * c.lam * c.eta))


def _escape(c: AngularRunCase, furthermore_bound=None) -> list[Check]:
    W = _window(c)
    run = angular_gd_wd(c.loss, c.w0(), c.eta, c.lam, 2 * W)
    nthr, gthr, gtol, hi = _thresholds(c)
    t = np.arange(len(run.norm2))
    good = (run.norm2 * (1 + 8 * EPS * (t + 1)) >= nthr) | (run.grad2 <= gthr + gtol)
    bad_run, longest = 0, 0
    for ok in good:
        bad_run = 0 if ok else bad_run + 1
        longest = max(longest, bad_run)
    out = [le(longest, W - 1, label=f"longest run without a good iterate < ceil(1/(6 lam eta)) = {W}")]
    n0 = run.norm2[0]
    above = np.nonzero(run.norm2 > math.pi ** 2 * hi * c.eta)[0]
    if len(above):
        T = int(above[0])
        cap = 2 * (math.pi ** 2 * hi * c.eta) ** 2 / n0 if furthermore_bound is None else furthermore_bound(c, hi)
        out.append(le(run.norm2[T], cap, tol=cap * 16 * EPS * (T + 1),
                      label=f"first T = {T} above pi^2 rho eta: ||w_T||^2 <= 2(pi^2 rho eta)^2/||w_0||^2",
                      why="relative rounding 8 eps per step of ||w_t||^2 and of ||w_0||^2"))
    return out


ESCAPE = Claim(
    id="gd-wd-escape-small-norm",
    title="GD + weight decay escapes small norm: every 1/(6 lam eta) steps the norm is large or the gradient small",
    statement="For eta lam <= 1/2, every ceil(1/(6 lam eta)) consecutive iterates contain T with ||w_T||^2 >= pi^2 rho eta "
              "or ||∇L(w̄_T)||^2 <= 8 pi^4 rho^2 lam eta; if ||w_0||^2 <= pi^2 rho eta, the first T with ||w_T||^2 > "
              "pi^2 rho eta has ||w_T||^2 <= 2(pi^2 rho eta)^2/||w_0||^2",
    sources=[Source(ARORA, "§13.4, Lemma 13.4.8 (the 'furthermore' with ||w_0||^2 <= pi^2 rho eta)", ("ARORA-1054",))],
    kind="numeric",
    area="optimization",
    instances=angular_runs(scale_exp=(-6, -0.005)),
    conclusion=_escape,
    proof_idea="While ||w||^2 < pi^2 rho eta and the normalized gradient is large, the norm recursion adds "
               "eta^2||∇L(w̄)||^2/||w||^2 > 8 pi^2 rho lam eta^2 per step, which beats the decay within 1/(6 lam eta) "
               "steps; at the crossing ||w_T||^2 <= ||w_{T-1}||^2 + eta^2 rho^2/||w_{T-1}||^2 and ||w_{T-1}||^2 >= ||w_0||^2 "
               "(up to the decay).",
    mutants=[
        Mutant("crossing-below-threshold", "the first iterate above pi^2 rho eta is above it by definition",
               conclusion=lambda c: _escape(c, furthermore_bound=lambda c, hi: math.pi ** 2 * hi * c.eta)[1:]
               or [holds(True, "no crossing in the run: nothing to compare")]),
    ],
    examples=20,
)
test_gd_wd_escape_small_norm = ESCAPE.test()

ESCAPE_PRINTED = Claim(
    id="gd-wd-escape-small-norm-printed",
    title="Escape lemma as printed: the 'furthermore' without a hypothesis on ||w_0||",
    statement="For any w_0, the first T with ||w_T||^2 > pi^2 rho eta has ||w_T||^2 <= 2(pi^2 rho eta)^2/||w_0||^2",
    sources=[Source(ARORA, "§13.4, Lemma 13.4.8 (as printed)", ("ARORA-1054",))],
    kind="numeric",
    area="optimization",
    instances=angular_runs(scale_exp=(-6, 4)),
    conclusion=lambda c: _escape(c)[1:] or [holds(True, "no crossing in the run")],
    proof_idea="If ||w_0||^2 > sqrt(2) pi^2 rho eta then T = 0 and ||w_0||^4 > 2(pi^2 rho eta)^2.",
    audit=True,
    corrected="gd-wd-escape-small-norm",
    finding="Without ||w_0||^2 <= pi^2 rho eta the 'furthermore' fails at T = 0 as soon as ||w_0||^2 > sqrt(2) pi^2 rho eta. "
            "Corrected: assume ||w_0||^2 <= pi^2 rho eta (the case in which the lemma is used).",
    examples=20,
)
test_gd_wd_escape_small_norm_printed = ESCAPE_PRINTED.test()


def _hitting_time(c: AngularRunCase, horizon: float) -> tuple[int, int]:
    """The first t <= horizon with a small normalized gradient (horizon + 1 if none), and the steps run."""
    _, gthr, gtol, _ = _thresholds(c)
    steps = max(int(math.floor(horizon)), 0)
    run = angular_gd_wd(c.loss, c.w0(), c.eta, c.lam, steps, stop=lambda t, n2, g2: g2 <= gthr + gtol)
    hit = len(run.grad2) - 1
    return (hit if run.grad2[-1] <= gthr + gtol else steps + 1), steps


def _comes_down(c: AngularRunCase, shrink: float = 1.0) -> Check:
    lo, hi = c.rho
    n0 = c.norm0
    T0 = math.log(2 * n0 / (lo * math.pi ** 2 * c.eta)) / (2 * c.eta * c.lam)
    hit, _ = _hitting_time(c, math.ceil(T0))      # run to the statement's horizon, so a mutant sees the true time
    T0 /= shrink
    return le(hit, T0, label=f"first t with ||∇L(w̄_t)||^2 <= 8 pi^4 rho^2 lam eta is < T_0 = {T0:.1f}")


COMES_DOWN = Claim(
    id="gd-wd-norm-comes-down",
    title="GD + weight decay from a large norm reaches a small normalized gradient within T_0 steps",
    statement="If eta lam < 1/2 and ||w_0||^2 > pi^2 rho eta then some t < T_0 = (1/(2 eta lam)) ln(2||w_0||^2/(rho pi^2 eta)) "
              "has ||∇L(w̄_t)||^2 <= 8 pi^4 rho^2 lam eta",
    sources=[Source(ARORA, "§13.4, Lemma 13.4.9", ("ARORA-1055",))],
    kind="numeric",
    area="optimization",
    instances=angular_runs(scale_exp=(0.005, 4)),
    conclusion=_comes_down,
    proof_idea="If the normalized gradient stayed large, the one-step decrease would bound sum eta^2 ||∇L||^2 by "
               "O(rho eta) while the norm decays like (1 - eta lam)^2t; after T_0 steps the norm recursion and the decrease "
               "contradict each other.  (The printed proof has gaps; the statement is tested directly.)",
    mutants=[
        Mutant("time-over-ten", "from a large norm the direction cannot move until ||w||^2 has decayed to about "
               "||w_0||^2 (1 - eta lam)^2t ~ rho eta/(lam eta): that takes more than T_0/10 steps",
               conclusion=lambda c: _comes_down(c, shrink=10.0), instances=angular_runs(scale_exp=(2, 4))),
    ],
    examples=15,
)
test_gd_wd_norm_comes_down = COMES_DOWN.test()


def _convergence(c: AngularRunCase, absolute: bool = True, shrink: float = 1.0) -> Check:
    lo, hi = c.rho
    n0 = c.norm0
    logs = [math.log(n0 / (r * math.pi ** 2 * c.eta)) for r in (lo, hi)]
    vals = [(abs(x) if absolute else x) + 3 for x in logs]
    bound = max(vals) / (2 * c.lam * c.eta)
    hit, _ = _hitting_time(c, max(bound, 0.0))    # run to the statement's horizon, so a mutant sees the true time
    bound /= shrink
    return le(hit, bound, label=f"first t with ||∇L(w̄_t)||^2 <= 8 pi^4 rho^2 lam eta is <= {bound:.1f}")


CONVERGENCE = Claim(
    id="gd-wd-scale-invariant-convergence",
    title="GD + weight decay on a scale-invariant loss reaches a small normalized gradient in O(|log||w_0|||/(lam eta)) steps",
    statement="For eta lam < 1/2 and any w_0 != 0 some t <= (1/(2 lam eta))(|ln(||w_0||^2/(rho pi^2 eta))| + 3) has "
              "||∇L(w̄_t)||^2 <= 8 pi^4 rho^2 lam eta",
    sources=[Source(ARORA, "§13.4, Theorem 13.4.2 (with the absolute value)", ("ARORA-1056",)),
             Source(LBZ, "Theorem on GD + WD for scale-invariant losses", ())],
    kind="numeric",
    area="optimization",
    instances=angular_runs(scale_exp=(-6, 4)),
    conclusion=_convergence,
    proof_idea="From a small norm the escape lemma lifts ||w||^2 above pi^2 rho eta within 1/(6 lam eta) steps (the "
               "log term controls how far above); from a large norm Lemma 13.4.9 applies with T_0 = "
               "ln(2||w_0||^2/(rho pi^2 eta))/(2 eta lam).",
    mutants=[
        Mutant("time-over-ten", "the norm needs about ln(||w_0||^2/(rho pi^2 eta))/(2 eta lam) steps to decay before the "
               "direction moves, more than a tenth of the bound for large ||w_0||",
               conclusion=lambda c: _convergence(c, shrink=10.0), instances=angular_runs(scale_exp=(2, 4))),
    ],
    examples=15,
)
test_gd_wd_scale_invariant_convergence = CONVERGENCE.test()

CONVERGENCE_PRINTED = Claim(
    id="gd-wd-scale-invariant-convergence-printed",
    title="Convergence of GD + weight decay as extracted: time bound without the absolute value",
    statement="Some t <= (1/(2 lam eta))(ln(||w_0||^2/(rho pi^2 eta)) + 3) has ||∇L(w̄_t)||^2 <= 8 pi^4 rho^2 lam eta",
    sources=[Source(ARORA, "§13.4, Theorem 13.4.2 (as extracted)", ("ARORA-1056",))],
    kind="numeric",
    area="optimization",
    instances=angular_runs(scale_exp=(-6, 4)),
    conclusion=lambda c: _convergence(c, absolute=False),
    proof_idea="For ||w_0||^2 < e^-3 rho pi^2 eta the bound is negative and no t >= 0 satisfies it.",
    audit=True,
    corrected="gd-wd-scale-invariant-convergence",
    finding="Without |.| around the logarithm the time bound is negative once ||w_0||^2 < e^-3 rho pi^2 eta, so the statement "
            "fails for every small start (likely an extraction loss).  Corrected: |ln(||w_0||^2/(rho pi^2 eta))| + 3.",
    examples=15,
)
test_gd_wd_scale_invariant_convergence_printed = CONVERGENCE_PRINTED.test()
