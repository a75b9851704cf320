"""The Monday digest (vudig.core.digest): one e-mail per person with "Att göra" and the week's DIGEST notices."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from vudig.core import todo
from vudig.core.constants import Delivery
from vudig.core.digest import digest_key, digest_send
from vudig.core.models import Notice, NoticePreference, OutgoingMail
from vudig.core.notices import DIGEST_CATEGORY
from vudig.core.tasks import notice_digest_task
from vudig.core.todo import TodoItem


@pytest.fixture
def reader_todo(people):
    """A provider that gives the reader one thing to do (the plan alone gives the reader nothing)."""
    reader = people["reader"]

    def provider(user):
        if user.pk != reader.pk:
            return []
        return [TodoItem(title="Granska planen", url="/planen/", kind="Plan", due=timezone.localdate())]

    todo.register_provider("tests.digest", provider)
    yield reader
    todo._PROVIDERS.pop("tests.digest", None)


def week_notice(person, n, *, delivery=Delivery.DIGEST, age=timedelta(days=1)):
    return Notice.objects.create(
        recipient=person,
        category="core.digest",
        key=f"digest-test:{n}",
        subject=f"Veckans händelse {n}",
        url="/planen/",
        delivery=delivery,
        created_at=timezone.now() - age,
    )


def run_twice(capture):
    with capture(execute=True):
        first = digest_send()
    with capture(execute=True):
        second = notice_digest_task.apply().get()
    return first, second


def test_running_twice_sends_one_digest_per_person(django_capture_on_commit_callbacks, people, reader_todo):
    week_notice(people["kommunchef"], 1)
    week_notice(people["kommunchef"], 2, delivery=Delivery.IMMEDIATE)  # mailed at once: not in the digest
    week_notice(people["kommunchef"], 3, age=timedelta(days=8))  # last week's
    first, second = run_twice(django_capture_on_commit_callbacks)
    assert second == 0
    sent = {tuple(m.to): m for m in mail.outbox}
    assert people["kommunchef"].email in {a for to in sent for a in to}
    assert (people["reader"].email,) in sent
    assert len(mail.outbox) == len(sent) == first  # nobody twice
    chef = sent[(people["kommunchef"].email,)]
    assert "Veckans händelse 1" in chef.body
    assert "Veckans händelse 2" not in chef.body and "Veckans händelse 3" not in chef.body
    assert chef.subject == "VUDIG veckobrev: att göra och veckans notiser"
    reader = sent[(people["reader"].email,)]
    assert "Granska planen" in reader.body and "/planen/" in reader.body
    assert reader.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert OutgoingMail.objects.filter(key=digest_key(people["reader"], timezone.now())).count() == 1


def test_someone_with_nothing_gets_no_digest(django_capture_on_commit_callbacks, people):
    with django_capture_on_commit_callbacks(execute=True):
        digest_send()
    assert people["no_role"].email not in {a for m in mail.outbox for a in m.to}


def test_portal_only_for_the_digest_stops_it(django_capture_on_commit_callbacks, people, reader_todo):
    NoticePreference.objects.create(user=people["reader"], category=DIGEST_CATEGORY, delivery=Delivery.PORTAL)
    with django_capture_on_commit_callbacks(execute=True):
        digest_send()
    assert people["reader"].email not in {a for m in mail.outbox for a in m.to}


def test_a_new_week_is_a_new_digest(django_capture_on_commit_callbacks, people, reader_todo):
    with django_capture_on_commit_callbacks(execute=True):
        digest_send()
        digest_send(now=timezone.now() + timedelta(days=7))
    assert [m.to for m in mail.outbox].count([people["reader"].email]) == 2


def test_the_beat_runs_it_on_monday_at_seven():
    entry = settings.CELERY_BEAT_SCHEDULE["core-notice-digest"]
    assert entry["task"] == "vudig.core.tasks.notice_digest_task"
    schedule = entry["schedule"]
    assert schedule.hour == {7} and schedule.minute == {0} and schedule.day_of_week == {1}
    assert settings.CELERY_TIMEZONE == "Europe/Stockholm"
