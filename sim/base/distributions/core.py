"""The contract every distribution family keeps: a frozen pydantic model that samples and knows its moments.

`sample(rng, n)` draws with the generator it is given (never a global one); `mean`, `variance`,
`sd` and `quantile(p)` are analytic; `ppf(u)` turns shared uniforms into draws (continuous
families); `is_constant` lets a sampler skip its generator; `discrete` families return integers.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np
from pydantic import model_validator

from sim.base.limits import MAX_MEAN
from sim.base.strict import Strict

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


class _Dist(Strict):
    """Parameters are finite numbers (not booleans), and the law's mean and sd are finite and at most
    `MAX_MEAN` (docs/LIMITS.md): an sd of 1e30 or a bound of 1e20 days is a located error, not
    garbage or an overflow in the run."""

    discrete: ClassVar[bool] = False

    @model_validator(mode="after")
    def _sane_moments(self) -> _Dist:
        try:
            mean, sd = self.mean, self.sd
        except OverflowError:  # e.g. exp() of a huge sigma²
            mean = sd = math.inf
        except (ArithmeticError, ValueError):  # parameters the family's own checks reject
            return self
        if not (math.isfinite(mean) and math.isfinite(sd) and abs(mean) <= MAX_MEAN and sd <= MAX_MEAN):
            raise ValueError(
                f"these parameters give a mean of {mean:.4g} and an sd of {sd:.4g}; both must be finite and at "
                f"most {MAX_MEAN:.0e} (docs/LIMITS.md): check the units and the parameters"
            )
        return self

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
