"""Dropout as an explicit regularizer, equalized factorizations, path norms of ReLU networks, and the
modified equations of gradient descent and SGD.

Exact computations use NumPy object arrays of :class:`fractions.Fraction`; every function that only
adds and multiplies accepts such arrays as well as float arrays.  Expectations over dropout masks,
over finite input laws and over minibatches are finite sums, enumerated term by term.

Dropout convention (Arora et al., *Theory of Deep Learning*, Ch. 11): ``p`` is the probability that a
unit is *dropped*.  An inverted mask entry is ``b_j ∈ {0, 1/(1-p)}`` with ``P(b_j = 1/(1-p)) = 1 - p``,
so ``E b_j = 1`` and ``Var b_j = λ := p/(1-p)``; a plain mask entry is ``b_j ∈ {0, 1}``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import combinations, product
from math import factorial
from typing import Any

import numpy as np
import sympy as sp

from checks.exact_linalg import fractions, rank, solve

MAX_MASK_UNITS = 12
"""Masks are enumerated exhaustively: at most ``2^12`` of them."""
MAX_ENUMERATION = 1 << 14
"""Largest number of terms any exhaustive expectation here will sum."""

Array = np.ndarray


# --- exact linear algebra (checks.exact_linalg, under the names this module's users know) -------------

as_fractions = fractions
rank_exact = rank
solve_exact = solve


def inner(A: Array, B: Array) -> Any:
    """The Frobenius inner product ``<A, B> = sum_ij A_ij B_ij``."""
    A, B = np.asarray(A), np.asarray(B)
    if A.shape != B.shape:
        raise ValueError(f"inner product of differently shaped matrices {A.shape} and {B.shape}")
    return (A * B).sum()


# --- dropout masks -------------------------------------------------------------------------------------

def _rate(p: Any) -> Any:
    if not 0 <= p < 1:
        raise ValueError(f"the dropout rate p must lie in [0, 1), got {p}")
    return p


def dropout_lambda(p: Any) -> Any:
    """``λ = p/(1-p)``, the variance of an inverted mask entry (the regularization strength)."""
    p = _rate(p)
    return p / (1 - p)


def dropout_masks(r: int, p: Any, inverted: bool = True) -> list[tuple[Array, Any]]:
    """All ``2^r`` dropout masks on ``r`` units with their probabilities
    ``(1-p)^{#kept} p^{#dropped}``; a kept entry is ``1/(1-p)`` (inverted) or ``1`` (plain)."""
    p = _rate(p)
    if not (isinstance(r, (int, np.integer)) and 1 <= r <= MAX_MASK_UNITS):
        raise ValueError(f"need 1 <= r <= {MAX_MASK_UNITS} units to enumerate masks, got {r!r}")
    keep = 1 / (1 - p) if inverted else p ** 0
    out = []
    for bits in product((0, 1), repeat=int(r)):
        kept = sum(bits)
        prob = (1 - p) ** kept * p ** (r - kept)
        if prob == 0:
            continue
        out.append((np.array([keep * b for b in bits], dtype=object), prob))
    return out


def _probs(n: int, probs: Sequence[Any] | None) -> list[Any]:
    """Weights of ``n`` points: uniform ``1/n`` (an empirical average) or a given law summing to 1."""
    if probs is None:
        return [Fraction(1, n)] * n
    probs = list(probs)
    if len(probs) != n or any(q < 0 for q in probs) or sum(probs) != 1:
        raise ValueError(f"probs must be {n} nonnegative weights summing to 1, got {probs}")
    return probs


# --- linear regression with input dropout -------------------------------------------------------------

def _design(X: Array, y: Array) -> tuple[Array, Array]:
    X, y = np.asarray(X, dtype=object), np.asarray(y, dtype=object)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"need an n×d design and n responses, got {X.shape} and {y.shape}")
    return X, y


