"""The steering groups' part of the start page's "Att göra" (vudig.core.todo): decisions' uppdrag one owns, one's
ärenden waiting for komplettering, the beredning's new, late and answered ärenden, and for a group's chair and
members the queue, the next meeting and the protocols waiting for their justering. Constant queries per provider."""

from __future__ import annotations

from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vudig.core.rules import can, roles_of
from vudig.core.todo import TodoItem, TodoItems, is_overdue, register_provider

from .constants import (
    BEREDNING_STATES,
    GROUP_QUEUE_STATES,
    ErrandAction,
    ErrandState,
    MeetingState,
)
from .models import Errand, ErrandTransition, Meeting, ProtocolSigner
from .selectors import open_followups_for


def decision_uppdrag(user) -> list[TodoItem]:
    """The uppdrag of decisions this person owns that are not done (open_followups_for: one query)."""
    return [
        TodoItem(
            title=follow_up.what,
            detail=str(follow_up.decision),
            # The decision's page holds each uppdrag's status form (the form's own address takes POST only).
            url=reverse("steeringgroups:decision", kwargs={"pk": follow_up.decision_id}) + "#uppdrag-heading",
            kind=_("Uppdrag"),
            due=follow_up.due_date,
            overdue=is_overdue(follow_up.due_date),
        )
        for follow_up in open_followups_for(user)
    ]


def errands_to_complete(user) -> list[TodoItem]:
    """The ärenden this person sent in that wait for their komplettering (one query)."""
    if not roles_of(user).authenticated:
        return []
    return [
        TodoItem(
            title=_("Komplettera %(ref)s %(title)s") % {"ref": errand.reference, "title": errand.title},
            url=errand.get_absolute_url(),  # the ärende's page holds the answer form
            kind=_("Ärende"),
            due=errand.wanted_by,
            overdue=is_overdue(errand.wanted_by),
        )
        for errand in Errand.objects.filter(submitted_by_id=user.pk, state=ErrandState.KOMPLETTERING).order_by(
            "created_at", "pk"
        )
    ]


# The ärende's address for any pk from one reverse(): the beredning's list can hold thousands of ärenden.
_PK_MARK = 987654321


def _errand_url_maker():
    prefix, suffix = reverse("steeringgroups:errand_detail", kwargs={"pk": _PK_MARK}).split(str(_PK_MARK))
    return lambda pk: f"{prefix}{pk}{suffix}"


def beredning_queue(user, limit: int | None = None) -> TodoItems:
    """For the beredning: the count of new ärenden, each ärende past its target days, and each ärende whose
    komplettering has come back (one query of plain rows over the ärenden in beredning, with their latest event).

    With a ``limit``, only the first ``limit`` items in the to-do list's order are built, with the count of all."""
    if not can(user, "errand.triage"):
        return TodoItems()
    latest_action = ErrandTransition.objects.filter(errand=OuterRef("pk")).order_by("-at", "-pk").values("action")[:1]
    rows = (
        Errand.objects.filter(state__in=BEREDNING_STATES)
        .annotate(latest_action=Subquery(latest_action))
        .order_by("created_at", "pk")
        .values_list("pk", "title", "topic", "state", "created_at", "latest_action")
    )
    today = timezone.localdate()
    kind = _("Beredning")
    new_count, new_due = 0, None
    # (overdue, due, pk, title, answered) of each ärende that is an item, in the provider's order; None: the new ones
    entries: list = [None]
    for pk, title, topic, state, created_at, action in rows:
        due = Errand.target_date_for(created_at=created_at, topic=topic)
        if state == ErrandState.INKOMMEN:
            new_count += 1
            new_due = due if new_due is None else min(new_due, due)
        if action == ErrandAction.ANSWER:
            entries.append((due < today, due, pk, title, True))
        elif due < today:
            entries.append((True, due, pk, title, False))
    if new_count:
        entries[0] = (is_overdue(new_due), new_due, None, "", False)
    else:
        entries.pop(0)
    total = len(entries)
    if limit is not None:
        # The to-do list's order (overdue first, then by due date; the sort is stable), cut before any item is made.
        entries = sorted(entries, key=lambda e: (not e[0], e[1]))[:limit]
    answered = _("Kompletteringen har kommit: %(ref)s %(title)s")
    late = _("Över måltiden: %(ref)s %(title)s")
    errand_url = _errand_url_maker()
    items = TodoItems(total=total)
    for overdue, due, pk, title, is_answer in entries:
        if pk is None:
            items.append(
                TodoItem(
                    title=ngettext("%(n)d nytt ärende att ta emot", "%(n)d nya ärenden att ta emot", new_count)
                    % {"n": new_count},
                    url=reverse("steeringgroups:queue"),
                    kind=kind,
                    due=due,
                    overdue=overdue,
                )
            )
            continue
        items.append(
            TodoItem(
                title=(answered if is_answer else late) % {"ref": Errand.reference_of(pk), "title": title},
                url=errand_url(pk),
                kind=kind,
                due=due,
                overdue=overdue,
            )
        )
    return items


