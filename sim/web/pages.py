"""The workbench's pages: each route is a function of (app, request) returning a `Response`.

GET routes only read; POST routes (actions) are reached only after sim.web.app has checked the
token, same origin and the CSRF token. Every file name a request carries goes through
`Workspace.resolve`. Templates autoescape: user text (scenario, SKU and node names, YAML, errors)
is always text, never markup.
"""

from __future__ import annotations

import json
import mimetypes
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sim.base.problems import ScenarioError
from sim.config.extends import load_file
from sim.config.loader import parse_scenario
from sim.report.folder import NotAResultsFolder, read_results_folder
from sim.report.recommendation import RECOMMENDATION_FILE
from sim.web.forms import VARIANT_NAME, VariantError, changed_values, key_fields, variant_text
from sim.web.jobs import Jobs, RunRequest
from sim.web.saving import created_by_workbench, save_new, save_over
from sim.web.workspace import Refused, Workspace

MAX_YAML_CHARS = 1_000_000
HORIZON = re.compile(r"^\d{1,5}(\.\d+)?$")


@dataclass
class Request:
    method: str
    path: str
    query: Mapping[str, str]
    form: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class App(Protocol):
    """What a page needs of the app (sim.web.app.App), without importing it (no import circle)."""

    workspace: Workspace
    jobs: Jobs

    def page(self, template: str, **context: Any) -> Response: ...

    def link(self, route: str, **query: Any) -> str: ...


def redirect(location: str) -> Response:
    return Response(303, b"", headers={"Location": location})


def _problems(app: App, exc: ScenarioError) -> list[str]:
    """The located problems as the CLI prints them, with the workspace's path shortened away."""
    root = str(app.workspace.root) + "/"
    return [p.format().replace(root, "") for p in exc.problems]


def index(app: App, request: Request) -> Response:
    ws = app.workspace
    return app.page("index.html.j2", scenarios=ws.scenarios(), results=ws.results(), jobs=app.jobs.recent())


def scenario(
    app: App,
    request: Request,
    problems: list[str] | None = None,
    form_problems: Any = None,
    edited: str | None = None,
    save_problems: list[str] | None = None,
) -> Response:
    """The scenario page; `edited` is editor text that was not saved (shown again, with `save_problems`)."""
    relative = request.query.get("path", "")
    path = app.workspace.resolve(relative)
    text = path.read_text(encoding="utf-8", errors="replace")[:MAX_YAML_CHARS]
    data, _, _ = load_file(path)
    if problems is None:
        try:
            parse_scenario(text, str(path))
            problems = []
        except ScenarioError as exc:
            problems = _problems(app, exc)
    fields = key_fields(data) if isinstance(data, dict) else []
    sections: dict[str, list[Any]] = {}
    for f in fields:
        sections.setdefault(f.section, []).append(f)
    policies = [p.get("name") for p in (data or {}).get("policies", []) if isinstance(p, dict)]
    return app.page(
        "scenario.html.j2",
        path=relative,
        text=edited if edited is not None else text,
        saved=request.query.get("saved") == "1" and edited is None,
        problems=problems,
        sections=sections,
        form_problems=form_problems or {},
        policies=policies,
        stem=Path(relative).stem,
        edited=edited,
        save_problems=save_problems or [],
        overwritable=created_by_workbench(app.workspace, path),
    )


def validate(app: App, request: Request) -> Response:
    """Validate the YAML text of the editor (not saved), with the problems at their lines."""
    relative = request.form.get("path", "")
    path = app.workspace.resolve(relative)
    try:
        parse_scenario(request.form.get("text", "")[:MAX_YAML_CHARS], str(path))
        problems: list[str] = []
    except ScenarioError as exc:
        problems = _problems(app, exc)
    return Response(200, json.dumps({"problems": problems}).encode(), "application/json")


def variant(app: App, request: Request) -> Response:
    """Save the form as a variant `<name>.yaml` beside the base: `extends:` it with only the changes."""
    relative = request.form.get("path", "")
    path = app.workspace.resolve(relative)
    name = request.form.get("variant_name", "").strip()
    query = {"path": relative}
    if not VARIANT_NAME.match(name):
        return scenario(app, Request("GET", "/scenario", query), None, {"variant_name": "use letters, digits, - _ ."})
    target = path.parent / f"{name}.yaml"
    app.workspace.resolve(app.workspace.relative(target.parent))  # the folder is inside the workspace
    if target.exists() or target.is_symlink():
        return scenario(
            app,
            Request("GET", "/scenario", query),
            None,
            {"variant_name": f"{target.name} exists; choose another name"},
        )
    data, _, _ = load_file(path)
    try:
        changes = changed_values(data or {}, request.form)
    except VariantError as exc:
        return scenario(app, Request("GET", "/scenario", query), None, exc.problems)
    text = variant_text(path.name, data or {}, changes, name)
    try:
        parse_scenario(text, str(target))
    except ScenarioError as exc:  # nothing is written
        return scenario(app, Request("GET", "/scenario", query), _problems(app, exc))
    try:
        save_new(app.workspace, target, text)  # atomically; never overwrites, even when raced
    except Refused as exc:
        return scenario(app, Request("GET", "/scenario", query), None, {"variant_name": str(exc)})
    return redirect(app.link("/scenario", path=app.workspace.relative(target)))


