"""The optimal GAN discriminator and the Jensen–Shannon value; domain-adversarial training.

Statement.  For laws ``P`` (data) and ``Q`` (generator) on a finite alphabet and
``V(D) = E_P log D + E_Q log(1 − D)`` over all discriminators ``D: X → [0, 1]``, the maximizer is
``D*(x) = p(x)/(p(x) + q(x))`` and ``max_D V = V(D*) = KL(P‖M) + KL(Q‖M) − log 4 = 2 JS(P, Q) − log 4``
with ``M = (P + Q)/2``; so ``max_D V >= −log 4`` with equality iff ``Q = P`` (the generator's optimum).
In domain-adversarial training the discriminator maximizes and the feature map ``φ`` minimizes:
``min_φ max_d V(d, φ) = min_φ [2 JS(φ#P_S, φ#P_T) − log 4]``, and ``JS(φ#P_S, φ#P_T) <= JS(P_S, P_T)``.

Sources.  Zhao, Def. 12.11 and Lemma 14.3 (ZHAO-115); The Mathematical Structure of ML, ch. 24,
domain-adversarial objective (MSML-276, audited: the printed order ``max_φ min_d`` is degenerate);
Arora et al., Problem 16.2.2 (ARORA-1087, audited: the printed value lacks ``−log 4``).

Proof idea.  ``V`` is a sum over outcomes of ``a log d + b log(1 − d)``, a strictly concave function
of ``d`` maximized at ``d = a/(a + b)``; substituting gives ``a log(a/(a+b)) + b log(b/(a+b))``, and
``log(a/(a+b)) = log(a/m) − log 2`` sums to ``KL(P‖M) + KL(Q‖M) − 2 log 2``.  JS >= 0 with equality
iff ``P = Q`` (Gibbs).  Data processing: a map can only merge outcomes, and the log-sum inequality
shows merging does not increase KL to the (pushed-forward) midpoint.

All values are exact log-forms (``checks.divergences``); inequalities are decided by their exact sign.
"""

from __future__ import annotations

from fractions import Fraction

from checks.claim import Check, Claim, Mutant, Source, equal, holds, le
from checks.divergences import LogLinear, kl, log, lower
from checks.documents import ARORA, MSML, ZHAO
from checks.generative import gan_value, jsd, midpoint, optimal_discriminator, pushforward
from checks.strategies.generative import FeatureInstance, GanInstance, feature_instances, gan_instances

LOG4 = log(4)


def form_le(a: LogLinear, b: LogLinear, label: str) -> Check:
    """``a <= b`` for forms, decided exactly (``lower(b − a)`` carries the exact sign of ``b − a``)."""
    x = lower(a)
    return le(x, x + lower(b - a), label=label)


# --- claim 1: the optimal discriminator ------------------------------------------------------------

def optimal(inst: GanInstance) -> list[Check]:
    p, q = inst.p, inst.q
    v = gan_value(p, q, optimal_discriminator(p, q))
    m = midpoint(p, q)
    out = [equal(v, jsd(p, q).scale(2) - LOG4, label="V(D*) = 2 JS(P, Q) - log 4"),
           equal(v, kl(p, m) + kl(q, m) - LOG4, label="V(D*) = KL(P||M) + KL(Q||M) - log 4"),
           form_le(-LOG4, v, "max_D V >= -log 4"),
           holds((v == -LOG4) == (p == q), "max_D V = -log 4 iff Q = P", f"V(D*) = {v!r}")]
    out += [form_le(gan_value(p, q, r), v, f"V(rival {i}) <= V(D*)") for i, r in enumerate(inst.rivals)]
    return out


def value_with(inst: GanInstance, value: LogLinear, label: str) -> Check:
    return equal(gan_value(inst.p, inst.q, optimal_discriminator(inst.p, inst.q)), value, label=label)


def swapped(inst: GanInstance) -> list[Check]:
    """The mutant ``D = q/(p + q)``: its value compared with the value of ``D*``."""
    d = tuple(1 - x for x in optimal_discriminator(inst.p, inst.q))
    return [form_le(gan_value(inst.p, inst.q, optimal_discriminator(inst.p, inst.q)),
                    gan_value(inst.p, inst.q, d), "V(D*) <= V(q/(p+q))")]


