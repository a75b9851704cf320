"""Issue 17, item 2: several respondents per organisation. Invited by account or by a signed e-mail link (forged,
expired and used links refused), each answers privately, the manager sees who answered, the rate and, from three
answers on, the spread; reminders go one e-mail each."""

import re
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from maturity.constants import RoundStatus
from maturity.models import Respondent, RespondentAnswer
from maturity.selectors import respondent_summary
from maturity.services import (
    invitation_token,
    respondent_answer,
    respondent_invite,
    respondents_remind,
)
from tests.factories import UserFactory
from vudig.core.models import OutgoingMail
from vudig.core.rules import roles_of

PASSWORD = "Mognad-svar-2026!"


def _invite(open_round, org, people, email, **kwargs):
    return respondent_invite(round=open_round, organisation=org, email=email, by=people["manager"], **kwargs)


def _answer(respondent, areas, level=3):
    return respondent_answer(
        respondent=respondent, answers={a: (level, f"Kommentar {level}") for a in areas}, by=respondent.user
    )


def _with_account(open_round, org, people, n, start=0):
    """n respondents who have accounts already."""
    result = []
    for i in range(start, start + n):
        user = UserFactory(username=f"resp{i}", email=f"resp{i}@pitea.example")
        result.append(_invite(open_round, org, people, user.email))
    return result


def _link(mail):
    return re.search(r"http://[^\s]+", mail.body).group(0).split("8000", 1)[-1]


def test_inviting_someone_with_an_account_ties_them_and_mails_the_answer_link(open_round, org, people):
    user = UserFactory(username="anna", email="Anna@Pitea.example", first_name="Anna", last_name="Berg")
    respondent = _invite(open_round, org, people, "anna@pitea.example")
    assert respondent.user == user and respondent.name == "Anna Berg"
    mail = OutgoingMail.objects.get()
    assert mail.to == ["anna@pitea.example"]
    assert f"/mognad/{open_round.year}/{org.slug}/svar/" in mail.body


