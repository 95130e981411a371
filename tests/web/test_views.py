"""What the results pages show: the KPI table and answer from the folder; two runs side by side, paired only
when they share seeds and replications."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.base.confidence import mean_ci
from sim.config import load_scenario
from sim.report.folder import read_results_folder
from sim.web.network import network_picture
from sim.web.views import _welch, pairing, results_view, side_by_side
from tests.web.conftest import HOSTILE_NODE, ROOT, Live, hostile_scenario

SHORT = ["horizon_days=40", "warmup_days=7"]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """small_store twice with seed 11 (base, and holding rate 0.3), once with seed 12, and the hostile-names
    small_store: 2 replications, no report."""
    out = tmp_path_factory.mktemp("views")
    made = {}
    for key, extra, seed in (("base", [], 11), ("variant", ["costs.holding_rate_per_year=0.3"], 11), ("other", [], 12)):
        results = sim.compare(
            load_scenario(ROOT / "scenarios/small_store.yaml", SHORT + extra), replications=2, seed=seed, workers=1
        )
        made[key] = results.write(out / key, report=False)
    hostile = hostile_scenario(out)  # names with markup, for the escaping check
    results = sim.compare(load_scenario(hostile, SHORT), replications=2, seed=11, workers=1)
    made["hostile"] = results.write(out / "hostile-run", report=False)
    return made


def test_the_results_view_reads_the_folder(folders: dict[str, Path]) -> None:
    view = results_view(folders["base"], "results/base")
    assert [r["policy"] for r in view.rows] == ["inventory_free", "stocked", "hybrid"]
    assert view.headers[0] == "fill rate, units (%)"
    assert view.sentence is not None and view.charts == [] and view.sku_rows == []  # no report written


def test_same_seed_pairs_replication_by_replication(folders: dict[str, Path]) -> None:
    a, b = read_results_folder(folders["base"]), read_results_folder(folders["variant"])
    assert pairing(a, b, "stocked", "stocked")[0]
    table = side_by_side(a, b, "stocked", "stocked")
    assert table["paired"] and table["reason"].startswith("paired")
    kpis_a, kpis_b = a.kpis, b.kpis
    pick = lambda k: k[(k.policy == "stocked") & (k.metric == "cost_per_order")].sort_values("replication")["value"]  # noqa: E731
    mean, low, high, _ = mean_ci(pick(kpis_b).to_numpy() - pick(kpis_a).to_numpy())
    row = next(r for r in table["rows"] if r["metric"].startswith("cost per order"))
    assert row["difference"] == f"{mean:,.2f} ± {(high - low) / 2:,.2f}"


def test_different_seeds_are_marked_unpaired(folders: dict[str, Path]) -> None:
    a, b = read_results_folder(folders["base"]), read_results_folder(folders["other"])
    table = side_by_side(a, b, "hybrid", "hybrid")
    assert not table["paired"] and "different seeds (11 and 12)" in table["reason"]


def test_welch_interval_matches_its_formula() -> None:
    x, y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 4.0, 6.0])
    mean, _, high = _welch(x, y)
    assert mean == pytest.approx(1.5)
    from scipy import stats

    va, vb = x.var(ddof=1) / 4, y.var(ddof=1) / 3
    df = (va + vb) ** 2 / (va**2 / 3 + vb**2 / 2)
    assert high - mean == pytest.approx(stats.t.ppf(0.975, df) * np.sqrt(va + vb))


def test_validating_edited_text_reports_problems_at_their_line(live: Live) -> None:
    client = live.client().login()
    text = (live.space / "small_store.yaml").read_text().replace("horizon_days: 365", "horizon_days: -5")
    status, _, body = client.post("/validate", {"csrf": client.csrf(), "path": "small_store.yaml", "text": text})
    problems = json.loads(body)["problems"]
    assert status == 200 and problems
    line = 1 + text.splitlines().index(next(t for t in text.splitlines() if t.startswith("horizon_days")))
    assert problems[0].startswith(f"small_store.yaml:{line}:") and "horizon_days" in problems[0]
    assert (live.space / "small_store.yaml").read_text() != text  # nothing was saved


def test_the_network_picture_colours_nodes_by_the_chosen_kpi(folders: dict[str, Path]) -> None:
    folder = read_results_folder(folders["base"])
    net = network_picture(folder, "inventory_free", "cost")
    assert net is not None and net.policy == "inventory_free" and net.metric == "cost"
    boxes = {b.name: b for b in net.boxes}
    assert boxes["makers_co"].kind == "supplier"
    assert boxes["home_warehouse"].value == "–" and boxes["home_warehouse"].fill == "#e6e6e6"  # not used
    assert boxes["makers_dropship"].fill == "#08519c"  # the only node with a value: the dark end
    replenish = [f for f in net.flows if f["kind"] == "replenishment"]
    assert [(f["from"].name, f["to"].name) for f in replenish] == [("makers_co", "home_warehouse")]
    shares = [f["share"] for f in net.flows if f["kind"] == "fulfilment"]
    assert sum(shares) == pytest.approx(1.0)
    stocked = network_picture(folder, "stocked", "nonsense")
    assert stocked is not None and stocked.metric == "parcels"  # an unknown metric falls back
    assert {b.name for b in stocked.boxes if b.fill != "#e6e6e6"} >= {"home_warehouse"}


def test_the_results_page_escapes_hostile_names_in_the_network(folders: dict[str, Path], live: Live) -> None:
    shutil.copytree(folders["hostile"], live.space / "results" / "hostile" / "run")
    client = live.client().login()
    status, _, text = client.get("/results?path=results/hostile/run")
    assert status == 200 and '<svg id="network"' in text
    assert HOSTILE_NODE not in text and "&lt;img src=x onerror=alert(2)&gt;" in text
