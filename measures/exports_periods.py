"""A follow-up period's rows as CSV / XLSX: one row per item and organisation, reported or missing."""

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .exports import table_csv_response, table_xlsx_response


def period_export_header() -> list[str]:
    return [
        _("Period"),
        _("Plan"),
        _("Åtgärd"),
        _("Resultat"),
        _("Organisation"),
        _("Status"),
        _("Kommentar"),
        _("Klarmarkerad"),
        _("Sen rapport"),
        _("Rapporterad av"),
        _("Senast sparad"),
    ]


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def period_export_rows(period, rows):
    """``rows`` from periods.period_report_list (measure, plan, result, organisation and reporter selected)."""
    for row in rows:
        who = row.reported_by
        yield [
            period.title,
            row.measure.plan.title,
            row.measure.title,
            row.result.title if row.result_id else "",
            row.organisation.name if row.organisation_id else "",
            row.status_label,
            row.comment,
            _when(row.completed_at),
            _("Ja") if row.late else "",
            (who.get_full_name() or who.username) if who else "",
            _when(row.reported_at),
        ]


def _filename(period) -> str:
    return f"uppfoljning-{slugify(period.title) or period.pk}-{timezone.localdate():%Y-%m-%d}"


def period_csv_response(period, rows):
    return table_csv_response(period_export_header(), period_export_rows(period, rows), filename=_filename(period))


def period_xlsx_response(period, rows):
    return table_xlsx_response(
        period_export_header(), period_export_rows(period, rows), filename=_filename(period), sheet_title=period.title
    )
