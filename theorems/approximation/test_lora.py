"""Low-rank adaptation (LoRA): parameter count and rank, factor gradients and the B = 0 start, the
factor gradient flow (not a projection onto a subspace), and the Eckart–Young tail of the full update.

Statement.  Adapt ``W = W0 + BA`` with ``B ∈ R^{m×r}``, ``A ∈ R^{r×n}``, loss ``ℓ(W) = ½‖XW − Y‖²``,
``G = ∇_W ℓ``.
- ``rank(BA) <= r`` with ``r(m + n)`` trainable parameters against ``mn`` (``2dr`` against ``d²`` for
  square ``W``, ratio ``2r/d``: ``1/384 ≈ 0.26%`` at ``d = 12288``, ``r = 16``); this saves parameters
  exactly when ``r < mn/(m + n)``.
- ``∇_B ℓ = G Aᵀ`` and ``∇_A ℓ = Bᵀ G``.  With the standard start ``B = 0`` the gradient of ``A``
  vanishes, so the first step moves ``B`` only and the update is ``Δ_1 = −η G Aᵀ A`` (rank ``<= r``).
- The factor flow ``Ḃ = −GAᵀ``, ``Ȧ = −BᵀG`` gives ``Δ̇ = −(G AᵀA + B BᵀG)``: a tangent vector of
  the rank-``r`` manifold at ``BA`` (``P_T Δ̇ = Δ̇``) with ``⟨G, Δ̇⟩ = −‖GAᵀ‖² − ‖BᵀG‖² <= 0``, but not
  ``−P_T(G)``, and it depends on the balance ``(cB, A/c)``.  With ``A`` fixed with orthonormal rows the
  set ``{BA}`` is a linear subspace and training ``B`` alone is the projected flow ``Δ̇ = −G AᵀA``.
- Linearised model, ``ℓ(Δ) − ℓ(Δ*) = ½ vec(Δ − Δ*)ᵀ H vec(Δ − Δ*)``, ``H = JᵀJ ≻ 0``: every rank-``r``
  ``Δ`` has ``‖Δ − Δ*‖²_F >= Σ_{j>r} σ_j(Δ*)²`` (Eckart–Young, equality at the truncated SVD) and
  ``(λ_min/2) Σ_{j>r}σ_j² <= min_{rank Δ <= r} ℓ(Δ) − ℓ(Δ*) <= (λ_max/2) Σ_{j>r}σ_j²``, with equality for
  ``H = cI``.

Audit.  MSML B.19 prints LoRA as "gradient flow projected onto a rank-r tangent subspace", exactly
constrained optimisation in a subspace: ``Δ̇ = −P_T(G)`` and rank-``≤ r`` matrices forming a subspace.
Both fail on generic rational factors.

Sources.  *The Mathematical Structure of Machine Learning*, Ch. 24: B.19 lines 260–382 (MSML-67,
audited), B.19 hyper-deep line 403 (MSML-203), line 1567 (MSML-320; its r_eff and "comparable to full
fine-tuning" remarks are empirical and not checked).

Proof ideas.  Chain rule through ``W0 + BA``; the loss is quadratic in each factor, so a central
difference with unit step is its exact directional derivative.  The product rule gives ``Δ̇``; each
term has column space in ``col B`` or row space in ``row A``, hence lies in ``T``.  Eckart–Young:
``σ_{i+j−1}(P + Q) <= σ_i(P) + σ_j(Q)`` with ``rank Δ <= r`` gives ``σ_{r+j}(Δ* − Δ) >= σ_{r+j}(Δ*)``;
the sandwich follows from ``λ_min‖D‖² <= vec Dᵀ H vec D <= λ_max‖D‖²`` at the minimiser and at the
truncated SVD.

Exact over the rationals except Eckart–Young (float64 SVD, tolerances from the SVD backward error).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, close, equal, ge, holds, le
from checks.documents import MSML
from checks.exact_linalg import fractions, rank
from checks.lora import (factor_flow_velocity, factor_gradients, frobenius_inner, full_gradient, lora_parameters,
                         loss, tangent_projection, truncated_svd)
from checks.strategies.lora import (Dims, LoraProblem, TailInstance, full_rank_problems, lora_dims, lora_problems,
                                    orthonormal_row_problems, tail_instances)

EPS = float(np.finfo(float).eps)


# --- claim 1: parameter count and rank ---------------------------------------------------------------

def _count(inst: tuple[LoraProblem, Dims], rank_bound_offset: int = 0) -> list[Check]:
    p, dims = inst
    m, r, n = p.B.shape[0], p.B.shape[1], p.A.shape[1]
    lora, full = lora_parameters(dims.m, dims.n, dims.r)
    return [le(rank(p.B @ p.A), r - rank_bound_offset, label=f"rank(BA) <= r{'' if not rank_bound_offset else ' - 1'}"),
            equal(p.B.size + p.A.size, lora_parameters(m, n, r)[0], label="trainable entries of B, A = r(m + n)"),
            holds((lora < full) == (Fraction(dims.r) < Fraction(dims.m * dims.n, dims.m + dims.n)),
                  label="r(m + n) < mn iff r < mn/(m + n)", detail=f"{lora} vs {full} ({dims})"),
            equal(Fraction(lora_parameters(12288, 12288, 16)[0], 12288**2), Fraction(1, 384),
                  label="d = 12288, r = 16: 2dr/d² = 1/384")]


def saves_for_every_rank(inst: tuple[LoraProblem, Dims]) -> Check:
    _, dims = inst
    lora, full = lora_parameters(dims.m, dims.n, dims.r)
    return le(lora, full - 1, label=f"r(m + n) < mn for every r <= min(m, n) ({dims})")


COUNT = Claim(
    id="lora-rank-parameter-count",
    title="LoRA: rank(BA) <= r with r(m + n) parameters instead of mn",
    statement="for B (m×r), A (r×n): rank(BA) <= r; the factors have r(m + n) entries against mn, fewer "
              "exactly when r < mn/(m + n); for square d×d this is 2dr vs d² (1/384 at d = 12288, r = 16)",
    sources=[Source(MSML, "line 1567 (W -> W + ABᵀ, d² -> 2dr)", ("MSML-320",))],
    kind="exact",
    area="approximation",
    instances=st.tuples(lora_problems(), lora_dims()),
    conclusion=_count,
    proof_idea="col(BA) ⊆ col(B), which has dimension <= r; counting entries gives r(m + n), and "
               "r(m + n) < mn iff r < mn/(m + n).",
    mutants=[
        Mutant("rank-below-r", "generic factors reach rank exactly r (the bound is tight)",
               conclusion=lambda inst: _count(inst, 1)[:1]),
        Mutant("saves-for-every-rank", "at r = min(m, n) the factors have min(m, n)(m + n) >= mn entries",
               conclusion=saves_for_every_rank),
    ],
    examples=40,
)
test_lora_rank_parameter_count = COUNT.test()


# --- claim 2: factor gradients and the B = 0 start ---------------------------------------------------

def _loss_at(p: LoraProblem, B: np.ndarray, A: np.ndarray) -> Fraction:
    return loss(p.X, p.Y, p.W0 + B @ A)


def _central(p: LoraProblem, B: np.ndarray, A: np.ndarray, which: str) -> np.ndarray:
    """Exact partial derivatives by unit central differences (the loss is quadratic in each factor)."""
    M = B if which == "B" else A
    out = fractions(np.zeros(M.shape, dtype=int))
    for idx in np.ndindex(*M.shape):
        E = fractions(np.zeros(M.shape, dtype=int))
        E[idx] = Fraction(1)
        if which == "B":
            out[idx] = (_loss_at(p, B + E, A) - _loss_at(p, B - E, A)) / 2
        else:
            out[idx] = (_loss_at(p, B, A + E) - _loss_at(p, B, A - E)) / 2
    return out


def _first_step(p: LoraProblem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(B_1, A_1, G_0)``: one GD step from ``(0, A)``."""
    B0 = fractions(np.zeros(p.B.shape, dtype=int))
    G0 = full_gradient(p.X, p.Y, p.W0)
    gB, gA = factor_gradients(G0, B0, p.A)
    return B0 - p.eta * gB, p.A - p.eta * gA, G0


