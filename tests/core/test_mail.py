"""E-mail goes through a Celery task that sends each message exactly once, however often it runs."""

import pytest
from django.core import mail

from vudig.core.models import OutgoingMail
from vudig.core.services import mail_enqueue
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
