"""The heatmap and the comparison as CSV for Swedish Excel (semicolons, UTF-8 with BOM) and as XLSX.

All writing goes through :func:`table_response`, which uses the measure list's table helpers and so core's one
neutralising CSV/XLSX writer (``vudig.core.tabular``): a cell Excel would run as a formula opens as text.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from measures.exports import table_csv_response, table_xlsx_response

from .constants import AssessmentStatus
from .selectors import Comparison, Heatmap

STATUS_LABELS = dict(AssessmentStatus.choices)


def table_response(*, fmt: str, filename: str, sheet: str, header: list[str], rows: list[list]) -> HttpResponse:
    """One table as a CSV or XLSX download, through the measure list's table helpers (one neutralising writer)."""
    if fmt == "csv":
        return table_csv_response(header, [[_csv_cell(v) for v in row] for row in rows], filename=filename)
    return table_xlsx_response(header, rows, filename=filename, sheet_title=sheet)


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
