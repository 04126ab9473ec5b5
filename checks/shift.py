"""Distribution shift on finite domains, computed exactly with fractions.

A domain has ``m`` atoms; a marginal is a tuple of Fractions, a conditional label law ``p(y|x)`` an
``m × K`` tuple of rows, a loss table ``ℓ[x][y]`` an ``m × K`` tuple of rationals.

- Covariate shift: density ratio ``w = p_t/p_s``, the exact law of the importance-weighted (and the
  self-normalized) mean of ``n`` draws, effective sample size, ``χ²``; population least squares on the
  features ``(1, x)`` from the moments ``E x^k`` (``k <= 4``), for finite and Gaussian marginals.
- Label shift: joints from priors and class conditionals, posteriors, prior correction, Bayes rules,
  0-1 risks of deterministic rules, the black-box (BBSE) confusion identity.
- Imbalance: class-balanced weights, threshold rules and their accuracy, cost and balanced error,
  stratified folds; losses on probability vectors under uniform label noise (MAE exact, CE and
  focal loss as exact logarithmic forms of ``checks.divergences``).
- Domain adaptation: errors and disagreements of {0,1}-valued hypotheses, the ``HΔH`` divergence,
  the joint-optimal error ``λ*``, ``W₁`` on the line, and minimax risks of zero-shot and adaptive
  learners over a finite set of scenarios.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction

from checks.divergences import LogLinear, log

Vec = tuple[Fraction, ...]
Table = tuple[tuple[Fraction, ...], ...]


def _is_law(p: Sequence[Fraction]) -> bool:
    return len(p) > 0 and all(x >= 0 for x in p) and sum(p) == 1


def _need_law(p: Sequence[Fraction], name: str) -> None:
    if not _is_law(p):
        raise ValueError(f"{name} is not a probability vector: {tuple(p)}")


# --- covariate shift --------------------------------------------------------------------------------

def expectation(px: Sequence[Fraction], cond: Table, table: Table) -> Fraction:
    """``E[table(X, Y)]`` for ``X ~ px`` and ``Y | X ~ cond[X]``."""
    _need_law(px, "px")
    return sum((a * c * v for a, row, trow in zip(px, cond, table) for c, v in zip(row, trow)), Fraction(0))


def density_ratio(pt: Sequence[Fraction], ps: Sequence[Fraction]) -> Vec:
    """``w(x) = p_t(x)/p_s(x)`` on ``supp p_s`` and ``0`` off it (where no source draw ever lands)."""
    _need_law(pt, "p_t")
    _need_law(ps, "p_s")
    if len(pt) != len(ps):
        raise ValueError("p_t and p_s live on different domains")
    return tuple(a / b if b > 0 else Fraction(0) for a, b in zip(pt, ps))


def weighted_mean_law(ps: Sequence[Fraction], cond: Table, w: Sequence[Fraction], table: Table, n: int,
                      normalized: bool = False) -> list[tuple[Fraction, Fraction]]:
    """The exact law ``[(probability, value)]`` of ``(1/n) Σ w(x_i) ℓ(x_i, y_i)`` over ``n`` i.i.d.
    source draws, or of the self-normalized ``Σ w ℓ / Σ w`` (value 0 when ``Σ w = 0``)."""
    if n < 1:
        raise ValueError(f"sample size must be positive, got {n}")
    atoms = [(a * c, w[x], table[x][y]) for x, (a, row) in enumerate(zip(ps, cond))
             for y, c in enumerate(row) if a * c > 0]
    out = []
    for draw in itertools.product(atoms, repeat=n):
        prob = Fraction(1)
        for q, _, _ in draw:
            prob *= q
        num = sum((wi * li for _, wi, li in draw), Fraction(0))
        if normalized:
            den = sum((wi for _, wi, _ in draw), Fraction(0))
            value = num / den if den else Fraction(0)
        else:
            value = num / n
        out.append((prob, value))
    return out


def mean_and_variance(law: Sequence[tuple[Fraction, Fraction]]) -> tuple[Fraction, Fraction]:
    mean = sum((p * v for p, v in law), Fraction(0))
    return mean, sum((p * (v - mean) ** 2 for p, v in law), Fraction(0))


def effective_sample_size(w: Sequence[Fraction]) -> Fraction:
    """``ESS = (Σ w)² / Σ w²`` of nonnegative weights, not all zero."""
    if not w or any(x < 0 for x in w) or not any(w):
        raise ValueError(f"weights must be nonnegative and not all zero, got {tuple(w)}")
    return sum(w, Fraction(0)) ** 2 / sum((x * x for x in w), Fraction(0))


def chi_square(pt: Sequence[Fraction], ps: Sequence[Fraction]) -> Fraction:
    """``χ²(p_t‖p_s) = Σ (p_t - p_s)²/p_s = E_s[w²] - 1``; needs ``p_t ≪ p_s``."""
    if any(a > 0 and b == 0 for a, b in zip(pt, ps)):
        raise ValueError("chi-square is infinite: p_t is not absolutely continuous w.r.t. p_s")
    return sum(((a - b) ** 2 / b for a, b in zip(pt, ps) if b > 0), Fraction(0))


def finite_moments(points: Sequence[Fraction], probs: Sequence[Fraction]) -> Vec:
    """``(E x^0, ..., E x^4)`` of the finite law ``probs`` on ``points``."""
    _need_law(probs, "probs")
    return tuple(sum((p * x ** k for x, p in zip(points, probs)), Fraction(0)) for k in range(5))


def gaussian_moments(mu: Fraction, var: Fraction) -> Vec:
    """``(E x^0, ..., E x^4)`` of ``N(mu, var)``."""
    if var <= 0:
        raise ValueError(f"variance must be positive, got {var}")
    return (Fraction(1), mu, mu ** 2 + var, mu ** 3 + 3 * mu * var, mu ** 4 + 6 * mu ** 2 * var + 3 * var ** 2)


def ols_population(m: Sequence[Fraction], g: Sequence[Fraction]) -> tuple[Fraction, Fraction]:
    """``θ = E[φφᵀ]⁻¹ E[φ g(x)]`` for ``φ = (1, x)`` and ``g(x) = g0 + g1 x + g2 x²``, from the moments."""
    det = m[2] - m[1] ** 2
    if det <= 0:
        raise ValueError("E[φφᵀ] is singular: the marginal has a single atom")
    b0 = g[0] + g[1] * m[1] + g[2] * m[2]
    b1 = g[0] * m[1] + g[1] * m[2] + g[2] * m[3]
    return ((m[2] * b0 - m[1] * b1) / det, (b1 - m[1] * b0) / det)


def square_risk(m: Sequence[Fraction], g: Sequence[Fraction], theta: Sequence[Fraction],
                noise: Fraction = Fraction(0)) -> Fraction:
    """``E (g(x) + ε - θ0 - θ1 x)²`` with ``E ε = 0``, ``E ε² = noise``: the residual is the
    quadratic ``(g0 - θ0) + (g1 - θ1) x + g2 x²``."""
    c = (g[0] - theta[0], g[1] - theta[1], g[2])
    return noise + sum((c[i] * c[j] * m[i + j] for i in range(3) for j in range(3)), Fraction(0))


# --- label shift ------------------------------------------------------------------------------------

def joint(prior: Sequence[Fraction], class_conditionals: Table) -> Table:
    """``p(x, y) = π(y) p(x|y)``; ``class_conditionals[y]`` is the law of ``x`` given ``y``."""
    _need_law(prior, "prior")
    for row in class_conditionals:
        _need_law(row, "p(x|y)")
    m = len(class_conditionals[0])
    return tuple(tuple(prior[y] * class_conditionals[y][x] for y in range(len(prior))) for x in range(m))


def marginal(pxy: Table) -> Vec:
    return tuple(sum(row, Fraction(0)) for row in pxy)


def posterior(pxy: Table) -> Table:
    """``p(y|x)`` for every ``x`` of positive mass (rows of zero mass stay uniform)."""
    out = []
    for row in pxy:
        s = sum(row, Fraction(0))
        out.append(tuple(v / s for v in row) if s else tuple(Fraction(1, len(row)) for _ in row))
    return tuple(out)


def prior_correct(post: Table, weights: Sequence[Fraction], normalize: bool = True) -> Table:
    """``p(y|x) w_y / Σ_y' p(y'|x) w_y'`` (``w = π_t/π_s``); unnormalized if asked."""
    if any(v <= 0 for v in weights):
        raise ValueError(f"class weights must be positive, got {tuple(weights)}")
    out = []
    for row in post:
        r = [p * v for p, v in zip(row, weights)]
        s = sum(r, Fraction(0))
        out.append(tuple(x / s for x in r) if normalize else tuple(r))
    return tuple(out)


