"""A meeting's life as a nämnd's: kallelse, the meeting itself, § numbers, digital justering and the protocol."""

import re
from datetime import time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from steeringgroups.constants import AgendaKind, ErrandAction, ErrandState, ItemOutcome, MeetingState, Presence
from steeringgroups.models import AgendaItem, Attendance, Decision, Errand, FollowUp, Meeting
from steeringgroups.selectors import follow_up_open_for_group, open_followups_for
from steeringgroups.services import (
    agenda_item_add,
    agenda_item_decide,
    agenda_item_move,
    agenda_item_note,
    agenda_item_remit,
    agenda_item_remove,
    agenda_item_table,
    attendance_record,
    errand_transition,
    followup_create,
    followup_send_reminders,
    followup_update,
    meeting_add_errands,
    meeting_cancel,
    meeting_close,
    meeting_elect_adjusters,
    meeting_justera,
    meeting_notice_send,
    meeting_plan,
    meeting_send_notice,
    meeting_set_justering_deadline,
    meeting_start,
    meeting_update,
)
from steeringgroups.tasks import followup_reminders_task, meeting_notice_task
from tests.factories import user_with_role
from vudig.core.constants import Role
from vudig.core.models import Notice, OutgoingMail

from .conftest import start_meeting, submit


def _pdf_text(data_or_path) -> str:
    import io

    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    return re.sub(r"-\s+", "-", "".join(page.extract_text() for page in PdfReader(source).pages))


def _referred(people, org, group, title):
    errand = submit(people, org, title=title)
    errand_transition(errand=errand, action=ErrandAction.REFER, by=people["beredning"], group=group)
    return Errand.objects.get(pk=errand.pk)


def _closed(meeting, people):
    meeting_elect_adjusters(meeting=meeting, people=[people["member"]], by=people["chair"])
    meeting_close(meeting=meeting, by=people["chair"])
    meeting.refresh_from_db()
    return meeting


# -- kallelse ------------------------------------------------------------------------------------------------------


def test_kallelse_mails_members_with_agenda_pdf_and_valid_ics(
    meeting, people, referred, django_capture_on_commit_callbacks
):
    meeting_add_errands(meeting=meeting, errands=[referred], by=people["chair"])
    with django_capture_on_commit_callbacks(execute=True):
        meeting_send_notice(meeting=meeting, by=people["chair"])
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.KALLAT and meeting.called_at
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([people["member"].email, people["chair"].email])
    message = mail.outbox[0]
    names = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    pdf_name = f"dagordning-{meeting.date:%Y-%m-%d}.pdf"
    ics_name = f"mote-{meeting.date:%Y-%m-%d}.ics"
    assert set(names) == {pdf_name, ics_name}
    assert referred.title in _pdf_text(names[pdf_name][0])
    event = next(c for c in Calendar.from_ical(names[ics_name][0]).walk() if c.name == "VEVENT")
    assert event.decoded("dtstart") == meeting.starts_at and event.decoded("dtend") == meeting.ends_at
    assert str(event["location"]) == "Stadshuset"
    # Sending again is a no-op; the task run twice makes no new notice (and so no new mail).
    assert meeting_send_notice(meeting=meeting, by=people["chair"]) is None
    assert meeting_notice_task.delay(meeting.pk, meeting.notice_round).get() == 0
    assert Notice.objects.filter(key__startswith=f"meeting:{meeting.pk}:kallelse:").count() == 2


def test_only_the_chair_sends_kallelse(meeting, people):
    with pytest.raises(PermissionDenied):
        meeting_send_notice(meeting=meeting, by=people["member"])
    with pytest.raises(PermissionDenied):
        meeting_send_notice(meeting=meeting, by=people["chair_other_group"])
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.PLANERAT


