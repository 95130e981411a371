"""The alerts log of one run (DESIGN §6): a pure state machine fed once a day. No SimPy here.

At the start of every day of the statistics window [warmup, horizon) the model hands the watch
each stocked slot's on hand, and every 7 days its cumulative units issued (sim.model.monitor). An alert is
logged when its condition *starts* (it was false the day before, or the window just began), so
the log stays short however long a condition lasts:

| alert | condition (start of day) | value | threshold |
|---|---|---|---|
| `a_item_out_of_stock` | an A-class SKU has 0 on hand at a node | on hand (0) | 0 |
| `below_reorder_point` | on hand below the slot's reorder point (the rule orders on the *position*, so this is expected while an order is in transit: it shows the slot running on safety stock) | on hand | reorder point |
| `dio_above_60` | checked every 7 days: a node's days of inventory outstanding above 60, its inventory value ÷ its mean daily issued value (to customers and downstream nodes) over the last 28 days; once 28 days have been seen; infinite when nothing was issued | DIO | 60 |

A slot whose rule has no fixed reorder point (learning rules resize it daily) is checked against
its current one. Rows: (day, node, SKU or "*", alert, value, threshold).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from typing import Any

import numpy as np

from sim.analytics.classify import DIO_ALERT_DAYS

ALERT_COLUMNS = ["policy", "replication", "day", "node", "sku", "alert", "value", "threshold"]
DIO_WINDOW_DAYS = 28
DIO_CHECK_DAYS = 7
"""DIO moves slowly: it is checked every 7 days (days 0, 7, 14, …), the other checks daily."""

AlertRow = tuple[int, str, str, str, float, float]


class AlertWatch:
    """Watches the slots of one run; `rows` is the log. Vectorised: one numpy pass per day."""

    def __init__(
        self,
        slot_node: Sequence[int],
        slot_names: Sequence[tuple[str, str]],
        a_item: Sequence[bool],
        unit_cost: Sequence[float],
        node_names: dict[int, str],
    ) -> None:
        self.nodes = sorted(node_names)
        position = {node: i for i, node in enumerate(self.nodes)}
        self.slot_node = np.asarray([position[n] for n in slot_node], dtype=np.int64)
        self.slot_names = list(slot_names)
        self.a_item = np.asarray(a_item, dtype=bool)
        self.unit_cost = np.asarray(unit_cost, dtype=np.float64)
        self.node_names = [node_names[n] for n in self.nodes]
        n = len(slot_node)
        self.was_zero = np.zeros(n, dtype=bool)
        self.was_below = np.zeros(n, dtype=bool)
        self.was_high = [False] * len(self.nodes)
        # cumulative issued value per node at each DIO check, the oldest DIO_WINDOW_DAYS ago
        self.issued_history: deque[tuple[int, list[float]]] = deque()
        self.rows: list[AlertRow] = []

    def check(
        self,
        day: int,
        on_hand: Sequence[int],
        reorder_point: Sequence[int] | np.ndarray[Any, np.dtype[np.float64]],
        issued: Sequence[int] | None = None,
        log: bool = True,
    ) -> None:
        """One day's check: `on_hand` and `reorder_point` per slot, in slot order; with cumulative
        `issued` per slot, also the DIO check (the model passes it every DIO_CHECK_DAYS days).

        With `log` false (before the warm-up ends) the state and the DIO history advance, nothing is logged."""
        units = np.asarray(on_hand, dtype=np.float64)
        zero = units == 0
        zero &= self.a_item
        below = units < reorder_point
        if log:
            rows, names = self.rows, self.slot_names
            for i in np.flatnonzero(zero > self.was_zero).tolist():
                rows.append((day, *names[i], "a_item_out_of_stock", 0.0, 0.0))
            for i in np.flatnonzero(below > self.was_below).tolist():
                rows.append((day, *names[i], "below_reorder_point", float(units[i]), float(reorder_point[i])))
        self.was_zero, self.was_below = zero, below
        if issued is not None:
            self._dio(day, units, issued, log)

    def _dio(self, day: int, units: np.ndarray[Any, np.dtype[np.float64]], issued: Sequence[int], log: bool) -> None:
        n_nodes = len(self.nodes)
        value: list[float] = np.bincount(self.slot_node, weights=units * self.unit_cost, minlength=n_nodes).tolist()
        cumulative: list[float] = np.bincount(
            self.slot_node, weights=np.asarray(issued, dtype=np.float64) * self.unit_cost, minlength=n_nodes
        ).tolist()
        history = self.issued_history
        history.append((day, cumulative))
        while history[0][0] < day - DIO_WINDOW_DAYS:
            history.popleft()
        first_day, first = history[0]
        if day - first_day < DIO_WINDOW_DAYS:
            return  # fewer than 28 days seen
        for k in range(n_nodes):
            daily = (cumulative[k] - first[k]) / DIO_WINDOW_DAYS
            dio = value[k] / daily if daily > 1e-9 else (math.inf if value[k] > 0 else 0.0)
            high = dio > DIO_ALERT_DAYS
            if log and high and not self.was_high[k]:
                self.rows.append((day, self.node_names[k], "*", "dio_above_60", dio, DIO_ALERT_DAYS))
            self.was_high[k] = high


__all__ = ["ALERT_COLUMNS", "DIO_CHECK_DAYS", "AlertRow", "AlertWatch"]
