"""A promotion's effect in a simulated policy: units and fill rate in its window against outside it.

For one policy and one promotion of a scenario, each replication runs with the event log on, and
the promoted (region, SKU) pairs' customer orders after the warm-up are split by order day into the
promotion's *window* (start … end) and *outside* (every other day, leaving out its ramp and its
pull-forward dip). Per replication: units per day and fill rate (1 − lost units ÷ ordered units)
in each part; reported as means with 95 % confidence intervals over replications, and the paired
difference (window − outside) with its CI. Common random numbers make the pairs tight.

    python -m sim.studies.promotion_effect scenarios/seasonal_launch.yaml --policy stocked --promotion black_friday

See docs/DEMAND.md §13.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.base.confidence import mean_ci
from sim.base.timebase import DAY
from sim.config.catalogue import all_skus
from sim.config.demand_checks import selected
from sim.config.loader import load_scenario
from sim.config.models import Scenario
from sim.model.model import Model
from sim.network.build import build_network
from sim.plan.build import make_plan


@dataclass(frozen=True)
class Split:
    """One replication's figures: units per day and fill rate in the window and outside."""

    units_window: float
    units_outside: float
    fill_window: float
    fill_outside: float


def _days(scenario: Scenario, name: str) -> tuple[set[int], set[int]]:
    """(window days, days left out: ramp and dip) of the promotion called `name`, as day indices."""
    promo = next((p for p in scenario.promotions if p.name == name), None)
    if promo is None:
        raise KeyError(f"no promotion {name!r}; the scenario has {[p.name for p in scenario.promotions]}")
    first, last = (promo.start - scenario.start_date).days, (promo.end - scenario.start_date).days
    window = set(range(first, last + 1))
    dip = promo.pull_forward.days if promo.pull_forward is not None else 0
    left_out = set(range(first - promo.ramp_days, first)) | set(range(last + 1, last + 1 + dip))
    return window, left_out


def split(
    frame: pd.DataFrame, pairs: set[tuple[str, str]], window: set[int], left_out: set[int], first: int, n_days: int
) -> Split:
    """One replication's event log → window and outside figures for the promoted (region, SKU) pairs."""
    orders = frame[frame.event == "order"]
    keep = [(r, s) in pairs for r, s in zip(orders.region, orders.sku, strict=True)]
    orders = orders[keep]
    day = (orders.t.to_numpy() // DAY).astype(np.int64)
    lost = frame[frame.event == "lost"].groupby("order").units.sum()
    lost_units = orders.order.map(lost).fillna(0).to_numpy()
    units = orders.units.to_numpy()
    in_window = np.isin(day, list(window))
    outside = (day >= first) & ~in_window & ~np.isin(day, list(left_out))
    n_window = len(window)
    n_outside = len(set(range(first, n_days)) - window - left_out)

    def fill(mask: np.ndarray) -> float:
        total = units[mask].sum()
        return float(1 - lost_units[mask].sum() / total) if total else math.nan

    return Split(units[in_window].sum() / n_window, units[outside].sum() / n_outside, fill(in_window), fill(outside))


def promotion_effect(scenario: Scenario, policy: str, promotion: str, replications: int, seed: int) -> pd.DataFrame:
    """metric, window, outside (means with CIs) and window − outside (paired CI) over replications."""
    network = build_network(scenario)
    plan = make_plan(network, policy)
    promo = next(p for p in scenario.promotions if p.name == promotion) if scenario.promotions else None
    window, left_out = _days(scenario, promotion)
    assert promo is not None
    catalogue = all_skus(scenario)
    regions = promo.regions or [r.name for r in scenario.regions]
    pairs = {(r, catalogue[k].id) for k in selected(promo, catalogue, all_when_empty=True) for r in regions}
    first = math.ceil(scenario.warmup_days)
    n_days = math.ceil(scenario.horizon_days)
    found = []
    for rep in range(replications):
        model = Model(network, plan, seed, rep, events=True)
        model.run()
        assert model.log is not None
        found.append(split(model.log.to_frame(network), pairs, window, left_out, first, n_days))
    rows = []
    for metric, a, b in (
        ("units per day", "units_window", "units_outside"),
        ("fill rate", "fill_window", "fill_outside"),
    ):
        w = np.array([getattr(s, a) for s in found])
        o = np.array([getattr(s, b) for s in found])
        mw, lw, hw, _ = mean_ci(w)
        mo, lo, ho, _ = mean_ci(o)
        md, ld, hd, n = mean_ci(w - o)
        rows.append(
            {
                "metric": metric,
                "window": mw,
                "window_low": lw,
                "window_high": hw,
                "outside": mo,
                "outside_low": lo,
                "outside_high": ho,
                "difference": md,
                "difference_low": ld,
                "difference_high": hd,
                "replications": n,
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario")
    parser.add_argument("--policy", required=True)
    parser.add_argument("--promotion", required=True)
    parser.add_argument("--reps", type=int, default=None, help="replications (default: the scenario's)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    scenario = load_scenario(args.scenario)
    reps = args.reps or scenario.replications
    table = promotion_effect(
        scenario, args.policy, args.promotion, reps, scenario.seed if args.seed is None else args.seed
    )
    print(f"{scenario.name}: promotion {args.promotion!r} under policy {args.policy!r}, {reps} replications, 95 % CIs")
    for r in table.to_dict("records"):
        scale = 100.0 if r["metric"] == "fill rate" else 1.0
        unit = " %" if scale == 100.0 else ""
        print(
            f"  {r['metric']:<14} window {r['window'] * scale:8.2f}{unit} ({r['window_low'] * scale:.2f}–"
            f"{r['window_high'] * scale:.2f})   outside {r['outside'] * scale:8.2f}{unit} ({r['outside_low'] * scale:.2f}–"
            f"{r['outside_high'] * scale:.2f})   window − outside {r['difference'] * scale:+.2f} "
            f"({r['difference_low'] * scale:+.2f} … {r['difference_high'] * scale:+.2f})"
        )


if __name__ == "__main__":
    main()
