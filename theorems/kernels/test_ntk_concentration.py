"""Concentration of the empirical NTK at initialization around its infinite-width limit.

Statement.  Two-layer net ``f(x) = m^{-1/2} sum_r a_r sigma(w_rᵀx)``, ``a_r`` uniform on ``{±1}``,
``w_r ~ N(0, I_d)`` i.i.d., unit inputs ``x_1..x_n``, only the first layer trained, ``0 <= sigma' <= 1``
(ReLU, or ``erf(sqrt(pi) z/2)``).  Each entry of the empirical NTK
``H(0)_ij = x_iᵀx_j (1/m) sum_r sigma'(w_rᵀx_i) sigma'(w_rᵀx_j)`` is the mean of ``m`` i.i.d. terms in
the interval between 0 and ``x_iᵀx_j``, with mean ``H*_ij = x_iᵀx_j E[sigma'(wᵀx_i) sigma'(wᵀx_j)]``
(``= x_iᵀx_j (pi - theta_ij)/(2 pi)`` for ReLU).  Hence (Hoeffding) with probability at least
``1 - delta``, simultaneously for all ``i <= j``,
``|H(0)_ij - H*_ij| <= |x_iᵀx_j| sqrt(log(n(n+1)/delta) / (2m))``, and (Lemma 9.2.2 with the proof's
constants, terms in ``[-1, 1]``) ``||H(0) - H*||_2 <= ||H(0) - H*||_F <= n sqrt(2 log(2n^2/delta)/m)``
with probability at least ``1 - delta``: the fluctuations are ``O(m^{-1/2})``, and
``m >= 2 n^2 log(2n^2/delta)/eps^2`` gives ``||H(0) - H*||_2 <= eps``.

Test.  Statistical, at the per-instance false-alarm level ``2 alpha`` with ``alpha = 1e-6``: the
entries at joint level ``alpha`` (each of the ``n(n+1)/2`` entries two-sided at ``alpha n^-1 (n+1)^-1``
per side, by ``checks.stats.mean_le`` / ``mean_ge``, which take the smaller of the Hoeffding and the
empirical-Bernstein radii), and the operator-norm bound at ``delta = alpha``.  ``H(0)`` is the
``torch.func`` Jacobian Gram matrix of the network, checked against the mean of the per-neuron terms.

The audit.  The proof of Lemma 9.2.2 says that after the union bound every entry is within
``eps/n^2``; with the proof's own width ``m = 16 n^2 log(n/delta)/eps^2`` a diagonal entry has
standard deviation ``eps/(8 n sqrt(log(n/delta)))``, and ``eps/n^2`` is only
``8 sqrt(log(n/delta))/n`` of these.  The audit runs ``T = 200`` independent initializations of that
width and tests the claimed rate ``P(max_ij |H(0) - H*|_ij > eps/n^2) <= delta`` with the exact
binomial test at level ``alpha``.

Deep nets (Arora et al. §9.4).  For ``f^{(h)} = W^{(h)} g^{(h-1)}``,
``g^{(h)} = sqrt(c_sigma/d_h) sigma(f^{(h)})`` with ``N(0, 1)`` weights, conditional on layer ``h - 1``
the ``d_h`` coordinates of ``f^{(h)}`` on the inputs are i.i.d. ``N(0, Lambda)``, ``Lambda`` the Gram
matrix of ``g^{(h-1)}``; so ``(c_sigma/d_h) tr(D^{(h)}(x) D^{(h)}(x'))`` and, for bounded ``sigma``,
``<g^{(h)}(x), g^{(h)}(x')>`` are means of ``d_h`` bounded i.i.d. terms whose means are the maps
``Sigma_dot``, ``Sigma`` of the recursion at ``Lambda``: the recursion holds layer by layer at finite
width up to Hoeffding radii (ReLU: the derivative factors, bounded by ``c_sigma = 2``; erf: both).

Sources.  Arora et al., *Theory of Deep Learning*, §9.2 (the entry formula and law of large numbers,
ARORA-555; Lemma 9.2.2 and its proof, ARORA-557; §9.4, ARORA-566, ARORA-567); Teng, Wang, Zhang,
§6.3.1 (TENG-31: deterministic limit, ``O(m^{-1/2})`` fluctuations); Zhao, Figs. 4.12/4.16
(ZHAO-30: ``K_b`` concentrates on ``xᵀx' (pi - theta)/(2 pi)``, and deep nets likewise).  Primary: Du, Zhai, Póczos, Singh (2019), Lemma 3.1;
Jacot et al. (2018); Arora, Du, Hu, Li, Salakhutdinov, Wang (2019b).

Proof idea.  ``a_r^2 = 1`` makes ``H(0)_ij`` an average of i.i.d. bounded terms; Hoeffding per entry,
the union bound over entries, and ``||A||_2 <= ||A||_F <= n max_ij |A_ij|``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import torch
from hypothesis import strategies as st

from checks import ntk
from checks.claim import Check, Claim, Mutant, Source, close, le
from checks.documents import ARORA, TENG, ZHAO
from checks.stats import ALPHA, mean_ge, mean_le, rate_le
from checks.strategies.networks import FAMILIES, SEEDS, SphereData, sphere_data

EPS = ntk.EPS


@dataclass(frozen=True, eq=False)
class InitCase:
    """A two-layer net of width ``m`` with ``activation``, seeded, on unit points; ``scale`` is the
    output scaling (``None``: ``m^{-1/2}``)."""

    data: SphereData
    act: ntk.Activation
    m: int
    seed: int
    scale: float | None = None

    def __repr__(self) -> str:
        sc = "" if self.scale is None else f", output scale {self.scale:.3g}"
        return f"InitCase({self.data!r}, {self.act}, m={self.m}{sc}, seed {self.seed})"

    @cached_property
    def weights(self):
        return ntk.init_two_layer(self.data.d, self.m, self.seed, "sign")

    @cached_property
    def H0(self) -> np.ndarray:
        """The first-layer empirical NTK by ``torch.func``."""
        W, a = self.weights
        net = ntk.TwoLayerNet(W, a, self.act, self.scale)
        return ntk.ntk_blocks(net, ntk.as_tensor(self.data.X))["W"].cpu().numpy()

    @cached_property
    def terms(self) -> np.ndarray:
        """``Z_r,ij = a_r^2 x_iᵀx_j sigma'(w_rᵀx_i) sigma'(w_rᵀx_j)``, shape ``(m, n, n)``."""
        W, a = self.weights
        X = ntk.as_tensor(self.data.X)
        S = self.act.torch_d1(W @ X.T)
        K = X @ X.T
        return ((a * a)[:, None, None] * K[None] * S[:, :, None] * S[:, None, :]).cpu().numpy()

    @cached_property
    def K(self) -> np.ndarray:
        """The Gram matrix as the terms use it (the same floating-point values)."""
        X = ntk.as_tensor(self.data.X)
        return (X @ X.T).cpu().numpy()


@st.composite
def init_cases(draw: st.DrawFn, acts: tuple[ntk.Activation, ...] = (ntk.RELU, ntk.ERF),
               min_m: int = 32, scale: str = "ntk", families: tuple[str, ...] = FAMILIES,
               min_n: int = 2, max_spread: float = 0.6) -> InitCase:
    data = draw(sphere_data(min_n=min_n, max_n=8, max_d=8, families=families, max_spread=max_spread))
    m = draw(st.one_of(st.integers(min_m, 2000), st.sampled_from([min_m, 2000])))
    return InitCase(data, draw(st.sampled_from(acts)), m, draw(SEEDS), None if scale == "ntk" else 1.0 / m)


Limit = Callable[[InitCase], np.ndarray]


def _limit(case: InitCase) -> np.ndarray:
    return ntk.tangent_kernel(case.data.X, case.act)


def _spectral_radius(n: int, m: int, delta: float) -> float:
    """Lemma 9.2.2's ``eps``: ``n sqrt(2 log(2 n^2/delta)/m)``."""
    return n * math.sqrt(2 * math.log(2 * n * n / delta) / m)