def group_work(user) -> list[TodoItem]:
    """For a group's chair and members: the group's queue, the next meeting with its agenda deadline, and the
    protocols waiting for this person's justering (three queries, whatever the number of groups)."""
    r = roles_of(user)
    group_ids = r.member_group_ids | r.chair_group_ids
    if not r.authenticated:
        return []
    items = []
    if group_ids:
        # The chair plans the agenda from the queue; the members prepare for it (both may read it). "New" is what
        # reached the group after its last held meeting (two queries: the last meetings, the queued ärenden).
        last_held = dict(
            Meeting.objects.filter(
                steering_group_id__in=group_ids, state__in=(MeetingState.AVSLUTAT, MeetingState.JUSTERAT)
            )
            .values("steering_group_id")
            .annotate(last=Max("date"))
            .values_list("steering_group_id", "last")
        )
        arrived = (
            ErrandTransition.objects.filter(errand=OuterRef("pk"), to_group=OuterRef("steering_group"))
            .order_by("-at", "-pk")
            .values("at")[:1]
        )
        queues: dict[int, dict] = {}
        for errand in (
            Errand.objects.filter(
                steering_group_id__in=group_ids, state__in=GROUP_QUEUE_STATES | {ErrandState.PA_DAGORDNING}
            )
            .annotate(arrived_at=Subquery(arrived))
            .select_related("steering_group")
            .only("pk", "steering_group__name", "steering_group__slug", "steering_group__order")
            .order_by("steering_group__order", "steering_group_id", "pk")
        ):
            queue = queues.setdefault(errand.steering_group_id, {"group": errand.steering_group, "n": 0, "new": 0})
            queue["n"] += 1
            last = last_held.get(errand.steering_group_id)
            if last is None or (errand.arrived_at and timezone.localdate(errand.arrived_at) > last):
                queue["new"] += 1
        for queue in queues.values():
            group = queue["group"]
            items.append(
                TodoItem(
                    title=ngettext("%(group)s: %(n)d ärende i kön", "%(group)s: %(n)d ärenden i kön", queue["n"])
                    % {"group": group.name, "n": queue["n"]},
                    detail=ngettext("%(n)d nytt sedan senaste mötet", "%(n)d nya sedan senaste mötet", queue["new"])
                    % {"n": queue["new"]},
                    url=reverse("steeringgroups:group_queue", kwargs={"slug": group.slug}),
                    kind=_("Styrgrupp"),
                )
            )
    if group_ids:
        seen = set()
        for meeting in (
            Meeting.objects.upcoming()
            .filter(steering_group_id__in=group_ids, state__in=(MeetingState.PLANERAT, MeetingState.KALLAT))
            .select_related("steering_group")
            .order_by("date", "pk")
        ):
            if meeting.steering_group_id in seen:
                continue
            seen.add(meeting.steering_group_id)
            deadline = meeting.agenda_deadline
            items.append(
                TodoItem(
                    title=_("Nästa möte i %(group)s den %(date)s")
                    % {"group": meeting.steering_group.name, "date": _date(meeting.date)},
                    detail=(_("Sista dag för punkter: %(date)s") % {"date": _date(deadline)}) if deadline else "",
                    url=meeting.get_absolute_url(),
                    kind=_("Möte"),
                    due=deadline or meeting.date,
                )
            )
    for signer in (
        ProtocolSigner.objects.filter(
            person_id=user.pk, confirmed_at__isnull=True, meeting__state=MeetingState.AVSLUTAT
        )
        .select_related("meeting__steering_group")
        .order_by("meeting__date", "pk")
    ):
        meeting = signer.meeting
        items.append(
            TodoItem(
                title=_("Justera protokollet från %(group)s den %(date)s")
                % {"group": meeting.steering_group.name, "date": _date(meeting.date)},
                url=meeting.get_absolute_url(),
                kind=_("Protokoll"),
                due=meeting.justering_deadline,
                overdue=is_overdue(meeting.justering_deadline),
            )
        )
    return items


def _date(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j F Y")


register_provider("steeringgroups.uppdrag", decision_uppdrag)
register_provider("steeringgroups.komplettering", errands_to_complete)
register_provider("steeringgroups.beredning", beredning_queue, limited=True)
register_provider("steeringgroups.group", group_work)
