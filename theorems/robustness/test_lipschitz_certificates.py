"""Lipschitz-margin certificates, scale invariance of robustness, and conflicting points.

Statement.
- Let ``f : R^d → R^K`` and ``y = argmax_k f_k(x)``.  If each margin ``m_j = f_y - f_j`` is
  ``L_j``-Lipschitz in ``‖·‖₂``, then ``m_j(x') >= m_j(x) - L_j‖x' - x‖₂``, so the prediction is
  constant on the ball of radius ``min_j m_j(x)/L_j``.  For ``f = W_L σ(… σ(W_1 x + b_1) …) + b_L``
  with 1-Lipschitz ``σ``: ``L_j <= ‖W_Lᵀ(e_y - e_j)‖₂ Π_{l<L}‖W_l‖₂`` and ``L_j <= √2 Π_l ‖W_l‖₂``,
  the latter giving the radius ``(f_y - max_{j≠y} f_j)/(√2 Π‖W_l‖₂)``.  Both are tight for affine maps
  (the ``√2`` form for the antisymmetric pair ``(uᵀx, -uᵀx)``).
- Binary ``sign(g)``: the ``ℓ_p`` robust radius of ``g(x) = c(wᵀx + b)`` is ``|g(x)|/Lip_p(g)``,
  ``Lip_p(g) = c‖w‖_q``, the same for every ``c > 0``: robustness depends on margin/Lipschitz, not on
  the Lipschitz constant alone ("a robust network must have a small Lipschitz constant" is false).
- If ``x, x'`` have opposite labels and ``‖x - x'‖ <= 2ε``, no classifier is ε-robust and correct at
  both; on a finite set, robust accuracy ``<= n - ν``, ``ν`` the maximum matching of the conflict
  graph (opposite labels within ``2ε``).

Sources.  Zhao, *From Approximation to Emergence*, proof under Fig. 13.8 (ZHAO-121); Teng, Wang,
Zhang, §2.1 and §2.3 (TENG-6 (a)-(b); (c) audited; TENG-10); *MSML* Ch. 24, line 1576 (MSML-328).

Proof idea.  ``m_j(x') >= m_j(x) - L_j‖x' - x‖ > 0`` inside the radius.  The margin's Jacobian is
``(e_y - e_j)ᵀ W_L D_{L-1} W_{L-1} … D_1 W_1`` with diagonal ``0 <= D <= I``, and ``‖e_y - e_j‖₂ = √2``.
Robust correctness at both ends of a conflicting pair would put the midpoint in both classes;
distinct matched pairs are disjoint, so each costs one point.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

from checks.claim import Check, Claim, Mutant, Source, equal, ge, holds, le
from checks.documents import MSML, TENG, ZHAO
from checks.network_lipschitz import spectral_product
from checks.robustness import norm, vertex_max
from checks.strategies.robustness import (LabelledSet, LinearModel, MarginNet, conflict_sets,
                                          linear_models, margin_nets)

INF = math.inf
U = np.finfo(float).eps
SQRT2 = math.sqrt(2)


# --- claim 1: the margin certificate on networks ----------------------------------------------------

def _forward(net: MarginNet, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``f(x)`` and the Jacobian ``J_f(x)`` of the ReLU network (exact activation pattern)."""
    J = np.eye(len(x))
    h = x
    for W, b in zip(net.weights[:-1], net.biases[:-1]):
        pre = W @ h + b
        mask = (pre > 0).astype(float)
        h, J = np.maximum(pre, 0), (mask[:, None] * W) @ J
    return net.weights[-1] @ h + net.biases[-1], net.weights[-1] @ J


def _constants(net: MarginNet, y: int) -> tuple[np.ndarray, float, float]:
    """Per-margin ``L_j``, the global ``Π‖W_l‖₂``, and the bound for the single logit ``f_y``."""
    K = net.weights[-1].shape[0]
    head = spectral_product(net.weights[:-1]) if len(net.weights) > 1 else 1.0
    E = np.eye(K)
    Lj = np.array([np.linalg.norm(net.weights[-1].T @ (E[y] - E[j])) * head for j in range(K)])
    return Lj, spectral_product(net.weights), float(np.linalg.norm(net.weights[-1][y])) * head


