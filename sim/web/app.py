"""The HTTP layer: a standard-library request handler that checks every request, then dispatches to sim.web.pages.

Order of checks, before any route runs: the Host header names this server (else 403), the
request carries the launch token (cookie, or `?token=` on the first visit, which sets the cookie
and redirects to the same page without it; else 403), and an action (POST) comes from this origin
and carries the CSRF token (else 403). Then a path the workspace refuses is 403, a missing results
folder 404, anything unexpected 500 with a one-line message (the traceback goes to the server's
stderr). Responses forbid framing, sniffing and caching, and allow scripts, styles and images
from this server only (Content-Security-Policy).
"""

from __future__ import annotations

import sys
import traceback
from http.server import BaseHTTPRequestHandler
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import jinja2

from sim.report.folder import NotAResultsFolder
from sim.web import pages
from sim.web.jobs import Jobs
from sim.web.pages import Request, Response
from sim.web.security import Guard
from sim.web.workspace import Refused, Workspace

MAX_BODY = 2_000_000
STATIC = ("app.js", "style.css")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class App:
    """The workbench of one workspace and one launch (its secrets, its runs)."""

    def __init__(self, workspace: Workspace, guard: Guard, allow_code: bool = False) -> None:
        self.workspace = workspace
        self.guard = guard
        self.allow_code = allow_code
        self.jobs = Jobs(workspace)
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("sim.web", "templates"),
            autoescape=True,  # every {{ … }} is text: a name can never become markup
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals["link"] = self.link

    @staticmethod
    def link(route: str, **query: Any) -> str:
        return f"{route}?{urlencode(query)}" if query else route

    def page(self, template: str, **context: Any) -> Response:
        html = self.env.get_template(template).render(
            csrf=self.guard.csrf, workspace=str(self.workspace.root), allow_code=self.allow_code, **context
        )
        return Response(200, html.encode("utf-8"))

    def message(self, status: int, text: str) -> Response:
        return Response(status, self.env.get_template("message.html.j2").render(status=status, text=text).encode())

    def handle(self, request: Request, headers: Any) -> Response:
        """Check the request (module docstring), then run its route."""
        if not self.guard.host_ok(headers):
            return self.message(403, "this server answers only to the address it printed")
        if request.path == "/favicon.ico":  # browsers ask for it unprompted; there is none
            return Response(204, content_type="image/x-icon")
        if not self.guard.authorised(headers, request.query.get("token")):
            return self.message(403, "open the URL that `supplysim serve` printed (it carries this launch's token)")
        if "token" in request.query:  # first visit: the token moves into a cookie, out of the address bar
            rest = {k: v for k, v in request.query.items() if k != "token"}
            return Response(
                303, headers={"Location": self.link(request.path, **rest), "Set-Cookie": self.guard.cookie_header()}
            )
        if request.method == "POST" and not (
            self.guard.same_origin(headers) and self.guard.csrf_ok(request.form.get("csrf"))
        ):
            return self.message(
                403, "this action did not come from a workbench page (same origin and CSRF token required)"
            )
        if request.method == "GET" and request.path.startswith("/static/"):
            return self.static(request.path.removeprefix("/static/"))
        routes = pages.POST if request.method == "POST" else pages.GET
        route = routes.get(request.path)
        if route is None:
            return self.message(404, f"no page {request.path}")
        try:
            return route(self, request)
        except Refused as exc:
            return self.message(403, str(exc))
        except NotAResultsFolder as exc:
            return self.message(404, str(exc))
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            return self.message(500, f"internal error: {type(exc).__name__}: {exc}")

    def static(self, name: str) -> Response:
        if name not in STATIC:
            return self.message(404, f"no file {name}")
        body = resources.files("sim.web").joinpath("static", name).read_bytes()
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        return Response(200, body, f"{kind}; charset=utf-8")


class Handler(BaseHTTPRequestHandler):
    """One request: parse it, let the App answer, write the answer with the security headers."""

    app: App
    server_version = "supplysim-workbench"
    sys_version = ""

    def _request(self, method: str) -> Request | None:
        split = urlsplit(self.path)
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        form: dict[str, str] = {}
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._send(self.app.message(413, "the form is too large"))
                return None
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            form = dict(parse_qsl(body, keep_blank_values=True))
        return Request(method, split.path, query, form)

    def _serve(self, method: str) -> None:
        request = self._request(method)
        if request is not None:
            self._send(self.app.handle(request, self.headers))

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        for key, value in {**SECURITY_HEADERS, **response.headers}.items():
            self.send_header(key, value)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal shows the URL and errors
        pass
