from django.db import models
from django.utils.translation import gettext_lazy as _

LEVELS = (1, 2, 3, 4, 5)
# Days before a round closes when managers of organisations that have not submitted get a reminder.
REMINDER_DAYS_BEFORE_CLOSING = (14, 3)
# An area at or below this level counts as a gap that measures and projects should address.
GAP_LEVEL = 2
# Planned improvements per area: empty rows the form always offers, and the most one area may hold (the row count
# comes back from the browser, so it is capped).
IMPROVEMENT_EXTRA_ROWS = 1
MAX_IMPROVEMENTS = 20


class RoundStatus(models.TextChoices):
    PLANERAD = "planerad", _("Planerad")
    OPPEN = "oppen", _("Öppen")
    STANGD = "stangd", _("Stängd")


# Reopening a closed round (stangd -> oppen) is allowed but needs a recorded reason (see round_set_status).
ROUND_TRANSITIONS = {
    RoundStatus.PLANERAD: frozenset({RoundStatus.OPPEN}),
    RoundStatus.OPPEN: frozenset({RoundStatus.STANGD}),
    RoundStatus.STANGD: frozenset({RoundStatus.OPPEN}),
}


class AssessmentStatus(models.TextChoices):
    UTKAST = "utkast", _("Utkast")
    INLAMNAD = "inlamnad", _("Inlämnad")
    GRANSKAD = "granskad", _("Granskad")
    FASTSTALLD = "faststalld", _("Fastställd")


# The process leader may return an assessment (to utkast) from inlämnad or granskad; fastställd is frozen.
ASSESSMENT_TRANSITIONS = {
    AssessmentStatus.UTKAST: frozenset({AssessmentStatus.INLAMNAD}),
    AssessmentStatus.INLAMNAD: frozenset({AssessmentStatus.GRANSKAD, AssessmentStatus.UTKAST}),
    AssessmentStatus.GRANSKAD: frozenset({AssessmentStatus.FASTSTALLD, AssessmentStatus.UTKAST}),
    AssessmentStatus.FASTSTALLD: frozenset(),
}

# Submitted or further along: shown in results (heatmap, radar, median); drafts never are.
SUBMITTED_STATUSES = (AssessmentStatus.INLAMNAD, AssessmentStatus.GRANSKAD, AssessmentStatus.FASTSTALLD)

# Respondents: no aggregate (count, spread, median) of their answers is shown anywhere until this many have answered,
# so no single answer can be read out of it.
MIN_ANSWERS_FOR_AGGREGATE = 3
# Days an e-mailed invitation link stays valid (a reminder sends a fresh one).
INVITATION_DAYS = 30


class ImprovementStatus(models.TextChoices):
    """Where a planned improvement stands in the year's follow-up (the same mechanics as a measure's result)."""

    PLANERAD = "planerad", _("Planerad")
    PAGAR = "pagar", _("Pågår")
    KLAR = "klar", _("Klar")
    AVBRUTEN = "avbruten", _("Avbruten")


# Finished improvements are neither overdue nor reminded, and are not carried over to next year.
IMPROVEMENT_FINISHED = (ImprovementStatus.KLAR, ImprovementStatus.AVBRUTEN)
# Days before an improvement's date when the organisation's managers get one reminder.
IMPROVEMENT_REMINDER_DAYS = 14

# A comparison (a group's median) is shown only for groups of at least this many organisations that have submitted,
# so no single organisation can be singled out when the comparison is shared beyond the municipality.
MIN_COMPARISON_GROUP = 5
