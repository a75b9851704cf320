"""The ärende and meeting services ask their rules themselves: a refused person gets PermissionDenied and nothing is
written."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from steeringgroups.constants import ErrandAction, ErrandState, ItemOutcome, Topic
from steeringgroups.models import Decision, Errand, ErrandTransition, Meeting
from steeringgroups.services import (
    agenda_item_decide,
    agenda_item_table,
    errand_submit,
    errand_transition,
    meeting_add_errands,
    meeting_plan,
)


def test_an_anonymous_person_cannot_submit_an_errand(people, org):
    with pytest.raises(PermissionDenied):
        errand_submit(
            by=people["anonymous"], title="Fråga", description="Text", organisation=org, topic=Topic.AI, urgency=3
        )
    assert not Errand.objects.exists()


@pytest.mark.parametrize("who", ["reader", "manager", "member", "chair", "process_leader"])
def test_only_the_beredning_accepts_an_errand(errand, people, who):
    with pytest.raises(PermissionDenied):
        errand_transition(errand=errand, action=ErrandAction.ACCEPT, by=people[who], expected_version=errand.version)
    stored = Errand.objects.get(pk=errand.pk)
    assert (stored.state, stored.version) == (ErrandState.INKOMMEN, errand.version)
    assert not ErrandTransition.objects.filter(errand=errand, action=ErrandAction.ACCEPT).exists()


@pytest.mark.parametrize("who", ["member", "chair_other_group", "beredning", "process_leader"])
def test_only_the_groups_chair_plans_meetings(people, extern_group, who):
    with pytest.raises(PermissionDenied):
        meeting_plan(group=extern_group, dates=[timezone.localdate() + timedelta(days=7)], by=people[who])
    assert not Meeting.objects.filter(steering_group=extern_group).exists()


@pytest.mark.parametrize("who", ["member", "chair_other_group", "beredning", "process_leader"])
def test_only_the_groups_chair_records_a_decision_or_tables(referred, meeting, people, who):
    meeting_add_errands(meeting=meeting, errands=[referred], by=people["chair"])
    follow_up = timezone.localdate() + timedelta(days=90)
    with pytest.raises(PermissionDenied):
        agenda_item_decide(
            meeting=meeting, errand_id=referred.pk, text="Ja.", follow_up_owner="IT", follow_up_date=follow_up,
            by=people[who],
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        agenda_item_table(meeting=meeting, errand_id=referred.pk, reason="Mer underlag", by=people[who])
    item = meeting.items.get(errand=referred)
    assert item.outcome == ItemOutcome.PENDING and not Decision.objects.exists()
    assert Errand.objects.get(pk=referred.pk).state == ErrandState.PA_DAGORDNING


@pytest.mark.parametrize("who", ["member", "chair_other_group", "beredning", "process_leader", "reader"])
def test_only_the_groups_chair_runs_the_meeting(meeting, people, who):
    from steeringgroups.services import meeting_cancel, meeting_send_notice, meeting_start

    for call in (
        lambda: meeting_send_notice(meeting=meeting, by=people[who]),
        lambda: meeting_start(meeting=meeting, by=people[who]),
        lambda: meeting_cancel(meeting=meeting, by=people[who], reason="Nej"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.state, stored.version, stored.called_at) == ("planerat", 1, None)


@pytest.mark.parametrize("who", ["member", "chair_other_group", "beredning", "process_leader"])
def test_only_the_groups_chair_records_attendance_justerare_and_closes(open_meeting, people, who):
    from steeringgroups.models import Attendance, ProtocolSigner
    from steeringgroups.services import attendance_record, meeting_close, meeting_elect_adjusters

    with pytest.raises(PermissionDenied):
        attendance_record(meeting=open_meeting, presences={people["member"].pk: "franvarande"}, by=people[who])
    with pytest.raises(PermissionDenied):
        meeting_elect_adjusters(meeting=open_meeting, people=[people["member"]], by=people[who])
    with pytest.raises(PermissionDenied):
        meeting_close(meeting=open_meeting, by=people[who])
    assert not Attendance.objects.filter(presence="franvarande").exists()
    assert not ProtocolSigner.objects.exists()
    assert Meeting.objects.get(pk=open_meeting.pk).state == "pagar"
