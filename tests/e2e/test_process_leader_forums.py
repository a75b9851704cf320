"""The process leader records a forum meeting and finds it in the forum calendar; a reader only reads."""

from django.utils import timezone
from playwright.sync_api import expect

from .conftest import assert_accessible, log_in


def test_process_leader_records_a_forum_meeting_and_sees_it_in_the_calendar(page):
    log_in(page, "processledare")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Forum").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forum för dialog och samverkan")
    assert_accessible(page)

    page.get_by_role("link", name="IT-stödsträffar").click()
    assert_accessible(page)
    page.get_by_role("link", name="Registrera möte").click()
    assert_accessible(page)

    # First a mistake: no date. The form comes back with a Swedish message and keeps what was typed.
    page.get_by_label("Rubrik").fill("Skrivarstöd och behörigheter")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("alert")).to_contain_text("Ange mötets datum.")
    expect(page.get_by_label("Rubrik")).to_have_value("Skrivarstöd och behörigheter")
    assert_accessible(page)

    year = timezone.localdate().year
    page.get_by_label("Datum").fill(f"{year}-11-12")
    page.get_by_label("Ämnen").fill("behörighet, skrivare")
    page.get_by_label("Antal deltagare").fill("9")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_contain_text("Mötet är registrerat.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("IT-stödsträffar")
    expect(page.get_by_text("Motivering: Möte registrerat")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/forum/kalender/?ar={year}&manad=11")
    november = page.get_by_role("region", name="November")
    expect(november.get_by_role("link", name="IT-stödsträffar")).to_be_visible()
    assert_accessible(page)


def test_reader_sees_forums_but_no_edit_controls(page):
    log_in(page, "lasare")
    page.goto("/forum/utvecklingsforum/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Utvecklingsforum")
    expect(page.get_by_role("link", name="Registrera möte")).to_have_count(0)
    assert_accessible(page)
