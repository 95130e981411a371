"""Scenario schema, shared types: the strict base, names, clock and cut-off fields, weekdays.

`Strict` and `Name` live in `sim.base.strict` (the history-file spec uses them too); they are
re-exported here so every topic module of the schema imports its building blocks from one place.
"""

from __future__ import annotations

from typing import Annotated, Any, get_args

from pydantic import AfterValidator, Field

from sim.base.strict import Name, Strict, relative_to_scenario
from sim.base.timebase import CLOCK_PATTERN, Weekday, parse_clock

SimpleName = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")]
"""A name that becomes part of a file path or a dotted reference: letters, digits, `_` and `-`."""


def _check_clock(value: str) -> str:
    parse_clock(value)
    return value


Clock = Annotated[
    str,
    AfterValidator(_check_clock),
    Field(json_schema_extra={"pattern": CLOCK_PATTERN}, description="time of day, 'HH:MM'"),
]
"""A time of day, checked by `sim.base.timebase.parse_clock` (the JSON Schema shows its pattern)."""

Cutoff = Annotated[Clock | None, Field(default=None, description="latest ready time for the day's pickup")]
"""The daily cut-off of a node that ships to customers (default: its carrier service's pickup time).
The one declaration of the field; stock nodes word its description for packing."""

WORKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")


def kind_of(model: Any) -> str:
    """The `kind` a model of a discriminated union is tagged with (its `Literal` value)."""
    value: str = get_args(model.model_fields["kind"].annotation)[0]
    return value


def kinds_of(union: Any) -> tuple[str, ...]:
    """The kinds of a discriminated union `Annotated[A | B | …, Field(discriminator="kind")]`, in order."""
    return tuple(kind_of(model) for model in get_args(get_args(union)[0]))


__all__ = [
    "WORKDAYS",
    "Clock",
    "Cutoff",
    "Name",
    "SimpleName",
    "Strict",
    "Weekday",
    "kind_of",
    "kinds_of",
    "relative_to_scenario",
]
