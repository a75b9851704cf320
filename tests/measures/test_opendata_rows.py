"""Open-data measures are built from plain rows (fast at 2 000 measures) and say exactly what the models say."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import Measure, MeasureResult
from measures.opendata import measure_records
from measures.selectors import measure_list, plan_in_force


def _from_models() -> list[dict]:
    """The records as the model instances give them (the former implementation), for comparison."""
    in_force = plan_in_force()
    return [
        {
            "id": m.pk,
            "title": m.title,
            "responsible": m.responsible,
            "responsible_organisation": m.responsible_organisation.name if m.responsible_organisation else None,
            "plan": m.plan.slug,
            "plan_title": m.plan.title,
            "plan_state": m.plan.state,
            "in_force": m.plan == in_force,
            "category": m.category or None,
            "description": m.description,
            "status": m.consolidated_status,
            "status_label": m.consolidated_status_label,
            "overdue": m.is_overdue,
            "results": [
                {"title": r.title, "status": r.status, "status_label": r.get_status_display()} for r in m.results.all()
            ],
            "organisations": [
                {"organisation": p.organisation.name, "status": p.status or None, "result": p.result.title}
                for r in m.results.all()
                for p in r.parts.active()
                .select_related("organisation")
                .order_by("organisation__order", "organisation__name")
            ],
        }
        for m in measure_list().public()
    ]


def test_records_equal_the_models_view_in_two_queries(plan, org):
    measure = Measure.objects.filter(results__isnull=False).first()
    measure.responsible_organisation = org
    measure.save()
    MeasureResult.objects.create(measure=measure, title="Arkiverat", status="paborjat", archived=True)
    Measure.objects.create(plan=measure.plan, title="Utan resultat", responsible="Alla", order=999)
    Measure.objects.create(plan=measure.plan, title="Arkiverad", responsible="Alla", archived=True)
    with CaptureQueriesContext(connection) as queries:
        records = measure_records()
    assert len(queries) == 3  # measures, results, organisation parts
    assert records == _from_models()
    assert any(r["responsible_organisation"] == org.name for r in records)
    assert {"Utan resultat"} <= {r["title"] for r in records} and "Arkiverad" not in {r["title"] for r in records}
