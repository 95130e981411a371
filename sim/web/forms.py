"""The form of a scenario's key parameters, generated from the JSON Schema, and "save as variant".

`key_fields` walks the scenario's data (its `extends` chain merged, as the loader sees it) in the
sections a planner changes — the run (horizon, warm-up, replications, seed), demand (each SKU's
demand model), nodes (fees, capacities, pick/pack), policies (reorder parameters) and costs — and
offers every leaf the schema (`sim.config.schema.scenario_schema`) types as a number, an integer or
a boolean, labelled and explained by the schema's title and description, bounded by its limits.

`variant_text` turns the submitted values into a scenario that `extends:` the base and restates
only what changed: a changed mapping value is written alone (mappings merge key by key, see
sim.config.extends); a change inside a list (SKUs, nodes, policies) restates that whole list,
because lists replace whole. Values are read as YAML, as `--set` reads them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from sim.config.loader import set_value
from sim.config.schema import scenario_schema

Step = str | int
RUN_KEYS = ("horizon_days", "warmup_days", "replications", "seed")
LIST_SECTIONS = (("demand", "skus", "id"), ("nodes", "nodes", "name"), ("policies", "policies", "name"))
VARIANT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")
MAX_FIELDS = 400


@dataclass(frozen=True)
class Field:
    """One input of the form: `name` is its dotted path with list indices (`skus.0.demand.orders_per_day`)."""

    section: str
    path: tuple[Step, ...]
    label: str
    value: str
    kind: str  # number, integer, boolean
    help: str
    minimum: float | None = None
    maximum: float | None = None

    @property
    def name(self) -> str:
        return ".".join(str(s) for s in self.path)


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return scenario_schema()


def _deref(node: dict[str, Any]) -> dict[str, Any]:
    defs = _schema().get("$defs", {})
    while "$ref" in node:
        node = {**defs[node["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _branch(node: dict[str, Any], data: Any) -> dict[str, Any]:
    """The branch of a union that fits `data` (by its `kind`, else the first object branch)."""
    node = _deref(node)
    options = node.get("oneOf") or node.get("anyOf")
    if not options:
        return node
    kind = data.get("kind") if isinstance(data, dict) else None
    mapping = node.get("discriminator", {}).get("mapping", {})
    if kind in mapping:
        return _branch({"$ref": mapping[kind]}, data)
    branches = [_deref(option) for option in options]
    if isinstance(data, list):  # e.g. `skus:` is a list of SKUs or one catalogue file
        arrays = [b for b in branches if b.get("type") == "array"]
        return arrays[0] if arrays else node
    objects = [b for b in branches if b.get("type") == "object" or "properties" in b]
    if isinstance(data, dict):  # the object branch whose fields the data has (a Sku, not a SkuFile)
        fitting = [b for b in objects if set(b.get("required", [])) <= data.keys() <= b.get("properties", {}).keys()]
        objects = fitting or objects
    return _branch(objects[0], data) if objects else node


def schema_at(path: tuple[Step, ...], data: Any) -> dict[str, Any] | None:
    """The schema of the value at `path` in the scenario `data` (None when the schema does not say)."""
    node: dict[str, Any] = _schema()
    here = data
    for step in path:
        node = _branch(node, here)
        node = node.get("items") or {} if isinstance(step, int) else node.get("properties", {}).get(step) or {}
        if not node:
            return None
        if isinstance(here, dict):
            here = here.get(step)
        elif isinstance(here, list) and isinstance(step, int):
            here = here[step]
        else:
            here = None
    described = {k: v for k, v in _deref(node).items() if k in ("description", "title")}
    return {**_branch(node, here), **{k: v for k, v in node.items() if k in ("description", "title")}, **described}


def _leaves(value: Any, path: tuple[Step, ...]) -> Iterator[tuple[tuple[Step, ...], Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "kind":
                yield from _leaves(item, (*path, key))
    elif not isinstance(value, list):
        yield path, value


def _field(section: str, label_prefix: str, path: tuple[Step, ...], value: Any, data: Any) -> Field | None:
    schema = schema_at(path, data)
    if schema is None:
        return None
    types = schema.get("type")
    kinds = [o.get("type") for o in schema.get("anyOf", [])] if types is None else [types]
    kind = next((k for k in ("integer", "number", "boolean") if k in kinds), None)
    if kind is None or isinstance(value, str):
        return None
    shown = "true" if value is True else "false" if value is False else "" if value is None else str(value)
    tail = ".".join(str(s) for s in path[(2 if label_prefix else 0) :])
    bounds = [schema.get(k) for k in ("minimum", "exclusiveMinimum")]
    tops = [schema.get(k) for k in ("maximum", "exclusiveMaximum")]
    return Field(
        section,
        path,
        f"{label_prefix} · {tail}" if label_prefix else tail,
        shown,
        kind,
        " ".join(str(schema.get(k, "")) for k in ("title", "description")).strip(),
        next((b for b in bounds if b is not None), None),
        next((t for t in tops if t is not None), None),
    )


def key_fields(data: Mapping[str, Any]) -> list[Field]:
    """The form's inputs for the scenario `data`, section by section (see the module docstring)."""
    fields: list[Field | None] = [_field("run", "", (k,), data[k], data) for k in RUN_KEYS if k in data]
    for section, key, ident in LIST_SECTIONS:
        for i, item in enumerate(data.get(key) or []):
            if not isinstance(item, dict):
                continue
            part = {"demand": item.get("demand")} if section == "demand" else item
            prefix = str(item.get(ident, i))
            fields += [_field(section, prefix, (key, i, *p), v, data) for p, v in _leaves(part, ())]
    costs = data.get("costs")
    if isinstance(costs, dict):
        fields += [_field("costs", "", ("costs", *p), v, data) for p, v in _leaves(costs, ())]
    return [f for f in fields if f is not None][:MAX_FIELDS]