def input_dropout_risk(X: Array, y: Array, w: Array, p: Any, inverted: bool = True) -> Any:
    """``(1/n) sum_i E_b (y_i - wᵀ(b ⊙ x_i))^2``, the expectation taken over all masks."""
    X, y = _design(X, y)
    w = np.asarray(w, dtype=object)
    n = X.shape[0]
    total = 0
    for b, prob in dropout_masks(X.shape[1], p, inverted):
        r = y - X @ (b * w)
        total += prob * (r @ r)
    return total / n


def squared_loss(X: Array, y: Array, w: Array) -> Any:
    """``(1/n) ||y - X w||^2``."""
    X, y = _design(X, y)
    r = y - X @ np.asarray(w, dtype=object)
    return (r @ r) / X.shape[0]


def diagonal_dropout_penalty(X: Array, w: Array, p: Any) -> Any:
    """``λ sum_j w_j^2 (1/n) sum_i x_ij^2 = (λ/n) wᵀ diag(XᵀX) w``."""
    X = np.asarray(X, dtype=object)
    w = np.asarray(w, dtype=object)
    col_sq = (X * X).sum(axis=0)
    return dropout_lambda(p) * (w * w * col_sq).sum() / X.shape[0]


def input_dropout_quadratic(X: Array, y: Array, p: Any, inverted: bool = True) -> tuple[Array, Array]:
    """``(A, c)`` with ``E_b-risk(w) = wᵀ A w - 2 cᵀ w + ||y||^2/n``, by enumerating the masks:
    ``A = (1/n) E_b[D_b XᵀX D_b]`` and ``c = (1/n) E_b[D_b] Xᵀ y``.  Its minimizers solve ``A w = c``."""
    X, y = _design(X, y)
    n, d = X.shape
    A = np.zeros((d, d), dtype=object) + Fraction(0)
    c = np.zeros(d, dtype=object) + Fraction(0)
    for b, prob in dropout_masks(d, p, inverted):
        Xb = X * b
        A = A + prob * (Xb.T @ Xb)
        c = c + prob * (Xb.T @ y)
    return A / n, c / n


# --- matrix sensing --------------------------------------------------------------------------------------

def _factors(U: Array, V: Array) -> tuple[Array, Array]:
    U, V = np.asarray(U), np.asarray(V)
    if U.ndim != 2 or V.ndim != 2 or U.shape[1] != V.shape[1]:
        raise ValueError(f"U (d2×d1) and V (d0×d1) must share their column count, got {U.shape} and {V.shape}")
    return U, V


def sensing_risk(U: Array, V: Array, As: Sequence[Array], ys: Sequence[Any]) -> Any:
    """``(1/n) sum_i (y_i - <U Vᵀ, A_i>)^2``."""
    U, V = _factors(U, V)
    M = U @ V.T
    return sum((y - inner(M, A)) ** 2 for A, y in zip(As, ys, strict=True)) / len(As)


def sensing_dropout_risk(U: Array, V: Array, As: Sequence[Array], ys: Sequence[Any], p: Any,
                         inverted: bool = True) -> Any:
    """``(1/n) sum_i E_B (y_i - <U B Vᵀ, A_i>)^2`` with ``B = diag(b)`` over all masks on the ``d1``
    columns (``U B Vᵀ`` is formed as a matrix product)."""
    U, V = _factors(U, V)
    total = 0
    for b, prob in dropout_masks(U.shape[1], p, inverted):
        M = (U * b) @ V.T
        total += prob * sum((y - inner(M, A)) ** 2 for A, y in zip(As, ys, strict=True))
    return total / len(As)


def sensing_regularizer(U: Array, V: Array, As: Sequence[Array]) -> Any:
    """``R̂(U, V) = sum_j (1/n) sum_i (u_jᵀ A_i v_j)^2`` (columns ``u_j`` of U, ``v_j`` of V)."""
    U, V = _factors(U, V)
    return sum(((U.T @ A @ V).diagonal() ** 2).sum() for A in As) / len(As)


