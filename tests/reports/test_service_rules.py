"""The report and årshjul services ask their rules themselves: a refused person gets PermissionDenied, nothing is
written and no rendering is queued."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from reports.constants import ReportKind
from reports.models import AnnualEvent, Report
from reports.services import annual_event_delete, annual_event_save, report_request

PERIOD = {"period_start": dt.date(2026, 1, 1), "period_end": dt.date(2026, 4, 30)}


@pytest.mark.parametrize("who", ["anonymous", "no_role", "reader", "manager", "member", "chair", "beredning"])
def test_a_refused_person_cannot_request_a_follow_up_or_plan_report(people, who, django_capture_on_commit_callbacks):
    for kind in (ReportKind.UPPFOLJNING, ReportKind.HANDLINGSPLAN):
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied):
            report_request(kind=kind, **PERIOD, by=people[who])
        assert callbacks == []
    assert not Report.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "no_role", "reader", "manager_other_org", "chair", "beredning"])
def test_a_maturity_report_is_asked_for_only_by_requesters_and_the_organisations_manager(people, org, who):
    with pytest.raises(PermissionDenied):
        report_request(kind=ReportKind.MOGNAD, organisation=org, **PERIOD, by=people[who])
    assert not Report.objects.exists()


@pytest.mark.parametrize("who", ["kommunchef", "process_leader", "admin", "manager"])
def test_requesters_and_the_own_manager_may_request_a_maturity_report(people, org, who):
    report = report_request(kind=ReportKind.MOGNAD, organisation=org, **PERIOD, by=people[who])
    assert Report.objects.get().pk == report.pk and report.requested_by == people[who]


def test_kommunchef_may_request_the_follow_up_report(people):
    report_request(kind=ReportKind.UPPFOLJNING, **PERIOD, by=people["kommunchef"])
    assert Report.objects.count() == 1


REFUSED_EVENT_KEEPERS = ["anonymous", "no_role", "reader", "kommunchef", "manager", "chair", "beredning"]


def _event(by, **kwargs):
    return annual_event_save(
        title="Budget", kind="budget", start_date=dt.date(2026, 5, 1), end_date=None, by=by, **kwargs
    )


@pytest.mark.parametrize("who", REFUSED_EVENT_KEEPERS)
def test_a_refused_person_cannot_add_change_or_remove_an_annual_event(people, who):
    event = _event(people["process_leader"])
    events = AnnualEvent.objects.count()
    with pytest.raises(PermissionDenied):
        _event(people[who])
    with pytest.raises(PermissionDenied):
        annual_event_save(
            event=event, title="Ändrat", kind="budget", start_date=dt.date(2026, 5, 2), end_date=None,
            expected_version=event.version, by=people[who],
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        annual_event_delete(event=event, by=people[who])
    stored = AnnualEvent.objects.get(pk=event.pk)
    assert (stored.title, stored.version, AnnualEvent.objects.count()) == ("Budget", event.version, events)


@pytest.mark.parametrize("who", ["process_leader", "admin"])
def test_the_annual_cycle_keepers_may_add_change_and_remove_events(people, who):
    event = _event(people[who])
    changed = annual_event_save(
        event=event, title="Budgetbeslut", kind="budget", start_date=dt.date(2026, 5, 1), end_date=None,
        expected_version=event.version, by=people[who],
    )  # fmt: skip
    assert (changed.title, changed.version) == ("Budgetbeslut", event.version + 1)
    annual_event_delete(event=changed, by=people[who])
    assert not AnnualEvent.objects.filter(pk=event.pk).exists()