def test_moving_a_kallat_meeting_sends_an_updated_kallelse_and_cancelling_tells_again(
    meeting, people, referred, django_capture_on_commit_callbacks
):
    meeting_add_errands(meeting=meeting, errands=[referred], by=people["chair"])
    with django_capture_on_commit_callbacks(execute=True):
        meeting_send_notice(meeting=meeting, by=people["chair"])
    first_ics = next(c for n, c, _ in mail.outbox[0].attachments if n.endswith(".ics"))
    first = next(c for c in Calendar.from_ical(first_ics).walk() if c.name == "VEVENT")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_update(
            meeting=meeting,
            by=people["chair"],
            day=meeting.date + timedelta(days=1),
            start_time=time(9, 0),
            end_time=time(10, 30),
            place="KS-salen",
            expected_version=Meeting.objects.get(pk=meeting.pk).version,
        )
    assert len(mail.outbox) == 2 and all(m.subject.startswith("Ändrad kallelse") for m in mail.outbox)
    ics = next(c for n, c, _ in mail.outbox[0].attachments if n.endswith(".ics"))
    event = next(c for c in Calendar.from_ical(ics).walk() if c.name == "VEVENT")
    assert event["uid"] == first["uid"] and event["sequence"] > first["sequence"]
    assert str(event["location"]) == "KS-salen"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, by=people["chair"], reason="Ordföranden är sjuk")
    assert len(mail.outbox) == 2 and all(m.subject.startswith("Inställt") for m in mail.outbox)
    referred.refresh_from_db()
    assert referred.state == ErrandState.HANSKJUTEN  # back in the queue for another meeting
    # An older round's task, run late, sends nothing.
    assert meeting_notice_send(meeting_id=meeting.pk, notice_round=1) == 0


# -- at the meeting ------------------------------------------------------------------------------------------------


def test_meeting_cannot_be_opened_before_its_start_or_without_kallelse(meeting, people):
    with pytest.raises(ValidationError, match="Skicka kallelsen"):
        meeting_start(meeting=meeting, by=people["chair"])
    meeting_send_notice(meeting=meeting, by=people["chair"])
    with pytest.raises(ValidationError, match="kan öppnas först när det börjar"):
        meeting_start(meeting=meeting, by=people["chair"])
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.KALLAT


def test_decision_before_the_meeting_starts_is_refused_and_changes_nothing(meeting, people, referred):
    meeting_add_errands(meeting=meeting, errands=[referred], by=people["chair"])
    with pytest.raises(ValidationError, match="först när mötet har öppnats"):
        agenda_item_decide(meeting=meeting, errand_id=referred.pk, text="Ja", by=people["chair"])
    # Even a meeting marked pågår is not recorded on before its start time (the 1 December case).
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.PAGAR)
    with pytest.raises(ValidationError, match="först när mötet har öppnats"):
        agenda_item_decide(meeting=meeting, errand_id=referred.pk, text="Ja", by=people["chair"])
    with pytest.raises(ValidationError):
        agenda_item_table(meeting=meeting, errand_id=referred.pk, reason="Nej", by=people["chair"])
    assert not Decision.objects.exists()
    assert Errand.objects.get(pk=referred.pk).state == ErrandState.PA_DAGORDNING


