"""Plans, measures and results for the measures tests."""

import factory

from measures import services
from measures.constants import PlanState, ResultStatus
from measures.models import Measure, MeasureResult, Plan


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    slug = factory.Sequence(lambda n: f"plan-{n}")
    title = factory.Sequence(lambda n: f"Plan {n}")
    state = PlanState.UTKAST
    order = factory.Sequence(lambda n: 10 + n)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Åtgärd {n}")
    responsible = "KLF"
    order = factory.Sequence(lambda n: n)


class MeasureResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureResult

    measure = factory.SubFactory(MeasureFactory)
    title = factory.Sequence(lambda n: f"Resultat {n}")
    status = ResultStatus.PABORJAT
    order = factory.Sequence(lambda n: n)


def decide(plan: Plan, people) -> Plan:
    """Approve (process leader) and decide (kommunchef) a draft plan through the services, as the pages do."""
    plan = services.plan_set_state(
        plan=plan, state=PlanState.GODKAND, comment="KLG 2026-05-04 § 3", expected_version=plan.version,
        by=people["process_leader"],
    )  # fmt: skip
    return services.plan_set_state(
        plan=plan, state=PlanState.BESLUTAD, comment="KC-beslut 2026-05-12 § 7", expected_version=plan.version,
        by=people["kommunchef"],
    )  # fmt: skip
