"""Demo årshjul for Piteå: this year's planning and follow-up events, so the wheel has something to show."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vudig.core import demo
from vudig.core.annual_cycle import EventKind

from .models import AnnualEvent
from .services import annual_event_save

# (title, kind, (month, day) start, (month, day) end or None, report point). Self-assessment rounds, forum meetings
# and steering-group meetings are not here: they come live from their apps (maturity/annual_cycle.py,
# forums/annual_cycle.py, steeringgroups/annual_cycle.py), so entering them here too would show them twice.
DEMO_EVENTS = [
    ("Årsredovisning föregående år", EventKind.ARSREDOVISNING, (3, 1), (3, 31), False),
    ("Tertialrapport 1", EventKind.TERTIALRAPPORT, (4, 30), None, True),
    ("Budgetdialog och budgetbeslut", EventKind.BUDGET, (5, 1), (6, 15), False),
    ("Verksamhetsplan nästa år tas fram", EventKind.VERKSAMHETSPLAN, (9, 1), (11, 15), False),
    ("Delårsrapport (tertial 2)", EventKind.DELARSRAPPORT, (8, 31), None, True),
    ("Tertialrapport 3 / bokslut", EventKind.TERTIALRAPPORT, (12, 31), None, True),
]


@demo.register
def load(users) -> None:
    """Add this year's demo events once (matched on title and start date)."""
    year = timezone.localdate().year
    existing = set(AnnualEvent.objects.of_year(year).values_list("title", "start_date"))
    for title, kind, (m0, d0), end, report_point in DEMO_EVENTS:
        start = dt.date(year, m0, d0)
        if (title, start) in existing:
            continue
        annual_event_save(
            title=title,
            kind=kind,
            start_date=start,
            end_date=dt.date(year, *end) if end else None,
            is_report_point=report_point,
            by=users.get("processledare"),
        )