def save(app: App, request: Request) -> Response:
    """Save the editor's text as a new file beside the scenario, or over this file when the workbench
    created it (sim.web.saving); validated first: when invalid, the located problems and nothing written."""
    relative = request.form.get("path", "")
    path = app.workspace.resolve(relative)
    text = request.form.get("text", "").replace("\r\n", "\n")  # a browser posts a textarea's lines with CRLF
    query = {"path": relative}

    def again(problems: list[str]) -> Response:  # the page again, the edited text kept in the editor
        return scenario(app, Request("GET", "/scenario", query), None, None, text, problems)

    if len(text) > MAX_YAML_CHARS:
        return again([f"the text is over {MAX_YAML_CHARS:,} characters; nothing was saved"])
    if request.form.get("mode") == "overwrite":
        target = path
    else:
        name = request.form.get("save_name", "").strip().removesuffix(".yaml")
        if not VARIANT_NAME.match(name):
            return again([f"save as: {name!r} is not a file name: use letters, digits, - _ . (nothing was saved)"])
        target = path.parent / f"{name}.yaml"
        app.workspace.resolve(app.workspace.relative(target.parent))  # the folder is inside the workspace
    try:
        parse_scenario(text, str(target))  # `extends:` resolved beside where it will live
    except ScenarioError as exc:
        return again([*_problems(app, exc), "nothing was saved: fix the problems above and save again"])
    try:
        (save_over if target == path else save_new)(app.workspace, target, text)
    except Refused as exc:
        return again([f"{exc} (nothing was saved)"])
    return redirect(app.link("/scenario", path=app.workspace.relative(target), saved="1"))


def _int(text: str | None, low: int, high: int) -> int | None:
    if text is None or not text.strip():
        return None
    value = int(text.strip())  # ValueError: reported by the caller
    if not low <= value <= high:
        raise ValueError(f"{value} is outside {low}…{high}")
    return value


def optimize_options(form: Mapping[str, str]) -> dict[str, Any]:
    """The run form's optimize options, as sim.sweeps.tuning.prepare takes them (ValueError when bad)."""
    floor_text = (form.get("fill_rate_floor") or "").strip()
    try:
        floor = float(floor_text)
    except ValueError:
        raise ValueError(f"optimize needs a fill-rate floor between 0 and 1, e.g. 0.97 (got {floor_text!r})") from None
    if not 0 <= floor <= 1:
        raise ValueError(f"the fill-rate floor {floor:g} is outside 0…1; write e.g. 0.97")
    options: dict[str, Any] = {"floor": floor}
    for key, name in (("policy", "tune_policy"), ("objective", "objective"), ("floor_metric", "floor_metric")):
        value = (form.get(name) or "").strip()
        if value:
            options[key] = value
    try:
        max_reps = _int(form.get("max_reps"), 2, 100_000)
        rounds = _int(form.get("refine"), 0, 20)
    except ValueError as exc:
        raise ValueError(f"most replications (2 or more) and refine rounds (0…20) take whole numbers ({exc})") from None
    if max_reps is not None:
        options["max_replications"] = max_reps
    if rounds:
        options["refine_rounds"] = rounds
    return options


