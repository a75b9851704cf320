"""Celery tasks of the reports app: render a requested report; produce the årshjul's scheduled reports.

As in every app, a task imports the service it calls in its body, and the services import the tasks they enqueue
(with transaction.on_commit) at module level.
"""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django.utils.translation import gettext as _


# idempotent: report_start/report_finish lock the row; a finished or failed report is left alone, and a second
# render that finishes after the first throws its PDF away, so one request gives one report however often this runs.
# acks_late + reject_on_worker_lost: a worker that dies mid-render leaves the message to be delivered again;
# REPORTS_MAX_ATTEMPTS bounds that, so a render that always kills its worker ends as misslyckad.
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=5,
    soft_time_limit=settings.REPORTS_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTS_TIME_LIMIT,
)
def render_report_task(self, report_id: int) -> bool:
    """Render one report to PDF."""
    from .services import TRANSIENT_ERRORS, report_fail, report_render

    try:
        return report_render(report_id=report_id)
    except SoftTimeLimitExceeded:
        report_fail(
            report_id=report_id,
            reason=_("Rapporten tog för lång tid att ta fram (mer än %(s)s sekunder) och avbröts.")
            % {"s": settings.REPORTS_SOFT_TIME_LIMIT},
        )
        return False
    except (*TRANSIENT_ERRORS, OperationalError, InterfaceError) as exc:
        if self.request.retries >= self.max_retries:
            report_fail(report_id=report_id, reason=_("Tillfälligt fel som inte gick över: %(e)s") % {"e": exc})
            return False
        # Backoff: 10 s, 20 s, 40 s … capped at ten minutes.
        raise self.retry(exc=exc, countdown=min(10 * 2**self.request.retries, 600)) from exc


# idempotent: each report point gives one Report with a unique schedule_key; a second run finds it and adds nothing.
@shared_task(acks_late=True)
def produce_scheduled_reports() -> int:
    """Request the uppföljningsrapport of each årshjul report point that has passed."""
    from .services import report_schedule_due

    return len(report_schedule_due(today=timezone.localdate()))
