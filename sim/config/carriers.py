"""Scenario schema, carriers: services with pickups, zone rates, reliability and delay windows (docs/ROUTING.md)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator, model_validator

from sim.base.distributions import Duration
from sim.base.timebase import WEEKDAYS
from sim.config.common import WORKDAYS, Clock, SimpleName, Strict, Weekday


class ZoneRate(Strict):
    """What one shipment costs and how long it travels in a zone (calendar days)."""

    zone: int = Field(ge=1, le=99, description="the zone this rate applies to")
    transit_days: Duration = Field(description="pickup → delivery, calendar days")
    cost_per_shipment: float = Field(ge=0, description="charge per parcel")
    cost_per_kg: float = Field(default=0.0, ge=0, description="charge per kg of the parcel")


class DelayWindow(Strict):
    """A date range (both ends inclusive, by pickup date) in which a parcel is delayed by `delay_days`
    with probability `probability`, on top of its normal transit and any lateness."""

    start: dt.date = Field(description="first pickup date of the window")
    end: dt.date = Field(description="last pickup date of the window (inclusive)")
    probability: float = Field(default=1.0, gt=0, le=1, description="share of the window's parcels delayed")
    delay_days: Duration = Field(description="extra calendar days of a delayed parcel")

    @model_validator(mode="after")
    def _ordered(self) -> DelayWindow:
        if self.end < self.start:
            raise ValueError(f"end ({self.end}) is before start ({self.start})")
        return self


class CarrierService(Strict):
    """A parcel service: one pickup a day at `pickup_time` on `pickup_days`, rates by zone; or, with
    `collection: continuous`, no scheduled pickup: each parcel leaves the moment it is packed."""

    name: SimpleName = Field(description="the service's name; nodes write carrier.service")
    pickup_time: Clock = Field(default="17:00", description="time of the daily pickup")
    pickup_days: list[Weekday] = Field(
        default_factory=lambda: list(WORKDAYS), min_length=1, description="weekdays with a pickup"
    )
    rates: list[ZoneRate] = Field(min_length=1, description="one rate per zone served")
    # -- reliability and calendar (docs/ROUTING.md); the defaults reproduce a perfectly punctual carrier
    on_time_probability: float = Field(
        default=1.0, ge=0, le=1, description="probability a parcel arrives within its lane's transit time"
    )
    late_days: Duration | None = Field(
        default=None, description="extra calendar days of a late parcel (needed when on_time_probability < 1)"
    )
    holidays: list[dt.date] = Field(default_factory=list, description="dates with no pickup (besides pickup_days)")
    peak_windows: list[DelayWindow] = Field(
        default_factory=list, description="peak-season windows: parcels picked up inside may be delayed further"
    )
    delay_windows: list[DelayWindow] = Field(
        default_factory=list, description="carrier disruptions: parcels picked up inside may be delayed further"
    )
    collection: Literal["scheduled", "continuous"] = Field(
        default="scheduled",
        description="scheduled: the daily pickup; continuous: each parcel leaves when packed (a courier on call, "
        "a partner's own van), so no pickup_time, pickup_days, holidays or node cut-off apply",
    )

    @model_validator(mode="after")
    def _continuous_has_no_schedule(self) -> CarrierService:
        if self.collection == "continuous":
            given = [k for k in ("pickup_time", "pickup_days", "holidays") if k in self.model_fields_set]
            if given:
                raise ValueError(
                    f"collection: continuous has no scheduled pickup, so {', '.join(given)} "
                    f"{'does' if len(given) == 1 else 'do'} not apply; remove {'it' if len(given) == 1 else 'them'} "
                    "or use collection: scheduled"
                )
        return self

    @model_validator(mode="after")
    def _late_needs_days(self) -> CarrierService:
        if self.on_time_probability < 1 and self.late_days is None:
            raise ValueError("on_time_probability below 1 needs late_days (the delay distribution of a late parcel)")
        if self.on_time_probability == 1 and self.late_days is not None:
            raise ValueError("late_days is only used when on_time_probability is below 1")
        return self

    @field_validator("pickup_days")
    @classmethod
    def _unique_days(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("pickup_days lists a day twice")
        return sorted(v, key=WEEKDAYS.index)

    @field_validator("rates")
    @classmethod
    def _unique_zones(cls, v: list[ZoneRate]) -> list[ZoneRate]:
        zones = [r.zone for r in v]
        if len(set(zones)) != len(zones):
            raise ValueError("each zone may have only one rate")
        return v


class Carrier(Strict):
    """A carrier and its services; nodes refer to a service as `carrier.service`."""

    name: SimpleName = Field(description="the carrier's name")
    services: list[CarrierService] = Field(min_length=1, description="its services (ground, express, …)")
