"""dataportal.se can harvest the open data: a DCAT-AP-SE catalogue that conforms to the DCAT-AP SHACL shapes, every
distribution in it answers with its type, an XLSX opens in Excel, the CSV stays RFC 4180, and v1 is the API."""

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pyshacl import validate
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS

from measures.models import Measure, MeasureResult, Plan
from vudig.core.opendata_registry import datasets

STANDARDS = Path(__file__).resolve().parents[2].parent / "shared" / "standards" / "dcat-ap"
if not STANDARDS.is_dir():  # the worktree and CI both have ../shared beside the repository; a clone elsewhere may not
    STANDARDS = Path("/work/shared/standards/dcat-ap")
SHAPES = STANDARDS / "dcat-ap_2.1.1_shacl_shapes.ttl"
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX,
}


def conforms(graph: Graph) -> tuple[bool, str]:
    ok, _graph, text = validate(graph, shacl_graph=str(SHAPES))
    return ok, text


def catalogue(client, ext="ttl") -> Graph:
    response = client.get(f"/open-data/catalog.{ext}")
    assert response.status_code == 200
    fmt = {"ttl": "turtle", "jsonld": "json-ld"}[ext]
    assert response["Content-Type"] == {"ttl": "text/turtle; charset=utf-8", "jsonld": "application/ld+json"}[ext]
    return Graph().parse(data=response.content.decode("utf-8"), format=fmt)


@pytest.mark.parametrize("example", ["dcat-ap-se_exempel_obligatoriskt.ttl", "dcat-ap-se_exempel_rekommenderat.ttl"])
def test_diggs_examples_conform_so_the_shapes_are_read_right(example):
    assert conforms(Graph().parse(STANDARDS / example))[0]


def test_the_shapes_refuse_a_catalogue_without_publisher_so_the_check_can_fail(client, plan):
    graph = catalogue(client)
    catalog = next(graph.subjects(RDF.type, DCAT.Catalog))
    graph.remove((catalog, DCTERMS.publisher, None))
    ok, text = conforms(graph)
    assert not ok and "publisher" in text


@pytest.mark.parametrize("ext", ["ttl", "jsonld"])
def test_the_catalogue_conforms_to_the_dcat_ap_shapes(client, plan, ext):
    ok, text = conforms(catalogue(client, ext))
    assert ok, text


def test_one_dataset_per_registered_dataset_with_licence_publisher_contact_theme_and_modified(client, plan):
    graph = catalogue(client)
    nodes = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert {str(graph.value(n, DCTERMS.identifier)) for n in nodes} == {d.name for d in datasets()}
    for node in nodes:
        assert graph.value(node, DCTERMS.publisher) is not None
        assert graph.value(node, DCAT.contactPoint) is not None
        assert str(graph.value(node, DCAT.theme)).startswith("http://publications.europa.eu/resource/authority/")
        assert graph.value(node, DCTERMS.conformsTo) is not None  # the data dictionary
        for distribution in graph.objects(node, DCAT.distribution):
            assert graph.value(distribution, DCTERMS.license) == CC0
    measures = next(n for n in nodes if str(graph.value(n, DCTERMS.identifier)) == "measures")
    assert graph.value(measures, DCTERMS.modified) is not None
    assert len(list(graph.objects(measures, DCAT.distribution))) == 3


@override_settings(VUDIG_OPENDATA_LICENSE="https://creativecommons.org/licenses/by/4.0/")
def test_the_licence_is_configurable(client, plan):
    graph = catalogue(client)
    assert set(graph.objects(None, DCTERMS.license)) == {URIRef("https://creativecommons.org/licenses/by/4.0/")}


def test_last_modified_follows_the_data(client, plan):
    def measures_modified():
        graph = catalogue(client)
        node = next(
            n for n in graph.subjects(RDF.type, DCAT.Dataset) if str(graph.value(n, DCTERMS.identifier)) == "measures"
        )
        return graph.value(node, DCTERMS.modified).toPython()

    loaded = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    for model in (Plan, Measure, MeasureResult):  # as if the plan was loaded on 15 January
        model.history.update(history_date=loaded)
    before = measures_modified()
    assert before == loaded
    measure = Measure.objects.first()
    measure.description += " Ändrad."
    measure.save()
    after = measures_modified()
    assert after > before
    assert measure.history.latest().history_date.replace(microsecond=0) == after.replace(microsecond=0)


