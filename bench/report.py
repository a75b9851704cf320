"""The report the bench times against WeasyPrint alone (target: our data work adds under 20 % to it).

A report under test is a name and a ``build()`` that gathers the data and returns ``(template, context)`` for
``vudig.core.pdf.render_to_pdf``. The bench times, in the same run: (a) the whole path, ``build()`` then
``render_to_pdf``; (b) WeasyPrint alone on the HTML that the same template and context already produced. Our share is
(a - b) / b. Until a report is registered the bench says "not available" and times nothing.

``bench/data/reports.py`` wires the uppföljningsrapport, like this::

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

from vudig.core.pdf import ARCHIVE_VARIANT


@dataclass(frozen=True)
class ReportUnderTest:
    name: str
    build: Callable[[], tuple[str, dict]]
    # The whole sealed render as the Celery task runs it (reports.rendering.render_report): data, JSON twin,
    # workbook, PDF and Word copy, each timed by the render itself. Optional: a report without it is timed as above.
    render: Callable[[], object] | None = None


_REPORT: ReportUnderTest | None = None


def set_report_under_test(report: ReportUnderTest | None) -> None:
    global _REPORT
    _REPORT = report


def report_under_test() -> ReportUnderTest | None:
    return _REPORT


def _time_sealed(report: ReportUnderTest, repeat: int) -> dict:
    """Median seconds of the whole sealed render and of its parts (the render times its own steps)."""
    if report.render is None:
        return {}
    # Three renders for a measurement (repeat 5 and up); one for a smoke run, whose point is that it works.
    runs = [report.render() for _ in range(3 if repeat >= 5 else 1)]
    parts = ("gather", "twin", "xlsx", "pdf", "docx")

    def seconds(run, part):
        return getattr(run, f"{part}_seconds", 0.0)

    totals = [sum(seconds(r, p) for p in parts) for r in runs]
    middle = runs[totals.index(statistics.median_low(totals))]
    return {
        "sealed_median_s": round(statistics.median(totals), 2),
        "sealed_parts_s": {p: round(seconds(middle, p), 2) for p in parts},
        "sealed_bytes": {
            "pdf": len(middle.pdf),
            "json": len(middle.json),
            "docx": len(middle.docx),
            "xlsx": len(getattr(middle, "xlsx", b"")),
        },
    }


def time_report(repeat: int) -> dict:
    """Median ms of our work (data gathering, then the HTML) and of WeasyPrint drawing that HTML, and our share.

    Each repetition runs the production path of ``vudig.core.pdf.render_to_pdf`` in three timed steps: ``build()``
    (queries), ``render_to_string`` (our template), and WeasyPrint alone on the finished HTML with the same PDF/A
    variant and base URL. Our share is (gather + HTML) / WeasyPrint.
    """
    report = report_under_test()
    if report is None:
        return {"available": False, "note": "ingen rapport registrerad (bench.report.set_report_under_test)"}
    from weasyprint import HTML

    from vudig.core.pdf import install_page_reference_cache

    install_page_reference_cache()  # WeasyPrint as production runs it
    repeat = max(repeat, 3)
    gather, build_html, weasy, queries, size, html_size = [], [], [], 0, 0, 0
    base_url = str(settings.BASE_DIR / "static")
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            template, context = report.build()
            t1 = time.perf_counter()
            html = render_to_string(template, context)
            t2 = time.perf_counter()
        pdf = HTML(string=html, base_url=base_url).write_pdf(pdf_variant=ARCHIVE_VARIANT)
        t3 = time.perf_counter()
        gather.append(t1 - t0)
        build_html.append(t2 - t1)
        weasy.append(t3 - t2)
        queries, size, html_size = len(captured), len(pdf), len(html)
    ours = [g + h for g, h in zip(gather, build_html, strict=True)]
    ours_median, weasy_median = statistics.median(ours), statistics.median(weasy)
    sealed = _time_sealed(report, repeat)
    return {
        **sealed,
        "available": True,
        "name": report.name,
        "repeat": repeat,
        "queries": queries,
        "html_bytes": html_size,
        "pdf_bytes": size,
        "gather_median_ms": round(statistics.median(gather) * 1000, 1),
        "html_median_ms": round(statistics.median(build_html) * 1000, 1),
        "whole_median_ms": round(statistics.median([o + w for o, w in zip(ours, weasy, strict=True)]) * 1000, 1),
        "weasyprint_median_ms": round(weasy_median * 1000, 1),
        "our_share": round(ours_median / weasy_median, 3),
    }
