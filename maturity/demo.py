"""Sample self-assessments for local demos: last year's round fastställd for most organisations, this year open.

Idempotent: rounds are matched on year and assessments on (round, organisation); nothing is created twice.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from measures.models import Measure
from vudig.core import demo
from vudig.core.models import Organisation

from .constants import AssessmentStatus, ImprovementStatus, RoundStatus
from .descriptors import descriptor_snapshot
from .models import (
    ASSESSED_KINDS,
    AreaAssessment,
    Assessment,
    AssessmentRound,
    CapabilityArea,
    PlannedImprovement,
    Respondent,
    RespondentAnswer,
    TargetLevel,
)
from .notices import assessment_step_notify
from .selectors import capability_areas_with_descriptors

# Demo levels (Ledning/styrning, Utveckling, Systemförvaltning, Kompetens, Samverkan) per organisation slug.
LAST_YEAR = {
    "kommunledningsforvaltning": (3, 3, 2, 3, 4),
    "samhallsbyggnad": (2, 3, 2, 2, 3),
    "socialtjanst": (2, 2, 1, 2, 2),
    "utbildning": (3, 2, 2, 3, 2),
    "fastigheter-och-service": (2, 2, 3, 2, 2),
    "raddningstjanst": (1, 2, 2, 2, 3),
    "piteenergi": (4, 3, 4, 3, 3),
    "pitebo": (3, 3, 3, 2, 2),
    "pireva": (2, 3, 3, 2, 3),
}
THIS_YEAR = {
    "kommunledningsforvaltning": (AssessmentStatus.FASTSTALLD, (4, 3, 3, 3, 4)),
    "samhallsbyggnad": (AssessmentStatus.GRANSKAD, (3, 3, 2, 3, 3)),
    "utbildning": (AssessmentStatus.INLAMNAD, (3, 3, 2, 3, 3)),
    "piteenergi": (AssessmentStatus.FASTSTALLD, (4, 4, 4, 3, 3)),
    "pitebo": (AssessmentStatus.UTKAST, (3, None, None, None, None)),
}
MOTIVATION = {
    1: "Arbetet sker på enskilda enheter utan gemensam struktur.",
    2: "Vissa delar finns på plats men ansvar och planer saknas i stora delar.",
    3: "Vi har en struktur och ansvarig, men den tillämpas ännu inte fullt ut.",
    4: "Arbetet är en naturlig del av verksamhetsplan och uppföljning.",
    5: "Vi följer upp effekter systematiskt och delar lösningar med andra.",
}


@transaction.atomic
@demo.register
def load(users) -> None:
    """Create the demo rounds and assessments once."""
    areas = list(CapabilityArea.objects.all())
    if len(areas) != 5:
        return
    snapshot = descriptor_snapshot(capability_areas_with_descriptors())
    year = timezone.localdate().year
    today = timezone.localdate()
    last = _round(year - 1, datetime.date(year - 1, 2, 1), datetime.date(year - 1, 3, 31), RoundStatus.STANGD, snapshot)
    current = _round(
        year, today - datetime.timedelta(days=14), today + datetime.timedelta(days=30), RoundStatus.OPPEN, snapshot
    )
    by = users.get("processledare")
    for slug, levels in LAST_YEAR.items():
        _assessment(last, slug, AssessmentStatus.FASTSTALLD, levels, areas, by)
    for slug, (status, levels) in THIS_YEAR.items():
        _assessment(current, slug, status, levels, areas, by)
    _follow_up_and_targets(last, current, areas, by)
    _respondents(current, areas, users)
    _notices(last, current)


def _notices(last, current) -> None:
    """The notices the demo's steps would have made (submitted to the process leader, fastställd to the managers),
    through the same notify() as the real steps; idempotent, as each notice's key names the assessment's version."""
    handed_in = (
        Assessment.objects.filter(round__in=[last, current])
        .exclude(status=AssessmentStatus.UTKAST)
        .select_related("round", "organisation")
        .order_by("round__year", "organisation__order")
    )
    for assessment in handed_in:
        assessment_step_notify(assessment)


def _tracked(obj, by, reason="Demo: exempeldata"):
    obj._change_reason = reason
    obj._history_user = by
    obj.save()


def _follow_up_and_targets(last, current, areas, by) -> None:
    """Targets 3 for every area this year; last year's improvements followed up; one gap linked to a measure."""
    if not TargetLevel.objects.filter(round=current).exists():
        for kind in ASSESSED_KINDS:
            for area in areas:
                _tracked(TargetLevel(round=current, kind=kind, area=area, level=3), by)
    outcomes = [
        (ImprovementStatus.KLAR, "Klart enligt plan."),
        (ImprovementStatus.PAGAR, "Påbörjat; fortsätter under året."),
    ]
    for improvement in PlannedImprovement.objects.filter(
        area_assessment__assessment__round=last, status=ImprovementStatus.PLANERAD
    ).order_by("pk"):
        improvement.status, improvement.follow_up_comment = outcomes[improvement.order % 2]
        _tracked(improvement, by)
    gap = AreaAssessment.objects.filter(
        assessment__round=current, assessment__organisation__slug="samhallsbyggnad", level__lte=2
    ).first()
    measure = Measure.objects.order_by("pk").first()
    if gap is not None and measure is not None and not gap.measures.exists():
        gap.measures.add(measure)


