"""The one writer for every CSV and XLSX the portal produces (exports and open data), safe to open in a spreadsheet.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read by Excel or LibreOffice
as a formula (CSV/formula injection: ``=HYPERLINK(…)``, ``=cmd|…``). Such a cell gets a leading apostrophe, so it
opens as the text it is; numbers and dates are left as they are. The open-data catalogue says so to its readers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter:
    """csv.writer whose every cell is neutralised; ``delimiter=';'`` for Swedish Excel."""

    def __init__(self, file, *, delimiter: str = ",", lineterminator: str = "\r\n"):
        self._writer = csv.writer(file, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator=lineterminator)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


class CsvDictWriter:
    """csv.DictWriter whose every cell is neutralised (the header names are ours and written as they are)."""

    def __init__(self, file, *, fieldnames: Sequence[str], delimiter: str = ",", lineterminator: str = "\r\n"):
        self._writer = csv.DictWriter(
            file, fieldnames=fieldnames, extrasaction="ignore", delimiter=delimiter, lineterminator=lineterminator
        )

    def writeheader(self) -> None:
        self._writer.writeheader()

    def writerow(self, row: dict) -> None:
        self._writer.writerow({k: neutralise(v) for k, v in row.items()})


def csv_text(header: Sequence[str], rows: Iterable[Iterable], *, delimiter: str = ",") -> str:
    """A whole CSV as text: the header row, then the rows, every cell neutralised."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def xlsx_append(sheet, row: Iterable) -> None:
    """Append one row to an openpyxl sheet, neutralised (openpyxl would store ``=…`` text as a live formula)."""
    sheet.append([neutralise(v) for v in row])


def xlsx_bytes(*, title: str, header: Sequence[str], rows: Iterable[Iterable], widths: Sequence[int] = ()) -> bytes:
    """A one-sheet workbook: a bold, frozen header row, then the rows, every cell neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    xlsx_append(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(sheet, row)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
