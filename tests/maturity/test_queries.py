"""Heatmap and overview run the same number of queries with 13 or 500 organisations, and show a page at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maturity.constants import AssessmentStatus, RoundStatus
from maturity.models import (
    ASSESSED_KINDS,
    AreaAssessment,
    Assessment,
    AssessmentRound,
    Respondent,
    RespondentAnswer,
    TargetLevel,
)
from maturity.selectors import ORGANISATIONS_PER_PAGE
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


@pytest.mark.parametrize("name", ["maturity:heatmap", "maturity:round", "maturity:comparison"])
def test_constant_queries_from_13_to_500_organisations(client, people, areas, open_round, name):
    previous = AssessmentRound.objects.create(
        year=open_round.year - 1, opens_on=open_round.opens_on.replace(year=open_round.year - 1),
        closes_on=open_round.closes_on.replace(year=open_round.year - 1), status=RoundStatus.STANGD,
    )  # fmt: skip
    # Central targets, so the overview's largest gaps (with their measures and projects) and the targets show.
    TargetLevel.objects.bulk_create(
        [TargetLevel(round=open_round, kind=kind, area=area, level=4) for kind in ASSESSED_KINDS for area in areas]
    )
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
    # Expected: session + user + roles + the header's unread notices (4), the round (1), then heatmap: areas, count
    # and page of organisations, previous round, the page's levels this year and last year, statuses of the page,
    # central and own targets, this year's and last year's levels counted per area, kind and level (11); overview: count and page of organisations, status counts, the page's assessments, the
    # largest gaps with their measures and projects (7).
    # comparison: areas, organisation kinds, count and page of organisations, previous round, this year's and last
    # year's levels (7).
    expected = {"maturity:heatmap": 16, "maturity:round": 12, "maturity:comparison": 12}[name]
    assert counts == {13: expected, 120: expected, 500: expected}


def test_heatmap_shows_a_page_of_rows_and_the_spread_of_all(client, people, areas, open_round):
    """A region assesses over a thousand organisations: the map shows 50 at a time, the spread counts all 500."""

    _grow(500)
    _fill(open_round, areas)
    client.force_login(people["reader"])
    url = reverse("maturity:heatmap", args=[open_round.year])
    response = client.get(url)
    content = response.content.decode()
    assert content.count("level-cell level-") == ORGANISATIONS_PER_PAGE * 5
    submitted = Assessment.objects.filter(round=open_round).exclude(status=AssessmentStatus.UTKAST).count()
    assert [s.count for s in response.context["data"].spread] == [submitted] * 5
    assert "?page=2" in content
    last = client.get(url + "?page=10").content.decode()
    assert "Testorg 499" in last and last.count("level-cell level-") == 50 * 5


def test_overview_counts_every_organisation_and_lists_a_page(client, people, areas, open_round):
    _grow(120)
    _fill(open_round, areas)
    client.force_login(people["reader"])
    response = client.get(reverse("maturity:round", args=[open_round.year]))
    counts = response.context["counts"]
    assert sum(counts.values()) == 120 and counts["established"] == 40 and counts["submitted"] == 40
    assert counts["draft"] == 40 and counts["missing"] == 0
    assert len(response.context["rows"]) == 50


def test_respondent_overview_runs_constant_queries_from_5_to_200_respondents(client, people, areas, open_round, org):
    """The manager's respondent overview: a page of respondents, the counts and the spread of every answer."""
    client.force_login(people["manager"])
    url = reverse("maturity:respondents", args=[open_round.year, org.slug])
    counts = {}
    for size in (5, 200):
        existing = Respondent.objects.count()
        new = Respondent.objects.bulk_create(
            [
                Respondent(round=open_round, organisation=org, email=f"r{i}@pitea.example", answered_at=timezone.now())
                for i in range(existing, size)
            ]
        )
        RespondentAnswer.objects.bulk_create(
            [RespondentAnswer(respondent=r, area=a, level=1 + r.pk % 5) for r in new for a in areas]
        )
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200 and response.context["summary"].spread
        counts[size] = len(ctx)
    # session + user + roles + the header's unread notices (4), round, organisation (2), count and page of
    # respondents (2), the counts (1), the answers and the areas (2).
    assert counts == {5: 11, 200: 11}
