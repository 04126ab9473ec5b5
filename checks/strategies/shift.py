"""Strategies for distribution-shift instances on finite domains (all probabilities are Fractions).

Families are named in each instance's repr; the tight or extremal family of each claim is included:
``p_t = p_s`` (ESS = n), heavy density ratios, the Gaussian example of a misspecified regression under
covariate shift, uninformative features with near-tied priors (where the plug-in prior correction's
excess risk reaches its bound), imbalanced problems whose posteriors all lie on one side of ½, the
confident-versus-hedged predictor pair under label noise, realizable shifts concentrated on a
disagreement region (Ben-David bound attained), a concept flip with identical marginals, indicator
and monotone losses (TV and W₁ attained), and scenario sets with and without informative marginals.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.divergences import distribution
from checks.shift import finite_moments, gaussian_moments

SEEDS = st.integers(0, 2**32 - 1)
Vec = tuple[Fraction, ...]


def _f(v) -> str:
    return "(" + ", ".join(str(x) for x in v) + ")"


def _law(draw, m: int, lo: int = 1, hi: int = 9) -> Vec:
    return distribution(draw(st.lists(st.integers(lo, hi), min_size=m, max_size=m).filter(any)))


def _rational(draw, lo: int, hi: int, den: int = 4) -> Fraction:
    return Fraction(draw(st.integers(lo * den, hi * den)), den)


# --- covariate shift ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CovariateShift:
    """Source and target marginals on ``m`` atoms, label laws ``p_s(y|x)`` and ``p_t(y|x)`` (equal
    under covariate shift), a loss table ``ℓ[x][y]`` of a fixed predictor, and a sample size ``n``."""

    ps: Vec
    pt: Vec
    cond_s: tuple[Vec, ...]
    cond_t: tuple[Vec, ...]
    loss: tuple[Vec, ...]
    n: int
    family: str

    def __repr__(self) -> str:
        c = "" if self.cond_s == self.cond_t else f", p_t(y|x)={[_f(r) for r in self.cond_t]}"
        return (f"CovariateShift({self.family}: p_s={_f(self.ps)}, p_t={_f(self.pt)}, "
                f"p(y|x)={[_f(r) for r in self.cond_s]}{c}, loss={[_f(r) for r in self.loss]}, n={self.n})")


@st.composite
def covariate_shifts(draw, family: str = "random") -> CovariateShift:
    """``family``: random (p_t may vanish on part of supp p_s), same (p_t = p_s), heavy (p_s small where
    p_t is large), off-support (p_t has mass where p_s = 0), concept (p_t(y|x) ≠ p_s(y|x))."""
    m, K = draw(st.integers(2, 4)), 2
    n = draw(st.integers(1, 2))
    ps = _law(draw, m)
    if family == "same":
        pt = ps
    elif family == "heavy":
        i = draw(st.integers(0, m - 1))
        ps = distribution([1 if j == i else draw(st.integers(20, 40)) for j in range(m)])
        pt = distribution([draw(st.integers(20, 40)) if j == i else 1 for j in range(m)])
    elif family == "off-support":
        i = draw(st.integers(0, m - 1))
        ps = distribution([0 if j == i else draw(st.integers(1, 9)) for j in range(m)])
        pt = distribution([draw(st.integers(3, 9)) if j == i else draw(st.integers(0, 9)) for j in range(m)])
    else:
        pt = _law(draw, m, lo=0 if family == "random" else 1)
    cond = tuple(_law(draw, K) for _ in range(m))
    cond_t = cond
    if family == "concept":
        cond_t = tuple((r[1], r[0]) for r in cond)
        if cond_t == cond:
            cond_t = tuple((Fraction(1, 3) + r[0] / 3, Fraction(2, 3) - r[0] / 3) for r in cond)
    loss = tuple(tuple(Fraction(draw(st.integers(1, 8)), 8) for _ in range(K)) for _ in range(m))
    return CovariateShift(ps, pt, cond, cond_t, loss, n, family)


def covariate_instances() -> st.SearchStrategy[CovariateShift]:
    return st.one_of(covariate_shifts("random"), covariate_shifts("full"), covariate_shifts("same"),
                     covariate_shifts("heavy"))


# --- regression under covariate shift ----------------------------------------------------------------

@dataclass(frozen=True)
class RegressionShift:
    """``y = g(x) + ε`` with ``g(x) = g0 + g1 x + g2 x²`` and ``Var ε = noise`` under both marginals;
    the marginals are given by their moments ``E x^k`` (``k <= 4``); finite ones also by their atoms."""

    source: Vec
    target: Vec
    g: Vec
    noise: Fraction
    family: str
    atoms: tuple[Vec, Vec, Vec] | None = None   # points, p_s, p_t (finite family)

    def __repr__(self) -> str:
        a = "" if self.atoms is None else f", points={_f(self.atoms[0])}, p_s={_f(self.atoms[1])}, p_t={_f(self.atoms[2])}"
        return f"RegressionShift({self.family}: g={_f(self.g)}, noise={self.noise}{a})"


@st.composite
def regression_shifts(draw, specified: bool | None = None) -> RegressionShift:
    """``specified``: ``True`` draws a linear ``g`` (well-specified), ``False`` a quadratic one with
    ``g2 ≠ 0``, ``None`` either."""
    spec = draw(st.booleans()) if specified is None else specified
    g2 = Fraction(0) if spec else draw(st.sampled_from([-2, -1, 1, 2])) * Fraction(1, draw(st.integers(1, 2)))
    g = (_rational(draw, -2, 2), _rational(draw, -2, 2), g2)
    noise = Fraction(draw(st.integers(0, 4)), 4)
    kind = draw(st.sampled_from(["finite", "gaussian", "example"]))
    tag = "well-specified" if spec else "misspecified"
    if kind == "example":   # y = x^2 (+ a linear part), x ~ N(0, 1) on the source and N(3/2, 1/4) on the target
        return RegressionShift(gaussian_moments(Fraction(0), Fraction(1)), gaussian_moments(Fraction(3, 2), Fraction(1, 4)),
                               g, noise, f"{tag}, N(0,1) -> N(3/2,1/4)")
    if kind == "gaussian":
        mus = (_rational(draw, -2, 2), _rational(draw, -2, 2))
        vs = (Fraction(draw(st.integers(1, 8)), 4), Fraction(draw(st.integers(1, 8)), 4))
        if mus[0] == mus[1] and vs[0] == vs[1]:
            vs = (vs[0], vs[0] + 1)
        return RegressionShift(gaussian_moments(mus[0], vs[0]), gaussian_moments(mus[1], vs[1]), g, noise,
                               f"{tag}, N({mus[0]},{vs[0]}) -> N({mus[1]},{vs[1]})")
    m = draw(st.integers(3, 5))
    pts = tuple(sorted(set(Fraction(x, 2) for x in draw(st.lists(st.integers(-6, 6), min_size=m, max_size=m,
                                                                  unique=True)))))
    ps = _law(draw, m)
    pt = _law(draw, m)
    if sum(1 for x in pt if x) < 2 or pt == ps:
        pt = distribution([1] * (m - 1) + [9])
    return RegressionShift(finite_moments(pts, ps), finite_moments(pts, pt), g, noise, f"{tag}, finite",
                           (pts, ps, pt))


# --- label shift --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LabelShift:
    """Class conditionals ``p(x|y)`` (row ``y``) shared by source and target, priors ``π_s``, ``π_t``,
    and an estimate ``π̂_t`` of the target prior."""

    pxy_cond: tuple[Vec, ...]
    pi_s: Vec
    pi_t: Vec
    pi_hat: Vec
    family: str

    def __repr__(self) -> str:
        return (f"LabelShift({self.family}: p(x|y)={[_f(r) for r in self.pxy_cond]}, pi_s={_f(self.pi_s)}, "
                f"pi_t={_f(self.pi_t)}, pi_t_hat={_f(self.pi_hat)})")


def _perturb(draw, pi: Vec) -> Vec:
    """``π̂`` near ``π``: move a random fraction of one class's mass to another."""
    K = len(pi)
    i, j = draw(st.permutations(range(K)))[:2]
    d = pi[i] * Fraction(draw(st.integers(1, 12)), 16)
    return tuple(p - d if k == i else p + d if k == j else p for k, p in enumerate(pi))


