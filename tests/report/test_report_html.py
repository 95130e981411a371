"""report.html as a file: self-contained, escaped, small, written atomically, and clear about bad input."""

from __future__ import annotations

import ast
import base64
import json
import os
import re
from pathlib import Path

import pytest
from markupsafe import escape

from sim.report.folder import NotAResultsFolder, read_results_folder
from sim.report.html import build_report, write_report

ROOT = Path(__file__).resolve().parents[2]
MAX_BYTES = 2_000_000


def html_of(folder: Path) -> str:
    return (folder / "report.html").read_text(encoding="utf-8")


def test_the_report_is_one_self_contained_file(small_folder: Path) -> None:
    html = html_of(small_folder)
    # nothing is fetched: no scripts, stylesheets, fonts or remote images
    assert not re.search(r"<script|<link|@import|url\(|<iframe|<object|<embed", html, re.I)
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html)
    assert references, "the report has no images or links at all"
    inline = ("data:image/png;base64,", "data:text/csv;charset=utf-8;base64,", "#")
    assert all(ref.startswith(inline) for ref in references), references
    # every chart is inline, and the same bytes are in plots/
    inline = re.findall(r'<figure id="fig-([\w-]+)">\s*<img src="data:image/png;base64,([^"]+)"', html)
    pngs = sorted(p.stem for p in (small_folder / "plots").glob("*.png"))
    assert sorted(name for name, _ in inline) == pngs
    for name, data in inline:
        assert base64.b64decode(data) == (small_folder / "plots" / f"{name}.png").read_bytes()


def test_verdict_comes_first_and_the_kpi_table_has_one_row_per_policy(small_folder: Path) -> None:
    html = html_of(small_folder)
    assert html.index('id="verdict"') < html.index('id="kpis"') < html.index('id="charts"')
    table = html[html.index('id="kpi-table"') : html.index("</table>", html.index('id="kpi-table"'))]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>', table)
    assert rows == ["inventory_free", "stocked", "hybrid"]
    assert (
        "<strong>hybrid</strong> cuts cost per order" in html or "<strong>hybrid</strong> raises cost per order" in html
    )


def test_every_image_has_alt_text(small_folder: Path) -> None:
    images = re.findall(r"<img [^>]*>", html_of(small_folder))
    assert images
    for tag in images:
        alt = re.search(r'alt="([^"]*)"', tag)
        assert alt is not None and len(alt.group(1)) > 40


def test_the_headline_report_is_under_2_mb(headline_folder: Path) -> None:
    size = (headline_folder / "report.html").stat().st_size
    assert size < MAX_BYTES, f"report.html is {size} bytes"
    for png in (headline_folder / "plots").glob("*.png"):
        assert png.stat().st_size < 400_000, png.name


def test_scenario_text_is_escaped(hostile_folder: Path, hostile_text: dict[str, str]) -> None:
    html = html_of(hostile_folder)
    assert hostile_text["sku"] not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html
    assert "Tom &amp; Jerry" in html
    assert hostile_text["description"] not in html
    assert "TEE-$\\frac{$" in html  # the mathtext-like SKU id is drawn (escaped for matplotlib) and listed


