"""The completion board, the measure list and measures.json keep their number of queries as organisations and
their parts grow (one municipality to a region)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures import periods
from measures.models import MeasureResult, OrganisationPart, PeriodReport
from vudig.core.constants import OrganisationKind, Role
from vudig.core.models import Organisation

from ..factories import user_with_role


def grow(n: int, start: int) -> None:
    """n more förvaltningar, each with a manager and a part of every (Alla) result."""
    carried = list(MeasureResult.objects.filter(parts__isnull=False).distinct())
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Mätförvaltning {i}", slug=f"mat-{i}", kind=OrganisationKind.FORVALTNING, order=500 + i)
            for i in range(start, start + n)
        ]
    )
    for org in orgs:
        user_with_role(Role.ORG_MANAGER, organisation=org, username=f"chef-mat-{org.slug}")
    OrganisationPart.objects.bulk_create(
        [OrganisationPart(measure_id=r.measure_id, result=r, organisation=o) for r in carried for o in orgs]
    )


@pytest.fixture
def period(people):
    return periods.period_open(
        title="Uppföljning T1",
        kind="t1",
        deadline=timezone.localdate() + dt.timedelta(days=30),
        by=people["process_leader"],
    )


@pytest.mark.parametrize("who", ["process_leader", "manager"])
def test_completion_board_runs_a_constant_number_of_queries(client, people, period, who):
    client.force_login(people[who])
    counts, sizes = [], []
    for n, start in ((5, 0), (60, 5)):
        grow(n, start)
        periods.period_rows_sync()
        pending = list(PeriodReport.objects.filter(period=period, completed_at=None).values_list("pk", flat=True))
        PeriodReport.objects.filter(pk__in=pending[::2]).update(status="paborjat", completed_at=timezone.now())
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("measures:period_detail", args=[period.pk]))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
        board = response.context["board"]
        sizes.append(len(board.organisations))
        assert board.total.total == period.reports.count()
        assert board.total.completed == period.reports.completed().count()
        # The board pages its tables (50 rows); the last organisation is on the last page, the totals cover all.
        last = response.context["org_page"].paginator.num_pages
        assert response.context["org_page"].paginator.count == len(board.organisations)
        html = client.get(reverse("measures:period_detail", args=[period.pk]), {"org": last}).content.decode()
        assert "Mätförvaltning " + str(start + n - 1) in html
    print(f"completion board queries as {who} at {sizes} organisations: {counts}")
    assert sizes[1] == sizes[0] + 60
    assert counts[0] == counts[1], counts
    # Session, user, roles; the period; the board's organisations and measures.
    assert counts[0] <= 8, counts


def test_period_list_and_a_managers_list_run_a_constant_number_of_queries(client, people, period):
    client.force_login(people["manager"])
    counts = []
    for n, start in ((5, 0), (60, 5)):
        grow(n, start)
        periods.period_rows_sync()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("measures:periods")).status_code == 200
            assert client.get(reverse("measures:period_mine", args=[period.pk])).status_code == 200
        counts.append(len(ctx.captured_queries))
    print(f"period list + manager's list queries: {counts}")
    assert counts[0] == counts[1], counts


def test_measure_list_and_measures_json_keep_their_queries_as_parts_grow(client, people, period):
    client.force_login(people["reader"])
    counts, json_counts = [], []
    for n, start in ((5, 0), (60, 5)):
        grow(n, start)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("measures:list")).status_code == 200
        counts.append(len(ctx.captured_queries))
        client.logout()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("opendata:json", args=["measures"]))
        json_counts.append(len(ctx.captured_queries))
        record = next(r for r in response.json() if r["organisations"])
        assert len(record["organisations"]) == 13 + start + n
        client.force_login(people["reader"])
    print(f"measure list queries: {counts}, measures.json queries: {json_counts}")
    assert counts[0] == counts[1], counts
    assert json_counts[0] == json_counts[1] == 4, (
        json_counts
    )  # measures, results, indicators with their outcomes, organisation parts