@st.composite
def label_shifts(draw, family: str = "random") -> LabelShift:
    """``family``: random, skewed (``π_t`` concentrated on the class ``π_s`` makes rarest), tie
    (uninformative features, ``π_t`` just off ½ and ``π̂_t`` just across it: the plug-in flips and its
    excess risk nearly equals ``‖π̂_t - π_t‖₁``)."""
    if family == "tie":
        m = draw(st.integers(1, 3))
        row = _law(draw, m)
        N = draw(st.integers(4, 60))
        r = draw(st.integers(2, 8))
        e = Fraction(1, N)
        pi_t = (Fraction(1, 2) - e, Fraction(1, 2) + e)
        pi_hat = (Fraction(1, 2) + e / r, Fraction(1, 2) - e / r)
        return LabelShift((row, row), _law(draw, 2), pi_t, pi_hat, f"tie: uninformative x, e=1/{N}, e'=e/{r}")
    K = draw(st.integers(2, 3))
    m = draw(st.integers(2, 4))
    cond = tuple(_law(draw, m) for _ in range(K))
    pi_s = _law(draw, K)
    if family == "skewed":
        rare = min(range(K), key=lambda y: pi_s[y])
        pi_s = distribution([1 if y == rare else 8 for y in range(K)])
        pi_t = distribution([12 if y == rare else 1 for y in range(K)])
    else:
        pi_t = _law(draw, K)
    return LabelShift(cond, pi_s, pi_t, _perturb(draw, pi_t), family)


