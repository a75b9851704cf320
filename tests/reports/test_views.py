"""The reports page and the årshjul pages: request, follow, download; bad input refused; constant queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports import demo
from reports.constants import ReportKind, ReportState
from reports.models import AnnualEvent, Report
from reports.services import annual_event_save
from reports.views import REPORTS_PER_PAGE
from vudig.core.models import Organisation

from .conftest import make_report

LIST = "/rapporter/"


def test_kommunchef_requests_a_report_and_downloads_it(client, people, django_capture_on_commit_callbacks):
    client.force_login(people["kommunchef"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LIST, {"kind": "handlingsplan", "period_start": "2026-01-01", "period_end": "2026-04-30"}, follow=True
        )
    assert "Rapporten är beställd" in response.content.decode()
    report = Report.objects.get()
    assert report.state == ReportState.KLAR and report.requested_by == people["kommunchef"]
    download = client.get(reverse("reports:download", args=[report.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert f'filename="{report.filename}"' in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "okand", "period_start": "2026-01-01", "period_end": "2026-04-30"}, "Okänd rapporttyp."),
        (
            {"kind": "handlingsplan", "period_start": "2026-05-01", "period_end": "2026-04-30"},
            "Perioden är åt fel håll",
        ),
        ({"kind": "mognad", "period_start": "2026-01-01", "period_end": "2026-04-30"}, "Välj den organisation"),
    ],
)
def test_bad_input_gets_a_swedish_error_and_nothing_is_queued(
    client, people, django_capture_on_commit_callbacks, data, message
):
    client.force_login(people["kommunchef"])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(LIST, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert callbacks == [] and not Report.objects.exists()


def test_manager_may_not_request_a_report_about_another_organisation(
    client, people, other_org, org, django_capture_on_commit_callbacks
):
    client.force_login(people["manager"])
    data = {"kind": "mognad", "period_start": "2026-01-01", "period_end": "2026-04-30", "organisation": other_org.pk}
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(LIST, data)
    assert "Du kan inte beställa rapporter om den organisationen" in response.content.decode()
    assert callbacks == [] and not Report.objects.exists()
    # …but about their own one, yes; and only the maturity report is offered.
    html = client.get(LIST).content.decode()
    assert 'value="uppfoljning"' not in html and 'value="mognad"' in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LIST, {**data, "organisation": org.pk})
    assert Report.objects.get().organisation == org


def test_reader_sees_the_page_without_a_form_and_cannot_post(client, people):
    client.force_login(people["reader"])
    assert "Beställ en rapport" not in client.get(LIST).content.decode()
    assert client.post(LIST, {"kind": "handlingsplan"}).status_code == 403


def test_someone_else_cannot_download_or_open_a_followup_report(client, people, followup_report):
    followup_report.state = ReportState.MISSLYCKAD
    followup_report.save()
    for who in ("manager", "reader", "chair"):
        client.force_login(people[who])
        assert client.get(reverse("reports:download", args=[followup_report.pk])).status_code == 403
        assert client.get(reverse("reports:detail", args=[followup_report.pk])).status_code == 403
        assert str(followup_report.pk) not in [str(r.pk) for r in client.get(LIST).context["reports"]]
    client.logout()
    assert client.get(reverse("reports:download", args=[followup_report.pk])).status_code == 302


def test_failed_report_shows_the_reason_and_cannot_be_downloaded(client, people, followup_report):
    followup_report.state = ReportState.MISSLYCKAD
    followup_report.failure_reason = "Tidsgränsen nåddes"
    followup_report.save()
    client.force_login(people["kommunchef"])
    assert "Tidsgränsen nåddes" in client.get(LIST).content.decode()
    assert client.get(reverse("reports:download", args=[followup_report.pk])).status_code == 404


def test_report_list_runs_a_constant_number_of_queries(client, people, org):

    client.force_login(people["process_leader"])
    counts = []
    for size in (1, 10, 60):
        while Report.objects.count() < size:
            make_report(kind=ReportKind.MOGNAD, organisation=org, by=people["manager"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST + "?page=2")
            assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts
    # A region orders hundreds of reports a year: the list shows a page at a time, newest first.
    assert len(response.context["reports"]) == REPORTS_PER_PAGE
    assert "?page=3" in response.content.decode()


def test_process_leader_adds_changes_and_removes_an_event(client, people):
    client.force_login(people["process_leader"])
    response = client.post(
        reverse("reports:event_create"),
        {"title": "Tertialrapport 1", "kind": "tertialrapport", "start_date": "2026-04-30", "is_report_point": "on"},
    )
    assert response.status_code == 302
    event = AnnualEvent.objects.get()
    assert (event.year, event.is_report_point) == (2026, True)
    page = client.get(reverse("reports:annual_cycle") + "?ar=2026").content.decode()
    assert "Tertialrapport 1" in page and "<svg" in page
    client.post(
        reverse("reports:event_update", args=[event.pk]),
        {"title": "Tertialrapport 1 (T1)", "kind": "tertialrapport", "start_date": "2026-04-30", "version": 1},
    )
    event.refresh_from_db()
    assert event.title == "Tertialrapport 1 (T1)" and event.history.count() == 2
    client.post(reverse("reports:event_delete", args=[event.pk]))
    assert not AnnualEvent.objects.exists()


def test_event_form_refuses_reversed_dates_and_stale_pages(client, people):
    client.force_login(people["process_leader"])
    response = client.post(
        reverse("reports:event_create"),
        {"title": "Budget", "kind": "budget", "start_date": "2026-06-15", "end_date": "2026-05-01"},
    )
    assert "Slutdatum kan inte ligga före startdatum." in response.content.decode()
    leader = people["process_leader"]
    event = annual_event_save(title="Budget", kind="budget", start_date=dt.date(2026, 5, 1), end_date=None, by=leader)
    annual_event_save(event=event, title="Budget", kind="budget", start_date=dt.date(2026, 5, 2), end_date=None,
                      expected_version=1, by=leader)  # fmt: skip
    response = client.post(
        reverse("reports:event_update", args=[event.pk]),
        {"title": "Budgetbeslut", "kind": "budget", "start_date": "2026-05-03", "version": 1},
    )
    assert response.status_code == 409  # an edit conflict answers the same in every app
    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html and "Det nya värdet" in html
    assert 'value="Budgetbeslut"' in html and "2 maj 2026" in html  # the user's input beside the newer value
    event.refresh_from_db()
    assert event.title == "Budget" and event.start_date == dt.date(2026, 5, 2)


def test_only_the_process_leader_edits_the_annual_cycle(client, people):
    client.force_login(people["kommunchef"])
    assert client.get(reverse("reports:event_create")).status_code == 403
    assert client.get(reverse("reports:annual_cycle")).status_code == 200


def test_start_page_shows_the_wheel_with_a_text_list(client, plan, people):
    annual_event_save(
        title="Årsredovisning",
        kind="arsredovisning",
        start_date=timezone.localdate(),
        end_date=None,
        by=people["process_leader"],
    )
    html = client.get("/").content.decode()
    assert 'role="img"' in html and "Årsredovisning" in html and "Händelser i årshjulet" in html
    # SVG numbers need a decimal point: Swedish number formatting ("110,5") would scatter the drawing.
    assert not re.search(r'(?:d|x|y|x1|y1)="[^"]*\d,\d', html)


def test_demo_annual_cycle_loads_once(people):

    demo.load({"processledare": people["process_leader"]})
    count = AnnualEvent.objects.count()
    demo.load({"processledare": people["process_leader"]})
    assert count == len(demo.DEMO_EVENTS) == AnnualEvent.objects.count()
    assert AnnualEvent.objects.report_points().count() == 3


def test_report_form_lists_every_organisation_in_a_constant_number_of_queries(client, people):
    """A region has over a thousand organisations: the <select> keeps them all, drawn without a template each."""

    client.force_login(people["process_leader"])
    counts = []
    for size in (30, 300):
        Organisation.objects.bulk_create(
            Organisation(name=f"Förvaltning {i}", slug=f"forvaltning-{i}", kind="forvaltning", order=1000 + i)
            for i in range(Organisation.objects.count(), size)
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST)
        assert response.status_code == 200
        counts.append(len(queries))
        html = response.content.decode()
        select = re.search(r'<select name="organisation"[^>]*>(.*?)</select>', html, re.S)
        assert (
            select
            and select.group(1).count("<option") == response.context["form"].fields["organisation"].queryset.count() + 1
        )
    assert counts[0] == counts[1], counts
    assert 'id="id_organisation"' in html and 'for="id_organisation"' in html


@pytest.mark.parametrize("value", ["%00", "tjugo", "1999", "2101"])
def test_annual_cycle_shows_this_year_with_a_swedish_message_for_a_junk_year(client, people, value):
    client.force_login(people["reader"])
    response = client.get(reverse("reports:annual_cycle") + f"?ar={value}")
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year
    assert "Året ska vara ett tal mellan 2000 och 2100." in response.content.decode()
    assert "Året ska vara" not in client.get(reverse("reports:annual_cycle") + "?ar=2026").content.decode()
