"""The self-assessment rounds in the årshjul, read live from the rounds (never copied into the årshjul's own events)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from vudig.core.annual_cycle import Event, EventKind, register_source

from .models import AssessmentRound


def round_events(year: int) -> list[Event]:
    """Every round open at some point in ``year``, from its opening to its closing date (1 query)."""
    rounds = AssessmentRound.objects.filter(
        opens_on__lte=dt.date(year, 12, 31), closes_on__gte=dt.date(year, 1, 1)
    ).order_by("opens_on", "year")
    return [
        Event(
            title=_("Självskattning av digital mognad %(year)s (%(status)s)")
            % {"year": r.year, "status": r.get_status_display().lower()},
            kind=EventKind.SJALVSKATTNING,
            start=r.opens_on,
            end=r.closes_on,
            source=_("självskattningen"),
            url=r.get_absolute_url(),
        )
        for r in rounds
    ]


register_source("maturity", round_events)
