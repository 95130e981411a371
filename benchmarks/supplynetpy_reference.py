"""The reference scenario of issue 8, simulated in SupplyNetPy 0.5.1 (a third-party SimPy library).

FILLED IN BELOW AFTER THE RUNS.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable

import numpy as np
import simpy
import SupplyNetPy.Components as scm

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


def build(retailers: int, seed: int) -> tuple[dict, list[scm.InventoryNode], list[scm.Demand]]:
    """The reference network as SupplyNetPy objects, gathered by `create_sc_net`."""
    scm.set_seed(seed)  # the library's own RNG (used only for random disruptions, of which there are none)
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(retailers + 2)]
    env = simpy.Environment()
    quiet = {"logging": False}  # per-node switch: mutes each node's logger (see the module docstring)

    supplier = scm.Supplier(env=env, ID="supplier", name="supplier", node_type="infinite_supplier", **quiet)
    distributor = scm.InventoryNode(
        env=env,
        ID="distributor",
        name="distributor",
        node_type="distributor",
        capacity=UNBOUNDED,
        initial_level=120 * retailers,
        inventory_holding_cost=0.0,
        replenishment_policy=scm.SSReplenishment,
        policy_param={"s": 50 * retailers, "S": 120 * retailers},
        product_sell_price=10.0,
        product_buy_price=10.0,
        **quiet,
    )
    to_distributor = Draws(streams[retailers], lambda g, n: g.uniform(2.0, 4.0, n))
    to_retailer = Draws(streams[retailers + 1], lambda g, n: g.uniform(1.0, 3.0, n))
    nodes: list[scm.Node] = [supplier, distributor]
    links = [scm.Link(env=env, ID="l_supplier", source=supplier, sink=distributor, cost=0, lead_time=to_distributor)]
    shops: list[scm.InventoryNode] = []
    demands: list[scm.Demand] = []
    for r in range(retailers):
        shop = scm.InventoryNode(
            env=env,
            ID=f"retailer_{r:02d}",
            name=f"retailer_{r:02d}",
            node_type="retailer",
            capacity=UNBOUNDED,
            initial_level=80,
            inventory_holding_cost=0.0,
            replenishment_policy=scm.SSReplenishment,
            policy_param={"s": 30, "S": 80},
            product_sell_price=20.0,
            product_buy_price=10.0,
            **quiet,
        )
        links.append(scm.Link(env=env, ID=f"l_{shop.ID}", source=distributor, sink=shop, cost=0, lead_time=to_retailer))
        arrivals = Draws(streams[r], lambda g, n: g.exponential(1 / ORDERS_PER_DAY, n))
        demands.append(
            scm.Demand(
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
    return scm.create_sc_net(nodes=nodes, links=links, demands=demands, env=env), shops, demands


def simulate(days: float, retailers: int, seed: int) -> dict[str, float | int | None]:
    t0 = time.perf_counter()
    net, shops, demands = build(retailers, seed)
    t1 = time.perf_counter()
    scm.simulate_sc_net(net, days, logging=False)  # also computes the network-wide results
    t2 = time.perf_counter()
    orders = sum(d.stats.demand_placed[0] for d in demands)
    units = sum(s.stats.demand_received[1] for s in shops)  # customer units asked of the retailers
    waited = sum(s.stats.waited[1] for s in shops)  # customer units that had to wait (backordered)
    return {
        "customer_orders": orders,
        "kernel_events": next(net["env"]._eid),  # SimPy's event counter: every event ever scheduled
        "fill_rate": round((units - waited) / units, 5),
        "t_build_s": round(t1 - t0, 4),
        "t_sim_s": round(t2 - t1, 4),
        "orders_per_s": round(orders / (t2 - t1)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=365)
    parser.add_argument("--retailers", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(json.dumps(simulate(args.days, args.retailers, args.seed)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
