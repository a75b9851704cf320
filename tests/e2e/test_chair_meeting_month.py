"""A chair's month: plan a meeting, send the kallelse, hold the meeting, have the protocol justerat.

Eva (ordf.extern) plans a meeting of Extern digitalisering for today, adds the process leader as adjungerad, puts
the two ärenden in the group's queue on the agenda and sends the kallelse (the e-mail carries the agenda PDF and an
.ics that is parsed here). At the start time she opens the meeting, records attendance, has §1 elect two justerare,
decides one ärende, tables the other and closes the meeting. Both justerare and she confirm the protocol in the
portal, and the protocol PDF (read back with pypdf) names them and every §. axe-core checks every page visited.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect
from pypdf import PdfReader

from steeringgroups.constants import MeetingState
from steeringgroups.models import Meeting

from .conftest import assert_accessible, log_in

DECIDED = "Demo: E-tjänst för ansökan om färdtjänst"
TABLED = "Demo: Chattfunktion på pitea.se"
DECISION = "Styrgruppen ställer sig bakom e-tjänsten för färdtjänst."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _pdf_text(path) -> str:
    return re.sub(r"-\s+", "-", "".join(p.extract_text() for p in PdfReader(path).pages))


def confirm(page, section_heading, box_label, button):
    """An irreversible step: tick the confirmation box (no JavaScript involved), then press the button."""
    section = page.locator("section").filter(has=page.get_by_role("heading", name=section_heading, exact=True))
    section.get_by_label(box_label).check()
    section.get_by_role("button", name=button).click()


def test_a_chairs_month(new_page, tmp_path):
    # The demo's meeting held today moves back a month (set-up): one meeting per group and day.
    Meeting.objects.filter(state=MeetingState.JUSTERAT).update(date=timezone.localdate() - timedelta(days=30))
    chair, member, leader = new_page(), new_page(), new_page()
    now = timezone.localtime()
    start = (now - timedelta(minutes=1)).strftime("%H:%M") if now.hour or now.minute > 1 else "00:00"
    end = "23:59" if now.hour >= 21 else f"{now.hour + 2:02d}:00"

    # Plan the meeting.
    log_in(chair, "ordf.extern")
    chair.goto("/styrgrupper/extern-digitalisering/moten/planera/")
    assert_accessible(chair)
    chair.get_by_label("Mötesdatum").fill(timezone.localdate().isoformat())
    chair.get_by_label("Börjar").fill(start)
    chair.get_by_label("Slutar").fill(end)
    chair.get_by_label("Plats").fill("Stadshuset, sal Norrbotten")
    chair.get_by_role("button", name="Planera").click()
    expect(chair.get_by_role("status")).to_contain_text("1 möte är planerat")
    meeting = Meeting.objects.get(date=timezone.localdate(), state=MeetingState.PLANERAT)
    chair.goto(meeting.get_absolute_url())
    assert_accessible(chair)

    # Adjungera the process leader, put the queue on the agenda, send the kallelse.
    edit = chair.locator("section").filter(has=chair.get_by_role("heading", name="Tid, plats och adjungerade"))
    edit.get_by_label("Pia Processledare").check()
    edit.get_by_role("button", name="Spara").click()
    expect(chair.get_by_role("status")).to_contain_text("Mötet är ändrat")
    chair.get_by_label(re.compile(re.escape(DECIDED))).check()
    chair.get_by_label(re.compile(re.escape(TABLED))).check()
    chair.get_by_role("button", name="Sätt på dagordningen").click()
    expect(chair.get_by_role("status")).to_contain_text("2 ärenden är satta på dagordningen")
    assert_accessible(chair)
    mail.outbox.clear()
    chair.get_by_role("button", name="Skicka kallelsen").click()  # without the box ticked: refused, nothing sent
    expect(chair.locator(".error-summary")).to_contain_text("Kryssa i rutan")
    assert not mail.outbox
    assert_accessible(chair)
    confirm(chair, "Skicka kallelse", "Jag har kontrollerat dagordningen och skickar kallelsen", "Skicka kallelsen")
    expect(chair.get_by_role("status")).to_contain_text("Kallelsen skickas")
    expect(chair.locator(".meeting-state")).to_have_text("Kallat")
    assert_accessible(chair)

    notices = [m for m in mail.outbox if m.subject.startswith("Kallelse")]
    invited = {f"{name}@example.invalid" for name in ("ordf.extern", "ledamot.extern", "processledare")}
    assert {m.to[0] for m in notices} == invited  # the members and the adjungerad, once each
    files = {name: content for name, content, _ in notices[0].attachments}
    agenda = tmp_path / "dagordning.pdf"
    agenda.write_bytes(next(c for n, c in files.items() if n.endswith(".pdf")))
    agenda_text = _pdf_text(agenda)
    assert DECIDED in agenda_text and TABLED in agenda_text and "Mötets öppnande och val av justerare" in agenda_text
    ics = Calendar.from_ical(next(c for n, c in files.items() if n.endswith(".ics")))
    event = next(c for c in ics.walk() if c.name == "VEVENT")
    assert timezone.localtime(event.decoded("dtstart")).strftime("%H:%M") == start
    assert str(event["location"]) == "Stadshuset, sal Norrbotten"

    # Open the meeting at its time; attendance and §1 justerare.
    chair.get_by_role("button", name="Öppna mötet").click()
    expect(chair.get_by_role("status")).to_contain_text("Mötet är öppnat")
    expect(chair.locator(".meeting-state")).to_have_text("Pågår")
    assert_accessible(chair)
    attendance = chair.locator("section").filter(has=chair.get_by_role("heading", name="Närvaro"))
    expect(attendance.get_by_label("Pia Processledare")).to_have_value("adjungerad")
    attendance.get_by_label("Erik Ledamot").select_option("narvarande")
    attendance.get_by_role("button", name="Spara närvaron").click()
    expect(chair.get_by_role("status")).to_contain_text("Närvaron är registrerad")
    opening = chair.locator(".agenda__item").filter(has_text="Mötets öppnande och val av justerare")
    opening.get_by_label("Erik Ledamot").check()
    opening.get_by_label("Pia Processledare").check()
    opening.get_by_role("button", name="Välj justerare").click()
    expect(chair.get_by_role("status")).to_contain_text("Justerarna är valda")
    assert_accessible(chair)

    # Decide one ärende, table the other, close.
    item = chair.locator(".agenda__item").filter(has_text=DECIDED)
    item.get_by_label("Beslutstext").fill(DECISION)
    item.get_by_role("button", name=re.compile("Registrera §")).click()
    expect(chair.get_by_role("status")).to_contain_text("Beslutet är registrerat")
    item = chair.locator(".agenda__item").filter(has_text=TABLED)
    item.get_by_label("Bordlägg", exact=True).check()
    item.get_by_label("Skäl för bordläggning eller återremiss").fill("Kostnaden behöver utredas vidare.")
    item.get_by_role("button", name=re.compile("Registrera §")).click()
    expect(chair.get_by_role("status")).to_contain_text("Punkten är bordlagd")
    assert_accessible(chair)
    confirm(chair, "Avsluta mötet", "Jag avslutar mötet; protokollet går till justering", "Avsluta mötet")
    expect(chair.get_by_role("status")).to_contain_text("Protokollet har gått till ordföranden och justerarna")
    assert_accessible(chair)

    # Both justerare, then the chair, confirm in the portal.
    for page, username in ((member, "ledamot.extern"), (leader, "processledare")):
        log_in(page, username)
        page.goto(meeting.get_absolute_url())
        assert_accessible(page)
        confirm(page, "Justering", "Jag justerar protokollet", "Justera protokollet")
        expect(page.get_by_role("status")).to_contain_text("Du har justerat protokollet")
        expect(page.get_by_role("button", name="Justera protokollet")).to_have_count(0)  # once only
        assert_accessible(page)
    chair.reload()
    confirm(chair, "Justering", "Jag justerar protokollet", "Justera protokollet")
    expect(chair.get_by_role("status")).to_contain_text("Protokollet är justerat och låst")
    chair.reload()
    expect(chair.locator(".meeting-state")).to_have_text("Protokoll justerat")
    assert_accessible(chair)

    with chair.expect_download() as download_info:
        chair.get_by_role("link", name="Ladda ned protokollet (PDF)").click()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    text = _pdf_text(path)
    for expected in ("Erik Ledamot", "Pia Processledare", "Eva Ordförande", DECISION, "Kostnaden behöver utredas"):
        assert expected in text, expected
    meeting.refresh_from_db()
    for number in meeting.items.values_list("paragraph", flat=True):
        assert f"§ {number} " in text
    # A reader (anyone signed in) finds the decision in the register, under the same rule as the protocol.
    member.goto("/styrgrupper/beslut/")
    expect(member.get_by_role("cell", name=DECISION)).to_be_visible()
    assert_accessible(member)
    # At 320 px neither the register nor the meeting page scrolls sideways.
    for page in (member, chair):
        page.set_viewport_size({"width": 320, "height": 800})
        page.reload()
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url
