"""The pages: list with filters and exports, the measure page, status changes without JavaScript, conflicts."""

import csv
import io
from pathlib import Path

import pytest
import yaml
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from measures import services
from measures.constants import ResultStatus
from measures.models import Measure, MeasureResult, Plan
from vudig.core.models import Organisation

from .factories import MeasureFactory, PlanFactory, decide

PLAN_FILE = Path(__file__).resolve().parents[2] / "data" / "plan-pitea.yaml"


def earlier_result(measure="Centrala beredningsgrupper", title="Ekonomi- & affärsgrupp"):
    return MeasureResult.objects.select_related("measure").get(
        measure__plan__slug="tidigare-atgarder", measure__title=measure, title=title
    )


def status_url(result):
    return reverse("measures:result_status", args=[result.measure_id, result.pk])


def status_post(result, **values):
    data = {"status": "paborjat", "motivation": "Gruppen har startat", "version": result.version, **values}
    return {f"r{result.pk}-{k}": v for k, v in data.items()}


@pytest.fixture
def leader_client(client, people):
    client.force_login(people["process_leader"])
    return client


# -- list, filters, counts ----------------------------------------------------------------------------------------
def test_list_filters_by_plan_status_category_organisation_and_text(leader_client, org):
    earlier = Plan.objects.get(slug="tidigare-atgarder")
    page = leader_client.get(reverse("measures:list"), {"plan": earlier.pk, "status": "ej_genomford"})
    titles = [m.title for m in page.context["measures"]]
    assert titles == ["Samordning av utvecklingsområden", "Former för styrning och samverkan"]
    page = leader_client.get(reverse("measures:list"), {"category": "effect"})
    assert [m.title for m in page.context["measures"]] == [
        "Extern digitalisering",
        "Intern digitalisering",
        "IT-miljö och infrastruktur",
        "Införande systemförvaltning",
    ]
    page = leader_client.get(reverse("measures:list"), {"q": "vir-arbete"})
    assert [m.title for m in page.context["measures"]] == [
        "Huvudprocesser, information och digitala lösningar förtydligas"
    ]
    klf = Measure.objects.filter(responsible="KLF").first().responsible_organisation
    page = leader_client.get(reverse("measures:list"), {"responsible_organisation": klf.pk, "sort": "title"})
    titles = [m.title for m in page.context["measures"]]
    assert len(titles) == 5 and titles == sorted(titles)


def test_status_counts_cover_the_filtered_list(leader_client):
    earlier = Plan.objects.get(slug="tidigare-atgarder")
    page = leader_client.get(reverse("measures:list"), {"plan": earlier.pk})
    counts = {c["value"]: c["count"] for c in page.context["counts"]}
    assert counts == {
        "etablerat": 8, "paborjat": 4, "ej_paborjad": 1, "framtagen": 1, "avslutad": 1, "ej_genomford": 3,
        "alt_losning": 1,
    }  # fmt: skip
    assert "Status för resultaten i den filtrerade listan" in page.content.decode()


def test_bad_filter_value_gives_a_swedish_message_not_an_error(leader_client):
    page = leader_client.get(reverse("measures:list"), {"status": "klar", "plan": "999999"})
    assert page.status_code == 200
    assert "Välj ett giltigt alternativ" in page.content.decode()


def test_list_pages_by_25(leader_client):
    plan = Plan.objects.get(slug="plan-for-digitalisering")
    Measure.objects.bulk_create(
        Measure(plan=plan, title=f"Extra {i}", responsible="KLF", order=100 + i) for i in range(30)
    )
    page = leader_client.get(reverse("measures:list"), {"plan": plan.pk, "page": 2})
    assert page.context["page_obj"].number == 2
    assert len(page.context["measures"]) == 41 - 25
    assert f"plan={plan.pk}&amp;page=1" in page.content.decode()


def _grow(n):
    """Grow the plan to n measures: each with a responsible organisation and two results in different statuses."""
    plan = Plan.objects.get(slug="plan-for-digitalisering")
    existing = plan.measures.count()
    organisations = list(Organisation.objects.order_by("pk"))
    measures = Measure.objects.bulk_create(
        Measure(
            plan=plan,
            title=f"Mätåtgärd {i}",
            responsible="KLF",
            responsible_organisation=organisations[i % len(organisations)],
            order=100 + i,
        )
        for i in range(existing, n)
    )
    MeasureResult.objects.bulk_create(
        MeasureResult(measure=m, title=f"{m.title} R{k}", status=[ResultStatus.PABORJAT, ResultStatus.ETABLERAT][k])
        for m in measures
        for k in range(2)
    )
    return plan


