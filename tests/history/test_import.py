"""Reading demand histories: both formats, column mapping, and every error located at file:ROW:COL."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.config.models import DemandHistorySource, HistoryColumns, StoreCalendar
from sim.history.sku_table import read_sku_table
from sim.history.table import PER_KIND, HistoryError, read_demand


def source(path: Path, **options: object) -> DemandHistorySource:
    return DemandHistorySource(path=str(path), **options)  # type: ignore[arg-type]


def problems(path: Path, **kwargs: object) -> list[str]:
    """The formatted problems reading `path` (fails the test if it reads fine)."""
    options = {k: v for k, v in kwargs.items() if k not in ("skus", "regions", "default_region")}
    with pytest.raises(HistoryError) as info:
        read_demand(
            source(path, **options),
            skus=kwargs.get("skus"),  # type: ignore[arg-type]
            regions=kwargs.get("regions"),  # type: ignore[arg-type]
            default_region=kwargs.get("default_region"),  # type: ignore[arg-type]
        )
    return [p.format() for p in info.value.problems]


def test_daily_file_reads_with_its_calendar(csv_file) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(
        """
        date,sku,region,quantity,order_lines,unit_price,store_open
        2025-01-06,A,north,5,2,2.5,1
        2025-01-07,A,north,0,0,,0
        2025-01-08,A,south,3,1,2.0,1
        """
    )
    table = read_demand(source(path), skus=["A"], regions=["north", "south"])
    assert table.format == "daily" and table.has_price and table.has_region
    assert table.frame[["day", "sku", "region", "quantity", "lines", "row"]].values.tolist() == [
        [0, "A", "north", 5, 2, 2],
        [1, "A", "north", 0, 0, 3],
        [2, "A", "south", 3, 1, 4],
    ]
    assert str(table.calendar.first) == "2025-01-06" and table.calendar.open.tolist() == [True, False, True]


def test_order_lines_keep_their_second_and_mapped_columns(csv_file) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(
        """
        When;Item;Zone;Qty
        2025-01-06 08:28;X1;N;6
        2025-01-06T17:05:09;X1;S;1
        2025-01-07;X2;N;2
        """
    )
    table = read_demand(
        source(
            path,
            delimiter=";",
            columns=HistoryColumns(timestamp="When", sku="Item", region="Zone", quantity="Qty"),
            sku_map={"X1": "A", "X2": "B"},
            region_map={"N": "north", "S": "south"},
        ),
        skus=["A", "B"],
        regions=["north", "south"],
    )
    assert table.format == "order_lines"
    assert table.frame[["day", "second", "sku", "region", "quantity"]].values.tolist() == [
        [0, 8 * 3600 + 28 * 60, "A", "north", 6],
        [0, 17 * 3600 + 5 * 60 + 9, "A", "south", 1],
        [1, 0, "B", "north", 2],
    ]


def test_bad_dates_negative_and_fractional_quantities_are_located(csv_file) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(
        """
        date,sku,region,quantity
        2025-01-06,A,north,5
        06/01/2025,A,north,1
        2025-02-30,A,north,1
        2025-01-08,A,north,-3
        2025-01-09,A,north,2.5
        2025-01-10,A,north,many
        2025-01-11,A,north,
        """
    )
    found = problems(path)
    assert f"{path}:3:1  date  '06/01/2025' is not a date; write YYYY-MM-DD" in found[0]
    assert f"{path}:4:1  date  '2025-02-30' is not a calendar date" in found[1]
    text = "\n".join(found)
    assert f"{path}:5:4  quantity  negative quantity (-3)" in text and "drop the row" in text
    assert f"{path}:6:4  quantity  quantity 2.5 is not whole units" in text
    assert f"{path}:7:4  quantity  'many' is not a number" in text
    assert f"{path}:8:4  quantity  missing quantity" in text


def test_unknown_skus_and_regions_are_named_once_with_their_count(csv_file) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(
        """
        date,sku,region,quantity
        2025-01-06,A,north,1
        2025-01-06,Q,north,1
        2025-01-07,Q,nort,1
        2025-01-08,Q,north,1
        """
    )
    found = problems(path, skus=["A"], regions=["north", "south"])
    assert found[0].startswith(f"{path}:3:2  sku  unknown SKU 'Q' (3 rows, the first here)")
    assert found[1].startswith(f"{path}:4:3  region  unknown region 'nort' (1 row); did you mean 'north'?")
    # ignoring unknown SKUs drops their rows, and the rest reads
    table = read_demand(source(path, unknown_skus="ignore"), skus=["A"], regions=["north"])
    assert table.frame["sku"].tolist() == ["A"]


def test_missing_columns_name_the_header_and_the_mapping(csv_file) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(
        """
        date,product,region,units
        2025-01-06,A,north,1
        """
    )
    found = problems(path)
    assert any("missing column 'sku'" in p and "columns.sku" in p for p in found)
    assert any("missing column 'quantity'" in p for p in found)
    assert all(p.startswith(f"{path}:1:1") for p in found)


def test_no_date_or_timestamp_column_means_the_format_is_unknown(csv_file) -> None:  # type: ignore[no-untyped-def]
    path = csv_file("sku,quantity\nA,1")
    (found,) = problems(path)
    assert "cannot tell the format" in found


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00rest of a workbook", "zip or Excel (.xlsx) file"),
        (b"PAR1\x00\x00\x15\x04", "Parquet file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"date,sku,region,quantity\n2025-01-06,\xe9t\xe9,north,1\n", "not UTF-8 text"),
        (b"", "the file is empty"),
        (b"date;sku;region;quantity\n2025-01-06;A;north;1\n", "seems to use ';'"),
    ],
)
def test_files_that_are_not_csv_get_one_clear_problem(tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "demand.csv"
    path.write_bytes(content)
    (found,) = problems(path)
    assert needle in found and found.startswith(f"{path}:")


def test_a_folder_or_a_missing_file(tmp_path: Path) -> None:
    assert "this is a folder" in problems(tmp_path)[0]
    assert "file not found" in problems(tmp_path / "nope.csv")[0]


def test_ragged_rows_duplicates_and_order_line_counts(csv_file) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(
        """
        date,sku,region,quantity,order_lines
        2025-01-06,A,north,5,2
        2025-01-06,A,north,1,1
        2025-01-07,A,north,4
        2025-01-08,A,north,3,4
        2025-01-09,A,north,3,0
        2025-01-10,A,north,0,2
        """
    )
    text = "\n".join(problems(path))
    assert f"{path}:4:5  row  this row has 4 fields but the header has 5" in text
    assert f"{path}:5:5  order_lines  4 order lines for 3 units" in text
    assert f"{path}:6:5  order_lines  0 order lines for a positive quantity" in text
    assert f"{path}:7:5  order_lines  order lines without units" in text
    # the duplicate is reported once the rows themselves are sound
    path2 = csv_file("date,sku,region,quantity\n2025-01-06,A,north,5\n2025-01-06,A,north,1", "dup.csv")
    (dup,) = problems(path2)
    assert dup.startswith(f"{path2}:3:1  date  same date, SKU and region as row 2")


def test_demand_on_a_closed_day_is_an_error(csv_file) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(
        """
        timestamp,sku,region,quantity
        2025-01-10 09:00,A,north,1
        2025-01-11 10:00,A,north,2
        """
    )
    (found,) = problems(path, calendar=StoreCalendar(closed_weekdays=["sat"]))
    assert found.startswith(f"{path}:3:1  timestamp  demand on 2025-01-11, a closed day")
    daily = csv_file("date,sku,region,quantity,store_open\n2025-01-06,A,north,4,0", "daily.csv")
    assert "a closed day" in problems(daily)[0]


def test_many_bad_rows_are_listed_up_to_a_limit_then_counted(csv_file) -> None:  # type: ignore[no-untyped-def]
    rows = "\n".join(f"2025-01-{d:02d},A,north,-1" for d in range(1, 21))
    path = csv_file("date,sku,region,quantity\n" + rows)
    found = problems(path)
    assert len(found) == PER_KIND + 1
    assert found[-1].endswith(f"… and {20 - PER_KIND} more row(s) with the same problem in this column")


def test_no_region_column_uses_the_single_region_or_says_so(csv_file) -> None:  # type: ignore[no-untyped-def]
    path = csv_file("date,sku,quantity\n2025-01-06,A,2")
    assert read_demand(source(path), default_region="north").frame["region"].tolist() == ["north"]
    assert "no region column" in problems(path)[0]


def test_sku_tables_for_catalogue_and_inventory(csv_file) -> None:  # type: ignore[no-untyped-def]
    good = csv_file("sku,on_hand,unit_cost\nA,3,\nB,0,2.5", "inv.csv")
    frame = read_sku_table(str(good), {"on_hand": "nonneg"}, {"unit_cost": "positive"})
    assert frame.loc["B", "unit_cost"] == 2.5 and np.isnan(frame.loc["A", "unit_cost"])
    bad = csv_file("sku,on_hand\nA,-1\nA,2\nB,x", "bad.csv")
    with pytest.raises(HistoryError) as info:
        read_sku_table(str(bad), {"on_hand": "nonneg"}, {})
    text = "\n".join(p.format() for p in info.value.problems)
    assert f"{bad}:2:2  on_hand  on_hand -1 must be at least 0" in text
    assert f"{bad}:3:1  sku  SKU 'A' again (first at row 2)" in text
    assert f"{bad}:4:2  on_hand  'x' is not a number" in text
