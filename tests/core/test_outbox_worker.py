"""The broker taken away: each kind of write answers its success page, and once a broker and a worker are back every
piece of its work is done, exactly once.

The web process is this test process, pointed at a port where nothing listens; the worker is a real Celery worker
process on the real Redis (CELERY_BROKER_URL) and PostgreSQL, started only after the writes, so what sends the work
is the worker's start-up re-dispatch of the outbox. Needs the services like tests/core/test_worker.py; .ci/run sets
VUDIG_REQUIRE_WORKER=1, so there it cannot be skipped.
"""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from reports.constants import ReportState
from reports.models import Report
from steeringgroups.constants import ErrandAction, Topic
from steeringgroups.models import Errand, Meeting
from steeringgroups.services import (
    errand_submit,
    errand_transition,
    meeting_close,
    meeting_elect_adjusters,
    meeting_justera,
    meeting_plan,
)
from tests.core.test_worker import _database_url, _require_services
from tests.steeringgroups.conftest import start_meeting
from vudig.celery import app
from vudig.core.models import OutboxState, OutboxTask, OutgoingMail

pytestmark = pytest.mark.worker

DEAD_BROKER = "redis://127.0.0.1:1/0"  # port 1: nothing listens, every connection is refused


def _point_web_at(url: str, *, eager: bool) -> None:
    """This process's Celery producer, sent to another broker (its connection pools dropped so the change holds)."""
    app.conf.broker_url = app.conf.broker_write_url = url
    app.conf.task_always_eager = eager
    app._after_fork()  # forget the pools of the previous broker (what Celery does in a forked process)


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_every_write_succeeds_and_its_work_is_done_once_a_broker_is_back(
    client, people, extern_group, org, tmp_path
):
    broker = _require_services()
    queue = f"test-outbox-{uuid.uuid4().hex[:8]}"
    media = tmp_path / "media"
    errand = errand_submit(
        by=people["manager"],
        title="Får vi använda molntjänsten?",
        description="Vi vill veta om vi får använda tjänsten.",
        organisation=org,
        topic=Topic.MOLNTJANSTER,
        urgency=2,
    )
    errand_transition(errand=errand, action=ErrandAction.ACCEPT, by=people["beredning"])
    meeting = meeting_plan(group=extern_group, dates=[timezone.localdate() + timedelta(days=7)], by=people["chair"])[0]
    # The meeting is held and closed, and the elected justerare has confirmed: the chair's justering (below, with the
    # broker down) locks the protocol and asks for its PDF.
    meeting = start_meeting(meeting, people["chair"])
    meeting_elect_adjusters(meeting=meeting, people=[people["member"]], by=people["chair"])
    meeting_close(meeting=meeting, by=people["chair"])
    meeting_justera(meeting=Meeting.objects.get(pk=meeting.pk), by=people["member"])
    OutboxTask.objects.all().delete()  # only the work of the writes below counts
    OutgoingMail.objects.all().delete()

    previous = (app.conf.broker_url, app.conf.task_always_eager)
    _point_web_at(DEAD_BROKER, eager=False)
    try:
        started = time.monotonic()
        client.force_login(people["kommunchef"])
        ordered = client.post(
            reverse("reports:list"),
            {"kind": "handlingsplan", "period_start": "2026-01-01", "period_end": "2026-04-30"},
        )
        client.force_login(people["beredning"])
        errand = Errand.objects.get(pk=errand.pk)
        referred = client.post(
            reverse("steeringgroups:errand_transition", kwargs={"pk": errand.pk}),
            {"action_name": "refer", "refer-version": errand.version, "refer-group": extern_group.pk},
        )
        client.force_login(people["chair"])
        meeting = Meeting.objects.get(pk=meeting.pk)
        frozen = client.post(
            reverse("steeringgroups:meeting_action", kwargs={"pk": meeting.pk, "action": "justera"}),
            {"justera-confirm": "on", "justera-version": meeting.version},
        )
        seconds = time.monotonic() - started
    finally:
        _point_web_at(*previous[:1], eager=previous[1])

    # Each write answered its success page, quickly, and its work waits in the outbox with the broker's error.
    assert [ordered.status_code, referred.status_code, frozen.status_code] == [302, 302, 302]
    assert seconds < 20
    rows = list(OutboxTask.objects.order_by("pk"))
    kinds = sorted({row.task_name for row in rows})
    assert kinds == [
        "reports.tasks.render_report_task",
        "steeringgroups.tasks.meeting_protocol_task",
        "vudig.core.tasks.send_mail_task",
    ]
    assert all(row.state == OutboxState.PENDING and row.runs == 0 and row.last_error for row in rows), [
        (r.task_name, r.state, r.runs, r.last_error) for r in rows
    ]
    report = Report.objects.get()
    assert report.state == ReportState.KOAD
    mails = list(OutgoingMail.objects.all())
    assert mails and all(m.sent_at is None for m in mails)
    assert not Meeting.objects.get(pk=meeting.pk).protocol_pdf

    # A broker and a worker are back: the worker's start-up sends what waits.
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DJANGO_SETTINGS_MODULE": "vudig.settings.production",
        "DJANGO_SECRET_KEY": "worker-test-only",
        "VUDIG_TRUSTED_PROXY_COUNT": "0",
        "VUDIG_VAR_DIR": str(tmp_path),
        "VUDIG_MEDIA_ROOT": str(media),
        "EMAIL_HOST": "",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "vudig", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if not OutboxTask.objects.exclude(state=OutboxState.DONE).exists():
                break
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.5)
        time.sleep(2)  # room for any duplicate delivery to run (and find its work done)
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()

    rows = list(OutboxTask.objects.order_by("pk"))
    assert all(row.state == OutboxState.DONE and row.runs == 1 for row in rows), (
        [(r.task_name, r.state, r.runs, r.last_error) for r in rows],
        output,
    )
    report.refresh_from_db()
    assert Report.objects.count() == 1
    assert report.state == ReportState.KLAR and report.attempts == 1
    assert (media / report.file.name).read_bytes().startswith(b"%PDF-")
    for queued in OutgoingMail.objects.all():
        assert queued.sent_at is not None and queued.attempts == 1, queued.subject
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.protocol_pdf and (media / meeting.protocol_pdf.name).read_bytes().startswith(b"%PDF-")
    assert "waiting task(s) sent at worker start-up" in output
