"""The heatmap and the comparison as CSV for Swedish Excel (semicolons, UTF-8 with BOM) and as XLSX.

All writing goes through :func:`table_response`, one small function, so it can switch to a shared neutralising
CSV/XLSX writer in core when there is one; it reuses the measure export's formula guard meanwhile.
"""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from measures.exports import XLSX_TYPE
from measures.exports import _safe as neutralise

from .constants import AssessmentStatus
from .selectors import Comparison, Heatmap

STATUS_LABELS = dict(AssessmentStatus.choices)


def table_response(*, fmt: str, filename: str, sheet: str, header: list[str], rows: list[list]) -> HttpResponse:
    """One table as a CSV or XLSX download; cells that Excel would run as formulas are neutralised."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_csv_cell(neutralise(v)) for v in row])
        body, content_type = ("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
    else:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        workbook = Workbook()
        worksheet = workbook.active
        worksheet.title = sheet[:31]
        worksheet.append(header)
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            worksheet.append([neutralise(v) for v in row])
        worksheet.freeze_panes = "A2"
        out = io.BytesIO()
        workbook.save(out)
        body, content_type = out.getvalue(), XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, float):  # Swedish Excel reads a decimal comma
        return str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")
    return value


def heatmap_table(data: Heatmap) -> tuple[list[str], list[list]]:
    """Header and rows of the heatmap: one row per organisation, its level and target per area."""
    header = [_("Organisation"), _("Typ"), _("Status")]
    for area in data.areas:
        header += [area.name, _("%(area)s: mål") % {"area": area.name}]
    rows = []
    for r in data.rows:
        row = [r.organisation.name, r.organisation.get_kind_display(), STATUS_LABELS.get(r.status, "")]
        for level, target in zip(r.levels, r.targets or [None] * len(r.levels), strict=True):
            row += [level, target]
        rows.append(row)
    return header, rows


def comparison_table(data: Comparison) -> tuple[list[str], list[list]]:
    """Header and rows of the comparison: one row per organisation and area."""
    header = [
        _("Organisation"),
        _("Typ"),
        _("Område"),
        _("Nivå %(year)s") % {"year": data.round.year},
        _("Median alla"),
        _("Median samma typ"),
        _("Nivå föregående år"),
    ]
    rows = []
    for r in data.rows:
        for i, area in enumerate(data.areas):
            rows.append(
                [
                    r.organisation.name,
                    r.organisation.get_kind_display(),
                    area.name,
                    r.levels[i],
                    data.medians[i] if data.medians else None,
                    r.kind_medians[i],
                    r.previous[i],
                ]
            )
    return header, rows
