"""The one chromium the browser tests use: Debian's package driven by Playwright, never
`playwright install`. Without it the tests skip locally and fail under CI=true (.ci/run installs it).
Registered as a plugin by tests/conftest.py: a test asks for the `browser` fixture by name."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("SUPPLYSIM_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = (
            f"chromium is not installed at {CHROMIUM}: install Debian's package (`apt-get install -y chromium`, "
            "as .ci/run does) or point SUPPLYSIM_CHROMIUM at a chromium binary; never `playwright install`"
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
