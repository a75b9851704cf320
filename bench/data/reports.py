"""Bench data and the report under test for the reports app (see bench.builders for the rules).

Data: a few years of finished reports as the årshjul and the users would have ordered them: per year three
uppföljningsrapporter and one handlingsplan, and one mognadsrapport per assessed organisation (so ∝ scale). The rows
carry no PDF file (the list and detail pages never open it).

Report under test: the uppföljningsrapport for the year so far, built by the real builder (reports.documents), so the
bench times our data gathering + HTML against WeasyPrint drawing the same HTML.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from bench.builders import HISTORY_YEARS, Builder, bulk_with_history, process_leader, register
from bench.report import ReportUnderTest, set_report_under_test
from maturity.selectors import assessed_organisation_list
from reports.constants import ReportKind, ReportState
from reports.documents import ReportRequest, build
from reports.models import Report
from reports.rendering import render_report


def build_reports(scale: int, rng: random.Random) -> dict[str, int]:
    leader = process_leader()
    today = timezone.localdate()
    organisations = list(assessed_organisation_list().values_list("pk", flat=True))
    reports = []
    for year in range(today.year - HISTORY_YEARS + 1, today.year):
        for month_end in (4, 8, 12):
            end = dt.date(year, month_end, 28)
            reports.append(Report(kind=ReportKind.UPPFOLJNING, period_start=dt.date(year, 1, 1), period_end=end))
        reports.append(
            Report(kind=ReportKind.HANDLINGSPLAN, period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 20))
        )
        for org_id in organisations:
            reports.append(
                Report(
                    kind=ReportKind.MOGNAD,
                    period_start=dt.date(year, 1, 1),
                    period_end=dt.date(year, 12, 31),
                    organisation_id=org_id,
                    requested_by=leader,
                )
            )
    for report in reports:
        report.state = ReportState.KLAR
        report.generated_at = timezone.make_aware(dt.datetime.combine(report.period_end, dt.time(6)))
        report.page_count = rng.randint(4, 20)
    bulk_with_history(reports, Report, leader)
    return {"reports": len(reports)}


def _request() -> ReportRequest:
    today = timezone.localdate()
    return ReportRequest(
        kind=ReportKind.UPPFOLJNING, period_start=dt.date(today.year, 1, 1), period_end=today, generated_at=None
    )


def _uppfoljning_sealed():
    """The same report rendered as the Celery task does: the JSON twin, the workbook, the PDF and the Word copy."""
    return render_report(_request())


def _uppfoljning() -> tuple[str, dict]:
    """The uppföljningsrapport for this year so far, gathered exactly as reports.rendering does."""
    request = _request()
    document = build(request)
    context = {
        **document.context,
        "title": document.title,
        "toc": document.toc,
        "request": request,
        "generated_at": timezone.now(),
    }
    return document.template, context


register(Builder(name="reports", build=build_reports, order=60))
set_report_under_test(ReportUnderTest("uppföljningsrapport", _uppfoljning, render=_uppfoljning_sealed))