def label_shift_instances() -> st.SearchStrategy[LabelShift]:
    return st.one_of(label_shifts("random"), label_shifts("skewed"), label_shifts("tie"))


# --- class imbalance -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LabelledLosses:
    labels: tuple[int, ...]
    losses: Vec

    def __repr__(self) -> str:
        return f"LabelledLosses(labels={self.labels}, losses={_f(self.losses)})"


@st.composite
def labelled_losses(draw, imbalanced: bool = False) -> LabelledLosses:
    """Binary labels (both classes present) with per-example losses in ``[0, 2]``; ``imbalanced``
    forces ``n₊ ≠ n₋`` and unequal class-mean losses."""
    n_pos = draw(st.integers(1, 6))
    n_neg = draw(st.integers(1, 12).filter(lambda k: not imbalanced or k != n_pos))
    labels = [1] * n_pos + [0] * n_neg
    order = np.random.default_rng(draw(SEEDS)).permutation(len(labels))
    labels = tuple(labels[i] for i in order)
    losses = [Fraction(draw(st.integers(0, 8)), 4) for _ in labels]
    if imbalanced:
        pos = [i for i, y in enumerate(labels) if y == 1]
        losses = [l + (1 if i in pos else 0) for i, l in enumerate(losses)]
        neg_mean = sum(l for l, y in zip(losses, labels) if y == 0) / n_neg
        pos_mean = sum(l for l, y in zip(losses, labels) if y == 1) / n_pos
        if neg_mean == pos_mean:
            losses[pos[0]] += 1
    return LabelledLosses(labels, tuple(losses))


@dataclass(frozen=True)
class CalibratedProblem:
    """``P(x)`` on ``m`` atoms and the calibrated score ``η(x) = P(Y = 1 | x)``, with costs."""

    px: Vec
    eta: Vec
    c_fp: Fraction
    c_fn: Fraction
    family: str

    def __repr__(self) -> str:
        return (f"CalibratedProblem({self.family}: P(x)={_f(self.px)}, eta={_f(self.eta)}, "
                f"c_FP={self.c_fp}, c_FN={self.c_fn})")


@st.composite
def calibrated_problems(draw, family: str = "random") -> CalibratedProblem:
    """``family``: random, minority (every ``η < ½``, not all equal: the positive class is rare),
    majority (every ``η > ½``)."""
    m = draw(st.integers(2, 5))
    px = _law(draw, m)
    if family == "random":
        eta = [Fraction(draw(st.integers(1, 19)), 20) for _ in range(m)]
    else:
        eta = [Fraction(draw(st.integers(1, 9)), 20) for _ in range(m)]
        if len(set(eta)) == 1:
            eta[0] = eta[0] / 2
        if family == "majority":
            eta = [1 - e for e in eta]
    c = (Fraction(draw(st.integers(1, 9))), Fraction(draw(st.integers(1, 9))))
    return CalibratedProblem(px, tuple(eta), c[0], c[1], family)


