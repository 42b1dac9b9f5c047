"""Browser tests: Debian's Chromium, headless, driven by Playwright against ``live_server``.

Playwright's own browser downloads are never used: the browser is the system's
``/usr/bin/chromium`` (``scripts/test`` installs it when missing). Without it the
tests skip and say why. Screenshots go to ``test-output/browser/`` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.test import override_settings
from tests.web.factories import _media  # noqa: F401

CHROMIUM = os.environ.get("CCHC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "browser"


@pytest.fixture(scope="module")
def chromium_browser():
    """One headless Chromium per test module: the sync API's event loop (and the
    permission for the ORM to run beside it) lasts no longer than the module."""
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's `chromium` package "
            "(scripts/test does so when run as root with apt-get)"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop in this thread; Django's ORM refuses to
    # run beside any loop unless told it is safe. It is here: the loop only talks to the
    # browser, and the test's own ORM calls are plain synchronous code between steps.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def _media_never_served():
    """Uploads are never served as files (``MEDIA_URL = None``), but the live server's
    media handler needs a URL: one on another host, so that it never handles a request."""
    with override_settings(MEDIA_URL="http://media.invalid/"):
        yield


@pytest.fixture(scope="session")
def live_server(_media_never_served, live_server):
    return live_server


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_failed = report.failed
    return report


@pytest.fixture
def page(request, chromium_browser, live_server):
    """A fresh browser context (no cookies) on the live server, at a phone-friendly desktop size."""
    context = chromium_browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Whatever the Content-Security-Policy blocked on any page of the journey (Chromium
    # reports each refusal on the console) fails the test.
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Security Policy" in m.text else None)
    try:
        yield page
        if getattr(request.node, "browser_failed", False):  # the page as the failure left it
            OUTPUT.mkdir(parents=True, exist_ok=True)
            path = OUTPUT / f"{request.node.name}-FAILED.png"
            page.screenshot(path=str(path), full_page=True)
            print(f"screenshot of the failure: {path} ({page.url})")
        assert blocked == [], blocked
    finally:
        context.close()


class Shots:
    """Full-page screenshots, numbered in the order taken, their paths printed."""

    def __init__(self, folder: Path, prefix: str):
        self.folder, self.prefix, self.count, self.paths = folder, prefix, 0, []
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{prefix}-*.png"):
            old.unlink()

    def __call__(self, page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.prefix}-{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.paths.append(path)
        return path


@pytest.fixture
def shots(request, capsys):
    """Take screenshots with ``shots(page, name)``; their paths are printed after the test."""
    taken = Shots(OUTPUT, request.path.stem.removeprefix("test_"))
    yield taken
    with capsys.disabled():  # shown even when output is captured, as in scripts/test
        print(f"\n{request.node.name}: {len(taken.paths)} screenshots")
        for path in taken.paths:
            print(f"  {path}")
