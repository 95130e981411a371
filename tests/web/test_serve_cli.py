"""`supplysim serve`: the verb, its printed URL and warnings, the code switch, and a core that never loads the web stage."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sim.cli import main
from sim.config.custom import ALLOW_CODE_ENV
from tests.web.conftest import ROOT, Client, start, stop


def test_import_sim_and_the_cli_never_load_the_web_stage() -> None:
    code = "import sys, sim, sim.cli; print(sorted(m for m in sys.modules if m.startswith('sim.web') or m == 'http.server'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_a_missing_workspace_is_bad_input() -> None:
    result = CliRunner().invoke(main, ["serve", "no/such/folder"])
    assert result.exit_code == 2
    assert "no such folder" in result.output and "Traceback" not in result.output


def test_serve_is_listed_with_its_flags() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for flag in ("--host", "--port", "--allow-code"):
        assert flag in result.output


def _serve(args: list[str], workspace: Path, allow_env: bool = False) -> tuple[str, str]:
    """Start `python -m sim serve`, read until the URL line, stop it (by its pid); (url, stderr so far)."""
    env = {k: v for k, v in os.environ.items() if k != ALLOW_CODE_ENV}
    if allow_env:
        env[ALLOW_CODE_ENV] = "1"
    process = subprocess.Popen(
        [sys.executable, "-m", "sim", "serve", str(workspace), "--port", "0", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    return url, err


@pytest.mark.slow
def test_loopback_by_default_another_address_only_with_a_warning(workspace: Path) -> None:
    url, err = _serve([], workspace, allow_env=True)
    assert url.startswith("http://127.0.0.1:") and "/?token=" in url
    assert "warning" not in err  # nor does the environment's switch alone trust scenario code here
    url, err = _serve(["--host", "127.0.0.2", "--allow-code"], workspace)
    assert url.startswith("http://127.0.0.2:")
    assert "warning: serving on 127.0.0.2, not only this machine" in err
    assert "warning: --allow-code" in err


def _custom(space: Path) -> None:
    shutil.copy(ROOT / "examples/custom_policy/scenario.yaml", space / "custom.yaml")


def test_scenario_code_runs_only_with_the_trust_flag(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _custom(workspace)
    monkeypatch.setenv(ALLOW_CODE_ENV, "1")  # the environment alone does not allow it in the workbench
    server, thread = start(workspace, trust_code=False)
    try:
        assert ALLOW_CODE_ENV not in os.environ
        client = Client(server.url.split("/?token=")[0], server.app.guard.token).login()
        _, _, text = client.get("/scenario?path=custom.yaml")
        assert "imported only when you allow it" in text and "Valid scenario" not in text
    finally:
        stop(server, thread)
    server, thread = start(workspace, trust_code=True)
    try:
        client = Client(server.url.split("/?token=")[0], server.app.guard.token).login()
        _, _, text = client.get("/scenario?path=custom.yaml")
        assert "Valid scenario" in text
        assert "scenario code allowed" in text
    finally:
        stop(server, thread)
