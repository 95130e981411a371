"""The output contract the speed benchmarks share (issue 8): one JSON line per run.

`figures` turns a run's counts and three clock readings (before building, after building, after
simulating) into that line's fields; `reference_arguments` is the command line of the scripts that
simulate the reference scenario (floor.py, reference.py, supplynetpy_reference.py). The scripts run
as `python benchmarks/<script>.py`, which puts this folder on the import path.
"""

from __future__ import annotations

import argparse
import resource
from typing import Any


def figures(
    orders: int, kernel_events: int | None, fill_rate: float, t0: float, t1: float, t2: float
) -> dict[str, Any]:
    """customer_orders, kernel_events, fill_rate, t_build_s (t0→t1), t_sim_s (t1→t2), orders_per_s, peak_rss_mb."""
    return {
        "customer_orders": orders,
        "kernel_events": kernel_events,
        "fill_rate": round(fill_rate, 5),
        "t_build_s": round(t1 - t0, 4),
        "t_sim_s": round(t2 - t1, 4),
        "orders_per_s": round(orders / (t2 - t1)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def reference_arguments(description: str) -> argparse.ArgumentParser:
    """--days N --retailers K --seed S, with the reference scenario's defaults."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--days", type=float, default=365)
    parser.add_argument("--retailers", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    return parser
