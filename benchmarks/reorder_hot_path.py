"""Benchmark: CPU time of one 365-day replication of scenarios/multichannel.yaml (the hot path).

Prints the best CPU time per replication over a few repeats, for the `stocked` and `hybrid`
policies (continuous review, service-level rules) and for the same scenario with the forecast
rule. Compare against another checkout by running it there. Never fails on a threshold:

    python benchmarks/reorder_hot_path.py [repeats]      # from the repository root
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout, not an installed copy

from sim.config import ScenarioError, load_scenario
from sim.model.model import simulate
from sim.network.build import build_network
from sim.plan.build import make_plan

FORECAST = "policies.stocked.reorder={kind: forecast, method: exponential_smoothing}"


def best_cpu_seconds(overrides: list[str], policy: str, repeats: int) -> float:
    network = build_network(
        load_scenario(Path(__file__).resolve().parents[1] / "scenarios/multichannel.yaml", overrides)
    )
    plan = make_plan(network, policy)
    simulate(network, plan, 42, 0)  # warm caches
    best = []
    for rep in range(3):
        times = []
        for _ in range(repeats):
            started = time.process_time()
            simulate(network, plan, 42, rep)
            times.append(time.process_time() - started)
        best.append(min(times))
    return sum(best) / len(best)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for label, overrides, policy in (
        ("stocked (service_level)", [], "stocked"),
        ("hybrid (service_level)", [], "hybrid"),
        ("stocked (forecast)", [FORECAST], "stocked"),
    ):
        try:
            seconds = best_cpu_seconds(overrides, policy, repeats)
        except ScenarioError:
            print(f"{label:<26} not available in this checkout")
            continue
        print(f"{label:<26} {seconds:.3f} s CPU per replication")


if __name__ == "__main__":
    main()
