"""Queue pages and registers run the same number of queries at 10, 500 and 5,000 ärenden.

The counts (session, user, roles, the page's COUNT and rows, the filter form's option lists, navigation) are
measured once at the smallest size and must not change as the data grows: no N+1 anywhere on these pages.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from steeringgroups.constants import ErrandState, Topic, Urgency
from steeringgroups.models import AgendaItem, Decision, Errand, Meeting
from vudig.core.models import Organisation

SIZES = (10, 500, 5000)
STATES = [
    ErrandState.INKOMMEN,
    ErrandState.UNDER_BEREDNING,
    ErrandState.HANSKJUTEN,
    ErrandState.BORDLAGD,
    ErrandState.BESLUTAD,
]


def grow_to(n, *, people, extern_group):
    """Top the data up to n ärenden (bulk_create is fine for test data: no history needed here)."""
    have = Errand.objects.count()
    orgs = list(Organisation.objects.all())
    users = [people["manager"], people["member"], people["manager_other_org"]]
    topics = list(Topic.values)
    now = timezone.now()
    Errand.objects.bulk_create(
        Errand(
            title=f"Ärende {i}", description="x", organisation=orgs[i % len(orgs)], topic=topics[i % len(topics)],
            urgency=Urgency.values[i % 4], submitted_by=users[i % len(users)], state=STATES[i % len(STATES)],
            steering_group=extern_group if STATES[i % len(STATES)] in (ErrandState.HANSKJUTEN, ErrandState.BORDLAGD, ErrandState.BESLUTAD) else None,
            created_at=now - timedelta(days=(i * 37) % 120),
        )
        for i in range(have, n)
    )  # fmt: skip
    meeting, _ = Meeting.objects.get_or_create(steering_group=extern_group, date=timezone.localdate())
    decided = Errand.objects.filter(state=ErrandState.BESLUTAD, decisions__isnull=True)
    for errand in decided[: max(0, n // 10 - Decision.objects.count())]:
        item = AgendaItem.objects.create(meeting=meeting, order=errand.pk, title=errand.title, errand=errand)
        Decision.objects.create(
            agenda_item=item, errand=errand, meeting=meeting, steering_group=extern_group, text="Beslut",
            follow_up_owner="IT", follow_up_date=timezone.localdate(), decided_on=timezone.localdate(),
            decided_by=people["chair"],
        )  # fmt: skip


def queries(client, url, data=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), response


# (who, url name, slug, query, expected queries). 7 = session, user, roles, the header's unread notices, COUNT, rows,
# + one per extra list:
# the queues add the filter form's organisation and steering-group options (the group queue has no group filter
# but looks up its group); the group pages look up the group; the decision register adds the years for its filter
# and the steering groups (for the group filter).
PAGES = [
    ("beredning", "steeringgroups:queue", None, {}, 8),
    ("beredning", "steeringgroups:queue", None, {"state": "hanskjuten", "age": "30"}, 8),
    ("member", "steeringgroups:group_queue", "extern-digitalisering", {}, 8),
    ("member", "steeringgroups:group_queue", "extern-digitalisering", {"topic": "molntjanster", "sida": "2"}, 8),
    ("manager", "steeringgroups:errands", None, {}, 7),
    ("reader", "steeringgroups:decisions", None, {}, 8),
    ("reader", "steeringgroups:decisions", None, {"ar": "2026", "slag": "mote", "grupp": "extern-digitalisering"}, 9),
    ("reader", "steeringgroups:group_decisions", "extern-digitalisering", {}, 9),
    ("member", "steeringgroups:detail", "extern-digitalisering", {}, 7),
]


@pytest.mark.parametrize(("who", "name", "slug", "data", "expected"), PAGES)
def test_page_queries_do_not_grow(who, name, slug, data, expected, client, people, extern_group):
    url = reverse(name, kwargs={"slug": slug} if slug else None)
    client.force_login(people[who])
    counts = []
    for n in SIZES:
        grow_to(n, people=people, extern_group=extern_group)
        count, response = queries(client, url, data)
        counts.append(count)
    assert Errand.objects.count() == SIZES[-1]
    assert counts == [expected] * len(SIZES), f"{name} {data}: {dict(zip(SIZES, counts, strict=True))}"


@pytest.mark.parametrize("state", ["planerat", "pagar", "avslutat"])
def test_meeting_page_queries_do_not_grow_with_the_agenda(client, people, extern_group, org, state):
    from steeringgroups.constants import ErrandAction
    from steeringgroups.models import Attendance, ProtocolSigner
    from steeringgroups.services import errand_submit, errand_transition, meeting_add_errands, meeting_plan

    meeting = meeting_plan(group=extern_group, dates=[timezone.localdate() + timedelta(days=3)], by=people["chair"])[0]
    client.force_login(people["chair"])
    counts = []
    for n in (2, 12):
        errands = []
        for i in range(n - len(errands) - meeting.items.filter(errand__isnull=False).count()):
            errand = errand_submit(
                by=people["manager"], title=f"Punkt {n}-{i}", description="x", organisation=org,
                topic=Topic.DIGITALISERING, urgency=Urgency.NORMAL,
            )  # fmt: skip
            errand_transition(errand=errand, action=ErrandAction.REFER, by=people["beredning"], group=extern_group)
            errands.append(errand)
        meeting_add_errands(meeting=meeting, errands=errands, by=people["chair"])
        Meeting.objects.filter(pk=meeting.pk).update(state=state)
        for person in (people["chair"], people["member"]):
            Attendance.objects.get_or_create(meeting=meeting, person=person, defaults={"presence": "narvarande"})
        ProtocolSigner.objects.get_or_create(meeting=meeting, person=people["member"], defaults={"role": "justerare"})
        count, _ = queries(client, meeting.get_absolute_url())
        counts.append(count)
        Meeting.objects.filter(pk=meeting.pk).update(state="planerat")
    print(f"\nmeeting page ({state}): {counts} queries at 2 and 12 ärenden")
    assert counts[0] == counts[1], counts


def test_decision_page_reads_its_meeting_with_the_decision(client, people, extern_group):
    """The register's list query no longer joins the meeting (issue 19); the decision page still reads it in the
    decision's own query, not in one of its own."""
    meeting, _ = Meeting.objects.get_or_create(steering_group=extern_group, date=timezone.localdate())
    decision = Decision.objects.create(
        meeting=meeting, paragraph=1, steering_group=extern_group, text="Beslut", decided_on=meeting.date,
        decided_by=people["chair"],
    )  # fmt: skip
    client.force_login(people["reader"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(decision.get_absolute_url())
    assert meeting.get_absolute_url() in response.content.decode()
    own = [q["sql"] for q in ctx.captured_queries if ' FROM "steeringgroups_meeting"' in q["sql"]]
    assert own == []


def test_the_register_filter_offers_every_group_and_marks_the_chosen_one(client, people, extern_group):
    """Issue 19: the group filter is drawn in Python from (slug, name) rows; the chosen group (in the address or
    the query) is selected, none otherwise."""
    from steeringgroups.models import SteeringGroup

    client.force_login(people["reader"])
    chosen = f'<option value="{extern_group.slug}" selected>{extern_group.name}</option>'
    for url, data in (
        (reverse("steeringgroups:decisions"), {"grupp": extern_group.slug}),
        (reverse("steeringgroups:group_decisions", kwargs={"slug": extern_group.slug}), {}),
    ):
        assert chosen in client.get(url, data).content.decode()
    page = client.get(reverse("steeringgroups:decisions")).content.decode()
    assert '<select name="grupp" id="f-grupp"><option value="">Alla</option>' in page and " selected>" not in page
    for group in SteeringGroup.objects.all():
        assert f'<option value="{group.slug}">{group.name}</option>' in page
