"""The groups' planned meetings appear in the årshjul (vudig.core.annual_cycle) without double entry."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from vudig.core.annual_cycle import Event, EventKind, register_source

from .constants import MeetingState
from .models import Meeting


def meeting_events(year: int) -> list[Event]:
    """One event per steering-group meeting of the year (not the cancelled ones), read in one query of plain rows."""
    rows = (
        Meeting.objects.filter(date__year=year)
        .exclude(state=MeetingState.INSTALLT)
        .values_list("date", "steering_group__name", "steering_group__slug")
    )
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


register_source("steeringgroups", meeting_events)
