"""Every write to ärenden, meetings and decisions. States change only through errand_transition."""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vudig.core.concurrency import bump_version, check_version
from vudig.core.files import check_upload
from vudig.core.outbox import outbox_enqueue
from vudig.core.pdf import render_to_pdf
from vudig.core.rules import can, require
from vudig.core.workflow import IllegalTransition, check_transition
from vudig.core.write import tracked_save

from . import notices
from .constants import (
    ACTIONS,
    AGENDA_OPEN_STATES,
    CLOSED_STATES,
    MEETING_TRANSITIONS,
    SENT_BACK_ACTIONS,
    STANDING_KINDS_AFTER,
    STANDING_KINDS_BEFORE,
    TRANSITIONS,
    AgendaKind,
    DecisionKind,
    ErrandAction,
    ErrandState,
    FollowUpStatus,
    ItemOutcome,
    MeetingState,
    Presence,
    SignerRole,
)
from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    Errand,
    ErrandTransition,
    FollowUp,
    Meeting,
    ProtocolSigner,
    SteeringGroup,
)
from .rules import errand_action_permission
from .selectors import meeting_agenda_context, meeting_protocol_context
from .tasks import meeting_notice_task, meeting_protocol_task

# Days the chair and justerare have to justera, unless the chair sets another last day when closing.
JUSTERING_DAYS = 7

# These need a meeting: they are taken through the meeting services below, never from the ärende page.
MEETING_ACTIONS = frozenset(
    {ErrandAction.SCHEDULE, ErrandAction.TABLE, ErrandAction.DECIDE, ErrandAction.REMIT, ErrandAction.UNSCHEDULE}
)


def _may(by, action: str, errand: Errand) -> bool:
    return can(by, errand_action_permission(action), errand)


def errand_available_actions(*, errand: Errand, user) -> list[str]:
    """The actions (outside meetings) this person may take on the ärende in its current state."""
    return [
        action
        for action, rule in ACTIONS.items()
        if action not in MEETING_ACTIONS and errand.state in rule.sources and _may(user, action, errand)
    ]


