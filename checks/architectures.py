"""Exact building blocks for architecture theorems: rational ReLU MLPs with hand-written reverse mode and
forward-mode (dual-number) gradients, operation counts of backpropagation on a linear DAG, circular
convolutions and cyclic shifts, sum-aggregation message passing, and exact expectations over sign-symmetric
weights.  Everything works on ``fractions.Fraction`` (or int) entries, so identities hold with ``==``."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

Matrix = tuple[tuple[Fraction, ...], ...]
Vector = tuple[Fraction, ...]


def _shape(W: Matrix) -> tuple[int, int]:
    if not W or not W[0] or any(len(r) != len(W[0]) for r in W):
        raise ValueError("a matrix needs equal, nonempty rows")
    return len(W), len(W[0])


def matvec(W: Matrix, x: Sequence) -> list:
    """``W x``."""
    if _shape(W)[1] != len(x):
        raise ValueError(f"shape mismatch: {_shape(W)} times {len(x)}")
    return [sum((a * b for a, b in zip(row, x)), Fraction(0)) for row in W]


def matmul(A: Sequence[Sequence], B: Sequence[Sequence]) -> list[list]:
    """``A B`` for lists of rows."""
    if len(A[0]) != len(B):
        raise ValueError(f"shape mismatch: {len(A)}x{len(A[0])} times {len(B)}x{len(B[0])}")
    return [[sum((A[i][k] * B[k][j] for k in range(len(B))), Fraction(0)) for j in range(len(B[0]))]
            for i in range(len(A))]


def transpose(A: Sequence[Sequence]) -> list[list]:
    return [list(c) for c in zip(*A)]


def relu(x):
    return x if x > 0 else 0 * x


def relu_prime(x) -> int:
    """Derivative of ReLU with the convention ``relu'(0) = 0`` (the one torch uses)."""
    return 1 if x > 0 else 0


# ------------------------------------------------------------------------------------------------ MLPs
@dataclass(frozen=True)
class Mlp:
    """``f(x) = W_L relu(W_{L-1} ... relu(W_1 x))`` with a 1-row last layer (scalar output)."""

    weights: tuple[Matrix, ...]

    def __post_init__(self) -> None:
        if not self.weights:
            raise ValueError("an MLP needs at least one layer")
        for a, b in zip(self.weights, self.weights[1:]):
            if _shape(a)[0] != _shape(b)[1]:
                raise ValueError("consecutive layer shapes do not chain")
        if _shape(self.weights[-1])[0] != 1:
            raise ValueError("the last layer must have one row (scalar output)")


def forward(net: Mlp, x: Sequence) -> tuple[list[list], list[list]]:
    """Pre-activations ``u_l = W_l h_{l-1}`` and activations ``h_l`` (``h_0 = x``; the last layer is linear).
    Returns ``(us, hs)`` with ``hs[0] = x`` and ``hs[L] = u_L``."""
    hs, us = [list(x)], []
    for l, W in enumerate(net.weights):
        u = matvec(W, hs[-1])
        us.append(u)
        hs.append(u if l == len(net.weights) - 1 else [relu(v) for v in u])
    return us, hs


@dataclass(frozen=True)
class Backprop:
    """Reverse-mode result: gradients ``dW_l = delta_l h_{l-1}^T``, node derivatives ``delta_l = ∂f/∂u_l``,
    and the number of scalar multiplications of the forward and the backward pass."""

    grads: tuple[list[list], ...]
    deltas: tuple[list, ...]
    hs: tuple[list, ...]
    forward_mults: int
    backward_mults: int


def backprop(net: Mlp, x: Sequence, transpose_adjoint: bool = True, pre_activation: bool = True) -> Backprop:
    """Backpropagation (the costate recursion ``lambda_{l-1} = W_l^T delta_l``, ``delta = relu'(u) * lambda``).

    ``transpose_adjoint=False`` uses ``W_l`` in place of ``W_l^T`` (for the square layers) and
    ``pre_activation=False`` uses ``∂f/∂h_l`` (no ``relu'(u_l)`` mask) in place of ``∂f/∂u_l``; both are
    deliberate errors used as mutants."""
    us, hs = forward(net, x)
    fwd = sum(len(W) * len(W[0]) for W in net.weights)
    L = len(net.weights)
    deltas: list = [None] * L
    grads: list = [None] * L
    lam = [Fraction(1)]
    back = 0
    for l in range(L - 1, -1, -1):
        if l == L - 1:
            delta = lam
        else:
            delta = [relu_prime(u) * g for u, g in zip(us[l], lam)] if pre_activation else lam
        deltas[l] = delta
        grads[l] = [[d * h for h in hs[l]] for d in delta]
        back += len(delta) * len(hs[l])
        if l > 0:
            W = net.weights[l]
            M = W if (not transpose_adjoint and len(W) == len(W[0])) else transpose(W)
            lam = matvec(tuple(map(tuple, M)), delta)
            back += len(W) * len(W[0])
    return Backprop(tuple(grads), tuple(deltas), tuple(hs), fwd, back)