def imbalanced_problems() -> st.SearchStrategy[CalibratedProblem]:
    return st.one_of(calibrated_problems("minority"), calibrated_problems("majority"),
                     calibrated_problems("random").filter(lambda p: sum(a * e for a, e in zip(p.px, p.eta)) != Fraction(1, 2)))


@dataclass(frozen=True)
class FoldProblem:
    labels: tuple[int, ...]
    k: int
    order: tuple[int, ...]
    family: str

    def __repr__(self) -> str:
        return f"FoldProblem({self.family}: labels={self.labels}, k={self.k})"


@st.composite
def fold_problems(draw, family: str = "shuffled") -> FoldProblem:
    """Labels of ``C <= 3`` classes (some with ``n_c < k``); ``sorted`` keeps the labels sorted by class,
    every class with ``n_c >= 2k`` (a plain contiguous k-fold then over-fills the first fold with class 0)."""
    k = draw(st.integers(2, 5))
    counts = [draw(st.integers(1, 9)) for _ in range(draw(st.integers(2, 3)))]
    if family == "sorted":
        counts = [max(c, 2 * k) for c in counts]
    labels = [c for c, n in enumerate(counts) for _ in range(n)]
    while len(labels) < k:
        labels.append(0)
    labels.sort()
    rng = np.random.default_rng(draw(SEEDS))
    if family == "shuffled":
        labels = [labels[i] for i in rng.permutation(len(labels))]
    order = tuple(int(i) for i in rng.permutation(len(labels)))
    return FoldProblem(tuple(labels), k, order, family)


# --- label noise ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NoisyProblem:
    """``P(x)``, the clean label ``y(x)``, a finite class of predictors (one probability vector per
    atom, all entries positive), and a uniform noise rate ``η``."""

    px: Vec
    clean: tuple[int, ...]
    K: int
    predictors: tuple[tuple[Vec, ...], ...]
    eta: Fraction
    family: str

    def __repr__(self) -> str:
        preds = "; ".join("[" + ", ".join(_f(p) for p in f) + "]" for f in self.predictors)
        return f"NoisyProblem({self.family}: P(x)={_f(self.px)}, y={self.clean}, K={self.K}, eta={self.eta}, predictors={preds})"


@st.composite
def noisy_problems(draw, family: str = "random", above: bool = False, min_noise: int = 2) -> NoisyProblem:
    """``family``: random, hedge (one atom, a confident predictor ``1 - 1/N`` on the clean label against a
    hedged ``p ∈ [11/20, 3/4]``, noise ``η ∈ [min_noise/20, 2/5]``).  ``above`` draws ``η >= (K-1)/K``."""
    if family == "hedge":
        N = draw(st.integers(50, 1000))
        h = Fraction(draw(st.integers(11, 15)), 20)
        eta = Fraction(draw(st.integers(min_noise, 8)), 20)
        preds = (((1 - Fraction(1, N), Fraction(1, N)),), ((h, 1 - h),))
        return NoisyProblem((Fraction(1),), (0,), 2, preds, eta, f"hedge: confident 1-1/{N} vs hedged {h}")
    K = draw(st.integers(2, 3))
    m = draw(st.integers(1, 3))
    px = _law(draw, m)
    clean = tuple(draw(st.integers(0, K - 1)) for _ in range(m))
    preds = tuple(tuple(_law(draw, K) for _ in range(m)) for _ in range(draw(st.integers(2, 4))))
    lim = Fraction(K - 1, K)
    if above:
        eta = lim + (1 - lim) * Fraction(draw(st.integers(0, 8)), 8)
    else:
        eta = lim * Fraction(draw(st.integers(0, 15)), 16)
    return NoisyProblem(px, clean, K, preds, eta, family)


def noisy_instances() -> st.SearchStrategy[NoisyProblem]:
    return st.one_of(noisy_problems("random"), noisy_problems("hedge"))


# --- domain adaptation ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Adaptation:
    """Marginals ``D_S``, ``D_T`` on ``m`` atoms of the line, labelling functions ``f_S``, ``f_T``, and a
    finite class ``H`` of {0,1}-valued hypotheses (thresholds of both orientations, or intervals)."""

    DS: Vec
    DT: Vec
    fS: tuple[int, ...]
    fT: tuple[int, ...]
    H: tuple[tuple[int, ...], ...]
    family: str

    def __repr__(self) -> str:
        return (f"Adaptation({self.family}: D_S={_f(self.DS)}, D_T={_f(self.DT)}, f_S={self.fS}, "
                f"f_T={self.fT}, |H|={len(self.H)})")