def iid_sensing_expectation(U: Array, V: Array, law: Sequence[tuple[Any, Any]]) -> Any:
    """``E_A sum_j (u_jᵀ A v_j)^2`` for ``A`` with iid entries drawn from the finite ``law``
    (pairs ``(value, probability)``), by enumerating every matrix ``A``."""
    U, V = _factors(U, V)
    d2, d0 = U.shape[0], V.shape[0]
    values = [v for v, _ in law]
    weights = [q for _, q in law]
    if sum(weights) != 1 or any(q < 0 for q in weights):
        raise ValueError(f"the entry law must be a probability vector, got {law}")
    if len(values) ** (d2 * d0) > MAX_ENUMERATION:
        raise ValueError(f"{len(values)}^{d2 * d0} sensing matrices are too many to enumerate")
    total = 0
    for idx in product(range(len(values)), repeat=d2 * d0):
        prob = np.prod([weights[k] for k in idx])
        if prob == 0:
            continue
        A = np.array([values[k] for k in idx], dtype=object).reshape(d2, d0)
        total += prob * ((U.T @ A @ V).diagonal() ** 2).sum()
    return total


def completion_expectation(U: Array, V: Array, row_probs: Sequence[Any], col_probs: Sequence[Any]) -> Any:
    """``E_A sum_j (u_jᵀ A v_j)^2`` for ``A = e_k e_lᵀ`` drawn with probability ``p_k q_l``."""
    U, V = _factors(U, V)
    d2, d0 = U.shape[0], V.shape[0]
    if len(row_probs) != d2 or len(col_probs) != d0:
        raise ValueError(f"need {d2} row and {d0} column probabilities")
    if sum(row_probs) != 1 or sum(col_probs) != 1 or min(row_probs) < 0 or min(col_probs) < 0:
        raise ValueError("row and column probabilities must be probability vectors")
    total = 0
    for k, l in product(range(d2), range(d0)):
        A = np.zeros((d2, d0), dtype=object) + Fraction(0)
        A[k, l] = Fraction(1)
        total += row_probs[k] * col_probs[l] * ((U.T @ A @ V).diagonal() ** 2).sum()
    return total


def factor_regularizer(U: Array, V: Array, row_weights: Sequence[Any] | None = None,
                       col_weights: Sequence[Any] | None = None) -> Any:
    """``sum_j ||D_p^{1/2} u_j||^2 ||D_q^{1/2} v_j||^2 = sum_j (sum_k p_k U_kj^2)(sum_l q_l V_lj^2)``
    (unit weights by default: ``sum_j ||u_j||^2 ||v_j||^2``)."""
    U, V = _factors(U, V)
    pw = np.ones(U.shape[0], dtype=int) if row_weights is None else np.asarray(row_weights, dtype=object)
    qw = np.ones(V.shape[0], dtype=int) if col_weights is None else np.asarray(col_weights, dtype=object)
    a = (pw[:, None] * U * U).sum(axis=0)
    b = (qw[:, None] * V * V).sum(axis=0)
    return (a * b).sum()


# --- equalized factorizations (floating point) ------------------------------------------------------

def nuclear_norm(M: Array) -> float:
    """``||M||_*``, the sum of the singular values."""
    return float(np.linalg.svd(np.asarray(M, dtype=float), compute_uv=False).sum())


