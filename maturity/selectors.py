"""Reads for the maturity pages, open data and (later) PDF reports; each runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from django.core.paginator import Page
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from vudig.core.models import Organisation
from vudig.core.rules import can, roles_of

from .constants import MIN_ANSWERS_FOR_AGGREGATE, MIN_COMPARISON_GROUP, SUBMITTED_STATUSES, AssessmentStatus
from .models import (
    ASSESSED_KINDS,
    AreaAssessment,
    Assessment,
    AssessmentRound,
    CapabilityArea,
    LevelDescriptor,
    PlannedImprovement,
    Respondent,
    RespondentAnswer,
    TargetLevel,
)


def capability_area_list():
    """The five capability areas in the plan's order."""
    return CapabilityArea.objects.all()


def capability_areas_with_descriptors():
    """The areas with their edited descriptors prefetched (for descriptors.descriptor_table)."""
    return CapabilityArea.objects.prefetch_related(Prefetch("descriptors", queryset=LevelDescriptor.objects.all()))


def assessed_organisation_list():
    """The förvaltningar and bolag a round covers, in the plan's order."""
    return Organisation.objects.filter(kind__in=ASSESSED_KINDS).order_by("order", "name")


def round_list():
    """All rounds, newest first."""
    return AssessmentRound.objects.order_by("-year")


def round_get(*, year: int) -> AssessmentRound | None:
    return AssessmentRound.objects.filter(year=year).first()


def round_current() -> AssessmentRound | None:
    """The round to show first: the newest open one, else the newest of all."""
    return (
        AssessmentRound.objects.filter(status="oppen").order_by("-year").first()
        or AssessmentRound.objects.order_by("-year").first()
    )


def round_previous(*, round: AssessmentRound) -> AssessmentRound | None:
    return AssessmentRound.objects.filter(year__lt=round.year).order_by("-year").first()


def assessment_get(*, round: AssessmentRound, organisation) -> Assessment | None:
    """One assessment with its area rows (their links and planned improvements) loaded: five queries in all."""
    return (
        Assessment.objects.filter(round=round, organisation=organisation)
        .select_related("round", "organisation")
        .prefetch_related(
            Prefetch(
                "areas",
                queryset=AreaAssessment.objects.select_related("area").prefetch_related(
                    "measures", "projects", "improvements"
                ),
            )
        )
        .first()
    )


@dataclass
class OverviewRow:
    organisation: Organisation
    assessment: Assessment | None

    @property
    def status(self) -> str:
        return self.assessment.status if self.assessment else ""

    @property
    def group(self) -> str:
        """missing / draft / submitted / in_review / established, for the overview's sections and counts."""
        if self.assessment is None:
            return "missing"
        return {
            AssessmentStatus.UTKAST: "draft",
            AssessmentStatus.INLAMNAD: "submitted",
            AssessmentStatus.GRANSKAD: "in_review",
            AssessmentStatus.FASTSTALLD: "established",
        }[self.assessment.status]


# Organisations per page on the round overview and the heatmap: a region assesses over a thousand förvaltningar and
# bolag, so both pages show a page of rows while their counts, spread and medians cover every organisation.
ORGANISATIONS_PER_PAGE = 50


@dataclass
class OverviewPage:
    page: Page
    rows: list[OverviewRow]
    counts: dict[str, int]


