"""The Python API behind `supplysim analyze`: the same analysis from files, without the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sim.analytics.classify import ABC_A_SHARE, ABC_B_SHARE, XYZ_X_BELOW, XYZ_Y_UP_TO
from sim.studies.analyze import Settings, analyze_files, history_source

from ..history.conftest import DATA


def test_analyze_files_reads_cuts_and_analyses(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.csv"
    inventory.write_text("sku,on_hand\n85099B,0\n")
    source = history_source(str(DATA / "daily_demand.csv"), closed_weekdays=["Saturday"])
    result = analyze_files(source, inventory=str(inventory), first=dt.date(2011, 1, 1), last=dt.date(2011, 6, 30))
    assert result.summary["first_date"] == "2011-01-01" and result.summary["last_date"] == "2011-06-30"
    assert len(result.table) == 40 and result.inputs == [str(inventory)]
    assert result.table.set_index("sku").loc["85099B", "alert"].startswith("CRITICAL")
    written = result.write(tmp_path / "out")
    assert (written / "analysis" / "sku_analysis.csv").exists()


def test_history_source_says_what_is_wrong_and_settings_default_to_the_one_rule() -> None:
    with pytest.raises(ValueError, match=r"closed_weekdays\.0"):
        history_source("demand.csv", closed_weekdays=["xyz"])
    with pytest.raises(ValueError, match="delimiter: String should have at most 1 character"):
        history_source("demand.csv", delimiter=";;")
    assert Settings().abc_cuts == (ABC_A_SHARE, ABC_B_SHARE) and Settings().xyz_cuts == (XYZ_X_BELOW, XYZ_Y_UP_TO)