def thresholds(m: int) -> tuple[tuple[int, ...], ...]:
    """``1{x >= t}`` and ``1{x < t}`` for every cut ``t`` (closed under complement)."""
    up = [tuple(int(x >= t) for x in range(m)) for t in range(m + 1)]
    return tuple(sorted(set(up + [tuple(1 - v for v in h) for h in up])))


def intervals(m: int) -> tuple[tuple[int, ...], ...]:
    """Indicators of ``[a, b)`` and their complements."""
    iv = [tuple(int(a <= x < b) for x in range(m)) for a in range(m + 1) for b in range(a, m + 1)]
    return tuple(sorted(set(iv + [tuple(1 - v for v in h) for h in iv])))


@st.composite
def adaptations(draw, family: str = "random") -> Adaptation:
    """``family``: random; realizable-shift (``f_S = f_T = h* ∈ H``, ``D_S`` on the agreement and
    ``D_T`` on the disagreement region of ``h*`` and some ``h``: the bound holds with equality);
    concept-flip (``D_S = D_T``, ``f_T = 1 - f_S``: zero divergence, large ``λ*``)."""
    m = draw(st.integers(3, 6))
    H = draw(st.sampled_from([thresholds(m), intervals(m)]))
    if family == "realizable-shift":
        hs, h = draw(st.permutations(range(len(H))))[:2]
        star, other = H[hs], H[h]
        dis = [x for x in range(m) if star[x] != other[x]]
        agree = [x for x in range(m) if star[x] == other[x]]
        DT = distribution([draw(st.integers(1, 9)) if x in dis else 0 for x in range(m)])
        DS = (distribution([draw(st.integers(1, 9)) if x in agree else 0 for x in range(m)]) if agree
              else distribution([draw(st.integers(1, 9)) for _ in range(m)]))
        return Adaptation(DS, DT, star, star, H, "realizable-shift")
    DS = _law(draw, m, lo=0)
    if family == "concept-flip":
        fS = tuple(draw(st.integers(0, 1)) for _ in range(m))
        return Adaptation(DS, DS, fS, tuple(1 - v for v in fS), H, "concept-flip")
    DT = _law(draw, m, lo=0)
    fS = tuple(draw(st.integers(0, 1)) for _ in range(m))
    fT = fS if draw(st.booleans()) else tuple(draw(st.integers(0, 1)) for _ in range(m))
    return Adaptation(DS, DT, fS, fT, H, "random")


def adaptation_instances() -> st.SearchStrategy[Adaptation]:
    return st.one_of(adaptations("random"), adaptations("realizable-shift"), adaptations("concept-flip"))