def _concentration_checks(case: InitCase, limit: Limit = _limit, alpha: float = ALPHA,
                          entry_rate: float = 0.5) -> list[Check]:
    """``entry_rate`` 0.5 is the Hoeffding rate; a mutant can claim a faster one (the comparison then uses
    the Hoeffding radius rescaled to ``m^-entry_rate``)."""
    n, m = case.data.n, case.m
    H0, Z, K = case.H0, case.terms, case.K
    Hs = limit(case)
    mean = Z.mean(axis=0)
    checks = [close(H0, mean, 8 * (m + case.data.d + 8) * EPS * max(1.0, float(np.max(np.abs(K)))),
                    label="torch.func NTK block = mean of the per-neuron terms", why="8 (m + d + 8) eps")]
    pairs = [(i, j) for i in range(n) for j in range(i, n)]
    a_e = alpha / len(pairs)
    worst: tuple[float, Check] | None = None
    for i, j in pairs:
        lo, hi = min(0.0, K[i, j]), max(0.0, K[i, j])
        z = Z[:, i, j]
        if entry_rate == 0.5:
            cs = [mean_le(z, Hs[i, j], lo, hi, alpha=a_e / 2, label=f"E H(0)_{i}{j} <= H*_{i}{j}"),
                  mean_ge(z, Hs[i, j], lo, hi, alpha=a_e / 2, label=f"E H(0)_{i}{j} >= H*_{i}{j}")]
        else:
            rad = (hi - lo) * math.sqrt(math.log(2 / a_e) / 2) / m**entry_rate
            cs = [close(z.mean(), Hs[i, j], max(rad, 1e-300), label=f"|H(0)_{i}{j} - H*_{i}{j}| <= radius m^-{entry_rate}",
                        why="Hoeffding numerator over m^rate")]
        for c in cs:
            if worst is None or c.ratio > worst[0]:
                worst = (c.ratio, c)
    assert worst is not None
    checks.append(worst[1])
    dev = float(np.linalg.norm(H0 - Hs, 2))
    checks.append(le(dev, _spectral_radius(n, m, alpha),
                     label=f"Lemma 9.2.2: ||H(0) - H*||_2 <= n sqrt(2 log(2n^2/delta)/m), delta = {alpha:g}"))
    return checks