@pytest.mark.parametrize("who", ["process_leader", "reader"])
def test_list_runs_a_constant_number_of_queries_from_10_to_1000_measures(client, people, who):
    # Per request: session, user, roles (1 each); count, measures (plan, successor, organisation joined), results;
    # status counts; the plan and organisation choices of the filter form. The same at every size.
    client.force_login(people[who])
    counts = []
    plan = Plan.objects.get(slug="plan-for-digitalisering")
    for size in (11, 100, 1000):
        _grow(size)
        assert plan.measures.count() == size
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("measures:list"), {"plan": plan.pk, "sort": "title"})
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
        # What grew is on the page: every measure of the plan is counted, the status counts cover all their
        # results, and the page's rows (grown measures among them) are shown with their results.
        html = response.content.decode()
        assert response.context["page_obj"].paginator.count == size
        results = MeasureResult.objects.active().filter(measure__plan=plan)
        assert sum(c["count"] for c in response.context["counts"]) == results.count()
        shown = list(response.context["measures"])
        assert len(shown) == min(size, 25)
        if size > 11:
            assert any(m.title.startswith("Mätåtgärd") for m in shown)
        for measure in shown:
            assert measure.title in html
            for result in measure.results.all():
                assert result.title in html
    print(f"measure list queries as {who} at 11/100/1000 measures: {counts}")
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 13, counts  # with the header's count of unread notices


def test_export_runs_a_constant_number_of_queries(leader_client):
    counts = []
    for size in (11, 100, 1000):
        plan = _grow(size)
        with CaptureQueriesContext(connection) as ctx:
            response = leader_client.get(reverse("measures:export", args=["csv"]), {"plan": plan.pk})
        counts.append(len(ctx.captured_queries))
        # Every grown measure is in the file: one row per result, with its organisation, result and status.
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        grown = {(r[1], r[4], r[5], r[6]) for r in rows[1:] if r[1].startswith("Mätåtgärd")}
        expected = {
            (m.title, m.responsible_organisation.name, r.title, r.get_status_display())
            for m in Measure.objects.filter(title__startswith="Mätåtgärd")
            .select_related("responsible_organisation")
            .prefetch_related("results")
            for r in m.results.all()
        }
        assert len(expected) == 2 * (size - 11)
        assert grown == expected
        per_measure = plan.measures.active().annotate(n=Count("results", filter=Q(results__archived=False)))
        assert len(rows) == 1 + sum(max(1, m.n) for m in per_measure)  # a measure without results has a row too
    print(f"CSV export queries at 11/100/1000 measures: {counts}")
    assert counts[0] == counts[1] == counts[2], counts


# -- exports ------------------------------------------------------------------------------------------------------
def test_csv_export_opens_in_swedish_excel_and_follows_the_filter(leader_client):
    earlier = Plan.objects.get(slug="tidigare-atgarder")
    response = leader_client.get(
        reverse("measures:export", args=["csv"]), {"plan": earlier.pk, "status": "ej_genomford"}
    )
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Plan", "Åtgärd", "Typ av åtgärd"]
    assert {r[1] for r in rows[1:]} == {"Samordning av utvecklingsområden", "Former för styrning och samverkan"}
    assert ["Former för styrning och samverkan", "Samverkansmodell Pikab", "Ej genomförd"] in [
        [r[1], r[5], r[6]] for r in rows[1:]
    ]


