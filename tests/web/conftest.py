"""Fixtures of the workbench tests: a workspace of scenarios, a real server on loopback, an HTTP client.

The server is the real one (`sim.web.server.make_server`, port 0 on 127.0.0.1) serving in a
thread; the client speaks plain HTTP with the standard library, carrying the cookie the token
visit sets, so every check of sim.web.app runs as a browser would meet it.
"""

from __future__ import annotations

import http.client
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from sim.config.custom import ALLOW_CODE_ENV
from sim.web.server import Workbench, make_server

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_SKU = "<script>alert(1)</script>"
HOSTILE_NODE = "<img src=x onerror=alert(2)>"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace holding copies of small_store.yaml and multichannel.yaml."""
    space = tmp_path / "workspace"
    space.mkdir()
    for name in ("small_store.yaml", "multichannel.yaml"):
        shutil.copy(ROOT / "scenarios" / name, space / name)
    return space


def hostile_scenario(space: Path) -> Path:
    """small_store whose best seller is `<script>…` and whose warehouse is an `<img onerror>`."""
    text = (ROOT / "scenarios/small_store.yaml").read_text(encoding="utf-8")
    text = text.replace("MUG-CLASSIC", f"'{HOSTILE_SKU}'").replace("home_warehouse", f"'{HOSTILE_NODE}'")
    path = space / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Client:
    """HTTP to the workbench with the launch's cookie (after `login`)."""

    base: str
    token: str
    cookie: str = ""
    host: str = field(init=False)
    port: int = field(init=False)

    def __post_init__(self) -> None:
        split = urlsplit(self.base)
        self.host, self.port = split.hostname or "", split.port or 80

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        sent = {"Host": f"{self.host}:{self.port}", **({"Cookie": self.cookie} if self.cookie else {})}
        data = None
        if body is not None:
            data = urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent.setdefault("Origin", self.base)
        sent.update(headers or {})
        connection.request(method, path, body=data, headers=sent)
        reply = connection.getresponse()
        text = reply.read().decode("utf-8", errors="replace")
        connection.close()
        return reply.status, {k.lower(): v for k, v in reply.getheaders()}, text

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, body: dict[str, str], **headers: str) -> tuple[int, dict[str, str], str]:
        return self.request("POST", path, body, headers)

    def login(self) -> Client:
        status, headers, _ = self.get(f"/?token={self.token}")
        assert status == 303, status
        self.cookie = headers["set-cookie"].split(";")[0]
        return self

    def csrf(self) -> str:
        _, _, text = self.get("/")
        found = re.search(r'name="csrf" content="([^"]+)"', text)
        assert found
        return found.group(1)


@dataclass
class Live:
    server: Workbench
    url: str
    base: str
    space: Path

    def client(self) -> Client:
        return Client(self.base, self.server.app.guard.token)


def start(space: Path, trust_code: bool = False) -> tuple[Workbench, threading.Thread]:
    server = make_server(space, "127.0.0.1", 0, trust_code=trust_code)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, thread


def stop(server: Workbench, thread: threading.Thread) -> None:
    server.shutdown()
    server.app.jobs.stop_all()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def live(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    """The workbench over `workspace`, serving on a free loopback port (code not allowed)."""
    monkeypatch.delenv(ALLOW_CODE_ENV, raising=False)
    server, thread = start(workspace)
    url = server.url
    try:
        yield Live(server, url, url.split("/?token=")[0], workspace)
    finally:
        stop(server, thread)
