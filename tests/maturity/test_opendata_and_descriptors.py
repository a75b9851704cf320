"""Open data lists fastställda levels only and no people; the default descriptors are complete."""

import csv
import io

import pytest
from django.urls import reverse

from maturity.constants import LEVELS, AssessmentStatus
from maturity.descriptors import DescriptorDataError, default_descriptors, descriptor_table
from maturity.models import AreaAssessment, Assessment
from maturity.selectors import capability_areas_with_descriptors


def _assessment(round, org, areas, status, level):
    a = Assessment.objects.create(round=round, organisation=org, status=status)
    for area in areas:
        AreaAssessment.objects.create(assessment=a, area=area, level=level, motivation="Hemlig motivering")
    return a


def test_maturity_open_data_has_only_established_levels(client, open_round, org, other_org, areas, people):
    _assessment(open_round, org, areas, AssessmentStatus.FASTSTALLD, 4)
    _assessment(open_round, other_org, areas, AssessmentStatus.INLAMNAD, 2)
    data = client.get("/open-data/maturity.json").json()
    assert len(data) == 5
    assert data[0] == {"organisation": "Socialtjänst", "year": open_round.year, "area": "Ledning/styrning", "level": 4}
    assert all(row["organisation"] == "Socialtjänst" for row in data)
    body = client.get("/open-data/maturity.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 5 and set(rows[0]) == {"organisation", "year", "area", "level"}
    assert "Hemlig" not in body and people["manager"].username not in body


def test_open_data_is_listed_on_the_index(client, plan):
    assert "maturity.json" in client.get(reverse("opendata:index")).content.decode()


def test_default_descriptors_cover_every_area_and_level(plan, areas):
    defaults = default_descriptors()
    assert set(defaults) == {a.slug for a in areas}
    table = descriptor_table(capability_areas_with_descriptors())
    assert all(len(row["levels"]) == len(LEVELS) and all(item["text"] for item in row["levels"]) for row in table)


def test_broken_descriptor_file_is_named(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("utveckling:\n  1: a\n  2: b\n", encoding="utf-8")
    with pytest.raises(DescriptorDataError, match="nivåerna 1–5"):
        default_descriptors.__wrapped__(path)
