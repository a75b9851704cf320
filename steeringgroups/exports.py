"""The decision register as CSV or XLSX: the same selector and filters as the page."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _header() -> list[str]:
    return [_("Datum"), _("Beslut nr"), _("Slag"), _("Styrgrupp/beslutande"), _("Gäller"), _("Beslut"), _("Dnr")]


def _rows(decisions):
    for d in decisions:
        yield [
            d.decided_on.isoformat(),
            d.reference,
            d.get_kind_display(),
            d.steering_group.name if d.steering_group_id else d.decided_body,
            d.subject_label,
            d.text,
            d.dnr,
        ]


def _safe(value):
    # A cell starting with = + - @ would be run as a formula by Excel; quote it (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _filename(ext: str) -> str:
    return f"beslut-{timezone.localdate():%Y-%m-%d}.{ext}"


def csv_response(decisions) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_header())
    for row in _rows(decisions):
        writer.writerow([_safe(v) for v in row])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(decisions) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Beslut")
    sheet.append(_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(decisions):
        sheet.append([_safe(v) for v in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
