from django.db import models
from django.utils.translation import gettext_lazy as _

from vudig.core.constants import OrganisationKind


class ReportKind(models.TextChoices):
    """What a report tells; each kind has one builder in reports.documents."""

    UPPFOLJNING = "uppfoljning", _("Uppföljningsrapport (årshjulsrapport)")
    MOGNAD = "mognad", _("Mognadsrapport för en organisation")
    HANDLINGSPLAN = "handlingsplan", _("Handlingsplanen som beslutad")


# Kinds that are about one organisation: the request must name it.
KINDS_WITH_ORGANISATION = (ReportKind.MOGNAD,)
# The kinds of organisation such a report can be about (a stödfunktion or a part of one is not assessed on its own).
REPORTED_ORGANISATION_KINDS = (OrganisationKind.FORVALTNING, OrganisationKind.BOLAG)


class ReportState(models.TextChoices):
    KOAD = "koad", _("Köad")
    PAGAR = "pagar", _("Pågår")
    KLAR = "klar", _("Klar")
    MISSLYCKAD = "misslyckad", _("Misslyckad")


# States a report never leaves: the reports page stops following it.
FINAL_STATES = (ReportState.KLAR, ReportState.MISSLYCKAD)

# A report moves forward only; a finished or failed report is never rendered again (a new one is a new report).
REPORT_TRANSITIONS = {
    ReportState.KOAD: {ReportState.PAGAR, ReportState.MISSLYCKAD},
    ReportState.PAGAR: {ReportState.PAGAR, ReportState.KLAR, ReportState.MISSLYCKAD},
    ReportState.KLAR: set(),
    ReportState.MISSLYCKAD: set(),
}
