"""Open-data measures are built from plain rows (fast at 2 000 measures) and say exactly what the models say."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.indicators import indicator_list
from measures.models import FollowUpPeriod, Indicator, IndicatorValue, Measure, MeasureResult
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
            "indicators": [
                _indicator_from_model(view) for view in indicator_list(measure=m) if not view.indicator.archived
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


def _indicator_from_model(view) -> dict:
    i = view.indicator
    return {
        "name": i.name,
        "unit": i.unit,
        "baseline": float(i.baseline_value),
        "baseline_year": i.baseline_year,
        "target": float(i.target_value),
        "target_date": i.target_date.isoformat(),
        "higher_is_better": i.higher_is_better,
        "source": i.source,
        "on_track": view.on_track,
        "values": [
            {"period": o.period.title, "period_deadline": o.period.deadline.isoformat(), "value": float(o.value.value)}
            for o in view.outcomes
        ],
    }


def test_records_equal_the_models_view_in_three_queries(plan, org):
    measure = Measure.objects.filter(results__isnull=False, plan__state="beslutad").first()
    measure.responsible_organisation = org
    measure.save()
    # Indicators: one with two outcomes (lower is better), one without, one archived (left out).
    early = FollowUpPeriod.objects.create(
        plan=measure.plan, title="T1", opens_on=date(2026, 4, 1), deadline=date(2026, 5, 15)
    )
    late = FollowUpPeriod.objects.create(
        plan=measure.plan, title="T2", opens_on=date(2026, 8, 1), deadline=date(2026, 9, 15)
    )
    kept = Indicator.objects.create(
        measure=measure, name="Handläggningstid", unit="dagar", baseline_value=20, baseline_year=2025,
        target_value=Decimal("10.5"), target_date=date(2027, 12, 31), higher_is_better=False, source="Ärendesystemet",
    )  # fmt: skip
    IndicatorValue.objects.create(indicator=kept, period=late, value=Decimal("14.25"))
    IndicatorValue.objects.create(indicator=kept, period=early, value=19)
    Indicator.objects.create(
        measure=measure, name="Utan utfall", baseline_value=1, baseline_year=2025, target_value=5,
        target_date=date(2027, 1, 1), order=1,
    )  # fmt: skip
    Indicator.objects.create(
        measure=measure, name="Arkiverat", baseline_value=1, baseline_year=2025, target_value=5,
        target_date=date(2027, 1, 1), archived=True, order=2,
    )  # fmt: skip
    MeasureResult.objects.create(measure=measure, title="Arkiverat", status="paborjat", archived=True)
    Measure.objects.create(plan=measure.plan, title="Utan resultat", responsible="Alla", order=999)
    Measure.objects.create(plan=measure.plan, title="Arkiverad", responsible="Alla", archived=True)
    with CaptureQueriesContext(connection) as queries:
        records = measure_records()
    assert len(queries) == 4  # measures, results, indicators with their outcomes, organisation parts
    assert records == _from_models()
    published = next(r for r in records if r["id"] == measure.pk)["indicators"]
    assert [i["name"] for i in published] == ["Handläggningstid", "Utan utfall"]
    assert [v["period"] for v in published[0]["values"]] == ["T1", "T2"]
    assert published[0]["values"][1]["value"] == 14.25 and published[1]["values"] == []
    assert any(r["responsible_organisation"] == org.name for r in records)
    assert {"Utan resultat"} <= {r["title"] for r in records} and "Arkiverad" not in {r["title"] for r in records}
