"""The pydantic foundations every input file model shares: a strict frozen base and a name type.

Domain-free, so both the history-file spec (`sim.history.spec`) and the scenario schema
(`sim.config`) build on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo


class Strict(BaseModel):
    """Base of every scenario model: immutable, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")


Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^\S(.*\S)?$")]
"""A name other parts of the scenario refer to: any text without leading or trailing spaces."""


def relative_to_scenario(value: str, info: ValidationInfo) -> str:
    """A file path resolved against the scenario's folder (validation context `scenario_dir`), when
    the loader gives one and the path is relative; otherwise the path as written."""
    base = (info.context or {}).get("scenario_dir") if isinstance(info.context, dict) else None
    if base is None or Path(value).is_absolute():
        return value
    return str((Path(base) / value).resolve())