class VariantError(ValueError):
    """The submitted form cannot become a variant; `problems` maps a field name (or "") to what is wrong."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{k or 'variant'}: {v}" for k, v in problems.items()))


def changed_values(data: Mapping[str, Any], submitted: Mapping[str, str]) -> dict[tuple[Step, ...], Any]:
    """The form's values that differ from the scenario's, by path (values read as YAML, as --set does)."""
    changes: dict[tuple[Step, ...], Any] = {}
    problems: dict[str, str] = {}
    for field in key_fields(data):
        if field.name not in submitted:
            continue
        text = submitted[field.name].strip()
        if text == field.value:
            continue
        try:
            value = yaml.safe_load(text) if text else None
        except yaml.YAMLError:
            problems[field.name] = f"{text!r} is not a value; write a number like 0.95"
            continue
        ok = isinstance(value, bool) if field.kind == "boolean" else isinstance(value, (int, float))
        if (
            not ok
            or (field.kind == "integer" and not isinstance(value, int))
            or isinstance(value, bool) != (field.kind == "boolean")
        ):
            problems[field.name] = (
                f"{text!r}: {field.label} takes {'true or false' if field.kind == 'boolean' else 'a whole number' if field.kind == 'integer' else 'a number'}"
            )
            continue
        changes[field.path] = value
    if problems:
        raise VariantError(problems)
    return changes


def variant_text(base_name: str, data: Mapping[str, Any], changes: Mapping[tuple[Step, ...], Any], name: str) -> str:
    """The variant's YAML: `extends: <base_name>`, its own `name`, and only the changed values."""
    merged = copy.deepcopy(dict(data))
    out: dict[str, Any] = {"extends": base_name, "name": name}
    lists: set[str] = set()
    for path, value in changes.items():
        set_value(merged, [str(s) for s in path], value)
        if any(isinstance(s, int) for s in path):
            lists.add(str(path[0]))
            continue
        node = out
        for step in path[:-1]:
            node = node.setdefault(str(step), {})
        node[str(path[-1])] = value
    for key in sorted(lists):
        out[key] = merged[key]
    header = f"# {name}: a variant of {base_name}, written by the supplysim workbench; only the changes are here.\n"
    return header + yaml.safe_dump(out, sort_keys=False, allow_unicode=True, default_flow_style=None, width=120)
