"""Turn a ReportRequest into its sealed files, the same way for the Celery task and the render_report command.

One render gives three or four files from one gathering of the data: the JSON twin (every figure), the workbook
of the appendices too long to print (reports.appendix_book; only when there is one), the PDF (which prints the
twin's SHA-256 in its colophon and the workbook's on each appendix page it holds) and the Word copy (built from the
twin, for editing).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from vudig.core.pdf import render_to_pdf

from .appendix_book import workbook_bytes
from .documents import ReportRequest, build
from .twin import sha256, twin_bytes, twin_of
from .word import docx_of


@dataclass
class RenderResult:
    pdf: bytes
    title: str
    gather_seconds: float
    pdf_seconds: float
    json: bytes = b""
    docx: bytes = b""
    twin: dict | None = None
    twin_seconds: float = 0.0
    docx_seconds: float = 0.0
    xlsx: bytes = b""
    xlsx_seconds: float = 0.0

    @property
    def pdf_sha256(self) -> str:
        return sha256(self.pdf)

    @property
    def json_sha256(self) -> str:
        return sha256(self.json)

    @property
    def docx_sha256(self) -> str:
        return sha256(self.docx)

    @property
    def xlsx_sha256(self) -> str:
        return sha256(self.xlsx) if self.xlsx else ""


def render_report(request: ReportRequest) -> RenderResult:
    """Gather the data (timed), write its twin, then let WeasyPrint draw it (timed) and python-docx copy it."""
    started = time.perf_counter()
    document = build(request)
    gathered = time.perf_counter()
    twin, charts = twin_of(request=request, document=document)
    json_data = twin_bytes(twin)
    twinned = time.perf_counter()
    context = {
        **document.context,
        "title": document.title,
        "toc": document.toc,
        "request": request,
        "generated_at": request.generated_at or timezone.now(),
        # Links in a PDF must be absolute: a relative one would point into the file system of whoever opens it.
        "link_base": settings.VUDIG_BASE_URL.rstrip("/"),
        "json_sha256": sha256(json_data),
    }
    workbook = workbook_bytes(document.context.get("appendices") or [], context)
    context["workbook_sha256"] = sha256(workbook) if workbook else ""
    booked = time.perf_counter()
    pdf = render_to_pdf(document.template, context)
    pdf_done = time.perf_counter()
    word = docx_of(twin, charts=charts, json_sha256=context["json_sha256"])
    return RenderResult(
        pdf=pdf,
        title=document.title,
        gather_seconds=gathered - started,
        pdf_seconds=pdf_done - booked,
        json=json_data,
        docx=word,
        twin=twin,
        twin_seconds=twinned - gathered,
        docx_seconds=time.perf_counter() - pdf_done,
        xlsx=workbook,
        xlsx_seconds=booked - twinned,
    )
