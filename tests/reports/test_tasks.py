"""Rendering runs once per request however often the task runs; failures end as misslyckad with a reason."""

import datetime as dt

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail
from django.core.exceptions import ValidationError

from reports import rendering
from reports.constants import ReportKind, ReportState
from reports.models import AnnualEvent, Report
from reports.services import annual_event_save, report_request, report_schedule_due
from reports.tasks import produce_scheduled_reports, render_report_task


def _request(people, **kwargs):
    return report_request(
        kind=kwargs.pop("kind", ReportKind.HANDLINGSPLAN),
        period_start=kwargs.pop("period_start", dt.date(2026, 1, 1)),
        period_end=kwargs.pop("period_end", dt.date(2026, 4, 30)),
        by=people["kommunchef"],
        **kwargs,
    )


def test_request_is_rendered_after_commit(people, django_capture_on_commit_callbacks, media_root):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = _request(people)
    report.refresh_from_db()
    assert report.state == ReportState.KOAD and len(callbacks) == 1  # queued only once the transaction commits
    callbacks[0]()
    report.refresh_from_db()
    assert report.state == ReportState.KLAR and report.attempts == 1 and report.generated_at is not None
    assert report.file.name == f"reports/{report.pk}/{report.filename}"
    assert (media_root / report.file.name).read_bytes().startswith(b"%PDF-")


def test_task_run_twice_gives_one_report_and_one_file(people, django_capture_on_commit_callbacks, media_root):
    with django_capture_on_commit_callbacks(execute=True):
        report = _request(people)
    report.refresh_from_db()
    first = (media_root / report.file.name).read_bytes()
    generated = report.generated_at
    assert render_report_task.delay(report.pk).get() is False  # second run: nothing to do
    assert render_report_task.delay(report.pk).get() is False
    report.refresh_from_db()
    assert Report.objects.count() == 1 and report.generated_at == generated and report.attempts == 1
    assert (media_root / report.file.name).read_bytes() == first  # never regenerated silently
    assert sorted(p.name for p in (media_root / "reports" / str(report.pk)).iterdir()) == sorted(
        [report.filename, report.json_filename, report.docx_filename]
    )


def test_task_for_a_deleted_report_returns_quietly(people):
    assert render_report_task.delay(987654).get() is False


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "arsbokslut"}, "kind"),
        ({"period_start": dt.date(2026, 5, 1), "period_end": dt.date(2026, 4, 1)}, "period_end"),
        ({"kind": ReportKind.MOGNAD}, "organisation"),
    ],
)
def test_bad_request_is_refused_and_nothing_is_queued(people, django_capture_on_commit_callbacks, kwargs, field):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError) as exc:
        _request(people, **kwargs)
    assert field in exc.value.message_dict and callbacks == [] and not Report.objects.exists()


def test_a_render_error_ends_as_misslyckad_with_the_reason(people, django_capture_on_commit_callbacks, monkeypatch):
    def broken(request):
        raise ValueError("mallen saknar ett fält")

    monkeypatch.setattr(rendering, "build", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = _request(people)
    report.refresh_from_db()
    assert report.state == ReportState.MISSLYCKAD and "mallen saknar ett fält" in report.failure_reason
    assert not report.file


def test_a_passing_failure_is_retried_and_then_succeeds(people, django_capture_on_commit_callbacks, monkeypatch):
    real_build = rendering.build
    calls = []

    def flaky(request):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("databasen svarade inte")
        return real_build(request)

    monkeypatch.setattr(rendering, "build", flaky)
    with django_capture_on_commit_callbacks(execute=False):
        report = _request(people)
    # apply() runs Celery's retry eagerly, the way a worker would after the backoff.
    result = render_report_task.apply(args=[report.pk], throw=False)
    assert result.get() is True
    report.refresh_from_db()
    assert len(calls) == 2 and report.state == ReportState.KLAR and report.attempts == 2


def test_a_runaway_render_ends_as_misslyckad(people, django_capture_on_commit_callbacks, monkeypatch):
    def runaway(request):
        raise SoftTimeLimitExceeded()  # what Celery raises in the task when the soft time limit is reached

    monkeypatch.setattr(rendering, "build", runaway)
    with django_capture_on_commit_callbacks(execute=True):
        report = _request(people)
    report.refresh_from_db()
    assert report.state == ReportState.MISSLYCKAD and "för lång tid" in report.failure_reason


def test_a_render_cut_off_again_and_again_is_given_up(people, settings):
    settings.REPORTS_MAX_ATTEMPTS = 2
    report = Report.objects.create(
        kind=ReportKind.HANDLINGSPLAN,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 2, 1),
        state=ReportState.PAGAR,
        attempts=2,  # two earlier deliveries died with their worker (or hit the hard time limit)
    )
    assert render_report_task.delay(report.pk).get() is False
    report.refresh_from_db()
    assert report.state == ReportState.MISSLYCKAD and "avbröts 2 gånger" in report.failure_reason


def _report_points(people):
    leader = people["process_leader"]
    for title, day in [("Tertialrapport 1", dt.date(2026, 4, 30)), ("Delårsrapport", dt.date(2026, 8, 31))]:
        annual_event_save(
            title=title, kind="tertialrapport", start_date=day, end_date=None, is_report_point=True, by=leader
        )
    annual_event_save(title="Budget", kind="budget", start_date=dt.date(2026, 5, 2), end_date=None, by=leader)


def test_schedule_run_twice_produces_one_report_per_passed_point_and_mails_kommunchef(
    people, django_capture_on_commit_callbacks
):
    _report_points(people)
    with django_capture_on_commit_callbacks(execute=True):
        created = report_schedule_due(today=dt.date(2026, 9, 2))
    with django_capture_on_commit_callbacks(execute=True):
        again = report_schedule_due(today=dt.date(2026, 9, 2))
    assert len(created) == 1 and again == []  # T1 is older than the look-back window; only the delårsrapport
    report = Report.objects.get()
    assert (report.kind, report.period_start, report.period_end) == (
        ReportKind.UPPFOLJNING,
        dt.date(2026, 5, 1),
        dt.date(2026, 8, 31),
    )
    assert report.state == ReportState.KLAR and report.requested_by is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [people["kommunchef"].email]
    assert f"/rapporter/{report.pk}/ladda-ner/" in mail.outbox[0].body


def test_schedule_waits_until_the_point_has_passed(people, django_capture_on_commit_callbacks):
    _report_points(people)
    with django_capture_on_commit_callbacks(execute=True):
        assert report_schedule_due(today=dt.date(2026, 4, 30)) == []
        assert len(report_schedule_due(today=dt.date(2026, 5, 1))) == 1
    report = Report.objects.get()
    assert (report.period_start, report.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 4, 30))


def test_beat_task_run_twice_produces_one_report(people, django_capture_on_commit_callbacks, monkeypatch):
    AnnualEvent.objects.all().delete()
    from django.utils import timezone

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    annual_event_save(
        title="Tertial",
        kind="tertialrapport",
        start_date=yesterday,
        end_date=None,
        is_report_point=True,
        by=people["process_leader"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert produce_scheduled_reports.delay().get() == 1
        assert produce_scheduled_reports.delay().get() == 0
    assert Report.objects.filter(state=ReportState.KLAR).count() == 1