def start_run(app: App, request: Request) -> Response:
    form = request.form
    relative = form.get("path", "")
    query = {"path": relative}
    try:
        reps = _int(form.get("reps"), 1, 100_000)
        seed = _int(form.get("seed"), 0, 2**63 - 1)
    except ValueError as exc:
        return scenario(
            app, Request("GET", "/scenario", query), [f"run form: replications and seed take whole numbers ({exc})"]
        )
    overrides = []
    horizon = (form.get("horizon_days") or "").strip()
    if horizon:
        if not HORIZON.match(horizon):
            return scenario(
                app, Request("GET", "/scenario", query), [f"run form: horizon {horizon!r} is not a number of days"]
            )
        overrides.append(f"horizon_days={horizon}")
    verb = form.get("verb") or "compare"
    if verb in ("sweep", "optimize"):  # one `dotted.path=v1,v2` per line, as `--set` takes them
        overrides += [line.strip() for line in (form.get("sweep") or "").splitlines() if line.strip()]
    policies = [p for p in (form.get("policies") or "").split(",") if p]
    scheduler = (form.get("scheduler") or "").strip() or None
    try:
        tuning = optimize_options(form) if verb == "optimize" else {}
    except ValueError as exc:
        return scenario(app, Request("GET", "/scenario", query), [f"run form: {exc}"])
    if tuning:
        policies = []  # optimize runs the tuned policy only (its own option)
    run = RunRequest(relative, policies, reps, seed, overrides, scheduler=scheduler, verb=verb, optimize=tuning)
    try:
        job_id = app.jobs.start(run)
    except ScenarioError as exc:
        return scenario(app, Request("GET", "/scenario", query), _problems(app, exc))
    except KeyError as exc:
        return scenario(app, Request("GET", "/scenario", query), [f"run form: {exc.args[0]}"])
    except ValueError as exc:  # a sweep's plan (SweepError) or an unknown verb
        return scenario(app, Request("GET", "/scenario", query), [f"run form: {exc}"])
    return redirect(app.link("/job", id=job_id))


def job(app: App, request: Request) -> Response:
    return app.page("job.html.j2", job=app.jobs.status(request.query.get("id", "")))


def job_json(app: App, request: Request) -> Response:
    return Response(200, json.dumps(app.jobs.status(request.query.get("id", ""))).encode(), "application/json")


def job_action(action: str) -> Callable[[App, Request], Response]:
    def act(app: App, request: Request) -> Response:
        job_id = request.form.get("id", "")
        app.jobs.cancel(job_id) if action == "cancel" else app.jobs.again(job_id)
        return redirect(app.link("/job", id=job_id))

    return act


def _results_folder(app: App, relative: str) -> Path:
    return app.workspace.resolve(relative)


def results(app: App, request: Request) -> Response:
    from sim.web.network import network_picture
    from sim.web.views import results_view  # the report's modules load with the first results page

    relative = request.query.get("path", "")
    view = results_view(_results_folder(app, relative), relative)
    others = [r for r in app.workspace.results() if r != relative]
    net = network_picture(view.folder, request.query.get("np"), request.query.get("nm"))
    return app.page("results.html.j2", view=view, others=others, net=net)


def results_file(app: App, request: Request) -> Response:
    """A chart of plots/ or the per-SKU CSV (as a download) of a results folder."""
    folder = _results_folder(app, request.query.get("path", ""))
    name = request.query.get("name", "")
    if request.path.endswith(".csv"):
        target = app.workspace.resolve(app.workspace.relative(folder / RECOMMENDATION_FILE))
        headers = {"Content-Disposition": f'attachment; filename="{folder.parent.name}-{folder.name}-skus.csv"'}
        return Response(200, target.read_bytes(), "text/csv; charset=utf-8", headers)
    if "/" in name or not name.endswith((".png", ".svg")):
        raise Refused(f"{name!r}: not a chart of this results folder")
    target = app.workspace.resolve(app.workspace.relative(folder / "plots") + "/" + name)
    return Response(200, target.read_bytes(), mimetypes.guess_type(name)[0] or "application/octet-stream")


def side(app: App, request: Request) -> Response:
    from sim.web.views import side_by_side

    q = request.query
    a = read_results_folder(_results_folder(app, q.get("a", "")))
    b = read_results_folder(_results_folder(app, q.get("b", "")))
    if a.is_sweep or b.is_sweep:
        raise NotAResultsFolder("side by side compares two comparisons (compare folders), not sweeps")
    pa = q.get("pa") or a.policies[0]
    pb = q.get("pb") or b.policies[0]
    if pa not in a.policies or pb not in b.policies:
        raise NotAResultsFolder(f"unknown policy: A has {', '.join(a.policies)}; B has {', '.join(b.policies)}")
    table = side_by_side(a, b, pa, pb)
    return app.page(
        "side.html.j2", a=q.get("a"), b=q.get("b"), pa=pa, pb=pb, pas=a.policies, pbs=b.policies, table=table
    )


GET: dict[str, Callable[[App, Request], Response]] = {
    "/": index,
    "/scenario": scenario,
    "/job": job,
    "/api/job": job_json,
    "/results": results,
    "/results/plot": results_file,
    "/results/skus.csv": results_file,
    "/side": side,
}
POST: dict[str, Callable[[App, Request], Response]] = {
    "/validate": validate,
    "/variant": variant,
    "/save": save,
    "/run": start_run,
    "/job/cancel": job_action("cancel"),
    "/job/again": job_action("again"),
}
