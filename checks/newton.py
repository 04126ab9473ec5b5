"""Newton's method and the natural gradient: exact Newton steps on rational polynomials, Fisher
information by its definition (an expectation over the model's labels), NLL Hessians by autograd, and
Newton/GD runs on regularized logistic regression with the constants of the quadratic-convergence bound.

- :class:`PolyObjective`: ``f(x) = ½xᵀAx - bᵀx + Σ_k c_k (a_kᵀx)^4`` with rational data; gradient, Hessian
  and Newton step exactly in SymPy (``A ≻ 0``, ``c_k >= 0`` keep the Hessian positive definite), and its
  pullback ``φ -> f(Bφ + s)`` under an invertible affine map.
- :func:`fisher_information` / :func:`nll_hessian_autograd`: for a binary GLM ``p(y = 1 | x) = F(xᵀθ)``
  with ``F`` the logistic (canonical link) or the normal CDF (probit).
- :func:`hessian_lipschitz_logistic`: ``M = Σ||x_i||³/(6√3 n)`` bounds ``||∇²f(u) - ∇²f(v)|| / ||u - v||``
  for the mean logistic loss (``|σ''| <= 1/(6√3)``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np
import sympy as sp
import torch

EPS = np.finfo(float).eps
device = "cuda" if torch.cuda.is_available() else "cpu"


def _rat(x) -> sp.Rational:
    x = Fraction(x)
    return sp.Rational(x.numerator, x.denominator)


# ------------------------------------------------------------------------------------- exact Newton
def newton_step_quadratic(A: Sequence[Sequence], b: Sequence, w: Sequence) -> sp.Matrix:
    """``w - A⁻¹(Aw - b)`` for ``f = ½wᵀAw - bᵀw`` (Hessian ``A``), exactly."""
    A_, b_, w_ = sp.Matrix([[_rat(x) for x in r] for r in A]), sp.Matrix([_rat(x) for x in b]), sp.Matrix([_rat(x) for x in w])
    if A_.det() == 0:
        raise ValueError("the Hessian is singular: the Newton step is undefined")
    return w_ - A_.LUsolve(A_ * w_ - b_)


def preconditioned_step(A: Sequence[Sequence], b: Sequence, w: Sequence, P: sp.Matrix) -> sp.Matrix:
    """``w - P(Aw - b)`` exactly."""
    A_, b_, w_ = sp.Matrix([[_rat(x) for x in r] for r in A]), sp.Matrix([_rat(x) for x in b]), sp.Matrix([_rat(x) for x in w])
    return w_ - P * (A_ * w_ - b_)


@dataclass(frozen=True)
class PolyObjective:
    """``½xᵀAx - bᵀx + Σ_k c_k (a_kᵀx)^4`` over the rationals."""

    A: tuple[tuple[Fraction, ...], ...]
    b: tuple[Fraction, ...]
    quartic: tuple[tuple[Fraction, tuple[Fraction, ...]], ...] = ()

    @property
    def dim(self) -> int:
        return len(self.b)

    def expr(self, xs: Sequence[sp.Expr]) -> sp.Expr:
        x = sp.Matrix(xs)
        A = sp.Matrix([[_rat(v) for v in r] for r in self.A])
        b = sp.Matrix([_rat(v) for v in self.b])
        out = (x.T * A * x)[0] / 2 - (b.T * x)[0]
        for c, a in self.quartic:
            out += _rat(c) * (sp.Matrix([_rat(v) for v in a]).T * x)[0] ** 4
        return sp.expand(out)


def _poly(expr: sp.Expr, xs: Sequence[sp.Symbol]) -> sp.Poly:
    return sp.Poly(expr, *xs, domain="QQ")


def newton_step(expr: sp.Expr, xs: Sequence[sp.Symbol], point: Sequence) -> sp.Matrix:
    """``x - ∇²f(x)⁻¹ ∇f(x)`` at a rational point, exactly."""
    p, vals = _poly(expr, xs), [_rat(v) for v in point]
    grads = [p.diff(s) for s in xs]
    g = sp.Matrix([q(*vals) for q in grads])
    H = sp.Matrix([[q.diff(s)(*vals) for s in xs] for q in grads])
    if H.det() == 0:
        raise ValueError("the Hessian is singular at this point")
    return sp.Matrix(vals) - H.LUsolve(g)


def gradient_at(expr: sp.Expr, xs: Sequence[sp.Symbol], point: Sequence) -> sp.Matrix:
    p, vals = _poly(expr, xs), [_rat(v) for v in point]
    return sp.Matrix([p.diff(s)(*vals) for s in xs])


def pullback(expr: sp.Expr, xs: Sequence[sp.Symbol], B: sp.Matrix, shift: sp.Matrix,
             phis: Sequence[sp.Symbol]) -> sp.Expr:
    """``φ -> f(Bφ + shift)`` as an expression in ``phis``."""
    if B.det() == 0:
        raise ValueError("the reparametrization must be invertible")
    image = B * sp.Matrix(phis) + shift
    return _poly(expr, xs).as_expr().subs(dict(zip(xs, list(image))), simultaneous=True)


# ------------------------------------------------------------------------------------- GLM geometry
def _link(model: str):
    if model == "logistic":
        return torch.sigmoid
    if model == "probit":
        return lambda z: 0.5 * torch.erfc(-z / math.sqrt(2))
    raise ValueError(f"unknown model {model!r}")


def _log_lik(model: str, X: torch.Tensor, theta: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """``Σ_i log p(labels_i | x_i; θ)`` with labels in {0, 1}."""
    F = _link(model)
    z = X @ theta
    if model == "logistic":                      # log σ(z) = -softplus(-z), computed stably
        lp1, lp0 = -torch.logaddexp(torch.zeros_like(z), -z), -torch.logaddexp(torch.zeros_like(z), z)
    else:
        p = F(z)
        lp1, lp0 = torch.log(p), torch.log1p(-p)
    return torch.sum(labels * lp1 + (1 - labels) * lp0)


def _tensors(X: np.ndarray, theta: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return (torch.tensor(X, dtype=torch.float64, device=device),
            torch.tensor(theta, dtype=torch.float64, device=device))


def _grad(f, theta: torch.Tensor) -> np.ndarray:
    t = theta.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(f(t), t)
    return g.cpu().numpy()


def score_outer(model: str, X: np.ndarray, theta: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """``Σ_i s_i s_iᵀ`` with ``s_i = ∇_θ log p(labels_i | x_i; θ)`` (autograd, one example at a time)."""
    Xt, th = _tensors(X, theta)
    out = np.zeros((X.shape[1], X.shape[1]))
    for i in range(X.shape[0]):
        lab = torch.tensor([float(labels[i])], dtype=torch.float64, device=device)
        s = _grad(lambda t: _log_lik(model, Xt[i:i + 1], t, lab), th)
        out += np.outer(s, s)
    return out


def model_probabilities(model: str, X: np.ndarray, theta: np.ndarray) -> np.ndarray:
    Xt, th = _tensors(X, theta)
    return _link(model)(Xt @ th).cpu().numpy()


def fisher_information(model: str, X: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """``Σ_i E_{y ~ p(·|x_i; θ)} s_i(y) s_i(y)ᵀ``: the Fisher information at the training inputs, by its
    definition (both labels enumerated, weighted by the model's probabilities)."""
    p = model_probabilities(model, X, theta)
    n = X.shape[0]
    out = np.zeros((X.shape[1], X.shape[1]))
    for i in range(n):
        for lab, w in ((1, p[i]), (0, 1 - p[i])):
            out += w * score_outer(model, X[i:i + 1], theta, np.array([lab]))
    return out


def nll_hessian_autograd(model: str, X: np.ndarray, theta: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The Hessian of ``-Σ log p(labels_i | x_i; θ)`` by autograd."""
    Xt, th = _tensors(X, theta)
    lab = torch.tensor(labels, dtype=torch.float64, device=device)
    return torch.autograd.functional.hessian(lambda t: -_log_lik(model, Xt, t, lab), th).cpu().numpy()


def nll_gradient_autograd(model: str, X: np.ndarray, theta: np.ndarray, labels: np.ndarray) -> np.ndarray:
    Xt, th = _tensors(X, theta)
    lab = torch.tensor(labels, dtype=torch.float64, device=device)
    return _grad(lambda t: -_log_lik(model, Xt, t, lab), th)


# ------------------------------------------------------------------------------------- logistic runs
def hessian_lipschitz_logistic(X: np.ndarray) -> float:
    """``Σ_i ||x_i||³ / (6√3 n)``: a Lipschitz constant of the Hessian of the mean logistic loss."""
    return float(np.sum(np.linalg.norm(X, axis=1) ** 3)) / (6 * math.sqrt(3) * X.shape[0])


def newton_iterates(obj, w0: np.ndarray, steps: int) -> list[np.ndarray]:
    """Pure Newton steps ``w - ∇²f(w)⁻¹∇f(w)`` (no damping) on an objective with ``grad`` and ``hessian``."""
    ws = [np.array(w0, dtype=float)]
    for _ in range(steps):
        w = ws[-1]
        ws.append(w - np.linalg.solve(obj.hessian(w), obj.grad(w)))
    return ws


def newton_step_error(obj, w: np.ndarray) -> float:
    """A bound on ``||computed step - exact Newton step from the computed w||``: the gradient error
    amplified by ``||H⁻¹|| <= 1/mu``, the Hessian's rounding ``(n + d + 4) eps L`` amplified by
    ``||H⁻¹|| ||step||``, the backward-stable solve (``4 d eps cond(H) ||step||``) and the subtraction
    (``eps (||w|| + ||step||)``)."""
    H = obj.hessian(w)
    n, d = obj.X.shape
    step = np.linalg.solve(H, obj.grad(w))
    ns = float(np.linalg.norm(step))
    return float(obj.grad_error(w) / obj.mu + (n + d + 4) * EPS * obj.L / obj.mu * ns
                 + 4 * d * EPS * np.linalg.cond(H) * ns + EPS * (np.linalg.norm(w) + ns))