def round_overview_page(*, round: AssessmentRound, page: Page) -> OverviewPage:
    """The overview's rows for ``page`` (a page of assessed_organisation_list()), and the counts per group over every
    organisation (4 queries with the page's own two)."""
    organisations = page
    total = organisations.paginator.count
    in_round = dict(
        Assessment.objects.filter(round=round, organisation__kind__in=ASSESSED_KINDS)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    by_org = {
        a.organisation_id: a
        for a in Assessment.objects.filter(round=round, organisation_id__in=[o.pk for o in organisations.object_list])
    }
    rows = [OverviewRow(org, by_org.get(org.pk)) for org in organisations.object_list]
    counts = {
        "missing": total - sum(in_round.values()),
        "draft": in_round.get(AssessmentStatus.UTKAST, 0),
        "submitted": in_round.get(AssessmentStatus.INLAMNAD, 0),
        "in_review": in_round.get(AssessmentStatus.GRANSKAD, 0),
        "established": in_round.get(AssessmentStatus.FASTSTALLD, 0),
    }
    return OverviewPage(organisations, rows, counts)


def round_not_submitted_count(*, round: AssessmentRound) -> int:
    """How many assessed organisations have not submitted in the round (no assessment, or still a draft): 2 queries."""
    submitted = Assessment.objects.filter(
        round=round, status__in=SUBMITTED_STATUSES, organisation__kind__in=ASSESSED_KINDS
    ).count()
    return assessed_organisation_list().count() - submitted


def _levels(round: AssessmentRound | None, statuses, organisation_ids=None) -> dict[int, dict[int, int]]:
    """{organisation_id: {area_id: level}} for assessments in ``statuses`` (of ``organisation_ids``, or of every
    organisation): one query."""
    if round is None:
        return {}
    result: dict[int, dict[int, int]] = {}
    rows = AreaAssessment.objects.filter(assessment__round=round, assessment__status__in=statuses, level__isnull=False)
    if organisation_ids is not None:
        rows = rows.filter(assessment__organisation_id__in=organisation_ids)
    # Unordered: a dict needs no sort, and the model's ordering (by area) would join the areas to sort every row of
    # the round (5,000 at scale 100).
    rows = rows.order_by().values_list("assessment__organisation_id", "area_id", "level")
    for org_id, area_id, level in rows:
        result.setdefault(org_id, {})[area_id] = level
    return result


def _median(values: list[int]) -> float | None:
    return float(median(values)) if values else None


@dataclass
class HeatmapRow:
    organisation: Organisation
    levels: list[int | None]
    previous: list[int | None]
    status: str = ""
    targets: list[int | None] = field(default_factory=list)

    @property
    def changes(self) -> list[int | None]:
        return [None if a is None or b is None else a - b for a, b in zip(self.levels, self.previous, strict=True)]


@dataclass
class AreaSpread:
    area: CapabilityArea
    count: int
    minimum: int | None
    median: float | None
    maximum: int | None
    previous_median: float | None
    group_medians: dict[str, float | None] = field(default_factory=dict)

    @property
    def median_change(self) -> float | None:
        if self.median is None or self.previous_median is None:
            return None
        return self.median - self.previous_median


@dataclass
class Heatmap:
    round: AssessmentRound
    previous_round: AssessmentRound | None
    areas: list[CapabilityArea]
    rows: list[HeatmapRow]
    spread: list[AreaSpread]
    groups: list[tuple[str, str, list[HeatmapRow]]]
    page: Page | None = None


def _level_counts(round: AssessmentRound | None, *, assessed_only: bool) -> dict[int, dict[str, dict[int, int]]]:
    """{area_id: {organisation kind: {level: how many}}} of the round's submitted levels: one grouped query, at
    most areas × kinds × 5 rows however many organisations assess (levels are whole numbers 1–5, so a median, the
    lowest and the highest follow exactly from the counts)."""
    if round is None:
        return {}
    rows = AreaAssessment.objects.filter(
        assessment__round=round, assessment__status__in=SUBMITTED_STATUSES, level__isnull=False
    )
    if assessed_only:
        rows = rows.filter(assessment__organisation__kind__in=ASSESSED_KINDS)
    result: dict[int, dict[str, dict[int, int]]] = {}
    for area_id, kind, level, n in (
        rows.order_by()
        .values_list("area_id", "assessment__organisation__kind", "level")
        .annotate(n=Count("pk"))
        .values_list("area_id", "assessment__organisation__kind", "level", "n")
    ):
        result.setdefault(area_id, {}).setdefault(kind, {})[level] = n
    return result


def _counted_median(counts: dict[int, int]) -> float | None:
    """The median of the levels ``counts`` holds ({level: how many}), as statistics.median gives it."""
    total = sum(counts.values())
    if not total:
        return None
    middle = []
    seen = 0
    for level in sorted(counts):
        before, seen = seen, seen + counts[level]
        middle += [level for index in {(total - 1) // 2, total // 2} if before <= index < seen]
    return float(sum(middle) / len(middle)) if len(middle) == 2 else float(middle[0])


def _merged(counts_by_kind: dict[str, dict[int, int]]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for counts in counts_by_kind.values():
        for level, n in counts.items():
            merged[level] = merged.get(level, 0) + n
    return merged


def heatmap(*, round: AssessmentRound, page: Page | None = None) -> Heatmap:
    """Organisations × areas for submitted assessments, with last year's levels, for ``page`` (a page of
    assessed_organisation_list(), the web page) or, without one, for every organisation (the PDF report, which must
    show the whole picture); the spread and the group medians always cover every organisation, counted per level
    in the database (issue 19: not every organisation's levels read to count them)."""
    areas = list(capability_area_list())
    organisations = list(assessed_organisation_list() if page is None else page.object_list)
    shown = None if page is None else [o.pk for o in organisations]
    previous_round = round_previous(round=round)
    current = _levels(round, SUBMITTED_STATUSES, organisation_ids=shown)
    previous = _levels(previous_round, SUBMITTED_STATUSES, organisation_ids=shown)
    statuses = dict(
        Assessment.objects.filter(
            round=round, status__in=SUBMITTED_STATUSES, organisation_id__in=[o.pk for o in organisations]
        ).values_list("organisation_id", "status")
    )
    targets = organisation_targets(round=round, organisations=organisations)
    rows = [
        HeatmapRow(
            organisation=org,
            levels=[current.get(org.pk, {}).get(a.pk) for a in areas],
            previous=[previous.get(org.pk, {}).get(a.pk) for a in areas],
            status=statuses.get(org.pk, ""),
            targets=[targets.get(org.pk, {}).get(a.pk) for a in areas],
        )
        for org in organisations
    ]
    kinds = [(value, label) for value, label in Organisation._meta.get_field("kind").choices if value in ASSESSED_KINDS]
    groups = [(value, str(label), [r for r in rows if r.organisation.kind == value]) for value, label in kinds]
    counted = _level_counts(round, assessed_only=True)
    counted_before = _level_counts(previous_round, assessed_only=False)
    spread = []
    for area in areas:
        by_kind = counted.get(area.pk, {})
        counts = _merged(by_kind)
        present = [level for level, n in counts.items() if n]
        spread.append(
            AreaSpread(
                area=area,
                count=sum(counts.values()),
                minimum=min(present) if present else None,
                median=_counted_median(counts),
                maximum=max(present) if present else None,
                previous_median=_counted_median(_merged(counted_before.get(area.pk, {}))),
                group_medians={kind: _counted_median(by_kind.get(kind, {})) for kind, _label, _rows in groups},
            )
        )
    return Heatmap(round, previous_round, areas, rows, spread, groups, page)


def area_medians(*, round: AssessmentRound) -> dict[int, float | None]:
    """{area_id: median level} over the round's submitted assessments: one query."""
    values: dict[int, list[int]] = {}
    for levels in _levels(round, SUBMITTED_STATUSES).values():
        for area_id, level in levels.items():
            values.setdefault(area_id, []).append(level)
    return {area_id: _median(v) for area_id, v in values.items()}


def organisation_levels(*, round: AssessmentRound | None, organisation) -> dict[int, int]:
    """{area_id: level} of one organisation's submitted assessment in a round."""
    if round is None:
        return {}
    return dict(
        AreaAssessment.objects.filter(
            assessment__round=round,
            assessment__organisation=organisation,
            assessment__status__in=SUBMITTED_STATUSES,
            level__isnull=False,
        ).values_list("area_id", "level")
    )


def assessment_visible(*, user, assessment: Assessment | None) -> bool:
    """Drafts only to those who may edit; submitted ones to everyone signed in (the year's picture is shared)."""
    return assessment is not None and can(user, "assessment.view_results", assessment)


def established_records() -> list[dict]:
    """Open data: organisation, year, area, level for fastställda assessments only (no people)."""
    rows = (
        AreaAssessment.objects.filter(assessment__status=AssessmentStatus.FASTSTALLD, level__isnull=False)
        .order_by("assessment__round__year", "assessment__organisation__order", "area__order")
        .values_list("assessment__organisation__name", "assessment__round__year", "area__name", "level")
    )
    return [{"organisation": org, "year": year, "area": area, "level": level} for org, year, area, level in rows]


# -- targets and gaps ---------------------------------------------------------------------------------------------
# How many of the largest gaps the round overview lists.
LARGEST_GAPS = 10


def central_targets(*, round: AssessmentRound | None) -> dict[str, dict[int, int]]:
    """{kind: {area_id: level}}: the process leader's targets per organisation kind in a round (one query)."""
    result: dict[str, dict[int, int]] = {}
    if round is None:
        return result
    for kind, area_id, level in TargetLevel.objects.filter(round=round).values_list("kind", "area_id", "level"):
        result.setdefault(kind, {})[area_id] = level
    return result


def organisation_targets(*, round: AssessmentRound | None, organisations) -> dict[int, dict[int, int]]:
    """{organisation_id: {area_id: target}} for ``organisations``: each one's own target where its submitted
    assessment sets one, else the target for its kind (two queries)."""
    if round is None:
        return {}
    central = central_targets(round=round)
    own: dict[int, dict[int, int]] = {}
    rows = AreaAssessment.objects.filter(
        assessment__round=round,
        assessment__status__in=SUBMITTED_STATUSES,
        assessment__organisation__in=[o.pk for o in organisations],
        target__isnull=False,
    ).values_list("assessment__organisation_id", "area_id", "target")
    for org_id, area_id, target in rows:
        own.setdefault(org_id, {})[area_id] = target
    return {o.pk: {**central.get(o.kind, {}), **own.get(o.pk, {})} for o in organisations}


def effective_target():
    """An AreaAssessment expression: its own target, else the process leader's target for its organisation's kind."""
    # At most one row (unique per round, kind and area): no ordering, so the subquery joins nothing and sorts nothing.
    central = (
        TargetLevel.objects.filter(
            round=OuterRef("assessment__round"), kind=OuterRef("assessment__organisation__kind"), area=OuterRef("area")
        )
        .order_by()
        .values("level")[:1]
    )
    return Coalesce("target", Subquery(central, output_field=IntegerField()))


def largest_gaps(*, round: AssessmentRound, limit: int = LARGEST_GAPS) -> list[AreaAssessment]:
    """The submitted area assessments furthest below their target, largest first, with the measures and projects
    that address them (three queries); ``row.gap`` and ``row.goal`` are annotated."""
    return list(
        AreaAssessment.objects.filter(
            assessment__round=round, assessment__status__in=SUBMITTED_STATUSES, level__isnull=False
        )
        .annotate(goal=effective_target())
        .annotate(gap=F("goal") - F("level"))
        .filter(gap__gt=0)
        .select_related("assessment__organisation", "area")
        .prefetch_related("measures", "projects")
        .order_by("-gap", "assessment__organisation__order", "area__order")[:limit]
    )


# -- respondents ----------------------------------------------------------------------------------------------
RESPONDENTS_PER_PAGE = 50


@dataclass
class AnswerSpread:
    area: CapabilityArea
    count: int
    minimum: int
    median: float
    maximum: int


@dataclass
class RespondentSummary:
    invited: int
    answered: int
    # Per area, only when at least MIN_ANSWERS_FOR_AGGREGATE respondents have answered; otherwise None.
    spread: list[AnswerSpread] | None

    @property
    def rate(self) -> int | None:
        """The response rate in whole per cent."""
        return round(100 * self.answered / self.invited) if self.invited else None


def respondent_list(*, round: AssessmentRound, organisation):
    """The organisation's respondents in a round, for its manager's overview (whether each answered, never what)."""
    return Respondent.objects.filter(round=round, organisation=organisation).order_by("name", "email", "pk")


def respondent_summary(*, round: AssessmentRound, organisation) -> RespondentSummary:
    """How many were asked and answered, and the spread and median per area from three answers on (three queries)."""
    counts = Respondent.objects.filter(round=round, organisation=organisation).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    spread = None
    if counts["answered"] >= MIN_ANSWERS_FOR_AGGREGATE:
        values: dict[int, list[int]] = {}
        for area_id, level in RespondentAnswer.objects.filter(
            respondent__round=round, respondent__organisation=organisation, respondent__answered_at__isnull=False
        ).values_list("area_id", "level"):
            values.setdefault(area_id, []).append(level)
        spread = [
            AnswerSpread(area, len(v), min(v), _median(v), max(v))
            for area in capability_area_list()
            if (v := values.get(area.pk)) and len(v) >= MIN_ANSWERS_FOR_AGGREGATE
        ]
    return RespondentSummary(invited=counts["invited"], answered=counts["answered"], spread=spread)


def respondent_for(*, user, round: AssessmentRound, organisation) -> Respondent | None:
    """The user's own respondent row for the organisation's round, with their answers (the only way to them)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Respondent.objects.filter(round=round, organisation=organisation, user=user)
        .select_related("round", "organisation")
        .prefetch_related(Prefetch("answers", queryset=RespondentAnswer.objects.select_related("area")))
        .first()
    )


def respondent_rounds_of(user):
    """The open rounds and organisations the user answers for as a respondent (for the maturity start page)."""
    if not getattr(user, "is_authenticated", False):
        return Respondent.objects.none()
    return Respondent.objects.filter(user=user, round__status="oppen").select_related("round", "organisation")


# -- improvements followed up -----------------------------------------------------------------------------------
# How many of a person's open improvements the maturity start page lists (soonest first).
TO_FOLLOW_UP_SHOWN = 10


def open_improvements_for(user):
    """The planned improvements on ``user``'s to-do (for issue 12's per-role page): every unfinished improvement of
    a submitted assessment of the organisations they manage, and for the process leader also every overdue one;
    soonest date first, with what a row needs to show loaded (one query)."""
    r = roles_of(user)
    if not r.authenticated:
        return PlannedImprovement.objects.none()
    mine = Q(area_assessment__assessment__organisation_id__in=r.managed_organisation_ids)
    if r.is_process_leader:
        mine |= Q(due__lt=timezone.localdate())
    return (
        PlannedImprovement.objects.of_submitted()
        .unfinished()
        .filter(mine)
        .select_related(
            "area_assessment__area", "area_assessment__assessment__organisation", "area_assessment__assessment__round"
        )
        .order_by(F("due").asc(nulls_last=True), "pk")
    )


def previous_improvements(*, round: AssessmentRound, organisation) -> dict[int, list[PlannedImprovement]]:
    """{area_id: improvements} of the organisation's submitted assessment in the round before ``round``, each with
    its outcome and whether it is carried over already (two queries, one when there is no earlier round)."""
    previous = round_previous(round=round)
    if previous is None:
        return {}
    result: dict[int, list[PlannedImprovement]] = {}
    rows = (
        PlannedImprovement.objects.of_submitted()
        .filter(area_assessment__assessment__round=previous, area_assessment__assessment__organisation=organisation)
        .annotate(carried=Count("carried_to", filter=Q(carried_to__area_assessment__assessment__round=round)))
        .select_related("area_assessment")
        .order_by("area_assessment__area__order", "order", "pk")
    )
    for improvement in rows:
        result.setdefault(improvement.area_assessment.area_id, []).append(improvement)
    return result


# -- comparison ---------------------------------------------------------------------------------------------------
@dataclass
class ComparisonRow:
    organisation: Organisation
    levels: list[int | None]
    previous: list[int | None]
    kind_medians: list[float | None]

    def _diff(self, other) -> list[float | None]:
        return [None if a is None or b is None else a - b for a, b in zip(self.levels, other, strict=True)]

    @property
    def changes(self) -> list[float | None]:
        return self._diff(self.previous)


@dataclass
class Comparison:
    round: AssessmentRound
    previous_round: AssessmentRound | None
    areas: list[CapabilityArea]
    rows: list[ComparisonRow]
    submitted: int
    # Per area, the median of all submitted; None when fewer than MIN_COMPARISON_GROUP have submitted.
    medians: list[float | None] | None
    # {kind: (label, submitted in the kind, per-area medians or None when the kind is too small)}
    kinds: dict[str, tuple[str, int, list[float | None] | None]]

    @property
    def shown(self) -> bool:
        return self.medians is not None


def comparison(*, round: AssessmentRound, page: Page | None = None) -> Comparison:
    """Each organisation (of ``page``, or all for the export) against the median of all, of its kind and its own
    last year; a group's median only from MIN_COMPARISON_GROUP submitted organisations (constant queries)."""
    areas = list(capability_area_list())
    kind_of = dict(assessed_organisation_list().values_list("pk", "kind"))
    organisations = list(assessed_organisation_list() if page is None else page.object_list)
    previous_round = round_previous(round=round)
    current = {org_id: levels for org_id, levels in _levels(round, SUBMITTED_STATUSES).items() if org_id in kind_of}
    # Last year's levels are shown only for the rows on the page (no median uses them).
    previous = _levels(
        previous_round, SUBMITTED_STATUSES, organisation_ids=None if page is None else [o.pk for o in organisations]
    )

    def medians_of(org_ids) -> list[float | None] | None:
        if len(org_ids) < MIN_COMPARISON_GROUP:
            return None
        return [_median([current[o][a.pk] for o in org_ids if a.pk in current[o]]) for a in areas]

    labels = dict(Organisation._meta.get_field("kind").choices)
    kinds = {}
    for kind in ASSESSED_KINDS:
        members = [o for o in current if kind_of[o] == kind]
        kinds[kind] = (str(labels[kind]), len(members), medians_of(members))
    rows = [
        ComparisonRow(
            organisation=org,
            levels=[current.get(org.pk, {}).get(a.pk) for a in areas],
            previous=[previous.get(org.pk, {}).get(a.pk) for a in areas],
            kind_medians=kinds[org.kind][2] or [None] * len(areas),
        )
        for org in organisations
    ]
    return Comparison(round, previous_round, areas, rows, len(current), medians_of(list(current)), kinds)
