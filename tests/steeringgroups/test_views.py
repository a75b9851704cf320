"""Pages: who sees what, bad input re-renders with Swedish errors, attachments only through the view."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from steeringgroups.constants import ErrandAction, ErrandState, Topic
from steeringgroups.models import Attachment, Decision, Errand, Meeting
from steeringgroups.services import errand_transition, meeting_plan

from .conftest import PDF_BYTES, start_meeting


def test_navigation_pages_exist_for_signed_in_people(client, people, referred):
    client.force_login(people["reader"])
    for name in ("steeringgroups:list", "steeringgroups:errands", "steeringgroups:decisions"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(referred.steering_group.get_absolute_url()).status_code == 200


def test_anonymous_is_sent_to_login(client, referred):
    for url in (
        reverse("steeringgroups:errands"),
        referred.get_absolute_url(),
        referred.attachments.get().get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_submit_with_attachment(client, people, org):
    client.force_login(people["manager"])
    response = client.post(
        reverse("steeringgroups:errand_create"),
        {
            "title": "Ny e-tjänst",
            "description": "Behöver beslut",
            "organisation": org.pk,
            "topic": Topic.DIGITAL_INGANG,
            "urgency": 2,
            "attachment": SimpleUploadedFile("../../underlag.pdf", PDF_BYTES),
        },
    )
    errand = Errand.objects.get()
    assert response.status_code == 302 and response["Location"] == errand.get_absolute_url()
    assert errand.attachments.get().original_name == "underlag.pdf"
    page = client.get(errand.get_absolute_url()).content.decode()
    assert "Ny e-tjänst" in page and "Beredningen" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"), "stämmer inte med filtypen"),
        (SimpleUploadedFile("sida.html", b"<html>"), "Filtypen tillåts inte"),
    ],
)
def test_disguised_file_is_refused_and_nothing_saved(client, people, org, upload, message, media_root):
    client.force_login(people["manager"])
    response = client.post(
        reverse("steeringgroups:errand_create"),
        {
            "title": "Fråga",
            "description": "Text",
            "organisation": org.pk,
            "topic": Topic.AI,
            "urgency": 3,
            "attachment": upload,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="Fråga"' in response.content.decode()  # what the person typed is kept
    assert not Errand.objects.exists() and not Attachment.objects.exists()


def test_oversized_file_is_refused(client, people, org, settings):
    settings.VUDIG_ATTACHMENT_MAX_BYTES = 50
    client.force_login(people["manager"])
    response = client.post(
        reverse("steeringgroups:errand_create"),
        {"title": "Fråga", "description": "Text", "organisation": org.pk, "topic": Topic.AI, "urgency": 3,
         "attachment": SimpleUploadedFile("stor.pdf", PDF_BYTES + b"0" * 100)},
    )  # fmt: skip
    assert response.status_code == 400 and "för stor" in response.content.decode()
    assert not Errand.objects.exists()


def test_empty_form_gives_swedish_errors(client, people):
    client.force_login(people["manager"])
    response = client.post(reverse("steeringgroups:errand_create"), {})
    assert response.status_code == 400
    assert "Något behöver rättas" in response.content.decode()
    assert not Errand.objects.exists()


def test_attachment_direct_url_guess_by_others(client, people, referred):
    attachment = referred.attachments.get()
    url = attachment.get_absolute_url()
    for who in ("manager", "member", "chair", "beredning", "kommunchef"):
        client.force_login(people[who])
        response = client.get(url)
        assert response.status_code == 200, who
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert 'attachment; filename="underlag.pdf"' in response["Content-Disposition"]
    for who in ("manager_other_org", "chair_other_group", "reader", "no_role"):
        client.force_login(people[who])
        assert client.get(url).status_code == 404, who
        assert client.get(reverse("steeringgroups:attachment", kwargs={"pk": attachment.pk + 1})).status_code == 404


def test_media_is_not_served_directly(client, people, referred, settings):
    client.force_login(people["manager"])
    name = referred.attachments.get().file.name
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/static/../media/{name}").status_code == 404


def test_errand_page_of_others_is_404(client, people, referred):
    for who in ("manager_other_org", "chair_other_group", "reader"):
        client.force_login(people[who])
        assert client.get(referred.get_absolute_url()).status_code == 404, who


def test_group_queue_only_for_group_and_overseers(client, people, referred, extern_group):
    url = reverse("steeringgroups:group_queue", kwargs={"slug": extern_group.slug})
    for who, status in (
        ("member", 200),
        ("chair", 200),
        ("beredning", 200),
        ("chair_other_group", 403),
        ("manager", 403),
    ):
        client.force_login(people[who])
        assert client.get(url).status_code == status, who
    client.force_login(people["member"])
    assert referred.title in client.get(url).content.decode()


def test_beredning_queue_only_for_beredning(client, people, errand):
    url = reverse("steeringgroups:queue")
    client.force_login(people["chair"])
    assert client.get(url).status_code == 403
    client.force_login(people["beredning"])
    page = client.get(url, {"topic": Topic.MOLNTJANSTER}).content.decode()
    assert errand.title in page
    assert errand.title not in client.get(url, {"topic": Topic.AI}).content.decode()
    assert errand.title not in client.get(url, {"age": "30"}).content.decode()


def test_coordinator_refers_with_suggested_group(client, people, errand, extern_group):
    client.force_login(people["beredning"])
    page = client.get(errand.get_absolute_url()).content.decode()
    assert "Föreslagen styrgrupp" in page and "IT-miljö och infrastruktur" in page
    client.post(
        reverse("steeringgroups:errand_transition", kwargs={"pk": errand.pk}),
        {"action_name": "accept", "accept-version": 1},
    )
    response = client.post(
        reverse("steeringgroups:errand_transition", kwargs={"pk": errand.pk}),
        {"action_name": "refer", "refer-version": 2, "refer-group": extern_group.pk},
    )
    assert response.status_code == 302
    errand.refresh_from_db()
    assert errand.state == ErrandState.HANSKJUTEN and errand.steering_group == extern_group


def test_reject_without_reason_re_renders_with_error(client, people, errand):
    client.force_login(people["beredning"])
    response = client.post(
        reverse("steeringgroups:errand_transition", kwargs={"pk": errand.pk}),
        {"action_name": "reject", "reject-version": 1, "reject-reason": ""},
    )
    assert response.status_code == 400 and "Skriv en motivering" in response.content.decode()
    errand.refresh_from_db()
    assert errand.state == ErrandState.INKOMMEN


def test_submitter_cannot_triage_via_post(client, people, errand):
    client.force_login(people["manager"])
    response = client.post(
        reverse("steeringgroups:errand_transition", kwargs={"pk": errand.pk}),
        {"action_name": "accept", "accept-version": 1},
    )
    assert response.status_code == 403
    errand.refresh_from_db()
    assert errand.state == ErrandState.INKOMMEN


def test_meeting_actions_cannot_be_posted_to_errand_page(client, people, referred):
    client.force_login(people["chair"])
    client.post(
        reverse("steeringgroups:errand_transition", kwargs={"pk": referred.pk}),
        {"action_name": "schedule", "schedule-version": referred.version},
    )
    referred.refresh_from_db()
    assert referred.state == ErrandState.HANSKJUTEN


def test_stale_form_is_refused(client, people, errand):
    client.force_login(people["beredning"])
    url = reverse("steeringgroups:errand_transition", kwargs={"pk": errand.pk})
    client.post(url, {"action_name": "accept", "accept-version": 1})
    response = client.post(
        url, {"action_name": "reject", "reject-version": 1, "reject-reason": "Dubblett"}, follow=True
    )
    assert response.status_code == 409  # an edit conflict answers the same in every app
    html = response.content.decode()
    assert "Någon annan har sparat" in html
    assert "Det nya värdet" in html and "Under beredning" in html  # the newer state
    assert "Dubblett" in html  # what the user typed is kept
    errand.refresh_from_db()
    assert errand.state == ErrandState.UNDER_BEREDNING


def test_submitter_answers_request_for_more(client, people, errand):
    errand_transition(
        errand=errand, action=ErrandAction.REQUEST_INFO, by=people["beredning"], reason="Vilken leverantör?"
    )
    client.force_login(people["manager"])
    page = client.get(errand.get_absolute_url()).content.decode()
    assert "Vilken leverantör?" in page
    errand.refresh_from_db()
    response = client.post(
        reverse("steeringgroups:errand_answer", kwargs={"pk": errand.pk}),
        {
            "version": errand.version,
            "reason": "Leverantör X",
            "attachment": SimpleUploadedFile("svar.txt", b"mer info"),
        },
    )
    assert response.status_code == 302
    errand.refresh_from_db()
    assert errand.state == ErrandState.UNDER_BEREDNING and errand.attachments.count() == 2


def test_decision_on_an_item_of_another_meeting_via_form(client, people, referred, open_meeting, extern_group):
    later = meeting_plan(group=extern_group, dates=[timezone.localdate() + timedelta(days=20)], by=people["chair"])[0]
    foreign = later.items.first()
    client.force_login(people["chair"])
    response = client.post(
        reverse("steeringgroups:meeting_decide", kwargs={"pk": open_meeting.pk}),
        {"prefix": "", "item": foreign.pk, "outcome": "decide", "text": "Ja"},
        follow=True,
    )
    assert "Punkten finns inte på mötets dagordning" in response.content.decode()
    assert not Decision.objects.exists()


def test_chair_decides_through_the_meeting_page(client, people, referred, meeting):
    meeting = start_meeting(meeting, people["chair"], errands=[referred])
    item = meeting.items.get(errand=referred)
    client.force_login(people["chair"])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f"Registrera § {item.paragraph}" in page
    p = f"p{item.pk}"
    url = reverse("steeringgroups:meeting_decide", kwargs={"pk": meeting.pk})
    bad = client.post(url, {"prefix": p, f"{p}-item": item.pk, f"{p}-outcome": "decide", f"{p}-text": ""})
    assert bad.status_code == 400 and "Skriv beslutet" in bad.content.decode()
    client.post(
        url,
        {"prefix": p, f"{p}-item": item.pk, f"{p}-outcome": "decide", f"{p}-text": "Godkänt",
         f"{p}-follow_up_owner": "IT", f"{p}-follow_up_date": (timezone.localdate() + timedelta(days=5)).isoformat()},
    )  # fmt: skip
    referred.refresh_from_db()
    assert referred.state == ErrandState.BESLUTAD
    assert "Godkänt" in client.get(reverse("steeringgroups:decisions")).content.decode()


def test_member_may_see_meeting_but_not_decide(client, people, referred, meeting):
    meeting = start_meeting(meeting, people["chair"], errands=[referred])
    client.force_login(people["member"])
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200 and "Registrera §" not in page.content.decode()
    response = client.post(
        reverse("steeringgroups:meeting_action", kwargs={"pk": meeting.pk, "action": "close"}), {"close-confirm": "on"}
    )
    assert response.status_code == 403
    client.force_login(people["chair_other_group"])
    assert client.get(meeting.get_absolute_url()).status_code == 403
    assert client.get(reverse("steeringgroups:meeting_protocol", kwargs={"pk": meeting.pk})).status_code == 403


def test_plan_meetings_form(client, people, extern_group):
    client.force_login(people["chair"])
    url = reverse("steeringgroups:meeting_plan", kwargs={"slug": extern_group.slug})
    bad = client.post(url, {"dates": "nästa tisdag"})
    assert bad.status_code == 400 and "ÅÅÅÅ-MM-DD" in bad.content.decode()
    day = timezone.localdate() + timedelta(days=10)
    assert client.post(url, {"dates": f"{day}\n{day + timedelta(days=30)}\n", "place": "KS-salen"}).status_code == 302
    assert extern_group.meetings.count() == 2
    client.force_login(people["member"])
    assert client.get(url).status_code == 403


def test_moving_a_meeting_from_a_stale_page_is_refused_with_the_newer_values(client, people, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(version=5, place="KS-salen")
    client.force_login(people["chair"])
    day = meeting.date + timedelta(days=1)
    response = client.post(
        reverse("steeringgroups:meeting_action", kwargs={"pk": meeting.pk, "action": "edit"}),
        {
            "edit-version": 1,
            "edit-date": day.isoformat(),
            "edit-start_time": "13:00",
            "edit-end_time": "15:00",
            "edit-place": "Annat rum",
        },
    )
    assert response.status_code == 409  # an edit conflict answers the same in every app
    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html and "Det nya värdet" in html and "KS-salen" in html
    assert 'value="Annat rum"' in html  # what the person typed is kept
    assert Meeting.objects.get(pk=meeting.pk).date == meeting.date


def test_chair_sets_a_presenter_and_reorders_from_the_meeting_page(client, people, meeting):
    item = meeting.items.order_by("order")[2]
    client.force_login(people["chair"])
    action = lambda name: reverse("steeringgroups:meeting_action", kwargs={"pk": meeting.pk, "action": name})  # noqa: E731
    assert client.post(action("presenter"), {"item": item.pk, "presenter": "Beredningen"}).status_code == 302
    item.refresh_from_db()
    assert item.presenter == "Beredningen"
    assert client.post(action("move"), {"item": item.pk, "direction": "up"}).status_code == 302
    assert meeting.items.order_by("order")[1] == item
    response = client.post(action("move"), {"item": "x", "direction": "up"}, follow=True)
    assert "Punkten finns inte på mötets dagordning" in response.content.decode()
    client.force_login(people["member"])
    assert client.post(action("presenter"), {"item": item.pk, "presenter": "Jag"}).status_code == 403
    assert client.post(action("nonsense"), {}).status_code == 404


def test_a_refused_meeting_change_re_renders_the_form_with_the_reason_and_what_was_typed(client, people, meeting):
    client.force_login(people["chair"])
    url = reverse("steeringgroups:meeting_action", kwargs={"pk": meeting.pk, "action": "edit"})
    past = (timezone.localdate() - timedelta(days=2)).isoformat()
    response = client.post(
        url,
        {"edit-version": meeting.version, "edit-date": past, "edit-start_time": "13:00", "edit-end_time": "12:00",
         "edit-place": "Skrivet rum"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400 and "Datumet har redan passerat" in html and 'value="Skrivet rum"' in html
    assert Meeting.objects.get(pk=meeting.pk).place == "Stadshuset"


def test_justering_by_someone_else_is_refused_with_a_message(client, people, open_meeting):
    from steeringgroups.services import meeting_close, meeting_elect_adjusters

    meeting_elect_adjusters(meeting=open_meeting, people=[people["member"]], by=people["chair"])
    meeting_close(meeting=open_meeting, by=people["chair"])
    client.force_login(people["beredning"])
    url = reverse("steeringgroups:meeting_action", kwargs={"pk": open_meeting.pk, "action": "justera"})
    response = client.post(url, {"justera-confirm": "on"})
    assert response.status_code == 400
    assert "Bara ordföranden och de valda justerarna kan justera protokollet" in response.content.decode()
    assert not open_meeting.signers.filter(confirmed_at__isnull=False).exists()


def test_meeting_and_decision_pages_show_who_changed_what(client, people, open_meeting):
    from steeringgroups.services import agenda_item_add, agenda_item_decide, attendance_record

    attendance_record(meeting=open_meeting, presences={people["member"].pk: "franvarande"}, by=people["chair"])
    item = agenda_item_add(meeting=open_meeting, by=people["chair"], title="Fri punkt")
    decision = agenda_item_decide(meeting=open_meeting, item_id=item.pk, text="Beslut.", by=people["chair"])
    client.force_login(people["member"])
    html = client.get(open_meeting.get_absolute_url()).content.decode().split('id="history-heading"')[1]
    assert "Mötet öppnat" in html and "Närvaro registrerad" in html and "Frånvarande" in html
    html = client.get(decision.get_absolute_url()).content.decode().split('id="history-heading"')[1]
    assert "Beslut registrerat" in html


def _decide_data(item, **fields):
    p = f"p{item.pk}"
    return {"prefix": p, f"{p}-item": item.pk, **{f"{p}-{name}": value for name, value in fields.items()}}


def test_a_decision_refused_for_one_field_keeps_everything_typed(client, people, referred, meeting):
    meeting = start_meeting(meeting, people["chair"], errands=[referred])
    item = meeting.items.get(errand=referred)
    client.force_login(people["chair"])
    url = reverse("steeringgroups:meeting_decide", kwargs={"pk": meeting.pk})
    data = _decide_data(
        item,
        outcome="decide",
        text="Styrgruppen godkänner molntjänsten för socialtjänsten.",
        follow_up_owner="IT-enheten",
        follow_up_date="nästa vecka",  # the one bad field
        minutes="Diskuterades länge.",
    )
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and "autofocus" in page  # the summary takes focus
    assert "Följs upp senast" in page
    assert "Styrgruppen godkänner molntjänsten för socialtjänsten." in page
    assert 'value="IT-enheten"' in page and 'value="nästa vecka"' in page and "Diskuterades länge." in page
    assert not Decision.objects.exists()
    # corrected, it is recorded; the refusal claimed nothing
    data[f"p{item.pk}-follow_up_date"] = (timezone.localdate() + timedelta(days=5)).isoformat()
    assert client.post(url, data).status_code == 302
    assert Decision.objects.get().follow_up_owner == "IT-enheten"


def test_the_same_decision_sent_twice_is_recorded_once(client, people, referred, meeting):
    meeting = start_meeting(meeting, people["chair"], errands=[referred])
    item = meeting.items.get(errand=referred)
    client.force_login(people["chair"])
    url = reverse("steeringgroups:meeting_decide", kwargs={"pk": meeting.pk})
    data = _decide_data(item, outcome="decide", text="Godkänt")
    first = client.post(url, data)
    assert first.status_code == 302
    again = client.post(url, data, follow=True)
    assert again.redirect_chain[0][0] == first["Location"] == meeting.get_absolute_url()
    assert "Formuläret var redan skickat" in again.content.decode()
    assert Decision.objects.count() == 1
    # a different outcome for the handled item is refused in Swedish, on the meeting page, not a 500
    other = client.post(url, _decide_data(item, outcome="table", reason="Mer underlag"))
    assert other.status_code == 400 and "Punkten är redan behandlad" in other.content.decode()
    assert Decision.objects.count() == 1


def test_a_service_refusal_on_a_decision_keeps_the_text(client, people, referred, meeting):
    meeting = start_meeting(meeting, people["chair"], errands=[referred])
    item = meeting.items.get(errand=referred)
    client.force_login(people["chair"])
    url = reverse("steeringgroups:meeting_decide", kwargs={"pk": meeting.pk})
    response = client.post(url, _decide_data(item, outcome="table", reason="", minutes="Ordföranden föreslog."))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv varför punkten bordläggs" in page and "Ordföranden föreslog." in page
    assert client.post(url, _decide_data(item, outcome="table", reason="Mer underlag")).status_code == 302


def test_an_adjungerad_justerare_reads_the_meeting_and_justerar(client, people, adjunct_justerare_meeting):
    from steeringgroups.constants import MeetingState

    meeting, chair, manager = adjunct_justerare_meeting, people["chair"], people["manager"]
    client.force_login(manager)  # no member of the group
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200 and "Registrera §" not in page.content.decode()
    action = reverse("steeringgroups:meeting_action", kwargs={"pk": meeting.pk, "action": "close"})
    assert client.post(action, {"close-confirm": "on"}).status_code == 403  # reading is not chairing
    client.force_login(people["manager_other_org"])
    assert client.get(meeting.get_absolute_url()).status_code == 403
    client.force_login(chair)
    assert client.post(action, {"close-confirm": "on"}).status_code == 302
    client.force_login(manager)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Justera protokollet" in page
    justera = reverse("steeringgroups:meeting_action", kwargs={"pk": meeting.pk, "action": "justera"})
    response = client.post(justera, {"justera-confirm": "on"}, follow=True)
    assert "Du har justerat protokollet" in response.content.decode()
    assert meeting.signers.get(person=manager).confirmed_at is not None
    client.force_login(chair)
    client.post(justera, {"justera-confirm": "on"})
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.JUSTERAT
