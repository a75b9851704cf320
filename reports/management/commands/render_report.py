"""Render a report synchronously to a file, through the same code as the Celery task (for operations and tests)."""

import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.constants import KINDS_WITH_ORGANISATION, ReportKind
from reports.documents import BUILDERS, ReportRequest
from reports.rendering import render_report
from reports.selectors import report_organisations
from reports.services import validate_report_request


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ogiltigt datum: {value!r} (skriv ÅÅÅÅ-MM-DD).") from None


class Command(BaseCommand):
    help = "Ta fram en rapport som PDF direkt (utan kö). KIND: " + ", ".join(ReportKind.values)

    def add_arguments(self, parser):
        parser.add_argument("kind", help="rapporttyp: " + ", ".join(sorted(BUILDERS)))
        parser.add_argument("--output", required=True, help="PDF-fil att skriva")
        parser.add_argument("--from", dest="date_from", help="periodens början (ÅÅÅÅ-MM-DD; standard 1 januari i år)")
        parser.add_argument("--to", dest="date_to", help="periodens slut (ÅÅÅÅ-MM-DD; standard idag)")
        parser.add_argument("--organisation", help="organisationens namn eller kortnamn (för mognadsrapporten)")

    def handle(self, *args, kind, output, date_from, date_to, organisation, **options):
        today = timezone.localdate()
        start = _date(date_from) if date_from else dt.date(today.year, 1, 1)
        end = _date(date_to) if date_to else today
        org = None
        if organisation:
            org = (
                report_organisations().filter(name__iexact=organisation).first()
                or report_organisations().filter(slug=organisation).first()
            )
            if org is None:
                raise CommandError(f"Okänd organisation: {organisation!r}.")
        if kind not in BUILDERS:
            raise CommandError(f"Okänd rapporttyp: {kind!r}. Välj en av: {', '.join(sorted(BUILDERS))}.")
        try:
            validate_report_request(kind=kind, period_start=start, period_end=end, organisation=org)
        except ValidationError as exc:
            raise CommandError(" ".join(m for ms in exc.message_dict.values() for m in ms)) from None
        result = render_report(
            ReportRequest(
                kind=kind,
                period_start=start,
                period_end=end,
                organisation=org if kind in KINDS_WITH_ORGANISATION else None,
                requested_by="render_report",
                generated_at=timezone.now(),
            )
        )
        Path(output).write_bytes(result.pdf)
        self.stdout.write(
            f"{output}: {len(result.pdf)} byte; datainsamling {result.gather_seconds:.3f} s, "
            f"WeasyPrint {result.pdf_seconds:.3f} s"
        )
