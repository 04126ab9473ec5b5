"""Gradient descent on smooth nonconvex functions: the squared gradient norm decays like 1/T.

Statement.  Let f be L-smooth and bounded below by ``f_low``, and run GD with step ``1/L``.  For every
``T >= 1``:
``min_{t<T} ||∇f(w_t)||^2 <= (1/T) sum_{t<T} ||∇f(w_t)||^2 <= 2L (f(w_0) - f(w_T))/T <= 2L (f(w_0) - f_low)/T``,
so some iterate before ``ceil(2L (f(w_0) - f_low)/eps^2)`` is eps-stationary.  With ``|f| <= M/2`` at ``w_0``
and at ``w_T`` the middle term is ``<= 2 M L / T``.  The average form is attained with equality by
``(L/2)||w||^2`` started on the top eigenvector (one step lands on the minimizer).

Audit.  Arora et al., Thm 2.5.1 assume ``|f(w_t)| <= M/2`` only on the iterates ``t = 1..T`` whose gradients
are averaged (``w_0..w_{T-1}`` here), not at the final ``w_{T+1}`` (``w_T`` here); then the printed
``(1/T) sum ||∇_t||^2 <= 4 M β / T`` is false: a function that is small at ``w_0`` and drops after
the first step (``(w^2 - 1)/2`` at ``w_0 = 1``) violates it at ``T = 1``.  The printed constant 4 is
loose (the proof gives 2); the corrected claim checks 2.

Sources.  Arora et al., §2.5.2 Theorem 2.5.1 (ARORA-24), §7.2 after Theorem 7.2.1 (ARORA-519);
Karp, proofs of Theorems 4.3/4.4, the standard GD lemma (KARP-53).

Proof idea.  The descent lemma at step ``1/L`` gives ``||∇f(w_t)||^2 <= 2L (f(w_t) - f(w_{t+1}))``; sum over
``t < T`` (telescoping) and divide by T; the minimum is at most the average.

Tolerances (``eps = 2^-52``).  The telescoped inequality is checked on the computed iterates: each step
``f(ŵ_{t+1}) <= f(ŵ_t) - ||g̃_t||^2/(2L) + e_t`` with ``e_t`` = value rounding at both points
+ ``eta * grad_error * (2||g|| + grad_error)`` + moving the end point by the update rounding
``delta = 2 eps (||w|| + eta ||g||)``, i.e. ``(||∇f(ŵ_{t+1})|| + L delta) delta``; summed,
``tol_T = 2L sum_{t<T} e_t / T`` (no stability of the trajectory is needed).
"""

from __future__ import annotations

import numpy as np

from checks.claim import Check, Claim, Mutant, Source, le
from checks.documents import ARORA, KARP
from checks.linalg import EPS
from checks.smooth import gradient_descent
from checks.strategies.smooth import BoundedRun, nonconvex_runs


