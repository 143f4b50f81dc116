"""Shared pytest fixtures."""

from __future__ import annotations

import pytest

# tests/ has no __init__.py: `python -m pytest` puts the repo on sys.path (tests.browser);
# plain `pytest` puts this folder there (browser).
try:
    from tests.browser import launch_chromium, open_page
except ModuleNotFoundError:
    from browser import launch_chromium, open_page


# ---- headless Chromium (tests/browser.py) -----------------------------------------


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the session; tests that use it skip if none is installed."""
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def browser_page(chromium_browser):
    """Factory: ``page, log = browser_page(width=..., height=...)``; closed after the test."""
    pages = []

    def make(**viewport):
        page, log = open_page(chromium_browser, **viewport)
        pages.append(page)
        return page, log

    yield make
    for page in pages:
        page.context.close()
