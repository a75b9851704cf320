"""The measure list as CSV for Swedish Excel (semicolons, UTF-8 with BOM) and as XLSX; one row per result."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_header() -> list[str]:
    return [
        _("Plan"),
        _("Åtgärd"),
        _("Typ av åtgärd"),
        _("Ansvarig"),
        _("Ansvarig organisation"),
        _("Resultat"),
        _("Status"),
        _("Skäl"),
        _("Senast ändrad"),
        _("Åtgärdens samlade status"),
        _("Resultatets ansvarig"),
        _("Startdatum"),
        _("Slutdatum"),
        _("Försenad"),
    ]


def export_rows(measures):
    """One row per active result; a measure without results still gets a row. ``measures`` comes from the selector."""
    for m in measures:
        base = [
            m.plan.title,
            m.title,
            m.get_category_display(),
            m.responsible,
            m.responsible_organisation.name if m.responsible_organisation else "",
        ]
        results = list(m.results.all())
        consolidated = m.consolidated_status_label
        if not results:
            yield [
                *base,
                "",
                "",
                "",
                timezone.localtime(m.updated_at).strftime("%Y-%m-%d %H:%M"),
                consolidated,
                "",
                "",
                "",
                "",
            ]
        for r in results:
            changed = max(m.updated_at, r.updated_at)
            yield [
                *base,
                r.title,
                r.get_status_display(),
                r.status_reason,
                timezone.localtime(changed).strftime("%Y-%m-%d %H:%M"),
                consolidated,
                r.responsible_name,
                r.start_date.isoformat() if r.start_date else "",
                r.end_date.isoformat() if r.end_date else "",
                _("Ja") if r.is_overdue else "",
            ]


def _safe(value):
    # A cell starting with = + - @ would be run as a formula by Excel; quote it (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _filename(ext: str) -> str:
    return f"atgarder-{timezone.localdate():%Y-%m-%d}.{ext}"


def csv_response(measures) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(export_header())
    for row in export_rows(measures):
        writer.writerow([_safe(v) for v in row])
    # The BOM makes Excel read UTF-8 (å, ä, ö); the semicolon is Excel's separator in a Swedish locale.
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(measures) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Åtgärder")
    sheet.append(export_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows(measures):
        sheet.append([_safe(v) for v in row])
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHI", (30, 40, 28, 22, 26, 40, 14, 40, 17), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response


def table_csv_response(header: list[str], rows, *, filename: str) -> HttpResponse:
    """Any table as the same Excel-friendly CSV as the measure list (semicolons, BOM, formulas quoted)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def table_xlsx_response(header: list[str], rows, *, filename: str, sheet_title: str) -> HttpResponse:
    """Any table as XLSX with a bold, frozen header row (formulas quoted as in the CSV)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
