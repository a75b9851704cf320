"""The measure page and the plan page list the register's decisions about them, in a constant number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures import selectors
from measures.models import Measure, Plan
from steeringgroups.constants import DecisionKind
from steeringgroups.models import Decision, SteeringGroup
from vudig.core.rules import can


@pytest.fixture
def measure(plan):
    return Measure.objects.get(plan__slug="plan-for-digitalisering", title="Extern digitalisering")


def _decide(people, n, **concerns):
    group = SteeringGroup.objects.order_by("pk").first()
    return Decision.objects.create(
        kind=DecisionKind.MOTE,
        steering_group=group,
        paragraph=10 + n,
        text=f"Beslut nummer {n} om saken.",
        decided_on=dt.date(2026, 3, 1) + dt.timedelta(days=n),
        decided_by=people["process_leader"],
        **concerns,
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_measure_page_lists_its_decisions_by_reference_and_not_others(client, people, measure, extern_group):
    client.force_login(people["reader"])
    url = measure.get_absolute_url()
    _n, body = _queries(client, url)
    assert "Inga beslut om åtgärden i beslutsregistret." in body
    mine = _decide(people, 1, measure=measure)
    other = Measure.objects.filter(plan=measure.plan).exclude(pk=measure.pk).first()
    _decide(people, 2, measure=other)
    _n, body = _queries(client, url)
    assert mine.reference in body and f"/styrgrupper/beslut/{mine.pk}/" in body
    assert "Beslut nummer 1 om saken." in body and "Beslut nummer 2 om saken." not in body


def test_measure_page_reads_its_decisions_in_constant_queries(client, people, measure, extern_group):
    client.force_login(people["process_leader"])
    url = measure.get_absolute_url()
    _decide(people, 1, measure=measure)
    first, _body = _queries(client, url)
    for n in range(2, 8):
        _decide(people, n, measure=measure)
    again, body = _queries(client, url)
    assert body.count("Beslut nummer") == 7
    assert again == first


def test_plan_page_lists_the_plans_decisions_in_constant_queries(client, people, measure, extern_group):
    plan = Plan.objects.get(slug="plan-for-digitalisering")
    client.force_login(people["reader"])
    url = reverse("measures:plan_detail", args=[plan.pk])
    Decision.objects.create(
        kind=DecisionKind.PLAN,
        plan=plan,
        decided_body="Kommunchef",
        dnr="KS 2025/123",
        text="Kommunchefen beslutar planen.",
        decided_on=dt.date(2026, 1, 10),
        decided_by=people["kommunchef"],
    )
    first, body = _queries(client, url)
    assert "Kommunchef KS 2025/123" in body and "Kommunchefen beslutar planen." in body
    for n in range(1, 6):
        _decide(people, n, plan=plan)
    _decide(people, 9, plan=Plan.objects.exclude(pk=plan.pk).first())
    again, body = _queries(client, url)
    assert body.count("Beslut nummer") == 5 and "Beslut nummer 9" not in body
    assert again == first


def test_without_the_right_to_read_the_register_no_decisions_are_shown(client, people, measure):
    _decide(people, 1, measure=measure)
    assert not can(None, "decision.read")
    assert selectors.decisions_about(user=None, measure=measure) == []
