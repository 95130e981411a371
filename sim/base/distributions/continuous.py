"""Continuous distribution families (durations, money, and fixed or empirical amounts): any non-negative real.

Fixed, uniform, triangular, normal (truncated at zero: resampled, not clipped, with the truncated
law's moments), lognormal, gamma and exponential (stated by the mean and sd of the variable itself),
and empirical (listed values with weights). Each has a vectorised inverse CDF (`ppf`).
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
from pydantic import ConfigDict, Field, field_validator, model_validator
from scipy import special, stats

from sim.base.distributions.core import FloatArray, _Dist


class Fixed(_Dist):
    """Always `value`."""

    kind: Literal["fixed"] = "fixed"
    value: float = Field(ge=0)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return np.full(size, self.value, dtype=np.float64)

    @property
    def mean(self) -> float:
        return self.value

    @property
    def variance(self) -> float:
        return 0.0

    def quantile(self, p: float) -> float:
        return self.value

    def ppf(self, u: FloatArray) -> FloatArray:
        return np.full(np.shape(u), self.value, dtype=np.float64)

    @property
    def is_constant(self) -> bool:
        return True


class Uniform(_Dist):
    """Continuous uniform on [low, high]."""

    kind: Literal["uniform"] = "uniform"
    low: float = Field(ge=0)
    high: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high}); use kind: fixed for a constant")
        return self

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return rng.uniform(self.low, self.high, size)

    @property
    def mean(self) -> float:
        return (self.low + self.high) / 2

    @property
    def variance(self) -> float:
        return (self.high - self.low) ** 2 / 12

    def quantile(self, p: float) -> float:
        return self.low + p * (self.high - self.low)

    def ppf(self, u: FloatArray) -> FloatArray:
        return self.low + np.asarray(u, dtype=np.float64) * (self.high - self.low)


class Triangular(_Dist):
    """Triangular on [low, high] with its peak at `mode`."""

    kind: Literal["triangular"] = "triangular"
    low: float = Field(ge=0)
    mode: float = Field(ge=0)
    high: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(f"need low <= mode <= high and low < high, got {self.low}, {self.mode}, {self.high}")
        return self

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return rng.triangular(self.low, self.mode, self.high, size)

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3

    @property
    def variance(self) -> float:
        a, c, b = self.low, self.mode, self.high
        return (a * a + b * b + c * c - a * b - a * c - b * c) / 18

    def quantile(self, p: float) -> float:
        return float(self.ppf(np.array([p]))[0])

    def ppf(self, u: FloatArray) -> FloatArray:
        a, c, b = self.low, self.mode, self.high
        u = np.asarray(u, dtype=np.float64)
        split = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1 - u) * (b - a) * (b - c))
        return np.where(u < split, left, right)


class Normal(_Dist):
    """Normal(mean, sd) truncated at zero: negative draws are redrawn, not clipped.

    `mean` and `sd` are the parameters of the untruncated law, as planners state them
    ("12 units a day, give or take 3"); the `mean`/`variance` properties report the truncated law's
    moments, which differ only when `mean` is within about 3 sd of zero.
    """

    kind: Literal["normal"] = "normal"
    mu: float = Field(alias="mean", gt=0)
    sigma: float = Field(alias="sd", gt=0)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)

    def _law(self) -> Any:
        return stats.truncnorm(-self.mu / self.sigma, math.inf, loc=self.mu, scale=self.sigma)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        out = rng.normal(self.mu, self.sigma, size)
        bad = out < 0
        while bad.any():
            out[bad] = rng.normal(self.mu, self.sigma, int(bad.sum()))
            bad = out < 0
        return out

    @property
    def mean(self) -> float:
        return float(self._law().mean())

    @property
    def variance(self) -> float:
        return float(self._law().var())

    def quantile(self, p: float) -> float:
        return float(self.ppf(np.array([p]))[0])

    def ppf(self, u: FloatArray) -> FloatArray:
        below = special.ndtr(-self.mu / self.sigma)  # mass the truncation removes
        return np.asarray(self.mu + self.sigma * special.ndtri(below + np.asarray(u) * (1 - below)), dtype=np.float64)


def _lognormal_params(mean: float, sd: float) -> tuple[float, float]:
    sigma2 = math.log(1 + (sd / mean) ** 2)
    return math.log(mean) - sigma2 / 2, math.sqrt(sigma2)


class LogNormal(_Dist):
    """Log-normal stated by the mean and sd of the variable itself (not of its logarithm)."""

    kind: Literal["lognormal"] = "lognormal"
    mu: float = Field(alias="mean", gt=0)
    sigma: float = Field(alias="sd", gt=0)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        m, s = _lognormal_params(self.mu, self.sigma)
        return rng.lognormal(m, s, size)

    @property
    def mean(self) -> float:
        return self.mu

    @property
    def variance(self) -> float:
        return self.sigma**2

    def quantile(self, p: float) -> float:
        return float(self.ppf(np.array([p]))[0])

    def ppf(self, u: FloatArray) -> FloatArray:
        m, s = _lognormal_params(self.mu, self.sigma)
        return np.asarray(np.exp(m + s * special.ndtri(np.asarray(u))), dtype=np.float64)


class Gamma(_Dist):
    """Gamma stated by its mean and sd (shape = (mean/sd)², scale = sd²/mean)."""

    kind: Literal["gamma"] = "gamma"
    mu: float = Field(alias="mean", gt=0)
    sigma: float = Field(alias="sd", gt=0)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)

    def _shape_scale(self) -> tuple[float, float]:
        return (self.mu / self.sigma) ** 2, self.sigma**2 / self.mu

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        k, theta = self._shape_scale()
        return rng.gamma(k, theta, size)

    @property
    def mean(self) -> float:
        return self.mu

    @property
    def variance(self) -> float:
        return self.sigma**2

    def quantile(self, p: float) -> float:
        return float(self.ppf(np.array([p]))[0])

    def ppf(self, u: FloatArray) -> FloatArray:
        k, theta = self._shape_scale()
        return np.asarray(theta * special.gammaincinv(k, np.asarray(u)), dtype=np.float64)


class Exponential(_Dist):
    """Exponential with the given mean."""

    kind: Literal["exponential"] = "exponential"
    mu: float = Field(alias="mean", gt=0)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return rng.exponential(self.mu, size)

    @property
    def mean(self) -> float:
        return self.mu

    @property
    def variance(self) -> float:
        return self.mu**2

    def quantile(self, p: float) -> float:
        return -self.mu * math.log1p(-p)

    def ppf(self, u: FloatArray) -> FloatArray:
        return np.asarray(-self.mu * np.log1p(-np.asarray(u)), dtype=np.float64)


class Empirical(_Dist):
    """Draws from the listed `values` with the given `weights` (equal weights when omitted)."""

    kind: Literal["empirical"] = "empirical"
    values: list[float] = Field(min_length=1)
    weights: list[float] | None = None

    @field_validator("values")
    @classmethod
    def _non_negative(cls, v: list[float]) -> list[float]:
        if any(x < 0 or not math.isfinite(x) for x in v):
            raise ValueError("values must be finite and non-negative")
        return v

    @model_validator(mode="after")
    def _weights_match(self) -> Empirical:
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError(f"{len(self.weights)} weights for {len(self.values)} values")
            if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
                raise ValueError("weights must be non-negative and not all zero")
        return self

    def _probs(self) -> FloatArray:
        w = np.ones(len(self.values)) if self.weights is None else np.asarray(self.weights, dtype=float)
        return np.asarray(w / w.sum(), dtype=np.float64)

    def sample(self, rng: np.random.Generator, size: int) -> FloatArray:
        return np.asarray(
            rng.choice(np.asarray(self.values, dtype=float), size=size, p=self._probs()), dtype=np.float64
        )

    @property
    def mean(self) -> float:
        return float(np.dot(self.values, self._probs()))

    @property
    def variance(self) -> float:
        p = self._probs()
        v = np.asarray(self.values, dtype=float)
        return float(np.dot(p, (v - np.dot(p, v)) ** 2))

    def quantile(self, p: float) -> float:
        return float(self.ppf(np.array([p]))[0])

    def ppf(self, u: FloatArray) -> FloatArray:
        order = np.argsort(self.values, kind="stable")
        cum = np.cumsum(self._probs()[order])
        i = np.searchsorted(cum, np.asarray(u) - 1e-12)
        return np.asarray(np.asarray(self.values, dtype=np.float64)[order][np.minimum(i, len(order) - 1)])

    @property
    def is_constant(self) -> bool:
        return len(set(self.values)) == 1
