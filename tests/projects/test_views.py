"""Project pages: who may open what, forms that keep input on errors, forged ids, and constant query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures.models import Measure, Plan
from projects import services
from projects.constants import ProjectPhase, ReportState, TrafficLight
from projects.models import FrameProject, PhaseChange, ProjectGoal, StatusReport
from projects.views import PROJECTS_PER_PAGE
from steeringgroups.models import SteeringGroup
from tests.factories import UserFactory

from .factories import DevelopmentProjectFactory, ProjectGoalFactory, StatusReportFactory

TODAY = timezone.localdate()


def url(name, project, *args):
    return reverse(f"projects:{name}", args=[project.slug, *args])


def login(client, user):
    client.force_login(user)
    return client


# -- reading --------------------------------------------------------------------------------------------------------


def test_list_shows_phase_owner_traffic_light_and_report_age(client, people, extern_project):
    StatusReportFactory(
        project=extern_project,
        author=people["manager"],
        overall_status="gul",
        state=ReportState.PUBLICERAD,
        published_at=timezone.now() - datetime.timedelta(days=12),
    )
    StatusReportFactory(project=extern_project, author=people["manager"], overall_status="rod")  # a draft: not shown
    html = login(client, people["reader"]).get(reverse("projects:list")).content.decode()
    row = html[html.index("Extern digitalisering") :]
    row = row[: row.index("</tr>")]
    assert "Gul" in row and "12 dagar sedan" in row and "Röd" not in row
    assert people["manager"].get_full_name() in row
    assert "Ingen rapport" in html  # the other projects have none yet


def test_anonymous_is_sent_to_log_in(client, plan):
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_project_page_renders_the_rambeskrivning_as_paragraphs_and_lists(client, people, extern_project):
    html = login(client, people["reader"]).get(extern_project.get_absolute_url()).content.decode()
    assert "<li>Tydlig samplanering mellan webb, e-tjänster och telefoni.</li>" in html
    assert "<p>Styrgruppen för extern digitalisering får i uppdrag" in html
    assert "• " not in html  # the bullets became list items
    # A reader sees no buttons for changing the project.
    assert "Byt fas" not in html and "Ändra rambeskrivning" not in html and "Ny lägesrapport" not in html


def test_project_page_shows_owner_group_references_goals_and_development_projects(client, people, extern_project):
    extern_project.reference_group = "Anna Andersson, Socialtjänst\nPiteå Näringsliv"
    extern_project.save()
    ProjectGoalFactory(project=extern_project, title="Tydlig webb", status="faststallt")
    ProjectGoalFactory(project=extern_project, title="Gammalt mål", archived=True)
    DevelopmentProjectFactory(project=extern_project, name="Ny e-tjänst för bygglov", owner="Bo Berg")
    html = login(client, people["reader"]).get(extern_project.get_absolute_url()).content.decode()
    for text in ["Tydlig webb", "Fastställt", "Ny e-tjänst för bygglov", "Bo Berg", "<li>Piteå Näringsliv</li>"]:
        assert text in html
    goals_section = html[html.index('id="goals-heading"') : html.index('id="dev-heading"')]
    assert "Tydlig webb" in goals_section
    assert "Gammalt mål" not in goals_section  # archived goals are only listed for editors
    assert people["manager"].get_full_name() in html


@pytest.mark.parametrize(("who", "sees"), [("manager", True), ("process_leader", True), ("reader", False)])
def test_drafts_are_seen_only_by_those_who_write_reports(who, sees, client, people, extern_project):
    draft = StatusReportFactory(project=extern_project, author=people["manager"])
    login(client, people[who])
    assert (draft.get_absolute_url() in client.get(extern_project.get_absolute_url()).content.decode()) is sees
    assert client.get(draft.get_absolute_url()).status_code == (200 if sees else 404)


# -- who may open the forms -----------------------------------------------------------------------------------------

WRITE_PAGES = {
    "edit": {"process_leader", "admin"},
    "appoint": {"kommunchef"},
    "phase": {"process_leader", "admin", "member", "chair"},
    "goal_create": {"process_leader", "admin"},
    "development_create": {"process_leader", "admin"},
    "report_create": {"process_leader", "admin", "manager"},
}


@pytest.mark.parametrize("page", sorted(WRITE_PAGES))
def test_write_pages_open_only_for_the_matrix(page, client, people, extern_project, intern_project):
    for who, user in people.items():
        client.logout()
        if user:
            client.force_login(user)
        status = client.get(url(page, extern_project)).status_code
        expected = 200 if who in WRITE_PAGES[page] else 302 if user is None else 403
        assert status == expected, f"{page} as {who}: {status}"


# -- forms ----------------------------------------------------------------------------------------------------------


def test_process_leader_moves_the_project_and_sees_the_message(client, people, extern_project):
    response = login(client, people["process_leader"]).post(
        url("phase", extern_project), {"to_phase": "planering", "version": 1}, follow=True
    )
    assert "Projektet är nu i fasen ”Planering”." in response.content.decode()
    assert FrameProject.objects.get(pk=extern_project.pk).phase == "planering"


def test_illegal_move_re_renders_the_form_with_a_swedish_message(client, people, extern_project):
    response = login(client, people["process_leader"]).post(
        url("phase", extern_project), {"to_phase": "avslutat", "reason": "Klart?", "version": 1}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Det går inte att gå från ”Ramprojekt” till ”Avslutat”." in html
    assert "Klart?" in html  # the input is kept
    assert FrameProject.objects.get(pk=extern_project.pk).phase == ProjectPhase.RAMPROJEKT


def test_gate_without_decision_text_is_refused_on_the_field(client, people, extern_project):
    FrameProject.objects.filter(pk=extern_project.pk).update(phase=ProjectPhase.PROJEKTPLAN_FASTSTALLD)
    response = login(client, people["chair"]).post(
        url("phase", extern_project), {"to_phase": "genomforande", "decision_date": TODAY.isoformat(), "version": 1}
    )
    html = response.content.decode()
    assert 'id="id_decision_text_error"' in html and "Styrgruppens beslut måste anges" in html
    assert not PhaseChange.objects.exists()


def test_chair_is_offered_only_the_gate(client, people, extern_project):
    html = login(client, people["chair"]).get(url("phase", extern_project)).content.decode()
    assert 'value="genomforande"' in html and 'value="planering"' not in html
    response = client.post(url("phase", extern_project), {"to_phase": "planering", "version": 1})
    assert "Välj en av faserna i listan." in response.content.decode()
    assert FrameProject.objects.get(pk=extern_project.pk).phase == ProjectPhase.RAMPROJEKT


def test_stale_edit_shows_the_newer_value_and_keeps_the_users_text(client, people, extern_project):
    leader = people["process_leader"]
    login(client, leader)
    form = {
        f: getattr(extern_project, f) for f in ["purpose", "assignment", "implementation", "goals", "reference_group"]
    }
    client.post(url("edit", extern_project), {**form, "reference_group": "Först sparat", "version": 1})
    response = client.post(url("edit", extern_project), {**form, "reference_group": "Min ändring", "version": 1})
    assert response.status_code == 409  # an edit conflict answers the same in every app
    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html and "Det nya värdet" in html
    assert "Först sparat" in html and "Min ändring" in html
    assert 'name="version" value="2"' in html
    assert FrameProject.objects.get(pk=extern_project.pk).reference_group == "Först sparat"


def test_overlong_text_is_refused_in_swedish(client, people, extern_project):
    login(client, people["process_leader"])
    response = client.post(url("goal_create", extern_project), {"title": "x" * 301, "status": "forslag"})
    assert "Säkerställ att detta värde har som mest 300 tecken (den har 301)." in response.content.decode()
    assert not ProjectGoal.objects.exists()


def test_goal_of_another_project_cannot_be_reached_through_this_one(client, people, extern_project, intern_project):
    foreign = ProjectGoalFactory(project=intern_project, title="Annat projekts mål")
    login(client, people["process_leader"])
    edit = client.post(
        url("goal_edit", extern_project, foreign.pk), {"title": "Kapad", "status": "uppnatt", "version": 1}
    )
    archive = client.post(url("goal_archive", extern_project, foreign.pk))
    assert (edit.status_code, archive.status_code) == (404, 404)
    foreign.refresh_from_db()
    assert (foreign.title, foreign.archived) == ("Annat projekts mål", False)


def test_report_of_another_project_cannot_be_published_through_this_one(client, people, extern_project, intern_project):
    foreign = StatusReportFactory(project=intern_project, author=people["manager_other_org"])
    login(client, people["manager"])  # owns extern_project
    assert client.post(url("report_publish", extern_project, foreign.pk)).status_code == 404
    assert client.post(url("report_publish", intern_project, foreign.pk)).status_code == 403
    assert StatusReport.objects.get(pk=foreign.pk).state == ReportState.UTKAST


def test_forged_person_id_in_the_appointment_form_is_refused(client, people, extern_project):
    login(client, people["kommunchef"])
    response = client.post(url("appoint", extern_project), {"owner": 999_999, "version": 1})
    assert "Välj en person i listan." in response.content.decode()
    assert FrameProject.objects.get(pk=extern_project.pk).owner == people["manager"]


def test_owner_writes_and_publishes_a_report_then_it_is_frozen(client, people, extern_project):
    login(client, people["manager"])
    response = client.post(
        url("report_create", extern_project),
        {
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "overall_status": "gron",
            "done": "Kartläggning klar.",
            "next_steps": "Projektplan.",
            "risks": "",
        },
    )
    report = StatusReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    client.post(url("report_publish", extern_project, report.pk), {"version": report.version})
    report.refresh_from_db()
    assert report.is_published
    edit = client.get(url("report_edit", extern_project, report.pk), follow=True)
    assert "Rapporten är publicerad och kan inte ändras" in edit.content.decode()
    forged = client.post(
        url("report_edit", extern_project, report.pk),
        {
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "overall_status": "rod",
            "done": "Ändrat i efterhand.",
            "next_steps": "x",
            "version": report.version,
        },
    )
    assert "kan inte ändras" in forged.content.decode()
    assert StatusReport.objects.get(pk=report.pk).overall_status == "gron"


def test_report_with_missing_fields_and_reversed_period_keeps_the_input(client, people, extern_project):
    login(client, people["manager"])
    response = client.post(
        url("report_create", extern_project),
        {"period_start": "2026-04-01", "period_end": "2026-03-31", "overall_status": "gron", "done": "Gjort."},
    )
    html = response.content.decode()
    assert "Periodens slut kan inte ligga före dess start." in html
    assert "Detta fält måste fyllas i." in html  # next_steps
    assert "Gjort." in html
    assert not StatusReport.objects.exists()


# -- constant query counts ------------------------------------------------------------------------------------------


def grow(projects, *, measures: int, per_project: int, people):
    """Add measures and, per frame project, development projects, goals and published reports."""
    n = Plan.objects.count()
    plan = Plan.objects.create(slug=f"prov-{n}", title=f"Prov {n}")
    Measure.objects.bulk_create(
        Measure(plan=plan, title=f"Åtgärd {i}", responsible="Kommuncentralt") for i in range(measures)
    )
    for project in projects:
        for i in range(per_project):
            DevelopmentProjectFactory(project=project)
            ProjectGoalFactory(project=project, archived=i % 3 == 0)
            StatusReportFactory(
                project=project,
                author=people["manager"],
                state=ReportState.PUBLICERAD,
                published_at=timezone.now() - datetime.timedelta(days=i),
            )
            PhaseChange.objects.create(
                project=project, from_phase="ramprojekt", to_phase="planering", recorded_by=people["process_leader"]
            )


def count_queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_project_list_runs_the_same_queries_from_10_to_1000_measures(client, people, extern_project, intern_project):
    # Queries: session, user, roles (1 each), the number of projects for the pages (1; a region has hundreds, so
    # the list is paginated) and the page of projects with their latest report (1).
    login(client, people["reader"])
    projects = list(FrameProject.objects.all())
    groups = list(SteeringGroup.objects.all())
    for i, project in enumerate(projects):
        project.owner = UserFactory(first_name="Ägare", last_name=f"plan-{i}")
        project.save(update_fields=["owner"])
    counts = []
    # 10, then 1,000 measures in all; and what the list shows grows too: more projects (all on the first page),
    # each with an owner of its own and a newest published report whose light differs per round.
    for round_, (measures, per_project, more_projects, light) in enumerate(
        [(10, 1, 3, TrafficLight.GUL), (990, 20, 15, TrafficLight.ROD)]
    ):
        grow(projects, measures=measures, per_project=per_project, people=people)
        for i in range(more_projects):
            projects.append(
                FrameProject.objects.create(
                    name=f"Växande projekt {round_}-{i}",
                    slug=f"vaxande-{round_}-{i}",
                    steering_group=groups[i % len(groups)],
                    order=50 + 20 * round_ + i,
                    owner=UserFactory(first_name="Ägare", last_name=f"{round_}-{i}"),
                )
            )
        for project in projects:
            StatusReportFactory(
                project=project,
                author=people["manager"],
                state=ReportState.PUBLICERAD,
                overall_status=light,
                published_at=timezone.now(),
            )
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("projects:list"))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
        html = response.content.decode()
        assert len(response.context["projects"]) == len(projects) <= PROJECTS_PER_PAGE
        for project in FrameProject.objects.select_related("owner", "steering_group"):
            row = re.search(
                rf"<tr>\s*<th scope=\"row\"><a href=\"[^\"]+\">{re.escape(project.name)}</a></th>.*?</tr>", html, re.S
            )
            assert row, project.name
            assert project.steering_group.name in row.group(0)
            assert str(light.label) in row.group(0) and "i dag" in row.group(0)
            assert project.owner.get_full_name() in row.group(0)
    assert Measure.objects.filter(plan__slug__startswith="prov-").count() == 1000
    assert counts == [6, 6]  # with the header's count of unread notices

    group = projects[0].steering_group
    FrameProject.objects.bulk_create(
        FrameProject(name=f"Projekt {i}", slug=f"projekt-{i}", steering_group=group, order=100 + i) for i in range(60)
    )
    assert count_queries(client, reverse("projects:list") + "?page=2") == 6
    page = client.get(reverse("projects:list") + "?page=2")
    assert len(page.context["projects"]) == PROJECTS_PER_PAGE and "?page=3" in page.content.decode()


def test_project_page_runs_the_same_queries_as_goals_reports_and_history_grow(client, people, extern_project):
    # Queries: session, user, roles (3); the project and its goals, development projects, phase changes, the
    # decisions about it in the register (5); the reports (1); the four history tables for the timeline (4); the
    # names of people in it (1) = 14.
    login(client, people["process_leader"])
    counts = []
    for size, per_project in enumerate([1, 10, 40]):
        grow([extern_project], measures=10, per_project=per_project, people=people)
        # Each round kommunchef appoints a new owner, so the newest timeline entry names people every time.
        owner = people["manager" if size % 2 else "manager_other_org"]
        project = FrameProject.objects.get(pk=extern_project.pk)
        services.project_appoint_owner(
            project=project, owner=owner, by=people["kommunchef"], expected_version=project.version
        )
        counts.append(count_queries(client, extern_project.get_absolute_url()))
    assert StatusReport.objects.filter(project=extern_project).count() == 51
    assert counts == [15, 15, 15]  # with the header's count of unread notices


def test_process_leader_adds_edits_archives_and_restores_a_goal_and_a_development_project(
    client, people, extern_project, org
):
    login(client, people["process_leader"])
    client.post(url("goal_create", extern_project), {"title": "Tio e-tjänster", "status": "forslag"})
    goal = ProjectGoal.objects.get()
    assert client.get(url("goal_edit", extern_project, goal.pk)).status_code == 200
    client.post(
        url("goal_edit", extern_project, goal.pk), {"title": "Tolv e-tjänster", "status": "faststallt", "version": 1}
    )
    client.post(url("goal_archive", extern_project, goal.pk), {"archived": "1"})
    html = client.get(extern_project.get_absolute_url()).content.decode()
    assert "1 arkiverat mål" in html
    client.post(url("goal_archive", extern_project, goal.pk), {"archived": "0"})
    goal.refresh_from_db()
    assert (goal.title, goal.status, goal.archived) == ("Tolv e-tjänster", "faststallt", False)

    client.post(
        url("development_create", extern_project),
        {"name": "E-arkiv", "owner": "Bo Berg", "organisation": org.pk, "status": "pagar"},
    )
    item = extern_project.development_projects.get()
    response = client.post(
        url("development_edit", extern_project, item.pk),
        {"name": "E-arkiv", "owner": "Bo Berg", "organisation": org.pk, "status": "pausat", "version": 1},
        follow=True,
    )
    assert "Utvecklingsprojektet sparades." in response.content.decode()
    item.refresh_from_db()
    assert item.status == "pausat"
    assert client.get(url("goal_archive", extern_project, goal.pk)).status_code == 405  # archiving is POST only


def test_kommunchef_appoints_through_the_form(client, people):
    project = FrameProject.objects.get(slug="it-miljo-och-infrastruktur")
    login(client, people["kommunchef"])
    response = client.post(url("appoint", project), {"owner": people["manager"].pk, "version": 1}, follow=True)
    assert "Ansvarig linjechef är utsedd." in response.content.decode()
    project.refresh_from_db()
    assert (project.owner, project.owner_appointed_by) == (people["manager"], people["kommunchef"])


def test_a_phase_move_from_a_stale_page_is_refused_with_the_conflict_message(client, people, extern_project):
    login(client, people["process_leader"])
    client.post(url("phase", extern_project), {"to_phase": "planering", "version": 1})
    response = client.post(url("phase", extern_project), {"to_phase": "projektplan_faststalld", "version": 1})
    assert response.status_code == 409
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert FrameProject.objects.get(pk=extern_project.pk).phase == "planering"


def test_a_stale_draft_edit_is_refused_and_shows_the_saved_text(client, people, extern_project):
    report = StatusReportFactory(project=extern_project, author=people["manager"], done="Sparat av processledaren.")
    StatusReport.objects.filter(pk=report.pk).update(version=2)
    login(client, people["manager"])
    response = client.post(
        url("report_edit", extern_project, report.pk),
        {
            "period_start": "2026-01-01",
            "period_end": "2026-03-31",
            "overall_status": "gul",
            "done": "Min text.",
            "next_steps": "x",
            "version": 1,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html and "Sparat av processledaren." in html and "Min text." in html
    assert StatusReport.objects.get(pk=report.pk).done == "Sparat av processledaren."


def test_publishing_from_a_stale_page_is_refused_with_the_newer_text(client, people, extern_project):
    report = StatusReportFactory(project=extern_project, author=people["manager"], done="Det senast sparade.")
    StatusReport.objects.filter(pk=report.pk).update(version=2)
    login(client, people["manager"])
    response = client.post(url("report_publish", extern_project, report.pk), {"version": 1})
    assert response.status_code == 409  # an edit conflict answers the same in every app
    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html and "Det nya värdet" in html and "Det senast sparade." in html
    assert 'name="version" value="2"' in html  # publishing again is a choice made with the newer text in view
    assert not StatusReport.objects.get(pk=report.pk).is_published
