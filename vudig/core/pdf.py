"""One helper renders any PDF: a Django template through WeasyPrint."""

import logging

from django.conf import settings
from django.template.loader import render_to_string

# PDF/A-2a: PDF/A-2 is what e-arkiv systems take for long-term storage (unlike PDF/A-3 it allows no arbitrary
# embedded files), and conformance level "a" makes WeasyPrint tag the structure (headings, tables, lists) and map
# every glyph to Unicode, so the archived document stays accessible. Fonts are always embedded in PDF/A.
ARCHIVE_VARIANT = "pdf/a-2a"

# WeasyPrint logs every layout step at INFO; in worker logs that drowns what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _cached_page_references(pdf) -> tuple:
    """pydyf's ``PDF.page_references``, built once per page count instead of on every read.

    pydyf (0.13) builds the tuple of every page's reference anew on each read, and WeasyPrint's PDF/A-2a tagging
    reads it once per tagged box (``pdf.page_references[page_number]``): a region's report of 1 000 pages and
    260 000 boxes spent a third of its render time (87 s under cProfile) building 270 million references. Pages
    are only ever appended to ``Kids`` (three entries each: number, 0, "R"), so the tuple is valid while the
    length is unchanged. The bytes written are the same; tests/core/test_pdf_page_references.py checks that.
    """
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_vudig_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_vudig_page_references"] = cached
    return cached[1]


def install_page_reference_cache() -> None:
    """Make pydyf read page references through ``_cached_page_references`` (once; every PDF path calls it)."""
    import pydyf

    if pydyf.PDF.page_references.fget is not _cached_page_references:
        pydyf.PDF.page_references = property(_cached_page_references)


def render_to_pdf(
    template: str, context: dict, *, base_url: str | None = None, variant: str | None = ARCHIVE_VARIANT
) -> bytes:
    """Render ``template`` with ``context`` to PDF bytes (WeasyPrint is imported here: it is heavy).

    ``variant`` is a WeasyPrint ``pdf_variant`` ("pdf/a-2a" by default; None for a plain PDF).
    """
    from weasyprint import HTML

    install_page_reference_cache()
    html = render_to_string(template, context)
    options = {"pdf_variant": variant} if variant else {}
    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR / "static")).write_pdf(**options)
