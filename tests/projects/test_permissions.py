"""Every role × every frame-project action, including the owner of another project and another group's chair."""

import pytest

from tests.permission_matrix import assert_matrix_row
from vudig.core.rules import can

# action -> (object fixture, people allowed). extern_project is owned by "manager" and followed up by the extern
# steering group ("member", "chair"); "manager_other_org" owns intern_project and "chair_other_group" chairs intern.
MATRIX = {
    "project.edit": ("extern_project", {"process_leader", "admin"}),
    "project.report": ("extern_project", {"process_leader", "admin", "manager"}),
    "project.appoint_manager": ("extern_project", {"kommunchef"}),
    "project.decide_gate": ("extern_project", {"process_leader", "admin", "member", "chair"}),
}


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_role_may_do_exactly_what_the_matrix_says(action, people, intern_project, request):
    object_fixture, allowed = MATRIX[action]
    assert_matrix_row(action=action, obj=request.getfixturevalue(object_fixture), allowed=allowed, people=people)


def test_owner_of_another_project_may_not_report_on_this_one(people, extern_project, intern_project):
    assert can(people["manager_other_org"], "project.report", intern_project)
    assert not can(people["manager_other_org"], "project.report", extern_project)
    assert not can(people["manager"], "project.report", intern_project)


def test_chair_of_another_group_may_not_record_this_projects_gate(people, extern_project, intern_project):
    assert not can(people["chair_other_group"], "project.decide_gate", extern_project)
    assert can(people["chair_other_group"], "project.decide_gate", intern_project)


def test_owning_a_project_gives_no_right_to_edit_it(people, extern_project):
    assert not can(people["manager"], "project.edit", extern_project)
    assert not can(people["manager"], "project.decide_gate", extern_project)
