"""Adam, AMSGrad and AdamW: bias correction, scale invariance, Reddi et al.'s counterexample, decoupled decay.

Statement.
- Bias correction and scale invariance (Zhao Def. 5.6).  With ``m_0 = v_0 = 0``, a constant gradient g gives
  ``m̂_t = g`` and ``v̂_t = g^2`` exactly for every t; with ``eps = 0`` the update ``m̂_t/sqrt(v̂_t)`` is unchanged when
  every gradient is rescaled by one positive diagonal D (constant in t), and the first update is ``sign(g_1)``.
- Reddi, Kale and Kumar's counterexample.  On ``[-1, 1]`` with ``f_t(x) = C x`` for ``t = 1 mod 3`` and ``-x``
  otherwise (``C > 2``; the optimum is ``x* = -1``), Adam with ``beta1 = 0``, ``beta2 = 1/(1 + C^2)``, step
  ``alpha/sqrt(t)``, started at ``x_1 = 1`` returns to ``x = 1`` at the start of every period, so its regret over
  ``3K`` rounds is at least ``2(C - 2)K``: the average regret stays above ``2(C - 2)/3``.
- AMSGrad (``ṽ_t = max(ṽ_(t-1), v_t)``, ``beta1 = 0``) has non-increasing effective rates
  ``eta_t = alpha/(sqrt(t) sqrt(ṽ_t))``, hence on any online linear problem on ``[-1, 1]`` (diameter 2) with
  ``|g_t| <= G``: ``R_T(u) <= 4/(2 eta_T) + sum_t eta_t g_t^2/2 <= sqrt(T) G (2/alpha + alpha/sqrt(1 - beta2))``, so
  ``R_T/T -> 0``.
- Weight decay (Zhao after Def. 5.8; MSML App. C).  For SGD the L2 penalty ``(lam/2)||theta||^2`` and decoupled decay
  coincide, ``theta - eta (g + lam theta) = (1 - eta lam) theta - eta g`` (the penalty ``lam ||theta||^2`` decays by
  ``2 eta lam``); for Adam they differ: from zero moments and ``eps = 0`` the first L2-Adam step is
  ``-eta sign(g + lam theta)`` while AdamW's is ``-eta (sign(g) + lam theta)``.
- Optimizer state (Zhao Fig. 5.17-5.19).  Adam keeps 2N numbers of state for N parameters (AMSGrad 3N), Adafactor
  n + m for an n x m matrix; its reconstruction ``V̂ = R C/(1ᵀR)`` from row sums R and column sums C preserves both
  and is exact for rank-one nonnegative V.  An EMA with ``m_0 = 0`` is ``(1 - b) sum_s b^(t-s) g_s`` with weights
  summing to ``1 - b^t``; sign updates move each coordinate by exactly eta, clipped (Sophia-type) ones by at most eta.

Audit.  MSML C.6 says Adam converges in O(1/sqrt(T)) under convexity like SGD: on the Reddi problem Adam's
regret grows linearly, beyond the O(sqrt T) bound that AMSGrad satisfies.

Sources.  Zhao Ch. 5, Defs. 5.6 and 5.8 and Figs. 5.10-5.24 (ZHAO-35, ZHAO-36, ZHAO-37, ZHAO-40, ZHAO-41); Teng et
al. §4.2.2 (TENG-75, the caveat on Adam); MSML C.6 and App. C (MSML-257, MSML-355).

Proof ideas.  ``m_t = (1 - b1) sum_s b1^(t-s) g = (1 - b1^t) g``.  Rescaling by D multiplies m̂ by D and v̂ by D^2.
Reddi: after the C-gradient the second moment is about C^2 and the step down about alpha_t; after two -1 gradients
it is about 1 (beta2 is small) and the two steps up add to more than the step down, so x is clipped back to 1.
AMSGrad: projected online gradient descent with non-increasing steps, ``(x_(t+1) - u)^2 <= (x_t - u)^2 - 2 eta_t g_t
(x_t - u) + eta_t^2 g_t^2``, summed by parts; ``ṽ_t >= (1 - beta2) g_t^2`` and ``ṽ_t <= G^2``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import torch
from hypothesis import strategies as st

from checks.adaptive import adam, adam_moments
from checks.claim import Check, Claim, Mutant, Source, equal, ge, le
from checks.documents import MSML, TENG, ZHAO
from checks.linalg import EPS
from checks.strategies.adaptive import Online1D, RationalStream, online_1d, rational_streams


def _worst(checks: list[Check]) -> list[Check]:
    return [max(checks, key=lambda c: c.ratio)] if checks else []


def _worst_le(lhs: np.ndarray, rhs: np.ndarray, tol: np.ndarray, label: str, why: str = "") -> Check:
    """The comparison ``lhs_t <= rhs_t + tol_t`` at the step t where it is closest to failing (largest ratio)."""
    bound = rhs + tol
    s = int(np.argmax((lhs - bound) / np.where(bound != 0, np.abs(bound), 1.0)))
    return le(float(lhs[s]), float(rhs[s]), float(tol[s]), label=f"{label} (worst t = {s + 1})", why=why)


def _sign(x: Fraction) -> int:
    return (x > 0) - (x < 0)


# ---------------------------------------------------------------------------------------------- bias correction
def bias_checks(s: RationalStream, bias_correction: bool = True) -> list[Check]:
    T, d = len(s.G), len(s.G[0])
    g = s.G[0]
    m, v = adam_moments([g] * T, s.beta1, s.beta2, bias_correction=bias_correction)
    out = [equal(m[t][j], g[j], label=f"constant gradient: m̂_{t + 1} = g") for t in range(T) for j in range(d)]
    out += [equal(v[t][j], g[j] ** 2, label=f"constant gradient: v̂_{t + 1} = g^2") for t in range(T) for j in range(d)]
    m1, v1 = adam_moments(s.G, s.beta1, s.beta2, bias_correction=bias_correction)
    scaled = [tuple(D * x for D, x in zip(Dt, row)) for Dt, row in zip(s.D, s.G)]
    m2, v2 = adam_moments(scaled, s.beta1, s.beta2, bias_correction=bias_correction)
    inv = []
    for t in range(T):
        for j in range(d):
            if v1[t][j]:
                inv.append(equal(_sign(m2[t][j]), _sign(m1[t][j]), label=f"sign of the update at t = {t + 1}"))
                inv.append(equal(m2[t][j] ** 2 / v2[t][j], m1[t][j] ** 2 / v1[t][j],
                                 label=f"(m̂/sqrt(v̂))^2 unchanged by g -> D g at t = {t + 1}, coordinate {j}"))
    first = [equal(m1[0][j] ** 2 / v1[0][j], Fraction(1), label="first step: |m̂_1/sqrt(v̂_1)| = 1")
             for j in range(d) if v1[0][j]]
    return _worst(out) + _worst(inv) + _worst(first)


BIAS = Claim(
    id="adam-bias-correction-scale-invariance",
    title="Adam: bias correction makes m̂ = g, v̂ = g^2 for constant gradients; updates are invariant to diagonal rescaling",
    statement="With m_0 = v_0 = 0 and beta1, beta2 in [0, 1): a constant gradient g gives m̂_t = g and v̂_t = g^2 for every "
              "t; with eps = 0 the update m̂_t/sqrt(v̂_t) (sign and magnitude) is the same for the streams g_t and D g_t "
              "(D positive diagonal, constant in t); the first update is sign(g_1)",
    sources=[Source(ZHAO, "Ch. 5, Definition 5.6 (Adam) and Figure 5.10", ("ZHAO-35",))],
    kind="exact",
    area="optimization",
    instances=rational_streams(),
    conclusion=bias_checks,
    proof_idea="m_t = (1 - b1) sum_s b1^(t-s) g = (1 - b1^t) g and likewise v_t = (1 - b2^t) g^2; rescaling multiplies every "
               "m_t by D and v_t by D^2, so m̂^2/v̂ and sign(m̂) are unchanged (computed exactly with Fractions).",
    mutants=[
        Mutant("without-bias-correction", "m_1 = (1 - b1) g differs from g for b1 > 0",
               conclusion=lambda s: bias_checks(s, bias_correction=False)),
        Mutant("time-varying-rescaling", "with a different D_t at each step the moments mix differently scaled "
               "gradients and m̂^2/v̂ changes", instances=rational_streams(varying=True)
               .filter(lambda s: len(s.G) >= 2 and any(any(x != 0 for x in row) for row in s.G[1:])
                       and any(x != 0 for x in s.G[0]))),
    ],
    examples=30,
)
test_adam_bias_correction_scale_invariance = BIAS.test()


# ---------------------------------------------------------------------------------------------- Reddi
def _run(p: Online1D, amsgrad: bool):
    tr = adam(p.grad, [p.x1], lambda t: p.alpha / math.sqrt(t), p.T, beta1=0.0, beta2=p.beta2, eps=0.0,
              amsgrad=amsgrad, bias_correction=False, lo=-1.0, hi=1.0)
    return tr.x[:, 0], tr.g[:, 0], tr.rate[:, 0]


def reddi_checks(p: Online1D, amsgrad: bool = False) -> list[Check]:
    x, g, rate = _run(p, amsgrad)
    T = p.T
    pre = x[2:T:3] - rate[2:T:3] * g[2:T:3]          # x before clipping, at the end of each period
    margin = 4 * EPS * (1 + rate[2:T:3])
    back = [ge(float(v), 1.0, float(e), label=f"period {k + 1}: the two steps up reach x >= 1 before clipping",
               why="rounding of one update")
            for k, (v, e) in enumerate(zip(pre, margin))]
    K = T // 3
    regret = float(np.sum(g[:3 * K] * (x[:3 * K] + 1)))
    out = _worst(back)
    if K:
        out.append(ge(regret / (3 * K), 2 * (p.C - 2) / 3, 4 * EPS * 3 * K * (p.C + 2),
                      label=f"average regret over {3 * K} rounds >= 2(C - 2)/3 = {2 * (p.C - 2) / 3:.6g}",
                      why="rounding of the regret sum"))
    return out


REDDI = Claim(
    id="adam-reddi-nonconvergence",
    title="Reddi et al.: Adam (beta1 = 0, beta2 = 1/(1 + C^2)) returns to x = +1 every period; average regret >= 2(C - 2)/3",
    statement="On [-1, 1] with f_t = C x for t = 1 mod 3 and -x otherwise (2 < C <= 10), Adam with beta1 = 0, "
              "beta2 = 1/(1 + C^2), step alpha/sqrt(t) (0.05 <= alpha <= 3) and x_1 = 1 is back at x = 1 at the start "
              "of every period, so R_(3K)/(3K) >= 2(C - 2)/3 > 0 while x* = -1",
    sources=[Source(ZHAO, "Ch. 5, Figure 5.11 and Definition 5.8 (Adam's convergence issue)", ("ZHAO-36",)),
             Source(TENG, "§4.2.2 (Adam; the Reddi-Kale-Kumar caveat)", ("TENG-75",)),
             Source(MSML, "C.6 (corrected: Adam can fail on convex problems)", ("MSML-257",)),
             Source("Reddi, Kale, Kumar, On the convergence of Adam and beyond (ICLR 2018)", "Theorem 1")],
    kind="proxy",
    proxy="'R_T/T does not tend to 0' is checked as the explicit lower bound 2(C - 2)/3 on the average regret over "
          "every horizon 3K <= 1200 (and the return to +1 in every period)",
    area="optimization",
    instances=online_1d(families=("reddi",), min_T=3, max_T=1200, x1=1.0),
    conclusion=reddi_checks,
    proof_idea="After the gradient C the second moment is >= (1 - beta2) C^2, so the step down is at most about alpha_t; "
               "beta2 is small, so after two gradients -1 the second moment is near 1 and the two steps up exceed the "
               "step down: clipping puts x back at 1.  Each period then costs C(1 + 1) - 2 - 2 = 2C - 4 over x* = -1.",
    mutants=[
        Mutant("amsgrad-also-returns", "AMSGrad keeps the large second moment after the gradient C, so its steps up "
               "are small and it leaves +1 (it drifts to the optimum -1)",
               conclusion=lambda p: reddi_checks(p, amsgrad=True),
               instances=online_1d(families=("reddi",), min_T=300, max_T=1200, alpha=(0.2, 3.0), x1=1.0)),
    ],
    examples=25,
)
test_adam_reddi_nonconvergence = REDDI.test()


def amsgrad_checks(p: Online1D, amsgrad: bool = True, noise: float = 0.5) -> list[Check]:
    x, g, rate = _run(p, amsgrad)
    u = -1.0 if p.family == "reddi" else (-1.0 if np.sum(g) > 0 else 1.0)
    regret = np.cumsum(g * (x[:-1] - u))
    half = np.cumsum(noise * rate * g * g)
    e = 4 * EPS * (np.abs(x[:-1]) + rate * np.abs(g))
    slack = np.cumsum(e * (4 + e) / (2 * rate)) + np.arange(1, p.T + 1) * EPS * np.cumsum(np.abs(g * (x[:-1] - u)))
    t = np.arange(1, p.T + 1)
    K = p.gmax * (2 / p.alpha + p.alpha / math.sqrt(1 - p.beta2))
    why = "update rounding weighted by 1/(2 eta_t) + summation"
    zero = np.zeros(p.T - 1)
    return [_worst_le(rate[1:], rate[:-1], zero, "eta_(t+1) <= eta_t"),
            _worst_le(regret, 4 / (2 * rate) + half, slack, "R_t <= D^2/(2 eta_t) + sum eta_s g_s^2/2", why),
            _worst_le(regret, K * np.sqrt(t), slack, "R_t <= sqrt(t) G (2/alpha + alpha/sqrt(1 - beta2))", why)]


AMSGRAD = Claim(
    id="amsgrad-regret",
    title="AMSGrad: non-increasing effective rates and R_T <= sqrt(T) G (2/alpha + alpha/sqrt(1 - beta2)) on [-1, 1]",
    statement="For online linear losses g_t x on [-1, 1] with |g_t| <= G, AMSGrad (beta1 = 0, step alpha/sqrt(t), "
              "ṽ_t = max(ṽ_(t-1), v_t)) has non-increasing eta_t = alpha/sqrt(t ṽ_t) and, for every u in [-1, 1] and t, "
              "R_t(u) <= 2/eta_t + sum_(s<=t) eta_s g_s^2/2 <= sqrt(t) G (2/alpha + alpha/sqrt(1 - beta2)): average regret O(1/sqrt t)",
    sources=[Source(ZHAO, "Ch. 5, Definition 5.8 (AMSGrad: monotone second-moment denominator)", ("ZHAO-36",)),
             Source(MSML, "C.6 (corrected: AMSGrad-type variants restore O(1/sqrt T) average regret)", ("MSML-257",)),
             Source("Reddi, Kale, Kumar, On the convergence of Adam and beyond (ICLR 2018)", "Theorem 4 (beta1 = 0)")],
    kind="proxy",
    proxy="'AMSGrad's average regret tends to 0' is checked as the explicit O(sqrt t) regret bound at every t <= 1200",
    area="optimization",
    instances=online_1d(max_T=1200),
    conclusion=amsgrad_checks,
    proof_idea="Projected online gradient descent with non-increasing steps: (x_(t+1) - u)^2 <= (x_t - u)^2 - 2 eta_t g_t "
               "(x_t - u) + eta_t^2 g_t^2; divide by 2 eta_t, sum by parts with (x_t - u)^2 <= 4; then ṽ_t >= (1 - beta2) "
               "g_t^2 gives eta_t g_t^2 <= alpha |g_t|/sqrt(t (1 - beta2)) and ṽ_t <= G^2 gives 1/eta_t <= sqrt(t) G/alpha.",
    mutants=[
        Mutant("adam-same-bound", "on the Reddi problem Adam's regret grows like 2(C - 2)t/3, beyond any O(sqrt t) bound",
               conclusion=lambda p: amsgrad_checks(p, amsgrad=False),
               instances=online_1d(families=("reddi",), min_T=1000, max_T=1200, alpha=(0.5, 2.0), x1=1.0)),
        Mutant("without-noise-term", "a large first gradient with a long step already pays its full eta_1 g_1^2/2",
               conclusion=lambda p: amsgrad_checks(p, noise=0.0)),
    ],
    examples=25,
)
test_amsgrad_regret = AMSGRAD.test()


def _adam_printed(p: Online1D) -> Check:
    x, g, rate = _run(p, False)
    regret = np.cumsum(g * (x[:-1] + 1))
    K = p.gmax * (2 / p.alpha + p.alpha / math.sqrt(1 - p.beta2))
    t = np.arange(1, p.T + 1)
    return _worst_le(regret, K * np.sqrt(t), np.zeros(p.T), "Adam: R_t <= sqrt(t) G (2/alpha + alpha/sqrt(1 - beta2))")


ADAM_PRINTED = Claim(
    id="adam-convex-rate-printed",
    title="'Adam converges in O(1/sqrt T) under convexity, like SGD' as printed",
    statement="On convex online problems Adam's average regret is O(1/sqrt T), checked as the bound that AMSGrad "
              "provably has: R_t <= sqrt(t) G (2/alpha + alpha/sqrt(1 - beta2)) on [-1, 1] at every t",
    sources=[Source(MSML, "C.6 Chapter Connections ('Theorem 11.5 shows Adam converges in O(1/sqrt T)')", ("MSML-257",))],
    kind="proxy",
    proxy="'O(1/sqrt T) average regret' is checked as the explicit sqrt(t) regret bound at every t <= 1200",
    area="optimization",
    instances=online_1d(families=("reddi",), min_T=1000, max_T=1200, alpha=(0.5, 2.0)),
    conclusion=_adam_printed,
    proof_idea="Adam's effective rates are not monotone, so the online-gradient argument behind the bound fails.",
    audit=True,
    corrected="amsgrad-regret",
    finding="On Reddi et al.'s problem (f_t = C x for t = 1 mod 3, else -x, on [-1, 1]; beta1 = 0, beta2 = 1/(1 + C^2)) "
            "Adam returns to x = +1 every period and its regret grows like 2(C - 2)t/3, so the average regret does not "
            "vanish.  Corrected: AMSGrad (monotone second moment) has R_t <= sqrt(t) G (2/alpha + alpha/sqrt(1 - beta2)).",
    examples=10,
)
test_adam_convex_rate_printed = ADAM_PRINTED.test()


# ---------------------------------------------------------------------------------------------- weight decay
def _adam_first_step(g: tuple[Fraction, ...], s: RationalStream) -> list[Fraction]:
    """The first Adam update ``m̂_1/sqrt(v̂_1)`` (eps = 0, zero moments), exactly: ``g/|g|`` (0 where g = 0)."""
    m, v = adam_moments([g], s.beta1, s.beta2)
    return [Fraction(_sign(a)) if b else Fraction(0) for a, b in zip(m[0], v[0])]


def decay_checks(s: RationalStream, sgd_factor: int = 1, adam_l2_is_adamw: bool = False) -> list[Check]:
    g, th, eta, lam = s.G[0], s.theta, s.eta, s.lam
    out = []
    # SGD: a gradient step on L + (lam/2)||theta||^2 (and on L + lam ||theta||^2) vs decoupled decay
    for c, name in ((1, "(lam/2)||theta||^2"), (2, "lam ||theta||^2")):
        l2 = [t - eta * (gi + c * lam * t) for t, gi in zip(th, g)]
        factor = sgd_factor * c if c == 1 else 2 * sgd_factor if sgd_factor == 1 else 1
        decoupled = [(1 - factor * eta * lam) * t - eta * gi for t, gi in zip(th, g)]
        out += [equal(a, b, label=f"SGD on L + {name} = decay by {factor} eta lam") for a, b in zip(l2, decoupled)]
    # Adam, first step: the L2 gradient goes through the normalization; AdamW decays outside it
    l2_step = _adam_first_step(tuple(gi + lam * t for gi, t in zip(g, th)), s)
    adam_l2 = [t - eta * u for t, u in zip(th, l2_step)]
    adamw = [t * (1 - eta * lam) - eta * u for t, u in zip(th, _adam_first_step(g, s))]
    signed = [t - eta * _sign(gi + lam * t) for t, gi in zip(th, g)]
    out += [equal(a, b, label="L2-Adam first step = theta - eta sign(g + lam theta)") for a, b in zip(adam_l2, signed)]
    direct = [t - eta * (_sign(gi) + lam * t) for t, gi in zip(th, g)]
    out += [equal(a, b, label="AdamW first step = theta - eta (sign(g) + lam theta)") for a, b in zip(adamw, direct)]
    if adam_l2_is_adamw:
        out += [equal(a, b, label="L2-Adam = AdamW") for a, b in zip(adam_l2, adamw)]
    return _worst(out)


DECAY = Claim(
    id="l2-vs-decoupled-weight-decay",
    title="L2 penalty = weight decay for SGD, not for Adam (AdamW)",
    statement="For SGD, a step on L + (lam/2)||theta||^2 is (1 - eta lam) theta - eta g (decoupled decay; lam ||theta||^2 "
              "decays by 2 eta lam).  For Adam from zero moments with eps = 0 the first L2 step is theta - eta "
              "sign(g + lam theta) (the decay passes through the normalization), AdamW's is theta - eta(sign(g) + lam theta)",
    sources=[Source(ZHAO, "Ch. 5, after Definition 5.8 and Figure 5.12 (AdamW, completed)", ("ZHAO-37",)),
             Source(MSML, "App. C ('L2 penalty: lam ||w||^2 (weight decay)'; SGD only)", ("MSML-355",)),
             Source("Loshchilov and Hutter, Decoupled weight decay regularization (ICLR 2019)", "Propositions 1 and 2")],
    kind="exact",
    area="optimization",
    instances=rational_streams(),
    conclusion=decay_checks,
    proof_idea="∇(lam/2)||theta||^2 = lam theta, so the SGD step is linear in g + lam theta; Adam divides g + lam theta by "
               "its own root mean square (|g + lam theta| at the first step), so the decay term is rescaled per coordinate.",
    mutants=[
        Mutant("adam-l2-equals-adamw", "sign(g + lam theta) differs from sign(g) + lam theta unless lam theta = 0",
               conclusion=lambda s: decay_checks(s, adam_l2_is_adamw=True)),
        Mutant("penalty-lam-norm-squared-decays-by-eta-lam", "the gradient of lam ||theta||^2 is 2 lam theta",
               conclusion=lambda s: decay_checks(s, sgd_factor=0)),
    ],
    examples=25,
)
test_l2_vs_decoupled_weight_decay = DECAY.test()


# ---------------------------------------------------------------------------------------------- state, EMA, sign
@st.composite
def _shapes(draw: st.DrawFn) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(draw(st.lists(st.integers(1, 5), min_size=1, max_size=2))) for _ in range(draw(st.integers(1, 3))))


def _state_numel(opt: torch.optim.Optimizer, params: list[torch.Tensor]) -> int:
    return sum(v.numel() for p in params for k, v in opt.state[p].items() if k != "step")


def state_checks(shapes: tuple[tuple[int, ...], ...], adam_factor: int = 2, adafactor_matrix=lambda n, m: n + m) -> list[Check]:
    gen = torch.Generator().manual_seed(sum(map(sum, shapes)))
    params = [torch.nn.Parameter(torch.randn(s, dtype=torch.float64, generator=gen)) for s in shapes]
    N = sum(p.numel() for p in params)
    out = []
    for make, factor, name in ((lambda ps: torch.optim.Adam(ps), adam_factor, "Adam"),
                               (lambda ps: torch.optim.Adam(ps, amsgrad=True), adam_factor + 1, "AMSGrad")):
        opt = make(params)
        for p in params:
            p.grad = torch.randn(p.shape, dtype=torch.float64, generator=gen)
        opt.step()
        out.append(equal(_state_numel(opt, params), factor * N, label=f"{name} state = {factor} N numbers (N = {N})"))
    opt = torch.optim.Adafactor(params)
    opt.step()
    expect = sum(adafactor_matrix(*p.shape) if p.dim() == 2 else p.numel() for p in params)
    out.append(equal(_state_numel(opt, params), expect, label="Adafactor state: n + m per n x m matrix, N per vector"))
    return _worst(out)


STATE = Claim(
    id="optimizer-state-memory",
    title="Optimizer state: Adam 2N numbers (AMSGrad 3N), Adafactor n + m per n x m matrix",
    statement="For N parameters torch.optim.Adam keeps 2N state numbers (first and second moments; 3N with amsgrad) "
              "besides one step counter per tensor, and torch.optim.Adafactor keeps row and column statistics, n + m "
              "numbers for an n x m matrix (a full vector for 1-d tensors)",
    sources=[Source(ZHAO, "Ch. 5, Figures 5.17 and 5.19 (optimizer-state memory, Adafactor)", ("ZHAO-40",))],
    kind="exact",
    area="optimization",
    instances=_shapes(),
    conclusion=state_checks,
    proof_idea="Count the tensors each optimizer allocates after one step (the reference implementation in torch).",
    mutants=[
        Mutant("adam-state-n", "Adam keeps two moment tensors of the parameter's shape, not one",
               conclusion=lambda sh: state_checks(sh, adam_factor=1)),
        Mutant("adafactor-state-nm", "the factored second moment of an n x m matrix is a row and a column, not n m numbers",
               conclusion=lambda sh: state_checks(sh, adafactor_matrix=lambda n, m: n * m),
               instances=_shapes().filter(lambda sh: any(len(s) == 2 and min(s) > 1 and max(s) > 2 for s in sh))),
    ],
    examples=5,
)
test_optimizer_state_memory = STATE.test()


@st.composite
def _nonneg_matrices(draw: st.DrawFn, rank: int = 1) -> tuple[tuple[Fraction, ...], ...]:
    n, m = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    q = st.fractions(min_value=0, max_value=6, max_denominator=3)
    V = [[Fraction(0)] * m for _ in range(n)]
    for _ in range(rank):
        r = [draw(q) for _ in range(n)]
        c = [draw(q) for _ in range(m)]
        r[0] = r[0] or Fraction(1)
        c[0] = c[0] or Fraction(1)
        V = [[V[i][j] + r[i] * c[j] for j in range(m)] for i in range(n)]
    return tuple(tuple(row) for row in V)


def factor_checks(V: tuple[tuple[Fraction, ...], ...], rank_one: bool = True) -> list[Check]:
    R = [sum(row) for row in V]
    C = [sum(col) for col in zip(*V)]
    total = sum(R)
    Vh = [[R[i] * C[j] / total for j in range(len(C))] for i in range(len(R))]
    out = [equal(sum(Vh[i]), R[i], label="row sums preserved") for i in range(len(R))]
    out += [equal(sum(Vh[i][j] for i in range(len(R))), C[j], label="column sums preserved") for j in range(len(C))]
    if rank_one:
        out += [equal(Vh[i][j], V[i][j], label="V̂ = R C/(1ᵀR) = V for rank-one V")
                for i in range(len(R)) for j in range(len(C))]
    return _worst(out)


FACTOR = Claim(
    id="adafactor-reconstruction",
    title="Adafactor's V̂ = R C/(1ᵀR) keeps row and column sums and is exact for rank-one nonnegative V",
    statement="For a nonnegative matrix V with row sums R, column sums C and total 1ᵀR > 0, V̂ = R C/(1ᵀR) has the same "
              "row and column sums as V, and V̂ = V when V = r cᵀ is rank one",
    sources=[Source(ZHAO, "Ch. 5, Figure 5.19 (Adafactor factorization)", ("ZHAO-40",))],
    kind="exact",
    area="optimization",
    instances=_nonneg_matrices(),
    conclusion=factor_checks,
    proof_idea="Row i of V̂ sums to R_i (sum_j C_j)/total = R_i; for V = r cᵀ, R = r (1ᵀc), C = c (1ᵀr), total = (1ᵀr)(1ᵀc).",
    mutants=[Mutant("exact-for-rank-two", "a rank-two nonnegative matrix is not determined by its row and column sums",
                    instances=_nonneg_matrices(rank=2).filter(
                        lambda V: any(V[i][j] * V[k][l] != V[i][l] * V[k][j] for i in range(len(V)) for k in range(len(V))
                                      for j in range(len(V[0])) for l in range(len(V[0])))))],
    examples=30,
)
test_adafactor_reconstruction = FACTOR.test()


def update_checks(s: RationalStream, ema_sum_one: bool = False, clip: bool = True) -> list[Check]:
    b = s.beta1
    out = []
    for j in range(len(s.G[0])):
        m = Fraction(0)
        for t, row in enumerate(s.G, start=1):
            m = b * m + (1 - b) * row[j]
            unrolled = (1 - b) * sum(b ** (t - k) * s.G[k - 1][j] for k in range(1, t + 1))
            out.append(equal(m, unrolled, label=f"EMA m_{t} = (1 - b) sum_s b^(t-s) g_s"))
            weights = (1 - b) * sum(b ** (t - k) for k in range(1, t + 1))
            out.append(equal(weights, Fraction(1) if ema_sum_one else 1 - b ** t, label=f"EMA weights sum to 1 - b^{t}"))
            if m:
                out.append(equal(abs(s.eta * _sign(m)), s.eta, label="sign update moves each coordinate by exactly eta"))
            h = abs(s.theta[j]) + Fraction(1, 10)            # a curvature estimate > 0
            ratio = m / max(s.lam * h, Fraction(1, 1000))
            step = s.eta * (max(-1, min(1, ratio)) if clip else ratio)
            out.append(le(abs(step), s.eta, label="clipped preconditioned update |Δ| <= eta"))
    return _worst([c for c in out if not c.ok] or out)


UPDATES = Claim(
    id="optimizer-update-identities",
    title="EMA unrolling and weights 1 - b^t; sign updates move by eta; clipped updates by at most eta",
    statement="An EMA m_t = b m_(t-1) + (1 - b) g_t with m_0 = 0 equals (1 - b) sum_(s<=t) b^(t-s) g_s, whose weights sum to "
              "1 - b^t; a sign-momentum update moves each coordinate with c_j != 0 by exactly eta; a Sophia-type update "
              "eta clip(m/max(gamma h, eps), 1) moves each coordinate by at most eta",
    sources=[Source(ZHAO, "Ch. 5, Remark 5.14, Figures 5.22 and 5.24 (sign momentum, Sophia, multi-timescale EMAs)",
                    ("ZHAO-41",))],
    kind="exact",
    area="optimization",
    instances=rational_streams(),
    conclusion=update_checks,
    proof_idea="Unroll the recursion; sum the geometric series (1 - b) sum_(k<t) b^k = 1 - b^t; |sign| = 1; |clip(., 1)| <= 1.",
    mutants=[
        Mutant("ema-weights-sum-to-one", "at t = 1 the weights sum to 1 - b < 1 (the bias Adam corrects)",
               conclusion=lambda s: update_checks(s, ema_sum_one=True)),
        Mutant("unclipped-update", "without the clip, m/(gamma h) exceeds 1 when the curvature estimate is small",
               conclusion=lambda s: update_checks(s, clip=False)),
    ],
    examples=25,
)
test_optimizer_update_identities = UPDATES.test()