def factor_gradient_checks(p: LoraProblem) -> list[Check]:
    G = full_gradient(p.X, p.Y, p.W0 + p.B @ p.A)
    gB, gA = factor_gradients(G, p.B, p.A)
    B0 = fractions(np.zeros(p.B.shape, dtype=int))
    B1, A1, G0 = _first_step(p)
    d1 = B1 @ A1
    return [equal(tuple(_central(p, p.B, p.A, "B").flat), tuple(gB.flat), label="dℓ/dB = G Aᵀ"),
            equal(tuple(_central(p, p.B, p.A, "A").flat), tuple(gA.flat), label="dℓ/dA = Bᵀ G"),
            equal(tuple(_central(p, B0, p.A, "A").flat), (Fraction(0),) * p.A.size, label="B = 0: dℓ/dA = 0"),
            equal(tuple(A1.flat), tuple(p.A.flat), label="B = 0: the first step leaves A"),
            equal(tuple(d1.flat), tuple((-p.eta * G0 @ p.A.T @ p.A).flat), label="Δ_1 = -η G Aᵀ A"),
            le(rank(d1), p.A.shape[0], label="rank Δ_1 <= r")]


def first_step_full_gradient(p: LoraProblem) -> Check:
    B1, A1, G0 = _first_step(p)
    return equal(tuple((B1 @ A1).flat), tuple((-p.eta * G0).flat), label="Δ_1 = -η G (full fine-tuning step)")