def test_invitation_by_email_makes_a_limited_account_through_the_signed_link_once(client, open_round, org, people):
    respondent = _invite(open_round, org, people, "ny.person@pitea.example", name="Ny Person")
    assert respondent.user is None
    url = _link(OutgoingMail.objects.get())
    assert url.startswith("/mognad/inbjudan/")
    page = client.get(url)
    assert page.status_code == 200 and "ny.person@pitea.example" in page.content.decode()
    # Passwords that differ are refused with what was typed kept (the name).
    response = client.post(url, {"name": "Ny Person", "password1": PASSWORD, "password2": "annat"})
    assert "Lösenorden är inte lika." in response.content.decode()
    assert not get_user_model().objects.filter(username="ny.person@pitea.example").exists()
    response = client.post(url, {"name": "Ny Person", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse(
        "maturity:answer", args=[open_round.year, org.slug]
    )
    user = get_user_model().objects.get(username="ny.person@pitea.example")
    respondent.refresh_from_db()
    assert respondent.user == user and respondent.accepted_at is not None
    assert roles_of(user).roles == frozenset()  # a limited account: no role at all
    assert client.get(response["Location"]).status_code == 200  # signed in, on the answer page
    # The link is used now.
    client.logout()
    used = client.get(url)
    assert used.status_code == 400 and "redan använd" in used.content.decode()
    assert client.post(url, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 400


def test_a_forged_invitation_link_is_refused(client, open_round, org, people):
    respondent = _invite(open_round, org, people, "x@pitea.example")
    token = invitation_token(respondent)
    forged = token[:-3] + ("aaa" if token[-3:] != "aaa" else "bbb")
    response = client.get(reverse("maturity:invitation", args=[forged]))
    assert response.status_code == 400 and "Länken är inte giltig" in response.content.decode()
    response = client.post(
        reverse("maturity:invitation", args=[forged]), {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="x@pitea.example").exists()


def test_an_expired_invitation_link_is_refused(client, open_round, org, people):
    respondent = _invite(open_round, org, people, "sen@pitea.example")
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 31 * 24 * 3600):
        token = invitation_token(respondent)
    response = client.get(reverse("maturity:invitation", args=[token]))
    assert response.status_code == 400 and "Inbjudan har gått ut" in response.content.decode()


@pytest.mark.parametrize("email", ["", "inte-en-adress"])
def test_a_bad_address_is_refused_in_swedish(open_round, org, people, email):
    with pytest.raises(ValidationError, match="giltig e-postadress"):
        _invite(open_round, org, people, email)
    assert not Respondent.objects.exists() and not OutgoingMail.objects.exists()


def test_the_same_person_twice_is_refused(open_round, org, people):
    _invite(open_round, org, people, "a@pitea.example")
    with pytest.raises(ValidationError, match="redan respondent"):
        _invite(open_round, org, people, "A@pitea.example")


@pytest.mark.parametrize("who", ["manager_other_org", "reader", "kommunchef", "no_role"])
def test_only_the_manager_or_process_leader_invites(open_round, org, people, who):
    with pytest.raises(PermissionDenied):
        respondent_invite(round=open_round, organisation=org, email="a@pitea.example", by=people[who])
    assert not Respondent.objects.exists()


def test_a_closed_round_takes_no_respondents_and_no_answers(open_round, org, areas, people):
    (respondent,) = _with_account(open_round, org, people, 1)
    open_round.status = RoundStatus.STANGD
    open_round.save()
    with pytest.raises(ValidationError, match="inte öppen"):
        _invite(open_round, org, people, "b@pitea.example")
    with pytest.raises(ValidationError, match="stängd"):
        _answer(respondent, areas)
    assert not RespondentAnswer.objects.exists()


def test_an_answer_needs_every_level_and_saves_nothing_half_way(open_round, org, areas, people):
    (respondent,) = _with_account(open_round, org, people, 1)
    answers = {a: (3, "") for a in areas} | {areas[2]: (None, "Vet inte")}
    with pytest.raises(ValidationError) as exc:
        respondent_answer(respondent=respondent, answers=answers, by=respondent.user)
    assert exc.value.message_dict == {"systemforvaltning-level": ["Välj en nivå för Systemförvaltning."]}
    assert not RespondentAnswer.objects.exists()
    with pytest.raises(ValidationError, match="mellan 1 och 5"):
        respondent_answer(respondent=respondent, answers={a: (6, "") for a in areas}, by=respondent.user)


def test_nobody_but_the_respondent_reads_or_writes_the_answer(client, open_round, org, areas, people):
    (respondent, other) = _with_account(open_round, org, people, 2)
    _answer(respondent, areas, level=4)
    url = reverse("maturity:answer", args=[open_round.year, org.slug])
    client.force_login(respondent.user)
    page = client.get(url).content.decode()
    assert "Kommentar 4" in page
    for who in ("manager", "process_leader", "admin", "kommunchef", "reader"):
        client.force_login(people[who])
        assert client.get(url).status_code == 403, who
        with pytest.raises(PermissionDenied):
            respondent_answer(respondent=respondent, answers={a: (1, "") for a in areas}, by=people[who])
    client.force_login(other.user)  # another respondent of the same organisation sees only their own (empty) form
    assert "Kommentar 4" not in client.get(url).content.decode()
    assert set(RespondentAnswer.objects.values_list("level", flat=True)) == {4}


def test_spread_shown_only_from_three_answers(client, open_round, org, areas, people):
    respondents = _with_account(open_round, org, people, 4)
    url = reverse("maturity:respondents", args=[open_round.year, org.slug])
    edit = reverse("maturity:edit", args=[open_round.year, org.slug])
    client.force_login(people["manager"])
    for i, respondent in enumerate(respondents[:2]):
        _answer(respondent, areas, level=2 + i)
    assert respondent_summary(round=open_round, organisation=org).spread is None
    page = client.get(url).content.decode()
    assert "Visas när minst 3 respondenter har svarat" in page and "50 %" in page
    assert "Kommentar" not in page  # never an individual comment
    assert "2 har svarat; sammanställningen visas när minst 3 har svarat." in client.get(edit).content.decode()
    _answer(respondents[2], areas, level=5)
    summary = respondent_summary(round=open_round, organisation=org)
    assert [(s.count, s.minimum, s.median, s.maximum) for s in summary.spread] == [(3, 2, 3.0, 5)] * 5
    assert summary.rate == 75
    page = client.get(url).content.decode()
    assert "Sammanställning av 3 svar" in page and "Kommentar" not in page
    assert "Median 3, spridning 2–5 (3 svar)." in client.get(edit).content.decode()


def test_reminders_one_email_each_to_those_who_have_not_answered(client, open_round, org, areas, people):
    respondents = _with_account(open_round, org, people, 3)
    invited = _invite(open_round, org, people, "utan.konto@pitea.example")
    _answer(respondents[0], areas)
    OutgoingMail.objects.all().delete()
    client.force_login(people["manager"])
    url = reverse("maturity:respondents_remind", args=[open_round.year, org.slug])
    response = client.post(url, follow=True)
    assert "3 påminnelser är skickade" in response.content.decode()
    assert sorted(m.to[0] for m in OutgoingMail.objects.all()) == sorted(
        [respondents[1].email, respondents[2].email, invited.email]
    )
    # The one without an account gets a fresh invitation link.
    assert "/mognad/inbjudan/" in OutgoingMail.objects.get(to=[invited.email]).body
    response = client.post(url, follow=True)  # a second click the same day sends nothing more
    assert OutgoingMail.objects.count() == 3 and "Ingen påminnelse skickades" in response.content.decode()


def test_reminding_a_respondent_of_another_organisation_is_refused(client, open_round, org, other_org, people):
    manager_other = people["manager_other_org"]
    theirs = respondent_invite(round=open_round, organisation=other_org, email="deras@pitea.example", by=manager_other)
    OutgoingMail.objects.all().delete()
    with pytest.raises(ValidationError, match="hör inte till"):
        respondents_remind(round=open_round, organisation=org, respondent_id=theirs.pk, by=people["manager"])
    client.force_login(people["manager"])
    url = reverse("maturity:respondents_remind", args=[open_round.year, org.slug])
    response = client.post(url, {"respondent": theirs.pk}, follow=True)
    assert "hör inte till" in response.content.decode()
    assert not OutgoingMail.objects.exists()
    assert client.get(reverse("maturity:respondents", args=[open_round.year, other_org.slug])).status_code == 403


def test_respondent_overview_invites_and_lists_who_answered(client, open_round, org, areas, people):
    client.force_login(people["manager"])
    url = reverse("maturity:respondents", args=[open_round.year, org.slug])
    response = client.post(url, {"email": "fel", "name": "Kalle"})
    assert response.status_code == 200 and "Ange en giltig e-postadress." in response.content.decode()
    assert "Kalle" in response.content.decode()
    response = client.post(url, {"email": "kalle@pitea.example", "name": "Kalle"}, follow=True)
    page = response.content.decode()
    assert "En inbjudan är skickad till kalle@pitea.example" in page
    assert "Inbjuden, inget konto ännu" in page