def test_csv_export_neutralises_formulas(leader_client, people):

    services.measure_create(plan=PlanFactory(), title="=HYPERLINK(1)", responsible="KLF", by=people["process_leader"])
    rows = leader_client.get(reverse("measures:export", args=["csv"]), {"q": "HYPERLINK"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in rows


def test_xlsx_export_has_the_same_rows(leader_client):
    earlier = Plan.objects.get(slug="tidigare-atgarder")
    response = leader_client.get(reverse("measures:export", args=["xlsx"]), {"plan": earlier.pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Åtgärd"
    assert len(rows) == 1 + 19  # one row per result of the earlier plan
    assert ("Centrala beredningsgrupper", "Digitaliseringsgrupp", "Alt lösning") in [(r[1], r[5], r[6]) for r in rows]


def test_export_without_a_filter_has_every_visible_result_like_the_list(leader_client):
    response = leader_client.get(reverse("measures:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    per_measure = Measure.objects.active().annotate(n=Count("results", filter=Q(results__archived=False)))
    assert len(rows) == 1 + sum(max(1, m.n) for m in per_measure) > 20  # the measures without results have a row too
    page = leader_client.get(reverse("measures:list"))
    assert sum(c["count"] for c in page.context["counts"]) == MeasureResult.objects.active().count() > 10


def test_unknown_export_format_is_404(leader_client):
    assert leader_client.get(reverse("measures:export", args=["pdf"])).status_code == 404


# -- the earlier plan reads as in the plan ------------------------------------------------------------------------
def test_earlier_plan_reads_in_the_portal_exactly_as_the_plan_table(client, people):
    client.force_login(people["reader"])
    data = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    table = next(p for p in data["plans"] if p["slug"] == "tidigare-atgarder")
    labels = dict(ResultStatus.choices)
    expected = [
        (m["title"], m["responsible"], [(r["title"], str(labels[r["status"]])) for r in m["results"]])
        for m in table["measures"]
    ]
    plan = Plan.objects.get(slug="tidigare-atgarder")
    page = client.get(reverse("measures:list"), {"plan": plan.pk})
    shown = [
        (m.title, m.responsible, [(r.title, r.get_status_display()) for r in m.results.all()])
        for m in page.context["measures"]
    ]
    assert shown == expected
    html = page.content.decode()
    for _title, _responsible, results in expected:
        for r_title, label in results:
            assert f'<span class="result__title">{r_title.replace("&", "&amp;")}</span>' in html
            assert label in html
    for title, responsible, results in expected:
        measure = Measure.objects.get(plan=plan, title=title)
        detail = client.get(measure.get_absolute_url())
        assert [(r.title, r.get_status_display()) for r in detail.context["active_results"]] == results
        assert responsible in detail.content.decode()


# -- the measure page ---------------------------------------------------------------------------------------------
def test_measure_page_shows_description_results_frame_project_and_timeline(leader_client):
    measure = Measure.objects.get(plan__slug="plan-for-digitalisering", title="Extern digitalisering")
    page = leader_client.get(measure.get_absolute_url()).content.decode()
    assert "Digitalt först är regeringens program för digital förnyelse" in page  # its own project's text
    project = measure.frame_project
    assert f'<a href="{project.get_absolute_url()}">{project.name}</a>' in page  # linked to the project's page
    assert "Historik" in page and "Inläst från planens datafil" in page


def test_archived_measure_is_hidden_from_readers_but_restorable_by_the_leader(client, people):

    measure = MeasureFactory()
    services.measure_set_archived(measure=measure, archived=True, by=people["process_leader"])
    client.force_login(people["reader"])
    assert client.get(measure.get_absolute_url()).status_code == 404
    client.force_login(people["process_leader"])
    assert "Återställ åtgärden" in client.get(measure.get_absolute_url()).content.decode()
    assert measure.title in client.get(reverse("measures:archive")).content.decode()
    client.post(reverse("measures:archive_measure", args=[measure.pk]), {"archived": "0"})
    measure.refresh_from_db()
    assert not measure.archived


# -- status change ------------------------------------------------------------------------------------------------
def test_status_change_from_the_list_returns_to_the_list_and_shows_in_the_timeline(leader_client):
    result = earlier_result()
    back = reverse("measures:list") + "?status=ej_paborjad"
    response = leader_client.post(status_url(result), {**status_post(result), "next": back})
    assert response.status_code == 302 and response["Location"] == back
    result.refresh_from_db()
    assert result.status == "paborjat"
    page = leader_client.get(result.measure.get_absolute_url()).content.decode()
    assert "Gruppen har startat" in page
    assert "Ej påbörjad</del> → <ins>Påbörjat" in page
    assert "Pia" in page or "Test" in page  # who: the process leader's name


def test_next_pointing_elsewhere_is_ignored(leader_client):
    result = earlier_result()
    response = leader_client.post(status_url(result), {**status_post(result), "next": "https://evil.example/"})
    assert response["Location"] == result.measure.get_absolute_url()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"motivation": ""}, "Skriv en motivering"),
        ({"status": "klar"}, "Välj ett giltigt alternativ"),
        ({"motivation": "x" * 600}, "högst 500 tecken"),
        ({"status": "alt_losning"}, "Skriv varför"),
    ],
)
def test_bad_status_input_rerenders_with_a_swedish_message_and_keeps_what_was_typed(leader_client, values, message):
    result = earlier_result()
    response = leader_client.post(status_url(result), status_post(result, **values))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if values.get("motivation"):
        assert values["motivation"][:50] in html  # nothing typed is lost
    result.refresh_from_db()
    assert result.status == "ej_paborjad" and result.version == 1


def test_stale_status_change_shows_the_newer_value(client, people):
    result = earlier_result()
    client.force_login(people["admin"])
    client.post(status_url(result), status_post(result, motivation="Admin först"))
    client.force_login(people["process_leader"])
    response = client.post(status_url(result), status_post(result, status="etablerat", motivation="Jag sen"))
    assert response.status_code == 409  # an edit conflict answers the same in every app
    html = response.content.decode()
    assert 'value="Jag sen"' in html  # what the user typed is kept
    assert "Någon annan har sparat ändringar" in html
    assert "Det nya värdet" in html and "Påbörjat" in html
    assert f'name="r{result.pk}-version" value="2"' in html
    result.refresh_from_db()
    assert result.status == "paborjat"


def test_replacement_from_another_plan_is_saved_and_shows_ersatter_on_its_page(leader_client):
    result = earlier_result()
    other = Measure.objects.get(plan__slug="plan-for-digitalisering", title="Utarbeta digitaliseringsstrategi")
    response = leader_client.post(
        status_url(result), status_post(result, status="alt_losning", reason="x", replacement_measure=other.pk)
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.status, result.replacement_measure) == ("alt_losning", other)
    html = leader_client.get(other.get_absolute_url()).content.decode()
    assert escape(f"ersätter ”{result.title}” i ”{result.measure.title}”") in html


def test_archived_replacement_is_refused_by_the_form(leader_client):
    result = earlier_result()
    other = Measure.objects.get(plan__slug="plan-for-digitalisering", title="Utarbeta digitaliseringsstrategi")
    other.archived = True
    other.save()
    response = leader_client.post(
        status_url(result), status_post(result, status="alt_losning", reason="x", replacement_measure=other.pk)
    )
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    result.refresh_from_db()
    assert result.status == "ej_paborjad"


def test_result_id_forged_under_another_measure_is_not_found(leader_client):
    result = earlier_result()
    other = Measure.objects.get(plan__slug="tidigare-atgarder", title="Centralt stöd för utveckling")
    url = reverse("measures:result_status", args=[other.pk, result.pk])
    assert leader_client.post(url, status_post(result)).status_code == 404
    result.refresh_from_db()
    assert result.status == "ej_paborjad"


def test_decided_plan_says_it_is_frozen_and_offers_no_edit(leader_client):
    measure = Measure.objects.get(plan__slug="tidigare-atgarder", title="Centralt stöd för utveckling")
    page = leader_client.get(measure.get_absolute_url()).content.decode()
    assert "Planen är beslutad" in page
    assert "Ändra åtgärden" not in page
    assert "Ändra status" in page
    response = leader_client.post(
        reverse("measures:edit", args=[measure.pk]), {"title": "X", "responsible": "KLF", "version": 1}
    )
    assert response.status_code == 400 and "är beslutad" in response.content.decode()


def test_measure_edit_conflict_shows_the_newer_value(leader_client, people):

    measure = MeasureFactory(description="Gammal")
    services.measure_update(measure=measure, expected_version=1, by=people["admin"], description="Adminens text")
    response = leader_client.post(
        reverse("measures:edit", args=[measure.pk]),
        {"title": measure.title, "responsible": "KLF", "description": "Min text", "version": 1},
    )
    html = response.content.decode()
    assert response.status_code == 409  # an edit conflict answers the same in every app
    assert "Adminens text" in html and "Min text" in html
    assert "Någon annan har sparat ändringar" in html and "Det nya värdet" in html


def test_create_move_and_archive_through_the_pages(leader_client):

    plan = PlanFactory()
    for title in ("Första", "Andra"):
        response = leader_client.post(
            reverse("measures:create"), {"plan": plan.pk, "title": title, "responsible": "KLF"}
        )
        assert response.status_code == 302
    second = plan.measures.get(title="Andra")
    leader_client.post(reverse("measures:move", args=[second.pk]), {"direction": "up"})
    assert list(plan.measures.order_by("order").values_list("title", flat=True)) == ["Andra", "Första"]
    leader_client.post(reverse("measures:result_create", args=[second.pk]), {"title": "Nytt resultat"})
    result = second.results.get()
    leader_client.post(reverse("measures:result_archive", args=[second.pk, result.pk]), {"archived": "1"})
    result.refresh_from_db()
    assert result.archived
    # A decided plan is not offered for new measures.
    decided = Plan.objects.get(slug="plan-for-digitalisering")
    response = leader_client.post(reverse("measures:create"), {"plan": decided.pk, "title": "X", "responsible": "KLF"})
    assert response.status_code == 400


# -- plans ---------------------------------------------------------------------------------------------------------
def test_plan_approval_and_decision_through_the_pages(client, people):

    plan = PlanFactory()
    client.force_login(people["process_leader"])
    assert (
        client.post(
            reverse("measures:plan_state", args=[plan.pk, "godkand"]), {"comment": "", "version": 1}
        ).status_code
        == 400
    )
    client.post(reverse("measures:plan_state", args=[plan.pk, "godkand"]), {"comment": "LG 2 mars", "version": 1})
    assert client.get(reverse("measures:plan_state", args=[plan.pk, "beslutad"])).status_code == 403
    client.force_login(people["kommunchef"])
    response = client.post(
        reverse("measures:plan_state", args=[plan.pk, "beslutad"]), {"comment": "KC 10 mars", "version": 2}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == "beslutad"


def test_new_plan_version_page(leader_client, people):
    old = Plan.objects.get(slug="tidigare-atgarder")
    response = leader_client.post(reverse("measures:plan_new_version", args=[old.pk]), {"title": "Åtgärder 2027"})
    new = Plan.objects.get(title="Åtgärder 2027")
    assert response["Location"] == reverse("measures:list") + f"?plan={new.pk}"
    # While the new version is a draft the earlier plan is still followed up.
    page = leader_client.get(reverse("measures:list"), {"plan": old.pk}).content.decode()
    assert "Ändra status" in page
    detail = leader_client.get(old.measures.first().get_absolute_url()).content.decode()
    assert "Den här planen gäller och följs upp tills den nya versionen är beslutad" in detail
    decide(new, people)  # no period: in force at once
    page = leader_client.get(reverse("measures:list"), {"plan": old.pk}).content.decode()
    assert "Ändra status" not in page  # the earlier plan stays as it was
    assert "Ändra status" in leader_client.get(reverse("measures:list"), {"plan": new.pk}).content.decode()
    detail = leader_client.get(old.measures.first().get_absolute_url()).content.decode()
    assert "har ersatts av en nyare version" in detail


# -- what changed --------------------------------------------------------------------------------------------------
def test_changes_page_lists_status_changes_since_a_date_and_stale_measures(leader_client):
    result = earlier_result()
    leader_client.post(status_url(result), status_post(result))
    page = leader_client.get(reverse("measures:changes"), {"since": "2020-01-01", "days": "1"})
    changes = page.context["changes"]
    assert [(c.result, c.old, c.new, c.motivation) for c in changes] == [
        ("Ekonomi- & affärsgrupp", "ej_paborjad", "paborjat", "Gruppen har startat")
    ]
    assert page.context["stale_measures"] == []  # everything was loaded today
    page = leader_client.get(reverse("measures:changes"), {"since": "2999-01-01"})
    assert page.context["changes"] == []


def test_start_page_shows_the_changes_section_to_the_process_leader_only(client, people):
    client.force_login(people["process_leader"])
    assert "Ändrat i handlingsplanen" in client.get("/").content.decode()
    client.force_login(people["reader"])
    assert "Ändrat i handlingsplanen" not in client.get("/").content.decode()


def test_start_page_changes_section_costs_the_same_queries_whatever_the_history(client, people):
    """The process leader's "what changed" reads a bounded number of rows, however long the history grows."""
    from datetime import timedelta

    History = MeasureResult.history.model
    results = list(MeasureResult.objects.order_by("pk"))
    fields = [f.attname for f in MeasureResult._meta.concrete_fields if f.attname != "status"]
    statuses = [s.value for s in ResultStatus]
    client.force_login(people["process_leader"])
    counts, shown = [], []
    for per_result in (1, 10, 60):  # (with no change at all, the lookups of measures and people are skipped)
        now = timezone.now()
        History.objects.bulk_create(
            History(
                **{name: getattr(r, name) for name in fields},
                status=statuses[i % len(statuses)],
                history_date=now - timedelta(days=i % 40, seconds=i),
                history_type="~",
            )
            for r in results
            for i in range(per_result)
        )
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/")
        assert response.status_code == 200
        counts.append(len(captured))
        summary = response.context["changes_summary"]
        shown.append(summary["changes_count"])
        assert len(summary["changes"]) == min(summary["changes_count"], 5)  # only the five listed are made whole
    assert counts[0] == counts[1] == counts[2], counts
    assert shown[0] < shown[1] <= shown[2] <= 200
