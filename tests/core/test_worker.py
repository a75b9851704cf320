"""A real Celery worker process, consuming from the broker, sends a queued e-mail exactly once.

Needs CELERY_BROKER_URL (Redis) and a server database (PostgreSQL) the worker can share with the test; .ci/run
provides both and sets VUDIG_REQUIRE_WORKER=1, so there the test cannot be skipped.
"""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from vudig.celery import app
from vudig.core.models import OutgoingMail
from vudig.core.tasks import send_mail_task

pytestmark = pytest.mark.worker


def _require_services():
    broker = os.environ.get("CELERY_BROKER_URL", "")
    problem = None
    if not broker:
        problem = "CELERY_BROKER_URL är inte satt"
    elif connection.vendor != "postgresql":
        problem = "arbetartestet behöver PostgreSQL (DATABASE_URL)"
    if problem:
        if os.environ.get("VUDIG_REQUIRE_WORKER") == "1":
            pytest.fail(problem)
        pytest.skip(problem)
    return broker


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_queued_mail_once(tmp_path):
    broker = _require_services()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker,
        "DJANGO_SETTINGS_MODULE": "vudig.settings.production",
        "DJANGO_SECRET_KEY": "worker-test-only",
        "VUDIG_TRUSTED_PROXY_COUNT": "0",
        "VUDIG_VAR_DIR": str(tmp_path),
        "EMAIL_HOST": "",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "vudig",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        mail = OutgoingMail.objects.create(key=f"worker:{queue}", to=["chef@example.invalid"], subject="Prov", body="B")
        previous = app.conf.task_always_eager
        app.conf.task_always_eager = False
        try:
            # Sent twice on purpose: the second delivery must find the mail already sent.
            send_mail_task.apply_async(args=[mail.pk], queue=queue)
            send_mail_task.apply_async(args=[mail.pk], queue=queue)
        finally:
            app.conf.task_always_eager = previous
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            mail.refresh_from_db()
            if mail.sent_at is not None:
                break
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.5)
        time.sleep(2)  # give the duplicate delivery time to run
        mail.refresh_from_db()
        assert mail.sent_at is not None, "the worker never sent the mail"
        assert mail.attempts == 1
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert "send_mail_task" in output and "succeeded" in output
