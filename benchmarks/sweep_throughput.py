"""Sweep throughput (runs per second) with 1 and 2 worker processes, and their ratio.

Runs the same sweep (by default the headline scenario, `scenarios/multichannel.yaml`, over a
short horizon so one measurement takes seconds) on a local process pool of 1 and of 2 workers.
Both pools are started and warmed up first, so the figures are steady-state throughput; the cost
of starting a pool (spawning workers that import numpy, pandas, SimPy…) is printed separately.
Repeats alternate between the two pools, so background load on a shared machine hits both alike;
every repeat writes a fresh sweep folder (nothing is resumed). Prints the median of `--repeats`
measurements per configuration and the ratio; never asserts anything about time.

    python benchmarks/sweep_throughput.py                 # from the repository root
    python benchmarks/sweep_throughput.py --horizon 365 --reps 4 --repeats 3
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.config import Scenario, load_scenario  # noqa: E402 (after the path tweak above)
from sim.experiment.executors import ProcessExecutor  # noqa: E402
from sim.experiment.runs import RunTask, run_task  # noqa: E402
from sim.sweeps.points import SweepPlan, plan_sweep  # noqa: E402
from sim.sweeps.runner import run_plan  # noqa: E402


def _noop(scenario: Scenario, item: int) -> int:
    return item


def warm(executor: ProcessExecutor, scenario: Scenario) -> float:
    """Start the pool and wait until every worker has answered; returns the seconds it took."""
    started = time.perf_counter()
    executor.__enter__()
    list(executor.map_unordered(_noop, [(scenario, i) for i in range(2 * executor.workers)]))
    return time.perf_counter() - started


def rate(plan: SweepPlan, executor: ProcessExecutor, reps: int) -> float:
    """Runs per second of one sweep into a fresh folder."""
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        results = run_plan(plan, Path(tmp) / "sweep", replications=reps, executor=executor)
        return results.runs_total / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scenario", default=str(ROOT / "scenarios" / "multichannel.yaml"))
    parser.add_argument("--horizon", type=float, default=90, help="horizon_days (default 90)")
    parser.add_argument("--points", type=int, default=2, help="service levels swept (default 2)")
    parser.add_argument("--reps", type=int, default=4, help="replications per point (default 4)")
    parser.add_argument("--repeats", type=int, default=5, help="measurements per configuration (default 5)")
    args = parser.parse_args()

    base = load_scenario(args.scenario, [f"horizon_days={args.horizon:g}", "warmup_days=0"])
    levels = [round(0.9 + 0.09 * i / max(args.points - 1, 1), 4) for i in range(args.points)]
    plan = plan_sweep(base, parameters={"policies.stocked.reorder.service_level": levels}, seed=1)
    runs = len(plan.points) * len(plan.policies) * args.reps
    t0 = time.perf_counter()
    run_task(base, RunTask(plan.policies[0], 0, 1))
    single = time.perf_counter() - t0
    print(
        f"scenario {base.name}, horizon {args.horizon:g} days: {len(plan.points)} points × {len(plan.policies)} "
        f"policies × {args.reps} replications = {runs} runs per sweep; one run in-process ≈ {single:.3f} s"
    )
    pools = {workers: ProcessExecutor(workers) for workers in (1, 2)}
    startup = {workers: warm(pool, base) for workers, pool in pools.items()}
    rates: dict[int, list[float]] = {1: [], 2: []}
    try:
        for _ in range(args.repeats):  # alternate, so both see the same background load
            for workers, pool in pools.items():
                rates[workers].append(rate(plan, pool, args.reps))
    finally:
        for pool in pools.values():
            pool.__exit__(None, None, None)
    medians = {workers: statistics.median(r) for workers, r in rates.items()}
    for workers in (1, 2):
        shown = ", ".join(f"{r:.2f}" for r in rates[workers])
        label = f"{workers} worker{'s' if workers > 1 else ' '}"
        print(f"{label}: median {medians[workers]:6.2f} runs/s (repeats: {shown}; pool start {startup[workers]:.1f} s)")
    paired = statistics.median(b / a for a, b in zip(rates[1], rates[2], strict=True))
    print(f"ratio 2 workers / 1 worker: {medians[2] / medians[1]:.2f}× (median of paired repeats: {paired:.2f}×)")
    load = os.getloadavg() if hasattr(os, "getloadavg") else (math.nan,) * 3
    print(
        f"({os.cpu_count()} CPUs; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}: other work on the machine skews the ratio)"
    )


if __name__ == "__main__":
    main()