def both_factors_move(p: LoraProblem) -> Check:
    _, A1, _ = _first_step(p)
    return holds(any(a != b for a, b in zip(A1.flat, p.A.flat)), label="B = 0: the first step moves A too")


GRADS = Claim(
    id="lora-factor-gradients",
    title="LoRA factor gradients G Aᵀ and Bᵀ G; from B = 0 only B moves at first",
    statement="for ℓ(W0 + BA) with G = ∇_W ℓ: ∇_B = G Aᵀ and ∇_A = Bᵀ G; at B = 0, ∇_A = 0 and one GD "
              "step gives A_1 = A, Δ_1 = B_1 A = -η G Aᵀ A, of rank <= r",
    sources=[Source(MSML, "B.19, the factor dynamics (standard LoRA start B = 0)", ("MSML-67", "MSML-203"))],
    kind="exact",
    area="approximation",
    instances=lora_problems(),
    conclusion=factor_gradient_checks,
    proof_idea="d/dt ℓ(W0 + (B + tE)A) = ⟨G, EA⟩ = ⟨G Aᵀ, E⟩, and similarly for A; at B = 0 the second is "
               "⟨0ᵀG, E⟩ = 0, so the update is -η G Aᵀ times A.",
    mutants=[
        Mutant("first-step-full-gradient", "the first LoRA step is -η G AᵀA, the full step -η G only when "
               "GAᵀA = G", conclusion=first_step_full_gradient),
        Mutant("both-factors-move", "at B = 0 the gradient Bᵀ G of A is zero", conclusion=both_factors_move),
    ],
    examples=30,
)
test_lora_factor_gradients = GRADS.test()


# --- claim 3: the factor flow is a tangent, balance-dependent flow -----------------------------------

def _velocity(p: LoraProblem) -> tuple[np.ndarray, np.ndarray]:
    G = full_gradient(p.X, p.Y, p.W0 + p.B @ p.A)
    return G, factor_flow_velocity(G, p.B, p.A)


def _sq(M: np.ndarray) -> Fraction:
    return frobenius_inner(M, M)


def flow_checks(p: LoraProblem) -> list[Check]:
    G, V = _velocity(p)
    gB, gA = factor_gradients(G, p.B, p.A)
    plus, minus = (p.B - gB) @ (p.A - gA), (p.B + gB) @ (p.A + gA)
    return [equal(tuple(((plus - minus) / 2).flat), tuple(V.flat), label="d/dt (B - tGAᵀ)(A - tBᵀG) = -(GAᵀA + BBᵀG)"),
            equal(tuple(tangent_projection(V, p.B, p.A).flat), tuple(V.flat), label="P_T(Δ̇) = Δ̇ (tangent)"),
            equal(frobenius_inner(G, V), -(_sq(gB) + _sq(gA)), label="⟨G, Δ̇⟩ = -|GAᵀ|² - |BᵀG|²"),
            le(frobenius_inner(G, V), 0, label="⟨G, Δ̇⟩ <= 0 (descent)")]


def flow_is_projection(p: LoraProblem) -> Check:
    G, V = _velocity(p)
    return equal(tuple(V.flat), tuple((-tangent_projection(G, p.B, p.A)).flat), label="Δ̇ = -P_T(G)")


def flow_balance_free(p: LoraProblem) -> Check:
    G, V = _velocity(p)
    return equal(tuple(V.flat), tuple(factor_flow_velocity(G, 2 * p.B, p.A / 2).flat),
                 label="Δ̇ at (B, A) = Δ̇ at (2B, A/2)")


