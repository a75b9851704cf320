"""The groups' planned meetings appear in the årshjul (reports.annual_cycle) without double entry."""

from __future__ import annotations

from django.utils.translation import gettext as _


def meeting_events(year: int) -> list:
    """One event per steering-group meeting of the year, read in one query."""
    from reports.annual_cycle import Event
    from reports.constants import EventKind

    from .models import Meeting

    return [
        Event(
            title=_("%(group)s: möte") % {"group": m.steering_group.name},
            kind=EventKind.STYRGRUPPSMOTE,
            start=m.date,
            source=_("styrgrupperna"),
            url=m.steering_group.get_absolute_url(),
        )
        for m in Meeting.objects.filter(date__year=year).select_related("steering_group")
    ]


def register() -> None:
    from reports.annual_cycle import register_source

    register_source("steeringgroups", meeting_events)
