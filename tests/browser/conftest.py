"""Shared set-up of the browser tests: Chromium through Playwright against the live server.

They skip with the reason when /usr/bin/chromium or Playwright is missing (`.ci/run`
installs Chromium). The live server needs committed data, so these tests run on a
transactional database that pytest-django flushes afterwards; the units and catalog the
session loaded once are put back for the tests that come after.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections

from tests.conftest import load_master_data

CHROMIUM = Path("/usr/bin/chromium")
# The flags this machine's closed network needs (no background connections, no sandbox as
# root); see the browser notes in docs/guides/getting-started.md.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    skip = pytest.mark.skip(reason="no Chromium at /usr/bin/chromium (install: apt-get chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            # officials who lead or administer type their authenticator's code (journey.py)
            item.add_marker(pytest.mark.two_factor)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.fixture(scope="module", autouse=True)
def master_data_after_flush(django_db_blocker):
    """Put the units and catalog back once the transactional flush has run.

    pytest-django's live-server helper sets up `transactional_db` before any fixture a test
    names, so a function fixture's teardown runs before the flush; this module fixture's
    teardown runs after it, so later tests still find the master data.
    """
    yield
    load_master_data(django_db_blocker)


@pytest.fixture
def master_data_restored(django_db_blocker):
    """Units and catalog for the live server (an earlier flush may have removed them)."""
    load_master_data(django_db_blocker)


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
    # (building state through actions) are synchronous and safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        # The test's ORM calls ran while Playwright's event loop runs in this thread, where
        # Django keeps its connections apart from the thread's own (asgiref's Local follows
        # the running loop's context): close them here, or the session they hold stops
        # the test database from being dropped at the end of the run.
        connections.close_all()
        browser.close()
