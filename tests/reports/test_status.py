"""The reports page follows queued and rendering reports: a JSON status per report for its script (the same rule as
the report's page, a constant number of queries), rows that say where to look without JavaScript, no inline script."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.constants import ReportKind, ReportState
from vudig.core.rules import can

from .conftest import make_report

LIST = "/rapporter/"


def _status(client, report):
    return client.get(reverse("reports:status", args=[report.pk]))


def test_status_follows_the_report_from_queued_to_ready(client, people, followup_report):
    client.force_login(people["kommunchef"])
    data = _status(client, followup_report).json()
    assert data["state"] == "koad" and data["final"] is False
    assert "Köad" in data["state_html"] and "Visa status" in data["state_html"]
    assert data["file_html"].strip() == "–"
    assert data["announcement"] == f"{followup_report}: Köad."

    followup_report.state, followup_report.generated_at = ReportState.KLAR, timezone.now()
    followup_report.save()
    response = _status(client, followup_report)
    data = response.json()
    assert "no-store" in response["Cache-Control"]  # a signed-in answer (vudig.core.middleware): never a stale state
    assert data["state"] == "klar" and data["final"] is True and "Visa status" not in data["state_html"]
    assert f'href="{reverse("reports:download", args=[followup_report.pk])}"' in data["file_html"]
    assert data["announcement"] == f"{followup_report}: Klar."


def test_a_failed_report_shows_its_reason_and_is_final(client, people):
    report = make_report(by=people["kommunchef"], state=ReportState.MISSLYCKAD, failure_reason="Mallen saknas.")
    client.force_login(people["kommunchef"])
    data = _status(client, report).json()
    assert data["final"] is True and "Misslyckad" in data["state_html"] and "Mallen saknas." in data["state_html"]


@pytest.mark.parametrize("fixture", ["followup_report", "org_maturity_report", "plan_report"])
def test_status_answers_exactly_those_who_may_see_the_report(client, people, request, fixture):
    report = request.getfixturevalue(fixture)
    for who, user in people.items():
        client.logout()
        if user is None:
            assert _status(client, report).status_code == 302, who  # to the login page
            continue
        client.force_login(user)
        expected = 200 if can(user, "report.view", report) else 403
        assert _status(client, report).status_code == expected, who
    assert client.get(reverse("reports:status", args=[report.pk + 999])).status_code == 404


def test_a_manager_of_another_organisation_gets_no_status_of_this_ones_report(client, people, org_maturity_report):
    client.force_login(people["manager_other_org"])
    response = _status(client, org_maturity_report)
    assert response.status_code == 403 and str(org_maturity_report.organisation) not in response.content.decode()


def test_status_costs_the_same_queries_for_any_report(client, people, org, other_org):
    client.force_login(people["manager"])
    counts = []
    for kind, organisation in ((ReportKind.MOGNAD, org), (ReportKind.HANDLINGSPLAN, None), (ReportKind.MOGNAD, org)):
        report = make_report(kind=kind, organisation=organisation, by=people["process_leader"])
        for _ in range(20 * len(counts)):  # more reports in the table each time
            make_report(kind=ReportKind.MOGNAD, organisation=other_org, by=people["kommunchef"])
        with CaptureQueriesContext(connection) as captured:
            assert _status(client, report).status_code == 200
        counts.append(len(captured.captured_queries))
    assert len(set(counts)) == 1, counts


def test_rows_still_moving_are_followed_and_link_their_status_finished_ones_are_not(client, people):
    queued = make_report(by=people["kommunchef"])
    done = make_report(by=people["kommunchef"], state=ReportState.KLAR, generated_at=timezone.now())
    client.force_login(people["kommunchef"])
    html = client.get(LIST).content.decode()
    rows = dict(re.findall(r'<tr id="rapport-(\d+)"(.*?)</tr>', html, flags=re.S))
    status_url = reverse("reports:status", args=[queued.pk])
    assert f'data-report-status="{status_url}"' in rows[str(queued.pk)]
    assert f'href="{reverse("reports:detail", args=[queued.pk])}">Visa status' in rows[str(queued.pk)]
    assert "data-report-status=" not in rows[str(done.pk)] and "Visa status" not in rows[str(done.pk)]
    # The script is a static file (the CSP allows no inline script), and the live region announces changes politely.
    assert re.search(r'<script src="/static/js/report-status[^"]*\.js" defer></script>', html)
    assert "<script>" not in html and 'id="report-status-live"' in html and 'aria-live="polite"' in html
    # Without JavaScript the report's own page shows the state and a way to look again.
    detail = client.get(reverse("reports:detail", args=[queued.pk])).content.decode()
    assert "Köad" in detail and "Uppdatera status" in detail
