"""The measure list as CSV for Swedish Excel (semicolons, UTF-8 with BOM) and as XLSX; one row per result.

Written by the portal's one neutralising writer (vudig.core.tabular): formula-like cells open as text.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from vudig.core.tabular import csv_text, xlsx_bytes

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


def _filename(ext: str) -> str:
    return f"atgarder-{timezone.localdate():%Y-%m-%d}.{ext}"


def csv_response(measures) -> HttpResponse:
    text = csv_text(export_header(), export_rows(measures), delimiter=";")
    # The BOM makes Excel read UTF-8 (å, ä, ö); the semicolon is Excel's separator in a Swedish locale.
    response = HttpResponse(("\ufeff" + text).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(measures) -> HttpResponse:
    content = xlsx_bytes(
        title=_("Åtgärder"),
        header=export_header(),
        rows=export_rows(measures),
        widths=(30, 40, 28, 22, 26, 40, 14, 40, 17),
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response


def table_csv_response(header: list[str], rows, *, filename: str) -> HttpResponse:
    """Any table as the same Excel-friendly CSV as the measure list (semicolons, BOM, formulas neutralised)."""
    text = csv_text(header, rows, delimiter=";")
    response = HttpResponse(("\ufeff" + text).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def table_xlsx_response(header: list[str], rows, *, filename: str, sheet_title: str) -> HttpResponse:
    """Any table as XLSX with a bold, frozen header row (formulas neutralised as in the CSV)."""
    response = HttpResponse(xlsx_bytes(title=sheet_title, header=header, rows=rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