@transaction.atomic
def attachment_add(*, errand: Errand, upload, by) -> Attachment:
    """Check a file by its content and store it under a generated name outside the web root."""
    require(by, "errand.view", errand)
    checked = check_upload(upload)
    attachment = Attachment(
        errand=errand,
        original_name=checked.display_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )
    upload.seek(0)
    attachment.file.save(f"upload{checked.extension}", upload, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def errand_submit(
    *,
    by,
    title: str,
    description: str,
    organisation,
    topic: str,
    urgency: int,
    wanted_by: date | None = None,
    forum=None,
    measures=(),
    projects=(),
    upload=None,
) -> Errand:
    """A person sends a question to the beredning; it starts as inkommen."""
    require(by, "errand.submit")
    errand = Errand(
        title=(title or "").strip(),
        description=(description or "").strip(),
        organisation=organisation,
        topic=topic,
        urgency=urgency,
        wanted_by=wanted_by,
        forum=forum,
        submitted_by=by,
    )
    tracked_save(errand, by=by, reason=_("Inskickat"))
    errand.measures.set(measures)
    errand.projects.set(projects)
    ErrandTransition.objects.create(
        errand=errand, action=ErrandAction.SUBMIT, from_state="", to_state=errand.state, by=by
    )
    if upload is not None:
        attachment_add(errand=errand, upload=upload, by=by)
    notices.errand_received(errand)
    return errand


@transaction.atomic
def errand_transition(
    *,
    errand: Errand,
    action: str,
    by,
    reason: str = "",
    group: SteeringGroup | None = None,
    expected_version: int | None = None,
) -> ErrandTransition | None:
    """The one place an ärende changes state. Returns None when the request repeats the current state (a retry)."""
    rule = ACTIONS.get(action)
    if rule is None:
        raise ValidationError(_("Okänd åtgärd."), code="unknown_action")
    if action == ErrandAction.REFER and group is not None:
        state = Errand.objects.filter(pk=errand.pk).values_list("state", flat=True).first()
        if state == ErrandState.INKOMMEN:  # referred straight from inkommen: accepted on the way, in the log too
            errand_transition(errand=errand, action=ErrandAction.ACCEPT, by=by, expected_version=expected_version)
            expected_version = None
    errand = Errand.objects.select_for_update().get(pk=errand.pk)
    reason = (reason or "").strip()
    # The one rule for repeats: the same request again (double click, retried form) is a silent no-op that writes
    # nothing, decided before the version; anything else from a stale page is refused with the newer state. Who may
    # act depends on where the ärende is, so the right is asked once the action is known to be legal here.
    already_there = errand.state not in rule.sources and errand.state == rule.target and action != ErrandAction.MOVE
    if already_there and (expected_version is None or _last_transition_is(errand, action=action, reason=reason)):
        return None
    if expected_version is not None:
        check_version(current=errand, expected_version=expected_version)
    if already_there:
        return None  # asked for again from the current page: the ärende is already there
    if errand.state not in rule.sources:
        labels = dict(ErrandState.choices)
        raise IllegalTransition(
            _("”%(action)s” går inte när ärendet är ”%(state)s”.")
            % {"action": ErrandAction(action).label, "state": labels.get(errand.state, errand.state)},
            code="illegal_transition",
        )
    if rule.target != errand.state:
        check_transition(transitions=TRANSITIONS, current=errand.state, target=rule.target, labels=ErrandState.choices)
    require(by, errand_action_permission(action), errand)
    if rule.reason_required and not reason:
        raise ValidationError({"reason": _("Skriv en motivering.")}, code="reason_required")
    from_group_id = errand.steering_group_id
    if rule.needs_group:
        if group is None:
            raise ValidationError({"group": _("Välj en styrgrupp.")}, code="group_required")
        if action == ErrandAction.MOVE and group.pk == from_group_id:
            raise ValidationError({"group": _("Ärendet ligger redan hos den styrgruppen.")}, code="same_group")
        errand.steering_group = group
    from_state = errand.state
    errand.state = rule.target
    if action == ErrandAction.MOVE:
        errand.moved_count += 1
    if action in SENT_BACK_ACTIONS:
        errand.sent_back_count += 1
    if action == ErrandAction.TABLE:
        errand.tabled_count += 1
    errand.closed_at = timezone.now() if rule.target in CLOSED_STATES else None
    bump_version(errand)
    label = ErrandAction(action).label
    tracked_save(
        errand,
        by=by,
        reason=f"{label}: {reason}" if reason else str(label),
        update_fields=[
            "state",
            "steering_group",
            "moved_count",
            "sent_back_count",
            "tabled_count",
            "closed_at",
            "version",
            "updated_at",
        ],
    )
    record = ErrandTransition.objects.create(
        errand=errand,
        action=action,
        from_state=from_state,
        to_state=rule.target,
        from_group_id=from_group_id,
        to_group=errand.steering_group,
        by=by,
        reason=reason,
    )
    errand_notify(transition=record)
    return record


@transaction.atomic
def errand_set_proposal(*, errand: Errand, text: str, by, expected_version: int | None = None) -> Errand | None:
    """The beredning's förslag till beslut, shown to the chair on the agenda; the same text again is a no-op."""
    current = Errand.objects.select_for_update().get(pk=errand.pk)
    require(by, "errand.triage", current)
    text = (text or "").strip()
    if current.proposed_decision == text:
        return None
    if expected_version is not None:
        check_version(current=current, expected_version=expected_version)
    if current.state in CLOSED_STATES or current.state == ErrandState.BESLUTAD:
        raise ValidationError(_("Ärendet är redan avgjort."), code="decided")
    current.proposed_decision = text
    bump_version(current)
    tracked_save(
        current, by=by, reason=_("Förslag till beslut"), update_fields=["proposed_decision", "version", "updated_at"]
    )
    return current


def _last_transition_is(errand: Errand, *, action: str, reason: str) -> bool:
    """Was the ärende's latest transition this very request (same action, same motivation)?"""
    return errand.transitions.order_by("-pk").values_list("action", "reason").first() == (action, reason)


# -- notices ---------------------------------------------------------------------------------------------------

# Told only when the meeting's protocol is justerat (see _meeting_justerat), not when the chair records it.
DEFERRED_NOTIFY = frozenset({ErrandAction.DECIDE})


def errand_notify(*, transition: ErrandTransition, deferred: bool = False) -> int:
    """The notice a transition causes (steeringgroups.notices), once per transition and person (keyed)."""
    if (transition.action in DEFERRED_NOTIFY) != deferred:
        return 0
    decision = None
    if transition.action == ErrandAction.DECIDE:
        decision = transition.errand.decisions.order_by("-pk").first()
    return notices.errand_step(transition, decision=decision)


# -- meetings ----------------------------------------------------------------------------------------------------

MEETING_LABELS = MeetingState.choices


def _meeting_to(meeting: Meeting, target: str, *, by, reason: str, fields: list[str]) -> None:
    """The one place a meeting changes state (the transitions map is in constants)."""
    check_transition(transitions=MEETING_TRANSITIONS, current=meeting.state, target=target, labels=MEETING_LABELS)
    meeting.state = target
    bump_version(meeting)
    tracked_save(meeting, by=by, reason=reason, update_fields=["state", "version", *fields])


def _standing_items(meeting: Meeting) -> None:
    kinds = [*STANDING_KINDS_BEFORE, *STANDING_KINDS_AFTER]
    for order, kind in enumerate(kinds, start=1):
        AgendaItem.objects.create(meeting=meeting, order=order, kind=kind, title=str(AgendaKind(kind).label))


def _check_times(start_time, end_time) -> None:
    if start_time and end_time and end_time <= start_time:
        raise ValidationError({"end_time": _("Mötet måste sluta efter att det börjar.")}, code="bad_times")


@transaction.atomic
def meeting_plan(
    *,
    group: SteeringGroup,
    dates: list[date],
    place: str = "",
    by,
    start_time: time | None = None,
    end_time: time | None = None,
    link: str = "",
    agenda_deadline_days: int | None = None,
) -> list[Meeting]:
    """Plan a group's meetings (e.g. the year's dates); each gets the standing agenda items."""
    require(by, "group.decide", group)
    today = timezone.localdate()
    errors = []
    existing = set(Meeting.objects.filter(steering_group=group, date__in=dates).values_list("date", flat=True))
    for day in dates:
        if day < today:
            errors.append(_("%(date)s har redan passerat.") % {"date": day.isoformat()})
        elif day in existing:
            errors.append(_("Det finns redan ett möte %(date)s.") % {"date": day.isoformat()})
    if not dates:
        errors.append(_("Ange minst ett datum."))
    if errors:
        raise ValidationError({"dates": errors})
    _check_times(start_time, end_time)
    meetings = []
    for day in sorted(set(dates)):
        meeting = Meeting(steering_group=group, date=day, place=place.strip(), link=(link or "").strip())
        if start_time:
            meeting.start_time = start_time
        if end_time:
            meeting.end_time = end_time
        if agenda_deadline_days is not None:
            meeting.agenda_deadline = day - timedelta(days=agenda_deadline_days)
        meeting.full_clean(exclude=["protocol_pdf"])
        tracked_save(meeting, by=by, reason=_("Mötet planerat"))
        _standing_items(meeting)
        _notice_planned(meeting)
        meetings.append(meeting)
    return meetings


def _notice_planned(meeting: Meeting) -> None:
    """The date is set (or moved before the kallelse): the members get it with an .ics for their calendars.

    The key holds the meeting's version and time: a move is a new event, an unchanged save none.
    """
    notices.meeting_kallelse(
        meeting,
        kind="planned",
        key=f"meeting:{meeting.pk}:planned:{meeting.version}:{notices.meeting_when(meeting)}",
        attachments=[_ics_attachment(meeting)],
    )


def _ics_attachment(meeting: Meeting) -> tuple[str, bytes, str]:
    return (f"mote-{meeting.date:%Y-%m-%d}.ics", meeting_ics(meeting=meeting), "text/calendar")


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _lock_open_meeting(meeting: Meeting) -> Meeting:
    meeting = _lock_meeting(meeting)
    if meeting.is_frozen:
        raise ValidationError(_("Protokollet är justerat och kan inte ändras."), code="frozen")
    if meeting.state == MeetingState.INSTALLT:
        raise ValidationError(_("Mötet är inställt."), code="cancelled")
    return meeting


def _lock_agenda(meeting: Meeting, *, by, right: str = "group.decide") -> Meeting:
    """The meeting, locked, while its agenda may still change (until it starts)."""
    meeting = _lock_open_meeting(meeting)
    require(by, right, meeting)
    if meeting.state not in AGENDA_OPEN_STATES:
        raise ValidationError(
            _("Dagordningen kan bara ändras innan mötet börjar (mötet är ”%(state)s”).")
            % {"state": meeting.get_state_display()},
            code="agenda_closed",
        )
    return meeting


def _lock_recording(meeting: Meeting, *, by) -> Meeting:
    """The meeting, locked, when it is on: decisions, attendance and minutes are recorded only then."""
    require(by, "group.decide", meeting)
    meeting = _lock_open_meeting(meeting)
    if meeting.state != MeetingState.PAGAR or timezone.now() < meeting.starts_at:
        raise ValidationError(
            _(
                "Beslut, närvaro och protokollsanteckningar registreras först när mötet har öppnats "
                "(mötet börjar %(start)s och är nu ”%(state)s”)."
            )
            % {
                "start": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
                "state": meeting.get_state_display(),
            },
            code="not_started",
        )
    return meeting


def _enqueue_notice(meeting: Meeting) -> None:
    # Through the outbox like every task: a broker that is down delays the kallelse, never loses it.
    outbox_enqueue(meeting_notice_task, meeting.pk, meeting.notice_round)


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by,
    day: date,
    start_time: time,
    end_time: time,
    place: str = "",
    link: str = "",
    agenda_deadline: date | None = None,
    adjuncts=None,
    expected_version: int | None = None,
) -> Meeting:
    """Change when and where a meeting is held; once kallat, a move sends everyone an updated kallelse."""
    meeting = _lock_agenda(meeting, by=by)
    if expected_version is not None:
        check_version(current=meeting, expected_version=expected_version)
    errors = {}
    if day < timezone.localdate():
        errors["date"] = _("Datumet har redan passerat.")
    elif Meeting.objects.filter(steering_group_id=meeting.steering_group_id, date=day).exclude(pk=meeting.pk).exists():
        errors["date"] = _("Det finns redan ett möte %(date)s.") % {"date": day.isoformat()}
    if agenda_deadline and agenda_deadline > day:
        errors["agenda_deadline"] = _("Sista dag för punkter måste vara före mötet.")
    if errors:
        raise ValidationError(errors)
    _check_times(start_time, end_time)
    moved = (meeting.date, meeting.start_time, meeting.end_time, meeting.place, meeting.link) != (
        day,
        start_time,
        end_time,
        place.strip(),
        link.strip(),
    )
    meeting.date, meeting.start_time, meeting.end_time = day, start_time, end_time
    meeting.place, meeting.link, meeting.agenda_deadline = place.strip(), link.strip(), agenda_deadline
    fields = ["date", "start_time", "end_time", "place", "link", "agenda_deadline", "version"]
    notify = moved and meeting.state == MeetingState.KALLAT
    if notify:
        meeting.notice_round += 1
        fields.append("notice_round")
    bump_version(meeting)
    meeting.full_clean(exclude=["protocol_pdf"])
    tracked_save(meeting, by=by, reason=_("Mötet flyttat") if moved else _("Mötet ändrat"), update_fields=fields)
    if adjuncts is not None:
        meeting.adjuncts.set(adjuncts)
    if notify:
        _enqueue_notice(meeting)
    elif moved and meeting.state == MeetingState.PLANERAT:
        _notice_planned(meeting)
    return meeting


