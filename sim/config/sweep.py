"""Scenario schema, sweeps: parameters to vary and how points are drawn (run with `supplysim sweep`; docs/EXPERIMENTS.md)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from sim.config.common import Strict

SWEEP_PATH = re.compile(r"^[^.\s=,]+(\.[^.\s=,]+)*$")
"""A dotted path as `--set` takes it: keys, list indices or item names (`policies.stocked.reorder.s`)."""

SweepMethod = Literal["grid", "latin_hypercube", "random"]
SWEEP_METHODS: tuple[str, ...] = get_args(SweepMethod)


class SweepRange(Strict):
    """A numeric range for a swept parameter: `steps` evenly spaced values (grid), or draws
    (latin_hypercube, random) uniform on [low, high], whole numbers only with `integer: true`."""

    low: float
    high: float
    steps: int | None = Field(default=None, ge=2, le=100_000, description="grid only: number of evenly spaced values")
    integer: bool = Field(default=False, description="whole numbers only (grid values are rounded)")

    @model_validator(mode="after")
    def _ordered(self) -> SweepRange:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low:g}) must be below high ({self.high:g})")
        if self.integer and (not float(self.low).is_integer() or not float(self.high).is_integer()):
            raise ValueError("an integer range needs whole-number low and high")
        return self


def _values_or_range(value: Any) -> str | None:
    if isinstance(value, list):
        return "list[values]"
    if isinstance(value, dict | SweepRange):
        return "range[low, high]"
    return None


# A list is a list of values and a mapping is a range; anything else gets one clear message. (The
# tags are written like generics, `list[…]`, which the loader leaves out of key paths.)
SweepValues = Annotated[
    Annotated[Annotated[list[Any], Field(min_length=1)], Tag("list[values]")]
    | Annotated[SweepRange, Tag("range[low, high]")],
    Discriminator(
        _values_or_range,
        custom_error_type="sweep_values",
        custom_error_message="give a list of values, e.g. [0.9, 0.95, 0.98], or a range, e.g. {low: 0.8, high: 0.99, steps: 5}",
    ),
]


class Sweep(Strict):
    """Parameters to vary, each a dotted path (as `--set` takes it) with a list of values or a range.

    `grid` runs every combination (ranges need `steps`); `latin_hypercube` and `random` draw
    `samples` points from their own `seed`: ranges uniformly, lists as equally likely choices.
    Every point runs every policy for the same replications (common random numbers).
    """

    method: SweepMethod = "grid"
    parameters: dict[str, SweepValues] = Field(min_length=1, description="dotted path → values or range")
    samples: int | None = Field(default=None, ge=1, le=1_000_000, description="latin_hypercube and random only")
    seed: int = Field(default=0, ge=0, lt=2**63, description="seed of the sampling design (not of the runs)")

    @field_validator("parameters")
    @classmethod
    def _not_meta(cls, v: dict[str, Any]) -> dict[str, Any]:
        for path in v:
            if not SWEEP_PATH.match(path):
                raise ValueError(
                    f"{path!r} is not a dotted path; write it as --set takes it, e.g. policies.stocked.reorder.s"
                )
            if path.split(".")[0] in ("sweep", "extends"):
                raise ValueError(f"{path!r}: the sweep cannot vary `sweep` or `extends`")
        return v

    @model_validator(mode="after")
    def _method_fits(self) -> Sweep:
        ranges = {p: r for p, r in self.parameters.items() if isinstance(r, SweepRange)}
        if self.method == "grid":
            if self.samples is not None:
                raise ValueError("samples is for method latin_hypercube or random; a grid runs every combination")
            missing = [p for p, r in ranges.items() if r.steps is None]
            if missing:
                raise ValueError(f"a grid range needs steps (how many values): {', '.join(missing)}")
        else:
            if self.samples is None:
                raise ValueError(f"method {self.method} needs samples (how many points to draw)")
            stepped = [p for p, r in ranges.items() if r.steps is not None]
            if stepped:
                raise ValueError(f"steps is for method grid; {self.method} draws from the range: {', '.join(stepped)}")
        return self
