"""A worker killed (SIGKILL) in the middle of a render: the report is still produced, exactly once.

Needs CELERY_BROKER_URL (Redis) and PostgreSQL, like tests/core/test_worker.py; skipped without them unless
VUDIG_REQUIRE_WORKER=1. The worker runs the portal's Celery app from tests/reports/slow_render_celery.py, whose
renders sleep before drawing and log when they start and finish, so there is time to kill it mid-render and the log
shows that it was; Redis gives the unacknowledged task to the next worker after CELERY_VISIBILITY_TIMEOUT seconds (set
low here).
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command

from reports.constants import ReportKind, ReportState
from reports.models import Report
from reports.tasks import render_report_task
from tests.core.test_worker import _database_url, _require_services
from tests.reports.slow_render_celery import RENDER_DELAY_SECONDS, RENDER_DRAWN, RENDER_STARTED
from vudig.celery import app

pytestmark = pytest.mark.worker


def _start_worker(env, queue):
    """A solo worker of the slow-render app; its output is collected line by line in ``worker.lines``."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tests.reports.slow_render_celery", "worker", "--pool=solo", "-Q",
         queue, "--loglevel=INFO", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    worker.lines = []

    def read():
        for line in worker.stdout:
            worker.lines.append(line)

    worker.reader = threading.Thread(target=read, daemon=True)
    worker.reader.start()
    return worker


def _output(worker) -> str:
    return "".join(worker.lines)


def _wait_for(report, predicate, worker, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if predicate(report):
            return True
        if worker.poll() is not None:
            worker.reader.join(timeout=10)
            raise AssertionError(_output(worker))
        time.sleep(0.3)
    return False


def _wait_for_log(worker, text, seconds) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _output(worker):
            return True
        if worker.poll() is not None:
            return False
        time.sleep(0.1)
    return False


def _stop(worker) -> str:
    if worker.poll() is None:
        worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    worker.reader.join(timeout=10)
    return _output(worker)


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_render_still_gives_exactly_one_report(tmp_path):
    broker = _require_services()
    call_command("load_plan", verbosity=0)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    media = tmp_path / "media"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "DJANGO_SETTINGS_MODULE": "vudig.settings.production",
        "DJANGO_SECRET_KEY": "worker-test-only",
        "VUDIG_TRUSTED_PROXY_COUNT": "0",
        "VUDIG_VAR_DIR": str(tmp_path),
        "VUDIG_MEDIA_ROOT": str(media),
        "EMAIL_HOST": "",
        "CELERY_VISIBILITY_TIMEOUT": "4",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
    }
    report = Report.objects.create(
        kind=ReportKind.UPPFOLJNING, period_start="2026-01-01", period_end="2026-04-30", state=ReportState.KOAD
    )
    first = _start_worker(env, queue)
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        render_report_task.apply_async(args=[report.pk], queue=queue)
    finally:
        app.conf.task_always_eager = previous
    try:
        assert _wait_for(report, lambda r: r.state == ReportState.PAGAR, first, 60), "the render never started"
        assert _wait_for_log(first, RENDER_STARTED, 60), f"the PDF step never started:\n{_output(first)}"
        time.sleep(1)  # well inside the render's sleep
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=20)
        first.reader.join(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    first_output = _output(first)
    report.refresh_from_db()
    assert first.returncode == -signal.SIGKILL
    assert RENDER_DELAY_SECONDS > 1 and RENDER_DRAWN not in first_output  # killed while drawing, not after
    assert report.state == ReportState.PAGAR and not report.file and report.attempts == 1

    second = _start_worker(env, queue)
    try:
        finished = _wait_for(report, lambda r: r.state == ReportState.KLAR, second, 90)
        time.sleep(2)  # room for any duplicate delivery to run (and find the report done)
    finally:
        second_output = _stop(second)
    assert finished, f"the report was never finished:\n{first_output}\n---\n{second_output}"
    report.refresh_from_db()
    assert Report.objects.count() == 1
    assert report.state == ReportState.KLAR and report.attempts == 2  # the killed try and the one that finished
    # One sealed set: the PDF, its JSON twin and its Word copy, once each (no file left by the killed try).
    files = {f.name: f for f in (media / "reports" / str(report.pk)).iterdir()}
    assert sorted(files) == sorted([report.filename, report.json_filename, report.docx_filename])
    assert files[report.filename].read_bytes().startswith(b"%PDF-")
    assert "render_report_task" in second_output and "succeeded" in second_output
    assert RENDER_DRAWN in second_output
