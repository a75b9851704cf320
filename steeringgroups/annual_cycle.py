"""The groups' planned meetings appear in the årshjul (reports.annual_cycle) without double entry."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _


def meeting_events(year: int) -> list:
    """One event per steering-group meeting of the year, read in one query of plain rows."""
    from reports.annual_cycle import Event
    from reports.constants import EventKind

    from .models import Meeting

    rows = Meeting.objects.filter(date__year=year).values_list("date", "steering_group__name", "steering_group__slug")
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


def register() -> None:
    from reports.annual_cycle import register_source

    register_source("steeringgroups", meeting_events)