def descent_full_gradient(p: LoraProblem) -> Check:
    G, V = _velocity(p)
    return equal(frobenius_inner(G, V), -_sq(G), label="⟨G, Δ̇⟩ = -|G|²")


FLOW = Claim(
    id="lora-factor-flow",
    title="LoRA factor flow: Δ̇ = -(G AᵀA + B BᵀG), tangent and descending, not a fixed projection",
    statement="under Ḃ = -GAᵀ, Ȧ = -BᵀG (B full column rank, A full row rank), Δ = BA moves with "
              "Δ̇ = -(G AᵀA + B BᵀG), which lies in the tangent space T of the rank-r matrices at BA and has "
              "⟨G, Δ̇⟩ = -|GAᵀ|² - |BᵀG|² <= 0",
    sources=[Source(MSML, "B.19, corrected form of lines 340-382", ("MSML-67",)),
             Source(MSML, "B.19 hyper-deep, line 403, part (c)", ("MSML-203",))],
    kind="exact",
    area="approximation",
    instances=full_rank_problems(),
    conclusion=flow_checks,
    proof_idea="product rule; G AᵀA has row space in row(A) and B BᵀG column space in col(B), both in T; "
               "⟨G, GAᵀA⟩ = |GAᵀ|², ⟨G, BBᵀG⟩ = |BᵀG|².",
    mutants=[
        Mutant("flow-is-tangent-projection", "the factor flow preconditions by AᵀA and BBᵀ, which are not "
               "the projectors P_A, P_B unless the factors are orthonormal", conclusion=flow_is_projection),
        Mutant("flow-balance-free", "rescaling (B, A) -> (2B, A/2) keeps BA but multiplies the two terms "
               "by 1/4 and 4", conclusion=flow_balance_free),
        Mutant("descent-full-gradient", "the decrease rate is |GAᵀ|² + |BᵀG|², not |G|²",
               conclusion=descent_full_gradient),
    ],
    examples=30,
)
test_lora_factor_flow = FLOW.test()


def fixed_factor_checks(p: LoraProblem) -> list[Check]:
    G = full_gradient(p.X, p.Y, p.W0 + p.B @ p.A)
    gB, _ = factor_gradients(G, p.B, p.A)
    V = -gB @ p.A
    PA = p.A.T @ p.A
    return [equal(tuple((p.A @ p.A.T).flat), tuple(fractions(np.eye(p.A.shape[0], dtype=int)).flat),
                  label="A has orthonormal rows"),
            equal(tuple((V @ PA).flat), tuple(V.flat), label="Δ̇ stays in the subspace {M : M AᵀA = M}"),
            equal(frobenius_inner(-G - V, V), Fraction(0), label="⟨-G - Δ̇, Δ̇⟩ = 0: Δ̇ = projection of -G")]


def fixed_factor_identity(p: LoraProblem) -> Check:
    G = full_gradient(p.X, p.Y, p.W0 + p.B @ p.A)
    gB, _ = factor_gradients(G, p.B, p.A)
    return equal(tuple((-gB @ p.A).flat), tuple((-G).flat), label="training B alone follows -G")


FIXED = Claim(
    id="lora-fixed-factor-subspace",
    title="LoRA with A fixed (orthonormal rows): a linear subspace and the projected flow -G AᵀA",
    statement="with A fixed and A Aᵀ = I, {BA} = {M : M AᵀA = M} is a linear subspace and training B "
              "alone moves Δ = BA with Δ̇ = -G AᵀA, the orthogonal projection of -G onto it",
    sources=[Source(MSML, "B.19 hyper-deep, line 403, part (b)", ("MSML-203",))],
    kind="exact",
    area="approximation",
    instances=orthonormal_row_problems(),
    conclusion=fixed_factor_checks,
    proof_idea="Ḃ = -GAᵀ so Δ̇ = -G AᵀA; AᵀA is the orthogonal projector onto row(A) when AAᵀ = I, and "
               "M -> M AᵀA is the orthogonal projector onto the subspace.",
    mutants=[
        Mutant("follows-full-gradient", "the flow is the projection -G AᵀA, equal to -G only when the rows "
               "of G lie in row(A)", conclusion=fixed_factor_identity),
    ],
    examples=30,
)
test_lora_fixed_factor_subspace = FIXED.test()


