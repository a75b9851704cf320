"""Writes of the reports app: requesting, rendering (once) and scheduling reports; keeping the årshjul."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vudig.core.outbox import outbox_enqueue
from vudig.core.rules import require
from vudig.core.workflow import check_transition
from vudig.core.write import model_update, tracked_save

from .constants import (
    KINDS_WITH_ORGANISATION,
    REPORT_TRANSITIONS,
    REPORTED_ORGANISATION_KINDS,
    ReportKind,
    ReportState,
)
from .documents import ReportRequest
from .models import AnnualEvent, Report, ReportListVisit
from .notices import report_ready_notify
from .rendering import render_report
from .rules import report_request_action
from .tasks import render_report_task

logger = logging.getLogger(__name__)


def _enqueue(report: Report) -> None:
    """Record the render in the outbox with the request: sent after commit, sent again if the broker was down."""
    outbox_enqueue(render_report_task, report.pk)


def validate_report_request(
    *, kind: str, period_start: dt.date, period_end: dt.date, organisation, today: dt.date | None = None
) -> None:
    """Refuse an unknown kind, a reversed period, a period ending after today (``today``: the local date) or a
    missing organisation with a Swedish message. Whether the person may report on the organisation is the rule
    report.request_for: the form offers only those organisations, the service asks the rule itself."""
    errors = {}
    today = today or timezone.localdate()
    if kind not in ReportKind.values:
        errors["kind"] = _("Okänd rapporttyp: ”%(kind)s”.") % {"kind": kind}
    if period_start and period_end and period_start > period_end:
        errors["period_end"] = _("Perioden är åt fel håll: ”till” (%(to)s) ligger före ”från” (%(from)s).") % {
            "to": period_end,
            "from": period_start,
        }
    elif period_end and period_end > today:
        errors["period_end"] = _(
            "Perioden slutar i framtiden: ”till” (%(to)s) ligger efter i dag (%(today)s). "
            "En rapport kan bara berätta om det som redan har hänt."
        ) % {"to": period_end, "today": today}
    if kind in KINDS_WITH_ORGANISATION and organisation is None:
        errors["organisation"] = _("Välj den organisation rapporten gäller.")
    elif kind in KINDS_WITH_ORGANISATION and organisation.kind not in REPORTED_ORGANISATION_KINDS:
        errors["organisation"] = _(
            "Det går inte att ta fram en rapport om ”%(org)s”: välj en förvaltning eller ett bolag."
        ) % {"org": organisation}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def report_request(*, kind: str, period_start: dt.date, period_end: dt.date, organisation=None, by) -> Report:
    """A person requests a report (kommunchef, process leader; a manager about their own organisation)."""
    require(by, report_request_action(kind), organisation)
    return _report_create(kind=kind, period_start=period_start, period_end=period_end, organisation=organisation, by=by)


def _report_create(
    *, kind: str, period_start: dt.date, period_end: dt.date, organisation=None, by=None, schedule_key=None
) -> Report:
    """Record a new report request and queue its rendering once the transaction commits (by=None: the årshjul)."""
    validate_report_request(kind=kind, period_start=period_start, period_end=period_end, organisation=organisation)
    report = Report(
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        organisation=organisation if kind in KINDS_WITH_ORGANISATION else None,
        requested_by=by,
        schedule_key=schedule_key,
    )
    tracked_save(report, by=by, reason=_("Beställd"))
    _enqueue(report)
    return report


def _set_state(report: Report, state: str, *, reason: str, fields: list[str]) -> None:
    if (
        check_transition(transitions=REPORT_TRANSITIONS, current=report.state, target=state, labels=ReportState.choices)
        or fields
    ):
        report.state = state
        report._change_reason = reason
        report.save(update_fields=["state", *fields])


@transaction.atomic
def report_start(*, report_id: int) -> Report | None:
    """Mark a report as being rendered; None if it is gone, already finished or failed (nothing to do)."""
    report = Report.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.state in (ReportState.KLAR, ReportState.MISSLYCKAD):
        return None
    if report.attempts >= settings.REPORTS_MAX_ATTEMPTS:
        # The worker died or was stopped by the hard time limit on every earlier try: give up, say why.
        report.failure_reason = _(
            "Rapporten kunde inte tas fram: renderingen avbröts %(n)s gånger (tidsgränsen nåddes eller arbetsprocessen stoppades)."
        ) % {"n": report.attempts}
        _set_state(report, ReportState.MISSLYCKAD, reason=_("Misslyckad"), fields=["failure_reason"])
        return None
    report.attempts += 1
    report.started_at = timezone.now()
    _set_state(report, ReportState.PAGAR, reason=_("Påbörjad"), fields=["attempts", "started_at"])
    return report


def _sealed_files(report: Report, result) -> list[tuple[str, str, bytes]]:
    """(field, file name, content) of the files a render gives (three, or four with a workbook of appendices); all
    are written or none."""
    files = [
        ("file", report.filename, result.pdf),
        ("json_file", report.json_filename, result.json),
        ("docx_file", report.docx_filename, result.docx),
    ]
    if getattr(result, "xlsx", b""):
        files.append(("xlsx_file", report.xlsx_filename, result.xlsx))
    return files


def report_finish(*, report_id: int, result, generated_at: dt.datetime) -> bool:
    """Store the PDF with its JSON twin and Word copy, their SHA-256, and mark the report klar, unless another run
    got there first; returns whether this run did.

    The files and the row are written together or not at all: if a file cannot be written or the row not saved,
    the files this run wrote are removed again and the error goes up (report_render then fails the report).
    """
    written: list[tuple] = []
    try:
        with transaction.atomic():
            report = Report.objects.select_for_update().filter(pk=report_id).first()
            if report is None or report.state != ReportState.PAGAR:
                return False
            for field, filename, content in _sealed_files(report, result):
                fieldfile = getattr(report, field)
                name = fieldfile.field.generate_filename(report, filename)
                if fieldfile.storage.exists(name):  # left by a run that died between writing and committing
                    fieldfile.storage.delete(name)
                fieldfile.save(filename, ContentFile(content), save=False)
                written.append((fieldfile.storage, fieldfile.name))
            report.pdf_sha256, report.json_sha256, report.docx_sha256, report.xlsx_sha256 = (
                result.pdf_sha256,
                result.json_sha256,
                result.docx_sha256,
                getattr(result, "xlsx_sha256", ""),
            )
            report.generated_at = generated_at
            report.failure_reason = ""
            _set_state(
                report,
                ReportState.KLAR,
                reason=_("Klar"),
                fields=[f for f, _n, _c in _sealed_files(report, result)]
                + ["pdf_sha256", "json_sha256", "docx_sha256", "xlsx_sha256", "generated_at", "failure_reason"],
            )
            report_ready_notify(report)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    return True


@transaction.atomic
def report_fail(*, report_id: int, reason: str) -> bool:
    """Mark a report misslyckad with the reason shown to the user; returns whether this call did."""
    report = Report.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.state in (ReportState.KLAR, ReportState.MISSLYCKAD):
        return False
    report.failure_reason = reason
    _set_state(report, ReportState.MISSLYCKAD, reason=_("Misslyckad"), fields=["failure_reason"])
    return True


def report_list_seen(*, user, at: dt.datetime | None = None) -> None:
    """A person looked at the reports page (now, or ``at``): what was ready by then is no longer new to them."""
    if getattr(user, "is_authenticated", False):
        # One upsert, the same single query on the first visit and every later one.
        ReportListVisit.objects.bulk_create(
            [ReportListVisit(user=user, seen_at=at or timezone.now())],
            update_conflicts=True,
            unique_fields=["user"],
            update_fields=["seen_at"],
        )


def report_request_of(report: Report, *, generated_at: dt.datetime) -> ReportRequest:
    """The render input of a stored report."""
    who = report.requested_by
    return ReportRequest(
        kind=report.kind,
        period_start=report.period_start,
        period_end=report.period_end,
        organisation=report.organisation,
        requested_by=(who.get_full_name() or who.username) if who else _("Årshjulet (automatiskt)"),
        generated_at=generated_at,
        report_id=report.pk,
    )


# Failures that pass: the task retries them with backoff; anything else fails the report at once.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError)


def report_render(*, report_id: int) -> bool:
    """Render a queued report once: start, render outside any transaction, store. Returns whether it was stored now."""
    report = report_start(report_id=report_id)
    if report is None:
        return False
    from celery.exceptions import SoftTimeLimitExceeded

    generated_at = timezone.now()
    try:
        result = render_report(report_request_of(report, generated_at=generated_at))
    except (*TRANSIENT_ERRORS, OperationalError, InterfaceError, SoftTimeLimitExceeded):
        raise  # the task retries passing failures and turns the time limit into "misslyckad"
    except DatabaseError as exc:
        report_fail(report_id=report_id, reason=_("Databasfel när rapporten togs fram: %(e)s") % {"e": exc})
        return False
    except Exception as exc:
        # Not a passing failure (a template or data error): retrying would fail the same way.
        logger.exception("Report %s failed", report_id)
        report_fail(report_id=report_id, reason=_("Rapporten kunde inte tas fram: %(e)s") % {"e": exc})
        return False
    logger.info(
        "Report %s rendered: data %.3f s, JSON %.3f s, WeasyPrint %.3f s, Word %.3f s",
        report_id,
        result.gather_seconds,
        result.twin_seconds,
        result.pdf_seconds,
        result.docx_seconds,
    )
    try:
        return report_finish(report_id=report_id, result=result, generated_at=generated_at)
    except (OperationalError, InterfaceError):
        raise  # the database is away for a moment: the task retries, and nothing was left behind
    except Exception as exc:
        logger.exception("Report %s could not be stored", report_id)
        report_fail(report_id=report_id, reason=_("Rapportens filer kunde inte sparas: %(e)s") % {"e": exc})
        return False


# Report points older than this are not caught up on (e.g. when last year's årshjul is entered afterwards).
SCHEDULE_LOOKBACK_DAYS = 60


def report_schedule_due(*, today: dt.date) -> list[Report]:
    """Request the uppföljningsrapport of every report point that has passed; one report per point, however often run."""
    created = []
    points = list(
        AnnualEvent.objects.report_points()
        .filter(start_date__gte=today - dt.timedelta(days=SCHEDULE_LOOKBACK_DAYS + 366))
        .order_by("start_date", "pk")
    )
    taken = set(
        Report.objects.filter(schedule_key__in=[f"annual-event:{p.pk}" for p in points]).values_list(
            "schedule_key", flat=True
        )
    )
    previous_end = None
    for point in points:
        day = point.last_day
        start = (
            previous_end + dt.timedelta(days=1)
            if previous_end and previous_end.year == day.year
            else dt.date(day.year, 1, 1)
        )
        previous_end = day
        key = f"annual-event:{point.pk}"
        if key in taken or day >= today or day < today - dt.timedelta(days=SCHEDULE_LOOKBACK_DAYS):
            continue
        try:
            with transaction.atomic():
                created.append(
                    _report_create(kind=ReportKind.UPPFOLJNING, period_start=start, period_end=day, schedule_key=key)
                )
        except IntegrityError:
            # Another beat run created it between our read and our insert: that one is the report.
            continue
    return created


@transaction.atomic
def annual_event_save(
    *,
    event: AnnualEvent | None = None,
    title: str,
    kind: str,
    start_date: dt.date,
    end_date: dt.date | None,
    description: str = "",
    is_report_point: bool = False,
    expected_version: int | None = None,
    by,
) -> AnnualEvent:
    """Create or change an event of the årshjul; the same form sent again is a no-op, a stale page is refused."""
    require(by, "annualcycle.edit", event)
    values = {
        "title": title,
        "kind": kind,
        "description": description,
        "start_date": start_date,
        "end_date": end_date,
        "is_report_point": is_report_point,
        "year": start_date.year,
    }
    if event is not None:
        event = AnnualEvent.objects.select_for_update().get(pk=event.pk)
        model_update(
            instance=event, values=values, expected_version=expected_version, by=by, reason=_("Händelse ändrad")
        )
        return event
    event = AnnualEvent(**values)
    tracked_save(event, by=by, reason=_("Händelse tillagd"))
    return event


@transaction.atomic
def annual_event_delete(*, event: AnnualEvent, by) -> None:
    """Remove an event from the årshjul (the history keeps it)."""
    require(by, "annualcycle.edit", event)
    event._change_reason = _("Händelse borttagen")
    event._history_user = by
    event.delete()