def test_rewriting_replaces_everything_atomically_and_identically(small_folder: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    folder = copy_of(small_folder)
    before = (folder / "report.html").read_bytes()
    (folder / "plots" / "stale.png").write_bytes(b"old")
    old_umask = os.umask(0o022)
    try:
        path = write_report(folder)
    finally:
        os.umask(old_umask)
    assert path == folder / "report.html"
    assert path.read_bytes() == before  # no timestamps: the same folder gives the same report
    assert not (folder / "plots" / "stale.png").exists()
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")], "temporary files left behind"
    assert path.stat().st_mode & 0o777 == 0o644
    assert (folder / "plots").stat().st_mode & 0o777 == 0o755


def test_missing_optional_inputs_cost_their_sections_only(small_folder: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    folder = copy_of(small_folder)
    (folder / "delivery_times.parquet").unlink()
    (folder / "plan.parquet").unlink()
    (folder / "scenario.yaml").write_text("name: [not, a, scenario\n", encoding="utf-8")
    write_report(folder)
    html = html_of(folder)
    assert "delivery_times.parquet" in html and "scenario.yaml" in html  # listed under "Inputs not used"
    assert "plan.parquet" in html
    assert 'id="fig-delivery_ecdf"' not in html and 'id="fig-abc_xyz"' not in html
    assert 'id="fig-tradeoff"' in html


def test_the_plan_sections_read_the_plan_table_not_the_scenario(small_folder: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    folder = copy_of(small_folder)
    (folder / "scenario.yaml").write_text("name: [not, a, scenario\n", encoding="utf-8")
    report = build_report(read_results_folder(folder))
    assert [c.name for c in report.charts][-1] == "abc_xyz"
    assert len(report.classes) == 5
    assert any(check.startswith("A item out of stock: 1 tracked A item(s)") for check in report.alerts.checks)


def test_a_folder_from_before_the_plan_table_says_what_to_rerun(small_folder: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    folder = copy_of(small_folder)
    (folder / "plan.parquet").unlink()
    (folder / "plan.csv").unlink()
    write_report(folder)
    html = html_of(folder)
    assert 'id="fig-abc_xyz"' not in html and 'id="fig-tradeoff"' in html and 'id="fig-inventory_nodes"' in html
    rerun = (
        "re-run the scenario (`supplysim compare` or `supplysim run`) to get the ABC-XYZ matrix and the stock alerts"
    )
    assert html.count(str(escape(rerun))) == 3  # the chart note, the alerts' check line, "Inputs not used"
    assert "need the plan table: plan.parquet not in the results folder" in html
    assert "DIO above 60 days (the dio_days KPI" in html  # the other checks stay


def test_a_sweep_folder_without_a_plan_table_is_not_told_to_rerun(small_folder: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    folder = copy_of(small_folder)
    (folder / "plan.parquet").unlink()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    (folder / "manifest.json").write_text(json.dumps({**manifest, "kind": "sweep"}), encoding="utf-8")
    report = build_report(read_results_folder(folder))
    assert "abc_xyz" not in [c.name for c in report.charts]
    assert report.folder.missing["plan.parquet"].startswith("not written for sweeps (each point has its own plan)")
    assert "re-run" not in " ".join([*report.chart_notes, *report.alerts.checks])
    write_report(folder)
    assert "not written for sweeps" in html_of(folder)


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda d: d / "nowhere", "does not exist"),
        (lambda d: (d / "file.txt").write_text("x") and d / "file.txt", "is a file"),
        (lambda d: d, "missing manifest.json, kpis.parquet, summary.csv, comparisons.csv"),
    ],
)
def test_not_a_results_folder_says_what_is_missing(tmp_path: Path, setup, expected: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotAResultsFolder, match=re.escape(expected)) as info:
        read_results_folder(setup(tmp_path))
    assert "supplysim compare" in str(info.value)


def test_a_damaged_file_is_named(small_folder: Path, copy_of) -> None:  # type: ignore[no-untyped-def]
    folder = copy_of(small_folder)
    (folder / "kpis.parquet").write_bytes(b"not parquet")
    with pytest.raises(NotAResultsFolder, match=re.escape("kpis.parquet cannot be read")):
        read_results_folder(folder)
    (folder / "kpis.parquet").unlink()
    with pytest.raises(NotAResultsFolder, match=re.escape("missing kpis.parquet")):
        read_results_folder(folder)


def test_the_report_uses_the_stored_comparisons(small_folder: Path) -> None:
    folder = read_results_folder(small_folder)
    report = build_report(folder)
    stored = folder.comparisons.set_index(["policy", "baseline", "metric"])
    for effect in report.verdict.effects:
        row = stored.loc[(effect.policy, effect.baseline, effect.metric)]
        assert (effect.diff, effect.low, effect.high) == (row.mean_diff, row.ci_low, row.ci_high)


def _imports(path: Path) -> set[str]:
    """Every absolute module a source file imports, at any level of nesting (lazy imports too)."""
    names: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except the bodies of `if TYPE_CHECKING:` (imports for the type checker only)."""
    out: list[ast.AST] = []
    todo = [tree]
    while todo:
        node = todo.pop()
        out.append(node)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            todo += node.orelse
            continue
        todo += list(ast.iter_child_nodes(node))
    return out


def _source(module: str) -> Path | None:
    base = ROOT / Path(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def test_the_report_never_reaches_simpy() -> None:
    """Follow every import from sim.report through the sim modules it uses.

    `sim/__init__.py` itself is left out: it loads the public API (and with it SimPy) for users, but
    the report's own code must not depend on the simulator."""
    start = [f"sim.report.{p.stem}" for p in (ROOT / "sim/report").glob("*.py")]
    seen: set[str] = set()
    todo = list(start)
    reached_simpy = []
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        source = _source(module)
        if source is None:
            continue
        parts = module.split(".")
        todo += [".".join(parts[:i]) for i in range(2, len(parts))]  # parent packages run their __init__
        for name in _imports(source):
            if name == "simpy" or name.startswith("simpy."):
                reached_simpy.append(module)
            elif name.startswith("sim."):
                todo.append(name)
    assert "sim.report.html" in seen and "sim.report.folder" in seen and "sim.config" in seen
    # the plan and the network come from the folder's plan table, not from rebuilding them
    assert not any(m.startswith(("sim.plan", "sim.routing", "sim.network.build")) for m in seen), sorted(seen)
    assert not reached_simpy, f"simpy is imported by {sorted(reached_simpy)}"
    assert not any(m.startswith(("sim.model", "sim.experiment.executors")) for m in seen), sorted(seen)


REBUILDERS = ("sim.network", "sim.plan", "sim.routing", "sim.model")


def test_the_report_reads_the_folder_and_never_rebuilds_the_network_or_plan() -> None:
    """No module under sim/report imports the network, plan, routing or model stages, not even lazily:
    the report reads what the run wrote (the plan table), and the scenario only through sim.config."""
    offending = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / "sim/report").rglob("*.py"))
        for name in _imports_all(path)
        if any(name == stage or name.startswith(stage + ".") for stage in REBUILDERS)
    }
    assert not offending, sorted(offending)


def _imports_all(path: Path) -> set[str]:
    """Every module a source file imports, `if TYPE_CHECKING:` blocks and relative imports included."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = module.split(".")[: len(module.split(".")) - node.level] if node.level else []
            source = ".".join([*base, node.module] if node.module else base)
            names |= {source, *(f"{source}.{alias.name}" for alias in node.names)}
    return names