def printed_projection(p: LoraProblem) -> list[Check]:
    G, V = _velocity(p)
    r = p.B.shape[1]
    other = p.B[::-1] @ p.A[:, ::-1]
    return [equal(tuple(V.flat), tuple((-tangent_projection(G, p.B, p.A)).flat),
                  label="LoRA flow Δ̇ = -Π_{S_r} ∇ℓ (tangent projection)"),
            le(rank(p.B @ p.A + other), r, label="S_r is a subspace: rank(BA + B'A') <= r")]


PRINTED = Claim(
    id="lora-projected-subspace-flow",
    title="'LoRA is gradient flow projected onto a rank-r tangent subspace' (as printed)",
    statement="Δ = BA lies in a rank-r subspace S_r and LoRA's gradient flow is Δ̇ = -Π_{S_r}∇ℓ, exactly "
              "constrained optimisation in a subspace",
    sources=[Source(MSML, "B.19, lines 260, 340, 361, 382", ("MSML-67",))],
    kind="exact",
    area="approximation",
    instances=full_rank_problems(),
    conclusion=printed_projection,
    proof_idea="none: the rank-r matrices form a variety (e1e1ᵀ + e2e2ᵀ has rank 2) and the factor flow "
               "is preconditioned by AᵀA and BBᵀ, not projected.",
    audit=True,
    corrected="lora-factor-flow",
    finding="The rank-<=r matrices are not a linear subspace (sums of two rank-r matrices reach rank 2r), and "
            "the factor flow is Δ̇ = -(G AᵀA + B BᵀG), a tangent but balance-dependent flow, not the "
            "projection -P_T(G) = -(P_B G + G P_A - P_B G P_A).",
    examples=20,
)
test_lora_projected_subspace_flow = PRINTED.test()


# --- claim 4: Eckart–Young and the tail sandwich (numeric) -------------------------------------------

def _tail(inst: TailInstance, start: int | None = None, power: int = 2) -> float:
    return float(np.sum(inst.sigma[(inst.r if start is None else start):] ** power))


def _excess(inst: TailInstance, D: np.ndarray) -> float:
    v = D.reshape(-1)
    return 0.5 * float(v @ inst.H @ v)


def _tols(inst: TailInstance) -> tuple[float, float]:
    """``(δ_F, δ_q)``: the SVD is backward stable, ``‖Δ_r − Δ*_r‖_F <= δ = 8 max(p, q) ε ‖Δ*‖_F``, so
    ``‖Δ* − Δ_r‖²`` is within ``δ_F = 2δ√tail + δ² + (pq + 2)ε‖Δ*‖²`` of the tail; a quadratic form in
    ``pq`` variables rounds by ``(pq + 2) ε λ_max ‖D‖²``, and ``λ_max δ_F/2`` covers the SVD error."""
    p, q = inst.target.shape
    nrm = float(np.linalg.norm(inst.target))
    delta = 8 * max(p, q) * EPS * nrm
    tail = _tail(inst)
    dF = 2 * delta * math.sqrt(tail) + delta**2 + (p * q + 2) * EPS * nrm**2
    lam_max = float(np.linalg.eigvalsh(inst.H)[-1])
    return dF, lam_max * (dF / 2 + (p * q + 2) * EPS * (tail + dF))


def _candidates(inst: TailInstance) -> list[np.ndarray]:
    """The truncated SVD and rank-r perturbations of its factors (near-optimal rank-r matrices)."""
    U, s, Vt = np.linalg.svd(inst.target, full_matrices=False)
    rng = np.random.default_rng(inst.seed)
    r = inst.r
    out = [(U[:, :r] * s[:r]) @ Vt[:r]]
    for scale in (1e-3, 1e-1, 1.0):
        P = U[:, :r] + scale * rng.standard_normal(U[:, :r].shape)
        Q = (s[:r, None] * Vt[:r]) + scale * s[0] * rng.standard_normal(Vt[:r].shape)
        out.append(P @ Q)
    return out


