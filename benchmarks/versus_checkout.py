"""This checkout against another one (an earlier commit), on the reference scenario, side by side.

For refactors that must not slow the simulator: make a checkout of the commit to compare with,
then run both trees' own `benchmarks/reference.py` alternately, each in a fresh process with only
its own tree on the import path, `--repeats` times, and print per (K, N) the median orders/s of
each and the median of the per-repeat ratios this / other (above 1: this checkout is faster).
Alternating pairs means background load hits both alike.

    git worktree add --detach ../before <commit>
    python benchmarks/versus_checkout.py --other ../before --retailers 16 --days 3650 --repeats 7
    git worktree remove ../before
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(tree: Path, days: int, retailers: int, seed: int) -> dict[str, float]:
    """One run of `tree`'s reference scenario, importing `sim` from `tree` only."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [
            sys.executable,
            str(tree / "benchmarks" / "reference.py"),
            "--days",
            str(days),
            "--retailers",
            str(retailers),
            "--seed",
            str(seed),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tree,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, required=True, help="the checkout to compare with")
    parser.add_argument("--retailers", type=int, action="append", help="K (repeatable; default 16)")
    parser.add_argument("--days", type=int, action="append", help="N (repeatable; default 3650)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    this, other = HERE.parent, args.other.resolve()
    print(f"this: {this}\nother: {other}")
    print(
        f"{'K':>3} {'N':>5} {'orders':>9} {'other ord/s':>12} {'this ord/s':>11} {'ratio':>6} {'other MB':>9} {'this MB':>8} {'same fill':>9}"
    )
    for k in args.retailers or [16]:
        for n in args.days or [3650]:
            theirs, ours, ratios = [], [], []
            for r in range(args.repeats):
                t = run(other, n, k, 1 + r)
                o = run(this, n, k, 1 + r)
                theirs.append(t)
                ours.append(o)
                ratios.append(o["orders_per_s"] / t["orders_per_s"])
            same = all(
                o["fill_rate"] == t["fill_rate"] and o["customer_orders"] == t["customer_orders"]
                for o, t in zip(ours, theirs, strict=True)
            )
            print(
                f"{k:>3} {n:>5} {statistics.median(o['customer_orders'] for o in ours):>9.0f} "
                f"{statistics.median(t['orders_per_s'] for t in theirs):>12,.0f} "
                f"{statistics.median(o['orders_per_s'] for o in ours):>11,.0f} "
                f"{statistics.median(ratios):>6.3f} "
                f"{statistics.median(t['peak_rss_mb'] for t in theirs):>9.1f} "
                f"{statistics.median(o['peak_rss_mb'] for o in ours):>8.1f} "
                f"{'yes' if same else 'NO':>9}"
            )


if __name__ == "__main__":
    main()