def forward_mode_gradient(net: Mlp, x: Sequence) -> tuple[list[list], ...]:
    """``∂f/∂W_l[i][j]`` by dual numbers: one forward pass per parameter carrying ``(value, tangent)``."""
    out = []
    for l, W in enumerate(net.weights):
        g = [[Fraction(0)] * len(W[0]) for _ in W]
        for i, j in itertools.product(range(len(W)), range(len(W[0]))):
            val, tan = [Fraction(v) for v in x], [Fraction(0)] * len(x)
            for k, Wk in enumerate(net.weights):
                nv = matvec(Wk, val)
                nt = matvec(Wk, tan)
                if k == l:
                    nt[i] += val[j]
                if k < len(net.weights) - 1:
                    nt = [relu_prime(v) * t for v, t in zip(nv, nt)]
                    nv = [relu(v) for v in nv]
                val, tan = nv, nt
            g[i][j] = tan[0]
        out.append(g)
    return tuple(out)


# ------------------------------------------------------------------------------------------- linear DAG
@dataclass(frozen=True)
class Dag:
    """A linear computation graph on nodes ``0..n-1`` in topological order: ``u_v = sum_{(z, v)} w_e u_z``
    for non-leaf ``v``; the leaves are the nodes without incoming edges and the output is node ``n-1``."""

    n: int
    edges: tuple[tuple[int, int, Fraction], ...]   # (source z, target v, weight), z < v

    def __post_init__(self) -> None:
        if self.n < 2:
            raise ValueError("a DAG needs at least two nodes")
        for z, v, _ in self.edges:
            if not 0 <= z < v < self.n:
                raise ValueError(f"edge ({z}, {v}) is not forward in the topological order")


def dag_backprop(g: Dag) -> tuple[list, int]:
    """Algorithm 4 (message passing in reverse topological order): ``S = 1`` at the output, each node sends
    ``S * ∂u/∂z`` to each lower neighbour.  Returns ``(S, messages)``."""
    S = [Fraction(0)] * g.n
    S[-1] = Fraction(1)
    incoming: dict[int, list] = {}
    for z, v, w in g.edges:
        incoming.setdefault(v, []).append((z, w))
    messages = 0
    for v in range(g.n - 1, -1, -1):
        for z, w in incoming.get(v, ()):
            S[z] += S[v] * w
            messages += 1
    return S, messages


def dag_forward_mode(g: Dag) -> tuple[list, int]:
    """``∂f/∂u_z`` for every node ``z`` by forward accumulation from ``z`` (tangent 1 at ``z``, propagated along
    every edge leaving a reached node).  Returns ``(derivatives, multiply-adds)``."""
    outgoing: dict[int, list] = {}
    for z, v, w in g.edges:
        outgoing.setdefault(z, []).append((v, w))
    ders, cost = [], 0
    for src in range(g.n):
        t = [Fraction(0)] * g.n
        t[src] = Fraction(1)
        reached = [False] * g.n
        reached[src] = True
        for z in range(src, g.n):
            if reached[z]:
                for v, w in outgoing.get(z, ()):
                    t[v] += w * t[z]
                    reached[v] = True
                    cost += 1
        ders.append(t[-1])
    return ders, cost


# ----------------------------------------------------------------------------------- convolution / GNN
def circular_conv(x: Sequence, kernel: Sequence, stride: int = 1, circular: bool = True) -> list:
    """``y_i = sum_k kernel_k x_{(s i + k) mod n}`` (zero outside ``[0, n)`` when ``circular=False``)."""
    n = len(x)
    if stride < 1 or not kernel or n == 0:
        raise ValueError("need stride >= 1, a kernel and a signal")
    out = []
    for i in range(0, n, stride):
        acc = 0 * x[0]
        for k, c in enumerate(kernel):
            j = i + k
            if circular:
                acc += c * x[j % n]
            elif j < n:
                acc += c * x[j]
        out.append(acc)
    return out


def shift(x: Sequence, delta: int) -> list:
    """Cyclic shift ``(T_delta x)_i = x_{(i - delta) mod n}``."""
    n = len(x)
    return [x[(i - delta) % n] for i in range(n)]


