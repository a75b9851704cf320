"""Bench data for the measures: copies of every plan's measures and results, with years of status changes."""

from __future__ import annotations

import random

from bench.builders import Builder, bulk_with_history, history_rows, process_leader, register, spread_dates
from measures.constants import ResultStatus
from measures.models import Measure, MeasureResult
from vudig.core.models import Organisation


def build_measures(scale: int, rng: random.Random) -> dict[str, int]:
    """N-1 copies of every plan's measures and results, then a few years of status changes behind every result."""
    leader = process_leader()
    base_measures = list(Measure.objects.order_by("pk"))
    base_results = list(MeasureResult.objects.order_by("pk"))
    orgs_by_copy: dict[int, list[int]] = {}
    for pk, slug in Organisation.objects.values_list("pk", "slug"):
        copy = int(slug.rsplit("-k", 1)[1]) if "-k" in slug and slug.rsplit("-k", 1)[1].isdigit() else 1
        orgs_by_copy.setdefault(copy, []).append(pk)
    measures = []
    for k in range(2, scale + 1):
        for m in base_measures:
            measures.append(
                Measure(
                    plan_id=m.plan_id,
                    title=f"K{k}: {m.title}"[:300],
                    responsible=m.responsible,
                    responsible_organisation_id=rng.choice(orgs_by_copy.get(k) or orgs_by_copy[1]),
                    category=m.category,
                    description=m.description,
                    order=m.order,
                    archived=m.archived,
                )
            )
    measures = bulk_with_history(measures, Measure, leader)
    copy_of = {}
    for i, m in enumerate(measures):
        copy_of[(i // len(base_measures) + 2, base_measures[i % len(base_measures)].pk)] = m.pk
    results = [
        MeasureResult(
            measure_id=copy_of[(k, r.measure_id)],
            title=r.title,
            status=r.status,
            order=r.order,
            archived=r.archived,
        )
        for k in range(2, scale + 1)
        for r in base_results
    ]
    results = bulk_with_history(results, MeasureResult, leader)
    statuses = [s.value for s in ResultStatus]

    def change_status(obj, values, i):
        values["status"] = rng.choice(statuses) if i < 7 else obj.status
        values["version"] = i + 1

    everything = list(MeasureResult.objects.order_by("pk"))
    result_history = history_rows(
        MeasureResult, everything, dates=lambda r: spread_dates(rng, 2), user=leader, mutate=change_status
    )
    measure_history = history_rows(
        Measure, Measure.objects.order_by("pk"), dates=lambda m: spread_dates(rng, 1)[:2], user=leader
    )
    return {
        "measures": len(measures),
        "results": len(results),
        "result history": result_history,
        "measure history": measure_history,
    }


register(Builder(name="measures", build=build_measures, order=20))


# -- organisation parts and a follow-up period (issue 11) ----------------------------------------------------------
def build_parts_and_periods(scale: int, rng: random.Random) -> dict[str, int]:
    """Each copy's (Alla) results carried by its own förvaltningar and bolag, and the open period's rows for all of
    it, about half of them klarmarkerade: the completion board's and measures.json's data at region scale."""
    import datetime as dt

    from django.utils import timezone

    from measures.constants import PeriodState
    from measures.models import FollowUpPeriod, OrganisationPart, PeriodReport, Plan
    from measures.parts import ALL_KINDS
    from measures.periods import period_open, period_rows_sync

    leader = process_leader()
    carried = {
        (measure_title, result_title)
        for measure_title, result_title in OrganisationPart.objects.filter(result__isnull=False).values_list(
            "measure__title", "result__title"
        )
    }
    orgs_by_copy: dict[int, list[int]] = {}
    for pk, slug in Organisation.objects.filter(kind__in=ALL_KINDS).values_list("pk", "slug"):
        copy = int(slug.rsplit("-k", 1)[1]) if "-k" in slug and slug.rsplit("-k", 1)[1].isdigit() else 1
        orgs_by_copy.setdefault(copy, []).append(pk)
    parts = []
    for result_id, measure_id, measure_title, result_title in MeasureResult.objects.filter(
        measure__title__startswith="K"
    ).values_list("pk", "measure_id", "measure__title", "title"):
        prefix, _sep, base_title = measure_title.partition(": ")
        if (base_title, result_title) not in carried or not prefix[1:].isdigit():
            continue
        for org_id in orgs_by_copy.get(int(prefix[1:]), []):
            parts.append(OrganisationPart(measure_id=measure_id, result_id=result_id, organisation_id=org_id))
    parts = bulk_with_history(parts, OrganisationPart, leader)
    if not FollowUpPeriod.objects.filter(state=PeriodState.OPEN).exists() and Plan.objects.in_force().exists():
        period_open(
            title="Benchperiod",
            kind="t1",
            deadline=timezone.localdate() + dt.timedelta(days=30),
            by=leader,
        )
    rows = period_rows_sync()
    now = timezone.now()
    pending = list(PeriodReport.objects.filter(completed_at__isnull=True).order_by("pk").values_list("pk", flat=True))
    chosen = [pk for pk in pending if rng.random() < 0.5]
    for start in range(0, len(chosen), 500):
        PeriodReport.objects.filter(pk__in=chosen[start : start + 500]).update(
            status=ResultStatus.PABORJAT, completed_at=now, reported_at=now
        )
    return {"organisation parts": len(parts), "period rows": rows, "period rows completed": len(chosen)}


register(Builder(name="measure parts and periods", build=build_parts_and_periods, order=25))
