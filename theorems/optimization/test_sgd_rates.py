"""SGD rates in expectation: smooth nonconvex (1/T)·sum E||∇f||^2 <= 2 sqrt(M beta sigma^2/T), convex RG/sqrt(T).

Statement.
- Smooth nonconvex (Arora et al. Thm 2.5.2).  Let f be beta-smooth and ĝ_t an unbiased stochastic gradient
  with ``E||ĝ_t||^2 <= sigma^2``.  For every constant step ``eta > 0`` and ``T >= 1``
  ``E (1/T) sum_{t<T} ||∇f(w_t)||^2 <= (f(w_0) - E f(w_T))/(eta T) + (beta eta/2)(1/T) sum_{t<T} E||ĝ_t||^2``
  (an equality for isotropic quadratics).  If ``|f| <= M/2`` on every iterate *including the last* and
  ``eta = sqrt(M/(beta sigma^2 T))`` the right side is ``<= 1.5 sqrt(M beta sigma^2/T) <= 2 sqrt(M beta sigma^2/T)``.
  With minibatches of size B drawn with replacement and ``eta <= 1/beta`` (Problem 2.5.3 (b)):
  ``E (1/T) sum ||∇f(w_t)||^2 <= 2 (f(w_0) - E f(w_T))/(eta T) + beta eta gamma^2/B``, ``gamma^2`` the
  single-example gradient variance.
- Convex (MSML App. C).  Convex f, ``||ĝ|| <= G``, projected SGD on a convex set of diameter D containing u:
  ``E f(w̄_T) - f(u) <= E (1/T) sum_{t<T} f(w_t) - f(u) <= ||w_0 - u||^2/(2 eta T) + (eta/2)(1/T) sum E||ĝ_t||^2``,
  and ``eta = D/(G sqrt T)`` gives ``<= DG/sqrt(T)``, attained at T = 1 by a linear loss started at the far
  end of the domain.

Every expectation is exact: the finite-sum problems are small enough that all ``K^T`` batch sequences are
enumerated (``checks.minibatch.sgd_levels``), so the statistical theorem is checked as a deterministic
inequality between averages.

Audit.  Arora et al. assume ``|f(w_t)| <= M/2`` only for the T iterates whose gradients are averaged; the
proof also needs it at the final iterate.  A quadratic started where it vanishes drops below ``-M/2`` after
the first step and violates the printed bound.

Sources.  Arora et al. §2.5.3 Theorem 2.5.2 (ARORA-25) and Problem 2.5.3 (b) (ARORA-26); MSML App. C,
"Theorem 11.5" (MSML-350).

Proof idea.  The descent lemma ``f(w - eta ĝ) <= f(w) - eta <∇f, ĝ> + (beta eta^2/2)||ĝ||^2`` in conditional
expectation, telescoped; then ``M/(eta T) + beta eta sigma^2/2`` is minimized by the tuned step.  Convex:
``||w_{t+1} - u||^2 <= ||w_t - u||^2 - 2 eta <ĝ_t, w_t - u> + eta^2 ||ĝ_t||^2`` (projection is nonexpansive),
``E <ĝ_t, w_t - u> = <∇f(w_t), w_t - u> >= f(w_t) - f(u)``; telescope; Jensen for the average iterate.

Tolerances (``eps = 2^-52``).  A computed gradient of ``phi(<w, x>)`` is within
``gerr = (d + 4) eps (S ||w|| + G_x)`` of the exact one (``S = max smooth(phi) ||x||^2 + mu``,
``G_x = max lip(phi) ||x||``); a computed step within ``delta = 2 eps (||w|| + eta max ||ĝ||) + eta gerr``
of the exact map of the computed point; a value within ``verr = (d + 8) eps (G_x ||w|| + V + mu ||w||^2)``
(``V`` the largest ``|phi|`` offset).  The inequalities hold for the computed chain up to the sum over steps of
``verr`` at both ends + ``eta ||∇f|| gerr`` + ``(||∇f(w_{t+1})|| + beta delta) delta`` (nonconvex), resp.
``(2 delta ||w_{t+1} - u|| + delta^2)/(2 eta) + gerr ||w_t - u||`` (convex), plus ``8 eps log2(N)`` times the
magnitudes for the averages over N paths.
"""

