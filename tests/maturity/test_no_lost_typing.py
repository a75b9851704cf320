"""Issue 17, item 5: a refused action keeps what was typed and says why; flash messages say what happened; closing a
round asks first and says how many have not submitted."""

from django.urls import reverse

from maturity.constants import AssessmentStatus, RoundStatus
from maturity.models import Assessment

from .conftest import form_data


def edit_url(round, org):
    return reverse("maturity:edit", args=[round.year, org.slug])


def _submitted(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    client.post(edit_url(open_round, org), form_data(areas) | {"submit": "1"})
    return Assessment.objects.get()


def test_a_refused_review_keeps_the_comment_typed(client, open_round, org, areas, people):
    assessment = _submitted(client, open_round, org, areas, people)
    client.force_login(people["process_leader"])
    url = reverse("maturity:review", args=[open_round.year, org.slug])
    # Fastställ straight from inlämnad is not allowed: the page comes back with the reason and the comment as typed.
    response = client.post(url, {"action": "establish", "comment": "Bra underlag.", "version": assessment.version})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page and "Bra underlag." in page
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.INLAMNAD


def test_each_review_action_says_what_happened(client, open_round, org, areas, people):
    assessment = _submitted(client, open_round, org, areas, people)
    client.force_login(people["process_leader"])
    url = reverse("maturity:review", args=[open_round.year, org.slug])
    page = client.post(url, {"action": "review", "comment": "", "version": assessment.version}, follow=True)
    assert "Självskattningen är markerad som granskad." in page.content.decode()
    assessment.refresh_from_db()
    page = client.post(url, {"action": "establish", "comment": "", "version": assessment.version}, follow=True)
    assert "Självskattningen är fastställd." in page.content.decode()
    assert "Granskningen är sparad" not in page.content.decode()


def test_closing_asks_first_and_counts_those_not_submitted(client, open_round, org, areas, people):
    _submitted(client, open_round, org, areas, people)
    client.force_login(people["process_leader"])
    url = reverse("maturity:round_status", args=[open_round.year])
    response = client.post(url, {"status": "stangd", "version": open_round.version})
    page = response.content.decode()
    # Piteå has 13 förvaltningar and bolag; one has submitted.
    assert "Stänga omgången" in page and "12 organisationer har inte lämnat in" in page
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.OPPEN  # nothing happened yet
    response = client.post(url, {"status": "stangd", "version": open_round.version, "confirm": "1"}, follow=True)
    assert f"Omgången {open_round.year} är stängd." in response.content.decode()
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.STANGD


def test_the_overview_close_button_leads_to_the_question(client, open_round, people):
    client.force_login(people["process_leader"])
    page = client.get(reverse("maturity:round", args=[open_round.year])).content.decode()
    assert "Stäng omgången" in page and 'name="confirm"' not in page
