"""§ numbers under concurrent recording, with real threads on PostgreSQL (each thread its own connection).

§ numbers run continuously per steering group and year: two chairs recording at once at the same meeting, or at two
meetings of the same group, get distinct and continuous numbers, or one of them the Swedish refusal; never a
duplicate, never a 500. Skipped without DATABASE_URL (a failure with VUDIG_REQUIRE_WORKER=1, as in CI).
"""

from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from steeringgroups.constants import ItemOutcome
from steeringgroups.models import AgendaItem, Decision, Meeting
from steeringgroups.services import meeting_plan, meeting_send_notice, meeting_start
from tests.test_submit_once import _in_parallel, _require_postgresql

pytestmark = pytest.mark.django_db(transaction=True)


def _open(group, chair, day):
    """A meeting of ``group`` on ``day`` (today or earlier), kallat and open since midnight."""
    meeting = meeting_plan(
        group=group, dates=[timezone.localdate() + timedelta(days=30)], place="Stadshuset", by=chair
    )[0]
    meeting_send_notice(meeting=meeting, by=chair)
    # test set-up, not a service: the meeting is moved into the past so that it may be opened now
    Meeting.objects.filter(pk=meeting.pk).update(date=day, start_time=time(0, 0), end_time=time(23, 59))
    meeting.refresh_from_db()
    meeting_start(meeting=meeting, by=chair)
    meeting.refresh_from_db()
    return meeting


def _decide(item, **fields):
    p = f"p{item.pk}"
    return {"prefix": p, f"{p}-item": item.pk, **{f"{p}-{name}": value for name, value in fields.items()}}


def _client(person):
    client = Client()
    client.force_login(person)
    return client


def _assert_continuous(group):
    """Every § of the group, per year, is used once and none is skipped."""
    years = set(AgendaItem.objects.filter(paragraph_group=group).values_list("paragraph_year", flat=True))
    for year in years:
        numbers = sorted(
            AgendaItem.objects.filter(paragraph_group=group, paragraph_year=year).values_list("paragraph", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1)), (year, numbers)
    paragraphs = list(Decision.objects.filter(steering_group=group).values_list("decided_on__year", "paragraph"))
    assert len(paragraphs) == len(set(paragraphs)), paragraphs


def test_two_items_of_one_meeting_decided_at_once(people, extern_group):
    _require_postgresql()
    chair = people["chair"]
    meeting = _open(extern_group, chair, timezone.localdate())
    url = reverse("steeringgroups:meeting_action", kwargs={"pk": meeting.pk, "action": "item"})
    client = _client(chair)
    for title in ("Molntjänst för skolan", "Ny e-tjänst för bygglov"):
        assert client.post(url, {"title": title}).status_code == 302
    items = list(meeting.items.filter(title__in=["Molntjänst för skolan", "Ny e-tjänst för bygglov"]))
    decide = reverse("steeringgroups:meeting_decide", kwargs={"pk": meeting.pk})

    statuses = _in_parallel(
        2, lambda i: _client(chair).post(decide, _decide(items[i], outcome="decide", text=f"Beslut {i}")).status_code
    )

    assert statuses == [302, 302], statuses
    decisions = {d.agenda_item_id: d.paragraph for d in Decision.objects.filter(meeting=meeting)}
    assert decisions == {item.pk: item.paragraph for item in items}
    assert sorted(decisions.values())[1] == sorted(decisions.values())[0] + 1
    _assert_continuous(extern_group)


def test_two_meetings_of_one_group_add_and_decide_at_once(people, extern_group):
    """Each chair adds an item during the meeting (it gets the group's next §) and decides it, both at the same time."""
    _require_postgresql()
    chair = people["chair"]
    today = timezone.localdate()
    meetings = [_open(extern_group, chair, today), _open(extern_group, chair, today - timedelta(days=1))]
    before = AgendaItem.objects.filter(paragraph_group=extern_group).count()

    def run(i):
        meeting, client = meetings[i], _client(chair)
        results = []
        for n in range(3):
            title = f"Punkt {n} på möte {i}"
            add = client.post(
                reverse("steeringgroups:meeting_action", kwargs={"pk": meeting.pk, "action": "item"}), {"title": title}
            )
            results.append(add.status_code)
            item = AgendaItem.objects.get(meeting=meeting, title=title)
            decide = client.post(
                reverse("steeringgroups:meeting_decide", kwargs={"pk": meeting.pk}),
                _decide(item, outcome="decide", text=f"Beslut {n} på möte {i}"),
            )
            results.append(decide.status_code)
        return results

    results = _in_parallel(2, run)

    assert results == [[302] * 6, [302] * 6], results
    assert AgendaItem.objects.filter(paragraph_group=extern_group).count() == before + 6
    assert Decision.objects.filter(steering_group=extern_group).count() == 6
    for decision in Decision.objects.filter(steering_group=extern_group).select_related("agenda_item"):
        assert decision.paragraph == decision.agenda_item.paragraph
    _assert_continuous(extern_group)


def test_the_same_item_decided_twice_at_once_gives_one_decision_and_a_swedish_refusal(people, extern_group):
    _require_postgresql()
    chair = people["chair"]
    meeting = _open(extern_group, chair, timezone.localdate())
    _client(chair).post(
        reverse("steeringgroups:meeting_action", kwargs={"pk": meeting.pk, "action": "item"}), {"title": "Molntjänst"}
    )
    item = meeting.items.get(title="Molntjänst")
    decide = reverse("steeringgroups:meeting_decide", kwargs={"pk": meeting.pk})
    outcomes = [_decide(item, outcome="decide", text="Godkänt"), _decide(item, outcome="table", reason="Underlag")]

    responses = _in_parallel(2, lambda i: _client(chair).post(decide, outcomes[i]))

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302, 400], responses
    refused = next(r for r in responses if r.status_code == 400)
    assert "Punkten är redan behandlad" in refused.content.decode()
    item.refresh_from_db()
    assert item.outcome in (ItemOutcome.DECIDED, ItemOutcome.TABLED)
    assert Decision.objects.filter(agenda_item=item).count() == (1 if item.outcome == ItemOutcome.DECIDED else 0)
    _assert_continuous(extern_group)


def test_five_identical_decisions_sent_at_once_record_one(people, extern_group):
    _require_postgresql()
    chair = people["chair"]
    meeting = _open(extern_group, chair, timezone.localdate())
    _client(chair).post(
        reverse("steeringgroups:meeting_action", kwargs={"pk": meeting.pk, "action": "item"}), {"title": "Molntjänst"}
    )
    item = meeting.items.get(title="Molntjänst")
    decide = reverse("steeringgroups:meeting_decide", kwargs={"pk": meeting.pk})
    data = _decide(item, outcome="decide", text="Godkänt")

    statuses = _in_parallel(5, lambda i: _client(chair).post(decide, data).status_code)

    assert statuses == [302] * 5, statuses
    assert Decision.objects.filter(agenda_item=item).count() == 1
    _assert_continuous(extern_group)