@transaction.atomic
def meeting_send_notice(*, meeting: Meeting, by) -> Meeting | None:
    """Send the kallelse: members and adjungerade get the agenda as PDF and an .ics (in a task). None if already sent."""
    meeting = _lock_open_meeting(meeting)
    require(by, "group.decide", meeting)
    if meeting.state != MeetingState.PLANERAT:
        if meeting.called_at:
            return None  # a repeated click: the kallelse went out already
        raise ValidationError(_("Kallelse skickas bara för ett planerat möte."), code="not_planned")
    if timezone.now() >= meeting.ends_at:
        raise ValidationError(_("Mötet har redan varit; flytta det innan kallelsen skickas."), code="past")
    meeting.called_at = timezone.now()
    meeting.notice_round += 1
    _meeting_to(meeting, MeetingState.KALLAT, by=by, reason=_("Kallelse skickad"), fields=["called_at", "notice_round"])
    _enqueue_notice(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by, reason: str) -> Meeting | None:
    """Cancel a planned or kallat meeting; its ärenden go back to the queue and those kallade are told."""
    meeting = _lock_open_meeting(meeting) if meeting.state != MeetingState.INSTALLT else None
    if meeting is None:
        return None
    require(by, "group.decide", meeting)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför mötet ställs in.")}, code="reason_required")
    if meeting.state not in AGENDA_OPEN_STATES:
        raise ValidationError(_("Ett möte som har börjat kan inte ställas in."), code="started")
    for item in meeting.items.filter(errand__isnull=False).select_related("errand"):
        errand_transition(errand=item.errand, action=ErrandAction.UNSCHEDULE, by=by, reason=_("Mötet ställdes in"))
    meeting.cancelled_reason = reason
    # Planned or kallat, the members have the date in their calendars (an .ics came with either): all are told.
    meeting.notice_round += 1
    fields = ["cancelled_reason", "notice_round"]
    _meeting_to(meeting, MeetingState.INSTALLT, by=by, reason=_("Mötet inställt: %(r)s") % {"r": reason}, fields=fields)
    _enqueue_notice(meeting)
    return meeting


@transaction.atomic
def meeting_notice_send(*, meeting_id: int, notice_round: int) -> int:
    """One kallelse (or its update, or the cancellation) per person for this round; returns the notices made.

    The key names the round and the meeting's time, so a second run makes nothing and each move a new kallelse.
    """
    meeting = Meeting.objects.select_related("steering_group").filter(pk=meeting_id).first()
    if meeting is None or meeting.notice_round != notice_round:
        return 0  # gone, or a newer round has superseded this one
    if meeting.state == MeetingState.INSTALLT:
        return notices.meeting_kallelse(
            meeting, kind="cancelled", key=f"meeting:{meeting.pk}:cancelled", attachments=[_ics_attachment(meeting)]
        )
    attachments = [
        (f"dagordning-{meeting.date:%Y-%m-%d}.pdf", meeting_agenda_pdf(meeting=meeting), "application/pdf"),
        _ics_attachment(meeting),
    ]
    return notices.meeting_kallelse(
        meeting,
        kind="moved" if notice_round > 1 else "kallelse",
        key=f"meeting:{meeting.pk}:kallelse:{notice_round}:{notices.meeting_when(meeting)}",
        attachments=attachments,
    )