def message_passing(A: Sequence[Sequence], H: Sequence[Sequence], W1: Sequence[Sequence],
                    W2: Sequence[Sequence]) -> list[list]:
    """One sum-aggregation layer ``H' = relu(A H W1 + H W2)`` (rows are nodes)."""
    pre = [[a + b for a, b in zip(r1, r2)] for r1, r2 in zip(matmul(matmul(A, H), W1), matmul(H, W2))]
    return [[relu(v) for v in row] for row in pre]


def graph_distances(A: Sequence[Sequence], source: int) -> list[float]:
    """Breadth-first distances from ``source`` along nonzero entries of ``A`` (``inf`` if unreachable)."""
    n = len(A)
    dist = [float("inf")] * n
    dist[source] = 0
    frontier = [source]
    while frontier:
        nxt = []
        for u in frontier:
            for v in range(n):
                if A[u][v] != 0 and dist[v] == float("inf"):
                    dist[v] = dist[u] + 1
                    nxt.append(v)
        frontier = nxt
    return dist


# ------------------------------------------------------------------------------ sign-symmetric weights
def sign_expectation(shapes: Sequence[tuple[int, int]], fn) -> Fraction:
    """``E fn(S_1, ..., S_k)`` over independent uniform sign matrices ``S_i in {-1, 1}^{shape_i}``,
    by enumeration of all ``2^(total entries)`` patterns (keep the total small)."""
    sizes = [r * c for r, c in shapes]
    total = sum(sizes)
    if total > 14:
        raise ValueError(f"{total} sign entries: enumeration too large")
    acc = Fraction(0)
    for bits in itertools.product((-1, 1), repeat=total):
        mats, pos = [], 0
        for (r, c) in shapes:
            mats.append(tuple(tuple(Fraction(bits[pos + i * c + j]) for j in range(c)) for i in range(r)))
            pos += r * c
        acc += fn(*mats)
    return acc / 2 ** total


def sq_norm(v: Sequence) -> Fraction:
    return sum((a * a for a in v), Fraction(0))


# ------------------------------------------------------------------------------------ encoder layer
def encoder_layer(X, Wq, Wk, Wv, W1, W2, causal: bool = False, eps: float = 1e-5):
    """A post-norm encoder layer ``H = LN(X + A(X))``, ``out = LN(H + relu(H W1) W2)`` with single-head
    softmax attention ``A(X) = softmax(X Wq (X Wk)^T / sqrt(d_k)) X Wv`` (float64 numpy arrays).

    Every reduction over tokens (the softmax normaliser and the weighted sum of values) is an exactly rounded
    sum (``math.fsum``), which does not depend on the order of the tokens; all other operations act on one
    token at a time.  So permuting the tokens permutes the computed output bit for bit."""
    import math

    import numpy as np

    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scores = (Q @ K.T) / math.sqrt(Wq.shape[1])
    A = np.empty_like(V)
    for i in range(n):
        allowed = [j for j in range(n) if not causal or j <= i]
        m = max(scores[i, j] for j in allowed)
        w = {j: math.exp(scores[i, j] - m) for j in allowed}
        z = math.fsum(w.values())
        A[i] = [math.fsum(w[j] * V[j, c] for j in allowed) / z for c in range(V.shape[1])]

    def ln(H):
        mu = H.mean(axis=1, keepdims=True)
        return (H - mu) / np.sqrt(((H - mu) ** 2).mean(axis=1, keepdims=True) + eps)

    H = ln(X + A)
    return ln(H + np.maximum(H @ W1, 0.0) @ W2)


# ------------------------------------------------------------------------------- second order (torch)
def tanh_mlp_residuals(theta, shapes: Sequence[tuple[int, int]], X, y):
    """Residuals ``r = f_theta(X) - y`` of a tanh MLP whose flat parameter vector ``theta`` holds the
    weight matrices of ``shapes`` (row-major); the last layer is linear."""
    if sum(r * c for r, c in shapes) != theta.shape[0]:
        raise ValueError("theta does not match the layer shapes")
    H, pos = X, 0
    for l, (r, c) in enumerate(shapes):
        W = theta[pos:pos + r * c].reshape(r, c)
        pos += r * c
        H = H @ W.T
        if l < len(shapes) - 1:
            H = H.tanh()
    return H.reshape(-1) - y


def hvp_double_backward(f, theta, v):
    """``∇²f(theta) v`` as the gradient of ``<∇f(theta), v>`` (reverse over reverse, no Hessian formed)."""
    import torch

    t = theta.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(f(t), t, create_graph=True)
    (hv,) = torch.autograd.grad(g @ v, t)
    return hv
