"""One helper renders any PDF: a Django template through WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string


def render_to_pdf(template: str, context: dict, *, base_url: str | None = None) -> bytes:
    """Render ``template`` with ``context`` to PDF bytes (WeasyPrint is imported here: it is heavy)."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR / "static")).write_pdf()
