"""Forum meetings as an iCalendar file (RFC 5545) so people can subscribe in Outlook."""

from django.utils import timezone


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def meetings_to_ics(meetings, *, host: str) -> str:
    """All-day events, one per meeting, with stable UIDs so a re-import updates rather than duplicates."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//VUDIG//Forum//SV", "CALSCALE:GREGORIAN"]
    for meeting in meetings:
        summary = meeting.forum.name + (f": {meeting.title}" if meeting.title else "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:forum-meeting-{meeting.pk}@{host.split(':')[0]}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(meeting.topics)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
