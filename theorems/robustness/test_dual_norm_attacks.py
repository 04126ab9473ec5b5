"""Robust risk and first-order (dual-norm) attacks.

Statement.  For ``‖·‖_p`` with dual exponent ``q`` (``1/p + 1/q = 1``) and ``w ≠ 0``:
- ``max_{‖δ‖_p <= ε} ⟨w, δ⟩ = ε‖w‖_q``, attained at ``ε·sign(w)`` for ``p = ∞`` (FGSM, gain
  ``ε‖w‖₁``, which grows with the dimension), at ``ε·sign(w_k)e_k`` (``k = argmax |w_k|``) for ``p = 1``;
  so the linearized loss ``ℓ + ⟨∇ℓ, δ⟩`` gains exactly ``ε‖∇ℓ‖_q``, a linear score moves by at most
  ``ε‖w‖_q``, and the smallest ``ℓ_p`` perturbation that reaches the boundary of ``sign(w·x + b)`` has
  size ``|w·x + b|/‖w‖_q``.
- Robust risk dominates risk: ``R(f) <= R_rob,ε₁(f) <= R_rob,ε₂(f)`` for ``ε₁ <= ε₂``, with equality at
  ``ε = 0``; equivalently robust accuracy ``<=`` accuracy.  "Accuracy + robust accuracy ``<= 1``" is false.
- Clean accuracy can rise while robust accuracy falls (a Tsipras-type model).

Sources.  Zhao, *From Approximation to Emergence*, Def. 12.2 (ZHAO-109), Prop. 12.4 and Figs 12.5-12.6
(ZHAO-110, ZHAO-111); Teng, Wang, Zhang, §2.2.1 (TENG-7, audited); *MSML* Ch. 24, A.8 (MSML-42) and
line 1527 (MSML-229, audited: it pairs ``ℓ∞`` perturbations with ``‖∇f‖_∞``).

Proof idea.  Hölder: ``⟨w, δ⟩ <= ‖w‖_q‖δ‖_p``, and the sign vector (or the largest coordinate) attains it.
A linear function is maximized over a polytope at a vertex, which gives an independent brute-force
value.  Robust correctness at ``ε`` implies correctness (``δ = 0`` is allowed), and the balls are nested.
"""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import strategies as st
from scipy.special import ndtr, ndtri

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.documents import MSML, TENG, ZHAO
from checks.robustness import best_attack, dual_exponent, norm, vertex_max
from checks.strategies.robustness import LabelledSet, LinearModel, labelled_sets, linear_models

INF = math.inf


def _dot(a, b):
    return sum((s * t for s, t in zip(a, b)), Fraction(0))


# --- claim 1: the dual-norm attack on linear models -------------------------------------------------

def dual_norm_attack(m: LinearModel) -> list[Check]:
    q = dual_exponent(m.p)
    gain = m.eps * norm(m.w, q)
    delta = best_attack(m.w, m.eps, m.p)
    fx = _dot(m.w, m.x) + m.b
    r = abs(fx) / norm(m.w, q)
    flip = [-(1 if fx > 0 else -1) * t for t in best_attack(m.w, r, m.p)]
    return [equal(vertex_max(m.w, m.eps, m.p), gain, label="max over the ball's vertices = eps ||w||_q"),
            le(norm(delta, m.p), m.eps, label="the attack is feasible"),
            equal(_dot(m.w, delta), gain, label="<w, delta*> = eps ||w||_q"),
            equal(_dot(m.w, [a + t for a, t in zip(m.x, flip)]) + m.b, Fraction(0),
                  label="delta of size |f(x)|/||w||_q reaches the decision boundary")]


def linf_gain_l2(m: LinearModel) -> Check:
    return equal(vertex_max(m.w, m.eps, INF) ** 2, m.eps ** 2 * sum(a * a for a in m.w),
                 label="(max_{||d||_inf <= eps} <w, d>)^2 = eps^2 ||w||_2^2")


def step_eps_g(m: LinearModel) -> Check:
    return le(norm([m.eps * a for a in m.w], INF), m.eps, label="||eps w||_inf <= eps")


