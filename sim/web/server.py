"""Starting the workbench: bind, print the URL with the launch token, serve until Ctrl-C.

Binds 127.0.0.1 by default; any other address only when asked (`--host`), with a warning that
anyone who can reach it and learns the token can run code-free simulations and read the
workspace. Scenario-named code (`class:`) runs only when started with `--allow-code`: otherwise
the switch of sim.config.custom is cleared for this process and the runs it starts, whatever the
environment said.
"""

from __future__ import annotations

import os
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from sim.config.custom import ALLOW_CODE_ENV, allow_code
from sim.web.app import App, Handler
from sim.web.security import Guard
from sim.web.workspace import Workspace

LOOPBACK = "127.0.0.1"


class Workbench(ThreadingHTTPServer):
    daemon_threads = True
    app: App

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/?token={self.app.guard.token}"


def make_server(workspace: str | Path, host: str = LOOPBACK, port: int = 0, trust_code: bool = False) -> Workbench:
    """A bound (not yet serving) workbench over `workspace`; port 0 picks a free one."""
    if trust_code:
        allow_code()
    else:
        os.environ.pop(ALLOW_CODE_ENV, None)
    space = Workspace.open(workspace)
    handler: type[Handler] = type("BoundHandler", (Handler,), {})
    server = Workbench((host, port), handler)
    bound_port = int(server.server_address[1])
    app = App(space, Guard.for_address(host, bound_port), allow_code=trust_code)
    handler.app = app  # this server's handlers answer for this app
    server.app = app
    return server


def serve(workspace: str | Path, host: str = LOOPBACK, port: int = 8765, trust_code: bool = False) -> None:
    """Run the workbench until interrupted; prints the URL (the last line) and warnings on stderr."""
    if host != LOOPBACK:
        print(
            f"warning: serving on {host}, not only this machine: anyone who reaches it and has the URL's token "
            "can read and write the workspace and run simulations",
            file=sys.stderr,
        )
    server = make_server(workspace, host, port, trust_code)
    if trust_code:
        print("warning: --allow-code: scenarios may run the Python code they name (docs/TRUST.md)", file=sys.stderr)
    print(f"supplysim workbench over {server.app.workspace.root}; Ctrl-C stops it", file=sys.stderr)
    print(server.url, flush=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.app.jobs.stop_all()
        server.server_close()
