"""Lazy training: under the NTK scaling, gradient descent converges linearly while every neuron, and the
kernel, move by O(m^{-1/2}).

Statement (three finite statements with the constants of the proofs).
1. Du, Zhai, Póczos, Singh (2019), Thm 4.1 / Cor. 4.1, deterministic core.  Two-layer ReLU net
   ``u_i = m^{-1/2} sum_r a_r relu(w_rᵀx_i)``, ``a_r = ±1`` fixed, unit inputs, GD on the first layer
   for ``½||u - y||^2`` with step ``eta``, ``lambda0 = lambda_min(H*)``, ``r(k) = u(k) - y``.  Write
   ``r(k+1) = (I - eta H(k)) r(k) + e(k)`` (``e(k)`` the error of the linearization, due to neurons whose
   activation pattern flips).  If for all ``k < T``: ``lambda_min(H(k)) >= lambda0/2``,
   ``eta lambda_max(H(k)) <= 1``, ``||e(k)|| <= eta lambda0 ||r(k)|| / 8`` and ``eta lambda0 <= 16/9``, then
   for ``k <= T``: ``||r(k)||^2 <= (1 - eta lambda0/2)^k ||r(0)||^2``,
   ``max_r ||w_r(k) - w_r(0)|| <= R' = 4 sqrt(n) ||r(0)|| / (sqrt(m) lambda0)``, hence
   ``||W(k) - W(0)||_F <= 4 sqrt(n) ||r(0)|| / lambda0`` (O(1), while ``||W(0)||_F`` is about
   ``sqrt(m d)``), and ``||W(k) - W(0)||_F >= ||u(k) - u(0)||_inf`` (the total change does not vanish).
   A neuron flips on ``x_i`` only if ``|w_r(0)ᵀx_i| <= ||w_r(k) - w_r(0)||``, so with
   ``A_i(R) = #{r : |w_r(0)ᵀx_i| <= R}``: ``|H(k)_ij - H(0)_ij| <= |x_iᵀx_j| (A_i + A_j)/m`` at
   ``R = max_r ||w_r(k) - w_r(0)||`` (Du et al. Lemma 3.2, deterministic part), and ``A_i(R')/m`` is a mean
   of i.i.d. indicators with mean ``P(|N(0,1)| <= R') <= 2R'/sqrt(2 pi)``.
2. Arora et al. Lemma 9.2.3, explicit along GD (smooth ``sigma``, ``|sigma'| <= 1``, ``|sigma''| <= beta``):
   ``||w_r(k) - w_r(0)|| <= eta m^{-1/2} sum_{k'<k} ||r(k')||_1`` (i),
   ``|H(k)_ij - H(0)_ij| <= 2 beta |x_iᵀx_j| (1/m) sum_r ||w_r(k) - w_r(0)||`` (ii), and so
   ``||H(k) - H(0)||_2 <= 2 beta ||X Xᵀ||_F eta m^{-1/2} sum_{k'<k} ||r(k')||_1`` (iii): O(t n^2 / sqrt(m))
   for bounded residuals (the text's ``sum_ij`` route gives O(t n^3/sqrt(m))).
3. Linearization (Teng et al. §6.2): for ``f(theta) = m^{-1/2} sum_r a_r sigma(w_rᵀx)`` (both layers),
   ``|f(theta0 + Delta) - f(theta0) - grad f(theta0)·Delta| <=
   ½ m^{-1/2} (2 sup|sigma'| ||x|| ||da|| ||dW|| + sup|sigma''| ||x||^2 A ||dW||^2) <= ½ M ||Delta||^2`` with
   ``A = max_r(|a_r| + |da_r|)`` and ``M = m^{-1/2} (sup|sigma'| ||x|| + sup|sigma''| ||x||^2 A)``: the
   Hessian along the segment is O(m^{-1/2}).

Instances meet the hypotheses by construction where that is possible: the antisymmetric
initialization (neuron ``r + m/2`` copies ``w_r`` with ``-a_r``) gives ``u(0) = 0``, so ``r(0) = -y`` and
``R'`` do not depend on the draw of ``W(0)`` (needed for the i.i.d. count ``A_i(R')``); labels of norm
at most 1.5 and widths 200-2000 keep the premise of 1 true along the whole run (``T <= 60`` steps).
Where a premise fails at step ``T*`` the conclusion is checked on ``[0, T*]`` only (the theorem with
horizon ``T*``).  Kind ``proxy``: these finite statements stand for "as ``m -> inf`` the weights move
``O(m^{-1/2})``, the kernel stays at ``H*`` and the loss decays linearly".

Sources.  Teng, Wang, Zhang, §6.2 and §6.3.1 (TENG-29 linearization, TENG-32 the kernel stays nearly
constant and parameters move little); Karp (2024), Ch. 1 (KARP-2, relative change ``->0``, absolute
change O(1)); Arora et al., Lemma 9.2.3 (ARORA-558).  Primary: Du et al. (2019); Chizat, Oyallon, Bach
(2019) (laziness comes from the scaling: the mean-field mutant); Liu, Zhu, Belkin (2020).

Proof idea.  Under the premises ``||(I - eta H(k)) r|| <= (1 - eta lambda0/2) ||r||``, so
``||r(k+1)|| <= (1 - 3 eta lambda0/8) ||r(k)||`` and ``(1 - 3x/8)^2 <= 1 - x/2`` for ``x <= 16/9``; each
``||dL/dw_r|| <= sqrt(n) ||r|| / sqrt(m)`` and ``sum_k (1 - eta lambda0/2)^{k/2} <= 4/(eta lambda0)``.  For 2:
``sigma'`` is ``beta``-Lipschitz.  For 3: Taylor along the segment with the explicit second
directional derivative.

Tolerances: rounding of the computed run, ``(m + d + 4) eps sqrt(m) max_r ||w_r||`` per output for the
linearization error (added to its premise), ``8 n eps ||H||`` for eigenvalues, ``4 k (n + d + 2) eps``
times the weight scale for ``k`` accumulated steps, ``16 (n + k) eps`` relative for the rates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import torch
from hypothesis import strategies as st
from torch.func import jvp

from checks import ntk
from checks.claim import Check, Claim, Mutant, Source, ge, holds, le
from checks.coverage import Uncovered
from checks.documents import ARORA, KARP, TENG
from checks.stats import ALPHA, mean_le
from checks.strategies.networks import SEEDS, SphereData, sphere_data

EPS = ntk.EPS

NOT_CHECKED = (
    Uncovered("MSML-52", area="kernels", checkable="no",
              reason="qualitative remarks (leaving the NTK regime can help representations; deployment failures "
                     "are structural) with undefined notation; nothing to compute"),
    Uncovered("MSML-293", area="kernels", checkable="no",
              reason="an empirical ResNet-50 anecdote without data; its two sentences contradict each other "
                     "(parameters 'close to initialization' in the NTK phase vs 'move far, ||theta_t - theta_0|| grows "
                     "linearly' while NTK theory applies), and the finite statement that settles it, the movement "
                     "bound ||W(k) - W(0)||_F <= 4 sqrt(n) ||r(0)||/lambda0 uniformly in k, is checked in "
                     "du-lazy-gd"),
    Uncovered("ARORA-568", area="kernels", checkable="no",
              reason="empirical remarks on external architectures and datasets (NP-hardness citation, AlexNet/CNTK/"
                     "GNTK/UCI results, MNIST figures); no computable statement"),
)


# ----------------------------------------------------------------------- 1. Du et al., GD lazily


@dataclass(frozen=True, eq=False)
class LazyCase:
    """GD on the first layer of an antisymmetrically initialized ReLU net of width ``m``; labels of
    norm ``label_norm``; step ``eta = step / lambda_max(H*)``; ``mean_field`` scales the output by
    ``1/m`` and the step by ``m`` (the same function-space dynamics to first order)."""

    data: SphereData
    m: int
    seed: int
    label_norm: float
    step: float
    mean_field: bool = False

    def __repr__(self) -> str:
        mf = ", mean-field scaling" if self.mean_field else ""
        return (f"LazyCase({self.data!r}, m={self.m}, ||y|| = {self.label_norm:.4g}, eta = {self.step:.3g}/lambda_max "
                f"(T = {self.steps}){mf}, seed {self.seed})")

    @cached_property
    def spectrum(self) -> np.ndarray:
        return np.linalg.eigvalsh(ntk.relu_ntk_hidden(self.data.X))

    @property
    def lambda0(self) -> float:
        return float(self.spectrum[0])

    @property
    def eta(self) -> float:
        return self.step / float(self.spectrum[-1])

    @property
    def steps(self) -> int:
        return int(min(60, math.ceil(4 / (self.eta * self.lambda0))))

    @cached_property
    def y(self) -> np.ndarray:
        v = np.random.default_rng([self.seed, 7]).standard_normal(self.data.n)
        return self.label_norm * v / np.linalg.norm(v)

    @cached_property
    def init(self):
        return ntk.init_two_layer(self.data.d, self.m, self.seed, antisymmetric=True)

    @cached_property
    def run(self) -> ntk.Trajectory:
        W, a = self.init
        scale = 1.0 / self.m if self.mean_field else None
        eta = self.eta * self.m if self.mean_field else self.eta
        return ntk.gd_first_layer(W, a, ntk.as_tensor(self.data.X), ntk.as_tensor(self.y), ntk.RELU, eta,
                                  self.steps, scale)


def _well_conditioned(data: SphereData) -> bool:
    """``lambda0 = lambda_min(H*) >= 1e-4`` (a hexagon, say, has antipodal pairs and a singular H*)."""
    return bool(np.linalg.eigvalsh(ntk.relu_ntk_hidden(data.X))[0] >= 1e-4)


@st.composite
def lazy_cases(draw: st.DrawFn, mean_field: bool = False, min_m: int = 200,
               families: tuple[str, ...] = ("random", "orthonormal", "cluster", "antipodal", "circle")) -> LazyCase:
    data = draw(sphere_data(min_n=2, max_n=6, max_d=8, families=families).filter(_well_conditioned))
    m = 2 * draw(st.integers(min_m // 2, 1000))
    return LazyCase(data, m, draw(SEEDS), draw(st.floats(0.05, 1.5)), draw(st.floats(0.2, 0.95)), mean_field)


@dataclass(frozen=True)
class Premise:
    """The first step ``T*`` at which a hypothesis of Du et al.'s theorem fails (``T`` if none) and why."""

    horizon: int
    reason: str


