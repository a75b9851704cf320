"""The start page shows the plan at a glance, in Swedish, under a strict Content-Security-Policy."""

import re
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.models import Forum
from measures.models import Plan
from projects.models import FrameProject
from steeringgroups.models import SteeringGroup
from tests.factories import UserFactory
from tests.measures.factories import MeasureFactory, MeasureResultFactory, PlanFactory
from vudig.portal.views import HOME_SECTION_LIMIT

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_start_page_project_cards_link_to_the_project_pages(client, plan):
    # Anonymous visitors reach the public page; signed-in staff the project's working page.
    html = client.get("/").content.decode()
    for project in FrameProject.objects.all():
        public = f"/planen/ramprojekt/{project.slug}/"
        assert f'<h3><a href="{public}">{project.name}</a></h3>' in html
        assert client.get(public).status_code == 200
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    for project in FrameProject.objects.all():
        assert f'<h3><a href="{project.get_absolute_url()}">{project.name}</a></h3>' in html
        assert client.get(project.get_absolute_url()).status_code == 200


def test_start_page_shows_status_counts_projects_groups_and_forums(client, plan):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert 'href="#main"' in html and '<main id="main"' in html and "<nav" in html
    earlier = next(row for row in response.context["status_summary"] if row["plan"].slug == "tidigare-atgarder")
    assert {s["value"]: s["count"] for s in earlier["statuses"]} == {
        "etablerat": 8,
        "paborjat": 4,
        "ej_paborjad": 1,
        "framtagen": 1,
        "avslutad": 1,
        "ej_genomford": 3,
        "alt_losning": 1,
    }
    for name in [
        "Extern digitalisering",
        "Införande av systemförvaltning",
        "IT-miljö och infrastruktur",
        "Framtidens digitala tjänster",
        "Uppkopplat &amp; tillgängligt",
    ]:
        assert name in html


def test_navigation_depends_on_role(client, people):
    assert "Administration" not in client.get("/").content.decode()
    client.force_login(people["admin"])
    assert "Administration" in client.get("/").content.decode()
    client.force_login(people["process_leader"])
    assert "Administration" not in client.get("/").content.decode()


def test_strict_csp_is_sent(client, plan):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy


def test_no_template_has_inline_script_or_style():
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), f"inline script in {path}"
        assert "<style" not in text and not re.search(r"\sstyle=", text), f"inline style in {path}"
        assert not re.search(r"\son[a-z]+=", text), f"inline event handler in {path}"


def test_start_page_query_count_does_not_grow_with_what_it_lists(client, people):
    # The process leader's start page lists a status table per plan and the latest status changes (who made them).
    # Each round adds plans with measures and results, and status changes made by people: all of it shows, and
    # the page costs the same number of queries.
    leader = people["process_leader"]
    client.force_login(leader)
    counts = []
    changed = 0
    for size in (1, 4, 12):  # from the first change on (with none, the list and its lookups are not there)
        for i in range(size):
            # Decided: the start page is public and shows decided plans only.
            plan_obj = PlanFactory(title=f"Tillväxtplan {size}-{i}", state="beslutad")
            result = MeasureResultFactory(
                measure=MeasureFactory(plan=plan_obj), title=f"Tillväxtresultat {size}-{i}", status="paborjat"
            )
            result.status = "etablerat"
            result._history_user = [leader, people["kommunchef"]][i % 2]
            result.save()
            changed += 1
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/")
        counts.append(len(captured.captured_queries))
        html = response.content.decode()
        assert [row["plan"].title for row in response.context["status_summary"]] == list(
            Plan.objects.order_by("order", "pk").values_list("title", flat=True)
        )
        for i in range(size):
            assert f"Tillväxtplan {size}-{i}" in html
        summary = response.context["changes_summary"]
        # the plan as loaded has no changes yet, only what each round made
        assert summary["changes_count"] == changed and f"<strong>{changed}</strong>" in html
        changes = summary["changes"]
        assert len(changes) == min(changed, 5)
        for change in changes:  # the page lists the five newest, each with who made it
            assert f"{change.result}</a>: Påbörjat → Etablerat" in html
            assert change.who and change.who in html
        assert changes[0].result == f"Tillväxtresultat {size}-{size - 1}"
    assert counts[0] == counts[1] == counts[2], counts


def test_unknown_page_is_a_swedish_404(client, db):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "<title>Sidan finns inte" in html and "<h1>Sidan finns inte</h1>" in html
    assert "Kontrollera adressen" in html and '<a href="/">Till översikten</a>' in html
    assert "Not Found" not in html


def test_only_the_most_specific_navigation_entry_is_current(client, people):
    client.force_login(people["manager"])
    html = client.get("/styrgrupper/arenden/").content.decode()
    assert html.count('aria-current="page"') == 1
    assert '<a href="/styrgrupper/arenden/" aria-current="page">' in html


def test_start_page_shows_a_bounded_number_of_each_with_links_to_all(client, plan):
    """A regional deployment has hundreds of projects, groups and forums: the start page shows six of each."""

    html = client.get("/").content.decode()
    assert "Visa alla" not in html  # Piteå alone: 4 projects, 3 groups and 6 forums all fit
    counts = []
    group = SteeringGroup.objects.first()
    for more in (0, 20, 60):
        start = Forum.objects.count()
        for i in range(start, start + more):
            SteeringGroup.objects.create(name=f"Grupp {i}", slug=f"grupp-{i}", goal=group.goal, order=100 + i)
            FrameProject.objects.create(name=f"Projekt {i}", slug=f"projekt-{i}", steering_group=group, order=100 + i)
            Forum.objects.create(
                name=f"Forum {i}", slug=f"forum-{i}", purpose="Syfte", responsible="Alla", order=100 + i
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/")
        counts.append(len(captured))
        for name in ("projects", "steering_groups", "forums"):
            assert len(response.context[name]) <= HOME_SECTION_LIMIT
    assert counts[0] == counts[1] == counts[2]
    html = response.content.decode()
    # Anonymous: the projects and groups link to the public plan; the forum list needs login, so no link to it.
    assert 'href="/planen/#projektramar">Visa alla ramprojekt' in html and "Visa alla styrgrupper" in html
    assert "Visa alla forum" not in html
    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    for link in ("Visa alla ramprojekt", "Visa alla styrgrupper", "Visa alla forum"):
        assert link in html
    # The plan's own first items (lowest order) are the ones shown.
    assert "Extern digitalisering" in html and "Projekt 99" not in html
