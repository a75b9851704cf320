"""The plan page shows the plan's tables as the plan states them, to anyone: one plan at a time, measures paginated."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import Measure, MeasureResult, Plan
from projects.models import FrameProject
from steeringgroups.models import SteeringGroup

from .test_plan_loader import EARLIER_MEASURES


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")


def test_every_earlier_measure_row_reads_as_in_the_plan(client, plan):
    # One plan at a time (a regional deployment has thousands of measures): the earlier plan is one link away.
    html = client.get("/planen/?plan=tidigare-atgarder").content.decode()
    text = _text(html)
    labels = {"etablerat": "Etablerat", "paborjat": "Påbörjat", "ej_paborjad": "Ej påbörjad", "framtagen": "Framtagen",
              "avslutad": "Avslutad", "ej_genomford": "Ej genomförd", "alt_losning": "Alt lösning"}  # fmt: skip
    for title, (responsible, results) in EARLIER_MEASURES.items():
        row = f"{title} {responsible} {results[0][0]} {labels[results[0][1]]}"
        assert row in text, row
        for result_title, status in results[1:]:
            assert f"{result_title} {labels[status]}" in text


def test_the_other_tables_are_all_there(client, plan):
    text = _text(client.get("/planen/").content.decode())
    for expected in [
        "Enkelt och öppet", "Uppkopplat och tillgängligt",
        "Utarbeta digitaliseringsstrategi", "Följ upp verksamheternas struktur och kapacitet", "Införande systemförvaltning",
        "Intern digitalisering Verksamhetsnära Personal, ekonomi, ärendehantering, e-arkiv mm. Smart & optimerat",
        "IT-stödsträffar Forum kopplat till IT-miljö och infrastruktur. IT-avdelningen",
        "Systemförvaltning Förvalta processer, information och digitala lösningar.",
        "Brister i grundläggande IT-leveranser.", "Krav på öppna data och offentlig digital information.",
    ]:  # fmt: skip
        assert expected in text, expected


def test_the_current_plan_is_shown_by_default_with_links_to_the_others(client, plan):
    current = Plan.objects.exclude(slug="tidigare-atgarder").get()
    response = client.get("/planen/")
    assert response.context["selected_plan"] == current
    html = response.content.decode()
    assert 'href="?plan=tidigare-atgarder#plan-tidigare-atgarder"' in html
    followup = html.split('id="uppfoljning"', 1)[1]
    # an earlier measure: in the plan document's table, but followed up on the earlier plan's view only
    assert "Centralt stöd för utveckling" not in followup
    assert "Centralt stöd för utveckling" in html.split('id="uppfoljning"', 1)[0]
    assert client.get("/planen/?plan=finns-inte").context["selected_plan"] == current


def _grow(n, *, plan_slug="tidigare-atgarder"):

    earlier = Plan.objects.get(slug=plan_slug)
    start = Measure.objects.count()
    for i in range(start, start + n):
        measure = Measure.objects.create(plan=earlier, title=f"Ny {i}", responsible="Alla")
        MeasureResult.objects.create(measure=measure, title="R", status="paborjat")
    group = SteeringGroup.objects.first()
    for i in range(start, start + n):
        SteeringGroup.objects.create(name=f"Grupp {i}", slug=f"grupp-{i}", goal=group.goal, order=100 + i)
        FrameProject.objects.create(name=f"Projekt {i}", slug=f"projekt-{i}", steering_group=group, order=100 + i)


def test_plan_page_is_bounded_and_its_query_count_is_flat(client, plan):
    counts, rows = [], []
    for more in (0, 30, 90):  # 0, 30 and 120 extra measures, groups and projects
        _grow(more)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/planen/?plan=tidigare-atgarder&sida=2&styrgrupper=2")
        counts.append(len(captured))
        rows.append((len(response.context["measures"].object_list), len(response.context["steering_groups"])))
    assert counts[0] == counts[1] == counts[2]
    # the earlier measures + 120 new: page 2 of 50 is full at the largest size; groups 3 + 120: page 2 of 25 full.
    assert rows[-1] == (50, 25)
    html = client.get("/planen/?plan=tidigare-atgarder").content.decode()
    assert "?plan=tidigare-atgarder&amp;sida=2#plan-tidigare-atgarder" in html


def test_unknown_plan_shows_the_current_plan_with_a_swedish_message(client, plan):
    for value in ("%00", "finns-inte"):
        response = client.get(f"/planen/?plan={value}")
        assert response.status_code == 200
        assert response.context["selected_plan"] == client.get("/planen/").context["selected_plan"]
        assert "Planen finns inte. Sidan visar den aktuella planen." in response.content.decode()
    assert "Planen finns inte" not in client.get("/planen/?plan=tidigare-atgarder").content.decode()
