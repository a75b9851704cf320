"""The årshjul drawn as SVG, and the portal's own hand-entered events as one of its sources.

Events come from every app through the registry in ``vudig.core.annual_cycle``; this module only reads it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from vudig.core.annual_cycle import Event, EventKind, events_for_year, register_source, summary_for_year

from .models import AnnualEvent


def _own_events(year: int) -> list[Event]:
    return [
        Event(
            title=e.title,
            kind=e.kind,
            start=e.start_date,
            end=e.end_date,
            source=_("årshjulet"),
            pk=e.pk,
            is_report_point=e.is_report_point,
        )
        for e in AnnualEvent.objects.of_year(year)
    ]


register_source("reports", _own_events)


# Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics), one per kind.
KIND_COLOURS = {
    EventKind.VERKSAMHETSPLAN: "#004b87",
    EventKind.BUDGET: "#0b6b2f",
    EventKind.TERTIALRAPPORT: "#a4161a",
    EventKind.DELARSRAPPORT: "#7a4f00",
    EventKind.ARSREDOVISNING: "#5c2d91",
    EventKind.SJALVSKATTNING: "#00707a",
    EventKind.STYRGRUPPSMOTE: "#8a3b00",
    EventKind.FORUMMOTE: "#3d5a00",
    EventKind.OVRIGT: "#4a4a4a",
}
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

SIZE = 440
CENTRE = SIZE / 2
OUTER = 200  # outer edge of the month ring
MONTH_RING = 26
INNER = 58  # the hole in the middle, where the year is written


@dataclass
class Ring:
    kind: str
    label: str
    colour: str
    inner: float
    outer: float
    path: str  # the ring's background
    segments: list[dict] = field(default_factory=list)


def _angle(day: dt.date, year: int, *, end_of_day: bool = False) -> float:
    """Degrees clockwise from twelve o'clock for the start (or end) of ``day`` within ``year``."""
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    offset = (min(max(day, first), dt.date(year, 12, 31)) - first).days + (1 if end_of_day else 0)
    return 360.0 * offset / days


def _point(angle: float, radius: float) -> tuple[float, float]:
    rad = math.radians(angle - 90)
    return round(CENTRE + radius * math.cos(rad), 2), round(CENTRE + radius * math.sin(rad), 2)


def _sector(a0: float, a1: float, r0: float, r1: float) -> str:
    """SVG path of the ring piece between angles a0..a1 and radii r0..r1."""
    if a1 - a0 >= 359.99:  # a full ring: two half arcs, since one arc cannot start and end at the same point
        return _sector(0, 180, r0, r1) + " " + _sector(180, 360, r0, r1)
    large = 1 if a1 - a0 > 180 else 0
    (x0, y0), (x1, y1) = _point(a0, r1), _point(a1, r1)
    (x2, y2), (x3, y3) = _point(a1, r0), _point(a0, r0)
    return f"M{x0} {y0} A{r1} {r1} 0 {large} 1 {x1} {y1} L{x2} {y2} A{r0} {r0} 0 {large} 0 {x3} {y3} Z"


