"""Planned meetings show up in the årshjul, in a constant number of queries."""

from vudig.core.annual_cycle import EventKind, events_for_year


def test_meetings_appear_in_the_annual_cycle(meeting):
    events = [e for e in events_for_year(meeting.date.year) if e.kind == EventKind.STYRGRUPPSMOTE]
    assert [(e.start, e.title) for e in events] == [(meeting.date, "Extern digitalisering: möte")]
    assert events[0].url == meeting.steering_group.get_absolute_url()
