"""Strategies for the PAC-Bayes claims: classes of hypotheses with independent Bernoulli losses and
a prior over them, finite distributions with a function on them, and Gaussian exponents.

Families of classes: one fair coin (the single hypothesis where Hoeffding is tightest), many fair
coins (``2^j`` independent fair hypotheses, where the supremum of the gaps is largest), and a few
groups with rational loss probabilities and a non-uniform prior.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import strategies as st

SEEDS = st.integers(0, 2**32 - 1)
LEVELS = (2, 3, 4, 5, 10, 100)
"""The confidence levels ``δ = 1/q`` drawn."""


@dataclass(frozen=True)
class BernoulliClass:
    """Groups of hypotheses: group ``g`` has ``sizes[g]`` hypotheses whose losses are i.i.d.
    ``Bernoulli(p[g])`` (independent across hypotheses and draws), each of prior mass ``prior[g]``;
    ``n`` draws and confidence ``δ = 1/q``."""

    p: tuple[Fraction, ...]
    sizes: tuple[int, ...]
    prior: tuple[Fraction, ...]
    n: int
    q: int
    name: str = ""

    def __post_init__(self) -> None:
        if not (len(self.p) == len(self.sizes) == len(self.prior)) or not self.p:
            raise ValueError("p, sizes and prior need one entry per group")
        if sum(N * w for N, w in zip(self.sizes, self.prior)) != 1 or min(self.prior) <= 0:
            raise ValueError(f"the prior masses must be positive and sum to 1, got {self.prior}")
        if self.n < 2 or self.q < 2:
            raise ValueError(f"need n >= 2 and delta = 1/q < 1, got n={self.n}, q={self.q}")

    def __repr__(self) -> str:
        groups = ", ".join(f"{N} x Bernoulli({p}) prior {w}" for p, N, w in zip(self.p, self.sizes, self.prior))
        return f"BernoulliClass({self.name}; n={self.n}, delta=1/{self.q}; {groups})"


def fair_coin(n_min: int = 2, n_max: int = 200, levels: tuple[int, ...] = LEVELS) -> st.SearchStrategy[BernoulliClass]:
    return st.builds(lambda n, q: BernoulliClass((Fraction(1, 2),), (1,), (Fraction(1),), n, q, "one fair coin"),
                     st.integers(n_min, n_max), st.sampled_from(levels))


def fair_coins(j_min: int = 1, j_max: int = 16, n_min: int = 2, n_max: int = 60) -> st.SearchStrategy[BernoulliClass]:
    """``2^j`` independent fair hypotheses under the uniform prior."""
    return st.builds(lambda j, n, q: BernoulliClass((Fraction(1, 2),), (2**j,), (Fraction(1, 2**j),), n, q,
                                                    f"2^{j} fair coins"),
                     st.integers(j_min, j_max), st.integers(n_min, n_max), st.sampled_from(LEVELS))


@st.composite
def bernoulli_groups(draw: st.DrawFn) -> BernoulliClass:
    """Up to 3 groups, rational loss probabilities, sizes ``2^j``, prior ``∝`` integer weights."""
    G = draw(st.integers(1, 3))
    p, sizes, weights = [], [], []
    for _ in range(G):
        b = draw(st.integers(2, 8))
        p.append(Fraction(draw(st.integers(0, b)), b))
        sizes.append(2 ** draw(st.integers(0, 10)))
        weights.append(draw(st.integers(1, 4)))
    total = sum(N * w for N, w in zip(sizes, weights))
    prior = tuple(Fraction(w, total) for w in weights)
    return BernoulliClass(tuple(p), tuple(sizes), prior, draw(st.integers(2, 80)), draw(st.sampled_from(LEVELS)),
                          "groups")


def bernoulli_classes() -> st.SearchStrategy[BernoulliClass]:
    return st.one_of(fair_coin(), fair_coins(), bernoulli_groups())


@dataclass(frozen=True)
class Coin:
    """A Bernoulli(p) loss, ``m`` draws."""

    p: Fraction
    m: int

    def __repr__(self) -> str:
        return f"Coin(p={self.p}, m={self.m})"


def coins(m_max: int = 2000) -> st.SearchStrategy[Coin]:
    """Fair coins at large ``m`` (where ``E e^{(m/2)Δ²}`` approaches ``2/√3``) and rational ``p``."""
    rational = st.builds(lambda b, a, m: Coin(Fraction(min(a, b), b), m),
                         st.integers(1, 20), st.integers(0, 20), st.integers(1, m_max))
    return st.one_of(st.builds(lambda m: Coin(Fraction(1, 2), m), st.integers(1, m_max)), rational)


@dataclass(frozen=True)
class Tilted:
    """Distributions ``P`` (full support) and ``Q`` on ``k`` points and a function ``φ``."""

    P: np.ndarray
    Q: np.ndarray
    phi: np.ndarray
    family: str

    def __repr__(self) -> str:
        with np.printoptions(precision=6, suppress=True):
            return f"Tilted({self.family}; P={self.P}, Q={self.Q}, phi={self.phi})"


@st.composite
def tilted(draw: st.DrawFn, families: tuple[str, ...] = ("gibbs", "random", "partial support")) -> Tilted:
    """``Q`` is the Gibbs posterior ``∝ P e^φ``, a random full-support law, or a law vanishing on
    some points (``Q ≪ P`` always, since ``P`` has full support)."""
    rng = np.random.default_rng(draw(SEEDS))
    k = draw(st.integers(2, 10))
    scale = draw(st.sampled_from((0.1, 1.0, 3.0, 10.0)))
    P = rng.dirichlet(np.ones(k) * draw(st.sampled_from((0.3, 1.0, 5.0))))
    P = np.maximum(P, 1e-6)
    P /= P.sum()
    phi = rng.normal(size=k) * scale
    family = draw(st.sampled_from(families))
    if family == "gibbs":
        w = P * np.exp(phi - phi.max())
    elif family == "random":
        w = rng.dirichlet(np.ones(k))
    else:
        w = rng.dirichlet(np.ones(k)) * (rng.random(k) < 0.5)
        if not w.any():
            w[rng.integers(k)] = 1.0
    return Tilted(P, w / w.sum(), phi, family)


@dataclass(frozen=True)
class GDRun:
    """Gradient descent on ``½‖Xw - y‖²`` (``X``: n × d, ``n < d``) with step ``η = c/λ_max(XᵀX)``,
    ``T`` steps, from ``w0 ~ N(0, I_d)``."""

    X: np.ndarray
    y: np.ndarray
    c: float
    T: int

    def __repr__(self) -> str:
        with np.printoptions(precision=4, suppress=True):
            return f"GDRun(c={self.c}, T={self.T}, X={self.X}, y={self.y})"


@st.composite
def gd_runs(draw: st.DrawFn, zero_labels: bool = False) -> GDRun:
    rng = np.random.default_rng(draw(SEEDS))
    n = draw(st.integers(1, 4))
    d = n + draw(st.integers(1, 4))
    X = rng.normal(size=(n, d))
    y = np.zeros(n) if zero_labels else rng.normal(size=n)
    return GDRun(X, y, draw(st.sampled_from((0.1, 0.5, 0.9))), draw(st.integers(1, 60)))
