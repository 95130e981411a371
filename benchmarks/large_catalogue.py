"""The headline scenario scaled up: 1,000 SKUs × 5 nodes × 3 regions × 365 days, about a million orders.

`scenarios/multichannel.yaml` with its long tail grown from 45 to 990 SKUs (1,000 in all) and the
demand of the tail raised to 2,570 orders a day, so a year holds about a million customer orders;
pick/pack stations, the marketplace's storage cap and the print partner's capacity are scaled with
the volume so the network can carry it. Every feature of the headline scenario stays on: Poisson
and daily demand with seasonality, five nodes of four kinds, pick/pack queues, cut-offs, carriers
with weekday pickups and zone rates, dropship availability, print-on-demand capacity, lost sales,
nearest routing with fallbacks. The scenario goes through the normal loader (`parse_scenario`);
one replication per policy runs with the KPIs collected and the event log off.

    python benchmarks/large_catalogue.py                   # all three policies, one JSON line each
    python benchmarks/large_catalogue.py --policy hybrid --days 365
    python benchmarks/large_catalogue.py --network-features   # + score routing, split, conversion, returns,
                                                              #   carrier lateness, per-node stats and alerts
    python benchmarks/large_catalogue.py --baskets            # half the tail's orders as ~2-line baskets
    python benchmarks/large_catalogue.py --capacity           # + every capacity of issue 13: DC shifts with
                                                              #   overtime, pickup caps at every node, dropship
                                                              #   and supplier units per day
prints per policy: policy, skus, customer_orders, kernel_events, fill_rate, t_build_s, t_sim_s,
orders_per_s, peak_rss_mb.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import yaml
from contract import figures

from sim.config.loader import parse_scenario
from sim.metrics.kpis import kpis
from sim.model.model import Model
from sim.network.build import build_network
from sim.plan.build import make_plan

HEADLINE = Path(__file__).resolve().parents[1] / "scenarios" / "multichannel.yaml"
TAIL_SKUS = 990
TAIL_ORDERS_PER_DAY = 2570.0


WEEK = {d: [{"start": 6, "end": 14}, {"start": 14, "end": 22}] for d in ("mon", "tue", "wed", "thu", "fri")}
CAPACITY = {  # issue 13's capacities, sized so the network still carries the volume
    "nodes": {
        "dc_north": {
            "shifts": {
                "hours": WEEK | {"sat": [{"start": 8, "end": 14}]},
                "overtime_hours": 2,
                "overtime_cost_per_hour": 30,
            },
            "parcels_per_pickup": 4000,
        },
        "tpl_south": {"parcels_per_pickup": 4000},
        "market_west": {"parcels_per_pickup": 4000},
        "print_partner": {"parcels_per_pickup": 4000},
        "mill_dropship": {"units_per_day": 3000, "parcels_per_pickup": 4000},
    },
    "suppliers": {"apparel_mill": {"units_per_day": 60000}},
}


def scenario_yaml(
    days: float, seed: int, network_features: bool = False, capacity: bool = False, baskets: bool = False
) -> str:
    doc: dict[str, Any] = yaml.safe_load(HEADLINE.read_text())
    doc["name"] = "large_catalogue"
    doc["description"] = "multichannel scaled to 1,000 SKUs and ~1M orders a year (benchmarks/large_catalogue.py)"
    doc["horizon_days"] = days
    doc["warmup_days"] = 28  # the workload its figures were measured with (the headline now has 119)
    doc["seed"] = seed
    doc["replications"] = 1
    doc["long_tail"]["count"] = TAIL_SKUS
    doc["long_tail"]["orders_per_day_total"] = TAIL_ORDERS_PER_DAY
    nodes = {n["name"]: n for n in doc["nodes"]}
    nodes["dc_north"]["pick_pack"]["stations"] = 40
    nodes["tpl_south"]["pick_pack"]["stations"] = 30
    nodes["market_west"]["storage_cap_units"] = 100_000
    nodes["print_partner"]["daily_capacity_units"] = 4000
    if capacity:  # issue 13 (docs/NETWORK.md, "Capacity"): the DC works shifts, so it gets more stations
        nodes["dc_north"]["pick_pack"]["stations"] = 80
        doc["capacity"] = CAPACITY
    if baskets:  # half the tail's orders become baskets of ~2 lines (docs/DEMAND.md §15): ~1M lines a year
        doc["long_tail"]["orders_per_day_total"] = TAIL_ORDERS_PER_DAY / 2
        doc["baskets"] = {"orders_per_day": TAIL_ORDERS_PER_DAY / 4, "lines": {"kind": "poisson", "mean": 2}}
        doc.pop("conversion", None)  # baskets do not combine with conversion yet
    if network_features:  # issue 4's network blocks on top (docs/ROUTING.md, docs/NETWORK.md)
        doc["routing"]["strategy"] = "score"
        doc["routing"]["split_shipments"] = True
        doc["conversion"] = {"tolerance_days": {"kind": "uniform", "low": 5, "high": 20}}
        doc["returns"] = {
            "rate": 0.08,
            "delay_days": {"kind": "uniform", "low": 3, "high": 14},
            "refund_rate": 1.0,
            "shipping_cost_per_return": 6.5,
            "disposition": "restock",
            "write_off_rate": 0.1,
        }
        for carrier in doc["carriers"]:
            for service in carrier["services"]:
                service["on_time_probability"] = 0.95
                service["late_days"] = {"kind": "uniform", "low": 1, "high": 2}
    return yaml.safe_dump(doc, sort_keys=False)


def simulate(
    days: float, seed: int, policy: str, network_features: bool = False, capacity: bool = False, baskets: bool = False
) -> dict[str, Any]:
    t0 = time.perf_counter()
    scenario = parse_scenario(scenario_yaml(days, seed, network_features, capacity, baskets), str(HEADLINE))
    network = build_network(scenario)
    plan = make_plan(network, policy)
    model = Model(network, plan, scenario.seed, 0, monitor=network_features)
    t1 = time.perf_counter()
    output = model.run()
    values = kpis(output.tally, output.units_backordered_end)
    t2 = time.perf_counter()
    orders = model.orders.next_id  # every order placed, warm-up included
    return {
        "policy": policy
        + (" +network" if network_features else "")
        + (" +capacity" if capacity else "")
        + (" +baskets" if baskets else ""),
        "skus": len(network.skus),
        **figures(orders, next(model.env._eid), values["fill_rate_units"], t0, t1, t2),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=365)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--policy", action="append", help="a policy name (repeatable; default: all three)")
    parser.add_argument(
        "--network-features",
        action="store_true",
        help="also switch on score routing with split shipments, conversion, returns, carrier lateness, "
        "and the per-node statistics and alerts monitor",
    )
    parser.add_argument("--capacity", action="store_true", help="also switch on every capacity of issue 13")
    parser.add_argument(
        "--baskets", action="store_true", help="half the tail's orders as baskets of ~2 lines (mean lines 2)"
    )
    args = parser.parse_args(argv)
    for policy in args.policy or ["inventory_free", "stocked", "hybrid"]:
        print(json.dumps(simulate(args.days, args.seed, policy, args.network_features, args.capacity, args.baskets)))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
