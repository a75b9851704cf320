"""The pages: who may open them, what the form does with good and bad input, and the review buttons."""

import pytest
from django.urls import reverse

from maturity.constants import AssessmentStatus, RoundStatus
from maturity.models import AreaAssessment, Assessment, AssessmentRound, LevelDescriptor
from measures.models import Measure

from .conftest import form_data


def edit_url(round, org):
    return reverse("maturity:edit", args=[round.year, org.slug])


def detail_url(round, org):
    return reverse("maturity:assessment", args=[round.year, org.slug])


def test_manager_of_another_organisation_gets_403_on_the_form(client, open_round, org, areas, people):
    client.force_login(people["manager_other_org"])
    assert client.get(edit_url(open_round, org)).status_code == 403
    response = client.post(edit_url(open_round, org), form_data(areas) | {"submit": "1"})
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_anonymous_is_sent_to_login(client, open_round, org):
    response = client.get(edit_url(open_round, org))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_stodfunktion_is_not_assessed(client, open_round, people):
    client.force_login(people["process_leader"])
    assert client.get(reverse("maturity:edit", args=[open_round.year, "it"])).status_code == 404


def test_manager_saves_draft_then_submits(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    page = client.get(edit_url(open_round, org)).content.decode()
    assert 'type="radio"' in page and "1 – " in page  # radio groups with descriptors
    data = form_data(areas, level=2) | {"save": "1"}
    data["kompetens-level"] = ""
    response = client.post(edit_url(open_round, org), data)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.status == AssessmentStatus.UTKAST
    assert AreaAssessment.objects.get(assessment=assessment, area__slug="kompetens").level is None

    response = client.post(
        edit_url(open_round, org), form_data(areas, level=3, version=assessment.version) | {"submit": "1"}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.INLAMNAD


def test_level_outside_1_to_5_rerenders_with_swedish_error_and_keeps_input(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    data = form_data(areas) | {"utveckling-level": "7", "save": "1", "utveckling-motivation": "Min text"}
    response = client.post(edit_url(open_round, org), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Välj en nivå mellan 1 och 5." in content
    assert "Min text" in content
    assert not Assessment.objects.exists()


def test_submitting_with_an_area_missing_names_the_area(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    data = form_data(areas) | {"submit": "1", "samverkan-level": "", "samverkan-motivation": ""}
    response = client.post(edit_url(open_round, org), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Välj en nivå för Samverkan innan du lämnar in." in content
    assert "Skriv en motivering för Samverkan innan du lämnar in." in content
    # The draft is saved (nothing typed is lost on a reload) and the error summary takes the focus.
    assert Assessment.objects.get().status == AssessmentStatus.UTKAST
    assert AreaAssessment.objects.filter(level=3).count() == 4
    assert 'class="error-summary"' in content and "autofocus" in content.split('class="error-summary"')[1][:200]
    reloaded = client.get(edit_url(open_round, org)).content.decode()
    assert "Motivering Ledning/styrning" in reloaded


def test_editing_after_submission_shows_locked_page_and_refuses_post(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    client.post(edit_url(open_round, org), form_data(areas) | {"submit": "1"})
    assessment = Assessment.objects.get()
    page = client.get(edit_url(open_round, org)).content.decode()
    assert "inlämnad och kan inte ändras" in page and 'type="radio"' not in page
    response = client.post(
        edit_url(open_round, org), form_data(areas, level=1, version=assessment.version) | {"save": "1"}
    )
    assert response.status_code == 200
    assert "inlämnad och kan inte ändras" in response.content.decode()
    assert set(AreaAssessment.objects.values_list("level", flat=True)) == {3}


def test_closed_round_refuses_the_form(client, open_round, org, areas, people):
    AssessmentRound.objects.filter(pk=open_round.pk).update(status=RoundStatus.STANGD)
    client.force_login(people["manager"])
    response = client.post(edit_url(open_round, org), form_data(areas) | {"save": "1"})
    assert response.status_code == 200
    assert "inte öppen" in response.content.decode()
    assert not Assessment.objects.exists()


def test_draft_is_hidden_from_kommunchef_and_other_managers(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    client.post(edit_url(open_round, org), form_data(areas) | {"save": "1"})
    for who in ["kommunchef", "manager_other_org", "reader"]:
        client.force_login(people[who])
        content = client.get(detail_url(open_round, org)).content.decode()
        assert "Motivering Ledning/styrning" not in content, who
    client.force_login(people["process_leader"])
    assert "Motivering Ledning/styrning" in client.get(detail_url(open_round, org)).content.decode()


def test_submitted_assessment_is_read_by_kommunchef(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    client.post(edit_url(open_round, org), form_data(areas) | {"submit": "1"})
    client.force_login(people["kommunchef"])
    content = client.get(detail_url(open_round, org)).content.decode()
    assert "Motivering Ledning/styrning" in content and "<svg" in content
    assert "Skicka tillbaka" not in content  # only the process leader reviews


def test_process_leader_returns_with_comment_and_manager_sees_it(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    client.post(edit_url(open_round, org), form_data(areas) | {"submit": "1"})
    assessment = Assessment.objects.get()
    client.force_login(people["process_leader"])
    review_url = reverse("maturity:review", args=[open_round.year, org.slug])
    response = client.post(review_url, {"action": "return", "comment": "", "version": assessment.version})
    assert response.status_code == 200  # the page again, the reason in the error summary that takes the focus
    page = response.content.decode()
    assert 'class="error-summary"' in page and "Skriv vad chefen behöver ändra" in page
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.INLAMNAD  # a return needs a comment
    response = client.post(
        review_url, {"action": "return", "comment": "Lägg till underlag.", "version": assessment.version}, follow=True
    )
    assert "Självskattningen är tillbakaskickad till chefen" in response.content.decode()
    assert "Granskningen är sparad" not in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.UTKAST
    client.force_login(people["manager"])
    assert "Lägg till underlag." in client.get(edit_url(open_round, org)).content.decode()
    client.force_login(people["manager"])
    assert (
        client.post(review_url, {"action": "review", "comment": "", "version": assessment.version}).status_code == 403
    )


def test_round_status_changes_through_the_overview(client, open_round, people):
    client.force_login(people["process_leader"])
    url = reverse("maturity:round_status", args=[open_round.year])
    client.post(url, {"status": "stangd", "version": open_round.version, "confirm": "1"})
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.STANGD
    response = client.post(url, {"status": "oppen", "version": open_round.version, "reason": ""}, follow=True)
    assert "Ange varför" in response.content.decode()
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.STANGD
    client.force_login(people["manager"])
    assert client.post(url, {"status": "oppen", "version": open_round.version, "reason": "x"}).status_code == 403


def test_round_create_form(client, plan, people):
    client.force_login(people["process_leader"])
    url = reverse("maturity:round_create")
    response = client.post(url, {"year": "2031", "opens_on": "2031-03-01", "closes_on": "2031-02-01"})
    assert response.status_code == 200 and "stänga efter" in response.content.decode()
    response = client.post(url, {"year": "2031", "opens_on": "2031-01-10", "closes_on": "2031-02-01"})
    assert response.status_code == 302
    assert AssessmentRound.objects.get(year=2031).status == RoundStatus.PLANERAD
    client.force_login(people["manager"])
    assert client.get(url).status_code == 403


def test_descriptor_edit(client, plan, areas, people):
    url = reverse("maturity:descriptor_edit", args=["kompetens", 3])
    client.force_login(people["manager"])
    assert client.get(url).status_code == 403
    client.force_login(people["process_leader"])
    assert "kompetens" in client.get(url).content.decode().lower()
    assert client.post(url, {"text": "  "}).status_code == 200
    assert client.post(url, {"text": "Ny nivå 3"}).status_code == 302
    assert LevelDescriptor.objects.get(area__slug="kompetens", level=3).text == "Ny nivå 3"
    assert client.get(reverse("maturity:descriptor_edit", args=["kompetens", 9])).status_code == 404


@pytest.mark.parametrize("level", [1, 2])
def test_gap_links_page(client, open_round, org, areas, people, level):

    client.force_login(people["manager"])
    client.post(edit_url(open_round, org), form_data(areas, level=level) | {"submit": "1"})
    url = reverse("maturity:gap_links", args=[open_round.year, org.slug, "kompetens"])
    measure = Measure.objects.first()
    assert client.post(url, {"measures": [measure.pk]}).status_code == 302
    content = client.get(detail_url(open_round, org)).content.decode()
    assert measure.title in content and "Gap" in content
    client.force_login(people["manager_other_org"])
    assert client.get(url).status_code == 403


def test_a_draft_saved_from_a_stale_page_is_refused_with_the_newer_values_and_keeps_the_input(
    client, open_round, org, areas, people
):
    client.force_login(people["manager"])
    client.post(edit_url(open_round, org), form_data(areas, level=2) | {"save": "1"})
    assessment = Assessment.objects.get()
    newer = form_data(areas, level=4, version=assessment.version) | {"save": "1"}
    assert client.post(edit_url(open_round, org), newer).status_code == 302
    stale = form_data(areas, level=1, version=assessment.version) | {"save": "1", "kompetens-motivation": "Min text"}
    response = client.post(edit_url(open_round, org), stale)
    assert response.status_code == 409  # an edit conflict answers the same in every app
    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html and "Det nya värdet" in html
    assert "Kompetens: nivå" in html and "Min text" in html  # the newer level beside what the user typed
    assert set(AreaAssessment.objects.values_list("level", flat=True)) == {4}


def test_round_status_from_a_stale_overview_is_refused_with_the_newer_status_and_keeps_the_reason(
    client, open_round, people
):
    client.force_login(people["process_leader"])
    url = reverse("maturity:round_status", args=[open_round.year])
    client.post(url, {"status": "stangd", "version": open_round.version, "confirm": "1"})
    response = client.post(url, {"status": "oppen", "version": open_round.version, "reason": "Glömde Kultur"})
    assert response.status_code == 409  # an edit conflict answers the same in every app
    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html and "Det nya värdet" in html and "Stängd" in html
    assert "Glömde Kultur" in html
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.STANGD


def test_review_from_a_stale_page_is_refused_with_the_newer_status_and_keeps_the_comment(
    client, open_round, org, areas, people
):
    client.force_login(people["manager"])
    client.post(edit_url(open_round, org), form_data(areas) | {"submit": "1"})
    assessment = Assessment.objects.get()
    client.force_login(people["process_leader"])
    review_url = reverse("maturity:review", args=[open_round.year, org.slug])
    client.post(review_url, {"action": "review", "comment": "", "version": assessment.version})
    response = client.post(
        review_url, {"action": "return", "comment": "Underlag saknas.", "version": assessment.version}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html and "Det nya värdet" in html and "Granskad" in html
    assert "Underlag saknas." in html
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.GRANSKAD
