"""The årshjul: events from every source, drawn as twelve months with a ring per kind and today marked."""

import datetime as dt

import pytest

from reports import annual_cycle
from reports.annual_cycle import Event, events_for_year, register_source, wheel
from reports.constants import EventKind
from reports.services import annual_event_save


@pytest.fixture
def extra_source():
    yield
    annual_cycle._SOURCES.pop("test-meetings", None)


def test_events_from_other_sources_appear_without_double_entry(db, extra_source):
    annual_event_save(title="Budget", kind=EventKind.BUDGET, start_date=dt.date(2026, 6, 1), end_date=None)
    register_source(
        "test-meetings",
        lambda year: [Event(title="Styrgruppsmöte extern", kind=EventKind.STYRGRUPPSMOTE, start=dt.date(year, 3, 3))],
    )
    events = events_for_year(2026)
    assert [e.title for e in events] == ["Styrgruppsmöte extern", "Budget"]
    assert events_for_year(2025)[0].start == dt.date(2025, 3, 3)


def test_wheel_has_twelve_months_a_ring_per_kind_in_use_and_today():
    events = [
        Event(title="T1", kind=EventKind.TERTIALRAPPORT, start=dt.date(2026, 4, 30)),
        Event(title="T2", kind=EventKind.TERTIALRAPPORT, start=dt.date(2026, 8, 31)),
        Event(
            title="Självskattning", kind=EventKind.SJALVSKATTNING, start=dt.date(2026, 9, 1), end=dt.date(2026, 10, 31)
        ),
    ]
    drawn = wheel(year=2026, events=events, today=dt.date(2026, 7, 1))
    assert [m["label"] for m in drawn["months"]] == annual_cycle.MONTHS
    assert [r.kind for r in drawn["rings"]] == [EventKind.TERTIALRAPPORT, EventKind.SJALVSKATTNING]
    assert [len(r.segments) for r in drawn["rings"]] == [2, 1]
    assert drawn["today"]["date"] == dt.date(2026, 7, 1)
    # 1 July is day 182 of 365: just short of half-way round, clockwise from the top (below the centre, a bit right).
    assert (
        drawn["today"]["y1"] > annual_cycle.CENTRE + 200
        and annual_cycle.CENTRE < drawn["today"]["x1"] < annual_cycle.CENTRE + 10
    )
    assert wheel(year=2025, events=events, today=dt.date(2026, 7, 1))["today"] is None


def test_a_range_covers_more_of_the_ring_than_a_day():
    start, end = dt.date(2026, 9, 1), dt.date(2026, 10, 31)
    assert annual_cycle._angle(end, 2026, end_of_day=True) - annual_cycle._angle(start, 2026) == pytest.approx(
        360 * 61 / 365
    )
