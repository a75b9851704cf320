"""The plan's services ask their rules themselves: a refused person gets PermissionDenied and nothing is written."""

import pytest
from django.core.exceptions import PermissionDenied

from measures import services
from measures.constants import PlanState, ResultStatus
from measures.models import Measure, MeasureResult, Plan

REFUSED = ["anonymous", "no_role", "reader", "kommunchef", "manager", "chair", "beredning"]


@pytest.mark.parametrize("who", REFUSED)
def test_a_refused_person_cannot_add_a_measure_or_set_a_status(people, plan, who):
    result = MeasureResult.objects.select_related("measure__plan").first()
    measures, before = Measure.objects.count(), (result.status, result.version, result.history.count())
    with pytest.raises(PermissionDenied):
        services.measure_create(plan=result.measure.plan, title="Ny åtgärd", responsible="Alla", by=people[who])
    with pytest.raises(PermissionDenied):
        services.measure_result_set_status(
            result=result,
            status=ResultStatus.ETABLERAT if result.status != ResultStatus.ETABLERAT else ResultStatus.PABORJAT,
            motivation="Klart",
            expected_version=result.version,
            by=people[who],
        )
    result.refresh_from_db()
    assert Measure.objects.count() == measures
    assert (result.status, result.version, result.history.count()) == before


@pytest.mark.parametrize("who", ["anonymous", "reader", "process_leader", "admin", "manager"])
def test_only_kommunchef_decides_the_plan(people, plan, who):
    target = Plan.objects.get(slug="tidigare-atgarder")
    state, version = target.state, target.version
    with pytest.raises(PermissionDenied):
        services.plan_set_state(
            plan=target, state=PlanState.BESLUTAD, comment="Beslutad", expected_version=version, by=people[who]
        )
    target.refresh_from_db()
    assert (target.state, target.version) == (state, version)