from __future__ import annotations

import math

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, le
from checks.documents import ARORA, MSML
from checks.linalg import EPS
from checks.minibatch import FiniteSum, path_average, second_moment
from checks.strategies.minibatch import SGDRun, convex_sgd_runs, nonconvex_sgd_runs, printed_assumption_runs


# ---------------------------------------------------------------------------------------------- rounding
def _constants(p: FiniteSum) -> tuple[float, float, float]:
    """``(S, G_x, V)``: smoothness and Lipschitz scales of the examples and the largest value offset."""
    S = max(e.loss.smoothness * e.norm ** 2 for e in p.examples) + p.ridge
    Gx = max(e.loss.lipschitz * e.norm for e in p.examples)
    V = max(e.loss.lipschitz for e in p.examples) * (1 + 2 * math.pi)
    return S, Gx, V


def _gerr(p: FiniteSum, W: np.ndarray) -> np.ndarray:
    S, Gx, _ = _constants(p)
    return (p.d + 4) * EPS * (S * np.linalg.norm(W, axis=1) + Gx)


def _verr(p: FiniteSum, W: np.ndarray) -> np.ndarray:
    _, Gx, V = _constants(p)
    nw = np.linalg.norm(W, axis=1)
    return (p.d + 8) * EPS * (Gx * nw + V + p.ridge * nw * nw)


def _delta(r: SGDRun, W: np.ndarray) -> np.ndarray:
    gmax = np.max([np.linalg.norm(r.problem.batch_gradient(b, W), axis=1) for b in r.batch_list], axis=0)
    return 2 * EPS * (np.linalg.norm(W, axis=1) + r.eta * gmax) + r.eta * _gerr(r.problem, W)


def _sum_err(N: int, *xs: float) -> float:
    return 8 * EPS * math.log2(N + 1) * sum(abs(x) for x in xs)


