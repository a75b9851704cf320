"""The forum calendar as .ics: valid RFC 5545 that calendar programs read, with Swedish text intact."""

from datetime import date, datetime

import pytest
from icalendar import Calendar

from forums.models import Forum
from forums.services import forum_meeting_create

LONG_TITLE = "Höstmöte om informationssäkerhet, e-arkiv och öppna data för förvaltningarnas ärendehantering"


@pytest.fixture
def forum(plan):
    return Forum.objects.get(slug="it-strategforum")


def test_ics_export_folds_long_lines_and_gives_every_meeting_an_end(client, people, forum):
    meeting = forum_meeting_create(
        forum=forum, date=date(2026, 10, 5), title=LONG_TITLE, topics="AI; molntjänster", by=people["process_leader"]
    )
    client.force_login(people["reader"])
    response = client.get("/forum/kalender.ics?ar=2026")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content

    # RFC 5545 3.1: lines end in CRLF and no line is longer than 75 octets (the summary alone is longer, so it folds).
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    assert max(len(line) for line in body.split(b"\r\n")) <= 75
    assert len(f"SUMMARY:{forum.name}: {LONG_TITLE}".encode()) > 75

    calendar = Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"]) == "-//VUDIG//Forum//SV"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == f"IT-strategforum: {LONG_TITLE}"
    assert str(event["DESCRIPTION"]) == "AI; molntjänster"
    assert str(event["UID"]) == f"forum-meeting-{meeting.pk}@testserver"
    assert event.decoded("DTSTART") == date(2026, 10, 5)
    assert event.decoded("DTEND") == date(2026, 10, 6)  # an all-day event ends, exclusively, the next day
    stamp = event.decoded("DTSTAMP")
    assert isinstance(stamp, datetime) and stamp.utcoffset().total_seconds() == 0
