"""The form's planned-improvement rows without JavaScript: several per area, "Lägg till förbättring" keeps what was
typed, "Ta bort" removes one, bad rows are refused in Swedish with nothing saved; the results page shows them all
with a constant number of queries."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maturity.constants import MAX_IMPROVEMENTS, AssessmentStatus
from maturity.models import AreaAssessment, Assessment, PlannedImprovement

from .conftest import form_data, improvement_rows

DUE = "2027-06-30"


def edit_url(round, org):
    return reverse("maturity:edit", args=[round.year, org.slug])


def detail_url(round, org):
    return reverse("maturity:assessment", args=[round.year, org.slug])


def _post(client, round, org, areas, *rows, slug="kompetens", version=None, **extra):
    return client.post(
        edit_url(round, org), form_data(areas, version=version) | improvement_rows(slug, *rows) | extra
    )  # fmt: skip


def _texts():
    return list(PlannedImprovement.objects.values_list("text", flat=True))


def test_the_form_shows_each_stored_improvement_plus_one_empty_row(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    page = client.get(edit_url(open_round, org)).content.decode()
    assert 'name="kompetens-improvements-count" value="1"' in page
    assert 'name="kompetens-improvements-0-text"' in page and "kompetens-improvements-0-delete" not in page
    assert "Lägg till förbättring för Kompetens" in page

    _post(
        client, open_round, org, areas,
        {"text": "Kartlägga", "owner": "HR-chef", "due": DUE}, {"text": "Utbilda", "owner": "Socialchef", "due": DUE},
        {}, save="1",
    )  # fmt: skip
    page = client.get(edit_url(open_round, org)).content.decode()
    assert 'name="kompetens-improvements-count" value="3"' in page
    assert "Kartlägga" in page and "Utbilda" in page and "Socialchef" in page
    assert "Ta bort förbättring 1" in page and "Ta bort förbättring 2" in page and "Ta bort förbättring 3" not in page
    assert 'name="samverkan-improvements-count" value="1"' in page


def test_enter_in_a_field_saves_the_draft_rather_than_adding_a_row(client, open_round, org, areas, people):
    # Implicit submission (Enter in a text field) uses the form's first submit button.
    client.force_login(people["manager"])
    page = client.get(edit_url(open_round, org)).content.decode()
    form = page[page.index('<form method="post" novalidate class="assessment-form">') :]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'name="save"' in first_button and 'tabindex="-1"' in first_button


def test_add_row_keeps_everything_typed_and_saves_nothing(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    response = _post(
        client, open_round, org, areas,
        {"text": "Kartlägga kompetens", "owner": "HR-chef", "due": DUE},
        add_improvement="kompetens", **{"utveckling-motivation": "Min egen text", "utveckling-level": "4"},
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert not Assessment.objects.exists()
    assert 'name="kompetens-improvements-count" value="2"' in page
    assert "Kartlägga kompetens" in page and 'value="HR-chef"' in page and f'value="{DUE}"' in page
    assert "Min egen text" in page
    assert re.search(r'<input[^>]*value="4"[^>]*name="utveckling-level"[^>]*checked', page) or re.search(
        r'<input[^>]*name="utveckling-level"[^>]*value="4"[^>]*checked', page
    )
    # The new, empty second row has the focus; no error is shown for a form not yet sent.
    assert re.search(r'<textarea[^>]*name="kompetens-improvements-1-text"[^>]*autofocus', page) or re.search(
        r'<textarea[^>]*autofocus[^>]*name="kompetens-improvements-1-text"', page
    )
    assert "Något behöver rättas" not in page

    # Saving the page as it came back stores the typed row; the empty new one is ignored.
    data = form_data(areas) | improvement_rows(
        "kompetens", {"text": "Kartlägga kompetens", "owner": "HR-chef", "due": DUE}, {}
    )
    assert client.post(edit_url(open_round, org), data | {"save": "1"}).status_code == 302
    assert _texts() == ["Kartlägga kompetens"]


def test_add_row_stops_at_the_maximum(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    rows = [{"text": f"F {i}", "owner": "HR", "due": DUE} for i in range(MAX_IMPROVEMENTS + 1)]
    response = _post(client, open_round, org, areas, *rows, add_improvement="kompetens")
    page = response.content.decode()
    assert f'name="kompetens-improvements-count" value="{MAX_IMPROVEMENTS + 1}"' in page
    assert f"Högst {MAX_IMPROVEMENTS} planerade förbättringar per område." in page


def test_two_rows_saved_and_shown_on_the_results_page(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    response = _post(
        client, open_round, org, areas,
        {"text": "Kartlägga", "owner": "HR-chef", "due": DUE}, {"text": "Utbilda", "owner": "Socialchef",
                                                                 "due": "2027-12-31"},
        submit="1",
    )  # fmt: skip
    assert response.status_code == 302
    assert Assessment.objects.get().status == AssessmentStatus.INLAMNAD
    client.force_login(people["kommunchef"])
    page = client.get(detail_url(open_round, org)).content.decode()
    assert "Kartlägga" in page and "HR-chef" in page and DUE in page
    assert "Utbilda" in page and "Socialchef" in page and "2027-12-31" in page


def test_row_with_text_but_no_owner_or_date_is_refused_on_submit(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    response = _post(client, open_round, org, areas, {"text": "Kartlägga kompetens"}, submit="1")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ange vem som är ansvarig för förbättring 1 för Kompetens innan du lämnar in." in page
    assert "Ange när förbättring 1 för Kompetens ska vara klar innan du lämnar in." in page
    assert "Kartlägga kompetens" in page  # nothing typed is lost
    # The refused submission still saved the draft, with the row, and the page now carries the row's id and the new
    # version, so fixing and submitting updates that row rather than adding a second one.
    assert "Utkastet är sparat men inte inlämnat" in page
    assert Assessment.objects.get().status == AssessmentStatus.UTKAST
    stored = PlannedImprovement.objects.get()
    assert stored.text == "Kartlägga kompetens"
    assert f'name="kompetens-improvements-0-id" value="{stored.pk}"' in page
    version = Assessment.objects.get().version
    assert f'name="version" value="{version}"' in page
    response = _post(
        client, open_round, org, areas, {"id": stored.pk, "text": "Kartlägga kompetens", "owner": "HR", "due": DUE},
        submit="1", version=version,
    )  # fmt: skip
    assert response.status_code == 302
    assert Assessment.objects.get().status == AssessmentStatus.INLAMNAD
    assert list(PlannedImprovement.objects.values_list("text", "owner")) == [("Kartlägga kompetens", "HR")]


def test_a_bad_date_is_refused_in_swedish_with_nothing_saved(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    response = _post(
        client, open_round, org, areas, {"text": "Kartlägga", "owner": "HR", "due": "31/12"}, save="1"
    )  # fmt: skip
    assert response.status_code == 200
    assert "Ange ett datum som ÅÅÅÅ-MM-DD." in response.content.decode()
    assert not Assessment.objects.exists()


def test_ta_bort_removes_one_row_and_keeps_the_other(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    _post(
        client, open_round, org, areas,
        {"text": "Kartlägga", "owner": "HR-chef", "due": DUE}, {"text": "Utbilda", "owner": "Socialchef", "due": DUE},
        save="1",
    )  # fmt: skip
    assessment = Assessment.objects.get()
    first, second = PlannedImprovement.objects.order_by("order")
    response = _post(
        client, open_round, org, areas,
        {"id": first.pk, "text": "Kartlägga", "owner": "HR-chef", "due": "fel datum", "delete": True},
        {"id": second.pk, "text": "Utbilda", "owner": "Socialchef", "due": DUE},
        version=assessment.version, save="1",
    )  # fmt: skip
    assert response.status_code == 302  # a bad date in a row being removed does not stop the save
    assert _texts() == ["Utbilda"]
    client.force_login(people["process_leader"])
    page = client.get(detail_url(open_round, org)).content.decode()
    assert "Förbättringen togs bort" in page  # the timeline says who removed it
    assert "Kompetens: planerad förbättring" in page


def test_a_stale_form_saves_no_improvement(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    _post(client, open_round, org, areas, {"text": "Kartlägga", "owner": "HR", "due": DUE}, save="1")
    assessment = Assessment.objects.get()
    stale = assessment.version
    _post(client, open_round, org, areas, {"text": "Annan flik", "owner": "HR", "due": DUE}, version=stale, save="1")
    response = _post(
        client, open_round, org, areas, {"text": "Gammal flik", "owner": "HR", "due": DUE}, version=stale, save="1"
    )
    assert response.status_code == 409  # an edit conflict answers the same in every app
    assert "Gammal flik" in response.content.decode()  # kept on the page to copy
    assert "Någon annan har sparat ändringar" in response.content.decode()
    assert sorted(_texts()) == ["Annan flik", "Kartlägga"]


def test_open_data_has_no_improvements(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    _post(client, open_round, org, areas, {"text": "Hemlig plan", "owner": "Hemlig ägare", "due": DUE}, submit="1")
    Assessment.objects.update(status=AssessmentStatus.FASTSTALLD)
    client.logout()
    json_body = client.get("/open-data/maturity.json").content.decode()
    csv_body = client.get("/open-data/maturity.csv").content.decode()
    assert len(list(csv.DictReader(io.StringIO(csv_body.lstrip("\ufeff"))))) == 5
    for body in (json_body, csv_body):
        assert "Hemlig" not in body and DUE not in body


def _fill_improvements(assessment, per_area: int) -> None:
    for row in assessment.areas.all():
        PlannedImprovement.objects.bulk_create(  # test data only: history is not under test here
            [
                PlannedImprovement(
                    area_assessment=row, text=f"Steg-{i}-plan", owner="HR", due=datetime.date(2027, 1, 1), order=i
                )
                for i in range(per_area)
            ]
        )


@pytest.mark.parametrize("url", [detail_url, edit_url])
def test_results_and_form_pages_run_constant_queries_whatever_the_number_of_improvements(
    client, open_round, org, areas, people, url
):
    client.force_login(people["manager"])
    _post(client, open_round, org, areas, save="1")
    assessment = Assessment.objects.get()
    counts = {}
    for per_area in (1, 5, 15):
        PlannedImprovement.objects.all().delete()
        _fill_improvements(assessment, per_area)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url(open_round, org))
        assert response.status_code == 200
        assert response.content.decode().count("Steg-0-plan") == 5  # every area shows its rows
        counts[per_area] = len(ctx)
    assert counts[1] == counts[5] == counts[15], counts
    if url is edit_url:
        # session, user, roles, the header's unread notices (4); round, organisation (2); the assessment with its area rows, their measures,
        # projects and planned improvements (5); the areas (1); the process leader's targets for its kind (1); the
        # respondents' counts (1; their answers only once three have answered); the previous round (1; last year's
        # improvements take one more when there is one).
        assert counts[1] == 15
    print(f"\n{url.__name__} queries with 1, 5, 15 improvements per area: {counts}")


def test_improvement_rows_reach_only_the_areas_in_the_assessment(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    _post(client, open_round, org, areas, {"text": "K", "owner": "HR", "due": DUE}, save="1")
    assert PlannedImprovement.objects.get().area_assessment == AreaAssessment.objects.get(area__slug="kompetens")