def _premise(case: LazyCase) -> Premise:
    tr, lam0, eta = case.run, case.lambda0, case.run.eta
    n, d, m = case.data.n, case.data.d, case.m
    if eta * lam0 > 16 / 9:
        return Premise(0, "eta lambda0 > 16/9")
    ev = np.linalg.eigvalsh(tr.kernels)
    r = np.linalg.norm(tr.residuals, axis=1)
    hn = np.linalg.norm(tr.kernels, axis=(1, 2), ord=2)
    lin = np.linalg.norm(tr.linearization, axis=1)
    du = 2 * math.sqrt(n) * (m + d + 4) * EPS * tr.scale * m * tr.w_scale  # |sigma(z)| <= |z| <= max ||w_r||
    for k in range(len(lin)):
        dl = 8 * n * EPS * hn[k]
        if ev[k, 0] - dl < lam0 / 2:
            return Premise(k, f"lambda_min(H({k})) = {ev[k, 0]:.4g} < lambda0/2 = {lam0 / 2:.4g}")
        if eta * (ev[k, -1] + dl) > 1:
            return Premise(k, f"eta lambda_max(H({k})) = {eta * ev[k, -1]:.4g} > 1")
        de = du + 4 * n * EPS * (r[k] + r[k + 1] + eta * hn[k] * r[k])
        if lin[k] + de > eta * lam0 * r[k] / 8:
            return Premise(k, f"||e({k})|| = {lin[k]:.3g} > eta lambda0 ||r({k})|| / 8 = {eta * lam0 * r[k] / 8:.3g}")
    return Premise(len(lin), "holds on the whole run")


