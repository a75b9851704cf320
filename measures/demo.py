"""Sample follow-up by the demo process leader: a few status changes with motivations (local demo only)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from vudig.core import demo

from .constants import ResultStatus
from .models import Comment, Measure, MeasureResult, Plan
from .services import comment_add, measure_result_create, measure_result_set_status, measure_set_status

# (measure, result, new status, motivation, reason) in the earlier plan "Tidigare beslutade VUDIG-åtgärder".
# Only the newest plan version is touched, so the earlier table keeps its statuses when a version exists.
SAMPLE_CHANGES = [
    (
        "Centrala beredningsgrupper",
        "Ekonomi- & affärsgrupp",
        ResultStatus.PABORJAT,
        "Demo: gruppen har haft sitt första möte.",
        "",
    ),
    (
        "Huvudprocesser, information och digitala lösningar förtydligas",
        "Centralt VIR-arbete, verksamhetsbaserad informationshantering",
        ResultStatus.ETABLERAT,
        "Demo: VIR-arbetet ingår nu i ordinarie förvaltning.",
        "",
    ),
]
DEMO_MARK = "Demo:"
# The earlier plan's "Digitaliseringsgrupp" was solved another way: the current plan's central steering and
# beredning groups took it over, as kommunchef's decision on that plan says.
REPLACED = ("Centrala beredningsgrupper", "Digitaliseringsgrupp")
REPLACEMENT = ("plan-for-digitalisering", "Centrala styr- och beredningsgrupper")
REPLACED_MOTIVATION = "Demo: ersatt av de centrala styr- och beredningsgrupperna i nuvarande plan."
COMMENT = "Demo: beredningsgruppen för digitalisering går upp i den gemensamma beredningen från och med i år."

# Follow-up of the plan in force: (measure, result, responsible, start and end in days from the day the demo is
# loaded, status, motivation). "Kartläggning av kompetensbehov" ends before today and is not finished: försenad.
IN_FORCE_RESULTS = [
    (
        "Utarbeta digitaliseringsstrategi",
        "Nulägesanalys och omvärldsbevakning",
        "Digitaliseringsstrateg, KLF",
        -150,
        -40,
        ResultStatus.FRAMTAGEN,
        "Demo: nulägesanalysen är klar och redovisad för KLG.",
    ),
    (
        "Utarbeta digitaliseringsstrategi",
        "Remissversion av strategin",
        "Digitaliseringsstrateg, KLF",
        -40,
        60,
        ResultStatus.PABORJAT,
        "Demo: arbetsgruppen skriver remissversionen.",
    ),
    (
        "Utarbeta digitaliseringsstrategi",
        "Strategin antagen",
        "Kommundirektör",
        60,
        180,
        ResultStatus.EJ_PABORJAD,
        "",
    ),
    (
        "Centralt utbildningsprogram för digital kompetens",
        "Kartläggning av kompetensbehov",
        "HR-avdelningen",
        -120,
        -14,
        ResultStatus.PABORJAT,
        "Demo: enkäten är ute; svaren från två förvaltningar saknas.",
    ),
    (
        "Centralt utbildningsprogram för digital kompetens",
        "Grundkurs i digital kompetens för chefer",
        "HR-avdelningen",
        14,
        120,
        ResultStatus.EJ_PABORJAD,
        "",
    ),
]
# A measure without results is followed up by its own status.
IN_FORCE_MEASURE_STATUS = (
    "Finansiering av digitaliseringen",
    ResultStatus.PABORJAT,
    "Demo: en modell för finansiering bereds inför budgetarbetet.",
)


@demo.register
def load(users) -> None:
    """The earlier plan's sample changes, then the plan in force's follow-up; each safe to run again."""
    _load_earlier_changes(users)
    _load_in_force(users)


def _load_earlier_changes(users) -> None:
    """Record the sample changes once; a second run sees the process leader's history rows and does nothing."""
    leader = users.get("processledare")
    if leader is None:
        return
    for measure_title, result_title, status, motivation, reason in SAMPLE_CHANGES:
        result = (
            MeasureResult.objects.filter(
                measure__plan__slug="tidigare-atgarder", measure__title=measure_title, title=result_title
            )
            .select_related("measure__plan")
            .first()
        )
        if result is None or result.measure.plan.is_superseded:
            continue
        if result.history.filter(history_user=leader, history_change_reason=motivation).exists():
            continue  # idempotent: this change was recorded by an earlier run
        measure_result_set_status(
            result=result,
            status=status,
            motivation=motivation,
            reason=reason,
            expected_version=result.version,
            by=leader,
        )
    _replacement(leader)


def _load_in_force(users) -> None:
    """Give the plan in force a few results with responsible, dates and statuses; a second run adds nothing."""
    leader = users.get("processledare")
    plan = Plan.objects.in_force().first()
    if leader is None or plan is None:
        return
    today = timezone.localdate()
    for measure_title, title, responsible, start, end, status, motivation in IN_FORCE_RESULTS:
        measure = Measure.objects.filter(plan=plan, title=measure_title).first()
        if measure is None or measure.results.filter(title=title).exists():
            continue  # idempotent: added by an earlier run (or the measure is not in this plan)
        result = measure_result_create(
            measure=measure,
            title=title,
            responsible=responsible,
            start_date=today + timedelta(days=start),
            end_date=today + timedelta(days=end),
            by=leader,
        )
        if status != result.status:
            measure_result_set_status(
                result=result, status=status, motivation=motivation, expected_version=result.version, by=leader
            )
    measure_title, status, motivation = IN_FORCE_MEASURE_STATUS
    measure = Measure.objects.filter(plan=plan, title=measure_title).first()
    if measure is not None and not measure.results.exists():
        # idempotent: the same status with the same motivation is a no-op in the service
        measure_set_status(
            measure=measure, status=status, motivation=motivation, expected_version=measure.version, by=leader
        )


def _replacement(leader) -> None:
    """Name the current plan's measure as the replacement, with the plan decision as basis, and comment on it."""
    result = (
        MeasureResult.objects.filter(
            measure__plan__slug="tidigare-atgarder", measure__title=REPLACED[0], title=REPLACED[1]
        )
        .select_related("measure__plan")
        .first()
    )
    target = Measure.objects.filter(plan__slug=REPLACEMENT[0], title=REPLACEMENT[1]).first()
    plan = Plan.objects.filter(slug=REPLACEMENT[0]).first()
    if result is None or target is None or plan is None or not plan.is_decided or result.measure.plan.is_superseded:
        return
    # idempotent: each step looks for what an earlier run left
    if not result.history.filter(history_user=leader, history_change_reason=REPLACED_MOTIVATION).exists():
        measure_result_set_status(
            result=result,
            status=ResultStatus.ALT_LOSNING,
            motivation=REPLACED_MOTIVATION,
            replacement_measure=target,
            basis_plan=plan,
            expected_version=result.version,
            by=leader,
        )
    if not Comment.objects.filter(measure=result.measure, text=COMMENT).exists():
        comment_add(measure=result.measure, result=result, text=COMMENT, by=leader)


# The follow-up periods' and the indicators' demos are their own loaders, run after this one and in this order: the
# indicators record outcomes for the open demo period too.
from . import demo_periods, indicator_demo  # noqa: E402, F401
