"""The årshjul's vocabulary and its sources: every app adds the events of a year without double entry.

An app registers a source in its own ``annual_cycle.py`` (found by core's AppConfig.ready()):

    from vudig.core.annual_cycle import Event, EventKind, register_source

    def meeting_events(year: int) -> list[Event]:
        return [Event(title=m.title, kind=EventKind.STYRGRUPPSMOTE, start=m.date, source="styrgrupper") for m in ...]

    register_source("steeringgroups", meeting_events)

A source is called once per drawn year and must read its data in a constant number of queries. Drawing the wheel
and the portal's own hand-entered events belong to the reports app, which only reads this registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """The kinds of event in the årshjul; each kind gets its own ring in the wheel."""

    VERKSAMHETSPLAN = "verksamhetsplan", _("Verksamhetsplan")
    BUDGET = "budget", _("Budget")
    TERTIALRAPPORT = "tertialrapport", _("Tertialrapport")
    DELARSRAPPORT = "delarsrapport", _("Delårsrapport")
    ARSREDOVISNING = "arsredovisning", _("Årsredovisning")
    SJALVSKATTNING = "sjalvskattning", _("Självskattning (öppnar–stänger)")
    STYRGRUPPSMOTE = "styrgruppsmote", _("Styrgruppsmöte")
    FORUMMOTE = "forummote", _("Forummöte")
    OVRIGT = "ovrigt", _("Övrigt")


@dataclass(frozen=True)
class Event:
    title: str
    kind: str
    start: dt.date
    end: dt.date | None = None
    source: str = ""
    url: str = ""
    pk: int | None = None  # set for the portal's own events (they can be edited)
    is_report_point: bool = False

    @property
    def last_day(self) -> dt.date:
        return self.end or self.start

    @property
    def kind_label(self) -> str:
        return str(EventKind(self.kind).label) if self.kind in EventKind.values else self.kind


Source = Callable[[int], list[Event]]
_SOURCES: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    """Add (or replace, by name) a provider of events for a year."""
    _SOURCES[name] = source


def events_for_year(year: int) -> list[Event]:
    """Every event of the year from every registered source, in date order."""
    events: list[Event] = []
    for source in _SOURCES.values():
        events.extend(source(year))
    return sorted(events, key=lambda e: (e.start, e.last_day, e.title))
