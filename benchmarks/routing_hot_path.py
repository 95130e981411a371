"""Benchmark: per-order cost of each routing strategy (docs/ROUTING.md), and of the features that
are off by default (split shipments, carrier lateness, conversion).

Runs the `nearest` policy of scenarios/smart_routing.yaml with its routing strategy replaced by
each registered strategy, and prints the best CPU time per order over a few repeats together with
the Python function calls per order (a load-independent proxy: the development VM is shared, so
times move with other jobs). Never fails on a threshold:

    python benchmarks/routing_hot_path.py [repeats]      # from the repository root
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout, not an installed copy

from sim.config import load_scenario
from sim.model.model import simulate
from sim.network.build import build_network
from sim.plan.build import make_plan
from sim.routing.strategies import STRATEGIES

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios/smart_routing.yaml"
PLAIN = [  # the smart_routing world without its carrier lateness, windows and conversion
    "conversion=null",
    *(
        f"carriers.{c}.services.{s}.{k}={v}"
        for c, s in (("parcelco", "ground"), ("parcelco", "express"), ("marketfleet", "prime"))
        for k, v in (("on_time_probability", 1), ("late_days", "null"), ("peak_windows", "[]"), ("delay_windows", "[]"))
    ),
]


def measure(overrides: list[str], repeats: int) -> tuple[float, float]:
    network = build_network(load_scenario(SCENARIO, overrides))
    plan = make_plan(network, "nearest")
    out = simulate(network, plan, 1, 0)
    orders = out.tally.orders + network.warmup_s * 0  # counted orders: a stable denominator
    times = []
    for rep in range(repeats):
        started = time.process_time()
        simulate(network, plan, 1, rep % 2)
        times.append(time.process_time() - started)
    profile = cProfile.Profile()
    profile.enable()
    simulate(network, plan, 1, 0)
    profile.disable()
    calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    return min(times) / orders * 1e6, calls / orders


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cases = [(f"{kind}", [*PLAIN, f"policies.nearest.routing.strategy={kind}"]) for kind in STRATEGIES]
    cases += [
        ("nearest + split", [*PLAIN, "policies.nearest.routing.split_shipments=true"]),
        ("nearest + lateness, windows, conversion", []),
    ]
    print(f"{'case':42s} {'µs/order':>9s} {'calls/order':>12s}")
    for name, overrides in cases:
        us, calls = measure(overrides, repeats)
        print(f"{name:42s} {us:9.2f} {calls:12.1f}")


if __name__ == "__main__":
    main()
