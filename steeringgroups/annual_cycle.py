"""The groups' planned meetings appear in the årshjul (vudig.core.annual_cycle) without double entry."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from vudig.core.annual_cycle import Event, EventKind, counts_per_month, register_source

from .constants import MeetingState
from .models import Meeting


def _meetings_of(year: int):
    return Meeting.objects.filter(date__year=year).exclude(state=MeetingState.INSTALLT)


def meeting_events(year: int, *, limit: int | None = None) -> list[Event]:
    """One event per steering-group meeting of the year (not the cancelled ones), read in one query of plain rows;
    with ``limit``, only the first that many."""
    rows = _meetings_of(year).order_by("date", "pk").values_list("date", "steering_group__name", "steering_group__slug")
    if limit is not None:
        rows = rows[:limit]
    source = _("styrgrupperna")
    titles: dict[str, str] = {}
    urls: dict[str, str] = {}
    return [
        Event(
            title=titles.get(slug) or titles.setdefault(slug, _("%(group)s: möte") % {"group": name}),
            kind=EventKind.STYRGRUPPSMOTE,
            start=date,
            source=source,
            url=urls.get(slug) or urls.setdefault(slug, reverse("steeringgroups:detail", kwargs={"slug": slug})),
        )
        for date, name, slug in rows
    ]


def meeting_counts(year: int) -> dict[tuple[int, int], int]:
    """How many of ``meeting_events(year)`` fall in each month, counted in the database (1 query)."""
    return counts_per_month(_meetings_of(year), year=year)


register_source("steeringgroups", meeting_events, kind=EventKind.STYRGRUPPSMOTE, monthly_counts=meeting_counts)