def flip_primal_norm(m: LinearModel) -> Check:
    fx = _dot(m.w, m.x) + m.b
    r = abs(fx) / norm(m.w, m.p)
    flip = [-(1 if fx > 0 else -1) * t for t in best_attack(m.w, r, m.p)]
    return equal(_dot(m.w, [a + t for a, t in zip(m.x, flip)]) + m.b, Fraction(0),
                 label="delta of size |f(x)|/||w||_p reaches the boundary")


ATTACK = Claim(
    id="dual-norm-linear-attack",
    title="First-order attacks: the worst l_p perturbation of a linear score gains eps times the dual norm",
    statement="for w != 0 and p in {1, inf} with dual q: max_{||delta||_p <= eps} <w, delta> = eps ||w||_q, "
              "attained by eps sign(w) (p = inf, FGSM) or eps sign(w_k) e_k (p = 1); the least l_p "
              "perturbation reaching the boundary of sign(w.x + b) has size |w.x + b|/||w||_q",
    sources=[Source(ZHAO, "Prop. 12.4, Figs 12.5-12.6", ("ZHAO-110", "ZHAO-111")),
             Source(MSML, "Ch. 24, line 1527 (correct form: l_inf pairs with ||grad f||_1)", ("MSML-229",))],
    kind="exact",
    area="robustness",
    instances=linear_models(),
    conclusion=dual_norm_attack,
    proof_idea="Hoelder's inequality <w, delta> <= ||w||_q ||delta||_p, with equality at the sign vector "
               "(p = inf) or the largest coordinate (p = 1); a linear function on a polytope is maximized "
               "at a vertex, which the check enumerates.",
    mutants=[
        Mutant("linf-gain-l2-norm", "for p = inf the gain is eps ||w||_1, which exceeds eps ||w||_2 when w has "
               "two non-zero entries", conclusion=linf_gain_l2, instances=linear_models(dense=True, ps=(INF,))),
        Mutant("fgsm-step-eps-grad", "eps w leaves the l_inf ball whenever ||w||_inf > 1",
               conclusion=step_eps_g, instances=linear_models(dense=True, ps=(INF,))),
        Mutant("flip-radius-primal-norm", "the flip radius divides by the dual norm, not by ||w||_p",
               conclusion=flip_primal_norm, instances=linear_models(dense=True)),
    ],
    examples=60,
)
test_dual_norm_linear_attack = ATTACK.test()


def linf_primal_pairing(m: LinearModel) -> Check:
    # the sign attack's gain (a lower bound on the sup, equal to it by dual-norm-linear-attack)
    return le(_dot(m.w, best_attack(m.w, m.eps, INF)), m.eps * norm(m.w, INF),
              label="|f(x + d) - f(x)| <= ||d||_inf ||grad f||_inf")


ATTACK_AUDIT = Claim(
    id="msml-linf-attack-primal-norm-as-printed",
    title="MSML-229 as printed: l_inf perturbations controlled by ||grad f||_inf",
    statement="for f(x) = w.x + b: sup_{||delta||_inf <= eps} |f(x + delta) - f(x)| <= eps ||w||_inf",
    sources=[Source(MSML, "Ch. 24, line 1527", ("MSML-229",))],
    kind="exact",
    area="robustness",
    instances=linear_models(ps=(INF,)),
    conclusion=linf_primal_pairing,
    proof_idea="(as printed) the change is the gradient norm times the perturbation size.",
    audit=True,
    corrected="dual-norm-linear-attack",
    finding="The norm paired with an l_inf perturbation is the dual l_1 norm: the sign attack gains "
            "eps ||w||_1, which exceeds eps ||w||_inf whenever w has two non-zero entries (w = (1, 1) "
            "gives 2 eps > eps).  Corrected: sup |f(x + delta) - f(x)| = eps ||w||_1.",
    examples=60,
)
test_msml_linf_attack_primal_norm_as_printed = ATTACK_AUDIT.test()


# --- claim 2: robust risk dominates risk ----------------------------------------------------------------

