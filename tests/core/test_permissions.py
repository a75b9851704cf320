"""Every role × every action, asked of the rule registry (vudig.core.rules)."""

import pytest

from projects.models import FrameProject
from tests.permission_matrix import ALL, SIGNED_IN, assert_matrix_row
from vudig.core.models import Notice
from vudig.core.rules import can, forget_roles

# action -> (object fixture name or None, people allowed)
MATRIX = {
    "opendata.view": (None, ALL),
    "home.view": (None, ALL),
    "portal.view": (None, SIGNED_IN),
    "admin.access": (None, {"admin"}),
    "plan.edit": (None, {"process_leader", "admin"}),
    "plan.approve": (None, {"process_leader", "admin"}),
    "plan.decide": (None, {"kommunchef"}),
    "project.edit": (None, {"process_leader", "admin"}),
    "project.report": ("project", {"process_leader", "admin"}),
    "assessment.view": ("org", {"process_leader", "kommunchef", "admin", "manager"}),
    "assessment.edit": ("org", {"process_leader", "manager"}),
    "assessment.review": ("org", {"process_leader"}),
    "assessment.round_manage": (None, {"process_leader"}),
    "errand.submit": (None, SIGNED_IN),
    "errand.triage": (None, {"beredning"}),
    "group.act": ("extern_group", {"member", "chair"}),
    "group.decide": ("extern_group", {"chair"}),
    "report.request": (None, {"kommunchef", "process_leader", "admin"}),
    "report.view_all": (None, {"kommunchef", "admin"}),
    # Notices are each person's own: only the recipient opens one, whatever their role (no IDOR).
    "notices.view": (None, SIGNED_IN),
    "notices.open": ("manager_notice", {"manager"}),
    "notices.preferences": (None, SIGNED_IN),
}


@pytest.fixture
def manager_notice(people):
    return Notice.objects.create(recipient=people["manager"], category="x.y", key="k", subject="S", url="/")


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_role_may_do_exactly_what_the_matrix_says(action, people, request):
    object_fixture, allowed = MATRIX[action]
    obj = None
    if object_fixture == "project":
        obj = FrameProject.objects.get(slug="extern-digitalisering")
    elif object_fixture:
        obj = request.getfixturevalue(object_fixture)
    assert_matrix_row(action=action, obj=obj, allowed=allowed, people=people)


def test_manager_of_other_org_cannot_edit_or_read_this_orgs_assessment(people, org, other_org):
    assert can(people["manager"], "assessment.edit", org)
    assert not can(people["manager_other_org"], "assessment.edit", org)
    assert not can(people["manager_other_org"], "assessment.view", org)
    assert can(people["manager_other_org"], "assessment.edit", other_org)


def test_chair_of_other_group_cannot_act_on_this_groups_queue(people, extern_group, intern_group):
    assert not can(people["chair_other_group"], "group.act", extern_group)
    assert not can(people["chair_other_group"], "group.decide", extern_group)
    assert can(people["chair_other_group"], "group.decide", intern_group)


def test_project_owner_may_write_status_reports_for_own_project_only(people):
    project = FrameProject.objects.get(slug="extern-digitalisering")
    other = FrameProject.objects.get(slug="intern-digitalisering")
    project.owner_id = people["reader"].pk  # the rule reads owner_id
    assert can(people["reader"], "project.report", project)
    assert not can(people["reader"], "project.report", other)


def test_inactive_user_has_no_rights(people):
    leader = people["process_leader"]
    leader.is_active = False
    forget_roles(leader)
    assert not can(leader, "plan.edit")
    assert not can(leader, "portal.view")


def test_unknown_action_is_a_programming_error(people):
    with pytest.raises(ValueError):
        can(people["admin"], "plan.delete_everything")


def test_roles_are_read_once_per_request(people, django_assert_num_queries):
    leader = people["process_leader"]
    forget_roles(leader)
    with django_assert_num_queries(1):
        for action in MATRIX:
            can(leader, action)