def _lemma_without_n_rate(case: InitCase, delta: float = 0.05, trials: int = 50) -> list[Check]:
    """The mutant 'Lemma 9.2.2 without the factor n' as a rate over fresh ReLU initializations of the case's width."""
    X, n, m = case.data.X, case.data.n, case.m
    K, Hs = X @ X.T, ntk.relu_ntk_hidden(X)
    bound = _spectral_radius(n, m, delta) / n
    rng = np.random.default_rng(case.seed)
    fails = 0
    for _ in range(trials):
        S = (rng.standard_normal((m, case.data.d)) @ X.T > 0).astype(float)
        fails += int(np.linalg.norm(K * (S.T @ S) / m - Hs, 2) > bound)
    return [rate_le(fails, trials, delta, label=f"P(||H(0) - H*||_2 > sqrt(2 log(2n^2/delta)/m)) <= delta = {delta:g}")]


def _printed_limit(case: InitCase) -> np.ndarray:
    """(9.8) as printed: no factor x_iᵀx_j."""
    X = case.data.X
    return ntk.tangent_expectation(case.act, np.cos(ntk.angles(X)))


CONCENTRATION = Claim(
    id="ntk-init-concentration",
    title="The empirical NTK at initialization concentrates around the arc-cosine limit",
    statement="For m^{-1/2} sum_r a_r sigma(w_rᵀx), a_r = ±1, w_r ~ N(0, I), unit inputs, 0 <= sigma' <= 1: with "
              "probability >= 1 - delta, |H(0)_ij - H*_ij| <= |x_iᵀx_j| sqrt(log(n(n+1)/delta)/(2m)) for all i <= j "
              "(H*_ij = x_iᵀx_j (pi - theta_ij)/(2 pi) for ReLU), and ||H(0) - H*||_2 <= ||H(0) - H*||_F <= "
              "n sqrt(2 log(2n^2/delta)/m) (Lemma 9.2.2, so m >= 2n^2 log(2n^2/delta)/eps^2 gives eps)",
    sources=[Source(ARORA, "§9.2: [H(0)]_ij formula, LLN, Lemma 9.2.2 and proof (entries <= eps/n)",
                    ("ARORA-555", "ARORA-557")),
             Source(TENG, "§6.3.1: the NTK at init converges, fluctuations O(m^{-1/2})", ("TENG-31",)),
             Source(ZHAO, "Figs. 4.12/4.16: K_b -> xᵀx'(pi - theta)/(2 pi), fluctuations O(m^{-1/2})", ("ZHAO-30",))],
    kind="statistical",
    area="kernels",
    instances=init_cases(),
    conclusion=_concentration_checks,
    proof_idea="a_r^2 = 1, so each entry averages m i.i.d. terms between 0 and x_iᵀx_j with mean H*_ij; Hoeffding "
               "(or empirical Bernstein) per entry, a union bound over the n(n+1)/2 entries, and ||A||_2 <= ||A||_F "
               "<= n max|A_ij|.  Per-instance false-alarm level 2e-6 (entries at 1e-6, the lemma at delta = 1e-6).",
    mutants=[
        Mutant("factor-free-limit", "(9.8) as printed drops x_iᵀx_j: at orthogonal inputs H*_ij = 0, "
               "not E[sigma' sigma'] (1/4 for ReLU)",
               conclusion=lambda c: _concentration_checks(c, _printed_limit)),
        Mutant("c-sigma-normalized-limit", "x_iᵀx_j kappa0 = 2 H* is the kernel of the net with the factor "
               "sqrt(2) (c_sigma = 2), not of the net m^{-1/2} sum a_r relu",
               conclusion=lambda c: _concentration_checks(c, lambda k: 2 * _limit(k))),
        Mutant("missing-2pi", "x_iᵀx_j (pi - theta) lacks the 1/(2 pi) of the probability",
               conclusion=lambda c: _concentration_checks(c, lambda k: 2 * math.pi * _limit(k))),
        Mutant("nngp-for-ntk", "E[sigma(wᵀx) sigma(wᵀx')] is the output-layer (NNGP) kernel; the first-layer "
               "NTK is x_iᵀx_j E[sigma' sigma']", conclusion=lambda c: _concentration_checks(
                   c, lambda k: ntk.output_kernel(k.data.X, k.act))),
        Mutant("tanh-limit", "the limit depends on the activation: a ReLU net's kernel does not concentrate "
               "on the tanh kernel (at x_iᵀx_j = -0.95: 0.05 vs 0.45 for E[sigma' sigma'])",
               conclusion=lambda c: _concentration_checks(c, lambda k: ntk.tangent_kernel(k.data.X, ntk.TANH)),
               instances=init_cases(acts=(ntk.RELU,))),
        Mutant("fluctuations-one-over-m", "H(0)_ij is a mean of m i.i.d. terms of variance of order 1, so its "
               "fluctuations are of order m^{-1/2}, not m^{-1}",
               conclusion=lambda c: _concentration_checks(c, entry_rate=1.0)),
        Mutant("lemma-without-n", "Lemma 9.2.2 needs the factor n (from ||A||_F <= n max|A_ij|): for nearly "
               "parallel inputs the deviations are nearly constant and ||H(0) - H*||_2 is about n times an entry; "
               "tested as P(||H(0) - H*||_2 > sqrt(2 log(2n^2/delta)/m)) <= delta at delta = 0.05 over 50 fresh "
               "initializations (exact binomial test, level 1e-6)",
               conclusion=_lemma_without_n_rate,
               instances=init_cases(acts=(ntk.RELU,), families=("cluster",), min_n=8, max_spread=0.03)),
        Mutant("mean-field-scaling", "with the output scaled by 1/m instead of m^{-1/2} the kernel is H*/m, "
               "which tends to 0", instances=init_cases(scale="mean-field")),
    ],
    examples=40,
)
test_ntk_init_concentration = CONCENTRATION.test()


