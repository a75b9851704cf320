"""The data migration moves each area's single planned improvement into PlannedImprovement (with a history row),
and back again when reversed."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("maturity", "0003_planned_improvements")]
AFTER = [("maturity", "0005_remove_single_improvement")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_single_improvements_move_into_rows_and_back():
    old = _migrate(BEFORE)
    try:
        Organisation = old.get_model("core", "Organisation")
        CapabilityArea = old.get_model("maturity", "CapabilityArea")
        AssessmentRound = old.get_model("maturity", "AssessmentRound")
        Assessment = old.get_model("maturity", "Assessment")
        AreaAssessment = old.get_model("maturity", "AreaAssessment")
        org = Organisation.objects.create(name="Testförvaltning", slug="testforvaltning", kind="forvaltning")
        round = AssessmentRound.objects.create(
            year=2030, opens_on=datetime.date(2030, 1, 1), closes_on=datetime.date(2030, 2, 1)
        )
        assessment = Assessment.objects.create(round=round, organisation=org)
        due = datetime.date(2030, 12, 31)
        values = {
            "planned": ("Ta fram en plan", "Förvaltningschef", due),
            "text-only": ("Bara text ", "", None),
            "blank": ("  ", "", None),
        }
        for i, (slug, (text, owner, when)) in enumerate(values.items()):
            area = CapabilityArea.objects.create(name=slug, slug=slug, capability="x", order=i)
            AreaAssessment.objects.create(
                assessment=assessment, area=area, improvement=text, improvement_owner=owner, improvement_due=when
            )

        new = _migrate(AFTER)
        PlannedImprovement = new.get_model("maturity", "PlannedImprovement")
        moved = {
            p.area_assessment.area.slug: (p.text, p.owner, p.due)
            for p in PlannedImprovement.objects.select_related("area_assessment__area")
        }
        assert moved == {"planned": ("Ta fram en plan", "Förvaltningschef", due), "text-only": ("Bara text", "", None)}
        history = new.get_model("maturity", "HistoricalPlannedImprovement").objects.all()
        assert {(h.text, h.history_type, h.history_change_reason) for h in history} == {
            ("Ta fram en plan", "+", "Flyttad från det tidigare enda förbättringsfältet"),
            ("Bara text", "+", "Flyttad från det tidigare enda förbättringsfältet"),
        }
        row = new.get_model("maturity", "AreaAssessment").objects.get(area__slug="planned")
        PlannedImprovement.objects.create(area_assessment=row, text="Andra", owner="HR", due=due, order=1)

        back = _migrate(BEFORE)
        rows = back.get_model("maturity", "AreaAssessment").objects.select_related("area")
        assert {r.area.slug: (r.improvement, r.improvement_owner, r.improvement_due) for r in rows} == {
            "planned": ("Ta fram en plan", "Förvaltningschef", due),  # the first row goes back
            "text-only": ("Bara text", "", None),
            "blank": ("", "", None),  # only blanks: nothing was moved, nothing comes back
        }
    finally:
        _migrate(AFTER)