@dataclass(frozen=True)
class UnseenRegion:
    """``D_S`` on ``m`` atoms, ``D_T`` with mass on the atoms ``U`` outside ``supp D_S``, the source
    labelling ``f_S`` and the two target labellings that extend it and disagree on all of ``U``."""

    DS: Vec
    DT: Vec
    fS: tuple[int, ...]
    U: tuple[int, ...]

    @property
    def targets(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        return self.fS, tuple(1 - v if x in self.U else v for x, v in enumerate(self.fS))

    def __repr__(self) -> str:
        return f"UnseenRegion(D_S={_f(self.DS)}, D_T={_f(self.DT)}, f_S={self.fS}, U={self.U})"


@st.composite
def unseen_regions(draw, min_unseen: int = 1) -> UnseenRegion:
    m = draw(st.integers(min_unseen + 1, 6))
    u = draw(st.integers(min_unseen, m - 1))
    U = tuple(sorted(draw(st.permutations(range(m)))[:u]))
    DS = distribution([0 if x in U else draw(st.integers(1, 9)) for x in range(m)])
    DT = distribution([draw(st.integers(1, 9)) if x in U else draw(st.integers(0, 9)) for x in range(m)])
    return UnseenRegion(DS, DT, tuple(draw(st.integers(0, 1)) for _ in range(m)), U)


@dataclass(frozen=True)
class Transfer:
    """Laws ``P``, ``Q`` on strictly increasing ``points``, a loss ``ell`` with values in ``[0, 1]``, and
    a ``K``-Lipschitz loss ``lip`` on the points."""

    points: Vec
    P: Vec
    Q: Vec
    ell: Vec
    lip: Vec
    K: Fraction
    family: str

    def __repr__(self) -> str:
        return (f"Transfer({self.family}: points={_f(self.points)}, P={_f(self.P)}, Q={_f(self.Q)}, "
                f"ell={_f(self.ell)}, K={self.K}, lip={_f(self.lip)})")


@st.composite
def transfers(draw, family: str = "random", unit: bool = False) -> Transfer:
    """``family``: random, indicator (``ℓ = 1{P > Q}``), dominance (``F_P >= F_Q``, ``lip = K x``).
    ``unit`` puts the points in ``[0, 1)``."""
    m = draw(st.integers(2, 6))
    den = draw(st.integers(m, 12)) if unit else draw(st.integers(1, 3))
    pts = tuple(Fraction(x, den) for x in sorted(draw(st.lists(st.integers(0, den - 1 if unit else 12),
                                                                min_size=m, max_size=m, unique=True))))
    if unit and len(pts) < 2:
        pts = (Fraction(0), Fraction(1, 2))
    m = len(pts)
    P, Q = _law(draw, m, lo=0), _law(draw, m, lo=0)
    K = Fraction(draw(st.integers(1, 6)), draw(st.integers(1, 2)))
    if family == "dominance":   # move Q's mass to the right of P's
        Q = tuple(Fraction(0) for _ in range(m - 1)) + (Fraction(1),)
        if P == Q:
            P = (Fraction(1),) + tuple(Fraction(0) for _ in range(m - 1))
        lip = tuple(K * x for x in pts)
    else:
        lip, v = [Fraction(0)], Fraction(0)
        for a, b in zip(pts, pts[1:]):
            v += K * (b - a) * Fraction(draw(st.integers(-4, 4)), 4)
            lip.append(v)
        lip = tuple(lip)
    if family == "indicator" or family == "dominance":
        ell = tuple(Fraction(int(a > b)) for a, b in zip(P, Q))
    else:
        ell = tuple(Fraction(draw(st.integers(0, 8)), 8) for _ in range(m))
    return Transfer(pts, P, Q, ell, lip, K, family)


def transfer_instances() -> st.SearchStrategy[Transfer]:
    return st.one_of(transfers("random"), transfers("indicator"), transfers("dominance"))


@dataclass(frozen=True)
class Scenarios:
    """Target scenarios ``(D_T, f_T)`` on ``m`` atoms sharing the labelled source data; ``H`` is every
    function ``{0..m-1} → {0, 1}``."""

    scenarios: tuple[tuple[Vec, tuple[int, ...]], ...]
    m: int
    family: str

    def __repr__(self) -> str:
        s = "; ".join(f"D_T={_f(D)}, f_T={f}" for D, f in self.scenarios)
        return f"Scenarios({self.family}: {s})"


@st.composite
def scenario_sets(draw, family: str = "informative") -> Scenarios:
    """``informative``: two or three scenarios with distinct marginals whose labellings conflict
    (each scenario's labelling is the complement of the previous one's on a tilted marginal);
    ``uninformative``: all scenarios share one marginal; ``random``: anything."""
    m = draw(st.integers(2, 3))
    k = draw(st.integers(2, 3))
    if family == "uninformative":
        D = _law(draw, m)
        return Scenarios(tuple((D, tuple(draw(st.integers(0, 1)) for _ in range(m))) for _ in range(k)), m, family)
    if family == "informative":
        f = tuple(draw(st.integers(0, 1)) for _ in range(m))
        out = []
        for j in range(k):
            heavy = j % m
            D = distribution([draw(st.integers(6, 9)) if x == heavy else 1 for x in range(m)])
            out.append((D, f if j % 2 == 0 else tuple(1 - v for v in f)))
        return Scenarios(tuple(out), m, family)
    return Scenarios(tuple((_law(draw, m), tuple(draw(st.integers(0, 1)) for _ in range(m))) for _ in range(k)),
                     m, family)


def scenario_instances() -> st.SearchStrategy[Scenarios]:
    return st.one_of(scenario_sets("informative"), scenario_sets("uninformative"), scenario_sets("random"))