# ------------------------------------------------------------------------------ the eps/n^2 audit


@dataclass(frozen=True, eq=False)
class EntryBoundCase:
    """``trials`` independent ReLU initializations of the width ``m`` that Lemma 9.2.2's proof requires for
    ``eps``: ``m = 16 n^2 log(n/delta)/eps^2``, i.e. ``eps = 4 n sqrt(log(n/delta)/m)``."""

    data: SphereData
    delta: float
    m: int
    trials: int
    seed: int

    @property
    def eps(self) -> float:
        n = self.data.n
        return 4 * n * math.sqrt(math.log(n / self.delta) / self.m)

    def __repr__(self) -> str:
        return (f"EntryBoundCase({self.data!r}, delta {self.delta:g}, m={self.m} (eps = {self.eps:.4g}), "
                f"{self.trials} trials, seed {self.seed})")

    @cached_property
    def max_deviation(self) -> np.ndarray:
        """``max_ij |H_t(0) - H*|_ij`` for each trial ``t``."""
        X = self.data.X
        K = X @ X.T
        Hs = ntk.relu_ntk_hidden(X)
        rng = np.random.default_rng(self.seed)
        out = np.empty(self.trials)
        for t in range(self.trials):
            S = (rng.standard_normal((self.m, self.data.d)) @ X.T > 0).astype(float)
            out[t] = np.max(np.abs(K * (S.T @ S) / self.m - Hs))
        return out


