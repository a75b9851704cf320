"""Pages that fit: no text of any report kind, or of a steering group's protocol, lies outside its page's margins.

Each kind is rendered at bench scale 1 (Piteå) and at bench scale 100 (a region), from the bench's own data builders
(bench/builders.py, bench/data/), and every text run of the PDF is measured by tests/page_fit.py against the media box
minus the ``@page`` margins read from the stylesheet. The data of a scale is built once and all four documents are
rendered from it (the module-scoped ``rendered`` fixture); building scale 100 and rendering it takes minutes, so it is
marked ``region`` (``-m "not region"`` leaves it out).

The checker itself is tested first, on a table that is too wide on purpose: the test can fail.
"""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from weasyprint import HTML

from bench import builders
from bench import data as _bench_data  # noqa: F401  (importing it registers every builder)
from reports.constants import ReportKind
from reports.documents import ReportRequest
from reports.rendering import render_report
from steeringgroups.models import Meeting
from steeringgroups.services import meeting_protocol_pdf
from tests.page_fit import MM, overflows, parse_page_margins
from vudig.core.models import Organisation

REPORT_CSS = (settings.BASE_DIR / "static" / "css" / "reports-pdf.css").read_text()
PROTOCOL_CSS = (settings.BASE_DIR / "static" / "css" / "steeringgroups.css").read_text()
REPORT_MARGINS = parse_page_margins(REPORT_CSS)
PROTOCOL_MARGINS = parse_page_margins(PROTOCOL_CSS)
KINDS = ("uppfoljning", "mognad", "handlingsplan", "protokoll")


# -- the checker -----------------------------------------------------------------------------------------------------


def _pdf(body: str, css: str = REPORT_CSS) -> bytes:
    html = f'<!DOCTYPE html><html lang="sv"><head><style>{css}</style></head><body>{body}</body></html>'
    return HTML(string=html).write_pdf(pdf_variant="pdf/a-2a")


WIDE_TABLE = (
    '<table class="figures" style="table-layout: fixed; width: 260mm"><thead><tr>'
    + "".join(f"<th>Kolumn {i}</th>" for i in range(8))
    + "</tr></thead><tbody><tr>"
    + "".join(f'<td class="keep">Fastställd {i}</td>' for i in range(8))
    + "</tr></tbody></table>"
)


def test_the_checker_finds_a_table_too_wide_for_the_page():
    found = overflows(_pdf("<h2>Brett</h2>" + WIDE_TABLE), REPORT_MARGINS)
    assert found, "a 260 mm table on A4 upright must stick out"
    assert all("höger" in o.sides for o in found)
    texts = {o.what for o in found}
    assert "Fastställd 7" in texts  # the last column, past the right margin
    assert "Brett" not in texts  # the heading itself fits
    # A run that starts inside the margin and ends past it is measured by its glyphs, not only by where it starts.
    straddling = [o for o in found if o.box.left < o.content.right < o.box.right]
    assert straddling


def test_the_checker_passes_the_same_table_on_a_landscape_page():
    body = '<h2>Brett</h2><div class="landscape">' + WIDE_TABLE.replace("260mm", "250mm") + "</div>"
    assert overflows(_pdf(body), REPORT_MARGINS) == []


def test_the_checker_holds_body_text_to_the_bottom_margin_but_lets_the_footer_use_it():
    # The running header and "Sida x av y" sit in the margins (outside the structure tree): allowed.
    assert overflows(_pdf("<h2>Rubrik</h2><p>Text.</p>"), REPORT_MARGINS) == []
    # Body text pushed into the bottom margin (a relative offset does not paginate): caught.
    pushed = '<h2>Rubrik</h2><p style="position: relative; top: 262mm">Längst ner</p>'
    found = overflows(_pdf(pushed), REPORT_MARGINS)
    assert [o.what for o in found] == ["Längst ner"] and found[0].sides == ("nedre",)


def test_the_margins_are_read_from_the_stylesheets():
    assert pytest.approx((22 * MM, 18 * MM, 20 * MM, 18 * MM)) == REPORT_MARGINS
    # The landscape pages keep the same margins, so one content box per orientation is enough.
    assert parse_page_margins(REPORT_CSS, " landscape") == pytest.approx(REPORT_MARGINS)
    assert pytest.approx((20 * MM,) * 4) == PROTOCOL_MARGINS


# -- every kind at two scales ----------------------------------------------------------------------------------------


def _render_all() -> dict[str, bytes]:
    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)

    def report(kind, organisation=None):
        request = ReportRequest(
            kind=kind, period_start=start, period_end=today, organisation=organisation, generated_at=timezone.now()
        )
        return render_report(request).pdf

    # The protocol with the most paragraphs (at scale 100, one of the busiest groups' meetings).
    meeting = Meeting.objects.filter(frozen_at__isnull=False).annotate(n=Count("items")).order_by("-n", "-date").first()
    return {
        "uppfoljning": report(ReportKind.UPPFOLJNING),
        "mognad": report(ReportKind.MOGNAD, Organisation.objects.get(slug="socialtjanst")),
        "handlingsplan": report(ReportKind.HANDLINGSPLAN),
        "protokoll": meeting_protocol_pdf(meeting=meeting),
    }


@pytest.fixture(
    scope="module",
    params=[pytest.param(1, id="skala-1"), pytest.param(100, id="skala-100", marks=pytest.mark.region)],
)
def rendered(request, django_db_setup, django_db_blocker):
    """Bench data of one scale (built once, rolled back afterwards) and the four documents rendered from it."""
    scale = request.param
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.perf_counter()
        rng = random.Random(7000 + scale)
        for builder in builders.builders():
            builder.build(scale, rng)
        built = time.perf_counter() - started
        pdfs = _render_all()
        rendered_in = time.perf_counter() - started - built
        transaction.set_rollback(True)
    print(f"\nskala {scale}: data {built:.1f} s, fyra dokument {rendered_in:.1f} s")
    return scale, pdfs


@pytest.mark.django_db  # also tells pytest-django to set the test database up before the module fixture uses it
@pytest.mark.parametrize("kind", KINDS)
def test_every_text_box_lies_inside_the_margins(rendered, kind):
    scale, pdfs = rendered
    margins = PROTOCOL_MARGINS if kind == "protokoll" else REPORT_MARGINS
    found = overflows(pdfs[kind], margins)
    assert found == [], f"{kind} i skala {scale}: {len(found)} utanför marginalen, t.ex.\n" + "\n".join(
        str(o) for o in found[:10]
    )


@pytest.mark.django_db
def test_the_region_report_moves_its_long_lists_to_appendices(rendered):
    from io import BytesIO

    from pypdf import PdfReader

    scale, pdfs = rendered
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdfs["uppfoljning"])).pages).split())
    if scale == 1:  # Piteå's lists are short: no appendix
        assert "Bilaga 1" not in text
        return
    assert "Bilaga 1: " in text
    assert "Rader per organisationstyp" in text
    assert "Förvaltning" in text and "Bolag" in text
