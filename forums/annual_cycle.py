"""The forums' meetings in the årshjul, read live from the meetings (never copied into the årshjul's own events)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.annual_cycle import Event, register_source
from reports.constants import EventKind

from .models import ForumMeeting


def meeting_events(year: int) -> list[Event]:
    """Every forum meeting of ``year`` with its forum (1 query)."""
    meetings = ForumMeeting.objects.in_year(year).select_related("forum").order_by("date", "pk")
    return [
        Event(
            title=f"{m.forum.name}: {m.title}" if m.title else m.forum.name,
            kind=EventKind.FORUMMOTE,
            start=m.date,
            source=_("forumen"),
            url=m.forum.get_absolute_url(),
        )
        for m in meetings
    ]


register_source("forums", meeting_events)
