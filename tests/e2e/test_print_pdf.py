"""Issue 15 item 1: pages print cleanly. Chromium prints /planen/ (anonymous) and the measure list (process leader)
to PDF with the print stylesheet; pypdf reads the text back.

The PDF has the page's heading and content, not the navigation, the "Meny" toggle or "Logga in"; each link in the
content is followed by its address; every table prints whole (the last column's text of its rows is there, so no
scroll region clipped it).
"""

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from .conftest import log_in

PAGE_FACTS_JS = """() => {
  const main = document.querySelector('main');
  const navLabels = [...document.querySelectorAll('.site-nav a')].map(a => a.textContent.trim());
  const links = [...main.querySelectorAll('a[href]')]
    .filter(a => a.offsetParent !== null && /^(\\/|https?:)/.test(a.getAttribute('href')))
    .slice(0, 8).map(a => a.getAttribute('href'));
  const lastCells = [...main.querySelectorAll('table')].flatMap(t =>
    [...t.querySelectorAll('tbody tr')].slice(0, 4).map(tr => tr.cells[tr.cells.length - 1])
      .filter(c => c && c.textContent.trim()).map(c => c.textContent.trim()));
  return {navLabels, links, lastCells, main: main.innerText, h1: document.querySelector('h1').textContent.trim()};
}"""


def squeeze(text: str) -> str:
    """Text without whitespace or ligatures: a PDF breaks lines (and long addresses) where the page ends and draws
    "ff" as one glyph."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def printed_text(page) -> str:
    pdf = page.pdf(format="A4", print_background=False)
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(("username", "path"), [(None, "/planen/"), ("processledare", "/atgarder/")])
def test_printed_page_has_content_and_link_targets_but_no_navigation(page, username, path):
    if username:
        log_in(page, username)
    page.goto(path)
    on_screen = page.evaluate(PAGE_FACTS_JS)
    page.emulate_media(media="print")
    facts = page.evaluate(PAGE_FACTS_JS)  # what the print stylesheet leaves (tools and forms are not printed)
    facts["main"] = on_screen["main"]
    assert facts["links"] and facts["lastCells"], f"{path}: nothing to check ({facts['links']}, {facts['lastCells']})"
    text = printed_text(page)
    flat = squeeze(text)
    assert squeeze(facts["h1"]) in flat
    assert "Logga in" not in text and "Logga ut" not in text and "Hoppa till huvudinnehållet" not in text
    main_words = squeeze(facts["main"])
    for label in [*facts["navLabels"], "Meny"]:
        if squeeze(label) not in main_words:  # a label that is also content (e.g. "Planen") proves nothing
            assert squeeze(label) not in flat, f"{path}: the navigation's {label!r} is printed"
    for href in facts["links"]:
        assert squeeze(f"({href})") in flat, f"{path}: the link target {href} is not printed"
    for cell in facts["lastCells"]:
        assert squeeze(cell)[:40] in flat, f"{path}: a table's last column ({cell[:40]!r}) is cut off in print"