# ---------------------------------------------------------------------------------------------- nonconvex
def _nonconvex(r: SGDRun):
    p, T, eta, beta = r.problem, r.T, r.eta, r.beta
    lv = r.levels()
    grad2 = [float(np.mean(np.sum(p.gradient(W) ** 2, axis=1))) for W in lv]
    f = [float(np.mean(p.value(W))) for W in lv]
    m2 = [float(np.mean(second_moment(p, r.batch_list, W))) for W in lv[:T]]
    var = max(float(np.max(second_moment(p, tuple((i,) for i in range(p.n)), W) - np.sum(p.gradient(W) ** 2, axis=1)))
              for W in lv[:T])
    slack = 0.0
    for t in range(T):
        W, W1 = lv[t], lv[t + 1]
        dl = np.repeat(_delta(r, W), W1.shape[0] // W.shape[0])
        g1 = np.linalg.norm(p.gradient(W1), axis=1)
        slack += float(np.mean(_verr(p, W)) + np.mean(_verr(p, W1))
                       + eta * np.mean(np.linalg.norm(p.gradient(W), axis=1) * _gerr(p, W))
                       + np.mean((g1 + beta * dl) * dl))
    lhs = float(np.mean(grad2[:T]))
    tol = slack / (eta * T) + _sum_err(lv[-1].shape[0], lhs, f[0], f[T], beta * eta * max(m2))
    return lhs, f, float(np.mean(m2)), var, tol


def nonconvex_checks(r: SGDRun, noise: float = 0.5, constant: float = 1.5, printed: float = 2.0,
                     root: bool = True) -> list[Check]:
    lhs, f, m2, var, tol = _nonconvex(r)
    T, eta, beta = r.T, r.eta, r.beta
    why = "rounding of the descent inequality along the computed paths + averaging"
    out = [le(lhs, (f[0] - f[T]) / (eta * T) + noise * beta * eta * m2, tol, why=why,
              label=f"E avg ||∇f||^2 <= (f(w_0) - E f(w_T))/(eta T) + (beta eta/2) avg E||ĝ||^2, T = {T}")]
    if math.isfinite(r.M) and math.isclose(eta, math.sqrt(r.M / (beta * r.sigma2 * T)), rel_tol=1e-12):
        q = r.M * beta * r.sigma2 / T
        rate = lambda c: c * (math.sqrt(q) if root else q)
        out.append(le(lhs, rate(constant), tol, why=why, label="tuned eta, |f| <= M/2: <= 1.5 sqrt(M beta sigma^2/T)"))
        out.append(le(lhs, rate(printed), tol, why=why, label="tuned eta, |f| <= M/2: <= 2 sqrt(M beta sigma^2/T)"))
    if eta * beta <= 1:
        out.append(le(lhs, 2 * (f[0] - f[T]) / (eta * T) + beta * eta * var / r.B, tol * 2, why=why,
                      label=f"eta <= 1/beta, batch B = {r.B}: <= 2(f(w_0) - E f(w_T))/(eta T) + beta eta gamma^2/B"))
    return out


NONCONVEX = Claim(
    id="sgd-nonconvex-rate",
    title="SGD on smooth nonconvex f: E (1/T) sum ||∇f(w_t)||^2 <= 2 sqrt(M beta sigma^2/T)",
    statement="For beta-smooth f, unbiased ĝ with E||ĝ||^2 <= sigma^2 and any eta > 0: E (1/T) sum_{t<T} ||∇f(w_t)||^2 "
              "<= (f(w_0) - E f(w_T))/(eta T) + (beta eta/2)(1/T) sum E||ĝ_t||^2; with |f| <= M/2 on all iterates "
              "(the last included) and eta = sqrt(M/(beta sigma^2 T)) this is <= 1.5 sqrt(M beta sigma^2/T) <= "
              "2 sqrt(M beta sigma^2/T); with batches of size B and eta <= 1/beta it is <= 2(f(w_0) - E f(w_T))/(eta T) "
              "+ beta eta gamma^2/B",
    sources=[Source(ARORA, "§2.5.3 Theorem 2.5.2 (corrected: boundedness at the last iterate; E||ĝ||^2 <= sigma^2)",
                    ("ARORA-25",)),
             Source(ARORA, "§2.5.3 Problem 2.5.3 (b): minibatch of size B", ("ARORA-26",)),
             Source(MSML, "App. C 'Theorem 11.5' (nonconvex: stationarity at rate T^(-1/2) in ||∇f||^2)",
                    ("MSML-350",))],
    kind="numeric",
    area="optimization",
    instances=nonconvex_sgd_runs(),
    conclusion=nonconvex_checks,
    proof_idea="Descent lemma in conditional expectation: E f(w_{t+1}) <= f(w_t) - eta||∇f(w_t)||^2 + "
               "(beta eta^2/2) E||ĝ_t||^2 (equality for isotropic quadratics); telescope, bound f(w_0) - f(w_T) <= M, "
               "optimize eta.  Minibatch: E||ĝ||^2 = ||∇f||^2 + gamma^2/B and eta <= 1/beta absorbs ||∇f||^2.",
    mutants=[
        Mutant("noise-term-quarter", "for l_i = (beta/2)||w||^2 + <b_i, w> the descent lemma is an equality, so "
               "the noise term (beta eta/2) E||ĝ||^2 cannot be halved",
               conclusion=lambda r: nonconvex_checks(r, noise=0.25)),
        Mutant("constant-two-fifths", "a noiseless cosine slope with sin^2 near 1 reaches about 0.35 sqrt(M beta sigma^2/T) "
               "at T = 1", conclusion=lambda r: nonconvex_checks(r, constant=0.4, printed=0.4),
               instances=nonconvex_sgd_runs(families=("coincide",), max_T=2, tuned=True)),
        Mutant("rate-without-root", "M beta sigma^2/T scales like amplitude^4 while E||∇f||^2 scales like "
               "amplitude^2: small amplitudes violate it", conclusion=lambda r: nonconvex_checks(r, root=False)),
    ],
    examples=60,
)
test_sgd_nonconvex_rate = NONCONVEX.test()


def _printed(r: SGDRun) -> Check:
    lhs, f, m2, var, tol = _nonconvex(r)
    return le(lhs, 2 * math.sqrt(r.M * r.beta * r.sigma2 / r.T), tol,
              label=f"E avg ||∇f||^2 <= 2 sqrt(M beta sigma^2/T), |f| <= M/2 on w_1..w_T only (T = {r.T})",
              why="as for sgd-nonconvex-rate")


PRINTED = Claim(
    id="sgd-nonconvex-rate-printed",
    title="SGD nonconvex rate as printed: boundedness assumed only on the averaged iterates",
    statement="For beta-smooth f with |f(w_t)| <= M/2 for t = 1..T, E||ĝ_t||^2 <= sigma^2 and eta = sqrt(M/(beta sigma^2 T)): "
              "E (1/T) sum_{t=1..T} ||∇f(w_t)||^2 <= 2 sqrt(M beta sigma^2/T)",
    sources=[Source(ARORA, "§2.5.3 Theorem 2.5.2 (with the assumption of §2.5.2)", ("ARORA-25",))],
    kind="numeric",
    area="optimization",
    instances=printed_assumption_runs(),
    conclusion=_printed,
    proof_idea="The telescoped sum is f(w_1) - E f(w_(T+1)), which the assumption does not bound when w_(T+1) is "
               "outside the region where |f| <= M/2.",
    audit=True,
    corrected="sgd-nonconvex-rate",
    finding="Boundedness is assumed on w_1..w_T only, but the proof bounds f(w_1) - E f(w_(T+1)) by M.  A quadratic "
            "started where it vanishes (f(w_1) = 0 <= M/2) with a small M has ||∇f(w_1)||^2 > 2 sqrt(M beta sigma^2) at "
            "T = 1 (e.g. (w^2 - 1)/2 at w_1 = 1, exact gradients, M = 0.01: 1 > 0.2).  Corrected: |f| <= M/2 on "
            "w_1..w_(T+1) (in expectation: f(w_1) - E f(w_(T+1)) <= M) gives 1.5 sqrt(M beta sigma^2/T).",
    examples=100,
)
test_sgd_nonconvex_rate_printed = PRINTED.test()


# ---------------------------------------------------------------------------------------------- convex
def _comparators(r: SGDRun) -> list[np.ndarray]:
    """Points of the ball to compare with: an approximate minimizer of f over it (projected GD), the
    centre, and the antipode of w_0 (any point of the domain is a valid comparator)."""
    p, R = r.problem, r.radius
    u = np.zeros((1, p.d))
    step = 1.0 / max(_constants(p)[0], 1e-12) if _constants(p)[0] > 0 else R / r.G
    for k in range(300):
        u = u - step / math.sqrt(k + 1) * p.gradient(u)
        u *= min(1.0, R / max(float(np.linalg.norm(u)), 1e-300))
    anti = -r.w0 if np.linalg.norm(r.w0) > 0 else np.full(p.d, R / math.sqrt(p.d))
    return [u[0] * (1 - 4 * EPS), np.zeros(p.d), anti]


def convex_checks(r: SGDRun, noise: float = 0.5, power: float = 0.5) -> list[Check]:
    p, T, eta, R = r.problem, r.T, r.eta, r.radius
    lv = r.levels()
    favg = float(np.mean([np.mean(p.value(W)) for W in lv[:T]]))
    fbar = float(np.mean(p.value(path_average(lv, T))))
    m2 = float(np.mean([np.mean(second_moment(p, r.batch_list, W)) for W in lv[:T]]))
    D = 2 * R
    out = []
    for u in _comparators(r):
        fu = float(p.value(u[None, :])[0])
        slack = 0.0
        for t in range(T):
            W, W1 = lv[t], lv[t + 1]
            dl = np.repeat(_delta(r, W), W1.shape[0] // W.shape[0])
            slack += float(np.mean((2 * dl * np.linalg.norm(W1 - u, axis=1) + dl * dl) / (2 * eta))
                           + np.mean(_gerr(p, W) * np.linalg.norm(W - u, axis=1)) + np.mean(_verr(p, W)))
        verr_u = float(_verr(p, u[None, :])[0])
        tol = slack / T + verr_u + _sum_err(lv[-1].shape[0], favg, fu, D * D / eta, eta * m2)
        why = "rounding of the distance recursion along the computed paths + values + averaging"
        gap = favg - fu
        rhs = float(np.sum((r.w0 - u) ** 2)) / (2 * eta * T) + noise * eta * m2
        out.append(le(fbar - fu, gap, tol + float(np.mean(_verr(p, path_average(lv, T)))), why=why,
                      label="Jensen: E f(w̄_T) - f(u) <= E (1/T) sum f(w_t) - f(u)"))
        out.append(le(gap, rhs, tol, why=why,
                      label=f"E (1/T) sum f(w_t) - f(u) <= ||w_0 - u||^2/(2 eta T) + (eta/2) avg E||ĝ||^2, T = {T}"))
        out.append(le(gap, D * r.G / T ** power, tol, why=why, label=f"eta = D/(G sqrt T): <= DG/sqrt(T), T = {T}"))
    return out


CONVEX = Claim(
    id="sgd-convex-rate",
    title="Projected SGD on convex G-Lipschitz f: E f(w̄_T) - f(u) <= DG/sqrt(T) with eta = D/(G sqrt T)",
    statement="For convex f = mean of convex losses with ||ĝ|| <= G, projected SGD on a convex set of diameter D "
              "containing u: E f(w̄_T) - f(u) <= E (1/T) sum_{t<T} f(w_t) - f(u) <= ||w_0 - u||^2/(2 eta T) + "
              "(eta/2)(1/T) sum E||ĝ_t||^2, and eta = D/(G sqrt T) gives <= DG/sqrt(T)",
    sources=[Source(MSML, "App. C 'Theorem 11.5' (convex: O(1/sqrt T), best achievable for this oracle)",
                    ("MSML-350",))],
    kind="numeric",
    area="optimization",
    instances=convex_sgd_runs(),
    conclusion=convex_checks,
    proof_idea="||w_{t+1} - u||^2 <= ||w_t - u||^2 - 2 eta <ĝ_t, w_t - u> + eta^2 ||ĝ_t||^2, E<ĝ_t, w_t - u> >= "
               "f(w_t) - f(u) by convexity; telescope and divide by T.  A linear loss started at the far end of a "
               "ball of diameter D reaches DG at T = 1.",
    mutants=[
        Mutant("no-noise-term", "at T = 1 a linear loss from the far end has gap DG while ||w_0 - u||^2/(2 eta) = DG/2",
               conclusion=lambda r: convex_checks(r, noise=0.0)),
        Mutant("rate-one-over-t", "without strong convexity the rate is 1/sqrt(T): a linear loss from the far end "
               "keeps a gap of order DG/sqrt(T) over the first sqrt(T) steps", conclusion=lambda r: convex_checks(r, power=1.0)),
    ],
    examples=60,
)
test_sgd_convex_rate = CONVEX.test()
