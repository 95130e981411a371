"""The workbench in a real browser: Debian's chromium driven by Playwright against the real server on loopback.

One planner's loop: open a shipped scenario, change a parameter in the form, save a variant, run
compare on it (short horizon, two replications), watch the progress finish, read the
recommendation and the KPI table, colour the network picture by cost, sort and download the per-SKU
table, open the side-by-side view
against the base scenario's run (same seed: paired). Then the security cases as a browser meets
them: no token, a hostile-names scenario (nothing runs, the names show as text). Screenshots are
kept under the test's tmp path. Chromium comes from the system, as in tests/report/test_report_browser.py:
without it this test skips locally and fails under CI=true.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from sim.web.jobs import RunRequest
from tests.web.conftest import HOSTILE_SKU, Live, hostile_scenario

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RUN_TIMEOUT_MS = 180_000


class Watched:
    """A page with every console error, dialog and request it made."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", dialog)


def test_a_planners_loop_in_chromium(browser: Any, live: Live, tmp_path: Path) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    # the base scenario's run, started now (same seed as the variant's below), for the side-by-side view
    base_run = live.server.app.jobs.start(
        RunRequest("small_store.yaml", reps=2, seed=11, overrides=["horizon_days=40"])
    )
    seen = Watched(browser)
    page = seen.page
    page.goto(live.url)
    assert page.url == live.base + "/"  # the token moved into the cookie
    page.get_by_role("link", name="small_store.yaml").click()
    assert page.locator("#valid").is_visible()

    page.locator("input[name='costs.holding_rate_per_year']").fill("0.3")
    page.locator("#variant-name").fill("small-holding-30")
    page.locator("#save-variant").click()
    assert page.locator("#scenario-path").inner_text() == "small-holding-30.yaml"
    assert page.locator("#valid").is_visible()
    assert "extends: small_store.yaml" in page.locator("#yaml").input_value()
    assert page.locator("input[name='costs.holding_rate_per_year']").input_value() == "0.3"
    page.screenshot(path=str(shots / "scenario.png"), full_page=True)
    # the YAML text itself, saved over the variant the workbench wrote (validated first; the script lets a save post)
    edited = page.locator("#yaml").input_value() + "# checked with the planners\n"
    page.locator("#yaml").fill(edited)
    page.locator("#save-over").click()
    assert page.locator("#saved").is_visible() and page.locator("#yaml").input_value() == edited
    assert (live.space / "small-holding-30.yaml").read_bytes() == edited.encode()  # LF kept (forms post CRLF)

    page.locator("#run-reps").fill("2")
    page.locator("#run-seed").fill("11")
    page.locator("#run-horizon").fill("40")
    page.locator("#run-compare").click()
    assert "/job?id=" in page.url
    # the page polls the run; the CSP forbids eval, so wait on a selector, not a JS predicate
    page.locator("#job:not([data-state='running'])").wait_for(state="attached", timeout=RUN_TIMEOUT_MS)
    assert page.locator("#job-state").inner_text() == "done", page.locator("#job-error").inner_text()
    assert page.locator("#job-count").inner_text() == "6/6 runs"
    page.screenshot(path=str(shots / "run.png"))
    page.locator("#job-results-link").click()

    assert page.locator("#recommendation").inner_text().strip() != ""
    rows = page.locator("#kpis tbody tr")
    assert [rows.nth(i).locator("th").inner_text() for i in range(rows.count())] == [
        "inventory_free",
        "stocked",
        "hybrid",
    ]
    assert "±" in rows.first.locator("td").first.inner_text()
    first_sku = page.locator("#skus tbody tr td").first.inner_text()
    page.locator("#skus th", has_text="sku").click()
    skus = page.locator("#skus tbody tr")
    names = [skus.nth(i).locator("td").first.inner_text() for i in range(skus.count())]
    assert names == sorted(names) and first_sku in names
    page.locator("#net-metric").select_option("cost")  # the network picture, coloured by another KPI
    page.locator("#net-colour").click()
    assert page.locator("#net-metric").input_value() == "cost"
    assert page.locator("#network g.node").count() == 3  # makers_co, home_warehouse, makers_dropship
    charts = page.locator("img")  # loading="lazy": each loads when scrolled to
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    images = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
    assert images and all(images)
    page.screenshot(path=str(shots / "results.png"), full_page=True)

    with page.expect_download() as caught:
        page.locator("#download-skus").click()
    saved = shots / "skus.csv"
    caught.value.save_as(saved)
    folder = live.space / parse_qs(urlsplit(page.url).query)["path"][0]
    assert saved.read_bytes() == (folder / "recommendation.csv").read_bytes()

    deadline = time.monotonic() + RUN_TIMEOUT_MS / 1000
    while live.server.app.jobs.status(base_run)["state"] == "running" and time.monotonic() < deadline:
        time.sleep(0.2)
    base = live.server.app.jobs.status(base_run)
    assert base["state"] == "done", base
    page.reload()
    page.locator("#side-with").select_option(base["results"])
    page.locator("#open-side").click()
    pairing = page.locator("#pairing").inner_text()
    assert pairing.startswith("Paired"), pairing
    assert page.locator("#side tbody tr").count() >= 3
    page.screenshot(path=str(shots / "side.png"), full_page=True)

    assert seen.errors == [] and seen.dialogs == []
    assert all(url.startswith(live.base + "/") for url in seen.requests), "a request left the server"


def test_no_token_and_hostile_names_in_chromium(browser: Any, live: Live, tmp_path: Path) -> None:
    hostile_scenario(live.space)
    stranger = Watched(browser)
    stranger.page.goto(live.base + "/scenario?path=hostile.yaml")
    assert "open the URL" in stranger.page.locator("#message").inner_text()

    seen = Watched(browser)
    page = seen.page
    page.goto(live.url)
    page.get_by_role("link", name="hostile.yaml").click()
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
    assert seen.dialogs == [], "a script from the scenario ran"
    assert page.locator("script").count() == 1  # the workbench's own app.js, nothing else
    assert page.locator("img").count() == 0
    assert page.get_by_text(f"{HOSTILE_SKU} · demand.orders_per_day").is_visible()
    assert HOSTILE_SKU in page.locator("#yaml").input_value()
    assert seen.errors == []
