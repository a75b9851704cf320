"""A follow-up period, end to end: the process leader opens it; the Socialtjänst manager reports and klarmarkerar
the organisation's part of an "(Alla)" measure and sees it counted on the completion board; another organisation's
manager cannot report it; the reminders task, run twice, sends one mail to each person."""

import datetime as dt
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from measures.models import OrganisationPart
from measures.tasks import period_reminders_task

from .conftest import assert_accessible, log_in

PERIOD = "Bokslut 2026 (test)"
ALLA_MEASURE = "Huvudprocesser, information och digitala lösningar förtydligas"
ALLA_RESULT = "Verksamhetsspecifikt kartläggningsarbete"


def test_a_period_from_opening_to_report_board_and_reminders(page, new_page):
    deadline = timezone.localdate() + dt.timedelta(days=5)  # a short period: reminders 7 and 1 days before

    # The process leader opens the period; the form suggests from the årshjul, the leader edits it.
    log_in(page, "processledare")
    page.goto("/atgarder/")
    page.get_by_role("link", name="Uppföljningsperioder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppföljningsperioder")
    assert_accessible(page)
    page.get_by_role("link", name="Öppna en uppföljningsperiod").click()
    assert_accessible(page)
    page.get_by_label("Uppföljning").select_option(label="Bokslut")
    page.get_by_label("Benämning").fill(PERIOD)
    page.get_by_label("Sista dag att rapportera").fill((timezone.localdate() - dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Öppna perioden").click()
    # Bad input: a clear Swedish message, what was typed is kept.
    expect(page.locator(".error-summary")).to_contain_text("ligger före dagen perioden öppnas")
    expect(page.get_by_label("Benämning")).to_have_value(PERIOD)
    assert_accessible(page)
    page.get_by_label("Sista dag att rapportera").fill(deadline.isoformat())
    page.get_by_role("button", name="Öppna perioden").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Perioden ”{PERIOD}” är öppnad")
    expect(page.get_by_role("heading", level=1)).to_have_text(PERIOD)
    board_url = page.url
    social_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Socialtjänst"))
    expect(social_row).to_contain_text("0 av 3 klarmarkerade (0 %), 3 saknas")
    assert_accessible(page)

    # The Socialtjänst manager reports the organisation's part of an (Alla) measure and klarmarkerar it.
    manager = new_page()
    log_in(manager, "chef.socialtjanst")
    manager.goto("/atgarder/perioder/")
    manager.get_by_role("region", name="Din lista i öppna perioder").get_by_role("link", name=PERIOD).click()
    expect(manager.get_by_text("3 punkter kvar att klarmarkera.")).to_be_visible()
    assert_accessible(manager)
    row = manager.locator("li.period-row", has_text=ALLA_RESULT)
    expect(row).to_contain_text("Socialtjänsts del")
    row.get_by_label("Status").select_option(label="Ej genomförd")
    row.get_by_role("button", name=re.compile("^Klarmarkera")).click()
    # Ej genomförd needs a reason: every error shown, nothing saved.
    expect(manager.locator(".error-summary")).to_contain_text("krävs för Ej genomförd")
    assert_accessible(manager)
    row = manager.locator("li.period-row", has_text=ALLA_RESULT)
    row.get_by_label("Status").select_option(label="Påbörjat")
    row.get_by_label("Kommentar").fill("Kartläggningen är klar i två av fyra verksamheter.")
    row.get_by_role("button", name=re.compile("^Klarmarkera")).click()
    expect(manager.get_by_role("status").first).to_contain_text(f"”{ALLA_RESULT}” är klarmarkerad")
    expect(manager.get_by_text("2 punkter kvar att klarmarkera.")).to_be_visible()
    assert_accessible(manager)

    assert_fits_320(manager)

    # ... and sees it counted on the completion board.
    manager.goto(board_url)
    social_row = manager.get_by_role("row").filter(has=manager.get_by_role("rowheader", name="Socialtjänst"))
    expect(social_row).to_contain_text("1 av 3 klarmarkerade (33 %), 2 saknas")
    assert_accessible(manager)
    assert_fits_320(manager)
    # The measure page shows the part in the organisations × results matrix.
    manager.goto("/atgarder/")
    manager.get_by_role("link", name=ALLA_MEASURE, exact=True).first.click()
    matrix = manager.locator("table.part-matrix")
    expect(matrix.get_by_role("row").filter(has=manager.get_by_role("rowheader", name="Socialtjänst"))).to_contain_text(
        "Påbörjat"
    )
    assert_accessible(manager)

    # Another organisation's manager cannot report Socialtjänst's part.
    other = new_page()
    log_in(other, "chef.utbildning")
    part = OrganisationPart.objects.get(result__title=ALLA_RESULT, organisation__slug="socialtjanst")
    response = other.goto(f"/atgarder/{part.measure_id}/delar/{part.pk}/")
    assert response.status == 403
    other.goto(board_url)
    other.get_by_role("link", name="Min lista").click()
    expect(other.locator("li.period-row", has_text=ALLA_RESULT)).to_contain_text("Utbildnings del")
    expect(other.get_by_text("Socialtjänsts del")).to_have_count(0)
    assert_accessible(other)

    # The process leader sees who has not reported, on the board.
    page.goto(board_url)
    page.get_by_role("link", name="Socialtjänst", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Rapporter"))).to_be_visible()
    expect(page.locator("table").first).to_contain_text("Saknas")
    assert_accessible(page)

    # Reminders: run the task twice; every person with items left gets one mail for this period.
    mail.outbox.clear()
    period_reminders_task.apply()
    period_reminders_task.apply()
    ours = [m for m in mail.outbox if PERIOD in m.subject]
    recipients = [address for m in ours for address in m.to]
    assert recipients and len(recipients) == len(set(recipients))
    assert "chef.socialtjanst@example.invalid" in recipients and "processledare@example.invalid" in recipients
    social_mail = next(m for m in ours if "chef.socialtjanst@example.invalid" in m.to)
    assert "2 punkter" in social_mail.body


def assert_fits_320(page):
    """The page reads at 320 px without scrolling sideways (wide tables scroll inside their own box)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{page.url} is {width} px wide at 320 px"
    finally:
        page.set_viewport_size(size)
