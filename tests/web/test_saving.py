"""Saving the editor's YAML text: validated first (located problems, nothing written), a new file never over
another, over a file only when the workbench created it and nobody changed it since; inside the workspace."""

from __future__ import annotations

import re
from pathlib import Path

from tests.web.conftest import Client, Live

SHIPPED = "small_store.yaml"


def form(client: Client, text: str, **extra: str) -> dict[str, str]:
    return {"csrf": client.csrf(), "path": SHIPPED, "text": text, "save_name": "mine", "mode": "new", **extra}


def leftovers(space: Path) -> list[Path]:
    return list(space.rglob(".*.tmp-*"))


def test_valid_text_is_saved_as_a_new_file_and_recorded(live: Live) -> None:
    client = live.client().login()
    text = (live.space / SHIPPED).read_text(encoding="utf-8").replace("horizon_days: ", "horizon_days: 1", 1)
    status, headers, _ = client.post("/save", form(client, text))
    assert status == 303 and headers["location"] == "/scenario?path=mine.yaml&saved=1"
    assert (live.space / "mine.yaml").read_text(encoding="utf-8") == text
    _, _, page = client.get(headers["location"])
    assert 'id="saved"' in page and 'id="save-over"' in page  # the workbench wrote it: it may be saved over
    assert leftovers(live.space) == []


def test_invalid_text_shows_located_problems_and_writes_nothing(live: Live) -> None:
    client = live.client().login()
    shipped = (live.space / SHIPPED).read_text(encoding="utf-8")
    text = re.sub(r"horizon_days: \d+", "horizon_days: -3", shipped, count=1)
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("horizon_days"))) + 1
    status, _, page = client.post("/save", form(client, text))
    assert status == 200
    assert re.search(rf"mine\.yaml:{line}:\d+  horizon_days  ", page), page[-3000:]
    assert "nothing was saved" in page and "horizon_days: -3" in page  # the edit stays in the editor
    assert not (live.space / "mine.yaml").exists() and leftovers(live.space) == []
    # a file name that is not one: nothing written either
    status, _, page = client.post("/save", form(client, shipped, save_name="../evil"))
    assert status == 200 and "is not a file name" in page
    assert not (live.space.parent / "evil.yaml").exists()


def test_a_shipped_file_is_never_saved_over(live: Live) -> None:
    client = live.client().login()
    before = (live.space / SHIPPED).read_bytes()
    _, _, page = client.get(f"/scenario?path={SHIPPED}")
    assert 'id="save-over"' not in page  # not offered
    status, _, page = client.post("/save", form(client, before.decode() + "\n# edited\n", mode="overwrite"))
    assert status == 200 and "was not written by the workbench" in page
    assert (live.space / SHIPPED).read_bytes() == before


def test_an_existing_name_or_a_symlink_is_never_replaced(live: Live, tmp_path: Path) -> None:
    client = live.client().login()
    text = (live.space / SHIPPED).read_text(encoding="utf-8")
    before = (live.space / "multichannel.yaml").read_bytes()
    status, _, page = client.post("/save", form(client, text, save_name="multichannel"))
    assert status == 200 and "multichannel.yaml exists" in page
    assert (live.space / "multichannel.yaml").read_bytes() == before
    outside = tmp_path / "outside.yaml"
    outside.write_text("keep", encoding="utf-8")
    (live.space / "link.yaml").symlink_to(outside)
    status, _, page = client.post("/save", form(client, text, save_name="link"))
    assert status == 200 and "link.yaml exists" in page and outside.read_text() == "keep"
    assert client.post("/save", {**form(client, text), "path": "../x.yaml"})[0] == 403
    assert client.post("/save", {**form(client, text), "path": "link.yaml", "mode": "overwrite"})[0] == 403


def test_a_workbench_file_is_saved_over_until_changed_elsewhere(live: Live) -> None:
    client = live.client().login()
    text = (live.space / SHIPPED).read_text(encoding="utf-8")
    assert client.post("/save", form(client, text))[0] == 303
    edited = text + "\n# a second thought\n"
    body = {**form(client, edited), "path": "mine.yaml", "mode": "overwrite"}
    status, headers, _ = client.post("/save", body)
    assert status == 303 and headers["location"] == "/scenario?path=mine.yaml&saved=1"
    assert (live.space / "mine.yaml").read_text(encoding="utf-8") == edited
    (live.space / "mine.yaml").write_text(edited + "# by hand\n", encoding="utf-8")  # changed outside
    status, _, page = client.post("/save", {**body, "text": text})
    assert status == 200 and "or was changed since" in page
    assert (live.space / "mine.yaml").read_text(encoding="utf-8").endswith("# by hand\n")
    assert leftovers(live.space) == []


def test_a_variant_from_the_form_may_then_be_saved_over(live: Live) -> None:
    client = live.client().login()
    status, headers, _ = client.post(
        "/variant", {"csrf": client.csrf(), "path": SHIPPED, "variant_name": "v1", "horizon_days": "90"}
    )
    assert status == 303, headers
    variant = (live.space / "v1.yaml").read_text(encoding="utf-8")
    body = {**form(client, variant.replace("horizon_days: 90", "horizon_days: 120")), "path": "v1.yaml"}
    assert client.post("/save", {**body, "mode": "overwrite"})[0] == 303
    assert "horizon_days: 120" in (live.space / "v1.yaml").read_text(encoding="utf-8")


def test_a_browsers_crlf_lines_are_saved_as_lf(live: Live) -> None:
    client = live.client().login()
    text = (live.space / SHIPPED).read_text(encoding="utf-8")
    assert client.post("/save", form(client, text.replace("\n", "\r\n")))[0] == 303  # as a form posts a textarea
    assert (live.space / "mine.yaml").read_bytes() == text.encode("utf-8")
