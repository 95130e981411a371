"""The scenario schema's face: every model and constant, re-exported from its topic module.

One scenario is one YAML file describing the world (regions, catalogue, demand, nodes, suppliers,
carriers, costs) and the fulfilment policies to compare on it. The schema is frozen pydantic
models, `extra="forbid"`, kinds as discriminated unions. Every field is honoured by the simulator:
nothing is accepted and then ignored. Units live in field names (`lead_time_days`,
`cost_per_shipment`, `minutes_per_order`). Cross-references (a node naming its supplier, a policy
naming its nodes) are checked in `sim.config.references`, which reports every dangling name with
its key path.

The models live by topic; import from here (topic modules import each other directly):

* `sim.config.common`: `Strict`, `Name`, `SimpleName`, `Clock`, `Cutoff`, `Weekday`;
* `sim.config.demand`: regions and zones, SKUs, demand kinds, the long tail, seasonality;
* `sim.config.baskets`: multi-line orders (baskets), their composition and split mode;
* `sim.config.carriers`: carriers, services, zone rates, delay windows;
* `sim.config.nodes`: suppliers and the node kinds (`STOCK_KINDS`, `VIRTUAL_KINDS`);
* `sim.config.reorder`: the reorder rules (`Reorder`) and review modes;
* `sim.config.routing`: routing, score weights, conversion;
* `sim.config.policies`: the policies, reorder overrides, predictive placement;
* `sim.config.operations`: returns, disruptions, warm start;
* `sim.config.sweep`: sweeps;
* `sim.config.decision`: the decision block (constraints, thresholds worth acting on);
* `sim.config.capacity`: finite capacity (shifts, pickup, partner and supplier caps), extensions;
* `sim.config.scenario`: `Scenario`, costs, service;
* `sim.history.spec`: the demand history file (`DemandHistorySource` and its parts).
"""

from __future__ import annotations

from sim.base.kinds import ROUTING_STRATEGIES
from sim.base.timebase import WEEKDAYS
from sim.config.baskets import SPLIT_MODES, BasketRouting, Baskets, ByCategory, Popularity
from sim.config.capacity import Capacity, NodeCapacity, Shift, Shifts, SupplierCapacity
from sim.config.carriers import Carrier, CarrierService, DelayWindow, ZoneRate
from sim.config.common import WORKDAYS, Clock, Cutoff, Name, SimpleName, Strict, Weekday
from sim.config.decision import CONSTRAINT_METRICS, DEFAULT_THRESHOLDS, Bound, Decision, Thresholds
from sim.config.demand import (
    DailyUnits,
    Demand,
    HistoryDemand,
    LongTail,
    PoissonOrders,
    Region,
    Seasonality,
    Sku,
    Zone,
)
from sim.config.nodes import (
    STOCK_KINDS,
    VIRTUAL_KINDS,
    Dropship,
    Marketplace,
    Node,
    NodeFees,
    PickPack,
    PrintOnDemand,
    SkuScope,
    Store,
    Supplier,
    ThirdPartyLogistics,
    Warehouse,
)
from sim.config.operations import (
    DayOrDate,
    Disruptions,
    InitialState,
    NodeClosure,
    RandomOutages,
    Returns,
    ReturnTerms,
    SupplierOutage,
    Window,
)
from sim.config.policies import (
    HybridPolicy,
    InventoryFreePolicy,
    Placement,
    PlacementForward,
    Policy,
    ReorderOverride,
    StockedPolicy,
)
from sim.config.promotions import Promotion, PullForward
from sim.config.reorder import (
    FORECAST_METHODS,
    RQ,
    SS,
    BaseStock,
    ContinuousReview,
    CustomReorder,
    FillRate,
    Forecast,
    OneTimeBuy,
    PeriodicReview,
    Reorder,
    Review,
    ServiceLevel,
)
from sim.config.routing import Conversion, Routing, ScoreWeights
from sim.config.scenario import Costs, Scenario, Service
from sim.config.seasonality import Profile, Trend
from sim.config.sweep import SWEEP_METHODS, SWEEP_PATH, Sweep, SweepRange, SweepValues
from sim.history.spec import Bootstrap, DemandHistorySource, HistoryColumns, StoreCalendar

__all__ = [
    "CONSTRAINT_METRICS",
    "DEFAULT_THRESHOLDS",
    "FORECAST_METHODS",
    "ROUTING_STRATEGIES",
    "RQ",
    "SPLIT_MODES",
    "SS",
    "STOCK_KINDS",
    "SWEEP_METHODS",
    "SWEEP_PATH",
    "VIRTUAL_KINDS",
    "WEEKDAYS",
    "WORKDAYS",
    "BaseStock",
    "BasketRouting",
    "Baskets",
    "Bootstrap",
    "Bound",
    "ByCategory",
    "Capacity",
    "Carrier",
    "CarrierService",
    "Clock",
    "ContinuousReview",
    "Conversion",
    "Costs",
    "CustomReorder",
    "Cutoff",
    "DailyUnits",
    "DayOrDate",
    "Decision",
    "DelayWindow",
    "Demand",
    "DemandHistorySource",
    "Disruptions",
    "Dropship",
    "FillRate",
    "Forecast",
    "HistoryColumns",
    "HistoryDemand",
    "HybridPolicy",
    "InitialState",
    "InventoryFreePolicy",
    "LongTail",
    "Marketplace",
    "Name",
    "Node",
    "NodeCapacity",
    "NodeClosure",
    "NodeFees",
    "OneTimeBuy",
    "PeriodicReview",
    "PickPack",
    "Placement",
    "PlacementForward",
    "PoissonOrders",
    "Policy",
    "Popularity",
    "PrintOnDemand",
    "Profile",
    "Promotion",
    "PullForward",
    "RandomOutages",
    "Region",
    "Reorder",
    "ReorderOverride",
    "ReturnTerms",
    "Returns",
    "Review",
    "Routing",
    "Scenario",
    "ScoreWeights",
    "Seasonality",
    "Service",
    "ServiceLevel",
    "Shift",
    "Shifts",
    "SimpleName",
    "Sku",
    "SkuScope",
    "StockedPolicy",
    "Store",
    "StoreCalendar",
    "Strict",
    "Supplier",
    "SupplierCapacity",
    "SupplierOutage",
    "Sweep",
    "SweepRange",
    "SweepValues",
    "ThirdPartyLogistics",
    "Thresholds",
    "Trend",
    "Warehouse",
    "Weekday",
    "Window",
    "Zone",
    "ZoneRate",
]