def argmax_rule(scores: Table) -> tuple[int, ...]:
    """The first maximizing label of every row."""
    return tuple(max(range(len(row)), key=lambda y: (row[y], -y)) for row in scores)


def risk01(pxy: Table, rule: Sequence[int]) -> Fraction:
    """``P(h(X) ≠ Y)`` of the deterministic rule ``h(x) = rule[x]``."""
    return sum((sum(row, Fraction(0)) - row[rule[x]] for x, row in enumerate(pxy)), Fraction(0))


def all_rules(m: int, K: int) -> Iterator[tuple[int, ...]]:
    """Every deterministic rule ``{0..m-1} → {0..K-1}``."""
    return itertools.product(range(K), repeat=m)


def bbse_system(pxy_s: Table, pxy_t: Table, rule: Sequence[int]) -> tuple[Table, Vec]:
    """The confusion matrix ``C[ŷ][y] = P_s(h(X) = ŷ, Y = y)`` and the target prediction law
    ``μ[ŷ] = P_t(h(X) = ŷ)``; under label shift ``μ = C w`` with ``w = π_t/π_s``."""
    K = len(pxy_s[0])
    C = tuple(tuple(sum((pxy_s[x][y] for x in range(len(rule)) if rule[x] == a), Fraction(0))
                    for y in range(K)) for a in range(K))
    mu = tuple(sum((sum(pxy_t[x], Fraction(0)) for x in range(len(rule)) if rule[x] == a), Fraction(0))
               for a in range(K))
    return C, mu


