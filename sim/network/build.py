"""The network: a pure function from a validated scenario to plain, indexed data. No SimPy here.

Names become indices, times become integer seconds, seasonality lists are normalised, the long
tail is expanded, a demand history is read and fitted (sim.history), ABC classes are computed, and
zones become a region × region matrix. The SimPy
model then works on integers and tuples only. `build_network` also runs the cross-reference
checks, so a scenario built in Python (not loaded from YAML) is checked just the same.

The steps: catalogue and demand facts (sim.network.demand_facts), carriers, suppliers and nodes
(sim.network.nodes), then zones, routing priority, returns, disruptions and the warm-start
snapshot here. The data it returns is defined in sim.network.indexed; its types are importable from
here as before (`from sim.network.build import Network, NodeInfo`).
"""

from __future__ import annotations

import math
from typing import Any

from sim.base.problems import ScenarioError
from sim.base.timebase import DAY, days
from sim.config.catalogue import all_skus
from sim.config.demand_history import load_replay
from sim.config.models import Scenario
from sim.config.references import reference_problems, zone_of
from sim.network.baskets import basket_info, with_basket_demand
from sim.network.demand_facts import demand_streams, sku_facts
from sim.network.demand_plan import apply_demand_plan, season_factors
from sim.network.indexed import (
    DelayWindowInfo,
    DemandStream,
    Lane,
    Network,
    NodeInfo,
    ReturnsInfo,
    ServiceInfo,
    SkuInfo,
    SnapshotEntry,
    SupplierInfo,
)
from sim.network.nodes import carrier_services, node_facts, supplier_facts

__all__ = [
    "DelayWindowInfo",
    "DemandStream",
    "Lane",
    "Network",
    "NodeInfo",
    "ReturnsInfo",
    "ServiceInfo",
    "SkuInfo",
    "SnapshotEntry",
    "SupplierInfo",
    "build_network",
    "horizon_days_count",
]


def _normalised(factors: list[float]) -> tuple[float, ...]:
    mean = sum(factors) / len(factors)
    return tuple(f / mean for f in factors)


def build_network(scenario: Scenario) -> Network:
    """Index and convert `scenario`. Raises ScenarioError if a reference dangles."""
    problems = reference_problems(scenario)
    if problems:
        raise ScenarioError(problems)
    regions = tuple(r.name for r in scenario.regions)
    region_ix = {name: i for i, name in enumerate(regions)}
    share_total = sum(r.demand_share for r in scenario.regions)
    shares = [r.demand_share / share_total for r in scenario.regions]

    replay = load_replay(scenario) if scenario.demand_history is not None else None
    catalogue = all_skus(scenario)
    skus = sku_facts(catalogue, replay)
    baskets = basket_info(scenario.baskets, skus) if scenario.baskets is not None else None
    skus = with_basket_demand(skus, baskets) if baskets is not None else skus
    sku_ix = {s.id: s.index for s in skus}
    streams = demand_streams(shares, regions, catalogue, sku_ix, replay)
    horizon_s = days(scenario.horizon_days)
    weekday_factor = _normalised(scenario.seasonality.weekday)
    month_factor = _normalised(scenario.seasonality.month)
    season = season_factors(weekday_factor, month_factor, scenario.start_date, math.ceil(horizon_s / DAY))
    streams = apply_demand_plan(scenario, catalogue, streams, regions, shares, season)

    services = carrier_services(scenario)
    suppliers = supplier_facts(scenario, region_ix)
    supplier_ix = {s.name: s.index for s in suppliers}
    node_ix = {n.name: i for i, n in enumerate(scenario.nodes)}
    nodes = node_facts(scenario, services, region_ix, sku_ix, supplier_ix, node_ix)

    zones = zone_of(scenario)
    zone = tuple(tuple(zones.get((a, b), 0) for b in regions) for a in regions)
    named = [node_ix[n] for n in (scenario.routing.priority or [])]
    priority = tuple(named + [i for i in range(len(nodes)) if i not in named])

    return Network(
        scenario=scenario,
        name=scenario.name,
        start_date=scenario.start_date,
        horizon_s=horizon_s,
        warmup_s=days(scenario.warmup_days),
        regions=regions,
        skus=skus,
        streams=streams,
        nodes=nodes,
        suppliers=suppliers,
        zone=zone,
        weekday_factor=weekday_factor,
        month_factor=month_factor,
        holding_rate_per_year=scenario.costs.holding_rate_per_year,
        lost_customer_rate=scenario.costs.lost_customer_rate,
        customer_lifetime_value=scenario.costs.customer_lifetime_value,
        unmet_demand=scenario.service.unmet_demand,
        routing_strategy=scenario.routing.strategy,
        routing_priority=priority,
        promise_quantile=scenario.routing.promise_quantile,
        replay=replay,
        baskets=baskets,
        **_network_extras(scenario, region_ix, sku_ix, node_ix, supplier_ix),
    )


def _network_extras(
    scenario: Scenario,
    region_ix: dict[str, int],
    sku_ix: dict[str, int],
    node_ix: dict[str, int],
    supplier_ix: dict[str, int],
) -> dict[str, Any]:
    """Returns, disruptions and the warm-start snapshot, indexed (docs/NETWORK.md)."""
    from sim.config.snapshot import read_snapshot
    from sim.network.disruptions import closure_windows, outage_specs

    out: dict[str, Any] = {}
    r = scenario.returns
    if r is not None:
        terms = [r.by_sku.get(sku) for sku in sku_ix]
        out["returns"] = ReturnsInfo(
            rate=tuple(t.rate if t is not None else r.rate for t in terms),
            delay_days=tuple(t.delay_days if t is not None and t.delay_days else r.delay_days for t in terms),
            refund_rate=r.refund_rate,
            shipping_cost_per_return=r.shipping_cost_per_return,
            restock=r.disposition == "restock",
            restock_node=node_ix[r.restock_at] if r.restock_at is not None else None,
            write_off_rate=r.write_off_rate,
        )
    if scenario.disruptions is not None:
        out["closures"] = {node_ix[n]: w for n, w in closure_windows(scenario).items()}
        out["outages"] = {supplier_ix[n]: spec for n, spec in outage_specs(scenario).items()}
    if scenario.initial_state is not None:
        snap = read_snapshot(scenario.initial_state.path, scenario)
        out["snapshot"] = tuple(
            SnapshotEntry(
                row.record,
                node_ix[row.node],
                sku_ix[row.sku],
                row.units,
                region_ix[row.region] if row.region is not None else -1,
                days(row.eta_days) if row.eta_days is not None else -1,
            )
            for row in snap.rows
        )
    return out


def horizon_days_count(network: Network) -> int:
    """Calendar days touched by the demand window [0, horizon)."""
    return math.ceil(network.horizon_s / DAY)
