"""`supplysim analyze`: per-SKU statistics, the ABC × XYZ matrix, stock-or-virtual recommendations.

From a validated `DemandTable` it builds one row per SKU (sim.studies.demand_stats), prices each SKU's
orders stocked and virtual (sim.analytics.economics.break_even) — with the costs of a scenario
(`--scenario`: the same computation as a hybrid policy's `assign: break_even`) or of the documented
single-warehouse world `SimpleCosts` — sizes its stock (safety stock, reorder point, EOQ), estimates
its stock-out cost, and, given an inventory snapshot, its DIO, turnover, capital released and the
lesson's alerts. `Analysis.write` puts every output in `<out>/analysis/` (formats in docs/DEMAND.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import math
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from sim.analytics.classify import DIO_ALERT_DAYS
from sim.analytics.economics import (
    BreakEven,
    BreakEvenInputs,
    StockSlot,
    break_even,
    capital_released,
    dio_days,
    expected_short_per_cycle,
    lead_time_sd,
    stockout_cost,
    turnover,
)
from sim.config.models import (
    HybridPolicy,
    InventoryFreePolicy,
    Scenario,
    ServiceLevel,
    StockedPolicy,
)
from sim.experiment.results_folder import atomic_folder, write_csv, write_json
from sim.history.calendar import build_calendar
from sim.history.table import DemandTable
from sim.studies.demand_stats import ADI_CUT, CV2_CUT, Basis, abc_xyz_matrix, sku_statistics


@dataclass(frozen=True)
class SimpleCosts:
    """The cost world `analyze` assumes without `--scenario`: one own warehouse (stocked) and one
    dropship supplier (virtual), both shipping to the customer by parcel. Every field can be set with
    `--cost NAME=VALUE`; money is in the currency of the file's prices."""

    unit_cost_share: float = field(
        default=0.5, metadata={"help": "unit cost as a share of the price, for SKUs without a catalogue cost"}
    )
    weight_kg: float = field(
        default=0.5, metadata={"help": "shipping weight per unit, for SKUs without a catalogue weight"}
    )
    lead_time_days: float = field(default=7.0, metadata={"help": "supplier lead time (mean)"})
    lead_time_sd_days: float = field(default=0.0, metadata={"help": "supplier lead time (standard deviation)"})
    order_cost: float = field(default=40.0, metadata={"help": "fixed cost per purchase order (S in the EOQ)"})
    holding_rate_per_year: float = field(
        default=0.25, metadata={"help": "capital and carrying cost per year × unit cost (the lesson: 15–30 %)"}
    )
    storage_per_unit_day: float = field(default=0.002, metadata={"help": "warehouse storage fee per unit per day"})
    service_level: float = field(default=0.95, metadata={"help": "cycle service level the reorder point aims at"})
    stock_fee_per_order: float = field(default=1.0, metadata={"help": "warehouse pick/pack cost per order"})
    stock_fee_per_unit: float = field(default=0.2, metadata={"help": "warehouse handling cost per unit"})
    stock_ship_per_order: float = field(default=4.0, metadata={"help": "parcel charge per order from the warehouse"})
    stock_ship_per_kg: float = field(default=0.5, metadata={"help": "parcel charge per kg from the warehouse"})
    dropship_premium_share: float = field(
        default=0.15, metadata={"help": "dropship unit premium as a share of the unit cost"}
    )
    dropship_fee_per_order: float = field(default=1.5, metadata={"help": "dropship fee per order"})
    dropship_ship_per_order: float = field(
        default=5.0, metadata={"help": "parcel charge per order from the dropship supplier (usually farther away)"}
    )
    dropship_ship_per_kg: float = field(
        default=0.8, metadata={"help": "parcel charge per kg from the dropship supplier"}
    )
    dropship_availability: float = field(
        default=0.97, metadata={"help": "share of orders the dropship supplier accepts (the rest are lost)"}
    )
    return_rate: float = field(default=0.0, metadata={"help": "share of units returned by customers"})
    return_cost_stocked: float = field(
        default=0.0, metadata={"help": "cost per returned unit when stocked (handling, restocking)"}
    )
    return_cost_virtual: float = field(
        default=0.0,
        metadata={"help": "cost per returned unit when dropshipped (return shipping, supplier restocking fee)"},
    )
    lost_customer_rate: float = field(
        default=0.37, metadata={"help": "share of stocked-out customers who never return (the lesson: 37 %)"}
    )
    customer_lifetime_value: float = field(
        default=0.0, metadata={"help": "value of a customer's future purchases (CLV)"}
    )

    @classmethod
    def field_help(cls) -> dict[str, str]:
        """Each parameter's one-line description."""
        return {f.name: f.metadata["help"] for f in dataclasses.fields(cls)}

    def with_overrides(self, pairs: dict[str, float]) -> SimpleCosts:
        """A copy with `pairs` set; ValueError naming an unknown field or a bad value."""
        known = {f.name for f in dataclasses.fields(self)}
        for name, value in pairs.items():
            if name not in known:
                raise ValueError(f"unknown cost parameter {name!r}; the parameters are {', '.join(sorted(known))}")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a number ≥ 0, got {value}")
        out = dataclasses.replace(self, **pairs)
        if not 0 < out.service_level < 1:
            raise ValueError(f"service_level must be between 0 and 1, got {out.service_level}")
        if not 0 < out.dropship_availability <= 1:
            raise ValueError(f"dropship_availability must be in (0, 1], got {out.dropship_availability}")
        for name in ("lost_customer_rate", "return_rate"):
            if getattr(out, name) > 1:
                raise ValueError(f"{name} must be at most 1, got {getattr(out, name)}")
        return out