def test_every_distribution_url_answers_200_with_its_type(client, plan):
    graph = catalogue(client)
    urls = [str(u) for u in graph.objects(None, DCAT.downloadURL)]
    assert len(urls) == 3 * len(datasets())
    for url in urls:
        assert url.startswith("http://testserver/open-data/v1/")
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, url
        assert response["Content-Type"] == CONTENT_TYPES[url.rsplit(".", 1)[1]], url
    for schema in set(graph.objects(None, DCTERMS.conformsTo)):
        response = client.get(str(schema).removeprefix("http://testserver"))
        assert response.status_code == 200 and response["Content-Type"] == "application/json"


def test_the_data_dictionary_names_every_field_with_type_and_meaning(client, plan):
    schema = json.loads(client.get("/open-data/v1/measures.schema.json").content)
    by_name = {f["name"]: f for f in schema["fields"]}
    assert by_name["id"]["type"] == "integer" and by_name["overdue"]["type"] == "boolean"
    assert by_name["results"]["type"] == "array" and by_name["title"]["type"] == "string"
    assert all(f["description"] for f in schema["fields"])
    html = client.get("/open-data/").content.decode()
    assert "Datadictionary för Åtgärder och resultat" in html
    assert re.search(r"<td\b[^>]*>boolean</td>", html) and "CC0 1.0 Universell" in html  # cells carry data-label
    assert "minst 12 månader" in html  # the retention promise for an old API version
    assert "/open-data/catalog.ttl" in html and "Senast ändrad" in html


def test_xlsx_opens_with_the_csv_table_and_a_sheet_of_fields(client, plan):
    response = client.get("/open-data/v1/measures.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    table, fields = workbook.worksheets
    header = [c.value for c in table[1]]
    csv_rows = list(csv.reader(io.StringIO(client.get("/open-data/v1/measures.csv").content.decode())))
    assert header == csv_rows[0]
    assert table.max_row == len(csv_rows)
    assert [c.value for c in fields[1]] == ["Fält", "Typ", "Beskrivning"]
    assert "Centrala beredningsgrupper" in {row[1] for row in table.iter_rows(min_row=2, values_only=True)}


def test_xlsx_keeps_a_text_that_looks_like_a_formula_as_text(client, plan):
    measure = Measure.objects.first()
    measure.title = "=HYPERLINK(1)"
    measure.save()
    sheet = load_workbook(io.BytesIO(client.get("/open-data/v1/measures.xlsx").content)).worksheets[0]
    cell = next(c for row in sheet.iter_rows(min_row=2) for c in row if c.value == "'=HYPERLINK(1)")
    assert cell.data_type == "s"  # neutralised as in the CSVs (vudig.core.tabular): opens as text, never runs


def test_csv_stays_rfc_4180_comma_utf8_crlf_without_bom(client, plan):
    content = client.get("/open-data/v1/organisations.csv").content
    assert not content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8")
    assert text.split("\r\n")[0] == "name,short_name,slug,kind,kind_label"
    assert "Piteå port & hub" in text


@pytest.mark.parametrize("ext", ["json", "csv", "xlsx"])
def test_the_unversioned_urls_are_aliases_of_v1(client, plan, ext):
    old, new = client.get(f"/open-data/forums.{ext}"), client.get(f"/open-data/v1/forums.{ext}")
    assert old.status_code == new.status_code == 200
    assert old["Content-Type"] == new["Content-Type"]
    if ext != "xlsx":  # a workbook carries its creation time
        assert old.content == new.content


def test_unknown_dataset_is_a_404_in_every_format(client, plan):
    for ext in ("json", "csv", "xlsx", "schema.json"):
        assert client.get(f"/open-data/v1/finns-inte.{ext}").status_code == 404


def test_catalogue_and_index_cost_the_same_queries_at_two_data_sizes(client, plan):
    # One aggregate per source model of each dataset, whatever the number of rows.
    counts = []
    for more in (0, 40):
        measure = Measure.objects.first()
        for i in range(more):
            Measure.objects.create(plan=measure.plan, title=f"Extra {i}", responsible="Alla")
        with CaptureQueriesContext(connection) as ttl:
            client.get("/open-data/catalog.ttl")
        with CaptureQueriesContext(connection) as index:
            client.get("/open-data/")
        counts.append((len(ttl), len(index)))
    assert counts[0] == counts[1]


def test_xlsx_sheet_names_survive_characters_excel_refuses():
    from openpyxl import load_workbook as load

    from vudig.core.opendata_views import xlsx_bytes

    workbook = load(io.BytesIO(xlsx_bytes(sheets=[("Mål/syfte: [a]?", ("a",), [["x"]])])))
    assert workbook.sheetnames == ["Mål-syfte- -a--"]
