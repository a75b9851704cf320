"""Turn a ReportRequest into PDF bytes, the same way for the Celery task and the render_report command."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from vudig.core.pdf import render_to_pdf

from .documents import ReportRequest, build


@dataclass
class RenderResult:
    pdf: bytes
    title: str
    gather_seconds: float
    pdf_seconds: float


def render_report(request: ReportRequest) -> RenderResult:
    """Gather the data (timed), then let WeasyPrint draw it (timed)."""
    started = time.perf_counter()
    document = build(request)
    gathered = time.perf_counter()
    context = {
        **document.context,
        "title": document.title,
        "toc": document.toc,
        "request": request,
        "generated_at": request.generated_at or timezone.now(),
        # Links in a PDF must be absolute: a relative one would point into the file system of whoever opens it.
        "link_base": settings.VUDIG_BASE_URL.rstrip("/"),
    }
    pdf = render_to_pdf(document.template, context)
    return RenderResult(
        pdf=pdf, title=document.title, gather_seconds=gathered - started, pdf_seconds=time.perf_counter() - gathered
    )