def tail_checks(inst: TailInstance) -> list[Check]:
    ev = np.linalg.eigvalsh(inst.H)
    lam_min, lam_max = float(ev[0]), float(ev[-1])
    tail = _tail(inst)
    dF, dq = _tols(inst)
    low, _ = truncated_svd(inst.target, inst.r)
    out = [close(float(np.sum((inst.target - low) ** 2)), tail, tol=dF, label="|Δ* - Δ*_r|² = Σ_{j>r} σ_j²",
                 why="SVD backward error 8 max(p,q) eps |Δ*|_F, squared-norm rounding"),
           le(_excess(inst, low - inst.target), lam_max / 2 * tail, tol=dq, label="min excess <= (λ_max/2) Σ_{j>r} σ_j²",
              why="(pq + 2) eps λ_max |D|² for the quadratic form, λ_max δ_F/2 for the SVD")]
    for i, C in enumerate(_candidates(inst)):
        D = C - inst.target
        out.append(ge(float(np.sum(D**2)), tail, tol=dF, label=f"candidate {i} (rank r): |Δ - Δ*|² >= Σ_{{j>r}} σ_j²",
                      why="SVD backward error, squared-norm rounding"))
        out.append(ge(_excess(inst, D), lam_min / 2 * tail, tol=dq,
                      label=f"candidate {i}: excess >= (λ_min/2) Σ_{{j>r}} σ_j²", why="as above"))
    if inst.family == "isotropic":
        out.append(close(_excess(inst, low - inst.target), lam_max / 2 * tail, tol=dq,
                         label="H = cI: min excess = (c/2) Σ_{j>r} σ_j²", why="as above"))
    return out


def tail_not_squared(inst: TailInstance) -> Check:
    low, _ = truncated_svd(inst.target, inst.r)
    lam_max = float(np.linalg.eigvalsh(inst.H)[-1])
    return le(_excess(inst, low - inst.target), lam_max / 2 * _tail(inst, power=1), tol=_tols(inst)[1],
              label="min excess <= (λ_max/2) Σ_{j>r} σ_j (not squared)")


def tail_from_r(inst: TailInstance) -> Check:
    low, _ = truncated_svd(inst.target, inst.r)
    lam_min = float(np.linalg.eigvalsh(inst.H)[0])
    return ge(_excess(inst, low - inst.target), lam_min / 2 * _tail(inst, start=inst.r - 1), tol=_tols(inst)[1],
              label="excess >= (λ_min/2) Σ_{j>=r} σ_j²")


def anisotropic_equality(inst: TailInstance) -> Check:
    low, _ = truncated_svd(inst.target, inst.r)
    return ge(_excess(inst, low - inst.target), _tail(inst) / 2, tol=_tols(inst)[1],
              label="min excess = ½ Σ_{j>r} σ_j² for any quadratic loss (so >= at the truncated SVD)")


TAIL = Claim(
    id="lora-eckart-young-tail",
    title="Best rank-r update: Eckart–Young and the tail sandwich (λ_min/2, λ_max/2) Σ_{j>r} σ_j(Δ*)²",
    statement="every rank-r Δ has |Δ - Δ*|_F² >= Σ_{j>r} σ_j(Δ*)², with equality at the truncated SVD; for "
              "ℓ(Δ) - ℓ(Δ*) = ½ vec(Δ - Δ*)ᵀ H vec(Δ - Δ*), λ_min(H)/2 Σ_{j>r}σ_j² <= min over rank r <= "
              "λ_max(H)/2 Σ_{j>r}σ_j², equal for H = cI",
    sources=[Source(MSML, "B.19 hyper-deep, line 403, part (a)", ("MSML-203",)),
             Source(MSML, "B.19, the tail-energy remark (exact only for the isotropic loss)", ("MSML-67",))],
    kind="numeric",
    area="approximation",
    instances=tail_instances(),
    conclusion=tail_checks,
    proof_idea="Weyl's inequality σ_{i+j-1}(P + Q) <= σ_i(P) + σ_j(Q) with rank Δ <= r gives "
               "σ_{r+j}(Δ* - Δ) >= σ_{r+j}(Δ*); then λ_min|D|² <= vec Dᵀ H vec D <= λ_max|D|².",
    mutants=[
        Mutant("tail-not-squared", "the excess scales like σ² while Σσ_j scales like σ: with singular "
               "values near 10 and H = λ_max on the tail the bound fails", conclusion=tail_not_squared,
               instances=tail_instances(families=("isotropic", "aligned-high"))),
        Mutant("tail-from-r", "the truncated SVD leaves σ_r out of the error: with H = cI the excess is "
               "(c/2)Σ_{j>r}σ_j² < (c/2)Σ_{j>=r}σ_j²", conclusion=tail_from_r),
        Mutant("anisotropic-equality", "when H is small (λ < 1) along Δ* - Δ*_r the rank-r excess is "
               "below ½ Σ_{j>r} σ_j²", conclusion=anisotropic_equality,
               instances=tail_instances(families=("aligned-low", "random"))),
    ],
    examples=40,
)
test_lora_eckart_young_tail = TAIL.test()
