"""Kommunchef orders a report in the embedded mode (no broker): the page answers at once with the report köad or
pågår, the row turns klar without a reload while the render finishes in the background, and the start page's
"Att göra" then lists it until he has looked at the reports page."""

import re
import threading

import pytest
from playwright.sync_api import expect

from vudig.core import outbox

from .conftest import assert_accessible, log_in

HOLD = 120  # seconds a held background run waits for the test at most


@pytest.fixture
def held_background(settings, monkeypatch):
    """The embedded default (tasks after commit in background threads), with each run held until the test releases it.

    Held before the run touches the database: the in-memory SQLite of the tests shares one cache between connections,
    where a second writer is refused at once instead of waiting (a real SQLite file or PostgreSQL waits its turn).
    Held in the committing thread (the inline mode), the order itself could not come back: the test proves it did.
    """
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.OUTBOX_IN_BACKGROUND = True
    started, release = threading.Event(), threading.Event()
    real = outbox.outbox_send

    def send(*, row_ids):
        started.set()
        release.wait(HOLD)
        return real(row_ids=row_ids)

    monkeypatch.setattr(outbox, "outbox_send", send)
    yield started, release
    release.set()


def test_kommunchef_orders_a_report_and_sees_it_turn_ready_without_reloading(page, held_background):
    started, release = held_background
    log_in(page, "kommunchef")
    page.goto("/rapporter/")
    assert_accessible(page)

    page.get_by_label("Rapporttyp").select_option("handlingsplan")
    page.get_by_label("Period från").fill("2026-01-01")
    page.get_by_label("Period till").fill("2026-04-30")
    page.get_by_role("button", name="Beställ rapport").click()
    # The page is back while the render is still held: it cannot have waited for it.
    expect(page.get_by_text("Rapporten är beställd")).to_be_visible()
    row = page.get_by_role("row", name="Handlingsplanen som beslutad")
    expect(row).to_contain_text(re.compile("Köad|Pågår"))
    expect(row.get_by_role("link", name=re.compile("^Visa status"))).to_be_visible()
    assert not release.is_set()
    assert started.wait(30), "the background run never started"
    assert_accessible(page)

    page.evaluate("window.vudigSamePage = true")  # gone if the page were loaded again
    release.set()
    expect(row).to_contain_text("Klar", timeout=90_000)
    expect(row.get_by_role("link", name=re.compile("^Ladda ner PDF"))).to_be_visible()
    expect(page.locator("#report-status-live")).to_contain_text("Klar")
    assert page.evaluate("window.vudigSamePage") is True
    expect(row.get_by_role("link", name=re.compile("^Visa status"))).to_have_count(0)
    assert_accessible(page)

    # It became ready after he last looked: the start page lists it, a link to its row; once he has looked, it is gone.
    page.goto("/")
    todo = page.get_by_role("region", name="Att göra")
    item = todo.get_by_role("link", name=re.compile("Rapporten är klar: Handlingsplanen som beslutad"))
    expect(item).to_be_visible()
    assert_accessible(page)
    item.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporter")
    expect(page.get_by_role("row", name="Handlingsplanen som beslutad")).to_contain_text("Klar")
    page.goto("/")
    expect(page.get_by_role("link", name=re.compile("Rapporten är klar"))).to_have_count(0)
    assert_accessible(page)