def _trajectory(r: BoundedRun) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(f_t, ||g_t||^2, cumulative per-step rounding e_0 + ... + e_{t-1})`` for t = 0..steps."""
    tr = gradient_descent(r.obj, r.w0, r.eta, r.steps)
    g2 = np.sum(tr.g ** 2, axis=1)
    e = np.zeros(r.steps + 1)
    for t in range(r.steps):
        w, w1 = tr.w[t], tr.w[t + 1]
        gn, ge = np.sqrt(g2[t]), r.obj.grad_error(w)
        delta = 2 * EPS * (np.linalg.norm(w) + r.eta * gn)
        g1 = np.sqrt(g2[t + 1]) + r.obj.grad_error(w1)
        e[t + 1] = e[t] + (r.obj.value_error(w) + r.obj.value_error(w1) + r.eta * ge * (2 * gn + ge)
                           + (g1 + r.obj.L * delta) * delta + 8 * EPS * (abs(tr.f[t]) + abs(tr.f[t + 1])))
    return tr.f, g2, e


def _worst(checks: list[Check]) -> Check:
    return max(checks, key=lambda c: c.ratio)


def stationarity_checks(r: BoundedRun, constant: float = 2.0, power: int = 1) -> list[Check]:
    f, g2, e = _trajectory(r)
    L = r.obj.L
    csum = np.cumsum(g2)
    avg, mins, low, bounded = [], [], [], []
    why = "2L sum_{t<T} e_t / T, e_t the per-step rounding of the descent inequality"
    for T in range(1, r.steps + 1):
        tol = 2 * L * e[T] / T
        mean = csum[T - 1] / T
        avg.append(le(mean, constant * L * (f[0] - f[T]) / T ** power, tol,
                      label=f"(1/T) sum_(t<T) ||g_t||^2 <= 2L (f(w_0) - f(w_T))/T at T = {T}", why=why))
        mins.append(le(float(np.min(g2[:T])), mean, 2 * T * EPS * mean, why="rounding of a sum of T terms",
                       label=f"min_(t<T) ||g_t||^2 <= average at T = {T}"))
        low.append(le(float(np.min(g2[:T])), constant * L * (f[0] - r.f_low) / T ** power, tol,
                      label=f"min_(t<T) ||g_t||^2 <= 2L (f(w_0) - f_low)/T at T = {T}", why=why))
        M = 2 * max(abs(f[0]), abs(f[T]))
        bounded.append(le(mean, constant * M * L / T ** power, tol,
                          label=f"|f| <= M/2 at w_0 and w_T: average <= 2ML/T at T = {T}", why=why))
    return [_worst(avg), _worst(mins), _worst(low), _worst(bounded)]


NONCONVEX = Claim(
    id="gd-nonconvex-stationarity",
    title="GD with step 1/L on smooth nonconvex f: min_(t<T) ||∇f(w_t)||^2 <= 2L (f(w_0) - f_low)/T",
    statement="For L-smooth f >= f_low and eta = 1/L, at every T >= 1: min_(t<T)||∇f(w_t)||^2 <= "
              "(1/T) sum_(t<T) ||∇f(w_t)||^2 <= 2L (f(w_0) - f(w_T))/T <= 2L (f(w_0) - f_low)/T; "
              "if |f| <= M/2 at w_0 and w_T, the average is <= 2ML/T",
    sources=[Source(ARORA, "§2.5.2 Theorem 2.5.1 (corrected: boundedness at the last iterate, constant 2)",
                    ("ARORA-24",)),
             Source(ARORA, "§7.2, after Theorem 7.2.1", ("ARORA-519",)),
             Source(KARP, "proofs of Theorems 4.3 and 4.4 (GD lemma)", ("KARP-53",))],
    kind="proxy",
    proxy="'min ||∇f||^2 = O(1/T)' is checked as the explicit bound at every T <= 80",
    area="optimization",
    instances=nonconvex_runs(),
    conclusion=stationarity_checks,
    proof_idea="Descent lemma at step 1/L: ||∇f(w_t)||^2 <= 2L (f(w_t) - f(w_(t+1))); telescope; min <= average. "
               "Equality for (L/2)||w||^2 from the top eigenvector at T = 1 (and for the average at every T).",
    mutants=[
        Mutant("constant-one", "(L/2)w^2 from w_0 at T = 1 has ||∇f(w_0)||^2 = 2L (f(w_0) - f(w_1)), twice L (f(w_0) - f(w_1))",
               conclusion=lambda r: stationarity_checks(r, constant=1.0)),
        Mutant("rate-over-t-squared", "the average is only O(1/T): on (L/2)w^2 from the top eigenvector it is "
               "exactly 2L f(w_0)/T", conclusion=lambda r: stationarity_checks(r, power=2)),
        Mutant("step-2-over-l", "with eta = 2/L the top eigencomponent of a quadratic flips sign forever: f does not "
               "decrease while the gradient stays", instances=nonconvex_runs(eta_factor=2.0)),
    ],
    examples=60,
)
test_gd_nonconvex_stationarity = NONCONVEX.test()


def _printed(r: BoundedRun) -> Check:
    f, g2, e = _trajectory(r)
    L, T = r.obj.L, r.steps
    M = 2 * float(np.max(np.abs(f[:T])))          # |f| <= M/2 on the T iterates whose gradients are averaged
    return le(float(np.mean(g2[:T])), 4 * M * L / T, 0.0,
              label="(1/T) sum_(t<T) ||g_t||^2 <= 4 M beta / T with |f(w_t)| <= M/2 for t < T only")


PRINTED = Claim(
    id="gd-nonconvex-rate-printed",
    title="Nonconvex GD rate as printed: boundedness assumed only on the averaged iterates",
    statement="For β-smooth f with |f(w_t)| <= M/2 for the T iterates w_1..w_T and eta = 1/β: "
              "(1/T) sum_(t=1..T) ||∇f(w_t)||^2 <= 4 M β / T",
    sources=[Source(ARORA, "§2.5.2 Theorem 2.5.1", ("ARORA-24",))],
    kind="numeric",
    area="optimization",
    instances=nonconvex_runs(max_steps=20),
    conclusion=_printed,
    proof_idea="The proof telescopes to 2β (f(w_1) - f(w_(T+1)))/T and then needs |f(w_(T+1))| <= M/2 as well.",
    audit=True,
    examples=300,
    corrected="gd-nonconvex-stationarity",
    finding="Boundedness is assumed only for w_1..w_T, but the proof uses f(w_(T+1)) >= -M/2.  A function small at "
            "w_1 whose value drops after the step violates the bound at T = 1 (e.g. (w^2 - 1)/2 at w_1 = 1, β = 1, "
            "M = 0.01: ||∇||^2 = 1 > 4Mβ).  Corrected: |f| <= M/2 at w_1 and w_(T+1) (or f(w_1) - inf f <= M) gives "
            "2Mβ/T; the printed 4 is loose by a factor 2.",
)
test_gd_nonconvex_rate_printed = PRINTED.test()