def test_paragraphs_run_continuously_per_group_and_year(people, org, extern_group, intern_group):
    day = {"start_time": time(0, 0), "end_time": time(23, 59)}
    first = meeting_plan(group=extern_group, dates=[timezone.localdate()], by=people["chair"], **day)[0]
    first = start_meeting(first, people["chair"])
    numbers = list(first.items.order_by("order").values_list("paragraph", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    late = agenda_item_add(meeting=first, by=people["chair"], title="Extra punkt")
    assert late.paragraph == 7
    # The first meeting was earlier this year (test set-up), so the next can be held today.
    today = timezone.localdate()
    Meeting.objects.filter(pk=first.pk).update(date=today.replace(month=6 if today.month != 6 else 1, day=15))
    second = meeting_plan(
        group=extern_group, dates=[timezone.localdate() + timedelta(days=1)], by=people["chair"], **day
    )[0]
    second = start_meeting(second, people["chair"])  # moved to today by the helper, same year
    assert list(second.items.order_by("order").values_list("paragraph", flat=True)) == [8, 9, 10, 11, 12, 13]
    other = meeting_plan(group=intern_group, dates=[timezone.localdate()], by=people["chair_other_group"], **day)[0]
    other = start_meeting(other, people["chair_other_group"])
    assert other.items.order_by("order").first().paragraph == 1  # another group counts its own


def test_the_database_refuses_a_second_paragraph_number_in_a_group_year(open_meeting, people, extern_group):
    item = open_meeting.items.order_by("order").first()
    clash = AgendaItem(
        meeting=open_meeting,
        order=99,
        title="Samtidig registrering",
        paragraph=item.paragraph,
        paragraph_group=extern_group,
        paragraph_year=item.paragraph_year,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()


def test_attendance_justerare_and_outcomes_are_recorded_only_while_on(open_meeting, people, org, extern_group):
    rows = {a.person_id: a.presence for a in Attendance.objects.filter(meeting=open_meeting)}
    assert rows == {people["member"].pk: Presence.NARVARANDE, people["chair"].pk: Presence.NARVARANDE}
    attendance_record(meeting=open_meeting, presences={people["member"].pk: Presence.FRANVARANDE}, by=people["chair"])
    with pytest.raises(ValidationError, match="inte närvarande"):
        meeting_elect_adjusters(meeting=open_meeting, people=[people["member"]], by=people["chair"])
    attendance_record(meeting=open_meeting, presences={people["member"].pk: Presence.ERSATTARE}, by=people["chair"])
    meeting_elect_adjusters(meeting=open_meeting, people=[people["member"]], by=people["chair"])
    opening = open_meeting.items.get(kind=AgendaKind.OPENING)
    assert "Till justerare valdes" in opening.minutes and opening.outcome == ItemOutcome.NOTED
    free = agenda_item_add(meeting=open_meeting, by=people["chair"], title="Information om e-arkivet")
    agenda_item_note(meeting=open_meeting, item_id=free.pk, minutes="Arkivarien informerade.", by=people["chair"])
    with pytest.raises(ValidationError, match="redan behandlad"):
        agenda_item_note(meeting=open_meeting, item_id=free.pk, minutes="Igen", by=people["chair"])
    errand = _referred(people, org, extern_group, "Ska återremitteras")
    meeting_add_errands(meeting=open_meeting, errands=[errand], by=people["chair"])
    item = open_meeting.items.get(errand=errand)
    with pytest.raises(ValidationError):
        agenda_item_remit(meeting=open_meeting, item_id=item.pk, reason=" ", by=people["chair"])
    agenda_item_remit(meeting=open_meeting, item_id=item.pk, reason="Kostnaden saknas", by=people["chair"])
    errand.refresh_from_db()
    assert errand.state == ErrandState.UNDER_BEREDNING and errand.sent_back_count == 1
    meeting = _closed(open_meeting, people)
    with pytest.raises(ValidationError, match="först när mötet har öppnats"):
        attendance_record(meeting=meeting, presences={people["member"].pk: Presence.NARVARANDE}, by=people["chair"])


def test_close_needs_justerare(open_meeting, people):
    with pytest.raises(ValidationError, match="Välj justerare"):
        meeting_close(meeting=open_meeting, by=people["chair"])
    assert Meeting.objects.get(pk=open_meeting.pk).state == MeetingState.PAGAR


# -- digital justering ---------------------------------------------------------------------------------------------


def test_justering_by_chair_and_justerare_locks_and_makes_one_pdf(
    meeting, people, referred, org, extern_group, media_root, django_capture_on_commit_callbacks
):
    tabled = _referred(people, org, extern_group, "Bordläggs")
    meeting = start_meeting(meeting, people["chair"], errands=[referred, tabled])
    agenda_item_decide(meeting=meeting, errand_id=referred.pk, text="Styrgruppen godkänner.", by=people["chair"])
    agenda_item_table(meeting=meeting, errand_id=tabled.pk, reason="Underlag saknas", by=people["chair"])
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _closed(meeting, people)
    assert meeting.state == MeetingState.AVSLUTAT and meeting.justering_deadline
    assert {m.to[0] for m in mail.outbox if m.subject.startswith("Protokoll att justera")} == {
        people["member"].email,
        people["chair"].email,
    }
    with pytest.raises(ValidationError, match="Bara ordföranden och de valda justerarna"):
        meeting_justera(meeting=meeting, by=people["beredning"])
    with pytest.raises(ValidationError, match="Bara ordföranden och de valda justerarna"):
        meeting_justera(meeting=meeting, by=people["chair_other_group"])
    meeting_justera(meeting=meeting, by=people["member"])
    with pytest.raises(ValidationError, match="det görs bara en gång"):
        meeting_justera(meeting=meeting, by=people["member"])
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.AVSLUTAT
    with django_capture_on_commit_callbacks(execute=True):
        meeting_justera(meeting=meeting, by=people["chair"])
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.JUSTERAT and meeting.protocol_pdf
    text = _pdf_text(meeting.protocol_pdf.path)
    for expected in (
        "Närvarande",
        "Justering",
        people["member"].get_full_name(),
        people["chair"].get_full_name(),
        "Styrgruppen godkänner.",
        "Underlag saknas",
        "Stadshuset",
        f"{meeting.start_time:%H:%M}",
    ):
        assert expected in text, expected
    for item in meeting.items.all():
        assert f"§ {item.paragraph} " in text
    assert len(list((media_root / "protocols").iterdir())) == 1
    with pytest.raises(ValidationError):
        agenda_item_add(meeting=meeting, by=people["chair"], title="För sent")


def test_justering_after_the_window_is_refused_until_the_chair_extends_it(open_meeting, people):
    meeting = _closed(open_meeting, people)
    Meeting.objects.filter(pk=meeting.pk).update(justering_deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="Tiden för justering gick ut"):
        meeting_justera(meeting=meeting, by=people["member"])
    with pytest.raises(PermissionDenied):
        meeting_set_justering_deadline(meeting=meeting, deadline=timezone.localdate(), by=people["member"])
    meeting_set_justering_deadline(meeting=meeting, deadline=timezone.localdate(), by=people["chair"])
    assert meeting_justera(meeting=meeting, by=people["member"]).confirmed_at


def test_justering_before_the_meeting_is_closed_is_refused(open_meeting, people):
    meeting_elect_adjusters(meeting=open_meeting, people=[people["member"]], by=people["chair"])
    with pytest.raises(ValidationError, match="först när mötet är avslutat"):
        meeting_justera(meeting=open_meeting, by=people["member"])


# -- the agenda ------------------------------------------------------------------------------------------------------


def test_agenda_items_are_reordered_removed_and_added_until_the_meeting_starts(meeting, people, referred):
    meeting_add_errands(meeting=meeting, errands=[referred], by=people["chair"])
    free = agenda_item_add(meeting=meeting, by=people["chair"], title="Nytt intranät", presenter="Kommunikation")
    titles = lambda: list(meeting.items.order_by("order").values_list("title", flat=True))  # noqa: E731
    assert titles().index("Nytt intranät") == titles().index(referred.title) + 1
    agenda_item_move(meeting=meeting, item_id=free.pk, direction="up", by=people["chair"])
    assert titles().index("Nytt intranät") == titles().index(referred.title) - 1
    opening = meeting.items.get(kind=AgendaKind.OPENING)
    second = meeting.items.order_by("order")[1]
    agenda_item_move(meeting=meeting, item_id=second.pk, direction="up", by=people["chair"])
    assert meeting.items.order_by("order").first() == opening  # §1 stays first
    with pytest.raises(ValidationError, match="ska alltid finnas med"):
        agenda_item_remove(meeting=meeting, item_id=opening.pk, by=people["chair"])
    errand_item = meeting.items.get(errand=referred)
    agenda_item_remove(meeting=meeting, item_id=errand_item.pk, by=people["chair"])
    assert Errand.objects.get(pk=referred.pk).state == ErrandState.HANSKJUTEN
    agenda_item_remove(meeting=meeting, item_id=errand_item.pk, by=people["chair"])  # again: a no-op
    meeting = start_meeting(meeting, people["chair"])
    with pytest.raises(ValidationError, match="innan mötet börjar"):
        agenda_item_move(meeting=meeting, item_id=free.pk, direction="down", by=people["chair"])
    with pytest.raises(ValidationError, match="innan mötet börjar"):
        agenda_item_remove(meeting=meeting, item_id=free.pk, by=people["chair"])


def test_after_the_agenda_deadline_only_the_chair_adds_items(meeting, people):
    agenda_item_add(meeting=meeting, by=people["member"], title="Från ledamoten")
    agenda_item_add(meeting=meeting, by=people["beredning"], title="Från beredningen")
    Meeting.objects.filter(pk=meeting.pk).update(agenda_deadline=timezone.localdate() - timedelta(days=1))
    meeting.refresh_from_db()
    with pytest.raises(PermissionDenied):
        agenda_item_add(meeting=meeting, by=people["member"], title="För sent")
    with pytest.raises(PermissionDenied):
        agenda_item_add(meeting=meeting, by=people["chair_other_group"], title="Fel grupp")
    agenda_item_add(meeting=meeting, by=people["chair"], title="Ordföranden får")
    assert meeting.items.filter(kind=AgendaKind.FREE).count() == 3


def test_refer_straight_from_inkommen_accepts_on_the_way(errand, people, extern_group):
    errand_transition(errand=errand, action=ErrandAction.REFER, by=people["beredning"], group=extern_group)
    errand.refresh_from_db()
    assert errand.state == ErrandState.HANSKJUTEN
    assert list(errand.transitions.values_list("action", flat=True)) == [
        ErrandAction.SUBMIT,
        ErrandAction.ACCEPT,
        ErrandAction.REFER,
    ]


# -- beslutsuppföljning ----------------------------------------------------------------------------------------------


def test_follow_ups_reach_the_owner_once_and_the_standing_item(open_meeting, people, referred):
    meeting_add_errands(meeting=open_meeting, errands=[referred], by=people["chair"])
    decision = agenda_item_decide(meeting=open_meeting, errand_id=referred.pk, text="Ja", by=people["chair"])
    owner = people["manager"]
    with pytest.raises(ValidationError):
        followup_create(decision=decision, what=" ", owner=owner, due_date=None, by=people["chair"])
    with pytest.raises(PermissionDenied):
        followup_create(decision=decision, what="X", owner=owner, due_date=timezone.localdate(), by=people["member"])
    soon = followup_create(
        decision=decision, what="Ta fram en plan", owner=owner, due_date=timezone.localdate() + timedelta(days=3),
        by=people["chair"],
    )  # fmt: skip
    later = followup_create(
        decision=decision, what="Utvärdera", owner=owner, due_date=timezone.localdate() + timedelta(days=60),
        by=people["chair"],
    )  # fmt: skip
    assert list(open_followups_for(owner)) == [soon, later]
    assert list(follow_up_open_for_group(group=open_meeting.steering_group)) == [soon, later]
    assert followup_reminders_task.delay().get() == 1
    assert followup_reminders_task.delay().get() == 0  # idempotent: one mail per person per uppdrag
    reminders = OutgoingMail.objects.filter(subject__startswith="Påminnelse")
    assert [(m.to, "Ta fram en plan" in m.body) for m in reminders] == [([owner.email], True)]
    with pytest.raises(PermissionDenied):
        followup_update(follow_up=soon, status="klar", comment="", by=people["member"])
    followup_update(follow_up=soon, status="klar", comment="Planen är klar.", by=owner, expected_version=1)
    assert followup_update(follow_up=soon, status="klar", comment="Planen är klar.", by=owner) is None
    assert list(open_followups_for(owner)) == [later]
    assert FollowUp.objects.get(pk=soon.pk).history.first().history_user == owner


def test_open_followups_for_anonymous_is_empty(db):
    from django.contrib.auth.models import AnonymousUser

    assert list(open_followups_for(AnonymousUser())) == []


def test_reminders_reach_people_without_e_mail_in_the_portal_only(open_meeting, people, referred):
    meeting_add_errands(meeting=open_meeting, errands=[referred], by=people["chair"])
    decision = agenda_item_decide(meeting=open_meeting, errand_id=referred.pk, text="Ja", by=people["chair"])
    silent = user_with_role(Role.READER, username="utan-post")
    silent.email = ""
    silent.save()
    item = followup_create(decision=decision, what="X", owner=silent, due_date=timezone.localdate(), by=people["chair"])
    assert followup_send_reminders() == 1
    notice = Notice.objects.get(key=f"followup:{item.pk}:due:{item.due_date:%Y%m%d}")
    assert notice.recipient == silent and not OutgoingMail.objects.filter(key=f"notice:{notice.pk}").exists()