@dataclass(frozen=True)
class Settings:
    """How to analyse: classification basis and cut-offs, costs, the DIO target."""

    basis: Basis = "monthly"
    abc_cuts: tuple[float, float] = (0.80, 0.95)
    xyz_cuts: tuple[float, float] = (0.20, 0.50)
    adi_cut: float = ADI_CUT
    cv2_cut: float = CV2_CUT
    target_dio_days: float = 30.0
    costs: SimpleCosts = field(default_factory=SimpleCosts)


@dataclass
class Analysis:
    """Everything `analyze` found; `write` puts it on disk."""

    source: str
    table: pd.DataFrame
    matrix: pd.DataFrame
    summary: dict[str, Any]
    policy_block: str
    skus_block: str
    inputs: list[str] = field(default_factory=list)

    def section_markdown(self) -> str:
        """The report section as Markdown."""
        return _markdown(self)

    def section_html(self) -> str:
        """The report section as an HTML fragment (every value escaped)."""
        return _html(self)

    def write(self, out: Path, command: str = "python API") -> Path:
        """Create the results folder `out` (which must not exist) with `analysis/` inside, atomically."""
        if out.exists():
            raise FileExistsError(f"{out} already exists; choose another --out or remove it")

        def fill(tmp: Path) -> None:
            folder = tmp / "analysis"
            folder.mkdir()
            write_csv(_rounded(self.table), folder / "sku_analysis.csv")
            write_csv(self.matrix, folder / "abc_xyz.csv")
            (folder / "policy_block.yaml").write_text(self.policy_block, encoding="utf-8")
            (folder / "skus_block.yaml").write_text(self.skus_block, encoding="utf-8")
            write_json(folder / "summary.json", self.summary)
            (folder / "section.md").write_text(self.section_markdown(), encoding="utf-8")
            (folder / "section.html").write_text(self.section_html(), encoding="utf-8")
            write_json(tmp / "manifest.json", _manifest(self, command))

        return atomic_folder(out, fill)


# --------------------------------------------------------------------------------------------------
# the analysis


