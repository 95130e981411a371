"""The one pickup / cut-off rule (sim.routing.pickups): its cached table equals the rule itself."""

from __future__ import annotations

import random

from sim.base.timebase import DAY
from sim.routing.pickups import PickupCalendar, first_pickup_day, leave_day


def test_ready_exactly_at_the_cut_off_leaves_that_day_one_second_later_the_next() -> None:
    assert leave_day(3 * DAY + 50_400, 50_400) == 3
    assert leave_day(3 * DAY + 50_401, 50_400) == 4


def test_the_cached_table_equals_the_rule_on_random_calendars() -> None:
    rng = random.Random(7)
    for _ in range(100):
        cutoff = rng.randrange(DAY)
        weekdays = frozenset(rng.sample(range(7), rng.randint(1, 7)))
        holidays = frozenset(rng.sample(range(900), rng.randint(0, 50)))
        start, pickup = rng.randrange(7), rng.randrange(DAY)
        cal = PickupCalendar(cutoff, pickup, weekdays, holidays, start)
        for ready in sorted(rng.randrange(1000 * DAY) for _ in range(100)):
            day = first_pickup_day(leave_day(ready, cutoff), start, weekdays, holidays)
            assert cal.pickup_for(ready) == day * DAY + pickup