def _accuracies(s: LabelledSet, w, b, eps, brute: bool = True) -> tuple[Fraction, Fraction, Fraction]:
    """Weighted clean accuracy, robust accuracy by the dual norm, and (if ``brute``) by vertex
    enumeration (p = inf, the worst corner of the box; p = 1, the worst of the 2d vertices ``±eps e_k``)."""
    total = sum(s.weights)
    q = dual_exponent(s.p)
    clean = robust = worst = 0
    for x, y, c in zip(s.points, s.labels, s.weights):
        score = y * (_dot(w, x) + b)
        clean += c * (score > 0)
        robust += c * (score > eps * norm(w, q))
        if brute:
            worst += c * (score - vertex_max([-y * a for a in w], eps, s.p) > 0 if any(w) else score > 0)
    return Fraction(clean, total), Fraction(robust, total), Fraction(worst, total)


def robust_risk(s: LabelledSet) -> list[Check]:
    out = []
    for w, b in s.classifiers:
        acc, rob1, brute1 = _accuracies(s, w, b, s.eps[0])
        _, rob2, _ = _accuracies(s, w, b, s.eps[1])
        acc0 = _accuracies(s, w, b, Fraction(0))[1]
        out += [equal(rob1, brute1, label="robust accuracy: dual norm = worst vertex"),
                le(1 - acc, 1 - rob1, label="R(f) <= R_rob,eps1(f)"),
                le(1 - rob1, 1 - rob2, label="R_rob,eps1 <= R_rob,eps2 for eps1 <= eps2"),
                equal(acc0, acc, label="R_rob,0 = R")]
    return out


def robust_below_standard(s: LabelledSet) -> list[Check]:
    accs = [_accuracies(s, w, b, s.eps[1], brute=False) for w, b in s.classifiers]
    return [le(1 - rob, 1 - acc, label="R_rob,eps(f) <= R(f)") for acc, rob, _ in accs]


ROBUST_RISK = Claim(
    id="robust-risk-dominates-risk",
    title="Robust risk dominates standard risk and grows with the budget",
    statement="for any classifier and budgets 0 <= eps1 <= eps2: R(f) <= R_rob,eps1(f) <= R_rob,eps2(f), "
              "with R_rob,0 = R; equivalently robust accuracy <= accuracy",
    sources=[Source(ZHAO, "Def. 12.2 (Robust risk)", ("ZHAO-109",)),
             Source(TENG, "§2.2.1 (corrected: RobAcc <= Acc)", ("TENG-7",))],
    kind="exact",
    area="robustness",
    instances=labelled_sets(),
    conclusion=robust_risk,
    proof_idea="delta = 0 lies in every ball and the balls are nested, so the events {exists delta: "
               "f(x + delta) != y} grow with eps; for sign(w.x + b) the worst perturbation moves the score "
               "by eps ||w||_q.",
    mutants=[Mutant("robust-below-standard", "a correctly classified point within eps of the boundary is "
                    "an error under attack, so R_rob can exceed R", conclusion=robust_below_standard)],
    examples=60,
)
test_robust_risk_dominates_risk = ROBUST_RISK.test()


def accuracy_sum(s: LabelledSet) -> list[Check]:
    out = []
    for w, b in s.classifiers:
        acc, rob, _ = _accuracies(s, w, b, s.eps[0], brute=False)
        out.append(le(acc + rob, 1, label="Acc + RobAcc_eps <= 1"))
    return out


ACC_AUDIT = Claim(
    id="teng-accuracy-plus-robust-accuracy-as-printed",
    title="TENG-7 as printed: standard accuracy + adversarial robustness <= 1",
    statement="for every classifier and budget eps: Acc(f) + RobAcc_eps(f) <= 1",
    sources=[Source(TENG, "§2.2.1, line 252", ("TENG-7",))],
    kind="exact",
    area="robustness",
    instances=labelled_sets(),
    conclusion=accuracy_sum,
    proof_idea="(as printed) attributed to Bubeck-Sellke, whose result is about Lipschitz constants "
               "versus parameter counts, not accuracies.",
    audit=True,
    corrected="robust-risk-dominates-risk",
    finding="False: a classifier that labels every point correctly with margin above eps ||w||_q has "
            "Acc = RobAcc = 1 (e.g. X uniform on {-1, +1}, y = sign X, f = sign, eps = 1/2 gives 2). "
            "Only RobAcc_eps <= Acc holds in general.",
    examples=60,
)
test_teng_accuracy_plus_robust_accuracy_as_printed = ACC_AUDIT.test()


