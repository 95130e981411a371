"""The reference scenario of issue 8, simulated in SupplyNetPy 0.5.1 (a third-party SimPy supply-chain library).

SupplyNetPy is not a dependency of supplysim; install it into a separate venv and run this file with that venv:

    python3 -m venv /work/snp-venv && /work/snp-venv/bin/pip install supplynetpy==0.5.1 numpy
    /work/snp-venv/bin/python benchmarks/supplynetpy_reference.py --days 3650 --retailers 16 --seed 1
prints one JSON line with the contract of `floor.py` and `reference.py`: customer_orders, kernel_events,
fill_rate, t_build_s, t_sim_s, orders_per_s, peak_rss_mb.

What matches the reference scenario: one infinite supplier (`Supplier`, node_type "infinite_supplier") →
one distributor (`InventoryNode`) with (s,S) = (50·K, 120·K), starting at S → K retailers (`InventoryNode`),
each (s,S) = (30, 80), starting at 80, both with `SSReplenishment` (continuous review: the inventory position
is checked each time the inventory drops; the order brings it back to S). One `Demand` per retailer: exponential
inter-arrival times with mean 0.1 day, 1 unit per order, no delivery leg (lead time 0). `Link` lead times
Uniform(2, 4) days (supplier → distributor) and Uniform(1, 3) days (distributor → retailer). Unfilled customer
units are BACKORDERED: the customers have an infinite tolerance, wait, and are served as stock arrives. A
retailer order the distributor cannot fill waits, whole, in the distributor's SimPy container queue (strictly
FIFO) for its next receipt. The inventory position is level + in transit − owed, as in the floor. fill_rate
comes from SupplyNetPy's own statistics: over the retailers, (units demanded − units that waited) / units
demanded (`stats.demand_received[1]`, `stats.waited[1]`). kernel_events is `next(env._eid)`.

What differs (modelling and run):
- Each retailer's first customer arrives at t = 0 (`Demand.behavior` starts a customer before its first
  wait), so there are K more orders than a pure Poisson stream gives; later gaps are exponential as specified.
- SupplyNetPy needs a storage capacity; it is set to infinity, as the scenario has none. Prices (buy 10,
  sell 20) and holding cost 0 are required arguments that do not affect the flow of units.
- A backordered customer is its own SimPy process that wakes each time the retailer receives stock; waiting
  customers are served in the order they wait, which is FIFO in practice (there is no explicit backlog queue).
- A replenishment order is placed by a separate process started at the review instant (same simulated time).
- Random streams are derived from the seed as in floor.py (one numpy generator per retailer's arrivals, then
  the two lead times, drawn in blocks), but SupplyNetPy draws them in its own order (its constructors also
  call each callable once to validate it), so the runs are not draw-for-draw alike; fill rates agree
  statistically (seeds 1–9 at K=16, N=365: mean 0.99349 here, 0.99337 for the floor).
- Every customer order is a SimPy process with its own get/timeout events and ~5 statistics updates, hence
  ≈ 6.1 kernel events per order against ≈ 1.02 for the floor.
- The run goes through `create_sc_net` + `simulate_sc_net`, which also totals the network-wide results at the
  end (inside t_sim_s, negligible).
Switched off (library defaults otherwise): each node's and demand's logger (`logging=False` per node, so no
log records are built, although the library still formats its messages), and the run's logging
(`simulate_sc_net(..., logging=False)`; its default True attaches a screen handler and writes
simulation_trace.log). Periodic statistics and inventory-level recording stay at their default, off. No
Python warnings are raised by this network.

Figures (2026-12-02, a shared 2-core VM, load average 0.7–1.4; each supplynetpy run followed by the floor,
`.venv/bin/python benchmarks/floor.py`, same settings, back to back):
- supplynetpy K=16 N=365:  58,144 orders, 357,315 events, fill 0.99563, t_sim 1.12 s, 51,789 orders/s, 85.3 MB
- floor       K=16 N=365:  58,132 orders, 59,371 events, fill 0.99472, t_sim 0.061 s, 953,449 orders/s, 39.1 MB
- supplynetpy K=16 N=3650: 583,863 orders, 3,594,351 events, fill 0.99328, t_sim 11.7 s, 49,900 orders/s, 85.6 MB
- floor       K=16 N=3650: 583,853 orders, 596,064 events, fill 0.99298, t_sim 0.66 s, 884,966 orders/s, 39.2 MB
SupplyNetPy runs this scenario at about 1/18 of the floor's speed (≈ 1/9 of supplysim's, see README.md).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

import numpy as np
import simpy
from contract import figures, reference_arguments
from SupplyNetPy.Components import (
    Demand,
    InventoryNode,
    Link,
    Node,
    SSReplenishment,
    Supplier,
    create_sc_net,
    set_seed,
    simulate_sc_net,
)

ORDERS_PER_DAY = 10.0  # per retailer
UNBOUNDED = float("inf")  # the reference scenario has no storage capacities


class Draws:
    """Block-drawn random numbers from one numpy generator, as a zero-argument callable for SupplyNetPy."""

    def __init__(self, rng: np.random.Generator, sample: Callable[[np.random.Generator, int], np.ndarray]) -> None:
        self.rng, self.sample = rng, sample
        self.buf: list[float] = []
        self.i = 0

    def __call__(self) -> float:
        if self.i >= len(self.buf):
            self.buf = self.sample(self.rng, 4096).tolist()
            self.i = 0
        self.i += 1
        return self.buf[self.i - 1]


def build(retailers: int, seed: int) -> tuple[dict, list[InventoryNode], list[Demand]]:
    """The reference network as SupplyNetPy objects, gathered by `create_sc_net`."""
    set_seed(seed)  # the library's own RNG (used only for random disruptions, of which there are none)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(retailers + 2)]
    env = simpy.Environment()
    quiet = {"logging": False}  # per-node switch: mutes each node's logger (see the module docstring)

    supplier = Supplier(env=env, ID="supplier", name="supplier", node_type="infinite_supplier", **quiet)
    distributor = InventoryNode(
        env=env,
        ID="distributor",
        name="distributor",
        node_type="distributor",
        capacity=UNBOUNDED,
        initial_level=120 * retailers,
        inventory_holding_cost=0.0,
        replenishment_policy=SSReplenishment,
        policy_param={"s": 50 * retailers, "S": 120 * retailers},
        product_sell_price=10.0,
        product_buy_price=10.0,
        **quiet,
    )
    # Streams derived from the seed as floor.py derives them (one per retailer's arrivals, then the two
    # lead times), though SupplyNetPy uses the draws in its own order, so the runs are not draw-for-draw alike.
    to_retailer = Draws(streams[retailers], lambda g, n: g.uniform(1.0, 3.0, n))
    to_distributor = Draws(streams[retailers + 1], lambda g, n: g.uniform(2.0, 4.0, n))
    nodes: list[Node] = [supplier, distributor]
    links = [Link(env=env, ID="l_supplier", source=supplier, sink=distributor, cost=0, lead_time=to_distributor)]
    shops: list[InventoryNode] = []
    demands: list[Demand] = []
    for r in range(retailers):
        shop = InventoryNode(
            env=env,
            ID=f"retailer_{r:02d}",
            name=f"retailer_{r:02d}",
            node_type="retailer",
            capacity=UNBOUNDED,
            initial_level=80,
            inventory_holding_cost=0.0,
            replenishment_policy=SSReplenishment,
            policy_param={"s": 30, "S": 80},
            product_sell_price=20.0,
            product_buy_price=10.0,
            **quiet,
        )
        links.append(Link(env=env, ID=f"l_{shop.ID}", source=distributor, sink=shop, cost=0, lead_time=to_retailer))
        arrivals = Draws(streams[r], lambda g, n: g.exponential(1 / ORDERS_PER_DAY, n))
        demands.append(
            Demand(
                env=env,
                ID=f"customers_{r:02d}",
                name=f"customers_{r:02d}",
                order_arrival_model=arrivals,
                order_quantity_model=1,
                demand_node=shop,
                tolerance=UNBOUNDED,  # customers wait for ever: backorders, filled as stock arrives
                **quiet,
            )
        )
        nodes.append(shop)
        shops.append(shop)
    return create_sc_net(nodes=nodes, links=links, demands=demands, env=env), shops, demands


def simulate(days: float, retailers: int, seed: int) -> dict[str, float | int]:
    t0 = time.perf_counter()
    net, shops, demands = build(retailers, seed)
    t1 = time.perf_counter()
    simulate_sc_net(net, days, logging=False)  # also computes the network-wide results
    t2 = time.perf_counter()
    orders = sum(d.stats.demand_placed[0] for d in demands)
    units = sum(s.stats.demand_received[1] for s in shops)  # customer units asked of the retailers
    waited = sum(s.stats.waited[1] for s in shops)  # customer units that had to wait (backordered)
    return figures(orders, next(net["env"]._eid), (units - waited) / units, t0, t1, t2)


def main(argv: list[str] | None = None) -> None:
    parser = reference_arguments(__doc__.splitlines()[0])
    args = parser.parse_args(argv)
    print(json.dumps(simulate(args.days, args.retailers, args.seed)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