# --- class imbalance ---------------------------------------------------------------------------------

def balanced_weights(labels: Sequence[int]) -> Vec:
    """Per-example weights ``n / (C n_{y_i})`` (``C`` classes present): each class gets total weight
    ``n/C`` and the weights average 1."""
    if not labels:
        raise ValueError("no labels")
    counts = {c: labels.count(c) for c in set(labels)}
    n, C = len(labels), len(counts)
    return tuple(Fraction(n, C * counts[y]) for y in labels)


def class_means(losses: Sequence[Fraction], labels: Sequence[int]) -> dict[int, Fraction]:
    return {c: sum((l for l, y in zip(losses, labels) if y == c), Fraction(0)) / labels.count(c)
            for c in sorted(set(labels))}


def threshold_rule(eta: Sequence[Fraction], t: Fraction) -> tuple[int, ...]:
    """Predict 1 exactly where ``η(x) = P(Y = 1 | x) > t``."""
    return tuple(int(e > t) for e in eta)


def accuracy(px: Sequence[Fraction], eta: Sequence[Fraction], rule: Sequence[int]) -> Fraction:
    return sum((p * (e if h else 1 - e) for p, e, h in zip(px, eta, rule)), Fraction(0))


def expected_cost(px: Sequence[Fraction], eta: Sequence[Fraction], rule: Sequence[int],
                  c_fp: Fraction, c_fn: Fraction) -> Fraction:
    """``c_FP P(h = 1, Y = 0) + c_FN P(h = 0, Y = 1)``."""
    return sum((p * (c_fp * (1 - e) if h else c_fn * e) for p, e, h in zip(px, eta, rule)), Fraction(0))


def balanced_error(px: Sequence[Fraction], eta: Sequence[Fraction], rule: Sequence[int]) -> Fraction:
    """``½ P(h = 0 | Y = 1) + ½ P(h = 1 | Y = 0)``; needs both classes present."""
    pi1 = sum((p * e for p, e in zip(px, eta)), Fraction(0))
    if not 0 < pi1 < 1:
        raise ValueError("balanced error needs both classes with positive probability")
    fn = sum((p * e for p, e, h in zip(px, eta, rule) if not h), Fraction(0))
    fp = sum((p * (1 - e) for p, e, h in zip(px, eta, rule) if h), Fraction(0))
    return (fn / pi1 + fp / (1 - pi1)) / 2


def stratified_folds(labels: Sequence[int], k: int, order: Sequence[int] | None = None) -> tuple[int, ...]:
    """Fold index of every example: within each class (examples taken in ``order``), deal the examples
    round-robin to the folds, starting each class where the previous one stopped."""
    if k < 1:
        raise ValueError(f"need k >= 1 folds, got {k}")
    order = range(len(labels)) if order is None else order
    if sorted(order) != list(range(len(labels))):
        raise ValueError("order must be a permutation of the examples")
    fold, nxt = [0] * len(labels), 0
    for c in sorted(set(labels)):
        for i in (i for i in order if labels[i] == c):
            fold[i], nxt = nxt, (nxt + 1) % k
    return tuple(fold)


