"""The demo data of frame projects loads through the services and can be loaded again without duplicates."""

from projects.constants import ProjectPhase, ReportState
from projects.models import FrameProject
from vudig.core.models import Notice
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
    # Its steps told people once: the owner of the appointment, the steering group of the published report.
    told = Notice.objects.filter(category__startswith="projects.")
    owner = told.get(category="projects.owner_appointed", key__startswith=f"project:{project.pk}:")
    assert owner.recipient == project.owner
    report = project.status_reports.get()
    readers = set(told.filter(key=f"status-report:{report.pk}:published").values_list("recipient__username", flat=True))
    assert readers and all(name.startswith(("ordf.", "ledamot.")) for name in readers), readers
