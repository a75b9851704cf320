from django.db.models import Count, Prefetch

from .constants import ResultStatus
from .models import Measure, MeasureResult, Plan


def plan_list():
    """Plans in their order."""
    return Plan.objects.all()


def measure_list(*, user=None, plan: Plan | None = None):
    """Measures the user may see, with plan, responsible organisation and active results in a fixed number of queries."""
    qs = (
        Measure.objects.for_user(user)
        .select_related("plan", "responsible_organisation")
        .prefetch_related(Prefetch("results", queryset=MeasureResult.objects.active().order_by("order", "pk")))
        .ordered()
    )
    if plan is not None:
        qs = qs.filter(plan=plan)
    return qs


def result_status_counts(*, user=None) -> list[dict]:
    """Per plan, how many active results stand in each status (every status listed, zeros included)."""
    rows = (
        MeasureResult.objects.active()
        .filter(measure__in=Measure.objects.for_user(user))
        .values("measure__plan_id", "status")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["measure__plan_id"], {})[row["status"]] = row["n"]
    summary = []
    for plan in plan_list():
        per_status = counts.get(plan.pk, {})
        summary.append(
            {
                "plan": plan,
                "statuses": [
                    {"value": s.value, "label": s.label, "count": per_status.get(s.value, 0)} for s in ResultStatus
                ],
                "total": sum(per_status.values()),
            }
        )
    return summary