# --- claim 3: clean accuracy up, robust accuracy down ---------------------------------------------------

@st.composite
def tsipras_models(draw: st.DrawFn) -> tuple[float, int, float, float]:
    """``(p, k, eta, eps)``: ``x₁ = y`` w.p. ``p``, ``x_2..x_{k+1} ~ N(eta y, 1)``, with
    ``Φ(eta √k) >= p + 0.01`` and an ``ℓ∞`` budget ``2 eta <= eps <= 0.99``."""
    p = draw(st.floats(0.55, 0.95))
    c = draw(st.floats(float(ndtri(p + 0.01)), 3.0))
    k = draw(st.integers(math.ceil((2 * c / 0.98) ** 2), 400))
    eta = c / math.sqrt(k)
    return p, k, eta, draw(st.floats(2 * eta, 0.99))


def _tsipras(t: tuple[float, int, float, float]) -> tuple[float, float, float, float]:
    """Clean and robust accuracies of A = sign(Σ_{j>=2} x_j) and B = sign(x₁).  A's worst ``ℓ∞``
    perturbation shifts ``y Σ x_j`` by ``-eps k`` (``‖(0, 1, …, 1)‖₁ = k``): robust accuracy
    ``Φ((eta - eps)√k)``; ``|δ₁| <= eps < 1`` cannot flip ``sign(x₁) ∈ {±1}``: B's accuracies are ``p``."""
    p, k, eta, eps = t
    return float(ndtr(eta * math.sqrt(k))), float(ndtr((eta - eps) * math.sqrt(k))), p, p


def tradeoff(t) -> list[Check]:
    clean_a, rob_a, clean_b, rob_b = _tsipras(t)
    # both sides are ndtr values of relative accuracy ~1e-16; the gaps are >= 0.01 by construction
    return [ge(clean_a, clean_b, label="clean accuracy: A >= B"),
            le(rob_a, rob_b, label="robust accuracy: A <= B")]


def monotone(t) -> Check:
    clean_a, rob_a, clean_b, rob_b = _tsipras(t)
    return holds(not (clean_a >= clean_b) or rob_a >= rob_b, "higher clean accuracy => higher robust accuracy",
                 f"clean {clean_a:.4f} vs {clean_b:.4f}, robust {rob_a:.4f} vs {rob_b:.4f}")


TRADEOFF = Claim(
    id="clean-up-robust-down",
    title="Clean accuracy can improve while robust accuracy worsens",
    statement="in the model y ~ U{+-1}, x1 = y w.p. p, x2..x_{k+1} ~ N(eta y, 1) with Phi(eta sqrt k) > p "
              "and an l_inf budget 2 eta <= eps < 1: sign(sum_{j>=2} x_j) has clean accuracy "
              "Phi(eta sqrt k) > p and robust accuracy Phi((eta - eps) sqrt k) < p, while sign(x1) has "
              "clean = robust accuracy p",
    sources=[Source(MSML, "Ch. 24, A.8 and its solution", ("MSML-42",))],
    kind="numeric",
    area="robustness",
    instances=tsipras_models(),
    conclusion=tradeoff,
    proof_idea="The averaged weak features give a Gaussian score of mean eta k and variance k; the l_inf "
               "attack moves it by eps ||w||_1 = eps k, turning its mean to (eta - eps) k <= -eta k, "
               "while the +-1 feature cannot be flipped by |delta| < 1.",
    mutants=[Mutant("clean-monotone-in-robust", "the weak features gain clean accuracy but lose almost all "
                    "robust accuracy, since the attack is amplified by ||w||_1 = k", conclusion=monotone)],
    examples=30,
)
test_clean_up_robust_down = TRADEOFF.test()
