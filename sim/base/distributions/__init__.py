"""Probability distributions as small value objects: validated parameters, sampling, analytic moments.

Each distribution is a frozen pydantic model tagged by `kind`, so the scenario YAML names it
directly (`{kind: triangular, low: 1, mode: 2, high: 4}`) and the same object samples
(`sample(rng, n)`) and reports its analytic `mean`, `variance` and `quantile(p)`, which the
policies (safety stock), the router (delivery promises) and the validation suite use.

Everything in this domain is non-negative (durations, quantities), so every family here has
non-negative support; the normal is truncated at zero (resampled, not clipped) and its moments are
those of the truncated law. Discrete families (`poisson`, `geometric`, `negative_binomial`,
`uniform_int`) return integers. Randomness is always passed in: no global generator.

The package's modules: `core` (the shared contract, `_Dist`), `continuous` (fixed, uniform,
triangular, normal, lognormal, gamma, exponential, empirical), `discrete` (poisson, geometric,
negative binomial, uniform_int), `kinds` (the unions a scenario field accepts, and `REGISTRY`),
`sampler` (`BufferedSampler`, one draw at a time for the simulator). Import them from here.
"""

from sim.base.distributions.continuous import (
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
)
from sim.base.distributions.core import FloatArray, _Dist
from sim.base.distributions.discrete import Geometric, NegativeBinomial, Poisson, UniformInt
from sim.base.distributions.kinds import REGISTRY, Continuous, Count, Distribution, Duration, Quantity
from sim.base.distributions.sampler import BufferedSampler

__all__ = [
    "REGISTRY",
    "BufferedSampler",
    "Continuous",
    "Count",
    "Distribution",
    "Duration",
    "Empirical",
    "Exponential",
    "Fixed",
    "FloatArray",
    "Gamma",
    "Geometric",
    "LogNormal",
    "NegativeBinomial",
    "Normal",
    "Poisson",
    "Quantity",
    "Triangular",
    "Uniform",
    "UniformInt",
    "_Dist",
]
