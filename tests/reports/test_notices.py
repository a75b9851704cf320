"""A report ready tells whoever ordered it once (vudig.core.notices), with the download link."""

import datetime as dt

from django.core import mail

from reports.constants import ReportKind
from reports.services import report_finish, report_start
from vudig.core.models import Notice, OutgoingMail

from .conftest import make_report

PDF = b"%PDF-1.7 test"


def _finish_twice(report, capture):
    with capture(execute=True):
        report_start(report_id=report.pk)
        assert report_finish(report_id=report.pk, pdf=PDF, generated_at=dt.datetime.now(tz=dt.UTC)) is True
    with capture(execute=True):
        assert report_finish(report_id=report.pk, pdf=PDF, generated_at=dt.datetime.now(tz=dt.UTC)) is False


def test_a_report_ready_tells_who_ordered_it_once(people, org, django_capture_on_commit_callbacks):
    manager = people["manager"]
    report = make_report(kind=ReportKind.MOGNAD, organisation=org, by=manager)
    _finish_twice(report, django_capture_on_commit_callbacks)
    notice = Notice.objects.get(recipient=manager, key=f"report-ready:{report.pk}")
    assert notice.url == f"/rapporter/{report.pk}/ladda-ner/"
    assert OutgoingMail.objects.filter(key=f"notice:{notice.pk}").count() == 1
    assert [m.to for m in mail.outbox] == [[manager.email]]
    message = mail.outbox[0]
    assert message.subject == "Rapporten ”Mognadsrapport för en organisation” 2026-01-01–2026-04-30 är klar"
    assert f"/rapporter/{report.pk}/ladda-ner/" in message.body and "som du beställde är klar" in message.body
    assert Notice.objects.filter(key=f"report-ready:{report.pk}").count() == 1  # nobody else is told


def test_a_scheduled_report_tells_kommunchef(people, django_capture_on_commit_callbacks):
    report = make_report(schedule_key="annual-event:test")
    _finish_twice(report, django_capture_on_commit_callbacks)
    assert list(Notice.objects.filter(key=f"report-ready:{report.pk}").values_list("recipient", flat=True)) == [
        people["kommunchef"].pk
    ]
    assert [m.to for m in mail.outbox] == [[people["kommunchef"].email]]
    assert "Årshjulets rapport" in mail.outbox[0].body
