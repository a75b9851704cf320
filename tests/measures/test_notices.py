"""The measures app's steps each give one notice per person (and one e-mail by preference), run twice: a plan
approved tells kommunchef and a plan decided the process leader; a follow-up period opened and its deadline
approaching tell everyone who reports in it."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from measures import notices, periods, services
from measures.constants import PlanState
from measures.models import PeriodReminder
from tests.factories import user_with_role
from tests.notice_steps import assert_once
from vudig.core.constants import Role
from vudig.core.models import Notice, OutgoingMail

from .factories import PlanFactory


def _set(plan, state, who, people):
    return services.plan_set_state(
        plan=plan, state=state, comment="KLG 2026-05-04 § 3", expected_version=plan.version, by=people[who]
    )


@pytest.mark.django_db
def test_approved_tells_kommunchef_once_and_decided_tells_the_process_leader(
    django_capture_on_commit_callbacks, people
):
    plan = PlanFactory(title="Handlingsplan 2027")
    with django_capture_on_commit_callbacks(execute=True):
        approved = _set(plan, PlanState.GODKAND, "process_leader", people)
        _set(plan, PlanState.GODKAND, "process_leader", people)  # the same request again
    chef = people["kommunchef"]
    notice = Notice.objects.get(recipient=chef, key=f"plan_approved:{plan.pk}:{approved.version}")
    assert OutgoingMail.objects.filter(key=f"notice:{notice.pk}").count() == 1
    assert [m.to for m in mail.outbox] == [[chef.email]]
    assert mail.outbox[0].subject == "Handlingsplanen ”Handlingsplan 2027” väntar på ditt beslut"
    assert f"/atgarder/planer/{plan.pk}/" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        decided = _set(approved, PlanState.BESLUTAD, "kommunchef", people)
        _set(approved, PlanState.BESLUTAD, "kommunchef", people)
    leader = people["process_leader"]
    assert Notice.objects.filter(recipient=leader, key=f"plan_decided:{plan.pk}:{decided.version}").count() == 1
    assert Notice.objects.filter(recipient=chef).count() == 1  # the decider is not told of their own decision
    assert len(mail.outbox) == 1  # "decided" waits for the weekly digest by default


@pytest.mark.django_db
def test_approved_again_after_going_back_to_draft_is_a_new_event(django_capture_on_commit_callbacks, people):
    plan = PlanFactory()
    with django_capture_on_commit_callbacks(execute=True):
        plan = _set(plan, PlanState.GODKAND, "process_leader", people)
        plan = _set(plan, PlanState.UTKAST, "process_leader", people)
        _set(plan, PlanState.GODKAND, "process_leader", people)
    assert Notice.objects.filter(recipient=people["kommunchef"], category="measures.plan_approved").count() == 2
    assert len(mail.outbox) == 2


# -- follow-up periods ------------------------------------------------------------------------------------------

TODAY = timezone.localdate()


def _open(people, *, days=40, opens_on=None):
    return periods.period_open(
        title="Uppföljning T1 test",
        kind="t1",
        deadline=TODAY + dt.timedelta(days=days),
        opens_on=opens_on,
        by=people["process_leader"],
    )


def test_opening_a_period_tells_everyone_who_reports_once(people):
    period = _open(people)
    assert _open(people) == period  # the same form sent twice
    reporters = [e["user"] for e in periods.pending_people(period).values()]
    assert notices.period_opened(period, reporters) == 0
    # The managers of the organisations that report, and the process leader for the plan's own items.
    assert {people["manager"], people["manager_other_org"], people["process_leader"]} <= set(reporters)
    assert people["reader"] not in reporters and people["member"] not in reporters
    assert_once(
        f"period:{period.pk}:opened",
        reporters,
        subject=f"Uppföljningen ”{period.title}” är öppen: rapportera senast {period.deadline.isoformat()}",
        url=reverse("measures:period_mine", kwargs={"pk": period.pk}),
    )


def test_the_deadline_reminder_is_one_notice_per_person_and_reminder_day(people):
    period = _open(people, days=7, opens_on=TODAY - dt.timedelta(days=40))
    first = periods.period_reminders_send(today=TODAY)
    assert first >= 3 and periods.period_reminders_send(today=TODAY) == 0
    reporters = [e["user"] for e in periods.pending_people(period).values()]
    found = assert_once(
        f"period:{period.pk}:reminder:7",
        reporters,
        subject=f"Påminnelse: rapportera till {period.title} senast {period.deadline.isoformat()}",
        url=reverse("measures:period_mine", kwargs={"pk": period.pk}),
    )
    assert len(found) == first == PeriodReminder.objects.filter(period=period, days_before=7).count()
    manager = next(n for n in found if n.recipient == people["manager"])
    body = OutgoingMail.objects.get(key=f"notice:{manager.pk}").body
    assert "om 7 dagar" in body and period.plan.title in body


def test_a_reminder_the_day_before_says_om_1_dag(people):
    period = _open(people, days=1)
    assert periods.period_reminders_send(today=TODAY) >= 1
    notice = assert_once(
        f"period:{period.pk}:reminder:1", [e["user"] for e in periods.pending_people(period).values()]
    )[0]
    body = OutgoingMail.objects.get(key=f"notice:{notice.pk}").body
    assert "(om 1 dag)." in body and "dagar" not in body


@pytest.mark.parametrize("extra_managers", [0, 4])
def test_who_reports_is_found_in_constant_queries(extra_managers, people, org, other_org, django_assert_num_queries):
    """pending_people (the step's recipients): the rows, the managers, the named people, the process leaders."""
    for n in range(extra_managers):
        user_with_role(Role.ORG_MANAGER, organisation=org if n % 2 else other_org)
    period = _open(people)
    with django_assert_num_queries(3):  # rows, managers, process leaders (no named reporters in the plan data)
        people_found = periods.pending_people(period)
    assert len(people_found) >= 3 + extra_managers
