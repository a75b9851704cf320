"""One neutralising writer for every CSV and XLSX: formula-like text opens as text, in exports and open data."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from measures import services
from measures.constants import PlanState
from measures.models import Plan
from tests.measures.factories import PlanFactory
from vudig.core.tabular import CsvWriter, neutralise, xlsx_bytes

ATTACKS = ['=HYPERLINK("http://evil","x")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("value", ATTACKS)
def test_formula_like_text_gets_a_leading_apostrophe(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Enkelt och öppet", "", "a=b", "2026-01-01", 5, -5, 1.5, None])
def test_other_values_are_left_as_they_are(value):
    assert neutralise(value) == value


def test_csv_and_xlsx_writers_neutralise_every_cell():
    buffer = io.StringIO()
    CsvWriter(buffer, delimiter=";").writerow(["ok", "=1+1", 7])
    assert next(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";")) == ["ok", "'=1+1", "7"]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(title="T", header=["h"], rows=[["=1+1"], ["@x"]]))).active
    assert [c.value for c in sheet["A"]] == ["h", "'=1+1", "'@x"]
    assert all(c.data_type == "s" for c in sheet["A"])  # text, never a formula


def test_open_data_csv_neutralises_what_the_export_does(client, people):
    plan = PlanFactory()
    for title in ATTACKS[:3]:
        services.measure_create(plan=plan, title=title, responsible="=KLF", by=people["process_leader"])
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.BESLUTAD)  # open data holds decided plans only
    text = client.get(reverse("opendata:csv", args=["measures"])).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = [v for row in rows for v in row.values() if isinstance(v, str)]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    titles = {row["title"] for row in rows}
    assert {"'" + t for t in ATTACKS[:3]} <= titles
    page = client.get(reverse("opendata:index")).content.decode()
    assert "inledande apostrof" in page


def test_the_measure_xlsx_export_holds_no_formula(client, people):
    client.force_login(people["process_leader"])
    services.measure_create(
        plan=PlanFactory(), title="=cmd|' /C calc'!A0", responsible="KLF", by=people["process_leader"]
    )
    response = client.get(reverse("measures:export", args=["xlsx"]), {"q": "cmd"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "'=cmd|' /C calc'!A0" and sheet["B2"].data_type == "s"
