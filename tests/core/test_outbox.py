"""The outbox: background work is recorded with its write, survives a broker that is down, and is sent again.

The broker is taken away here by making the send raise what kombu raises when Redis cannot be reached; the test
with a real Redis and a real worker is tests/core/test_outbox_worker.py.
"""

import datetime as dt

import pytest
from celery.app.task import Task
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from reports.constants import ReportState
from reports.models import Report
from reports.tasks import render_report_task
from vudig.celery import app
from vudig.core import outbox
from vudig.core.models import OutboxState, OutboxTask, OutgoingMail
from vudig.core.services import mail_enqueue
from vudig.core.tasks import outbox_redispatch_task, send_mail_task


class Broker:
    """The broker for this test: down (every send fails as kombu fails on an unreachable Redis) until back()."""

    def __init__(self):
        self.refused = []
        self._eager = app.conf.task_always_eager
        self._send = Task.apply_async
        broker = self

        def refuse(task, *args, **kwargs):
            broker.refused.append(task.name)
            raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

        Task.apply_async = refuse
        app.conf.task_always_eager = False  # tasks go to a broker, as in production

    def back(self):
        """The broker is back (the tasks then run in-process, as everywhere in these tests)."""
        Task.apply_async = self._send
        app.conf.task_always_eager = self._eager


@pytest.fixture
def broker_down():
    broker = Broker()
    yield broker
    broker.back()


def _mail(key="k1"):
    return mail_enqueue(key=key, to=["a@example.invalid"], subject="Ämne", body="Text")


def test_work_is_recorded_with_the_write_and_done_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queued = _mail()
    row = OutboxTask.objects.get()
    assert row.task_name == send_mail_task.name and row.args == [queued.pk]
    assert row.state == OutboxState.DONE and row.runs == 1 and row.done_at is not None
    assert len(mail.outbox) == 1


