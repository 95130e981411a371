"""The append-only event log of one run: one row per thing that happened, in columns.

Off by default (KPIs come from streaming counters); on with `--events`, when every run's log is
written to `events/<policy>/rep-<n>.parquet`. Columns (all times in simulation seconds):

| column   | meaning |
|---|---|
| t        | when it happened |
| event    | `order` (a customer orders), `allocate` (units committed at a node; `t2` = ready to ship), `backorder` (units wait at a node), `lost` (units not sold), `ship` (carrier pickup; `t2` = delivery, `amount` = shipping cost), `purchase` (a purchase order; `t2` = arrival), `transfer` (a downstream node is sent stock; `t2` = arrival, `source` = the sending node), `receipt` (goods usable at a node), `route` (one row per candidate node of a routing decision: `units` = units it took, `amount` = the strategy's key or score for it, lower = preferred, `source` = the node chosen, '' when none), `walk_away` (the customer left at checkout: the promise exceeded their tolerance), `return` (a customer's parcel is back; `node` restocks it, '' = written off) |
| order    | customer order id (−1 for replenishment events) |
| node     | node name ('' when none) |
| sku      | SKU id |
| region   | customer region ('' for replenishment events) |
| units    | units concerned |
| amount   | money (shipping cost for `ship`, else 0) |
| t2       | second time (see event), else −1 |
| source   | sending node for `transfer`, else '' |

The counters in sim.record.counters are checked against this log in tests/test_eventlog.py.

Given a `sink` path, the log streams: every `group_rows` rows become one Parquet row group on disk
and the buffers start again, so a run's memory stays flat however long it is (`close()` writes the
rest). Without a sink the rows stay in memory (tests and the validation suite read them there).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.network.build import Network

EVENTS = (
    "order",
    "allocate",
    "backorder",
    "lost",
    "ship",
    "purchase",
    "transfer",
    "receipt",
    "route",
    "walk_away",
    "return",
)


class EventLog:
    """Columnar buffers; rows are appended, never changed."""

    def __init__(self, sink: Path | None = None, network: Network | None = None, group_rows: int = 1 << 16) -> None:
        assert sink is None or network is not None, "a streaming log needs the network for its names"
        self.sink = sink
        self.network = network
        self.group_rows = group_rows
        self.rows_written = 0
        self._writer: pq.ParquetWriter | None = None
        self._clear()

    def _clear(self) -> None:
        self.t: list[int] = []
        self.event: list[int] = []
        self.order_id: list[int] = []
        self.node: list[int] = []
        self.sku: list[int] = []
        self.region: list[int] = []
        self.units: list[int] = []
        self.amount: list[float] = []
        self.t2: list[int] = []
        self.source: list[int] = []

    def _row(
        self,
        t: int,
        event: int,
        order: int,
        node: int,
        sku: int,
        region: int,
        units: int,
        amount: float = 0.0,
        t2: int = -1,
        source: int = -1,
    ) -> None:
        self.t.append(t)
        self.event.append(event)
        self.order_id.append(order)
        self.node.append(node)
        self.sku.append(sku)
        self.region.append(region)
        self.units.append(units)
        self.amount.append(amount)
        self.t2.append(t2)
        self.source.append(source)
        if self.sink is not None and len(self.t) >= self.group_rows:
            self._flush()

    def _flush(self) -> None:
        assert self.sink is not None and self.network is not None
        table = pa.Table.from_pandas(self.to_frame(self.network), preserve_index=False)
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.sink, table.schema, compression="zstd")
        self._writer.write_table(table)
        self.rows_written += len(self.t)
        self._clear()

    def close(self) -> None:
        """Write what is buffered and finish the file (a streaming log; no-op otherwise)."""
        if self.sink is None:
            return
        if self.t or self._writer is None:
            self._flush()
        assert self._writer is not None
        self._writer.close()
        self._writer = None

    def order(self, t: int, order: int, sku: int, region: int, units: int) -> None:
        self._row(t, 0, order, -1, sku, region, units)

    def allocate(self, t: int, order: int, node: int, sku: int, region: int, units: int, ready: int) -> None:
        self._row(t, 1, order, node, sku, region, units, t2=ready)

    def backorder(self, t: int, order: int, node: int, sku: int, region: int, units: int) -> None:
        self._row(t, 2, order, node, sku, region, units)

    def lost(self, t: int, order: int, sku: int, region: int, units: int) -> None:
        self._row(t, 3, order, -1, sku, region, units)

    def ship(
        self, t: int, order: int, node: int, sku: int, region: int, units: int, cost: float, delivered: int
    ) -> None:
        self._row(t, 4, order, node, sku, region, units, amount=cost, t2=delivered)

    def purchase(self, t: int, node: int, sku: int, units: int, arrival: int) -> None:
        self._row(t, 5, -1, node, sku, -1, units, t2=arrival)

    def transfer(self, t: int, node: int, sku: int, units: int, arrival: int, source: int) -> None:
        self._row(t, 6, -1, node, sku, -1, units, t2=arrival, source=source)

    def receipt(self, t: int, node: int, sku: int, units: int) -> None:
        self._row(t, 7, -1, node, sku, -1, units)

    def route(
        self, t: int, order: int, node: int, sku: int, region: int, units: int, score: float, chosen: int
    ) -> None:
        self._row(t, 8, order, node, sku, region, units, amount=score, source=chosen)

    def walk_away(self, t: int, order: int, sku: int, region: int, units: int) -> None:
        self._row(t, 9, order, -1, sku, region, units)

    def returned(self, t: int, order: int, node: int, sku: int, region: int, units: int) -> None:
        self._row(t, 10, order, node, sku, region, units)

    def __len__(self) -> int:
        return self.rows_written + len(self.t)

    def to_frame(self, network: Network) -> pd.DataFrame:
        """The log as a DataFrame with names instead of indices."""
        nodes = [n.name for n in network.nodes] + [""]
        skus = [s.id for s in network.skus]
        regions = [*network.regions, ""]
        return pd.DataFrame(
            {
                "t": pd.Series(self.t, dtype="int64"),
                "event": pd.Categorical.from_codes(np.asarray(self.event, dtype=np.int8), categories=pd.Index(EVENTS)),
                "order": pd.Series(self.order_id, dtype="int64"),
                "node": [nodes[i] for i in self.node],
                "sku": [skus[i] for i in self.sku],
                "region": [regions[i] for i in self.region],
                "units": pd.Series(self.units, dtype="int64"),
                "amount": pd.Series(self.amount, dtype="float64"),
                "t2": pd.Series(self.t2, dtype="int64"),
                "source": [nodes[i] for i in self.source],
            }
        )
