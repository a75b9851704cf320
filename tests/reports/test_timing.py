"""Data gathering takes a constant number of queries whatever the size; most of the time is WeasyPrint's own.

Run with ``-s`` to see the measured times.
"""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import Measure, MeasureResult, Plan
from reports.constants import ReportKind
from reports.documents import ReportRequest, build
from reports.rendering import render_report
from reports.selectors import report_organisations
from reports.services import annual_event_save
from vudig.core.models import Obstacle


def _request(kind, **kwargs):
    return ReportRequest(kind=kind, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31), **kwargs)


def _queries(kind, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        build(_request(kind, **kwargs))
    return len(queries)


def _grow(n: int) -> None:
    plan = Plan.objects.get(slug="tidigare-atgarder")
    for i in range(n):
        measure = Measure.objects.create(plan=plan, title=f"Tillväxt {n}-{i}", responsible="Alla")
        result = MeasureResult.objects.create(measure=measure, title=f"R {i}", status="paborjat")
        result.status = "etablerat"
        result.save()  # a status change in the history
        annual_event_save(
            title=f"Möte {n}-{i}", kind="forummote", start_date=dt.date(2026, 1 + i % 12, 1), end_date=None
        )
    for i in range(n):
        Obstacle.objects.create(number=100 + n + i, text=f"Hinder {n}-{i}")


def test_data_gathering_takes_the_same_queries_at_two_sizes(plan):
    small = {kind: _queries(kind) for kind in (ReportKind.UPPFOLJNING, ReportKind.HANDLINGSPLAN)}
    _grow(30)
    large = {kind: _queries(kind) for kind in (ReportKind.UPPFOLJNING, ReportKind.HANDLINGSPLAN)}
    print(f"\nqueries to gather data: small {small}, large {large}")
    assert small == large, (small, large)
    assert small[ReportKind.UPPFOLJNING] <= 15
    org = report_organisations().first()
    assert _queries(ReportKind.MOGNAD, organisation=org) <= 2


def test_timing_for_pitea_13_organisations(plan):
    organisations = list(report_organisations())
    assert len(organisations) == 13  # 7 förvaltningar and 6 bolag
    result = render_report(_request(ReportKind.UPPFOLJNING))
    print(
        f"\nuppföljningsrapport: datainsamling {result.gather_seconds * 1000:.1f} ms, "
        f"WeasyPrint {result.pdf_seconds * 1000:.0f} ms"
    )
    assert result.pdf_seconds > result.gather_seconds
    gather = pdf = 0.0
    for organisation in organisations:
        r = render_report(_request(ReportKind.MOGNAD, organisation=organisation))
        gather, pdf = gather + r.gather_seconds, pdf + r.pdf_seconds
    print(f"13 mognadsrapporter: datainsamling {gather * 1000:.1f} ms, WeasyPrint {pdf * 1000:.0f} ms")
    assert pdf > gather
