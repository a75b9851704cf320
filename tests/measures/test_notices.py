"""A plan approved tells kommunchef, a plan decided tells the process leader: once each (vudig.core.notices)."""

import pytest
from django.core import mail

from measures import services
from measures.constants import PlanState
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
