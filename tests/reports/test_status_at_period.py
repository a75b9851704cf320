"""The follow-up report's measure section shows "status at T1": the plan in force's status as frozen when each
follow-up period closed by the report's end closed, counted from the period reports and checked against the database;
constant queries whatever the number of periods and rows."""

import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from measures import periods
from measures.constants import ResultStatus
from measures.models import PeriodReport
from reports.constants import ReportKind
from reports.documents import ReportRequest
from reports.rendering import render_report
from reports.sections import ReportPeriod, section_status


def _open(people, title, days=30):
    return periods.period_open(
        title=title, kind="t1", deadline=timezone.localdate() + dt.timedelta(days=days), by=people["process_leader"]
    )


def _close(people, period):
    return periods.period_close(period=period, by=people["process_leader"], expected_version=period.version)


def _frozen(end):
    today = timezone.localdate()
    return section_status(period=ReportPeriod(start=today - dt.timedelta(days=90), end=end)).context["frozen"]


def test_the_status_at_a_closed_period_is_counted_from_its_frozen_reports(people):
    t1 = _open(people, "Uppföljning T1")
    rows = PeriodReport.objects.filter(period=t1)
    items, parts = rows.filter(part=None), rows.exclude(part=None)
    assert items.exists() and parts.exists()
    PeriodReport.objects.filter(pk__in=list(items.values_list("pk", flat=True)[:3])).update(
        status=ResultStatus.PABORJAT
    )
    PeriodReport.objects.filter(pk__in=list(parts.values_list("pk", flat=True)[:2])).update(
        status=ResultStatus.AVSLUTAD
    )
    assert _frozen(timezone.localdate()) == []  # an open period is no "status at" yet
    t1 = _close(people, t1)
    [frozen] = _frozen(timezone.localdate())
    assert frozen.period == t1
    unreported_items = items.filter(status="").count()
    assert frozen.items == [("Påbörjat", 3), ("Ej rapporterad", unreported_items)]
    assert frozen.items_total == items.count()
    assert frozen.parts == [("Avslutad", 2), ("Ej rapporterad", parts.filter(status="").count())]
    assert frozen.parts_total == parts.count()
    # A report whose period ended before the closing does not know of it yet.
    assert _frozen(timezone.localdate() - dt.timedelta(days=1)) == []


def test_status_at_each_period_takes_the_same_queries_however_many_periods(people):
    today = timezone.localdate()
    _close(people, _open(people, "Uppföljning T1"))
    with CaptureQueriesContext(connection) as one:
        assert len(_frozen(today)) == 1
    for title in ("Uppföljning T2", "Bokslut"):
        _close(people, _open(people, title))
    with CaptureQueriesContext(connection) as three:
        assert len(_frozen(today)) == 3
    assert len(one) == len(three)


def test_the_pdf_shows_the_status_at_the_closed_period(people):
    t1 = _open(people, "Uppföljning T1")
    PeriodReport.objects.filter(period=t1, part=None).update(status=ResultStatus.FRAMTAGEN)
    _close(people, t1)
    today = timezone.localdate()
    pdf = render_report(
        ReportRequest(
            kind=ReportKind.UPPFOLJNING,
            period_start=today - dt.timedelta(days=30),
            period_end=today,
            requested_by="Kim Kommunchef",
        )
    ).pdf
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    count = PeriodReport.objects.filter(period=t1, part=None).count()
    assert "Status vid Uppföljning T1" in text
    assert f"Status vid Uppföljning T1: resultat och åtgärder ({count})" in text
    assert f"Framtagen {count}" in text
