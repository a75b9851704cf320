"""Who may request, read and download reports, and keep the årshjul (role × action, incl. other organisations)."""

import pytest

from reports.constants import ReportKind
from reports.models import Report
from reports.selectors import report_list
from tests.permission_matrix import SIGNED_IN, assert_matrix_row
from vudig.core.rules import can

from .conftest import make_report

# action -> (object fixture name or None, people allowed)
MATRIX = {
    "report.request_for": ("org", {"kommunchef", "process_leader", "admin", "manager"}),
    "report.view": ("followup_report", {"kommunchef", "admin", "process_leader"}),
    "annualcycle.edit": (None, {"process_leader", "admin"}),
}


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_role_may_do_exactly_what_the_matrix_says(action, people, request):
    object_fixture, allowed = MATRIX[action]
    obj = request.getfixturevalue(object_fixture) if object_fixture else None
    assert_matrix_row(action=action, obj=obj, allowed=allowed, people=people)


def test_maturity_report_is_read_by_those_who_may_read_the_organisations_assessments(people, org_maturity_report):
    assert_matrix_row(
        action="report.view",
        obj=org_maturity_report,
        allowed={"kommunchef", "admin", "process_leader", "manager"},
        people=people,
    )


def test_action_plan_report_is_read_by_everyone_signed_in(people, plan_report):
    assert_matrix_row(action="report.view", obj=plan_report, allowed=SIGNED_IN, people=people)


def test_requester_always_sees_own_report(people, other_org):
    report = make_report(kind=ReportKind.MOGNAD, organisation=other_org, by=people["manager_other_org"])
    assert_matrix_row(
        action="report.view",
        obj=report,
        allowed={"kommunchef", "admin", "process_leader", "manager_other_org"},
        people=people,
    )


def test_report_list_shows_exactly_what_report_view_allows(people, org, other_org):
    make_report(by=people["kommunchef"])
    make_report(kind=ReportKind.MOGNAD, organisation=org, by=people["process_leader"])
    make_report(kind=ReportKind.MOGNAD, organisation=other_org, by=people["kommunchef"])
    make_report(kind=ReportKind.HANDLINGSPLAN, by=None)

    for who, user in people.items():
        expected = {r.pk for r in Report.objects.all() if can(user, "report.view", r)}
        assert set(report_list(user=user).values_list("pk", flat=True)) == expected, who
    assert not report_list(user=None).exists()