def _tol(net: MarginNet, t: float) -> float:
    # forward rounding: each layer adds <= (width + 2) u relative error to |W||h| + |b|;
    # bounded by 16 (sum of widths + depth) u Π(||W||_F + ||b|| + 1)(1 + ||x|| + t), twice (x and x')
    widths = sum(W.shape[0] + W.shape[1] for W in net.weights) + len(net.weights)
    scale = np.prod([np.linalg.norm(W) + np.linalg.norm(b) + 1 for W, b in zip(net.weights, net.biases)])
    return 32 * widths * U * float(scale) * (1 + float(np.linalg.norm(net.x)) + t)


def _margin_checks(net: MarginNet, lipschitz) -> list[Check]:
    """For each ``j ≠ y`` and distance ``t = s·r`` (``r`` the per-margin certified radius): the margin at
    ``x - t v`` (``v`` the normalized margin gradient, the locally worst direction) and at ``x + t u``
    (``u`` random) stays above ``m_j(x) - L t`` for the constant ``L = lipschitz(j)``."""
    fx, J = _forward(net, net.x)
    y = int(np.argmax(fx))
    Lj, _, _ = _constants(net, y)
    K = len(fx)
    r = min((fx[y] - fx[j]) / Lj[j] for j in range(K) if j != y)
    rng = np.random.default_rng(net.seed)
    out = []
    for j in range(K):
        if j == y:
            continue
        m0 = fx[y] - fx[j]
        g = J[y] - J[j]
        dirs = [-g / np.linalg.norm(g)] if np.linalg.norm(g) > 0 else []
        u = rng.standard_normal(len(net.x))
        dirs.append(u / np.linalg.norm(u))
        L = lipschitz(net, y, j)
        for s in net.fractions:
            t = s * r
            for v in dirs:
                f1, _ = _forward(net, net.x + t * v)
                out.append(ge(f1[y] - f1[j], m0 - L * t, tol=_tol(net, t),
                              label=f"m_{j}(x') >= m_{j}(x) - L ||x' - x|| (t = {s:.3g} r)",
                              why="32 (widths) u prod(||W||_F + ||b|| + 1)(1 + ||x|| + t)"))
                if s < 1 and r > 0:
                    out.append(ge(f1[y] - f1[j], 0.0, tol=_tol(net, t), label="prediction unchanged inside r",
                                  why="forward rounding bound"))
    return out


def per_margin(net, y, j):
    return _constants(net, y)[0][j]


def certificate(net: MarginNet) -> list[Check]:
    return (_margin_checks(net, per_margin)
            + _margin_checks(net, lambda n, y, j: SQRT2 * _constants(n, y)[1]))


CERTIFICATE = Claim(
    id="lipschitz-margin-certificate",
    title="Lipschitz-margin certificate: the prediction is constant within margin / Lipschitz constant",
    statement="for a ReLU network f with y = argmax f(x) and margins m_j = f_y - f_j: m_j(x') >= m_j(x) - "
              "L_j ||x' - x||_2 with L_j = ||W_L^T (e_y - e_j)|| prod_{l<L} ||W_l||_2 <= sqrt(2) prod_l "
              "||W_l||_2, so argmax f is constant on the l_2 ball of radius min_j m_j(x)/L_j (>= margin/"
              "(sqrt(2) prod ||W_l||_2))",
    sources=[Source(ZHAO, "proof under Fig. 13.8", ("ZHAO-121",)),
             Source(TENG, "§2.1 and §2.3 item 2 (parts (a), (b))", ("TENG-6",)),
             Source(MSML, "Ch. 24, line 1576", ("MSML-328",))],
    kind="numeric",
    area="robustness",
    instances=margin_nets(),
    conclusion=certificate,
    proof_idea="The margin's Jacobian is (e_y - e_j)^T W_L D ... D W_1 with 0 <= D <= I, of norm at most "
               "||W_L^T (e_y - e_j)|| prod ||W_l|| <= sqrt(2) prod ||W_l||; integrate along the segment.",
    mutants=[
        Mutant("drop-sqrt2", "the margin f_y - f_j is sqrt(2) L-Lipschitz, not L: the antisymmetric pair "
               "(u.x, -u.x) loses margin 2||u|| per unit step while prod ||W|| = sqrt(2)||u||",
               conclusion=lambda n: _margin_checks(n, lambda m, y, j: _constants(m, y)[1])),
        Mutant("radius-doubled", "an affine margin decreases at exactly its gradient norm L_j along the "
               "gradient, so L_j/2 is violated", conclusion=lambda n: _margin_checks(
                   n, lambda m, y, j: per_margin(m, y, j) / 2)),
        Mutant("logit-lipschitz-only", "the Lipschitz constant of f_y alone ignores the decrease of the "
               "competing logit (the antisymmetric pair doubles the rate)",
               conclusion=lambda n: _margin_checks(n, lambda m, y, j: _constants(m, y)[2])),
    ],
    examples=40,
)
test_lipschitz_margin_certificate = CERTIFICATE.test()


