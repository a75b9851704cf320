"""Bench data for the maturity pages (see bench.builders for the rules).

A few years of self-assessment rounds, each with an assessment for every assessed organisation at the scale (the
förvaltningar and bolag of every synthetic municipality), five area rows per assessment (two planned improvements for
each gap), and history rows to match the road each assessment took (utkast → inlämnad → granskad → fastställd). The
demo rounds (this year, open; last year, closed) are kept as the demo made them and completed for the organisations
they leave out.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from bench.builders import HISTORY_YEARS, Builder, bulk_with_history, history_rows, process_leader, register
from maturity.constants import AssessmentStatus, ImprovementStatus, RoundStatus
from maturity.descriptors import descriptor_snapshot
from maturity.models import (
    ASSESSED_KINDS,
    AreaAssessment,
    Assessment,
    AssessmentRound,
    PlannedImprovement,
    Respondent,
    RespondentAnswer,
    TargetLevel,
)
from maturity.selectors import assessed_organisation_list, capability_area_list, capability_areas_with_descriptors

# Respondents per assessed organisation in the newest round (all but two have answered).
RESPONDENTS_PER_ORG = 6


def build_maturity(scale: int, rng: random.Random) -> dict[str, int]:
    leader = process_leader()
    areas = list(capability_area_list())
    if not areas:
        return {}
    snapshot = descriptor_snapshot(capability_areas_with_descriptors())
    today = timezone.localdate()
    existing = {r.year: r for r in AssessmentRound.objects.all()}
    new_rounds = [
        AssessmentRound(
            year=year,
            opens_on=dt.date(year, 2, 1),
            closes_on=dt.date(year, 3, 31),
            status=RoundStatus.STANGD if year < today.year else RoundStatus.OPPEN,
            descriptors=snapshot,
        )
        for year in range(today.year - HISTORY_YEARS + 1, today.year + 1)
        if year not in existing
    ]
    bulk_with_history(new_rounds, AssessmentRound, leader)
    rounds = list(AssessmentRound.objects.order_by("year"))
    organisations = list(assessed_organisation_list().values_list("pk", flat=True))
    have = set(Assessment.objects.values_list("round_id", "organisation_id"))
    open_mix = [
        AssessmentStatus.UTKAST,
        AssessmentStatus.INLAMNAD,
        AssessmentStatus.GRANSKAD,
        AssessmentStatus.FASTSTALLD,
    ]
    level_of: dict[tuple[int, int], int] = {}  # (org, area) -> last level, so years drift rather than jump
    assessments = []
    for round_ in rounds:
        for org_id in organisations:
            if (round_.pk, org_id) in have:
                continue
            status = rng.choice(open_mix) if round_.is_open else AssessmentStatus.FASTSTALLD
            assessments.append(
                Assessment(
                    round_id=round_.pk,
                    organisation_id=org_id,
                    status=status,
                    submitted_at=None
                    if status == AssessmentStatus.UTKAST
                    else timezone.make_aware(dt.datetime.combine(round_.opens_on, dt.time(10)))
                    + dt.timedelta(days=rng.randint(1, 50)),
                )
            )
    assessments = bulk_with_history(assessments, Assessment, leader)
    created = Assessment.objects.filter(pk__in=[a.pk for a in assessments]).select_related("round").order_by("pk")
    rows = []
    for assessment in created:
        draft = assessment.status == AssessmentStatus.UTKAST
        for area in areas:
            key = (assessment.organisation_id, area.pk)
            level = max(1, min(5, level_of.get(key, rng.randint(1, 3)) + rng.choice((0, 0, 1, -1))))
            level_of[key] = level
            rows.append(
                AreaAssessment(
                    assessment_id=assessment.pk,
                    area_id=area.pk,
                    level=None if draft and rng.random() < 0.5 else level,
                    motivation="Syntetisk motivering av nivån. " * 3,
                    evidence="Verksamhetsplan och protokoll.",
                )
            )
    bulk_with_history(rows, AreaAssessment, leader)
    # A gap (level 1–2) plans two improvements, each with an owner and a date.
    gaps = AreaAssessment.objects.filter(assessment_id__in=[a.pk for a in created], level__lte=2).select_related(
        "area", "assessment__round"
    )
    improvements = [
        PlannedImprovement(
            area_assessment_id=gap.pk,
            text=text % gap.area.name.lower(),
            owner=owner,
            due=dt.date(gap.assessment.round.year, month, 28),
            order=order,
        )
        for gap in gaps
        for order, (text, owner, month) in enumerate(
            (("Förbättra %s.", "Förvaltningschef", 6), ("Följ upp %s i verksamhetsplanen.", "Ledningsgruppen", 12))
        )
    ]
    bulk_with_history(improvements, PlannedImprovement, leader)

    # Issue 17: the process leader's targets per kind in every round, improvements followed up in closed rounds,
    # and respondents: RESPONDENTS_PER_ORG for every assessed organisation in the newest round, most of whom answered.
    targets = [
        TargetLevel(round_id=r.pk, kind=kind, area_id=area.pk, level=3 + (i % 2))
        for r in rounds
        for kind in ASSESSED_KINDS
        for i, area in enumerate(areas)
        if not TargetLevel.objects.filter(round_id=r.pk).exists()
    ]
    bulk_with_history(targets, TargetLevel, leader)
    closed = PlannedImprovement.objects.filter(
        pk__in=[p.pk for p in improvements], area_assessment__assessment__round__status=RoundStatus.STANGD
    )
    outcomes = [ImprovementStatus.KLAR, ImprovementStatus.PAGAR, ImprovementStatus.AVBRUTEN, ImprovementStatus.PLANERAD]
    for status in outcomes:
        closed.filter(pk__in=[p.pk for p in improvements if p.pk % len(outcomes) == outcomes.index(status)]).update(
            status=status
        )  # synthetic state, not a business event: no history rows, as the builder rules say
    newest = rounds[-1]
    have_respondents = set(Respondent.objects.filter(round=newest).values_list("organisation_id", flat=True))
    respondents = [
        Respondent(
            round_id=newest.pk,
            organisation_id=org_id,
            email=f"respondent{i}.org{org_id}@bench.invalid",
            name=f"Respondent {i}",
            answered_at=timezone.now() if i < RESPONDENTS_PER_ORG - 2 else None,
        )
        for org_id in organisations
        if org_id not in have_respondents
        for i in range(RESPONDENTS_PER_ORG)
    ]
    respondents = bulk_with_history(respondents, Respondent, leader)
    answers = [
        RespondentAnswer(respondent_id=r.pk, area_id=area.pk, level=rng.randint(1, 5), comment="Syntetiskt svar.")
        for r in Respondent.objects.filter(pk__in=[r.pk for r in respondents], answered_at__isnull=False)
        for area in areas
    ]
    RespondentAnswer.objects.bulk_create(answers, batch_size=1000)

    road = [AssessmentStatus.UTKAST, AssessmentStatus.INLAMNAD, AssessmentStatus.GRANSKAD, AssessmentStatus.FASTSTALLD]

    def dates(a) -> list[dt.datetime]:
        steps = road.index(a.status)  # one "changed" row per step taken after the draft
        start = timezone.make_aware(dt.datetime.combine(a.round.opens_on, dt.time(9)))
        return [start + dt.timedelta(days=7 * (i + 1)) for i in range(steps)]

    def mutate(a, values, i):
        values["status"] = road[i + 1]
        values["version"] = i + 2

    history = history_rows(Assessment, created, dates=dates, user=leader, mutate=mutate)
    return {
        "rounds": len(new_rounds),
        "assessments": len(assessments),
        "area assessments": len(rows),
        "planned improvements": len(improvements),
        "assessment history": history,
        "targets": len(targets),
        "respondents": len(respondents),
        "respondent answers": len(answers),
    }


register(Builder(name="maturity", build=build_maturity, order=50))
