"""Every workflow step of ärenden, meetings and uppdrag gives one notice per person (and one e-mail by preference),
run twice; the kallelse's key follows the meeting's time; a notice about what a person may no longer see is hidden."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from steeringgroups import notices
from steeringgroups.constants import ErrandAction
from steeringgroups.models import ErrandTransition, Meeting
from steeringgroups.services import (
    agenda_item_decide,
    agenda_item_table,
    errand_notify,
    errand_transition,
    followup_create,
    followup_send_reminders,
    meeting_add_errands,
    meeting_cancel,
    meeting_close,
    meeting_elect_adjusters,
    meeting_justera,
    meeting_notice_send,
    meeting_plan,
    meeting_send_notice,
    meeting_update,
)
from tests.factories import user_with_role
from tests.notice_steps import assert_once, notices_for, shown_to
from vudig.core.constants import Role
from vudig.core.models import Notice, OutgoingMail

from .conftest import submit


def _transition(errand, action):
    return ErrandTransition.objects.filter(errand=errand, action=action).latest("pk")


def _ics(key, person):
    notice = notices_for(key).get(recipient=person)
    mail = OutgoingMail.objects.get(key=f"notice:{notice.pk}")
    files = {f["filename"]: f for f in mail.attachments}
    import base64

    ics = next(base64.b64decode(f["content"]) for name, f in files.items() if name.endswith(".ics"))
    return files, next(c for c in Calendar.from_ical(ics).walk() if c.name == "VEVENT")


# -- ärenden ------------------------------------------------------------------------------------------------------


def test_a_new_errand_tells_the_beredning_once(errand, people):
    key = f"errand:{errand.pk}:received"
    assert notices.errand_received(errand) == 0  # the step again: nothing new
    assert_once(
        key,
        [people["beredning"]],
        subject=f"{errand.reference} {errand.title}: nytt ärende till beredningen",
        url=errand.get_absolute_url(),
    )


def test_komplettering_and_the_answer_each_tell_once(errand, people):
    ask = {"errand": errand, "action": ErrandAction.REQUEST_INFO, "by": people["beredning"], "reason": "Vem?"}
    record = errand_transition(**ask)
    assert errand_transition(**ask) is None and errand_notify(transition=record) == 0
    found = assert_once(
        f"errand:{errand.pk}:request_info:{record.pk}",
        [people["manager"]],
        subject=f"{errand.reference} {errand.title}: komplettering begärd",
        url=errand.get_absolute_url(),
    )
    assert "Vem?" in OutgoingMail.objects.get(key=f"notice:{found[0].pk}").body

    answer = {"errand": errand, "action": ErrandAction.ANSWER, "by": people["manager"], "reason": "Leverantören X."}
    record = errand_transition(**answer)
    assert errand_transition(**answer) is None and errand_notify(transition=record) == 0
    assert_once(
        f"errand:{errand.pk}:answer:{record.pk}",
        [people["beredning"]],
        subject=f"{errand.reference} {errand.title}: kompletterat",
    )


def test_referral_tells_the_groups_chair_and_members_and_the_submitter(referred, people, extern_group):
    record = _transition(referred, ErrandAction.REFER)
    again = {"errand": referred, "action": ErrandAction.REFER, "by": people["beredning"], "group": extern_group}
    assert errand_transition(**again) is None and errand_notify(transition=record) == 0
    assert_once(
        f"errand:{referred.pk}:refer:{record.pk}",
        [people["manager"], people["member"], people["chair"]],
        subject=f"{referred.reference} {referred.title}: lämnat över till styrgruppen",
        url=referred.get_absolute_url(),
    )


def test_a_notice_is_hidden_once_the_person_may_no_longer_see_the_errand(referred, people, intern_group):
    """Moved to another group, the old group's members no longer read the ärende: its notice is not shown."""
    errand_transition(
        errand=referred, action=ErrandAction.MOVE, by=people["beredning"], reason="Hör dit", group=intern_group
    )
    member = people["member"]
    assert notices_for(f"errand:{referred.pk}:refer:{_transition(referred, ErrandAction.REFER).pk}").filter(
        recipient=member
    )
    assert shown_to(member) == []
    assert [n.key for n in shown_to(people["chair_other_group"])] == [
        f"errand:{referred.pk}:move:{_transition(referred, ErrandAction.MOVE).pk}"
    ]


