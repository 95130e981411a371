"""A 1,000-SKU catalogue loaded from a CSV file against the same catalogue written in YAML (issue 14).

`scenarios/multichannel.yaml` with its long tail grown to 990 SKUs and written out (1,000 SKUs in
all, each with a category and tags): once with all 1,000 SKUs in the scenario YAML, once with the
990 tail SKUs in `items.csv` (`skus: [..10 YAML SKUs.., {path: items.csv}]`). For each it times
`load_scenario` (the whole validation: YAML, schema, references), the build (network and plan) and
one replication of one policy, medians over --repeats rounds that alternate the two forms, and
checks both give the same KPIs.

    python benchmarks/catalogue_file.py                 # 90 days, policy hybrid, 5 repeats
    python benchmarks/catalogue_file.py --days 365 --policy stocked

prints one JSON line per form: form, skus, repeats, t_validate_s, t_build_s, t_sim_s (medians), fill_rate,
and a last line with the KPIs' equality.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from sim.config.catalogue import long_tail_skus
from sim.config.loader import load_scenario
from sim.config.models import LongTail
from sim.metrics.kpis import kpis
from sim.model.model import Model
from sim.network.build import build_network
from sim.plan.build import make_plan

HEADLINE = Path(__file__).resolve().parents[1] / "scenarios" / "multichannel.yaml"
TAIL_SKUS = 990
CATEGORIES = ("kitchen", "apparel", "decor", "stationery", "toys")


def write_forms(folder: Path, days: float) -> tuple[Path, Path]:
    """The scenario with every SKU in YAML, and with the tail in items.csv."""
    doc: dict[str, Any] = yaml.safe_load(HEADLINE.read_text())
    doc["horizon_days"] = days
    doc["warmup_days"] = 28  # the workload its figures were measured with (the headline now has 119)
    doc["replications"] = 1
    tail_spec = doc.pop("long_tail")
    tail_spec["count"] = TAIL_SKUS
    tail = long_tail_skus(LongTail.model_validate(tail_spec))
    rows = [
        {
            "id": s.id,
            "name": f"Item {i}",
            "category": CATEGORIES[i % len(CATEGORIES)],
            "tags": "gift;tail" if i % 3 == 0 else "tail",
            "unit_cost": repr(s.unit_cost),
            "price": repr(s.price),
            "weight_kg": repr(s.weight_kg),
            "orders_per_day": repr(s.demand.orders_per_day),  # type: ignore[union-attr]
        }
        for i, s in enumerate(tail)
    ]
    pd.DataFrame(rows).to_csv(folder / "items.csv", index=False)
    yaml_items = [
        {
            "id": r["id"],
            "name": r["name"],
            "category": r["category"],
            "tags": r["tags"].split(";"),
            "unit_cost": float(r["unit_cost"]),
            "price": float(r["price"]),
            "weight_kg": float(r["weight_kg"]),
            "demand": {"kind": "poisson_orders", "orders_per_day": float(r["orders_per_day"])},
        }
        for r in rows
    ]
    explicit = doc["skus"]
    in_yaml, in_csv = folder / "catalogue_yaml.yaml", folder / "catalogue_csv.yaml"
    in_yaml.write_text(yaml.safe_dump({**doc, "name": "catalogue_yaml", "skus": explicit + yaml_items}))
    in_csv.write_text(yaml.safe_dump({**doc, "name": "catalogue_csv", "skus": [*explicit, {"path": "items.csv"}]}))
    return in_yaml, in_csv


def measure(path: Path, policy: str) -> tuple[dict[str, float], dict[str, float]]:
    """One round: validate, build (network and plan), run; the times and the KPIs."""
    t = time.perf_counter()
    scenario = load_scenario(path)
    t0 = time.perf_counter()
    network = build_network(scenario)
    model = Model(network, make_plan(network, policy), scenario.seed, 0, events=False)
    t1 = time.perf_counter()
    output = model.run()
    values = kpis(output.tally, output.units_backordered_end)
    t2 = time.perf_counter()
    return {"t_validate_s": t0 - t, "t_build_s": t1 - t0, "t_sim_s": t2 - t1, "skus": len(network.skus)}, values


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=90)
    parser.add_argument("--policy", default="hybrid")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    rounds: dict[str, list[dict[str, float]]] = {}
    kpi_values: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        forms = write_forms(Path(tmp), args.days)
        for _ in range(args.repeats):  # the two forms alternate, so load on the machine hits both alike
            for p in forms:
                times, kpi_values[p.stem] = measure(p, args.policy)
                rounds.setdefault(p.stem, []).append(times)
    for form, found in rounds.items():
        line: dict[str, Any] = {"form": form, "skus": int(found[0]["skus"]), "repeats": len(found)}
        for key in ("t_validate_s", "t_build_s", "t_sim_s"):
            line[key] = round(statistics.median(r[key] for r in found), 4)
        line["fill_rate"] = round(kpi_values[form]["fill_rate_units"], 5)
        print(json.dumps(line))
    a, b = kpi_values.values()
    print(json.dumps({"same_kpis": all(a[k] == b[k] or (a[k] != a[k] and b[k] != b[k]) for k in a)}))


if __name__ == "__main__":
    main()
