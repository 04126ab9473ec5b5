"""Strategies for kernel dynamics, feature maps, the spectrum of kernels and effective dimension.

All randomness comes from drawn seeds.  Families the search needs: residuals aligned with the
smallest or the largest eigenvector (where the decay bounds hold with equality), near-degenerate and
wide spectra, singular kernels, tiny regularization (where the effective-dimension asymptotics are
tight), exactly rational eigenbases (Cayley transforms) for the exact claims, rational points on the
unit sphere (inverse stereographic projection), and small networks with nonzero initial outputs,
antisymmetric doubling (``f_0 = 0``) or random features.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from checks.spectral_dynamics import MLP, cayley_orthogonal, fraction_matrix, random_relu_features
from checks.strategies.designs import haar_orthonormal

SEEDS = st.integers(0, 2**32 - 1)
SMALL = st.fractions(-3, 3, max_denominator=4)


def _log_uniform(low: float, high: float) -> SearchStrategy[float]:
    return st.floats(np.log10(low), np.log10(high)).map(lambda u: float(10.0 ** u))


# ------------------------------------------------------------------------------- rational objects

@st.composite
def rational_orthogonal(draw, n: int) -> np.ndarray:
    """An exactly orthogonal ``n x n`` matrix of Fractions: the Cayley transform of a drawn
    skew-symmetric matrix with entries in ``[-3, 3]`` (denominators up to 4)."""
    S = np.zeros((n, n), dtype=object)
    for i in range(n):
        for j in range(i + 1, n):
            S[i, j] = draw(SMALL)
            S[j, i] = -S[i, j]
    for i in range(n):
        S[i, i] = Fraction(0)
    return cayley_orthogonal(S)


def sphere_point(t: list[Fraction]) -> np.ndarray:
    """The inverse stereographic projection ``(2t, 1 - |t|^2) / (1 + |t|^2)``: a rational unit vector."""
    s = sum(x * x for x in t)
    return fraction_matrix([2 * x / (1 + s) for x in t] + [(1 - s) / (1 + s)])


@st.composite
def rational_unit_vectors(draw, d: int, n: int, antipodal: bool | None = None) -> np.ndarray:
    """``n`` rational unit vectors in ``R^d`` (rows); with ``antipodal`` (or when drawn) the second
    is minus the first."""
    coords = st.fractions(-4, 4, max_denominator=6)
    X = np.array([sphere_point([draw(coords) for _ in range(d - 1)]) for _ in range(n)], dtype=object)
    pair = draw(st.booleans()) if antipodal is None else antipodal
    if pair and n >= 2:
        X[1] = -X[0]
    return X.reshape(n, d)


# ---------------------------------------------------------------------------- planted float kernels

@dataclass(frozen=True, eq=False)
class PlantedKernel:
    """``K = V diag(lam) Vᵀ`` (``lam`` decreasing), the flow ``du/dt = -alpha^2 K (u - y)`` from
    ``u0``, observed at ``times``.  ``family`` says how the spectrum and the residual were drawn."""

    K: np.ndarray
    lam: np.ndarray
    V: np.ndarray
    u0: np.ndarray
    y: np.ndarray
    alpha: float
    times: np.ndarray
    family: str

    @property
    def H(self) -> np.ndarray:
        return self.alpha**2 * self.K

    @property
    def r0(self) -> np.ndarray:
        return self.u0 - self.y


RESIDUALS = ("aligned-min", "aligned-max", "random")


@st.composite
def planted_kernels(draw, spectra: tuple[str, ...] = ("generic", "wide", "near-degenerate"),
                    residuals: tuple[str, ...] = RESIDUALS, alpha: bool = True,
                    max_rate_time: float = 200.0, start: str = "any") -> PlantedKernel:
    """PSD kernels with planted spectra, ``n <= 7``.  ``generic``: eigenvalues log-uniform in
    ``[1e-2, 10]``; ``wide``: ``[1e-6, 1e2]``; ``near-degenerate``: two eigenvalues within a relative
    ``1e-8 .. 1e-4``; ``singular``: the smallest eigenvalue is 0 and the residual has a component in the
    null space.  Residuals: along the eigenvector of the smallest (positive) or largest eigenvalue, or
    Gaussian.  ``alpha`` in ``[0.3, 3]`` (else 1).  Times: three, up to ``T`` with
    ``alpha^2 lam_max T <= max_rate_time``.  ``start``: ``any`` (``u0 = y + r0``, ``y`` Gaussian) or
    ``zero`` (``u0 = 0``, target ``y = -r0``: the residual families then describe the target)."""
    n = draw(st.integers(2, 7))
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    spectrum = draw(st.sampled_from(spectra))
    low, high = (1e-6, 1e2) if spectrum == "wide" else (1e-2, 10.0)
    lam = np.sort(10 ** rng.uniform(np.log10(low), np.log10(high), n))[::-1]
    if spectrum == "near-degenerate":
        i = draw(st.integers(0, n - 2))
        lam[i + 1] = lam[i] * (1 - 10.0 ** -draw(st.floats(4, 8)))
    if spectrum == "singular":
        lam[-1] = 0.0
    V = haar_orthonormal(rng, n)
    K = (V * lam) @ V.T
    K = (K + K.T) / 2
    a = draw(_log_uniform(0.3, 3.0)) if alpha else 1.0
    kind = draw(st.sampled_from(residuals))
    scale = draw(_log_uniform(0.1, 10.0))
    y = rng.standard_normal(n)
    positive = int(np.sum(lam > 0))
    if kind == "aligned-min":
        r0 = scale * V[:, positive - 1]
    elif kind == "aligned-max":
        r0 = scale * V[:, 0]
    else:
        r0 = scale * rng.standard_normal(n)
    if spectrum == "singular":
        r0 = r0 + draw(st.floats(0.1, 1.0)) * scale * V[:, -1]
    lam_min = lam[positive - 1]
    T = min(draw(_log_uniform(0.05, 5.0)) / (a**2 * lam_min), max_rate_time / (a**2 * lam[0]))
    times = T * np.array([0.1, 0.4, 1.0])
    label = f"{spectrum} spectrum, residual {kind}, n={n}, alpha={a:.3g}, seed {seed}"
    if start == "zero":
        return PlantedKernel(K, lam, V, np.zeros(n), -r0, float(a), times, label + ", start 0")
    if start != "any":
        raise ValueError(f"start must be 'any' or 'zero', got {start!r}")
    return PlantedKernel(K, lam, V, y + r0, y, float(a), times, label)


# ------------------------------------------------------------------------------ exact rational GD

@dataclass(frozen=True, eq=False)
class RationalGD:
    """``H = Q diag(lam) Qᵀ`` with rational orthogonal ``Q`` and rational ``lam`` (decreasing),
    GD on the residual ``r <- (I - eta H) r`` from ``r0`` for ``steps`` steps, all in Fractions."""

    Q: np.ndarray
    lam: tuple[Fraction, ...]
    H: np.ndarray
    r0: np.ndarray
    eta: Fraction
    steps: int
    family: str

    def __repr__(self) -> str:
        return (f"RationalGD(lam={[str(x) for x in self.lam]}, eta={self.eta}, steps={self.steps}, "
                f"r0 eigen-coefficients={[str(x) for x in self.Q.T @ self.r0]}, {self.family})")


@st.composite
def rational_gd(draw, step: str = "short") -> RationalGD:
    """``step``: ``short`` (``0 < eta lam_max <= 1``), ``long`` (``1 < eta lam_max < 2``) or
    ``unstable`` (``2 <= eta lam_max <= 3``).  Residuals: along the top or bottom eigenvector, or
    with rational coefficients in the eigenbasis; ``n <= 4``, ``steps <= 25``."""
    from checks.spectral_dynamics import rational_psd

    n = draw(st.integers(2, 4))
    Q = draw(rational_orthogonal(n))
    lam = sorted({draw(st.fractions(Fraction(1, 10), 5, max_denominator=10)) for _ in range(n)}, reverse=True)
    assume(len(lam) == n)
    c_range = {"short": (Fraction(1, 20), Fraction(1)), "long": (Fraction(21, 20), Fraction(39, 20)),
               "unstable": (Fraction(2), Fraction(3))}[step]
    c = draw(st.fractions(*c_range, max_denominator=20))
    assume(c_range[0] <= c <= c_range[1] and c > 0)
    eta = c / lam[0]
    kind = draw(st.sampled_from(["aligned-min", "aligned-max", "mixed"]))
    if kind == "aligned-min":
        coeff = [Fraction(0)] * (n - 1) + [draw(st.fractions(1, 3, max_denominator=3))]
    elif kind == "aligned-max":
        coeff = [draw(st.fractions(1, 3, max_denominator=3))] + [Fraction(0)] * (n - 1)
    else:
        coeff = [draw(SMALL) for _ in range(n)]
        if step == "unstable" and coeff[0] == 0:
            coeff[0] = Fraction(1)
        assume(any(coeff))
    r0 = Q @ fraction_matrix(coeff)
    steps = draw(st.integers(1, 25))
    return RationalGD(Q, tuple(lam), rational_psd(Q, lam), r0, eta, steps,
                      f"{step} step (eta lam_max = {c}), residual {kind}, n={n}")


# ------------------------------------------------------------------------------------ networks

@dataclass(frozen=True, eq=False)
class NetworkCase:
    """A small network at parameters ``theta`` (its initialization), data ``X, y`` and test points;
    ``theta_other`` is an independent draw of the parameters (for mixed-parameter kernels)."""

    net: MLP
    X: np.ndarray
    y: np.ndarray
    X_test: np.ndarray
    theta_other: np.ndarray
    family: str

    def __repr__(self) -> str:
        return f"NetworkCase({self.net.widths}, {self.net.activation}, p={self.net.n_params}, {self.family})"


@st.composite
def network_cases(draw, few_parameters: bool | None = None) -> NetworkCase:
    """Networks ``d -> w [-> w] -> 1`` with ``tanh``, ``softplus`` or ``sin`` on ``n <= 8`` points.
    ``few_parameters``: ``p < n`` (the tangent kernel is then singular); drawn when None."""
    few = draw(st.booleans()) if few_parameters is None else few_parameters
    d = draw(st.integers(1, 3))
    if few:
        widths, n = (d, 1, 1), draw(st.integers(d + 2, 8))
    else:
        w = draw(st.integers(2, 6))
        widths = (d, w, 1) if draw(st.booleans()) else (d, w, w, 1)
        n = draw(st.integers(2, 8))
    net = MLP(widths, draw(st.sampled_from(["tanh", "softplus", "sin"])), draw(SEEDS))
    rng = np.random.default_rng(draw(SEEDS))
    X = rng.uniform(-2, 2, (n, d))
    y = rng.standard_normal(n)
    other = rng.standard_normal(net.n_params)
    return NetworkCase(net, X, y, rng.uniform(-2, 2, (2, d)), other,
                       f"n={n}, {'p < n' if few else 'p >= n'}")


@dataclass(frozen=True, eq=False)
class TangentProblem:
    """The linearized model ``alpha f_lin(x; theta) = alpha (f_0(x) + J(x)(theta - theta_0))`` and GD
    on ``||alpha f_lin(X; theta) - y||^2 / 2`` with ``eta = c / lambda_max(alpha^2 K)``, ``K = J Jᵀ``,
    for ``steps`` steps.  ``J``/``f0`` on the training points, ``J_test``/``f0_test`` on test points."""

    J: np.ndarray
    f0: np.ndarray
    J_test: np.ndarray
    f0_test: np.ndarray
    theta0: np.ndarray
    y: np.ndarray
    alpha: float
    c: float
    steps: int
    family: str

    @property
    def K(self) -> np.ndarray:
        K = self.J @ self.J.T
        return (K + K.T) / 2

    @property
    def r0(self) -> np.ndarray:
        """``y - alpha f_0(X)``: the residual to be fitted."""
        return self.y - self.alpha * self.f0

    def __repr__(self) -> str:
        return (f"TangentProblem(n={self.J.shape[0]}, p={self.J.shape[1]}, alpha={self.alpha:.4g}, "
                f"c={self.c:.4g}, steps={self.steps}, |f0|={np.linalg.norm(self.f0):.3g}, {self.family})")


MODELS = ("mlp", "antisymmetric", "random-features")
TARGETS = ("random", "aligned-min", "aligned-max")


@st.composite
def tangent_problems(draw, models: tuple[str, ...] = MODELS, targets: tuple[str, ...] = TARGETS,
                     step: tuple[float, float] = (0.0, 1.0), alpha: bool = True,
                     underparametrized: bool = False, max_cond: float = 1e6,
                     lambda_min: tuple[float, float] | None = None, max_points: int = 6) -> TangentProblem:
    """Tangent models of small networks: ``mlp`` (``f_0 != 0``), ``antisymmetric`` (``f_0 = 0``)
    and ``random-features`` (``m^{-1/2} relu(B x)``, exactly linear, start ``a_0 = 0`` or Gaussian);
    inputs scaled by a drawn factor in ``[0.5, 4]``.  ``lambda_min``: scale the network's output (``J`` and ``f_0`` together) so that
    ``lambda_min(K)`` is a drawn value in this range.  ``max_points``: at most this many training points.
    ``targets``: ``y`` Gaussian, or ``y - alpha f_0(X)`` along the eigenvector of the smallest or
    largest eigenvalue of ``K``.  ``step``: the range of ``c``.  ``underparametrized``: random
    features with ``m < n`` (``K`` singular; no ``max_cond`` filter)."""
    model = "random-features" if underparametrized else draw(st.sampled_from(models))
    d = draw(st.integers(1, 3))
    n = draw(st.integers(2, max_points))
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, d)) * draw(st.floats(0.5, 4.0))
    X_test = rng.uniform(-1, 1, (3, d))
    if model == "random-features":
        m = draw(st.integers(1, n - 1)) if underparametrized else draw(st.integers(n, 12))
        B = rng.standard_normal((m, d + 1))
        with_bias = lambda Z: np.hstack([Z, np.ones((Z.shape[0], 1))])  # noqa: E731
        J, J_test = random_relu_features(with_bias(X), B), random_relu_features(with_bias(X_test), B)
        theta0 = rng.standard_normal(m) if draw(st.booleans()) else np.zeros(m)
        f0, f0_test = J @ theta0, J_test @ theta0
        label = f"random features m={m}, a0 {'random' if np.any(theta0) else 'zero'}"
    else:
        low = max(2, n // d + 1)
        w = draw(st.integers(low, low + 4))
        widths = (d, w, 1) if draw(st.booleans()) else (d, w, w, 1)
        net = MLP(widths, draw(st.sampled_from(["tanh", "softplus", "sin"])), draw(SEEDS),
                  antisymmetric=model == "antisymmetric")
        J, J_test = net.jacobian(X), net.jacobian(X_test)
        f0, f0_test = net.outputs(X), net.outputs(X_test)
        theta0 = net.theta0
        label = f"{model} {widths} {net.activation}"
    K = J @ J.T
    s = np.linalg.eigvalsh((K + K.T) / 2)
    if not underparametrized:
        assume(s[0] > 0 and s[-1] / s[0] <= max_cond)
    if lambda_min is not None:
        factor = float(np.sqrt(draw(st.floats(*lambda_min)) / s[0]))
        J, J_test, f0, f0_test, K = factor * J, factor * J_test, factor * f0, factor * f0_test, factor**2 * K
        label += f", output scaled by {factor:.3g}"
    a = draw(_log_uniform(0.3, 3.0)) if alpha else 1.0
    kind = draw(st.sampled_from(targets))
    if kind == "random" or underparametrized:
        y = rng.standard_normal(n)
    else:
        _, V = np.linalg.eigh((K + K.T) / 2)
        v = V[:, 0] if kind == "aligned-min" else V[:, -1]
        y = a * f0 + draw(st.floats(0.5, 2.0)) * v
    lo, hi = step
    c = draw(st.floats(max(lo, 0.02), hi, exclude_min=lo > 0, exclude_max=hi >= 2))
    steps = draw(st.integers(1, 150))
    return TangentProblem(J, f0, J_test, f0_test, theta0, y, float(a), float(c), steps,
                          f"{label}, target {kind}, seed {seed}")


# ------------------------------------------------------------------------------------- circle

@dataclass(frozen=True, eq=False)
class CircleCase:
    """``N`` equispaced points on the circle, the kernel (``relu-ntk`` or a polynomial
    ``sum_m b_m u^m``), a target ``cos(k1 theta) + amplitude cos(k2 theta)`` and GD on the Gram
    matrix with ``eta = c / lambda_max`` for ``steps`` steps."""

    N: int
    kernel: str
    coefficients: tuple[Fraction, ...]
    k1: int
    k2: int
    amplitude: float
    c: float
    steps: int

    def __repr__(self) -> str:
        ker = self.kernel if self.kernel == "relu-ntk" else f"sum b_m u^m, b = {[str(b) for b in self.coefficients]}"
        return (f"CircleCase(N={self.N}, {ker}, target cos({self.k1} t) + {self.amplitude:.3g} cos({self.k2} t), "
                f"c={self.c:.4g}, steps={self.steps})")


@st.composite
def circle_cases(draw, kernel: str = "relu-ntk") -> CircleCase:
    """ReLU-NTK cases (``kernel = "relu-ntk"``; frequencies among the modes with positive eigenvalue
    ``0, 1, 2, 4, 6, ...``, including the two-frequency target ``k = 1, 10`` with amplitude 0.2) or
    polynomial dot-product kernels with nonnegative coefficients, about half of them 0
    (``kernel = "polynomial"``)."""
    N = 2 * draw(st.integers(16, 48))
    if kernel == "relu-ntk":
        modes = [0, 1] + list(range(2, N // 4 + 1, 2))
        if draw(st.booleans()):
            k1, k2, amp = 1, 10, 0.2
        else:
            k1, k2 = sorted(draw(st.lists(st.sampled_from(modes), min_size=2, max_size=2, unique=True)))
            amp = draw(st.floats(0.1, 1.0))
        coefficients: tuple[Fraction, ...] = ()
    elif kernel == "polynomial":
        degree = draw(st.integers(1, 4))
        coefficient = st.one_of(st.just(Fraction(0)), st.fractions(0, 2, max_denominator=10))
        coefficients = tuple(draw(coefficient) for _ in range(degree + 1))
        assume(any(coefficients[1:]))
        k1, k2 = sorted(draw(st.lists(st.integers(0, degree), min_size=2, max_size=2, unique=True)))
        amp = draw(st.floats(0.1, 1.0))
    else:
        raise ValueError(f"kernel must be 'relu-ntk' or 'polynomial', got {kernel!r}")
    return CircleCase(N, kernel, coefficients, k1, k2, float(amp), draw(st.floats(0.05, 1.0)),
                      draw(st.integers(1, 400)))


# -------------------------------------------------------------------------------------- noise

@dataclass(frozen=True, eq=False)
class NoiseCase:
    """A kernel ``Q diag(lam) Qᵀ`` with rational orthogonal ``Q`` (eigenvalues decreasing) and
    independent sign noise ``eps_i = +-s_i`` (``s_i = sigma`` unless ``heteroscedastic``)."""

    Q: np.ndarray
    lam: tuple[Fraction, ...]
    scales: tuple[Fraction, ...]
    family: str

    def __repr__(self) -> str:
        return (f"NoiseCase(n={self.Q.shape[0]}, lam={[str(x) for x in self.lam]}, "
                f"noise scales={[str(s) for s in self.scales]}, {self.family})")


@st.composite
def noise_cases(draw, heteroscedastic: bool = False) -> NoiseCase:
    """``n <= 6`` distinct eigenvalues; ``heteroscedastic``: the noise scale differs across coordinates."""
    n = draw(st.integers(2, 6))
    Q = draw(rational_orthogonal(n))
    lam = tuple(sorted({draw(st.fractions(Fraction(1, 100), 10, max_denominator=100)) for _ in range(n)},
                       reverse=True))
    assume(len(lam) == n)
    sigma = draw(st.fractions(Fraction(1, 4), 3, max_denominator=4))
    if heteroscedastic:
        scales = tuple(draw(st.fractions(Fraction(1, 4), 3, max_denominator=4)) for _ in range(n))
        assume(len(set(scales)) > 1)
    else:
        scales = (sigma,) * n
    return NoiseCase(Q, lam, scales, "heteroscedastic" if heteroscedastic else f"iid, sigma = {sigma}")


@dataclass(frozen=True, eq=False)
class NoiseFitCase:
    """Two PSD kernels with the same eigenvectors ``V``, spectra ``lam >= mu`` entrywise (``lam``
    decreasing), noise labels ``eps`` and a time ``t`` of kernel gradient flow from 0."""

    V: np.ndarray
    lam: np.ndarray
    mu: np.ndarray
    eps: np.ndarray
    t: float
    family: str


@st.composite
def noise_fit_cases(draw, dominated: bool = True) -> NoiseFitCase:
    """``mu_i = lam_i d_i`` with ``d_i`` in ``[0, 1]`` (``dominated``) or in ``[0, 2]`` otherwise."""
    n = draw(st.integers(2, 7))
    seed = draw(SEEDS)
    rng = np.random.default_rng(seed)
    lam = np.sort(10 ** rng.uniform(-3, 1, n))[::-1]
    mu = lam * rng.uniform(0, 1 if dominated else 2, n)
    t = draw(_log_uniform(1e-2, 1e2))
    return NoiseFitCase(haar_orthonormal(rng, n), lam, mu, rng.standard_normal(n) * draw(st.floats(0.1, 3)),
                        float(t), f"n={n}, seed {seed}")


# -------------------------------------------------------------------------- effective dimension

@dataclass(frozen=True, eq=False)
class SpectrumCase:
    """A rational PSD ``K = Q diag(s) Qᵀ`` (``s`` decreasing, possibly with zeros) and ``lam < lam2``."""

    Q: np.ndarray
    s: tuple[Fraction, ...]
    lam: Fraction
    lam2: Fraction

    @property
    def K(self) -> np.ndarray:
        return (self.Q * fraction_matrix(self.s)) @ self.Q.T

    def __repr__(self) -> str:
        return f"SpectrumCase(s={[str(x) for x in self.s]}, lam={self.lam}, lam2={self.lam2})"


@st.composite
def spectrum_cases(draw) -> SpectrumCase:
    n = draw(st.integers(1, 5))
    Q = draw(rational_orthogonal(n))
    s = tuple(sorted((draw(st.one_of(st.just(Fraction(0)), st.fractions(Fraction(1, 50), 20, max_denominator=50)))
                      for _ in range(n)), reverse=True))
    lam = draw(st.fractions(Fraction(1, 100), 10, max_denominator=100))
    lam2 = lam + draw(st.fractions(Fraction(1, 100), 10, max_denominator=100))
    assume(lam2 > lam)
    return SpectrumCase(Q, s, lam, lam2)


@dataclass(frozen=True)
class PowerLaw:
    """The spectrum ``s_j = j^{-a}`` (``j >= 1``) at regularization ``lam``."""

    a: float
    lam: float


def power_laws(max_a: float = 4.0) -> SearchStrategy[PowerLaw]:
    """``a`` in ``(1.1, max_a)``, ``lam`` log-uniform down to the tiny values where the bounds are
    tight (``lam^{-1/a} <= 10^6``)."""
    return st.builds(lambda a, u: PowerLaw(a, float(max(10.0 ** -u, 10.0 ** (-6 * a)))),
                     st.floats(1.1, max_a), st.floats(0, 6))


@dataclass(frozen=True)
class RateCase:
    """Spectrum exponent ``2p`` (``mu_j = j^{-2p}``, ``p > 1/2``), source smoothness ``s`` and sample
    size ``n``."""

    p: Fraction
    s: Fraction
    n: int


def rate_cases(max_s: Fraction = Fraction(1)) -> SearchStrategy[RateCase]:
    return st.builds(RateCase, st.fractions(Fraction(11, 20), 4, max_denominator=20),
                     st.fractions(Fraction(1, 10), max_s, max_denominator=10), st.integers(10, 10**8))
