"""Rough edges a new user met (issue 16, point 7): help texts, counts, advice and messages."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sim.base.words import plural
from sim.cli import VERBS, main

from ..conftest import SCENARIOS, TINY

SMALL = SCENARIOS / "small_store.yaml"

RUNNER = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return RUNNER.invoke(main, list(args))


@pytest.mark.parametrize("verb", [v.name for v in VERBS])
def test_help_shows_single_percent_signs(verb: str) -> None:
    """Click does not %-format help texts: `95 %%` was printed as written."""
    result = invoke(verb, "--help")
    assert result.exit_code == 0 and "%%" not in result.output


def test_counts_agree_with_their_nouns(write_yaml) -> None:  # type: ignore[no-untyped-def]
    result = invoke("validate", str(write_yaml(TINY)))
    assert result.exit_code == 0 and "1 region, 2 SKUs, 2 nodes" in result.output
    assert [plural(n, "policy", "policies") for n in (0, 1, 2)] == ["0 policies", "1 policy", "2 policies"]


def test_an_order_line_without_quantity_gets_the_same_advice_as_one_of_zero_units(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """It was told to "write 0", and the 0 was then told to "drop the row"."""
    path = tmp_path / "lines.csv"
    path.write_text("timestamp,sku,region,quantity,unit_price\n2011-01-03 10:00,A,UK,,2\n2011-01-03 11:00,A,UK,0,2\n")
    result = invoke("analyze", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "lines.csv:2:4  quantity  missing quantity; write the units of the line (at least 1), or drop the row" in (
        result.output
    )
    assert "write 0" not in result.output and "lines.csv:3:4  quantity  an order line of 0 units; drop the row" in (
        result.output
    )


def test_a_set_error_names_the_key_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The union tag `service_level` (the reorder kind) was printed as a key: `…service_level.service_level`."""
    result = invoke("validate", str(SMALL), "--set", "policies.stocked.reorder.service_level=1.5")
    assert result.exit_code == 2
    assert "--set:1:1  policies[1].reorder.service_level  " in result.output
    assert "service_level.service_level" not in result.output


@pytest.mark.parametrize("verb", ["compare", "sweep"])
def test_an_unknown_policy_gets_a_did_you_mean(verb: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = invoke(verb, str(SMALL), "--policies", "stoked", "--reps", "1", "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and "unknown policy 'stoked'; did you mean 'stocked'?" in result.output
    assert not (tmp_path / "o").exists()


def test_a_list_of_the_wrong_length_is_told_how_many_items_it_needs() -> None:
    """Was pydantic's `List should have at least 12 items after validation, not 11`."""
    result = invoke("validate", str(SMALL), "--set", "seasonality.month=[1,1,1,1,1,1,1,1,1,1,1]")
    assert result.exit_code == 2
    assert "seasonality.month  this list has 11 items; it needs exactly 12 items: add the missing ones" in result.output
    assert "after validation" not in result.output


def test_a_tab_in_the_yaml_is_named_as_a_tab(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """Was the parser's `found character '\\t' that cannot start any token`."""
    path = write_yaml("name: x\nhorizon_days:\t30\n")
    result = invoke("validate", str(path))
    assert result.exit_code == 2 and f"{path}:2:14" in result.output
    assert "a tab character here; YAML indents and separates with spaces only" in result.output
    assert "cannot start any token" not in result.output


def test_the_supplier_column_says_what_it_measures() -> None:
    """'supplier on time 53.5 %' read as a promise kept; it is 'arrived by the mean lead time' (≈ 50 %)."""
    import pandas as pd

    from sim.report.breakdown_table import network_tables

    frame = pd.DataFrame(
        {"policy": ["p"], "scope": ["node"], "name": ["wh"], "replication": [0], "metric": ["supplier_on_time_rate"]}
    ).assign(value=[0.535])
    tables = network_tables(frame, None, ["p"])
    assert "POs within mean lead time" in tables.headers and "supplier on time" not in tables.headers
    assert tables.rows[0][tables.headers.index("POs within mean lead time")] == "53.5%"