@st.composite
def entry_bound_cases(draw: st.DrawFn) -> EntryBoundCase:
    n = draw(st.one_of(st.just(8), st.integers(2, 8)))
    data = draw(sphere_data(min_n=n, max_n=n, max_d=8))
    delta = draw(st.sampled_from([0.01, 0.05, 0.1]))
    return EntryBoundCase(data, delta, draw(st.integers(100, 2000)), 200, draw(SEEDS))


def _entry_rate(case: EntryBoundCase, power: int) -> list[Check]:
    n = case.data.n
    bound = case.eps / n**power
    fails = int(np.sum(case.max_deviation > bound))
    return [rate_le(fails, case.trials, case.delta,
                    label=f"P(max_ij |H(0) - H*|_ij > eps/n^{power}) <= delta, eps/n^{power} = {bound:.4g}")]


ENTRY_AUDIT = Claim(
    id="ntk-init-entries-eps-over-n2-printed",
    title="Lemma 9.2.2's proof: every entry within eps/n^2 (as printed)",
    statement="With m = 16 n^2 log(n/delta)/eps^2, with probability >= 1 - delta every entry satisfies "
              "|[H(0)]_ij - H*_ij| <= eps/n^2 (the step after the union bound in the proof of Lemma 9.2.2)",
    sources=[Source(ARORA, "§9.2, proof of Lemma 9.2.2, the line after the union bound", ("ARORA-557",))],
    kind="statistical",
    area="kernels",
    instances=entry_bound_cases(),
    conclusion=lambda c: _entry_rate(c, 2),
    proof_idea="A diagonal entry is a mean of m Bernoulli(1/2) variables, with standard deviation 1/(2 sqrt(m)) = "
               "eps/(8 n sqrt(log(n/delta))); eps/n^2 is only 8 sqrt(log(n/delta))/n of these (2.6 for n = 8, "
               "delta = 0.01), so some entry exceeds it in several percent of the draws, far above delta.  Exact "
               "binomial test of the claimed rate at level 1e-6.",
    audit=True,
    corrected="ntk-init-concentration",
    finding="The proof writes 'for all (i, j), |[H(0)]_ij - H*_ij| <= eps/n^2' after the union bound; the "
            "preceding line gives eps/n and the next line uses eps/n.  At the proof's width the entries exceed "
            "eps/n^2 far more often than delta.  Corrected: every entry is within eps/n, so ||H(0) - H*||_2 <= "
            "||H(0) - H*||_F <= eps; the lemma itself is true.",
    examples=40,
)
test_ntk_init_entries_eps_over_n2_printed = ENTRY_AUDIT.test()


# ------------------------------------------------- deep nets: the recursion, one layer at a time


