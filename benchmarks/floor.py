"""The floor: a minimal hand-written SimPy model of the reference scenario (counters only, no features).

Reference scenario (issue 8): one infinite supplier → one distributor with (s,S) = (50·K, 120·K),
starting at S → K retailers, each (s,S) = (30, 80) starting at 80; continuous review on the
inventory position. Customers: Poisson arrivals of 10 orders a day per retailer, 1 unit each,
served at the retailer (no pick/pack, no carrier). Lead times: supplier → distributor
Uniform(2, 4) days; distributor → retailer Uniform(1, 3) days. Unfilled customer units are
backordered and filled FIFO when stock arrives; a retailer order the distributor cannot fill waits
FIFO for the distributor's next receipt.

This is what a competent engineer would write by hand for exactly this scenario: one process per
retailer drawing exponential inter-arrival times, callbacks for deliveries, random numbers drawn
in blocks. It is the yardstick supplysim's throughput is measured against, in the same run.

    python benchmarks/floor.py --days 3650 --retailers 16 --seed 1
prints one JSON line: customer_orders, kernel_events, fill_rate, t_build_s, t_sim_s, orders_per_s, peak_rss_mb.
"""

from __future__ import annotations

import json
import sys
import time
from collections import deque

import numpy as np
import simpy
from contract import figures, reference_arguments

ORDERS_PER_DAY = 10.0


class Draws:
    """Block-drawn random numbers from one generator."""

    def __init__(self, rng: np.random.Generator, kind: str, a: float, b: float = 0.0) -> None:
        self.rng, self.kind, self.a, self.b = rng, kind, a, b
        self.buf: list[float] = []
        self.i = 0

    def __call__(self) -> float:
        if self.i >= len(self.buf):
            if self.kind == "exp":
                self.buf = self.rng.exponential(self.a, 4096).tolist()
            else:
                self.buf = self.rng.uniform(self.a, self.b, 4096).tolist()
            self.i = 0
        self.i += 1
        return self.buf[self.i - 1]


def simulate(days: float, retailers: int, seed: int) -> dict[str, float]:
    t0 = time.perf_counter()
    env = simpy.Environment()
    root = np.random.SeedSequence(seed)
    streams = [np.random.default_rng(s) for s in root.spawn(retailers + 3)]
    arrivals = [Draws(streams[i], "exp", 1 / ORDERS_PER_DAY) for i in range(retailers)]
    to_retailer = Draws(streams[retailers], "uni", 1.0, 3.0)
    to_distributor = Draws(streams[retailers + 1], "uni", 2.0, 4.0)

    d_s, d_S = 50 * retailers, 120 * retailers
    r_s, r_S = 30, 80
    d_on_hand, d_on_order = d_S, 0
    d_queue: deque[tuple[int, int]] = deque()  # (retailer, qty) waiting at the distributor
    on_hand = [r_S] * retailers
    on_order = [0] * retailers
    backlog = [0] * retailers
    stats = {"orders": 0, "filled": 0}

    def later(delay: float, fn, *args) -> None:  # type: ignore[no-untyped-def]
        ev = env.timeout(delay)
        ev.callbacks.append(lambda _e: fn(*args))

    def distributor_review() -> None:
        nonlocal d_on_order
        position = d_on_hand + d_on_order - sum(q for _, q in d_queue)
        if position <= d_s:
            q = d_S - position
            d_on_order += q
            later(to_distributor(), distributor_receive, q)

    def distributor_receive(q: int) -> None:
        nonlocal d_on_hand, d_on_order
        d_on_order -= q
        d_on_hand += q
        while d_queue and d_queue[0][1] <= d_on_hand:
            r, qty = d_queue.popleft()
            d_on_hand -= qty
            later(to_retailer(), retailer_receive, r, qty)

    def retailer_order(r: int, q: int) -> None:
        nonlocal d_on_hand
        on_order[r] += q
        if not d_queue and d_on_hand >= q:
            d_on_hand -= q
            later(to_retailer(), retailer_receive, r, q)
        else:
            d_queue.append((r, q))
        distributor_review()

    def retailer_receive(r: int, q: int) -> None:
        on_order[r] -= q
        on_hand[r] += q
        served = min(backlog[r], on_hand[r])
        backlog[r] -= served
        on_hand[r] -= served

    def customers(r: int):  # type: ignore[no-untyped-def]
        draw = arrivals[r]
        while True:
            yield env.timeout(draw())
            stats["orders"] += 1
            if on_hand[r] > 0 and backlog[r] == 0:
                on_hand[r] -= 1
                stats["filled"] += 1
            else:
                backlog[r] += 1
            position = on_hand[r] + on_order[r] - backlog[r]
            if position <= r_s:
                retailer_order(r, r_S - position)

    for r in range(retailers):
        env.process(customers(r))
    t1 = time.perf_counter()
    env.run(until=days)
    t2 = time.perf_counter()
    return figures(stats["orders"], next(env._eid), stats["filled"] / stats["orders"], t0, t1, t2)


def main(argv: list[str] | None = None) -> None:
    parser = reference_arguments(__doc__.splitlines()[0])
    args = parser.parse_args(argv)
    print(json.dumps(simulate(args.days, args.retailers, args.seed)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
