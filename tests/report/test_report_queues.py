"""The report's "Queues at capacity" table: breakdown rows of scope `resource` get their own table
(means over replications), and stay out of the per-node table."""

from __future__ import annotations

import pandas as pd

from sim.report.breakdown_table import network_tables


def test_resource_rows_make_their_own_table_and_leave_the_node_table_alone() -> None:
    rows = [
        ("p", 0, "node", "dc", "parcels", 10.0),
        ("p", 0, "resource", "dc/pick_pack", "wait_probability", 0.2),
        ("p", 1, "resource", "dc/pick_pack", "wait_probability", 0.4),
        ("p", 0, "resource", "dc/pick_pack", "utilisation", 0.5),
        ("p", 1, "resource", "dc/pick_pack", "utilisation", 0.7),
    ]
    frame = pd.DataFrame(rows, columns=["policy", "replication", "scope", "name", "metric", "value"])
    tables = network_tables(frame, None, ["p"])
    assert [r[:3] for r in tables.rows] == [["p", "node", "dc"]]
    (queue,) = tables.queue_rows
    shown = dict(zip(tables.queue_headers, queue, strict=True))
    assert shown["resource"] == "dc/pick_pack"
    assert shown["share waiting"] == "30.0%" and shown["utilisation"] == "60.0%"
    assert shown["jobs"] == "–"  # not in the rows: shown as missing, never as 0
