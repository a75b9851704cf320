"""The appendices too long to print, as one spreadsheet beside the PDF: every row, one sheet per appendix.

At a region's scale the uppföljningsrapport's long lists (thousands of status changes, decisions and årshjul events)
ran to a thousand pages of appendix, which took WeasyPrint well over a minute to lay out and nobody reads on paper.
An appendix of at most ``longlists.PRINTED_APPENDIX_ROWS`` rows is still printed in the PDF, after the chapters; a longer one
is printed there as a short page that names its sheet in this workbook, its number of rows and the workbook's
SHA-256, and its rows are here. The workbook is sealed with the PDF, the JSON twin and the Word copy (written
together or not at all, its SHA-256 stored on the report), and the JSON twin holds the same rows as data.

The sheets are read from the same HTML the PDF would print (the section's own template, see
``templates/reports/pdf/_appendix_body.html``), so a sheet has the printed table's columns, headings and lists
whatever the section: a heading becomes a bold row, a table its bold header row and its rows (a line break in a
cell stays a line break), a list one row per item, a paragraph one row of text. Every cell goes through the portal's
one spreadsheet writer (``vudig.core.tabular``), which neutralises formula-like text.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.template.loader import render_to_string

from vudig.core.tabular import xlsx_append

from .longlists import Appendix

APPENDIX_BODY_TEMPLATE = "reports/pdf/_appendix_body.html"


@dataclass
class Block:
    """One part of a printed appendix: a heading or paragraph (``text``), or a table or list (``header``, ``rows``)."""

    kind: str  # "heading", "text", "table", "list"
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _clean(text: str) -> str:
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


class _Blocks(HTMLParser):
    """HTML → blocks. Only what the section templates use: h2–h4, p, table (thead/tbody, th/td, br), ul/ol (li)."""

    HEADINGS = {"h2", "h3", "h4"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._text: list[str] | None = None  # a heading, paragraph, cell or list item being read
        self._kind = ""
        self._table: Block | None = None
        self._row: list[str] | None = None
        self._in_head = False
        self._only_th = False
        self._list: Block | None = None
        self._skip = 0  # inside <svg>, <style> or <script>: drawn, not read

    def handle_starttag(self, tag, attrs):
        if tag in {"svg", "style", "script"}:
            self._skip += 1
        if self._skip:
            return
        if tag == "br" and self._text is not None:
            self._text.append("\n")
        elif tag in self.HEADINGS or (tag == "p" and self._table is None and self._list is None):
            self._start("heading" if tag in self.HEADINGS else "text")
        elif tag == "table":
            self._table = Block("table")
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._table is not None:
            self._row, self._only_th = [], True
        elif tag in {"td", "th"} and self._row is not None:
            self._text = []
            self._only_th = self._only_th and tag == "th"
        elif tag in {"ul", "ol"} and self._table is None:
            self._list = Block("list")
        elif tag == "li" and self._list is not None:
            self._text = []

    def handle_endtag(self, tag):
        if tag in {"svg", "style", "script"}:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if (tag in self.HEADINGS or tag == "p") and self._kind:
            text = _clean("".join(self._text or []))
            if text:
                self.blocks.append(Block(self._kind, text=text))
            self._text, self._kind = None, ""
        elif tag in {"td", "th"} and self._row is not None and self._text is not None:
            self._row.append(_clean("".join(self._text)))
            self._text = None
        elif tag == "tr" and self._table is not None and self._row is not None:
            # A header row: in <thead>, or a first row of <th> only.
            if self._in_head or (self._only_th and not self._table.header and not self._table.rows):
                self._table.header = self._row
            else:
                self._table.rows.append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table" and self._table is not None:
            self.blocks.append(self._table)
            self._table = None
        elif tag == "li" and self._list is not None and self._text is not None:
            self._list.rows.append([_clean("".join(self._text))])
            self._text = None
        elif tag in {"ul", "ol"} and self._list is not None:
            if self._list.rows:
                self.blocks.append(self._list)
            self._list = None

    def handle_data(self, data):
        if not self._skip and self._text is not None:
            self._text.append(data.replace("\n", " "))  # a line break in the source is a space; <br> is a break

    def _start(self, kind):
        self._text, self._kind = [], kind


def blocks_of(html: str) -> list[Block]:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def appendix_html(appendix: Appendix, context: dict) -> str:
    """The appendix's body exactly as the PDF prints it (the same include, the same report context)."""
    return render_to_string(APPENDIX_BODY_TEMPLATE, {**context, "appendix": appendix})


def workbook_bytes(appendices: Iterable[Appendix], context: dict) -> bytes:
    """One sheet per appendix too long to print (``in_workbook``): its title in bold, then its blocks in order.
    Empty bytes when there is none."""
    appendices = [a for a in appendices if a.in_workbook]
    if not appendices:
        return b""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    book = Workbook(write_only=True)
    for appendix in appendices:
        sheet = book.create_sheet(appendix.sheet_title)
        sheet.column_dimensions["A"].width = 60
        for letter in "BCDEFGH":
            sheet.column_dimensions[letter].width = 22
        _styled(sheet, [appendix.title], bold)
        for block in blocks_of(appendix_html(appendix, context)):
            if block.kind == "heading":
                sheet.append([])
                _styled(sheet, [block.text], bold)
            elif block.kind == "text":
                xlsx_append(sheet, [block.text])
            else:
                if block.header:
                    _styled(sheet, block.header, bold)
                for row in block.rows:
                    if any("\n" in cell for cell in row):
                        _styled(sheet, row, None, wrap)
                    else:
                        xlsx_append(sheet, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _styled(sheet, values: list[str], font, alignment=None) -> None:
    """A row of write-only cells with a font or alignment (a plain xlsx_append row cannot carry one)."""
    from openpyxl.cell import WriteOnlyCell

    from vudig.core.tabular import neutralise

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=neutralise(value))
        if font is not None:
            cell.font = font
        if alignment is not None:
            cell.alignment = alignment
        cells.append(cell)
    sheet.append(cells)
