"""Cross-reference checks of the returns and disruptions blocks (docs/NETWORK.md): known SKUs,
nodes and suppliers, windows that end after they start, names given once."""

from __future__ import annotations

import datetime as dt

from sim.base.problems import Path
from sim.base.timebase import seconds_at
from sim.config.names import Bad, Known, suggest
from sim.config.operations import Disruptions, Window
from sim.config.scenario import Scenario


def returns_problems(scenario: Scenario, known: Known, bad: Bad) -> None:
    """Return terms name known SKUs; `restock_at` is a stock node, and only under `restock`."""
    r = scenario.returns
    if r is None:
        return
    skus, nodes, stock_nodes = known.skus, known.nodes, known.stock_nodes
    for sku in r.by_sku:
        if sku not in skus:
            bad(("returns", "by_sku", sku), f"unknown SKU {sku!r}" + suggest(sku, skus))
    if r.restock_at is not None:
        if r.restock_at not in nodes:
            bad(("returns", "restock_at"), f"unknown node {r.restock_at!r}" + suggest(r.restock_at, stock_nodes))
        elif r.restock_at not in stock_nodes:
            bad(("returns", "restock_at"), f"{r.restock_at!r} holds no stock; name a warehouse, 3pl or marketplace")
    if r.disposition == "write_off" and r.restock_at is not None:
        bad(("returns", "restock_at"), "disposition write_off restocks nothing: remove restock_at")


def disruption_problems(d: Disruptions, start_date: dt.date, suppliers: list[str], nodes: list[str], bad: Bad) -> None:
    """Unknown names, windows that end before they start, a name given twice."""

    def windows(path: Path, items: list[Window]) -> None:
        for k, w in enumerate(items):
            if seconds_at(w.end, start_date) <= seconds_at(w.start, start_date):
                bad((*path, k), f"the window ends ({w.end}) at or before it starts ({w.start}); end is exclusive")

    seen: set[str] = set()
    for i, o in enumerate(d.supplier_outages):
        if o.supplier not in suppliers:
            bad(
                ("disruptions", "supplier_outages", i, "supplier"),
                f"unknown supplier {o.supplier!r}" + suggest(o.supplier, suppliers),
            )
        if o.supplier in seen:
            bad(
                ("disruptions", "supplier_outages", i, "supplier"),
                f"supplier {o.supplier!r} is listed twice; merge its windows",
            )
        seen.add(o.supplier)
        windows(("disruptions", "supplier_outages", i, "windows"), o.windows)
    seen = set()
    for i, c in enumerate(d.node_closures):
        if c.node not in nodes:
            bad(("disruptions", "node_closures", i, "node"), f"unknown node {c.node!r}" + suggest(c.node, nodes))
        if c.node in seen:
            bad(("disruptions", "node_closures", i, "node"), f"node {c.node!r} is listed twice; merge its windows")
        seen.add(c.node)
        windows(("disruptions", "node_closures", i, "windows"), c.windows)