def wheel(*, year: int, events: list[Event], today: dt.date | None = None) -> dict:
    """Everything the SVG template draws: month sectors, one ring per kind in use, events on them, today's line."""
    kinds = [k for k in EventKind.values if any(e.kind == k for e in events)]
    ring_space = OUTER - MONTH_RING - INNER
    width = ring_space / max(len(kinds), 1)
    rings: list[Ring] = []
    for i, kind in enumerate(kinds):
        r1 = OUTER - MONTH_RING - i * width
        r0 = r1 - width + 2
        ring = Ring(
            kind=kind,
            label=str(EventKind(kind).label),
            colour=KIND_COLOURS.get(kind, "#4a4a4a"),
            inner=r0,
            outer=r1,
            path=_sector(0, 360, r0, r1),
        )
        for event in (e for e in events if e.kind == kind):
            if event.last_day.year < year or event.start.year > year:
                continue
            a0 = _angle(event.start, year)
            a1 = _angle(event.last_day, year, end_of_day=True)
            a1 = max(a1, a0 + 2.0)  # a single day is too thin to see: give it at least two degrees
            ring.segments.append({"event": event, "path": _sector(a0, a1, r0 + 2, r1 - 2)})
        rings.append(ring)
    months = []
    for m in range(12):
        a0 = _angle(dt.date(year, m + 1, 1), year)
        a1 = _angle(dt.date(year, 12, 31), year, end_of_day=True) if m == 11 else _angle(dt.date(year, m + 2, 1), year)
        lx, ly = _point((a0 + a1) / 2, OUTER - MONTH_RING / 2)
        months.append(
            {
                "label": MONTHS[m],
                "path": _sector(a0, a1, OUTER - MONTH_RING, OUTER),
                "shade": "#e4ebf2" if m % 2 == 0 else "#f2f5f8",
                "label_x": lx,
                "label_y": ly,
                "divider": (*_point(a0, INNER), *_point(a0, OUTER)),
            }
        )
    today_line = None
    if today is not None and today.year == year:
        a = (_angle(today, year) + _angle(today, year, end_of_day=True)) / 2
        x0, y0 = _point(a, INNER - 6)
        x1, y1 = _point(a, OUTER + 8)
        lx, ly = _point(a, OUTER + 18)
        today_line = {"x0": x0, "y0": y0, "x1": x1, "y1": y1, "label_x": lx, "label_y": ly, "date": today}
    return {
        "year": year,
        "size": SIZE,
        "centre": CENTRE,
        "inner": INNER,
        "months": months,
        "rings": rings,
        "today": today_line,
        "events": events,
    }


# On the start page a kind with more events than this in a year is drawn as one segment per month ("14
# styrgruppsmöten") so the overview stays readable and bounded in size at regional scale; the årshjul page and the
# reports show every event.
CONDENSE_ABOVE = 24


def _month_events(kind: str, per_month: dict[tuple[int, int], int]) -> list[Event]:
    """One event per month covering the whole month, titled with the number of events of ``kind`` in it."""
    label = str(EventKind(kind).label).lower() if kind in EventKind.values else kind
    result = []
    for (year, month), n in sorted(per_month.items()):
        first = dt.date(year, month, 1)
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        result.append(Event(title=_("%(n)s × %(kind)s") % {"n": n, "kind": label}, kind=kind, start=first, end=last))
    return result


def _in_order(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.start, e.last_day, e.title))


def condensed(events: list[Event], *, limit: int = CONDENSE_ABOVE) -> list[Event]:
    """Events with every kind that has more than ``limit`` events folded into one event per month."""
    by_kind: dict[str, list[Event]] = {}
    for event in events:
        by_kind.setdefault(event.kind, []).append(event)
    result: list[Event] = []
    for kind, items in by_kind.items():
        if len(items) <= limit:
            result.extend(items)
            continue
        per_month: dict[tuple[int, int], int] = {}
        for event in items:
            key = (event.start.year, event.start.month)
            per_month[key] = per_month.get(key, 0) + 1
        result.extend(_month_events(kind, per_month))
    return _in_order(result)


def condensed_for_year(year: int, *, limit: int = CONDENSE_ABOVE) -> list[Event]:
    """``condensed(events_for_year(year))``, with the crowded kinds counted in the database: a region's thousands of
    meetings are neither read nor linked one by one for the start page."""
    summary = summary_for_year(year, limit=limit)
    months = [e for kind, per_month in summary.crowded.items() for e in _month_events(kind, per_month)]
    return _in_order(summary.events + months)


def wheel_for_year(year: int, *, today: dt.date | None = None) -> dict:
    """The drawn wheel of ``year`` with every source's events."""
    return wheel(year=year, events=events_for_year(year), today=today)