# --- claim 2: binary certificates are scale invariant ---------------------------------------------------

def _radius(m: LinearModel, c: Fraction) -> Fraction:
    """The exact l_inf robust radius of sign(c (w.x + b)): |g(x)| / max_{||d||_inf <= 1} <c w, d>."""
    gx = c * (sum((a * t for a, t in zip(m.w, m.x)), Fraction(0)) + m.b)
    return abs(gx) / vertex_max([c * a for a in m.w], 1, INF)


def _lip(m: LinearModel, c: Fraction) -> Fraction:
    return c * norm(m.w, 1)


def scale_invariance(inst: tuple[LinearModel, Fraction]) -> list[Check]:
    m, c = inst
    gx = c * (sum((a * t for a, t in zip(m.w, m.x)), Fraction(0)) + m.b)
    return [equal(_radius(m, c), abs(gx) / _lip(m, c), label="exact radius = |g(x)| / Lip_inf(g)"),
            equal(_radius(m, c), _radius(m, Fraction(1)), label="radius of c g = radius of g")]


def doubled_binary(inst: tuple[LinearModel, Fraction]) -> Check:
    m, c = inst
    gx = c * (sum((a * t for a, t in zip(m.w, m.x)), Fraction(0)) + m.b)
    return le(2 * abs(gx) / _lip(m, c), _radius(m, c), label="2 |g(x)| / L <= exact radius")


def lipschitz_alone(inst: tuple[LinearModel, Fraction]) -> Check:
    m, c = inst
    return equal(_radius(m, c), 1 / _lip(m, c), label="radius = 1 / Lip(g)")


SCALES = st.fractions(min_value=Fraction(1, 100), max_value=100, max_denominator=100).filter(lambda c: c != 1)
SCALED = st.tuples(linear_models(ps=(INF,)), SCALES)

SCALE = Claim(
    id="binary-certificate-scale-invariance",
    title="Binary margin certificate: radius |g(x)|/Lip(g), invariant under g -> c g",
    statement="for g(x) = c (w.x + b), c > 0, the exact l_inf robust radius of sign(g) at x is |g(x)|/Lip_inf(g) "
              "with Lip_inf(g) = c ||w||_1, the same for every c",
    sources=[Source(TENG, "§2.3 item 2 (b), and the correction of (c)", ("TENG-6",))],
    kind="exact",
    area="robustness",
    instances=SCALED,
    conclusion=scale_invariance,
    proof_idea="The worst l_inf perturbation of size t moves g by t c ||w||_1 (dual norm); c cancels in "
               "|g(x)| / (c ||w||_1).",
    mutants=[Mutant("binary-radius-doubled", "for a linear g the certificate |g|/L is the exact distance to "
                    "the boundary, so twice it is not certified", conclusion=doubled_binary),
             Mutant("radius-from-lipschitz-alone", "the radius depends on |g(x)|, not on L alone",
                    conclusion=lipschitz_alone)],
    examples=40,
)
test_binary_certificate_scale_invariance = SCALE.test()


