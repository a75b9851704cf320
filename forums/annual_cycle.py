"""The forums' meetings in the årshjul, read live from the meetings (never copied into the årshjul's own events)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from vudig.core.annual_cycle import Event, EventKind, register_source

from .models import ForumMeeting


def meeting_events(year: int) -> list[Event]:
    """Every forum meeting of ``year`` with its forum (1 query of plain rows: a region has thousands)."""
    rows = (
        ForumMeeting.objects.in_year(year)
        .order_by("date", "pk")
        .values_list("date", "title", "forum__name", "forum__slug")
    )
    source = _("forumen")
    urls: dict[str, str] = {}
    return [
        Event(
            title=f"{forum_name}: {title}" if title else forum_name,
            kind=EventKind.FORUMMOTE,
            start=date,
            source=source,
            url=urls.get(slug) or urls.setdefault(slug, reverse("forums:detail", kwargs={"slug": slug})),
        )
        for date, title, forum_name, slug in rows
    ]


register_source("forums", meeting_events)