def _worst(lhs: np.ndarray, rhs: np.ndarray, tol: np.ndarray) -> int:
    """The index with the largest ratio lhs / (rhs + tol)."""
    return int(np.argmax(lhs / np.maximum(rhs + tol, 1e-300)))


def _du_checks(case: LazyCase, movement_power: float = 0.5, total_is_per_neuron: bool = False,
               rate_lambda: str = "lambda0/2", gated: bool = True) -> list[Check]:
    """Du et al.'s conclusions on ``[1, T*]``.  Mutant knobs: ``movement_power`` (``R'`` with
    ``m^-movement_power``), ``total_is_per_neuron`` (the Frobenius change bounded by ``R'``),
    ``rate_lambda`` (``"lambda_max/2"`` claims the rate of the largest eigenvalue), ``gated=False``
    drops the premise (for the mean-field mutant)."""
    tr = case.run
    n, d, m = case.data.n, case.data.d, case.m
    lam0, eta = case.lambda0, tr.eta if not case.mean_field else case.eta
    prem = _premise(case) if gated else Premise(len(tr.linearization), "not required")
    T = prem.horizon
    r = np.linalg.norm(tr.residuals, axis=1)
    k = np.arange(1, T + 1)
    checks: list[Check] = [holds(True, f"premise of Du et al. Thm 4.1 on steps < {T}", prem.reason)]
    if T == 0:
        return checks
    lam = lam0 if rate_lambda == "lambda0/2" else float(case.spectrum[-1])
    rate_rhs = (1 - eta * lam / 2) ** k * r[0] ** 2
    tol = 16 * (n + k) * EPS * rate_rhs
    i = _worst(r[k] ** 2, rate_rhs, tol)
    checks.append(le(r[k[i]] ** 2, rate_rhs[i], tol[i],
                     label=f"||r(k)||^2 <= (1 - eta {rate_lambda.replace('/2', '')}/2)^k ||r(0)||^2 at k = {k[i]} of {T}",
                     why="16 (n + k) eps relative"))
    Rp = 4 * math.sqrt(n) * r[0] / (m**movement_power * lam0)
    move_tol = 4 * np.arange(T + 1) * (n + d + 2) * EPS * (tr.w_scale + eta * float(tr.grad_bound.max()))
    moves = tr.max_move[: T + 1]
    j = _worst(moves, np.full(T + 1, Rp), move_tol)
    checks.append(le(moves[j], Rp, move_tol[j],
                     label=f"max_r ||w_r(k) - w_r(0)|| <= R' = 4 sqrt(n) ||r(0)||/(m^{movement_power:g} lambda0), k = {j}",
                     why="4 k (n + d + 2) eps times the weight and step scale"))
    total = tr.total_move[: T + 1]
    bound = Rp if total_is_per_neuron else math.sqrt(m) * Rp
    j = _worst(total, np.full(T + 1, bound), math.sqrt(m) * move_tol)
    name = "R'" if total_is_per_neuron else "sqrt(m) R' = 4 sqrt(n) ||r(0)||/lambda0"
    checks.append(le(total[j], bound, math.sqrt(m) * move_tol[j],
                     label=f"||W(k) - W(0)||_F <= {name} (relative: <= {bound / tr.w0_norm:.3g} of ||W(0)||_F), k = {j}",
                     why="sqrt(m) times the per-neuron rounding"))
    if not gated:
        return checks
    du = np.max(np.abs(tr.residuals[T] - tr.residuals[0]))
    checks.append(ge(total[T], du, 8 * (m + d) * EPS * tr.w_scale,
                     label=f"||W(T*) - W(0)||_F >= ||u(T*) - u(0)||_inf (u is 1-Lipschitz in W)", why="rounding of u"))
    W0, _ = case.init
    P = np.abs((W0 @ ntk.as_tensor(case.data.X).T).cpu().numpy())
    K = np.abs(case.data.X @ case.data.X.T)
    drift = np.linalg.norm(tr.kernels[: T + 1] - tr.kernels[0], axis=(1, 2))
    counts = np.array([(P <= R * (1 + 1e-9) + 1e-12).sum(axis=0) for R in moves])
    flip = np.array([np.linalg.norm(K * (c[:, None] + c[None, :]) / m) for c in counts])
    j = _worst(drift, flip, 8 * n * EPS * np.ones(T + 1))
    checks.append(le(drift[j], flip[j], 8 * n * EPS,
                     label=f"||H(k) - H(0)||_F <= ||[|x_iᵀx_j| (A_i + A_j)/m]||_F, A_i = #(|w_r(0)ᵀx_i| <= max move), k = {j}",
                     why="8 n eps"))
    ind = (P[: m // 2] <= Rp).astype(float)
    p_bound = min(1.0, 2 * Rp / math.sqrt(2 * math.pi))
    for i_ in range(n):
        checks.append(mean_le(ind[:, i_], p_bound, 0.0, 1.0, alpha=ALPHA / n,
                              label=f"E 1(|w_r(0)ᵀx_{i_}| <= R') <= 2R'/sqrt(2 pi)"))
    return checks


DU_LAZY = Claim(
    id="du-lazy-gd",
    title="GD on a wide two-layer ReLU net converges linearly while the weights stay within R' (Du et al.)",
    statement="If along GD lambda_min(H(k)) >= lambda0/2, eta lambda_max(H(k)) <= 1, the linearization error "
              "||e(k)|| <= eta lambda0 ||r(k)||/8 and eta lambda0 <= 16/9 (lambda0 = lambda_min(H*)), then "
              "||r(k)||^2 <= (1 - eta lambda0/2)^k ||r(0)||^2, max_r ||w_r(k) - w_r(0)|| <= 4 sqrt(n)||r(0)||/(sqrt(m) lambda0), "
              "||W(k) - W(0)||_F <= 4 sqrt(n)||r(0)||/lambda0 (relative change O(m^{-1/2})) but >= ||u(k) - u(0)||_inf, "
              "and the kernel moves only through neurons with |w_r(0)ᵀx_i| <= max move",
    sources=[Source(TENG, "§6.3.1 and §6.5: the NTK stays nearly constant, parameters move little (Du et al. Lemma 3.3)",
                    ("TENG-32",)),
             Source(KARP, "Ch. 1, 'On the optimization side': relative change -> 0, absolute change O(1)", ("KARP-2",))],
    kind="proxy",
    area="kernels",
    proxy="Du et al.'s deterministic inequalities, with their constants, checked on the actual run at the drawn width "
          "(and the i.i.d. count A_i(R') at level 1e-6) stand for 'as m -> inf the weights move O(m^{-1/2}), the kernel "
          "stays at H* and the loss decays linearly'",
    instances=lazy_cases(),
    conclusion=_du_checks,
    proof_idea="Under the premises ||(I - eta H(k)) r|| <= (1 - eta lambda0/2)||r||, so ||r(k+1)|| <= "
               "(1 - 3 eta lambda0/8)||r(k)|| and (1 - 3x/8)^2 <= 1 - x/2 for x <= 16/9; each ||dL/dw_r|| <= sqrt(n)||r||/sqrt(m) "
               "and sum_k (1 - eta lambda0/2)^(k/2) <= 4/(eta lambda0).  A sign flip of w_rᵀx_i needs |w_r(0)ᵀx_i| <= "
               "||w_r - w_r(0)||.  u is 1-Lipschitz in W (unit x, a_r = ±1, m^{-1/2}).",
    mutants=[
        Mutant("movement-one-over-m", "each neuron's gradient is of size m^{-1/2}, so it moves O(m^{-1/2}), "
               "not O(1/m)", conclusion=lambda c: _du_checks(c, movement_power=1.0)),
        Mutant("total-change-vanishes", "the per-neuron bound is O(m^{-1/2}) but m neurons each move that much: "
               "the Frobenius change is O(1), at least the change in the outputs",
               conclusion=lambda c: _du_checks(c, total_is_per_neuron=True)),
        Mutant("rate-of-lambda-max", "the residual along the bottom eigenvector of H decays only as "
               "(1 - eta lambda_min), not at the rate of the largest eigenvalue",
               conclusion=lambda c: _du_checks(c, rate_lambda="lambda_max/2"),
               instances=lazy_cases(families=("cluster", "antipodal"))),
        Mutant("lazy-under-mean-field", "laziness comes from the scaling (Chizat-Oyallon-Bach): with output "
               "scale 1/m and step m eta the function-space dynamics are the same but each neuron moves sqrt(m) "
               "times more", conclusion=lambda c: _du_checks(c, gated=False),
               instances=lazy_cases(mean_field=True, min_m=400)),
    ],
    examples=10,
    slow=True,
)
test_du_lazy_gd = DU_LAZY.test()


# ------------------------------------------------------------ 2. Arora Lemma 9.2.3 along GD


@dataclass(frozen=True, eq=False)
class DriftCase:
    """GD on the first layer of a two-layer net with a smooth activation (i.i.d. init, labels of norm
    ``label_norm``), ``T`` steps of size ``step / lambda_max(H(0))``."""

    data: SphereData
    act: ntk.Activation
    m: int
    seed: int
    label_norm: float
    step: float
    steps: int

    def __repr__(self) -> str:
        return (f"DriftCase({self.data!r}, {self.act}, m={self.m}, ||y|| = {self.label_norm:.4g}, "
                f"eta = {self.step:.3g}/lambda_max(H(0)), T = {self.steps}, seed {self.seed})")

    @cached_property
    def run(self) -> ntk.Trajectory:
        W, a = ntk.init_two_layer(self.data.d, self.m, self.seed)
        X = ntk.as_tensor(self.data.X)
        v = np.random.default_rng([self.seed, 3]).standard_normal(self.data.n)
        y = ntk.as_tensor(self.label_norm * v / np.linalg.norm(v))
        H0 = ntk.ntk_blocks(ntk.TwoLayerNet(W, a, self.act), X)["W"]
        eta = self.step / float(torch.linalg.eigvalsh(H0)[-1])
        return ntk.gd_first_layer(W, a, X, y, self.act, eta, self.steps)


@st.composite
def drift_cases(draw: st.DrawFn, acts: tuple[ntk.Activation, ...] = (ntk.SOFTPLUS, ntk.ERF, ntk.TANH)) -> DriftCase:
    data = draw(sphere_data(min_n=2, max_n=6, max_d=6))
    return DriftCase(data, draw(st.sampled_from(acts)), draw(st.integers(20, 2000)), draw(SEEDS),
                     draw(st.floats(0.1, 3.0)), draw(st.floats(0.2, 1.0)), draw(st.integers(5, 60)))


def _drift_checks(case: DriftCase, beta: float | None = None, move_power: float = 0.5) -> list[Check]:
    """(i)-(iii) at every step; ``beta`` overrides sup|sigma''| and ``move_power`` the m^{-1/2} (mutants)."""
    tr = case.run
    n, d, m = case.data.n, case.data.d, case.m
    beta = case.act.d2_sup if beta is None else beta
    eta = tr.eta
    l1 = np.abs(tr.residuals).sum(axis=1)
    cum = np.concatenate([[0.0], np.cumsum(l1[:-1])])
    T = len(cum) - 1
    steps = np.arange(T + 1)
    rnd = 4 * steps * (n + d + 2) * EPS * (tr.w_scale + eta * float(tr.grad_bound.max()))
    bound_i = eta * cum / m**move_power
    j = _worst(tr.max_move, bound_i, rnd)
    K = case.data.X @ case.data.X.T
    dH = tr.kernels - tr.kernels[0]
    ent_rhs = 2 * beta * np.abs(K)[None] * tr.mean_move[:, None, None]
    ent_tol = 16 * (m + d) * EPS + 2 * beta * np.abs(K)[None] * rnd[:, None, None]
    ratio = np.abs(dH) / np.maximum(ent_rhs + ent_tol, 1e-300)
    kk, ii, jj = np.unravel_index(int(np.argmax(ratio)), ratio.shape)
    spec = np.linalg.norm(dH, ord=2, axis=(1, 2))
    rhs3 = 2 * beta * np.linalg.norm(K) * eta * cum / math.sqrt(m)
    tol3 = 16 * n * (m + d) * EPS + 2 * beta * np.linalg.norm(K) * rnd
    q = _worst(spec, rhs3, tol3)
    return [
        le(tr.max_move[j], bound_i[j], rnd[j],
           label=f"(i) max_r ||w_r(k) - w_r(0)|| <= eta m^-{move_power:g} sum_(k'<k) ||r(k')||_1, k = {j}",
           why="accumulated rounding of the steps"),
        le(abs(dH[kk, ii, jj]), ent_rhs[kk, ii, jj], ent_tol[kk, ii, jj],
           label=f"(ii) |H_{ii}{jj}(k) - H_{ii}{jj}(0)| <= 2 beta |x_iᵀx_j| mean_r ||w_r(k) - w_r(0)||, beta = {beta:.4g}, k = {kk}",
           why="16 (m + d) eps + the rounding of the moves"),
        le(spec[q], rhs3[q], tol3[q],
           label=f"(iii) ||H(k) - H(0)||_2 <= 2 beta ||XXᵀ||_F eta m^-1/2 sum ||r||_1, k = {q}",
           why="16 n (m + d) eps + the rounding of the moves"),
    ]


KERNEL_DRIFT = Claim(
    id="ntk-kernel-drift-bound",
    title="The kernel moves by O(t n^2/sqrt(m)) along GD (Arora Lemma 9.2.3, explicit)",
    statement="For m^{-1/2} sum_r a_r sigma(w_rᵀx), a_r = ±1, unit inputs, |sigma'| <= 1, |sigma''| <= beta, along GD with "
              "step eta: ||w_r(k) - w_r(0)|| <= eta m^{-1/2} sum_{k'<k} ||r(k')||_1; |H(k)_ij - H(0)_ij| <= "
              "2 beta |x_iᵀx_j| (1/m) sum_r ||w_r(k) - w_r(0)||; ||H(k) - H(0)||_2 <= 2 beta ||XXᵀ||_F eta m^{-1/2} "
              "sum_{k'<k} ||r(k')||_1",
    sources=[Source(ARORA, "§9.2 Lemma 9.2.3 and its proof (discrete-time form of each step)", ("ARORA-558",))],
    kind="numeric",
    area="kernels",
    instances=drift_cases(),
    conclusion=_drift_checks,
    proof_idea="dL/dw_r = m^{-1/2} a_r sum_i r_i sigma'(w_rᵀx_i) x_i has norm <= m^{-1/2} ||r||_1; sigma' is "
               "beta-Lipschitz, so |sigma'(a)sigma'(b) - sigma'(a')sigma'(b')| <= beta(|a - a'| + |b - b'|) <= "
               "2 beta ||w_r - w_r(0)||; ||A||_2 <= ||A||_F.",
    mutants=[
        Mutant("movement-one-over-m", "the gradient of one neuron is m^{-1/2} times O(||r||_1), so its movement "
               "is of order m^{-1/2}, not 1/m", conclusion=lambda c: _drift_checks(c, move_power=1.0)),
        Mutant("kernel-exactly-constant", "at finite width the kernel does move (sigma'' != 0); 'the NTK stays "
               "constant' holds only in the limit", conclusion=lambda c: _drift_checks(c, beta=0.0)),
        Mutant("relu-smooth-bound", "ReLU has no bounded sigma'': its kernel jumps when a pre-activation changes "
               "sign, by up to |x_iᵀx_j|/m per flip, beyond a beta = 1/4 Lipschitz bound",
               conclusion=lambda c: _drift_checks(c, beta=0.25), instances=drift_cases(acts=(ntk.RELU,))),
    ],
    examples=10,
    slow=True,
)
test_ntk_kernel_drift_bound = KERNEL_DRIFT.test()


# --------------------------------------------------------------------------- 3. linearization


@dataclass(frozen=True, eq=False)
class LinearizationCase:
    """A two-layer net, a point ``x`` and a perturbation ``Delta`` of norm ``size``: a random direction,
    or the aligned one ``delta a_r = c``, ``delta w_r = c x/||x||`` that makes every cross term of the
    second derivative positive (where the O(m^{-1/2}) bound is attained in order).  With
    ``output=False`` only the first layer is perturbed (``delta a = 0``)."""

    act: ntk.Activation
    m: int
    d: int
    radius: float
    size: float
    direction: str
    output: bool
    seed: int

    def __repr__(self) -> str:
        what = "both layers" if self.output else "first layer only"
        return (f"LinearizationCase({self.act}, m={self.m}, d={self.d}, ||x|| = {self.radius:.3g}, "
                f"||Delta|| = {self.size:.3g}, {self.direction} direction, {what}, seed {self.seed})")

    @cached_property
    def parts(self):
        gen = ntk.generator(self.seed)
        W, a = ntk.init_two_layer(self.d, self.m, self.seed)
        x = torch.randn(self.d, generator=gen, dtype=ntk.DTYPE).to(W.device)
        x = self.radius * x / torch.linalg.norm(x)
        if self.direction == "aligned":
            dW = (x / torch.linalg.norm(x)).expand(self.m, self.d).clone()
            da = torch.ones(self.m, dtype=ntk.DTYPE, device=W.device)
        else:
            dW = torch.randn(self.m, self.d, generator=gen, dtype=ntk.DTYPE).to(W.device)
            da = torch.randn(self.m, generator=gen, dtype=ntk.DTYPE).to(W.device)
        da = da if self.output else torch.zeros_like(da)
        c = self.size / torch.sqrt(torch.sum(dW**2) + torch.sum(da**2))
        return W, a, x, c * dW, c * da


@st.composite
def linearization_cases(draw: st.DrawFn, acts: tuple[ntk.Activation, ...] = (ntk.TANH, ntk.SOFTPLUS, ntk.ERF),
                        min_size: float = 1e-3, output: bool | None = None) -> LinearizationCase:
    out = draw(st.booleans()) if output is None else output
    return LinearizationCase(draw(st.sampled_from(acts)), draw(st.integers(1, 2000)), draw(st.integers(1, 8)),
                             draw(st.floats(0.25, 3.0)), draw(st.floats(min_size, 5.0)),
                             draw(st.sampled_from(["aligned", "random"])), out, draw(SEEDS))


def _linearization_checks(case: LinearizationCase, hessian_power: float = 0.5, curvature: bool = True) -> list[Check]:
    W, a, x, dW, da = case.parts
    act, m = case.act, case.m

    def f(W_, a_):
        return (act.torch_fn(W_ @ x) @ a_) / math.sqrt(m)

    f0, df = jvp(f, (W, a), (dW, da))
    f1 = f(W + dW, a + da)
    rem = float(torch.abs(f1 - f0 - df))
    nx = float(torch.linalg.norm(x))
    A = float(torch.max(torch.abs(a) + torch.abs(da)))
    na, nw = float(torch.linalg.norm(da)), float(torch.linalg.norm(dW))
    s2 = act.d2_sup if curvature else 0.0
    bound = 0.5 * (2 * act.d1_sup * nx * na * nw + s2 * nx * nx * A * nw * nw) / m**hessian_power
    z = act.torch_fn(W @ x)
    scale = float(torch.sum(torch.abs(a) * torch.abs(z)) + torch.sum(torch.abs(dW @ x) * torch.abs(a))
                  + torch.sum(torch.abs(da) * torch.abs(z))) / math.sqrt(m)
    tol = 16 * (m + case.d + 4) * EPS * (scale + abs(float(f1)))
    return [le(rem, bound, tol,
               label=f"|f(theta0 + Delta) - f_lin| <= ½ m^-{hessian_power:g}(2|sigma'| ||x|| ||da|| ||dW|| + "
                     f"|sigma''| ||x||^2 max|a| ||dW||^2) <= ½ M ||Delta||^2",
               why="16 (m + d + 4) eps times the size of the sums")]


LINEARIZATION = Claim(
    id="ntk-linearization-remainder",
    title="The linearization error of a two-layer net is at most ½ O(m^{-1/2}) ||Delta||^2",
    statement="For f(theta) = m^{-1/2} sum_r a_r sigma(w_rᵀx) with theta = (a, W) and a C^2 activation: "
              "|f(theta0 + Delta) - f(theta0) - grad f(theta0)·Delta| <= ½ m^{-1/2}(2 sup|sigma'| ||x|| ||da|| ||dW|| + "
              "sup|sigma''| ||x||^2 A ||dW||^2) <= ½ M ||Delta||^2, A = max_r(|a_r| + |da_r|), "
              "M = m^{-1/2}(sup|sigma'| ||x|| + sup|sigma''| ||x||^2 A) (the Hessian along the segment is O(m^{-1/2}))",
    sources=[Source(TENG, "§6.2: linearization around initialization, Hessian O(m^{-1/2})", ("TENG-29",))],
    kind="numeric",
    area="kernels",
    instances=linearization_cases(),
    conclusion=_linearization_checks,
    proof_idea="g(s) = f(theta0 + s Delta) has g'' = m^{-1/2} sum_r [2 da_r sigma'(z_r) dw_rᵀx + a_r(s) sigma''(z_r)(dw_rᵀx)^2]; "
               "Cauchy-Schwarz gives sum_r |da_r| |dw_rᵀx| <= ||x|| ||da|| ||dW|| <= ||x|| ||Delta||^2 / 2, and Taylor's "
               "remainder is ½ sup|g''|.  The directional "
               "derivative is torch.func.jvp.",
    mutants=[
        Mutant("hessian-one-over-m", "the cross terms da_r sigma'(z_r) dw_rᵀx add up coherently along the aligned "
               "direction, so the Hessian is of order m^{-1/2}, not 1/m",
               conclusion=lambda c: _linearization_checks(c, hessian_power=1.0)),
        Mutant("relu-exactly-linear", "a ReLU net is piecewise linear in its first layer, but the kinks make the "
               "linearization inexact as soon as Delta flips a unit ('zero Hessian')",
               conclusion=lambda c: _linearization_checks(c, curvature=False),
               instances=linearization_cases(acts=(ntk.RELU,), min_size=0.5, output=False)),
    ],
    examples=100,
)
test_ntk_linearization_remainder = LINEARIZATION.test()
