"""Forum meetings as an iCalendar file (RFC 5545) so people can subscribe in Outlook."""

from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event


def meetings_to_ics(meetings, *, host: str) -> str:
    """All-day events, one per meeting, with stable UIDs so a re-import updates rather than duplicates."""
    stamp = timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//VUDIG//Forum//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for meeting in meetings:
        event = Event()
        event.add("uid", f"forum-meeting-{meeting.pk}@{host.split(':')[0]}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.date)
        # An all-day event ends (exclusively) on the next day.
        event.add("dtend", meeting.date + timedelta(days=1))
        event.add("summary", meeting.forum.name + (f": {meeting.title}" if meeting.title else ""))
        event.add("description", meeting.topics)
        calendar.add_component(event)
    # icalendar escapes the text, writes CRLF line ends and folds lines longer than 75 octets.
    return calendar.to_ical().decode("utf-8")
