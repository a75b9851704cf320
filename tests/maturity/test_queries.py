"""Heatmap and overview run the same number of queries with 13 or 500 organisations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maturity.constants import AssessmentStatus, RoundStatus
from maturity.models import AreaAssessment, Assessment, AssessmentRound
from vudig.core.constants import OrganisationKind
from vudig.core.models import Organisation


def _fill(round, areas, statuses=(AssessmentStatus.FASTSTALLD, AssessmentStatus.INLAMNAD, AssessmentStatus.UTKAST)):
    orgs = Organisation.objects.filter(kind__in=[OrganisationKind.FORVALTNING, OrganisationKind.BOLAG])
    for i, org in enumerate(orgs):
        a = Assessment.objects.create(round=round, organisation=org, status=statuses[i % len(statuses)])
        AreaAssessment.objects.bulk_create(  # test data only: history is not under test here
            [
                AreaAssessment(assessment=a, area=area, level=1 + (i + j) % 5, motivation="m")
                for j, area in enumerate(areas)
            ]
        )


def _grow(n_total):
    existing = Organisation.objects.filter(kind__in=[OrganisationKind.FORVALTNING, OrganisationKind.BOLAG]).count()
    kinds = [OrganisationKind.FORVALTNING, OrganisationKind.BOLAG]
    Organisation.objects.bulk_create(
        [
            Organisation(name=f"Testorg {i}", slug=f"testorg-{i}", kind=kinds[i % 2], order=100 + i)
            for i in range(existing, n_total)
        ]
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize("name", ["maturity:heatmap", "maturity:round"])
def test_constant_queries_from_13_to_500_organisations(client, people, areas, open_round, name):
    previous = AssessmentRound.objects.create(
        year=open_round.year - 1, opens_on=open_round.opens_on.replace(year=open_round.year - 1),
        closes_on=open_round.closes_on.replace(year=open_round.year - 1), status=RoundStatus.STANGD,
    )  # fmt: skip
    client.force_login(people["reader"])
    url = reverse(name, args=[open_round.year])
    counts = {}
    for size in (13, 120, 500):
        _grow(size)
        Assessment.objects.all().delete()
        _fill(open_round, areas)
        _fill(previous, areas)
        assert Organisation.objects.filter(kind__in=["forvaltning", "bolag"]).count() == size
        counts[size] = _count(client, url)
    # Expected: session + user + roles (3), the round (1), then heatmap: areas, organisations, previous round,
    # this year's levels, last year's levels, statuses (6); overview: assessments, organisations (2).
    expected = 10 if name == "maturity:heatmap" else 6
    assert counts == {13: expected, 120: expected, 500: expected}


def test_heatmap_shows_500_rows(client, people, areas, open_round):
    _grow(500)
    _fill(open_round, areas)
    client.force_login(people["reader"])
    content = client.get(reverse("maturity:heatmap", args=[open_round.year])).content.decode()
    assert content.count("level-cell level-") == 500 * 5