# Utbildning's respondents this year: demo accounts, three of whom have answered (so the spread shows).
RESPONDENTS = {"lasare": (3, 2, 3, 3, 2), "beredning": (2, 2, 3, 2, 3), "ledamot.extern": (4, 3, 2, 3, 3)}
RESPONDENT_PENDING = ("ordf.intern",)


def _respondents(current, areas, users) -> None:
    org = Organisation.objects.filter(slug="utbildning").first()
    manager = users.get("chef.utbildning")
    if org is None or Respondent.objects.filter(round=current, organisation=org).exists():
        return
    for username in (*RESPONDENTS, *RESPONDENT_PENDING):
        user = users.get(username)
        if user is None:
            continue
        respondent = Respondent(
            round=current, organisation=org, user=user, email=user.email, name=user.get_full_name(), invited_by=manager
        )
        if username in RESPONDENTS:
            respondent.answered_at = timezone.now()
        _tracked(respondent, manager)
        for area, level in zip(areas, RESPONDENTS.get(username, ()), strict=False):
            RespondentAnswer.objects.create(respondent=respondent, area=area, level=level, comment="Demo: exempelsvar")


def _round(year, opens_on, closes_on, status, snapshot) -> AssessmentRound:
    round, _created = AssessmentRound.objects.get_or_create(
        year=year, defaults={"opens_on": opens_on, "closes_on": closes_on, "status": status, "descriptors": snapshot}
    )
    return round


def _assessment(round, slug, status, levels, areas, by) -> None:
    org = Organisation.objects.filter(slug=slug).first()
    if org is None or Assessment.objects.filter(round=round, organisation=org).exists():
        return
    assessment = Assessment(round=round, organisation=org, status=status)
    if status != AssessmentStatus.UTKAST:
        assessment.submitted_at = timezone.now()
    assessment._change_reason = "Demo: exempeldata"
    assessment._history_user = by
    assessment.save()
    for area, level in zip(areas, levels, strict=True):
        row = AreaAssessment(
            assessment=assessment,
            area=area,
            level=level,
            motivation=MOTIVATION[level] if level else "",
            evidence="Verksamhetsplan och ledningsgruppens protokoll." if level else "",
        )
        row._change_reason = "Demo: exempeldata"
        row._history_user = by
        row.save()
        if level and level <= 2:  # a gap: planned improvements, each with an owner and a date
            for order, (text, owner, due) in enumerate(_improvements(area, round.year)):
                improvement = PlannedImprovement(area_assessment=row, text=text, owner=owner, due=due, order=order)
                improvement._change_reason = "Demo: exempeldata"
                improvement._history_user = by
                improvement.save()


def _improvements(area, year):
    """Two planned improvements for a gap: a plan by mid-year and its first step by the end of the year."""
    return [
        (f"Ta fram en plan för {area.name.lower()}.", "Förvaltningschef", datetime.date(year, 6, 30)),
        (
            f"Utse en ansvarig för {area.name.lower()} i ledningsgruppen och följ upp i verksamhetsplanen.",
            "Ledningsgruppen",
            datetime.date(year, 12, 31),
        ),
    ]
