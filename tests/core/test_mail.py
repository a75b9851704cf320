"""E-mail goes through a Celery task that sends each message exactly once, however often it runs."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.utils import timezone

from vudig.core.models import OutgoingMail
from vudig.core.services import mail_enqueue, mail_send
from vudig.core.tasks import send_mail_task


@pytest.mark.django_db(transaction=True)
def test_enqueued_mail_is_sent_once_after_commit():
    mail_enqueue(key="test:1", to=["chef@example.invalid"], subject="Påminnelse", body="Hej")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Påminnelse"
    assert OutgoingMail.objects.get(key="test:1").sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_enqueueing_the_same_key_twice_sends_once():
    mail_enqueue(key="test:2", to=["a@example.invalid"], subject="Ett", body="x")
    mail_enqueue(key="test:2", to=["a@example.invalid"], subject="Ett", body="x")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_task_run_twice_sends_once():
    queued = OutgoingMail.objects.create(key="test:3", to=["a@example.invalid"], subject="S", body="B")
    assert send_mail_task.apply(args=[queued.pk]).get() is True
    assert send_mail_task.apply(args=[queued.pk]).get() is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_task_for_a_deleted_mail_returns_quietly():
    assert send_mail_task.apply(args=[999999]).get() is False


class FailingBackend(BaseEmailBackend):
    """A mail server that is down; it notes whether it was called inside a transaction (i.e. holding the row)."""

    calls: list[bool] = []

    def send_messages(self, email_messages):
        FailingBackend.calls.append(connection.in_atomic_block)
        raise smtplib.SMTPServerDisconnected("the mail server went away")


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_counted_and_the_retry_sends_once(settings):
    queued = OutgoingMail.objects.create(key="test:fail", to=["a@example.invalid"], subject="S", body="B")
    settings.EMAIL_BACKEND = "tests.core.test_mail.FailingBackend"
    FailingBackend.calls = []
    with pytest.raises(smtplib.SMTPServerDisconnected):
        mail_send(mail_id=queued.pk)
    queued.refresh_from_db()
    assert (queued.attempts, queued.sent_at, queued.sending_since) == (1, None, None)
    # The server was asked outside any transaction: no row lock is held while SMTP runs.
    assert FailingBackend.calls == [False]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_mail_task.apply(args=[queued.pk]).get() is True
    assert send_mail_task.apply(args=[queued.pk]).get() is False
    queued.refresh_from_db()
    assert queued.attempts == 2 and queued.sent_at is not None and queued.sending_since is None
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_mail_another_attempt_is_sending_is_left_to_it_until_that_attempt_is_overdue(settings):
    now = timezone.now()
    queued = OutgoingMail.objects.create(
        key="test:claimed", to=["a@example.invalid"], subject="S", body="B", attempts=1, sending_since=now
    )
    assert send_mail_task.apply(args=[queued.pk]).get() is False
    assert len(mail.outbox) == 0
    # Older than the task's hard time limit: that attempt was killed, so this one takes over.
    overdue = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 1)
    OutgoingMail.objects.filter(pk=queued.pk).update(sending_since=overdue)
    assert send_mail_task.apply(args=[queued.pk]).get() is True
    queued.refresh_from_db()
    assert queued.attempts == 2 and queued.sent_at is not None and len(mail.outbox) == 1
