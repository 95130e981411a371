"""A sweep's report in a real browser (issue 16: the browser test covers the sweep report).

A tiny sweep (small_store, one policy, three service levels, 40 days, 2 replications, serial) is
run through the Python API with its report; Debian's chromium, driven by Playwright as in
test_report_browser.py, opens report.html from the file and finds the best-point sentence (as the
folder's numbers word it), the response chart (loaded, at its own size, no sideways scrolling) and
the table of neighbouring points' differences, with no console error and nothing fetched. Its
screenshot is kept in test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import sim
from sim.config import load_scenario
from sim.report.folder import read_results_folder
from sim.report.html import build_report
from tests.report.test_report_browser import ARTIFACTS, ROOT, WIDTH, visit

pytestmark = pytest.mark.browser

LEVELS = [0.9, 0.95, 0.98]
PATH = "policies.stocked.reorder.service_level"


@pytest.fixture(scope="module")
def sweep_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scenario = load_scenario(ROOT / "scenarios/small_store.yaml", ["horizon_days=40", "warmup_days=7"])
    out = tmp_path_factory.mktemp("sweep-report") / "sweep"
    sim.sweep(scenario, {PATH: LEVELS}, policies=["stocked"], replications=2, seed=5, out=out, workers=1, report=True)
    return out


def test_the_sweep_report_in_chromium(browser: Any, sweep_folder: Path) -> None:
    seen = visit(browser, sweep_folder / "report.html")
    page = seen.page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-sweep-1280.png"), full_page=True)
    assert seen.console_errors == []
    assert seen.requests == [seen.url], "the report fetched something besides itself"

    # the best point, in the sentence the folder's numbers give
    expected = build_report(read_results_folder(sweep_folder)).context["sweep"]["sentence"]
    sentence = page.locator("#best-point strong")
    assert sentence.is_visible()
    assert expected and " ".join(sentence.inner_text().split()) == " ".join(expected.split())
    assert "Best point of 3 points" in expected and PATH in expected

    # the response curves over the swept parameter: loaded, shown at their own size, nothing scrolls sideways
    chart = page.locator("figure[id^='fig-response_'] img")
    assert chart.count() == 1
    chart.first.scroll_into_view_if_needed()
    assert chart.first.is_visible()
    size = chart.first.evaluate("i => ({complete: i.complete, natural: i.naturalWidth, shown: i.clientWidth})")
    assert size["complete"] and size["natural"] > 0 and size["shown"] == size["natural"], size
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH

    # paired differences between neighbouring points: two steps × the three headline KPIs
    table = page.locator("#sweep table.neighbours")
    table.scroll_into_view_if_needed()
    assert table.is_visible()
    rows = table.locator("tbody tr")
    assert rows.count() == 2 * 3
    text = " ".join(table.inner_text().split())
    assert f"{PATH}: 0.9 → 0.95" in text and f"{PATH}: 0.95 → 0.98" in text
