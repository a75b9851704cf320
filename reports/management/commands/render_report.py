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
from steeringgroups.models import Meeting
from steeringgroups.services import meeting_protocol_pdf

# The steering groups' protocols are rendered by their own app (a frozen meeting, not a period snapshot) through the
# same render_to_pdf helper; the command gives operations the same synchronous path for them.
PROTOCOL_KIND = "protokoll"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ogiltigt datum: {value!r} (skriv ÅÅÅÅ-MM-DD).") from None


class Command(BaseCommand):
    help = "Ta fram en rapport som PDF direkt (utan kö). KIND: " + ", ".join([*ReportKind.values, PROTOCOL_KIND])

    def add_arguments(self, parser):
        parser.add_argument("kind", help="rapporttyp: " + ", ".join(sorted([*BUILDERS, PROTOCOL_KIND])))
        parser.add_argument("--output", required=True, help="PDF-fil att skriva")
        parser.add_argument("--from", dest="date_from", help="periodens början (ÅÅÅÅ-MM-DD; standard 1 januari i år)")
        parser.add_argument("--to", dest="date_to", help="periodens slut (ÅÅÅÅ-MM-DD; standard idag)")
        parser.add_argument("--organisation", help="organisationens namn eller kortnamn (för mognadsrapporten)")
        parser.add_argument("--group", help="styrgruppens kortnamn (för protokoll; standard alla grupper)")

    def handle(self, *args, kind, output, date_from, date_to, organisation, group, **options):
        today = timezone.localdate()
        start = _date(date_from) if date_from else dt.date(today.year, 1, 1)
        end = _date(date_to) if date_to else today
        if kind == PROTOCOL_KIND:
            return self._protocol(output=output, start=start, end=end, group=group)
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

    def _protocol(self, *, output, start, end, group):
        """The latest justerat protocol in the period (of one group, if named)."""
        import time

        if start > end:
            raise CommandError("Periodens start måste ligga före dess slut.")
        meetings = Meeting.objects.filter(frozen_at__isnull=False, date__gte=start, date__lte=end)
        if group:
            meetings = meetings.filter(steering_group__slug=group)
        meeting = meetings.select_related("steering_group").order_by("-date", "-pk").first()
        if meeting is None:
            raise CommandError("Inget justerat protokoll finns i perioden" + (f" för {group!r}." if group else "."))
        started = time.monotonic()
        pdf = meeting_protocol_pdf(meeting=meeting)
        Path(output).write_bytes(pdf)
        self.stdout.write(f"{output}: {len(pdf)} byte; protokoll {meeting}; {time.monotonic() - started:.3f} s")
