"""The demo data of frame projects loads through the services and can be loaded again without duplicates."""

from projects.constants import ProjectPhase, ReportState
from projects.models import FrameProject
from vudig.portal.demo import demo_load


def test_demo_appoints_an_owner_links_projects_and_publishes_a_report_once(plan):
    demo_load()
    demo_load()
    project = FrameProject.objects.get(slug="intern-digitalisering")
    assert project.owner.username == "chef.socialtjanst"
    assert project.owner_appointed_by.username == "kommunchef"
    assert project.phase == ProjectPhase.PLANERING
    assert project.development_projects.count() == 2
    assert project.project_goals.count() == 2
    assert list(project.status_reports.values_list("state", flat=True)) == [ReportState.PUBLICERAD]
    assert project.history.filter(history_user__username="kommunchef").exists()
