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


def render_to_pdf(
    template: str, context: dict, *, base_url: str | None = None, variant: str | None = ARCHIVE_VARIANT
) -> bytes:
    """Render ``template`` with ``context`` to PDF bytes (WeasyPrint is imported here: it is heavy).

    ``variant`` is a WeasyPrint ``pdf_variant`` ("pdf/a-2a" by default; None for a plain PDF).
    """
    from weasyprint import HTML

    html = render_to_string(template, context)
    options = {"pdf_variant": variant} if variant else {}
    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR / "static")).write_pdf(**options)
