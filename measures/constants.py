from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultStatus(models.TextChoices):
    """The plan's full status vocabulary for a measure's results; values are the stable open-data slugs."""

    ETABLERAT = "etablerat", _("Etablerat")
    PABORJAT = "paborjat", _("Påbörjat")
    EJ_PABORJAD = "ej_paborjad", _("Ej påbörjad")
    FRAMTAGEN = "framtagen", _("Framtagen")
    AVSLUTAD = "avslutad", _("Avslutad")
    EJ_GENOMFORD = "ej_genomford", _("Ej genomförd")
    ALT_LOSNING = "alt_losning", _("Alt lösning")


class PlanState(models.TextChoices):
    UTKAST = "utkast", _("Utkast")
    GODKAND = "godkand", _("Godkänd")
    BESLUTAD = "beslutad", _("Beslutad")


class MeasureCategory(models.TextChoices):
    STABILITY = "stability", _("Åtgärd för ökad stabilitet")
    EFFECT = "effect", _("Åtgärd för ökad effekt (projekt)")


# A result in one of these statuses needs no further follow-up. A measure is finished when it has at least one active
# result and all of them are finished; a measure without results is not (nothing is done yet), so it is carried over
# into a new plan version.
FINISHED_STATUSES = frozenset(
    {
        ResultStatus.ETABLERAT,
        ResultStatus.AVSLUTAD,
        ResultStatus.FRAMTAGEN,
        ResultStatus.EJ_GENOMFORD,
        ResultStatus.ALT_LOSNING,
    }
)


def consolidated_status(statuses: list[str], *, own: str) -> str:
    """One status for a measure from its active results' statuses, or ``own`` when it has none.

    The rule: no results → the measure's own status; all results in one status → that status; all finished but in
    different statuses → Avslutad; anything else (some started or finished, some not) → Påbörjat.
    """
    if not statuses:
        return own
    distinct = set(statuses)
    if len(distinct) == 1:
        return statuses[0]
    if distinct <= FINISHED_STATUSES:
        return ResultStatus.AVSLUTAD
    return ResultStatus.PABORJAT


# These statuses say the result was not done as planned: the change must name why (and may name a replacement).
STATUSES_NEEDING_REASON = frozenset({ResultStatus.ALT_LOSNING, ResultStatus.EJ_GENOMFORD})

# The plan's life: drafted by the process leader, approved by kommunens ledningsgrupp (recorded by the process
# leader), decided by kommunchef. An approved plan may go back to draft (with a reason); a decided plan is final.
PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanState.UTKAST: frozenset({PlanState.GODKAND}),
    PlanState.GODKAND: frozenset({PlanState.BESLUTAD, PlanState.UTKAST}),
    PlanState.BESLUTAD: frozenset(),
}

MOTIVATION_MAX_LENGTH = 500
REASON_MAX_LENGTH = 1000


class PeriodKind(models.TextChoices):
    """The follow-up points of the year, as in the årshjul's report points."""

    TERTIAL_1 = "t1", _("Uppföljning T1")
    TERTIAL_2 = "t2", _("Uppföljning T2")
    BOKSLUT = "bokslut", _("Bokslut")
    OTHER = "annan", _("Annan uppföljning")


class PeriodState(models.TextChoices):
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")


# Reminders before a follow-up period's deadline (days before it): a period of a month or more gets two early ones,
# a shorter period two close ones.
PERIOD_REMINDER_DAYS_LONG = (28, 7)
PERIOD_REMINDER_DAYS_SHORT = (7, 1)
