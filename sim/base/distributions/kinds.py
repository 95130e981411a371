"""Which families a scenario field accepts (`Duration`, `Quantity`, `Count`), and every family by its `kind`.

`REGISTRY` is derived from the `Distribution` union, so the two cannot drift apart: adding a
family means adding it to `Distribution` (and to the narrower unions that accept it).
"""

from __future__ import annotations

from typing import Annotated, get_args

from pydantic import Field

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
from sim.base.distributions.core import _Dist
from sim.base.distributions.discrete import Geometric, NegativeBinomial, Poisson, UniformInt

Continuous = Fixed | Uniform | Triangular | Normal | LogNormal | Gamma | Exponential | Empirical
"""Families for durations and money: any non-negative real."""

Duration = Annotated[Continuous, Field(discriminator="kind")]
"""A non-negative random duration (the unit is in the field's name, e.g. `lead_time_days`)."""

Quantity = Annotated[Continuous | Poisson | NegativeBinomial | UniformInt, Field(discriminator="kind")]
"""A random non-negative amount per period (e.g. units a day); rounded to whole units when used."""

Count = Annotated[Fixed | Geometric | Poisson | NegativeBinomial | UniformInt | Empirical, Field(discriminator="kind")]
"""A whole number of units, such as an order size (rounded when a family yields fractions)."""

Distribution = Continuous | Poisson | Geometric | NegativeBinomial | UniformInt
"""Every family, continuous then discrete: the order of `REGISTRY`."""

REGISTRY: dict[str, type[_Dist]] = {cls.model_fields["kind"].default: cls for cls in get_args(Distribution)}
"""Every distribution family by its YAML `kind`."""
