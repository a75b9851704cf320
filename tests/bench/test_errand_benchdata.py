"""The ärende bench data is a plausible history: every state, roads that follow the state machine, history to match."""

import random

import pytest

from bench.data.core import build_base
from bench.data.steeringgroups import BENCH_ERRAND_TITLE, BENCH_GROUP_SLUG, BENCH_ORGANISATION_SLUG, build_errands
from steeringgroups.constants import ACTIONS, ErrandState
from steeringgroups.models import AgendaItem, Decision, Errand, ErrandTransition
from vudig.core.rules import can


@pytest.mark.django_db
def test_errand_bench_data_follows_the_state_machine():
    build_base(1, random.Random(1))
    built = build_errands(1, random.Random(1))
    assert built["errands"] > 100

    synthetic = Errand.objects.exclude(title__startswith="Demo:")
    assert set(synthetic.values_list("state", flat=True)) == set(ErrandState.values)
    roads = {}
    for t in ErrandTransition.objects.filter(errand__in=synthetic).order_by("errand_id", "at", "pk"):
        roads.setdefault(t.errand_id, []).append(t)
    for errand in synthetic:
        road = roads[errand.pk]
        assert road[0].action == "submit" and road[0].from_state == ""
        for before, after in zip(road, road[1:], strict=False):
            assert after.from_state == before.to_state
            assert before.to_state in ACTIONS[after.action].sources
        assert road[-1].to_state == errand.state
        assert errand.history.count() == len(road)
        assert errand.history.earliest().history_type == "+"
    decided = Decision.objects.filter(errand__in=synthetic)
    assert decided.exists()
    assert not decided.exclude(errand__state__in=["beslutad", "avslutad", "ateroppnad"]).exists()
    assert not AgendaItem.objects.filter(errand__isnull=False, decision__isnull=True, outcome="decided").exists()


@pytest.mark.django_db
def test_the_measured_errand_is_readable_by_its_organisation_and_group_but_not_a_reader():
    from django.contrib.auth import get_user_model

    build_base(1, random.Random(1))
    build_errands(1, random.Random(1))
    errand = Errand.objects.get(title=BENCH_ERRAND_TITLE)
    assert errand.steering_group.slug == BENCH_GROUP_SLUG
    assert errand.organisation.slug == BENCH_ORGANISATION_SLUG
    assert errand.decisions.count() == 1
    assert {t.action for t in errand.transitions.all()} >= {"request_info", "answer", "table", "decide"}
    users = get_user_model().objects.in_bulk(
        ["chef.socialtjanst", "ordf.extern", "ledamot.extern", "lasare"], field_name="username"
    )
    assert can(users["chef.socialtjanst"], "errand.view", errand)
    assert can(users["ordf.extern"], "errand.view", errand)
    assert can(users["ledamot.extern"], "errand.view", errand)
    assert not can(users["lasare"], "errand.view", errand)
