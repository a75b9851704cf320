"""Reminders: managers of organisations that have not submitted get each reminder once, even when run twice."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from maturity.constants import AssessmentStatus
from maturity.models import Assessment
from maturity.services import reminders_send
from maturity.tasks import send_reminders_task
from tests.factories import user_with_role
from vudig.core.constants import Role
from vudig.core.models import Organisation, OutgoingMail


@pytest.fixture
def round_closing_in_3_days(open_round):
    today = timezone.localdate()
    open_round.opens_on = today - datetime.timedelta(days=20)
    open_round.closes_on = today + datetime.timedelta(days=3)
    open_round.save()
    return open_round


def test_task_run_twice_sends_each_manager_one_reminder(
    round_closing_in_3_days, org, other_org, people, django_capture_on_commit_callbacks
):
    Assessment.objects.create(round=round_closing_in_3_days, organisation=other_org, status=AssessmentStatus.INLAMNAD)
    second_manager = user_with_role(Role.ORG_MANAGER, organisation=org, username="chef2")
    stodfunktion = Organisation.objects.get(slug="it")
    user_with_role(Role.ORG_MANAGER, organisation=stodfunktion, username="it-chef")  # not covered by rounds
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders_task.delay().get()
    with django_capture_on_commit_callbacks(execute=True):
        second = send_reminders_task.delay().get()
    assert first == 2 and second == 0
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([people["manager"].email, second_manager.email])
    assert "Socialtjänst" in mail.outbox[0].subject
    assert OutgoingMail.objects.filter(key__startswith="maturity-reminder:").count() == 2


def test_draft_still_counts_as_not_submitted(round_closing_in_3_days, org, people):
    Assessment.objects.create(round=round_closing_in_3_days, organisation=org, status=AssessmentStatus.UTKAST)
    reminders_send()
    assert OutgoingMail.objects.filter(to=[people["manager"].email]).exists()


def test_no_reminder_far_from_closing_then_14_then_3_days(open_round, people):
    closes = open_round.closes_on
    assert reminders_send(today=closes - datetime.timedelta(days=20)) == 0
    assert reminders_send(today=closes - datetime.timedelta(days=14)) >= 1
    assert reminders_send(today=closes - datetime.timedelta(days=10)) == 0  # the 14-day reminder was sent
    assert reminders_send(today=closes - datetime.timedelta(days=3)) >= 1
    keys = set(OutgoingMail.objects.values_list("key", flat=True))
    manager_org = people["manager"].role_assignments.get().organisation_id
    assert f"maturity-reminder:{open_round.pk}:{manager_org}:{people['manager'].pk}:14" in keys
    assert f"maturity-reminder:{open_round.pk}:{manager_org}:{people['manager'].pk}:3" in keys


def test_closed_or_past_rounds_send_nothing(open_round, people):
    open_round.status = "stangd"
    open_round.save()
    assert reminders_send(today=open_round.closes_on - datetime.timedelta(days=3)) == 0
    assert not OutgoingMail.objects.exists()


def test_a_reminder_the_day_before_closing_says_om_1_dag(open_round, people):
    assert reminders_send(today=open_round.closes_on - datetime.timedelta(days=1)) >= 1
    body = OutgoingMail.objects.filter(to=[people["manager"].email]).get().body
    assert "(om 1 dag)." in body and "dagar" not in body
