"""The carrier calendar is looked up in a cached day → pickup table; it must equal the rule itself."""

from __future__ import annotations

import random

from sim.base.timebase import DAY
from sim.model.outbound import Outbound


def by_the_rule(o: Outbound, ready_s: int) -> int:
    """DESIGN: the day's pickup if ready by the cut-off, else the next day's; pickup weekdays only, no holidays."""
    day, time_of_day = divmod(ready_s, DAY)
    if time_of_day > o.cutoff_s:
        day += 1
    while (o.start_weekday + day) % 7 not in o.weekdays or day in o.holidays:
        day += 1
    return day * DAY + o.pickup_s


def test_cached_pickups_equal_the_rule_on_random_calendars() -> None:
    rng = random.Random(20261202)
    for _ in range(200):
        o = Outbound.__new__(Outbound)  # only the calendar fields matter here
        o.cutoff_s = rng.randrange(DAY)
        o.pickup_s = max(o.cutoff_s, rng.randrange(DAY))
        o.weekdays = frozenset(rng.sample(range(7), rng.randint(1, 7)))
        o.start_weekday = rng.randrange(7)
        o.holidays = frozenset(rng.sample(range(800), rng.randint(0, 60)))
        o.calendar = []
        times = [rng.randrange(1200 * DAY) for _ in range(300)]
        times += [d * DAY + o.cutoff_s + e for d in rng.sample(range(900), 20) for e in (0, 1)]  # at the cut-off
        for ready in times:
            assert o.pickup_for(ready) == by_the_rule(o, ready), (ready, sorted(o.weekdays))
