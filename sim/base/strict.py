"""The pydantic foundations every input file model shares: a strict frozen base and a name type.

Domain-free, so both the history-file spec (`sim.history.spec`) and the scenario schema
(`sim.config`) build on it.
"""

from __future__ import annotations

import functools
import types
import typing
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError


def _numeric_without_bool(annotation: Any) -> bool:
    """Whether a field of this type takes numbers but not booleans (so `true` must not pass as 1)."""
    found: set[Any] = set()

    def walk(tp: Any) -> None:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            walk(typing.get_args(tp)[0])
        elif origin in (typing.Union, types.UnionType):
            for arg in typing.get_args(tp):
                walk(arg)
        else:
            found.add(tp)

    walk(annotation)
    return bool(found & {int, float}) and not found & {bool, Any, object}


def _element_type(annotation: Any) -> Any | None:
    """The element type of a list / tuple / dict field, else None."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _element_type(typing.get_args(annotation)[0])
    args = typing.get_args(annotation)
    if origin in (list, tuple, set, frozenset) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            inner = _element_type(arg)
            if inner is not None:
                return inner
    return None


@functools.cache
def _number_fields(model: type[BaseModel]) -> dict[str, tuple[bool, bool]]:
    """Input keys (name and alias) of `model`'s fields that take numbers but not booleans:
    key → (the field is a number, the field is a list / mapping of numbers)."""
    out: dict[str, tuple[bool, bool]] = {}
    for name, info in model.model_fields.items():
        scalar = _numeric_without_bool(info.annotation)
        inner = _element_type(info.annotation)
        container = inner is not None and _numeric_without_bool(inner)
        if scalar or container:
            for key in {
                name,
                info.alias or name,
                info.validation_alias if isinstance(info.validation_alias, str) else name,
            }:
                out[key] = (scalar, container)
    return out


def bool_number_errors(model: type[BaseModel], data: dict[Any, Any]) -> list[InitErrorDetails]:
    """Errors for booleans given where `model` takes a number (pydantic's lax mode reads `true` as 1),
    each at its key, or its element's index. Looks only at the model's number fields (fast: it runs
    for every model built, e.g. 100,000 generated tail SKUs)."""
    errors: list[InitErrorDetails] = []
    for key, (scalar, container) in _number_fields(model).items():
        value = data.get(key)
        if value is None:
            continue
        if value.__class__ is bool:
            if scalar:
                errors.append(_bool_error((key,), value))
        elif container and isinstance(value, list | tuple | dict):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            errors += [_bool_error((key, i), v) for i, v in items if v.__class__ is bool]
    return errors


def _bool_error(loc: tuple[Any, ...], value: bool) -> InitErrorDetails:
    message = f"{str(value).lower()} is a boolean, not a number; write a number"
    return InitErrorDetails(type=PydanticCustomError("bool_number", message), loc=loc, input=value)


class Strict(BaseModel):
    """Base of every scenario model: immutable, unknown keys rejected, every number finite (NaN and
    ±inf are errors: `allow_inf_nan=False`), and booleans never taken for numbers."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _no_bool_numbers(cls, data: Any) -> Any:
        if isinstance(data, dict):
            errors = bool_number_errors(cls, data)
            if errors:
                raise ValidationError.from_exception_data(cls.__name__, errors)
        return data


Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^\S(.*\S)?$")]
"""A name other parts of the scenario refer to: any text without leading or trailing spaces."""


def relative_to_scenario(value: str, info: ValidationInfo) -> str:
    """A file path resolved against the scenario's folder (validation context `scenario_dir`), when
    the loader gives one and the path is relative; otherwise the path as written."""
    base = (info.context or {}).get("scenario_dir") if isinstance(info.context, dict) else None
    if base is None or Path(value).is_absolute():
        return value
    return str((Path(base) / value).resolve())
