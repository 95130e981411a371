"""supplysim against the hand-written SimPy floor on the reference scenario, side by side.

For each K (retailers) and N (days) it runs `floor.py` and `reference.py` alternately, each in a
fresh process (so peak memory is each run's own), `--repeats` times, and prints per (K, N): the
median orders/s of each, the median of the per-repeat ratios supplysim / floor, the median peak
RSS, and the kernel events per order. Alternating pairs means background load hits both alike.

    python benchmarks/versus_floor.py                     # K ∈ {4, 16, 64}, N ∈ {365, 3650}, 5 repeats
    python benchmarks/versus_floor.py --retailers 16 --days 3650 --repeats 7
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(script: str, days: int, retailers: int, seed: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(HERE / script), "--days", str(days), "--retailers", str(retailers), "--seed", str(seed)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--retailers", type=int, action="append", help="K (repeatable; default 4, 16, 64)")
    parser.add_argument("--days", type=int, action="append", help="N (repeatable; default 365, 3650)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    header = (
        f"{'K':>3} {'N':>5} {'orders':>9} {'floor ord/s':>12} {'supplysim ord/s':>16} {'ratio':>6} "
        f"{'floor MB':>9} {'sim MB':>7} {'events/order':>13} {'fill':>6}"
    )
    print(header)
    for k in args.retailers or [4, 16, 64]:
        for n in args.days or [365, 3650]:
            floors, ours, ratios = [], [], []
            for r in range(args.repeats):
                f = run("floor.py", n, k, 1 + r)
                o = run("reference.py", n, k, 1 + r)
                floors.append(f)
                ours.append(o)
                ratios.append(o["orders_per_s"] / f["orders_per_s"])
            print(
                f"{k:>3} {n:>5} {statistics.median(o['customer_orders'] for o in ours):>9.0f} "
                f"{statistics.median(f['orders_per_s'] for f in floors):>12,.0f} "
                f"{statistics.median(o['orders_per_s'] for o in ours):>16,.0f} "
                f"{statistics.median(ratios):>6.2f} "
                f"{statistics.median(f['peak_rss_mb'] for f in floors):>9.1f} "
                f"{statistics.median(o['peak_rss_mb'] for o in ours):>7.1f} "
                f"{statistics.median(o['kernel_events'] / o['customer_orders'] for o in ours):>13.3f} "
                f"{statistics.median(o['fill_rate'] for o in ours):>6.4f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
