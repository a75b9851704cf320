"""The public reads the plan as open data: JSON arrays and UTF-8 CSV, no login, no personal data."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures.models import Measure, MeasureResult, Plan
from tests.factories import UserFactory
from vudig.core.opendata import organisation_records
from vudig.core.selectors import organisation_list

DATASETS = ["organisations", "measures", "projects", "steering-groups", "forums", "capability-areas"]
STATUS_SLUGS = {"etablerat", "paborjat", "ej_paborjad", "framtagen", "avslutad", "ej_genomford", "alt_losning"}


def get_json(client, name):
    response = client.get(f"/open-data/{name}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def get_csv(client, name):
    response = client.get(f"/open-data/{name}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_index_lists_every_dataset_and_its_fields_without_login(client, plan):
    response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in DATASETS:
        for ext in ("json", "csv", "xlsx"):
            assert f"/open-data/v1/{name}.{ext}" in html
    assert "<code>steering_group</code>" in html


@pytest.mark.parametrize("name", DATASETS)
def test_each_dataset_is_served_as_json_array_and_csv_with_header(client, plan, name):
    records = get_json(client, name)
    assert isinstance(records, list) and records and all(isinstance(r, dict) for r in records)
    rows = get_csv(client, name)
    expected_columns = {"title", "result_title", "result_status"} if name == "measures" else {"name"}
    assert rows and expected_columns <= set(rows[0])
    if name != "measures":
        assert len(rows) == len(records)


def test_measures_carry_plan_responsible_and_results_with_stable_status_slugs(client, plan):
    measures = get_json(client, "measures")
    assert len(measures) == 19
    by_title = {m["title"]: m for m in measures}
    groups = by_title["Centrala beredningsgrupper"]
    assert groups["responsible"] == "KLF"
    assert groups["plan"] == "tidigare-atgarder"
    assert groups["results"] == [
        {"title": "Informationssäkerhetsgrupp", "status": "etablerat", "status_label": "Etablerat"},
        {"title": "Digitaliseringsgrupp", "status": "alt_losning", "status_label": "Alt lösning"},
        {"title": "Ekonomi- & affärsgrupp", "status": "ej_paborjad", "status_label": "Ej påbörjad"},
    ]
    assert {r["status"] for m in measures for r in m["results"]} <= STATUS_SLUGS
    assert by_title["Extern digitalisering"]["category"] == "effect"


def test_measures_csv_has_one_row_per_result_and_keeps_measures_without_results(client, plan):
    all_rows = get_csv(client, "measures")
    rows = [r for r in all_rows if not r["organisation"]]
    result_rows = [r for r in rows if r["result_title"]]
    assert len(result_rows) == 19
    # Then a row per organisation's part: 3 (Alla) results × 13 förvaltningar and bolag.
    assert len([r for r in all_rows if r["organisation"]]) == 39
    empty = [r for r in rows if not r["result_title"]]
    assert len(empty) == 11  # the current plan's measures have no results yet
    row = next(r for r in rows if r["result_title"] == "Förslag utvecklingsteam")
    assert row["title"] == "Samordning av utvecklingsområden" and row["result_status"] == "ej_genomford"
    assert "Piteå port & hub" in {r["name"] for r in get_csv(client, "organisations")}  # UTF-8 survives


def test_projects_name_their_steering_group_and_steering_groups_their_motto(client, plan):
    projects = {p["name"]: p for p in get_json(client, "projects")}
    assert projects["Införande av systemförvaltning"]["steering_group"] == "Intern digitalisering"
    groups = {g["name"]: g for g in get_json(client, "steering-groups")}
    assert groups["IT-miljö och infrastruktur"]["motto"] == "Uppkopplat & tillgängligt"


def test_archived_measures_and_results_are_not_published(client, plan):
    Measure.objects.filter(title="Centralt stöd för utveckling").update(archived=True)
    MeasureResult.objects.filter(title="Digitaliseringsgrupp").update(archived=True)
    titles = {m["title"]: m for m in get_json(client, "measures")}
    assert "Centralt stöd för utveckling" not in titles
    assert [r["title"] for r in titles["Centrala beredningsgrupper"]["results"]] == [
        "Informationssäkerhetsgrupp",
        "Ekonomi- & affärsgrupp",
    ]


def test_no_personal_data_in_any_dataset(client, plan):
    UserFactory(username="hemlig.person", first_name="Hemlig", email="hemlig@example.invalid")
    for name in DATASETS:
        body = client.get(f"/open-data/{name}.json").content.decode()
        assert "hemlig" not in body.lower()


def test_unknown_dataset_is_404(client, plan):
    assert client.get("/open-data/finns-inte.json").status_code == 404
    assert client.get("/open-data/finns-inte.csv").status_code == 404


def _grow_measures(n):
    plan = Plan.objects.get(slug="tidigare-atgarder")
    for i in range(n):
        measure = Measure.objects.create(plan=plan, title=f"Extra åtgärd {i}", responsible="Alla", order=100 + i)
        MeasureResult.objects.create(measure=measure, title="Resultat", status="paborjat")


@pytest.mark.parametrize("name", ["measures", "projects", "organisations"])
def test_open_data_query_count_does_not_grow_with_data(client, plan, name):

    with CaptureQueriesContext(connection) as small:
        client.get(f"/open-data/{name}.json")
    _grow_measures(40)
    with CaptureQueriesContext(connection) as large:
        client.get(f"/open-data/{name}.json")
    # measures: one for measures with plan and organisation joined, one each for their results, indicators with their
    # outcomes, and organisation parts.
    assert len(large.captured_queries) == len(small.captured_queries) <= 4


def test_organisation_records_equal_the_models_view_in_one_query(plan):

    expected = [
        {"name": o.name, "short_name": o.short_name, "slug": o.slug, "kind": o.kind, "kind_label": o.get_kind_display()}
        for o in organisation_list()
    ]
    with CaptureQueriesContext(connection) as queries:
        records = organisation_records()
    assert len(queries) == 1
    assert records == expected and len(records) >= 20
    assert {r["kind_label"] for r in records} >= {"Förvaltning", "Bolag"}
