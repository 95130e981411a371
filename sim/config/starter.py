"""The starter scenario `supplysim init` writes: a commented YAML file that validates and runs as written.

`render(StarterChoices)` returns the text: every block carries a comment saying what it means and
what to change. The choices are the number of customer regions, the fulfilment nodes (`both`: an
own warehouse and a dropship partner; `warehouse`; `dropship`) and the catalogue, either the
built-in example or rows read from a catalogue CSV by `read_catalogue`:

| column | required | meaning |
|---|---|---|
| `sku` | yes | the SKU code (any text; one row per SKU) |
| `price` | yes | what the customer pays per unit, > 0 |
| `unit_cost` | yes | what we pay the supplier per unit, > 0 |
| `demand_per_day` | yes | units sold per day, all regions together, > 0 (single-unit Poisson orders) |
| `weight_kg` | no | shipping weight per unit, > 0 (default 0.5) |

The same file works as `supplysim analyze --catalogue` (which reads `sku, unit_cost[, price,
weight_kg]` and ignores the rest). Bad rows are `file:line:col  column  message` problems
(sim.history.sku_table), so the CLI prints them and exits 2.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from sim.base.limits import MAX_MEAN, MAX_PRICE
from sim.history.collector import Collector, HistoryError
from sim.history.sku_table import read_sku_table

CATALOGUE_REQUIRED = {"price": "positive", "unit_cost": "positive", "demand_per_day": "positive"}
CATALOGUE_OPTIONAL = {"weight_kg": "positive"}
NODE_CHOICES = ("both", "warehouse", "dropship")
MAX_REGIONS = 20
REGION_NAMES = ("north", "south", "east", "west", "central")


@dataclass(frozen=True)
class StarterSku:
    """One catalogue row of the starter."""

    sku: str
    price: float
    unit_cost: float
    demand_per_day: float
    weight_kg: float = 0.5


EXAMPLE_CATALOGUE = (
    StarterSku("MUG-CLASSIC", 14.0, 4.5, 20.0, 0.45),
    StarterSku("TEE-LOGO", 22.0, 6.0, 12.0, 0.25),
    StarterSku("POSTER-A2", 16.0, 3.0, 5.0, 0.30),
    StarterSku("TOTE-BAG", 11.0, 2.5, 2.5, 0.20),
    StarterSku("NOTEBOOK", 9.5, 3.2, 1.2, 0.35),
)
"""The catalogue of a starter without a CSV: five SKUs from fast to slow movers."""


@dataclass(frozen=True)
class StarterChoices:
    """What the starter is made of (the answers to `supplysim init`'s questions)."""

    name: str
    regions: int = 2
    nodes: str = "both"
    skus: tuple[StarterSku, ...] = EXAMPLE_CATALOGUE
    catalogue: str | None = None  # the CSV the SKUs came from, named in a comment


def read_catalogue(path: str) -> tuple[StarterSku, ...]:
    """The SKUs of a catalogue CSV (columns above); HistoryError with every bad row located."""
    frame = read_sku_table(path, CATALOGUE_REQUIRED, CATALOGUE_OPTIONAL, what="catalogue")
    skus = [str(s) for s in frame.index]
    values = {c: [float(v) for v in frame[c].tolist()] for c in frame.columns}
    weights = values.get("weight_kg", [math.nan] * len(skus))
    problems = Collector(path)
    for column, cap in (("price", MAX_PRICE), ("unit_cost", MAX_PRICE), ("demand_per_day", MAX_MEAN)):
        over = [(sku, v) for sku, v in zip(skus, values[column], strict=True) if v > cap]
        for sku, v in over[:5]:
            problems.whole_file(f"SKU {sku!r}: {column} {v:g} is over {cap:.0e} (docs/LIMITS.md)", column)
    for sku in skus:
        if len(sku) > 200 or "\n" in sku or "\r" in sku:
            problems.whole_file(f"SKU code {sku[:40]!r}… must be one line of at most 200 characters", "sku")
    if problems.kinds:
        raise HistoryError(problems.problems())
    out = [
        StarterSku(sku, price, cost, rate, weight if math.isfinite(weight) else 0.5)
        for sku, price, cost, rate, weight in zip(
            skus, values["price"], values["unit_cost"], values["demand_per_day"], weights, strict=True
        )
    ]
    return tuple(out)


def region_names(count: int) -> list[str]:
    """`north, south, …` for up to five regions, else `region_1 … region_N`."""
    if count <= len(REGION_NAMES):
        return list(REGION_NAMES[:count])
    return [f"region_{i}" for i in range(1, count + 1)]


def _num(value: float) -> str:
    return f"{value:.6g}"


def _sku_lines(skus: tuple[StarterSku, ...]) -> list[str]:
    return [
        f"  - {{id: {json.dumps(s.sku)}, price: {_num(s.price)}, unit_cost: {_num(s.unit_cost)}, "
        f"weight_kg: {_num(s.weight_kg)}, demand: {{kind: poisson_orders, orders_per_day: {_num(s.demand_per_day)}}}}}"
        for s in skus
    ]


def render(choices: StarterChoices) -> str:
    """The starter scenario's text (see the module docstring)."""
    regions = region_names(choices.regions)
    source = f"from {Path(choices.catalogue).name}" if choices.catalogue else "an example; replace it with yours"
    out = [
        f"# {choices.name} — a starter scenario written by `supplysim init`.",
        "#",
        "# The question: stock it, dropship it, or both? Check and run it with",
        f"#     supplysim validate {choices.name}.yaml",
        f"#     supplysim compare {choices.name}.yaml",
        "# Every key: docs/SCENARIO.md. Durations are in the unit their key names; money in one currency.",
        "",
        "# The run: day 0, how long customers order, when statistics start, how many runs per policy.",
        "# Change horizon_days to the period you plan for; run `supplysim warmup FILE` to check warmup_days.",
        f"name: {json.dumps(choices.name)}",
        "description: A starter scenario; edit every block below to describe your business.",
        "start_date: 2025-01-06        # day 0 (a Monday): weekday seasonality and pickup days count from here",
        "horizon_days: 365             # customer orders arrive in [0, 365) days",
        "warmup_days: 60               # statistics start once stock levels have settled",
        "replications: 10              # independent runs per policy; every policy sees the same demand",
        "seed: 1                       # the same seed gives the same numbers",
        "",
        "# Where customers are. Each SKU's demand is split by demand_share (relative: 1 and 1 is half each).",
        "# Rename the regions and set their shares to your sales split.",
        "regions:",
        *(f"  - {{name: {r}, demand_share: 1}}" for r in regions),
        "",
    ]
    if len(regions) > 1:
        out += [
            "# The carrier zone between two regions (same region is zone 1); farther regions get higher zones,",
            "# and every zone used needs a rate under carriers.",
            "zones:",
            *(f"  - {{between: [{a}, {b}], zone: 2}}" for i, a in enumerate(regions) for b in regions[i + 1 :]),
            "",
        ]
    out += [
        f"# The catalogue ({source}): price and unit cost per unit, weight, and demand for all regions",
        "# together (orders per day, one unit each). Other demand models: docs/DEMAND.md.",
        "skus:",
        *_sku_lines(choices.skus),
        "",
        "# Multipliers on daily demand by weekday (Mon … Sun) and month (Jan … Dec); 1 = no season.",
        "seasonality:",
        "  weekday: [1, 1, 1, 1, 1, 1, 1]",
        "  month: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
        "",
    ]
    out += _network_lines(choices, regions)

    out += _operations_lines(choices.nodes)
    return "\n".join(out) + "\n"


def _network_lines(choices: StarterChoices, regions: list[str]) -> list[str]:
    """Suppliers, nodes and the carrier, for the nodes chosen."""
    home = regions[0]
    warehouse = choices.nodes in ("both", "warehouse")
    dropship = choices.nodes in ("both", "dropship")
    out: list[str] = []
    if warehouse:
        out += [
            "# Who replenishes our stock: lead time (days, drawn per purchase order), cost per order,",
            "# minimum order quantity and pack size. Put your supplier's figures here.",
            "suppliers:",
            "  - name: main_supplier",
            f"    region: {home}",
            "    lead_time_days: {kind: triangular, low: 5, mode: 7, high: 12}",
            "    order_cost: 40",
            "    moq: 20",
            "    pack_size: 10",
            "",
        ]
    out += ["# Where orders are fulfilled from. Set each node's region, carrier, fees and times to yours.", "nodes:"]
    if warehouse:
        out += [
            "  - name: warehouse          # our own warehouse: holds stock, replenished by main_supplier",
            "    kind: warehouse",
            f"    region: {home}",
            "    replenish_from: main_supplier",
            "    ships_with: parcelco.ground",
            '    cutoff: "15:00"            # orders packed by 15:00 leave with the 17:00 pickup',
            "    pick_pack: {stations: 2, minutes_per_order: {kind: triangular, low: 3, mode: 5, high: 10}}",
            "    fees: {per_order: 1.10, per_unit: 0.15, storage_per_unit_day: 0.004}",
        ]
    if dropship:
        out += [
            "  - name: dropship_partner   # a supplier that ships single orders for us (no stock of ours)",
            "    kind: dropship",
            f"    region: {home}",
            "    availability: 0.96         # share of orders it accepts",
            "    handling_days: {kind: triangular, low: 1, mode: 2, high: 4}",
            "    fee_per_order: 1.50",
            "    unit_premium: 1.20         # added to the unit cost",
            "    ships_with: parcelco.ground",
        ]
    out += [
        "",
        "# Carriers: pickup time and days, and a rate and transit time per zone. Use your own contract.",
        "carriers:",
        "  - name: parcelco",
        "    services:",
        "      - name: ground",
        '        pickup_time: "17:00"',
        "        pickup_days: [mon, tue, wed, thu, fri]",
        "        rates:",
        "          - {zone: 1, transit_days: {kind: triangular, low: 1, mode: 2, high: 4}, cost_per_shipment: 4.20, cost_per_kg: 0.60}",
    ]
    if len(regions) > 1:
        out.append(
            "          - {zone: 2, transit_days: {kind: triangular, low: 2, mode: 3, high: 6}, cost_per_shipment: 5.40, cost_per_kg: 0.80}"
        )
    return out


def _policy_lines(nodes: str) -> list[str]:
    """The policies `compare` sets against each other, for the nodes chosen."""
    head = ["# The policies compare runs on the same demand. Change the reorder rule's service level, or add one."]
    reorder = "    reorder: {kind: service_level, service_level: 0.95, order_quantity: eoq}"
    if nodes == "dropship":
        return [
            *head,
            "policies:",
            "  - name: inventory_free     # every order shipped by the dropship partner",
            "    kind: inventory_free",
        ]
    if nodes == "warehouse":
        return [
            *head,
            "policies:",
            "  - name: stocked          # everything stocked at a 95 % cycle service level",
            "    kind: stocked",
            reorder,
            "  - name: stocked_high     # the same at 99 %: what does the extra service cost?",
            "    kind: stocked",
            "    reorder: {kind: service_level, service_level: 0.99, order_quantity: eoq}",
        ]
    return [
        *head,
        "policies:",
        "  - name: inventory_free     # nothing stocked: every order dropshipped",
        "    kind: inventory_free",
        "  - name: stocked            # everything stocked in the warehouse",
        "    kind: stocked",
        reorder,
        "  - name: hybrid             # per SKU: stocked where its break-even says stocking is cheaper",
        "    kind: hybrid",
        "    assign: break_even",
        reorder,
        "    fallback_to_virtual: true  # stocked SKUs go to the dropship partner when out of stock",
    ]


def _operations_lines(nodes: str) -> list[str]:
    """Costs, service, routing, the policies and the decision block."""
    return [
        "",
        "# Money beyond the shipment: the yearly cost of capital tied up in stock, and what a lost sale costs",
        "# in customers who never come back (share × lifetime value).",
        "costs:",
        "  holding_rate_per_year: 0.25",
        "  lost_customer_rate: 0.37",
        "  customer_lifetime_value: 60",
        "",
        "# What happens to demand nobody can fill: lost (the customer goes) or backorder (waits).",
        "service:",
        "  unmet_demand: lost",
        "",
        "# How an order picks its node: nearest (by zone), cheapest, fastest, priority or score (docs/ROUTING.md).",
        "routing:",
        "  strategy: nearest",
        "  promise_quantile: 0.9",
        "",
        *_policy_lines(nodes),
        "",
        "# What the recommendation must meet, and the smallest differences worth acting on (docs/SCENARIO.md).",
        "# Add bounds such as  fill_rate_units: {min: 0.98}  or  delivery_days_p90: {max: 5}  under constraints.",
        "decision:",
        "  constraints: {}",
        "  thresholds: {cost_per_order: 0.10, fill_rate_units: 0.005, delivery_days_p90: 0.25}",
    ]
