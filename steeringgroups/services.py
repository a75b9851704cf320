"""Every write to ärenden, meetings and decisions. States change only through errand_transition."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vudig.core.concurrency import bump_version, check_version
from vudig.core.constants import Role
from vudig.core.files import check_upload
from vudig.core.outbox import outbox_enqueue
from vudig.core.pdf import render_to_pdf
from vudig.core.rules import can, require
from vudig.core.services import mail_enqueue
from vudig.core.workflow import IllegalTransition, check_transition
from vudig.core.write import role_holders, tracked_save

from .constants import (
    ACTIONS,
    CLOSED_STATES,
    SENT_BACK_ACTIONS,
    STANDING_ITEMS_AFTER,
    STANDING_ITEMS_BEFORE,
    TRANSITIONS,
    ErrandAction,
    ErrandState,
    ItemOutcome,
    MeetingState,
)
from .models import AgendaItem, Attachment, Decision, Errand, ErrandTransition, Meeting, SteeringGroup
from .rules import errand_action_permission
from .selectors import meeting_protocol_context
from .tasks import meeting_protocol_task

# These need a meeting: they are taken through the meeting services below, never from the ärende page.
MEETING_ACTIONS = frozenset({ErrandAction.SCHEDULE, ErrandAction.TABLE, ErrandAction.DECIDE})


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


def _last_transition_is(errand: Errand, *, action: str, reason: str) -> bool:
    """Was the ärende's latest transition this very request (same action, same motivation)?"""
    return errand.transitions.order_by("-pk").values_list("action", "reason").first() == (action, reason)


# -- notifications ---------------------------------------------------------------------------------------------

NOTIFY = {
    # action -> who hears about it
    ErrandAction.REFER: ("submitter", "group"),
    ErrandAction.MOVE: ("submitter", "group"),
    ErrandAction.REQUEST_INFO: ("submitter",),
    ErrandAction.DECIDE: ("submitter", "group"),
}


def _group_people(group_id: int):
    return role_holders((Role.STEERING_MEMBER, Role.STEERING_CHAIR), steering_group=group_id)


def errand_notify(*, transition: ErrandTransition) -> int:
    """Queue the e-mails a transition causes, once per transition and person (the key makes it idempotent)."""
    audiences = NOTIFY.get(transition.action, ())
    if not audiences:
        return 0
    errand = transition.errand
    recipients = {}
    if "submitter" in audiences and errand.submitted_by.email:
        recipients[errand.submitted_by.pk] = (errand.submitted_by, "submitter")
    if "group" in audiences and errand.steering_group_id:
        for person in _group_people(errand.steering_group_id):
            if person.email and person.pk not in recipients:
                recipients[person.pk] = (person, "group")
    url = settings.VUDIG_BASE_URL.rstrip("/") + reverse("steeringgroups:errand_detail", kwargs={"pk": errand.pk})
    decision = errand.decisions.order_by("-pk").first() if transition.action == ErrandAction.DECIDE else None
    count = 0
    for person, audience in recipients.values():
        context = {"errand": errand, "transition": transition, "person": person, "audience": audience, "url": url}
        context["decision"] = decision
        subject = render_to_string("steeringgroups/email/subject.txt", context).strip()
        body = render_to_string(f"steeringgroups/email/{transition.action}.txt", context)
        mail_enqueue(
            key=f"errand-transition-{transition.pk}-user-{person.pk}", to=[person.email], subject=subject, body=body
        )
        count += 1
    return count


# -- meetings ----------------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_plan(*, group: SteeringGroup, dates: list[date], place: str = "", by) -> list[Meeting]:
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
    meetings = []
    for day in sorted(set(dates)):
        meeting = Meeting(steering_group=group, date=day, place=place.strip())
        tracked_save(meeting, by=by, reason=_("Mötet planerat"))
        titles = [*STANDING_ITEMS_BEFORE, *STANDING_ITEMS_AFTER]
        for order, title in enumerate(titles, start=1):
            AgendaItem.objects.create(meeting=meeting, order=order, title=str(title))
        meetings.append(meeting)
    return meetings


