"""Label shift and class imbalance: prior correction, the plug-in's excess risk, class-balanced
weights, decision thresholds, stratified folds, and which losses tolerate label noise.

Statement.
- Label shift (``p_t(x|y) = p_s(x|y)``), ``w_y = π_t(y)/π_s(y)``: ``p_t(y|x) = p_s(y|x) w_y /
  Σ_y' p_s(y'|x) w_y'``; ``argmax_y p_s(y|x) w_y`` is target-Bayes; ``R_t(h) = E_s[w_Y ℓ]``; source
  scores are miscalibrated on the target, ``P_t(Y = y | p_s(·|X) = v) = (corrected v)_y``; resampling to
  a prior ``π'`` is the same map and is undone by the weights ``π/π'``; for a fixed classifier ``h`` the
  target prediction law is ``μ_t = C w`` with ``C[ŷ][y] = P_s(h = ŷ, Y = y)`` (black-box shift estimation).
- Plug-in with an estimate ``π̂_t`` (a probability vector), ``Δ = max_y |π̂_t(y)/π_t(y) - 1|``: the
  excess target 0-1 risk is ``<= ‖π̂_t - π_t‖₁`` and ``<= Δ`` (both sharp), and
  ``<= E_x‖p̂_t(·|x) - p_t(·|x)‖₁ <= 2Δ/(1 - Δ)`` for ``Δ < 1``, ``<= 4‖π̂_t - π_t‖_∞/min π_t`` for ``Δ <= ½``.
- With class-mean losses ``L±``: the plain mean is ``(n₊/n)L₊ + (n₋/n)L₋``; class-balanced weights
  ``n/(2n_y)`` give ``½L₊ + ½L₋``, which is the expectation (not the value) of a loss on a draw resampled
  to balanced classes.
- Calibrated ``η(x) = P(Y = 1|x)``: the threshold ``½`` maximizes accuracy at any imbalance,
  ``c_FP/(c_FP + c_FN)`` minimizes expected cost, ``π₁ = P(Y = 1)`` minimizes the balanced error.
- Stratified k-fold (round-robin within each class) puts ``⌊n_c/k⌋`` or ``⌈n_c/k⌉`` examples of class
  ``c`` in every fold.
- A symmetric loss (``Σ_k ℓ(p, k) = C``, e.g. MAE ``‖p - e_k‖₁``) under uniform label noise of rate
  ``η``: ``R_η = (1 - ηK/(K-1)) R + ηC/(K-1)``, so for ``η < (K-1)/K`` the noisy and clean minimizers over
  any class coincide; cross-entropy and focal loss (whose factor ``(1 - p_y)^γ`` is largest on
  hard, e.g. mislabelled, examples) are not noise-tolerant.

Sources.  *The Mathematical Structure of Machine Learning*, Ch. 24: A.17/B.18 (MSML-50, MSML-202),
C.10 (MSML-260, MSML-261, MSML-262, MSML-263), C.13 (MSML-265); Zhao, *From Approximation to
Emergence*, Fig. 21.2 (ZHAO-169: the label-shift reweighting identity).

Proof idea.  Bayes' rule: ``p_t(y|x) ∝ π_t(y) p(x|y) ∝ p_s(y|x) w_y``.  If the plug-in picks ``j`` where
Bayes picks ``i`` then ``p_t(x,j) r_j >= p_t(x,i) r_i`` (``r = π̂_t/π_t``), so the loss at ``x`` is
``p_t(x,i) - p_t(x,j) <= p_t(x,i)(1 - r_i)⁺ + p_t(x,j)(r_j - 1)⁺``; summing over ``x`` gives
``Σ_y (π_t - π̂_t)⁺ + Σ_y (π̂_t - π_t)⁺ = ‖π̂_t - π_t‖₁``, and ``p_t(x,i) <= p_t(x)(1+Δ)/2`` gives ``Δ``.
Thresholds: the pointwise Bayes choice compares ``η`` with the cost ratio (or ``η/π₁`` with
``(1-η)/(1-π₁)``).  Noise: ``E ℓ(f, ỹ) = (1-η)ℓ(f, y) + η/(K-1)(C - ℓ(f, y))``.

Everything is exact (fractions; logarithms as exact forms of ``checks.divergences``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, holds, le
from checks.divergences import LogLinear, rational, sign
from checks.documents import MSML, ZHAO
from checks.shift import (accuracy, all_rules, argmax_rule, balanced_error, balanced_weights, bbse_system,
                          class_means, contiguous_folds, cross_entropy_loss, expected_cost, focal_loss, joint, mae,
                          noisy_label_law, posterior, prior_correct, risk, risk01, stratified_folds, threshold_rule)
from checks.strategies.shift import (CalibratedProblem, FoldProblem, LabelledLosses, LabelShift, NoisyProblem,
                                     calibrated_problems, fold_problems, imbalanced_problems, label_shift_instances,
                                     label_shifts, labelled_losses, noisy_instances, noisy_problems)

# --- claim 1: prior correction ---------------------------------------------------------------------------


def _setup(inst: LabelShift):
    ps, pt = joint(inst.pi_s, inst.pxy_cond), joint(inst.pi_t, inst.pxy_cond)
    w = tuple(a / b for a, b in zip(inst.pi_t, inst.pi_s))
    return ps, pt, posterior(ps), posterior(pt), w


def _bayes_risk(pxy) -> Fraction:
    return min(risk01(pxy, r) for r in all_rules(len(pxy), len(pxy[0])))


def _target_calibration(pt, post_s) -> dict:
    """``P_t(Y = · | p_s(·|X) = v)`` for every score vector ``v`` the source posterior takes."""
    groups: dict = {}
    for x, v in enumerate(post_s):
        acc = groups.setdefault(v, [Fraction(0)] * len(v))
        for y in range(len(v)):
            acc[y] += pt[x][y]
    return {v: tuple(a / sum(acc) for a in acc) for v, acc in groups.items()}


def prior_correction(inst: LabelShift) -> list[Check]:
    ps, pt, post_s, post_t, w = _setup(inst)
    corrected = prior_correct(post_s, w)
    rule = argmax_rule(corrected)
    h = argmax_rule(post_s)
    reweighted = sum((ps[x][y] * w[y] for x in range(len(ps)) for y in range(len(w)) if h[x] != y), Fraction(0))
    calib = _target_calibration(pt, post_s)
    C, mu = bbse_system(ps, pt, h)
    return [equal(corrected, post_t, label="p_s(y|x) w_y / sum_y' p_s(y'|x) w_y' = p_t(y|x)"),
            equal(risk01(pt, rule), _bayes_risk(pt), label="target risk of argmax p_s(y|x) w_y = target Bayes risk"),
            equal(reweighted, risk01(pt, h), label="E_s[w_Y 1{h(X) != Y}] = R_t(h)"),
            equal(tuple(calib[v] for v in post_s), prior_correct(post_s, w),
                  label="P_t(Y | p_s(.|X) = v) = corrected v (source scores recalibrated on the target)"),
            equal(prior_correct(post_t, tuple(1 / v for v in w)), post_s,
                  label="resampled posterior corrected back with pi/pi' = original posterior"),
            equal(tuple(sum((C[a][y] * w[y] for y in range(len(w))), Fraction(0)) for a in range(len(w))), mu,
                  label="BBSE: P_t(h = a) = sum_y P_s(h = a, Y = y) w_y")]


def inverted_ratio(inst: LabelShift) -> Check:
    _, _, post_s, post_t, w = _setup(inst)
    return equal(prior_correct(post_s, tuple(1 / v for v in w)), post_t, label="p_s(y|x) (pi_s/pi_t) normalized = p_t(y|x)")


def unnormalized(inst: LabelShift) -> Check:
    _, _, post_s, post_t, w = _setup(inst)
    return equal(prior_correct(post_s, w, normalize=False), post_t, label="p_s(y|x) w_y = p_t(y|x)")


def source_rule_optimal(inst: LabelShift) -> Check:
    _, pt, post_s, _, _ = _setup(inst)
    return equal(risk01(pt, argmax_rule(post_s)), _bayes_risk(pt), label="uncorrected source rule is target-Bayes")


def calibration_transfers(inst: LabelShift) -> Check:
    _, pt, post_s, _, _ = _setup(inst)
    calib = _target_calibration(pt, post_s)
    return equal(tuple(calib[v] for v in post_s), post_s, label="P_t(Y | p_s(.|X) = v) = v")


def classify_and_count(inst: LabelShift) -> Check:
    ps, pt, post_s, _, _ = _setup(inst)
    _, mu = bbse_system(ps, pt, argmax_rule(post_s))
    return equal(mu, inst.pi_t, label="P_t(h = y) = pi_t(y) (classify and count)")


PRIOR = Claim(
    id="label-shift-prior-correction",
    title="Label shift: the prior-corrected posterior is the target posterior and its argmax is target-Bayes",
    statement="if p_t(x|y) = p_s(x|y), w = pi_t/pi_s: p_t(y|x) = p_s(y|x) w_y / sum_y' p_s(y'|x) w_y'; argmax_y "
              "p_s(y|x) w_y attains the target Bayes risk; R_t(h) = E_s[w_Y l]; P_t(Y | p_s(.|X) = v) is the corrected v; "
              "weights pi/pi' undo resampling to pi'; P_t(h = a) = sum_y P_s(h = a, Y = y) w_y",
    sources=[Source(MSML, "Ch. 24, A.17 and B.18 (prior correction, calibration under label shift)", ("MSML-50", "MSML-202")),
             Source(MSML, "Ch. 24, C.10 Common Mistakes 2 (resampling changes the probability scale)", ("MSML-262",)),
             Source(ZHAO, "Fig. 21.2 (label shift: reweighting by Q(Y)/P(Y))", ("ZHAO-169",))],
    kind="exact",
    area="generalization",
    instances=label_shift_instances(),
    conclusion=prior_correction,
    proof_idea="Bayes' rule with the shared p(x|y): p_t(y|x) is proportional to pi_t(y) p(x|y), i.e. to p_s(y|x) w_y; "
               "the pointwise argmax of the true posterior is Bayes; p_s(x, y) w_y = p_t(x, y) gives every reweighting "
               "identity; p_t(y|x) depends on x only through p_s(.|x), which gives the calibration map.",
    mutants=[
        Mutant("inverted-ratio", "pi_s/pi_t moves the posterior away from the target prior", conclusion=inverted_ratio),
        Mutant("no-normalization", "p_s(y|x) w_y sums to p_t(x)/p_s(x), not 1", conclusion=unnormalized),
        Mutant("source-rule-target-optimal", "a strong prior shift flips the Bayes decision at atoms of moderate "
               "likelihood ratio", conclusion=source_rule_optimal, instances=label_shifts("skewed")),
        Mutant("calibration-transfers", "a calibrated source score v is calibrated on the target only if pi_t = pi_s",
               conclusion=calibration_transfers),
        Mutant("classify-and-count", "the prediction law of an imperfect classifier is the confusion matrix applied to "
               "pi_t, not pi_t", conclusion=classify_and_count),
    ],
    examples=40,
)
test_label_shift_prior_correction = PRIOR.test()


# --- claim 2: plug-in excess risk -------------------------------------------------------------------


def _plugin(inst: LabelShift):
    ps, pt, post_s, post_t, _ = _setup(inst)
    w_hat = tuple(a / b for a, b in zip(inst.pi_hat, inst.pi_s))
    p_hat = prior_correct(post_s, w_hat)
    excess = risk01(pt, argmax_rule(p_hat)) - _bayes_risk(pt)
    l1 = sum((abs(a - b) for a, b in zip(inst.pi_hat, inst.pi_t)), Fraction(0))
    delta = max(abs(a / b - 1) for a, b in zip(inst.pi_hat, inst.pi_t))
    return pt, post_t, p_hat, excess, l1, delta


def plugin_excess(inst: LabelShift) -> list[Check]:
    pt, post_t, p_hat, excess, l1, delta = _plugin(inst)
    px = [sum(r) for r in pt]
    post_l1 = sum((a * sum(abs(u - v) for u, v in zip(r, q)) for a, r, q in zip(px, p_hat, post_t)), Fraction(0))
    out = [le(excess, l1, label="excess <= ||pi_hat - pi_t||_1"),
           le(excess, delta, label="excess <= Delta = max_y |pi_hat/pi_t - 1|"),
           le(excess, post_l1, label="excess <= E_x ||p_hat(.|x) - p_t(.|x)||_1")]
    if delta < 1:
        out.append(le(post_l1, 2 * delta / (1 - delta), label="E_x ||p_hat - p_t||_1 <= 2 Delta/(1 - Delta)"))
    if delta <= Fraction(1, 2):
        linf = max(abs(a - b) for a, b in zip(inst.pi_hat, inst.pi_t))
        out.append(le(excess, 4 * linf / min(inst.pi_t), label="excess <= 4 ||pi_hat - pi_t||_inf / min pi_t"))
    return out


def half_constant(inst: LabelShift) -> Check:
    _, _, _, excess, l1, _ = _plugin(inst)
    return le(excess, l1 / 2, label="excess <= ||pi_hat - pi_t||_1 / 2")


def quadratic(inst: LabelShift) -> Check:
    _, _, _, excess, l1, _ = _plugin(inst)
    return le(excess, l1 ** 2, label="excess <= ||pi_hat - pi_t||_1^2")


PLUGIN = Claim(
    id="label-shift-plugin-excess-risk",
    title="Prior correction with an estimated target prior: excess risk at most the prior's L1 error",
    statement="with p_s(y|x) exact and pi_hat a probability vector, the rule argmax_y p_s(y|x) pi_hat(y)/pi_s(y) has "
              "excess target 0-1 risk <= ||pi_hat - pi_t||_1 and <= Delta = max_y |pi_hat(y)/pi_t(y) - 1|; also "
              "<= E_x ||p_hat(.|x) - p_t(.|x)||_1 <= 2 Delta/(1 - Delta) (Delta < 1) and <= 4 ||pi_hat - pi_t||_inf / "
              "min_y pi_t(y) (Delta <= 1/2). The L1 constant 1 does not depend on min_y pi_t(y)",
    sources=[Source(MSML, "Ch. 24, B.18 (excess risk under estimated priors)", ("MSML-202", "MSML-50"))],
    kind="exact",
    area="generalization",
    instances=label_shift_instances(),
    conclusion=plugin_excess,
    proof_idea="Where the plug-in picks j instead of the Bayes label i, p_t(x,j) r_j >= p_t(x,i) r_i with r = pi_hat/pi_t, "
               "so p_t(x,i) - p_t(x,j) <= p_t(x,i)(1 - r_i)^+ + p_t(x,j)(r_j - 1)^+; summing over x bounds the excess "
               "by sum_y |pi_t(y) - pi_hat(y)|. Sharp: uninformative features with pi_t = (1/2 - e, 1/2 + e) and pi_hat "
               "just across 1/2.",
    mutants=[
        Mutant("half-constant", "near a prior tie the excess 2e approaches ||pi_hat - pi_t||_1 = 2(e + e')",
               conclusion=half_constant, instances=label_shifts("tie")),
        Mutant("quadratic-in-error", "the excess is linear, not quadratic, in the prior error near a tie",
               conclusion=quadratic, instances=label_shifts("tie")),
    ],
    examples=40,
)
test_label_shift_plugin_excess_risk = PLUGIN.test()


# --- claim 3: class-balanced loss (and the audit of the printed formula) ----------------------------


def _balanced(inst: LabelledLosses, scale: Fraction = Fraction(1)) -> Fraction:
    w = balanced_weights(list(inst.labels))
    return scale * sum((a * b for a, b in zip(w, inst.losses)), Fraction(0)) / len(inst.labels)


def balanced_loss(inst: LabelledLosses) -> list[Check]:
    labels, n = list(inst.labels), len(inst.labels)
    L = class_means(inst.losses, labels)
    npos, nneg = labels.count(1), labels.count(0)
    resampled = sum((Fraction(1, 2) * l / labels.count(y) for l, y in zip(inst.losses, labels)), Fraction(0))
    return [equal(sum(inst.losses, Fraction(0)) / n, Fraction(npos, n) * L[1] + Fraction(nneg, n) * L[0],
                  label="plain mean = (n+/n) L+ + (n-/n) L-"),
            equal(_balanced(inst), (L[1] + L[0]) / 2, label="class-balanced weighted mean = (L+ + L-)/2"),
            equal(sum(balanced_weights(labels), Fraction(0)), n, label="balanced weights sum to n"),
            equal(resampled, (L[1] + L[0]) / 2, label="E[loss of a class-balanced resampled draw] = (L+ + L-)/2")]


def weights_without_half(inst: LabelledLosses) -> Check:
    L = class_means(inst.losses, list(inst.labels))
    return equal(_balanced(inst, 2), (L[1] + L[0]) / 2, label="weights n/n_y give (L+ + L-)/2")


def resampling_pathwise(inst: LabelledLosses) -> Check:
    L = class_means(inst.losses, list(inst.labels))
    worst = max(abs(l - (L[1] + L[0]) / 2) for l in inst.losses)
    return equal(worst, Fraction(0), label="every resampled draw's loss = (L+ + L-)/2")


BALANCED = Claim(
    id="class-balanced-loss",
    title="Class-balanced weighting gives the average of the class-mean losses",
    statement="with class-mean losses L+, L-: the plain mean is (n+/n) L+ + (n-/n) L-; weights n/(2 n_y) sum to n and "
              "give (L+ + L-)/2, which is also the expected loss of one draw resampled to balanced classes",
    sources=[Source(MSML, "Ch. 24, C.10 ML Interpretation (class weights and resampling)", ("MSML-260",))],
    kind="exact",
    area="generalization",
    instances=labelled_losses(),
    conclusion=balanced_loss,
    proof_idea="Group the sum by class: sum_i w_i l_i = sum_y (n/(2 n_y)) n_y L_y; a resampled draw picks class y w.p. "
               "1/2 and an example of it uniformly.",
    mutants=[
        Mutant("weights-without-half", "weights n/n_y sum to 2n and give L+ + L-", conclusion=weights_without_half,
               instances=labelled_losses(imbalanced=True)),
        Mutant("resampling-pathwise", "resampling matches weighting in expectation, not draw by draw",
               conclusion=resampling_pathwise, instances=labelled_losses(imbalanced=True)),
    ],
    examples=30,
)
test_class_balanced_loss = BALANCED.test()


def balanced_as_printed(inst: LabelledLosses) -> Check:
    labels, n = list(inst.labels), len(inst.labels)
    L = class_means(inst.losses, labels)
    return equal(_balanced(inst), Fraction(labels.count(1), n) * L[1] + Fraction(labels.count(0), n) * L[0],
                 label="class-balanced loss = (n+/n) L+ + (n-/n) L-")


BALANCED_AUDIT = Claim(
    id="class-balanced-loss-as-printed",
    title="Audit: the 'class-balanced' effective loss (n+/n) L+ + (n-/n) L-",
    statement="under class-balanced weighting the effective loss is (n+/n) L+ + (n-/n) L-, equivalent to resampling",
    sources=[Source(MSML, "Ch. 24, C.10 ML Interpretation", ("MSML-260",))],
    kind="exact",
    area="generalization",
    instances=labelled_losses(imbalanced=True),
    conclusion=balanced_as_printed,
    proof_idea="The printed combination is the unweighted mean; balanced weights give (L+ + L-)/2, and the two differ by "
               "(1/2 - n+/n)(L+ - L-).",
    audit=True,
    corrected="class-balanced-loss",
    finding="(n+/n) L+ + (n-/n) L- is the plain, unweighted mean loss. Class-balanced weights n/(2 n_y) give "
            "(L+ + L-)/2 (e.g. n+ = 10, n- = 990, L+ = 1, L- = 0: 0.01 printed against 0.5 balanced). That value is "
            "the expectation of the loss on a draw resampled to balanced classes, not its value on each draw.",
)
test_class_balanced_loss_as_printed = BALANCED_AUDIT.test()


# --- claim 4: thresholds for calibrated scores (and the audit) -----------------------------------------


def _prior(inst: CalibratedProblem) -> Fraction:
    return sum((a * e for a, e in zip(inst.px, inst.eta)), Fraction(0))


def _rules(inst: CalibratedProblem):
    return list(itertools.product((0, 1), repeat=len(inst.px)))


def _best_accuracy(inst: CalibratedProblem) -> Fraction:
    return max(accuracy(inst.px, inst.eta, r) for r in _rules(inst))


def _best_balanced_error(inst: CalibratedProblem) -> Fraction:
    return min(balanced_error(inst.px, inst.eta, r) for r in _rules(inst))


def thresholds(inst: CalibratedProblem) -> list[Check]:
    px, eta = inst.px, inst.eta
    t_cost = inst.c_fp / (inst.c_fp + inst.c_fn)
    best_cost = min(expected_cost(px, eta, r, inst.c_fp, inst.c_fn) for r in _rules(inst))
    return [equal(accuracy(px, eta, threshold_rule(eta, Fraction(1, 2))), _best_accuracy(inst),
                  label="threshold 1/2 attains the best accuracy"),
            equal(expected_cost(px, eta, threshold_rule(eta, t_cost), inst.c_fp, inst.c_fn), best_cost,
                  label="threshold c_FP/(c_FP + c_FN) attains the least expected cost"),
            equal(balanced_error(px, eta, threshold_rule(eta, _prior(inst))), _best_balanced_error(inst),
                  label="threshold pi_1 attains the least balanced error")]


def half_for_balanced_error(inst: CalibratedProblem) -> Check:
    return equal(balanced_error(inst.px, inst.eta, threshold_rule(inst.eta, Fraction(1, 2))), _best_balanced_error(inst),
                 label="threshold 1/2 attains the least balanced error")


def prior_for_accuracy(inst: CalibratedProblem) -> Check:
    return equal(accuracy(inst.px, inst.eta, threshold_rule(inst.eta, _prior(inst))), _best_accuracy(inst),
                 label="threshold pi_1 attains the best accuracy")


def inverted_cost(inst: CalibratedProblem) -> Check:
    t = inst.c_fn / (inst.c_fp + inst.c_fn)
    best = min(expected_cost(inst.px, inst.eta, r, inst.c_fp, inst.c_fn) for r in _rules(inst))
    return equal(expected_cost(inst.px, inst.eta, threshold_rule(inst.eta, t), inst.c_fp, inst.c_fn), best,
                 label="threshold c_FN/(c_FP + c_FN) attains the least expected cost")


THRESHOLDS = Claim(
    id="calibrated-decision-thresholds",
    title="Optimal thresholds for a calibrated score: 1/2 for accuracy, the cost ratio, the prior for balanced error",
    statement="for calibrated eta(x) = P(Y = 1 | x), over all classifiers: thresholding eta at 1/2 maximizes accuracy "
              "at any class imbalance; at c_FP/(c_FP + c_FN) minimizes c_FP P(h=1, Y=0) + c_FN P(h=0, Y=1); at "
              "pi_1 = P(Y = 1) minimizes the balanced error",
    sources=[Source(MSML, "Ch. 24, C.10 Chapter Connections (threshold under imbalance)", ("MSML-261",))],
    kind="exact",
    area="generalization",
    instances=calibrated_problems(),
    conclusion=thresholds,
    proof_idea="Each criterion is a sum over x of a term that depends on h(x) alone: predict 1 iff eta > 1 - eta "
               "(accuracy), iff c_FN eta > c_FP (1 - eta) (cost), iff eta/pi_1 > (1 - eta)/(1 - pi_1) (balanced error).",
    mutants=[
        Mutant("half-for-balanced-error", "with every eta below 1/2 the threshold 1/2 predicts one class only (balanced "
               "error 1/2) while predicting 1 where eta > pi_1 does better", conclusion=half_for_balanced_error,
               instances=imbalanced_problems()),
        Mutant("prior-for-accuracy", "thresholding at pi_1 predicts the minority class where it is still less likely",
               conclusion=prior_for_accuracy, instances=imbalanced_problems()),
        Mutant("inverted-cost-ratio", "c_FN/(c_FP + c_FN) is the optimal threshold of the swapped costs",
               conclusion=inverted_cost),
    ],
    examples=30,
)
test_calibrated_decision_thresholds = THRESHOLDS.test()


def half_suboptimal(inst: CalibratedProblem) -> Check:
    acc, best = accuracy(inst.px, inst.eta, threshold_rule(inst.eta, Fraction(1, 2))), _best_accuracy(inst)
    return holds(acc < best, "threshold 1/2 is suboptimal (some threshold has strictly better accuracy)",
                 f"accuracy at 1/2 = {acc}, best accuracy = {best}")


THRESHOLD_AUDIT = Claim(
    id="threshold-half-suboptimal-as-printed",
    title="Audit: 'under imbalance the standard threshold 0.5 is suboptimal', read for accuracy",
    statement="under class imbalance the standard threshold 0.5 is suboptimal",
    sources=[Source(MSML, "Ch. 24, C.10 Chapter Connections", ("MSML-261",))],
    kind="exact",
    area="generalization",
    instances=imbalanced_problems(),
    conclusion=half_suboptimal,
    proof_idea="For a calibrated score the 1/2 threshold is the pointwise Bayes decision for accuracy, whatever the prior.",
    audit=True,
    corrected="calibrated-decision-thresholds",
    finding="For accuracy with a calibrated score, threshold 1/2 is Bayes-optimal at every imbalance, so no threshold "
            "beats it. The statement holds for other criteria (balanced error: optimal threshold pi_1; cost-sensitive: "
            "c_FP/(c_FP + c_FN); F1 and PR operating points) or for scores that are miscalibrated, e.g. after rebalancing "
            "(see label-shift-prior-correction). Which metric is meant decides whether 0.5 is suboptimal.",
)
test_threshold_half_suboptimal_as_printed = THRESHOLD_AUDIT.test()


# --- claim 5: stratified folds -----------------------------------------------------------------------


def _deviation(labels, folds, k) -> Fraction:
    return max(abs(sum(1 for y, f in zip(labels, folds) if y == c and f == j) - Fraction(labels.count(c), k))
               for c in set(labels) for j in range(k))


def stratified(inst: FoldProblem) -> list[Check]:
    labels, k = list(inst.labels), inst.k
    folds = stratified_folds(labels, k, inst.order)
    n = len(labels)
    size_dev = max(abs(folds.count(j) - Fraction(n, k)) for j in range(k))
    bound = 1 - Fraction(1, k)
    return [le(_deviation(labels, folds, k), bound, label="|count of class c in a fold - n_c/k| <= 1 - 1/k "
               "(i.e. floor or ceil of n_c/k)"),
            le(size_dev, bound, label="|fold size - n/k| <= 1 - 1/k")]


def exact_proportions(inst: FoldProblem) -> Check:
    labels = list(inst.labels)
    return equal(_deviation(labels, stratified_folds(labels, inst.k, inst.order), inst.k), Fraction(0),
                 label="each fold holds exactly n_c/k of class c")


def plain_kfold(inst: FoldProblem) -> Check:
    labels = list(inst.labels)
    return le(_deviation(labels, contiguous_folds(len(labels), inst.k), inst.k), 1 - Fraction(1, inst.k),
              label="contiguous k-fold: |count - n_c/k| <= 1 - 1/k")


STRATIFIED = Claim(
    id="stratified-kfold-class-counts",
    title="Stratified k-fold puts floor or ceil of n_c/k examples of each class in every fold",
    statement="dealing each class's examples round-robin to k folds (continuing across classes) gives every fold "
              "floor(n_c/k) or ceil(n_c/k) examples of class c, and floor(n/k) or ceil(n/k) examples in all",
    sources=[Source(MSML, "Ch. 24, C.10 Common Mistakes 3 (stratified cross-validation)", ("MSML-263",))],
    kind="exact",
    area="generalization",
    instances=fold_problems(),
    conclusion=stratified,
    proof_idea="Dealing m consecutive items round-robin to k folds gives each fold floor(m/k) or ceil(m/k) of them; "
               "an integer within 1 - 1/k of n_c/k is its floor or ceiling.",
    mutants=[
        Mutant("exact-proportions", "n_c/k is not an integer unless k divides n_c", conclusion=exact_proportions),
        Mutant("plain-kfold", "contiguous folds of class-sorted labels fill the first fold with the first class",
               conclusion=plain_kfold, instances=fold_problems("sorted")),
    ],
    examples=30,
)
test_stratified_kfold_class_counts = STRATIFIED.test()


# --- claim 6: noise-tolerant losses (and the focal-loss audit) ------------------------------------------


def _risks(inst: NoisyProblem, loss: Callable, eta: Fraction, zero):
    laws = [noisy_label_law(y, inst.K, eta) for y in inst.clean]
    return [risk(inst.px, laws, f, loss, zero) for f in inst.predictors]


def _argmin(values) -> tuple[int, ...]:
    if isinstance(values[0], LogLinear):
        best = values[0]
        for v in values[1:]:
            if sign(v - best) < 0:
                best = v
        return tuple(i for i, v in enumerate(values) if (v - best).is_zero)
    best = min(values)
    return tuple(i for i, v in enumerate(values) if v == best)


def _same_minimizers(inst: NoisyProblem, loss: Callable, zero, name: str) -> Check:
    clean, noisy = _argmin(_risks(inst, loss, Fraction(0), zero)), _argmin(_risks(inst, loss, inst.eta, zero))
    return equal(noisy, clean, label=f"{name}: argmin of the noisy risk = argmin of the clean risk")


def noise_tolerance(inst: NoisyProblem) -> list[Check]:
    K, eta = inst.K, inst.eta
    clean, noisy = _risks(inst, mae, Fraction(0), Fraction(0)), _risks(inst, mae, eta, Fraction(0))
    slope = 1 - eta * K / (K - 1)
    return [equal(tuple(noisy), tuple(slope * r + 2 * eta for r in clean),
                  label="MAE: R_eta = (1 - eta K/(K-1)) R + eta C/(K-1) with C = 2(K-1)"),
            _same_minimizers(inst, mae, Fraction(0), "MAE")]


CE_TOLERANT = Mutant("cross-entropy-tolerant", "under noise the confident predictor pays eta log N on flipped labels, "
                     "so cross-entropy prefers the hedged one", conclusion=lambda i: _same_minimizers(
                         i, cross_entropy_loss, rational(0), "cross-entropy"),
                     instances=noisy_problems("hedge", min_noise=6))

NOISE = Claim(
    id="symmetric-loss-noise-tolerance",
    title="Symmetric losses are tolerant to uniform label noise below (K-1)/K; cross-entropy is not",
    statement="for MAE l(p, k) = ||p - e_k||_1 (sum_k l(p, k) = 2(K-1)) and uniform label noise of rate eta: the noisy "
              "risk is (1 - eta K/(K-1)) times the clean risk plus 2 eta, so for eta < (K-1)/K both have the same "
              "minimizers over any finite class of predictors",
    sources=[Source(MSML, "Ch. 24, C.13 (noise-robust losses; the corrected statement)", ("MSML-265",))],
    kind="exact",
    area="generalization",
    instances=noisy_instances(),
    conclusion=noise_tolerance,
    proof_idea="E l(f, y_noisy) = (1 - eta) l(f, y) + eta/(K-1) (C - l(f, y)), an increasing affine map of the clean "
               "loss when eta < (K-1)/K (Ghosh, Kumar and Sastry 2017).",
    mutants=[
        CE_TOLERANT,
        Mutant("tolerant-above-threshold", "for eta >= (K-1)/K the slope 1 - eta K/(K-1) is <= 0: the noisy risk ties or "
               "reverses the order", conclusion=lambda i: _same_minimizers(i, mae, Fraction(0), "MAE"),
               instances=noisy_problems(above=True)),
    ],
    examples=30,
)
test_symmetric_loss_noise_tolerance = NOISE.test()


FOCAL_AUDIT = Claim(
    id="focal-loss-noise-robust-as-printed",
    title="Audit: 'focal loss is a noise-robust loss (it down-weights easy examples)'",
    statement="focal loss is noise-robust: under uniform label noise below (K-1)/K its noisy-risk minimizer over a "
              "class of predictors is the clean one",
    sources=[Source(MSML, "Ch. 24, C.13 Explanation and Chapter Connections", ("MSML-265",))],
    kind="exact",
    area="generalization",
    instances=noisy_instances(),
    conclusion=lambda i: _same_minimizers(i, focal_loss, rational(0), "focal (gamma = 2)"),
    proof_idea="The focal factor (1 - p_y)^2 is near 0 on well-fit clean labels and near 1 on flipped ones, so the "
               "noisy focal risk of a confident predictor is about eta log N while a hedged predictor pays a bounded amount.",
    audit=True,
    corrected="symmetric-loss-noise-tolerance",
    finding="Focal loss -(1 - p_y)^gamma log p_y down-weights easy examples, which leaves hard ones, mislabelled ones "
            "included, with weight near 1: relative to clean data it up-weights label noise. It is not symmetric, and "
            "its noisy-risk minimizer can differ from the clean one (a confident predictor 1 - 1/N against a hedged one, "
            "noise 1/10 to 2/5). Noise-tolerant losses are the symmetric ones (MAE) for noise below (K-1)/K.",
)
test_focal_loss_noise_robust_as_printed = FOCAL_AUDIT.test()
