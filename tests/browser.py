"""A page opened in headless Chromium through Playwright, for the render checks (`pytest -m render`).

Playwright drives the system's Chromium (`apt-get install chromium`); it never downloads a browser of its own.
Without either the test is skipped.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

IMG = Path(__file__).resolve().parents[1] / "docs" / "img"


def picture(name: str, tmp_path: Path) -> Path:
    """Where a render check writes its picture: docs/img when asked to refresh the README's, else tmp_path."""
    folder = IMG if os.environ.get("CVLINT_UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


@contextmanager
def chromium(path: Path, *, width: int = 1280, height: int = 1400):
    """(page, requests, errors): `path` open in Chromium, every URL it requested and every script error."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install '.[render]'")
    exe = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    if exe is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            requests: list[str] = []
            errors: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(path.resolve().as_uri())
            yield page, requests, errors
        finally:
            browser.close()
