"""Distributions: validation of parameters, and sampled moments against the analytic ones (95 % CIs)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from sim.base.distributions import REGISTRY, BufferedSampler, Count, Distribution, Duration, Fixed

CASES = [
    {"kind": "fixed", "value": 2.5},
    {"kind": "uniform", "low": 1, "high": 4},
    {"kind": "triangular", "low": 1, "mode": 2, "high": 6},
    {"kind": "normal", "mean": 1.0, "sd": 0.8},  # truncation matters here
    {"kind": "lognormal", "mean": 3, "sd": 1.5},
    {"kind": "gamma", "mean": 12, "sd": 3},
    {"kind": "exponential", "mean": 2},
    {"kind": "empirical", "values": [1, 2, 5], "weights": [0.5, 0.3, 0.2]},
    {"kind": "poisson", "mean": 4.2},
    {"kind": "geometric", "mean": 1.6},
    {"kind": "negative_binomial", "mean": 5, "sd": 3},
    {"kind": "uniform_int", "low": 1, "high": 3},
]

any_distribution: TypeAdapter[Distribution] = TypeAdapter(Distribution)


def test_every_family_is_covered() -> None:
    assert {c["kind"] for c in CASES} == set(REGISTRY)


@pytest.mark.parametrize("spec", CASES, ids=[c["kind"] for c in CASES])
def test_sample_mean_and_variance_match_the_analytic_moments(spec: dict) -> None:
    dist = any_distribution.validate_python(spec)
    rng = np.random.default_rng(12345)
    n = 200_000
    x = dist.sample(rng, n)
    assert (x >= 0).all()
    se_mean = math.sqrt(dist.variance / n)
    assert abs(x.mean() - dist.mean) <= 4 * se_mean + 1e-12
    if dist.variance > 0:
        # standard error of the sample variance ≈ σ²·√(2/n) for light tails; 6 σ keeps heavy tails honest
        kurt_factor = math.sqrt((np.mean((x - x.mean()) ** 4) / x.var() ** 2 - 1) / n)
        assert abs(x.var() / dist.variance - 1) <= 6 * kurt_factor


@pytest.mark.parametrize("spec", CASES, ids=[c["kind"] for c in CASES])
def test_quantile_matches_the_sample_quantile(spec: dict) -> None:
    dist = any_distribution.validate_python(spec)
    x = np.sort(dist.sample(np.random.default_rng(7), 100_000))
    for p in (0.1, 0.5, 0.9):
        q = dist.quantile(p)
        share_below = np.searchsorted(x, q, side="right") / x.size
        # for discrete laws the quantile is a step: F(q) >= p and F(q-) <= p
        share_strictly_below = np.searchsorted(x, q, side="left") / x.size
        assert share_strictly_below - 0.01 <= p <= share_below + 0.01


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "uniform", "low": 4, "high": 1},
        {"kind": "uniform", "low": -1, "high": 1},
        {"kind": "triangular", "low": 1, "mode": 9, "high": 6},
        {"kind": "normal", "mean": 3, "sd": 0},
        {"kind": "fixed", "value": -2},
        {"kind": "negative_binomial", "mean": 5, "sd": 1},
        {"kind": "empirical", "values": [1, 2], "weights": [1]},
        {"kind": "empirical", "values": []},
        {"kind": "gaussian", "mean": 3, "sd": 1},
        {"kind": "fixed", "value": 1, "extra": 2},
    ],
)
def test_invalid_parameters_are_rejected(spec: dict) -> None:
    with pytest.raises(ValidationError):
        any_distribution.validate_python(spec)


def test_duration_rejects_discrete_families_and_count_rejects_continuous() -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Duration).validate_python({"kind": "poisson", "mean": 2})
    with pytest.raises(ValidationError):
        TypeAdapter(Count).validate_python({"kind": "uniform", "low": 1, "high": 2})


def test_buffered_sampler_is_the_same_stream_as_direct_sampling() -> None:
    dist = any_distribution.validate_python({"kind": "gamma", "mean": 2, "sd": 1})
    sampler = BufferedSampler(dist, np.random.default_rng(1), scale=86_400, block=64)
    drawn = [sampler() for _ in range(200)]
    rng = np.random.default_rng(1)
    expected = np.concatenate([np.rint(dist.sample(rng, 64) * 86_400) for _ in range(4)])[:200]
    assert drawn == expected.astype(int).tolist()


def test_constant_sampler_leaves_its_generator_untouched() -> None:
    rng = np.random.default_rng(5)
    state = rng.bit_generator.state
    sampler = BufferedSampler(Fixed(value=2), rng, scale=10)
    assert [sampler() for _ in range(3)] == [20, 20, 20]
    assert rng.bit_generator.state == state


CONTINUOUS = [
    c
    for c in CASES
    if c["kind"] in ("fixed", "uniform", "triangular", "normal", "lognormal", "gamma", "exponential", "empirical")
]


@pytest.mark.parametrize("spec", CONTINUOUS, ids=[c["kind"] for c in CONTINUOUS])
def test_inverse_cdf_of_uniforms_has_the_law_of_the_distribution(spec: dict) -> None:
    """ppf(U) for U ~ Uniform(0,1) must have the distribution's mean and quantiles (inverse transform)."""
    dist = any_distribution.validate_python(spec)
    u = np.random.default_rng(99).random(200_000)
    x = dist.ppf(u)
    assert abs(x.mean() - dist.mean) <= 4 * math.sqrt(dist.variance / u.size) + 1e-12
    assert np.all(np.diff(dist.ppf(np.linspace(0.001, 0.999, 50))) >= 0)  # monotone
    for p in (0.1, 0.5, 0.9):
        assert dist.quantile(p) == pytest.approx(float(dist.ppf(np.array([p]))[0]))
