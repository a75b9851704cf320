"""The årshjul's vocabulary and its sources: every app adds the events of a year without double entry.

An app registers a source in its own ``annual_cycle.py`` (found by core's AppConfig.ready()):

    from vudig.core.annual_cycle import Event, EventKind, register_source

    def meeting_events(year: int) -> list[Event]:
        return [Event(title=m.title, kind=EventKind.STYRGRUPPSMOTE, start=m.date, source="styrgrupper") for m in ...]

    register_source("steeringgroups", meeting_events)

A source is called once per drawn year and must read its data in a constant number of queries. Drawing the wheel
and the portal's own hand-entered events belong to the reports app, which only reads this registry.

A source of many events of one kind (a region's meetings) also gives ``monthly_counts`` and takes ``limit``, so an
overview that folds a crowded kind into counts per month (the start page) reads counts in the database and only
the first few events whole, instead of every event of the year:

    register_source("steeringgroups", meeting_events, kind=EventKind.STYRGRUPPSMOTE, monthly_counts=meeting_counts)

where ``meeting_events(year, *, limit=None)`` returns at most ``limit`` events (the first ones of its own order)
and ``meeting_counts(year)`` returns ``{(year, month): n}`` of the events it would return whole, by start month.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count
from django.db.models.functions import ExtractMonth
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


Source = Callable[..., list[Event]]
MonthlyCounts = Callable[[int], dict[tuple[int, int], int]]


@dataclass(frozen=True)
class _Registration:
    events: Source
    kind: str | None = None
    monthly_counts: MonthlyCounts | None = None


_SOURCES: dict[str, _Registration] = {}


def register_source(
    name: str, source: Source, *, kind: str | None = None, monthly_counts: MonthlyCounts | None = None
) -> None:
    """Add (or replace, by name) a provider of events for a year; see the module's docstring for counted sources."""
    if monthly_counts is not None and kind is None:
        raise ValueError("a source with monthly counts gives the one kind of its events")
    _SOURCES[name] = _Registration(events=source, kind=kind, monthly_counts=monthly_counts)


def counts_per_month(queryset, *, year: int, date_field: str = "date") -> dict[tuple[int, int], int]:
    """A counted source's ``monthly_counts``: the rows of ``queryset`` (already the year's) per month of
    ``date_field``, counted in the database (1 query)."""
    rows = queryset.annotate(month=ExtractMonth(date_field)).values("month").annotate(n=Count("pk")).order_by()
    return {(year, row["month"]): row["n"] for row in rows}


def _in_order(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.start, e.last_day, e.title))


def events_for_year(year: int) -> list[Event]:
    """Every event of the year from every registered source, in date order."""
    events: list[Event] = []
    for registration in _SOURCES.values():
        events.extend(registration.events(year))
    return _in_order(events)


@dataclass(frozen=True)
class YearSummary:
    """A year's events for an overview: kinds with few events whole, crowded kinds as counts per start month."""

    events: list[Event]  # every event of the kinds with at most ``limit`` events, in date order
    crowded: dict[str, dict[tuple[int, int], int]] = field(default_factory=dict)  # kind -> (year, month) -> n


def summary_for_year(year: int, *, limit: int) -> YearSummary:
    """What ``events_for_year`` holds, with each kind of more than ``limit`` events counted per month instead.

    A counted source costs its two constant queries (the counts, and at most ``limit`` events whole) however many
    events it has, so the overview's work does not grow with a region's meetings.
    """
    whole: list[Event] = []
    per_kind: dict[str, Counter] = {}
    for registration in _SOURCES.values():
        if registration.monthly_counts is None:
            events = registration.events(year)
            for event in events:
                per_kind.setdefault(event.kind, Counter())[(event.start.year, event.start.month)] += 1
        else:
            per_kind.setdefault(registration.kind, Counter()).update(registration.monthly_counts(year))
            # Enough for the kind when it is not crowded: then this source has at most ``limit`` events.
            events = registration.events(year, limit=limit)
        whole.extend(events)
    crowded = {kind: dict(sorted(months.items())) for kind, months in per_kind.items() if sum(months.values()) > limit}
    return YearSummary(events=_in_order([e for e in whole if e.kind not in crowded]), crowded=crowded)
