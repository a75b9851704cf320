"""Move each area's single planned improvement (improvement, improvement_owner, improvement_due) into a
PlannedImprovement row, with a history row saying where it came from. Reversible: the first row goes back."""

from django.db import migrations
from django.utils import timezone

REASON = "Flyttad från det tidigare enda förbättringsfältet"


def forwards(apps, schema_editor):
    AreaAssessment = apps.get_model("maturity", "AreaAssessment")
    PlannedImprovement = apps.get_model("maturity", "PlannedImprovement")
    HistoricalPlannedImprovement = apps.get_model("maturity", "HistoricalPlannedImprovement")
    now = timezone.now()
    rows = (
        AreaAssessment.objects.exclude(improvement="", improvement_owner="", improvement_due__isnull=True)
        .order_by("pk")
        .iterator()
    )
    for row in rows:
        text, owner = row.improvement.strip(), row.improvement_owner.strip()
        if not (text or owner or row.improvement_due):
            continue  # only blanks: nothing was planned
        # Historical models in migrations have no HistoricalRecords signals: the history row is written by hand.
        improvement = PlannedImprovement.objects.create(
            area_assessment_id=row.pk,
            text=text,
            owner=owner,
            due=row.improvement_due,
            order=0,
        )
        HistoricalPlannedImprovement.objects.create(
            id=improvement.pk,
            area_assessment_id=row.pk,
            text=improvement.text,
            owner=improvement.owner,
            due=improvement.due,
            order=0,
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )


def backwards(apps, schema_editor):
    AreaAssessment = apps.get_model("maturity", "AreaAssessment")
    PlannedImprovement = apps.get_model("maturity", "PlannedImprovement")
    for improvement in PlannedImprovement.objects.order_by("area_assessment_id", "-order", "-pk").iterator():
        # Ordered last to first, so the first row of each area is the one left in the old fields.
        AreaAssessment.objects.filter(pk=improvement.area_assessment_id).update(
            improvement=improvement.text, improvement_owner=improvement.owner, improvement_due=improvement.due
        )
    PlannedImprovement.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("maturity", "0003_planned_improvements")]

    operations = [migrations.RunPython(forwards, backwards)]
