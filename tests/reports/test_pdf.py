"""The PDFs read back: their figures match the database; A4, PDF/A, Swedish, titled, fonts embedded, with a TOC."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from maturity.models import CapabilityArea
from measures.constants import ResultStatus
from measures.models import MeasureResult
from measures.selectors import result_status_counts
from projects.models import FrameProject
from reports.constants import ReportKind
from reports.documents import ReportRequest
from reports.models import Report
from reports.rendering import render_report
from vudig.core.models import Obstacle, Organisation


def _read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _render(kind, **kwargs):
    return render_report(
        ReportRequest(
            kind=kind,
            period_start=kwargs.pop("start", dt.date(2026, 1, 1)),
            period_end=kwargs.pop("end", dt.date(2026, 12, 31)),
            requested_by="Kim Kommunchef",
            **kwargs,
        )
    ).pdf


@pytest.fixture
def followup_pdf(plan):
    result = MeasureResult.objects.get(title="Verksamhetsspecifikt kartläggningsarbete")
    # The plan was loaded in 2020, before the previous report; one status change came after it.
    MeasureResult.history.model.objects.update(history_date=dt.datetime(2020, 6, 1, tzinfo=dt.UTC))
    Report.objects.create(
        kind=ReportKind.UPPFOLJNING,
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2020, 12, 31),
        state="klar",
        generated_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
    )
    result.status = ResultStatus.AVSLUTAD
    result._change_reason = "Kartläggningen är klar i alla förvaltningar"
    result.save()
    return _render(ReportKind.UPPFOLJNING, start=dt.date(2021, 1, 1), end=dt.date(2030, 12, 31))


def test_followup_figures_match_the_database(followup_pdf):
    reader, text = _read(followup_pdf)
    summary_page = next(p.extract_text() for p in reader.pages if p.extract_text().startswith("Sammanfattning"))
    flat = " ".join(text.split())
    summary = " ".join(summary_page.split())
    total = sum(row["total"] for row in result_status_counts())
    assert f"Läget när rapporten skapades: {total} resultat i planerna." in flat
    for row in result_status_counts():
        for status in row["statuses"]:
            if status["count"]:  # the summary's bars: each decided plan with results
                percent = round(100 * status["count"] / row["total"])
                assert f"{status['label']} {status['count']} {percent} %" in summary
    # One change after the previous report, in the period: the sentence and the chapter say so.
    assert "Status byttes 1 gång; 0 nya resultat lades till." in summary
    assert "Sedan förra rapporten (31 december 2020): 1 statusbyte." in flat
    assert "Motivering: Kartläggningen är klar i alla förvaltningar" in flat
    assert "Påbörjat Avslutad" in text  # from → to
    for obstacle in Obstacle.objects.all():
        assert obstacle.text[:40] in text.replace("\n", " ")
    assert "Inga ärenden är öppna när perioden slutar." in summary  # no ärenden in this database
    assert "Inga beslut togs under perioden." in summary
    assert "Inga uppgifter ännu: ingen självskattningsomgång" in flat  # no maturity round in this database
    assert "0 forummöten under perioden" in flat
    for project in FrameProject.objects.all():  # no status report yet: the report says so instead of a colour
        assert f"{project.name} – fas: Ramprojekt. Trafikljus: ingen lägesrapport." in flat


def test_followup_is_an_archivable_tagged_swedish_a4_document(followup_pdf):
    reader, text = _read(followup_pdf)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged
    assert "/OutputIntents" in root  # PDF/A colour profile
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2" pdfaid:conformance="A"' in xmp  # PDF/A-2a
    assert reader.metadata.title.startswith("Uppföljningsrapport")
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            )
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert any(name.startswith("DejaVu-Sans") for name in fonts)
    assert "Åtgärdernas status" in text and "Årshjulet" in text  # å/ä/ö come back as text
    pages = len(reader.pages)
    assert f"Sida 3 av {pages}" in text
    toc = reader.pages[1].extract_text()
    assert re.search(r"Sammanfattning \.+ ?3", toc)  # table of contents with page numbers


def test_followup_wheel_and_charts_are_vector_graphics(followup_pdf):
    reader, _ = _read(followup_pdf)
    for page in reader.pages:
        assert not page.images  # charts and the wheel are drawn, not pasted in as pictures


def test_maturity_report_names_the_organisation_and_its_five_areas(plan):
    organisation = Organisation.objects.get(slug="socialtjanst")
    _, text = _read(_render(ReportKind.MOGNAD, organisation=organisation))

    assert "Mognadsrapport – Socialtjänst" in text
    assert CapabilityArea.objects.count() == 5
    for area in CapabilityArea.objects.all():
        assert area.name in text
    assert "Inga självskattningar ännu" in text


def test_action_plan_report_lists_every_result_with_its_status(plan):
    _, text = _read(_render(ReportKind.HANDLINGSPLAN))
    flat = " ".join(text.split())
    for result in MeasureResult.objects.active().select_related("measure"):
        assert result.title in flat
    assert flat.count("Ej genomförd") >= MeasureResult.objects.filter(status=ResultStatus.EJ_GENOMFORD).count()