def contiguous_folds(n: int, k: int) -> tuple[int, ...]:
    """Plain k-fold: consecutive blocks of sizes ``⌈n/k⌉`` then ``⌊n/k⌋``."""
    if not 1 <= k <= n:
        raise ValueError(f"need 1 <= k <= n, got k={k}, n={n}")
    sizes = [n // k + (j < n % k) for j in range(k)]
    return tuple(j for j, s in enumerate(sizes) for _ in range(s))


# --- losses under uniform label noise -----------------------------------------------------------------

def mae(p: Sequence[Fraction], k: int) -> Fraction:
    """``‖p - e_k‖₁ = 2(1 - p_k)``; symmetric: ``Σ_k mae(p, k) = 2(K - 1)``."""
    return 2 * (1 - p[k])


def cross_entropy_loss(p: Sequence[Fraction], k: int) -> LogLinear:
    if p[k] <= 0:
        raise ValueError("cross-entropy is infinite at p_k = 0")
    return -log(p[k])


def focal_loss(p: Sequence[Fraction], k: int, gamma: int = 2) -> LogLinear:
    """``-(1 - p_k)^γ log p_k`` (Lin et al. 2017) for an integer ``γ >= 0``."""
    if gamma < 0:
        raise ValueError(f"gamma must be nonnegative, got {gamma}")
    return cross_entropy_loss(p, k).scale((1 - p[k]) ** gamma)


def noisy_label_law(y: int, K: int, eta: Fraction) -> Vec:
    """The observed label under uniform noise: ``y`` w.p. ``1 - η``, each other label w.p. ``η/(K-1)``."""
    if K < 2 or not 0 <= eta <= 1:
        raise ValueError(f"need K >= 2 and 0 <= eta <= 1, got K={K}, eta={eta}")
    return tuple(1 - eta if k == y else eta / (K - 1) for k in range(K))


def risk(px: Sequence[Fraction], labels: Sequence[Vec], predictor: Sequence[Sequence[Fraction]],
         loss: Callable[[Sequence[Fraction], int], Fraction | LogLinear], zero: Fraction | LogLinear
         ) -> Fraction | LogLinear:
    """``Σ_x p(x) Σ_k P(label = k | x) loss(predictor[x], k)``, exact: a fraction for rational losses, a
    logarithmic form for CE and focal loss (``zero`` is the additive unit of the result)."""
    out = zero
    for a, law, p in zip(px, labels, predictor):
        for k, c in enumerate(law):
            if a * c:
                v = loss(p, k)
                out = out + (v.scale(a * c) if isinstance(v, LogLinear) else a * c * v)
    return out



# --- domain adaptation --------------------------------------------------------------------------------

def disagreement(D: Sequence[Fraction], h: Sequence[int], g: Sequence[int]) -> Fraction:
    """``P_D(h ≠ g)``: the error of ``h`` against the labelling ``g``."""
    return sum((d for d, a, b in zip(D, h, g) if a != b), Fraction(0))


def hdh_divergence(DS: Sequence[Fraction], DT: Sequence[Fraction], H: Sequence[Sequence[int]]) -> Fraction:
    """``d_{HΔH} = 2 max_{h, h' ∈ H} |P_S(h ≠ h') - P_T(h ≠ h')|``, by enumeration of pairs."""
    return 2 * max(abs(disagreement(DS, h, g) - disagreement(DT, h, g)) for h in H for g in H)


def joint_optimal_error(DS: Sequence[Fraction], fS: Sequence[int], DT: Sequence[Fraction], fT: Sequence[int],
                        H: Sequence[Sequence[int]]) -> Fraction:
    """``λ* = min_{h ∈ H} [ε_S(h) + ε_T(h)]``."""
    return min(disagreement(DS, h, fS) + disagreement(DT, h, fT) for h in H)


def w1_line(points: Sequence[Fraction], p: Sequence[Fraction], q: Sequence[Fraction]) -> Fraction:
    """``W₁(p, q) = ∫ |F_p - F_q|`` for laws on the strictly increasing ``points`` of the line."""
    if any(b <= a for a, b in zip(points, points[1:])):
        raise ValueError("points must be strictly increasing")
    _need_law(p, "p")
    _need_law(q, "q")
    out, F = Fraction(0), Fraction(0)
    for i in range(len(points) - 1):
        F += p[i] - q[i]
        out += abs(F) * (points[i + 1] - points[i])
    return out


def minimax_risks(scenarios: Sequence[tuple[Vec, Sequence[int]]], H: Sequence[Sequence[int]]
                  ) -> tuple[Fraction, Fraction]:
    """Over target scenarios ``(D_T, f_T)`` that share the labelled source data: the minimax target
    error of a zero-shot learner (one ``h`` for all scenarios), ``min_h max_θ ε_θ(h)``, and of an
    adaptive learner that may choose ``h`` as a function of the unlabelled target marginal ``D_T``,
    ``max_{D} min_h max_{θ: D_T^θ = D} ε_θ(h)``."""
    zero_shot = min(max(disagreement(D, h, f) for D, f in scenarios) for h in H)
    groups: dict[tuple[Fraction, ...], list] = {}
    for D, f in scenarios:
        groups.setdefault(tuple(D), []).append((D, f))
    adaptive = max(min(max(disagreement(D, h, f) for D, f in g) for h in H) for g in groups.values())
    return zero_shot, adaptive
