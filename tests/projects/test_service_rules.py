"""The project services ask their rules themselves: a refused person gets PermissionDenied and nothing is written."""

import pytest
from django.core.exceptions import PermissionDenied

from projects import services
from projects.models import FrameProject, ProjectGoal


@pytest.mark.parametrize("who", ["anonymous", "no_role", "reader", "kommunchef", "manager", "member", "beredning"])
def test_a_refused_person_cannot_change_the_rambeskrivning_or_add_a_goal(extern_project, people, who):
    with pytest.raises(PermissionDenied):
        services.project_update(project=extern_project, by=people[who], expected_version=1, purpose="Annat syfte")
    with pytest.raises(PermissionDenied):
        services.goal_create(project=extern_project, by=people[who], title="Mål")
    project = FrameProject.objects.get(pk=extern_project.pk)
    assert (project.purpose, project.version) == (extern_project.purpose, extern_project.version)
    assert not ProjectGoal.objects.filter(project=extern_project, title="Mål").exists()


@pytest.mark.parametrize("who", ["process_leader", "admin", "reader", "manager"])
def test_only_kommunchef_appoints_the_responsible_manager(extern_project, people, who):
    with pytest.raises(PermissionDenied):
        services.project_appoint_owner(
            project=extern_project, owner=people["manager"], by=people[who], expected_version=1
        )
    assert FrameProject.objects.get(pk=extern_project.pk).owner_id == extern_project.owner_id