def analyze(
    demand: DemandTable,
    settings: Settings = Settings(),
    *,
    scenario: Scenario | None = None,
    policy: str | None = None,
    catalogue: pd.DataFrame | None = None,
    inventory: pd.DataFrame | None = None,
) -> Analysis:
    """Analyse `demand` (already restricted to the window wanted). Costs come from `scenario` (its
    policy `policy`, by default the first hybrid or stocked one) or else from `settings.costs` with
    unit costs, prices and weights from `catalogue` (indexed by sku) where given. `inventory`
    (indexed by sku, column `on_hand`, optional `unit_cost`) adds DIO, turnover and alerts.
    Raises ValueError with a user-facing message when the inputs cannot be analysed."""
    prices = _catalogue_prices(demand, scenario, catalogue)
    table = sku_statistics(
        demand, settings.basis, settings.abc_cuts, settings.xyz_cuts, settings.adi_cut, settings.cv2_cut, prices
    )
    if table["revenue"].isna().any():
        missing = table.loc[table["revenue"].isna(), "sku"].tolist()
        raise ValueError(
            f"no price for {len(missing)} SKU(s) ({', '.join(missing[:5])}…): the file has no unit_price column; "
            "map one (--column unit_price=NAME) or give prices with --catalogue or --scenario"
        )
    table["unit_price"] = np.where(table.units > 0, table.revenue / table.units.clip(lower=1), np.nan)
    for sku, price in prices.items():
        table.loc[(table.sku == sku) & table.unit_price.isna(), "unit_price"] = price
    if scenario is not None:
        priced, world = _scenario_costs(demand, table, scenario, policy)
    else:
        priced, world = _simple_costs(table, settings.costs, catalogue)
    table = table.merge(priced, on="sku", how="left")
    if inventory is not None:
        table = _inventory(table, inventory, settings.target_dio_days)
    matrix = abc_xyz_matrix(table)
    summary = _summary(demand, table, matrix, settings, world)
    return Analysis(
        demand.path,
        table,
        matrix,
        summary,
        _policy_block(table, world, demand),
        _skus_block(table),
    )


def _catalogue_prices(
    demand: DemandTable, scenario: Scenario | None, catalogue: pd.DataFrame | None
) -> dict[str, float]:
    if scenario is not None:
        return {s.id: s.price for s in scenario.skus}
    if catalogue is not None and "price" in catalogue.columns:
        return {str(k): float(v) for k, v in catalogue["price"].dropna().items()}
    return {}