OPTIMAL = Claim(
    id="gan-optimal-discriminator",
    title="The optimal GAN discriminator p/(p+q) and the value 2 JS - log 4",
    statement="on a finite alphabet, D*(x) = p/(p+q) maximizes V(D) = E_P log D + E_Q log(1-D) over all "
              "discriminators, with V(D*) = KL(P||M) + KL(Q||M) - log 4 = 2 JS(P, Q) - log 4 (M = (P+Q)/2); "
              "hence max_D V >= -log 4 with equality iff Q = P",
    sources=[Source(ZHAO, "Def. 12.11, Lemma 14.3 (pointwise optimal discriminator)", ("ZHAO-115",)),
             Source(ARORA, "eq. (16.3), Problem 16.2.2 (corrected: with -log 4)", ("ARORA-1087",))],
    kind="exact",
    area="generative",
    instances=gan_instances(),
    conclusion=optimal,
    proof_idea="pointwise, a log d + b log(1-d) is strictly concave with maximum at d = a/(a+b); substituting "
               "and writing a/(a+b) = (a/m)/2 turns the value into KL(P||M) + KL(Q||M) - 2 log 2; Gibbs gives "
               "JS >= 0 with equality iff P = Q.",
    mutants=[
        Mutant("value-plus-js", "the value carries 2 JS, not JS: V(D*) = -log 4 + JS fails whenever P != Q",
               conclusion=lambda i: value_with(i, jsd(i.p, i.q) - LOG4, "V(D*) = JS - log 4"),
               instances=gan_instances().filter(lambda i: i.family == "random" and i.p != i.q)),
        Mutant("half-log-two", "the constant is -log 4 = -2 log 2: for P = Q the optimum is 2 log(1/2), not "
               "-log 2", conclusion=lambda i: value_with(i, jsd(i.p, i.q) - log(2), "V(D*) = JS - log 2")),
        Mutant("swapped-discriminator", "q/(p+q) gives the larger weight to the wrong law and is strictly worse "
               "than D* whenever P != Q", conclusion=swapped,
               instances=gan_instances().filter(lambda i: i.p != i.q and min(i.p + i.q) > 0)),
    ],
    examples=40,
)
test_gan_optimal_discriminator = OPTIMAL.test()


def printed_value(inst: GanInstance) -> Check:
    m = midpoint(inst.p, inst.q)
    return value_with(inst, kl(inst.p, m) + kl(inst.q, m), "max_D V = KL(P||M) + KL(Q||M) (as printed)")


PRINTED_VALUE = Claim(
    id="gan-discriminator-value-as-printed",
    title="Optimal discriminator value without the -log 4 (as printed)",
    statement="with f = log and an unrestricted discriminator, max_D E_P log D + E_Q log(1-D) = "
              "KL(P||M) + KL(Q||M), M = (P+Q)/2 (as printed)",
    sources=[Source(ARORA, "Problem 16.2.2", ("ARORA-1087",))],
    kind="exact",
    area="generative",
    instances=gan_instances(),
    conclusion=printed_value,
    proof_idea="the pointwise optimum D* = p/(p+q) gives KL(P||M) + KL(Q||M) - 2 log 2, never the printed value.",
    audit=True,
    corrected="gan-optimal-discriminator",
    finding="the printed optimum misses the additive -log 4: for P = Q the optimal D is 1/2 and the value is "
            "2 log(1/2) = -log 4 while the printed expression is 0; correct: max_D V = KL(P||M) + KL(Q||M) "
            "- log 4 = 2 JS(P, Q) - log 4 (the text calls the KL sum 'the JS divergence', which is twice the "
            "usual JS)",
    examples=40,
)
test_gan_discriminator_value_as_printed = PRINTED_VALUE.test()


# --- claim 2: domain-adversarial training ------------------------------------------------------------

def _features(inst: FeatureInstance, phi: tuple[int, ...]) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """The pushforwards ``φ#P_S`` and ``φ#P_T`` on the feature values ``0, 1, 2``."""
    s = pushforward(list(enumerate(inst.source)), lambda x: phi[x])
    t = pushforward(list(enumerate(inst.target)), lambda x: phi[x])
    return (tuple(s.get(z, Fraction(0)) for z in range(3)), tuple(t.get(z, Fraction(0)) for z in range(3)))


CONSTANT_RIVALS = tuple(Fraction(k, 16) for k in (1, 4, 8, 12, 15))


