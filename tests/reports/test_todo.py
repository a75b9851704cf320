"""Kommunchef's "Att göra" lists the reports that became ready since he last looked at the reports page; nobody else's
does; the list empties once he has looked, and costs the same queries however many reports there are."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.constants import ReportKind, ReportState
from reports.services import report_list_seen
from reports.todo import MAX_ITEMS, ready_reports
from vudig.core import todo

from .conftest import make_report

LIST = "/rapporter/"


def _ready(**kwargs):
    return make_report(state=ReportState.KLAR, generated_at=timezone.now(), **kwargs)


def _titles(user):
    return [str(item.title) for item in ready_reports(user)]


def test_the_provider_is_registered():
    assert todo._PROVIDERS["reports.ready"] is ready_reports


def test_each_role_sees_exactly_the_reports_ready_since_its_last_look(client, people, org):
    chief = people["kommunchef"]
    before = _ready(by=chief, period_start=dt.date(2025, 1, 1))
    drawn_while_he_looked = make_report(by=chief, state=ReportState.PAGAR, period_start=dt.date(2025, 2, 1))
    report_list_seen(user=chief)
    drawn_while_he_looked.state, drawn_while_he_looked.generated_at = ReportState.KLAR, timezone.now()
    drawn_while_he_looked.save()  # became klar after he looked (its render started before)
    new = _ready(kind=ReportKind.MOGNAD, organisation=org, by=people["manager"], period_start=dt.date(2025, 3, 1))
    make_report(by=chief, period_start=dt.date(2025, 4, 1))  # still queued
    make_report(by=chief, state=ReportState.MISSLYCKAD, period_start=dt.date(2025, 5, 1))

    assert _titles(chief) == [f"Rapporten är klar: {new}", f"Rapporten är klar: {drawn_while_he_looked}"]
    assert str(before) not in " ".join(_titles(chief))
    for who, user in people.items():
        if who != "kommunchef" and user is not None:
            assert ready_reports(user) == [], who  # the manager's own report is for the notices, not this list

    # On the start page, each a link to its row on the reports page; once he has looked there, they are gone.
    client.force_login(chief)
    items = [i for i in client.get("/").context["todo_items"] if i.kind == "Rapport"]
    assert [i.url for i in items] == [f"{LIST}#rapport-{new.pk}", f"{LIST}#rapport-{drawn_while_he_looked.pk}"]
    html = client.get(LIST).content.decode()
    assert f'id="rapport-{new.pk}"' in html
    assert not [i for i in client.get("/").context["todo_items"] if i.kind == "Rapport"]
    assert ready_reports(chief) == []


def test_before_the_first_look_every_ready_report_is_new(people):
    first, second = _ready(by=None), _ready(by=people["process_leader"])
    make_report(by=None)
    assert _titles(people["kommunchef"]) == [f"Rapporten är klar: {second}", f"Rapporten är klar: {first}"]


def test_many_new_reports_are_one_item_and_cost_the_same_queries(people):
    chief = people["kommunchef"]
    report_list_seen(user=chief, at=timezone.now() - dt.timedelta(days=1))
    ready_reports(chief)  # the person's roles are read once per request: not counted
    counts, made = [], 0
    for total in (1, MAX_ITEMS, MAX_ITEMS + 1, 40):
        while made < total:
            _ready(by=people["process_leader"])
            made += 1
        with CaptureQueriesContext(connection) as captured:
            items = ready_reports(chief)
        counts.append(len(captured.captured_queries))
        if total <= MAX_ITEMS:
            assert len(items) == total and all(i.title.startswith("Rapporten är klar") for i in items)
        else:
            assert [i.title for i in items] == [f"{total} rapporter har blivit klara sedan du senast tittade"]
            assert items[0].url == reverse("reports:list")
    assert len(set(counts)) == 1, counts
