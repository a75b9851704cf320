"""The årshjul: events from every source, drawn as twelve months with a ring per kind and today marked."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forums.models import Forum, ForumMeeting
from maturity.constants import RoundStatus
from maturity.models import AssessmentRound
from reports import annual_cycle
from reports.annual_cycle import wheel
from reports.models import AnnualEvent
from reports.services import annual_event_save
from tests.factories import user_with_role
from vudig.core import annual_cycle as registry
from vudig.core.annual_cycle import Event, EventKind, events_for_year, register_source
from vudig.core.constants import Role


@pytest.fixture
def extra_source():
    yield
    registry._SOURCES.pop("test-meetings", None)


def test_events_from_other_sources_appear_without_double_entry(db, extra_source):
    leader = user_with_role(Role.PROCESS_LEADER, username="processledare")
    annual_event_save(title="Budget", kind=EventKind.BUDGET, start_date=dt.date(2026, 6, 1), end_date=None, by=leader)
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


def test_rounds_and_forum_meetings_come_live_from_their_apps(followup_world, client, people):
    """No double entry: the årshjul reads rounds and meetings where they are kept; a changed date shows at once."""

    events = events_for_year(2026)
    round_event = next(e for e in events if e.kind == EventKind.SJALVSKATTNING)
    assert (round_event.start, round_event.end) == (dt.date(2026, 9, 1), dt.date(2026, 12, 15))
    assert round_event.url == reverse("maturity:round", kwargs={"year": 2026})
    meetings = [e for e in events if e.kind == EventKind.FORUMMOTE]
    assert [e.title for e in meetings] == [
        "IT-strategforum: Möte 2026-03-10",
        "Utvecklingsforum: Möte 2026-05-05",
        "IT-strategforum: Möte 2026-10-01",
    ]
    assert AnnualEvent.objects.count() == 0  # nothing was copied into the årshjul's own events
    # last year's round and meeting are in last year's wheel only
    assert [e.start for e in events_for_year(2025) if e.kind == EventKind.SJALVSKATTNING] == [dt.date(2025, 2, 1)]

    AssessmentRound.objects.filter(year=2026).update(closes_on=dt.date(2026, 12, 20))
    client.force_login(people["reader"])
    html = " ".join(client.get("/rapporter/arshjul/?ar=2026").content.decode().split())
    assert '<time datetime="2026-12-20">20 december</time>' in html  # the round's (new) closing date
    assert "Självskattning av digital mognad 2026 (öppen)" in html
    assert (
        '<time datetime="2026-03-10">10 mars</time>: <a href="/forum/it-strategforum/">IT-strategforum: Möte 2026-03-10</a>'
        in html
    )


def test_a_planned_round_is_in_the_wheel_before_it_opens(db):

    AssessmentRound.objects.create(
        year=2027, opens_on=dt.date(2027, 9, 1), closes_on=dt.date(2027, 10, 31), status=RoundStatus.PLANERAD
    )
    [event] = [e for e in events_for_year(2027) if e.kind == EventKind.SJALVSKATTNING]
    assert event.title == "Självskattning av digital mognad 2027 (planerad)" and event.last_day == dt.date(2027, 10, 31)


def test_start_page_wheel_condenses_crowded_kinds_per_month_and_stays_bounded(client, plan, people):
    """A region has thousands of meetings a year: the start page draws them as one segment per month."""
    import datetime as dt

    year = timezone.localdate().year
    forum = Forum.objects.first()
    client.force_login(people["reader"])
    sizes = []
    for n in (3, 60, 400):
        ForumMeeting.objects.filter(forum=forum).delete()
        ForumMeeting.objects.bulk_create(
            ForumMeeting(forum=forum, date=dt.date(year, 1 + i % 12, 1 + i % 28), title=f"Möte {i}") for i in range(n)
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        events = [e for e in response.context["annual_wheel"]["events"] if e.kind == "forummote"]
        sizes.append((len(queries), len(events)))
    assert [e.title for e in events][:1] == [f"{sum(1 for i in range(400) if i % 12 == 0)} × forummöte"]
    assert sizes[0][1] == 3  # few meetings: each one drawn
    assert sizes[1][1] == sizes[2][1] == 12  # many: one per month
    assert sizes[0][0] == sizes[1][0] == sizes[2][0]
    # The årshjul page itself still lists every meeting.
    full = client.get(f"/rapporter/arshjul/?ar={year}").context
    wheel = full.get("wheel") or full.get("annual_wheel")
    assert sum(1 for e in wheel["events"] if e.kind == "forummote") == 400


@pytest.mark.parametrize("n", [0, 3, 24, 25, 60])
def test_start_page_condensing_in_the_database_draws_what_condensing_every_event_draws(plan, people, n):
    """The counted sources (meetings) give the same condensed wheel as reading every event, on both sides of the
    limit, also when the portal's own events add to a counted kind and cancelled meetings are left out."""
    from steeringgroups.constants import MeetingState
    from steeringgroups.models import Meeting, SteeringGroup

    year = 2026
    forums = list(Forum.objects.all()[:2])
    group = SteeringGroup.objects.first()
    ForumMeeting.objects.bulk_create(
        ForumMeeting(forum=forums[i % 2], date=dt.date(year, 1 + i % 12, 1 + i % 28), title=f"Möte {i}")
        for i in range(n)
    )
    ForumMeeting.objects.create(forum=forums[0], date=dt.date(year - 1, 12, 31), title="Förra året")
    Meeting.objects.bulk_create(
        Meeting(steering_group=group, date=dt.date(year, 1 + (i * 5) % 12, 2 + i % 20)) for i in range(n // 2 + 1)
    )
    Meeting.objects.create(steering_group=group, date=dt.date(year, 6, 9), state=MeetingState.INSTALLT)
    leader = people["process_leader"]
    annual_event_save(
        title="Eget möte", kind=EventKind.FORUMMOTE, start_date=dt.date(year, 3, 3), end_date=None, by=leader
    )
    annual_event_save(
        title="Budget", kind=EventKind.BUDGET, start_date=dt.date(year, 6, 1), end_date=dt.date(year, 6, 30), by=leader
    )

    expected = annual_cycle.condensed(events_for_year(year))
    assert annual_cycle.condensed_for_year(year) == expected
    assert wheel(year=year, events=annual_cycle.condensed_for_year(year)) == wheel(year=year, events=expected)


def test_start_page_wheel_builds_a_bounded_number_of_events_however_many_meetings(plan, people, monkeypatch):
    """Not only the queries: the work of the counted sources stays the same as the meetings grow."""
    from forums import annual_cycle as forum_source

    built = []
    monkeypatch.setattr(forum_source, "Event", lambda **kw: built.append(kw) or Event(**kw))
    year = 2026
    forum = Forum.objects.first()
    per_size = []
    for n in (60, 600):
        ForumMeeting.objects.filter(forum=forum).delete()
        ForumMeeting.objects.bulk_create(
            ForumMeeting(forum=forum, date=dt.date(year, 1 + i % 12, 1 + i % 28), title=f"Möte {i}") for i in range(n)
        )
        built.clear()
        events = annual_cycle.condensed_for_year(year)
        per_size.append(len(built))
        assert sum(int(e.title.split(" ")[0]) for e in events if e.kind == EventKind.FORUMMOTE) == n
    assert per_size[0] == per_size[1] <= annual_cycle.CONDENSE_ABOVE
