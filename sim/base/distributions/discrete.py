"""Discrete distribution families (counts, order sizes): poisson, geometric, negative binomial, uniform_int.

They return integers; quantiles come from scipy's discrete laws.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import ConfigDict, Field, model_validator
from scipy import stats

from sim.base.distributions.core import _Dist


class Poisson(_Dist):
    """Poisson counts with the given mean."""

    kind: Literal["poisson"] = "poisson"
    mu: float = Field(alias="mean", gt=0)
    discrete: ClassVar[bool] = True

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray[Any, Any]:
        return rng.poisson(self.mu, size)

    @property
    def mean(self) -> float:
        return self.mu

    @property
    def variance(self) -> float:
        return self.mu

    def quantile(self, p: float) -> float:
        return float(stats.poisson.ppf(p, self.mu))


class Geometric(_Dist):
    """Counts 1, 2, 3, … with P(k) = (1-p)^(k-1) p and the given mean (p = 1/mean): order sizes."""

    kind: Literal["geometric"] = "geometric"
    mu: float = Field(alias="mean", ge=1)
    discrete: ClassVar[bool] = True

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray[Any, Any]:
        return rng.geometric(1 / self.mu, size)

    @property
    def mean(self) -> float:
        return self.mu

    @property
    def variance(self) -> float:
        p = 1 / self.mu
        return (1 - p) / (p * p)

    def quantile(self, p: float) -> float:
        return float(stats.geom.ppf(p, 1 / self.mu))

    @property
    def is_constant(self) -> bool:
        return self.mu == 1


class NegativeBinomial(_Dist):
    """Over-dispersed counts 0, 1, 2, … stated by mean and sd (sd² must exceed the mean)."""

    kind: Literal["negative_binomial"] = "negative_binomial"
    mu: float = Field(alias="mean", gt=0)
    sigma: float = Field(alias="sd", gt=0)
    discrete: ClassVar[bool] = True

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)

    @model_validator(mode="after")
    def _overdispersed(self) -> NegativeBinomial:
        if not self.sigma**2 > self.mu:
            raise ValueError(f"sd² ({self.sigma**2:g}) must exceed the mean ({self.mu:g}); use kind: poisson otherwise")
        return self

    def _np(self) -> tuple[float, float]:
        p = self.mu / self.sigma**2
        return self.mu * p / (1 - p), p

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray[Any, Any]:
        n, p = self._np()
        return rng.negative_binomial(n, p, size)

    @property
    def mean(self) -> float:
        return self.mu

    @property
    def variance(self) -> float:
        return self.sigma**2

    def quantile(self, p: float) -> float:
        n, q = self._np()
        return float(stats.nbinom.ppf(p, n, q))


class UniformInt(_Dist):
    """Integers low, low+1, …, high with equal probability."""

    kind: Literal["uniform_int"] = "uniform_int"
    low: int = Field(ge=0)
    high: int = Field(ge=0)
    discrete: ClassVar[bool] = True

    @model_validator(mode="after")
    def _ordered(self) -> UniformInt:
        if not self.low <= self.high:
            raise ValueError(f"low ({self.low}) must not exceed high ({self.high})")
        return self

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray[Any, Any]:
        return rng.integers(self.low, self.high + 1, size)

    @property
    def mean(self) -> float:
        return (self.low + self.high) / 2

    @property
    def variance(self) -> float:
        n = self.high - self.low + 1
        return (n * n - 1) / 12

    def quantile(self, p: float) -> float:
        return float(stats.randint.ppf(p, self.low, self.high + 1))

    @property
    def is_constant(self) -> bool:
        return self.low == self.high
