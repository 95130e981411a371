"""The real server on loopback refuses what it must: no token, another Host, a foreign origin, a bad CSRF token,
paths out of the workspace; and it escapes user text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.web.conftest import HOSTILE_NODE, HOSTILE_SKU, Live, hostile_scenario


def test_it_binds_loopback_and_prints_a_url_with_a_token(live: Live) -> None:
    assert live.server.server_address[0] == "127.0.0.1"
    assert live.url.startswith("http://127.0.0.1:") and "/?token=" in live.url
    assert len(live.server.app.guard.token) >= 32


def test_without_the_token_every_page_is_403(live: Live) -> None:
    client = live.client()
    for path in ("/", "/scenario?path=small_store.yaml", "/static/app.js", "/api/job?id=x", "/nowhere"):
        status, _, text = client.get(path)
        assert status == 403, path
        assert "open the URL" in text
    status, _, _ = client.get("/?token=wrong")
    assert status == 403


def test_the_token_moves_into_a_strict_cookie(live: Live) -> None:
    client = live.client()
    status, headers, _ = client.get(f"/scenario?path=small_store.yaml&token={client.token}")
    assert status == 303
    assert headers["location"] == "/scenario?path=small_store.yaml"  # the token leaves the address bar
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    client.cookie = cookie.split(";")[0]
    status, headers, _ = client.get("/")
    assert status == 200
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_another_host_name_is_refused_even_with_the_token(live: Live) -> None:
    client = live.client().login()
    status, _, _ = client.get("/", Host=f"evil.example:{client.port}")
    assert status == 403


def test_actions_need_same_origin_and_the_csrf_token(live: Live) -> None:
    client = live.client().login()
    csrf = client.csrf()
    form = {"csrf": csrf, "path": "small_store.yaml", "variant_name": "v1"}
    assert client.post("/variant", {**form, "csrf": "forged"})[0] == 403
    assert client.post("/variant", {k: v for k, v in form.items() if k != "csrf"})[0] == 403
    assert client.post("/variant", form, Origin="http://evil.example")[0] == 403
    assert client.post("/variant", form, Origin="null")[0] == 403
    # without Origin, the Referer must name this server
    assert client.request("POST", "/variant", form, {"Origin": "", "Referer": "http://evil.example/"})[0] == 403
    no_login = live.client()
    assert no_login.post("/variant", form)[0] == 403
    assert not (live.space / "v1.yaml").exists()
    status, _, _ = client.post("/variant", form)
    assert status == 303 and (live.space / "v1.yaml").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/scenario?path=../outside.yaml",
        "/scenario?path=/etc/passwd",
        "/scenario?path=sub/../../outside.yaml",
        "/scenario?path=link.yaml",
        "/results?path=../outside",
        "/results/skus.csv?path=/tmp",
        "/results/plot?path=results/x/y&name=../../../outside.yaml",
        "/side?a=../outside&b=/tmp",
    ],
)
def test_paths_out_of_the_workspace_are_refused(live: Live, path: str) -> None:
    outside = live.space.parent / "outside.yaml"
    outside.write_text("secret: true\n")
    if not (live.space / "link.yaml").exists():
        os.symlink(outside, live.space / "link.yaml")
    client = live.client().login()
    status, _, text = client.get(path)
    assert status in (403, 404), (path, status)
    assert "secret: true" not in text


def test_a_variant_cannot_be_written_out_of_the_workspace_or_over_a_file(live: Live) -> None:
    client = live.client().login()
    csrf = client.csrf()
    for name in ("../evil", "/tmp/evil", "sub/evil", ".hidden"):
        status, _, text = client.post("/variant", {"csrf": csrf, "path": "small_store.yaml", "variant_name": name})
        assert status == 200 and "use letters" in text, name
    status, _, text = client.post(
        "/variant", {"csrf": csrf, "path": "small_store.yaml", "variant_name": "multichannel"}
    )
    assert "exists" in text
    assert (live.space / "multichannel.yaml").read_text() == (
        Path(__file__).parents[2] / "scenarios/multichannel.yaml"
    ).read_text()
    assert sorted(p.name for p in live.space.parent.iterdir()) == ["workspace"]


def test_hostile_names_are_escaped(live: Live) -> None:
    hostile_scenario(live.space)
    client = live.client().login()
    status, _, text = client.get("/scenario?path=hostile.yaml")
    assert status == 200
    assert HOSTILE_SKU not in text and HOSTILE_NODE not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    status, _, text = client.get("/scenario?path=%3Cscript%3E.yaml")
    assert status == 403 and "<script>" not in text
