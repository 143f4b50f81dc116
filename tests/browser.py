"""Drive Debian's headless Chromium through Playwright, offline, for tests.

One helper for every test that opens a page: it finds the chromium binary
(``KG_CHROMIUM`` or ``PATH``), skips the test with a reason when there is
none, and records each request, console message and page error so a test
can assert that a page stayed local and quiet. Requests that would leave the
machine are recorded and then aborted, and DNS is disabled in the browser,
so a faulty page can fail a test but can never reach the network.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
    # Pages may only reach this machine: never through a proxy from the environment.
    "--no-proxy-server",
    # No name resolves, so nothing but IP literals (and localhost) is reachable.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def find_chromium() -> str | None:
    """Path of a Chromium binary: ``$KG_CHROMIUM`` first, then chromium on PATH."""
    configured = os.environ.get("KG_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else shutil.which(configured)
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def is_local_url(url: str) -> bool:
    """True for file:, data:, blob:, about: and http(s) to this machine's loopback."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS


@dataclass
class PageLog:
    """Everything a page did that a test may want to assert on."""

    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    @property
    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local_url(url)]

    @property
    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]


@contextmanager
def launch_chromium(headless_args: list[str] | None = None) -> Iterator:
    """Start Playwright with Debian's Chromium; skip the calling test if there is none."""
    executable = find_chromium()
    if executable is None:
        pytest.skip("no chromium binary: apt-get install chromium, or set KG_CHROMIUM")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=headless_args or CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, *, width: int = 1400, height: int = 900):
    """A fresh page whose requests, console and errors are logged into a PageLog."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    log = PageLog()
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("console", lambda message: log.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))

    def keep_local(route):
        if is_local_url(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    page.route("**/*", keep_local)
    return page, log


def chromium_version(browser) -> str:
    """Version string of the running browser, for test output."""
    return browser.version
