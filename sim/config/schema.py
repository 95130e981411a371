"""The scenario's JSON Schema, for editors (VS Code's YAML extension, JetBrains) to validate as you type.

`python -m sim.config.schema` rewrites `schemas/scenario.schema.json`; a test checks the committed
file matches the models. Point an editor at it with a first line in the YAML:
`# yaml-language-server: $schema=../schemas/scenario.schema.json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sim.config.catalogue_file import with_file_entries
from sim.config.scenario import Scenario

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "scenario.schema.json"


def scenario_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema(by_alias=True)
    with_file_entries(schema)  # skus: {path: items.csv} (sim.config.catalogue_file)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://supplysim.example/schemas/scenario.schema.json"
    return schema


def schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    SCHEMA_PATH.parent.mkdir(exist_ok=True)
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(SCHEMA_PATH)


if __name__ == "__main__":
    main()