def test_a_write_rolled_back_leaves_no_work(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        _mail()
        raise RuntimeError("the write failed")
    assert not OutboxTask.objects.exists() and not OutgoingMail.objects.exists()


def test_with_the_broker_down_the_request_succeeds_and_the_work_waits(
    client, people, broker_down, django_capture_on_commit_callbacks
):
    client.force_login(people["kommunchef"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:list"),
            {"kind": "handlingsplan", "period_start": "2026-01-01", "period_end": "2026-04-30"},
        )
    assert response.status_code == 302  # the normal success answer, not a 500
    report = Report.objects.get()
    assert report.state == ReportState.KOAD
    row = OutboxTask.objects.get()
    assert row.state == OutboxState.PENDING and row.runs == 0
    assert "Connection refused" in row.last_error and broker_down.refused == [render_report_task.name]


def test_the_beat_job_sends_waiting_work_once_the_broker_is_back(
    people, broker_down, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        queued = _mail()
    assert OutboxTask.objects.get().state == OutboxState.PENDING
    broker_down.back()
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_redispatch_task.delay().get() == 1
        assert outbox_redispatch_task.delay().get() == 0  # a second beat finds nothing to send
    row = OutboxTask.objects.get()
    assert row.state == OutboxState.DONE and row.runs == 1
    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 1 and len(mail.outbox) == 1


def test_fresh_pending_work_is_left_to_its_own_dispatch(db):
    OutboxTask.objects.create(task_name=send_mail_task.name, args=[1], time_limit=300)
    assert not outbox.outbox_due().exists()
    later = timezone.now() + outbox.PENDING_GRACE + dt.timedelta(seconds=1)
    assert outbox.outbox_due(now=later).count() == 1


def test_work_stuck_after_a_killed_worker_is_sent_again_after_its_time_limit(
    people, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = Report.objects.create(
        kind="handlingsplan", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 4, 30)
    )
    # What a worker killed mid-render leaves: the report "pågår", the row sent once and never finished.
    Report.objects.filter(pk=report.pk).update(state=ReportState.PAGAR, attempts=1)
    sent = timezone.now() - dt.timedelta(seconds=settings.REPORTS_TIME_LIMIT) - outbox.STUCK_MARGIN
    row = OutboxTask.objects.create(
        task_name=render_report_task.name,
        args=[report.pk],
        time_limit=settings.REPORTS_TIME_LIMIT,
        state=OutboxState.DISPATCHED,
        dispatched_at=sent + dt.timedelta(seconds=5),
        runs=1,
    )
    assert outbox.outbox_redispatch() == 0  # still within its time limit: it may be running
    OutboxTask.objects.filter(pk=row.pk).update(dispatched_at=sent)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.outbox_redispatch() == 1
    row.refresh_from_db()
    report.refresh_from_db()
    assert row.state == OutboxState.DONE and row.runs == 2
    assert report.state == ReportState.KLAR and report.attempts == 2


def test_work_that_never_finishes_is_given_up_with_the_reason(db, settings):
    settings.OUTBOX_MAX_RUNS = 3
    long_ago = timezone.now() - dt.timedelta(hours=2)
    row = OutboxTask.objects.create(
        task_name=send_mail_task.name,
        args=[1],
        time_limit=300,
        state=OutboxState.DISPATCHED,
        dispatched_at=long_ago,
        runs=3,
    )
    assert outbox.outbox_redispatch() == 0
    row.refresh_from_db()
    assert row.state == OutboxState.FAILED and "skickades 3 gånger" in row.last_error


def test_a_task_that_fails_for_good_marks_its_work_failed(db, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ValueError("mallen saknas")

    monkeypatch.setattr("vudig.core.services.mail_send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        _mail()  # the eager task raises; the write and the request still succeed
    row = OutboxTask.objects.get()
    assert row.state == OutboxState.FAILED and "mallen saknas" in row.last_error


def test_a_worker_starting_sends_what_waits(db, broker_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _mail()
    broker_down.back()
    with django_capture_on_commit_callbacks(execute=True):
        outbox._on_worker_ready()
    assert OutboxTask.objects.get().state == OutboxState.DONE and len(mail.outbox) == 1


def test_operators_see_waiting_and_failed_work_and_send_it_again(
    client, people, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _mail("a")
    OutboxTask.objects.update(state=OutboxState.FAILED, last_error="Gavs upp")
    broker_down.back()
    admin_user = get_user_model().objects.create_superuser("drift", "drift@example.invalid", "losen-drift-123")
    client.force_login(admin_user)
    url = reverse("admin:core_outboxtask_changelist")
    page = client.get(url, {"state": "failed"})
    assert page.status_code == 200 and "Gavs upp" in page.content.decode()
    row = OutboxTask.objects.get()
    assert client.get(reverse("admin:core_outboxtask_change", args=[row.pk])).status_code == 200  # view only
    assert client.post(reverse("admin:core_outboxtask_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "retry", "_selected_action": [row.pk]}, follow=True)
    assert "1 uppgift skickades till arbetsprocessen" in response.content.decode()
    row.refresh_from_db()
    assert row.state == OutboxState.DONE and len(mail.outbox) == 1


def test_work_committed_while_the_process_exits_runs_in_the_committing_thread(
    db, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Embedded mode: a management command (load_demo) ends while background work still commits more work; the
    exiting pool takes no new work, so the commit runs it where it is instead of leaving it waiting."""
    from concurrent.futures import ThreadPoolExecutor

    settings.OUTBOX_IN_BACKGROUND = True
    closed = ThreadPoolExecutor(max_workers=1)
    closed.shutdown()  # as at interpreter shutdown: submit() raises RuntimeError
    monkeypatch.setattr(outbox, "_background", closed)
    with django_capture_on_commit_callbacks(execute=True):
        _mail()
    assert OutboxTask.objects.get().state == OutboxState.DONE
    assert len(mail.outbox) == 1