def _simple_costs(
    table: pd.DataFrame, c: SimpleCosts, catalogue: pd.DataFrame | None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Break-even and stock sizing in the single-warehouse world of `SimpleCosts`."""
    from sim.analytics import eoq, reorder_point  # the simulator's own sizing rules

    given: dict[str, dict[str, float]] = (
        {str(k): {str(c2): float(v) for c2, v in row.items()} for k, row in catalogue.to_dict("index").items()}
        if catalogue is not None
        else {}
    )
    rows = []
    for t in table.to_dict("records"):
        sku = str(t["sku"])
        price = float(t["unit_price"])
        cost_source = "assumed"
        unit_cost = c.unit_cost_share * price
        weight = c.weight_kg
        entry = given.get(sku, {})
        if not math.isnan(entry.get("unit_cost", math.nan)):
            unit_cost, cost_source = entry["unit_cost"], "catalogue"
        if not math.isnan(entry.get("weight_kg", math.nan)):
            weight = entry["weight_kg"]
        d, sd = float(t["units_per_day"]), float(t["units_per_day_sd"])
        q = float(t["units_per_order"]) if not math.isnan(t["units_per_order"]) else 1.0
        holding = unit_cost * c.holding_rate_per_year + c.storage_per_unit_day * 365
        rop = reorder_point(d, sd, c.lead_time_days, c.lead_time_sd_days, c.service_level)
        s = max(0, math.ceil(rop))
        order_q = max(1, round(eoq(d * 365, c.order_cost, holding)))
        margin = max(price - unit_cost, 0.0)
        inputs = BreakEvenInputs(
            sku=sku,
            units_per_day=d,
            units_per_order=q,
            stocked_direct=q * (unit_cost + c.stock_fee_per_unit + c.return_rate * c.return_cost_stocked)
            + c.stock_fee_per_order
            + c.stock_ship_per_order
            + c.stock_ship_per_kg * weight * q,
            virtual_direct=q * (unit_cost * (1 + c.dropship_premium_share) + c.return_rate * c.return_cost_virtual)
            + c.dropship_fee_per_order
            + c.dropship_ship_per_order
            + c.dropship_ship_per_kg * weight * q,
            virtual_accept=c.dropship_availability,
            lost_order_cost=q * margin + c.lost_customer_rate * c.customer_lifetime_value,
            slots=(StockSlot(d, sd, c.lead_time_days, c.lead_time_sd_days, order_q, s, holding, c.order_cost),),
            shortage="fallback",
        )
        result = break_even(inputs)
        sigma = lead_time_sd(sd, d, c.lead_time_days, c.lead_time_sd_days)
        short_per_year = (d * 365 / order_q) * expected_short_per_cycle(s, d, sigma, c.lead_time_days)
        rows.append(
            {
                "sku": sku,
                "unit_cost": unit_cost,
                "cost_source": cost_source,
                "weight_kg": weight,
                "stock_at": "warehouse",
                "lead_time_days": c.lead_time_days,
                "service_level": c.service_level,
                "safety_stock": max(0.0, rop - d * c.lead_time_days),
                "reorder_point": s,
                "order_quantity": order_q,
                **_verdict(result),
                "stockout_cost_per_day": stockout_cost(
                    d, margin, d / q, c.lost_customer_rate, c.customer_lifetime_value
                ),
                "expected_stockout_units_per_year": short_per_year,
            }
        )
    world: dict[str, Any] = {
        "source": "defaults (SimpleCosts)",
        "costs": dataclasses.asdict(c),
        "reorder": {"kind": "service_level", "service_level": c.service_level, "order_quantity": "eoq"},
        "fallback_to_virtual": True,
    }
    return pd.DataFrame(rows), world


def _scenario_costs(
    demand: DemandTable, table: pd.DataFrame, scenario: Scenario, policy_name: str | None
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Break-even and stock sizing with the scenario's nodes, suppliers, carriers and costs, the
    SKUs' demand replaced by the file's."""
    from sim.network.build import build_network
    from sim.plan.build import break_even_table, plan_policy

    config = _break_even_policy(scenario, policy_name)
    network = build_network(scenario)
    if not any(not n.holds_stock for n in network.nodes):
        raise ValueError(
            f"scenario {scenario.name!r} has no dropship or print_on_demand node: nothing to compare stocking with"
        )
    stats = table.set_index("sku")
    shares = demand.frame.groupby(["sku", "region"])["quantity"].sum()
    totals = demand.frame.groupby("sku")["quantity"].sum()
    skus = []
    per_day = stats["units_per_day"].astype(float).to_dict()
    per_day_sd = stats["units_per_day_sd"].astype(float).to_dict()
    per_order_of = stats["units_per_order"].astype(float).fillna(1.0).to_dict()
    for s in network.skus:
        if s.id in per_day:
            s = dataclasses.replace(
                s,
                daily_units_mean=per_day[s.id],
                daily_units_var=per_day_sd[s.id] ** 2,
                units_per_order=per_order_of[s.id],
            )
        skus.append(s)
    streams = []
    for st in network.streams:
        sku_id = network.skus[st.sku].id
        if sku_id in stats.index:
            total = float(totals.get(sku_id, 0.0))
            region = network.regions[st.region]
            share = float(shares.get((sku_id, region), 0.0)) / total if total > 0 else 1.0 / len(network.regions)
            st = dataclasses.replace(st, share=share)
        streams.append(st)
    network = dataclasses.replace(network, skus=tuple(skus), streams=tuple(streams))
    results = {b.sku: b for b in break_even_table(network, config)}
    everything = StockedPolicy(
        kind="stocked",
        name=config.name,
        stock_at=config.stock_at,
        reorder=config.reorder,
        review=config.review,
        overrides=config.overrides,
    )
    plan = plan_policy(network, everything)
    margin_of = {s.id: max(s.price - s.unit_cost, 0.0) for s in network.skus}
    lost_rate, clv = network.lost_customer_rate, network.customer_lifetime_value
    rows = []
    for s in network.skus:
        if s.id not in stats.index:
            continue
        slots = [slot for (n, k), slot in plan.slots.items() if k == s.index]
        serving = [slot for slot in slots if network.nodes[slot.node].serves_customers]
        safety = reorder = order_q = 0.0
        short = 0.0
        for slot in serving:
            rule = slot.rule
            s_level, q_units = (rule.s, rule.S - rule.s) if hasattr(rule, "S") else (rule.r, rule.Q)  # type: ignore[attr-defined]
            reorder += s_level
            order_q += q_units
            lead = slot.lead_time_days_mean
            safety += max(0.0, s_level - slot.daily_units_mean * lead)
            sigma = lead_time_sd(slot.daily_units_sd, slot.daily_units_mean, lead, slot.lead_time_days_sd)
            if q_units > 0:
                short += (slot.daily_units_mean * 365 / q_units) * expected_short_per_cycle(
                    s_level, slot.daily_units_mean, sigma, lead
                )
        lead_times = sorted({round(slot.lead_time_days_mean, 3) for slot in serving})
        rows.append(
            {
                "sku": s.id,
                "unit_cost": s.unit_cost,
                "cost_source": "scenario",
                "weight_kg": s.weight_kg,
                "stock_at": "|".join(network.nodes[slot.node].name for slot in serving),
                "lead_time_days": lead_times[0] if len(lead_times) == 1 else math.nan,
                "service_level": config.reorder.service_level if isinstance(config.reorder, ServiceLevel) else math.nan,
                "safety_stock": safety,
                "reorder_point": int(reorder),
                "order_quantity": int(order_q),
                **_verdict(results[s.id]),
                "stockout_cost_per_day": stockout_cost(
                    s.daily_units_mean, margin_of[s.id], s.daily_units_mean / s.units_per_order, lost_rate, clv
                ),
                "expected_stockout_units_per_year": short,
            }
        )
    world = {
        "source": f"scenario {scenario.name!r}, policy {config.name!r}",
        "reorder": config.reorder.model_dump(mode="json", exclude_none=True),
        "fallback_to_virtual": config.fallback_to_virtual,
        "stock_at": config.stock_at,
        "virtual_sources": config.virtual_sources,
    }
    return pd.DataFrame(rows), world


def _break_even_policy(scenario: Scenario, name: str | None) -> HybridPolicy:
    """The scenario policy whose nodes and reorder rule price the stocked side, as a break-even hybrid."""
    candidates = [p for p in scenario.policies if not isinstance(p, InventoryFreePolicy)]
    if name is not None:
        chosen = scenario.policy(name)
        if isinstance(chosen, InventoryFreePolicy):
            raise ValueError(f"policy {name!r} is inventory_free; name a stocked or hybrid policy")
    elif candidates:
        hybrids = [p for p in candidates if isinstance(p, HybridPolicy)]
        chosen = hybrids[0] if hybrids else candidates[0]
    else:
        raise ValueError(f"scenario {scenario.name!r} has no stocked or hybrid policy to size the stocked side with")
    assert isinstance(chosen, StockedPolicy | HybridPolicy)
    return HybridPolicy(
        kind="hybrid",
        name=chosen.name,
        assign="break_even",
        stock_at=chosen.stock_at,
        reorder=chosen.reorder,
        review=chosen.review,
        overrides=chosen.overrides,
        virtual_sources=chosen.virtual_sources if isinstance(chosen, HybridPolicy) else None,
        fallback_to_virtual=chosen.fallback_to_virtual if isinstance(chosen, HybridPolicy) else True,
    )


def _verdict(result: BreakEven) -> dict[str, Any]:
    if result.orders_per_year <= 0:
        policy, reason = "inventory_free", "no demand in the period"
    elif math.isinf(result.virtual_per_order):
        policy, reason = "stocked", "no virtual source carries it"
    elif result.stock:
        policy = "stocked"
        reason = f"stocking saves {result.saving_per_order:.2f} per order ({result.saving_per_order * result.orders_per_year:,.0f} a year)"
    else:
        policy = "inventory_free"
        reason = f"virtual saves {-result.saving_per_order:.2f} per order ({-result.saving_per_order * result.orders_per_year:,.0f} a year)"
    return {
        "orders_per_year": result.orders_per_year,
        "stocked_direct_per_order": result.stocked_direct,
        "holding_per_order": result.holding,
        "ordering_per_order": result.ordering,
        "shortage_per_order": result.shortage,
        "stocked_cost_per_order": result.stocked_per_order,
        "virtual_cost_per_order": result.virtual_per_order,
        "saving_per_order": result.saving_per_order,
        "policy": policy,
        "reason": reason,
    }


def _inventory(table: pd.DataFrame, inventory: pd.DataFrame, target_dio: float) -> pd.DataFrame:
    """DIO, turnover, capital released and the lesson's alerts from an on-hand snapshot."""
    on_hand = inventory["on_hand"].reindex(table.sku).to_numpy(dtype=float)
    cost = table.unit_cost.to_numpy(dtype=float)
    if "unit_cost" in inventory.columns:
        given = inventory["unit_cost"].reindex(table.sku).to_numpy(dtype=float)
        cost = np.where(np.isnan(given), cost, given)
    value = on_hand * cost
    cogs = table.units_per_day.to_numpy(dtype=float) * cost
    out = table.copy()
    out["on_hand"] = on_hand
    out["inventory_value"] = value
    out["daily_cogs"] = cogs
    out["dio_days"] = [dio_days(v, c) if not math.isnan(v) else math.nan for v, c in zip(value, cogs, strict=True)]
    out["turnover"] = [turnover(v, c) if not math.isnan(v) else math.nan for v, c in zip(value, cogs, strict=True)]
    out["capital_released"] = [
        capital_released(dio, target_dio, c) for dio, c in zip(out["dio_days"], cogs, strict=True)
    ]
    alerts = []
    for oh, abc, rop, dio in zip(on_hand, out.abc, out.reorder_point, out.dio_days, strict=True):
        found = []
        if math.isnan(oh):
            alerts.append("")
            continue
        if oh == 0 and abc == "A":
            found.append("CRITICAL: A item out of stock")
        if oh < rop:
            found.append("URGENT: below reorder point")
        if not math.isnan(dio) and dio > DIO_ALERT_DAYS:
            found.append(f"ATTENTION: DIO above {DIO_ALERT_DAYS:g} days")
        alerts.append("; ".join(found))
    out["alert"] = alerts
    return out


# --------------------------------------------------------------------------------------------------
# outputs


def _summary(
    demand: DemandTable, table: pd.DataFrame, matrix: pd.DataFrame, settings: Settings, world: dict[str, Any]
) -> dict[str, Any]:
    stocked = table[table.policy == "stocked"]
    saving_year = float((stocked.saving_per_order * stocked.orders_per_year).sum())
    out: dict[str, Any] = {
        "file": demand.path,
        "format": demand.format,
        "first_date": str(demand.calendar.first),
        "last_date": str(demand.calendar.last),
        "days": demand.calendar.n_days,
        "open_days": demand.calendar.open_days,
        "skus": len(table),
        "units": int(table.units.sum()),
        "revenue": float(table.revenue.sum()),
        "xyz_basis": settings.basis,
        "xyz_periods": int(table.periods.iloc[0]) if len(table) else 0,
        "thresholds": {
            "abc_a_up_to": settings.abc_cuts[0],
            "abc_b_up_to": settings.abc_cuts[1],
            "xyz_x_below": settings.xyz_cuts[0],
            "xyz_y_up_to": settings.xyz_cuts[1],
            "adi_cut": settings.adi_cut,
            "cv2_cut": settings.cv2_cut,
            "cv": "population standard deviation ÷ mean of complete periods",
        },
        "matrix": {str(cell): int(n) for cell, n in zip(matrix.cell, matrix.skus, strict=True)},
        "patterns": {str(k): int(v) for k, v in table.pattern.value_counts().sort_index().to_dict().items()},
        "recommendation": {
            "stocked": int((table.policy == "stocked").sum()),
            "inventory_free": int((table.policy == "inventory_free").sum()),
            "stocked_revenue_share": float(stocked.revenue_share.sum()),
            "saving_per_year_vs_all_virtual": saving_year,
        },
        "costs": world,
    }
    if "on_hand" in table.columns:
        has = table[~table.on_hand.isna()]
        value = float(has.inventory_value.sum())
        cogs = float(has.daily_cogs.sum())
        out["inventory"] = {
            "skus_with_stock_data": len(has),
            "inventory_value": value,
            "daily_cogs": cogs,
            "dio_days": dio_days(value, cogs),
            "turnover": turnover(value, cogs),
            "target_dio_days": settings.target_dio_days,
            "capital_released": float(has.capital_released.sum()),
            "alerts": int((has.alert != "").sum()),
        }
    return out


def _policy_block(table: pd.DataFrame, world: dict[str, Any], demand: DemandTable) -> str:
    stocked = [str(s) for s in table.loc[table.policy == "stocked", "sku"]]
    policy: dict[str, Any] = {"name": "auto_hybrid", "kind": "hybrid", "stock_skus": stocked}
    if world.get("stock_at"):
        policy["stock_at"] = world["stock_at"]
    policy["reorder"] = world["reorder"]
    if world.get("virtual_sources"):
        policy["virtual_sources"] = world["virtual_sources"]
    policy["fallback_to_virtual"] = bool(world["fallback_to_virtual"])
    header = (
        f"# supplysim analyze: stock-or-virtual break-even per SKU, from {Path(demand.path).name}\n"
        f"# ({demand.calendar.first} … {demand.calendar.last}; costs: {world['source']}).\n"
        f"# {len(stocked)} of {len(table)} SKUs cost less per order stocked than virtual.\n"
        "# Paste this item under `policies:` in a scenario. Inside a scenario, a hybrid policy with\n"
        "# `assign: break_even` makes the same comparison from the scenario's own costs and demand.\n"
    )
    return header + yaml.safe_dump([policy], sort_keys=False, width=100, default_flow_style=None)


def _skus_block(table: pd.DataFrame) -> str:
    ordered = table.sort_values("sku")
    items = [
        {
            "id": str(sku),
            "unit_cost": round(cost, 4),
            "price": round(price, 4) if not math.isnan(price) else None,
            "weight_kg": weight,
            "demand": {"kind": "history"},
        }
        for sku, cost, price, weight in zip(
            ordered.sku,
            ordered.unit_cost.astype(float),
            ordered.unit_price.astype(float),
            ordered.weight_kg.astype(float),
            strict=True,
        )
    ]
    header = (
        "# supplysim analyze: the catalogue of this file, for a scenario that replays it\n"
        "# (`demand_history: {path: FILE}` at the top level). Prices are the file's average price per\n"
        "# unit; unit costs and weights come from the scenario, the catalogue, or the assumed defaults\n"
        "# (cost_source in sku_analysis.csv).\n"
    )
    return header + yaml.safe_dump({"skus": items}, sort_keys=False, width=120, default_flow_style=None)


_ROUND = {
    "revenue": 2,
    "revenue_share": 6,
    "cumulative_share": 6,
    "units_per_day": 4,
    "units_per_day_sd": 4,
    "units_per_order": 4,
    "adi": 4,
    "cv2": 4,
    "period_mean": 4,
    "period_sd": 4,
    "cv": 4,
    "unit_price": 4,
    "unit_cost": 4,
    "safety_stock": 2,
    "orders_per_year": 2,
    "stocked_direct_per_order": 4,
    "holding_per_order": 4,
    "ordering_per_order": 4,
    "shortage_per_order": 4,
    "stocked_cost_per_order": 4,
    "virtual_cost_per_order": 4,
    "saving_per_order": 4,
    "stockout_cost_per_day": 2,
    "expected_stockout_units_per_year": 2,
    "inventory_value": 2,
    "daily_cogs": 4,
    "dio_days": 2,
    "turnover": 3,
    "capital_released": 2,
}


def _rounded(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    for column, digits in _ROUND.items():
        if column in out.columns:
            out[column] = out[column].astype(float).round(digits)
    return out


def _matrix_rows(matrix: pd.DataFrame) -> list[tuple[str, list[str]]]:
    rows = []
    for a in "ABC":
        cells = []
        for x in "XYZ":
            cell = matrix[(matrix.abc == a) & (matrix.xyz == x)].iloc[0]
            cells.append(f"{int(cell.skus)} ({cell.revenue_share:.1%})")
        rows.append((a, cells))
    return rows


def _markdown(a: Analysis) -> str:
    s = a.summary
    t = a.table
    rec = s["recommendation"]
    lines = [
        f"## Demand analysis: {Path(a.source).name}",
        "",
        f"{s['first_date']} to {s['last_date']} ({s['days']} days, {s['open_days']} open), {s['skus']} SKUs, "
        f"{s['units']:,} units, revenue {s['revenue']:,.2f}. XYZ on {s['xyz_basis']} coefficient of variation "
        f"({s['xyz_periods']} complete periods); costs: {s['costs']['source']}.",
        "",
        "### ABC × XYZ (SKUs and revenue share)",
        "",
        "| | X | Y | Z |",
        "|---|---|---|---|",
        *(f"| {abc} | {' | '.join(cells)} |" for abc, cells in _matrix_rows(a.matrix)),
        "",
        "Demand patterns (Syntetos–Boylan, daily): " + ", ".join(f"{k} {v}" for k, v in s["patterns"].items()) + ".",
        "",
        "### Stock or keep virtual",
        "",
        f"{rec['stocked']} SKUs cost less per order stocked ({rec['stocked_revenue_share']:.1%} of revenue), "
        f"{rec['inventory_free']} stay inventory-free; stocking them saves an expected "
        f"{rec['saving_per_year_vs_all_virtual']:,.0f} a year against keeping everything virtual.",
        "",
        "| SKU | class | pattern | policy | stocked / order | virtual / order | reorder point | order qty |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in t.head(20).itertuples(index=False):
        lines.append(
            f"| {r.sku} | {r.abc_xyz} | {r.pattern} | {r.policy} | {r.stocked_cost_per_order:.2f} | "
            f"{r.virtual_cost_per_order:.2f} | {r.reorder_point} | {r.order_quantity} |"
        )
    if len(t) > 20:
        lines.append(f"\n(The top 20 SKUs by revenue; all {len(t)} are in sku_analysis.csv.)")
    if "inventory" in s:
        inv = s["inventory"]
        lines += [
            "",
            "### Inventory",
            "",
            f"Inventory value {inv['inventory_value']:,.2f}, DIO {inv['dio_days']:.1f} days, turnover "
            f"{inv['turnover']:.1f}/year; bringing every SKU to {inv['target_dio_days']:g} days releases "
            f"{inv['capital_released']:,.2f}; {inv['alerts']} SKU(s) with alerts.",
        ]
    return "\n".join(lines) + "\n"


def _html(a: Analysis) -> str:
    e = html.escape
    s = a.summary
    rec = s["recommendation"]
    head = "".join(f"<th>{x}</th>" for x in ("", "X", "Y", "Z"))
    body = "".join(
        f"<tr><th>{abc}</th>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>"
        for abc, cells in _matrix_rows(a.matrix)
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{e(str(v))}</td>"
            for v in (
                r.sku,
                r.abc_xyz,
                r.pattern,
                r.policy,
                f"{r.stocked_cost_per_order:.2f}",
                f"{r.virtual_cost_per_order:.2f}",
                r.reorder_point,
                r.order_quantity,
            )
        )
        + "</tr>"
        for r in a.table.head(20).itertuples(index=False)
    )
    return (
        '<section class="demand-analysis">\n'
        f"<h2>Demand analysis: {e(Path(a.source).name)}</h2>\n"
        f"<p>{e(s['first_date'])} to {e(s['last_date'])}, {s['skus']} SKUs, {s['units']:,} units. "
        f"XYZ on {e(s['xyz_basis'])} coefficient of variation; costs: {e(str(s['costs']['source']))}.</p>\n"
        f'<table class="abc-xyz"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n'
        f"<p>{rec['stocked']} SKUs stocked, {rec['inventory_free']} inventory-free; expected saving "
        f"{rec['saving_per_year_vs_all_virtual']:,.0f} a year against all-virtual.</p>\n"
        '<table class="sku-recommendations"><thead><tr>'
        + "".join(
            f"<th>{h}</th>" for h in ("SKU", "class", "pattern", "policy", "stocked/order", "virtual/order", "ROP", "Q")
        )
        + f"</tr></thead><tbody>{rows}</tbody></table>\n</section>\n"
    )


def _manifest(a: Analysis, command: str) -> dict[str, Any]:
    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    def sha(path: str) -> str:
        try:
            return hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return ""

    return {
        "supplysim": version("supplysim"),
        "kind": "analysis",
        "command": command,
        "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "inputs": {p: sha(p) for p in [a.source, *a.inputs]},
        "versions": {d: version(d) for d in ("numpy", "pandas", "scipy")},
    }


def restrict(table: DemandTable, first: dt.date | None, last: dt.date | None) -> DemandTable:
    """The rows of `table` dated within [first, last] (either end open), with its calendar cut to match."""
    cal = table.calendar
    lo = max(first, cal.first) if first else cal.first
    hi = min(last, cal.last) if last else cal.last
    if lo > hi:
        raise ValueError(
            f"the window {first or '…'} to {last or '…'} holds none of the file's dates ({cal.first} to {cal.last})"
        )
    start, stop = cal.index(lo), cal.index(hi)
    frame = table.frame[(table.frame.day >= start) & (table.frame.day <= stop)].copy()
    frame["day"] -= start
    closed = [int(i) - start for i in np.flatnonzero(~cal.open) if start <= i <= stop]
    return dataclasses.replace(
        table, frame=frame.reset_index(drop=True), calendar=build_calendar(lo, hi, closed_days=closed)
    )