def meeting_ics(*, meeting: Meeting) -> bytes:
    """The meeting as an iCalendar event; the UID stays the same when it moves, SEQUENCE grows with each change."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//VUDIG Piteå kommun//styrgrupper//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if meeting.state == MeetingState.INSTALLT else "REQUEST")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@vudig.pitea.se")
    event.add("summary", _("Möte: %(group)s") % {"group": meeting.steering_group.name})
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("dtstamp", timezone.now())
    event.add("sequence", meeting.version - 1)  # every change of the meeting raises its version
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.link:
        event.add("url", meeting.link)
    event.add("description", settings.VUDIG_BASE_URL.rstrip("/") + meeting.get_absolute_url())
    if meeting.state == MeetingState.INSTALLT:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()


def meeting_agenda_pdf(*, meeting: Meeting) -> bytes:
    """The agenda (kallelse) as PDF: the items in order, with presenter and the beredning's proposals."""
    return render_to_pdf("steeringgroups/pdf/agenda.html", meeting_agenda_context(meeting))


# -- the agenda ----------------------------------------------------------------------------------------------------


def _insert_before_closing(meeting: Meeting, count: int, *, kinds_after=STANDING_KINDS_AFTER) -> int:
    """Make room for ``count`` items before the closing standing items; returns the first free order."""
    items = list(meeting.items.order_by("order", "pk"))
    position = next((i.order for i in items if i.kind in kinds_after), None)
    if position is None:
        return (items[-1].order + 1) if items else 1
    for item in sorted((i for i in items if i.order >= position), key=lambda i: -i.order):
        item.order += count  # highest first so the orders never pass each other
        item.save(update_fields=["order"])
    return position


def _next_paragraph(meeting: Meeting) -> int:
    """The group's next § number this year; the caller holds the group's row lock (see meeting_start)."""
    last = AgendaItem.objects.filter(
        paragraph_group_id=meeting.steering_group_id, paragraph_year=meeting.date.year
    ).aggregate(m=Max("paragraph"))["m"]
    return (last or 0) + 1


def _number(meeting: Meeting, items) -> None:
    """Give items the next § numbers of the group's year, under the group's row lock (concurrent meetings queue)."""
    SteeringGroup.objects.select_for_update().filter(pk=meeting.steering_group_id).first()
    number = _next_paragraph(meeting)
    for item in items:
        item.paragraph, item.paragraph_group_id, item.paragraph_year = (
            number,
            meeting.steering_group_id,
            meeting.date.year,
        )
        item.save(update_fields=["paragraph", "paragraph_group", "paragraph_year"])
        number += 1


@transaction.atomic
def meeting_add_errands(*, meeting: Meeting, errands, by) -> list[AgendaItem]:
    """Put ärenden from the group's queue on the agenda, after the ones already there (before the closing items)."""
    meeting = _lock_open_meeting(meeting)
    require(by, "meeting.add_item", meeting)
    if meeting.state not in AGENDA_OPEN_STATES | {MeetingState.PAGAR}:
        raise ValidationError(_("Mötet är avslutat; inga punkter kan läggas till."), code="agenda_closed")
    if meeting.state == MeetingState.PAGAR:
        require(by, "group.decide", meeting)
    errands = list(Errand.objects.select_for_update().filter(pk__in=[e.pk for e in errands]).order_by("urgency", "pk"))
    if not errands:
        raise ValidationError(_("Välj minst ett ärende."), code="empty")
    for errand in errands:
        if errand.steering_group_id != meeting.steering_group_id:
            raise ValidationError(_("%(ref)s hör inte till den här styrgruppen.") % {"ref": errand.reference})
        if errand.state not in ACTIONS[ErrandAction.SCHEDULE].sources:
            raise ValidationError(
                _("%(ref)s kan inte sättas på dagordningen när det är ”%(state)s”.")
                % {"ref": errand.reference, "state": errand.get_state_display()}
            )
    insert_at = _insert_before_closing(meeting, len(errands))
    items = []
    for offset, errand in enumerate(errands):
        errand_transition(errand=errand, action=ErrandAction.SCHEDULE, by=by, reason=str(meeting))
        items.append(
            AgendaItem.objects.create(
                meeting=meeting, order=insert_at + offset, kind=AgendaKind.ERRAND, title=errand.title, errand=errand
            )
        )
    if meeting.state == MeetingState.PAGAR:
        _number(meeting, items)
    return items


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, by, title: str, presenter: str = "") -> AgendaItem:
    """A free item (or one under övriga frågor); after the agenda deadline and during the meeting only the chair."""
    meeting = _lock_open_meeting(meeting)
    require(by, "meeting.add_item", meeting)
    if meeting.state not in AGENDA_OPEN_STATES | {MeetingState.PAGAR}:
        raise ValidationError(_("Mötet är avslutat; inga punkter kan läggas till."), code="agenda_closed")
    if meeting.state == MeetingState.PAGAR:
        require(by, "group.decide", meeting)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Skriv vad punkten gäller.")}, code="title_required")
    order = _insert_before_closing(meeting, 1)
    item = AgendaItem(meeting=meeting, order=order, kind=AgendaKind.FREE, title=title, presenter=presenter.strip())
    item.full_clean(exclude=["meeting"])
    tracked_save(item, by=by, reason=_("Punkten lades till"))
    if meeting.state == MeetingState.PAGAR:
        _number(meeting, [item])
    return item


