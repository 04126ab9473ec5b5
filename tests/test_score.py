"""Mixture scores, posterior means and flow-matching velocities against 1-D quadrature and SciPy."""

import math

import numpy as np
import pytest
import torch
from scipy import integrate, stats

from checks.score import (Mixture, component_posterior, fm_conditional, fm_logpdf_torch, fm_velocity,
                          fm_velocity_torch, noised_logpdf, noised_score, posterior_mean)

MIX = Mixture((0.3, 0.7), ((-1.0,), (2.0,)), (0.5, 1.5))


def _p0(x: float) -> float:
    return sum(w * stats.norm.pdf(x, m[0], math.sqrt(v)) for w, m, v in zip(MIX.weights, MIX.means, MIX.variances))


def _ratio(num, den) -> float:
    a = integrate.quad(num, -30, 30, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
    return a / integrate.quad(den, -30, 30, epsabs=1e-13, epsrel=1e-12, limit=200)[0]


@pytest.mark.parametrize("x", [-2.0, 0.3, 4.0])
def test_posterior_mean_matches_quadrature(x):
    a, s = 0.8, 0.6
    lik = lambda z: _p0(z) * stats.norm.pdf(x, a * z, s)  # noqa: E731
    ref = _ratio(lambda z: z * lik(z), lik)
    assert posterior_mean(MIX, np.array([[x]]), a, s)[0, 0] == pytest.approx(ref, abs=1e-9)


def test_noised_logpdf_and_score_match_scipy():
    a, s = 0.8, 0.6
    x = np.array([[-2.0], [0.3], [4.0]])
    ref = lambda y: np.log(sum(w * stats.norm.pdf(y, a * m[0], math.sqrt(a * a * v + s * s))  # noqa: E731
                               for w, m, v in zip(MIX.weights, MIX.means, MIX.variances)))
    got = noised_logpdf(MIX, torch.tensor(x), a, s).numpy()
    assert np.allclose(got, ref(x[:, 0]), atol=1e-12)
    h = 1e-5
    fd = (ref(x[:, 0] + h) - ref(x[:, 0] - h)) / (2 * h)
    assert np.allclose(noised_score(MIX, x, a, s)[:, 0], fd, atol=1e-7)


@pytest.mark.parametrize("y,t", [(-1.5, 0.2), (0.5, 0.5), (3.0, 0.9)])
def test_fm_velocity_matches_quadrature(y, t):
    lik = lambda x1: _p0(x1) * stats.norm.pdf(y, t * x1, 1 - t)  # noqa: E731
    ref = _ratio(lambda x1: (x1 - y) / (1 - t) * lik(x1), lik)
    assert fm_velocity(MIX, np.array([[y]]), t)[0, 0] == pytest.approx(ref, abs=1e-9)
    vt = fm_velocity_torch(MIX, torch.tensor([[y]], dtype=torch.float64), torch.tensor([t], dtype=torch.float64))
    assert float(vt) == pytest.approx(ref, abs=1e-9)
    second = _ratio(lambda x1: ((x1 - y) / (1 - t)) ** 2 * lik(x1), lik)
    post, means, var = fm_conditional(MIX, np.array([[y]]), t)
    assert float(post[0] @ (means[0, :, 0] ** 2 + var)) == pytest.approx(second, abs=1e-8)
    logp = fm_logpdf_torch(MIX, torch.tensor([[y]], dtype=torch.float64), torch.tensor([t], dtype=torch.float64))
    assert float(logp) == pytest.approx(math.log(integrate.quad(lik, -30, 30, epsabs=1e-14)[0]), abs=1e-9)


def test_atoms_and_malformed_input():
    atoms = Mixture((0.5, 0.5), ((0.0, 1.0), (2.0, -1.0)), (0.0, 0.0))
    post = component_posterior(atoms, np.array([[0.0, 1.0]]), 1.0, 0.5)
    assert post[0, 0] > post[0, 1] and post.sum() == pytest.approx(1)
    assert np.allclose(posterior_mean(atoms, np.array([[40.0, -40.0]]), 1.0, 1.0), [[2.0, -1.0]], atol=1e-12)
    with pytest.raises(ValueError):
        Mixture((0.5, 0.6), ((0.0,), (1.0,)), (1.0, 1.0))
    with pytest.raises(ValueError):
        posterior_mean(atoms, np.zeros((1, 2)), 1.0, 0.0)
    with pytest.raises(ValueError):
        fm_velocity(atoms, np.zeros((1, 2)), 1.0)
