"""The indicators a person records in a follow-up period, as a section of their period list ("Min lista").

Registered with ``measures.periods.register_todo`` when the app is ready; the list shows each indicator the person may
record (rule ``indicator.record``) in the period's plan, with its outcome in the period or "Saknas", and a link to the
form. Three queries, whatever the number of indicators (the rule reads the selected measure and its prefetched
parts only).
"""

from __future__ import annotations

from django.db.models import Prefetch

from vudig.core.rules import can

from .indicators import carriers_prefetch, format_number
from .models import FollowUpPeriod, Indicator, IndicatorValue
from .periods import TodoSection, register_todo


def indicator_todo(*, period: FollowUpPeriod, user) -> TodoSection | None:
    indicators = (
        Indicator.objects.active()
        .filter(measure__plan_id=period.plan_id, measure__archived=False)
        .select_related("measure")
        .order_by("measure__order", "measure_id", "order", "pk")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.filter(period=period)),
            carriers_prefetch("measure__parts"),
        )
    )
    rows = []
    for indicator in indicators:
        if not can(user, "indicator.record", indicator.measure):
            continue
        values = list(indicator.values.all())
        value = values[0] if values else None
        rows.append(
            {"indicator": indicator, "value": value, "shown": format_number(value.value) if value is not None else ""}
        )
    if not rows:
        return None
    return TodoSection(
        template="measures/indicators/_period_todo.html",
        context={"rows": rows, "period": period, "missing": sum(1 for r in rows if r["value"] is None)},
    )


register_todo("indicators", indicator_todo)
