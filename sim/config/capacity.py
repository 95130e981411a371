"""Scenario schema, finite capacity (docs/NETWORK.md, "Capacity"): shift calendars for pick/pack,
parcels per carrier pickup, daily capacity of dropship partners and suppliers; and `extensions`,
user code that adds SimPy processes or resources to the model (docs/EXTENDING_THE_MODEL.md).

Everything here is optional: without a `capacity:` block the model is the unlimited one.
"""

from __future__ import annotations

import datetime as dt
import itertools

from pydantic import Field, model_validator

from sim.base.timebase import Weekday
from sim.config.common import Name, Strict


class Shift(Strict):
    """One shift of a day: pick/pack works from `start` to `end` (hours of the day, 0–24)."""

    start: float = Field(ge=0, le=24, description="hour of the day the shift starts (0–24)")
    end: float = Field(ge=0, le=24, description="hour of the day the shift ends (0–24, after start)")

    @model_validator(mode="after")
    def _ordered(self) -> Shift:
        if self.end <= self.start:
            raise ValueError(f"the shift ends ({self.end}) at or before it starts ({self.start}); end must be later")
        return self


class Shifts(Strict):
    """When a node's pick/pack stations work. Days not listed in `hours` and `holidays` are closed;
    orders queue outside shifts and are picked when the next shift opens (work in progress at the
    end of a shift stops and resumes at the next one). `overtime_hours`: when orders are still
    waiting or in progress at the end of a day's last shift, every station works that many hours
    more, paid at `overtime_cost_per_hour` per station-hour (cost component `fulfillment`)."""

    hours: dict[Weekday, list[Shift]] = Field(description="weekday (mon…sun) → its shifts, in hours of the day")
    holidays: list[dt.date] = Field(default_factory=list, description="dates with no shift at all")
    overtime_hours: float = Field(default=0.0, ge=0, le=24, description="extra hours after the last shift of a day")
    overtime_cost_per_hour: float = Field(default=0.0, ge=0, description="cost per station-hour of overtime")

    @model_validator(mode="after")
    def _no_overlap(self) -> Shifts:
        if not any(self.hours.values()):
            raise ValueError("there is no shift on any weekday, so orders would never be picked; give hours")
        for day, shifts in self.hours.items():
            ordered = sorted(shifts, key=lambda s: s.start)
            for a, b in itertools.pairwise(ordered):
                if b.start < a.end:
                    raise ValueError(
                        f"{day}: shifts {a.start}–{a.end} and {b.start}–{b.end} overlap; "
                        "make them consecutive (one ends where the next starts) or merge them"
                    )
            if ordered and ordered[-1].end + self.overtime_hours > 24:
                raise ValueError(
                    f"{day}: the last shift ends at {ordered[-1].end} and overtime_hours {self.overtime_hours} "
                    "would run past midnight; shorten the overtime or the shift"
                )
        return self


class NodeCapacity(Strict):
    """Finite capacity at one node. Each part is optional."""

    shifts: Shifts | None = Field(default=None, description="pick/pack shift calendar (a node with pick_pack)")
    parcels_per_pickup: int | None = Field(
        default=None, ge=1, description="most parcels one carrier pickup takes; the rest wait for the next pickup"
    )
    units_per_day: float | None = Field(
        default=None, gt=0, description="a dropship partner's daily capacity (units); the rest wait for the next day"
    )


class SupplierCapacity(Strict):
    """Finite capacity at one supplier."""

    units_per_day: float = Field(
        gt=0, description="units the supplier starts per day, over all purchase orders, first come first served"
    )


class Capacity(Strict):
    """Finite capacity by node and supplier name (docs/NETWORK.md, "Capacity")."""

    nodes: dict[Name, NodeCapacity] = Field(default_factory=dict, description="node name → its capacity")
    suppliers: dict[Name, SupplierCapacity] = Field(default_factory=dict, description="supplier name → its capacity")


ExtensionPath = str
"""'package.module:function': a function called with the built model (sim.model.extensions)."""


__all__ = ["Capacity", "ExtensionPath", "NodeCapacity", "Shift", "Shifts", "SupplierCapacity"]
