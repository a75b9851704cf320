"""Kommunchef looks at the årshjul, requests an uppföljningsrapport, sees it finish and downloads the PDF, and on
the report's page its JSON twin and Word copy with the checksums that seal them."""

import hashlib
import json
from pathlib import Path

import docx
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import assert_accessible, log_in
from .test_reflow_320 import WIDTH, overflow_and_axe


def test_kommunchef_requests_and_downloads_a_followup_report(page):
    log_in(page, "kommunchef")
    expect(page.get_by_role("img", name="Årshjulet")).to_be_visible()  # the wheel on the start page
    assert_accessible(page)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Rapporter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporter")
    assert_accessible(page)

    # A reversed period is refused with a Swedish message; nothing is ordered.
    page.get_by_label("Rapporttyp").select_option("uppfoljning")
    page.get_by_label("Period från").fill("2026-05-01")
    page.get_by_label("Period till").fill("2026-04-30")
    page.get_by_role("button", name="Beställ rapport").click()
    expect(page.get_by_role("alert")).to_contain_text("Perioden är åt fel håll")
    expect(page.get_by_role("cell", name="Inga rapporter ännu.")).to_be_visible()
    assert_accessible(page)

    # So is a period that has not ended yet.
    page.get_by_label("Period från").fill("2026-01-01")
    page.get_by_label("Period till").fill("2999-12-31")
    page.get_by_role("button", name="Beställ rapport").click()
    expect(page.get_by_role("alert")).to_contain_text("Perioden slutar i framtiden")
    expect(page.get_by_role("cell", name="Inga rapporter ännu.")).to_be_visible()

    page.get_by_label("Period från").fill("2026-01-01")
    page.get_by_label("Period till").fill("2026-04-30")
    page.get_by_role("button", name="Beställ rapport").click()
    expect(page.get_by_text("Rapporten är beställd")).to_be_visible()
    row = page.get_by_role("row", name="Uppföljningsrapport")
    expect(row).to_contain_text("Klar")  # tasks run eagerly in tests: finished by the time the page shows
    assert_accessible(page)

    with page.expect_download() as download_info:
        row.get_by_role("link", name="Ladda ner PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("uppfoljning-20260101-20260430")
    reader = PdfReader(download.path())
    assert reader.metadata.title.startswith("Uppföljningsrapport")
    assert "Sammanfattning" in reader.pages[2].extract_text()

    row.get_by_role("link", name="Uppföljningsrapport (årshjulsrapport)", exact=True).click()
    expect(page.get_by_role("heading", name="Historik")).to_be_visible()
    assert_accessible(page)

    # The sealed twins: the JSON's checksum is the one the PDF's colophon prints; each file matches its checksum.
    files = page.get_by_role("region", name="Filer och kontrollsummor")
    shown = [c.strip() for c in files.locator("code.checksum").all_inner_texts()]
    pdf_text = "".join("".join(p.extract_text().split()) for p in reader.pages)
    assert len(shown) == 3 and shown[1] in pdf_text
    assert hashlib.sha256(Path(download.path()).read_bytes()).hexdigest() == shown[0]
    with page.expect_download() as json_info:
        files.get_by_role("link", name="Ladda ner uppgifterna som JSON").click()
    twin = Path(json_info.value.path()).read_bytes()
    assert hashlib.sha256(twin).hexdigest() == shown[1]
    assert json.loads(twin)["report"]["title"].startswith("Uppföljningsrapport")
    with page.expect_download() as word_info:
        files.get_by_role("link", name="Ladda ner som Word").click()
    assert word_info.value.suggested_filename.endswith(".docx")
    assert hashlib.sha256(Path(word_info.value.path()).read_bytes()).hexdigest() == shown[2]
    headings = [p.text for p in docx.Document(word_info.value.path()).paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Sammanfattning" and "Åtgärdernas status" in headings

    # The report page with its 64-character checksums reflows at 320 px (the crawl finds no report in the demo).
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.reload()
    assert overflow_and_axe(page) == []

    page.goto("/rapporter/arshjul/")
    expect(page.get_by_role("listitem").filter(has_text="Tertialrapport 1")).to_be_visible()
    assert_accessible(page)
