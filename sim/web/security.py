"""Who may use the workbench: a per-launch token, the Host header, same origin and a CSRF token.

As Jupyter does, the server makes a random token at launch and prints a URL carrying it; the first
visit moves it into an HttpOnly, SameSite=Strict cookie and every later request must carry one or
the other (403 otherwise). The Host header must name the address the server is bound to (so a
DNS-rebinding page cannot reach it by another name). Every action (a POST) must also come from the
same origin (Origin, or else Referer, naming this server) and carry the page's CSRF token, a second
per-launch secret written into each form. Comparisons are constant-time.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

COOKIE = "supplysim_token"


@dataclass
class Guard:
    """The secrets of one launch and the host names it answers to (`host:port`)."""

    hosts: frozenset[str]
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    @classmethod
    def for_address(cls, host: str, port: int) -> Guard:
        names = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost") else {host}
        return cls(frozenset(f"{name}:{port}" for name in names))

    def cookie_header(self) -> str:
        return f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"

    def host_ok(self, headers: Mapping[str, str]) -> bool:
        return (headers.get("Host") or "") in self.hosts

    def authorised(self, headers: Mapping[str, str], query_token: str | None) -> bool:
        """The request carries this launch's token (in the cookie or as `?token=`)."""
        if query_token is not None and hmac.compare_digest(query_token.encode(), self.token.encode()):
            return True
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("Cookie") or "")
        except Exception:
            return False
        morsel = cookie.get(COOKIE)
        return morsel is not None and hmac.compare_digest(morsel.value.encode(), self.token.encode())

    def same_origin(self, headers: Mapping[str, str]) -> bool:
        """An action's Origin (or, without one, its Referer) names this server."""
        host = headers.get("Host") or ""
        origin = headers.get("Origin")
        if origin is not None:
            return origin == f"http://{host}"
        referer = headers.get("Referer") or ""
        return referer == f"http://{host}" or referer.startswith(f"http://{host}/")

    def csrf_ok(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.csrf.encode())