def _lock_open_meeting(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_frozen:
        raise ValidationError(_("Protokollet är justerat och kan inte ändras."), code="frozen")
    return meeting


@transaction.atomic
def meeting_add_errands(*, meeting: Meeting, errands, by) -> list[AgendaItem]:
    """Put ärenden from the group's queue on the agenda, after the opening standing items."""
    require(by, "group.decide", meeting)
    meeting = _lock_open_meeting(meeting)
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
    insert_at = len(STANDING_ITEMS_BEFORE) + 1
    last_errand = meeting.items.filter(errand__isnull=False).aggregate(m=Max("order"))["m"]
    if last_errand:
        insert_at = last_errand + 1
    following = list(meeting.items.filter(order__gte=insert_at).order_by("-order"))
    for item in following:  # make room; highest first so (meeting, order) never collides
        item.order += len(errands)
        item.save(update_fields=["order"])
    items = []
    for offset, errand in enumerate(errands):
        errand_transition(errand=errand, action=ErrandAction.SCHEDULE, by=by, reason=str(meeting))
        items.append(
            AgendaItem.objects.create(meeting=meeting, order=insert_at + offset, title=errand.title, errand=errand)
        )
    return items


def _agenda_item_for(meeting: Meeting, errand_id) -> AgendaItem:
    item = meeting.items.select_related("errand").filter(errand_id=errand_id).first()
    if item is None:
        raise ValidationError(_("Ärendet finns inte på mötets dagordning."), code="not_on_agenda")
    if item.outcome != ItemOutcome.PENDING:
        raise ValidationError(_("Punkten är redan behandlad."), code="already_handled")
    return item


@transaction.atomic
def agenda_item_decide(
    *, meeting: Meeting, errand_id: int, text: str, follow_up_owner: str, follow_up_date: date | None, by
) -> Decision:
    """The chair records the group's beslut on an ärende that is on this meeting's agenda."""
    require(by, "group.decide", meeting)
    meeting = _lock_open_meeting(meeting)
    item = _agenda_item_for(meeting, errand_id)
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Skriv beslutet.")
    if not (follow_up_owner or "").strip():
        errors["follow_up_owner"] = _("Ange vem som ansvarar för uppföljningen.")
    if follow_up_date is None:
        errors["follow_up_date"] = _("Ange när beslutet ska följas upp.")
    if errors:
        raise ValidationError(errors)
    decision = Decision(
        agenda_item=item,
        errand=item.errand,
        meeting=meeting,
        steering_group=meeting.steering_group,
        text=text.strip(),
        follow_up_owner=follow_up_owner.strip(),
        follow_up_date=follow_up_date,
        decided_on=meeting.date,
        decided_by=by,
    )
    decision.full_clean()
    decision._history_user = by
    decision.save()
    item.outcome = ItemOutcome.DECIDED
    item._history_user = by
    item.save(update_fields=["outcome"])
    errand_transition(errand=item.errand, action=ErrandAction.DECIDE, by=by, reason=decision.text)
    return decision


@transaction.atomic
def agenda_item_table(*, meeting: Meeting, errand_id: int, reason: str, by) -> AgendaItem:
    """The chair tables (bordlägger) an ärende: it goes back to the group's queue."""
    require(by, "group.decide", meeting)
    meeting = _lock_open_meeting(meeting)
    item = _agenda_item_for(meeting, errand_id)
    errand_transition(errand=item.errand, action=ErrandAction.TABLE, by=by, reason=reason)
    item.outcome = ItemOutcome.TABLED
    item.notes = reason.strip()
    item._history_user = by
    item.save(update_fields=["outcome", "notes"])
    return item


@transaction.atomic
def meeting_freeze(*, meeting: Meeting, by, expected_version: int | None = None) -> Meeting:
    """Justera the protocol: nothing on the agenda may change afterwards; the PDF is made in a task."""
    require(by, "group.decide", meeting)
    meeting = _lock_open_meeting(meeting)
    if expected_version is not None:
        check_version(current=meeting, expected_version=expected_version)
    pending = meeting.items.filter(errand__isnull=False, outcome=ItemOutcome.PENDING).count()
    if pending:
        raise ValidationError(
            _("%(n)s ärenden på dagordningen saknar beslut. Besluta eller bordlägg dem först.") % {"n": pending},
            code="pending_items",
        )
    meeting.state = MeetingState.JUSTERAT
    meeting.frozen_at = timezone.now()
    meeting.frozen_by = by
    bump_version(meeting)
    meeting._history_user = by
    meeting._change_reason = _("Protokollet justerat")
    meeting.save(update_fields=["state", "frozen_at", "frozen_by", "version"])

    outbox_enqueue(meeting_protocol_task, meeting.pk)
    return meeting


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
