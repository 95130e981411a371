"""Input-file limits for demand histories and SKU tables (docs/LIMITS.md): only regular files (a FIFO
must not hang, /dev/zero must not be read), a size and a row limit, quantities and prices within
bounds instead of int64 overflow, dates within the sane window, and no echo of a non-CSV file."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

import sim.history.csv_rows as csv_rows
from sim.history.sku_table import read_sku_table
from sim.history.table import HistoryError

from .test_import import problems


def problems_within(path: Path, seconds: float = 60) -> list[str]:
    """`problems(path)`, in a thread so that a read that blocks (a FIFO) fails the test, not the run."""
    out: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: out.update(found=problems(path)), daemon=True)
    worker.start()
    worker.join(seconds)  # a hang guard, not a speed assertion
    assert "found" in out, f"reading {path} did not return"
    found: list[str] = out["found"]
    return found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    path = tmp_path / "demand.csv"
    os.mkfifo(path)
    [message] = problems_within(path)
    assert "not a regular file" in message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused_without_reading_it() -> None:
    [message] = problems_within(Path("/dev/zero"))
    assert "not a regular file" in message


def test_a_file_over_the_size_limit_is_refused(csv_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = csv_file("date,sku,quantity\n" + "2025-01-06,A,1\n" * 100)
    monkeypatch.setattr(csv_rows, "CSV_MAX_BYTES", 1000)
    [message] = problems(path, skus=["A"], default_region="north")
    assert "over the limit of 1,000 bytes" in message


def test_a_file_over_the_row_limit_is_refused_at_the_first_row_too_many(csv_file, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = csv_file("date,sku,quantity\n" + "".join(f"2025-01-{d:02d},A,1\n" for d in range(1, 21)))
    monkeypatch.setattr(csv_rows, "CSV_MAX_ROWS", 10)
    [message] = problems(path, skus=["A"], default_region="north")
    assert message.startswith(f"{path}:12:") and "more than 10 data rows" in message


@pytest.mark.parametrize("quantity", ["1e308", str(2**63), "-1e308", "1e13"])
def test_huge_quantities_are_located_not_overflowed(csv_file, quantity: str) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(f"date,sku,quantity\n2025-01-06,A,3\n2025-01-07,A,{quantity}\n")
    found = problems(path, skus=["A"], default_region="north")
    assert any(m.startswith(f"{path}:3:3") and "over the limit" in m for m in found), found


def test_huge_prices_and_order_lines_are_located(csv_file) -> None:  # type: ignore[no-untyped-def]
    path = csv_file("date,sku,quantity,order_lines,unit_price\n2025-01-06,A,3,1,1e308\n2025-01-07,A,3,1e300,2\n")
    found = problems(path, skus=["A"], default_region="north")
    assert any(m.startswith(f"{path}:2:5") and "not a price from 0 to 1e+09" in m for m in found), found
    assert any(m.startswith(f"{path}:3:4") and "order lines" in m for m in found), found


@pytest.mark.parametrize(("day", "column"), [("9999-12-31", "date"), ("1850-01-01", "date")])
def test_dates_outside_the_window_are_located(csv_file, day: str, column: str) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(f"date,sku,quantity\n2025-01-06,A,3\n{day},A,1\n")
    found = problems(path, skus=["A"], default_region="north")
    assert any(m.startswith(f"{path}:3:1") and "outside the years 1900-2200" in m for m in found), found


def test_timestamps_outside_the_window_are_located(csv_file) -> None:  # type: ignore[no-untyped-def]
    path = csv_file("timestamp,sku,quantity\n2025-01-06 10:00,A,3\n2999-01-06 10:00,A,1\n")
    found = problems(path, skus=["A"], default_region="north")
    assert any(m.startswith(f"{path}:3:1") and "outside the years" in m for m in found), found


def test_a_file_that_is_not_csv_is_never_echoed(tmp_path: Path) -> None:
    path = tmp_path / "passwd"
    path.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
    found = problems(path, skus=["A"], default_region="north")
    assert found and not any("bin/bash" in m or "daemon:x" in m for m in found), found


def test_a_secret_with_a_semicolon_is_not_echoed_either(tmp_path: Path) -> None:
    path = tmp_path / "secret.csv"
    path.write_text("password=hunter2;token=abc\nx\n")
    found = problems(path, skus=["A"], default_region="north")
    assert found and not any("hunter2" in m for m in found), found


def test_a_real_header_is_still_quoted_to_help(csv_file) -> None:  # type: ignore[no-untyped-def]
    path = csv_file("day,item,qty\n2025-01-06,A,3\n")
    found = problems(path, skus=["A"], default_region="north")
    assert any("'day', 'item', 'qty'" in m for m in found), found


def test_sku_tables_bound_their_numbers_and_hide_non_csv(tmp_path: Path) -> None:
    path = tmp_path / "costs.csv"
    path.write_text("sku,unit_cost\nA,1e308\nB,2\n")
    with pytest.raises(HistoryError) as info:
        read_sku_table(str(path), {"unit_cost": "positive"}, {})
    [message] = [p.format() for p in info.value.problems]
    assert message.startswith(f"{path}:2:2") and "at most 1e+12" in message
    path.write_text("root:x:0:0:root:/root:/bin/bash\n")
    with pytest.raises(HistoryError) as info:
        read_sku_table(str(path), {"unit_cost": "positive"}, {})
    assert not any("bin/bash" in p.format() for p in info.value.problems)