@transaction.atomic
def meeting_add_status_reports(*, meeting: Meeting, by) -> list[AgendaItem]:
    """The group's frame projects' latest published lägesrapporter as information items (each report once)."""
    meeting = _lock_agenda(meeting, by=by, right="meeting.add_item")
    from projects.models import FrameProject

    already = set(meeting.items.exclude(status_report=None).values_list("status_report_id", flat=True))
    reports = []
    for project in FrameProject.objects.filter(steering_group_id=meeting.steering_group_id).order_by("name"):
        latest = project.status_reports.published().order_by("-period_end", "-pk").first()
        if latest and latest.pk not in already:
            reports.append(latest)
    if not reports:
        return []
    order = _insert_before_closing(meeting, len(reports))
    items = []
    for offset, report in enumerate(reports):
        title = _("Lägesrapport: %(project)s (%(end)s)") % {"project": report.project.name, "end": report.period_end}
        item = AgendaItem(
            meeting=meeting, order=order + offset, kind=AgendaKind.STATUS_REPORT, title=title, status_report=report
        )
        tracked_save(item, by=by, reason=_("Lägesrapporten lades till som information"))
        items.append(item)
    return items


def _agenda_item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = meeting.items.select_related("errand").filter(pk=item_id).first()
    if item is None:
        raise ValidationError(_("Punkten finns inte på mötets dagordning."), code="not_on_agenda")
    return item


@transaction.atomic
def agenda_item_move(*, meeting: Meeting, item_id: int, direction: str, by) -> AgendaItem:
    """Move an item one step up or down; §1 (öppnande) stays first. Until the meeting starts."""
    meeting = _lock_agenda(meeting, by=by)
    items = list(meeting.items.order_by("order", "pk"))
    index = next((i for i, item in enumerate(items) if item.pk == item_id), None)
    if index is None:
        raise ValidationError(_("Punkten finns inte på mötets dagordning."), code="not_on_agenda")
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(items) or AgendaKind.OPENING in (items[index].kind, items[other].kind):
        return items[index]  # already at the end it was moved towards: nothing to do
    first, second = items[index], items[other]
    first.order, second.order = second.order, first.order
    for item in (first, second):
        tracked_save(item, by=by, reason=_("Dagordningen ändrad"), update_fields=["order"])
    return first


@transaction.atomic
def agenda_item_remove(*, meeting: Meeting, item_id: int, by) -> None:
    """Take an item off the agenda before the meeting starts; an ärende goes back to the group's queue."""
    meeting = _lock_agenda(meeting, by=by)
    item = meeting.items.filter(pk=item_id).select_related("errand").first()
    if item is None:
        return  # already removed (a repeated click)
    if item.kind == AgendaKind.OPENING:
        raise ValidationError(_("Mötets öppnande och val av justerare ska alltid finnas med."), code="required_item")
    if item.errand_id:
        errand_transition(errand=item.errand, action=ErrandAction.UNSCHEDULE, by=by, reason=str(meeting))
    item._history_user = by
    item.delete()


@transaction.atomic
def agenda_item_set_presenter(*, meeting: Meeting, item_id: int, presenter: str, by) -> AgendaItem:
    """Who presents an item (föredragande)."""
    meeting = _lock_open_meeting(meeting)
    require(by, "group.decide", meeting)
    item = _agenda_item(meeting, item_id)
    item.presenter = (presenter or "").strip()[:200]
    tracked_save(item, by=by, reason=_("Föredragande ändrad"), update_fields=["presenter"])
    return item


