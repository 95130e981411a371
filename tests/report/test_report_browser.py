"""The report in a real browser: Debian's chromium driven by Playwright, opening report.html from a file.

Two page loads: the headline scenario's report (console, network, images, the KPI table,
legibility at 1280 px, the recommendation sentence and its per-SKU table, a screenshot kept in
test-artifacts/), and a report whose scenario holds
markup and a script in user text (nothing runs, the text shows as text). Chromium comes from the
system (`apt-get install chromium`; CI's .ci/run installs it), never from `playwright install`:
without it this test skips locally and fails under CI=true.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from sim.report.folder import read_results_folder
from sim.report.html import build_report

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
WIDTH = 1280


@dataclass
class Visit:
    """A page and everything it did while loading."""

    page: Any
    url: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def visit(browser: Any, report: Path) -> Visit:
    page = browser.new_page(viewport={"width": WIDTH, "height": 900})
    seen = Visit(page, report.resolve().as_uri())
    page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.console_errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))

    def dialog(d: Any) -> None:
        seen.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(seen.url, wait_until="load")
    return seen


def test_the_headline_report_in_chromium(browser: Any, headline_folder: Path) -> None:
    seen = visit(browser, headline_folder / "report.html")
    page = seen.page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-headline-1280.png"), full_page=True)

    assert seen.console_errors == []
    assert seen.requests == [seen.url], "the report fetched something besides itself"

    images = page.eval_on_selector_all(
        "img", "imgs => imgs.map(i => ({complete: i.complete, natural: i.naturalWidth, shown: i.clientWidth}))"
    )
    assert len(images) == len(list((headline_folder / "plots").glob("*.png"))) >= 6
    assert all(i["complete"] and i["natural"] > 0 for i in images), images
    # legible at 1280 px: charts shown at their own size (not shrunk), no sideways scrolling, body text ≥ 14 px
    assert all(i["shown"] == i["natural"] for i in images), images
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 14
    assert page.evaluate(
        "(() => { const t = document.getElementById('kpi-table'); return t.scrollWidth <= t.parentElement.clientWidth; })()"
    )

    rows = page.locator("#kpi-table tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).locator("th").inner_text() for i in range(3)] == ["inventory_free", "stocked", "hybrid"]
    verdict = page.locator("#verdict")
    assert verdict.bounding_box()["y"] < 900  # the verdict is on the first screen
    assert "against" in verdict.inner_text()

    # the recommendation opens the verdict, visible on the first screen, as the folder's numbers word it
    headline = build_report(read_results_folder(headline_folder)).verdict.headline
    sentence = page.locator("#recommendation strong")
    assert sentence.is_visible() and sentence.bounding_box()["y"] < 900
    assert " ".join(sentence.inner_text().split()) == headline
    assert headline is not None and headline.startswith("Recommended: hybrid")
    # its per-SKU table: one row per SKU, reached from the sentence's link, downloadable inline
    page.locator("#recommendation a[href='#per-sku']").click()
    skus = page.locator("#sku-table tbody tr")
    assert skus.count() == len(set(read_results_folder(headline_folder).plan["sku"]))  # type: ignore[index]
    assert skus.first.is_visible()
    download = page.locator("#per-sku a[download]")
    assert download.get_attribute("download") == "recommendation.csv"
    assert download.get_attribute("href").startswith("data:text/csv")


def test_user_text_renders_as_text_in_chromium(
    browser: Any, hostile_folder: Path, hostile_text: dict[str, str]
) -> None:
    seen = visit(browser, hostile_folder / "report.html")
    page = seen.page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-escaping.png"), full_page=True)

    assert seen.dialogs == [], "a script from the scenario ran"
    assert seen.console_errors == []
    assert seen.requests == [seen.url]
    assert page.locator("script").count() == 0
    assert page.locator("img[src='x']").count() == 0
    shown = page.get_by_text(hostile_text["sku"], exact=True)
    assert shown.count() >= 1 and shown.first.is_visible()
    assert page.get_by_text(hostile_text["description"], exact=True).first.is_visible()
