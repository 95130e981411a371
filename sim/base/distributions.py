"""Probability distributions as small value objects: validated parameters, sampling, analytic moments.

Each distribution is a frozen pydantic model tagged by `kind`, so the scenario YAML names it
directly (`{kind: triangular, low: 1, mode: 2, high: 4}`) and the same object samples
(`sample(rng, n)`) and reports its analytic `mean`, `variance` and `quantile(p)`, which the
policies (safety stock), the router (delivery promises) and the validation suite use.

Everything in this domain is non-negative (durations, quantities), so every family here has
non-negative support; the normal is truncated at zero (resampled, not clipped) and its moments are
those of the truncated law. Discrete families (`poisson`, `geometric`, `negative_binomial`,
`uniform_int`) return integers. Randomness is always passed in: no global generator.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from scipy import special, stats

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


class _Dist(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    discrete: ClassVar[bool] = False

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray[Any, Any]:
        raise NotImplementedError

    @property
    def mean(self) -> float:
        raise NotImplementedError

    @property
    def variance(self) -> float:
        raise NotImplementedError

    @property
    def sd(self) -> float:
        return math.sqrt(self.variance)

    def quantile(self, p: float) -> float:
        raise NotImplementedError

    def ppf(self, u: FloatArray) -> FloatArray:
        """The inverse CDF at each of `u` (continuous families): turns shared uniforms into draws."""
        raise NotImplementedError(f"{type(self).__name__} has no vectorised inverse CDF")

    @property
    def is_constant(self) -> bool:
        return False


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


Continuous = Fixed | Uniform | Triangular | Normal | LogNormal | Gamma | Exponential | Empirical
"""Families for durations and money: any non-negative real."""

Duration = Annotated[Continuous, Field(discriminator="kind")]
"""A non-negative random duration (the unit is in the field's name, e.g. `lead_time_days`)."""

Quantity = Annotated[Continuous | Poisson | NegativeBinomial | UniformInt, Field(discriminator="kind")]
"""A random non-negative amount per period (e.g. units a day); rounded to whole units when used."""

Count = Annotated[Fixed | Geometric | Poisson | NegativeBinomial | UniformInt | Empirical, Field(discriminator="kind")]
"""A whole number of units, such as an order size (rounded when a family yields fractions)."""

Distribution = (
    Fixed
    | Uniform
    | Triangular
    | Normal
    | LogNormal
    | Gamma
    | Exponential
    | Empirical
    | Poisson
    | Geometric
    | NegativeBinomial
    | UniformInt
)

REGISTRY: dict[str, type[_Dist]] = {
    cls.model_fields["kind"].default: cls
    for cls in (
        Fixed,
        Uniform,
        Triangular,
        Normal,
        LogNormal,
        Gamma,
        Exponential,
        Empirical,
        Poisson,
        Geometric,
        NegativeBinomial,
        UniformInt,
    )
}
"""Every distribution family by its YAML `kind`."""


class BufferedSampler:
    """Draws one value at a time from a distribution, sampling numpy in blocks for speed.

    `scale` converts the distribution's unit to the integer the caller wants (e.g. 86 400 turns
    days into seconds); results are rounded to whole numbers. A constant distribution never
    touches its generator, so switching a lead time from random to fixed leaves other draws as
    they were.
    """

    __slots__ = ("_block", "_buf", "_const", "_dist", "_i", "_rng", "_scale")

    def __init__(self, dist: _Dist, rng: np.random.Generator, scale: float = 1.0, block: int = 256) -> None:
        self._dist = dist
        self._rng = rng
        self._scale = scale
        self._block = block
        self._buf: list[int] = []
        self._i = 0
        self._const: int | None = round(dist.mean * scale) if dist.is_constant else None

    def __call__(self) -> int:
        if self._const is not None:
            return self._const
        i = self._i
        if i >= len(self._buf):
            raw = self._dist.sample(self._rng, self._block) * self._scale
            self._buf = np.rint(raw).astype(np.int64).tolist()
            i = 0
        self._i = i + 1
        return self._buf[i]
