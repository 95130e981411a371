"""The reference scenario of issue 8, run through supplysim's normal scenario path.

One infinite supplier → one distributor with (s,S) = (50·K, 120·K), starting at S → K retailers
(stores), each (s,S) = (30, 80) starting at 80; continuous review on the inventory position.
Customers: Poisson arrivals of 10 orders a day per retailer, 1 unit each, served over the counter
(no pick/pack, no carrier). Lead times: supplier → distributor Uniform(2, 4) days; distributor →
retailer Uniform(1, 3) days. Unfilled units are backordered and filled FIFO; a retailer order the
distributor cannot fill waits FIFO for its next receipt.

The scenario is written as YAML text (`scenario_yaml`) and goes through the same loader, network
build, plan and model as `supplysim compare` — no private shortcut. One replication runs with the
KPIs collected and the event log off (`--event-log PATH` streams it to Parquet instead). `benchmarks/floor.py` is the hand-written SimPy floor of the
same scenario with the same output contract.

    python benchmarks/reference.py --days 3650 --retailers 16 --seed 1
prints one JSON line: customer_orders, kernel_events, fill_rate, t_build_s, t_sim_s, orders_per_s, peak_rss_mb.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import yaml
from contract import figures, reference_arguments

from sim.config.loader import parse_scenario
from sim.metrics.kpis import kpis
from sim.model.model import Model
from sim.network.build import build_network
from sim.plan.build import make_plan

ORDERS_PER_DAY = 10.0  # per retailer


def scenario_yaml(days: float, retailers: int, seed: int) -> str:
    """The reference scenario for `retailers` stores over `days` days, as scenario YAML."""
    regions = [f"r{i:02d}" for i in range(retailers)]
    doc = {
        "name": f"reference_k{retailers}",
        "description": "issue 8 reference: one supplier, one distributor, K retailers (benchmarks/reference.py)",
        "horizon_days": days,
        "replications": 1,
        "seed": seed,
        "regions": [{"name": r, "demand_share": 1.0} for r in regions],
        "skus": [
            {
                "id": "ITEM",
                "unit_cost": 10.0,
                "price": 20.0,
                "demand": {"kind": "poisson_orders", "orders_per_day": ORDERS_PER_DAY * retailers},
            }
        ],
        "suppliers": [
            {"name": "supplier", "region": regions[0], "lead_time_days": {"kind": "uniform", "low": 2, "high": 4}}
        ],
        "nodes": [
            {
                "kind": "warehouse",
                "name": "distributor",
                "region": regions[0],
                "replenish_from": "supplier",
                "serves_customers": False,
            },
            *(
                {
                    "kind": "store",
                    "name": f"retailer_{r}",
                    "region": r,
                    "replenish_from": "distributor",
                    "transfer_days": {"kind": "uniform", "low": 1, "high": 3},
                }
                for r in regions
            ),
        ],
        "service": {"unmet_demand": "backorder"},
        "policies": [
            {
                "kind": "stocked",
                "name": "reference",
                "review": {"kind": "continuous"},
                "reorder": {"kind": "sS", "s": 30, "S": 80},
                "overrides": [
                    {"nodes": ["distributor"], "reorder": {"kind": "sS", "s": 50 * retailers, "S": 120 * retailers}}
                ],
            }
        ],
    }
    return yaml.safe_dump(doc, sort_keys=False)


def simulate(days: float, retailers: int, seed: int, event_log: Path | None = None) -> dict[str, float]:
    t0 = time.perf_counter()
    scenario = parse_scenario(scenario_yaml(days, retailers, seed), "reference.yaml")
    network = build_network(scenario)
    plan = make_plan(network, "reference")
    model = Model(network, plan, scenario.seed, 0, events_sink=event_log)
    t1 = time.perf_counter()
    output = model.run()
    values = kpis(output.tally, output.units_backordered_end)
    t2 = time.perf_counter()
    orders = int(values["orders"])
    return figures(orders, next(model.env._eid), values["fill_rate_units"], t0, t1, t2)


def main(argv: list[str] | None = None) -> None:
    parser = reference_arguments(__doc__.splitlines()[0])
    parser.add_argument("--event-log", type=Path, help="stream the event log to this Parquet file (default: off)")
    args = parser.parse_args(argv)
    print(json.dumps(simulate(args.days, args.retailers, args.seed, args.event_log)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