@dataclass(frozen=True, eq=False)
class DeepCase:
    """A deep net of Arora et al.'s form with hidden widths ``widths`` on unit points."""

    data: SphereData
    act: ntk.Activation
    widths: tuple[int, ...]
    seed: int

    def __repr__(self) -> str:
        return f"DeepCase({self.data!r}, {self.act}, hidden widths {self.widths}, seed {self.seed})"

    @cached_property
    def layers(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Pre-activations ``f^{(h)}`` (``h = 1..L``) and features ``g^{(h)}`` (``h = 0..L``) as numpy arrays."""
        net = ntk.DeepNet((self.data.d, *self.widths), self.act, self.seed)
        F, G = net.layers(ntk.as_tensor(self.data.X))
        return [f.detach().cpu().numpy() for f in F], [g.detach().cpu().numpy() for g in G]


@st.composite
def deep_cases(draw: st.DrawFn, families: tuple[str, ...] = FAMILIES, min_width: int = 100) -> DeepCase:
    data = draw(sphere_data(min_n=2, max_n=5, max_d=6, families=families))
    widths = tuple(draw(st.lists(st.integers(min_width, 1000), min_size=1, max_size=3)))
    return DeepCase(data, draw(st.sampled_from([ntk.RELU, ntk.ERF])), widths, draw(SEEDS))


def _layer_checks(case: DeepCase, c_factor: float = 1.0, lag: bool = False, alpha: float = ALPHA) -> list[Check]:
    """At each layer h, given g^{(h-1)}: the d_h coordinates of (f^{(h)}(x_i))_i are i.i.d. N(0, Lambda-hat) with
    Lambda-hat the Gram matrix of g^{(h-1)}, so (c/d_h) tr D^{(h)}(x_i) D^{(h)}(x_j) and (for bounded sigma)
    <g^{(h)}(x_i), g^{(h)}(x_j)> are means of d_h bounded i.i.d. terms with means c E[sigma' sigma'] and
    c E[sigma sigma] under N(0, Lambda-hat): the maps of the recursion.  Mutants: ``c_factor`` scales c,
    ``lag`` takes Lambda-hat from layer h instead of h - 1."""
    act, c = case.act, ntk.c_sigma(case.act)
    F, G = case.layers
    n, L = case.data.n, len(F)
    kinds = [("derivative", act.torch_d1)] + ([("NNGP", act.torch_fn)] if act is ntk.ERF else [])
    pairs = [(i, j) for i in range(n) for j in range(i, n)]
    a_e = alpha / (len(pairs) * L * len(kinds))
    worst: Check | None = None
    for h in range(1, L + 1):
        Gp = G[h if lag else h - 1]
        Lam = Gp @ Gp.T
        q = np.diag(Lam)
        rho = np.clip(Lam / np.sqrt(np.outer(q, q)), -1, 1)
        Fh = torch.from_numpy(F[h - 1])
        for name, fn in kinds:
            vals = fn(Fh).numpy()
            if name == "derivative":
                target, lo, hi = c_factor * c * ntk.tangent_expectation(act, rho, q[:, None], q[None, :]), 0.0, c
            else:
                target, lo, hi = c_factor * c * ntk.output_expectation(act, rho, q[:, None], q[None, :]), -c, c
            for i, j in pairs:
                z = c * vals[i] * vals[j]
                for chk in (mean_le(z, target[i, j], lo, hi, alpha=a_e / 2, label=f"layer {h} {name} kernel_{i}{j} <= map"),
                            mean_ge(z, target[i, j], lo, hi, alpha=a_e / 2, label=f"layer {h} {name} kernel_{i}{j} >= map")):
                    if worst is None or chk.ratio > worst.ratio:
                        worst = chk
    assert worst is not None
    return [worst]


LAYERWISE = Claim(
    id="deep-ntk-layer-concentration",
    title="Finite-width deep nets follow the NNGP / NTK recursion layer by layer",
    statement="For the deep net f^(h) = W^(h) g^(h-1), g^(h) = sqrt(c_sigma/d_h) sigma(f^(h)), N(0, 1) weights: given layer h-1, "
              "(c_sigma/d_h) tr(D^(h)(x) D^(h)(x')) and (bounded sigma) <g^(h)(x), g^(h)(x')> are within Hoeffding radii of "
              "c_sigma E_{N(0, Lambda)}[sigma'(u) sigma'(v)] and c_sigma E_{N(0, Lambda)}[sigma(u) sigma(v)], Lambda the Gram "
              "matrix of g^(h-1): the maps Sigma_dot^(h), Sigma^(h) of the recursion, with O(d_h^{-1/2}) fluctuations",
    sources=[Source(ARORA, "§9.4: eqs. (9.15)-(9.16) and (c_sigma/d_h) tr(D D) -> Sigma_dot^(h)", ("ARORA-566", "ARORA-567")),
             Source(ZHAO, "Fig. 4.16: deep nets under NTK scaling concentrate similarly", ("ZHAO-30",))],
    kind="statistical",
    area="kernels",
    instances=deep_cases(),
    conclusion=_layer_checks,
    proof_idea="Conditional on g^(h-1), the rows of W^(h) are independent N(0, I), so the coordinates of f^(h) on the n "
               "inputs are i.i.d. N(0, Lambda); c_sigma sigma' sigma' lies in [0, c_sigma] (ReLU, erf) and c_sigma sigma sigma in "
               "[-c_sigma, c_sigma] (erf): Hoeffding / empirical Bernstein at joint level 1e-6 over entries, layers and kernels.",
    mutants=[
        Mutant("c-sigma-omitted", "without c_sigma the derivative map of ReLU is (pi - theta)/(2 pi), half of the "
               "empirical (2/d_h) tr(D D) (= 1 on the diagonal)", conclusion=lambda c: _layer_checks(c, c_factor=0.5)),
        Mutant("lambda-from-this-layer", "the covariance of f^(h) is the Gram matrix of g^(h-1); the layer map raises "
               "correlations (kappa1(-0.9) is about 0.01), so using layer h's Gram matrix misplaces them",
               conclusion=lambda c: _layer_checks(c, lag=True),
               instances=deep_cases(families=("antipodal",), min_width=500)),
    ],
    examples=25,
)
test_deep_ntk_layer_concentration = LAYERWISE.test()
