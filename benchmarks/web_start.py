"""The workbench's two waits (issue 18): server start, and "run" to first progress on the headline scenario.

    .venv/bin/python benchmarks/web_start.py [--repeats 5] [--runs 3]

Start: from launching `python -m sim serve WORKSPACE --port 0` (a fresh process, as a planner
starts it) to its URL line and a first page answered (the token visit, then `/`). Run: from the
run form's POST on scenarios/multichannel.yaml (the scenario as shipped: 10 replications × 3
policies, 365 days, a process pool over all cores) to the first progress the page can show
(`/api/job`: the total known, then the first replication done); the run is then cancelled.
Prints each measurement and the medians; asserts nothing (speed is not a test).
"""

from __future__ import annotations

import argparse
import http.client
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]


class Session:
    def __init__(self, url: str) -> None:
        split = urlsplit(url)
        self.host, self.port = split.hostname or "127.0.0.1", split.port or 80
        self.base = f"http://{self.host}:{self.port}"
        self.cookie = ""
        status, headers, _ = self.call("GET", f"/?{split.query}")
        assert status == 303, status
        self.cookie = headers["set-cookie"].split(";")[0]

    def call(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Host": f"{self.host}:{self.port}", "Origin": self.base}
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        reply = connection.getresponse()
        text = reply.read().decode()
        connection.close()
        return reply.status, {k.lower(): v for k, v in reply.getheaders()}, text


def launch(space: Path) -> tuple[subprocess.Popen[str], Session, float]:
    """A fresh server; the seconds from launch to the first page answered."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "sim", "serve", str(space), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    session = Session(process.stdout.readline().strip())
    status, _, _ = session.call("GET", "/")
    assert status == 200
    return process, session, time.perf_counter() - started


def first_progress(session: Session) -> tuple[float, float]:
    """(seconds to the run's total being shown, seconds to its first replication done), then cancel."""
    csrf = re.search(r'name="csrf" content="([^"]+)"', session.call("GET", "/")[2]).group(1)  # type: ignore[union-attr]
    started = time.perf_counter()
    status, headers, _ = session.call("POST", "/run", {"csrf": csrf, "path": "multichannel.yaml"})
    assert status == 303, status
    job = headers["location"].split("id=")[1]
    shown = None
    while True:
        state = session.call("GET", f"/api/job?id={job}")[2]
        now = time.perf_counter() - started
        if shown is None and '"total": 0' not in state:
            shown = now
        if re.search(r'"done": [1-9]', state):
            session.call("POST", "/job/cancel", {"csrf": csrf, "id": job})
            return shown or now, now
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="server starts to time")
    parser.add_argument("--runs", type=int, default=3, help="runs to time (each cancelled at its first progress)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        space = Path(folder)
        shutil.copy(ROOT / "scenarios/multichannel.yaml", space)
        starts, totals, firsts = [], [], []
        for _ in range(args.repeats):
            process, session, seconds = launch(space)
            starts.append(seconds)
            print(f"server start: {seconds:.3f} s", flush=True)
            if len(totals) < args.runs:
                total, first = first_progress(session)
                totals.append(total)
                firsts.append(first)
                print(f"run → total shown {total:.3f} s, → first replication done {first:.3f} s", flush=True)
            process.terminate()
            process.wait(timeout=60)
        print(f"median server start {statistics.median(starts):.3f} s over {len(starts)}")
        print(
            f"median run → progress shown {statistics.median(totals):.3f} s, → first replication done "
            f"{statistics.median(firsts):.3f} s over {len(firsts)} (multichannel.yaml as shipped)"
        )


if __name__ == "__main__":
    main()