# -- at the meeting ------------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_start(*, meeting: Meeting, by) -> Meeting | None:
    """Open the meeting at (or after) its start time; the agenda's items get the group's next § numbers."""
    require(by, "group.decide", meeting)
    meeting = _lock_open_meeting(meeting)
    if meeting.state == MeetingState.PAGAR:
        return None
    if meeting.state == MeetingState.PLANERAT:
        raise ValidationError(_("Skicka kallelsen innan mötet öppnas."), code="not_called")
    now = timezone.now()
    if now < meeting.starts_at:
        raise ValidationError(
            _("Mötet kan öppnas först när det börjar, %(start)s.")
            % {"start": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")},
            code="too_early",
        )
    meeting.started_at = now
    _meeting_to(meeting, MeetingState.PAGAR, by=by, reason=_("Mötet öppnat"), fields=["started_at"])
    _number(meeting, list(meeting.items.order_by("order", "pk")))
    people = {p.pk: p for p in notices.group_people(meeting.steering_group_id)}
    adjuncts = set(meeting.adjuncts.values_list("pk", flat=True))
    for person in [*people.values(), *meeting.adjuncts.exclude(pk__in=people)]:
        presence = Presence.ADJUNGERAD if person.pk in adjuncts and person.pk not in people else Presence.NARVARANDE
        Attendance.objects.get_or_create(meeting=meeting, person=person, defaults={"presence": presence})
    return meeting


@transaction.atomic
def attendance_record(*, meeting: Meeting, presences: dict[int, str], by) -> int:
    """Record who is present, absent, adjungerad or ersättare; returns how many rows changed."""
    meeting = _lock_recording(meeting, by=by)
    rows = {a.person_id: a for a in meeting.attendance.select_for_update()}
    changed = 0
    for person_id, presence in presences.items():
        if presence not in Presence.values:
            raise ValidationError(_("Okänd närvaro."), code="bad_presence")
        row = rows.get(person_id)
        if row is None:
            raise ValidationError(_("Personen finns inte på närvarolistan."), code="not_listed")
        if row.presence != presence:
            row.presence = presence
            tracked_save(row, by=by, reason=_("Närvaro registrerad"), update_fields=["presence"])
            changed += 1
    return changed


@transaction.atomic
def attendance_add(*, meeting: Meeting, person, presence: str, by) -> Attendance:
    """Add someone to the attendance list (an ersättare or a guest adjungerad for the meeting)."""
    meeting = _lock_recording(meeting, by=by)
    if presence not in Presence.values:
        raise ValidationError({"presence": _("Okänd närvaro.")}, code="bad_presence")
    row, created = Attendance.objects.get_or_create(meeting=meeting, person=person, defaults={"presence": presence})
    if not created and row.presence != presence:
        row.presence = presence
        tracked_save(row, by=by, reason=_("Närvaro registrerad"), update_fields=["presence"])
    return row


PRESENT = frozenset({Presence.NARVARANDE, Presence.ADJUNGERAD, Presence.ERSATTARE})


@transaction.atomic
def meeting_elect_adjusters(*, meeting: Meeting, people, by) -> list[ProtocolSigner]:
    """§1: the meeting elects one or two justerare among those present (the chair signs as ordförande)."""
    meeting = _lock_recording(meeting, by=by)
    people = list(people)
    if not 1 <= len(people) <= 2:
        raise ValidationError({"adjusters": _("Välj en eller två justerare.")}, code="adjuster_count")
    present = set(meeting.attendance.filter(presence__in=PRESENT).values_list("person_id", flat=True))
    absent = [p for p in people if p.pk not in present]
    if absent:
        raise ValidationError(
            {
                "adjusters": _("%(name)s är inte närvarande.")
                % {"name": absent[0].get_full_name() or absent[0].username}
            },
            code="not_present",
        )
    if any(p.pk == by.pk for p in people):
        raise ValidationError({"adjusters": _("Ordföranden justerar redan och väljs inte som justerare.")})
    meeting.signers.filter(role=SignerRole.JUSTERARE).exclude(person__in=people).delete()
    signers = [
        ProtocolSigner.objects.get_or_create(meeting=meeting, person=p, defaults={"role": SignerRole.JUSTERARE})[0]
        for p in people
    ]
    opening = meeting.items.filter(kind=AgendaKind.OPENING).first()
    if opening is not None:
        names = _(" och ").join(p.get_full_name() or p.username for p in people)
        opening.outcome = ItemOutcome.NOTED
        opening.minutes = _("Ordföranden öppnade mötet. Till justerare valdes %(names)s.") % {"names": names}
        tracked_save(opening, by=by, reason=_("Justerare valda"), update_fields=["outcome", "minutes"])
    return signers


def _pending_item(meeting: Meeting, item: AgendaItem) -> AgendaItem:
    if item.outcome != ItemOutcome.PENDING:
        raise ValidationError(_("Punkten är redan behandlad."), code="already_handled")
    return item


def _agenda_item_for(meeting: Meeting, errand_id) -> AgendaItem:
    item = meeting.items.select_related("errand").filter(errand_id=errand_id).first()
    if item is None:
        raise ValidationError(_("Ärendet finns inte på mötets dagordning."), code="not_on_agenda")
    return _pending_item(meeting, item)


@transaction.atomic
def agenda_item_decide(
    *,
    meeting: Meeting,
    text: str,
    by,
    errand_id: int | None = None,
    item_id: int | None = None,
    follow_up_owner: str = "",
    follow_up_date: date | None = None,
    minutes: str = "",
    project=None,
) -> Decision:
    """The chair records the group's beslut on an item (an ärende or a free item) while the meeting is on.

    ``project``: the group's frame project the decision concerns (e.g. that it enters genomförande; the project's
    gate then cites this decision).
    """
    meeting = _lock_recording(meeting, by=by)
    item = _agenda_item_for(meeting, errand_id) if errand_id else _pending_item(meeting, _agenda_item(meeting, item_id))
    if not (text or "").strip():
        raise ValidationError({"text": _("Skriv beslutet.")})
    if project is not None and project.steering_group_id != meeting.steering_group_id:
        raise ValidationError({"project": _("Ramprojektet hör till en annan styrgrupp.")}, code="other_group")
    decision = Decision(
        kind=DecisionKind.MOTE,
        agenda_item=item,
        errand=item.errand,
        meeting=meeting,
        steering_group=meeting.steering_group,
        paragraph=item.paragraph,
        text=text.strip(),
        follow_up_owner=(follow_up_owner or "").strip(),
        follow_up_date=follow_up_date,
        decided_on=meeting.date,
        decided_by=by,
    )
    if project is not None:
        decision.project, decision.measure_id = project, project.measure_id
    elif item.errand_id:
        decision.project = item.errand.projects.first()
        decision.measure = item.errand.measures.first()
    decision.full_clean()
    tracked_save(decision, by=by, reason=_("Beslut registrerat"))
    item.outcome = ItemOutcome.DECIDED
    item.minutes = (minutes or "").strip() or item.minutes
    tracked_save(item, by=by, reason=_("Beslut registrerat"), update_fields=["outcome", "minutes"])
    if item.errand_id:
        errand_transition(errand=item.errand, action=ErrandAction.DECIDE, by=by, reason=decision.text)
    return decision


@transaction.atomic
def agenda_item_table(
    *, meeting: Meeting, reason: str, by, errand_id: int | None = None, item_id: int | None = None
) -> AgendaItem:
    """The chair tables (bordlägger) an item; an ärende goes back to the group's queue."""
    meeting = _lock_recording(meeting, by=by)
    item = _agenda_item_for(meeting, errand_id) if errand_id else _pending_item(meeting, _agenda_item(meeting, item_id))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför punkten bordläggs.")}, code="reason_required")
    if item.errand_id:
        errand_transition(errand=item.errand, action=ErrandAction.TABLE, by=by, reason=reason)
    item.outcome = ItemOutcome.TABLED
    item.notes = reason
    tracked_save(item, by=by, reason=_("Bordlagt"), update_fields=["outcome", "notes"])
    return item


@transaction.atomic
def agenda_item_remit(*, meeting: Meeting, item_id: int, reason: str, by) -> AgendaItem:
    """Återremiss: the ärende goes back to the beredning for more preparation."""
    meeting = _lock_recording(meeting, by=by)
    item = _pending_item(meeting, _agenda_item(meeting, item_id))
    if not item.errand_id:
        raise ValidationError(_("Bara ett ärende kan återremitteras."), code="not_errand")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför ärendet återremitteras.")}, code="reason_required")
    errand_transition(errand=item.errand, action=ErrandAction.REMIT, by=by, reason=reason)
    item.outcome = ItemOutcome.REMITTED
    item.notes = reason
    tracked_save(item, by=by, reason=_("Återremitterat"), update_fields=["outcome", "notes"])
    return item


@transaction.atomic
def agenda_item_note(*, meeting: Meeting, item_id: int, minutes: str, by) -> AgendaItem:
    """Information noterad: the item's minutes are kept in the protocol, no decision is taken."""
    meeting = _lock_recording(meeting, by=by)
    item = _pending_item(meeting, _agenda_item(meeting, item_id))
    if item.errand_id:
        raise ValidationError(_("Ett ärende besluta, bordläggs eller återremitteras."), code="errand_needs_outcome")
    item.outcome = ItemOutcome.NOTED
    item.minutes = (minutes or "").strip()
    tracked_save(item, by=by, reason=_("Information noterad"), update_fields=["outcome", "minutes"])
    return item


@transaction.atomic
def agenda_item_minutes(*, meeting: Meeting, item_id: int, minutes: str, by) -> AgendaItem:
    """Write or correct an item's minutes while the meeting is on."""
    meeting = _lock_recording(meeting, by=by)
    item = _agenda_item(meeting, item_id)
    item.minutes = (minutes or "").strip()
    tracked_save(item, by=by, reason=_("Protokollsanteckning"), update_fields=["minutes"])
    return item


@transaction.atomic
def meeting_close(*, meeting: Meeting, by, justering_deadline: date | None = None) -> Meeting | None:
    """Close the meeting: every ärende has an outcome, justerare are elected; the protocol goes to be justerat."""
    require(by, "group.decide", meeting)
    meeting = _lock_open_meeting(meeting)
    if meeting.state == MeetingState.AVSLUTAT:
        return None
    if meeting.state != MeetingState.PAGAR:
        raise ValidationError(_("Bara ett pågående möte kan avslutas."), code="not_started")
    pending = meeting.items.filter(errand__isnull=False, outcome=ItemOutcome.PENDING).count()
    if pending:
        raise ValidationError(
            ngettext(
                "%(n)s ärende på dagordningen saknar utfall. Besluta, bordlägg eller återremittera det först.",
                "%(n)s ärenden på dagordningen saknar utfall. Besluta, bordlägg eller återremittera dem först.",
                pending,
            )
            % {"n": pending},
            code="pending_items",
        )
    if not meeting.signers.filter(role=SignerRole.JUSTERARE).exists():
        raise ValidationError(_("Välj justerare under § 1 innan mötet avslutas."), code="no_adjusters")
    today = timezone.localdate()
    deadline = justering_deadline or today + timedelta(days=JUSTERING_DAYS)
    if deadline < today:
        raise ValidationError({"justering_deadline": _("Sista dag för justering har redan passerat.")})
    ProtocolSigner.objects.filter(meeting=meeting, role=SignerRole.ORDFORANDE).exclude(person=by).delete()
    ProtocolSigner.objects.get_or_create(meeting=meeting, person=by, defaults={"role": SignerRole.ORDFORANDE})
    meeting.closed_at, meeting.closed_by, meeting.justering_deadline = timezone.now(), by, deadline
    _meeting_to(
        meeting,
        MeetingState.AVSLUTAT,
        by=by,
        reason=_("Mötet avslutat"),
        fields=["closed_at", "closed_by", "justering_deadline"],
    )
    notices.protocol_justering(meeting)
    return meeting


@transaction.atomic
def meeting_set_justering_deadline(*, meeting: Meeting, deadline: date, by) -> Meeting:
    """The chair sets (or extends) the window for justering."""
    require(by, "group.decide", meeting)
    meeting = _lock_open_meeting(meeting)
    if meeting.state != MeetingState.AVSLUTAT:
        raise ValidationError(_("Tiden för justering sätts när mötet är avslutat."), code="not_closed")
    if deadline < timezone.localdate():
        raise ValidationError({"justering_deadline": _("Sista dag för justering har redan passerat.")})
    meeting.justering_deadline = deadline
    bump_version(meeting)
    tracked_save(meeting, by=by, reason=_("Tid för justering ändrad"), update_fields=["justering_deadline", "version"])
    return meeting


@transaction.atomic
def meeting_justera(*, meeting: Meeting, by) -> ProtocolSigner:
    """One of the chair and the elected justerare confirms the protocol; when all have, it is locked and its PDF made."""
    meeting = _lock_meeting(meeting)
    signer = meeting.signers.select_for_update().filter(person_id=by.pk).first()
    if signer is None or not can(by, "meeting.justera", signer):
        raise ValidationError(_("Bara ordföranden och de valda justerarna kan justera protokollet."), code="not_signer")
    if signer.confirmed_at is not None:
        raise ValidationError(
            _("Du justerade protokollet %(at)s; det görs bara en gång.")
            % {"at": timezone.localtime(signer.confirmed_at).strftime("%Y-%m-%d %H:%M")},
            code="already_confirmed",
        )
    if meeting.state != MeetingState.AVSLUTAT:
        raise ValidationError(_("Protokollet kan justeras först när mötet är avslutat."), code="not_closed")
    if meeting.justering_deadline and timezone.localdate() > meeting.justering_deadline:
        raise ValidationError(
            _("Tiden för justering gick ut %(date)s. Ordföranden kan förlänga den.")
            % {"date": meeting.justering_deadline.isoformat()},
            code="deadline_passed",
        )
    signer.confirmed_at = timezone.now()
    tracked_save(signer, by=by, reason=_("Jag justerar protokollet"), update_fields=["confirmed_at"])
    if not meeting.signers.filter(confirmed_at__isnull=True).exists():
        _meeting_justerat(meeting, by=by)
    return signer


def _meeting_justerat(meeting: Meeting, *, by) -> None:
    """All have confirmed: lock the protocol, make its PDF/A in the task, tell the members and the submitters of
    decided ärenden."""
    meeting.frozen_at = timezone.now()
    meeting.frozen_by = by
    _meeting_to(
        meeting, MeetingState.JUSTERAT, by=by, reason=_("Protokollet justerat"), fields=["frozen_at", "frozen_by"]
    )
    # The "beslutat" e-mails wait for the justerat protocol: a decision is final only then.
    decided = ErrandTransition.objects.filter(
        action=ErrandAction.DECIDE, errand__agenda_items__meeting=meeting
    ).select_related("errand", "errand__submitted_by")
    for transition in decided:
        errand_notify(transition=transition, deferred=True)
    notices.protocol_justerat(meeting)

    outbox_enqueue(meeting_protocol_task, meeting.pk)


def meeting_protocol_pdf(*, meeting: Meeting) -> bytes:
    """The protocol of a frozen meeting as PDF bytes: the one rendering used by the task and render_report."""

    return render_to_pdf("steeringgroups/pdf/protocol.html", meeting_protocol_context(meeting))


@transaction.atomic
def meeting_protocol_generate(*, meeting_id: int) -> bool:
    """Render the frozen protocol to PDF once and store it under MEDIA_ROOT; returns whether this call made it."""
    meeting = Meeting.objects.select_for_update().filter(pk=meeting_id).first()
    if meeting is None or not meeting.is_frozen:
        return False
    if meeting.protocol_pdf and meeting.protocol_pdf.storage.exists(meeting.protocol_pdf.name):
        return False
    pdf = meeting_protocol_pdf(meeting=meeting)
    meeting.protocol_pdf.save(f"protokoll-{meeting.pk}-{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    meeting.save(update_fields=["protocol_pdf"])
    return True


# -- beslutsuppföljning ----------------------------------------------------------------------------------------------

# How many days before its due date the owner of an uppdrag is reminded.
FOLLOW_UP_REMINDER_DAYS = 7


@transaction.atomic
def followup_create(*, decision: Decision, what: str, owner, due_date: date | None, by) -> FollowUp:
    """Give a decision an uppdrag (what, who, by when); the group's chair does so."""
    require(by, "group.decide", decision)
    errors = {}
    if not (what or "").strip():
        errors["what"] = _("Skriv vad uppdraget gäller.")
    if owner is None:
        errors["owner"] = _("Välj vem som ansvarar.")
    if due_date is None:
        errors["due_date"] = _("Ange när uppdraget ska vara klart.")
    if errors:
        raise ValidationError(errors)
    follow_up = FollowUp(decision=decision, what=what.strip(), owner=owner, due_date=due_date)
    follow_up.full_clean()
    tracked_save(follow_up, by=by, reason=_("Uppdraget gavs"))
    notices.followup_step(follow_up, "followup_assigned")
    return follow_up


@transaction.atomic
def followup_update(
    *, follow_up: FollowUp, status: str, comment: str, by, expected_version: int | None = None
) -> FollowUp | None:
    """The owner (or the chair) reports how an uppdrag goes; the same report again is a no-op."""
    current = FollowUp.objects.select_for_update(of=("self",)).select_related("decision").get(pk=follow_up.pk)
    require(by, "followup.update", current)
    comment = (comment or "").strip()
    if (current.status, current.comment) == (status, comment):
        return None
    if expected_version is not None:
        check_version(current=current, expected_version=expected_version)
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": _("Okänd status.")}, code="bad_status")
    current.status, current.comment = status, comment
    bump_version(current)
    tracked_save(
        current,
        by=by,
        reason=_("Uppdraget: %(status)s") % {"status": FollowUpStatus(status).label},
        update_fields=["status", "comment", "version"],
    )
    return current


def followup_send_reminders(*, today: date | None = None) -> int:
    """The daily run: one reminder per open uppdrag due within FOLLOW_UP_REMINDER_DAYS (marked reminded_at), and one
    notice per open uppdrag past its date; keyed on the uppdrag and its due date. Returns the notices made."""
    today = today or timezone.localdate()
    due = FollowUp.objects.open().filter(
        due_date__gte=today, due_date__lte=today + timedelta(days=FOLLOW_UP_REMINDER_DAYS), reminded_at__isnull=True
    )
    count = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            item = _locked_followup(pk).filter(reminded_at__isnull=True).first()
            if item is None:
                continue
            count += notices.followup_step(item, "followup_due")
            item.reminded_at = timezone.now()
            item.save(update_fields=["reminded_at"])
    for pk in FollowUp.objects.open().filter(due_date__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            item = _locked_followup(pk).first()
            if item is not None:
                count += notices.followup_step(item, "followup_overdue")
    return count


def _locked_followup(pk: int):
    return FollowUp.objects.select_for_update(of=("self",)).select_related("owner", "decision").filter(pk=pk)


# -- decisions outside meetings ----------------------------------------------------------------------------------------


def _meeting_on(group_id: int, day: date) -> Meeting | None:
    return Meeting.objects.filter(steering_group_id=group_id, date=day).exclude(state=MeetingState.INSTALLT).first()


@transaction.atomic
def gate_decision_record(*, project, text: str, decided_on: date, by) -> Decision:
    """The project's steering group decided that it enters genomförande: recorded in the register (for the project).

    Called by projects.services.project_move_phase (which has checked project.decide_gate, text and date) when the
    gate is recorded with a written decision instead of citing one already in the register.
    """
    require(by, "project.decide_gate", project)
    decision = Decision(
        kind=DecisionKind.GATE,
        steering_group_id=project.steering_group_id,
        meeting=_meeting_on(project.steering_group_id, decided_on),
        project=project,
        measure_id=project.measure_id,
        text=text.strip(),
        decided_on=decided_on,
        decided_by=by,
    )
    decision.full_clean(exclude=["agenda_item"])
    tracked_save(decision, by=by, reason=_("Beslut om genomförande registrerat från projektet"))
    return decision


# Who decides on the plan, and the right the person recording it needs: KLG approves (recorded by the process
# leader, who takes the plan to KLG), kommunchef decides (recorded by kommunchef).
PLAN_DECIDERS = {"KLG": "plan.approve", "Kommunchef": "plan.decide"}


@transaction.atomic
def plan_decision_record(*, plan, body: str, dnr: str, text: str, decided_on: date | None, by) -> Decision:
    """A decision on the plan (KLG's approval, kommunchef's beslut), with its dnr, in the one register."""
    if body not in PLAN_DECIDERS:
        raise ValidationError({"decided_body": _("Välj KLG eller kommunchef.")}, code="bad_body")
    require(by, PLAN_DECIDERS[body], plan)
    errors = {}
    if not (dnr or "").strip():
        errors["dnr"] = _("Ange diarienumret.")
    if not (text or "").strip():
        errors["text"] = _("Skriv beslutet.")
    if decided_on is None:
        errors["decided_on"] = _("Ange beslutsdatum.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("Beslutsdatum kan inte ligga i framtiden.")
    if errors:
        raise ValidationError(errors)
    existing = Decision.objects.filter(
        kind=DecisionKind.PLAN, plan=plan, decided_body=body.strip(), dnr=(dnr or "").strip(), decided_on=decided_on
    ).first()
    if existing is not None:
        return existing  # the same decision again (a retry): recorded once
    decision = Decision(
        kind=DecisionKind.PLAN,
        plan=plan,
        decided_body=body.strip(),
        dnr=(dnr or "").strip(),
        text=text.strip(),
        decided_on=decided_on,
        decided_by=by,
    )
    decision.full_clean(exclude=["agenda_item"])
    tracked_save(decision, by=by, reason=_("Beslut om planen registrerat"))
    return decision
