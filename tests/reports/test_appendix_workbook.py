"""A region's report (issue 14, item 4 and the render-time target): an appendix too long to print is sealed as a
sheet of the report's workbook, the PDF and the Word copy say where it is, and the four files are stored together.

The limits are lowered here so that the test world's few rows count as "a region's"; bench scale 100 itself is
rendered by tests/reports/test_page_fit.py, and its render time is measured in BENCHMARKS.md.
"""

import datetime as dt
import hashlib
import io
import json

import docx
import pydyf
import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import longlists
from reports.appendix_book import blocks_of
from reports.constants import ReportKind, ReportState
from reports.documents import ReportRequest
from reports.rendering import render_report
from reports.services import report_request
from vudig.core.pdf import _cached_page_references, install_page_reference_cache

from .conftest import PERIOD
from .test_period_truth import the_day  # noqa: F401  (a fixture: four status changes and a gate decision in June)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def _sheets(xlsx: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(xlsx), read_only=True)
    return {ws.title: [tuple(c for c in row if c is not None) for row in ws.iter_rows(values_only=True)] for ws in book}


@pytest.fixture
def region_limits(monkeypatch):
    """Lists of more than one row are long, and appendices of more than two rows go to the workbook."""
    monkeypatch.setattr(longlists, "LONG_LIST_ROWS", 1)
    monkeypatch.setattr(longlists, "PRINTED_APPENDIX_ROWS", 2)


def _render():
    return render_report(
        ReportRequest(
            kind=ReportKind.UPPFOLJNING, period_start=PERIOD[0], period_end=dt.date(2026, 11, 30), requested_by="Kim"
        )
    )


def test_the_html_of_an_appendix_is_read_into_headings_tables_lists_and_text():
    html = """<h3>Rubrik</h3><p>Inledning  med
      radbrytning.</p><svg><title>Ritad</title><text>9</text></svg>
      <table><thead><tr><th>Åtgärd</th><th>Till</th></tr></thead>
      <tbody><tr><td>A1: Första<br><span>Motivering: klart</span></td><td>Klar</td></tr>
      <tr><th scope="row">A2</th><td>=SUM(A1)</td></tr></tbody></table>
      <table><tr><th>Utan thead</th></tr><tr><td>rad</td></tr></table>
      <ul><li>Punkt ett</li><li>Punkt två</li></ul>"""
    blocks = blocks_of(html)
    assert [b.kind for b in blocks] == ["heading", "text", "table", "table", "list"]
    assert blocks[0].text == "Rubrik" and blocks[1].text == "Inledning med radbrytning."
    table = blocks[2]
    assert table.header == ["Åtgärd", "Till"]
    # A line break in a cell stays a line break; a row header is a cell of its row, not the table's header.
    assert table.rows == [["A1: Första\nMotivering: klart", "Klar"], ["A2", "=SUM(A1)"]]
    assert blocks[3].header == ["Utan thead"] and blocks[3].rows == [["rad"]]
    assert blocks[4].rows == [["Punkt ett"], ["Punkt två"]]
    assert "Ritad" not in str(blocks)  # a drawing's own text is not a row


