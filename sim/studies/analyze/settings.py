"""How `supplysim analyze` analyses: the cost world without a scenario (`SimpleCosts`) and the `Settings`.

The ABC and XYZ cut-offs default to the one home of those rules, `sim.analytics.classify`; the
Syntetos–Boylan cut-offs to `sim.studies.demand_stats`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from sim.analytics.classify import ABC_A_SHARE, ABC_B_SHARE, XYZ_X_BELOW, XYZ_Y_UP_TO
from sim.studies.demand_stats import ADI_CUT, CV2_CUT, Basis


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
    abc_cuts: tuple[float, float] = (ABC_A_SHARE, ABC_B_SHARE)
    xyz_cuts: tuple[float, float] = (XYZ_X_BELOW, XYZ_Y_UP_TO)
    adi_cut: float = ADI_CUT
    cv2_cut: float = CV2_CUT
    target_dio_days: float = 30.0
    costs: SimpleCosts = field(default_factory=SimpleCosts)


DEFAULT_SETTINGS = Settings()
"""The settings `supplysim analyze` uses without options (frozen, so one shared default)."""