def balanced_factors(M: Array, d1: int, rcond: float = 1e-10) -> tuple[Array, Array]:
    """``Û = W Σ^{1/2}``, ``V̂ = Y Σ^{1/2}`` from the compact SVD ``M = W Σ Yᵀ``, zero-padded to ``d1``
    columns, so ``Û V̂ᵀ = M`` and ``ÛᵀÛ = V̂ᵀV̂``.  Needs ``rank(M) <= d1``."""
    M = np.asarray(M, dtype=float)
    W, s, Yt = np.linalg.svd(M, full_matrices=False)
    r = int(np.sum(s > rcond * s[0])) if s.size and s[0] > 0 else 0
    if r > d1:
        raise ValueError(f"rank(M) = {r} exceeds d1 = {d1}: no factorization with d1 columns")
    Uh = np.zeros((M.shape[0], d1))
    Vh = np.zeros((M.shape[1], d1))
    Uh[:, :r] = W[:, :r] * np.sqrt(s[:r])
    Vh[:, :r] = Yt[:r].T * np.sqrt(s[:r])
    return Uh, Vh


def _reflection_to(w: Array) -> Array:
    """An orthogonal ``H`` with ``H e_1 = w`` for a unit vector ``w`` (a Householder reflection)."""
    m = w.size
    v = w.copy()
    v[0] -= 1.0
    nv = float(v @ v)
    if nv < 1e-30:
        return np.eye(m)
    return np.eye(m) - 2.0 * np.outer(v, v) / nv


def equalizing_rotation(G: Array) -> Array:
    """``Q ∈ SO(d)`` with ``diag(Qᵀ G Q)`` constant (``= tr G / d``) for a symmetric ``G``.

    The construction of Mianjy, Arora & Vidal (2018): ``G_1 = G - (tr G/d) I`` has trace zero, so
    the average ``w`` of its orthonormal eigenvectors has ``wᵀ G_1 w = tr(G_1)/d = 0``; an orthogonal
    map sending ``e_1`` to ``w`` zeroes the first diagonal entry and leaves a trailing block of trace
    zero, on which the step repeats.  A last column sign flip makes ``det Q = 1``."""
    G = np.asarray(G, dtype=float)
    d = G.shape[0]
    if G.shape != (d, d) or not np.allclose(G, G.T, atol=1e-12 * (1 + np.abs(G).max())):
        raise ValueError(f"equalizing_rotation needs a symmetric matrix, got shape {G.shape}")
    G1 = (G + G.T) / 2 - np.trace(G) / d * np.eye(d)
    Q = np.eye(d)
    for k in range(d - 1):
        B = (Q.T @ G1 @ Q)[k:, k:]
        _, vecs = np.linalg.eigh((B + B.T) / 2)
        w = vecs.sum(axis=1) / np.sqrt(d - k)
        Q[:, k:] = Q[:, k:] @ _reflection_to(w)
    if np.linalg.det(Q) < 0:
        Q[:, -1] = -Q[:, -1]
    return Q