def test_tabling_and_deciding_tell_the_submitter(referred, people, org, extern_group, open_meeting):
    second = submit(people, org, title="Bordläggs")
    errand_transition(errand=second, action=ErrandAction.REFER, by=people["beredning"], group=extern_group)
    meeting_add_errands(meeting=open_meeting, errands=[referred, second], by=people["chair"])
    table = {"meeting": open_meeting, "errand_id": second.pk, "reason": "Underlag saknas", "by": people["chair"]}
    agenda_item_table(**table)
    with pytest.raises(ValidationError):
        agenda_item_table(**table)  # the step again is refused, and tells nobody
    tabled = _transition(second, ErrandAction.TABLE)
    assert errand_notify(transition=tabled) == 0
    assert_once(f"errand:{second.pk}:table:{tabled.pk}", [people["manager"]], mailed=False)  # digest by default

    agenda_item_decide(meeting=open_meeting, errand_id=referred.pk, text="Godkänt.", by=people["chair"])
    decided = _transition(referred, ErrandAction.DECIDE)
    key = f"errand:{referred.pk}:decide:{decided.pk}"
    assert not notices_for(key).exists()  # told only when the protocol is justerat
    meeting_elect_adjusters(meeting=open_meeting, people=[people["member"]], by=people["chair"])
    meeting_close(meeting=open_meeting, by=people["chair"])
    meeting_justera(meeting=open_meeting, by=people["member"])
    meeting_justera(meeting=open_meeting, by=people["chair"])
    assert errand_notify(transition=decided, deferred=True) == 0
    found = assert_once(
        key,
        [people["manager"]],
        subject=f"{referred.reference} {referred.title}: beslutat",
        url=referred.get_absolute_url(),
    )
    assert "Godkänt." in OutgoingMail.objects.get(key=f"notice:{found[0].pk}").body


# -- meetings -----------------------------------------------------------------------------------------------------


def _update(meeting, people, **changes):
    meeting = Meeting.objects.get(pk=meeting.pk)
    values = {
        "day": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "place": meeting.place,
        "link": meeting.link,
        "agenda_deadline": meeting.agenda_deadline,
    }
    values.update(changes)
    return meeting_update(meeting=meeting, by=people["chair"], expected_version=meeting.version, **values)


def test_a_planned_meeting_comes_with_an_ics_and_a_move_gives_a_new_one(people, extern_group):
    adjunct = user_with_role(Role.READER, username="adjungerad")
    day = timezone.localdate() + timedelta(days=10)
    meeting = meeting_plan(group=extern_group, dates=[day], place="Stadshuset", by=people["chair"])[0]
    members = [people["member"], people["chair"]]
    first = f"meeting:{meeting.pk}:planned:1:{day:%Y%m%d}T1300-1500"
    assert_once(
        first,
        members,
        subject=f"Planerat möte: {extern_group.name} {day:%Y-%m-%d} 13:00",
        url=meeting.get_absolute_url(),
    )
    files, event = _ics(first, people["member"])
    assert set(files) == {f"mote-{day:%Y-%m-%d}.ics"}
    assert event.decoded("dtstart") == meeting.starts_at and str(event["location"]) == "Stadshuset"

    _update(meeting, people)  # saved unchanged: no new notice
    _update(meeting, people, agenda_deadline=day - timedelta(days=3), adjuncts=[adjunct])  # not a move either
    assert not [n.key for n in notices_for_meeting(meeting) if n.key != first]

    _update(meeting, people, start_time=time(9, 0), end_time=time(10, 0))
    _update(meeting, people, start_time=time(9, 0), end_time=time(10, 0))  # the same move twice
    moved = [n.key for n in notices_for_meeting(meeting) if n.key != first]
    assert len(set(moved)) == 1 and moved[0].endswith(f":{day:%Y%m%d}T0900-1000")
    assert_once(moved[0], [*members, adjunct])
    _files, later = _ics(moved[0], people["member"])
    assert later["uid"] == event["uid"] and later["sequence"] > event["sequence"]


def notices_for_meeting(meeting):
    return Notice.objects.filter(key__startswith=f"meeting:{meeting.pk}:")


