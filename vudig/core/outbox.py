"""The transactional outbox: background work is recorded with the write that wants it, and dispatched after commit.

A service calls ``outbox_enqueue(task, pk)`` inside its transaction instead of ``on_commit(task.delay)``. The row
commits or rolls back with the write. After commit it is sent to the broker; a broker that is down only leaves the row
pending (logged, never an error for the person who made the write). The beat job ``core-outbox-redispatch`` and every
worker's start-up send again what is pending and what was sent but not finished within its time limit (a worker killed
mid-task). A run of the task that ends marks the row done (or failed, with the error) through Celery's signals, matched
by a message header. Tasks stay idempotent, which is what makes sending a row twice harmless: the task's own row lock
and state decide that the work happens once.

Without a broker (the embedded mode, CELERY_TASK_ALWAYS_EAGER) the task runs in this process. With
OUTBOX_IN_BACKGROUND on (the embedded default) it runs after commit in a small pool of background threads of the web
process, each with its own database connection, so the request that wanted the work returns at once; off (the
tests), it runs in the committing thread before the request returns, which keeps tests deterministic.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from celery.signals import task_failure, task_postrun, task_retry, worker_ready
from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OutboxState, OutboxTask

logger = logging.getLogger(__name__)

HEADER = "vudig_outbox"
# A pending row younger than this is left to the dispatch its own transaction queued (avoids sending it twice).
PENDING_GRACE = timedelta(seconds=30)
# A sent row is stuck when this much longer than its time limit has passed without a run finishing.
STUCK_MARGIN = timedelta(seconds=60)
# Finished rows are kept this long for the operators, then removed by the beat job.
KEEP_DONE = timedelta(days=30)
# A short connection retry when sending: a broker that is down must not hold the request for long.
RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# Embedded mode: threads that run in-process tasks after commit, outside the request (two: a long PDF render does not
# hold up an e-mail behind it; more would only compete for the same cores as the web requests).
BACKGROUND_THREADS = 2
_background: ThreadPoolExecutor | None = None


def _task_time_limit(task) -> int:
    return int(getattr(task, "time_limit", None) or settings.CELERY_TASK_TIME_LIMIT)


def outbox_enqueue(task, *args) -> OutboxTask:
    """Record ``task(*args)`` in the current transaction; it is sent to the broker once that commits."""
    row = OutboxTask.objects.create(task_name=task.name, args=list(args), time_limit=_task_time_limit(task))
    row_id = row.pk
    transaction.on_commit(lambda: _after_commit([row_id]), robust=True)
    return row


def _runs_in_background() -> bool:
    from celery import current_app

    return bool(current_app.conf.task_always_eager and getattr(settings, "OUTBOX_IN_BACKGROUND", False))


def _after_commit(row_ids: list[int]) -> None:
    """Send to the broker now; in the embedded mode, hand the in-process run to a background thread instead."""
    if not _runs_in_background():
        outbox_send(row_ids=row_ids)
        return
    global _background
    if _background is None:
        _background = ThreadPoolExecutor(max_workers=BACKGROUND_THREADS, thread_name_prefix="vudig-outbox")
    try:
        _background.submit(_send_in_background, row_ids)
    except RuntimeError:
        # The process is exiting (a management command such as load_demo): the pool takes no new work, but it waits
        # for what it has, and this commit is one of it. Run the rows here, in the thread that committed.
        outbox_send(row_ids=row_ids)


def _send_in_background(row_ids: list[int]) -> None:
    """One background run: its own database connection (a thread's own, Django's are per thread), closed after."""
    close_old_connections()
    try:
        outbox_send(row_ids=row_ids)
    except Exception:
        # outbox_send already marks a task that raised as failed; this is the database itself failing (the row stays
        # dispatched, so the re-dispatch finds it once past its time limit).
        logger.exception("Outbox %s: background run failed", row_ids)
    finally:
        connections.close_all()


def outbox_send(*, row_ids: list[int]) -> int:
    """Claim the given pending rows and send them to the broker; returns how many the broker took.

    Never raises for a broker problem: the row goes back to pending with the error, for the beat job to send again.
    """
    with transaction.atomic():
        rows = list(
            OutboxTask.objects.select_for_update(skip_locked=True).filter(pk__in=row_ids, state=OutboxState.PENDING)
        )
        now = timezone.now()
        for row in rows:
            row.state, row.dispatched_at, row.runs = OutboxState.DISPATCHED, now, row.runs + 1
        OutboxTask.objects.bulk_update(rows, ["state", "dispatched_at", "runs"])
    sent = 0
    for row in rows:
        if _publish(row):
            sent += 1
    return sent


def _publish(row: OutboxTask) -> bool:
    from celery import current_app

    try:
        current_app.tasks[row.task_name].apply_async(
            args=row.args, headers={HEADER: row.pk}, retry=True, retry_policy=RETRY_POLICY
        )
    except Exception as exc:
        if current_app.conf.task_always_eager:
            # In-process tasks (no broker): the task itself raised. The request still succeeds; the row is failed.
            logger.exception("Outbox %s (%s) failed in-process", row.pk, row.task_name)
            OutboxTask.objects.filter(pk=row.pk).exclude(state=OutboxState.DONE).update(
                state=OutboxState.FAILED, done_at=timezone.now(), last_error=_short(exc)
            )
            return False
        # The broker is down: the work waits for the beat job or a worker's start-up; the request does not fail.
        logger.warning("Outbox %s (%s) not sent: %s", row.pk, row.task_name, exc)
        OutboxTask.objects.filter(pk=row.pk, state=OutboxState.DISPATCHED).update(
            state=OutboxState.PENDING, dispatched_at=None, runs=F("runs") - 1, last_error=_short(exc)
        )
        return False
    return True


def outbox_due(*, now=None):
    """Rows to send again: pending past the grace (or refused by the broker), or sent and not finished in time."""
    now = now or timezone.now()
    stuck = [
        row.pk
        for row in OutboxTask.objects.filter(state=OutboxState.DISPATCHED).only("pk", "dispatched_at", "time_limit")
        if row.dispatched_at + timedelta(seconds=row.time_limit) + STUCK_MARGIN <= now
    ]
    pending = OutboxTask.objects.filter(state=OutboxState.PENDING).filter(
        Q(created_at__lte=now - PENDING_GRACE) | ~Q(last_error="")
    )
    return OutboxTask.objects.filter(Q(pk__in=stuck) | Q(pk__in=pending.values("pk")))


def outbox_redispatch(*, now=None) -> int:
    """Send pending and stuck rows again (the beat job, and each worker at start-up); returns how many were sent.

    A stuck row that has already been sent OUTBOX_MAX_RUNS times is given up as failed, with the reason.
    """
    now = now or timezone.now()
    cap = settings.OUTBOX_MAX_RUNS
    ids = []
    with transaction.atomic():
        for row in outbox_due(now=now).select_for_update(skip_locked=True):
            if row.state == OutboxState.DISPATCHED and row.runs >= cap:
                row.state, row.done_at = OutboxState.FAILED, now
                row.last_error = _(
                    "Gavs upp: uppgiften skickades %(n)s gånger utan att någon körning blev klar "
                    "(arbetsprocessen stoppades eller tidsgränsen nåddes)."
                ) % {"n": row.runs}
                row.save(update_fields=["state", "done_at", "last_error"])
                continue
            if row.state == OutboxState.DISPATCHED:
                row.state = OutboxState.PENDING
                row.save(update_fields=["state"])
            ids.append(row.pk)
    OutboxTask.objects.filter(state=OutboxState.DONE, done_at__lt=now - KEEP_DONE).delete()
    return outbox_send(row_ids=ids) if ids else 0


def outbox_retry(*, rows) -> int:
    """An operator sends failed or waiting rows again (the admin's action); rows already done are left alone."""
    ids = list(rows.exclude(state=OutboxState.DONE).values_list("pk", flat=True))
    OutboxTask.objects.filter(pk__in=ids).update(state=OutboxState.PENDING, runs=0, done_at=None)
    return outbox_send(row_ids=ids)


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def _row_id(task) -> int | None:
    request = getattr(task, "request", None)
    if request is None:
        return None
    value = (getattr(request, "headers", None) or {}).get(HEADER) or request.get(HEADER)
    return int(value) if value else None


@task_postrun.connect(dispatch_uid="vudig-outbox-postrun")
def _on_postrun(sender=None, task=None, state=None, **kwargs):
    """A run ended well: its row is done."""
    row_id = _row_id(task)
    if row_id is not None and state == "SUCCESS":
        OutboxTask.objects.filter(pk=row_id).update(state=OutboxState.DONE, done_at=timezone.now(), last_error="")


@task_failure.connect(dispatch_uid="vudig-outbox-failure")
def _on_failure(sender=None, exception=None, **kwargs):
    """A run failed after the task's own retries: its row is failed, with the error, for an operator to retry."""
    row_id = _row_id(sender)
    if row_id is not None:
        OutboxTask.objects.filter(pk=row_id).exclude(state=OutboxState.DONE).update(
            state=OutboxState.FAILED, done_at=timezone.now(), last_error=_short(exception) if exception else ""
        )


@task_retry.connect(dispatch_uid="vudig-outbox-retry")
def _on_retry(sender=None, request=None, reason=None, **kwargs):
    """The task will run again by itself: its row counts as sent now, so it is not taken for stuck too early."""
    value = (getattr(request, "headers", None) or {}).get(HEADER) or (request.get(HEADER) if request else None)
    if value:
        OutboxTask.objects.filter(pk=int(value)).update(dispatched_at=timezone.now(), last_error=_short(reason))


@worker_ready.connect(dispatch_uid="vudig-outbox-worker-ready")
def _on_worker_ready(sender=None, **kwargs):
    """A worker that starts (e.g. after the broker or a killed worker came back) sends what waits."""
    try:
        sent = outbox_redispatch()
    except Exception:
        logger.exception("Outbox re-dispatch at worker start-up failed")
        return
    logger.info("Outbox: %s waiting task(s) sent at worker start-up", sent)
