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
from maturity.constants import AssessmentStatus, RoundStatus
from maturity.descriptors import descriptor_snapshot
from maturity.models import AreaAssessment, Assessment, AssessmentRound, PlannedImprovement
from maturity.selectors import assessed_organisation_list, capability_area_list, capability_areas_with_descriptors


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
    }


register(Builder(name="maturity", build=build_maturity, order=50))
