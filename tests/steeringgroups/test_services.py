"""Submitting, triage, meetings, decisions, notifications and the protocol task."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from pypdf import PdfReader

from steeringgroups.constants import TOPIC_RULES, ErrandAction, ErrandState, ItemOutcome, MeetingState, Topic
from steeringgroups.models import AgendaItem, Decision, Errand, Meeting
from steeringgroups.selectors import topic_suggested_group
from steeringgroups.services import (
    agenda_item_decide,
    agenda_item_table,
    errand_notify,
    errand_transition,
    meeting_add_errands,
    meeting_close,
    meeting_elect_adjusters,
    meeting_justera,
    meeting_plan,
    meeting_protocol_generate,
)
from steeringgroups.tasks import meeting_protocol_task
from vudig.core.concurrency import StaleVersionError
from vudig.core.models import OutgoingMail, RegulatoryArea

from .conftest import start_meeting, submit


def _pdf_text(reader) -> str:
    """The PDF's text; a line broken after a hyphen ("Ä-" / "5123", as long ids happen to fall) is joined again."""
    return re.sub(r"-\s+", "-", "".join(page.extract_text() for page in reader.pages))


def decide(meeting, errand, people, text="Godkänt."):
    return agenda_item_decide(
        meeting=meeting,
        errand_id=errand.pk,
        text=text,
        follow_up_owner="IT-avdelningen",
        follow_up_date=timezone.localdate() + timedelta(days=90),
        by=people["chair"],
    )


def test_submit_records_everything_and_starts_inkommen(errand, people, org):
    assert errand.state == ErrandState.INKOMMEN
    assert errand.submitted_by == people["manager"] and errand.organisation == org
    assert errand.attachments.count() == 1
    assert errand.transitions.get().action == ErrandAction.SUBMIT
    assert errand.history.count() == 1


def test_submit_with_empty_fields_saves_nothing(people, org):
    with pytest.raises(ValidationError) as info:
        submit(people, org, title="   ")
    assert "title" in info.value.error_dict
    assert not Errand.objects.exists()


def test_anonymous_cannot_submit(people, org):

    with pytest.raises(PermissionDenied):
        submit({"manager": AnonymousUser()}, org)


@pytest.mark.parametrize(
    ("topic", "slug"),
    [
        (Topic.MOLNTJANSTER, "it-miljo-och-infrastruktur"),
        (Topic.TILLGANGLIGHET, "extern-digitalisering"),
        (Topic.EKONOMI_AFFAR, "intern-digitalisering"),
        (Topic.NIS, "it-miljo-och-infrastruktur"),
        (Topic.GDPR, "intern-digitalisering"),
    ],
)
def test_portal_suggests_group_from_topic(topic, slug, plan):
    assert topic_suggested_group(topic=topic).slug == slug


def test_every_topic_has_a_group_that_exists_and_a_target(plan):

    assert set(TOPIC_RULES) == set(Topic.values)
    numbers = set(RegulatoryArea.objects.values_list("number", flat=True))
    for topic, rule in TOPIC_RULES.items():
        assert topic_suggested_group(topic=topic) is not None, topic
        assert rule.target_days > 0
        assert rule.regulatory_area is None or rule.regulatory_area in numbers
    assert {r.regulatory_area for r in TOPIC_RULES.values() if r.regulatory_area} == numbers


def test_target_date_and_overdue(errand):
    errand.created_at = timezone.now() - timedelta(days=400)
    assert errand.is_overdue and errand.days_open == 400
    errand.state = ErrandState.AVSLUTAD
    assert not errand.is_overdue


def test_stale_version_is_refused(errand, people):
    errand_transition(errand=errand, action=ErrandAction.ACCEPT, by=people["beredning"])
    with pytest.raises(StaleVersionError):
        errand_transition(
            errand=errand, action=ErrandAction.REJECT, by=people["beredning"], reason="x", expected_version=1
        )
    errand.refresh_from_db()
    assert errand.state == ErrandState.UNDER_BEREDNING


def test_a_double_submitted_action_is_a_silent_no_op(errand, people):
    first = errand_transition(errand=errand, action=ErrandAction.ACCEPT, by=people["beredning"], expected_version=1)
    again = errand_transition(errand=errand, action=ErrandAction.ACCEPT, by=people["beredning"], expected_version=1)
    assert first is not None and again is None
    errand.refresh_from_db()
    assert (errand.state, errand.version) == (ErrandState.UNDER_BEREDNING, 2)
    assert errand.transitions.filter(action=ErrandAction.ACCEPT).count() == 1