def smaller_lipschitz_more_robust(inst: tuple[LinearModel, Fraction]) -> Check:
    m, c = inst
    small, large = (c, Fraction(1)) if c < 1 else (Fraction(1), c)
    # exact radius |g(x)|/Lip(g), as checked by binary-certificate-scale-invariance
    gx = sum((a * t for a, t in zip(m.w, m.x)), Fraction(0)) + m.b
    rs, rl = abs(small * gx) / _lip(m, small), abs(large * gx) / _lip(m, large)
    return holds(rs > rl, "the smaller Lipschitz constant has the larger robust radius",
                 f"Lip {_lip(m, small)} radius {rs}; Lip {_lip(m, large)} radius {rl}")


SCALE_AUDIT = Claim(
    id="teng-robust-needs-small-lipschitz-as-printed",
    title="TENG-6 (c) as printed: a robust network must have a small Lipschitz constant",
    statement="of two classifiers sign(g) and sign(c g), the one whose score has the larger Lipschitz "
              "constant is strictly less robust at x",
    sources=[Source(TENG, "§2.3 item 2, line 273", ("TENG-6",))],
    kind="exact",
    area="robustness",
    instances=SCALED,
    conclusion=smaller_lipschitz_more_robust,
    proof_idea="(as printed) a large Lipschitz constant lets a small perturbation change the output a lot.",
    audit=True,
    corrected="binary-certificate-scale-invariance",
    finding="sign(c g) = sign(g), so both have the same robust radius although Lip(c g) = c Lip(g) is "
            "arbitrary; what matters is the ratio |g(x)|/Lip(g).",
    examples=20,
)
test_teng_robust_needs_small_lipschitz_as_printed = SCALE_AUDIT.test()


# --- claim 3: conflicting points and maximum matchings ---------------------------------------------------

def _edges(s: LabelledSet, radius: Fraction) -> list[tuple[int, int]]:
    n = len(s.points)
    return [(i, k) for i, k in itertools.combinations(range(n), 2)
            if s.labels[i] != s.labels[k] and max(abs(a - b) for a, b in zip(s.points[i], s.points[k])) <= radius]


def _matching(edges: list[tuple[int, int]]) -> int:
    """Maximum matching size by exhaustive recursion (small graphs)."""
    if not edges:
        return 0
    (i, k), rest = edges[0], edges[1:]
    return max(_matching(rest), 1 + _matching([e for e in rest if i not in e and k not in e]))


def _robust_count(s: LabelledSet, w, b) -> int:
    eps = s.eps[0]
    return sum(y * (sum((a * t for a, t in zip(w, x)), Fraction(0)) + b) > eps * norm(w, 1)
               for x, y in zip(s.points, s.labels))


def conflicts(s: LabelledSet, bound=None) -> list[Check]:
    n = len(s.points)
    nu = _matching(_edges(s, 2 * s.eps[0])) if bound is None else bound(s)
    return [le(_robust_count(s, w, b), n - nu, label="robust training accuracy <= n - matching(2 eps)")
            for w, b in s.classifiers]


CONFLICTS = Claim(
    id="robust-accuracy-conflict-matching",
    title="Opposite labels within 2 eps: robust accuracy <= n - maximum matching of the conflict graph",
    statement="in l_inf, if x, x' have opposite labels and ||x - x'|| <= 2 eps, no classifier is eps-robust "
              "and correct at both; on n labelled points every classifier has at most n - nu robustly "
              "correct points, nu the maximum matching of the conflict graph",
    sources=[Source(TENG, "§2.3 item 1 and §2.2.2", ("TENG-10",))],
    kind="exact",
    area="robustness",
    instances=conflict_sets(),
    conclusion=conflicts,
    proof_idea="The midpoint of a conflicting pair lies in both eps-balls and would need both labels; "
               "a matching is a set of disjoint pairs, each containing a non-robust point.",
    mutants=[
        Mutant("conflict-threshold-4eps", "opposite points at distance 3 eps split at their midpoint are "
               "robust at both", conclusion=lambda s: conflicts(s, lambda t: _matching(_edges(t, 4 * t.eps[0])))),
        Mutant("count-conflicting-pairs", "a star of k conflicts around one point costs one point, not k",
               conclusion=lambda s: conflicts(s, lambda t: len(_edges(t, 2 * t.eps[0])))),
    ],
    examples=60,
)
test_robust_accuracy_conflict_matching = CONFLICTS.test()
