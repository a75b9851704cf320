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
