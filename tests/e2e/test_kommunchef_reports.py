"""Kommunchef looks at the årshjul, requests an uppföljningsrapport, sees it finish and downloads the PDF."""

from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import assert_accessible, log_in


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

    page.goto("/rapporter/arshjul/")
    expect(page.get_by_role("listitem").filter(has_text="Tertialrapport 1")).to_be_visible()
    assert_accessible(page)