def test_the_kallelse_moved_and_cancelled_each_tell_once(meeting, people, referred, django_capture_on_commit_callbacks):
    meeting_add_errands(meeting=meeting, errands=[referred], by=people["chair"])
    with django_capture_on_commit_callbacks(execute=True):
        meeting_send_notice(meeting=meeting, by=people["chair"])
    meeting.refresh_from_db()
    assert meeting_notice_send(meeting_id=meeting.pk, notice_round=meeting.notice_round) == 0  # the task again
    members = [people["member"], people["chair"]]
    key = f"meeting:{meeting.pk}:kallelse:1:{meeting.date:%Y%m%d}T1300-1500"
    assert_once(key, members, subject=f"Kallelse: {meeting.steering_group.name} {meeting.date:%Y-%m-%d} 13:00")
    files, _event = _ics(key, people["chair"])
    assert set(files) == {f"dagordning-{meeting.date:%Y-%m-%d}.pdf", f"mote-{meeting.date:%Y-%m-%d}.ics"}

    before = notices_for_meeting(meeting).count()
    with django_capture_on_commit_callbacks(execute=True):
        _update(meeting, people)  # saved unchanged: no new kallelse
    assert notices_for_meeting(meeting).count() == before
    with django_capture_on_commit_callbacks(execute=True):
        _update(meeting, people, day=meeting.date + timedelta(days=1))
    meeting.refresh_from_db()
    assert meeting_notice_send(meeting_id=meeting.pk, notice_round=meeting.notice_round) == 0
    moved = f"meeting:{meeting.pk}:kallelse:2:{meeting.date:%Y%m%d}T1300-1500"
    assert_once(moved, members, subject=f"Ändrad kallelse: {meeting.steering_group.name} {meeting.date:%Y-%m-%d} 13:00")

    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, by=people["chair"], reason="Ordföranden är sjuk")
    assert meeting_cancel(meeting=Meeting.objects.get(pk=meeting.pk), by=people["chair"], reason="Igen") is None
    found = assert_once(f"meeting:{meeting.pk}:cancelled", members)
    body = OutgoingMail.objects.get(key=f"notice:{found[0].pk}").body
    assert "är inställt" in body and "Ordföranden är sjuk" in body
    _files, event = _ics(f"meeting:{meeting.pk}:cancelled", people["member"])
    assert str(event["status"]) == "CANCELLED"


def test_justering_then_justerat_tell_the_signers_then_the_members(open_meeting, people, referred):
    meeting_add_errands(meeting=open_meeting, errands=[referred], by=people["chair"])
    agenda_item_decide(meeting=open_meeting, errand_id=referred.pk, text="Ja.", by=people["chair"])
    meeting_elect_adjusters(meeting=open_meeting, people=[people["member"]], by=people["chair"])
    meeting_close(meeting=open_meeting, by=people["chair"])
    assert meeting_close(meeting=open_meeting, by=people["chair"]) is None
    assert notices.protocol_justering(open_meeting) == 0
    assert_once(
        f"meeting:{open_meeting.pk}:justering",
        [people["member"], people["chair"]],
        subject=f"Protokoll att justera: {open_meeting}",
        url=open_meeting.get_absolute_url(),
    )
    meeting_justera(meeting=open_meeting, by=people["member"])
    assert not notices_for(f"meeting:{open_meeting.pk}:justerat").exists()  # one justerare is still to come
    meeting_justera(meeting=open_meeting, by=people["chair"])
    assert notices.protocol_justerat(Meeting.objects.get(pk=open_meeting.pk)) == 0
    assert_once(f"meeting:{open_meeting.pk}:justerat", [people["member"], people["chair"]], mailed=False)


# -- uppdrag ------------------------------------------------------------------------------------------------------


def test_an_uppdrag_tells_its_owner_when_given_when_due_and_when_overdue(open_meeting, people, referred):
    meeting_add_errands(meeting=open_meeting, errands=[referred], by=people["chair"])
    decision = agenda_item_decide(meeting=open_meeting, errand_id=referred.pk, text="Ja", by=people["chair"])
    owner, today = people["manager"], timezone.localdate()
    item = followup_create(
        decision=decision, what="Ta fram en plan", owner=owner, due_date=today + timedelta(days=3), by=people["chair"]
    )
    assert notices.followup_step(item, "followup_assigned") == 0
    url = decision.get_absolute_url() + "#uppdrag-heading"
    assert_once(f"followup:{item.pk}:assigned", [owner], url=url)

    assert followup_send_reminders(today=today) == 1
    assert followup_send_reminders(today=today) == 0
    assert_once(f"followup:{item.pk}:due:{item.due_date:%Y%m%d}", [owner], url=url)

    later = today + timedelta(days=4)
    assert followup_send_reminders(today=later) == 1
    assert followup_send_reminders(today=later) == 0  # the daily run again: one notice per uppdrag and date
    assert followup_send_reminders(today=later + timedelta(days=1)) == 0
    assert_once(
        f"followup:{item.pk}:overdue:{item.due_date:%Y%m%d}",
        [owner],
        subject=f"Försenat uppdrag: skulle vara klart {item.due_date.isoformat()}",
    )


# -- who, in constant queries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 5])
def test_who_is_told_is_found_in_constant_queries(
    extra, referred, meeting, people, extern_group, django_assert_num_queries
):
    for n in range(extra):
        user_with_role(Role.STEERING_MEMBER, steering_group=extern_group, username=f"ledamot-{n}")
        meeting.adjuncts.add(user_with_role(Role.READER, username=f"gast-{n}"))
    errand = type(referred).objects.select_related("submitted_by").get(pk=referred.pk)
    with django_assert_num_queries(1):
        assert len(notices.errand_audience(errand, ("group", "submitter"))) == 3 + extra
    with django_assert_num_queries(2):
        assert len(notices.meeting_people(meeting)) == 2 + 2 * extra
