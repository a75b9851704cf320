"""A frame project's steps give one notice per person (and one e-mail by preference), run twice: the owner appointed,
a lägesrapport published, the gate into genomförande passed."""

import datetime

import pytest

from projects import notices, services
from projects.constants import ProjectPhase, TrafficLight
from projects.models import FrameProject
from tests.factories import user_with_role
from tests.notice_steps import assert_once, notices_for, prefer, shown_to
from vudig.core.constants import Role
from vudig.core.notices import Delivery

TODAY = datetime.date(2026, 2, 3)


def test_the_appointed_owner_is_told_once_and_a_replaced_owner_no_longer_sees_it(people):
    project = FrameProject.objects.get(slug="it-miljo-och-infrastruktur")
    chef, appointee = people["kommunchef"], people["manager"]
    services.project_appoint_owner(project=project, owner=appointee, by=chef, expected_version=project.version)
    services.project_appoint_owner(project=project, owner=appointee, by=chef, expected_version=project.version)
    project.refresh_from_db()
    key = f"project:{project.pk}:owner:{appointee.pk}:{project.version}"
    assert notices.owner_appointed(project) == 0
    assert_once(
        key,
        [appointee],
        subject=f"Du är ansvarig för ramprojektet {project.name}",
        url=project.get_absolute_url(),
    )
    assert [n.key for n in shown_to(appointee)] == [key]
    services.project_appoint_owner(
        project=project, owner=people["manager_other_org"], by=chef, expected_version=project.version
    )
    assert shown_to(appointee) == []  # no longer the owner: the notice is not shown


def test_a_published_report_tells_the_projects_steering_group(extern_project, people):
    report = services.status_report_create(
        project=extern_project,
        by=people["manager"],
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        overall_status=TrafficLight.GUL,
        done="Kartläggning klar.",
        next_steps="Projektplan.",
    )
    prefer(people["chair"], "projects.report_published", Delivery.IMMEDIATE)
    for _ in range(2):
        services.status_report_publish(report=report, by=people["manager"], expected_version=report.version)
    assert notices.report_published(report) == 0
    key = f"status-report:{report.pk}:published"
    # The project's group only (not the other group's chair); digest by default, but the chair chose e-mail at once
    # and gets exactly one, with the link to the report.
    assert_once(
        key,
        [people["member"], people["chair"]],
        subject=f"Ny lägesrapport: {extern_project.name}",
        url=report.get_absolute_url(),
        mailed=[people["chair"]],
    )


@pytest.mark.parametrize("extra_members", [0, 3])
def test_the_gate_tells_the_owner_and_the_steering_group_once(extra_members, extern_project, people):
    group = extern_project.steering_group
    members = [user_with_role(Role.STEERING_MEMBER, steering_group=group) for _ in range(extra_members)]
    project = FrameProject.objects.get(pk=extern_project.pk)
    FrameProject.objects.filter(pk=project.pk).update(phase=ProjectPhase.PROJEKTPLAN_FASTSTALLD)
    project.refresh_from_db()
    move = {
        "project": project,
        "to_phase": ProjectPhase.GENOMFORANDE,
        "by": people["chair"],
        "decision_text": "Start beslutad.",
        "decision_date": TODAY,
    }
    change = services.project_move_phase(**move, expected_version=project.version)
    assert services.project_move_phase(**move, expected_version=project.version) is None
    assert notices.gate_passed(change) == 0
    found = assert_once(
        f"project:{project.pk}:gate:{change.pk}",
        [people["manager"], people["member"], people["chair"], *members],
        subject=f"{project.name} går till genomförande",
        mailed=False,
    )
    assert all(n.url == project.get_absolute_url() for n in found)


def test_a_move_that_is_not_the_gate_tells_nobody(extern_project, people):
    services.project_move_phase(
        project=extern_project,
        to_phase=ProjectPhase.PLANERING,
        by=people["process_leader"],
        expected_version=extern_project.version,
    )
    assert not notices_for(f"project:{extern_project.pk}:gate:1").exists()


@pytest.mark.parametrize("extra_members", [0, 6])
def test_the_steering_group_is_found_in_one_query(extra_members, extern_project, people, django_assert_num_queries):
    for _ in range(extra_members):
        user_with_role(Role.STEERING_MEMBER, steering_group=extern_project.steering_group)
    with django_assert_num_queries(1):
        assert len(notices.steering_group_people(extern_project)) == 2 + extra_members