def adversarial(inst: FeatureInstance, reverse_processing: bool = False, constant=-LOG4) -> list[Check]:
    out: list[Check] = []
    values = []
    js_full = jsd(inst.source, inst.target)
    for i, phi in enumerate(inst.phis):
        ps, pt = _features(inst, phi)
        v = gan_value(ps, pt, optimal_discriminator(ps, pt))
        values.append(v)
        out.append(equal(v, jsd(ps, pt).scale(2) + constant, label=f"max_d V(d, phi_{i}) = 2 JS(phi#S, phi#T) "
                         f"{'- log 4' if constant == -LOG4 else '+ c'}"))
        out += [form_le(gan_value(ps, pt, (c,) * 3), v, f"V(d = {c}, phi_{i}) <= max_d V") for c in CONSTANT_RIVALS]
        if reverse_processing:
            out.append(form_le(js_full, jsd(ps, pt), f"JS(S, T) <= JS(phi_{i}#S, phi_{i}#T)"))
        else:
            out.append(form_le(jsd(ps, pt), js_full, f"JS(phi_{i}#S, phi_{i}#T) <= JS(S, T)"))
    return out


ADVERSARIAL = Claim(
    id="domain-adversarial-minimax",
    title="Domain-adversarial training: min over features of max over discriminators is 2 JS - log 4",
    statement="for source/target laws P_S, P_T and each feature map phi, max_d E_S log d(phi) + E_T log(1 - "
              "d(phi)) = 2 JS(phi#P_S, phi#P_T) - log 4, attained at d* = p_S^phi/(p_S^phi + p_T^phi); the "
              "feature map minimizes this (min_phi max_d), and JS(phi#P_S, phi#P_T) <= JS(P_S, P_T)",
    sources=[Source(MSML, "domain-adversarial objective (corrected order: min_phi max_d)", ("MSML-276",)),
             Source(ZHAO, "Lemma 14.3", ("ZHAO-115",))],
    kind="exact",
    area="generative",
    instances=feature_instances(),
    conclusion=adversarial,
    proof_idea="for fixed phi the inner problem is the GAN discriminator problem for the pushed-forward laws; "
               "data processing (log-sum inequality over merged outcomes) bounds the feature-level JS.",
    mutants=[
        Mutant("features-increase-js", "a feature map can merge outcomes, which strictly lowers JS unless the "
               "merged outcomes have proportional masses", conclusion=lambda i: adversarial(i, reverse_processing=True),
               instances=feature_instances().filter(lambda i: i.source != i.target)),
        Mutant("value-minus-log-two", "the constant is -log 4, not -log 2 (P_S = P_T gives 2 log(1/2))",
               conclusion=lambda i: adversarial(i, constant=-log(2))),
    ],
    examples=40,
)
test_domain_adversarial_minimax = ADVERSARIAL.test()


def printed_order(inst: FeatureInstance) -> list[Check]:
    """As printed, the discriminator minimizes: the inner ``min_d`` would be ``2 JS − log 4``, i.e. no
    discriminator would score below it."""
    out = []
    for i, phi in enumerate(inst.phis):
        ps, pt = _features(inst, phi)
        floor = jsd(ps, pt).scale(2) - LOG4
        out += [form_le(floor, gan_value(ps, pt, (c,) * 3), f"min_d V(d, phi_{i}) = 2 JS - log 4 <= V(d = {c})")
                for c in CONSTANT_RIVALS]
    return out


PRINTED_ORDER = Claim(
    id="domain-adversarial-as-printed",
    title="Domain-adversarial objective with the order max_phi min_d (as printed)",
    statement="the domain-adversarial objective is max_phi min_d E_train log d(phi(x)) + E_test log(1 - "
              "d(phi(x))), whose inner min is 2 JS(phi#P_train, phi#P_test) - log 4 (as printed)",
    sources=[Source(MSML, "domain-adversarial objective (displayed max_phi min_d)", ("MSML-276",))],
    kind="exact",
    area="generative",
    instances=feature_instances(),
    conclusion=printed_order,
    proof_idea="2 JS - log 4 is the maximum over d, not the minimum; a constant d = eps scores log eps on the "
               "source, which tends to -inf.",
    audit=True,
    corrected="domain-adversarial-minimax",
    finding="with min over d inside, the inner value is -inf for every phi (d -> 0 on source points), so the "
            "objective is degenerate; every discriminator other than d* scores below 2 JS - log 4. Correct: "
            "min_phi max_d (...), with inner value 2 JS(phi#P_train, phi#P_test) - log 4",
    examples=40,
)
test_domain_adversarial_as_printed = PRINTED_ORDER.test()
