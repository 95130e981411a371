"""The network picture of a results folder: regions, suppliers, nodes and flows, nodes coloured by a KPI.

Read from the folder only (its `scenario.yaml` and `breakdown.parquet`, sim.metrics.breakdown):
one column per region of the scenario, its suppliers on top, its nodes below, and the customers of
all regions along the bottom. Replenishment flows run from a supplier to the nodes it supplies;
fulfilment flows from each node to the customers, their width proportional to the node's share of
the parcels shipped under the chosen policy. A node's fill colour is the chosen breakdown metric
(mean over replications, per node) on a light-to-dark scale between the smallest and largest node
value; grey when the node has no value (e.g. pick utilisation of a dropship node). The picture is
plain data for an SVG template: no drawing library, every label escaped by the template.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sim.report.folder import ResultsFolder

COLUMN = 220
ROW = 80
TOP = 40
NODE_W, NODE_H = 180, 44
DEFAULT_METRIC = "parcels"


@dataclass
class Box:
    name: str
    kind: str
    x: float
    y: float
    fill: str = "#e6e6e6"
    value: str = "–"
    dark: bool = False  # a dark fill: white text


@dataclass
class Picture:
    width: float
    height: float
    regions: list[dict[str, Any]] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    flows: list[dict[str, Any]] = field(default_factory=list)
    customers: dict[str, float] = field(default_factory=dict)
    metrics: list[str] = field(default_factory=list)
    metric: str = DEFAULT_METRIC
    policy: str = ""
    low: str = ""
    high: str = ""


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def _shade(share: float) -> str:
    """Light (#deebf7) to dark (#08519c) blue for share 0…1."""
    light, dark = (0xDE, 0xEB, 0xF7), (0x08, 0x51, 0x9C)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(light, dark, strict=True))


def _node_means(folder: ResultsFolder, policy: str) -> dict[str, dict[str, float]]:
    frame = folder.breakdown
    if frame is None or frame.empty:
        return {}
    rows = frame[(frame["scope"] == "node") & (frame["policy"] == policy)]
    means = rows.groupby(["name", "metric"], as_index=False)["value"].mean()
    out: dict[str, dict[str, float]] = {}
    for name, metric, value in zip(means["name"], means["metric"], means["value"], strict=True):
        out.setdefault(str(name), {})[str(metric)] = float(value)
    return out


def network_picture(folder: ResultsFolder, policy: str | None = None, metric: str | None = None) -> Picture | None:
    """The picture of `folder` for `policy` (default: the first) coloured by `metric` (None without a scenario)."""
    scenario = folder.scenario
    if scenario is None:
        return None
    policy = policy if policy in folder.policies else folder.policies[0]
    means = _node_means(folder, policy)
    metrics = sorted({m for values in means.values() for m in values})
    metric = metric if metric in metrics else (DEFAULT_METRIC if DEFAULT_METRIC in metrics else (metrics or [""])[0])
    regions = [r.name for r in scenario.regions]
    column = {name: i for i, name in enumerate(regions)}
    picture = Picture(COLUMN * max(len(regions), 1) + 20, 0, metrics=metrics, metric=metric, policy=policy)
    rows: dict[str, int] = dict.fromkeys(regions, 0)
    where: dict[str, Box] = {}
    for supplier in scenario.suppliers:
        box = Box(
            supplier.name,
            "supplier",
            20 + COLUMN * column.get(supplier.region, 0),
            TOP + ROW * rows.get(supplier.region, 0),
        )
        rows[supplier.region] = rows.get(supplier.region, 0) + 1
        picture.boxes.append(box)
        where[supplier.name] = box
    values = [means.get(n.name, {}).get(metric, math.nan) for n in scenario.nodes]
    finite = [v for v in values if math.isfinite(v)]
    low, high = (min(finite), max(finite)) if finite else (math.nan, math.nan)
    picture.low, picture.high = (_number(low), _number(high)) if finite else ("–", "–")
    parcels = {n.name: means.get(n.name, {}).get("parcels", 0.0) for n in scenario.nodes}
    total = sum(v for v in parcels.values() if math.isfinite(v)) or 1.0
    for node, value in zip(scenario.nodes, values, strict=True):
        box = Box(
            node.name, node.kind, 20 + COLUMN * column.get(node.region, 0), TOP + ROW * (rows.get(node.region, 0) + 1)
        )
        rows[node.region] = rows.get(node.region, 0) + 1
        if math.isfinite(value):
            share = (value - low) / (high - low) if high > low else 1.0
            box.fill, box.dark = _shade(share), share > 0.55
            box.value = _number(value)
        picture.boxes.append(box)
        where[node.name] = box
        source = getattr(node, "replenish_from", None)
        if source in where:
            picture.flows.append({"from": where[source], "to": box, "kind": "replenishment", "width": 1.5})
    bottom = TOP + ROW * (max(rows.values(), default=0) + 1)
    picture.customers = {"x": 20.0, "y": float(bottom), "w": picture.width - 40}
    for node in scenario.nodes:
        share = parcels[node.name] / total if math.isfinite(parcels[node.name]) else 0.0
        if share > 0:
            picture.flows.append(
                {"from": where[node.name], "to": None, "kind": "fulfilment", "width": 1 + 14 * share, "share": share}
            )
    picture.regions = [{"name": name, "x": 10 + COLUMN * i} for i, name in enumerate(regions)]
    picture.height = bottom + NODE_H + 20
    return picture
