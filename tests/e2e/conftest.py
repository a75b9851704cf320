"""Browser tests: Playwright drives Debian's Chromium against Django's live server; axe-core checks each page.

Chromium is never downloaded: it is /usr/bin/chromium (or $VUDIG_CHROMIUM). Without it the tests skip, unless
VUDIG_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser fails the run.
"""

import os
import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from vudig.portal.demo import DEMO_PASSWORD, demo_load

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("VUDIG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium saknas ({CHROMIUM}); installera med: apt-get install -y chromium"
        if os.environ.get("VUDIG_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield instance
        instance.close()


_loaded_portal = {}  # SQLite only: a copy of the database with the plan and the demo, made by the first test


@pytest.fixture
def portal(transactional_db, live_server):
    """The live portal with Piteå's plan and the demo accounts loaded.

    Each browser test ends by emptying the database (the live server needs real commits, so nothing rolls back).
    On SQLite the first test's freshly loaded database is copied aside and copied back before each later test: the
    same rows as loading again (only made a few minutes earlier) at a fraction of the cost. Other engines load again.
    """
    if connection.vendor == "sqlite" and "copy" in _loaded_portal:
        connection.ensure_connection()
        _loaded_portal["copy"].backup(connection.connection)
        return live_server
    call_command("load_plan", verbosity=0)

    demo_load()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        _loaded_portal["copy"] = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(_loaded_portal["copy"])
    return live_server


@pytest.fixture
def new_page(browser, portal):
    """Open a fresh browser context (a separate person) on the live portal."""
    contexts = []

    def make():
        # bypass_csp lets axe-core be injected; the portal itself still sends its strict policy.
        context = browser.new_context(base_url=portal.url, locale="sv-SE", bypass_csp=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def log_in(page, username, password=DEMO_PASSWORD):
    """Sign in through the login form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def assert_accessible(page):
    """axe-core finds no serious or critical WCAG 2.1 A/AA violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}" for v in blocking
    )
    assert not blocking, f"axe-core på {page.url}:\n{details}"