@pytest.mark.django_db
def test_an_appendix_too_long_to_print_is_a_sheet_of_the_workbook_and_the_pdf_says_where(
    the_day,  # noqa: F811
    region_limits,
):
    result = _render()
    twin = json.loads(result.json)
    booked = [a for a in twin["context"]["appendices"] if a["in_workbook"]]
    assert booked, "with the lowered limits some appendix must go to the workbook"
    sheets = _sheets(result.xlsx)
    assert list(sheets) == [a["sheet_title"] for a in booked]
    changes = next(a for a in booked if a["section_key"] == "changes")
    rows = sheets[changes["sheet_title"]]
    assert rows[0] == (changes["title"],)
    # Every status change of the period is a row of its sheet, under the columns the PDF's table has.
    header = ("Åtgärd / resultat", "Från", "Till", "När och av vem")
    start = rows.index(header) + 1
    end = next((i for i in range(start, len(rows)) if len(rows[i]) != 4), len(rows))
    change_rows = rows[start:end]
    # The twin holds the rows once, in the chapter's section (the appendix names it).
    assert "section" not in changes
    items = next(s for s in twin["sections"] if s["key"] == "changes")["context"]["items"]
    assert len(items) > 2 and len(change_rows) == len(items)
    assert [(r[1], r[2]) for r in change_rows] == [(i["old"], i["new"]) for i in items]

    text = _pdf_text(result.pdf)
    squeezed = text.replace(" ", "")
    assert result.xlsx_sha256 == _sha(result.xlsx) and result.xlsx_sha256 in squeezed
    assert f"på bladet ”{changes['sheet_title']}”" in text
    assert "kalkylblad med bilagor" in text
    # The rows themselves are not printed: the sheet's change rows are not in the PDF.
    assert not any(r[0].split("\n")[0].replace(" ", "") in squeezed for r in change_rows)

    # The Word copy follows the PDF: the chapter says where the rows are and gives no table of them.
    word = docx.Document(io.BytesIO(result.docx))
    paragraphs = " ".join(p.text for p in word.paragraphs)
    assert f"bladet ”{changes['sheet_title']}”" in paragraphs
    cells = {c.text for t in word.tables for row in t.rows for c in row.cells}
    assert not any(r[0] in cells for r in change_rows)


@pytest.mark.django_db
def test_without_long_appendices_there_is_no_workbook(followup_world):
    result = _render()
    assert result.xlsx == b"" and result.xlsx_sha256 == ""
    assert "kalkylblad" not in _pdf_text(result.pdf)


@pytest.mark.django_db
def test_the_workbook_is_sealed_with_the_report_and_downloaded_from_its_page(
    client, people, followup_world, region_limits, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            kind=ReportKind.UPPFOLJNING,
            period_start=PERIOD[0],
            period_end=dt.date(2026, 11, 30),
            by=people["kommunchef"],
        )
    report.refresh_from_db()
    assert report.state == ReportState.KLAR and report.xlsx_file
    stored = report.xlsx_file.open("rb").read()
    assert report.xlsx_sha256 == _sha(stored) and report.xlsx_file.name.endswith("-bilagor.xlsx")
    client.force_login(people["kommunchef"])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    url = reverse("reports:download_xlsx", args=[report.pk])
    assert report.xlsx_sha256 in page and url in page and "Ladda ner bilagorna som kalkylblad" in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert b"".join(response.streaming_content) == stored


def test_the_page_references_are_built_once_per_page_count_and_stay_right():
    """WeasyPrint's tagging reads pydyf's page_references once per tagged box; the cached copy is the same tuple
    as pydyf's own, and a page added afterwards is in it."""
    install_page_reference_cache()
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    own = tuple(f"{n} 0 R".encode("ascii") for n in pdf.pages["Kids"][::3])
    first = pdf.page_references
    assert first == own and len(first) == 3
    assert pdf.page_references is first  # not rebuilt while the pages are the same
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 4 and pdf.page_references[:3] == first
    assert type(pdf).page_references.fget is _cached_page_references


@pytest.mark.django_db
def test_an_appendix_short_enough_is_printed_in_the_pdf_and_the_word_copy_and_there_is_no_workbook(
    the_day,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr(longlists, "LONG_LIST_ROWS", 1)  # long lists go to appendices, all short enough to print
    result = _render()
    twin = json.loads(result.json)
    printed = twin["context"]["appendices"]
    assert printed and not any(a["in_workbook"] for a in printed) and result.xlsx == b""
    changes = next(a for a in printed if a["section_key"] == "changes")
    text = _pdf_text(result.pdf)
    assert changes["title"] in text and "kalkylblad" not in text
    word = docx.Document(io.BytesIO(result.docx))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert changes["title"] in headings  # the appendix itself, after the chapters
    paragraphs = " ".join(p.text for p in word.paragraphs)
    assert f"{changes['title']}: {changes['rows']} rader, sist i dokumentet." in paragraphs
    # Its rows are in a Word table once (in the appendix, not again in the chapter).
    items = next(s for s in twin["sections"] if s["key"] == "changes")["context"]["items"]
    motivation = items[0]["motivation"]
    hits = [c.text for t in word.tables for row in t.rows for c in row.cells if c.text == motivation]
    assert len(hits) == 1
