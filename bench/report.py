"""The report the bench times against WeasyPrint alone (issue 7: "our data work adds under 20 %").

A report under test is a name and a ``build()`` that gathers the data and returns ``(template, context)`` for
``reports.pdf.render_to_pdf``. The bench times, in the same run: (a) the whole path, ``build()`` then
``render_to_pdf``; (b) WeasyPrint alone on the HTML that the same template and context already produced. Our share is
(a - b) / b. Until a report is registered the bench says "not available" and times nothing.

Wiring the uppföljningsrapport after the reports app lands (here or in ``reports/benchdata.py``)::

    def _uppfoljning():
        from reports.documents import ReportRequest, build
        document = build(ReportRequest(kind="uppfoljning", ...))
        return document.template, {**document.context, "title": document.title, "toc": document.toc}

    set_report_under_test(ReportUnderTest("uppföljningsrapport", _uppfoljning))
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class ReportUnderTest:
    name: str
    build: Callable[[], tuple[str, dict]]


_REPORT: ReportUnderTest | None = None


def set_report_under_test(report: ReportUnderTest | None) -> None:
    global _REPORT
    _REPORT = report


def report_under_test() -> ReportUnderTest | None:
    return _REPORT


def time_report(repeat: int) -> dict:
    """Median seconds for the whole report and for WeasyPrint alone, and our share on top of WeasyPrint."""
    report = report_under_test()
    if report is None:
        return {"available": False, "note": "ingen rapport registrerad (bench.report.set_report_under_test)"}
    from weasyprint import HTML

    from reports.pdf import render_to_pdf

    repeat = max(repeat, 3)
    whole, weasy, queries, size = [], [], 0, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            template, context = report.build()
            pdf = render_to_pdf(template, context)
            whole.append(time.perf_counter() - started)
        queries, size = len(captured), len(pdf)
        html = render_to_string(template, context)  # already built: only WeasyPrint is timed below
        started = time.perf_counter()
        HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
        weasy.append(time.perf_counter() - started)
    whole_median, weasy_median = statistics.median(whole), statistics.median(weasy)
    return {
        "available": True,
        "name": report.name,
        "repeat": repeat,
        "queries": queries,
        "pdf_bytes": size,
        "whole_median_ms": round(whole_median * 1000, 1),
        "weasyprint_median_ms": round(weasy_median * 1000, 1),
        "our_share": round((whole_median - weasy_median) / weasy_median, 3),
    }
