"""The forums' meetings in the årshjul, read live from the meetings (never copied into the årshjul's own events)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from vudig.core.annual_cycle import Event, EventKind, counts_per_month, register_source

from .models import ForumMeeting


def meeting_events(year: int, *, limit: int | None = None) -> list[Event]:
    """Every forum meeting of ``year`` with its forum (1 query of plain rows: a region has thousands); with
    ``limit``, only the first that many."""
    rows = (
        ForumMeeting.objects.in_year(year)
        .order_by("date", "pk")
        .values_list("date", "title", "forum__name", "forum__slug")
    )
    if limit is not None:
        rows = rows[:limit]
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


def meeting_counts(year: int) -> dict[tuple[int, int], int]:
    """How many of ``meeting_events(year)`` fall in each month, counted in the database (1 query)."""
    return counts_per_month(ForumMeeting.objects.in_year(year), year=year)


register_source("forums", meeting_events, kind=EventKind.FORUMMOTE, monthly_counts=meeting_counts)