def test_a_double_submitted_rejection_is_a_no_op_but_another_reason_from_a_stale_page_is_refused(errand, people):
    reject = {"errand": errand, "action": ErrandAction.REJECT, "by": people["beredning"], "expected_version": 1}
    errand_transition(**reject, reason="Hör till IT-avdelningen")
    assert errand_transition(**reject, reason="Hör till IT-avdelningen") is None
    with pytest.raises(StaleVersionError) as exc:
        errand_transition(**reject, reason="Dubblett av Ä-1")
    assert exc.value.current.state == ErrandState.AVVISAD
    assert list(errand.transitions.filter(action=ErrandAction.REJECT).values_list("reason", flat=True)) == [
        "Hör till IT-avdelningen"
    ]


def test_request_info_mails_the_submitter_once(errand, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = errand_transition(
            errand=errand, action=ErrandAction.REQUEST_INFO, by=people["beredning"], reason="Vilken leverantör?"
        )
    assert [m.to for m in mail.outbox] == [[people["manager"].email]]
    assert "Vilken leverantör?" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        errand_notify(transition=record)  # a retry queues nothing new
    assert len(mail.outbox) == 1


def test_refer_mails_submitter_and_the_groups_members_only(referred, people, django_capture_on_commit_callbacks):
    subject = f"{referred.reference} {referred.title}: lämnat över till styrgruppen"
    to = sorted(m.to[0] for m in OutgoingMail.objects.filter(subject=subject))
    expected = sorted(people[w].email for w in ("manager", "member", "chair"))
    assert to == expected
    assert people["chair_other_group"].email not in to


def test_meeting_plan_creates_standing_items_and_refuses_bad_dates(people, extern_group, meeting):
    assert [i.title for i in meeting.items.all()][:2] == [
        "Mötets öppnande och val av justerare",
        "Föregående protokoll",
    ]
    with pytest.raises(ValidationError):
        meeting_plan(group=extern_group, dates=[meeting.date], by=people["chair"])
    with pytest.raises(ValidationError):
        meeting_plan(group=extern_group, dates=[timezone.localdate() - timedelta(days=1)], by=people["chair"])
    with pytest.raises(PermissionDenied):
        meeting_plan(group=extern_group, dates=[meeting.date + timedelta(days=1)], by=people["member"])
    assert Meeting.objects.count() == 1


def test_whole_meeting_decision_and_protocol(
    referred, meeting, people, org, media_root, django_capture_on_commit_callbacks
):
    second = submit(people, org, title="Andra frågan")
    errand_transition(errand=second, action=ErrandAction.ACCEPT, by=people["beredning"])
    errand_transition(errand=second, action=ErrandAction.REFER, by=people["beredning"], group=referred.steering_group)
    items = meeting_add_errands(meeting=meeting, errands=[referred, second], by=people["chair"])
    assert [i.order for i in items] == [4, 5]
    assert list(meeting.items.values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6, 7, 8]
    meeting = start_meeting(meeting, people["chair"])
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(meeting, referred, people)
    agenda_item_table(meeting=meeting, errand_id=second.pk, reason="Underlag saknas", by=people["chair"])
    referred.refresh_from_db()
    second.refresh_from_db()
    assert referred.state == ErrandState.BESLUTAD and decision.decided_on == meeting.date
    assert decision.paragraph == AgendaItem.objects.get(errand=referred).paragraph == 4
    assert second.state == ErrandState.BORDLAGD and second.tabled_count == 1
    # The "beslutat" mail waits for the justerat protocol.
    assert not any("Godkänt." in m.body for m in mail.outbox if m.to == [people["manager"].email])
    meeting_elect_adjusters(meeting=meeting, people=[people["member"]], by=people["chair"])
    meeting_close(meeting=meeting, by=people["chair"])
    meeting_justera(meeting=meeting, by=people["member"])
    with django_capture_on_commit_callbacks(execute=True):
        meeting_justera(meeting=meeting, by=people["chair"])
    assert any("Godkänt." in m.body for m in mail.outbox if m.to == [people["manager"].email])
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.JUSTERAT and meeting.protocol_pdf
    assert str(meeting.protocol_pdf.path).startswith(str(media_root))
    text = _pdf_text(PdfReader(meeting.protocol_pdf.path))
    assert "Godkänt." in text and "Bordlagt" in text and referred.reference in text
    # Frozen: nothing can be added or decided any more.
    with pytest.raises(ValidationError):
        agenda_item_table(meeting=meeting, errand_id=second.pk, reason="x", by=people["chair"])


def test_protocol_task_is_idempotent(referred, meeting, people, media_root):
    meeting = start_meeting(meeting, people["chair"], errands=[referred])
    decide(meeting, referred, people)
    Meeting.objects.filter(pk=meeting.pk).update(
        state=MeetingState.JUSTERAT, frozen_at=timezone.now(), frozen_by=people["chair"]
    )
    assert meeting_protocol_task.delay(meeting.pk).get() is True
    meeting.refresh_from_db()
    first = meeting.protocol_pdf.name
    assert meeting_protocol_task.delay(meeting.pk).get() is False
    meeting.refresh_from_db()
    assert meeting.protocol_pdf.name == first
    assert len(list((media_root / "protocols").iterdir())) == 1
    assert meeting_protocol_generate(meeting_id=999999) is False  # gone: quietly nothing


def test_protocol_is_not_made_for_an_open_meeting(meeting):
    assert meeting_protocol_generate(meeting_id=meeting.pk) is False


def test_decision_on_errand_not_on_agenda_is_refused(referred, open_meeting, people):
    with pytest.raises(ValidationError) as info:
        decide(open_meeting, referred, people)
    assert "finns inte på mötets dagordning" in info.value.messages[0]
    assert not Decision.objects.exists()
    referred.refresh_from_db()
    assert referred.state == ErrandState.HANSKJUTEN


def test_decision_needs_text(referred, meeting, people):
    meeting = start_meeting(meeting, people["chair"], errands=[referred])
    with pytest.raises(ValidationError) as info:
        agenda_item_decide(meeting=meeting, errand_id=referred.pk, text=" ", by=people["chair"])
    assert set(info.value.error_dict) == {"text"}
    assert not Decision.objects.exists()
    assert AgendaItem.objects.get(errand=referred).outcome == ItemOutcome.PENDING


def test_close_refused_while_items_are_undecided(referred, meeting, people):
    meeting = start_meeting(meeting, people["chair"], errands=[referred])
    meeting_elect_adjusters(meeting=meeting, people=[people["member"]], by=people["chair"])
    with pytest.raises(ValidationError) as info:
        meeting_close(meeting=meeting, by=people["chair"])
    assert "1 ärende på dagordningen saknar utfall" in info.value.messages[0]
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PAGAR


def test_chair_of_other_group_cannot_use_this_meeting(referred, meeting, people):
    with pytest.raises(PermissionDenied):
        meeting_add_errands(meeting=meeting, errands=[referred], by=people["chair_other_group"])


def test_errand_of_another_group_cannot_be_put_on_agenda(errand, people, intern_group, extern_group, meeting):
    errand_transition(errand=errand, action=ErrandAction.ACCEPT, by=people["beredning"])
    errand_transition(errand=errand, action=ErrandAction.REFER, by=people["beredning"], group=intern_group)
    with pytest.raises(ValidationError):
        meeting_add_errands(meeting=meeting, errands=[errand], by=people["chair"])


def test_tabled_errand_returns_to_queue_and_can_be_scheduled_again(referred, meeting, people, extern_group):
    meeting = start_meeting(meeting, people["chair"], errands=[referred])
    agenda_item_table(meeting=meeting, errand_id=referred.pk, reason="Vänta på upphandling", by=people["chair"])
    later = meeting_plan(group=extern_group, dates=[meeting.date + timedelta(days=30)], by=people["chair"])[0]
    meeting_add_errands(meeting=later, errands=[referred], by=people["chair"])
    referred.refresh_from_db()
    assert referred.state == ErrandState.PA_DAGORDNING and referred.tabled_count == 1


def test_render_report_protokoll_renders_the_latest_justerat_protocol_of_the_period(
    referred, meeting, people, media_root, tmp_path
):
    meeting = start_meeting(meeting, people["chair"], errands=[referred])
    decide(meeting, referred, people, text="Beslut som ska synas i protokollet.")
    output = tmp_path / "protokoll.pdf"
    day = meeting.date.isoformat()
    with pytest.raises(CommandError, match="Inget justerat protokoll"):
        call_command("render_report", "protokoll", output=str(output), date_from=day, date_to=day)
    Meeting.objects.filter(pk=meeting.pk).update(
        state=MeetingState.JUSTERAT, frozen_at=timezone.now(), frozen_by=people["chair"]
    )
    call_command(
        "render_report", "protokoll", output=str(output), date_from=day, date_to=day,
        group=meeting.steering_group.slug,
    )  # fmt: skip
    text = _pdf_text(PdfReader(output))
    assert "Beslut som ska synas i protokollet." in text and referred.reference in text