def optimal_factors(M: np.ndarray, d1: int, row_weights: np.ndarray, col_weights: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """The equalized balanced factorization of ``M̃ = D_p^{1/2} M D_q^{1/2}`` mapped back to ``M``:
    ``(D_p^{-1/2} Û Q, D_q^{-1/2} V̂ Q)`` with ``(Û, V̂)`` the balanced factors of ``M̃`` and ``Q``
    equalizing ``ÛᵀÛ``.  It attains ``sum_j ||D_p^{1/2}u_j||^2 ||D_q^{1/2}v_j||^2 = ||M̃||_*^2 / d1``.
    Needs positive weights and ``rank(M) <= d1``."""
    row_weights, col_weights = np.asarray(row_weights, dtype=float), np.asarray(col_weights, dtype=float)
    if row_weights.min() <= 0 or col_weights.min() <= 0:
        raise ValueError("optimal_factors needs positive row and column weights")
    rp, rq = np.sqrt(row_weights), np.sqrt(col_weights)
    Uh, Vh = balanced_factors(rp[:, None] * np.asarray(M, dtype=float) * rq[None, :], d1)
    Q = equalizing_rotation(Uh.T @ Uh)
    return (Uh @ Q) / rp[:, None], (Vh @ Q) / rq[:, None]


def column_norm_products(U: Array, V: Array) -> Array:
    """``(||u_j|| ||v_j||)_j`` for the columns of ``U`` and ``V``."""
    U, V = _factors(np.asarray(U, dtype=float), np.asarray(V, dtype=float))
    return np.linalg.norm(U, axis=0) * np.linalg.norm(V, axis=0)


# --- networks: features, top-layer dropout, path norms ----------------------------------------------

def relu(z: Any) -> Any:
    return z if z > 0 else z * 0


ACTIVATIONS: dict[str, Callable[[Any], Any]] = {
    "relu": relu,
    "identity": lambda z: z,
    "square": lambda z: z * z,
    "leaky": lambda z: z if z > 0 else z / 4,
}
"""Entrywise activations that keep rational inputs rational."""


def _activation(name: str) -> Callable[[Any], Any]:
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[name]


def _chain(weights: Sequence[Array]) -> list[Array]:
    ws = [np.asarray(W, dtype=object) for W in weights]
    if not ws or any(W.ndim != 2 for W in ws):
        raise ValueError("weights must be a non-empty list of matrices W_1, ..., W_k")
    for a, b in zip(ws, ws[1:]):
        if b.shape[1] != a.shape[0]:
            raise ValueError(f"layer shapes do not chain: {a.shape} then {b.shape}")
    return ws


def layer_outputs(weights: Sequence[Array], x: Array, activation: str = "relu") -> list[Array]:
    """``[h_0, ..., h_{k-1}]`` with ``h_0 = x`` and ``h_l = σ(W_l h_{l-1})`` (the hidden layers of
    ``f(x) = W_k h_{k-1}``)."""
    ws = _chain(weights)
    s = np.vectorize(_activation(activation), otypes=[object])
    h = [np.asarray(x, dtype=object)]
    for W in ws[:-1]:
        h.append(s(W @ h[-1]))
    return h


def network_output(weights: Sequence[Array], x: Array, activation: str = "relu") -> Array:
    """``f(x) = W_k σ(W_{k-1} ⋯ σ(W_1 x))`` (no biases)."""
    ws = _chain(weights)
    return ws[-1] @ layer_outputs(ws, x, activation)[-1]


def network_dropout_risk(weights: Sequence[Array], xs: Sequence[Array], ys: Sequence[Array], p: Any,
                         activation: str = "relu", layer: int | None = None,
                         probs: Sequence[Any] | None = None, inverted: bool = True) -> Any:
    """``sum_i π_i E_B ||y_i - f_B(x_i)||^2`` where dropout multiplies the layer ``h_layer`` by
    ``B`` (default: the top hidden layer ``h_{k-1}``; ``layer = 0`` drops inputs), and ``π`` is the
    uniform empirical law or ``probs``; ``p = 0`` gives the plain risk."""
    ws = _chain(weights)
    k = len(ws)
    layer = k - 1 if layer is None else layer
    if not 0 <= layer <= k - 1:
        raise ValueError(f"dropout layer must lie in 0..{k - 1}, got {layer}")
    pis = _probs(len(xs), probs)
    s = np.vectorize(_activation(activation), otypes=[object])
    width = ws[layer].shape[1]
    total = 0
    for x, y, pi in zip(xs, ys, pis, strict=True):
        h = layer_outputs(ws, x, activation)[layer]
        for b, prob in dropout_masks(width, p, inverted):
            z = b * h
            for W in ws[layer:-1]:
                z = s(W @ z)
            r = np.asarray(y, dtype=object) - ws[-1] @ z
            total += pi * prob * (r @ r)
    return total


def top_layer_dropout_penalty(weights: Sequence[Array], xs: Sequence[Array], p: Any,
                              activation: str = "relu", probs: Sequence[Any] | None = None) -> Any:
    """``R̂(w) = λ sum_j ||W_k(:, j)||^2 â_j^2`` with ``â_j^2 = sum_i π_i a_j(x_i)^2`` the second
    moment of the ``j``-th top hidden unit (Prop. 11.2.1 of Arora et al.)."""
    ws = _chain(weights)
    pis = _probs(len(xs), probs)
    second = sum(pi * layer_outputs(ws, x, activation)[-1] ** 2 for x, pi in zip(xs, pis, strict=True))
    col = (ws[-1] * ws[-1]).sum(axis=0)
    return dropout_lambda(p) * (col * second).sum()


def path_norm_l1(weights: Sequence[Array]) -> Any:
    """``φ_1 = 1ᵀ|W_k| ⋯ |W_1| 1``, the sum over input–output paths of the product of |weights|."""
    ws = _chain(weights)
    v = np.ones(ws[0].shape[1], dtype=object)
    for W in ws:
        v = np.abs(W) @ v
    return v.sum()


def path_norm_l2_squared(weights: Sequence[Array]) -> Any:
    """``φ_2^2 = 1ᵀ(W_k∘W_k) ⋯ (W_1∘W_1) 1``, the sum over paths of the product of squared weights."""
    ws = _chain(weights)
    v = np.ones(ws[0].shape[1], dtype=object)
    for W in ws:
        v = (W * W) @ v
    return v.sum()


def rescale_neurons(weights: Sequence[Array], scalings: Sequence[Sequence[Any]]) -> list[Array]:
    """The rescaled network ``W_l -> D_l W_l D_{l-1}^{-1}`` for diagonal ``D_l`` on hidden layer ``l``
    (``D_0 = D_k = I``).  For positive scalings and ReLU this computes the same function."""
    ws = _chain(weights)
    if len(scalings) != len(ws) - 1:
        raise ValueError(f"need {len(ws) - 1} hidden-layer scalings, got {len(scalings)}")
    out = []
    for l, W in enumerate(ws):
        W = W.copy()
        if l < len(ws) - 1:
            c = np.asarray(scalings[l], dtype=object)
            if c.shape != (W.shape[0],) or any(v == 0 for v in c):
                raise ValueError(f"layer {l + 1} needs {W.shape[0]} nonzero scalings")
            W = c[:, None] * W
        if l > 0:
            W = W / np.asarray(scalings[l - 1], dtype=object)[None, :]
        out.append(W)
    return out


# --- modified equations -----------------------------------------------------------------------------

def quadratic_gd(H: Array, theta_star: Array, theta0: Array, h: float, steps: int) -> Array:
    """GD ``θ_{j+1} = θ_j - h H (θ_j - θ*)`` on ``L = ½(θ-θ*)ᵀH(θ-θ*)``; returns all iterates."""
    H, ts = np.asarray(H, dtype=float), np.asarray(theta_star, dtype=float)
    th = np.array(theta0, dtype=float)
    out = [th.copy()]
    for _ in range(steps):
        th = th - h * (H @ (th - ts))
        out.append(th.copy())
    return np.array(out)


def quadratic_modified_flow(H: Array, theta_star: Array, theta0: Array, h: float, t: float,
                            coefficient: float = 0.25) -> Array:
    """``θ(t)`` for the gradient flow of ``L + c h ||∇L||^2`` (``c = coefficient``) on the quadratic
    ``L = ½(θ-θ*)ᵀH(θ-θ*)``, whose Hessian is ``H + 2 c h H^2``: ``θ* + exp(-t(H + 2chH^2))(θ0 - θ*)``."""
    H = np.asarray(H, dtype=float)
    lam, V = np.linalg.eigh((H + H.T) / 2)
    e0 = V.T @ (np.asarray(theta0, dtype=float) - theta_star)
    return np.asarray(theta_star, dtype=float) + V @ (np.exp(-t * (lam + 2 * coefficient * h * lam ** 2)) * e0)


def modified_field(L: sp.Poly, variables: Sequence[sp.Symbol], h: sp.Symbol, coefficient: Any) -> list[sp.Poly]:
    """``-∇(L + c h ||∇L||^2) = -∇L - 2 c h ∇²L ∇L`` as polynomials in ``(θ, h)``."""
    g = [L.diff(v) for v in variables]
    gens = L.gens
    hp = sp.Poly(h, *gens)
    out = []
    for gi in g:
        Hg = sum((gi.diff(v) * gj for v, gj in zip(variables, g)), sp.Poly(0, *gens))
        out.append(-gi - 2 * sp.Rational(coefficient) * hp * Hg)
    return out


def _truncate(p: sp.Poly, h_index: int, degree: int) -> sp.Poly:
    terms = {m: c for m, c in p.as_dict().items() if m[h_index] <= degree}
    return sp.Poly.from_dict(terms, *p.gens) if terms else sp.Poly(0, *p.gens)


def flow_taylor_coefficients(field: Sequence[sp.Poly], variables: Sequence[sp.Symbol], h: sp.Symbol,
                             order: int) -> list[list[sp.Poly]]:
    """``[c_0, ..., c_order]``: the coefficients of ``h^k`` in the time-``h`` flow map of
    ``dθ/dt = F(θ; h)``, as polynomials in ``θ`` (the Lie series ``φ_h = sum_n h^n/n! D_F^n id``
    with ``D_F g = (∂g) F``, re-expanded in the ``h`` that ``F`` itself contains)."""
    gens = field[0].gens
    if h not in gens or any(v not in gens for v in variables) or len(field) != len(variables):
        raise ValueError("the field must be polynomials in the variables and h, one per variable")
    hi = gens.index(h)
    cur = [sp.Poly(v, *gens) for v in variables]
    terms = [cur]
    for n in range(1, order + 1):
        cur = [_truncate(sum((ci.diff(v) * Fj for v, Fj in zip(variables, field)), sp.Poly(0, *gens)),
                         hi, order - n) for ci in cur]
        terms.append([ci * sp.Rational(1, factorial(n)) for ci in cur])
    coeffs = []
    for k in range(order + 1):
        ck = []
        for i in range(len(variables)):
            d: dict[tuple[int, ...], Any] = {}
            for n in range(k + 1):
                for m, c in terms[n][i].as_dict().items():
                    if m[hi] == k - n:
                        key = tuple(0 if j == hi else e for j, e in enumerate(m))
                        d[key] = d.get(key, 0) + c
            d = {m: c for m, c in d.items() if c != 0}
            ck.append(sp.Poly.from_dict(d, *gens) if d else sp.Poly(0, *gens))
        coeffs.append(ck)
    return coeffs


# --- minibatch SGD on finite sums -------------------------------------------------------------------

Gradient = Callable[[int, Array], Array]
"""``grad(i, θ)``: the gradient of the ``i``-th summand at ``θ``."""


def _batches(n: int, batch: int) -> list[tuple[int, ...]]:
    if not 1 <= batch <= n:
        raise ValueError(f"batch size must lie in 1..{n}, got {batch}")
    return list(combinations(range(n), batch))


def batch_gradient(grad: Gradient, B: Sequence[int], theta: Array) -> Array:
    return sum((grad(i, theta) for i in B), np.zeros_like(theta)) / len(B)


def sgd_means(grad: Gradient, n: int, theta0: Array, h: Any, batch: int, steps: int) -> list[Array]:
    """``[E θ_0, ..., E θ_steps]`` for SGD ``θ_{j+1} = θ_j - h ∇L_{B_j}(θ_j)`` with ``B_j`` iid uniform
    among the ``batch``-subsets of ``{0..n-1}``, by enumerating every sequence of batches."""
    bs = _batches(n, batch)
    if len(bs) ** steps > MAX_ENUMERATION:
        raise ValueError(f"{len(bs)}^{steps} batch sequences are too many to enumerate")
    level = [(np.asarray(theta0, dtype=object), Fraction(1))]
    means = [level[0][0]]
    for _ in range(steps):
        level = [(th - h * batch_gradient(grad, B, th), prob / len(bs)) for th, prob in level for B in bs]
        means.append(sum((prob * th for th, prob in level), np.zeros_like(means[0])))
    return means


def gd_iterates(grad: Gradient, n: int, theta0: Array, h: Any, steps: int) -> list[Array]:
    """Full-batch GD ``θ_{j+1} = θ_j - h ∇L(θ_j)``, ``L = (1/n) sum_i L_i``."""
    out = [np.asarray(theta0, dtype=object)]
    for _ in range(steps):
        out.append(out[-1] - h * batch_gradient(grad, range(n), out[-1]))
    return out


def minibatch_gradient_variance(grad: Gradient, n: int, theta: Array, batch: int) -> Any:
    """``σ^2(θ) = E_B ||∇L_B(θ) - ∇L(θ)||^2`` over the uniform ``batch``-subsets."""
    bs = _batches(n, batch)
    full = batch_gradient(grad, range(n), theta)
    return sum(((batch_gradient(grad, B, theta) - full) ** 2).sum() for B in bs) / len(bs)


def least_squares_noise_quadratic(X: Array, y: Array, batch: int) -> tuple[Array, Array, Any]:
    """``(A, β, γ)`` with ``σ^2(θ) = θᵀAθ - 2βᵀθ + γ`` for minibatch gradients of
    ``L = (1/n) sum_i ½(x_iᵀθ - y_i)^2``: with ``H_B = (1/|B|) sum_B x_i x_iᵀ`` and
    ``b_B = (1/|B|) sum_B y_i x_i``, ``A = E(H_B - H)^2``, ``β = E(H_B - H)(b_B - b)``, ``γ = E||b_B - b||^2``."""
    X, y = _design(X, y)
    n, d = X.shape
    bs = _batches(n, batch)
    H = X.T @ X / n
    b = X.T @ y / n
    A = np.zeros((d, d), dtype=object) + Fraction(0)
    beta = np.zeros(d, dtype=object) + Fraction(0)
    gamma = Fraction(0)
    for B in bs:
        XB, yB = X[list(B)], y[list(B)]
        dH = XB.T @ XB / len(B) - H
        db = XB.T @ yB / len(B) - b
        A, beta, gamma = A + dH @ dH, beta + dH @ db, gamma + db @ db
    return A / len(bs), beta / len(bs), gamma / len(bs)


# --- descent on the interpolation manifold ----------------------------------------------------------

def interpolation_manifold(X: Array, y: Array) -> tuple[Array, Array]:
    """``(w*, P_N)`` for a full-row-rank rational ``X``: the minimum-norm interpolant
    ``w* = Xᵀ(XXᵀ)^{-1} y`` and the projector ``P_N = I - Xᵀ(XXᵀ)^{-1}X`` onto ``null(X)``, exactly."""
    X, y = _design(as_fractions(X), as_fractions(y))
    n, d = X.shape
    if rank_exact(X) != n:
        raise ValueError("interpolation_manifold needs X of full row rank")
    G = X @ X.T
    Ginv = np.array([solve_exact(G, e) for e in np.eye(n, dtype=int).astype(object)], dtype=object).T
    w_star = X.T @ (Ginv @ y)
    P = as_fractions(np.eye(d, dtype=int)) - X.T @ Ginv @ X
    return w_star, P


def manifold_descent(P: Array, w0: Array, eta: Any, steps: int) -> list[Array]:
    """Projected gradient descent of ``Ω(w) = ½||w||^2`` along ``w0 + null(X)``:
    ``w_{j+1} = w_j - η P_N w_j``; returns all iterates."""
    out = [np.asarray(w0, dtype=object)]
    for _ in range(steps):
        out.append(out[-1] - eta * (P @ out[-1]))
    return out
