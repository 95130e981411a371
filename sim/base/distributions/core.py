"""The contract every distribution family keeps: a frozen pydantic model that samples and knows its moments.

`sample(rng, n)` draws with the generator it is given (never a global one); `mean`, `variance`,
`sd` and `quantile(p)` are analytic; `ppf(u)` turns shared uniforms into draws (continuous
families); `is_constant` lets a sampler skip its generator; `discrete` families return integers.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np
from pydantic import BaseModel, ConfigDict

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
