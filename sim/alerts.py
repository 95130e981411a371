"""The alerts log of one run (DESIGN §6): a pure state machine fed once a day. No SimPy here.

At the start of every day of the statistics window [warmup, horizon) the model hands the watch
each stocked slot's on hand and cumulative units issued (sim.processes.monitor). An alert is
logged when its condition *starts* (it was false the day before, or the window just began), so
the log stays short however long a condition lasts:

| alert | condition (start of day) | value | threshold |
|---|---|---|---|
| `a_item_out_of_stock` | an A-class SKU has 0 on hand at a node | on hand (0) | 0 |
| `below_reorder_point` | on hand below the slot's reorder point (the rule orders on the *position*, so this is expected while an order is in transit: it shows the slot running on safety stock) | on hand | reorder point |
| `dio_above_60` | a node's days of inventory outstanding above 60: its inventory value ÷ its mean daily issued value (to customers and downstream nodes) over the last 28 days; once 28 days have been seen; infinite when nothing was issued | DIO | 60 |

A slot whose rule has no fixed reorder point (learning rules resize it daily) is checked against
its current one. Rows: (day, node, SKU or "*", alert, value, threshold).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from typing import Any

import numpy as np

ALERT_COLUMNS = ["policy", "replication", "day", "node", "sku", "alert", "value", "threshold"]
DIO_LIMIT_DAYS = 60.0
DIO_WINDOW_DAYS = 28

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
        self.last_issued: np.ndarray[Any, np.dtype[np.float64]] | None = None
        self.issued_value: deque[list[float]] = deque(maxlen=DIO_WINDOW_DAYS)  # per day, per node
        self.issued_sum = [0.0] * len(self.nodes)  # over the days in issued_value
        self.rows: list[AlertRow] = []

    def check(
        self, day: int, on_hand: Sequence[int], reorder_point: Sequence[int], issued: Sequence[int], log: bool = True
    ) -> None:
        """One day's check: `on_hand`, `reorder_point` and cumulative `issued` per slot, in slot order.

        With `log` false (before the warm-up ends) the state and the DIO history advance, nothing is logged."""
        units = np.asarray(on_hand, dtype=np.float64)
        zero = (units == 0) & self.a_item
        below = units < np.asarray(reorder_point, dtype=np.float64)
        n_nodes = len(self.nodes)
        value = np.bincount(self.slot_node, weights=units * self.unit_cost, minlength=n_nodes).tolist()
        cumulative = np.asarray(issued, dtype=np.float64) * self.unit_cost
        history = self.issued_value
        if self.last_issued is not None:
            out: list[float] = np.bincount(
                self.slot_node, weights=cumulative - self.last_issued, minlength=n_nodes
            ).tolist()
            if len(history) == DIO_WINDOW_DAYS:
                self.issued_sum = [a - b for a, b in zip(self.issued_sum, history[0], strict=True)]
            history.append(out)
            self.issued_sum = [a + b for a, b in zip(self.issued_sum, out, strict=True)]
        self.last_issued = cumulative
        high = [False] * n_nodes
        dio = [0.0] * n_nodes
        if len(history) == DIO_WINDOW_DAYS:
            for k in range(n_nodes):
                daily = self.issued_sum[k] / DIO_WINDOW_DAYS
                dio[k] = value[k] / daily if daily > 1e-9 else (math.inf if value[k] > 0 else 0.0)
                high[k] = dio[k] > DIO_LIMIT_DAYS
        if log:
            rows, names = self.rows, self.slot_names
            for i in np.flatnonzero(zero & ~self.was_zero).tolist():
                rows.append((day, *names[i], "a_item_out_of_stock", 0.0, 0.0))
            for i in np.flatnonzero(below & ~self.was_below).tolist():
                rows.append((day, *names[i], "below_reorder_point", float(units[i]), float(reorder_point[i])))
            for k in range(n_nodes):
                if high[k] and not self.was_high[k]:
                    rows.append((day, self.node_names[k], "*", "dio_above_60", dio[k], DIO_LIMIT_DAYS))
        self.was_zero, self.was_below, self.was_high = zero, below, high


__all__ = ["ALERT_COLUMNS", "DIO_LIMIT_DAYS", "AlertRow", "AlertWatch"]
